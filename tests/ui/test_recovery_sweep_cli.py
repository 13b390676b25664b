"""``teplovoda water recovery-sweep`` as a user runs it (a real subprocess): a sample replayed as a scenario gives
``teplovoda water recovery``'s own figures, the table does not depend on the number of workers (with and without
options), a scenario without ``[[recovery.options]]`` gives the README's table and columns as before the options,
bad arguments (lead-time spreads included) are one line with exit code 2."""

from __future__ import annotations

import pandas as pd
import pytest

from teplovoda.models.recovery.sweep import SWEEP_RULES
from tests.conftest import SCENARIOS
from tests.ui.test_cli import teplovoda

EXAMPLE = SCENARIOS / "water_city_main_12_breaks.toml"
OPTIONS = SCENARIOS / "water_city_main_sweep_options.toml"
#: samples.csv's columns before the options (a scenario without [[recovery.options]] keeps exactly these)
COLUMNS = ["sample", "crews", "mobilisation_days", "repairs", "damage", *(f"person_days_{r}" for r in SWEEP_RULES), "last_day"]
NET3 = SCENARIOS / "networks" / "Net3.inp"
ARGS = ("--samples", "2", "--seed", "5", "--crews", "3", "--mobilisation-days", "2")


def _replay(tmp_path, row) -> str:
    """A scenario file of one sample's damage (700 cm2 breaks, the example's [sweep] leak area) and crews."""
    body = ""
    for item in row["damage"].split("; "):
        kind, pipe = item.split(" ")
        assert kind == "pipe_break"
        body += f'[[damage]]\ntype = "pipe_break"\npipe = "{pipe}"\nleak_area_cm2 = 700.0\n'
    path = tmp_path / "replay.toml"
    path.write_text(
        f'[scenario]\nname = "replay"\nkind = "water"\n[network]\ninp_file = "{NET3}"\n[population]\ntotal = 300000\n'
        + body
        + f"[recovery]\ncrews = {{water = {int(row['crews'])}}}\nmobilisation_days = {{water = {row['mobilisation_days']}}}\n"
    )
    return path


def test_a_sample_replayed_gives_water_recoverys_figures_and_workers_do_not_change_the_table(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    proc = teplovoda("--lang", "en", "water", "recovery-sweep", EXAMPLE, *ARGS, "--workers", "1", "--out", one)
    assert proc.returncode == 0, proc.stderr
    assert "person-days without water by rule" in proc.stdout.lower()
    table = pd.read_csv(one / "samples.csv", dtype={"damage": str})
    assert list(table["sample"]) == [0, 1]
    assert (table["crews"] == 3).all() and (table["mobilisation_days"] == 2.0).all()
    row = table.iloc[0]
    assert row["repairs"] == len(row["damage"].split("; ")) > 0
    rec = teplovoda("--lang", "en", "water", "recovery", _replay(tmp_path, row), "--out", tmp_path / "rec")
    assert rec.returncode == 0, rec.stderr
    for rule in SWEEP_RULES:
        assert f"{row[f'person_days_{rule}']:,.0f}" in rec.stdout, rule
    summary = pd.read_csv(one / "summary.csv", index_col=["kind", "name"])
    assert summary.loc[("rule", "ratio"), "mean"] == pytest.approx(table["person_days_ratio"].mean())
    assert list(summary.index.get_level_values("kind")) == ["rule"] * len(SWEEP_RULES)  # no options: no plans
    assert (one / "person_days.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    proc = teplovoda("water", "recovery-sweep", EXAMPLE, *ARGS, "--workers", "2", "--out", two)
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(pd.read_csv(one / "samples.csv"), pd.read_csv(two / "samples.csv"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--crews", "2,x"], "--crews: expected integers separated by commas, got '2,x'"),
        (["--crews", "0"], "--crews: each count must be 1..1000, got 0"),
        (["--mobilisation-days", "3,1"], "--mobilisation-days: need 0 <= low <= high <= 365, got 3,1"),
        (["--mobilisation-days", "1,2,3"], "--mobilisation-days: expected low,high"),
        (["--samples", "0"], "--samples: must be >= 1, got 0"),
        (["--seed", "-1"], "--seed: must be >= 0, got -1"),
        (["--lead-time-spread=-1,2"], "--lead-time-spread: expected [low, high] factors with 0 < low <= high <= 10, got -1,2"),
        (["--lead-time-spread", "nan,2"], "--lead-time-spread: expected [low, high] factors with 0 < low <= high <= 10"),
        (["--lead-time-spread", "3,1"], "--lead-time-spread: expected [low, high] factors with 0 < low <= high <= 10, got 3,1"),
        (["--lead-time-spread", "1,11"], "got 1,11"),
        (["--lead-time-spread", "0"], "got 0,0"),
        (["--lead-time-spread", "1,2,3"], "--lead-time-spread: expected low,high"),
        (["--lead-time-spread", "a,b"], "--lead-time-spread: expected low,high"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message):
    proc = teplovoda("--lang", "en", "water", "recovery-sweep", EXAMPLE, *args)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("recovery_mobilisation_days = [3.0, 1.0]", "recovery_mobilisation_days must be [low, high] days with low <= high"),
        ("recovery_crews = [0, 2]", "[sweep] -> recovery_crews"),
        ("recovery_crews = []", "recovery_crews must list at least one crew count"),
    ],
)
def test_bad_sweep_keys_in_the_file_exit_2_naming_file_and_field(tmp_path, line, message):
    key = line.split(" = ")[0]
    kept = [x for x in EXAMPLE.read_text().splitlines() if not x.startswith(key + " =")]
    path = tmp_path / "bad.toml"
    path.write_text("\n".join([*kept, line, ""]).replace('"networks/Net3.inp"', f'"{NET3}"'))
    proc = teplovoda("--lang", "en", "water", "recovery-sweep", path, "--samples", "1")
    assert proc.returncode == 2
    assert message in proc.stderr and "bad.toml" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("spread", "message"),
    [
        ("[3.0, 1.0]", "[recovery.sweep] -> lead_time_spread: expected [low, high] factors"),
        ("[-0.5, 2.0]", "[recovery.sweep] -> lead_time_spread: expected [low, high] factors"),
        ("[1.0, 11.0]", "<= 10, got [1.0, 11.0]"),
        ("[nan, 2.0]", "[recovery.sweep] -> lead_time_spread"),
    ],
)
def test_bad_lead_time_spread_in_the_file_exits_2_naming_file_and_field(tmp_path, spread, message):
    text = OPTIONS.read_text().replace("lead_time_spread = [0.5, 2.0]", f"lead_time_spread = {spread}")
    path = tmp_path / "bad.toml"
    path.write_text(text.replace('"networks/Net3.inp"', f'"{NET3}"'))
    proc = teplovoda("--lang", "en", "water", "recovery-sweep", path, "--samples", "1")
    assert proc.returncode == 2
    assert message in proc.stderr and "bad.toml" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_without_options_the_example_gives_the_readmes_table_and_the_same_columns(tmp_path):
    """A regression of the README's "Monte Carlo of repairs" table (its command, 2 workers): the options must not
    move a scenario without them."""
    proc = teplovoda("--lang", "en", "water", "recovery-sweep", EXAMPLE, "--workers", "2", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(tmp_path / "samples.csv")
    assert list(table.columns) == COLUMNS
    means = table[[f"person_days_{r}" for r in SWEEP_RULES]].mean().round().astype(int).tolist()
    assert means == [323_059, 323_059, 435_288, 283_270]
    assert table["repairs"].mean() == pytest.approx(13.9, abs=0.05)


def test_options_are_run_per_sample_and_workers_do_not_change_the_table(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    args = ("--samples", "3", "--seed", "4", "--lead-time-spread", "0.5,3")
    proc = teplovoda("--lang", "en", "water", "recovery-sweep", OPTIONS, *args, "--workers", "1", "--out", one)
    assert proc.returncode == 0, proc.stderr
    assert "person-days without water by plan" in proc.stdout.lower()
    table = pd.read_csv(one / "samples.csv", dtype={"damage": str})
    assert list(table.columns[:5]) == COLUMNS[:5] and set(COLUMNS) < set(table.columns)
    options = ["layflat bypass for the hospital district", "contractor repairs mains 329, 101, 137"]
    lead = table[f"lead_time_days:{options[0]}"]
    assert ((lead >= 0.25) & (lead <= 1.5)).all() and lead.nunique() == 3
    summary = pd.read_csv(one / "summary.csv", index_col=["kind", "name"])
    plans = summary.loc["plan"]
    assert list(plans.index) == ["no action", *options, "close the break 153, 200 mm layflat bypass"]
    for name in plans.index:
        assert plans.loc[name, "mean"] == pytest.approx(table[f"person_days_without_water:{name}"].mean())
    restored = table[f"person_days_restored:{options[1]}"].mean()
    assert plans.loc[options[1], "cost_per_person_day_restored_eur"] == pytest.approx(240_000.0 / restored)
    proc = teplovoda("--lang", "uk", "water", "recovery-sweep", OPTIONS, *args, "--workers", "2", "--out", two)
    assert proc.returncode == 0, proc.stderr
    assert "Людино-доби без води за планами" in proc.stdout and "Підрядник ремонтує" in proc.stdout
    pd.testing.assert_frame_equal(pd.read_csv(one / "samples.csv"), pd.read_csv(two / "samples.csv"))
