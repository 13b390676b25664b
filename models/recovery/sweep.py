"""Monte Carlo of repairs: sampled damage, crews, mobilisation and option lead times; the distribution of
person-days lost per rule and per plan.

Each sample ``i`` draws, from ``numpy.random.default_rng((seed, i))`` and in this order:

* its damage, by the water sweep's own sampler (:func:`~teplovoda.models.montecarlo.sample_water_damage`:
  the scenario's ``[sweep]`` break rate per km, leak area, pump and source outages) on the intact network;
* its water crews, one of ``crews`` (each equally likely);
* its water crews' mobilisation, uniform between ``mobilisation_days`` (low, high) (a fixed value when equal);
* one lead-time factor, uniform in ``lead_time_spread`` (low, high), per ``[[recovery.options]]`` entry that
  gives ``lead_time_days`` (file order): its lead time is the scenario's times the factor. The factors come
  last, so a scenario's damage, crews and mobilisation are the same with or without options, and they are
  drawn even when the spread is ``[1, 1]`` (a spread does not move the other draws).

A pump without power is an electrical crew's repair (one crew from day 0, the defaults); the water crews'
mobilisation is set only when a sample has a water repair. The sample's repairs are then planned as
``teplovoda water recovery`` plans them (:func:`~teplovoda.models.recovery.water.water_repairs`: the
duration table, the scenario's ``[recovery]`` overrides dropped since its elements need not break), and
each rule of :data:`SWEEP_RULES` is scheduled and its service curve re-solved. The rules are the ones that
run on any number of repairs: the exact ones stop at 8. A sample without damage loses nothing.

**Plans.** When the scenario has ``[[recovery.options]]``, every plan of ``teplovoda compare``'s water
recovery (:mod:`~teplovoda.models.recovery.water_plans`: no action, the crews' repairs only, and each option
from its drawn lead time) is also run on the sample's damage, crews and ``network_ratio`` schedule, over the
scenario's ``[recovery] horizon_days``: person-days without water per plan, person-days restored against no
action, and cost per person-day restored. The rules count person-days until the last repair, the plans
until the horizon, so "no action" equals the ``network_ratio`` rule when the repairs end within it.
Options under sampled damage: an option's ``repair`` and ``close`` lists are kept only for the elements
damaged in the sample (repairing or isolating an intact pipe is nothing to do, and closing an intact main
would take water away). An option aimed at elements (it names some to repair or close) none of which broke
in the sample is not deployed at all: nobody lays the bypass of a main that did not break, and a temporary
pipe laid for nothing can take water from where it is needed (on Net3 the layflat 145-141 beside an intact
main 153 costs 51,760 person-days). An option that names no element (a bypass or a drive for its own sake) is
always deployed with its temporary pipes and drives. An option drawn to arrive at or
beyond the horizon (or after its ``until_day``) is never in service in it, not an error; an option without
``lead_time_days`` enters service when the crews finish its (damaged) repairs, as in ``water_plans``.

The draws depend only on ``(seed, i)``, so the table is the same whatever the scheduler, the number of
workers or the order the samples finish in.
"""

from __future__ import annotations

import dataclasses
import logging

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.recovery import spec as rspec

logger = logging.getLogger(__name__)

#: Person-days restored (either sign) within which an option restored nobody (written as 0): its stages are solved on
#: rebuilt networks and no action's on switched ones, which agree to about 1e-10 person-days, not to the last bit.
RESTORED_TOLERANCE_PERSON_DAYS = 1e-6
#: The rules every sample is scheduled by (the exact ones need at most 8 repairs, so a sample may not fit them).
SWEEP_RULES = ("ratio", "critical", "nearest", "network_ratio")


@dataclasses.dataclass(frozen=True)
class RecoverySweep:
    """What varies besides the damage: water crews (one of ``crews``) and their mobilisation, days (a range)."""

    crews: tuple[int, ...] = (2,)
    mobilisation_days: tuple[float, float] = (1.0, 1.0)
    #: each [[recovery.options]] lead time times a factor uniform in (low, high)
    lead_time_spread: tuple[float, float] = (1.0, 1.0)

    def __post_init__(self):
        if not self.crews or any(not (1 <= c <= rspec.MAX_CREWS) for c in self.crews):
            got = ",".join(map(str, self.crews))
            bad = Msg("rec.crew_counts", "each count must be 1..{max_crews}, got {got}", max_crews=rspec.MAX_CREWS, got=got)
            raise InputError(within("--crews", bad))
        lo, hi = self.mobilisation_days
        if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo <= hi <= rspec.MAX_MOBILISATION_DAYS):
            bad = Msg(
                "rec.mobilisation_range",
                "need 0 <= low <= high <= {max_days}, got {got}",
                max_days=f"{rspec.MAX_MOBILISATION_DAYS:g}",
                got=f"{lo:g},{hi:g}",
            )
            raise InputError(within("--mobilisation-days", bad))
        lo, hi = self.lead_time_spread
        if not rspec.spread_ok(lo, hi):
            raise InputError(within("--lead-time-spread", rspec.spread_problem(f"{lo:g},{hi:g}")))


def draw(net, spec, sweep: RecoverySweep, index: int, timings=()) -> tuple[list, int, float, dict]:
    """Sample ``index``'s damage, water crews, mobilisation days and, per entry of ``timings`` (the
    ``[[recovery.options]]``) with a ``lead_time_days``, its drawn lead time (option -> days); see the module doc."""
    from teplovoda.models.montecarlo import sample_water_damage

    rng = np.random.default_rng((spec.seed, index))
    damage = sample_water_damage(net, spec, rng)
    crews = int(sweep.crews[int(rng.integers(len(sweep.crews)))])
    lo, hi = sweep.mobilisation_days
    mobilisation = float(lo + (hi - lo) * rng.random())
    lo, hi = sweep.lead_time_spread
    lead = {t.option: t.lead_time_days * float(lo + (hi - lo) * rng.random()) for t in timings if t.lead_time_days is not None}
    return damage, crews, mobilisation, lead


def sampled_options(options, damage) -> tuple:
    """The ``[[options]]`` under a sample's ``damage``: ``repair`` and ``close`` kept only for damaged elements; an
    option aimed only at intact elements not deployed (no pipes or drives either); see the module doc."""
    from teplovoda.models.damage import element_of

    damaged = {element_of(d) for d in damage}

    def under(o):
        aimed = {*o.repair, *o.close}
        if aimed and not aimed & damaged:  # aimed at what did not break: not deployed
            return dataclasses.replace(o, repair=(), close=(), pipes=(), drives=())
        return dataclasses.replace(
            o, repair=tuple(e for e in o.repair if e in damaged), close=tuple(e for e in o.close if e in damaged)
        )

    return tuple(under(o) for o in options)


def _sample_recovery(scn, damage, mobilisation: float, lead: dict) -> rspec.RecoverySpec:
    """A sample's ``[recovery]``: the water crews' mobilisation when a water crew is needed (a sample of pumps
    without power needs electrical only), the scenario's horizon and its options with the drawn lead times."""
    from teplovoda.models.recovery import durations

    trades = {durations.default_duration(durations.WATER_ELEMENT_TYPES[d.kind])[1] for d in damage}
    timings = tuple(
        dataclasses.replace(t, lead_time_days=lead[t.option]) if t.option in lead else t for t in scn.recovery.options
    )
    return rspec.RecoverySpec(
        mobilisation_days={"water": mobilisation} if "water" in trades else {},
        horizon_days=scn.recovery.horizon_days,
        options=timings,
    )


def plan_names(scn) -> list[str]:
    """The plans a scenario's sweep runs: none without ``[[recovery.options]]``, else no action and each option."""
    from teplovoda.models.recovery.water_plans import NO_ACTION

    return [NO_ACTION, *(t.option for t in scn.recovery.options)] if scn.recovery.options else []


def _plan_columns(rec, sched, net, names: list[str]) -> dict:
    """Per plan: ``person_days_without_water:<plan>``; per option also ``person_days_restored:<option>`` and
    ``cost_per_person_day_restored_eur:<option>`` (NaN without a saving). No damage (``rec`` None): nothing lost."""
    from teplovoda.models.recovery.water_plans import NO_ACTION, plans_of

    out = {}
    plans = plans_of(rec, sched, net, beyond=True).plans if rec is not None else {}
    base = plans[NO_ACTION].person_days_without if plans else 0.0
    for name in names:
        p = plans.get(name)
        out[f"person_days_without_water:{name}"] = p.person_days_without if p else 0.0
        if name != NO_ACTION:
            restored = base - p.person_days_without if p else 0.0
            restored = 0.0 if abs(restored) <= RESTORED_TOLERANCE_PERSON_DAYS else restored  # the solves' last bits
            out[f"person_days_restored:{name}"] = restored
            per = p.cost_eur / restored if p and restored > RESTORED_TOLERANCE_PERSON_DAYS else float("nan")
            out[f"cost_per_person_day_restored_eur:{name}"] = per
    return out


def recovery_sample(payload: dict, sweep: RecoverySweep, index: int) -> dict:
    """One sample: its draws, what broke, the person-days without water of each rule of :data:`SWEEP_RULES` and,
    with ``[[recovery.options]]``, of each plan (see the module doc and :func:`run_recovery_sweep`)."""
    from teplovoda.models.montecarlo import damage_names
    from teplovoda.models.recovery.schedule import schedules
    from teplovoda.models.recovery.water import network_greedy, service_curve, water_repairs

    scn, net = payload["scenario"], payload["net"]
    damage, crews, mobilisation, lead = draw(net, scn.sweep, sweep, index, scn.recovery.options)
    row = {"sample": index, "crews": crews, "mobilisation_days": mobilisation, "repairs": len(damage)}
    row["damage"] = damage_names(damage)
    row |= {f"lead_time_days:{o}": v for o, v in lead.items()}
    names = plan_names(scn)
    if not damage:
        return row | {f"person_days_{r}": 0.0 for r in SWEEP_RULES} | {"last_day": 0.0} | _plan_columns(None, None, net, names)
    recovery = _sample_recovery(scn, damage, mobilisation, lead)
    case = dataclasses.replace(scn, damage=tuple(damage), recovery=recovery, options=sampled_options(scn.options, damage))
    rec = water_repairs(case, net, water_crews=crews)
    depot = (rec.recovery.depot_x_m, rec.recovery.depot_y_m)
    scheds = {r: s for r, s in schedules("all", rec.repairs, rec.crews, depot).items() if r in SWEEP_RULES}
    scheds["network_ratio"] = network_greedy(rec)
    for rule in SWEEP_RULES:
        row[f"person_days_{rule}"] = service_curve(rec, scheds[rule]).attrs["person_days"]
    row["last_day"] = max(j.end_day for j in scheds["ratio"].jobs)
    return row | (_plan_columns(rec, scheds["network_ratio"], net, names) if names else {})


def run_recovery_sweep(scn, sweep: RecoverySweep, *, scheduler=None, workers=None, net=None) -> pd.DataFrame:
    """``scn.sweep.samples`` samples on Dask (the water sweep's cluster); one row per sample, in sample order.

    Columns: ``sample``, ``crews``, ``mobilisation_days``, ``repairs``, ``damage`` (kind and element per
    repair, ``; ``-separated), ``lead_time_days:<option>`` (drawn, day; options with a lead time),
    ``person_days_<rule>`` (person-day) for each rule, ``last_day`` (the ratio rule's last repair, day); with
    ``[[recovery.options]]`` per plan ``person_days_without_water:<plan>`` and per option
    ``person_days_restored:<option>`` (person-day) and ``cost_per_person_day_restored_eur:<option>`` (EUR).
    """
    from distributed import as_completed

    from teplovoda.models.montecarlo import _client
    from teplovoda.models.water.scenario import build_network

    net = build_network(scn) if net is None else net
    client, cluster = _client(scheduler, workers)
    try:
        shared = client.scatter({"scenario": scn, "net": net}, broadcast=True)
        futures = [client.submit(recovery_sample, shared, sweep, i, pure=False) for i in range(scn.sweep.samples)]
        rows = [f.result() for f in as_completed(futures)]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return pd.DataFrame(rows).sort_values("sample").reset_index(drop=True)


def summarise_rules(table: pd.DataFrame, scn=None) -> pd.DataFrame:
    """Per rule, then per plan of ``scn`` (rows, index ``kind`` = ``rule`` / ``plan`` and ``name``): ``mean``,
    ``p10``, ``p50``, ``p90`` of the person-days without water over the samples; per option also
    ``restored_mean`` (person-day), ``cost_eur`` and ``cost_per_person_day_restored_eur``, its cost over its mean
    person-days restored (NaN without a cost or a saving above :data:`RESTORED_TOLERANCE_PERSON_DAYS`): the cost of
    a person-day restored on average over the samples (not the mean of the samples' ratios, infinite when a sample
    restores nobody)."""
    from teplovoda.models.recovery.water_plans import NO_ACTION

    def stats(column: str) -> dict:
        v = table[column].to_numpy(float)
        return {"mean": float(v.mean()), **{f"p{q}": float(np.percentile(v, q)) for q in (10, 50, 90)}}

    rows = {("rule", rule): stats(f"person_days_{rule}") for rule in SWEEP_RULES}
    costs = {t.option: t.cost_eur for t in scn.recovery.options} if scn is not None else {}
    for name in plan_names(scn) if scn is not None else []:
        rows[("plan", name)] = stats(f"person_days_without_water:{name}")
        if name != NO_ACTION:
            restored = float(table[f"person_days_restored:{name}"].mean())
            cost = costs.get(name, float("nan"))
            per = cost / restored if restored > RESTORED_TOLERANCE_PERSON_DAYS and np.isfinite(cost) else float("nan")
            rows[("plan", name)] |= {"restored_mean": restored, "cost_eur": cost, "cost_per_person_day_restored_eur": per}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index = pd.MultiIndex.from_tuples(out.index, names=["kind", "name"])
    out.attrs["unit"] = "person-day; EUR"
    return out


__all__ = [
    "RecoverySweep",
    "SWEEP_RULES",
    "draw",
    "sampled_options",
    "plan_names",
    "recovery_sample",
    "run_recovery_sweep",
    "summarise_rules",
]
