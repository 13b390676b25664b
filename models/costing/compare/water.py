"""Water-network options (a ``[base] water`` comparison): repairs, isolation and bypasses against the water they restore.

Costs are the options' own ``[[costs]]`` items (:func:`.costs.extra_costs`: investment with
replacement and salvage, fixed O&M); people served are people-equivalent (people weighted by the
share of demand they get, :func:`teplovoda.models.water.metrics.people_served`); the cost per person
counts the people an option adds over doing nothing.

With ``[[recovery.options]]`` in the base the options are also counted over days and ranked on the cost per
person-day restored; with a grid timetable and ``[[recovery.generators]]`` the offers come with their
person-days saved (:mod:`.recovery`).
"""

from __future__ import annotations

import pandas as pd

from teplovoda.models.costing.compare import recovery as crecovery
from teplovoda.models.costing.compare.costs import check_options_named, extra_costs
from teplovoda.models.costing.compare.result import WaterComparison
from teplovoda.models.costing.finance import cost_per_person_year_eur, pareto_front, rank_options
from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg

NOT_CONVERGED = Msg("water.not_converged", "does not converge")
RESTORES_NONE = Msg("water.restores_none", "restores no water")


def run(cmp, heat_run=None, site_run=None) -> WaterComparison:
    """Cost every option of a water base against doing nothing (see the module doc).

    ``heat_run`` and ``site_run`` are not used (the engines share one signature).
    """
    from teplovoda.models.water import metrics
    from teplovoda.models.water.scenario import load_scenario as load_water
    from teplovoda.models.water.scenario import run_scenario as run_water

    e = cmp.economics
    wscn = load_water(cmp.path.parent / cmp.base.water)
    names = [o.name for o in wscn.options]
    if not names:
        no_options = Msg("cost.no_options", "{file} has no [[options]] to compare", file=str(cmp.base.water))
        raise InputError(within("[base] -> water", no_options), source=str(cmp.path))
    check_options_named(cmp, names, cmp.base.water)
    wrun = run_water(wscn)
    cases = {"do nothing": wrun.damaged, **{n: r for n, (_, r) in wrun.options.items()}}
    base = metrics.people_served(wrun.damaged.junctions)["people_equivalent_served"]
    rows, source_rows = [], []
    for name, res in cases.items():
        people = metrics.people_served(res.junctions)
        cost, extra_rows = extra_costs(cmp, name)
        source_rows.extend(extra_rows)
        added = people["people_equivalent_served"] - base
        rows.append(
            {
                "option": name,
                "people_served": people["people_equivalent_served"],
                "people_added": added,
                "people_without_water": people["people_without"],
                "people_partial": people["people_partial"],
                "leak_m3_per_h": metrics.leak_outflow_m3_per_h(res.junctions),
                "unserved_volume_m3_per_day": metrics.unserved_volume_m3_per_day(res.junctions),
                "capex_eur": cost.capex_eur,
                "fixed_om_eur_per_year": cost.fixed_om_eur_per_year,
                "replacement_and_salvage_eur": cost.replacement_and_salvage_eur,
                "npc_eur": cost.npc_eur,
                "cost_per_person_year_eur": cost_per_person_year_eur(
                    cost.npc_eur, added, horizon_years=e.horizon_years, discount_rate=e.discount_rate
                ),
                "co2_t_per_year": 0.0,
                "feasible": bool(res.converged and added > 0),
                # every failure has its reason: a solve that does not converge fails even if it seems to add people
                "why_not": NOT_CONVERGED if not res.converged else (RESTORES_NONE if added <= 0 else ""),
            }
        )
    table = pd.DataFrame(rows).set_index("option")
    table["rank"] = rank_options(table)
    table["pareto_optimal"] = pareto_front(table, "npc_eur", WaterComparison.people_column) & table["feasible"]
    rec = crecovery.water_recovery(wscn, net=wrun.net_intact)
    if rec is not None:  # [[recovery.options]] in the base: the figures over days, ranked on cost per person-day
        over = crecovery.with_water_recovery(table, rec, WaterComparison.over_days_people)
    else:
        over = None
    blackout = crecovery.blackout_offers(wscn, wrun, rec)
    return WaterComparison(cmp, wrun, table, pd.DataFrame(source_rows), recovery=rec, blackout=blackout, over_days=over)
