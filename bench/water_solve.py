"""Benchmark: teplovoda's steady water solve against EPANET itself, same networks, same run.

For each network it reports
* EPANET 2.2 through wntr: its EpanetSimulator for a time-0 snapshot (writes the .inp, runs EPANET,
  reads results) and its toolkit (ENopen + ENsolveH on the same snapshot written as an .inp);
* EPANET 2.3's own solve (owa-epanet: openH, initH, runH, closeH on a project already open, what
  ``ENsolveH`` does for one period), the reference of the ratio that matters (``ratio 2.3``), and
  its bare re-solve (the solver kept open: ``initH(INITFLOW)``, ``runH``; ``r. again``), the least
  EPANET itself can do, which teplovoda's solve does plus reading the results into tables;
* teplovoda: solve time of a network already read (best of N after a warm-up), EPANET's trials,
  and the import time of the .inp;
* the time ratios and the junction-pressure differences against EPANET (max and mean).

Usage: python bench/water_solve.py [--repeat N] [--networks Net1 Net3 Net6]
Results are printed and written to bench/out/water_solve.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import wntr

from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.hydraulics import HydraulicOptions, solve

LIBRARY = Path(wntr.__file__).parent / "library" / "networks"
OUT = Path(__file__).parent / "out"


def best_of(fn, repeat):
    times, value = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return min(times), value


def epanet_toolkit_solve(inp: Path, workdir: Path) -> None:
    from wntr.epanet.toolkit import ENepanet

    en = ENepanet()
    en.ENopen(str(inp), str(workdir / "tk.rpt"), str(workdir / "tk.bin"))
    en.ENsolveH()
    en.ENclose()


def epanet23_solver(inp: Path):
    """EPANET 2.3's hydraulic solve alone on an open project (results left in the project): what
    ``ENsolveH`` does for one period (open the solver, initialise, solve, close)."""
    from epanet import toolkit as tk

    ph = tk.createproject()
    tk.open(ph, str(inp), str(inp.with_suffix(".rpt")), "")

    def run():
        tk.openH(ph)
        tk.initH(ph, tk.NOSAVE)
        tk.runH(ph)
        tk.closeH(ph)

    return run, lambda: tk.deleteproject(ph)


def epanet23_resolver(inp: Path):
    """The least EPANET 2.3 can do to solve again: the solver kept open, ``initH(INITFLOW)`` and
    ``runH`` only (teplovoda's solve does this plus reading results into tables)."""
    from epanet import toolkit as tk

    ph = tk.createproject()
    tk.open(ph, str(inp), str(inp.with_suffix(".rpt")), "")
    tk.openH(ph)

    def run():
        tk.initH(ph, tk.INITFLOW)
        tk.runH(ph)

    def close():
        tk.closeH(ph)
        tk.deleteproject(ph)

    return run, close


def bench_network(name: str, repeat: int, workdir: Path) -> dict:
    inp = LIBRARY / f"{name}.inp"
    wn = read_wntr_model(inp)
    wn.options.time.duration = 0
    t_epanet, ref = best_of(lambda: wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(workdir / name)), repeat)
    snapshot = workdir / f"{name}_t0.inp"  # the same time-0 snapshot for the toolkit
    wntr.network.write_inpfile(wn, str(snapshot))
    t_toolkit, _ = best_of(lambda: epanet_toolkit_solve(snapshot, workdir), repeat)
    run23, close23 = epanet23_solver(snapshot)
    run23()
    t_23, _ = best_of(run23, repeat)
    close23()
    rerun23, close_rerun23 = epanet23_resolver(snapshot)
    rerun23()
    t_23_bare, _ = best_of(rerun23, repeat)
    close_rerun23()
    t_read, net = best_of(lambda: read_inp(inp), 1)
    options = HydraulicOptions(demand_model="dda")
    solve(net, options)  # warm-up: the project is opened and kept
    t_solve, res = best_of(lambda: solve(net, options), repeat)
    j = res.junctions[res.junctions["type"] == "junction"]
    diff = (j["pressure_m"] - ref.node["pressure"].iloc[0].reindex(j.index)).abs()
    return {
        "network": name,
        "junctions": int(len(j)),
        "pipes": int(len(wn.pipe_name_list)),
        "pumps": int(len(wn.pump_name_list)),
        "converged": bool(res.converged),
        "iterations": int(res.iterations),
        "epanet_wntr_s": t_epanet,
        "epanet_toolkit_s": t_toolkit,
        "epanet23_solve_s": t_23,
        "epanet23_resolve_s": t_23_bare,
        "teplovoda_read_s": t_read,
        "teplovoda_solve_s": t_solve,
        "ratio_vs_epanet_wntr": t_solve / t_epanet,
        "ratio_vs_epanet_toolkit": t_solve / t_toolkit,
        "ratio_vs_epanet23": t_solve / t_23,
        "ratio_vs_epanet23_resolve": t_solve / t_23_bare,
        "max_pressure_diff_m": float(np.nanmax(diff.to_numpy())),
        "mean_pressure_diff_m": float(np.nanmean(diff.to_numpy())),
    }


def epanet23_eps(inp: Path, duration_s: int) -> int:
    """EPANET 2.3's own extended-period hydraulics (runH / nextH loop), with teplovoda's time settings."""
    from epanet import toolkit as tk

    ph = tk.createproject()
    tk.open(ph, str(inp), str(inp.with_suffix(".eps.rpt")), "")
    tk.settimeparam(ph, tk.DURATION, duration_s)
    tk.settimeparam(ph, tk.HYDSTEP, min(3600, int(tk.gettimeparam(ph, tk.PATTERNSTEP)) or 3600))
    tk.settimeparam(ph, tk.REPORTSTEP, 3600)
    tk.settimeparam(ph, tk.REPORTSTART, 0)
    tk.setdemandmodel(ph, tk.DDA, 0.0, 0.1, 0.5)
    tk.openH(ph)
    tk.initH(ph, tk.NOSAVE)
    steps = 0
    while True:
        tk.runH(ph)
        steps += 1
        if tk.nextH(ph) <= 0:
            break
    tk.closeH(ph)
    tk.deleteproject(ph)
    return steps


def bench_eps(name: str, repeat: int, hours: float) -> dict:
    from teplovoda.models.water.eps import SimulationSpec, simulate

    inp = LIBRARY / f"{name}.inp"
    net = read_inp(inp)
    t_ref, steps = best_of(lambda: epanet23_eps(inp, int(hours * 3600)), repeat)
    options = HydraulicOptions(demand_model="dda")
    spec = SimulationSpec(duration_h=hours)
    t_ours, res = best_of(lambda: simulate(net, options, spec), repeat)
    return {
        "network": name,
        "hours": hours,
        "steps": steps,
        "teplovoda_steps": res.steps,
        "epanet23_s": t_ref,
        "teplovoda_s": t_ours,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--networks", nargs="+", default=["Net1", "Net2", "Net3", "Net6", "ky4", "ky10"])
    parser.add_argument("--eps-networks", nargs="+", default=["Net3", "Net6", "ky10"])
    parser.add_argument("--eps-hours", type=float, default=24.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    warnings.simplefilter("ignore")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.networks:
            print(f"[bench] {name} ...", flush=True)
            rows.append(bench_network(name, args.repeat, Path(tmp)))
    header = (
        f"{'network':<8}{'junct.':>7}{'pumps':>6}{'iter':>5}{'EPANET wntr s':>14}{'EPANET tk s':>12}"
        f"{'EPANET 2.3 s':>13}{'2.3 again s':>12}{'teplovoda s':>12}{'ratio wntr':>11}{'ratio tk':>9}{'ratio 2.3':>10}"
        f"{'r. again':>9}"
        f"{'max dp m':>10}{'mean dp m':>11}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['network']:<8}{r['junctions']:>7}{r['pumps']:>6}{r['iterations']:>5}{r['epanet_wntr_s']:>14.4f}"
            f"{r['epanet_toolkit_s']:>12.4f}{r['epanet23_solve_s']:>13.4f}{r['epanet23_resolve_s']:>12.4f}"
            f"{r['teplovoda_solve_s']:>12.4f}{r['ratio_vs_epanet_wntr']:>11.2f}{r['ratio_vs_epanet_toolkit']:>9.2f}"
            f"{r['ratio_vs_epanet23']:>10.2f}{r['ratio_vs_epanet23_resolve']:>9.2f}"
            f"{r['max_pressure_diff_m']:>10.5f}{r['mean_pressure_diff_m']:>11.6f}"
        )
    print(f"ratio = teplovoda solve time / EPANET time (best of {args.repeat} runs each, measured in this run)")
    print("EPANET 2.3 = openH, initH, runH, closeH (one ENsolveH period); 2.3 again = initH(INITFLOW), runH on a solver")
    print("kept open, the least EPANET does to solve again (teplovoda keeps its solver open the same way)")
    eps = []
    for name in args.eps_networks:
        print(f"[bench] {name} {args.eps_hours:g} h extended period ...", flush=True)
        eps.append(bench_eps(name, max(1, args.repeat // 5), args.eps_hours))
    print(f"\n{'network':<8}{'hours':>6}{'steps':>7}{'EPANET 2.3 s':>14}{'teplovoda s':>13}{'ratio':>7}")
    for r in eps:
        print(
            f"{r['network']:<8}{r['hours']:>6g}{r['steps']:>7}{r['epanet23_s']:>14.3f}{r['teplovoda_s']:>13.3f}"
            f"{r['teplovoda_s'] / r['epanet23_s']:>7.2f}"
        )
    print("extended period: teplovoda's simulate (results per step, people and zones per hour) / EPANET's runH-nextH loop")
    OUT.mkdir(exist_ok=True)
    (OUT / "water_solve.json").write_text(json.dumps({"steady": rows, "extended_period": eps}, indent=2))


if __name__ == "__main__":
    main()
