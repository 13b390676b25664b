"""Comparison reports: a self-contained HTML page, a Markdown summary, CSV and XLSX tables.

The first screen answers the programme officer's question in one sentence and one table; charts,
maps, the engineering detail and the source of every cost figure follow.

Every header and sentence comes from :mod:`teplovoda.ui.strings` in the language of ``lang`` (default
:func:`teplovoda.ui.i18n.language`: the app session's, else the CLI's ``--lang``), numbers written as the
language writes them. Why an option fails is written in the language too (:func:`reason`, from the key and
values of the models' :class:`~teplovoda.models.messages.Msg`); texts from the scenario (option names, cost
sources) stay as written there.

The tables are for forwarding: labelled headers with units (:data:`EXPORT_COLUMNS`), values rounded to
what they mean (:func:`teplovoda.ui.i18n.sig`: three significant figures, whole units from 100 up) and
no ``inf`` (an infinite cost per person is an empty cell beside its reason, an infinite time "never").
``options.csv`` is in English whatever the language, so scripts read the same file from every run;
the XLSX workbook's headers are in the report's language and its sheet names stay English, with the
full-precision values on the sheet ``options, full precision``; ``comparison.json`` is the result as
data (:meth:`~teplovoda.models.costing.compare.result.Comparison.to_json`).
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from teplovoda.ui.i18n import gnum, language, local_name, num, qty, sig, snum, t, unit, using_language  # noqa: E402

#: The headline table's columns, in order: column -> label key (the app's where the meaning is the same).
HEADLINE_COLUMNS = {
    "people_heated": "col.people_heated",
    "people_with_water": "report.col.people_with_water",
    "hours_of_full_water_service_per_person": "report.col.hours_of_full_water_service",
    "station_on_chp": "report.col.station_on_chp",
    "person_services_added": "report.col.person_services_added",
    "people_served": "col.people_served",
    "people_added": "report.col.people_added",
    "hours_of_full_service_per_person": "report.col.hours_of_full_water_service",
    "generator_kva": "col.generator_kva",
    # with [recovery] in the base (models/costing/compare/recovery.py): the figures over days
    "person_days_without_heat": "export.col.person_days_without_heat",
    "person_days_without_water": "export.col.person_days_without_water",
    "days_to_critical_restored": "export.col.days_to_critical_restored",
    "freeze_damaged_buildings": "export.col.freeze_damaged_buildings",
    "freeze_repair_cost_eur": "export.col.freeze_repair_cost_eur",
    "freeze_repairs_avoided_eur": "export.col.freeze_repairs_avoided_eur",
    "cost_per_person_day_restored_eur": "export.col.cost_per_person_day_restored_eur",
    "cost_per_person_year_eur": "report.col.cost_per_person_year_eur",
    "npc_eur": "report.col.npc_eur",
    "capex_eur": "col.capex_eur",
    "co2_t_per_year": "compare.co2_t_per_year",
    "fuel_use": "col.fuel_use",
    "fuel_logistics": "col.fuel_logistics",
    "hours_to_12c_first_building_h": "report.col.hours_to_12c_first_building_h",
    "feasible": "report.col.feasible",
    "why_not": "col.why_not",
    "snapshot_rank": "export.col.snapshot_rank",
    "rank": "col.rank",
}


#: Every options column a comparison exports, in the order of the tables: column -> label key (its unit in the text).
#: A column of a new engine is declared here once; an undeclared one is exported under its own name.
EXPORT_COLUMNS = {
    c: f"export.col.{c}"
    for c in (
        "people_heated",
        "people_without_heat",
        "people_underheated",
        "people_with_water",
        "hours_of_full_water_service_per_person",
        "people_heated_added",
        "people_with_water_added",
        "person_services_added",
        "people_served",
        "people_added",
        "people_without_water",
        "people_partial",
        "hours_of_full_service_per_person",
        "generator_kva",
        "row_kind",
        "in_service_day",
        "cost_eur",
        "person_days_without_heat",
        "person_days_without_water",
        "person_days_restored",
        "days_to_critical_restored",
        "freeze_damaged_buildings",
        "freeze_repair_cost_eur",
        "freeze_repairs_avoided_eur",
        "cost_per_person_day_restored_eur",
        "heat_delivered_kw",
        "annual_heat_mwh",
        "leak_m3_per_h",
        "unserved_volume_m3_per_day",
        "cost_per_person_year_eur",
        "npc_eur",
        "capex_eur",
        "fixed_om_eur_per_year",
        "variable_om_eur_per_year",
        "fuel_eur_per_year",
        "replacement_and_salvage_eur",
        "lcoh_eur_per_mwh",
        "lcoe_eur_per_mwh",
        "electricity_mwh_per_year",
        "co2_t_per_year",
        "fuel_use",
        "fuel_logistics",
        "hours_to_12c_first_building_h",
        "chp_heat_kw",
        "chp_electric_kw",
        "station_load_kw",
        "station_on_chp",
        "water_supply",
        "chp_heat_made_up_grid_off_kw",
        "feasible",
        "why_not",
        "snapshot_rank",
        "rank",
        "pareto_optimal",
        "converged",
    )
}
#: Columns whose infinity means "never" (a time); any other infinity is an empty cell.
NEVER_COLUMNS = ("hours_to_12c_first_building_h", "days_to_critical_restored")
SOURCE_COLUMNS = ("case", "item", "figure", "value_eur", "price_year", "source")


def export_labels(cmp) -> dict[str, str]:
    """The labelled header (with its unit) of every options column, in the current language."""
    labels = {c: t(key) for c, key in EXPORT_COLUMNS.items()}
    if cmp.per == "person-service":
        labels["cost_per_person_year_eur"] = t("export.col.cost_per_person_service_year_eur")
    return _recovery_labels(cmp, labels)


def _recovery_labels(cmp, labels: dict) -> dict:
    """``labels`` with a recovery's own labels where heat's would mislead (a water recovery's person-days restored)."""
    if cmp.recovery is not None and cmp.kind in RECOVERY:
        labels.update({c: t(key) for c, key in RECOVERY[cmp.kind].labels})
    return labels


#: How each number of a model's reason (:class:`teplovoda.models.messages.Msg` values) is written: its digits.
#: A number not named here is a setting echoed as given (``needs 70 °C``).
REASON_DIGITS = {
    "hours_h": 1,
    "people_hours_per_day": 0,  # portfolio (issue 17)
    "per_eur": 2,
    "shortfall_kva": 0,
    "needed_kva": 0,
    "delivered_pct": 0,
    "needed_pct": 0,
    "supply_c": 0,
    "people": 0,
    "electric_kw": 0,
    "lost_kw": 0,
    "spare_kw": 0,
    "amount_per_day": 1,
    "litres_per_day": 0,
    "per_week": 1,
    "days": 1,
}


#: Values of a message that are codes, each shown by its name in the catalogue (``fuel = "wood_chips"``).
REASON_CODES = {"fuel": "export.fuel.", "unit": "unit.fuel."}
#: Columns of a comparison whose cells are the models' messages (:class:`~teplovoda.models.messages.Msg`).
MESSAGE_COLUMNS = ("why_not", "fuel_use", "fuel_logistics")


def _reason_value(name: str, v):
    if isinstance(v, int | float):
        return num(v, REASON_DIGITS[name]) if name in REASON_DIGITS else gnum(v)
    if name in REASON_CODES and isinstance(v, str):
        return t(REASON_CODES[name] + v, default=v)
    return v


def _reason_part(why) -> str:
    key = getattr(why, "key", "")
    if not key:
        return str(why)
    return t(f"why.{key}", default=str(why), **{name: _reason_value(name, v) for name, v in why.values.items()})


def reason(why) -> str:
    """Why an option fails, in the current language: each reason the models gave (a ``Msg``) from its key and
    values (``why.<key>`` in the catalogue), else its English text; several joined by ``"; "``; ``""`` for none."""
    if not isinstance(why, str) or not why:
        return ""
    return "; ".join(_reason_part(p) for p in (getattr(why, "parts", ()) or (why,)))


def _export_cell(column: str, v, rounded: bool):
    """One cell of a forwarded table: yes/no, rounded or full number, no infinity, reasons in the language."""
    if column in MESSAGE_COLUMNS:
        return reason(v)
    if isinstance(v, (bool, np.bool_)):
        return t("export.yes") if v else t("export.no")
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isinf(v):
            return t("export.never") if column in NEVER_COLUMNS else None
        if math.isnan(v):
            return None
        if column in ("rank", "snapshot_rank"):
            return int(v)
        if not rounded:
            return v
        v = sig(v)
        return int(v) if v.is_integer() else v  # 84617, not 84617.0
    return v


def option_names(cmp) -> dict[str, str]:
    """Each option of a comparison (by its name in ``cmp.options``) as the reader's language names it: the
    scenario file's ``name_uk`` / ``name_en`` (generator options, the base scenario's options), else its name;
    ``do nothing`` from the catalogue."""
    base = getattr(cmp.heat_run, "scenario", None)
    specs = [*getattr(cmp.scenario, "generator_options", ()), *getattr(base, "options", ())]
    names = {s.name: local_name(s) for s in specs if hasattr(s, "name")}
    names["do nothing"] = t("compare.do_nothing")
    return {n: names.get(n, n) for n in cmp.options.index}


def export_table(cmp, *, rounded: bool = True) -> pd.DataFrame:
    """The options table to forward (see the module doc): the option first, then every column, labelled in the language.

    Rows = options in the comparison's order (``do nothing`` first, named in the language); ``rounded``:
    values as :func:`~teplovoda.ui.i18n.sig` rounds them, else at full precision.
    """
    opts, labels = cmp.options, export_labels(cmp)
    cols = [c for c in EXPORT_COLUMNS if c in opts] + [c for c in opts.columns if c not in EXPORT_COLUMNS]
    # object columns: whole numbers stay integers beside empty cells (pandas would make them floats)
    out = pd.DataFrame({labels.get(c, c): pd.Series([_export_cell(c, v, rounded) for v in opts[c]], dtype=object) for c in cols})
    names = option_names(cmp)
    out.insert(0, t("export.col.option"), [names[n] for n in opts.index])
    return out


def options_csv(cmp) -> bytes:
    """``options.csv``: :func:`export_table` in English, whatever the language (scripts read one file from every run)."""
    with using_language("en"):
        return export_table(cmp).to_csv(index=False).encode("utf-8")


def sources_csv(cmp) -> bytes:
    """``cost_sources.csv``: the cost sources with labelled headers, in English like ``options.csv``."""
    with using_language("en"):
        return sources_table(cmp).to_csv(index=False).encode("utf-8")


def sources_table(cmp) -> pd.DataFrame:
    """The cost sources with labelled headers (values in EUR rounded to whole euros)."""
    src = cmp.sources.reindex(columns=list(SOURCE_COLUMNS))
    src = src.assign(value_eur=[None if v != v else round(float(v)) for v in src["value_eur"]])
    names = option_names(cmp)
    src = src.assign(case=[names.get(n, n) for n in src["case"]])
    return src.rename(columns={c: t(f"export.col.{c}") for c in SOURCE_COLUMNS})


def _assumptions_table(e) -> pd.DataFrame:
    """The economic frame, the exchange rates, their date and source, labelled."""
    rows = [
        (t("export.col.horizon_years"), e.horizon_years),
        (t("export.col.discount_rate_pct"), sig(100 * e.discount_rate)),
        (t("export.col.price_year"), e.price_year),
        (t("export.col.inflation_pct_per_year"), e.inflation_pct_per_year),
        (t("export.col.full_load_hours"), e.full_load_hours),
    ]
    for currency, rate in (e.exchange_rates or {}).items():
        rows.append((t("export.col.exchange_rate", currency=currency), rate))
    if e.exchange_rates:
        rows.append((t("export.col.exchange_rates_date"), e.exchange_rates_date or "–"))
        rows.append((t("export.col.exchange_rates_source"), e.exchange_rates_source or "–"))
    return pd.DataFrame(rows, columns=[t("export.col.assumption"), t("export.col.value")])


def _price_eur(e, price, fuel: str) -> str:
    """A fuel price in EUR of the price year, to three significant figures; "–" in a currency without a rate
    (a library default the scenario neither burns nor converts)."""
    from teplovoda.models.errors import InputError

    try:
        return snum(e.to_eur(price.price, price.currency, price.price_year, fuel))
    except InputError:
        return "–"


def refill_text(f: dict) -> str:
    """Days between tanker deliveries, and a bulk tank when the tanker carries more than the site tank holds."""
    return t(
        f"power.refill_{f['refill_plan']}",
        days=num(f["refill_interval_days"], 1),
        deliveries=num(f["deliveries_per_week"], 1),
        tank=qty(f["tank_l"], "l"),
        tanker=qty(f["tanker_l"], "l"),
        delivery=qty(f["delivery_l"], "l"),
        bulk=qty(f["bulk_tank_l"], "l"),
        bulk_days=num(f["bulk_refill_interval_days"], 1),
    )


def start_sequence_text(sizing, running) -> str:
    """The kVA the motor starts need one at a time and all together, and, when only one at a time passes
    on the recommended set, the sequence (largest start first) and the delay between starts."""
    from teplovoda.models.power.site import STAGGER_DELAY_S, start_order

    text = t("power.start_kva", staggered=num(sizing.required_kva_staggered), together=num(sizing.required_kva_simultaneous))
    if sizing.starts == "simultaneous":
        return text + " " + t("power.sized_simultaneous")
    if sizing.staggering_needed:
        order = ", ".join(start_order(running))
        text += " " + t(
            "power.stagger_needed",
            order=order,
            delay_s=gnum(STAGGER_DELAY_S),
            together=num(sizing.required_kva_simultaneous),
            kva=num(sizing.recommended_kva),
        )
    return text


def exchange_rates_text(e) -> str:
    """The sentence saying which exchange rates turned other currencies into EUR, of which day; "" with none."""
    if not e.exchange_rates:
        return ""
    rates = ", ".join(t("compare.exchange_rate", currency=c, rate=gnum(r)) for c, r in e.exchange_rates.items())
    if not e.exchange_rates_date:
        return t("compare.exchange_rates_undated", rates=rates)
    source = e.exchange_rates_source or t("compare.exchange_rates_no_source")
    return t("compare.exchange_rates", rates=rates, date=e.exchange_rates_date, source=source)


def _fmt(v) -> str:
    """A table cell (HTML-escaped): whole numbers from 10 up, else two decimals; yes/no; never."""
    if isinstance(v, bool):
        return t("report.yes") if v else t("report.no")
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        if math.isinf(v):
            return t("unit.never") if v > 0 else "–"
        return num(v, 0) if v.is_integer() or abs(v) >= 10 else num(v, 2)
    return html.escape(str(v))


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


#: The comparison types (``Comparison.kind``); each says its people served as ``report.served.<kind>``
#: ("people <what>") and the cost chart's note for an option that serves nobody as ``report.none.<kind>``.
KINDS = ("heat", "cogeneration", "generator", "water")


def _charts(cmp) -> list[tuple[str, str]]:
    """The cost-per-person bars and the cost-against-people scatter (on ``cmp.people_column``), as PNGs."""
    table = cmp.options.rename(index=option_names(cmp))
    out = []
    benefit = cmp.people_column
    what, none = t(f"report.served.{cmp.kind}"), " " + t(f"report.none.{cmp.kind}")
    fig, ax = plt.subplots(figsize=(8, 3.8))
    cost = table["cost_per_person_year_eur"].replace(math.inf, float("nan"))
    colours = ["#2ca02c" if f else "#bbbbbb" for f in table["feasible"]]
    ax.barh(table.index, cost.fillna(0), color=colours)
    for i, (c, f) in enumerate(zip(cost, table["feasible"])):
        ax.text(
            0 if math.isnan(c) else c,
            i,
            none if math.isnan(c) else f" {snum(c)}" + ("" if f else " " + t("report.fails_mark")),
            va="center",
            fontsize=9,
        )
    ax.set_xlabel(t("report.cost_axis", what=what))
    ax.invert_yaxis()
    out.append((t("report.cost_chart", what=what), _png(fig)))
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
    ax.set_xlabel(t("report.npc_axis"))
    ax.set_ylabel(t("report.people_axis", what=what))
    ax.grid(alpha=0.3)
    out.append((t("report.pareto_chart", what=what), _png(fig)))
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


#: The report's columns of :func:`eps_totals`: column -> (the app's label key, its unit).
EPS_COLUMNS = {
    "person_hours_without_water": ("col.person_hours_without", None),
    "people_without_water_max": ("col.people_without_max", None),
    "first_zone_dry_h": ("col.first_zone_dry", "h"),
    "pump_energy_kwh": ("col.pump_energy", "kwh"),
    "pump_specific_energy_kwh_per_m3": ("col.pump_specific_energy", "kwh_per_m3"),
    "pump_energy_cost_eur": ("col.pump_energy_cost", "eur"),
}


def _eps_header(column: str) -> str:
    """``Pump energy, kWh``: the label and its unit in the language."""
    key, unit_name = EPS_COLUMNS[column]
    return t(key) + (f", {unit(unit_name)}" if unit_name else "")


def _eps_cell(column: str, v) -> str:
    if column == "first_zone_dry_h" and isinstance(v, float) and math.isnan(v):
        return t("unit.never")
    if column == "pump_specific_energy_kwh_per_m3" and isinstance(v, float) and math.isfinite(v):
        return num(v, 3)
    return _fmt(v)


def _eps_section(run) -> tuple[str, list[str]]:
    """A water run's extended-period simulation (``[simulation]``): the chart of people with water and tank
    levels hour by hour, and the totals per case, as HTML and as Markdown lines (both empty without one)."""
    eps = getattr(run, "eps", None)
    if not eps:
        return "", []
    from teplovoda.ui.plots import case_names, water_eps_chart

    names = {"damaged": t("compare.do_nothing"), **{n: n for n in run.options}, **case_names(run), "intact": t("case.intact")}
    shown = {names[c]: eps[c] for c in names if c in eps}
    buf = io.BytesIO()
    hours = next(iter(shown.values())).totals.get("duration_h", float("nan"))
    water_eps_chart(shown, buf, title=t("report.eps_chart", hours=gnum(hours)))
    totals = eps_totals(shown)
    cols = [c for c in EPS_COLUMNS if c in totals]
    rows = "".join(
        "<tr>" + f"<th>{html.escape(n)}</th>" + "".join(f"<td>{_eps_cell(c, r[c])}</td>" for c in cols) + "</tr>"
        for n, r in totals.iterrows()
    )
    problems = "".join(
        "<li>" + t("report.eps_stopped", case=f"<b>{html.escape(n)}</b>", reason=html.escape(e.reason)) + "</li>"
        for n, e in shown.items()
        if not e.converged
    )
    page = (
        f"<h2>{t('report.eps_title', hours=gnum(hours))}</h2><p>{t('report.eps_intro')}</p>"
        f"<img src='data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}' width='900'/>"
        + (f"<ul>{problems}</ul>" if problems else "")
        + f"<table><tr><th>{t('compare.option')}</th>"
        + "".join(f"<th>{_eps_header(c)}</th>" for c in cols)
        + "</tr>"
        + rows
        + "</table>"
    )
    md = ["", t("report.eps_md", hours=gnum(hours)), ""]
    md += [f"| {t('compare.option')} | " + " | ".join(_eps_header(c) for c in cols) + " |", "|---|" + "---|" * len(cols)]
    md += [f"| {n} | " + " | ".join(html.unescape(_eps_cell(c, r[c])) for c in cols) + " |" for n, r in totals.iterrows()]
    return page, md


def write_comparison(cmp, out: Path, *, maps: bool = True, lang: str | None = None) -> list[str]:
    """Write the :func:`comparison_files` into ``out``, in ``lang``."""
    out.mkdir(parents=True, exist_ok=True)
    files = comparison_files(cmp, maps=maps, lang=lang)
    for name, content in files.items():
        (out / name).write_bytes(content)
    return list(files)


def comparison_files(cmp, *, maps: bool = True, lang: str | None = None) -> dict[str, bytes]:
    """The comparison's report files by name: options.csv, cost_sources.csv, comparison.json, comparison.xlsx, report.html,
    summary.md.

    ``lang`` (``uk``/``en``) is the language of report.html and summary.md; None: :func:`teplovoda.ui.i18n.language`.
    A caller that makes the files later than its own script run (a download button's callable) passes its language.
    """
    files: dict[str, bytes] = {"options.csv": options_csv(cmp), "cost_sources.csv": sources_csv(cmp)}
    files["comparison.json"] = (cmp.to_json() + "\n").encode("utf-8")
    with using_language(lang):
        files["comparison.xlsx"] = _xlsx(cmp)
        headline = _headline(cmp)
        head_cols = [c for c in HEADLINE_COLUMNS if c in cmp.options]
        labels = {c: t(key) for c, key in HEADLINE_COLUMNS.items()}
        if cmp.per == "person-service":
            labels["cost_per_person_year_eur"] = t("report.col.cost_per_person_service_year_eur")
        labels = _recovery_labels(cmp, labels)
        eps_html, eps_md = _eps_section(cmp.heat_run) if cmp.scenario.base.water else ("", [])
        rec_html, rec_md = _recovery_section(cmp)
        eps_html, eps_md = eps_html + rec_html, eps_md + rec_md
        files["report.html"] = _page(cmp, headline, head_cols, labels, eps_html, maps).encode("utf-8")
        files["summary.md"] = _summary_md(cmp, headline, head_cols, labels, eps_md).encode("utf-8")
    return files


def _xlsx(cmp) -> bytes:
    """The options (rounded, then at full precision), the cost sources and the assumptions, as sheets of one workbook.

    Headers in the current language, sheet names in English (scripts open them by name).
    """
    xlsx = io.BytesIO()
    with pd.ExcelWriter(xlsx) as xl:
        export_table(cmp).to_excel(xl, sheet_name="options", index=False)
        export_table(cmp, rounded=False).to_excel(xl, sheet_name="options, full precision", index=False)
        sources_table(cmp).to_excel(xl, sheet_name="cost sources", index=False)
        _assumptions_table(cmp.scenario.economics).to_excel(xl, sheet_name="assumptions", index=False)
        if cmp.recovery is not None:
            recovery_sheet(cmp).to_excel(xl, sheet_name="recovery", index=False)
        if cmp.over_days is not None:
            over_days_export(cmp).to_excel(xl, sheet_name="over days", index=False)
        summary_sheet(cmp).to_excel(xl, sheet_name="summary", index=False)
        if cmp.blackout is not None:
            blackout_table(cmp).to_excel(xl, sheet_name="blackout offers", index=False)
    return xlsx.getvalue()


def summary_sheet(cmp) -> pd.DataFrame:
    """The XLSX sheet ``summary``: the best-value sentence and, with ``[recovery]``, whether counting lead times
    changes the ranking and why (:func:`ranking_sentence`), one a row, as plain text."""
    headline = html.unescape(_headline(cmp).replace("<b>", "").replace("</b>", ""))
    rows = [headline, *([ranking_sentence(cmp)] if cmp.over_days is not None else [])]
    return pd.DataFrame({t("export.col.sentence"): rows})


def recovery_names(cmp) -> dict[str, str]:
    """Each recovery plan's name as the reader's language names it: options as :func:`option_names`, "no action"
    as doing nothing (for water: the repairs only), staged plans as written."""
    from teplovoda.models.costing.compare.recovery import plan_of

    names = {plan_of(o): n for o, n in option_names(cmp).items()}
    if RECOVERY[cmp.kind].no_action:  # no action keeps the crews' repairs
        names[plan_of("do nothing")] = t(RECOVERY[cmp.kind].no_action)
    return {p: names.get(p, p) for p in cmp.recovery.plans}


def _heat_headline(cmp, b, option: str) -> str:
    day = float(b["days_to_critical_restored"])
    critical = t("rcompare.critical_day", day=gnum(day)) if math.isfinite(day) else t("rcompare.critical_never")
    return t(
        "rcompare.best",
        days=cmp.recovery.scenario.recovery.horizon_days,
        option=option,
        restored=num(b["person_days_restored"]),
        cost=snum(float(b["cost_per_person_day_restored_eur"])),
        critical=critical,
    )


def _water_headline(cmp, b, option: str) -> str:
    day = float(b["days_to_critical_restored"])  # NaN: no critical repair flagged, nothing said
    critical = "." if math.isnan(day) else t("rcompare.water.critical_never")
    if math.isfinite(day):
        critical = t("rcompare.water.critical_day", day=gnum(day))
    return t(
        "rcompare.water.best",
        days=gnum(cmp.recovery.horizon_days),
        option=option,
        restored=num(b["person_days_restored"]),
        cost=snum(float(b["cost_per_person_day_restored_eur"])),
        critical=critical,
    )


def recovery_headline(cmp, option: str) -> str:
    """The best-value sentence in person-days (``option`` already formatted): the over-days table's first row."""
    b = best_over_days(cmp)
    return RECOVERY[cmp.kind].headline(cmp, b, option)


def best_over_days(cmp):
    """The over-days table's first row (an option or a staged plan; its ``name`` is the row's), or None."""
    over = cmp.over_days if cmp.over_days is not None else cmp.options
    best = over[over["rank"] == 1]
    return best.iloc[0] if len(best) else None


def over_days_names(cmp) -> dict[str, str]:
    """Each row of the over-days table as the reader's language names it: options as :func:`option_names`,
    staged plans as the scenario writes them."""
    names = option_names(cmp)
    return {n: names.get(n, n) for n in cmp.over_days.index}


def head_table(cmp) -> pd.DataFrame:
    """The headline table's rows (named in the language): the options and, with ``[recovery]``, each staged plan
    after them, its snapshot cells empty (NaN: a plan has no snapshot) and its over-days figures and rank from the
    over-days table."""
    opts = cmp.options.rename(index=option_names(cmp))
    if cmp.over_days is None:
        return opts
    plans = cmp.over_days[cmp.over_days["row_kind"] == "plan"]
    if not len(plans):
        return opts
    return pd.concat([opts, plans.reindex(columns=opts.columns)])


def over_days_export(cmp, *, rounded: bool = True) -> pd.DataFrame:
    """The over-days table to forward (the XLSX sheet ``over days``, the app): rows = options then staged plans,
    labelled as :func:`export_table`, the row's kind in words."""
    over, labels = cmp.over_days, export_labels(cmp)
    kinds = {"option": t("rank.option_row"), "plan": t("rank.plan_row")}
    cols = [c for c in EXPORT_COLUMNS if c in over]
    cells = {c: [kinds[v] for v in over[c]] if c == "row_kind" else [_export_cell(c, v, rounded) for v in over[c]] for c in cols}
    out = pd.DataFrame({labels.get(c, c): pd.Series(cells[c], dtype=object) for c in cols})
    names = over_days_names(cmp)
    out.insert(0, t("export.col.option"), [names[n] for n in over.index])
    return out


def ranking_sentence(cmp) -> str:
    """Whether counting lead times changes the ranking, and why, in one sentence in the language (plain text; ""
    without ``[recovery]``): :func:`~teplovoda.models.costing.compare.ranking.render` of the verdict on the two
    rankings, in the catalogue's words (``why.rank.<case>``, ``rank.<clause>``)."""
    if cmp.over_days is None:
        return ""
    from teplovoda.models.costing.compare.ranking import Words, rank_verdict, render

    verdict = rank_verdict(cmp.over_days, cmp.over_days_people, cmp.recovery.horizon_days)
    names = over_days_names(cmp)
    words = Words(
        lambda key, **values: t(key, **values),
        lambda n: t("rank.quoted", name=names.get(n, n)),
        num,
        snum,
        lambda d: gnum(d) if math.isfinite(float(d)) else "–",
    )
    return render(verdict, words)


def recovery_curves(cmp) -> pd.DataFrame:
    """People served per plan (columns named as the reader's language names them) and the intact network: for heat
    per day (:func:`~teplovoda.models.costing.compare.recovery.daily_curves`), for water from each stage's day on
    (:func:`~teplovoda.models.recovery.water_plans.step_curves`)."""
    return RECOVERY[cmp.kind].curves(cmp.recovery, recovery_names(cmp))


def recovery_sheet(cmp) -> pd.DataFrame:
    """The XLSX sheet ``recovery``: :func:`recovery_curves` labelled with units (heat: people with heat per day and
    the day's outdoor temperature; water: people with water from each stage's day on, a step after each row)."""
    view = RECOVERY[cmp.kind]
    curves = recovery_curves(cmp).reset_index()
    labels = {"day": t(view.sheet_day), "outdoor_temp_c": t("rcompare.sheet.outdoor")}
    labels["intact"] = t(view.sheet_people, plan=t("recovery.intact"))
    labels.update({c: t(view.sheet_people, plan=c) for c in curves.columns if c not in labels})
    return curves.rename(columns=labels)


def _heat_gain(cmp, curves, plan: str, names: dict, path, title: str) -> None:
    from teplovoda.models.recovery.heat import NO_ACTION
    from teplovoda.ui.recovery_plots import heat_gain_chart

    heat_gain_chart(cmp.recovery, plan, path, label=names[plan], do_nothing_label=names[NO_ACTION], title=title)


def _water_gain(cmp, curves, plan: str, names: dict, path, title: str) -> None:
    from teplovoda.models.recovery.water_plans import NO_ACTION
    from teplovoda.ui.recovery_plots import water_gain_chart

    water_gain_chart(curves, names[plan], names[NO_ACTION], path, title=title)


def recovery_charts(cmp) -> list[tuple[str, bytes]]:
    """Per option with a recovery plan, its service curve against doing nothing (area = person-days gained), then
    the repair schedule's Gantt chart: (title, PNG bytes)."""
    from teplovoda.models.recovery.heat import NO_ACTION
    from teplovoda.ui.recovery_plots import jobs_gantt

    rec, names, out, view = cmp.recovery, recovery_names(cmp), [], RECOVERY[cmp.kind]
    base = rec.plans[NO_ACTION].person_days_without
    curves = recovery_curves(cmp)
    for plan, p in rec.plans.items():
        if plan == NO_ACTION:
            continue
        title = t(view.curve_title, option=names[plan], value=num((base - p.person_days_without) / 1e3, 1))
        buf = io.BytesIO()
        view.gain_chart(cmp, curves, plan, names, buf, title)
        out.append((title, buf.getvalue()))
    if rec.repair_jobs:
        buf = io.BytesIO()
        jobs_gantt(rec.repair_jobs, buf, title=t("rcompare.gantt_title"))
        out.append((t("rcompare.gantt_title"), buf.getvalue()))
    return out


def _heat_daily_curves(rec, names):
    from teplovoda.models.costing.compare.recovery import daily_curves

    return daily_curves(rec, names)


def _water_step_curves(rec, names):
    from teplovoda.models.recovery.water_plans import step_curves

    return step_curves(rec, names)


@dataclass(frozen=True)
class RecoveryView:
    """How a comparison type's recovery over days is written and drawn (label keys of :mod:`teplovoda.ui.strings`)."""

    headline: Callable  # (cmp, best row, option) -> the best-value sentence
    curves: Callable  # (recovery, plan names) -> people served per plan (index = day)
    gain_chart: Callable  # (cmp, curves, plan, names, path, title) -> one plan against doing nothing, as PNG
    interpolate: str  # how the app's chart reads the curves: a step before (heat, day-ends) or after (water) each row
    intro: str
    curve_title: str
    people: str  # the app chart's axis
    sheet_day: str
    sheet_people: str
    no_action: str = ""  # what "no action" is called when it is not doing nothing (water: the repairs only)
    labels: tuple = ()  # (column, label key) of the options table where the heat label would mislead


_HEAT_VIEW = RecoveryView(
    _heat_headline,
    _heat_daily_curves,
    _heat_gain,
    "step-before",
    "rcompare.intro",
    "rcompare.curve_title",
    "rcompare.people",
    "rcompare.sheet.day",
    "rcompare.sheet.people",
    labels=(("rank", "rcompare.col.rank"),),
)
#: The recovery over days per comparison type (``Comparison.kind``).
RECOVERY = {
    "heat": _HEAT_VIEW,
    "cogeneration": _HEAT_VIEW,
    "water": RecoveryView(
        _water_headline,
        _water_step_curves,
        _water_gain,
        "step-after",
        "rcompare.water.intro",
        "rcompare.water.curve_title",
        "rcompare.water.people",
        "rcompare.water.sheet.day",
        "rcompare.water.sheet.people",
        no_action="rcompare.water.no_action",
        labels=(
            ("person_days_restored", "export.col.water_person_days_restored"),
            ("days_to_critical_restored", "export.col.days_to_critical_water_restored"),
            ("rank", "rcompare.col.rank"),
        ),
    ),
}


def _recovery_section(cmp) -> tuple[str, list[str]]:
    """The recovery over days (with ``[recovery]`` in the base): its charts as HTML, and its lines for the Markdown."""
    page, md = _blackout_section(cmp)
    if cmp.recovery is None:
        return page, md
    imgs = "".join(
        f"<h3>{html.escape(title)}</h3><img src='data:image/png;base64,{base64.b64encode(png).decode()}' width='800'/>"
        for title, png in recovery_charts(cmp)
    )
    intro = t(RECOVERY[cmp.kind].intro)
    page = f"<h2>{t('rcompare.title')}</h2><p>{intro}</p>{imgs}" + page
    return page, ["", f"## {t('rcompare.title')}", "", intro, *md]


def blackout_table(cmp) -> pd.DataFrame:
    """A water base's generator offers on its grid timetable (``Comparison.blackout``), labelled as
    ``teplovoda water blackout`` prints them: arrival, the losses per day before and after (with ``[[damage]]``: the
    person-days from the damage and from the blackouts instead), person-days without water, saved, cost, EUR per
    person-day saved."""
    from teplovoda.models.recovery.blackout import NO_GENERATOR

    b = cmp.blackout
    names = {d.name: local_name(d) for d in cmp.base_run.scenario.recovery.generators}
    split = ("from_damage_person_days", "from_blackouts_person_days")
    if split[0] not in b:
        split = ("loss_before_person_days_per_day", "loss_after_person_days_per_day")
    cols = {
        "lead_time_days": "cli.blackout.col.arrives",
        **dict(zip(split, ("cli.blackout.col.from_damage", "cli.blackout.col.from_blackouts"))),
        "person_days_without_water": "cli.blackout.col.person_days",
        "person_days_saved": "cli.blackout.col.saved",
        "cost_eur": "cli.blackout.col.cost",
        "cost_eur_per_person_day_saved": "cli.blackout.col.per_pd",
    }
    if split[0].startswith("loss_"):
        cols.update({split[0]: "cli.blackout.col.before", split[1]: "cli.blackout.col.after"})
    out = pd.DataFrame({t(k): pd.Series([_export_cell(c, v, True) for v in b[c]], dtype=object) for c, k in cols.items()})
    out.iloc[[n == NO_GENERATOR for n in b.index], 0] = None  # no generator arrives
    option = [t("blackout.no_generator") if n == NO_GENERATOR else names.get(n, n) for n in b.index]
    out.insert(0, t("cli.blackout.col.option"), option)
    return out


def _blackout_section(cmp) -> tuple[str, list[str]]:
    """The generator offers against the grid timetable (:func:`blackout_table`), as HTML and Markdown."""
    if cmp.blackout is None:
        return "", []
    table = blackout_table(cmp)
    intro = t("rcompare.blackout.intro", days=gnum(cmp.heat_run.scenario.recovery.horizon_days))
    cells = lambda r: "".join(f"<td>{'–' if v is None else _fmt(v)}</td>" for v in r)  # noqa: E731
    rows = "".join(f"<tr><th>{html.escape(str(r.iloc[0]))}</th>{cells(r.iloc[1:])}</tr>" for _, r in table.iterrows())
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    page = f"<h2>{t('rcompare.blackout.title')}</h2><p>{intro}</p><table><tr>{head}</tr>{rows}</table>"
    md = ["", f"## {t('rcompare.blackout.title')}", "", intro, "", "| " + " | ".join(table.columns) + " |"]
    md.append("|---" * len(table.columns) + "|")
    md += ["| " + " | ".join("–" if v is None else html.unescape(_fmt(v)) for v in r) + " |" for _, r in table.iterrows()]
    return page, md


def _served_heat(b) -> str:
    return t("report.served_heat", people=num(b["people_heated"]))


def _served_cogeneration(b) -> str:
    return t(
        "report.served_cogeneration",
        heated=num(b["people_heated"]),
        water=num(b["people_with_water"]),
        hours=num(b["hours_of_full_water_service_per_person"]),
    )


def _served_water(b) -> str:
    served = t("report.served_water", people=num(b["people_added"]))
    if "hours_of_full_service_per_person" in b:
        served += " " + t("report.full_service_hours", hours=num(b["hours_of_full_service_per_person"]))
    return served


#: What the best option serves, in words, per comparison type (``Comparison.kind``).
SERVED_SENTENCE = {"heat": _served_heat, "cogeneration": _served_cogeneration, "generator": _served_water, "water": _served_water}


def _per(cmp) -> str:
    """``per person`` or ``per person-service`` (``Comparison.per``) in the language."""
    return t("compare.per_person_service" if cmp.per == "person-service" else "compare.per_person")


def _headline(cmp) -> str:
    """The answer in one sentence (HTML): the best-value option, what it serves and its cost per person per year."""
    opts, e = cmp.options, cmp.scenario.economics
    if cmp.over_days is not None:  # [recovery]: the first of the over-days table (an option or a staged plan)
        b = best_over_days(cmp)
        if b is None:
            return t("report.no_option")
        return recovery_headline(cmp, f"<b>{html.escape(over_days_names(cmp)[b.name])}</b>")
    best = opts[opts["rank"] == 1]
    if not len(best):
        return t("report.no_option")
    b = best.iloc[0]
    if best.index[0] == "do nothing":
        return t("report.best_do_nothing")
    if cmp.recovery is not None:
        return recovery_headline(cmp, f"<b>{html.escape(option_names(cmp)[best.index[0]])}</b>")
    return t(
        "report.best",
        option=f"<b>{html.escape(option_names(cmp)[best.index[0]])}</b>",
        served=SERVED_SENTENCE[cmp.kind](b),
        cost=snum(float(b["cost_per_person_year_eur"])),
        per=_per(cmp),
        meur=num(b["npc_eur"] / 1e6, 2),
        years=e.horizon_years,
    )


def _basis_heat(cmp) -> str:
    return t("report.basis_heat", outdoor_c=gnum(cmp.heat_run.scenario.weather.outdoor_temp_c))


def _basis_cogeneration(cmp) -> str:
    return t("report.basis_cogeneration", outdoor_c=gnum(cmp.heat_run.scenario.weather.outdoor_temp_c))


def _basis_water(cmp) -> str:
    return t("report.basis_water")


#: What the cost per person is divided by, in words, per comparison type (``Comparison.kind``).
BASIS = {"heat": _basis_heat, "cogeneration": _basis_cogeneration, "generator": _basis_water, "water": _basis_water}


def _maps_html(cmp, maps: bool) -> str:
    """The network maps: each heat case, or each water case, and the water site's network."""
    map_html = ""
    if maps and cmp.scenario.base.heat:
        from teplovoda.ui.plots import heat_map

        run = cmp.heat_run
        names = option_names(cmp)
        for case in run.results:
            if case == "intact":
                continue
            buf = io.BytesIO()
            title = t("compare.do_nothing") if case == "damaged" else names.get(case, case)
            heat_map(run.nets[case], run.results[case], buf, title=title)
            map_html += (
                f"<h3>{html.escape(title)}</h3>"
                f"<img src='data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}' width='800'/>"
            )
    elif maps and cmp.scenario.base.water:
        run = cmp.heat_run  # the base model's run (a WaterRun for a water base)
        names = option_names(cmp)
        cases = {t("compare.do_nothing"): (run.net_damaged, run.damaged), **{names.get(n, n): c for n, c in run.options.items()}}
        for case, (net, res) in cases.items():
            map_html += f"<h3>{html.escape(case)}</h3>" + _water_map_img(net, res, case)
    site = cmp.heat_run if cmp.scenario.base.power else getattr(cmp, "site_run", None)
    if maps and site is not None and getattr(site, "net", None) is not None:
        title = t("report.site_map", site=site.scenario.site.name)
        map_html += f"<h3>{html.escape(title)}</h3>" + _water_map_img(site.net, site.intact, title)
    return map_html


#: Columns shown to three significant figures (a cost per person of 0.0042 is not "0").
SIGNIFICANT_COLUMNS = ("cost_per_person_year_eur", "lcoh_eur_per_mwh", "lcoe_eur_per_mwh", "cost_per_person_day_restored_eur")


def _cell(column: str, v) -> str:
    if column in MESSAGE_COLUMNS:
        return html.escape(reason(v))
    if column in SIGNIFICANT_COLUMNS and isinstance(v, float) and math.isfinite(v):
        return snum(v)
    return _fmt(v)


def _table_html(opts: pd.DataFrame, cols: list[str], headers: list[str]) -> str:
    """An options table: one row per option, the given columns under the given headers."""
    rows = "".join(
        "<tr>" + f"<th>{html.escape(n)}</th>" + "".join(f"<td>{_cell(c, r[c])}</td>" for c in cols) + "</tr>"
        for n, r in opts.iterrows()
    )
    return f"<table><tr><th>{t('compare.option')}</th>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>" + rows + "</table>"


def _page(cmp, headline: str, head_cols: list[str], labels: dict, eps_html: str, maps: bool) -> str:
    """The self-contained HTML report."""
    opts, s = cmp.options.rename(index=option_names(cmp)), cmp.scenario
    e = s.economics
    failing = opts[~opts["feasible"]]
    fail_lines = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(reason(r['why_not']))}</li>" for n, r in failing.iterrows())
    table_html = _table_html(head_table(cmp), head_cols, [labels[c] for c in head_cols])
    ranking = ranking_sentence(cmp)
    ranking_html = f'<p class="ranking">{html.escape(ranking)}</p>' if ranking else ""
    charts = "".join(f"<h3>{html.escape(title)}</h3><img src='data:image/png;base64,{png}'/>" for title, png in _charts(cmp))
    map_html = _maps_html(cmp, maps)
    detail_cols = [c for c in opts.columns if c not in head_cols]
    detail_labels = export_labels(cmp)
    detail = _table_html(opts, detail_cols, [html.escape(detail_labels.get(c, c)) for c in detail_cols])
    src_rows = "".join(
        f"<tr><td>{html.escape(str(r['case']))}</td><td>{html.escape(str(r['item']))}</td><td>{html.escape(str(r['figure']))}</td>"
        f"<td>{_fmt(float(r['value_eur']))}</td><td>{html.escape(str(r['price_year']))}</td><td>{html.escape(str(r['source']))}</td></tr>"
        for _, r in cmp.sources.iterrows()
    )
    fuel_rows = "".join(
        f"<tr><td>{html.escape(t(f'export.fuel.{f}', default=f))}</td>"
        f"<td>{gnum(p.price)} {html.escape(p.currency)}/{html.escape(p.unit)}</td>"
        f"<td>{_price_eur(e, p, f)}</td>"
        f"<td>{p.price_year}</td><td>{html.escape(p.source)}</td></tr>"
        for f, p in s.fuel_prices.items()
    )
    th = "".join(f"<th>{h}</th>" for h in (t("compare.option"), t("report.item"), t("report.figure"), unit("eur")))
    th += "".join(f"<th>{t(k)}</th>" for k in ("compare.price_year", "compare.source"))
    fuel_th = "".join(
        f"<th>{t(k)}</th>" for k in ("compare.fuel", "compare.price", "compare.price_eur", "compare.price_year", "compare.source")
    )
    how = t(
        "report.how_to_read",
        year=e.price_year,
        years=e.horizon_years,
        rate_pct=num(100 * e.discount_rate),
        basis=BASIS[cmp.kind](cmp),
    )
    credits = t("report.credits", year=e.price_year, inflation_pct=gnum(e.inflation_pct_per_year), path=html.escape(str(s.path)))
    title = html.escape(local_name(s.scenario))
    return f"""<!doctype html><html lang="{language()}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:right}}th{{background:#f3f3f3;text-align:left}}
.headline{{font-size:1.3em;background:#eef7ee;padding:0.8em;border-left:6px solid #2ca02c}}</style></head><body>
<h1>{title}</h1>
<p class="headline">{headline}</p>
{ranking_html}
<ul>{fail_lines}</ul>
{table_html}
<p>{how}</p>
<h2>{t("report.charts")}</h2>{charts}
{eps_html}
<h2>{t("report.maps")}</h2>{map_html or f"<p>{t('report.no_maps')}</p>"}
<h2>{t("compare.detail")}</h2>{detail}
<h2>{t("compare.sources")}</h2>
<table><tr>{th}</tr>{src_rows}</table>
<h3>{t("report.fuel_prices")}</h3><table><tr>{fuel_th}</tr>{fuel_rows}</table>
<p>{html.escape(exchange_rates_text(e))}</p>
<p>{credits}</p>
</body></html>"""


def _summary_md(cmp, headline: str, head_cols: list[str], labels: dict, eps_md: list[str]) -> str:
    """The Markdown summary: the answer, the failing options, the headline table."""
    opts, e = cmp.options.rename(index=option_names(cmp)), cmp.scenario.economics
    md = [f"# {local_name(cmp.scenario.scenario)}", "", headline.replace("<b>", "**").replace("</b>", "**"), ""]
    if cmp.over_days is not None:  # [recovery]: does counting lead times change the ranking, and why
        md += [ranking_sentence(cmp), ""]
    for n, r in opts[~opts["feasible"]].iterrows():
        md.append("- " + t("report.md_fails", option=f"**{n}**", why=reason(r["why_not"])))
    md += [
        "",
        f"| {t('compare.option')} | " + " | ".join(labels[c] for c in head_cols) + " |",
        "|---|" + "---|" * len(head_cols),
    ]
    for n, r in head_table(cmp).iterrows():
        md.append(f"| {n} | " + " | ".join(html.unescape(_cell(c, r[c])) for c in head_cols) + " |")
    md += ["", t("report.md_footer", year=e.price_year, years=e.horizon_years, rate_pct=num(100 * e.discount_rate))]
    md += eps_md
    return "\n".join(md) + "\n"
