"""Issue 16 point 2: repair schedules against independent references: brute force over every order, Smith's
rule's closed form for one crew, and person-days by hand bookkeeping."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.recovery.schedule import (
    CrewPool,
    Repair,
    critical_rule,
    list_schedule,
    nearest_rule,
    optimal,
    ratio_rule,
    schedules,
)


def _brute_force(repairs, count, mobilisation):
    """min over every order of sum(benefit x end) with each repair to the crew free first, computed here from scratch:
    an optimal schedule with all repairs ready at once is a list schedule of some order (start-time order)."""
    best = math.inf
    for order in itertools.permutations(repairs):
        free = [mobilisation] * count
        total = 0.0
        for r in order:
            k = free.index(min(free))
            free[k] += r.duration_days
            total += r.benefit * free[k]
        best = min(best, total)
    return best


def _random_case(seed, n, durations=(0.5, 1.0, 1.5, 2.0, 3.0, 4.25)):
    rng = random.Random(seed)
    return [Repair(f"r{i}", "water", rng.choice(durations), float(rng.randint(0, 5000))) for i in range(n)]


@pytest.mark.parametrize(("seed", "n", "crews"), [(1, 4, 1), (2, 5, 2), (3, 6, 2), (4, 7, 3), (5, 7, 2), (6, 6, 3)])
def test_exact_schedule_equals_brute_force_over_every_order(seed, n, crews):
    repairs = _random_case(seed, n)
    pools = {"water": CrewPool("water", crews, 1.0)}
    exact = optimal(repairs, pools)
    assert exact.weighted_completion_person_days == pytest.approx(_brute_force(repairs, crews, 1.0), rel=1e-9)
    assert exact.mip_gap == pytest.approx(0.0, abs=1e-6) and "Optimal" in exact.status
    assert sorted(j.repair.element for j in exact.jobs) == sorted(r.element for r in repairs)


def test_exact_schedule_with_durations_off_the_hour_grid_uses_the_disjunctive_model():
    repairs = _random_case(7, 5, durations=(0.3, 1.07, 2.0, 0.77))
    pools = {"water": CrewPool("water", 2, 0.5)}
    exact = optimal(repairs, pools)
    assert exact.weighted_completion_person_days == pytest.approx(_brute_force(repairs, 2, 0.5), rel=1e-6)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_smiths_rule_is_optimal_for_one_crew_and_matches_its_closed_form(seed):
    repairs = _random_case(seed, 6)
    pools = {"water": CrewPool("water", 1, 2.0)}
    rule = ratio_rule(repairs, pools)
    # closed form: in w/p order, C_j = mobilisation + sum of p up to j
    order = sorted(repairs, key=lambda r: -r.benefit / r.duration_days)
    t, closed = 2.0, 0.0
    for r in order:
        t += r.duration_days
        closed += r.benefit * t
    assert rule.weighted_completion_person_days == pytest.approx(closed)
    assert closed == pytest.approx(_brute_force(repairs, 1, 2.0))


def test_two_breaks_closed_form_and_the_hand_schedule():
    """a: 1 day, 100 people; b: 3 days, 200 people; one crew from day 1. a first: 100 x 2 + 200 x 5 = 1,200
    person-days; b first: 200 x 4 + 100 x 5 = 1,300. Smith: 100/1 > 200/3, so a first."""
    a, b = Repair("a", "water", 1.0, 100.0), Repair("b", "water", 3.0, 200.0)
    pools = {"water": CrewPool("water", 1, 1.0)}
    assert list_schedule([b, a], pools).weighted_completion_person_days == 1300.0
    for sched in (ratio_rule([b, a], pools), optimal([b, a], pools)):
        assert sched.weighted_completion_person_days == 1200.0
        assert [(j.repair.element, j.start_day, j.end_day) for j in sched.jobs] == [("a", 1.0, 2.0), ("b", 2.0, 5.0)]


def test_list_schedule_puts_each_repair_on_the_crew_free_first():
    rs = [Repair(n, "water", d, 1.0) for n, d in (("x", 3.0), ("y", 1.0), ("z", 1.0), ("w", 2.0))]
    sched = list_schedule(rs, {"water": CrewPool("water", 2, 0.5)})
    # crew 1: x 0.5-3.5; crew 2: y 0.5-1.5, z 1.5-2.5, w 2.5-4.5
    got = {j.repair.element: (j.crew, j.start_day, j.end_day) for j in sched.jobs}
    assert got == {"x": (0, 0.5, 3.5), "y": (1, 0.5, 1.5), "z": (1, 1.5, 2.5), "w": (1, 2.5, 4.5)}
    assert sched.weighted_completion_person_days == 3.5 + 1.5 + 2.5 + 4.5


def test_critical_first_and_nearest_first():
    rs = [
        Repair("far", "water", 1.0, 900.0, x_m=10.0),
        Repair("near", "water", 1.0, 10.0, x_m=1.0),
        Repair("mid", "water", 1.0, 50.0, critical=True, x_m=4.0),
    ]
    pools = {"water": CrewPool("water", 1, 0.0)}
    assert [j.repair.element for j in critical_rule(rs, pools).jobs] == ["mid", "far", "near"]
    assert [j.repair.element for j in ratio_rule(rs, pools).jobs] == ["far", "mid", "near"]
    # from the depot at 0: near (1), then mid (3 away), then far (6 away)
    assert [j.repair.element for j in nearest_rule(rs, pools, (0.0, 0.0)).jobs] == ["near", "mid", "far"]
    assert [j.repair.element for j in nearest_rule(rs, pools, (12.0, 0.0)).jobs] == ["far", "mid", "near"]


def test_trades_have_their_own_crews_and_all_runs_every_rule():
    rs = [Repair("p", "water", 2.0, 10.0), Repair("t", "electrical", 1.0, 5.0)]
    pools = {"water": CrewPool("water", 1, 1.0), "electrical": CrewPool("electrical", 1, 3.0)}
    out = schedules("all", rs, pools)
    assert list(out) == ["ratio", "critical", "nearest", "optimal"]
    for sched in out.values():
        assert sched.end_of("p") == 3.0 and sched.end_of("t") == 4.0


@pytest.mark.parametrize(
    ("repairs", "pools", "message"),
    [
        ([Repair("p", "heat", 1.0, 1.0)], {"water": CrewPool("water", 1)}, "crews.heat: repair 'p' needs a heat crew"),
        ([Repair("p", "water", -1.0, 1.0)], {"water": CrewPool("water", 1)}, "duration_days must be > 0"),
        ([Repair("p", "water", math.nan, 1.0)], {"water": CrewPool("water", 1)}, "duration_days must be > 0"),
        ([Repair("p", "water", 1.0, 1.0)] * 2, {"water": CrewPool("water", 1)}, "listed twice"),
    ],
)
def test_bad_repairs_are_one_line_errors(repairs, pools, message):
    with pytest.raises(InputError, match=message):
        ratio_rule(repairs, pools)


def test_exact_method_refuses_more_than_it_takes():
    rs = [Repair(f"r{i}", "water", 1.0, 1.0) for i in range(9)]
    with pytest.raises(InputError, match="at most 8"):
        optimal(rs, {"water": CrewPool("water", 2)})
    assert "optimal" not in schedules("all", rs, {"water": CrewPool("water", 2)})
