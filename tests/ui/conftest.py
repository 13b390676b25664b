"""AppTest helpers: the app as a user opens it, in English unless a test asks otherwise, with no users configured."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from teplovoda.ui import auth
from tests.conftest import REPO

APP = str(REPO / "ui" / "app.py")
#: Model runs are cached in the process (st.cache_data), so only a test's first run of a scenario solves it.
TIMEOUT_S = 240


@pytest.fixture(autouse=True)
def _open_app(monkeypatch):
    """No user configuration from the developer's shell leaks into a test."""
    for var in (auth.USERS_ENV, auth.USERS_FILE_ENV, "TEPLOVODA_APP_LANG"):
        monkeypatch.delenv(var, raising=False)


def open_app(lang: str = "en") -> AppTest:
    """The app, first run done."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["lang"] = lang
    return at.run()


def button(at: AppTest, label: str):
    """The (form submit) button with this label."""
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r} among {[b.label for b in at.button]}"
    return found[0]


def texts(at: AppTest) -> str:
    """Every text on the page (markdown, titles, metrics, alerts, captions), for assertions on what a user reads."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "success", "info", "warning", "error")
        for e in getattr(at, kind)
    ]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """The CLI and the reports speak the locale's language: every test starts on an English (C.UTF-8) machine."""
    for var in ("TEPLOVODA_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
