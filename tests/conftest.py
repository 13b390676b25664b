"""Shared fixtures: wntr's example networks and EPANET 2.2 (through wntr) as the reference."""

from __future__ import annotations

import logging
import numbers
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"


def library_inp(name: str) -> Path:
    """Path of one of wntr's shipped EPANET example networks (Net1, Net3, Net6, ...)."""
    import wntr

    return Path(wntr.__file__).parent / "library" / "networks" / f"{name}.inp"


def epanet_snapshot(wn, tmp_path, prefix="ref"):
    """Run EPANET 2.2 (wntr's EpanetSimulator) for time 0 only; return the results object."""
    import wntr

    wn.options.time.duration = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / prefix))


@pytest.fixture(autouse=True)
def _quiet_libraries():
    for name in ("wntr", "pandapipes", "pandapower", "numba"):
        logging.getLogger(name).setLevel(logging.ERROR)


@pytest.fixture(autouse=True)
def _process_language_restored():
    """Each test leaves the process language as it found it: ``main([... "--lang", "uk"])`` called in-process sets
    it for the process, and the next test file on the same worker then read Ukrainian where it expected English."""
    from teplovoda.ui import i18n

    previous = i18n._process_language
    yield
    i18n.set_language(previous)


@pytest.fixture
def record_property(record_property):
    """pytest's ``record_property``, numbers stored as plain ``float``: pytest-xdist's workers send the report to
    the controller through execnet, which cannot serialise numpy's scalars."""

    def record(name: str, value) -> None:
        record_property(name, float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else value)

    return record


def pytest_terminal_summary(terminalreporter):
    """Print the figures validation tests recorded (``record_property``) at the end of every run."""
    rows = []
    for outcome in ("passed", "failed"):
        for rep in terminalreporter.stats.get(outcome, []):
            props = [(k, v) for k, v in getattr(rep, "user_properties", []) if isinstance(v, float)]
            if props and getattr(rep, "when", None) == "call":  # pytest-xdist also files collection reports here
                rows.append((rep.nodeid.split("::")[-1], outcome, props))
    if rows:
        terminalreporter.section("validation figures against independent references")
        for name, outcome, props in rows:
            figures = ", ".join(f"{k} = {v:.3g}" for k, v in props)
            terminalreporter.write_line(f"{name} [{outcome}]: {figures}")
