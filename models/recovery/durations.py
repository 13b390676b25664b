"""Default repair durations: one crew's days per repair, by element type and pipe diameter, with sources.

The table is ``data/repair_durations.csv`` (one row per element type and diameter band, lower bound
inclusive, upper exclusive): ``element_type``, ``diameter_min_mm``, ``diameter_max_mm``, ``trade`` (water,
heat, electrical), ``duration_days`` (crew-days for one repair by one crew) and ``source``. Rows whose source
says "example figure" are assumptions, not cited values. The Hazus rows (pipes, pump, transformer) cite
FEMA Hazus's earthquake figures as implemented in named open code (repository, path, commit), not the
manual itself; each says which figure it took and what is still assumed (per worker read as per crew, a
restoration function's mean as one crew's days).

A water damage type maps to an element type through :data:`WATER_ELEMENT_TYPES` (a registry, not branches):
a pipe break whose opening is below :data:`LEAK_AREA_FRACTION` of the pipe's bore counts as a leak. A pump
lost for lack of power (``pump_lost``) is an electrical crew's repair on the transformer row (the supply
restored); a pump also to be swapped needs both trades, named in the scenario's ``trades``.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.units import CM2_PER_M2, MM_PER_M

TABLE_PATH = Path(__file__).parent / "data" / "repair_durations.csv"
TRADES = ("water", "heat", "electrical")


def trade_word(trade: str) -> Msg:
    """A crew trade as a word of a message (``"water"``), shown in the reader's language."""
    return Msg(f"rec.trade.{trade}", trade)


#: A pipe break opening less than this fraction of the pipe's bore area is repaired as a leak (a clamp),
#: a larger one as a break (a cut-out and new section). An assumption, stated here.
LEAK_AREA_FRACTION = 0.2

#: Water damage type -> element type of the duration table. ``pipe_break`` is refined to ``pipe_leak`` by size.
WATER_ELEMENT_TYPES = {
    "pipe_break": "pipe_break",
    "pipe_closed": "pipe_break",
    "segment_isolated": "pipe_break",
    "pump_lost": "transformer",  # no power: the electrical crew restores the supply
    "source_lost": "source",
}


#: (element type, trade of a stage) -> the element type that stage repairs, for a repair in stages whose trade is not
#: its element type's own (a pump without power: the electrical stage is the supply, the water stage the pump).
STAGE_ELEMENT_TYPES = {("transformer", "water"): "pump", ("pump", "electrical"): "transformer"}


def stage_element_type(element_type: str, trade: str) -> str:
    """The element type a stage of ``trade`` repairs on an element of ``element_type`` (itself when no other fits)."""
    return STAGE_ELEMENT_TYPES.get((element_type, trade), element_type)


@functools.cache
def repair_table() -> pd.DataFrame:
    """The default duration table (see the module doc), checked: finite positive durations, known trades."""
    table = pd.read_csv(TABLE_PATH)
    bad = table[~table["duration_days"].map(lambda d: math.isfinite(d) and d > 0)]
    if len(bad) or not table["trade"].isin(TRADES).all() or table["source"].isna().any():
        raise InputError(Msg("rec.bad_duration_row", "bad row (duration, trade or source)"), source=str(TABLE_PATH))
    table.attrs["unit"] = "crew-days"
    return table


def default_duration(element_type: str, diameter_m: float = float("nan")) -> tuple[float, str, str]:
    """``(duration_days, trade, source)`` for one repair of ``element_type`` (pipe diameter in m, NaN for others)."""
    table = repair_table()
    rows = table[table["element_type"] == element_type]
    if rows.empty:
        bad = Msg(
            "rec.no_duration", "no default repair duration for element type {element_type}", element_type=repr(element_type)
        )
        raise InputError(bad, source=str(TABLE_PATH))

    d_mm = diameter_m * MM_PER_M if math.isfinite(diameter_m) else 0.0
    hit = rows[(rows["diameter_min_mm"] <= d_mm) & (d_mm < rows["diameter_max_mm"])]
    row = (hit if len(hit) else rows.iloc[[-1]]).iloc[0]
    return float(row["duration_days"]), str(row["trade"]), str(row["source"])


def water_element_type(damage, diameter_m: float) -> str:
    """The duration table's element type of a water damage entry (a small pipe break is a leak)."""
    etype = WATER_ELEMENT_TYPES[damage.kind]
    area_cm2 = getattr(damage, "leak_area_cm2", None)
    if area_cm2 is not None and math.isfinite(diameter_m) and diameter_m > 0:
        bore_cm2 = math.pi / 4 * diameter_m**2 * CM2_PER_M2
        if area_cm2 < LEAK_AREA_FRACTION * bore_cm2:
            return "pipe_leak"
    return etype


__all__ = [
    "repair_table",
    "default_duration",
    "water_element_type",
    "stage_element_type",
    "TRADES",
    "trade_word",
    "LEAK_AREA_FRACTION",
]
