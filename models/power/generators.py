"""Diesel generator sets: standard ratings, derating, motor-starting multipliers and the fuel curve.

Documented, overridable assumptions (a site scenario can replace each one):

* **Catalogue**: standard prime ratings 20 to 1,500 kVA at power factor 0.8 (the sizes gen-set makers
  list; units of 478-512 kW electrical are the 600-650 kVA class).
* **Derating** (ISO 8528-1 reference conditions: 1,000 m, 40 °C for most industrial sets): 1 % of
  rating per 100 m above 1,000 m and 0.4 % per kelvin above 40 °C, typical of turbocharged diesel
  data sheets (3-4 % per 300 m, 2 % per 5 K).
* **Motor starting**, starting kVA as a multiple of the motor's running kVA, and the power factor
  during the start:

  ============  ==========  =========  =====================================================
  method        multiple    start pf   basis
  ============  ==========  =========  =====================================================
  dol           6.0         0.35       locked-rotor current of IE2/IE3 cage motors 5.5-7 x
                                       rated (IEC 60034-12 design N; NEMA MG-1 code G)
  star_delta    2.0         0.35       one third of the direct-on-line current
  soft_starter  3.0         0.40       current limit usually set at 2.5-3.5 x rated
  vfd           1.1         0.95       a drive draws about rated current, near unity pf
  ============  ==========  =========  =====================================================

  A cheaper start for a motor that forces a bigger set is sought in :data:`STARTER_UPGRADES`, in
  order of cost: a soft starter (a fraction of a drive's price), then a drive. Star-delta is not
  offered: its open changeover from star to delta draws a current peak close to direct-on-line, which
  the 2.0 multiple above does not show, and it needs a motor with six terminals wound for delta.
* **Voltage-dip limit** during a motor start, ``max_voltage_dip_pct`` of ``[site]`` (default 20 %):
  15-35 % is the common range for starting motors on a generator; contactors and controls may drop
  out below about 70-80 % voltage, so a limit above 30 % suits a site with nothing sensitive on it.
* **Transient reactance** of the alternator, ``X'd = 0.25`` per unit on its rating (salient-pole
  gen-set alternators 0.15-0.30): the motor-start voltage dip is computed with the alternator as an
  EMF behind it (IEEE 399, motor-starting studies).
* **Fuel curve** ``F = F0 * rated_kw + F1 * output_kw`` (L/h), ``F0 = 0.0270`` and ``F1 = 0.2471``:
  the relative least-squares fit of the dealers' approximate consumption chart shipped in
  ``data/diesel_fuel_consumption_chart.csv`` (20-2,250 kW at 1/4 to full load); mean error 8 %,
  within 10.4 % for units of 100 kW and more (tested).
* **Wet stacking**: a diesel set run below 30 % of its rated kW does not reach the temperature that
  burns its fuel completely; unburnt fuel and soot collect in the exhaust (makers' guidance: at
  least 30 % load, else periodic runs on a load bank). :func:`wet_stacking` flags such a set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.power.checks import between
from teplovoda.models.scenario import bounded

CATALOGUE_KVA = (
    20,
    30,
    40,
    50,
    60,
    80,
    100,
    125,
    150,
    200,
    250,
    300,
    350,
    400,
    450,
    500,
    550,
    600,
    650,
    750,
    800,
    900,
    1000,
    1100,
    1250,
    1400,
    1500,
)
GENERATOR_POWER_FACTOR = 0.8
US_GALLON_L = 3.785411784
FUEL_CHART = Path(__file__).parent / "data" / "diesel_fuel_consumption_chart.csv"
FUEL_F0_L_PER_H_PER_KW_RATED = 0.0270
FUEL_F1_L_PER_H_PER_KW_OUTPUT = 0.2471
#: Lowest load (share of rated kW) a diesel set should run at for long (wet stacking below it).
WET_STACKING_MIN_LOAD_PCT = 30.0


@dataclass(frozen=True)
class StartingMethod:
    kva_multiple: float
    power_factor: float


STARTING_METHODS = {
    "dol": StartingMethod(6.0, 0.35),
    "star_delta": StartingMethod(2.0, 0.35),
    "soft_starter": StartingMethod(3.0, 0.40),
    "vfd": StartingMethod(1.1, 0.95),
}

#: Starter changes offered for a motor whose start forces a bigger set, cheapest first (module doc).
STARTER_UPGRADES = ("soft_starter", "vfd")
#: The range of voltage-dip limits commonly used for motor starting on a generator (%).
COMMON_DIP_LIMIT_RANGE_PCT = (15.0, 35.0)


@dataclass(frozen=True)
class GeneratorAssumptions:
    """Overridable generator assumptions (see module doc)."""

    power_factor: float = bounded(GENERATOR_POWER_FACTOR, ge=0.5, le=1)
    transient_reactance_pu: float = bounded(0.25, gt=0, lt=1)
    altitude_derate_pct_per_100m: float = bounded(1.0, ge=0, le=100, unit="%")
    altitude_reference_m: float = bounded(1000.0, ge=-500, le=6000, unit="m")
    temperature_derate_pct_per_k: float = bounded(0.4, ge=0, le=100, unit="%")
    temperature_reference_c: float = bounded(40.0, ge=-60, le=60, unit="°C")
    fuel_f0_l_per_h_per_kw_rated: float = bounded(FUEL_F0_L_PER_H_PER_KW_RATED, ge=0, le=10)
    fuel_f1_l_per_h_per_kw_output: float = bounded(FUEL_F1_L_PER_H_PER_KW_OUTPUT, gt=0, le=10)

    def __post_init__(self):
        if not (0.5 <= self.power_factor <= 1.0):
            raise InputError(between("power_factor", 0.5, 1, self.power_factor))
        if not (0 < self.transient_reactance_pu < 1):
            raise InputError(Msg("power.reactance", "transient_reactance_pu must be between 0 and 1"))
        if self.fuel_f0_l_per_h_per_kw_rated < 0 or self.fuel_f1_l_per_h_per_kw_output <= 0:
            raise InputError(Msg("power.fuel_curve", "fuel curve coefficients must be positive"))


def derating_factor(a: GeneratorAssumptions, altitude_m: float, ambient_temp_c: float) -> float:
    """Share of the nameplate rating available at a site's altitude and ambient temperature."""
    loss = a.altitude_derate_pct_per_100m * max(altitude_m - a.altitude_reference_m, 0.0) / 100.0
    loss += a.temperature_derate_pct_per_k * max(ambient_temp_c - a.temperature_reference_c, 0.0)
    return max(1.0 - loss / 100.0, 0.0)


def fuel_l_per_h(a: GeneratorAssumptions, rated_kw, output_kw):
    """Fuel use (L/h) of a running set: ``F0 * rated_kw + F1 * output_kw``."""
    return a.fuel_f0_l_per_h_per_kw_rated * np.asarray(rated_kw, dtype=float) + a.fuel_f1_l_per_h_per_kw_output * np.asarray(
        output_kw, dtype=float
    )


def wet_stacking(a: GeneratorAssumptions, sets_kva, load_kw: float) -> list[dict]:
    """Sets among ``sets_kva`` (each once, ``None`` skipped) that would carry ``load_kw`` below
    :data:`WET_STACKING_MIN_LOAD_PCT` of their rated kW (``kVA x power factor``).

    Returns one dict per such set: ``kva``, ``load_pct`` (load as % of rated kW), ``min_load_pct``.
    """
    flagged = []
    for kva in dict.fromkeys(k for k in sets_kva if k is not None):
        load_pct = 100.0 * max(load_kw, 0.0) / (kva * a.power_factor)
        if load_pct < WET_STACKING_MIN_LOAD_PCT:
            flagged.append({"kva": float(kva), "load_pct": load_pct, "min_load_pct": WET_STACKING_MIN_LOAD_PCT})
    return flagged


def fuel_chart_l_per_h() -> pd.DataFrame:
    """The shipped consumption chart as rows of (rated_kw, output_kw, fuel_l_per_h)."""
    t = pd.read_csv(FUEL_CHART, comment="#")
    rows = []
    for frac, col in (
        (0.25, "quarter_load_gal_per_h"),
        (0.5, "half_load_gal_per_h"),
        (0.75, "three_quarter_load_gal_per_h"),
        (1.0, "full_load_gal_per_h"),
    ):
        rows.append(
            pd.DataFrame({"rated_kw": t["rated_kw"], "output_kw": frac * t["rated_kw"], "fuel_l_per_h": t[col] * US_GALLON_L})
        )
    return pd.concat(rows, ignore_index=True)


def fit_fuel_curve(chart: pd.DataFrame) -> tuple[float, float]:
    """Relative least-squares fit of ``F0, F1`` to a consumption chart (every entry weighs the same in %)."""
    y = chart["fuel_l_per_h"].to_numpy(float)
    a = np.c_[chart["rated_kw"].to_numpy(float), chart["output_kw"].to_numpy(float)] / y[:, None]
    coef, *_ = np.linalg.lstsq(a, np.ones(len(y)), rcond=None)
    return float(coef[0]), float(coef[1])
