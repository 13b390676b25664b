"""Issue 15, last point: the input errors of site power, district heat and costing read in Ukrainian.

Each case makes the real error happen (a scenario file with one mistake, written beside the shipped tables, or a
bad argument to the public function) and checks the one line the app and the CLI show: Ukrainian from the
catalogue (``error.detail.power.*``, ``heat.*``, ``cost.*``) with no English sentence left, and the English line
unchanged (the error's own text).
"""

from __future__ import annotations

import re
import shutil

import pytest

from teplovoda.models.costing.compare import load_scenario as load_compare
from teplovoda.models.costing.compare import run_comparison
from teplovoda.models.costing.finance import CostInputs, net_present_cost
from teplovoda.models.costing.library import Economics
from teplovoda.models.errors import InputError
from teplovoda.models.heat import norms
from teplovoda.models.heat.physics import Climate
from teplovoda.models.heat.scenario import load_scenario as load_heat
from teplovoda.models.heat.scenario import run_scenario as run_heat
from teplovoda.models.heat.thermal import HeatConditions
from teplovoda.models.power import blackout
from teplovoda.models.power.generators import GeneratorAssumptions
from teplovoda.models.power.scenario import load_scenario as load_power
from teplovoda.models.power.site import AuxLoad, Motor
from teplovoda.ui.i18n import error_text
from tests.conftest import SCENARIOS
from tests.ui.test_cli_lang import teplovoda
from tests.ui.test_ukrainian import english_in

CYRILLIC = re.compile("[а-яіїєґ]", re.IGNORECASE)
POWER = SCENARIOS / "power_motors_only.toml"
HEAT = SCENARIOS / "heat_network_strike.toml"
COMPARE = SCENARIOS / "compare_network_strike.toml"


def _keys(msg) -> set[str]:
    """Every catalogue key in a message and the messages it holds as values."""
    keys = {getattr(msg, "key", "")} | {k for p in getattr(msg, "parts", ()) for k in _keys(p)}
    for value in getattr(msg, "values", {}).values():
        keys |= _keys(value)
    return keys - {""}


def _literals(msg) -> set[str]:
    """The values written into a message as they are (names, file names, keys, lists of known names)."""
    found = set()
    for value in getattr(msg, "values", {}).values():
        if getattr(value, "key", "") or getattr(value, "parts", ()):
            found |= _literals(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def _check(exc: InputError, key: str) -> str:
    assert key in _keys(exc.detail), (key, repr(exc.detail))
    uk = error_text(exc, "uk")
    assert CYRILLIC.search(uk), uk
    # what is left once the file, names and known values are taken out is the catalogue's Ukrainian: no English
    # phrase of the catalogue in it (single words such as "pump" are the TOML keys a template names, as written)
    text = uk.removeprefix(f"{exc.source}: ") if exc.source else uk
    for literal in sorted(_literals(exc.detail), key=len, reverse=True):
        text = text.replace(literal, "·")
    assert [e for e in english_in(text) if " " in e.split(": ", 1)[1].strip(" '")] == [], uk
    assert error_text(exc, "en") == str(exc)
    return uk


def _edited(tmp_path, shipped, old: str, new: str, tables: tuple[str, ...] = ()):
    """``shipped`` with its first ``old`` replaced by ``new``, written to ``tmp_path`` beside a copy of ``tables``."""
    text = shipped.read_text(encoding="utf-8")
    assert old in text, old
    for folder in tables:
        shutil.copytree(SCENARIOS / folder, tmp_path / folder)
    path = tmp_path / shipped.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


FILE_CASES = {
    # site power: power/scenario.py, power/site.py, power/blackout.py
    "motor starting": (POWER, 'starting = "vfd"', 'starting = "wye"', "power.one_of"),
    "pattern and grid_on": (POWER, 'pattern = "4on4off"', 'pattern = "4on4off"\ngrid_on = [1]', "power.pattern_or_grid_on"),
    "grid_on hours": (POWER, 'pattern = "4on4off"', "grid_on = [1, 0]", "power.grid_on_hours"),
    "grid_on values": (POWER, 'pattern = "4on4off"', "grid_on = [" + ", ".join(["2"] * 24) + "]", "power.grid_on_values"),
    "motor too big": (POWER, "rated_kw = 75.0", "rated_kw = 75000.0", "power.motor_too_big"),
    "site starts": (POWER, 'name = "Boiler house"', 'name = "Boiler house"\nstarts = "all"', "power.one_of"),
    "no water for a pump": (POWER, "running_kw = 62.0", 'pump = "P1"', "power.motor_without_water"),
    "controls without water": (
        POWER,
        "[generator]",
        '[[controls]]\npump = "P1"\ntank = "T1"\nstop_above_m = 4.0\nstart_below_m = 2.0\n\n[generator]',
        "power.controls_need_water",
    ),
    "chp without output": (POWER, "[generator]", '[[chp]]\nname = "gas engine"\n\n[generator]', "power.chp_either"),
    # district heat: heat/scenario.py, heat/norms.py, heat/network.py
    "unknown oblast": (HEAT, "[weather]", '[climate]\ndesign_oblast = "Atlantis"\n\n[weather]', "heat.unknown_oblast"),
    "oblast not a name": (HEAT, "[weather]", "[climate]\ndesign_oblast = 5\n\n[weather]", "heat.oblast_name"),
    "oblast and temperature": (
        HEAT,
        "[weather]",
        '[climate]\ndesign_oblast = "Kyivska"\ndesign_outdoor_temp_c = -22.0\n\n[weather]',
        "heat.oblast_or_temp",
    ),
    "operation mode": (HEAT, "[weather]", '[operation]\nmode = "both"\n\n[weather]', "heat.mode_expected"),
    "building type": (
        HEAT,
        "[weather]",
        "[building_types.castle]\ntime_constant_h = 40.0\n\n[weather]",
        "heat.unknown_building_type",
    ),
    "source kind": (HEAT, 'kind = "central_plant"', 'kind = "fusion"', "heat.unknown_kind"),
    "damaged pipe": (HEAT, 'pipe = "M1-M2"', 'pipe = "NOWHERE"', "heat.unknown_pipe"),
    "source fuel": (HEAT, "capacity_kw = 25000.0", 'capacity_kw = 25000.0\nfuel = "unobtainium"', "heat.unknown_fuel"),
    "option sources not a list": (HEAT, "repair_pipes = [", 'sources = "modular_1"\nrepair_pipes = [', "heat.expected_array"),
    # costing: compare/spec.py
    "two bases": (COMPARE, "[base]", '[base]\nwater = "water_city_main_broken.toml"', "cost.one_base"),
    "unknown fuel price": (
        COMPARE,
        "[economics]",
        '[fuel_prices.unobtainium]\nunit = "t"\nprice = 1.0\nsource = "a quote"\ncurrency = "EUR"\nprice_year = 2025\n'
        "\n[economics]",
        "cost.unknown_fuel",
    ),
    "unknown technology": (
        COMPARE,
        "[economics]",
        "[technology_overrides.perpetual_motion]\ncapex_eur_per_kw = 1.0\n\n[economics]",
        "cost.unknown_technology",
    ),
}


@pytest.mark.parametrize("case", FILE_CASES)
def test_a_scenario_file_error_reads_in_ukrainian(case, tmp_path):
    shipped, old, new, key = FILE_CASES[case]
    load = {POWER: load_power, HEAT: lambda p: run_heat(load_heat(p)), COMPARE: load_compare}[shipped]
    path = _edited(tmp_path, shipped, old, new, tables=("heat_microdistrict",) if shipped == HEAT else ())
    if shipped == COMPARE:
        shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
        shutil.copy(SCENARIOS / "heat_network_strike.toml", tmp_path)
        shutil.copy(SCENARIOS / "water_city_main_broken.toml", tmp_path)
    with pytest.raises(InputError) as info:
        load(path)
    _check(info.value, key)


TABLE_CASES = {
    # heat/network.py: the network's CSV tables, read when the scenario is run
    "missing column": ("pipes.csv", "diameter_mm", "diameter", "heat.missing_column"),
    "negative heat loss": ("pipes.csv", "90.0,500.0,0.5,1.2", "90.0,500.0,0.5,-1.2", "heat.at_least_zero_for"),
    "unknown building type": ("consumers.csv", "B0N1,B0N1,apartment_block", "B0N1,B0N1,castle", "heat.unknown_building_type_of"),
    "unknown node": ("consumers.csv", "B0N1,B0N1,apartment_block", "B0N1,NOWHERE,apartment_block", "heat.unknown_node"),
    "design heat not positive": ("consumers.csv", "apartment_block,700.0", "apartment_block,-700.0", "positive"),
}


@pytest.mark.parametrize("case", TABLE_CASES)
def test_a_heat_table_error_reads_in_ukrainian(case, tmp_path):
    table, old, new, key = TABLE_CASES[case]
    path = _edited(tmp_path, HEAT, "[weather]", "[weather]", tables=("heat_microdistrict",))
    csv = tmp_path / "heat_microdistrict" / table
    text = csv.read_text(encoding="utf-8")
    assert old in text
    csv.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        run_heat(load_heat(path))
    _check(info.value, key)


RUN_CASES = {
    # costing: compare/costs.py, compare/water.py, compare/heat.py, raised when the comparison runs
    "costed option": ("compare_city_main_broken.toml", 'option = "repair the main"', 'option = "dig it up"', "cost.no_option"),
    "water base without options": ("water_city_main_broken.toml", "[[options]]", None, "cost.no_options"),  # cut from there
    "constraint building": (
        "compare_hospital_district.toml",
        'consumer = "Hospital6N"',
        'consumer = "Nobody"',
        "cost.unknown_building",
    ),
}


@pytest.mark.parametrize("case", RUN_CASES)
def test_a_comparison_error_reads_in_ukrainian(case, tmp_path):
    edited, old, new, key = RUN_CASES[case]
    folder = shutil.copytree(SCENARIOS, tmp_path / "scenarios")
    text = (folder / edited).read_text(encoding="utf-8")
    assert old in text
    text = text[: text.index(old)] if new is None else text.replace(old, new)
    (folder / edited).write_text(text, encoding="utf-8")
    compare = edited if edited.startswith("compare_") else "compare_city_main_broken.toml"
    with pytest.raises(InputError) as info:
        run_comparison(load_compare(folder / compare))
    _check(info.value, key)


CALL_CASES = {
    "motor power factor": (lambda: Motor(name="m", rated_kw=10.0, running_kw=8.0, power_factor=0.1), "power.between"),
    "motor pump and running_kw": (lambda: Motor(name="m", rated_kw=10.0), "power.pump_or_running_kw"),
    "aux load power": (lambda: AuxLoad(name="a", power_kw=-1.0), "power.at_least_zero"),
    "generator reactance": (lambda: GeneratorAssumptions(transient_reactance_pu=1.5), "power.reactance"),
    "blackout pattern": (lambda: blackout.grid_timetable("sometimes"), "power.one_of"),
    "climate design point": (lambda: Climate(design_outdoor_temp_c=25.0, indoor_temp_c=20.0), "heat.design_below_indoor"),
    "heat solve mode": (lambda: HeatConditions(mode="both"), "heat.mode"),
    "insulation preset": (lambda: norms.preset_heat_loss_w_per_m_k(["nope"], 0.1), "heat.unknown_insulation"),
    "cost below zero": (lambda: CostInputs(capex_eur=-1.0, lifetime_years=20), "cost.at_least_zero"),
    "horizon": (
        lambda: net_present_cost(CostInputs(capex_eur=1.0, lifetime_years=20), horizon_years=0, discount_rate=0.05),
        "cost.horizon_at_least_one",
    ),
    "reporting currency": (lambda: Economics(currency="USD"), "cost.currency_eur"),
    "unknown currency": (lambda: Economics().to_eur(1.0, "XYZ", 2025, "[fuel_prices.gas]"), "cost.unknown_currency"),
    "missing price year": (lambda: Economics().to_eur(1.0, "EUR", None, "[fuel_prices.gas]"), "cost.missing_price_year"),
}


@pytest.mark.parametrize("case", CALL_CASES)
def test_a_bad_argument_error_reads_in_ukrainian(case):
    call, key = CALL_CASES[case]
    with pytest.raises(InputError) as info:
        call()
    _check(info.value, key)


def test_the_english_line_is_unchanged_and_the_ukrainian_keeps_the_names():
    with pytest.raises(InputError) as info:
        Motor(name="m", rated_kw=10.0, running_kw=8.0, starting="wye")
    assert str(info.value) == "starting must be one of dol, star_delta, soft_starter, vfd, got 'wye'"
    assert error_text(info.value, "uk") == "starting має бути одним із: dol, star_delta, soft_starter, vfd, а задано 'wye'"


def test_cli_power_size_in_ukrainian_prints_the_ukrainian_line_and_exits_2(tmp_path):
    path = _edited(tmp_path, POWER, 'starting = "vfd"', 'starting = "wye"')
    run = teplovoda("--lang", "uk", "power", "size", path)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    out = run.stderr + run.stdout
    assert "має бути одним із: dol" in out and "must be one of" not in out
