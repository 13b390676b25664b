"""Command-line argument and app upload errors read in Ukrainian too (issue 15): the real error from the public
function, shown by :func:`teplovoda.ui.i18n.error_text` in each language, and by the CLI with ``--lang uk``."""

from __future__ import annotations

import pandas as pd
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.water import damage as wdamage
from teplovoda.ui import scenarios
from teplovoda.ui.i18n import error_text
from tests.conftest import SCENARIOS
from tests.ui.test_cli import teplovoda
from tests.ui.test_errors_uk_rec import CYRILLIC, ENGLISH_WORDS, VALUES


def _rows(**row) -> pd.DataFrame:
    return pd.DataFrame([row])


CASES = {
    "too many files": lambda tmp: scenarios.check_upload_limits([1] * (scenarios.UPLOAD_MAX_FILES + 1)),
    "too large": lambda tmp: scenarios.check_upload_limits([scenarios.UPLOAD_MAX_TOTAL_BYTES + 1]),
    "nothing uploaded": lambda tmp: scenarios.save_upload([], root=tmp),
    "bad file name": lambda tmp: scenarios.save_upload([("run.exe", b"")], root=tmp),
    "same name twice": lambda tmp: scenarios.save_upload([("a.toml", b""), ("a.toml", b"")], root=tmp),
    "no scenario": lambda tmp: scenarios.save_upload([("a.csv", b"x\n")], root=tmp),
    "unknown damage": lambda tmp: scenarios.damage_from_rows(_rows(type="meteor", element="P1"), wdamage.DAMAGE_KINDS),
    "no element": lambda tmp: scenarios.damage_from_rows(_rows(type="pipe_break", element=""), wdamage.DAMAGE_KINDS),
    "no type": lambda tmp: scenarios.damage_from_rows(_rows(type="", element="P1"), wdamage.DAMAGE_KINDS),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_upload_and_form_errors_read_in_ukrainian(case, tmp_path):
    with pytest.raises(InputError) as info:
        CASES[case](tmp_path)
    uk = error_text(info.value, "uk")
    assert CYRILLIC.search(uk), uk
    assert not ENGLISH_WORDS.search(VALUES.sub("", uk)), uk
    assert error_text(info.value, "en") == str(info.value)


@pytest.mark.parametrize(
    ("args", "ukrainian"),
    [
        (["water", "recovery", SCENARIOS / "water_city_main_repairs.toml", "--crews", "0"], "--crews: має бути 1.."),
        (["water", "criticality", SCENARIOS / "water_city_main_repairs.toml", "--top", "0"], "--top: має бути >= 1"),
    ],
)
def test_bad_argument_prints_in_ukrainian_and_exits_2(args, ukrainian):
    proc = teplovoda("--lang", "uk", *args)
    assert proc.returncode == 2, proc.stderr
    assert ukrainian in proc.stderr and "задано 0" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
