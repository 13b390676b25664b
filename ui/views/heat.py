"""Heat scenarios on the Scenario page: the edit form and the results (people heated, supply-temperature map, sources)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teplovoda.models.heat import damage as hdamage
from teplovoda.models.heat.sources import TECHNOLOGIES
from teplovoda.models.units import kw_to_gcal_per_h
from teplovoda.ui import charts, scenarios
from teplovoda.ui.i18n import heat, hours, labeller, num, qty, t
from teplovoda.ui.plots import heat_map_layers
from teplovoda.ui.widgets import attempt, csv_download, table


def form(scn, ns: str, elements: dict[str, list[str]]):
    """The edit form; returns the edited scenario (the loaded one until the form is submitted), or None after an error."""
    element_names = sorted({n for v in elements.values() for n in v})
    with st.expander(t("form.title"), expanded=True), st.form(f"heat_form_{ns}", border=False):
        outdoor = st.slider(
            t("heat.outdoor_temp_c"),
            min_value=-35.0,
            max_value=15.0,
            value=float(scn.weather.outdoor_temp_c),
            step=0.5,
            format="%.1f °C",
            help=t("heat.outdoor_help", design=num(scn.climate.design_outdoor_temp_c)),
            key=f"{ns}:outdoor",
        )
        st.markdown(f"**{t('form.damage')}**")
        st.caption(t("heat.damage_help"))
        rows = st.data_editor(
            scenarios.damage_rows(scn.damage, hdamage.DAMAGE_KINDS),
            num_rows="dynamic",
            column_config={
                "type": st.column_config.SelectboxColumn(
                    t("form.damage_type"), options=list(hdamage.DAMAGE_KINDS), required=True
                ),
                "element": st.column_config.SelectboxColumn(t("form.element"), options=element_names or None),
                "available_fraction": st.column_config.NumberColumn(
                    t("heat.available_fraction"), min_value=0.0, max_value=1.0, format="%.2f"
                ),
            },
            width="stretch",
            key=f"{ns}:damage",
        )
        option_names = [o.name for o in scn.options]
        chosen, sources = option_names, None
        if option_names:
            chosen = st.multiselect(t("form.options"), option_names, default=option_names, key=f"{ns}:options")
            source_rows = scenarios.heat_option_sources(scn)
            if len(source_rows):
                st.caption(t("heat.option_sources_help"))
                sources = st.data_editor(
                    source_rows,
                    num_rows="fixed",
                    disabled=["option", "name", "node"],
                    column_config={
                        "option": t("form.option"),
                        "name": t("heat.source"),
                        "kind": st.column_config.SelectboxColumn(t("heat.kind"), options=list(TECHNOLOGIES), required=True),
                        "node": t("heat.node"),
                        "capacity_kw": st.column_config.NumberColumn(t("heat.capacity_kw"), min_value=1.0, format="%.0f"),
                    },
                    hide_index=True,
                    width="stretch",
                    key=f"{ns}:sources",
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


def case_label(case: str) -> str:
    return t(f"case.{case}") if case in ("intact", "damaged") else case


def _delta(value: float, ref: float) -> str | None:
    d = value - ref
    if not abs(d) >= 0.5:
        return None
    return f"{'+' if d > 0 else '-'}{num(abs(d))} {t('results.vs_intact')}"


def results(run) -> None:
    """Headline numbers of the chosen case against intact, people by heat in every case, the map, tables."""
    order = [c for c in run.results if c != "intact"] + ["intact"]
    for c in order:
        if not run.results[c].converged:
            st.warning(t("results.not_converged", case=case_label(c), reason=run.results[c].reason))
    case = st.radio(t("results.case"), order, format_func=labeller("case."), horizontal=True, key="heat_case")
    res = run.results[case]
    s, ref = res.totals, run.results["intact"].totals
    st.subheader(t("heat.headline", case=case_label(case), outdoor=qty(s["outdoor_temp_c"], "degc")))
    c = st.columns(4)
    c[0].metric(
        t("heat.people_heated"),
        qty(s["people_heated"], "people"),
        _delta(s["people_heated"], ref["people_heated"]),
        help=t("heat.people_heated_help"),
    )
    c[1].metric(
        t("heat.people_underheated"),
        qty(s["people_underheated"], "people"),
        _delta(s["people_underheated"], ref["people_underheated"]),
        delta_color="inverse",
    )
    c[2].metric(
        t("heat.people_without"),
        qty(s["people_without_heat"], "people"),
        _delta(s["people_without_heat"], ref["people_without_heat"]),
        delta_color="inverse",
        help=t("water.of_total", total=qty(s["people_total"], "people")),
    )
    c[3].metric(t("heat.first_below_12c"), hours(s["min_hours_to_12c_h"]), help=t("heat.first_below_12c_help"))
    c = st.columns([2, 2, 1])  # kW and Gcal/h side by side need the width
    c[0].metric(t("heat.delivered"), heat(s["delivered_kw"]), help=t("heat.of_demand", demand=heat(s["demand_kw"])))
    c[1].metric(t("heat.production"), heat(s["production_kw"]))
    c[2].metric(t("heat.freeze_risk"), num(s["consumers_freeze_risk"]), help=t("heat.freeze_risk_help"))
    st.caption(
        t(
            "heat.losses_line",
            losses=heat(s["heat_loss_kw"]),
            pct=qty(s["heat_loss_pct"], "pct", 1),
            pumps=qty(s["pump_power_kw"], "kw"),
            demand=heat(s["demand_kw"]),
        )
    )

    st.subheader(t("heat.by_case"))
    by_case = pd.DataFrame({c: run.results[c].totals for c in order}).T.rename(index=case_label)
    st.altair_chart(
        charts.service_by_case(
            by_case,
            {
                "people_heated": t("heat.class_heated"),
                "people_underheated": t("heat.class_underheated"),
                "people_without_heat": t("heat.class_without"),
            },
            ["#e6550d", "#fdae6b", "#222222"],
        ),
        width="stretch",
    )

    st.subheader(t("heat.map", case=case_label(case)))
    st.caption(t("heat.map_help"))
    st.altair_chart(charts.heat_map(heat_map_layers(run.nets[case], res)), width="content")

    sources, cold, per_building, buildings = st.tabs(
        [t("heat.tab_sources"), t("heat.tab_coldest"), t("heat.tab_per_building"), t("heat.tab_buildings")]
    )
    with sources:
        src = res.sources.assign(
            gcal_per_h=kw_to_gcal_per_h(res.sources["heat_kw"]),
            fuel_text=[f"{num(f, 1)} {u}" for f, u in zip(res.sources["fuel_per_day"], res.sources["fuel_unit"])],
        )
        table(
            src,
            {
                "kind": "col.kind",
                "role": "col.role",
                "capacity_kw": "col.capacity_kw",
                "heat_kw": "col.heat_kw",
                "gcal_per_h": "col.gcal_per_h",
                "supply_temp_c": "col.supply_temp_c",
                "fuel_text": "col.fuel_per_day",
                "pump_power_kw": "col.pump_power_kw",
            },
            index_label="col.source",
            width="stretch",
        )
    with cold:
        coldest = res.consumers.sort_values(["hours_to_12c_h", "delivered_fraction"]).head(10)
        table(
            coldest.assign(heat_pct=100 * coldest["delivered_fraction"]),
            {
                "building_type": "col.type",
                "people": "col.people",
                "heat_pct": "col.heat_pct",
                "supply_temp_c": "col.supply_temp_c",
                "hours_to_12c_h": "col.hours_to_12c_h",
                "hours_to_0c_h": "col.hours_to_0c_h",
            },
            index_label="col.building",
            width="stretch",
        )
    with per_building:
        st.altair_chart(charts.heat_delivered(run.results, case), width="stretch")
    with buildings:
        table(
            res.consumers,
            {
                "building_type": "col.type",
                "people": "col.people",
                "demand_kw": "col.demand_kw",
                "delivered_kw": "col.delivered_kw",
                "supply_temp_c": "col.supply_temp_c",
                "return_temp_c": "col.return_temp_c",
                "hours_to_12c_h": "col.hours_to_12c_h",
            },
            index_label="col.building",
            width="stretch",
        )
        csv_download(res.consumers, "consumers.csv", key="heat_buildings_csv")
