"""A portfolio's sheets from one Excel workbook (``.xlsx``), as the same rows of text the CSV sheets give.

Programme staff keep the portfolio in Excel. A head naming ``workbook = "programme.xlsx"`` in ``[portfolio]``
(instead of the ``*_csv`` keys) reads the sheets ``sites``, ``pumps`` and ``inventory`` of that workbook, and
``heat_sites`` with ``boilers`` when the workbook has them (both or neither); other sheets (notes, pivot
tables) are not read. Each sheet is turned into rows of cell texts, which then go through exactly the checks
of a CSV sheet (:func:`teplovoda.models.portfolio.spec.read_sheet`): the header is row 1, the first data row is
row 2, as Excel numbers them, and an error line names ``programme.xlsx[sheet]``, the row and the column.

The engineering choices:

* **Read with openpyxl** (the library pandas' ``read_excel`` uses), directly: pandas turns a formula without a
  saved value, an error cell and a blank alike into NaN, and the checks must tell them apart.
* **Cell values** as Excel saved them (``data_only``): a formula cell gives its cached result. A workbook
  written by a program other than Excel (or LibreOffice) may hold formulas with no cached value: such a cell is
  refused in one line naming it (open and save the workbook in Excel, or paste the values), never read as blank.
  An error value (``#DIV/0!``, ``#REF!``...) is refused too.
* **Numbers** become the shortest text that reads back as the same float (``repr``), so a workbook and a CSV
  of the same values give the same portfolio bit for bit. A **TRUE/FALSE** cell is ``true``/``false`` (good in
  ``must_serve``; in a number column it is refused as any text is: "expected a number"). A **date or time**
  cell (a number formatted as a date) is its ISO text, so in a number column it is refused the same way.
* **Blank rows** (every cell empty, e.g. the formatted rows below a table) are skipped, as in a CSV sheet, and
  blank cells after a row's last value are trimmed. A **merged range** holds its value in its first cell only;
  the others are blank, as Excel's own CSV export writes them (so a site whose oblast is merged over several
  rows is missing its oblast: one line, not a guess).
* **Bounds**: the file's size is that of a table file (:data:`~teplovoda.models.limits.MAX_TABLE_FILE_BYTES`),
  its unpacked size :data:`~teplovoda.models.limits.MAX_WORKBOOK_UNPACKED_BYTES` (checked from the archive's
  directory before anything is unpacked: a small .xlsx can unpack to gigabytes), a sheet at most
  :data:`~teplovoda.models.portfolio.spec.MAX_ROWS` rows. A file that is not a workbook is one line.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from teplovoda.models.errors import InputError, within
from teplovoda.models.files import read_bytes
from teplovoda.models.limits import MAX_TABLE_FILE_BYTES, MAX_WORKBOOK_UNPACKED_BYTES, check, enforced
from teplovoda.models.messages import Msg

#: The sheets of a portfolio workbook: head key of the CSV sheet -> sheet name in the workbook.
SHEET_NAMES = {
    "sites_csv": "sites",
    "pumps_csv": "pumps",
    "inventory_csv": "inventory",
    "heat_sites_csv": "heat_sites",
    "boilers_csv": "boilers",
}
#: A formula element in a sheet's XML (``<f>``, ``<f t="shared" ...>``, with or without a namespace prefix):
#: without one the formulas need not be read a second time.
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
#: How much of a library's complaint an error line repeats.
_REASON_CHARS = 120


@dataclass
class Workbook:
    """An opened portfolio workbook: its path, its values (as saved) and its formulas (to tell a formula
    without a saved value from a blank; None when no sheet holds a formula)."""

    path: Path
    values: object
    formulas: object = None

    @property
    def sheets(self) -> list[str]:
        return list(self.values.sheetnames)

    def source(self, sheet: str) -> str:
        """What an error line names: ``programme.xlsx[sites]``."""
        return f"{self.path}[{sheet}]"


#: What reading a damaged or hostile zip member can raise (a bad CRC, an unknown compression, a truncated stream).
ZIP_READ_ERRORS = (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, OSError)


def open_workbook(path: str | Path) -> Workbook:
    """Open a workbook for :func:`sheet_rows` (bounded, one line if it is not a workbook; module doc)."""
    path = Path(path)
    data = read_bytes(path, MAX_TABLE_FILE_BYTES, Msg("port.workbook", "workbook"))
    src = str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            if unpacked <= MAX_WORKBOOK_UNPACKED_BYTES or not enforced():  # else refused below, before unpacking
                sheets = [i for i in z.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
                has_formulas = any(_FORMULA.search(z.read(i)) for i in sheets)
    except (*ZIP_READ_ERRORS, ValueError) as exc:
        raise _not_a_workbook(exc, src) from None
    check(unpacked, MAX_WORKBOOK_UNPACKED_BYTES, Msg("port.workbook_unpacked", "unpacked workbook"), " bytes", source=src)
    try:
        with warnings.catch_warnings():  # openpyxl warns of styles and extensions it drops: nothing we read
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False) if has_formulas else None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError) as exc:
        raise _not_a_workbook(exc, src) from None
    return Workbook(path, values, formulas)


def _not_a_workbook(exc: Exception, src: str) -> InputError:
    reason = str(exc)[:_REASON_CHARS] or type(exc).__name__
    return InputError(Msg("port.not_workbook", "not an Excel workbook (.xlsx) ({reason})", reason=reason), source=src)


def require_sheet(book: Workbook, sheet: str, key: str) -> None:
    """Refuse a workbook without the sheet the portfolio needs, naming the sheets it has."""
    if sheet not in book.sheets:
        missing = Msg(
            "port.missing_sheet",
            "no sheet {sheet} (for {field}); the workbook has {sheets}",
            sheet=repr(sheet),
            field=key,
            sheets=", ".join(repr(s) for s in book.sheets),
        )
        raise InputError(missing, source=str(book.path))


def _text(value, formula, n: int, column: int, header: list[str], src: str) -> str:
    """One cell as the text a CSV sheet would hold (module doc), or one line naming the cell."""
    if value is None:
        if isinstance(formula, str) and formula.startswith("="):
            return _refuse(
                n, column, header, src, Msg("port.xlsx.formula", "a formula with no saved value (open and save in Excel)")
            )
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | datetime.timedelta):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, str) and value.startswith("#") and isinstance(formula, str) and formula.startswith("="):
        return _refuse(n, column, header, src, Msg("port.xlsx.error_value", "an error value {value}", value=value[:20]))
    return str(value)


def _refuse(n: int, column: int, header: list[str], src: str, problem: Msg):
    name = header[column] if column < len(header) and header[column] else get_column_letter(column + 1)
    cell = f"{get_column_letter(column + 1)}{n}"
    raise InputError(
        within(f"row {n} -> {name}", Msg("port.xlsx.cell", "cell {cell}: {problem}", cell=cell, problem=problem)), src
    )


def sheet_rows(book: Workbook, sheet: str, max_rows: int) -> list[list[str]]:
    """The sheet's rows as lists of cell texts (row 1 first), blank trailing cells trimmed (module doc).

    At most ``max_rows`` non-blank data rows are read: past that the sheet is refused as a CSV sheet is.
    """
    src = book.source(sheet)
    values = book.values[sheet].iter_rows(values_only=True)
    no_formulas = itertools.repeat(())
    formulas = no_formulas if book.formulas is None else book.formulas[sheet].iter_rows(values_only=True)
    out: list[list[str]] = []
    header: list[str] = []
    filled = 0
    for n, (vals, forms) in enumerate(zip(values, formulas, strict=False), start=1):
        forms = list(forms) + [None] * (len(vals) - len(forms))
        cells = [_text(v, f, n, c, header, src) for c, (v, f) in enumerate(zip(vals, forms))]
        while cells and not cells[-1].strip():
            cells.pop()
        if n == 1:
            header = [c.strip() for c in cells]
        elif cells:
            filled += 1
            if filled > max_rows:
                raise InputError(Msg("port.too_many_rows", "more than {rows:,} rows", rows=max_rows), source=src)
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


__all__ = ["SHEET_NAMES", "Workbook", "open_workbook", "require_sheet", "sheet_rows"]
