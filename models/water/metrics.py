"""Water-service metrics: pure functions of a solved network's junction table.

All functions take ``HydraulicResult.junctions`` (index = junction name) or the result itself and
return a Series or DataFrame whose unit is in its column names (and in ``attrs["unit"]`` for
Series). Only demand nodes (``type == "junction"`` or ``"break"``) count; helper nodes do not.

Service classes of a node, from the fraction of its required demand it receives:

* ``full``: at least :data:`FULL_SERVICE_FRACTION` (99 %) of the required demand;
* ``partial``: more than :data:`NO_SERVICE_FRACTION` (1 %) but less than full;
* ``none``: 1 % or less, or cut off from every source.

People follow their node's class; ``people_equivalent_served`` weights people by the fraction.

A node is **dry** (:func:`dry_nodes`) when it has no water to speak of: its class is ``none``, or it
has no demand and is cut off or below the pressure-dependent demand's minimum pressure. A dry node's
pressure is not a service pressure (a pump at zero flow can "pull" a dry zone to -69 m in EPANET's
numbers, a column of water that is not there), so no lowest or median pressure is taken over dry
nodes: a zone that is all dry has no pressure (NaN) and says how many of its nodes are dry.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from teplovoda.models.units import HOURS_PER_DAY

FULL_SERVICE_FRACTION = 0.99
NO_SERVICE_FRACTION = 0.01
DEMAND_NODE_TYPES = ("junction", "break")


def demand_nodes(junctions: pd.DataFrame) -> pd.DataFrame:
    """Only the demand nodes of a junction table."""
    return junctions[junctions["type"].isin(DEMAND_NODE_TYPES)]


def service_fraction(junctions: pd.DataFrame) -> pd.Series:
    """Delivered / required demand per node (1 for nodes without demand that are supplied, else 0)."""
    j = demand_nodes(junctions)
    req = j["demand_required_m3_per_h"].to_numpy(float)
    frac = np.divide(j["demand_m3_per_h"].to_numpy(float), req, out=np.zeros(len(j)), where=req > 0)
    frac = np.where(req > 0, frac, j["supplied"].to_numpy(bool).astype(float))
    s = pd.Series(np.clip(frac, 0.0, 1.0), index=j.index, name="service_fraction")
    s.attrs["unit"] = "1"
    return s


def service_class(junctions: pd.DataFrame) -> pd.Series:
    """``full`` / ``partial`` / ``none`` per demand node (see module doc for the thresholds)."""
    frac = service_fraction(junctions)
    cls = np.where(frac >= FULL_SERVICE_FRACTION, "full", np.where(frac > NO_SERVICE_FRACTION, "partial", "none"))
    return pd.Series(cls, index=frac.index, name="service")


def dry_nodes(junctions: pd.DataFrame) -> pd.Series:
    """True per demand node without water (see module doc): class ``none``, or no demand and cut off or
    at or below the minimum pressure (``min_pressure_m`` column, 0 m when the table has none)."""
    j = demand_nodes(junctions)
    p_min = j["min_pressure_m"].to_numpy(float) if "min_pressure_m" in j else np.zeros(len(j))
    pressure = j["pressure_m"].to_numpy(float)
    no_demand = j["demand_required_m3_per_h"].to_numpy(float) <= 0
    low = ~(pressure > p_min)  # NaN (cut off) counts as low
    dry = (service_class(junctions).to_numpy() == "none") | (no_demand & (low | ~j["supplied"].to_numpy(bool)))
    return pd.Series(dry, index=j.index, name="dry")


def people_served(junctions: pd.DataFrame) -> pd.Series:
    """People fully served, partly served, without water, in total, and people-equivalent served."""
    j = demand_nodes(junctions)
    pop = j["population"].to_numpy(float)
    cls = service_class(junctions).to_numpy()
    frac = service_fraction(junctions).to_numpy()
    s = pd.Series(
        {
            "people_full": float(pop[cls == "full"].sum()),
            "people_partial": float(pop[cls == "partial"].sum()),
            "people_without": float(pop[cls == "none"].sum()),
            "people_total": float(pop.sum()),
            "people_equivalent_served": float((pop * frac).sum()),
        },
        name="people",
    )
    s.attrs["unit"] = "people"
    return s


def unserved_volume_m3_per_day(junctions: pd.DataFrame) -> float:
    """Required minus delivered demand over a day at this snapshot's rates, m3/day."""
    j = demand_nodes(junctions)
    return float((j["demand_required_m3_per_h"] - j["demand_m3_per_h"]).clip(lower=0).sum() * HOURS_PER_DAY)


def leak_outflow_m3_per_h(junctions: pd.DataFrame) -> float:
    """Total outflow of all leaks, m3/h."""
    return float(junctions["leak_m3_per_h"].sum())


def tank_autonomy(sources: pd.DataFrame) -> pd.DataFrame:
    """Hours until each draining tank reaches its minimum level at the solved outflow.

    Parameters
    ----------
    sources : DataFrame
        ``HydraulicResult.sources``.

    Returns
    -------
    DataFrame
        Index = tank; ``usable_volume_m3``, ``outflow_m3_per_h``, ``hours_to_empty_h`` (inf for a
        tank that is filling or idle). A steady snapshot: the outflow is held constant, while in
        reality it falls with the level, so the figure is a lower bound when tanks are the only
        supply.
    """
    t = sources[sources["kind"] == "tank"][["usable_volume_m3", "outflow_m3_per_h"]].copy()
    out = t["outflow_m3_per_h"].to_numpy(float)
    vol = t["usable_volume_m3"].to_numpy(float)
    t["hours_to_empty_h"] = np.where(out > 1e-9, vol / np.where(out > 1e-9, out, 1.0), np.inf)
    return t


def automatic_zones(net) -> pd.Series:
    """Pressure zones: groups of nodes joined by pipes alone, so pumps and PRVs bound the zones.

    Returns a Series (index = junction name) of zone names ``Z1``, ``Z2``... numbered by people then
    node count, largest first. Sources and helper nodes are left out.
    """
    names = net.nodes.index.to_numpy(dtype=object)
    pos = pd.Series(np.arange(len(names)), index=net.nodes.index)
    pipes = net.pipes()
    graph = coo_matrix(
        (np.ones(len(pipes)), (pos[pipes["from_node"]].to_numpy(), pos[pipes["to_node"]].to_numpy())),
        shape=(len(names), len(names)),
    )
    _, labels = connected_components(graph, directed=False)
    keep = net.nodes["kind"].isin(DEMAND_NODE_TYPES).to_numpy()
    pop = net.nodes["population"].fillna(0.0).to_numpy(float)
    order = (
        pd.DataFrame({"label": labels[keep], "pop": pop[keep], "n": 1})
        .groupby("label")
        .sum()
        .sort_values(["pop", "n"], ascending=False)
        .index
    )
    rename = {lab: f"Z{i + 1}" for i, lab in enumerate(order)}
    return pd.Series([rename[lab] for lab in labels[keep]], index=names[keep], name="zone")


def zone_table(junctions: pd.DataFrame, zones: pd.Series) -> pd.DataFrame:
    """Per pressure zone: nodes, people, lowest and median pressure, dry nodes, service; dry zones, then lowest pressure, first.

    Parameters
    ----------
    junctions : DataFrame
        ``HydraulicResult.junctions``.
    zones : Series
        Zone name per junction name (from the scenario or :func:`automatic_zones`).

    Returns
    -------
    DataFrame
        Index = zone; ``nodes``, ``people``, ``min_pressure_m`` (over the nodes with water: NaN when
        the whole zone is dry), ``lowest_node``, ``median_pressure_m``, ``nodes_dry``,
        ``people_without``, ``service_fraction``. Dry zones come first, then by lowest pressure.
    """
    j = demand_nodes(junctions).join(zones.rename("zone"), how="inner")
    frac = service_fraction(junctions).reindex(j.index)
    cls = service_class(junctions).reindex(j.index)
    dry = dry_nodes(junctions).reindex(j.index)
    rows = []
    for zone, g in j.groupby("zone", sort=False):
        p = g["pressure_m"].where(~dry[g.index])
        req = g["demand_required_m3_per_h"].sum()
        rows.append(
            {
                "zone": zone,
                "nodes": len(g),
                "people": g["population"].sum(),
                "min_pressure_m": p.min() if p.notna().any() else float("nan"),
                "lowest_node": p.idxmin() if p.notna().any() else "",
                "median_pressure_m": p.median() if p.notna().any() else float("nan"),  # no "mean of empty slice" for a dry zone
                "nodes_dry": int(dry[g.index].sum()),
                "people_without": g["population"][cls[g.index] == "none"].sum(),
                "service_fraction": g["demand_m3_per_h"].sum() / req if req > 0 else float(frac[g.index].mean()),
            }
        )
    table = pd.DataFrame(rows).set_index("zone")
    return table.sort_values("min_pressure_m", na_position="first")


def first_tank_empty_h(sources: pd.DataFrame) -> float:
    """Hours until the first tank is empty (:func:`tank_autonomy`); inf when every tank fills or idles,
    NaN for a network without tanks (there is nothing to run empty, and "never" would read as reassurance)."""
    hours = tank_autonomy(sources)["hours_to_empty_h"].to_numpy(float)
    return float(hours.min()) if len(hours) else float("nan")


def summary(result) -> pd.Series:
    """Headline numbers of one solve: people, volumes, leaks and pressures (units in the keys).

    ``min_pressure_m`` is the lowest pressure at a demand node that has water (NaN when none has):
    dry nodes are counted in ``nodes_without_water``, never as a negative pressure.
    ``first_tank_empty_h`` is NaN for a network without tanks.
    """
    j = result.junctions
    wet = ~dry_nodes(j)
    d = demand_nodes(j[j["demand_required_m3_per_h"] > 0])
    p = d["pressure_m"][wet.reindex(d.index, fill_value=False)]
    s = people_served(j)
    out = {
        "converged": bool(result.converged),
        **s.to_dict(),
        "demand_required_m3_per_day": float(d["demand_required_m3_per_h"].sum() * HOURS_PER_DAY),
        "demand_delivered_m3_per_day": float(d["demand_m3_per_h"].sum() * HOURS_PER_DAY),
        "unserved_volume_m3_per_day": unserved_volume_m3_per_day(j),
        "leak_outflow_m3_per_h": leak_outflow_m3_per_h(j),
        "min_pressure_m": float(p.min()) if p.notna().any() else float("nan"),
        "first_tank_empty_h": first_tank_empty_h(result.sources),
        "nodes_without_water": int((service_class(j) == "none").sum()),
        "pump_power_kw": float(result.links.loc[result.links["kind"] == "pump", "power_kw"].sum()) if len(result.links) else 0.0,
    }
    return pd.Series(out, name="summary")
