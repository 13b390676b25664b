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
