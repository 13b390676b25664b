"""Benchmark: sustained QoS 1 telemetry end to end (publish -> visible in InfluxDB) against the raw broker.

Both legs run in the same run, on the same freshly started Mosquitto and InfluxDB (the project's own
configs, loopback, temporary directories), with the same publisher (one paho MQTT 5 client, QoS 1,
readings of schema v1 for 50 pumps):

* raw: broker -> one paho subscriber (QoS 1, acknowledging on receipt, storing nothing): the
  ceiling any MQTT consumer can reach here;
* teplovoda: broker -> ``teplovoda telemetry ingest`` (a separate process: parse, dedup, InfluxDB
  /write, acknowledge after the write) -> InfluxDB, until ``count(*)`` shows every reading.

Prints both rates (messages per second from the first publish to the last message received /
visible), their ratio, and the loss count of each leg (published and acknowledged by the broker but
never received / never stored). Usage: python bench/ingest.py [--messages N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from telemetry import schema
from telemetry.config import MqttConfig
from telemetry.ingest import mqtt_client, session_properties
from telemetry.services import InfluxDB, Mosquitto

OUT = Path(__file__).parent / "out"
REPO = Path(__file__).resolve().parents[1]


def messages(n: int, site: str) -> list[tuple[str, bytes]]:
    t0 = time.time() - 3600
    return [
        (
            schema.topic_for(site, "pump", f"P{k % 50}"),
            schema.payload(t0 + k * 1e-3, {"running": True, "flow_m3_per_h": 500.0 + k % 97, "power_kw": 90.0}, k),
        )
        for k in range(n)
    ]


def publish_all(port: int, msgs, client_id: str) -> tuple[float, int]:
    """Publish QoS 1 as fast as the broker acknowledges; returns (start time, acknowledged count)."""
    c = mqtt_client(MqttConfig(port=port), client_id)
    c.max_inflight_messages_set(1000)
    c.max_queued_messages_set(0)
    acked = [0]
    lock = threading.Lock()

    def on_publish(*_):
        with lock:
            acked[0] += 1

    c.on_publish = on_publish
    c.connect("127.0.0.1", port)
    c.loop_start()
    t0 = time.perf_counter()
    for topic, body in msgs:
        c.publish(topic, body, qos=1)
    deadline = time.time() + 300
    while acked[0] < len(msgs) and time.time() < deadline:
        time.sleep(0.005)
    c.disconnect()
    c.loop_stop()
    return t0, acked[0]


def raw_leg(port: int, n: int) -> dict:
    got = [0]
    last = [0.0]
    sub = mqtt_client(MqttConfig(port=port), "bench-raw-sub")

    def on_message(c, u, m):
        got[0] += 1
        last[0] = time.perf_counter()

    sub.on_message = on_message
    sub.connect("127.0.0.1", port, clean_start=False, properties=session_properties(600))
    sub.subscribe(f"{schema.PREFIX}/raw/+/+", qos=1)
    sub.loop_start()
    time.sleep(0.3)
    t0, acked = publish_all(port, messages(n, "raw"), "bench-raw-pub")
    deadline = time.time() + 120
    while got[0] < n and time.time() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)
    sub.disconnect()
    sub.loop_stop()
    rate = got[0] / (last[0] - t0)
    return {"messages": n, "acknowledged": acked, "received": got[0], "lost": acked - got[0], "rate_per_s": rate}


def ingest_leg(broker: Mosquitto, db: InfluxDB, n: int, workdir: Path) -> dict:
    conf = workdir / "ingest.toml"
    conf.write_text(
        f"""[mqtt]
port = {broker.port}
client_id = "bench-ingest"
[influxdb]
url = "{db.url}"
database = "bench"
[ingest]
spool_dir = "{workdir / "spool"}"
batch_size = 5000
flush_interval_s = 0.1
[alerts]
enabled = false
"""
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "telemetry", "ingest", "--config", str(conf), "--no-alerts"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    from telemetry.influx import InfluxV1

    client = InfluxV1(db.url, "bench")
    try:
        # the ingest's persistent session must exist before the device publishes: probe until stored
        probe = mqtt_client(MqttConfig(port=broker.port), "bench-probe")
        probe.connect("127.0.0.1", broker.port)
        probe.loop_start()
        deadline = time.time() + 60
        while time.time() < deadline:
            probe.publish(schema.topic_for("probe", "pump", "P0"), schema.payload(time.time(), {"running": True}), qos=1)
            time.sleep(0.3)
            try:
                if client.rows("SELECT count(running) FROM pump WHERE site = 'probe'"):
                    break
            except Exception:  # noqa: BLE001 - the database may not exist yet
                pass
        probe.disconnect()
        probe.loop_stop()
        t0, acked = publish_all(broker.port, messages(n, "bench"), "bench-pub")
        stored = 0
        deadline = time.time() + 300
        while time.time() < deadline:
            rows = client.rows("SELECT count(flow_m3_per_h) FROM pump WHERE site = 'bench'")
            stored = int(rows[0]["count"]) if rows else 0
            if stored >= n:
                break
            time.sleep(0.05)
        t_visible = time.perf_counter()
    finally:
        proc.terminate()
        proc.wait(30)
    rate = stored / (t_visible - t0)
    return {"messages": n, "acknowledged": acked, "stored": stored, "lost": acked - stored, "rate_per_s": rate}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--messages", type=int, default=50000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="teplovoda-bench-") as d:
        d = Path(d)
        broker = Mosquitto(d / "mosquitto").start()
        db = InfluxDB(d / "influxdb").start()
        try:
            print(f"{args.messages:,} QoS 1 readings, one publisher, Mosquitto and InfluxDB on loopback", flush=True)
            raw = raw_leg(broker.port, args.messages)
            print(f"raw broker -> subscriber: {raw['rate_per_s']:,.0f} msg/s, lost {raw['lost']}", flush=True)
            e2e = ingest_leg(broker, db, args.messages, d)
            print(f"publish -> visible in InfluxDB (teplovoda ingest): {e2e['rate_per_s']:,.0f} msg/s, lost {e2e['lost']}")
        finally:
            broker.stop()
            db.stop()
    ratio = e2e["rate_per_s"] / raw["rate_per_s"]
    print(f"ratio end-to-end / raw broker: {ratio:.2f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest.json").write_text(json.dumps({"raw": raw, "end_to_end": e2e, "ratio": ratio}, indent=2))


if __name__ == "__main__":
    main()
