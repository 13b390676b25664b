"""Scenario: pick a shipped scenario or upload one, edit its main parameters, run it, see who is served."""

from __future__ import annotations

import hashlib

import streamlit as st

from teplovoda.models import kinds
from teplovoda.ui import data, scenarios, session, views
from teplovoda.ui.i18n import t
from teplovoda.ui.widgets import attempt, pick_scenario, scenario_heading

st.title(t("scenario.title"))
st.caption(t("scenario.intro"))

page_kinds = scenarios.model_kinds()
# the choice outlives a visit to another page (Streamlit deletes the state of widgets it does not draw)
picker = ["scenario_source", "scenario_kind", *(f"scenario_file_{k}" for k in page_kinds)]
session.restore("scenario_source", ["shipped", "upload"])
session.restore("scenario_kind", page_kinds)
for k in page_kinds:
    session.restore(f"scenario_file_{k}", [f.path.name for f in data.shipped(k)])
path = pick_scenario(page_kinds, key="scenario")
for key in picker:
    session.remember(key)
loaded = attempt(data.load, path) if path is not None else None
if loaded is None or scenarios.kind_of(loaded) not in page_kinds:
    st.stop()
kind = kinds.kind_of(loaded)
view = views.of(kind)
scenario_heading(loaded.scenario)

# the network is read once here: a file that cannot be read stops with its one error line
elements = attempt(data.elements, loaded)
if elements is None:
    st.stop()
# widget keys per scenario file, so another scenario opens with its own values
edited = view.form(loaded, hashlib.sha1(str(loaded.path).encode()).hexdigest()[:10], elements)
if edited is None:
    st.stop()
with st.spinner(t(kind.running_key)):
    run = attempt(data.run, edited)
if run is None:
    st.stop()
st.divider()
view.results(run)
