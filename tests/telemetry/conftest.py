"""Real Mosquitto and InfluxDB processes on free loopback ports in temporary directories, and helpers.

No mocks: every test that touches MQTT or InfluxDB talks to these processes.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest

from teplovoda.telemetry.config import AlertConfig, InfluxConfig, IngestConfig, MqttConfig, TelemetryConfig
from teplovoda.telemetry.ingest import mqtt_client
from teplovoda.telemetry.services import InfluxDB, Mosquitto


@pytest.fixture(scope="module")
def services():
    """A broker and a database for one test module; stopped afterwards."""
    d = Path(tempfile.mkdtemp(prefix="teplovoda-services-"))
    broker = Mosquitto(d / "mosquitto").start()
    db = InfluxDB(d / "influxdb").start()
    yield broker, db
    broker.stop()
    db.stop()
    shutil.rmtree(d, ignore_errors=True)


def make_config(
    broker, db, tmp_path, database="teplovoda", client_id="ingest-1", worker="ingest-1", group="", **ingest
) -> TelemetryConfig:
    """Config for one test: give each test its own database and client id (and share group, if any:
    a stopped worker's persistent session keeps taking its share of a group's messages)."""
    ingest = {"spool_dir": str(tmp_path / f"spool-{worker}"), "stats_interval_s": 1.0, "retry_interval_s": 0.5, **ingest}
    return TelemetryConfig(
        path=None,
        mqtt=MqttConfig(port=broker.port, client_id=client_id, share_group=group),
        influxdb=InfluxConfig(url=db.url, database=database, timeout_s=2.0),
        ingest=IngestConfig(worker=worker, **ingest),
        alerts=AlertConfig(stale_after_s=5.0, evaluate_interval_s=0.2),
    )


def write_config_file(cfg: TelemetryConfig, path: Path) -> Path:
    """The same config as a TOML file (for the ingest command run as a child process)."""
    path.write_text(
        f"""[mqtt]
port = {cfg.mqtt.port}
client_id = "{cfg.mqtt.client_id}"
share_group = "{cfg.mqtt.share_group}"
[influxdb]
url = "{cfg.influxdb.url}"
database = "{cfg.influxdb.database}"
timeout_s = 2.0
[ingest]
worker = "{cfg.ingest.worker}"
spool_dir = "{cfg.ingest.spool_dir}"
stats_interval_s = 1.0
retry_interval_s = 0.5
[alerts]
enabled = false
"""
    )
    return path


class Publisher:
    """A device publishing QoS 1 with a persistent session; counts the broker's acknowledgements."""

    def __init__(self, port: int, client_id: str, username=None, password=None):
        cfg = MqttConfig(port=port, client_id=client_id, username=username)
        self.client = mqtt_client(cfg, client_id)
        if username:
            self.client.username_pw_set(username, password)
        self.client.max_queued_messages_set(0)
        self.acked = 0
        self.lock = threading.Lock()
        self.refused = None
        self.connected = threading.Event()

        def on_publish(c, u, mid, rc, props):
            with self.lock:
                self.acked += 1

        def on_connect(c, u, flags, rc, props):
            if rc.is_failure:
                self.refused = str(rc)
            else:
                self.connected.set()

        self.client.on_publish = on_publish
        self.client.on_connect = on_connect
        from teplovoda.telemetry.ingest import session_properties

        self.client.connect_async("127.0.0.1", port, keepalive=5, clean_start=False, properties=session_properties(3600))
        self.client.loop_start()

    def publish(self, topic: str, payload: bytes):
        self.client.publish(topic, payload, qos=1)

    def wait_acked(self, n: int, timeout_s: float = 60.0) -> int:
        deadline = time.time() + timeout_s
        while time.time() < deadline and self.acked < n:
            time.sleep(0.02)
        return self.acked

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


def wait_count(client, q: str, expected: int, timeout_s: float = 60.0) -> int:
    """Poll an InfluxQL count until it reaches ``expected`` (or time runs out); returns the last count."""
    deadline = time.time() + timeout_s
    n = -1
    while time.time() < deadline:
        rows = client.rows(q)
        n = int(rows[0][next(k for k in rows[0] if k.startswith("count"))]) if rows else 0
        if n >= expected:
            # let late duplicates show up, if any would
            time.sleep(0.5)
            rows = client.rows(q)
            return int(rows[0][next(k for k in rows[0] if k.startswith("count"))]) if rows else 0
        time.sleep(0.1)
    return n


def wait_subscribed(broker, client, site: str = "probe", timeout_s: float = 30.0) -> None:
    """Publish probe readings until one is stored: the ingest's session then exists in the broker."""
    from teplovoda.telemetry import schema

    pub = Publisher(broker.port, f"probe-{site}-{time.time_ns()}")
    deadline = time.time() + timeout_s
    try:
        while time.time() < deadline:
            pub.publish(schema.topic_for(site, "pump", "P0"), schema.payload(time.time(), {"running": True}))
            if wait_count(client, f"SELECT count(running) FROM pump WHERE site = '{site}'", 1, timeout_s=0.5) >= 1:
                return
        raise TimeoutError("the ingest service did not subscribe in time")
    finally:
        pub.close()
