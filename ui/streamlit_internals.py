"""Streamlit's internal API, in the one module of teplovoda that reaches it (the Streamlit adapter).

Written for ``streamlit>=1.40,<2`` (pyproject.toml pins the same range), checked on streamlit 1.67.0.
:func:`in_script_run` tells whether this thread is running an app script (a page of a session), which
decides whether :func:`teplovoda.ui.i18n.t` takes the language from the session or from the process
(the CLI, a report written outside the app). Streamlit documents no call for that; this relies on
``streamlit.runtime.scriptrunner.get_script_run_ctx(suppress_warning=True)`` returning None outside a
script run and a context inside one. ``tests/test_adapters.py`` checks it is there with that signature
and answers None outside a run, so an upgrade that moves it fails there and not on a page.

:func:`run_command_line` is ``streamlit run`` called in this process (for :mod:`teplovoda.ui.serve`,
which warms the models in the server's own process): Streamlit's click command group
``streamlit.web.cli.main``, given ``["run", script, options...]``, so the options are parsed exactly as
on the ``streamlit`` command line. ``tests/test_adapters.py`` checks the group has a ``run`` command.

A page opened by its own URL (``/live``, ``/compare``; Scenario, the default, is ``/``) answers with no
404 (issue 15 point 15, upstream streamlit/streamlit#7074). Streamlit's frontend, when no
``window.__streamlit`` is set, takes the page's URL as a candidate server base: it asks
``/live/_stcore/health`` and ``/live/_stcore/host-config``, gets 404, and only then the root's. Routes
under ``/<page>/_stcore/`` answering as the root's would not do: the frontend would then take ``/live``
as the server base, open its websocket at ``/live/_stcore/stream`` and ask for the page named by the
path *after* that base, the empty one, i.e. the default page instead of Live (``pageName`` is the
location's path relative to the base; read in the 1.67.0 bundle, not tried). ``server.baseUrlPath``
cannot name a base for every page either, and this Streamlit serves through Starlette and uvicorn (it
has no Tornado app to add routes or an ``OutputTransform`` to). So the server tells the frontend its
base: :func:`run_command_line` wraps the name
``streamlit.web.server.starlette.starlette_server.create_starlette_app`` (the factory
``UvicornServer.start`` calls) so the app it builds also has :class:`BackendBaseUrl`, an ASGI middleware
placed innermost (inside Streamlit's gzip, on the uncompressed ``index.html``) that adds one script to
every HTML answer to a GET: ``window.__streamlit = {BACKEND_BASE_URL: <origin>/<baseUrlPath>/}``, the
embedding setting the frontend bundle reads (``window.__streamlit.BACKEND_BASE_URL``). With it the
frontend's only candidate is the root, whatever the page's URL. ``tests/test_adapters.py`` checks the
factory's name and signature and that the installed bundle reads that setting.
"""

from __future__ import annotations

import json
import sys
from typing import Any

DISTRIBUTION = "streamlit"
SUPPORTED_VERSIONS = ">=1.40,<2"  # the pin in pyproject.toml: tests/test_adapters.py checks they agree
CHECKED_ON = ("1.67.0",)


def in_script_run() -> bool:
    """This thread runs a Streamlit app script. Never imports Streamlit: False when it is not loaded."""
    if "streamlit" not in sys.modules:
        return False
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None


def run_command_line(args: list[str]) -> None:
    """``streamlit <args>`` in this process (blocks while the server runs; exits as the command does)."""
    from streamlit.web import cli as streamlit_cli

    _serve_pages_without_404()
    streamlit_cli.main(args=args, prog_name="streamlit")


class BackendBaseUrl:
    """ASGI middleware: every HTML answer sets ``window.__streamlit.BACKEND_BASE_URL`` to the server's root.

    Parameters
    ----------
    app : ASGI application
        The application it wraps (Streamlit's routes, inside its gzip middleware).
    base_url_path : str
        Streamlit's ``server.baseUrlPath`` ("" for the root): the path the frontend's server base is.
    """

    def __init__(self, app: Any, base_url_path: str = "") -> None:
        self.app = app
        path = "/".join(part for part in base_url_path.split("/") if part)
        base = json.dumps(f"/{path}/" if path else "/")
        self.script = (
            "<script>window.__streamlit=Object.assign({},window.__streamlit,"
            f"{{BACKEND_BASE_URL:new URL({base},window.location.origin).href}})</script>"
        ).encode()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":  # a HEAD's length stays the file's
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        body: list[bytes] = []

        async def send_with_script(message: dict) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    start = message  # held until the whole page is read
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body).replace(b"<head>", b"<head>" + self.script, 1)
                headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
                headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, send_with_script)


def _serve_pages_without_404() -> None:
    """Make the app ``streamlit run`` builds tell the frontend its base (see the module doc); idempotent."""
    from starlette.middleware import Middleware
    from streamlit import config
    from streamlit.web.server.starlette import starlette_server

    streamlit_factory = starlette_server.create_starlette_app
    if getattr(streamlit_factory, "teplovoda_wrapped", False):
        return

    def create_starlette_app(runtime: Any) -> Any:
        app = streamlit_factory(runtime)
        base = config.get_option("server.baseUrlPath") or ""
        app.user_middleware.append(Middleware(BackendBaseUrl, base_url_path=base))  # innermost: after gzip
        return app

    create_starlette_app.teplovoda_wrapped = True
    starlette_server.create_starlette_app = create_starlette_app


__all__ = ["BackendBaseUrl", "in_script_run", "run_command_line"]
