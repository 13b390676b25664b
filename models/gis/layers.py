"""Reading GIS layers (GeoPackage, Shapefile, GeoJSON) safely, and putting them in one projected CRS.

The files are read by pyogrio (GDAL) through geopandas. Before a layer is read, its file must be a
regular file within :data:`teplovoda.models.limits.MAX_GIS_FILE_BYTES` and its feature count (from the
layer's metadata) within :data:`teplovoda.models.limits.MAX_NETWORK_ELEMENTS`, like an ``.inp`` file.

Lengths come from geometry, so every layer must state its CRS: a projected CRS is used as it is (its
unit must be metres); a geographic one (longitude, latitude) is projected to the UTM zone of the pipes'
centre (:meth:`geopandas.GeoDataFrame.estimate_utm_crs`); a layer without a CRS is an error.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.files import FILE, file_problem, size_of
from teplovoda.models.limits import MAX_GIS_FILE_BYTES, MAX_NETWORK_ELEMENTS, check
from teplovoda.models.messages import Msg


def layer_label(section: str, file: Path, layer: str | None) -> str:
    """How a layer is named in messages: ``"[pipes] layer 'pipes' of net3.gpkg"``."""
    name = layer if layer is not None else file.stem
    return Msg("gis.layer", "[{section}] layer {layer} of {file}", section=section, layer=repr(name), file=file.name)


def read_layer(file: Path, layer: str | None, label: str, source: str):
    """The layer as a GeoDataFrame, its size and feature count checked first; unreadable files are one line."""
    import pyogrio

    problem = file_problem(file)
    if problem is not None:
        raise InputError(Msg("file.problem", "{what} {problem}", what=label, problem=problem), source=source)
    check(os.stat(file).st_size, MAX_GIS_FILE_BYTES, size_of(FILE), " bytes", source=f"{source}: {file.name}")
    try:
        info = pyogrio.read_info(file, layer=layer)
        check(int(info["features"]), MAX_NETWORK_ELEMENTS, label, " elements", source=source)
        return pyogrio.read_dataframe(file, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise InputError(
            Msg("gis.unreadable", "{what} cannot be read as a GIS layer ({reason})", what=label, reason=reason), source=source
        ) from None


def target_crs(frames: dict, pipes_key: str, source: str):
    """The projected CRS every layer is put in: the pipes' own if projected in metres, else their UTM zone.

    ``frames`` maps a layer's label to its GeoDataFrame; any layer without a CRS is an error naming it.
    """
    for label, gdf in frames.items():
        if gdf.crs is None:
            raise InputError(
                Msg("gis.no_crs", "{what} has no coordinate reference system (CRS): lengths cannot be measured", what=label),
                source=source,
            )
    pipes = frames[pipes_key]
    crs = pipes.crs
    if crs.is_projected:
        unit = crs.axis_info[0].unit_name if crs.axis_info else ""
        if unit not in ("metre", "meter"):
            template = "{what}: CRS {crs} is in {unit}, not metres"
            raise InputError(Msg("gis.crs_unit", template, what=pipes_key, crs=crs.to_string(), unit=unit), source=source)
        return crs
    if crs.is_geographic:
        return pipes.estimate_utm_crs()
    raise InputError(
        Msg("gis.crs_unknown", "{what}: CRS {crs} is neither projected nor geographic", what=pipes_key, crs=crs.to_string()),
        source=source,
    )


_STATUS = {"open": True, "closed": False}


class Layer:
    """One read layer: its frame (in the target CRS), ids and label, and the checks that name them."""

    def __init__(self, section: str, spec, gdf, label: str, source: str):
        self.section, self.spec, self.gdf, self.label, self.source = section, spec, gdf, label, source
        self.ids = self._ids()

    def fail(self, msg: Msg, row: int | None = None, column: str | None = None):
        where = self.label
        if row is not None:
            where = Msg("gis.feature", "{layer} feature {id}", layer=where, id=repr(self.ids[row]))
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

    def optional(self, column: str, text: bool) -> np.ndarray:
        """The column as text or finite floats, a missing value as NaN (an optional cell, as in a CSV table)."""
        self._has(column)
        raw = self.gdf[column]
        missing = raw.isna().to_numpy()
        if text:
            return np.where(missing, np.nan, raw.astype(str).str.strip().to_numpy(dtype=object))
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        for k in np.flatnonzero(~np.isfinite(values) & ~missing):
            got = repr(raw.iloc[k])
            self.fail(Msg("gis.not_finite", "expected a finite number, got {got}", got=got), row=int(k), column=column)
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

    def anchors(self) -> np.ndarray:
        """(n, 2) x, y of point features and of the centroids of polygon features (buildings drawn as outlines)."""
        geom = self.gdf.geometry
        xy = np.empty((len(geom), 2))
        for k, g in enumerate(geom):
            if g is None or g.is_empty or g.geom_type not in ("Point", "Polygon", "MultiPolygon"):
                got = "nothing" if g is None or g.is_empty else g.geom_type
                self.fail(Msg("gis.not_point_or_polygon", "expected a point or a polygon, got {got}", got=got), row=k)
            c = g if g.geom_type == "Point" else g.centroid
            xy[k] = c.x, c.y
        return xy

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


def read_layers(mapping) -> dict[str, Layer]:
    """Every layer a mapping names (``mapping.layers()``, ``mapping.file()``), read and put in the pipes' projected CRS."""
    src = str(mapping.path)
    frames, labels = {}, {}
    for section, spec in mapping.layers().items():
        file = mapping.file(spec, section)
        labels[section] = layer_label(section, file, spec.layer)
        frames[section] = read_layer(file, spec.layer, labels[section], src)
    crs = target_crs({labels[s]: g for s, g in frames.items()}, labels["pipes"], src)
    layers = {s: Layer(s, mapping.layers()[s], g.to_crs(crs), labels[s], src) for s, g in frames.items()}
    for layer in layers.values():
        layer.crs = crs
    return layers


def snap(layer: Layer, ends: np.ndarray, names: np.ndarray, xy: np.ndarray, tol: float) -> np.ndarray:
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


def merge_ends(
    layer: Layer, lines: list, tol: float, elevation: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Junctions made from the pipe ends when no junctions layer is given: ends within ``tol`` merge (names, xy, z)."""
    import shapely
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    if not elevation:
        lines = [shapely.force_3d(line) for line in lines]
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
