"""Network maps (PNG) for the command line and the app."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from models.water import metrics  # noqa: E402

NO_WATER_COLOUR = "#222222"
DAMAGE_COLOUR = "#d62728"
CLOSED_COLOUR = "#9e9e9e"


def _finish_map(fig, ax, handles, path) -> None:
    """Legend, equal axes without ticks, write the PNG and free the figure."""
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.85)
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _coordinates(net):
    """x, y per junction index; junctions without coordinates get a spring layout."""
    xy = {}
    if "junction_geodata" in net and len(net.junction_geodata):
        g = net.junction_geodata
        xy = {i: (float(x), float(y)) for i, x, y in zip(g.index, g["x"], g["y"]) if np.isfinite(x) and np.isfinite(y)}
    if len(xy) < len(net.junction):
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(net.junction.index)
        for tbl, f, t in (
            ("pipe", "from_junction", "to_junction"),
            ("pump", "from_junction", "to_junction"),
            ("press_control", "from_junction", "to_junction"),
            ("valve", "junction", "element"),
        ):
            if tbl in net and len(net[tbl]):
                graph.add_edges_from(zip(net[tbl][f], net[tbl][t]))
        pos = nx.spring_layout(graph, pos=xy or None, fixed=list(xy) or None, seed=1)
        xy = {i: tuple(pos[i]) for i in net.junction.index}
    return xy


def water_map(run, path, *, title: str | None = None) -> None:
    """Write a PNG map of the damaged network coloured by pressure, damage marked.

    Pipes take the mean pressure of their end nodes; nodes without water are black; damaged
    elements are red (broken pipes with an X at the break, closed pipes dashed, lost pumps and
    sources as red squares).
    """
    net = run.net_damaged
    res = run.damaged
    xy = _coordinates(net)
    names = net.junction["name"].astype(str)
    idx_of = dict(zip(names, net.junction.index))
    pressure = res.junctions["pressure_m"]
    p_by_idx = {idx_of[n]: pressure.get(n, np.nan) for n in names}
    fig, ax = plt.subplots(figsize=(11, 8.5), dpi=110)
    finite = np.array([v for v in p_by_idx.values() if np.isfinite(v)])
    vmax = max(float(np.nanpercentile(finite, 98)) if len(finite) else 1.0, res.options.required_pressure_m * 1.5)
    norm = matplotlib.colors.Normalize(vmin=0.0, vmax=vmax)
    cmap = plt.get_cmap("viridis")

    damaged = set(net["damage"]["element"]) if "damage" in net else set()
    segs, cols, styles = [], [], []
    for tbl, f, t in (
        ("pipe", "from_junction", "to_junction"),
        ("press_control", "from_junction", "to_junction"),
        ("valve", "junction", "element"),
    ):
        if tbl not in net or not len(net[tbl]):
            continue
        for name, a, b, on in zip(
            net[tbl]["name"].astype(str), net[tbl][f], net[tbl][t], net[tbl]["in_service" if tbl != "valve" else "opened"]
        ):
            if name.startswith("__"):
                continue
            segs.append([xy[a], xy[b]])
            pa, pb = p_by_idx.get(a, np.nan), p_by_idx.get(b, np.nan)
            p = np.nanmean([pa, pb]) if np.isfinite(pa) or np.isfinite(pb) else np.nan
            base = name.removesuffix("_b")
            if base in damaged:
                cols.append(DAMAGE_COLOUR)
                styles.append("dashed" if not on else "solid")
            elif not on:
                cols.append(CLOSED_COLOUR)
                styles.append("dashed")
            else:
                cols.append(cmap(norm(p)) if np.isfinite(p) else NO_WATER_COLOUR)
                styles.append("solid")
    ax.add_collection(LineCollection(segs, colors=cols, linestyles=styles, linewidths=2.0, zorder=1))

    demand = metrics.demand_nodes(res.junctions)
    dx = np.array([xy[idx_of[n]] for n in demand.index]).reshape(-1, 2)
    dp = demand["pressure_m"].to_numpy(float)
    served = metrics.service_class(res.junctions).reindex(demand.index).to_numpy()
    pop = demand["population"].to_numpy(float)
    size = 12 + 60 * np.sqrt(pop / pop.max()) if len(pop) and pop.max() > 0 else np.full(len(demand), 20.0)
    ok = np.isfinite(dp) & (served != "none")
    sc = ax.scatter(
        dx[ok, 0], dx[ok, 1], c=dp[ok], cmap=cmap, norm=norm, s=size[ok], edgecolors="white", linewidths=0.4, zorder=3
    )
    ax.scatter(dx[~ok, 0], dx[~ok, 1], c=NO_WATER_COLOUR, s=size[~ok], marker="o", zorder=3)
    brk = demand.index[demand["type"] == "break"]
    for n in brk:
        x, y = xy[idx_of[n]]
        ax.scatter([x], [y], marker="X", s=220, c=DAMAGE_COLOUR, edgecolors="white", zorder=5)
        ax.annotate(
            f"break {n.removesuffix('_break')}",
            (x, y),
            xytext=(6, 6),
            textcoords="offset points",
            color=DAMAGE_COLOUR,
            fontsize=9,
            weight="bold",
        )
    for _, eg in net.ext_grid[net.ext_grid["kind"].isin(["reservoir", "tank"])].iterrows():
        x, y = xy[eg.junction]
        lost = not eg.in_service
        ax.scatter(
            [x],
            [y],
            marker="s" if eg.kind == "reservoir" else "^",
            s=140,
            c=DAMAGE_COLOUR if lost else "#1f77b4",
            edgecolors="black",
            zorder=4,
        )
        ax.annotate(f"{eg['name']}{' (lost)' if lost else ''}", (x, y), xytext=(6, -12), textcoords="offset points", fontsize=8)
    if "pump" in net and len(net.pump):
        for _, pu in net.pump.iterrows():
            (x1, y1), (x2, y2) = xy[pu.from_junction], xy[pu.to_junction]
            lost = pu["name"] in damaged
            colour = DAMAGE_COLOUR if lost else ("#ff7f0e" if pu.in_service else CLOSED_COLOUR)
            ax.scatter([(x1 + x2) / 2], [(y1 + y2) / 2], marker="P", s=150, c=colour, edgecolors="black", zorder=4)
            ax.annotate(
                f"pump {pu['name']}{' (no power)' if lost else '' if pu.in_service else ' (off)'}",
                ((x1 + x2) / 2, (y1 + y2) / 2),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=8,
            )
    fig.colorbar(sc, ax=ax, shrink=0.7, label="pressure at node, m (head above ground)")
    s = metrics.people_served(res.junctions)
    ax.set_title(title or run.scenario.scenario.name, fontsize=13, loc="left")
    ax.text(
        0.0,
        -0.06,
        f"people without water {s['people_without']:,.0f} · partly served {s['people_partial']:,.0f} · "
        f"fully served {s['people_full']:,.0f} of {s['people_total']:,.0f} · "
        f"leak {metrics.leak_outflow_m3_per_h(res.junctions):,.0f} m3/h",
        transform=ax.transAxes,
        fontsize=10,
    )
    handles = [
        Line2D([], [], marker="o", ls="", color=NO_WATER_COLOUR, label="node without water"),
        Line2D([], [], color=DAMAGE_COLOUR, lw=2, label="damaged link"),
        Line2D([], [], color=CLOSED_COLOUR, lw=2, ls="--", label="closed link (by operation)"),
        Line2D([], [], marker="X", ls="", color=DAMAGE_COLOUR, ms=10, label="pipe break (leak)"),
        Line2D([], [], marker="s", ls="", color="#1f77b4", label="reservoir"),
        Line2D([], [], marker="^", ls="", color="#1f77b4", label="tank"),
        Line2D([], [], marker="P", ls="", color="#ff7f0e", label="pump"),
    ]
    _finish_map(fig, ax, handles, path)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")[:40]


def heat_map(net, result, path, *, title: str) -> None:
    """Write a PNG map of a heat network coloured by supply temperature; sources, cuts and cold buildings marked."""
    nodes = net["route_nodes"].set_index("name")
    xy = {n: (float(r.x_m), float(r.y_m)) for n, r in nodes.iterrows()}
    fig, ax = plt.subplots(figsize=(11, 8), dpi=110)
    cmap = plt.get_cmap("coolwarm")
    tmax = max(float(np.nanmax(result.pipes["inlet_temp_c"].to_numpy(), initial=0.0)), 60.0)
    norm = matplotlib.colors.Normalize(vmin=20.0, vmax=tmax)
    sup = result.pipes[result.pipes["line"] == "supply"]
    routes = net.pipe[net.pipe["line"] == "supply"].set_index("route")
    jn = net.junction["name"].str[2:]
    segs, cols, styles, widths = [], [], [], []
    for _, row in sup.iterrows():
        route = row["route"]
        r = routes.loc[route]
        a, b = jn[r.from_junction], jn[r.to_junction]
        segs.append([xy[a], xy[b]])
        if not r.in_service:  # closed in the scenario (damage or an option's island cut)
            cols.append(DAMAGE_COLOUR)
            styles.append("dashed")
        elif np.isfinite(row["inlet_temp_c"]) and row["flow_m3_per_h"] > 1e-6:
            cols.append(cmap(norm(row["inlet_temp_c"])))
            styles.append("solid")
        else:
            cols.append(NO_WATER_COLOUR)
            styles.append("dotted")
        widths.append(1.0 + 4.0 * float(r.inner_diameter_mm) / 500.0)
    ax.add_collection(LineCollection(segs, colors=cols, linestyles=styles, linewidths=widths, zorder=1))
    c = result.consumers
    cx = np.array([xy[n] for n in c["node"]])
    heated = c["delivered_fraction"].to_numpy() > 0
    size = 30 + 120 * c["people"].to_numpy() / max(c["people"].max(), 1.0)
    ax.scatter(
        cx[heated, 0],
        cx[heated, 1],
        c=c["supply_temp_c"].to_numpy()[heated],
        cmap=cmap,
        norm=norm,
        s=size[heated],
        marker="s",
        edgecolors="black",
        linewidths=0.5,
        zorder=3,
    )
    ax.scatter(cx[~heated, 0], cx[~heated, 1], c=NO_WATER_COLOUR, s=size[~heated], marker="s", zorder=3)
    for name, row in c.iterrows():
        if row["building_type"] != "apartment_block":
            x, y = xy[row["node"]]
            ax.annotate(
                f"{name} ({row['delivered_fraction']:.0%})", (x, y), xytext=(6, 4), textcoords="offset points", fontsize=8
            )
    for name, s in result.sources.iterrows():
        x, y = xy[s["node"]]
        lost = s["role"] == "off"
        ax.scatter([x], [y], marker="*", s=380, c=DAMAGE_COLOUR if lost else "#ff7f0e", edgecolors="black", zorder=5)
        label = f"{name}: {'out' if lost else f'{s.heat_kw:,.0f} kW at {s.supply_temp_c:.0f} °C'}"
        ax.annotate(
            label, (x, y), xytext=(8, -14), textcoords="offset points", fontsize=8, color=DAMAGE_COLOUR if lost else "black"
        )
    fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7, label="supply temperature, °C")
    t = result.totals
    ax.set_title(title, fontsize=12, loc="left")
    ax.text(
        0.0,
        -0.06,
        f"outdoor {t['outdoor_temp_c']:.0f} °C · heated {t['people_heated']:,.0f} · underheated "
        f"{t['people_underheated']:,.0f} · without heat {t['people_without_heat']:,.0f} of {t['people_total']:,.0f} people",
        transform=ax.transAxes,
        fontsize=10,
    )
    handles = [
        Line2D([], [], marker="s", ls="", color=NO_WATER_COLOUR, label="building without heat"),
        Line2D([], [], color=DAMAGE_COLOUR, lw=2, ls="--", label="pipe closed (break or island cut)"),
        Line2D([], [], color=NO_WATER_COLOUR, lw=2, ls=":", label="no circulation"),
        Line2D([], [], marker="*", ls="", color="#ff7f0e", ms=12, label="heat source"),
        Line2D([], [], marker="*", ls="", color=DAMAGE_COLOUR, ms=12, label="source out"),
    ]
    _finish_map(fig, ax, handles, path)


def heat_delivered_chart(results: dict, path) -> None:
    """Bar chart: heat delivered per building in every case, against its demand."""
    labels = list(results)
    first = next(iter(results.values())).consumers
    names = first.index.tolist()
    fig, ax = plt.subplots(figsize=(max(10, len(names) * 0.32), 5.5), dpi=110)
    width = 0.8 / len(labels)
    x = np.arange(len(names))
    ax.bar(x, first["demand_kw"], width=0.9, color="none", edgecolor="black", linewidth=0.8, label="demand")
    for k, label in enumerate(labels):
        ax.bar(x - 0.4 + width * (k + 0.5), results[label].consumers["delivered_kw"].reindex(names), width=width, label=label)
    ax.set_xticks(x)
    ax.set_xticklabels(names, rotation=90, fontsize=7)
    ax.set_ylabel("heat delivered, kW")
    ax.set_title("Heat delivered per building", loc="left")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
