"""Portfolio sheets from one Excel workbook: the same portfolio as its CSV sheets, and every bad cell one line
naming the workbook, the sheet, the row (header row 1, as Excel shows it) and the column."""

from __future__ import annotations

import datetime
import shutil

import pandas as pd
import pytest
from conftest import HEAD, HEAT_SITES

from teplovoda.models import limits
from teplovoda.models.errors import InputError
from teplovoda.models.portfolio import load_portfolio, run_portfolio
from teplovoda.models.portfolio import spec as spec_module
from teplovoda.ui.i18n import error_text
from tests.conftest import SCENARIOS
from tests.workbooks import rewrite_sheet_xml, workbook_from_csv

EXAMPLE = SCENARIOS / "portfolio_vodakanals"


def one_line(exc: pytest.ExceptionInfo) -> str:
    text = error_text(exc.value, lang="en")
    assert "\n" not in text and "Traceback" not in text
    return text


def _load_error(head) -> str:
    with pytest.raises(InputError) as exc:
        load_portfolio(head)
    return one_line(exc)


def test_the_examples_workbook_gives_the_csv_versions_allocation_and_totals(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    xlsx_head = workbook_from_csv(tmp_path / "portfolio.toml")
    from_csv, from_xlsx = load_portfolio(tmp_path / "portfolio.toml"), load_portfolio(xlsx_head)
    assert from_xlsx.spec.workbook == "programme.xlsx" and from_xlsx.spec.sites_csv is None
    assert [s.row for s in from_xlsx.sites] == [s.row for s in from_csv.sites]
    assert [s.motors for s in from_xlsx.sites] == [s.motors for s in from_csv.sites]
    assert from_xlsx.inventory == from_csv.inventory and len(from_xlsx.inventory) == 12
    assert from_xlsx.heat_sites == from_csv.heat_sites and from_xlsx.boilers == from_csv.boilers and from_xlsx.boilers
    a, b = run_portfolio(from_csv, marginal=False), run_portfolio(from_xlsx, marginal=False)
    pd.testing.assert_frame_equal(a.allocation, b.allocation)
    pd.testing.assert_frame_equal(a.heat_allocation, b.heat_allocation)
    assert a.totals == b.totals and a.totals["sites"] == 60


def _cell(sheet: str, ref: str, value):
    def edit(wb):
        wb[sheet][ref] = value

    return edit


def test_a_workbook_row_numbers_and_blank_rows_are_as_excel_shows_them(portfolio_dir):
    def spaced(wb):  # a blank row inside the table and formatted blank rows under it
        ws = wb["pumps"]
        ws.insert_rows(3)
        for r in range(20, 30):
            ws.cell(r, 2).number_format = "0.0"
            ws.cell(r, 1).value = None
        ws.cell(5, 2).value = -30  # pumps row 4 of the CSV, row 5 with the blank row above it

    head = workbook_from_csv(portfolio_dir(), edit=spaced)
    text = _load_error(head)
    assert text.startswith(f"{head.parent / 'programme.xlsx'}[pumps]: row 5 -> rated_kw: ") and "must be > 0" in text


def _set(sheet: str, column: str, row: int, value):
    """An edit of the workbook: the cell of ``column`` (by its header; a new column when absent) in ``row``."""

    def edit(wb):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        if column not in header:
            ws.cell(1, len(header) + 1, column)
            header.append(column)
        ws.cell(row, header.index(column) + 1).value = value

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_set("pumps", "rated_kw", 3, -30), "[pumps]: row 3 -> rated_kw: must be > 0"),
        (_set("pumps", "starting", 4, "wye"), "[pumps]: row 4: starting must be one of dol, star_delta"),
        (_set("sites", "committed", 2, "S999"), "[sites]: row 2 -> committed: set type 'S999' is not in inventory"),
        (_set("pumps", "duty_kw", 2, datetime.datetime(2026, 1, 5)), "[pumps]: row 2 -> duty_kw: expected a number"),
        (_set("pumps", "duty_kw", 2, True), "[pumps]: row 2 -> duty_kw: expected a number"),
        (_set("sites", "must_serve", 3, "perhaps"), "[sites]: row 3 -> must_serve"),
        (
            _set("pumps", "rated_kw", 2, "=70+5"),
            "[pumps]: row 2 -> rated_kw: cell B2: a formula with no saved value (open and save in Excel)",
        ),
        (_set("inventory", "delivery_days", 3, None), None),  # a blank cell takes the default: loads
        (_cell("inventory", "G3", 7), "[inventory]: row 3: 7 cells but 5 columns"),
        (lambda wb: wb["pumps"].delete_cols(2), "[pumps]: row 1: missing column 'rated_kw'"),
        (lambda wb: wb["pumps"].delete_rows(1, 99), "[pumps]: empty sheet: no header row and no rows"),
        (lambda wb: wb["inventory"].delete_rows(2, 99), "[inventory]: empty sheet: a header and no rows"),
        (lambda wb: wb.remove(wb["pumps"]), "programme.xlsx: no sheet 'pumps' (for pumps_csv); the workbook has 'sites'"),
    ],
)
def test_a_bad_cell_names_workbook_sheet_row_and_column(portfolio_dir, edit, expected):
    head = workbook_from_csv(portfolio_dir(), edit=edit)
    if expected is None:
        assert load_portfolio(head).inventory[1].delivery_days == 0.0
        return
    text = _load_error(head)
    assert text.startswith(str(head.parent / "programme.xlsx")) and expected in text


def test_a_formula_with_its_saved_value_reads_the_value_and_an_error_value_is_refused(portfolio_dir):
    head = workbook_from_csv(portfolio_dir())
    book = head.parent / "programme.xlsx"
    rewrite_sheet_xml(book, 2, '<c r="B2" t="n"><v>75</v></c>', '<c r="B2"><f>70+5</f><v>75</v></c>')
    assert load_portfolio(head).sites[0].motors[0].rated_kw == 75
    rewrite_sheet_xml(book, 2, '<c r="B2"><f>70+5</f><v>75</v></c>', '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    assert "[pumps]: row 2 -> rated_kw: cell B2: an error value #DIV/0!" in _load_error(head)


def test_a_merged_range_holds_its_value_in_its_first_cell_only(portfolio_dir):
    def merged(wb):
        wb["sites"]["B3"] = None
        wb["sites"].merge_cells("B2:B3")  # the oblast typed once for sites A and B

    head = workbook_from_csv(portfolio_dir(), edit=merged)
    assert "[sites]: row 3: missing key 'oblast'" in _load_error(head)


def test_a_file_that_is_not_a_workbook_is_one_line(portfolio_dir):
    head = workbook_from_csv(portfolio_dir())
    (head.parent / "programme.xlsx").write_text("name,oblast\n", encoding="utf-8")
    assert f"{head.parent / 'programme.xlsx'}: not an Excel workbook (.xlsx) (" in _load_error(head)
    (head.parent / "programme.xlsx").unlink()
    assert "programme.xlsx" in _load_error(head) and "not found" in _load_error(head)


def test_an_oversized_workbook_is_refused_before_it_is_read(portfolio_dir, monkeypatch):
    head = workbook_from_csv(portfolio_dir())
    monkeypatch.setattr("teplovoda.models.portfolio.workbook.MAX_WORKBOOK_UNPACKED_BYTES", 10_000)
    assert "programme.xlsx: unpacked workbook: " in _load_error(head) and "above the limit of 10,000 bytes" in _load_error(head)
    monkeypatch.setenv(limits.NO_LIMITS_ENV, "1")
    assert load_portfolio(head).sites
    monkeypatch.delenv(limits.NO_LIMITS_ENV)
    monkeypatch.setattr("teplovoda.models.portfolio.workbook.MAX_WORKBOOK_UNPACKED_BYTES", limits.MAX_WORKBOOK_UNPACKED_BYTES)
    monkeypatch.setattr(spec_module, "MAX_ROWS", 4)
    assert "[pumps]: more than 4 rows" in _load_error(head)


def test_a_head_with_both_a_workbook_and_csv_sheets_is_refused(portfolio_dir):
    head = portfolio_dir(head=HEAD.replace("[portfolio]\n", '[portfolio]\nworkbook = "programme.xlsx"\n'))
    assert "[portfolio]: give workbook or the *_csv keys, not both (sites_csv is given with workbook)" in _load_error(head)


def test_heat_sheets_come_both_or_neither(portfolio_dir):
    csv_head = portfolio_dir(heat_sites=HEAT_SITES)
    head = workbook_from_csv(csv_head)
    assert load_portfolio(head).heat_sites == load_portfolio(csv_head).heat_sites
    head = workbook_from_csv(csv_head, edit=lambda wb: wb.remove(wb["boilers"]))
    assert "programme.xlsx: give both sheets heat_sites and boilers, or neither" in _load_error(head)
