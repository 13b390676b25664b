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
* consumers: ``node`` from a mapped column, else the node within the snap tolerance of the point.

The tables then go through the heat model's own checks, as CSV tables do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.gis.layers import Layer, merge_ends, read_layers, snap
from teplovoda.models.gis.mapping import GisOptions, LayerSpec, file_in_folder
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import build, load_toml

#: Columns of each table that geometry gives (a layer column may still override ``length_m``).
GEOMETRY_COLUMNS = {"nodes": ("x_m", "y_m"), "pipes": ("from_node", "to_node"), "consumers": ()}
#: Columns of each table read as text; every other mapped column must be a finite number.
TEXT_COLUMNS = ("node", "building_type", "insulation")


@dataclass(frozen=True)
class HeatLayerSpec(LayerSpec):
    #: table column -> layer column
    columns: dict = field(default_factory=dict)


@dataclass(frozen=True)
class HeatMapping:
    path: Path
    gis: GisOptions
    pipes: HeatLayerSpec
    consumers: HeatLayerSpec
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
    parts = {s: build(HeatLayerSpec, data[s], f"[{s}]", src) for s in ("nodes", "pipes", "consumers") if s in data}
    return HeatMapping(path=path, gis=gis, **parts)


def _attributes(layer: Layer, table: str) -> pd.DataFrame:
    """The layer's columns under the table's names (mapped ones checked), ``name`` first."""
    mapped = dict(layer.spec.columns)
    out = {"name": layer.ids}
    for column, source in mapped.items():
        out[column] = layer.optional(source, text=column in TEXT_COLUMNS)
    skip = {layer.spec.id, "geometry", *mapped.values(), *GEOMETRY_COLUMNS[table]}
    for column in layer.gdf.columns:
        if column not in skip and column not in out:
            out[column] = layer.optional(column, text=column in TEXT_COLUMNS)
    return pd.DataFrame(out)


def _consumer_nodes(layer: Layer, nodes: pd.DataFrame, tol: float) -> np.ndarray:
    xy = layer.points()
    return snap(
        layer, np.stack([xy, xy], axis=1), nodes["name"].to_numpy(dtype=object), nodes[["x_m", "y_m"]].to_numpy(float), tol
    )[:, 0]


def read_heat_gis_tables(mapping_path: str | Path) -> dict[str, pd.DataFrame]:
    """The ``nodes``, ``pipes`` and ``consumers`` tables of a heat network from the layers a mapping names.

    The nodes' ``x_m``, ``y_m`` are in the layers' projected CRS, which the nodes table carries as
    ``nodes.attrs["crs"]`` (WKT) for :func:`teplovoda.models.heat.scenario.build_network` to keep on the net.

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
    return {"nodes": nodes, "pipes": pipes, "consumers": consumers}
