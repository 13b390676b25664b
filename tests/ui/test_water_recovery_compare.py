"""A water comparison whose base carries ``[[recovery.options]]`` (issue 16, points 3-4 for water): the report's
service curves and Gantt chart, the workbook's ``recovery`` sheet (its curves added up by hand give every row's
person-days), the Compare page in en and uk, the CLI's sentence in person-days, and the blackout offers of a base
with a grid timetable against ``teplovoda water blackout``'s own table.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.ui.i18n import snum
from teplovoda.ui.report import comparison_files
from teplovoda.ui.strings import STRINGS
from tests.conftest import SCENARIOS
from tests.ui.conftest import open_app, texts
from tests.ui.test_cli import teplovoda
from tests.ui.test_ukrainian import english_in, everything_read

FILE = "compare_city_main_recovery.toml"
BEST = "contractor repairs mains 233 and 193"


@pytest.fixture(scope="module")
def result():
    return run_comparison(load_scenario(SCENARIOS / FILE))


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_report_has_the_curves_the_gantt_and_the_recovery_sheet(result, lang):
    rec, o = result.recovery, result.options
    files = comparison_files(result, maps=False, lang=lang)
    page = files["report.html"].decode()
    section = page.split(f"<h2>{STRINGS['rcompare.title'][lang]}</h2>", 1)[1].split("<h2>", 1)[0]
    assert section.count("<img src='data:image/png;base64,") == (len(rec.plans) - 1) + 1  # a curve per option, the Gantt
    assert STRINGS["rcompare.gantt_title"][lang] in section
    headline = page.split('class="headline">', 1)[1].split("</p>", 1)[0]
    word = "person-days of water" if lang == "en" else "людино-діб водопостачання"
    assert word in headline and snum(o.at[BEST, "cost_per_person_day_restored_eur"], lang=lang) in headline
    assert STRINGS["rcompare.title"][lang] in files["summary.md"].decode()
    sheet = pd.read_excel(io.BytesIO(files["comparison.xlsx"]), sheet_name="recovery")
    days = sheet[STRINGS["rcompare.water.sheet.day"][lang]].to_numpy(float)
    assert days[0] == 0 and days[-1] == rec.horizon_days
    intact = sheet[[c for c in sheet.columns if STRINGS["recovery.intact"][lang] in c][0]].to_numpy(float)
    plans = [c for c in sheet.columns if c.endswith(", people" if lang == "en" else ", осіб")]
    assert len(plans) == len(o) + 1  # the intact network and every row
    # each column read as a step after its row: the area below the intact network is that row's person-days
    areas = sorted(sum(max(intact[k] - col[k], 0.0) * (days[k + 1] - days[k]) for k in range(len(days) - 1)) for col in
                   (sheet[c].to_numpy(float) for c in plans if STRINGS["recovery.intact"][lang] not in c))  # fmt: skip
    assert areas == pytest.approx(sorted(o["person_days_without_water"]), rel=1e-9)


def test_the_exported_rows_carry_the_water_columns_under_their_own_labels(result):
    files = comparison_files(result, maps=False, lang="en")
    csv = pd.read_csv(io.BytesIO(files["options.csv"]))
    for label in ("Person-days without water", "Person-days of water restored (against the repairs alone)"):
        assert label in csv.columns
    assert "Critical district with water again from day" in csv.columns
    assert not any("heat" in c for c in csv.columns if "Person-days" in c)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_compare_page_shows_the_water_curves_and_the_gantt(lang):
    at = open_app(lang).switch_page("app_pages/compare.py").run()
    at.selectbox(key="compare_file_compare").set_value(FILE).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert STRINGS["rcompare.title"][lang] in shown and STRINGS["rcompare.gantt_title"][lang] in shown
    assert STRINGS["rcompare.water.intro"][lang] in shown
    assert ("person-days of water" if lang == "en" else "людино-діб водопостачання") in at.success[0].value
    if lang == "uk":
        names = [load_scenario(SCENARIOS / FILE).scenario.name]
        names += [str(n) for d in at.dataframe for n in d.value.index]
        names += [str(n) for d in at.dataframe if "Варіант" in d.value for n in d.value["Варіант"]]
        assert english_in(everything_read(at, names)) == []


def test_cli_prints_the_table_over_days_and_the_sentence_in_person_days(tmp_path, result):
    proc = teplovoda("--lang", "uk", "compare", SCENARIOS / FILE, "--out", tmp_path, "--no-maps")
    assert proc.returncode == 0, proc.stderr
    per_day = snum(result.options.at[BEST, "cost_per_person_day_restored_eur"], lang="uk")
    assert "людино-діб водопостачання" in proc.stdout and f"по {per_day} EUR за людино-добу" in proc.stdout
    assert STRINGS["export.col.person_days_without_water"]["uk"] in proc.stdout
    assert pd.read_excel(tmp_path / "comparison.xlsx", sheet_name="recovery").shape[0] > 2


@pytest.mark.parametrize("base", ["water_station_blackout_generator.toml", "water_city_main_repairs_blackouts.toml"])
def test_blackout_offers_are_the_water_blackout_commands_figures(tmp_path, base):
    """Without damage the offers on the network all along; with it, while the crews repair (network_ratio)."""
    text = (SCENARIOS / base).read_text(encoding="utf-8")
    text = text.replace('inp_file = "networks/Net3.inp"', f'inp_file = "{SCENARIOS / "networks" / "Net3.inp"}"')
    text += '\n[[options]]\nname = "second main"\n[[options.pipes]]\nname = "p2"\nfrom_junction = "201"\n'
    text += 'to_junction = "203"\nlength_m = 130.0\ndiameter_m = 0.3\n'
    (tmp_path / "w.toml").write_text(text, encoding="utf-8")
    (tmp_path / "c.toml").write_text(
        '[scenario]\nname = "c"\nkind = "compare"\n[base]\nwater = "w.toml"\n[economics]\nhorizon_years = 5\n'
        'discount_rate = 0.1\nprice_year = 2025\ncurrency = "EUR"\n',
        encoding="utf-8",
    )
    proc = teplovoda("water", "blackout", tmp_path / "w.toml", "--out", tmp_path / "b")
    assert proc.returncode == 0, proc.stderr
    command = pd.read_csv(tmp_path / "b" / "blackout_recovery.csv", index_col="option")
    cmp = run_comparison(load_scenario(tmp_path / "c.toml"))
    assert cmp.recovery is None  # no [[recovery.options]]: the ranking stays on cost per person per year
    offers = cmp.blackout
    assert list(offers.index) == list(command.index) and len(offers) == 3
    cols = ["person_days_without_water", "person_days_saved", "cost_eur_per_person_day_saved"]
    cols += ["from_damage_person_days", "from_blackouts_person_days"] if "[[damage]]" in text else []
    for col in cols:
        assert offers[col].to_numpy() == pytest.approx(command[col].to_numpy(), rel=1e-9, nan_ok=True)
    # saved against no generator, and EUR over it, by hand from the rows
    none = offers.iloc[0]["person_days_without_water"]
    for _, r in offers.iloc[1:].iterrows():
        assert r["person_days_saved"] == pytest.approx(none - r["person_days_without_water"])
        assert r["cost_eur_per_person_day_saved"] == pytest.approx(r["cost_eur"] / r["person_days_saved"])
    files = comparison_files(cmp, maps=False, lang="en")
    page = files["report.html"].decode()
    assert STRINGS["rcompare.blackout.title"]["en"] in page and "550 kVA set at the river station" in page
    sheet = pd.read_excel(io.BytesIO(files["comparison.xlsx"]), sheet_name="blackout offers")
    assert len(sheet) == len(offers) and STRINGS["cli.blackout.col.per_pd"]["en"] in sheet.columns
    assert "blackout_offers" in cmp.to_dict()
