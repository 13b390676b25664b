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
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from teplovoda.telemetry.ingest import IngestService
from teplovoda.telemetry.services import free_port
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
    from teplovoda.models.heat.scenario import load_scenario, run_scenario
    from teplovoda.telemetry import simulator
    from teplovoda.telemetry.config import TelemetryConfig
    from teplovoda.ui import app_cli

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
    page.get_by_text("17,253").first.wait_for()  # the README's people without water (drawn after the label)
    page.get_by_text("Pressure map").first.wait_for()


def test_compare_page_shows_the_best_value_sentence(platform, page):
    page.goto(f"{platform}/compare")
    page.get_by_text("Best value:").first.wait_for()
    page.get_by_text("per person per year").first.wait_for()


def test_live_page_shows_simulated_boilers_arriving(platform, page):
    page.goto(f"{platform}/live")
    page.get_by_text("mobile_1 · boiler").first.wait_for()
    page.get_by_text("online").first.wait_for()
    tile = page.locator(".live-tile", has_text="mobile_1 · boiler").first
    first = tile.inner_text()
    deadline = time.time() + 30
    while time.time() < deadline and tile.inner_text() == first:  # the panel refreshes itself, no reload
        time.sleep(0.5)
    assert tile.inner_text() != first, first
    assert "kW" in first and "Gcal/h" in first


# --- issue 12: a traversal upload and password guessing, through the browser -------------------------


def _serve(tmp: Path, **env: str):
    """``teplovoda app`` on a free port with ``env`` added (no telemetry): the process and its base URL."""
    from teplovoda.ui import app_cli

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        port = free_port()
        log = open(tmp / f"app-{port}.log", "ab")  # noqa: SIM115
        app = app_cli.start(port, log=log)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return app, base
        except OSError:
            time.sleep(0.2)
    app.terminate()
    raise RuntimeError(f"the app did not start: {(tmp / f'app-{port}.log').read_text()[-500:]}")


@pytest.fixture(scope="module")
def open_app_url(tmp_path_factory):
    app, base = _serve(tmp_path_factory.mktemp("open-app"), TEPLOVODA_APP_LANG="en")
    yield base
    app.terminate()
    app.wait(15)


def test_traversal_upload_shows_our_error_and_no_server_file(open_app_url, page):
    """Issue 12, failure 2: this upload made the Scenario page show "root:x:0:0..."."""
    page.goto(open_app_url)
    page.get_by_text("Without water").first.wait_for()
    page.locator('[data-testid="stRadio"]', has_text="Example scenarios").get_by_text("Upload", exact=True).click()
    content = b'[scenario]\nname = "x"\nkind = "water"\n[network]\ninp_file = "../../../../../../etc/passwd"\n'
    page.locator('input[type="file"]').set_input_files([{"name": "passwd.toml", "mimeType": "text/plain", "buffer": content}])
    error = page.get_by_text("points outside the uploaded files").first
    error.wait_for()
    assert (
        error.inner_text()
        .replace("\u2192", "->")
        .endswith(  # Streamlit's markdown shows -> as an arrow
            "passwd.toml: network -> inp_file: '../../../../../../etc/passwd' points outside the uploaded files"
        )
    )
    body = page.inner_text("body")
    assert "root:" not in body and "Internal error" not in body and "Traceback" not in body


@pytest.fixture(scope="module")
def users_app_url(tmp_path_factory):
    from tests.ui.test_auth import HASH

    app, base = _serve(
        tmp_path_factory.mktemp("users-app"), TEPLOVODA_APP_LANG="en", TEPLOVODA_APP_USERS=f"olena:engineer:{HASH}"
    )
    yield base
    app.terminate()
    app.wait(15)


def _browser_sign_in(page, name: str, password: str) -> None:
    """Submit the sign-in form and wait until the server's run of it is over.

    Two failures in a row show the same message, so waiting for the message alone can match the last
    attempt's: under load the next attempt then went in while this one still ran. The app root's
    ``data-test-script-state`` (Streamlit's own) tells when the run has ended.
    """
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    try:  # the run starts (a quick one may be over before it is seen)
        page.wait_for_selector('[data-testid="stApp"]:not([data-test-script-state="notRunning"])', timeout=3000)
    except PlaywrightTimeout:
        pass
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def test_password_guessing_is_throttled_in_the_browser(users_app_url, page):
    """Issue 12, failure 7: wrong passwords in a row, then the right one at once, was let in.

    A real server keeps real time: the test waits out the delays (1, 2 s) it is shown, so that five
    failures count, then the right password is refused for 4 s. That it is accepted once the wait
    is over is shown with a test clock in tests/ui/test_auth.py.
    """
    from tests.ui.test_auth import PASSWORD

    page.goto(users_app_url)
    shown = [
        "Wrong user name or password.",
        "Wrong user name or password.",
        "Wrong user name or password. Try again in 1\u00a0s.",
        "Wrong user name or password. Try again in 2\u00a0s.",
        "Wrong user name or password. Try again in 4\u00a0s.",
    ]
    for i, message in enumerate(shown):
        _browser_sign_in(page, "olena", f"guess {i}")
        page.get_by_text(message, exact=True).first.wait_for()
        time.sleep([0.5, 0.5, 1.5, 2.5, 0][i])  # the run done, then the wait shown over
    _browser_sign_in(page, "olena", PASSWORD)
    page.get_by_text("Too many failed sign-ins: try again in").first.wait_for()
    assert not page.get_by_text("Without water").count() and "Signed in as" not in page.inner_text("body")


# --- issue 15, operators: the Live page read at a desk and on a phone ----------------------------------

#: Every element of a Live tile (value, unit, label, state): its text must fit its box, with no ellipsis.
TILE_PARTS = '[data-testid="stMetric"] *, .live-tile *'


@pytest.fixture(scope="module")
def station(services, platform):  # noqa: F811
    """A pumping station's latest readings stored beside the simulated boilers: the values the issue saw cut off."""
    from teplovoda.telemetry import schema
    from teplovoda.telemetry.influx import InfluxV1

    _, db = services
    now = time.time()
    readings = {
        "pump/P1": {"running": True, "flow_m3_per_h": 866.4, "discharge_pressure_m": 52.3},
        "pump/P2": {"running": True, "flow_m3_per_h": 1357.0, "discharge_pressure_m": 51.0},
        "generator/G1": {"running": True, "load_kw": 357.2, "fuel_l": 795.0, "fuel_rate_l_per_h": 88.0},
        "grid/mains": {"grid_on": False, "voltage_v": 0.0},
        "tank/clear_water": {"level_m": 3.25, "level_pct": 65.0},
    }
    lines = []
    for path, values in readings.items():
        lines += schema.parse(f"teplovoda/v1/station/{path}", schema.payload(now, values), now).points()
    InfluxV1(db.url, "teplovoda").write(lines)
    return platform


@pytest.mark.parametrize("width", [1280, 390])
def test_no_live_tile_value_is_cut_off(station, browser, width):
    """Issue 15, point 1: "357 …", "866 …", "gri…" at 1280 px. Every tile's text fits (scrollWidth <= clientWidth)."""
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    try:
        pg.goto(f"{station}/live")
        for text in ("866", "1,357", "357", "grid off", "3.25", "mobile_1 · boiler"):
            pg.get_by_text(text).first.wait_for()
        time.sleep(1.0)  # fonts and layout settled
        cut = pg.eval_on_selector_all(
            TILE_PARTS,
            "els => els.filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)"
            ".map(e => e.innerText.trim()).filter(t => t.length)",
        )
        parts = pg.eval_on_selector_all(TILE_PARTS, "els => els.length")
        assert parts > 0
        assert cut == [], cut
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"live_tiles_{width}px.png"), full_page=True)
        ctx.close()


def test_live_charts_end_now_without_infinite_extent_warnings(station, page):
    """Issue 15, point 5: "Infinite extent" chart warnings on every refresh (browser console)."""
    warned = []
    page.on("console", lambda m: warned.append(m.text) if "Infinite extent" in m.text else None)
    page.goto(f"{station}/live")
    page.get_by_text("mobile_1 · boiler").first.wait_for()
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    time.sleep(12)  # two refreshes of the panel
    assert warned == []


def test_an_alert_raised_after_the_page_opened_is_acknowledged_without_a_reload(services, station, page, tmp_path):  # noqa: F811
    """Issue 15, point 2: "No unacknowledged alerts" stood under an active alert until 3-12 full reloads.

    The real alert service raises the alert from a reading sent through the broker, ingest stores
    it; the open page offers it, the operator acknowledges it, and the page shows who did at once,
    and still after a reload (from the stored acknowledgement)."""
    import dataclasses

    from teplovoda.telemetry import schema
    from teplovoda.telemetry.alerts import AlertService
    from teplovoda.telemetry.config import AlertConfig
    from tests.telemetry.conftest import Publisher

    broker, db = services
    cfg = make_config(broker, db, tmp_path, client_id="browser-alerts")
    alerts = AlertService(dataclasses.replace(cfg, alerts=AlertConfig(stale_after_s=3600, evaluate_interval_s=0.2))).start()
    pub = Publisher(broker.port, "browser-field-gw")
    try:
        page.goto(f"{station}/live")
        page.get_by_text("mobile_1 · boiler").first.wait_for()
        page.get_by_text("No unacknowledged alerts.").first.wait_for()
        reading = {"running": True, "load_kw": 80.0, "fuel_l": 300.0, "fuel_rate_l_per_h": 100.0}
        pub.publish(schema.topic_for("field", "generator", "G7"), schema.payload(time.time(), reading))
        page.get_by_text("3.0 h of fuel left").first.wait_for(timeout=30_000)  # the panel refreshed itself
        name = page.get_by_role("textbox", name="Your name")
        name.wait_for(timeout=15_000)  # the form came with it, no reload
        assert not page.get_by_text("No unacknowledged alerts.").count()
        name.fill("Olena")
        page.get_by_role("button", name="Acknowledge").click()
        page.get_by_text("acknowledged by Olena").first.wait_for(timeout=15_000)
        page.get_by_text("No unacknowledged alerts.").first.wait_for(timeout=15_000)
        page.reload()
        page.get_by_text("acknowledged by Olena").first.wait_for(timeout=30_000)  # stored, not only remembered
        assert not page.get_by_role("textbox", name="Your name").count()
    finally:
        alerts.stop()
        pub.close()


# --- issue 18 point 2: the map in real coordinates works offline; the optional basemap ---------------------------


def _open_gis_water_example(page, base: str) -> None:
    """The Scenario page with the GIS-layer water example chosen, its map and extent caption drawn."""
    page.goto(base)
    page.get_by_text("Without water").first.wait_for()
    page.locator('[data-testid="stSelectbox"]', has_text="Example").first.click()
    page.get_by_text("Trunk main 153 broken (Net3 from GIS layers", exact=False).first.click()
    page.get_by_text("on the ground, in WGS 84 longitude and latitude from EPSG:32636", exact=False).first.wait_for()
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').last.wait_for()


def _record_requests(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.on("websocket", lambda ws: urls.append(ws.url))
    return urls


@pytest.fixture(scope="module")
def offline_app_url(tmp_path_factory):
    app, base = _serve(tmp_path_factory.mktemp("offline-app"), TEPLOVODA_APP_LANG="en", TEPLOVODA_BASEMAP_URL="")
    yield base
    app.terminate()
    app.wait(15)


def test_without_a_basemap_url_the_gis_map_page_requests_nothing_beyond_the_app(offline_app_url, page):
    """Offline by default: every request of the page (documents, scripts, fonts, images, the websocket) goes to
    the app on 127.0.0.1; the GIS network's map is drawn in longitude and latitude without any tile."""
    urls = _record_requests(page)
    _open_gis_water_example(page, offline_app_url)
    outside = [u for u in urls if not u.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:"))]
    assert urls and outside == [], outside
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Basemap tiles").count() == 0


@pytest.fixture(scope="module")
def tile_server():
    """A local XYZ tile server (every path a 256 x 256 PNG), as a utility's own offline tile server would be: its
    URL template and the paths it was asked for."""
    import io
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(buf, format="PNG")
    png, asked = buf.getvalue(), []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/tiles/{{z}}/{{x}}/{{y}}.png", asked
    server.shutdown()


@pytest.fixture(scope="module")
def tiles_app_url(tmp_path_factory, tile_server):
    app, base = _serve(tmp_path_factory.mktemp("tiles-app"), TEPLOVODA_APP_LANG="en", TEPLOVODA_BASEMAP_URL=tile_server[0])
    yield base
    app.terminate()
    app.wait(15)


def test_with_a_local_tile_server_the_map_draws_its_tiles(tiles_app_url, tile_server, page):
    _, asked = tile_server
    _open_gis_water_example(page, tiles_app_url)
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Basemap tiles").count() == 1
    deadline = time.time() + 15
    while time.time() < deadline and not asked:
        time.sleep(0.2)
    assert asked and all(p.startswith("/tiles/") and p.endswith(".png") for p in asked), asked
    z = {int(p.split("/")[2]) for p in asked}
    assert len(z) == 1 and 10 <= z.pop() <= 19
