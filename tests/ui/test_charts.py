"""The app's charts get the model's numbers: the water-over-time charts of an extended-period run, per case and hour."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from teplovoda.models.water.scenario import load_scenario, run_scenario
from teplovoda.ui import charts
from tests.conftest import SCENARIOS

OUTAGE = SCENARIOS / "water_pumping_station_outage_72h.toml"
#: The grid is off 08:00-12:00 and 18:00-20:00 every day (a timetable the scenario does not have, to see the shading).
GRID_ON = tuple(0 if 8 <= h < 12 or 18 <= h < 20 else 1 for h in range(24))


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("TEPLOVODA_APP_LANG", "en")


@pytest.fixture(scope="module")
def timetabled():
    """The 72 h outage scenario over 30 h with a blackout timetable on every pump."""
    scn = load_scenario(OUTAGE)
    scn = dataclasses.replace(scn, simulation=dataclasses.replace(scn.simulation, duration_h=30.0, grid_on=GRID_ON))
    return run_scenario(scn)


def test_service_over_time_has_a_step_for_every_case_hour_and_measure(timetabled):
    eps = timetabled.eps
    assert list(eps) == ["intact", "damaged", "generator at the river station"]
    chart = charts.service_over_time({case: e.hourly for case, e in eps.items()})
    shade, line = chart.layer
    lines = line.data
    assert set(lines["measure"]) == {"fully or partly served", "fully served"}
    for case, e in eps.items():
        h = e.hourly
        for measure, expected in (
            ("fully or partly served", h["people_full"] + h["people_partial"]),
            ("fully served", h["people_full"]),
        ):
            got = lines[(lines["case"] == case) & (lines["measure"] == measure)].sort_values("hour")
            assert list(got["hour"]) == list(range(31))  # hours 0..29 and the end of the last one
            np.testing.assert_allclose(got["people"].to_numpy()[:-1], expected.to_numpy())
            assert got["people"].iloc[-1] == expected.iloc[-1]  # the last hour held to its end
    # the hours the timetable leaves the pumps without power, over both days
    off = [h for h in range(30) if not GRID_ON[h % 24]]
    assert list(shade.data["hour"]) == off and list(shade.data["end"]) == [h + 1 for h in off]
    assert not eps["damaged"].hourly["pumps_available"].iloc[off].any()


def test_service_over_time_without_a_timetable_shades_nothing():
    run = run_scenario(load_scenario(OUTAGE))
    chart = charts.service_over_time({case: e.hourly for case, e in run.eps.items()})
    assert len(chart.layer[0].data) == 0
    lines = chart.layer[1].data
    assert len(lines) == len(run.eps) * 2 * (72 + 1)
    damaged = lines[(lines["case"] == "damaged") & (lines["measure"] == "fully or partly served")]
    assert damaged["people"].max() == 300_000 and damaged["people"].min() == 0  # the city runs dry


def test_tank_levels_has_every_tank_at_every_hour_end(timetabled):
    tanks = timetabled.eps["damaged"].tanks
    assert list(tanks.columns) == ["1", "2", "3"]
    data = charts.tank_levels(tanks).data
    assert len(data) == 30 * 3
    for tank in tanks.columns:
        got = data[data["tank"] == tank].sort_values("hour_end")
        assert list(got["hour_end"]) == list(range(1, 31))
        np.testing.assert_allclose(got["level_m"].to_numpy(), tanks[tank].to_numpy())


def test_blackout_day_still_draws_the_last_day_with_grid_off_hours_shaded():
    """The power view's chart, now drawn by the same step-line helper as the water-over-time chart."""
    import pandas as pd

    hours = np.arange(48)
    grid_on = np.resize([0 if h in (4, 5, 12) else 1 for h in range(24)], 48)
    with_gen = pd.DataFrame({"day": hours // 24, "hour": hours % 24, "people_equivalent_served": 1000.0, "grid_on": grid_on})
    without = with_gen.assign(people_equivalent_served=np.where(grid_on, 1000.0, 0.0))
    chart = charts.blackout_day(with_gen, without)
    shade, line = chart.layer
    assert list(shade.data["hour"]) == [4, 5, 12]
    lines = line.data
    assert sorted(set(lines["case"])) == ["with the generator", "without a generator"]
    assert len(lines) == 2 * 25 and lines["hour"].max() == 24
