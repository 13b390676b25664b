"""The app's data: every model call the pages make, cached. The only module with ``st.cache_*``.

Results are cached by :func:`teplovoda.ui.scenarios.fingerprint`: the scenario's values (edits included)
and the bytes of every file it reads, so an unchanged scenario re-displays at once and an edited
file on disk is never served stale. Cached values are treated as read-only by the pages.
"""

from __future__ import annotations

import gc
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from teplovoda.models import kinds
from teplovoda.models.errors import TeplovodaError
from teplovoda.models.units import SECONDS_PER_HOUR
from teplovoda.ui import scenarios

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
    _freeze_long_lived(scenarios.kind_of(_scn))
    return scenarios.run(_scn)


_FROZEN = False


def _freeze_long_lived(kind: str) -> None:
    """Once per server process, before the first model run, with the model and its simulation
    libraries imported: move every object alive then (modules, classes, functions: nothing a run
    makes) out of the cyclic garbage collector's view (``gc.freeze``). A full collection over those
    ~400,000 long-lived objects takes ~0.18 s and otherwise falls inside page runs at random
    (bench/scenario_rerun.py); objects made later are collected as usual."""
    global _FROZEN
    if not _FROZEN:
        # every kind's model, not only this run's: water no longer imports pandapipes and numba, and a
        # heat run after a water run would otherwise collect their ~300,000 objects inside page runs
        for k in dict.fromkeys((kind, *scenarios.model_kinds())):
            kinds.get(k).preload()  # imports pandapipes, pandapower, owa-epanet, wntr, numba
        gc.collect()
        gc.freeze()
        _FROZEN = True


def run(scn):
    """A water, heat or power scenario run (WaterRun, HeatRun or PowerRun), cached by its fingerprint."""
    return _run(scenarios.fingerprint(scn), scn)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _elements(key: str, _scn) -> dict[str, list[str]]:
    return kinds.kind_of(_scn).element_names(_scn)


def elements(scn) -> dict[str, list[str]]:
    """Names of the network's damageable elements by field (pipe, pump, source), for the damage editor."""
    return _elements(scenarios.fingerprint(scn), scn)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _comparison(key: str, _cmp):
    from teplovoda.models.costing.compare import run_comparison

    base = _cmp.base
    heat_run = site_run = None
    if base.heat:  # the base model solved once; economics and prices edits only re-cost it
        heat_run = run(scenarios.load(_cmp.path.parent / base.heat, "heat"))
        if base.water_site:
            site_run = run(scenarios.load(_cmp.path.parent / base.water_site, "power"))
    logger.info("comparing %s (%s)", _cmp.scenario.name, key[:12])
    return run_comparison(_cmp, heat_run=heat_run, site_run=site_run)


def comparison(cmp):
    """A costed comparison (teplovoda.models.costing.compare.Comparison), cached by its fingerprint."""
    return _comparison(scenarios.fingerprint(cmp), cmp)


def save_upload(files: list[tuple[str, bytes]], kinds: tuple[str, ...]):
    """Store uploaded files (see :func:`teplovoda.ui.scenarios.save_upload`); the scenario file to load."""
    return scenarios.save_upload(files, kinds=kinds)


# -- programme portfolio (issue 17: the Portfolio page) --------------------------------------------


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _portfolio(path: str, mtime_ns: int):
    from teplovoda.models.portfolio import load_portfolio

    return load_portfolio(path)


def portfolio(path):
    """A portfolio head and its sheets, loaded and validated (re-read when the head changes)."""
    p = Path(path)
    return _portfolio(str(p), p.stat().st_mtime_ns if p.exists() else 0)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _portfolio_run(key: str, _portfolio):
    from teplovoda.models.portfolio import run_portfolio

    logger.info("allocating %s (%s)", _portfolio.scenario.name, key[:12])
    return run_portfolio(_portfolio)


def portfolio_run(edited):
    """The portfolio evaluated and allocated (``PortfolioRun``), cached by its values (edits included) and sheets."""
    return _portfolio_run(scenarios.fingerprint(edited), edited)


@st.cache_data(show_spinner=False, max_entries=MAX_RUNS, ttl=CACHE_TTL_S)
def _portfolio_files(key: str, lang: str, _portfolio) -> dict[str, bytes]:
    import io

    from teplovoda.ui.i18n import using_language
    from teplovoda.ui.portfolio_cli import write_xlsx
    from teplovoda.ui.portfolio_report import portfolio_html, site_map_png

    run = _portfolio_run(key, _portfolio)
    xlsx = io.BytesIO()
    with using_language(lang):
        write_xlsx(run, xlsx)
        png = site_map_png(run)
    return {"portfolio.xlsx": xlsx.getvalue(), "portfolio.html": portfolio_html(run, lang=lang).encode(), "map.png": png}


def portfolio_files(edited, lang: str) -> dict[str, bytes]:
    """``portfolio.xlsx``, ``portfolio.html`` (as ``teplovoda portfolio allocate`` writes them) and the map's PNG,
    in ``lang``."""
    return _portfolio_files(scenarios.fingerprint(edited), lang, edited)


def save_portfolio_zip(name: str, content: bytes) -> Path:
    """Store an uploaded portfolio archive (:func:`teplovoda.ui.portfolio_inputs.save_portfolio_zip`); its TOML."""
    from teplovoda.ui.portfolio_inputs import save_portfolio_zip as save

    return save(name, content)


# -- live telemetry (the operators' page) -----------------------------------------------------------
REPO = Path(__file__).resolve().parents[1]
TELEMETRY_CONFIG_ENV = "TEPLOVODA_TELEMETRY_CONFIG"


def telemetry_config_path() -> Path:
    """The telemetry config the live page reads: ``$TEPLOVODA_TELEMETRY_CONFIG``, else the app's one
    ``teplovoda telemetry up`` wrote (``var/telemetry/app/telemetry.toml``: read-only accounts), else
    the commented sample."""
    env = os.environ.get(TELEMETRY_CONFIG_ENV)
    if env:
        return Path(env)
    written = REPO / "var" / "telemetry" / "app" / "telemetry.toml"
    return written if written.is_file() else REPO / "telemetry" / "ingest.sample.toml"


@dataclass(frozen=True)
class LiveConnection:
    key: str  # the config file: the cache key of everything read through it
    influx_ok: bool
    influx_url: str
    influx_error: str
    mqtt_ok: bool
    mqtt_address: str
    mqtt_error: str
    fuel_autonomy_min_h: float
    stale_after_s: float


@st.cache_resource(show_spinner=False)
def _telemetry(key: str, _mtime_ns: int):
    """Config and InfluxDB client of a telemetry config file (secrets from the environment or secrets.env beside it)."""
    from teplovoda.telemetry.config import load_config, use_secrets_beside

    use_secrets_beside(key)
    cfg = load_config(key)
    return cfg, cfg.influxdb.client()


def _telemetry_for(key: str):
    p = Path(key)
    return _telemetry(key, p.stat().st_mtime_ns if p.exists() else 0)


def live_connection() -> LiveConnection:
    """Can the live page reach InfluxDB and the broker (of :func:`telemetry_config_path`)? Checked at most every 5 s."""
    return _live_connection(str(telemetry_config_path()))


@st.cache_data(ttl=5, show_spinner=False)
def _live_connection(key: str) -> LiveConnection:
    import socket

    cfg, client = _telemetry_for(key)
    influx_error = ""
    try:
        client.query("SHOW MEASUREMENTS LIMIT 1")
    except TeplovodaError as exc:
        influx_error = str(exc)
    mqtt_error = ""
    try:
        with socket.create_connection((cfg.mqtt.host, cfg.mqtt.port), timeout=1.0):
            pass
    except OSError as exc:
        mqtt_error = exc.strerror or type(exc).__name__
    return LiveConnection(
        key=key,
        influx_ok=not influx_error,
        influx_url=cfg.influxdb.url,
        influx_error=influx_error,
        mqtt_ok=not mqtt_error,
        mqtt_address=f"{cfg.mqtt.host}:{cfg.mqtt.port}",
        mqtt_error=mqtt_error,
        fuel_autonomy_min_h=cfg.alerts.fuel_autonomy_min_h,
        stale_after_s=cfg.alerts.stale_after_s,
    )


@dataclass(frozen=True)
class LiveSnapshot:
    sites: pd.DataFrame
    assets: pd.DataFrame
    fuel: pd.DataFrame
    alerts: pd.DataFrame


@st.cache_data(ttl=2, show_spinner=False)
def live_snapshot(key: str) -> LiveSnapshot:
    """Site and asset status, diesel autonomy and alert states now (at most 2 s old)."""
    from teplovoda.telemetry import query

    cfg, client = _telemetry_for(key)
    stale = cfg.alerts.stale_after_s
    sites = query.site_status(client, stale)
    return LiveSnapshot(
        sites=sites,
        assets=query.asset_status(client, stale, sites=sites),
        fuel=query.fuel_autonomy(client),
        alerts=query.alerts(client),
    )


@st.cache_data(ttl=60, show_spinner=False)
def live_kinds(key: str) -> list[str]:
    """Asset kinds that have readings (the chart offers them first)."""
    _, client = _telemetry_for(key)
    try:
        res = client.query("SHOW MEASUREMENTS")
    except TeplovodaError:
        return []
    names = {v[0] for r in res for s in r.get("series", []) for v in s["values"]}
    return [k for k in ("pump", "generator", "boiler", "tank", "pressure", "grid") if k in names]


@st.cache_data(ttl=5, show_spinner=False)
def live_series(key: str, kind: str, field: str, hours: float) -> pd.DataFrame:
    """One field of every asset of a kind over the last ``hours`` (about 300 buckets)."""
    from teplovoda.telemetry import query

    _, client = _telemetry_for(key)
    return query.series(client, kind, field, hours=hours)


def acknowledge(key: str, site: str, rule: str, asset: str, by: str) -> bool:
    """Publish an operator's acknowledgement of an alert (not cached: it is an action)."""
    from teplovoda.telemetry import query

    cfg, _ = _telemetry_for(key)
    query.acknowledge(cfg.mqtt.acknowledging, site, rule, asset, by)  # the operators' account
    live_snapshot.clear()
    return True


@st.cache_data(ttl=2, show_spinner=False)
def live_health(key: str) -> list:
    """Why the ingest worker is unhealthy (teplovoda.telemetry.health.Problem list; empty when healthy or never run)."""
    from teplovoda.telemetry import health

    cfg, _ = _telemetry_for(key)
    return health.problems(health.read(cfg.health_path))


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL_S)
def _prediction(path: str, case: str | None, _mtime_ns: int) -> pd.DataFrame:
    from teplovoda.telemetry.simulator import predicted_readings

    scn = load(path)
    return predicted_readings(run(scn), case)


def model_vs_measured(key: str, site: str, scenario_path: str, case: str | None = None) -> pd.DataFrame:
    """The scenario's predicted readings beside the site's last 10 minutes (see teplovoda.telemetry.query.compare_with_model)."""
    from teplovoda.telemetry import query

    _, client = _telemetry_for(key)
    predicted = _prediction(scenario_path, case, Path(scenario_path).stat().st_mtime_ns)
    wanted = predicted.groupby("kind")["field"].apply(lambda f: sorted(set(f))).to_dict()
    measured = query.recent_means(client, site, wanted)
    return query.compare_with_model(predicted, measured)


TIMEZONE_ENV = "TEPLOVODA_APP_TZ"
DEFAULT_TIMEZONE = "Europe/Kyiv"


def live_timezone() -> tuple[ZoneInfo, str]:
    """The zone the Live page writes times in, and a warning ("" when none).

    ``$TEPLOVODA_APP_TZ`` (an IANA name: ``Europe/Kyiv``, ``UTC``), else Europe/Kyiv, where the
    operators are; read with the standard library's ``zoneinfo`` (the system's tz database). A name
    it does not know is not fatal: the page warns, naming the variable, and uses Europe/Kyiv.
    """
    name = os.environ.get(TIMEZONE_ENV, "").strip() or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name), ""
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE), f"{TIMEZONE_ENV}={name!r} is not a time zone (e.g. Europe/Kyiv, UTC)"


@dataclass(frozen=True)
class ModelPair:
    """A site and a shipped scenario that models it: the cases whose running assets the site reports."""

    site: str
    path: Path
    scenario: str  # the scenario's name
    cases: tuple[str | None, ...]  # (None,) for a site-power scenario: it has one duty point
    scenario_uk: str = ""  # its [scenario] name_uk / name_en, shown in that language (i18n.local_text)
    scenario_en: str = ""


@st.cache_data(show_spinner=False, max_entries=64, ttl=CACHE_TTL_S)
def _declared_assets(path: str, _mtime_ns: int) -> dict[str | None, frozenset[tuple[str, str]]]:
    """The (kind, asset) each case of a shipped scenario runs, read from its declaration (no model run):
    a site-power scenario's pumps (one case, None); a heat scenario's sources intact, damaged (without
    the lost ones) and per option (the damaged plant's, the option's own and the repaired ones)."""
    scn = load(path)
    if hasattr(scn, "motors"):
        return {None: frozenset(("pump", str(m.pump)) for m in scn.motors if getattr(m, "pump", None))}
    base = {s.name for s in scn.sources}
    lost = {d.source for d in scn.damage if hasattr(d, "source")}  # source_lost: the only damage naming a source
    cases = {"intact": base, "damaged": base - lost}
    for opt in scn.options:
        cases[opt.name] = (base - lost) | {s.name for s in opt.sources} | set(opt.repair_sources)
    return {case: frozenset(("boiler", n) for n in names) for case, names in cases.items()}


def model_pairs(assets: pd.DataFrame) -> list[ModelPair]:
    """Every (site, shipped power or heat scenario) pair whose cases run assets the site reports
    (``assets``: :func:`teplovoda.telemetry.query.asset_status`), with only those cases; sites in
    name order, then scenarios by file name. A pair that shares no asset is not offered: comparing
    site "boilers" with a pumping-station scenario flagged every row (issue 15, point 3)."""
    reported = {site: set(zip(g["kind"], g["asset"])) for site, g in assets.groupby("site")} if len(assets) else {}
    pairs = []
    choices = sorted(shipped("power") + shipped("heat"), key=lambda c: c.path.name)
    for site in sorted(reported):
        for c in choices:
            declared = _declared_assets(str(c.path), c.path.stat().st_mtime_ns)
            cases = tuple(case for case, names in declared.items() if names & reported[site])
            if cases:
                pairs.append(ModelPair(site, c.path, c.name, cases, c.name_uk, c.name_en))
    return pairs
