"""A generated Soviet-era microdistrict: the shipped example's network and the benchmark's larger ones.

Layout: a boiler house west of a main street; the trunk main runs east along it; at every block
column a cross street branches north and south; each apartment block hangs on its cross street by a
service pipe. Blocks next to the main street are nine-storey (about 400 residents, 700 kW design
load, 144 flats of 55 m2 at about 90 W/m2 peak), the others five-storey (200 residents, 360 kW).
Schools (450 kW, 800 pupils) and a hospital (900 kW, 400 patients and night staff) sit at chosen
cross-street ends; their pupils and patients are the ``pupils`` and ``patients`` columns, not
``people`` (residents), since they live in the blocks (issue 16).

Pipes are sized from the design load downstream (standard inner diameters, at most 1.5 m/s at a
25 K design spread); heat loss per pipe ``0.4 + 1.6 D`` W/(m K) with D in m, an assumption for
channel-laid pipes with aged mineral-wool insulation (pre-insulated pipes: 0.15-0.3 W/(m K)).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

STANDARD_INNER_DIAMETERS_MM = (50, 65, 80, 100, 125, 150, 200, 250, 300, 350, 400, 500, 600, 700, 800, 1000)
MAX_VELOCITY_M_PER_S = 1.5
DESIGN_SPREAD_K = 25.0
CP_J_PER_KG_K = 4190.0
RHO_KG_PER_M3 = 975.0
COLUMN_SPACING_M = 90.0
ROW_SPACING_M = 70.0
SERVICE_PIPE_M = 25.0
BUILDINGS = {
    "block9": {"building_type": "apartment_block", "design_heat_kw": 700.0, "people": 400.0, "pupils": 0.0, "patients": 0.0},
    "block5": {"building_type": "apartment_block", "design_heat_kw": 360.0, "people": 200.0, "pupils": 0.0, "patients": 0.0},
    # pupils and patients live in the apartment blocks: counted apart from residents (``people``), never twice
    "school": {"building_type": "school", "design_heat_kw": 450.0, "people": 0.0, "pupils": 800.0, "patients": 0.0},
    "hospital": {"building_type": "hospital", "design_heat_kw": 900.0, "people": 0.0, "pupils": 0.0, "patients": 400.0},
}


def pipe_diameter_mm(design_heat_kw: float) -> float:
    """Smallest standard inner diameter carrying ``design_heat_kw`` at <= 1.5 m/s and a 25 K spread."""
    q = design_heat_kw * 1e3 / (CP_J_PER_KG_K * DESIGN_SPREAD_K * RHO_KG_PER_M3)
    for d in STANDARD_INNER_DIAMETERS_MM:
        if q / (math.pi / 4 * (d / 1000) ** 2) <= MAX_VELOCITY_M_PER_S:
            return float(d)
    return float(STANDARD_INNER_DIAMETERS_MM[-1])


def generate_microdistrict(
    columns: int = 8,
    rows_north: int = 3,
    rows_south: int = 2,
    *,
    schools: tuple[tuple[int, str], ...] = ((2, "south"), (5, "south")),
    hospitals: tuple[tuple[int, str], ...] = ((6, "north"),),
    plant_capacity_kw: float | None = None,
):
    """Route tables (nodes, pipes, consumers, sources) of a microdistrict (see module doc).

    The default is the shipped example: 8 columns x 5 rows = 40 blocks, two schools, a hospital.
    """
    nodes, pipes, consumers = [], [], []
    y0 = 0.0
    nodes.append({"name": "BH", "x_m": -COLUMN_SPACING_M, "y_m": y0})
    prev = "BH"
    for c in range(columns):
        m = f"M{c}"
        nodes.append({"name": m, "x_m": c * COLUMN_SPACING_M, "y_m": y0})
        pipes.append({"name": f"{prev}-{m}", "from_node": prev, "to_node": m, "length_m": COLUMN_SPACING_M})
        prev = m
        for side, nrows, sign in (("north", rows_north, 1), ("south", rows_south, -1)):
            up = m
            for r in range(1, nrows + 1):
                s = f"C{c}{side[0].upper()}{r}"
                y = sign * r * ROW_SPACING_M
                nodes.append({"name": s, "x_m": c * COLUMN_SPACING_M, "y_m": y})
                pipes.append({"name": f"{up}-{s}", "from_node": up, "to_node": s, "length_m": ROW_SPACING_M})
                up = s
                b = f"B{c}{side[0].upper()}{r}"
                nodes.append({"name": b, "x_m": c * COLUMN_SPACING_M + SERVICE_PIPE_M, "y_m": y})
                pipes.append({"name": f"{s}-{b}", "from_node": s, "to_node": b, "length_m": SERVICE_PIPE_M})
                kind = "block9" if r == 1 else "block5"
                consumers.append({"name": b, "node": b, **BUILDINGS[kind]})
            for kind, places in (("school", schools), ("hospital", hospitals)):
                for col, where in places:
                    if col == c and where == side:
                        name = f"{kind.capitalize()}{c}{side[0].upper()}"
                        x, y = c * COLUMN_SPACING_M - SERVICE_PIPE_M, sign * (nrows + 0.6) * ROW_SPACING_M
                        nodes.append({"name": name, "x_m": x, "y_m": y})
                        pipes.append({"name": f"{up}-{name}", "from_node": up, "to_node": name, "length_m": 45.0})
                        consumers.append({"name": name, "node": name, **BUILDINGS[kind]})
    nodes = pd.DataFrame(nodes)
    pipes = pd.DataFrame(pipes)
    consumers = pd.DataFrame(consumers)
    # size pipes by the design load downstream (the tree is rooted at the boiler house)
    load = consumers.groupby("node")["design_heat_kw"].sum().to_dict()
    children: dict[str, list[str]] = {}
    for f, t in zip(pipes["from_node"], pipes["to_node"]):
        children.setdefault(f, []).append(t)

    def downstream(n: str) -> float:
        return load.get(n, 0.0) + sum(downstream(k) for k in children.get(n, []))

    totals = {n: downstream(n) for n in nodes["name"]}
    pipes["diameter_mm"] = [pipe_diameter_mm(totals[t]) for t in pipes["to_node"]]
    pipes["roughness_mm"] = 0.5
    pipes["heat_loss_w_per_m_k"] = np.round(0.4 + 1.6 * pipes["diameter_mm"] / 1000.0, 3)
    cap = (
        plant_capacity_kw if plant_capacity_kw is not None else math.ceil(consumers["design_heat_kw"].sum() * 1.15 / 1000) * 1000
    )
    sources = pd.DataFrame([{"name": "boiler_house", "node": "BH", "kind": "central_plant", "capacity_kw": float(cap)}])
    return nodes, pipes, consumers, sources
