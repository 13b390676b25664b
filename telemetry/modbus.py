"""Modbus devices into schema v1: register maps, the site file, the poller and a loopback simulator.

A **register map** is a CSV file (``telemetry/registers/*.csv`` ship three) with one row per register
and a ``# kind: <asset kind>`` comment line naming the schema v1 asset kind its fields belong to::

    address,function,type,word_order,bit,scale,offset,unit,field,raw_min,raw_max,example,source
    1025,holding,int16,,,1,0,°C,coolant_temp_c,,,82,page 4 offset 1 coolant temperature

* ``address``: the 0-based protocol address (0-65535; "register 40001" in a manual is address 0).
* ``function``: ``holding`` (function 3) or ``input`` (function 4).
* ``type``: ``uint16``, ``int16``, ``uint32``, ``int32`` or ``float32``; a 32-bit value takes two
  registers, ``word_order`` ``big`` (high word first, "ABCD", the Modbus convention) or ``little``
  (low word first, "CDAB"); bytes within a word are always big-endian.
* ``bit``: 0-15 of a ``uint16`` status word, for a true/false field; a boolean field without a
  bit is true when the register is not zero.
* ``scale``, ``offset``: ``value = raw * scale + offset`` in ``unit``; :data:`UNITS` converts the unit to
  the schema field's (bar to metres of water head, W to kW, s to h ...). ``raw_min``/``raw_max``
  (optional): a raw value outside them is a failed sensor (a broken 4-20 mA loop): that field is left
  out of the reading, never sent as a number.
* ``field``: a schema v1 field of the map's kind (:data:`teplovoda.telemetry.schema.ASSET_FIELDS`).
* ``example``: a value in ``unit`` that ``teplovoda telemetry modbus-sim`` serves; ``source``: where the
  register comes from.

Every problem in a map is one line naming the file, the row (the file's line number) and the column.

A **site file** (``telemetry/gateway.modbus.sample.toml``) names the site, the poll interval, the
broker with the site's credential, and the devices (TCP host/port/unit id, or an RTU serial line).
:class:`ModbusPoller` reads each device every interval (contiguous registers in one request of at
most 125) and hands the converted values to :class:`teplovoda.telemetry.gateway.Gateway`: the same
outbox, birth/death and end-to-end confirmation as the simulator's gateway. A device that does not
answer (timeout, connection refused, a Modbus exception) publishes no reading: the gateway marks it
``offline`` on its device status topic (:func:`teplovoda.telemetry.schema.device_status_topic`) and
``online`` again at its next answer. A failed read is never turned into zeros.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import math
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from teplovoda.models import units
from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import array_of_tables, build, load_toml
from teplovoda.telemetry import schema
from teplovoda.telemetry.config import MqttConfig
from teplovoda.telemetry.gateway import OutboxFull

logger = logging.getLogger(__name__)

REGISTERS_DIR = Path(__file__).resolve().parent / "registers"
COLUMNS = (
    "address",
    "function",
    "type",
    "word_order",
    "bit",
    "scale",
    "offset",
    "unit",
    "field",
    "raw_min",
    "raw_max",
    "example",
    "source",
)
FUNCTIONS = ("holding", "input")
# type -> (registers, struct format of its big-endian bytes)
TYPES = {"uint16": (1, ">H"), "int16": (1, ">h"), "uint32": (2, ">I"), "int32": (2, ">i"), "float32": (2, ">f")}
WORD_ORDERS = ("big", "little")
MAX_READ = 125  # registers in one read request (Modbus application protocol 1.1b3, function 3 and 4)
# a map's unit -> (the schema unit it converts to, factor, offset): schema = value * factor + offset
UNITS: dict[str, tuple[str, float, float]] = {
    "": ("", 1.0, 0.0),
    "m": ("m", 1.0, 0.0),
    "bar": ("m", units.M_HEAD_PER_BAR, 0.0),
    "kPa": ("m", units.M_HEAD_PER_BAR / 100.0, 0.0),
    "MPa": ("m", units.M_HEAD_PER_BAR * 10.0, 0.0),
    "kW": ("kW", 1.0, 0.0),
    "W": ("kW", 1e-3, 0.0),
    "MW": ("kW", 1e3, 0.0),
    "°C": ("°C", 1.0, 0.0),
    "K": ("°C", 1.0, -units.KELVIN_OFFSET),
    "%": ("%", 1.0, 0.0),
    "m3/h": ("m3/h", 1.0, 0.0),
    "L/s": ("m3/h", units.SECONDS_PER_HOUR / units.LITRES_PER_M3, 0.0),
    "m3/s": ("m3/h", units.SECONDS_PER_HOUR, 0.0),
    "L": ("L", 1.0, 0.0),
    "m3": ("L", units.LITRES_PER_M3, 0.0),
    "L/h": ("L/h", 1.0, 0.0),
    "kg/h": ("kg/h", 1.0, 0.0),
    "h": ("h", 1.0, 0.0),
    "min": ("h", 60.0 / units.SECONDS_PER_HOUR, 0.0),
    "s": ("h", 1.0 / units.SECONDS_PER_HOUR, 0.0),
    "V": ("V", 1.0, 0.0),
    "kV": ("V", 1e3, 0.0),
}


# -- decoding -------------------------------------------------------------------------------------
def decode(words: list[int], type_: str, word_order: str = "big") -> float:
    """The number held by ``words`` (16-bit registers as read) of ``type_``."""
    n, fmt = TYPES[type_]
    ws = list(words[:n])
    if n == 2 and word_order == "little":
        ws.reverse()
    return struct.unpack(fmt, struct.pack(">" + "H" * n, *ws))[0]


def encode(value: float, type_: str, word_order: str = "big") -> list[int]:
    """The registers that hold ``value`` as ``type_`` (the inverse of :func:`decode`; the simulator's)."""
    n, fmt = TYPES[type_]
    ws = list(struct.unpack(">" + "H" * n, struct.pack(fmt, value if type_ == "float32" else int(value))))
    if n == 2 and word_order == "little":
        ws.reverse()
    return ws


@dataclass(frozen=True)
class Register:
    """One row of a register map (see the module doc)."""

    row: int
    address: int
    function: str
    type: str
    field: str
    unit: str = ""
    scale: float = 1.0
    offset: float = 0.0
    word_order: str = "big"
    bit: int | None = None
    raw_min: float | None = None
    raw_max: float | None = None
    example: float | None = None
    source: str = ""

    @property
    def words(self) -> int:
        return TYPES[self.type][0]

    def raw(self, words: list[int]) -> float:
        """The raw number (or the bit, 0/1) of this register from its words."""
        x = decode(words, self.type, self.word_order)
        return float((int(x) >> self.bit) & 1) if self.bit is not None else float(x)

    def value(self, words: list[int]) -> float | bool | None:
        """The schema v1 value (SI, the field's unit) from the registers read; None for a failed sensor."""
        x = self.raw(words)
        if (
            not math.isfinite(x)
            or (self.raw_min is not None and x < self.raw_min)
            or (self.raw_max is not None and x > self.raw_max)
        ):
            return None
        if self.bit is not None or self.unit == "" and _spec_kind(self.field) is bool:
            return x != 0
        _, factor, off = UNITS[self.unit]
        return (x * self.scale + self.offset) * factor + off

    def example_words(self) -> list[int]:
        """The registers that read as :attr:`example` (in :attr:`unit`): what ``modbus-sim`` serves."""
        ex = 0.0 if self.example is None else self.example
        if self.bit is not None:
            return [(1 << self.bit) if ex else 0]
        raw = (ex - self.offset) / self.scale
        return encode(raw if self.type == "float32" else round(raw), self.type, self.word_order)


def _spec_kind(name: str):
    for specs in schema.ASSET_FIELDS.values():
        if name in specs:
            return specs[name].kind
    return None


@dataclass(frozen=True)
class RegisterMap:
    path: Path
    kind: str
    registers: tuple[Register, ...]

    @property
    def name(self) -> str:
        return self.path.stem

    def blocks(self) -> list[tuple[str, int, int, list[Register]]]:
        """Read requests: (function, first address, count, registers) of contiguous registers, at most
        :data:`MAX_READ` each (a gap starts a new request: a device may refuse unmapped addresses)."""
        out: list[tuple[str, int, int, list[Register]]] = []
        for fn in FUNCTIONS:
            for r in sorted((r for r in self.registers if r.function == fn), key=lambda r: r.address):
                if out and out[-1][0] == fn:
                    _, start, count, regs = out[-1]
                    end = start + count
                    if r.address <= end and max(end, r.address + r.words) - start <= MAX_READ:
                        out[-1] = (fn, start, max(end, r.address + r.words) - start, [*regs, r])
                        continue
                out.append((fn, r.address, r.words, [r]))
        return out

    def convert(self, block_words: dict[tuple[str, int], list[int]]) -> tuple[dict, list[str]]:
        """Schema v1 values from the words of each block (keyed by (function, start)); and the fields left
        out as failed sensors or outside the schema's physical range."""
        values, bad = {}, []
        for fn, start, _count, regs in self.blocks():
            words = block_words[(fn, start)]
            for r in regs:
                v = r.value(words[r.address - start : r.address - start + r.words])
                spec = schema.ASSET_FIELDS[self.kind][r.field]
                if v is None or (not isinstance(v, bool) and not spec.low <= v <= spec.high):
                    bad.append(r.field)
                    continue
                values[r.field] = v
        return values, bad


def _map_error(path, row: int, column: str, msg: Msg) -> InputError:
    return InputError(within(f"row {row}, column {column}", msg), source=str(path))


def _number(path, row: int, column: str, text: str, integer: bool = False, default=None):
    text = text.strip()
    if text == "":
        if default is not None or column not in ("address", "scale"):
            return default
    try:
        v = int(text, 0) if integer else float(text)
    except ValueError:
        what = "an integer" if integer else "a number"
        raise _map_error(path, row, column, Msg("expected", "expected {what}, got {got}", what=what, got=repr(text))) from None
    if not math.isfinite(v):
        raise _map_error(path, row, column, Msg("expected", "expected {what}, got {got}", what="a finite number", got=text))
    return v


def map_path(name: str, base: Path | None = None) -> Path:
    """A register map by file name or path (relative to ``base``), or a shipped one by name (``dse_gencomm``)."""
    p = Path(name)
    if base is not None and not p.is_absolute():
        if (base / p).is_file():
            return base / p
    if p.is_file():
        return p
    return REGISTERS_DIR / (p.name if p.suffix == ".csv" else p.name + ".csv")


def shipped_maps() -> list[str]:
    return sorted(p.stem for p in REGISTERS_DIR.glob("*.csv"))


def _row(path, kind: str, header: list[str], row: int, line: str, earlier: list[Register]) -> Register:
    """One register map row, checked (see :func:`load_register_map`)."""
    specs = schema.ASSET_FIELDS[kind]
    cells = next(csv.reader(io.StringIO(line)))
    if len(cells) != len(header):
        bad = Msg("tel.modbus.cells", "{got} cells where the header has {want}", got=len(cells), want=len(header))
        raise _map_error(path, row, header[min(len(cells), len(header) - 1)], bad)
    c = {h: v.strip() for h, v in zip(header, cells, strict=True)}
    address = _number(path, row, "address", c["address"], integer=True)
    if not 0 <= address <= 65535:
        raise _map_error(path, row, "address", Msg("range", "must be {rule}, got {got}", rule="0-65535", got=address))
    if c["function"] not in FUNCTIONS:
        raise _map_error(
            path,
            row,
            "function",
            Msg("tel.modbus.one_of", "expected one of {known}, got {got}", known=", ".join(FUNCTIONS), got=repr(c["function"])),
        )
    if c["type"] not in TYPES:
        raise _map_error(
            path,
            row,
            "type",
            Msg("tel.modbus.one_of", "expected one of {known}, got {got}", known=", ".join(TYPES), got=repr(c["type"])),
        )
    words = TYPES[c["type"]][0]
    if address + words - 1 > 65535:
        raise _map_error(path, row, "address", Msg("range", "must be {rule}, got {got}", rule=f"0-{65536 - words}", got=address))
    word_order = c.get("word_order") or "big"
    if word_order not in WORD_ORDERS:
        raise _map_error(
            path,
            row,
            "word_order",
            Msg("tel.modbus.one_of", "expected one of {known}, got {got}", known=", ".join(WORD_ORDERS), got=repr(word_order)),
        )
    if c["field"] not in specs:
        bad = Msg(
            "tel.modbus.field",
            "{kind} has no schema v1 field {got} (fields: {fields})",
            kind=kind,
            got=repr(c["field"]),
            fields=", ".join(specs),
        )
        raise _map_error(path, row, "field", bad)
    spec = specs[c["field"]]
    bit = _number(path, row, "bit", c.get("bit", ""), integer=True)
    if bit is not None and (not 0 <= bit <= 15 or c["type"] != "uint16" or spec.kind is not bool):
        bad = Msg("tel.modbus.bit", "a bit (0-15) reads a true/false field from a uint16 status word")
        raise _map_error(path, row, "bit", bad)
    unit = c.get("unit", "")
    if unit not in UNITS or UNITS[unit][0] != spec.unit:
        fits = [u for u, (to, _, _) in UNITS.items() if to == spec.unit]
        bad = Msg(
            "tel.modbus.unit",
            "{field} is in {want}: the unit must be one of {fits}, got {got}",
            field=c["field"],
            want=repr(spec.unit),
            fits=", ".join(repr(u) for u in fits),
            got=repr(unit),
        )
        raise _map_error(path, row, "unit", bad)
    scale = _number(path, row, "scale", c.get("scale", ""), default=1.0)
    if scale == 0:
        raise _map_error(path, row, "scale", Msg("range", "must be {rule}, got {got}", rule="non-zero", got=scale))
    reg = Register(
        row=row,
        address=address,
        function=c["function"],
        type=c["type"],
        field=c["field"],
        unit=unit,
        scale=scale,
        offset=_number(path, row, "offset", c.get("offset", ""), default=0.0),
        word_order=word_order,
        bit=bit,
        raw_min=_number(path, row, "raw_min", c.get("raw_min", "")),
        raw_max=_number(path, row, "raw_max", c.get("raw_max", "")),
        example=_number(path, row, "example", c.get("example", "")),
        source=c.get("source", ""),
    )
    if reg.example is not None:
        try:
            reg.example_words()
        except (struct.error, OverflowError):
            bad = Msg(
                "tel.modbus.example",
                "{example} {unit} does not fit a {type} register",
                example=reg.example,
                unit=unit,
                type=reg.type,
            )
            raise _map_error(path, row, "example", bad) from None
    _check_against(path, reg, earlier)
    return reg


def load_register_map(path: str | Path) -> RegisterMap:
    """Read and check a register map (see the module doc); every error names the file, row and column."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            Msg("tel.modbus.no_map", "no register map file (shipped maps: {maps})", maps=", ".join(shipped_maps())),
            source=str(path),
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        raise InputError(Msg("tel.modbus.not_text", "not a readable UTF-8 text file"), source=str(path)) from None
    kind, lines = None, []
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            key, _, value = stripped.lstrip("#").partition(":")
            if key.strip() == "kind":
                kind = value.strip()
                if kind not in schema.ASSET_FIELDS:
                    bad = Msg(
                        "tel.modbus.kind",
                        "unknown asset kind {got} (one of {kinds})",
                        got=repr(kind),
                        kinds=", ".join(schema.ASSET_FIELDS),
                    )
                    raise _map_error(path, n, "kind", bad)
        elif stripped:
            lines.append((n, line))
    if kind is None:
        raise InputError(
            Msg("tel.modbus.no_kind", 'no "# kind: <asset kind>" line (one of {kinds})', kinds=", ".join(schema.ASSET_FIELDS)),
            source=str(path),
        )
    if not lines:
        raise InputError(Msg("tel.modbus.empty", "no header and no registers"), source=str(path))
    header_row, header_line = lines[0]
    header = [h.strip() for h in next(csv.reader([header_line]))]
    missing = [c for c in ("address", "function", "type", "field") if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        bad = Msg(
            "tel.modbus.header",
            "the header needs {needed} and may have {known}",
            needed=", ".join(COLUMNS[:3] + ("field",)),
            known=", ".join(COLUMNS),
        )
        raise _map_error(path, header_row, (missing or unknown)[0], bad)
    regs: list[Register] = []
    for row, line in lines[1:]:
        regs.append(_row(path, kind, header, row, line, regs))
    if not regs:
        raise InputError(Msg("tel.modbus.empty", "no header and no registers"), source=str(path))
    return RegisterMap(path, kind, tuple(regs))


def _check_against(path, r: Register, earlier: list[Register]) -> None:
    """Duplicate addresses, overlapping registers and fields mapped twice (bits of one status word may share it)."""
    for o in earlier:
        if o.field == r.field:
            bad = Msg("tel.modbus.field_twice", "field {field} is mapped already in row {other}", field=r.field, other=o.row)
            raise _map_error(path, r.row, "field", bad)
        if o.function != r.function:
            continue
        if o.address == r.address and not (o.bit is not None and r.bit is not None and o.bit != r.bit):
            bad = Msg(
                "tel.modbus.duplicate",
                "duplicate {function} address {address} (row {other})",
                function=r.function,
                address=r.address,
                other=o.row,
            )
            raise _map_error(path, r.row, "address", bad)
        if o.address < r.address + r.words and r.address < o.address + o.words and o.address != r.address:
            bad = Msg(
                "tel.modbus.overlap",
                "registers {lo}-{hi} overlap row {other} ({olo}-{ohi})",
                lo=r.address,
                hi=r.address + r.words - 1,
                other=o.row,
                olo=o.address,
                ohi=o.address + o.words - 1,
            )
            raise _map_error(path, r.row, "address", bad)


# -- the site file --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ModbusDevice:
    """One ``[[device]]`` of a site file: a TCP device (``host``) or one on an RTU serial line (``serial``)."""

    name: str
    kind: str
    registers: str
    host: str = ""
    port: int = 502
    unit_id: int = 1
    serial: str = ""
    baud: int = 9600
    parity: str = "N"
    stopbits: int = 1
    timeout_s: float = 1.0
    map: RegisterMap | None = None


@dataclass(frozen=True)
class SiteFile:
    path: Path
    site: str
    poll_interval_s: float
    outbox: Path
    mqtt: MqttConfig
    devices: tuple[ModbusDevice, ...] = field(default_factory=tuple)


SITE_KEYS = ("site", "poll_interval_s", "outbox", "mqtt", "device")


def _device(d, i: int, src: str, base: Path, names: dict[str, str]) -> ModbusDevice:
    """One ``[[device]]`` of a site file, checked, with its register map loaded."""
    where = f"[[device]] #{i + 1}"
    dev = build(ModbusDevice, d, where, src, map=None)
    if not schema.valid_name(dev.name):
        raise InputError(
            within(
                f"{where} -> name",
                Msg("tel.modbus.name", "a name of 1-64 of A-Z a-z 0-9 _ . -, got {got}", got=repr(dev.name)),
            ),
            source=src,
        )
    if dev.name in names:
        raise InputError(
            within(
                f"{where} -> name",
                Msg(
                    "tel.modbus.name_twice",
                    "{name} is the name of {other} already",
                    name=repr(dev.name),
                    other=names[dev.name],
                ),
            ),
            source=src,
        )
    names[dev.name] = where
    if dev.kind not in schema.ASSET_FIELDS:
        bad = Msg(
            "tel.modbus.kind",
            "unknown asset kind {got} (one of {kinds})",
            got=repr(dev.kind),
            kinds=", ".join(schema.ASSET_FIELDS),
        )
        raise InputError(within(f"{where} -> kind", bad), source=src)
    if bool(dev.host) == bool(dev.serial):
        raise InputError(
            within(where, Msg("tel.modbus.link", "give host (Modbus TCP) or serial (Modbus RTU), one of them")), source=src
        )
    checks = (
        ("port", 1 <= dev.port <= 65535, "1-65535", dev.port),
        ("unit_id", 0 <= dev.unit_id <= 247, "0-247", dev.unit_id),
        (
            "baud",
            dev.baud in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
            "1200-115200 (a standard rate)",
            dev.baud,
        ),
        ("parity", dev.parity in ("N", "E", "O"), "N, E or O", repr(dev.parity)),
        ("stopbits", dev.stopbits in (1, 2), "1 or 2", dev.stopbits),
        ("timeout_s", 0.05 <= dev.timeout_s <= 60, "0.05-60 s", dev.timeout_s),
    )
    for key, ok, rule, got in checks:
        if not ok:
            raise InputError(
                within(f"{where} -> {key}", Msg("range", "must be {rule}, got {got}", rule=rule, got=got)), source=src
            )
    rmap = load_register_map(map_path(dev.registers, base))
    if rmap.kind != dev.kind:
        bad = Msg(
            "tel.modbus.map_kind",
            "register map {map} is for a {map_kind}, the device is a {kind}",
            map=rmap.name,
            map_kind=rmap.kind,
            kind=dev.kind,
        )
        raise InputError(within(f"{where} -> registers", bad), source=src)
    return ModbusDevice(**{**dev.__dict__, "map": rmap})


def load_site(path: str | Path) -> SiteFile:
    """Read and check a Modbus site file; errors name the file and the key (a register map's: its row and column)."""
    path = Path(path)
    data = load_toml(path)
    src = str(path)
    for key in data:
        if key not in SITE_KEYS:
            bad = Msg(
                "unknown_key",
                "unknown key {field} (expected one of: {known}){hint}",
                field=repr(key),
                known=", ".join(SITE_KEYS),
                hint="",
            )
            raise InputError(bad, source=src)
    site = data.get("site")
    if not isinstance(site, str) or not schema.valid_name(site):
        raise InputError(
            within("site", Msg("tel.modbus.name", "a name of 1-64 of A-Z a-z 0-9 _ . -, got {got}", got=repr(site))), source=src
        )
    interval = data.get("poll_interval_s", 5.0)
    if isinstance(interval, bool) or not isinstance(interval, int | float) or not 0.1 <= interval <= 86400:
        raise InputError(
            within("poll_interval_s", Msg("range", "must be {rule}, got {got}", rule="0.1-86400 s", got=repr(interval))),
            source=src,
        )
    outbox = data.get("outbox", f"gateway/{site}.sqlite3")
    if not isinstance(outbox, str) or not outbox:
        raise InputError(
            within("outbox", Msg("expected", "expected {what}, got {got}", what="a file path", got=repr(outbox))), source=src
        )
    mqtt = build(MqttConfig, data.get("mqtt", {}), "[mqtt]", src)
    devices: list[ModbusDevice] = []
    names: dict[str, str] = {}
    for i, d in enumerate(array_of_tables(data, "device", src)):
        devices.append(_device(d, i, src, path.parent, names))
    if not devices:
        raise InputError(Msg("tel.modbus.no_devices", "no [[device]] to poll"), source=src)
    out = Path(outbox)
    return SiteFile(path, site, float(interval), out if out.is_absolute() else path.parent / out, mqtt, tuple(devices))


# -- polling ----------------------------------------------------------------------------------------
def client_for(dev: ModbusDevice):
    """A pymodbus synchronous client for the device (not connected yet)."""
    from pymodbus.client import ModbusSerialClient, ModbusTcpClient

    if dev.host:
        return ModbusTcpClient(dev.host, port=dev.port, timeout=dev.timeout_s, retries=0)
    return ModbusSerialClient(
        dev.serial, baudrate=dev.baud, parity=dev.parity, stopbits=dev.stopbits, timeout=dev.timeout_s, retries=0
    )


class DeviceDown(Exception):
    """A device did not answer a poll (why in the message)."""


def read_device(client, dev: ModbusDevice) -> dict[tuple[str, int], list[int]]:
    """The words of every block of the device's map; :class:`DeviceDown` when any request fails."""
    from pymodbus.exceptions import ModbusException

    if not client.connected and not client.connect():
        raise DeviceDown(f"no connection to {dev.host or dev.serial}")
    out = {}
    for fn, start, count, _regs in dev.map.blocks():
        read = client.read_holding_registers if fn == "holding" else client.read_input_registers
        try:
            rr = read(start, count=count, device_id=dev.unit_id)
        except (ModbusException, OSError) as exc:  # a lost connection, a timeout, a serial port gone
            client.close()
            raise DeviceDown(str(exc)) from None
        if rr.isError() or len(rr.registers) < count:
            raise DeviceDown(f"{fn} {start}+{count}: {rr}")
        out[(fn, start)] = list(rr.registers)
    return out


class ModbusPoller:
    """Polls a site's devices and publishes through a :class:`~teplovoda.telemetry.gateway.Gateway`.

    One reading per device and poll (the fields read), stamped with the gateway's clock when the poll
    of that device ended. A device's status goes ``offline`` at the first failed poll and ``online`` at
    the next answer (its first poll included)."""

    def __init__(self, site: SiteFile, gateway, clients: dict | None = None):
        self.site = site
        self.gateway = gateway
        self.clients = clients or {d.name: client_for(d) for d in site.devices}
        self.online: dict[str, bool] = {}
        self.polls = 0
        self.readings = 0
        self.failures = 0

    def poll_once(self) -> None:
        for dev in self.site.devices:
            try:
                words = read_device(self.clients[dev.name], dev)
            except DeviceDown as exc:
                self.failures += 1
                if self.online.get(dev.name, True):
                    logger.warning("modbus device %s of site %s does not answer: %s", dev.name, self.site.site, exc)
                    self.gateway.device_status(dev.kind, dev.name, "offline", time.time())
                self.online[dev.name] = False
                continue
            values, bad = dev.map.convert(words)
            now = time.time()
            if not self.online.get(dev.name, False):
                logger.info("modbus device %s of site %s answers", dev.name, self.site.site)
                self.gateway.device_status(dev.kind, dev.name, "online", now)
            self.online[dev.name] = True
            if bad:
                logger.warning("modbus device %s: left out %s (failed sensor or out of range)", dev.name, ", ".join(bad))
            if values:
                try:
                    self.gateway.publish(dev.kind, dev.name, values, now)
                except OutboxFull:  # logged by the gateway; polling goes on, the device is fine
                    continue
                self.readings += 1
        self.polls += 1

    def run(self, stop: threading.Event, duration_s: float | None = None) -> None:
        end = None if duration_s is None else time.monotonic() + duration_s
        while not stop.is_set() and (end is None or time.monotonic() < end):
            t0 = time.monotonic()
            self.poll_once()
            stop.wait(max(0.0, self.site.poll_interval_s - (time.monotonic() - t0)))

    def close(self) -> None:
        for c in self.clients.values():
            c.close()


# -- a loopback simulator -----------------------------------------------------------------------------
def device_registers(rmap: RegisterMap, values: dict[int, float] | None = None) -> dict[str, dict[int, int]]:
    """function -> {address: word} that make the map read as its examples (or ``values`` by row)."""
    out: dict[str, dict[int, int]] = {fn: {} for fn in FUNCTIONS}
    for r in rmap.registers:
        ex = r if values is None or r.row not in values else Register(**{**r.__dict__, "example": values[r.row]})
        for i, w in enumerate(ex.example_words()):
            out[r.function][r.address + i] = out[r.function].get(r.address + i, 0) | w
    return out


class ModbusSim:
    """A pymodbus TCP server on ``host:port`` serving register maps' example values, one unit id each.

    ``devices``: unit id -> function -> {address: word} (:func:`device_registers`). Runs in a thread
    with its own event loop; :meth:`stop` closes it (clients then lose their connection). ``rtu``: RTU
    frames over the TCP socket, what an RTU client reaches as serial port ``socket://host:port``
    (pyserial's URL handler): the RTU path without a serial line."""

    def __init__(
        self, devices: dict[int, dict[str, dict[int, int]]], host: str = "127.0.0.1", port: int = 5020, rtu: bool = False
    ):
        self.devices, self.host, self.port, self.rtu = devices, host, port, rtu
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @staticmethod
    def _blocks(words: dict[int, int]) -> list:
        from pymodbus.simulator import DataType, SimData

        blocks, run = [], []
        for a in sorted(words):
            if run and a != run[-1][0] + 1:
                blocks.append(SimData(run[0][0], values=[w for _, w in run], datatype=DataType.REGISTERS))
                run = []
            run.append((a, words[a]))
        if run:
            blocks.append(SimData(run[0][0], values=[w for _, w in run], datatype=DataType.REGISTERS))
        return blocks or [SimData(0, values=[0], datatype=DataType.REGISTERS)]  # pymodbus refuses an empty table

    def _sim_devices(self) -> list:
        from pymodbus.simulator import DataType, SimData, SimDevice

        bits = [SimData(0, values=[False], datatype=DataType.BITS)]
        return [
            SimDevice(uid, (bits, list(bits), self._blocks(regs["holding"]), self._blocks(regs["input"])))
            for uid, regs in self.devices.items()
        ]

    async def _main(self) -> None:
        from pymodbus import FramerType
        from pymodbus.server import ModbusTcpServer

        try:
            framer = FramerType.RTU if self.rtu else FramerType.SOCKET
            self._server = ModbusTcpServer(self._sim_devices(), address=(self.host, self.port), framer=framer)
            serving = asyncio.ensure_future(self._server.serve_forever())
            while not self._server.is_active() and not serving.done():
                await asyncio.sleep(0.01)
        except BaseException as exc:  # noqa: BLE001 - reported to start()
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        await serving

    def start(self, timeout_s: float = 10.0) -> ModbusSim:
        self._ready.clear()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_until_complete, args=(self._main(),), daemon=True, name="modbus-sim"
        )
        self._thread.start()
        self._ready.wait(timeout_s)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        if self._loop is not None and self._server is not None:
            asyncio.run_coroutine_threadsafe(self._server.shutdown(), self._loop).result(10)
            self._thread.join(10)
            self._loop.close()
        self._loop = self._server = None


__all__ = [
    "COLUMNS",
    "TYPES",
    "UNITS",
    "Register",
    "RegisterMap",
    "ModbusDevice",
    "SiteFile",
    "ModbusPoller",
    "ModbusSim",
    "DeviceDown",
    "decode",
    "encode",
    "load_register_map",
    "load_site",
    "map_path",
    "read_device",
    "device_registers",
]
