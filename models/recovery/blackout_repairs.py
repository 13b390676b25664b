"""Rolling blackouts while the crews repair the network: both losses over one horizon (issue 16, point 3).

:mod:`~teplovoda.models.recovery.blackout` measures the blackout on one network all along; the repair schedule
(:mod:`~teplovoda.models.recovery.water`) changes the network every time a repair is done. Here each **stage**
of a schedule (the damage left after the repairs done by then; the intact network after the last one) is run
by EPANET's extended-period simulation in each power regime, as :mod:`.blackout` runs its network (a day for
the tanks to settle, the next day measured):

* ``powered``: every timetabled pump has power all day;
* ``timetable``: the grid timetable stops the timetabled pumps (no generator);
* per generator offer: the timetable, less the pumps the offer powers.

A stage's loss per day, in person-days: the **damage part** is its powered day's person-days without water less
the intact network's powered day (what the network lacks anyway is nobody's loss); the **blackout part** is the
regime's day less the stage's own powered day. An offer's regime applies from its lead time on. The horizon's
person-days are the sum over the pieces between stage changes and the offer's arrival (each piece: its loss
per day x its length in days).

Because every stage is measured hour by hour, the damage part counts the tanks' daily cycle; it is therefore
not the steady snapshot ``teplovoda water recovery`` integrates (its tanks are held at their initial levels).
The schedule itself (which crew does what, when) is the rule's, as ``teplovoda water recovery`` makes it: the
blackout does not change the order of work.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from teplovoda.models.damage import element_of
from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.recovery.blackout import (
    NO_GENERATOR,
    GeneratorDelivery,
    check_deliveries,
    measured_day,
    set_fuel,
    timetabled_pumps,
)
from teplovoda.models.units import HOURS_PER_DAY
from teplovoda.models.water import damage as wdamage


def stage_starts(sched, damage) -> list[tuple[float, frozenset]]:
    """``(day, repaired elements)`` from day 0 and after each completion of ``sched`` (the last: every repair)."""
    out, done = [(0.0, frozenset())], set()
    restored = [j for j in sched.jobs if j.repair.last]  # a repair in stages restores at its last stage's end
    for end in sorted({j.end_day for j in restored}):
        done |= {j.repair.element for j in restored if j.end_day == end}
        out.append((float(end), frozenset(done)))
    return out


class _StageDays:
    """The measured day of each (stage, regime), each run once. A regime is the frozenset of pumps a generator
    powers (every timetabled pump: ``powered``)."""

    def __init__(self, net, damage, options, spec, zones=None):
        self.net, self.damage, self.options, self.spec, self.zones = net, list(damage), options, spec, zones
        self.pumps = timetabled_pumps(net, spec)
        self.cache: dict[tuple[frozenset, frozenset], tuple[float, pd.DataFrame]] = {}
        self.nets: dict[frozenset, object] = {}

    def network(self, repaired: frozenset):
        if repaired not in self.nets:
            kept = [d for d in self.damage if element_of(d) not in repaired]
            self.nets[repaired] = wdamage.apply_damage(self.net, kept) if kept else self.net
        return self.nets[repaired]

    def day(self, repaired: frozenset, powered: frozenset) -> tuple[float, pd.DataFrame]:
        key = (repaired, powered)
        if key not in self.cache:
            if powered >= frozenset(self.pumps):
                spec = replace(self.spec, generator=True)
            else:
                spec = replace(self.spec, pumps=tuple(p for p in self.pumps if p not in powered))
            lost, kw, _ = measured_day(self.network(repaired), self.options, spec, self.zones)
            self.cache[key] = (lost, kw)
        return self.cache[key]


def blackout_with_repairs(net, damage, sched, options, spec, deliveries, horizon_days: float, zones=None) -> pd.DataFrame:
    """Person-days without water over ``horizon_days`` from the damage (repaired by ``sched``) and from the grid
    timetable, without a generator and per offer (see the module doc).

    Parameters
    ----------
    net : WaterNetwork
        The intact network (the scenario's, before damage).
    damage : sequence
        The scenario's ``[[damage]]`` entries; ``sched`` repairs them (each job's ``repair.element``).
    sched : Schedule
    options : HydraulicOptions
    spec : SimulationSpec
        Its ``grid_on`` is the timetable (24 hourly 0/1), ``pumps`` the pumps it stops.
    deliveries : sequence of GeneratorDelivery
    horizon_days : float

    Returns
    -------
    DataFrame
        Index = option (``no generator`` first); ``lead_time_days``, ``pumps``, ``person_days_without_water``,
        ``from_damage_person_days``, ``from_blackouts_person_days``, ``person_days_saved``, ``cost_eur``,
        ``cost_eur_per_person_day_saved``, the set's fuel on the repaired network (:func:`.blackout.set_fuel`).
        ``attrs``: ``daily`` (person-days lost in each day 0..H-1 per option), ``stages`` (per stage: day,
        repaired, damage part and the timetable's blackout part, person-days per day), ``solves`` (EPS runs),
        ``repairs_done_day``.
    """
    if not spec.grid_on or spec.generator:
        raise InputError(Msg("rec.blackout.no_timetable", "[simulation] needs grid_on (24 hourly 0 or 1) and no generator"))
    days = _StageDays(net, damage, options, spec, zones)
    check_deliveries(deliveries, days.pumps, horizon_days)
    everything = frozenset(days.pumps)
    reference = days.day(frozenset(element_of(d) for d in damage), everything)[0]  # the intact network, powered
    starts = [(t, r) for t, r in stage_starts(sched, damage) if t < horizon_days]

    def loss(repaired: frozenset, powered: frozenset) -> tuple[float, float]:
        """(damage part, blackout part) per day of a stage in a regime."""
        with_power = days.day(repaired, everything)[0]
        regime = days.day(repaired, powered)[0]
        return max(with_power - reference, 0.0), max(regime - with_power, 0.0)

    offers = [GeneratorDelivery(NO_GENERATOR, (), horizon_days)] + list(deliveries)
    cuts = np.arange(int(math.ceil(horizon_days)) + 1, dtype=float)
    cuts[-1] = horizon_days
    rows, daily = [], {}
    for d in offers:
        arrival = [d.lead_time_days] if d.lead_time_days < horizon_days else []
        bounds = sorted({0.0, horizon_days, *(t for t, _ in starts), *arrival})
        damage_pd = blackout_pd = 0.0
        per_day = np.zeros(len(cuts) - 1)
        for a, b in zip(bounds[:-1], bounds[1:]):
            repaired = max((s for s in starts if s[0] <= a), key=lambda s: s[0])[1]
            powered = frozenset(d.pumps) if d.name != NO_GENERATOR and a >= d.lead_time_days else frozenset()
            dmg, blk = loss(repaired, powered)
            damage_pd += dmg * (b - a)
            blackout_pd += blk * (b - a)
            overlap = np.clip(np.minimum(cuts[1:], b) - np.maximum(cuts[:-1], a), 0.0, None)
            per_day += (dmg + blk) * overlap
        daily[d.name] = per_day
        row = {
            "option": d.name,
            "lead_time_days": d.lead_time_days,
            "pumps": " ".join(d.pumps),
            "person_days_without_water": damage_pd + blackout_pd,
            "from_damage_person_days": damage_pd,
            "from_blackouts_person_days": blackout_pd,
            "cost_eur": float("nan") if d.cost_eur is None else d.cost_eur,
        }
        if d.rated_kva is not None:  # on the network as the horizon ends (the last stage within it)
            grid_on = np.resize(np.array(spec.grid_on, dtype=bool), int(HOURS_PER_DAY))
            row.update(set_fuel(d, days.day(starts[-1][1], frozenset(d.pumps))[1], grid_on))
        rows.append(row)
    out = pd.DataFrame(rows).set_index("option")
    out["person_days_saved"] = out.at[NO_GENERATOR, "person_days_without_water"] - out["person_days_without_water"]
    saved = out["person_days_saved"].where(out["person_days_saved"] > 1e-9)
    out["cost_eur_per_person_day_saved"] = out["cost_eur"] / saved
    stage_rows = []
    for t, repaired in starts:
        dmg, blk = loss(repaired, frozenset())
        stage_rows.append(
            {"day": t, "repaired": " ".join(sorted(repaired)), "damage_loss_per_day": dmg, "blackout_loss_per_day": blk}
        )
    out.attrs.update(
        daily=pd.DataFrame(daily, index=pd.RangeIndex(len(cuts) - 1, name="day")),
        stages=pd.DataFrame(stage_rows),
        solves=len(days.cache),
        repairs_done_day=max((j.end_day for j in sched.jobs), default=0.0),
        unit="person-day",
    )
    return out


def hourly_person_days(net, damage, sched, options, spec, zones=None) -> float:
    """Person-days without water of ``sched``'s repairs with every stage measured hour by hour: each stage's
    second day of EPANET's extended-period run with every pump powered, less the intact network's, over the
    stage's days (the damage part of :func:`blackout_with_repairs`, without a timetable). It counts what a
    steady snapshot cannot: the demand pattern's peak hours and the tanks' daily cycle."""
    days = _StageDays(net, damage, options, replace(spec, grid_on=(), generator=False), zones)
    everything = frozenset(days.pumps)
    reference = days.day(frozenset(element_of(d) for d in damage), everything)[0]
    starts = stage_starts(sched, damage)
    lost = 0.0
    for (a, repaired), (b, _) in zip(starts[:-1], starts[1:]):
        lost += max(days.day(repaired, everything)[0] - reference, 0.0) * (b - a)
    return lost


__all__ = ["blackout_with_repairs", "hourly_person_days", "stage_starts"]
