"""Design heat loads of buildings from floor area, storeys, type and age (issue 18, point 1).

A building without a stated design load gets

    design_heat_kw = footprint_m2 x storeys x area_share x q_w_per_m2 / 1000

where ``footprint_m2 x storeys`` is its gross floor area, ``area_share`` turns that into the area the
specific load is counted per, and ``q_w_per_m2`` is the specific heat load of its ``building_type``, built
in its year, with its storeys, at the design outdoor temperature ``t_o`` (the coldest five-day period).

The default table (``data/building_heat_loads.csv``, :func:`default_table`, every row with its source):

* ``apartment_block``: SNiP 2.04.07-86* "Teplovye seti", appendix 2, the aggregated indicator of the
  maximum heat flow for heating residential buildings per m2 of *total* area (W/m2), the figures
  vodokanal and teplokomunenergo engineers use when nothing better is known, for buildings built before
  1985 and from 1985, by storeys:

  ==========  =========  =========  =========  =========
  storeys     <1985 -20  <1985 -25  1985+ -20  1985+ -25
  ==========  =========  =========  =========  =========
  1-2         205        213        166        173
  3-4         117        126        91         97
  5 and more  79         86         73         81
  ==========  =========  =========  =========  =========

  with ``area_share = 0.8`` (ASSUMPTION: the flats' total area is 75-85 % of the gross floor area of
  typical sections).
* ``school``, ``kindergarten``, ``hospital``, ``other``: approximate, derived from the classic Soviet
  aggregated specific heating and ventilation characteristics at -30 °C (kcal/(m3 h K)) times 1.163 W per
  kcal/h, 3.3 m of outer volume per m2 of gross floor area (assumption), the indoor-outdoor difference and
  the correction for ``t_o``; per m2 of gross floor area (``area_share = 1``).

Between two tabulated temperatures the load is interpolated linearly; a ``t_o`` warmer than the warmest
column takes that column's (higher, so conservative) figure; a colder one is an error (the table would
understate the load). Ukraine's oblast centres lie between -16 and -25 °C
(:func:`teplovoda.models.heat.norms.design_outdoor_temp_c`).

A user's own table has the same columns (``building_type``, ``built_from``, ``built_to``,
``storeys_from``, ``storeys_to``, ``design_outdoor_temp_c``, ``w_per_m2``, ``area_share``; blank bounds
are open); :func:`with_overrides` replaces a type's rows by one figure per m2 of gross floor area.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.files import read_csv_table
from teplovoda.models.messages import Msg

DEFAULT_TABLE = Path(__file__).parent / "data" / "building_heat_loads.csv"
TABLE_COLUMNS = (
    "building_type",
    "built_from",
    "built_to",
    "storeys_from",
    "storeys_to",
    "design_outdoor_temp_c",
    "w_per_m2",
    "area_share",
)
W_PER_KW = 1000.0


class NoLoad(Exception):
    """No specific load for a building: ``msg`` says why, ``field`` which of its values is to blame."""

    def __init__(self, msg: Msg, field: str):
        super().__init__(str(msg))
        self.msg, self.field = msg, field


def load_table(path: str | Path = DEFAULT_TABLE, source: str = "") -> pd.DataFrame:
    """A specific-load table (see the module doc), checked: every problem is one line naming the file's row."""
    table = read_csv_table(path, "specific_load_table", source or str(path), text_columns=("building_type", "source"))
    missing = [c for c in TABLE_COLUMNS if c not in table]
    if missing:
        raise InputError(
            Msg("heat.loads.columns", "{file} has no column {column}", file=Path(path).name, column=missing[0]),
            source=source or str(path),
        )
    for column in TABLE_COLUMNS[1:]:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = values.isna() & table[column].notna()
        if bad.any():
            k = int(bad.to_numpy().argmax())
            template = "{file} row {row} column {column}: expected a number, got {got}"
            got = repr(table[column].iloc[k])
            msg = Msg("heat.loads.number", template, file=Path(path).name, row=k + 2, column=column, got=got)
            raise InputError(msg, source=source or str(path))
        table[column] = values
    for k, row in enumerate(table.itertuples(index=False)):
        if not (row.w_per_m2 > 0 and 0 < row.area_share <= 1 and math.isfinite(row.design_outdoor_temp_c)):
            bad = Msg(
                "heat.loads.row",
                "{file} row {row}: w_per_m2 must be > 0, area_share in (0, 1] and design_outdoor_temp_c a number",
                file=Path(path).name,
                row=k + 2,
            )
            raise InputError(bad, source=source or str(path))
    return table[list(TABLE_COLUMNS)].assign(building_type=table["building_type"].astype(str).str.strip())


def default_table() -> pd.DataFrame:
    return load_table(DEFAULT_TABLE)


def with_overrides(table: pd.DataFrame, w_per_m2: dict[str, float]) -> pd.DataFrame:
    """``table`` with each overridden type's rows replaced by one row: that figure per m2 of gross floor area."""
    if not w_per_m2:
        return table
    rows = [
        {"building_type": t, "design_outdoor_temp_c": 0.0, "w_per_m2": float(q), "area_share": 1.0} for t, q in w_per_m2.items()
    ]
    return pd.concat([table[~table["building_type"].isin(list(w_per_m2))], pd.DataFrame(rows)], ignore_index=True)


def _within(value: float, low, high) -> bool:
    return (pd.isna(low) or value >= low) and (pd.isna(high) or value <= high)


def specific_load(
    table: pd.DataFrame, building_type: str, year_built: float, storeys: float, design_outdoor_temp_c: float
) -> tuple[float, float]:
    """``(w_per_m2, area_share)`` of one building (see the module doc); :class:`NoLoad` when the table has none.

    ``year_built`` may be NaN when the type's rows do not depend on the year.
    """
    rows = table[table["building_type"] == building_type]
    if not len(rows):
        known = ", ".join(sorted(set(table["building_type"])))
        raise NoLoad(
            Msg(
                "heat.loads.type",
                "no specific load for building type {type} (known: {known})",
                type=repr(building_type),
                known=known,
            ),
            "building_type",
        )
    if rows[["built_from", "built_to"]].notna().any(axis=None):
        if not math.isfinite(year_built):
            raise NoLoad(
                Msg("heat.loads.need_year", "missing the year built (the load of a {type} depends on it)", type=building_type),
                "year_built",
            )
        rows = rows[[_within(year_built, a, b) for a, b in zip(rows["built_from"], rows["built_to"])]]
    rows = rows[[_within(storeys, a, b) for a, b in zip(rows["storeys_from"], rows["storeys_to"])]]
    if not len(rows):
        raise NoLoad(
            Msg(
                "heat.loads.no_row",
                "no specific load for a {type} built in {year} with {storeys} storeys",
                type=building_type,
                year=f"{year_built:g}",
                storeys=f"{storeys:g}",
            ),
            "storeys",
        )
    if len(rows) == 1:
        return float(rows["w_per_m2"].iloc[0]), float(rows["area_share"].iloc[0])
    rows = rows.sort_values("design_outdoor_temp_c")
    temps = rows["design_outdoor_temp_c"].to_numpy(float)
    if design_outdoor_temp_c < temps[0]:
        cold = Msg(
            "heat.loads.too_cold",
            "design outdoor temperature {t} °C is colder than the specific-load table's coldest, {coldest} °C",
            t=f"{design_outdoor_temp_c:g}",
            coldest=f"{temps[0]:g}",
        )
        raise NoLoad(cold, "design_outdoor_temp_c")
    q = float(np.interp(design_outdoor_temp_c, temps, rows["w_per_m2"].to_numpy(float)))
    return q, float(rows["area_share"].iloc[0])


def design_heat_kw(
    table: pd.DataFrame,
    building_type: str,
    footprint_m2: float,
    storeys: float,
    year_built: float,
    design_outdoor_temp_c: float,
) -> float:
    """``footprint_m2 x storeys x area_share x w_per_m2 / 1000`` (kW) of one building (module doc)."""
    q, share = specific_load(table, building_type, year_built, storeys, design_outdoor_temp_c)
    return footprint_m2 * storeys * share * q / W_PER_KW
