"""Heat-service metrics: pure functions of a heat solve's result tables, as :mod:`teplovoda.models.water.metrics`.

The functions take ``HeatResult.consumers`` (index = consumer) or ``HeatResult.sources`` (index =
source) and return a number, or a Series whose unit is in its names (and in ``attrs["unit"]``).

Service classes of a building, from the fraction of its demand it receives:

* ``heated``: at least :data:`HEATED_FRACTION` (95 %) of its demand;
* ``underheated``: some heat, but less than that;
* ``none``: no heat at all.

People follow their building's class, and so do households, pupils and patients: ``people`` are
residents only (a school's pupils and a hospital's patients live in apartment blocks and are
counted there as residents), so pupils and patients are their own counts and never add to people.
A building without demand (a summer day) receives all of it
(fraction 1) and counts as heated; a fraction the solve could not give (NaN) is ``unknown`` and its
people count in no class.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from teplovoda.models.heat import physics
from teplovoda.models.heat.sources import chp_kinds

#: A consumer receiving at least this fraction of its demand counts as heated.
HEATED_FRACTION = 0.95
#: Water or a room below this temperature (°C) freezes.
FREEZE_TEMP_C = 0.0


def service_class(consumers: pd.DataFrame) -> pd.Series:
    """``heated`` / ``underheated`` / ``none`` per consumer (see the module doc for the thresholds)."""
    frac = consumers["delivered_fraction"].to_numpy(float)
    cls = np.select([frac >= HEATED_FRACTION, frac > 0.0, frac <= 0.0], ["heated", "underheated", "none"], default="unknown")
    return pd.Series(cls, index=consumers.index, name="service")


#: The occupant counts of a consumers table that follow their building's service class (``people`` = residents).
OCCUPANTS = ("people", "households", "pupils", "patients")


def people_by_service(consumers: pd.DataFrame) -> pd.Series:
    """Residents (``people_*``), households, pupils and patients heated, underheated, without heat and in total.

    Keys ``<group>_heated``, ``<group>_underheated``, ``<group>_without_heat``, ``<group>_total`` for each group of
    :data:`OCCUPANTS` present in the table (people always). Unit: persons (households for ``households_*``).
    """
    cls = service_class(consumers).to_numpy()
    out = {}
    for group in OCCUPANTS:
        if group not in consumers and group != "people":
            continue
        count = consumers[group].to_numpy(float)
        out[f"{group}_heated"] = float(count[cls == "heated"].sum())
        out[f"{group}_underheated"] = float(count[cls == "underheated"].sum())
        out[f"{group}_without_heat"] = float(count[cls == "none"].sum())
        out[f"{group}_total"] = float(count.sum())
    s = pd.Series(out, name="people")
    s.attrs["unit"] = "people"
    return s


def heat_delivered_kw(consumers: pd.DataFrame) -> float:
    """Heat the substations deliver at the solve's conditions, kW."""
    return float(consumers["delivered_kw"].sum())


def annual_heat_mwh(consumers: pd.DataFrame, full_load_hours: float) -> float:
    """Heat delivered in a year, MWh: each building's delivered share x its design load x ``full_load_hours``.

    ``full_load_hours`` is the heating season in design-load hours (h); the share is the one solved
    at the snapshot's outdoor temperature, held over the season (clipped to 0-1).
    """
    share = consumers["delivered_fraction"].clip(0, 1)
    return float((share * consumers["design_heat_kw"]).sum() * full_load_hours / 1e3)


def hours_to_indoor_temp_h(
    consumers: pd.DataFrame, time_constant_h, outdoor_temp_c: float, threshold_c: float, *, indoor_temp_c: float = 20.0
) -> pd.Series:
    """Hours until each building's rooms fall below ``threshold_c`` (°C) on the heat it receives, h (inf: never).

    ``time_constant_h``: per consumer, in the table's order (h). The building cools from
    ``indoor_temp_c`` towards the temperature its delivered share holds
    (:func:`teplovoda.models.heat.physics.cool_down_hours`).
    """
    hours = physics.cool_down_hours(
        time_constant_h, outdoor_temp_c, consumers["delivered_fraction"], threshold_c, indoor_temp_c=indoor_temp_c
    )
    s = pd.Series(np.asarray(hours, dtype=float), index=consumers.index, name=f"hours_to_{threshold_c:g}c_h")
    s.attrs["unit"] = "h"
    return s


def first_building_below_h(consumers: pd.DataFrame, column: str = "hours_to_12c_h") -> float:
    """Hours until the first building falls below a temperature (``column``: ``hours_to_12c_h`` or ``hours_to_0c_h``), h."""
    return float(consumers[column].min())


def freeze_risk(consumers: pd.DataFrame) -> pd.Series:
    """True for buildings whose rooms will fall below 0 °C, or whose return water is below 0 °C."""
    risk = (consumers["hours_to_0c_h"] < np.inf) | (consumers["return_temp_c"] < FREEZE_TEMP_C)
    return risk.rename("freeze_risk")


def running(sources: pd.DataFrame) -> pd.Series:
    """True for sources that make heat now (in service, a role in their island, heat > 0)."""
    return ((sources["role"] != "off") & (sources["heat_kw"].fillna(0.0) > 0)).rename("running")


def chp_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """The running sources of kinds that make electricity (:func:`teplovoda.models.heat.sources.chp_kinds`)."""
    return sources[running(sources) & sources["kind"].isin(chp_kinds())]


def chp_output(sources: pd.DataFrame) -> pd.Series:
    """Heat and electricity of the running CHP units: ``chp_heat_kw``, ``chp_electric_kw`` (kW)."""
    chp = chp_sources(sources)
    s = pd.Series(
        {
            "chp_heat_kw": float(chp["heat_kw"].sum()),
            "chp_electric_kw": float(chp["electricity_kw"].clip(lower=0.0).sum()),
        },
        name="chp",
    )
    s.attrs["unit"] = "kW"
    return s


__all__ = [
    "HEATED_FRACTION",
    "FREEZE_TEMP_C",
    "OCCUPANTS",
    "service_class",
    "people_by_service",
    "heat_delivered_kw",
    "annual_heat_mwh",
    "hours_to_indoor_temp_h",
    "first_building_below_h",
    "freeze_risk",
    "running",
    "chp_sources",
    "chp_output",
]
