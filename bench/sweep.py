"""Benchmark: Monte Carlo damage sweep, scenarios per second, against a naive rebuild-every-time loop.

Both run the same samples (same seeds, same damage) of the shipped water scenario
``water_trunk_main_isolated.toml``:

* naive: for every sample, read the scenario and the .inp file, build the network, apply the damage,
  solve (one process, the way a first script would do it);
* teplovoda: ``models.montecarlo.run_sweep`` on a local Dask cluster; the network is built once and
  sent to the workers, each sample applies its damage to it.

The ratio (teplovoda / naive, in scenarios per second) is printed with both rates, measured in the
same run. Usage: python bench/sweep.py [--samples N] [--workers W]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np

from models.montecarlo import SweepSpec, run_sweep, sample_water_damage
from models.water import metrics
from models.water.damage import apply_damage
from models.water.hydraulics import solve
from models.water.scenario import build_network, load_scenario

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "water_trunk_main_isolated.toml"
OUT = Path(__file__).parent / "out"


def naive(spec: SweepSpec) -> list[float]:
    people = []
    for i in range(spec.samples):
        scn = load_scenario(SCENARIO)
        net = build_network(scn)
        damage = sample_water_damage(net, spec, np.random.default_rng((spec.seed, i)))
        res = solve(apply_damage(net, damage), scn.hydraulics)
        people.append(metrics.people_served(res.junctions)["people_without"])
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=96)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    spec = SweepSpec(samples=args.samples, seed=11, break_rate_per_km=0.1)
    scn = load_scenario(SCENARIO)
    solve(build_network(scn), scn.hydraulics)  # compile numba in this process before timing the naive loop
    print(f"[bench] naive loop, {spec.samples} samples ...", flush=True)
    t0 = time.perf_counter()
    naive_people = naive(spec)
    t_naive = time.perf_counter() - t0
    print(f"[bench] teplovoda sweep on a local Dask cluster of {args.workers} workers ...", flush=True)
    t0 = time.perf_counter()
    table = run_sweep("water", {"intact": build_network(scn)}, scn.hydraulics, spec, workers=args.workers, progress=False)
    t_sweep = time.perf_counter() - t0
    same = np.allclose(table["people_without"].to_numpy(), naive_people)
    rate_naive, rate_sweep = spec.samples / t_naive, spec.samples / t_sweep
    print(f"naive rebuild-every-time loop: {rate_naive:.2f} scenarios/s ({t_naive:.1f} s)")
    print(
        f"teplovoda sweep (reuse, Dask, {args.workers} workers, cluster start included): {rate_sweep:.2f} scenarios/s "
        f"({t_sweep:.1f} s)"
    )
    print(f"ratio {rate_sweep / rate_naive:.2f}; same results as the naive loop: {same}")
    OUT.mkdir(exist_ok=True)
    (OUT / "sweep.json").write_text(
        json.dumps(
            {
                "samples": spec.samples,
                "workers": args.workers,
                "naive_per_s": rate_naive,
                "sweep_per_s": rate_sweep,
                "ratio": rate_sweep / rate_naive,
                "same_results": bool(same),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
