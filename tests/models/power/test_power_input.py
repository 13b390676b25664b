"""Hostile input on site-power fields through the real command line: one line naming the file and the
field, exit code 2, no traceback (issue 15, point 11 fields and the ones before them)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, SCENARIOS

BAD_NUMBERS = ("nan", "inf", "-inf", "-1.0", "1e300")

SITE = """[scenario]
name = "hostile"
kind = "power"
[site]
starts = {starts}
[[motors]]
name = "blower"
rated_kw = 45
starting = "soft_starter"
running_kw = {running_kw}
[generator]
fuel_tank_l = {tank}
tanker_l = {tanker}
"""
GOOD = {"starts": '"staggered"', "running_kw": "40", "tank": "1000", "tanker": "5000"}

CONTROL = """
[[controls]]
pump = "P1"
tank = "CWT"
stop_above_m = {stop}
start_below_m = {start}
"""


def teplovoda(*args):
    return subprocess.run(
        [sys.executable, "-m", "teplovoda.ui.cli", *map(str, args)], capture_output=True, text=True, cwd=REPO, timeout=300
    )


def one_line_error(proc, path) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    err = proc.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith("teplovoda: error: ") and str(path.name) in err
    return err


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize(
    "field, where",
    [
        ("running_kw", "[[motors]] #1 -> running_kw"),
        ("tank", "[generator] -> fuel_tank_l"),
        ("tanker", "[generator] -> tanker_l"),
    ],
)
def test_a_bad_number_in_a_power_field_is_one_line_naming_it(tmp_path, field, where, value):
    path = tmp_path / "site.toml"
    path.write_text(SITE.format(**{**GOOD, field: value}))
    err = one_line_error(teplovoda("power", "size", path, "--out", tmp_path / "out"), path)
    assert where in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("starts", ['"all at once"', "3", "nan", '""'])
def test_an_unknown_start_sequence_is_one_line_naming_it(tmp_path, starts):
    path = tmp_path / "site.toml"
    path.write_text(SITE.format(**{**GOOD, "starts": starts}))
    err = one_line_error(teplovoda("power", "size", path, "--out", tmp_path / "out"), path)
    assert "[site]" in err and "starts" in err


@pytest.mark.parametrize(
    "stop, start, field",
    [
        ("nan", "4.0", "stop_above_m"),
        ("inf", "4.0", "stop_above_m"),
        ("5.0", "-inf", "start_below_m"),
        ("5.0", "-1.0", "start_below_m"),
        ("1e300", "4.0", "stop_above_m"),
    ],
)
def test_a_bad_control_level_is_one_line_naming_it(tmp_path, stop, start, field):
    body = (SCENARIOS / "power_raw_water_station.toml").read_text()
    body = body.replace('inp_file = "networks/', f'inp_file = "{SCENARIOS.as_posix()}/networks/')
    path = tmp_path / "station.toml"
    path.write_text(body + CONTROL.format(stop=stop, start=start))
    err = one_line_error(teplovoda("power", "size", path, "--out", tmp_path / "out"), path)
    assert f"[[controls]] #4 -> {field}" in err


def test_control_levels_outside_the_tank_are_one_line_naming_the_control(tmp_path):
    body = (SCENARIOS / "power_raw_water_station.toml").read_text()
    body = body.replace('inp_file = "networks/', f'inp_file = "{SCENARIOS.as_posix()}/networks/')
    path = tmp_path / "station.toml"
    path.write_text(body + CONTROL.format(stop="50.0", start="4.0"))
    err = one_line_error(teplovoda("power", "size", path, "--out", tmp_path / "out"), path)
    assert "[[controls]] #4: levels for 'P1' on tank 'CWT' must satisfy" in err
