"""Compare: which recovery option gives the most people heat or water for the money, in one sentence, then the detail."""

from __future__ import annotations

import hashlib

import streamlit as st

from teplovoda.ui import data
from teplovoda.ui.i18n import t
from teplovoda.ui.views import compare
from teplovoda.ui.widgets import attempt, pick_scenario, scenario_heading

st.title(t("compare.title"))
st.caption(t("compare.intro"))

path = pick_scenario(("compare",), key="compare")
loaded = attempt(data.load, path, "compare") if path is not None else None
if loaded is None:
    st.stop()
scenario_heading(loaded.scenario)

edited = compare.form(loaded, hashlib.sha1(str(loaded.path).encode()).hexdigest()[:10])
if edited is None:
    st.stop()
with st.spinner(t("compare.running")):
    result = attempt(data.comparison, edited)
if result is None:
    st.stop()
compare.results(result)
