"""End to end in a real browser: Debian's headless Chromium driven by playwright against the app served on 127.0.0.1.

The app runs as ``teplovoda app`` would run it (a Streamlit server, its own process); the live page
reads a real InfluxDB fed by the heat-source simulator through a real Mosquitto and the ingest
service. Screenshots are kept in ``results/test-artifacts/`` (``$TEPLOVODA_ARTIFACTS``).
Playwright never downloads a browser here: it is given ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from telemetry.ingest import IngestService
from telemetry.services import free_port
from tests.conftest import REPO, SCENARIOS
from tests.telemetry.conftest import make_config, services  # noqa: F401 - the real broker and database

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("TEPLOVODA_ARTIFACTS", REPO / "results" / "test-artifacts"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def platform(services, tmp_path_factory):  # noqa: F811
    """Ingest into the real database, the boiler simulator publishing, and the app served: its base URL."""
    from models.heat.scenario import load_scenario, run_scenario
    from telemetry import simulator
    from telemetry.config import TelemetryConfig
    from ui import app_cli

    broker, db = services
    tmp = tmp_path_factory.mktemp("browser")
    cfg = make_config(broker, db, tmp, database="teplovoda", client_id="browser-ingest")
    conf = tmp / "telemetry.toml"
    conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\n[alerts]\nstale_after_s = 60\n')
    cfg = TelemetryConfig(**{**cfg.__dict__, "path": conf})
    ingest = IngestService(cfg).start()
    heat = run_scenario(load_scenario(SCENARIOS / "heat_plant_struck_january.toml"))
    model = simulator.HeatPlantModel(heat, "3 x 1 MW biomass, hospital island")
    stop = threading.Event()
    gw = simulator.Gateway(cfg.mqtt, "boilers")
    sim = threading.Thread(
        target=simulator.run, args=(model, gw), kwargs={"speed": 600, "interval_s": 1.0, "stop": stop}, daemon=True
    )
    sim.start()
    port = free_port()
    os.environ["TEPLOVODA_APP_LANG"] = "en"
    log = open(tmp / "app.log", "ab")  # noqa: SIM115
    app = app_cli.start(port, telemetry_config=str(conf), log=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        raise RuntimeError(f"the app did not start: {(tmp / 'app.log').read_text()[-500:]}")
    yield base
    stop.set()
    sim.join(10)
    gw.close()
    app.terminate()
    app.wait(15)
    ingest.stop()
    os.environ.pop("TEPLOVODA_APP_LANG", None)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)  # a first model run in a fresh server solves the scenario
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()


def test_scenario_page_runs_the_quick_start_scenario(platform, page):
    page.goto(platform)
    page.get_by_text("Without water").first.wait_for()
    assert page.get_by_text("17,253").first.is_visible()  # the README's people without water
    page.get_by_text("Pressure map").first.wait_for()


def test_compare_page_shows_the_best_value_sentence(platform, page):
    page.goto(f"{platform}/compare")
    page.get_by_text("Best value:").first.wait_for()
    assert page.get_by_text("per person per year").first.is_visible()


def test_live_page_shows_simulated_boilers_arriving(platform, page):
    page.goto(f"{platform}/live")
    page.get_by_text("mobile_1 · boiler").first.wait_for()
    page.get_by_text("online").first.wait_for()
    tile = page.locator('[data-testid="stMetric"]', has_text="mobile_1 · boiler").first
    first = tile.inner_text()
    deadline = time.time() + 30
    while time.time() < deadline and tile.inner_text() == first:  # the panel refreshes itself, no reload
        time.sleep(0.5)
    assert tile.inner_text() != first, first
    assert "kW" in first and "Gcal/h" in first
