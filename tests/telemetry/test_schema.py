"""Schema v1: valid readings become the right points; anything else is rejected with a reason, never a crash."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teplovoda.telemetry import schema

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


# -- hostile payloads (issue 12): parse is total --------------------------------------------------
HUGE_TS = b'{"schema":1,"ts":' + b"1" * 400 + b',"values":{"running":true}}'


@pytest.mark.parametrize(
    ("topic", "raw", "code"),
    [
        (TOPIC, HUGE_TS, "number"),  # was an OverflowError in float(): killed the ingest writer
        (TOPIC, b'{"schema":1,"ts":1795000000,"seq":' + b"9" * 400 + b',"values":{"running":true}}', "number"),
        (TOPIC, b'{"schema":1,"ts":1795000000,"values":{"flow_m3_per_h":' + b"9" * 400 + b"}}", "number"),
        (TOPIC, b'{"schema":1,"ts":1795000000,"values":{"flow_m3_per_h":-' + b"9" * 400 + b".5}}", "number"),
        (TOPIC, b'{"schema":1,"ts":1e309,"values":{"running":true}}', "nan"),
        (TOPIC, b'{"schema":1,"ts":-1e309,"values":{"running":true}}', "nan"),
        (TOPIC, b'{"schema":1,"ts":-0,"values":{"running":true}}', "too_old"),
        (TOPIC, b'{"schema":1,"ts":1795000000,"values":' + b"[" * 2000 + b"]" * 2000 + b"}", "json"),
        (TOPIC, b'{"schema":1,"ts":1795000000,"values":{"running":true},"values":{"running":false}}', "json"),
        (TOPIC, b"\xef\xbb\xbf" + schema.payload(NOW, {"running": True}), "json"),  # a BOM
        (TOPIC, b'{"schema":1,"ts":1795000000,"values":{"running":true}}\xff', "json"),
        (TOPIC, b'{"schema":1,"ts":"\\ud800","values":{"running":true}}', "timestamp"),
        (TOPIC, b'{"schema":1,"ts":"0001-01-01T00:00:00+23:59","values":{"running":true}}', "too_old"),
        (TOPIC, b'{"schema":1,"ts":1795000000,"values":{"\\udfff":1}}', "unknown_field"),
        ("teplovoda/v1/station\n/pump/P1", b"{}", "topic"),  # "$" in the old name pattern accepted a final newline
        ("teplovoda/v1/station/pump/P1\n", b"{}", "topic"),
        ("teplovoda/v1/st\x00/pump/P1", b"{}", "topic"),
        ("teplovoda/v1/station/pump/P1/extra", b"{}", "topic"),  # 6 levels
        ("teplovoda/v1/station/alert/r\n/a", b"{}", "topic"),
        ("teplovoda/v2/station/pump/P1", b"{}", "topic"),
        ("teplovoda/v1/station/stored", schema.stored_payload(5, NOW), "stored"),
    ],
)
def test_hostile_payloads_are_rejected_with_a_reason(topic, raw, code):
    with pytest.raises(schema.Rejected) as exc:
        schema.parse(topic, raw, NOW)
    assert exc.value.reason_code == code
    assert "\n" not in str(exc.value) and str(exc.value).isprintable()


def test_negative_zero_is_zero_and_a_lone_surrogate_is_escaped():
    r = schema.parse(TOPIC, b'{"schema":1,"ts":1795000000,"values":{"flow_m3_per_h":-0.0,"speed_pct":-0}}', NOW)
    assert math.copysign(1, r.values["flow_m3_per_h"]) == 1 and r.values["speed_pct"] == 0
    ack = schema.parse(TOPIC.replace("pump/P2", "alert/r/a/ack"), b'{"schema":1,"by":"op\\ud800\\n"}', NOW)
    ack.points()[0].encode()  # would raise UnicodeEncodeError with the surrogate kept
    assert "\n" not in ack.points()[0]


def test_stored_payload_round_trip():
    assert schema.parse_stored(schema.stored_payload(42, NOW)) == 42
    for bad in (b'{"schema":1,"seq":-1}', b'{"schema":1,"seq":true}', b'{"schema":1,"seq":1,"x":2}', b"[]"):
        with pytest.raises(schema.Rejected):
            schema.parse_stored(bad)


# JSON text built from parts, so that the edges json.dumps never writes appear anywhere in a payload
NUMBER_EDGES = [
    "0", "-0", "-0.0", "0e0", "-0e-0", "1e309", "-1e309", "1E400", "1e-400", "4.9e-324", "2.5e-324",
    "1.7976931348623157e308", "1.7976931348623159e308", "9007199254740993", "1" * 39, "1" * 40, "1" * 41,
    "1" * 400, "-" + "9" * 400, "1" + "0" * 308 + ".0", "0." + "0" * 400 + "1", "1795000000", "1795000000.5",
    "NaN", "-Infinity", "Infinity", "01", "1.", ".5", "+1", "0x10", "1e", "--1",
]  # fmt: skip
STRING_EDGES = ['"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"a\\nb"', '"\\""', '"' + "x" * 5000 + '"', '"\\x"', '"']
leaf = st.one_of(
    st.sampled_from(NUMBER_EDGES + STRING_EDGES + ["true", "false", "null"]),
    st.integers(min_value=-(10**500), max_value=10**500).map(str),  # huge integers
    st.floats().map(lambda x: json.dumps(x)),
    st.text(max_size=3000).map(json.dumps),  # huge strings (up to 3,000 characters, many escaped)
)
key = st.one_of(
    st.sampled_from(['"schema"', '"ts"', '"seq"', '"values"', '"state"', '"by"', '"message"', '"\\ud800"']),
    st.sampled_from([*schema.ASSET_FIELDS["pump"], *schema.ASSET_FIELDS["generator"]]).map(json.dumps),
    st.text(max_size=10).map(json.dumps),
)
json_text = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]"),
        st.lists(st.tuples(key, children), max_size=4).map(lambda kv: "{" + ",".join(f"{k}:{v}" for k, v in kv) + "}"),
    ),
    max_leaves=12,
)
deep = st.integers(1, 5000).flatmap(lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n]))
near_valid_text = st.builds(
    lambda ts, seq, fields, dup: (
        '{"schema":1,"ts":' + ts + (',"seq":' + seq if seq else "") + ',"values":{'
        + ",".join(f"{json.dumps(k)}:{v}" for k, v in fields) + "}" + (',"ts":1795000000' if dup else "") + "}"
    ),
    ts=st.one_of(st.sampled_from(NUMBER_EDGES + STRING_EDGES), st.just("1794999990")),
    seq=st.one_of(st.none(), st.sampled_from(NUMBER_EDGES), deep),
    fields=st.lists(st.tuples(field_names, st.one_of(leaf, deep, json_text)), max_size=4),
    dup=st.booleans(),
)  # fmt: skip


def _mangle(text: str, how: int, at: int) -> bytes:
    raw = text.encode("utf-8", "surrogatepass")  # a raw (not escaped) lone surrogate: invalid UTF-8
    at = at % (len(raw) + 1)
    return [
        raw,
        b"\xef\xbb\xbf" + raw,  # BOM
        raw[:at] + b"\xff" + raw[at:],  # a byte that is never UTF-8
        raw[:at] + b"\xc3" + raw[at:],  # a truncated sequence
        raw[:at] + b"\xed\xa0\x80" + raw[at:],  # an encoded surrogate
        raw[:at],  # cut short
    ][how]


hostile = st.builds(
    _mangle,
    st.one_of(near_valid_text, json_text, deep, st.text(max_size=50).map(lambda t: '{"schema":1,"ts":"' + t + '"}')),
    st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5]),
    st.integers(0, 10_000),
)
hostile_topics = st.one_of(
    topics,
    st.sampled_from(
        ["teplovoda/v1/s/pump/P1/x", "teplovoda/v1/s\x00/pump/P1", "teplovoda/v1/s\n/pump/P1", "teplovoda/v1/s/stored"]
    ),
)
REASONS = {
    "topic", "json", "number", "nan", "schema", "timestamp", "future", "too_old", "type", "range", "unknown_field",
    "status", "ack", "alert", "stored", "oversized",
}  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(topic=hostile_topics, raw=hostile)
def test_hostile_payloads_are_parsed_or_rejected_never_anything_else(topic, raw):
    """Huge integers, deep nesting, huge strings, every JSON number edge, invalid UTF-8: a Reading or Rejected."""
    try:
        r = schema.parse(topic, raw, NOW)
    except schema.Rejected as exc:
        assert exc.reason_code in REASONS and "\n" not in str(exc)
        schema.dead_letter_line(topic, raw, exc, 1, "w").encode()  # the dead letter is writable too
        return
    (line,) = r.points()
    assert "\n" not in line
    line.encode("utf-8")  # no lone surrogate reaches InfluxDB
    for v in r.values.values():
        assert not isinstance(v, float) or math.isfinite(v)


# -- the fast paths of ingest give exactly what the checked ones give -----------------------------
def same(a, b) -> bool:
    return repr(a) == repr(b)  # 1 and 1.0, 0.0 and -0.0 differ


readings = st.builds(
    schema.payload,
    st.floats(NOW - 86400, NOW + 299),
    st.dictionaries(
        st.sampled_from(list(schema.ASSET_FIELDS["pump"])),
        st.one_of(st.floats(-1e6, 1e6), st.integers(-(10**20), 10**20), st.booleans(), st.just(-0.0)),
        min_size=1,
    ),
    st.one_of(st.none(), st.integers(0, 2**64)),
)


@settings(max_examples=3000, deadline=None)
@given(raw=st.one_of(readings, hostile, near_valid.map(lambda d: json.dumps(d).encode())))
def test_the_orjson_path_decodes_what_the_checked_json_path_decodes(raw):
    fast = schema._plain_json(raw)
    if fast is not None:  # else _json_object takes _checked_json
        assert same(fast, schema._checked_json(raw.decode("utf-8")))


def test_the_orjson_path_is_taken_for_what_gateways_send_and_not_for_repeated_keys():
    assert schema._plain_json(schema.payload(NOW, {"running": True, "flow_m3_per_h": 612.25}, 7)) is not None
    assert schema._plain_json(b'{"schema":1,"ts":1795000000,"values":{"running":true,"running":false}}') is None
    assert schema._plain_json(b'{"schema":1,"ts":1795000000,"seq":' + b"9" * 20 + b',"values":{"running":true}}') is None


@settings(max_examples=1000, deadline=None)
@given(kind=st.sampled_from(list(schema.ASSET_FIELDS)), data=st.data(), seq=st.one_of(st.none(), st.integers(0, 2**53 - 1)))
def test_an_asset_reading_line_is_what_influxdb_clients_point_writes(kind, data, seq):
    specs = schema.ASSET_FIELDS[kind]
    values = data.draw(
        st.dictionaries(st.sampled_from(list(specs)), st.none(), min_size=1).map(
            lambda d: {
                k: data.draw(st.booleans() if specs[k].kind is bool else st.floats(specs[k].low, specs[k].high)) for k in d
            }
        )
    )
    ts = data.draw(st.floats(NOW - 86400, NOW + 299))
    r = schema.parse(f"teplovoda/v1/site-{kind}/{kind}/A.1_b", schema.payload(ts, values, seq), NOW)
    assert r.points() == r._point_lines()
