"""The site-power kind's glue for :mod:`teplovoda.models.kinds`: its result's files.

Registered in :mod:`teplovoda.models.kinds` by dotted name; the model is imported on first use.
"""

from __future__ import annotations

import json
from pathlib import Path


def summary_json(run) -> str:
    """A site-power run's ``summary.json``: the recommended set, grid, island, fuel and water service
    (infinity as ``"inf"``)."""
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
    }
    return json.dumps(payload, indent=2, default=float).replace("Infinity", '"inf"')


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
