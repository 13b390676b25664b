"""Monte Carlo of repairs: sampled damage, crews and mobilisation; the distribution of person-days lost per rule.

Each sample ``i`` draws, from ``numpy.random.default_rng((seed, i))`` and in this order:

* its damage, by the water sweep's own sampler (:func:`~teplovoda.models.montecarlo.sample_water_damage`:
  the scenario's ``[sweep]`` break rate per km, leak area, pump and source outages) on the intact network;
* its water crews, one of ``crews`` (each equally likely);
* its water crews' mobilisation, uniform between ``mobilisation_days`` (low, high) (a fixed value when equal).

A pump without power is an electrical crew's repair (one crew from day 0, the defaults); the water crews'
mobilisation is set only when a sample has a water repair. The sample's repairs are then planned as
``teplovoda water recovery`` plans them (:func:`~teplovoda.models.recovery.water.water_repairs`: the
duration table, the scenario's ``[recovery]`` overrides dropped since its elements need not break), and
each rule of :data:`SWEEP_RULES` is scheduled and its service curve re-solved. The rules are the ones that
run on any number of repairs: the exact ones stop at 8. A sample without damage loses nothing. The draws
depend only on ``(seed, i)``, so the table is the same whatever the scheduler, the number of workers or
the order the samples finish in.
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

#: The rules every sample is scheduled by (the exact ones need at most 8 repairs, so a sample may not fit them).
SWEEP_RULES = ("ratio", "critical", "nearest", "network_ratio")


@dataclasses.dataclass(frozen=True)
class RecoverySweep:
    """What varies besides the damage: water crews (one of ``crews``) and their mobilisation, days (a range)."""

    crews: tuple[int, ...] = (2,)
    mobilisation_days: tuple[float, float] = (1.0, 1.0)

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


def draw(net, spec, sweep: RecoverySweep, index: int) -> tuple[list, int, float]:
    """Sample ``index``'s damage, water crews and mobilisation days (see module doc)."""
    from teplovoda.models.montecarlo import sample_water_damage

    rng = np.random.default_rng((spec.seed, index))
    damage = sample_water_damage(net, spec, rng)
    crews = int(sweep.crews[int(rng.integers(len(sweep.crews)))])
    lo, hi = sweep.mobilisation_days
    mobilisation = float(lo + (hi - lo) * rng.random())
    return damage, crews, mobilisation


def recovery_sample(payload: dict, sweep: RecoverySweep, index: int) -> dict:
    """One sample: its draws, what broke, and the person-days without water of each rule of :data:`SWEEP_RULES`."""
    from teplovoda.models.montecarlo import damage_names
    from teplovoda.models.recovery.schedule import schedules
    from teplovoda.models.recovery.water import network_greedy, service_curve, water_repairs

    scn, net = payload["scenario"], payload["net"]
    damage, crews, mobilisation = draw(net, scn.sweep, sweep, index)
    row = {"sample": index, "crews": crews, "mobilisation_days": mobilisation, "repairs": len(damage)}
    row["damage"] = damage_names(damage)
    if not damage:
        return row | {f"person_days_{r}": 0.0 for r in SWEEP_RULES} | {"last_day": 0.0}
    from teplovoda.models.recovery import durations

    # the water crews' mobilisation when a water crew is needed (a sample of pumps without power needs electrical only)
    trades = {durations.default_duration(durations.WATER_ELEMENT_TYPES[d.kind])[1] for d in damage}
    rec_spec = rspec.RecoverySpec(mobilisation_days={"water": mobilisation} if "water" in trades else {})
    case = dataclasses.replace(scn, damage=tuple(damage), recovery=rec_spec)
    rec = water_repairs(case, net, water_crews=crews)
    depot = (rec.recovery.depot_x_m, rec.recovery.depot_y_m)
    scheds = {r: s for r, s in schedules("all", rec.repairs, rec.crews, depot).items() if r in SWEEP_RULES}
    scheds["network_ratio"] = network_greedy(rec)
    for rule in SWEEP_RULES:
        row[f"person_days_{rule}"] = service_curve(rec, scheds[rule]).attrs["person_days"]
    row["last_day"] = max(j.end_day for j in scheds["ratio"].jobs)
    return row


def run_recovery_sweep(scn, sweep: RecoverySweep, *, scheduler=None, workers=None, net=None) -> pd.DataFrame:
    """``scn.sweep.samples`` samples on Dask (the water sweep's cluster); one row per sample, in sample order.

    Columns: ``sample``, ``crews``, ``mobilisation_days``, ``repairs``, ``damage`` (kind and element per
    repair, ``; ``-separated), ``person_days_<rule>`` (person-day) for each rule, ``last_day`` (the ratio
    rule's last repair, day).
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


def summarise_rules(table: pd.DataFrame) -> pd.DataFrame:
    """Per rule (rows): ``mean``, ``p10``, ``p50``, ``p90`` of the person-days without water over the samples."""
    rows = {}
    for rule in SWEEP_RULES:
        v = table[f"person_days_{rule}"].to_numpy(float)
        rows[rule] = {"mean": v.mean(), **{f"p{q}": float(np.percentile(v, q)) for q in (10, 50, 90)}}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "rule"
    out.attrs["unit"] = "person-day"
    return out


__all__ = ["RecoverySweep", "SWEEP_RULES", "draw", "recovery_sample", "run_recovery_sweep", "summarise_rules"]
