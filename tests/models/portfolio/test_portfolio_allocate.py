"""The exact allocation equals brute force on small random portfolios; the greedy baseline never beats it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from teplovoda.models.portfolio import Problem, solve_exact, solve_greedy


def random_problem(seed: int, n_sites: int, n_types: int) -> Problem:
    rng = np.random.default_rng(seed)
    pairs = [(s, k) for s in range(n_sites) for k in range(n_types) if rng.random() < 0.75]
    site = np.array([s for s, _ in pairs], dtype=int)
    kind = np.array([k for _, k in pairs], dtype=int)
    value = rng.uniform(1e3, 1e6, len(pairs)).round()
    cost = rng.uniform(1e4, 1e5, len(pairs)).round()
    counts = rng.integers(0, 3, n_types).astype(float)
    budget = float(cost.sum() * rng.uniform(0.1, 0.5))
    present = sorted(set(site.tolist()))
    must = frozenset(rng.choice(present, size=min(len(present), int(rng.integers(0, 3))), replace=False).tolist())
    return Problem(
        sites=tuple(f"s{i}" for i in range(n_sites)),
        types=tuple(f"t{k}" for k in range(n_types)),
        site=site,
        kind=kind,
        value=value,
        cost=cost,
        counts=counts,
        budget=budget,
        must=must,
    )


def brute_force(p: Problem) -> float | None:
    """The best total value over every choice of at most one pair per site (None: nothing feasible)."""
    options = [[None] + list(np.flatnonzero(p.site == s)) for s in range(len(p.sites))]
    best = None
    for choice in itertools.product(*options):
        chosen = [i for i in choice if i is not None]
        if sum(p.cost[chosen]) > p.budget + 1e-6:
            continue
        if any(np.sum(p.kind[chosen] == k) > p.counts[k] for k in range(len(p.types))):
            continue
        if any(choice[s] is None for s in p.must):
            continue
        total = float(p.value[chosen].sum())
        best = total if best is None or total > best else best
    return best


CASES = [(seed, n_sites, n_types) for seed in range(6) for n_sites, n_types in ((4, 3), (6, 4))] + [(100, 8, 4), (101, 8, 4)]


@pytest.mark.parametrize(("seed", "n_sites", "n_types"), CASES)
def test_milp_equals_brute_force_and_greedy_is_not_better(seed, n_sites, n_types):
    p = random_problem(seed, n_sites, n_types)
    expected = brute_force(p)
    exact = solve_exact(p)
    if expected is None:
        assert not exact.feasible
        return
    assert exact.feasible and exact.gap == pytest.approx(0.0, abs=1e-9)
    assert exact.value == pytest.approx(expected, rel=1e-9)
    assert exact.cost <= p.budget + 1e-6
    greedy = solve_greedy(p)
    if greedy.feasible:
        assert greedy.value <= exact.value + 1e-6


def test_a_committed_set_is_placed_and_counted():
    p = random_problem(3, 5, 3)
    p = Problem(**{**p.__dict__, "must": frozenset(), "counts": np.full(3, 2.0), "budget": float(p.cost.sum())})
    worst = int(np.argmin(p.value))
    fixed = Problem(**{**p.__dict__, "fixed": frozenset({worst})})
    s = solve_exact(fixed)
    assert worst in s.chosen
    assert s.value <= solve_exact(p).value + 1e-6


def test_a_quota_is_met():
    p = random_problem(5, 6, 3)
    p = Problem(**{**p.__dict__, "must": frozenset(), "counts": np.full(3, 6.0), "budget": 1e12})
    capped = Problem(**{**p.__dict__, "quotas": ((frozenset({0, 1, 2}), 0, 1),)})
    s = solve_exact(capped)
    assert sum(int(p.site[i]) in {0, 1, 2} for i in s.chosen) <= 1
    assert solve_greedy(capped).value <= s.value + 1e-6
