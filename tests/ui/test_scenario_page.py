"""Issue 15, point 13: the Scenario page an engineer works on for an afternoon.

The chosen scenario and its edits survive a visit to another page; the tables show labelled names and
"—" for what is missing, never ``None``, ``nan`` or a raw code.
"""

from __future__ import annotations

import json
import math
import re
import time

import pyarrow as pa
import pytest

from teplovoda.models.heat import damage as hdamage
from teplovoda.models.heat.sources import TECHNOLOGIES
from teplovoda.models.water import damage as wdamage
from teplovoda.ui.charts import FOUND_COLOUR
from teplovoda.ui.i18n import t
from tests.conftest import SCENARIOS
from tests.ui.conftest import button, open_app
from tests.ui.test_browser import ARTIFACTS, browser, open_app_url  # noqa: F401 - the served app, headless Chromium


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


# --- the tables say what they mean ------------------------------------------------------------------------

#: Codes of the models that a table must show by name (checked in Ukrainian, where no name equals its code).
RAW_CODES = {
    *TECHNOLOGIES,  # heat sources' kinds: central_plant, biomass_boiler, ...
    "off", "master", "injector", "running",  # heat sources' roles, pump states
    "junction", "reservoir", "tank",  # water node kinds
    "pipe", "pump", "source", "valve", "segment", "isolated",  # damaged element types
    "full", "partial", "none",  # service classes
    "apartment_block", "school", "kindergarten", "hospital", "other",  # building types
    *wdamage.DAMAGE_KINDS, *hdamage.DAMAGE_KINDS,
}  # fmt: skip
#: What a missing value must never look like, and a raw unit or float artefact ("0.0 m3").
NOT_SHOWN = {"None", "nan", "NaN", "<NA>", "NaT", "inf", "-inf", ""}
RAW_UNIT = re.compile(r"\bm3\b|\d\.0 ")


def _result_tables(at) -> list:
    """The result tables on the page (every table but the form's editors, which have no index name)."""
    return [d.value for d in at.dataframe if d.value.index.name]


def _bad_cells(frame) -> list[str]:
    bad = []
    for column in frame.columns:
        for v in frame[column]:
            text = str(v)
            if text in NOT_SHOWN or text in RAW_CODES or RAW_UNIT.search(text) or (isinstance(v, float) and math.isnan(v)):
                bad.append(f"{frame.index.name} / {column}: {text!r}")
    return bad


@pytest.mark.parametrize("name", [f.name for f in sorted(SCENARIOS.glob("*.toml")) if f.name.startswith(("water_", "heat_"))])
def test_no_table_shows_none_nan_or_a_raw_code(name):
    """Issue 15, point 13: "None", "0.0 m3" and raw codes (``central_plant``, ``off``) in the tables, in every case."""
    kind = name.split("_")[0]
    at = open_app("uk")
    at.radio(key="scenario_kind").set_value(kind).run()
    at.selectbox(key=f"scenario_file_{kind}").set_value(name).run()
    _no_exception(at)
    bad, seen = [], 0
    for case in at.radio(key=f"{kind}_case").options:
        at.radio(key=f"{kind}_case").set_value(case).run()
        _no_exception(at)
        for frame in _result_tables(at):
            seen += 1
            bad += [f"{case}: {b}" for b in _bad_cells(frame)]
    assert seen >= 2 * len(at.radio(key=f"{kind}_case").options)
    assert bad == [], sorted(set(bad))[:20]


# --- headline numbers are read whole at a desk ------------------------------------------------------------

#: Every element of a headline metric (label, value, change): its text must fit its box, with no ellipsis.
METRIC_PARTS = '[data-testid="stMetric"] *'


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_no_headline_metric_is_cut_off_at_1280_px(open_app_url, browser, lang):  # noqa: F811
    """Issue 15, point 13: "277,923 peo…", "Найнижчий тиск у вузлі споживан…" at 1280 px. Every label, value and
    change of the water and heat headlines fits its box (scrollWidth <= clientWidth)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)  # a first model run in a fresh server solves the scenario
    try:
        pg.goto(f"{open_app_url}/?lang={lang}")
        checked = {}
        for kind, first_label in (("water", "water.people_without"), ("heat", "heat.people_heated")):
            # the page opens on water; the network radio switches to each next kind
            pg.locator('[data-testid="stRadio"]').get_by_text(t(f"kind.{kind}", lang=lang), exact=True).click()
            pg.locator(METRIC_PARTS.split(" ")[0], has_text=t(first_label, lang=lang)).first.wait_for()
            time.sleep(1.5)  # the run's last elements drawn, fonts and layout settled
            cut = pg.eval_on_selector_all(
                METRIC_PARTS,
                "els => els.filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)"
                ".map(e => e.innerText.trim()).filter(t => t.length)",
            )
            checked[kind] = pg.eval_on_selector_all('[data-testid="stMetric"]', "els => els.length")
            assert cut == [], (kind, cut)
        assert checked["water"] >= 8 and checked["heat"] >= 7, checked
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"scenario_metrics_1280px_{lang}.png"), full_page=True)
        ctx.close()


# --- find an element by name on the map -------------------------------------------------------------------


def _inp_coordinates(path) -> dict[str, tuple[float, float]]:
    """[COORDINATES] of an EPANET file, read here on its own (the reference for where the map rings a node)."""
    coords, section = {}, None
    for line in path.read_text().splitlines():
        line = line.split(";")[0].strip()
        if line.startswith("["):
            section = line.upper()
        elif line and section == "[COORDINATES]":
            name, x, y = line.split()[:3]
            coords[name] = (float(x), float(y))
    return coords


def _found_marks(at) -> list[dict]:
    """The rows the map draws in the found-element colour (its ring, label and underlay), from the chart's spec."""
    rows = []
    for chart in (c.proto for c in at.get("vega_lite_chart")):
        spec = json.loads(chart.spec)
        data = {d.name: pa.ipc.open_stream(d.data.data).read_pandas().to_dict("records") for d in chart.datasets}
        for layer in spec.get("layer", []):
            mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
            if mark.get("color") == FOUND_COLOUR:
                rows += [{"mark": mark["type"], **r} for r in data[layer["data"]["name"]]]
    return rows


@pytest.mark.parametrize("name, where", [("15", "node"), ("153", "pipe")])
def test_an_element_found_by_name_is_ringed_on_the_map_where_the_network_has_it(name, where):
    at = open_app()
    assert _found_marks(at) == []  # nothing chosen, nothing ringed
    xy = _inp_coordinates(SCENARIOS / "networks" / "Net3.inp")
    finder = at.selectbox(key="water_map_find")
    assert name in finder.options and "10" in finder.options
    finder.set_value(name).run()
    _no_exception(at)
    marks = _found_marks(at)
    ring = [m for m in marks if m["mark"] == "point"]
    assert len(ring) == 1 and [m["label"] for m in marks if m["mark"] == "text"] == [name]
    if where == "node":
        expected = xy[name]
    else:  # pipe 153 runs from junction 145 to 141 (Net3.inp [PIPES]): ringed at its middle, drawn wide
        (x1, y1), (x2, y2) = xy["145"], xy["141"]
        expected = ((x1 + x2) / 2, (y1 + y2) / 2)
        assert [m["mark"] for m in marks].count("rule") == 2  # broken at its middle: drawn as its two halves
    assert ring[0]["x"] == pytest.approx(expected[0]) and ring[0]["y"] == pytest.approx(expected[1])
    at.switch_page("app_pages/compare.py").run()
    at.switch_page("app_pages/scenario.py").run()
    assert at.selectbox(key="water_map_find").value == name  # kept for the session, like the other choices


def test_a_heat_building_is_found_on_the_map():
    at = open_app("uk")
    at.radio(key="scenario_kind").set_value("heat").run()
    finder = at.selectbox(key="heat_map_find")
    building = next(n for n in finder.options if n.startswith("Hospital") or n.startswith("School"))
    finder.set_value(building).run()
    _no_exception(at)
    assert [m["label"] for m in _found_marks(at) if m["mark"] == "text"] == [building]


@pytest.mark.parametrize("kind", ["water", "heat"])
def test_editors_and_tables_never_show_a_grey_none(kind):
    """Issue 15, point 13: the damage editor showed a grey "None" in every parameter its type does not take.
    Every editor on the form leaves such cells blank, every result table shows "—" (Streamlit's
    ``placeholder``: what a missing value is drawn as, else the word "None")."""
    at = open_app("uk")
    at.radio(key="scenario_kind").set_value(kind).run()
    _no_exception(at)
    frames = list(at.dataframe)
    editors = [d for d in frames if d.proto.editing_mode]
    assert editors, "the form has its damage editor"
    assert all(d.proto.HasField("placeholder") and d.proto.placeholder == "" for d in editors)
    tables = [d for d in frames if not d.proto.editing_mode]
    assert tables and all(d.proto.placeholder == "—" for d in tables)
