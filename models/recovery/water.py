"""Repair crews for a water scenario: what each repair restores, the schedules, the service curve over days.

* **Repairs.** Every ``[[damage]]`` entry is one repair of the element it damages. Its duration is the
  ``[[recovery.repairs]]`` override, else the default table's (:mod:`~teplovoda.models.recovery.durations`,
  by element type and pipe diameter); its trade comes from the table (a pump without power: electrical);
  its place is the element's midpoint. An override's ``trades`` makes it a repair in stages, one per trade
  in that order, each with its own duration (:class:`~teplovoda.models.recovery.schedule.Repair`).
* **Travel**: with ``[recovery] travel_speed_km_per_h``, crews travel from the depot and between jobs
  (:class:`~teplovoda.models.recovery.schedule.Travel`); without it travel is inside each repair.
* **Benefit** (the rules' ordering weight): the people who regain water when that repair *alone* is done,
  from the fully damaged network, one steady solve through the water engine per repair. "With water" is the
  water results' sense: people outside the ``people_without`` class (:func:`~teplovoda.models.water.metrics.
  people_served`). Repairs interact (two breaks feeding one district: each alone restores nobody), so the
  benefit is only the ordering heuristic.
* **Service curve.** After each completion in a schedule, the network is re-solved with every repair done so
  far restored: people with water from day 0 until the last repair. That curve, not the benefits, gives
  the **person-days without water**: the area between the intact network's people with water and the curve
  (the intact network's own shortfall is not counted). Each distinct set of repaired elements is solved once.
* Steady state per stage: tanks are taken as in the snapshot (held at their initial level), as the water
  run's steady solve does; a day-scale curve does not resolve the hours a tank bridges.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from epanet import toolkit as tk

from teplovoda.models.damage import element_of
from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.recovery import durations
from teplovoda.models.recovery import spec as rspec
from teplovoda.models.recovery.schedule import (
    DEFAULT_ROUTE_FACTOR,
    CrewPool,
    Job,
    Repair,
    Schedule,
    Travel,
    list_schedule,
    schedules,
)
from teplovoda.models.water import damage as wdamage
from teplovoda.models.water import metrics
from teplovoda.models.water.hydraulics import solve
from teplovoda.models.water.scenario import WaterScenario, build_network

logger = logging.getLogger(__name__)


@dataclass
class WaterRecovery:
    """A water scenario's repairs, crews, schedules by rule and, per rule, its service curve.

    ``curves[rule]`` has one row per stage (day 0 and each completion): ``day``, ``people_with_water``,
    ``people_without_water``, ``repaired`` (elements done by then, space-separated). ``person_days[rule]`` is
    person-days without water over the schedule (person-day). ``people_total`` and ``people_with_water_intact``
    in people.
    """

    scenario: WaterScenario
    recovery: rspec.RecoverySpec
    repairs: list[Repair]
    crews: dict[str, CrewPool]
    schedules: dict[str, Schedule] = field(default_factory=dict)
    curves: dict[str, pd.DataFrame] = field(default_factory=dict)
    person_days: dict[str, float] = field(default_factory=dict)
    people_total: float = 0.0
    people_with_water_intact: float = 0.0
    people_with_water_damaged: float = 0.0
    solves: int = 0
    stages: object = None  # the solved stages (a _Stages), shared by the curves

    @property
    def depot_xy(self) -> tuple[float, float]:
        return (self.recovery.depot_x_m, self.recovery.depot_y_m)

    @property
    def travel(self) -> Travel | None:
        """The crews' travel (None: travel is inside each repair's duration)."""
        return travel_of(self.recovery)


def travel_of(rec: rspec.RecoverySpec) -> Travel | None:
    """A ``[recovery]`` table's :class:`Travel`, or None without ``travel_speed_km_per_h``."""
    if rec.travel_speed_km_per_h is None:
        return None
    factor = rec.route_factor if rec.route_factor is not None else DEFAULT_ROUTE_FACTOR
    return Travel(rec.travel_speed_km_per_h, factor)


class _Toggle:
    """One EPANET project of the fully damaged network whose damage is undone by switches, not rebuilt.

    Every damage here either closes links (``pipe_closed``, ``pump_lost``, ``source_lost``,
    ``segment_isolated``: each link's initial status closed, the controls and rules on it off) or is a break
    (the pipe split at a new node with an orifice there). A stage reopens the links no remaining damage
    closes (their initial status and controls as in the intact file) and sets a repaired break's orifice to
    zero: its pipe stays split in two halves of the same pipe in series, the intact pipe's head loss. Built
    only when each damage, applied alone, adds nothing but those edits and the damage applied together adds
    exactly their union (:meth:`build` returns None otherwise, and the stages are rebuilt per set).
    """

    def __init__(self, net, full, p, closes: dict, leaks: dict):
        self.net, self.full, self.p = net, full, p
        self.closes, self.leaks = closes, leaks  # element -> links it closes; element -> (node, emitter coefficient)
        links = sorted(set().union(*closes.values())) if closes else []
        self.link_at = {name: p.link_index(name) for name in links}
        self.node_at = {node: p.node_index(node) for node, _ in leaks.values()}
        self.controls, self.rules = {}, {}

    @classmethod
    def build(cls, net, damage) -> _Toggle | None:
        from teplovoda.models.water import network as wnet

        base = len(net.edits)
        full = wdamage.apply_damage(net, list(damage))
        closes, leaks, union = {}, {}, set()
        for d in damage:
            extra = wdamage.apply_damage(net, [d]).edits[base:]
            if not all(isinstance(e, (wnet.CloseLink, wnet.SplitPipe, wnet.AddLeak)) for e in extra):
                return None
            element = element_of(d)
            closes[element] = {e.name for e in extra if isinstance(e, wnet.CloseLink)}
            leak = [e for e in extra if isinstance(e, wnet.AddLeak)]
            if len(leak) > 1:
                return None
            if leak:
                leaks[element] = leak[0]
            union |= set(extra)
        if (
            full.edits[:base] != net.edits
            or set(full.edits[base:]) != union
            or len(set(full.edits[base:])) != len(full.edits) - base
        ):
            return None
        p = net.project()
        status = {name: tk.getlinkvalue(p.ph, p.link_index(name), tk.INITSTATUS) for e in closes.values() for name in e}
        for e in full.edits[base:]:
            e.apply(p)
        emitters = {el: (a.node, tk.getnodevalue(p.ph, p.node_index(a.node), tk.EMITTER)) for el, a in leaks.items()}
        out = cls(net, full, p, closes, emitters)
        out.status = status
        out.find_acting({e.name for e in net.edits if isinstance(e, wnet.CloseLink)})
        return out

    def find_acting(self, closed_before: set) -> None:
        """The controls and rules acting on a switched link, with whether they act undamaged: the toolkit
        cannot read a control's switch, and the only edit that turns controls off is a link closed for good
        (``closed_before``, the network's own), so the others act."""
        p = self.p
        by_index = {p.link_index(name): name for name in set(self.link_at) | closed_before}
        for k in range(1, p.count(tk.CONTROLCOUNT) + 1):
            link = by_index.get(tk.getcontrol(p.ph, k)[1])
            if link in self.link_at:
                self.controls[k] = (link, link not in closed_before)
        for r in range(1, p.count(tk.RULECOUNT) + 1):
            _, n_then, n_else, _ = tk.getrule(p.ph, r)[:4]
            acts = [tk.getthenaction(p.ph, r, a)[0] for a in range(1, n_then + 1)]
            acts += [tk.getelseaction(p.ph, r, a)[0] for a in range(1, n_else + 1)]
            names = {by_index[i] for i in acts if i in by_index}
            if names & set(self.link_at):
                self.rules[r] = (names & set(self.link_at), not (names & closed_before))

    def solve(self, repaired: frozenset, options):
        """The hydraulic result with the damage of the ``repaired`` elements undone."""
        from teplovoda.models.water import hydraulics

        ph = self.p.ph
        closed = set().union(*(links for el, links in self.closes.items() if el not in repaired))
        for name, i in self.link_at.items():
            tk.setlinkvalue(ph, i, tk.INITSTATUS, 0 if name in closed else self.status[name])
        for k, (link, on) in self.controls.items():
            tk.setcontrolenabled(ph, k, int(on and link not in closed))
        for r, (names, on) in self.rules.items():
            tk.setruleenabled(ph, r, int(on and not (names & closed)))
        for el, (node, c) in self.leaks.items():
            tk.setnodevalue(ph, self.node_at[node], tk.EMITTER, 0.0 if el in repaired else c)
        with hydraulics._lock:
            return hydraulics._solve_project(self.p, self.full, options)


class _Stages:
    """People without water for a set of repaired elements, each set solved once.

    The stages switch the damage off in one project of the fully damaged network (:class:`_Toggle`) where
    the damage allows it (every shipped kind does), else rebuild each stage's network; ``rebuild=True``
    forces the second way (the reference the first is tested against)."""

    def __init__(self, scn: WaterScenario, net, rebuild: bool = False):
        self.scn, self.net, self.cache = scn, net, {}
        self.dry_cache = {}  # repaired -> the demand junctions (with people) without water
        self.toggle = None
        if not rebuild and scn.damage:
            try:
                self.toggle = _Toggle.build(net, scn.damage)
            except InputError as exc:
                raise InputError(exc.detail, source=str(self.scn.path)) from None

    def without(self, repaired: frozenset) -> tuple[float, float]:
        """``(people_without, people_total)`` with the damage of ``repaired`` elements undone."""
        if repaired not in self.cache:
            if self.toggle is not None:
                res = self.toggle.solve(repaired, self.scn.hydraulics)
            else:
                kept = [d for d in self.scn.damage if element_of(d) not in repaired]
                try:
                    net = wdamage.apply_damage(self.net, kept) if kept else self.net
                except InputError as exc:
                    raise InputError(exc.detail, source=str(self.scn.path)) from None
                res = solve(net, self.scn.hydraulics)
            people = metrics.people_served(res.junctions)
            self.cache[repaired] = (people["people_without"], people["people_total"])
            self.dry_cache[repaired] = dry_junctions(res.junctions)
        return self.cache[repaired]

    def dry(self, repaired: frozenset) -> frozenset:
        """The demand junctions with people and without water (``people_served``'s ``none`` class) for ``repaired``."""
        self.without(repaired)
        return self.dry_cache[repaired]


def dry_junctions(junctions: pd.DataFrame) -> frozenset:
    """The demand junctions with people that are without water (the ``none`` class of :func:`metrics.people_served`)."""
    j = metrics.demand_nodes(junctions)
    none = (metrics.service_class(junctions).to_numpy() == "none") & (j["population"].to_numpy(float) > 0)
    return frozenset(str(n) for n in j.index[none])


def _where(net, element: str, element_field: str) -> tuple[float, float, float]:
    """``(diameter_m, x_m, y_m)`` of a damaged element: a link's midpoint, or a node (source)."""
    nodes = net.nodes
    if element in net.links.index:
        link = net.links.loc[element]
        ends = nodes.loc[[link["from_node"], link["to_node"]], ["x_m", "y_m"]].to_numpy(float)
        d = float(link["diameter_m"]) if "diameter_m" in link and np.isfinite(link["diameter_m"]) else math.nan
        return d, float(ends[:, 0].mean()), float(ends[:, 1].mean())
    if element in nodes.index:
        return math.nan, float(nodes.at[element, "x_m"]), float(nodes.at[element, "y_m"])
    raise InputError(
        within("[[damage]]", Msg("rec.unknown_element", "unknown {field} {name}", field=element_field, name=repr(element)))
    )


def _crews(needed: set[str], rec: rspec.RecoverySpec, water_crews: int | None, src: str) -> dict[str, CrewPool]:
    for table, key in ((rec.crews, "crews"), (rec.mobilisation_days, "mobilisation_days")):
        idle = sorted(set(table) - needed)
        if idle:
            bad = Msg("rec.idle_trade", "no repair in this scenario needs any {trade} crew", trade=durations.trade_word(idle[0]))
            raise InputError(within(f"[recovery] -> {key}.{idle[0]}", bad), source=src)
    out = {}
    for trade in sorted(needed):
        count = rec.crews.get(trade, rspec.DEFAULT_CREWS)
        if trade == "water" and water_crews is not None:
            count = water_crews
        if count < 1:
            word = durations.trade_word(trade)
            bad = Msg("rec.need_crew", "the repairs need at least one {trade} crew, got {count}", trade=word, count=count)
            raise InputError(within(f"[recovery] -> crews.{trade}", bad), source=src)
        out[trade] = CrewPool(trade, int(count), float(rec.mobilisation_days.get(trade, 0.0)))
    return out


def water_repairs(scn: WaterScenario, net=None, water_crews: int | None = None, rebuild: bool = False) -> WaterRecovery:
    """The repairs of ``scn``'s damage with their durations, trades, places and benefits (one solve each)."""
    src = str(scn.path)
    if not scn.damage:
        bad = Msg("rec.no_damage", "the scenario has no damage, so nothing to repair")
        raise InputError(within("[[damage]]", bad), source=src)
    net = build_network(scn) if net is None else net
    damaged = [element_of(d) for d in scn.damage]
    rec = scn.recovery if scn.recovery is not None else rspec.parse_recovery({}, set(damaged), src)
    stages = _Stages(scn, net, rebuild)
    all_without, total = stages.without(frozenset())
    base_without, _ = stages.without(frozenset(damaged))
    repairs = []
    for d, element in zip(scn.damage, damaged):
        diameter_m, x_m, y_m = _where(net, element, type(d).__name__)
        etype = durations.water_element_type(d, diameter_m)
        duration, trade, _ = durations.default_duration(etype, diameter_m)
        over = rec.override(element)
        if over is not None and over.trades is not None:
            parts = list(zip(over.trades, over.duration_days))
        else:
            parts = [(trade, over.duration_days if over is not None and over.duration_days is not None else duration)]
        alone, _ = stages.without(frozenset([element]))
        for k, (stage_trade, days) in enumerate(parts):
            repairs.append(
                Repair(
                    element=element,
                    trade=stage_trade,
                    duration_days=days,
                    benefit=max(all_without - alone, 0.0),
                    critical=bool(over.critical) if over is not None else False,
                    x_m=x_m,
                    y_m=y_m,
                    element_type=durations.stage_element_type(etype, stage_trade) if len(parts) > 1 else etype,
                    stage=k,
                    stages=len(parts),
                )
            )
    out = WaterRecovery(scn, rec, repairs, _crews({r.trade for r in repairs}, rec, water_crews, src))
    out.people_total = total
    out.people_with_water_intact = total - base_without
    out.people_with_water_damaged = total - all_without
    out.stages = stages
    return out


def service_curve(rec: WaterRecovery, sched: Schedule) -> pd.DataFrame:
    """The stages of ``sched`` (see :class:`WaterRecovery`); ``attrs["person_days"]`` is the area without water."""
    stages = rec.stages
    restored = [j for j in sched.jobs if j.repair.last]  # an element is back when its last stage ends
    ends = sorted({j.end_day for j in restored})
    rows, done = [], set()
    without, _ = stages.without(frozenset())
    rows.append({"day": 0.0, "people_without_water": without, "repaired": ""})
    for t in ends:
        done |= {j.repair.element for j in restored if j.end_day == t}
        without, _ = stages.without(frozenset(done))
        rows.append({"day": t, "people_without_water": without, "repaired": " ".join(sorted(done))})
    curve = pd.DataFrame(rows)
    curve.insert(1, "people_with_water", rec.people_total - curve["people_without_water"])
    lost = (rec.people_with_water_intact - curve["people_with_water"]).clip(lower=0.0).to_numpy()
    widths = np.diff(curve["day"].to_numpy())
    curve.attrs["person_days"] = float((lost[:-1] * widths).sum())
    curve.attrs["unit"] = "people"
    return curve


def daily_curve(curve: pd.DataFrame, horizon_days: int) -> pd.DataFrame:
    """People with water at each whole day 0..``horizon_days`` (the step curve read after that day's completions)."""
    days = np.arange(horizon_days + 1, dtype=float)
    k = np.searchsorted(curve["day"].to_numpy(), days, side="right") - 1
    return pd.DataFrame({"day": days.astype(int), "people_with_water": curve["people_with_water"].to_numpy()[k]})


#: Repairs up to which ``network_optimal`` tries every order (8! = 40,320 orders, at most 2^8 = 256 network solves).
MAX_NETWORK_EXACT_REPAIRS = 8


def _lost_person_days(rec: WaterRecovery, jobs) -> float:
    """Person-days without water of a schedule's ``jobs``: :func:`service_curve`'s area, without building its table."""
    stages, intact = rec.stages, rec.people_with_water_intact
    jobs = [j for j in jobs if j.repair.last]
    t, done, lost_pd = 0.0, set(), 0.0
    people_lost = max(intact - (rec.people_total - stages.without(frozenset())[0]), 0.0)
    for end in sorted({j.end_day for j in jobs}):
        lost_pd += people_lost * (end - t)
        done |= {j.repair.element for j in jobs if j.end_day == end}
        t, people_lost = end, max(intact - (rec.people_total - stages.without(frozenset(done))[0]), 0.0)
    return lost_pd


def network_greedy(rec: WaterRecovery) -> Schedule:
    """``network_ratio``: the crew free first takes the repair of its trade that restores the most people per
    crew-day *given the repairs already done or under way* (a network solve per candidate set, each set once).

    Unlike the rules' stand-alone benefit this sees repairs that only restore water together (a main and the
    branch it feeds). When no candidate restores anyone by itself, the shortest repair goes first (the
    combination that does is reached soonest); ties go to the scenario's order. A stage of a repair in stages
    is a candidate once its previous stage is placed, weighed by the days its element still needs; with
    travel, the crew starts on arrival."""
    stages, travel = rec.stages, rec.travel
    free = {trade: [pool.mobilisation_days] * pool.count for trade, pool in rec.crews.items()}
    at = {trade: [rec.depot_xy] * pool.count for trade, pool in rec.crews.items()}
    ends: dict[tuple[str, int], float] = {}
    remaining, under_way, jobs = list(rec.repairs), set(), []
    while remaining:
        ready = [r for r in remaining if r.stage == 0 or (r.element, r.stage - 1) in ends]
        trades = {r.trade for r in ready}
        trade, k = min(((tr, i) for tr in trades for i in range(len(free[tr]))), key=lambda c: (free[c[0]][c[1]], c))
        base = stages.without(frozenset(under_way))[0]

        gains = {}
        for r in ready:
            if r.trade == trade:
                restored = base - stages.without(frozenset(under_way | {r.element}))[0]
                days = sum(s.duration_days for s in remaining if s.element == r.element)  # this stage and those after
                gains[r] = (max(restored, 0.0) / days, -days)
        pick = max(gains, key=gains.get)  # the first of equals
        move = travel.days(at[trade][k], pick.xy) if travel is not None else 0.0
        start = max(free[trade][k] + move, ends.get((pick.element, pick.stage - 1), 0.0))
        jobs.append(Job(pick, k, start, start + pick.duration_days, move))
        free[trade][k] = ends[(pick.element, pick.stage)] = start + pick.duration_days
        at[trade][k] = pick.xy
        if pick.last:
            under_way.add(pick.element)
        remaining.remove(pick)
    return Schedule("network_ratio", tuple(sorted(jobs, key=lambda j: (j.start_day, j.repair.trade, j.crew))))


def network_optimal(rec: WaterRecovery) -> Schedule:
    """``network_optimal``: every order of the repairs (up to :data:`MAX_NETWORK_EXACT_REPAIRS`), each given to the
    crew that can start it first, scored by the network re-solved after each completion; the order with the
    fewest person-days.

    Without travel and repairs in stages, every schedule that keeps no crew idle while work of its trade waits
    comes from some order this way, and with repairs that never take water away from anyone, idling a crew
    cannot help: so this is the exact optimum of the true objective (not of the stand-alone benefits the MILP
    weighs), by enumeration. With travel or stages it is the best of every order (an element's stages placed
    in turn), each list-scheduled: exact over those orders, not proven over every crew assignment."""
    from itertools import permutations

    from teplovoda.models.recovery.schedule import chains_of, flat

    chains = chains_of(rec.repairs)
    if len(chains) > MAX_NETWORK_EXACT_REPAIRS:
        raise InputError(
            Msg(
                "rec.network_optimal_max",
                "network_optimal tries every order of at most {max_repairs} repairs, got {repairs}",
                max_repairs=MAX_NETWORK_EXACT_REPAIRS,
                repairs=len(chains),
            )
        )

    best, best_pd = None, math.inf
    for order in permutations(chains):
        sched = list_schedule(flat(order), rec.crews, "network_optimal", rec.depot_xy, rec.travel)
        lost = _lost_person_days(rec, sched.jobs)
        if lost < best_pd - 1e-9:
            best, best_pd = sched, lost
    return Schedule("network_optimal", best.jobs, status="enumerated", mip_gap=0.0)


#: Rules that score repairs on the network itself (the others weigh stand-alone benefits).
NETWORK_RULES = {"network_ratio": network_greedy, "network_optimal": network_optimal}


def plan(scn: WaterScenario, rule: str = "all", water_crews: int | None = None, net=None, rebuild: bool = False) -> WaterRecovery:
    """Repairs, schedules of ``rule`` (``all``: every rule, the exact ones where they fit) and their service curves.

    ``rebuild``: solve each stage on its own rebuilt network instead of switching damage off in one project."""
    rec = water_repairs(scn, net, water_crews, rebuild)
    rec.schedules = schedules(rule, rec.repairs, rec.crews, rec.depot_xy, rec.travel) if rule not in NETWORK_RULES else {}
    elements = len({r.element for r in rec.repairs})
    for name, make in NETWORK_RULES.items():
        fits = name != "network_optimal" or elements <= MAX_NETWORK_EXACT_REPAIRS
        if rule == name or (rule == "all" and fits):
            rec.schedules[name] = make(rec)
    for name, sched in rec.schedules.items():
        rec.curves[name] = service_curve(rec, sched)
        rec.person_days[name] = rec.curves[name].attrs["person_days"]
    rec.solves = len(rec.stages.cache)
    logger.info("recovery of %s: %d repairs, %d network solves", scn.scenario.name, len(rec.repairs), rec.solves)
    return rec


__all__ = [
    "WaterRecovery",
    "travel_of",
    "water_repairs",
    "service_curve",
    "daily_curve",
    "network_greedy",
    "network_optimal",
    "plan",
]
