"""The motor start on a generator in closed form (``StartStudy._generator_start_pu``) against pandapower's power
flow of the same two-bus net: random sites (motors of every starting method, auxiliary loads, CHP), sets and
starts, one motor or all together. Where the power flow converges the two agree to 1e-6 pu; where it does not,
the closed form finds no operating point either (a collapse: 0.0)."""

from __future__ import annotations

import random

import pandapower as pp
import pytest

from teplovoda.models.power.generators import STARTING_METHODS
from teplovoda.models.power.site import AuxLoad, Motor, Site, StartStudy, motor_running_kw


def _power_flow_pu(study: StartStudy, starting, kva: float) -> float:
    """The power-flow path the closed form replaced (set the net, run pandapower's Newton from a flat start)."""
    load_kva = study._set(starting, kva, start=True)
    if study._load_mva().real > 0 and load_kva > kva:
        return 0.0
    try:
        study._runpp()
    except pp.LoadflowNotConverged:
        return 0.0
    return float(study.net.res_bus.at[study.bus, "vm_pu"])


@pytest.mark.parametrize("seed", range(12))
def test_the_closed_form_start_is_pandapowers_power_flow(seed):
    rng = random.Random(seed)
    methods = sorted(STARTING_METHODS)
    motors = [
        Motor(
            f"M{k}",
            rated_kw=rng.uniform(5, 400),
            starting=rng.choice(methods),
            running_kw=0.0,
            power_factor=rng.uniform(0.75, 0.92),
            efficiency=rng.uniform(0.88, 0.96),
        )
        for k in range(rng.randint(1, 5))
    ]
    motors = [Motor(m.name, m.rated_kw, m.starting, running_kw=m.rated_kw * rng.uniform(0.3, 1.0)) for m in motors]
    running = motor_running_kw(motors, None)
    aux = [AuxLoad("aux", rng.uniform(0, 60), rng.uniform(0.7, 1.0))]
    chp_kw = rng.choice([0.0, 0.0, rng.uniform(20, 200)])
    study = StartStudy(Site(), running, aux, generator=True, chp_kw=chp_kw, chp_pf=rng.uniform(0.8, 1.0))
    events = [*running.index, tuple(running.index)]
    compared = 0
    for kva in [rng.uniform(20, 3000) for _ in range(12)]:
        for starting in events:
            closed = study.voltage_pu(starting, kva)
            flow = _power_flow_pu(study, starting, kva)
            if flow > 0:
                assert closed == pytest.approx(flow, abs=1e-6)  # pandapower stops at 1e-8 MVA of mismatch
                compared += 1
            else:
                assert closed == 0.0 or closed < 0.5, (kva, starting, closed)  # no solution, or one Newton misses
    assert compared > 0
