"""A GIS water network's demand patterns and simple controls, from two CSV tables beside the mapping file.

GIS layers hold where things are; what changes over a day is two small tables the mapping names in ``[gis]``
(paths confined to the mapping's folder, as the layers are):

* ``patterns = "patterns.csv"``: columns ``pattern``, ``step``, ``multiplier``, one row per pattern step
  (steps 0, 1, 2... without gaps, each once; ``[gis] pattern_step_h`` long, default 1 h, repeated after the
  last as EPANET repeats them). A junction layer column mapped to ``[junctions] pattern`` names each
  junction's pattern; an empty cell is a constant demand. With a pattern, the layer's demand is the base
  demand the pattern multiplies (as an ``.inp`` file's ``[JUNCTIONS]`` demand), not the start time's.
  EPANET's "default pattern" (``[OPTIONS] Pattern``) is not implied: every junction names its own.
* ``controls = "controls.csv"``: EPANET's simple controls (``[CONTROLS]``), one a row, columns ``link``,
  ``status`` (``open``, ``closed``, a pump's relative speed, a valve's SI setting), ``condition``
  (``above``/``below``: ``node``'s level ``level_m``, a tank's above its bottom or a junction's pressure head;
  ``time``: ``time_h`` hours after the start; ``clock``: at ``time_h`` o'clock, from ``[gis] start_clock_h``).
  Rule-based controls (``[RULES]``) are not read.

Both reach EPANET as the code-built network's edits (:func:`teplovoda.models.water.network.add_pattern`,
``add_control``): toolkit calls on the in-memory project, no EPANET file written. A bad cell is one line
naming the mapping file, the table, its line and column.
"""

from __future__ import annotations

import math
from pathlib import Path

from teplovoda.models.errors import InputError
from teplovoda.models.files import read_csv_table
from teplovoda.models.gis.mapping import LayerSpec, Mapping, file_in_folder
from teplovoda.models.messages import Msg
from teplovoda.models.water import network as wnet

PATTERN_COLUMNS = ("pattern", "step", "multiplier")
CONTROL_COLUMNS = ("link", "status", "condition", "node", "level_m", "time_h")


class _Table:
    """A CSV table of the mapping, whose errors name the mapping file, the table, the line and the column."""

    def __init__(self, mapping: Mapping, key: str, columns: tuple[str, ...], text_columns: tuple[str, ...]):
        self.source = str(mapping.path)
        self.path = file_in_folder(mapping.path, LayerSpec(file=getattr(mapping.gis, key)), "gis")
        self.name = Path(getattr(mapping.gis, key)).name
        what = Msg(f"gis.table.{key}", key)
        self.frame = read_csv_table(self.path, what, self.source, text_columns=text_columns)
        for c in columns:
            if c not in self.frame.columns:
                known = ", ".join(str(k) for k in self.frame.columns)
                self.fail(Msg("gis.no_column", "has no column {column} (columns: {known})", column=repr(c), known=known))

    def fail(self, detail: Msg, row: int | None = None, column: str | None = None):
        if row is None:
            raise InputError(Msg("gis.table", "{file}: {detail}", file=self.name, detail=detail), source=self.source)
        template = "{file} line {line}, column {column}: {detail}"
        where = Msg("gis.table_cell", template, file=self.name, line=row + 2, column=repr(column), detail=detail)
        raise InputError(where, source=self.source)

    def text(self, row: int, column: str, required: bool = True) -> str:
        v = self.frame[column].iloc[row]
        if v is None or (isinstance(v, float) and math.isnan(v)) or not str(v).strip():
            if required:
                self.fail(Msg("gis.missing_value", "missing {what}", what=column), row, column)
            return ""
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip()

    def number(self, row: int, column: str) -> float:
        text = self.text(row, column)
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.fail(Msg("gis.not_finite", "expected a finite number, got {got}", got=repr(text)), row, column)
        return value


def read_patterns(mapping: Mapping) -> dict[str, tuple[float, ...]]:
    """Pattern id -> multipliers per step, from ``[gis] patterns`` (empty without one)."""
    if mapping.gis.patterns is None:
        return {}
    t = _Table(mapping, "patterns", PATTERN_COLUMNS, ("pattern",))
    steps: dict[str, dict[int, float]] = {}
    lines: dict[tuple[str, int], int] = {}
    for k in range(len(t.frame)):
        name = t.text(k, "pattern")
        step = t.number(k, "step")
        if step < 0 or not float(step).is_integer():
            t.fail(Msg("gis.pattern_step", "expected a whole number >= 0, got {got}", got=f"{step:g}"), k, "step")
        step = int(step)
        if (name, step) in lines:
            template = "step {step} of pattern {pattern} is given twice (also line {line})"
            t.fail(Msg("gis.pattern_twice", template, step=step, pattern=repr(name), line=lines[name, step] + 2), k, "step")
        lines[name, step] = k
        steps.setdefault(name, {})[step] = t.number(k, "multiplier")
    out = {}
    for name, by_step in steps.items():
        missing = sorted(set(range(max(by_step) + 1)) - set(by_step))
        if missing:
            template = "pattern {pattern} has no step {step} (steps run 0, 1, 2... without gaps)"
            last = lines[name, max(by_step)]
            t.fail(Msg("gis.pattern_gap", template, pattern=repr(name), step=missing[0]), last, "step")
        out[name] = tuple(by_step[s] for s in range(len(by_step)))
    return out


def junction_patterns(layer, patterns: dict) -> list[str] | None:
    """Each junction's pattern id ('' none) from ``[junctions] pattern``; None when it is not mapped."""
    column = layer.spec.pattern
    if column is None:
        return None
    values = layer.optional(column, text=True)
    out = []
    for k, v in enumerate(values):
        name = "" if not isinstance(v, str) else v.removesuffix(".0") if v.endswith(".0") else v
        if name and name not in patterns:
            known = ", ".join(patterns) or "-"
            layer.fail(
                Msg("gis.unknown_pattern", "unknown pattern {name} (patterns: {known})", name=repr(name), known=known), k, column
            )
        out.append(name)
    return out


#: which column an error of :func:`teplovoda.models.water.network.add_control` is about (else ``status``)
_CONTROL_ERROR_COLUMN = {"water.control_time": "time_h", "finite_numbers": "level_m"}


def add_controls(net: wnet.WaterNetwork, mapping: Mapping) -> int:
    """Add ``[gis] controls``'s simple controls to ``net`` (its links and nodes already in); returns how many."""
    if mapping.gis.controls is None:
        return 0
    t = _Table(mapping, "controls", CONTROL_COLUMNS, ("link", "status", "condition", "node"))
    for k in range(len(t.frame)):
        link = t.text(k, "link")
        if link not in net.links.index:
            t.fail(Msg("water.unknown", "unknown {what} {name}", what=Msg("element.link", "link"), name=repr(link)), k, "link")
        condition = t.text(k, "condition").lower()
        if condition not in wnet.CONTROL_CONDITIONS:
            known = ", ".join(wnet.CONTROL_CONDITIONS)
            template = "condition must be one of {known}, got {got}"
            t.fail(Msg("water.control_condition", template, known=known, got=repr(condition)), k, "condition")
        node = None
        if condition in ("above", "below"):
            node = t.text(k, "node")
            if node not in net.nodes.index:
                t.fail(
                    Msg("water.unknown", "unknown {what} {name}", what=Msg("element.node", "node"), name=repr(node)), k, "node"
                )
            value = t.number(k, "level_m")
        else:
            value = t.number(k, "time_h")
        try:
            wnet.add_control(net, link, t.text(k, "status"), condition=condition, node=node, value=value)
        except InputError as exc:
            t.fail(exc.detail, k, _CONTROL_ERROR_COLUMN.get(getattr(exc.detail, "key", ""), "status"))
    return len(t.frame)
