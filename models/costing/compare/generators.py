"""Generator sets for a pumping station (a ``[base] power`` comparison): water on the blackout timetable against cost.

Each set is checked against the site (running load with margin, worst motor start); a set that
fails cannot run the station and serves as "do nothing" does. Its cost (:func:`.costs.source_cost`):
investment (library diesel engine per kW of the set's rating, or an override; none for a set the
utility already owns, ``owned = true``), fixed and variable O&M on the generator's energy, diesel on
the timetable's generator hours, replacement and salvage; its levelised cost of electricity is
:func:`finance.levelised_cost_eur_per_mwh`. The diesel and the energy are the site run's own
(:meth:`teplovoda.models.power.scenario.PowerRun.fuel_for`, the computation ``teplovoda power size``
prints), so one set has one fuel figure. Served people are the daily mean of people-equivalent
served from the hourly simulation; the cost per person counts the people the set adds over doing
nothing.

"Do nothing" meets the requirement when the town keeps full water service all day without a set
(the clear-water tank carries the grid-off hours); it is then the answer, and a set that adds no
water says so. Every option that fails says why.
"""

from __future__ import annotations

import pandas as pd

from teplovoda.models.costing import library
from teplovoda.models.costing.compare.costs import (
    CaseCost,
    fuel_price_eur,
    source_cost,
    source_row,
    technology_cost,
)
from teplovoda.models.costing.compare.result import GeneratorComparison
from teplovoda.models.costing.finance import cost_per_person_year_eur, levelised_cost_eur_per_mwh, pareto_front, rank_options
from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg


def run(cmp, heat_run=None, site_run=None) -> GeneratorComparison:
    """Cost every ``[[generator_options]]`` set against doing nothing (see the module doc).

    ``heat_run`` and ``site_run`` are not used (the engines share one signature).
    """
    from teplovoda.models.power.scenario import load_scenario as load_power
    from teplovoda.models.power.scenario import run_scenario as run_power
    from teplovoda.models.power.site import StartStudy

    if "diesel" not in cmp.fuel_prices:
        no_diesel = Msg("cost.no_diesel_price", "a generator comparison burns diesel but no [fuel_prices.diesel] is given")
        raise InputError(within("[fuel_prices]", no_diesel), source=str(cmp.path))
    pscn = load_power(cmp.path.parent / cmp.base.power)
    prun = run_power(pscn)
    study = StartStudy(pscn.site, prun.running, pscn.aux_loads, generator=True, chp_kw=prun.chp_kw, assumptions=pscn.assumptions)
    rows = [_do_nothing_row(prun)]
    source_rows = []
    for g in cmp.generator_options:
        row, source = _option_row(cmp, pscn, prun, study, g)
        rows.append(row)
        source_rows.append(source)
    table = pd.DataFrame(rows).set_index("option")
    table["rank"] = rank_options(table)
    table["pareto_optimal"] = pareto_front(table, "npc_eur", GeneratorComparison.people_column) & table["feasible"]
    table.attrs["people_total"] = float(prun.hourly_without["people_equivalent_served"].max())
    return GeneratorComparison(cmp, prun, table, pd.DataFrame(source_rows))


#: Hours of full water service a day (per person on average) that count as a full day: what the tables show as 24.0.
FULL_DAY_H = 24.0 - 0.05


def _do_nothing_row(prun) -> dict:
    """The reference: no set; it meets the requirement only when the town keeps full water service all day."""
    hours = float(prun.service_without["hours_of_full_service_per_person"])
    full = hours >= FULL_DAY_H
    return {
        "option": "do nothing",
        "people_served": prun.service_without["people_served_daily_mean"],
        "people_added": 0.0,
        "hours_of_full_service_per_person": hours,
        "generator_kva": 0.0,
        **CaseCost().columns(),
        "lcoe_eur_per_mwh": float("nan"),
        "cost_per_person_year_eur": float("inf"),
        "co2_t_per_year": 0.0,
        "fuel_use": "",
        "fuel_logistics": "",
        "feasible": full,
        "why_not": ""
        if full
        else Msg(
            "generator.station_stops",
            "the station stops whenever the grid is off: {hours_h:.1f} h of full water service a day per person",
            hours_h=hours,
        ),
    }


def _why_not(runs: bool, added: float, check: dict) -> str:
    """Why a set fails: it cannot run the station, or it adds no water over doing nothing."""
    if not runs:
        return Msg(
            "generator.undersized",
            "undersized: short by {shortfall_kva:,.0f} kVA (needs {needed_kva:,.0f} kVA)",
            shortfall_kva=check["shortfall_kva"],
            needed_kva=check["needed_kva"],
        )
    if added <= 0:
        return Msg(
            "generator.adds_no_water", "adds no water over doing nothing: the station's tank already carries the grid-off hours"
        )
    return ""


def _option_row(cmp, pscn, prun, study, g) -> tuple[dict, dict]:
    """One generator set's row of the options table and its cost-source row."""
    from teplovoda.models.power.site import check_manual_choice

    e = cmp.economics
    tech = technology_cost(cmp, "diesel_generator")
    check = check_manual_choice(
        pscn.site, prun.running, pscn.aux_loads, g.kva, chp_kw=prun.chp_kw, assumptions=pscn.assumptions, study=study
    )
    runs = bool(check["passes"])
    fuel = prun.fuel_for(g.kva)
    rated_kw = fuel["generator_rated_kw"]
    energy_mwh = fuel["generator_energy_kwh_per_day"] * 365 / 1e3 if runs else 0.0
    litres_day = fuel["fuel_l_per_day"] if runs else 0.0
    cost = source_cost(
        tech,
        e,
        rated_kw=rated_kw,
        annual_mwh=energy_mwh,
        fuel_eur_per_year=litres_day * 365 * fuel_price_eur(cmp, "diesel", g.name),
        invested=not g.owned,
    )
    base_served = prun.service_without["people_served_daily_mean"]
    served = prun.service_with["people_served_daily_mean"] if runs else base_served
    added = served - base_served
    ef = float(library.emission_factors().at["diesel", "kg_co2_per_unit"])
    service = prun.service_with if runs else prun.service_without
    row = {
        "option": g.name,
        "people_served": served,
        "people_added": added,
        "hours_of_full_service_per_person": service["hours_of_full_service_per_person"],
        "generator_kva": g.kva,
        **cost.columns(),
        "lcoe_eur_per_mwh": levelised_cost_eur_per_mwh(
            cost.npc_eur, energy_mwh, horizon_years=e.horizon_years, discount_rate=e.discount_rate
        ),
        "cost_per_person_year_eur": cost_per_person_year_eur(
            cost.npc_eur, added, horizon_years=e.horizon_years, discount_rate=e.discount_rate
        ),
        "co2_t_per_year": litres_day * 365 * ef / 1e3,
        "fuel_use": Msg("fuel.use_diesel", "{litres_per_day:,.0f} L/day diesel", litres_per_day=litres_day) if runs else "",
        # the refill plan of ``power size`` (models/power/scenario.py refill_plan): the site's tank bounds each delivery
        "fuel_logistics": Msg(
            "fuel.tanker",
            "{per_week:.1f} tanker deliveries/week, every {days:.1f} days",
            per_week=fuel["deliveries_per_week"],
            days=fuel["refill_interval_days"],
        )
        if runs
        else "",
        "feasible": bool(runs and added > 0),
        "why_not": _why_not(runs, added, check),
    }
    item = f"diesel generator set {g.kva:,.0f} kVA ({rated_kw:,.0f} kW)" + (", owned: no investment" if g.owned else "")
    return row, source_row(g.name, item, tech, cost.capex_eur, e.price_year)
