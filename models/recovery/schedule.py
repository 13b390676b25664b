"""Repair schedules: which crew repairs what, when, and the person-days without service it costs.

Model. Each trade (water, heat, electrical) has ``count`` identical crews that can start after
``mobilisation_days``. A repair needs one crew of its trade for ``duration_days`` and restores
``benefit`` people when it is done. A crew works its repairs back to back (no idle time: all its
repairs are ready from the start). The objective is the weighted completion time
``sum(benefit x end_day)``: person-days without service counted from day 0, if each repair's benefit
were independent of the others (the water service curve re-solves the network for the real figure).

Rules (a priority order, then list scheduling: each repair in turn to the crew of its trade that is free
first):

* ``ratio``: people restored per crew-day, highest first (Smith's weighted-shortest-processing-time
  rule, optimal for one crew);
* ``critical``: repairs flagged critical first, each group by ratio;
* ``nearest``: a crew that comes free takes the nearest repair left from where it is (the depot, then its
  last job); straight-line distance in the network's coordinates. Assumption: travel time is part of a
  repair's duration, so distance orders the work but adds no time.

``optimal`` solves the problem exactly with :func:`scipy.optimize.milp` (HiGHS, per trade): a time-indexed
formulation on the durations' common step in whole hours (tight, fast), or a disjunctive big-M one when a
duration is not a whole number of hours, for up to :data:`MAX_EXACT_REPAIRS` repairs of a trade, and reports the solver's
status and MIP gap.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.recovery.durations import trade_word
from teplovoda.models.units import HOURS_PER_DAY

logger = logging.getLogger(__name__)

#: Repairs of one trade the exact method takes (beyond, the MILP's disjunctive pairs grow quadratically).
MAX_EXACT_REPAIRS = 8
#: Seconds HiGHS may spend per trade; the gap says how far from proven optimal it stopped.
EXACT_TIME_LIMIT_S = 30.0


@dataclass(frozen=True)
class CrewPool:
    """``count`` crews of ``trade`` that can start work on ``mobilisation_days``."""

    trade: str
    count: int
    mobilisation_days: float = 0.0


@dataclass(frozen=True)
class Repair:
    """One repair: ``element`` (a name), its ``trade``, ``duration_days`` (one crew), ``benefit`` (people restored
    when it is done), ``critical``, where it is (``x_m``, ``y_m``, for nearest-first) and its ``element_type``
    (a row type of the duration table)."""

    element: str
    trade: str
    duration_days: float
    benefit: float = 0.0
    critical: bool = False
    x_m: float = 0.0
    y_m: float = 0.0
    element_type: str = ""

    @property
    def ratio(self) -> float:
        """People restored per crew-day."""
        return self.benefit / self.duration_days


@dataclass(frozen=True)
class Job:
    """A repair scheduled: crew ``crew`` (0-based within its trade) from ``start_day`` to ``end_day``."""

    repair: Repair
    crew: int
    start_day: float
    end_day: float


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
        return float(sum(j.repair.benefit * j.end_day for j in self.jobs))

    def end_of(self, element: str) -> float:
        return next(j.end_day for j in self.jobs if j.repair.element == element)


def no_solution(solver_message: str) -> Msg:
    """``"exact schedule: no solution (<the solver's words>)"``, from its key (the solver's words stay as written)."""
    return Msg("rec.no_solution", "exact schedule: no solution ({solver})", solver=str(solver_message))


def _check(repairs: list[Repair], crews: dict[str, CrewPool]) -> None:
    names = [r.element for r in repairs]
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise InputError(Msg("rec.repair_twice", "repair {name} is listed twice", name=repr(twice)))
    for r in repairs:
        _check_one(r, crews)


def _check_one(r: Repair, crews: dict[str, CrewPool]) -> None:
    pool = crews.get(r.trade)
    where = f"repair {r.element!r}"
    if pool is None or pool.count < 1:
        bad = Msg(
            "rec.no_crew", "repair {name} needs a {trade} crew and there is none", name=repr(r.element), trade=trade_word(r.trade)
        )
        raise InputError(within(f"crews.{r.trade}", bad))
    if not (math.isfinite(r.duration_days) and r.duration_days > 0):
        bad = Msg("range", "must be {rule}, got {got}", rule="> 0", got=repr(r.duration_days))
        raise InputError(within(where, Msg("rec.field", "{field} {detail}", field="duration_days", detail=bad)))
    if not (math.isfinite(r.benefit) and r.benefit >= 0):
        bad = Msg("range", "must be {rule}, got {got}", rule=">= 0", got=repr(r.benefit))
        raise InputError(within(where, Msg("rec.field", "{field} {detail}", field="benefit", detail=bad)))


def list_schedule(order: list[Repair], crews: dict[str, CrewPool], rule: str = "order") -> Schedule:
    """Schedule repairs in ``order``: each to the crew of its trade that is free first (lowest index on a tie)."""
    _check(order, crews)
    free = {t: [p.mobilisation_days] * p.count for t, p in crews.items()}
    jobs = []
    for r in order:
        f = free[r.trade]
        k = int(np.argmin(f))
        jobs.append(Job(r, k, f[k], f[k] + r.duration_days))
        f[k] += r.duration_days
    return Schedule(rule, tuple(sorted(jobs, key=lambda j: (j.start_day, j.repair.trade, j.crew))))


def _ratio_key(r: Repair):
    return (-r.ratio, r.duration_days, r.element)


def ratio_rule(repairs: list[Repair], crews: dict[str, CrewPool]) -> Schedule:
    """Smith's rule: people restored per crew-day, highest first; ties: shorter, then by name."""
    return list_schedule(sorted(repairs, key=_ratio_key), crews, "ratio")


def critical_rule(repairs: list[Repair], crews: dict[str, CrewPool]) -> Schedule:
    """Critical repairs first, then the rest, each group by people restored per crew-day."""
    return list_schedule(sorted(repairs, key=lambda r: (not r.critical, *_ratio_key(r))), crews, "critical")


def nearest_rule(repairs: list[Repair], crews: dict[str, CrewPool], depot_xy: tuple[float, float] = (0.0, 0.0)) -> Schedule:
    """Greedy travel: the crew free first takes the repair of its trade nearest to where it is (the depot, then its
    last job); straight-line distance, ties by ratio then name."""
    _check(repairs, crews)
    jobs = []
    for trade, pool in crews.items():
        left = [r for r in repairs if r.trade == trade]
        free = [pool.mobilisation_days] * pool.count
        at = [depot_xy] * pool.count
        while left:
            k = int(np.argmin(free))
            x, y = at[k]
            r = min(left, key=lambda r: (math.hypot(r.x_m - x, r.y_m - y), *_ratio_key(r)))
            left.remove(r)
            jobs.append(Job(r, k, free[k], free[k] + r.duration_days))
            free[k] += r.duration_days
            at[k] = (r.x_m, r.y_m)
    return Schedule("nearest", tuple(sorted(jobs, key=lambda j: (j.start_day, j.repair.trade, j.crew))))


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


def optimal(repairs: list[Repair], crews: dict[str, CrewPool]) -> Schedule:
    """The exact schedule (MILP per trade). Raises :class:`InputError` above :data:`MAX_EXACT_REPAIRS` repairs a trade."""
    _check(repairs, crews)
    jobs, statuses, gap = [], [], 0.0
    for trade, pool in crews.items():
        mine = [r for r in repairs if r.trade == trade]
        if not mine:
            continue
        if len(mine) > MAX_EXACT_REPAIRS:
            bad = Msg(
                "rec.optimal_max",
                "{repairs} {trade} repairs, the exact method takes at most {max_repairs}",
                repairs=len(mine),
                trade=trade_word(trade),
                max_repairs=MAX_EXACT_REPAIRS,
            )
            raise InputError(within("--rule optimal", bad))
        step_h = _grid_hours(np.array([r.duration_days for r in mine]))
        if step_h is None:
            j, status, g = _milp_trade(mine, pool)
        else:
            j, status, g = _milp_time_indexed(mine, pool, step_h)
        jobs += j
        statuses.append(status)
        gap = max(gap, g)
    logger.info("exact schedule of %d repairs: %s, gap %g", len(repairs), statuses, gap)
    jobs.sort(key=lambda j: (j.start_day, j.repair.trade, j.crew))
    return Schedule("optimal", tuple(jobs), status="; ".join(dict.fromkeys(statuses)), mip_gap=gap)


#: Rule name -> scheduler(repairs, crews, depot_xy). ``all`` runs every one (optimal where the case is small).
RULES = {
    "ratio": lambda repairs, crews, depot: ratio_rule(repairs, crews),
    "critical": lambda repairs, crews, depot: critical_rule(repairs, crews),
    "nearest": lambda repairs, crews, depot: nearest_rule(repairs, crews, depot),
    "optimal": lambda repairs, crews, depot: optimal(repairs, crews),
}


def exact_fits(repairs: list[Repair]) -> bool:
    """True when every trade has at most :data:`MAX_EXACT_REPAIRS` repairs."""
    trades = [r.trade for r in repairs]
    return all(trades.count(t) <= MAX_EXACT_REPAIRS for t in set(trades))


def schedules(rule: str, repairs, crews, depot_xy=(0.0, 0.0)) -> dict[str, Schedule]:
    """The schedules of ``rule`` (or of every rule for ``all``; ``optimal`` left out of ``all`` when too big)."""
    if rule == "all":
        names = [n for n in RULES if n != "optimal" or exact_fits(repairs)]
    else:
        names = [rule]
    return {n: RULES[n](list(repairs), crews, depot_xy) for n in names}


__all__ = [
    "CrewPool",
    "Repair",
    "Job",
    "Schedule",
    "list_schedule",
    "ratio_rule",
    "critical_rule",
    "nearest_rule",
    "optimal",
    "schedules",
    "RULES",
    "MAX_EXACT_REPAIRS",
]
