"""``teplovoda heat recovery-sweep`` as a user runs it (a real subprocess): a sample replayed as a scenario gives
``teplovoda heat recovery``'s own figures, the table does not depend on the number of workers, bad arguments and
bad ``[recovery.sweep]`` keys are one line with exit code 2."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SCENARIOS
from tests.ui.test_cli import teplovoda

EXAMPLE = SCENARIOS / "heat_hospital_recovery_dnipro.toml"
ARGS = ("--samples", "2", "--seed", "7")


def _text() -> str:
    return EXAMPLE.read_text().replace('"heat_microdistrict/', f'"{SCENARIOS}/heat_microdistrict/')


def _short(tmp_path) -> Path:
    """The example on a 45-day horizon (its repair, drawn up to 1.5 x 34 days, and every lead time still end
    inside it): a third fewer days to solve in each of the test's three runs."""
    text = _text()
    assert "horizon_days = 60" in text
    path = tmp_path / "short.toml"
    path.write_text(text.replace("horizon_days = 60", "horizon_days = 45"))
    return path


def _replay(tmp_path, row) -> str:
    """The short example with one sample's drawn lead times, repair duration and building repair days written in."""
    head, *blocks = _short(tmp_path).read_text().split("[[recovery.options]]")
    out = []
    for block in blocks:
        name = re.search(r'option = "([^"]+)"', block).group(1)
        if f"lead_time_days:{name}" in row:
            block = re.sub(r"lead_time_days = [0-9.]+", f"lead_time_days = {float(row[f'lead_time_days:{name}'])!r}", block)
        out.append(block)
    head = re.sub(r"duration_days = [0-9.]+", f"duration_days = {float(row['duration_days:boiler_house'])!r}", head)
    head = re.sub(r"building_repair_days = [0-9.]+", f"building_repair_days = {float(row['building_repair_days'])!r}", head)
    path = tmp_path / "replay.toml"
    path.write_text("[[recovery.options]]".join([head, *out]))
    return path


def test_a_sample_replayed_gives_heat_recoverys_figures_and_workers_do_not_change_the_table(tmp_path):
    one, two, short = tmp_path / "one", tmp_path / "two", _short(tmp_path)
    proc = teplovoda("--lang", "en", "heat", "recovery-sweep", short, *ARGS, "--workers", "1", "--out", one)
    assert proc.returncode == 0, proc.stderr
    assert "person-days without heat and buildings frozen by plan" in proc.stdout.lower()
    table = pd.read_csv(one / "samples.csv")
    assert list(table["sample"]) == [0, 1]
    lead = table["lead_time_days:3 x 1 MW biomass, hospital island"]
    assert ((lead >= 4 * 0.5) & (lead <= 4 * 3.0)).all()  # the example's lead_time_spread = [0.5, 3.0]
    days = table["duration_days:boiler_house"]
    assert ((days >= 34 * 0.75) & (days <= 34 * 1.5)).all()
    # one heat crew mobilised on day 1: the repair option is in service on 1 + the drawn duration
    assert table["in_service_day:repair boiler house to 80 %"].to_numpy() == pytest.approx(1 + days.to_numpy())
    row = table.iloc[1]
    rec = teplovoda("--lang", "en", "heat", "recovery", _replay(tmp_path, row), "--out", tmp_path / "rec")
    assert rec.returncode == 0, rec.stderr
    curve = pd.read_csv(tmp_path / "rec" / "service_curve.csv", index_col="day")
    for column in [c for c in table.columns if c.startswith("person_days:")]:
        name = column.split(":", 1)[1]
        assert f"{row[column]:,.0f}" in rec.stdout, name
        # the area between the intact network's curve and the plan's, by hand from the replay's service curve
        assert row[column] == pytest.approx((curve["intact"] - curve[name]).iloc[1:].clip(lower=0).sum())
    summary = pd.read_csv(one / "summary.csv", index_col="plan")
    island = table["person_days:3 x 1 MW biomass, hospital island"]
    assert summary.loc["3 x 1 MW biomass, hospital island", "person_days_mean"] == pytest.approx(island.mean())
    assert (one / "person_days.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    proc = teplovoda("heat", "recovery-sweep", short, *ARGS, "--workers", "2", "--out", two)
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(pd.read_csv(one / "samples.csv"), pd.read_csv(two / "samples.csv"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--samples", "0"], "--samples: must be >= 1, got 0"),
        (["--seed", "-1"], "--seed: must be >= 0, got -1"),
        (["--workers", "0"], "--workers: must be >= 1, got 0"),
        (["--samples", "x"], "--samples: invalid int value"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message):
    proc = teplovoda("--lang", "en", "heat", "recovery-sweep", EXAMPLE, *args)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("lead_time_spread = [2.0, 1.0]", "[recovery.sweep] -> lead_time_spread: expected [low, high] factors"),
        ("repair_spread = [0, 1.5]", "[recovery.sweep] -> repair_spread: expected [low, high] factors with 0 < low"),
        ("samples = 0", "[recovery.sweep] -> samples: must be >= 1"),
    ],
)
def test_bad_sweep_keys_in_the_file_exit_2_naming_file_and_field(tmp_path, line, message):
    key = line.split(" = ")[0]
    kept = [x for x in _text().splitlines() if not x.startswith(key + " =")]
    at = kept.index(next(x for x in kept if x.startswith("[recovery.sweep]")))
    path = tmp_path / "bad.toml"
    path.write_text("\n".join([*kept[: at + 1], line, *kept[at + 1 :], ""]))
    proc = teplovoda("--lang", "en", "heat", "recovery-sweep", path, "--samples", "1")
    assert proc.returncode == 2
    assert message in proc.stderr and "bad.toml" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
