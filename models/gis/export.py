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

import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.water.criticality import COLUMNS
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


def node_points(nodes: pd.DataFrame):
    """Points of a table's ``x_m``, ``y_m`` (None where a node has no coordinates)."""
    import shapely

    xy = nodes[["x_m", "y_m"]].to_numpy(float)
    ok = np.isfinite(xy).all(axis=1)
    geom = np.full(len(nodes), None, dtype=object)
    geom[ok] = shapely.points(xy[ok])
    return geom


def link_lines(nodes: pd.DataFrame, names, from_nodes, to_nodes, own: dict) -> list:
    """Each link's own line (``own``: name -> WKB, from GIS layers), else the straight line between its end
    nodes (``nodes``: index = node, ``x_m``, ``y_m``), else None (an end without coordinates)."""
    import shapely

    xy = nodes[["x_m", "y_m"]]
    a = xy.reindex(list(from_nodes)).to_numpy(float)
    b = xy.reindex(list(to_nodes)).to_numpy(float)
    geom = []
    for name, p, q in zip(names, a, b):
        wkb = own.get(name)
        if wkb is not None:
            geom.append(shapely.from_wkb(wkb))
        elif np.isfinite(p).all() and np.isfinite(q).all():
            geom.append(shapely.linestrings([p, q]))
        else:
            geom.append(None)
    return geom


def _link_lines(net, links: pd.DataFrame):
    return link_lines(net.nodes, links.index, links["from_node"], links["to_node"], net.link_geometry)


def damage_by_element(damage: pd.DataFrame | None) -> pd.Series:
    """Element -> the damage done to it (``"break; closed"`` when several), from a damage table
    (``element``, ``damage`` columns; None or empty: no damage)."""
    if damage is None or not len(damage):
        return pd.Series(dtype=object)
    return damage.groupby("element")["damage"].agg(lambda s: "; ".join(map(str, s)))


def _damage(net) -> pd.Series:
    return damage_by_element(net.damage)


def case_layers(run) -> dict[str, pd.DataFrame]:
    """Layer name -> its table (``geometry`` column of shapely objects, id as the first column ``id``)."""
    out = {}
    keys = case_keys(run.cases())
    for case, (net, res) in run.cases().items():
        table = run.junction_table(case)
        table = table.assign(geometry=node_points(net.nodes.reindex(table.index)))
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


def check_gpkg_path(path: str | Path, where: str = "--gpkg") -> Path:
    """The GeoPackage to write, checked before any work is done: a ``.gpkg`` name, not a folder, in a folder
    that exists or can be made and is writable. A bad one is one :class:`InputError` line naming ``where``."""
    path = Path(path)
    problem = None
    if path.suffix.lower() != ".gpkg":
        problem = Msg("gis.gpkg_suffix", "{path}: a GeoPackage's name ends in .gpkg", path=str(path))
    elif path.is_dir():
        problem = Msg("gis.gpkg_folder", "{path} is a folder", path=str(path))
    else:
        folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("."))
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            problem = Msg(
                "gis.gpkg_unwritable",
                "cannot write {path}: {folder} is not a writable folder",
                path=str(path),
                folder=str(folder),
            )
    if problem is not None:
        raise InputError(within(where, problem))
    return path


def write_layers(layers: dict[str, pd.DataFrame], path: str | Path, crs=None) -> list[str]:
    """Write tables (``geometry`` column of shapely objects) as the layers of the GeoPackage ``path``
    (replaced if it exists) in ``crs``; the layer names written. Object columns are written as text
    (booleans stay booleans). A table without a ``geometry`` column is written as an attribute table
    (GeoPackage ``attributes`` content: QGIS shows it as a table and can join it by id)."""
    import geopandas as gpd
    import pyogrio

    path = check_gpkg_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    written = []
    for name, table in layers.items():
        frame = table.copy()
        for col in frame.columns:
            if frame[col].dtype == object and col != "geometry":
                frame[col] = _plain(frame[col])
        try:
            if "geometry" not in frame:
                pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
                written.append(name)
                continue
            gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=crs)
            with warnings.catch_warnings():
                # a network from an .inp file or CSV tables has no CRS: its coordinates are the file's own
                warnings.filterwarnings("ignore", message="'crs' was not provided")
                gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        except (OSError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            reason = " ".join(str(exc).split())[:200]
            raise InputError(Msg("gis.gpkg_write", "cannot write {path} ({reason})", path=str(path), reason=reason)) from None
        written.append(name)
    return written


def water_layers(run) -> tuple[dict[str, pd.DataFrame], object]:
    """A water run's :func:`case_layers` and their CRS (the GIS layers', None for an ``.inp`` network)."""
    return case_layers(run), getattr(run.net_intact, "crs", None)


def write_gpkg(run, path: str | Path) -> list[str]:
    """Write every case's layers of a water run to the GeoPackage ``path`` (replaced if it exists); the layer names."""
    layers, crs = water_layers(run)
    return write_layers(layers, path, crs)


#: Figures of a failure unit (:func:`teplovoda.models.water.criticality.criticality`) each of its links carries:
#: the criticality table's columns but its member lists and the pipe's own size.
CRITICALITY_FIGURES = tuple(c for c in COLUMNS if c not in ("pipes", "valves", "diameter_m", "length_m"))


def criticality_layers(net, table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``pipes``, ``pumps`` and ``valves`` layers of a criticality table: each link with its failure unit's figures.

    A pipe of a valve segment carries its segment's figures (``element`` = the segment, ``element_type``
    ``segment``); ``diameter_m`` and ``length_m`` are the link's own. Links in no unit (closed ones) are left out.
    """
    rows = []
    for unit in table.itertuples(index=False):
        members = unit.pipes.split() if unit.element_type in ("pipe", "segment") else [unit.element]
        rows += [{"id": name, **{c: getattr(unit, c) for c in CRITICALITY_FIGURES}} for name in members]
    per_link = pd.DataFrame(rows, columns=["id", *CRITICALITY_FIGURES]).set_index("id")
    links = net.links.reindex(per_link.index)
    per_link = per_link.assign(
        kind=links["kind"].to_numpy(),
        from_node=links["from_node"].to_numpy(),
        to_node=links["to_node"].to_numpy(),
        diameter_m=links["diameter_m"].to_numpy(float) if "diameter_m" in links else np.nan,
        length_m=links["length_m"].to_numpy(float) if "length_m" in links else np.nan,
    )
    per_link["geometry"] = link_lines(net.nodes, per_link.index, per_link["from_node"], per_link["to_node"], net.link_geometry)
    out = {kind: per_link[per_link["kind"].isin(kinds)] for kind, kinds in LINK_LAYERS.items()}
    return {name: t.reset_index() for name, t in out.items() if len(t)}


def write_criticality_gpkg(net, table: pd.DataFrame, path: str | Path) -> list[str]:
    """Write :func:`criticality_layers` to the GeoPackage ``path`` (replaced if it exists); the layer names."""
    return write_layers(criticality_layers(net, table), path, getattr(net, "crs", None))


def portfolio_layers(run) -> dict[str, pd.DataFrame]:
    """A portfolio run's ``sites`` layer: one point per site (longitude, latitude, EPSG:4326) with its allocation.

    Columns are the allocation's (:class:`teplovoda.models.portfolio.run.PortfolioRun`): ``id`` (the site's
    name), ``set_type`` (the set assigned, empty for none), ``passes`` (the set starts the pumps and carries
    the load), ``fuel_l_per_day``, ``people_hours_per_day`` (people-hours of water added per day),
    ``people_hours`` (over the horizon), ``cost_eur``, ``greedy_set_type``, ``why``...
    """
    import shapely

    a = run.allocation
    table = a.rename(columns={"site": "id"})
    return {"sites": table.assign(geometry=shapely.points(a[["lon", "lat"]].to_numpy(float)))}


def write_portfolio_gpkg(run, path: str | Path) -> list[str]:
    """Write :func:`portfolio_layers` to the GeoPackage ``path`` in EPSG:4326 (replaced if it exists); the layer names."""
    return write_layers(portfolio_layers(run), path, "EPSG:4326")
