"""What the Portfolio page reads: the shipped portfolios, an uploaded one (a .zip), and its edited budget and inventory.

Pure functions (no Streamlit): the page calls them through :mod:`teplovoda.ui.data`, the tests directly.

**Upload: one .zip.** A portfolio is a TOML head and the sheets it names: CSV files (sites, pumps,
inventory...) or one Excel workbook (``.xlsx``, :mod:`teplovoda.models.portfolio.workbook`, which bounds its
unpacked size again when it is read); programme staff send them as one archive, so the page takes one ``.zip``
(not several loose files: one file to pick, and a portfolio's sheets cannot arrive without their head). The
archive may hold the files side by side at its top or
inside one folder (a zipped folder); macOS's ``__MACOSX/`` metadata is skipped. A member with an absolute path,
a drive letter or a ``..`` part is refused, as are members in two folders; the unpacked sizes (declared in the
archive and enforced while reading) are held to the app's upload limits (:data:`~teplovoda.ui.scenarios.UPLOAD_MAX_FILES`,
:data:`~teplovoda.ui.scenarios.UPLOAD_MAX_TOTAL_BYTES`) before anything is unpacked. The files are then stored
as any upload is (:func:`teplovoda.ui.scenarios.save_upload`: names checked, a private directory, every path
in the TOML kept inside it) and the one ``kind = "portfolio"`` TOML among them is returned.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.portfolio.workbook import ZIP_READ_ERRORS
from teplovoda.models.scenario import build
from teplovoda.ui import scenarios

KIND = "portfolio"
#: Inventory columns the page lets the user change (the rest are shown, not edited); the same for the boilers.
EDITABLE = ("count", "cost_eur")
INVENTORY_COLUMNS = ("set_type", "kva", "count", "cost_eur", "delivery_days")
BOILER_COLUMNS = ("boiler_type", "heat_mw", "count", "cost_eur", "fuel", "efficiency", "delivery_days")
_DRIVE = re.compile(r"^[A-Za-z]:")
_SKIPPED_FOLDERS = ("__MACOSX",)
#: How much of a zip library's complaint an error line repeats.
_REASON_CHARS = 120


def shipped_portfolios(directory: Path = scenarios.SCENARIO_DIR) -> list[scenarios.ScenarioFile]:
    """The shipped portfolio heads: ``kind = "portfolio"`` TOMLs one folder down (``scenarios/<name>/*.toml``)."""
    found = [scenarios.describe(p) for p in sorted(directory.glob("*/*.toml"))]
    return [f for f in found if f.kind == KIND]


def _member_name(info: zipfile.ZipInfo, upload: str) -> PurePosixPath:
    """A member's path inside the archive, refused when it could land outside the upload."""
    raw = info.filename.replace("\\", "/")
    path = PurePosixPath(raw)
    if raw.startswith("/") or _DRIVE.match(raw) or ".." in path.parts or "\0" in raw:
        unsafe = Msg("port.zip.unsafe", "member {member} has an absolute path or '..': refused", member=repr(raw[:80]))
        raise InputError(unsafe, source=upload)
    return path


def unzip_upload(upload: str, content: bytes) -> list[tuple[str, bytes]]:
    """The files of an uploaded portfolio archive as (bare file name, bytes) (module doc for what is refused)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            Msg("port.zip.not_zip", "not a zip archive ({reason})", reason=str(exc)[:_REASON_CHARS]), source=upload
        ) from None
    with archive:
        members = []
        for info in archive.infolist():
            path = _member_name(info, upload)
            if not info.is_dir() and not (path.parts and path.parts[0] in _SKIPPED_FOLDERS):
                members.append((path, info))
        if not members:
            raise InputError(Msg("port.zip.empty", "the archive holds no files"), source=upload)
        folders = {p.parent for p, _ in members}
        if len(folders) > 1:
            second = sorted(members, key=lambda m: (len(m[0].parts), str(m[0])))[-1][0]
            twice = Msg(
                "port.zip.folders",
                "member {member} is in a second folder: put the TOML and its sheets side by side",
                member=repr(str(second)[:80]),
            )
            raise InputError(twice, source=upload)
        scenarios.check_upload_limits([info.file_size for _, info in members])
        out = []
        for path, info in members:
            try:
                out.append((path.name, archive.read(info)))  # reads at most the declared size
            except ZIP_READ_ERRORS as exc:
                bad = Msg(
                    "port.zip.unreadable",
                    "member {member} cannot be read ({reason})",
                    member=repr(str(path)[:80]),
                    reason=str(exc)[:_REASON_CHARS],
                )
                raise InputError(bad, source=upload) from None
    return out


def save_portfolio_zip(upload: str, content: bytes, root: Path | None = None) -> Path:
    """Unpack an uploaded portfolio archive and store it as an upload; the portfolio TOML to load."""
    return scenarios.save_upload(unzip_upload(upload, content), root=root, kinds=(KIND,), workbooks=True)


def inventory_rows(portfolio) -> pd.DataFrame:
    """The inventory as the page's editor shows it: one row per set type (columns :data:`INVENTORY_COLUMNS`)."""
    return pd.DataFrame([dataclasses.asdict(s) for s in portfolio.inventory], columns=list(INVENTORY_COLUMNS))


def boiler_rows(portfolio) -> pd.DataFrame:
    """The mobile boilers as the page's editor shows them: one row per boiler type (columns :data:`BOILER_COLUMNS`;
    no rows for a portfolio without heat sites)."""
    return pd.DataFrame([dataclasses.asdict(b) for b in portfolio.boilers], columns=list(BOILER_COLUMNS))


def _edited(items, table: pd.DataFrame, cls, key: str, label: str, src: str) -> tuple:
    """``items`` (rows of ``cls``) with the counts and costs of ``table``'s rows of the same ``key``, each built
    as its sheet's rows are (so with its bounds); an error names ``label -> <key> -> <column>``."""
    edited = {str(r[key]): r for _, r in table.iterrows()}
    out = []
    for item in items:
        row = dict(dataclasses.asdict(item))
        name = getattr(item, key)
        if name in edited:
            row |= {c: _number(edited[name][c]) for c in EDITABLE}
            row = {k: v for k, v in row.items() if v is not None}  # an emptied cell: build says it is missing
        out.append(build(cls, row, f"{label} -> {name}", src))
    return tuple(out)


def edit_portfolio(
    portfolio,
    *,
    budget_eur: float | None = None,
    inventory: pd.DataFrame | None = None,
    boilers: pd.DataFrame | None = None,
):
    """The portfolio with the page's budget and its inventory's and boilers' counts and costs (:data:`EDITABLE`).

    Each edited row is checked as its sheet's rows are (the bounds of
    :class:`~teplovoda.models.portfolio.spec.SetType` and :class:`~teplovoda.models.portfolio.heat.BoilerType`),
    and a set count below the sites committed to its type is refused as loading refuses it; an error names the
    set or boiler type and the column.
    """
    from teplovoda.models.portfolio.heat import BoilerType
    from teplovoda.models.portfolio.spec import PortfolioSpec, SetType

    src = portfolio.path.name
    spec = portfolio.spec
    if budget_eur is not None:
        table = {f.name: getattr(spec, f.name) for f in dataclasses.fields(PortfolioSpec)}
        table = {k: v for k, v in table.items() if v is not None} | {"budget_eur": _number(budget_eur)}
        spec = build(PortfolioSpec, table, "[portfolio]", src)
    types = portfolio.inventory
    if inventory is not None:
        types = _edited(portfolio.inventory, inventory, SetType, "set_type", "inventory", src)
        _check_committed(portfolio, types, src)
    units = portfolio.boilers
    if boilers is not None:
        units = _edited(portfolio.boilers, boilers, BoilerType, "boiler_type", "boilers", src)
    return dataclasses.replace(portfolio, spec=spec, inventory=types, boilers=units)


def _number(v):
    """A cell as a number for :func:`build` (None for an emptied cell; text is left for build to name)."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, str):
        return v
    f = float(v)
    return int(f) if f.is_integer() else f


def _check_committed(portfolio, types, src: str) -> None:
    committed: dict[str, int] = {}
    for s in portfolio.sites:
        if s.row.committed:
            committed[s.row.committed] = committed.get(s.row.committed, 0) + 1
    for s in types:
        if committed.get(s.set_type, 0) > s.count:
            over = Msg(
                "port.committed_over",
                "more sites committed to {set_type} than its count ({count})",
                set_type=repr(s.set_type),
                count=s.count,
            )
            raise InputError(within(f"inventory -> {s.set_type} -> count", over), source=src)


__all__ = ["boiler_rows", "edit_portfolio", "inventory_rows", "save_portfolio_zip", "shipped_portfolios", "unzip_upload"]
