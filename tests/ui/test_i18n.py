"""Both languages complete, every key the app uses defined, numbers written the way each language writes them."""

from __future__ import annotations

import re
import string

import pytest

from teplovoda.models.units import KW_PER_GCAL_PER_H, kw_to_gcal_per_h
from teplovoda.ui import cli, i18n, report
from teplovoda.ui.strings import STRINGS
from tests.conftest import REPO

#: Keys built at run time from a prefix and a value (``t(f"kind.{k}")``): prefix -> the values they take.
DYNAMIC = {
    "pick.": ["shipped", "upload"],
    "kind.": ["water", "heat", "power", "compare"],
    "case.": ["intact", "damaged"],
    "water.model_": ["pdd", "dda"],
    "map.link_": ["open", "dry", "closed", "damaged"],
    "map.route_": ["open", "no_flow", "closed"],
    "map.service_": ["full", "partial", "none"],
    "map.pump_": ["running", "off", "lost"],
    "map.": ["reservoir", "tank"],
    "building.": ["apartment_block", "school", "kindergarten", "hospital", "other"],
    "scenario.running_": ["water", "heat", "power"],
    # the CLI's and the reports' rows and words by model column or comparison type (ui/cli.py, ui/report.py)
    "cli.water.": list(cli.WATER_ROWS),
    "cli.heat.": list(cli.HEAT_ROWS),
    "cli.case.": ["intact", "damaged"],
    "cli.compare.benefit_": ["person_services_added", "people_heated", "people_added", "people_served"],
    "cli.sweep.": ["people_without", "people_without_heat"],
    "report.served.": list(report.KINDS),
    "report.none.": list(report.KINDS),
    "role.": ["engineer", "programme", "operator"],
    "damage.water.": ["pipe_break", "pipe_closed", "pump_lost", "source_lost", "segment_isolated"],
    "unit.": [
        "people",
        "m",
        "m3_per_h",
        "m3_per_day",
        "kw",
        "gcal_per_h",
        "kva",
        "h",
        "pct",
        "degc",
        "l",
        "l_per_h",
        "eur",
        "kwh",
        "kwh_per_m3",
        "person_h",
    ],
}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == set(i18n.LANGUAGES), key
    assert all(entry[lang].strip() for lang in i18n.LANGUAGES), key
    assert _fields(entry["en"]) == _fields(entry["uk"]), key


def _used_keys() -> set[str]:
    """Literal keys passed to t() anywhere in ui/, and table-header and page-title keys (the app's, the CLI's, the reports')."""
    keys = set()
    for path in (REPO / "ui").rglob("*.py"):
        src = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']\s*[,)]""", src))
        keys |= set(re.findall(r"""["']((?:col|page|cli\.col|report\.col)\.[a-z0-9_]+)["']""", src))
    return keys


def test_every_key_the_app_uses_is_defined():
    missing = sorted(k for k in _used_keys() if k not in STRINGS)
    assert not missing, f"keys used in ui/ without a text: {missing}"
    dynamic = sorted(p + v for p, values in DYNAMIC.items() for v in values if p + v not in STRINGS)
    assert not dynamic, f"dynamic keys without a text: {dynamic}"


def test_t_fills_placeholders_and_falls_back_visibly():
    assert i18n.t("water.of_total", lang="en", total="5 people") == "of 5 people"
    assert i18n.t("water.of_total", lang="uk", total="5 осіб") == "із 5 осіб"
    assert i18n.t("no.such.key", lang="en") == "no.such.key"
    assert i18n.t("no.such.key", default="x", lang="uk") == "x"
    label = i18n.labeller("kind.", lang="uk")
    assert label("heat") == "Теплопостачання" and label("unknown") == "unknown"


@pytest.mark.parametrize(
    "value, digits, en, uk",
    [
        (13200, 0, "13,200", "13\u00a0200"),
        (1234567.891, 2, "1,234,567.89", "1\u00a0234\u00a0567,89"),
        (-0.04, 1, "0.0", "0,0"),
        (float("nan"), 0, "–", "–"),
        (float("inf"), 0, "∞", "∞"),
        (None, 0, "–", "–"),
    ],
)
def test_numbers_as_each_language_writes_them(value, digits, en, uk):
    assert i18n.num(value, digits, lang="en") == en
    assert i18n.num(value, digits, lang="uk") == uk


def test_quantities_carry_their_unit_and_heat_is_in_kw_and_gcal_per_h():
    assert i18n.qty(767.2, "m3_per_h", lang="en") == "767\u00a0m³/h"
    assert i18n.qty(13200, "people", lang="uk") == "13\u00a0200\u00a0осіб"
    assert i18n.qty(float("nan"), "kw", lang="en") == "–"
    assert KW_PER_GCAL_PER_H == 1163.0 and kw_to_gcal_per_h(1163.0) == 1.0
    assert i18n.heat(21_600, lang="en") == "21,600\u00a0kW (18.57\u00a0Gcal/h)"
    assert i18n.heat(21_600, lang="uk") == "21\u00a0600\u00a0кВт (18,57\u00a0Гкал/год)"
    assert i18n.hours(float("inf"), lang="uk") == "ніколи"
    assert i18n.hours(10.47, lang="en") == "10.5\u00a0h"


@pytest.mark.parametrize(
    "query, env, expected", [("en", None, "en"), (None, "en", "en"), ("fr", None, "uk"), (None, None, "uk"), ("uk", "en", "uk")]
)
def test_initial_language(query, env, expected, monkeypatch):
    if env:
        monkeypatch.setenv(i18n.LANG_ENV, env)
    else:
        monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert i18n.initial_language(query) == expected


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "uk_UA.UTF-8"}, "uk"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "uk_UA.UTF-8"}, "uk"),  # LC_MESSAGES before LANG
        ({"LANG": "uk_UA.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL before both
        ({"LANG": "uk_UA.UTF-8", "LC_ALL": ""}, "uk"),  # an empty variable does not count
        ({"LANG": "C.UTF-8", "TEPLOVODA_LANG": "uk"}, "uk"),  # TEPLOVODA_LANG overrides the locale
        ({"LANG": "uk_UA.UTF-8", "TEPLOVODA_LANG": "fr"}, "uk"),  # ... when it names a language we have
    ],
)
def test_locale_language_follows_posix_precedence(environ, expected):
    assert i18n.locale_language(environ) == expected


def test_process_language_outside_the_app(monkeypatch):
    """Without a Streamlit script run, t() speaks the process language: set, in a block, else the locale's."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv(i18n.PROCESS_LANG_ENV, raising=False)
    assert i18n.language() == "en" and i18n.t("cli.yes") == "yes"
    with i18n.using_language("uk") as lang:
        assert lang == "uk" and i18n.t("cli.yes") == "так" and i18n.num(13200.5, 1) == "13\u00a0200,5"
        with i18n.using_language(None):
            assert i18n.language() == "uk"
    assert i18n.language() == "en"
    i18n.set_language("uk")
    try:
        assert i18n.t("unit.never") == "ніколи" and i18n.gnum(2.5) == "2,5"
    finally:
        i18n.set_language(None)
    with pytest.raises(ValueError):
        i18n.set_language("fr")
