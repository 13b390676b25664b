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
