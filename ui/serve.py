"""The app's server process: ``python -m teplovoda.ui.serve APP [streamlit run options]``.

``teplovoda app`` (:func:`teplovoda.ui.app_cli.command`) starts this instead of ``streamlit run``:
it is ``streamlit run`` with the same options (parsed by Streamlit's own command line:
:func:`teplovoda.ui.streamlit_internals.run_command_line`), plus a background thread, started before
the server, that warms the models in this process: it imports the pages' heavy modules (the app's
views, the simulation libraries) and runs the first shipped scenario of every model kind once
(EPANET for water, pandapipes for heat, pandapower for site power), so numba's compilation and the
imports are done before the first user arrives. Streamlit runs every page script in this process,
sharing ``sys.modules`` and numba's compiled functions, so the first page then opens as fast as the
second. When the warm-up is done it logs one line, ``teplovoda: models warm in X s``, to stderr (the
app's log).

A user who arrives during the warm-up is not blocked by it: their page run imports the same modules
(waiting on Python's import lock at most for the module being imported) and solves its own model. A
warm-up that fails is logged as a warning and the server keeps running: the page then reports the
model's own error, as it always did.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import time

logger = logging.getLogger(__name__)

#: The modules a first page run imports besides the models: the app's views and charts.
UI_MODULES = ("teplovoda.ui.views.common", "teplovoda.ui.charts", "teplovoda.ui.plots", "teplovoda.ui.data")


def warm() -> float:
    """Import the pages' modules and run one shipped scenario of every model kind: the seconds it took."""
    from teplovoda.models import kinds
    from teplovoda.ui import scenarios

    t0 = time.perf_counter()
    for name in UI_MODULES:
        importlib.import_module(name)
    for kind in scenarios.model_kinds():
        importlib.import_module(kinds.get(kind).view)
        shipped = scenarios.shipped(kind)
        if shipped:  # the first one in the picker: the scenario a first visit opens with
            scenarios.run(scenarios.load(shipped[0].path, kind))
    return time.perf_counter() - t0


def _warm_and_log() -> None:
    try:
        seconds = warm()
    except Exception:  # noqa: BLE001 - a warm-up is an optimisation: the server runs on without it
        logger.warning("teplovoda: model warm-up failed; the first page run will be slower", exc_info=True)
        return
    logger.info("teplovoda: models warm in %.1f s", seconds)


def _log_to_stderr() -> None:
    """Our lines on stderr, alone: the libraries' loggers stay as quiet as ``streamlit run`` leaves them."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main(argv: list[str] | None = None) -> None:
    """Start the warm-up thread, then serve as ``streamlit run`` with ``argv`` (blocks until the server stops)."""
    from teplovoda.ui.streamlit_internals import run_command_line

    argv = sys.argv[1:] if argv is None else argv
    _log_to_stderr()
    threading.Thread(target=_warm_and_log, name="teplovoda-warm", daemon=True).start()
    run_command_line(["run", *argv])


if __name__ == "__main__":
    main()
