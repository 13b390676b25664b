"""Water scenarios on the Scenario page: the edit form and the results (people served, pressure map, zones, tanks,
and, for a scenario with ``[simulation]``, service and tank levels hour by hour)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teplovoda.models.water import damage as wdamage
from teplovoda.models.water import metrics
from teplovoda.ui import charts, scenarios, session
from teplovoda.ui.i18n import hours, labeller, num, qty, t
from teplovoda.ui.plots import pressure_scale_max_m, water_map_layers
from teplovoda.ui.report import eps_totals
from teplovoda.ui.views.common import (
    Metric,
    basemap,
    case_label,
    damage_editor,
    delta,
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
    h = scn.hydraulics
    with st.expander(t("form.title"), expanded=True), st.form(f"water_form_{ns}", border=False):
        c1, c2, c3, c4 = st.columns(4)
        models = ["pdd", "dda"]
        demand_model = session.kept(
            c1.selectbox,
            t("water.demand_model"),
            models,
            index=models.index(h.demand_model) if h.demand_model in models else 0,
            format_func=labeller("water.model_"),
            key=f"{ns}:demand_model",
            options=models,
        )
        min_p = session.kept(
            c2.number_input, t("water.min_pressure_m"), value=float(h.min_pressure_m), step=1.0, key=f"{ns}:min_p"
        )
        req_p = session.kept(
            c3.number_input, t("water.required_pressure_m"), value=float(h.required_pressure_m), step=1.0, key=f"{ns}:req_p"
        )
        population = session.kept(
            c4.number_input,
            t("water.population_connected"),
            value=scn.population.total,
            min_value=0.0,
            step=1000.0,
            format="%.0f",
            placeholder=t("water.population_per_capita"),
            key=f"{ns}:population",
        )
        rows = damage_editor(scn, "water", ns, elements)
        chosen, pipes = option_editor(
            scn,
            ns,
            "pipes",
            scenarios.water_option_pipes,
            "water.option_pipes_help",
            ["option", "name", "from_junction", "to_junction"],
            _option_pipe_columns(),
        )
        st.form_submit_button(t("form.run"), type="primary")
    return attempt(
        lambda: scenarios.edit_water(
            scn,
            damage=scenarios.damage_from_rows(rows, wdamage.DAMAGE_KINDS),
            options=chosen,
            option_pipes=pipes,
            demand_model=demand_model,
            min_pressure_m=min_p,
            required_pressure_m=req_p,
            population_total=population,
        )
    )


def _option_pipe_columns() -> dict:
    """The columns of the options' pipes table (bypasses and repairs an option adds)."""
    return {
        "name": t("water.pipe"),
        "from_junction": t("water.from_junction"),
        "to_junction": t("water.to_junction"),
        "length_m": st.column_config.NumberColumn(t("water.length_m"), min_value=1.0, format="%.0f"),
        "diameter_m": st.column_config.NumberColumn(t("water.diameter_m"), min_value=0.01, format="%.3f"),
        "hazen_williams_c": st.column_config.NumberColumn(t("water.hazen_williams_c"), min_value=1.0),
    }


def _cases(run) -> dict:
    """Case -> (net, result), in reading order: damaged first, the options, intact last.

    A scenario without damage (an uploaded network, say) has no damaged case to show: it would be the
    intact network headed "damaged, nothing done"."""
    damaged = {"damaged": (run.net_damaged, run.damaged)} if run.scenario.damage else {}
    return {**damaged, **run.options, "intact": (run.net_intact, run.intact)}


def _dry_after(h: float) -> str:
    """The first dry hour, ``never`` for NaN (the zone kept water through the run)."""
    return hours(float("inf") if pd.isna(h) else h)


#: How the page writes each total of the extended-period simulation: column -> (header key, formatter).
EPS_TOTALS = {
    "person_hours_without_water": ("col.person_hours_without", lambda v: qty(v, "person_h")),
    "people_without_water_max": ("col.people_without_max", lambda v: qty(v, "people")),
    "first_zone_dry_h": ("col.first_zone_dry", _dry_after),
    "pump_energy_kwh": ("col.pump_energy", lambda v: qty(v, "kwh")),
    "pump_specific_energy_kwh_per_m3": ("col.pump_specific_energy", lambda v: qty(v, "kwh_per_m3", 3)),
    "pump_energy_cost_eur": ("col.pump_energy_cost", lambda v: qty(v, "eur")),
}


def over_time(run) -> None:
    """The extended-period simulation: people with water per hour in every case, one case's tank levels,
    totals per case, each zone's first dry hour, the hourly tables as CSV."""
    order = [c for c in _cases(run) if c in run.eps]
    eps = {c: run.eps[c] for c in order}
    duration = qty(next(iter(eps.values())).totals.get("duration_h"), "h")
    full, none = qty(100 * metrics.FULL_SERVICE_FRACTION, "pct"), qty(100 * metrics.NO_SERVICE_FRACTION, "pct")
    st.subheader(t("water.eps_title", duration=duration))
    st.caption(t("water.eps_help", full=full, none=none))
    for c, e in eps.items():
        if not e.converged:
            st.warning(t("water.eps_not_converged", case=case_label(c), reason=e.reason))
    st.markdown(f"**{t('water.eps_people_chart')}**")
    st.altair_chart(charts.service_over_time({case_label(c): e.hourly for c, e in eps.items()}), width="stretch")

    shown = session.kept(
        st.selectbox,
        t("water.eps_tank_case"),
        order,
        index=order.index("damaged") if "damaged" in order else 0,
        format_func=labeller("case."),
        key="water_eps_tank_case",
        options=order,
    )
    st.markdown(f"**{t('water.eps_tanks', case=case_label(shown))}**")
    if len(eps[shown].tanks.columns):
        st.altair_chart(charts.tank_levels(eps[shown].tanks), width="stretch")
    else:
        st.info(t("water.no_tanks"))

    st.markdown(f"**{t('water.eps_totals', duration=duration)}**")
    totals = eps_totals(eps).rename(index=case_label)
    shown_totals = pd.DataFrame({c: totals[c].map(fmt) for c, (_, fmt) in EPS_TOTALS.items() if c in totals}, index=totals.index)
    table(shown_totals, {c: key for c, (key, _) in EPS_TOTALS.items()}, index_label="col.case", width="stretch")
    st.markdown(f"**{t('water.eps_zones', none=none)}**")
    dry = pd.DataFrame({case_label(c): e.zones_first_dry_h for c, e in eps.items()})
    if len(dry):
        st.dataframe(dry.map(_dry_after).rename_axis(t("col.zone")), width="stretch", placeholder="—")
    else:
        st.info(t("water.eps_no_zones"))
    c = st.columns(2)
    with c[0]:
        hourly = pd.concat({case: e.hourly for case, e in eps.items()}, names=["case", "hour"])
        csv_download(hourly, "hourly.csv", "download.hourly_csv", key="water_eps_hourly_csv")
    with c[1]:
        levels = pd.concat({case: e.tanks for case, e in eps.items()}, names=["case", "hour"])
        csv_download(levels, "tank_levels.csv", "download.tank_levels_csv", key="water_eps_tanks_csv")


def _headline(s: dict, ref: dict) -> None:
    """The chosen case's numbers against intact: people by service, unserved volume, leaks, pressure, tanks."""
    metric_row(
        [
            people_metric("water.people_without", s, ref, "people_without", inverse=True, help=t("water.people_without_help")),
            people_metric("water.people_partial", s, ref, "people_partial", inverse=True),
            people_metric(
                "water.people_full", s, ref, "people_full", help=t("water.of_total", total=qty(s["people_total"], "people"))
            ),
            Metric("water.unserved", qty(s["unserved_volume_m3_per_day"], "m3_per_day"), inverse=True),
        ]
    )
    metric_row(
        [
            Metric("water.leak", qty(s["leak_outflow_m3_per_h"], "m3_per_h")),
            Metric(
                "water.min_pressure",
                qty(s["min_pressure_m"], "m", 1) if pd.notna(s["min_pressure_m"]) else t("water.min_pressure_dry"),
                delta(s["min_pressure_m"], ref["min_pressure_m"], 1),
            ),
            Metric(
                "water.first_tank_empty",
                hours(s["first_tank_empty_h"]) if pd.notna(s["first_tank_empty_h"]) else t("water.tanks_none"),
            ),
            Metric("water.nodes_without", num(s["nodes_without_water"])),
        ]
    )


#: Columns of the result tabs: column -> header key.
ZONE_COLUMNS = {
    "nodes": "col.nodes",
    "people": "col.people",
    "min_pressure_m": "col.min_pressure_m",
    "lowest_node": "col.lowest_node",
    "nodes_dry": "col.nodes_dry",
    "people_without": "col.people_without",
    "served_pct": "col.served_pct",
}
TANK_COLUMNS = {
    "usable_volume_m3": "col.usable_volume_m3",
    "outflow_m3_per_h": "col.outflow_m3_per_h",
    "hours_to_empty_h": "col.hours_to_empty_h",
}
DAMAGE_TABLE_COLUMNS = {"element_type": "col.element_type", "damage": "col.damage", "detail": "col.detail"}
NODE_COLUMNS = {
    "type": "col.type",
    "population": "col.people",
    "pressure_m": "col.pressure_m",
    "demand_required_m3_per_h": "col.required_m3_per_h",
    "demand_m3_per_h": "col.delivered_m3_per_h",
    "leak_m3_per_h": "col.leak_m3_per_h",
    "service": "col.service",
}


def _tables(run, net, res) -> None:
    """The result tabs of one case: zones, tanks, damage, every node (with its CSV)."""
    zones, tanks, damage, nodes = st.tabs(
        [t("water.tab_zones"), t("water.tab_tanks"), t("water.tab_damage"), t("water.tab_nodes")]
    )
    with zones:
        z = metrics.zone_table(res.junctions, run.zones)
        table(readable(z.assign(served_pct=100 * z["service_fraction"])), ZONE_COLUMNS, index_label="col.zone", width="stretch")
    with tanks:
        tk = metrics.tank_autonomy(res.sources)
        if len(tk):
            table(readable(tk), TANK_COLUMNS, index_label="col.tank", width="stretch")
            st.caption(t("water.tanks_help"))
        else:
            st.info(t("water.no_tanks"))
    with damage:
        dmg = net.damage
        if len(dmg):
            dmg = dmg[dmg["element_type"] != "junction"]
            shown = readable(dmg.set_index("element"), {"element_type": labeller("table.element_type."), "damage": _damage_name})
            table(shown, DAMAGE_TABLE_COLUMNS, index_label="col.element", width="stretch")
        else:
            st.info(t("results.no_damage"))
    with nodes:
        j = res.junctions.assign(service=metrics.service_class(res.junctions).reindex(res.junctions.index))
        codes = {"type": labeller("table.node_type."), "service": lambda k: t(SERVICE_CLASSES[f"people_{SERVICE_PEOPLE[k]}"])}
        table(readable(j, codes), NODE_COLUMNS, index_label="col.node", width="stretch")
        csv_download(j, "junctions.csv", key="water_nodes_csv")


def _damage_name(kind: str) -> str:
    """A damage row's kind by its declared name (a node cut off with its segment has no damage type of its own)."""
    return t(f"damage.water.{kind}", default=t(f"table.damage.{kind}", default=kind))


def results(run) -> None:
    """Headline numbers of the chosen case against intact, people by service in every case, over time (with
    ``[simulation]``), the map, tables."""
    cases = _cases(run)
    not_converged_warnings({c: res for c, (_, res) in cases.items()})
    summary = {c: metrics.summary(res) for c, (_, res) in cases.items()}
    case = session.kept(
        st.radio, t("results.case"), list(cases), format_func=labeller("case."), horizontal=True, key="water_case", options=cases
    )
    net, res = cases[case]
    for w in res.warnings:
        st.warning(t("water.solver_warning", case=case_label(case), warning=w))
    st.subheader(t("water.headline", case=case_label(case)))
    _headline(summary[case], summary["intact"])
    service_chart("water.by_case", summary, SERVICE_CLASSES, ["#2ca02c", "#ffbf00", "#222222"])
    if run.eps:
        over_time(run)
    st.subheader(t("water.map", case=case_label(case)))
    st.caption(t("water.map_help"))
    layers = water_map_layers(net, res)
    names = charts.map_element_names(layers["links"], layers["nodes"], layers["sources"], layers["pumps"])
    found = find_on_map(names, key="water_map_find")
    tiles = basemap(layers["place"])
    st.altair_chart(charts.water_map(layers, pressure_scale_max_m(net, res), found, tiles), width="content")
    map_caption(layers["place"], tiles)
    _tables(run, net, res)


#: People by service class, as the chart of every case stacks them: column -> label key.
SERVICE_CLASSES = {
    "people_full": "water.class_full",
    "people_partial": "water.class_partial",
    "people_without": "water.class_without",
}
#: A node's service class (:func:`teplovoda.models.water.metrics.service_class`) -> its people column's suffix.
SERVICE_PEOPLE = {"full": "full", "partial": "partial", "none": "without"}
