"""Recovery over time in a comparison: when the base scenario carries ``[recovery]`` (issue 16, point 4).

A heat base with a ``[recovery]`` table (:mod:`teplovoda.models.recovery.heat_spec`) is planned day by day
by :func:`teplovoda.models.recovery.heat.plan`; every row of the options table gains that engine's figures
for the plan of the same name (``do nothing``: the engine's "no action"):

* ``person_days_without_heat``: the area between the intact network's people heated and the plan's, over
  the days of the horizon (person-day);
* ``person_days_restored``: "no action"'s person-days without heat less the option's (person-day);
* ``days_to_critical_restored``: the day from which every critical facility (the hospital) stays heated to
  the horizon (day; infinite: not within the horizon);
* ``freeze_damaged_buildings``: buildings whose rooms reached 0 °C (count);
* ``freeze_repair_cost_eur``: the plan's freeze repair bill over the horizon, the engine's
  :attr:`~teplovoda.models.recovery.heat.PlanResult.freeze_cost_eur`: every freeze times ``[recovery]
  freeze_repair_cost_eur`` (a building that freezes twice is paid twice; the figure ``teplovoda heat recovery``
  prints) (EUR);
* ``freeze_repairs_avoided_eur``: doing nothing's bill less the row's, what the option saves in burst risers and
  radiators (EUR; 0 for doing nothing, negative if the option lets more freeze);
* ``cost_per_person_day_restored_eur``: the option's ``cost_eur`` of ``[[recovery.options]]`` over its
  person-days restored (EUR per person-day; NaN when it restores none).

**Ranking rule.** With ``[recovery]`` the ranking is on ``cost_per_person_day_restored_eur`` (ascending)
among the feasible options: an option that restores no person-days within the horizon, or that has no
``[[recovery.options]]`` entry, gets no rank. Without ``[recovery]`` nothing changes: the ranking stays on
the cost per person per year.

**Freeze repairs are not in the ranking.** ``cost_per_person_day_restored_eur`` stays on the option's own
``cost_eur``: the freeze repair bill and the repairs avoided are shown beside it, not added to or taken off it.
Whether avoided freeze damage should lower an option's cost (a saving the utility or the building owners would
otherwise pay) is a costing decision this comparison leaves open: the two columns give the figures to make it.

**Water.** A water base whose ``[recovery]`` has ``[[recovery.options]]`` is planned by
:func:`teplovoda.models.recovery.water_plans.plan` (the crews' ``network_ratio`` schedule in every plan, each
option from its lead time); every row gains :data:`WATER_COLUMNS`: ``person_days_without_water`` (the area
between the intact network's people with water and the plan's over ``[recovery] horizon_days``),
``person_days_restored``, ``days_to_critical_restored`` (the day from which the junctions the critical repairs
restore have water; NaN when ``[[recovery.repairs]]`` flags nothing critical) and
``cost_per_person_day_restored_eur``, ranked as heat. With a grid timetable (``[simulation] grid_on``) and
``[[recovery.generators]]`` the comparison also carries the offers' table (:func:`blackout_offers`, ``teplovoda
water blackout``'s): its person-days are EPANET's extended-period days in each pump regime, not the options'
steady stages, so the offers are a table of their own beside the options, not rows ranked against them.

**The over-days table and staged plans.** :func:`with_heat_recovery` / :func:`with_water_recovery` also build the
comparison's ``over_days`` table (:func:`over_days_table`): every option's row and, after them, one row per staged
plan of ``[[recovery.plans]]`` (its ``row_kind`` is ``plan``). A plan is no option of the base, so it has no snapshot:
its snapshot columns (people served, cost per person per year, ``snapshot_rank``) are NaN. Its ``cost_eur`` is the sum
of the ``cost_eur`` of the options its stages use, each option once (the engine's
:func:`~teplovoda.models.recovery.heat.plan` sums them so), and its person-days are the engine's for that plan (those
of ``teplovoda heat recovery``). A plan is ranked with the options on :data:`RANK_BY` when every option it stages meets
the requirements in the snapshot (``feasible``), as an option is ranked only when it does. The options table keeps the
snapshot's rank (on the cost per person per year) as ``snapshot_rank`` and takes the over-days table's ``rank``.
``in_service_day`` is the first day an option of the row is in service (its lead time, else its repairs' end; for
a plan its first stage's), NaN for doing nothing. :mod:`.ranking` reads the two ranks and says whether counting lead
times changes the order, and why.
"""

from __future__ import annotations

import math

import pandas as pd

from teplovoda.models.costing.finance import rank_options

#: The columns a recovery adds to the options table, in order.
COLUMNS = (
    "person_days_without_heat",
    "person_days_restored",
    "days_to_critical_restored",
    "freeze_damaged_buildings",
    "freeze_repair_cost_eur",
    "freeze_repairs_avoided_eur",
    "cost_per_person_day_restored_eur",
)
#: The columns a water recovery adds to the options table, in order.
WATER_COLUMNS = (
    "person_days_without_water",
    "person_days_restored",
    "days_to_critical_restored",
    "cost_per_person_day_restored_eur",
)
#: What the ranking is on when the base carries ``[recovery]``.
RANK_BY = "cost_per_person_day_restored_eur"
DO_NOTHING = "do nothing"


def heat_recovery(heat_scn, net=None):
    """The heat base's recovery plans (:class:`~teplovoda.models.recovery.heat.HeatRecovery`), or None without ``[recovery]``."""
    if heat_scn.recovery is None:
        return None
    from teplovoda.models.recovery import heat as rheat

    return rheat.plan(heat_scn, net=net)


def plan_of(option: str):
    """The recovery plan's name of an options-table row."""
    from teplovoda.models.recovery.heat import NO_ACTION

    return NO_ACTION if option == DO_NOTHING else option


def _add_columns(table: pd.DataFrame, rec, columns: tuple, without: str, extra=None) -> None:
    base = rec.plans[plan_of(DO_NOTHING)]
    values = {c: [] for c in columns}
    for option in table.index:
        p = rec.plans.get(plan_of(option))
        if p is None:  # an option with no [[recovery.options]] entry: no figures over time
            for c in columns:
                values[c].append(math.nan)
            continue
        values[without].append(p.person_days_without)
        values["person_days_restored"].append(base.person_days_without - p.person_days_without)
        values["days_to_critical_restored"].append(p.critical_restored_day)
        if extra is not None:
            extra(values, p, base)
        values["cost_per_person_day_restored_eur"].append(math.nan if option == DO_NOTHING else p.cost_per_person_day_eur)
    for c in columns:
        table[c] = values[c]
    table["rank"] = rank_options(table, by=RANK_BY)


def add_heat_columns(table: pd.DataFrame, rec) -> None:
    """Add :data:`COLUMNS` to ``table`` (index = option) from the heat recovery ``rec`` and rank on :data:`RANK_BY`."""

    def frozen(values, p, base):
        for c, v in _freeze_figures(p, base).items():
            values[c].append(v)

    _add_columns(table, rec, COLUMNS, "person_days_without_heat", frozen)


def _freeze_figures(p, base) -> dict[str, float]:
    """A heat plan's buildings frozen (count), its freeze repair bill and the repairs it avoids against ``base``
    (the engine's "no action"; EUR)."""
    return {
        "freeze_damaged_buildings": float(len(p.frozen)),
        "freeze_repair_cost_eur": float(p.freeze_cost_eur),
        "freeze_repairs_avoided_eur": float(base.freeze_cost_eur - p.freeze_cost_eur),
    }


def _heat_entry(p, base) -> tuple[float, tuple, dict]:
    """A heat plan's first day with an option in service, the options it uses, and its extra over-days figures
    (``base``: the engine's "no action")."""
    day = next((float(k) for k, active in enumerate(p.stages) if active), math.nan)
    used = tuple(dict.fromkeys(o for active in p.stages for o in active))
    return day, used, _freeze_figures(p, base)


def _water_entry(p, base=None) -> tuple[float, tuple, dict]:
    """A water plan's first day with an option in service and the options it uses."""
    days = [float(a) for _, a, _ in p.timeline]
    return (min(days) if days else math.nan), tuple(dict.fromkeys(o for o, _, _ in p.timeline)), {}


def over_days_table(table: pd.DataFrame, rec, people_column: str, entry=_heat_entry) -> pd.DataFrame:
    """The over-days ranking: the options' rows of ``table`` and one row per staged plan (see the module doc).

    Parameters
    ----------
    table : DataFrame
        The options table with its recovery columns and ``snapshot_rank`` (index = option, ``do nothing`` first).
    rec : HeatRecovery or WaterPlans
    people_column : str
        The snapshot's people column (``people_heated``; water: ``people_added``).
    entry : callable
        (plan, the "no action" plan) -> (first day in service, options used, extra columns): :func:`_heat_entry` or
        :func:`_water_entry`.

    Returns
    -------
    DataFrame
        Index = option or plan; ``row_kind`` (``option``/``plan``), ``in_service_day`` (day), ``cost_eur`` (EUR),
        ``people_column`` and ``cost_per_person_year_eur`` (the snapshot's; NaN for a plan), the recovery columns,
        ``feasible``, ``snapshot_rank`` and ``rank`` (on :data:`RANK_BY`; NaN: not ranked).
    """
    nothing = rec.plans[plan_of(DO_NOTHING)]
    base = nothing.person_days_without
    cols = [c for c in dict.fromkeys((*COLUMNS, *WATER_COLUMNS)) if c in table]
    without = next(c for c in cols if c.startswith("person_days_without"))
    rows = {}
    for option, r in table.iterrows():
        p = rec.plans.get(plan_of(option))
        day = entry(p, nothing)[0] if p is not None and option != DO_NOTHING else math.nan
        cost = p.cost_eur if p is not None and option != DO_NOTHING else math.nan
        rows[option] = {"row_kind": "option", "in_service_day": day, "cost_eur": cost, people_column: r[people_column]}
        rows[option].update({c: r[c] for c in (*cols, "cost_per_person_year_eur", "feasible", "snapshot_rank")})
    feasible = table["feasible"].astype(bool)
    for name, p in rec.plans.items():
        if name == plan_of(DO_NOTHING) or any(plan_of(o) == name for o in table.index):
            continue
        day, used, extra = entry(p, nothing)
        restored = base - p.person_days_without
        rows[name] = {
            "row_kind": "plan", "in_service_day": day, "cost_eur": p.cost_eur, people_column: math.nan,
            **{c: math.nan for c in cols}, **extra,
            without: p.person_days_without, "person_days_restored": restored,
            "days_to_critical_restored": p.critical_restored_day,
            "cost_per_person_day_restored_eur": p.cost_per_person_day_eur,
            "cost_per_person_year_eur": math.nan,
            "feasible": bool(used) and all(o in feasible.index and feasible[o] for o in used),
            "snapshot_rank": math.nan,
        }  # fmt: skip
    out = pd.DataFrame.from_dict(rows, orient="index")
    out["feasible"] = out["feasible"].astype(bool)
    out["rank"] = rank_options(out, by=RANK_BY)
    return out


def _with_recovery(table: pd.DataFrame, rec, people_column: str, add, entry) -> pd.DataFrame:
    table["snapshot_rank"] = table["rank"]
    add(table, rec)
    over = over_days_table(table, rec, people_column, entry)
    table["rank"] = over["rank"].reindex(table.index)
    return over


def with_heat_recovery(table: pd.DataFrame, rec, people_column: str = "people_heated") -> pd.DataFrame:
    """Keep ``table``'s rank as ``snapshot_rank``, add :data:`COLUMNS`, rank it over days with the staged plans
    (:func:`over_days_table`); returns the over-days table."""
    return _with_recovery(table, rec, people_column, add_heat_columns, _heat_entry)


def with_water_recovery(table: pd.DataFrame, rec, people_column: str = "people_added") -> pd.DataFrame:
    """:func:`with_heat_recovery` for a water base (:data:`WATER_COLUMNS`)."""
    return _with_recovery(table, rec, people_column, add_water_columns, _water_entry)


def water_recovery(water_scn, net=None):
    """The water base's plans over days (:class:`~teplovoda.models.recovery.water_plans.WaterPlans`), or None
    without ``[[recovery.options]]``."""
    if water_scn.recovery is None or not water_scn.recovery.options:
        return None
    from teplovoda.models.recovery import water_plans

    return water_plans.plan(water_scn, net=net)


def add_water_columns(table: pd.DataFrame, rec) -> None:
    """Add :data:`WATER_COLUMNS` to ``table`` from the water plans ``rec`` and rank on :data:`RANK_BY`."""
    _add_columns(table, rec, WATER_COLUMNS, "person_days_without_water")


def blackout_offers(water_scn, wrun, rec=None):
    """``[[recovery.generators]]`` on the base's grid timetable over ``[recovery] horizon_days``, as ``teplovoda water
    blackout`` counts them: with ``[[damage]]``, while the crews repair on the ``network_ratio`` schedule
    (:func:`~teplovoda.models.recovery.blackout_repairs.blackout_with_repairs`; ``rec``'s schedule when the water
    plans ran); without, on the network all along (:func:`~teplovoda.models.recovery.blackout.blackout_recovery`).
    None without a timetable or offers."""
    sim, spec = water_scn.simulation, water_scn.recovery
    if sim is None or not sim.grid_on or sim.generator or spec is None or not spec.generators:
        return None
    from teplovoda.models.errors import InputError
    from teplovoda.models.recovery.blackout import blackout_recovery
    from teplovoda.models.recovery.blackout_repairs import blackout_with_repairs
    from teplovoda.models.recovery.water import plan

    net, offers, horizon = wrun.net_intact, spec.generators, spec.horizon_days
    try:
        if not water_scn.damage:
            return blackout_recovery(net, water_scn.hydraulics, sim, offers, horizon)
        from teplovoda.models.recovery.water_plans import RULE

        sched = rec.schedule if rec is not None else plan(water_scn, RULE, net=net).schedules[RULE]
        return blackout_with_repairs(net, water_scn.damage, sched, water_scn.hydraulics, sim, offers, horizon)
    except InputError as exc:
        raise InputError(exc.detail, source=str(water_scn.path)) from None


def daily_curves(rec, names: dict[str, str] | None = None) -> pd.DataFrame:
    """People heated per day (rows = day 0..H) per plan (columns, named by ``names`` when given) and the intact network.

    Row ``d`` is the state at the end of day ``d - 1`` (row 0: the start). Columns: ``outdoor_temp_c`` (the
    outdoor temperature of the day that ended, °C; NaN on row 0), ``intact``, then every plan in the engine's
    order (``no action`` first).
    """
    names = names or {}
    out = pd.DataFrame({"intact": rec.intact.people_heated})
    for name, p in rec.plans.items():
        out[names.get(name, name)] = p.people_heated
    temps = [math.nan, *(float(x) for x in rec.outdoor_temp_c)]
    out.insert(0, "outdoor_temp_c", temps[: len(out)])
    out.index.name = "day"
    return out


__all__ = [
    "COLUMNS",
    "WATER_COLUMNS",
    "RANK_BY",
    "heat_recovery",
    "add_heat_columns",
    "over_days_table",
    "with_heat_recovery",
    "with_water_recovery",
    "water_recovery",
    "add_water_columns",
    "blackout_offers",
    "daily_curves",
    "plan_of",
]
