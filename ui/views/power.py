"""Site-power scenarios on the Scenario page: the edit form and the results (generator, fuel, water through blackouts)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teplovoda.models.power.generators import COMMON_DIP_LIMIT_RANGE_PCT, STARTING_METHODS
from teplovoda.ui import charts, scenarios
from teplovoda.ui.i18n import hours, num, qty, t
from teplovoda.ui.plots import pressure_scale_max_m, water_map_layers
from teplovoda.ui.report import refill_text, start_sequence_text
from teplovoda.ui.views.common import Metric, metric_row
from teplovoda.ui.widgets import attempt, csv_download, table


def _hour_label(h: int) -> str:
    return f"{h:02d}:00–{h + 1:02d}:00"


def form(scn, ns: str, elements: dict[str, list[str]]):
    """The edit form; returns the edited scenario (the loaded one until the form is submitted), or None after an error."""
    with st.expander(t("form.title"), expanded=True), st.form(f"power_form_{ns}", border=False):
        off = st.multiselect(
            t("power.grid_off_hours"),
            list(range(24)),
            default=scenarios.grid_off_hours(scn),
            format_func=_hour_label,
            help=t("power.grid_off_help"),
            key=f"{ns}:off",
        )
        c1, c2, c3, c4, c5 = st.columns(5)
        days = c1.number_input(t("power.days"), min_value=1, max_value=5, value=int(scn.blackout.days), step=1, key=f"{ns}:days")
        manual = c2.number_input(
            t("power.manual_kva"),
            min_value=0.0,
            value=float(scn.generator.manual_kva or 0.0),
            step=50.0,
            format="%.0f",
            help=t("power.manual_kva_help"),
            key=f"{ns}:manual",
        )
        tank = c3.number_input(
            t("power.fuel_tank_l"),
            min_value=1.0,
            value=float(scn.generator.fuel_tank_l),
            step=500.0,
            format="%.0f",
            key=f"{ns}:tank",
        )
        population = None  # a site on motors alone has no water network and no people to count
        if scn.water is not None:
            population = c4.number_input(
                t("water.population_total"),
                min_value=0.0,
                value=scn.water.population_total,
                step=1000.0,
                format="%.0f",
                placeholder=t("water.population_per_capita"),
                key=f"{ns}:population",
            )
        ambient = c5.number_input(
            t("power.ambient_temp_c"), value=float(scn.site.ambient_temp_c), step=1.0, format="%.0f", key=f"{ns}:ambient"
        )
        st.caption(t("power.motors_help"))
        motors = st.data_editor(
            scenarios.power_motor_rows(scn),
            num_rows="fixed",
            placeholder="—",  # a motor on no network pump
            disabled=["name", "pump"],
            column_config={
                "name": t("power.motor"),
                "pump": t("power.pump"),
                "rated_kw": st.column_config.NumberColumn(t("power.rated_kw"), min_value=0.1, format="%.1f"),
                "starting": st.column_config.SelectboxColumn(t("power.starting"), options=list(STARTING_METHODS), required=True),
            },
            hide_index=True,
            width="stretch",
            key=f"{ns}:motors",
        )
        st.form_submit_button(t("form.run"), type="primary")
    return attempt(
        lambda: scenarios.edit_power(
            scn,
            grid_off_hours=off,
            days=days,
            manual_kva=manual,
            fuel_tank_l=tank,
            population_total=population,
            ambient_temp_c=ambient,
            motors=motors,
        )
    )


def _generator_row(run) -> None:
    """The recommended set (or the chosen one's check), fuel per day and the tank's autonomy."""
    scn, s, f = run.scenario, run.sizing, run.fuel
    recommended = Metric(
        "power.recommended",
        f"{qty(s.recommended_kva, 'kva')} ({qty(s.recommended_kw, 'kw')})",
        help=t(
            "power.recommended_help",
            running=qty(s.required_kva_running, "kva"),
            start=qty(s.required_kva_start, "kva"),
            motor=s.worst_start_motor or "–",
        ),
    )
    if run.manual is not None:
        m = run.manual
        second = Metric(
            "power.chosen",
            t("power.passes") if m["passes"] else t("power.fails"),
            None if m["passes"] else f"-{qty(m['shortfall_kva'], 'kva')}",
            help=t("power.needs", needed=qty(m["needed_kva"], "kva"), short=qty(m["shortfall_kva"], "kva")),
            label_args={"kva": qty(scn.generator.manual_kva, "kva")},
        )
    else:
        second = Metric("power.running_load", qty(s.running_kw, "kw"))
    fuel = Metric(
        "power.fuel_per_day",
        qty(f["fuel_l_per_day"], "l"),
        help=t(
            "power.fuel_help", rate=qty(f["fuel_l_per_h_at_running_load"], "l_per_h", 1), hours=num(f["generator_hours_per_day"])
        ),
    )
    autonomy = Metric(
        "power.tank_autonomy",
        hours(f["tank_autonomy_h"]),
        help=t("power.tank_days_help", tank=qty(f["tank_l"], "l"), days=num(f["tank_days_on_schedule"], 1))
        + " "
        + refill_text(f),
    )
    metric_row([recommended, second, fuel, autonomy], widths=[3, 3, 2, 2])


def _service_row(run) -> None:
    """Hours of full water service per person and people with water, with the generator and without it."""
    w, wo = run.service_with, run.service_without
    lost_h = w["hours_of_full_service_per_person"] - wo["hours_of_full_service_per_person"]
    metric_row(
        [
            Metric("power.hours_with", hours(w["hours_of_full_service_per_person"])),
            Metric(
                "power.hours_without",
                hours(wo["hours_of_full_service_per_person"]),
                f"-{num(lost_h, 1)} {t('unit.h')}" if lost_h > 0.05 else None,
            ),
            Metric("power.people_with", qty(w["people_served_daily_mean"], "people"), help=t("power.people_help")),
            Metric(
                "power.people_without",
                qty(wo["people_served_daily_mean"], "people"),
                help=f"{t('power.people_help')} {t('power.worst_hour', people=qty(wo['people_served_lowest_hour'], 'people'))}",
            ),
        ]
    )


MOTOR_COLUMNS = {
    "pump": "col.pump",
    "flow_m3_per_h": "col.flow_m3_per_h",
    "head_m": "col.head_m",
    "running_kw": "col.running_kw",
    "rated_kw": "col.rated_kw",
    "starting": "col.starting",
    "starting_kva": "col.starting_kva",
    "overloaded": "col.overloaded",
}
CANDIDATE_COLUMNS = {
    "usable_kw": "col.usable_kw",
    "running_kw": "col.running_kw",
    "worst_start": "col.worst_start",
    "start_dip_pct": "col.start_dip_pct",
    "result": "col.result",
}


def _candidate_result(r) -> str:
    if r.running_ok and r.start_ok:
        return t("power.pass")
    return t("power.dip_too_deep") if r.running_ok else t("power.load_too_high")


def _tables(run) -> None:
    """The result tabs: motors, every candidate set with its check, the hourly day, the station's network map."""
    motors, candidates, hourly, network = st.tabs(
        [t("power.tab_motors"), t("power.tab_candidates"), t("power.tab_hourly"), t("power.tab_network")]
    )
    with motors:
        table(run.running, MOTOR_COLUMNS, index_label="col.motor", width="stretch")
    with candidates:
        cand = run.sizing.candidates
        cand = cand.assign(result=[_candidate_result(r) for r in cand.itertuples()])
        table(cand, CANDIDATE_COLUMNS, index_label="col.kva", width="stretch")
    with hourly:
        both = pd.concat(
            {t("power.with_generator"): run.hourly_with, t("power.without_generator"): run.hourly_without}, names=["case"]
        )
        st.dataframe(both, width="stretch", placeholder="—")
        csv_download(both, "hourly.csv", key="power_hourly_csv")
    with network:
        if run.net is not None:
            st.caption(t("power.network_help"))
            st.altair_chart(
                charts.water_map(water_map_layers(run.net, run.intact), pressure_scale_max_m(run.net, run.intact)),
                width="content",
            )


def _start_advice(run) -> None:
    """What the voltage-dip limit is, and the cheaper starter that lets a smaller set pass (when a start set the size)."""
    low, high = COMMON_DIP_LIMIT_RANGE_PCT
    st.caption(t("power.dip_limit", dip_pct=num(run.scenario.site.max_voltage_dip_pct), low=num(low), high=num(high)))
    st.caption(start_sequence_text(run.sizing, run.running))
    c = run.starter_change
    if c is not None:
        st.info(
            t(
                "power.cheaper_start",
                motor=c["motor"],
                starting_to=t(f"power.starting.{c['starting_to']}"),
                starting_from=t(f"power.starting.{c['starting_from']}"),
                kva=num(c["kva"]),
                recommended_kva=num(c["recommended_kva"]),
            )
        )


def results(run) -> None:
    """The generator recommendation and check, fuel logistics, water service over the blackout day, tables."""
    st.subheader(t("power.headline"))
    _generator_row(run)
    _start_advice(run)
    for w in run.wet_stacking:
        st.warning(t("power.wet_stacking", kva=num(w["kva"]), load_pct=num(w["load_pct"], 1), min_pct=num(w["min_load_pct"])))
    if run.service_with:
        _service_row(run)
        st.subheader(t("power.day_chart"))
        st.altair_chart(charts.blackout_day(run.hourly_with, run.hourly_without), width="stretch")
    else:
        st.info(t("cli.power.no_water"))
    _tables(run)
