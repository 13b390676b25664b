"""The heat kind's glue for :mod:`teplovoda.models.kinds`: its result's files, its damageable elements, its sweep cases.

Registered in :mod:`teplovoda.models.kinds` by dotted name; the model (pandapipes) is imported on first use.
"""

from __future__ import annotations

import json
from pathlib import Path


def summary_json(run) -> str:
    """A heat run's ``summary.json``: each case's totals (an infinite number of hours as ``"inf"``)."""
    scn = run.scenario
    payload = {
        "scenario": scn.scenario.name,
        "scenario_file": str(scn.path),
        "cases": {c: {"converged": r.converged, "reason": r.reason, **r.totals.to_dict()} for c, r in run.results.items()},
    }
    return json.dumps(payload, indent=2, default=float).replace("Infinity", '"inf"')


def export(run, out: Path) -> list[str]:
    """Write a heat run's files into ``out``; their names, in the order ``teplovoda run`` lists them.

    ``consumers.csv``, ``sources.csv`` and ``pipes.csv`` (every case, case as the first index level)
    and ``summary.json`` (each case's totals; an infinite number of hours as ``"inf"``).
    """
    import pandas as pd

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pd.concat({c: r.consumers for c, r in run.results.items()}, names=["case"]).to_csv(out / "consumers.csv")
    pd.concat({c: r.sources for c, r in run.results.items()}, names=["case"]).to_csv(out / "sources.csv")
    pd.concat({c: r.pipes for c, r in run.results.items()}, names=["case"]).to_csv(out / "pipes.csv")
    (out / "summary.json").write_text(summary_json(run))
    return ["summary.json", "consumers.csv", "sources.csv", "pipes.csv"]


def damageable_elements(scn) -> dict[str, list[str]]:
    """The network's route names (a route is a supply and return pipe pair) and source names, sorted."""
    from teplovoda.models.heat.scenario import build_network

    net = build_network(scn)
    return {"pipe": sorted(net.pipe["route"].astype(str).unique()), "source": sorted(s.name for s in scn.sources)}


def sweep_cases(scn) -> tuple[dict, object, str]:
    """A heat sweep's networks by case (intact, damaged, each option), the solve conditions and the column it summarises."""
    from teplovoda.models.heat import damage as hdamage
    from teplovoda.models.heat.scenario import build_network, option_network

    net = build_network(scn)
    damaged = hdamage.apply_damage(net, list(scn.damage))
    payload = {"intact": net, "damaged": damaged}
    for i, opt in enumerate(scn.options):
        payload[opt.name] = option_network(damaged, opt, i, str(scn.path))
    return payload, scn.conditions(), "people_without_heat"


__all__ = ["export", "damageable_elements", "sweep_cases"]
