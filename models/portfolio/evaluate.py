"""Every site against every set type in the inventory: the check of ``teplovoda power size``, fuel, water hours.

**The check** is ``power size``'s own (:func:`teplovoda.models.power.site.check_manual_choice` on the site's
motors and auxiliaries, motors alone as in a power scenario without ``[water]``): the set's nameplate derated
for the site's altitude and temperature, the running load within the load margin, the worst motor start
within the voltage-dip limit, by pandapower; ``needed_kva`` and ``shortfall_kva`` as it gives them. Each
site's motors get one :class:`~teplovoda.models.power.site.StartStudy` (one pandapower net, and its cache of
the smallest starting kVA), shared by all its checks.

**Monotone in kVA**: a bigger set carries at least the load a smaller one does and dips the voltage less on
every start (the rule ``power size``'s own search for the smallest starting kVA rests on), so a site's
results over the inventory's sizes are a threshold. ``check_manual_choice`` runs first at the largest size
(if it fails, all do), then at the size its ``needed_kva`` points to and the one below it, then by bisection
until the smallest passing size is pinned (usually three checks in all; ``checked``); a larger size passes, a
smaller one fails with the shortfall ``needed_kva - kva`` of the checked size just below the threshold (the
same worst start). ``exhaustive=True`` checks every size (the tests compare the two).

**Fuel** per day is ``power size``'s for motors alone (:func:`~teplovoda.models.power.generators.fuel_l_per_h`
at the running load in every grid-off hour); deliveries per week are its
:func:`~teplovoda.models.power.scenario.refill_plan` for the site's tank and the portfolio's tanker.

**Hours of water per day** (tank-buffered estimate, no network model): the pumps run in grid hours; the
clear-water storage (``storage_h`` hours of average demand) bridges each outage of the site's day up to that
many hours, refilled in the grid hours after it (the pumps' spare capacity assumed enough). Without a set::

    hours_without_h = grid_hours + sum over outages b of min(b, storage_h)

A set that passes runs the pumps through every outage, as fuel allows: when the site's access allows fewer
deliveries a week than the set's fuel needs, it runs that share of the outage hours
(``fuel_share = min(1, allowed / needed)``)::

    hours_with_h = hours_without_h + fuel_share * (24 - hours_without_h)

**Sites modelled in detail** (a ``scenario`` in the sites sheet): the check of every size is ``power size``'s
on that scenario's site model (its motors at their duty points on the water network when it has one, its
auxiliaries and CHP, its ``[site]`` and assumptions), every size checked; fuel per day and deliveries are
``power size``'s for that size (:meth:`~teplovoda.models.power.scenario.PowerRun.fuel_for`: the blackout day's
hourly load, the scenario's tank and tanker); the hours of water are the estimate above on the scenario's
timetable and the row's ``storage_h``.

**Sites modelled by a water scenario** (``water_scenario`` in the sites sheet, :mod:`.water`): the hours of
water without a set are ``teplovoda water blackout``'s (EPANET's run of the scenario's timetable, the blackout's
person-days without water per person), a passing set powers every timetabled pump (24 h, or the fuel share of
the outage hours when access limits deliveries), fuel per day is ``water blackout``'s for that set; the check
is the pumps' EPANET peak within the set's derated rating (or the power scenario's, when ``scenario`` names one
beside it). The column ``hours_from`` says which: ``epanet`` or ``estimate``.

People-hours of water added per day are ``people * (hours_with_h - hours_without_h)`` for a passing set, 0
for one that fails. A set already on site (``existing_kva``) that passes sets the site's baseline (its hours
with that set); one that fails is ignored, its check reported.
"""

from __future__ import annotations

import dataclasses
import logging

import numpy as np
import pandas as pd

from teplovoda.models.power.blackout import HOURS_PER_DAY
from teplovoda.models.power.generators import fuel_l_per_h
from teplovoda.models.power.scenario import refill_plan
from teplovoda.models.power.scenario import run_scenario as run_power_scenario
from teplovoda.models.power.site import StartStudy, check_manual_choice, motor_running_kw, running_totals

logger = logging.getLogger(__name__)

#: Sites from which :func:`evaluate` sends the work to Dask when given workers (below, a cluster's start costs more).
DASK_MIN_SITES = 40
#: Sites per Dask task (one task's overhead is a few ms; a site's checks take tens).
SITES_PER_TASK = 25

COLUMNS = (
    "site",
    "oblast",
    "set_type",
    "kva",
    "checked",
    "passes",
    "running_ok",
    "start_ok",
    "worst_start",
    "start_dip_pct",
    "needed_kva",
    "shortfall_kva",
    "load_kw",
    "fuel_l_per_day",
    "deliveries_per_week",
    "fuel_share",
    "hours_without_h",
    "hours_with_h",
    "people",
    "people_hours_per_day",
    "hours_from",
)


def outage_blocks(timetable) -> list[int]:
    """Lengths (h) of the outages of a cyclic 24-hour day (``timetable``: True = grid on)."""
    on = np.asarray(timetable, dtype=bool)
    if on.all():
        return []
    if not on.any():
        return [HOURS_PER_DAY]
    start = int(np.argmax(on))  # rotate so the day starts with grid on: an outage is never split across midnight
    blocks, run = [], 0
    for g in np.roll(on, -start):
        if g:
            if run:
                blocks.append(run)
            run = 0
        else:
            run += 1
    return blocks + ([run] if run else [])


def hours_without_h(timetable, storage_h: float) -> float:
    """Hours of water a day on the grid alone, storage bridging each outage (module doc)."""
    grid = float(np.sum(np.asarray(timetable, dtype=bool)))
    return grid + sum(min(b, storage_h) for b in outage_blocks(timetable))


def _electrics(site, defaults, assumptions):
    """The site as ``power size`` takes it: its ``Site`` (the portfolio's defaults, its name), running table, study."""
    electrical = dataclasses.replace(defaults, name=site.row.name)
    running = motor_running_kw(site.motors, None)
    study = StartStudy(electrical, running, site.aux, generator=True, assumptions=assumptions)
    return electrical, running, study


def _checks(site, kvas, defaults, assumptions, exhaustive: bool) -> dict:
    """``check_manual_choice`` at the sizes the threshold needs (every size with ``exhaustive``): kVA -> result."""
    electrical, running, study = _electrics(site, defaults, assumptions)

    def check(kva):
        return check_manual_choice(electrical, running, site.aux, kva, assumptions=assumptions, study=study)

    if exhaustive:
        return {k: check(k) for k in kvas}
    done = {kvas[-1]: check(kvas[-1])}
    if not done[kvas[-1]]["passes"]:
        return done  # the largest fails: every smaller size does
    # the answer lies in [lo, hi], kvas[hi] passing; probe where needed_kva says the threshold is, then bisect
    lo, hi = 0, len(kvas) - 1
    guess = next((i for i, k in enumerate(kvas) if k >= done[kvas[-1]]["needed_kva"]), hi)
    for probe in (guess, guess - 1):
        if lo <= probe < hi:
            done[kvas[probe]] = check(kvas[probe])
            lo, hi = (lo, probe) if done[kvas[probe]]["passes"] else (probe + 1, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        done[kvas[mid]] = check(kvas[mid])
        lo, hi = (lo, mid) if done[kvas[mid]]["passes"] else (mid + 1, hi)
    return done


def _verdicts(kvas, done: dict) -> dict:
    """Every size's verdict from the checked ones (module doc, monotone in kVA)."""
    first = next((k for k in kvas if k in done and done[k]["passes"]), None)
    below = [k for k in kvas if k in done and not done[k]["passes"]]
    out = {}
    for k in kvas:
        if k in done:
            out[k] = dict(done[k], checked=True)
        elif first is not None and k >= first:
            out[k] = {"passes": True, "needed_kva": done[first]["needed_kva"], "shortfall_kva": 0.0, "checked": False}
        else:
            ref = done[max(b for b in below if b <= k)] if any(b <= k for b in below) else done[min(below)]
            out[k] = {"passes": False, "needed_kva": ref["needed_kva"], "shortfall_kva": max(ref["needed_kva"] - k, 0.0)}
            out[k]["checked"] = False
    return out


def _share(site, need: float) -> float:
    """The share of the outage hours a set runs when the site's access allows fewer deliveries than it needs."""
    return 1.0 if need <= site.row.deliveries_per_week else site.row.deliveries_per_week / need


def _fuel(site, kva: float, load_kw: float, assumptions, tanker_l: float) -> dict:
    off_h = HOURS_PER_DAY - int(np.sum(np.asarray(site.timetable, dtype=bool)))
    per_day = off_h * float(fuel_l_per_h(assumptions, kva * assumptions.power_factor, max(load_kw, 0.0)))
    need = refill_plan(site.row.tank_l, tanker_l, per_day)["deliveries_per_week"]
    return {"fuel_l_per_day": per_day, "deliveries_per_week": need, "fuel_share": _share(site, need)}


def _sheet_model(site, kvas, defaults, assumptions, tanker_l: float, exhaustive: bool):
    """A pumps-sheet site: verdicts by kVA, its fuel at a kVA, its running load (kW)."""
    verdicts = _verdicts(kvas, _checks(site, kvas, defaults, assumptions, exhaustive))
    load_kw, _ = running_totals(motor_running_kw(site.motors, None), site.aux)
    return verdicts, lambda kva: _fuel(site, kva, load_kw, assumptions, tanker_l), load_kw


def _detailed_model(site, kvas):
    """A site modelled in detail: ``teplovoda power size`` on its scenario (its site, motors at their duty points,
    auxiliaries, CHP, assumptions), each size checked by ``check_manual_choice`` as ``power size`` checks a
    chosen set, and the fuel of a size its :meth:`~teplovoda.models.power.scenario.PowerRun.fuel_for` (the
    scenario's timetable, tank and tanker)."""
    scn = site.detail
    run = run_power_scenario(scn)
    chp_pf = scn.chp[0].power_factor if scn.chp else 1.0
    a = scn.assumptions
    study = StartStudy(scn.site, run.running, scn.aux_loads, generator=True, chp_kw=run.chp_kw, chp_pf=chp_pf, assumptions=a)
    verdicts = {
        k: dict(
            check_manual_choice(
                scn.site, run.running, scn.aux_loads, k, chp_kw=run.chp_kw, chp_pf=chp_pf, assumptions=a, study=study
            ),
            checked=True,
        )
        for k in kvas
    }

    def fuel(kva):
        f = run.fuel_for(kva)
        need = f["deliveries_per_week"]
        return {"fuel_l_per_day": f["fuel_l_per_day"], "deliveries_per_week": need, "fuel_share": _share(site, need)}

    return verdicts, fuel, float(run.fuel["running_load_kw"])


def _water_model(site, kvas, day, verdicts, defaults, assumptions, tanker_l: float):
    """A site modelled by a water scenario (:mod:`.water`): verdicts (the power scenario's when given, else the
    pumps' EPANET peak against each size), fuel of a size (``water blackout``'s), the pumps' peak load (kW)."""
    from teplovoda.models.portfolio.water import water_fuel, water_verdict

    if verdicts is None:
        verdicts = {k: water_verdict(day, k, defaults, assumptions) for k in kvas}

    def fuel(kva):
        per_day = water_fuel(day, kva, assumptions)["fuel_l_per_day"]
        need = refill_plan(site.row.tank_l, tanker_l, per_day)["deliveries_per_week"]
        return {"fuel_l_per_day": per_day, "deliveries_per_week": need, "fuel_share": _share(site, need)}

    return verdicts, fuel, day.peak_kw()


def evaluate_site(
    site, inventory, defaults, assumptions, tanker_l: float, *, exhaustive: bool = False, water_day=None
) -> list[dict]:
    """One site against every set type of ``inventory``: one dict per set type (columns :data:`COLUMNS`).

    ``water_day``: a site modelled by a water scenario's :class:`~.water.WaterDay` (run here when not given)."""
    kvas = sorted({float(s.kva) for s in inventory} | ({float(site.row.existing_kva)} if site.row.existing_kva else set()))
    verdicts = None
    if site.detail is not None:
        verdicts, fuel_of, load_kw = _detailed_model(site, kvas)
    elif site.water is None:
        verdicts, fuel_of, load_kw = _sheet_model(site, kvas, defaults, assumptions, tanker_l, exhaustive)
    if site.water is not None:
        from teplovoda.models.portfolio.water import water_day as run_water_day

        day = water_day if water_day is not None else run_water_day(site.water.scenario)
        verdicts, fuel_of, load_kw = _water_model(site, kvas, day, verdicts, defaults, assumptions, tanker_l)
        base = day.hours_without_h
    else:
        base = hours_without_h(site.timetable, site.row.storage_h)
    if site.row.existing_kva and verdicts[float(site.row.existing_kva)]["passes"]:
        share = fuel_of(float(site.row.existing_kva))["fuel_share"]
        base = base + share * (HOURS_PER_DAY - base)
    rows = []
    for s in inventory:
        v = verdicts[float(s.kva)]
        fuel = fuel_of(float(s.kva))
        with_h = base + fuel["fuel_share"] * (HOURS_PER_DAY - base) if v["passes"] else base
        rows.append(
            {
                "site": site.row.name,
                "oblast": site.row.oblast,
                "set_type": s.set_type,
                "kva": float(s.kva),
                "checked": v["checked"],
                "passes": bool(v["passes"]),
                "running_ok": v.get("running_ok", np.nan),
                "start_ok": v.get("start_ok", np.nan),
                "worst_start": v.get("worst_start", ""),
                "start_dip_pct": v.get("start_dip_pct", np.nan),
                "needed_kva": float(v["needed_kva"]),
                "shortfall_kva": float(v["shortfall_kva"]),
                "load_kw": load_kw,
                **fuel,
                "hours_without_h": base,
                "hours_with_h": with_h,
                "people": site.row.people,
                "people_hours_per_day": max(site.row.people * (with_h - base), 0.0),
                "hours_from": "epanet" if site.water is not None else "estimate",
            }
        )
    return rows


def _evaluate_chunk(sites, inventory, defaults, assumptions, tanker_l, days=None) -> list[dict]:
    days = days or {}
    return [
        r
        for s in sites
        for r in evaluate_site(
            s, inventory, defaults, assumptions, tanker_l, water_day=days.get(s.water.content_hash) if s.water else None
        )
    ]


def evaluate(portfolio, *, workers: int | None = None, scheduler: str | None = None) -> pd.DataFrame:
    """Every (site, set type) of ``portfolio``: one row each, columns :data:`COLUMNS`, sites in file order.

    With ``workers`` (or a ``scheduler`` address) and at least :data:`DASK_MIN_SITES` sites, the sites go to
    Dask in tasks of :data:`SITES_PER_TASK` (the Monte Carlo's cluster, processes: pandapower holds the GIL).
    The water scenarios' EPANET runs are made first, once per distinct scenario (:func:`~.water.water_days`).
    """
    from teplovoda.models.portfolio.water import water_days

    sites = list(portfolio.sites)
    days = water_days([s.water for s in sites if s.water is not None], workers=workers, scheduler=scheduler)
    args = (portfolio.inventory, portfolio.site_defaults, portfolio.assumptions, portfolio.spec.tanker_l, days)
    if (workers or scheduler) and len(sites) >= DASK_MIN_SITES:
        rows = _evaluate_on_dask(sites, args, workers, scheduler)
    else:
        rows = _evaluate_chunk(sites, *args)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _evaluate_on_dask(sites, args, workers, scheduler) -> list[dict]:
    from teplovoda.models.montecarlo import _client

    client, cluster = _client(scheduler, workers)
    try:
        shared = client.scatter(list(args), broadcast=True)
        chunks = [sites[i : i + SITES_PER_TASK] for i in range(0, len(sites), SITES_PER_TASK)]
        futures = [client.submit(_evaluate_chunk, c, *shared, pure=False) for c in chunks]
        return [r for f in futures for r in f.result()]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


__all__ = ["COLUMNS", "evaluate", "evaluate_site", "hours_without_h", "outage_blocks"]
