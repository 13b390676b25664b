"""The water kind's glue for :mod:`teplovoda.models.kinds`: its result's files, its damageable elements, its sweep cases.

Registered in :mod:`teplovoda.models.kinds` by dotted name; the model itself is imported on first use,
so listing the kinds does not import EPANET.
"""

from __future__ import annotations

import json
from pathlib import Path

from teplovoda.models.kinds import json_ready


def summary_json(run) -> str:
    """A water run's ``summary.json``: every case's headline metrics (intact, damaged, each option, in that
    order), its solver warnings, each source's capacity (``unlimited`` for a reservoir without one) and the
    damage applied, and with ``[simulation]`` each case's totals over time (strict JSON: NaN and infinity as null)."""
    from teplovoda.models.water import metrics

    scn = run.scenario
    payload = {
        "scenario": scn.scenario.name,
        "scenario_file": str(scn.path),
        "network_file": str(scn.inp_path),
        "cases": list(run.cases()),
        **{
            case: {
                "converged": res.converged,
                "reason": res.reason,
                "warnings": list(res.warnings),
                **metrics.summary(res).drop("converged").to_dict(),
            }
            for case, (_, res) in run.cases().items()
        },
        "sources": run.source_table().to_dict(orient="index"),
        "damage": run.net_damaged.damage.to_dict(orient="records"),
    }
    if run.eps:
        payload["simulation"] = {
            case: {
                "converged": e.converged,
                "reason": e.reason,
                **e.totals,
                "zones_first_dry_h": e.zones_first_dry_h.to_dict(),
                "pumps": e.pumps.to_dict(orient="index"),
            }
            for case, e in run.eps.items()
        }
    return json.dumps(json_ready(payload), indent=2, allow_nan=False)


def export(run, out: Path) -> list[str]:
    """Write a water run's files into ``out``; their names, in the order ``teplovoda run`` lists them.

    Every case (intact, damaged, each option) is in every file, as the first index level ``case``:
    ``summary.json`` (:func:`summary_json`), ``junctions.csv`` (every node: people, service, dry, zone),
    ``links.csv``, ``zones.csv`` (pressure zones, dry and lowest pressure first), ``sources.csv`` (each
    source's outflow and capacity) and, with ``[simulation]``, ``hourly.csv``, ``tank_levels.csv`` and
    ``pumps.csv`` (case and hour or pump as index).
    """
    import pandas as pd

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cases = run.cases()
    pd.concat({c: run.junction_table(c) for c in cases}, names=["case", "node"]).to_csv(out / "junctions.csv")
    pd.concat({c: res.links for c, (_, res) in cases.items()}, names=["case", "link"]).to_csv(out / "links.csv")
    pd.concat({c: run.zone_table(c) for c in cases}, names=["case", "zone"]).to_csv(out / "zones.csv")
    caps = run.source_table()[["max_flow_m3_per_h", "unlimited"]]
    pd.concat({c: res.sources.join(caps) for c, (_, res) in cases.items()}, names=["case", "source"]).to_csv(out / "sources.csv")
    written = ["summary.json", "junctions.csv", "links.csv", "zones.csv", "sources.csv"]
    if run.eps:
        hourly = pd.concat({case: e.hourly for case, e in run.eps.items()}, names=["case", "hour"])
        hourly.to_csv(out / "hourly.csv")
        pd.concat({case: e.tanks for case, e in run.eps.items()}, names=["case", "hour"]).to_csv(out / "tank_levels.csv")
        pd.concat({case: e.pumps for case, e in run.eps.items()}, names=["case", "pump"]).to_csv(out / "pumps.csv")
        written += ["hourly.csv", "tank_levels.csv", "pumps.csv"]
    (out / "summary.json").write_text(summary_json(run))
    return written


def damageable_elements(scn) -> dict[str, list[str]]:
    """The network's pipe, pump and source (reservoir and tank) names, sorted, for the damage editor."""
    from teplovoda.models.water.scenario import build_network

    net = build_network(scn)
    return {"pipe": sorted(net.pipes().index), "pump": sorted(net.pumps()), "source": sorted(net.sources.index)}


def sweep_cases(scn) -> tuple[dict, object, str]:
    """A water sweep's networks by case, the solver options and the column it summarises.

    Every case faces the same sampled events; "damaged" is a case only when the scenario has damage of its own.
    """
    from teplovoda.models.water.scenario import build_network, case_networks

    return case_networks(scn, build_network(scn)), scn.hydraulics, "people_without"


__all__ = ["export", "damageable_elements", "sweep_cases"]
