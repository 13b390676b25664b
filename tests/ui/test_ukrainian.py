"""Issue 15, point 14: Ukrainian all the way through the Live and Compare pages.

The alert messages, the chart ranges and units, the model-vs-measured headers, the comparison's reasons why an
option fails; and a page-wide check: no English text of the catalogue (the ``en`` of an entry whose ``uk``
differs) on a page shown in Ukrainian.
"""

from __future__ import annotations

import json
import re
import string
import time

import pandas as pd
import pytest

from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.telemetry import schema
from teplovoda.telemetry.influx import InfluxV1
from teplovoda.ui import charts
from teplovoda.ui.i18n import num, using_language
from teplovoda.ui.report import comparison_files, export_table, options_csv, reason
from teplovoda.ui.strings import STRINGS
from tests.conftest import SCENARIOS
from tests.telemetry.conftest import services  # noqa: F401 - the real broker and database
from tests.ui.conftest import open_app, texts

CONFIG_ENV = "TEPLOVODA_TELEMETRY_CONFIG"


def _english_patterns() -> dict[str, re.Pattern]:
    """Each catalogue English text whose Ukrainian differs, with more than 3 letters outside its placeholders,
    as a pattern (placeholders match anything) bounded by word edges."""
    found = {}
    for key, entry in STRINGS.items():
        en = entry["en"]
        if en == entry["uk"]:
            continue
        parts = list(string.Formatter().parse(en))
        literal = "".join(p[0] for p in parts)
        if sum(ch.isalpha() and ch.isascii() for ch in literal) <= 3:
            continue
        body = "".join(re.escape(lit) + (".*?" if name is not None else "") for lit, name, _, _ in parts)
        found[key] = re.compile(rf"(?<!\w){body}(?!\w)")
    return found


ENGLISH = _english_patterns()


#: Widgets whose options are names from the data (sites and scenario files), not catalogue text; the scenario
#: pickers show each scenario's ``name_uk`` and are read like the rest.
DATA_OPTIONS = {"mvm_pair"}


def _headers(d) -> list[str]:
    """A dataframe's headers as shown: the ``column_config`` label where one is given, else the column name."""
    config = json.loads(d.proto.columns or "{}")
    return [str(config.get(str(c), {}).get("label", c)) for c in d.value.columns]


def everything_read(at, data_names=()) -> str:
    """The page's texts (HTML markup and styles left out) and every label, option and table header a user
    reads, with the cells of "why not" columns; ``data_names`` (scenario titles, option names: written by the
    scenario's author, in the author's language) left out."""
    shown = re.sub(r"<style>.*?</style>", "", texts(at), flags=re.S)
    parts = [re.sub(r"<[^>]+>", " ", shown)]
    for kind in ("selectbox", "radio", "multiselect", "number_input", "text_input", "toggle"):
        for w in getattr(at, kind, []):
            parts.append(str(getattr(w, "label", "")))
            if getattr(w, "key", None) not in DATA_OPTIONS:
                parts += [str(o) for o in getattr(w, "options", [])]
    parts += [b.label for b in at.button] + [e.label for e in at.expander] + [t.label for t in at.tabs]
    for d in at.dataframe:
        headers = _headers(d)
        parts += headers
        for header, column in zip(headers, d.value.columns):
            if header in (STRINGS["col.why_not"]["uk"], STRINGS["export.col.why_not"]["uk"]):
                parts += [str(v) for v in d.value[column]]
    text = "\n".join(parts)
    for name in sorted(data_names, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def english_in(text: str) -> list[str]:
    return [f"{key}: {p.search(text).group(0)!r}" for key, p in ENGLISH.items() if p.search(text)]


def test_the_english_check_finds_catalogue_english_and_passes_ukrainian():
    assert english_in("Об'єкти наживо\nАктивних тривог немає.") == []
    assert english_in("Tривоги · No active alerts.") == ["live.no_alerts: 'No active alerts.'"]


@pytest.fixture(scope="module")
def live_db(services):  # noqa: F811
    broker, db = services
    client = InfluxV1(db.url, "teplovoda")
    client.ensure_database()
    now = time.time()
    lines = []

    def add(topic, values, ts):
        lines.extend(schema.parse(topic, schema.payload(ts, values), now).points())

    for k in range(30):
        ts = now - 1800 + 60 * k
        add("teplovoda/v1/station/pump/P1", {"running": True, "flow_m3_per_h": 870.0, "discharge_pressure_m": 50.0}, ts)
        add("teplovoda/v1/station/generator/G1", {"running": True, "fuel_l": 1400.0, "fuel_rate_l_per_h": 350.0}, ts)
    a = schema.alert_topic("station", "fuel_autonomy", "G1")
    message = "4.0 h of fuel left (1,400 L at 350 L/h), below 12 h"  # as teplovoda.telemetry.alerts writes it
    lines += schema.parse(a, schema.alert_payload(now - 60, "active", message, 4.0), now).points()
    a = schema.alert_topic("station", "pressure_low", "zone_hill")
    lines += schema.parse(a, schema.alert_payload(now - 90, "active", "pressure dropped on the hill", 9.0), now).points()
    client.write(lines)
    return broker, db


def live_page(monkeypatch, tmp_path, live_db, lang):
    broker, db = live_db
    conf = tmp_path / "telemetry.toml"
    conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\n[alerts]\nstale_after_s = 600\n')
    monkeypatch.setenv(CONFIG_ENV, str(conf))
    at = open_app(lang)
    at.switch_page("app_pages/live.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "fuel", "old"),
    [
        ("uk", "пального на 4,0 год (1\u00a0400 л за витрати 350 л/год), менше за 12 год", "pressure dropped on the hill"),
        ("en", "4.0 h of fuel left (1,400 L at 350 L/h), below 12 h", "pressure dropped on the hill"),
    ],
)
def test_alert_messages_are_in_the_page_language_and_older_ones_as_stored(monkeypatch, tmp_path, live_db, lang, fuel, old):
    shown = texts(live_page(monkeypatch, tmp_path, live_db, lang))
    assert fuel in shown, shown
    assert old in shown  # a message of an older wording (no key to read back) is shown as stored


def test_live_ranges_and_chart_unit_are_ukrainian(monkeypatch, tmp_path, live_db):
    at = live_page(monkeypatch, tmp_path, live_db, "uk")
    ranges = [w for w in at.get("button_group") if getattr(w, "key", None) == "live_range"]
    assert ranges and [ranges[0].format_func(o) for o in ranges[0].options] == ["1 год", "6 год", "24 год", "7 діб"]
    assert "Показник за 6 год" in texts(at) or "6 год" in texts(at)


@pytest.mark.parametrize(("lang", "title"), [("uk", "м³/год"), ("en", "m³/h")])
def test_live_chart_axis_unit_from_the_catalogue(lang, title):
    frame = pd.DataFrame({"station/P1": [860.0, 870.0]}, index=pd.to_datetime([0, 60], unit="s", utc=True))
    with using_language(lang):
        spec = charts.live_series(frame, "m3/h").to_dict()
    assert spec["encoding"]["y"]["title"] == title


def test_live_page_in_ukrainian_has_no_catalogue_english(monkeypatch, tmp_path, live_db):
    at = live_page(monkeypatch, tmp_path, live_db, "uk")
    assert english_in(everything_read(at)) == []


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_charts_write_numbers_as_the_language_does(lang):
    """Vega's number locale is the one :func:`teplovoda.ui.i18n.num` writes with (13 200,5 / 13,200.5);
    English charts keep Vega's own (no locale in the spec)."""
    frame = pd.DataFrame({"station/P1": [860.0, 870.0]}, index=pd.to_datetime([0, 60], unit="s", utc=True))
    with using_language(lang):
        config = charts.live_series(frame, "m3/h").to_dict()["config"]
        written = num(13200.5, 1)
    assert config["view"] == {"continuousWidth": 300, "continuousHeight": 300}  # Altair's default theme kept
    if lang == "en":
        assert "locale" not in config and "axisTemporal" not in config and written == "13,200.5"
        return
    number = config["locale"]["number"]
    assert written == f"13{number['thousands']}200{number['decimal']}5" == "13\u00a0200,5"
    assert number["grouping"] == [3] and len(config["locale"]["time"]["shortMonths"]) == 12
    assert config["axisTemporal"]["format"]["hours"] == "%H:%M"  # a 24-hour clock, not Vega's "06 PM"


@pytest.fixture(scope="module")
def hospital():
    return run_comparison(load_scenario(SCENARIOS / "compare_hospital_district.toml"))


def test_why_not_is_in_the_language_from_the_models_key_and_values(hospital):
    why = hospital.options.loc["3 x 1 MW biomass, whole network", "why_not"]
    english = str(why)
    assert "Hospital6N gets 8% of its heat" in english  # the models' English, unchanged
    with using_language("en"):
        assert reason(why) == english
    with using_language("uk"):
        shown = reason(why)
    assert "Hospital6N отримує 8% свого тепла (потрібно" in shown and "замала потужність:" in shown
    assert shown.count("; ") == english.count("; ")  # as many reasons
    assert english_in(shown) == []
    assert reason("an older reason, written as text") == "an older reason, written as text"


def test_report_and_exports_say_why_not_in_the_language(hospital):
    with using_language("uk"):
        table = export_table(hospital)
    files = comparison_files(hospital, maps=False, lang="uk")
    html_report, summary = files["report.html"].decode(), files["summary.md"].decode()
    assert "отримує 8% свого тепла" in summary and "gets 8% of its heat" not in summary
    assert any("отримує 8% свого тепла" in str(w) for w in table["Чому ні"])
    assert "отримує 8% свого тепла" in html_report and "gets 8% of its heat" not in html_report
    with using_language("en"):
        assert "gets 8% of its heat" in options_csv(hospital).decode()
    assert "gets 8% of its heat" in files["options.csv"].decode()  # English whatever the language, for scripts


@pytest.mark.parametrize("scenario", ["compare_hospital_district.toml", "compare_city_main_broken.toml"])
def test_compare_page_in_ukrainian_has_no_catalogue_english(scenario):
    at = open_app("uk").switch_page("app_pages/compare.py").run()
    if at.selectbox(key="compare_file_compare").value != scenario:
        at.selectbox(key="compare_file_compare").set_value(scenario).run()
    assert not at.exception, [e.value for e in at.exception]
    options = {str(n) for d in at.dataframe for n in d.value.index} | {
        str(n) for d in at.dataframe if "Варіант" in d.value for n in d.value["Варіант"]
    }
    assert len(options) > 2  # the option names were found
    title = load_scenario(SCENARIOS / scenario).scenario.name_uk  # the scenario's own Ukrainian title, read too
    assert title in everything_read(at)
    read = everything_read(at, options)
    assert english_in(read) == []
    if scenario == "compare_hospital_district.toml":  # the reasons in the table and the list are read, in Ukrainian
        assert read.count("отримує 8% свого тепла") >= 2


def _figure_text(draw, monkeypatch) -> str:
    """Every text of the figures a plotting function saves (titles, labels, ticks, legends, notes), read as it saves."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    seen, save = [], Figure.savefig

    def savefig(fig, *args, **kwargs):
        seen.extend(x.get_text() for x in fig.findobj(Text))
        return save(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    draw()
    monkeypatch.undo()
    return "\n".join(seen)


def test_report_maps_and_charts_are_in_ukrainian(hospital, tmp_path, monkeypatch):
    from teplovoda.ui.plots import heat_delivered_chart, heat_map

    run = hospital.heat_run
    case = next(iter(run.results))
    with using_language("uk"):
        drawn = _figure_text(lambda: heat_map(run.nets[case], run.results[case], tmp_path / "map.png", title="T"), monkeypatch)
        drawn += _figure_text(lambda: heat_delivered_chart(run.results, tmp_path / "bars.png"), monkeypatch)
    for uk in ("температура подачі, °C", "будинок без тепла", "джерело тепла", "надворі", "Доставлене тепло за будинками"):
        assert uk in drawn, uk
    names = [*run.results, *run.results[case].consumers.index, *run.results[case].sources.index]
    for name in sorted(map(str, names), key=len, reverse=True):
        drawn = drawn.replace(name, " ")
    assert english_in(drawn) == []
