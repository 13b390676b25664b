"""Make ``net3_gis.gpkg``: EPANET's Net3 (``Net3.inp``) as GIS layers, the example of ``water_gis_town.toml``.

Run from the repository: ``python scenarios/networks/make_net3_gis.py`` (it overwrites the GeoPackage).

* Net3's schematic coordinates are scaled by :data:`METRES_PER_UNIT` and moved to :data:`ORIGIN_M` in
  UTM zone 36N (EPSG:32636, central Ukraine), a projected CRS in metres.
* ``junctions``, ``reservoirs``, ``tanks``: points at the nodes, with elevation (reservoirs: head), the
  base demand (m3/h) and its demand pattern id (``pattern``: the file's, or its default pattern 1 where the
  file leaves it blank), and the tanks' levels and diameter, all in SI.
* ``pipes``: lines from node to node through the file's vertices, with diameter (mm), Hazen-Williams C,
  initial status and ``inp_length_m``, the file's length. Net3's lengths are not its coordinate
  distances (the drawing is a schematic), so the example's mapping reads this column; a real utility's
  layer would leave ``length`` out and take the geometry's.
* ``pumps``: lines from the suction to the delivery node, with the head curve points (m3/h, m) and
  initial status (pump 10 is closed at the start, as in the file).

* ``net3_patterns.csv`` (``pattern,step,multiplier``): Net3's five demand patterns (1-hour steps, as its
  ``[TIMES]``); ``net3_controls.csv`` (``link,status,condition,node,level_m,time_h``): its simple controls
  (pump 10 by the clock, pump 335 and pipe 330 by tank 1's level, levels in m), read through EPANET's
  toolkit (:meth:`teplovoda.models.water.toolkit.Project.simple_controls`). Net3 has no rule-based controls.

Everything is written in the file's order, with a fixed GeoPackage time stamp, so the output is the same
bytes on every run.
"""

from __future__ import annotations

import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
INP = HERE / "Net3.inp"
OUT = HERE / "net3_gis.gpkg"
PATTERNS = HERE / "net3_patterns.csv"
CONTROLS = HERE / "net3_controls.csv"
#: Metres per unit of Net3's drawing: rounded from the median ratio of its pipe lengths to their coordinate
#: distances (225 m).
METRES_PER_UNIT = 200.0
#: Where the drawing's (0, 0) is put, in UTM zone 36N (m).
ORIGIN_M = (500_000.0, 5_590_000.0)
CRS = "EPSG:32636"


def _xy(x: float, y: float) -> tuple[float, float]:
    return ORIGIN_M[0] + METRES_PER_UNIT * x, ORIGIN_M[1] + METRES_PER_UNIT * y


def _tables(wn) -> None:
    """Net3's patterns and simple controls as the two CSV tables of the mapping (SI)."""
    import csv

    from teplovoda.models.water import toolkit

    with PATTERNS.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["pattern", "step", "multiplier"])
        for name in wn.pattern_name_list:
            for step, m in enumerate(wn.get_pattern(name).multipliers):
                w.writerow([name, step, f"{m:.6g}"])
    project = toolkit.Project.from_file(INP)
    try:
        controls = project.simple_controls()
        kinds = {c["link"]: toolkit.LINK_KIND[project.link_types()[project.link_index(c["link"]) - 1]] for c in controls}
    finally:
        project.close()
    with CONTROLS.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["link", "status", "condition", "node", "level_m", "time_h"])
        for c in controls:
            if kinds[c["link"]] in ("pipe", "pump") and c["setting"] in (0.0, 1.0) or kinds[c["link"]] == "pipe":
                status = "open" if c["setting"] > 0 else "closed"
            else:
                status = f"{c['setting']:.6g}"
            level = f"{c['value']:.6g}" if c["node"] else ""
            time = "" if c["node"] else f"{c['value']:.6g}"
            w.writerow([c["link"], status, c["condition"], c["node"] or "", level, time])


def main() -> None:
    import geopandas as gpd
    import pyogrio

    # GeoPackage stamps each layer with the time it was written: a fixed stamp keeps the file's bytes the same
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2026-01-01T00:00:00Z"})
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
    rows = []
    for n, r in junctions.iterrows():
        (demand,) = wn.get_node(n).demand_timeseries_list  # Net3: one demand per junction
        pattern = demand.pattern_name or wn.options.hydraulic.pattern or ""
        q = demand.base_value * SECONDS_PER_HOUR
        rows.append({"id": n, "elevation_m": r.elevation_m, "demand_m3_per_h": q, "pattern": pattern, "geometry": point[n]})
    layer(rows, "junctions")
    _tables(wn)
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
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes), {PATTERNS.name} and {CONTROLS.name}")  # noqa: T201 - a script's one line of output


if __name__ == "__main__":
    main()
