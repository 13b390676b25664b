"""``teplovoda --lang uk``: the same runs, the same numbers, in Ukrainian words and the Ukrainian number format."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.ui import i18n
from teplovoda.ui.report import comparison_files
from tests.conftest import REPO, SCENARIOS

NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$")


def teplovoda(*args, **env):
    """The CLI as a user runs it, in the test's C.UTF-8 locale changed by ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "teplovoda.ui.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        env={**os.environ, **env},
    )


def tables(stdout: str) -> list[list[list[str]]]:
    """Every fixed-width table printed (header, then rows), cut into cells at the columns of its dashed rule."""
    lines = stdout.splitlines()
    found = []
    for k, rule in enumerate(lines):
        if not re.fullmatch(r"-+(  -+)*", rule) or k == 0:
            continue
        spans = [m.span() for m in re.finditer(r"-+", rule)]
        rows = [lines[k - 1]]
        for line in lines[k + 1 :]:
            if not line.strip():
                break
            rows.append(line)
        found.append([[row[a:b].strip() for a, b in spans] for row in rows])
    return found


def in_ukrainian(cell: str) -> str:
    """An English number cell as Ukrainian writes it: ``13,200.5`` -> ``13 200,5`` (no-break space, comma)."""
    return cell.replace(",", "\u00a0").replace(".", ",")


def same_numbers(en: str, uk: str) -> int:
    """Every number in the English tables is in the same cell of the Ukrainian ones, in the Ukrainian format."""
    en_tables, uk_tables = tables(en), tables(uk)
    assert len(en_tables) == len(uk_tables) > 0
    checked = 0
    for te, tu in zip(en_tables, uk_tables):
        assert len(te) == len(tu) and all(len(a) == len(b) for a, b in zip(te, tu))
        for row_en, row_uk in zip(te[1:], tu[1:]):
            for a, b in zip(row_en[1:], row_uk[1:]):
                if NUMBER.match(a):
                    assert b == in_ukrainian(a), (row_en, row_uk)
                    checked += 1
    return checked


@pytest.mark.parametrize(
    "scenario, ukrainian, english",
    [
        (
            "water_trunk_main_break.toml",
            ["осіб без води", "Зони тиску, від найнижчого тиску", "мережа Net3.inp, пошкоджень: 1", "Результати записано в"],
            ["people without water", "Pressure zones, lowest pressure first"],
        ),
        (
            "heat_plant_struck_january.toml",
            ["осіб без тепла", "Найхолодніші будинки, ремонт котельні до 80 %", "житловий будинок"],
            ["people without heat", "Coldest buildings"],
        ),
        (
            "power_raw_water_station.toml",
            ["РЕКОМЕНДОВАНО: 550 кВА", "Обраний агрегат 500 кВА НЕ ПІДХОДИТЬ: бракує", "бак 2\u00a0000 л:"],
            ["RECOMMENDED: 550 kVA", "Chosen set 500 kVA FAILS: short by", "tank 2,000 L:"],
        ),
        (
            "compare_hospital_district.toml",
            ["Найвигідніше: ремонт котельні до 80 %:", "євро/особу/рік", "Звіт записано в"],
            ["Best value: repair boiler house to 80 %:", "EUR/person/yr", "Report written to"],
        ),
    ],
)
def test_run_speaks_ukrainian_with_the_same_numbers(tmp_path, scenario, ukrainian, english):
    uk = teplovoda("--lang", "uk", "run", SCENARIOS / scenario, "--out", tmp_path / "uk")
    en = teplovoda("run", SCENARIOS / scenario, "--out", tmp_path / "en")
    assert uk.returncode == en.returncode == 0, (uk.stderr, en.stderr)
    assert uk.stderr == en.stderr == ""
    for text in ukrainian:
        assert text in uk.stdout, text
        assert text not in en.stdout, text
    for text in english:
        assert text in en.stdout and text not in uk.stdout, text
    assert same_numbers(en.stdout, uk.stdout) >= 10
    # machine-readable files stay the same in every language
    for name in ("summary.json", "options.csv"):
        if (tmp_path / "en" / name).exists():
            assert (tmp_path / "uk" / name).read_bytes() == (tmp_path / "en" / name).read_bytes(), name


def test_the_compare_report_of_a_ukrainian_run_is_ukrainian(tmp_path):
    proc = teplovoda("--lang", "uk", "compare", SCENARIOS / "compare_hospital_district.toml", "--out", tmp_path, "--no-maps")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "report.html").read_text()
    assert '<html lang="uk">' in page and "<h2>Карти мереж</h2>" in page and "<th>Варіант</th>" in page
    assert "Найвигідніше: <b>ремонт котельні до 80 %</b> зберігає тепло для 11\u00a0200 осіб" in page
    assert "Naftogaz PSO price" in page  # the sources stay as the scenario words them
    assert "| Варіант |" in (tmp_path / "summary.md").read_text()


@pytest.mark.parametrize(
    "args, env, expected",
    [
        ([], {"LANG": "uk_UA.UTF-8"}, "teplovoda: помилка: no/such/file.toml: файл сценарію не знайдено"),
        ([], {"LANG": "C.UTF-8"}, "teplovoda: error: no/such/file.toml: scenario file not found"),
        ([], {"LANG": "uk_UA.UTF-8", "LC_ALL": "C.UTF-8"}, "teplovoda: error: "),
        ([], {"LANG": "C.UTF-8", "TEPLOVODA_LANG": "uk"}, "teplovoda: помилка: "),
        (["--lang", "en"], {"LANG": "uk_UA.UTF-8", "TEPLOVODA_LANG": "uk"}, "teplovoda: error: "),
        (["--lang", "uk"], {"LANG": "C.UTF-8"}, "teplovoda: помилка: "),
    ],
)
def test_the_language_defaults_from_the_locale_and_lang_wins(args, env, expected):
    """The error line is in the language, the model's detail too (issue 15); the file name stays as written."""
    proc = teplovoda(*args, "water", "run", "no/such/file.toml", **env)
    assert proc.returncode == 2
    assert proc.stderr.startswith(expected), proc.stderr


def test_help_documents_lang():
    proc = teplovoda("--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "--lang {uk,en}" in text and "TEPLOVODA_LANG" in text and "LC_ALL, LC_MESSAGES, LANG in that order" in text
    assert teplovoda("--lang", "fr", "run", "x.toml").returncode == 2


def test_a_report_written_in_ukrainian_leaves_the_process_language_alone():
    c = run_comparison(load_scenario(SCENARIOS / "compare_city_main_broken.toml"))
    files = comparison_files(c, maps=False, lang="uk")
    page, summary = files["report.html"].decode(), files["summary.md"].decode()
    for header in ("<h2>Графіки</h2>", "<h2>Карти мереж</h2>", "<h2>Інженерні та вартісні деталі</h2>", "<th>Стаття</th>"):
        assert header in page, header
    assert "Найвигідніше: <b>" in page and "Приведена вартість у євро" in summary
    assert i18n.language() == "en"
    english = comparison_files(c, maps=False)["report.html"].decode()
    assert "<h2>Network maps</h2>" in english and "Best value: <b>" in english
    assert files["options.csv"] == comparison_files(c, maps=False, lang="en")["options.csv"]
