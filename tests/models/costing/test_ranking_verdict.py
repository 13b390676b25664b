"""Does counting lead times change the ranking (models/costing/compare/ranking.py), on over-days tables built by hand.

Each table is written out by hand: the ranks from the costs by hand (the snapshot on EUR per person per year, the
over-days on cost / person-days restored), so the verdict is checked against the rule, not against its own output,
and the sentence's numbers against the table's cells.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from teplovoda.models.costing.compare.ranking import CLAUSES, REASONS, TEMPLATES, rank_verdict
from teplovoda.models.costing.compare.recovery import over_days_table
from teplovoda.ui.strings import STRINGS

HORIZON = 60
NAN = math.nan


def _row(kind, day, people, restored, critical, cost, per_year, snap, rank, feasible=True):
    return {
        "row_kind": kind,
        "in_service_day": day,
        "people_heated": people,
        "person_days_restored": restored,
        "days_to_critical_restored": critical,
        "cost_eur": cost,
        "cost_per_person_day_restored_eur": cost / restored if restored > 0 else NAN,
        "cost_per_person_year_eur": per_year,
        "feasible": feasible,
        "snapshot_rank": snap,
        "rank": rank,
    }


def _table(rows: dict) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index")


def _n(v: float) -> str:
    return f"{v:,.0f}"


def _hospital_like() -> pd.DataFrame:
    """The shape of the hospital example: boilers from day 4 for 1,400 people, the repair from day 35 for 11,200."""
    return _table(
        {
            "do nothing": _row("option", NAN, 0.0, 0.0, math.inf, NAN, math.inf, NAN, NAN, feasible=False),
            "boilers": _row("option", 4.0, 1400.0, 74_200.0, 8.0, 1_470_000.0, 295.0, 2.0, 2.0),
            "repair": _row("option", 35.0, 11_200.0, 246_400.0, 40.0, 2_500_000.0, 121.0, 1.0, 1.0),
        }
    )


def test_unchanged_although_the_later_option_starts_later():
    table = _hospital_like()
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "unchanged_later" and v.same_first
    assert v.leader.name == "repair" and v.other.name == "boilers"
    assert v.snapshot_first == v.over_days_first == ("repair",)
    assert v.standings["boilers"].snapshot_rank == 2 and v.standings["boilers"].over_days_rank == 2
    assert math.isnan(v.standings["do nothing"].over_days_rank)
    why = v.why
    for cell in ("repair", "boilers"):
        r = table.loc[cell]
        assert f"from day {r.in_service_day:g}" in why
        assert f"keeps {_n(r.people_heated)} people warm" in why
        assert f"{_n(r.person_days_restored)}" in why
    assert "at 10.1 EUR each against 74,200 at 19.8 EUR" in why  # 2.5e6/246,400 = 10.15; 1.47e6/74,200 = 19.81
    assert "does not change the order" in why
    assert "“repair” the hospital stays cold for 40 days (heated again from day 40)" in why
    assert v.moved == ()


def test_changed_the_earlier_option_overtakes_despite_fewer_people():
    # A: day 2, 3,000 people, 150,000 person-days for 1.0 MEUR = 6.67 EUR each (rank 1 over days), 40 EUR/person/yr
    # B: day 30, 10,000 people, 100,000 person-days for 2.0 MEUR = 20 EUR each (rank 2), 25 EUR/person/yr (rank 1)
    table = _table(
        {
            "A": _row("option", 2.0, 3000.0, 150_000.0, 0.0, 1_000_000.0, 40.0, 2.0, 1.0),
            "B": _row("option", 30.0, 10_000.0, 100_000.0, 31.0, 2_000_000.0, 25.0, 1.0, 2.0),
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "changed_earlier" and not v.same_first
    assert (v.leader.name, v.other.name) == ("A", "B")
    assert "“A” overtakes “B”" in v.why and "from day 2 against day 30" in v.why
    assert "outweighs its smaller snapshot figure (3,000 people against 10,000)" in v.why
    assert "150,000 person-days at 6.67 EUR each against 100,000 at 20.0 EUR" in v.why
    assert "“B” the hospital stays cold for 31 days" in v.why and "“A” the hospital" not in v.why  # A: warm all along


def test_changed_on_cost_the_earlier_option_restoring_less():
    # A: day 2, 3,000 people, 80,000 person-days for 0.4 MEUR = 5 EUR each (rank 1); B: day 30, 10,000 people,
    # 100,000 person-days for 2.0 MEUR = 20 EUR each (rank 2) but first in the snapshot: A wins on cost alone
    table = _table(
        {
            "A": _row("option", 2.0, 3000.0, 80_000.0, 0.0, 400_000.0, 40.0, 2.0, 1.0),
            "B": _row("option", 30.0, 10_000.0, 100_000.0, 0.0, 2_000_000.0, 25.0, 1.0, 2.0),
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "changed_cheaper" and (v.leader.name, v.other.name) == ("A", "B")
    assert "“A” overtakes “B” on cost: it works from day 2 against day 30" in v.why
    assert "restores fewer person-days (80,000 against 100,000); it costs 400,000 EUR against 2,000,000 EUR" in v.why
    assert "so 5.00 EUR each against 20.0 EUR" in v.why and "outweighs" not in v.why


def test_changed_without_an_earlier_start_says_so_plainly():
    table = _table(
        {
            "A": _row("option", 10.0, 9000.0, 150_000.0, 0.0, 1_000_000.0, 40.0, 2.0, 1.0),
            "B": _row("option", 5.0, 10_000.0, 100_000.0, 0.0, 2_000_000.0, 25.0, 1.0, 2.0),
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "changed" and "from day 10 (against day 5)" in v.why and "outweighs" not in v.why


def test_first_in_the_snapshot_but_failing_over_days():
    # B is first in the snapshot but restores nothing within the horizon: no rank over days, A is first there
    table = _table(
        {
            "A": _row("option", 3.0, 2000.0, 50_000.0, 5.0, 500_000.0, 60.0, 2.0, 1.0),
            "B": _row("option", 59.0, 12_000.0, 0.0, math.inf, 3_000_000.0, 30.0, 1.0, NAN),
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "failing" and v.reason == "restores_none"
    assert (v.leader.name, v.other.name) == ("A", "B")
    assert "“B”, first in the snapshot, gets no rank over 60 days (" + REASONS["restores_none"] + ")" in v.why
    assert "“A” is first over days: it works from day 3, keeps 2,000 people warm and restores 50,000" in v.why
    assert "“B” the hospital is not heated again within 60 days" in v.why


def test_ranked_over_days_but_not_in_the_snapshot_a_staged_plan_first():
    table = _table(
        {
            "A": _row("option", 4.0, 1400.0, 74_200.0, 8.0, 1_470_000.0, 295.0, 2.0, 2.0),
            "B": _row("option", 35.0, 11_200.0, 246_400.0, 40.0, 5_000_000.0, 121.0, 1.0, 3.0),
            "plan": _row("plan", 4.0, NAN, 289_800.0, 8.0, 3_970_000.0, NAN, NAN, 1.0),
        }
    )
    # by hand: the plan 3.97e6 / 289,800 = 13.7, A 1.47e6 / 74,200 = 19.8, B 5e6 / 246,400 = 20.3 EUR per person-day
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "changed_plan" and (v.leader.name, v.other.name) == ("plan", "B")
    assert "the staged plan “plan” (it has no snapshot) overtakes “B”" in v.why
    assert "289,800 person-days at 13.7 EUR each against 246,400 at 20.3 EUR" in v.why
    assert math.isnan(v.standings["plan"].snapshot_rank) and v.standings["plan"].is_plan


def test_a_tie_for_first_over_days():
    table = _table(
        {
            "A": _row("option", 4.0, 1000.0, 100_000.0, 0.0, 1_000_000.0, 50.0, 1.0, 1.0),
            "B": _row("option", 20.0, 5000.0, 200_000.0, 0.0, 2_000_000.0, 60.0, 2.0, 1.0),  # 10 EUR each, as A
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "tie" and v.over_days_first == ("A", "B")
    assert "“A” and “B” tie for first at 10.0 EUR per person-day" in v.why
    assert "“A” works from day 4 and restores 100,000 person-days, “B” works from day 20 and restores 200,000" in v.why
    assert v.why.endswith("first in the snapshot: “A”.")


def test_a_tie_in_the_snapshot_only():
    table = _table(
        {
            "A": _row("option", 4.0, 1000.0, 100_000.0, 0.0, 1_000_000.0, 50.0, 1.0, 1.0),
            "B": _row("option", 20.0, 5000.0, 100_000.0, 0.0, 2_000_000.0, 50.0, 1.0, 2.0),
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "tie_snapshot" and v.snapshot_first == ("A", "B") and (v.leader.name, v.other.name) == ("A", "B")
    assert v.why.startswith("“A” and “B” tie for first in the snapshot; once lead times count “A” is first alone")


def test_a_single_ranked_option():
    table = _table(
        {
            "do nothing": _row("option", NAN, 0.0, 0.0, math.inf, NAN, math.inf, NAN, NAN, feasible=False),
            "A": _row("option", 7.0, 4000.0, 90_000.0, 12.0, 900_000.0, 80.0, 1.0, 1.0),
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "single" and v.leader.name == "A" and v.other is None
    assert "only one ranked" in v.why and "from day 7, keeps 4,000 people warm" in v.why and "10.0 EUR each" in v.why
    assert "stays cold for 12 days" in v.why


def test_nothing_ranked_over_days():
    table = _table({"A": _row("option", 7.0, 4000.0, 0.0, math.inf, 900_000.0, 80.0, 1.0, NAN)})
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "none" and v.leader is None and "nothing is ranked over days" in v.why


def test_same_first_but_lower_down_the_order_changes():
    table = _table(
        {
            "A": _row("option", 1.0, 5000.0, 300_000.0, 0.0, 1_000_000.0, 10.0, 1.0, 1.0),
            "B": _row("option", 30.0, 4000.0, 40_000.0, 0.0, 1_000_000.0, 20.0, 2.0, 3.0),
            "C": _row("option", 2.0, 1000.0, 50_000.0, 0.0, 1_000_000.0, 30.0, 3.0, 2.0),
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "unchanged" and v.moved == (("B", 2, 3), ("C", 3, 2))
    assert "lower down the order changes: “B” from place 2 to 3, “C” from place 3 to 2" in v.why
    assert "no later than “C” (day 2)" in v.why  # the earliest other option ranked in both


def test_same_first_the_others_failing_over_days():
    table = _table(
        {
            "A": _row("option", 1.0, 5000.0, 300_000.0, 0.0, 1_000_000.0, 10.0, 1.0, 1.0),
            "B": _row("option", 30.0, 4000.0, 40_000.0, 0.0, NAN, 20.0, 2.0, NAN),  # no cost_eur over days
        }
    )
    v = rank_verdict(table, "people_heated", HORIZON)
    assert v.case == "unchanged_failing" and v.reason == "no_cost"
    assert "“B”, ranked 2 in the snapshot, gets no rank over days: " + REASONS["no_cost"] in v.why


def test_water_words():
    table = _table(
        {
            "A": _row("option", 2.0, 3000.0, 150_000.0, 3.0, 1_000_000.0, 40.0, 2.0, 1.0),
            "B": _row("option", 30.0, 10_000.0, 100_000.0, 30.0, 2_000_000.0, 25.0, 1.0, 2.0),
        }
    ).rename(columns={"people_heated": "people_added"})
    v = rank_verdict(table, "people_added", 30)
    assert "“A” the critical district is without water for 3 days" in v.why
    assert "“A” overtakes “B”" in v.why and "(3,000 people against 10,000)" in v.why


def test_the_catalogue_holds_the_models_english():
    for case, text in TEMPLATES.items():
        assert STRINGS[f"why.rank.{case}"]["en"] == text and STRINGS[f"why.rank.{case}"]["uk"]
    for key, text in REASONS.items():
        assert STRINGS[f"rank.reason.{key}"]["en"] == text
    for key, text in CLAUSES.items():
        assert STRINGS[f"rank.{key}"]["en"] == text and STRINGS[f"rank.{key}"]["uk"]


def _plan(pd_without, critical, cost, stages):
    return SimpleNamespace(
        person_days_without=pd_without,
        critical_restored_day=critical,
        frozen=[],
        freeze_cost_eur=0.0,
        cost_eur=cost,
        cost_per_person_day_eur=cost / (1000.0 - pd_without) if pd_without < 1000.0 and cost == cost else NAN,
        stages=stages,
    )


def test_the_over_days_table_ranks_a_staged_plan_with_the_options():
    # three days; "a" from day 1, "b" from day 2, the plan "a then b": a on day 1, b on day 2
    options = pd.DataFrame(
        {
            "feasible": [False, True, True],
            "people_heated": [0.0, 100.0, 400.0],
            "cost_per_person_year_eur": [math.inf, 30.0, 20.0],
            "person_days_without_heat": [1000.0, 800.0, 700.0],
            "person_days_restored": [0.0, 200.0, 300.0],
            "days_to_critical_restored": [math.inf, 1.0, 2.0],
            "freeze_damaged_buildings": [0.0, 0.0, 0.0],
            "cost_per_person_day_restored_eur": [NAN, 100.0 / 200.0, 600.0 / 300.0],
            "snapshot_rank": [NAN, 2.0, 1.0],
        },
        index=["do nothing", "a", "b"],
    )
    rec = SimpleNamespace(
        plans={
            "no action": _plan(1000.0, math.inf, 0.0, [(), (), ()]),
            "a": _plan(800.0, 1.0, 100.0, [(), ("a",), ("a",)]),
            "b": _plan(700.0, 2.0, 600.0, [(), (), ("b",)]),
            "a then b": _plan(500.0, 1.0, 100.0 + 600.0, [(), ("a",), ("b",)]),
        }
    )
    over = over_days_table(options, rec, "people_heated")
    assert list(over.index) == ["do nothing", "a", "b", "a then b"]
    plan = over.loc["a then b"]
    assert plan.row_kind == "plan" and plan.cost_eur == 100.0 + 600.0 and plan.in_service_day == 1.0
    assert plan.person_days_restored == 1000.0 - 500.0 and plan.feasible
    assert math.isnan(plan.people_heated) and math.isnan(plan.snapshot_rank) and math.isnan(plan.cost_per_person_year_eur)
    # by hand: a 0.5 EUR/person-day, the plan 700/500 = 1.4, b 600/300 = 2.0
    assert over["rank"].tolist()[1:] == [1.0, 3.0, 2.0]
    assert over.loc["b", "in_service_day"] == 2.0 and math.isnan(over.loc["do nothing", "in_service_day"])
    assert over.loc["a then b", "cost_per_person_day_restored_eur"] == pytest.approx(1.4)
