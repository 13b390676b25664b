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
