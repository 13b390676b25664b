"""A local disk spool: batches of line protocol kept in order while InfluxDB is away.

Each batch is one file ``<sequence>.lp`` written to a temporary name, fsynced, renamed into place
and the directory fsynced: once :meth:`Spool.put` returns, the batch survives a crash or power cut,
which is what allows the ingest service to acknowledge the MQTT messages in it. Replay goes in
sequence order and deletes a file only after InfluxDB stored it. A temporary file left by a crash
mid-write was never acknowledged (its messages will be redelivered) and is removed at start.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)


class Spool:
    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        for tmp in self.directory.glob("*.tmp"):
            tmp.unlink()
        files = self._files()
        self._next = int(files[-1].stem) + 1 if files else 0

    def _files(self) -> list[Path]:
        return sorted(self.directory.glob("*.lp"), key=lambda p: int(p.stem))

    def __len__(self) -> int:
        """Number of batches waiting."""
        return len(self._files())

    def lines_waiting(self) -> int:
        return sum(p.read_bytes().count(b"\n") for p in self._files())

    def put(self, lines: list[str]) -> None:
        """Store a batch durably (fsync of file and directory) before returning."""
        if not lines:
            return
        final = self.directory / f"{self._next:012d}.lp"
        tmp = final.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            f.write(("\n".join(lines) + "\n").encode())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        self._next += 1

    def replay(self, write: Callable[[list[str]], None]) -> int:
        """Write waiting batches oldest first; stop at the first failure (it propagates). Returns lines replayed."""
        n = 0
        for path in self._files():
            lines = path.read_text().splitlines()
            write(lines)
            path.unlink()
            n += len(lines)
            logger.info("replayed spooled batch %s (%d lines)", path.name, len(lines))
        return n


__all__ = ["Spool"]
