"""Interactive charts for the app (Altair): network maps, per-case service, comparisons, the blackout day, water over time.

The maps draw :func:`teplovoda.ui.plots.water_map_layers` and :func:`teplovoda.ui.plots.heat_map_layers`, the same
tables the PNG maps of the command line and the report are drawn from; every label goes through
:func:`teplovoda.ui.i18n.t`. Charts pan and zoom (drag, scroll) and show values on hover.

Numbers and dates on axes and in tooltips are written the way the language writes them (``13 200,5``,
``2 груд.``): the ``teplovoda`` Altair theme, enabled on import, adds Vega's ``config.locale`` (d3 number
and time locale, :data:`UK_NUMBER_LOCALE` and :data:`UK_TIME_LOCALE`) and a 24-hour time axis
(:data:`UK_TIME_AXIS_FORMAT`) to every chart made in Ukrainian; checked in chromium against Streamlit's own
renderer (axis labels ``2 000,0``, ``18:00``, ``02.12``).
The theme is read at ``to_dict`` time, so a chart takes the language of the run that draws it. It goes in the
spec, not in vega-embed's ``formatLocale`` option: Streamlit's ``st.altair_chart`` keeps only ``theme``,
``renderer`` and ``padding`` of ``usermeta.embedOptions`` and drops the rest (Streamlit 1.5x bundle).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from teplovoda.ui.i18n import language, snum, t

DAMAGE_COLOUR = "#d62728"
CLOSED_COLOUR = "#9e9e9e"
DRY_COLOUR = "#222222"
SOURCE_COLOUR = "#1f77b4"
PUMP_COLOUR = "#ff7f0e"
FEASIBLE_COLOUR = "#2ca02c"
FAILS_COLOUR = "#bbbbbb"
STAR = "M0,-1L0.29,-0.4L0.95,-0.31L0.47,0.15L0.59,0.81L0,0.5L-0.59,0.81L-0.47,0.15L-0.95,-0.31L-0.29,-0.4Z"
MAP_WIDTH_PX = 760
#: The element found by name on a map: a ring (a point) or an underlay (a line) in a colour no state uses.
FOUND_COLOUR = "#e7298a"

#: d3-format locale of Ukrainian: no-break space between thousands, decimal comma (as :func:`teplovoda.ui.i18n.num`).
UK_NUMBER_LOCALE = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0грн"]}
#: d3-time-format locale of Ukrainian (d3's uk-UA: months in the genitive, as after a day number).
UK_TIME_LOCALE = {
    "dateTime": "%A, %e %B %Y р. %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["дп", "пп"],
    "days": ["неділя", "понеділок", "вівторок", "середа", "четвер", "п'ятниця", "субота"],
    "shortDays": ["нд", "пн", "вт", "ср", "чт", "пт", "сб"],
    "months": [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ],  # fmt: skip
    "shortMonths": ["січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."],
}


#: Time axis labels by level (Vega's multi-format): 24-hour clock; Vega's default is "06 PM".
UK_TIME_AXIS_FORMAT = {
    "milliseconds": "%H:%M:%S.%L",
    "seconds": "%H:%M:%S",
    "minutes": "%H:%M",
    "hours": "%H:%M",
    "date": "%d.%m",
    "week": "%d.%m",
    "month": "%b",
    "quarter": "%b",
    "year": "%Y",
}
#: Altair's own default theme (what every chart had before ours); ours adds the locale to it.
_DEFAULT_THEME = alt.theme.get() if alt.theme.active != "teplovoda" else None


@alt.theme.register("teplovoda", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    """Altair's default theme, with the Ukrainian number and time locale when the language is Ukrainian."""
    base = _DEFAULT_THEME() if _DEFAULT_THEME is not None else {}
    if language() != "uk":
        return base
    config = {
        **base.get("config", {}),
        "locale": {"number": UK_NUMBER_LOCALE, "time": UK_TIME_LOCALE},
        "axisTemporal": {"format": UK_TIME_AXIS_FORMAT},
    }
    return {**base, "config": config}


@dataclass(frozen=True)
class MapFrame:
    """A map's scales, size and axes: hidden axes in the network's own units, or longitude and latitude axes
    in degrees for a map in real coordinates (``place``, :class:`teplovoda.ui.plots.MapPlace`)."""

    xscale: alt.Scale
    yscale: alt.Scale
    width: int
    height: int
    xaxis: alt.Axis
    yaxis: alt.Axis
    place: object = None


def _frame(xs: np.ndarray, ys: np.ndarray, place=None) -> MapFrame:
    """x and y scales with true proportions (a map, not a stretched plot), and the chart size.

    In the network's own units a unit of x takes as many pixels as a unit of y; in degrees a degree of
    latitude takes ``1 / cos(latitude)`` times the pixels of a degree of longitude (``place.extent.aspect``,
    at the map's middle latitude), as on the ground."""
    aspect = place.extent.aspect if place is not None else 1.0
    xs, ys = xs[np.isfinite(xs)], ys[np.isfinite(ys)]
    x0, x1 = (float(xs.min()), float(xs.max())) if len(xs) else (0.0, 1.0)
    y0, y1 = (float(ys.min()), float(ys.max())) if len(ys) else (0.0, 1.0)
    dx, dy = max((x1 - x0) / aspect, 1e-9), max(y1 - y0, 1e-9)  # dx in units of y
    width = MAP_WIDTH_PX
    height = int(min(max(width * dy / dx, 380), 760))
    per_px = max(dx / width, dy / height) * 1.08  # y units per pixel; 4 % margin each side
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_x = per_px * aspect * width / 2
    xs_ = alt.Scale(domain=[cx - half_x, cx + half_x], nice=False, zero=False)
    ys_ = alt.Scale(domain=[cy - per_px * height / 2, cy + per_px * height / 2], nice=False, zero=False)
    if place is None:
        hidden = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
        return MapFrame(xs_, ys_, width, height, hidden, hidden)
    # decimals enough for about six ticks across the first view (0.001 degrees is about 100 m)
    digits = int(np.clip(np.ceil(-np.log10(max(2 * half_x, 1e-9) / 6)), 1, 6))
    xaxis = alt.Axis(title=t("map.lon"), format=f".{digits}f", grid=False, tickCount=6)
    yaxis = alt.Axis(title=t("map.lat"), format=f".{digits}f", grid=False, tickCount=6)
    return MapFrame(xs_, ys_, width, height, xaxis, yaxis, place)


def _axes(frame: MapFrame):
    return (
        alt.X("x1:Q", scale=frame.xscale, axis=frame.xaxis),
        alt.Y("y1:Q", scale=frame.yscale, axis=frame.yaxis),
    )


def _points(df: pd.DataFrame, frame: MapFrame):
    return alt.Chart(df).encode(
        x=alt.X("x:Q", scale=frame.xscale, axis=frame.xaxis), y=alt.Y("y:Q", scale=frame.yscale, axis=frame.yaxis)
    )


def _where(frame: MapFrame) -> list:
    """A point's latitude and longitude for its tooltip, on a map in real coordinates (none otherwise)."""
    if frame.place is None:
        return []
    return [alt.Tooltip("y:Q", title=t("map.lat"), format=".5f"), alt.Tooltip("x:Q", title=t("map.lon"), format=".5f")]


#: The optional basemap: an XYZ tile URL template (``https://tiles.example.org/{z}/{x}/{y}.png``), unset by default.
BASEMAP_URL_ENV = "TEPLOVODA_BASEMAP_URL"
#: The tiles' credit line shown under the map (their licence may require it: OpenStreetMap's does).
BASEMAP_CREDIT_ENV = "TEPLOVODA_BASEMAP_CREDIT"
#: At most this many tiles under one map (a coarser zoom is used beyond), and the zoom levels XYZ servers serve.
BASEMAP_MAX_TILES = 64
BASEMAP_MAX_ZOOM = 19
TILE_PX = 256


def basemap_template(environ=None) -> str | None:
    """The basemap's tile URL template from ``TEPLOVODA_BASEMAP_URL``, None when unset (the default: no tiles,
    no request leaves the machine).

    Raises
    ------
    ValueError
        The value is not an ``http(s)://`` address with ``{z}``, ``{x}`` and ``{y}`` (the message is the
        ``map.basemap_bad_url`` text).
    """
    import os

    url = (os.environ if environ is None else environ).get(BASEMAP_URL_ENV, "").strip()
    if not url:
        return None
    if not url.startswith(("http://", "https://")) or not all(p in url for p in ("{z}", "{x}", "{y}")):
        raise ValueError(t("map.basemap_bad_url", url=url))
    return url


def xyz_tiles(template: str, lon: tuple[float, float], lat: tuple[float, float], width_px: int) -> pd.DataFrame:
    """The XYZ (Web Mercator, "slippy map") tiles covering a longitude and latitude box shown ``width_px`` wide.

    The zoom is the first whose tiles are at least as sharp as the screen (``256 * 2**z / 360`` pixels per
    degree of longitude >= the map's), lowered until at most :data:`BASEMAP_MAX_TILES` tiles (one tile of
    margin round the box, for panning) cover it. Tile numbers and corners are the OpenStreetMap wiki's
    "Slippy map tilenames" formulas. Returns ``url``, ``x1``, ``x2`` (west, east longitude), ``y1``, ``y2``
    (north, south latitude), one row per tile.
    """

    def tile_x(v, n):
        return int(np.clip(np.floor((v + 180.0) / 360.0 * n), 0, n - 1))

    def tile_y(v, n):
        r = np.radians(np.clip(v, -85.0511, 85.0511))
        return int(np.clip(np.floor((1.0 - np.arcsinh(np.tan(r)) / np.pi) / 2.0 * n), 0, n - 1))

    def corner_lat(k, n):
        return float(np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * k / n)))))

    span = max(lon[1] - lon[0], 1e-9)
    z = int(np.clip(np.ceil(np.log2(width_px * 360.0 / (TILE_PX * span))), 0, BASEMAP_MAX_ZOOM))
    while True:
        n = 2**z
        xs = range(max(tile_x(lon[0], n) - 1, 0), min(tile_x(lon[1], n) + 1, n - 1) + 1)
        ys = range(max(tile_y(lat[1], n) - 1, 0), min(tile_y(lat[0], n) + 1, n - 1) + 1)
        if len(xs) * len(ys) <= BASEMAP_MAX_TILES or z == 0:
            break
        z -= 1
    rows = [
        {
            "url": template.replace("{z}", str(z)).replace("{x}", str(i)).replace("{y}", str(j)),
            "x1": i / n * 360.0 - 180.0,
            "x2": (i + 1) / n * 360.0 - 180.0,
            "y1": corner_lat(j, n),
            "y2": corner_lat(j + 1, n),
        }
        for i in xs
        for j in ys
    ]
    return pd.DataFrame(rows, columns=["url", "x1", "x2", "y1", "y2"])


def basemap_layers(template: str | None, frame: MapFrame) -> list:
    """The basemap under a map in real coordinates: one image mark per tile, stretched over its corners (a
    tile's latitudes are Web Mercator's, drawn linearly: within one tile of a town-sized map the
    difference is under a pixel). None for no template or a map in the network's own units."""
    if template is None or frame.place is None:
        return []
    tiles = xyz_tiles(template, tuple(frame.xscale.domain), tuple(frame.yscale.domain), frame.width)
    x, y = _axes(frame)
    return [alt.Chart(tiles).mark_image(aspect=False, clip=True, opacity=0.9).encode(x=x, y=y, x2="x2:Q", y2="y2:Q", url="url:N")]


@dataclass(frozen=True)
class TextLabels:
    """One layer of map labels: ``frame`` has ``x``, ``y`` (data units) and ``label``; offsets and size in pixels."""

    frame: pd.DataFrame
    priority: int
    dx_px: float
    dy_px: float
    font_px: float = 11.0
    bold: bool = False

    def boxes(self, xscale, yscale, width: int, height: int) -> list[tuple[float, float, float, float]]:
        """Each label's box (left, top, right, bottom) in chart pixels at the map's first view, left-aligned
        text centred on ``dy_px`` as Vega draws it; widths estimated from the character count."""
        (x0, x1), (y0, y1) = xscale.domain, yscale.domain
        char_px = self.font_px * (0.66 if self.bold else 0.6)  # a sans-serif's mean advance, a little generous
        out = []
        for x, y, text in zip(self.frame["x"], self.frame["y"], self.frame["label"]):
            px = (float(x) - x0) / (x1 - x0) * width + self.dx_px
            py = height - (float(y) - y0) / (y1 - y0) * height + self.dy_px
            half = 0.6 * self.font_px
            out.append((px, py - half, px + char_px * len(str(text)), py + half))
        return out


def fitting_labels(layers: list[TextLabels], xscale, yscale, width: int, height: int) -> list[pd.DataFrame]:
    """Each layer's rows whose label fits: in priority order (then row order), a label is kept when its box
    overlaps no box kept before, as the PNG maps do (:func:`teplovoda.ui.plots.place_labels`). The
    map's first view decides; a label left out is still in its mark's tooltip and found by name."""
    kept_boxes: list[tuple[float, float, float, float]] = []
    keep = {}
    for k in sorted(range(len(layers)), key=lambda i: layers[i].priority):
        mask = []
        for box in layers[k].boxes(xscale, yscale, width, height):
            fits = not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in kept_boxes)
            mask.append(fits)
            if fits:
                kept_boxes.append(box)
        keep[k] = layers[k].frame[np.array(mask, dtype=bool)] if len(mask) else layers[k].frame
    return [keep[k] for k in range(len(layers))]


def map_element_names(lines: pd.DataFrame, *points: pd.DataFrame) -> list[str]:
    """Every element a map draws, by name, for finding one: the ``lines`` (pipes, routes), then the points."""
    names = [str(n) for n in lines["name"]] + [str(n) for p in points for n in p["name"]]
    return sorted(dict.fromkeys(names), key=lambda n: (len(n), n) if n.isdigit() else (1_000_000, n))


def _found(lines: pd.DataFrame, points: list[pd.DataFrame], name: str | None, frame: MapFrame) -> list:
    """The marks of the element ``name`` found on a map: its line drawn wide underneath and a ring at its middle,
    or a ring round its point, labelled with its name; nothing when ``name`` is None or not on the map."""
    if name is None:
        return []
    line = lines[lines["name"].astype(str) == name]
    where = [p[p["name"].astype(str) == name][["x", "y"]] for p in points]
    if len(line):
        # the middle of all its pieces (a broken pipe is drawn as its two halves)
        xs, ys = line[["x1", "x2"]].to_numpy(float), line[["y1", "y2"]].to_numpy(float)
        where.insert(0, pd.DataFrame({"x": [xs.mean()], "y": [ys.mean()]}))
    at = pd.concat(where).head(1).assign(label=name) if where else pd.DataFrame()
    if not len(at):
        return []
    marks = []
    if len(line):
        x, y = _axes(frame)
        marks.append(
            alt.Chart(line).mark_rule(strokeWidth=9, opacity=0.55, color=FOUND_COLOUR).encode(x=x, y=y, x2="x2:Q", y2="y2:Q")
        )
    ring = _points(at, frame)
    return marks + [
        ring.mark_point(shape="circle", filled=False, size=900, strokeWidth=3, color=FOUND_COLOUR),
        ring.mark_text(align="left", dx=18, dy=-14, fontSize=13, fontWeight="bold", color=FOUND_COLOUR).encode(text="label:N"),
    ]


def _water_links(links: pd.DataFrame, frame: MapFrame, colour: alt.Scale) -> list:
    """The water map's pipes and valves by state: open ones coloured by pressure, dry, closed and damaged ones marked."""
    x, y = _axes(frame)
    pressure_title = t("map.pressure_m")
    links = links.assign(state_label=links["state"].map(lambda s: t(f"map.link_{s}")))
    link_tip = [
        alt.Tooltip("name:N", title=t("map.link")),
        alt.Tooltip("state_label:N", title=t("map.state")),
        alt.Tooltip("pressure_m:Q", title=pressure_title, format=".1f"),
    ]
    base = alt.Chart(links).encode(x=x, y=y, x2="x2:Q", y2="y2:Q", tooltip=link_tip)
    return [
        base.transform_filter(alt.datum.state == "open")
        .mark_rule(strokeWidth=2.5)
        .encode(color=alt.Color("pressure_m:Q", scale=colour, title=pressure_title)),
        base.transform_filter(alt.datum.state == "dry").mark_rule(strokeWidth=2.5, color=DRY_COLOUR),
        base.transform_filter(alt.datum.state == "closed").mark_rule(strokeWidth=2.5, color=CLOSED_COLOUR, strokeDash=[5, 3]),
        base.transform_filter((alt.datum.state == "damaged") & alt.datum.in_service).mark_rule(
            strokeWidth=3.5, color=DAMAGE_COLOUR
        ),
        base.transform_filter((alt.datum.state == "damaged") & ~alt.datum.in_service).mark_rule(
            strokeWidth=3.5, color=DAMAGE_COLOUR, strokeDash=[5, 3]
        ),
    ]


def water_map(layers: dict, pressure_max_m: float, found: str | None = None, basemap: str | None = None) -> alt.LayerChart:
    """The water network coloured by pressure; damage, dry nodes, sources and pumps marked; ``found`` (a node,
    link, source or pump name) ringed. In real coordinates (``layers["place"]``) the axes are longitude and
    latitude and the tooltips give them; ``basemap`` (an XYZ tile URL template, :func:`basemap_template`)
    draws its tiles underneath."""
    links, nodes = layers["links"], layers["nodes"]
    xs = np.concatenate([links[["x1", "x2"]].to_numpy(float).ravel(), nodes["x"].to_numpy(float)])
    ys = np.concatenate([links[["y1", "y2"]].to_numpy(float).ravel(), nodes["y"].to_numpy(float)])
    frame = _frame(xs, ys, layers.get("place"))
    xscale, yscale, width, height = frame.xscale, frame.yscale, frame.width, frame.height
    colour = alt.Scale(scheme="viridis", domain=[0.0, pressure_max_m], clamp=True)
    pressure_title = t("map.pressure_m")
    layers_out = basemap_layers(basemap, frame) + _water_links(links, frame, colour)
    nodes = nodes.assign(service_label=nodes["service"].map(lambda s: t(f"map.service_{s}")))
    node_tip = [
        alt.Tooltip("name:N", title=t("map.node")),
        alt.Tooltip("service_label:N", title=t("map.service")),
        alt.Tooltip("pressure_m:Q", title=pressure_title, format=".1f"),
        alt.Tooltip("population:Q", title=t("map.people"), format=",.0f"),
        alt.Tooltip("demand_m3_per_h:Q", title=t("map.delivered_m3_per_h"), format=",.1f"),
        alt.Tooltip("demand_required_m3_per_h:Q", title=t("map.required_m3_per_h"), format=",.1f"),
        *_where(frame),
    ]
    size = alt.Size("population:Q", scale=alt.Scale(range=[15, 160]), legend=None)
    pts = _points(nodes, frame).encode(size=size, tooltip=node_tip)
    layers_out += [
        pts.transform_filter(alt.datum.service != "none")
        .mark_circle(opacity=1, stroke="white", strokeWidth=0.5)
        .encode(color=alt.Color("pressure_m:Q", scale=colour, legend=None)),
        pts.transform_filter(alt.datum.service == "none").mark_circle(opacity=1, color=DRY_COLOUR),
    ]
    brk = layers["breaks"].assign(label=lambda d: t("map.break") + " " + d["name"].astype(str))
    src = layers["sources"].assign(
        label=lambda d: [f"{n} ({t('map.lost')})" if lost else n for n, lost in zip(d["name"], d["lost"])],
        kind_label=lambda d: d["kind"].map(lambda k: t(f"map.{k}")),
    )
    pu = layers["pumps"].assign(
        label=lambda d: [f"{t('map.pump')} {n} ({t('map.pump_' + s)})" for n, s in zip(d["name"], d["state"])]
    )
    # sources and tanks, pumps, then breaks: only the labels that fit are written (issue 15 point 13)
    brk_text, src_text, pu_text = fitting_labels(
        [TextLabels(brk, 2, 10, -8, bold=True), TextLabels(src, 0, 10, 10), TextLabels(pu, 1, 10, -8)],
        xscale, yscale, width, height,
    )  # fmt: skip
    if len(brk):
        br = _points(brk, frame)
        layers_out += [
            br.mark_point(shape="cross", filled=True, size=320, color=DAMAGE_COLOUR, stroke="white").encode(
                tooltip=alt.Tooltip("label:N", title=t("map.damage"))
            ),
            _points(brk_text, frame)
            .mark_text(align="left", dx=10, dy=-8, color=DAMAGE_COLOUR, fontWeight="bold")
            .encode(text="label:N"),
        ]
    if len(src):
        sp = _points(src, frame)
        layers_out += [
            sp.mark_point(filled=True, size=220, stroke="black").encode(
                shape=alt.Shape(
                    "kind:N", scale=alt.Scale(domain=["reservoir", "tank"], range=["square", "triangle-up"]), legend=None
                ),
                color=alt.condition(alt.datum.lost, alt.value(DAMAGE_COLOUR), alt.value(SOURCE_COLOUR)),
                tooltip=[
                    alt.Tooltip("label:N", title=t("map.source")),
                    alt.Tooltip("kind_label:N", title=t("map.kind")),
                    *_where(frame),
                ],
            ),
            _points(src_text, frame).mark_text(align="left", dx=10, dy=10, fontSize=11).encode(text="label:N"),
        ]
    if len(pu):
        pp = _points(pu, frame)
        colours = alt.Scale(domain=["running", "off", "lost"], range=[PUMP_COLOUR, CLOSED_COLOUR, DAMAGE_COLOUR])
        layers_out += [
            pp.mark_point(shape="diamond", filled=True, size=220, stroke="black").encode(
                color=alt.Color("state:N", scale=colours, legend=None), tooltip=alt.Tooltip("label:N", title=t("map.pump"))
            ),
            _points(pu_text, frame).mark_text(align="left", dx=10, dy=-8, fontSize=11).encode(text="label:N"),
        ]
    points = [nodes, layers["sources"], layers["pumps"]]
    layers_out += _found(layers["links"], [p for p in points if len(p)], found, frame)
    return alt.layer(*layers_out).properties(width=width, height=height).interactive()


def heat_map(layers: dict, found: str | None = None, basemap: str | None = None) -> alt.LayerChart:
    """The heat network coloured by supply temperature; closed routes, unheated buildings and sources marked;
    ``found`` (a route, building or source name) ringed; real coordinates and ``basemap`` as :func:`water_map`."""
    routes, b = layers["routes"], layers["buildings"]
    xs = np.concatenate([routes[["x1", "x2"]].to_numpy(float).ravel(), b["x"].to_numpy(float)])
    ys = np.concatenate([routes[["y1", "y2"]].to_numpy(float).ravel(), b["y"].to_numpy(float)])
    frame = _frame(xs, ys, layers.get("place"))
    xscale, yscale, width, height = frame.xscale, frame.yscale, frame.width, frame.height
    x, y = _axes(frame)
    tmax = max(float(np.nanmax(routes["supply_temp_c"].to_numpy(float), initial=0.0)), 60.0)
    colour = alt.Scale(scheme="redblue", reverse=True, domain=[20.0, tmax], clamp=True)
    temp_title = t("map.supply_temp_c")
    routes = routes.assign(state_label=routes["state"].map(lambda s: t(f"map.route_{s}")))
    tip = [
        alt.Tooltip("name:N", title=t("map.route")),
        alt.Tooltip("state_label:N", title=t("map.state")),
        alt.Tooltip("supply_temp_c:Q", title=temp_title, format=".1f"),
        alt.Tooltip("flow_m3_per_h:Q", title=t("map.flow_m3_per_h"), format=",.1f"),
        alt.Tooltip("diameter_mm:Q", title=t("map.diameter_mm"), format=".0f"),
    ]
    width_scale = alt.Scale(domain=[0, 1000], range=[1, 9])
    base = alt.Chart(routes).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", tooltip=tip, strokeWidth=alt.StrokeWidth("diameter_mm:Q", scale=width_scale, legend=None)
    )
    out = basemap_layers(basemap, frame) + [
        base.transform_filter(alt.datum.state == "open")
        .mark_rule()
        .encode(color=alt.Color("supply_temp_c:Q", scale=colour, title=temp_title)),
        base.transform_filter(alt.datum.state == "no_flow").mark_rule(color=DRY_COLOUR, strokeDash=[2, 2]),
        base.transform_filter(alt.datum.state == "closed").mark_rule(color=DAMAGE_COLOUR, strokeDash=[6, 3]),
    ]
    b = b.assign(
        heat_pct=100 * b["delivered_fraction"], type_label=b["building_type"].map(lambda k: t(f"building.{k}", default=k))
    )
    btip = [
        alt.Tooltip("name:N", title=t("map.building")),
        alt.Tooltip("type_label:N", title=t("map.kind")),
        alt.Tooltip("people:Q", title=t("map.people"), format=",.0f"),
        alt.Tooltip("heat_pct:Q", title=t("map.heat_pct"), format=".0f"),
        alt.Tooltip("supply_temp_c:Q", title=temp_title, format=".1f"),
        alt.Tooltip("hours_to_12c_h:Q", title=t("map.hours_to_12c"), format=".1f"),
        *_where(frame),
    ]
    pts = _points(b, frame).encode(size=alt.Size("people:Q", scale=alt.Scale(range=[30, 260]), legend=None), tooltip=btip)
    out += [
        pts.transform_filter(alt.datum.heated)
        .mark_square(opacity=1, stroke="black", strokeWidth=0.5)
        .encode(color=alt.Color("supply_temp_c:Q", scale=colour, legend=None)),
        pts.transform_filter(~alt.datum.heated).mark_square(opacity=1, color=DRY_COLOUR),
    ]
    special = (
        b[b["building_type"] != "apartment_block"]
        .sort_values("delivered_fraction", kind="stable")  # the least heated labelled first
        .assign(label=lambda d: [f"{n} ({p:.0f} %)" for n, p in zip(d["name"], d["heat_pct"])])
    )
    s = layers["sources"].assign(
        label=lambda d: [
            f"{n}: {t('map.out')}" if lost else f"{n}: {h:,.0f} kW, {tc:.0f} °C"
            for n, lost, h, tc in zip(d["name"], d["lost"], d["heat_kw"], d["supply_temp_c"])
        ]
    )
    special_text, s_text = fitting_labels(
        [TextLabels(special, 1, 8, -6), TextLabels(s, 0, 12, 12)], xscale, yscale, width, height
    )
    if len(special_text):
        out.append(_points(special_text, frame).mark_text(align="left", dx=8, dy=-6, fontSize=11).encode(text="label:N"))
    sp = _points(s, frame)
    out += [
        sp.mark_point(shape=STAR, filled=True, size=500, stroke="black").encode(
            color=alt.condition(alt.datum.lost, alt.value(DAMAGE_COLOUR), alt.value(PUMP_COLOUR)),
            tooltip=[alt.Tooltip("label:N", title=t("map.source")), *_where(frame)],
        ),
        _points(s_text, frame).mark_text(align="left", dx=12, dy=12, fontSize=11).encode(text="label:N"),
    ]
    out += _found(layers["routes"], [b, layers["sources"]], found, frame)
    return alt.layer(*out).properties(width=width, height=height).interactive()


def service_by_case(table: pd.DataFrame, columns: dict[str, str], colours: list[str]) -> alt.Chart:
    """Stacked bars of people per service class, one bar per case.

    ``table``: index = case label, one column per class; ``columns``: class column -> legend label.
    """
    long = (
        table[list(columns)]
        .rename(columns=columns)
        .rename_axis("case")
        .reset_index()
        .melt(id_vars="case", var_name="class", value_name="people")
    )
    order = list(columns.values())
    long["order"] = long["class"].map(order.index)
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("case:N", sort=list(table.index), title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("people:Q", title=t("chart.people"), stack="zero"),
            color=alt.Color("class:N", scale=alt.Scale(domain=order, range=colours), title=None),
            order="order:Q",
            tooltip=[
                alt.Tooltip("case:N", title=t("chart.case")),
                alt.Tooltip("class:N", title=t("chart.class")),
                alt.Tooltip("people:Q", title=t("chart.people"), format=",.0f"),
            ],
        )
        .properties(height=max(60 * len(table), 120))
    )


def _options_frame(table: pd.DataFrame, benefit: str) -> pd.DataFrame:
    df = table.reset_index().rename(columns={table.index.name or "index": "option"})
    df["cost"] = df["cost_per_person_year_eur"].replace([math.inf, -math.inf], np.nan)
    df["npc_meur"] = df["npc_eur"] / 1e6
    df["benefit"] = df[benefit]
    df["verdict"] = [t("compare.meets") if f else t("compare.fails") for f in df["feasible"]]
    return df


def cost_per_person(table: pd.DataFrame, benefit: str, unit_label: str) -> alt.Chart:
    """Horizontal bars: cost per person served per year; grey where the option fails a requirement."""
    df = _options_frame(table, benefit)
    # significant figures: a cost of 0.3 labelled "0" reads as the free "do nothing"
    df["label"] = [t("compare.nobody_added") if c != c else snum(c) for c in df["cost"]]
    colour = alt.Scale(domain=[t("compare.meets"), t("compare.fails")], range=[FEASIBLE_COLOUR, FAILS_COLOUR])
    base = alt.Chart(df).encode(y=alt.Y("option:N", sort=list(df["option"]), title=None, axis=alt.Axis(labelLimit=360)))
    bars = base.mark_bar().encode(
        x=alt.X("cost:Q", title=unit_label),
        color=alt.Color("verdict:N", scale=colour, title=None),
        tooltip=[
            alt.Tooltip("option:N", title=t("compare.option")),
            alt.Tooltip("cost:Q", title=unit_label, format=",.3~r"),
            alt.Tooltip("verdict:N", title=t("compare.verdict")),
        ],
    )
    text = base.mark_text(align="left", dx=4).encode(x=alt.X("cost:Q"), text="label:N")
    return (bars + text).properties(height=max(45 * len(df), 120))


def pareto(table: pd.DataFrame, benefit: str, benefit_label: str) -> alt.Chart:
    """Total cost (NPC) against people served; stars: no other option is both cheaper and serves more."""
    df = _options_frame(table, benefit)
    df["front"] = [t("compare.pareto_yes") if p else t("compare.pareto_no") for p in df["pareto_optimal"]]
    colour = alt.Scale(domain=[t("compare.meets"), t("compare.fails")], range=[FEASIBLE_COLOUR, FAILS_COLOUR])
    base = alt.Chart(df).encode(
        x=alt.X("npc_meur:Q", title=t("compare.npc_meur")),
        y=alt.Y("benefit:Q", title=benefit_label),
    )
    pts = base.mark_point(filled=True, size=260, stroke="black").encode(
        color=alt.Color("verdict:N", scale=colour, title=None),
        shape=alt.Shape(
            "front:N",
            scale=alt.Scale(domain=[t("compare.pareto_yes"), t("compare.pareto_no")], range=[STAR, "circle"]),
            title=None,
        ),
        tooltip=[
            alt.Tooltip("option:N", title=t("compare.option")),
            alt.Tooltip("npc_meur:Q", title=t("compare.npc_meur"), format=",.2f"),
            alt.Tooltip("benefit:Q", title=benefit_label, format=",.0f"),
            alt.Tooltip("front:N", title=t("compare.pareto")),
        ],
    )
    text = base.mark_text(align="left", dx=10, dy=-8, fontSize=11).encode(text="option:N")
    return (pts + text).properties(height=360).interactive()


def co2(table: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: CO2 per year of each option."""
    df = _options_frame(table, table.columns[0])
    return (
        alt.Chart(df)
        .mark_bar(color="#7f7f7f")
        .encode(
            y=alt.Y("option:N", sort=list(df["option"]), title=None, axis=alt.Axis(labelLimit=360)),
            # whole tonnes on the axis (the default format of an all-zero axis is "0.000000")
            x=alt.X("co2_t_per_year:Q", title=t("compare.co2_t_per_year"), axis=alt.Axis(format=",~r")),
            tooltip=[
                alt.Tooltip("option:N", title=t("compare.option")),
                alt.Tooltip("co2_t_per_year:Q", title=t("compare.co2_t_per_year"), format=",.0f"),
            ],
        )
        .properties(height=max(45 * len(df), 120))
    )


def _hourly_steps(lines: pd.DataFrame, hours: int, off_hours, *, x_title: str, y_title: str, off_label: str) -> alt.LayerChart:
    """People per hour as step lines (each hour's value held to the next), hours without power shaded.

    ``lines``: ``hour``, ``people``, ``case`` and optionally ``measure`` (drawn dashed by measure);
    ``hours``: the end of the last hour; ``off_hours``: the hours to shade.
    """
    keys = ["case", "measure"] if "measure" in lines else ["case"]
    # a step line needs the end of the last hour too
    lines = pd.concat([lines, lines.groupby(keys, as_index=False, sort=False).last().assign(hour=hours)], ignore_index=True)
    off = pd.DataFrame({"hour": list(off_hours)}, dtype=float)
    off["end"] = off["hour"] + 1
    shade = (
        alt.Chart(off)
        .mark_rect(color="#f2c2c2", opacity=0.6)
        .encode(x=alt.X("hour:Q", title=x_title), x2="end:Q", tooltip=alt.value(off_label))
    )
    tooltip = [alt.Tooltip("case:N", title=t("chart.case"))]
    encode = {"color": alt.Color("case:N", title=None, sort=list(dict.fromkeys(lines["case"])))}
    if "measure" in lines:
        measures = list(dict.fromkeys(lines["measure"]))
        encode["strokeDash"] = alt.StrokeDash(
            "measure:N", title=None, sort=measures, scale=alt.Scale(domain=measures, range=[[1, 0], [5, 3]])
        )
        tooltip.append(alt.Tooltip("measure:N", title=t("chart.class")))
    line = (
        alt.Chart(lines)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("hour:Q", title=x_title, scale=alt.Scale(domain=[0, hours], nice=False)),
            y=alt.Y("people:Q", title=y_title),
            tooltip=[
                *tooltip,
                alt.Tooltip("hour:Q", title=x_title),
                alt.Tooltip("people:Q", title=y_title, format=",.0f"),
            ],
            **encode,
        )
    )
    return (shade + line).properties(height=300)


def blackout_day(hourly_with: pd.DataFrame, hourly_without: pd.DataFrame) -> alt.LayerChart:
    """People served hour by hour on the last simulated day, with and without the generator; grid-off hours shaded."""
    last = hourly_with["day"].max()
    w = hourly_with[hourly_with["day"] == last]
    wo = hourly_without[hourly_without["day"] == last]
    lines = pd.concat(
        [
            pd.DataFrame({"hour": w["hour"], "people": w["people_equivalent_served"], "case": t("power.with_generator")}),
            pd.DataFrame({"hour": wo["hour"], "people": wo["people_equivalent_served"], "case": t("power.without_generator")}),
        ]
    )
    off = w.loc[~w["grid_on"].astype(bool), "hour"]
    return _hourly_steps(lines, 24, off, x_title=t("power.hour"), y_title=t("power.people_served"), off_label=t("power.grid_off"))


def service_over_time(hourly: dict[str, pd.DataFrame]) -> alt.LayerChart:
    """People with water hour by hour in every case (solid: fully or partly served, dashed: fully served).

    ``hourly``: case label -> :attr:`teplovoda.models.water.eps.EpsResult.hourly` (index = hour from the start;
    ``people_full``, ``people_partial``, ``pumps_available``). Hours the timetabled pumps have no
    power are shaded (the timetable is the scenario's, the same in every case).
    """
    with_water, full = t("water.class_with_water"), t("water.class_full")
    lines = pd.concat(
        [
            pd.DataFrame({"hour": h.index, "people": h[cols].sum(axis=1).to_numpy(), "case": case, "measure": measure})
            for case, h in hourly.items()
            for measure, cols in ((with_water, ["people_full", "people_partial"]), (full, ["people_full"]))
        ],
        ignore_index=True,
    )
    first = next(iter(hourly.values()))
    off = first.index[~first["pumps_available"].astype(bool)]
    hours = int(max(len(h) for h in hourly.values()))
    return _hourly_steps(
        lines, hours, off, x_title=t("water.eps_hour"), y_title=t("water.eps_people"), off_label=t("water.eps_pumps_off")
    )


def tank_levels(tanks: pd.DataFrame) -> alt.Chart:
    """Each tank's level at the end of every hour (m above its bottom).

    ``tanks``: :attr:`teplovoda.models.water.eps.EpsResult.tanks` (index = hour from the start, one column per tank);
    the level of hour ``h`` is drawn at ``h + 1``, the hour's end.
    """
    tank_title, level_title, hour_title = t("col.tank"), t("water.eps_level_m"), t("water.eps_hour")
    long = (
        tanks.rename_axis("hour")
        .rename_axis(columns="tank")
        .stack(future_stack=True)
        .rename("level_m")
        .reset_index()
        .assign(hour_end=lambda d: d["hour"] + 1, tank=lambda d: d["tank"].astype(str))
    )
    return (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("hour_end:Q", title=hour_title, scale=alt.Scale(domain=[0, len(tanks)], nice=False)),
            y=alt.Y("level_m:Q", title=level_title),
            color=alt.Color("tank:N", title=tank_title),
            tooltip=[
                alt.Tooltip("tank:N", title=tank_title),
                alt.Tooltip("hour_end:Q", title=hour_title),
                alt.Tooltip("level_m:Q", title=level_title, format=".2f"),
            ],
        )
        .properties(height=280)
        .interactive()
    )


def heat_delivered(results: dict, case: str) -> alt.Chart:
    """Heat delivered against demand per building in one case (kW), coldest first."""
    c = results[case].consumers
    df = c.reset_index(names="building").sort_values("delivered_fraction")
    df["heat_pct"] = 100 * df["delivered_fraction"]
    base = alt.Chart(df).encode(x=alt.X("building:N", sort=list(df["building"]), title=None, axis=alt.Axis(labelAngle=-90)))
    demand = base.mark_bar(color="white", stroke="black", strokeWidth=0.8).encode(y=alt.Y("demand_kw:Q", title=t("heat.kw")))
    delivered = base.mark_bar(color=PUMP_COLOUR, width={"band": 0.6}).encode(
        y="delivered_kw:Q",
        tooltip=[
            alt.Tooltip("building:N", title=t("map.building")),
            alt.Tooltip("demand_kw:Q", title=t("heat.demand_kw"), format=",.0f"),
            alt.Tooltip("delivered_kw:Q", title=t("heat.delivered_kw"), format=",.0f"),
            alt.Tooltip("heat_pct:Q", title=t("map.heat_pct"), format=".0f"),
        ],
    )
    return (demand + delivered).properties(height=280)


# -- Live page -------------------------------------------------------------------------------------------


#: Telemetry units (:data:`teplovoda.telemetry.schema.ASSET_FIELDS`) -> their catalogue key (``unit.<key>``).
SCHEMA_UNIT_KEYS = {
    "m3/h": "m3_per_h",
    "m3": "m3",
    "m": "m",
    "kW": "kw",
    "%": "pct",
    "°C": "degc",
    "L": "l",
    "L/h": "l_per_h",
    "h": "h",
    "kg/h": "kg_per_h",
}


def schema_unit(unit: str) -> str:
    """A telemetry unit (``m3/h``) as the language writes it (``м³/год``); an unknown one as given."""
    key = SCHEMA_UNIT_KEYS.get(unit)
    return t(f"unit.{key}") if key else unit


def live_series(frame: pd.DataFrame, unit: str, height_px: int = 280) -> alt.Chart | None:
    """One field of every asset of a kind over the chosen range (:func:`teplovoda.telemetry.query.series`:
    index = UTC time of each bucket's end, columns = ``site/asset``, attrs ``start`` and ``end``); None when
    nothing in it is a number.

    The x axis spans the whole range up to its end (now), whatever the readings cover, and both axes
    get their domain from here: Vega-Lite computing an extent over no values logged "Infinite extent
    for field time" on every refresh (issue 15, point 5). Series with no number are left out.
    """
    if frame is None or frame.empty:
        return None
    long = frame.rename_axis("time").reset_index().melt(id_vars="time", var_name="series", value_name="value")
    long = long[np.isfinite(long["value"].to_numpy(float))]
    long.attrs = {}  # the range is in the scale; Timestamps in attrs do not serialise
    if long.empty:
        return None
    start, end = frame.attrs.get("start", long["time"].min()), frame.attrs.get("end", long["time"].max())
    lo, hi = float(long["value"].min()), float(long["value"].max())
    pad = (hi - lo) * 0.05 if hi > lo else max(abs(hi) * 0.05, 1.0)
    x = alt.X("time:T", title=None, scale=alt.Scale(domain=[pd.Timestamp(start).isoformat(), pd.Timestamp(end).isoformat()]))
    unit = schema_unit(unit)
    return (
        alt.Chart(long)
        .mark_line(point=len(long) < 60)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=unit, scale=alt.Scale(domain=[lo - pad, hi + pad], nice=False, zero=False)),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("series:N", title=t("live.chart_series")),
                alt.Tooltip("time:T", format="%d.%m %H:%M", title=t("live.chart_time")),
                alt.Tooltip("value:Q", format=",.2f", title=unit),
            ],
        )
        .properties(height=height_px)
    )


def recovery_gain(
    curves: pd.DataFrame, option: str, do_nothing: str, *, interpolate: str = "step-before", people_label: str | None = None
) -> alt.LayerChart:
    """One option's people with heat by day against doing nothing (issue 16): the area between them is the
    person-days of heat it restores, shaded; the intact network dashed.

    ``curves``: :func:`teplovoda.models.costing.compare.recovery.daily_curves` (index = day, ``intact`` and one
    column per plan named as shown); ``option`` and ``do_nothing`` name its columns. A water plan's
    :func:`teplovoda.models.recovery.water_plans.step_curves` (a step after each row) passes
    ``interpolate="step-after"`` and its ``people_label``.
    """
    day, people, plan = t("recovery.day"), people_label or t("rcompare.people"), t("rcompare.plan")
    intact = t("recovery.intact")
    band = pd.DataFrame({"day": curves.index, "option": curves[option].to_numpy(), "base": curves[do_nothing].to_numpy()})
    area = (
        alt.Chart(band)
        .mark_area(interpolate=interpolate, opacity=0.3, color=FEASIBLE_COLOUR)
        .encode(x=alt.X("day:Q", title=day), y=alt.Y("option:Q", title=people), y2="base:Q")
    )
    shown = {option: option, do_nothing: do_nothing, "intact": intact}
    lines = pd.concat(
        [pd.DataFrame({"day": curves.index, "people": curves[c].to_numpy(), "plan": label}) for c, label in shown.items()],
        ignore_index=True,
    )
    steps = (
        alt.Chart(lines)
        .mark_line(interpolate=interpolate)
        .encode(
            x=alt.X("day:Q", title=day),
            y=alt.Y("people:Q", title=people),
            color=alt.Color(
                "plan:N",
                title=plan,
                scale=alt.Scale(domain=list(shown.values()), range=[FEASIBLE_COLOUR, DAMAGE_COLOUR, CLOSED_COLOUR]),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            strokeDash=alt.condition(alt.datum.plan == intact, alt.value([5, 4]), alt.value([1, 0])),
            tooltip=[alt.Tooltip("plan:N", title=plan), alt.Tooltip("day:Q", title=day), alt.Tooltip("people:Q", title=people)],
        )
    )
    return (area + steps).properties(height=260)


def repair_gantt(jobs) -> alt.Chart:
    """The repair schedule (:class:`~teplovoda.models.recovery.schedule.Job` list): a bar per repair on its crew's row."""
    crew, repair = t("rcompare.crew"), t("rcompare.repair")
    start, end = t("rcompare.start_day"), t("rcompare.end_day")
    rows = pd.DataFrame(
        {
            "crew": [t("recovery.crew_label", trade=t(f"recovery.trade.{j.repair.trade}"), n=j.crew + 1) for j in jobs],
            "repair": [j.repair.element for j in jobs],
            "start": [j.start_day for j in jobs],
            "end": [j.end_day for j in jobs],
        }
    )
    return (
        alt.Chart(rows)
        .mark_bar(height=18)
        .encode(
            x=alt.X("start:Q", title=t("recovery.day")),
            x2="end:Q",
            y=alt.Y("crew:N", title=crew),
            color=alt.Color("repair:N", title=repair, legend=None),
            tooltip=[
                alt.Tooltip("repair:N", title=repair),
                alt.Tooltip("start:Q", title=start),
                alt.Tooltip("end:Q", title=end),
            ],
        )
        .properties(height=60 + 30 * rows["crew"].nunique())
    )
