"""Heat realism of issue 16 point 5 against hand-computed references.

* an insulation preset on one pipe: the closed-form exponential decay with ``U_lin = u pi d`` read from the CSV;
* design outdoor temperature from an oblast (the norm's table) and a one-line error for an unknown one;
* domestic hot water: the load is litres x rho x cp x dT spread by the hourly profile, and the energy balance still
  closes (production = delivered + losses computed in closed form);
* residents, households, pupils and patients counted separately (hand bookkeeping).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.heat import norms
from teplovoda.models.heat.metrics import people_by_service
from teplovoda.models.heat.network import build_heat_network, sources_table
from teplovoda.models.heat.scenario import load_scenario
from teplovoda.models.heat.thermal import HeatConditions, solve

DATA = Path(norms.__file__).parent / "data"


def _csv(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _net(pipe: dict, consumer: dict, length_m=2000.0, insulation=""):
    nodes = pd.DataFrame({"name": ["P", "C"], "x_m": [0.0, length_m], "y_m": [0.0, 0.0]})
    pipes = pd.DataFrame([{"name": "main", "from_node": "P", "to_node": "C", "length_m": length_m, **pipe}])
    row = {"name": "block", "node": "C", "building_type": "apartment_block", "design_heat_kw": 400.0, "people": 200}
    consumers = pd.DataFrame([{**row, **consumer}])
    sources = sources_table([{"name": "plant", "node": "P", "kind": "gas_boiler", "capacity_kw": 2000.0}])
    return build_heat_network(nodes, pipes, consumers, sources, name="one pipe", ground_temp_c=5.0, insulation=insulation)


@pytest.mark.parametrize("preset, as_default", [("channel_1980s_wet", False), ("channel_1980s_dry", True)])
def test_insulation_preset_single_pipe_matches_exponential_decay(preset, as_default):
    u_m2k = float(next(r["u_w_per_m2k"] for r in _csv("pipe_insulation.csv") if r["preset"] == preset))
    d_m, length_m = 0.1, 2000.0
    u_lin = u_m2k * math.pi * d_m  # W/(m K), by hand
    pipe = {"diameter_mm": 100.0} if as_default else {"diameter_mm": 100.0, "insulation": preset}
    net = _net(pipe, {}, length_m, insulation=preset if as_default else "")
    res = solve(net, HeatConditions(outdoor_temp_c=-10.0))
    assert res.converged, res.reason
    for line in ("supply", "return"):
        p = res.pipes[res.pipes["line"] == line].iloc[0]
        m = p["flow_m3_per_h"] / 3600 * 977.7  # pandapipes' density at 60 °C, as in the result
        expected = 5.0 + (p["inlet_temp_c"] - 5.0) * math.exp(-u_lin * length_m / (m * 4190.0))
        assert abs(p["outlet_temp_c"] - expected) < 0.15, (line, p["outlet_temp_c"], expected)
    assert res.totals["heat_loss_pct"] > 0


def test_an_above_ground_preset_puts_the_pipe_in_the_outdoor_air():
    laying = {r["preset"]: r["laying"] for r in _csv("pipe_insulation.csv")}
    assert laying["above_ground_bare"] == "above_ground" and laying["channel_1980s_wet"] == "buried"
    res = solve(_net({"diameter_mm": 100.0, "insulation": "above_ground_bare"}, {}, 500.0), HeatConditions(outdoor_temp_c=-10.0))
    p = res.pipes[res.pipes["line"] == "supply"].iloc[0]
    m = p["flow_m3_per_h"] / 3600 * 977.7
    u_lin = 15.0 * math.pi * 0.1
    expected = -10.0 + (p["inlet_temp_c"] + 10.0) * math.exp(-u_lin * 500.0 / (m * 4190.0))  # ambient: outdoor air
    assert abs(p["outlet_temp_c"] - expected) < 0.15


def test_a_bad_oblast_on_the_command_line_is_one_line_and_exit_2(tmp_path):
    from tests.ui.test_cli import teplovoda

    proc = teplovoda("heat", "run", _scenario(tmp_path, 'design_oblast = "Atlantis"'), "--out", tmp_path / "out")
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "design_oblast" in lines[0] and "Atlantis" in lines[0] and "Traceback" not in proc.stderr


def test_bad_insulation_inputs_are_one_line_errors():
    with pytest.raises(InputError, match="unknown insulation preset 'channel_2090s'"):
        _net({"diameter_mm": 100.0, "insulation": "channel_2090s"}, {})
    with pytest.raises(InputError, match="both heat_loss_w_per_m_k and insulation"):
        _net({"diameter_mm": 100.0, "insulation": "channel_1980s_wet", "heat_loss_w_per_m_k": 0.5}, {})
    with pytest.raises(InputError, match="no heat_loss_w_per_m_k and no insulation preset"):
        _net({"diameter_mm": 100.0}, {})


def _scenario(tmp_path, climate: str) -> Path:
    src = Path(__file__).parents[3] / "scenarios"
    text = (src / "heat_plant_struck_january.toml").read_text(encoding="utf-8")
    text = text.replace('"heat_microdistrict/', f'"{src.as_posix()}/heat_microdistrict/')
    path = tmp_path / "scn.toml"
    text = text.replace("design_outdoor_temp_c = -22.0\n", f"{climate}\n")  # the [climate] table's design line
    path.write_text(text, encoding="utf-8")
    return path


def test_design_oblast_sets_the_design_temperature(tmp_path):
    expected = float(next(r["design_outdoor_temp_c"] for r in _csv("design_temperatures.csv") if r["oblast"] == "Dnipropetrovsk"))
    scn = load_scenario(_scenario(tmp_path, 'design_oblast = "Dnipropetrovsk"'))
    assert scn.climate.design_outdoor_temp_c == expected == -24.0  # the table row (DSTU-N B V.1.1-27:2010, transcribed)
    with pytest.raises(InputError) as err:
        load_scenario(_scenario(tmp_path, 'design_oblast = "Atlantis"'))
    assert "unknown oblast 'Atlantis'" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(InputError, match="not both"):
        load_scenario(_scenario(tmp_path, 'design_oblast = "Kyiv"\ndesign_outdoor_temp_c = -20.0'))


def test_every_oblast_row_is_cited_and_bounded():
    rows = _csv("design_temperatures.csv")
    assert len(rows) >= 24
    for r in rows:
        assert r["source"].strip() and -40 < float(r["design_outdoor_temp_c"]) < -5
        # none is from the norm's own text yet: each says it is a transcription ("secondary") or recalled
        assert r["source"].startswith(("secondary:", "approximate:")), r["oblast"]
    for r in _csv("pipe_insulation.csv"):
        assert r["source"].strip() and 0 < float(r["u_w_per_m2k"]) < 50


def _closed_form_losses_kw(res) -> float:
    p = res.pipes
    m = p["flow_m3_per_h"] / 3600 * 977.7
    return float((m * 4190.0 * (p["inlet_temp_c"] - p["outlet_temp_c"])).fillna(0).sum() / 1e3)


@pytest.mark.parametrize("outdoor_c, hour", [(20.0, 20), (-10.0, 7)])
def test_hot_water_load_is_litres_times_cp_dt_and_the_balance_closes(outdoor_c, hour):
    litres, residents = 100.0, 200
    profile = [float(r["factor"]) for r in sorted(_csv("dhw_profile.csv"), key=lambda r: int(r["hour"]))]
    mean_w = litres * residents * 0.996 * 4180.0 * (60.0 - 10.0) / 86400.0  # by hand: V rho cp dT per day
    expected_kw = mean_w * profile[hour] / (sum(profile) / 24) / 1e3
    net = _net({"diameter_mm": 100.0, "heat_loss_w_per_m_k": 0.6}, {"dhw_litres_per_person_per_day": litres}, 300.0)
    res = solve(net, HeatConditions(outdoor_temp_c=outdoor_c, hour=hour))
    assert res.converged, res.reason
    c = res.consumers.iloc[0]
    assert c["dhw_demand_kw"] == pytest.approx(expected_kw, rel=1e-9)
    assert c["demand_kw"] == pytest.approx(c["space_demand_kw"] + expected_kw, rel=1e-9)
    assert c["supply_temp_c"] > 60.0  # the plant lifts its supply to 70 °C to make hot water, summer too
    if c["space_demand_kw"] == 0:  # summer: all it gets is hot water, at the share its supply allows (by hand)
        share = min(max((c["supply_temp_c"] - 5.0 - 10.0) / 50.0, 0.0), 1.0)
        assert c["delivered_kw"] == pytest.approx(expected_kw * share, rel=0.02)
    else:
        assert c["delivered_fraction"] > 0.95
    t = res.totals
    losses = _closed_form_losses_kw(res)
    assert abs(t["production_kw"] - t["delivered_kw"] - losses) / t["production_kw"] < 0.01
    assert abs(t["balance_residual_pct"]) < 1.0


def test_residents_households_pupils_and_patients_are_counted_once_each():
    consumers = pd.DataFrame(
        {
            "people": [400.0, 0.0, 0.0, 200.0],
            "households": [150.0, 0.0, 0.0, 80.0],
            "pupils": [0.0, 800.0, 0.0, 0.0],
            "patients": [0.0, 0.0, 300.0, 0.0],
            "delivered_fraction": [1.0, 1.0, 0.5, 0.0],
        }
    )
    s = people_by_service(consumers)
    assert (s["people_heated"], s["people_without_heat"], s["people_total"]) == (400.0, 200.0, 600.0)
    assert (s["households_heated"], s["households_without_heat"]) == (150.0, 80.0)
    assert (s["pupils_heated"], s["patients_underheated"], s["patients_heated"]) == (800.0, 300.0, 0.0)
    net = _net({"diameter_mm": 100.0, "heat_loss_w_per_m_k": 0.6}, {"people": 260, "pupils": 0}, 500.0)
    # no households column: residents / 2.6 persons per household (the census average), rounded
    assert float(net.heat_consumer["households"].iloc[0]) == 100.0
    assert np.isclose(float(net.heat_consumer["dhw_mean_kw"].iloc[0]), 0.0)
