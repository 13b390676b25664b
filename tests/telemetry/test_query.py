"""The live view's queries against a real InfluxDB filled with known readings."""

from __future__ import annotations

import json
import threading
import time

import pandas as pd
import pytest

from teplovoda.telemetry import query, schema
from teplovoda.telemetry.config import MqttConfig
from teplovoda.telemetry.ingest import mqtt_client


@pytest.fixture(scope="module")
def filled(services):
    _, db = services
    from teplovoda.telemetry.influx import InfluxV1

    c = InfluxV1(db.url, "live")
    c.ensure_database()
    now = time.time()
    lines = []

    def add(topic, values, ts):
        lines.extend(schema.parse(topic, schema.payload(ts, values), now).points())

    for k in range(120):  # two hours, a reading a minute
        ts = now - 7200 + 60 * k
        add("teplovoda/v1/north/pump/P1", {"running": True, "flow_m3_per_h": 100.0 + (k % 2) * 20}, ts)
        add("teplovoda/v1/north/pump/P2", {"running": k < 60, "flow_m3_per_h": 50.0 if k < 60 else 0.0}, ts)
        add("teplovoda/v1/north/generator/G1", {"running": True, "fuel_l": 1000.0 - k, "fuel_rate_l_per_h": 80.0}, ts)
        add("teplovoda/v1/north/tank/T1", {"level_m": 4.0}, ts)
        add("teplovoda/v1/south/pump/P1", {"running": True, "flow_m3_per_h": 300.0}, ts - 3600)  # silent for an hour
    lines += schema.parse("teplovoda/v1/north/status", schema.status_payload("online", now - 7200), now).points()
    lines += schema.parse("teplovoda/v1/south/status", schema.status_payload("offline"), now).points()
    a = schema.alert_topic("north", "fuel_autonomy", "G1")
    lines += schema.parse(a, schema.alert_payload(now - 600, "active", "12.4 h of fuel left", 12.4), now).points()
    lines += schema.parse(
        a, schema.alert_payload(now - 300, "active", "12.4 h of fuel left", 12.4, acknowledged=True), now
    ).points()
    b = schema.alert_topic("north", "pump_stopped", "P2")
    lines += schema.parse(b, schema.alert_payload(now - 900, "active", "P2 stopped"), now).points()
    lines += schema.parse(b, schema.alert_payload(now - 100, "cleared", "P2 stopped"), now).points()
    c.write(lines)
    return c, now


def test_site_status_online_offline_and_stale(filled):
    c, now = filled
    s = query.site_status(c, stale_after_s=120, now_s=now)
    assert list(s.index) == ["north", "south"]
    assert s.at["north", "online"] and not s.at["north", "stale"]
    assert not s.at["south", "online"] and s.at["south", "stale"]  # its last will
    assert s.at["north", "age_s"] == pytest.approx(60, abs=2)


def test_asset_status_states_and_latest_values(filled):
    c, now = filled
    a = query.asset_status(c, stale_after_s=120, now_s=now).set_index(["site", "asset"])
    assert a.at[("north", "P1"), "state"] == "running"
    assert a.at[("north", "P2"), "state"] == "stopped" and a.at[("north", "P2"), "flow_m3_per_h"] == 0.0
    assert a.at[("north", "T1"), "state"] == "reporting" and a.at[("north", "T1"), "level_m"] == 4.0
    assert a.at[("south", "P1"), "state"] == "offline"


def test_series_buckets_and_pivots(filled):
    c, now = filled
    s = query.series(c, "pump", "flow_m3_per_h", hours=2, every="10m", end_s=now + 1)
    assert set(s.columns) == {"north/P1", "north/P2", "south/P1"}
    assert s.attrs["unit"] == "m3/h"
    assert s["north/P1"].dropna().mean() == pytest.approx(110.0, abs=1.0)  # 100/120 alternating
    assert isinstance(s.index, pd.DatetimeIndex) and 11 <= len(s) <= 13
    run = query.series(c, "pump", "running", hours=2, every="30m", end_s=now + 1, site="north")
    assert set(run.columns) == {"north/P1", "north/P2"} and run["north/P2"].iloc[-1] == 0.0


def test_fuel_autonomy_hours(filled):
    c, _ = filled
    f = query.fuel_autonomy(c).set_index("asset")
    assert f.at["G1", "fuel_l"] == 881.0 and f.at["G1", "autonomy_h"] == pytest.approx(881.0 / 80.0)


def test_alerts_latest_state(filled):
    c, _ = filled
    a = query.alerts(c).set_index("rule")
    assert a.at["fuel_autonomy", "active"] and a.at["fuel_autonomy", "acknowledged"]
    assert not a.at["pump_stopped", "active"]
    assert list(query.alerts(c, active_only=True)["rule"]) == ["fuel_autonomy"]


def test_acknowledge_publishes_to_the_ack_topic(services):
    broker, _ = services
    cfg = MqttConfig(port=broker.port)
    got, done = [], threading.Event()
    sub = mqtt_client(cfg, "ack-watch")
    sub.on_message = lambda cl, u, m: (got.append((m.topic, json.loads(m.payload))), done.set())
    sub.connect("127.0.0.1", broker.port)
    sub.subscribe("teplovoda/v1/+/alert/+/+/ack", qos=1)
    sub.loop_start()
    time.sleep(0.3)
    query.acknowledge(cfg, "north", "fuel_autonomy", "G1", "Olena")
    assert done.wait(5)
    sub.loop_stop()
    assert got == [("teplovoda/v1/north/alert/fuel_autonomy/G1/ack", {"schema": 1, "by": "Olena"})]
    with pytest.raises(ValueError):
        query.acknowledge(cfg, "north", "fuel_autonomy", "G1", " ")


def test_recent_means_and_model_comparison(filled):
    c, _ = filled
    measured = query.recent_means(c, "north", {"pump": ["flow_m3_per_h"], "generator": ["fuel_l"]}, minutes=10)
    m = measured.set_index(["kind", "asset", "field"])["measured"]
    assert m[("pump", "P1", "flow_m3_per_h")] == pytest.approx(110.0, abs=2.5)
    assert m[("pump", "P2", "flow_m3_per_h")] == 0.0
    predicted = pd.DataFrame(
        [("pump", "P1", "flow_m3_per_h", 105.0), ("pump", "P2", "flow_m3_per_h", 50.0), ("pump", "P9", "flow_m3_per_h", 10.0)],
        columns=["kind", "asset", "field", "predicted"],
    )
    cmp = query.compare_with_model(predicted, measured).set_index("asset")
    assert not cmp.at["P1", "flag"] and cmp.at["P1", "difference_pct"] == pytest.approx(
        100 * (m[("pump", "P1", "flow_m3_per_h")] / 105 - 1)
    )
    assert cmp.at["P2", "flag"] and cmp.at["P2", "difference_pct"] == -100.0  # the tripped pump stands out
    assert cmp.at["P9", "flag"]  # predicted but not reporting
    temps = pd.DataFrame([("boiler", "B1", "supply_temp_c", 80.0)], columns=["kind", "asset", "field", "predicted"])
    meas = pd.DataFrame([("boiler", "B1", "supply_temp_c", 86.0)], columns=["kind", "asset", "field", "measured"])
    assert query.compare_with_model(temps, meas)["flag"].item()  # 6 K off: more than 5 K
