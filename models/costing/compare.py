"""Compare recovery options in the terms programme staff decide in: people served, cost per person, CO2.

A comparison scenario (``kind = "compare"``) names a base heat scenario; every option of that
scenario and "do nothing" (the damaged case) is costed over the horizon:

* **Service** from the heat model: people heated (>= 95 % of their heat), heat delivered at the
  scenario's outdoor temperature; annual heat = each building's delivered share x its design load
  x ``full_load_hours`` (the heating season in design-load hours: Kyiv's about 3,500 heating degree
  days at 18 °C x 24 h / 40 K is about 2,100 h).
* **Costs** per option: investment in the sources it adds (library rows by kind, or overrides),
  its extra costs (``[[costs]]``: repairs, pipework, with their own source), fixed O&M (a share of
  investment, for every source it runs), variable O&M and fuel for its annual production,
  replacement and salvage within the horizon, net present cost, levelised cost of heat (CHP
  electricity credited at the electricity price), annualised cost per person heated.
* **CO2** per year from the fuels burned (library emission factors).
* **Fuel logistics**: deliveries a day at the scenario's conditions, deliveries per week by truck.
* **Hard constraints** (``[[constraints]]``: a building's minimum delivered share or supply
  temperature) and undersized options (a source at capacity while buildings in its island are
  underheated) make an option fail, with the reason.
* **Ranking** by cost per person heated per year among feasible options; the **Pareto front** of
  net present cost against people heated.

**Cogeneration: heat and the town's water** (``[base] heat = "...", water_site = "power_....toml"``).
The heat base's town also depends on a water pumping station (a site-power scenario: its motors,
its network and the blackout timetable). In every case (do nothing and each heat option) the
electricity of the case's CHP units (the sum of ``electricity_kw`` of its CHP sources in the heat
result, ``heat x electric_efficiency / efficiency``) is offered to the station:

* **The station runs through blackouts** when the CHP units can carry it as an island: their
  alternators, at that electrical output, are checked as the island's generator with the same rule
  as a diesel set (:func:`teplovoda.models.power.site.check_manual_choice`: kVA = kW / the assumed power
  factor 0.8, derated for altitude and heat, the running load within the load margin, the worst
  motor start within the voltage-dip limit). Then the station pumps all day; otherwise it pumps
  only while the grid is on. Water service comes from the site scenario's hourly blackout
  simulation (:mod:`teplovoda.models.power.blackout`) in that state: **people with water** is the daily mean
  of people-equivalent served, with the **hours of full water service per person** a day.
* **CHP turn-down in grid-off hours**: without the grid the units can only make the electricity
  their island takes (the station's running load when they carry it, nothing otherwise), so their
  heat falls by the same share; the option's other sources in the same heat island must have that
  much spare capacity, or the option fails (its buildings would go underheated every blackout).
  The heat result is the grid-on operating point; the annual energy, fuel, CO2 and electricity of
  each source use its daily mean output on the timetable (the CHP units' turned down in grid-off
  hours, the other sources' raised by the share of the heat they make up, in proportion to their
  spare capacity). The island is the station alone: the heat network's own circulation pumps and
  the plant's auxiliaries are not on it.
* The net present cost is what the option costs; the electricity the CHP units sell is credited,
  as in every heat comparison, only in the levelised cost of heat (at ``[fuel_prices.electricity]``).
* **People served** for the cost per person and the Pareto front are **person-services added**:
  people heated plus people with water, each counted over doing nothing. The same town's
  residents need both services, so restoring heat to a person and water to the same person are
  two services; the sum counts each person once per service restored (never more people than
  live there per service) and gives the CHP credit for the water it keeps flowing, which the
  larger of the two counts (``max``) would hide whenever heat reaches everyone anyway. People
  heated and people with water are reported beside it.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from teplovoda.models.costing import library
from teplovoda.models.costing.finance import (
    CostInputs,
    annuity_factor,
    cost_per_person_year_eur,
    net_present_cost,
    pareto_front,
    rank_options,
)
from teplovoda.models.costing.library import PRICE_YEAR_MAX, PRICE_YEAR_MIN
from teplovoda.models.errors import InputError
from teplovoda.models.files import require_file
from teplovoda.models.heat.scenario import load_scenario as load_heat_scenario
from teplovoda.models.heat.scenario import run_scenario as run_heat_scenario
from teplovoda.models.heat.sources import FUELS
from teplovoda.models.scenario import ScenarioInfo, array_of_tables, bounded, build, cases_taken, read_scenario, unique

logger = logging.getLogger(__name__)

#: Truck payloads for delivery counts, per fuel unit (wood chips: a 90 m3 walking-floor trailer at
#: about 0.25 t/m3; diesel: a 10 m3 tanker). Pipeline and grid fuels need no trucks.
DELIVERY_SIZE = {"wood_chips": 20.0, "agricultural_residue": 15.0, "diesel": 10000.0}


@dataclass(frozen=True)
class BaseSpec:
    """The model scenario whose options are compared: a heat, site-power or water scenario.

    ``water_site`` (with ``heat`` only) names the site-power scenario of the town's water pumping
    station that the heat options' CHP units can feed (see the module doc).
    """

    heat: str | None = None
    power: str | None = None
    water: str | None = None
    water_site: str | None = None

    def __post_init__(self):
        if sum(x is not None for x in (self.heat, self.power, self.water)) != 1:
            raise InputError("give exactly one of heat, power (a site-power scenario) and water")
        if self.water_site is not None and self.heat is None:
            raise InputError("water_site (a site-power scenario) goes with a heat base only")

    @property
    def file(self) -> str:
        return self.heat or self.power or self.water


@dataclass(frozen=True)
class GeneratorOption:
    """A generator set to cost for a site-power base (``[[generator_options]]``)."""

    name: str
    kva: float = bounded(gt=0, le=1e6, unit="kVA")

    def __post_init__(self):
        if not self.kva > 0:
            raise InputError(f"kva must be > 0, got {self.kva!r}")


@dataclass(frozen=True)
class Price:
    price: float = bounded(ge=0)  # free fuel (waste heat, donated wood) is 0; a negative price is a typo
    unit: str
    currency: str
    source: str
    price_year: int | None = bounded(None, ge=PRICE_YEAR_MIN, le=PRICE_YEAR_MAX)


@dataclass(frozen=True)
class ExtraCost:
    option: str
    item: str
    capex: float = bounded(ge=0)
    currency: str
    source: str
    lifetime_years: float = bounded(20.0, gt=0, le=200, unit="years")
    price_year: int | None = bounded(None, ge=PRICE_YEAR_MIN, le=PRICE_YEAR_MAX)
    fixed_om_per_year: float = bounded(0.0, ge=0)


@dataclass(frozen=True)
class TechnologyOverride:
    investment_per_kw: float = bounded(ge=0)
    currency: str
    source: str
    price_year: int | None = bounded(None, ge=PRICE_YEAR_MIN, le=PRICE_YEAR_MAX)
    lifetime_years: float | None = bounded(None, gt=0, le=200, unit="years")
    fixed_om_pct_per_year: float | None = bounded(None, ge=0, le=100, unit="%")


@dataclass(frozen=True)
class Constraint:
    consumer: str
    min_delivered_fraction: float | None = bounded(None, ge=0, le=1)
    min_supply_temp_c: float | None = bounded(None, ge=0, le=200, unit="°C")


@dataclass(frozen=True)
class CompareScenario:
    path: Path
    scenario: ScenarioInfo
    base: BaseSpec
    economics: library.Economics
    fuel_prices: dict[str, Price] = field(default_factory=dict)
    costs: tuple[ExtraCost, ...] = ()
    technology_overrides: dict[str, TechnologyOverride] = field(default_factory=dict)
    constraints: tuple[Constraint, ...] = ()
    generator_options: tuple[GeneratorOption, ...] = ()


SECTIONS = {"base", "economics", "fuel_prices", "costs", "technology_overrides", "constraints", "generator_options"}


def load_scenario(path: str | Path) -> CompareScenario:
    """Load and validate a comparison scenario (one line per problem, naming file and key)."""
    path = Path(path)
    data, src, info = read_scenario(path, "compare", SECTIONS, ("base", "economics"))
    base = build(BaseSpec, data["base"], "[base]", src)
    key = "heat" if base.heat else "power" if base.power else "water"
    require_file(path.parent / base.file, f"[base] -> {key}: file {base.file!r}", source=src)
    if base.water_site is not None:
        from teplovoda.models.power.scenario import load_scenario as load_power

        require_file(path.parent / base.water_site, f"[base] -> water_site: file {base.water_site!r}", source=src)
        if load_power(path.parent / base.water_site).chp:  # a bad site file stops here, naming its own key
            raise InputError(
                f"[base] -> water_site: {base.water_site} has [[chp]] units of its own; the comparison feeds the station "
                "from each heat option's CHP units (remove them)",
                source=src,
            )
    econ = build(library.Economics, data["economics"], "[economics]", src)
    prices = {k: build(Price, v, f"[fuel_prices.{k}]", src) for k, v in data.get("fuel_prices", {}).items()}
    for fuel, p in prices.items():
        if fuel not in FUELS:
            raise InputError(f"[fuel_prices.{fuel}]: unknown fuel (one of: {', '.join(FUELS)})", source=src)
        if p.unit != FUELS[fuel].unit:
            raise InputError(f"[fuel_prices.{fuel}] -> unit: expected {FUELS[fuel].unit!r}, got {p.unit!r}", source=src)
        _eur(econ, p.price, p.currency, p.price_year, f"[fuel_prices.{fuel}]", src)
    # the library's default for every fuel the scenario does not price itself
    for fuel, row in library.fuel_prices().iterrows():
        if fuel not in prices:
            prices[fuel] = Price(
                float(row["price"]),
                str(row["unit"]),
                str(row["currency"]),
                f"library default: {row['source']}",
                int(row["price_year"]),
            )
    costs = tuple(build(ExtraCost, c, f"[[costs]] #{i + 1}", src) for i, c in enumerate(array_of_tables(data, "costs", src)))
    for i, c in enumerate(costs):
        _eur(econ, c.capex, c.currency, c.price_year, f"[[costs]] #{i + 1}", src)
    known = set(library.technology_costs().index)
    overrides = {}
    for name, table in data.get("technology_overrides", {}).items():
        if name not in known:
            raise InputError(
                f"[technology_overrides.{name}]: unknown technology (library: {', '.join(sorted(known))})", source=src
            )
        overrides[name] = build(TechnologyOverride, table, f"[technology_overrides.{name}]", src)
        _eur(
            econ,
            overrides[name].investment_per_kw,
            overrides[name].currency,
            overrides[name].price_year,
            f"[technology_overrides.{name}]",
            src,
        )
    constraints = tuple(
        build(Constraint, c, f"[[constraints]] #{i + 1}", src) for i, c in enumerate(array_of_tables(data, "constraints", src))
    )
    gens = tuple(
        build(GeneratorOption, g, f"[[generator_options]] #{i + 1}", src)
        for i, g in enumerate(array_of_tables(data, "generator_options", src))
    )
    unique(gens, "[[generator_options]]", src, taken=cases_taken("do nothing"))
    if base.power and not gens:
        raise InputError("[[generator_options]]: a site-power comparison needs at least one generator option", source=src)
    return CompareScenario(path, info, base, econ, prices, costs, overrides, constraints, gens)


def _eur(econ, value, currency, year, where, src) -> float:
    try:
        return econ.to_eur(value, currency, year, where)
    except InputError as exc:
        raise InputError(exc.detail, source=src) from None


@dataclass
class Comparison:
    scenario: CompareScenario
    heat_run: object  # the base model's run: HeatRun, PowerRun or WaterRun
    options: pd.DataFrame  # one row per case, metric_unit columns
    sources: pd.DataFrame  # where every cost figure came from
    site_run: object = None  # the water site's PowerRun (heat base with water_site)

    @property
    def benefit(self) -> str:
        """The column the cost per person is divided by (people heated, people added, or person-services added)."""
        t = self.options
        for column in ("person_services_added", "people_heated", "people_added"):
            if column in t:
                return column
        return "people_served"


def _tech(cmp: CompareScenario, kind: str, lib: pd.DataFrame) -> dict:
    name, why = library.KIND_TECHNOLOGY[kind]
    row = lib.loc[name]
    e = cmp.economics
    if name in cmp.technology_overrides:
        o = cmp.technology_overrides[name]
        return {
            "technology": name,
            "investment_eur_per_kw": e.to_eur(o.investment_per_kw, o.currency, o.price_year, name),
            "lifetime_years": o.lifetime_years or float(row["lifetime_years"]),
            "fixed_om_pct_per_year": o.fixed_om_pct_per_year
            if o.fixed_om_pct_per_year is not None
            else float(row["fixed_om_pct_per_year"]),
            "variable_om_eur_per_mwh": e.to_eur(float(row["variable_om_per_mwh"]), "EUR", row["currency_year"], name),
            "source": f"{o.source} (scenario override)",
            "per_kw_electric": name in library.PER_KW_ELECTRIC,
        }
    return {
        "technology": name,
        "investment_eur_per_kw": e.to_eur(float(row["investment_per_kw"]), "EUR", row["currency_year"], name),
        "lifetime_years": float(row["lifetime_years"]),
        "fixed_om_pct_per_year": float(row["fixed_om_pct_per_year"]),
        "variable_om_eur_per_mwh": e.to_eur(float(row["variable_om_per_mwh"]), "EUR", row["currency_year"], name),
        "source": f"{row['source']}; for {kind}: {why}",
        "per_kw_electric": name in library.PER_KW_ELECTRIC,
    }


def run_comparison(cmp: CompareScenario, heat_run=None, site_run=None) -> Comparison:
    """Cost every case of the base scenario (see module doc).

    Parameters
    ----------
    cmp : CompareScenario
    heat_run : HeatRun, optional
        The heat base already solved (reused instead of solving it again).
    site_run : PowerRun, optional
        The water site (``[base] water_site``) already run.
    """
    if cmp.base.power:
        return _run_generator_comparison(cmp)
    if cmp.base.water:
        return _run_water_comparison(cmp)
    src = str(cmp.path)
    heat_scn = load_heat_scenario(cmp.path.parent / cmp.base.heat)
    run = heat_run or run_heat_scenario(heat_scn)
    e = cmp.economics
    lib = library.technology_costs()
    ef = library.emission_factors()
    option_names = [o.name for o in heat_scn.options]
    for i, c in enumerate(cmp.costs):
        if c.option not in option_names:
            raise InputError(
                f"[[costs]] #{i + 1} -> option: no option {c.option!r} in {cmp.base.heat} (options: {', '.join(option_names)})",
                source=src,
            )
    for i, c in enumerate(cmp.constraints):
        if c.consumer not in run.results["intact"].consumers.index:
            raise InputError(f"[[constraints]] #{i + 1} -> consumer: unknown building {c.consumer!r}", source=src)
    if not option_names:
        raise InputError(f"[base] -> heat: {cmp.base.heat} has no [[options]] to compare", source=src)
    cases = ["damaged", *option_names]
    site_run, station = _station_supply(cmp, run, cases, site_run) if cmp.base.water_site else (None, {})
    rows, source_rows = [], []
    af = annuity_factor(e.discount_rate, e.horizon_years)
    for case in cases:
        # daily mean output over the snapshot's, per source (the water site's timetable; 1 without one)
        output_factor = station[case].output_factor if case in station else {}
        res = run.results[case]
        cons = res.consumers
        annual_heat_mwh = float((cons["delivered_fraction"].clip(0, 1) * cons["design_heat_kw"]).sum() * e.full_load_hours / 1e3)
        snapshot_delivered = float(res.totals["delivered_kw"])
        scale = annual_heat_mwh * 1e3 / snapshot_delivered if snapshot_delivered > 0 else 0.0  # hours at snapshot output
        capex = om_fixed = om_var = fuel_cost = co2 = elec_mwh = 0.0
        repl_salvage = 0.0
        fuel_day: dict[str, float] = {}
        src_tab = res.sources
        added = run.nets[case]["heat_source"].set_index("name")["added_by"].reindex(src_tab.index).fillna("")
        for name, s in src_tab.iterrows():
            if s["role"] == "off" or not (s["heat_kw"] > 0):
                continue
            t = _tech(cmp, s["kind"], lib)
            f_out = output_factor.get(name, 1.0)
            annual_mwh = s["heat_kw"] * f_out * scale / 1e3
            eta = float(run.nets[case]["heat_source"].set_index("name").at[name, "efficiency"])
            kw_basis = s["capacity_kw"]
            if t["per_kw_electric"]:
                e_eff = float(run.nets[case]["heat_source"].set_index("name").at[name, "electric_efficiency"])
                kw_basis = s["capacity_kw"] / eta * e_eff if eta > 0 else s["capacity_kw"]
            invest = t["investment_eur_per_kw"] * kw_basis
            om_fixed += invest * t["fixed_om_pct_per_year"] / 100
            om_var += t["variable_om_eur_per_mwh"] * annual_mwh
            if added[name] == case:  # a source this option brings: its investment counts
                parts = net_present_cost(
                    CostInputs(capex_eur=invest, lifetime_years=t["lifetime_years"]),
                    horizon_years=e.horizon_years,
                    discount_rate=e.discount_rate,
                )
                capex += invest
                repl_salvage += parts["replacement_eur"] + parts["salvage_eur"]
                source_rows.append(
                    {
                        "case": case,
                        "item": f"{name}: {s['kind']} {s['capacity_kw']:,.0f} kW",
                        "figure": f"{t['investment_eur_per_kw']:,.0f} EUR/kW ({t['technology']})",
                        "value_eur": invest,
                        "price_year": e.price_year,
                        "source": t["source"],
                    }
                )
            fuel = s["fuel"]
            units_per_year = (
                float(s["fuel_per_day"]) / 24.0 / max(s["heat_kw"], 1e-9) * annual_mwh * 1e3 if s["heat_kw"] > 0 else 0.0
            )
            fuel_day[fuel] = fuel_day.get(fuel, 0.0) + float(s["fuel_per_day"]) * f_out
            if fuel not in cmp.fuel_prices:
                raise InputError(f"[fuel_prices]: {case} burns {fuel} but no [fuel_prices.{fuel}] is given", source=src)
            p = cmp.fuel_prices[fuel]
            price = e.to_eur(p.price, p.currency, p.price_year, f"[fuel_prices.{fuel}]")
            fuel_cost += units_per_year * price
            co2 += units_per_year * float(ef.at[fuel, "kg_co2_per_unit"]) / 1e3 if fuel in ef.index else 0.0
            elec_mwh += max(float(s["electricity_kw"]), 0.0) * f_out * scale / 1e3
        extra_capex, extra_om, extra_repl, extra_rows = _extra_costs(cmp, case)
        capex += extra_capex
        om_fixed += extra_om
        repl_salvage += extra_repl
        source_rows.extend(extra_rows)
        npc = capex + repl_salvage + (om_fixed + om_var + fuel_cost) * af
        elec_credit = 0.0
        if elec_mwh > 0 and "electricity" in cmp.fuel_prices:
            p = cmp.fuel_prices["electricity"]
            elec_credit = elec_mwh * 1e3 * e.to_eur(p.price, p.currency, p.price_year, "[fuel_prices.electricity]")
        heated = float(res.totals["people_heated"])
        fails = _failures(cmp, res)
        rows.append(
            {
                "option": "do nothing" if case == "damaged" else case,
                "people_heated": heated,
                "people_without_heat": float(res.totals["people_without_heat"]),
                "people_underheated": float(res.totals["people_underheated"]),
                "heat_delivered_kw": snapshot_delivered,
                "annual_heat_mwh": annual_heat_mwh,
                "capex_eur": capex,
                "fixed_om_eur_per_year": om_fixed,
                "variable_om_eur_per_year": om_var,
                "fuel_eur_per_year": fuel_cost,
                "replacement_and_salvage_eur": repl_salvage,
                "npc_eur": npc,
                "lcoh_eur_per_mwh": (npc - elec_credit * af) / (annual_heat_mwh * af) if annual_heat_mwh > 0 else float("nan"),
                "electricity_mwh_per_year": elec_mwh,
                "cost_per_person_year_eur": cost_per_person_year_eur(
                    npc, heated, horizon_years=e.horizon_years, discount_rate=e.discount_rate
                ),
                "co2_t_per_year": co2,
                "fuel_use": "; ".join(f"{v:,.1f} {FUELS[f].unit}/day {f.replace('_', ' ')}" for f, v in fuel_day.items()),
                "fuel_logistics": "; ".join(
                    f"{7 * v / DELIVERY_SIZE[f]:.1f} trucks/week of {f.replace('_', ' ')}"
                    for f, v in fuel_day.items()
                    if f in DELIVERY_SIZE
                ),
                "hours_to_12c_first_building_h": float(res.totals["min_hours_to_12c_h"]),
                "feasible": not fails and heated > 0,
                "why_not": "; ".join(fails) if fails else ("nobody heated" if heated <= 0 else ""),
                "converged": bool(res.converged),
            }
        )
    table = pd.DataFrame(rows).set_index("option")
    benefit = "people_heated"
    if site_run is not None:
        _add_water_columns(cmp, table, site_run, station)
        benefit = "person_services_added"
    table["rank"] = rank_options(table)
    table["pareto_optimal"] = pareto_front(table, "npc_eur", benefit) & table["feasible"]
    return Comparison(cmp, run, table, pd.DataFrame(source_rows), site_run)


#: Heat-source kinds that make electricity.
CHP_KINDS = ("chp_gas_engine", "chp_biomass")


@dataclass
class StationSupply:
    """How one case's CHP units serve the water pumping station (see the module doc)."""

    chp_heat_kw: float
    chp_electric_kw: float
    on_chp: bool
    supply: str  # why the station runs through blackouts, or not
    heat_lost_grid_off_kw: float  # CHP heat the other sources make up in grid-off hours
    failures: list[str]
    output_factor: dict[str, float]  # source -> daily mean output / grid-on output


def _station_supply(cmp: CompareScenario, run, cases: list[str], site=None):
    """The water site's run and, per case, whether its CHP units carry the station and what that does to the heat.

    In grid-off hours the CHP units make only the electricity their island takes (the station's
    running load when they carry it, else none) and lose heat in that proportion; the other sources
    in the same heat island make it up in proportion to their spare capacity. ``output_factor`` is
    each source's daily mean output over its grid-on output on the site's timetable, used for the
    annual energy, fuel, CO2 and electricity.
    """
    from teplovoda.models.power.scenario import load_scenario as load_power
    from teplovoda.models.power.scenario import run_scenario as run_power
    from teplovoda.models.power.site import StartStudy, check_manual_choice

    pscn = load_power(cmp.path.parent / cmp.base.water_site)  # checked by load_scenario: no [[chp]] of its own
    site = site if site is not None else run_power(pscn)
    study = StartStudy(pscn.site, site.running, pscn.aux_loads, generator=True, assumptions=pscn.assumptions)
    station_kw = float(site.running["running_kw"].sum()) + sum(a.power_kw for a in pscn.aux_loads)
    off_share = float((~pscn.timetable).sum()) / len(pscn.timetable)
    pf = pscn.assumptions.power_factor
    checks: dict[float, dict] = {}
    states = {}
    for case in cases:
        s = run.results[case].sources
        on = (s["role"] != "off") & (s["heat_kw"].fillna(0.0) > 0)
        chp = s[on & s["kind"].isin(CHP_KINDS)]
        chp_heat = float(chp["heat_kw"].sum())
        chp_kw = float(chp["electricity_kw"].clip(lower=0.0).sum())
        on_chp = False
        if chp_kw > 0:
            key = round(chp_kw, 3)
            if key not in checks:
                checks[key] = check_manual_choice(
                    pscn.site, site.running, pscn.aux_loads, chp_kw / pf, assumptions=pscn.assumptions, study=study
                )
            check = checks[key]
            on_chp = bool(check["passes"])
            supply = (
                f"CHP {chp_kw:,.0f} kW ({chp_kw / pf:,.0f} kVA) carries the station's {station_kw:,.0f} kW through blackouts"
                if on_chp
                else f"CHP {chp_kw:,.0f} kW ({chp_kw / pf:,.0f} kVA) cannot carry the station: short by "
                f"{check['shortfall_kva']:,.0f} kVA (needs {check['needed_kva']:,.0f} kVA); pumps only while the grid is on"
            )
        else:
            supply = "no CHP: pumps only while the grid is on"
        kept = min(station_kw / chp_kw, 1.0) if on_chp else 0.0  # share of CHP output kept in grid-off hours
        factor = {name: 1.0 for name in s.index}
        lost_total, failures = 0.0, []
        if off_share > 0 and chp_kw > 0:
            for isl, units in chp.groupby("island"):
                lost = float(units["heat_kw"].sum()) * (1.0 - kept)
                others = s[on & ~s.index.isin(chp.index) & (s["island"] == isl)]
                spare = (others["capacity_kw"] - others["heat_kw"]).clip(lower=0.0)
                lost_total += lost
                if lost > spare.sum() + 1e-6:
                    failures.append(
                        f"in grid-off hours the CHP units make {kept * float(units['electricity_kw'].sum()):,.0f} kW of "
                        f"electricity and {lost:,.0f} kW less heat; the other sources have {spare.sum():,.0f} kW spare"
                    )
                for name in units.index:
                    factor[name] = 1.0 - off_share * (1.0 - kept)
                for name, sp in spare.items():
                    taken = min(lost, float(spare.sum())) * sp / spare.sum() if spare.sum() > 0 else 0.0
                    factor[name] = 1.0 + off_share * taken / float(others.at[name, "heat_kw"])
        states[case] = StationSupply(chp_heat, chp_kw, on_chp, supply, lost_total, failures, factor)
        logger.info("%s: CHP %.0f kW heat, %.0f kW electricity; %s", case, chp_heat, chp_kw, supply)
    return site, states


def _add_water_columns(cmp: CompareScenario, table: pd.DataFrame, site, states: dict) -> None:
    """Water service per case and person-services added (module doc); cost per person re-based on them, in place."""
    e = cmp.economics
    station_kw = float(site.running["running_kw"].sum()) + sum(a.power_kw for a in site.scenario.aux_loads)
    cols: dict[str, list] = {
        c: []
        for c in (
            "chp_heat_kw",
            "chp_electric_kw",
            "station_load_kw",
            "station_on_chp",
            "water_supply",
            "chp_heat_made_up_grid_off_kw",
            "people_with_water",
            "hours_of_full_water_service_per_person",
        )
    }
    for option in table.index:
        st = states["damaged" if option == "do nothing" else option]
        service = site.service_with if st.on_chp else site.service_without
        cols["chp_heat_kw"].append(st.chp_heat_kw)
        cols["chp_electric_kw"].append(st.chp_electric_kw)
        cols["station_load_kw"].append(station_kw)
        cols["station_on_chp"].append(st.on_chp)
        cols["water_supply"].append(st.supply)
        cols["chp_heat_made_up_grid_off_kw"].append(st.heat_lost_grid_off_kw)
        cols["people_with_water"].append(float(service["people_served_daily_mean"]))
        cols["hours_of_full_water_service_per_person"].append(float(service["hours_of_full_service_per_person"]))
        if st.failures:
            table.at[option, "feasible"] = False
            table.at[option, "why_not"] = "; ".join([x for x in [table.at[option, "why_not"]] if x] + st.failures)
    for c, values in cols.items():
        table[c] = values
    ref = table.loc["do nothing"]
    table["people_heated_added"] = table["people_heated"] - ref["people_heated"]
    table["people_with_water_added"] = table["people_with_water"] - ref["people_with_water"]
    table["person_services_added"] = table["people_heated_added"] + table["people_with_water_added"]
    table["cost_per_person_year_eur"] = [
        cost_per_person_year_eur(npc, added, horizon_years=e.horizon_years, discount_rate=e.discount_rate)
        for npc, added in zip(table["npc_eur"], table["person_services_added"])
    ]
    table["feasible"] = table["feasible"].astype(bool) & (table["person_services_added"] > 0)


def _run_generator_comparison(cmp: CompareScenario) -> Comparison:
    """Generator sets for a pumping station: water service on the blackout timetable against cost.

    Each set is checked against the site (running load with margin, worst motor start); a set that
    fails cannot run the station and serves as "do nothing" does. Its cost: investment (library
    diesel engine per kW of the set's rating, or an override), fixed and variable O&M on the
    generator's energy, diesel on the timetable's generator hours, replacement and salvage. Served
    people are the daily mean of people-equivalent served from the hourly simulation; the cost per
    person counts the people the set adds over doing nothing.
    """
    from teplovoda.models.power.generators import fuel_l_per_h
    from teplovoda.models.power.scenario import load_scenario as load_power
    from teplovoda.models.power.scenario import run_scenario as run_power
    from teplovoda.models.power.site import StartStudy, check_manual_choice

    src = str(cmp.path)
    e = cmp.economics
    if "diesel" not in cmp.fuel_prices:
        raise InputError("[fuel_prices]: a generator comparison burns diesel but no [fuel_prices.diesel] is given", source=src)
    pscn = load_power(cmp.path.parent / cmp.base.power)
    run = run_power(pscn)
    lib = library.technology_costs()
    t = _tech(cmp, "diesel_generator", lib)
    p = cmp.fuel_prices["diesel"]
    diesel_eur = e.to_eur(p.price, p.currency, p.price_year, "[fuel_prices.diesel]")
    ef = float(library.emission_factors().at["diesel", "kg_co2_per_unit"])
    af = annuity_factor(e.discount_rate, e.horizon_years)
    people_total = float(run.hourly_without["people_equivalent_served"].max())
    base_served = run.service_without["people_served_daily_mean"]
    gen_hours = int((~pscn.timetable).sum())
    load_kw = max(run.sizing.running_kw, 0.0)
    rows, source_rows = [], []
    rows.append(
        {
            "option": "do nothing",
            "people_served": base_served,
            "people_added": 0.0,
            "hours_of_full_service_per_person": run.service_without["hours_of_full_service_per_person"],
            "generator_kva": 0.0,
            "capex_eur": 0.0,
            "fixed_om_eur_per_year": 0.0,
            "variable_om_eur_per_year": 0.0,
            "fuel_eur_per_year": 0.0,
            "replacement_and_salvage_eur": 0.0,
            "npc_eur": 0.0,
            "lcoe_eur_per_mwh": float("nan"),
            "cost_per_person_year_eur": float("inf"),
            "co2_t_per_year": 0.0,
            "fuel_use": "",
            "fuel_logistics": "",
            "feasible": False,
            "why_not": "the station stops whenever the grid is off",
        }
    )
    study = StartStudy(pscn.site, run.running, pscn.aux_loads, generator=True, chp_kw=run.chp_kw, assumptions=pscn.assumptions)
    for g in cmp.generator_options:
        check = check_manual_choice(
            pscn.site, run.running, pscn.aux_loads, g.kva, chp_kw=run.chp_kw, assumptions=pscn.assumptions, study=study
        )
        rated_kw = g.kva * pscn.assumptions.power_factor
        invest = t["investment_eur_per_kw"] * rated_kw
        parts = net_present_cost(
            CostInputs(capex_eur=invest, lifetime_years=t["lifetime_years"]),
            horizon_years=e.horizon_years,
            discount_rate=e.discount_rate,
        )
        runs = check["passes"]
        energy_mwh = load_kw * gen_hours * 365 / 1e3 if runs else 0.0
        litres_day = float(fuel_l_per_h(pscn.assumptions, rated_kw, load_kw)) * gen_hours if runs else 0.0
        om_fixed = invest * t["fixed_om_pct_per_year"] / 100
        om_var = t["variable_om_eur_per_mwh"] * energy_mwh
        fuel = litres_day * 365 * diesel_eur
        npc = invest + parts["replacement_eur"] + parts["salvage_eur"] + (om_fixed + om_var + fuel) * af
        served = run.service_with["people_served_daily_mean"] if runs else base_served
        added = served - base_served
        rows.append(
            {
                "option": g.name,
                "people_served": served,
                "people_added": added,
                "hours_of_full_service_per_person": run.service_with["hours_of_full_service_per_person"]
                if runs
                else run.service_without["hours_of_full_service_per_person"],
                "generator_kva": g.kva,
                "capex_eur": invest,
                "fixed_om_eur_per_year": om_fixed,
                "variable_om_eur_per_year": om_var,
                "fuel_eur_per_year": fuel,
                "replacement_and_salvage_eur": parts["replacement_eur"] + parts["salvage_eur"],
                "npc_eur": npc,
                "lcoe_eur_per_mwh": npc / (energy_mwh * af) if energy_mwh > 0 else float("nan"),
                "cost_per_person_year_eur": cost_per_person_year_eur(
                    npc, added, horizon_years=e.horizon_years, discount_rate=e.discount_rate
                ),
                "co2_t_per_year": litres_day * 365 * ef / 1e3,
                "fuel_use": f"{litres_day:,.0f} L/day diesel" if runs else "",
                "fuel_logistics": f"{7 * litres_day / DELIVERY_SIZE['diesel']:.1f} tanker deliveries/week" if runs else "",
                "feasible": bool(runs and added > 0),
                "why_not": ""
                if runs
                else f"undersized: short by {check['shortfall_kva']:,.0f} kVA (needs {check['needed_kva']:,.0f} kVA)",
            }
        )
        source_rows.append(
            {
                "case": g.name,
                "item": f"diesel generator set {g.kva:,.0f} kVA ({rated_kw:,.0f} kW)",
                "figure": f"{t['investment_eur_per_kw']:,.0f} EUR/kW ({t['technology']})",
                "value_eur": invest,
                "price_year": e.price_year,
                "source": t["source"],
            }
        )
    table = pd.DataFrame(rows).set_index("option")
    table["rank"] = rank_options(table)
    table["pareto_optimal"] = pareto_front(table, "npc_eur", "people_served") & table["feasible"]
    table.attrs["people_total"] = people_total
    return Comparison(cmp, run, table, pd.DataFrame(source_rows))


def _run_water_comparison(cmp: CompareScenario) -> Comparison:
    """Water network options (repairs, isolation and bypasses) costed against the water they restore.

    Costs are the options' own ``[[costs]]`` items (investment with replacement and salvage, fixed
    O&M); people served are people-equivalent (people weighted by the share of demand they get);
    the cost per person counts the people an option adds over doing nothing.
    """
    from teplovoda.models.water import metrics
    from teplovoda.models.water.scenario import load_scenario as load_water
    from teplovoda.models.water.scenario import run_scenario as run_water

    src = str(cmp.path)
    e = cmp.economics
    wscn = load_water(cmp.path.parent / cmp.base.water)
    names = [o.name for o in wscn.options]
    if not names:
        raise InputError(f"[base] -> water: {cmp.base.water} has no [[options]] to compare", source=src)
    for i, c in enumerate(cmp.costs):
        if c.option not in names:
            raise InputError(
                f"[[costs]] #{i + 1} -> option: no option {c.option!r} in {cmp.base.water} (options: {', '.join(names)})",
                source=src,
            )
    run = run_water(wscn)
    af = annuity_factor(e.discount_rate, e.horizon_years)
    cases = {"do nothing": run.damaged, **{n: r for n, (_, r) in run.options.items()}}
    base = metrics.people_served(run.damaged.junctions)["people_equivalent_served"]
    rows, source_rows = [], []
    for name, res in cases.items():
        people = metrics.people_served(res.junctions)
        capex, om, repl, extra_rows = _extra_costs(cmp, name)
        source_rows.extend(extra_rows)
        npc = capex + repl + om * af
        added = people["people_equivalent_served"] - base
        rows.append(
            {
                "option": name,
                "people_served": people["people_equivalent_served"],
                "people_added": added,
                "people_without_water": people["people_without"],
                "people_partial": people["people_partial"],
                "leak_m3_per_h": metrics.leak_outflow_m3_per_h(res.junctions),
                "unserved_volume_m3_per_day": metrics.unserved_volume_m3_per_day(res.junctions),
                "capex_eur": capex,
                "fixed_om_eur_per_year": om,
                "replacement_and_salvage_eur": repl,
                "npc_eur": npc,
                "cost_per_person_year_eur": cost_per_person_year_eur(
                    npc, added, horizon_years=e.horizon_years, discount_rate=e.discount_rate
                ),
                "co2_t_per_year": 0.0,
                "feasible": bool(res.converged and added > 0),
                "why_not": "" if added > 0 else ("does not converge" if not res.converged else "restores no water"),
            }
        )
    table = pd.DataFrame(rows).set_index("option")
    table["rank"] = rank_options(table)
    table["pareto_optimal"] = pareto_front(table, "npc_eur", "people_served") & table["feasible"]
    return Comparison(cmp, run, table, pd.DataFrame(source_rows))


def _extra_costs(cmp: CompareScenario, case: str) -> tuple[float, float, float, list[dict]]:
    """An option's own ``[[costs]]``: investment, fixed O&M per year, replacement + salvage, and their sources."""
    e = cmp.economics
    capex = om = repl = 0.0
    rows = []
    for c in cmp.costs:
        if c.option != case:
            continue
        eur = e.to_eur(c.capex, c.currency, c.price_year, c.item)
        parts = net_present_cost(
            CostInputs(capex_eur=eur, lifetime_years=c.lifetime_years),
            horizon_years=e.horizon_years,
            discount_rate=e.discount_rate,
        )
        capex += eur
        om += e.to_eur(c.fixed_om_per_year, c.currency, c.price_year, c.item)
        repl += parts["replacement_eur"] + parts["salvage_eur"]
        rows.append(
            {
                "case": case,
                "item": c.item,
                "figure": f"{c.capex:,.0f} {c.currency}",
                "value_eur": eur,
                "price_year": c.price_year,
                "source": c.source,
            }
        )
    return capex, om, repl, rows


def _failures(cmp: CompareScenario, res) -> list[str]:
    out = []
    cons = res.consumers
    for c in cmp.constraints:
        row = cons.loc[c.consumer]
        if c.min_delivered_fraction is not None and not (row["delivered_fraction"] >= c.min_delivered_fraction):
            out.append(f"{c.consumer} gets {row['delivered_fraction']:.0%} of its heat (needs {c.min_delivered_fraction:.0%})")
        if c.min_supply_temp_c is not None and not (row["supply_temp_c"] >= c.min_supply_temp_c):
            t = row["supply_temp_c"]
            out.append(f"{c.consumer} supply {'none' if math.isnan(t) else f'{t:.0f} °C'} (needs {c.min_supply_temp_c:g} °C)")
    s = res.sources
    short = s[(s["role"] != "off") & s["at_capacity"]]
    for name, row in short.iterrows():
        isl = cons[cons["island"] == row["island"]]
        under = isl[(isl["delivered_fraction"] < 0.95) & (isl["demand_kw"] > 0)]
        if len(under):
            out.append(
                f"undersized: {name} at capacity while {int(under['people'].sum()):,} people in its island are underheated"
            )
            break
    return out


__all__ = ["load_scenario", "run_comparison", "Comparison"]
