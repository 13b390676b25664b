"""The Portfolio page (issue 17, point 4): in a real browser, upload the example as a .zip, change the budget,
allocate, see the map and the table, download portfolio.xlsx; a refused upload is one line. And the same page
under AppTest, on the shipped example.

The browser runs Debian's headless Chromium through playwright against the app served as ``teplovoda app``
serves it (:mod:`tests.ui.test_browser`'s fixtures).
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.ui.conftest import button, open_app, texts
from tests.ui.test_browser import ARTIFACTS, browser, open_app_url, page  # noqa: F401 - the served app, headless Chromium
from tests.ui.test_portfolio_inputs import example_members, workbook_members, zipped

BUDGET_EUR = 1_500_000


def _upload(page, name: str, content: bytes) -> None:  # noqa: F811
    page.locator('[data-testid="stRadio"]', has_text="Shipped example").get_by_text("Upload a .zip", exact=True).click()
    page.locator('input[type="file"]').set_input_files([{"name": name, "mimeType": "application/zip", "buffer": content}])


@pytest.mark.parametrize("sheets", ["csv", "xlsx"])
def test_upload_allocate_and_download_in_the_browser(open_app_url, page, tmp_path, sheets):  # noqa: F811
    page.goto(f"{open_app_url}/portfolio")
    page.get_by_text("Programme portfolio").first.wait_for()
    if sheets == "csv":
        _upload(page, "programme.zip", zipped(example_members("portfolio_vodakanals/")))
        page.get_by_text("60 sites, 12 set types, file portfolio.toml").first.wait_for()
    else:  # the same portfolio as one Excel workbook
        _upload(page, "programme.zip", zipped(workbook_members(tmp_path, "portfolio_vodakanals/")))
        page.get_by_text("60 sites, 12 set types, file portfolio_xlsx.toml").first.wait_for()
    page.get_by_text("Mobile boilers in stock or on order").first.wait_for()  # the boilers' editor
    budget = page.get_by_label("Budget, EUR")
    budget.fill(str(BUDGET_EUR))
    page.get_by_role("button", name="Allocate").click()
    page.get_by_text("People-hours of water added").first.wait_for()
    page.get_by_text(f"of {BUDGET_EUR:,} EUR").first.wait_for()  # the new budget is the one allocated within
    page.locator('[data-testid="stImage"] img').first.wait_for()  # the map
    assert page.locator('[data-testid="stImage"] img').first.evaluate("img => img.naturalWidth") > 600
    page.get_by_text("Allocation per site, and why").first.wait_for()
    page.get_by_text("Mobile boilers per heat site").first.wait_for()  # the last table
    # the inventory's and the boilers' editors, then the allocation, the fuel per oblast, the marginal values and
    # the boilers
    assert page.locator('[data-testid="stDataFrame"]').count() == 6
    with page.expect_download() as info:
        page.get_by_role("button", name="Download portfolio.xlsx").click()
    path = tmp_path / "portfolio.xlsx"
    info.value.save_as(path)
    book = pd.read_excel(path, sheet_name=None)
    alloc = book["allocation"]
    assert len(alloc) == 60 and alloc["why"].str.len().min() > 0
    totals = dict(zip(book["totals"]["total"], book["totals"]["value"]))
    assert float(totals["budget, EUR"]) == BUDGET_EUR
    assert 0 < alloc["cost, EUR"].sum() <= BUDGET_EUR + 1e-6
    served = int((alloc["set"] != "-").sum())
    assert page.get_by_text(f"{served} of 60 sites get a set").first.is_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the report (portfolio.html)").click()
    report = info.value.path().read_text(encoding="utf-8")
    assert f"{served} of 60 sites get a set" in report and "data:image/png;base64," in report
    # the allocation's grid (drawn on a canvas; its accessible table holds the rows): the header and every site
    grid = page.locator('[data-testid="stDataFrame"]').nth(2).locator('[role="grid"]')
    assert grid.get_attribute("aria-rowcount") == "61"
    assert grid.locator('[role="gridcell"]').first.text_content().strip() == alloc["site"].iloc[0]
    body = page.inner_text("body")
    assert "Traceback" not in body and "Internal error" not in body


@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        ("programme.zip", zipped({"../x.csv": b"a"}), "programme.zip: member '../x.csv' has an absolute path or '..': refused"),
        ("programme.zip", b"not a zip at all", "programme.zip: not a zip archive (File is not a zip file)"),
        ("programme.zip", zipped(example_members(skip=("pumps.csv",))), "pumps.csv: sheet pumps_csv not found"),
    ],
)
def test_a_refused_upload_is_one_line_in_the_browser(open_app_url, page, name, content, shown):  # noqa: F811
    page.goto(f"{open_app_url}/portfolio")
    page.get_by_text("Programme portfolio").first.wait_for()
    _upload(page, name, content)
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for()
    assert error.inner_text().strip().endswith(shown)
    assert "teplovoda-uploads" not in error.inner_text()  # no server directory in the line
    body = page.inner_text("body")
    assert "Traceback" not in body and "Internal error" not in body


def test_the_page_under_apptest_allocates_the_shipped_example():
    at = open_app()
    at.switch_page("app_pages/portfolio.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Programme portfolio" and not at.metric  # nothing runs before Allocate
    at.number_input(key=[w.key for w in at.number_input if w.key.endswith(":budget")][0]).set_value(2_000_000.0)
    button(at, "Allocate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    cost_metric = next(m for m in at.metric if m.label == "Cost")
    assert metrics["Cost"].endswith("EUR") and cost_metric.delta == "of 2,000,000\u00a0EUR"
    assert "sites get a set" in texts(at) and "the exact allocation gives" in texts(at)
    alloc = next(d.value for d in at.dataframe if list(d.value.columns)[:3] == ["site", "oblast", "set"])
    boilers = next(d.value for d in at.dataframe if list(d.value.columns)[:3] == ["site", "oblast", "boilers"])
    assert len(alloc) == 60 and len(boilers) == 8  # the example's water stations and heat sites
    cost = float(metrics["Cost"].split("\u00a0")[0].replace(",", ""))
    assert cost == pytest.approx(alloc["cost, EUR"].sum() + boilers["cost, EUR"].sum(), abs=1.0) and cost <= 2_000_000


def test_the_page_in_ukrainian_has_no_catalogue_english():
    from tests.ui.test_ukrainian import english_in, everything_read

    at = open_app("uk")
    at.switch_page("app_pages/portfolio.py").run()
    at.number_input(key=[w.key for w in at.number_input if w.key.endswith(":budget")][0]).set_value(2_000_000.0)
    button(at, "Розподілити").click().run()  # the English test's run, from the cache
    assert not at.exception, [e.value for e in at.exception]
    assert "Додано людино-годин води" in {m.label for m in at.metric}
    from teplovoda.models.portfolio import load_portfolio
    from tests.ui.test_portfolio_cli import EXAMPLE

    p = load_portfolio(EXAMPLE / "portfolio.toml")
    names = ["teplovoda power size", p.scenario.name, p.scenario.description, *(s.set_type for s in p.inventory)]  # a command
    names += [v for s in p.sites for v in (s.row.name, s.row.oblast)]
    assert english_in(everything_read(at, names)) == []


def test_names_from_the_files_show_as_text_in_markdown():
    from teplovoda.ui.views.portfolio import plain

    assert plain("![x](http://e/x.png) **b** <i>") == r"\!\[x\]\(http://e/x.png\) \*\*b\*\* \<i\>"
