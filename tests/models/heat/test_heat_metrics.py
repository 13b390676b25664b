"""Heat metrics against closed-form cases: small hand-made result tables whose answers are known."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from teplovoda.models.heat import metrics
from teplovoda.models.heat.sources import TECHNOLOGIES, chp_kinds


def consumers(fractions, people=None, design_kw=None) -> pd.DataFrame:
    n = len(fractions)
    frac = np.asarray(fractions, dtype=float)
    design = np.asarray(design_kw if design_kw is not None else [100.0] * n, dtype=float)
    return pd.DataFrame(
        {
            "people": people if people is not None else [100.0] * n,
            "design_heat_kw": design,
            "delivered_kw": 0.5 * design * frac,  # at half the design load
            "delivered_fraction": frac,
            "return_temp_c": [40.0] * n,
        },
        index=pd.Index([f"B{i}" for i in range(n)], name="consumer"),
    )


@pytest.mark.parametrize(
    "fraction, cls",
    [(1.0, "heated"), (0.95, "heated"), (0.9499, "underheated"), (0.01, "underheated"), (0.0, "none"), (float("nan"), "unknown")],
)
def test_service_class_thresholds(fraction, cls):
    assert metrics.service_class(consumers([fraction])).iloc[0] == cls


def test_people_by_service_counts_each_building_once():
    c = consumers([1.0, 0.96, 0.5, 0.0, float("nan")], people=[10, 20, 40, 80, 160])
    p = metrics.people_by_service(c)
    assert p.to_dict() == {"people_heated": 30, "people_underheated": 40, "people_without_heat": 80, "people_total": 310}
    assert p.attrs["unit"] == "people"


def test_heat_delivered_and_annual_heat():
    c = consumers([1.0, 0.5, 0.0, 1.2], design_kw=[100, 200, 300, 50])
    assert metrics.heat_delivered_kw(c) == pytest.approx(0.5 * (100 + 100 + 0 + 60))
    # shares clipped to 1: (100 + 100 + 0 + 50) kW x 2,000 h = 500 MWh
    assert metrics.annual_heat_mwh(c, 2000.0) == pytest.approx(500.0)


def test_hours_to_indoor_temp_is_the_exponential_cool_down():
    """No heat: T(t) = T_out + (T_in - T_out) exp(-t / tau); half the heat: it settles at the midpoint, never below it."""
    c = consumers([0.0, 0.5, 1.0])
    tau = np.array([40.0, 40.0, 40.0])
    h12 = metrics.hours_to_indoor_temp_h(c, tau, -20.0, 12.0, indoor_temp_c=20.0)
    assert h12.iloc[0] == pytest.approx(40.0 * math.log((20 + 20) / (12 + 20)))
    assert h12.iloc[1] == pytest.approx(40.0 * math.log((20 - 0) / (12 - 0)))  # settles at 0 °C, so it passes 12 °C
    assert h12.iloc[2] == math.inf
    h0 = metrics.hours_to_indoor_temp_h(c, tau, -20.0, 0.0, indoor_temp_c=20.0)
    assert h0.iloc[0] == pytest.approx(40.0 * math.log(40 / 20))
    assert h0.iloc[1] == math.inf  # half the heat holds exactly 0 °C: never below
    assert h12.attrs["unit"] == "h"


def test_first_building_below_and_freeze_risk():
    c = consumers([0.0, 1.0])
    c["hours_to_12c_h"] = [9.2, math.inf]
    c["hours_to_0c_h"] = [27.7, math.inf]
    c["return_temp_c"] = [float("nan"), -1.0]
    assert metrics.first_building_below_h(c) == pytest.approx(9.2)
    assert metrics.first_building_below_h(c, "hours_to_0c_h") == pytest.approx(27.7)
    assert metrics.freeze_risk(c).tolist() == [True, True]  # rooms reach 0 °C; return water below 0 °C


def test_chp_output_counts_running_units_of_kinds_that_make_electricity():
    sources = pd.DataFrame(
        {
            "kind": ["chp_gas_engine", "chp_biomass", "gas_boiler", "chp_gas_engine", "heat_pump"],
            "role": ["injector", "master", "injector", "off", "injector"],
            "heat_kw": [1000.0, 700.0, 5000.0, 0.0, 300.0],
            "electricity_kw": [955.6, 150.0, 0.0, 0.0, -100.0],
        },
        index=["c1", "c2", "b", "c3", "hp"],
    )
    assert list(metrics.chp_sources(sources).index) == ["c1", "c2"]
    out = metrics.chp_output(sources)
    assert out["chp_heat_kw"] == pytest.approx(1700.0) and out["chp_electric_kw"] == pytest.approx(1105.6)
    assert metrics.running(sources).tolist() == [True, True, True, False, True]


def test_chp_kinds_are_declared_once_on_the_technologies():
    assert chp_kinds() == ("chp_gas_engine", "chp_biomass")
    for kind, tech in TECHNOLOGIES.items():
        assert tech.makes_electricity == (kind in chp_kinds())
        assert tech.makes_electricity == (tech.electric_efficiency > 0), kind
