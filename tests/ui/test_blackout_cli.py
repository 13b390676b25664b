"""``teplovoda water blackout`` (issue 16, point 3): the shipped example's table, files and chart; Ukrainian; bad
input as one line with exit code 2. The figures themselves are checked against closed form in
tests/models/recovery/test_blackout.py."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import SCENARIOS
from tests.ui.test_cli_lang import teplovoda
from tests.ui.test_ukrainian import english_in

EXAMPLE = SCENARIOS / "water_station_blackout_generator.toml"


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    out = tmp_path_factory.mktemp("bo")
    return teplovoda("water", "blackout", EXAMPLE, "--lang", "en", "--out", out), out


def test_the_example_prints_every_option_and_writes_its_files(english):
    run, out = english
    assert run.returncode == 0, run.stderr
    for name in ("no generator", "550 kVA set at the river station", "two sets, one per station"):
        assert name in run.stdout
    table = pd.read_csv(out / "blackout_recovery.csv", index_col="option")
    daily = pd.read_csv(out / "blackout_daily.csv", index_col="day")
    assert len(daily) == 30 and list(daily.columns) == list(table.index)
    # the daily file adds up to the totals, and the earlier delivery of the river set loses less than the later pair
    assert daily.sum().to_dict() == pytest.approx(table["person_days_without_water"].to_dict())
    river, both = table.loc["550 kVA set at the river station"], table.loc["two sets, one per station"]
    assert (
        river["person_days_without_water"]
        < both["person_days_without_water"]
        < table.loc["no generator", "person_days_without_water"]
    )
    assert f"Best value: 550 kVA set at the river station saves {river['person_days_saved']:,.0f} person-days" in run.stdout
    assert (out / "blackout_recovery.png").stat().st_size > 10_000
    # the diesel of each set that gives its rating; the river set idles with its level-controlled pump: run light
    assert river["fuel_l_per_day"] > 0 and both["autonomy_days"] > 0 and "diesel, L/day" in run.stdout
    assert "550 kVA set at the river station runs at 21 % of its rating on average" in run.stdout


def test_the_example_in_ukrainian(tmp_path):
    run = teplovoda("water", "blackout", EXAMPLE, "--lang", "uk", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "без генератора" in run.stdout and "Найвигідніше" in run.stdout
    assert "агрегат 550 кВА на річковій станції" in run.stdout and "дизель, л/добу" in run.stdout  # name_uk
    lines = [
        x for x in run.stdout.splitlines() if x and not any(s in x for s in ("550 kVA", "two sets", "Net3", "/", "teplovoda "))
    ]  # names the file gives; command names are not translated
    assert english_in("\n".join(lines)) == []


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (('pumps = ["335"]', 'pumps = ["999"]'), "[[recovery.generators]] #1: pumps must name timetabled pumps"),
        (("lead_time_days = 10", "lead_time_days = 30"), "[[recovery.generators]] #2: lead_time_days must be >= 0 and below"),
        (("lead_time_days = 3", "lead_time_days = -3"), "[[recovery.generators]] #1 -> lead_time_days"),
        (("cost_eur = 95000", "cost_eur = nan"), "[[recovery.generators]] #1 -> cost_eur"),
        (("rated_kva = 550", "rated_kva = -550"), "[[recovery.generators]] #1 -> rated_kva"),
        (("rated_kva = 550", "rated_kva = inf"), "[[recovery.generators]] #1 -> rated_kva"),
        (("tank_l = 2000", "tank_l = 0"), "[[recovery.generators]] #1 -> tank_l"),
        (("horizon_days = 30", "horizon_days = 0"), "[recovery] -> horizon_days"),
        (('name = "two sets, one per station"', 'name = "550 kVA set at the river station"'), "is used twice"),
        (("[simulation]", "[simulationx]"), "unknown section [simulationx]"),
        (("horizon_days = 30", "horizon_days = " + "9" * 400), "[recovery] -> horizon_days: expected a finite number"),
        (("lead_time_days = 3", "lead_time_days = " + "9" * 400), "#1 -> lead_time_days: expected a finite number"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, edit, words):
    text = EXAMPLE.read_text()
    assert edit[0] in text
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(edit[0], edit[1], 1))
    (tmp_path / "networks").symlink_to(SCENARIOS / "networks")
    run = teplovoda("water", "blackout", bad, "--out", tmp_path / "out")
    assert run.returncode == 2, run.stdout + run.stderr
    assert words in run.stderr and str(bad) in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_scenario_without_a_timetable_is_refused(tmp_path):
    text = EXAMPLE.read_text()
    start, end = text.index("[simulation]"), text.index("[recovery]")
    bad = tmp_path / "bad.toml"
    bad.write_text(text[:start] + text[end:])
    (tmp_path / "networks").symlink_to(SCENARIOS / "networks")
    run = teplovoda("water", "blackout", bad)
    assert run.returncode == 2 and "needs grid_on" in run.stderr and "Traceback" not in run.stderr


REPAIRS = SCENARIOS / "water_city_main_repairs_blackouts.toml"


def test_blackouts_with_the_repair_schedule_split_the_loss_and_add_up(tmp_path):
    run = teplovoda("water", "blackout", REPAIRS, "--lang", "en", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "7 repairs by the rule people per crew-day, network re-solved" in run.stdout
    assert "of which from damage" in run.stdout and "of which from blackouts" in run.stdout
    table = pd.read_csv(tmp_path / "blackout_recovery.csv", index_col="option")
    split = table["from_damage_person_days"] + table["from_blackouts_person_days"]
    assert split.to_dict() == pytest.approx(table["person_days_without_water"].to_dict())
    # the damage is the schedule's whatever the offer; the offers only take the blackouts' share
    assert table["from_damage_person_days"].nunique() == 1
    assert (table["from_blackouts_person_days"] <= table.at["no generator", "from_blackouts_person_days"] + 1e-6).all()
    daily = pd.read_csv(tmp_path / "blackout_daily.csv", index_col="day")
    assert daily.sum().to_dict() == pytest.approx(table["person_days_without_water"].to_dict())
    four = teplovoda("water", "blackout", REPAIRS, "--crews", "4", "--out", tmp_path / "four")
    assert four.returncode == 0, four.stderr
    more = pd.read_csv(tmp_path / "four" / "blackout_recovery.csv", index_col="option")
    assert more.at["no generator", "from_damage_person_days"] < table.at["no generator", "from_damage_person_days"]


@pytest.mark.parametrize(("args", "words"), [(["--crews", "0"], "--crews: must be 1.."), (["--rule", "bogus"], "invalid choice")])
def test_bad_repair_arguments_are_one_line_and_exit_2(tmp_path, args, words):
    run = teplovoda("water", "blackout", REPAIRS, *args, "--out", tmp_path / "out")
    assert run.returncode == 2 and words in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_water_recovery_with_a_simulation_measures_each_stage_hour_by_hour(tmp_path):
    """`teplovoda water recovery` on the same file: the hour-by-hour person-days of the network_ratio rule are the
    damage's share `teplovoda water blackout` prints for the same schedule."""
    run = teplovoda("water", "recovery", REPAIRS, "--rule", "network_ratio", "--lang", "en", "--out", tmp_path / "r")
    assert run.returncode == 0, run.stderr
    hourly_table = run.stdout.split("Measured hour by hour")[1]
    line = next(x for x in hourly_table.splitlines() if x.startswith("people per crew-day, network re-solved"))
    hourly = float(line.split()[-1].replace(",", ""))
    blackout = teplovoda("water", "blackout", REPAIRS, "--out", tmp_path / "b")
    table = pd.read_csv(tmp_path / "b" / "blackout_recovery.csv", index_col="option")
    assert hourly == pytest.approx(table.at["no generator", "from_damage_person_days"], abs=0.5), blackout.stderr
    assert "teplovoda water blackout adds the blackouts" in run.stdout
