"""``teplovoda water recovery`` as a user runs it (a real subprocess): schedules, person-days, files, languages,
and bad input as one line with exit code 2."""

from __future__ import annotations

import pandas as pd
import pytest

from teplovoda.models.recovery import durations
from teplovoda.models.recovery.schedule import RULES
from teplovoda.models.recovery.water import NETWORK_RULES
from teplovoda.ui.strings import STRINGS
from tests.conftest import SCENARIOS
from tests.ui.test_cli import teplovoda

EXAMPLE = SCENARIOS / "water_city_main_repairs.toml"


def test_recovery_prints_every_rule_and_writes_its_files(tmp_path):
    proc = teplovoda("water", "recovery", EXAMPLE, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    for text in ("people per crew-day", "critical first", "nearest first", "optimal (exact)", "MIP gap 0.00 %"):
        assert text in proc.stdout, text
    # the README's figures (2 crews): person-days without water by rule
    for figure in ("923,643", "1,008,653", "906,852", "873,730"):
        assert figure in proc.stdout, figure
    # each rule against the optimum: the best order on the network, by hand from the README's figures
    for rule, above in (("people per crew-day ", 923_643), ("critical first ", 1_008_653), ("nearest first ", 906_852)):
        line = next(ln for ln in proc.stdout.splitlines() if ln.startswith(rule) and "," in ln)
        assert f"{100 * (above - 873_730) / 873_730:.2f}" in line, line
    sched = pd.read_csv(tmp_path / "schedule.csv", dtype={"element": str})
    assert sched.groupby("rule").size().to_dict() == {r: 7 for r in (*RULES, *NETWORK_RULES)}
    assert (sched["end_day"] - sched["start_day"] == sched["duration_days"]).all()
    assert (sched["start_day"] >= 1.0).all()  # mobilisation 1 day
    curve = pd.read_csv(tmp_path / "service_curve.csv")
    assert curve["people_with_water"].iloc[-1] == pytest.approx(300_000)
    for name in ("service_curve.png", "gantt.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_recovery_in_ukrainian_with_four_crews(tmp_path):
    proc = teplovoda("--lang", "uk", "water", "recovery", EXAMPLE, "--crews", "4", "--rule", "ratio", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Ремонтні бригади" in proc.stdout and "водопровідна бригада 4" in proc.stdout
    sched = pd.read_csv(tmp_path / "schedule.csv")
    assert set(sched["rule"]) == {"ratio"} and sched["crew"].max() == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--crews", "0"], "--crews: must be 1..1000, got 0"),
        (["--crews", "two"], "invalid int value: 'two'"),
        (["--rule", "fastest"], "invalid choice: 'fastest'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message):
    proc = teplovoda("water", "recovery", EXAMPLE, *args)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_bad_recovery_table_in_the_file_exits_2_naming_file_and_field(tmp_path):
    text = EXAMPLE.read_text().replace('inp_file = "networks/Net3.inp"', f'inp_file = "{SCENARIOS / "networks" / "Net3.inp"}"')
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("duration_days = 3.0", "duration_days = -3.0"))
    proc = teplovoda("water", "recovery", bad, "--out", tmp_path)
    assert proc.returncode == 2
    assert f"{bad}: [[recovery.repairs]] #1 -> duration_days: must be > 0" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_every_catalogue_label_the_recovery_output_builds_exists_in_both_languages():
    keys = [f"recovery.type.{k}" for k in durations.repair_table()["element_type"]]
    keys += [f"recovery.trade.{k}" for k in durations.TRADES] + [f"recovery.rule.{k}" for k in RULES]
    missing = [k for k in keys if k not in STRINGS or set(STRINGS[k]) != {"en", "uk"}]
    assert missing == []


def _example_copy(tmp_path, extra_recovery: str = "", extra: str = ""):
    """The shipped example with its network's absolute path, ``extra_recovery`` lines added to its [recovery]."""
    text = EXAMPLE.read_text().replace('inp_file = "networks/Net3.inp"', f'inp_file = "{SCENARIOS / "networks" / "Net3.inp"}"')
    text = text.replace("mobilisation_days = {water = 1}\n", "mobilisation_days = {water = 1}\n" + extra_recovery)
    path = tmp_path / "copy.toml"
    path.write_text(text + extra)
    return path


@pytest.mark.parametrize(
    ("recovery", "extra", "message"),
    [
        ("travel_speed_km_per_h = -5\n", "", "[recovery] -> travel_speed_km_per_h: must be > 0 and <= 200, got -5"),
        ("route_factor = 1.2\n", "", "[recovery] -> route_factor: needs travel_speed_km_per_h"),
        ("crews = {water = 2, electrical = 1}\n", "", "crews.electrical: no repair in this scenario needs any electrical crew"),
        (
            "",
            '[[recovery.repairs]]\nelement = "233"\ntrades = ["electrical", "water"]\nduration_days = [1.0]\n',
            "[[recovery.repairs]] #3 -> duration_days: expected a list of 2 durations (one per trade), got [1.0]",
        ),
        (
            "",
            '[[recovery.repairs]]\nelement = "233"\ntrades = ["electrical", "water"]\nduration_days = [1.0, nan]\n',
            "[[recovery.repairs]] #3 -> duration_days[1]: expected a finite number, got nan",
        ),
        (
            "",
            '[[recovery.repairs]]\nelement = "233"\ntrades = ["electrical", "water"]\n',
            "#3 -> duration_days: required with trades",
        ),
        (
            "",
            '[[recovery.repairs]]\nelement = "233"\ntrades = ["gas"]\nduration_days = [1.0]\n',
            "#3 -> trades: unknown trade 'gas'",
        ),
    ],
)
def test_bad_travel_and_stage_input_exits_2_with_one_line(tmp_path, recovery, extra, message):
    text = _example_copy(tmp_path, extra=extra).read_text()
    if recovery.startswith("crews"):
        text = text.replace("crews = {water = 2}\n", recovery)
    else:
        text = text.replace("mobilisation_days = {water = 1}\n", "mobilisation_days = {water = 1}\n" + recovery)
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    proc = teplovoda("--lang", "en", "water", "recovery", bad, "--out", tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert f"{bad}: " in proc.stderr and message in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_recovery_with_travel_a_pump_in_two_trades_and_an_electrical_crew(tmp_path):
    """A copy of the example with travel (the depot 20 km east of the network, 30 km/h) and Net3's pump 10 without
    power, its supply and then the pump repaired: every job after its crew's drive, the pump's water stage after
    its electrical one; the files carry the stages and the travel."""
    extra = '[[damage]]\ntype = "pump_lost"\npump = "10"\n'
    path = _example_copy(
        tmp_path,
        extra_recovery="depot_x_m = 20000.0\ntravel_speed_km_per_h = 30.0\n",
        extra='[[recovery.repairs]]\nelement = "10"\ntrades = ["electrical", "water"]\nduration_days = [1.0, 2.0]\n',
    )
    text = (
        path.read_text()
        .replace("[recovery]\n", extra + "[recovery]\n")
        .replace("crews = {water = 2}", "crews = {water = 2, electrical = 1}")
    )
    path.write_text(text)
    proc = teplovoda("--lang", "en", "water", "recovery", path, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Travel: crews leave the depot at (20000, 0) m" in proc.stdout and "30 km/h" in proc.stdout
    assert "electrical crew 1" in proc.stdout and "(stage 2 of 2)" in proc.stdout
    sched = pd.read_csv(tmp_path / "schedule.csv", dtype={"element": str})
    assert "exact by exhaustive search" in proc.stdout  # the branch and bound of the stages, proven
    assert sched.groupby("rule").size().to_dict() == {r: 9 for r in (*RULES, *NETWORK_RULES)}
    assert ((sched["end_day"] - sched["start_day"] - sched["duration_days"]).abs() < 1e-9).all()
    first = sched.sort_values("start_day").groupby(["rule", "trade", "crew"]).head(1)
    # from the depot: at least the nearest element's distance, about 20 km x 1.3 at 30 km/h = 0.036 day
    assert (first["travel_days"] > 0.03).all() and (first["start_day"] >= first["travel_days"]).all()
    for _, jobs in sched[sched["element"] == "10"].groupby("rule"):
        e, w = jobs[jobs["stage"] == 1].iloc[0], jobs[jobs["stage"] == 2].iloc[0]
        assert (e["trade"], w["trade"]) == ("electrical", "water") and w["start_day"] >= e["end_day"]


def test_the_shipped_travel_example_gives_the_readme_figures(tmp_path):
    """scenarios/water_city_main_repairs_travel.toml: the README's table; each crew's first job after the drive
    from the depot 15 km east, 15 km x 1.3 at 15 km/h = 1.3 h, give or take the few metres of Net3's map."""
    proc = teplovoda("--lang", "en", "water", "recovery", SCENARIOS / "water_city_main_repairs_travel.toml", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    for figure in ("934,204", "1,019,215", "1,321,380", "934,206", "884,291"):
        assert figure in proc.stdout, figure
    sched = pd.read_csv(tmp_path / "schedule.csv", dtype={"element": str})
    first = sched.sort_values("start_day").groupby(["rule", "trade", "crew"]).head(1)
    assert first["travel_days"].to_numpy() == pytest.approx(1.3 / 24, rel=4e-3)  # the map spans < 45 m
    assert set(sched.loc[sched["element"] == "335", "trade"]) == {"electrical"}
