"""The teplovoda command line, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, SCENARIOS


def teplovoda(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "teplovoda.ui.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd or REPO, timeout=300
    )


@pytest.mark.parametrize("scenario", sorted(p.name for p in SCENARIOS.glob("water_*.toml")))
def test_shipped_water_scenarios_run(scenario, tmp_path):
    proc = teplovoda("water", "run", SCENARIOS / scenario, "--out", tmp_path, "--plot")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "people without water" in proc.stdout
    for name in ("summary.json", "junctions.csv", "links.csv", "zones.csv", "map.png"):
        assert (tmp_path / name).stat().st_size > 0, name
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["damaged"]["converged"] is True
    assert summary["intact"]["people_without"] == 0
    assert summary["damaged"]["people_total"] == pytest.approx(300_000)
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_trunk_main_break_numbers(tmp_path):
    """The quick-start scenario loses water where the break is, and the leak is reported."""
    proc = teplovoda("water", "run", SCENARIOS / "water_trunk_main_break.toml", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    d = json.loads((tmp_path / "summary.json").read_text())["damaged"]
    assert d["people_without"] > 10_000
    assert d["leak_outflow_m3_per_h"] > 500
    assert d["unserved_volume_m3_per_day"] > 1_000
    assert d["people_full"] + d["people_partial"] + d["people_without"] == pytest.approx(d["people_total"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["water", "run", "no/such/file.toml"], "no/such/file.toml: scenario file not found"),
        (["water", "fly"], "invalid choice: 'fly'"),
        (["heat", "walk"], "invalid choice: 'walk'"),
        (["water", "run"], "the following arguments are required: scenario"),
        (["water", "run", "x.toml", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args, message):
    proc = teplovoda(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_bad_scenario_gives_one_line_and_exit_2(tmp_path):
    shutil.copy(SCENARIOS / "networks" / "Net3.inp", tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[scenario]\nname = "x"\n[network]\ninp_file = "Net3.inp"\n'  # a valid scenario but for the pipe
        '[[damage]]\ntype = "pipe_break"\npipe = "nope"\nleak_area_cm2 = 10\n'
    )
    out = tmp_path / "out"
    proc = teplovoda("water", "run", bad, "--out", out)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == f"teplovoda: error: {bad}: damage #1 (pipe_break): unknown pipe 'nope' (not a pipe of network 'Net3')"
    )
    assert not out.exists()  # nothing half-written


def test_bad_inp_gives_one_line_and_exit_2(tmp_path):
    (tmp_path / "broken.inp").write_text("[JUNCTIONS]\n 1 10\n[PIPES]\n 1 1 2 100 300 100\n")
    (tmp_path / "s.toml").write_text('[scenario]\nname = "x"\n[network]\ninp_file = "broken.inp"\n')
    proc = teplovoda("water", "run", tmp_path / "s.toml")
    assert proc.returncode == 2
    assert f"{tmp_path / 'broken.inp'}: [OPTIONS] gives no flow units" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_non_convergence_is_reported_with_exit_3(tmp_path):
    shutil.copy(SCENARIOS / "networks" / "Net3.inp", tmp_path)
    s = tmp_path / "s.toml"
    s.write_text('[scenario]\nname = "x"\n[network]\ninp_file = "Net3.inp"\n[hydraulics]\nmax_iterations = 1\n')
    proc = teplovoda("water", "run", s, "--out", tmp_path / "out")
    assert proc.returncode == 3
    assert "converged = false (EPANET did not balance the network in 1 trials" in proc.stdout
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["damaged"]["converged"] is False


def test_shipped_heat_scenario_runs(tmp_path):
    proc = teplovoda("heat", "run", SCENARIOS / "heat_plant_struck_january.toml", "--out", tmp_path, "--plot")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "Coldest buildings" in proc.stdout
    cases = json.loads((tmp_path / "summary.json").read_text())["cases"]
    assert list(cases) == [
        "intact",
        "damaged",
        "3 x 1 MW biomass, hospital island",
        "3 x 1 MW biomass, whole network",
        "repair boiler house to 80 %",
    ]
    assert cases["repair boiler house to 80 %"]["people_heated"] == 11200  # residents
    assert cases["intact"]["people_heated"] == cases["intact"]["people_total"] == 11200
    assert cases["intact"]["pupils_heated"] == 1600 and cases["intact"]["patients_heated"] == 400
    assert cases["damaged"]["people_without_heat"] == 11200
    island, spread = cases["3 x 1 MW biomass, hospital island"], cases["3 x 1 MW biomass, whole network"]
    assert island["people_heated"] >= 1400 and island["patients_heated"] == 400 and spread["people_heated"] == 0
    import pandas as pd

    consumers = pd.read_csv(tmp_path / "consumers.csv", index_col=[0, 1])
    assert consumers.loc[("3 x 1 MW biomass, hospital island", "Hospital6N"), "delivered_fraction"] > 0.99
    assert consumers.loc[("3 x 1 MW biomass, whole network", "Hospital6N"), "delivered_fraction"] < 0.5
    for name in ("heat_delivered.png", "map_0_intact.png", "map_2_3_x_1_mw_biomass__hospital_island.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"


def test_bad_heat_scenario_gives_one_line_and_exit_2(tmp_path):
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[scenario]\nname = "x"\nkind = "heat"\n[network]\nnodes = "heat_microdistrict/nodes.csv"\n'
        'pipes = "heat_microdistrict/pipes.csv"\nconsumers = "heat_microdistrict/consumers.csv"\n'
        '[[sources]]\nname = "bh"\nnode = "BH"\nkind = "central_plant"\ncapacity_kw = 0\n'
    )
    proc = teplovoda("heat", "run", bad, "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == f"teplovoda: error: {bad}: [[sources]] #1 -> capacity_kw: must be > 0 kW and <= 5,000,000 kW, got 0 kW"
    )
    assert not (tmp_path / "out").exists()


def test_shipped_power_scenario_runs(tmp_path):
    proc = teplovoda("power", "size", SCENARIOS / "power_raw_water_station.toml", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "RECOMMENDED: 550 kVA" in proc.stdout
    assert "Chosen set 500 kVA FAILS: short by" in proc.stdout
    s = json.loads((tmp_path / "summary.json").read_text())
    assert s["recommended_kva"] == 550
    assert s["manual_choice"]["passes"] is False and s["manual_choice"]["shortfall_kva"] > 0
    assert s["fuel"]["generator_hours_per_day"] == 12
    # the set burns less than 12 h at the full running load: the pumps stop whenever the clear-water
    # tank is full (EPANET closes its inlet), and more than 12 h of idling (the curve's no-load term)
    full = 12 * s["fuel"]["fuel_l_per_h_at_running_load"]
    idle = 12 * 0.0270 * s["fuel"]["generator_rated_kw"]
    assert idle < s["fuel"]["fuel_l_per_day"] < 0.9 * full
    assert s["service_with_generator"]["hours_of_full_service_per_person"] == pytest.approx(24.0)
    assert s["service_without_generator"]["hours_of_full_service_per_person"] < 20.0
    for name in ("motors.csv", "generator_candidates.csv", "hourly.csv"):
        assert (tmp_path / name).stat().st_size > 0


def test_compare_writes_a_report(tmp_path):
    proc = teplovoda("compare", SCENARIOS / "compare_hospital_district.toml", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Best value: repair boiler house to 80 %" in proc.stdout
    page = (tmp_path / "report.html").read_text()
    assert "Best value" in page and "data:image/png;base64," in page
    assert "Naftogaz PSO price" in page  # the source of a figure travels with it
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "comparison.xlsx")
    assert book.sheetnames == ["options", "options, full precision", "cost sources", "assumptions", "summary"]
    assert book["summary"]["A2"].value.startswith("Best value: repair boiler house to 80 %")  # A1: the header
    assert "| repair boiler house to 80 % |" in (tmp_path / "summary.md").read_text()


def test_water_sweep_command(tmp_path):
    proc = teplovoda(
        "water",
        "sweep",
        SCENARIOS / "water_trunk_main_break.toml",
        "--samples",
        "3",
        "--workers",
        "1",
        "--quiet",
        "--out",
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "P90" in proc.stdout
    assert "INFO" not in proc.stderr
    for name in ("samples.csv", "summary.csv", "distribution.png"):
        assert (tmp_path / name).stat().st_size > 0
    import pandas as pd

    samples = pd.read_csv(tmp_path / "samples.csv")
    assert sorted(set(samples["case"])) == ["damaged", "intact"] and len(samples) == 2 * 3  # every case, every sample


@pytest.mark.parametrize(
    "scenario, marker", [("heat_network_strike.toml", "Coldest buildings"), ("compare_city_main_broken.toml", "Best value")]
)
def test_run_picks_the_command_from_the_kind(tmp_path, scenario, marker):
    proc = teplovoda("run", SCENARIOS / scenario, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout
