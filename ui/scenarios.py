"""The scenarios the app works on: shipped files by kind, uploads, and edited copies.

Pure functions (no Streamlit): the pages call them through :mod:`teplovoda.ui.data`, and
``bench/scenario_rerun.py`` times the same path.

* :func:`shipped` lists ``scenarios/*.toml`` with their ``[scenario]`` name and kind.
* :func:`save_upload` stores uploaded files in a directory of their own, over a view of the shipped
  scenario folder (so an uploaded variant of a shipped scenario finds ``networks/Net3.inp``); an
  EPANET ``.inp`` alone becomes a water scenario with default settings. No string value of an
  uploaded scenario may lead outside that directory (and the shipped folder), whatever its key or
  suffix; uploads have a size and count limit, are private to the server's user (0700/0600) and
  expire after a day.
* ``edit_*`` return a modified copy of a loaded (frozen) scenario with :func:`dataclasses.replace`;
  a bad value raises :class:`~teplovoda.models.errors.InputError` naming the field, as a scenario file would.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import os
import pickle
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models import kinds as registry
from teplovoda.models.damage import declaration
from teplovoda.models.errors import InputError, TeplovodaError, within
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import MAX_NAME_CHARS, load_toml
from teplovoda.models.units import SECONDS_PER_HOUR

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "scenarios"


def model_kinds() -> tuple[str, ...]:
    """Kinds the Scenario page runs (water, heat, power; compare scenarios belong to the Compare page)."""
    return registry.page_kinds("scenario")


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario file with its ``[scenario]`` name and kind (``kinds.DEFAULT_KIND``, water, when the file does not say)."""

    path: Path
    kind: str
    name: str
    name_uk: str = ""
    name_en: str = ""


def describe(path: str | Path) -> ScenarioFile:
    """Read a scenario file's header: name (and its ``name_uk`` / ``name_en`` when they are text) and kind."""
    data = load_toml(path)
    info = data.get("scenario", {}) if isinstance(data.get("scenario"), dict) else {}
    local = {k: " ".join(v.split())[:MAX_NAME_CHARS] for k in ("name_uk", "name_en") if isinstance(v := info.get(k), str)}
    kind = str(info.get("kind") or registry.DEFAULT_KIND)
    return ScenarioFile(Path(path), kind, str(info.get("name") or Path(path).stem), **local)


def shipped(kind: str | None = None, directory: Path = SCENARIO_DIR) -> list[ScenarioFile]:
    """The shipped scenarios (``scenarios/*.toml``), of one kind or all, in file-name order."""
    files = [describe(p) for p in sorted(directory.glob("*.toml"))]
    if kind is None:
        return files
    by_kind: dict[str, list[ScenarioFile]] = {}
    for f in files:
        by_kind.setdefault(f.kind, []).append(f)
    return by_kind.get(kind, [])


# --- loading and running: the kind's loader and runner, from teplovoda.models.kinds -------------------


def load(path: str | Path, kind: str | None = None):
    """Load and validate a scenario file of any kind (its ``[scenario] kind`` unless ``kind`` is given)."""
    kind = kind or describe(path).kind
    return registry.get(kind, source=str(path)).load(path)


def kind_of(scn) -> str:
    """The kind of a loaded scenario (or of a result), by its type."""
    return registry.kind_of(scn).name


def run(scn):
    """Run a loaded water, heat or power scenario as ``teplovoda run`` does (WaterRun, HeatRun or PowerRun)."""
    return registry.kind_of(scn).run(scn)


def referenced_files(path: str | Path, _seen: frozenset = frozenset()) -> list[Path]:
    """A scenario file and every file it refers to (networks, route tables, base scenarios), recursively.

    A reference is any string value that names an existing file relative to the file (the models
    open a path field whatever its suffix); a referenced file that reads as TOML is followed in
    turn. Missing files are left out (loading the scenario reports them).
    """
    path = Path(path).resolve()
    if path in _seen or not path.is_file():
        return []
    out = [path]
    if path.suffix.lower() in (".inp", ".csv", ".xlsx"):
        return out
    try:
        data = load_toml(path)
    except InputError:  # a data file, not a scenario: read as it is
        return out
    for _, value in _strings(data):
        target = path.parent / value
        try:
            is_file = "\0" not in value and target.is_file()
        except OSError:  # a name too long to be a file
            continue
        if is_file:
            out += referenced_files(target, _seen | {path})
    return out


def fingerprint(scn) -> str:
    """A key for a loaded (possibly edited) scenario: its values and the bytes of every file it reads."""
    h = hashlib.sha256(pickle.dumps(scn))
    for f in referenced_files(scn.path):
        h.update(str(f).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _strings(data, where: str = ""):
    """(key path, value) of every string in a TOML document."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, f"{where} -> {k}" if where else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, f"{where} #{i + 1}")
    elif isinstance(data, str):
        yield where, data


# --- uploads --------------------------------------------------------------------------------------

#: At most this many files in one upload.
UPLOAD_MAX_FILES = 50
#: At most this many bytes in one upload, all files together (20 MiB; Streamlit's per-file
#: ``server.maxUploadSize`` is set to the same, in its unit of MiB, by ``teplovoda app``).
UPLOAD_MAX_TOTAL_BYTES = 20 * 1024 * 1024
#: The same in MiB: Streamlit's ``server.maxUploadSize`` (per file) and the uploader's ``max_upload_size``.
UPLOAD_MAX_MIB = UPLOAD_MAX_TOTAL_BYTES // 2**20
#: Upload directories not used for this long are removed when a new upload is saved.
UPLOAD_MAX_AGE_S = 24 * SECONDS_PER_HOUR
#: Where upload directories go by default: one folder per user of the machine, mode 0700.
UPLOAD_ROOT = Path(tempfile.gettempdir()) / f"teplovoda-uploads-{os.getuid()}"
_UPLOAD_NAME = re.compile(r"^[\w][\w .()+-]{0,100}\.(toml|inp|csv)$", re.IGNORECASE)
#: A portfolio's upload also takes Excel workbooks (its sheets, :mod:`teplovoda.models.portfolio.workbook`).
_UPLOAD_NAME_WITH_XLSX = re.compile(r"^[\w][\w .()+-]{0,100}\.(toml|inp|csv|xlsx)$", re.IGNORECASE)
_UPLOAD_DIR_NAME = re.compile(r"^[0-9a-f]{20}$")
_PRIVATE_DIR_MODE = 0o700
_PRIVATE_FILE_MODE = 0o600
#: How much of a refused value an error line repeats.
_SHOWN_CHARS = 80

logger = logging.getLogger(__name__)


class UploadLimitError(InputError):
    """An upload over a limit. ``key`` and ``values`` let the app say it in the session's language
    (:mod:`teplovoda.ui.strings`); the message itself is the English line."""

    def __init__(self, message: str, key: str, **values):
        super().__init__(message)
        self.key = key
        self.values = values


def check_upload_limits(sizes: list[int]) -> None:
    """Refuse an upload of more than :data:`UPLOAD_MAX_FILES` files or :data:`UPLOAD_MAX_TOTAL_BYTES` bytes.

    Parameters
    ----------
    sizes : list of int
        The size of each uploaded file, bytes.
    """
    if len(sizes) > UPLOAD_MAX_FILES:
        raise UploadLimitError(
            Msg(
                "cli.upload.too_many",
                "{files} files uploaded; at most {limit} at a time",
                files=len(sizes),
                limit=UPLOAD_MAX_FILES,
            ),
            "upload.too_many",
            files=len(sizes),
            limit=UPLOAD_MAX_FILES,
        )
    total_bytes = sum(sizes)
    if total_bytes > UPLOAD_MAX_TOTAL_BYTES:
        raise UploadLimitError(
            Msg(
                "cli.upload.too_large",
                "the upload is {size_mib} MiB; at most {limit_mib} MiB in all",
                size_mib=f"{total_bytes / 2**20:.1f}",
                limit_mib=UPLOAD_MAX_MIB,
            ),
            "upload.too_large",
            size_mib=total_bytes / 2**20,
            limit_mib=UPLOAD_MAX_MIB,
        )


def save_upload(
    files: list[tuple[str, bytes]],
    root: Path | None = None,
    kinds: tuple[str, ...] | None = None,
    workbooks: bool = False,
) -> Path:
    """Store uploaded files; return the scenario file to load.

    Parameters
    ----------
    files : list of (file name, content)
        One scenario (``.toml``) with the files it refers to by bare name, or one EPANET ``.inp``
        file alone (it becomes a water scenario with default settings: PDD 0-20 m, 200 L per person
        per day). At most :data:`UPLOAD_MAX_FILES` files and :data:`UPLOAD_MAX_TOTAL_BYTES` bytes
        (checked before anything is written).
    root : Path, optional
        Where upload directories go (default :data:`UPLOAD_ROOT`); made mode 0700 and refused if
        it is a symbolic link or belongs to another user.
    kinds : tuple of str, optional
        Scenario kinds accepted here (default :func:`model_kinds`, the Scenario page's: water, heat,
        power; Compare: compare).
    workbooks : bool
        Whether Excel workbooks (``.xlsx``) are taken too (the Portfolio page's sheets); they are stored as
        any file is, and read only by the model that a scenario's key names them for.

    The files go to a directory named by their content hash (mode 0700, files 0600); every shipped
    file and folder of ``scenarios/`` not shadowed by an upload is linked into it, so an edited copy
    of a shipped scenario finds its network. Every string value of every uploaded scenario that,
    read as a path, leads outside that directory and the shipped folder is refused (see
    :func:`_check_paths`), and a refused upload's directory is removed.

    Saving an upload also removes the upload directories under ``root`` that have not been written
    or re-uploaded for :data:`UPLOAD_MAX_AGE_S` (24 h): a session still showing one of those
    scenarios then reports its file as not found.
    """
    kinds = model_kinds() if kinds is None else kinds
    if not files:
        raise InputError(Msg("cli.upload.none", "no file uploaded"))
    check_upload_limits([len(content) for _, content in files])
    for name, _ in files:
        if not (_UPLOAD_NAME_WITH_XLSX if workbooks else _UPLOAD_NAME).match(name):
            expected = Msg("cli.upload.bad_name", "expected a scenario (.toml), an EPANET network (.inp) or a route table (.csv)")
            if workbooks:
                expected = Msg("cli.upload.bad_name_xlsx", "expected a portfolio (.toml) and its sheets (.csv, .xlsx)")
            raise InputError(expected, source=name[:_SHOWN_CHARS])
    names = [n for n, _ in files]
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise InputError(Msg("cli.upload.twice", "the same file name is uploaded twice"), source=twice)
    digest = hashlib.sha256(str(SCENARIO_DIR).encode())  # the links below point into this installation's scenarios
    for name, content in sorted(files):
        digest.update(name.encode() + b"\0" + content + b"\0")
    root = _private_dir(root or UPLOAD_ROOT)
    directory = root / digest.hexdigest()[:20]
    _expire_uploads(root, keep=directory)
    _private_dir(directory)
    try:
        return _store(directory, files, kinds)
    except InputError:
        shutil.rmtree(directory, ignore_errors=True)
        raise


def _store(directory: Path, files: list[tuple[str, bytes]], kinds: tuple[str, ...]) -> Path:
    """Write the uploaded files into their (private) directory, link the shipped ones, pick and check the scenario."""
    names = [n for n, _ in files]
    for name, content in files:
        _write_private(directory / name, content)
    for entry in SCENARIO_DIR.iterdir():
        link = directory / entry.name
        if not link.exists() and not link.is_symlink():
            link.symlink_to(entry)
    os.utime(directory)  # a re-upload of the same files keeps its directory from expiring
    tomls = [n for n in names if n.lower().endswith(".toml")]
    inps = [n for n in names if n.lower().endswith(".inp")]
    for name in tomls:  # every scenario uploaded (a comparison's base too), before anything reads it as a scenario
        _check_paths(directory / name, directory)
    if tomls:
        candidates = [n for n in tomls if describe(directory / n).kind in kinds]
        if len(candidates) != 1:
            raise InputError(
                Msg(
                    "cli.upload.one_scenario",
                    "upload one {kinds} scenario (.toml) with the files it refers to; got {count} among {names}",
                    kinds=_kind_words(kinds),
                    count=len(candidates),
                    names=", ".join(tomls),
                )
            )
        return directory / candidates[0]
    if len(inps) == 1 and "water" in kinds:
        main = directory / f"{Path(inps[0]).stem}.toml"
        _write_private(
            main,
            (
                "[scenario]\n"
                f"name = {json.dumps(inps[0])}\n"
                'description = "Uploaded EPANET network with default settings"\n'
                'description_uk = "Завантажена мережа EPANET із типовими налаштуваннями"\n'
                'kind = "water"\n\n'
                "[network]\n"
                f"inp_file = {json.dumps(inps[0])}\n"
            ).encode(),
        )
        return main
    bad = Msg("cli.upload.one_file", "expected one scenario file (.toml) or one EPANET network (.inp)")
    raise InputError(bad, source=", ".join(names))


def _kind_words(kinds) -> Msg:
    """``"water or heat"``: scenario kinds as words of a message, shown in the reader's language."""
    out = Msg(f"cli.kind.{kinds[0]}", kinds[0])
    for k in kinds[1:]:
        out = Msg("type.or", "{first} or {second}", first=out, second=Msg(f"cli.kind.{k}", k))
    return out


def _private_dir(path: Path) -> Path:
    """``path`` as a directory only this user can enter (mode 0700); refused if it is a link or another user's."""
    path.mkdir(mode=_PRIVATE_DIR_MODE, exist_ok=True)
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        logger.error("upload directory %s is a link, not a directory, or another user's: not used", path)
        raise TeplovodaError("the server's upload directory is not private; uploads are refused (see the server log)")
    if stat.S_IMODE(st.st_mode) != _PRIVATE_DIR_MODE:  # made by an older version (0755) or under another umask
        os.chmod(path, _PRIVATE_DIR_MODE)
    return path


def _write_private(path: Path, content: bytes) -> None:
    """Write a file readable by this user only (0600), never through a symbolic link."""
    if path.is_symlink():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, _PRIVATE_FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        os.fchmod(f.fileno(), _PRIVATE_FILE_MODE)  # the file may exist from an earlier upload of the same content
        f.write(content)


def _expire_uploads(root: Path, keep: Path, now_s: float | None = None) -> list[Path]:
    """Remove upload directories under ``root`` last written more than :data:`UPLOAD_MAX_AGE_S` before
    ``now_s`` (default: now), except ``keep``; the removed directories."""
    now_s = time.time() if now_s is None else now_s
    removed = []
    for entry in root.iterdir():
        if entry == keep or not _UPLOAD_DIR_NAME.match(entry.name):
            continue
        st = os.lstat(entry)
        if stat.S_ISDIR(st.st_mode) and now_s - st.st_mtime > UPLOAD_MAX_AGE_S:
            shutil.rmtree(entry, ignore_errors=True)  # removes the links to the shipped files, never what they point to
            removed.append(entry)
    if removed:
        logger.info("removed %d upload directories older than %.0f h", len(removed), UPLOAD_MAX_AGE_S / SECONDS_PER_HOUR)
    return removed


def _check_paths(path: Path, directory: Path) -> None:
    """Refuse an uploaded scenario if any of its string values, read as a path, leads outside the upload.

    The scenario dataclasses do not declare which of their fields are files (``inp_file``, route
    tables, base scenarios, ``heat_scenario``...), and a model opens a field by joining it to the
    scenario's folder whatever its suffix. So every string value is checked as the models would
    read it, and as it would read after ``~`` expansion or with ``\\`` as a separator: each must
    resolve (symbolic links followed) inside the upload directory or the shipped ``scenarios/``
    folder. The shipped folder is allowed because the upload directory links its entries (an
    uploaded variant of a shipped scenario reads ``networks/Net3.inp``); its files are the
    repository's own, so reading one discloses nothing. Names and descriptions resolve inside the
    directory like any relative name and pass; absolute paths, ``..`` escapes, ``~user/...`` and
    links planted to outside do not. A NUL character is refused too (no file name holds one).
    """
    allowed = (directory.resolve(), SCENARIO_DIR.resolve())
    for where, value in _strings(load_toml(path)):
        problem = _path_problem(value, path.parent, allowed)
        if problem:
            shown = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "..."
            bad = Msg("rec.field", "{field} {detail}", field=repr(shown), detail=problem)
            raise InputError(within(where, bad), source=path.name)


def _path_problem(value: str, base: Path, allowed: tuple[Path, ...]) -> Msg | None:
    """Why ``value``, read as a path relative to ``base``, may not be used; None when it stays inside ``allowed``."""
    if "\0" in value:
        return Msg("cli.path.nul", "contains a NUL character")
    readings = {value, value.replace("\\", "/")}
    readings |= {os.path.expanduser(r) for r in readings if r.startswith("~")}
    for reading in readings:
        try:
            target = (base / reading).resolve()
        except (OSError, RuntimeError):  # a symbolic-link loop
            return Msg("cli.path.unresolved", "is a path that cannot be resolved")
        if not any(target.is_relative_to(a) for a in allowed):
            return Msg("cli.path.outside", "points outside the uploaded files")
    return None


# --- edits of a loaded scenario ----------------------------------------------------------------


def value_needed() -> Msg:
    """``"a value is needed"`` (an empty cell of a form's table), from its key."""
    return Msg("cli.value_needed", "a value is needed")


def expected_number(rule: str, value) -> Msg:
    """``"expected a number > 0, got 'x'"`` (``rule`` the bound, as written), from its key."""
    return Msg("cli.expected_number", "expected a number {rule}, got {got}", rule=rule, got=repr(value))


def _missing(value) -> bool:

    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def damage_rows(damage, kinds: dict) -> pd.DataFrame:
    """A damage list as a table: ``type``, ``element`` and every kind's numeric fields (NaN where not used).

    ``kinds`` is the model's ``DAMAGE_KINDS`` (type -> dataclass), so a row of any kind can be added.
    """
    numeric = []
    for cls in kinds.values():
        numeric += [p.name for p in declaration(cls).params if p.name not in numeric]
    rows = []
    for d in damage:
        element = declaration(d).element(d)
        rows.append({"type": d.kind, "element": element, **{k: float(getattr(d, k, math.nan)) for k in numeric}})
    return pd.DataFrame(rows, columns=["type", "element", *numeric])


def damage_from_rows(rows: pd.DataFrame, kinds: dict) -> tuple:
    """Damage dataclasses from an edited table (rows without a type are skipped); errors name the row."""
    out = []
    for i, (_, r) in enumerate(rows.iterrows()):
        where = f"damage row {i + 1}"
        if _missing(r.get("type")):
            if all(_missing(v) for v in r.to_numpy()):
                continue
            raise InputError(within(where, Msg("cli.damage.no_type", "choose a type (one of: {known})", known=", ".join(kinds))))
        cls = kinds.get(r["type"])
        if cls is None:
            bad = Msg(
                "cli.damage.unknown", "unknown damage {name} (one of: {known})", name=repr(r["type"]), known=", ".join(kinds)
            )
            raise InputError(within(f"{where} -> type", bad))
        dtype = declaration(cls)
        if _missing(r.get("element")):
            target = Msg(f"element.{dtype.target}", dtype.target)
            raise InputError(
                within(f"{where} ({r['type']}) -> element", Msg("cli.damage.name_the", "name the {what}", what=target))
            )
        kwargs = {dtype.element_field: str(r["element"]).strip()}
        for p in dtype.params:
            if p.name in r and not _missing(r[p.name]):
                kwargs[p.name] = float(r[p.name])
        required = [p.name for p in dtype.params if p.required and p.name not in kwargs]
        if required:
            raise InputError(within(f"{where} ({r['type']}) -> {required[0]}", value_needed()))
        try:
            out.append(cls(**kwargs))
        except InputError as exc:
            raise InputError(within(f"{where} ({r['type']})", exc.detail)) from None
    return tuple(out)


def _replace(obj, where: str, **changes):
    try:
        return dataclasses.replace(obj, **changes)
    except InputError as exc:
        raise InputError(within(where, exc.detail)) from None


def water_option_pipes(scn) -> pd.DataFrame:
    """Temporary pipes of the water options, one row each (index: option, pipe)."""
    rows = [{"option": o.name, **dataclasses.asdict(p)} for o in scn.options for p in o.pipes]
    cols = ["option", "name", "from_junction", "to_junction", "length_m", "diameter_m", "hazen_williams_c"]
    return pd.DataFrame(rows, columns=cols)


def edit_water(
    scn,
    *,
    damage: tuple | None = None,
    options: list[str] | None = None,
    option_pipes: pd.DataFrame | None = None,
    demand_model: str | None = None,
    min_pressure_m: float | None = None,
    required_pressure_m: float | None = None,
    population_total: float | None = None,
):
    """A water scenario with the form's values (None: keep the loaded one).

    ``options`` names the options to solve, in the file's order; ``option_pipes`` is
    :func:`water_option_pipes`' table with edited lengths, diameters and C.
    """
    h = scn.hydraulics
    hyd = _replace(
        h,
        "[hydraulics]",
        demand_model=h.demand_model if demand_model is None else demand_model,
        min_pressure_m=h.min_pressure_m if min_pressure_m is None else float(min_pressure_m),
        required_pressure_m=h.required_pressure_m if required_pressure_m is None else float(required_pressure_m),
    )
    pop = scn.population
    if population_total is not None and population_total != pop.total:
        pop = _replace(pop, "[population] -> total", total=float(population_total), per_capita_l_per_day=None)
    opts = scn.options
    if option_pipes is not None:
        edited = []
        for o in opts:
            pipes = []
            for p in o.pipes:
                row = option_pipes[(option_pipes["option"] == o.name) & (option_pipes["name"] == p.name)]
                if not len(row):
                    pipes.append(p)
                    continue
                r = row.iloc[0]
                where = f"{o.name} -> pipe {p.name}"
                values = {}
                for k in ("length_m", "diameter_m", "hazen_williams_c"):
                    v = r[k]
                    if _missing(v) or not float(v) > 0:
                        raise InputError(within(f"{where} -> {k}", expected_number("> 0", v)))
                    values[k] = float(v)
                pipes.append(dataclasses.replace(p, **values))
            edited.append(dataclasses.replace(o, pipes=tuple(pipes)))
        opts = tuple(edited)
    if options is not None:
        opts = tuple(o for o in opts if o.name in options)
    return dataclasses.replace(
        scn,
        hydraulics=hyd,
        population=pop,
        damage=scn.damage if damage is None else tuple(damage),
        options=opts,
    )


def heat_option_sources(scn) -> pd.DataFrame:
    """Sources the heat options place, one row each."""
    rows = [
        {"option": o.name, "name": s.name, "kind": s.kind, "node": s.node, "capacity_kw": s.capacity_kw}
        for o in scn.options
        for s in o.sources
    ]
    return pd.DataFrame(rows, columns=["option", "name", "kind", "node", "capacity_kw"])


def edit_heat(
    scn,
    *,
    outdoor_temp_c: float | None = None,
    damage: tuple | None = None,
    options: list[str] | None = None,
    option_sources: pd.DataFrame | None = None,
):
    """A heat scenario with the form's values: outdoor temperature, damage, options and their sources' kind and capacity."""
    from teplovoda.models.heat.sources import TECHNOLOGIES

    weather = scn.weather if outdoor_temp_c is None else _replace(scn.weather, "[weather]", outdoor_temp_c=float(outdoor_temp_c))
    opts = scn.options
    if option_sources is not None:
        edited = []
        for o in opts:
            sources = []
            for s in o.sources:
                row = option_sources[(option_sources["option"] == o.name) & (option_sources["name"] == s.name)]
                if not len(row):
                    sources.append(s)
                    continue
                r = row.iloc[0]
                where = f"{o.name} -> source {s.name}"
                if _missing(r["capacity_kw"]) or not float(r["capacity_kw"]) > 0:
                    raise InputError(within(f"{where} -> capacity_kw", expected_number("> 0", r["capacity_kw"])))
                if r["kind"] not in TECHNOLOGIES:
                    bad = Msg(
                        "cli.one_of", "expected one of {known}, got {got}", known=", ".join(TECHNOLOGIES), got=repr(r["kind"])
                    )
                    raise InputError(within(f"{where} -> kind", bad))
                changed = {"capacity_kw": float(r["capacity_kw"]), "kind": str(r["kind"])}
                if changed["kind"] != s.kind:  # another technology: its own defaults, not the old one's overrides
                    changed.update(efficiency=None, electric_efficiency=None, fuel=None)
                sources.append(dataclasses.replace(s, **changed))
            edited.append(dataclasses.replace(o, sources=tuple(sources)))
        opts = tuple(edited)
    if options is not None:
        opts = tuple(o for o in opts if o.name in options)
    return dataclasses.replace(scn, weather=weather, damage=scn.damage if damage is None else tuple(damage), options=opts)


def power_motor_rows(scn) -> pd.DataFrame:
    """The site's motors: name, pump, rated_kw, starting."""
    return pd.DataFrame(
        [{"name": m.name, "pump": m.pump or "", "rated_kw": m.rated_kw, "starting": m.starting} for m in scn.motors],
        columns=["name", "pump", "rated_kw", "starting"],
    )


def edit_power(
    scn,
    *,
    grid_off_hours: list[int] | None = None,
    days: int | None = None,
    manual_kva: float | None = None,
    fuel_tank_l: float | None = None,
    population_total: float | None = None,
    ambient_temp_c: float | None = None,
    motors: pd.DataFrame | None = None,
):
    """A site-power scenario with the form's values.

    ``grid_off_hours`` (0-23) replaces the blackout timetable; ``manual_kva`` 0 removes the chosen set;
    ``motors`` is :func:`power_motor_rows`' table with edited ratings and starting methods.
    """
    from teplovoda.models.power import blackout

    changes: dict = {}
    if grid_off_hours is not None:
        off = sorted({int(h) for h in grid_off_hours})
        if any(not 0 <= h < blackout.HOURS_PER_DAY for h in off):
            raise InputError(within("[blackout] -> grid off hours", Msg("cli.hours", "expected hours 0 to 23")))
        grid_on = tuple(0 if h in off else 1 for h in range(blackout.HOURS_PER_DAY))
        bo = _replace(scn.blackout, "[blackout]", pattern=None, grid_on=grid_on)
        changes.update(blackout=bo, timetable=blackout.grid_timetable(None, grid_on))
    if days is not None:
        bo = changes.get("blackout", scn.blackout)
        changes["blackout"] = _replace(bo, "[blackout] -> days", days=int(days))
    if manual_kva is not None or fuel_tank_l is not None:
        g = scn.generator
        changes["generator"] = _replace(
            g,
            "[generator]",
            manual_kva=g.manual_kva if manual_kva is None else (float(manual_kva) or None),
            fuel_tank_l=g.fuel_tank_l if fuel_tank_l is None else float(fuel_tank_l),
        )
    if population_total is not None:
        changes["water"] = _replace(scn.water, "[water]", population_total=float(population_total), per_capita_l_per_day=None)
    if ambient_temp_c is not None:
        changes["site"] = _replace(scn.site, "[site]", ambient_temp_c=float(ambient_temp_c))
    if motors is not None:
        edited = []
        for i, m in enumerate(scn.motors):
            row = motors[motors["name"] == m.name]
            if not len(row):
                edited.append(m)
                continue
            r = row.iloc[0]
            if _missing(r["rated_kw"]):
                raise InputError(within(f"[[motors]] #{i + 1} ({m.name}) -> rated_kw", value_needed()))
            edited.append(
                _replace(m, f"[[motors]] #{i + 1} ({m.name})", rated_kw=float(r["rated_kw"]), starting=str(r["starting"]))
            )
        changes["motors"] = tuple(edited)
    return dataclasses.replace(scn, **changes)


def grid_off_hours(scn) -> list[int]:
    """Hours (0-23) without grid in a power scenario's timetable."""
    return [int(h) for h in np.flatnonzero(~np.asarray(scn.timetable, dtype=bool))]


def compare_prices(cmp) -> pd.DataFrame:
    """Fuel prices of a comparison: fuel, price, unit, currency, price year, source."""
    rows = [
        {"fuel": f, "price": p.price, "unit": p.unit, "currency": p.currency, "price_year": p.price_year, "source": p.source}
        for f, p in cmp.fuel_prices.items()
    ]
    return pd.DataFrame(rows, columns=["fuel", "price", "unit", "currency", "price_year", "source"])


def edit_compare(
    cmp,
    *,
    horizon_years: int | None = None,
    discount_rate: float | None = None,
    full_load_hours: float | None = None,
    prices: pd.DataFrame | None = None,
):
    """A comparison with other economics: horizon, discount rate, full-load hours, fuel prices (in their currency)."""
    e = cmp.economics
    econ = _replace(
        e,
        "[economics]",
        horizon_years=e.horizon_years if horizon_years is None else int(horizon_years),
        discount_rate=e.discount_rate if discount_rate is None else float(discount_rate),
        full_load_hours=e.full_load_hours if full_load_hours is None else float(full_load_hours),
    )
    fuel_prices = dict(cmp.fuel_prices)
    if prices is not None:
        for _, r in prices.iterrows():
            if r["fuel"] not in fuel_prices:
                continue
            if _missing(r["price"]) or float(r["price"]) < 0:
                raise InputError(within(f"[fuel_prices.{r['fuel']}] -> price", expected_number(">= 0", r["price"])))
            fuel_prices[r["fuel"]] = dataclasses.replace(fuel_prices[r["fuel"]], price=float(r["price"]))
    return dataclasses.replace(cmp, economics=econ, fuel_prices=fuel_prices)


__all__ = [
    "SCENARIO_DIR",
    "model_kinds",
    "ScenarioFile",
    "describe",
    "shipped",
    "load",
    "kind_of",
    "run",
    "referenced_files",
    "fingerprint",
    "save_upload",
    "damage_rows",
    "damage_from_rows",
    "water_option_pipes",
    "edit_water",
    "heat_option_sources",
    "edit_heat",
    "power_motor_rows",
    "edit_power",
    "grid_off_hours",
    "compare_prices",
    "edit_compare",
]
