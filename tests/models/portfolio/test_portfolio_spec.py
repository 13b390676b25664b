"""Bad portfolio sheets: each problem one line naming the file, the row and the column; nothing dropped."""

from __future__ import annotations

import pytest
from conftest import INVENTORY, PUMPS, SITES

from teplovoda.models.errors import InputError
from teplovoda.models.portfolio import load_portfolio


def _with(rows, i, **change):
    out = [dict(r) for r in rows]
    out[i].update(change)
    return out


def test_a_good_portfolio_loads_every_row(portfolio_dir):
    p = load_portfolio(portfolio_dir())
    assert [s.row.name for s in p.sites] == ["A", "B", "C"]
    assert [len(s.motors) for s in p.sites] == [2, 1, 2]
    assert [m.running_kw for m in p.sites[0].motors] == [60, 24]
    assert sum(p.sites[1].timetable) == 10 and p.sites[2].row.must_serve
    assert [s.kva for s in p.inventory] == [100, 250, 400, 640]


@pytest.mark.parametrize(
    ("sheet", "change", "expected"),
    [
        ("pumps", lambda: _with(PUMPS, 1, rated_kw=-30), ("pumps.csv", "row 3 -> rated_kw", "must be > 0")),
        (
            "pumps",
            lambda: _with(PUMPS, 2, starting="wye"),
            ("pumps.csv", "row 4: starting must be one of dol, star_delta", "wye"),
        ),
        ("pumps", lambda: _with(PUMPS, 0, duty_kw="nan"), ("pumps.csv", "row 2 -> duty_kw", "finite")),
        ("pumps", lambda: _with(PUMPS, 0, duty_kw="lots"), ("pumps.csv", "row 2 -> duty_kw", "expected a number")),
        ("pumps", lambda: _with(PUMPS, 4, site="Z"), ("pumps.csv", "row 6 -> site", "no site 'Z'")),
        ("sites", lambda: _with(SITES, 1, name="A"), ("sites.csv", "row 3 -> name", "duplicate name 'A'")),
        (
            "sites",
            lambda: _with(SITES, 0, committed="S999"),
            ("sites.csv", "row 2 -> committed", "'S999' is not in inventory.csv"),
        ),
        ("sites", lambda: _with(SITES, 2, people="inf"), ("sites.csv", "row 4 -> people", "finite")),
        (
            "sites",
            lambda: _with(SITES, 0, grid_pattern="sometimes"),
            ("sites.csv", "row 2: grid_pattern must be one of 4on4off", "sometimes"),
        ),
        ("sites", lambda: _with(SITES, 1, must_serve="perhaps"), ("sites.csv", "row 3 -> must_serve", "true or false")),
        ("inventory", lambda: _with(INVENTORY, 3, count=-1), ("inventory.csv", "row 5 -> count", "must be >= 0")),
    ],
)
def test_a_bad_cell_names_file_row_and_column(portfolio_dir, sheet, change, expected):
    with pytest.raises(InputError) as err:
        load_portfolio(portfolio_dir(**{sheet: change()}))
    text = str(err.value)
    assert len(text.splitlines()) == 1
    for part in expected:
        assert part in text, text


def test_a_missing_column_is_named(portfolio_dir, tmp_path):
    from conftest import write_sheet

    head = portfolio_dir()
    write_sheet(tmp_path / "pumps.csv", [{k: v for k, v in r.items() if k != "starting"} for r in PUMPS])
    with pytest.raises(InputError, match=r"pumps.csv: row 1: missing column 'starting'"):
        load_portfolio(head)


def test_an_unknown_column_is_named(portfolio_dir):
    with pytest.raises(InputError, match=r"sites.csv: row 1: unknown column 'peeple'"):
        load_portfolio(portfolio_dir(sites=[dict(r, peeple=1) for r in SITES]))


@pytest.mark.parametrize("content", ["", "set_type,kva,count,cost_eur,delivery_days\n"])
def test_an_empty_sheet_is_an_error(portfolio_dir, tmp_path, content):
    head = portfolio_dir()
    (tmp_path / "inventory.csv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"inventory.csv: empty sheet"):
        load_portfolio(head)


def test_a_site_without_pumps_is_an_error_not_dropped(portfolio_dir):
    with pytest.raises(InputError, match=r"sites.csv: row 3 -> name: no pumps for this site in pumps.csv"):
        load_portfolio(portfolio_dir(pumps=[p for p in PUMPS if p["site"] != "B"]))


def test_more_committed_than_in_stock_is_an_error(portfolio_dir):
    sites = _with(_with(SITES, 0, committed="S250"), 1, committed="S250")
    with pytest.raises(InputError, match=r"sites.csv: row 3 -> committed: more sites committed to 'S250'"):
        load_portfolio(portfolio_dir(sites=sites))


def test_both_grid_columns_on_a_row_is_an_error(portfolio_dir):
    with pytest.raises(InputError, match=r"sites.csv: row 2: give either grid_hours_per_day or grid_pattern"):
        load_portfolio(portfolio_dir(sites=_with(SITES, 0, grid_hours_per_day=12)))
