"""The app's data: every model call the pages make, cached. The only module with ``st.cache_*``.

Results are cached by :func:`ui.scenarios.fingerprint`: the scenario's values (edits included)
and the bytes of every file it reads, so an unchanged scenario re-displays at once and an edited
file on disk is never served stale. Cached values are treated as read-only by the pages.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from models.units import SECONDS_PER_HOUR
from ui import scenarios

logger = logging.getLogger(__name__)

#: How many model runs and comparisons are kept in memory (a Net3 run is a few MB).
MAX_RUNS = 48
CACHE_TTL_S = 12 * SECONDS_PER_HOUR


@st.cache_data(show_spinner=False, max_entries=256, ttl=60)
def shipped(kind: str | None = None) -> list[scenarios.ScenarioFile]:
    """Shipped scenarios of one kind (or all); re-read every minute."""
    return scenarios.shipped(kind)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _load(path: str, kind: str | None, mtime_ns: int):
    return scenarios.load(path, kind)


def load(path, kind: str | None = None):
    """A scenario file loaded and validated (re-read when the file changes)."""
    p = Path(path)
    return _load(str(p), kind, p.stat().st_mtime_ns if p.exists() else 0)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _run(key: str, _scn):
    logger.info("running %s (%s)", _scn.scenario.name, key[:12])
    return scenarios.run(_scn)


def run(scn):
    """A water, heat or power scenario run (WaterRun, HeatRun or PowerRun), cached by its fingerprint."""
    return _run(scenarios.fingerprint(scn), scn)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _elements(key: str, _scn) -> dict[str, list[str]]:
    kind = scenarios.kind_of(_scn)
    if kind == "water":
        from models.water.scenario import build_network

        net = build_network(_scn)
        return {
            "pipe": sorted(net.pipe["name"].astype(str)),
            "pump": sorted(net.pump["name"].astype(str)) if "pump" in net else [],
            "source": sorted(net.ext_grid.loc[net.ext_grid["kind"].isin(["reservoir", "tank"]), "name"].astype(str)),
        }
    if kind == "heat":
        from models.heat.scenario import build_network

        net = build_network(_scn)
        return {"pipe": sorted(net.pipe["route"].astype(str).unique()), "source": sorted(s.name for s in _scn.sources)}
    return {}


def elements(scn) -> dict[str, list[str]]:
    """Names of the network's damageable elements by field (pipe, pump, source), for the damage editor."""
    return _elements(scenarios.fingerprint(scn), scn)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _comparison(key: str, _cmp):
    from models.costing.compare import run_comparison

    base = _cmp.base
    heat_run = site_run = None
    if base.heat:  # the base model solved once; economics and prices edits only re-cost it
        heat_run = run(scenarios.load(_cmp.path.parent / base.heat, "heat"))
        if base.water_site:
            site_run = run(scenarios.load(_cmp.path.parent / base.water_site, "power"))
    logger.info("comparing %s (%s)", _cmp.scenario.name, key[:12])
    return run_comparison(_cmp, heat_run=heat_run, site_run=site_run)


def comparison(cmp):
    """A costed comparison (models.costing.compare.Comparison), cached by its fingerprint."""
    return _comparison(scenarios.fingerprint(cmp), cmp)


def save_upload(files: list[tuple[str, bytes]], kinds: tuple[str, ...]):
    """Store uploaded files (see :func:`ui.scenarios.save_upload`); the scenario file to load."""
    return scenarios.save_upload(files, kinds=kinds)
