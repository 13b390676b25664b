"""The ingest worker's health file: written every stats interval, read by ``telemetry up`` and the Live page.

The file is one JSON object (replaced atomically: a temporary file, then ``os.replace``), e.g.::

    {"worker": "ingest-1", "pid": 4242, "written_at_s": 1795870389.1, "interval_s": 5.0,
     "started_at_s": 1795870300.0, "unhealthy_after_s": 60.0,
     "last_write_s": 1795870388.9, "last_received_s": 1795870389.0,
     "received": 10400, "written": 10388, "rejected": 12, "spooled": 0, "replayed": 0, "refused": 0,
     "duplicates": 0, "lag_s": 0.4, "queue": 3, "spool_batches": 0, "spool_points": 0,
     "spool_growing_since_s": null, "writer_alive": true, "connected": true, "failure": null,
     "alerts_active": 1}

``last_write_s`` is the last time InfluxDB answered a write (the worker writes its counters every
interval even when no reading arrives, so a healthy worker's is never older than about one interval).
:func:`problems` judges a file: the worker is unhealthy when

* ``stopped``: the worker was stopped (its last report says so);
* ``stale``: the file was not rewritten for three intervals (the process is gone or hangs);
* ``thread``: its writer thread died (``writer_alive`` false, or a ``failure`` is recorded);
* ``no_write``: InfluxDB has not taken a write for ``unhealthy_after_s`` (or two intervals, if longer);
* ``spool``: batches wait in the spool and their number grew since it last shrank.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


def write(path: str | Path, doc: dict) -> None:
    """Replace the file atomically (readers never see half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc, indent=1, default=str))
    os.replace(tmp, path)


def read(path: str | Path) -> dict | None:
    """The health document, or None when there is no file (never written: nothing to judge)."""
    try:
        text = Path(path).read_text()
    except FileNotFoundError:
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return {"unreadable": True}
    return doc if isinstance(doc, dict) else {"unreadable": True}


class Reporter:
    """Turns an ingest worker's :meth:`~teplovoda.telemetry.ingest.IngestService.health` snapshots into the health file.

    It keeps what one snapshot cannot say: when a message last arrived, and since when the spool grows.
    """

    def __init__(self, path: str | Path, interval_s: float, unhealthy_after_s: float):
        self.path = Path(path)
        self.interval_s = interval_s
        self.unhealthy_after_s = unhealthy_after_s
        self.started_at_s = time.time()
        self._received = 0
        self._last_received_s: float | None = None
        self._spool_batches = 0
        self._growing_since_s: float | None = None

    def update(self, snapshot: dict, extra: dict | None = None, now_s: float | None = None) -> dict:
        """Write the file for this snapshot; returns the document written."""
        now_s = time.time() if now_s is None else now_s
        received = int(snapshot.get("received", 0))
        if received > self._received:
            self._last_received_s = now_s
        self._received = received
        batches = int(snapshot.get("spool_batches", 0))
        if batches == 0 or batches < self._spool_batches:
            self._growing_since_s = None
        elif batches > self._spool_batches and self._growing_since_s is None:
            self._growing_since_s = now_s
        self._spool_batches = batches
        doc = {
            "pid": os.getpid(),
            "written_at_s": now_s,
            "interval_s": self.interval_s,
            "started_at_s": self.started_at_s,
            "unhealthy_after_s": self.unhealthy_after_s,
            "last_received_s": self._last_received_s,
            "spool_growing_since_s": self._growing_since_s,
            **snapshot,
            **(extra or {}),
        }
        try:
            write(self.path, doc)
        except OSError as exc:  # a full disk must not stop ingest; the file going stale says it
            logger.error("cannot write the health file %s: %s", self.path, exc)
        return doc


@dataclass(frozen=True)
class Problem:
    """One reason a worker is unhealthy: ``code`` (stopped, stale, thread, no_write, spool, unreadable) and its figures."""

    code: str
    age_s: float = 0.0
    batches: int = 0
    points: int = 0
    failure: str = ""

    def text(self) -> str:
        """English, for the command line (the app words them through teplovoda.ui.strings)."""
        return {
            "unreadable": "the health file is unreadable",
            "stopped": "stopped",
            "stale": f"no health report for {self.age_s:.0f} s (is it running?)",
            "thread": f"the writer thread stopped{': ' + self.failure if self.failure else ''}",
            "no_write": f"no write to InfluxDB for {self.age_s:.0f} s",
            "spool": f"{self.batches} batches ({self.points} points) spooled, growing",
        }[self.code]


def problems(doc: dict | None, now_s: float | None = None) -> list[Problem]:
    """Why the worker whose health document this is is unhealthy (empty: healthy, or no document)."""
    if doc is None:
        return []
    if doc.get("unreadable"):
        return [Problem("unreadable")]
    if doc.get("stopped"):
        return [Problem("stopped")]
    now_s = time.time() if now_s is None else now_s
    out = []
    interval = float(doc.get("interval_s") or 10.0)
    age = now_s - float(doc.get("written_at_s") or 0.0)
    if age > 3 * interval + 5:
        out.append(Problem("stale", age_s=age))
    if doc.get("writer_alive") is False or doc.get("failure"):
        out.append(Problem("thread", failure=str(doc.get("failure") or "")[:200]))
    since = doc.get("last_write_s") or doc.get("started_at_s") or doc.get("written_at_s") or now_s
    no_write = now_s - float(since)
    if no_write > max(float(doc.get("unhealthy_after_s") or 60.0), 2 * interval):
        out.append(Problem("no_write", age_s=no_write))
    if int(doc.get("spool_batches") or 0) > 0 and doc.get("spool_growing_since_s") is not None:
        out.append(Problem("spool", batches=int(doc["spool_batches"]), points=int(doc.get("spool_points") or 0)))
    return out


def describe(found: list[Problem]) -> str:
    return "; ".join(p.text() for p in found)


__all__ = ["Problem", "Reporter", "describe", "problems", "read", "write"]
