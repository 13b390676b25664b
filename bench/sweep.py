"""Benchmark: Monte Carlo damage sweep, scenarios per second, against a naive rebuild-every-time loop.

Both run the same samples (same seeds, same damage) of the shipped water scenario
``water_trunk_main_isolated.toml``:

* naive: for every sample, read the scenario and the .inp file, build the network, apply the damage,
  solve (one process, the way a first script would do it);
* teplovoda: ``teplovoda.models.montecarlo.run_sweep`` on a local Dask cluster; the network is built once and
  sent to the workers, each sample applies its damage to it.

The ratio (teplovoda / naive, in scenarios per second) is printed with both rates, measured in the
same run.

Then the city main (``water_city_main_broken.toml``): ``--city-samples`` samples (default 1,000), every
case of every sample (intact, damaged, each option), on the local Dask cluster with its start
included; the time per case is printed as a multiple of one raw EPANET 2.3 solve of the same network
(openH, initH, runH, closeH on an open project) measured in the same run.

Usage: python bench/sweep.py [--samples N] [--workers W] [--city-samples N]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np

from teplovoda.models.montecarlo import SweepSpec, run_sweep, sample_water_damage
from teplovoda.models.water import metrics
from teplovoda.models.water.damage import apply_damage
from teplovoda.models.water.hydraulics import solve
from teplovoda.models.water.scenario import build_network, load_scenario

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "water_trunk_main_isolated.toml"
CITY = Path(__file__).resolve().parents[1] / "scenarios" / "water_city_main_broken.toml"
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


def raw_epanet_solve_s(inp: Path, repeat: int = 200) -> float:
    """Best time of one EPANET 2.3 hydraulic solve of ``inp`` on an open project."""
    from epanet import toolkit as tk

    ph = tk.createproject()
    tk.open(ph, str(inp), str(OUT / "raw.rpt"), "")
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        tk.openH(ph)
        tk.initH(ph, tk.NOSAVE)
        tk.runH(ph)
        tk.closeH(ph)
        best = min(best, time.perf_counter() - t0)
    tk.deleteproject(ph)
    return best


def city_main(samples: int, workers: int) -> dict:
    from teplovoda.models.water.scenario import case_networks

    scn = load_scenario(CITY)
    cases = case_networks(scn, build_network(scn))
    spec = SweepSpec(samples=samples, seed=3, break_rate_per_km=0.5)
    print(f"[bench] city main: {samples} samples x {len(cases)} cases on {workers} workers ...", flush=True)
    t0 = time.perf_counter()
    table = run_sweep("water", cases, scn.hydraulics, spec, workers=workers, progress=False)
    elapsed = time.perf_counter() - t0
    OUT.mkdir(exist_ok=True)
    raw = raw_epanet_solve_s(scn.inp_path)
    n = len(table)
    per_case_core_s = elapsed * workers / n
    print(
        f"city main: {n} case solves ({samples} samples x {len(cases)} cases) in {elapsed:.1f} s on {workers} workers, "
        f"cluster start included; {n / elapsed:.0f} cases/s; per case {per_case_core_s * 1e3:.2f} ms of a core = "
        f"{per_case_core_s / raw:.0f}x one raw EPANET solve ({raw * 1e3:.3f} ms); "
        f"not converged: {int((~table['converged']).sum())}"
    )
    return {
        "city_samples": samples,
        "city_cases": len(cases),
        "city_elapsed_s": elapsed,
        "city_case_core_ms": per_case_core_s * 1e3,
        "raw_epanet_solve_ms": raw * 1e3,
        "city_ratio_vs_raw_epanet": per_case_core_s / raw,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=96)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--city-samples", type=int, default=1000)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    spec = SweepSpec(samples=args.samples, seed=11, break_rate_per_km=0.1)
    scn = load_scenario(SCENARIO)
    solve(build_network(scn), scn.hydraulics)  # warm the imports before timing the naive loop
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
    city = city_main(args.city_samples, args.workers) if args.city_samples else {}
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
                **city,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
