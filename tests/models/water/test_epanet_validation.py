"""Validation of teplovoda's water hydraulics against EPANET 2.2 (wntr's EpanetSimulator).

Base case = EPANET's time-0 snapshot: demands at the first pattern step, tanks at their initial
level (fixed head), link statuses after the simple controls that fire at time 0. Both sides
solve the same .inp file; teplovoda reads it through its own importer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import wntr

from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from tests.conftest import epanet_snapshot, library_inp

DDA = HydraulicOptions(demand_model="dda")
TOLERANCE_M = 0.5  # the acceptance bound; measured differences are ~1e-4 m


def pressure_differences(inp_path, tmp_path):
    wn = read_wntr_model(inp_path)
    ref = epanet_snapshot(wn, tmp_path)
    res = solve(read_inp(inp_path), DDA)
    assert res.converged, res.reason
    j = res.junctions[res.junctions["type"] == "junction"]
    p_ref = ref.node["pressure"].iloc[0].reindex(j.index)
    assert p_ref.notna().all()
    return (j["pressure_m"] - p_ref).abs(), res, ref


@pytest.mark.parametrize("network", ["Net1", "Net3"])
def test_junction_pressures_match_epanet(network, tmp_path, record_property):
    diff, res, ref = pressure_differences(library_inp(network), tmp_path)
    record_property("max_pressure_difference_m", float(diff.max()))
    record_property("mean_pressure_difference_m", float(diff.mean()))
    print(
        f"\n{network}: {len(diff)} junctions, pressure vs EPANET 2.2: max {diff.max():.5f} m, "
        f"mean {diff.mean():.6f} m (worst at {diff.idxmax()})"
    )
    assert diff.max() < TOLERANCE_M
    # pump flows and statuses too (EPANET status: 0 closed, 1 open)
    flows = ref.link["flowrate"].iloc[0] * 3600.0
    status = ref.link["status"].iloc[0]
    for name, link in res.links[res.links["kind"] == "pump"].iterrows():
        assert (link["status"] == "open") == (status[name] == 1), name
        assert link["flow_m3_per_h"] == pytest.approx(flows[name], abs=1.0, rel=1e-3)


@pytest.mark.filterwarnings("ignore:Changing the headloss formula")
def test_darcy_weisbach_network_in_litres_per_second(tmp_path, record_property):
    """A D-W network written in LPS (metric) units: roughness and unit conversion both exercised."""
    wn = wntr.network.WaterNetworkModel(str(library_inp("Net1")))
    wn.options.hydraulic.headloss = "D-W"
    wn.options.hydraulic.viscosity = 1.0
    for _, pipe in wn.pipes():
        pipe.roughness = 0.5e-3  # m, 0.5 mm: wntr keeps D-W roughness in metres
    path = tmp_path / "net1_dw_lps.inp"
    wntr.network.write_inpfile(wn, str(path), units="LPS")
    diff, _, _ = pressure_differences(path, tmp_path)
    print(f"\nNet1 D-W/LPS: max {diff.max():.4f} m, mean {diff.mean():.5f} m")
    record_property("max_pressure_difference_m", float(diff.max()))
    # pandapipes takes water's viscosity at 20 °C, EPANET 1.0e-6 m2/s x VISCOSITY: a few cm at most
    assert diff.max() < 0.1


def synthetic_model():
    """A small network with a PRV, a check-valve pipe, two identical parallel pumps and a tank."""
    wn = wntr.network.WaterNetworkModel()
    wn.add_pattern("flat", [1.0])
    wn.add_reservoir("R", base_head=20.0, coordinates=(0, 0))
    wn.add_junction("S", base_demand=0.0, elevation=0.0, coordinates=(1, 0))
    wn.add_junction("P", base_demand=0.0, elevation=0.0, coordinates=(2, 0))
    wn.add_junction("A", base_demand=0.030, elevation=30.0, demand_pattern="flat", coordinates=(3, 0))
    wn.add_junction("B", base_demand=0.020, elevation=10.0, demand_pattern="flat", coordinates=(4, 0))
    wn.add_junction("C", base_demand=0.010, elevation=5.0, demand_pattern="flat", coordinates=(4, 1))
    wn.add_junction("D", base_demand=0.0, elevation=60.0, coordinates=(3, 1))
    wn.add_tank("T", elevation=70.0, init_level=3.0, min_level=0.5, max_level=6.0, diameter=15.0, coordinates=(2, 1))
    wn.add_curve("pc", "HEAD", [(0.04, 70.0)])
    wn.add_pipe("p1", "R", "S", length=50, diameter=0.4, roughness=120)
    wn.add_pump("pu1", "S", "P", pump_type="HEAD", pump_parameter="pc")
    wn.add_pump("pu2", "S", "P", pump_type="HEAD", pump_parameter="pc")
    wn.add_pipe("p2", "P", "A", length=800, diameter=0.3, roughness=110)
    wn.add_valve("prv", "A", "B", diameter=0.2, valve_type="PRV", initial_setting=35.0)
    wn.add_pipe("p3", "B", "C", length=400, diameter=0.15, roughness=100)
    # a check-valve pipe that lets the tank feed D but not D fill the tank: at these heads it closes
    wn.add_pipe("cv", "T", "D", length=300, diameter=0.2, roughness=100, check_valve=True)
    wn.add_pipe("p4", "A", "D", length=600, diameter=0.2, roughness=100)
    wn.add_pipe("p5", "T", "C", length=900, diameter=0.1, roughness=100)
    return wn


@pytest.mark.parametrize("prv_setting_m, expect_prv", [(35.0, "active"), (90.0, "open")])
def test_prv_check_valve_and_parallel_pumps_match_epanet(tmp_path, prv_setting_m, expect_prv, record_property):
    wn = synthetic_model()
    wn.get_link("prv").initial_setting = prv_setting_m
    path = tmp_path / "synthetic.inp"
    wntr.network.write_inpfile(wn, str(path), units="LPS")
    diff, res, ref = pressure_differences(path, tmp_path)
    print(f"\nsynthetic (PRV {prv_setting_m} m): max {diff.max():.5f} m")
    record_property("max_pressure_difference_m", float(diff.max()))
    assert diff.max() < 0.01
    status = ref.link["status"].iloc[0]
    assert res.links.at["prv", "status"] == expect_prv
    assert status["prv"] == (2 if expect_prv == "active" else 1) or expect_prv == "open"
    # the check valve is closed in both (flow would run back into the tank)
    assert res.links.at["cv", "status"] == "closed"
    assert status["cv"] == 0
    flows = ref.link["flowrate"].iloc[0] * 3600.0
    for pump in ("pu1", "pu2"):
        assert res.links.at[pump, "flow_m3_per_h"] == pytest.approx(flows[pump], rel=1e-3)


def test_pump_that_cannot_lift_is_closed_like_epanet(tmp_path):
    wn = synthetic_model()
    wn.get_node("R").head_timeseries.base_value = -60.0  # suction far below: pumps cannot reach the tank
    path = tmp_path / "weak.inp"
    wntr.network.write_inpfile(wn, str(path), units="LPS")
    diff, res, ref = pressure_differences(path, tmp_path)
    status = ref.link["status"].iloc[0]
    assert status["pu1"] == 0 and status["pu2"] == 0
    assert (res.links.loc[["pu1", "pu2"], "status"] == "closed").all()
    assert diff.max() < 0.01


def test_results_tables_have_units_in_names():
    res = solve(read_inp(library_inp("Net1")), DDA)
    for col in ("head_m", "pressure_m", "demand_required_m3_per_h", "demand_m3_per_h", "leak_m3_per_h"):
        assert col in res.junctions
    for col in ("flow_m3_per_h", "velocity_m_per_s", "headloss_m"):
        assert col in res.links
    assert isinstance(res.junctions.index, pd.Index) and res.junctions.index.name == "junction"
    assert np.isfinite(res.sources["outflow_m3_per_h"]).all()
