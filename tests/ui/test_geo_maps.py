"""The app's and the reports' maps in real coordinates, and the optional basemap (issue 18 point 2).

A network read from GIS layers is drawn in WGS 84 longitude and latitude (pyproj), degree axes at the
aspect of its latitude, lat/lon in the tooltips and its extent on the ground in a caption; a network
from an ``.inp`` file keeps its own x/y. Basemap tiles exist only when ``TEPLOVODA_BASEMAP_URL`` is set.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa
import pytest
from pyproj import Transformer

from teplovoda.ui import charts, plots
from teplovoda.ui.i18n import t
from tests.conftest import SCENARIOS
from tests.ui.conftest import open_app

TILE = "http://tiles.example.invalid/{z}/{x}/{y}.png"


@pytest.fixture(scope="module")
def gis_run():
    from teplovoda.models.water.scenario import load_scenario, run_scenario

    return run_scenario(load_scenario(SCENARIOS / "water_gis_town.toml"))


@pytest.fixture(scope="module")
def inp_run():
    from teplovoda.models.water.scenario import load_scenario, run_scenario

    return run_scenario(load_scenario(SCENARIOS / "water_trunk_main_break.toml"))


@pytest.fixture(scope="module")
def heat_gis_run():
    from teplovoda.models.heat.scenario import load_scenario, run_scenario

    return run_scenario(load_scenario(SCENARIOS / "heat_gis_microdistrict.toml"))


def _map_layers(spec: dict) -> list[dict]:
    return spec["layer"]


def test_a_gis_networks_map_layers_are_its_nodes_in_wgs84_as_pyproj_puts_them(gis_run):
    net, res = gis_run.net_damaged, gis_run.damaged
    layers = plots.water_map_layers(net, res)
    assert layers["place"] is not None and layers["place"].crs == "EPSG:32636"
    nodes = layers["nodes"].set_index("name")
    own = net.nodes.loc[nodes.index, ["x_m", "y_m"]].to_numpy(float)
    lon, lat = Transformer.from_crs("EPSG:32636", "EPSG:4326", always_xy=True).transform(own[:, 0], own[:, 1])
    assert np.allclose(nodes["x"], lon, atol=1e-9) and np.allclose(nodes["y"], lat, atol=1e-9)
    assert 32.9 < nodes["x"].min() and nodes["y"].max() < 50.6  # UTM 36N's central meridian, Kyiv's latitude
    # extent on the ground: the nodes' easting and northing spans, within UTM's scale factor
    e = layers["place"].extent
    all_xy = net.nodes[["x_m", "y_m"]].to_numpy(float)
    assert e.width_m == pytest.approx(np.ptp(all_xy[:, 0]) / 0.9996, rel=2e-3)
    assert e.height_m == pytest.approx(np.ptp(all_xy[:, 1]) / 0.9996, rel=2e-3)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_apps_map_of_a_gis_network_has_degree_axes_true_proportions_and_lat_lon_tooltips(gis_run, lang, monkeypatch):
    monkeypatch.setattr("teplovoda.ui.i18n.language", lambda: lang)
    net, res = gis_run.net_damaged, gis_run.damaged
    spec = charts.water_map(plots.water_map_layers(net, res), 60.0).to_dict()
    enc = _map_layers(spec)[0]["encoding"]
    assert enc["x"]["axis"]["title"] == t("map.lon", lang=lang) and enc["y"]["axis"]["title"] == t("map.lat", lang=lang)
    # the same metres per pixel across and up: degrees of longitude shrink by cos(latitude)
    (x0, x1), (y0, y1) = enc["x"]["scale"]["domain"], enc["y"]["scale"]["domain"]
    lat = math.radians((y0 + y1) / 2)
    across_m_per_px = (x1 - x0) * math.cos(lat) / spec["width"]
    up_m_per_px = (y1 - y0) / spec["height"]
    assert across_m_per_px == pytest.approx(up_m_per_px, rel=2e-3)
    node_layers = [la for la in _map_layers(spec) if la["mark"].get("type") == "circle"]
    titles = {tip["title"] for la in node_layers for tip in la["encoding"]["tooltip"]}
    assert {t("map.lat", lang=lang), t("map.lon", lang=lang)} <= titles
    assert not any(la["mark"].get("type") == "image" for la in _map_layers(spec))  # no basemap asked for


def test_an_inp_networks_map_keeps_its_own_x_y_without_axes(inp_run):
    net, res = inp_run.net_damaged, inp_run.damaged
    layers = plots.water_map_layers(net, res)
    assert layers["place"] is None
    nodes = layers["nodes"].set_index("name")
    assert np.allclose(nodes["x"], net.nodes.loc[nodes.index, "x_m"]) and np.allclose(
        nodes["y"], net.nodes.loc[nodes.index, "y_m"]
    )
    spec = charts.water_map(layers, 60.0, basemap=TILE).to_dict()  # a basemap needs real coordinates: none here
    enc = _map_layers(spec)[0]["encoding"]
    assert enc["x"]["axis"]["labels"] is False and enc["x"]["axis"]["title"] is None
    assert not any(la["mark"].get("type") == "image" for la in _map_layers(spec))
    titles = {tip["title"] for la in _map_layers(spec) for tip in la["encoding"].get("tooltip", []) if isinstance(tip, dict)}
    assert t("map.lat") not in titles


def test_the_heat_map_of_a_gis_network_is_in_degrees_too(heat_gis_run):
    case = next(iter(heat_gis_run.nets))
    layers = plots.heat_map_layers(heat_gis_run.nets[case], heat_gis_run.results[case])
    assert layers["place"] is not None
    b = layers["buildings"]
    assert b["x"].between(32.99, 33.02).all() and b["y"].between(50.45, 50.47).all()
    e = layers["place"].extent
    assert (e.width_m, e.height_m) == pytest.approx((745.0 / 0.9996, 434.0 / 0.9996), rel=2e-3)  # the CSV's 745 x 434 m
    spec = charts.heat_map(layers).to_dict()
    assert _map_layers(spec)[0]["encoding"]["x"]["axis"]["title"] == t("map.lon")


def test_the_png_maps_of_a_gis_network_have_degree_axes_a_scale_bar_and_the_extent(gis_run, heat_gis_run, inp_run):
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    fig = plots.water_map_figure(gis_run, case="damaged")
    ax = fig.axes[0]
    fig.canvas.draw()
    assert ax.get_xlabel() == "Longitude, °E" and ax.get_ylabel() == "Latitude, °N"
    lat = math.radians(np.mean(ax.get_ylim()))
    assert ax.get_aspect() == pytest.approx(1 / math.cos(lat), rel=2e-3)
    bars = [a for a in ax.artists if isinstance(a, AnchoredSizeBar)]
    assert len(bars) == 1 and bars[0].txt_label.get_text() == "1,000\u00a0m"
    texts = " ".join(x.get_text() for x in ax.texts)
    assert "Map 7,370\u00a0m × 6,220\u00a0m on the ground" in texts and "EPSG:32636" in texts
    plots.plt.close(fig)
    case = next(iter(heat_gis_run.nets))
    fig = plots.heat_map_figure(heat_gis_run.nets[case], heat_gis_run.results[case], title="t")
    assert fig.axes[0].get_xlabel() == "Longitude, °E"
    plots.plt.close(fig)
    fig = plots.water_map_figure(inp_run, case="damaged")  # the file's own coordinates: as before
    assert fig.axes[0].get_xlabel() == "" and list(fig.axes[0].get_xticks()) == []
    plots.plt.close(fig)


def test_basemap_tiles_are_the_web_mercator_tiles_pyproj_places_over_the_map():
    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    half = 20037508.342789244  # Web Mercator's half-world, m (EPSG:3857)
    lon, lat = (33.02, 33.13), (50.46, 50.52)
    tiles = charts.xyz_tiles(TILE, lon, lat, 760)
    assert 1 <= len(tiles) <= charts.BASEMAP_MAX_TILES
    z = int(tiles["url"].iloc[0].split("/")[3])
    size = 2 * half / 2**z
    for row in tiles.itertuples():
        x_w, y_n = to_merc.transform(row.x1, row.y1)
        x_e, y_s = to_merc.transform(row.x2, row.y2)
        i, j = round((x_w + half) / size), round((half - y_n) / size)
        assert (x_w + half) / size == pytest.approx(i, abs=1e-6) and (half - y_n) / size == pytest.approx(j, abs=1e-6)
        assert (x_e - x_w, y_n - y_s) == pytest.approx((size, size), rel=1e-6)
        assert row.url == f"http://tiles.example.invalid/{z}/{i}/{j}.png"
    # the tiles cover the map, and are at least as sharp as the screen
    assert tiles["x1"].min() <= lon[0] and tiles["x2"].max() >= lon[1]
    assert tiles["y2"].min() <= lat[0] and tiles["y1"].max() >= lat[1]
    assert 256 * 2**z / 360 >= 760 / (lon[1] - lon[0])


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png"),
        ("https://tiles.vodokanal.example/{z}/{x}/{y}.png", "https://tiles.vodokanal.example/{z}/{x}/{y}.png"),
        ("tiles/{z}/{x}/{y}.png", ValueError),
        ("http://127.0.0.1/{z}/{x}.png", ValueError),
    ],
)
def test_the_basemap_url_is_off_unless_set_and_must_be_an_xyz_template(value, expected):
    environ = {} if value is None else {charts.BASEMAP_URL_ENV: value}
    if expected is ValueError:
        with pytest.raises(ValueError, match="TEPLOVODA_BASEMAP_URL"):
            charts.basemap_template(environ)
    else:
        assert charts.basemap_template(environ) == expected


def _map_spec(at) -> tuple[dict, dict]:
    """The Scenario page's map: its spec and its datasets."""
    for chart in (c.proto for c in at.get("vega_lite_chart")):
        spec = json.loads(chart.spec)
        if "layer" in spec and "axis" in spec["layer"][-1]["encoding"].get("x", {}):
            data = {d.name: pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.datasets}
            return spec, data
    raise AssertionError("no map on the page")


def _gis_water_page(monkeypatch, url: str | None):
    if url is None:
        monkeypatch.delenv(charts.BASEMAP_URL_ENV, raising=False)
    else:
        monkeypatch.setenv(charts.BASEMAP_URL_ENV, url)
    at = open_app("en")
    at.selectbox(key="scenario_file_water").set_value("water_gis_town.toml").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_gis_example_in_the_app_shows_lon_lat_its_extent_and_no_basemap_switch(monkeypatch):
    at = _gis_water_page(monkeypatch, None)
    spec, data = _map_spec(at)
    assert spec["layer"][0]["encoding"]["x"]["axis"]["title"] == "Longitude, °E"
    assert not any(layer["mark"].get("type") == "image" for layer in spec["layer"])
    xs = np.concatenate([d["x"].to_numpy(float) for d in data.values() if "x" in d])
    assert 33.0 < xs.min() < xs.max() < 33.2
    assert any("Map 7,370\u00a0m × 6,220\u00a0m on the ground" in c.value for c in at.caption)
    assert not [w for w in at.toggle if w.key == "basemap"]


def test_with_a_tile_url_the_sidebar_switches_the_basemap_under_the_map(monkeypatch):
    monkeypatch.setenv(charts.BASEMAP_CREDIT_ENV, "© OpenStreetMap contributors")
    at = _gis_water_page(monkeypatch, TILE)
    switch = at.toggle(key="basemap")
    assert switch.value is True and t("map.basemap") == switch.label
    spec, data = _map_spec(at)
    images = [layer for layer in spec["layer"] if layer["mark"].get("type") == "image"]
    assert len(images) == 1 and spec["layer"][0] is images[0]  # under everything else
    urls = data[images[0]["data"]["name"]]["url"]
    assert len(urls) and urls.str.startswith("http://tiles.example.invalid/").all()
    assert any("Basemap: © OpenStreetMap contributors" in c.value for c in at.caption)
    switch.set_value(False).run()
    spec, _ = _map_spec(at)
    assert not any(layer["mark"].get("type") == "image" for layer in spec["layer"])
