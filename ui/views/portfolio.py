"""The Portfolio page's pieces: choose or upload a portfolio, edit its budget and inventory, show the allocation.

The page renders what :func:`teplovoda.models.portfolio.run_portfolio` returns, through the same rows and
sentences as ``teplovoda portfolio allocate`` and its ``portfolio.xlsx`` / ``portfolio.html``
(:mod:`teplovoda.ui.portfolio_cli`, :mod:`teplovoda.ui.portfolio_report`).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from teplovoda.ui import data, scenarios
from teplovoda.ui.i18n import labeller, language, local_name, num, qty, t
from teplovoda.ui.portfolio_cli import sheet_rows, totals_lines
from teplovoda.ui.portfolio_inputs import (
    BOILER_COLUMNS,
    EDITABLE,
    INVENTORY_COLUMNS,
    boiler_rows,
    edit_portfolio,
    inventory_rows,
    shipped_portfolios,
)
from teplovoda.ui.portfolio_report import SECTIONS
from teplovoda.ui.widgets import attempt

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MARKDOWN = re.compile(r"([\\`*_\[\]()<>!#|~$])")


def plain(text: str) -> str:
    """``text`` for ``st.markdown`` as written: names from the user's files (a site called ``![x](http://...)``
    or ``**x**``) show as text, never as a picture fetched from elsewhere, a link or emphasis."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def _upload(key: str) -> Path | None:
    """The uploaded .zip stored, its portfolio TOML; None before an upload or after one error line."""
    up = st.file_uploader(
        t("portfolio.upload"),
        type=["zip"],
        key=f"{key}_upload",
        max_upload_size=scenarios.UPLOAD_MAX_MIB,
    )
    st.caption(t("portfolio.upload_help", files=scenarios.UPLOAD_MAX_FILES, mib=scenarios.UPLOAD_MAX_MIB))
    if up is None:
        st.info(t("portfolio.upload_hint"))
        return None
    try:
        scenarios.check_upload_limits([up.size])
    except scenarios.UploadLimitError as exc:
        values = {k: num(v, 1 if isinstance(v, float) else 0) for k, v in exc.values.items()}
        st.error(t(exc.key, **values), icon=":material/error:")
        return None
    return attempt(data.save_portfolio_zip, up.name, up.getvalue())


def pick_portfolio(key: str) -> Path | None:
    """The shipped example or an uploaded .zip: the portfolio TOML, or None (nothing yet, or an error shown)."""
    cols = st.columns([1.4, 4.6], vertical_alignment="bottom")
    source = cols[0].radio(
        t("portfolio.source"),
        ["shipped", "upload"],
        format_func=labeller("portfolio.source_"),
        key=f"{key}_source",
    )
    if source == "upload":
        return _upload(key)
    files = {str(f.path.relative_to(scenarios.SCENARIO_DIR)): f for f in shipped_portfolios()}
    if not files:
        st.info(t("pick.none_shipped"))
        return None
    lang = language()  # format_func runs again outside the script run too (see labeller)
    name = cols[1].selectbox(
        t("portfolio.example"), list(files), format_func=lambda n: local_name(files[n], lang), key=f"{key}_file"
    )
    return files[name].path


def namespace(path: Path) -> str:
    """Widget keys of one portfolio file: a new file (or upload) gets fresh budget and inventory fields."""
    return "portfolio:" + hashlib.sha1(str(path).encode()).hexdigest()[:10]


def _editor(rows, columns, config: dict, key: str):
    """An inventory editor (sets or boilers): only :data:`EDITABLE` columns change; count and cost are configured
    the same for both."""
    return st.data_editor(
        rows,
        num_rows="fixed",
        disabled=[c for c in columns if c not in EDITABLE],
        column_config=config
        | {
            "count": st.column_config.NumberColumn(t("portfolio.col.count"), min_value=0, step=1, format="%d"),
            "cost_eur": st.column_config.NumberColumn(t("portfolio.col.cost_eur"), min_value=0.0, format="%.0f"),
            "delivery_days": st.column_config.NumberColumn(t("portfolio.col.delivery_days"), format="%g"),
        },
        hide_index=True,
        width="stretch",
        key=key,
    )


def _boilers_editor(portfolio, ns: str) -> pd.DataFrame | None:
    """The mobile boilers' editor (count, cost each), inside the form; None for a portfolio without heat sites."""
    if not portfolio.boilers:
        return None
    st.caption(t("portfolio.boilers_inventory"))
    config = {
        "boiler_type": t("portfolio.col.boiler_type"),
        "heat_mw": st.column_config.NumberColumn(t("portfolio.col.heat_mw"), format="%g"),
        "fuel": t("portfolio.col.boiler_fuel"),
        "efficiency": st.column_config.NumberColumn(t("portfolio.col.efficiency"), format="%g"),
    }
    edited = _editor(boiler_rows(portfolio), BOILER_COLUMNS, config, f"{ns}:boilers")
    return pd.DataFrame(edited)


def form(portfolio, ns: str):
    """Budget, the inventory of sets and of mobile boilers (count, cost each), and the Allocate button; the edited
    portfolio once allocated, else None."""
    inv = inventory_rows(portfolio)
    with st.form(f"{ns}:form"):
        budget = st.number_input(
            t("portfolio.budget"),
            min_value=0.0,
            value=float(portfolio.spec.budget_eur),
            step=50_000.0,
            format="%.0f",
            key=f"{ns}:budget",
        )
        st.caption(t("portfolio.inventory"))
        config = {
            "set_type": t("portfolio.col.set_type"),
            "kva": st.column_config.NumberColumn(t("portfolio.col.kva"), format="%g"),
        }
        edited = _editor(inv, INVENTORY_COLUMNS, config, f"{ns}:inventory")
        boilers = _boilers_editor(portfolio, ns)
        submitted = st.form_submit_button(t("portfolio.run"), type="primary")
    if submitted:
        st.session_state[f"{ns}:allocated"] = True
    if not st.session_state.get(f"{ns}:allocated"):
        st.info(t("portfolio.press_run"))
        return None
    return attempt(edit_portfolio, portfolio, budget_eur=budget, inventory=pd.DataFrame(edited), boilers=boilers)


def _metrics(run) -> None:
    """The headline figures: people-hours (long numbers: two to a row, so that none is cut off), then sets, cost, gap."""
    x = run.totals
    first = st.columns(2)
    first[0].metric(t("portfolio.m.people_hours"), qty(x["people_hours"], "person_h"))
    first[1].metric(t("portfolio.m.vs_greedy"), qty(x["exact_minus_greedy_people_hours"], "person_h"))
    second = st.columns(3)
    second[0].metric(t("portfolio.m.sets"), f"{x['sites_served']} / {x['sites']}")
    of_budget = t("portfolio.m.of", total=qty(x["budget_eur"], "eur"))
    second[1].metric(t("portfolio.m.cost"), qty(x["cost_eur"], "eur"), of_budget, delta_color="off", delta_arrow="off")
    second[2].metric(t("portfolio.m.gap"), f"{num(100 * x['mip_gap'], 3)}\u00a0%")


def results(run, files: dict[str, bytes], ns: str) -> None:
    """The headline (metrics and the CLI's sentences), the map, the allocation table, the downloads."""
    _metrics(run)
    st.markdown("  \n".join(plain(line) for line in totals_lines(run)))
    d1, d2 = st.columns(2)
    d1.download_button(
        t("portfolio.download_xlsx"), files["portfolio.xlsx"], "portfolio.xlsx", XLSX_MIME, on_click="ignore", key=f"{ns}:xlsx"
    )
    d2.download_button(
        t("portfolio.download_html"), files["portfolio.html"], "portfolio.html", "text/html", on_click="ignore", key=f"{ns}:html"
    )
    st.subheader(t("port.report.map"))
    st.image(files["map.png"])
    for sheet, (rows, cols) in sheet_rows(run).items():  # the report's tables, in its order
        st.subheader(t(SECTIONS[sheet]))
        st.dataframe(pd.DataFrame(rows, columns=[t(f"cli.port.col.{c}") for c in cols]), hide_index=True, key=f"{ns}:{sheet}")


__all__ = ["form", "namespace", "pick_portfolio", "plain", "results"]
