"""Issue 15: the errors of scenario files, files, limits, kinds, sweeps and water networks read in Ukrainian.

Each case makes the real input error happen (a bad file in ``tmp_path``, a bad argument to the public function)
and checks the line the app and the CLI show: Ukrainian words in ``uk`` (file names, keys and element names as
written, no English sentence of the catalogue left), the model's own text in ``en``.
"""

from __future__ import annotations

import ast
import re

import pytest

from teplovoda.models import kinds
from teplovoda.models.errors import InputError
from teplovoda.models.files import read_csv_table
from teplovoda.models.limits import check
from teplovoda.models.montecarlo import SweepSpec
from teplovoda.models.scenario import load_toml
from teplovoda.models.water import damage as wdamage
from teplovoda.models.water import network as wnet
from teplovoda.models.water.epanet import read_inp
from teplovoda.models.water.eps import SimulationSpec, simulate
from teplovoda.models.water.hydraulics import HydraulicOptions
from teplovoda.models.water.inp_scan import scan_inp
from teplovoda.models.water.scenario import PumpDrive, build_network, load_scenario
from teplovoda.ui.i18n import error_text
from teplovoda.ui.strings import STRINGS
from tests.conftest import REPO, library_inp
from tests.ui.test_cli_lang import teplovoda
from tests.ui.test_ukrainian import english_in

CYRILLIC = re.compile("[а-яіїєґ]", re.IGNORECASE)
HEAD = '[scenario]\nname = "t"\nkind = "water"\n[network]\ninp_file = "{inp}"\n'


def scenario(t, body: str = "", inp: str | None = None, top: str = ""):
    """A water scenario on Net3 in ``t``: ``top`` keys before its sections, ``body`` after its [network] section."""
    path = t / "s.toml"
    path.write_text(top + HEAD.format(inp=inp or library_inp("Net3")) + body, encoding="utf-8")
    return path


def sentences(text: str) -> list[str]:
    """English sentences of the catalogue left in ``text`` (a single word is a key or value as written: ``kind``)."""
    return [m for m in english_in(text) if " " in m.split(": ", 1)[1].strip("'")]


def inp(t, text: str):
    path = t / "n.inp"
    path.write_text(text, encoding="utf-8")
    return path


def small_net():
    """R1 -> pipe P1 -> J1 -> pump PU -> J2: small enough to build in each case."""
    net = wnet.create_water_network("n")
    wnet.add_reservoir(net, "R1", 50.0)
    wnet.add_junctions(net, ["J1", "J2"], [10.0, 10.0], demand_m3_per_h=[1.0, 1.0])
    wnet.add_pipes(net, ["P1"], ["R1"], ["J1"], length_m=100.0, diameter_m=0.2, hazen_williams_c=120.0)
    wnet.add_pump(net, "PU", "J1", "J2", flow_m3_per_h=[10.0], head_m=[20.0])
    return net


def lone_reservoir():
    net = wnet.create_water_network("n")
    wnet.add_reservoir(net, "R9", 50.0)
    return net


OPTIONS_UNITS = "[OPTIONS]\nUnits LPS\n"
CASES = {
    # files.py, limits.py, scenario.py: the file itself
    "scenario file is a directory": (lambda t: load_scenario(t), "файл сценарію є каталогом, а не файлом"),
    "inp file missing": (lambda t: load_scenario(scenario(t, inp="nowhere.inp")), "не знайдено поруч зі сценарієм"),
    "scenario file too big": (
        lambda t: (t / "big.toml").write_bytes(b"#" * 1_000_001) and load_toml(t / "big.toml"),
        "файл сценарію, розмір: 1000001 байт — більше за межу 1000000 байт",
    ),
    "binary TOML": (lambda t: (t / "b.toml").write_bytes(b"a = 1\x00") and load_toml(t / "b.toml"), "двійкові дані"),
    "not UTF-8 TOML": (lambda t: (t / "u.toml").write_bytes(b"a = 1\n\xff\n") and load_toml(t / "u.toml"), "у рядку 2"),
    "bad TOML": (lambda t: (t / "v.toml").write_text("a = ") and load_toml(t / "v.toml"), "некоректний TOML"),
    "CSV with nan": (
        lambda t: (t / "r.csv").write_text("a,b\n1,nan\n") and read_csv_table(t / "r.csv", "[network] -> routes", "s.toml"),
        "рядок 2, стовпець 'b': очікується скінченне число",
    ),
    "binary CSV": (
        lambda t: (t / "r.csv").write_bytes(b"a\n\x00") and read_csv_table(t / "r.csv", "[network] -> routes", "s.toml"),
        "не є текстовим файлом (двійкові дані в рядку 2)",
    ),
    "limit of a flag": (lambda t: check(11, 10, "--samples"), "--samples: 11 — більше за межу 10"),
    # scenario.py: sections, kinds, damage lists
    "wrong kind": (
        lambda t: load_scenario(scenario(t).write_text(scenario(t).read_text().replace('"water"', '"heat"')) and t / "s.toml"),
        "[scenario]: для сценарію water kind має бути 'water', а задано 'heat'",
    ),
    "damage not a list": (lambda t: load_scenario(scenario(t, top="damage = 3\n")), "має бути масивом таблиць"),
    "damage without type": (lambda t: load_scenario(scenario(t, '[[damage]]\npipe = "10"\n')), "бракує ключа 'type'"),
    "unknown damage type": (lambda t: load_scenario(scenario(t, "[[damage]]\ntype = 'meteor'\n")), "невідомий тип damage"),
    "damage twice": (
        lambda t: load_scenario(scenario(t, '[[damage]]\ntype = "pipe_closed"\npipe = "10"\n' * 2)),
        "труба '10': pipe_closed уже задано (як [[damage]] #1)",
    ),
    # damage.py, kinds.py, montecarlo.py
    "damage parameter": (lambda t: wdamage.PipeBreak(pipe="1", leak_area_cm2="big"), "має бути числом"),
    "damage parameter range": (lambda t: wdamage.PipeBreak(pipe="1", leak_area_cm2=-1.0), "leak_area_cm2 має бути > 0"),
    "unknown kind": (lambda t: kinds.get("steam"), "очікується один із типів"),
    "sweep crews": (lambda t: SweepSpec(recovery_crews=()), "принаймні одну кількість бригад"),
    "sweep mobilisation": (lambda t: SweepSpec(recovery_mobilisation_days=(3.0, 1.0)), "де low <= high"),
    "sweep probability": (lambda t: SweepSpec(pump_outage_probability=2.0), "має бути від 0 до 1"),
    # water/inp_scan.py, water/epanet.py
    "inp text before sections": (lambda t: scan_inp(inp(t, "hello\n")), "n.inp, рядок 1: 'hello': текст перед першим"),
    "inp binary line": (lambda t: scan_inp(inp(t, "[TITLE]\n\x00\n")), "рядок 2: не є текстовим файлом"),
    "inp unknown section": (lambda t: scan_inp(inp(t, "[FOO]\n")), "невідомий розділ '[FOO]'"),
    "inp duplicate id": (
        lambda t: scan_inp(inp(t, OPTIONS_UNITS + "[JUNCTIONS]\nJ1 10\nJ1 12\n[END]\n")),
        "ідентифікатор 'J1' повторюється",
    ),
    "inp few fields": (lambda t: scan_inp(inp(t, OPTIONS_UNITS + "[PIPES]\nP1 A\n[END]\n")), "полів: 2"),
    "inp not a number": (lambda t: scan_inp(inp(t, OPTIONS_UNITS + "[JUNCTIONS]\nJ1 high\n[END]\n")), "не є числом"),
    "inp without units": (lambda t: scan_inp(inp(t, "[JUNCTIONS]\nJ1 10\n")), "не задає одиниць витрати"),
    "inp truncated": (lambda t: scan_inp(inp(t, OPTIONS_UNITS + "[PIPES]\nP1 A")), "можливо, його обрізано"),
    "inp wntr refuses": (
        lambda t: read_inp(
            inp(t, library_inp("Net3").read_text().replace("[PIPES]", "[PIPES]\nPX 10 NOWHERE 100 12 100 0 Open"))
        ),
        "не читається як файл EPANET .inp",
    ),
    # water/network.py, water/toolkit.py, water/damage.py
    "headloss": (lambda t: wnet.create_water_network("n", headloss="X"), "headloss має бути одним із"),
    "tank levels": (
        lambda t: wnet.add_tank(wnet.create_water_network("n"), "T1", 10.0, 5.0, diameter_m=5.0, max_level_m=2.0),
        "бак 'T1': level_m 5.0 має бути між",
    ),
    "roughness": (
        lambda t: wnet.add_pipes(small_net(), ["P2"], ["J1"], ["J2"], length_m=1.0, diameter_m=0.1),
        "задайте або hazen_williams_c, або roughness_mm",
    ),
    "pump curve": (
        lambda t: wnet.add_pump(small_net(), "PX", "J1", "J2", flow_m3_per_h=[1.0, 2.0, 3.0], head_m=[10.0, 20.0, 5.0]),
        "насос 'PX': напірна характеристика: характеристика насоса: витрати мають зростати",
    ),
    "valve kind": (lambda t: wnet.add_valve(small_net(), "V", "gate", "J1", "J2", diameter_m=0.1, setting=1), "тип клапана"),
    "valve on unknown pipe": (lambda t: wnet.add_isolation_valves(small_net(), ["P9"], ["J1"]), "засувка на невідомій трубі"),
    "valve not at the pipe's end": (lambda t: wnet.add_isolation_valves(small_net(), ["P1"], ["J2"]), "ця труба з'єднує"),
    "leak coefficient": (lambda t: wnet.add_leaks(small_net(), ["J1"], area_m2=0.01, discharge_coefficient=2.0), "(0, 1]"),
    "pump speed": (lambda t: wnet.set_pump_speed(small_net(), "PU", 3.0), "насос 'PU': speed має бути > 0 і <= 2"),
    "not a reservoir": (lambda t: wnet.limit_source(small_net(), "J1", 10.0), "не є резервуаром мережі 'n'"),
    "reservoir without links": (lambda t: wnet.limit_source(lone_reservoir(), "R9", 10.0), "не приєднано жодної ділянки"),
    "unknown link": (lambda t: wnet.add_level_control(small_net(), "X", "T", stop_above_m=2, start_below_m=1), "ділянка 'X'"),
    "not a tank": (lambda t: small_net().project().add_level_control("PU", "J2", 2.0, 1.0), "'J2' не є баком"),
    "unknown pump lost": (
        lambda t: wdamage.apply_damage(small_net(), [wdamage.PumpLost(pump="P7")]),
        "насос 'P7': у мережі 'n' такого елемента немає",
    ),
    "unknown source lost": (lambda t: wdamage.apply_damage(small_net(), [wdamage.SourceLost(source="J1")]), "джерело 'J1'"),
    "segment without valves": (
        lambda t: wdamage.apply_damage(small_net(), [wdamage.SegmentIsolated(pipe="P1")]),
        "потрібні засувки",
    ),
    # water/hydraulics.py, water/eps.py, water/scenario.py
    "demand model": (lambda t: HydraulicOptions(demand_model="x"), "demand_model має бути 'pdd' або 'dda'"),
    "pressures": (lambda t: HydraulicOptions(min_pressure_m=30.0), "має бути більшим за min_pressure_m"),
    "grid timetable": (lambda t: SimulationSpec(grid_on=(1, 0)), "24 погодинні значення"),
    "timetabled pump unknown": (
        lambda t: simulate(small_net(), HydraulicOptions(), SimulationSpec(pumps=("P8",))),
        "[simulation] -> pumps: насос 'P8': не знайдено",
    ),
    "drive": (lambda t: PumpDrive(pump="10"), "задайте або speed, або pressure_m"),
    "population both": (
        lambda t: load_scenario(scenario(t, "[population]\ntotal = 10\nper_capita_l_per_day = 100\n")),
        "а не обидва",
    ),
    "population junction": (
        lambda t: build_network(load_scenario(scenario(t, "[population]\njunctions = { nowhere = 10 }\n"))),
        "[population] -> junctions.nowhere: вузол 'nowhere': не знайдено",
    ),
    "valve placement": (lambda t: load_scenario(scenario(t, '[isolation_valves]\nplacement = "all"\n')), "placement має бути"),
    "option not a table": (lambda t: load_scenario(scenario(t, top="options = [1]\n")), "очікується таблиця"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_error_reads_in_ukrainian(tmp_path, case):
    make, fragment = CASES[case]
    with pytest.raises(InputError) as err:
        make(tmp_path)
    exc = err.value
    uk = error_text(exc, "uk")
    assert error_text(exc, "en") == str(exc)
    assert CYRILLIC.search(uk), uk
    assert uk != str(exc)
    assert sentences(uk.split(" .inp: ")[0].replace(str(tmp_path), " ")) == [], uk  # wntr's reason stays as wntr wrote it
    assert fragment in uk, uk


def test_a_bad_water_scenario_on_the_command_line_is_one_ukrainian_line(tmp_path):
    path = scenario(tmp_path, inp="nowhere.inp")
    uk = teplovoda("--lang", "uk", "water", "run", path, "--out", tmp_path / "out")
    assert uk.returncode == 2
    assert uk.stderr.startswith(f"teplovoda: помилка: {path}: [network] -> inp_file: файл 'nowhere.inp' не знайдено")
    assert len(uk.stderr.strip().splitlines()) == 1 and "Traceback" not in uk.stderr


def _templates(path) -> list[tuple[str, str, str]]:
    """``(where, key, English template)`` of each ``Msg`` a file writes with a constant key: the template as a
    constant or as a local name assigned a constant just before."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = [
        (n.lineno, n.targets[0].id, n.value.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and isinstance(n.value, ast.Constant)
    ]
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Msg" and len(node.args) > 1):
            continue
        key, template = node.args[0], node.args[1]
        if isinstance(template, ast.Name):
            template = max((n for n in named if n[1] == template.id and n[0] <= node.lineno), default=None)
            template = ast.Constant(template[2]) if template else None
        if isinstance(key, ast.Constant) and isinstance(template, ast.Constant):
            found.append((f"{path.name}:{node.lineno}", key.value, template.value))
    return found


AREA_FILES = [
    REPO / "models" / name for name in ("scenario.py", "files.py", "damage.py", "limits.py", "kinds.py", "montecarlo.py")
] + sorted((REPO / "models" / "water").glob("*.py"))


def test_the_catalogue_english_is_the_models_english():
    """``error_text(exc, "en") == str(exc)`` for every message, not only those the cases above reach."""
    found = [t for path in AREA_FILES for t in _templates(path) if t[1].split(".")[0] in ("core", "file", "water")]
    assert len(found) > 80
    wrong = [f"{where} {key}" for where, key, en in found if STRINGS[f"error.detail.{key}"]["en"] != en]
    assert wrong == []
