"""The hospital-district comparison says whether counting lead times changes its ranking, and why (issue 16), and
ranks the staged plan with the options: in the CLI (en and uk), summary.md, report.html, the XLSX and the Compare page.

The verdict expected is derived here from the two tables the CLI prints (their rank columns), the staged plan's cost
from the base scenario's ``[[recovery.options]]`` and its person-days from ``teplovoda heat recovery``'s daily curve
added up by hand.
"""

from __future__ import annotations

import html
import io
import json
import re
import tomllib

import pandas as pd
import pytest

from teplovoda.ui.strings import STRINGS
from tests.conftest import SCENARIOS
from tests.ui.conftest import open_app, texts
from tests.ui.test_cli import teplovoda

FILE = SCENARIOS / "compare_hospital_recovery.toml"
BASE = SCENARIOS / "heat_hospital_recovery_dnipro.toml"
REPAIR = "repair boiler house to 80 %"


def _prefix(key: str, lang: str) -> str:
    """A catalogue sentence up to its first placeholder."""
    return STRINGS[key][lang].split("{", 1)[0]


def _tables(stdout: str, lang: str = "en") -> tuple[dict, dict, list[str]]:
    """The CLI's snapshot and over-days tables: option -> cells (split on runs of spaces), and the over-days header."""
    blocks, current = [], None
    for line in stdout.splitlines():
        if line.startswith(STRINGS["cli.col.option"][lang] + "  "):
            current = {"header": re.split(r"\s{2,}", line.strip()), "rows": {}}
            blocks.append(current)
        elif current is not None and line.strip() and not line.startswith("-") and not line.startswith(" "):
            cells = re.split(r"\s{2,}", line.strip())
            if len(cells) == len(current["header"]):
                current["rows"][cells[0]] = cells
            else:
                current = None
        elif not line.strip():
            current = None
    snapshot, over = blocks[0], blocks[1]
    return snapshot["rows"], over["rows"], over["header"]


def _firsts(rows: dict) -> set[str]:
    return {n for n, cells in rows.items() if cells[-1] == "1"}


@pytest.fixture(scope="module")
def cli_en(tmp_path_factory):
    out = tmp_path_factory.mktemp("en")
    proc = teplovoda("compare", FILE, "--out", out, "--no-maps")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, out


@pytest.fixture(scope="module")
def base_toml():
    return tomllib.loads(BASE.read_text(encoding="utf-8"))


def test_the_cli_says_whether_the_ranking_changes_and_names_the_hospitals_day(cli_en):
    stdout, _ = cli_en
    snapshot, over, header = _tables(stdout)
    same = _firsts(snapshot) == _firsts(over)
    verdict = _verdict(stdout)
    if same:
        assert verdict.startswith("Counting lead times does not change the first place")
    else:
        assert verdict.startswith("Counting lead times changes the first place")
    day = over[REPAIR][header.index("Hospital heated again from day")]
    assert f"with “{REPAIR}” the hospital stays cold for {day} days (heated again from day {day})" in verdict
    # the figures the sentence weighs are the over-days table's cells
    for col in ("In service from day", "Person-days of heat restored (against doing nothing)"):
        assert over[REPAIR][header.index(col)] in verdict
    assert verdict.index("Counting lead times") < stdout.index("Best value over the first")


def test_the_staged_plan_is_a_row_costed_and_counted_as_heat_recovery_counts_it(cli_en, base_toml, tmp_path):
    stdout, out = cli_en
    _, over, header = _tables(stdout)
    plan = base_toml["recovery"]["plans"][0]
    costs = {o["option"]: o["cost_eur"] for o in base_toml["recovery"]["options"]}
    want_cost = sum(costs[s["option"]] for s in plan["stages"])
    rows = {r["option"]: r for r in json.loads((out / "comparison.json").read_text())["over_days"]}
    assert rows[plan["name"]]["row_kind"] == "plan" and rows[plan["name"]]["cost_eur"] == want_cost
    # teplovoda heat recovery's daily curve, added up by hand: person-days restored against no action
    proc = teplovoda("heat", "recovery", BASE, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    curve = pd.read_csv(tmp_path / "service_curve.csv").set_index("day").iloc[1:]
    lost = lambda col: float((curve["intact"] - curve[col]).clip(lower=0).sum())  # noqa: E731
    restored = lost("no action") - lost(plan["name"])
    assert rows[plan["name"]]["person_days_restored"] == pytest.approx(restored)
    assert rows[plan["name"]]["cost_per_person_day_restored_eur"] == pytest.approx(want_cost / restored)
    assert over[plan["name"]][header.index("Person-days of heat restored (against doing nothing)")] == f"{restored:,.0f}"
    # ranked with the options on cost per person-day restored (ranks from the JSON's costs, by hand)
    ranked = sorted((r for r in rows.values() if r["rank"] is not None), key=lambda r: r["cost_per_person_day_restored_eur"])
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert plan["name"] in [r["option"] for r in ranked]
    assert over[plan["name"]][-1] == str(int(rows[plan["name"]]["rank"]))
    # the snapshot table has no plan row: a plan has no snapshot
    snapshot, _, _ = _tables(stdout)
    assert plan["name"] not in snapshot


def _verdict(stdout: str) -> str:
    """The paragraph the CLI prints after the over-days table."""
    blocks = stdout.split("\n\n")
    return blocks[[i for i, b in enumerate(blocks) if b.startswith("Recovery over days")][0] + 1]


def test_the_exports_carry_the_sentence_and_the_plan_row(cli_en, base_toml):
    stdout, out = cli_en
    plan = base_toml["recovery"]["plans"][0]["name"]
    sentence = _verdict(stdout)  # the CLI's, the same in every file
    summary = (out / "summary.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert sentence in summary and f'<p class="ranking">{html.escape(sentence)}</p>' in page
    plan_line = [line for line in summary.splitlines() if line.startswith(f"| {plan} |")]
    assert len(plan_line) == 1 and "| – |" in plan_line[0]  # its snapshot cells empty
    book = pd.read_excel(out / "comparison.xlsx", sheet_name=None)
    assert list(book["summary"].iloc[:, 0])[1] == sentence  # under the best-value sentence
    assert plan in list(book["over days"]["Option"])
    assert book["over days"].set_index("Option").at[plan, "Option or staged plan"] == "staged plan"


def test_ukrainian_sentence(tmp_path):
    proc = teplovoda("--lang", "uk", "compare", FILE, "--out", tmp_path, "--no-maps")
    assert proc.returncode == 0, proc.stderr
    snapshot, over, header = _tables(proc.stdout, "uk")
    uk = {k: _prefix(f"why.rank.{k}", "uk") for k in ("unchanged", "changed")}
    first = uk["unchanged"] if _firsts(snapshot) == _firsts(over) else uk["changed"]
    assert first in proc.stdout
    day = over["ремонт котельні до 80 %"][header.index(STRINGS["export.col.days_to_critical_restored"]["uk"])]
    assert f"у разі «ремонт котельні до 80 %» лікарня лишається без тепла {day} діб" in proc.stdout
    assert "Counting lead times" not in proc.stdout
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert first in summary


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_compare_page_shows_the_verdict_and_the_plan_row(lang, base_toml):
    at = open_app(lang).switch_page("app_pages/compare.py").run()
    at.selectbox(key="compare_file_compare").set_value(FILE.name).run()
    assert not at.exception, [e.value for e in at.exception]
    verdict = at.info[0].value
    assert _prefix("why.rank.unchanged", lang) in verdict or _prefix("why.rank.changed", lang) in verdict
    plan = base_toml["recovery"]["plans"][0]["name"]
    assert any(plan in [str(n) for n in d.value.index] for d in at.dataframe)  # the main table's plan row
    assert STRINGS["rcompare.over_days_title"][lang] in texts(at)
    frames = [d.value for d in at.dataframe if STRINGS["export.col.row_kind"][lang] in d.value.columns]
    assert len(frames) == 1 and STRINGS["rank.plan_row"][lang] in list(frames[0][STRINGS["export.col.row_kind"][lang]])


def test_the_water_comparison_has_its_verdict_too(tmp_path):
    proc = teplovoda("compare", SCENARIOS / "compare_city_main_recovery.toml", "--out", tmp_path, "--no-maps")
    assert proc.returncode == 0, proc.stderr
    assert "Counting lead times" in proc.stdout or "only one ranked" in proc.stdout
    book = pd.read_excel(io.BytesIO((tmp_path / "comparison.xlsx").read_bytes()), sheet_name="summary")
    assert len(book) == 2


def test_cheaper_boilers_change_the_first_place(tmp_path):
    """The same comparison with the island's boilers at 0.5 M EUR over days: by hand 500,000 / 74,200 = 6.7 EUR per
    person-day against the repair's 2.5 M / 246,400 = 10.1, so the boilers, on day 4 for 1,400 people, overtake the
    repair, on day 35 for 11,200, which stays first in the snapshot (EUR per person per year is not changed). They
    restore fewer person-days (74,200 against 246,400): they win on cost, not by their head start."""
    from teplovoda.models.costing.compare import load_scenario, run_comparison
    from teplovoda.models.costing.compare.ranking import rank_verdict
    from teplovoda.ui.i18n import using_language
    from teplovoda.ui.report import ranking_sentence

    (tmp_path / "heat_microdistrict").symlink_to(SCENARIOS / "heat_microdistrict")
    base = BASE.read_text(encoding="utf-8").replace("cost_eur = 1470000.0", "cost_eur = 500000.0")
    assert base.count("cost_eur = 500000.0") == 1
    (tmp_path / BASE.name).write_text(base, encoding="utf-8")
    (tmp_path / FILE.name).write_text(FILE.read_text(encoding="utf-8"), encoding="utf-8")
    cmp = run_comparison(load_scenario(tmp_path / FILE.name))
    over = cmp.over_days
    island = "3 x 1 MW biomass, hospital island"
    per_day = 500_000.0 / over.at[island, "person_days_restored"]
    assert over.at[island, "cost_per_person_day_restored_eur"] == pytest.approx(per_day)
    assert over.at[island, "rank"] == 1 and over.at[REPAIR, "snapshot_rank"] == 1  # the two firsts differ
    v = rank_verdict(over, cmp.over_days_people, cmp.recovery.horizon_days)
    assert v.case == "changed_cheaper" and (v.leader.name, v.other.name) == (island, REPAIR)
    assert f"“{island}” overtakes “{REPAIR}” on cost: it works from day 4 against day 35" in v.why
    assert "restores fewer person-days (74,200 against 246,400); it costs 500,000 EUR against 2,500,000 EUR" in v.why
    with using_language("uk"):
        uk = ranking_sentence(cmp)
    assert uk.startswith(_prefix("why.rank.changed_cheaper", "uk")) and "«ремонт котельні до 80 %»" in uk
