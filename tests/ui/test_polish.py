"""Production polish (issue 15 point 15): no developer toolbar, no font CDN, quiet library logging."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from teplovoda.ui import app, app_cli
from tests.conftest import REPO, SCENARIOS


def test_the_app_is_served_without_the_developer_toolbar():
    cmd = app_cli.command(8501)
    assert cmd[cmd.index("--client.toolbarMode") + 1] == "minimal"
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())  # plain `streamlit run ui/app.py`
    assert config["client"]["toolbarMode"] == "minimal"


def test_the_favicon_is_a_local_file_not_a_font_icon():
    """A Material icon as page_icon makes every page fetch fonts.gstatic.com, which fails offline."""
    assert app.FAVICON.is_file() and app.FAVICON.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    source = (REPO / "ui" / "app.py").read_text()
    assert "page_icon=str(FAVICON)" in source and 'page_icon=":material' not in source


def test_debug_shows_our_detail_not_the_libraries_internals(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "teplovoda.ui.cli", "--debug", "run", str(SCENARIOS / "heat_plant_struck_january.toml"),
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    lines = (out.stdout + out.stderr).splitlines()
    library = [line for line in lines if line.startswith(("DEBUG numba", "DEBUG matplotlib", "DEBUG PIL", "DEBUG pandapipes"))]
    assert library == [], library[:5]
    assert len(lines) < 400, f"{len(lines)} lines"
