"""Heat options costed against the people they keep warm (a ``[base] heat`` comparison).

* **Service** from the heat model (:mod:`teplovoda.models.heat.metrics`): people heated (>= 95 % of
  their heat), heat delivered at the scenario's outdoor temperature; annual heat = each building's
  delivered share x its design load x ``full_load_hours`` (the heating season in design-load hours:
  Kyiv's about 3,500 heating degree days at 18 °C x 24 h / 40 K is about 2,100 h).
* **Costs** per option, each source through :func:`.costs.source_cost`: investment in the sources it
  adds (library rows by kind, or overrides), its extra costs (``[[costs]]``), fixed O&M (a share of
  investment, for every source it runs), variable O&M and fuel for its annual production,
  replacement and salvage within the horizon, net present cost; the levelised cost of heat
  (:func:`finance.levelised_cost_eur_per_mwh` of the NPC less the present value of the CHP
  electricity at ``[fuel_prices.electricity]``) and the annualised cost per person heated.
* **CO2** per year from the fuels burned (library emission factors).
* **Fuel logistics**: deliveries a day at the scenario's conditions, deliveries per week by truck.
* **Hard constraints** (``[[constraints]]``: a building's minimum delivered share or supply
  temperature) and undersized options (a source at capacity while buildings in its island are
  underheated) make an option fail, with the reason.
* **Ranking** by cost per person heated per year among feasible options; the **Pareto front** of
  net present cost against people heated.
* **Over days**: with ``[recovery]`` in the base, the recovery engine's person-days without heat, days to
  the hospital's restoration, freeze-damaged buildings and cost per person-day restored, and the ranking on
  that cost (:mod:`.recovery`).

With ``[base] water_site`` the cases' CHP units may also run the town's water pumps:
:mod:`.cogeneration`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from teplovoda.models.costing import library
from teplovoda.models.costing.compare import cogeneration
from teplovoda.models.costing.compare import recovery as crecovery
from teplovoda.models.costing.compare.costs import (
    DELIVERY_SIZE,
    CaseCost,
    check_options_named,
    extra_costs,
    fuel_price_eur,
    source_cost,
    source_row,
    technology_cost,
)
from teplovoda.models.costing.compare.result import CogenerationComparison, HeatComparison
from teplovoda.models.costing.finance import (
    annuity_factor,
    cost_per_person_year_eur,
    levelised_cost_eur_per_mwh,
    pareto_front,
    rank_options,
)
from teplovoda.models.errors import InputError, within
from teplovoda.models.heat import metrics
from teplovoda.models.heat.sources import FUELS
from teplovoda.models.messages import Msg, joined


@dataclass
class Production:
    """What a case's running sources make and burn in a year, and what they cost."""

    cost: CaseCost = field(default_factory=CaseCost)
    co2_t_per_year: float = 0.0
    electricity_mwh_per_year: float = 0.0
    fuel_per_day: dict[str, float] = field(default_factory=dict)  # fuel -> units a day (daily mean)
    source_rows: list[dict] = field(default_factory=list)


def run(cmp, heat_run=None, site_run=None) -> HeatComparison | CogenerationComparison:
    """Cost every case of a heat base (see the module doc); with ``water_site``, the cogeneration comparison."""
    from teplovoda.models.heat.scenario import load_scenario as load_heat_scenario
    from teplovoda.models.heat.scenario import run_scenario as run_heat_scenario

    src = str(cmp.path)
    heat_scn = load_heat_scenario(cmp.path.parent / cmp.base.heat)
    run_ = heat_run or run_heat_scenario(heat_scn)
    option_names = [o.name for o in heat_scn.options]
    check_options_named(cmp, option_names, cmp.base.heat)
    for i, c in enumerate(cmp.constraints):
        if c.consumer not in run_.results["intact"].consumers.index:
            unknown = Msg("cost.unknown_building", "unknown building {name}", name=repr(c.consumer))
            raise InputError(within(f"[[constraints]] #{i + 1} -> consumer", unknown), source=src)
    if not option_names:
        no_options = Msg("cost.no_options", "{file} has no [[options]] to compare", file=str(cmp.base.heat))
        raise InputError(within("[base] -> heat", no_options), source=src)
    cases = ["damaged", *option_names]
    site_run, station = cogeneration.station_supply(cmp, run_, cases, site_run) if cmp.base.water_site else (None, {})
    lib, ef = library.technology_costs(), library.emission_factors()
    rows, source_rows = [], []
    for case in cases:
        # daily mean output over the snapshot's, per source (the water site's timetable; 1 without one)
        output_factor = station[case].output_factor if case in station else {}
        row, case_sources = _case_row(cmp, run_, case, output_factor, lib, ef)
        rows.append(row)
        source_rows.extend(case_sources)
    table = pd.DataFrame(rows).set_index("option")
    kind = HeatComparison
    if site_run is not None:
        cogeneration.add_water_columns(cmp, table, site_run, station)
        kind = CogenerationComparison
    table["rank"] = rank_options(table)
    table["pareto_optimal"] = pareto_front(table, "npc_eur", kind.people_column) & table["feasible"]
    rec = crecovery.heat_recovery(heat_scn)
    if rec is not None:  # [recovery] in the base: the figures over days, and the ranking on cost per person-day
        over = crecovery.with_heat_recovery(table, rec)
    else:
        over = None
    return kind(cmp, run_, table, pd.DataFrame(source_rows), site_run, recovery=rec, over_days=over)


def _case_row(cmp, run_, case: str, output_factor: dict, lib: pd.DataFrame, ef: pd.DataFrame) -> tuple[dict, list[dict]]:
    """One case's row of the options table and its cost-source rows."""
    e = cmp.economics
    res = run_.results[case]
    annual_heat_mwh = metrics.annual_heat_mwh(res.consumers, e.full_load_hours)
    snapshot_delivered = metrics.heat_delivered_kw(res.consumers)
    scale = annual_heat_mwh * 1e3 / snapshot_delivered if snapshot_delivered > 0 else 0.0  # hours at snapshot output
    made = _production(cmp, run_, case, output_factor, scale, lib, ef)
    extra, extra_rows = extra_costs(cmp, case)
    cost = made.cost + extra
    af = annuity_factor(e.discount_rate, e.horizon_years)
    credit_pv = 0.0  # the CHP electricity sold, present value
    if made.electricity_mwh_per_year > 0 and "electricity" in cmp.fuel_prices:
        credit_pv = made.electricity_mwh_per_year * 1e3 * fuel_price_eur(cmp, "electricity", case) * af
    people = metrics.people_by_service(res.consumers)
    heated = people["people_heated"]
    fails = failures(cmp, res)
    fuel_day = made.fuel_per_day
    row = {
        "option": "do nothing" if case == "damaged" else case,
        "people_heated": heated,
        "people_without_heat": people["people_without_heat"],
        "people_underheated": people["people_underheated"],
        "heat_delivered_kw": snapshot_delivered,
        "annual_heat_mwh": annual_heat_mwh,
        **cost.columns(),
        "lcoh_eur_per_mwh": levelised_cost_eur_per_mwh(
            cost.npc_eur - credit_pv, annual_heat_mwh, horizon_years=e.horizon_years, discount_rate=e.discount_rate
        ),
        "electricity_mwh_per_year": made.electricity_mwh_per_year,
        "cost_per_person_year_eur": cost_per_person_year_eur(
            cost.npc_eur, heated, horizon_years=e.horizon_years, discount_rate=e.discount_rate
        ),
        "co2_t_per_year": made.co2_t_per_year,
        "fuel_use": joined(
            Msg("fuel.use", "{amount_per_day:,.1f} {unit}/day {fuel}", amount_per_day=v, unit=FUELS[f].unit, fuel=f)
            for f, v in fuel_day.items()
        ),
        "fuel_logistics": joined(
            Msg("fuel.trucks", "{per_week:.1f} trucks/week of {fuel}", per_week=7 * v / DELIVERY_SIZE[f], fuel=f)
            for f, v in fuel_day.items()
            if f in DELIVERY_SIZE
        ),
        "hours_to_12c_first_building_h": metrics.first_building_below_h(res.consumers, "hours_to_12c_h"),
        "feasible": not fails and heated > 0,
        "why_not": joined(fails) if fails else (Msg("heat.nobody_heated", "nobody heated") if heated <= 0 else ""),
        "converged": bool(res.converged),
    }
    return row, made.source_rows + extra_rows


def _production(cmp, run_, case: str, output_factor: dict, scale: float, lib: pd.DataFrame, ef: pd.DataFrame) -> Production:
    """Every running source of a case costed (:func:`.costs.source_cost`), with its fuel, CO2 and electricity.

    A source's annual output is its snapshot heat x its daily-mean factor x ``scale`` (the hours at
    snapshot output that give the case's annual heat); CHP units are priced per kW of electricity.
    """
    e = cmp.economics
    res = run_.results[case]
    placed = run_.nets[case]["heat_source"].set_index("name")
    added = placed["added_by"].reindex(res.sources.index).fillna("")
    out = Production()
    for name, s in res.sources[metrics.running(res.sources)].iterrows():
        tech = technology_cost(cmp, s["kind"], lib)
        f_out = output_factor.get(name, 1.0)
        annual_mwh = s["heat_kw"] * f_out * scale / 1e3
        eta = float(placed.at[name, "efficiency"])
        rated_kw = s["capacity_kw"]
        if tech.per_kw_electric:
            rated_kw = s["capacity_kw"] / eta * float(placed.at[name, "electric_efficiency"]) if eta > 0 else s["capacity_kw"]
        fuel = s["fuel"]
        units_per_year = float(s["fuel_per_day"]) / 24.0 / max(s["heat_kw"], 1e-9) * annual_mwh * 1e3
        out.fuel_per_day[fuel] = out.fuel_per_day.get(fuel, 0.0) + float(s["fuel_per_day"]) * f_out
        invested = added[name] == case  # a source this option brings: its investment counts
        cost = source_cost(
            tech,
            e,
            rated_kw=rated_kw,
            annual_mwh=annual_mwh,
            fuel_eur_per_year=units_per_year * fuel_price_eur(cmp, fuel, case),
            invested=invested,
        )
        out.cost = out.cost + cost
        if invested:
            item = f"{name}: {s['kind']} {s['capacity_kw']:,.0f} kW"
            out.source_rows.append(source_row(case, item, tech, cost.capex_eur, e.price_year))
        out.co2_t_per_year += units_per_year * float(ef.at[fuel, "kg_co2_per_unit"]) / 1e3 if fuel in ef.index else 0.0
        out.electricity_mwh_per_year += max(float(s["electricity_kw"]), 0.0) * f_out * scale / 1e3
    return out


def failures(cmp, res) -> list[str]:
    """Why a case fails: its ``[[constraints]]`` not met, or a source at capacity while its island is underheated."""
    out = []
    cons = res.consumers
    for c in cmp.constraints:
        row = cons.loc[c.consumer]
        if c.min_delivered_fraction is not None and not (row["delivered_fraction"] >= c.min_delivered_fraction):
            out.append(
                Msg(
                    "heat.delivered_short",
                    "{consumer} gets {delivered_pct:.0f}% of its heat (needs {needed_pct:.0f}%)",
                    consumer=c.consumer,
                    delivered_pct=100 * row["delivered_fraction"],
                    needed_pct=100 * c.min_delivered_fraction,
                )
            )
        if c.min_supply_temp_c is not None and not (row["supply_temp_c"] >= c.min_supply_temp_c):
            t = row["supply_temp_c"]
            if math.isnan(t):
                text = "{consumer} supply none (needs {needed_c:g} °C)"
                out.append(Msg("heat.supply_none", text, consumer=c.consumer, needed_c=c.min_supply_temp_c))
            else:
                text = "{consumer} supply {supply_c:.0f} °C (needs {needed_c:g} °C)"
                out.append(Msg("heat.supply_low", text, consumer=c.consumer, supply_c=t, needed_c=c.min_supply_temp_c))
    s = res.sources
    short = s[(s["role"] != "off") & s["at_capacity"]]
    for name, row in short.iterrows():
        isl = cons[cons["island"] == row["island"]]
        under = isl[(isl["delivered_fraction"] < metrics.HEATED_FRACTION) & (isl["demand_kw"] > 0)]
        if len(under):
            out.append(
                Msg(
                    "heat.undersized",
                    "undersized: {source} at capacity while {people:,} people in its island are underheated",
                    source=name,
                    people=int(under["people"].sum()),
                )
            )
            break
    return out
