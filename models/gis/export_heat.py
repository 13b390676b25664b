"""A heat run's results as GeoPackage layers, with the network's own ids, for QGIS (issue 18, point 2).

Per case (intact, damaged, each option; layer names made by :func:`teplovoda.models.gis.export.case_keys`):

* ``nodes_<case>`` (points): island, supply and return temperature (°C) and gauge pressure (bar);
* ``pipes_<case>`` (lines, one per route: the supply and return pipes laid together): end nodes, length,
  diameter, roughness, heat-loss coefficient (W/(m K)), in service, supply flow (m3/h) and velocity (m/s),
  supply temperature at the inlet and outlet, return temperature at the inlet, heat lost by both pipes (kW),
  freeze risk, the damage done to it;
* ``buildings_<case>`` (the buildings' outlines or points when read from GIS layers, else points at their
  nodes): type, people, households, pupils, patients, design and required heat (``demand_kw``), heat
  delivered and its fraction, supply temperature, service class (``heated`` / ``underheated`` / ``none``),
  ``served`` (heated), hours to 12 °C and 0 °C indoors, and, where estimated, ``heat_load_estimated``;
* ``sources_<case>`` (points at their nodes): kind, role, capacity, heat, supply temperature, fuel per day,
  who added it (an option's name, empty for the network's own).

Geometry is the GIS layers' own (their projected CRS, :func:`teplovoda.models.gis.heat.read_heat_gis_tables`)
or, for a network from CSV tables, the tables' ``x_m``, ``y_m`` without a CRS.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.gis.export import case_keys, damage_by_element, link_lines, node_points, write_layers
from teplovoda.models.gis.geographic import network_crs
from teplovoda.models.units import SECONDS_PER_HOUR

BUILDING_COLUMNS = (
    "node",
    "building_type",
    "people",
    "households",
    "pupils",
    "patients",
    "connected",
    "design_heat_kw",
    "demand_kw",
    "delivered_kw",
    "delivered_fraction",
    "supply_temp_c",
    "return_temp_c",
    "hours_to_12c_h",
    "hours_to_0c_h",
    "freeze_risk",
)
SOURCE_COLUMNS = ("kind", "role", "island", "capacity_kw", "heat_kw", "supply_temp_c", "fuel", "fuel_per_day", "fuel_unit")


def _own_geometry(net, element: str) -> dict:
    """Name -> WKB of the GIS layers' ``element`` (``pipe`` / ``consumer``); empty for a network from CSV tables."""
    table = net["gis_geometry"] if "gis_geometry" in net else None
    if table is None or not len(table):
        return {}
    rows = table[table["element"] == element]
    return dict(zip(rows["name"], rows["wkb"]))


def _pipes(net, res, xy: pd.DataFrame) -> pd.DataFrame:
    p = net.pipe[net.pipe["line"] == "supply"].set_index("route")
    supply = res.pipes[res.pipes["line"] == "supply"].set_index("route").reindex(p.index)
    back = res.pipes[res.pipes["line"] == "return"].set_index("route").reindex(p.index)
    table = route_ends(net)
    area_m2 = math.pi * (table["diameter_mm"].to_numpy(float) / 1000.0) ** 2 / 4.0
    more = {
        "roughness_mm": p["k_mm"].to_numpy(float),
        "heat_loss_w_per_m_k": p["heat_loss_w_per_m_k"].to_numpy(float),
        "in_service": supply["in_service"].astype(bool).to_numpy(),
        "flow_m3_per_h": supply["flow_m3_per_h"].to_numpy(float),
        "velocity_m_per_s": supply["flow_m3_per_h"].to_numpy(float) / SECONDS_PER_HOUR / area_m2,
        "supply_temp_c": supply["inlet_temp_c"].to_numpy(float),
        "supply_outlet_temp_c": supply["outlet_temp_c"].to_numpy(float),
        "return_temp_c": back["inlet_temp_c"].to_numpy(float),
        "heat_loss_kw": supply["heat_loss_kw"].to_numpy(float) + back["heat_loss_kw"].to_numpy(float),
        "freeze_risk": (supply["freeze_risk"].astype(bool) | back["freeze_risk"].astype(bool)).to_numpy(),
    }
    table = table.assign(**more)
    damage = damage_by_element(net["damage"] if "damage" in net else None)
    table["damage"] = damage.reindex(table.index).fillna("").to_numpy()
    table["geometry"] = route_lines(net, xy, table)
    return table


def route_lines(net, xy: pd.DataFrame, routes: pd.DataFrame) -> list:
    """Each route's line (index = route, ``from_node``, ``to_node``): the GIS layer's own, else straight."""
    return link_lines(xy, routes.index, routes["from_node"], routes["to_node"], _own_geometry(net, "pipe"))


def route_ends(net) -> pd.DataFrame:
    """The routes (index = route id) with their end nodes ``from_node``, ``to_node``, ``length_m`` and ``diameter_mm``."""
    p = net.pipe[net.pipe["line"] == "supply"].set_index("route")
    ends = net.junction["name"].str[2:]
    return pd.DataFrame(
        {
            "from_node": ends[p["from_junction"]].to_numpy(),
            "to_node": ends[p["to_junction"]].to_numpy(),
            "length_m": p["length_km"].to_numpy(float) * 1000.0,
            "diameter_mm": p["inner_diameter_mm"].to_numpy(float),
        },
        index=pd.Index(p.index.astype(str), name="id"),
    )


def building_geometry(net, xy: pd.DataFrame, names, nodes) -> list:
    """Each building's outline or point from the GIS layers, else a point at its node (``nodes``, same order)."""
    import shapely

    own = _own_geometry(net, "consumer")
    at_node = node_points(xy.reindex(list(nodes)))
    return [shapely.from_wkb(own[n]) if n in own else g for n, g in zip(names, at_node)]


def node_xy(net) -> pd.DataFrame:
    """The route nodes' coordinates (index = node name; ``x_m``, ``y_m``, NaN for a network without them)."""
    xy = net["route_nodes"].assign(name=lambda t: t["name"].astype(str)).set_index("name")
    return xy if "x_m" in xy else xy.assign(x_m=np.nan, y_m=np.nan)


def _buildings(net, res, xy: pd.DataFrame) -> pd.DataFrame:
    from teplovoda.models.heat.metrics import service_class

    c = res.consumers
    table = c[[col for col in BUILDING_COLUMNS if col in c]].copy()
    table["service"] = service_class(c).to_numpy()
    table["served"] = table["service"] == "heated"
    hc = net.heat_consumer.set_index("name")
    if "heat_load_estimated" in hc:
        table["heat_load_estimated"] = hc["heat_load_estimated"].reindex(table.index).astype(bool).to_numpy()
        table["floor_area_m2"] = hc["floor_area_m2"].reindex(table.index).to_numpy(float)
    table["geometry"] = building_geometry(net, xy, table.index, table["node"])
    return table.rename_axis("id")


def _sources(net, res, xy: pd.DataFrame) -> pd.DataFrame:
    s = res.sources
    table = s[[col for col in SOURCE_COLUMNS if col in s]].copy()
    spec = net["heat_source"].set_index("name")
    table.insert(0, "node", spec["node"].reindex(table.index).astype(str).to_numpy())
    table["added_by"] = spec["added_by"].reindex(table.index).fillna("").astype(str).to_numpy()
    table["geometry"] = node_points(xy.reindex(table["node"]))
    return table.rename_axis("id")


def heat_case_layers(run) -> dict[str, pd.DataFrame]:
    """Layer name -> its table (id as the first column ``id``, a ``geometry`` column of shapely objects)."""
    out = {}
    keys = case_keys(run.results)
    for case, res in run.results.items():
        net = run.nets[case]
        xy = node_xy(net)
        nodes = res.nodes.rename_axis("id")
        out[f"nodes_{keys[case]}"] = nodes.assign(geometry=node_points(xy.reindex(nodes.index)))
        out[f"pipes_{keys[case]}"] = _pipes(net, res, xy)
        out[f"buildings_{keys[case]}"] = _buildings(net, res, xy)
        out[f"sources_{keys[case]}"] = _sources(net, res, xy)
    return {name: t.reset_index() for name, t in out.items() if len(t)}


def heat_layers(run) -> tuple[dict[str, pd.DataFrame], object]:
    """A heat run's :func:`heat_case_layers` and their CRS (the GIS layers', None for CSV tables)."""
    return heat_case_layers(run), network_crs(run.nets["intact"])


def write_heat_gpkg(run, path: str | Path) -> list[str]:
    """Write every case's layers of a heat run to the GeoPackage ``path`` (replaced if it exists); the layer names."""
    layers, crs = heat_layers(run)
    return write_layers(layers, path, crs)
