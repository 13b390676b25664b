"""``teplovoda app`` warms the models before the first user; a page opened by its URL renders, no 404 (issue 15 point 15).

The server is started as ``teplovoda app`` starts it (:func:`teplovoda.ui.app_cli.start`); the test
waits for the warm-up line in its log without any request to the server, then opens pages in
Debian's headless Chromium. No timing is asserted here: bench/app_first_load.py measures cold vs warm.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from teplovoda.telemetry.services import free_port
from teplovoda.ui import app_cli
from teplovoda.ui.strings import STRINGS
from tests.ui.test_browser import browser, page  # noqa: F401 - Chromium and a page per test

WARM_LINE = re.compile(r"^teplovoda: models warm in (\d+\.\d) s$", re.MULTILINE)


@pytest.fixture(scope="module")
def warm_app(tmp_path_factory):
    """The app served in English on a free port, once its log says the models are warm: (base URL, log text)."""
    log_path = tmp_path_factory.mktemp("serve") / "app.log"
    saved = os.environ.get("TEPLOVODA_APP_LANG")
    os.environ["TEPLOVODA_APP_LANG"] = "en"
    port = free_port()
    with open(log_path, "ab") as log:
        app = app_cli.start(port, log=log)
    if saved is None:
        os.environ.pop("TEPLOVODA_APP_LANG")
    else:
        os.environ["TEPLOVODA_APP_LANG"] = saved
    deadline = time.time() + 300
    while time.time() < deadline and app.poll() is None and not WARM_LINE.search(log_path.read_text()):
        time.sleep(0.2)
    text = log_path.read_text()
    if not WARM_LINE.search(text):
        app.terminate()
        raise AssertionError(f"no warm-up line in the app's log: {text[-2000:]}")
    yield f"http://127.0.0.1:{port}", text
    app.terminate()
    app.wait(15)


def test_the_server_warms_the_models_before_any_client(warm_app):
    _, text = warm_app
    seconds = float(WARM_LINE.search(text).group(1))
    assert 0.0 < seconds < 300.0
    assert "Traceback" not in text and "warm-up failed" not in text, text[-2000:]


def test_the_first_page_load_after_the_warm_up_renders_the_scenario_page(warm_app, page):  # noqa: F811
    base, _ = warm_app
    page.goto(base)
    page.get_by_role("heading", name=STRINGS["scenario.title"]["en"]).first.wait_for()
    page.get_by_text("Without water").first.wait_for()  # the first shipped scenario was run and shown


@pytest.mark.parametrize(
    ("path", "title_key"),
    [("live", "live.title"), ("compare", "compare.title"), ("", "scenario.title")],  # Scenario, the default, is /
)
def test_opening_a_page_by_its_url_renders_it_with_no_404(warm_app, page, path, title_key):  # noqa: F811
    """Streamlit alone first asks /<page>/_stcore/health and host-config (404: streamlit/streamlit#7074).

    teplovoda's server tells the frontend its base (:class:`teplovoda.ui.streamlit_internals.BackendBaseUrl`),
    so the frontend asks the root's at once. ``networkidle`` waits for the requests the page's run made.
    """
    base, _ = warm_app
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{base}/{path}")
    page.get_by_role("heading", name=STRINGS[title_key]["en"]).first.wait_for()
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "Page not found" not in body and "Traceback" not in body
    assert missing == [], missing
