"""Comparison reports: a self-contained HTML page, a Markdown summary, CSV and XLSX tables.

The first screen answers the programme officer's question in one sentence and one table; charts,
maps, the engineering detail and the source of every cost figure follow.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

HEADLINE_COLUMNS = {
    "people_heated": "People kept warm",
    "people_with_water": "People with water (daily mean on the blackout timetable)",
    "hours_of_full_water_service_per_person": "Hours of full water service a day",
    "station_on_chp": "Water pumps run through blackouts on the CHP",
    "person_services_added": "Person-services added (people warm + people with water, over doing nothing)",
    "people_served": "People with water",
    "people_added": "People added over doing nothing",
    "hours_of_full_service_per_person": "Hours of full water service a day",
    "generator_kva": "Generator, kVA",
    "cost_per_person_year_eur": "Cost per person per year, EUR",
    "npc_eur": "Total cost over the horizon (present value), EUR",
    "capex_eur": "Investment, EUR",
    "co2_t_per_year": "CO2, t per year",
    "fuel_use": "Fuel",
    "fuel_logistics": "Deliveries",
    "hours_to_12c_first_building_h": "First building below 12 °C after, h",
    "feasible": "Meets the requirements",
    "why_not": "Why not",
    "rank": "Rank",
}


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        if math.isinf(v):
            return "never" if v > 0 else "–"
        if v.is_integer() or abs(v) >= 10:
            return f"{v:,.0f}"
        return f"{v:,.2f}"
    return html.escape(str(v))


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


#: How each comparison type (``Comparison.kind``) says its people served: "people <what>", and the cost chart's
#: note for an option that serves nobody.
SERVED_WORDS = {
    "heat": ("kept warm", " no one kept warm"),
    "cogeneration": ("served (person-services: warm + with water)", " no one added over doing nothing"),
    "generator": ("served", " no one added over doing nothing"),
    "water": ("served", " no one added over doing nothing"),
}


def _charts(cmp) -> list[tuple[str, str]]:
    """The cost-per-person bars and the cost-against-people scatter (on ``cmp.people_column``), as PNGs."""
    table = cmp.options
    out = []
    benefit = cmp.people_column
    what, none = SERVED_WORDS[cmp.kind]
    fig, ax = plt.subplots(figsize=(8, 3.8))
    cost = table["cost_per_person_year_eur"].replace(math.inf, float("nan"))
    colours = ["#2ca02c" if f else "#bbbbbb" for f in table["feasible"]]
    ax.barh(table.index, cost.fillna(0), color=colours)
    for i, (c, f) in enumerate(zip(cost, table["feasible"])):
        ax.text(
            0 if math.isnan(c) else c,
            i,
            none if math.isnan(c) else f" {c:,.0f}" + ("" if f else " (fails)"),
            va="center",
            fontsize=9,
        )
    ax.set_xlabel(f"EUR per person {what} per year (annualised total cost)")
    ax.invert_yaxis()
    out.append((f"Cost per person {what} per year (grey: fails a requirement)", _png(fig)))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    x_span = max(float(table["npc_eur"].max() - table["npc_eur"].min()), 1.0)
    y_span = max(float(table[benefit].max() - table[benefit].min()), 1.0)
    labelled: list[tuple[float, float]] = []
    for name, r in table.iterrows():
        ax.scatter(
            r["npc_eur"] / 1e6,
            r[benefit],
            s=90,
            c="#2ca02c" if r["feasible"] else "#bbbbbb",
            edgecolors="black",
            marker="*" if r["pareto_optimal"] else "o",
        )
        # options close together get their labels stacked downwards instead of printed over each other
        near = sum(abs(r["npc_eur"] - x) < 0.08 * x_span and abs(r[benefit] - y) < 0.05 * y_span for x, y in labelled)
        labelled.append((r["npc_eur"], r[benefit]))
        ax.annotate(name, (r["npc_eur"] / 1e6, r[benefit]), xytext=(6, 4 - 11 * near), textcoords="offset points", fontsize=8)
    ax.set_xlabel("total cost over the horizon, million EUR (present value)")
    ax.set_ylabel(f"people {what}")
    ax.grid(alpha=0.3)
    out.append((f"Cost against people {what} (stars: no option is both cheaper and serves more people)", _png(fig)))
    return out


def _water_map_img(net, result, title: str) -> str:
    """A water network map (teplovoda.ui.plots.water_map: pressure, damage) as an inline <img>."""
    from types import SimpleNamespace

    from teplovoda.ui.plots import water_map

    buf = io.BytesIO()
    water_map(SimpleNamespace(net_damaged=net, damaged=result, scenario=None), buf, title=title)
    return f"<img src='data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}' width='800'/>"


def eps_totals(eps: dict) -> pd.DataFrame:
    """Totals of an extended-period simulation per case (the CLI's table, for the report and the app).

    ``eps``: case -> :class:`teplovoda.models.water.eps.EpsResult`. Rows = case (in ``eps``'s order); columns
    ``person_hours_without_water``, ``people_without_water_max``, ``first_zone_dry_h`` (NaN: no zone ran
    dry), ``pump_energy_kwh``, ``pump_specific_energy_kwh_per_m3``, ``pump_energy_cost_eur`` (only when
    the scenario gives an energy price), ``converged``.
    """
    cols = [
        "person_hours_without_water",
        "people_without_water_max",
        "first_zone_dry_h",
        "pump_energy_kwh",
        "pump_specific_energy_kwh_per_m3",
    ]
    rows = {case: {c: float(e.totals.get(c, float("nan"))) for c in cols} for case, e in eps.items()}
    if any("cost_eur" in e.pumps for e in eps.values()):
        for case, e in eps.items():
            rows[case]["pump_energy_cost_eur"] = float(e.pumps["cost_eur"].sum()) if "cost_eur" in e.pumps else float("nan")
    for case, e in eps.items():
        rows[case]["converged"] = bool(e.converged)
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("case")


#: The report's columns of :func:`eps_totals`: column -> header.
EPS_COLUMNS = {
    "person_hours_without_water": "Person-hours without water",
    "people_without_water_max": "Most people without water at once",
    "first_zone_dry_h": "First zone dry after, h",
    "pump_energy_kwh": "Pump energy, kWh",
    "pump_specific_energy_kwh_per_m3": "Pump energy per m3 pumped, kWh/m3",
    "pump_energy_cost_eur": "Pump energy cost, EUR",
}


def _eps_cell(column: str, v) -> str:
    if column == "first_zone_dry_h" and isinstance(v, float) and math.isnan(v):
        return "never"
    if column == "pump_specific_energy_kwh_per_m3" and isinstance(v, float) and math.isfinite(v):
        return f"{v:.3f}"
    return _fmt(v)


def _eps_section(run) -> tuple[str, list[str]]:
    """A water run's extended-period simulation (``[simulation]``): the chart of people with water and tank
    levels hour by hour, and the totals per case, as HTML and as Markdown lines (both empty without one)."""
    eps = getattr(run, "eps", None)
    if not eps:
        return "", []
    from teplovoda.ui.plots import water_eps_chart

    names = {"damaged": "do nothing", **{n: n for n in run.options}, "intact": "intact network"}
    shown = {names[c]: eps[c] for c in names if c in eps}
    buf = io.BytesIO()
    hours = next(iter(shown.values())).totals.get("duration_h", float("nan"))
    water_eps_chart(shown, buf, title=f"Water service hour by hour over {hours:g} h (EPANET extended-period simulation)")
    totals = eps_totals(shown)
    cols = [c for c in EPS_COLUMNS if c in totals]
    rows = "".join(
        "<tr>" + f"<th>{html.escape(n)}</th>" + "".join(f"<td>{_eps_cell(c, r[c])}</td>" for c in cols) + "</tr>"
        for n, r in totals.iterrows()
    )
    problems = "".join(
        f"<li><b>{html.escape(n)}</b>: the simulation stopped ({html.escape(e.reason)}); the hours after that are not valid</li>"
        for n, e in shown.items()
        if not e.converged
    )
    page = (
        f"<h2>Over time: {hours:g} hours</h2><p>EPANET's extended-period simulation of the base scenario: its demand "
        "patterns and controls, tanks filling and draining, pumps switching. Top: people with water in every case "
        "(solid: fully or partly served, dotted: fully); bottom: the tank levels when nothing is done.</p>"
        f"<img src='data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}' width='900'/>"
        + (f"<ul>{problems}</ul>" if problems else "")
        + "<table><tr><th>Option</th>"
        + "".join(f"<th>{EPS_COLUMNS[c]}</th>" for c in cols)
        + "</tr>"
        + rows
        + "</table>"
    )
    md = ["", f"Over {hours:g} h (extended-period simulation):", ""]
    md += ["| Option | " + " | ".join(EPS_COLUMNS[c] for c in cols) + " |", "|---|" + "---|" * len(cols)]
    md += [f"| {n} | " + " | ".join(html.unescape(_eps_cell(c, r[c])) for c in cols) + " |" for n, r in totals.iterrows()]
    return page, md


def write_comparison(cmp, out: Path, *, maps: bool = True) -> list[str]:
    """Write report.html, summary.md, options.csv, cost_sources.csv and comparison.xlsx into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    files = comparison_files(cmp, maps=maps)
    for name, content in files.items():
        (out / name).write_bytes(content)
    return list(files)


def comparison_files(cmp, *, maps: bool = True) -> dict[str, bytes]:
    """The comparison's report files by name: options.csv, cost_sources.csv, comparison.xlsx, report.html, summary.md."""
    files: dict[str, bytes] = {
        "options.csv": cmp.to_csv().encode("utf-8"),
        "cost_sources.csv": cmp.sources_to_csv().encode("utf-8"),
        "comparison.xlsx": _xlsx(cmp),
    }
    headline = _headline(cmp)
    head_cols = [c for c in HEADLINE_COLUMNS if c in cmp.options]
    labels = dict(HEADLINE_COLUMNS)
    if cmp.per == "person-service":
        labels["cost_per_person_year_eur"] = "Cost per person-service per year, EUR"
    eps_html, eps_md = _eps_section(cmp.heat_run) if cmp.scenario.base.water else ("", [])
    files["report.html"] = _page(cmp, headline, head_cols, labels, eps_html, maps).encode("utf-8")
    files["summary.md"] = _summary_md(cmp, headline, head_cols, labels, eps_md).encode("utf-8")
    return files


def _xlsx(cmp) -> bytes:
    """The options, the cost sources and the economic assumptions as sheets of one workbook."""
    e = cmp.scenario.economics
    xlsx = io.BytesIO()
    with pd.ExcelWriter(xlsx) as xl:
        cmp.options.replace([math.inf, -math.inf], float("nan")).to_excel(xl, sheet_name="options")
        cmp.sources.to_excel(xl, sheet_name="cost sources", index=False)
        pd.DataFrame(
            {
                "assumption": ["horizon_years", "discount_rate", "price_year", "inflation_pct_per_year", "full_load_hours"],
                "value": [e.horizon_years, e.discount_rate, e.price_year, e.inflation_pct_per_year, e.full_load_hours],
            }
        ).to_excel(xl, sheet_name="assumptions", index=False)
    return xlsx.getvalue()


def _served_heat(b) -> str:
    return f"keeps {b['people_heated']:,.0f} people warm"


def _served_cogeneration(b) -> str:
    return (
        f"keeps {b['people_heated']:,.0f} people warm and gives {b['people_with_water']:,.0f} people water "
        f"({b['hours_of_full_water_service_per_person']:.0f} h of full service a day)"
    )


def _served_water(b) -> str:
    served = f"gives {b['people_added']:,.0f} more people water"
    if "hours_of_full_service_per_person" in b:
        served += f" ({b['hours_of_full_service_per_person']:.0f} h of full service a day)"
    return served


#: What the best option serves, in words, per comparison type (``Comparison.kind``).
SERVED_SENTENCE = {"heat": _served_heat, "cogeneration": _served_cogeneration, "generator": _served_water, "water": _served_water}


def _headline(cmp) -> str:
    """The answer in one sentence (HTML): the best-value option, what it serves and its cost per person per year."""
    t, e = cmp.options, cmp.scenario.economics
    best = t[t["rank"] == 1]
    if not len(best):
        return "No option meets the requirements: see 'Why not'."
    b = best.iloc[0]
    return (
        f"Best value: <b>{html.escape(best.index[0])}</b> {SERVED_SENTENCE[cmp.kind](b)} for "
        f"{_fmt(float(b['cost_per_person_year_eur']))} EUR per {cmp.per} per year "
        f"({b['npc_eur'] / 1e6:,.2f} million EUR over {e.horizon_years} years, present value)."
    )


def _basis_heat(cmp) -> str:
    return (
        f"the people kept warm (receiving at least 95 % of their heat) on a "
        f"{cmp.heat_run.scenario.weather.outdoor_temp_c:g} °C day"
    )


def _basis_cogeneration(cmp) -> str:
    return (
        f"the person-services the option adds over doing nothing: the people it keeps warm (at least 95 % of their "
        f"heat on a {cmp.heat_run.scenario.weather.outdoor_temp_c:g} °C day) plus the people it gives water "
        "(people-equivalent, daily mean on the blackout timetable; the CHP units keep the pumps running through "
        "blackouts when they can carry the station). A person given both heat and water counts twice: once per service"
    )


def _basis_water(cmp) -> str:
    return "the people the option adds to those served without it (people-equivalent, daily mean on the blackout timetable)"


#: What the cost per person is divided by, in words, per comparison type (``Comparison.kind``).
BASIS = {"heat": _basis_heat, "cogeneration": _basis_cogeneration, "generator": _basis_water, "water": _basis_water}


def _maps_html(cmp, maps: bool) -> str:
    """The network maps: each heat case, or each water case, and the water site's network."""
    map_html = ""
    if maps and cmp.scenario.base.heat:
        from teplovoda.ui.plots import heat_map

        run = cmp.heat_run
        for case in run.results:
            if case == "intact":
                continue
            buf = io.BytesIO()
            heat_map(run.nets[case], run.results[case], buf, title="do nothing" if case == "damaged" else case)
            map_html += (
                f"<h3>{html.escape('do nothing' if case == 'damaged' else case)}</h3>"
                f"<img src='data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}' width='800'/>"
            )
    elif maps and cmp.scenario.base.water:
        run = cmp.heat_run  # the base model's run (a WaterRun for a water base)
        cases = {"do nothing": (run.net_damaged, run.damaged), **run.options}
        for case, (net, res) in cases.items():
            map_html += f"<h3>{html.escape(case)}</h3>" + _water_map_img(net, res, case)
    site = cmp.heat_run if cmp.scenario.base.power else getattr(cmp, "site_run", None)
    if maps and site is not None and getattr(site, "net", None) is not None:
        title = f"{site.scenario.site.name}: its water network, every pump running"
        map_html += f"<h3>{html.escape(title)}</h3>" + _water_map_img(site.net, site.intact, title)
    return map_html


def _table_html(t: pd.DataFrame, cols: list[str], headers: list[str]) -> str:
    """An options table: one row per option, the given columns under the given headers."""
    rows = "".join(
        "<tr>" + f"<th>{html.escape(n)}</th>" + "".join(f"<td>{_fmt(r[c])}</td>" for c in cols) + "</tr>" for n, r in t.iterrows()
    )
    return "<table><tr><th>Option</th>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>" + rows + "</table>"


def _page(cmp, headline: str, head_cols: list[str], labels: dict, eps_html: str, maps: bool) -> str:
    """The self-contained HTML report."""
    t, s = cmp.options, cmp.scenario
    e = s.economics
    failing = t[~t["feasible"]]
    fail_lines = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(r['why_not'])}</li>" for n, r in failing.iterrows())
    table_html = _table_html(t, head_cols, [labels[c] for c in head_cols])
    charts = "".join(f"<h3>{html.escape(title)}</h3><img src='data:image/png;base64,{png}'/>" for title, png in _charts(cmp))
    map_html = _maps_html(cmp, maps)
    detail_cols = [c for c in t.columns if c not in head_cols]
    detail = _table_html(t, detail_cols, [html.escape(c) for c in detail_cols])
    src_rows = "".join(
        f"<tr><td>{html.escape(str(r['case']))}</td><td>{html.escape(str(r['item']))}</td><td>{html.escape(str(r['figure']))}</td>"
        f"<td>{_fmt(float(r['value_eur']))}</td><td>{html.escape(str(r['price_year']))}</td><td>{html.escape(str(r['source']))}</td></tr>"
        for _, r in cmp.sources.iterrows()
    )
    fuel_rows = "".join(
        f"<tr><td>{html.escape(f)}</td><td>{p.price:g} {html.escape(p.currency)}/{html.escape(p.unit)}</td>"
        f"<td>{p.price_year}</td><td>{html.escape(p.source)}</td></tr>"
        for f, p in s.fuel_prices.items()
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(s.scenario.name)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:right}}th{{background:#f3f3f3;text-align:left}}
.headline{{font-size:1.3em;background:#eef7ee;padding:0.8em;border-left:6px solid #2ca02c}}</style></head><body>
<h1>{html.escape(s.scenario.name)}</h1>
<p class="headline">{headline}</p>
<ul>{fail_lines}</ul>
{table_html}
<p>Costs are present values in EUR of {e.price_year} over {e.horizon_years} years at a {e.discount_rate:.0%} discount rate;
"cost per person per year" is the total cost spread evenly over the years, divided by {BASIS[cmp.kind](cmp)}.</p>
<h2>Charts</h2>{charts}
{eps_html}
<h2>Network maps</h2>{map_html or "<p>(maps not drawn)</p>"}
<h2>Engineering and cost detail</h2>{detail}
<h2>Where every cost figure comes from</h2>
<table><tr><th>Option</th><th>Item</th><th>Figure</th><th>EUR</th><th>Price year</th><th>Source</th></tr>{src_rows}</table>
<h3>Fuel prices</h3><table><tr><th>Fuel</th><th>Price</th><th>Price year</th><th>Source</th></tr>{fuel_rows}</table>
<p>Technology costs: Danish Energy Agency technology catalogues via PyPSA technology-data (costs_2025.csv), brought to
{e.price_year} at {e.inflation_pct_per_year:g} % a year. Emission factors: IPCC 2006 defaults; Ukraine's national
factors (CMU resolution 156 of 2026). Made with teplovoda from {html.escape(str(s.path))}.</p>
</body></html>"""


def _summary_md(cmp, headline: str, head_cols: list[str], labels: dict, eps_md: list[str]) -> str:
    """The Markdown summary: the answer, the failing options, the headline table."""
    t, e = cmp.options, cmp.scenario.economics
    md = [f"# {cmp.scenario.scenario.name}", "", headline.replace("<b>", "**").replace("</b>", "**"), ""]
    for n, r in t[~t["feasible"]].iterrows():
        md.append(f"- **{n}** fails: {r['why_not']}")
    md += ["", "| Option | " + " | ".join(labels[c] for c in head_cols) + " |", "|---|" + "---|" * len(head_cols)]
    for n, r in t.iterrows():
        md.append(f"| {n} | " + " | ".join(html.unescape(_fmt(r[c])) for c in head_cols) + " |")
    md += [
        "",
        f"Present values in EUR of {e.price_year}, {e.horizon_years} years, {e.discount_rate:.0%} discount rate. "
        "Sources of every figure: cost_sources.csv and report.html.",
    ]
    md += eps_md
    return "\n".join(md) + "\n"
