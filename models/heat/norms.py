"""Reference data the heat model reads from tables with their sources (issue 16, point 5).

* :func:`insulation_presets`: heat-loss presets for old channel-laid and above-ground pipes by age and insulation
  state (``data/pipe_insulation.csv``): a heat-transfer coefficient ``u_w_per_m2k`` on the pipe's inner surface, as
  pandapipes takes it, so the loss per metre and kelvin is ``u pi d``.
* :func:`design_outdoor_temp_c`: the design outdoor temperature of an oblast (``data/design_temperatures.csv``,
  DSTU-N B V.1.1-27:2010, coldest five-day period at 0.92 probability).
* :func:`dhw_profile` and :func:`dhw_kw`: domestic hot water as a daily volume per person (or a mean power per
  building) spread over the day by an hourly profile (``data/dhw_profile.csv``, mean 1).
* :data:`PERSONS_PER_HOUSEHOLD`: households from residents where a table gives no household count.

Every figure marked "approximate" in its table's ``source`` column is one to check before relying on it; one
marked "secondary" was read in a transcription of the norm, not in the norm's own text (the design temperatures).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.units import SECONDS_PER_HOUR

DATA_DIR = Path(__file__).parent / "data"
HOURS_PER_DAY = 24
#: Water for the hot-water energy: heat capacity (J/(kg K)) and density (kg/L) at about 30 °C.
WATER_CP_J_PER_KG_K = 4180.0
WATER_KG_PER_L = 0.996
#: Persons per household in Ukraine: the 2001 census average of 2.6 (State Statistics Service of Ukraine;
#: approximate for today's cities). Used only where the consumers table has no ``households`` column.
PERSONS_PER_HOUSEHOLD = 2.6
#: Cold-water and hot-water temperatures of the hot-water energy (°C): mains water of about 5-15 °C over the year
#: (approximate) and hot water delivered at 60 °C (SNiP 2.04.01-85, clause 2.2, as recalled: at least 60 °C in open
#: systems, 50 °C in closed ones; approximate).
DHW_COLD_WATER_TEMP_C = 10.0
DHW_HOT_WATER_TEMP_C = 60.0
#: The water-to-water heat exchanger of a substation: it heats tap water to at most its supply temperature less
#: ``DHW_APPROACH_K``, and returns network water at ``DHW_RETURN_TEMP_C``; it needs a supply at least
#: ``DHW_MIN_SPREAD_K`` above that return (assumptions, typical of plate exchangers).
DHW_APPROACH_K = 5.0
DHW_RETURN_TEMP_C = 30.0
DHW_MIN_SPREAD_K = 10.0
#: Supply temperature the plant holds, at least, where buildings take hot water from the network (°C): the
#: summer supply of 70 °C that Ukrainian networks run for hot water (approximate).
DHW_MIN_SUPPLY_TEMP_C = 70.0


def dhw_share(inlet_temp_c) -> np.ndarray:
    """Share (0-1) of the hot-water heat a substation makes at a supply temperature (°C).

    The exchanger heats tap water from the cold-water temperature to ``inlet - DHW_APPROACH_K``, at most to the
    hot-water temperature, so the share is ``(inlet - approach - cold) / (hot - cold)`` clipped to 0-1; zero
    below ``DHW_RETURN_TEMP_C + DHW_MIN_SPREAD_K``.
    """
    t_in = np.nan_to_num(np.asarray(inlet_temp_c, dtype=float), nan=0.0)
    share = (t_in - DHW_APPROACH_K - DHW_COLD_WATER_TEMP_C) / (DHW_HOT_WATER_TEMP_C - DHW_COLD_WATER_TEMP_C)
    return np.where(t_in >= DHW_RETURN_TEMP_C + DHW_MIN_SPREAD_K, np.clip(share, 0.0, 1.0), 0.0)


@functools.cache
def insulation_presets() -> pd.DataFrame:
    """Heat-loss presets, index = preset name; ``u_w_per_m2k`` (W/(m2 K), inner surface), ``laying``, ``source``."""
    table = pd.read_csv(DATA_DIR / "pipe_insulation.csv").set_index("preset")
    table.attrs["unit"] = "W/(m2 K)"
    return table


def preset_heat_loss_w_per_m_k(preset, diameter_m) -> np.ndarray:
    """Linear heat-loss coefficient (W/(m K)) of pipes with an insulation preset: ``u pi d``.

    ``preset`` and ``diameter_m`` (inner diameter, m) are arrays of the same length (or scalars). An unknown
    preset is an :class:`InputError` naming it and the known ones.
    """
    presets = insulation_presets()
    names = np.atleast_1d(np.asarray(preset, dtype=object)).astype(str)
    unknown = sorted(str(x) for x in set(names) - set(presets.index))
    if unknown:
        raise InputError(
            Msg(
                "heat.unknown_insulation",
                "unknown insulation preset {preset} (one of: {known})",
                preset=repr(unknown[0]),
                known=", ".join(presets.index),
            )
        )
    u = presets.loc[names, "u_w_per_m2k"].to_numpy(float)
    return u * np.pi * np.atleast_1d(np.asarray(diameter_m, dtype=float))


@functools.cache
def design_temperatures() -> pd.DataFrame:
    """Design outdoor temperatures, index = oblast; ``city``, ``design_outdoor_temp_c`` (°C), ``source``."""
    table = pd.read_csv(DATA_DIR / "design_temperatures.csv").set_index("oblast")
    table.attrs["unit"] = "°C"
    return table


def design_outdoor_temp_c(oblast: str) -> float:
    """The design outdoor temperature (°C) of an oblast; an unknown oblast is one :class:`InputError` line."""
    table = design_temperatures()
    if oblast not in table.index:
        oblast = Msg(
            "heat.unknown_oblast", "unknown oblast {oblast} (one of: {known})", oblast=repr(oblast), known=", ".join(table.index)
        )
        raise InputError(within("design_oblast", oblast))
    return float(table.at[oblast, "design_outdoor_temp_c"])


@functools.cache
def dhw_profile() -> np.ndarray:
    """Hourly hot-water factors for hours 0-23 (mean 1, dimensionless)."""
    table = pd.read_csv(DATA_DIR / "dhw_profile.csv")
    factors = table.set_index("hour")["factor"].reindex(range(HOURS_PER_DAY)).to_numpy(float)
    return factors / factors.mean()


def dhw_daily_kw(litres_per_day, *, cold_c: float = DHW_COLD_WATER_TEMP_C, hot_c: float = DHW_HOT_WATER_TEMP_C):
    """Mean power (kW) that heats ``litres_per_day`` of water a day from ``cold_c`` to ``hot_c``: V rho cp dT / 1 day."""
    joules = np.asarray(litres_per_day, dtype=float) * WATER_KG_PER_L * WATER_CP_J_PER_KG_K * (hot_c - cold_c)
    return joules / (HOURS_PER_DAY * SECONDS_PER_HOUR) / 1e3


def dhw_kw(mean_kw, hour: int | None) -> np.ndarray:
    """Hot-water power (kW) at ``hour`` (0-23) of buildings whose mean hot-water power is ``mean_kw``; with ``hour``
    None, the daily mean of the hourly profile (the day's energy over 24 h, for models that step a day at a time)."""
    if hour is None:
        return np.asarray(mean_kw, dtype=float) * float(dhw_profile().mean())
    if not 0 <= int(hour) < HOURS_PER_DAY:
        raise InputError(Msg("heat.hour", "hour must be 0..23, got {got}", got=repr(hour)))
    return np.asarray(mean_kw, dtype=float) * dhw_profile()[int(hour)]
