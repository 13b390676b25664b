"""A site's pass/fail, shortfall, fuel and deliveries equal ``teplovoda power size``'s on the same site; water hours
by hand; the bisection over sizes gives what checking every size gives."""

from __future__ import annotations

import pytest

from teplovoda.models.portfolio import evaluate, evaluate_site, hours_without_h, load_portfolio, outage_blocks
from teplovoda.models.power.scenario import load_scenario, run_scenario

POWER_TOML = """[scenario]
name = "site {name} as a power scenario"
kind = "power"

[site]
name = "{name}"
ambient_temp_c = 30.0

{motors}
[[aux_loads]]
name = "aux"
power_kw = {aux_kw}

[generator]
manual_kva = {kva}
fuel_tank_l = {tank_l}
tanker_l = 5000.0

[blackout]
{blackout}
"""
MOTOR = """[[motors]]
name = "m{i}"
rated_kw = {rated_kw}
starting = "{starting}"
running_kw = {duty_kw}
"""


def power_file(tmp_path, site, pumps, kva, blackout):
    """The site written by hand as a ``power size`` scenario (motors alone), with ``kva`` as the chosen set."""
    motors = "\n".join(MOTOR.format(i=i, **p) for i, p in enumerate(pumps))
    path = tmp_path / f"power_{site['name']}_{kva}.toml"
    path.write_text(
        POWER_TOML.format(
            name=site["name"], motors=motors, aux_kw=site["aux_kw"], kva=kva, blackout=blackout, tank_l=site.get("tank_l", 1000.0)
        )
    )
    return path


@pytest.mark.parametrize(
    ("name", "blackout"), [("A", 'pattern = "4on4off"'), ("B", "grid_on = [" + ", ".join(["1"] * 10 + ["0"] * 14) + "]")]
)
def test_pass_fail_shortfall_and_fuel_equal_power_size(portfolio_dir, tmp_path, name, blackout):
    from conftest import PUMPS, SITES

    p = load_portfolio(portfolio_dir())
    pairs = evaluate(p)
    site = next(s for s in SITES if s["name"] == name)
    pumps = [x for x in PUMPS if x["site"] == name]
    mine = pairs[pairs["site"] == name].set_index("set_type")
    verdicts = set()
    for s in p.inventory:
        run = run_scenario(load_scenario(power_file(tmp_path, site, pumps, s.kva, blackout)))
        fuel = run.fuel_for(s.kva)
        row = mine.loc[s.set_type]
        assert bool(row["passes"]) == run.manual["passes"], s.set_type
        verdicts.add(run.manual["passes"])
        if not run.manual["passes"]:
            assert row["shortfall_kva"] == pytest.approx(run.manual["shortfall_kva"], rel=1e-6)
        assert row["fuel_l_per_day"] == pytest.approx(fuel["fuel_l_per_day"], rel=1e-9)
        assert row["deliveries_per_week"] == pytest.approx(fuel["deliveries_per_week"], rel=1e-9)
    if name == "A":
        assert verdicts == {True, False}  # the inventory straddles the site's threshold


def test_bisection_gives_what_checking_every_size_gives(portfolio_dir):
    p = load_portfolio(portfolio_dir())
    args = (p.inventory, p.site_defaults, p.assumptions, p.spec.tanker_l)
    for site in p.sites:
        fast = evaluate_site(site, *args)
        full = evaluate_site(site, *args, exhaustive=True)
        for a, b in zip(fast, full):
            assert a["passes"] == b["passes"]
            assert a["shortfall_kva"] == pytest.approx(b["shortfall_kva"], rel=1e-9)
            assert a["people_hours_per_day"] == pytest.approx(b["people_hours_per_day"], rel=1e-12)


@pytest.mark.parametrize(
    ("timetable", "storage_h", "blocks", "hours"),
    [
        ([1, 1, 1, 1, 0, 0, 0, 0] * 3, 2.0, [4, 4, 4], 12 + 3 * 2),  # three 4 h outages, 2 h bridged in each
        ([1, 1, 1, 1, 0, 0, 0, 0] * 3, 6.0, [4, 4, 4], 24),
        ([0, 0, 0, 0, 1, 1, 1, 1] * 3, 1.5, [4, 4, 4], 12 + 3 * 1.5),
        ([1] * 10 + [0] * 14, 3.0, [14], 13),
        ([0] * 3 + [1] * 10 + [0] * 11, 0.0, [14], 10),  # the outage wraps round midnight: one block
        ([1] * 24, 0.0, [], 24),
        ([0] * 24, 5.0, [24], 5),
    ],
)
def test_hours_of_water_without_a_set_by_hand(timetable, storage_h, blocks, hours):
    assert outage_blocks(timetable) == blocks
    assert hours_without_h(timetable, storage_h) == pytest.approx(hours)


def test_people_hours_by_hand(portfolio_dir):
    """Site A: 4 h on / 4 h off, 2 h of storage: 18 h of water without a set, 24 h with one that passes (fuel
    allowed 7 deliveries a week), so 20,000 people gain 6 h a day; site B's one delivery a week is the limit."""
    p = load_portfolio(portfolio_dir())
    pairs = evaluate(p)
    a = pairs[(pairs["site"] == "A") & pairs["passes"]]
    assert len(a) and a["hours_without_h"].tolist() == [18.0] * len(a)
    assert a["people_hours_per_day"].tolist() == pytest.approx([20000 * 6.0] * len(a))
    b = pairs[(pairs["site"] == "B") & pairs["passes"]].iloc[0]
    assert b["deliveries_per_week"] > 1  # a 200 L tank: more than the one delivery a week the road allows
    assert b["fuel_share"] == pytest.approx(1 / b["deliveries_per_week"])
    assert b["people_hours_per_day"] == pytest.approx(5000 * b["fuel_share"] * 14)
