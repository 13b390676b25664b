"""Issue 15, point 13: the Scenario page an engineer works on for an afternoon.

The chosen scenario and its edits survive a visit to another page; the tables show labelled names and
"—" for what is missing, never ``None``, ``nan`` or a raw code.
"""

from __future__ import annotations

from teplovoda.ui.i18n import t
from tests.ui.conftest import button, open_app


def _no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def _by_key_suffix(widgets, suffix: str):
    found = [w for w in widgets if w.key and w.key.endswith(suffix)]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]


# --- the chosen scenario and the edits are kept for the session ---------------------------------------------


def test_leaving_the_page_and_coming_back_keeps_the_scenario_and_the_edits():
    at = open_app()
    at.selectbox(key="scenario_file_water").set_value("water_city_main_broken.toml").run()
    _no_exception(at)
    _by_key_suffix(at.number_input, ":min_p").set_value(3.0)
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"leak_area_cm2": 123.0}}, "added_rows": [], "deleted_rows": []}
    _by_key_suffix(at.multiselect, ":options").set_value(["repair the main"])
    button(at, "Run").click().run()
    _no_exception(at)
    assert at.radio(key="water_case").options == ["damaged, nothing done", "repair the main", "intact network"]
    at.radio(key="water_case").set_value("repair the main").run()
    shown = {m.label: m.value for m in at.metric}

    at.switch_page("app_pages/compare.py").run()
    _no_exception(at)
    assert at.title[0].value != t("scenario.title")  # another page ran: the Scenario page's widgets were not drawn
    at.switch_page("app_pages/scenario.py").run()
    _no_exception(at)

    assert at.selectbox(key="scenario_file_water").value == "water_city_main_broken.toml"
    assert _by_key_suffix(at.number_input, ":min_p").value == 3.0
    assert at.data_editor[0].value.loc[0, "leak_area_cm2"] == 123.0
    assert list(_by_key_suffix(at.multiselect, ":options").value) == ["repair the main"]
    assert at.radio(key="water_case").value == "repair the main"
    assert {m.label: m.value for m in at.metric} == shown  # the edited scenario's results, not the file's


def test_a_kept_heat_scenario_comes_back_with_its_outdoor_temperature():
    at = open_app()
    at.radio(key="scenario_kind").set_value("heat").run()
    at.slider[0].set_value(-5.0)
    button(at, "Run").click().run()
    _no_exception(at)
    at.switch_page("app_pages/live.py").run()
    at.switch_page("app_pages/scenario.py").run()
    _no_exception(at)
    assert at.radio(key="scenario_kind").value == "heat"
    assert at.slider[0].value == -5.0
    assert t("heat.headline", case=t("case.damaged"), outdoor="-5\u00a0°C") in [s.value for s in at.subheader]
