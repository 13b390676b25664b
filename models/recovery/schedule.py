"""Repair schedules: which crew repairs what, when, and the person-days without service it costs.

Model. Each trade (water, heat, electrical) has ``count`` identical crews that can start after
``mobilisation_days``. A repair needs one crew of its trade for ``duration_days`` and restores
``benefit`` people when it is done. A crew works its repairs back to back (all repairs are ready from the
start; its only waits are the drive to each job, with :class:`Travel`, and a stage's previous stage, for
repairs in stages). The objective is the weighted completion time
``sum(benefit x end_day)``: person-days without service counted from day 0, if each repair's benefit
were independent of the others (the water service curve re-solves the network for the real figure).

Rules (a priority order, then list scheduling: each repair in turn to the crew of its trade that can start it
first, without travel the crew free first):

* ``ratio``: people restored per crew-day, highest first (Smith's weighted-shortest-processing-time
  rule, optimal for one crew);
* ``critical``: repairs flagged critical first, each group by ratio;
* ``nearest``: a crew that comes free takes the nearest repair left from where it is (the depot, then its
  last job); straight-line distance in the network's coordinates.

**Travel** (:class:`Travel`, optional). Without it, travel time is taken as part of each repair's duration
(distance orders the nearest-first work but adds no time). With it, a crew leaves the depot at mobilisation
(or its last job when that ends), travels the straight line between them x ``route_factor`` (default 1.3,
an assumption for streets against the straight line; coordinates in metres) at ``speed_km_per_h``, round the
clock (a day of travel is 24 hours, as the durations' days are elapsed days), and starts on arrival. A
list schedule gives each repair to the crew of its trade that can *start* it first.

**Repairs in stages** (a pumping station: the electrical crew restores the supply, then the water crew the
pump). A repair of one element may need several trades in turn: one :class:`Repair` per stage (``stage``
0, 1, ... of ``stages``), each with its trade and duration, all with the element's benefit. A stage starts
no earlier than the one before ends; the element is restored (its benefit counted) when its last stage
ends. The rules order elements and schedule each element's stages in turn.

``optimal`` is exact for the rules' own objective:

* one trade per repair, no travel: :func:`scipy.optimize.milp` (HiGHS, per trade): a time-indexed
  formulation on the durations' common step in whole hours (tight, fast), or a disjunctive big-M one when a
  duration is not a whole number of hours, with the solver's status and MIP gap;
* with travel (sequence-dependent times, which the MILP does not have): per trade, a dynamic programme over
  every crew's set and order of repairs (Held-Karp style over subsets, then subsets split among the crews),
  which is exhaustive, so its optimum is proven (status ``enumerated``, gap 0);
* with repairs in stages (trades coupled by precedence): a branch and bound over every crew's sequence of
  stages, each stage started as early as its crew and its previous stage allow (:func:`_branch_and_bound`
  says why it is exact; status ``enumerated``), up to :data:`MAX_EXACT_BRANCHES` branches: beyond, it
  stops without a proof and ``all`` leaves it out.

Each takes up to :data:`MAX_EXACT_REPAIRS` repairs of a trade.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from dataclasses import dataclass, field

import numpy as np

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.recovery.durations import trade_word
from teplovoda.models.units import HOURS_PER_DAY, M_PER_KM

logger = logging.getLogger(__name__)

#: Repairs of one trade the exact method takes (beyond, the MILP's disjunctive pairs grow quadratically).
MAX_EXACT_REPAIRS = 8
#: Seconds HiGHS may spend per trade; the gap says how far from proven optimal it stopped.
EXACT_TIME_LIMIT_S = 30.0
#: Branches the exact search of repairs in stages tries at most (about 3 s) before it gives up unproven.
MAX_EXACT_BRANCHES = 200_000
#: Route length over straight-line distance between two jobs when not given (an assumption: streets, detours).
DEFAULT_ROUTE_FACTOR = 1.3
#: Status of an exact schedule found by exhaustive search (no solver involved).
ENUMERATED = "enumerated"


@dataclass(frozen=True)
class Travel:
    """Crews travel between jobs at ``speed_km_per_h`` (km/h) along the straight line x ``route_factor``, round the
    clock; coordinates in metres."""

    speed_km_per_h: float
    route_factor: float = DEFAULT_ROUTE_FACTOR

    def days(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        """Travel time from ``a`` to ``b`` (x, y in m), days."""
        km = self.route_factor * math.hypot(b[0] - a[0], b[1] - a[1]) / M_PER_KM
        return km / self.speed_km_per_h / HOURS_PER_DAY


def _travel_days(travel: Travel | None, a, b) -> float:
    return 0.0 if travel is None else travel.days(a, b)


@dataclass(frozen=True)
class CrewPool:
    """``count`` crews of ``trade`` that can start work on ``mobilisation_days``."""

    trade: str
    count: int
    mobilisation_days: float = 0.0


@dataclass(frozen=True)
class Repair:
    """One repair (or one stage of it): ``element`` (a name), its ``trade``, ``duration_days`` (one crew),
    ``benefit`` (people restored when the element's last stage is done), ``critical``, where it is (``x_m``,
    ``y_m``, for travel and nearest-first), its ``element_type`` (a row type of the duration table), and
    ``stage`` of ``stages`` (0 of 1 for a repair of one trade)."""

    element: str
    trade: str
    duration_days: float
    benefit: float = 0.0
    critical: bool = False
    x_m: float = 0.0
    y_m: float = 0.0
    element_type: str = ""
    stage: int = 0
    stages: int = 1

    @property
    def ratio(self) -> float:
        """People restored per crew-day (of this stage)."""
        return self.benefit / self.duration_days

    @property
    def last(self) -> bool:
        """True for the stage whose end restores the element."""
        return self.stage == self.stages - 1

    @property
    def xy(self) -> tuple[float, float]:
        return (self.x_m, self.y_m)


@dataclass(frozen=True)
class Job:
    """A repair scheduled: crew ``crew`` (0-based within its trade) from ``start_day`` to ``end_day``, after
    ``travel_days`` on the way to it (0 without :class:`Travel`)."""

    repair: Repair
    crew: int
    start_day: float
    end_day: float
    travel_days: float = 0.0


@dataclass(frozen=True)
class Schedule:
    """A rule's schedule: its jobs in start order, the weighted completion (person-days), and for ``optimal``
    the solver's ``status`` and ``mip_gap`` (0 proven optimal; NaN for the rules)."""

    rule: str
    jobs: tuple[Job, ...]
    status: str = "rule"
    mip_gap: float = float("nan")
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def weighted_completion_person_days(self) -> float:
        """sum(benefit x day the element is restored), person-days (its last stage's end)."""
        return float(sum(j.repair.benefit * j.end_day for j in self.jobs if j.repair.last))

    def end_of(self, element: str) -> float:
        """The day ``element`` is restored (its last stage's end)."""
        return next(j.end_day for j in self.jobs if j.repair.element == element and j.repair.last)


def no_solution(solver_message: str) -> Msg:
    """``"exact schedule: no solution (<the solver's words>)"``, from its key (the solver's words stay as written)."""
    return Msg("rec.no_solution", "exact schedule: no solution ({solver})", solver=str(solver_message))


def _check(repairs: list[Repair], crews: dict[str, CrewPool]) -> None:
    keys = [(r.element, r.stage) for r in repairs]
    if len(set(keys)) < len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise InputError(Msg("rec.repair_twice", "repair {name} is listed twice", name=repr(twice[0])))
    for r in repairs:
        _check_one(r, crews)
    for chain in chains_of(repairs):
        if [r.stage for r in chain] != list(range(chain[0].stages)) or {r.stages for r in chain} != {chain[0].stages}:
            bad = Msg("rec.stages_incomplete", "repair {name} lacks a stage", name=repr(chain[0].element))
            raise InputError(bad)


def chains_of(repairs: list[Repair]) -> list[list[Repair]]:
    """The repairs grouped by element (first appearance order), each element's stages in order."""
    out: dict[str, list[Repair]] = {}
    for r in repairs:
        out.setdefault(r.element, []).append(r)
    return [sorted(c, key=lambda r: r.stage) for c in out.values()]


def flat(chains) -> list[Repair]:
    return [r for c in chains for r in c]


def _check_one(r: Repair, crews: dict[str, CrewPool]) -> None:
    pool = crews.get(r.trade)
    where = f"repair {r.element!r}"
    if pool is None or pool.count < 1:
        bad = Msg(
            "rec.no_crew",
            "repair {name} needs one {trade} crew and there is none",
            name=repr(r.element),
            trade=trade_word(r.trade),
        )
        raise InputError(within(f"crews.{r.trade}", bad))
    if not (math.isfinite(r.duration_days) and r.duration_days > 0):
        bad = Msg("range", "must be {rule}, got {got}", rule="> 0", got=repr(r.duration_days))
        raise InputError(within(where, Msg("rec.field", "{field} {detail}", field="duration_days", detail=bad)))
    if not (math.isfinite(r.benefit) and r.benefit >= 0):
        bad = Msg("range", "must be {rule}, got {got}", rule=">= 0", got=repr(r.benefit))
        raise InputError(within(where, Msg("rec.field", "{field} {detail}", field="benefit", detail=bad)))


def _sorted_jobs(jobs) -> tuple[Job, ...]:
    return tuple(sorted(jobs, key=lambda j: (j.start_day, j.repair.trade, j.crew)))


def list_schedule(
    order: list[Repair],
    crews: dict[str, CrewPool],
    rule: str = "order",
    depot_xy: tuple[float, float] = (0.0, 0.0),
    travel: Travel | None = None,
) -> Schedule:
    """Schedule repairs in ``order``: each to the crew of its trade that can start it first (lowest index on a tie):
    the crew's free day plus its travel from where it is (the depot, then its last job), and not before the
    element's previous stage ends. A stage listed before its previous stage waits until that one is placed."""
    _check(order, crews)
    free = {t: [p.mobilisation_days] * p.count for t, p in crews.items()}
    at = {t: [depot_xy] * p.count for t, p in crews.items()}
    ends: dict[tuple[str, int], float] = {}
    pending, jobs = list(order), []
    while pending:
        r = next(r for r in pending if r.stage == 0 or (r.element, r.stage - 1) in ends)
        pending.remove(r)
        ready = ends.get((r.element, r.stage - 1), 0.0)
        f, where = free[r.trade], at[r.trade]
        moves = [_travel_days(travel, where[k], r.xy) for k in range(len(f))]
        starts = [max(f[k] + moves[k], ready) for k in range(len(f))]
        k = int(np.argmin(starts))
        jobs.append(Job(r, k, starts[k], starts[k] + r.duration_days, moves[k]))
        f[k] = ends[(r.element, r.stage)] = starts[k] + r.duration_days
        where[k] = r.xy
    return Schedule(rule, _sorted_jobs(jobs))


def _chain_key(chain: list[Repair]):
    """People restored per crew-day of the whole repair, highest first; ties: shorter, then by name."""
    days = sum(r.duration_days for r in chain)
    return (-chain[0].benefit / days, days, chain[0].element)


def _ratio_key(r: Repair):
    return (-r.ratio, r.duration_days, r.element)


def ratio_rule(repairs: list[Repair], crews: dict[str, CrewPool], depot_xy=(0.0, 0.0), travel: Travel | None = None) -> Schedule:
    """Smith's rule: people restored per crew-day (of the whole repair), highest first; ties: shorter, then by name."""
    _check(repairs, crews)
    order = flat(sorted(chains_of(repairs), key=_chain_key))
    return list_schedule(order, crews, "ratio", depot_xy, travel)


def critical_rule(
    repairs: list[Repair], crews: dict[str, CrewPool], depot_xy=(0.0, 0.0), travel: Travel | None = None
) -> Schedule:
    """Critical repairs first, then the rest, each group by people restored per crew-day."""
    _check(repairs, crews)
    order = flat(sorted(chains_of(repairs), key=lambda c: (not c[0].critical, *_chain_key(c))))
    return list_schedule(order, crews, "critical", depot_xy, travel)


def nearest_rule(
    repairs: list[Repair], crews: dict[str, CrewPool], depot_xy: tuple[float, float] = (0.0, 0.0), travel: Travel | None = None
) -> Schedule:
    """Greedy travel: the crew free first (of the trades with a repair it can take: stage 0, or its previous stage
    placed) takes the nearest such repair from where it is (the depot, then its last job); straight-line
    distance, ties by ratio then name. It starts after its travel and the previous stage's end."""
    _check(repairs, crews)
    free = {t: [p.mobilisation_days] * p.count for t, p in crews.items()}
    at = {t: [depot_xy] * p.count for t, p in crews.items()}
    ends: dict[tuple[str, int], float] = {}
    left, jobs = list(repairs), []
    while left:
        ready = [r for r in left if r.stage == 0 or (r.element, r.stage - 1) in ends]
        trades = {r.trade for r in ready}
        trade, k = min(((tr, i) for tr in trades for i in range(len(free[tr]))), key=lambda c: (free[c[0]][c[1]], c))
        x, y = at[trade][k]
        r = min((r for r in ready if r.trade == trade), key=lambda r: (math.hypot(r.x_m - x, r.y_m - y), *_ratio_key(r)))
        left.remove(r)
        move = _travel_days(travel, at[trade][k], r.xy)
        start = max(free[trade][k] + move, ends.get((r.element, r.stage - 1), 0.0))
        jobs.append(Job(r, k, start, start + r.duration_days, move))
        free[trade][k] = ends[(r.element, r.stage)] = start + r.duration_days
        at[trade][k] = r.xy
    return Schedule("nearest", _sorted_jobs(jobs))


def _milp_trade(repairs: list[Repair], pool: CrewPool) -> tuple[list[Job], str, float]:
    """Exact minimum of sum(benefit x end) for one trade's repairs on its crews (disjunctive MILP).

    Variables: end day C_j; y[j, m] = 1 when crew m does j; z[i, j] = 1 when i precedes j (i < j) should they
    share a crew; s[i, j] = 1 when they do share one. Same crew => C_j >= C_i + p_j or C_i >= C_j + p_i.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, m, r0 = len(repairs), pool.count, pool.mobilisation_days
    p = np.array([r.duration_days for r in repairs])
    w = np.array([r.benefit for r in repairs])
    big = r0 + p.sum()
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    nc, ny, nz = n, n * m, len(pairs)
    nv = nc + ny + 2 * nz
    yi = lambda j, k: nc + j * m + k  # noqa: E731
    zi = lambda q: nc + ny + q  # noqa: E731
    si = lambda q: nc + ny + nz + q  # noqa: E731
    rows, lo, hi = [], [], []

    def add(coefs: dict, lower: float, upper: float) -> None:
        row = np.zeros(nv)
        for idx, c in coefs.items():
            row[idx] += c
        rows.append(row)
        lo.append(lower)
        hi.append(upper)

    for j in range(n):
        add({yi(j, k): 1.0 for k in range(m)}, 1.0, 1.0)
    for q, (i, j) in enumerate(pairs):
        for k in range(m):  # s >= y_ik + y_jk - 1
            add({si(q): 1.0, yi(i, k): -1.0, yi(j, k): -1.0}, -1.0, np.inf)
        # C_j - C_i - p_j + M (1 - z) + M (1 - s) >= 0   and   C_i - C_j - p_i + M z + M (1 - s) >= 0
        add({j: 1.0, i: -1.0, zi(q): -big, si(q): -big}, p[j] - 2 * big, np.inf)
        add({i: 1.0, j: -1.0, zi(q): big, si(q): -big}, p[i] - big, np.inf)
    if m > 1:  # symmetry: repair 0 on crew 0
        add({yi(0, 0): 1.0}, 1.0, 1.0)
    c = np.zeros(nv)
    c[:n] = w
    lb = np.concatenate([r0 + p, np.zeros(nv - n)])
    ub = np.concatenate([np.full(n, big), np.ones(nv - n)])
    integrality = np.concatenate([np.zeros(n), np.ones(nv - n)])
    res = milp(
        c,
        constraints=LinearConstraint(np.array(rows), lo, hi),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"time_limit": EXACT_TIME_LIMIT_S, "mip_rel_gap": 1e-9},
    )
    if res.x is None:
        raise InputError(no_solution(res.message))
    crew = [int(np.argmax([res.x[yi(j, k)] for k in range(m)])) for j in range(n)]
    # rebuild back-to-back from the solver's order per crew (removes any idle time the solver left)
    jobs = []
    for k in range(m):
        mine = sorted((j for j in range(n) if crew[j] == k), key=lambda j: res.x[j])
        t = r0
        for j in mine:
            jobs.append(Job(repairs[j], k, t, t + p[j]))
            t += p[j]
    gap = float(getattr(res, "mip_gap", 0.0) or 0.0)
    return jobs, str(res.message), gap


def _grid_hours(p_days: np.ndarray) -> int | None:
    """The time step (whole hours) every duration is a multiple of, or None when one is not a whole hour."""
    hours = p_days * HOURS_PER_DAY
    if np.any(np.abs(hours - np.round(hours)) > 1e-6):
        return None
    return int(np.gcd.reduce(np.round(hours).astype(int)))


def _milp_time_indexed(repairs: list[Repair], pool: CrewPool, step_h: int) -> tuple[list[Job], str, float]:
    """Exact minimum of sum(benefit x end) on a time grid of ``step_h`` hours (durations are multiples of it).

    x[j, t] = 1 when repair j starts in slot t; each starts once; at most ``count`` repairs run in any slot.
    A non-delay schedule (optimal, all repairs ready at mobilisation) starts every repair on the grid, and no
    later than the other repairs' total work shared by the crews, which bounds the slots.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    n, m = len(repairs), pool.count
    p = np.array([round(r.duration_days * HOURS_PER_DAY / step_h) for r in repairs], dtype=int)
    w = np.array([r.benefit for r in repairs])
    last = [int((p.sum() - p[j]) // m) for j in range(n)]  # latest start slot of a non-delay schedule
    horizon = max(last[j] + p[j] for j in range(n))
    index = [(j, t) for j in range(n) for t in range(last[j] + 1)]
    a = lil_matrix((n + horizon, len(index)))
    for v, (j, t) in enumerate(index):
        a[j, v] = 1.0
        for u in range(t, t + p[j]):
            a[n + u, v] = 1.0
    lo = np.concatenate([np.ones(n), np.zeros(horizon)])
    hi = np.concatenate([np.ones(n), np.full(horizon, float(m))])
    c = np.array([w[j] * (t + p[j]) for j, t in index], dtype=float)
    res = milp(
        c,
        constraints=LinearConstraint(a.tocsr(), lo, hi),
        integrality=np.ones(len(index)),
        bounds=Bounds(0, 1),
        options={"time_limit": EXACT_TIME_LIMIT_S, "mip_rel_gap": 1e-9},
    )
    if res.x is None:
        raise InputError(no_solution(res.message))
    starts = {j: t for v, (j, t) in enumerate(index) if res.x[v] > 0.5}
    order = sorted(range(n), key=lambda j: (starts[j], j))
    jobs = list_schedule([repairs[j] for j in order], {pool.trade: pool}).jobs
    return list(jobs), str(res.message), float(getattr(res, "mip_gap", 0.0) or 0.0)


def _dp_trade(repairs: list[Repair], pool: CrewPool, depot_xy, travel: Travel) -> list[Job]:
    """Exact minimum of sum(benefit x end) for one trade's repairs with travel between them (exhaustive DP).

    A crew doing the sequence j1..jk from mobilisation r0 ends job ji at r0 + sum over i' <= i of (travel + p):
    so its cost is r0 W + sum_i (travel_i + p_i) x W(ji..jk), W the benefit still waiting. ``h[U][j]``, the
    least cost of the jobs U done in some order starting with j (j's own travel left out), grows backwards:
    h[U + i][i] = min_j h[U][j] + travel(i, j) W(U) + p_i W(U + i). A crew's best for its set T adds the
    depot's travel; the crews share the repairs by splitting the set (each split tried once).
    """
    n, r0 = len(repairs), pool.mobilisation_days
    m = min(pool.count, n)  # more crews than repairs: the rest stay idle
    p = [r.duration_days for r in repairs]
    w = [r.benefit for r in repairs]
    s = [[travel.days(a.xy, b.xy) for b in repairs] for a in repairs]
    s0 = [travel.days(depot_xy, r.xy) for r in repairs]
    full = 1 << n
    weight = [sum(w[j] for j in range(n) if u >> j & 1) for u in range(full)]
    h = [dict() for _ in range(full)]  # h[u][first] = (cost, next)
    for j in range(n):
        h[1 << j][j] = (p[j] * w[j], -1)
    for u in range(1, full):
        for j, (cost, _) in list(h[u].items()):
            for i in range(n):
                if u >> i & 1:
                    continue
                v = u | 1 << i
                c = cost + s[i][j] * weight[u] + p[i] * weight[v]
                if i not in h[v] or c < h[v][i][0] - 1e-12:
                    h[v][i] = (c, j)
    best = [(math.inf, -1)] * full  # best[t] = (one crew's least cost of set t, its first job)
    for t in range(1, full):
        best[t] = min(((c + (r0 + s0[j]) * weight[t], j) for j, (c, _) in h[t].items()), default=(math.inf, -1))
    split = [0.0] + [math.inf] * (full - 1)  # least cost of set u on k crews
    choice = [[0] * full]
    for _ in range(m):
        nxt, pick = list(split), [0] * full
        for u in range(1, full):
            low = u & -u
            t = u
            while t:  # every subset t of u holding u's lowest job (crews are alike: each split once)
                if t & low and best[t][0] + split[u ^ t] < nxt[u] - 1e-12:
                    nxt[u], pick[u] = best[t][0] + split[u ^ t], t
                t = (t - 1) & u
        split = nxt
        choice.append(pick)
    jobs, u, k, crew = [], full - 1, m, 0
    while u and k:
        t = choice[k][u]
        k -= 1
        if not t:
            continue
        order, j = [], best[t][1]
        rest = t
        while j >= 0:
            order.append(j)
            nj = h[rest][j][1]
            rest ^= 1 << j
            j = nj
        one = list_schedule([repairs[j] for j in order], {pool.trade: CrewPool(pool.trade, 1, r0)}, "optimal", depot_xy, travel)
        jobs += [dataclasses.replace(job, crew=crew) for job in one.jobs]  # that crew's times, on its own
        crew += 1
        u ^= t
    return jobs


class ExactSearchTooLarge(InputError):
    """The exact search of repairs in stages stopped at :data:`MAX_EXACT_BRANCHES` without a proof."""


def _branch_and_bound(repairs: list[Repair], crews: dict[str, CrewPool], depot_xy, travel: Travel | None) -> list[Job]:
    """Exact minimum for repairs in stages (see module doc): depth first, each branch one (stage, crew) placed as
    early as its crew (after travel) and its previous stage allow, no earlier than the stage placed before it.

    Every schedule is no better than the earliest-start schedule of its own crew sequences, and placing that
    one's jobs in start order is a branch, so the search meets an optimum. A branch is cut when its bound is
    no better than the best found (from the rules at first): the benefit already restored x its day, plus for
    each unfinished repair its benefit x (the earliest its next stage can start: not before the last start,
    its previous stage's end or its trade's first free crew) + its remaining stages' days."""
    chains = chains_of(repairs)
    first = min(
        (rule(repairs, crews, depot_xy, travel) for rule in (ratio_rule, critical_rule, nearest_rule)),
        key=lambda sched: sched.weighted_completion_person_days,
    )
    best = {"cost": first.weighted_completion_person_days, "jobs": list(first.jobs)}
    free = {(t, k): p.mobilisation_days for t, p in crews.items() for k in range(p.count)}
    at = dict.fromkeys(free, depot_xy)
    nxt, ready = [0] * len(chains), [0.0] * len(chains)
    rest = [sum(r.duration_days for r in c) for c in chains]
    jobs, branches = [], [0]

    def bound(cost: float, last: float) -> float:
        for i, chain in enumerate(chains):
            if nxt[i] < len(chain):
                r = chain[nxt[i]]
                crew_free = min(free[(r.trade, k)] for k in range(crews[r.trade].count))
                cost += r.benefit * (max(last, ready[i], crew_free) + rest[i])
        return cost

    def grow(cost: float, last: float, left: int) -> None:
        branches[0] += 1
        if branches[0] > MAX_EXACT_BRANCHES:
            bad = Msg(
                "rec.optimal_stages_max",
                "repairs in stages: the exact search stopped after {branches} branches without a proof",
                branches=f"{MAX_EXACT_BRANCHES:,}",
            )
            raise ExactSearchTooLarge(within("--rule optimal", bad))
        if not left:
            if cost < best["cost"] - 1e-9:
                best["cost"], best["jobs"] = cost, list(jobs)
            return
        if bound(cost, last) >= best["cost"] - 1e-9:
            return
        options = []
        for i, chain in enumerate(chains):
            if nxt[i] == len(chain):
                continue
            r, seen = chain[nxt[i]], set()
            for k in range(crews[r.trade].count):
                crew = (r.trade, k)
                if (free[crew], at[crew]) in seen:  # alike crews: one of them is enough
                    continue
                seen.add((free[crew], at[crew]))
                move = _travel_days(travel, at[crew], r.xy)
                start = max(free[crew] + move, ready[i])
                if start >= last - 1e-12:
                    options.append((start + r.duration_days, start, i, crew, move))
        for end, start, i, crew, move in sorted(options):
            r = chains[i][nxt[i]]
            saved = free[crew], at[crew], ready[i], rest[i]
            free[crew], at[crew], ready[i], rest[i] = end, r.xy, end, rest[i] - r.duration_days
            nxt[i] += 1
            jobs.append(Job(r, crew[1], start, end, move))
            grow(cost + (r.benefit * end if r.last else 0.0), start, left - 1)
            jobs.pop()
            nxt[i] -= 1
            free[crew], at[crew], ready[i], rest[i] = saved

    grow(0.0, 0.0, len(repairs))
    logger.info("exact schedule of %d stages: %d branches", len(repairs), branches[0])
    return best["jobs"]


def _too_many(n: int, trade: str) -> InputError:
    bad = Msg(
        "rec.optimal_max",
        "{repairs} {trade} repairs, the exact method takes at most {max_repairs}",
        repairs=n,
        trade=trade_word(trade),
        max_repairs=MAX_EXACT_REPAIRS,
    )
    return InputError(within("--rule optimal", bad))


def optimal(repairs: list[Repair], crews: dict[str, CrewPool], depot_xy=(0.0, 0.0), travel: Travel | None = None) -> Schedule:
    """The exact schedule (see module doc). Raises :class:`InputError` above :data:`MAX_EXACT_REPAIRS` repairs a trade,
    and :class:`ExactSearchTooLarge` when the search of repairs in stages stops at :data:`MAX_EXACT_BRANCHES`."""
    _check(repairs, crews)
    for trade in crews:
        n = sum(r.trade == trade for r in repairs)
        if n > MAX_EXACT_REPAIRS:
            raise _too_many(n, trade)
    if any(r.stages > 1 for r in repairs):
        jobs = _branch_and_bound(repairs, crews, depot_xy, travel)
        return Schedule("optimal", _sorted_jobs(jobs), status=ENUMERATED, mip_gap=0.0)
    jobs, statuses, gap = [], [], 0.0
    for trade, pool in crews.items():
        mine = [r for r in repairs if r.trade == trade]
        if not mine:
            continue
        if travel is not None:
            j, status, g = _dp_trade(mine, pool, depot_xy, travel), ENUMERATED, 0.0
        else:
            step_h = _grid_hours(np.array([r.duration_days for r in mine]))
            if step_h is None:
                j, status, g = _milp_trade(mine, pool)
            else:
                j, status, g = _milp_time_indexed(mine, pool, step_h)
        jobs += j
        statuses.append(status)
        gap = max(gap, g)
    logger.info("exact schedule of %d repairs: %s, gap %g", len(repairs), statuses, gap)
    return Schedule("optimal", _sorted_jobs(jobs), status="; ".join(dict.fromkeys(statuses)), mip_gap=gap)


#: Rule name -> scheduler(repairs, crews, depot_xy, travel). ``all`` runs every one (optimal where the case is small).
RULES = {
    "ratio": ratio_rule,
    "critical": critical_rule,
    "nearest": nearest_rule,
    "optimal": optimal,
}


def exact_fits(repairs: list[Repair]) -> bool:
    """True when every trade has at most :data:`MAX_EXACT_REPAIRS` repairs."""
    trades = [r.trade for r in repairs]
    return all(trades.count(t) <= MAX_EXACT_REPAIRS for t in set(trades))


def schedules(rule: str, repairs, crews, depot_xy=(0.0, 0.0), travel: Travel | None = None) -> dict[str, Schedule]:
    """The schedules of ``rule`` (or of every rule for ``all``; ``optimal`` left out of ``all`` when too big: more
    than :data:`MAX_EXACT_REPAIRS` repairs a trade, or repairs in stages whose search stops unproven)."""
    if rule == "all":
        names = [n for n in RULES if n != "optimal" or exact_fits(repairs)]
    else:
        names = [rule]
    out = {}
    for name in names:
        try:
            out[name] = RULES[name](list(repairs), crews, depot_xy, travel)
        except ExactSearchTooLarge:
            if rule != "all":
                raise
    return out


__all__ = [
    "CrewPool",
    "Travel",
    "Repair",
    "Job",
    "Schedule",
    "list_schedule",
    "chains_of",
    "flat",
    "ratio_rule",
    "critical_rule",
    "nearest_rule",
    "optimal",
    "schedules",
    "RULES",
    "MAX_EXACT_REPAIRS",
]
