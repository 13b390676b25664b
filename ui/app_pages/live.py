"""Live: is each pump running, which pressure is low, how many hours of diesel are left, which site went quiet.

Reads InfluxDB through :mod:`teplovoda.telemetry.query` (cached a few seconds in :mod:`teplovoda.ui.data`); the panel
refreshes itself every few seconds without reloading the page (``st.fragment(run_every=...)``).
When InfluxDB or the broker cannot be reached the page says so and how to start them; the other
pages do not depend on it.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from teplovoda.models.units import kw_to_gcal_per_h
from teplovoda.telemetry import schema
from teplovoda.ui import data
from teplovoda.ui.i18n import hours, labeller, num, qty, t
from teplovoda.ui.widgets import attempt

STATE_ICON = {
    "running": ":material/play_circle:",
    "stopped": ":material/stop_circle:",
    "offline": ":material/cloud_off:",
    "reporting": ":material/sensors:",
}
#: delta colour of each state (a string delta counts as positive: normal = green, inverse = red)
STATE_COLOUR = {"running": "normal", "stopped": "inverse", "offline": "off", "reporting": "off"}
RANGES_H = {"1h": 1.0, "6h": 6.0, "24h": 24.0, "7d": 168.0}
#: The reading shown on each asset's tile (field, unit key, digits).
TILE_FIELD = {
    "pump": ("flow_m3_per_h", "m3_per_h", 0),
    "generator": ("load_kw", "kw", 0),
    "boiler": ("heat_output_kw", "kw", 0),
    "tank": ("level_m", "m", 2),
    "pressure": ("pressure_m", "m", 1),
    "grid": ("grid_on", "", 0),
}

st.title(t("live.title"))
st.caption(t("live.intro"))

conn = data.live_connection()


@st.fragment(run_every=5)
def health_banner() -> None:
    """Red while ingest's health file (telemetry/health.py) says readings may not be stored; refreshed on its own."""
    problems = data.live_health(conn.key)
    if problems:
        reasons = "; ".join(
            t(f"health.{p.code}", age=num(p.age_s, 0), batches=num(p.batches), failure=f"({p.failure})" if p.failure else "")
            for p in problems
        )
        st.error(t("live.ingest_unhealthy", reasons=reasons), icon=":material/error:")


health_banner()
if not conn.influx_ok:
    st.error(t("live.no_influx", url=conn.influx_url, reason=conn.influx_error), icon=":material/cloud_off:")
    st.markdown(t("live.how_to_start"))
    st.code("teplovoda telemetry up", language="bash")
    st.stop()
if not conn.mqtt_ok:
    st.warning(t("live.no_broker", address=conn.mqtt_address, reason=conn.mqtt_error), icon=":material/cloud_off:")

c1, c2, c3 = st.columns([2, 2, 1])
range_key = c1.segmented_control(t("live.range"), list(RANGES_H), default="6h", key="live_range") or "6h"
present = data.live_kinds(conn.key)
kinds = sorted((k for k in schema.ASSET_FIELDS if k != "grid"), key=lambda k: k not in present)  # reporting kinds first
chart_kind = c2.selectbox(t("live.chart_kind"), kinds, format_func=labeller("asset."), key="live_kind")
refresh_s = c3.selectbox(t("live.refresh"), [5, 10, 30, 60], index=0, key="live_refresh", format_func=lambda s: f"{s} s")
numeric = [f for f, spec in schema.ASSET_FIELDS[chart_kind].items() if spec.kind is float]
chart_field = st.selectbox(t("live.chart_field"), numeric, key=f"live_field_{chart_kind}", format_func=labeller("field."))


def _tile_value(kind: str, row: pd.Series) -> str:
    field, unit_key, digits = TILE_FIELD[kind]
    v = row.get(field)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if kind == "grid":
        return t("live.grid_on") if bool(v) else t("live.grid_off")
    return qty(v, unit_key, digits)


def _tile_delta(kind: str, row: pd.Series) -> str:
    """The state, and for boilers their output in Gcal/h too (heat in kW and Gcal/h)."""
    state = t(f"state.{row['state']}")
    if kind == "boiler" and isinstance(row.get("heat_output_kw"), float) and math.isfinite(row["heat_output_kw"]):
        return f"{state} · {qty(kw_to_gcal_per_h(row['heat_output_kw']), 'gcal_per_h', 2)}"
    return state


@st.fragment(run_every=refresh_s)
def panel() -> None:
    snap = attempt(data.live_snapshot, conn.key)
    if snap is None:
        return
    sites, assets, fuel, alerts = snap.sites, snap.assets, snap.fuel, snap.alerts
    if sites.empty:
        st.info(t("live.no_data"))
        return
    st.subheader(t("live.sites"))
    for site, s in sites.iterrows():
        badge = (
            f":green[{t('live.online')}]"
            if not s["stale"]
            else (f":red[{t('live.offline')}]" if not s["online"] else f":orange[{t('live.stale')}]")
        )
        age = s["age_s"]
        seen = t("live.seen_ago", age=num(age, 0)) if isinstance(age, float) and math.isfinite(age) else t("live.never_seen")
        with st.container(border=True):
            st.markdown(f"**{site}** · {badge} · {seen}")
            mine = assets[assets["site"] == site]
            cols = st.columns(max(min(len(mine), 6), 1))
            for i, (_, a) in enumerate(mine.iterrows()):
                with cols[i % len(cols)]:
                    st.metric(
                        f"{a['asset']} · {t('asset.' + a['kind'])}",
                        _tile_value(a["kind"], a),
                        _tile_delta(a["kind"], a),
                        delta_color=STATE_COLOUR.get(a["state"], "off"),
                        delta_arrow="off",
                        icon=STATE_ICON.get(a["state"]),
                        border=True,
                    )
    if len(fuel):
        st.subheader(t("live.fuel"))
        cols = st.columns(max(min(len(fuel), 4), 1))
        for i, (_, g) in enumerate(fuel.iterrows()):
            low = math.isfinite(g["autonomy_h"]) and g["autonomy_h"] < conn.fuel_autonomy_min_h
            cols[i % len(cols)].metric(
                f"{g['site']} / {g['asset']}",
                hours(g["autonomy_h"]),
                t("live.fuel_detail", litres=qty(g["fuel_l"], "l"), rate=qty(g["fuel_rate_l_per_h"], "l_per_h", 0)),
                delta_color="inverse" if low else "off",
                delta_arrow="off",
                icon=":material/local_gas_station:",
            )
    series = attempt(data.live_series, conn.key, chart_kind, chart_field, RANGES_H[range_key])
    st.subheader(t("live.chart", field=t(f"field.{chart_field}", default=chart_field), range=range_key))
    if series is None or series.empty:
        st.caption(t("live.no_series"))
    else:
        st.line_chart(series, y_label=schema.ASSET_FIELDS[chart_kind][chart_field].unit, height=280)
    st.subheader(t("live.alerts"))
    active = alerts[alerts["active"].astype(bool)] if len(alerts) else alerts
    if active.empty:
        st.success(t("live.no_alerts"), icon=":material/check_circle:")
    else:
        view = active.assign(
            acknowledged=active["acknowledged"].map(lambda v: "✓" if v else ""),
            rule=active["rule"].map(lambda r: t(f"rule.{r}", default=r)),
        )[["site", "asset", "rule", "message", "acknowledged", "updated"]]
        st.dataframe(view, hide_index=True, width="stretch")


panel()

st.subheader(t("live.ack_title"))
snap = attempt(data.live_snapshot, conn.key)
pending = []
if snap is not None and len(snap.alerts):
    a = snap.alerts
    pending = [
        tuple(r)
        for r in a[a["active"].astype(bool) & ~a["acknowledged"].astype(bool)][["site", "rule", "asset"]].itertuples(index=False)
    ]
if not pending:
    st.caption(t("live.ack_none"))
else:
    rule_label = labeller("rule.")  # the language bound now: widgets format options outside the run too
    with st.form("ack"):
        which = st.selectbox(
            t("live.ack_which"),
            pending,
            format_func=lambda k: f"{k[0]} / {k[2]}: {rule_label(k[1])}",
        )
        by = st.text_input(t("live.ack_by"), key="ack_by", max_chars=64)
        if st.form_submit_button(t("live.ack_button"), disabled=not conn.mqtt_ok):
            if not by.strip():
                st.error(t("live.ack_name_needed"))
            elif attempt(data.acknowledge, conn.key, *which, by) is not None:
                st.success(t("live.ack_sent"))

st.subheader(t("live.model_title"))
st.caption(t("live.model_intro"))
with st.form("model_vs_measured"):
    m1, m2, m3 = st.columns(3)
    site_names = list(snap.sites.index) if snap is not None else []
    site = m1.selectbox(t("live.model_site"), site_names, key="mvm_site")
    choices = data.shipped("power") + data.shipped("heat")
    default = next((i for i, c in enumerate(choices) if c.path.name == "power_raw_water_station.toml"), 0)
    scenario = m2.selectbox(
        t("live.model_scenario"), choices, index=default, format_func=lambda c: f"{c.path.name}: {c.name}", key="mvm_scn"
    )
    case = m3.text_input(t("live.model_case"), key="mvm_case", help=t("live.model_case_help"))
    go = st.form_submit_button(t("live.model_button"))
if go and site and scenario is not None:
    with st.spinner(t("live.model_running")):
        table = attempt(data.model_vs_measured, conn.key, site, str(scenario.path), case.strip() or None)
    if table is not None:
        if table.empty:
            st.caption(t("live.model_nothing"))
        else:
            shown = table.assign(field=table["field"].map(lambda f: t(f"field.{f}", default=f)))[
                ["asset", "field", "unit", "predicted", "measured", "difference", "difference_pct", "flag"]
            ]
            st.dataframe(
                shown.style.apply(lambda r: ["background-color: #f8d7da" if r["flag"] else "" for _ in r], axis=1).format(
                    {"predicted": "{:,.1f}", "measured": "{:,.1f}", "difference": "{:+,.1f}", "difference_pct": "{:+.1f} %"},
                    na_rep="–",
                ),
                hide_index=True,
                width="stretch",
            )
