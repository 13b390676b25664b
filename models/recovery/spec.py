"""A scenario's ``[recovery]`` table: crews per trade, their mobilisation, per-element repair overrides.

::

    [recovery]
    crews = {water = 3}                 # crews per trade (water, heat, electrical), 0..1000
    mobilisation_days = {water = 1}     # days before a trade's crews can start, 0..365
    depot_x_m = 0.0                     # where crews start for nearest-first (network coordinates)
    depot_y_m = 0.0
    [[recovery.repairs]]
    element = "153"                     # a damaged element of the scenario
    duration_days = 3.0                 # one crew's days (0 < d <= 3650); default from the duration table
    critical = true                     # serves a critical facility (hospital, ...): first under "critical"

Every problem is one :class:`~teplovoda.models.errors.InputError` naming the file and the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from teplovoda.models.errors import InputError
from teplovoda.models.recovery.durations import TRADES

MAX_CREWS = 1000
MAX_MOBILISATION_DAYS = 365.0
MAX_DURATION_DAYS = 3650.0
MAX_COORDINATE_M = 1e9
DEFAULT_CREWS = 1

KEYS = {"crews", "mobilisation_days", "depot_x_m", "depot_y_m", "repairs"}
REPAIR_KEYS = {"element", "duration_days", "critical"}


@dataclass(frozen=True)
class RepairOverride:
    element: str
    duration_days: float | None = None
    critical: bool = False


@dataclass(frozen=True)
class RecoverySpec:
    crews: dict = field(default_factory=dict)  # trade -> crews
    mobilisation_days: dict = field(default_factory=dict)  # trade -> days
    depot_x_m: float = 0.0
    depot_y_m: float = 0.0
    repairs: tuple[RepairOverride, ...] = ()

    def override(self, element: str) -> RepairOverride | None:
        return next((r for r in self.repairs if r.element == element), None)


def _number(value, where: str, src: str, lo: float, hi: float, *, integer: bool = False, lo_open: bool = False) -> float:
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok_type:
        raise InputError(f"{where}: expected {'an integer' if integer else 'a number'}, got {value!r}", source=src)
    v = float(value)
    if not math.isfinite(v):
        raise InputError(f"{where}: expected a finite number, got {v}", source=src)
    low_bad = v <= lo if lo_open else v < lo
    if low_bad or v > hi:
        raise InputError(f"{where}: must be {'>' if lo_open else '>='} {lo:g} and <= {hi:g}, got {value!r}", source=src)
    return int(value) if integer else v


def _per_trade(table, key: str, src: str, hi: float, integer: bool) -> dict:
    if not isinstance(table, dict):
        raise InputError(f"[recovery] -> {key}: expected a table like {{water = 2}}, got {table!r}", source=src)
    out = {}
    for trade, value in table.items():
        if trade not in TRADES:
            raise InputError(f"[recovery] -> {key}.{trade}: unknown trade (expected: {', '.join(TRADES)})", source=src)
        out[trade] = _number(value, f"[recovery] -> {key}.{trade}", src, 0, hi, integer=integer)
    return out


def _repair(raw, i: int, damaged: set[str], src: str) -> RepairOverride:
    where = f"[[recovery.repairs]] #{i + 1}"
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a table", source=src)
    unknown = sorted(set(raw) - REPAIR_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r} (expected: {', '.join(sorted(REPAIR_KEYS))})", source=src)
    if "element" not in raw:
        raise InputError(f"{where}: missing key 'element'", source=src)
    element = str(raw["element"])
    if element not in damaged:
        raise InputError(f"{where} -> element: {element!r} is not damaged in this scenario", source=src)
    duration = raw.get("duration_days")
    if duration is not None:
        duration = _number(duration, f"{where} -> duration_days", src, 0, MAX_DURATION_DAYS, lo_open=True)
    critical = raw.get("critical", False)
    if not isinstance(critical, bool):
        raise InputError(f"{where} -> critical: expected true or false, got {critical!r}", source=src)
    return RepairOverride(element=element, duration_days=duration, critical=critical)


def parse_recovery(data: dict, damaged: set[str], src: str) -> RecoverySpec:
    """Validate a ``[recovery]`` table (``{}`` when absent) against the scenario's damaged elements."""
    if not isinstance(data, dict):
        raise InputError("[recovery]: expected a table", source=src)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise InputError(f"[recovery]: unknown key {unknown[0]!r} (expected: {', '.join(sorted(KEYS))})", source=src)
    crews = _per_trade(data.get("crews", {}), "crews", src, MAX_CREWS, True)
    mob = _per_trade(data.get("mobilisation_days", {}), "mobilisation_days", src, MAX_MOBILISATION_DAYS, False)
    depot = [
        _number(data.get(k, 0.0), f"[recovery] -> {k}", src, -MAX_COORDINATE_M, MAX_COORDINATE_M)
        for k in ("depot_x_m", "depot_y_m")
    ]
    raw = data.get("repairs", [])
    if not isinstance(raw, list):
        raise InputError("[[recovery.repairs]] must be an array of tables", source=src)
    repairs = tuple(_repair(r, i, damaged, src) for i, r in enumerate(raw))
    seen = [r.element for r in repairs]
    twice = next((e for e in seen if seen.count(e) > 1), None)
    if twice is not None:
        raise InputError(f"[[recovery.repairs]]: element {twice!r} is listed twice", source=src)
    return RecoverySpec(crews=crews, mobilisation_days=mob, depot_x_m=depot[0], depot_y_m=depot[1], repairs=repairs)


__all__ = ["RecoverySpec", "RepairOverride", "parse_recovery", "DEFAULT_CREWS"]
