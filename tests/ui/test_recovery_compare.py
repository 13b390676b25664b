"""A comparison whose base carries ``[recovery]`` (issue 16, point 4): the figures over days in every option's row,
the ranking on cost per person-day restored, the report's curves and Gantt chart, the Compare page in uk and en.

The metrics are checked by hand bookkeeping on the engine's daily indoor temperatures: a building counts as
heated at 18 °C or more at a day's end; its people from the scenario's consumers.csv; person-days without heat
= sum over days of the people the intact network heats and the plan does not (people lost x 1 day).
"""

from __future__ import annotations

import io
import math
import tomllib
from types import SimpleNamespace

import pandas as pd
import pytest

from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.models.costing.compare.recovery import add_heat_columns
from teplovoda.ui.i18n import snum, using_language
from teplovoda.ui.report import comparison_files
from teplovoda.ui.strings import STRINGS
from tests.conftest import SCENARIOS
from tests.ui.conftest import open_app, texts
from tests.ui.test_ukrainian import english_in, everything_read

FILE = "compare_hospital_recovery.toml"
BASE = SCENARIOS / "heat_hospital_recovery_dnipro.toml"
HEATED_C = 18.0
FREEZE_C = 0.0
REPAIR_OPTION = "repair boiler house to 80 %"


@pytest.fixture(scope="module")
def result():
    return run_comparison(load_scenario(SCENARIOS / FILE))


@pytest.fixture(scope="module")
def base_toml():
    return tomllib.loads(BASE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def consumers():
    return pd.read_csv(SCENARIOS / "heat_microdistrict" / "consumers.csv").set_index("name")


def _by_hand(temps: pd.DataFrame, people: pd.Series) -> pd.Series:
    """People heated at each day's end, counted building by building."""
    out = []
    for _, row in temps.iterrows():
        out.append(sum(float(people[b]) for b, c in row.items() if c >= HEATED_C - 1e-9))
    return pd.Series(out, index=temps.index)


def test_every_option_row_carries_the_recovery_figures_by_hand(result, base_toml, consumers):
    rec, o = result.recovery, result.options
    people = consumers["people"].astype(float)
    intact = _by_hand(rec.intact.temps, people)
    assert intact.iloc[0] == pytest.approx(people.sum())  # every building warm on day 0
    lost = {}
    for option in o.index:
        plan = rec.plans["no action" if option == "do nothing" else option]
        mine = _by_hand(plan.temps, people)
        lost[option] = sum(max(intact[d] - mine[d], 0.0) * 1.0 for d in range(1, len(mine)))  # people lost x 1 day
        assert o.at[option, "person_days_without_heat"] == pytest.approx(lost[option])
        frozen = sum(1 for b in plan.temps.columns if plan.temps[b].min() <= FREEZE_C)
        assert o.at[option, "freeze_damaged_buildings"] == frozen
        hospital = [b for b in plan.temps.columns if consumers.at[b, "building_type"] == "hospital"]
        cold_days = [d for d in plan.temps.index if any(plan.temps.at[d, b] < HEATED_C - 1e-9 for b in hospital)]
        expected = math.inf if cold_days and cold_days[-1] == plan.temps.index[-1] else (cold_days[-1] + 1 if cold_days else 0)
        assert o.at[option, "days_to_critical_restored"] == expected
    costs = {x["option"]: x["cost_eur"] for x in base_toml["recovery"]["options"]}
    for option, cost in costs.items():
        saved = lost["do nothing"] - lost[option]
        assert o.at[option, "person_days_restored"] == pytest.approx(saved)
        want = cost / saved if saved > 0 else math.nan
        got = o.at[option, "cost_per_person_day_restored_eur"]
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
    # the shipped figures, as the README quotes them: 60 days in Dnipro from 1 January, 13,200 people
    assert lost["do nothing"] > 0.5 * 60 * people.sum()
    assert lost["repair boiler house to 80 %"] < lost["3 x 1 MW biomass, hospital island"] < lost["do nothing"]


def test_the_ranking_follows_cost_per_person_day_restored(result):
    o = result.over_days  # the options and the staged plans
    ranked = o[o["rank"].notna()].sort_values("rank")
    assert list(ranked["cost_per_person_day_restored_eur"]) == sorted(ranked["cost_per_person_day_restored_eur"])
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert not o.loc[~o["feasible"].astype(bool), "rank"].notna().any()


def test_the_ranking_rule_overrides_cost_per_person_year():
    """Two feasible options whose cost per person per year and cost per person-day disagree: person-days win."""
    table = pd.DataFrame(
        {"feasible": [False, True, True], "cost_per_person_year_eur": [math.inf, 10.0, 20.0]},
        index=["do nothing", "cheap per year", "cheap per person-day"],
    )
    plan = lambda pd_without, cost: SimpleNamespace(  # noqa: E731
        person_days_without=pd_without, critical_restored_day=1.0, frozen=[], freeze_cost_eur=0.0, cost_per_person_day_eur=cost
    )
    rec = SimpleNamespace(
        plans={"no action": plan(1000.0, math.nan), "cheap per year": plan(900.0, 50.0), "cheap per person-day": plan(100.0, 5.0)}
    )
    add_heat_columns(table, rec)
    assert table["rank"].tolist()[1:] == [2.0, 1.0]
    assert table.at["cheap per year", "person_days_restored"] == 100.0


def test_without_recovery_nothing_changes():
    plain = run_comparison(load_scenario(SCENARIOS / "compare_hospital_district.toml"))
    assert plain.recovery is None and "person_days_without_heat" not in plain.options
    o = plain.options[plain.options["feasible"]]
    assert list(o.sort_values("rank")["cost_per_person_year_eur"]) == sorted(o["cost_per_person_year_eur"])


def test_report_has_the_curves_the_gantt_and_the_recovery_sheet(result):
    rec = result.recovery
    for lang, word in (("en", "person-days"), ("uk", "людино-діб")):
        files = comparison_files(result, maps=False, lang=lang)
        page = files["report.html"].decode()
        section = page.split(f"<h2>{STRINGS['rcompare.title'][lang]}</h2>", 1)[1].split("<h2>", 1)[0]
        assert section.count("<img src='data:image/png;base64,") == (len(rec.plans) - 1) + 1  # a curve per plan, the Gantt
        assert STRINGS["rcompare.gantt_title"][lang] in section
        headline = page.split('class="headline">', 1)[1].split("</p>", 1)[0]
        per_day = result.options.at[REPAIR_OPTION, "cost_per_person_day_restored_eur"]  # the engine's own figure
        assert word in headline and snum(per_day, lang=lang) in headline
        assert STRINGS["rcompare.title"][lang] in files["summary.md"].decode()
        sheet = pd.read_excel(io.BytesIO(files["comparison.xlsx"]), sheet_name="recovery")
        assert len(sheet) == rec.scenario.recovery.horizon_days + 1
        with using_language(lang):
            day = STRINGS["rcompare.sheet.day"][lang]
            assert list(sheet[day]) == list(range(len(sheet)))
            assert STRINGS["rcompare.sheet.outdoor"][lang] in sheet.columns
        col = [c for c in sheet.columns if "repair boiler house" in c or "ремонт котельні" in c]
        assert len(col) == 1 and col[0].endswith(", people" if lang == "en" else ", осіб")
        # the sheet's curve, added up by hand against the intact network, is the option's person-days without heat
        intact = sheet[[c for c in sheet.columns if STRINGS["recovery.intact"][lang] in c][0]]
        area = sum(max(a - b, 0.0) for a, b in zip(intact[1:], sheet[col[0]][1:]))
        assert area == pytest.approx(result.options.at["repair boiler house to 80 %", "person_days_without_heat"])


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_compare_page_shows_recovery_over_days(lang):
    at = open_app(lang).switch_page("app_pages/compare.py").run()
    at.selectbox(key="compare_file_compare").set_value(FILE).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert STRINGS["rcompare.title"][lang] in shown and STRINGS["rcompare.gantt_title"][lang] in shown
    assert ("person-days" if lang == "en" else "людино-діб") in at.success[0].value
    if lang == "uk":
        scn = load_scenario(SCENARIOS / FILE)
        base = tomllib.loads(BASE.read_text(encoding="utf-8"))
        names = [scn.scenario.name, *(p["name"] for p in base["recovery"]["plans"])]
        names += [str(n) for d in at.dataframe for n in d.value.index]
        names += [str(n) for d in at.dataframe if "Варіант" in d.value for n in d.value["Варіант"]]
        names += ["Hospital6N", "boiler_house", "mobile_1"]  # building and source names, as the scenario writes them
        assert english_in(everything_read(at, names)) == []


def test_cli_best_value_sentence_speaks_in_person_days(tmp_path, result):
    from tests.ui.test_cli import teplovoda

    proc = teplovoda("--lang", "uk", "compare", SCENARIOS / FILE, "--out", tmp_path, "--no-maps")
    assert proc.returncode == 0, proc.stderr
    per_day = snum(result.options.at[REPAIR_OPTION, "cost_per_person_day_restored_eur"], lang="uk")
    assert "людино-діб тепла" in proc.stdout and f"по {per_day} EUR за людино-добу" in proc.stdout
    assert "на особу на рік" not in proc.stdout.split("Найвигідніше", 1)[1]
    assert (tmp_path / "comparison.xlsx").exists()
