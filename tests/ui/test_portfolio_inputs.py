"""The Portfolio page's inputs: an uploaded .zip (paths confined, sizes bounded, one line per problem), and the
budget and inventory edits (checked as the sheets are, and obeyed by the allocation)."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.portfolio import load_portfolio, run_portfolio
from teplovoda.ui import scenarios
from teplovoda.ui.i18n import error_text
from teplovoda.ui.portfolio_inputs import (
    boiler_rows,
    edit_portfolio,
    inventory_rows,
    save_portfolio_zip,
    shipped_portfolios,
    unzip_upload,
)
from tests.ui.test_portfolio_cli import EXAMPLE, small_copy
from tests.workbooks import workbook_from_csv

#: The example's head first, then every sheet and the detailed site's scenario beside it.
SHEETS = (
    "portfolio.toml",
    *sorted(p.name for p in EXAMPLE.iterdir() if p.suffix in (".csv", ".toml", ".inp") and p.name != "portfolio.toml"),
)


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def example_members(folder: str = "", skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {folder + n: (EXAMPLE / n).read_bytes() for n in SHEETS if n not in skip}


def one_line(exc: pytest.ExceptionInfo) -> str:
    text = error_text(exc.value, lang="en")
    assert "\n" not in text and "Traceback" not in text
    return text


def test_the_shipped_example_is_offered():
    assert [f.path for f in shipped_portfolios()] == [EXAMPLE / "portfolio.toml"]


@pytest.mark.parametrize("folder", ["", "portfolio_vodakanals/"])
def test_an_uploaded_zip_loads_as_the_example(tmp_path, folder):
    members = example_members(folder) | {"__MACOSX/._sites.csv": b"\0\0"}
    head = save_portfolio_zip("programme.zip", zipped(members), root=tmp_path / "uploads")
    assert head.name == "portfolio.toml" and head.parent.parent == tmp_path / "uploads"
    loaded, shipped = load_portfolio(head), load_portfolio(EXAMPLE / "portfolio.toml")
    assert [s.row for s in loaded.sites] == [s.row for s in shipped.sites] and loaded.inventory == shipped.inventory


def workbook_members(tmp_path, folder: str = "") -> dict[str, bytes]:
    """The example as a programme officer sends it from Excel: its head naming one workbook, the workbook, and the
    detailed sites' scenarios and network."""
    copy = tmp_path / "copy"
    copy.mkdir(exist_ok=True)
    for n in SHEETS:
        (copy / n).write_bytes((EXAMPLE / n).read_bytes())
    workbook_from_csv(copy / "portfolio.toml")
    beside = [n for n in SHEETS if Path(n).suffix != ".csv" and n != "portfolio.toml"]  # the detailed sites' files
    return {folder + n: (copy / n).read_bytes() for n in ("portfolio_xlsx.toml", "programme.xlsx", *beside)}


def test_an_uploaded_zip_with_a_workbook_loads_as_the_example(tmp_path):
    members = workbook_members(tmp_path)
    head = tmp_path / "copy" / "portfolio_xlsx.toml"
    stored = save_portfolio_zip("programme.zip", zipped(members), root=tmp_path / "uploads")
    assert stored.name == head.name and (stored.parent / "programme.xlsx").read_bytes() == members["programme.xlsx"]
    loaded, shipped = load_portfolio(stored), load_portfolio(EXAMPLE / "portfolio.toml")
    assert loaded.spec.workbook == "programme.xlsx"
    assert [s.row for s in loaded.sites] == [s.row for s in shipped.sites] and loaded.inventory == shipped.inventory
    assert loaded.heat_sites == shipped.heat_sites and loaded.boilers == shipped.boilers
    broken = members | {"programme.xlsx": b"sites,pumps\n"}
    with pytest.raises(InputError) as exc:
        load_portfolio(save_portfolio_zip("programme.zip", zipped(broken), root=tmp_path / "uploads"))
    assert "programme.xlsx: not an Excel workbook (.xlsx) (" in one_line(exc)


def test_only_the_portfolio_upload_takes_workbooks(tmp_path):
    with pytest.raises(InputError) as exc:
        scenarios.save_upload([("a.toml", b""), ("programme.xlsx", b"")], root=tmp_path / "u")
    assert one_line(exc) == "programme.xlsx: expected a scenario (.toml), an EPANET network (.inp) or a route table (.csv)"
    with pytest.raises(InputError) as exc:
        save_portfolio_zip("programme.zip", zipped({"portfolio.toml": b"", "programme.xls": b""}), root=tmp_path / "u")
    assert one_line(exc) == "programme.xls: expected a portfolio (.toml) and its sheets (.csv, .xlsx)"


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"../x.csv": b"a"}, "programme.zip: member '../x.csv' has an absolute path or '..': refused"),
        ({"ok/../../x.csv": b"a"}, "member 'ok/../../x.csv' has an absolute path or '..'"),
        ({"/etc/x.csv": b"a"}, "member '/etc/x.csv' has an absolute path or '..'"),
        ({"C:\\Windows\\x.csv": b"a"}, "member 'C:/Windows/x.csv' has an absolute path or '..'"),
        ({"a/portfolio.toml": b"a", "b/sites.csv": b"b"}, "is in a second folder"),
        ({}, "programme.zip: the archive holds no files"),
    ],
)
def test_an_unsafe_or_odd_archive_is_refused_in_one_line(tmp_path, members, expected):
    with pytest.raises(InputError) as exc:
        save_portfolio_zip("programme.zip", zipped(members), root=tmp_path / "uploads")
    assert expected in one_line(exc)
    assert not (tmp_path / "x.csv").exists() and not list((tmp_path / "uploads").glob("*/x.csv"))


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    with pytest.raises(InputError) as exc:
        unzip_upload("sites.xlsx", (EXAMPLE / "sites.csv").read_bytes())
    assert one_line(exc).startswith("sites.xlsx: not a zip archive (")


def test_the_unpacked_size_is_bounded_before_anything_is_unpacked(tmp_path):
    bomb = zipped({"portfolio.toml": b"", "sites.csv": b"0" * (scenarios.UPLOAD_MAX_TOTAL_BYTES + 1)})
    assert len(bomb) < 100_000  # small as uploaded
    with pytest.raises(scenarios.UploadLimitError) as exc:
        unzip_upload("programme.zip", bomb)
    assert exc.value.key == "upload.too_large"


def test_a_missing_sheet_is_one_line_naming_it(tmp_path):
    head = save_portfolio_zip("programme.zip", zipped(example_members(skip=("pumps.csv",))), root=tmp_path / "u")
    with pytest.raises(InputError) as exc:
        load_portfolio(head)
    assert "pumps.csv" in one_line(exc)


def test_a_sheet_outside_the_upload_is_refused(tmp_path):
    toml = (EXAMPLE / "portfolio.toml").read_text(encoding="utf-8").replace('"pumps.csv"', '"../../../etc/passwd"')
    members = example_members(skip=("portfolio.toml",)) | {"portfolio.toml": toml.encode()}
    with pytest.raises(InputError) as exc:
        save_portfolio_zip("programme.zip", zipped(members), root=tmp_path / "u")
    assert "pumps_csv: '../../../etc/passwd' points outside the uploaded files" in one_line(exc)


def test_edits_of_budget_and_inventory_are_checked_and_obeyed(tmp_path):
    portfolio = load_portfolio(small_copy(tmp_path, 6))
    inv = inventory_rows(portfolio)
    assert list(inv["set_type"]) == [s.set_type for s in portfolio.inventory]
    committed = {s.row.committed for s in portfolio.sites if s.row.committed}
    assert committed == {"G150"}  # the example's first six sites: one set promised
    inv["count"] = 0
    with pytest.raises(InputError) as exc:  # fewer than promised: refused as loading refuses it
        edit_portfolio(portfolio, inventory=inv)
    assert "inventory -> G150 -> count: more sites committed to 'G150' than its count (0)" in one_line(exc)
    inv.loc[inv["set_type"] == "G150", "count"] = 1
    inv.loc[inv["set_type"] == "G640 (512 kW)", ["count", "cost_eur"]] = [1, 1000.0]
    edited = edit_portfolio(portfolio, budget_eur=1_000_000, inventory=inv)
    assert edited.spec.budget_eur == 1_000_000
    assert {s.set_type: s.count for s in edited.inventory if s.count} == {"G150": 1, "G640 (512 kW)": 1}
    run = run_portfolio(edited, marginal=False)
    assert run.totals["budget_eur"] == 1_000_000
    given = run.allocation[run.allocation["set_type"] != ""].set_index("set_type")
    assert sorted(given.index) == ["G150", "G640 (512 kW)"]
    r = given.loc["G640 (512 kW)"]  # placed (it passes somewhere), at the edited price with its diesel over its days
    assert r["cost_eur"] - r["fuel_cost_eur_per_day"] * r["days_counted"] == pytest.approx(1000.0)
    bad = inv.assign(count=inv["count"].astype(object))
    bad.loc[0, "count"] = -1
    with pytest.raises(InputError) as exc:
        edit_portfolio(portfolio, inventory=bad)
    assert "inventory -> G60 -> count" in one_line(exc)
    with pytest.raises(InputError) as exc:
        edit_portfolio(portfolio, budget_eur=-1.0)
    assert "[portfolio] -> budget_eur" in one_line(exc)


def test_edits_of_the_boilers_count_and_cost_are_checked_and_obeyed(tmp_path):
    portfolio = load_portfolio(small_copy(tmp_path, 6))
    rows = boiler_rows(portfolio)
    assert list(rows["boiler_type"]) == [b.boiler_type for b in portfolio.boilers] and len(rows) == 4
    assert boiler_rows(dataclasses.replace(portfolio, boilers=())).empty  # no heat sites: no editor rows
    rows["count"] = 0
    rows.loc[rows["boiler_type"] == "DSL-1", ["count", "cost_eur"]] = [2, 1000.0]
    edited = edit_portfolio(portfolio, boilers=rows)
    assert {b.boiler_type: b.count for b in edited.boilers if b.count} == {"DSL-1": 2}
    assert edited.inventory == portfolio.inventory and edited.spec == portfolio.spec
    run = run_portfolio(edited, marginal=False)
    given = run.heat_allocation[run.heat_allocation["boiler_type"] != ""]
    assert set(given["boiler_type"]) == {"DSL-1"} and given["units"].sum() <= 2
    r = given.iloc[0]  # at the edited price each, with its fuel over its days
    assert r["cost_eur"] - r["fuel_cost_eur_per_day"] * r["days_counted"] == pytest.approx(1000.0 * r["units"])
    for column, value, expected in (("count", -1, "must be >= 0"), ("cost_eur", "lots", "expected a number")):
        bad = rows.astype(object)
        bad.loc[0, column] = value
        with pytest.raises(InputError) as exc:
            edit_portfolio(portfolio, boilers=bad)
        assert f"boilers -> {rows['boiler_type'][0]} -> {column}: " in one_line(exc) and expected in one_line(exc)
