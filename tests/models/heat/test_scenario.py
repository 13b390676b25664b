"""Heat scenario files: bad input is one line naming the file and key."""

from __future__ import annotations

import shutil

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.heat.scenario import load_scenario, run_scenario
from tests.conftest import SCENARIOS

BASE = """
[scenario]
name = "t"
kind = "heat"
[network]
nodes = "heat_microdistrict/nodes.csv"
pipes = "heat_microdistrict/pipes.csv"
consumers = "heat_microdistrict/consumers.csv"
[[sources]]
name = "bh"
node = "BH"
kind = "central_plant"
capacity_kw = 25000
"""


def write(tmp_path, text):
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    path = tmp_path / "h.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "extra, message",
    [
        ("[weather]\noutdoor_temp_f = 5\n", "unknown key 'outdoor_temp_f'.*did you mean 'outdoor_temp_c'"),
        ("[weather]\noutdoor_temp_c = 'cold'\n", "\\[weather\\] -> outdoor_temp_c: expected a number"),
        ("[climate]\ndesign_return_temp_c = 99\n", "\\[climate\\]: temperatures must satisfy"),
        ("[operation]\nmode = 'psychic'\n", "mode: expected 'sequential' or 'bidirectional'"),
        ("[building_types.castle]\ntime_constant_h = 5\n", "\\[building_types.castle\\]: unknown building type"),
        ("[[damage]]\ntype = 'flood'\n", "unknown damage 'flood'"),
        (
            "[[damage]]\ntype = 'source_derated'\nsource = 'bh'\navailable_fraction = 2\n",
            "available_fraction: must be >= 0 and <= 1, got 2",
        ),
        (
            "[[options]]\nname = 'x'\n[[options.sources]]\nname = 'm'\nnode = 'M1'\nkind = 'biomass_boiler'\n",
            "\\[\\[options\\]\\] #1 -> sources #1: missing key 'capacity_kw'",
        ),
        (
            "[[options]]\nname = 'x'\n[[options.sources]]\nname = 'm'\nnode = 'M1'\nkind = 'gas_boiler'\ncapacity_kw = -5\n",
            "\\[\\[options\\]\\] #1 -> sources #1 -> capacity_kw: must be > 0 kW and <= 5,000,000 kW, got -5 kW",
        ),
    ],
)
def test_bad_heat_scenarios_fail_on_load(tmp_path, extra, message):
    path = write(tmp_path, BASE + extra)
    with pytest.raises(InputError, match=message) as err:
        load_scenario(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    "extra, message",
    [
        ("[[damage]]\ntype = 'source_lost'\nsource = 'plant'\n", "damage #1 \\(source_lost\\): unknown heat source 'plant'"),
        ("[[damage]]\ntype = 'pipe_closed'\npipe = 'Z-Z'\n", "unknown pipe 'Z-Z'"),
        ("[[options]]\nname = 'x'\nclose_pipes = ['nope']\n", "\\[\\[options\\]\\] #1 \\(x\\): unknown pipe 'nope'"),
        (
            "[[options]]\nname = 'x'\n[[options.sources]]\nname = 'm'\nnode = 'ZZ'\nkind = 'gas_boiler'\ncapacity_kw = 5\n",
            "placed at unknown node 'ZZ'",
        ),
    ],
)
def test_bad_elements_fail_on_run(tmp_path, extra, message):
    path = write(tmp_path, BASE + extra)
    with pytest.raises(InputError, match=message) as err:
        run_scenario(load_scenario(path))
    assert str(err.value).startswith(str(path))


def test_broken_csv_is_named(tmp_path):
    path = write(tmp_path, BASE)
    (tmp_path / "heat_microdistrict" / "pipes.csv").write_text("name,from_node\nA,B\n")
    with pytest.raises(InputError, match="pipes: missing column 'to_node'"):
        run_scenario(load_scenario(path))
    (tmp_path / "heat_microdistrict" / "nodes.csv").unlink()
    with pytest.raises(InputError, match="\\[network\\] -> nodes: file 'heat_microdistrict/nodes.csv' not found"):
        load_scenario(path)
