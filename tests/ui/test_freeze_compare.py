"""The freeze repair bill in the hospital comparison over days: ``freeze_repair_cost_eur`` and
``freeze_repairs_avoided_eur`` in the CLI's over-days table, the exports and the Compare page, in en and uk.

References, independent of the comparison: the price of one freeze read here from the base TOML's ``[recovery]
freeze_repair_cost_eur``, the buildings frozen counted by hand on the engine's daily indoor temperatures (rooms at
0 °C or below), and ``teplovoda heat recovery``'s own printed table for the same plans (a separate command and
process). The bill avoided is worked out here as doing nothing's bill less the row's.
"""

from __future__ import annotations

import io
import json
import math
import tomllib

import pandas as pd
import pytest

from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.ui.report import comparison_files
from teplovoda.ui.strings import STRINGS
from tests.conftest import SCENARIOS
from tests.ui.conftest import open_app
from tests.ui.test_cli import teplovoda

FILE = SCENARIOS / "compare_hospital_recovery.toml"
BASE = SCENARIOS / "heat_hospital_recovery_dnipro.toml"
BILL, AVOIDED = "freeze_repair_cost_eur", "freeze_repairs_avoided_eur"
KEYS = {c: f"export.col.{c}" for c in (BILL, AVOIDED)}
FROZEN_KEY = "export.col.freeze_damaged_buildings"
FREEZE_C = 0.0


def _table_after(stdout: str, first_header: str) -> dict[str, dict[str, str]]:
    """The fixed-width table whose header starts with ``first_header``: row name -> {header: cell}, the columns cut
    where the dashed line under the header has its gaps."""
    lines = stdout.splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith(first_header + "  "))
    spans, pos = [], 0
    for dashes in lines[k + 1].split("  "):
        spans.append((pos, pos + len(dashes)))
        pos += len(dashes) + 2
    cut = lambda line: [line[a:b].strip() for a, b in spans]  # noqa: E731
    header, rows = cut(lines[k]), {}
    for line in lines[k + 2 :]:
        if not line.strip():
            break
        cells = cut(line)
        rows[cells[0]] = dict(zip(header, cells))
    return rows


def _eur(cell: str) -> float:
    return float(cell.replace(",", ""))


@pytest.fixture(scope="module")
def freeze_eur():
    return float(tomllib.loads(BASE.read_text(encoding="utf-8"))["recovery"]["freeze_repair_cost_eur"])


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """``teplovoda compare`` and ``teplovoda heat recovery`` run as a user runs them (en)."""
    out = tmp_path_factory.mktemp("frz")
    proc = teplovoda("compare", FILE, "--out", out / "cmp", "--no-maps")
    assert proc.returncode == 0, proc.stderr
    heat = teplovoda("heat", "recovery", BASE, "--out", out / "heat")
    assert heat.returncode == 0, heat.stderr
    over = _table_after(proc.stdout.split("Recovery over days", 1)[1], STRINGS["cli.col.option"]["en"])
    plans = _table_after(heat.stdout, STRINGS["cli.rheat.col.plan"]["en"])
    return over, plans, out / "cmp"


@pytest.fixture(scope="module")
def result():
    return run_comparison(load_scenario(FILE))


def test_each_rows_bill_is_its_frozen_count_times_the_price_and_heat_recoverys_figure(cli, freeze_eur):
    over, plans, _ = cli
    bill, frozen = STRINGS[KEYS[BILL]]["en"], STRINGS[FROZEN_KEY]["en"]
    names = {"do nothing": STRINGS["rheat.no_action"]["en"]}
    assert set(over) == {"do nothing" if n == names["do nothing"] else n for n in plans}  # the same plans, all of them
    cols = list(next(iter(over.values())))
    assert cols.index(bill) == cols.index(frozen) + 1 and cols.index(STRINGS[KEYS[AVOIDED]]["en"]) == cols.index(bill) + 1
    for name, row in over.items():
        assert _eur(row[bill]) == float(row[frozen]) * freeze_eur, name
        theirs = plans[names.get(name, name)]
        assert _eur(row[bill]) == _eur(theirs[STRINGS["cli.rheat.col.freeze_cost"]["en"]]), name
        assert row[frozen] == theirs[STRINGS["cli.rheat.col.frozen"]["en"]], name
    assert any(_eur(r[bill]) > 0 for r in over.values())  # the example lets blocks freeze: the test weighs something


def test_avoided_is_doing_nothings_bill_less_the_rows(cli):
    over, _, out = cli
    bill, avoided = STRINGS[KEYS[BILL]]["en"], STRINGS[KEYS[AVOIDED]]["en"]
    nothing = _eur(over["do nothing"][bill])
    for name, row in over.items():
        assert _eur(row[avoided]) == nothing - _eur(row[bill]), name
    assert _eur(over["do nothing"][avoided]) == 0.0
    # the same at full precision in comparison.json, options and staged plans
    rows = {r["option"]: r for r in json.loads((out / "comparison.json").read_text())["over_days"]}
    assert {r["row_kind"] for r in rows.values()} == {"option", "plan"}
    for name, r in rows.items():
        assert r[AVOIDED] == rows["do nothing"][BILL] - r[BILL], name


def test_the_bill_follows_the_frozen_buildings_counted_by_hand(result, freeze_eur):
    rec = result.recovery
    for name, row in result.over_days.iterrows():
        plan = rec.plans["no action" if name == "do nothing" else name]
        by_hand = sum(1 for b in plan.temps.columns if plan.temps[b].min() <= FREEZE_C)
        assert row[BILL] == by_hand * freeze_eur, name
    # the ranking stays on the option's own cost: cost per person-day = cost over person-days restored
    for _, row in result.over_days[result.over_days["rank"].notna()].iterrows():
        assert row["cost_per_person_day_restored_eur"] == pytest.approx(row["cost_eur"] / row["person_days_restored"])


def test_the_labels_exist_in_both_languages():
    for key in KEYS.values():
        en, uk = STRINGS[key]["en"], STRINGS[key]["uk"]
        assert en.endswith(", EUR") and uk.endswith(", EUR") and en != uk
        assert any("а" <= ch <= "я" for ch in uk.lower())  # Cyrillic, not English copied


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_reports_and_the_workbook_carry_the_columns(result, lang):
    files = comparison_files(result, maps=False, lang=lang)
    labels = {c: STRINGS[k][lang] for c, k in KEYS.items()}
    summary, page = files["summary.md"].decode(), files["report.html"].decode()
    for label in labels.values():
        assert label in summary and label in page
    book = pd.read_excel(io.BytesIO(files["comparison.xlsx"]), sheet_name=None)
    option = STRINGS["export.col.option"][lang]
    frozen = STRINGS[FROZEN_KEY][lang]
    for sheet in ("options", "options, full precision", "over days"):
        cols = list(book[sheet].columns)
        assert cols.index(labels[BILL]) == cols.index(frozen) + 1, sheet
        assert cols.index(labels[AVOIDED]) == cols.index(labels[BILL]) + 1, sheet
    over = book["over days"]
    assert len(over) == len(result.over_days)  # the options and the staged plan
    nothing = float(over[labels[BILL]].iloc[0])
    for _, row in over.iterrows():
        assert float(row[labels[AVOIDED]]) == pytest.approx(nothing - float(row[labels[BILL]]), abs=1.0), row[option]


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_compare_page_shows_the_freeze_bill(lang, result):
    at = open_app(lang).switch_page("app_pages/compare.py").run()
    at.selectbox(key="compare_file_compare").set_value(FILE.name).run()
    assert not at.exception, [e.value for e in at.exception]
    labels = {c: STRINGS[k][lang] for c, k in KEYS.items()}
    row_kind = STRINGS["export.col.row_kind"][lang]
    frames = [d.value for d in at.dataframe if row_kind in d.value.columns]
    assert len(frames) == 1  # the over-days table
    shown = frames[0]
    assert labels[BILL] in shown.columns and labels[AVOIDED] in shown.columns
    want = result.over_days[BILL].tolist()
    assert [float(v) for v in shown[labels[BILL]]] == pytest.approx(want, rel=5e-3)  # three significant figures
    main = [d.value for d in at.dataframe if labels[BILL] in d.value.columns and row_kind not in d.value.columns]
    assert main, "the main table has the column too"
    assert not math.isnan(float(main[0][labels[AVOIDED]].iloc[0]))
