"""Heat scenarios on the Scenario page: the edit form and the results (people heated, supply-temperature map, sources)."""

from __future__ import annotations

import math

import streamlit as st

from teplovoda.models.heat import damage as hdamage
from teplovoda.models.heat.sources import TECHNOLOGIES
from teplovoda.models.units import kw_to_gcal_per_h
from teplovoda.ui import charts, scenarios, session
from teplovoda.ui.i18n import heat, hours, labeller, num, qty, snum, t
from teplovoda.ui.plots import heat_map_layers
from teplovoda.ui.views.common import (
    MISSING,
    Metric,
    basemap,
    case_label,
    damage_editor,
    find_on_map,
    map_caption,
    metric_row,
    not_converged_warnings,
    option_editor,
    people_metric,
    readable,
    service_chart,
)
from teplovoda.ui.widgets import attempt, csv_download, table


def form(scn, ns: str, elements: dict[str, list[str]]):
    """The edit form; returns the edited scenario (the loaded one until the form is submitted), or None after an error."""
    with st.expander(t("form.title"), expanded=True), st.form(f"heat_form_{ns}", border=False):
        outdoor = session.kept(
            st.slider,
            t("heat.outdoor_temp_c"),
            min_value=-35.0,
            max_value=15.0,
            value=float(scn.weather.outdoor_temp_c),
            step=0.5,
            format="%.1f °C",
            help=t("heat.outdoor_help", design=num(scn.climate.design_outdoor_temp_c)),
            key=f"{ns}:outdoor",
        )
        rows = damage_editor(scn, "heat", ns, elements)
        chosen, sources = option_editor(
            scn,
            ns,
            "sources",
            scenarios.heat_option_sources,
            "heat.option_sources_help",
            ["option", "name", "node"],
            {
                "name": t("heat.source"),
                "kind": st.column_config.SelectboxColumn(
                    t("heat.kind"), options=list(TECHNOLOGIES), required=True, format_func=labeller("table.tech.")
                ),
                "node": t("heat.node"),
                "capacity_kw": st.column_config.NumberColumn(t("heat.capacity_kw"), min_value=1.0, format="%.0f"),
            },
        )
        st.form_submit_button(t("form.run"), type="primary")
    return attempt(
        lambda: scenarios.edit_heat(
            scn,
            outdoor_temp_c=outdoor,
            damage=scenarios.damage_from_rows(rows, hdamage.DAMAGE_KINDS),
            options=chosen,
            option_sources=sources,
        )
    )


def _headline(s: dict, ref: dict) -> None:
    """The chosen case's numbers against intact: people by heat, hours to 12 °C, heat delivered and produced, losses."""
    metric_row(
        [
            people_metric("heat.people_heated", s, ref, "people_heated", help=t("heat.people_heated_help")),
            people_metric("heat.people_underheated", s, ref, "people_underheated", inverse=True),
            people_metric(
                "heat.people_without",
                s,
                ref,
                "people_without_heat",
                inverse=True,
                help=t("water.of_total", total=qty(s["people_total"], "people")),
            ),
            Metric("heat.first_below_12c", hours(s["min_hours_to_12c_h"]), help=t("heat.first_below_12c_help")),
        ]
    )
    metric_row(
        [
            Metric("heat.delivered", heat(s["delivered_kw"]), help=t("heat.of_demand", demand=heat(s["demand_kw"]))),
            Metric("heat.production", heat(s["production_kw"])),
            Metric("heat.freeze_risk", num(s["consumers_freeze_risk"]), help=t("heat.freeze_risk_help")),
        ],
        widths=[2, 2, 1],  # kW and Gcal/h side by side need the width
    )
    st.caption(
        t(
            "heat.losses_line",
            losses=heat(s["heat_loss_kw"]),
            pct=qty(s["heat_loss_pct"], "pct", 1),
            pumps=qty(s["pump_power_kw"], "kw"),
            demand=heat(s["demand_kw"]),
        )
    )


#: People by heat class, as the chart of every case stacks them: column -> label key.
SERVICE_CLASSES = {
    "people_heated": "heat.class_heated",
    "people_underheated": "heat.class_underheated",
    "people_without_heat": "heat.class_without",
}
SOURCE_COLUMNS = {
    "kind": "col.kind",
    "role": "col.role",
    "capacity_kw": "col.capacity_kw",
    "heat_kw": "col.heat_kw",
    "gcal_per_h": "col.gcal_per_h",
    "supply_temp_c": "col.supply_temp_c",
    "fuel_text": "col.fuel_per_day",
    "pump_power_kw": "col.pump_power_kw",
}
COLDEST_COLUMNS = {
    "building_type": "col.type",
    "people": "col.people",
    "households": "col.households",
    "heat_pct": "col.heat_pct",
    "supply_temp_c": "col.supply_temp_c",
    "hours_to_12c_h": "col.hours_to_12c_h",
    "hours_to_0c_h": "col.hours_to_0c_h",
}
BUILDING_COLUMNS = {
    "building_type": "col.type",
    "people": "col.people",
    "households": "col.households",
    "pupils": "col.pupils",
    "patients": "col.patients",
    "demand_kw": "col.demand_kw",
    "dhw_demand_kw": "col.dhw_demand_kw",
    "delivered_kw": "col.delivered_kw",
    "supply_temp_c": "col.supply_temp_c",
    "return_temp_c": "col.return_temp_c",
    "hours_to_12c_h": "col.hours_to_12c_h",
}


#: A building's type by its catalogue name (looked up when drawn, in the session's language).
BUILDING_TYPES = {"building_type": lambda k: t(f"building.{k}", default=k)}


def _fuel(amount: float, unit: str) -> str:
    """Fuel a day with its unit as the language writes it (``1 249 м³``), three significant figures."""
    if not math.isfinite(amount):
        return MISSING
    return f"{snum(amount)}\u00a0{t(f'table.fuel_unit.{unit}', default=unit)}"


def _tables(run, case: str, res) -> None:
    """The result tabs of one case: sources, the ten coldest buildings, heat per building, every building (CSV)."""
    sources, cold, per_building, buildings = st.tabs(
        [t("heat.tab_sources"), t("heat.tab_coldest"), t("heat.tab_per_building"), t("heat.tab_buildings")]
    )
    with sources:
        src = res.sources.assign(
            gcal_per_h=kw_to_gcal_per_h(res.sources["heat_kw"]),
            fuel_text=[_fuel(f, u) for f, u in zip(res.sources["fuel_per_day"], res.sources["fuel_unit"])],
        )
        codes = {"kind": labeller("table.tech."), "role": labeller("table.heat_role.")}
        table(readable(src, codes), SOURCE_COLUMNS, index_label="col.source", width="stretch")
    with cold:
        coldest = res.consumers.sort_values(["hours_to_12c_h", "delivered_fraction"]).head(10)
        table(
            readable(coldest.assign(heat_pct=100 * coldest["delivered_fraction"]), BUILDING_TYPES),
            COLDEST_COLUMNS,
            index_label="col.building",
            width="stretch",
        )
    with per_building:
        st.altair_chart(charts.heat_delivered(run.results, case), width="stretch")
    with buildings:
        table(readable(res.consumers, BUILDING_TYPES), BUILDING_COLUMNS, index_label="col.building", width="stretch")
        csv_download(res.consumers, "consumers.csv", key="heat_buildings_csv")


def results(run) -> None:
    """Headline numbers of the chosen case against intact, people by heat in every case, the map, tables."""
    order = [c for c in run.results if c != "intact"] + ["intact"]
    not_converged_warnings({c: run.results[c] for c in order})
    case = session.kept(
        st.radio, t("results.case"), order, format_func=labeller("case."), horizontal=True, key="heat_case", options=order
    )
    res = run.results[case]
    s = res.totals
    st.subheader(t("heat.headline", case=case_label(case), outdoor=qty(s["outdoor_temp_c"], "degc")))
    _headline(s, run.results["intact"].totals)
    service_chart("heat.by_case", {c: run.results[c].totals for c in order}, SERVICE_CLASSES, ["#e6550d", "#fdae6b", "#222222"])
    st.subheader(t("heat.map", case=case_label(case)))
    st.caption(t("heat.map_help"))
    layers = heat_map_layers(run.nets[case], res)
    found = find_on_map(charts.map_element_names(layers["routes"], layers["buildings"], layers["sources"]), key="heat_map_find")
    tiles = basemap(layers["place"])
    st.altair_chart(charts.heat_map(layers, found, tiles), width="content")
    map_caption(layers["place"], tiles)
    _tables(run, case, res)
