"""Monte Carlo of heat recovery timing (issue 16, point 6, heat side): lead times and repair durations drawn.

Each sample ``i`` draws from ``numpy.random.default_rng((seed, i))``, in this order, one factor uniform in the
``[recovery.sweep]`` spread (low, high) for each of:

* each ``[[recovery.options]]`` entry that gives ``lead_time_days`` (file order; ``lead_time_spread``): its
  lead time is the scenario's times the factor;
* each ``[[damage]]`` entry (file order; ``repair_spread``): its repair's duration (``[[recovery.repairs]]`` or
  the duration table) times the factor. An option that repairs it and gives no lead time is in service when
  the crews' schedule finishes its repairs, as in ``teplovoda heat recovery``;
* ``building_repair_days`` (``repair_spread``): one factor for every frozen building of the sample.

The factors are drawn even when a spread is ``[1, 1]`` so that one spread's draws do not move the others'.
The sample's scenario is the scenario with those values, and every plan is run as ``teplovoda heat recovery``
runs it (:func:`~teplovoda.models.recovery.heat.plan`), except that an option drawn to arrive at or beyond the
horizon is never in service rather than an error. The draws depend only on ``(seed, i)`` and the network
solves are deterministic, so the table is the same whatever the number of workers or the order the samples
finish in. A worker keeps the network solves of its earlier samples (the same network, damage and options).
"""

from __future__ import annotations

import dataclasses
import logging

import numpy as np
import pandas as pd

from teplovoda.models.recovery import heat as rheat
from teplovoda.models.recovery import spec as rspec

logger = logging.getLogger(__name__)

#: Per worker process: the network solves of the samples it ran, by the run's token.
_WORKER_STAGES: dict = {}
QUANTILES = (10, 50, 90)


def draw(scn, index: int, seed: int | None = None) -> dict:
    """Sample ``index``'s lead times (by option), repair durations (by element) and building repair days."""
    rec = scn.recovery
    sweep = rec.sweep
    rng = np.random.default_rng((sweep.seed if seed is None else seed, index))

    def factor(spread) -> float:
        lo, hi = spread
        return float(lo + (hi - lo) * rng.random())

    lead = {o.option: o.lead_time_days * factor(sweep.lead_time_spread) for o in rec.options if o.lead_time_days is not None}
    repairs = {e: d * factor(sweep.repair_spread) for e, d in rheat.repair_durations(scn).items()}
    building = rec.building_repair_days * factor(sweep.repair_spread)
    return {"lead_time_days": lead, "duration_days": repairs, "building_repair_days": building}


def sampled_scenario(scn, drawn: dict):
    """``scn`` with a sample's lead times, repair durations and building repair days in its ``[recovery]``."""
    rec = scn.recovery
    options = tuple(
        dataclasses.replace(o, lead_time_days=drawn["lead_time_days"][o.option]) if o.option in drawn["lead_time_days"] else o
        for o in rec.options
    )
    critical = {r.element: r.critical for r in rec.repairs.repairs}
    overrides = tuple(rspec.RepairOverride(e, d, critical.get(e, False)) for e, d in drawn["duration_days"].items())
    repairs = dataclasses.replace(rec.repairs, repairs=overrides)
    recovery = dataclasses.replace(rec, options=options, repairs=repairs, building_repair_days=drawn["building_repair_days"])
    return dataclasses.replace(scn, recovery=recovery)


def heat_recovery_sample(payload: dict, index: int) -> dict:
    """One sample: its draws and, per plan, the person-days without heat and the buildings frozen."""
    scn, net, token = payload["scenario"], payload["net"], payload["token"]
    drawn = draw(scn, index, payload["seed"])
    case = sampled_scenario(scn, drawn)
    if token not in _WORKER_STAGES:
        _WORKER_STAGES.clear()
        _WORKER_STAGES[token] = rheat.Stages(scn, net)
    res = rheat.plan(case, net, stages=_WORKER_STAGES[token], beyond=True)
    row = {"sample": index}
    row |= {f"lead_time_days:{o}": v for o, v in drawn["lead_time_days"].items()}
    row |= {f"duration_days:{e}": v for e, v in drawn["duration_days"].items()}
    row["building_repair_days"] = drawn["building_repair_days"]
    row |= {f"in_service_day:{o}": v for o, v in res.lead_times.items()}
    for name, p in res.plans.items():
        row[f"person_days:{name}"] = p.person_days_without
        row[f"frozen:{name}"] = len(p.frozen)
    return row


def run_heat_recovery_sweep(scn, *, samples=None, seed=None, scheduler=None, workers=None, net=None) -> pd.DataFrame:
    """``samples`` (default ``[recovery.sweep] samples``) samples on Dask; one row per sample, in sample order.

    Columns: ``sample``; the draws ``lead_time_days:<option>``, ``duration_days:<element>`` (crew-days),
    ``building_repair_days``; ``in_service_day:<option>`` (an option's repairs done, day); per plan
    ``person_days:<plan>`` (person-day) and ``frozen:<plan>`` (buildings).
    """
    import os
    import uuid

    from distributed import as_completed

    from teplovoda.models.heat.scenario import build_network
    from teplovoda.models.montecarlo import _client

    if scn.recovery is None:
        rheat.plan(scn)  # the one-line "no [recovery] table" error
    net = build_network(scn) if net is None else net
    sweep = scn.recovery.sweep
    samples = sweep.samples if samples is None else samples
    payload = {"scenario": scn, "net": net, "seed": sweep.seed if seed is None else seed}
    payload["token"] = f"{os.getpid()}-{uuid.uuid4().hex}"
    client, cluster = _client(scheduler, workers)
    try:
        shared = client.scatter(payload, broadcast=True)
        futures = [client.submit(heat_recovery_sample, shared, i, pure=False) for i in range(samples)]
        rows = [f.result() for f in as_completed(futures)]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    logger.info("heat recovery sweep of %s: %d samples", scn.scenario.name, samples)
    return pd.DataFrame(rows).sort_values("sample").reset_index(drop=True)


def plan_names(table: pd.DataFrame) -> list[str]:
    """The plans of a sweep table, in its column order."""
    return [c.split(":", 1)[1] for c in table.columns if c.startswith("person_days:")]


def summarise_plans(table: pd.DataFrame) -> pd.DataFrame:
    """Per plan (rows): mean, P10, P50, P90 of the person-days without heat (``person_days_*``, person-day) and
    of the buildings frozen (``frozen_*``) over the samples."""
    rows = {}
    for name in plan_names(table):
        row = {}
        for metric in ("person_days", "frozen"):
            v = table[f"{metric}:{name}"].to_numpy(float)
            row[f"{metric}_mean"] = float(v.mean())
            row |= {f"{metric}_p{q}": float(np.percentile(v, q)) for q in QUANTILES}
        rows[name] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "plan"
    out.attrs["unit"] = "person-day; buildings"
    return out


__all__ = ["draw", "sampled_scenario", "heat_recovery_sample", "run_heat_recovery_sweep", "summarise_plans", "plan_names"]
