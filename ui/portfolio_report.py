"""The programme portfolio's HTML report (``portfolio.html``) and its map of the sites (issue 17).

One self-contained page (the platform works offline: the map is an inline PNG, no tiles, no scripts): the
headline in sentences, the map, the allocation per site with why, the fuel logistics per oblast, what one more
set of each size or a budget change buys, and the totals. Every table and sentence is the one the CLI prints
and ``portfolio.xlsx`` holds (:func:`teplovoda.ui.portfolio_cli.sheet_rows`, :func:`~teplovoda.ui.portfolio_cli.totals_rows`,
:func:`~teplovoda.ui.portfolio_cli.totals_lines`), so the three cannot disagree. Texts in the reader's language
(``lang``, default :func:`teplovoda.ui.i18n.language`); every string from the user's files (site, oblast and
set-type names, the portfolio's name) is HTML-escaped.

**The map** (:func:`site_map_figure`) is an equirectangular projection: longitude and latitude as they are,
the axes' aspect ``1 / cos(mean latitude)`` so that a kilometre east is as long as a kilometre north at the
portfolio's middle latitude (under 2 % off across Ukraine's 44-52 °N); no basemap. A site is coloured by the
set type it gets (matplotlib's ``tab20`` in the order of the inventory's kVA), grey when it gets none; the
marker's area is proportional to the people it serves. Heat sites are squares, coloured by the mobile boiler
type they get (matplotlib's ``Dark2`` in the order of output, MW), grey when they get none; their area is on the
same scale, by the people they heat, so a circle and a square of one size stand for as many people.
"""

from __future__ import annotations

import base64
import html
import io
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from teplovoda.ui.i18n import language, local_name, num, t, using_language  # noqa: E402
from teplovoda.ui.plots import CLOSED_COLOUR  # noqa: E402
from teplovoda.ui.portfolio_cli import sheet_rows, totals_lines, totals_rows  # noqa: E402

#: Marker areas (points^2): the smallest site and the largest.
MIN_MARKER_PT2 = 12.0
MAX_MARKER_PT2 = 500.0
NO_SET_COLOUR = CLOSED_COLOUR


def set_colours(inventory) -> dict[str, str]:
    """Set type -> colour: ``tab20`` in the order of kVA (smallest first), the same on every map of the portfolio."""
    cmap = plt.get_cmap("tab20")
    ordered = sorted(inventory, key=lambda s: (s.kva, s.set_type))
    return {s.set_type: matplotlib.colors.to_hex(cmap(i % cmap.N)) for i, s in enumerate(ordered)}


def boiler_colours(boilers) -> dict[str, str]:
    """Boiler type -> colour: ``Dark2`` in the order of output (smallest first), a palette apart from the sets'."""
    cmap = plt.get_cmap("Dark2")
    ordered = sorted(boilers, key=lambda b: (b.heat_mw, b.boiler_type))
    return {b.boiler_type: matplotlib.colors.to_hex(cmap(i % cmap.N)) for i, b in enumerate(ordered)}


def _heat_sites(ax, run, largest: float) -> list[Line2D]:
    """The heat sites as squares in their boiler type's colour (module doc); their legend entries."""
    h = getattr(run, "heat_allocation", None)
    if h is None or h.empty:
        return []
    colours = boiler_colours(run.portfolio.boilers)
    lon, lat = h["lon"].to_numpy(float), h["lat"].to_numpy(float)
    given = h["boiler_type"].to_numpy(str)
    area = _marker_area(h["people_heated"], largest)
    none = given == ""
    style = {"marker": "s", "linewidths": 0.6}
    ax.scatter(lon[none], lat[none], s=area[none], c=NO_SET_COLOUR, edgecolors="#555555", alpha=0.8, zorder=2, **style)
    order = [k for k in colours if (given == k).any()]
    for k in order:
        m = given == k
        ax.scatter(lon[m], lat[m], s=area[m], c=colours[k], edgecolors="black", zorder=3, **style)
    handles = [
        Line2D([], [], ls="", marker="s", mfc=colours[k], mec="black", markersize=8, label=f"{k} ({int((given == k).sum())})")
        for k in order
    ]
    label = t("port.map.no_boiler", sites=int(none.sum()))
    handles.append(Line2D([], [], ls="", marker="s", mfc=NO_SET_COLOUR, mec="#555555", markersize=8, label=label))
    return handles


def _marker_area(people, largest: float):
    return MIN_MARKER_PT2 + (MAX_MARKER_PT2 - MIN_MARKER_PT2) * np.asarray(people, float) / max(largest, 1.0)


def _round_1sf(x: float) -> float:
    """``x`` to one significant figure (a legend's round number: 118,080 -> 100,000)."""
    return float(round(x, -math.floor(math.log10(x))))


def _size_legend(ax, largest: float) -> None:
    """A second legend: the marker of three round numbers of people up to the largest site."""
    refs = sorted({_round_1sf(largest * f) for f in (0.1, 0.4, 1.0) if largest * f >= 1})
    handles = [
        Line2D([], [], ls="", marker="o", markersize=math.sqrt(_marker_area(p, largest)), mfc="white", mec="black", label=num(p))
        for p in refs
    ]
    legend = ax.legend(
        handles=handles, title=t("port.map.people"), loc="lower left", fontsize=8, title_fontsize=8, framealpha=0.85
    )
    ax.add_artist(legend)


def site_map_figure(run, *, title: str | None = None):
    """The sites at their coordinates, coloured by the set each gets (module doc); a matplotlib figure."""
    a = run.allocation
    colours = set_colours(run.portfolio.inventory)
    lon, lat = a["lon"].to_numpy(float), a["lat"].to_numpy(float)
    heat = getattr(run, "heat_allocation", None)
    heated = heat["people_heated"].tolist() if heat is not None and not heat.empty else []
    largest = float(max([*a["people"], *heated])) if len(a) or heated else 1.0
    fig, ax = plt.subplots(figsize=(9, 6.5))
    given = a["set_type"].to_numpy(str)
    none = given == ""
    area = _marker_area(a["people"], largest)
    ax.scatter(lon[none], lat[none], s=area[none], c=NO_SET_COLOUR, edgecolors="#555555", linewidths=0.5, alpha=0.8, zorder=2)
    order = [k for k in colours if (given == k).any()]
    for k in order:
        m = given == k
        ax.scatter(lon[m], lat[m], s=area[m], c=colours[k], edgecolors="black", linewidths=0.6, zorder=3)
    for oblast, g in a.groupby("oblast"):
        ax.annotate(
            str(oblast),
            (g["lon"].mean(), g["lat"].max()),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color="#444444",
            style="italic",
        )
    handles = [
        Line2D([], [], ls="", marker="o", mfc=colours[k], mec="black", markersize=8, label=f"{k} ({int((given == k).sum())})")
        for k in order
    ]
    handles.append(
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            mfc=NO_SET_COLOUR,
            mec="#555555",
            markersize=8,
            label=t("port.map.no_set", sites=int(none.sum())),
        )
    )
    heat_handles = _heat_sites(ax, run, largest)
    _size_legend(ax, largest)
    ax.legend(
        handles=handles + heat_handles,
        title=t("port.map.set_and_boiler" if heat_handles else "port.map.set"),
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        title_fontsize=8,
    )
    mid = math.radians(float(np.mean(lat))) if len(lat) else 0.0
    ax.set_aspect(1.0 / max(math.cos(mid), 0.05), adjustable="datalim")
    ax.margins(0.08)
    ax.set_xlabel(t("port.map.lon"))
    ax.set_ylabel(t("port.map.lat"))
    ax.grid(alpha=0.25)
    ax.set_title(title or t("port.map.title"), fontsize=11)
    fig.tight_layout()
    return fig


def site_map_png(run, *, title: str | None = None) -> bytes:
    """:func:`site_map_figure` as PNG bytes (the report embeds them, the app shows them)."""
    fig = site_map_figure(run, title=title)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _cell(v) -> str:
    """A table cell, HTML-escaped: numbers as the language writes them (whole from 10 up, else two decimals)."""
    if isinstance(v, bool | np.bool_):
        return t("report.yes") if v else t("report.no")
    if isinstance(v, int | np.integer):
        return num(int(v))
    if isinstance(v, float | np.floating):
        v = float(v)
        if not math.isfinite(v):
            return "–"
        return num(v, 0) if v.is_integer() or abs(v) >= 10 else num(v, 2)
    return html.escape(str(v))


def _table(rows, headers, css: str = "") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f"<table class='{css}'><tr>{head}</tr>{body}</table>"


STYLE = """body{font-family:sans-serif;max-width:1150px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:right}
th{background:#f3f3f3;text-align:left}table.allocation td:nth-child(1),table.allocation td:nth-child(2),
table.allocation td:nth-child(3),table.allocation td:last-child,table.named td:first-child{text-align:left}
.headline{font-size:1.15em;background:#eef7ee;padding:0.8em;border-left:6px solid #2ca02c}"""

#: The report's sections after the map: sheet name (:func:`teplovoda.ui.portfolio_cli.sheet_rows`) -> heading key.
SECTIONS = {
    "allocation": "port.report.allocation",
    "fuel_by_oblast": "port.report.fuel",
    "marginal_value": "port.report.marginal",
    "boilers": "port.report.boilers",
}


def portfolio_html(run, *, lang: str | None = None) -> str:
    """``portfolio.html``: the self-contained report of a :class:`~teplovoda.models.portfolio.PortfolioRun` (module doc)."""
    with using_language(lang):
        p = run.portfolio
        name = html.escape(local_name(p.scenario))
        headline = "".join(f"<p>{html.escape(line)}</p>" for line in totals_lines(run))
        png = base64.b64encode(site_map_png(run)).decode()
        sections = ""
        for sheet, (rows, cols) in sheet_rows(run).items():
            css = "allocation" if sheet == "allocation" else "named"
            table = _table(rows, [t(f"cli.port.col.{c}") for c in cols], css) if rows else f"<p>{t('port.report.none')}</p>"
            sections += f"<h2>{t(SECTIONS[sheet])}</h2>{table}"
        totals = _table(totals_rows(run), [t("cli.port.xlsx.total"), t("cli.port.xlsx.value")], "named")
        how = t(
            "port.report.how",
            days=num(p.spec.horizon_days),
            budget=t("port.report.fuel_in_budget") if p.spec.fuel_in_budget else t("port.report.sets_only"),
        )
        source = t("port.report.source", path=html.escape(p.path.name))
        return f"""<!doctype html><html lang="{language()}"><head><meta charset="utf-8"><title>{name}</title>
<style>{STYLE}</style></head><body>
<h1>{name}</h1>
<div class="headline">{headline}</div>
<p>{how}</p>
<h2>{t("port.report.map")}</h2>
<img alt="{html.escape(t("port.map.title"))}" src="data:image/png;base64,{png}"/>
{sections}
<h2>{t("port.report.totals")}</h2>{totals}
<p>{source}</p>
</body></html>"""


__all__ = ["boiler_colours", "portfolio_html", "set_colours", "site_map_figure", "site_map_png"]
