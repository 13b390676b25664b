"""Service metrics on a hand-made junction table (pure functions, numbers checked by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from teplovoda.models.water import metrics


@pytest.fixture
def junctions():
    return pd.DataFrame(
        {
            "type": ["junction", "junction", "junction", "junction", "link_internal"],
            "pressure_m": [25.0, 8.0, np.nan, 0.5, 10.0],
            "demand_required_m3_per_h": [10.0, 10.0, 5.0, 4.0, 0.0],
            "demand_m3_per_h": [10.0, 6.0, 0.0, 0.02, 0.0],
            "leak_m3_per_h": [0.0, 3.0, 0.0, 0.0, 0.0],
            "population": [1000.0, 2000.0, 500.0, 400.0, 0.0],
            "supplied": [True, True, False, True, True],
        },
        index=pd.Index(["A", "B", "C", "D", "X"], name="junction"),
    )


def test_service_classes(junctions):
    assert metrics.service_class(junctions).to_dict() == {"A": "full", "B": "partial", "C": "none", "D": "none"}


def test_people_served(junctions):
    s = metrics.people_served(junctions)
    assert s["people_full"] == 1000 and s["people_partial"] == 2000 and s["people_without"] == 900
    assert s["people_total"] == 3900
    assert s["people_equivalent_served"] == pytest.approx(1000 + 2000 * 0.6 + 400 * 0.005)
    assert s.attrs["unit"] == "people"


def test_volumes(junctions):
    assert metrics.unserved_volume_m3_per_day(junctions) == pytest.approx((4 + 5 + 3.98) * 24)
    assert metrics.leak_outflow_m3_per_h(junctions) == 3.0


def test_zone_table_sorted_by_lowest_pressure(junctions):
    zones = pd.Series({"A": "north", "B": "south", "C": "south", "D": "east"})
    t = metrics.zone_table(junctions, zones)
    assert list(t.index) == ["east", "south", "north"]
    assert t.at["south", "people_without"] == 500
    assert t.at["south", "lowest_node"] == "B"
    assert t.at["south", "service_fraction"] == pytest.approx(6 / 15)


def test_tank_autonomy():
    sources = pd.DataFrame(
        {
            "kind": ["tank", "tank", "reservoir"],
            "usable_volume_m3": [1000.0, 500.0, np.nan],
            "outflow_m3_per_h": [250.0, -20.0, 300.0],
        },
        index=["T1", "T2", "R"],
    )
    a = metrics.tank_autonomy(sources)
    assert a.at["T1", "hours_to_empty_h"] == 4.0
    assert np.isinf(a.at["T2", "hours_to_empty_h"])
    assert "R" not in a.index


def _town(head_m: float = 50.0):
    """A reservoir feeding a valley node A (10 m) with water and a hill node B (70 m) above its head, and a
    node C (80 m) with no demand: B and C are dry, their EPANET pressures (-20 m, -30 m) are no service pressure."""
    from teplovoda.models.water.network import add_junctions, add_pipes, add_reservoir, create_water_network

    net = create_water_network("hill")
    add_reservoir(net, "R", head_m, xy_m=[(0.0, 0.0)])
    add_junctions(net, ["A", "B", "C"], [10.0, 70.0, 80.0], demand_m3_per_h=[20.0, 20.0, 0.0])
    add_pipes(net, ["P1", "P2", "P3"], ["R", "A", "B"], ["A", "B", "C"], length_m=200.0, diameter_m=0.2, hazen_williams_c=130.0)
    net.nodes["population"] = [0.0, 100.0, 100.0, 0.0]
    return net


def test_dry_nodes_have_no_lowest_pressure():
    """Issue 15 point 10: a dry zone is reported as dry, not as a negative 'lowest pressure'."""
    from teplovoda.models.water.hydraulics import solve

    res = solve(_town())
    j = res.junctions
    assert j.at["B", "pressure_m"] < -10 and j.at["C", "pressure_m"] < -10  # EPANET's numbers for the dry hill
    assert metrics.dry_nodes(j).to_dict() == {"A": False, "B": True, "C": True}
    s = metrics.summary(res)
    assert s["min_pressure_m"] == pytest.approx(j.at["A", "pressure_m"]) and s["min_pressure_m"] > 0
    z = metrics.zone_table(j, pd.Series({"A": "valley", "B": "hill", "C": "hill"}))
    assert list(z.index) == ["hill", "valley"]  # the dry zone first
    assert np.isnan(z.at["hill", "min_pressure_m"]) and z.at["hill", "lowest_node"] == "" and z.at["hill", "nodes_dry"] == 2
    assert np.isnan(z.at["hill", "median_pressure_m"])
    assert z.at["valley", "nodes_dry"] == 0 and z.at["valley", "min_pressure_m"] > 0


def test_all_dry_network_has_no_lowest_pressure():
    from teplovoda.models.water.hydraulics import solve

    s = metrics.summary(solve(_town(head_m=5.0)))
    assert np.isnan(s["min_pressure_m"]) and s["nodes_without_water"] == 2


def test_a_network_without_tanks_has_no_tank_empty_time():
    """Issue 15 point 10: no tanks is not 'tank empty: never' (inf); NaN, shown as 'no tanks'."""
    from teplovoda.models.water.hydraulics import solve

    res = solve(_town())
    assert np.isnan(metrics.summary(res)["first_tank_empty_h"])
    sources = pd.DataFrame({"kind": ["tank"], "usable_volume_m3": [100.0], "outflow_m3_per_h": [-5.0]}, index=["T"])
    assert np.isinf(metrics.first_tank_empty_h(sources))  # a tank that fills does keep "never"
