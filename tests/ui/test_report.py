"""The comparison report of a water base with ``[simulation]``: the hour-by-hour chart and the totals per option."""

from __future__ import annotations

import math

import pytest

from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.ui.report import comparison_files, eps_totals
from tests.conftest import SCENARIOS

OPTION = "generator at the river station"


@pytest.fixture(scope="module")
def outage_comparison(tmp_path_factory):
    """A diesel set for the river station of the shipped 72 h outage, costed (a comparison written for this test)."""
    path = tmp_path_factory.mktemp("compare") / "compare_outage.toml"
    path.write_text(
        f"""[scenario]
name = "River station out for 72 hours: a generator?"
kind = "compare"

[base]
water = "{SCENARIOS / "water_pumping_station_outage_72h.toml"}"

[economics]
horizon_years = 5
discount_rate = 0.10
price_year = 2025
currency = "EUR"

[[costs]]
option = "{OPTION}"
item = "diesel set for pump 335"
capex = 60000.0
currency = "EUR"
price_year = 2025
lifetime_years = 15
source = "figure for this test"
"""
    )
    return run_comparison(load_scenario(path))


def test_eps_totals_has_every_case_and_the_pump_energy_cost(outage_comparison):
    eps = outage_comparison.heat_run.eps  # the base model's WaterRun
    t = eps_totals(eps)
    assert list(t.index) == ["intact", "damaged", OPTION]
    assert t.loc["damaged", "people_without_water_max"] == 300_000
    assert t.loc["damaged", "first_zone_dry_h"] == 15  # README: the city's zone first runs dry in hour 15
    assert t.loc["damaged", "person_hours_without_water"] == pytest.approx(9.6e6, rel=0.01)
    assert t.loc[OPTION, "person_hours_without_water"] == 0 and math.isnan(t.loc[OPTION, "first_zone_dry_h"])  # never
    for case, e in eps.items():
        assert t.loc[case, "pump_energy_cost_eur"] == pytest.approx(e.pumps["cost_eur"].sum())
        assert t.loc[case, "pump_energy_cost_eur"] == pytest.approx(0.11 * e.totals["pump_energy_kwh"])
    assert t["converged"].all()


@pytest.mark.parametrize("maps", [True, False])
def test_water_report_shows_the_simulation_chart_and_totals(outage_comparison, maps):
    files = comparison_files(outage_comparison, maps=maps)
    page = files["report.html"].decode()
    over_time = page[page.index("<h2>Over time: 72 hours</h2>") : page.index("<h2>Network maps</h2>")]
    assert over_time.count("<img src='data:image/png;base64,") == 1  # the EPS chart, maps or not
    assert page.count("data:image/png;base64,") == 2 + 1 + (2 if maps else 0)  # charts, EPS chart, a map per case
    for header in ("Person-hours without water", "Most people without water at once", "Pump energy cost, EUR"):
        assert f"<th>{header}</th>" in over_time
    assert "<tr><th>do nothing</th><td>9,6" in over_time and "<td>300,000</td><td>15</td>" in over_time
    assert f"<tr><th>{OPTION}</th><td>0</td><td>0</td><td>never</td>" in over_time
    summary = files["summary.md"].decode()
    assert "Over 72 h (extended-period simulation):" in summary and f"| {OPTION} | 0 | 0 | never |" in summary


def test_report_of_a_water_base_without_simulation_has_no_over_time_section():
    c = run_comparison(load_scenario(SCENARIOS / "compare_city_main_broken.toml"))
    assert not c.heat_run.eps
    page = comparison_files(c, maps=False)["report.html"].decode()
    assert "Over time" not in page and page.count("data:image/png;base64,") == 2
