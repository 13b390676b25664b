"""``portfolio.html``: the report ``teplovoda portfolio allocate`` writes beside portfolio.xlsx (issue 17, point 4).

Its tables and sentences are held to the workbook's and the CLI's on the shipped example; its map to the
allocation (each marker where its site is, in its set's colour); user strings escaped; Ukrainian throughout.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from html.parser import HTMLParser

import matplotlib.image
import numpy as np
import pandas as pd
import pytest

from teplovoda.models.portfolio import load_portfolio, run_portfolio
from teplovoda.ui.cli import main
from teplovoda.ui.i18n import num, using_language
from teplovoda.ui.portfolio_report import NO_SET_COLOUR, boiler_colours, portfolio_html, set_colours, site_map_figure
from tests.ui.test_portfolio_cli import EXAMPLE, small_copy


class _Tables(HTMLParser):
    """Every <table> of a page as a list of rows of cell texts (entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def tables_of(page: str) -> list[list[list[str]]]:
    p = _Tables()
    p.feed(page)
    return p.tables


def _number(cell: str) -> float:
    return float(cell.replace(",", "").replace("\u00a0", "").replace(" ", ""))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The shipped example through the CLI, in English: what it printed and the folder it wrote."""
    out = tmp_path_factory.mktemp("portfolio") / "out"
    buf = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(buf):
        assert main(["--lang", "en", "portfolio", "allocate", str(EXAMPLE / "portfolio.toml"), "--out", str(out)]) == 0
    return buf.getvalue(), out


def test_the_report_holds_the_workbooks_tables_and_the_clis_sentences(example):
    printed, out = example
    assert "portfolio.html" in printed.splitlines()[-1]  # named among the files written
    page = (out / "portfolio.html").read_text(encoding="utf-8")
    book = pd.read_excel(out / "portfolio.xlsx", sheet_name=None)
    found = tables_of(page)
    sheets = ["allocation", "fuel_by_oblast", "marginal_value", "boilers", "totals"]  # the example has heat sites
    assert len(found) == len(sheets)
    for sheet, table in zip(sheets, found):
        xl = book[sheet]
        assert table[0] == list(xl.columns), sheet
        assert len(table) - 1 == len(xl), sheet
        for row, (_, want) in zip(table[1:], xl.iterrows()):
            for cell, value in zip(row, want):
                if isinstance(value, float) and math.isnan(value):  # a blank cell of the workbook
                    assert cell in ("", "-"), (sheet, cell)
                elif isinstance(value, str) and not re.fullmatch(r"[\d,.]+", cell):
                    assert cell == value, (sheet, cell, value)
                else:  # whole numbers from 10 up, else two decimals
                    assert _number(cell) == pytest.approx(float(value), abs=0.5 if abs(float(value)) >= 10 else 0.005)
    # the headline is the CLI's: the totals, the people-hours, and the exact allocation against the greedy one
    totals = dict(zip(book["totals"]["total"], book["totals"]["value"]))
    diff = float(totals["exact allocation less greedy, people-hours"])
    assert diff >= 0  # the exact program beats or equals the greedy baseline
    sentence = next(line for line in printed.splitlines() if line.startswith("Greedy (most people-hours per EUR first)"))
    assert f"the exact allocation gives {num(diff)} more" in sentence
    assert html.escape(sentence) in page and "MILP gap (HiGHS): 0.000 %" in sentence
    served = next(line for line in printed.splitlines() if line.endswith("EUR.") and "sites get a set" in line)
    assert html.escape(served) in page


def test_the_report_is_self_contained_with_its_map_inline(example):
    page = (example[1] / "portfolio.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "<script" not in page and "<link" not in page
    (png,) = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)
    image = matplotlib.image.imread(io.BytesIO(base64.b64decode(png)), format="png")
    assert image.shape[0] > 400 and image.shape[1] > 600


def test_the_map_puts_each_site_where_it_is_in_its_sets_colour(example):
    alloc = pd.read_csv(example[1] / "allocation.csv", keep_default_na=False)
    portfolio = load_portfolio(EXAMPLE / "portfolio.toml")
    run = type("Run", (), {"allocation": alloc, "portfolio": portfolio})()
    fig = site_map_figure(run)
    colours = set_colours(portfolio.inventory) | {"": NO_SET_COLOUR}
    drawn = {}
    for coll in fig.axes[0].collections:
        (rgba,) = {tuple(np.round(c, 3)) for c in coll.get_facecolors()}
        kind = next(k for k, c in colours.items() if np.allclose(matplotlib.colors.to_rgb(c), rgba[:3], atol=1e-3))
        drawn[kind] = {tuple(np.round(xy, 6)) for xy in coll.get_offsets()}
        sizes = coll.get_sizes()
        people = alloc.loc[alloc["set_type"] == kind, "people"].to_numpy(float)
        assert np.argsort(sizes, kind="stable").tolist() == np.argsort(people, kind="stable").tolist()  # area grows with people
    for kind, g in alloc.groupby("set_type"):
        assert drawn[kind] == {(round(lon, 6), round(lat, 6)) for lon, lat in zip(g["lon"], g["lat"])}, kind
    assert set(drawn) == set(alloc["set_type"])  # every assigned type, and the grey "no new set"
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert f"no new set ({(alloc['set_type'] == '').sum()})" in legend


def _drawn(collections, colours: dict[str, str]) -> dict[str, tuple[set, np.ndarray]]:
    """Each scatter's kind (by its one face colour) -> its positions and marker areas."""
    drawn = {}
    for coll in collections:
        (rgba,) = {tuple(np.round(c, 3)) for c in coll.get_facecolors()}
        kind = next(k for k, c in colours.items() if np.allclose(matplotlib.colors.to_rgb(c), rgba[:3], atol=1e-3))
        drawn[kind] = ({tuple(np.round(xy, 6)) for xy in coll.get_offsets()}, coll.get_sizes())
    return drawn


def test_the_map_draws_heat_sites_as_squares_in_their_boilers_colour(example):
    alloc = pd.read_csv(example[1] / "allocation.csv", keep_default_na=False)
    heat = pd.read_csv(example[1] / "boiler_allocation.csv", keep_default_na=False)
    portfolio = load_portfolio(EXAMPLE / "portfolio.toml")
    assert len(heat) == 8 and (heat["boiler_type"] != "").any()
    run = type("Run", (), {"allocation": alloc, "portfolio": portfolio, "heat_allocation": heat})()
    fig = site_map_figure(run)
    ax = fig.axes[0]
    squares = [c for c in ax.collections if len(c.get_paths()[0].vertices) == 5]  # a square marker's closed path
    circles = [c for c in ax.collections if c not in squares]
    water = _drawn(circles, set_colours(portfolio.inventory) | {"": NO_SET_COLOUR})
    assert set(water) == set(alloc["set_type"])  # the water sites as before
    boilers = _drawn(squares, boiler_colours(portfolio.boilers) | {"": NO_SET_COLOUR})
    assert set(boilers) == set(heat["boiler_type"])
    largest = max(alloc["people"].max(), heat["people_heated"].max())
    for kind, g in heat.groupby("boiler_type"):
        positions, sizes = boilers[kind]
        assert positions == {(round(lon, 6), round(lat, 6)) for lon, lat in zip(g["lon"], g["lat"])}, kind
        expected = 12.0 + (500.0 - 12.0) * g["people_heated"].to_numpy(float) / largest  # one area scale for both
        assert sorted(sizes) == pytest.approx(sorted(expected))
    assert len(set(boiler_colours(portfolio.boilers).values())) == len(portfolio.boilers)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for kind, g in heat[heat["boiler_type"] != ""].groupby("boiler_type"):
        assert f"{kind} ({len(g)})" in legend
    assert f"heat site, no mobile boiler ({(heat['boiler_type'] == '').sum()})" in legend
    assert ax.get_legend().get_title().get_text() == "set (sites) · ■ boilers (heat sites)"


def test_user_strings_are_escaped(tmp_path):
    head = small_copy(tmp_path, 4)
    evil = "<script>alert('x')</script> & <b>station</b>"
    for sheet in ("sites.csv", "pumps.csv"):
        path = tmp_path / sheet
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Chernivtsi vodokanal station 1", f'"{evil}"'), encoding="utf-8")
    text = head.read_text(encoding="utf-8").replace('name = "Generator sets', 'name = "<i>Generator</i> sets')
    head.write_text(text, encoding="utf-8")
    page = portfolio_html(run_portfolio(load_portfolio(head), marginal=False), lang="en")
    assert "<script" not in page and "<b>station" not in page and "<i>Generator" not in page
    assert html.escape(evil) in page and "&lt;i&gt;Generator&lt;/i&gt; sets" in page
    assert evil in tables_of(page)[0][1][0]  # the allocation's first site, as the user wrote it


def test_the_report_in_ukrainian(tmp_path):
    from tests.ui.test_ukrainian import english_in

    head = small_copy(tmp_path, 6)
    portfolio = load_portfolio(head)
    run = run_portfolio(portfolio)
    page = portfolio_html(run, lang="uk")
    assert page.startswith('<!doctype html><html lang="uk">')
    for words in ("Карта об'єктів", "Розподіл за об'єктами і чому", "Логістика пального за областями", "людино-годин"):
        assert words in page
    text = html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S))
    data = [portfolio.scenario.name, portfolio.path.name, *(s.set_type for s in portfolio.inventory)]
    data += [v for s in portfolio.sites for v in (s.row.name, s.row.oblast, s.row.community)]
    data += [v for s in portfolio.heat_sites for v in (s.row.name, s.row.oblast, s.row.community)]
    data += [b.boiler_type for b in portfolio.boilers]
    for name in sorted(data, key=len, reverse=True):
        text = text.replace(name, " ")
    assert english_in(text) == []
    with using_language("uk"):  # numbers as Ukrainian writes them, the same figure as the English report's
        assert num(run.totals["people_hours"]) in page


def test_the_command_writes_the_report_in_the_readers_language(tmp_path):
    head = small_copy(tmp_path, 3)
    assert main(["portfolio", "allocate", str(head), "--lang", "uk", "--out", str(tmp_path / "o")]) == 0
    page = (tmp_path / "o" / "portfolio.html").read_text(encoding="utf-8")
    assert page.startswith('<!doctype html><html lang="uk">') and "Карта об'єктів" in page
    book = pd.read_excel(tmp_path / "o" / "portfolio.xlsx", sheet_name=None)
    assert tables_of(page)[0][0] == list(book["allocation"].columns)  # the workbook's Ukrainian headers
