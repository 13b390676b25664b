"""A portfolio site modelled by a water scenario: its hours of water and fuel are ``teplovoda water blackout``'s.

The cross-command check runs ``teplovoda water blackout`` on the example's water scenario with deliveries of
every pump at the portfolio's set sizes, and ``teplovoda portfolio allocate`` on a portfolio naming the same
scenario; the figures must agree. Bad scenarios are one line naming sheet, row and column, exit code 2.
"""

from __future__ import annotations

import csv
import dataclasses
import shutil

import pandas as pd
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.portfolio import load_portfolio
from teplovoda.models.portfolio import water as pwater
from teplovoda.models.portfolio.evaluate import evaluate
from teplovoda.models.units import HOURS_PER_DAY
from teplovoda.ui.cli import main
from teplovoda.ui.i18n import error_text
from tests.conftest import SCENARIOS

EXAMPLE = SCENARIOS / "portfolio_vodakanals"
SCENARIO, NETWORK = "station_water_epanet.toml", "raw_water_station.inp"
SIZES_KVA = (100, 200, 500)
PEOPLE = 92700.0  # the example scenario's [population] total


def _write(path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _site(name, **extra) -> dict:
    row = {"name": name, "oblast": "Odesa", "community": "c", "lat": 46.5, "lon": 30.7, "people": PEOPLE}
    row.update({"grid_pattern": "", "storage_h": "", "tank_l": 50000, "water_scenario": ""}, **extra)
    return row


def portfolio_with_water(tmp_path, sites=None, budget_eur=1e6) -> str:
    """A portfolio of the example's water site (and one ordinary site, the pumps sheet holding its pump)."""
    shutil.copy(EXAMPLE / SCENARIO, tmp_path / SCENARIO)
    shutil.copy(EXAMPLE / NETWORK, tmp_path / NETWORK)
    sites = sites or [_site("water site", water_scenario=SCENARIO), _site("sheet site", grid_pattern="4on4off")]
    _write(tmp_path / "sites.csv", sites)
    _write(tmp_path / "pumps.csv", [{"site": "sheet site", "rated_kw": 30, "starting": "soft_starter", "duty_kw": 22}])
    inv = [{"set_type": f"G{k}", "kva": k, "count": 1, "cost_eur": 1000 * k, "delivery_days": 0} for k in SIZES_KVA]
    _write(tmp_path / "inventory.csv", inv)
    (tmp_path / "portfolio.toml").write_text(
        '[scenario]\nname = "water test"\nkind = "portfolio"\n\n[portfolio]\nsites_csv = "sites.csv"\n'
        f'pumps_csv = "pumps.csv"\ninventory_csv = "inventory.csv"\nbudget_eur = {budget_eur}\n'
        "default_fuel_price_eur_per_l = 1.25\n",
        encoding="utf-8",
    )
    return str(tmp_path / "portfolio.toml")


def blackout_table(tmp_path) -> pd.DataFrame:
    """``teplovoda water blackout`` on the example's water scenario, a delivery of every pump per set size."""
    folder = tmp_path / "blackout"
    folder.mkdir()
    shutil.copy(EXAMPLE / NETWORK, folder / NETWORK)
    text = (EXAMPLE / SCENARIO).read_text(encoding="utf-8").split("[[recovery.generators]]")[0]
    for k in SIZES_KVA:
        text += f'\n[[recovery.generators]]\nname = "G{k}"\npumps = ["P1", "P2", "P3"]\nrated_kva = {k}\n'
    (folder / SCENARIO).write_text(text, encoding="utf-8")
    assert main(["--lang", "en", "water", "blackout", str(folder / SCENARIO), "--out", str(tmp_path / "bo")]) == 0
    return pd.read_csv(tmp_path / "bo" / "blackout_recovery.csv", index_col=0)


def test_hours_and_fuel_equal_water_blackout_on_the_same_scenario(tmp_path, capsys):
    blackout = blackout_table(tmp_path)
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["--lang", "en", "portfolio", "allocate", portfolio_with_water(tmp_path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Sites modelled by a water scenario" in printed and f"water site ({SCENARIO})" in printed
    pairs = evaluate(load_portfolio(tmp_path / "portfolio.toml")).set_index(["site", "set_type"]).loc["water site"]
    before = blackout.at["no generator", "loss_before_person_days_per_day"]
    assert before > 0  # the blackouts cost water: the check is not trivially 24 h
    no_set_h = HOURS_PER_DAY * (1 - before / PEOPLE)
    assert pairs["hours_without_h"].tolist() == pytest.approx([no_set_h] * len(SIZES_KVA), rel=1e-12)
    assert set(pairs["hours_from"]) == {"epanet"}
    # the pumps' peak in the grid-off hours, within the default site's 10 % load margin at power factor 0.8
    needed_kva = blackout.at["G500", "peak_load_kw"] / 0.8 / 0.9
    for k in SIZES_KVA:
        row, ref = pairs.loc[f"G{k}"], blackout.loc[f"G{k}"]
        assert row["fuel_l_per_day"] == pytest.approx(ref["fuel_l_per_day"], rel=1e-12)
        assert row["needed_kva"] == pytest.approx(needed_kva, rel=1e-12)
        assert row["passes"] == (k >= needed_kva)
        if row["passes"]:
            assert row["hours_with_h"] == pytest.approx(HOURS_PER_DAY * (1 - ref["loss_after_person_days_per_day"] / PEOPLE))
            saved_per_day = ref["loss_before_person_days_per_day"] - ref["loss_after_person_days_per_day"]
            assert row["people_hours_per_day"] == pytest.approx(HOURS_PER_DAY * saved_per_day, rel=1e-9)
        else:  # a set that cannot carry the pumps: the no-generator figure, short by what the pumps need
            assert row["hours_with_h"] == pytest.approx(no_set_h) and row["people_hours_per_day"] == 0
            assert row["shortfall_kva"] == pytest.approx(needed_kva - k)
    assert not pairs.loc["G100", "passes"] and pairs.loc["G200", "passes"]
    alloc = pd.read_csv(out / "allocation.csv", keep_default_na=False).set_index("site")
    chosen = alloc.at["water site", "set_type"]
    assert alloc.at["water site", "fuel_l_per_day"] == pytest.approx(
        blackout.at[chosen, "fuel_l_per_day"], abs=1e-3
    )  # the CSV keeps 3 decimals


def test_a_site_without_a_set_keeps_the_no_generator_figure(tmp_path):
    run_without = evaluate(load_portfolio(portfolio_with_water(tmp_path, budget_eur=0)))
    rows = run_without[run_without["site"] == "water site"]
    from teplovoda.models.portfolio import run_portfolio

    run = run_portfolio(load_portfolio(tmp_path / "portfolio.toml"))
    assert run.allocation.set_index("site").at["water site", "set_type"] == ""
    day = pwater.water_day(load_portfolio(tmp_path / "portfolio.toml").sites[0].water.scenario)
    assert rows["hours_without_h"].iloc[0] == pytest.approx(day.hours_without_h)
    assert HOURS_PER_DAY * (1 - day.loss_before_person_days_per_day / day.people) == pytest.approx(day.hours_without_h)


def test_each_scenario_is_run_once_per_content(tmp_path, monkeypatch):
    shutil.copy(EXAMPLE / SCENARIO, tmp_path / "copy.toml")  # same content, another name: one run
    sites = [
        _site("water site", water_scenario=SCENARIO),
        _site("twin", water_scenario="copy.toml"),
        _site("sheet site", grid_pattern="4on4off"),
    ]
    head = portfolio_with_water(tmp_path, sites)
    calls = []
    real = pwater.water_day
    monkeypatch.setattr(pwater, "water_day", lambda scn: calls.append(scn.path.name) or real(scn))
    pairs = evaluate(load_portfolio(head))
    assert len(calls) == 1
    a, b = (pairs[pairs["site"] == s].reset_index(drop=True) for s in ("water site", "twin"))
    pd.testing.assert_frame_equal(a.drop(columns="site"), b.drop(columns="site"))


def test_water_days_on_dask_equal_the_serial_runs(tmp_path, monkeypatch):
    portfolio = load_portfolio(portfolio_with_water(tmp_path))
    detail = portfolio.sites[0].water
    monkeypatch.setattr(pwater, "DASK_MIN_SCENARIOS", 1)
    on_dask = pwater.water_days([detail], workers=1)[detail.content_hash]
    serial = pwater.water_day(detail.scenario)
    assert on_dask.loss_before_person_days_per_day == pytest.approx(serial.loss_before_person_days_per_day, rel=1e-12)
    pd.testing.assert_frame_equal(on_dask.powered_kw, serial.powered_kw)


def _bad(tmp_path, capsys, expected, sites=None, scenario_text=None):
    head = portfolio_with_water(tmp_path, sites)
    if scenario_text is not None:
        (tmp_path / SCENARIO).write_text(scenario_text, encoding="utf-8")
    assert main(["--lang", "en", "portfolio", "allocate", head, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    for part in expected:
        assert part in err, err


def test_a_bad_water_scenario_names_sheet_row_column_and_its_error(tmp_path, capsys):
    text = (EXAMPLE / SCENARIO).read_text(encoding="utf-8").replace("duration_h = 48", "duration_hours = 48")
    _bad(tmp_path, capsys, ("sites.csv: row 2 -> water_scenario: ", SCENARIO, "duration_hours"), scenario_text=text)


def test_a_water_scenario_without_a_timetable_is_refused(tmp_path, capsys):
    text = "\n".join(x for x in (EXAMPLE / SCENARIO).read_text(encoding="utf-8").splitlines() if not x.startswith("grid_on"))
    _bad(tmp_path, capsys, ("sites.csv: row 2 -> water_scenario: ", "grid_on"), scenario_text=text)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"water_scenario": "../outside.toml"}, "row 2 -> water_scenario: file '../outside.toml' points outside"),
        ({"water_scenario": "missing.toml"}, "row 2 -> water_scenario"),
        ({"water_scenario": SCENARIO, "storage_h": 2}, "takes its storage from the network's tanks"),
        ({"water_scenario": SCENARIO, "grid_pattern": "4on4off"}, "takes its grid hours from its scenario"),
    ],
)
def test_bad_water_scenario_cells_are_one_line(tmp_path, capsys, extra, expected):
    _bad(
        tmp_path,
        capsys,
        ("sites.csv", expected),
        sites=[_site("water site", **extra), _site("sheet site", grid_pattern="4on4off")],
    )


def test_a_network_outside_the_folder_is_refused(tmp_path, capsys):
    text = (EXAMPLE / SCENARIO).read_text(encoding="utf-8").replace(f'inp_file = "{NETWORK}"', 'inp_file = "../net.inp"')
    shutil.copy(EXAMPLE / NETWORK, tmp_path.parent / "net.inp")
    _bad(tmp_path, capsys, ("row 2 -> water_scenario", "'../net.inp' points outside"), scenario_text=text)


def test_the_example_has_a_water_site_that_loads(tmp_path):
    portfolio = load_portfolio(EXAMPLE / "portfolio.toml")
    water = [s for s in portfolio.sites if s.water is not None]
    assert [s.row.water_scenario for s in water] == [SCENARIO]
    assert water[0].row.people == PEOPLE and water[0].motors == ()
    with pytest.raises(InputError) as exc:
        pwater.load_water_detail(EXAMPLE, "../water_station_blackout_generator.toml", "row 9 -> water_scenario", "s.csv")
    assert "points outside" in error_text(exc.value, lang="en")


def test_a_power_scenario_beside_it_gives_the_checks_and_the_water_scenario_the_hours(tmp_path, capsys):
    from teplovoda.models.portfolio.evaluate import evaluate_site

    shutil.copy(EXAMPLE / "station_chernivtsi_1.toml", tmp_path / "power.toml")  # 4 h on / 4 h off, as the water file
    sites = [_site("both", water_scenario=SCENARIO, scenario="power.toml"), _site("sheet site", grid_pattern="4on4off")]
    portfolio = load_portfolio(portfolio_with_water(tmp_path, sites))
    both = portfolio.sites[0]
    rows = pd.DataFrame(evaluate_site(both, portfolio.inventory, portfolio.site_defaults, portfolio.assumptions, 1e4))
    power_only = [dataclasses.replace(both, water=None)]
    ref = pd.DataFrame(evaluate_site(power_only[0], portfolio.inventory, portfolio.site_defaults, portfolio.assumptions, 1e4))
    assert rows["passes"].tolist() == ref["passes"].tolist()  # power size's checks, motor starts included
    assert rows["needed_kva"].tolist() == pytest.approx(ref["needed_kva"].tolist())
    day = pwater.water_day(both.water.scenario)
    assert rows["hours_without_h"].tolist() == pytest.approx([day.hours_without_h] * len(rows))
    fuel = [pwater.water_fuel(day, k, portfolio.assumptions)["fuel_l_per_day"] for k in SIZES_KVA]
    assert rows["fuel_l_per_day"].tolist() == pytest.approx(fuel)
    text = (tmp_path / "power.toml").read_text(encoding="utf-8").replace('pattern = "4on4off"', 'pattern = "4off4on"')
    (tmp_path / "power.toml").write_text(text, encoding="utf-8")
    assert main(["--lang", "en", "portfolio", "allocate", str(tmp_path / "portfolio.toml")]) == 2
    assert "row 2 -> scenario: the power scenario's timetable differs" in capsys.readouterr().err
