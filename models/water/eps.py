"""Extended-period simulation: a day or a week of a water network's operation, by EPANET 2.3.

:func:`simulate` runs EPANET's own extended-period hydraulics over ``duration_h``: the file's demand
patterns, simple and rule-based controls, tank levels filling and draining, pumps switching, every
hydraulic step EPANET takes (at most ``hydraulic_step_min``, and every hour boundary, which is a
reporting time). On top of the file it can take pumps' availability per hour (a blackout timetable):
an unavailable pump is stopped with its controls and rules off; when it is available again its
controls decide.

Per hour it reports people fully and partly served and without water (from the hour's delivered and
required volume per node, the thresholds of :mod:`teplovoda.models.water.metrics`), person-hours without water,
tank levels at the hour's end, delivered, required and leaked volumes, and pump energy; per zone the
hour it first runs dry (its delivered share of the hour's demand 1 % or less); per pump the energy,
volume and specific energy (kWh/m3) over the whole run.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from epanet import toolkit as tk

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import bounded
from teplovoda.models.units import SECONDS_PER_HOUR
from teplovoda.models.water import metrics
from teplovoda.models.water import network as wnet
from teplovoda.models.water.hydraulics import HydraulicOptions, _supplied
from teplovoda.models.water.toolkit import ToolkitError, refused_edit, solve_error_text

logger = logging.getLogger(__name__)

MAX_DURATION_H = 24 * 366


@dataclass(frozen=True)
class SimulationSpec:
    """``[simulation]`` of a water scenario: how long, how fine, and which hours the pumps have power.

    ``grid_on``: 24 hourly entries (1 = the pumps have power), repeated every day; empty: always.
    ``pumps``: the pumps the timetable applies to (default: every pump). ``generator``: a generator
    keeps them running through grid-off hours. ``energy_price_eur_per_kwh``: for pump energy cost.
    """

    duration_h: float = bounded(24.0, gt=0, le=MAX_DURATION_H, unit="h")
    hydraulic_step_min: float = bounded(60.0, ge=1, le=60, unit="min")
    grid_on: tuple[int, ...] = ()
    pumps: tuple[str, ...] = ()
    generator: bool = False
    energy_price_eur_per_kwh: float | None = bounded(None, ge=0, le=100, unit="EUR/kWh")

    def __post_init__(self):
        if self.grid_on and (len(self.grid_on) != 24 or any(v not in (0, 1) for v in self.grid_on)):
            raise InputError(Msg("water.grid_on", "grid_on must have 24 hourly entries of 0 or 1"))

    def available(self, hours: int) -> np.ndarray:
        """Whether the timetabled pumps have power, per hour (True = running allowed)."""
        if not self.grid_on or self.generator:
            return np.ones(hours, dtype=bool)
        day = np.array(self.grid_on, dtype=bool)
        return np.resize(day, hours)


@dataclass
class EpsResult:
    """What an extended-period run gives.

    Attributes
    ----------
    hourly : DataFrame
        Index = hour (0 = the first hour); ``people_full``, ``people_partial``, ``people_without``,
        ``people_equivalent_served``, ``person_hours_without``, ``delivered_m3``, ``required_m3``,
        ``leak_m3``, ``pump_energy_kwh``, ``pumps_available``, ``epanet_warning`` (EPANET gave a warning code
        in the hour: a pump that cannot deliver its head, a node cut off, negative pressures; the run goes on,
        and the warnings are kept here instead of being printed; ``totals["epanet_warning_hours"]`` counts them).
    tanks : DataFrame
        Index = hour, one column per tank: level at the hour's end (m above the tank's bottom).
    zones_first_dry_h : Series
        Index = zone; the first hour in which the zone got 1 % or less of its demand (NaN: never).
    pumps : DataFrame
        Index = pump; ``energy_kwh``, ``volume_m3``, ``specific_energy_kwh_per_m3``, ``hours_running``,
        ``cost_eur`` (when a price is given).
    pump_flow_m3_per_h, pump_head_m : DataFrame
        Index = hour, one column per pump: mean flow over the hour, mean lift while it ran (0: it did not).
    pump_power_kw : DataFrame
        Index = hour, one column per pump: mean power over the hour (EPANET's pump energy, flow x head over the
        pump's efficiency; 0 while it is off).
    converged : bool
    reason : str
    """

    hourly: pd.DataFrame
    tanks: pd.DataFrame
    zones_first_dry_h: pd.Series
    pumps: pd.DataFrame
    pump_flow_m3_per_h: pd.DataFrame = field(default_factory=pd.DataFrame)
    pump_head_m: pd.DataFrame = field(default_factory=pd.DataFrame)
    pump_power_kw: pd.DataFrame = field(default_factory=pd.DataFrame)
    converged: bool = True
    reason: str = "converged"
    steps: int = 0
    totals: dict = field(default_factory=dict)


class _Availability:
    """Stops the timetabled pumps in the hours without power, their controls and rules off meanwhile.

    When the power returns each pump takes back the status it had when the power went (a pump that ran
    restarts, a standby pump stays off until its controls start it) and its controls and rules are on again.
    Pumps taken out of service (damage: ``pump_lost``, ``source_lost``) are not timetabled: the grid's return
    must not start a lost pump."""

    def __init__(self, project, pumps: list[str]):
        self.p = project
        self.pumps = pumps
        self.on = True
        self.before: dict[str, float] = {}

    def set(self, on: bool) -> None:
        if on == self.on:
            return
        for name in self.pumps:
            i = self.p.link_index(name)
            if not on:
                self.before[name] = tk.getlinkvalue(self.p.ph, i, tk.STATUS)
            self.p.set_link_controls(name, on)
            tk.setlinkvalue(self.p.ph, i, tk.STATUS, self.before.get(name, 1) if on else 0)
        self.on = on


def simulate(
    net: wnet.WaterNetwork, options: HydraulicOptions, spec: SimulationSpec, zones: pd.Series | None = None
) -> EpsResult:
    """Run ``spec.duration_h`` hours of ``net`` with EPANET (see module doc)."""
    wnet.check_network(net)
    try:
        p = net.project()
    except ToolkitError as exc:
        raise InputError(refused_edit(net.name, exc)) from None
    try:
        return _run(p, net, options, spec, zones)
    finally:
        p.close()


def _run(p, net, options, spec, zones) -> EpsResult:
    ph = p.ph
    duration_s = int(round(spec.duration_h * SECONDS_PER_HOUR))
    hours = int(math.ceil(spec.duration_h))
    tk.settimeparam(ph, tk.DURATION, duration_s)
    step = min(int(spec.hydraulic_step_min * 60), int(tk.gettimeparam(ph, tk.PATTERNSTEP)) or 3600)
    tk.settimeparam(ph, tk.HYDSTEP, step)
    tk.settimeparam(ph, tk.REPORTSTEP, int(SECONDS_PER_HOUR))
    tk.settimeparam(ph, tk.REPORTSTART, 0)
    p.set_demand_model(options.demand_model == "pdd", options.min_pressure_m, options.required_pressure_m)
    if options.max_iterations is not None:
        tk.setoption(ph, tk.TRIALS, options.max_iterations)

    ids = p.node_ids()
    node_index, link_index = p.indexes()
    kinds = net.nodes["kind"].reindex(node_index).fillna("junction").to_numpy(dtype=object)
    demand_node = ~np.isin(kinds, wnet.SOURCE_KINDS)
    pop = net.nodes["population"].reindex(node_index).fillna(0.0).to_numpy(float)
    ends = p.link_ends()
    lkinds = net.links["kind"].reindex(link_index).fillna("pipe").to_numpy(dtype=object)
    pump_pos = np.flatnonzero(lkinds == "pump")
    pumps = [link_index[k] for k in pump_pos]
    timetabled = list(spec.pumps) or pumps
    unknown = [x for x in timetabled if x not in set(pumps)]
    if unknown:
        what = Msg("element.pump", "pump")
        raise InputError(
            within("[simulation] -> pumps", Msg("water.unknown", "unknown {what} {name}", what=what, name=repr(unknown[0])))
        )
    tanks = [i for i, k in enumerate(kinds) if k == "tank"]
    available = spec.available(hours)
    in_service = net.links["in_service"].astype(bool)
    avail = _Availability(p, [x for x in timetabled if in_service.get(x, True)])
    q_factor = p.flow_m3_per_s * SECONDS_PER_HOUR
    z = p.node_values(tk.ELEVATION) * p.length_m

    n = len(ids)
    delivered = np.zeros((hours, n))
    required = np.zeros((hours, n))
    fed_h = np.zeros((hours, n))  # hours each node was joined to a source
    span = np.zeros(hours)  # hours simulated in each hour (the last may be short)
    leak = np.zeros(hours)
    energy = np.zeros((hours, len(pumps)))
    volume = np.zeros((hours, len(pumps)))
    lift = np.zeros((hours, len(pumps)))  # head x hours, while running
    run_h = np.zeros((hours, len(pumps)))
    running_h = np.zeros(len(pumps))
    levels = np.full((hours, len(tanks)), np.nan)
    ok, reason, steps = True, "converged", 0
    warned = np.zeros(hours, dtype=bool)  # hours in which EPANET gave a warning code
    with np.errstate(all="ignore"):
        p.open_solver()
        tk.initH(ph, tk.NOSAVE)
        t = 0
        while True:
            hour = min(int(t // SECONDS_PER_HOUR), hours - 1)
            avail.set(bool(available[hour]))
            try:
                with warnings.catch_warnings(record=True) as caught:  # EPANET's warning codes, as Python warnings
                    warnings.simplefilter("always")
                    t = tk.runH(ph)
            except Exception as exc:  # noqa: BLE001 - the SWIG wrapper raises bare Exception("Error NNN: ...")
                ok, reason = False, f"EPANET stopped at hour {t / SECONDS_PER_HOUR:.2f}: {solve_error_text(exc)}"
                break
            if caught:
                warned[hour] = True
            steps += 1
            status = p.link_values(tk.STATUS)
            fed = _supplied(p, ids, kinds, status > 0, ends)
            head = p.node_values(tk.HEAD) * p.length_m
            req, got = _consumption(p, options, q_factor, fed & demand_node)
            lk = (p.node_values(tk.EMITTERFLOW) + p.node_values(tk.LEAKAGEFLOW)) * q_factor
            flow = p.link_values(tk.FLOW)[pump_pos] * q_factor
            power = p.link_values(tk.ENERGY)[pump_pos]
            if tanks and t > 0 and (t % SECONDS_PER_HOUR == 0 or t >= duration_s):
                levels[min(int(math.ceil(t / SECONDS_PER_HOUR)), hours) - 1] = head[tanks] - z[tanks]
            tstep = tk.nextH(ph)
            if t >= duration_s:
                break
            dt_h = tstep / SECONDS_PER_HOUR
            delivered[hour] += np.where(demand_node, got, 0.0) * dt_h
            required[hour] += np.where(demand_node, req, 0.0) * dt_h
            fed_h[hour] += fed * dt_h
            span[hour] += dt_h
            leak[hour] += float(np.clip(lk[fed], 0, None).sum()) * dt_h
            on = status[pump_pos] > 0
            energy[hour] += np.where(on, power, 0.0) * dt_h
            volume[hour] += np.where(on, np.clip(flow, 0, None), 0.0) * dt_h
            moving = on & (flow > 1e-6)
            running_h += np.where(moving, dt_h, 0.0)
            run_h[hour] += np.where(moving, dt_h, 0.0)
            lift[hour] += np.where(moving, head[ends[pump_pos, 1] - 1] - head[ends[pump_pos, 0] - 1], 0.0) * dt_h
            if tstep <= 0:
                break
            t += tstep
        p.close_solver()
    run = _Accumulated(delivered, required, fed_h, span, leak, energy, volume, running_h, levels, lift, run_h, warned)
    return _summarise(ids, pop, demand_node, run, tanks, pumps, available, zones, spec, (ok, reason, steps))


def _consumption(p, options, q_factor: float, fed_consumer: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each node's required and delivered consumption now (m3/h). A node with a negative demand is an inflow
    (Net2's source node 1): it requires and receives nothing as a consumer."""
    req = p.node_values(tk.FULLDEMAND) * q_factor
    got = p.node_values(tk.DEMANDFLOW if options.demand_model == "pdd" else tk.DEMAND) * q_factor
    got = np.where(fed_consumer & (req > 0), np.clip(got, 0, np.maximum(req, 0)), 0.0)
    return np.clip(req, 0.0, None), got


@dataclass
class _Accumulated:
    """Per-hour sums of an EPANET run (rows = hours)."""

    delivered: np.ndarray  # m3 per node
    required: np.ndarray  # m3 per node
    fed_h: np.ndarray  # hours joined to a source, per node
    span: np.ndarray  # hours simulated
    leak: np.ndarray  # m3
    energy: np.ndarray  # kWh per pump
    volume: np.ndarray  # m3 per pump
    running_h: np.ndarray  # hours per pump (whole run)
    levels: np.ndarray  # m per tank at the hour's end
    lift: np.ndarray  # head x hours per pump, while running (m h)
    run_h: np.ndarray  # hours running per pump
    warned: np.ndarray  # EPANET gave a warning code in the hour


def _summarise(ids, pop, demand_node, run: _Accumulated, tanks, pumps, available, zones, spec, outcome) -> EpsResult:
    ok, reason, steps = outcome
    delivered, required, leak, energy, volume, running_h, levels = (
        run.delivered,
        run.required,
        run.leak,
        run.energy,
        run.volume,
        run.running_h,
        run.levels,
    )
    hours = delivered.shape[0]
    # a node that needs nothing this hour is served if it was joined to a source most of the hour
    # (as the snapshot metrics count it)
    frac = np.where(run.fed_h >= 0.5 * run.span[:, None], 1.0, 0.0)
    frac = np.divide(delivered, required, out=frac, where=required > 1e-12)
    frac = np.clip(frac, 0.0, 1.0)
    full = frac >= metrics.FULL_SERVICE_FRACTION
    none = frac <= metrics.NO_SERVICE_FRACTION
    partial = ~full & ~none
    w = np.where(demand_node, pop, 0.0)
    hourly = pd.DataFrame(
        {
            "people_full": full @ w,
            "people_partial": partial @ w,
            "people_without": none @ w,
            "people_equivalent_served": frac @ w,
            "person_hours_without": none @ w,
            "delivered_m3": delivered.sum(axis=1),
            "required_m3": required.sum(axis=1),
            "leak_m3": leak,
            "pump_energy_kwh": energy.sum(axis=1),
            "pumps_available": available[:hours],
            "epanet_warning": run.warned[:hours],
        },
        index=pd.RangeIndex(hours, name="hour"),
    )
    tank_levels = pd.DataFrame(levels, index=hourly.index, columns=[ids[i] for i in tanks])
    span = np.where(run.span > 0, run.span, 1.0)[:, None]
    pump_flow = pd.DataFrame(volume / span, index=hourly.index, columns=pumps)
    pump_power = pd.DataFrame(energy / span, index=hourly.index, columns=pumps)
    pump_head = pd.DataFrame(
        np.divide(run.lift, run.run_h, out=np.zeros_like(run.lift), where=run.run_h > 0), index=hourly.index, columns=pumps
    )
    first_dry = pd.Series(dtype=float, name="first_dry_hour")
    if zones is not None and len(zones):
        pos = {name: i for i, name in enumerate(ids)}
        rows = {}
        for zone, members in zones.groupby(zones):
            idx = [pos[m] for m in members.index if m in pos]
            req = required[:, idx].sum(axis=1)
            got = delivered[:, idx].sum(axis=1)
            dry = np.flatnonzero((req > 1e-12) & (got <= metrics.NO_SERVICE_FRACTION * req))
            rows[zone] = float(dry[0]) if len(dry) else np.nan
        first_dry = pd.Series(rows, name="first_dry_hour", dtype=float)
    e = energy.sum(axis=0)
    v = volume.sum(axis=0)
    pump_table = pd.DataFrame(
        {
            "energy_kwh": e,
            "volume_m3": v,
            "specific_energy_kwh_per_m3": np.divide(e, v, out=np.full(len(e), np.nan), where=v > 1e-9),
            "hours_running": running_h,
        },
        index=pd.Index(pumps, dtype=object, name="pump"),
    )
    if spec.energy_price_eur_per_kwh is not None:
        pump_table["cost_eur"] = e * spec.energy_price_eur_per_kwh
    totals = {
        "duration_h": float(spec.duration_h),
        "person_hours_without_water": float(hourly["person_hours_without"].sum()),
        "people_without_water_max": float(hourly["people_without"].max()),
        "delivered_m3": float(hourly["delivered_m3"].sum()),
        "required_m3": float(hourly["required_m3"].sum()),
        "pump_energy_kwh": float(e.sum()),
        "pump_specific_energy_kwh_per_m3": float(e.sum() / v.sum()) if v.sum() > 1e-9 else float("nan"),
        "first_zone_dry_h": float(np.nanmin(first_dry.to_numpy())) if first_dry.notna().any() else float("nan"),
        "epanet_warning_hours": int(run.warned[:hours].sum()),
    }
    return EpsResult(
        hourly=hourly,
        tanks=tank_levels,
        zones_first_dry_h=first_dry,
        pumps=pump_table,
        pump_flow_m3_per_h=pump_flow,
        pump_head_m=pump_head,
        pump_power_kw=pump_power,
        converged=ok,
        reason=reason,
        steps=steps,
        totals=totals,
    )
