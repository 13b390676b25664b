"""Variable-speed drives on pumps, against EPANET 2.2 through wntr and against their own definition."""

from __future__ import annotations

import warnings

import pytest
import wntr
from epanet import toolkit as tk

from teplovoda.models.errors import InputError
from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from teplovoda.models.water.network import set_pump_speed
from teplovoda.models.water.scenario import load_scenario, run_scenario
from tests.conftest import SCENARIOS

RAW = SCENARIOS / "networks" / "raw_water_station.inp"


@pytest.mark.parametrize("speed", [0.8, 0.95])
def test_a_pump_at_reduced_speed_matches_epanet(speed, tmp_path):
    net = read_inp(RAW)
    set_pump_speed(net, "P1", speed)
    res = solve(net, HydraulicOptions(demand_model="dda"))
    wn = read_wntr_model(RAW)
    wn.options.time.duration = 0
    wn.get_link("P1").base_speed = speed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / "ref"))
    q_ref = float(ref.link["flowrate"].iloc[0]["P1"]) * 3600.0
    assert res.links.at["P1", "flow_m3_per_h"] == pytest.approx(q_ref, rel=1e-3)
    head_ref = ref.node["head"].iloc[0].reindex(res.junctions.index)
    assert (res.junctions["head_m"] - head_ref).abs().max() < 1e-3
    full = solve(read_inp(RAW), HydraulicOptions(demand_model="dda"))
    assert res.links.at["P1", "flow_m3_per_h"] < full.links.at["P1", "flow_m3_per_h"]


def test_controls_start_a_driven_pump_at_its_drive_speed():
    net = read_inp(SCENARIOS / "networks" / "Net3.inp")
    set_pump_speed(net, "335", 0.85)
    p = net.project()
    i = p.link_index("335")
    settings = [tk.getcontrol(p.ph, k)[2] for k in range(1, p.count(tk.CONTROLCOUNT) + 1) if tk.getcontrol(p.ph, k)[1] == i]
    p.close()
    assert sorted(settings) == [0.0, 0.85]  # the CLOSED control stays, the OPEN one starts it at 0.85


def test_the_vfd_scenario_saves_energy_and_holds_the_pressure():
    run = run_scenario(load_scenario(SCENARIOS / "water_pump_vfd.toml"))
    held = run.options["VFD holding 80 m at the discharge"][1]
    assert held.junctions.at["61", "pressure_m"] == pytest.approx(80.0, abs=0.05)
    energy = {case: e.totals["pump_energy_kwh"] for case, e in run.eps.items()}
    assert energy["VFD holding 80 m at the discharge"] < energy["VFD at 90 % speed"] < energy["intact"]
    assert all(e.totals["person_hours_without_water"] == 0 for e in run.eps.values())
    assert run.eps["intact"].pumps.at["335", "cost_eur"] == pytest.approx(run.eps["intact"].pumps.at["335", "energy_kwh"] * 0.11)


def test_bad_drives_are_named(tmp_path):
    base = (
        (SCENARIOS / "water_pump_vfd.toml")
        .read_text()
        .split("[[options]]")[0]
        .replace("networks/", str(SCENARIOS / "networks") + "/")
    )
    for body, message in (
        ('[[options]]\nname = "x"\n[[options.drives]]\npump = "335"\n', "give either speed or pressure_m"),
        ('[[options]]\nname = "x"\n[[options.drives]]\npump = "nope"\nspeed = 0.9\n', "unknown pump 'nope'"),
        ('[[options]]\nname = "x"\n[[options.drives]]\npump = "335"\nspeed = 3.0\n', "speed: must be > 0"),
        ('[[options]]\nname = "x"\n[[options.drives]]\npump = "335"\nnode = "61"\npressure_m = 250.0\n', "cannot hold 250 m"),
    ):
        path = tmp_path / "s.toml"
        path.write_text(base + body)
        with pytest.raises(InputError, match=message):
            run_scenario(load_scenario(path))
