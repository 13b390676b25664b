"""Issue 15, points 9, 10 and 12, as a user meets them on the command line (a real subprocess): every water
case in the files, physically sound labels, sweeps and a criticality table a user can act on."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import SCENARIOS
from tests.ui.test_cli import teplovoda


def test_sweep_rows_name_their_damage_in_case_order_and_the_summary_covers_partly_served(tmp_path):
    proc = teplovoda(
        "water",
        "sweep",
        SCENARIOS / "water_trunk_main_break.toml",
        "--samples",
        "3",
        "--workers",
        "1",
        "--quiet",
        "--out",
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    samples = pd.read_csv(tmp_path / "samples.csv", keep_default_na=False)
    # issue 15 point 12: rows in case order, the damage each got, partly served people summarised
    assert list(samples["case"]) == ["intact", "damaged"] * 3
    assert "damage" in samples and all(d.count("pipe_") == b for d, b in zip(samples["damage"], samples["breaks"]))
    summary = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    assert list(summary.index) == ["intact", "damaged"]
    assert {"people_partial_mean", "people_partial_p90"} <= set(summary.columns)


def test_every_water_case_present_in_the_cli_files(tmp_path):
    """Issue 15 point 9: intact, damaged and each option in summary.json, every CSV and a map each."""
    proc = teplovoda("water", "run", SCENARIOS / "water_city_main_broken.toml", "--out", tmp_path, "--plot")
    assert proc.returncode == 0, proc.stderr
    cases = ["intact", "damaged", "repair the main", "close the break, 200 mm layflat bypass"]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["cases"] == cases
    for case in cases:
        assert summary[case]["converged"] is True and summary[case]["people_total"] == pytest.approx(300_000)
    assert summary["repair the main"]["people_without"] == 0 and summary["damaged"]["people_without"] > 10_000
    assert summary["sources"]["River"]["unlimited"] is True and summary["sources"]["1"]["unlimited"] is False
    for name in ("junctions.csv", "links.csv", "zones.csv", "sources.csv"):
        table = pd.read_csv(tmp_path / name)
        assert list(dict.fromkeys(table["case"])) == cases, name
    nodes = pd.read_csv(tmp_path / "junctions.csv", dtype={"node": str})
    assert nodes.columns[1] == "node" and set(nodes.loc[nodes["node"] == "River", "type"]) == {"reservoir"}
    for k, slug in enumerate(["intact", "damaged", "repair_the_main", "close_the_break__200_mm_layflat_bypass"]):
        assert (tmp_path / f"map_{k}_{slug}.png").read_bytes()[:4] == b"\x89PNG", slug
    assert "people connected to the network" in proc.stdout and "served by the network" not in proc.stdout


def test_water_criticality_command(tmp_path):
    """Issue 15 point 12: a criticality table ranking pipes and pumps by person-hours without water."""
    proc = teplovoda(
        "water", "criticality", SCENARIOS / "water_trunk_main_break.toml", "--top", "3", "--repair-hours", "12", "--out", tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "person-h w/o water" in proc.stdout and "criticality.csv" in proc.stdout
    table = pd.read_csv(tmp_path / "criticality.csv", dtype={"element": str})
    assert len(table) == 117 + 2  # Net3's pipes and pumps
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    assert table["person_hours_without_water"].is_monotonic_decreasing
    assert table["person_hours_without_water"].iloc[0] == pytest.approx(table["people_without"].iloc[0] * 12)
    bad = teplovoda("water", "criticality", SCENARIOS / "water_trunk_main_break.toml", "--repair-hours", "0")
    assert bad.returncode == 2 and "--repair-hours: must be > 0" in bad.stderr and bad.stderr.count("\n") == 1
