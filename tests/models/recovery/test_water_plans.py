"""Water options over days in the comparison (issue 16, points 3-4 for water): hand cases on one closed main, the
shipped example's repairs-only row against ``teplovoda water recovery``, and bad ``[[recovery.options]]`` fields.

The hand case: Net3 with its 610 mm main 233 closed, one crew mobilised on day M = 1.5 that repairs it in 2.5 days
(done on day R = 4), and a temporary pipe beside 233 that, in service from day L, gives water back to everyone the
closure cuts off. N, the people cut off, is ``teplovoda water run``'s own figure (the damaged case's people without
water less the intact network's), and the option alone restores all of them (its own run again). Person-days
without water over the horizon: N x R with repairs only, N x min(L, R) with the option.
"""

from __future__ import annotations

import math

import pytest

from teplovoda.models import kinds
from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.models.errors import InputError
from teplovoda.models.recovery.water import plan as water_plan
from tests.conftest import SCENARIOS

NET3 = SCENARIOS / "networks" / "Net3.inp"
REPAIR_DONE_DAY = 4.0  # mobilisation 1.5 + repair 2.5
BYPASS = "temporary pipe beside 233"
CONTRACTOR = "contractor repairs 233"
COST_EUR = 50_000.0


def _water(tmp_path, lead_days: float, extra: str = "", *, critical: bool = False) -> str:
    text = f"""[scenario]
name = "one closed main"
kind = "water"
[network]
inp_file = "{NET3}"
[population]
total = 300000
[[damage]]
type = "pipe_closed"
pipe = "233"
[[options]]
name = "{BYPASS}"
[[options.pipes]]
name = "bypass_233"
from_junction = "201"
to_junction = "203"
length_m = 130.0
diameter_m = 0.61
[[options]]
name = "{CONTRACTOR}"
repair = ["233"]
[recovery]
crews = {{water = 1}}
mobilisation_days = {{water = 1.5}}
horizon_days = 10
[[recovery.repairs]]
element = "233"
duration_days = 2.5
critical = {"true" if critical else "false"}
[[recovery.options]]
option = "{BYPASS}"
lead_time_days = {lead_days}
cost_eur = {COST_EUR}
[[recovery.options]]
option = "{CONTRACTOR}"
{extra}"""
    (tmp_path / "w.toml").write_text(text)
    return "w.toml"


def _compare(tmp_path, water_file: str):
    path = tmp_path / "c.toml"
    path.write_text(
        f"""[scenario]
name = "c"
kind = "compare"
[base]
water = "{water_file}"
[economics]
horizon_years = 5
discount_rate = 0.10
price_year = 2025
currency = "EUR"
"""
    )
    return run_comparison(load_scenario(path))


@pytest.fixture(scope="module")
def people_cut(tmp_path_factory):
    """N from ``teplovoda water run``: people without water damaged less intact; and the bypass restores them all."""
    tmp = tmp_path_factory.mktemp("n")
    scn = kinds.get("water").load(tmp / _water(tmp, 2.0))
    s = kinds.get("water").run(scn).summary()
    n = s.at["people_without", "damaged"] - s.at["people_without", "intact"]
    assert n > 100_000
    assert s.at["people_without", BYPASS] == pytest.approx(s.at["people_without", "intact"], abs=1e-6)
    return n


@pytest.mark.parametrize("lead_days", [2.0, 0.5, 6.0])
def test_one_closed_main_person_days_are_people_times_the_earlier_of_lead_time_and_repair(tmp_path, people_cut, lead_days):
    o = _compare(tmp_path, _water(tmp_path, lead_days)).options
    n = people_cut
    assert o.at["do nothing", "person_days_without_water"] == pytest.approx(n * REPAIR_DONE_DAY, rel=1e-9)
    assert o.at[BYPASS, "person_days_without_water"] == pytest.approx(n * min(lead_days, REPAIR_DONE_DAY), rel=1e-9)
    saved = n * max(REPAIR_DONE_DAY - lead_days, 0.0)
    assert o.at[BYPASS, "person_days_restored"] == pytest.approx(saved, rel=1e-9, abs=1e-6)
    per_day = o.at[BYPASS, "cost_per_person_day_restored_eur"]
    if saved > 0:
        assert per_day == pytest.approx(COST_EUR / saved, rel=1e-9)
        assert o.at[BYPASS, "rank"] == 1
    else:  # a bypass that comes after the repair restores nothing: no cost per person-day, no rank
        assert math.isnan(per_day) and math.isnan(o.at[BYPASS, "rank"])
    # no critical repair flagged: no critical day
    assert o["days_to_critical_restored"].isna().all()


def test_an_option_taken_away_before_the_repair_leaves_the_people_without_water_again(tmp_path, people_cut):
    water = _water(tmp_path, 0.5)
    text = (tmp_path / water).read_text().replace("lead_time_days = 0.5\n", "lead_time_days = 0.5\nuntil_day = 2.0\n")
    (tmp_path / water).write_text(text)
    o = _compare(tmp_path, water).options
    # without water from 0 to 0.5 and from 2 to the repair on day 4
    assert o.at[BYPASS, "person_days_without_water"] == pytest.approx(people_cut * (0.5 + REPAIR_DONE_DAY - 2.0), rel=1e-9)
    assert o.at[BYPASS, "person_days_restored"] == pytest.approx(people_cut * 1.5, rel=1e-9)


def test_a_repair_option_without_lead_time_is_in_service_when_the_crews_finish_it(tmp_path, people_cut):
    o = _compare(tmp_path, _water(tmp_path, 2.0)).options
    assert o.at[CONTRACTOR, "person_days_without_water"] == pytest.approx(people_cut * REPAIR_DONE_DAY, rel=1e-9)
    assert o.at[CONTRACTOR, "person_days_restored"] == pytest.approx(0.0, abs=1e-6)
    # the same repair by a contractor on day 1: N x 1
    o = _compare(tmp_path, _water(tmp_path, 2.0, "lead_time_days = 1.0\ncost_eur = 90000.0\n")).options
    assert o.at[CONTRACTOR, "person_days_without_water"] == pytest.approx(people_cut * 1.0, rel=1e-9)
    assert o.at[CONTRACTOR, "cost_per_person_day_restored_eur"] == pytest.approx(90_000.0 / (people_cut * 3.0), rel=1e-9)


def test_the_critical_district_has_water_from_the_bypass_or_the_repair(tmp_path):
    o = _compare(tmp_path, _water(tmp_path, 2.0, critical=True)).options
    assert o.at["do nothing", "days_to_critical_restored"] == REPAIR_DONE_DAY
    assert o.at[BYPASS, "days_to_critical_restored"] == 2.0
    assert o.at[CONTRACTOR, "days_to_critical_restored"] == REPAIR_DONE_DAY


def test_the_shipped_example_no_action_row_is_the_water_recovery_commands_network_ratio():
    base = kinds.get("water").load(SCENARIOS / "water_city_main_repairs_options.toml")
    rec = water_plan(base, "network_ratio")
    curve = rec.curves["network_ratio"]
    horizon = base.recovery.horizon_days
    assert curve["day"].max() < horizon  # every repair done within the horizon: the command's area is the whole loss
    cmp = run_comparison(load_scenario(SCENARIOS / "compare_city_main_recovery.toml"))
    o = cmp.options
    assert o.at["do nothing", "person_days_without_water"] == pytest.approx(rec.person_days["network_ratio"], rel=1e-9)
    # and by hand from the command's service curve: (intact - with water) x days to the next completion
    lost = [rec.people_with_water_intact - p for p in curve["people_with_water"]]
    days = list(curve["day"])
    by_hand = sum(lost[k] * (days[k + 1] - days[k]) for k in range(len(days) - 1))
    assert o.at["do nothing", "person_days_without_water"] == pytest.approx(by_hand, rel=1e-9)
    assert len(o) == 4 and o["rank"].notna().sum() == 3
    ranked = o.dropna(subset=["rank"]).sort_values("rank")
    assert list(ranked["cost_per_person_day_restored_eur"]) == sorted(ranked["cost_per_person_day_restored_eur"])


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('option = "layflat bypass', 'option = "a tanker', "[[recovery.options]] #1 -> option: 'a tanker"),
        ("lead_time_days = 0.5", "lead_time_days = 30.0", "[[recovery.options]] #1 -> lead_time_days: must be below"),
        ("cost_eur = 40000.0", "cost_eur = -40000.0", "[[recovery.options]] #1 -> cost_eur: must be >= 0"),
        ("lead_time_days = 0.5", "lead_days = 0.5", "[[recovery.options]] #1: unknown key 'lead_days'"),
        (
            "lead_time_days = 2.0",
            "lead_time_days = 2.0\nuntil_day = 1.0",
            "[[recovery.options]] #2: in service from day 2 until day 1: never",
        ),
    ],
)
def test_bad_recovery_options_exit_2_with_one_line_naming_file_and_field(tmp_path, old, new, message):
    from tests.ui.test_cli import teplovoda

    text = (SCENARIOS / "water_city_main_repairs_options.toml").read_text(encoding="utf-8")
    text = text.replace('inp_file = "networks/Net3.inp"', f'inp_file = "{NET3}"')
    assert old in text
    bad = tmp_path / "water_city_main_repairs_options.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    cmp = (SCENARIOS / "compare_city_main_recovery.toml").read_text(encoding="utf-8")
    (tmp_path / "c.toml").write_text(cmp, encoding="utf-8")
    with pytest.raises(InputError):
        kinds.get("water").load(bad)
    proc = teplovoda("compare", tmp_path / "c.toml", "--out", tmp_path / "out", "--no-maps")
    assert proc.returncode == 2, proc.stdout
    assert f"{bad}: {message}" in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
