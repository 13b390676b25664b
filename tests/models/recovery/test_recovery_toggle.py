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


def test_closures_switched_back_give_the_rebuilt_heads_and_statuses_where_level_controls_act(tmp_path):
    """Tank 1 at 25 m (above 19.1 m) makes Net3's level controls act at the start: pump 335 closed and its bypass
    330 opened. A repaired 330 or 335 must get its controls back; every subset of repairs is compared."""
    from itertools import combinations

    import numpy as np

    from teplovoda.models.damage import element_of
    from teplovoda.models.recovery.water import _Toggle
    from teplovoda.models.water import damage as wd
    from teplovoda.models.water.hydraulics import solve
    from teplovoda.models.water.scenario import build_network

    inp = NET3.read_text()
    tank = " 1               \t131.9       \t13.1 "
    assert tank in inp
    (tmp_path / "net3_high.inp").write_text(inp.replace(tank, " 1               \t131.9       \t25.0 "))
    path = tmp_path / "s.toml"
    path.write_text(
        '[scenario]\nname = "h"\nkind = "water"\n[network]\ninp_file = "net3_high.inp"\n[population]\ntotal = 300000\n'
    )
    scn = kinds.get("water").load(path)
    net = build_network(scn)
    damage = [wd.PumpLost(pump="335"), wd.PipeClosed(pipe="330"), wd.PipeClosed(pipe="101"), wd.PumpLost(pump="10")]
    toggle = _Toggle.build(net, damage)
    assert toggle is not None and toggle.controls  # the controls on 330 and 335 are switched
    names = [element_of(d) for d in damage]
    statuses = set()
    for k in range(len(names) + 1):
        for repaired in map(frozenset, combinations(names, k)):
            fast = toggle.solve(repaired, scn.hydraulics)
            ref = solve(wd.apply_damage(net, [d for d in damage if element_of(d) not in repaired]), scn.hydraulics)
            np.testing.assert_allclose(fast.junctions["head_m"], ref.junctions["head_m"], rtol=0, atol=1e-9)
            assert fast.links["status"].equals(ref.links["status"]), sorted(repaired)
            statuses.add(tuple(ref.links.loc[["330", "335"], "status"]))
    assert ("open", "closed") in statuses  # 330 repaired: its control opens it
