"""The one costing of a source, or of an option's own cost item, every comparison engine uses.

A source (a heat source, a generator set) is costed from its library technology (or the scenario's
override), its rated power and its annual output, through
:func:`teplovoda.models.costing.finance.net_present_cost`: investment at year 0, fixed O&M as a
share of investment a year, variable O&M per MWh of output, fuel, replacement within the horizon
and salvage at its end. An option's own ``[[costs]]`` items go through the same function. Case
costs are sums of these (:class:`CaseCost` adds).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from teplovoda.models.costing import library
from teplovoda.models.costing.finance import CostInputs, net_present_cost
from teplovoda.models.costing.library import Economics
from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg

#: Truck payloads for delivery counts, per fuel unit (wood chips: a 90 m3 walking-floor trailer at
#: about 0.25 t/m3; diesel: a 10 m3 tanker). Pipeline and grid fuels need no trucks.
DELIVERY_SIZE = {"wood_chips": 20.0, "agricultural_residue": 15.0, "diesel": 10000.0}


@dataclass(frozen=True)
class TechnologyCost:
    """The cost figures of one library technology in EUR of the scenario's price year, and their source."""

    technology: str
    investment_eur_per_kw: float
    lifetime_years: float
    fixed_om_pct_per_year: float
    variable_om_eur_per_mwh: float
    source: str
    per_kw_electric: bool  # the library prices it per kW of electricity (CHP, engines)


def technology_cost(cmp, kind: str, lib: pd.DataFrame | None = None) -> TechnologyCost:
    """The library row pricing a source ``kind`` (:func:`~teplovoda.models.costing.library.cost_mapping`),
    with the scenario's ``[technology_overrides]`` applied."""
    mapping = library.cost_mapping(kind)
    if mapping is None:  # load_scenario checks the base's kinds; this is a programming error
        raise InputError(
            Msg(
                "cost.no_cost",
                "no cost for source kind {kind} (priced: {priced})",
                kind=repr(kind),
                priced=", ".join(library.priced_kinds()),
            )
        )
    name, why, per_kw_electric = mapping
    row = (library.technology_costs() if lib is None else lib).loc[name]
    e = cmp.economics
    vom = e.to_eur(float(row["variable_om_per_mwh"]), "EUR", row["currency_year"], name)
    if name in cmp.technology_overrides:
        o = cmp.technology_overrides[name]
        return TechnologyCost(
            name,
            e.to_eur(o.investment_per_kw, o.currency, o.price_year, name),
            o.lifetime_years or float(row["lifetime_years"]),
            o.fixed_om_pct_per_year if o.fixed_om_pct_per_year is not None else float(row["fixed_om_pct_per_year"]),
            vom,
            f"{o.source} (scenario override)",
            per_kw_electric,
        )
    return TechnologyCost(
        name,
        e.to_eur(float(row["investment_per_kw"]), "EUR", row["currency_year"], name),
        float(row["lifetime_years"]),
        float(row["fixed_om_pct_per_year"]),
        vom,
        f"{row['source']}; for {kind}: {why}",
        per_kw_electric,
    )


def fuel_price_eur(cmp, fuel: str, case: str) -> float:
    """EUR per fuel unit (``[fuel_prices.<fuel>]`` or the library default); ``case`` names who burns it in the error."""
    if fuel not in cmp.fuel_prices:
        no_price = Msg("cost.no_fuel_price", "{case} burns {fuel} but no [fuel_prices.{fuel}] is given", case=case, fuel=fuel)
        raise InputError(within("[fuel_prices]", no_price), source=str(cmp.path))
    p = cmp.fuel_prices[fuel]
    return cmp.economics.to_eur(p.price, p.currency, p.price_year, f"[fuel_prices.{fuel}]")


@dataclass(frozen=True)
class CaseCost:
    """Costs of a source, an item or a whole case: the comparison table's cost columns (EUR, present value for NPC)."""

    capex_eur: float = 0.0
    fixed_om_eur_per_year: float = 0.0
    variable_om_eur_per_year: float = 0.0
    fuel_eur_per_year: float = 0.0
    replacement_and_salvage_eur: float = 0.0
    npc_eur: float = 0.0

    @classmethod
    def of(cls, inputs: CostInputs, economics: Economics) -> CaseCost:
        """The costs of one set of cost drivers over the economics' horizon (:func:`finance.net_present_cost`)."""
        parts = net_present_cost(inputs, horizon_years=economics.horizon_years, discount_rate=economics.discount_rate)
        return cls(
            inputs.capex_eur,
            inputs.fixed_om_eur_per_year,
            inputs.variable_om_eur_per_year,
            inputs.fuel_eur_per_year,
            float(parts["replacement_eur"] + parts["salvage_eur"]),
            float(parts["npc_eur"]),
        )

    def __add__(self, other: CaseCost) -> CaseCost:
        return CaseCost(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other))))

    def columns(self) -> dict[str, float]:
        return dataclasses.asdict(self)


def source_cost(
    tech: TechnologyCost,
    economics: Economics,
    *,
    rated_kw: float,
    annual_mwh: float,
    fuel_eur_per_year: float,
    invested: bool = True,
) -> CaseCost:
    """One source's costs over the horizon.

    Parameters
    ----------
    tech : TechnologyCost
    economics : Economics
    rated_kw : float
        The power the technology is priced on (kW; of electricity when ``tech.per_kw_electric``).
    annual_mwh : float
        Output a year (MWh), for the variable O&M.
    fuel_eur_per_year : float
        The fuel it burns a year (EUR).
    invested : bool
        True for a source the option brings: its investment, replacement and salvage count. A source
        already there (a repaired boiler house) costs its O&M and fuel only; its fixed O&M is still the
        technology's share of what it would cost to build.
    """
    investment = tech.investment_eur_per_kw * rated_kw
    inputs = CostInputs(
        capex_eur=investment if invested else 0.0,
        lifetime_years=tech.lifetime_years,
        fixed_om_eur_per_year=investment * tech.fixed_om_pct_per_year / 100,
        variable_om_eur_per_year=tech.variable_om_eur_per_mwh * annual_mwh,
        fuel_eur_per_year=fuel_eur_per_year,
    )
    return CaseCost.of(inputs, economics)


def source_row(case: str, item: str, tech: TechnologyCost, value_eur: float, price_year: int) -> dict:
    """A row of the cost-sources table for an investment priced from the library."""
    return {
        "case": case,
        "item": item,
        "figure": f"{tech.investment_eur_per_kw:,.0f} EUR/kW ({tech.technology})",
        "value_eur": value_eur,
        "price_year": price_year,
        "source": tech.source,
    }


def extra_costs(cmp, case: str) -> tuple[CaseCost, list[dict]]:
    """An option's own ``[[costs]]`` (investment, fixed O&M, replacement and salvage) and their source rows."""
    e = cmp.economics
    total, rows = CaseCost(), []
    for c in cmp.costs:
        if c.option != case:
            continue
        eur = e.to_eur(c.capex, c.currency, c.price_year, c.item)
        om = e.to_eur(c.fixed_om_per_year, c.currency, c.price_year, c.item)
        total = total + CaseCost.of(CostInputs(capex_eur=eur, lifetime_years=c.lifetime_years, fixed_om_eur_per_year=om), e)
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
    return total, rows


def check_options_named(cmp, names: list[str], base_file: str) -> None:
    """Every ``[[costs]]`` item names an option of the base scenario."""
    for i, c in enumerate(cmp.costs):
        if c.option not in names:
            no_option = Msg(
                "cost.no_option",
                "no option {option} in {file} (options: {known})",
                option=repr(c.option),
                file=str(base_file),
                known=", ".join(names),
            )
            raise InputError(within(f"[[costs]] #{i + 1} -> option", no_option), source=str(cmp.path))


__all__ = [
    "DELIVERY_SIZE",
    "TechnologyCost",
    "technology_cost",
    "fuel_price_eur",
    "CaseCost",
    "source_cost",
    "source_row",
    "extra_costs",
    "check_options_named",
]
