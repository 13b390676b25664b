"""Criticality (issue 15 point 12): failure units ranked by person-hours, checked against connectivity and
against the same failure applied as scenario damage."""

from __future__ import annotations

import pytest

from teplovoda.models.water import metrics
from teplovoda.models.water.criticality import DEFAULT_REPAIR_H, criticality, failure_units
from teplovoda.models.water.damage import PumpLost, SegmentIsolated, apply_damage, valve_segments
from teplovoda.models.water.eps import SimulationSpec
from teplovoda.models.water.hydraulics import solve
from teplovoda.models.water.network import add_junctions, add_pipes, add_reservoir, create_water_network
from teplovoda.models.water.scenario import build_network, load_scenario
from tests.conftest import SCENARIOS

PEOPLE = {"A": 1000.0, "B": 300.0, "C": 50.0}


def _chain():
    """R - P1 - A - P2 - B - P3 - C: closing a pipe cuts off every node beyond it."""
    net = create_water_network("chain")
    add_reservoir(net, "R", 60.0)
    add_junctions(net, list(PEOPLE), 10.0, demand_m3_per_h=[5.0, 2.0, 1.0])
    add_pipes(net, ["P1", "P2", "P3"], ["R", "A", "B"], ["A", "B", "C"], length_m=200.0, diameter_m=0.15, hazen_williams_c=130.0)
    net.nodes["population"] = net.nodes.index.map(PEOPLE).fillna(0.0).to_numpy(float)
    return net


def test_pipes_are_ranked_by_the_people_beyond_them():
    table = criticality(_chain(), repair_h=10.0).set_index("element")
    assert list(table.index) == ["P1", "P2", "P3"]
    assert list(table["rank"]) == [1, 2, 3]
    beyond = {"P1": 1350.0, "P2": 350.0, "P3": 50.0}  # graph connectivity, by hand
    for pipe, people in beyond.items():
        assert table.at[pipe, "people_without"] == pytest.approx(people)
        assert table.at[pipe, "person_hours_without_water"] == pytest.approx(people * 10.0)
    assert table["converged"].all()
    assert table.attrs["unit"] == "person-h" and table.attrs["repair_h"] == 10.0


def test_an_extended_period_run_gives_the_person_hours():
    """With [simulation], the hours come from EPANET's run: a cut-off node is without water every hour."""
    table = criticality(_chain(), simulation=SimulationSpec(duration_h=6.0)).set_index("element")
    assert table.at["P3", "person_hours_without_water"] == pytest.approx(50.0 * 6.0, rel=1e-6)
    assert table.at["P1", "person_hours_without_water"] == pytest.approx(1350.0 * 6.0, rel=1e-6)
    assert table.attrs["repair_h"] != table.attrs["repair_h"]  # NaN: no held snapshot


@pytest.fixture(scope="module")
def isolated():
    scn = load_scenario(SCENARIOS / "water_trunk_main_isolated.toml")
    return scn, build_network(scn)


def test_a_valve_layer_gives_one_row_per_segment_with_its_pipes_and_valves(isolated):
    """Every in-service pipe is in exactly one segment row; a segment's loss equals its segment_isolated damage's."""
    scn, net = isolated
    units = [u for u in failure_units(net) if u["element_type"] == "segment"]
    pipes = sorted(p for u in units for p in u["pipes"])
    assert pipes == sorted(net.pipes().index)
    _, link_seg = valve_segments(net)
    assert len(units) == link_seg.reindex(net.pipes().index).nunique()
    table = criticality(net, scn.hydraulics).set_index("element")
    worst = table.iloc[0]
    assert worst["valves"]  # the valves a crew closes
    res = solve(apply_damage(net, [SegmentIsolated(pipe=worst["pipes"].split()[0])]), scn.hydraulics)
    assert worst["people_without"] == pytest.approx(metrics.people_served(res.junctions)["people_without"])
    assert worst["person_hours_without_water"] == pytest.approx(worst["people_without"] * DEFAULT_REPAIR_H)
    assert table["person_hours_without_water"].is_monotonic_decreasing


def test_pumps_are_failure_units(isolated):
    scn, net = isolated
    table = criticality(net, scn.hydraulics).set_index("element")
    assert set(net.pumps()) <= set(table.index)
    res = solve(apply_damage(net, [PumpLost(pump="10")]), scn.hydraulics)
    assert table.at["10", "people_without"] == pytest.approx(metrics.people_served(res.junctions)["people_without"])
