"""The gateway's disk outbox and the end-to-end confirmation: a broker SIGKILL mid-burst loses nothing.

Mosquitto acknowledges QoS 1 messages it keeps in memory until its next autosave. The crash test
runs a broker whose autosave never comes within the test (``autosave_interval 3600``), so every
message it acknowledged and had not yet delivered is lost when it is killed: a plain publisher shows
the loss, the gateway with its outbox does not.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import pytest

from teplovoda.telemetry import schema
from teplovoda.telemetry.gateway import Gateway, Outbox, OutboxFull
from teplovoda.telemetry.ingest import IngestService, _Watermark
from teplovoda.telemetry.services import Mosquitto

from .conftest import Publisher, make_config, wait_count


# -- the outbox on its own ---------------------------------------------------------------------------
def test_outbox_keeps_readings_across_a_restart_until_confirmed(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3", max_readings=5)
    assert box.add([("pump", "P1", {"running": True}, 1.0), ("tank", "T", {"level_m": 2.5}, 1.0)]) == [1, 2]
    assert box.add([("pump", "P1", {"running": False}, 2.0)]) == [3]
    box.close()
    box = Outbox(tmp_path / "o.sqlite3", max_readings=5)  # a restarted gateway
    assert [r[0] for r in box.pending()] == [1, 2, 3] and box.pending()[1][4] == {"level_m": 2.5}
    assert box.confirm(2) == 2 and box.confirm(1) == 0  # an older confirmation changes nothing
    assert [r[0] for r in box.pending()] == [3] and len(box) == 1
    box.confirm(3)
    assert box.add([("pump", "P1", {"running": True}, 3.0)]) == [4]  # seq is never reused
    with pytest.raises(OutboxFull, match="limit 5"):
        box.add([("pump", "P1", {"running": True}, float(t)) for t in range(5)])
    assert len(box) == 1  # all or nothing
    assert sqlite3.connect(tmp_path / "o.sqlite3").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_outbox_moves_above_a_confirmation_it_never_issued(tmp_path):
    """A replaced gateway (new outbox) on a site ingest already confirmed up to 100."""
    box = Outbox(tmp_path / "o.sqlite3")
    box.add([("pump", "P1", {"running": True}, float(t)) for t in range(3)])
    box.confirm(1)
    box.move_above(100)
    assert [r[0] for r in box.pending()] == [101, 102] and box.last_seq == 102 and box.confirmed == 100
    assert box.add([("pump", "P1", {"running": True}, 9.0)]) == [103]


def test_watermark_never_jumps_a_gap():
    m = _Watermark()
    for s in (1, 2, 4, 5):
        m.add(s)
    assert m.low == 2  # 3 is missing: 4 and 5 are not confirmed yet
    m.add(3)
    assert m.low == 5
    m.raise_to(3)  # an older retained confirmation
    assert m.low == 5
    m.add(7)
    m.raise_to(6)
    assert m.low == 7


# -- a broker SIGKILL in the middle of a burst --------------------------------------------------------
class CrashBroker(Mosquitto):
    """Mosquitto as teplovoda runs it, but with its autosave an hour away: a SIGKILL loses all it holds."""

    def _command(self):
        cmd = super()._command()
        text = self.config_file.read_text()
        assert "autosave_interval 5" in text
        self.config_file.write_text(text.replace("autosave_interval 5", "autosave_interval 3600"))
        return cmd


@pytest.fixture
def crash_broker():
    d = Path(tempfile.mkdtemp(prefix="teplovoda-crash-"))
    broker = CrashBroker(d / "mosquitto").start()
    yield broker
    broker.stop()
    shutil.rmtree(d, ignore_errors=True)


def burst_reading(k: int, t0: float) -> tuple[str, str, dict, float]:
    return ("pump", "P1", {"running": True, "flow_m3_per_h": 100.0 + k % 50}, t0 + k * 0.001)


def test_broker_sigkill_mid_burst_loses_nothing_through_the_outbox(services, crash_broker, tmp_path):
    """3,000 readings from a gateway with an outbox and 3,000 from a plain QoS 1 publisher; ingest is
    down (maintenance) for the middle third, and the broker is killed with SIGKILL mid-burst, while it
    holds the readings it acknowledged for ingest in memory. Every gateway reading is stored exactly
    once (seq 1..3000, no gap, no extra); the plain publisher's acknowledged readings are not."""
    broker, db = crash_broker, services[1]
    cfg = make_config(broker, db, tmp_path, database="crash", client_id="crash-ingest", worker="crash")
    ingest = IngestService(cfg).start()
    gw = Gateway(cfg.mqtt, "crashgw", tmp_path / "gw" / "outbox.sqlite3", resend_after_s=2.0, resend_max_s=8.0).connect()
    plain = Publisher(broker.port, "crash-plain")
    assert gw.connected.wait(10) and plain.connected.wait(10)
    t0 = time.time() - 600
    n, chunk = 3000, 50
    client = cfg.influxdb.client()

    def send(lo: int, hi: int) -> None:
        for k in range(lo, hi, chunk):
            batch = [burst_reading(j, t0) for j in range(k, min(k + chunk, hi))]
            gw.publish_many(batch)
            for kind, asset, values, ts in batch:
                plain.publish(schema.topic_for("crashplain", kind, asset), schema.payload(ts, values))
            time.sleep(0.01)

    try:
        send(0, 1000)
        assert wait_count(client, "SELECT count(seq) FROM pump WHERE site = 'crashgw'", 1000, 30) == 1000
        ingest.stop()  # maintenance: the broker queues for ingest's persistent session, in memory
        send(1000, 1500)
        assert plain.wait_acked(1500) == 1500  # the broker acknowledged them all
        broker.kill()  # SIGKILL mid-burst: no autosave since it started
        sender = threading.Thread(target=send, args=(1500, 2000))  # the burst goes on while the broker is down
        sender.start()
        time.sleep(1.0)
        broker.start()
        sender.join()
        ingest = IngestService(cfg).start()
        send(2000, n)
        deadline = time.time() + 90
        while time.time() < deadline and gw.pending:
            time.sleep(0.2)
        assert gw.pending == 0, f"{gw.pending} readings not confirmed; confirmed up to {gw.outbox.confirmed}"
        assert gw.outbox.confirmed == n
        q = "SELECT count(seq), min(seq), max(seq) FROM pump WHERE site = 'crashgw'"
        assert wait_count(client, "SELECT count(seq) FROM pump WHERE site = 'crashgw'", n, 30) == n
        row = client.rows(q)[0]
        assert (row["count"], row["min"], row["max"]) == (n, 1, n)  # every seq once: no gap, no extra
        assert len({r["seq"] for r in client.rows("SELECT seq FROM pump WHERE site = 'crashgw'")}) == n
        # without the outbox: what the broker acknowledged and held in memory for ingest is gone
        assert plain.wait_acked(n, timeout_s=30) >= n
        plain_stored = wait_count(client, "SELECT count(flow_m3_per_h) FROM pump WHERE site = 'crashplain'", n, 5)
        assert plain_stored < n - 400, plain_stored  # at least the 500 queued while ingest was away, minus in flight
        print(f"plain publisher: {n} acknowledged by the broker, {plain_stored} stored; gateway: {n} of {n}")
    finally:
        ingest.stop()
        gw.close()
        plain.close()


def test_a_restarted_gateway_sends_what_was_not_confirmed(services, tmp_path):
    """Readings kept while no ingest ran (nothing confirmed) go out again from the outbox after the
    gateway's own restart, and ingest's confirmation empties it."""
    broker, db = services
    box = tmp_path / "outbox.sqlite3"
    gw = Gateway(make_config(broker, db, tmp_path).mqtt, "restartgw", box).connect()
    assert gw.connected.wait(10)
    t0 = time.time() - 600
    gw.publish_many([burst_reading(k, t0) for k in range(200)])
    deadline = time.time() + 10
    while time.time() < deadline and gw.acked < 201:  # + its birth message
        time.sleep(0.05)
    gw.close()
    assert Outbox(box).pending()[-1][0] == 200  # acknowledged by the broker, still kept: never confirmed
    # the broker's copy is gone too (a crash before its autosave, as in the test above)
    broker.kill()
    broker.start()
    cfg = make_config(broker, db, tmp_path, database="gwrestart", client_id="gwrestart", worker="gwrestart")
    ingest = IngestService(cfg).start()
    gw = Gateway(cfg.mqtt, "restartgw", box).connect()
    try:
        deadline = time.time() + 30
        while time.time() < deadline and gw.pending:
            time.sleep(0.1)
        assert gw.pending == 0 and gw.outbox.confirmed == 200
        client = cfg.influxdb.client()
        assert wait_count(client, "SELECT count(seq) FROM pump WHERE site = 'restartgw'", 200, 10) == 200
    finally:
        gw.close()
        ingest.stop()
