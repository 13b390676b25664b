"""Pressure-dependent demand and leaks against independent references.

* WNTR's own pressure-dependent-demand simulator (WNTRSimulator, Wagner's equation with its
  smoothing near the thresholds) on the same networks;
* WNTR's leak model (orifice ``Cd A sqrt(2 g p)`` at a split pipe) for a pipe break;
* a closed-form solution: a reservoir feeding an orifice through one Hazen-Williams pipe.

Tolerances: WNTR smooths Wagner's curve within a small band around each threshold, so a node sitting
exactly there can differ slightly; measured differences are 1e-4 m3/h and 1e-4 m.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import wntr
from scipy.optimize import brentq

from teplovoda.models.water import metrics
from teplovoda.models.water.damage import PipeBreak, apply_damage
from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from teplovoda.models.water.network import add_junctions, add_leaks, add_pipes, add_reservoir, create_water_network
from tests.conftest import library_inp

#: EPANET stops at a relative flow change of 0.001 (Net3's ACCURACY); WNTR iterates its Newton much
#: further: node demands in the partial range then differ by up to 0.13 m3/h (of 10-1,000 m3/h).
DEMAND_TOLERANCE_M3_PER_H = 0.2


def hazen_williams_headloss_m(flow_m3_per_s, diameter_m, length_m, c):
    """EPANET's Hazen-Williams head loss in SI units (the closed-form reference)."""
    return 10.667 * length_m * flow_m3_per_s**1.852 / (c**1.852 * diameter_m**4.871)


PRESSURE_TOLERANCE_M = 0.02


def wntr_pdd(wn, pmin, preq):
    wn.options.time.duration = 0
    wn.options.hydraulic.demand_model = "PDD"
    wn.options.hydraulic.minimum_pressure = pmin
    wn.options.hydraulic.required_pressure = preq
    wn.options.hydraulic.pressure_exponent = 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wntr.sim.WNTRSimulator(wn).run_sim()


@pytest.mark.parametrize(
    "network, pmin, preq",
    [("Net1", 0.0, 100.0), ("Net3", 0.0, 40.0), ("Net3", 0.0, 70.0), ("Net3", 10.0, 60.0)],
)
def test_pdd_matches_wntr(network, pmin, preq, record_property):
    ref = wntr_pdd(read_wntr_model(library_inp(network)), pmin, preq)
    res = solve(read_inp(library_inp(network)), HydraulicOptions(min_pressure_m=pmin, required_pressure_m=preq))
    assert res.converged, res.reason
    j = res.junctions[res.junctions["type"] == "junction"]
    d_ref = ref.node["demand"].iloc[0].reindex(j.index) * 3600.0
    p_ref = ref.node["pressure"].iloc[0].reindex(j.index)
    dd = (j["demand_m3_per_h"] - d_ref).abs()
    dp = (j["pressure_m"] - p_ref).abs()
    partial = int((metrics.service_class(res.junctions).reindex(j.index) == "partial").sum())
    record_property("max_demand_difference_m3_per_h", float(dd.max()))
    record_property("max_pressure_difference_m", float(dp.max()))
    print(
        f"\n{network} PDD {pmin}-{preq} m: {partial} partly served nodes, delivered {j['demand_m3_per_h'].sum():.2f} "
        f"vs WNTR {d_ref.sum():.2f} m3/h; max node demand diff {dd.max():.2e} m3/h, max pressure diff {dp.max():.2e} m"
    )
    assert partial > 0 or network == "Net1"  # the case must actually exercise the partial range
    assert dd.max() < DEMAND_TOLERANCE_M3_PER_H
    assert dp.max() < PRESSURE_TOLERANCE_M


def test_pipe_break_leak_matches_wntr_leak_model(record_property):
    area_m2, cd, pipe = 0.04, 0.75, "153"
    wn = read_wntr_model(library_inp("Net3"))
    wn = wntr.morph.split_pipe(wn, pipe, f"{pipe}_b", f"{pipe}_break", split_at_point=0.5)
    wn.get_node(f"{pipe}_break").add_leak(wn, area=area_m2, discharge_coeff=cd, start_time=0)
    ref = wntr_pdd(wn, 0.0, 20.0)
    leak_ref = float(ref.node["leak_demand"].iloc[0][f"{pipe}_break"]) * 3600.0

    net = apply_damage(
        read_inp(library_inp("Net3")), [PipeBreak(pipe=pipe, leak_area_cm2=area_m2 * 1e4, discharge_coefficient=cd)]
    )
    res = solve(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0))
    assert res.converged
    leak = res.junctions.at[f"{pipe}_break", "leak_m3_per_h"]
    print(f"\nleak on {pipe}: teplovoda {leak:.3f} m3/h, WNTR {leak_ref:.3f} m3/h")
    record_property("leak_relative_difference", abs(leak - leak_ref) / leak_ref)
    assert leak == pytest.approx(leak_ref, rel=1e-3)
    j = res.junctions[res.junctions["type"] == "junction"]
    dp = (j["pressure_m"] - ref.node["pressure"].iloc[0].reindex(j.index)).abs()
    assert dp.max() < PRESSURE_TOLERANCE_M


@pytest.mark.parametrize("pipe", ["40", "20"])  # 40 ends at tank 1, 20 at tank 3: splitting renumbers tanks in EPANET
def test_a_break_next_to_a_tank_matches_wntr(pipe):
    area_m2, cd = 0.02, 0.75
    wn = read_wntr_model(library_inp("Net3"))
    wn = wntr.morph.split_pipe(wn, pipe, f"{pipe}_b", f"{pipe}_break", split_at_point=0.3)
    wn.get_node(f"{pipe}_break").add_leak(wn, area=area_m2, discharge_coeff=cd, start_time=0)
    ref = wntr_pdd(wn, 0.0, 20.0)
    net = apply_damage(
        read_inp(library_inp("Net3")), [PipeBreak(pipe=pipe, leak_area_cm2=area_m2 * 1e4, discharge_coefficient=cd, position=0.3)]
    )
    res = solve(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0))
    assert res.converged
    assert res.links.at[f"{pipe}_b", "to_junction"] == wn.get_link(f"{pipe}_b").end_node_name
    leak_ref = float(ref.node["leak_demand"].iloc[0][f"{pipe}_break"]) * 3600.0
    assert res.junctions.at[f"{pipe}_break", "leak_m3_per_h"] == pytest.approx(leak_ref, rel=1e-3)
    j = res.junctions[res.junctions["type"] == "junction"]
    assert (j["pressure_m"] - ref.node["pressure"].iloc[0].reindex(j.index)).abs().max() < PRESSURE_TOLERANCE_M


def test_many_breaks_at_once_match_wntr():
    """A sampled event breaks many pipes; they are split together (one table update), as WNTR splits them one by one."""
    pipes, area_m2, cd = ["153", "40", "20", "101", "123"], 0.01, 0.7
    wn = read_wntr_model(library_inp("Net3"))
    for p in pipes:
        wn = wntr.morph.split_pipe(wn, p, f"{p}_b", f"{p}_break", split_at_point=0.5)
        wn.get_node(f"{p}_break").add_leak(wn, area=area_m2, discharge_coeff=cd, start_time=0)
    ref = wntr_pdd(wn, 0.0, 20.0)
    damage = [PipeBreak(pipe=p, leak_area_cm2=area_m2 * 1e4, discharge_coefficient=cd) for p in pipes]
    net = apply_damage(read_inp(library_inp("Net3")), damage)
    assert list(net.damage["element"]) == pipes
    res = solve(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0))
    for p in pipes:
        leak_ref = float(ref.node["leak_demand"].iloc[0][f"{p}_break"]) * 3600.0
        assert res.junctions.at[f"{p}_break", "leak_m3_per_h"] == pytest.approx(leak_ref, rel=2e-3), p
    j = res.junctions[res.junctions["type"] == "junction"]
    assert (j["pressure_m"] - ref.node["pressure"].iloc[0].reindex(j.index)).abs().max() < PRESSURE_TOLERANCE_M


def test_orifice_through_one_pipe_matches_closed_form():
    """Reservoir at head H, one Hazen-Williams pipe, an orifice at its end: H = hf(Q) + (Q/(Cd A))^2/2g."""
    head, length, diameter, c, area, cd, z = 60.0, 1500.0, 0.3, 110.0, 0.01, 0.8, 10.0
    net = create_water_network("closed-form")
    add_reservoir(net, "R", head)
    add_junctions(net, ["N"], z)
    add_pipes(net, ["P"], ["R"], ["N"], length_m=length, diameter_m=diameter, hazen_williams_c=c)
    add_leaks(net, ["N"], area_m2=area, discharge_coefficient=cd)

    def residual(q):
        return head - z - hazen_williams_headloss_m(q, diameter, length, c) - (q / (cd * area)) ** 2 / (2 * 9.81)

    q_exact = brentq(residual, 1e-9, 1.0) * 3600.0
    res = solve(net, HydraulicOptions(demand_model="dda"))
    assert res.converged
    assert res.junctions.at["N", "leak_m3_per_h"] == pytest.approx(q_exact, rel=1e-5)
    p_exact = (q_exact / 3600.0 / (cd * area)) ** 2 / (2 * 9.81)
    assert res.junctions.at["N", "pressure_m"] == pytest.approx(p_exact, abs=1e-3)


def test_wagner_curve_on_a_single_node():
    """One node fed through one pipe: the delivered demand solves Wagner's equation exactly."""
    head, length, diameter, c, z, demand, pmin, preq = 40.0, 2000.0, 0.15, 100.0, 0.0, 120.0, 5.0, 45.0
    net = create_water_network("wagner")
    add_reservoir(net, "R", head)
    add_junctions(net, ["N"], z, demand_m3_per_h=demand)
    add_pipes(net, ["P"], ["R"], ["N"], length_m=length, diameter_m=diameter, hazen_williams_c=c)

    def residual(q_m3_per_h):
        p = head - z - hazen_williams_headloss_m(q_m3_per_h / 3600.0, diameter, length, c)
        return q_m3_per_h - demand * math.sqrt(max(p - pmin, 0.0) / (preq - pmin))

    q_exact = brentq(residual, 1e-6, demand)
    res = solve(net, HydraulicOptions(min_pressure_m=pmin, required_pressure_m=preq))
    assert res.converged
    assert res.junctions.at["N", "demand_m3_per_h"] == pytest.approx(q_exact, rel=1e-5)
    assert 0 < q_exact < demand


def test_node_below_minimum_pressure_gets_nothing_and_leak_takes_no_air():
    net = create_water_network("dry")
    add_reservoir(net, "R", 20.0)
    add_junctions(net, ["LOW", "HIGH"], [0.0, 30.0], demand_m3_per_h=[10.0, 10.0])
    add_pipes(net, ["A", "B"], ["R", "LOW"], ["LOW", "HIGH"], length_m=100.0, diameter_m=0.2, hazen_williams_c=120)
    add_leaks(net, ["HIGH"], area_m2=0.01)
    res = solve(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=15.0))
    assert res.converged
    assert res.junctions.at["HIGH", "demand_m3_per_h"] == 0.0  # 10 m below the reservoir's head
    assert res.junctions.at["HIGH", "leak_m3_per_h"] == 0.0
    assert res.junctions.at["LOW", "demand_m3_per_h"] == pytest.approx(10.0)
    assert metrics.service_class(res.junctions).to_dict() == {"LOW": "full", "HIGH": "none"}
    assert np.isfinite(res.junctions.at["HIGH", "pressure_m"])
    # and no water comes in through the break either: the reservoir feeds exactly what LOW takes
    # (EPANET 2.3's emitters let water in at negative pressure unless told not to)
    assert res.sources.at["R", "outflow_m3_per_h"] == pytest.approx(10.0, rel=1e-4)
    assert res.links.at["B", "flow_m3_per_h"] == pytest.approx(0.0, abs=1e-3)
    assert res.junctions.at["LOW", "head_m"] < 20.0


def test_repeated_solves_do_not_depend_on_what_was_solved_before():
    """Projects stay open between solves; EPANET's initH restarts each from the file's initial state."""
    net = read_inp(library_inp("Net3"))
    broken = apply_damage(net, [PipeBreak(pipe="153", leak_area_cm2=300.0)])
    options = HydraulicOptions(min_pressure_m=0.0, required_pressure_m=40.0)
    first = solve(net, options)
    solve(broken, options)
    solve(net, HydraulicOptions(demand_model="dda"))
    again = solve(net, options)
    pd.testing.assert_frame_equal(first.junctions, again.junctions, check_exact=True)
    pd.testing.assert_frame_equal(first.links, again.links, check_exact=True)


@pytest.mark.parametrize("q_design, h_design, demand", [(50.0, 30.0, 40.0), (120.0, 45.0, 90.0)])
def test_a_pump_built_in_code_lifts_as_its_one_point_curve_says(q_design, h_design, demand):
    """EPANET's one-point curve: H(q) = 4/3 Hd (1 - (q / 2 Qd)**2); the pump lifts the demand's flow by H(q)."""
    from teplovoda.models.water.network import add_pump

    net = create_water_network("pump")
    add_reservoir(net, "R", 10.0)
    add_junctions(net, ["A", "B"], [0.0, 5.0], demand_m3_per_h=[0.0, demand])
    add_pipes(net, ["P"], ["R"], ["A"], length_m=100.0, diameter_m=0.3, hazen_williams_c=120)
    add_pump(net, "PU", "A", "B", flow_m3_per_h=[q_design], head_m=[h_design])
    res = solve(net, HydraulicOptions(demand_model="dda"))
    assert res.converged
    lift = 4.0 / 3.0 * h_design * (1 - (demand / (2 * q_design)) ** 2)
    assert -res.links.at["PU", "headloss_m"] == pytest.approx(lift, abs=1e-3)
    assert res.links.at["PU", "flow_m3_per_h"] == pytest.approx(demand, rel=1e-6)
    assert res.links.at["PU", "power_kw"] > 0
