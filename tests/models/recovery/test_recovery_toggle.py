"""Stage solves that switch damage off in one EPANET project equal stages rebuilt from the intact network.

The reference is the rebuilt path: each stage's network rebuilt with the remaining damage and a fresh EPANET
project opened for it (the water engine's ordinary solve). Net3's pump 335 and bypass pipe 330 carry level
controls, so losing them and reopening them exercises the controls being switched back on.
"""

from __future__ import annotations

import random

import pytest

from teplovoda.models import kinds
from teplovoda.models.recovery.water import plan
from tests.conftest import SCENARIOS

NET3 = SCENARIOS / "networks" / "Net3.inp"


def _stage_diff(scn, rule: str) -> tuple[float, int, dict, dict]:
    fast, slow = plan(scn, rule), plan(scn, rule, rebuild=True)
    assert fast.stages.toggle is not None and slow.stages.toggle is None
    keys = fast.stages.cache.keys() & slow.stages.cache.keys()
    diff = max(abs(fast.stages.cache[k][0] - slow.stages.cache[k][0]) for k in keys)
    return diff, len(keys), fast.person_days, slow.person_days


def test_shipped_example_every_stage_and_rule_equals_the_rebuilt_stages():
    scn = kinds.get("water").load(SCENARIOS / "water_city_main_repairs.toml")
    diff, n, fast, slow = _stage_diff(scn, "all")
    assert n > 100
    assert diff <= 1e-6
    assert fast.keys() == slow.keys()
    for rule in fast:
        assert fast[rule] == pytest.approx(slow[rule], abs=1e-6)


def test_random_breaks_closures_and_a_lost_controlled_pump_equal_the_rebuilt_stages(tmp_path):
    rng = random.Random(7)
    pipes = [
        p
        for p in (
            "101",
            "103",
            "105",
            "109",
            "111",
            "113",
            "115",
            "117",
            "119",
            "120",
            "121",
            "125",
            "129",
            "131",
            "139",
            "141",
            "143",
            "145",
            "147",
            "149",
            "151",
            "153",
            "157",
            "159",
            "161",
            "163",
            "169",
            "171",
        )
    ]
    chosen = rng.sample(pipes, 7)
    body = "".join(
        f'[[damage]]\ntype = "pipe_break"\npipe = "{p}"\nleak_area_cm2 = {rng.uniform(50, 500):.1f}\n' for p in chosen[:4]
    )
    body += "".join(f'[[damage]]\ntype = "pipe_closed"\npipe = "{p}"\n' for p in [*chosen[4:], "330"])
    body += '[[damage]]\ntype = "pump_lost"\npump = "335"\n'
    path = tmp_path / "random.toml"
    path.write_text(
        f'[scenario]\nname = "r"\nkind = "water"\n[network]\ninp_file = "{NET3}"\n[population]\ntotal = 300000\n'
        + body
        + "[recovery]\ncrews = {water = 2}\n"
    )
    scn = kinds.get("water").load(path)
    diff, n, fast, slow = _stage_diff(scn, "network_ratio")
    assert n >= 9
    assert diff <= 1e-6
    assert fast["network_ratio"] == pytest.approx(slow["network_ratio"], abs=1e-6)
