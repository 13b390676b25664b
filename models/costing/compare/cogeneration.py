"""Cogeneration: heat and the town's water (``[base] heat = "...", water_site = "power_....toml"``).

The heat base's town also depends on a water pumping station (a site-power scenario: its motors,
its network and the blackout timetable). In every case (do nothing and each heat option) the
electricity of the case's CHP units (the sum of ``electricity_kw`` of its sources of a kind that
makes electricity, :func:`teplovoda.models.heat.sources.chp_kinds`, in the heat result:
``heat x electric_efficiency / efficiency``) is offered to the station:

* **The station runs through blackouts** when the CHP units can carry it as an island: their
  alternators, at that electrical output, are checked as the island's generator with the same rule
  as a diesel set (:func:`teplovoda.models.power.site.check_manual_choice`: kVA = kW / the assumed power
  factor 0.8, derated for altitude and heat, the running load within the load margin, the worst
  motor start within the voltage-dip limit). Then the station pumps all day; otherwise it pumps
  only while the grid is on. Water service comes from the site scenario's hourly blackout
  simulation (:mod:`teplovoda.models.power.blackout`) in that state: **people with water** is the daily mean
  of people-equivalent served, with the **hours of full water service per person** a day.
* **CHP turn-down in grid-off hours**: without the grid the units can only make the electricity
  their island takes (the station's running load when they carry it, nothing otherwise), so their
  heat falls by the same share; the option's other sources in the same heat island must have that
  much spare capacity, or the option fails (its buildings would go underheated every blackout).
  The heat result is the grid-on operating point; the annual energy, fuel, CO2 and electricity of
  each source use its daily mean output on the timetable (the CHP units' turned down in grid-off
  hours, the other sources' raised by the share of the heat they make up, in proportion to their
  spare capacity). The island is the station alone: the heat network's own circulation pumps and
  the plant's auxiliaries are not on it.
* The net present cost is what the option costs; the electricity the CHP units sell is credited,
  as in every heat comparison, only in the levelised cost of heat (at ``[fuel_prices.electricity]``).
* **People served** for the cost per person and the Pareto front are **person-services added**:
  people heated plus people with water, each counted over doing nothing. The same town's
  residents need both services, so restoring heat to a person and water to the same person are
  two services; the sum counts each person once per service restored (never more people than
  live there per service) and gives the CHP credit for the water it keeps flowing, which the
  larger of the two counts (``max``) would hide whenever heat reaches everyone anyway. People
  heated and people with water are reported beside it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from teplovoda.models.costing.finance import cost_per_person_year_eur
from teplovoda.models.heat import metrics
from teplovoda.models.messages import Msg, joined

logger = logging.getLogger(__name__)


@dataclass
class StationSupply:
    """How one case's CHP units serve the water pumping station (see the module doc)."""

    chp_heat_kw: float
    chp_electric_kw: float
    on_chp: bool
    supply: str  # why the station runs through blackouts, or not
    heat_lost_grid_off_kw: float  # CHP heat the other sources make up in grid-off hours
    failures: list[str]
    output_factor: dict[str, float]  # source -> daily mean output / grid-on output


def station_supply(cmp, run, cases: list[str], site=None):
    """The water site's run and, per case, whether its CHP units carry the station and what that does to the heat.

    In grid-off hours the CHP units make only the electricity their island takes (the station's
    running load when they carry it, else none) and lose heat in that proportion; the other sources
    in the same heat island make it up in proportion to their spare capacity. ``output_factor`` is
    each source's daily mean output over its grid-on output on the site's timetable, used for the
    annual energy, fuel, CO2 and electricity.
    """
    from teplovoda.models.power.scenario import load_scenario as load_power
    from teplovoda.models.power.scenario import run_scenario as run_power
    from teplovoda.models.power.site import StartStudy, check_manual_choice

    pscn = load_power(cmp.path.parent / cmp.base.water_site)  # checked by load_scenario: no [[chp]] of its own
    site = site if site is not None else run_power(pscn)
    study = StartStudy(pscn.site, site.running, pscn.aux_loads, generator=True, assumptions=pscn.assumptions)
    station_kw = float(site.running["running_kw"].sum()) + sum(a.power_kw for a in pscn.aux_loads)
    off_share = float((~pscn.timetable).sum()) / len(pscn.timetable)
    pf = pscn.assumptions.power_factor
    checks: dict[float, dict] = {}
    states = {}
    for case in cases:
        s = run.results[case].sources
        chp = metrics.chp_sources(s)
        output = metrics.chp_output(s)
        chp_heat, chp_kw = output["chp_heat_kw"], output["chp_electric_kw"]
        on_chp = False
        if chp_kw > 0:
            key = round(chp_kw, 3)
            if key not in checks:
                checks[key] = check_manual_choice(
                    pscn.site, site.running, pscn.aux_loads, chp_kw / pf, assumptions=pscn.assumptions, study=study
                )
            check = checks[key]
            on_chp = bool(check["passes"])
            supply = (
                f"CHP {chp_kw:,.0f} kW ({chp_kw / pf:,.0f} kVA) carries the station's {station_kw:,.0f} kW through blackouts"
                if on_chp
                else f"CHP {chp_kw:,.0f} kW ({chp_kw / pf:,.0f} kVA) cannot carry the station: short by "
                f"{check['shortfall_kva']:,.0f} kVA (needs {check['needed_kva']:,.0f} kVA); pumps only while the grid is on"
            )
        else:
            supply = "no CHP: pumps only while the grid is on"
        kept = min(station_kw / chp_kw, 1.0) if on_chp else 0.0  # share of CHP output kept in grid-off hours
        lost_total, failures, factor = _grid_off(s, chp, kept, off_share if chp_kw > 0 else 0.0)
        states[case] = StationSupply(chp_heat, chp_kw, on_chp, supply, lost_total, failures, factor)
        logger.info("%s: CHP %.0f kW heat, %.0f kW electricity; %s", case, chp_heat, chp_kw, supply)
    return site, states


def _grid_off(s: pd.DataFrame, chp: pd.DataFrame, kept: float, off_share: float) -> tuple[float, list[str], dict[str, float]]:
    """CHP heat lost in grid-off hours, the failures where the island cannot make it up, and each source's output factor.

    ``kept``: the share of CHP output kept without the grid; ``off_share``: the share of the day
    without the grid (0: nothing to make up).
    """
    on = metrics.running(s)
    factor = {name: 1.0 for name in s.index}
    lost_total, failures = 0.0, []
    if off_share <= 0:
        return lost_total, failures, factor
    for isl, units in chp.groupby("island"):
        lost = float(units["heat_kw"].sum()) * (1.0 - kept)
        others = s[on & ~s.index.isin(chp.index) & (s["island"] == isl)]
        spare = (others["capacity_kw"] - others["heat_kw"]).clip(lower=0.0)
        lost_total += lost
        if lost > spare.sum() + 1e-6:
            failures.append(
                Msg(
                    "chp.grid_off_short",
                    "in grid-off hours the CHP units make {electric_kw:,.0f} kW of electricity and {lost_kw:,.0f} kW "
                    "less heat; the other sources have {spare_kw:,.0f} kW spare",
                    electric_kw=kept * float(units["electricity_kw"].sum()),
                    lost_kw=lost,
                    spare_kw=float(spare.sum()),
                )
            )
        for name in units.index:
            factor[name] = 1.0 - off_share * (1.0 - kept)
        for name, sp in spare.items():
            taken = min(lost, float(spare.sum())) * sp / spare.sum() if spare.sum() > 0 else 0.0
            factor[name] = 1.0 + off_share * taken / float(others.at[name, "heat_kw"])
    return lost_total, failures, factor


def add_water_columns(cmp, table: pd.DataFrame, site, states: dict) -> None:
    """Water service per case and person-services added (module doc); cost per person re-based on them, in place."""
    e = cmp.economics
    station_kw = float(site.running["running_kw"].sum()) + sum(a.power_kw for a in site.scenario.aux_loads)
    cols: dict[str, list] = {
        c: []
        for c in (
            "chp_heat_kw",
            "chp_electric_kw",
            "station_load_kw",
            "station_on_chp",
            "water_supply",
            "chp_heat_made_up_grid_off_kw",
            "people_with_water",
            "hours_of_full_water_service_per_person",
        )
    }
    for option in table.index:
        st = states["damaged" if option == "do nothing" else option]
        service = site.service_with if st.on_chp else site.service_without
        cols["chp_heat_kw"].append(st.chp_heat_kw)
        cols["chp_electric_kw"].append(st.chp_electric_kw)
        cols["station_load_kw"].append(station_kw)
        cols["station_on_chp"].append(st.on_chp)
        cols["water_supply"].append(st.supply)
        cols["chp_heat_made_up_grid_off_kw"].append(st.heat_lost_grid_off_kw)
        cols["people_with_water"].append(float(service["people_served_daily_mean"]))
        cols["hours_of_full_water_service_per_person"].append(float(service["hours_of_full_service_per_person"]))
        if st.failures:
            table.at[option, "feasible"] = False
            table.at[option, "why_not"] = joined([table.at[option, "why_not"], *st.failures])
    for c, values in cols.items():
        table[c] = values
    ref = table.loc["do nothing"]
    table["people_heated_added"] = table["people_heated"] - ref["people_heated"]
    table["people_with_water_added"] = table["people_with_water"] - ref["people_with_water"]
    table["person_services_added"] = table["people_heated_added"] + table["people_with_water_added"]
    table["cost_per_person_year_eur"] = [
        cost_per_person_year_eur(npc, added, horizon_years=e.horizon_years, discount_rate=e.discount_rate)
        for npc, added in zip(table["npc_eur"], table["person_services_added"])
    ]
    adds_nothing = table["feasible"].astype(bool) & (table["person_services_added"] <= 0)
    table.loc[adds_nothing, "why_not"] = Msg("chp.adds_nothing", "adds no person-services over doing nothing")
    table["feasible"] = table["feasible"].astype(bool) & ~adds_nothing
