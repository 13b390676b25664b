"""A credential and an ACL per role (issue 12, failure 4): real Mosquitto and InfluxDB with the accounts ``up`` makes.

Before, one account could do everything: publish any site's readings, read ``$SYS/#``, post fake
alerts and acknowledge them. These tests publish and subscribe as each role and check what the broker
refuses (MQTT 5 PUBACK reason code 135, "Not authorized") and that nothing refused is stored.
"""

from __future__ import annotations

import os
import stat
import threading
import time

import paho.mqtt.client as mqtt
import pytest

from teplovoda.telemetry import accounts, schema
from teplovoda.telemetry.config import AlertConfig, InfluxConfig, IngestConfig, MqttConfig, TelemetryConfig
from teplovoda.telemetry.influx import InfluxRejected, InfluxV1
from teplovoda.telemetry.ingest import IngestService
from teplovoda.telemetry.services import InfluxDB, Mosquitto
from tests.ui.test_cli import teplovoda
from tests.ui.test_telemetry_cli import one_line_error

from .conftest import wait_count

PASSWORDS = {
    accounts.INGEST: "ingest-pw",
    accounts.ALERTS: "alerts-pw",
    accounts.OPERATOR: "operator-pw",
    accounts.APP: "app-pw",
    "gw-a": "a-pw",
    "gw-b": "b-pw",
}


class Client:
    """An MQTT 5 client recording the broker's PUBACK reason code of each publish and what it receives."""

    def __init__(self, port: int, user: str, password: str, will: str | None = None):
        self.c = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2, client_id=f"{user}-{time.time_ns()}", protocol=mqtt.MQTTv5
        )
        self.c.username_pw_set(user, password)
        if will:
            self.c.will_set(will, schema.status_payload("offline"), qos=1, retain=True)
        self.pubacks: dict[int, str] = {}
        self.messages: list[str] = []
        self.connected = threading.Event()
        self.c.on_connect = lambda c, u, f, rc, p: self.connected.set() if not rc.is_failure else None
        self.c.on_publish = lambda c, u, mid, rc, p: self.pubacks.__setitem__(mid, str(rc))
        self.c.on_message = lambda c, u, m: self.messages.append(m.topic)
        self.c.connect("127.0.0.1", port)
        self.c.loop_start()
        assert self.connected.wait(5)

    def publish(self, topic: str, body: bytes, retain: bool = False) -> str:
        """Publish QoS 1 and return the broker's PUBACK reason ("Success", "Not authorized")."""
        info = self.c.publish(topic, body, qos=1, retain=retain)
        deadline = time.time() + 5
        while info.mid not in self.pubacks and time.time() < deadline:
            time.sleep(0.01)
        return self.pubacks.get(info.mid, "no PUBACK")

    def close(self) -> None:
        self.c.disconnect()
        self.c.loop_stop()


@pytest.fixture
def platform(tmp_path, monkeypatch):
    """A broker with the role and gateway accounts (as ``up`` makes them), a database, and ingest as its own user."""
    files = accounts.BrokerFiles(tmp_path / "mosquitto")
    accounts.setup_broker_accounts(files, PASSWORDS)
    broker = Mosquitto(tmp_path / "mosquitto", accounts=files).start()
    db = InfluxDB(tmp_path / "influxdb").start()
    monkeypatch.setenv("TEPLOVODA_MQTT_PASSWORD", PASSWORDS[accounts.INGEST])
    cfg = TelemetryConfig(
        path=None,
        mqtt=MqttConfig(port=broker.port, username=accounts.INGEST, client_id="acl-ingest"),
        influxdb=InfluxConfig(url=db.url, database="acl", timeout_s=2.0),
        ingest=IngestConfig(spool_dir=str(tmp_path / "spool"), stats_interval_s=1.0),
        alerts=AlertConfig(enabled=False),
    )
    ingest = IngestService(cfg).start()
    assert ingest.connect_error is None and ingest.subscribed.is_set()
    yield broker, db, files
    ingest.stop()
    broker.stop()
    db.stop()


def test_a_gateway_is_refused_on_another_sites_topic_and_nothing_refused_is_stored(platform):
    broker, db, _ = platform
    gw_a = Client(broker.port, "gw-a", PASSWORDS["gw-a"], will=schema.status_topic("a"))
    now = time.time()
    reading = schema.payload(now, {"running": True, "flow_m3_per_h": 600.0})
    assert gw_a.publish(schema.topic_for("b", "pump", "P1"), reading) == "Not authorized"  # another site's reading
    assert gw_a.publish(schema.status_topic("b"), schema.status_payload("offline", now), retain=True) == "Not authorized"
    fake_alert = schema.alert_payload(now, "active", "fake", 1.0)
    assert gw_a.publish(schema.alert_topic("a", "stale", "site"), fake_alert, retain=True) == "Not authorized"
    ack = b'{"schema": 1, "by": "mallory"}'
    assert gw_a.publish(schema.alert_topic("a", "stale", "site") + "/ack", ack) == "Not authorized"
    assert gw_a.publish(schema.topic_for("a", "pump", "P1"), reading) == "Success"  # its own site
    assert gw_a.publish(schema.status_topic("a"), schema.status_payload("online", now), retain=True) == "Success"
    client = InfluxV1(db.url, "acl")
    assert wait_count(client, "SELECT count(running) FROM pump WHERE site = 'a'", 1, timeout_s=30) == 1
    time.sleep(1.0)  # anything refused would have been stored by now too
    assert client.rows("SELECT count(running) FROM pump WHERE site = 'b'") == []
    assert client.rows("SELECT count(online) FROM site_status WHERE site = 'b'") == []
    assert client.rows("SELECT count(active) FROM alert") == []
    assert client.rows('SELECT count("by") FROM alert_ack') == []
    gw_a.close()


def test_a_gateway_says_its_own_devices_status_only(platform):
    """The Modbus gateway's device status topic (issue 18): its own site's, and stored as device_status."""
    broker, db, _ = platform
    gw_a = Client(broker.port, "gw-a", PASSWORDS["gw-a"])
    now = time.time()
    body = schema.status_payload("offline", now)
    assert gw_a.publish(schema.device_status_topic("b", "generator", "G1"), body, retain=True) == "Not authorized"
    assert gw_a.publish(schema.device_status_topic("a", "generator", "G1"), body, retain=True) == "Success"
    client = InfluxV1(db.url, "acl")
    assert wait_count(client, "SELECT count(online) FROM device_status WHERE site = 'a'", 1, timeout_s=30) == 1
    row = client.rows("SELECT online, kind, asset FROM device_status WHERE site = 'a'")[0]
    assert (row["online"], row["kind"], row["asset"]) == (False, "generator", "G1")
    assert client.rows("SELECT count(online) FROM device_status WHERE site = 'b'") == []
    assert client.rows("SELECT count(online) FROM site_status WHERE site = 'a'") == []  # not the site's own status
    gw_a.close()


def test_the_app_only_reads_and_sees_no_sys_topics(platform):
    broker, _, _ = platform
    app = Client(broker.port, accounts.APP, PASSWORDS[accounts.APP])
    app.c.subscribe([("$SYS/#", 1), ("teplovoda/v1/#", 1)])
    time.sleep(0.3)
    assert app.publish(schema.topic_for("a", "pump", "P1"), schema.payload(time.time(), {"running": True})) == "Not authorized"
    ack = b'{"schema": 1, "by": "app"}'
    assert app.publish(schema.alert_topic("a", "stale", "site") + "/ack", ack) == "Not authorized"
    gw_a = Client(broker.port, "gw-a", PASSWORDS["gw-a"])
    assert gw_a.publish(schema.topic_for("a", "pump", "P1"), schema.payload(time.time(), {"running": True})) == "Success"
    deadline = time.time() + 5
    while time.time() < deadline and not app.messages:
        time.sleep(0.05)
    time.sleep(0.5)  # $SYS/broker/version and the like are retained: a reader of $SYS/# gets them at once
    assert app.messages == ["teplovoda/v1/a/pump/P1"]
    # the operators' account acknowledges, and only that
    op = Client(broker.port, accounts.OPERATOR, PASSWORDS[accounts.OPERATOR])
    assert op.publish(schema.alert_topic("a", "stale", "site") + "/ack", ack) == "Success"
    assert op.publish(schema.topic_for("a", "pump", "P1"), schema.payload(time.time(), {"running": True})) == "Not authorized"
    for c in (app, gw_a, op):
        c.close()


def test_password_and_acl_files_are_private(platform):
    broker, db, files = platform
    for f in (files.password_file, files.acl_file):
        st = f.stat()
        assert stat.S_IMODE(st.st_mode) == 0o600, f
        if os.geteuid() == 0:  # Mosquitto drops to its own user and must still read them
            import pwd

            assert pwd.getpwuid(st.st_uid).pw_name == "mosquitto"
    assert "a-pw" not in files.password_file.read_text()  # hashes only
    for d in (db.data_dir, db.data_dir / "meta"):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d


def test_add_site_prints_a_credential_the_running_broker_accepts_at_once(platform, tmp_path):
    broker, _, files = platform
    proc = teplovoda("telemetry", "add-site", "north", "--dir", tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = dict(line.split(None, 1) for line in proc.stdout.splitlines() if line.startswith("  ") and "  " in line.strip())
    assert out["username"] == "gw-north" and "teplovoda/v1/north/status" in proc.stdout
    assert "has reloaded" in proc.stdout
    deadline = time.time() + 5
    while True:  # Mosquitto reloads on SIGHUP between two network rounds
        try:
            gw = Client(broker.port, "gw-north", out["password"].strip())
            break
        except AssertionError:
            if time.time() > deadline:
                raise
    assert gw.publish(schema.topic_for("north", "tank", "T1"), schema.payload(time.time(), {"level_m": 3.0})) == "Success"
    assert gw.publish(schema.topic_for("a", "tank", "T1"), schema.payload(time.time(), {"level_m": 3.0})) == "Not authorized"
    gw.close()
    assert stat.S_IMODE(files.password_file.stat().st_mode) == 0o600
    one_line_error(teplovoda("telemetry", "add-site", "north", "--dir", tmp_path), "north", "--replace")
    one_line_error(teplovoda("telemetry", "add-site", "a/b", "--dir", tmp_path), "'a/b'", "A-Z a-z 0-9 _ . -")
    one_line_error(teplovoda("telemetry", "add-site", "x", "--dir", tmp_path / "nowhere"), "telemetry up")


def test_influxdb_reader_cannot_write_and_writer_cannot_read(tmp_path):
    with InfluxDB(tmp_path / "i", username=accounts.INFLUX_ADMIN, password="admin-pw") as db:
        accounts.setup_influx_users(db.url, "teplovoda", "admin-pw", {"ingest": "ingest-pw", "app": "app-pw"})
        writer = InfluxV1(db.url, "teplovoda", username="ingest", password="ingest-pw")
        reader = InfluxV1(db.url, "teplovoda", username="app", password="app-pw")
        writer.write(["pump,site=a,asset=P1 running=true 1"])
        with pytest.raises(InfluxRejected) as refused:
            reader.write(["pump,site=a,asset=P1 running=false 2"])
        assert refused.value.status == 403
        assert reader.rows("SELECT count(running) FROM pump")[0]["count"] == 1
        with pytest.raises(InfluxRejected):
            writer.query("SELECT * FROM pump")
        with pytest.raises(InfluxRejected):
            reader.query('DROP DATABASE "teplovoda"', epoch=None)
        # a second `up` sets the same users again (new passwords, same single grant)
        accounts.setup_influx_users(db.url, "teplovoda", "admin-pw", {"ingest": "ingest-pw2", "app": "app-pw2"})
        with pytest.raises(InfluxRejected, match="401"):
            reader.rows("SELECT count(running) FROM pump")
        assert InfluxV1(db.url, "teplovoda", username="app", password="app-pw2").rows("SELECT count(running) FROM pump")


def test_influxdb_profiler_does_not_answer(tmp_path):
    import urllib.error
    import urllib.request

    with InfluxDB(tmp_path / "i", username="admin", password="pw") as db:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{db.url}/debug/pprof/", timeout=5)
        assert err.value.code == 404


def test_password_hashes_are_not_world_readable(tmp_path):
    """Issue 12, failure 8: Mosquitto's password file and InfluxDB's meta.db were 0644 (in 0755 directories)."""
    with Mosquitto(tmp_path / "m", username="u", password="p") as broker, InfluxDB(tmp_path / "i", None, None, "a", "b") as db:
        pw_file = broker.data_dir / "passwords"
        assert stat.S_IMODE(pw_file.stat().st_mode) & 0o077 == 0
        meta_db = db.data_dir / "meta" / "meta.db"
        assert meta_db.is_file()
        assert stat.S_IMODE(meta_db.stat().st_mode) & 0o077 == 0
        for d in (broker.data_dir, db.data_dir, db.data_dir / "meta"):
            assert stat.S_IMODE(d.stat().st_mode) & 0o077 == 0, d


def test_only_ingest_confirms_what_is_stored_and_a_gateway_reads_only_its_own_confirmation(platform):
    """A forged "stored up to seq" would make a gateway drop readings it still holds: only ingest may publish it."""
    broker, _, _ = platform
    gw_a = Client(broker.port, "gw-a", PASSWORDS["gw-a"])
    gw_a.c.subscribe("teplovoda/v1/+/stored", qos=1)
    time.sleep(0.3)
    forged = b'{"schema": 1, "seq": 999999}'
    for site in ("a", "b"):
        assert gw_a.publish(f"teplovoda/v1/{site}/stored", forged, retain=True) == "Not authorized"
    ingest = Client(broker.port, accounts.INGEST, PASSWORDS[accounts.INGEST])
    for site in ("a", "b"):
        assert ingest.publish(f"teplovoda/v1/{site}/stored", b'{"schema": 1, "seq": 5}', retain=True) == "Success"
    deadline = time.time() + 5
    while not gw_a.messages and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    # site a's own confirmation (a retained one from the platform's ingest may come first), never site b's
    assert set(gw_a.messages) == {"teplovoda/v1/a/stored"}
    for c in (gw_a, ingest):
        c.close()
