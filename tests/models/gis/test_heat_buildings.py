"""Buildings' heat loads from floor area x storeys x a specific load by type and age (issue 18, point 1).

References: hand arithmetic on the polygons' coordinates and the figures of SNiP 2.04.07-86* appendix 2
written out here; the shipped network (``heat_gis_microdistrict.toml``, loads given) against the same network
whose buildings are outlines whose estimated loads equal the given ones (``heat_gis_buildings.toml``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.gis.heat import read_heat_gis_tables
from teplovoda.models.heat.scenario import load_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[3]
DISTRICT = ROOT / "scenarios" / "heat_microdistrict"
MAPPING = DISTRICT / "microdistrict_buildings_gis.toml"
#: SNiP 2.04.07-86* appendix 2, W per m2 of total area at -20 and -25 °C, by hand
SNIP = {("before_1985", "5+"): (79.0, 86.0), ("from_1985", "1-2"): (166.0, 173.0), ("from_1985", "3-4"): (91.0, 97.0)}


def _at(t_c: float, pair: tuple[float, float]) -> float:
    """Linear between the -20 and -25 °C columns."""
    return pair[0] + (pair[1] - pair[0]) * (-20.0 - t_c) / 5.0


def _box_area(poly) -> float:
    xs, ys = zip(*poly.exterior.coords)
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def test_estimates_are_footprint_times_storeys_times_the_snip_load():
    tables = read_heat_gis_tables(MAPPING, -22.0)
    c = tables["consumers"].set_index("name")
    layer = gpd.read_file(DISTRICT / "microdistrict.gpkg", layer="buildings").set_index("id")
    assert c["heat_load_estimated"].all()
    # a 9-storey block of 1975: per m2 of total area, 0.8 of the gross floor area
    area = _box_area(layer.geometry["B0N1"])
    assert c.at["B0N1", "design_heat_kw"] == pytest.approx(area * 9 * 0.8 * _at(-22.0, SNIP[("before_1985", "5+")]) / 1000)
    assert c.at["B0N1", "floor_area_m2"] == pytest.approx(area * 9)
    # the school (3 storeys) and the hospital: the table's derived per-gross-m2 figures, 73.4/76.6 and 115.0/119.4
    school = next(n for n in c.index if c.at[n, "building_type"] == "school")
    hospital = next(n for n in c.index if c.at[n, "building_type"] == "hospital")
    assert c.at[school, "design_heat_kw"] == pytest.approx(_box_area(layer.geometry[school]) * 3 * _at(-22, (73.4, 76.6)) / 1e3)
    assert c.at[hospital, "design_heat_kw"] == pytest.approx(
        _box_area(layer.geometry[hospital]) * 5 * _at(-22, (115.0, 119.4)) / 1e3
    )
    # the outlines were drawn so that the estimates are the CSV's loads; centroids snap to the CSV's nodes
    csv = pd.read_csv(DISTRICT / "consumers.csv", dtype={"name": str, "node": str}).set_index("name")
    assert (c.loc[csv.index, "node"] == csv["node"]).all()
    assert c.loc[csv.index, "design_heat_kw"].to_numpy() == pytest.approx(csv["design_heat_kw"].to_numpy(), rel=1e-9)


def test_buildings_as_outlines_give_the_shipped_networks_results():
    given = run_scenario(load_scenario(ROOT / "scenarios" / "heat_gis_microdistrict.toml")).summary()
    outlines = run_scenario(load_scenario(ROOT / "scenarios" / "heat_gis_buildings.toml")).summary()
    assert list(given.columns) == list(outlines.columns)
    pd.testing.assert_frame_equal(given, outlines, check_exact=False, rtol=1e-6, atol=1e-6)


def _folder(tmp_path: Path, change=None, mapping_extra: str = "", table: str | None = None) -> Path:
    """A copy of the example whose first building (``B0N1``) is changed by ``change(gdf)``; returns the mapping."""
    folder = tmp_path / "d"
    folder.mkdir()
    gpkg = folder / "microdistrict.gpkg"
    shutil.copy(DISTRICT / "microdistrict.gpkg", gpkg)
    if change is not None:
        gdf = gpd.read_file(gpkg, layer="buildings")
        change(gdf)
        gdf.to_file(gpkg, layer="buildings", driver="GPKG", engine="pyogrio")
    if table is not None:
        (folder / "loads.csv").write_text(table)
    text = MAPPING.read_text().replace('year_built = "year_built"', f'year_built = "year_built"\n{mapping_extra}')
    (folder / "m.toml").write_text(text)
    return folder / "m.toml"


def _set(**values):
    def change(gdf):
        for column, value in values.items():
            gdf[column] = gdf[column].astype(object) if isinstance(value, str) or value is None else gdf[column]
            gdf.loc[0, column] = value

    return change


@pytest.mark.parametrize(
    ("change", "extra", "t_c", "expected_w_per_m2"),
    [
        (_set(storeys=2, year_built=1990), "", -25.0, 0.8 * 173.0),
        (_set(storeys=4, year_built=2001), "", -18.0, 0.8 * 91.0),  # warmer than -20: the -20 column
        (_set(storeys=9), "[consumers.specific_load_w_per_m2]\napartment_block = 95.0", -22.0, 95.0),
        (_set(building_type="kindergarten", storeys=2), "", -20.0, 79.0),
    ],
    ids=["from_1985_two_storeys", "warmer_than_the_table", "override", "kindergarten"],
)
def test_load_by_type_age_storeys_and_temperature(tmp_path, change, extra, t_c, expected_w_per_m2):
    mapping = _folder(tmp_path, change, extra)
    b = read_heat_gis_tables(mapping, t_c)["consumers"].set_index("name").loc["B0N1"]
    area = _box_area(gpd.read_file(DISTRICT / "microdistrict.gpkg", layer="buildings").geometry[0])
    assert b["design_heat_kw"] == pytest.approx(area * b["storeys"] * expected_w_per_m2 / 1000)


def test_a_table_of_ones_own_and_a_given_load_beside_estimates(tmp_path):
    table = (
        "building_type,built_from,built_to,storeys_from,storeys_to,design_outdoor_temp_c,w_per_m2,area_share\n"
        "apartment_block,,,,,-30,120,0.5\napartment_block,,,,,-10,100,0.5\n"
        "school,,,,,-20,70,1\nhospital,,,,,-20,110,1\n"
    )
    mapping = _folder(tmp_path, lambda g: g.insert(0, "heat_load_kw", [123.0] + [None] * (len(g) - 1)),
                      'specific_load_table = "loads.csv"\nheat_load_kw = "heat_load_kw"', table)  # fmt: skip
    c = read_heat_gis_tables(mapping, -22.0)["consumers"].set_index("name")
    assert c.at["B0N1", "design_heat_kw"] == 123.0 and not c.at["B0N1", "heat_load_estimated"]
    area = _box_area(gpd.read_file(DISTRICT / "microdistrict.gpkg", layer="buildings").geometry[1])
    assert c.at["B0N2", "design_heat_kw"] == pytest.approx(area * 9 * 0.5 * (100 + 20 * 12 / 20) / 1000)


@pytest.mark.parametrize(
    ("change", "extra", "t_c", "expected"),
    [
        (_set(storeys=None), "", -22.0, ["column 'storeys'", "missing storeys"]),
        (_set(storeys=2.5), "", -22.0, ["column 'storeys'", "whole number"]),
        (_set(building_type="garage"), "", -22.0, ["column 'building_type'", "no specific load for building type 'garage'"]),
        (_set(year_built=None), "", -22.0, ["column 'year_built'", "year built"]),
        (lambda g: g.insert(0, "area", [0.0] * len(g)), 'footprint_area = "area"', -22.0, ["column 'area'", "> 0 m2"]),
        (lambda g: g.set_geometry(g.geometry.centroid, inplace=True), "", -22.0, ["point has no footprint"]),
        (None, "", -31.0, ["colder than the specific-load table's coldest, -25 °C"]),
    ],
    ids=["missing_storeys", "half_storey", "unknown_type", "missing_year", "zero_area", "point", "too_cold"],
)
def test_bad_buildings_name_the_layer_feature_and_column(tmp_path, change, extra, t_c, expected):
    mapping = _folder(tmp_path, change, extra)
    with pytest.raises(InputError) as err:
        read_heat_gis_tables(mapping, t_c)
    text = str(err.value)
    assert "\n" not in text and "[consumers] layer 'buildings' of microdistrict.gpkg feature 'B0N1'" in text, text
    for part in expected:
        assert part in text, text


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("apartment_block,,1984,1,2,-20,-5,0.8", "loads.csv row 2: w_per_m2 must be > 0"),
        ("apartment_block,x,1984,1,2,-20,80,0.8", "loads.csv row 2 column built_from: expected a number, got 'x'"),
    ],
    ids=["negative_load", "text_year"],
)
def test_a_bad_table_of_ones_own_is_one_line(tmp_path, row, expected):
    header = "building_type,built_from,built_to,storeys_from,storeys_to,design_outdoor_temp_c,w_per_m2,area_share\n"
    mapping = _folder(tmp_path, None, 'specific_load_table = "loads.csv"', header + row + "\n")
    with pytest.raises(InputError) as err:
        read_heat_gis_tables(mapping, -22.0)
    assert "\n" not in str(err.value) and expected in str(err.value) and str(mapping) in str(err.value)
