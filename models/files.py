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
from teplovoda.models.messages import Msg

_KINDS = (
    (stat.S_ISDIR, Msg("file.is_directory", "is a directory, not a file")),
    (stat.S_ISFIFO, Msg("file.is_fifo", "is a FIFO, not a file")),
    (stat.S_ISSOCK, Msg("file.is_socket", "is a socket, not a file")),
    (stat.S_ISCHR, Msg("file.is_device", "is a device, not a file")),
    (stat.S_ISBLK, Msg("file.is_device", "is a device, not a file")),
)
#: What a file is called in a message (``what`` of :func:`require_file` and :func:`read_bytes`).
SCENARIO_FILE = Msg("file.what.scenario", "scenario file")
EPANET_FILE = Msg("file.what.epanet", "EPANET file")
FILE = Msg("file.what.file", "file")


def _kind_problem(mode: int) -> Msg | None:
    if stat.S_ISREG(mode):
        return None
    return next((problem for test, problem in _KINDS if test(mode)), Msg("file.not_regular", "is not a regular file"))


def _unreadable(exc: OSError) -> Msg:
    return Msg("file.cannot_read", "cannot be read ({reason})", reason=exc.strerror or type(exc).__name__)


def file_problem(path: str | Path) -> Msg | None:
    """What stops ``path`` being read as a regular file ("not found", "is a FIFO, not a file"...), or None."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return Msg("file.not_found", "not found")
    except PermissionError:
        return Msg("file.permission", "cannot be read (permission denied)")
    except OSError as exc:
        return _unreadable(exc)
    return _kind_problem(st.st_mode)


def file_at(where: str, name: str) -> Msg:
    """The label of a file a scenario key names, for :func:`require_file`: ``"[network] -> inp_file: file 'x.inp'"``.

    Parameters
    ----------
    where : str
        The key path, as written (``"[network] -> inp_file"``).
    name : str
        The file name, as the scenario gives it (shown quoted).
    """
    return Msg("file.at", "{where}: file {name}", where=where, name=repr(name))


def _problem_of(what, problem) -> Msg:
    return Msg("file.problem", "{what} {problem}", what=what, problem=problem)


def require_file(path: str | Path, what: str, source: str | None = None) -> None:
    """Raise :class:`InputError` unless ``path`` is a regular file.

    ``what`` starts the message: :data:`SCENARIO_FILE` gives ``"<path>: scenario file not found"``;
    a key's :func:`file_at` (``"[network] -> inp_file: file 'x.inp'"``) gives ``"[network] -> inp_file: file
    'x.inp' is a FIFO, not a file"`` (with ``source``, the scenario, in front).
    """
    problem = file_problem(path)
    if problem is not None:
        if problem.key == "file.not_found" and source is not None:
            problem = Msg("file.not_found_here", "not found next to the scenario")
        raise InputError(_problem_of(what, problem), source=source if source is not None else str(path))


def read_bytes(path: str | Path, max_bytes: int, what: str = FILE) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (a limit of :mod:`teplovoda.models.limits`).

    Never blocks on a FIFO; the size is checked before reading and the read stops past the limit
    (a file growing while read cannot take more memory than the limit).
    """
    path = Path(path)
    require_file(path, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(_problem_of(what, _unreadable(exc)), source=str(path)) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        problem = _kind_problem(st.st_mode)
        if problem is not None:
            raise InputError(_problem_of(what, problem), source=str(path))
        check(st.st_size, max_bytes, size_of(what), " bytes", source=str(path))
        data = f.read(max_bytes + 1 if enforced() else -1)
    check(len(data), max_bytes, size_of(what), " bytes", source=str(path))
    return data


def size_of(what) -> Msg:
    """``"<what> size"``, what a file's size limit is about (:func:`teplovoda.models.limits.check`)."""
    return Msg("file.size", "{what} size", what=what)


def text(data: bytes, what: str, source: str) -> str:
    """``data`` decoded as UTF-8 text; binary data and other encodings are "not a text file" with the line."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            Msg("file.binary_at", "{what} is not a text file (binary data at line {line})", what=what, line=line), source=source
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            Msg("file.not_utf8_at", "{what} is not a text file (not UTF-8 at line {line})", what=what, line=line), source=source
        ) from None


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
    where = Msg("file.table", "{what} ({name})", what=what, name=path.name)
    text(data, where, source)
    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        table = pd.read_csv(io.BytesIO(data), dtype=dict.fromkeys(text_columns, str))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise InputError(
            Msg("file.not_csv", "{where} is not a readable CSV table ({reason})", where=where, reason=reason), source=source
        ) from None
    for column in raw.columns:
        if column in text_columns:
            continue
        bad = raw[column].map(_non_finite)
        if bad.any():
            row = int(bad.to_numpy().argmax())
            template = "{where} line {line}, column {column}: expected a finite number, got {got}"
            got = repr(raw[column].iloc[row])
            raise InputError(
                Msg("file.not_finite", template, where=where, line=row + 2, column=repr(column), got=got), source=source
            )
    return table
