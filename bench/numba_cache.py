"""Benchmark: a heat command's start in a new process with numba's on-disk cache of pandapipes' and pandapower's
kernels (:mod:`teplovoda.models.numba_cache`) against the same start with it turned off (``TEPLOVODA_NUMBA_CACHE=0``,
the libraries' own ``cache=False``).

Each sample is a new Python process that imports the heat model and solves the shipped microdistrict once
(``scenarios/heat_network_strike.toml``, intact network): what every ``teplovoda heat ...`` command, every Dask
worker of a heat sweep and every app server pays before its first result. The cache is filled by one run first.
Also prints the kernels' cache folder and that both settings give the same heat delivered (the same machine code).

Usage: python bench/numba_cache.py [--repeat N]  (prints best of N per setting and the ratio).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

PROBE = """
import time
t0 = time.perf_counter()
from teplovoda.models.heat.scenario import load_scenario, run_scenario
run = run_scenario(load_scenario("scenarios/heat_network_strike.toml"))
print(time.perf_counter() - t0, repr(float(run.results["intact"].consumers["delivered_kw"].sum())))
"""


def sample(setting: str) -> tuple[float, str]:
    env = {**os.environ, "TEPLOVODA_NUMBA_CACHE": setting}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t0
    return wall, proc.stdout.split()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sample("1")  # fills the cache
    off = [sample("0") for _ in range(args.repeat)]
    on = [sample("1") for _ in range(args.repeat)]
    best_off, best_on = min(t for t, _ in off), min(t for t, _ in on)
    print(f"new process to a solved heat network, best of {args.repeat}:")
    print(f"  numba cache off (the libraries' cache=False): {best_off:6.2f} s")
    print(f"  numba cache on  (teplovoda.models.numba_cache): {best_on:6.2f} s")
    print(f"  ratio off / on: {best_off / best_on:.1f}x")
    print(f"  same heat delivered both ways: {off[0][1] == on[0][1]} ({float(on[0][1]):,.3f} kW, intact network)")


if __name__ == "__main__":
    main()
