"""Strict TOML loading into frozen dataclasses, shared by every scenario kind.

Errors name the file, the key path (``[[damage]] #2 -> leak_area_cm2``) and what was expected, in
one line. Unknown keys are errors; when an unknown key looks like a known one with another unit
suffix, the message says so (units are part of key names).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import operator
import tomllib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teplovoda.models.errors import InputError, within
from teplovoda.models.files import SCENARIO_FILE, read_bytes
from teplovoda.models.limits import MAX_SCENARIO_FILE_BYTES, check
from teplovoda.models.messages import Msg


def load_toml(path: str | Path) -> dict:
    """Read a TOML file; syntax errors become :class:`InputError` with the file and line.

    Only a regular file of at most :data:`teplovoda.models.limits.MAX_SCENARIO_FILE_BYTES` is read (a FIFO or
    device is refused without being opened); binary and non-UTF-8 files are "not a text file".
    """
    path = Path(path)
    data = read_bytes(path, MAX_SCENARIO_FILE_BYTES, SCENARIO_FILE)
    if b"\x00" in data:
        raise InputError(Msg("file.binary", "not a text file (it holds binary data)"), source=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            Msg("file.not_utf8", "not a text file (not UTF-8 at line {line})", line=line), source=str(path)
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            Msg("file.not_toml", "not valid TOML: {reason}", reason=_printable(str(exc))), source=str(path)
        ) from None


def _printable(text: str, limit: int = 200) -> str:
    """``text`` on one line of printable characters (control characters as ``\\xNN``), at most ``limit`` long."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in " ".join(text.split()))
    return out if len(out) <= limit else out[: limit - 3] + "..."


_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


@dataclass(frozen=True)
class Bounds:
    """Physical bounds of a numeric field (and an optional work limit), declared once on the field.

    ``ge``/``gt``/``le``/``lt`` are the allowed range in ``unit`` (shown in messages); ``limit`` is
    a limit on work from :mod:`teplovoda.models.limits` (lifted by ``--no-limits``). Applied by :func:`build`
    to the value, or to each value of a table or list of numbers.
    """

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    unit: str = ""
    limit: float | None = None

    def problem(self, value: float) -> Msg | None:
        """Why ``value`` is out of bounds (``"must be > 0, got 0"``, a :class:`Msg` ``range``), or None."""
        u = f" {self.unit}" if self.unit else ""
        conditions = [(op, b) for op, b in ((">=", self.ge), (">", self.gt), ("<=", self.le), ("<", self.lt)) if b is not None]
        if all(_COMPARE[op](value, b) for op, b in conditions):
            return None
        rules = [f"{op} {_number(b)}{u}" for op, b in conditions]
        rule = (
            rules[0] if len(rules) == 1 else Msg("both", "{first} and {second}", first=rules[0], second=" and ".join(rules[1:]))
        )
        return Msg("range", "must be {rule}, got {got}", rule=rule, got=f"{_number(value)}{u}")


def _number(x: float) -> str:
    """A bound or value for a message: ``100,000`` rather than ``1e+05``, ``0.3`` rather than ``0.30000``."""
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e15 else f"{x:g}"


def bounded(default: Any = dataclasses.MISSING, **bounds) -> Any:
    """A dataclass field with :class:`Bounds` (``bounded(-22.0, ge=-60, le=45, unit="°C")``)."""
    return dataclasses.field(default=default, metadata={"bounds": Bounds(**bounds)})


#: The longest name a scenario file may give an option or case in one language (``name_uk``, ``name_en``).
MAX_NAME_CHARS = 120
#: The longest description a scenario file may give itself in one language (``[scenario] description_uk``): one paragraph.
MAX_DESCRIPTION_CHARS = 1000


def text(default: str = "", max_chars: int = MAX_NAME_CHARS) -> Any:
    """A dataclass field of text shown to people (``name_uk``): at most ``max_chars`` characters, no control characters."""
    return dataclasses.field(default=default, metadata={"max_chars": max_chars})


def _check_text(f: dataclasses.Field, value: Any, where: str, source: str) -> None:
    limit = f.metadata.get("max_chars")
    if limit is None or not isinstance(value, str):
        return
    if len(value) > limit:
        too_long = Msg("too_long", "at most {max_chars} characters, got {chars}", max_chars=limit, chars=len(value))
        raise InputError(within(where, too_long), source=source)
    if any(not c.isprintable() for c in value):
        raise InputError(within(where, Msg("control_chars", "must be one line of printable characters")), source=source)


def _check_bounds(f: dataclasses.Field, value: Any, where: str, source: str) -> None:
    b = f.metadata.get("bounds")
    if b is None or value is None:
        return
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, tuple) else [(None, value)]
    for key, v in items:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            continue
        at = where if key is None else f"{where}.{key}" if isinstance(value, dict) else f"{where}[{key}]"
        problem = b.problem(v)
        if problem is not None:
            raise InputError(within(at, problem), source=source)
        if b.limit is not None:
            check(v, b.limit, at, source=source)


#: What a value of each type is called in messages (``expected a number``): key and English text.
TYPE_NAMES = {
    float: ("type.number", "a number"),
    int: ("type.integer", "an integer"),
    str: ("type.string", "a string"),
    bool: ("type.bool", "true or false"),
    list: ("type.list", "a list"),
    tuple: ("type.list", "a list"),
    dict: ("type.table", "a table"),
}
FINITE_NUMBER = ("type.finite_number", "a finite number")


def _either(names: list) -> str:
    """``"a or b or c"``, keeping the keys (``type.or``)."""
    out = names[0]
    for n in names[1:]:
        out = Msg("type.or", "{first} or {second}", first=out, second=n)
    return out


def _type_name(tp) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _either([_type_name(a) for a in typing.get_args(tp) if a is not type(None)])
    named = TYPE_NAMES.get(tp) or TYPE_NAMES.get(origin)
    if named is not None:
        return Msg(*named)
    return getattr(tp, "__name__", str(tp))


def _finite(value) -> bool:
    """``math.isfinite``, also for an integer too long for a float (a TOML ``1`` with 400 digits): not finite."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _expected(where: str, what, value) -> Msg:
    """``"<where>: expected <what>, got <value>"`` (``what`` a type name or ``(key, text)``)."""
    what = Msg(*what) if isinstance(what, tuple) else what
    return within(where, Msg("expected", "expected {what}, got {got}", what=what, got=repr(value)))


def _coerce(value: Any, tp, where: str, source: str):
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:  # X | None: None comes from leaving the key out, so X's own message
            return _coerce(value, args[0], where, source)
        for a in args:
            try:
                return _coerce(value, a, where, source)
            except InputError:
                continue
        raise InputError(_expected(where, _type_name(tp), value), source=source)
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(_expected(where, ("type.number", "a number"), value), source=source)
        if not _finite(value):
            raise InputError(_expected(where, FINITE_NUMBER, value), source=source)
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(_expected(where, ("type.integer", "an integer"), value), source=source)
        return value
    if tp is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not _finite(value):
                raise InputError(
                    _expected(where, _either([Msg("type.string", "a string"), Msg(*FINITE_NUMBER)]), value), source=source
                )
            return str(value)  # element names like 10 or "10" mean the same
        if not isinstance(value, str):
            raise InputError(_expected(where, ("type.string", "a string"), value), source=source)
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise InputError(_expected(where, ("type.bool", "true or false"), value), source=source)
        return value
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise InputError(_expected(where, ("type.list", "a list"), value), source=source)
        args = typing.get_args(tp)
        inner = args[0] if args else Any
        return tuple(_coerce(v, inner, f"{where}[{i}]", source) for i, v in enumerate(value))
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise InputError(_expected(where, ("type.table", "a table"), value), source=source)
        args = typing.get_args(tp)
        vt = args[1] if len(args) == 2 else Any
        return {str(k): _coerce(v, vt, f"{where}.{k}", source) for k, v in value.items()}
    return value


@functools.cache
def _type_hints(cls) -> dict:
    """``typing.get_type_hints`` of a dataclass, once per class (a sheet builds one row object per row, and
    resolving the hints took 0.3 ms a row: a third of loading a 10,000-site portfolio)."""
    return typing.get_type_hints(cls)


def build(cls, table: Any, where: str, source: str, **extra):
    """Build the frozen dataclass ``cls`` from a TOML table, strictly.

    Parameters
    ----------
    cls : dataclass type
    table : dict
        The TOML table.
    where : str
        Where the table is in the file, e.g. ``"[[damage]] #2"``.
    source : str
        The file, for messages.
    extra
        Fields supplied by the caller rather than the file.
    """
    if not isinstance(table, dict):
        raise InputError(_expected(where, ("type.table", "a table"), table), source=source)
    hints = _type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init and f.name not in extra}
    unknown = [k for k in table if k not in fields]
    if unknown:
        key = unknown[0]
        stem = key.rsplit("_", 1)[0]
        near = [f for f in fields if f.rsplit("_", 1)[0] == stem] or difflib.get_close_matches(key, list(fields), n=1)
        hint = Msg("did_you_mean", "; did you mean {near}? (units are part of key names)", near=repr(near[0])) if near else ""
        known = ", ".join(fields)
        unknown_key = Msg(
            "unknown_key", "unknown key {field} (expected one of: {known}){hint}", field=repr(key), known=known, hint=hint
        )
        raise InputError(within(where, unknown_key), source=source)
    kwargs = {}
    for name, f in fields.items():
        if name in table:
            kwargs[name] = _coerce(table[name], hints[name], f"{where} -> {name}", source)
            _check_bounds(f, kwargs[name], f"{where} -> {name}", source)
            _check_text(f, kwargs[name], f"{where} -> {name}", source)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            missing = Msg("missing_key", "missing key {field} ({what})", field=repr(name), what=_type_name(hints[name]))
            raise InputError(within(where, missing), source=source)
    try:
        return cls(**kwargs, **extra)
    except InputError as exc:
        raise InputError(within(where, exc.detail), source=source) from None


@dataclass(frozen=True)
class ScenarioInfo:
    """The ``[scenario]`` table every scenario file starts with.

    ``name`` keys the results (output folders, file names, JSON); ``name_uk`` / ``name_en`` and
    ``description_uk`` / ``description_en`` are what readers see in that language (one line of printable
    text, at most :data:`MAX_NAME_CHARS` / :data:`MAX_DESCRIPTION_CHARS` characters), else ``name`` /
    ``description`` (the UI's ``local_name`` / ``local_description``).
    """

    name: str
    description: str = ""
    kind: str = ""
    name_uk: str = text()
    name_en: str = text()
    description_uk: str = text(max_chars=MAX_DESCRIPTION_CHARS)
    description_en: str = text(max_chars=MAX_DESCRIPTION_CHARS)


def read_scenario(path: str | Path, kind: str, sections: set[str], required: tuple[str, ...]) -> tuple[dict, str, ScenarioInfo]:
    """Read a scenario file of ``kind``: unknown and missing sections and a wrong ``kind`` are errors.

    Returns the TOML data, the file name for messages and the validated ``[scenario]`` table.
    """
    path = Path(path)
    src = str(path)
    data = load_toml(path)
    unknown = sorted(set(data) - sections - {"scenario"})
    if unknown:
        known = ", ".join(sorted(sections | {"scenario"}))
        raise InputError(
            Msg("unknown_section", "unknown section [{section}] (expected: {known})", section=unknown[0], known=known), source=src
        )
    for section in ("scenario", *required):
        if section not in data:
            raise InputError(Msg("missing_section", "missing section [{section}]", section=section), source=src)
    info = build(ScenarioInfo, data["scenario"], "[scenario]", src)
    if info.kind not in ("", kind):
        wrong = Msg(
            "core.wrong_kind",
            "kind must be {kind} for a {name} scenario, got {got}",
            kind=repr(kind),
            name=kind,
            got=repr(info.kind),
        )
        raise InputError(within("[scenario]", wrong), source=src)
    return data, src, dataclasses.replace(info, kind=kind)


def array_of_tables(data: dict, key: str, src: str) -> list:
    """``[[key]]`` entries of a scenario file (empty when absent); anything else is an error."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InputError(Msg("core.not_array", "[[{section}]] must be an array of tables", section=key), source=src)
    return value


def typed_entries(data: dict, key: str, kinds: dict, src: str) -> list:
    """``[[key]]`` entries whose ``type`` picks the dataclass to build (damage lists)."""
    entries = []
    for i, d in enumerate(array_of_tables(data, key, src)):
        where = f"[[{key}]] #{i + 1}"
        if not isinstance(d, dict) or "type" not in d:
            missing = Msg("core.missing_type", "missing key 'type' (one of: {kinds})", kinds=", ".join(kinds))
            raise InputError(within(where, missing), source=src)
        cls = kinds.get(d["type"])
        if cls is None:
            unknown = Msg(
                "core.unknown_type",
                "unknown {section} {got} (expected one of: {kinds})",
                section=key,
                got=repr(d["type"]),
                kinds=", ".join(kinds),
            )
            raise InputError(within(f"{where} -> type", unknown), source=src)
        entries.append(build(cls, {k: v for k, v in d.items() if k != "type"}, where, src))
    return entries


def unique(items, where: str, src: str, attr: str = "name", taken: dict[str, str] | None = None) -> None:
    """Refuse two entries of ``where`` (e.g. ``"[[generator_options]]"``) with the same ``attr``.

    Names key results (a table row per option, a column per case): a second entry with the same name
    would silently replace or shadow the first. ``taken`` maps names already used elsewhere (the
    model's own cases, the scenario's sources) to what uses them.
    """
    taken = taken or {}
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        name = getattr(item, attr)
        if name in taken:
            used = Msg("name_taken", "{name} is already used by {by}", name=repr(name), by=taken[name])
            raise InputError(within(f"{where} #{i + 1} -> {attr}", used), source=src)
        if name in seen:
            twice = Msg(
                "duplicate_name", "duplicate name {name} (also {other})", name=repr(name), other=f"{where} #{seen[name] + 1}"
            )
            raise InputError(within(f"{where} #{i + 1} -> {attr}", twice), source=src)
        seen[name] = i


def cases_taken(*names: str) -> dict[str, str]:
    """``taken`` for :func:`unique`: case names the model adds itself (``"intact"``, ``"do nothing"``...)."""
    return {n: Msg("model_case", "the model's own {name} case", name=repr(n)) for n in names}


def unique_damage(damage, where: str, src: str) -> None:
    """Refuse the same damage kind twice on the same element (a second break of one pipe means nothing)."""
    seen: dict[tuple[str, str, str], int] = {}
    for i, d in enumerate(damage):
        target = next(
            ((a, getattr(d, a)) for a in ("pipe", "pump", "source") if isinstance(getattr(d, a, None), str)),
            None,
        )
        if target is None:
            continue
        key = (d.kind, *target)
        if key in seen:
            again = Msg(
                "core.damage_twice",
                "{kind} of {what} {name} is already given (as {other})",
                kind=d.kind,
                what=Msg(f"element.{target[0]}", target[0]),
                name=repr(target[1]),
                other=f"{where} #{seen[key] + 1}",
            )
            raise InputError(within(f"{where} #{i + 1} -> {target[0]}", again), source=src)
        seen[key] = i
