"""Rolling blackouts over a recovery horizon, and the generators whose delivery ends them (issue 16, point 3).

A water scenario's ``[simulation] grid_on`` gives the hours of a day its timetabled pumps have grid power.
The people this costs water are measured by EPANET's extended-period run (:func:`teplovoda.models.water.eps.
simulate`), so the tanks that bridge the grid-off hours are counted, not assumed:

* each regime (the timetable; every pump powered; each delivery's pumps powered) is run for
  :data:`SETTLE_DAYS` + 1 days and the **last day's** person-hours without water are taken (the first days
  let the tanks settle from the file's initial levels into the daily cycle the timetable imposes);
* the **blackout loss** of a day is that day's person-hours without water under the regime, less those with
  every pump powered (what the network or its damage loses anyway is not the blackout's), divided by 24:
  person-days per day;
* a delivery arriving on ``lead_time_days`` (delivery and installation) takes the loss from the timetable's to
  its own regime's from that moment on (a fraction of a day counts pro rata); without any generator the
  timetable's loss runs over the whole horizon.

:func:`blackout_recovery` returns a table: one row per delivery after the ``no generator`` row, with its
person-days without water over the horizon, the person-days it saves against no generator and its cost per
person-day saved.

**Fuel** (a delivery that gives its ``rated_kva``): the set carries the pumps it powers through every grid-off
hour of the measured day, their electrical load being EPANET's pump energy of that regime's run (flow x head over
the pump's efficiency, hour by hour); the set is taken to run through each grid-off hour even when its pumps
idle (a tank full), so it burns at least its no-load fuel then. Fuel per hour is
:func:`teplovoda.models.power.generators.fuel_l_per_h` (``F0 x rated kW + F1 x output kW``, the rated kW being
the kVA x the generator power factor of :class:`~teplovoda.models.power.generators.GeneratorAssumptions`), the
same curve ``teplovoda power size`` uses. Auxiliary loads (lighting, dosing, controls), derating and motor
starts are not in a water scenario: ``teplovoda power size`` sizes the set for the whole site. With ``tank_l``
the autonomy is the tank over the fuel per day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.recovery.spec import MAX_HORIZON_DAYS
from teplovoda.models.scenario import bounded, text
from teplovoda.models.units import HOURS_PER_DAY
from teplovoda.models.water.eps import SimulationSpec, simulate

#: Days each regime runs before the day that is measured (tanks settle from the file's initial levels).
SETTLE_DAYS = 1
NO_GENERATOR = "no generator"
MAX_COST_EUR = 1e10
#: The largest set a delivery may name (kVA) and the largest fuel tank (L): beyond any mobile set.
MAX_SET_KVA = 1e5
MAX_TANK_L = 1e7


@dataclass(frozen=True)
class GeneratorDelivery:
    """``[[recovery.generators]]``: a generator (set) that powers ``pumps`` through the grid-off hours from
    ``lead_time_days`` (delivery and installation, days after day 0; default 0: a set already at the station) on;
    ``cost_eur`` its cost, when known."""

    name: str = text()
    pumps: tuple[str, ...] = ()
    lead_time_days: float = bounded(0.0, ge=0, le=MAX_HORIZON_DAYS, unit="d")
    cost_eur: float | None = bounded(None, ge=0, le=MAX_COST_EUR, unit="EUR")
    rated_kva: float | None = bounded(None, gt=0, le=MAX_SET_KVA, unit="kVA")
    tank_l: float | None = bounded(None, gt=0, le=MAX_TANK_L, unit="L")
    name_uk: str = text()
    name_en: str = text()


def timetabled_pumps(net, spec: SimulationSpec) -> tuple[str, ...]:
    """The pumps the grid timetable stops: ``spec.pumps``, or every pump of ``net``."""
    if spec.pumps:
        return tuple(spec.pumps)
    return tuple(str(n) for n in net.links.index[net.links["kind"] == "pump"])


def check_deliveries(deliveries, pumps: tuple[str, ...] | None, horizon_days: float, src: str | None = None) -> None:
    """One-line errors for a delivery's unknown pump (``pumps`` None: only that it names one), a lead time outside
    the horizon, a cost out of range, a repeated name."""
    if not 0 < horizon_days <= MAX_HORIZON_DAYS or not math.isfinite(horizon_days):
        raise InputError(
            Msg(
                "rec.blackout.horizon",
                "horizon_days must be > 0 and <= {max_days}, got {got}",
                max_days=MAX_HORIZON_DAYS,
                got=horizon_days,
            ),
            source=src,
        )
    seen = set()
    for i, d in enumerate(deliveries):
        where = f"[[recovery.generators]] #{i + 1}"
        if d.name in seen or d.name == NO_GENERATOR:
            raise InputError(
                within(where, Msg("rec.blackout.name_twice", "name {name} is used twice", name=repr(d.name))), source=src
            )
        seen.add(d.name)
        if not d.name or not d.pumps:
            bad = Msg("rec.blackout.needs", "needs a name and the pumps it powers (pumps = [...])")
            raise InputError(within(where, bad), source=src)
        unknown = [p for p in d.pumps if pumps is not None and p not in pumps]
        if unknown:
            known, got = ", ".join(pumps), repr(list(d.pumps))
            bad = Msg("rec.blackout.pump", "pumps must name timetabled pumps ({known}), got {got}", known=known, got=got)
            raise InputError(within(where, bad), source=src)
        if not (math.isfinite(d.lead_time_days) and 0 <= d.lead_time_days < horizon_days):
            raise InputError(
                within(
                    where,
                    Msg(
                        "rec.blackout.lead",
                        "lead_time_days must be >= 0 and below horizon_days ({horizon}), got {got}",
                        horizon=horizon_days,
                        got=d.lead_time_days,
                    ),
                ),
                source=src,
            )
        if d.cost_eur is not None and not (math.isfinite(d.cost_eur) and 0 <= d.cost_eur <= MAX_COST_EUR):
            raise InputError(
                within(
                    where,
                    Msg(
                        "rec.blackout.cost",
                        "cost_eur must be >= 0 and <= {max_eur:g}, got {got}",
                        max_eur=MAX_COST_EUR,
                        got=d.cost_eur,
                    ),
                ),
                source=src,
            )


def measured_day(net, options, spec: SimulationSpec, zones=None) -> tuple[float, pd.DataFrame, np.ndarray]:
    """The last of :data:`SETTLE_DAYS` + 1 days run under ``spec``'s power regime: its person-days without water,
    its pumps' mean power per hour (kW; index 0..23) and whether the timetable had the grid on, per hour."""
    run = simulate(net, options, replace(spec, duration_h=(SETTLE_DAYS + 1) * HOURS_PER_DAY), zones)
    last = run.hourly.index >= SETTLE_DAYS * HOURS_PER_DAY
    lost = float(run.hourly.loc[last, "person_hours_without"].sum()) / HOURS_PER_DAY
    power = run.pump_power_kw.loc[last].reset_index(drop=True)
    grid_on = np.resize(np.array(spec.grid_on, dtype=bool), len(power)) if spec.grid_on else np.ones(len(power), bool)
    return lost, power, grid_on


def day_without_water(net, options, spec: SimulationSpec, zones=None) -> float:
    """Person-days without water in the last of :data:`SETTLE_DAYS` + 1 days run under ``spec``'s power regime."""
    return measured_day(net, options, spec, zones)[0]


def set_fuel(delivery: GeneratorDelivery, power_kw: pd.DataFrame, grid_on: np.ndarray, assumptions=None) -> dict:
    """The fuel a delivery's set burns in a day (see the module doc): ``rated_kw``, ``fuel_l_per_day``, ``set_hours_per_day``,
    ``peak_load_kw``, ``mean_load_pct`` (of rated kW over its running hours), ``autonomy_days`` (NaN without a
    tank); all NaN without ``rated_kva``."""
    from teplovoda.models.power.generators import GeneratorAssumptions, fuel_l_per_h

    nan = float("nan")
    keys = ("rated_kw", "fuel_l_per_day", "set_hours_per_day", "peak_load_kw", "mean_load_pct", "autonomy_days")
    out = dict.fromkeys(keys, nan)
    if delivery.rated_kva is None:
        return out
    a = assumptions or GeneratorAssumptions()
    rated_kw = delivery.rated_kva * a.power_factor
    off = ~np.asarray(grid_on, dtype=bool)
    load = power_kw[list(delivery.pumps)].sum(axis=1).to_numpy()[off]
    fuel = float(np.sum(fuel_l_per_h(a, rated_kw, load)))
    out.update(
        rated_kw=rated_kw,
        fuel_l_per_day=fuel,
        set_hours_per_day=float(off.sum()),
        peak_load_kw=float(load.max()) if len(load) else 0.0,
        mean_load_pct=float(100 * load.mean() / rated_kw) if len(load) else 0.0,
    )
    if delivery.tank_l is not None and fuel > 0:
        out["autonomy_days"] = delivery.tank_l / fuel
    return out


def blackout_recovery(net, options, spec: SimulationSpec, deliveries, horizon_days: float, zones=None) -> pd.DataFrame:
    """Person-days without water from blackouts over ``horizon_days``, without a generator and per delivery.

    Parameters
    ----------
    net : WaterNetwork
        The network as it runs through the horizon (damaged, if it is).
    options : HydraulicOptions
    spec : SimulationSpec
        Its ``grid_on`` (24 hourly 0/1) is the timetable; ``pumps`` the pumps it stops (default every pump).
    deliveries : sequence of GeneratorDelivery
    horizon_days : float

    Returns
    -------
    DataFrame
        Index = option (``no generator`` first, then each delivery); ``lead_time_days``, ``pumps``,
        ``loss_before_person_days_per_day``, ``loss_after_person_days_per_day``, ``person_days_without_water``,
        ``person_days_saved``, ``cost_eur``, ``cost_eur_per_person_day_saved`` (NaN without a cost or a saving),
        and the set's fuel (:func:`set_fuel`: ``rated_kw``, ``fuel_l_per_day``, ``set_hours_per_day``,
        ``peak_load_kw``, ``mean_load_pct``, ``autonomy_days``; NaN without ``rated_kva``).
        ``attrs["solves"]``: extended-period runs made; ``attrs["unit"]``: ``"person-day"``.
    """
    if not spec.grid_on or spec.generator:
        raise InputError(Msg("rec.blackout.no_timetable", "[simulation] needs grid_on (24 hourly 0 or 1) and no generator"))
    pumps = timetabled_pumps(net, spec)
    check_deliveries(deliveries, pumps, horizon_days)
    powered, powered_kw, _ = measured_day(net, options, replace(spec, generator=True), zones)
    blackout = max(day_without_water(net, options, spec, zones) - powered, 0.0)
    # per set of pumps powered: (loss per day, pump power per hour); every pump powered is the run above
    cache = {frozenset(pumps): (0.0, powered_kw)}
    grid_on = np.resize(np.array(spec.grid_on, dtype=bool), int(HOURS_PER_DAY))
    rows = [_row(NO_GENERATOR, float(horizon_days), (), blackout, blackout, horizon_days, float("nan"))]
    rows[0].update(set_fuel(GeneratorDelivery(NO_GENERATOR), powered_kw, grid_on))
    for d in deliveries:
        key = frozenset(d.pumps)
        if key not in cache:
            rest = tuple(p for p in pumps if p not in key)
            lost, kw, _ = measured_day(net, options, replace(spec, pumps=rest), zones)
            cache[key] = (max(lost - powered, 0.0), kw)
        cost = float("nan") if d.cost_eur is None else d.cost_eur
        rows.append(_row(d.name, d.lead_time_days, d.pumps, blackout, cache[key][0], horizon_days, cost))
        rows[-1].update(set_fuel(d, cache[key][1], grid_on))
    out = pd.DataFrame(rows).set_index("option")
    out["person_days_saved"] = out.at[NO_GENERATOR, "person_days_without_water"] - out["person_days_without_water"]
    saved = out["person_days_saved"].where(out["person_days_saved"] > 0)
    out["cost_eur_per_person_day_saved"] = out["cost_eur"] / saved
    out.attrs.update(solves=len(cache) + 1, unit="person-day")
    return out


def _row(name, lead_days, pumps, before, after, horizon_days, cost_eur) -> dict:
    arrival = min(lead_days, horizon_days)
    return {
        "option": name,
        "lead_time_days": lead_days,
        "pumps": " ".join(pumps),
        "loss_before_person_days_per_day": before,
        "loss_after_person_days_per_day": after,
        "person_days_without_water": before * arrival + after * (horizon_days - arrival),
        "cost_eur": cost_eur,
    }


def daily_loss(table: pd.DataFrame, horizon_days: int) -> pd.DataFrame:
    """Person-days without water from blackouts in each day 0..``horizon_days``-1 (index = day; one column per option)."""
    starts = np.arange(horizon_days, dtype=float)
    cols = {}
    for name, r in table.iterrows():
        before = np.clip(r["lead_time_days"] - starts, 0.0, 1.0)  # the share of each day before the arrival
        cols[name] = r["loss_before_person_days_per_day"] * before + r["loss_after_person_days_per_day"] * (1 - before)
    return pd.DataFrame(cols, index=pd.RangeIndex(horizon_days, name="day"))


__all__ = [
    "GeneratorDelivery",
    "NO_GENERATOR",
    "blackout_recovery",
    "check_deliveries",
    "daily_loss",
    "measured_day",
    "set_fuel",
    "timetabled_pumps",
]
