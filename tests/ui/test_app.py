"""AppTest smoke tests: each page runs without an exception, shows its key elements, and re-runs on a widget change.

The scenarios are the fastest shipped ones (water_trunk_main_break and heat_plant_struck_january
solve in about a second, compare_hospital_district in about a second); model runs are cached in
the process, so a scenario is solved once per test session.
"""

from __future__ import annotations

import json

import pytest

from teplovoda.ui.i18n import t
from tests.conftest import SCENARIOS
from tests.ui.conftest import button, open_app, texts


def _no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def test_scenario_page_opens_on_the_quick_start_water_scenario():
    at = open_app()
    _no_exception(at)
    assert at.title[0].value == "Scenario"
    assert at.selectbox(key="scenario_file_water").value == "water_trunk_main_break.toml"
    metrics = {m.label: m.value for m in at.metric}
    # the README's figures for the quick start: 17,253 people without water, a 767 m3/h leak
    assert metrics["Without water"] == "17,253\u00a0people"
    assert metrics["Leak outflow"] == "767\u00a0m³/h"
    assert "Pressure map: damaged, nothing done" in texts(at)
    assert "Open access" in texts(at)  # no users configured: the sidebar says so
    assert not at.error


def test_scenario_page_runs_another_scenario_and_shows_a_case():
    at = open_app()
    at.selectbox(key="scenario_file_water").set_value("water_city_main_broken.toml").run()
    _no_exception(at)
    cases = at.radio(key="water_case")
    assert cases.options == [
        "damaged, nothing done",
        "repair the main",
        "close the break, 200 mm layflat bypass",
        "intact network",
    ]
    cases.set_value("repair the main").run()
    _no_exception(at)
    assert {m.label: m.value for m in at.metric}["Without water"] == "0\u00a0people"


def test_water_damage_edit_reruns_with_the_new_leak():
    at = open_app()
    before = {m.label: m.value for m in at.metric}["Leak outflow"]
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"leak_area_cm2": 100.0}}, "added_rows": [], "deleted_rows": []}
    button(at, "Run").click().run()
    _no_exception(at)
    after = {m.label: m.value for m in at.metric}["Leak outflow"]
    assert before == "767\u00a0m³/h" and after != before


@pytest.mark.parametrize(
    "lang, title, damaged, first_dry, never, people, option_tanks",
    [
        (
            "en",
            "Over time: 72\u00a0h, hour by hour",
            "damaged, nothing done",
            "15.0\u00a0h",
            "never",
            "300,000\u00a0people",
            "**Tank levels: generator at the river station**",
        ),
        (
            "uk",
            "У часі: 72\u00a0год, погодинно",
            "пошкоджена, без заходів",
            "15,0\u00a0год",
            "ніколи",
            "300\u00a0000\u00a0осіб",
            "**Рівні в баках: generator at the river station**",
        ),
    ],
)
def test_water_scenario_with_a_simulation_shows_service_over_time(lang, title, damaged, first_dry, never, people, option_tanks):
    """Issue 13: the 72 h pumping-station outage, hour by hour: people with water, tank levels, totals, zones, CSV."""
    at = open_app(lang)
    at.selectbox(key="scenario_file_water").set_value("water_pumping_station_outage_72h.toml").run()
    _no_exception(at)
    assert not at.error and not at.warning
    assert title in [s.value for s in at.subheader]
    # the by-case bars, people with water over time, the damaged case's tank levels, the map
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) == 4
    hour = t("water.eps_hour", lang=lang)
    assert [s["layer"][1]["encoding"]["x"]["title"] for s in specs if "layer" in s and len(s["layer"]) == 2] == [hour]
    tank_case = at.selectbox(key="water_eps_tank_case")
    assert tank_case.value == "damaged" and tank_case.options[0] == damaged
    frames = {d.value.index.name: d.value for d in at.dataframe}
    totals = frames[t("col.case", lang=lang)]
    assert list(totals.index) == [damaged, "generator at the river station", t("case.intact", lang=lang)]
    assert totals.loc[damaged, t("col.people_without_max", lang=lang)] == people
    assert totals.loc[damaged, t("col.first_zone_dry", lang=lang)] == first_dry
    assert totals.loc["generator at the river station", t("col.first_zone_dry", lang=lang)] == never
    assert t("unit.eur", lang=lang) in totals.loc[damaged, t("col.pump_energy_cost", lang=lang)]
    by_zone = [d.value for d in at.dataframe if d.value.index.name == t("col.zone", lang=lang)]  # first dry hour, pressure
    assert by_zone[0].loc["Z1"].to_dict() == {
        damaged: first_dry,
        "generator at the river station": never,
        t("case.intact", lang=lang): never,
    }
    labels = [b.label for b in at.download_button]
    assert labels[:2] == [t("download.hourly_csv", lang=lang), t("download.tank_levels_csv", lang=lang)]
    tank_case.set_value("generator at the river station").run()  # the run comes back from the cache
    _no_exception(at)
    assert option_tanks in [m.value for m in at.markdown]


def test_heat_scenario_reruns_at_another_outdoor_temperature():
    at = open_app()
    at.radio(key="scenario_kind").set_value("heat").run()
    _no_exception(at)
    assert "Heat at -15\u00a0°C: damaged, nothing done" in texts(at)
    assert "Supply temperature map: damaged, nothing done" in texts(at)
    at.radio(key="heat_case").set_value("3 x 1 MW biomass, whole network").run()
    cold = {m.label: m.value for m in at.metric}
    at.slider[0].set_value(0.0)
    button(at, "Run").click().run()
    _no_exception(at)
    assert "Heat at 0\u00a0°C: 3 x 1 MW biomass, whole network" in texts(at)
    mild = {m.label: m.value for m in at.metric}
    assert mild["Heat delivered"] != cold["Heat delivered"]
    assert "Gcal/h" in mild["Heat delivered"] and "kW" in mild["Heat delivered"]


def test_language_switch_translates_the_page():
    at = open_app()
    at.radio(key="lang").set_value("uk").run()
    _no_exception(at)
    assert at.title[0].value == "Сценарій"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Без води"] == "17\u00a0253\u00a0осіб"  # Ukrainian digit grouping and unit
    assert "Відкритий доступ" in texts(at)
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Scenario"


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            "broken.toml",
            b'[scenario]\nname = "x"\nkind = "water"\n[network]\ninp_file = "networks/Net3.inp"\n'
            b"[hydraulics]\nmin_pressure_cm = 1\n",
            "broken.toml: [hydraulics]: unknown key 'min_pressure_cm'",
        ),
        ("not_toml.toml", b"[scenario\nname = 1\n", "not_toml.toml: not valid TOML"),
        (
            "escape.toml",
            b'[scenario]\nname = "x"\nkind = "water"\n[network]\ninp_file = "../../../../etc/hosts.inp"\n',
            "escape.toml: network -> inp_file: '../../../../etc/hosts.inp' points outside the uploaded files",
        ),
        ("truncated.inp", b"[JUNCTIONS]\n J1 10 5\n[PIPES]\n P1 J1 R9 100 200 120\n", "truncated.inp"),
        (  # issue 12: ended in "Internal error (KeyError): 'kind'" (a network without reservoir or tank)
            "no_source.inp",
            b"[JUNCTIONS]\n J1 10 5\n J2 10 5\n[PIPES]\n P1 J1 J2 100 200 120\n[OPTIONS]\n Units LPS\n[END]\n",
            "network 'no_source' has no reservoir or tank to supply it",
        ),
    ],
)
def test_bad_upload_gives_one_error_line_and_the_page_keeps_working(name, content, expected):
    at = open_app()
    at.radio(key="scenario_source").set_value("upload").run()
    at.file_uploader(key="scenario_upload").upload(name, content).run()
    _no_exception(at)
    assert len(at.error) == 1, [e.value for e in at.error]
    line = at.error[0].value
    assert expected in line and "\n" not in line and "Traceback" not in line
    assert "teplovoda-uploads" not in line  # the server's directories stay hidden
    at.radio(key="scenario_source").set_value("shipped").run()  # the page keeps working
    _no_exception(at)
    assert not at.error and at.metric


@pytest.mark.parametrize(
    "inp_file, key",
    [
        ("../../../../../../etc/passwd", "network -> inp_file"),  # the reproduction: no .inp suffix
        ("/etc/passwd", "network -> inp_file"),
        ("networks/../../../../../../../etc/passwd", "network -> inp_file"),  # through the link to the shipped networks
    ],
)
def test_traversal_upload_shows_our_error_and_nothing_of_the_server(inp_file, key):
    """Issue 12, failure 2: the Scenario page showed "root:x:0:0..." for this upload."""
    content = f'[scenario]\nname = "x"\nkind = "water"\n[network]\ninp_file = "{inp_file}"\n'.encode()
    at = open_app()
    at.radio(key="scenario_source").set_value("upload").run()
    at.file_uploader(key="scenario_upload").upload("passwd.toml", content).run()
    _no_exception(at)
    assert [e.value for e in at.error] == [f"Error: passwd.toml: {key}: {inp_file!r} points outside the uploaded files"]
    assert "root:" not in texts(at) and not at.metric


@pytest.mark.parametrize(
    "lang, files, expected",
    [
        ("en", [("big.inp", b"x" * (20 * 2**20 + 1))], "The upload is 20.0 MB; at most 20 MB in all."),
        ("uk", [("big.inp", b"x" * (20 * 2**20 + 1))], "Завантаження займає 20,0 МБ; разом можна не більше 20 МБ."),
        ("en", [(f"t{i}.csv", b"x,y\n") for i in range(51)], "51 files uploaded; at most 50 at a time."),
        ("uk", [(f"t{i}.csv", b"x,y\n") for i in range(51)], "Завантажено файлів: 51; за один раз можна не більше 50."),
    ],
)
def test_upload_over_a_limit_is_one_line_in_the_session_language(lang, files, expected):
    at = open_app(lang)
    at.radio(key="scenario_source").set_value("upload").run()
    at.file_uploader(key="scenario_upload").set_value([(n, c, "application/octet-stream") for n, c in files]).run()
    _no_exception(at)
    assert [e.value for e in at.error] == [expected]


def test_upload_of_an_epanet_network_runs_as_a_water_scenario():
    at = open_app()
    at.radio(key="scenario_source").set_value("upload").run()
    at.file_uploader(key="scenario_upload").upload("Net3.inp", (SCENARIOS / "networks" / "Net3.inp").read_bytes()).run()
    _no_exception(at)
    assert not at.error
    assert "**Net3.inp**" in texts(at)
    assert {m.label for m in at.metric} >= {"Without water", "Leak outflow"}


def test_bad_form_value_gives_one_error_line():
    at = open_app()
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"position": 1.0}}, "added_rows": [], "deleted_rows": []}
    button(at, "Run").click().run()
    _no_exception(at)
    assert [e.value for e in at.error] == ["Error: damage row 1 (pipe_break): position must be > 0 and < 1, got 1"]


def test_compare_page_answers_in_one_sentence_and_recosts():
    at = open_app().switch_page("app_pages/compare.py").run()
    _no_exception(at)
    assert at.title[0].value == "Compare recovery options"
    assert at.selectbox(key="compare_file_compare").value == "compare_hospital_district.toml"
    headline = at.success[0].value
    assert headline == (
        "Best value: **repair boiler house to 80 %** restores heat to 11,200\u00a0people at EUR 121 per person per year."
    )
    assert at.dataframe  # the option table
    labels = [b.label for b in at.download_button]
    assert labels == ["Report (HTML)", "Table (CSV)", "Workbook (XLSX)", "Cost sources (CSV)"]
    at.number_input[1].set_value(4.0)  # discount rate, %
    button(at, "Recalculate").click().run()
    _no_exception(at)
    assert at.success[0].value != headline and "restores heat to 11,200" in at.success[0].value


def test_compare_page_in_ukrainian():
    at = open_app("uk").switch_page("app_pages/compare.py").run()
    _no_exception(at)
    assert at.success[0].value.startswith("Найвигідніше: **ремонт котельні до 80 %** повертає тепло для 11\u00a0200\u00a0осіб")
    assert "121 євро на особу на рік" in at.success[0].value


def test_compare_page_water_comparison_headline():
    at = open_app().switch_page("app_pages/compare.py").run()
    at.selectbox(key="compare_file_compare").set_value("compare_city_main_broken.toml").run()
    _no_exception(at)
    assert at.success[0].value.startswith("Best value: **repair the main** gives water to ")
    # three significant figures: "EUR 0" read as free
    assert at.success[0].value.endswith("more than doing nothing, at EUR 0.293 per person per year.")
    assert "0.293" in list(at.dataframe[1].value["EUR per person per year"])  # the table too, not "0"
    detail = at.dataframe[2].value  # the engineering detail: labelled with units, like the exported table
    assert "Net present cost, EUR" in detail.columns and "npc_eur" not in detail.columns
    # no option burns fuel: a caption instead of an empty chart with a "0.000000" axis
    assert "No option burns fuel: no CO2 to chart." in texts(at)


def test_compare_page_header_follows_recalculate_and_shows_the_exchange_rate():
    at = open_app().switch_page("app_pages/compare.py").run()
    assert at.expander[0].label.startswith("Assumptions: 15 years, 10.0 % discount rate")
    at.number_input[1].set_value(4.0)  # discount rate, %
    button(at, "Recalculate").click().run()
    _no_exception(at)
    assert at.expander[0].label.startswith("Assumptions: 15 years, 4.0 % discount rate")
    # fuel prices are in UAH, costs in EUR: the rate is shown with the date and source the scenario gives
    assert "converted to EUR at 1 UAH = 0.0222 EUR (rates of 2025 average; example figure" in texts(at)


def test_power_scenario_page():
    """Site power: the slowest shipped kind (hourly water solves over the blackout days; about 16 s the first time)."""
    at = open_app()
    at.radio(key="scenario_kind").set_value("power").run()
    assert at.selectbox(key="scenario_file_power").value == "power_town_water_station.toml"
    _no_exception(at)
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Water a day, with the generator"] == "24.0\u00a0h"
    assert metrics["Water a day, without"] == "15.8\u00a0h"  # README: 15.8 h of full service without the generator
    assert "Generator, fuel and water through the blackouts" in texts(at)
    assert at.multiselect[0].value == [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23]
