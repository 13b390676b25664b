"""Portfolio workbooks for the tests, written from a portfolio's CSV sheets (none is shipped: see the README).

Cells are typed as a programme officer's Excel types them: whole numbers and decimals as numbers, ``true`` and
``false`` as TRUE/FALSE, blanks as empty cells, everything else as text.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
from pathlib import Path

from openpyxl import Workbook

from teplovoda.models.portfolio.workbook import SHEET_NAMES

_INT = re.compile(r"-?\d+")


def typed(cell: str):
    """A CSV cell as Excel would hold it (module doc)."""
    if cell == "":
        return None
    if cell.lower() in ("true", "false"):
        return cell.lower() == "true"
    if _INT.fullmatch(cell):
        return int(cell)
    try:
        number = float(cell)
    except ValueError:
        return cell
    return number if number == number and abs(number) != float("inf") else cell


def workbook_from_csv(head: Path, name: str = "programme.xlsx", edit=None) -> Path:
    """Write ``head``'s CSV sheets into one workbook beside it and a head ``portfolio_xlsx.toml`` naming it.

    ``edit(workbook)`` may change the openpyxl workbook before it is saved. Returns the new head.
    """
    folder = head.parent
    text = head.read_text(encoding="utf-8")
    spec = tomllib.loads(text)["portfolio"]
    wb = Workbook()
    wb.remove(wb.active)
    for key, sheet in SHEET_NAMES.items():
        if key not in spec:
            continue
        ws = wb.create_sheet(sheet)
        with (folder / spec[key]).open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                ws.append([typed(c) for c in row])
    if edit is not None:
        edit(wb)
    wb.save(folder / name)
    text = re.sub(r"^(sites|pumps|inventory|heat_sites|boilers)_csv = .*\n", "", text, flags=re.M)
    text = text.replace("[portfolio]\n", f'[portfolio]\nworkbook = "{name}"\n', 1)
    out = folder / "portfolio_xlsx.toml"
    out.write_text(text, encoding="utf-8")
    return out


def rewrite_sheet_xml(path: Path, sheet_index: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the XML of one sheet (1-based, in workbook order): cells openpyxl cannot
    write (a formula with a saved value, an error value) as Excel saves them."""
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == member:
                xml = data.decode()
                assert old in xml, (old, xml[:2000])
                data = xml.replace(old, new, 1).encode()
            z.writestr(info, data)
    path.write_bytes(buf.getvalue())
