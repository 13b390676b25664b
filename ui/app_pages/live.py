"""Live: is each pump running, which pressure is low, how many hours of diesel are left, which site went quiet.

Reads InfluxDB through :mod:`teplovoda.telemetry.query` (cached a few seconds in :mod:`teplovoda.ui.data`); the panel
refreshes itself every few seconds without reloading the page (``st.fragment(run_every=...)``).
When InfluxDB or the broker cannot be reached the page says so and how to start them; the other
pages do not depend on it.

Choices (issue 15, points 1-5):

* **Tiles** are one HTML/CSS grid per site (``auto-fill`` columns of at least 11.5 rem, as many per
  row as fit, one per row on a phone) whose text wraps instead of ending in an ellipsis:
  ``st.metric`` in six columns cut "866 m³/h" to "866 …" at 1280 px. Names and values are escaped.
* **Alerts and their acknowledgement** are read in one query (alert points and ``alert_ack`` points)
  and drawn, with the form, in the same fragment run from the same snapshot: the form used to sit
  outside the fragment and said "No unacknowledged alerts" under an alert the fragment had drawn
  since. The form's button sends the acknowledgement in its callback, before the run, and the run
  shows it at once (``live_acks_sent`` in the session, merged as a stored one would be) until
  ingest has stored it.
* **Times** are shown in ``$TEPLOVODA_APP_TZ`` (default Europe/Kyiv, ``zoneinfo``) with their age.
* **Diesel autonomy** of a stopped set is its litres over its last running rate, so marked
  (:func:`teplovoda.telemetry.query.fuel_autonomy`).
* **Model vs measured** offers only (site, scenario) pairs that share assets, and the cases of the
  pair from a list (:func:`teplovoda.ui.data.model_pairs`).
"""

from __future__ import annotations

import html
import logging
import math
import time

import pandas as pd
import streamlit as st

from teplovoda.models.units import kw_to_gcal_per_h
from teplovoda.telemetry import alerts as alert_rules
from teplovoda.telemetry import query, schema
from teplovoda.ui import charts, data
from teplovoda.ui.i18n import gnum, hours, labeller, language, local_text, num, qty, t, unit
from teplovoda.ui.widgets import attempt

logger = logging.getLogger(__name__)

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
#: Tiles: as many columns as fit at 11.5 rem each; every text wraps (no nowrap, no ellipsis).
TILE_CSS = """<style>
.live-tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,11.5rem),1fr));gap:.5rem;margin:.25rem 0 .5rem}
.live-tile{border:1px solid rgba(128,128,128,.35);border-radius:.5rem;padding:.45rem .7rem;min-width:0}
.live-tile div{overflow-wrap:anywhere;white-space:normal}
.live-tile-label{font-size:.875rem;opacity:.85}
.live-tile-value{font-size:1.6rem;line-height:1.25;font-weight:600}
.live-tile-detail{font-size:.875rem}
.live-running .live-tile-detail{color:#0f9d58}.live-stopped .live-tile-detail,.live-low .live-tile-detail{color:#d93025}
.live-offline .live-tile-detail,.live-reporting .live-tile-detail{opacity:.75}
</style>"""
#: How each value of an alert message is written (:func:`teplovoda.telemetry.alerts.describe`): digits, or a setting.
ALERT_DIGITS = {"hours": 1, "fuel_l": 0, "rate_l_per_h": 0, "pressure_m": 1, "age_s": 0}
MODEL_COLUMNS = ["asset", "field", "unit", "predicted", "measured", "difference", "difference_pct", "flag"]
SENT_ACKS = "live_acks_sent"  # session: acknowledgements this page sent, shown until ingest has stored them
ACK_RESULT = "live_ack_result"

st.title(t("live.title"))
st.caption(t("live.intro"))
st.markdown(TILE_CSS, unsafe_allow_html=True)

conn = data.live_connection()
zone, zone_problem = data.live_timezone()
if zone_problem:
    st.warning(t("live.tz_unknown", problem=zone_problem, zone=data.DEFAULT_TIMEZONE))


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
range_key = (
    c1.segmented_control(t("live.range"), list(RANGES_H), default="6h", key="live_range", format_func=labeller("live.range_"))
    or "6h"
)
present = data.live_kinds(conn.key)
kinds = sorted((k for k in schema.ASSET_FIELDS if k != "grid"), key=lambda k: k not in present)  # reporting kinds first
chart_kind = c2.selectbox(t("live.chart_kind"), kinds, format_func=labeller("asset."), key="live_kind")
refresh_s = c3.selectbox(
    t("live.refresh"), [5, 10, 30, 60], index=0, key="live_refresh", format_func=lambda s: f"{s} {unit('s')}"
)
numeric = [f for f, spec in schema.ASSET_FIELDS[chart_kind].items() if spec.kind is float]
chart_field = st.selectbox(t("live.chart_field"), numeric, key=f"live_field_{chart_kind}", format_func=labeller("field."))


def _finite(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _tile_label(row: pd.Series) -> str:
    return f"{row['asset']} · {t('asset.' + row['kind'])}"


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
    if kind == "boiler" and _finite(row.get("heat_output_kw")):
        return f"{state} · {qty(kw_to_gcal_per_h(row['heat_output_kw']), 'gcal_per_h', 2)}"
    return state


def _tiles(tiles: list[tuple[str, str, str, str]]) -> None:
    """One grid of tiles: (label, value, detail, css state) each."""
    cells = "".join(
        f'<div class="live-tile live-{html.escape(state)}"><div class="live-tile-label">{html.escape(label)}</div>'
        f'<div class="live-tile-value">{html.escape(value)}</div><div class="live-tile-detail">{html.escape(detail)}</div></div>'
        for label, value, detail, state in tiles
    )
    st.markdown(f'<div class="live-tiles">{cells}</div>', unsafe_allow_html=True)


def _when(ts, now_s: float) -> str:
    """A UTC time in the page's zone, with its age: ``14:05 (3 min ago)``; the date too when not today."""
    if ts is None or pd.isna(ts):
        return "–"
    local = pd.Timestamp(ts).tz_convert(zone)
    today = pd.Timestamp(now_s, unit="s", tz="UTC").tz_convert(zone).date()
    shown = local.strftime("%H:%M") if local.date() == today else local.strftime("%d.%m.%Y %H:%M")
    age_s = max(now_s - pd.Timestamp(ts).timestamp(), 0.0)
    for unit_key, size_s in (("d", 86400), ("h", 3600), ("min", 60)):
        if age_s >= size_s:
            return t("live.when", time=shown, age=t(f"live.ago_{unit_key}", n=num(age_s // size_s)))
    return t("live.when", time=shown, age=t("live.ago_now"))


def _fuel_tile(g: pd.Series) -> tuple[str, str, str, str]:
    """A generator's autonomy: hours at its current rate, or (stopped) at its last running rate, so marked."""
    low = _finite(g["autonomy_h"]) and g["autonomy_h"] < conn.fuel_autonomy_min_h
    litres, rate = qty(g["fuel_l"], "l"), qty(g["autonomy_rate_l_per_h"], "l_per_h", 0)
    if g["autonomy_basis"] == "current":
        return (
            f"{g['site']} / {g['asset']}",
            hours(g["autonomy_h"]),
            t("live.fuel_detail", litres=litres, rate=rate),
            ("low" if low else "running"),
        )
    if g["autonomy_basis"] == "last_running":
        detail = t("live.fuel_last_rate", litres=litres, rate=rate)
        return f"{g['site']} / {g['asset']}", hours(g["autonomy_h"]), detail, "low" if low else "stopped"
    return f"{g['site']} / {g['asset']}", litres, t("live.fuel_no_rate", days=query.LAST_RUNNING_LOOKBACK[:-1]), "stopped"


def _sites(sites: pd.DataFrame, assets: pd.DataFrame) -> None:
    st.subheader(t("live.sites"))
    for site, s in sites.iterrows():
        badge = (
            f":green[{t('live.online')}]"
            if not s["stale"]
            else (f":red[{t('live.offline')}]" if not s["online"] else f":orange[{t('live.stale')}]")
        )
        age = s["age_s"]
        seen = t("live.seen_ago", age=num(age, 0)) if _finite(age) else t("live.never_seen")
        with st.container(border=True):
            st.markdown(f"**{site}** · {badge} · {seen}")
            mine = assets[assets["site"] == site].iterrows()
            _tiles([(_tile_label(a), _tile_value(a["kind"], a), _tile_delta(a["kind"], a), a["state"]) for _, a in mine])


def _alert_message(rule: str, stored: str) -> str:
    """An alert's message in the page's language, from the key and values it was written from; else as stored."""
    parts = alert_rules.describe(rule, stored)
    if parts is None:
        return stored
    key, values = parts
    shown = {}
    for name, v in values.items():
        if name == "asset":
            shown[name] = v
        elif name == "hour":
            shown[name] = f"{int(v):02d}"
        else:
            shown[name] = num(v, ALERT_DIGITS[name]) if name in ALERT_DIGITS else gnum(v)
    return t(f"alert.{key}", default=stored, **shown)


def _alerts_now(alerts: pd.DataFrame) -> pd.DataFrame:
    """The stored alerts with the acknowledgements this session sent and ingest has not stored yet."""
    sent = st.session_state.get(SENT_ACKS, [])
    if not len(alerts) or not sent:
        return alerts
    acks = pd.DataFrame(sent).assign(at=lambda f: pd.to_datetime(f["at_s"], unit="s", utc=True))
    return query.with_acknowledgements(alerts, acks)


def _send_ack(key: str) -> None:
    """The form's button (a callback: it runs before the page, so the page shows the acknowledgement at once)."""
    which, by = st.session_state.get("ack_which"), (st.session_state.get("ack_by") or "").strip()
    if which is None:
        return
    if not by:
        st.session_state[ACK_RESULT] = ("error", t("live.ack_name_needed"))
        return
    try:
        data.acknowledge(key, *which, by)
    except Exception as exc:  # noqa: BLE001 - shown under the form; the page keeps working
        logger.warning("acknowledgement of %s not sent: %s: %s", which, type(exc).__name__, exc)
        st.session_state[ACK_RESULT] = ("error", t("live.ack_failed", reason=f"{type(exc).__name__}: {exc}"[:200]))
        return
    site, rule, asset = which
    sent = [*st.session_state.get(SENT_ACKS, []), {"site": site, "rule": rule, "asset": asset, "by": by, "at_s": time.time()}]
    st.session_state[SENT_ACKS] = sent[-50:]
    st.session_state[ACK_RESULT] = ("success", t("live.ack_sent"))


def _alerts(alerts: pd.DataFrame, now_s: float) -> None:
    """The active alerts (raised when, acknowledged by whom and when) and the form for the unacknowledged ones."""
    st.subheader(t("live.alerts"))
    st.caption(t("live.times_in", zone=str(zone.key)))
    active = alerts[alerts["active"].astype(bool)] if len(alerts) else alerts
    if active.empty:
        st.success(t("live.no_alerts"), icon=":material/check_circle:")
    for _, a in active.iterrows():
        with st.container(border=True):
            rule = t(f"rule.{a['rule']}", default=a["rule"])
            st.markdown(f"**{a['site']} / {a['asset']}** · {rule}: {_alert_message(a['rule'], a['message'])}")
            ack = (
                t("live.alert_acked", by=a["acknowledged_by"], when=_when(a["acknowledged_at"], now_s))
                if isinstance(a["acknowledged_by"], str)
                else (t("live.alert_acked_unnamed") if a["acknowledged"] else f":red[{t('live.alert_unacked')}]")
            )
            st.caption(f"{t('live.alert_raised', when=_when(a['raised'], now_s))} · {ack}")
    st.subheader(t("live.ack_title"))
    pending = [(a["site"], a["rule"], a["asset"]) for _, a in active.iterrows() if not a["acknowledged"]]
    result = st.session_state.pop(ACK_RESULT, None)
    if result is not None:
        (st.success if result[0] == "success" else st.error)(result[1])
    if not pending:
        st.caption(t("live.ack_none"))
        return
    rule_label = labeller("rule.")  # the language bound now: widgets format options outside the run too
    with st.form("ack"):
        st.selectbox(t("live.ack_which"), pending, format_func=lambda k: f"{k[0]} / {k[2]}: {rule_label(k[1])}", key="ack_which")
        st.text_input(t("live.ack_by"), key="ack_by", max_chars=64)
        st.form_submit_button(t("live.ack_button"), disabled=not conn.mqtt_ok, on_click=_send_ack, args=(conn.key,))


@st.fragment(run_every=refresh_s)
def panel() -> None:
    snap = attempt(data.live_snapshot, conn.key)
    if snap is None:
        return
    now_s = time.time()
    sites, assets, fuel = snap.sites, snap.assets, snap.fuel
    if sites.empty:
        st.info(t("live.no_data"))
        return
    _sites(sites, assets)
    if len(fuel):
        st.subheader(t("live.fuel"))
        _tiles([_fuel_tile(g) for _, g in fuel.iterrows()])
    series = attempt(data.live_series, conn.key, chart_kind, chart_field, RANGES_H[range_key])
    st.subheader(t("live.chart", field=t(f"field.{chart_field}", default=chart_field), range=t(f"live.range_{range_key}")))
    chart = charts.live_series(series, schema.ASSET_FIELDS[chart_kind][chart_field].unit) if series is not None else None
    if chart is None:
        st.caption(t("live.no_series"))
    else:
        st.altair_chart(chart, width="stretch")
    _alerts(_alerts_now(snap.alerts), now_s)


panel()


def model_vs_measured() -> None:
    """A shipped scenario's prediction beside the last 10 minutes: only pairs that share assets, the case from a list."""
    st.subheader(t("live.model_title"))
    st.caption(t("live.model_intro"))
    snap = attempt(data.live_snapshot, conn.key)
    pairs = data.model_pairs(snap.assets) if snap is not None else []
    if not pairs:
        st.caption(t("live.model_no_pair"))
        return
    m1, m2 = st.columns([3, 2])
    lang = language()  # format_func runs again outside the script run too (see labeller)
    pair = m1.selectbox(
        t("live.model_pair"),
        pairs,
        format_func=lambda p: f"{p.site} · {p.path.name}: {local_text(p, 'scenario', lang)}",
        key="mvm_pair",
    )
    case = m2.selectbox(
        t("live.model_case"),
        list(pair.cases),
        format_func=lambda c: t("live.model_one_case") if c is None else t(f"case.{c}", default=c),
        key=f"mvm_case_{pair.site}_{pair.path.name}",
        disabled=pair.cases == (None,),
    )
    if not st.button(t("live.model_button"), key="mvm_go"):
        return
    with st.spinner(t("live.model_running")):
        table = attempt(data.model_vs_measured, conn.key, pair.site, str(pair.path), case)
    if table is None:
        return
    if table.empty:
        st.caption(t("live.model_nothing"))
        return
    shown = table.assign(
        field=table["field"].map(lambda f: t(f"field.{f}", default=f)), unit=table["unit"].map(charts.schema_unit)
    )[MODEL_COLUMNS]
    st.dataframe(
        shown.style.apply(lambda r: ["background-color: #f8d7da" if r["flag"] else "" for _ in r], axis=1).format(
            {"predicted": "{:,.1f}", "measured": "{:,.1f}", "difference": "{:+,.1f}", "difference_pct": "{:+.1f} %"},
            na_rep="–",
        ),
        hide_index=True,
        width="stretch",
        column_config={c: t(f"live.col.{c}") for c in MODEL_COLUMNS},
    )


model_vs_measured()
