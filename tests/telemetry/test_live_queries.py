"""Issue 15 (operators): the Live page's reads against a real InfluxDB: alerts with their acknowledgements and
episodes, a stopped generator's hours at its last running rate, and charts that end now."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from teplovoda.telemetry import query, schema
from teplovoda.telemetry.influx import InfluxV1


@pytest.fixture(scope="module")
def live(services):
    _, db = services
    c = InfluxV1(db.url, "issue15")
    c.ensure_database()
    now = time.time()
    lines = []

    def add(topic, raw, ts=None):
        lines.extend(schema.parse(topic, raw, now if ts is None else ts).points())

    def ack(topic, by, ts):  # as ingest stores an /ack message: at the time it received it
        add(topic + "/ack", f'{{"schema": 1, "by": "{by}"}}'.encode(), ts)

    a = schema.alert_topic("north", "fuel_autonomy", "G1")  # acknowledged, then the alert service restarted
    add(a, schema.alert_payload(now - 600, "active", "5.0 h of fuel left", 5.0))
    ack(a, "Olena", now - 500)
    add(a, schema.alert_payload(now - 499, "active", "5.0 h of fuel left", 5.0, acknowledged=True))
    add(a, schema.alert_payload(now - 100, "active", "4.0 h of fuel left", 4.0))  # restarted: republished unacknowledged
    b = schema.alert_topic("north", "pump_stopped", "P2")  # acknowledged in an earlier episode only
    add(b, schema.alert_payload(now - 900, "active", "P2 stopped"))
    ack(b, "Petro", now - 850)
    add(b, schema.alert_payload(now - 800, "cleared", "P2 stopped"))
    add(b, schema.alert_payload(now - 60, "active", "P2 stopped"))
    for k in range(60):  # G2 ran at 90 L/h for 40 minutes and stopped 20 minutes ago; G1 runs at 80 L/h
        ts = now - 3600 + 60 * k
        g2 = {"running": k < 40, "fuel_l": 795.0 + 1.5 * max(39 - k, 0), "fuel_rate_l_per_h": 90.0 if k < 40 else 0.0}
        add(schema.topic_for("north", "generator", "G2"), schema.payload(ts, g2))
        g1 = {"running": True, "fuel_l": 400.0, "fuel_rate_l_per_h": 80.0}
        add(schema.topic_for("north", "generator", "G1"), schema.payload(ts, g1))
    g9 = {"running": False, "fuel_l": 500.0, "fuel_rate_l_per_h": 0.0}
    add(schema.topic_for("north", "generator", "G9"), schema.payload(now - 30, g9))
    for k in range(7 * 24 * 6):  # a week of 10-minute readings up to a minute ago
        add(schema.topic_for("north", "pump", "P1"), schema.payload(now - 60 - 600 * k, {"flow_m3_per_h": 100.0}))
    c.write(lines)
    return c, now


def test_an_acknowledgement_counts_for_its_episode_whatever_the_alert_service_remembers(live):
    c, now = live
    a = query.alerts(c).set_index("rule")
    g1 = a.loc["fuel_autonomy"]
    assert g1["active"] and g1["acknowledged"] and g1["acknowledged_by"] == "Olena"
    assert g1["acknowledged_at"].timestamp() == pytest.approx(now - 500, abs=0.01)
    assert g1["raised"].timestamp() == pytest.approx(now - 600, abs=0.01) and g1["message"] == "4.0 h of fuel left"
    p2 = a.loc["pump_stopped"]  # Petro acknowledged the episode that cleared, not this one
    assert p2["active"] and not p2["acknowledged"] and p2["acknowledged_by"] is None
    assert p2["raised"].timestamp() == pytest.approx(now - 60, abs=0.01)


def test_an_acknowledgement_just_sent_is_merged_as_a_stored_one(live):
    c, now = live
    just_now = pd.Timestamp.now(tz="UTC")
    sent = pd.DataFrame([{"site": "north", "rule": "pump_stopped", "asset": "P2", "by": "Ivan", "at": just_now}])
    a = query.with_acknowledgements(query.alerts(c), sent).set_index("rule")
    assert a.at["pump_stopped", "acknowledged"] and a.at["pump_stopped", "acknowledged_by"] == "Ivan"
    assert a.at["fuel_autonomy", "acknowledged_by"] == "Olena"  # untouched
    old = sent.assign(at=pd.Timestamp(now - 850, unit="s", tz="UTC"))  # before this episode was raised
    assert not query.with_acknowledgements(query.alerts(c), old).set_index("rule").at["pump_stopped", "acknowledged"]


def test_a_stopped_generator_has_hours_at_its_last_running_rate(live):
    c, _ = live
    f = query.fuel_autonomy(c).set_index("asset")
    assert f.at["G1", "autonomy_basis"] == "current" and f.at["G1", "autonomy_h"] == pytest.approx(400.0 / 80.0)
    assert f.at["G2", "autonomy_basis"] == "last_running" and f.at["G2", "fuel_rate_l_per_h"] == 0.0
    assert f.at["G2", "autonomy_rate_l_per_h"] == 90.0 and f.at["G2", "autonomy_h"] == pytest.approx(795.0 / 90.0)
    assert f.at["G9", "autonomy_basis"] == "none" and pd.isna(f.at["G9", "autonomy_h"])  # never seen running


@pytest.mark.parametrize("hours", [1.0, 24.0, 168.0])
def test_the_chart_series_ends_now(live, hours):
    """Issue 15, point 5: the 7-day chart ended 13 minutes behind now (buckets on InfluxDB's 1970 grid, at their start)."""
    c, filled_s = live
    now = time.time()
    s = query.series(c, "pump", "flow_m3_per_h", hours=hours)
    every_s = hours * 3600 / 300
    assert s.attrs["end"].timestamp() == pytest.approx(now, abs=2.0)
    assert s.attrs["start"].timestamp() == pytest.approx(now - hours * 3600, abs=2.0)
    newest_s = filled_s - 60  # the newest reading; each point sits at the end of its bucket, never before a reading in it
    assert 0 <= s.index[-1].timestamp() - newest_s <= every_s + 1
    if every_s > now - newest_s:  # 7 days: 33.6-minute buckets, the last one ends now
        assert s.index[-1].timestamp() == pytest.approx(now, abs=2.0)
    assert (s["north/P1"] == 100.0).all() and s.index.is_monotonic_increasing
    assert pd.Series(s.index).diff().dropna().dt.total_seconds().min() >= every_s - 1e-6
