"""The site-power kind's glue for :mod:`teplovoda.models.kinds`: its result's files.

Registered in :mod:`teplovoda.models.kinds` by dotted name; the model is imported on first use.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

#: The refill plan's keys in ``PowerRun.fuel`` (:func:`teplovoda.models.power.scenario.refill_plan`).
REFILL_KEYS = (
    "delivery_l",
    "refill_interval_days",
    "deliveries_per_week",
    "refill_plan",
    "bulk_tank_l",
    "bulk_refill_interval_days",
)


def _plain(v):
    """JSON-ready: numpy scalars as Python numbers, NaN as null, infinity as ``"inf"``, tuples as lists."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def _starts(run) -> dict:
    """The start sequence sized for and the kVA each sequence needs; the staggered order and delay."""
    from teplovoda.models.power.site import STAGGER_DELAY_S, start_order

    s = run.sizing
    return {
        "sequence": s.starts,
        "required_kva_staggered": s.required_kva_staggered,
        "required_kva_simultaneous": s.required_kva_simultaneous,
        "staggering_needed": s.staggering_needed,
        "order": start_order(run.running),
        "delay_s": STAGGER_DELAY_S,
    }


def summary_json(run) -> str:
    """A site-power run's ``summary.json``: the recommended set, grid, island, fuel and water service, the
    start sequence, wet-stacking warnings, the cheaper starter, the refill plan and the level controls
    (NaN as null, infinity as ``"inf"``)."""
    s = run.sizing
    payload = {
        "scenario": run.scenario.scenario.name,
        "recommended_kva": s.recommended_kva,
        "recommended_kw": s.recommended_kw,
        "required_kva_running": s.required_kva_running,
        "required_kva_start": s.required_kva_start,
        "manual_choice": run.manual,
        "grid": run.grid,
        "island": run.island,
        "fuel": run.fuel,
        "service_without_generator": run.service_without,
        "service_with_generator": run.service_with,
        "starts": _starts(run),
        "wet_stacking": run.wet_stacking,
        "starter_change": run.starter_change,
        "refill": {k: run.fuel[k] for k in REFILL_KEYS},
        "controls": [dataclasses.asdict(c) for c in run.scenario.controls],
    }
    return json.dumps(_plain(payload), indent=2, allow_nan=False)


def export(run, out: Path) -> list[str]:
    """Write a site-power run's files into ``out``; their names, in the order ``teplovoda run`` lists them.

    ``summary.json`` (the recommended set, grid, island, fuel and water service; infinity as
    ``"inf"``), ``motors.csv`` (duty point and starting per motor), ``generator_candidates.csv``
    (one row per standard set, kVA) and ``hourly.csv`` (with and without the generator, case as index).
    """
    import pandas as pd

    s = run.sizing
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    run.running.to_csv(out / "motors.csv")
    s.candidates.to_csv(out / "generator_candidates.csv")
    pd.concat({"without_generator": run.hourly_without, "with_generator": run.hourly_with}, names=["case"]).to_csv(
        out / "hourly.csv"
    )
    (out / "summary.json").write_text(summary_json(run))
    return ["summary.json", "motors.csv", "generator_candidates.csv", "hourly.csv"]


__all__ = ["export"]
