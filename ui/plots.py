"""Network maps (PNG) for the command line and the app.

Every label, legend entry and note is in the current language (:func:`teplovoda.ui.i18n.t`: the CLI's
``--lang``, the report's ``lang``), numbers as the language writes them; names from the network and the
scenario stay as written there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402
from matplotlib.ticker import Formatter, MaxNLocator  # noqa: E402

from teplovoda.models.gis import geographic  # noqa: E402
from teplovoda.models.water import metrics  # noqa: E402
from teplovoda.ui.i18n import local_name, num, qty, t  # noqa: E402

NO_WATER_COLOUR = "#222222"
DAMAGE_COLOUR = "#d62728"
CLOSED_COLOUR = "#9e9e9e"


@dataclass(frozen=True)
class MapLabel:
    """A label a map would like to draw at ``xy`` (data coordinates); lower ``priority`` is placed first."""

    priority: float
    text: str
    xy: tuple[float, float]
    offset_pt: tuple[float, float] = (6.0, 6.0)
    style: dict = field(default_factory=dict)  # matplotlib text keywords (colour, size, weight)


def _offsets(dx: float, dy: float) -> list[tuple[float, float]]:
    """The label's own offset first, then the other corners round its point, mirrored."""
    return list(dict.fromkeys([(dx, dy), (dx, -abs(dy) - 8.0), (-dx, dy), (-dx, -abs(dy) - 8.0)]))


def place_labels(fig, ax, labels: list[MapLabel]) -> list[Annotation]:
    """Draw only the labels that fit: in priority order, each at the first of its candidate positions whose
    box overlaps no label already drawn, else not at all. Call it once the axes are laid out (after
    :func:`_lay_out`); the drawn annotations are returned."""
    fig.canvas.draw()  # the equal aspect and tight layout are applied at draw: boxes are final from here
    renderer = fig.canvas.get_renderer()
    placed, boxes = [], []
    for label in sorted(labels, key=lambda lab: lab.priority):
        for offset in _offsets(*label.offset_pt):
            ann = ax.annotate(label.text, label.xy, xytext=offset, textcoords="offset points", **{"fontsize": 8, **label.style})
            box = ann.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in boxes):
                placed.append(ann)
                boxes.append(box)
                break
            ann.remove()
    return placed


@dataclass(frozen=True)
class MapPlace:
    """Where a map is on the Earth, for a network with a CRS: its layers' ``x``, ``y`` are WGS 84 longitude and
    latitude in degrees. ``crs`` names the network's own CRS (``EPSG:32636``)."""

    crs: str
    extent: geographic.GroundExtent


def _in_lonlat(net, xy: dict) -> tuple[dict, MapPlace | None]:
    """Node name -> (longitude, latitude) and the map's place when the network has a CRS; else ``xy`` as it is."""
    crs = geographic.network_crs(net)
    if crs is None or not xy:
        return xy, None
    names = list(xy)
    arr = np.array([xy[n] for n in names], dtype=float)
    lon, lat = geographic.to_lonlat(arr[:, 0], arr[:, 1], crs)
    place = MapPlace(geographic.crs_name(crs), geographic.ground_extent(lon, lat))
    return {n: (float(a), float(b)) for n, a, b in zip(names, lon, lat)}, place


def ground_length(metres: float) -> str:
    """A length on the ground as a map's caption writes it: metres below 10 km (to 10 m from 1 km), else km."""
    if metres < 1000:
        return qty(metres, "m")
    if metres < 10_000:
        return qty(round(metres, -1), "m")
    return qty(metres / 1000, "km", 1)


def extent_caption(place: MapPlace) -> str:
    """The caption of a map in real coordinates: its size on the ground and the CRS it was drawn from."""
    e = place.extent
    return t("map.extent", width=ground_length(e.width_m), height=ground_length(e.height_m), crs=place.crs)


class _Degrees(Formatter):
    """Tick labels in degrees with as many decimals as the tick spacing needs, as the language writes numbers."""

    def __call__(self, x, pos=None) -> str:
        step = float(np.min(np.diff(self.locs))) if len(self.locs) > 1 else 1.0
        return num(x, int(np.clip(np.ceil(-np.log10(step) - 1e-9), 0, 6)))


def _totals_y(place: MapPlace | None) -> float:
    """Where a map's totals line goes (axes fraction): under the map, below the degree axes when it has them."""
    return -0.06 if place is None else -0.16


def _with_extent(totals: str, place: MapPlace | None) -> str:
    """A map's totals line, and for a map in real coordinates its extent on the ground under it."""
    return totals if place is None else f"{totals}\n{extent_caption(place)}"


def _lay_out(ax, handles, place: MapPlace | None = None) -> None:
    """Legend, tight layout; equal axes without ticks, or, for a map in real coordinates, longitude and latitude
    axes in degrees at the aspect of the middle latitude with a scale bar labelled with the map's extent."""
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.85)
    if place is None:
        ax.set_aspect("equal", adjustable="datalim")
        ax.autoscale_view()
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

        ax.set_aspect(place.extent.aspect, adjustable="datalim")
        ax.autoscale_view()
        ax.set_xlabel(t("map.lon"))
        ax.set_ylabel(t("map.lat"))
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(MaxNLocator(7, steps=[1, 2, 2.5, 5, 10]))
            axis.set_major_formatter(_Degrees())
        ax.tick_params(labelsize=8)
        bar_m = geographic.nice_length_m(place.extent.width_m)
        span = place.extent.lon_span_deg(bar_m)
        bar = AnchoredSizeBar(ax.transData, span, ground_length(bar_m), "lower left", frameon=True, fontproperties={"size": 8})
        bar.patch.set_alpha(0.8)
        ax.add_artist(bar)
    ax.figure.tight_layout()


def _save(fig, path) -> None:
    """Write the PNG and free the figure."""
    fig.savefig(path)
    plt.close(fig)


def _coordinates(net):
    """x, y per node name; nodes without coordinates get a spring layout around those with them."""
    nodes = net.nodes
    ok = np.isfinite(nodes["x_m"].to_numpy(float)) & np.isfinite(nodes["y_m"].to_numpy(float))
    xy = {n: (float(x), float(y)) for n, x, y, k in zip(nodes.index, nodes["x_m"], nodes["y_m"], ok) if k}
    if len(xy) < len(nodes):
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(nodes.index)
        graph.add_edges_from(zip(net.links["from_node"], net.links["to_node"]))
        pos = nx.spring_layout(graph, pos=xy or None, fixed=list(xy) or None, seed=1)
        xy = {n: tuple(pos[n]) for n in nodes.index}
    return xy


def water_map_layers(net, result) -> dict:
    """What a water map shows, as tables (shared by the PNG map and the app's interactive map).

    Returns a dict of DataFrames, coordinates in the network's own units (or in degrees: ``place``):

    * ``links`` (every link but pumps): ``name``, ``kind`` (pipe, prv, psv, pbv, fcv, tcv, gpv, pcv),
      ``x1``, ``y1``, ``x2``, ``y2``, ``pressure_m`` (mean of the end nodes, NaN where neither has
      water), ``in_service``, ``state`` (``damaged``, ``closed`` by operation, ``dry`` or ``open``);
    * ``nodes`` (demand nodes): ``name``, ``x``, ``y``, ``pressure_m`` (NaN at a dry node), ``population``, ``service``
      (full, partial, none), ``demand_required_m3_per_h``, ``demand_m3_per_h``;
    * ``breaks``: ``name`` (the broken pipe), ``x``, ``y``;
    * ``sources``: ``name``, ``kind`` (reservoir, tank), ``x``, ``y``, ``lost``;
    * ``pumps``: ``name``, ``x``, ``y`` (midpoint), ``state`` (running, off, lost);
    * ``place``: a :class:`MapPlace` when the network has a CRS (read from GIS layers), and then every ``x``
      is a WGS 84 longitude and every ``y`` a latitude, in degrees; None otherwise (the file's own coordinates).
    """
    xy, place = _in_lonlat(net, _coordinates(net))
    # a dry node's EPANET pressure is no service pressure (metrics.dry_nodes): it is drawn as dry, not coloured
    dry = metrics.dry_nodes(result.junctions).reindex(result.junctions.index, fill_value=False)
    pressure = result.junctions["pressure_m"].where(~dry)
    damaged = set(net.damage["element"].astype(str))
    status = result.links["status"]
    links = []
    other = net.links[net.links["kind"] != "pump"]
    for name, kind, a, b, on in zip(other.index, other["kind"], other["from_node"], other["to_node"], other["in_service"]):
        pa, pb = pressure.get(a, np.nan), pressure.get(b, np.nan)
        p = float(np.nanmean([pa, pb])) if np.isfinite(pa) or np.isfinite(pb) else np.nan
        base = name.removesuffix("_b") if name.removesuffix("_b") in damaged else name
        is_open = bool(on) and status.get(name, "open") != "closed"
        state = "damaged" if base in damaged else "closed" if not is_open else "open" if np.isfinite(p) else "dry"
        links.append(
            {
                "name": base,
                "kind": kind,
                "x1": xy[a][0],
                "y1": xy[a][1],
                "x2": xy[b][0],
                "y2": xy[b][1],
                "pressure_m": p,
                "in_service": is_open,
                "state": state,
            }
        )
    demand = metrics.demand_nodes(result.junctions)
    nodes = pd.DataFrame(
        {
            "name": demand.index.astype(str),
            "x": [xy[n][0] for n in demand.index],
            "y": [xy[n][1] for n in demand.index],
            "pressure_m": pressure.reindex(demand.index).to_numpy(float),
            "population": demand["population"].to_numpy(float),
            "service": metrics.service_class(result.junctions).reindex(demand.index).to_numpy(),
            "demand_required_m3_per_h": demand["demand_required_m3_per_h"].to_numpy(float),
            "demand_m3_per_h": demand["demand_m3_per_h"].to_numpy(float),
        }
    )
    brk = demand.index[demand["type"] == "break"]
    breaks = pd.DataFrame(
        {"name": [n.removesuffix("_break") for n in brk], "x": [xy[n][0] for n in brk], "y": [xy[n][1] for n in brk]}
    )
    src = net.sources
    sources = pd.DataFrame(
        {
            "name": src.index.astype(str),
            "kind": src["kind"].to_numpy(),
            "x": [xy[n][0] for n in src.index],
            "y": [xy[n][1] for n in src.index],
            "lost": src.index.isin(list(damaged)),
        }
    )
    pumps = []
    for name in net.pumps():
        row = net.links.loc[name]
        (x1, y1), (x2, y2) = xy[row["from_node"]], xy[row["to_node"]]
        running = status.get(name, "closed") == "open"
        state = "lost" if name in damaged else "running" if running else "off"
        pumps.append({"name": str(name), "x": (x1 + x2) / 2, "y": (y1 + y2) / 2, "state": state})
    return {
        "links": pd.DataFrame(links, columns=["name", "kind", "x1", "y1", "x2", "y2", "pressure_m", "in_service", "state"]),
        "nodes": nodes,
        "breaks": breaks,
        "sources": sources,
        "pumps": pd.DataFrame(pumps, columns=["name", "x", "y", "state"]),
        "place": place,
    }


def pressure_scale_max_m(net, result) -> float:
    """Top of the pressure colour scale: the 98th percentile over every junction, at least 1.5 x the required pressure."""
    p = result.junctions["pressure_m"].reindex(net.nodes.index).to_numpy(float)
    p = p[np.isfinite(p)]
    return max(float(np.nanpercentile(p, 98)) if len(p) else 1.0, result.options.required_pressure_m * 1.5)


def case_names(run) -> dict[str, str]:
    """Each case of a run (water or heat) as the language names it: the options by their ``name_uk`` /
    ``name_en`` (else ``name``); ``intact`` and ``damaged`` from the catalogue (:func:`case_label`)."""
    return {o.name: local_name(o) for o in getattr(getattr(run, "scenario", None), "options", ())}


def case_label(case: str, names: dict | None = None) -> str:
    """A case in a figure: its name in ``names`` (from :func:`case_names`), else ``case.<case>`` from the
    catalogue (``intact``, ``damaged``), else as given."""
    return (names or {}).get(case) or t(f"case.{case}", default=case)


def water_maps(run, out) -> list[str]:
    """Write one PNG map per case of a water run (``map_<k>_<case>.png``: intact, damaged, each option, in
    that order) and ``map.png``, the damaged case's (the quick start's map); their names."""
    import shutil
    from pathlib import Path

    out = Path(out)
    names = []
    for k, case in enumerate(run.cases()):
        name = f"map_{k}_{_slug(case)}.png"
        water_map(run, out / name, title=f"{local_name(run.scenario.scenario)}\n{case_label(case, case_names(run))}", case=case)
        names.append(name)
        if case == "damaged":
            shutil.copyfile(out / name, out / "map.png")
            names.insert(0, "map.png")
    return names


def water_map(run, path, *, title: str | None = None, case: str = "damaged") -> None:
    """Write a PNG map of one case of the network (default the damaged one): :func:`water_map_figure`."""
    _save(water_map_figure(run, title=title, case=case), path)


#: How many of the lowest-pressure nodes with water a water map would label (after every other label).
LOWEST_PRESSURE_LABELS = 5


def water_map_figure(run, *, title: str | None = None, case: str = "damaged"):
    """A map of one case of the network (default the damaged one) coloured by pressure, damage marked: the figure.

    Pipes take the mean pressure of their end nodes; nodes without water are black; damaged
    elements are red (broken pipes with an X at the break, closed pipes dashed, lost pumps and
    sources as red squares). Labels are drawn only where they fit (:func:`place_labels`), in this
    order: sources and tanks, pumps, breaks, then the lowest pressures of nodes with water.
    """
    net, res = (run.net_damaged, run.damaged) if case == "damaged" else run.cases()[case]
    layers = water_map_layers(net, res)
    links, nodes = layers["links"], layers["nodes"]
    fig, ax = plt.subplots(figsize=(11, 8.5), dpi=110)
    vmax = pressure_scale_max_m(net, res)
    norm = matplotlib.colors.Normalize(vmin=0.0, vmax=vmax)
    cmap = plt.get_cmap("viridis")

    colour = {"damaged": DAMAGE_COLOUR, "closed": CLOSED_COLOUR, "dry": NO_WATER_COLOUR}
    segs = [[(r.x1, r.y1), (r.x2, r.y2)] for r in links.itertuples()]
    cols = [colour.get(r.state) or cmap(norm(r.pressure_m)) for r in links.itertuples()]
    styles = [
        "dashed" if r.state == "closed" or (r.state == "damaged" and not r.in_service) else "solid" for r in links.itertuples()
    ]
    ax.add_collection(LineCollection(segs, colors=cols, linestyles=styles, linewidths=2.0, zorder=1))

    dx = nodes[["x", "y"]].to_numpy(float).reshape(-1, 2)
    dp = nodes["pressure_m"].to_numpy(float)
    pop = nodes["population"].to_numpy(float)
    size = 12 + 60 * np.sqrt(pop / pop.max()) if len(pop) and pop.max() > 0 else np.full(len(nodes), 20.0)
    ok = np.isfinite(dp) & (nodes["service"].to_numpy() != "none")
    sc = ax.scatter(
        dx[ok, 0], dx[ok, 1], c=dp[ok], cmap=cmap, norm=norm, s=size[ok], edgecolors="white", linewidths=0.4, zorder=3
    )
    ax.scatter(dx[~ok, 0], dx[~ok, 1], c=NO_WATER_COLOUR, s=size[~ok], marker="o", zorder=3)
    labels = []
    for b in layers["breaks"].itertuples():
        ax.scatter([b.x], [b.y], marker="X", s=220, c=DAMAGE_COLOUR, edgecolors="white", zorder=5)
        style = {"color": DAMAGE_COLOUR, "fontsize": 9, "weight": "bold"}
        labels.append(MapLabel(2, t("plot.break", name=b.name), (b.x, b.y), style=style))
    for s in layers["sources"].itertuples():
        ax.scatter(
            [s.x],
            [s.y],
            marker="s" if s.kind == "reservoir" else "^",
            s=140,
            c=DAMAGE_COLOUR if s.lost else "#1f77b4",
            edgecolors="black",
            zorder=4,
        )
        labels.append(MapLabel(0, t("plot.source_lost", name=s.name) if s.lost else s.name, (s.x, s.y), (6, -12)))
    for pu in layers["pumps"].itertuples():
        c = {"lost": DAMAGE_COLOUR, "running": "#ff7f0e", "off": CLOSED_COLOUR}[pu.state]
        ax.scatter([pu.x], [pu.y], marker="P", s=150, c=c, edgecolors="black", zorder=4)
        labels.append(MapLabel(1, t(f"plot.pump_{pu.state}", name=pu.name), (pu.x, pu.y)))
    lowest = nodes[ok].nsmallest(LOWEST_PRESSURE_LABELS, "pressure_m")
    labels += [
        MapLabel(3 + k / 100, f"{r.name}: {qty(r.pressure_m, 'm', 1)}", (r.x, r.y)) for k, r in enumerate(lowest.itertuples())
    ]
    fig.colorbar(sc, ax=ax, shrink=0.7, label=t("plot.pressure_at_node"))
    s = metrics.people_served(res.junctions)
    ax.set_title(title or local_name(run.scenario.scenario), fontsize=13, loc="left")
    ax.text(
        0.0,
        _totals_y(layers["place"]),
        _with_extent(
            t(
                "plot.water_totals",
                without=num(s["people_without"]),
                partial=num(s["people_partial"]),
                full=num(s["people_full"]),
                total=num(s["people_total"]),
                leak=qty(metrics.leak_outflow_m3_per_h(res.junctions), "m3_per_h"),
            ),
            layers["place"],
        ),
        transform=ax.transAxes,
        fontsize=10,
    )
    handles = [
        Line2D([], [], marker="o", ls="", color=NO_WATER_COLOUR, label=t("plot.node_without_water")),
        Line2D([], [], color=DAMAGE_COLOUR, lw=2, label=t("plot.damaged_link")),
        Line2D([], [], color=CLOSED_COLOUR, lw=2, ls="--", label=t("plot.closed_link")),
        Line2D([], [], marker="X", ls="", color=DAMAGE_COLOUR, ms=10, label=t("plot.pipe_break")),
        Line2D([], [], marker="s", ls="", color="#1f77b4", label=t("plot.reservoir")),
        Line2D([], [], marker="^", ls="", color="#1f77b4", label=t("plot.tank")),
        Line2D([], [], marker="P", ls="", color="#ff7f0e", label=t("plot.pump")),
    ]
    _lay_out(ax, handles, layers["place"])
    place_labels(fig, ax, labels)
    return fig


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")[:40]


def heat_map_layers(net, result) -> dict:
    """What a heat map shows, as tables (shared by the PNG map and the app's interactive map).

    Returns a dict of DataFrames, coordinates in metres (or in degrees: ``place``, as for water):

    * ``routes`` (supply line): ``name``, ``x1``, ``y1``, ``x2``, ``y2``, ``supply_temp_c`` (water
      entering the pipe), ``flow_m3_per_h``, ``diameter_mm``, ``state`` (``closed`` by damage or an
      island cut, ``no_flow`` or ``open``);
    * ``buildings``: ``name``, ``x``, ``y``, ``building_type``, ``people``, ``delivered_fraction``,
      ``supply_temp_c``, ``hours_to_12c_h``, ``heated`` (any heat at all);
    * ``sources``: ``name``, ``kind``, ``x``, ``y``, ``heat_kw``, ``supply_temp_c``, ``lost``;
    * ``place``: as :func:`water_map_layers`'s.
    """
    nodes = net["route_nodes"].set_index("name")
    xy, place = _in_lonlat(net, {n: (float(r.x_m), float(r.y_m)) for n, r in nodes.iterrows()})
    sup = result.pipes[result.pipes["line"] == "supply"]
    routes = net.pipe[net.pipe["line"] == "supply"].set_index("route")
    jn = net.junction["name"].str[2:]
    rows = []
    for _, row in sup.iterrows():
        r = routes.loc[row["route"]]
        a, b = jn[r.from_junction], jn[r.to_junction]
        flowing = np.isfinite(row["inlet_temp_c"]) and row["flow_m3_per_h"] > 1e-6
        rows.append(
            {
                "name": row["route"],
                "x1": xy[a][0],
                "y1": xy[a][1],
                "x2": xy[b][0],
                "y2": xy[b][1],
                "supply_temp_c": float(row["inlet_temp_c"]),
                "flow_m3_per_h": float(row["flow_m3_per_h"]),
                "diameter_mm": float(r.inner_diameter_mm),
                "state": "closed" if not r.in_service else "open" if flowing else "no_flow",
            }
        )
    c = result.consumers
    buildings = pd.DataFrame(
        {
            "name": c.index.astype(str),
            "x": [xy[n][0] for n in c["node"]],
            "y": [xy[n][1] for n in c["node"]],
            "building_type": c["building_type"].to_numpy(),
            "people": c["people"].to_numpy(float),
            "delivered_fraction": c["delivered_fraction"].to_numpy(float),
            "supply_temp_c": c["supply_temp_c"].to_numpy(float),
            "hours_to_12c_h": c["hours_to_12c_h"].to_numpy(float),
            "heated": c["delivered_fraction"].to_numpy() > 0,
        }
    )
    s = result.sources
    sources = pd.DataFrame(
        {
            "name": s.index.astype(str),
            "kind": s["kind"].to_numpy(),
            "x": [xy[n][0] for n in s["node"]],
            "y": [xy[n][1] for n in s["node"]],
            "heat_kw": s["heat_kw"].to_numpy(float),
            "supply_temp_c": s["supply_temp_c"].to_numpy(float),
            "lost": (s["role"] == "off").to_numpy(),
        }
    )
    cols = ["name", "x1", "y1", "x2", "y2", "supply_temp_c", "flow_m3_per_h", "diameter_mm", "state"]
    return {"routes": pd.DataFrame(rows, columns=cols), "buildings": buildings, "sources": sources, "place": place}


def heat_map(net, result, path, *, title: str) -> None:
    """Write a PNG map of a heat network: :func:`heat_map_figure`."""
    _save(heat_map_figure(net, result, title=title), path)


def heat_map_figure(net, result, *, title: str):
    """A map of a heat network coloured by supply temperature; sources, cuts and cold buildings marked: the figure.

    Labels are drawn only where they fit (:func:`place_labels`): sources first, then the buildings
    that are not apartment blocks (schools, hospitals...), the least heated first.
    """
    layers = heat_map_layers(net, result)
    routes, b = layers["routes"], layers["buildings"]
    fig, ax = plt.subplots(figsize=(11, 8), dpi=110)
    cmap = plt.get_cmap("coolwarm")
    tmax = max(float(np.nanmax(result.pipes["inlet_temp_c"].to_numpy(), initial=0.0)), 60.0)
    norm = matplotlib.colors.Normalize(vmin=20.0, vmax=tmax)
    segs = [[(r.x1, r.y1), (r.x2, r.y2)] for r in routes.itertuples()]
    cols = [
        DAMAGE_COLOUR if r.state == "closed" else cmap(norm(r.supply_temp_c)) if r.state == "open" else NO_WATER_COLOUR
        for r in routes.itertuples()
    ]
    styles = [{"closed": "dashed", "open": "solid", "no_flow": "dotted"}[r.state] for r in routes.itertuples()]
    widths = (1.0 + 4.0 * routes["diameter_mm"].to_numpy(float) / 500.0).tolist()
    ax.add_collection(LineCollection(segs, colors=cols, linestyles=styles, linewidths=widths, zorder=1))
    cx = b[["x", "y"]].to_numpy(float).reshape(-1, 2)
    heated = b["heated"].to_numpy(bool)
    size = 30 + 120 * b["people"].to_numpy() / max(b["people"].max(), 1.0)
    ax.scatter(
        cx[heated, 0],
        cx[heated, 1],
        c=b["supply_temp_c"].to_numpy()[heated],
        cmap=cmap,
        norm=norm,
        s=size[heated],
        marker="s",
        edgecolors="black",
        linewidths=0.5,
        zorder=3,
    )
    ax.scatter(cx[~heated, 0], cx[~heated, 1], c=NO_WATER_COLOUR, s=size[~heated], marker="s", zorder=3)
    special = b[b["building_type"] != "apartment_block"].sort_values("delivered_fraction", kind="stable")
    labels = [
        MapLabel(1 + k / 1000, f"{row.name} ({num(100 * row.delivered_fraction)}\u00a0%)", (row.x, row.y), (6, 4))
        for k, row in enumerate(special.itertuples())
    ]
    for s in layers["sources"].itertuples():
        ax.scatter([s.x], [s.y], marker="*", s=380, c=DAMAGE_COLOUR if s.lost else "#ff7f0e", edgecolors="black", zorder=5)
        label = (
            t("plot.source_out", name=s.name)
            if s.lost
            else t("plot.source_heat", name=s.name, heat=qty(s.heat_kw, "kw"), temp=qty(s.supply_temp_c, "degc"))
        )
        labels.append(MapLabel(0, label, (s.x, s.y), (8, -14), {"color": DAMAGE_COLOUR if s.lost else "black"}))
    fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7, label=t("plot.supply_temp"))
    totals = result.totals
    ax.set_title(title, fontsize=12, loc="left")
    ax.text(
        0.0,
        _totals_y(layers["place"]),
        _with_extent(
            t(
                "plot.heat_totals",
                outdoor=qty(totals["outdoor_temp_c"], "degc"),
                heated=num(totals["people_heated"]),
                under=num(totals["people_underheated"]),
                without=num(totals["people_without_heat"]),
                total=qty(totals["people_total"], "people"),
            ),
            layers["place"],
        ),
        transform=ax.transAxes,
        fontsize=10,
    )
    handles = [
        Line2D([], [], marker="s", ls="", color=NO_WATER_COLOUR, label=t("plot.building_without_heat")),
        Line2D([], [], color=DAMAGE_COLOUR, lw=2, ls="--", label=t("plot.pipe_closed")),
        Line2D([], [], color=NO_WATER_COLOUR, lw=2, ls=":", label=t("plot.no_circulation")),
        Line2D([], [], marker="*", ls="", color="#ff7f0e", ms=12, label=t("plot.heat_source")),
        Line2D([], [], marker="*", ls="", color=DAMAGE_COLOUR, ms=12, label=t("plot.source_out_legend")),
    ]
    _lay_out(ax, handles, layers["place"])
    place_labels(fig, ax, labels)
    return fig


def heat_delivered_chart(results: dict, path, cases: dict | None = None) -> None:
    """Bar chart: heat delivered per building in every case, against its demand.

    ``cases``: case -> its name in the language (:func:`case_names`), the legend's labels.
    """
    labels = list(results)
    first = next(iter(results.values())).consumers
    names = first.index.tolist()
    fig, ax = plt.subplots(figsize=(max(10, len(names) * 0.32), 5.5), dpi=110)
    width = 0.8 / len(labels)
    x = np.arange(len(names))
    ax.bar(x, first["demand_kw"], width=0.9, color="none", edgecolor="black", linewidth=0.8, label=t("plot.demand"))
    for k, label in enumerate(labels):
        delivered = results[label].consumers["delivered_kw"].reindex(names)
        ax.bar(x - 0.4 + width * (k + 0.5), delivered, width=width, label=case_label(label, cases))
    ax.set_xticks(x)
    ax.set_xticklabels(names, rotation=90, fontsize=7)
    ax.set_ylabel(t("plot.heat_delivered_kw"))
    ax.set_title(t("plot.heat_delivered_title"), loc="left")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def water_eps_chart(eps: dict, path, *, title: str = "", cases: dict | None = None) -> None:
    """Two panels over the simulated hours: people with full or partial water in every case, and the
    tank levels of the damaged case (else the first case).

    ``eps``: case name -> :class:`teplovoda.models.water.eps.EpsResult`; ``cases``: case -> its name in the
    language (:func:`case_names`; ``intact`` and ``damaged`` from the catalogue).
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 7.5), dpi=110, sharex=True)
    for case, res in eps.items():
        h = res.hourly
        served = h["people_full"] + h["people_partial"]
        top.step(h.index + 1, served / 1000.0, where="pre", label=t("plot.with_water", case=case_label(case, cases)))
        top.step(h.index + 1, h["people_full"] / 1000.0, where="pre", linestyle=":", color=top.lines[-1].get_color())
    top.set_ylabel(t("plot.people_with_water_k"))
    top.set_ylim(bottom=0)
    top.legend(fontsize=8, loc="lower left")
    top.set_title(title or t("plot.eps_title"), loc="left")
    shown = "damaged" if "damaged" in eps else next(iter(eps))
    levels = eps[shown].tanks
    for tank in levels.columns:
        bottom.plot(levels.index + 1, levels[tank], marker=".", label=t("plot.tank_named", name=tank))
    bottom.set_ylabel(t("plot.tank_level_m", case=case_label(shown, cases)))
    bottom.set_xlabel(t("plot.hour_from_start"))
    if len(levels.columns):
        bottom.legend(fontsize=8)
    else:
        bottom.text(0.5, 0.5, t("plot.no_tanks"), transform=bottom.transAxes, ha="center")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
