"""A heat scenario's ``[recovery]`` table: horizon, weather, gains, options over time, repairs and crews.

::

    [recovery]
    horizon_days = 60                   # 1..365
    city = "Dnipro"                     # climate normals (models/recovery/data/climate_normals.csv) ...
    start = "01-01"                     # ... from this day-month
    # outdoor_temp_c = [-5.0, -6.5, ...] # ... or the scenario's own daily table (at least horizon_days values)
    heated_indoor_temp_c = 18.0         # a building counts as heated at or above this indoor temperature
    freeze_repair_cost_eur = 15000.0    # per building that reaches 0 °C indoors (example figure)
    building_repair_days = 21.0         # a frozen building is off the network this long (default: the duration
                                        # table's building_risers row, an example figure)
    gains_k = {apartment_block = 3.0}   # internal gains as K above outdoor with no heat (defaults per type)
    crews = {heat = 1}                  # as in the water [recovery] (models/recovery/spec.py)
    mobilisation_days = {heat = 1}
    [[recovery.repairs]]                # a damaged element's repair duration (crew-days), as for water
    element = "boiler_house"
    duration_days = 34.0
    [[recovery.options]]                # an [[options]] entry over time
    option = "3 x 1 MW biomass, hospital island"
    lead_time_days = 4                  # delivery and installation; default: its repairs' end (else 0)
    until_day = 60                      # optional: taken away that day
    cost_eur = 1470000.0                # optional, for cost per person-day restored
    [recovery.sweep]                    # teplovoda heat recovery-sweep (Monte Carlo of timing)
    samples = 50                        # 1..10000 (--samples)
    seed = 1                            # >= 0 (--seed); sample i draws from numpy.random.default_rng((seed, i))
    lead_time_spread = [0.5, 2.0]       # each lead_time_days times a factor uniform in [low, high] (0 < low <= high <= 10)
    repair_spread = [0.75, 1.5]         # each repair's duration_days and building_repair_days, the same way
    [[recovery.plans]]                  # staged: options one after another
    name = "mobile boilers, then the repair"
    stages = [{option = "...", until_day = 35}, {option = "..."}]  # from_day default: the option's lead time;
                                                                   # until_day default: the next stage's start

Every problem is one :class:`~teplovoda.models.errors.InputError` naming the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.recovery import durations
from teplovoda.models.recovery import spec as rspec
from teplovoda.models.recovery.spec import OptionTiming, _day, _option_name, _table

MAX_HORIZON_DAYS = 365
MAX_COST_EUR = 1e12
MAX_GAINS_K = 30.0
DEFAULT_HEATED_INDOOR_TEMP_C = 18.0
#: Repair of a building whose rooms reached 0 °C (risers, radiators): an example figure, not a cited one.
DEFAULT_FREEZE_REPAIR_COST_EUR = 15000.0
OUTDOOR_MIN_C, OUTDOOR_MAX_C = -60.0, 45.0
#: Element type of the duration table whose figure is the default time a frozen building is off the network.
BUILDING_ELEMENT_TYPE = "building_risers"

KEYS = {
    "horizon_days",
    "city",
    "start",
    "outdoor_temp_c",
    "heated_indoor_temp_c",
    "freeze_repair_cost_eur",
    "building_repair_days",
    "gains_k",
    "crews",
    "mobilisation_days",
    "repairs",
    "options",
    "plans",
    "sweep",
}
SWEEP_KEYS = {"samples", "seed", "lead_time_spread", "repair_spread"}
#: The largest factor a spread may give (one for the heat and water sweeps).
MAX_SPREAD = rspec.MAX_SPREAD
DEFAULT_SWEEP_SAMPLES = 50
MAX_SWEEP_SAMPLES = 10_000
STAGE_KEYS = {"option", "from_day", "until_day"}


@dataclass(frozen=True)
class Stage:
    option: str
    from_day: float | None = None
    until_day: float | None = None


@dataclass(frozen=True)
class Plan:
    name: str
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class HeatSweepSpec:
    """``[recovery.sweep]``: samples, seed and the multiplicative spreads (low, high) of lead times and repairs."""

    samples: int = DEFAULT_SWEEP_SAMPLES
    seed: int = 1
    lead_time_spread: tuple[float, float] = (1.0, 1.0)
    repair_spread: tuple[float, float] = (1.0, 1.0)


@dataclass(frozen=True)
class HeatRecoverySpec:
    horizon_days: int
    city: str | None = None
    start: str = "01-01"
    outdoor_temp_c: tuple[float, ...] | None = None
    heated_indoor_temp_c: float = DEFAULT_HEATED_INDOOR_TEMP_C
    freeze_repair_cost_eur: float = DEFAULT_FREEZE_REPAIR_COST_EUR
    #: days a frozen building is off the network (its risers and radiators repaired by its own plumbers)
    building_repair_days: float = 21.0
    gains_k: dict = field(default_factory=dict)
    repairs: rspec.RecoverySpec = field(default_factory=rspec.RecoverySpec)
    options: tuple[OptionTiming, ...] = ()
    plans: tuple[Plan, ...] = ()
    sweep: HeatSweepSpec = field(default_factory=HeatSweepSpec)


def _options(raw, horizon: int, names: set[str], src: str) -> tuple[OptionTiming, ...]:
    return rspec.parse_option_timings(raw, horizon, names, src, MAX_HORIZON_DAYS)


def _plans(raw, horizon: int, names: set[str], src: str) -> tuple[Plan, ...]:
    if not isinstance(raw, list):
        raise InputError(rspec.array_of_tables("[[recovery.plans]]"), source=src)
    out = []
    for i, p in enumerate(raw):
        where = f"[[recovery.plans]] #{i + 1}"
        p = _table(p, where, {"name", "stages"}, src)
        stages_raw = p.get("stages")
        if "name" not in p or not isinstance(stages_raw, list) or not stages_raw:
            bad = Msg("rec.plan_needs", "needs a name and a non-empty stages array")
            raise InputError(within(where, bad), source=src)
        stages = []
        for k, s in enumerate(stages_raw):
            w = f"{where} -> stages #{k + 1}"
            s = _table(s, w, STAGE_KEYS, src)
            start, until = _day(s, "from_day", w, src, horizon), _day(s, "until_day", w, src, horizon)
            if until is not None and until <= (start or 0.0):
                raise rspec.never_in_service(w, start or 0.0, until, src)
            stages.append(Stage(_option_name(s, w, names, src), start, until))
        out.append(Plan(str(p["name"]), tuple(stages)))
    return tuple(out)


def _weather(data: dict, horizon: int, src: str) -> tuple:
    from teplovoda.models.recovery import weather

    table = data.get("outdoor_temp_c")
    if table is not None:
        if "city" in data:
            bad = Msg("rec.city_or_table", "give either city (climate normals) or outdoor_temp_c (a table), not both")
            raise InputError(within("[recovery]", bad), source=src)
        if not isinstance(table, list) or len(table) < horizon:
            bad = Msg(
                "rec.temps_short", "expected at least horizon_days ({horizon_days}) numbers, one a day", horizon_days=horizon
            )
            raise InputError(within("[recovery] -> outdoor_temp_c", bad), source=src)
        temps = tuple(
            rspec._number(v, f"[recovery] -> outdoor_temp_c[{i}]", src, OUTDOOR_MIN_C, OUTDOOR_MAX_C) for i, v in enumerate(table)
        )
        return None, "01-01", temps
    if "city" not in data:
        bad = Msg("rec.needs_weather", "needs city (and start) for climate normals, or an outdoor_temp_c table")
        raise InputError(within("[recovery]", bad), source=src)
    city, start = str(data["city"]), data.get("start", "01-01")
    try:
        weather.daily_normals(city, start, 1)
    except InputError as exc:
        raise InputError(Msg("rec.path", "{where} -> {detail}", where="[recovery]", detail=exc.detail), source=src) from None
    return city, start, None


def _building_repair_days(data: dict, src: str) -> float:
    """``building_repair_days``: given, else the duration table's ``building_risers`` row (an example figure)."""
    if "building_repair_days" not in data:
        return durations.default_duration(BUILDING_ELEMENT_TYPE)[0]
    return rspec._number(data["building_repair_days"], "[recovery] -> building_repair_days", src, 0, MAX_HORIZON_DAYS)


def _spread(raw, key: str, src: str) -> tuple[float, float]:
    return rspec.parse_spread(raw, f"[recovery.sweep] -> {key}", src)


def _sweep(raw, src: str) -> HeatSweepSpec:
    """``[recovery.sweep]`` (defaults when absent)."""
    if raw is None:
        return HeatSweepSpec()
    _table(raw, "[recovery.sweep]", SWEEP_KEYS, src)
    out = {}
    if "samples" in raw:
        out["samples"] = rspec._number(raw["samples"], "[recovery.sweep] -> samples", src, 1, MAX_SWEEP_SAMPLES, integer=True)
    if "seed" in raw:
        out["seed"] = rspec._number(raw["seed"], "[recovery.sweep] -> seed", src, 0, 2**63 - 1, integer=True)
    for key in ("lead_time_spread", "repair_spread"):
        if key in raw:
            out[key] = _spread(raw[key], key, src)
    return HeatSweepSpec(**out)


def parse_heat_recovery(data, damaged: set[str], options: set[str], building_types, src: str) -> HeatRecoverySpec | None:
    """Validate a heat scenario's ``[recovery]`` (None when absent) against its damage, options and building types."""
    if data is None:
        return None
    _table(data, "[recovery]", KEYS, src)
    if "horizon_days" not in data:
        raise InputError(within("[recovery]", rspec.missing_key("horizon_days")), source=src)
    horizon = rspec._number(data["horizon_days"], "[recovery] -> horizon_days", src, 1, MAX_HORIZON_DAYS, integer=True)
    city, start, temps = _weather(data, horizon, src)
    gains = data.get("gains_k", {})
    if not isinstance(gains, dict):
        bad = Msg("rec.table_like_only", "expected a table like {example}", example="{apartment_block = 3.0}")
        raise InputError(within("[recovery] -> gains_k", bad), source=src)
    for btype, v in gains.items():
        if btype not in building_types:
            bad = Msg("rec.unknown_building", "unknown building type (one of: {known})", known=", ".join(building_types))
            raise InputError(within(f"[recovery] -> gains_k.{btype}", bad), source=src)

        rspec._number(v, f"[recovery] -> gains_k.{btype}", src, 0, MAX_GAINS_K)
    repairs = rspec.parse_recovery(
        {k: data[k] for k in ("crews", "mobilisation_days", "repairs") if k in data}, damaged, src, stages=False
    )
    return HeatRecoverySpec(
        horizon_days=horizon,
        city=city,
        start=start,
        outdoor_temp_c=temps,
        heated_indoor_temp_c=rspec._number(
            data.get("heated_indoor_temp_c", DEFAULT_HEATED_INDOOR_TEMP_C), "[recovery] -> heated_indoor_temp_c", src, 0, 30
        ),
        freeze_repair_cost_eur=rspec._number(
            data.get("freeze_repair_cost_eur", DEFAULT_FREEZE_REPAIR_COST_EUR),
            "[recovery] -> freeze_repair_cost_eur",
            src,
            0,
            MAX_COST_EUR,
        ),
        building_repair_days=_building_repair_days(data, src),
        gains_k={k: float(v) for k, v in gains.items()},
        repairs=repairs,
        options=_options(data.get("options", []), horizon, options, src),
        plans=_plans(data.get("plans", []), horizon, options, src),
        sweep=_sweep(data.get("sweep"), src),
    )


__all__ = ["HeatSweepSpec", "HeatRecoverySpec", "OptionTiming", "Stage", "Plan", "parse_heat_recovery"]
