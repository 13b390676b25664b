"""The water kind's glue for :mod:`teplovoda.models.kinds`: its result's files, its damageable elements, its sweep cases.

Registered in :mod:`teplovoda.models.kinds` by dotted name; the model itself is imported on first use,
so listing the kinds does not import EPANET.
"""

from __future__ import annotations

import json
from pathlib import Path

from teplovoda.models.kinds import json_ready


def summary_json(run) -> str:
    """A water run's ``summary.json``: both cases' headline metrics and the damage applied, and with
    ``[simulation]`` each case's totals over time (strict JSON: NaN and infinity as null)."""
    from teplovoda.models.water import metrics

    scn = run.scenario
    payload = {
        "scenario": scn.scenario.name,
        "scenario_file": str(scn.path),
        "network_file": str(scn.inp_path),
        **{
            case: {"converged": res.converged, "reason": res.reason, **metrics.summary(res).drop("converged").to_dict()}
            for case, res in (("intact", run.intact), ("damaged", run.damaged))
        },
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

    ``summary.json`` (:func:`summary_json`), ``junctions.csv`` (people and service per demand node, damaged
    network), ``links.csv``, ``zones.csv`` (pressure zones, lowest pressure first) and, with ``[simulation]``,
    ``hourly.csv``, ``tank_levels.csv`` and ``pumps.csv`` (case and hour or pump as index).
    """
    import pandas as pd

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    run.junction_table().to_csv(out / "junctions.csv")
    run.damaged.links.to_csv(out / "links.csv")
    run.zone_table().to_csv(out / "zones.csv")
    written = ["summary.json", "junctions.csv", "links.csv", "zones.csv"]
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
