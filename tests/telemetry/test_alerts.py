"""Alert rules (pure, table-driven) and the alert service over a real broker and database."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime

import pytest

from teplovoda.telemetry import schema
from teplovoda.telemetry.alerts import AlertService, LiveState, describe, evaluate
from teplovoda.telemetry.config import AlertConfig, PumpSchedule
from teplovoda.telemetry.ingest import IngestService, mqtt_client

from .conftest import Publisher, make_config, wait_count

NOW = 1_795_000_000.0
HOUR = datetime.fromtimestamp(NOW - 5, UTC).hour  # of the readings below
CFG = AlertConfig(
    fuel_autonomy_min_h=12, pressure_min_m=15, stale_after_s=120, pump_schedule=(PumpSchedule("st", "P2", (HOUR,)),)
)


def state_with(*messages, received_at=NOW):
    s = LiveState()
    for topic, values in messages:
        s.observe(schema.parse(topic, schema.payload(NOW - 5, values), NOW), received_at)
    return s


@pytest.mark.parametrize(
    ("topic", "values", "expected"),
    [
        (
            "teplovoda/v1/st/generator/G1",
            {"running": True, "fuel_l": 500.0, "fuel_rate_l_per_h": 50.0},
            {("st", "fuel_autonomy", "G1")},
        ),
        ("teplovoda/v1/st/generator/G1", {"running": True, "fuel_l": 700.0, "fuel_rate_l_per_h": 50.0}, set()),
        ("teplovoda/v1/st/generator/G1", {"running": False, "fuel_l": 10.0, "fuel_rate_l_per_h": 0.0}, set()),
        ("teplovoda/v1/st/pump/P2", {"running": False}, {("st", "pump_stopped", "P2")}),
        ("teplovoda/v1/st/pump/P1", {"running": False}, set()),  # not scheduled
        ("teplovoda/v1/st/pump/P1", {"running": True, "discharge_pressure_m": 9.0}, {("st", "pressure_low", "P1")}),
        ("teplovoda/v1/st/pressure/zone_hill", {"pressure_m": 12.0}, {("st", "pressure_low", "zone_hill")}),
        ("teplovoda/v1/st/pressure/zone_hill", {"pressure_m": 25.0}, set()),
    ],
)
def test_rules(topic, values, expected):
    assert set(evaluate(state_with((topic, values)), CFG, NOW)) == expected


def test_fuel_autonomy_says_hours_litres_and_rate():
    a = evaluate(
        state_with(("teplovoda/v1/st/generator/G1", {"running": True, "fuel_l": 500.0, "fuel_rate_l_per_h": 50.0})), CFG, NOW
    )
    alert = a[("st", "fuel_autonomy", "G1")]
    assert alert.value == pytest.approx(10.0) and "10.0 h of fuel left (500 L at 50 L/h)" in alert.message


def test_stale_after_silence_and_after_the_last_will():
    s = state_with(("teplovoda/v1/st/pump/P1", {"running": True}), received_at=NOW - 200)
    assert ("st", "stale", "site") in evaluate(s, CFG, NOW)
    assert ("st", "stale", "site") not in evaluate(s, CFG, NOW - 100)
    s.observe(schema.parse("teplovoda/v1/st/status", schema.status_payload("offline"), NOW), NOW)
    assert "last will" in evaluate(s, CFG, NOW - 100)[("st", "stale", "site")].message


def test_alert_is_published_stored_acknowledged_and_cleared(services, tmp_path):
    broker, db = services
    cfg = make_config(broker, db, tmp_path, database="alerts", client_id="alerts-ingest")
    ingest = IngestService(cfg).start()
    alerts = AlertService(cfg).start()
    seen = []
    got = threading.Event()
    watcher = mqtt_client(cfg.mqtt, "alert-watcher")

    def on_message(c, u, m):
        seen.append((m.topic, json.loads(m.payload)))
        got.set()

    watcher.on_message = on_message
    watcher.connect("127.0.0.1", broker.port)
    watcher.subscribe(schema.alert_topic("alertsite", "+", "+"), qos=1)
    watcher.loop_start()
    pub = Publisher(broker.port, "alert-dev")
    topic = schema.topic_for("alertsite", "generator", "G1")
    pub.publish(topic, schema.payload(time.time(), {"running": True, "fuel_l": 300.0, "fuel_rate_l_per_h": 100.0}))
    assert got.wait(10)
    t, body = seen[-1]
    assert t == schema.alert_topic("alertsite", "fuel_autonomy", "G1") and body["state"] == "active" and not body["acknowledged"]
    got.clear()
    pub.publish(t + "/ack", json.dumps({"schema": 1, "by": "operator Olena"}).encode())
    assert got.wait(10)
    assert seen[-1][1]["acknowledged"] is True and seen[-1][1]["state"] == "active"
    got.clear()
    pub.publish(topic, schema.payload(time.time(), {"running": True, "fuel_l": 2000.0, "fuel_rate_l_per_h": 100.0}))  # refuelled
    assert got.wait(10)
    assert seen[-1][1]["state"] == "cleared"
    client = cfg.influxdb.client()
    assert wait_count(client, "SELECT count(active) FROM alert WHERE site = 'alertsite'", 3) == 3
    assert wait_count(client, "SELECT count(\"by\") FROM alert_ack WHERE site = 'alertsite'", 1) == 1
    for x in (alerts, ingest):
        x.stop()
    watcher.loop_stop()
    pub.close()


def test_a_poison_message_does_not_stop_the_alert_service(services, tmp_path):
    """The 400-digit ts killed the alert service's MQTT thread; now it is skipped and alerts still come."""
    from .test_ingest import poison

    broker, db = services
    cfg = make_config(broker, db, tmp_path, database="alertpoison", client_id="alertpoison-ingest")
    cfg = type(cfg)(cfg.path, cfg.mqtt, cfg.influxdb, cfg.ingest, AlertConfig(client_id="alertpoison", evaluate_interval_s=0.2))
    alerts = AlertService(cfg).start()
    seen = threading.Event()
    watcher = mqtt_client(cfg.mqtt, "alertpoison-watcher")
    watcher.on_message = lambda c, u, m: seen.set() if json.loads(m.payload)["state"] == "active" else None
    watcher.connect("127.0.0.1", broker.port)
    watcher.subscribe(schema.alert_topic("poisonsite", "fuel_autonomy", "G1"), qos=1)
    watcher.loop_start()
    pub = Publisher(broker.port, "alertpoison-dev")
    topic = schema.topic_for("poisonsite", "generator", "G1")
    try:
        pub.publish(topic, poison())
        pub.publish(topic, b'{"schema":1,"ts":1,"values":' + b"[" * 3000 + b"]" * 3000 + b"}")
        pub.publish(topic, schema.payload(time.time(), {"running": True, "fuel_l": 300.0, "fuel_rate_l_per_h": 100.0}))
        assert pub.wait_acked(3) == 3
        assert seen.wait(10), alerts.failure
        assert alerts.failure is None and alerts.rejected == 2
    finally:
        alerts.stop()
        watcher.loop_stop()
        pub.close()


@pytest.mark.parametrize(
    ("topic", "values", "key", "expected"),
    [
        (
            "teplovoda/v1/st/generator/G1",
            {"running": True, "fuel_l": 12500.0, "fuel_rate_l_per_h": 1250.0},
            ("st", "fuel_autonomy", "G1"),
            ("fuel_autonomy", {"hours": 10.0, "fuel_l": 12500.0, "rate_l_per_h": 1250.0, "min_h": 12.0}),
        ),
        (
            "teplovoda/v1/st/pump/P2",
            {"running": False},
            ("st", "pump_stopped", "P2"),
            ("pump_stopped", {"asset": "P2", "hour": HOUR}),
        ),
        (
            "teplovoda/v1/st/pressure/zone_hill",
            {"pressure_m": -2.5},
            ("st", "pressure_low", "zone_hill"),
            ("pressure_low", {"pressure_m": -2.5, "min_m": 15.0}),
        ),
    ],
)
def test_a_message_gives_back_its_key_and_the_readings_it_was_written_from(topic, values, key, expected):
    """The Live page writes alerts in the operator's language from the key and values of the stored English message."""
    alert = evaluate(state_with((topic, values)), CFG, NOW)[key]
    assert describe(alert.rule, alert.message) == expected


def test_stale_messages_give_back_their_key_and_an_older_wording_none():
    s = state_with(("teplovoda/v1/st/pump/P1", {"running": True}), received_at=NOW - 4000)
    alert = evaluate(s, CFG, NOW)[("st", "stale", "site")]
    assert describe("stale", alert.message) == ("stale_no_data", {"age_s": 4000.0, "after_s": 120.0})
    s.observe(schema.parse("teplovoda/v1/st/status", schema.status_payload("offline"), NOW), NOW)
    assert describe("stale", evaluate(s, CFG, NOW)[("st", "stale", "site")].message) == ("stale_offline", {})
    assert describe("fuel_autonomy", "4.0 h of fuel left (400 L at 100 L/h)") is None  # no "below": shown as stored
    assert describe("pressure_low", "pump P1 stopped at 03:00 UTC, scheduled to run") is None  # another rule's text
