"""A light scan of an EPANET ``.inp`` file before wntr reads it: what wntr lets through or reports badly.

wntr builds a Python object per element (about 2.7 kB each) and only then finds most problems; it
silently merges duplicate IDs that EPANET refuses, and several malformed lines come back as Python
errors without a line number. One streaming pass over the file, stopping at the first problem:

* the file is a regular text file (UTF-8, no binary data) within
  :data:`teplovoda.models.limits.MAX_INP_FILE_BYTES`;
* the network has at most :data:`teplovoda.models.limits.MAX_NETWORK_ELEMENTS` nodes and links (counted as
  they come, so a file of millions of junctions is refused after reading the first part);
* every section is one EPANET knows, and no text comes before the first section;
* node IDs (junctions, reservoirs, tanks) are unique among nodes, and link IDs (pipes, pumps,
  valves) among links: EPANET's error 215;
* element lines have the fields EPANET requires, and the fields that hold numbers hold finite ones;
* ``[OPTIONS]`` names the flow units (wntr cannot read a file without them).

Every problem is one :class:`~teplovoda.models.errors.InputError` naming the file and line.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from teplovoda.models.errors import InputError, within
from teplovoda.models.files import EPANET_FILE, require_file, size_of
from teplovoda.models.limits import MAX_INP_FILE_BYTES, MAX_NETWORK_ELEMENTS, check, enforced, over_message
from teplovoda.models.messages import Msg

NODE_SECTIONS = ("[JUNCTIONS]", "[RESERVOIRS]", "[TANKS]")
LINK_SECTIONS = ("[PIPES]", "[PUMPS]", "[VALVES]")
#: Every section of EPANET 2.2's input format.
SECTIONS = (
    "[TITLE]",
    "[JUNCTIONS]",
    "[RESERVOIRS]",
    "[TANKS]",
    "[PIPES]",
    "[PUMPS]",
    "[VALVES]",
    "[EMITTERS]",
    "[CURVES]",
    "[PATTERNS]",
    "[ENERGY]",
    "[STATUS]",
    "[CONTROLS]",
    "[RULES]",
    "[DEMANDS]",
    "[QUALITY]",
    "[REACTIONS]",
    "[SOURCES]",
    "[MIXING]",
    "[OPTIONS]",
    "[TIMES]",
    "[REPORT]",
    "[COORDINATES]",
    "[VERTICES]",
    "[LABELS]",
    "[BACKDROP]",
    "[TAGS]",
    "[END]",
)


@dataclass(frozen=True)
class _Layout:
    """What a data line of a section holds: its fields, the fewest EPANET accepts, which are numbers."""

    fields: str
    min_fields: int
    numbers: dict[int, str]
    numbers_from: int | None = None  # every field from here on is a number (pattern multipliers)


#: EPANET 2.2's data lines (input3.c), for the sections whose lines wntr reads without locating errors.
LAYOUTS = {
    "[JUNCTIONS]": _Layout("ID elevation [demand] [pattern]", 2, {1: "elevation", 2: "demand"}),
    "[RESERVOIRS]": _Layout("ID head [pattern]", 2, {1: "head"}),
    "[TANKS]": _Layout(
        "ID elevation initial_level min_level max_level diameter [min_volume] [volume_curve]",
        6,
        {1: "elevation", 2: "initial level", 3: "minimum level", 4: "maximum level", 5: "diameter", 6: "minimum volume"},
    ),
    "[PIPES]": _Layout(
        "ID node1 node2 length diameter roughness [minor_loss] [status]", 6, {3: "length", 4: "diameter", 5: "roughness"}
    ),
    "[PUMPS]": _Layout("ID node1 node2 HEAD curve | POWER value ...", 4, {}),
    "[VALVES]": _Layout("ID node1 node2 diameter type setting [minor_loss]", 6, {3: "diameter"}),
    "[EMITTERS]": _Layout("junction coefficient", 2, {1: "emitter coefficient"}),
    "[DEMANDS]": _Layout("junction demand [pattern] [category]", 2, {1: "demand"}),
    "[STATUS]": _Layout("link status_or_setting", 2, {}),
    "[QUALITY]": _Layout("node initial_quality", 2, {1: "initial quality"}),
    "[COORDINATES]": _Layout("node x y", 3, {1: "x", 2: "y"}),
    "[VERTICES]": _Layout("link x y", 3, {1: "x", 2: "y"}),
    "[CURVES]": _Layout("ID x y", 3, {1: "x", 2: "y"}),
    "[PATTERNS]": _Layout("ID multiplier ...", 2, {}, numbers_from=1),
    "[MIXING]": _Layout("tank model [fraction]", 2, {}),
}


@dataclass(frozen=True)
class InpSummary:
    """What the scan counted."""

    nodes: int
    links: int
    lines: int


def _section(token: str) -> str | None:
    """The section a header names (wntr's and EPANET's tolerance of a missing or extra S), or None."""
    sec = token.upper()
    for candidate in (sec, sec.replace("]", "S]"), sec.replace("S]", "]")):
        if candidate in SECTIONS:
            return candidate
    return None


def _number_problem(token: str) -> Msg | None:
    try:
        value = float(token)
    except ValueError:
        return Msg("water.not_number", "is not a number")
    return None if math.isfinite(value) else Msg("water.not_finite", "is not a finite number")


def _at(src: str, lnum: int) -> Msg:
    """``"<file> line N"``, where a problem of the file is (the source of its error)."""
    return Msg("file.line", "{file} line {line}", file=src, line=lnum)


def _truncated(lnum: int) -> Msg:
    return Msg("water.truncated", "; the file has no [END] section and may be truncated (it ends at line {line})", line=lnum)


def scan_inp(path: str | Path) -> InpSummary:
    """Check an ``.inp`` file as the module doc says; return its counts.

    Raises
    ------
    InputError
        The first problem, as ``"<file> line N: ..."`` (or ``"<file>: ..."`` for the whole file).
    """
    path = Path(path)
    src = str(path)
    require_file(path, EPANET_FILE)
    check(os.stat(path).st_size, MAX_INP_FILE_BYTES, size_of(EPANET_FILE), " bytes", source=src)
    limit = MAX_NETWORK_ELEMENTS if enforced() else math.inf
    ids: dict[str, dict[str, int]] = {"node": {}, "link": {}}
    section, has_units, lnum = None, False, 0
    with open(path, "rb") as f:
        for lnum, raw in enumerate(f, start=1):  # noqa: B007 - lnum is the count after the loop
            if b"\x00" in raw:
                raise InputError(Msg("water.binary_line", "not a text file (binary data)"), source=_at(src, lnum))
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(Msg("water.not_utf8_line", "not a text file (not UTF-8)"), source=_at(src, lnum)) from None
            words = line.split(";", 1)[0].split()
            if not words:
                continue
            if words[0].startswith("["):
                section = _section(words[0])
                if section is None:
                    unknown = Msg(
                        "water.unknown_section", "unknown section {section} (EPANET error 201)", section=_shown(words[0])
                    )
                    raise InputError(unknown, source=_at(src, lnum))
                if section == "[END]":
                    break
                continue
            if section is None:
                before = Msg("water.before_section", "text before the first [SECTION] (EPANET error 201)")
                raise InputError(within(_shown(words[0]), before), source=_at(src, lnum))
            if section == "[OPTIONS]" and words[0].upper() == "UNITS":
                has_units = True
            layout = LAYOUTS.get(section)
            if layout is None:
                continue
            try:
                _check_fields(words, section, layout, _at(src, lnum))
            except InputError as exc:
                if f.read(1):
                    raise
                # the last line of a file without [END]: most likely cut off in a copy or an upload
                cut = Msg("water.cut_off", "{detail}{truncated}", detail=exc.detail, truncated=_truncated(lnum))
                raise InputError(cut, source=_at(src, lnum)) from None
            kind = "node" if section in NODE_SECTIONS else "link" if section in LINK_SECTIONS else None
            if kind is None:
                continue
            seen = ids[kind]
            if words[0] in seen:
                template = "duplicate ID {name} (EPANET error 215; the {what} is first defined at line {line})"
                what = Msg(f"element.{kind}", kind)
                twice = Msg("water.duplicate_id", template, name=_shown(words[0]), what=what, line=seen[words[0]])
                raise InputError(twice, source=_at(src, lnum))
            seen[words[0]] = lnum
            if len(ids["node"]) + len(ids["link"]) > limit:
                counted = Msg("water.nodes_and_links", "nodes and links")
                raise InputError(over_message(counted, MAX_NETWORK_ELEMENTS, " elements"), source=_at(src, lnum))
    if not has_units and (ids["node"] or ids["link"]):
        truncated = "" if section == "[END]" else _truncated(lnum)
        template = "[OPTIONS] gives no flow units: add a line such as 'Units LPS' (EPANET's default is GPM){truncated}"
        raise InputError(Msg("water.no_units", template, truncated=truncated), source=src)
    return InpSummary(nodes=len(ids["node"]), links=len(ids["link"]), lines=lnum)


def _check_fields(words: list[str], section: str, layout: _Layout, where: str) -> None:
    if len(words) < layout.min_fields:
        template = "{count} field(s), EPANET needs at least {min_fields} ({fields}) (EPANET error 201)"
        few = Msg("water.few_fields", template, count=len(words), min_fields=layout.min_fields, fields=layout.fields)
        raise InputError(within(f"{section} {_shown(words[0])}", few), source=where)
    numbered = dict(layout.numbers)
    if layout.numbers_from is not None:
        numbered.update({i: "multiplier" for i in range(layout.numbers_from, len(words))})
    for i, name in numbered.items():
        if i < len(words):
            problem = _number_problem(words[i])
            if problem is not None:
                bad = Msg("water.bad_field", "{field} {value} {problem}", field=name, value=_shown(words[i]), problem=problem)
                raise InputError(within(f"{section} {_shown(words[0])}", bad), source=where)


def _shown(token: str, limit: int = 60) -> str:
    """A token of the file for a message: quoted, printable, at most ``limit`` characters."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in token)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
