"""Sources with a capacity and pumps on tank-level controls, against EPANET 2.2 through wntr and bounds."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import wntr

from teplovoda.models.errors import InputError
from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.eps import SimulationSpec, simulate
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from teplovoda.models.water.network import add_level_control, limit_source
from tests.conftest import SCENARIOS

NET3 = SCENARIOS / "networks" / "Net3.inp"
RAW = SCENARIOS / "networks" / "raw_water_station.inp"


def _wntr_limited(cap_m3_per_h: float, tmp_path):
    """Net3 with the River reservoir behind the same intake pipe and FCV, built in wntr."""
    wn = read_wntr_model(NET3)
    wn.options.time.duration = 0
    ground = wn.get_node("60").elevation
    wn.add_junction("River_plant", base_demand=0.0, elevation=ground)
    wn.add_junction("River_outlet", base_demand=0.0, elevation=ground)
    pipe = wn.get_link("60")
    pipe.start_node = wn.get_node("River_outlet")
    wn.add_pipe("River_intake", "River", "River_plant", length=1.0, diameter=2 * pipe.diameter, roughness=150.0)
    wn.add_valve(
        "River_capacity",
        "River_plant",
        "River_outlet",
        diameter=pipe.diameter,
        valve_type="FCV",
        initial_setting=cap_m3_per_h / 3600.0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / "lim"))


@pytest.mark.parametrize("cap", [1500.0, 2500.0])
def test_a_reservoir_capacity_caps_its_outflow_as_epanet_does(cap, tmp_path):
    unlimited = solve(read_inp(NET3), HydraulicOptions(demand_model="dda"))
    assert unlimited.sources.at["River", "outflow_m3_per_h"] > cap  # the cap binds
    net = read_inp(NET3)
    limit_source(net, "River", cap)
    res = solve(net, HydraulicOptions(demand_model="dda"))
    assert res.converged
    assert res.sources.at["River", "outflow_m3_per_h"] == pytest.approx(cap, rel=1e-4)
    ref = _wntr_limited(cap, tmp_path).node["head"].iloc[0]
    j = res.junctions[res.junctions["type"] == "junction"]
    assert (j["head_m"] - ref.reindex(j.index)).abs().max() < 1e-3
    assert "River_outlet" not in j.index  # helper nodes are not demand nodes


def test_a_capacity_above_the_flow_changes_nothing():
    net = read_inp(NET3)
    before = solve(net, HydraulicOptions())
    limit_source(net, "River", 10_000.0)
    after = solve(net, HydraulicOptions())
    j = before.junctions.index
    assert (after.junctions.loc[j, "head_m"] - before.junctions["head_m"]).abs().max() < 0.002  # the 1 m intake pipe


def test_level_controls_keep_the_tank_between_its_levels():
    net = read_inp(RAW)
    for p in ("P1", "P2", "P3"):
        add_level_control(net, p, "CWT", stop_above_m=5.0, start_below_m=3.5)
    res = simulate(net, HydraulicOptions(), SimulationSpec(duration_h=48, hydraulic_step_min=5))
    levels = res.tanks["CWT"].to_numpy()
    assert levels.max() <= 5.0 + 1e-3 and levels[6:].min() >= 3.5 - 0.3  # EPANET switches at the crossing
    plain = simulate(read_inp(RAW), HydraulicOptions(), SimulationSpec(duration_h=48, hydraulic_step_min=5))
    assert plain.tanks["CWT"].max() > 5.5  # without the controls the pumps fill it to the top
    assert res.totals["pump_energy_kwh"] < plain.totals["pump_energy_kwh"]
    assert res.totals["person_hours_without_water"] == 0


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda n: limit_source(n, "1", 100.0), "only a reservoir"),
        (lambda n: limit_source(n, "River", float("nan")), "must be > 0"),
        (lambda n: add_level_control(n, "335", "1", stop_above_m=3.0, start_below_m=5.0), "must satisfy"),
        (lambda n: add_level_control(n, "335", "River", stop_above_m=5.0, start_below_m=3.0), "unknown tank 'River'"),
    ],
)
def test_bad_limits_and_controls_are_named(call, message):
    with pytest.raises(InputError, match=message):
        call(read_inp(NET3))


def test_scenario_sections_apply_to_every_case(tmp_path):
    from teplovoda.models.water.scenario import load_scenario, run_scenario

    text = (SCENARIOS / "water_city_main_broken.toml").read_text().replace('"networks/', f'"{SCENARIOS}/networks/')
    text += '\n[[sources]]\nname = "River"\nmax_flow_m3_per_h = 1500.0\n'
    path = tmp_path / "s.toml"
    path.write_text(text)
    run = run_scenario(load_scenario(path))
    for case, (_, res) in run.cases().items():
        assert res.sources.at["River", "outflow_m3_per_h"] <= 1500.0 + 0.01, case
    path.write_text(text + '[[sources]]\nname = "River"\nmax_flow_m3_per_h = 100.0\n')
    with pytest.raises(InputError, match="sources"):
        load_scenario(path)
    assert np.isfinite(run.damaged.junctions["leak_m3_per_h"]).all()


def _small_town(cap_m3_per_h=None):
    """A town of 147 m3/h on one DN200 line from a reservoir 80 m above it, broken full bore (314 cm2) mid-line."""
    from teplovoda.models.water.damage import PipeBreak, apply_damage
    from teplovoda.models.water.network import add_junctions, add_pipes, add_reservoir, create_water_network

    net = create_water_network("town")
    add_reservoir(net, "Intake", 90.0, xy_m=[(0.0, 0.0)])
    add_junctions(net, ["A", "B", "C", "D"], 10.0, demand_m3_per_h=[40.0, 40.0, 40.0, 27.0])
    add_pipes(
        net,
        ["P1", "P2", "P3", "P4"],
        ["Intake", "A", "B", "C"],
        ["A", "B", "C", "D"],
        length_m=500.0,
        diameter_m=0.2,
        hazen_williams_c=130.0,
    )
    if cap_m3_per_h is not None:
        limit_source(net, "Intake", cap_m3_per_h)
    return apply_damage(net, [PipeBreak(pipe="P2", leak_area_cm2=314.0)])


def test_an_unlimited_reservoir_feeding_a_break_is_named():
    """Issue 15 point 10: an EPANET reservoir feeds a break without limit; the result says so, naming it."""
    res = solve(_small_town())
    q = res.sources.at["Intake", "outflow_m3_per_h"]
    assert q > 3 * 147.0  # three times the town's demand
    (warning,) = [w for w in res.warnings if "reservoir" in w]
    assert "reservoir Intake is unlimited" in warning and f"{q / 147.0:.1f} x" in warning and "max_flow_m3_per_h" in warning


def test_a_reservoir_with_a_capacity_feeds_the_break_no_more_and_is_not_named():
    res = solve(_small_town(cap_m3_per_h=300.0))
    assert res.sources.at["Intake", "outflow_m3_per_h"] == pytest.approx(300.0, rel=1e-4)
    assert not [w for w in res.warnings if "reservoir" in w]


def test_net3_intact_raises_no_source_warning():
    """The river filling Net3's tanks delivers 1.2 x the demand: no warning for an ordinary day."""
    assert not solve(read_inp(NET3)).warnings
