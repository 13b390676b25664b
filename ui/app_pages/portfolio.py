"""Portfolio: which site gets which generator set from the programme's stock, within the budget; the map, the table, the files."""

from __future__ import annotations

import streamlit as st

from teplovoda.ui import data
from teplovoda.ui.i18n import language, t
from teplovoda.ui.views import portfolio as view
from teplovoda.ui.widgets import attempt, scenario_heading, short_message

st.title(t("portfolio.title"))
st.caption(t("portfolio.intro"))

path = view.pick_portfolio(key="portfolio")
loaded = attempt(data.portfolio, path) if path is not None else None
if loaded is None:
    st.stop()
info = loaded.scenario
scenario_heading(info, view.plain)
shown = short_message(str(loaded.path))
st.caption(t("portfolio.file", sites=len(loaded.sites), types=len(loaded.inventory), file=shown))

ns = view.namespace(loaded.path)
edited = view.form(loaded, ns)
if edited is None:
    st.stop()
with st.spinner(t("portfolio.running")):
    run = attempt(data.portfolio_run, edited)
    files = attempt(data.portfolio_files, edited, language()) if run is not None else None
if run is None or files is None:
    st.stop()
view.results(run, files, ns)
