"""GIS layers in and out (issue 18): water networks from GeoPackage, Shapefile or GeoJSON; results as GeoPackage."""

from teplovoda.models.gis.export import write_gpkg
from teplovoda.models.gis.mapping import load_mapping
from teplovoda.models.gis.water import read_water_gis

__all__ = ["load_mapping", "read_water_gis", "write_gpkg"]
