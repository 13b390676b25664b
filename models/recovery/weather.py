"""Daily outdoor temperature over a recovery horizon: the scenario's own table, or climate normals of a city.

``data/climate_normals.csv`` holds the monthly mean air temperature (°C) of the main Ukrainian cities, one row
per city (``jan_c`` .. ``dec_c``) with its ``source``. Kyiv's are the Central Geophysical Observatory's 1991-2020
norms (README, "Climate normals of Kyiv", says where each month was read); Kharkiv's, Dnipro's and Zaporizhzhia's
are cited for the months their source column names and approximate for the rest, the other cities' approximate
throughout (as recalled from the WMO 1991-2020 normals): replace them with the stations' published normals.

Daily values: each monthly mean is placed at the middle of its month (day of year, non-leap year, from 1 January
00:00: ``start of month + days in month / 2``), and a day's temperature is the straight line between the two
neighbouring mid-month points read at the day's noon, periodic over the year (December to January). Day 0 of the
horizon is the ``start`` date (``"DD-MM"``); 29 February is not a valid start (a 365-day year).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg

NORMALS_PATH = Path(__file__).parent / "data" / "climate_normals.csv"
MONTH_COLUMNS = ("jan_c", "feb_c", "mar_c", "apr_c", "may_c", "jun_c", "jul_c", "aug_c", "sep_c", "oct_c", "nov_c", "dec_c")
DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
DAYS_PER_YEAR = int(DAYS_IN_MONTH.sum())
#: Day of year (0 = 1 January 00:00) at the middle of each month.
MID_MONTH_DAY = np.concatenate([[0], np.cumsum(DAYS_IN_MONTH)[:-1]]) + DAYS_IN_MONTH / 2


@functools.cache
def normals() -> pd.DataFrame:
    """The climate-normals table, index = city, checked (finite, within Ukraine's records, a source per row)."""
    table = pd.read_csv(NORMALS_PATH).set_index("city")
    values = table[list(MONTH_COLUMNS)].to_numpy(float)
    if not np.isfinite(values).all() or (np.abs(values) > 45).any() or table["source"].isna().any():
        raise InputError(Msg("rec.bad_normals_row", "bad row (monthly temperature or source)"), source=str(NORMALS_PATH))
    table.attrs["unit"] = "°C"
    return table


def cities() -> list[str]:
    return list(normals().index)


def day_of_year(start: str) -> int:
    """Day of year (0 = 1 January) of a ``"DD-MM"`` date; raises :class:`InputError` on a malformed one."""
    parts = start.split("-") if isinstance(start, str) else []
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        bad = Msg("rec.day_month", "expected a day and month like {example}, got {got}", example="'15-01'", got=repr(start))
        raise InputError(within("start", bad))
    day, month = int(parts[0]), int(parts[1])
    if not (1 <= month <= 12 and 1 <= day <= DAYS_IN_MONTH[month - 1]):
        raise InputError(
            within("start", Msg("rec.no_such_day", "no such day {got} (day-month of a 365-day year)", got=repr(start)))
        )
    return int(np.concatenate([[0], np.cumsum(DAYS_IN_MONTH)])[month - 1] + day - 1)


def daily_normals(city: str, start: str, days: int) -> np.ndarray:
    """Outdoor temperature (°C) of ``days`` days from ``start`` in ``city``, interpolated between mid-month means."""
    table = normals()
    if city not in table.index:
        bad = Msg(
            "rec.no_normals", "{city} has no climate normals (one of: {known})", city=repr(city), known=", ".join(table.index)
        )
        raise InputError(within("city", bad))

    monthly = table.loc[city, list(MONTH_COLUMNS)].to_numpy(float)
    noon = (day_of_year(start) + np.arange(days) + 0.5) % DAYS_PER_YEAR
    xp = np.concatenate([[MID_MONTH_DAY[-1] - DAYS_PER_YEAR], MID_MONTH_DAY, [MID_MONTH_DAY[0] + DAYS_PER_YEAR]])
    fp = np.concatenate([[monthly[-1]], monthly, [monthly[0]]])
    return np.interp(noon, xp, fp)


def normals_source(city: str) -> str:
    return str(normals().loc[city, "source"])


__all__ = ["normals", "cities", "day_of_year", "daily_normals", "normals_source", "MID_MONTH_DAY"]
