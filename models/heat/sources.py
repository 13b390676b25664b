"""Heat-source technologies and fuels: efficiencies, fuel heating values, heat-pump COP.

Every number is a default a scenario can override per source. Figures and where they come from:

* Efficiencies (heat out / fuel in, lower heating value): Danish Energy Agency, *Technology Data for
  Generation of Electricity and District Heating* (2016, updated 2024): wood-chip boiler 0.85-1.0
  without flue-gas condensation -> 0.85 for mobile units; gas boiler 0.92-1.0 -> 0.92 for modular
  units; gas-engine CHP heat 0.45, electricity 0.43; small biomass CHP (ORC) heat 0.70, electricity
  0.15; electric boiler 0.99. An old central gas boiler house: 0.88.
* Air-source heat pump: ``COP = 0.45 * T_sink / (T_sink - T_source)`` (Carnot efficiency 0.45, DEA's
  range for air-to-water units is 0.4-0.5), sink 5 K above the supply temperature, source 5 K below
  the outdoor air; no operation below -25 °C; at most 70 °C supply.
* Pump heads: a central plant's network pumps 8 bar; the circulation pumps of containerised and
  trailer-mounted units 4 bar (manufacturers' data sheets for 0.5-2 MW units: 3-5 bar).
* Lower heating values: natural gas 9.3 kWh/m3 (Ukrainian network gas, about 8,000 kcal/m3); wood
  chips at 35-40 % moisture 3.0 MWh/t (DEA fuel data); agricultural residue (straw) at 15 %
  moisture 4.0 MWh/t; diesel 9.9 kWh/L (42.7 MJ/kg at 0.835 kg/L).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from teplovoda.models.units import KELVIN_OFFSET


@dataclass(frozen=True)
class Fuel:
    name: str
    unit: str  # natural unit of deliveries
    lhv_kwh_per_unit: float


FUELS = {
    "natural_gas": Fuel("natural_gas", "m3", 9.3),
    "wood_chips": Fuel("wood_chips", "t", 3000.0),
    "agricultural_residue": Fuel("agricultural_residue", "t", 4000.0),
    "diesel": Fuel("diesel", "L", 9.9),
    "electricity": Fuel("electricity", "kWh", 1.0),
}


#: How a technology turns fuel into heat: a fixed efficiency, or an air-source heat pump's COP from the
#: outdoor and supply temperatures (:func:`heat_pump_cop`).
EFFICIENCY_MODELS = ("fixed", "air_source_heat_pump")


@dataclass(frozen=True)
class Technology:
    """A heat-source kind as data: its defaults (a scenario can override them per source), how it is costed, and
    where its figures come from. Its CO2 follows from its fuel (``models/costing/data/emission_factors.csv``).

    Attributes
    ----------
    fuel : str
        A key of :data:`FUELS`.
    efficiency : float
        Heat out / fuel in (LHV) for ``efficiency_model = "fixed"``; NaN when a model computes it.
    efficiency_model : str
        One of :data:`EFFICIENCY_MODELS`.
    electric_efficiency : float
        Electricity out / fuel in (CHP).
    makes_electricity : bool
        The kind makes electricity (CHP): the one declaration the thermal solve's ``electricity_kw``, the heat
        metrics and the cogeneration comparison read (``electric_efficiency`` alone is a per-source figure).
    base_load : bool
        Dispatched first, at full capacity (CHP: its electricity is wanted).
    cost_technology : str
        The row of ``models/costing/data/technology_costs.csv`` that prices it, and ``cost_note`` why that row (the
        catalogue has no row for every kind: the nearest is named).
    cost_per_kw_electric : bool
        That row is priced per kW of electricity (CHP rows), not of heat.
    source : str
        Where the defaults come from.
    """

    fuel: str
    efficiency: float
    electric_efficiency: float = 0.0
    max_supply_temp_c: float = 95.0
    max_pump_head_bar: float = 4.0  # circulation pumps of mobile and modular units
    base_load: bool = False
    makes_electricity: bool = False
    efficiency_model: str = "fixed"
    cost_technology: str = ""
    cost_note: str = ""
    cost_per_kw_electric: bool = False
    source: str = ""

    def __post_init__(self):
        if self.fuel not in FUELS:
            raise ValueError(f"unknown fuel {self.fuel!r} (one of: {', '.join(FUELS)})")
        if self.efficiency_model not in EFFICIENCY_MODELS:
            raise ValueError(f"unknown efficiency model {self.efficiency_model!r} (one of: {', '.join(EFFICIENCY_MODELS)})")
        if self.efficiency_model == "fixed" and not (0 < self.efficiency <= 1.2):
            raise ValueError(f"efficiency must be in (0, 1.2], got {self.efficiency!r}")


_DEA = "Danish Energy Agency, Technology Data for Generation of Electricity and District Heating (2016, updated 2024)"

#: Heat-source kinds (scenario ``kind``): add one with :func:`register_technology` (and its cost row).
TECHNOLOGIES: dict[str, Technology] = {}


def register_technology(kind: str, tech: Technology) -> Technology:
    """Declare a heat-source kind: the forms, the thermal solve, costing and the reports take it from here."""
    if kind in TECHNOLOGIES:
        raise ValueError(f"heat-source kind {kind!r} is declared twice")
    TECHNOLOGIES[kind] = tech
    return tech


def unregister_technology(kind: str) -> None:
    """Remove a declared kind (tests that declare a throwaway one clean up with it)."""
    TECHNOLOGIES.pop(kind, None)


def chp_kinds() -> tuple[str, ...]:
    """The kinds that make electricity."""
    return tuple(kind for kind, tech in TECHNOLOGIES.items() if tech.makes_electricity)


def uses_cop(kind: str) -> bool:
    """The kind's efficiency is a heat pump's COP at the conditions, not a fixed figure."""
    return TECHNOLOGIES[kind].efficiency_model == "air_source_heat_pump"


for _kind, _tech in {
    "central_plant": Technology(
        "natural_gas",
        0.88,
        max_pump_head_bar=8.0,
        cost_technology="central gas boiler",
        cost_note="DEA 44 gas-fired DH boiler",
        source="an old central gas boiler house: 0.88; network pumps 8 bar",
    ),
    "gas_boiler": Technology(
        "natural_gas",
        0.92,
        cost_technology="central gas boiler",
        cost_note="DEA 44 gas-fired DH boiler (modular boiler houses)",
        source=f"{_DEA}: gas boiler 0.92-1.0, 0.92 for modular units",
    ),
    "biomass_boiler": Technology(
        "wood_chips",
        0.85,
        cost_technology="biomass HOP",
        cost_note="DEA 09c straw heat-only plant: the catalogue's DH biomass boiler",
        source=f"{_DEA}: wood-chip boiler 0.85-1.0 without flue-gas condensation, 0.85 for mobile units",
    ),
    "agri_residue_boiler": Technology(
        "agricultural_residue",
        0.80,
        cost_technology="biomass HOP",
        cost_note="DEA 09c straw heat-only plant",
        source=f"{_DEA}: straw heat-only plant",
    ),
    "diesel_boiler": Technology(
        "diesel",
        0.88,
        cost_technology="decentral oil boiler",
        cost_note="oil boiler (PyPSA assumption, Palzer thesis)",
        source="oil boiler, PyPSA technology-data",
    ),
    "chp_gas_engine": Technology(
        "natural_gas",
        0.45,
        electric_efficiency=0.43,
        base_load=True,
        makes_electricity=True,
        cost_technology="central gas CHP",
        cost_note="DEA 04 simple-cycle gas turbine CHP: the set's gas CHP row",
        cost_per_kw_electric=True,
        source=f"{_DEA}: gas-engine CHP heat 0.45, electricity 0.43",
    ),
    "chp_biomass": Technology(
        "wood_chips",
        0.70,
        electric_efficiency=0.15,
        base_load=True,
        makes_electricity=True,
        cost_technology="central solid biomass CHP",
        cost_note="DEA 09a wood-chip CHP",
        cost_per_kw_electric=True,
        source=f"{_DEA}: small biomass CHP (ORC) heat 0.70, electricity 0.15",
    ),
    "electric_boiler": Technology(
        "electricity",
        0.99,
        cost_technology="central resistive heater",
        cost_note="DEA 41 electric boiler",
        source=f"{_DEA}: electric boiler 0.99",
    ),
    "heat_pump": Technology(
        "electricity",
        float("nan"),
        max_supply_temp_c=70.0,
        efficiency_model="air_source_heat_pump",
        cost_technology="central air-sourced heat pump",
        cost_note="DEA 40 air-source heat pump, 3 MW",
        source=f"{_DEA}: air-to-water Carnot efficiency 0.4-0.5",
    ),
}.items():
    register_technology(_kind, _tech)

HEAT_PUMP_CARNOT_EFFICIENCY = 0.45
HEAT_PUMP_MIN_OUTDOOR_TEMP_C = -25.0
HEAT_PUMP_TEMPERATURE_APPROACH_K = 5.0


def heat_pump_cop(outdoor_temp_c, supply_temp_c):
    """Air-source heat pump COP at an outdoor and supply temperature (0 below its operating limit)."""
    sink = np.asarray(supply_temp_c, dtype=float) + HEAT_PUMP_TEMPERATURE_APPROACH_K + KELVIN_OFFSET
    source = np.asarray(outdoor_temp_c, dtype=float) - HEAT_PUMP_TEMPERATURE_APPROACH_K + KELVIN_OFFSET
    cop = np.clip(HEAT_PUMP_CARNOT_EFFICIENCY * sink / np.maximum(sink - source, 1.0), 1.0, 6.0)
    return np.where(np.asarray(outdoor_temp_c) < HEAT_PUMP_MIN_OUTDOOR_TEMP_C, 0.0, cop)


def fuel_use_per_day(kind: str, fuel: str, efficiency: float, heat_kw, outdoor_temp_c, supply_temp_c):
    """Fuel used per day (in the fuel's natural unit) to produce ``heat_kw`` continuously.

    For heat pumps the efficiency is the COP at the conditions; a heat pump below its operating
    limit returns NaN (it cannot run).
    """
    if uses_cop(kind):
        eff = heat_pump_cop(outdoor_temp_c, supply_temp_c)
        eff = np.where(eff > 0, eff, np.nan)
    else:
        eff = efficiency
    return np.asarray(heat_kw, dtype=float) * 24.0 / eff / FUELS[fuel].lhv_kwh_per_unit
