"""Which site gets which set or boilers: an exact mixed-integer program, a greedy baseline, what one more unit buys.

**What is counted.** A (site, set type) pair's value is the people-hours of water it adds over the horizon:
``people_hours_per_day * max(horizon_days - delivery_days, 0)`` (a set on order counts from its delivery on).
Its cost is the set's ``cost_eur``, plus with ``fuel_in_budget`` the diesel it burns over those days at the
oblast's price (``fuel_l_per_day * fuel_share * price * days``). A (heat site, boiler type, units) column
(:mod:`.heat`) is worth the people-hours of heat it adds over its days, times ``heat_weight``; it costs
``units * cost_eur`` plus its fuel over those days.

**The objective is one number**, person-service-hours: people-hours of water added plus ``heat_weight`` times
people-hours of heat added (``heat_weight = 1``: a person with water for an hour and a person with heat for an
hour count the same; raise it where heat is the greater need, as in a January cold spell).

**Constraints.** At most one new set per site and one boiler choice (one type, ``n`` units) per heat site; at
most ``count`` units of each type (a boiler column uses ``n``); sets, boilers and their fuel share
``budget_eur``; a ``must_serve`` site gets a set that passes (unless a set already there passes), a ``must_serve``
heat site gets boilers; a ``committed`` set is placed where it was promised (its count and cost taken, its value
counted if it passes); ``[[quota]]`` bounds the sets an oblast gets (``min_sets``, ``max_sets``) and the boiler
units at its heat sites (``min_boilers``, ``max_boilers``). Only pairs that pass and add water are candidates.

**Exact.** :func:`scipy.optimize.milp` (HiGHS branch and bound), binary ``x[column]``, maximising the total
value; the relative gap HiGHS reports between its best allocation and its bound is given (0 when proven
optimal). **Greedy**: committed sets first, then the must-serve sites, then each quota's minimum, then the
rest, each time the column of most value per EUR that still fits (a free one, of zero cost, first).
**Marginal value**: the exact program solved again with one more unit of a type, and with the budget 10 % lower
and higher.
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
from teplovoda.models.portfolio.heat import HEAT_COLUMNS

#: HiGHS stops at this relative gap (0: proven optimal) or after this many seconds (the gap then says how close).
MIP_REL_GAP = 0.0
MIP_TIME_LIMIT_S = 60.0
#: Budget changes the marginal analysis solves for (shares of the budget).
BUDGET_STEPS = (-0.10, 0.10)


@dataclasses.dataclass(frozen=True)
class Problem:
    """The allocation as arrays: one entry per candidate pair, with the limits.

    ``site`` and ``kind`` index :attr:`sites` and :attr:`types`; ``value`` (person-service-hours), ``cost``
    (EUR); ``units`` (None: one each) how many of its type a pair uses (a boiler column's ``n``). A quota is
    ``(site indices, min, max or None)``, counting every unit at those sites, or ``(site indices, min, max,
    type indices)``, counting the units of those types only.
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
    quotas: tuple = ()  # (site indices, min, max or None[, type indices])
    units: np.ndarray | None = None  # units of its type each pair uses (None: 1)

    def unit_counts(self) -> np.ndarray:
        return np.ones(len(self.value)) if self.units is None else np.asarray(self.units, dtype=float)

    def quota_members(self) -> list[tuple[np.ndarray, float, float | None]]:
        """Each quota as ``(0/1 membership of every pair, min, max or None)``."""
        out = []
        for q in self.quotas:
            members = np.isin(self.site, list(q[0]))
            if len(q) > 3:
                members &= np.isin(self.kind, list(q[3]))
            out.append((members, q[1], q[2]))
        return out

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

    units = p.unit_counts()
    weights = []

    def add(members, low, high, w=None):
        nonlocal r
        rows.extend([r] * len(members))
        cols.extend(members)
        weights.extend(np.ones(len(members)) if w is None else w[members])
        lo.append(low)
        hi.append(high)
        r += 1

    for s in range(len(p.sites)):
        members = np.flatnonzero(p.site == s)
        if len(members):
            add(members, 1.0 if s in p.must else 0.0, 1.0)
    for k in range(len(p.types)):
        add(np.flatnonzero(p.kind == k), 0.0, float(p.counts[k]), units)
    for members, low, high in p.quota_members():
        add(np.flatnonzero(members), float(low), math.inf if high is None else float(high), units)
    a = csr_matrix((np.asarray(weights, dtype=float), (rows, cols)), shape=(r, n))
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
    """Most value per EUR first (module doc); ``feasible=False`` if it leaves a must-serve site or a quota short."""
    taken_site, left, spent, chosen = set(), p.counts.astype(float).copy(), 0.0, []
    units = p.unit_counts()
    quotas = p.quota_members()
    in_quota = [m for m, _, _ in quotas]
    given = np.zeros(len(quotas))

    def take(i) -> bool:
        nonlocal spent
        s, k, u = int(p.site[i]), int(p.kind[i]), units[i]
        if s in taken_site or left[k] < u or spent + p.cost[i] > p.budget + 1e-6:
            return False
        if any(m[i] and high is not None and given[j] + u > high for j, (m, _, high) in enumerate(quotas)):
            return False
        taken_site.add(s)
        left[k] -= u
        spent += p.cost[i]
        chosen.append(int(i))
        given[[j for j, q in enumerate(in_quota) if q[i]]] += u
        return True

    for i in sorted(p.fixed):
        take(i)
    ratio = np.where(p.cost > 0, p.value / np.maximum(p.cost, 1e-300), math.inf)
    order = np.lexsort((-p.value, -ratio))  # best ratio first, larger value breaking ties
    for i in order:
        if int(p.site[i]) in p.must:
            take(i)
    for j, (_, low, _) in enumerate(quotas):
        for i in order:
            if given[j] >= low:
                break
            if in_quota[j][i]:
                take(i)
    for i in order:
        take(i)
    ok = all(s in taken_site for s in p.must) and all(given[j] >= low for j, (_, low, _) in enumerate(quotas))
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


def _water_candidates(portfolio, pairs: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The (site, set type) pairs the allocation may choose, with value and cost; and which of them are committed."""
    spec = portfolio.spec
    inv = {s.set_type: s for s in portfolio.inventory}
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
    return t[keep].reset_index(drop=True), is_fixed[keep]


def heat_candidates(portfolio, heat_pairs: pd.DataFrame) -> pd.DataFrame:
    """The (heat site, boiler type, units) columns (:func:`~.heat.evaluate_heat`) with ``days_counted``,
    ``value_people_hours`` (weighted by ``heat_weight``), ``fuel_cost_eur``, ``boiler_cost_eur``, ``cost_eur``."""
    spec = portfolio.spec
    stock = {b.boiler_type: b for b in portfolio.boilers}
    t = heat_pairs.copy()
    days = np.maximum(spec.horizon_days - t["boiler_type"].map(lambda k: stock[k].delivery_days).to_numpy(float), 0.0)
    t["days_counted"] = days
    t["value_people_hours"] = spec.heat_weight * t["people_hours_per_day"].to_numpy(float) * days
    t["fuel_cost_eur"] = t["fuel_cost_eur_per_day"].to_numpy(float) * days
    t["boiler_cost_eur"] = t["units"].to_numpy(float) * t["boiler_type"].map(lambda k: stock[k].cost_eur).to_numpy(float)
    t["cost_eur"] = t["boiler_cost_eur"] + (t["fuel_cost_eur"] if spec.fuel_in_budget else 0.0)
    return t[t["value_people_hours"].to_numpy(float) > 0].reset_index(drop=True)


def problem_from(
    portfolio, pairs: pd.DataFrame, budget_eur: float | None = None, heat_pairs: pd.DataFrame | None = None
) -> tuple[Problem, pd.DataFrame, pd.DataFrame]:
    """The :class:`Problem` of a portfolio's evaluated pairs (``evaluate``) and boiler options (``evaluate_heat``):
    the problem, the water candidates and the heat candidates (their columns follow the water ones), each with
    ``value_people_hours``, ``days_counted``, ``fuel_cost_eur``, ``cost_eur``."""
    spec = portfolio.spec
    cand, fixed = _water_candidates(portfolio, pairs)
    heat = heat_candidates(portfolio, pd.DataFrame(columns=list(HEAT_COLUMNS)) if heat_pairs is None else heat_pairs)
    sites = tuple(s.row.name for s in portfolio.sites)
    heat_names = tuple(s.row.name for s in portfolio.heat_sites)
    types = tuple(s.set_type for s in portfolio.inventory)
    boiler_types = tuple(b.boiler_type for b in portfolio.boilers)
    index = {n: i for i, n in enumerate(sites)}
    heat_index = {n: len(sites) + i for i, n in enumerate(heat_names)}
    set_kinds = frozenset(range(len(types)))
    boiler_kinds = frozenset(range(len(types), len(types) + len(boiler_types)))
    served = set(pairs.loc[pairs["hours_without_h"] >= 24 - 1e-9, "site"])  # an existing set already gives water all day
    must = {index[s.row.name] for s in portfolio.sites if s.row.must_serve and s.row.name not in served}
    must |= {heat_index[s.row.name] for s in portfolio.heat_sites if s.row.must_serve and s.deficit_kw > 0}
    quotas = []
    for q in portfolio.quotas:
        water = frozenset(i for i, s in enumerate(portfolio.sites) if s.row.oblast == q.oblast)
        warm = frozenset(heat_index[s.row.name] for s in portfolio.heat_sites if s.row.oblast == q.oblast)
        quotas.append((water, q.min_sets, q.max_sets, set_kinds))
        if boiler_types and (q.min_boilers or q.max_boilers is not None):
            quotas.append((warm, q.min_boilers, q.max_boilers, boiler_kinds))
    p = Problem(
        sites=sites + heat_names,
        types=types + boiler_types,
        site=np.concatenate([cand["site"].map(index).to_numpy(int), heat["site"].map(heat_index).to_numpy(int)]),
        kind=np.concatenate(
            [
                cand["set_type"].map({k: i for i, k in enumerate(types)}).to_numpy(int),
                heat["boiler_type"].map({k: len(types) + i for i, k in enumerate(boiler_types)}).to_numpy(int),
            ]
        ),
        value=np.concatenate([cand["value_people_hours"].to_numpy(float), heat["value_people_hours"].to_numpy(float)]),
        cost=np.concatenate([cand["cost_eur"].to_numpy(float), heat["cost_eur"].to_numpy(float)]),
        counts=np.array([s.count for s in portfolio.inventory] + [b.count for b in portfolio.boilers], dtype=float),
        budget=float(spec.budget_eur if budget_eur is None else budget_eur),
        must=frozenset(must),
        fixed=frozenset(np.flatnonzero(fixed).tolist()),
        quotas=tuple(quotas),
        units=np.concatenate([np.ones(len(cand)), heat["units"].to_numpy(float)]),
    )
    return p, cand, heat


def infeasible() -> InputError:
    return InputError(
        Msg(
            "port.infeasible",
            "no allocation meets every constraint: the must-serve sites, committed sets and quotas need more sets or budget",
        )
    )


__all__ = ["Problem", "Solution", "heat_candidates", "marginal_values", "problem_from", "solve_exact", "solve_greedy"]
