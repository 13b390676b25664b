"""District-heating route tables from GIS layers (issue 18, heat side of point 1), against the shipped CSV tables.

The shipped layers (``scenarios/heat_microdistrict/microdistrict.gpkg``) are made from the CSV tables; read back
with the CSV lengths mapped they must give the CSV scenario's results exactly, and with the geometry's
lengths, lengths equal to the coordinate distances worked out by hand from the CSV coordinates.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from teplovoda.models.errors import InputError
from teplovoda.models.gis.heat import read_heat_gis_tables
from teplovoda.models.heat.scenario import load_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[3]
DISTRICT = ROOT / "scenarios" / "heat_microdistrict"
MAPPING = DISTRICT / "microdistrict_gis.toml"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DISTRICT / f"{name}.csv", dtype={"name": str, "node": str, "from_node": str, "to_node": str})


def test_tables_from_layers_are_the_csv_tables_with_lengths_from_geometry():
    tables = read_heat_gis_tables(MAPPING)
    nodes, pipes, consumers = (_csv(n).set_index("name") for n in ("nodes", "pipes", "consumers"))
    got = tables["pipes"].set_index("name").loc[pipes.index]
    assert (got["from_node"] == pipes["from_node"]).all() and (got["to_node"] == pipes["to_node"]).all()
    a = nodes.loc[pipes["from_node"], ["x_m", "y_m"]].to_numpy()
    b = nodes.loc[pipes["to_node"], ["x_m", "y_m"]].to_numpy()
    by_hand = np.hypot(*(a - b).T)  # the coordinate distances
    assert np.allclose(got["length_m"], by_hand, atol=1e-6)
    drawn_longer = pipes.index[np.abs(by_hand - pipes["length_m"]) > 0.01]
    assert sorted(drawn_longer) == ["C2S2-School2S", "C5S2-School5S", "C6N3-Hospital6N"]  # 45 m drawn as 48.9 m
    for col in ("diameter_mm", "roughness_mm", "heat_loss_w_per_m_k"):
        assert np.allclose(got[col], pipes[col])
    c = tables["consumers"].set_index("name").loc[consumers.index]
    assert (c["node"] == consumers["node"]).all()
    for col in ("design_heat_kw", "people", "pupils", "patients"):
        assert np.allclose(c[col], consumers[col])
    assert (c["building_type"] == consumers["building_type"]).all()


def _copy_with_lengths(tmp_path: Path) -> Path:
    folder = tmp_path / "heat_microdistrict"
    folder.mkdir()
    shutil.copy(DISTRICT / "microdistrict.gpkg", folder)
    text = MAPPING.read_text().replace('columns = { diameter_mm = "diameter_mm" }', 'columns = { length_m = "csv_length_m" }')
    (folder / "microdistrict_gis.toml").write_text(text)
    scn = tmp_path / "scn.toml"
    scn.write_text((ROOT / "scenarios" / "heat_gis_microdistrict.toml").read_text())
    return scn


def test_layers_with_the_csv_lengths_give_the_csv_scenario_results(tmp_path):
    gis = run_scenario(load_scenario(_copy_with_lengths(tmp_path))).summary()
    csv = run_scenario(load_scenario(ROOT / "scenarios" / "heat_network_strike.toml")).summary()
    assert list(gis.columns) == list(csv.columns)
    pd.testing.assert_frame_equal(gis, csv, check_exact=False, rtol=1e-9, atol=1e-9)


def test_shipped_gis_scenario_within_the_tolerance_of_its_drawn_lengths():
    """Geometry lengths: three 45 m service pipes drawn 48.9 m long. People are the same; the extra losses
    are the CSV run's losses of those pipes (supply and return lines) scaled by length, by hand."""
    gis_run = run_scenario(load_scenario(ROOT / "scenarios" / "heat_gis_microdistrict.toml"))
    csv_run = run_scenario(load_scenario(ROOT / "scenarios" / "heat_network_strike.toml"))
    gis, csv = gis_run.summary(), csv_run.summary()
    for case in csv.columns:
        assert gis.at["people_without_heat", case] == csv.at["people_without_heat", case]
        assert gis.at["delivered_kw", case] == pytest.approx(csv.at["delivered_kw", case], rel=1e-3)
    pipes = _csv("pipes").set_index("name")
    nodes = _csv("nodes").set_index("name")
    longer = ["C2S2-School2S", "C5S2-School5S", "C6N3-Hospital6N"]
    drawn = {
        r: math.dist(nodes.loc[pipes.at[r, "from_node"], ["x_m", "y_m"]], nodes.loc[pipes.at[r, "to_node"], ["x_m", "y_m"]])
        for r in longer
    }
    lines = csv_run.results["intact"].pipes
    by_hand = sum(
        lines.loc[lines["route"] == r, "heat_loss_kw"].sum() * (drawn[r] - pipes.at[r, "length_m"]) / pipes.at[r, "length_m"]
        for r in longer
    )
    extra = gis.at["heat_loss_kw", "intact"] - csv.at["heat_loss_kw", "intact"]
    print(f"\nheat GIS microdistrict: extra losses {extra:.3f} kW, by hand {by_hand:.3f} kW")
    assert extra == pytest.approx(by_hand, rel=0.05)


def test_a_consumer_away_from_every_node_is_named(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    gpkg = folder / "microdistrict.gpkg"
    shutil.copy(DISTRICT / "microdistrict.gpkg", gpkg)
    consumers = gpd.read_file(gpkg, layer="consumers")
    consumers.loc[0, "geometry"] = shapely.Point(consumers.geometry[0].x + 5.0, consumers.geometry[0].y)
    consumers.to_file(gpkg, layer="consumers", driver="GPKG", engine="pyogrio")
    shutil.copy(MAPPING, folder)
    with pytest.raises(InputError) as err:
        read_heat_gis_tables(folder / "microdistrict_gis.toml")
    text = str(err.value)
    assert "[consumers] layer 'consumers'" in text and f"feature {consumers['id'][0]!r}" in text
    assert "is 5 m from the nearest node" in text


def test_without_a_nodes_layer_pipe_ends_become_the_nodes(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(DISTRICT / "microdistrict.gpkg", folder)
    text = MAPPING.read_text().replace('[nodes]\nfile = "microdistrict.gpkg"\nlayer = "nodes"\n', "")
    assert "[nodes]" not in text
    (folder / "m.toml").write_text(text)
    tables = read_heat_gis_tables(folder / "m.toml")
    nodes = _csv("nodes").set_index("name")
    assert len(tables["nodes"]) == len(nodes)  # every CSV node is a pipe end
    got = tables["nodes"].set_index("name")
    pipes = tables["pipes"].set_index("name")
    csv = _csv("pipes").set_index("name").loc[pipes.index]
    origin = np.array([500_000.0, 5_590_000.0])  # make_gis.py's ORIGIN_M
    for end in ("from_node", "to_node"):
        assert np.allclose(
            got.loc[pipes[end], ["x_m", "y_m"]].to_numpy() - origin, nodes.loc[csv[end], ["x_m", "y_m"]].to_numpy()
        )
    consumers = tables["consumers"].set_index("name")
    csv_consumers = _csv("consumers").set_index("name").loc[consumers.index]
    assert np.allclose(
        got.loc[consumers["node"], ["x_m", "y_m"]].to_numpy() - origin,
        nodes.loc[csv_consumers["node"], ["x_m", "y_m"]].to_numpy(),
    )
