"""A scenario's ``[recovery]`` table: crews per trade, their mobilisation, per-element repair overrides.

::

    [recovery]
    crews = {water = 3}                 # crews per trade (water, heat, electrical), 0..1000
    mobilisation_days = {water = 1}     # days before a trade's crews can start, 0..365
    depot_x_m = 0.0                     # where crews start (network coordinates, m)
    depot_y_m = 0.0
    travel_speed_km_per_h = 20.0        # optional: crews travel between jobs (absent: travel inside each repair)
    route_factor = 1.3                  # optional: route over straight-line distance, 1..5 (default 1.3)
    [[recovery.repairs]]
    element = "153"                     # a damaged element of the scenario
    duration_days = 3.0                 # one crew's days (0 < d <= 3650); default from the duration table
    critical = true                     # serves a critical facility (hospital, ...): first under "critical"
    [[recovery.options]]                # an [[options]] entry over time (the keys of a heat scenario's, heat_spec.py)
    option = "close the break, 200 mm layflat bypass"
    lead_time_days = 0.5                # delivery and installation; default: its repairs' end in the schedule (else 0)
    until_day = 30                      # optional: taken away that day
    cost_eur = 38000.0                  # optional, for cost per person-day restored
    [recovery.sweep]                    # water scenarios: teplovoda water recovery-sweep (models/recovery/sweep.py)
    lead_time_spread = [0.5, 2.0]       # each lead_time_days times a factor uniform in [low, high] (0 < low <= high <= 10)
    [[recovery.repairs]]
    element = "10"                      # a repair needing two trades in turn (water scenarios):
    trades = ["electrical", "water"]    #   the supply first, then the pump;
    duration_days = [1.0, 2.0]          #   one duration per trade, all required

Every problem is one :class:`~teplovoda.models.errors.InputError` naming the file and the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.recovery.durations import TRADES

MAX_CREWS = 1000
MAX_MOBILISATION_DAYS = 365.0
MAX_DURATION_DAYS = 3650.0
MAX_COORDINATE_M = 1e9
DEFAULT_CREWS = 1

KEYS = {
    "crews",
    "mobilisation_days",
    "depot_x_m",
    "depot_y_m",
    "travel_speed_km_per_h",
    "route_factor",
    "repairs",
    "horizon_days",
    "generators",
    "options",
    "sweep",
}
#: ``[recovery.sweep]`` keys of a water scenario (its samples and seed are the ``[sweep]`` table's).
SWEEP_KEYS = {"lead_time_spread"}
#: The largest factor a spread may give (a lead time ten times the scenario's is already a different scenario).
MAX_SPREAD = 10.0
MAX_TRAVEL_SPEED_KM_PER_H = 200.0
MAX_ROUTE_FACTOR = 5.0
#: trades one repair may need in turn
MAX_STAGES = 4
#: days a water scenario's blackout horizon runs when ``horizon_days`` is not given
DEFAULT_HORIZON_DAYS = 30.0
MAX_HORIZON_DAYS = 730.0
REPAIR_KEYS = {"element", "duration_days", "critical"}
OPTION_KEYS = {"option", "lead_time_days", "until_day", "cost_eur"}
MAX_OPTION_COST_EUR = 1e12
STAGE_KEYS = REPAIR_KEYS | {"trades"}


@dataclass(frozen=True)
class RepairOverride:
    """One ``[[recovery.repairs]]`` entry. With ``trades`` (a repair in stages), ``duration_days`` is a tuple of
    one duration per trade, in the same order."""

    element: str
    duration_days: float | tuple[float, ...] | None = None
    critical: bool = False
    trades: tuple[str, ...] | None = None


@dataclass(frozen=True)
class OptionTiming:
    """``[[recovery.options]]``: an ``[[options]]`` entry over time (heat and water scenarios alike)."""

    option: str
    lead_time_days: float | None = None
    until_day: float | None = None
    cost_eur: float = float("nan")


@dataclass(frozen=True)
class RecoverySpec:
    crews: dict = field(default_factory=dict)  # trade -> crews
    mobilisation_days: dict = field(default_factory=dict)  # trade -> days
    depot_x_m: float = 0.0
    depot_y_m: float = 0.0
    repairs: tuple[RepairOverride, ...] = ()
    travel_speed_km_per_h: float | None = None  # None: travel is inside each repair's duration
    route_factor: float | None = None  # None: the scheduler's default (1.3)
    horizon_days: float = DEFAULT_HORIZON_DAYS  # the days blackout losses are counted over
    generators: tuple = ()  # GeneratorDelivery (teplovoda.models.recovery.blackout): deliveries that end blackouts
    options: tuple[OptionTiming, ...] = ()  # [[recovery.options]] of a water scenario (teplovoda.models.recovery.water_plans)
    #: [recovery.sweep] lead_time_spread (water recovery-sweep): lead-time factors uniform in (low, high)
    lead_time_spread: tuple[float, float] = (1.0, 1.0)

    def override(self, element: str) -> RepairOverride | None:
        return next((r for r in self.repairs if r.element == element), None)


def expected_table() -> Msg:
    """``"expected a table"``, from its key."""
    return Msg("rec.expected", "expected {what}", what=Msg("type.table", "a table"))


def unknown_key(key: str, allowed) -> Msg:
    """``"unknown key 'k' (expected: a, b)"``, from its key."""
    return Msg("rec.unknown_key", "unknown key {field} (expected: {known})", field=repr(key), known=", ".join(sorted(allowed)))


def missing_key(key: str) -> Msg:
    """``"missing key 'k'"``, from its key."""
    return Msg("rec.missing_key", "missing key {field}", field=repr(key))


def array_of_tables(section: str) -> Msg:
    """``"[[section]] must be an array of tables"``, from its key."""
    return Msg("rec.array_of_tables", "{section} must be an array of tables", section=section)


def _number(value, where: str, src: str, lo: float, hi: float, *, integer: bool = False, lo_open: bool = False) -> float:
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok_type:
        what = Msg("type.integer", "an integer") if integer else Msg("type.number", "a number")
        raise InputError(within(where, Msg("expected", "expected {what}, got {got}", what=what, got=repr(value))), source=src)
    try:
        v = float(value)
    except OverflowError:  # an integer of hundreds of digits
        v = math.inf if value > 0 else -math.inf
    if not math.isfinite(v):
        finite = Msg("type.finite_number", "a finite number")
        raise InputError(within(where, Msg("expected", "expected {what}, got {got}", what=finite, got=str(v))), source=src)
    low_bad = v <= lo if lo_open else v < lo
    if low_bad or v > hi:
        rule = Msg("both", "{first} and {second}", first=f"{'>' if lo_open else '>='} {lo:g}", second=f"<= {hi:g}")
        raise InputError(within(where, Msg("range", "must be {rule}, got {got}", rule=rule, got=repr(value))), source=src)
    return int(value) if integer else v


def _table(raw, where: str, allowed: set, src: str) -> dict:
    if not isinstance(raw, dict):
        raise InputError(within(where, expected_table()), source=src)
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InputError(within(where, unknown_key(unknown[0], allowed)), source=src)
    if "option" in allowed and "option" not in raw:
        raise InputError(within(where, missing_key("option")), source=src)
    return raw


def _day(raw: dict, key: str, where: str, src: str, horizon: float):
    if key not in raw:
        return None
    return _number(raw[key], f"{where} -> {key}", src, 0, horizon)


def _option_name(raw: dict, where: str, names: set[str], src: str) -> str:
    name = str(raw["option"])
    if name not in names:
        bad = Msg("rec.not_option", "{name} is not an [[options]] entry of this scenario", name=repr(name))
        raise InputError(within(f"{where} -> option", bad), source=src)
    return name


def beyond_horizon(option: str, start: float, horizon: float, src: str) -> InputError:
    """The one-line error of an ``[[recovery.options]]`` entry that would enter service at or after the horizon."""
    bad = Msg(
        "rec.beyond_horizon",
        "in service on day {day}, beyond horizon_days ({horizon_days})",
        day=f"{start:g}",
        horizon_days=horizon,
    )
    return InputError(within(f"[[recovery.options]] {option!r}", bad), source=src)


def never_in_service(where: str, start: float, until: float, src: str) -> InputError:
    """The one-line error of an option or a plan's stage taken away (``until_day``) on or before the day it would
    enter service: it would never be in service, yet be costed."""
    bad = Msg(
        "rec.never_in_service",
        "in service from day {start} until day {until}: never in service (until_day must be after the day it enters service)",
        start=f"{start:g}",
        until=f"{until:g}",
    )
    return InputError(within(where, bad), source=src)


def service_window(option: str, start: float, until_day, horizon: float, src: str, beyond: bool = False):
    """``(start, until)`` of an ``[[recovery.options]]`` entry in service from ``start`` to its ``until_day`` (else
    the horizon), heat and water alike: one line when it would enter service at or after the horizon
    (:func:`beyond_horizon`) or be taken away first (:func:`never_in_service`); ``beyond`` (a sweep's drawn lead
    times) keeps such an option, never in service within the horizon, instead."""
    until = until_day if until_day is not None else horizon
    if not beyond:
        if start >= horizon:
            raise beyond_horizon(option, start, horizon, src)
        if until <= start:
            raise never_in_service(f"[[recovery.options]] {option!r}", start, until, src)
    return start, until


def spread_problem(got: str) -> Msg:
    """``"expected [low, high] factors with 0 < low <= high <= 10, got ..."``, from its key (heat and water sweeps)."""
    return Msg(
        "rec.spread",
        "expected [low, high] factors with 0 < low <= high <= {max_spread}, got {got}",
        max_spread=f"{MAX_SPREAD:g}",
        got=got,
    )


def spread_ok(lo: float, hi: float) -> bool:
    """Whether ``(lo, hi)`` is a spread of factors: 0 < lo <= hi <= :data:`MAX_SPREAD` (False for NaN)."""
    return bool(0 < lo <= hi <= MAX_SPREAD)


def parse_spread(raw, where: str, src: str) -> tuple[float, float]:
    """A ``[low, high]`` spread of factors (``lead_time_spread``, ``repair_spread``) at ``where`` in ``src``."""
    ok = isinstance(raw, list) and len(raw) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw)
    if ok:
        lo, hi = (float(v) for v in raw)
        ok = spread_ok(lo, hi)
    if not ok:
        raise InputError(within(where, spread_problem(repr(raw))), source=src)
    return lo, hi


def _water_sweep(raw, src: str) -> tuple[float, float]:
    """A water scenario's ``[recovery.sweep]``: its ``lead_time_spread`` (default ``[1, 1]``)."""
    if raw is None:
        return (1.0, 1.0)
    _table(raw, "[recovery.sweep]", SWEEP_KEYS, src)
    if "lead_time_spread" not in raw:
        return (1.0, 1.0)
    return parse_spread(raw["lead_time_spread"], "[recovery.sweep] -> lead_time_spread", src)


def parse_option_timings(raw, horizon: float, names: set[str], src: str, max_days: float) -> tuple[OptionTiming, ...]:
    """``[[recovery.options]]`` against the scenario's ``[[options]]`` names and the horizon (heat and water alike):
    a lead time in 0..``max_days`` and below the horizon, ``until_day`` in 0..horizon, ``cost_eur`` >= 0, no option twice."""
    if not isinstance(raw, list):
        raise InputError(array_of_tables("[[recovery.options]]"), source=src)
    out = []
    for i, o in enumerate(raw):
        where = f"[[recovery.options]] #{i + 1}"
        o = _table(o, where, OPTION_KEYS, src)
        name = _option_name(o, where, names, src)
        lead = _day(o, "lead_time_days", where, src, max_days)
        if lead is not None and lead >= horizon:
            bad = Msg(
                "rec.below_horizon",
                "must be below horizon_days ({horizon_days}), got {got}",
                horizon_days=horizon,
                got=repr(o["lead_time_days"]),
            )
            raise InputError(within(f"{where} -> lead_time_days", bad), source=src)
        cost = _number(o["cost_eur"], f"{where} -> cost_eur", src, 0, MAX_OPTION_COST_EUR) if "cost_eur" in o else float("nan")
        until = _day(o, "until_day", where, src, horizon)
        if until is not None and until <= (lead or 0.0):
            raise never_in_service(where, lead or 0.0, until, src)
        out.append(OptionTiming(name, lead, until, cost))
    seen = [o.option for o in out]
    twice = next((n for n in seen if seen.count(n) > 1), None)
    if twice is not None:
        bad = Msg("rec.option_twice", "option {name} is listed twice", name=repr(twice))
        raise InputError(within("[[recovery.options]]", bad), source=src)
    return tuple(out)


def _per_trade(table, key: str, src: str, hi: float, integer: bool) -> dict:
    if not isinstance(table, dict):
        bad = Msg("rec.table_like", "expected a table like {example}, got {got}", example="{water = 2}", got=repr(table))
        raise InputError(within(f"[recovery] -> {key}", bad), source=src)
    out = {}
    for trade, value in table.items():
        if trade not in TRADES:
            bad = Msg("rec.unknown_trade", "unknown trade (expected: {known})", known=", ".join(TRADES))
            raise InputError(within(f"[recovery] -> {key}.{trade}", bad), source=src)
        out[trade] = _number(value, f"[recovery] -> {key}.{trade}", src, 0, hi, integer=integer)
    return out


def _repair(raw, i: int, damaged: set[str], src: str, stages: bool = True) -> RepairOverride:
    where = f"[[recovery.repairs]] #{i + 1}"
    if not isinstance(raw, dict):
        raise InputError(within(where, expected_table()), source=src)
    keys = STAGE_KEYS if stages else REPAIR_KEYS
    unknown = sorted(set(raw) - keys)
    if unknown:
        raise InputError(within(where, unknown_key(unknown[0], keys)), source=src)
    if "element" not in raw:
        raise InputError(within(where, missing_key("element")), source=src)
    element = str(raw["element"])
    if element not in damaged:
        bad = Msg("rec.not_damaged", "{element} is not damaged in this scenario", element=repr(element))
        raise InputError(within(f"{where} -> element", bad), source=src)
    trades = _trades(raw["trades"], f"{where} -> trades", src) if "trades" in raw else None
    duration = raw.get("duration_days")
    if trades is not None:
        duration = _stage_days(duration, len(trades), f"{where} -> duration_days", src)
    elif duration is not None:
        duration = _number(duration, f"{where} -> duration_days", src, 0, MAX_DURATION_DAYS, lo_open=True)
    critical = raw.get("critical", False)
    if not isinstance(critical, bool):
        bad = Msg("expected", "expected {what}, got {got}", what=Msg("type.bool", "true or false"), got=repr(critical))
        raise InputError(within(f"{where} -> critical", bad), source=src)
    return RepairOverride(element=element, duration_days=duration, critical=critical, trades=trades)


def _trades(raw, where: str, src: str) -> tuple[str, ...]:
    """``trades = ["electrical", "water"]``: 1..MAX_STAGES known trades, done in that order."""
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_STAGES:
        bad = Msg(
            "rec.trades_list", "expected a list of 1 to {max_stages} trades, got {got}", max_stages=MAX_STAGES, got=repr(raw)
        )
        raise InputError(within(where, bad), source=src)
    for trade in raw:
        if trade not in TRADES:
            bad = Msg(
                "rec.unknown_trade_got", "unknown trade {got} (expected: {known})", got=repr(trade), known=", ".join(TRADES)
            )
            raise InputError(within(where, bad), source=src)
    return tuple(raw)


def _stage_days(raw, n: int, where: str, src: str) -> tuple[float, ...]:
    """One duration per trade of a repair in stages: required, a list as long as ``trades``."""
    if raw is None:
        raise InputError(
            within(where, Msg("rec.stage_days_missing", "required with trades (one duration per trade)")), source=src
        )
    if not isinstance(raw, list) or len(raw) != n:
        bad = Msg("rec.stage_days_len", "expected a list of {n} durations (one per trade), got {got}", n=n, got=repr(raw))
        raise InputError(within(where, bad), source=src)
    return tuple(_number(d, f"{where}[{k}]", src, 0, MAX_DURATION_DAYS, lo_open=True) for k, d in enumerate(raw))


def parse_recovery(
    data: dict, damaged: set[str], src: str, options: set[str] | None = None, *, stages: bool = True
) -> RecoverySpec:
    """Validate a ``[recovery]`` table (``{}`` when absent) against the scenario's damaged elements and, for
    ``[[recovery.options]]``, its ``[[options]]`` names (``options``; None: the scenario kind has none here).

    ``stages``: whether a repair may name ``trades`` (a repair in stages; water scenarios)."""
    if not isinstance(data, dict):
        raise InputError(within("[recovery]", expected_table()), source=src)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise InputError(within("[recovery]", unknown_key(unknown[0], KEYS)), source=src)
    crews = _per_trade(data.get("crews", {}), "crews", src, MAX_CREWS, True)
    mob = _per_trade(data.get("mobilisation_days", {}), "mobilisation_days", src, MAX_MOBILISATION_DAYS, False)
    depot = [
        _number(data.get(k, 0.0), f"[recovery] -> {k}", src, -MAX_COORDINATE_M, MAX_COORDINATE_M)
        for k in ("depot_x_m", "depot_y_m")
    ]
    raw = data.get("repairs", [])
    if not isinstance(raw, list):
        raise InputError(array_of_tables("[[recovery.repairs]]"), source=src)
    repairs = tuple(_repair(r, i, damaged, src, stages) for i, r in enumerate(raw))
    seen = [r.element for r in repairs]
    twice = next((e for e in seen if seen.count(e) > 1), None)
    if twice is not None:
        bad = Msg("rec.element_twice", "element {name} is listed twice", name=repr(twice))
        raise InputError(within("[[recovery.repairs]]", bad), source=src)
    horizon = _number(
        data.get("horizon_days", DEFAULT_HORIZON_DAYS), "[recovery] -> horizon_days", src, 0, MAX_HORIZON_DAYS, lo_open=True
    )
    speed, factor = _travel(data, src)
    return RecoverySpec(
        crews=crews,
        mobilisation_days=mob,
        depot_x_m=depot[0],
        depot_y_m=depot[1],
        travel_speed_km_per_h=speed,
        route_factor=factor,
        repairs=repairs,
        horizon_days=horizon,
        generators=_generators(data.get("generators", []), horizon, src),
        options=parse_option_timings(data.get("options", []), horizon, options or set(), src, MAX_HORIZON_DAYS),
        lead_time_spread=_water_sweep(data.get("sweep"), src),
    )


def _travel(data: dict, src: str) -> tuple[float | None, float | None]:
    """``travel_speed_km_per_h`` (> 0, <= 200) and ``route_factor`` (1..5, only with a speed)."""
    speed = data.get("travel_speed_km_per_h")
    if speed is not None:
        speed = _number(speed, "[recovery] -> travel_speed_km_per_h", src, 0, MAX_TRAVEL_SPEED_KM_PER_H, lo_open=True)
    factor = data.get("route_factor")
    if factor is not None:
        factor = _number(factor, "[recovery] -> route_factor", src, 1, MAX_ROUTE_FACTOR)
        if speed is None:
            bad = Msg("rec.route_without_speed", "needs travel_speed_km_per_h (without it travel is inside each repair)")
            raise InputError(within("[recovery] -> route_factor", bad), source=src)
    return speed, factor


def _generators(raw, horizon_days: float, src: str) -> tuple:
    """``[[recovery.generators]]``: checked as tables here; their pumps against the network when they are run."""
    from teplovoda.models.recovery.blackout import GeneratorDelivery, check_deliveries
    from teplovoda.models.scenario import build

    if not isinstance(raw, list):
        raise InputError(array_of_tables("[[recovery.generators]]"), source=src)
    out = tuple(build(GeneratorDelivery, g, f"[[recovery.generators]] #{i + 1}", src) for i, g in enumerate(raw))
    check_deliveries(out, None, horizon_days, src)
    return out


__all__ = [
    "RecoverySpec",
    "RepairOverride",
    "OptionTiming",
    "parse_recovery",
    "parse_option_timings",
    "parse_spread",
    "never_in_service",
    "service_window",
    "spread_ok",
    "spread_problem",
    "DEFAULT_CREWS",
]
