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
    Travel,
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
        ([Repair("p", "heat", 1.0, 1.0)], {"water": CrewPool("water", 1)}, "crews.heat: repair 'p' needs one heat crew"),
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


# --- travel between jobs, repairs in stages (issue 16 point 2: scheduling realism) ---


def _travel_brute_force(repairs, count, mobilisation, depot, speed_km_per_h, route_factor):
    """min over every order and every crew for each repair of sum(benefit x end), each crew driving from the depot
    and between its jobs (route_factor x straight line at speed_km_per_h, 24 h a day), computed here from scratch."""
    best = math.inf
    for order in itertools.permutations(repairs):
        for crews in itertools.product(range(count), repeat=len(order) - 1):
            crews = (0, *crews)  # crews are alike: the first repair on crew 0
            t, at, total = [mobilisation] * count, [depot] * count, 0.0
            for r, k in zip(order, crews):
                km = route_factor * math.dist(at[k], (r.x_m, r.y_m)) / 1000.0
                t[k] += km / speed_km_per_h / 24.0 + r.duration_days
                at[k] = (r.x_m, r.y_m)
                total += r.benefit * t[k]
            best = min(best, total)
    return best


def _placed_case(seed, n):
    rng = random.Random(seed)
    return [
        Repair(
            f"r{i}",
            "water",
            rng.choice((0.5, 1.0, 1.5, 2.0)),
            float(rng.randint(0, 5000)),
            x_m=rng.uniform(0, 30_000),
            y_m=rng.uniform(0, 30_000),
        )
        for i in range(n)
    ]


def test_travel_by_hand_one_crew_two_repairs():
    """Depot (0, 0); a at (48 km, 0): 48 x 1.25 = 60 km at 10 km/h = 6 h = 0.25 day; b 96 km north of a:
    120 km = 12 h = 0.5 day. Mobilisation 1 day, a takes 1 day, b 2: a 1.25-2.25, b 2.75-4.75."""
    a = Repair("a", "water", 1.0, 100.0, x_m=48_000.0, y_m=0.0)
    b = Repair("b", "water", 2.0, 10.0, x_m=48_000.0, y_m=96_000.0)
    pools = {"water": CrewPool("water", 1, 1.0)}
    travel = Travel(10.0, 1.25)
    sched = list_schedule([a, b], pools, depot_xy=(0.0, 0.0), travel=travel)
    got = [(j.repair.element, j.travel_days, j.start_day, j.end_day) for j in sched.jobs]
    assert got == [("a", 0.25, 1.25, 2.25), ("b", 0.5, 2.75, 4.75)]
    assert sched.weighted_completion_person_days == 100 * 2.25 + 10 * 4.75
    # b first: depot -> b is hypot(48, 96) x 1.25 km = 134.16 km = 0.559 day; b -> a 0.5 day
    to_b = 1.25 * math.hypot(48, 96) / 10 / 24
    first_b = list_schedule([b, a], pools, travel=travel)
    assert first_b.end_of("b") == pytest.approx(1 + to_b + 2)
    assert first_b.end_of("a") == pytest.approx(1 + to_b + 2 + 0.5 + 1)
    for sched in (ratio_rule([b, a], pools, travel=travel), optimal([b, a], pools, travel=travel)):
        assert sched.weighted_completion_person_days == pytest.approx(100 * 2.25 + 10 * 4.75)
    assert Travel(10.0).route_factor == 1.3  # the default, an assumption


def test_without_travel_time_distance_adds_nothing():
    a = Repair("a", "water", 1.0, 100.0, x_m=48_000.0)
    sched = list_schedule([a], {"water": CrewPool("water", 1, 1.0)}, depot_xy=(0.0, 0.0))
    assert (sched.jobs[0].start_day, sched.jobs[0].travel_days) == (1.0, 0.0)


@pytest.mark.parametrize(("seed", "n", "crews"), [(21, 7, 1), (22, 7, 2), (23, 6, 2), (24, 5, 3), (25, 6, 3)])
def test_exact_schedule_with_travel_equals_brute_force_over_every_order_and_crew(seed, n, crews):
    repairs = _placed_case(seed, n)
    pools = {"water": CrewPool("water", crews, 0.5)}
    depot, travel = (5_000.0, 2_000.0), Travel(20.0, 1.4)
    exact = optimal(repairs, pools, depot, travel)
    brute = _travel_brute_force(repairs, crews, 0.5, depot, 20.0, 1.4)
    assert exact.weighted_completion_person_days == pytest.approx(brute, rel=1e-9)
    assert exact.status == "enumerated" and exact.mip_gap == 0.0
    assert sorted(j.repair.element for j in exact.jobs) == sorted(r.element for r in repairs)
    _assert_feasible(exact, pools, depot, travel)
    for rule in (ratio_rule, critical_rule, nearest_rule):
        sched = rule(repairs, pools, depot, travel)
        _assert_feasible(sched, pools, depot, travel)
        assert sched.weighted_completion_person_days >= brute - 1e-6


def _assert_feasible(sched, pools, depot, travel):
    """Each crew's jobs one after another with the travel between them; each stage after the one before."""
    for trade, crew in {(j.repair.trade, j.crew) for j in sched.jobs}:
        mine = sorted((j for j in sched.jobs if (j.repair.trade, j.crew) == (trade, crew)), key=lambda j: j.start_day)
        t, at = pools[trade].mobilisation_days, depot
        for j in mine:
            move = travel.days(at, j.repair.xy) if travel else 0.0
            assert j.start_day >= t + move - 1e-9
            assert j.end_day == pytest.approx(j.start_day + j.repair.duration_days)
            t, at = j.end_day, j.repair.xy
    ends = {(j.repair.element, j.repair.stage): j.end_day for j in sched.jobs}
    for j in sched.jobs:
        if j.repair.stage:
            assert j.start_day >= ends[(j.repair.element, j.repair.stage - 1)] - 1e-9


def _staged(name, parts, benefit, **kw):
    return [Repair(name, trade, d, benefit, stage=k, stages=len(parts), **kw) for k, (trade, d) in enumerate(parts)]


def test_a_repair_in_two_trades_by_hand():
    """Pumping station P: electrical 1 day, then water 2 days, 300 people; pipe Q: water 1 day, 50 people; one crew
    of each from day 0. P first on the water crew: Q waits, 300 x 3 + 50 x 4 = 1,100 person-days. The water crew
    repairs Q while the electrician works: Q 0-1, P's pump 1-3, 300 x 3 + 50 x 1 = 950 (the optimum)."""
    repairs = [*_staged("P", [("electrical", 1.0), ("water", 2.0)], 300.0), Repair("Q", "water", 1.0, 50.0)]
    pools = {"water": CrewPool("water", 1), "electrical": CrewPool("electrical", 1)}
    ratio = ratio_rule(repairs, pools)  # P: 300 / 3 days = 100 a day before Q's 50
    assert [(j.repair.element, j.repair.trade, j.start_day, j.end_day) for j in ratio.jobs] == [
        ("P", "electrical", 0.0, 1.0),
        ("P", "water", 1.0, 3.0),
        ("Q", "water", 3.0, 4.0),
    ]
    assert ratio.weighted_completion_person_days == 1100.0 and ratio.end_of("P") == 3.0
    exact = optimal(repairs, pools)
    assert exact.weighted_completion_person_days == 950.0
    assert (exact.end_of("Q"), exact.end_of("P")) == (1.0, 3.0)
    assert exact.status == "enumerated"
    assert list_schedule([repairs[1], repairs[0]], pools).end_of("P") == 3.0  # a stage listed first waits its turn


def _stages_brute_force(repairs, pools, depot, travel):
    """min sum(benefit x end of the last stage) over every start order of all stages and every crew for each:
    placed in that order, each as early as its crew (after travel) and its previous stage allow; an order putting
    a stage before its previous one is skipped. Any schedule is no better than the one its start order gives."""
    best = math.inf
    for order in itertools.permutations(repairs):
        seen, ok = set(), True
        for r in order:
            if r.stage and (r.element, r.stage - 1) not in seen:
                ok = False
                break
            seen.add((r.element, r.stage))
        if not ok:
            continue
        for crews in itertools.product(*(range(pools[r.trade].count) for r in order)):
            free = {(t, k): p.mobilisation_days for t, p in pools.items() for k in range(p.count)}
            at = dict.fromkeys(free, depot)
            ends, total = {}, 0.0
            for r, k in zip(order, crews):
                move = travel.days(at[(r.trade, k)], (r.x_m, r.y_m)) if travel else 0.0
                start = max(free[(r.trade, k)] + move, ends.get((r.element, r.stage - 1), 0.0))
                free[(r.trade, k)] = ends[(r.element, r.stage)] = start + r.duration_days
                at[(r.trade, k)] = (r.x_m, r.y_m)
                if r.stage == r.stages - 1:
                    total += r.benefit * (start + r.duration_days)
            best = min(best, total)
    return best


def _staged_case(seed, n_single, n_staged):
    rng = random.Random(seed)
    out = []
    for i in range(n_staged):
        parts = [("electrical", rng.choice((0.5, 1.0, 2.0))), ("water", rng.choice((1.0, 1.5, 3.0)))]
        xy = {"x_m": rng.uniform(0, 20_000), "y_m": rng.uniform(0, 20_000)}
        out += _staged(f"s{i}", parts, float(rng.randint(0, 5000)), **xy)
    for i in range(n_single):
        trade = rng.choice(("water", "water", "electrical"))
        xy = {"x_m": rng.uniform(0, 20_000), "y_m": rng.uniform(0, 20_000)}
        out.append(Repair(f"r{i}", trade, rng.choice((0.5, 1.0, 2.0)), float(rng.randint(0, 5000)), **xy))
    return out


@pytest.mark.parametrize(
    ("seed", "n_single", "n_staged", "water", "travel"),
    [
        (31, 2, 2, 1, None),
        (32, 3, 2, 2, None),
        (33, 2, 2, 2, Travel(15.0)),
        (34, 1, 3, 2, Travel(30.0, 1.1)),
        (35, 3, 1, 1, None),
        (37, 4, 1, 2, Travel(10.0)),
        (38, 1, 3, 1, None),
    ],
)
def test_exact_schedule_of_repairs_in_stages_equals_brute_force(seed, n_single, n_staged, water, travel):
    repairs = _staged_case(seed, n_single, n_staged)
    pools = {"water": CrewPool("water", water, 1.0), "electrical": CrewPool("electrical", 1, 0.5)}
    depot = (1_000.0, 1_000.0)
    exact = optimal(repairs, pools, depot, travel)
    brute = _stages_brute_force(repairs, pools, depot, travel)
    assert exact.weighted_completion_person_days == pytest.approx(brute, rel=1e-9)
    _assert_feasible(exact, pools, depot, travel)
    assert len(exact.jobs) == len(repairs)
    for name, sched in schedules("all", repairs, pools, depot, travel).items():
        _assert_feasible(sched, pools, depot, travel)
        assert sched.weighted_completion_person_days >= brute - 1e-6, name


def test_stages_exact_search_gives_up_unproven_beyond_its_branches(monkeypatch):
    from teplovoda.models.recovery import schedule

    repairs = _staged_case(36, 4, 3)
    pools = {"water": CrewPool("water", 2), "electrical": CrewPool("electrical", 1)}
    monkeypatch.setattr(schedule, "MAX_EXACT_BRANCHES", 20)
    with pytest.raises(InputError, match="the exact search stopped after 20 branches without a proof"):
        optimal(repairs, pools)
    assert list(schedules("all", repairs, pools)) == ["ratio", "critical", "nearest"]


def test_more_crews_than_repairs_with_travel_each_repair_on_its_own_crew():
    """Three repairs, 500 crews: each crew drives straight from the depot, so every repair ends at mobilisation +
    its drive + its duration (by hand: 12 km x 1.3 at 13 km/h = 1.2 h = 0.05 day)."""
    repairs = [Repair(f"r{i}", "water", 1.0 + i, 10.0, x_m=12_000.0) for i in range(3)]
    exact = optimal(repairs, {"water": CrewPool("water", 500, 1.0)}, (0.0, 0.0), Travel(13.0))
    assert sorted(j.end_day for j in exact.jobs) == pytest.approx([2.05, 3.05, 4.05])
    assert len({j.crew for j in exact.jobs}) == 3
