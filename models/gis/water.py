"""A water network from GIS layers: the same :class:`~teplovoda.models.water.network.WaterNetwork` an ``.inp`` file gives.

Pipes are lines; junctions, reservoirs and tanks are points; pumps and valves are lines from the node
they draw from to the node they feed. Every line's two ends are snapped to the nearest node point
within ``[gis] snap_tolerance_m`` (default 0.5 m); with no junctions layer, pipe ends closer than the
tolerance are merged into generated junctions ``n1``, ``n2``... whose elevation is the lines' Z.

A pipe's length is its geometry's length in the projected CRS (:func:`teplovoda.models.gis.layers.target_crs`),
unless the mapping names a length column. The network is built with the code-built network's functions
(:func:`~teplovoda.models.water.network.add_junctions`, ``add_pipes``...), so it is checked as they check and
EPANET solves it as it solves a network made in code (Hazen-Williams head loss, m3/h, metres).

Each error is one line naming the mapping file, the layer, the feature id and the column.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.gis.layers import layer_label, read_layer, target_crs
from teplovoda.models.gis.mapping import DEMAND_UNITS_M3_PER_H, DIAMETER_UNITS_M, Mapping, hazen_williams_c, load_mapping
from teplovoda.models.messages import Msg
from teplovoda.models.units import HOURS_PER_DAY, LITRES_PER_M3
from teplovoda.models.water import network as wnet

logger = logging.getLogger(__name__)

_STATUS = {"open": True, "closed": False}


class _Layer:
    """One read layer: its frame (in the target CRS), ids and label, and the checks that name them."""

    def __init__(self, section: str, spec, gdf, label: str, source: str):
        self.section, self.spec, self.gdf, self.label, self.source = section, spec, gdf, label, source
        self.ids = self._ids()

    def fail(self, msg: Msg, row: int | None = None, column: str | None = None):
        where = self.label
        if row is not None:
            where = Msg(
                "gis.feature", "{layer} feature {id}", layer=where, id=repr(self.ids[row]) if hasattr(self, "ids") else row
            )
        if column is not None:
            where = Msg("gis.column", "{where} column {column}", where=where, column=repr(column))
        raise InputError(Msg("within", "{where}: {detail}", where=where, detail=msg), source=self.source)

    def _has(self, column: str) -> None:
        if column not in self.gdf.columns:
            known = ", ".join(str(c) for c in self.gdf.columns if c != "geometry")
            self.fail(Msg("gis.no_column", "has no column {column} (columns: {known})", column=repr(column), known=known))

    def _ids(self) -> list[str]:
        col = self.spec.id
        self._has(col)
        raw = self.gdf[col]
        ids = []
        for k, v in enumerate(raw):
            if v is None or (isinstance(v, float) and not np.isfinite(v)) or str(v).strip() == "":
                self.fail(Msg("gis.missing_id", "feature #{n} has no id", n=k + 1), column=col)
            ids.append(str(int(v)) if isinstance(v, float) and float(v).is_integer() else str(v).strip())
        dup = pd.Index(ids).duplicated()
        if dup.any():
            self.fail(Msg("gis.duplicate_id", "duplicate id {id}", id=repr(ids[int(np.argmax(dup))])), column=col)
        return ids

    def numbers(self, column: str, what: Msg | None = None) -> np.ndarray:
        """The column as finite floats: a missing value or a non-finite number is an error naming the feature."""
        self._has(column)
        raw = self.gdf[column]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        for k in np.flatnonzero(~np.isfinite(values)):
            v = raw.iloc[k]
            if v is None or (isinstance(v, float) and np.isnan(v)):
                self.fail(Msg("gis.missing_value", "missing {what}", what=what or column), row=int(k), column=column)
            self.fail(Msg("gis.not_finite", "expected a finite number, got {got}", got=repr(v)), row=int(k), column=column)
        return values

    def positive(self, column: str, what: Msg | None = None) -> np.ndarray:
        values = self.numbers(column, what)
        bad = ~(values > 0)
        if bad.any():
            k = int(np.argmax(bad))
            self.fail(Msg("gis.not_positive", "must be > 0, got {got}", got=f"{values[k]:g}"), row=k, column=column)
        return values

    def texts(self, column: str) -> list[str]:
        self._has(column)
        out = []
        for k, v in enumerate(self.gdf[column]):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                self.fail(Msg("gis.missing_value", "missing {what}", what=column), row=k, column=column)
            out.append(str(v).strip())
        return out

    def status(self, column: str | None) -> np.ndarray:
        """Initial status, open (True) unless the column says closed."""
        if column is None:
            return np.ones(len(self.ids), dtype=bool)
        out = []
        for k, v in enumerate(self.texts(column)):
            if v.lower() not in _STATUS:
                self.fail(Msg("gis.status", "status must be open or closed, got {got}", got=repr(v)), row=k, column=column)
            out.append(_STATUS[v.lower()])
        return np.array(out, dtype=bool)

    def points(self) -> np.ndarray:
        """(n, 2) x, y of point features."""
        geom = self.gdf.geometry
        for k, g in enumerate(geom):
            if g is None or g.is_empty or g.geom_type != "Point":
                got = "nothing" if g is None or g.is_empty else g.geom_type
                self.fail(Msg("gis.not_point", "expected a point, got {got}", got=got), row=k)
        return np.column_stack([geom.x.to_numpy(float), geom.y.to_numpy(float)])

    def lines(self) -> list:
        """The features as single LineStrings (a MultiLineString whose parts join end to end is merged)."""
        import shapely

        out = []
        for k, g in enumerate(self.gdf.geometry):
            if g is not None and g.geom_type == "MultiLineString":
                g = shapely.line_merge(g)
            if g is None or g.is_empty or g.geom_type != "LineString":
                got = "nothing" if g is None or g.is_empty else g.geom_type
                self.fail(Msg("gis.not_line", "expected one line, got {got}", got=got), row=k)
            out.append(g)
        return out


def _read(mapping: Mapping) -> dict[str, _Layer]:
    src = str(mapping.path)
    frames, labels = {}, {}
    for section, spec in mapping.layers().items():
        file = mapping.file(spec, section)
        labels[section] = layer_label(section, file, spec.layer)
        frames[section] = read_layer(file, spec.layer, labels[section], src)
    crs = target_crs({labels[s]: g for s, g in frames.items()}, labels["pipes"], src)
    layers = {s: _Layer(s, mapping.layers()[s], g.to_crs(crs), labels[s], src) for s, g in frames.items()}
    for layer in layers.values():
        layer.crs = crs
    return layers


def _snap(layer: _Layer, ends: np.ndarray, names: np.ndarray, xy: np.ndarray, tol: float) -> np.ndarray:
    """The node each line end snaps to ((n, 2) ends, first then last point); an end farther than ``tol`` is an error."""
    from scipy.spatial import cKDTree

    k_nearest = min(2, len(xy))
    dist, idx = cKDTree(xy).query(ends.reshape(-1, 2), k=k_nearest)
    dist, idx = dist.reshape(len(ends), 2, k_nearest), idx.reshape(len(ends), 2, k_nearest)
    far = dist[:, :, 0] > tol
    if far.any():
        k, side = (int(v) for v in np.argwhere(far)[0])
        template = "its {end} is {distance} m from the nearest node {node}, beyond the snap tolerance of {tol} m"
        node, distance = repr(names[idx[k, side, 0]]), f"{dist[k, side, 0]:.3g}"
        layer.fail(Msg("gis.unsnapped", template, end=_end(side), distance=distance, node=node, tol=f"{tol:g}"), row=k)
    if k_nearest == 2:
        two = dist[:, :, 1] <= tol
        if two.any():
            k, side = (int(v) for v in np.argwhere(two)[0])
            template = "its {end} is within the snap tolerance of {tol} m of two nodes, {a} and {b}"
            a, b = (repr(names[i]) for i in idx[k, side])
            layer.fail(Msg("gis.ambiguous", template, end=_end(side), tol=f"{tol:g}", a=a, b=b), row=k)
    return names[idx[:, :, 0]]


def _end(side: int) -> Msg:
    return Msg("gis.end.start", "start") if side == 0 else Msg("gis.end.end", "end")


def _generated_junctions(layer: _Layer, lines: list, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Junctions made from the pipe ends when no junctions layer is given: ends within ``tol`` merge (names, xy, z)."""
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    ends = np.array([[line.coords[0], line.coords[-1]] for line in lines], dtype=object)
    if not all(line.has_z for line in lines):
        k = next(i for i, line in enumerate(lines) if not line.has_z)
        layer.fail(Msg("gis.no_z", "without a junctions layer, pipes need Z coordinates (the junctions' elevations)"), row=k)
    pts = np.array([list(p) for pair in ends for p in pair], dtype=float)
    pairs = cKDTree(pts[:, :2]).sparse_distance_matrix(cKDTree(pts[:, :2]), tol, output_type="coo_matrix")
    _, label = connected_components(pairs, directed=False)
    # number the clusters in order of first appearance
    _, first = np.unique(label, return_index=True)
    order = np.argsort(first)
    number = np.empty_like(order)
    number[order] = np.arange(len(order))
    names = np.array([f"n{i + 1}" for i in range(len(order))], dtype=object)
    xy = np.array([pts[label == c][0, :2] for c in np.sort(np.unique(label))[order]])
    z = np.array([pts[label == c][:, 2].mean() for c in np.sort(np.unique(label))[order]])
    return names, xy, z, names[number[label]].reshape(-1, 2)


def _pipe_c(layer: _Layer, mapping: Mapping) -> np.ndarray:
    spec = layer.spec
    if spec.roughness is not None:
        return layer.positive(spec.roughness)
    materials = mapping.materials()
    names = layer.texts(spec.material)
    years = layer.numbers(spec.install_year) if spec.install_year else np.zeros(len(names))
    ref = mapping.gis.reference_year if spec.install_year else 0
    out = np.empty(len(names))
    for k, (mat, year) in enumerate(zip(names, years)):
        c = hazen_williams_c(mat, ref - year, materials)
        if c is None:
            known = ", ".join(materials)
            layer.fail(
                Msg("gis.material", "unknown material {got} (known: {known})", got=repr(mat), known=known),
                row=k,
                column=spec.material,
            )
        out[k] = c
    return out


def _curve(layer: _Layer, column: str, k: int) -> tuple[float, ...]:
    text = str(layer.gdf[column].iloc[k])
    try:
        values = tuple(float(v) for v in text.replace(",", " ").replace(";", " ").split())
    except ValueError:
        values = ()
    if not values or not all(np.isfinite(values)):
        layer.fail(Msg("gis.curve", "expected numbers separated by spaces, got {got}", got=repr(text)), row=k, column=column)
    return values


def _add_nodes(net, layers: dict, mapping: Mapping) -> None:
    if "junctions" in layers:
        j = layers["junctions"]
        spec = j.spec
        xy = j.points()
        elev = j.numbers(spec.elevation)
        pop = j.numbers(spec.population) if spec.population else np.zeros(len(j.ids))
        if spec.demand:
            demand = j.numbers(spec.demand) * DEMAND_UNITS_M3_PER_H[spec.demand_unit]
        else:
            demand = pop * mapping.gis.per_capita_l_per_day / LITRES_PER_M3 / HOURS_PER_DAY
        wnet.add_junctions(net, j.ids, elev, demand_m3_per_h=demand, xy_m=xy)
        net.nodes.loc[j.ids, "population"] = pop
    if "reservoirs" in layers:
        r = layers["reservoirs"]
        head, xy = r.numbers(r.spec.head), r.points()
        for k, name in enumerate(r.ids):
            _guard(r, k, wnet.add_reservoir, net, name, float(head[k]), xy_m=tuple(xy[k]))
    if "tanks" in layers:
        t = layers["tanks"]
        s = t.spec
        z, lv, lo, hi = (t.numbers(c) for c in (s.elevation, s.level, s.min_level, s.max_level))
        d, xy = t.positive(s.diameter), t.points()
        for k, name in enumerate(t.ids):
            _guard(
                t,
                k,
                wnet.add_tank,
                net,
                name,
                float(z[k]),
                float(lv[k]),
                diameter_m=float(d[k]),
                min_level_m=float(lo[k]),
                max_level_m=float(hi[k]),
                xy_m=tuple(xy[k]),
            )


def _guard(layer: _Layer, k: int, func, *args, **kwargs):
    """Call a network builder; its error (a duplicate name across layers, a tank's levels) names the feature."""
    try:
        return func(*args, **kwargs)
    except InputError as exc:
        layer.fail(exc.detail, row=k)


def _add_pipes(net, layer: _Layer, mapping: Mapping) -> None:
    import shapely

    spec, tol = layer.spec, mapping.gis.snap_tolerance_m
    lines = layer.lines()
    geom_len = np.array([g.length for g in lines])
    for k in np.flatnonzero(~(geom_len > 0)):
        layer.fail(Msg("gis.zero_length", "pipe has zero length"), row=int(k))
    if len(net.nodes):
        starts = np.array([g.coords[0][:2] for g in lines])
        ends = np.array([g.coords[-1][:2] for g in lines])
        names = net.nodes.index.to_numpy(dtype=object)
        xy = net.nodes[["x_m", "y_m"]].to_numpy(float)
        snapped = _snap(layer, np.stack([starts, ends], axis=1), names, xy, tol)
    else:
        names, xy, z, snapped = _generated_junctions(layer, lines, tol)
        wnet.add_junctions(net, names, z, xy_m=xy)
    same = snapped[:, 0] == snapped[:, 1]
    if same.any():
        k = int(np.argmax(same))
        layer.fail(Msg("gis.same_node", "both ends snap to node {node}: a zero-length pipe", node=repr(snapped[k, 0])), row=k)
    length = layer.positive(spec.length) if spec.length else geom_len
    diam = layer.positive(spec.diameter, Msg("gis.what.diameter", "diameter")) * DIAMETER_UNITS_M[spec.diameter_unit]
    c = _pipe_c(layer, mapping)
    opened = layer.status(spec.status)
    try:
        wnet.add_pipes(
            net, layer.ids, snapped[:, 0], snapped[:, 1], length_m=length, diameter_m=diam, hazen_williams_c=c, in_service=opened
        )
    except InputError as exc:
        layer.fail(exc.detail)
    net.link_geometry.update(zip(layer.ids, shapely.to_wkb(lines)))


def _line_ends(net, layer: _Layer, tol: float) -> np.ndarray:
    import shapely

    lines = layer.lines()
    ends = np.stack([[g.coords[0][:2] for g in lines], [g.coords[-1][:2] for g in lines]], axis=1)
    snapped = _snap(layer, ends, net.nodes.index.to_numpy(dtype=object), net.nodes[["x_m", "y_m"]].to_numpy(float), tol)
    net.link_geometry.update(zip(layer.ids, shapely.to_wkb(lines)))
    return snapped


def _add_pumps(net, layer: _Layer, tol: float) -> None:
    spec = layer.spec
    ends = _line_ends(net, layer, tol)
    opened = layer.status(spec.status)
    power = layer.positive(spec.power) if spec.power else None
    for k, name in enumerate(layer.ids):
        if power is not None:
            _guard(
                layer, k, wnet.add_pump, net, name, ends[k, 0], ends[k, 1], power_kw=float(power[k]), in_service=bool(opened[k])
            )
            continue
        q, h = _curve(layer, spec.curve_flow, k), _curve(layer, spec.curve_head, k)
        _guard(layer, k, wnet.add_pump, net, name, ends[k, 0], ends[k, 1], flow_m3_per_h=q, head_m=h, in_service=bool(opened[k]))


def _add_valves(net, layer: _Layer, tol: float) -> None:
    spec = layer.spec
    ends = _line_ends(net, layer, tol)
    kinds = [v.lower() for v in layer.texts(spec.kind)]
    diam = layer.positive(spec.diameter, Msg("gis.what.diameter", "diameter")) * DIAMETER_UNITS_M[spec.diameter_unit]
    setting = layer.numbers(spec.setting)
    for k, name in enumerate(layer.ids):
        _guard(
            layer,
            k,
            wnet.add_valve,
            net,
            name,
            kinds[k],
            ends[k, 0],
            ends[k, 1],
            diameter_m=float(diam[k]),
            setting=float(setting[k]),
        )


def read_water_gis(mapping_path: str | Path, *, name: str | None = None) -> wnet.WaterNetwork:
    """Read a water network from the GIS layers a mapping file names.

    Parameters
    ----------
    mapping_path : str or Path
        The mapping TOML (:mod:`teplovoda.models.gis.mapping`); layer files are relative to it.
    name : str, optional
        The network's name (default ``[gis] name``, else the mapping file's stem).

    Returns
    -------
    WaterNetwork
        Built in code (``inp`` None), Hazen-Williams; ``crs`` the layers' projected CRS (WKT) and
        ``link_geometry`` each link's line (WKB) for :func:`teplovoda.models.gis.export.write_gpkg`.

    Raises
    ------
    InputError
        One line naming the mapping file, layer, feature id and column.
    """
    mapping = load_mapping(mapping_path)
    layers = _read(mapping)
    net = wnet.create_water_network(name or mapping.gis.name or Path(mapping_path).stem)
    net.crs = layers["pipes"].crs.to_wkt()
    _add_nodes(net, layers, mapping)
    _add_pipes(net, layers["pipes"], mapping)
    if "pumps" in layers:
        _add_pumps(net, layers["pumps"], mapping.gis.snap_tolerance_m)
    if "valves" in layers:
        _add_valves(net, layers["valves"], mapping.gis.snap_tolerance_m)
    logger.info("GIS network %s: %d nodes, %d links", net.name, len(net.nodes), len(net.links))
    return net
