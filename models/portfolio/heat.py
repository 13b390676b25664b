"""Heat sites and mobile boilers (issue 17): which boiler plant or microdistrict gets how many units of which boiler.

**The heat-site sheet** (``heat_sites_csv``, one row per boiler plant or microdistrict, see :class:`HeatSiteRow`)
gives the people it heats, its design heat load at the design outdoor temperature (``design_heat_kw``, or
``heated_area_m2`` times ``specific_heat_w_per_m2``), the capacity the damaged plant still has (``existing_kw``)
and the plant's fuel. The **boiler sheet** (``boilers_csv``, :class:`BoilerType`) is the stock of mobile boilers
by output (``heat_mw``), with count, cost each, delivery days, fuel (biomass, diesel, gas) and efficiency.
In a portfolio workbook (``workbook`` in the head) they are the sheets ``heat_sites`` and ``boilers``.

Rules (the engineering choices, each a documented default):

* **Deficit** at design conditions: ``deficit_kw = max(design_heat_kw - existing_kw, 0)``.
* **Units of one type.** A heat site gets at most one boiler type, ``n`` units of it, ``n = 1 ..
  min(count, ceil(deficit_kw / unit_kw), max_boilers_per_site)``: units past the one that covers the deficit add
  nothing, and a site's yard and its network connection take only a few (``max_boilers_per_site``, 4). Each
  ``(site, type, n)`` is one column of the allocation's MILP, using ``n`` of the type's count.
* **People kept warm** (block rule): the network is split by valves into blocks of buildings, each on one heat
  source; a kW of design load keeps ``people_heated / design_heat_kw`` people warm. So units of ``output_kw =
  n * heat_mw * 1000`` keep ``people_heated * min(output_kw, deficit_kw) / design_heat_kw`` more people warm (the
  damaged plant keeps its own share, ``existing_kw / design_heat_kw``, warm already). ``covers`` says whether the
  units cover the whole deficit at design temperature; ``shortfall_kw`` is what is left.
* **Fuel per day** at the heating season's mean load (degree-days): the load scales with the indoor-outdoor
  difference, ``mean_kw = covered_kw * (indoor - t_season) / (indoor - t_design)``, the boiler burning
  ``24 * mean_kw / efficiency`` kWh of fuel a day, in litres, kilograms or cubic metres by :data:`FUELS`. The
  season (:func:`heating_season`) is the days of the climate-normals year (:mod:`teplovoda.models.recovery.weather`)
  with a daily mean at or below :data:`HEATING_SEASON_LIMIT_C` (8 °C, the Ukrainian rule for the heating period),
  ``t_season`` their mean. The design temperature is the oblast's (:func:`teplovoda.models.heat.norms.
  design_outdoor_temp_c`) unless the row gives one; the climate city is the oblast centre's when it has normals.
* **Fuel fits the site**: a gas boiler needs the site's gas connection (the site's ``fuel`` is ``gas``); biomass
  and diesel come by truck anywhere. A mobile boiler carries its own power (a containerised unit with its set),
  so it heats all day whatever the grid does.
* **Value** (the objective's heat part): people-hours of heat, ``24 * people kept warm`` a day, over the days
  the units are there within the horizon (``horizon_days - delivery_days``), times ``heat_weight`` (1: one
  person with heat for an hour counts as one person with water for an hour; see :mod:`.allocate`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.power.checks import one_of
from teplovoda.models.scenario import bounded, text
from teplovoda.models.water.scenario import MAX_PEOPLE

HOURS_PER_DAY = 24
KW_PER_MW = 1000.0
#: A day whose mean outdoor temperature is at or below this belongs to the heating season (°C; the heating
#: period of DSTU-N B V.1.1-27:2010 and of the heat-supply rules: the days with a daily mean of +8 °C or less).
HEATING_SEASON_LIMIT_C = 8.0
#: Indoor design temperature of dwellings (°C, DBN V.2.2-15 and DSTU B EN 12831's residential default).
DEFAULT_INDOOR_TEMP_C = 20.0
#: The plant fuels a heat site may name (its existing plant's fuel; ``gas`` means a gas connection on site).
SITE_FUELS = ("gas", "coal", "biomass", "diesel", "fuel_oil", "electric", "none")


@dataclass(frozen=True)
class Fuel:
    """A mobile boiler's fuel: its unit and lower heating value per unit (kWh)."""

    unit: str
    kwh_per_unit: float
    source: str


#: Boiler fuels by kind. LHVs are typical values, to replace with a supplier's when known.
FUELS = {
    "biomass": Fuel("kg", 3.4, "wood chips at 30 % moisture (ISO 17225-4 class B1), about 12.2 MJ/kg"),
    "diesel": Fuel("L", 9.96, "diesel fuel EN 590: 42.6 MJ/kg at 0.842 kg/L, 35.9 MJ/L"),
    "gas": Fuel("m3", 9.3, "natural gas of the Ukrainian network, about 33.5 MJ/m3 (8,000 kcal/m3) at 20 °C"),
}


@dataclass(frozen=True)
class HeatSiteRow:
    """One row of the heat-site sheet (module doc): a boiler plant or microdistrict short of heat."""

    name: str = text(dataclasses.MISSING, 200)
    oblast: str = text(dataclasses.MISSING, 200)
    community: str = text(dataclasses.MISSING, 200)
    lat: float = bounded(ge=-90, le=90, unit="°")
    lon: float = bounded(ge=-180, le=180, unit="°")
    people_heated: float = bounded(gt=0, le=MAX_PEOPLE, unit="people")
    design_heat_kw: float | None = bounded(None, gt=0, le=1e7, unit="kW")
    heated_area_m2: float | None = bounded(None, gt=0, le=1e9, unit="m2")
    specific_heat_w_per_m2: float | None = bounded(None, gt=0, le=1000, unit="W/m2")
    design_outdoor_temp_c: float | None = bounded(None, ge=-60, le=10, unit="°C")
    indoor_temp_c: float = bounded(DEFAULT_INDOOR_TEMP_C, ge=10, le=30, unit="°C")
    existing_kw: float = bounded(0.0, ge=0, le=1e7, unit="kW")
    fuel: str = "gas"
    climate_city: str | None = None
    must_serve: bool = False

    def __post_init__(self):
        by_area = self.heated_area_m2 is not None or self.specific_heat_w_per_m2 is not None
        if (self.design_heat_kw is None) == (not by_area) or (
            by_area and (self.heated_area_m2 is None or self.specific_heat_w_per_m2 is None)
        ):
            raise InputError(
                Msg(
                    "port.heat_load_either",
                    "give either design_heat_kw or heated_area_m2 with specific_heat_w_per_m2",
                )
            )
        if self.fuel not in SITE_FUELS:
            raise InputError(one_of("fuel", SITE_FUELS, self.fuel))

    @property
    def design_kw(self) -> float:
        """Design heat load (kW) at the design outdoor temperature."""
        if self.design_heat_kw is not None:
            return float(self.design_heat_kw)
        return float(self.heated_area_m2 * self.specific_heat_w_per_m2 / 1000.0)


@dataclass(frozen=True)
class BoilerType:
    """A mobile boiler type in stock or on order: output (MW), count, cost each, delivery days, fuel, efficiency."""

    boiler_type: str = text(dataclasses.MISSING, 200)
    heat_mw: float = bounded(gt=0, le=1000, unit="MW")
    count: int = bounded(ge=0, le=100_000)
    cost_eur: float = bounded(ge=0, le=1e9, unit="EUR")
    fuel: str
    efficiency: float = bounded(gt=0, le=1.1)
    delivery_days: float = bounded(0.0, ge=0, le=3650, unit="days")

    def __post_init__(self):
        if self.fuel not in FUELS:
            raise InputError(one_of("fuel", tuple(FUELS), self.fuel))


@dataclass(frozen=True)
class HeatSite:
    """A heat site ready to evaluate: its row, its design temperature and its heating season."""

    row: HeatSiteRow
    design_temp_c: float
    season_mean_temp_c: float
    season_days: int
    climate_city: str

    @property
    def deficit_kw(self) -> float:
        return max(self.row.design_kw - self.row.existing_kw, 0.0)

    @property
    def mean_load_ratio(self) -> float:
        """The season's mean load over the design load (degree-day ratio, 0..1)."""
        t_in = self.row.indoor_temp_c
        return min(max((t_in - self.season_mean_temp_c) / (t_in - self.design_temp_c), 0.0), 1.0)


@functools.cache
def heating_season(city: str) -> tuple[int, float]:
    """``(days, mean outdoor temperature °C)`` of the heating season in ``city``'s climate normals (module doc)."""
    from teplovoda.models.recovery.weather import DAYS_PER_YEAR, daily_normals

    temps = daily_normals(city, "01-01", DAYS_PER_YEAR)
    cold = temps[temps <= HEATING_SEASON_LIMIT_C]
    return int(len(cold)), float(cold.mean()) if len(cold) else HEATING_SEASON_LIMIT_C


def _climate_city(row: HeatSiteRow) -> str | None:
    """The row's climate city, or its oblast centre's when that city has climate normals (None: neither)."""
    from teplovoda.models.heat.norms import design_temperatures
    from teplovoda.models.recovery.weather import cities

    if row.climate_city is not None:
        return row.climate_city
    table = design_temperatures()
    centre = str(table.at[row.oblast, "city"]) if row.oblast in table.index else None
    return centre if centre in cities() else None


def heat_sites_from(rows, src: str) -> tuple[HeatSite, ...]:
    """The heat sites of the sheet's ``(row number, HeatSiteRow)``; an oblast without a design temperature or a
    city without climate normals is one line naming the row and column."""
    from teplovoda.models.heat.norms import design_outdoor_temp_c
    from teplovoda.models.recovery.weather import cities

    out = []
    for n, r in rows:
        t_design = r.design_outdoor_temp_c
        if t_design is None:
            try:
                t_design = design_outdoor_temp_c(r.oblast)
            except InputError as exc:
                raise InputError(within(f"row {n} -> oblast", exc.detail), source=src) from None
        city = _climate_city(r)
        if city is None or city not in cities():
            no_normals = Msg(
                "port.no_climate",
                "no climate normals for {city} (one of: {known}); name the nearest in climate_city",
                city=repr(city if city is not None else r.oblast),
                known=", ".join(cities()),
            )
            raise InputError(within(f"row {n} -> climate_city", no_normals), source=src)
        if t_design >= r.indoor_temp_c:
            raise InputError(
                within(f"row {n} -> design_outdoor_temp_c", Msg("port.design_above_indoor", "must be below indoor_temp_c")),
                source=src,
            )
        days, mean_c = heating_season(city)
        out.append(HeatSite(row=r, design_temp_c=float(t_design), season_mean_temp_c=mean_c, season_days=days, climate_city=city))
    return tuple(out)


HEAT_COLUMNS = (
    "site",
    "oblast",
    "boiler_type",
    "fuel",
    "units",
    "output_kw",
    "design_heat_kw",
    "existing_kw",
    "deficit_kw",
    "covered_kw",
    "covers",
    "shortfall_kw",
    "people_heated",
    "people_warm_added",
    "people_hours_per_day",
    "mean_load_kw",
    "fuel_kwh_per_day",
    "fuel_per_day",
    "fuel_unit",
    "fuel_price_eur_per_unit",
    "fuel_cost_eur_per_day",
)


def unit_options(site: HeatSite, boiler: BoilerType, max_units: int) -> range:
    """The unit counts a site may get of a boiler type (module doc); empty when the fuel does not fit or no deficit."""
    if boiler.fuel == "gas" and site.row.fuel != "gas":
        return range(0)
    if site.deficit_kw <= 0 or boiler.count < 1:
        return range(0)
    needed = math.ceil(site.deficit_kw / (boiler.heat_mw * KW_PER_MW) - 1e-9)
    return range(1, min(int(boiler.count), needed, max_units) + 1)


def evaluate_heat_site(site: HeatSite, boilers, max_units: int, price_of) -> list[dict]:
    """Every ``(boiler type, units)`` a heat site may get: one dict each (:data:`HEAT_COLUMNS`).

    ``price_of(fuel kind, oblast)`` is the fuel's price per unit (EUR per L, kg or m3; NaN when not given).
    """
    r = site.row
    rows = []
    for b in boilers:
        fuel = FUELS[b.fuel]
        price = price_of(b.fuel, r.oblast)
        for n in unit_options(site, b, max_units):
            output_kw = n * b.heat_mw * KW_PER_MW
            covered_kw = min(output_kw, site.deficit_kw)
            warm = r.people_heated * covered_kw / r.design_kw
            mean_kw = covered_kw * site.mean_load_ratio
            fuel_kwh = HOURS_PER_DAY * mean_kw / b.efficiency
            per_day = fuel_kwh / fuel.kwh_per_unit
            rows.append(
                {
                    "site": r.name,
                    "oblast": r.oblast,
                    "boiler_type": b.boiler_type,
                    "fuel": b.fuel,
                    "units": n,
                    "output_kw": output_kw,
                    "design_heat_kw": r.design_kw,
                    "existing_kw": r.existing_kw,
                    "deficit_kw": site.deficit_kw,
                    "covered_kw": covered_kw,
                    "covers": bool(output_kw >= site.deficit_kw - 1e-9),
                    "shortfall_kw": max(site.deficit_kw - output_kw, 0.0),
                    "people_heated": r.people_heated,
                    "people_warm_added": warm,
                    "people_hours_per_day": HOURS_PER_DAY * warm,
                    "mean_load_kw": mean_kw,
                    "fuel_kwh_per_day": fuel_kwh,
                    "fuel_per_day": per_day,
                    "fuel_unit": fuel.unit,
                    "fuel_price_eur_per_unit": price,
                    "fuel_cost_eur_per_day": per_day * price,
                }
            )
    return rows


def evaluate_heat(portfolio) -> pd.DataFrame:
    """Every heat site's boiler options (rows = ``(site, boiler type, units)``, :data:`HEAT_COLUMNS`)."""
    rows = [
        r
        for s in portfolio.heat_sites
        for r in evaluate_heat_site(s, portfolio.boilers, portfolio.spec.max_boilers_per_site, portfolio.boiler_fuel_price)
    ]
    return pd.DataFrame(rows, columns=list(HEAT_COLUMNS))


def season_table(portfolio) -> pd.DataFrame:
    """Each heat site's design and season figures (rows = site): design °C, season days and mean °C, load ratio."""
    return pd.DataFrame(
        {
            "climate_city": [s.climate_city for s in portfolio.heat_sites],
            "design_outdoor_temp_c": [s.design_temp_c for s in portfolio.heat_sites],
            "season_days": [s.season_days for s in portfolio.heat_sites],
            "season_mean_temp_c": [s.season_mean_temp_c for s in portfolio.heat_sites],
            "mean_load_ratio": [s.mean_load_ratio for s in portfolio.heat_sites],
        },
        index=pd.Index([s.row.name for s in portfolio.heat_sites], name="site"),
    )


__all__ = [
    "FUELS",
    "HEAT_COLUMNS",
    "BoilerType",
    "HeatSite",
    "HeatSiteRow",
    "evaluate_heat",
    "evaluate_heat_site",
    "heat_sites_from",
    "heating_season",
    "season_table",
    "unit_options",
]
