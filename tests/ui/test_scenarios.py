"""The app's scenario handling without Streamlit: shipped files by kind, uploads, edits of loaded scenarios."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.heat import damage as hdamage
from teplovoda.models.water import damage as wdamage
from teplovoda.ui import scenarios
from tests.conftest import SCENARIOS


def test_shipped_scenarios_by_kind():
    kinds = {f.path.name: f.kind for f in scenarios.shipped()}
    assert kinds["water_trunk_main_break.toml"] == "water"
    assert kinds["water_pumping_station_outage.toml"] == "water"  # no kind in the file: water
    assert kinds["heat_plant_struck_january.toml"] == "heat"
    assert kinds["power_raw_water_station.toml"] == "power"
    assert kinds["compare_hospital_district.toml"] == "compare"
    assert {f.kind for f in scenarios.shipped("heat")} == {"heat"}
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


# --- issue 12: uploads confined, limited, private and expiring ---------------------------------------

_WATER = '[scenario]\nname = "x"\nkind = "water"\n[network]\ninp_file = {value}\n'


def _water(value: str) -> bytes:
    import json

    return _WATER.format(value=json.dumps(value)).encode()


@pytest.mark.parametrize(
    "files, message",
    [
        # the reproduction: no .inp suffix, so the old check let it through and the page showed /etc/passwd
        ([("a.toml", _water("../../../../../../etc/passwd"))], "a.toml: network -> inp_file: '../../../../../../etc/passwd'"),
        ([("a.toml", _water("/etc/passwd"))], "a.toml: network -> inp_file: '/etc/passwd' points outside"),
        ([("a.toml", _water("~root/.profile"))], "a.toml: network -> inp_file: '~root/.profile' points outside"),
        ([("a.toml", _water("..\\..\\..\\..\\..\\..\\etc\\passwd"))], "a.toml: network -> inp_file: '..\\\\..\\\\..\\\\"),
        ([("a.toml", _water("networks/../../../../../../etc/passwd"))], "network -> inp_file: 'networks/../../../../../.."),
        (
            [("a.toml", _water("Net3.inp\0../../etc/passwd"))],
            "a.toml: network -> inp_file: 'Net3.inp\\x00../../etc/passwd' contains",
        ),
        (  # any key: heat route tables
            [("h.toml", b'[scenario]\nname = "h"\nkind = "heat"\n[network]\nnodes = "/etc/passwd"\npipes = "p.csv"\n')],
            "h.toml: network -> nodes: '/etc/passwd' points outside the uploaded files",
        ),
        (  # a site-power scenario's linked heat scenario
            [("p.toml", b'[scenario]\nname = "p"\nkind = "power"\n[[chp]]\nheat_scenario = "../../../../../../etc/shadow"\n')],
            "p.toml: chp #1 -> heat_scenario: '../../../../../../etc/shadow' points outside",
        ),
        (  # a comparison's base scenario uploaded beside the main one: both are checked
            [
                ("c.toml", b'[scenario]\nname = "c"\nkind = "compare"\n[base]\nwater = "w.toml"\n'),
                ("w.toml", _water("/etc/hostname")),
            ],
            "w.toml: network -> inp_file: '/etc/hostname' points outside",
        ),
    ],
)
def test_every_path_a_scenario_names_stays_inside_the_upload(files, message, tmp_path):
    with pytest.raises(InputError) as err:
        scenarios.save_upload(files, root=tmp_path, kinds=("water", "heat", "power", "compare"))
    line = str(err.value)
    assert message in line and "\n" not in line and "root:" not in line
    assert not list(tmp_path.iterdir()), "a refused upload leaves nothing behind"


def test_every_shipped_scenario_uploaded_as_it_is_is_accepted(tmp_path):
    """No false refusal: names, descriptions, sources and shipped references of every shipped scenario pass the check."""
    for f in scenarios.shipped():
        path = scenarios.save_upload([(f.path.name, f.path.read_bytes())], root=tmp_path, kinds=(f.kind,))
        assert path.name == f.path.name


def test_a_symbolic_link_planted_in_an_upload_directory_is_refused(tmp_path):
    files = [("a.toml", _water("net"))]  # a path without a suffix, as a model opens it
    directory = scenarios.save_upload(files, root=tmp_path).parent
    (directory / "net").symlink_to("/etc/passwd")  # whoever could write there (an older 0755 layout)
    with pytest.raises(InputError, match=r"a.toml: network -> inp_file: 'net' points outside the uploaded files"):
        scenarios.save_upload(files, root=tmp_path)
    assert Path("/etc/passwd").is_file()  # the link's removal never touches its target


def test_an_upload_root_that_is_a_link_or_another_users_is_refused(tmp_path):
    from teplovoda.models.errors import TeplovodaError

    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "root").symlink_to(real)
    with pytest.raises(TeplovodaError, match="upload directory is not private"):
        scenarios.save_upload([("a.toml", _water("x.inp"))], root=tmp_path / "root")
    assert not list(real.iterdir())


@pytest.mark.parametrize(
    "files, key, message",
    [
        (
            [(f"n{i}.csv", b"x") for i in range(scenarios.UPLOAD_MAX_FILES + 1)],
            "upload.too_many",
            "51 files uploaded; at most 50",
        ),
        ([("a.inp", b"x" * (scenarios.UPLOAD_MAX_TOTAL_BYTES + 1))], "upload.too_large", "at most 20 MiB in all"),
        (
            [
                ("a.inp", b"x" * (scenarios.UPLOAD_MAX_TOTAL_BYTES // 2)),
                ("b.csv", b"x" * (scenarios.UPLOAD_MAX_TOTAL_BYTES // 2 + 1)),
            ],
            "upload.too_large",
            "the upload is 20.0 MiB",
        ),
    ],
)
def test_upload_limits_are_checked_before_anything_is_written(files, key, message, tmp_path):
    with pytest.raises(scenarios.UploadLimitError) as err:
        scenarios.save_upload(files, root=tmp_path / "uploads")
    assert err.value.key == key and message in str(err.value)
    assert not (tmp_path / "uploads").exists()


def test_limits_in_figures():
    assert scenarios.UPLOAD_MAX_FILES == 50 and scenarios.UPLOAD_MAX_TOTAL_BYTES == 20 * 2**20
    assert scenarios.UPLOAD_MAX_AGE_S == 24 * 3600
    scenarios.check_upload_limits([scenarios.UPLOAD_MAX_TOTAL_BYTES])  # exactly at the limit: accepted
    scenarios.check_upload_limits([1] * scenarios.UPLOAD_MAX_FILES)


def test_streamlit_refuses_larger_files_before_the_app_sees_them():
    import tomllib

    from teplovoda.ui import app_cli
    from tests.conftest import REPO

    cmd = app_cli.command(8501)
    assert cmd[cmd.index("--server.maxUploadSize") + 1] == str(scenarios.UPLOAD_MAX_MIB) == "20"
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())  # plain `streamlit run ui/app.py`
    assert config["server"]["maxUploadSize"] == scenarios.UPLOAD_MAX_MIB


def test_upload_directories_and_files_are_private(tmp_path):
    import stat

    root = tmp_path / "uploads"
    root.mkdir(mode=0o755)  # as the old code left it
    root.chmod(0o755)
    path = scenarios.save_upload([("Net3.inp", (SCENARIOS / "networks" / "Net3.inp").read_bytes())], root=root)
    mode = lambda p: stat.S_IMODE(p.lstat().st_mode)  # noqa: E731
    assert mode(root) == 0o700 and mode(path.parent) == 0o700
    assert mode(path) == 0o600 and mode(path.parent / "Net3.inp") == 0o600  # the written scenario and the upload
    path.parent.joinpath("Net3.inp").chmod(0o644)
    scenarios.save_upload([("Net3.inp", (SCENARIOS / "networks" / "Net3.inp").read_bytes())], root=root)  # again
    assert mode(path.parent / "Net3.inp") == 0o600


def test_old_upload_directories_expire_when_a_new_upload_is_saved(tmp_path):
    import os
    import time

    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    root = tmp_path / "uploads"
    old = scenarios.save_upload([("a.toml", _water("x.inp"))], root=root).parent
    (old / "link").symlink_to(outside)
    recent = scenarios.save_upload([("b.toml", _water("y.inp"))], root=root).parent
    other = root / "notes"  # not an upload directory's name: left alone
    other.mkdir()
    now = time.time()
    os.utime(old, (now, now - scenarios.UPLOAD_MAX_AGE_S - 60))
    os.utime(other, (now, now - 10 * scenarios.UPLOAD_MAX_AGE_S))
    os.utime(recent, (now, now - scenarios.UPLOAD_MAX_AGE_S + 600))
    new = scenarios.save_upload([("c.toml", _water("z.inp"))], root=root).parent
    assert not old.exists() and recent.is_dir() and new.is_dir() and other.is_dir()
    assert outside.read_text() == "keep me"
    # a re-upload of the same files renews its directory
    os.utime(recent, (now, now - scenarios.UPLOAD_MAX_AGE_S + 60))
    again = scenarios.save_upload([("b.toml", _water("y.inp"))], root=root).parent
    assert again == recent and recent.stat().st_mtime > now - 60


def test_referenced_files_follow_paths_without_a_suffix(tmp_path):
    (tmp_path / "net").write_bytes((SCENARIOS / "networks" / "Net3.inp").read_bytes())
    (tmp_path / "a.toml").write_bytes(_water("net"))
    assert [p.name for p in scenarios.referenced_files(tmp_path / "a.toml")] == ["a.toml", "net"]
