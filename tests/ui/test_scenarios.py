"""The app's scenario handling without Streamlit: shipped files by kind, uploads, edits of loaded scenarios."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from models.errors import InputError
from models.heat import damage as hdamage
from models.water import damage as wdamage
from tests.conftest import SCENARIOS
from ui import scenarios


def test_shipped_scenarios_by_kind():
    kinds = {f.path.name: f.kind for f in scenarios.shipped()}
    assert kinds["water_trunk_main_break.toml"] == "water"
    assert kinds["water_pumping_station_outage.toml"] == "water"  # no kind in the file: water
    assert kinds["heat_plant_struck_january.toml"] == "heat"
    assert kinds["power_raw_water_station.toml"] == "power"
    assert kinds["compare_hospital_district.toml"] == "compare"
    assert all(f.kind == "heat" for f in scenarios.shipped("heat"))
    assert len(scenarios.shipped()) == len(list(SCENARIOS.glob("*.toml")))


def test_referenced_files_follow_a_comparison_to_its_network():
    names = {p.name for p in scenarios.referenced_files(SCENARIOS / "compare_hospital_district.toml")}
    assert {
        "compare_hospital_district.toml",
        "heat_plant_struck_january.toml",
        "nodes.csv",
        "pipes.csv",
        "consumers.csv",
    } <= names


def test_an_epanet_upload_becomes_a_water_scenario_with_defaults(tmp_path):
    path = scenarios.save_upload([("My net.inp", (SCENARIOS / "networks" / "Net3.inp").read_bytes())], root=tmp_path)
    scn = scenarios.load(path)
    assert scenarios.kind_of(scn) == "water" and scn.scenario.name == "My net.inp"
    assert scn.damage == () and scn.hydraulics.demand_model == "pdd" and scn.inp_path.name == "My net.inp"


def test_an_uploaded_variant_of_a_shipped_scenario_finds_the_shipped_network(tmp_path):
    text = (SCENARIOS / "water_trunk_main_break.toml").read_text().replace("leak_area_cm2 = 700.0", "leak_area_cm2 = 350.0")
    path = scenarios.save_upload([("variant.toml", text.encode())], root=tmp_path)
    scn = scenarios.load(path)
    assert scn.damage[0].leak_area_cm2 == 350.0 and scn.inp_path.is_file()


@pytest.mark.parametrize(
    "files, message",
    [
        ([("../evil.toml", b"")], "expected a scenario (.toml)"),
        ([("a.exe", b"")], "expected a scenario (.toml)"),
        ([("a.toml", b"[scenario]\nkind='compare'\nname='c'\n")], "upload one water or heat or power scenario"),
        ([("a.csv", b"x,y\n")], "expected one scenario file (.toml) or one EPANET network (.inp)"),
        (
            [("a.toml", b"[scenario]\nname='x'\n[network]\ninp_file='/etc/passwd.inp'\n")],
            "network -> inp_file: '/etc/passwd.inp' points outside the uploaded files",
        ),
    ],
)
def test_bad_uploads_are_refused_with_one_line(files, message, tmp_path):
    with pytest.raises(InputError) as err:
        scenarios.save_upload(files, root=tmp_path)
    assert message in str(err.value)


def test_damage_table_round_trip_and_errors_name_the_row():
    scn = scenarios.load(SCENARIOS / "water_trunk_main_break.toml")
    rows = scenarios.damage_rows(scn.damage, wdamage.DAMAGE_KINDS)
    assert list(rows.columns) == ["type", "element", "leak_area_cm2", "position", "discharge_coefficient"]
    assert scenarios.damage_from_rows(rows, wdamage.DAMAGE_KINDS) == scn.damage
    rows.loc[1] = ["pump_lost", "10", np.nan, np.nan, np.nan]
    rows.loc[2] = [None, None, np.nan, np.nan, np.nan]  # an empty row added in the editor: skipped
    assert scenarios.damage_from_rows(rows, wdamage.DAMAGE_KINDS)[1] == wdamage.PumpLost(pump="10")
    rows.loc[1, "element"] = None
    with pytest.raises(InputError, match=r"damage row 2 \(pump_lost\) -> element: name the pump"):
        scenarios.damage_from_rows(rows, wdamage.DAMAGE_KINDS)
    rows.loc[1] = ["pipe_break", "101", np.nan, 0.5, 0.7]
    with pytest.raises(InputError, match=r"damage row 2 \(pipe_break\) -> leak_area_cm2: a value is needed"):
        scenarios.damage_from_rows(rows, wdamage.DAMAGE_KINDS)


def test_water_edits():
    scn = scenarios.load(SCENARIOS / "water_city_main_broken.toml")
    pipes = scenarios.water_option_pipes(scn)
    pipes.loc[0, "diameter_m"] = 0.3
    edited = scenarios.edit_water(
        scn, options=[scn.options[1].name], option_pipes=pipes, required_pressure_m=15.0, population_total=1000.0
    )
    assert [o.name for o in edited.options] == [scn.options[1].name]
    assert edited.options[0].pipes[0].diameter_m == 0.3
    assert edited.hydraulics.required_pressure_m == 15.0 and edited.population.total == 1000.0
    assert scn.options[1].pipes[0].diameter_m == 0.2  # the loaded scenario is untouched
    assert scenarios.fingerprint(edited) != scenarios.fingerprint(scn)
    assert scenarios.fingerprint(scenarios.edit_water(scn)) == scenarios.fingerprint(scn)
    with pytest.raises(InputError, match=r"\[hydraulics\]: "):
        scenarios.edit_water(scn, min_pressure_m=30.0, required_pressure_m=20.0)


def test_heat_edits():
    scn = scenarios.load(SCENARIOS / "heat_plant_struck_january.toml")
    src = scenarios.heat_option_sources(scn)
    src.loc[0, "capacity_kw"] = 2000.0
    src.loc[1, "kind"] = "gas_boiler"
    damage = scenarios.damage_from_rows(scenarios.damage_rows(scn.damage, hdamage.DAMAGE_KINDS), hdamage.DAMAGE_KINDS)
    edited = scenarios.edit_heat(scn, outdoor_temp_c=-5.0, damage=damage, option_sources=src)
    assert edited.weather.outdoor_temp_c == -5.0 and edited.damage == scn.damage
    s = edited.options[0].sources
    assert s[0].capacity_kw == 2000.0 and s[1].kind == "gas_boiler" and s[1].fuel is None
    src.loc[2, "capacity_kw"] = 0.0
    with pytest.raises(InputError, match=r"-> source mobile_3 -> capacity_kw: expected a number > 0"):
        scenarios.edit_heat(scn, option_sources=src)


def test_power_edits():
    scn = scenarios.load(SCENARIOS / "power_raw_water_station.toml")
    assert scenarios.grid_off_hours(scn) == [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23]
    motors = scenarios.power_motor_rows(scn)
    motors.loc[2, "starting"] = "soft_starter"
    edited = scenarios.edit_power(scn, grid_off_hours=[18, 19, 20], days=1, manual_kva=0.0, motors=motors)
    assert scenarios.grid_off_hours(edited) == [18, 19, 20]
    assert edited.blackout.grid_on[18] == 0 and edited.blackout.days == 1
    assert edited.generator.manual_kva is None and edited.motors[2].starting == "soft_starter"
    motors.loc[0, "starting"] = "magic"
    with pytest.raises(InputError, match=r"\[\[motors\]\] #1 \(M1\): starting must be one of"):
        scenarios.edit_power(scn, motors=motors)


def test_compare_edits():
    cmp = scenarios.load(SCENARIOS / "compare_hospital_district.toml")
    prices = scenarios.compare_prices(cmp)
    prices.loc[prices["fuel"] == "wood_chips", "price"] = 99.0
    edited = scenarios.edit_compare(cmp, horizon_years=10, discount_rate=0.05, prices=prices)
    assert edited.economics.horizon_years == 10 and edited.economics.discount_rate == 0.05
    assert edited.fuel_prices["wood_chips"].price == 99.0
    assert (
        dataclasses.replace(edited.fuel_prices["wood_chips"], price=cmp.fuel_prices["wood_chips"].price)
        == (cmp.fuel_prices["wood_chips"])
    )
    with pytest.raises(InputError, match=r"\[economics\]: discount_rate must be a fraction"):
        scenarios.edit_compare(cmp, discount_rate=1.5)
