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


@dataclass(frozen=True)
class Technology:
    """Defaults of a heat-source kind."""

    fuel: str
    efficiency: float  # heat out / fuel in (LHV); for heat pumps the COP is computed instead
    electric_efficiency: float = 0.0  # electricity out / fuel in (CHP)
    max_supply_temp_c: float = 95.0
    max_pump_head_bar: float = 4.0  # circulation pumps of mobile and modular units
    base_load: bool = False  # dispatched first, at full capacity (CHP: its electricity is wanted)
    #: the kind makes electricity (CHP): the one declaration the thermal solve's ``electricity_kw`` and
    #: the cogeneration comparison read (``electric_efficiency`` alone is a per-source figure)
    makes_electricity: bool = False


TECHNOLOGIES = {
    "central_plant": Technology("natural_gas", 0.88, max_pump_head_bar=8.0),
    "gas_boiler": Technology("natural_gas", 0.92),
    "biomass_boiler": Technology("wood_chips", 0.85),
    "agri_residue_boiler": Technology("agricultural_residue", 0.80),
    "diesel_boiler": Technology("diesel", 0.88),
    "chp_gas_engine": Technology("natural_gas", 0.45, electric_efficiency=0.43, base_load=True, makes_electricity=True),
    "chp_biomass": Technology("wood_chips", 0.70, electric_efficiency=0.15, base_load=True, makes_electricity=True),
    "electric_boiler": Technology("electricity", 0.99),
    "heat_pump": Technology("electricity", float("nan"), max_supply_temp_c=70.0),
}
#: Heat-source kinds that make electricity (read from :data:`TECHNOLOGIES`).
CHP_KINDS = tuple(kind for kind, tech in TECHNOLOGIES.items() if tech.makes_electricity)

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
    if kind == "heat_pump":
        eff = heat_pump_cop(outdoor_temp_c, supply_temp_c)
        eff = np.where(eff > 0, eff, np.nan)
    else:
        eff = efficiency
    return np.asarray(heat_kw, dtype=float) * 24.0 / eff / FUELS[fuel].lhv_kwh_per_unit
