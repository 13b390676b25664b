"""Extended-period simulation against independent references.

* EPANET 2.2 through wntr's EpanetSimulator: Net3 over 24 hours, tank levels hour by hour;
* closed form: a cylindrical tank draining into one node at a constant demand empties at
  ``A (level - min) / Q`` hours, after which the node's people are without water;
* bookkeeping: over a blackout timetable, the pumps stop in the hours without power and the tank's
  volume change equals what the pumps send in minus what the town takes.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
import wntr

from teplovoda.models.errors import InputError
from teplovoda.models.scenario import build
from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.eps import SimulationSpec, simulate
from teplovoda.models.water.hydraulics import HydraulicOptions
from teplovoda.models.water.network import add_junctions, add_pipes, add_tank, create_water_network
from tests.conftest import SCENARIOS, library_inp


def test_net3_day_matches_epanet_tank_levels(tmp_path, record_property):
    path = library_inp("Net3")
    res = simulate(read_inp(path), HydraulicOptions(demand_model="dda"), SimulationSpec(duration_h=24))
    assert res.converged, res.reason
    wn = read_wntr_model(path)
    wn.options.time.duration = 24 * 3600
    wn.options.time.report_timestep = 3600
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / "net3"))
    levels = ref.node["pressure"][list(res.tanks.columns)].loc[[h * 3600 for h in range(1, 25)]].to_numpy()
    diff = np.abs(res.tanks.to_numpy() - levels)
    record_property("max_tank_level_difference_m", float(diff.max()))
    assert diff.max() < 0.01
    # the pumps follow the file's controls: pump 10 runs only in the hours its time controls allow
    assert 0 < res.pumps.at["10", "hours_running"] < 24
    assert res.pumps["energy_kwh"].gt(0).all() and res.pumps["specific_energy_kwh_per_m3"].between(0.01, 1.0).all()


def _tank_and_town(demand_m3_per_h: float, level_m: float, diameter_m: float):
    net = create_water_network("tank")
    add_tank(net, "T", 60.0, level_m, diameter_m=diameter_m, min_level_m=0.0, max_level_m=level_m)
    add_junctions(net, ["N"], 0.0, demand_m3_per_h=demand_m3_per_h)
    add_pipes(net, ["P"], ["T"], ["N"], length_m=200.0, diameter_m=0.5, hazen_williams_c=130)
    net.nodes.loc["N", "population"] = 1000.0
    return net


def test_a_draining_tank_runs_dry_when_the_closed_form_says():
    q, level, d = 100.0, 5.0, 13.8197  # A = 150 m2: 750 m3 last 7.5 h
    area = math.pi / 4 * d**2
    t_empty_h = area * level / q
    net = _tank_and_town(q, level, d)
    res = simulate(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0), SimulationSpec(duration_h=24))
    assert res.converged
    full_hours = int(t_empty_h)  # hours 0..6 fully served, hour 7 half, then none
    h = res.hourly
    assert (h["people_full"].iloc[:full_hours] == 1000).all()
    assert h["delivered_m3"].iloc[full_hours] == pytest.approx(q * (t_empty_h - full_hours), rel=1e-3)
    assert (h["people_without"].iloc[full_hours + 1 :] == 1000).all()
    assert h["person_hours_without"].sum() == pytest.approx(1000 * (24 - full_hours - 1))
    expected = np.clip(level - q * np.arange(1, 25) / area, 0, None)
    assert np.abs(res.tanks["T"].to_numpy() - expected).max() < 1e-3
    assert res.totals["delivered_m3"] == pytest.approx(area * level, rel=1e-3)


def test_pumps_stop_in_the_hours_without_power_and_the_tank_balances():
    net = read_inp(SCENARIOS / "networks" / "raw_water_station.inp")
    grid = (1, 1, 1, 1, 0, 0, 0, 0) * 3
    spec = SimulationSpec(duration_h=48, hydraulic_step_min=10, grid_on=grid)
    res = simulate(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0), spec)
    assert res.converged, res.reason
    h = res.hourly
    off = ~np.resize(np.array(grid, dtype=bool), 48)
    assert (h["pump_energy_kwh"][off] == 0).all() and (h["pump_energy_kwh"][~off] > 0).all()
    assert (h["pumps_available"].to_numpy() == ~off).all()
    # with a generator the timetable no longer stops them
    gen = simulate(net, HydraulicOptions(), SimulationSpec(duration_h=24, grid_on=grid, generator=True))
    assert (gen.hourly["pump_energy_kwh"] > 0).all()
    # tank volume: level change x area = pumped in - delivered - leaked, every hour
    tank = net.tanks.iloc[0]
    area = math.pi / 4 * tank["diameter_m"] ** 2
    levels = np.r_[tank["level_m"], res.tanks.iloc[:, 0].to_numpy()]
    # over the whole run against the pumps' volume, and hour by hour where no pump ran
    total_in = res.pumps["volume_m3"].sum()
    balance = (levels[-1] - levels[0]) * area - (total_in - h["delivered_m3"].sum() - h["leak_m3"].sum())
    assert abs(balance) < 0.005 * total_in
    dv = np.diff(levels) * area
    assert np.abs(dv[off] + h["delivered_m3"][off].to_numpy())[levels[1:][off] > tank["min_level_m"] + 0.01].max() < 1.0


@pytest.mark.parametrize(
    "table, message",
    [
        ({"duration_h": 0}, "duration_h: must be > 0 h"),
        ({"duration_h": float("nan")}, "duration_h"),
        ({"grid_on": [1] * 23}, "grid_on must have 24 hourly entries"),
        ({"hydraulic_step_min": 90}, "hydraulic_step_min: must be >= 1 min and <= 60 min"),
        ({"duration_hours": 24}, "did you mean 'duration_h'"),
    ],
)
def test_bad_simulation_tables_are_named(table, message):
    with pytest.raises(InputError, match=message):
        build(SimulationSpec, table, "[simulation]", "s.toml")


def test_cli_writes_every_case_hour_by_hour(tmp_path):
    from tests.ui.test_cli import teplovoda

    out = tmp_path / "out"
    proc = teplovoda("water", "run", SCENARIOS / "water_pumping_station_outage_72h.toml", "--out", out, "--plot")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text(), parse_constant=lambda c: pytest.fail(f"{c} in summary.json"))
    assert set(summary["simulation"]) == {"intact", "damaged", "generator at the river station"}
    damaged = summary["simulation"]["damaged"]
    assert damaged["person_hours_without_water"] > 0 and damaged["first_zone_dry_h"] is not None
    assert summary["simulation"]["generator at the river station"]["person_hours_without_water"] == 0
    import pandas as pd

    hourly = pd.read_csv(out / "hourly.csv")
    assert len(hourly) == 3 * 72 and set(hourly["case"]) == set(summary["simulation"])
    assert (out / "service_over_time.png").stat().st_size > 10_000


STANDBY_INP = """[TITLE]
duty pump and a standby pump closed in the file
[JUNCTIONS]
J 10 1.0
N 0 0
[RESERVOIRS]
R 0
[PIPES]
P1 N J 100 200 120 0 Open
[PUMPS]
DUTY R N HEAD C1
STANDBY R N HEAD C1
[STATUS]
STANDBY Closed
[CURVES]
C1 10 60
[OPTIONS]
Units LPS
Headloss H-W
[TIMES]
Duration 24:00
Hydraulic Timestep 1:00
Pattern Timestep 1:00
[END]
"""


def test_the_grids_return_restarts_only_the_pumps_that_ran_and_never_a_lost_one(tmp_path):
    """A blackout timetable stops the pumps; when the power returns the duty pump restarts, the standby pump
    (closed in the file, no control starts it) stays off, and a pump lost to damage stays off (it ran in
    every grid-on hour before this was fixed)."""
    from teplovoda.models.water.damage import PumpLost, apply_damage

    (tmp_path / "s.inp").write_text(STANDBY_INP)
    net = read_inp(tmp_path / "s.inp")
    on = tuple([1] * 6 + [0] * 6) * 2  # 12 hours with power a day
    spec = SimulationSpec(duration_h=24, grid_on=on)
    res = simulate(net, HydraulicOptions(demand_model="dda"), spec)
    assert res.pumps.loc["DUTY", "hours_running"] == pytest.approx(12.0)
    assert res.pumps.loc["STANDBY", "hours_running"] == 0.0
    lost = simulate(apply_damage(net, [PumpLost("DUTY")]), HydraulicOptions(demand_model="dda"), spec)
    assert lost.pumps["hours_running"].sum() == 0.0
    assert lost.hourly["delivered_m3"].sum() == pytest.approx(0.0, abs=1e-9)


def test_a_lost_pump_on_the_timetable_stays_lost_on_net3():
    """Net3 with its river pump 335 lost: timetabling it with the lake pump gives the run without it on the timetable."""
    from teplovoda.models.water.damage import PumpLost, apply_damage

    net = apply_damage(read_inp(library_inp("Net3")), [PumpLost("335")])
    on = tuple([1] * 4 + [0] * 4) * 3
    opts = HydraulicOptions(demand_model="dda")
    both = simulate(net, opts, SimulationSpec(duration_h=48, grid_on=on, pumps=("10", "335")))
    lake = simulate(net, opts, SimulationSpec(duration_h=48, grid_on=on, pumps=("10",)))
    assert both.pumps.loc["335", "hours_running"] == 0.0
    assert both.hourly["delivered_m3"].to_numpy() == pytest.approx(lake.hourly["delivered_m3"].to_numpy(), rel=1e-9)


def test_net2s_inflow_node_is_no_consumer_and_the_delivered_water_is_epanets(tmp_path):
    """Net2 has no reservoir: node 1 injects water as a negative demand. Delivered water per hour is the sum of
    the positive demands EPANET 2.2 (wntr) reports at the hour (demand-driven, patterns step hourly), never
    negative; before, the inflow was counted as negative delivery (-59 m3 in the first hour)."""
    path = library_inp("Net2")
    res = simulate(read_inp(path), HydraulicOptions(demand_model="dda"), SimulationSpec(duration_h=24))
    assert res.converged, res.reason
    wn = read_wntr_model(path)
    wn.options.time.duration = 24 * 3600
    wn.options.time.report_timestep = 3600
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / "net2"))
    demand = ref.node["demand"][wn.junction_name_list]
    expected = demand.clip(lower=0).sum(axis=1).loc[[h * 3600 for h in range(24)]].to_numpy() * 3600
    assert (res.hourly["delivered_m3"] >= 0).all()
    assert res.hourly["delivered_m3"].to_numpy() == pytest.approx(expected, rel=1e-4)
    assert res.hourly["required_m3"].to_numpy() == pytest.approx(expected, rel=1e-4)
