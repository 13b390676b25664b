"""Benchmark: a programme portfolio of 1,000 sites x 12 set types evaluated and allocated (issue 17).

The sites are the shipped example's generator (``scenarios/portfolio_vodakanals/make.py``, seed 17) asked for
1,000 stations, against its twelve set types with counts scaled to the programme (x 17) and a budget of 2.5 MEUR
per 60 sites. Timed in one run:

* **portfolio**: ``run_portfolio`` (every site against every set type on Dask with ``--workers`` processes,
  then the exact allocation, the greedy baseline and the marginal values); the allocation's share is the
  exact program, greedy and marginal re-solves over the total;
* **naive**: a plain loop in this process over ``--baseline-sites`` sites spread over the portfolio, each checked
  against every set type one at a time (``evaluate_site(exhaustive=True)``: ``check_manual_choice`` at each of
  the 12 sizes), as throughput in sites per second; the ratio is the portfolio's evaluation throughput over it.
  The same sites by bisection in one process give the share of the gain that is not Dask's.

Usage: python bench/portfolio.py [--sites 1000] [--workers 2] [--baseline-sites 30]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import re
import tempfile
import time
from pathlib import Path

import numpy as np

from teplovoda.models.portfolio import evaluate_site, load_portfolio, run_portfolio

MAKE = Path(__file__).resolve().parents[1] / "scenarios" / "portfolio_vodakanals" / "make.py"


def _make_module():
    spec = importlib.util.spec_from_file_location("portfolio_make", MAKE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_portfolio(folder: Path, n_sites: int) -> Path:
    make = _make_module()
    site_rows, pump_rows = make.sites(np.random.default_rng(17), n_sites)
    scale = max(1, round(n_sites / 60))
    inventory = [
        {"set_type": t, "kva": kva, "count": n * scale, "cost_eur": 8000 + 130 * kva, "delivery_days": d}
        for t, kva, n, d in make.INVENTORY
    ]
    for name, rows in (("sites.csv", site_rows), ("pumps.csv", pump_rows), ("inventory.csv", inventory)):
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    head = (MAKE.parent / "portfolio.toml").read_text(encoding="utf-8")
    # water sites and generator sets only (the example's heat sheets and its site modelled in detail left out)
    head = re.sub(r"^(heat_sites_csv|boilers_csv|heat_weight|biomass_eur_per_t) = .*\n", "", head, flags=re.M)
    head = re.sub(r"^budget_eur = .*$", f"budget_eur = {2_500_000.0 * n_sites / 60:.1f}", head, flags=re.M)
    (folder / "portfolio.toml").write_text(head, encoding="utf-8")
    return folder / "portfolio.toml"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline-sites", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        portfolio = load_portfolio(write_portfolio(Path(tmp), args.sites))
    print(f"{len(portfolio.sites)} sites x {len(portfolio.inventory)} set types, {args.workers} Dask workers")

    start = time.perf_counter()
    run = run_portfolio(portfolio, workers=args.workers)
    total = time.perf_counter() - start
    load = os.getloadavg()[0]  # other work on the machine slows every figure; printed beside each
    t = run.timings_s
    alloc = t["allocate_s"] + t["marginal_s"]
    ev, al, mg = t["evaluate_s"], t["allocate_s"], t["marginal_s"]
    print(f"portfolio: {total:.1f} s (evaluation {ev:.1f} s, allocation {al:.2f} s, marginal {mg:.2f} s)")
    print(f"  allocation's share (exact + greedy + marginal re-solves): {100 * alloc / total:.1f} %")
    x = run.totals
    print(f"  MILP gap {x['mip_gap']:.2g}; exact - greedy = {x['exact_minus_greedy_people_hours']:,.0f} people-hours")
    checked = int(run.pairs["checked"].sum())
    print(f"  check_manual_choice calls: {checked:,} of {len(run.pairs):,} pairs (bisection over the sorted sizes)")

    args_site = (portfolio.inventory, portfolio.site_defaults, portfolio.assumptions, portfolio.spec.tanker_l)
    evaluate_site(portfolio.sites[0], *args_site)  # numba's compilation out of the one-process timings
    step = max(1, len(portfolio.sites) // args.baseline_sites)
    sample = portfolio.sites[::step][: args.baseline_sites]  # spread over the portfolio, the same for both
    rates = {}
    for label, exhaustive in (("naive loop, every size checked", True), ("one process, bisection", False)):
        start = time.perf_counter()
        for site in sample:
            evaluate_site(site, *args_site, exhaustive=exhaustive)
        rates[label] = len(sample) / (time.perf_counter() - start)
        print(f"{label}: {rates[label]:.2f} sites/s ({len(sample)} sites; load average {os.getloadavg()[0]:.1f})")
    naive = rates["naive loop, every size checked"]
    rate = len(portfolio.sites) / t["evaluate_s"]
    print(
        f"portfolio evaluation on Dask: {rate:.2f} sites/s (load average {load:.1f}); ratio to the naive loop {rate / naive:.1f}x"
    )
    print(f"bisection alone (same sites, one process): {rates['one process, bisection'] / naive:.1f}x the naive loop")
    print(f"naive loop extrapolated to {len(portfolio.sites)} sites: {len(portfolio.sites) / naive:.0f} s")


if __name__ == "__main__":
    main()
