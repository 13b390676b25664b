"""A heat run's results as GeoPackage layers (issue 18, point 2): export, read back, import again.

References: the run's own result tables (read back with geopandas, ids and values equal), the input layers
(same ids, same outlines and CRS), and a second run on the exported layers (the same results).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from teplovoda.models.gis.export_heat import write_heat_gpkg
from teplovoda.models.heat.scenario import load_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = ROOT / "scenarios" / "heat_gis_buildings.toml"
INPUT = ROOT / "scenarios" / "heat_microdistrict" / "microdistrict.gpkg"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    run = run_scenario(load_scenario(SCENARIO))
    out = tmp_path_factory.mktemp("heat") / "out.gpkg"
    return run, out, write_heat_gpkg(run, out)


def test_layers_per_case_with_the_inputs_ids_and_crs(exported):
    run, out, layers = exported
    cases = ["intact", "damaged", "repair_the_trunk_main", "7_x_2_MW_modular_gas_boilers__eastern_island"]
    assert layers == [f"{k}_{c}" for c in cases for k in ("nodes", "pipes", "buildings", "sources")]
    assert {name for name, _ in pyogrio.list_layers(out)} == set(layers)
    for kind, source in (("nodes", "nodes"), ("pipes", "pipes"), ("buildings", "buildings")):
        got = gpd.read_file(out, layer=f"{kind}_damaged")
        given = gpd.read_file(INPUT, layer=source)
        assert sorted(got["id"]) == sorted(given["id"].astype(str)) and got.crs.to_epsg() == 32636
    outlines = gpd.read_file(out, layer="buildings_intact").set_index("id").geometry
    given = gpd.read_file(INPUT, layer="buildings").set_index("id").geometry
    assert np.allclose(outlines.area, given.reindex(outlines.index).area)  # polygons kept, not points


def test_values_read_back_are_the_runs(exported):
    run, out, _ = exported
    res = run.results["damaged"]
    b = gpd.read_file(out, layer="buildings_damaged").set_index("id").loc[res.consumers.index]
    for col in ("delivered_kw", "demand_kw", "people", "delivered_fraction"):
        assert np.allclose(b[col], res.consumers[col])
    assert np.allclose(b["supply_temp_c"], res.consumers["supply_temp_c"], equal_nan=True)
    cut = res.consumers["delivered_kw"] == 0
    assert cut.any() and not b.loc[cut, "served"].any() and b.loc[~cut, "served"].all()
    assert (b.loc[cut, "service"] == "none").all() and b["heat_load_estimated"].all()
    n = gpd.read_file(out, layer="nodes_damaged").set_index("id").loc[res.nodes.index]
    for col in ("supply_temp_c", "return_temp_c", "supply_pressure_bar", "return_pressure_bar"):
        assert np.allclose(n[col], res.nodes[col], equal_nan=True)
    p = gpd.read_file(out, layer="pipes_damaged").set_index("id")
    supply = res.pipes[res.pipes["line"] == "supply"].set_index("route")
    assert np.allclose(p.loc[supply.index, "flow_m3_per_h"], supply["flow_m3_per_h"])
    assert p.at["M1-M2", "damage"] == "pipe_closed" and not p.at["M1-M2", "in_service"] and p.at["BH-M0", "damage"] == ""
    # velocity by hand from the flow and the diameter
    v = p.at["BH-M0", "flow_m3_per_h"] / 3600.0 / (np.pi * (p.at["BH-M0", "diameter_mm"] / 1000.0) ** 2 / 4.0)
    assert p.at["BH-M0", "velocity_m_per_s"] == pytest.approx(v)
    added = gpd.read_file(out, layer="sources_7_x_2_MW_modular_gas_boilers__eastern_island").set_index("id")
    assert added.at["modular_1", "added_by"] == "7 x 2 MW modular gas boilers, eastern island"


def test_the_exported_intact_layers_import_to_the_same_results(exported, tmp_path):
    run, out, _ = exported
    back = tmp_path / "back.gpkg"
    keep = {
        "nodes_intact": ["id"],
        "pipes_intact": ["id", "diameter_mm", "roughness_mm", "heat_loss_w_per_m_k"],
        "buildings_intact": ["id", "building_type", "design_heat_kw", "people", "pupils", "patients"],
    }
    for layer, columns in keep.items():
        gdf = gpd.read_file(out, layer=layer)
        gdf[[*columns, "geometry"]].to_file(back, layer=layer.split("_")[0], driver="GPKG", engine="pyogrio")
    (tmp_path / "m.toml").write_text(
        "".join(
            f'[{s}]\nfile = "back.gpkg"\nlayer = "{layer}"\n'
            for s, layer in (("nodes", "nodes"), ("pipes", "pipes"), ("consumers", "buildings"))
        )  # fmt: skip
    )
    text = SCENARIO.read_text().replace('gis = "heat_microdistrict/microdistrict_buildings_gis.toml"', 'gis = "m.toml"')
    (tmp_path / "scn.toml").write_text(text)
    again = run_scenario(load_scenario(tmp_path / "scn.toml")).summary()
    pd.testing.assert_frame_equal(again, run.summary(), check_exact=False, rtol=1e-6, atol=1e-6)


def test_a_network_from_csv_tables_exports_without_a_crs(tmp_path):
    run = run_scenario(load_scenario(ROOT / "scenarios" / "heat_network_strike.toml"))
    out = tmp_path / "csv.gpkg"
    write_heat_gpkg(run, out)
    b = gpd.read_file(out, layer="buildings_intact")
    assert b.crs is None and (b.geom_type == "Point").all()
    nodes = pd.read_csv(ROOT / "scenarios" / "heat_microdistrict" / "nodes.csv", dtype={"name": str}).set_index("name")
    n = gpd.read_file(out, layer="nodes_intact").set_index("id")
    assert np.allclose(n.geometry.x, nodes.loc[n.index, "x_m"]) and np.allclose(n.geometry.y, nodes.loc[n.index, "y_m"])
