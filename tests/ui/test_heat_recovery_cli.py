"""``teplovoda heat recovery`` as a user runs it (a real subprocess): figures, files, Ukrainian, bad input (exit 2)."""

from __future__ import annotations

import pandas as pd

from tests.conftest import SCENARIOS
from tests.ui.test_cli import teplovoda

EXAMPLE = SCENARIOS / "heat_hospital_recovery_dnipro.toml"


def test_heat_recovery_prints_the_plans_and_writes_its_files(tmp_path):
    proc = teplovoda("heat", "recovery", EXAMPLE, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    for text in ("climate normals of Dnipro", "approximate", "done on day 35", "no action", "672,000", "never"):
        assert text in proc.stdout, text
    curve = pd.read_csv(tmp_path / "service_curve.csv", index_col="day")
    assert list(curve.index) == list(range(61))
    assert (curve["intact"] == 11_200).all() and curve["no action"].iloc[1:].eq(0).all()
    temps = pd.read_csv(tmp_path / "indoor_temps.csv")
    assert set(temps["plan"]) == set(curve.columns) - {"intact", "outdoor_temp_c"}
    assert (tmp_path / "service_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_heat_recovery_in_ukrainian_on_a_short_horizon(tmp_path):
    text = EXAMPLE.read_text().replace('"heat_microdistrict/', f'"{SCENARIOS}/heat_microdistrict/')
    short = tmp_path / "short.toml"
    short.write_text(text.replace("horizon_days = 60", "horizon_days = 40"))
    proc = teplovoda("--lang", "uk", "heat", "recovery", short, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Відновлення тепла за добами" in proc.stdout and "без дій" in proc.stdout
    assert "448\xa0000" in proc.stdout  # no action: 11,200 residents x 40 days (Ukrainian digit groups)


def test_lead_time_beyond_the_horizon_exits_2_with_one_line_naming_file_and_field(tmp_path):
    text = EXAMPLE.read_text().replace('"heat_microdistrict/', f'"{SCENARIOS}/heat_microdistrict/')
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("lead_time_days = 4  ", "lead_time_days = 90  ", 1))
    proc = teplovoda("heat", "recovery", bad, "--out", tmp_path)
    assert proc.returncode == 2
    assert f"{bad}: [[recovery.options]] #1 -> lead_time_days: must be below horizon_days (60)" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_heat_scenario_without_recovery_table_exits_2(tmp_path):
    proc = teplovoda("heat", "recovery", SCENARIOS / "heat_plant_struck_january.toml", "--out", tmp_path)
    assert proc.returncode == 2 and "has no [recovery] table" in proc.stderr and proc.stderr.count("\n") == 1


def test_a_stage_taken_away_before_it_starts_exits_2_and_is_not_costed(tmp_path):
    """The repair (in service from its end, day 35) staged first and the boilers (day 4) after it: the repair's
    stage would end on day 4, before it starts. One line naming the plan's stage, exit 2, files left as they were."""
    text = EXAMPLE.read_text().replace('"heat_microdistrict/', f'"{SCENARIOS}/heat_microdistrict/')
    stages = '  {option = "3 x 1 MW biomass, hospital island"},   # from its lead time (day 4) until the next stage starts\n'
    stages += '  {option = "repair boiler house to 80 %"},                       # from its repair\'s end\n'
    assert stages in text
    swapped = stages.splitlines(keepends=True)
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(stages, swapped[1] + swapped[0]))
    out = tmp_path / "out"
    out.mkdir()
    (out / "service_curve.csv").write_text("kept\n")
    proc = teplovoda("heat", "recovery", bad, "--out", out)
    assert proc.returncode == 2, proc.stdout
    line = f"{bad}: [[recovery.plans]] 'island boilers on day 4, then the repair on day 35' -> stages #1: in service from"
    assert line in proc.stderr and "never in service" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert (out / "service_curve.csv").read_text() == "kept\n"
