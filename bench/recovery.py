"""Benchmark: planning the repairs of many damaged pipes against the network solves it saves.

A Net3 city (300,000 people) with ``--repairs`` pipes closed after breaks (a seeded sample of its pipes)
and ``--crews`` water crews: ``teplovoda water recovery``'s plan (every rule but the order search, which
stops at 8 repairs). Each rule re-solves the network after every completion; each distinct set of repaired
elements is solved once, in one EPANET project of the fully damaged network with each repair's damage
switched off (models/recovery/water.py ``_Toggle``). The reference, measured in the same run, is EPANET's
own steady solve of the damaged network: the plan's time over (its solves x that solve) is what switching
the damage, reading results and scheduling cost on top of EPANET.

Usage: python bench/recovery.py [--repairs 50] [--crews 4] [--seed 1]
Prints the person-days per rule, the plan's time and solves, and the ratio plan / EPANET solves alone.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from teplovoda.models import kinds
from teplovoda.models.recovery.water import plan
from teplovoda.models.water.hydraulics import solve
from teplovoda.models.water.scenario import build_network

NET3 = Path(__file__).resolve().parents[1] / "scenarios" / "networks" / "Net3.inp"


def scenario(repairs: int, crews: int, seed: int, folder: Path) -> Path:
    """A water scenario file: ``repairs`` of Net3's pipes closed (sampled with ``seed``), ``crews`` crews."""
    net = build_network(kinds.get("water").load(_base(folder)))
    pipes = sorted(net.links.index[net.links["kind"] == "pipe"])
    chosen = random.Random(seed).sample(pipes, repairs)
    body = "".join(f'[[damage]]\ntype = "pipe_closed"\npipe = "{p}"\n' for p in chosen)
    path = folder / "bench_recovery.toml"
    path.write_text(_head() + body + f"[recovery]\ncrews = {{water = {crews}}}\nmobilisation_days = {{water = 1}}\n")
    return path


def _head() -> str:
    return f'[scenario]\nname = "bench"\nkind = "water"\n[network]\ninp_file = "{NET3}"\n[population]\ntotal = 300000\n'


def _base(folder: Path) -> Path:
    path = folder / "base.toml"
    path.write_text(_head())
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repairs", type=int, default=50)
    ap.add_argument("--crews", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scn = kinds.get("water").load(scenario(args.repairs, args.crews, args.seed, Path(tmp)))
        t0 = time.perf_counter()
        rec = plan(scn, "all")
        plan_s = time.perf_counter() - t0
        from teplovoda.models.water import damage as wdamage

        damaged = wdamage.apply_damage(build_network(scn), list(scn.damage))
        solve(damaged, scn.hydraulics)  # warm
        t0 = time.perf_counter()
        repeat = 5
        for _ in range(repeat):
            solve(damaged, scn.hydraulics)
        solve_s = (time.perf_counter() - t0) / repeat
    epanet_s = rec.solves * solve_s
    print(f"{args.repairs} repairs, {args.crews} crews, rules: {', '.join(rec.schedules)}")
    for rule, pd_ in rec.person_days.items():
        print(f"  {rule:16s} {pd_:>14,.0f} person-days without water")
    print(f"plan: {plan_s:.2f} s, {rec.solves} network solves; EPANET's steady solve {solve_s * 1e3:.2f} ms")
    print(f"ratio plan / (solves x EPANET solve): {plan_s / epanet_s:.1f}")


if __name__ == "__main__":
    main()
