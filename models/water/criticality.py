"""Criticality: which element's failure costs the most people-hours without water.

For every failure unit of a network (each pipe, or each isolation-valve segment when the network has a
valve layer, each pump and each control valve) the unit is taken out of service on its own, the network
is solved once, and the people without water are counted. The table ranks the units by the
person-hours their failure costs: where to send crews first and which spares (pipe diameters, valves,
pump sets) to stock.

Choices made:

* **What failing means.** A pipe out of service (as damage ``pipe_closed``: a crew has closed a break,
  or the pipe is drained); with a valve layer, the valve segment around it (as ``segment_isolated``),
  since a crew can only close valves that exist: every pipe of a segment fails together, so a segment
  is solved once and is one row naming its pipes and the valves that close it. The segments are found
  once for the whole table (WNTR's ``valve_segments``). A pump without power (as ``pump_lost``); a
  control valve (PRV, FCV, ...) stuck closed.
  The leak before isolation is not counted: it lasts hours, the outage lasts the repair.
* **Person-hours.** With the scenario's ``[simulation]``, EPANET's extended-period run of the failed
  network gives them (``person_hours_without_water`` over ``duration_h``: tanks buffer short
  outages, patterns and controls act). Without it the steady snapshot's people without water are held
  over ``repair_h`` hours (:data:`DEFAULT_REPAIR_H`, a day: the usual time to repair a distribution
  main), an upper bound where tanks would bridge part of it.
* **Against the intact network.** The intact network's own shortfall (people a network never serves) is
  subtracted, so a row is what that failure adds.
* **Cost.** One solve per unit (a segment's pipes share one); each failed network is its own EPANET
  project, opened once, as :func:`~teplovoda.models.water.hydraulics.solve` does for any edited
  network (no mutate-and-undo of a shared project).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from teplovoda.models.water import damage as wdamage
from teplovoda.models.water import metrics
from teplovoda.models.water import network as wnet
from teplovoda.models.water.hydraulics import HydraulicOptions, solve

logger = logging.getLogger(__name__)

#: Hours a failed element stays out of service in a steady (snapshot) criticality run: a day, the usual
#: time to excavate and repair a distribution main. A scenario's ``[simulation]`` replaces it.
DEFAULT_REPAIR_H = 24.0

#: Link kinds counted as control valves (a failure: stuck closed).
CONTROL_VALVE_KINDS = ("prv", "psv", "pbv", "fcv", "tcv", "gpv", "pcv")

COLUMNS = [
    "rank",
    "element",
    "element_type",
    "pipes",
    "valves",
    "diameter_m",
    "length_m",
    "people_without",
    "people_partial",
    "people_equivalent_lost",
    "person_hours_without_water",
    "unserved_volume_m3",
    "converged",
]


def failure_units(net: wnet.WaterNetwork) -> list[dict]:
    """The network's failure units, each ``{"element", "element_type", "pipes", "valves", "close"}`` (the links
    its failure takes out of service).

    Pipes one by one (``element_type`` "pipe"), or with a valve layer one unit per valve segment holding
    a pipe ("segment", named ``S<n>`` by its smallest pipe name's order), then pumps ("pump") and
    control valves ("valve"). Helper links a scenario adds (a source's intake and capacity valve) are left out.
    """
    pipes = net.pipes()
    pipes = pipes[pipes["in_service"].astype(bool)]
    helpers = {e.source for e in net.edits if isinstance(e, wnet.LimitSource)}
    pipes = pipes[~pipes.index.isin([f"{s}_intake" for s in helpers])]
    units: list[dict] = []
    if len(net.isolation_valves):
        node_seg, link_seg = wdamage.valve_segments(net)
        layer = net.isolation_valves
        seg_of = link_seg.reindex(pipes.index)
        for k, (_, members) in enumerate(sorted(seg_of.groupby(seg_of).groups.items(), key=lambda g: sorted(g[1])[0])):
            members = sorted(members)
            seg = seg_of[members[0]]
            nodes = set(node_seg.index[node_seg == seg])
            links = set(link_seg.index[link_seg == seg])
            closing = layer[layer["pipe"].isin(links) != layer["node"].isin(nodes)]
            # as segment_isolated closes it: every link in the segment or touching its nodes
            touch = net.links.index[net.links["from_node"].isin(nodes) | net.links["to_node"].isin(nodes)]
            units.append(
                {
                    "element": f"S{k + 1}",
                    "element_type": "segment",
                    "pipes": members,
                    "valves": sorted(f"{p}@{n}" for p, n in zip(closing["pipe"], closing["node"])),
                    "close": sorted(links | set(touch)),
                }
            )
    else:
        units += [{"element": p, "element_type": "pipe", "pipes": [p], "valves": [], "close": [p]} for p in pipes.index]
    units += [{"element": p, "element_type": "pump", "pipes": [], "valves": [], "close": [p]} for p in net.pumps()]
    valves = net.links[net.links["kind"].isin(CONTROL_VALVE_KINDS) & net.links["in_service"].astype(bool)]
    valves = valves[~valves.index.isin([f"{s}_capacity" for s in helpers])]
    units += [{"element": v, "element_type": "valve", "pipes": [], "valves": [v], "close": [v]} for v in valves.index]
    return units


def failed_network(net: wnet.WaterNetwork, unit: dict) -> wnet.WaterNetwork:
    """A new network with ``unit``'s links out of service (closed, their controls off, as ``pipe_closed``,
    ``pump_lost`` and ``segment_isolated`` close theirs); the input is not modified."""
    out = net.copy()
    if unit["close"]:
        wnet.close_links(out, unit["close"])
    return out


def _losses(net, options, unit, repair_h, simulation, zones) -> dict:
    """People and person-hours without water with ``unit`` failed: one steady solve, or one extended-period run."""
    failed = failed_network(net, unit)
    res = solve(failed, options)
    people = metrics.people_served(res.junctions)
    row = {
        "people_without": people["people_without"],
        "people_partial": people["people_partial"],
        "people_equivalent_lost": people["people_total"] - people["people_equivalent_served"],
        "person_hours_without_water": people["people_without"] * repair_h,
        "unserved_volume_m3": metrics.unserved_volume_m3_per_day(res.junctions) * repair_h / 24.0,
        "converged": res.converged,
    }
    if simulation is not None:
        from teplovoda.models.water.eps import simulate

        e = simulate(failed, options, simulation, zones)
        row["person_hours_without_water"] = e.totals["person_hours_without_water"]
        row["unserved_volume_m3"] = max(e.totals["required_m3"] - e.totals["delivered_m3"], 0.0)
        row["converged"] = bool(res.converged and e.converged)
    return row


def criticality(
    net: wnet.WaterNetwork,
    options: HydraulicOptions | None = None,
    *,
    repair_h: float = DEFAULT_REPAIR_H,
    simulation=None,
    zones: pd.Series | None = None,
) -> pd.DataFrame:
    """Rank the network's failure units (:func:`failure_units`) by the person-hours without water each costs.

    Parameters
    ----------
    net : WaterNetwork
        The intact network (population assigned, valve layer if any).
    options : HydraulicOptions
    repair_h : float
        Hours a failed unit stays out (steady runs only), h.
    simulation : SimulationSpec, optional
        An extended-period run per failure instead of a held snapshot.
    zones : Series, optional
        Zone per junction, for the extended-period run's zone table.

    Returns
    -------
    DataFrame
        One row per unit, worst first, columns :data:`COLUMNS`: ``pipes`` and ``valves`` as
        space-separated names (a segment's valves as ``pipe@node``), ``diameter_m`` the largest and
        ``length_m`` the total of its pipes, people (``people_*``, people), ``person_hours_without_water``
        (person-h) and ``unserved_volume_m3`` (m3) over the outage, all less the intact network's own.
        ``attrs["unit"]`` is "person-h", ``attrs["repair_h"]`` the outage held (NaN with a simulation).
    """
    options = options or HydraulicOptions()
    base = _losses(net, options, {"close": []}, repair_h, simulation, zones)
    pipes = net.links
    rows = []
    for unit in failure_units(net):
        row = _losses(net, options, unit, repair_h, simulation, zones)
        for k in (
            "people_without",
            "people_partial",
            "people_equivalent_lost",
            "person_hours_without_water",
            "unserved_volume_m3",
        ):
            row[k] = max(row[k] - base[k], 0.0)
        mine = pipes.loc[unit["pipes"]] if unit["pipes"] else pipes.iloc[:0]
        rows.append(
            {
                "element": unit["element"],
                "element_type": unit["element_type"],
                "pipes": " ".join(unit["pipes"]),
                "valves": " ".join(unit["valves"]),
                "diameter_m": float(mine["diameter_m"].max()) if len(mine) else np.nan,
                "length_m": float(mine["length_m"].sum()) if len(mine) else np.nan,
                **row,
            }
        )
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "rank"])
    table = table.sort_values(
        ["person_hours_without_water", "people_equivalent_lost", "element"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table.attrs["unit"] = "person-h"
    table.attrs["repair_h"] = float("nan") if simulation is not None else float(repair_h)
    logger.info("criticality of %s: %d failure units solved", net.name, len(table))
    return table


__all__ = ["criticality", "failure_units", "failed_network", "DEFAULT_REPAIR_H"]
