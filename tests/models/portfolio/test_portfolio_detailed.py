"""Sites modelled in detail: a site row names a ``teplovoda power size`` scenario in the portfolio's folder."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from conftest import PUMPS, SITES

from teplovoda.models.errors import InputError
from teplovoda.models.portfolio import evaluate, load_portfolio
from teplovoda.models.power.scenario import load_scenario, run_scenario
from tests.conftest import SCENARIOS

DETAILED = {
    "name": "D",
    "oblast": "Zhytomyr",
    "community": "d",
    "lat": 50.1,
    "lon": 28.5,
    "people": 8000,
    "storage_h": 1,
    "scenario": "boiler_house.toml",
}
#: Sizes around the boiler house's threshold (its direct-on-line fan sets the size) and one far above.
SIZES = [
    {"set_type": f"S{k}", "kva": k, "count": 1, "cost_eur": 10000 + 100 * k, "delivery_days": 0}
    for k in (150, 200, 250, 300, 640)
]


@pytest.fixture
def detailed(portfolio_dir, tmp_path):
    def write(site=DETAILED, inventory=SIZES, scenario_file="power_motors_only.toml"):
        path = portfolio_dir(sites=[*SITES, site], pumps=PUMPS, inventory=inventory)
        shutil.copy(SCENARIOS / scenario_file, tmp_path / "boiler_house.toml")
        return path

    return write


def test_pass_fail_shortfall_and_fuel_equal_power_size_on_the_scenario(detailed, tmp_path):
    pairs = evaluate(load_portfolio(detailed())).set_index(["site", "set_type"])
    scn = load_scenario(tmp_path / "boiler_house.toml")
    assert set(pairs.loc["D", "passes"]) == {True, False}  # the sizes straddle the threshold
    for s in SIZES:
        power = run_scenario(dataclasses.replace(scn, generator=dataclasses.replace(scn.generator, manual_kva=float(s["kva"]))))
        row = pairs.loc[("D", s["set_type"])]
        assert row["passes"] == power.manual["passes"], s
        assert row["shortfall_kva"] == pytest.approx(power.manual["shortfall_kva"], rel=1e-9)
        assert row["needed_kva"] == pytest.approx(power.manual["needed_kva"], rel=1e-9)
        assert row["worst_start"] == power.manual["worst_start"]
        fuel = power.fuel if power.manual["passes"] else power.fuel_for(float(s["kva"]))  # power size fuels the set that runs
        assert row["fuel_l_per_day"] == pytest.approx(fuel["fuel_l_per_day"], rel=1e-9)
        assert row["deliveries_per_week"] == pytest.approx(fuel["deliveries_per_week"], rel=1e-9)
        assert row["load_kw"] == pytest.approx(fuel["running_load_kw"], rel=1e-9)
    # its timetable is the scenario's: 4 h on / 4 h off, 12 grid hours, one hour of storage per outage
    assert pairs.loc[("D", "S640"), "hours_without_h"] == pytest.approx(12 + 3 * 1)


@pytest.mark.parametrize("name", ["../boiler_house.toml", "/etc/passwd", "sub/../../x.toml"])
def test_a_scenario_outside_the_portfolio_folder_is_refused(detailed, name):
    with pytest.raises(InputError) as err:
        load_portfolio(detailed(site=dict(DETAILED, scenario=name)))
    text = str(err.value)
    assert "sites.csv: row 5 -> scenario: file" in text and "points outside the portfolio's folder" in text
    assert len(text.splitlines()) == 1


def test_a_missing_scenario_and_pumps_for_a_detailed_site_are_errors(detailed, portfolio_dir):
    with pytest.raises(InputError, match=r"sites.csv: row 5 -> scenario: file 'nothere.toml' not found"):
        load_portfolio(detailed(site=dict(DETAILED, scenario="nothere.toml")))
    path = detailed()
    portfolio_dir(sites=[*SITES, DETAILED], pumps=[*PUMPS, {"site": "D", "rated_kw": 30, "starting": "dol", "duty_kw": 25}])
    with pytest.raises(InputError, match=r"pumps.csv: row 7 -> site: site 'D' is modelled in detail by boiler_house.toml"):
        load_portfolio(path)
    with pytest.raises(InputError, match=r"sites.csv: row 5: a site modelled in detail takes its grid hours"):
        load_portfolio(detailed(site=dict(DETAILED, grid_hours_per_day=10)))


def test_the_example_station_modelled_in_detail_equals_power_size_on_its_file():
    """The shipped example's Chernivtsi station 1 (``station_chernivtsi_1.toml``) against ``power size`` of that file."""
    folder = SCENARIOS / "portfolio_vodakanals"
    p = load_portfolio(folder / "portfolio.toml")
    site = next(s for s in p.sites if s.detail is not None)
    assert site.row.scenario == "station_chernivtsi_1.toml"
    from teplovoda.models.portfolio import evaluate_site

    rows = evaluate_site(site, p.inventory, p.site_defaults, p.assumptions, p.spec.tanker_l)
    scn = load_scenario(folder / site.row.scenario)
    for row in rows[::3]:  # every third size: 60 to 800 kVA
        power = run_scenario(dataclasses.replace(scn, generator=dataclasses.replace(scn.generator, manual_kva=row["kva"])))
        assert row["passes"] == power.manual["passes"] and row["shortfall_kva"] == pytest.approx(power.manual["shortfall_kva"])
        fuel = power.fuel if power.manual["passes"] else power.fuel_for(row["kva"])
        assert row["fuel_l_per_day"] == pytest.approx(fuel["fuel_l_per_day"])
