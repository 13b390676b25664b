"""Make ``microdistrict.gpkg``: the heat microdistrict's CSV route tables as GIS layers (``heat_gis_microdistrict.toml``).

Run from the repository: ``python scenarios/heat_microdistrict/make_gis.py`` (it overwrites the GeoPackage).
The tables' local metres (x_m, y_m) are moved to :data:`ORIGIN_M` in UTM zone 36N (EPSG:32636); nodes
become points, pipes straight lines between their nodes (their lengths are the CSV's: the drawing is to
scale but for three 45 m service pipes drawn 48.9 m long), consumers points at their nodes with the
CSV's columns. The CSV's ``length_m`` is kept as ``csv_length_m``; the example's mapping leaves it
out, so the geometry gives the lengths.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "microdistrict.gpkg"
ORIGIN_M = (500_000.0, 5_590_000.0)
CRS = "EPSG:32636"


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
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")  # noqa: T201 - a script's one line of output


if __name__ == "__main__":
    main()
