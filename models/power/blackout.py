"""Rolling blackouts: water service hour by hour while the grid comes and goes, tanks buffering.

EPANET's extended-period simulation of the station's network (:mod:`teplovoda.models.water.eps`) over the
timetable's days: the station's pumps stop in grid-off hours unless a generator runs them; the
network's own demand patterns, controls and tank limits act as they do in EPANET, with the power
scenario's ``[[controls]]`` among them (a pump stops at the tank's high level and restarts at its low
one; without a control a full clear-water tank closes its inlet, so the pumps stop and burn no fuel
for it; an empty one gives no water until refilled). Steps of at most ``BLACKOUT_STEP_MIN`` minutes,
and every control and tank event.

Before 2026-12 this was an hourly quasi-steady loop (each hour one steady state, tanks clamped at
their limits, the pumps running into a full tank): the figures it gave are in the README's history.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.power.checks import one_of
from teplovoda.models.water.eps import SimulationSpec, simulate
from teplovoda.models.water.hydraulics import HydraulicOptions

logger = logging.getLogger(__name__)

HOURS_PER_DAY = 24
#: Longest hydraulic step of a blackout day (min): a tank that fills or drains within an hour does so at
#: its own time (EPANET steps to the event), and the hour's averages are over steps this fine at most.
BLACKOUT_STEP_MIN = 10.0
PATTERNS = {
    "4on4off": [1, 1, 1, 1, 0, 0, 0, 0] * 3,
    "4off4on": [0, 0, 0, 0, 1, 1, 1, 1] * 3,
    "always": [1] * 24,
    "never": [0] * 24,
}


def grid_timetable(pattern: str | None = None, grid_on=None) -> np.ndarray:
    """24 hourly grid states (True = grid on) from a named pattern or an explicit list of 24 entries."""
    if (pattern is None) == (grid_on is None):
        raise InputError(Msg("power.pattern_or_grid_on", "give either pattern or grid_on (24 entries of 0/1)"))
    if pattern is not None:
        if pattern not in PATTERNS:
            raise InputError(one_of("pattern", PATTERNS, pattern))
        return np.array(PATTERNS[pattern], dtype=bool)
    values = list(grid_on)
    if len(values) != HOURS_PER_DAY:
        raise InputError(Msg("power.grid_on_hours", "grid_on must have 24 hourly entries, got {entries}", entries=len(values)))
    if any(v not in (0, 1, True, False) for v in values):
        raise InputError(Msg("power.grid_on_values", "grid_on entries must be 0 or 1"))
    return np.array(values, dtype=bool)


def simulate_day(
    net,
    options: HydraulicOptions,
    pumps,
    grid_on: np.ndarray,
    *,
    generator: bool,
    days: int = 2,
    step_min: float = BLACKOUT_STEP_MIN,
) -> pd.DataFrame:
    """Hourly water service over ``days`` days of the timetable, by EPANET's extended period.

    The station's ``pumps`` stop in grid-off hours unless ``generator``; everything else is the
    network's own operation (its patterns, controls, tanks: a full tank closes its inlet, an empty one
    its outlet). Returns one row per hour.

    Columns: ``day``, ``hour``, ``grid_on``, ``pumping`` (the pumps have power), ``people_equivalent_served``,
    ``people_fully_served``, ``delivered_m3``, ``required_m3``, ``leak_m3``, ``tank_level_m`` (mean over tanks at
    the hour's end), ``converged``, and ``pump_flow_<name>_m3_per_h`` (mean over the hour) /
    ``pump_head_<name>_m`` (mean lift while it ran).
    """
    spec = SimulationSpec(
        duration_h=float(days * HOURS_PER_DAY),
        hydraulic_step_min=step_min,
        grid_on=tuple(int(bool(x)) for x in grid_on),
        pumps=tuple(pumps),
        generator=generator,
    )
    res = simulate(net, options, spec)
    h = res.hourly
    k = np.arange(len(h))
    out = pd.DataFrame(
        {
            "day": k // HOURS_PER_DAY + 1,
            "hour": k % HOURS_PER_DAY,
            "grid_on": np.resize(np.asarray(grid_on, dtype=bool), len(h)),
            "pumping": h["pumps_available"].to_numpy(bool),
            "people_equivalent_served": h["people_equivalent_served"].to_numpy(float),
            "people_fully_served": h["people_full"].to_numpy(float),
            "delivered_m3": h["delivered_m3"].to_numpy(float),
            "required_m3": h["required_m3"].to_numpy(float),
            "leak_m3": h["leak_m3"].to_numpy(float),
            "tank_level_m": res.tanks.mean(axis=1).to_numpy(float) if len(res.tanks.columns) else np.nan,
            "converged": res.converged,
        }
    )
    for p in pumps:
        out[f"pump_flow_{p}_m3_per_h"] = res.pump_flow_m3_per_h[p].to_numpy(float)
        out[f"pump_head_{p}_m"] = res.pump_head_m[p].to_numpy(float)
    return out


def day_summary(hourly: pd.DataFrame, people_total: float) -> dict:
    """Service over the last simulated day: hours of full service per person and people served on average."""
    last = hourly[hourly["day"] == hourly["day"].max()]
    return {
        "hours_of_full_service_per_person": float(last["people_fully_served"].sum() / people_total) if people_total else 0.0,
        "people_served_daily_mean": float(last["people_equivalent_served"].mean()),
        "people_served_lowest_hour": float(last["people_equivalent_served"].min()),
        "water_delivered_m3_per_day": float(last["delivered_m3"].sum()),
        "water_required_m3_per_day": float(last["required_m3"].sum()),
        "lowest_tank_level_m": float(last["tank_level_m"].min()),
        "all_converged": bool(hourly["converged"].all()),
    }
