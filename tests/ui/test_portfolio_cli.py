"""``teplovoda portfolio allocate``: the allocation printed and written; bad input one line and exit code 2."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from teplovoda.ui.cli import main
from teplovoda.ui.i18n import set_language
from tests.conftest import SCENARIOS

EXAMPLE = SCENARIOS / "portfolio_vodakanals"


def small_copy(tmp_path, n_sites=6):
    """The shipped example cut to its first ``n_sites`` sites (their pumps with them; its heat sheets whole)."""
    for path in EXAMPLE.iterdir():
        if path.suffix in (".toml", ".csv") and path.name not in ("sites.csv", "pumps.csv"):
            shutil.copy(path, tmp_path / path.name)
    with (EXAMPLE / "sites.csv").open(encoding="utf-8") as f:
        sites = list(csv.DictReader(f))[:n_sites]
    keep = {s["name"] for s in sites}
    with (EXAMPLE / "pumps.csv").open(encoding="utf-8") as f:
        pumps = [p for p in csv.DictReader(f) if p["site"] in keep]
    for name, rows in (("sites.csv", sites), ("pumps.csv", pumps)):
        with (tmp_path / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    text = (tmp_path / "portfolio.toml").read_text(encoding="utf-8")
    (tmp_path / "portfolio.toml").write_text(text.replace('oblast = "Kharkiv"\nmin_sets = 3', 'oblast = "Kharkiv"\nmin_sets = 0'))
    return tmp_path / "portfolio.toml"


def test_allocate_prints_and_writes_the_allocation(tmp_path, capsys):
    head = small_copy(tmp_path)
    out = tmp_path / "out"
    assert main(["--lang", "en", "portfolio", "allocate", str(head), "--budget-eur", "400000", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Programme portfolio" in printed and "Greedy (most people-hours per EUR first)" in printed
    alloc = pd.read_csv(out / "allocation.csv", keep_default_na=False)
    assert len(alloc) == 6  # every site, served or not
    served = alloc[alloc["set_type"] != ""]
    assert len(served) >= 1 and served["cost_eur"].astype(float).sum() <= 400000 + 1e-6
    assert (out / "fuel_by_oblast.csv").is_file() and (out / "marginal_value.csv").is_file()
    # the workbook to forward holds the same allocation, fuel per oblast and totals as the files and the run
    book = pd.read_excel(out / "portfolio.xlsx", sheet_name=None)
    assert set(book) == {"allocation", "fuel_by_oblast", "marginal_value", "boilers", "totals"}
    sheet = book["allocation"]
    assert sheet["site"].tolist() == alloc["site"].tolist()
    assert sheet["cost, EUR"].sum() == pytest.approx(alloc["cost_eur"].astype(float).sum())
    assert sheet["fuel, L/day"].sum() == pytest.approx(alloc["fuel_l_per_day"].astype(float).sum())
    assert sheet["why"].str.len().min() > 0  # every site says why, served or not
    fuel = pd.read_csv(out / "fuel_by_oblast.csv")
    assert book["fuel_by_oblast"]["fuel, L/day"].sum() == pytest.approx(fuel["fuel_l_per_day"].sum())
    totals = dict(zip(book["totals"]["total"], book["totals"]["value"]))
    boilers = pd.read_csv(out / "boiler_allocation.csv", keep_default_na=False)  # sets and boilers share the budget
    assert book["boilers"]["site"].tolist() == boilers["site"].tolist()
    spent = served["cost_eur"].astype(float).sum() + boilers["cost_eur"].astype(float).sum()
    assert float(totals["cost, EUR"]) == pytest.approx(spent) and spent <= 400000 + 1e-6


def test_allocate_in_ukrainian(tmp_path, capsys):
    head = small_copy(tmp_path, 3)
    assert main(["portfolio", "allocate", str(head), "--lang", "uk", "--out", str(tmp_path / "o")]) == 0
    assert "Портфель програми" in capsys.readouterr().out
    book = pd.read_excel(tmp_path / "o" / "portfolio.xlsx", sheet_name=None)
    assert "об'єкт" in book["allocation"].columns and "підсумок" in book["totals"].columns


@pytest.mark.parametrize(
    ("sheet", "old", "new", "expected"),
    [
        ("pumps.csv", ",star_delta,", ",wye,", "row "),
        ("pumps.csv", "rated_kw", "rated_kv", "row 1: unknown column 'rated_kv'"),
        ("sites.csv", ",4on4off,", ",4on4offf,", "grid_pattern must be one of"),
        # issue 17's list: a missing column, a negative kW, an unknown starting method, a set type not in the
        # inventory, an empty sheet (each names its sheet, its row and column where there is one)
        ("pumps.csv", "site,rated_kw,starting,duty_kw", "site,rated_kw,duty_kw", "row 1: missing column 'starting'"),
        (
            "pumps.csv",
            "Zhytomyr vodokanal station 1,110,",
            "Zhytomyr vodokanal station 1,-110,",
            "row 2 -> rated_kw: must be > 0",
        ),
        (
            "pumps.csv",
            "Zhytomyr vodokanal station 1,110,vfd,",
            "Zhytomyr vodokanal station 1,110,direct_online,",
            "row 2: starting must be one of dol, star_delta",
        ),
        ("sites.csv", ",false,,,\n", ",false,G999,,\n", "-> committed"),
        ("inventory.csv", None, "set_type,kva,count,cost_eur,delivery_days\n", "inventory.csv: empty sheet"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, sheet, old, new, expected):
    head = small_copy(tmp_path)
    path = tmp_path / sheet
    text = path.read_text(encoding="utf-8")
    assert old is None or old in text
    path.write_text(new if old is None else text.replace(old, new, 1), encoding="utf-8")
    assert main(["--lang", "en", "portfolio", "allocate", str(head), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and sheet in err and expected in err, err


def test_a_workbook_allocates_as_its_csv_sheets_and_a_bad_cell_is_one_line_and_exit_2(tmp_path, capsys):
    from tests.workbooks import workbook_from_csv

    head = small_copy(tmp_path)
    assert main(["--lang", "en", "portfolio", "allocate", str(head), "--out", str(tmp_path / "csv")]) == 0
    xlsx_head = workbook_from_csv(head)
    assert main(["--lang", "en", "portfolio", "allocate", str(xlsx_head), "--out", str(tmp_path / "xlsx")]) == 0
    for name in ("allocation.csv", "fuel_by_oblast.csv", "boiler_allocation.csv"):
        assert (tmp_path / "xlsx" / name).read_bytes() == (tmp_path / "csv" / name).read_bytes(), name
    capsys.readouterr()
    workbook_from_csv(head, edit=lambda wb: wb["pumps"].cell(3, 2, -30))
    try:
        for lang, words in (("uk", "має бути > 0"), ("en", "must be > 0")):
            assert main(["--lang", lang, "portfolio", "allocate", str(xlsx_head), "--out", str(tmp_path / "o")]) == 2
            err = capsys.readouterr().err.strip()
            assert len(err.splitlines()) == 1 and "programme.xlsx[pumps]: " in err and "rated_kw" in err and words in err, err
    finally:
        set_language(None)  # --lang set the process language: leave the locale's to the next test


def test_a_negative_budget_is_refused(tmp_path, capsys):
    head = small_copy(tmp_path, 2)
    assert main(["--lang", "en", "portfolio", "allocate", str(head), "--budget-eur", "-5"]) == 2
    assert "--budget-eur" in capsys.readouterr().err
