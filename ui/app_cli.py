"""``teplovoda app``: serve the Streamlit app (ui/app.py) on this machine.

    teplovoda app [--port 8501] [--address 127.0.0.1] [--telemetry-config FILE]

Streamlit runs headless (no browser opened, no usage statistics sent); open the printed address.
The server is :mod:`teplovoda.ui.serve` (``streamlit run`` plus a warm-up of the models at start,
so the first page opens as fast as the next; its log says ``teplovoda: models warm in X s``).
The live page reads the telemetry config given here, else ``$TEPLOVODA_TELEMETRY_CONFIG``, else the
app config ``teplovoda telemetry up`` wrote (``var/telemetry/app/telemetry.toml``: read-only accounts).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The command line that serves the app: ``streamlit run`` through :mod:`teplovoda.ui.serve`.

    Streamlit refuses an uploaded file over ``server.maxUploadSize`` (MiB) before it reaches the
    app: set to the app's whole-upload limit (:data:`teplovoda.ui.scenarios.UPLOAD_MAX_MIB`). The toolbar
    is ``minimal``: Streamlit's developer menu (Deploy, rerun settings) is not for the utility's staff.
    """
    from teplovoda.ui.scenarios import UPLOAD_MAX_MIB

    return [
        sys.executable, "-m", "teplovoda.ui.serve", str(APP),  # = streamlit run, models warmed at start
        "--server.headless", "true", "--server.address", address, "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
        "--server.maxUploadSize", str(UPLOAD_MAX_MIB),
        "--client.toolbarMode", "minimal",  # no developer "Deploy" menu for field users
    ]  # fmt: skip


def start(port: int, address: str = "127.0.0.1", telemetry_config: str | None = None, log=None) -> subprocess.Popen:
    """Serve the app as a child process (stopped by the caller)."""
    env = dict(os.environ)
    if telemetry_config:
        env["TEPLOVODA_TELEMETRY_CONFIG"] = str(Path(telemetry_config).resolve())
    return subprocess.Popen(command(port, address), env=env, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT)


def add_parser(sub) -> None:
    p = sub.add_parser("app", help="serve the web app (scenario, comparison and live pages) on this machine")
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--telemetry-config", help="telemetry config for the live page (default: see teplovoda app --help)")
    p.set_defaults(handler=_app)


def _app(args) -> int:
    from teplovoda.models.errors import InputError, within
    from teplovoda.models.messages import Msg
    from teplovoda.ui.i18n import t

    if args.telemetry_config and not Path(args.telemetry_config).is_file():
        bad = Msg("cli.file_not_found", "file {file} not found", file=repr(args.telemetry_config))
        raise InputError(within("--telemetry-config", bad))
    print(t("app_cli.serving", url=f"http://{args.address}:{args.port}"), flush=True)
    env = dict(os.environ)
    if args.telemetry_config:
        env["TEPLOVODA_TELEMETRY_CONFIG"] = str(Path(args.telemetry_config).resolve())
    return subprocess.call(command(args.port, args.address), env=env)


__all__ = ["command", "start", "add_parser"]
