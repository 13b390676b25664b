"""A portfolio from file to allocation: evaluate every (site, set type), allocate exactly and greedily, explain.

:func:`run_portfolio` returns a :class:`PortfolioRun`: the per-site allocation with why, the candidate pairs,
totals, the greedy baseline's difference, the exact program's gap, and the marginal values
(:mod:`teplovoda.models.portfolio.allocate`); with heat sites, their boilers' allocation
(:attr:`PortfolioRun.heat_allocation`, one row per heat site) from the same program.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from teplovoda.models.kinds import ExportsItself, json_ready
from teplovoda.models.messages import Msg
from teplovoda.models.portfolio.allocate import infeasible, marginal_values, problem_from, solve_exact, solve_greedy
from teplovoda.models.portfolio.evaluate import evaluate
from teplovoda.models.portfolio.heat import evaluate_heat


@dataclasses.dataclass
class PortfolioRun(ExportsItself):
    """The result of :func:`run_portfolio` (the ``portfolio`` kind's result, :mod:`teplovoda.models.kinds`)."""

    portfolio: object
    pairs: pd.DataFrame  # every (site, set type), evaluate's columns
    candidates: pd.DataFrame  # the pairs the allocation may choose, with value and cost
    allocation: pd.DataFrame  # one row per site (ALLOCATION_COLUMNS)
    totals: dict
    marginal: pd.DataFrame
    timings_s: dict
    heat_pairs: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)  # every (heat site, boiler, units)
    heat_candidates: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    heat_allocation: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)  # one row per heat site

    #: What the result is (its scenario kind) and the row of :meth:`summary` that counts people served.
    kind: ClassVar[str] = "portfolio"
    people_column: ClassVar[str] = "people_served"

    def summary(self) -> pd.DataFrame:
        """The totals as a table (rows = total, one column ``portfolio``); lists (unservable sites) left to the JSON."""
        scalars = {k: v for k, v in self.totals.items() if not isinstance(v, (list, tuple, dict))}
        return pd.DataFrame({"portfolio": scalars})

    def fuel_by_oblast(self) -> pd.DataFrame:
        """Fuel logistics per oblast of the exact allocation (rows = oblast)."""
        a = self.allocation[self.allocation["set_type"] != ""]
        g = a.groupby("oblast")
        out = pd.DataFrame(
            {
                "sets": g.size(),
                "people_hours_per_day": g["people_hours_per_day"].sum(),
                "fuel_l_per_day": g["fuel_l_per_day"].sum(),
                "deliveries_per_week": g["deliveries_per_week"].sum(),
                "fuel_cost_eur_per_day": g["fuel_cost_eur_per_day"].sum(),
                "fuel_price_eur_per_l": g["oblast"].first().map(self.portfolio.fuel_price),
            }
        )
        out.index.name = "oblast"
        return out

    def boiler_fuel_by_oblast(self) -> pd.DataFrame:
        """Boiler fuel logistics per oblast and fuel of the exact allocation (rows = (oblast, fuel)): units,
        fuel per day in the fuel's unit (``fuel_unit``: kg, L, m3), fuel energy (kWh/day), fuel cost (EUR/day)."""
        h = self.heat_allocation
        cols = ["units", "fuel_per_day", "fuel_unit", "fuel_kwh_per_day", "fuel_cost_eur_per_day"]
        if h.empty or not (h["boiler_type"] != "").any():
            return pd.DataFrame(columns=cols, index=pd.MultiIndex.from_tuples([], names=["oblast", "fuel"]))
        g = h[h["boiler_type"] != ""].groupby(["oblast", "fuel"])
        out = g.agg(
            units=("units", "sum"),
            fuel_per_day=("fuel_per_day", "sum"),
            fuel_unit=("fuel_unit", "first"),
            fuel_kwh_per_day=("fuel_kwh_per_day", "sum"),
            fuel_cost_eur_per_day=("fuel_cost_eur_per_day", "sum"),
        )
        return out[cols]

    def write(self, out: Path) -> list[str]:
        """``allocation.csv`` (one row per site) and ``fuel_by_oblast.csv``; returns the file names."""
        out.mkdir(parents=True, exist_ok=True)
        self.allocation.to_csv(out / "allocation.csv", index=False, float_format="%.6g")
        self.fuel_by_oblast().to_csv(out / "fuel_by_oblast.csv", float_format="%.6g")
        self.marginal.to_csv(out / "marginal_value.csv", float_format="%.6g")
        names = ["allocation.csv", "fuel_by_oblast.csv", "marginal_value.csv"]
        if not self.heat_allocation.empty:
            self.heat_allocation.to_csv(out / "boiler_allocation.csv", index=False, float_format="%.6g")
            self.boiler_fuel_by_oblast().to_csv(out / "boiler_fuel_by_oblast.csv", float_format="%.6g")
            names += ["boiler_allocation.csv", "boiler_fuel_by_oblast.csv"]
        return names


def _unservable(problem):
    """Must-serve sites no set type can serve (none passes, or none adds water): the constraint is left out for
    them, and each says so in its ``why`` and in the totals (the exact program would only say infeasible)."""
    present = set(problem.site.tolist())
    lost = frozenset(i for i in problem.must if i not in present)
    return dataclasses.replace(problem, must=problem.must - lost), [problem.sites[i] for i in sorted(lost)]


def _why(row, pairs_of_site, unservable) -> Msg:
    if row["site"] in unservable:
        big = pairs_of_site.loc[pairs_of_site["kva"].idxmax()]
        return Msg(
            "port.must_unservable",
            "must be served, but no set type can: the largest ({kva:g} kVA) is short by {shortfall_kva:,.0f} kVA",
            kva=big["kva"],
            shortfall_kva=big["shortfall_kva"],
        )
    if row["set_type"]:
        if not row["passes"]:
            return Msg(
                "port.committed_fails",
                "committed {set_type}, which fails the check (short by {shortfall_kva:,.0f} kVA)",
                set_type=row["set_type"],
                shortfall_kva=row["shortfall_kva"],
            )
        return Msg(
            "port.assigned",
            "{set_type} passes; adds {people_hours_per_day:,.0f} people-hours of water a day, {per_eur:,.2f} per EUR",
            set_type=row["set_type"],
            people_hours_per_day=row["people_hours_per_day"],
            per_eur=row["people_hours"] / row["cost_eur"] if row["cost_eur"] > 0 else float("inf"),
        )
    if row["hours_without_h"] >= 24 - 1e-9:
        return Msg("port.full_day", "water all day without a new set")
    passing = pairs_of_site[pairs_of_site["passes"]]
    if passing.empty:
        big = pairs_of_site.loc[pairs_of_site["kva"].idxmax()]
        return Msg(
            "port.none_passes",
            "no set type passes: the largest ({kva:g} kVA) is short by {shortfall_kva:,.0f} kVA",
            kva=big["kva"],
            shortfall_kva=big["shortfall_kva"],
        )
    if (passing["people_hours_per_day"] <= 0).all():
        return Msg("port.no_gain", "a passing set adds no water (no fuel deliveries allowed)")
    smallest = passing.loc[passing["kva"].idxmin(), "set_type"]
    return Msg(
        "port.not_chosen",
        "{set_type} and larger would pass; the counts and budget serve more people-hours elsewhere",
        set_type=smallest,
    )


def _allocation_table(portfolio, pairs, cand, exact, greedy, unservable) -> pd.DataFrame:
    chosen = cand.iloc[exact.chosen].set_index("site")
    greedy_set = cand.iloc[greedy.chosen].set_index("site")["set_type"]
    rows = []
    by_site = dict(tuple(pairs.groupby("site", sort=False)))
    for s in portfolio.sites:
        name = s.row.name
        mine = by_site[name]
        base = {
            "site": name,
            "oblast": s.row.oblast,
            "community": s.row.community,
            "lat": s.row.lat,
            "lon": s.row.lon,
            "people": s.row.people,
        }
        if name in chosen.index:
            c = chosen.loc[name]
            days = float(c["days_counted"])
            row = base | {
                "set_type": c["set_type"],
                "kva": c["kva"],
                "passes": bool(c["passes"]),
                "shortfall_kva": c["shortfall_kva"],
                "hours_without_h": c["hours_without_h"],
                "hours_with_h": c["hours_with_h"],
                "people_hours_per_day": c["people_hours_per_day"],
                "people_hours": c["value_people_hours"],
                "days_counted": days,
                "fuel_l_per_day": c["fuel_l_per_day"] * c["fuel_share"],
                "deliveries_per_week": c["deliveries_per_week"] * c["fuel_share"],
                "fuel_cost_eur_per_day": c["fuel_cost_eur"] / days if days > 0 else 0.0,
                "cost_eur": c["cost_eur"],
            }
        else:
            row = base | {
                "set_type": "",
                "kva": np.nan,
                "passes": False,
                "shortfall_kva": np.nan,
                "hours_without_h": float(mine["hours_without_h"].iloc[0]),
                "hours_with_h": float(mine["hours_without_h"].iloc[0]),
                "people_hours_per_day": 0.0,
                "people_hours": 0.0,
                "days_counted": 0.0,
                "fuel_l_per_day": 0.0,
                "deliveries_per_week": 0.0,
                "fuel_cost_eur_per_day": 0.0,
                "cost_eur": 0.0,
            }
        row["greedy_set_type"] = greedy_set.get(name, "")
        row["why"] = _why(row, mine, set(unservable))
        rows.append(row)
    return pd.DataFrame(rows)


def run_portfolio(
    portfolio, *, budget_eur: float | None = None, workers: int | None = None, scheduler=None, marginal: bool = True
) -> PortfolioRun:
    """Evaluate, allocate (exact and greedy), explain; ``budget_eur`` replaces the file's budget."""
    t0 = time.perf_counter()
    pairs = evaluate(portfolio, workers=workers, scheduler=scheduler)
    heat_pairs = evaluate_heat(portfolio)
    t1 = time.perf_counter()
    problem, cand, heat_cand = problem_from(portfolio, pairs, budget_eur, heat_pairs)
    problem, unservable = _unservable(problem)
    exact = solve_exact(problem)
    if not exact.feasible:
        raise infeasible()
    greedy = solve_greedy(problem)
    t2 = time.perf_counter()
    extra = marginal_values(problem, exact) if marginal else pd.DataFrame()
    t3 = time.perf_counter()
    n_water = len(cand)
    water_chosen = exact.chosen[exact.chosen < n_water]
    heat_chosen = exact.chosen[exact.chosen >= n_water] - n_water
    water_exact = dataclasses.replace(exact, chosen=water_chosen)
    water_greedy = dataclasses.replace(greedy, chosen=greedy.chosen[greedy.chosen < n_water])
    allocation = _allocation_table(portfolio, pairs, cand, water_exact, water_greedy, unservable)
    greedy_heat = greedy.chosen[greedy.chosen >= n_water] - n_water
    heat_allocation = heat_allocation_table(portfolio, heat_pairs, heat_cand, heat_chosen, greedy_heat, unservable)
    totals = _totals(portfolio, problem, exact, greedy, allocation, heat_allocation, unservable)
    timings = {"evaluate_s": t1 - t0, "allocate_s": t2 - t1, "marginal_s": t3 - t2}
    return PortfolioRun(portfolio, pairs, cand, allocation, totals, extra, timings, heat_pairs, heat_cand, heat_allocation)


def _totals(portfolio, problem, exact, greedy, allocation, heat_allocation, unservable) -> dict:
    """The run's totals: water and heat parts, the objective (person-service-hours), the greedy baseline's."""
    served = allocation["set_type"] != ""
    warm = heat_allocation["boiler_type"] != "" if not heat_allocation.empty else pd.Series([], dtype=bool)
    water_ph = float(allocation["people_hours"].sum())
    return {
        "sites": len(portfolio.sites),
        "sites_served": int(served.sum()),
        "people_served": float(allocation.loc[served, "people"].sum()),
        "people_hours": water_ph,
        "people_hours_per_day": float(allocation["people_hours_per_day"].sum()),
        "heat_sites": len(portfolio.heat_sites),
        "heat_sites_served": int(warm.sum()),
        "boiler_units": int(heat_allocation["units"].sum()) if not heat_allocation.empty else 0,
        "people_warm_added": float(heat_allocation["people_warm_added"].sum()) if not heat_allocation.empty else 0.0,
        "heat_people_hours": float(heat_allocation["people_hours"].sum()) if not heat_allocation.empty else 0.0,
        "heat_weight": portfolio.spec.heat_weight,
        "objective": exact.value,
        "cost_eur": exact.cost,
        "budget_eur": problem.budget,
        "mip_gap": exact.gap,
        "greedy_people_hours": greedy.value,
        "greedy_cost_eur": greedy.cost,
        "greedy_feasible": greedy.feasible,
        "exact_minus_greedy_people_hours": exact.value - greedy.value,
        "must_serve_unservable": unservable,
    }


HEAT_ALLOCATION_EMPTY = {
    "boiler_type": "",
    "fuel": "",
    "units": 0,
    "output_kw": 0.0,
    "covered_kw": 0.0,
    "covers": False,
    "people_warm_added": 0.0,
    "people_hours_per_day": 0.0,
    "people_hours": 0.0,
    "days_counted": 0.0,
    "fuel_per_day": 0.0,
    "fuel_unit": "",
    "fuel_kwh_per_day": 0.0,
    "fuel_cost_eur_per_day": 0.0,
    "cost_eur": 0.0,
}


def heat_allocation_table(portfolio, heat_pairs, heat_cand, chosen, greedy_chosen, unservable) -> pd.DataFrame:
    """One row per heat site: the boilers the exact program gives it (type, units), what they cover, people kept
    warm, fuel, cost, the greedy baseline's choice and why (empty without heat sites)."""
    if not portfolio.heat_sites:
        return pd.DataFrame()
    picked = heat_cand.iloc[chosen].set_index("site")
    greedy = heat_cand.iloc[greedy_chosen].set_index("site")
    rows = []
    for s in portfolio.heat_sites:
        r = s.row
        base = {
            "site": r.name,
            "oblast": r.oblast,
            "community": r.community,
            "lat": r.lat,
            "lon": r.lon,
            "people_heated": r.people_heated,
            "design_heat_kw": r.design_kw,
            "existing_kw": r.existing_kw,
            "deficit_kw": s.deficit_kw,
        }
        if r.name in picked.index:
            c = picked.loc[r.name]
            row = base | {k: c[k] for k in HEAT_ALLOCATION_EMPTY if k not in ("people_hours",)}
            row["people_hours"] = float(c["people_hours_per_day"] * c["days_counted"])
        else:
            row = base | HEAT_ALLOCATION_EMPTY
        row["shortfall_kw"] = max(s.deficit_kw - row["output_kw"], 0.0)
        g = greedy.loc[r.name] if r.name in greedy.index else None
        row["greedy_boilers"] = f"{int(g['units'])} x {g['boiler_type']}" if g is not None else ""
        row["why"] = _heat_why(row, heat_pairs[heat_pairs["site"] == r.name], r.name in set(unservable))
        rows.append(row)
    return pd.DataFrame(rows)


def _heat_why(row, options, unservable: bool) -> Msg:
    if row["deficit_kw"] <= 0:
        return Msg("port.heat_no_deficit", "the plant left covers the design load")
    if unservable or options.empty:
        return Msg("port.heat_no_option", "no boiler in stock fits (a gas boiler needs the site's gas connection)")
    if row["boiler_type"]:
        return Msg(
            "port.heat_assigned",
            "{units} x {boiler_type} cover {covered_kw:,.0f} of {deficit_kw:,.0f} kW short; "
            "{people_warm_added:,.0f} more people warm",
            units=int(row["units"]),
            boiler_type=row["boiler_type"],
            covered_kw=round(float(row["covered_kw"])),
            deficit_kw=round(float(row["deficit_kw"])),
            people_warm_added=round(float(row["people_warm_added"])),
        )
    return Msg("port.heat_not_chosen", "boilers would fit; the counts and budget serve more elsewhere")


def summary_json(run: PortfolioRun) -> str:
    """The run's ``summary.json``: its totals (strict JSON), the scenario's name, the evaluation's timings."""
    doc = {"scenario": run.portfolio.scenario.name, "totals": run.totals, "timings_s": run.timings_s}
    return json.dumps(json_ready(doc), indent=2, ensure_ascii=False)


def export(run: PortfolioRun, out: Path, **options) -> list[str]:
    """``summary.json`` and the run's tables (:meth:`PortfolioRun.write`) into ``out``; the names written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(run.to_json(), encoding="utf-8")
    return ["summary.json", *run.write(out)]


__all__ = ["PortfolioRun", "export", "heat_allocation_table", "run_portfolio", "summary_json"]
