"""The water recovery sweep with options over days (issue 16): the draws against numpy's own stream in the
documented order, the plans of a sample against ``water_plans`` on that sample written as a scenario file, and
the rule for options under sampled damage (an option repairs and closes only what the sample damaged).

The samples are run one by one (``recovery_sample``, no Dask): the CLI tests run the Dask sweep itself.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import wntr

from teplovoda.models import kinds
from teplovoda.models.recovery import spec as rspec
from teplovoda.models.recovery import sweep as rsweep
from teplovoda.models.recovery import water_plans
from teplovoda.models.recovery.water_plans import NO_ACTION
from teplovoda.models.water.scenario import BypassPipe, WaterOption, build_network
from tests.conftest import SCENARIOS

EXAMPLE = SCENARIOS / "water_city_main_sweep_options.toml"
NET3 = SCENARIOS / "networks" / "Net3.inp"
M_PER_KM = 1000.0


@pytest.fixture(scope="module")
def example():
    scn = kinds.get("water").load(EXAMPLE)
    return scn, build_network(scn)


def _sweep(scn, spread=None) -> rsweep.RecoverySweep:
    s = scn.sweep
    mob = s.recovery_mobilisation_days
    return rsweep.RecoverySweep(tuple(s.recovery_crews), (mob[0], mob[-1]), spread or scn.recovery.lead_time_spread)


@pytest.mark.parametrize("index", [0, 3, 7])
def test_the_draws_are_numpys_stream_in_the_documented_order(example, index):
    """By hand from wntr's reading of Net3: one uniform per pipe (file order) against 1 - exp(-rate x km), one per
    pump, one per reservoir and tank, the crews' index, the mobilisation, then one factor per option's lead time."""
    scn, net = example
    spec, sweep = scn.sweep, _sweep(scn)
    wn = wntr.network.WaterNetworkModel(str(NET3))
    names = list(wn.pipe_name_list)
    km = np.array([wn.get_link(n).length for n in names]) / M_PER_KM
    rng = np.random.default_rng((spec.seed, index))
    broken = [n for n, u, L in zip(names, rng.random(len(names)), km) if u < 1.0 - math.exp(-spec.break_rate_per_km * L)]
    rng.random(len(wn.pump_name_list))  # pump outages: probability 0
    rng.random(len(wn.reservoir_name_list) + len(wn.tank_name_list))  # source outages: probability 0
    crews = spec.recovery_crews[int(rng.integers(len(spec.recovery_crews)))]
    lo, hi = spec.recovery_mobilisation_days
    mobilisation = lo + (hi - lo) * rng.random()
    (flo, fhi), lead = scn.recovery.lead_time_spread, {}
    for t in scn.recovery.options:
        lead[t.option] = t.lead_time_days * (flo + (fhi - flo) * rng.random())

    damage, got_crews, got_mob, got_lead = rsweep.draw(net, spec, sweep, index, scn.recovery.options)
    assert [d.pipe for d in damage] == broken and all(d.leak_area_cm2 == 700.0 for d in damage)
    assert got_crews == crews and got_mob == mobilisation
    assert got_lead == lead
    # without options nothing more is drawn, and what is drawn is the same
    assert rsweep.draw(net, spec, sweep, index) == (damage, crews, mobilisation, {})


def test_options_do_not_move_the_damage_crews_mobilisation_or_the_rules(example):
    scn, net = example
    bare = dataclasses.replace(scn, options=(), recovery=dataclasses.replace(scn.recovery, options=()))
    with_options = rsweep.recovery_sample({"scenario": scn, "net": net}, _sweep(scn), 1)
    without = rsweep.recovery_sample({"scenario": bare, "net": net}, _sweep(bare), 1)
    assert set(without) < set(with_options)
    assert {k: with_options[k] for k in without} == without
    assert not [k for k in without if ":" in k]  # no plan or lead-time column without options


def _replay_text(scn, row: dict) -> str:
    """One sample as a scenario file, each option's repair and close kept by hand to the sample's broken pipes (an
    option aimed only at intact pipes written without its pipes: not deployed)."""
    broken = [item.split(" ")[1] for item in row["damage"].split("; ")]  # in the sample's order (the schedule's ties)
    body = "".join(f'[[damage]]\ntype = "pipe_break"\npipe = "{p}"\nleak_area_cm2 = 700.0\n' for p in broken)
    for o in scn.options:
        body += f'[[options]]\nname = "{o.name}"\nrepair = {[e for e in o.repair if e in broken]}\n'
        body += f"close = {[e for e in o.close if e in broken]}\n".replace("'", '"')
        aimed = {*o.repair, *o.close}
        for p in o.pipes if not aimed or aimed & set(broken) else ():
            body += (
                f'[[options.pipes]]\nname = "{p.name}"\nfrom_junction = "{p.from_junction}"\nto_junction = "{p.to_junction}"\n'
            )
            body += f"length_m = {p.length_m}\ndiameter_m = {p.diameter_m}\nhazen_williams_c = {p.hazen_williams_c}\n"
    body = body.replace("'", '"')
    body += f"[recovery]\ncrews = {{water = {row['crews']}}}\nmobilisation_days = {{water = {row['mobilisation_days']!r}}}\n"
    body += f"horizon_days = {scn.recovery.horizon_days}\n"
    for t in scn.recovery.options:
        body += f'[[recovery.options]]\noption = "{t.option}"\nlead_time_days = {t.lead_time_days}\ncost_eur = {t.cost_eur}\n'
    head = f'[scenario]\nname = "replay"\nkind = "water"\n[network]\ninp_file = "{NET3}"\n'
    return head + "[hydraulics]\nmin_pressure_m = 0.0\nrequired_pressure_m = 20.0\n[population]\ntotal = 300000\n" + body


@pytest.mark.parametrize("index", [0, 2])
def test_with_spread_one_a_sample_is_water_plans_on_its_damage_written_as_a_scenario(example, tmp_path, index):
    scn, net = example
    row = rsweep.recovery_sample({"scenario": scn, "net": net}, _sweep(scn, (1.0, 1.0)), index)
    for t in scn.recovery.options:
        assert row[f"lead_time_days:{t.option}"] == t.lead_time_days
    path = tmp_path / "replay.toml"
    path.write_text(_replay_text(scn, row))
    ref = water_plans.plan(kinds.get("water").load(path))
    assert set(ref.plans) == {NO_ACTION, *(t.option for t in scn.recovery.options)}
    base = ref.plans[NO_ACTION].person_days_without
    assert base > 0
    for name, p in ref.plans.items():
        assert row[f"person_days_without_water:{name}"] == pytest.approx(p.person_days_without, rel=1e-9, abs=1e-6), name
        if name != NO_ACTION:
            assert row[f"person_days_restored:{name}"] == pytest.approx(base - p.person_days_without, rel=1e-9, abs=1e-6)
            cost = {t.option: t.cost_eur for t in scn.recovery.options}[name]
            saved = base - p.person_days_without
            if saved > 1e-6:
                assert row[f"cost_per_person_day_restored_eur:{name}"] == pytest.approx(cost / saved, rel=1e-9)
    # the repairs end within the horizon here, so no action is the network_ratio rule's figure
    assert row["last_day"] < scn.recovery.horizon_days
    assert row[f"person_days_without_water:{NO_ACTION}"] == pytest.approx(row["person_days_network_ratio"], rel=1e-9)


def _probe(scn, intact: str, broken: str, lead: float = 0.5):
    """``scn`` with probe options: a layflat beside pipe 291 alone, with the repair of the ``intact`` pipe, with its
    closure; the repair and the closure of the ``intact`` pipe alone; the repair of the ``broken`` pipe alone."""
    layflat = BypassPipe(name="probe_291", from_junction="255", to_junction="253", length_m=1200.0, diameter_m=0.15)
    probes = {
        "pipes": WaterOption("pipes", pipes=(layflat,)),
        "pipes + repair intact": WaterOption("pipes + repair intact", repair=(intact,), pipes=(layflat,)),
        "pipes + close intact": WaterOption("pipes + close intact", close=(intact,), pipes=(layflat,)),
        "repair intact": WaterOption("repair intact", repair=(intact,)),
        "close intact": WaterOption("close intact", close=(intact,)),
        "repair broken": WaterOption("repair broken", repair=(broken,)),
    }
    timings = tuple(rspec.OptionTiming(name, lead, None, 1000.0) for name in probes)
    return dataclasses.replace(scn, options=tuple(probes.values()), recovery=dataclasses.replace(scn.recovery, options=timings))


def test_an_option_aimed_only_at_an_intact_pipe_is_not_deployed_and_restores_nothing(example):
    scn, net = example
    index = 0
    damage = rsweep.draw(net, scn.sweep, _sweep(scn), index)[0]
    broken = {d.pipe for d in damage}
    intact = "233"  # a 610 mm main (36.6 m: breaks in 1 % of samples)
    assert intact not in broken and "329" in broken
    case = _probe(scn, intact, "329")
    row = rsweep.recovery_sample({"scenario": case, "net": net}, _sweep(case, (1.0, 1.0)), index)
    pd = {name: row[f"person_days_without_water:{name}"] for name in rsweep.plan_names(case)}
    # aimed at the intact main alone: its layflat is not laid either, so it is no action to the last digit
    for name in ("pipes + repair intact", "pipes + close intact"):
        assert pd[name] == pytest.approx(pd[NO_ACTION], abs=1e-6)
    for name in ("repair intact", "close intact", "pipes + repair intact", "pipes + close intact"):
        assert row[f"person_days_restored:{name}"] == pytest.approx(0.0, abs=1e-6)
        assert math.isnan(row[f"cost_per_person_day_restored_eur:{name}"])
    # a damaged pipe is kept: the river main repaired on day 0.5 restores people before the crews reach it
    assert row["person_days_restored:repair broken"] > 1000.0
    kept = rsweep.sampled_options(
        (WaterOption("x", repair=(intact, "329"), close=(intact, "329"), pipes=(layflat_of(case),)),), damage
    )
    assert kept[0].repair == ("329",) and kept[0].close == ("329",) and kept[0].pipes == (layflat_of(case),)
    idle = rsweep.sampled_options(
        (WaterOption("y", repair=(intact,), pipes=(layflat_of(case),)), WaterOption("z", pipes=(layflat_of(case),))), damage
    )
    assert idle[0].pipes == () and idle[0].repair == () and idle[1].pipes == (layflat_of(case),)


def layflat_of(scn) -> BypassPipe:
    return scn.options[0].pipes[0]


def test_an_option_drawn_to_arrive_after_the_horizon_is_never_in_service(example):
    scn, net = example
    late = dataclasses.replace(scn.recovery.options[2], lead_time_days=20.0)  # x 2 = day 40, horizon 30
    case = dataclasses.replace(scn, recovery=dataclasses.replace(scn.recovery, options=(late,)))
    row = rsweep.recovery_sample({"scenario": case, "net": net}, _sweep(case, (2.0, 2.0)), 0)
    assert row[f"lead_time_days:{late.option}"] == 40.0
    assert row[f"person_days_without_water:{late.option}"] == row[f"person_days_without_water:{NO_ACTION}"]
    assert row[f"person_days_restored:{late.option}"] == 0.0
    assert math.isnan(row[f"cost_per_person_day_restored_eur:{late.option}"])


def test_a_sample_without_damage_loses_nothing_in_every_plan(example):
    scn, net = example
    calm = dataclasses.replace(scn, sweep=dataclasses.replace(scn.sweep, break_rate_per_km=0.0))
    row = rsweep.recovery_sample({"scenario": calm, "net": net}, _sweep(calm), 0)
    assert row["repairs"] == 0
    for name in rsweep.plan_names(calm):
        assert row[f"person_days_without_water:{name}"] == 0.0
