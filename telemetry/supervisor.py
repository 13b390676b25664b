"""Supervised children: a dead child is restarted with exponential backoff, and each restart is said.

``teplovoda telemetry up`` runs Mosquitto, InfluxDB, the ingest service (with the alert service)
and the web app as children of one :class:`Supervisor`. It checks them a few times a second; a child
found dead is logged (``influxd exited (signal 9); restarting in 2 s (restart 3)``) and started again
after 1, 2, 4 ... 30 s: the delay doubles with each restart that follows a short run and falls back
to the first once a child has run for ``stable_after_s``. A child that cannot start (its port still
taken, say) is tried again with the next delay.

A child is anything with ``name``, ``start()`` (returns once it answers, raises otherwise),
``running``, ``exit_text()`` and ``stop()``: :class:`teplovoda.telemetry.services.Mosquitto` and
:class:`~teplovoda.telemetry.services.InfluxDB`, and :class:`Process` for a command line.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from teplovoda.telemetry.services import ServiceError, exit_text

logger = logging.getLogger(__name__)


class Process:
    """A command run as a child process (the ingest service, the web app), its output appended to ``log_file``.

    ``ready(started_at_s)`` says when it answers (default: alive 0.5 s after the start).
    """

    def __init__(
        self,
        name: str,
        command: list[str],
        log_file: str | Path,
        env: dict | None = None,
        cwd: str | Path | None = None,
        ready: Callable[[float], bool] | None = None,
        timeout_s: float = 30.0,
    ):
        self.name = name
        self.command = [str(c) for c in command]
        self.log_file = Path(log_file)
        self.env, self.cwd = env, cwd
        self.ready = ready
        self.timeout_s = timeout_s
        self.process: subprocess.Popen | None = None
        self.started_at_s = 0.0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def exit_text(self) -> str:
        return exit_text(self.process)

    def start(self) -> Process:
        with open(self.log_file, "ab") as log:
            self.started_at_s = time.time()
            self.process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd, start_new_session=True
            )
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace").strip().splitlines()[-2:]
                raise ServiceError(f"{self.name} {self.exit_text()}: {' | '.join(tail)}")
            if self.ready is None:
                if time.time() - self.started_at_s >= 0.5:
                    return self
            elif self.ready(self.started_at_s):
                return self
            time.sleep(0.05)
        self.stop()
        raise ServiceError(f"{self.name} did not get ready within {self.timeout_s:g} s (log: {self.log_file})")

    def stop(self, timeout_s: float = 30.0) -> None:
        """SIGTERM (it stores what it holds and exits), SIGKILL if it does not in time."""
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        if self.running:
            self.process.kill()
            self.process.wait()


@dataclass
class _Watch:
    child: object
    restarts: int = 0
    failures_in_row: int = 0  # restarts since the child last ran for stable_after_s
    due_s: float | None = None  # monotonic time of the scheduled restart
    up_since_s: float = 0.0


class Supervisor:
    """Starts children in order, restarts dead ones with backoff, stops them in reverse order.

    Parameters
    ----------
    children : list
        Started in this order by :meth:`start` (a failure there is raised: nothing half-up is left).
    min_backoff_s, max_backoff_s : float
        The first restart delay, doubled per restart up to the maximum.
    stable_after_s : float
        A child that ran this long is restarted after ``min_backoff_s`` again.
    on_event : callable, optional
        Called with each event line (``up`` prints them); without it they are logged as warnings.
    """

    def __init__(
        self,
        children: list,
        min_backoff_s: float = 1.0,
        max_backoff_s: float = 30.0,
        stable_after_s: float = 60.0,
        check_interval_s: float = 0.2,
        on_event: Callable[[str], None] | None = None,
    ):
        self._watches = [_Watch(c) for c in children]
        self.min_backoff_s, self.max_backoff_s = min_backoff_s, max_backoff_s
        self.stable_after_s = stable_after_s
        self.check_interval_s = check_interval_s
        self.on_event = on_event
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started: list[_Watch] = []

    def start(self) -> Supervisor:
        """Start every child in order (raising if one fails, after stopping the others), then watch them."""
        try:
            for w in self._watches:
                w.child.start()
                w.up_since_s = time.monotonic()
                self._started.append(w)
        except BaseException:
            self.stop()
            raise
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)
        self._thread.start()
        return self

    def add(self, child) -> None:
        """Start one more child now and watch it too."""
        child.start()
        w = _Watch(child, up_since_s=time.monotonic())
        with self._lock:
            self._watches.append(w)
            self._started.append(w)

    def backoff_s(self, failures_in_row: int) -> float:
        return min(self.min_backoff_s * 2 ** max(failures_in_row - 1, 0), self.max_backoff_s)

    def _event(self, text: str) -> None:
        if self.on_event is not None:
            self.on_event(text)
        else:
            logger.warning("%s", text)

    def _run(self) -> None:
        while not self._stop.wait(self.check_interval_s):
            self.check()

    def check(self, now_s: float | None = None) -> None:
        """One round: schedule a restart for each newly dead child, restart those whose delay ran out."""
        with self._lock:
            for w in self._started:
                if self._stop.is_set():
                    return
                now = time.monotonic() if now_s is None else now_s
                if w.child.running:
                    continue
                if w.due_s is None:
                    if now - w.up_since_s >= self.stable_after_s:
                        w.failures_in_row = 0
                    w.failures_in_row += 1
                    w.restarts += 1
                    delay = self.backoff_s(w.failures_in_row)
                    w.due_s = now + delay
                    self._event(f"{w.child.name} {w.child.exit_text()}; restarting in {delay:g} s (restart {w.restarts})")
                    continue
                if now < w.due_s:
                    continue
                try:
                    w.child.start()
                except (ServiceError, OSError) as exc:
                    w.failures_in_row += 1
                    delay = self.backoff_s(w.failures_in_row)
                    w.due_s = time.monotonic() + delay
                    self._event(f"{w.child.name} did not start again ({exc}); next try in {delay:g} s")
                    continue
                w.due_s = None
                w.up_since_s = time.monotonic()
                self._event(f"{w.child.name} restarted (pid {_pid(w.child)})")

    def status(self) -> str:
        """A short text for a status line: children down or restarted (empty when all ran throughout)."""
        parts = []
        now = time.monotonic()
        for w in self._started:
            if w.due_s is not None:
                parts.append(f"{w.child.name} DOWN, restart in {max(w.due_s - now, 0):.0f} s")
            elif w.restarts:
                parts.append(f"{w.child.name} restarted {w.restarts}x")
        return ", ".join(parts)

    def restarts(self, name: str) -> int:
        return sum(w.restarts for w in self._watches if w.child.name == name)

    def stop(self) -> None:
        """Stop watching, then stop every started child, last started first."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(30)
        with self._lock:
            for w in reversed(self._started):
                try:
                    w.child.stop()
                except Exception as exc:  # noqa: BLE001 - stop the others whatever happens to one
                    logger.error("stopping %s: %s", w.child.name, exc)
            self._started.clear()


def _pid(child) -> int | str:
    p = getattr(child, "process", None)
    return p.pid if p is not None else "?"


def child_env(base: dict | None = None, secrets: dict | None = None, drop_prefix: str = "TEPLOVODA_") -> dict:
    """An environment for a child: ``base`` without secret variables, plus the ones it needs."""
    base = dict(os.environ if base is None else base)
    env = {k: v for k, v in base.items() if not (k.startswith(drop_prefix) and k.endswith(("_PASSWORD", "_TOKEN")))}
    env.update(secrets or {})
    return env


__all__ = ["Process", "Supervisor", "child_env"]
