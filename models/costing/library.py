"""The cost and technology library: data files with every figure's source, currency and price year.

* ``data/technology_costs.csv``: investment, fixed O&M (% of investment per year), variable O&M,
  lifetime and efficiency per technology, from the Danish Energy Agency's technology catalogues as
  compiled in PyPSA's technology-data (``outputs/costs_2025.csv``), in EUR of each row's
  ``currency_year``.
* ``data/emission_factors.csv``: kg CO2 per delivered fuel unit (IPCC 2006 defaults; Ukraine's
  national end-use factors for grid electricity and district heat, CMU resolution 156 of 2026).

* ``data/fuel_prices.csv``: default fuel prices (natural gas, diesel, wood chips, agricultural
  residue, electricity) with currency, price year and source. Prices change monthly and by region:
  a comparison scenario's ``[fuel_prices.<fuel>]`` (with its own source) replaces the default, and
  the "indicative" defaults say so in their source.

Figures are brought to the scenario's price year with a flat inflation rate (default 2 % a year,
overridable; a simplification of the euro-area HICP) and converted to euros with the scenario's
exchange rates. Which library row prices which heat-source kind is its technology record's ``cost_technology``
(:func:`cost_mapping`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.heat.sources import TECHNOLOGIES
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import bounded

DATA = Path(__file__).parent / "data"
TECHNOLOGY_COSTS = DATA / "technology_costs.csv"
EMISSION_FACTORS = DATA / "emission_factors.csv"
FUEL_PRICES = DATA / "fuel_prices.csv"

#: The library row pricing the diesel generator sets of site power (the one priced kind that is not a heat
#: source, whose rows are their :class:`~teplovoda.models.heat.sources.Technology` records' ``cost_technology``).
GENERATOR_COST = ("oil", "DEA 50 diesel engine farm", True)


def cost_mapping(kind: str) -> tuple[str, str, bool] | None:
    """(library technology, why that row, priced per kW of electricity) of a source kind; None if unpriced."""
    if kind == "diesel_generator":
        return GENERATOR_COST
    tech = TECHNOLOGIES.get(kind)
    if tech is None or not tech.cost_technology:
        return None
    return tech.cost_technology, tech.cost_note, tech.cost_per_kw_electric


def priced_kinds() -> list[str]:
    """Every source kind with a cost mapping."""
    return [k for k in [*TECHNOLOGIES, "diesel_generator"] if cost_mapping(k) is not None]


#: Price years a figure may carry.
PRICE_YEAR_MIN = 1990
PRICE_YEAR_MAX = 2100


@dataclass(frozen=True)
class Economics:
    """Economic frame of a comparison (scenario ``[economics]``)."""

    horizon_years: int = bounded(15, ge=1, le=60, unit="years")
    discount_rate: float = bounded(0.10, ge=0, le=0.5)  # a real rate as a fraction; 0.10 is common in appraisals
    price_year: int = bounded(2025, ge=PRICE_YEAR_MIN, le=PRICE_YEAR_MAX)
    currency: str = "EUR"
    inflation_pct_per_year: float = bounded(2.0, ge=-20, le=100, unit="%")
    full_load_hours: float = bounded(2200.0, gt=0, le=8760, unit="h")
    #: EUR per unit of each other currency (``UAH = 0.0222``)
    exchange_rates: dict[str, float] | None = bounded(None, gt=0)
    #: the day or period those rates are of (``"2025-06-30"``, ``"2025 average"``) and where they come from: reports
    #: show both beside the rates, and say so when the date is missing
    exchange_rates_date: str | None = None
    exchange_rates_source: str = ""

    def __post_init__(self):
        if self.currency != "EUR":
            eur = Msg(
                "cost.currency_eur",
                "reports are in EUR; give other currencies' rates in exchange_rates, got {got}",
                got=repr(self.currency),
            )
            raise InputError(within("currency", eur))
        if not (1 <= self.horizon_years <= 60):
            raise InputError(Msg("cost.horizon_range", "horizon_years must be between 1 and 60"))
        if not (0 <= self.discount_rate < 1):
            raise InputError(
                Msg(
                    "cost.discount_rate",
                    "discount_rate must be a fraction such as {example}, got {got}",
                    example="0.10",
                    got=repr(self.discount_rate),
                )
            )
        if not (0 < self.full_load_hours <= 8760):
            raise InputError(Msg("cost.full_load_hours", "full_load_hours must be between 0 and 8760"))
        if self.exchange_rates_date is not None and not self.exchange_rates_date.strip():
            rates_date = Msg("cost.rates_date", 'give the day or period of the rates, e.g. "2025-06-30" or "2025 average"')
            raise InputError(within("exchange_rates_date", rates_date))

    def to_eur(self, value: float, currency: str, price_year: int | float | None, where: str) -> float:
        """A money figure in EUR of the price year; unknown currency or missing price year is an error."""
        if price_year is None or price_year != price_year:  # None or NaN
            raise InputError(within(where, Msg("cost.missing_price_year", "missing price_year")))
        if currency == "EUR":
            rate = 1.0
        elif self.exchange_rates and currency in self.exchange_rates:
            rate = self.exchange_rates[currency]
        else:
            known = ", ".join(["EUR", *sorted(self.exchange_rates or {})])
            unknown = Msg(
                "cost.unknown_currency",
                "unknown currency {currency} (known: {known}; add it to [economics] exchange_rates)",
                currency=repr(currency),
                known=known,
            )
            raise InputError(within(where, unknown))
        years = self.price_year - float(price_year)
        return value * rate * (1 + self.inflation_pct_per_year / 100) ** years


def technology_costs() -> pd.DataFrame:
    """The technology table, one row per technology: values, units, currency year and sources."""
    raw = _checked(pd.read_csv(TECHNOLOGY_COSTS), TECHNOLOGY_COSTS, ("value", "currency_year"))
    wide = raw.pivot_table(index="technology", columns="parameter", values="value", aggfunc="first")
    years = raw[raw["parameter"] == "investment"].set_index("technology")["currency_year"]
    sources = raw.groupby("technology")["source"].agg(lambda s: "; ".join(sorted(set(s))))
    units = raw[raw["parameter"] == "investment"].set_index("technology")["unit"]
    out = pd.DataFrame(
        {
            "investment_per_kw": wide["investment"],
            "investment_unit": units,
            "fixed_om_pct_per_year": wide.get("FOM"),
            "variable_om_per_mwh": wide.get("VOM"),
            "lifetime_years": wide["lifetime"],
            "efficiency": wide.get("efficiency"),
            "currency_year": years,
            "source": sources,
        }
    )
    out["fixed_om_pct_per_year"] = out["fixed_om_pct_per_year"].fillna(0.0)
    out["variable_om_per_mwh"] = out["variable_om_per_mwh"].fillna(0.0)
    return out


def emission_factors() -> pd.DataFrame:
    """kg CO2 per fuel unit, index = fuel."""
    return _checked(pd.read_csv(EMISSION_FACTORS, comment="#"), EMISSION_FACTORS, ("kg_co2_per_unit",)).set_index("fuel")


def fuel_prices() -> pd.DataFrame:
    """Default fuel prices (index = fuel): price per unit, unit, currency, price_year, source."""
    return _checked(pd.read_csv(FUEL_PRICES, comment="#"), FUEL_PRICES, ("price", "price_year"), positive=("price",)).set_index(
        "fuel"
    )


def _checked(table: pd.DataFrame, path: Path, numeric: tuple[str, ...], positive: tuple[str, ...] = ()) -> pd.DataFrame:
    """``table`` after checking its ``numeric`` columns are finite numbers (and ``positive`` ones > 0).

    The library files ship with teplovoda, but they are edited by hand when prices move: a figure
    left as ``nan`` or a negative price would silently drop an option out of the ranking.
    """
    for column in numeric:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = ~np.isfinite(values) | ((values <= 0) if column in positive else False)
        if bad.any():
            row = int(np.argmax(bad.to_numpy()))
            need = (
                Msg("cost.number_above_zero", "a number > 0")
                if column in positive
                else Msg("type.finite_number", "a finite number")
            )
            cell = Msg(
                "cost.library_cell",
                "row {row}, column {column}: expected {need}, got {got}",
                row=row + 1,
                column=repr(column),
                need=need,
                got=repr(table[column].iloc[row]),
            )
            raise InputError(cell, source=str(path))
    return table
