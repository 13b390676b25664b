"""Mobile boilers for heat sites: the rules by hand, the mixed MILP against brute force, bad heat sheets in one line."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import BOILERS, HEAT_SITES

from teplovoda.models.errors import InputError
from teplovoda.models.portfolio import Problem, load_portfolio, run_portfolio, solve_exact, solve_greedy
from teplovoda.models.portfolio.heat import FUELS, HEATING_SEASON_LIMIT_C, heating_season
from teplovoda.models.recovery.weather import MONTH_COLUMNS, normals


def _with(rows, i, **change):
    out = [dict(r) for r in rows]
    out[i].update(change)
    return out


# --- the mixed program: sets (one unit each) and boiler columns (n units of one type) against brute force ---------


def mixed_problem(seed: int, n_sites: int, n_heat: int) -> Problem:
    """Water sites with one set each of 2 types, heat sites with n = 1..3 units of one of 2 boiler types."""
    rng = np.random.default_rng(seed)
    site, kind, units, value, cost = [], [], [], [], []
    for s in range(n_sites):
        for k in range(2):
            if rng.random() < 0.8:
                site.append(s), kind.append(k), units.append(1)
                value.append(rng.uniform(1e3, 1e6)), cost.append(rng.uniform(1e4, 1e5))
    for h in range(n_heat):
        for k in (2, 3):
            per_unit = rng.uniform(1e4, 4e5)
            for n in range(1, 4):
                site.append(n_sites + h), kind.append(k), units.append(n)
                value.append(per_unit * min(n, 2.5)), cost.append(n * rng.uniform(2e4, 6e4))
    cost = np.array(cost).round()
    quotas = (
        (frozenset({0, 1}), 0, 1, frozenset({0, 1})),
        (frozenset(range(n_sites, n_sites + n_heat)), 1, 4, frozenset({2, 3})),
    )
    return Problem(
        sites=tuple(f"s{i}" for i in range(n_sites + n_heat)),
        types=("t0", "t1", "b0", "b1"),
        site=np.array(site),
        kind=np.array(kind),
        value=np.array(value).round(),
        cost=cost,
        counts=np.array([rng.integers(1, 3), rng.integers(1, 3), rng.integers(1, 5), rng.integers(1, 5)], dtype=float),
        budget=float(cost.sum() * rng.uniform(0.1, 0.4)),
        must=frozenset({n_sites}) if seed % 2 else frozenset(),
        quotas=quotas if seed % 3 == 0 else (),
        units=np.array(units, dtype=float),
    )


def brute_force(p: Problem) -> float | None:
    """Best total over every choice of at most one column per site, by enumeration (None: nothing feasible)."""
    options = [[None] + list(np.flatnonzero(p.site == s)) for s in range(len(p.sites))]
    best = None
    for choice in itertools.product(*options):
        chosen = np.array([i for i in choice if i is not None], dtype=int)
        if p.cost[chosen].sum() > p.budget + 1e-6 or any(choice[s] is None for s in p.must):
            continue
        if any(p.units[chosen][p.kind[chosen] == k].sum() > p.counts[k] for k in range(len(p.types))):
            continue
        ok = True
        for sites, low, high, kinds in p.quotas:
            got = sum(p.units[i] for i in chosen if p.site[i] in sites and p.kind[i] in kinds)
            ok &= got >= low and (high is None or got <= high)
        if ok:
            total = float(p.value[chosen].sum())
            best = total if best is None or total > best else best
    return best


@pytest.mark.parametrize("seed", range(8))
def test_the_mixed_milp_equals_brute_force(seed):
    p = mixed_problem(seed, n_sites=4, n_heat=2)
    expected = brute_force(p)
    exact = solve_exact(p)
    if expected is None:
        assert not exact.feasible
        return
    assert exact.feasible and exact.value == pytest.approx(expected, rel=1e-9)
    used = {k: p.units[exact.chosen][p.kind[exact.chosen] == k].sum() for k in range(4)}
    assert all(used[k] <= p.counts[k] for k in range(4)) and exact.cost <= p.budget + 1e-6
    greedy = solve_greedy(p)
    if greedy.feasible:
        assert greedy.value <= exact.value + 1e-6
        assert all(p.units[greedy.chosen][p.kind[greedy.chosen] == k].sum() <= p.counts[k] for k in range(4))


# --- the rules by hand ---------------------------------------------------------------------------------------


def test_the_heating_season_by_hand():
    """Days at or below 8 °C and their mean, from the monthly normals interpolated day by day here."""
    monthly = normals().loc["Kyiv", list(MONTH_COLUMNS)].to_numpy(float)
    days_in = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    mids = [sum(days_in[:m]) + days_in[m] / 2 for m in range(12)]
    temps = []
    for d in range(365):
        x = d + 0.5
        m = max((i for i in range(12) if mids[i] <= x), default=-1)
        x0, t0 = (mids[m], monthly[m]) if m >= 0 else (mids[11] - 365, monthly[11])
        x1, t1 = (mids[m + 1], monthly[m + 1]) if m < 11 else (mids[0] + 365, monthly[0])
        temps.append(t0 + (t1 - t0) * (x - x0) / (x1 - x0))
    cold = [t for t in temps if t <= HEATING_SEASON_LIMIT_C]
    days, mean_c = heating_season("Kyiv")
    assert days == len(cold) and mean_c == pytest.approx(sum(cold) / len(cold), abs=1e-9)
    assert 150 < days < 200 and -3 < mean_c < 3  # Kyiv's heating period: about 175 days at about -0.1 °C


def test_units_people_warm_and_fuel_by_hand(portfolio_dir):
    run = run_portfolio(load_portfolio(portfolio_dir(heat_sites=HEAT_SITES, boilers=BOILERS)), marginal=False)
    h = run.heat_pairs
    # H1: 9,000 kW design, 4,000 kW left: 5,000 kW short; gas site: every type fits, units up to what covers
    h1 = h[h["site"] == "H1"]
    assert sorted(zip(h1["boiler_type"], h1["units"])) == [("B0.5", 1), ("B0.5", 2), ("B0.5", 3), ("B2", 1), ("D1", 1), ("G2", 1)]
    # H2: 40,000 m2 x 75 W/m2 = 3,000 kW, none left; a coal site: no gas boiler; B0.5 up to its count of 3
    h2 = h[h["site"] == "H2"]
    assert set(h2["boiler_type"]) == {"B0.5", "B2", "D1"} and h2["units"].max() == 3
    assert (h2["deficit_kw"] == 3000).all()
    days, mean_c = heating_season("Kyiv")
    for r in h2.itertuples():
        b = next(x for x in BOILERS if x["boiler_type"] == r.boiler_type)
        covered = min(r.units * b["heat_mw"] * 1000, 3000)
        assert r.people_warm_added == pytest.approx(2000 * covered / 3000)
        assert r.people_hours_per_day == pytest.approx(24 * r.people_warm_added)
        mean_kw = covered * (20 - mean_c) / (20 - (-22))
        fuel = 24 * mean_kw / b["efficiency"] / FUELS[b["fuel"]].kwh_per_unit
        assert r.fuel_per_day == pytest.approx(fuel) and r.fuel_unit == FUELS[b["fuel"]].unit
        price = {"biomass": 0.06, "diesel": 1.2}[b["fuel"]]
        assert r.fuel_cost_eur_per_day == pytest.approx(fuel * price)
        assert r.covers == (r.units * b["heat_mw"] * 1000 >= 3000)


def test_sets_and_boilers_share_the_budget_and_a_must_serve_heat_site_is_served(portfolio_dir):
    p = load_portfolio(portfolio_dir(heat_sites=HEAT_SITES, boilers=BOILERS))
    for budget in (260_000.0, 600_000.0):
        run = run_portfolio(p, budget_eur=budget, marginal=False)
        a, ha, x = run.allocation, run.heat_allocation, run.totals
        assert a["cost_eur"].sum() + ha["cost_eur"].sum() == pytest.approx(x["cost_eur"]) and x["cost_eur"] <= budget + 1e-6
        assert ha.set_index("site").at["H2", "boiler_type"] != ""  # must serve
        units = ha[ha["boiler_type"] != ""].groupby("boiler_type")["units"].sum()
        assert all(units[b["boiler_type"]] <= b["count"] for b in BOILERS if b["boiler_type"] in units)
        ph_water = a["people_hours"].sum()
        ph_heat = (ha["people_hours_per_day"] * ha["days_counted"]).sum()
        assert x["objective"] == pytest.approx(ph_water + ph_heat)
        assert x["objective"] >= x["greedy_people_hours"] - 1e-6
        fuel = run.boiler_fuel_by_oblast()
        served = ha[ha["boiler_type"] != ""]
        assert fuel["units"].sum() == served["units"].sum()
        assert fuel["fuel_cost_eur_per_day"].sum() == pytest.approx(served["fuel_cost_eur_per_day"].sum())


def test_heat_weight_scales_the_heat_part_of_the_objective(portfolio_dir):
    path = portfolio_dir(heat_sites=HEAT_SITES, boilers=BOILERS)
    plain = run_portfolio(load_portfolio(path), marginal=False)
    path.write_text(path.read_text().replace("budget_eur = 300000.0", "budget_eur = 300000.0\nheat_weight = 1000.0"))
    run = run_portfolio(load_portfolio(path), marginal=False)
    c = run.heat_candidates
    assert (c["value_people_hours"] / (c["people_hours_per_day"] * c["days_counted"])).to_numpy() == pytest.approx(1000.0)
    # a heavier weight never buys less heat (the optimum's heat part is monotone in its weight)
    assert run.totals["heat_people_hours"] >= plain.totals["heat_people_hours"] - 1e-6
    assert run.totals["objective"] == pytest.approx(run.totals["people_hours"] + 1000.0 * run.totals["heat_people_hours"])


def test_a_quota_bounds_boiler_units(portfolio_dir):
    path = portfolio_dir(heat_sites=HEAT_SITES, boilers=BOILERS)
    path.write_text(path.read_text() + '\n[[quota]]\noblast = "Zhytomyr"\nmax_boilers = 1\n')
    run = run_portfolio(load_portfolio(path), budget_eur=1e7, marginal=False)
    ha = run.heat_allocation.set_index("site")
    assert ha.at["H2", "units"] == 1


# --- bad heat sheets -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "rows", "expected"),
    [
        ("heat", _with(HEAT_SITES, 0, existing_kw=-5), ("heat_sites.csv", "row 2 -> existing_kw", "must be >= 0")),
        ("heat", _with(HEAT_SITES, 1, fuel="peat"), ("heat_sites.csv", "row 3: fuel must be one of gas", "peat")),
        (
            "heat",
            _with(HEAT_SITES, 0, heated_area_m2=5000, specific_heat_w_per_m2=80),
            ("heat_sites.csv", "row 2:", "either design_heat_kw or heated_area_m2"),
        ),
        ("heat", _with(HEAT_SITES, 0, oblast="Atlantis"), ("heat_sites.csv", "row 2 -> oblast", "unknown oblast 'Atlantis'")),
        (
            "heat",
            _with(HEAT_SITES, 1, climate_city="Zhytomyr"),
            ("heat_sites.csv", "row 3 -> climate_city", "no climate normals for 'Zhytomyr'"),
        ),
        ("heat", _with(HEAT_SITES, 1, design_outdoor_temp_c=25), ("heat_sites.csv", "row 3 -> design_outdoor_temp_c", "<= 10")),
        ("heat", _with(HEAT_SITES, 0, people_heated=""), ("heat_sites.csv", "row 2", "missing key 'people_heated'")),
        ("boilers", _with(BOILERS, 2, fuel="coal"), ("boilers.csv", "row 4: fuel must be one of biomass, diesel, gas", "coal")),
        ("boilers", _with(BOILERS, 0, heat_mw=-1), ("boilers.csv", "row 2 -> heat_mw", "must be > 0")),
        ("boilers", _with(BOILERS, 1, boiler_type="B0.5"), ("boilers.csv", "row 3 -> boiler_type", "duplicate name")),
    ],
)
def test_a_bad_heat_cell_names_file_row_and_column(portfolio_dir, sheet, rows, expected):
    kwargs = {"heat_sites": rows} if sheet == "heat" else {"boilers": rows}
    with pytest.raises(InputError) as err:
        load_portfolio(portfolio_dir(**kwargs))
    text = str(err.value)
    assert len(text.splitlines()) == 1
    for part in expected:
        assert part in text, text


def test_a_missing_heat_column_and_an_empty_boiler_sheet(portfolio_dir, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "people_heated"} for r in HEAT_SITES]
    with pytest.raises(InputError, match=r"heat_sites.csv: row 1: missing column 'people_heated'"):
        load_portfolio(portfolio_dir(heat_sites=rows))
    path = portfolio_dir(heat_sites=HEAT_SITES)
    (tmp_path / "boilers.csv").write_text("boiler_type,heat_mw,count,cost_eur,fuel,efficiency\n")
    with pytest.raises(InputError, match=r"boilers.csv: empty sheet"):
        load_portfolio(path)


def test_one_heat_sheet_without_the_other_and_a_missing_fuel_price(portfolio_dir):
    path = portfolio_dir(heat_sites=HEAT_SITES, boilers=BOILERS)
    text = path.read_text()
    path.write_text(text.replace('boilers_csv = "boilers.csv"\n', ""))
    with pytest.raises(InputError, match=r"\[portfolio\].*both heat_sites_csv and boilers_csv"):
        load_portfolio(path)
    path.write_text(text.replace("gas_eur_per_m3 = 0.45\n", ""))
    with pytest.raises(InputError, match=r"\[portfolio\]: missing key 'gas_eur_per_m3'"):
        load_portfolio(path)


def test_the_cli_prints_the_boilers_and_exits_2_on_a_bad_heat_row(portfolio_dir, tmp_path, capsys):
    from teplovoda.ui import cli

    path = portfolio_dir(heat_sites=HEAT_SITES, boilers=BOILERS)
    assert cli.main(["--lang", "en", "portfolio", "allocate", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Mobile boilers per heat site" in out and "H2" in out and "person-service-hours" in out
    assert (tmp_path / "out" / "boiler_allocation.csv").is_file()
    path = portfolio_dir(heat_sites=_with(HEAT_SITES, 1, fuel="peat"), boilers=BOILERS)
    assert cli.main(["portfolio", "allocate", str(path), "--out", str(tmp_path / "out2")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("teplovoda: error:") and "heat_sites.csv: row 3: fuel must be one of" in err
    assert len(err.splitlines()) == 1


def test_the_boilers_read_in_ukrainian(portfolio_dir, tmp_path, capsys):
    import pandas as pd

    from teplovoda.ui import cli

    path = portfolio_dir(heat_sites=HEAT_SITES, boilers=BOILERS)
    assert cli.main(["--lang", "uk", "portfolio", "allocate", str(path), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "Мобільні котли за об'єктами теплопостачання:" in out and "людино-годин послуг" in out
    assert "покривають" in out  # the must-serve H2's reason, from the catalogue
    book = pd.read_excel(tmp_path / "o" / "portfolio.xlsx", sheet_name="boilers")
    assert "котли" in book.columns and book["об'єкт"].tolist() == ["H1", "H2"]
