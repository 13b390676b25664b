"""The project's own Mosquitto and InfluxDB: authentication on, queues configured, clean stop."""

from __future__ import annotations

import threading
import time

import pytest

from teplovoda.telemetry import schema
from teplovoda.telemetry.config import MqttConfig
from teplovoda.telemetry.influx import InfluxRejected, InfluxV1
from teplovoda.telemetry.ingest import mqtt_client, session_properties
from teplovoda.telemetry.services import InfluxDB, Mosquitto

from .conftest import Publisher


def test_wrong_mqtt_credentials_are_refused(tmp_path):
    with Mosquitto(tmp_path / "m", username="ingest", password="right") as broker:
        good = Publisher(broker.port, "good", "ingest", "right")
        bad = Publisher(broker.port, "bad", "ingest", "wrong")
        anonymous = Publisher(broker.port, "anon")
        assert good.connected.wait(5)
        deadline = time.time() + 5
        while time.time() < deadline and (bad.refused is None or anonymous.refused is None):
            time.sleep(0.05)
        assert bad.refused == "Not authorized" and anonymous.refused == "Not authorized"
        assert not bad.connected.is_set() and not anonymous.connected.is_set()
        for p in (good, bad, anonymous):
            p.close()


def test_influxdb_refuses_wrong_credentials(tmp_path):
    with InfluxDB(tmp_path / "i", username="admin", password="right") as db:
        ok = InfluxV1(db.url, "t", username="admin", password="right")
        ok.ensure_database()
        ok.write(["m v=1 1"])
        with pytest.raises(InfluxRejected, match="401"):
            InfluxV1(db.url, "t", username="admin", password="wrong").write(["m v=2 2"])
        assert ok.rows("SELECT count(v) FROM m")[0]["count"] == 1


def test_offline_persistent_session_keeps_every_queued_message(tmp_path):
    """Mosquitto's default max_queued_messages (1000) would keep 1,000 of these; our config keeps all."""
    n = 5000
    with Mosquitto(tmp_path / "m") as broker:
        cfg = MqttConfig(port=broker.port)
        sub = mqtt_client(cfg, "offline-sub")
        sub.connect("127.0.0.1", broker.port, clean_start=False, properties=session_properties(3600))
        sub.subscribe("teplovoda/v1/#", qos=1)
        sub.loop(1)
        sub.disconnect()  # session stays: the subscriber is now offline
        pub = Publisher(broker.port, "burst")
        now = time.time()
        for k in range(n):
            pub.publish(schema.topic_for("s", "pump", "P1"), schema.payload(now + k * 1e-3, {"running": True}))
        assert pub.wait_acked(n) == n
        pub.close()
        got = []
        done = threading.Event()
        sub = mqtt_client(cfg, "offline-sub")

        def on_message(c, u, msg):
            got.append(msg.payload)
            if len(got) >= n:
                done.set()

        sub.on_message = on_message
        sub.connect("127.0.0.1", broker.port, clean_start=False, properties=session_properties(3600))
        sub.loop_start()
        done.wait(30)
        time.sleep(0.3)
        sub.disconnect()
        sub.loop_stop()
        assert len(got) == n


def test_broker_restart_keeps_sessions_and_retained_status(tmp_path):
    with Mosquitto(tmp_path / "m") as broker:
        pub = Publisher(broker.port, "gw")
        assert pub.connected.wait(5)
        pub.client.publish(schema.status_topic("s"), schema.status_payload("online", time.time()), qos=1, retain=True)
        assert pub.wait_acked(1) == 1
        pub.close()
        broker.restart()
        got = []
        c = mqtt_client(MqttConfig(port=broker.port), "reader")
        c.on_message = lambda cl, u, m: got.append(m.topic)
        c.connect("127.0.0.1", broker.port)
        c.subscribe(schema.status_topic("+"), qos=1)
        c.loop_start()
        deadline = time.time() + 5
        while time.time() < deadline and not got:
            time.sleep(0.05)
        c.loop_stop()
        assert got == [schema.status_topic("s")]
