"""Water options over days (issue 16, points 3-4 for water): each option from its lead time, on top of the crews' repairs.

A water scenario's ``[[recovery.options]]`` (the keys of a heat scenario's: ``option``, ``lead_time_days``,
``until_day``, ``cost_eur``; :func:`~teplovoda.models.recovery.spec.parse_option_timings`) puts its ``[[options]]``
in service over the ``[recovery] horizon_days``:

* **Repairs.** The crews work through the damage on the schedule of ``teplovoda water recovery``'s
  ``network_ratio`` rule (:func:`~teplovoda.models.recovery.water.plan`), the same schedule in every plan: an
  element an option repairs earlier stays in the crews' schedule (their time on it is not given to other
  repairs, a conservative simplification).
* **Options.** Each is in service from its ``lead_time_days`` (delivery and installation) to its ``until_day``
  (else the horizon). An option that gives no lead time is in service from the end of its ``repair`` elements'
  repairs in that schedule (day 0 when it repairs nothing): a repair option without a lead time is then the
  crews' own work and restores nothing over repairs only; give it a lead time (a contractor) to count it.
* **Network per stage.** Between two events (a repair done, an option in or out of service, the horizon) the
  network is the damaged one less the repairs done by then, plus the option in service
  (:func:`~teplovoda.models.water.scenario.option_network`: its repairs, closures, temporary pipes and
  drives). A closure of a damaged element (a break isolated) is lifted once the crews have repaired it: the
  isolation is needed only until the repair. Each distinct stage is solved once; stages without an option
  are :func:`~teplovoda.models.recovery.water.plan`'s own solves (its cache).
* **Metrics.** People with water: outside the ``people_without`` class (the water results' sense), steady state
  per stage. Person-days without water: the area between the intact network's people with water and the
  plan's over the horizon (exact at the events' times, fractions of a day included). Person-days restored: "no
  action"'s less the plan's. Cost per person-day restored: the option's ``cost_eur`` over them (NaN without a
  cost or a saving). When ``[[recovery.repairs]]`` flags a repair ``critical``, the **critical junctions** are
  those without water in the damaged network that have water with the critical repairs alone done, and a
  plan's critical day is the first from which all of them have water to the horizon (infinite: not within it);
  with nothing flagged, or flagged repairs that alone restore nobody, it is NaN.

Plans: "no action" (the crews' repairs only) and each ``[[recovery.options]]`` entry.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import pandas as pd

from teplovoda.models.damage import element_of
from teplovoda.models.recovery import spec as rspec
from teplovoda.models.recovery import water as rwater
from teplovoda.models.recovery.schedule import Schedule
from teplovoda.models.water import metrics
from teplovoda.models.water.hydraulics import solve
from teplovoda.models.water.scenario import WaterOption, WaterScenario, option_network

logger = logging.getLogger(__name__)

NO_ACTION = "no action"
#: The repair schedule every plan shares (``teplovoda water recovery``'s rule on the network itself).
RULE = "network_ratio"


@dataclass
class WaterPlan:
    """One plan over the horizon: ``timeline`` [(option, from_day, until_day)], ``curve`` (one row per stage:
    ``day`` it starts, ``people_with_water``, ``people_without_water``, ``repaired``, ``options``; a last row at the
    horizon repeats the last stage) and its metrics (person-day, day, EUR)."""

    name: str
    timeline: list
    curve: pd.DataFrame
    person_days_without: float = 0.0
    critical_restored_day: float = math.nan
    cost_eur: float = math.nan
    cost_per_person_day_eur: float = math.nan


@dataclass
class WaterPlans:
    """Every plan of a water scenario's ``[[recovery.options]]`` with the crews' repairs (see the module doc).

    Plain data (it is pickled with the comparison, e.g. by the app's cache): the schedule, not the solver's stages.
    ``people_with_water_intact`` in people; ``critical_junctions`` the junctions the critical repairs restore."""

    scenario: WaterScenario
    schedule: Schedule
    horizon_days: float
    people_with_water_intact: float
    plans: dict = field(default_factory=dict)
    critical_junctions: frozenset = frozenset()
    solves: int = 0

    @property
    def repair_jobs(self) -> list:
        """The crews' scheduled repairs (:class:`~teplovoda.models.recovery.schedule.Job`), for the Gantt chart."""
        return list(self.schedule.jobs)


class _OptionStages:
    """People without water (and the dry junctions) for repaired elements plus options in service, each once."""

    def __init__(self, rec: rwater.WaterRecovery, net):
        self.rec, self.net, self.scn = rec, net, rec.scenario
        self.index = {o.name: (i, o) for i, o in enumerate(self.scn.options)}
        self.damaged = {element_of(d) for d in self.scn.damage}
        self.cache = {}

    def state(self, repaired: frozenset, active: tuple) -> tuple[float, frozenset]:
        """``(people_without, dry junctions)`` with ``repaired`` done and the ``active`` options in service."""
        if not active:
            return self.rec.stages.without(repaired)[0], self.rec.stages.dry(repaired)
        key = (repaired, active)
        if key not in self.cache:
            opts = [self.index[a][1] for a in active]
            fixed = set(repaired).union(*(o.repair for o in opts))
            merged = WaterOption(
                name=" + ".join(active),
                repair=tuple(sorted(fixed)),
                # an isolated break's closure is lifted once the crews have repaired it
                close=tuple(dict.fromkeys(c for o in opts for c in o.close if not (c in repaired and c in self.damaged))),
                pipes=tuple(p for o in opts for p in o.pipes),
                drives=tuple(d for o in opts for d in o.drives),
            )
            res = solve(option_network(self.net, self.scn, merged, self.index[active[0]][0]), self.scn.hydraulics)
            self.cache[key] = (metrics.people_served(res.junctions)["people_without"], rwater.dry_junctions(res.junctions))
        return self.cache[key]


def _timelines(scn: WaterScenario, ends: dict, horizon: float, beyond: bool = False) -> dict[str, list]:
    """Plan name -> [(option, from_day, until_day)]: no action, then each ``[[recovery.options]]`` entry.

    ``beyond``: an option that would enter service at or after the horizon is kept, never in service in it
    (the sweep's drawn lead times), instead of the one-line error."""
    src = str(scn.path)
    options = {o.name: o for o in scn.options}
    plans = {NO_ACTION: []}
    for t in scn.recovery.options:
        start = t.lead_time_days
        if start is None:
            fixed = [ends[e] for e in options[t.option].repair if e in ends]
            start = max(fixed) if fixed else 0.0
        plans[t.option] = [(t.option, *rspec.service_window(t.option, start, t.until_day, horizon, src, beyond))]
    return plans


def _curve(stages: _OptionStages, ends: dict, timeline: list, horizon: float, people_total: float) -> pd.DataFrame:
    times = {0.0, *(e for e in ends.values() if e < horizon)}
    times |= {d for _, a, b in timeline for d in (a, b) if d < horizon}
    rows = []
    for t in sorted(times):
        repaired = frozenset(e for e, end in ends.items() if end <= t)
        active = tuple(o for o, a, b in timeline if a <= t < b)
        without, dry = stages.state(repaired, active)
        rows.append(
            {
                "day": t,
                "people_with_water": people_total - without,
                "people_without_water": without,
                "repaired": " ".join(sorted(repaired)),
                "options": " + ".join(active),
                "dry": dry,
            }
        )
    rows.append({**rows[-1], "day": float(horizon)})
    return pd.DataFrame(rows)


def _critical_day(curve: pd.DataFrame, critical: frozenset) -> float:
    if not critical:
        return math.nan
    stages = curve.iloc[:-1]
    cut = [bool(critical & d) for d in stages["dry"]]
    if cut[-1]:
        return math.inf
    last_cut = max((k for k, c in enumerate(cut) if c), default=None)
    return 0.0 if last_cut is None else float(stages["day"].iloc[last_cut + 1])


def plan(scn: WaterScenario, net=None) -> WaterPlans:
    """Every plan of ``scn``'s ``[[recovery.options]]`` over ``[recovery] horizon_days`` (see the module doc)."""
    from teplovoda.models.water.scenario import build_network

    net = build_network(scn) if net is None else net
    rec = rwater.plan(scn, rule=RULE, net=net)
    return plans_of(rec, rec.schedules[RULE], net)


def plans_of(rec: rwater.WaterRecovery, sched: Schedule, net, *, beyond: bool = False) -> WaterPlans:
    """Every plan of ``rec``'s scenario on the crews' schedule ``sched`` (:data:`RULE`'s; see the module doc).

    ``rec`` is :func:`~teplovoda.models.recovery.water.water_repairs`'s (its stages are reused); ``beyond``: an
    option entering service at or after the horizon is never in service (the sweep) instead of an error."""
    scn = rec.scenario
    ends = {j.repair.element: j.end_day for j in sched.jobs}
    horizon = float(rec.recovery.horizon_days)
    stages = _OptionStages(rec, net)
    out = WaterPlans(scn, sched, horizon, rec.people_with_water_intact)
    flagged = frozenset(r.element for r in rec.repairs if r.critical)
    if flagged:
        out.critical_junctions = rec.stages.dry(frozenset()) - rec.stages.dry(flagged)
    intact = rec.people_with_water_intact
    costs = {o.option: o.cost_eur for o in rec.recovery.options}
    for name, timeline in _timelines(scn, ends, horizon, beyond).items():
        curve = _curve(stages, ends, timeline, horizon, rec.people_total)
        lost = (intact - curve["people_with_water"]).clip(lower=0.0).to_numpy()
        widths = curve["day"].diff().to_numpy()[1:]
        p = WaterPlan(name, timeline, curve.drop(columns="dry"), float((lost[:-1] * widths).sum()))
        p.critical_restored_day = _critical_day(curve, out.critical_junctions)
        p.cost_eur = float(sum(costs.get(o, math.nan) for o, _, _ in timeline)) if timeline else 0.0
        out.plans[name] = p
    base = out.plans[NO_ACTION].person_days_without
    for p in out.plans.values():
        saved = base - p.person_days_without
        if p.name != NO_ACTION and math.isfinite(p.cost_eur) and saved > 0:
            p.cost_per_person_day_eur = p.cost_eur / saved
    out.solves = len(rec.stages.cache) + len(stages.cache)
    logger.info("water recovery options of %s: %d plans, %d solves", scn.scenario.name, len(out.plans), out.solves)
    return out


def step_curves(plans: WaterPlans, names: dict[str, str] | None = None) -> pd.DataFrame:
    """People with water from each event's day on (rows: every plan's stage starts and the horizon) per plan and the
    intact network; read as a step after each row, so the area between two columns is their person-days."""
    names = names or {}
    days = sorted({float(d) for p in plans.plans.values() for d in p.curve["day"]})
    out = pd.DataFrame(index=pd.Index(days, name="day"))
    out["intact"] = plans.people_with_water_intact
    for name, p in plans.plans.items():
        c = p.curve.drop_duplicates("day", keep="first").set_index("day")["people_with_water"]
        out[names.get(name, name)] = c.reindex(days, method="ffill").to_numpy()
    return out


__all__ = ["WaterPlans", "WaterPlan", "plan", "plans_of", "step_curves", "NO_ACTION", "RULE"]
