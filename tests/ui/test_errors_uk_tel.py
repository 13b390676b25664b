"""Telemetry config and argument errors read in Ukrainian too (issue 15): the real error from the public
function or config file, shown by :func:`teplovoda.ui.i18n.error_text` in each language, and by the CLI."""

from __future__ import annotations

import pytest

from teplovoda.models.errors import InputError
from teplovoda.telemetry import accounts
from teplovoda.telemetry.config import load_config
from teplovoda.telemetry.simulator import parse_fault
from teplovoda.ui.i18n import error_text
from tests.ui.test_cli import teplovoda
from tests.ui.test_errors_uk_rec import CYRILLIC, ENGLISH_WORDS, VALUES

CONFIGS = {
    "unknown section": "[bogus]\nx = 1\n",
    "port": "[mqtt]\nport = 0\n",
    "client id": '[mqtt]\nclient_id = ""\n',
    "url": '[influxdb]\nurl = "ftp://db"\n',
    "batch": "[ingest]\nbatch_size = 0\n",
    "receive maximum": "[ingest]\nbatch_size = 10\nreceive_maximum = 5\n",
    "intervals": "[ingest]\nstats_interval_s = 0\n",
    "alert limits": "[alerts]\nstale_after_s = 0\n",
    "pump hours": '[[alerts.pump_schedule]]\nsite = "s"\nasset = "P1"\nhours = [25]\n',
}
CALLS = {
    "fault syntax": lambda: parse_fault("meteor_strike"),
    "fault target": lambda: parse_fault("pump_trip@2"),
    "site name": lambda: accounts.gateway_user("no spaces allowed"),
}


def _check(exc: InputError) -> None:
    uk = error_text(exc, "uk")
    assert CYRILLIC.search(uk), uk
    assert not ENGLISH_WORDS.search(VALUES.sub("", uk)), uk
    assert error_text(exc, "en") == str(exc)


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_bad_telemetry_config_reads_in_ukrainian(case, tmp_path):
    path = tmp_path / "telemetry.toml"
    path.write_text(CONFIGS[case])
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    _check(info.value)


@pytest.mark.parametrize("case", sorted(CALLS))
def test_bad_telemetry_argument_reads_in_ukrainian(case):
    with pytest.raises(InputError) as info:
        CALLS[case]()
    _check(info.value)


def test_telemetry_cli_prints_a_bad_config_in_ukrainian_and_exits_2(tmp_path):
    path = tmp_path / "telemetry.toml"
    path.write_text("[mqtt]\nport = 0\n")
    proc = teplovoda("--lang", "uk", "telemetry", "ingest", "--config", path)
    assert proc.returncode == 2
    assert f"{path}: [mqtt]: port має бути від 1 до 65535, а задано 0" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
