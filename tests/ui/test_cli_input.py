"""Strict input through the real command line: one line, exit code 2, never a hang or a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from teplovoda.models.limits import MAX_NETWORK_ELEMENTS, NO_LIMITS_ENV
from tests.conftest import REPO, SCENARIOS

NON_FINITE = ("nan", "inf", "-inf")
NUMBER_LINE = re.compile(r"^(?P<key>[A-Za-z_]\w*)\s*=\s*[-+]?\d[\d_.eE+-]*\s*(?:#.*)?$")


def teplovoda(*args, timeout=120):
    """The CLI as a user runs it; ``timeout`` turns a hang (a FIFO opened) into a failure."""
    env = {k: v for k, v in os.environ.items() if k != NO_LIMITS_ENV}
    return subprocess.run(
        [sys.executable, "-m", "teplovoda.ui.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env=env,
    )


def one_line_error(proc) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("teplovoda: error: ")
    return lines[0].removeprefix("teplovoda: error: ")


@pytest.fixture
def scenarios(tmp_path):
    shutil.copytree(SCENARIOS, tmp_path / "s")
    return tmp_path / "s"


def patch_line(path, index: int, new: str):
    lines = path.read_text().splitlines()
    lines[index] = new
    path.write_text("\n".join(lines) + "\n")


SHIPPED = sorted(p.name for p in SCENARIOS.glob("*.toml"))


@pytest.mark.parametrize(
    "name, bad",
    [(name, NON_FINITE[i % 3]) for i, name in enumerate(SHIPPED)],
    ids=[f"{n}-{NON_FINITE[i % 3]}" for i, n in enumerate(SHIPPED)],
)
def test_a_non_finite_number_in_any_shipped_scenario_is_refused(scenarios, tmp_path, name, bad):
    """Every kind (water, heat, power, compare) through ``teplovoda run``: the last number of the file made non-finite."""
    path = scenarios / name
    lines = path.read_text().splitlines()
    index, key = [(i, m["key"]) for i, line in enumerate(lines) if (m := NUMBER_LINE.match(line.strip()))][-1]
    patch_line(path, index, f"{key} = {bad}")
    out = tmp_path / "out"
    message = one_line_error(teplovoda("run", path, "--out", out))
    assert message.startswith(f"{path}: ") and re.search(rf"(-> |\.){key}: expected (a finite number|an integer), got ", message)
    assert not out.exists()


def test_duplicate_generator_options_are_refused(scenarios):
    """The issue's case: two [[generator_options]] of one name reported "500 kVA ... for never EUR"."""
    path = scenarios / "compare_generator_choice.toml"
    path.write_text(path.read_text().replace('name = "550 kVA (recommended)"', 'name = "500 kVA (on offer)"'))
    assert one_line_error(teplovoda("compare", path)) == (
        f"{path}: [[generator_options]] #2 -> name: duplicate name '500 kVA (on offer)' (also [[generator_options]] #1)"
    )


def test_duplicate_water_option_names_are_refused(scenarios):
    path = scenarios / "water_city_main_broken.toml"
    path.write_text(path.read_text().replace('name = "close the break, 200 mm layflat bypass"', 'name = "repair the main"'))
    assert one_line_error(teplovoda("water", "run", path)) == (
        f"{path}: [[options]] #2 -> name: duplicate name 'repair the main' (also [[options]] #1)"
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("price = 55.0", "price = -55.0", "[fuel_prices.diesel] -> price: must be >= 0, got -55"),
        ("UAH = 0.0222", "UAH = 0", "[economics] -> exchange_rates.UAH: must be > 0, got 0"),
    ],
)
def test_negative_fuel_price_and_zero_exchange_rate_are_refused(scenarios, old, new, message):
    path = scenarios / "compare_generator_choice.toml"
    path.write_text(path.read_text().replace(old, new))
    assert one_line_error(teplovoda("compare", path)) == f"{path}: {message}"


@pytest.mark.parametrize("section, line", [("[JUNCTIONS]", " 15 "), ("[PIPES]", " 40 ")])
def test_duplicate_inp_ids_are_refused(scenarios, section, line):
    inp = scenarios / "networks" / "Net3.inp"
    text = inp.read_text()
    start = text.index(section)
    row = next(r for r in text[start:].splitlines() if r.startswith(line))
    duplicate = row.replace(line, " 10 " if section == "[JUNCTIONS]" else " 20 ", 1)
    inp.write_text(text.replace(row, duplicate, 1))
    number = inp.read_text().splitlines().index(duplicate) + 1
    message = one_line_error(teplovoda("water", "run", scenarios / "water_trunk_main_break.toml"))
    assert message.startswith(f"{inp} line {number}: duplicate ID '{duplicate.split()[0]}' (EPANET error 215; "), message


def test_days_above_the_limit_are_refused_and_no_limits_lifts_the_limit(scenarios):
    path = scenarios / "power_raw_water_station.toml"
    text = path.read_text()
    assert "days = 2 " in text
    path.write_text(text.replace("days = 2 ", "days = 100000 "))
    assert one_line_error(teplovoda("power", "size", path)) == (
        f"{path}: [blackout] -> days: 100,000 is above the limit of 366 (pass --no-limits or set {NO_LIMITS_ENV}=1 "
        "if you really mean it)"
    )
    # with the override the days pass; a bad pattern after them stops the run before 100,000 days are simulated
    path.write_text(text.replace("days = 2 ", "days = 100000 ").replace('pattern = "4on4off"', 'pattern = "bogus"'))
    assert "[blackout]: pattern must be one of" in one_line_error(teplovoda("--no-limits", "power", "size", path))


def test_a_huge_network_is_refused_by_the_element_limit(tmp_path):
    inp = tmp_path / "huge.inp"
    with open(inp, "w") as f:
        f.write("[OPTIONS]\nUnits LPS\n[JUNCTIONS]\n")
        f.writelines(f"J{i} 10 1\n" for i in range(3_000_000))
        f.write("[END]\n")
    scenario = tmp_path / "s.toml"
    scenario.write_text('[scenario]\nname = "huge"\n[network]\ninp_file = "huge.inp"\n')
    message = one_line_error(teplovoda("water", "run", scenario, timeout=60))
    assert message.startswith(f"{inp} line {MAX_NETWORK_ELEMENTS + 4}: nodes and links: more than the limit of 200,000 elements")


def test_a_fifo_as_the_scenario_is_refused(tmp_path):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    assert one_line_error(teplovoda("run", fifo, timeout=60)) == f"{fifo}: scenario file is a FIFO, not a file"


def test_a_fifo_as_the_inp_file_is_refused(scenarios):
    os.mkfifo(scenarios / "networks" / "fifo.inp")
    path = scenarios / "water_trunk_main_break.toml"
    path.write_text(path.read_text().replace('inp_file = "networks/Net3.inp"', 'inp_file = "networks/fifo.inp"'))
    assert one_line_error(teplovoda("water", "run", path, timeout=60)) == (
        f"{path}: [network] -> inp_file: file 'networks/fifo.inp' is a FIFO, not a file"
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b"[scenario]\nname = 'x'\nkind = [1]\n",
            "[scenario] -> kind: expected one of water, heat, power, compare, portfolio, got [1]",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (it holds binary data)"),
    ],
)
def test_odd_scenarios_give_our_one_line(tmp_path, content, message):
    path = tmp_path / "odd.toml"
    path.write_bytes(content)
    assert one_line_error(teplovoda("run", path)) == f"{path}: {message}"
