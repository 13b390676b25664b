"""Telemetry schema v1: topics, payloads, units and ranges, and the pure parser the ingest service uses.

Topics (``<site>`` and ``<asset>`` are 1-64 characters of ``A-Z a-z 0-9 _ . -``)::

    teplovoda/v1/<site>/<kind>/<asset>              a reading of one asset (QoS 1)
    teplovoda/v1/<site>/status                      birth / death of a site's gateway (retained)
    teplovoda/v1/<site>/<kind>/<asset>/status       a device behind the gateway answers or not (retained;
                                                    the Modbus gateway: telemetry/modbus.py)
    teplovoda/v1/<site>/alert/<rule>/<asset>        an alert raised or cleared (published by ingest, retained)
    teplovoda/v1/<site>/alert/<rule>/<asset>/ack    an operator acknowledges it
    teplovoda/v1/<site>/stored                      the highest seq of the site stored without a gap
                                                    (published by ingest, retained; the gateway's outbox
                                                    deletes what it covers: telemetry/gateway.py)

A reading's payload is a JSON object of at most :data:`MAX_PAYLOAD_BYTES`::

    {"schema": 1, "ts": 1795562771.25, "seq": 1042,
     "values": {"running": true, "flow_m3_per_h": 612.0, "discharge_pressure_m": 48.2}}

* ``ts``: the device's clock when it measured, Unix seconds (number) or ISO 8601 with a UTC offset.
  Stored as the point's time: a reading buffered on the device during an outage keeps its own time.
  A ``ts`` more than :data:`MAX_FUTURE_S` ahead of the ingest clock or older than :data:`MAX_AGE_S`
  is rejected (a device with a wrong clock must be fixed, not silently misfiled).
* ``seq``: optional, the device's message counter (stored as a field; gaps show lost messages).
* ``values``: fields of :data:`ASSET_FIELDS` for the asset kind, units in their names; numbers are
  stored as floats (InfluxDB fixes a field's type at its first write), booleans as booleans. A
  payload with an unknown field, a wrong type, NaN/inf or a value outside its physical range is
  rejected as a whole, with the field named: a sensor reading 900 bar is broken, and storing the
  other fields of a broken message would hide that.

Status payloads: ``{"schema": 1, "state": "online" | "offline", "ts": ...}``; ``ts`` may be missing
in the death message (the broker sends the last will when the gateway is already gone), the ingest
clock is used then. A device status has the same payload and is stored as ``device_status`` (tags
``site``, ``kind``, ``asset``; field ``online``): a device that stops answering is offline, it never
reads as zeros.

Points are InfluxDB measurements named by asset kind (``pump``, ``generator``, ...) with tags
``site`` and ``asset``; a series is (kind, site, asset), so a reading delivered twice (an MQTT
redelivery after a crash) overwrites itself: stored exactly once.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime

import orjson
from influxdb_client.client.write.point import Point
from influxdb_client.domain.write_precision import WritePrecision

SCHEMA_VERSION = 1
PREFIX = "teplovoda/v1"
MAX_PAYLOAD_BYTES = 4096
MAX_FUTURE_S = 300.0
MAX_AGE_S = 30 * 86400.0
NAME_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")  # used with fullmatch: "$" would accept a trailing newline
# JSON limits: a number is at most MAX_NUMBER_CHARS characters (Python's int() of a 400-digit literal is
# exact but float() of it overflows; 40 characters hold every float repr and every int below 10**39),
# and a payload nests at most MAX_DEPTH arrays/objects (a reading needs 2).
MAX_NUMBER_CHARS = 40
MAX_DEPTH = 8


@dataclass(frozen=True)
class FieldSpec:
    """One telemetry field: its unit (in its name too), type and physical range."""

    unit: str
    kind: type = float
    low: float = -math.inf
    high: float = math.inf
    description: str = ""


ASSET_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "pump": {
        "running": FieldSpec("", bool, description="motor running"),
        "flow_m3_per_h": FieldSpec("m3/h", float, 0, 50000, "delivered flow"),
        "discharge_pressure_m": FieldSpec("m", float, -10, 400, "discharge pressure head, gauge"),
        "suction_pressure_m": FieldSpec("m", float, -10, 400, "suction pressure head, gauge"),
        "power_kw": FieldSpec("kW", float, 0, 20000, "electrical input"),
        "motor_temp_c": FieldSpec("°C", float, -50, 250, "winding temperature"),
        "speed_pct": FieldSpec("%", float, 0, 120, "speed of a VFD-driven pump"),
    },
    "generator": {
        "running": FieldSpec("", bool, description="set running and on load"),
        "load_kw": FieldSpec("kW", float, 0, 20000, "electrical load"),
        "fuel_level_pct": FieldSpec("%", float, 0, 100, "day tank level"),
        "fuel_l": FieldSpec("L", float, 0, 200000, "diesel left in the tank"),
        "fuel_rate_l_per_h": FieldSpec("L/h", float, 0, 5000, "fuel consumption"),
        "coolant_temp_c": FieldSpec("°C", float, -50, 150, "engine coolant"),
        "run_hours_h": FieldSpec("h", float, 0, 1e6, "engine hour meter"),
    },
    "boiler": {
        "running": FieldSpec("", bool, description="burner / grate firing"),
        "supply_temp_c": FieldSpec("°C", float, -20, 200, "flow temperature leaving"),
        "return_temp_c": FieldSpec("°C", float, -20, 200, "return temperature entering"),
        "heat_output_kw": FieldSpec("kW", float, 0, 500000, "heat delivered to the network"),
        "fuel_feed_kg_per_h": FieldSpec("kg/h", float, 0, 100000, "solid fuel feed (wood chips, pellets)"),
        "fuel_feed_m3_per_h": FieldSpec("m3/h", float, 0, 100000, "gas feed"),
    },
    "tank": {
        "level_m": FieldSpec("m", float, 0, 100, "water level above the tank floor"),
        "level_pct": FieldSpec("%", float, 0, 100, "level as share of the full height"),
        "volume_m3": FieldSpec("m3", float, 0, 1e6, "water stored"),
    },
    "pressure": {
        "pressure_m": FieldSpec("m", float, -10, 400, "network pressure head at the sensor, gauge"),
    },
    "grid": {
        "grid_on": FieldSpec("", bool, description="mains supply present"),
        "voltage_v": FieldSpec("V", float, 0, 20000, "line voltage at the site bus"),
    },
}
STATUS_STATES = ("online", "offline")
ALERT_STATES = ("active", "cleared")


class Rejected(ValueError):
    """A payload that cannot be stored; ``reason_code`` groups them, the message says why."""

    def __init__(self, reason_code: str, message: str):
        super().__init__(message)
        self.reason_code = reason_code


@dataclass(frozen=True)
class Topic:
    site: str
    kind: str  # an asset kind, "status", "device_status", "alert" or "ack"
    asset: str = ""
    rule: str = ""
    device_kind: str = ""  # a device_status topic's asset kind


@dataclass
class Reading:
    """A parsed, valid message: the points to store and what the alert rules look at."""

    topic: Topic
    ts_s: float
    values: dict = field(default_factory=dict)
    seq: int | None = None

    @property
    def ts_ns(self) -> int:
        """The point's time, Unix nanoseconds."""
        return int(round(self.ts_s * 1e9))

    def points(self) -> list[str]:
        """InfluxDB line protocol for this reading (one line).

        An asset reading's line is written here directly: the measurement, tags and field names are
        declared names or 1-64 of ``A-Z a-z 0-9 _ . -`` (nothing to escape) and its values are finite
        floats and booleans, formatted as influxdb-client's ``Point`` does (fields sorted by name, a
        float's trailing ``.0`` dropped), which takes 4 times as long (12 against 3 microseconds) and
        serialises the other kinds.
        """
        line = self._asset_line()
        return [line] if line is not None else self._point_lines()

    def _asset_line(self) -> str | None:
        t = self.topic
        if t.kind not in ASSET_FIELDS:
            return None
        fields = dict(self.values)
        if self.seq is not None:
            fields["seq"] = float(self.seq)
        parts = []
        for name in sorted(fields):
            v = fields[name]
            if v is True or v is False:
                parts.append(f"{name}={'true' if v else 'false'}")
            elif type(v) is float and math.isfinite(v):
                text = repr(v)
                parts.append(f"{name}={text[:-2] if text.endswith('.0') else text}")
            else:  # not what parse() makes: let Point serialise (or refuse) it
                return None
        return f"{t.kind},asset={t.asset},site={t.site} {','.join(parts)} {self.ts_ns}"

    def _point_lines(self) -> list[str]:
        """The line through influxdb-client's ``Point`` (status, alerts, acknowledgements)."""
        if self.topic.kind == "status":
            p = Point("site_status").tag("site", self.topic.site).field("online", self.values["state"] == "online")
        elif self.topic.kind == "device_status":
            p = Point("device_status").tag("site", self.topic.site).tag("kind", self.topic.device_kind)
            p = p.tag("asset", self.topic.asset).field("online", self.values["state"] == "online")
        elif self.topic.kind in ("alert", "ack"):
            p = Point("alert" if self.topic.kind == "alert" else "alert_ack")
            p = p.tag("site", self.topic.site).tag("rule", self.topic.rule).tag("asset", self.topic.asset)
            for k, v in self.values.items():
                p = p.field(k, v)
        else:
            p = Point(self.topic.kind).tag("site", self.topic.site).tag("asset", self.topic.asset)
            for k, v in self.values.items():
                p = p.field(k, v)
            if self.seq is not None:
                p = p.field("seq", float(self.seq))
        return [p.time(int(round(self.ts_s * 1e9)), WritePrecision.NS).to_line_protocol()]


def topic_for(site: str, kind: str, asset: str) -> str:
    return f"{PREFIX}/{site}/{kind}/{asset}"


def status_topic(site: str) -> str:
    return f"{PREFIX}/{site}/status"


def device_status_topic(site: str, kind: str, asset: str) -> str:
    """Where a gateway says whether one of its devices answers (payload: :func:`status_payload`)."""
    return f"{PREFIX}/{site}/{kind}/{asset}/status"


def alert_topic(site: str, rule: str, asset: str) -> str:
    return f"{PREFIX}/{site}/alert/{rule}/{asset}"


def payload(ts_s: float, values: dict, seq: int | None = None) -> bytes:
    """A schema v1 reading payload (what devices and the simulator publish)."""
    body = {"schema": SCHEMA_VERSION, "ts": round(ts_s, 3), "values": values}
    if seq is not None:
        body["seq"] = seq
    return json.dumps(body, separators=(",", ":")).encode()


def alert_payload(ts_s: float, state: str, message: str, value: float | None = None, acknowledged: bool = False) -> bytes:
    body = {"schema": SCHEMA_VERSION, "ts": round(ts_s, 3), "state": state, "acknowledged": acknowledged, "message": message}
    body["value"] = None if value is None or not math.isfinite(value) else round(float(value), 3)
    return json.dumps(body, separators=(",", ":")).encode()


def status_payload(state: str, ts_s: float | None = None) -> bytes:
    body = {"schema": SCHEMA_VERSION, "state": state}
    if ts_s is not None:
        body["ts"] = round(ts_s, 3)
    return json.dumps(body, separators=(",", ":")).encode()


def stored_topic(site: str) -> str:
    return f"{PREFIX}/{site}/stored"


def stored_payload(seq: int, ts_s: float) -> bytes:
    """What ingest publishes (retained) to :func:`stored_topic`: every reading of the site up to ``seq`` is stored."""
    return json.dumps({"schema": SCHEMA_VERSION, "seq": int(seq), "ts": round(ts_s, 3)}, separators=(",", ":")).encode()


def parse_stored(raw: bytes) -> int:
    """The ``seq`` of a ``stored`` message (see :func:`stored_payload`); :class:`Rejected` if it is not one."""
    body = _json_object(raw)
    seq = body.get("seq")
    if set(body) - {"schema", "seq", "ts"} or isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < 2**53:
        raise Rejected("stored", "a stored message is {schema: 1, seq: a non-negative integer, ts}")
    return seq


def valid_name(text: str) -> bool:
    """True for a site, asset or rule name: 1-64 of A-Z a-z 0-9 _ . - and nothing else."""
    return NAME_RE.fullmatch(text) is not None


@functools.lru_cache(maxsize=16384)  # topics repeat (one per asset): parsed once; Rejected is never cached
def parse_topic(topic: str) -> Topic:
    parts = topic.split("/")
    if len(parts) < 4 or "/".join(parts[:2]) != PREFIX:
        raise Rejected("topic", f"topic {_printable(topic[:120])!r} is not under {PREFIX}/<site>/...")
    site, rest = parts[2], parts[3:]
    if not valid_name(site):
        raise Rejected("topic", f"site name {_printable(site[:80])!r} must be 1-64 of A-Z a-z 0-9 _ . -")
    if rest == ["status"]:
        return Topic(site, "status")
    if rest == ["stored"]:
        return Topic(site, "stored")
    if len(rest) in (3, 4) and rest[0] == "alert" and (len(rest) == 3 or rest[3] == "ack"):
        if not (valid_name(rest[1]) and valid_name(rest[2])):
            raise Rejected("topic", "alert rule and asset names must be 1-64 of A-Z a-z 0-9 _ . -")
        return Topic(site, "ack" if len(rest) == 4 else "alert", asset=rest[2], rule=rest[1])
    if len(rest) == 3 and rest[0] in ASSET_FIELDS and rest[2] == "status":
        if not valid_name(rest[1]):
            raise Rejected("topic", f"asset name {_printable(rest[1][:80])!r} must be 1-64 of A-Z a-z 0-9 _ . -")
        return Topic(site, "device_status", asset=rest[1], device_kind=rest[0])
    if len(rest) == 2 and rest[0] in ASSET_FIELDS:
        if not valid_name(rest[1]):
            raise Rejected("topic", f"asset name {_printable(rest[1][:80])!r} must be 1-64 of A-Z a-z 0-9 _ . -")
        return Topic(site, rest[0], asset=rest[1])
    if len(rest) == 2:
        raise Rejected("topic", f"unknown asset kind {_printable(rest[0][:40])!r} (one of {', '.join(ASSET_FIELDS)})")
    raise Rejected("topic", f"topic {_printable(topic[:120])!r} does not match {PREFIX}/<site>/<kind>/<asset> or .../status")


def _timestamp(value, received_at_s: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Rejected("timestamp", f"ts must be Unix seconds or an ISO 8601 string, got {type(value).__name__}")
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            raise Rejected("timestamp", f"ts {_printable(value[:40])!r} is not ISO 8601") from None
        if dt.tzinfo is None:
            raise Rejected("timestamp", f"ts {_printable(value[:40])!r} has no UTC offset")
        try:
            value = dt.timestamp()
        except (OverflowError, OSError, ValueError):  # year 1 or 9999 shifted past the calendar by its offset
            raise Rejected("timestamp", f"ts {_printable(value[:40])!r} is outside the calendar") from None
    ts = float(value)  # numbers were bounded by _json_object: no OverflowError
    if not math.isfinite(ts):
        raise Rejected("timestamp", "ts is not a finite number")
    if ts > received_at_s + MAX_FUTURE_S:
        raise Rejected("future", f"ts is {ts - received_at_s:,.0f} s in the future (device clock wrong?)")
    if ts < received_at_s - MAX_AGE_S:
        raise Rejected("too_old", f"ts is {(received_at_s - ts) / 86400:,.1f} days old (more than {MAX_AGE_S / 86400:g})")
    return ts


def _json_object(raw: bytes) -> dict:
    """The payload as a JSON object, or :class:`Rejected`: total over any bytes.

    Refused before or while decoding: more than :data:`MAX_PAYLOAD_BYTES`, invalid UTF-8 (a BOM too),
    nesting deeper than :data:`MAX_DEPTH`, numbers longer than :data:`MAX_NUMBER_CHARS` characters or
    out of the float range (``1e309``), ``NaN``/``Infinity``, and an object repeating a key (which
    one would count is the parser's choice, so a device relying on it is wrong). ``-0`` is 0.
    """
    if not isinstance(raw, bytes | bytearray):
        raise Rejected("json", f"payload must be bytes, got {type(raw).__name__}")
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise Rejected("oversized", f"payload of {len(raw):,} bytes exceeds {MAX_PAYLOAD_BYTES:,}")
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Rejected("json", f"payload is not UTF-8 (byte {exc.start})") from None
    if _depth(text) > MAX_DEPTH:
        raise Rejected("json", f"payload nests deeper than {MAX_DEPTH} levels")
    body = _plain_json(raw)
    if body is None:
        body = _checked_json(text)
    if not isinstance(body, dict):
        raise Rejected("json", f"payload must be a JSON object, got {type(body).__name__}")
    if body.get("schema") != SCHEMA_VERSION or isinstance(body.get("schema"), bool):
        raise Rejected("schema", f"schema must be {SCHEMA_VERSION}, got {str(body.get('schema'))[:20]!r}")
    return body


def _checked_json(text: str):
    """``json.loads`` with every check of :func:`_json_object` made while decoding (or :class:`Rejected`)."""
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_int, parse_float=_float, object_pairs_hook=_unique_keys)
    except Rejected:
        raise
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not JSON"
        raise Rejected("json", f"payload is not JSON: {msg}") from None


# number characters -> "#", brackets and backslashes -> "!", the rest -> " " (see _plain_json)
_SCAN = bytes(35 if chr(i) in "+-.0123456789eE" else 33 if chr(i) in "[]\\" else 32 for i in range(256))
_LONG_NUMBER = b"#" * 20  # a number of 20+ characters: an integer orjson might make a float, or too long


def _plain_json(raw: bytes | bytearray) -> dict | None:
    """The object :func:`_checked_json` would return, decoded by orjson (2.7 against 7.1 microseconds for a
    reading, checks included); None whenever that cannot be shown, and the caller then takes
    :func:`_checked_json`, which also says why a payload is refused.

    Shown by the payload itself: no backslash (so every ``"`` delimits a string), no array, no run of
    number characters longer than 19 (orjson turns integers past 64 bits into floats; MAX_NUMBER_CHARS is
    40). orjson refuses ``NaN``, ``Infinity``, ``1e400`` and invalid JSON as the hooks do. After decoding:
    as many strings in the object as ``"`` pairs in the payload (orjson keeps the last of a repeated key,
    leaving fewer), and ``-0.0`` becomes 0.0 as in :func:`_float`.
    """
    scan = raw.translate(_SCAN)
    if b"!" in scan or _LONG_NUMBER in scan:
        return None
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(body) is not dict or 2 * _plain_strings(body) != raw.count(b'"'):
        return None
    return body


def _plain_strings(obj: dict) -> int:
    """Keys and string values in a decoded object (no arrays), or -1 for a non-finite float; ``-0.0`` made 0.0."""
    n = len(obj)
    for k, v in obj.items():
        tv = type(v)
        if tv is dict:
            inner = _plain_strings(v)
            if inner < 0:
                return -1
            n += inner
        elif tv is str:
            n += 1
        elif tv is float:
            if v - v != 0.0:  # inf - inf and nan - nan are nan
                return -1
            if v == 0.0:
                obj[k] = 0.0
    return n


def _no_constant(name: str):
    raise Rejected("nan", f"payload contains {name}, not a number")


def _depth(text: str) -> int:
    """Deepest nesting of [ and { outside strings (checked before json.loads, which recurses)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:  # the usual reading has 2: skip the scan
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise Rejected("number", f"a number of {len(text):,} digits (at most {MAX_NUMBER_CHARS})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise Rejected("number", f"a number of {len(text):,} characters (at most {MAX_NUMBER_CHARS})")
    x = float(text)
    if not math.isfinite(x):
        raise Rejected("nan", f"number {text} is outside the float range")
    return x + 0.0  # -0.0 -> 0.0


def _unique_keys(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise Rejected("json", f"key {_printable(dup[:40])!r} appears twice in one object")
    return out


def parse(topic: str, raw: bytes, received_at_s: float) -> Reading:
    """Validate one MQTT message against schema v1.

    Parameters
    ----------
    topic : str
    raw : bytes
        The payload as received.
    received_at_s : float
        The ingest clock (Unix seconds), for the future/too-old checks and status without ``ts``.

    Returns
    -------
    Reading
        For readings, status, alert and ack messages.

    Raises
    ------
    Rejected
        Anything that is not a valid message, with a reason code and a one-line reason.
    """
    t = parse_topic(topic)
    if t.kind == "stored":
        raise Rejected("stored", "a stored confirmation (ingest's own message), not a reading")
    body = _json_object(raw)
    if t.kind in ("status", "device_status"):
        extra = set(body) - {"schema", "state", "ts"}
        if extra or body.get("state") not in STATUS_STATES:
            raise Rejected("status", f"status needs state online|offline and nothing else, got keys {sorted(body)[:5]}")
        ts = _timestamp(body["ts"], received_at_s) if "ts" in body else received_at_s
        return Reading(t, ts, {"state": body["state"]})
    if t.kind == "ack":
        ts = _timestamp(body["ts"], received_at_s) if "ts" in body else received_at_s
        by = body.get("by", "")
        if set(body) - {"schema", "ts", "by"} or not isinstance(by, str) or not 0 < len(by) <= 64:
            raise Rejected("ack", "an acknowledgement is {schema, by: a name of 1-64 characters, ts?}")
        return Reading(t, ts, {"by": _printable(by)})
    if t.kind == "alert":
        ts = _timestamp(body.get("ts"), received_at_s)
        ok = (
            body.get("state") in ALERT_STATES
            and isinstance(body.get("acknowledged", False), bool)
            and isinstance(body.get("message", ""), str)
            and (body.get("value") is None or (isinstance(body["value"], int | float) and not isinstance(body["value"], bool)))
            and not set(body) - {"schema", "ts", "state", "acknowledged", "message", "value"}
        )
        if not ok:
            raise Rejected("alert", "an alert is {schema, ts, state: active|cleared, acknowledged, message, value}")
        values = {
            "active": body["state"] == "active",
            "acknowledged": bool(body.get("acknowledged", False)),
            "message": _printable(body.get("message", "")[:300]),
        }
        if body.get("value") is not None and math.isfinite(float(body["value"])):
            values["value"] = float(body["value"])
        return Reading(t, ts, values)
    if set(body) - {"schema", "ts", "seq", "values"}:
        raise Rejected("schema", f"unknown top-level keys {sorted(set(body) - {'schema', 'ts', 'seq', 'values'})[:5]}")
    if "ts" not in body:
        raise Rejected("timestamp", "ts (device time) is missing")
    ts = _timestamp(body["ts"], received_at_s)
    seq = body.get("seq")
    if seq is not None and (isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < 2**53):
        raise Rejected("type", "seq must be a non-negative integer")
    values = body.get("values")
    if not isinstance(values, dict) or not values:
        raise Rejected("schema", "values must be a non-empty object of fields")
    specs = ASSET_FIELDS[t.kind]
    out = {}
    for name, v in values.items():
        spec = specs.get(name)
        if spec is None:
            raise Rejected("unknown_field", f"{t.kind} has no field {str(name)[:60]!r} (fields: {', '.join(specs)})")
        if spec.kind is bool:
            if not isinstance(v, bool):
                raise Rejected("type", f"{name} must be true or false, got {type(v).__name__}")
            out[name] = v
            continue
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise Rejected("type", f"{name} must be a number, got {type(v).__name__}")
        x = float(v)
        if not math.isfinite(x):
            raise Rejected("nan", f"{name} is not finite")
        if not spec.low <= x <= spec.high:
            raise Rejected("range", f"{name} = {x:g} {spec.unit} outside {spec.low:g}..{spec.high:g}")
        out[name] = x
    return Reading(t, ts, out, seq)


def _printable(text: str) -> str:
    """Control characters escaped (a newline would end the line-protocol record)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def dead_letter_line(topic: str, raw: bytes, rejected: Rejected, received_at_ns: int, worker: str) -> str:
    """Line protocol for a rejected message: why, where from, and the start of what it carried."""
    p = (
        Point("dead_letter")
        .tag("worker", worker)
        .tag("reason_code", rejected.reason_code)
        .field("reason", _printable(str(rejected)[:300]))
        .field("topic", _printable(topic[:200]))
        .field("payload", _printable(raw[:512].decode("utf-8", errors="replace")))
        .field("payload_bytes", float(len(raw)))
    )
    return p.time(received_at_ns, WritePrecision.NS).to_line_protocol()


__all__ = [
    "ASSET_FIELDS",
    "FieldSpec",
    "Reading",
    "Rejected",
    "Topic",
    "parse",
    "parse_topic",
    "payload",
    "status_payload",
    "topic_for",
    "status_topic",
    "device_status_topic",
    "alert_topic",
    "dead_letter_line",
    "stored_topic",
    "stored_payload",
    "parse_stored",
]
