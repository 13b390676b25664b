"""Repair-crew (recovery) input errors read in Ukrainian too (issue 15): the real error from the public
function, shown by :func:`teplovoda.ui.i18n.error_text` in each language."""

from __future__ import annotations

import re

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.recovery import durations, heat_spec, spec, sweep, weather
from teplovoda.models.recovery.schedule import CrewPool, Repair, critical_rule, optimal
from teplovoda.ui.i18n import error_text
from tests.conftest import SCENARIOS
from tests.ui.test_cli import teplovoda

CYRILLIC = re.compile("[а-яіїєґ]", re.IGNORECASE)
#: quoted values and lists of allowed TOML values, which stay as written
VALUES = re.compile(r"'[^']*'|\((?:допустимі|один із|є для): [^)]*\)")
#: three English words in a row: a sentence left untranslated (TOML keys are single words)
ENGLISH_WORDS = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){2,}\b")
WATER = CrewPool("water", 1, 0.0)

CASES = {
    "integer crews": lambda: spec.parse_recovery({"crews": {"water": "two"}}, set(), "s.toml"),
    "unknown trade": lambda: spec.parse_recovery({"crews": {"gas": 1}}, set(), "s.toml"),
    "crews out of range": lambda: spec.parse_recovery({"crews": {"water": 10**6}}, set(), "s.toml"),
    "not damaged": lambda: spec.parse_recovery({"repairs": [{"element": "P1"}]}, {"P2"}, "s.toml"),
    "unknown key": lambda: spec.parse_recovery({"teams": 1}, set(), "s.toml"),
    "critical not bool": lambda: spec.parse_recovery({"repairs": [{"element": "P1", "critical": 1}]}, {"P1"}, "s.toml"),
    "repairs twice": lambda: spec.parse_recovery({"repairs": [{"element": "P1"}] * 2}, {"P1"}, "s.toml"),
    "no horizon": lambda: heat_spec.parse_heat_recovery({}, set(), set(), [], "h.toml"),
    "no weather": lambda: heat_spec.parse_heat_recovery({"horizon_days": 10}, set(), set(), [], "h.toml"),
    "unknown city": lambda: heat_spec.parse_heat_recovery({"horizon_days": 10, "city": "Atlantis"}, set(), set(), [], "h.toml"),
    "city and table": lambda: heat_spec.parse_heat_recovery(
        {"horizon_days": 2, "city": "Kyiv", "outdoor_temp_c": [0, 0]}, set(), set(), [], "h.toml"
    ),
    "option not in scenario": lambda: heat_spec.parse_heat_recovery(
        {"horizon_days": 2, "outdoor_temp_c": [0, 0], "options": [{"option": "X"}]}, set(), {"Y"}, [], "h.toml"
    ),
    "no such day": lambda: weather.day_of_year("31-02"),
    "bad date": lambda: weather.day_of_year("Jan 15"),
    "no duration": lambda: durations.default_duration("teleporter"),
    "sweep crews": lambda: sweep.RecoverySweep(crews=(0,)),
    "sweep mobilisation": lambda: sweep.RecoverySweep(mobilisation_days=(3.0, 1.0)),
    "no crew of the trade": lambda: critical_rule([Repair("P1", "heat", 1.0)], {"water": WATER}),
    "zero duration": lambda: optimal([Repair("P1", "water", 0.0)], {"water": WATER}),
    "repair twice": lambda: critical_rule([Repair("P1", "water", 1.0)] * 2, {"water": WATER}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_recovery_input_error_reads_in_ukrainian_and_unchanged_in_english(case):
    with pytest.raises(InputError) as info:
        CASES[case]()
    uk = error_text(info.value, "uk")
    assert CYRILLIC.search(uk), uk
    assert not ENGLISH_WORDS.search(VALUES.sub("", uk)), uk
    assert error_text(info.value, "en") == str(info.value)


def test_cli_prints_a_bad_recovery_table_in_ukrainian_and_exits_2(tmp_path):
    example = SCENARIOS / "water_city_main_repairs.toml"
    text = example.read_text().replace('inp_file = "networks/Net3.inp"', f'inp_file = "{SCENARIOS / "networks" / "Net3.inp"}"')
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("duration_days = 3.0", "duration_days = -3.0"))
    proc = teplovoda("--lang", "uk", "water", "recovery", bad, "--out", tmp_path)
    assert proc.returncode == 2
    assert f"{bad}: [[recovery.repairs]] #1 -> duration_days: має бути > 0" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
