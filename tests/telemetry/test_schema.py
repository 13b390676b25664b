"""Schema v1: valid readings become the right points; anything else is rejected with a reason, never a crash."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telemetry import schema

NOW = 1_795_000_000.0
TOPIC = "teplovoda/v1/station/pump/P2"


def test_valid_reading_becomes_one_point_with_device_time_and_float_fields():
    r = schema.parse(TOPIC, schema.payload(NOW - 10, {"running": True, "flow_m3_per_h": 612, "power_kw": 110.5}, seq=7), NOW)
    (line,) = r.points()
    assert line.startswith("pump,asset=P2,site=station ")
    assert "running=true" in line and "flow_m3_per_h=612" in line and "seq=7" in line
    assert "612i" not in line  # ints stored as floats: InfluxDB fixes a field's type at first write
    assert line.endswith(f" {int((NOW - 10) * 1e9)}")


def test_iso_timestamp_with_offset_is_the_same_instant():
    kyiv = datetime.fromtimestamp(NOW - 60, timezone(timedelta(hours=2))).isoformat()
    a = schema.parse(TOPIC, json.dumps({"schema": 1, "ts": kyiv, "values": {"running": False}}).encode(), NOW)
    assert a.ts_s == NOW - 60
    with pytest.raises(schema.Rejected, match="no UTC offset"):
        schema.parse(TOPIC, json.dumps({"schema": 1, "ts": kyiv[:-6], "values": {"running": False}}).encode(), NOW)


@pytest.mark.parametrize(
    ("topic", "raw", "code"),
    [
        (TOPIC, b"{not json", "json"),
        (TOPIC, b"[1, 2]", "json"),
        (TOPIC, b'{"schema": 2, "ts": 1795000000, "values": {"running": true}}', "schema"),
        (TOPIC, b'{"schema": 1, "values": {"running": true}}', "timestamp"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"flow_m3_per_h": "12"}}', "type"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"running": 1}}', "type"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"flow_m3_per_h": NaN}}', "nan"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"flow_m3_per_h": Infinity}}', "nan"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"flow_m3_per_h": 1e400}}', "nan"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"flow_m3_per_h": -5}}', "range"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"flow_m3h": 5}}', "unknown_field"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {}}', "schema"),
        (TOPIC, b'{"schema": 1, "ts": 1805000000, "values": {"running": true}}', "future"),
        (TOPIC, b'{"schema": 1, "ts": 1700000000, "values": {"running": true}}', "too_old"),
        (TOPIC, b'{"schema": 1, "ts": "yesterday", "values": {"running": true}}', "timestamp"),
        (TOPIC, b'{"schema": 1, "ts": 1795000000, "values": {"running": true}}' + b" " * 5000, "oversized"),
        (TOPIC, b"\xff\xfe", "json"),
        ("teplovoda/v1/station/valve/V1", b"{}", "topic"),
        ("teplovoda/v1/bad site/pump/P1", b"{}", "topic"),
        ("other/v1/station/pump/P1", b"{}", "topic"),
        ("teplovoda/v1/station/status", b'{"schema": 1, "state": "sleeping"}', "status"),
    ],
)
def test_rejections_name_their_reason(topic, raw, code):
    with pytest.raises(schema.Rejected) as exc:
        schema.parse(topic, raw, NOW)
    assert exc.value.reason_code == code
    assert str(exc.value)  # a one-line reason


def test_status_death_message_without_time_uses_the_ingest_clock():
    r = schema.parse("teplovoda/v1/station/status", schema.status_payload("offline"), NOW)
    assert r.ts_s == NOW and r.values == {"state": "offline"}
    assert r.points()[0].startswith("site_status,site=station online=false")


def test_alert_and_ack_round_trip():
    a = schema.parse(
        schema.alert_topic("station", "fuel_autonomy", "G1"), schema.alert_payload(NOW, "active", "5 h left", 5.0), NOW
    )
    assert a.values["active"] is True and a.values["value"] == 5.0
    assert a.points()[0].startswith("alert,asset=G1,rule=fuel_autonomy,site=station ")
    k = schema.parse(schema.alert_topic("station", "fuel_autonomy", "G1") + "/ack", b'{"schema": 1, "by": "operator"}', NOW)
    assert k.topic.kind == "ack" and k.values == {"by": "operator"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=15), children, max_size=5),
    max_leaves=20,
)
field_names = st.sampled_from([*schema.ASSET_FIELDS["pump"], *schema.ASSET_FIELDS["generator"], "x", ""])
near_valid = st.fixed_dictionaries(
    {
        "schema": st.sampled_from([1, 1, 1, 2, "1", None, True]),
        "ts": st.one_of(st.floats(), st.integers(), st.text(max_size=30), st.none()),
    },
    optional={"values": st.dictionaries(field_names, json_values, max_size=6), "seq": json_values},
)
topics = st.one_of(
    st.just(TOPIC),
    st.sampled_from(
        ["teplovoda/v1/s/generator/G1", "teplovoda/v1/s/status", "teplovoda/v1/s/alert/r/a/ack", "teplovoda/v1/s/alert/r/a"]
    ),
    st.text(max_size=60),
)


@settings(max_examples=3000, deadline=None)
@given(
    topic=topics,
    body=st.one_of(
        st.binary(max_size=300),
        near_valid.map(lambda d: json.dumps(d).encode()),
        json_values.map(lambda v: json.dumps(v).encode()),
    ),
)
def test_any_message_is_parsed_or_rejected_with_a_reason_never_crashes(topic, body):
    try:
        r = schema.parse(topic, body, NOW)
    except schema.Rejected as exc:
        assert exc.reason_code and str(exc)
        return
    lines = r.points()  # what parses must also serialise to one valid line
    assert len(lines) == 1 and "\n" not in lines[0]
    for v in r.values.values():
        assert not isinstance(v, float) or math.isfinite(v)


@settings(max_examples=500, deadline=None)
@given(
    flow=st.floats(0, 50000),
    running=st.booleans(),
    ts=st.floats(NOW - 86400, NOW + 299),
)
def test_valid_payloads_always_parse_with_their_values(flow, running, ts):
    r = schema.parse(TOPIC, schema.payload(ts, {"running": running, "flow_m3_per_h": flow}), NOW)
    assert r.values["running"] is running
    assert math.isclose(r.values["flow_m3_per_h"], flow)
