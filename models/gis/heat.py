"""A district-heating network's route tables from GIS layers: the same tables its CSV files give.

The heat model builds its network from three tables (:mod:`teplovoda.models.heat.network`): nodes,
pipes, consumers. A heat mapping file names a layer for each (``[nodes]`` optional, ``[pipes]`` and
``[consumers]`` required) and, in ``columns``, which layer column holds which table column
(``columns = { diameter_mm = "DN" }``); a layer column already named like a table column is taken as it
is. What geometry gives:

* nodes: ``x_m``, ``y_m`` of the points (without a nodes layer, pipe ends within ``[gis]
  snap_tolerance_m`` merge into nodes ``n1``, ``n2``...);
* pipes: ``from_node`` and ``to_node`` by snapping the line's ends, ``length_m`` from the line in the
  projected CRS unless mapped;
* consumers (buildings, as points or polygons): ``node`` from a mapped column, else the node within the
  snap tolerance of the point or of the polygon's centroid.

A building's ``design_heat_kw`` is its mapped column (or ``heat_load_kw = "<column>"``); where that is
missing, it is estimated from its footprint (the polygon's area in the projected CRS, or a mapped
``footprint_area`` column, m2), ``storeys``, ``building_type`` and ``year_built`` by the specific loads of
:mod:`teplovoda.models.heat.building_loads` (SNiP 2.04.07-86* for apartment blocks; overridable in
``[consumers.specific_load_w_per_m2]`` or by a ``specific_load_table`` of one's own) at the design
outdoor temperature (``[consumers] design_outdoor_temp_c``, else the scenario's ``[climate]``). The
consumers table then says which loads were estimated (``heat_load_estimated``) and the gross floor area
(``floor_area_m2``).

The tables then go through the heat model's own checks, as CSV tables do. ``geometry`` (element, name,
WKB) and ``crs`` go with them, so results can be written back on the same lines and outlines
(:mod:`teplovoda.models.gis.export_heat`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.gis.layers import Layer, merge_ends, read_layers, snap
from teplovoda.models.gis.mapping import GisOptions, LayerSpec, file_in_folder
from teplovoda.models.heat import building_loads
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import bounded, build, load_toml

#: Columns of each table that geometry gives (a layer column may still override ``length_m``).
GEOMETRY_COLUMNS = {"nodes": ("x_m", "y_m"), "pipes": ("from_node", "to_node"), "consumers": ()}
#: Columns of each table read as text; every other mapped column must be a finite number.
TEXT_COLUMNS = ("node", "building_type", "insulation")


@dataclass(frozen=True)
class HeatLayerSpec(LayerSpec):
    #: table column -> layer column
    columns: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ConsumersSpec(HeatLayerSpec):
    """``[consumers]``: the buildings' layer, and the columns their heat load is given or estimated from."""

    #: a column holding the design heat load (kW), as ``columns = { design_heat_kw = "<column>" }``
    heat_load_kw: str | None = None
    #: a column of the footprint (m2); default: the polygon's area in the projected CRS
    footprint_area: str | None = None
    storeys: str = "storeys"
    year_built: str = "year_built"
    #: the temperature the specific loads are read at; default: the scenario's [climate] design_outdoor_temp_c
    design_outdoor_temp_c: float | None = bounded(None, ge=-60, le=20, unit="°C")
    #: building type -> W per m2 of gross floor area, replacing the table's rows of that type
    specific_load_w_per_m2: dict = field(default_factory=dict)
    #: a CSV table of one's own, in the default table's columns (relative to the mapping file)
    specific_load_table: str = ""


@dataclass(frozen=True)
class HeatMapping:
    path: Path
    gis: GisOptions
    pipes: HeatLayerSpec
    consumers: ConsumersSpec
    nodes: HeatLayerSpec | None = None

    def layers(self) -> dict[str, HeatLayerSpec]:
        return {n: getattr(self, n) for n in ("nodes", "pipes", "consumers") if getattr(self, n) is not None}

    def file(self, spec: LayerSpec, section: str) -> Path:
        return file_in_folder(self.path, spec, section)


def load_heat_mapping(path: str | Path) -> HeatMapping:
    """Read and validate a heat mapping file (one :class:`InputError` line naming the file and key)."""
    path = Path(path)
    src = str(path)
    data = load_toml(path)
    sections = ("gis", "nodes", "pipes", "consumers")
    unknown = sorted(set(data) - set(sections))
    if unknown:
        known = ", ".join(sections)
        raise InputError(
            Msg("unknown_section", "unknown section [{section}] (expected: {known})", section=unknown[0], known=known), source=src
        )
    for s in ("pipes", "consumers"):
        if s not in data:
            raise InputError(Msg("missing_section", "missing section [{section}]", section=s), source=src)
    gis = build(GisOptions, data.get("gis", {}), "[gis]", src)
    parts = {s: build(HeatLayerSpec, data[s], f"[{s}]", src) for s in ("nodes", "pipes") if s in data}
    parts["consumers"] = build(ConsumersSpec, data["consumers"], "[consumers]", src)
    for btype, q in parts["consumers"].specific_load_w_per_m2.items():
        if isinstance(q, bool) or not isinstance(q, (int, float)) or not (0 < q < 10_000):
            bad = Msg("gis.specific_load", "expected W/m2 > 0, got {got}", got=repr(q))
            raise InputError(within(f"[consumers.specific_load_w_per_m2] -> {btype}", bad), source=src)
    return HeatMapping(path=path, gis=gis, **parts)


def _attributes(layer: Layer, table: str) -> pd.DataFrame:
    """The layer's columns under the table's names (mapped ones checked), ``name`` first."""
    mapped = dict(layer.spec.columns)
    if getattr(layer.spec, "heat_load_kw", None):
        mapped["design_heat_kw"] = layer.spec.heat_load_kw
    out = {"name": layer.ids}
    for column, source in mapped.items():
        out[column] = layer.optional(source, text=column in TEXT_COLUMNS)
    skip = {layer.spec.id, "geometry", *mapped.values(), *GEOMETRY_COLUMNS[table]}
    for column in layer.gdf.columns:
        if column not in skip and column not in out:
            out[column] = layer.optional(column, text=column in TEXT_COLUMNS)
    return pd.DataFrame(out)


def _consumer_nodes(layer: Layer, nodes: pd.DataFrame, tol: float) -> np.ndarray:
    xy = layer.anchors()
    return snap(
        layer, np.stack([xy, xy], axis=1), nodes["name"].to_numpy(dtype=object), nodes[["x_m", "y_m"]].to_numpy(float), tol
    )[:, 0]


def _load_table(mapping: HeatMapping) -> pd.DataFrame:
    """The specific loads: the user's table or the default one, with ``[consumers.specific_load_w_per_m2]`` applied."""
    spec = mapping.consumers
    if spec.specific_load_table:
        path = file_in_folder(mapping.path, LayerSpec(file=spec.specific_load_table), "consumers")
        table = building_loads.load_table(path, source=str(mapping.path))
    else:
        table = building_loads.default_table()
    return building_loads.with_overrides(table, spec.specific_load_w_per_m2)


def _footprints(layer: Layer, rows: np.ndarray) -> np.ndarray:
    """Footprint (m2) of each building: the mapped column, else its polygon's area in the projected CRS."""
    column = layer.spec.footprint_area
    if column is not None:
        area = layer.optional(column, text=False)
    else:
        polygonal = ("Polygon", "MultiPolygon")
        area = np.array([g.area if g is not None and g.geom_type in polygonal else np.nan for g in layer.gdf.geometry])
    for k in rows:
        if not np.isfinite(area[k]):
            if column is not None:
                layer.fail(Msg("gis.missing_value", "missing {what}", what=column), row=int(k), column=column)
            no_area = "a point has no footprint: map footprint_area, or give design_heat_kw"
            layer.fail(Msg("gis.no_footprint", no_area), row=int(k))
        if not area[k] > 0:
            bad = Msg("gis.footprint", "footprint area must be > 0 m2, got {got}", got=f"{area[k]:g}")
            layer.fail(bad, row=int(k), column=column)
    return area


def estimate_loads(layer: Layer, consumers: pd.DataFrame, mapping: HeatMapping, design_outdoor_temp_c: float):
    """``consumers`` with ``design_heat_kw`` estimated where missing (module doc), ``heat_load_estimated``, ``floor_area_m2``."""
    spec = mapping.consumers
    n = len(consumers)
    given = consumers["design_heat_kw"].to_numpy(float) if "design_heat_kw" in consumers else np.full(n, np.nan)
    need = np.flatnonzero(~np.isfinite(given))
    out = consumers.assign(design_heat_kw=given, heat_load_estimated=~np.isfinite(given), floor_area_m2=np.nan)
    if not len(need):
        return out
    t_o = spec.design_outdoor_temp_c if spec.design_outdoor_temp_c is not None else design_outdoor_temp_c
    table = _load_table(mapping)
    area = _footprints(layer, need)
    storeys = layer.optional(spec.storeys, text=False)
    year = layer.optional(spec.year_built, text=False) if spec.year_built in layer.gdf.columns else np.full(n, np.nan)
    type_column = spec.columns.get("building_type", "building_type")
    types = out["building_type"].to_numpy(dtype=object) if "building_type" in out else np.full(n, np.nan, dtype=object)
    columns = {"building_type": type_column, "year_built": spec.year_built, "storeys": spec.storeys}
    for k in need:
        if not np.isfinite(storeys[k]):
            layer.fail(Msg("gis.missing_value", "missing {what}", what=spec.storeys), row=int(k), column=spec.storeys)
        if not (storeys[k] >= 1 and float(storeys[k]).is_integer()):
            bad = Msg("gis.storeys", "storeys must be a whole number >= 1, got {got}", got=f"{storeys[k]:g}")
            layer.fail(bad, row=int(k), column=spec.storeys)
        if not isinstance(types[k], str):
            layer.fail(Msg("gis.missing_value", "missing {what}", what=type_column), row=int(k), column=type_column)
        try:
            kw = building_loads.design_heat_kw(table, types[k], area[k], storeys[k], year[k], t_o)
        except building_loads.NoLoad as exc:
            layer.fail(exc.msg, row=int(k), column=columns.get(exc.field))
        out.iloc[k, out.columns.get_loc("design_heat_kw")] = kw
        out.iloc[k, out.columns.get_loc("floor_area_m2")] = area[k] * storeys[k]
    return out


def _geometry(layers: dict[str, Layer]) -> pd.DataFrame:
    """Element (``pipe`` / ``consumer``), name and WKB of the pipes' lines and the buildings' points or outlines."""
    import shapely

    parts = [
        pd.DataFrame({"element": element, "name": layers[s].ids, "wkb": shapely.to_wkb(layers[s].gdf.geometry.to_numpy())})
        for s, element in (("pipes", "pipe"), ("consumers", "consumer"))
    ]
    return pd.concat(parts, ignore_index=True)


def read_heat_gis_tables(mapping_path: str | Path, design_outdoor_temp_c: float | None = None) -> dict:
    """The ``nodes``, ``pipes`` and ``consumers`` tables of a heat network from the layers a mapping names.

    The nodes' ``x_m``, ``y_m`` are in the layers' projected CRS, which the nodes table carries as
    ``nodes.attrs["crs"]`` (WKT) for :func:`teplovoda.models.heat.scenario.build_network` to keep on the net.
    ``design_outdoor_temp_c`` (the scenario's [climate]; default that of :class:`~teplovoda.models.heat.physics.Climate`)
    is where buildings' loads are estimated unless the mapping sets its own. The dict also holds ``geometry``
    (:func:`_geometry`).

    Raises
    ------
    InputError
        One line naming the mapping file, layer, feature id and column (as for water:
        :func:`teplovoda.models.gis.water.read_water_gis`).
    """
    mapping = load_heat_mapping(mapping_path)
    layers = read_layers(mapping)
    tol = mapping.gis.snap_tolerance_m
    pipes_layer = layers["pipes"]
    lines = pipes_layer.lines()
    length = np.array([g.length for g in lines])
    for k in np.flatnonzero(~(length > 0)):
        pipes_layer.fail(Msg("gis.zero_length", "pipe has zero length"), row=int(k))
    if "nodes" in layers:
        nodes = _attributes(layers["nodes"], "nodes")
        xy = layers["nodes"].points()
        nodes["x_m"], nodes["y_m"] = xy[:, 0], xy[:, 1]
        ends = np.stack([[g.coords[0][:2] for g in lines], [g.coords[-1][:2] for g in lines]], axis=1)
        snapped = snap(pipes_layer, ends, nodes["name"].to_numpy(dtype=object), xy, tol)
    else:
        names, xy, _, snapped = merge_ends(pipes_layer, lines, tol, elevation=False)
        nodes = pd.DataFrame({"name": names, "x_m": xy[:, 0], "y_m": xy[:, 1]})
    same = snapped[:, 0] == snapped[:, 1]
    if same.any():
        k = int(np.argmax(same))
        pipes_layer.fail(
            Msg("gis.same_node", "both ends snap to node {node}: a zero-length pipe", node=repr(snapped[k, 0])), row=k
        )
    pipes = _attributes(pipes_layer, "pipes")
    pipes.insert(1, "from_node", snapped[:, 0])
    pipes.insert(2, "to_node", snapped[:, 1])
    if "length_m" not in pipes:
        pipes["length_m"] = length
    if "diameter_mm" not in pipes:
        pipes_layer.fail(Msg("gis.no_diameter", "has no diameter_mm column (map one in columns)"))
    consumers = _attributes(layers["consumers"], "consumers")
    if "node" not in consumers:
        consumers.insert(1, "node", _consumer_nodes(layers["consumers"], nodes, tol))
    nodes.attrs["crs"] = pipes_layer.crs.to_wkt()
    if design_outdoor_temp_c is None:
        from teplovoda.models.heat.physics import Climate

        design_outdoor_temp_c = Climate().design_outdoor_temp_c
    consumers = estimate_loads(layers["consumers"], consumers, mapping, design_outdoor_temp_c)
    tables = {"nodes": nodes, "pipes": pipes, "consumers": consumers}
    return {**tables, "geometry": _geometry(layers)}
