"""Heat over days (issue 16): the day-by-day building model against closed forms and an ODE integrator, the climate
normals' interpolation by hand, the [recovery] table's bad input, and the hospital example's hand figures."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.integrate import solve_ivp

from teplovoda.models.errors import InputError
from teplovoda.models.heat import physics
from teplovoda.models.heat.scenario import load_scenario
from teplovoda.models.recovery import heat as rheat
from teplovoda.models.recovery import weather
from teplovoda.models.recovery.heat_spec import parse_heat_recovery
from tests.conftest import SCENARIOS

EXAMPLE = SCENARIOS / "heat_hospital_recovery_dnipro.toml"
TYPES = tuple(physics.TIME_CONSTANT_H)


def _days(tau_h, t0, outdoor, fractions, gains_k=0.0, indoor=20.0):
    temps = [t0]
    for t_out, f in zip(outdoor, fractions):
        temps.append(float(physics.indoor_after(tau_h, temps[-1], t_out, f, 24.0, indoor_temp_c=indoor, gains_k=gains_k)))
    return np.array(temps)


def test_no_heat_at_constant_outdoor_is_the_closed_form_exponential():
    tau, t_out = 40.0, -7.0
    temps = _days(tau, 20.0, [t_out] * 30, [0.0] * 30)
    hours = 24.0 * np.arange(31)
    assert np.max(np.abs(temps - (t_out + (20.0 - t_out) * np.exp(-hours / tau)))) < 1e-6


def test_with_gains_the_building_settles_at_outdoor_plus_gains_over_ua():
    gains_kw, ua_kw_per_k = 60.0, 20.0  # 3 K
    temps = _days(35.0, 20.0, [-10.0] * 200, [0.0] * 200, gains_k=gains_kw / ua_kw_per_k)
    assert temps[-1] == pytest.approx(-10.0 + gains_kw / ua_kw_per_k, abs=1e-6)
    assert temps.min() > -7.0 - 1e-9  # never below the asymptote


def test_fully_supplied_building_holds_the_indoor_temperature_with_or_without_gains():
    for g in (0.0, 4.0):
        assert _days(45.0, 20.0, [-15.0] * 5, [1.0] * 5, gains_k=g) == pytest.approx(20.0, abs=1e-9)


def test_cool_down_and_warm_up_over_a_temperature_series_match_the_building_ode():
    """C dT/dt = f H max(T_in - T_out - g, 0) + G - H (T - T_out), integrated by scipy (RK45, rtol 1e-11)."""
    tau, g, t_in = 40.0, 3.0, 20.0
    outdoor = [-2.0, -5.0, -9.0, -12.0, -8.0, -3.0, 1.0, -4.0, -6.0, -2.0]
    fractions = [0.0, 0.0, 0.0, 0.0, 0.3, 1.0, 1.0, 0.5, 0.0, 1.0]
    t, ref = 20.0, [20.0]
    for t_out, f in zip(outdoor, fractions):
        rhs = lambda _h, y, t_out=t_out, f=f: [(f * max(t_in - t_out - g, 0.0) + g - (y[0] - t_out)) / tau]  # noqa: E731
        t = solve_ivp(rhs, (0.0, 24.0), [t], rtol=1e-11, atol=1e-12).y[0, -1]
        ref.append(t)
    assert np.max(np.abs(_days(tau, 20.0, outdoor, fractions, gains_k=g) - np.array(ref))) < 1e-6


def test_cool_down_to_zero_agrees_with_the_cool_down_hours_of_the_snapshot_model():
    # no gains: the day model reaches 0 °C at the hour cool_down_hours gives
    hours = float(physics.cool_down_hours(40.0, -10.0, 0.0, 0.0))
    assert float(physics.indoor_after(40.0, 20.0, -10.0, 0.0, hours)) == pytest.approx(0.0, abs=1e-9)


def test_daily_normals_interpolate_between_mid_month_means_by_hand():
    jan, dec, feb = (weather.normals().loc["Dnipro", c] for c in ("jan_c", "dec_c", "feb_c"))
    # 16 January noon is day 15.5, January's middle: the mean itself
    assert weather.daily_normals("Dnipro", "16-01", 1)[0] == pytest.approx(jan, abs=1e-12)
    # 1 January noon (day 0.5): between mid-December (day -15.5) and mid-January (15.5), 16/31 of the way
    assert weather.daily_normals("Dnipro", "01-01", 1)[0] == pytest.approx(dec + (jan - dec) * 16 / 31, abs=1e-12)
    # 1 February noon (day 31.5): mid-January 15.5 -> mid-February 45.0, 16/29.5 of the way
    assert weather.daily_normals("Dnipro", "01-02", 1)[0] == pytest.approx(jan + (feb - jan) * 16 / 29.5, abs=1e-12)
    # the horizon wraps over the new year
    assert len(weather.daily_normals("Kyiv", "20-12", 30)) == 30


def test_the_normals_cover_the_main_cities_each_cited_or_marked_approximate():
    table = weather.normals()
    for city in ("Kyiv", "Kharkiv", "Dnipro", "Odesa", "Lviv", "Zaporizhzhia", "Mykolaiv", "Kherson", "Chernihiv", "Sumy"):
        assert city in table.index
        source = table.at[city, "source"]
        assert "approximate" in source or "1991-2020" in source  # cited rows name the normals' period
        assert table.loc[city, "jan_c"] < table.loc[city, "jul_c"]
    assert "approximate" not in table.at["Kyiv", "source"]


def test_kyiv_normals_match_the_observatorys_published_annual_and_seasonal_norms():
    """Kyiv's months (CGO 1991-2020) against figures the CGO published separately: the annual norm +9.0 °C
    (kp.ua/life/685421), and seasonal norms = a season's mean minus its stated departure (summer 2025: 20.6 - 0.2,
    autumn 2025: 10.5 - 1.8, spring 2022: 8.4 + 1.0, winter 2025/26: -4.0 + 1.5; README, 'Climate normals of Kyiv').
    The published figures are rounded to 0.1 K, so the means of the rounded months agree to within 0.1 K."""
    m = weather.normals().loc["Kyiv", list(weather.MONTH_COLUMNS)].to_numpy(float)
    assert m.mean() == pytest.approx(9.0, abs=0.05)
    for months, norm_c in (([5, 6, 7], 20.4), ([8, 9, 10], 8.7), ([2, 3, 4], 9.4), ([11, 0, 1], -2.5)):
        assert m[months].mean() == pytest.approx(norm_c, abs=0.1), months


RECOVERY = {"horizon_days": 30, "city": "Dnipro", "start": "01-01", "options": [{"option": "boilers", "lead_time_days": 4}]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"options": [{"option": "boilers", "lead_time_days": 30}]}, "lead_time_days: must be below horizon_days (30)"),
        ({"options": [{"option": "boilers", "lead_time_days": -1}]}, "lead_time_days: must be >= 0"),
        ({"options": [{"option": "tanks"}]}, "option: 'tanks' is not an [[options]] entry"),
        ({"city": "Atlantis"}, "city: 'Atlantis' has no climate normals"),
        ({"start": "31-02"}, "start: no such day '31-02'"),
        ({"start": "January"}, "start: expected a day and month"),
        ({"horizon_days": 0}, "horizon_days: must be >= 1"),
        ({"outdoor_temp_c": [-5.0] * 3}, "give either city"),
        ({"gains_k": {"igloo": 1.0}}, "gains_k.igloo: unknown building type"),
        ({"gains_k": {"school": -1.0}}, "gains_k.school: must be >= 0"),
        ({"crews": {"heat": -1}}, "crews.heat: must be >= 0"),
        ({"repairs": [{"element": "boiler_house", "duration_days": -3.0}]}, "duration_days: must be > 0"),
        ({"plans": [{"name": "p", "stages": []}]}, "needs a name and a non-empty stages array"),
        (
            {"plans": [{"name": "p", "stages": [{"option": "boilers", "from_day": 10, "until_day": 5}]}]},
            "[[recovery.plans]] #1 -> stages #1: in service from day 10 until day 5: never in service",
        ),
        (
            {"options": [{"option": "boilers", "lead_time_days": 4, "until_day": 2}]},
            "[[recovery.options]] #1: in service from day 4 until day 2: never in service",
        ),
        ({"typo": 1}, "unknown key 'typo'"),
        ({"travel_speed_km_per_h": 20.0}, "unknown key 'travel_speed_km_per_h'"),
        (  # repairs in stages are a water scenario's: a heat scenario's repairs are one heat crew's
            {"repairs": [{"element": "boiler_house", "trades": ["electrical", "heat"], "duration_days": [1.0, 2.0]}]},
            "[[recovery.repairs]] #1: unknown key 'trades' (expected: critical, duration_days, element)",
        ),
        ({"building_repair_days": -1}, "building_repair_days: must be >= 0 and <= 365, got -1"),
        ({"building_repair_days": float("nan")}, "building_repair_days: expected a finite number, got nan"),
        ({"building_repair_days": 1e9}, "building_repair_days: must be >= 0 and <= 365"),
        ({"building_repair_days": "3"}, "building_repair_days: expected a number"),
        ({"sweep": {"lead_time_spread": [2.0, 1.0]}}, "[recovery.sweep] -> lead_time_spread: expected [low, high] factors"),
        ({"sweep": {"lead_time_spread": [0.0, 1.0]}}, "lead_time_spread: expected [low, high] factors with 0 < low"),
        ({"sweep": {"repair_spread": [1.0, float("nan")]}}, "[recovery.sweep] -> repair_spread: expected [low, high]"),
        ({"sweep": {"repair_spread": [1.0, 11.0]}}, "repair_spread: expected [low, high] factors with 0 < low <= high <= 10"),
        ({"sweep": {"repair_spread": 1.5}}, "[recovery.sweep] -> repair_spread: expected [low, high]"),
        ({"sweep": {"repair_spread": [1.0, True]}}, "[recovery.sweep] -> repair_spread: expected [low, high]"),
        ({"sweep": {"samples": 0}}, "[recovery.sweep] -> samples: must be >= 1"),
        ({"sweep": {"seed": -2}}, "[recovery.sweep] -> seed: must be >= 0"),
        ({"sweep": {"spread": [1, 2]}}, "[recovery.sweep]: unknown key 'spread'"),
    ],
)
def test_bad_recovery_table_is_one_error_naming_the_field(change, message):
    with pytest.raises(InputError, match=None) as err:
        parse_heat_recovery({**RECOVERY, **change}, {"boiler_house"}, {"boilers"}, TYPES, "s.toml")
    assert message in str(err.value) and str(err.value).startswith("s.toml: ") and "\n" not in str(err.value)


def test_own_temperature_table_must_cover_the_horizon():
    table = {k: v for k, v in RECOVERY.items() if k != "city"}
    with pytest.raises(InputError, match=r"outdoor_temp_c: expected at least horizon_days \(30\)"):
        parse_heat_recovery({**table, "outdoor_temp_c": [-5.0] * 29}, set(), {"boilers"}, TYPES, "s.toml")
    spec = parse_heat_recovery({**table, "outdoor_temp_c": [-5.0] * 30}, set(), {"boilers"}, TYPES, "s.toml")
    assert spec.outdoor_temp_c == (-5.0,) * 30 and spec.city is None


@pytest.fixture(scope="module")
def example():
    return rheat.plan(load_scenario(EXAMPLE))


def test_hospital_example_against_hand_figures(example):
    plans = example.plans
    people = example.people_total
    assert people == 11_200  # residents: the schools' pupils and the hospital's patients are counted apart
    horizon = 60
    # no heat anywhere: every block is below 18 °C after its first day (20 -> about 11 °C), so all day-ends count
    assert plans[rheat.NO_ACTION].person_days_without == pytest.approx(people * horizon)
    assert math.isinf(plans[rheat.NO_ACTION].critical_restored_day)
    # the repair: one heat crew mobilised on day 1, 34 crew-days -> in service on day 35
    assert example.lead_times == {"repair boiler house to 80 %": 35.0}
    staged = plans["island boilers on day 4, then the repair on day 35"]
    assert staged.stages[3] == () and staged.stages[4] == ("3 x 1 MW biomass, hospital island",)
    assert staged.stages[34] == ("3 x 1 MW biomass, hospital island",) and staged.stages[35] == ("repair boiler house to 80 %",)
    assert staged.person_days_without < plans["repair boiler house to 80 %"].person_days_without
    # cost per person-day restored: the option's cost over the person-days saved against no action, by hand
    island = plans["3 x 1 MW biomass, hospital island"]
    saved = people * horizon - island.person_days_without
    assert island.cost_per_person_day_eur == pytest.approx(1_470_000 / saved)
    assert island.freeze_cost_eur == 15_000 * len(island.frozen)


def test_the_hospital_follows_the_building_ode_through_cool_down_and_warm_up(example):
    """Island plan: the hospital has no heat on days 0-3 and (nearly) all of its demand from day 4, the share the
    engine solves for each day; integrated by scipy against the model's day-by-day figures."""
    island = example.plans["3 x 1 MW biomass, hospital island"]
    share = island.fractions["Hospital6N"].to_numpy()
    assert (share[:4] == 0).all() and (share[4:] > 0.99).all()
    share = np.minimum(share, 1.0)  # the solve may deliver a hair above demand (1.00007); the building model caps at 1
    tau, g = 45.0, rheat.GAINS_K["hospital"]
    t, ref = 20.0, [20.0]
    for t_out, f in zip(example.outdoor_temp_c, share):
        rhs = lambda _h, y, t_out=t_out, f=f: [(f * max(20.0 - t_out - g, 0.0) + g - (y[0] - t_out)) / tau]  # noqa: E731
        t = solve_ivp(rhs, (0.0, 24.0), [t], rtol=1e-11, atol=1e-12).y[0, -1]
        ref.append(t)
    assert np.max(np.abs(island.temps["Hospital6N"].to_numpy() - np.array(ref))) < 1e-6
    first_warm = next(k for k, v in enumerate(ref) if k > 4 and v >= 18.0)
    assert island.critical_restored_day == first_warm
    assert "Hospital6N" not in island.frozen and isinstance(island.temps, pd.DataFrame)


ONE_BLOCK = """
[scenario]
name = "one block"
kind = "heat"
[network]
nodes = "nodes.csv"
pipes = "pipes.csv"
consumers = "consumers.csv"
[[sources]]
name = "plant"
node = "P"
kind = "gas_boiler"
capacity_kw = 2000.0
[[damage]]
type = "source_lost"
source = "plant"
[[options]]
name = "repair"
repair_sources = ["plant"]
[recovery]
horizon_days = 12
outdoor_temp_c = [-10.0, -10.0, -10.0, -10.0, -10.0, -10.0, -10.0, -10.0, -10.0, -10.0, -10.0, -10.0]
gains_k = {apartment_block = 0.0}
building_repair_days = 3
[[recovery.options]]
option = "repair"
lead_time_days = 3
"""


def _one_block(tmp_path, extra_column: str = "", extra_value: str = "", head: str = ""):
    (tmp_path / "nodes.csv").write_text("name,x_m,y_m\nP,0,0\nC,300,0\n")
    (tmp_path / "pipes.csv").write_text("name,from_node,to_node,length_m,diameter_mm,heat_loss_w_per_m_k\nmain,P,C,300,100,0.6\n")
    (tmp_path / "consumers.csv").write_text(
        f"name,node,building_type,design_heat_kw,people,time_constant_h{extra_column}\n"
        f"block,C,apartment_block,400,200,40{extra_value}\n"
    )
    (tmp_path / "s.toml").write_text(ONE_BLOCK.replace("[network]", head + "[network]"))
    return load_scenario(tmp_path / "s.toml")


def test_a_frozen_building_is_off_the_network_until_its_own_repair_then_warms(tmp_path):
    """One block (tau 40 h, no gains) at -10 °C: no heat until the plant is back on day 3. Its rooms reach 0 °C at
    tau ln(30/10) = 43.9 h, in day 1; it is then off the network for 3 days (days 2-4, though the plant is back),
    and from day 5 warms towards 20 °C with its time constant: all closed forms."""
    tau, t_out, t_in, repair_days = 40.0, -10.0, 20.0, 3
    res = rheat.plan(_one_block(tmp_path)).plans["repair"]
    freeze_h = tau * math.log((t_in - t_out) / (0.0 - t_out))
    froze_day = math.ceil(freeze_h / 24.0)  # the first day-end at or below 0 °C
    assert res.freezes == [("block", froze_day)] == [("block", 2)]
    assert res.frozen == ["block"] and res.freeze_cost_eur == 15_000.0
    share = res.fractions["block"].to_numpy()
    back = froze_day + repair_days
    assert (share[:back] == 0).all() and res.stages[back - 1] == ("repair",)  # the plant runs, the block is off
    assert (share[back:] > 0.99).all()
    temps = res.temps["block"].to_numpy()
    hours = 24.0 * np.arange(back + 1)
    assert np.max(np.abs(temps[: back + 1] - (t_out + (t_in - t_out) * np.exp(-hours / tau)))) < 1e-9
    f = np.minimum(share[back], 1.0)
    t_ss = t_out + f * (t_in - t_out)
    later = 24.0 * np.arange(len(temps) - back)
    assert np.max(np.abs(temps[back:] - (t_ss + (temps[back] - t_ss) * np.exp(-later / tau)))) < 1e-9


def test_frozen_buildings_leave_the_solve_and_the_rest_is_solved_without_their_load(example, tmp_path):
    """Whole-network plan: the buildings that froze get 0 for building_repair_days; meanwhile the others get what a
    network built from a consumer table without them gives (a separate network, solved on its own)."""
    from teplovoda.models.heat import damage as hdamage
    from teplovoda.models.heat.scenario import build_network, option_network
    from teplovoda.models.heat.thermal import solve

    res = example.plans["3 x 1 MW biomass, whole network"]
    scn = example.scenario
    assert len(res.freezes) == len(res.frozen) == 2 and res.freeze_cost_eur == 2 * 15_000
    days = math.ceil(scn.recovery.building_repair_days)
    day = res.freezes[0][1]
    assert {d for _, d in res.freezes} == {day}
    assert (res.fractions.loc[day : day + days - 1, res.frozen] == 0).all().all()
    assert (res.fractions.loc[day + days, res.frozen] > 0).all()
    consumers = pd.read_csv(SCENARIOS / "heat_microdistrict" / "consumers.csv")
    consumers[~consumers["name"].isin(res.frozen)].to_csv(tmp_path / "consumers.csv", index=False)
    text = EXAMPLE.read_text().replace('"heat_microdistrict/', f'"{SCENARIOS}/heat_microdistrict/')
    text = text.replace(f'"{SCENARIOS}/heat_microdistrict/consumers.csv"', f'"{tmp_path}/consumers.csv"')
    (tmp_path / "without.toml").write_text(text)
    without = load_scenario(tmp_path / "without.toml")
    k = day + 2
    i, option = next((i, o) for i, o in enumerate(without.options) if o.name == res.name)
    net = option_network(hdamage.apply_damage(build_network(without), list(without.damage)), option, i, "x")
    t = round(float(example.outdoor_temp_c[k]))
    alone = solve(net, dataclasses.replace(without.conditions(), outdoor_temp_c=t)).consumers["delivered_fraction"]
    others = [c for c in res.fractions.columns if c not in res.frozen]
    assert np.max(np.abs(res.fractions.loc[k, others].to_numpy() - alone[others].to_numpy())) < 1e-9


def test_each_day_is_solved_with_the_days_mean_hot_water_draw_not_the_weather_hours(tmp_path, monkeypatch):
    """The block makes hot water for 200 residents x 100 L/day and [weather] hour is 20 (the evening peak): every
    recovery solve carries the day's mean draw, the 24 hourly draws of the profile averaged by hand."""
    import csv

    from teplovoda.models.heat import norms

    scn = _one_block(tmp_path, ",dhw_litres_per_person_per_day", ",100", head="[weather]\nhour = 20\n")
    with open(Path(norms.__file__).parent / "data" / "dhw_profile.csv", newline="", encoding="utf-8") as fh:
        profile = [float(r["factor"]) for r in sorted(csv.DictReader(fh), key=lambda r: int(r["hour"]))]
    mean_kw = 100.0 * 200 * 0.996 * 4180.0 * (60.0 - 10.0) / 86400.0 / 1e3  # V rho cp dT per day
    hourly_kw = [mean_kw * f / (sum(profile) / 24) for f in profile]  # the profile scaled to that daily energy
    day_mean_kw = sum(hourly_kw) / 24
    assert hourly_kw[20] > 2 * day_mean_kw  # what solving at the weather's hour would take all day
    seen = []
    real_solve = rheat.solve

    def recording_solve(net, cond):
        res = real_solve(net, cond)
        seen.append(res.consumers["dhw_demand_kw"].to_numpy())
        return res

    monkeypatch.setattr(rheat, "solve", recording_solve)
    rheat.plan(scn)
    assert seen and all(v == pytest.approx([day_mean_kw], rel=1e-9) for v in seen)


def test_a_sweep_sample_draws_lead_times_then_repairs_then_building_repairs_from_its_own_stream(example):
    """The documented order, by hand from numpy's stream for (seed, i): one uniform factor per option with a lead
    time (file order), per damaged element, then one for building_repair_days."""
    from teplovoda.models.recovery import heat_sweep
    from teplovoda.models.recovery.heat_spec import HeatSweepSpec

    sweep = HeatSweepSpec(samples=3, seed=11, lead_time_spread=(0.5, 3.0), repair_spread=(0.75, 1.5))
    scn = dataclasses.replace(example.scenario, recovery=dataclasses.replace(example.scenario.recovery, sweep=sweep))
    u = np.random.default_rng((11, 2)).random(4)
    drawn = heat_sweep.draw(scn, 2)
    assert drawn["lead_time_days"] == pytest.approx(
        {"3 x 1 MW biomass, hospital island": 4 * (0.5 + 2.5 * u[0]), "3 x 1 MW biomass, whole network": 4 * (0.5 + 2.5 * u[1])}
    )
    assert drawn["duration_days"] == pytest.approx({"boiler_house": 34.0 * (0.75 + 0.75 * u[2])})
    assert drawn["building_repair_days"] == pytest.approx(21.0 * (0.75 + 0.75 * u[3]))
    case = heat_sweep.sampled_scenario(scn, drawn)
    assert case.recovery.repairs.override("boiler_house").critical  # the example's critical flag is kept
    assert rheat.repair_lead_times(case)[0] == {
        "repair boiler house to 80 %": pytest.approx(1.0 + drawn["duration_days"]["boiler_house"])
    }
