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
"""

from __future__ import annotations

import sys

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

    streamlit_cli.main(args=args, prog_name="streamlit")


__all__ = ["in_script_run", "run_command_line"]
