"""The whole run on a small portfolio: constraints kept, every site explained, the greedy baseline not above."""

from __future__ import annotations

import pytest
from conftest import PUMPS, SITES

from teplovoda.models.portfolio import load_portfolio, run_portfolio


def test_a_small_portfolio_keeps_every_constraint(portfolio_dir):
    sites = [dict(s) for s in SITES]
    sites[1]["committed"] = "S100"
    run = run_portfolio(load_portfolio(portfolio_dir(sites=sites)))
    a = run.allocation.set_index("site")
    assert list(a.index) == ["A", "B", "C"]
    assert a.at["B", "set_type"] == "S100"  # committed
    assert a.at["C", "set_type"] != ""  # must serve, and a set passes there
    assert a["cost_eur"].sum() <= 300000 + 1e-6
    assert run.totals["people_hours"] >= run.totals["greedy_people_hours"] - 1e-6
    assert run.totals["mip_gap"] == 0.0 and run.totals["must_serve_unservable"] == []
    assert all(isinstance(w, str) and w for w in a["why"])
    counts = a[a["set_type"] != ""]["set_type"].value_counts()
    stock = {s.set_type: s.count for s in run.portfolio.inventory}
    assert all(counts[k] <= stock[k] for k in counts.index)


def test_a_must_serve_site_no_set_can_serve_is_reported_not_an_error(portfolio_dir):
    pumps = [p for p in PUMPS if p["site"] != "C"] + [{"site": "C", "rated_kw": 400, "starting": "dol", "duty_kw": 380}]
    run = run_portfolio(load_portfolio(portfolio_dir(pumps=pumps)), marginal=False)
    assert run.totals["must_serve_unservable"] == ["C"]
    why = run.allocation.set_index("site").at["C", "why"]
    assert why.key == "port.must_unservable" and "is short by" in why


def test_a_set_already_there_that_passes_is_the_baseline(portfolio_dir):
    """Site A with a 640 kVA set of its own (it passes there): water all day already, no new set adds any."""
    sites = [dict(s) for s in SITES]
    sites[0]["existing_kva"] = 640
    p = load_portfolio(portfolio_dir(sites=sites))
    run = run_portfolio(p, marginal=False)
    mine = run.pairs[run.pairs["site"] == "A"]
    assert mine["hours_without_h"].tolist() == [24.0] * len(mine)
    assert mine["people_hours_per_day"].tolist() == [0.0] * len(mine)
    a = run.allocation.set_index("site")
    assert a.at["A", "set_type"] == "" and a.at["A", "why"].key == "port.full_day"


def test_on_the_example_the_exact_allocation_is_not_below_greedy():
    from tests.conftest import SCENARIOS

    run = run_portfolio(load_portfolio(SCENARIOS / "portfolio_vodakanals" / "portfolio.toml"), marginal=False)
    x = run.totals
    assert x["greedy_feasible"] and x["objective"] >= x["greedy_people_hours"]
    assert x["objective"] == pytest.approx(x["people_hours"] + x["heat_weight"] * x["heat_people_hours"])
    # the heat part: eight heat sites, the task's boilers, the must-serve plant served, counts kept
    ha = run.heat_allocation.set_index("site")
    assert len(ha) == 8 and ha.loc[ha.index.str.startswith("Mykolaiv"), "units"].iloc[0] >= 1
    stock = {b.boiler_type: (b.heat_mw, b.fuel, b.count) for b in run.portfolio.boilers}
    assert {(mw, fuel) for mw, fuel, _ in stock.values()} == {
        (0.5, "biomass"),
        (1.0, "biomass"),
        (2.0, "biomass"),
        (1.0, "diesel"),
    }
    used = ha[ha["boiler_type"] != ""].groupby("boiler_type")["units"].sum()
    assert all(used[b] <= stock[b][2] for b in used.index) and x["boiler_units"] == used.sum() > 1
    assert x["cost_eur"] <= x["budget_eur"] + 1e-6 and x["mip_gap"] == 0.0
    kinds = {s.set_type: s.kva for s in run.portfolio.inventory}
    assert {kinds[k] for k in kinds if "478 kW" in k or "512 kW" in k} == {598, 640}


def test_teplovoda_run_of_a_portfolio_file_goes_through_the_kinds_registry(portfolio_dir, tmp_path, capsys):
    """``kind = "portfolio"`` is a registered kind: loaded, recognised by type, run and exported like the others."""
    import json

    from teplovoda.models import kinds
    from teplovoda.ui import cli

    path = portfolio_dir(heat_sites=None, boilers=None)
    kind = kinds.get("portfolio")
    scn = kind.load(path)
    assert kinds.kind_of(scn) is kind and kinds.page_kinds("portfolio") == ("portfolio",)
    out = tmp_path / "out"
    assert cli.main(["--lang", "en", "run", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Programme portfolio: test portfolio")
    direct = kind.run(scn)
    assert kinds.kind_of(direct) is kind
    written = direct.export(tmp_path / "direct")
    assert written[0] == "summary.json" and "allocation.csv" in written
    doc = json.loads((tmp_path / "direct" / "summary.json").read_text())
    assert doc["totals"]["people_hours"] == pytest.approx(direct.totals["people_hours"])
    assert (out / "allocation.csv").read_text() == (tmp_path / "direct" / "allocation.csv").read_text()
