"""Make ``microdistrict.gpkg``: the heat microdistrict's CSV route tables as GIS layers (``heat_gis_microdistrict.toml``).

Run from the repository: ``python scenarios/heat_microdistrict/make_gis.py`` (it overwrites the GeoPackage).
The tables' local metres (x_m, y_m) are moved to :data:`ORIGIN_M` in UTM zone 36N (EPSG:32636); nodes
become points, pipes straight lines between their nodes (their lengths are the CSV's: the drawing is to
scale but for three 45 m service pipes drawn 48.9 m long), consumers points at their nodes with the
CSV's columns. The CSV's ``length_m`` is kept as ``csv_length_m``; the example's mapping leaves it
out, so the geometry gives the lengths.

The ``buildings`` layer (``microdistrict_buildings_gis.toml``, ``heat_gis_buildings.toml``) draws the same
consumers as rectangles centred on their nodes, without ``design_heat_kw``: each has the storeys and year of
:data:`BUILDINGS` and the length that makes footprint x storeys x the default specific load at
:data:`DESIGN_TEMP_C` (:mod:`teplovoda.models.heat.building_loads`) equal its CSV load. Run with the
``teplovoda`` namespace importable (``PYTHONPATH=.shim:.``).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "microdistrict.gpkg"
ORIGIN_M = (500_000.0, 5_590_000.0)
CRS = "EPSG:32636"
#: building type -> (storeys, year built, width in m) of the rectangles of the buildings layer
BUILDINGS = {"apartment_block": (9, 1975, 12.0), "school": (3, 1980, 18.0), "hospital": (5, 1990, 16.0)}
#: the scenario's design outdoor temperature (Climate's default; heat_gis_buildings.toml has no [climate])
DESIGN_TEMP_C = -22.0


def main() -> None:
    import geopandas as gpd
    import pandas as pd
    import shapely

    nodes = pd.read_csv(HERE / "nodes.csv", dtype={"name": str})
    pipes = pd.read_csv(HERE / "pipes.csv", dtype={"name": str, "from_node": str, "to_node": str})
    consumers = pd.read_csv(HERE / "consumers.csv", dtype={"name": str, "node": str})
    point = {n: shapely.Point(ORIGIN_M[0] + x, ORIGIN_M[1] + y) for n, x, y in zip(nodes["name"], nodes["x_m"], nodes["y_m"])}
    OUT.unlink(missing_ok=True)

    def layer(table: pd.DataFrame, geometry: list, name: str) -> None:
        gdf = gpd.GeoDataFrame(table.rename(columns={"name": "id"}), geometry=geometry, crs=CRS)
        gdf.to_file(OUT, layer=name, driver="GPKG", engine="pyogrio")

    layer(nodes.drop(columns=["x_m", "y_m"]), [point[n] for n in nodes["name"]], "nodes")
    lines = [shapely.LineString([point[a], point[b]]) for a, b in zip(pipes["from_node"], pipes["to_node"])]
    layer(pipes.drop(columns=["from_node", "to_node"]).rename(columns={"length_m": "csv_length_m"}), lines, "pipes")
    layer(consumers.drop(columns=["node"]), [point[n] for n in consumers["node"]], "consumers")
    buildings = consumers.drop(columns=["node", "design_heat_kw"])
    kind = consumers["building_type"].map(BUILDINGS)
    buildings["storeys"] = [k[0] for k in kind]
    buildings["year_built"] = [k[1] for k in kind]
    outlines = [_outline(point[n], r.building_type, r.design_heat_kw) for n, r in zip(consumers["node"], consumers.itertuples())]
    layer(buildings, outlines, "buildings")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")  # noqa: T201 - a script's one line of output


def _outline(centre, building_type: str, design_heat_kw: float):
    """A rectangle centred on ``centre``: ``width`` across, as long as the load needs (see the module doc)."""
    import shapely

    from teplovoda.models.heat import building_loads

    storeys, year, width = BUILDINGS[building_type]
    per_m2_kw = building_loads.design_heat_kw(building_loads.default_table(), building_type, 1.0, storeys, year, DESIGN_TEMP_C)
    length = design_heat_kw / per_m2_kw / width
    return shapely.box(centre.x - length / 2, centre.y - width / 2, centre.x + length / 2, centre.y + width / 2)


if __name__ == "__main__":
    main()
