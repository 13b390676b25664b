"""Bad input: every case is one clear line naming the file, key or element, or a flagged result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teplovoda.models.errors import InputError, ModelError
from teplovoda.models.water.epanet import read_inp
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from teplovoda.models.water.network import add_junctions, add_pipes, add_pump, add_reservoir, add_tank, create_water_network
from teplovoda.models.water.scenario import load_scenario, run_scenario
from tests.conftest import SCENARIOS, library_inp


def edit_pipe(tmp_path, field: int, value: str, pipe: str = "20") -> Path:
    """Net3 with one field of one [PIPES] line replaced."""
    out, section = [], None
    for line in library_inp("Net3").read_text().splitlines():
        if line.startswith("["):
            section = line.strip()
        parts = line.split()
        if section == "[PIPES]" and parts and parts[0] == pipe:
            parts[field] = value
            line = " ".join(parts)
        out.append(line)
    path = tmp_path / "edited.inp"
    path.write_text("\n".join(out))
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda t: t / "missing.inp", "EPANET file not found"),
        (
            lambda t: (t / "g.inp").write_text("hello\nnot epanet\n") and t / "g.inp",
            "g.inp line 1: 'hello': text before the first \\[SECTION\\] \\(EPANET error 201\\)",
        ),
        (lambda t: edit_pipe(t, 3, "-99"), "Pipe length must not be negative.*at line 117"),
        (lambda t: edit_pipe(t, 4, "0"), "Pipe diameter must be greater than zero.*at line 117"),
        (lambda t: edit_pipe(t, 2, "NOWHERE"), "undefined node, 'NOWHERE', at line 117"),
        (lambda t: (t / "e.inp").write_text("[TITLE]\nnothing\n[END]\n") and t / "e.inp", "empty: it has no junctions"),
        (
            lambda t: (t / "c.inp").write_text(library_inp("Net3").read_text()[:2500]) and t / "c.inp",
            "no \\[END\\] section and may be truncated",
        ),
    ],
    ids=["missing", "garbage", "negative-length", "zero-diameter", "unknown-node", "empty", "truncated"],
)
def test_bad_inp_files_give_one_line_naming_the_file(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError, match=message) as err:
        read_inp(path)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(str(path))


def test_builder_rejects_negative_lengths_and_diameters():
    net = create_water_network("t")
    add_reservoir(net, "R", 50.0)
    add_junctions(net, ["A"], 0.0)
    with pytest.raises(InputError, match="length_m must be a positive number, got -5.0 for 'P'"):
        add_pipes(net, ["P"], ["R"], ["A"], length_m=-5.0, diameter_m=0.1, hazen_williams_c=100)
    with pytest.raises(InputError, match="diameter_m must be a positive number"):
        add_pipes(net, ["P"], ["R"], ["A"], length_m=5.0, diameter_m=0.0, hazen_williams_c=100)
    with pytest.raises(InputError, match="unknown junction 'B'"):
        add_pipes(net, ["P"], ["R"], ["B"], length_m=5.0, diameter_m=0.1, hazen_williams_c=100)
    with pytest.raises(InputError, match="duplicate junction name 'X'"):
        add_junctions(net, ["X", "X"], 0.0)
    with pytest.raises(InputError, match="demand_m3_per_h must be finite"):
        add_junctions(net, ["Y"], 0.0, demand_m3_per_h=float("nan"))
    with pytest.raises(InputError, match="level_m 9.0 must lie between"):
        add_tank(net, "T", 10.0, 9.0, diameter_m=5.0, max_level_m=8.0)
    with pytest.raises(InputError, match="pump 'PU': head curve"):
        add_pump(net, "PU", "R", "A", flow_m3_per_h=[10.0, 20.0], head_m=[30.0])


def test_empty_network_is_refused():
    with pytest.raises(ModelError, match="empty: it has no junctions"):
        solve(create_water_network("nothing"))


@pytest.mark.parametrize(
    "options, reason", [(HydraulicOptions(max_iterations=1), "EPANET did not balance the network in 1 trials")]
)
def test_non_convergence_is_a_flagged_result_not_a_crash(options, reason):
    res = solve(read_inp(library_inp("Net3")), options)
    assert res.converged is False
    assert reason in res.reason
    assert len(res.junctions) > 0


def write_scenario(tmp_path, text: str) -> Path:
    shutil.copy(SCENARIOS / "networks" / "Net3.inp", tmp_path / "Net3.inp")
    path = tmp_path / "s.toml"
    path.write_text(text)
    return path


BASE = '[scenario]\nname = "t"\n[network]\ninp_file = "Net3.inp"\n'


@pytest.mark.parametrize(
    "body, message",
    [
        ("[scenario]\nname = 't'\n", "missing section \\[network\\]"),
        (BASE + "[weather]\nx = 1\n", "unknown section \\[weather\\]"),
        (
            BASE + "[hydraulics]\nrequired_pressure_psi = 30\n",
            "unknown key 'required_pressure_psi'.*did you mean 'required_pressure_m'",
        ),
        (
            BASE + "[hydraulics]\nrequired_pressure_m = 'high'\n",
            "\\[hydraulics\\] -> required_pressure_m: expected a number, got 'high'",
        ),
        (BASE + "[hydraulics]\nmin_pressure_m = 30\nrequired_pressure_m = 20\n", "required_pressure_m must be greater than"),
        (BASE + "[hydraulics]\ndemand_model = 'magic'\n", "demand_model must be 'pdd' or 'dda'"),
        (BASE + "[[damage]]\ntype = 'pipe_break'\npipe = '153'\nleak_area_mm2 = 5\n", "did you mean 'leak_area_cm2'"),
        (BASE + "[[damage]]\ntype = 'pipe_break'\npipe = '153'\n", "\\[\\[damage\\]\\] #1: missing key 'leak_area_cm2'"),
        (BASE + "[[damage]]\ntype = 'meteor'\n", "\\[\\[damage\\]\\] #1 -> type: unknown damage 'meteor'"),
        (BASE + "[[damage]]\npipe = '1'\n", "\\[\\[damage\\]\\] #1: missing key 'type'"),
        (BASE + "[[damage]]\ntype = 'pipe_break'\npipe = '153'\nleak_area_cm2 = -3\n", "#1 -> leak_area_cm2: must be > 0 cm2"),
        (BASE + "[population]\ntotal = 5\nper_capita_l_per_day = 100\n", "either total or per_capita_l_per_day"),
        (BASE + "[isolation_valves]\nplacement = 'everywhere'\n", "placement must be"),
        ('[scenario]\nname = "t"\n[network]\ninp_file = "Nope.inp"\n', "inp_file: file 'Nope.inp' not found"),
        (BASE + "name = \n", "not valid TOML.*line 5"),
    ],
)
def test_bad_scenario_files_name_file_and_key(tmp_path, body, message):
    path = write_scenario(tmp_path, body)
    with pytest.raises(InputError, match=message) as err:
        load_scenario(path)
    assert str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "body, message",
    [
        (BASE + "[[damage]]\ntype = 'pipe_closed'\npipe = '999'\n", "damage #1 \\(pipe_closed\\): unknown pipe '999'"),
        (BASE + "[[damage]]\ntype = 'pump_closed'\n", "unknown damage 'pump_closed'"),
        (BASE + "[[damage]]\ntype = 'pipe_closed'\npipe = '20'\n[[damage]]\ntype = 'pump_lost'\npump = 'P9'\n", "damage #2"),
        (BASE + "[population.junctions]\nZZ = 100\n", "junctions.ZZ: unknown junction 'ZZ'"),
        (BASE + "[[zones]]\nname = 'hill'\njunctions = ['QQ']\n", "\\[\\[zones\\]\\] #1 -> junctions: unknown junction 'QQ'"),
        (BASE + "[isolation_valves]\nvalves = [['20', '999']]\n", "valves: .*junction '999'"),
    ],
)
def test_unknown_element_names_are_reported_with_their_key(tmp_path, body, message):
    path = write_scenario(tmp_path, body)
    with pytest.raises(InputError, match=message) as err:
        run_scenario(load_scenario(path))
    assert str(err.value).startswith(str(path))


def test_water_option_repairing_an_undamaged_pipe_is_named(tmp_path):
    path = write_scenario(
        tmp_path, BASE + "[[damage]]\ntype = 'pipe_closed'\npipe = '20'\n[[options]]\nname = 'fix'\nrepair = ['40']\n"
    )
    with pytest.raises(InputError, match="\\[\\[options\\]\\] #1 \\(fix\\) -> repair: '40' is not damaged in this scenario"):
        run_scenario(load_scenario(path))


def test_epanet_solve_errors_read_as_one_line_a_user_can_act_on():
    from teplovoda.models.water.toolkit import solve_error_text

    text = solve_error_text(Exception("Error 110: cannot solve network hydraulic equations"))
    assert text.startswith("EPANET cannot solve the network's equations: usually nodes with demand and no open path")
    assert text.endswith("(Error 110: cannot solve network hydraulic equations)") and "\n" not in text
    assert solve_error_text(Exception("Error 999: something\nnew")) == "Error 999: something new"


def test_epanets_files_live_in_a_private_directory_of_this_process():
    import stat

    from teplovoda.models.water import toolkit

    net = read_inp(library_inp("Net1"))
    path = net.inp.file()
    d = toolkit.private_dir()
    assert path.parent == d and d.name.startswith("teplovoda-epanet-")
    assert stat.S_IMODE(d.stat().st_mode) == 0o700  # no other user can plant a network or read one
    assert path.read_bytes() == library_inp("Net1").read_bytes()
