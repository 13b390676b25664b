"""Benchmark: one district-heating solve of the shipped microdistrict and of a generated one ten times larger.

For each network and each pandapipes coupling mode (``sequential``: hydraulics then heat;
``bidirectional``: iterated together) it prints the wall time of one teplovoda solve (best of N
after a warm-up), its control iterations, the pandapipes solves inside it, the time per pandapipes
solve, and the energy-balance residual. The reference measured in the same run is a single plain
pandapipes pipeflow of the same network with the flows teplovoda converged to, so the ratio shows
what the control iterations cost.

Usage: python bench/heat_solve.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import logging
import time
import warnings
from pathlib import Path

from teplovoda.models.heat import thermal
from teplovoda.models.heat.generate import generate_microdistrict
from teplovoda.models.heat.network import build_heat_network, sources_table
from teplovoda.models.heat.thermal import HeatConditions, solve

OUT = Path(__file__).parent / "out"


def network(scale: str):
    if scale == "example":
        tables = generate_microdistrict()
    else:  # ten times the consumers: 43 columns of 5 + 5 blocks, schools and hospitals along them
        tables = generate_microdistrict(
            columns=43,
            rows_north=5,
            rows_south=5,
            schools=tuple((c, "south") for c in range(2, 43, 6)),
            hospitals=tuple((c, "north") for c in range(6, 43, 12)),
        )
    nodes, pipes, consumers, sources = tables
    rows = sources.to_dict("records")
    rows[0]["max_pump_head_bar"] = 16.0  # a city-scale plant: several pump stages
    return build_heat_network(nodes, pipes, consumers, sources_table(rows), name=scale), len(consumers), len(pipes)


def best_of(fn, repeat):
    best, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def count_pipeflows(net, cond):
    """Solve once and count pandapipes calls, and time one plain pipeflow at the converged flows."""
    calls = {"n": 0}
    original = thermal.pp.pipeflow

    def counting(*args, **kwargs):
        calls["n"] += 1
        return original(*args, **kwargs)

    thermal.pp.pipeflow = counting
    try:
        work = thermal._Work(net, cond)
        for _ in range(cond.max_iterations):
            work.set_consumers()
            work.run_pipeflow()
            if work.update() < cond.temperature_tolerance_k:
                break
    finally:
        thermal.pp.pipeflow = original
    t_plain, _ = best_of(work.run_pipeflow, 3)
    return calls["n"], t_plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    warnings.simplefilter("ignore")
    rows = []
    for scale in ("example", "10x"):
        net, n_cons, n_routes = network(scale)
        for mode in ("sequential", "bidirectional"):
            print(f"[bench] {scale} ({n_cons} buildings, {n_routes} routes), {mode} ...", flush=True)
            cond = HeatConditions(outdoor_temp_c=-22.0, mode=mode)
            solve(net, cond)  # warm-up (numba compilation)
            t, res = best_of(lambda net=net, cond=cond: solve(net, cond), args.repeat)
            n_pf, t_plain = count_pipeflows(net, cond)
            rows.append(
                {
                    "network": scale,
                    "buildings": n_cons,
                    "routes": n_routes,
                    "mode": mode,
                    "converged": bool(res.converged),
                    "control_iterations": int(res.iterations),
                    "pipeflows": n_pf,
                    "solve_s": t,
                    "plain_pipeflow_s": t_plain,
                    "ratio_vs_plain_pipeflow": t / t_plain,
                    "balance_residual_pct": float(res.totals["balance_residual_pct"]),
                    "people_heated_pct": 100 * res.totals["people_heated"] / res.totals["people_total"],
                }
            )
    header = (
        f"{'network':<9}{'bldgs':>6}{'mode':>15}{'iter':>6}{'solve s':>9}{'1 pipeflow s':>13}{'ratio':>7}"
        f"{'balance %':>10}{'heated %':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['network']:<9}{r['buildings']:>6}{r['mode']:>15}{r['control_iterations']:>6}{r['solve_s']:>9.3f}"
            f"{r['plain_pipeflow_s']:>13.4f}{r['ratio_vs_plain_pipeflow']:>7.1f}{r['balance_residual_pct']:>10.3f}"
            f"{r['people_heated_pct']:>9.1f}"
        )
    print("ratio = teplovoda solve / one plain pandapipes pipeflow of the converged network (same run)")
    OUT.mkdir(exist_ok=True)
    (OUT / "heat_solve.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
