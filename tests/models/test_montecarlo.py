"""Monte Carlo sweeps: the sampler's statistics, reproducibility across workers, a real Dask scheduler."""

from __future__ import annotations

import numpy as np
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.montecarlo import SweepSpec, run_sweep, sample_heat_damage, sample_water_damage, summarise
from teplovoda.models.water.scenario import build_network, load_scenario
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def water():
    scn = load_scenario(SCENARIOS / "water_trunk_main_break.toml")
    return scn, build_network(scn)


def test_break_counts_follow_the_rate(water):
    """Mean breaks over many draws = sum over pipes of 1 - exp(-rate x length) (no solves needed)."""
    _, net = water
    spec = SweepSpec(break_rate_per_km=0.3, isolate_breaks=False)
    draws = [len(sample_water_damage(net, spec, np.random.default_rng((5, i)))) for i in range(3000)]
    pipes = net.links[net.links["kind"] == "pipe"]
    expected = float((1 - np.exp(-0.3 * pipes["length_m"] / 1000.0)).sum())
    assert np.mean(draws) == pytest.approx(expected, rel=0.03)


def test_outage_probabilities(water):
    _, net = water
    spec = SweepSpec(break_rate_per_km=0.0, pump_outage_probability=0.5, source_outage_probability=0.2)
    kinds = [d.kind for i in range(2000) for d in sample_water_damage(net, spec, np.random.default_rng((9, i)))]
    assert kinds.count("pump_lost") / 2000 == pytest.approx(0.5 * len(net.pumps()), rel=0.08)
    assert kinds.count("source_lost") / 2000 == pytest.approx(0.2 * 5, rel=0.08)  # 2 reservoirs + 3 tanks


def test_heat_sampler_closes_routes_and_sources():
    from teplovoda.models.heat.scenario import build_network as build_heat
    from teplovoda.models.heat.scenario import load_scenario as load_heat

    net = build_heat(load_heat(SCENARIOS / "heat_plant_struck_january.toml"))
    spec = SweepSpec(break_rate_per_km=2.0, source_outage_probability=1.0)
    d = sample_heat_damage(net, spec, np.random.default_rng(1))
    assert {x.kind for x in d} == {"pipe_closed", "source_lost"}


def test_sweeps_are_reproducible_whatever_the_workers(water):
    scn, net = water
    spec = SweepSpec(samples=4, seed=21, break_rate_per_km=0.05)
    one = run_sweep("water", {"intact": net}, scn.hydraulics, spec, workers=1, progress=False)
    two = run_sweep("water", {"intact": net}, scn.hydraulics, spec, workers=2, progress=False)
    assert one.equals(two)
    s = summarise(one, "people_without")
    assert s.at["all", "samples"] == 4 and s.at["all", "p10"] <= s.at["all", "p50"] <= s.at["all", "p90"]


def test_sweep_on_an_existing_dask_scheduler(water):
    """A running scheduler given by address (here a real local cluster started by the test)."""
    from distributed import LocalCluster

    scn, net = water
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        table = run_sweep(
            "water",
            {"intact": net},
            scn.hydraulics,
            SweepSpec(samples=2, seed=3, break_rate_per_km=0.05),
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    assert list(table["sample"]) == [0, 1]


def test_water_sweep_evaluates_every_option_under_the_same_events():
    """City main broken: intact, damaged and both options swept with the same sampled breaks."""
    from teplovoda.models.water.scenario import apply_scenario_damage, option_network

    scn = load_scenario(SCENARIOS / "water_city_main_broken.toml")
    net = build_network(scn)
    nets = {"intact": net, "damaged": apply_scenario_damage(net, scn)}
    for i, opt in enumerate(scn.options):
        nets[opt.name] = option_network(net, scn, opt, i)
    spec = SweepSpec(samples=4, seed=5, break_rate_per_km=0.05)
    table = run_sweep("water", nets, scn.hydraulics, spec, workers=1, progress=False)
    again = run_sweep("water", nets, scn.hydraulics, spec, workers=2, progress=False)
    assert table.equals(again)  # same seed, same numbers, whatever the workers
    assert len(table) == 4 * 4 and set(table["case"]) == set(nets)
    assert table.groupby("sample")["case"].count().eq(4).all()
    assert table["converged"].all()
    stats = summarise(table, "people_without", "case")
    for option in ("repair the main", "close the break, 200 mm layflat bypass"):
        assert stats.at[option, "mean"] <= stats.at["damaged", "mean"]
    # the drawn breaks reach every case; the already broken main 153 is not broken again
    by_case = table.pivot(index="sample", columns="case", values="breaks")
    assert by_case["intact"].sum() > 0
    assert (by_case["damaged"] <= by_case["intact"]).all() and (by_case["repair the main"] == by_case["intact"]).all()
    # issue 15 point 12: rows and the summary in the cases' order, not the alphabet's
    assert list(table["case"]) == list(nets) * 4
    assert list(stats.index) == list(nets)
    assert stats.loc["damaged", "people_partial_p90"] >= stats.loc["damaged", "people_partial_p10"]


def test_each_sample_row_names_the_damage_its_case_got(water):
    """Issue 15 point 12: samples.csv says which elements broke, so a bad sample can be replayed."""
    from teplovoda.models.montecarlo import applicable_water_damage, water_sample
    from teplovoda.models.water.scenario import apply_scenario_damage

    scn, net = water
    nets = {"intact": net, "damaged": apply_scenario_damage(net, scn)}
    spec = SweepSpec(seed=4, break_rate_per_km=0.1, pump_outage_probability=0.5, isolate_breaks=False)
    index = next(i for i in range(50) if len(sample_water_damage(net, spec, np.random.default_rng((4, i)))) >= 2)
    drawn = sample_water_damage(net, spec, np.random.default_rng((4, index)))
    rows = {r["case"]: r for r in water_sample(nets, scn.hydraulics, spec, index)}
    for case, case_net in nets.items():
        mine = applicable_water_damage(case_net, drawn)
        names = [f"{d.kind} {getattr(d, 'pipe', None) or getattr(d, 'pump', None) or d.source}" for d in mine]
        assert rows[case]["damage"] == "; ".join(names)
        assert rows[case]["breaks"] == sum(d.kind == "pipe_break" for d in mine)


def test_the_summary_covers_partly_served_people():
    import pandas as pd

    table = pd.DataFrame(
        {
            "case": ["intact", "intact", "damaged", "damaged"],
            "people_without": [0.0, 10.0, 100.0, 300.0],
            "people_partial": [5.0, 15.0, 50.0, 70.0],
            "people_equivalent_served": [1.0, 1.0, 1.0, 1.0],
            "converged": [True, True, True, False],
        }
    )
    s = summarise(table, "people_without", "case")
    assert list(s.index) == ["intact", "damaged"]
    assert s.at["intact", "people_partial_mean"] == 10.0 and s.at["intact", "people_partial_max"] == 15.0
    assert s.at["damaged", "people_partial_mean"] == 50.0 and s.at["damaged", "not_converged"] == 1  # its numbers left out
    assert s.at["damaged", "mean"] == 100.0


def test_the_default_leak_area_is_declared_and_documented():
    from teplovoda.models.montecarlo import DEFAULT_LEAK_AREA_CM2
    from tests.conftest import REPO

    assert SweepSpec().leak_area_cm2 == DEFAULT_LEAK_AREA_CM2 == 200.0
    assert "leak_area_cm2 = 200" in (REPO / "README.md").read_text()


def test_applicable_damage_skips_missing_and_already_damaged_elements(water):
    from teplovoda.models.montecarlo import applicable_water_damage
    from teplovoda.models.water import damage as wd

    _, net = water
    broken = wd.apply_damage(net, [wd.PipeBreak(pipe="153", leak_area_cm2=100.0)])
    drawn = [wd.PipeBreak(pipe="153", leak_area_cm2=200.0), wd.PipeClosed(pipe="101"), wd.PumpLost(pump="nope")]
    assert applicable_water_damage(net, drawn) == drawn[:2]
    assert applicable_water_damage(broken, drawn) == [drawn[1]]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"samples": 0}, "samples must be >= 1"),
        ({"break_rate_per_km": -1.0}, "break_rate_per_km"),
        ({"pump_outage_probability": 1.5}, "pump_outage_probability must be between 0 and 1"),
    ],
)
def test_bad_sweep_specs(kwargs, message):
    with pytest.raises(InputError, match=message):
        SweepSpec(**kwargs)
