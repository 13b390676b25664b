"""Adding a heat technology is one data record plus its cost row: declared here, it is run, costed and reported."""

from __future__ import annotations

import json
import shutil

import pytest

from teplovoda.models.costing import library
from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.models.heat import sources
from teplovoda.models.heat.scenario import load_scenario as load_heat
from teplovoda.models.heat.scenario import run_scenario as run_heat
from teplovoda.ui.report import comparison_files
from tests.conftest import SCENARIOS

COST_ROWS = """pellet boiler,FOM,4.0,%/year,2020.0,"test row: a containerised pellet boiler"
pellet boiler,VOM,2.0,EUR/MWh,2020.0,"test row: a containerised pellet boiler"
pellet boiler,efficiency,0.9,per unit,2020.0,"test row: a containerised pellet boiler"
pellet boiler,investment,400.0,EUR/kW_th,2020.0,"test row: a containerised pellet boiler"
pellet boiler,lifetime,20.0,years,2020.0,"test row: a containerised pellet boiler"
"""


@pytest.fixture
def pellet_boiler(tmp_path, monkeypatch):
    """The record (in models/heat/sources.py a contributor would add it there) and its row in the cost library."""
    costs = tmp_path / "technology_costs.csv"
    costs.write_text(library.TECHNOLOGY_COSTS.read_text() + COST_ROWS)
    monkeypatch.setattr(library, "TECHNOLOGY_COSTS", costs)
    tech = sources.register_technology(
        "pellet_boiler",
        sources.Technology(
            "wood_chips",
            0.90,
            cost_technology="pellet boiler",
            cost_note="test row",
            source="a test record",
        ),
    )
    yield tech
    sources.unregister_technology("pellet_boiler")


def _scenarios(tmp_path):
    """The hospital-district comparison with its mobile biomass boilers swapped for pellet boilers."""
    heat = (SCENARIOS / "heat_plant_struck_january.toml").read_text().replace('kind = "biomass_boiler"', 'kind = "pellet_boiler"')
    (tmp_path / "heat_plant_struck_january.toml").write_text(heat)
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    compare = tmp_path / "compare.toml"
    compare.write_text((SCENARIOS / "compare_hospital_district.toml").read_text())
    return tmp_path / "heat_plant_struck_january.toml", compare


def test_a_new_technology_is_run_costed_and_reported_with_no_other_change(pellet_boiler, tmp_path):
    heat_path, compare_path = _scenarios(tmp_path)
    run = run_heat(load_heat(heat_path))
    option = next(c for c in run.results if c not in ("intact", "damaged"))
    src = run.results[option].sources
    pellets = src[src["kind"] == "pellet_boiler"]
    assert len(pellets) and (pellets["heat_kw"] > 0).all()
    # fuel per day from the record: heat / efficiency / the fuel's heating value
    lhv = sources.FUELS["wood_chips"].lhv_kwh_per_unit
    expected = pellets["heat_kw"] * 24.0 / 0.90 / lhv
    assert pellets["fuel_per_day"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-9)

    cmp = run_comparison(load_scenario(compare_path))
    invest = cmp.sources[cmp.sources["item"].str.contains("pellet_boiler") & cmp.sources["figure"].str.contains("EUR/kW")]
    assert len(invest), "the pellet boilers are costed"
    assert invest["figure"].str.contains("(pellet boiler)", regex=False).all()  # from its own library row
    assert invest["source"].str.contains("test row").all()  # the row's source cited
    assert (invest["value_eur"] > 0).all()
    files = comparison_files(cmp, maps=False)
    assert any("pellet" in body.decode("utf-8", "ignore") for name, body in files.items() if name.endswith((".html", ".md")))
    plain = json.loads(cmp.to_json())
    assert plain["kind"] == cmp.kind and len(plain["options"]) == len(cmp.options)
