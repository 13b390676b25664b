"""Rolling blackouts: water service hour by hour while the grid comes and goes, tanks buffering.

A quasi-steady extended-period simulation with the water model: every hour the network is solved
with the site's pumps running (grid on, or a generator) or stopped, and tanks at their current
level; tank levels then move by their outflow over the hour. A tank that runs dry within the hour
serves that share of the hour and the rest of the hour is solved without it; an empty tank gives
no water until pumps refill it. Tanks are clamped at their maximum level (inflow beyond it is
ignored: the overflow or the altitude valve). Patterns and controls of the .inp file are not used:
the demand is the scenario's snapshot demand all day.

An hour's solve depends only on its starting state: pumping or not, the tank levels, which tanks
are empty. Blackout days revisit the same states exactly (a tank clamped full or drained to its
minimum, the same timetable every day), so each distinct state is solved once and its result
re-used (``memo``, keyed on the exact float levels: a repeat is bit-for-bit the same computation,
not an approximation).
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd

from models.errors import InputError
from models.water import metrics
from models.water.hydraulics import HydraulicOptions, HydraulicResult, StateSolver

logger = logging.getLogger(__name__)

HOURS_PER_DAY = 24
PATTERNS = {
    "4on4off": [1, 1, 1, 1, 0, 0, 0, 0] * 3,
    "4off4on": [0, 0, 0, 0, 1, 1, 1, 1] * 3,
    "always": [1] * 24,
    "never": [0] * 24,
}


def grid_timetable(pattern: str | None = None, grid_on=None) -> np.ndarray:
    """24 hourly grid states (True = grid on) from a named pattern or an explicit list of 24 entries."""
    if (pattern is None) == (grid_on is None):
        raise InputError("give either pattern or grid_on (24 entries of 0/1)")
    if pattern is not None:
        if pattern not in PATTERNS:
            raise InputError(f"pattern must be one of {', '.join(PATTERNS)}, got {pattern!r}")
        return np.array(PATTERNS[pattern], dtype=bool)
    values = list(grid_on)
    if len(values) != HOURS_PER_DAY:
        raise InputError(f"grid_on must have 24 hourly entries, got {len(values)}")
    if any(v not in (0, 1, True, False) for v in values):
        raise InputError("grid_on entries must be 0 or 1")
    return np.array(values, dtype=bool)


def _hour_state(tanks: pd.DataFrame, pumps, pumping: bool, levels: dict, empty: set) -> dict:
    """The hour's pumps and tank heads, as :meth:`StateSolver.solve` takes them."""
    return {
        "pumps_in_service": dict.fromkeys(pumps, pumping),
        "source_heads_m": {n: float(tanks.at[n, "elevation_m"]) + levels[n] for n in levels},
        "sources_in_service": {n: n not in empty for n in levels},
    }


def _is_as_given(net, state: dict) -> bool:
    """Is ``state`` the network as it is (so that solving ``net`` itself solves it)?"""
    links = net.links
    tanks = net.tanks
    return bool(
        all(bool(links.at[p, "in_service"] and links.at[p, "open"]) == on for p, on in state["pumps_in_service"].items())
        and all(float(tanks.at[n, "elevation_m"] + tanks.at[n, "level_m"]) == h for n, h in state["source_heads_m"].items())
        and all(on for on in state["sources_in_service"].values())
    )


def _hour_record(r) -> tuple:
    """(result, people equivalent served, people fully served, delivered m3/h, required m3/h)."""
    people = metrics.people_served(r.junctions)
    d = metrics.demand_nodes(r.junctions)
    return (
        r,
        people["people_equivalent_served"],
        people["people_full"],
        float(d["demand_m3_per_h"].sum()),
        float(d["demand_required_m3_per_h"].sum()),
    )


def simulate_day(
    net,
    options: HydraulicOptions,
    pumps,
    grid_on: np.ndarray,
    *,
    generator: bool,
    days: int = 2,
    memo: dict | None = None,
    start: HydraulicResult | None = None,
) -> pd.DataFrame:
    """Hourly water service over ``days`` days of the timetable; returns one row per hour.

    ``start``: the result of solving ``net`` itself with ``options``: an hour whose state is ``net``
    as it is (every pump of ``pumps`` running, the tanks at their initial levels) is that result.
    Every other hour is solved from the file's initial state (EPANET's ``initH``), so that an hour's
    result depends on its state alone.

    ``memo``: a dict shared by calls on the same ``net``, ``options`` and ``pumps`` (e.g. the days
    with and without a generator) so that a state solved once is not solved again.

    Columns: ``day``, ``hour``, ``grid_on``, ``pumping``, ``people_equivalent_served``,
    ``people_fully_served``, ``delivered_m3``, ``required_m3``, ``tank_level_m`` (mean over tanks at
    the hour's end), ``converged``, and ``pump_flow_<name>_m3_per_h`` / ``pump_head_<name>_m``.
    """
    tanks = net.tanks
    levels = {name: float(t["level_m"]) for name, t in tanks.iterrows()}
    area = {name: math.pi / 4 * float(t["diameter_m"]) ** 2 for name, t in tanks.iterrows()}
    memo = {} if memo is None else memo
    solver = None  # built at the first state not in the memo

    if start is not None and _is_as_given(net, _hour_state(tanks, pumps, True, levels, set())):
        memo.setdefault((True, tuple(sorted(levels.items())), frozenset()), _hour_record(start))

    def solve_hour(pumping, empty):
        nonlocal solver
        key = (pumping, tuple(sorted(levels.items())), frozenset(empty))
        if key not in memo:
            solver = solver or StateSolver(net, options, levels_managed=True)
            memo[key] = _hour_record(solver.solve(**_hour_state(tanks, pumps, pumping, levels, empty)))
        return memo[key]

    rows = []
    for k in range(days * HOURS_PER_DAY):
        hour = k % HOURS_PER_DAY
        pumping = bool(grid_on[hour] or generator)
        empty = {n for n in levels if levels[n] <= tanks.at[n, "min_level_m"] + 1e-6 and not pumping}
        first = solve_hour(pumping, empty)
        res = first[0]
        share = 1.0  # of the hour served in this state
        drained = None
        for n in levels:
            if n in empty:
                continue
            out = float(res.sources.at[n, "outflow_m3_per_h"])
            usable = (levels[n] - float(tanks.at[n, "min_level_m"])) * area[n]
            if out > 1e-9 and out > usable:
                s = usable / out
                if s < share:
                    share, drained = s, n
        parts = [(share, first)]
        if drained is not None and share < 1.0:
            parts.append((1.0 - share, solve_hour(pumping, empty | {drained})))
        results = [(f, p[0]) for f, p in parts]
        # levels move with each part of the hour
        for frac, r in results:
            for n in levels:
                if n in empty or (r is not res and n == drained):
                    continue
                out = float(r.sources.at[n, "outflow_m3_per_h"]) if n in r.sources.index else 0.0
                lvl = levels[n] - out * frac / area[n]
                levels[n] = float(np.clip(lvl, tanks.at[n, "min_level_m"], tanks.at[n, "max_level_m"]))
        row = {
            "day": k // HOURS_PER_DAY + 1,
            "hour": hour,
            "grid_on": bool(grid_on[hour]),
            "pumping": pumping,
            "people_equivalent_served": sum(f * p[1] for f, p in parts),
            "people_fully_served": sum(f * p[2] for f, p in parts),
            "delivered_m3": sum(f * p[3] for f, p in parts),
            "required_m3": first[4],
            "tank_level_m": float(np.mean(list(levels.values()))) if levels else float("nan"),
            "converged": all(r.converged for _, r in results),
        }
        for p in pumps:
            row[f"pump_flow_{p}_m3_per_h"] = sum(f * float(r.links.at[p, "flow_m3_per_h"]) for f, r in results)
            row[f"pump_head_{p}_m"] = -float(res.links.at[p, "headloss_m"]) if pumping else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


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
