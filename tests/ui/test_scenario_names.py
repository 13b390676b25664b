"""``[scenario] name_uk`` / ``name_en`` / ``description_uk`` / ``description_en``: what readers see in their language.

The expected texts are read from the scenario files with ``tomllib`` (what the file says), never from the code
under test; ``name`` keys the results (JSON, folders) whatever the language.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.water.scenario import load_scenario
from teplovoda.ui import scenarios
from tests.conftest import SCENARIOS
from tests.ui.conftest import open_app, texts
from tests.ui.test_cli_lang import teplovoda

CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)
QUICK_START = SCENARIOS / "water_trunk_main_break.toml"


def _head(path) -> dict:
    """The file's ``[scenario]`` table as TOML reads it."""
    return tomllib.loads(path.read_text(encoding="utf-8")).get("scenario", {})


def _shipped() -> list:
    """Every shipped scenario file (top level and one folder down) that has a ``[scenario]`` table."""
    files = sorted(SCENARIOS.glob("*.toml")) + sorted(SCENARIOS.glob("*/*.toml"))
    return [p for p in files if "scenario" in tomllib.loads(p.read_text(encoding="utf-8"))]


def test_the_walk_finds_the_shipped_scenarios():
    found = {str(p.relative_to(SCENARIOS)) for p in _shipped()}
    assert len(found) >= 30 and "portfolio_vodakanals/station_chernivtsi_1.toml" in found


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_every_shipped_scenario_has_its_name_and_description_in_ukrainian(path):
    head = _head(path)
    assert CYRILLIC.search(head.get("name_uk", "")), f"{path.name}: no Ukrainian name_uk"
    assert not CYRILLIC.search(head["name"])  # the key of the results stays as it was
    if head.get("description"):
        assert CYRILLIC.search(head.get("description_uk", "")), f"{path.name}: no Ukrainian description_uk"
    info = scenarios.load(path).scenario  # the strict loader takes them (length, one line of printable text)
    assert (info.name, info.name_uk, info.description_uk) == (head["name"], head["name_uk"], head.get("description_uk", ""))


def _with_head(tmp_path, extra: str):
    """The quick-start scenario beside its network, its ``[scenario]`` key of the line ``extra`` set to that."""
    shutil.copy(SCENARIOS / "networks" / "Net3.inp", tmp_path)
    text = QUICK_START.read_text(encoding="utf-8").replace('"networks/Net3.inp"', '"Net3.inp"')
    key = extra.split(" = ", 1)[0]
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith(f"{key} = "))
    path = tmp_path / "named.toml"
    path.write_text(text.replace("[scenario]\n", f"[scenario]\n{extra}\n", 1), encoding="utf-8")
    return path


def test_the_cli_heads_its_output_with_the_languages_name_and_keys_the_results_by_name(tmp_path):
    path = _with_head(tmp_path, 'name_en = "The quick start, in English"')
    head = _head(path)
    uk = teplovoda("--lang", "uk", "water", "run", path, "--out", tmp_path / "uk")
    en = teplovoda("--lang", "en", "water", "run", path, "--out", tmp_path / "en")
    assert uk.returncode == en.returncode == 0, uk.stderr + en.stderr
    assert uk.stdout.splitlines()[0] == f"teplovoda water run: {head['name_uk']}"
    assert en.stdout.splitlines()[0] == "teplovoda water run: The quick start, in English"
    for lang in ("uk", "en"):  # the results are keyed by name in both languages
        assert json.loads((tmp_path / lang / "summary.json").read_text())["scenario"] == head["name"]


def test_without_name_en_english_output_shows_name(tmp_path):
    proc = teplovoda("--lang", "en", "water", "run", QUICK_START, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == f"teplovoda water run: {_head(QUICK_START)['name']}"


#: A bad value (as TOML writes it) of a key, and what the one line says.
BAD = [
    ("name_uk", '"' + "x" * 121 + '"', "at most 120 characters, got 121"),
    ("name_en", '"two\\nlines"', "must be one line of printable characters"),
    ("name_uk", "true", "expected a string, got True"),
    ("name_uk", '["a", "b"]', "expected a string, got ['a', 'b']"),
    ("description_uk", '"' + "y" * 1001 + '"', "at most 1000 characters, got 1001"),
    ("description_en", '"tab\\there"', "must be one line of printable characters"),
]


@pytest.mark.parametrize("key, value, message", BAD, ids=[f"{k}-{m[:12]}" for k, _, m in BAD])
def test_a_bad_local_name_is_one_line_naming_the_key(tmp_path, key, value, message):
    path = _with_head(tmp_path, f"{key} = {value}")
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert str(err.value) == f"{path}: [scenario] -> {key}: {message}"


@pytest.mark.parametrize("lang, says", [("en", "at most 120 characters, got 121"), ("uk", "120")])
def test_a_bad_local_name_on_the_command_line_exits_2_with_one_line(tmp_path, lang, says):
    path = _with_head(tmp_path, f'name_uk = "{"x" * 121}"')
    proc = teplovoda("--lang", lang, "water", "run", path, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert f"{path}: [scenario] -> name_uk: " in proc.stderr and says in proc.stderr
    if lang == "uk":
        assert CYRILLIC.search(proc.stderr.split("name_uk: ", 1)[1])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_scenario_page_picker_and_heading_in_the_sessions_language(lang):
    at = open_app(lang)
    assert not at.exception, [e.value for e in at.exception]
    head = _head(QUICK_START)
    name = head["name_uk"] if lang == "uk" else head["name"]
    description = head["description_uk"] if lang == "uk" else head["description"]
    box = at.selectbox(key="scenario_file_water")
    assert box.value == QUICK_START.name  # the file, not the shown name, is the choice
    shown = {_head(SCENARIOS / f.path.name)["name_uk" if lang == "uk" else "name"] for f in scenarios.shipped("water")}
    assert set(box.options) == shown
    assert f"**{name}**  \n{description}" in texts(at)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_compare_and_portfolio_pickers_in_the_sessions_language(lang):
    field = "name_uk" if lang == "uk" else "name"
    at = open_app(lang).switch_page("app_pages/compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    compare = SCENARIOS / "compare_hospital_district.toml"
    assert _head(compare)[field] in at.selectbox(key="compare_file_compare").options
    assert f"**{_head(compare)[field]}**" in texts(at)
    at = open_app(lang).switch_page("app_pages/portfolio.py").run()
    assert not at.exception, [e.value for e in at.exception]
    head = _head(SCENARIOS / "portfolio_vodakanals" / "portfolio.toml")
    assert at.selectbox(key="portfolio_file").options == [head[field]]
    description = head["description_uk" if lang == "uk" else "description"]
    assert description in texts(at) and head[field] in texts(at)


def test_the_comparison_reports_are_titled_in_their_language_and_keyed_by_name():
    from teplovoda.models.costing.compare import load_scenario as load_comparison
    from teplovoda.models.costing.compare import run_comparison
    from teplovoda.ui.report import comparison_files

    path = SCENARIOS / "compare_hospital_district.toml"
    head = _head(path)
    cmp = run_comparison(load_comparison(path))
    for lang, name in (("uk", head["name_uk"]), ("en", head["name"])):
        files = comparison_files(cmp, maps=False, lang=lang)
        page, summary = files["report.html"].decode(), files["summary.md"].decode()
        assert f"<title>{name}</title>" in page and f"<h1>{name}</h1>" in page
        assert summary.splitlines()[0] == f"# {name}"
        assert json.loads(files["comparison.json"])["scenario"] == head["name"]


def test_the_portfolio_report_and_cli_are_titled_in_their_language(tmp_path, capsys):
    from teplovoda.models.portfolio import load_portfolio, run_portfolio
    from teplovoda.ui.cli import main
    from teplovoda.ui.portfolio_report import portfolio_html
    from tests.ui.test_portfolio_cli import small_copy

    path = small_copy(tmp_path, 4)
    head = _head(path)
    run = run_portfolio(load_portfolio(path), marginal=False)
    assert f"<h1>{head['name_uk']}</h1>" in portfolio_html(run, lang="uk")
    assert f"<h1>{head['name']}</h1>" in portfolio_html(run, lang="en")
    out = tmp_path / "out"
    assert main(["--lang", "uk", "portfolio", "allocate", str(path), "--budget-eur", "400000", "--out", str(out)]) == 0
    assert head["name_uk"] in capsys.readouterr().out.splitlines()[0]


def test_the_portfolio_generator_writes_the_shipped_station_files(tmp_path):
    """``make.py`` run again gives the committed files byte for byte (with their ``name_uk``)."""
    import subprocess
    import sys

    folder = SCENARIOS / "portfolio_vodakanals"
    (tmp_path / "networks").mkdir()
    shutil.copy(SCENARIOS / "networks" / "raw_water_station.inp", tmp_path / "networks")
    shutil.copytree(folder, tmp_path / "copy", ignore=shutil.ignore_patterns("*.toml", "*.csv", "__pycache__"))
    subprocess.run([sys.executable, str(tmp_path / "copy" / "make.py")], check=True, timeout=120)
    written = sorted(p.name for p in (tmp_path / "copy").glob("station_*.toml"))
    assert written == ["station_chernivtsi_1.toml", "station_water_epanet.toml"]
    for name in [*written, "sites.csv", "pumps.csv"]:
        assert (tmp_path / "copy" / name).read_bytes() == (folder / name).read_bytes(), name
    assert CYRILLIC.search(_head(tmp_path / "copy" / "station_chernivtsi_1.toml")["name_uk"])


def test_the_live_pages_model_pairs_carry_the_scenarios_names_in_both_languages():
    import pandas as pd

    from teplovoda.ui import data
    from teplovoda.ui.i18n import local_text

    pairs = data.model_pairs(pd.DataFrame({"site": ["station"], "kind": ["pump"], "asset": ["P1"]}))
    assert pairs  # the pumping-station scenarios run pump P1
    for p in pairs:
        head = _head(p.path)
        assert p.scenario == head["name"]  # the key
        assert (local_text(p, "scenario", "uk"), local_text(p, "scenario", "en")) == (head["name_uk"], head["name"])
