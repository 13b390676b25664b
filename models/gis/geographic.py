"""A network's coordinates on the Earth: its CRS, its nodes in WGS 84 longitude and latitude, distances in metres.

A network read from GIS layers keeps the CRS its coordinates are in (the layers' projected CRS,
:func:`teplovoda.models.gis.layers.target_crs`): a water network as ``net.crs``, a heat network (a
pandapipes net) as ``net["crs"]``. A network from an ``.inp`` file or CSV tables has none; its
coordinates are the file's own (often not metres) and are left as they are.

Reprojection is pyproj's (``always_xy``: longitude first, whatever the CRS's axis order); distances on
the ground are geodesics on the WGS 84 ellipsoid (:class:`pyproj.Geod`), so a map's extent and scale
bar do not depend on the projection the layers came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: The geographic CRS maps are drawn in (longitude, latitude in degrees).
WGS84 = "EPSG:4326"


def network_crs(net) -> str | None:
    """The CRS (WKT or ``EPSG:...``) of a network's coordinates: a water network's ``crs``, a heat net's ``net["crs"]``;
    None for a network without one (an ``.inp`` file, CSV tables)."""
    crs = getattr(net, "crs", None) if not isinstance(net, dict) else net.get("crs")
    return crs or None


@lru_cache(maxsize=16)
def _transformer(crs: str):
    from pyproj import Transformer

    return Transformer.from_crs(crs, WGS84, always_xy=True)


def to_lonlat(x, y, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates in ``crs`` (easting, northing in its units) to WGS 84 longitude and latitude in degrees."""
    lon, lat = _transformer(crs).transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def crs_name(crs: str) -> str:
    """A CRS as people name it: ``EPSG:32636`` when it has an EPSG code, else its own name."""
    from pyproj import CRS

    c = CRS.from_user_input(crs)
    code = c.to_epsg()
    return f"EPSG:{code}" if code else c.name


@dataclass(frozen=True)
class GroundExtent:
    """Where a map is on the Earth: the box round its points in degrees and its size on the ground in metres."""

    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float
    #: east-west across the middle latitude and north-south along the middle meridian, geodesic on WGS 84
    width_m: float
    height_m: float

    @property
    def lat_mid(self) -> float:
        return (self.lat_min + self.lat_max) / 2

    @property
    def aspect(self) -> float:
        """Display units of latitude per unit of longitude that draw a true shape: ``1 / cos(latitude)`` at the
        middle latitude (a degree of longitude is ``cos(latitude)`` of a degree of latitude on the ground)."""
        return 1.0 / float(np.cos(np.radians(self.lat_mid)))

    def lon_span_deg(self, distance_m: float) -> float:
        """Degrees of longitude that ``distance_m`` due east covers at the middle latitude (a scale bar's length)."""
        from pyproj import Geod

        lon_mid = (self.lon_min + self.lon_max) / 2
        lon2, _, _ = Geod(ellps="WGS84").fwd(lon_mid, self.lat_mid, 90.0, distance_m)
        return float(lon2 - lon_mid)


def ground_extent(lon, lat) -> GroundExtent:
    """The extent of points given in longitude and latitude (degrees); NaN coordinates are left out."""
    from pyproj import Geod

    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    x0, x1, y0, y1 = float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max())
    geod = Geod(ellps="WGS84")
    ym, xm = (y0 + y1) / 2, (x0 + x1) / 2
    _, _, width = geod.inv(x0, ym, x1, ym)
    _, _, height = geod.inv(xm, y0, xm, y1)
    return GroundExtent(x0, x1, y0, y1, float(width), float(height))


def nice_length_m(span_m: float, fraction: float = 0.2) -> float:
    """A scale bar's length: the 1, 2 or 5 x 10^k metres nearest below ``fraction`` of ``span_m`` (at least 1 m)."""
    target = max(span_m * fraction, 1.0)
    power = 10.0 ** np.floor(np.log10(target))
    return float(max(m * power for m in (1.0, 2.0, 5.0) if m * power <= target))
