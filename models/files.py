"""Opening the files a user names: only regular files, never a FIFO, device, socket or directory.

Opening a FIFO for reading blocks until a writer appears, and a device can stream without end, so a
path is checked with ``os.stat`` (which never blocks) before anything opens it, and
:func:`read_bytes` opens with ``O_NONBLOCK`` and checks the opened descriptor again (the path may
have been swapped in between).
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

from teplovoda.models.errors import InputError
from teplovoda.models.limits import check, enforced


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a regular file"


def file_problem(path: str | Path) -> str | None:
    """What stops ``path`` being read as a regular file ("not found", "is a FIFO, not a file"...), or None."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "not found"
    except PermissionError:
        return "cannot be read (permission denied)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    return _kind_problem(st.st_mode)


def require_file(path: str | Path, what: str, source: str | None = None) -> None:
    """Raise :class:`InputError` unless ``path`` is a regular file.

    ``what`` starts the message: ``"scenario file"`` gives ``"<path>: scenario file not found"``;
    a key such as ``"[network] -> inp_file: file 'x.inp'"`` gives ``"[network] -> inp_file: file
    'x.inp' is a FIFO, not a file"`` (with ``source``, the scenario, in front).
    """
    problem = file_problem(path)
    if problem is not None:
        if problem == "not found" and source is not None:
            problem = "not found next to the scenario"
        raise InputError(f"{what} {problem}", source=source if source is not None else str(path))


def read_bytes(path: str | Path, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (a limit of :mod:`teplovoda.models.limits`).

    Never blocks on a FIFO; the size is checked before reading and the read stops past the limit
    (a file growing while read cannot take more memory than the limit).
    """
    path = Path(path)
    require_file(path, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(f"{what} cannot be read ({exc.strerror or type(exc).__name__})", source=str(path)) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        problem = _kind_problem(st.st_mode)
        if problem is not None:
            raise InputError(f"{what} {problem}", source=str(path))
        check(st.st_size, max_bytes, f"{what} size", " bytes", source=str(path))
        data = f.read(max_bytes + 1 if enforced() else -1)
    check(len(data), max_bytes, f"{what} size", " bytes", source=str(path))
    return data


def text(data: bytes, what: str, source: str) -> str:
    """``data`` decoded as UTF-8 text; binary data and other encodings are "not a text file" with the line."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{what} is not a text file (binary data at line {line})", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{what} is not a text file (not UTF-8 at line {line})", source=source) from None


def _non_finite(cell: str) -> bool:
    try:
        return not math.isfinite(float(cell))
    except ValueError:
        return False


def read_csv_table(path: str | Path, what: str, source: str, text_columns: tuple[str, ...] = ()):
    """A CSV table of a scenario as a DataFrame; refuses what a model must not silently read.

    The file must be a regular UTF-8 text file within :data:`teplovoda.models.limits.MAX_TABLE_FILE_BYTES`;
    a cell spelling a non-finite number (``nan``, ``inf``, ``-Infinity``...) outside
    ``text_columns`` is an error naming the file's line and column. Empty cells stay missing
    values (optional columns have defaults). ``text_columns`` are read as strings.
    """
    import io

    import pandas as pd

    from teplovoda.models.limits import MAX_TABLE_FILE_BYTES

    path = Path(path)
    data = read_bytes(path, MAX_TABLE_FILE_BYTES, what)
    where = f"{what} ({path.name})"
    text(data, where, source)
    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        table = pd.read_csv(io.BytesIO(data), dtype=dict.fromkeys(text_columns, str))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(f"{where} is not a readable CSV table ({' '.join(str(exc).split())[:200]})", source=source) from None
    for column in raw.columns:
        if column in text_columns:
            continue
        bad = raw[column].map(_non_finite)
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise InputError(
                f"{where} line {row + 2}, column {column!r}: expected a finite number, got {raw[column].iloc[row]!r}",
                source=source,
            )
    return table
