"""Pressure-dependent demand and leaks against independent references.

* WNTR's own pressure-dependent-demand simulator (WNTRSimulator, Wagner's equation with its
  smoothing near the thresholds) on the same networks;
* WNTR's leak model (orifice ``Cd A sqrt(2 g p)`` at a split pipe) for a pipe break;
* a closed-form solution: a reservoir feeding an orifice through one Hazen-Williams pipe.

Tolerances: WNTR smooths Wagner's curve within a small band around each threshold, so a node sitting
exactly there can differ slightly; measured differences are 1e-4 m3/h and 1e-4 m.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import warnings

import numpy as np
import pandas as pd
import pytest
import wntr
from scipy.optimize import brentq

from models.water import metrics
from models.water.damage import PipeBreak, apply_damage
from models.water.epanet import read_inp, read_wntr_model
from models.water.hydraulics import HydraulicOptions, hazen_williams_headloss_m, solve
from models.water.network import add_junctions, add_leaks, add_pipes, add_reservoir, create_water_network
from tests.conftest import library_inp

DEMAND_TOLERANCE_M3_PER_H = 0.05
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


@pytest.mark.parametrize("start_preq", [45.0, 70.0, 200.0])
def test_a_started_solve_changes_the_iterations_not_the_answer(start_preq):
    """``solve(start=...)`` seeds roughness and demand modes from another state's result (here other
    PDD thresholds; the farthest leaves most nodes short): the same heads and demands as a solve
    from scratch, and both within the head tolerance of a solve iterated to 1e-9 m (the stopping
    rule that bounds the change still to come must not stop early)."""
    net = read_inp(library_inp("Net3"))
    options = HydraulicOptions(min_pressure_m=0.0, required_pressure_m=40.0)
    exact = solve(net, dataclasses.replace(options, head_tolerance_m=1e-9))
    cold = solve(net, options)
    started = solve(net, options, start=solve(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=start_preq)))
    assert exact.converged and cold.converged and started.converged
    for res in (cold, started):
        assert (res.junctions["head_m"] - exact.junctions["head_m"]).abs().max() < options.head_tolerance_m
        assert (res.junctions["demand_m3_per_h"] - exact.junctions["demand_m3_per_h"]).abs().max() < 1e-3
    assert cold.iterations < exact.iterations
    if start_preq == 45.0:  # a nearby state: fewer iterations
        assert started.iterations < cold.iterations


@pytest.mark.parametrize("network", ["Net3", "raw_water_station"])
def test_a_state_solver_gives_what_solving_the_changed_network_gives(network):
    """StateSolver copies one prepared working network per state; each state's result must be the
    one solve() gives on the network with those values set, exactly."""
    from models.water.hydraulics import StateSolver
    from tests.conftest import SCENARIOS

    path = library_inp(network) if network.startswith("Net") else SCENARIOS / "networks" / f"{network}.inp"
    net = read_inp(path)
    options = HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0)
    pumps = net.pump["name"].astype(str).tolist()
    tanks = net["tank"]
    names = tanks["name"].astype(str).tolist()
    low = dict(zip(names, (tanks["elevation_m"] + tanks["min_level_m"] + 0.5).astype(float)))
    full = dict(zip(names, (tanks["elevation_m"] + tanks["max_level_m"]).astype(float)))
    solver = StateSolver(net, options)
    start = solve(net, options)
    states = [
        (dict.fromkeys(pumps, False), low, {}),
        ({pumps[0]: False}, {}, {names[0]: False}),
        (dict.fromkeys(pumps, True), full, {}),
    ]
    for pumps_on, heads, in_service in states:
        changed = copy.deepcopy(net)
        for p, on in pumps_on.items():
            changed.pump.loc[changed.pump["name"].astype(str) == p, "in_service"] = on
        for n, h in heads.items():
            changed.ext_grid.loc[changed.ext_grid["name"].astype(str) == n, "head_m"] = h
        for n, on in in_service.items():
            changed.ext_grid.loc[changed.ext_grid["name"].astype(str) == n, "in_service"] = on
        for seed in (None, start):
            a = solver.solve(pumps_in_service=pumps_on, source_heads_m=heads, sources_in_service=in_service, start=seed)
            b = solve(changed, options, start=seed)
            assert a.converged and b.converged and a.iterations == b.iterations
            for x, y in (
                (a.junctions, b.junctions),
                (a.links, b.links),
                (a.sources.drop(columns="usable_volume_m3"), b.sources.drop(columns="usable_volume_m3")),
            ):
                pd.testing.assert_frame_equal(x, y, check_exact=True)
