"""Heat over days (issue 16, points 1, 3 and 5): options arriving over time, buildings cooling and warming day by day.

* **Weather.** ``[recovery]`` gives a horizon in days and a daily outdoor temperature: the scenario's own table
  or a city's climate normals (:mod:`~teplovoda.models.recovery.weather`).
* **Plans.** "No action" (the damaged network all along), each ``[[recovery.options]]`` entry alone (in
  service from its lead time to its ``until_day`` or the horizon) and each staged ``[[recovery.plans]]`` entry.
  An option that repairs damaged elements (``repair_sources``, ``repair_pipes``) is, unless it states a lead
  time, in service from its repairs' end: the damaged elements are scheduled onto heat crews by
  :func:`~teplovoda.models.recovery.schedule.critical_rule` (critical first, then shortest), durations from the
  duration table or ``[[recovery.repairs]]``, crews and mobilisation from ``[recovery]``.
* **Network per stage.** Each day the heat network is the damaged one with the options in service that day
  (applied one after another, as :func:`~teplovoda.models.heat.scenario.option_network`), solved by the heat
  engine at that day's outdoor temperature rounded to :data:`SOLVE_STEP_K` (each distinct stage and
  temperature solved once) and the day's mean hot-water draw (:func:`day_conditions`). The intact network,
  solved the same way, is the reference.
* **Buildings.** Each building starts at the indoor temperature and follows
  :func:`~teplovoda.models.heat.physics.indoor_after` day by day (its time constant, the day's delivered share
  and outdoor temperature, internal gains ``gains_k`` per building type). Warm-up uses the same model: a
  re-supplied building rises towards the indoor temperature with its time constant (the network delivers at most
  the demand, so this is slow, a conservative figure).
* **Metrics.** A building is *heated* on a day when its indoor temperature at the day's end is at least
  ``heated_indoor_temp_c`` (18 °C by default). Person-days without heat: the sum over the days of the intact
  network's people heated minus the plan's. A building whose rooms reach :data:`FREEZE_TEMP_C` is
  freeze-damaged (its risers and radiators burst), with ``freeze_repair_cost_eur`` per freeze, and is off the
  network (no heat, out of the solve) for ``building_repair_days`` (see :func:`simulate`). Critical
  facilities (:data:`CRITICAL_BUILDING_TYPES`) are restored on the first day from which they stay heated to
  the horizon. Cost per person-day restored: the plan's option costs over the person-days
  it saves against no action.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from teplovoda.models.damage import element_of
from teplovoda.models.errors import InputError, within
from teplovoda.models.heat import damage as hdamage
from teplovoda.models.heat import physics
from teplovoda.models.heat.metrics import FREEZE_TEMP_C
from teplovoda.models.heat.scenario import HeatScenario, build_network, option_network
from teplovoda.models.heat.thermal import fed_consumers, solve
from teplovoda.models.messages import Msg
from teplovoda.models.recovery import durations, weather
from teplovoda.models.recovery import spec as rspec
from teplovoda.models.recovery.schedule import CrewPool, Repair, critical_rule
from teplovoda.models.units import HOURS_PER_DAY

logger = logging.getLogger(__name__)

#: The network is solved at the day's outdoor temperature rounded to this step (K); the buildings use the exact one.
SOLVE_STEP_K = 1.0
#: Building types whose restoration is reported on its own.
CRITICAL_BUILDING_TYPES = ("hospital",)
#: Internal gains per building type as K above outdoor they hold with no heating (G/H). Assumption: occupants,
#: cooking and appliances of about 4-5 W per m2 of floor (EN ISO 13790's residential order of magnitude) over a
#: heat-loss coefficient of about 1.5-2 W/(m2 K) of a Soviet-era block; a hospital runs day and night, a school
#: only by day. Without electricity the gains are smaller: set them in ``[recovery] gains_k``.
GAINS_K = {"apartment_block": 3.0, "school": 1.5, "kindergarten": 1.5, "hospital": 4.0, "other": 2.0}
#: Heat damage kind -> element type of the duration table (all repaired by heat crews).
HEAT_ELEMENT_TYPES = {"source_lost": "boiler", "pump_lost": "pump", "source_derated": "boiler", "pipe_closed": "pipe_break"}
NO_ACTION = "no action"


@dataclass
class PlanResult:
    """One plan over the horizon: ``temps`` (day 0..H x consumer, °C), ``people_heated`` (per day, people),
    ``stages`` (per day 0..H-1: the options in service), ``fractions`` (day 0..H-1 x consumer: the delivered
    share of demand the network gives that day, 0 while the building is off the network), ``freezes``
    ((building, day) for each freeze: the day-end its rooms reached 0 °C), and its metrics (``frozen``: the
    buildings that froze at least once)."""

    name: str
    temps: pd.DataFrame
    people_heated: pd.Series
    stages: list
    fractions: pd.DataFrame | None = None
    freezes: list = field(default_factory=list)
    person_days_without: float = 0.0
    critical_restored_day: float = 0.0
    frozen: list = field(default_factory=list)
    freeze_cost_eur: float = 0.0
    cost_eur: float = float("nan")
    cost_per_person_day_eur: float = float("nan")


@dataclass
class HeatRecovery:
    scenario: HeatScenario
    outdoor_temp_c: np.ndarray
    lead_times: dict
    repair_jobs: list
    plans: dict = field(default_factory=dict)
    intact: PlanResult | None = None
    people_total: float = 0.0
    solves: int = 0

    @property
    def horizon_days(self) -> int:
        """The days planned (``[recovery] horizon_days``)."""
        return self.scenario.recovery.horizon_days


class Stages:
    """Delivered share per consumer for a set of options in service, a set of buildings off the network and an
    outdoor temperature, each solved once."""

    def __init__(self, scn: HeatScenario, net):
        self.scn, self.intact = scn, net
        self.src = str(scn.path)
        try:
            self.damaged = hdamage.apply_damage(net, list(scn.damage))
        except InputError as exc:
            raise InputError(exc.detail, source=self.src) from None
        self.options = {o.name: (i, o) for i, o in enumerate(scn.options)}
        self.nets, self.cache, self.fed = {}, {}, {}

    def net(self, active: tuple, off: tuple = ()):
        if (active, off) not in self.nets:
            if off:
                net = hdamage.disconnect_consumers(self.net(active), off)
            else:
                net = self.damaged if active != ("intact",) else self.intact
                if active != ("intact",):
                    for name in active:
                        i, opt = self.options[name]
                        net = option_network(net, opt, i, self.src)
            self.nets[(active, off)] = net
        return self.nets[(active, off)]

    def fraction(self, active: tuple, outdoor_c: float, off: tuple = ()) -> pd.Series:
        """Delivered share of each consumer on the network (those in ``off`` are out of the solve and get 0)."""
        t = round(outdoor_c / SOLVE_STEP_K) * SOLVE_STEP_K
        if off:  # a building off in an island no source feeds changes nothing: solved as if it were on
            if (active, t) not in self.fed:
                self.fed[(active, t)] = fed_consumers(self.net(active), t)
            off = tuple(c for c in off if c in self.fed[(active, t)])
        key = (active, off, t)
        if key not in self.cache:
            net = self.net(active, off)
            if len(net.heat_consumer) == 0:  # every building off: nothing to solve
                self.cache[key] = pd.Series(dtype=float)
            else:
                res = solve(net, day_conditions(self.scn, t))
                self.cache[key] = res.consumers["delivered_fraction"].fillna(0.0)
        return self.cache[key]


def day_conditions(scn: HeatScenario, outdoor_c: float):
    """The heat engine's conditions of one recovery day at outdoor temperature ``outdoor_c`` (°C).

    Hot water is the day's mean draw (``hour`` None: the daily mean of the hourly profile), not the draw of the
    scenario's ``[weather] hour`` all day: a model that steps a whole day wants the day's energy. The evening
    peak a network may not carry is a question for the snapshot (``teplovoda heat run`` at that hour).
    """
    return dataclasses.replace(scn.conditions(), outdoor_temp_c=outdoor_c, hour=None)


def outdoor_series(scn: HeatScenario) -> np.ndarray:
    """The horizon's daily outdoor temperature (°C), day 0 first."""
    rec = scn.recovery
    if rec.outdoor_temp_c is not None:
        return np.array(rec.outdoor_temp_c[: rec.horizon_days], dtype=float)
    return weather.daily_normals(rec.city, rec.start, rec.horizon_days)


def repair_durations(scn: HeatScenario) -> dict[str, float]:
    """Each damaged element's repair duration (crew-days): ``[[recovery.repairs]]``, else the duration table."""
    rec, out = scn.recovery.repairs, {}
    for d in scn.damage:
        element = element_of(d)
        over = rec.override(element)
        if over is not None and over.duration_days is not None:
            out[element] = float(over.duration_days)
        else:
            out[element] = durations.default_duration(HEAT_ELEMENT_TYPES[d.kind])[0]
    return out


def repair_lead_times(scn: HeatScenario) -> tuple[dict, list]:
    """Day each option's repairs are done (options that repair nothing: absent) and the repair jobs."""
    rec, src = scn.recovery.repairs, str(scn.path)
    repairs = []
    days = repair_durations(scn)
    for d in scn.damage:
        element = element_of(d)
        over = rec.override(element)
        critical = bool(over.critical) if over is not None else False
        repairs.append(Repair(element, "heat", days[element], 1.0, critical, element_type=HEAT_ELEMENT_TYPES[d.kind]))
    idle = sorted((set(rec.crews) | set(rec.mobilisation_days)) - {"heat"})
    if idle:
        bad = Msg(
            "rec.idle_heat_trade", "no repair of a heat scenario needs any {trade} crew", trade=durations.trade_word(idle[0])
        )
        raise InputError(within(f"[recovery] -> crews.{idle[0]}", bad), source=src)
    count = rec.crews.get("heat", rspec.DEFAULT_CREWS)
    if count < 1 and repairs:
        bad = Msg(
            "rec.need_crew",
            "the repairs need at least one {trade} crew, got {count}",
            trade=durations.trade_word("heat"),
            count=count,
        )
        raise InputError(within("[recovery] -> crews.heat", bad), source=src)
    if not repairs:
        return {}, []
    sched = critical_rule(repairs, {"heat": CrewPool("heat", int(count), float(rec.mobilisation_days.get("heat", 0.0)))})
    ends = {j.repair.element: j.end_day for j in sched.jobs}
    out = {}
    for opt in scn.options:
        fixed = [e for e in (*opt.repair_sources, *opt.repair_pipes) if e in ends]
        if fixed:
            out[opt.name] = max(ends[e] for e in fixed)
    return out, list(sched.jobs)


def _timelines(scn: HeatScenario, lead: dict, beyond: bool = False) -> dict[str, list[tuple[str, float, float]]]:
    """Plan name -> [(option, from_day, until_day)]. An option in service from beyond the horizon is an error,
    or with ``beyond`` (a sweep's drawn lead times) never in service within it."""
    rec, horizon, src = scn.recovery, scn.recovery.horizon_days, str(scn.path)
    plans = {NO_ACTION: []}
    for o in rec.options:
        start = o.lead_time_days if o.lead_time_days is not None else lead.get(o.option, 0.0)
        start = min(start, horizon) if beyond else start
        plans[o.option] = [(o.option, *rspec.service_window(o.option, start, o.until_day, horizon, src, beyond))]
    timing = {o.option: o for o in rec.options}
    for p in rec.plans:
        if p.name in plans:
            bad = Msg("rec.plan_name_twice", "the name is used twice")
            raise InputError(within(f"[[recovery.plans]] {p.name!r}", bad), source=src)
        starts = []
        for s in p.stages:
            t = timing.get(s.option)
            default = t.lead_time_days if t is not None and t.lead_time_days is not None else lead.get(s.option, 0.0)
            starts.append(min(s.from_day if s.from_day is not None else default, horizon))
        stages = []
        for k, s in enumerate(p.stages):
            until = s.until_day if s.until_day is not None else (starts[k + 1] if k + 1 < len(starts) else horizon)
            if until <= starts[k] and not beyond:
                raise rspec.never_in_service(f"[[recovery.plans]] {p.name!r} -> stages #{k + 1}", starts[k], until, src)
            stages.append((s.option, starts[k], until))
        plans[p.name] = stages
    return plans


def _tau_gains(net, rec) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    hc = net.heat_consumer.set_index(net.heat_consumer["name"].astype(str))
    btype = hc["building_type"].astype(str)
    tau = hc["time_constant_h"].astype(float)
    tau = tau.where(np.isfinite(tau), btype.map(physics.TIME_CONSTANT_H).astype(float))
    gains = btype.map(lambda b: rec.gains_k.get(b, GAINS_K.get(b, GAINS_K["other"]))).astype(float)
    return tau, gains, hc["people"].astype(float), btype


def simulate(
    stages: Stages, name: str, timeline, outdoor_c: np.ndarray, scn: HeatScenario, fixed: tuple | None = None
) -> PlanResult:
    """Day-by-day indoor temperatures of one plan (``fixed``: the same options every day, e.g. ``("intact",)``).

    A building freezes on the day its rooms reach :data:`FREEZE_TEMP_C` at the day's end from above it while on
    the network. From the next day it is off the network for ``ceil(building_repair_days)`` days (its own
    plumbers repair it; the network's heat crews are not used, and there are as many plumbers as frozen
    buildings): it gets no heat and is out of the network solve, so the rest of the network is solved without
    its load. Then it is back on the network and warms from its temperature. It freezes again only after its
    rooms have been above 0 °C again, each freeze costing ``freeze_repair_cost_eur``.
    """
    rec, climate = scn.recovery, scn.climate
    tau, gains, people, _ = _tau_gains(stages.intact, rec)
    names = tau.index
    temps = [pd.Series(climate.indoor_temp_c, index=names)]
    off_days = math.ceil(rec.building_repair_days)
    back_day = np.zeros(len(names))  # the building is off the network while day < back_day
    above = temps[0].to_numpy() > FREEZE_TEMP_C
    active_days, fracs, freezes = [], [], []
    for k, t_out in enumerate(outdoor_c):
        active = fixed if fixed is not None else tuple(o for o, a, b in timeline if a <= k < b)
        off_mask = k < back_day
        off = tuple(names[off_mask])
        frac = stages.fraction(active, float(t_out), off).reindex(names).fillna(0.0).where(~off_mask, 0.0)
        t_next = physics.indoor_after(
            tau.to_numpy(), temps[-1].to_numpy(), t_out, frac.to_numpy(), HOURS_PER_DAY,
            indoor_temp_c=climate.indoor_temp_c, gains_k=gains.to_numpy(),
        )  # fmt: skip
        froze = above & (t_next <= FREEZE_TEMP_C) & ~off_mask
        freezes += [(c, k + 1) for c in names[froze]]
        back_day[froze] = k + 1 + off_days
        above = t_next > FREEZE_TEMP_C
        temps.append(pd.Series(t_next, index=names))
        active_days.append(active)
        fracs.append(frac)
    table = pd.DataFrame(temps)
    table.index.name = "day"
    heated = (table >= rec.heated_indoor_temp_c - 1e-9).mul(people, axis=1).sum(axis=1)
    fractions = pd.DataFrame(fracs).reset_index(drop=True)
    return PlanResult(name, table, heated.rename("people_heated"), active_days, fractions, freezes=freezes)


def _metrics(plan: PlanResult, intact: PlanResult, base: PlanResult | None, scn: HeatScenario, btype: pd.Series) -> None:
    rec = scn.recovery
    plan.person_days_without = float((intact.people_heated - plan.people_heated).iloc[1:].clip(lower=0).sum())
    critical = [c for c in plan.temps.columns if btype[c] in CRITICAL_BUILDING_TYPES]
    cold = (
        (plan.temps[critical] < rec.heated_indoor_temp_c - 1e-9).any(axis=1)
        if critical
        else pd.Series(False, index=plan.temps.index)
    )
    if cold.iloc[-1]:
        plan.critical_restored_day = math.inf
    else:
        plan.critical_restored_day = float(cold[cold].index.max() + 1) if cold.any() else 0.0
    plan.frozen = list(dict.fromkeys(c for c, _ in plan.freezes))
    plan.freeze_cost_eur = len(plan.freezes) * rec.freeze_repair_cost_eur
    if base is not None:
        saved = base.person_days_without - plan.person_days_without
        if math.isfinite(plan.cost_eur) and saved > 0:
            plan.cost_per_person_day_eur = plan.cost_eur / saved


def plan(scn: HeatScenario, net=None, *, stages: Stages | None = None, beyond: bool = False) -> HeatRecovery:
    """Every plan of ``scn``'s ``[recovery]`` over its horizon, with the intact network as the reference.

    ``stages``: the solves of an earlier call on the same network, damage and options (a sweep's samples differ
    in their ``[recovery]`` only); ``beyond``: an option arriving beyond the horizon is never in service, not an
    error (see :func:`_timelines`).
    """
    if scn.recovery is None:
        bad = Msg("rec.no_recovery_table", "the scenario has no [recovery] table (horizon, weather, options over time)")
        raise InputError(within("[recovery]", bad), source=str(scn.path))

    net = build_network(scn) if net is None else net
    outdoor = outdoor_series(scn)
    lead, jobs = repair_lead_times(scn)
    stages = Stages(scn, net) if stages is None else stages
    solved = len(stages.cache)
    out = HeatRecovery(scn, outdoor, lead, jobs)
    _, _, people, btype = _tau_gains(net, scn.recovery)
    out.people_total = float(people.sum())
    out.intact = simulate(stages, "intact", [], outdoor, scn, fixed=("intact",))
    costs = {o.option: o.cost_eur for o in scn.recovery.options}
    for name, timeline in _timelines(scn, lead, beyond).items():
        res = simulate(stages, name, timeline, outdoor, scn)
        used = dict.fromkeys(o for o, _, _ in timeline)
        res.cost_eur = float(sum(costs.get(o, math.nan) for o in used)) if used else 0.0
        out.plans[name] = res
    _metrics(out.intact, out.intact, None, scn, btype)
    for res in out.plans.values():
        _metrics(res, out.intact, None, scn, btype)
    for res in out.plans.values():
        _metrics(res, out.intact, out.plans[NO_ACTION], scn, btype)
    out.solves = len(stages.cache) - solved
    logger.info("heat recovery of %s: %d plans, %d solves", scn.scenario.name, len(out.plans), out.solves)
    return out


__all__ = [
    "HeatRecovery",
    "PlanResult",
    "plan",
    "simulate",
    "outdoor_series",
    "repair_lead_times",
    "repair_durations",
    "GAINS_K",
    "NO_ACTION",
]
