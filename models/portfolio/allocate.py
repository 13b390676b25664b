"""Which site gets which set: an exact mixed-integer program, a greedy baseline, and what one more set or budget buys.

**What is counted.** A (site, set type) pair's value is the people-hours of water it adds over the horizon:
``people_hours_per_day * max(horizon_days - delivery_days, 0)`` (a set on order counts from its delivery on).
Its cost is the set's ``cost_eur``, plus with ``fuel_in_budget`` the diesel it burns over those days at the
oblast's price (``fuel_l_per_day * fuel_share * price * days``).

**Constraints.** At most one new set per site; at most ``count`` sets of each type; the costs within
``budget_eur``; a ``must_serve`` site gets a set that passes (unless a set already there passes); a
``committed`` set is placed where it was promised (its count and cost taken, its value counted if it passes);
``[[quota]]`` bounds the sets an oblast gets. Only pairs that pass and add water are candidates.

**Exact.** :func:`scipy.optimize.milp` (HiGHS branch and bound), binary ``x[site, type]``, maximising the total
value; the relative gap HiGHS reports between its best allocation and its bound is given (0 when proven
optimal). **Greedy**: committed sets first, then the must-serve sites, then each quota's minimum, then the
rest, each time the pair of most people-hours per EUR that still fits (a free pair, of zero cost, first).
**Marginal value**: the exact program solved again with one more set of a type, and with the budget 10 % lower and higher.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg

#: HiGHS stops at this relative gap (0: proven optimal) or after this many seconds (the gap then says how close).
MIP_REL_GAP = 0.0
MIP_TIME_LIMIT_S = 60.0
#: Budget changes the marginal analysis solves for (shares of the budget).
BUDGET_STEPS = (-0.10, 0.10)


@dataclasses.dataclass(frozen=True)
class Problem:
    """The allocation as arrays: one entry per candidate pair, with the limits.

    ``site`` and ``kind`` index :attr:`sites` and :attr:`types`; ``value`` (people-hours), ``cost`` (EUR).
    """

    sites: tuple[str, ...]
    types: tuple[str, ...]
    site: np.ndarray
    kind: np.ndarray
    value: np.ndarray
    cost: np.ndarray
    counts: np.ndarray
    budget: float
    must: frozenset = frozenset()  # site indices that must get a set
    fixed: frozenset = frozenset()  # pair indices placed beforehand (committed)
    quotas: tuple = ()  # (site indices, min_sets, max_sets or None)

    def with_counts(self, counts) -> Problem:
        return dataclasses.replace(self, counts=np.asarray(counts))

    def with_budget(self, budget: float) -> Problem:
        return dataclasses.replace(self, budget=float(budget))


@dataclasses.dataclass(frozen=True)
class Solution:
    chosen: np.ndarray  # pair indices
    value: float
    cost: float
    gap: float  # relative MIP gap (0 proven optimal; nan for the greedy)
    feasible: bool = True


def _matrix(p: Problem):
    n = len(p.value)
    rows, cols, lo, hi = [], [], [], []
    r = 0

    def add(members, low, high):
        nonlocal r
        rows.extend([r] * len(members))
        cols.extend(members)
        lo.append(low)
        hi.append(high)
        r += 1

    for s in range(len(p.sites)):
        members = np.flatnonzero(p.site == s)
        if len(members):
            add(members, 1.0 if s in p.must else 0.0, 1.0)
    for k in range(len(p.types)):
        add(np.flatnonzero(p.kind == k), 0.0, float(p.counts[k]))
    for members_sites, low, high in p.quotas:
        add(np.flatnonzero(np.isin(p.site, list(members_sites))), float(low), math.inf if high is None else float(high))
    a = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(r, n))
    return [LinearConstraint(a, lo, hi), LinearConstraint(p.cost[None, :], -math.inf, p.budget)]


def solve_exact(p: Problem) -> Solution:
    """The best allocation by HiGHS (module doc); ``feasible=False`` when the constraints cannot all hold."""
    n = len(p.value)
    if any(s not in set(p.site.tolist()) for s in p.must):
        return Solution(np.array([], dtype=int), 0.0, 0.0, math.nan, feasible=False)
    lower = np.zeros(n)
    lower[list(p.fixed)] = 1.0
    res = milp(
        -p.value,
        integrality=np.ones(n),
        bounds=Bounds(lower, np.ones(n)),
        constraints=_matrix(p),
        options={"mip_rel_gap": MIP_REL_GAP, "time_limit": MIP_TIME_LIMIT_S, "disp": False},
    )
    if res.x is None:
        return Solution(np.array([], dtype=int), 0.0, 0.0, math.nan, feasible=False)
    chosen = np.flatnonzero(res.x > 0.5)
    gap = float(getattr(res, "mip_gap", 0.0) or 0.0)
    return Solution(chosen, float(p.value[chosen].sum()), float(p.cost[chosen].sum()), gap)


def solve_greedy(p: Problem) -> Solution:
    """Most people-hours per EUR first (module doc); ``feasible=False`` if it leaves a must-serve site or a quota short."""
    taken_site, left, spent, chosen = set(), p.counts.astype(float).copy(), 0.0, []
    in_quota = [np.isin(p.site, list(m)) for m, _, _ in p.quotas]
    given = np.zeros(len(p.quotas))

    def take(i) -> bool:
        nonlocal spent
        s, k = int(p.site[i]), int(p.kind[i])
        if s in taken_site or left[k] < 1 or spent + p.cost[i] > p.budget + 1e-6:
            return False
        if any(q[i] and high is not None and given[j] >= high for j, (q, (_, _, high)) in enumerate(zip(in_quota, p.quotas))):
            return False
        taken_site.add(s)
        left[k] -= 1
        spent += p.cost[i]
        chosen.append(int(i))
        given[[j for j, q in enumerate(in_quota) if q[i]]] += 1
        return True

    for i in sorted(p.fixed):
        take(i)
    ratio = np.where(p.cost > 0, p.value / np.maximum(p.cost, 1e-300), math.inf)
    order = np.lexsort((-p.value, -ratio))  # best ratio first, larger value breaking ties
    for i in order:
        if int(p.site[i]) in p.must:
            take(i)
    for j, (_, low, _) in enumerate(p.quotas):
        for i in order:
            if given[j] >= low:
                break
            if in_quota[j][i]:
                take(i)
    for i in order:
        take(i)
    ok = all(s in taken_site for s in p.must) and all(given[j] >= low for j, (_, low, _) in enumerate(p.quotas))
    sel = np.array(sorted(chosen), dtype=int)
    return Solution(sel, float(p.value[sel].sum()), float(p.cost[sel].sum()), math.nan, feasible=ok)


def marginal_values(p: Problem, base: Solution) -> pd.DataFrame:
    """People-hours one more set of each type adds (the exact program again), and what a budget change does.

    One row per change: ``set_type`` (the type one more of, or ``""``), ``budget_change_pct`` (0 for a set),
    ``people_hours`` (the new total), ``people_hours_change``, ``cost_eur``.
    """
    rows = []
    for k, name in enumerate(p.types):
        counts = p.counts.copy()
        counts[k] += 1
        s = solve_exact(p.with_counts(counts))
        rows.append({"set_type": name, "budget_change_pct": 0.0, "people_hours": s.value, "cost_eur": s.cost})
    for step in BUDGET_STEPS:
        s = solve_exact(p.with_budget(p.budget * (1 + step)))
        rows.append({"set_type": "", "budget_change_pct": 100 * step, "people_hours": s.value, "cost_eur": s.cost})
    out = pd.DataFrame(rows)
    out.insert(3, "people_hours_change", out["people_hours"] - base.value)
    return out


def problem_from(portfolio, pairs: pd.DataFrame, budget_eur: float | None = None) -> tuple[Problem, pd.DataFrame]:
    """The :class:`Problem` of a portfolio's evaluated pairs (``evaluate``), and the candidate pairs as a table
    with ``value_people_hours``, ``days_counted``, ``fuel_cost_eur``, ``cost_eur``."""
    spec = portfolio.spec
    inv = {s.set_type: s for s in portfolio.inventory}
    sites = tuple(s.row.name for s in portfolio.sites)
    types = tuple(inv)
    t = pairs.copy()
    days = np.maximum(spec.horizon_days - t["set_type"].map(lambda k: inv[k].delivery_days).to_numpy(float), 0.0)
    price = t["oblast"].map(portfolio.fuel_price).to_numpy(float)
    t["days_counted"] = days
    t["value_people_hours"] = t["people_hours_per_day"].to_numpy(float) * days
    t["fuel_cost_eur"] = t["fuel_l_per_day"].to_numpy(float) * t["fuel_share"].to_numpy(float) * price * days
    t["set_cost_eur"] = t["set_type"].map(lambda k: inv[k].cost_eur).to_numpy(float)
    t["cost_eur"] = t["set_cost_eur"] + (t["fuel_cost_eur"] if spec.fuel_in_budget else 0.0)
    committed = {s.row.name: s.row.committed for s in portfolio.sites if s.row.committed}
    is_fixed = np.array([committed.get(a) == b for a, b in zip(t["site"], t["set_type"])], dtype=bool)
    keep = (t["passes"].to_numpy(bool) & (t["value_people_hours"].to_numpy(float) > 0)) | is_fixed
    cand = t[keep].reset_index(drop=True)
    index = {n: i for i, n in enumerate(sites)}
    oblast_sites = lambda ob: frozenset(i for i, s in enumerate(portfolio.sites) if s.row.oblast == ob)  # noqa: E731
    served = set(pairs.loc[pairs["hours_without_h"] >= 24 - 1e-9, "site"])  # an existing set already gives water all day
    p = Problem(
        sites=sites,
        types=types,
        site=cand["site"].map(index).to_numpy(int),
        kind=cand["set_type"].map({k: i for i, k in enumerate(types)}).to_numpy(int),
        value=cand["value_people_hours"].to_numpy(float),
        cost=cand["cost_eur"].to_numpy(float),
        counts=np.array([inv[k].count for k in types], dtype=float),
        budget=float(spec.budget_eur if budget_eur is None else budget_eur),
        must=frozenset(index[s.row.name] for s in portfolio.sites if s.row.must_serve and s.row.name not in served),
        fixed=frozenset(np.flatnonzero(is_fixed[keep]).tolist()),
        quotas=tuple((oblast_sites(q.oblast), q.min_sets, q.max_sets) for q in portfolio.quotas),
    )
    return p, cand


def infeasible() -> InputError:
    return InputError(
        Msg(
            "port.infeasible",
            "no allocation meets every constraint: the must-serve sites, committed sets and quotas need more sets or budget",
        )
    )


__all__ = ["Problem", "Solution", "marginal_values", "problem_from", "solve_exact", "solve_greedy"]
