"""A water run's results as GeoPackage layers, with the network's own ids, for QGIS.

One layer per element kind and case (intact, damaged, each option): ``junctions_<case>`` (points:
elevation, required and delivered demand, pressure, service class, zone, people), ``sources_<case>``
(reservoirs and tanks: head, outflow), ``pipes_<case>``, ``pumps_<case>``, ``valves_<case>`` (lines:
length, diameter, Hazen-Williams C where known, flow, velocity, head loss, status, the damage done to
it). A case name is written with every character other than a letter, digit or ``_`` as ``_``
(:func:`case_keys`; a name that then repeats another gets ``_2``...).

Geometry is each link's own line for a network read from GIS layers (vertices kept), else the straight
line between its end nodes; the CRS is the layers' (a network from an ``.inp`` file has none: its
coordinates are the file's). Nodes without coordinates have no geometry.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.water.network import VALVE_KINDS, AddPipe

#: Link kinds of each link layer.
LINK_LAYERS = {"pipes": ("pipe",), "pumps": ("pump",), "valves": VALVE_KINDS}


def case_keys(cases) -> dict[str, str]:
    """Case name -> the word naming its layers, made unique (``"a b"`` and ``"a_b"`` -> ``a_b``, ``a_b_2``)."""
    out, taken = {}, set()
    for case in cases:
        key, n = case_key(case), 1
        while key in taken:
            n += 1
            key = f"{case_key(case)}_{n}"
        out[case] = key
        taken.add(key)
    return out


def case_key(case: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]", "_", case)


def _node_points(nodes: pd.DataFrame):
    import shapely

    xy = nodes[["x_m", "y_m"]].to_numpy(float)
    ok = np.isfinite(xy).all(axis=1)
    geom = np.full(len(nodes), None, dtype=object)
    geom[ok] = shapely.points(xy[ok])
    return geom


def _link_lines(net, links: pd.DataFrame):
    import shapely

    xy = net.nodes[["x_m", "y_m"]]
    a = xy.reindex(links["from_node"]).to_numpy(float)
    b = xy.reindex(links["to_node"]).to_numpy(float)
    geom = []
    for name, p, q in zip(links.index, a, b):
        wkb = net.link_geometry.get(name)
        if wkb is not None:
            geom.append(shapely.from_wkb(wkb))
        elif np.isfinite(p).all() and np.isfinite(q).all():
            geom.append(shapely.linestrings([p, q]))
        else:
            geom.append(None)
    return geom


def _damage(net) -> pd.Series:
    """Element -> the damage done to it (``"break; closed"`` when several)."""
    d = net.damage
    if not len(d):
        return pd.Series(dtype=object)
    return d.groupby("element")["damage"].agg(lambda s: "; ".join(map(str, s)))


def case_layers(run) -> dict[str, pd.DataFrame]:
    """Layer name -> its table (``geometry`` column of shapely objects, id as the first column ``id``)."""
    out = {}
    keys = case_keys(run.cases())
    for case, (net, res) in run.cases().items():
        table = run.junction_table(case)
        table = table.assign(geometry=_node_points(net.nodes.reindex(table.index)))
        is_source = table["type"].isin(("reservoir", "tank"))
        out[f"junctions_{keys[case]}"] = table[~is_source]
        out[f"sources_{keys[case]}"] = table[is_source].join(res.sources.drop(columns=["kind", "head_m"], errors="ignore"))
        hw = {e.name: e.hazen_williams_c for e in net.edits if isinstance(e, AddPipe)}
        damage = _damage(net)
        links = net.links.join(res.links.drop(columns=["kind", "from_junction", "to_junction"]), how="left")
        links = links.assign(
            hazen_williams_c=pd.Series(hw, dtype=float).reindex(links.index).to_numpy(),
            damage=damage.reindex(links.index).fillna("").to_numpy(),
            geometry=_link_lines(net, links),
        )
        for kind, kinds in LINK_LAYERS.items():
            out[f"{kind}_{keys[case]}"] = links[links["kind"].isin(kinds)]
    return {name: t.rename_axis("id").reset_index() for name, t in out.items() if len(t)}


def _plain(column: pd.Series) -> pd.Series:
    """An object column as GeoPackage can hold it: booleans stay booleans, anything else is text (missing: null)."""
    present = column.dropna()
    if len(present) and present.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        return column.astype("boolean")
    return column.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))


def write_gpkg(run, path: str | Path) -> list[str]:
    """Write every case's layers to the GeoPackage ``path`` (replaced if it exists); the layer names written."""
    import geopandas as gpd

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    crs = getattr(run.net_intact, "crs", None)
    written = []
    for name, table in case_layers(run).items():
        frame = table.copy()
        for col in frame.columns:
            if frame[col].dtype == object and col != "geometry":
                frame[col] = _plain(frame[col])
        gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=crs)
        gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        written.append(name)
    return written
