"""Make ``net3_gis.gpkg``: EPANET's Net3 (``Net3.inp``) as GIS layers, the example of ``water_gis_town.toml``.

Run from the repository: ``python scenarios/networks/make_net3_gis.py`` (it overwrites the GeoPackage).

* Net3's schematic coordinates are scaled by :data:`METRES_PER_UNIT` and moved to :data:`ORIGIN_M` in
  UTM zone 36N (EPSG:32636, central Ukraine), a projected CRS in metres.
* ``junctions``, ``reservoirs``, ``tanks``: points at the nodes, with elevation (reservoirs: head), the
  demand at the file's start time (m3/h) and the tanks' levels and diameter, all in SI.
* ``pipes``: lines from node to node through the file's vertices, with diameter (mm), Hazen-Williams C,
  initial status and ``inp_length_m``, the file's length. Net3's lengths are not its coordinate
  distances (the drawing is a schematic), so the example's mapping reads this column; a real utility's
  layer would leave ``length`` out and take the geometry's.
* ``pumps``: lines from the suction to the delivery node, with the head curve points (m3/h, m) and
  initial status (pump 10 is closed at the start, as in the file).

Net3's controls and patterns are not layers: the example is the start time's steady state.
"""

from __future__ import annotations

import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
INP = HERE / "Net3.inp"
OUT = HERE / "net3_gis.gpkg"
#: Metres per unit of Net3's drawing: rounded from the median ratio of its pipe lengths to their coordinate
#: distances (225 m).
METRES_PER_UNIT = 200.0
#: Where the drawing's (0, 0) is put, in UTM zone 36N (m).
ORIGIN_M = (500_000.0, 5_590_000.0)
CRS = "EPSG:32636"


def _xy(x: float, y: float) -> tuple[float, float]:
    return ORIGIN_M[0] + METRES_PER_UNIT * x, ORIGIN_M[1] + METRES_PER_UNIT * y


def main() -> None:
    import geopandas as gpd
    import shapely
    import wntr

    from teplovoda.models.units import MM_PER_M, SECONDS_PER_HOUR
    from teplovoda.models.water.epanet import read_inp

    net = read_inp(INP)  # SI tables, and each junction's demand at the start time
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wn = wntr.network.WaterNetworkModel(str(INP))  # SI: roughness, pump curves, vertices
    nodes = net.nodes
    point = {n: shapely.Point(_xy(x, y)) for n, x, y in zip(nodes.index, nodes["x_m"], nodes["y_m"])}

    def layer(rows: list[dict], name: str) -> None:
        gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS).to_file(OUT, layer=name, driver="GPKG", engine="pyogrio")

    OUT.unlink(missing_ok=True)
    junctions = nodes[nodes["kind"] == "junction"]
    layer(
        [
            {"id": n, "elevation_m": r.elevation_m, "demand_m3_per_h": r.demand_m3_per_h, "geometry": point[n]}
            for n, r in junctions.iterrows()
        ],
        "junctions",
    )
    layer(
        [{"id": n, "head_m": r.elevation_m, "geometry": point[n]} for n, r in nodes[nodes["kind"] == "reservoir"].iterrows()],
        "reservoirs",
    )
    layer(
        [
            {
                "id": n,
                "elevation_m": t.elevation_m,
                "level_m": t.level_m,
                "min_level_m": t.min_level_m,
                "max_level_m": t.max_level_m,
                "diameter_m": t.diameter_m,
                "geometry": point[n],
            }
            for n, t in net.tanks.iterrows()
        ],
        "tanks",
    )
    pipes = []
    for name, r in net.pipes().iterrows():
        vertices = [_xy(*v) for v in wn.get_link(name).vertices]
        line = shapely.LineString([point[r.from_node].coords[0], *vertices, point[r.to_node].coords[0]])
        pipes.append(
            {
                "id": name,
                "diameter_mm": round(r.diameter_m * MM_PER_M, 3),
                "hw_c": wn.get_link(name).roughness,
                "status": "open" if r.open else "closed",
                "inp_length_m": r.length_m,
                "geometry": line,
            }
        )
    layer(pipes, "pipes")
    pumps = []
    for name in net.pumps():
        r, pump = net.links.loc[name], wn.get_link(name)
        curve = wn.get_curve(pump.pump_curve_name).points
        pumps.append(
            {
                "id": name,
                "curve_flow_m3_per_h": " ".join(f"{q * SECONDS_PER_HOUR:.6g}" for q, _ in curve),
                "curve_head_m": " ".join(f"{h:.6g}" for _, h in curve),
                "status": "open" if r.open else "closed",
                "geometry": shapely.LineString([point[r.from_node].coords[0], point[r.to_node].coords[0]]),
            }
        )
    layer(pumps, "pumps")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")  # noqa: T201 - a script's one line of output


if __name__ == "__main__":
    main()
