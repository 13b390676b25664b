"""Benchmark: the first page load after the app starts, cold (``streamlit run``) and warm (``teplovoda app``).

Each server is started on a free port with nothing else running; the time is from ``page.goto`` of
the root (the Scenario page, English, the first shipped water scenario) until its results
("Without water") are drawn in Debian's headless Chromium.

* **cold**: ``python -m streamlit run ui/app.py`` with the same options as ``teplovoda app``: the
  first user pays every import and numba's compilation (what the app did before issue 15 point 15);
  the page is opened as soon as ``/_stcore/health`` answers;
* **warm**: ``teplovoda app`` (:mod:`teplovoda.ui.serve`), the page opened once the log says
  ``teplovoda: models warm in X s`` (that time is printed too).

Usage: python bench/app_first_load.py [--repeat N]  (prints cold, warm and their ratio; best of N).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from teplovoda.telemetry.services import free_port
from teplovoda.ui import app_cli

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
WARM_LINE = re.compile(r"teplovoda: models warm in (\d+\.\d) s")


def _cold_command(port: int) -> list[str]:
    cmd = app_cli.command(port)
    at = cmd.index("teplovoda.ui.serve")
    return [*cmd[: at - 1], "-m", "streamlit", "run", *cmd[at + 1 :]]


def _serve(cmd: list[str], log_path: Path):
    import os
    import subprocess

    env = dict(os.environ, TEPLOVODA_APP_LANG="en")
    with open(log_path, "ab") as log:
        return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_health(base: str) -> None:
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not start")


def _wait_warm(log_path: Path) -> float:
    deadline = time.time() + 300
    while time.time() < deadline:
        found = WARM_LINE.search(log_path.read_text())
        if found:
            return float(found.group(1))
        time.sleep(0.1)
    raise RuntimeError(f"no warm line: {log_path.read_text()[-500:]}")


def first_load_s(browser, base: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(180_000)
    t0 = time.perf_counter()
    page.goto(base)
    page.get_by_text("Without water").first.wait_for()
    seconds = time.perf_counter() - t0
    page.close()
    return seconds


def one(browser, warm: bool, tmp: Path) -> tuple[float, float | None]:
    port = free_port()
    log_path = tmp / f"app-{port}.log"
    proc = _serve(app_cli.command(port) if warm else _cold_command(port), log_path)
    try:
        base = f"http://127.0.0.1:{port}"
        warm_s = _wait_warm(log_path) if warm else None
        _wait_health(base)
        first = first_load_s(browser, base)
        if warm:
            sys.stdout.write(f"  (a second load on the warm server: {first_load_s(browser, base):.2f} s)\n")
        return first, warm_s
    finally:
        proc.terminate()
        proc.wait(15)


def main() -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        cold = min(one(browser, False, Path(tmp))[0] for _ in range(args.repeat))
        runs = [one(browser, True, Path(tmp)) for _ in range(args.repeat)]
        browser.close()
    warm, warm_up = min(r[0] for r in runs), min(r[1] for r in runs)
    sys.stdout.write(
        f"first page load, cold (streamlit run): {cold:.2f} s\n"
        f"first page load, warm (teplovoda app): {warm:.2f} s (warm-up at start: {warm_up:.1f} s)\n"
        f"cold / warm: {cold / warm:.1f}x\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
