"""Water networks from GIS layers (issue 18, points 1-2, first part), checked against independent references.

* The shipped GIS version of Net3 (``scenarios/networks/net3_gis.gpkg``) against EPANET 2.2 (wntr) on
  ``Net3.inp``, and the scenario run on it against the same scenario on the ``.inp``.
* Lengths from geometry on hand-made layers with known lengths (3-4-5 triangles), projected and geographic;
  head loss against the Hazen-Williams formula by hand.
* Hazen-Williams C from material and age against the table's arithmetic.
* Export-then-import round trips ids and values.
* Bad layers: one line naming the layer, the feature and the column; the CLI exits 2.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from teplovoda.models.errors import InputError
from teplovoda.models.gis import read_water_gis, write_gpkg
from teplovoda.models.gis.mapping import DEFAULT_MATERIALS, hazen_williams_c
from teplovoda.models.water.epanet import read_wntr_model
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from teplovoda.models.water.scenario import load_scenario, run_scenario
from tests.conftest import epanet_snapshot

ROOT = Path(__file__).resolve().parents[3]
NET3_INP = ROOT / "scenarios" / "networks" / "Net3.inp"
NET3_GIS = ROOT / "scenarios" / "networks" / "net3_gis.toml"
DDA = HydraulicOptions(demand_model="dda")
UTM36 = "EPSG:32636"
X0, Y0 = 500_000.0, 5_590_000.0


# ---- the shipped example ------------------------------------------------------------------------
def test_net3_from_gis_layers_matches_epanet_on_the_inp(tmp_path):
    net = read_water_gis(NET3_GIS)
    res = solve(net, DDA)
    assert res.converged, res.reason
    ref = epanet_snapshot(read_wntr_model(NET3_INP), tmp_path)
    j = res.junctions[res.junctions["type"] == "junction"]
    p_ref = ref.node["pressure"].iloc[0].reindex(j.index)
    assert p_ref.notna().all() and len(j) == 92
    diff = (j["pressure_m"] - p_ref).abs()
    print(f"\nNet3 from GIS vs EPANET 2.2 on the .inp: max pressure difference {diff.max():.5f} m (at {diff.idxmax()})")
    # the layers hold the file's SI values rounded to 1e-3 mm (diameter) and the start time's demands
    assert diff.max() < 0.01
    flows = ref.link["flowrate"].iloc[0].reindex(res.links.index) * 3600.0
    assert np.allclose(res.links["flow_m3_per_h"], flows, atol=0.05, rtol=1e-4)


def test_net3_from_gis_has_the_inp_ids_and_tables():
    wn = read_wntr_model(NET3_INP)
    net = read_water_gis(NET3_GIS)
    assert set(net.nodes.index) == set(wn.node_name_list)
    assert set(net.links.index) == set(wn.link_name_list)
    for name, pipe in wn.pipes():
        assert net.links.at[name, "from_node"] == pipe.start_node_name
        assert net.links.at[name, "to_node"] == pipe.end_node_name
        assert net.links.at[name, "length_m"] == pytest.approx(pipe.length, rel=1e-9)
        assert net.links.at[name, "diameter_m"] == pytest.approx(pipe.diameter, abs=1e-6)


def test_scenario_on_gis_layers_gives_the_inp_scenario_results():
    """water_gis_town.toml is water_trunk_main_break.toml on the GIS layers: same people and pressures."""
    gis = run_scenario(load_scenario(ROOT / "scenarios" / "water_gis_town.toml"))
    inp = run_scenario(load_scenario(ROOT / "scenarios" / "water_trunk_main_break.toml"))
    for case in ("intact", "damaged"):
        a, b = gis.summary()[case], inp.summary()[case]
        assert a["people_without"] == pytest.approx(b["people_without"], abs=1.0)
        assert a["people_equivalent_served"] == pytest.approx(b["people_equivalent_served"], abs=5.0)
        pa = gis.cases()[case][1].junctions["pressure_m"]
        pb = inp.cases()[case][1].junctions["pressure_m"].reindex(pa.index)
        assert (pa - pb).abs().max() < 0.01


# ---- hand-made layers ---------------------------------------------------------------------------
def _write(path: Path, layer: str, rows: list[dict], crs=UTM36) -> None:
    gpd.GeoDataFrame(rows, geometry="geometry", crs=crs).to_file(path, layer=layer, driver="GPKG", engine="pyogrio")


#: Junction positions relative to (X0, Y0), m: R-A 500 m (3-4-5), A-B 1,200 m through a vertex (600 + 600).
NODES = {"R": (0.0, 0.0), "A": (300.0, 400.0), "B": (900.0, 1000.0)}
HEAD_M, ELEV_M, DEMAND_M3_PER_H, D_MM, C = 60.0, 10.0, 90.0, 200.0, 110.0


def small_layers(tmp_path: Path, crs=UTM36, pipes=None, junctions=None, mapping_extra: str = "", pipes_section: str = ""):
    """A reservoir feeding two junctions through two pipes of known length; returns the mapping file."""
    gpkg = tmp_path / "small.gpkg"
    gpkg.unlink(missing_ok=True)
    pt = {n: (X0 + x, Y0 + y) for n, (x, y) in NODES.items()}
    to_crs = None
    if crs != UTM36:
        from pyproj import Transformer

        to_crs = Transformer.from_crs(UTM36, crs, always_xy=True)
        pt = {n: to_crs.transform(*p) for n, p in pt.items()}
    vertex = (X0 + 300.0, Y0 + 1000.0)
    if to_crs is not None:
        vertex = to_crs.transform(*vertex)
    if junctions is None:
        junctions = [
            {"id": "A", "elevation_m": ELEV_M, "demand_m3_per_h": 0.0},
            {"id": "B", "elevation_m": ELEV_M, "demand_m3_per_h": DEMAND_M3_PER_H},
        ]
    for j in junctions:
        j.setdefault("geometry", shapely.Point(pt[j["id"]]))
    _write(gpkg, "junctions", junctions, crs)
    _write(gpkg, "reservoirs", [{"id": "R", "head_m": HEAD_M, "geometry": shapely.Point(pt["R"])}], crs)
    if pipes is None:
        pipes = [
            {
                "id": "p1",
                "dn": D_MM,
                "c": C,
                "material": "cast_iron",
                "year": 1996,
                "geometry": shapely.LineString([pt["R"], pt["A"]]),
            },
            {
                "id": "p2",
                "dn": D_MM,
                "c": C,
                "material": "pvc",
                "year": 2010,
                "geometry": shapely.LineString([pt["A"], vertex, pt["B"]]),
            },
        ]
    _write(gpkg, "pipes", pipes, crs)
    mapping = tmp_path / "small.toml"
    mapping.write_text(
        f"""[gis]
{mapping_extra}
[junctions]
file = "small.gpkg"
layer = "junctions"
demand = "demand_m3_per_h"
[reservoirs]
file = "small.gpkg"
layer = "reservoirs"
[pipes]
file = "small.gpkg"
layer = "pipes"
diameter = "dn"
{pipes_section or 'roughness = "c"'}
"""
    )
    return mapping


def hazen_williams_headloss_m(length_m: float, flow_m3_per_s: float, c: float, d_m: float) -> float:
    """h = 10.67 L Q^1.852 / (C^1.852 D^4.8704) (SI form of the Hazen-Williams formula)."""
    return 10.67 * length_m * flow_m3_per_s**1.852 / (c**1.852 * d_m**4.8704)


@pytest.mark.parametrize("crs", [UTM36, "EPSG:4326"], ids=["projected", "geographic"])
def test_lengths_come_from_geometry_in_metres(tmp_path, crs):
    net = read_water_gis(small_layers(tmp_path, crs=crs))
    # 3-4-5 triangle and two 600 m legs; the geographic layers are projected back to UTM 36N
    assert net.links.at["p1", "length_m"] == pytest.approx(500.0, abs=1e-3)
    assert net.links.at["p2", "length_m"] == pytest.approx(1200.0, abs=1e-3)
    assert net.links.loc["p1", ["from_node", "to_node"]].tolist() == ["R", "A"]
    assert net.links.at["p1", "diameter_m"] == pytest.approx(0.2)


@pytest.mark.parametrize(("driver", "suffix"), [("GeoJSON", ".geojson"), ("ESRI Shapefile", ".shp")])
def test_geojson_and_shapefile_layers(tmp_path, driver, suffix):
    """The same layers as one file each (no layer names inside; Shapefile's 10-character column names): the same network."""
    first = read_water_gis(small_layers(tmp_path))
    short = {"elevation_m": "elev", "demand_m3_per_h": "demand", "head_m": "head"}
    for section in ("junctions", "reservoirs", "pipes"):
        gdf = gpd.read_file(tmp_path / "small.gpkg", layer=section).rename(columns=short)
        gdf.to_file(tmp_path / f"{section}{suffix}", driver=driver, engine="pyogrio")
    (tmp_path / "files.toml").write_text(
        f'[junctions]\nfile = "junctions{suffix}"\nelevation = "elev"\ndemand = "demand"\n'
        f'[reservoirs]\nfile = "reservoirs{suffix}"\nhead = "head"\n'
        f'[pipes]\nfile = "pipes{suffix}"\ndiameter = "dn"\nroughness = "c"\n'
    )
    net = read_water_gis(tmp_path / "files.toml")
    cols = ["from_node", "to_node", "length_m", "diameter_m"]
    pd.testing.assert_frame_equal(net.links[cols].sort_index(), first.links[cols].sort_index())
    assert net.nodes.at["B", "demand_m3_per_h"] == pytest.approx(DEMAND_M3_PER_H)
    assert net.nodes.at["R", "elevation_m"] == pytest.approx(HEAD_M)


def test_small_network_head_loss_matches_hazen_williams_by_hand(tmp_path):
    net = read_water_gis(small_layers(tmp_path))
    res = solve(net, DDA)
    q = DEMAND_M3_PER_H / 3600.0
    head_b = HEAD_M - hazen_williams_headloss_m(500.0 + 1200.0, q, C, D_MM / 1000.0)
    assert res.junctions.at["B", "head_m"] == pytest.approx(head_b, abs=0.02)
    assert res.links.at["p2", "flow_m3_per_h"] == pytest.approx(DEMAND_M3_PER_H, rel=1e-4)
    velocity = q / (math.pi / 4 * 0.2**2)
    assert res.links.at["p2", "velocity_m_per_s"] == pytest.approx(velocity, rel=1e-3)


def test_hazen_williams_c_from_material_and_install_year(tmp_path):
    mapping = small_layers(
        tmp_path, mapping_extra="reference_year = 2026", pipes_section='material = "material"\ninstall_year = "year"'
    )
    net = read_water_gis(mapping)
    c = {e.name: e.hazen_williams_c for e in net.edits if hasattr(e, "hazen_williams_c")}
    cast_iron = DEFAULT_MATERIALS["cast_iron"]
    assert c["p1"] == pytest.approx(cast_iron.new_c - 30 * cast_iron.loss_per_year)  # 130 - 30 x 1.3 = 91
    assert c["p1"] == pytest.approx(91.0)
    assert c["p2"] == pytest.approx(150.0)  # PVC keeps its C
    assert hazen_williams_c("Cast iron", 100, DEFAULT_MATERIALS) == pytest.approx(60.0)  # the floor


def test_override_a_material_in_the_mapping(tmp_path):
    extra = "reference_year = 2026\n[gis.materials.cast_iron]\nnew_c = 100\nmin_c = 30\nloss_per_year = 2"
    net = read_water_gis(
        small_layers(tmp_path, mapping_extra=extra, pipes_section='material = "material"\ninstall_year = "year"')
    )
    c = {e.name: e.hazen_williams_c for e in net.edits if hasattr(e, "hazen_williams_c")}
    assert c["p1"] == pytest.approx(100.0 - 2 * 30)


def test_without_a_junctions_layer_ends_within_the_tolerance_merge(tmp_path):
    gpkg = tmp_path / "z.gpkg"
    # two pipes whose shared end is drawn 0.3 m apart (within 0.5 m), Z = elevation
    _write(
        gpkg,
        "pipes",
        [
            {"id": "a", "dn": 150.0, "c": 120.0, "geometry": shapely.LineString([(X0, Y0, 50.0), (X0 + 300, Y0 + 400, 10.0)])},
            {
                "id": "b",
                "dn": 150.0,
                "c": 120.0,
                "geometry": shapely.LineString([(X0 + 300.3, Y0 + 400, 10.0), (X0 + 300.3, Y0 + 500, 12.0)]),
            },
        ],
    )
    (tmp_path / "z.toml").write_text('[pipes]\nfile = "z.gpkg"\nlayer = "pipes"\ndiameter = "dn"\nroughness = "c"\n')
    net = read_water_gis(tmp_path / "z.toml")
    assert len(net.nodes) == 3
    assert net.links.at["a", "to_node"] == net.links.at["b", "from_node"]
    assert net.nodes.at[net.links.at["b", "to_node"], "elevation_m"] == pytest.approx(12.0)


# ---- export, then import ------------------------------------------------------------------------
def test_geopackage_export_round_trips_ids_and_values(tmp_path):
    mapping = small_layers(tmp_path)
    scn_path = tmp_path / "scn.toml"
    scn_path.write_text(
        '[scenario]\nname = "small"\nkind = "water"\n[network]\ngis = "small.toml"\n'
        '[[damage]]\ntype = "pipe_closed"\npipe = "p2"\n'
    )
    run = run_scenario(load_scenario(scn_path))
    out = tmp_path / "out.gpkg"
    layers = write_gpkg(run, out)
    assert set(layers) == {f"{k}_{c}" for k in ("junctions", "sources", "pipes") for c in ("intact", "damaged")}
    got = gpd.read_file(out, layer="junctions_intact").set_index("id")
    want = run.intact.junctions
    assert set(got.index) == {"A", "B"}
    assert np.allclose(got["pressure_m"], want.loc[got.index, "pressure_m"])
    pipes = gpd.read_file(out, layer="pipes_damaged").set_index("id")
    assert pipes.at["p2", "damage"] == "pipe_closed" and pipes.at["p1", "damage"] == ""
    assert pipes.crs.to_epsg() == 32636
    assert pipes.geometry["p2"].length == pytest.approx(1200.0)  # the vertex is kept
    # import the exported intact layers: the same network, the same solution
    (tmp_path / "back.toml").write_text(
        '[junctions]\nfile = "out.gpkg"\nlayer = "junctions_intact"\ndemand = "demand_required_m3_per_h"\n'
        '[reservoirs]\nfile = "out.gpkg"\nlayer = "sources_intact"\nhead = "elevation_m"\n'
        '[pipes]\nfile = "out.gpkg"\nlayer = "pipes_intact"\ndiameter = "diameter_m"\ndiameter_unit = "m"\n'
        'roughness = "hazen_williams_c"\n'
    )
    back = read_water_gis(tmp_path / "back.toml")
    first = read_water_gis(mapping)
    cols = ["kind", "elevation_m", "demand_m3_per_h", "x_m", "y_m"]
    pd.testing.assert_frame_equal(back.nodes[cols].sort_index(), first.nodes[cols].sort_index())
    cols = ["from_node", "to_node", "length_m", "diameter_m"]
    pd.testing.assert_frame_equal(back.links[cols].sort_index(), first.links[cols].sort_index())
    again = solve(back, run.scenario.hydraulics)
    assert np.allclose(again.junctions.loc[["A", "B"], "pressure_m"], want.loc[["A", "B"], "pressure_m"])


# ---- bad layers ---------------------------------------------------------------------------------
def _pipes(**change):
    a, b = (X0 + 300.0, Y0 + 400.0), (X0 + 900.0, Y0 + 1000.0)
    rows = [
        {"id": "p1", "dn": D_MM, "c": C, "geometry": shapely.LineString([(X0, Y0), a])},
        {"id": "p2", "dn": D_MM, "c": C, "geometry": shapely.LineString([a, b])},
    ]
    rows[1].update(change)
    return rows


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
@pytest.mark.parametrize(
    ("pipes", "crs", "expected"),
    [
        (
            _pipes(geometry=shapely.LineString([(X0 + 300.0, Y0 + 400.0), (X0 + 903.0, Y0 + 1000.0)])),
            UTM36,
            ["'p2'", "end is 3 m", "'B'", "0.5 m"],
        ),
        (
            _pipes(geometry=shapely.LineString([(X0 + 900.0, Y0 + 1000.0), (X0 + 900.0, Y0 + 1000.0)])),
            UTM36,
            ["'p2'", "zero length"],
        ),
        (_pipes(dn=None), UTM36, ["'p2'", "column 'dn'", "missing diameter"]),
        (_pipes(id="p1"), UTM36, ["column 'id'", "duplicate id 'p1'"]),
        (_pipes(c=float("inf")), UTM36, ["'p2'", "column 'c'", "finite number"]),
        (_pipes(), None, ["[pipes] layer 'pipes'", "no coordinate reference system"]),
        (_pipes(), "EPSG:2263", ["CRS EPSG:2263 is in US survey foot, not metres"]),
    ],
    ids=["unsnapped_end", "zero_length", "missing_diameter", "duplicate_id", "non_finite", "no_crs", "feet_crs"],
)
def test_bad_layers_name_layer_feature_and_column(tmp_path, pipes, crs, expected):
    gpkg = tmp_path / "small.gpkg"
    mapping = small_layers(tmp_path)
    gpkg.unlink()
    pt = {n: (X0 + x, Y0 + y) for n, (x, y) in NODES.items()}
    _write(
        gpkg, "junctions", [{"id": n, "elevation_m": 0.0, "demand_m3_per_h": 1.0, "geometry": shapely.Point(pt[n])} for n in "AB"]
    )
    _write(gpkg, "reservoirs", [{"id": "R", "head_m": HEAD_M, "geometry": shapely.Point(pt["R"])}])
    _write(gpkg, "pipes", pipes, crs)
    with pytest.raises(InputError) as err:
        read_water_gis(mapping)
    text = str(err.value)
    assert "\n" not in text and str(mapping) in text and "[pipes] layer 'pipes' of small.gpkg" in text
    for part in expected:
        assert part in text, text


def test_unknown_material_and_layer_outside_the_folder(tmp_path):
    mapping = small_layers(tmp_path, mapping_extra="reference_year = 2026", pipes_section='material = "c"\ninstall_year = "year"')
    with pytest.raises(InputError, match=r"feature 'p1' column 'c': unknown material '110.0'"):
        read_water_gis(mapping)
    mapping.write_text('[pipes]\nfile = "../elsewhere.gpkg"\nroughness = "c"\n')
    with pytest.raises(InputError, match="points outside the mapping file's folder"):
        read_water_gis(mapping)


def test_cli_reports_a_bad_layer_in_one_line_and_exits_2(tmp_path, capsys):
    from teplovoda.ui.cli import main

    small_layers(tmp_path, pipes=_pipes(dn=None))
    scn = tmp_path / "scn.toml"
    scn.write_text('[scenario]\nname = "s"\nkind = "water"\n[network]\ngis = "small.toml"\n')
    assert main(["--lang", "en", "water", "run", str(scn), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "feature 'p2' column 'dn': missing diameter" in err
    assert main(["--lang", "uk", "water", "run", str(scn), "--out", str(tmp_path / "out")]) == 2
    assert "бракує значення діаметра" in capsys.readouterr().err


def test_cli_writes_the_geopackage(tmp_path, capsys):
    from teplovoda.ui.cli import main

    out = tmp_path / "town.gpkg"
    scn = ROOT / "scenarios" / "water_gis_town.toml"
    assert main(["--lang", "en", "water", "run", str(scn), "--out", str(tmp_path / "res"), "--gpkg", str(out)]) == 0
    assert "GeoPackage written" in capsys.readouterr().out
    import pyogrio

    names = {name for name, _ in pyogrio.list_layers(out)}
    assert {"junctions_intact", "pipes_damaged", "pumps_intact", "sources_damaged"} <= names
    pipes = gpd.read_file(out, layer="pipes_damaged").set_index("id")
    assert pipes.at["153", "damage"] == "pipe_break"


def test_valve_and_population_layers(tmp_path):
    """A PRV drawn as a line holds its setting downstream (EPANET's PRV: pressure = setting); population gives demand."""
    gpkg = tmp_path / "v.gpkg"
    pt = {"R": (X0, Y0), "A": (X0 + 300, Y0 + 400), "C": (X0 + 301, Y0 + 400), "B": (X0 + 901, Y0 + 1200)}
    people = 3600.0  # x 200 L/day = 720 m3/day = 30 m3/h
    _write(
        gpkg,
        "junctions",
        [
            {"id": "A", "z": 10.0, "people": 0.0, "geometry": shapely.Point(pt["A"])},
            {"id": "C", "z": 10.0, "people": 0.0, "geometry": shapely.Point(pt["C"])},
            {"id": "B", "z": 5.0, "people": people, "geometry": shapely.Point(pt["B"])},
        ],
    )
    _write(gpkg, "reservoirs", [{"id": "R", "head_m": 80.0, "geometry": shapely.Point(pt["R"])}])
    _write(
        gpkg,
        "pipes",
        [
            {"id": "p1", "dn": 200.0, "c": 120.0, "geometry": shapely.LineString([pt["R"], pt["A"]])},
            {"id": "p2", "dn": 200.0, "c": 120.0, "geometry": shapely.LineString([pt["C"], pt["B"]])},
        ],
    )
    _write(
        gpkg,
        "valves",
        [{"id": "v1", "kind": "PRV", "dn": 200.0, "setting": 20.0, "geometry": shapely.LineString([pt["A"], pt["C"]])}],
    )
    (tmp_path / "v.toml").write_text(
        '[junctions]\nfile = "v.gpkg"\nlayer = "junctions"\nelevation = "z"\npopulation = "people"\n'
        '[reservoirs]\nfile = "v.gpkg"\nlayer = "reservoirs"\n'
        '[pipes]\nfile = "v.gpkg"\nlayer = "pipes"\ndiameter = "dn"\nroughness = "c"\n'
        '[valves]\nfile = "v.gpkg"\nlayer = "valves"\ndiameter = "dn"\n'
    )
    net = read_water_gis(tmp_path / "v.toml")
    assert net.nodes.at["B", "demand_m3_per_h"] == pytest.approx(people * 200.0 / 1000.0 / 24.0)
    assert net.nodes.at["B", "population"] == people
    assert net.links.at["v1", "kind"] == "prv"
    res = solve(net, DDA)
    assert res.junctions.at["C", "pressure_m"] == pytest.approx(20.0, abs=1e-3)
    length_p2 = math.hypot(600.0, 800.0)  # 1,000 m
    head_b = 10.0 + 20.0 - hazen_williams_headloss_m(length_p2, 30.0 / 3600.0, 120.0, 0.2)
    assert res.junctions.at["B", "head_m"] == pytest.approx(head_b, abs=0.02)


def test_a_pump_drawn_as_a_point_cuts_its_pipe(tmp_path):
    """A booster pump drawn as a point 200 m along a 1,000 m pipe: the pipe is cut there, the pump faces the
    drawn direction. One-point curve (EPANET: h = 4/3 h0 - h0/3 (q/q0)^2) run at its design flow: head 30 m."""
    gpkg = tmp_path / "p.gpkg"
    pt = {"R": (X0, Y0), "B": (X0 + 600.0, Y0 + 800.0)}
    _write(gpkg, "junctions", [{"id": "B", "z": 0.0, "q": 36.0, "geometry": shapely.Point(pt["B"])}])
    _write(gpkg, "reservoirs", [{"id": "R", "head_m": 10.0, "geometry": shapely.Point(pt["R"])}])
    _write(gpkg, "pipes", [{"id": "p1", "dn": 150.0, "c": 130.0, "geometry": shapely.LineString([pt["R"], pt["B"]])}])
    on_pipe = shapely.Point(X0 + 120.0, Y0 + 160.0)  # 200 m from R
    _write(gpkg, "pumps", [{"id": "P1", "curve_flow_m3_per_h": "36", "curve_head_m": "30", "geometry": on_pipe}])
    (tmp_path / "p.toml").write_text(
        '[junctions]\nfile = "p.gpkg"\nlayer = "junctions"\nelevation = "z"\ndemand = "q"\n'
        '[reservoirs]\nfile = "p.gpkg"\nlayer = "reservoirs"\n'
        '[pipes]\nfile = "p.gpkg"\nlayer = "pipes"\ndiameter = "dn"\nroughness = "c"\n'
        '[pumps]\nfile = "p.gpkg"\nlayer = "pumps"\n'
    )
    net = read_water_gis(tmp_path / "p.toml")
    assert net.links.loc["p1", ["from_node", "to_node", "length_m"]].tolist() == ["R", "P1_a", pytest.approx(200.0)]
    assert net.links.loc["p1_b", ["from_node", "to_node", "length_m"]].tolist() == ["P1_b", "B", pytest.approx(800.0)]
    assert net.links.loc["P1", ["kind", "from_node", "to_node"]].tolist() == ["pump", "P1_a", "P1_b"]
    assert net.nodes.at["P1_a", "elevation_m"] == 0.0  # from B: the reservoir's elevation is its head
    res = solve(net, DDA)
    head_b = 10.0 + 30.0 - hazen_williams_headloss_m(1000.0, 36.0 / 3600.0, 130.0, 0.15)
    assert res.junctions.at["B", "head_m"] == pytest.approx(head_b, abs=0.02)
    # a point off every pipe is named
    _write(
        gpkg, "pumps", [{"id": "P1", "curve_flow_m3_per_h": "36", "curve_head_m": "30", "geometry": shapely.Point(X0 + 50, Y0)}]
    )
    with pytest.raises(InputError, match=r"\[pumps\] layer 'pumps' of p.gpkg feature 'P1': a point within the snap tolerance"):
        read_water_gis(tmp_path / "p.toml")


def test_scenario_names_one_network_file_and_a_missing_layer_is_named(tmp_path):
    from teplovoda.models.heat.scenario import load_scenario as load_heat

    mapping = small_layers(tmp_path)
    scn = tmp_path / "scn.toml"
    scn.write_text('[scenario]\nname = "s"\nkind = "water"\n[network]\ngis = "small.toml"\ninp_file = "x.inp"\n')
    with pytest.raises(InputError, match=r"\[network\].*give either inp_file or gis"):
        load_scenario(scn)
    heat = tmp_path / "heat.toml"
    heat.write_text('[scenario]\nname = "h"\nkind = "heat"\n[network]\ngis = "m.toml"\nnodes = "n.csv"\n')
    with pytest.raises(InputError, match=r"\[network\].*give either nodes, pipes and consumers"):
        load_heat(heat)
    mapping.write_text(mapping.read_text().replace('layer = "pipes"', 'layer = "mains"'))
    with pytest.raises(InputError, match=r"\[pipes\] layer 'mains' of small.gpkg cannot be read as a GIS layer"):
        read_water_gis(mapping)


def test_case_names_become_distinct_layer_words():
    from teplovoda.models.gis.export import case_keys

    assert case_keys(["intact", "a b", "a_b", "a-b"]) == {"intact": "intact", "a b": "a_b", "a_b": "a_b_2", "a-b": "a_b_3"}
