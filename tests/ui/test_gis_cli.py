"""``--gpkg`` on ``heat run``, ``water criticality`` and ``portfolio allocate`` (issue 18, points 2-4).

Each writes its GeoPackage (exit 0); read back with geopandas, the layers hold the same ids and values as the
command's own CSV output (an independent writer) and keep the CRS. A bad output path is exit 2 and one line,
before any work is done.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from teplovoda.ui.cli import main
from tests.conftest import SCENARIOS
from tests.ui.test_portfolio_cli import small_copy


def _one_line_exit_2(argv, capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_heat_run_writes_the_geopackage(tmp_path, capsys):
    out = tmp_path / "heat.gpkg"
    scn = SCENARIOS / "heat_gis_buildings.toml"
    code = main(["--lang", "en", "heat", "run", str(scn), "--out", str(tmp_path / "res"), "--gpkg", str(out)])
    assert code == 0 and "GeoPackage written" in capsys.readouterr().out
    names = {name for name, _ in pyogrio.list_layers(out)}
    assert {"nodes_intact", "pipes_damaged", "buildings_damaged", "sources_intact"} <= names
    b = gpd.read_file(out, layer="buildings_damaged").set_index("id")
    assert b.crs.to_epsg() == 32636 and (b.geom_type == "Polygon").all() and len(b) == 43
    assert b["people"].sum() == pytest.approx(pd.read_csv(SCENARIOS / "heat_microdistrict" / "consumers.csv")["people"].sum())


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["heat", "run", str(SCENARIOS / "heat_gis_buildings.toml")], "a GeoPackage's name ends in .gpkg"),
        (["water", "run", str(SCENARIOS / "water_gis_town.toml")], "a GeoPackage's name ends in .gpkg"),
        (["water", "criticality", str(SCENARIOS / "water_gis_town.toml")], "a GeoPackage's name ends in .gpkg"),
        (["compare", str(SCENARIOS / "compare_city_main_broken.toml")], "a GeoPackage's name ends in .gpkg"),
        (["water", "sweep", str(SCENARIOS / "water_gis_town.toml")], "a GeoPackage's name ends in .gpkg"),
        (["heat", "sweep", str(SCENARIOS / "heat_gis_buildings.toml")], "a GeoPackage's name ends in .gpkg"),
    ],
    ids=["heat", "water", "criticality", "compare", "water-sweep", "heat-sweep"],
)
def test_a_bad_gpkg_path_is_one_line_and_exit_2(tmp_path, capsys, command, expected):
    err = _one_line_exit_2(["--lang", "en", *command, "--out", str(tmp_path / "o"), "--gpkg", str(tmp_path / "x.txt")], capsys)
    assert "--gpkg" in err and expected in err
    assert not (tmp_path / "o").exists()  # refused before the run
    blocker = tmp_path / "file"
    blocker.write_text("")
    err = _one_line_exit_2(["--lang", "en", *command, "--out", str(tmp_path / "o"), "--gpkg", str(blocker / "a.gpkg")], capsys)
    assert "is not a writable folder" in err
    err = _one_line_exit_2(["--lang", "uk", *command, "--out", str(tmp_path / "o"), "--gpkg", str(tmp_path / "x.txt")], capsys)
    assert "закінчується на .gpkg" in err


def test_criticality_writes_each_pipe_with_its_figures(tmp_path, capsys):
    out, res = tmp_path / "crit.gpkg", tmp_path / "res"
    scn = SCENARIOS / "water_gis_town.toml"
    assert main(["--lang", "en", "water", "criticality", str(scn), "--out", str(res), "--gpkg", str(out)]) == 0
    assert "GeoPackage written" in capsys.readouterr().out
    csv = pd.read_csv(res / "criticality.csv", dtype={"element": str}).set_index("element")
    pipes = gpd.read_file(out, layer="pipes").set_index("id")
    given = gpd.read_file(SCENARIOS / "networks" / "net3_gis.gpkg", layer="pipes")
    assert pipes.crs.to_epsg() == given.crs.to_epsg()
    single = csv[csv["element_type"] == "pipe"]
    assert set(pipes.index) == set(single.index) and set(pipes.index) <= set(given["id"].astype(str))
    for col in ("rank", "people_without", "person_hours_without_water", "unserved_volume_m3"):
        assert np.allclose(pipes.loc[single.index, col], single[col])
    worst = single.index[0]
    assert pipes.at[worst, "rank"] == 1 and pipes.at[worst, "diameter_m"] == pytest.approx(single.at[worst, "diameter_m"])
    g = given.set_index(given["id"].astype(str)).geometry.to_crs(pipes.crs)
    assert pipes.geometry[worst].length == pytest.approx(g[worst].length, rel=1e-9)  # the layer's own line
    pumps = gpd.read_file(out, layer="pumps").set_index("id")
    assert set(pumps.index) == set(csv.index[csv["element_type"] == "pump"])


def test_criticality_of_valve_segments_gives_every_pipe_its_segments_figures(tmp_path):
    from teplovoda.models import kinds
    from teplovoda.models.gis.export import write_criticality_gpkg
    from teplovoda.models.water.criticality import criticality
    from teplovoda.models.water.scenario import build_network

    scn = kinds.get("water").load(SCENARIOS / "water_trunk_main_isolated.toml")
    net = build_network(scn)
    table = criticality(net, scn.hydraulics)
    write_criticality_gpkg(net, table, tmp_path / "seg.gpkg")
    pipes = gpd.read_file(tmp_path / "seg.gpkg", layer="pipes").set_index("id")
    segments = table[table["element_type"] == "segment"]
    members = [(p, r) for r in segments.itertuples() for p in r.pipes.split()]
    assert len(pipes) == len(members) == len({p for p, _ in members})  # every pipe once
    for p, r in members[:: max(1, len(members) // 25)]:
        assert pipes.at[p, "element"] == r.element and pipes.at[p, "person_hours_without_water"] == pytest.approx(
            r.person_hours_without_water
        )
    assert pipes.crs is None  # an .inp network: the file's own coordinates


def test_portfolio_writes_the_sites_as_points(tmp_path, capsys):
    head = small_copy(tmp_path)
    out, res = tmp_path / "sites.gpkg", tmp_path / "res"
    argv = ["--lang", "en", "portfolio", "allocate", str(head), "--budget-eur", "400000", "--out", str(res), "--gpkg", str(out)]
    assert main(argv) == 0 and "GeoPackage written" in capsys.readouterr().out
    alloc = pd.read_csv(res / "allocation.csv", keep_default_na=False).set_index("site")
    sites = gpd.read_file(out, layer="sites").set_index("id")
    assert sites.crs.to_epsg() == 4326 and list(sites.index) == list(alloc.index)
    assert np.allclose(sites.geometry.x, alloc["lon"]) and np.allclose(sites.geometry.y, alloc["lat"])
    assert (sites["set_type"].fillna("") == alloc["set_type"]).all()
    assert (sites["passes"].astype(bool) == (alloc["passes"].astype(str) == "True")).all()
    for col in ("fuel_l_per_day", "people_hours_per_day", "cost_eur"):
        assert np.allclose(sites[col], alloc[col].astype(float), rtol=1e-5)
    err = _one_line_exit_2(["--lang", "en", "portfolio", "allocate", str(head), "--gpkg", str(tmp_path)], capsys)
    assert "--gpkg" in err and "a GeoPackage's name ends in .gpkg" in err


def _options_json(res) -> pd.DataFrame:
    import json

    return pd.DataFrame(json.loads((res / "comparison.json").read_text())["options"]).set_index("option")


@pytest.mark.parametrize(
    ("scenario", "people", "network"),
    [
        ("compare_hospital_district.toml", "people_heated", "buildings"),
        ("compare_city_main_broken.toml", "people_served", "junctions"),
        ("compare_generator_choice.toml", "people_served", None),
    ],
    ids=["heat", "water", "generator"],
)
def test_compare_writes_each_options_layers_and_figures(tmp_path, capsys, scenario, people, network):
    out, res = tmp_path / "cmp.gpkg", tmp_path / "res"
    assert main(["--lang", "en", "compare", str(SCENARIOS / scenario), "--out", str(res), "--no-maps", "--gpkg", str(out)]) == 0
    assert "GeoPackage written" in capsys.readouterr().out
    figures = _options_json(res)  # the report's own JSON: another writer of the same table
    options = gpd.read_file(out, layer="options").set_index("option")
    assert list(options.index) == list(figures.index)
    for col in (people, "npc_eur", "capex_eur"):
        assert np.allclose(options[col].astype(float), figures[col].astype(float), equal_nan=True)
    finite = figures["cost_per_person_year_eur"].map(lambda v: isinstance(v, (int, float)) and v == v)
    assert np.allclose(
        options.loc[finite, "cost_per_person_year_eur"], figures.loc[finite, "cost_per_person_year_eur"].astype(float)
    )
    assert set(gpd.read_file(out, layer="cost_sources")["case"]) <= set(figures.index) | {"intact", "damaged"}
    names = {name for name, _ in pyogrio.list_layers(out)}
    if network is None:  # a generator base has no network: the figures only
        assert names == {"options", "cost_sources"} and (options["case"].fillna("") == "").all()
        return
    assert options.at["do nothing", "case"] == "damaged"
    for option, case in options["case"].items():
        layer = gpd.read_file(out, layer=f"{network}_{case}")
        if network == "buildings":  # the people kept warm are the buildings heated in that option's layer
            assert layer.loc[layer["service"] == "heated", "people"].sum() == pytest.approx(figures.at[option, people])
        else:  # the option's people served: each junction's people times its delivered share of demand
            req, got = layer["demand_required_m3_per_h"].to_numpy(float), layer["demand_m3_per_h"].to_numpy(float)
            share = np.clip(np.where(req > 0, got / np.where(req > 0, req, 1.0), layer["supplied"].astype(float)), 0, 1)
            assert (layer["population"] * share).sum() == pytest.approx(figures.at[option, people])


def test_heat_sweep_writes_each_buildings_probabilities(tmp_path, capsys):
    out, res = tmp_path / "sweep.gpkg", tmp_path / "res"
    scn = SCENARIOS / "heat_gis_buildings.toml"
    argv = ["--lang", "en", "heat", "sweep", str(scn), "--samples", "3", "--workers", "1", "--quiet", "--out", str(res)]
    assert main([*argv, "--gpkg", str(out)]) == 0 and "GeoPackage written" in capsys.readouterr().out
    samples = pd.read_csv(res / "samples.csv")
    given = gpd.read_file(SCENARIOS / "heat_microdistrict" / "microdistrict.gpkg", layer="buildings")
    from teplovoda.models.gis.export import case_keys

    keys = case_keys(samples["case"].unique())
    assert {f"buildings_{k}" for k in keys.values()} <= {name for name, _ in pyogrio.list_layers(out)}
    for case, rows in samples.groupby("case"):
        b = gpd.read_file(out, layer=f"buildings_{keys[case]}").set_index("id")
        assert b.crs.to_epsg() == 32636 and (b.geom_type == "Polygon").all()
        assert set(b.index) == set(given["id"].astype(str))
        ok = rows[rows["converged"]]
        # expected people without heat over the buildings = the samples' mean (samples.csv, written apart)
        assert b["people_without_mean"].sum() == pytest.approx(ok["people_without_heat"].mean())
        assert ((b["probability_without"] >= 0) & (b["probability_without"] <= 1)).all()
        pipes = gpd.read_file(out, layer=f"pipes_{keys[case]}")
        assert pipes["samples_damaged"].sum() == rows["breaks"].sum()  # every closed route counted once
