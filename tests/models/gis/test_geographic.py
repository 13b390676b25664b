"""A network's coordinates on the Earth (issue 18 point 2): reprojection to WGS 84, extent on the ground, the CRS kept."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import CRS, Transformer

from teplovoda.models.gis import geographic
from tests.conftest import SCENARIOS

UTM36N = "EPSG:32636"
#: WGS 84 ellipsoid (NIMA TR8350.2): semi-major axis and flattening; UTM's central scale factor.
A_M, F, K0 = 6378137.0, 1 / 298.257223563, 0.9996


def _meridian_arc_m(lat_deg: float) -> float:
    """Distance from the equator along a meridian of the WGS 84 ellipsoid (Helmert's series, to e^6: sub-mm)."""
    e2 = F * (2 - F)
    e4, e6 = e2 * e2, e2**3
    p = math.radians(lat_deg)
    return A_M * (
        (1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * p
        - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * math.sin(2 * p)
        + (15 * e4 / 256 + 45 * e6 / 1024) * math.sin(4 * p)
        - (35 * e6 / 3072) * math.sin(6 * p)
    )


@pytest.mark.parametrize("lat_deg", [0.0, 45.0, 50.45, 52.0])
def test_a_point_on_utm_36ns_central_meridian_is_at_33_east_and_its_meridian_arc_latitude(lat_deg):
    """Closed form: on the zone's central meridian (33 deg E, easting 500 km) the northing is k0 times the arc."""
    lon, lat = geographic.to_lonlat([500_000.0], [K0 * _meridian_arc_m(lat_deg)], UTM36N)
    assert lon[0] == pytest.approx(33.0, abs=1e-9)
    assert lat[0] == pytest.approx(lat_deg, abs=1e-8)  # 1e-8 deg is about 1 mm


@pytest.mark.parametrize(
    "lon, lat",
    [(30.5234, 50.4501), (31.2849, 51.4982), (32.0594, 49.4444), (34.5514, 49.5883)],  # Kyiv, Chernihiv, Cherkasy, Poltava
)
def test_kyiv_region_points_in_utm_36n_come_back_as_pyproj_puts_them(lon, lat):
    to_utm = Transformer.from_crs("EPSG:4326", UTM36N, always_xy=True)
    x, y = to_utm.transform(lon, lat)
    got_lon, got_lat = geographic.to_lonlat([x], [y], CRS.from_epsg(32636).to_wkt())  # the WKT a GIS import keeps
    assert (got_lon[0], got_lat[0]) == pytest.approx((lon, lat), abs=1e-9)


def test_the_extent_on_the_ground_is_the_projected_distance_within_utms_scale_factor():
    """745 x 434 m of easting and northing near 33 E: on the ground within UTM's scale error there (0.9996)."""
    lon, lat = geographic.to_lonlat([500_000.0, 500_745.0], [5_590_000.0, 5_590_434.0], UTM36N)
    e = geographic.ground_extent(lon, lat)
    assert e.width_m == pytest.approx(745.0 / K0, rel=2e-4)
    assert e.height_m == pytest.approx(434.0 / K0, rel=2e-4)
    assert e.aspect == pytest.approx(1 / math.cos(math.radians(e.lat_mid)))
    # a scale bar of 100 m due east spans 100 m / (one degree of longitude along that parallel of the ellipsoid)
    phi = math.radians(e.lat_mid)
    one_degree_m = math.pi / 180 * A_M * math.cos(phi) / math.sqrt(1 - F * (2 - F) * math.sin(phi) ** 2)
    assert e.lon_span_deg(100.0) == pytest.approx(100.0 / one_degree_m, rel=1e-6)


@pytest.mark.parametrize(
    "span_m, bar_m", [(745.0, 100.0), (7372.0, 1000.0), (10_000.0, 2000.0), (26_000.0, 5000.0), (3.0, 1.0), (60.0, 10.0)]
)
def test_a_scale_bar_is_one_two_or_five_times_a_power_of_ten_below_a_fifth_of_the_map(span_m, bar_m):
    assert geographic.nice_length_m(span_m) == bar_m


def test_a_gis_network_keeps_its_crs_and_a_file_network_has_none():
    from teplovoda.models.heat import scenario as heat
    from teplovoda.models.water import scenario as water

    net = water.build_network(water.load_scenario(SCENARIOS / "water_gis_town.toml"))
    assert CRS.from_user_input(geographic.network_crs(net)).to_epsg() == 32636
    hnet = heat.build_network(heat.load_scenario(SCENARIOS / "heat_gis_microdistrict.toml"))
    assert CRS.from_user_input(geographic.network_crs(hnet)).to_epsg() == 32636
    assert geographic.network_crs(water.build_network(water.load_scenario(SCENARIOS / "water_trunk_main_break.toml"))) is None
    assert geographic.network_crs(heat.build_network(heat.load_scenario(SCENARIOS / "heat_network_strike.toml"))) is None
    assert geographic.crs_name(geographic.network_crs(net)) == "EPSG:32636"
    # the damaged and option nets of a heat run are copies: they keep it
    run = heat.run_scenario(heat.load_scenario(SCENARIOS / "heat_gis_microdistrict.toml"))
    assert all(geographic.network_crs(n) == geographic.network_crs(hnet) for n in run.nets.values())
    assert np.isfinite(hnet["route_nodes"][["x_m", "y_m"]].to_numpy(float)).all()
