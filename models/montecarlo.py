"""Many damage cases: Monte Carlo sweeps over sampled damage, run on Dask.

Each sample draws its own damage from a seeded generator (``numpy.random.default_rng((seed, i))``),
so a sweep gives the same numbers whatever the scheduler, worker count or task order:

* **pipe breaks**: each pipe (water) or route (heat) breaks with probability ``1 - exp(-rate x L)``
  for a break rate per km of pipe over the event (a Poisson count per km, at most one break a pipe);
  a water break is an orifice leak at mid-pipe of ``leak_area_cm2`` (default :data:`DEFAULT_LEAK_AREA_CM2`,
  200 cm2: a split of a third of the circumference on a 300 mm main, or most of the bore of a 150-200 mm
  distribution pipe; a large break, not a drip), isolated by its valve segment when the network has
  a valve layer and ``isolate_breaks`` is set; a heat route break closes its supply and return;
* **pump and source outages**: each pump (water) or source (water reservoirs and tanks, heat
  sources) is lost with its probability.

Every case of a scenario is swept with the same events: per sample the damage is drawn once (on the
intact network) and applied to the intact network, to the scenario's damaged network and to each
option's network (the elements that case has and has not damaged already), so the distributions
of people without water or heat compare the options under the same events.

Each row of a sweep's table names the damage its case got (``damage``: ``pipe_break 153; pump_lost 10``),
so a sample can be replayed as a scenario; rows are in sample order, then in the cases' order (intact,
damaged, each option), and :func:`summarise` keeps that order.

Per element, each sample also records what its solve gave every demand node (water junctions, heat
buildings): the delivered share of its demand, whether it is without the service and whether it is fully
served (:func:`element_record`). :func:`run_sweep_elements` keeps those records (one row per sample, case
and element) and :func:`element_statistics` turns them into each element's probability of being without
water or heat and its mean delivered share; :func:`damage_shares` counts how often each element was damaged
from the rows' ``damage`` column. Nothing is solved twice: the records come from the same solves.

Built networks are reused: they are sent to the workers once (``Client.scatter``) and each task
applies its damage to them, instead of reading and building the network from files every time.
The local default is a ``distributed.LocalCluster`` of processes (the solvers hold the GIL); any
existing scheduler can be given by address.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from teplovoda.models import kinds
from teplovoda.models.errors import InputError
from teplovoda.models.limits import MAX_SWEEP_SAMPLES
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import bounded

logger = logging.getLogger(__name__)


#: A sampled water break's orifice area, cm2: 200 cm2, a split of about a third of the circumference of a 300 mm
#: main (its full bore is 707 cm2), most of the bore of a 150-200 mm distribution pipe (177-314 cm2). One
#: area for every pipe keeps samples comparable; a scenario sets its own in ``[sweep] leak_area_cm2``.
DEFAULT_LEAK_AREA_CM2 = 200.0

#: Columns :func:`summarise` adds beside the one it summarises (their mean, P10, P50, P90, max as
#: ``<column>_mean``...): people partly served beside people without water, people heated beside people
#: without heat, so a summary shows who is short of water as well as who has none.
COMPANION_COLUMNS = {
    "people_without": ("people_partial", "people_equivalent_served"),
    "people_without_heat": ("people_heated",),
}


@dataclass(frozen=True)
class SweepSpec:
    """What a sweep samples (scenario ``[sweep]``); ``leak_area_cm2`` defaults to :data:`DEFAULT_LEAK_AREA_CM2`."""

    samples: int = bounded(200, ge=1, limit=MAX_SWEEP_SAMPLES)
    seed: int = bounded(1, ge=0)
    break_rate_per_km: float = bounded(0.5, ge=0, le=1000, unit="per km")
    leak_area_cm2: float = bounded(DEFAULT_LEAK_AREA_CM2, gt=0, le=100_000, unit="cm2")
    isolate_breaks: bool = True
    pump_outage_probability: float = bounded(0.0, ge=0, le=1)
    source_outage_probability: float = bounded(0.0, ge=0, le=1)
    # teplovoda water recovery-sweep (issue 16): water crews, one drawn per sample from the list, and their
    # mobilisation, uniform between [low, high] days (one value: fixed)
    recovery_crews: tuple[int, ...] = bounded((2,), ge=1, le=1000)
    recovery_mobilisation_days: tuple[float, ...] = bounded((1.0,), ge=0, le=365, unit="day")

    def __post_init__(self):
        if self.samples < 1:
            raise InputError(Msg("core.sweep.samples", "samples must be >= 1"))
        if self.break_rate_per_km < 0 or self.leak_area_cm2 <= 0:
            raise InputError(Msg("core.sweep.rates", "break_rate_per_km must be >= 0 and leak_area_cm2 > 0"))
        for name in ("pump_outage_probability", "source_outage_probability"):
            if not (0 <= getattr(self, name) <= 1):
                raise InputError(Msg("core.sweep.probability", "{field} must be between 0 and 1", field=name))
        if not self.recovery_crews:
            raise InputError(Msg("core.sweep.crews", "recovery_crews must list at least one crew count, e.g. [2, 4]"))
        mob = self.recovery_mobilisation_days
        if not (1 <= len(mob) <= 2) or mob[0] > mob[-1]:
            template = "recovery_mobilisation_days must be [low, high] days with low <= high, or one value; got {got}"
            raise InputError(Msg("core.sweep.mobilisation", template, got=list(mob)))


def _break_probability(length_km, rate: float) -> np.ndarray:
    return 1.0 - np.exp(-rate * np.asarray(length_km, dtype=float))


def sample_water_damage(net, spec: SweepSpec, rng: np.random.Generator) -> list:
    """Sampled damage list for a water network (see module doc)."""
    from teplovoda.models.units import M_PER_KM
    from teplovoda.models.water import damage as wd

    pipes = net.pipes()
    length_km = pipes["length_m"].to_numpy(float) / M_PER_KM
    broken = pipes.index[rng.random(len(pipes)) < _break_probability(length_km, spec.break_rate_per_km)]
    isolate = spec.isolate_breaks and len(net.isolation_valves)
    out: list = [
        wd.SegmentIsolated(pipe=p) if isolate else wd.PipeBreak(pipe=p, leak_area_cm2=spec.leak_area_cm2) for p in broken
    ]
    pumps = net.pumps()
    if pumps:
        lost = np.array(pumps, dtype=object)[rng.random(len(pumps)) < spec.pump_outage_probability]
        out += [wd.PumpLost(pump=p) for p in lost]
    srcs = net.sources.index.to_numpy(dtype=object)
    out += [wd.SourceLost(source=s) for s in srcs[rng.random(len(srcs)) < spec.source_outage_probability]]
    return out


def sample_heat_damage(net, spec: SweepSpec, rng: np.random.Generator) -> list:
    """Sampled damage list for a heat network: route closures and source outages."""
    from teplovoda.models.heat import damage as hd

    routes = net.pipe[net.pipe["line"] == "supply"]
    broken = routes["route"].astype(str)[
        rng.random(len(routes)) < _break_probability(routes["length_km"], spec.break_rate_per_km)
    ]
    out: list = [hd.PipeClosed(pipe=p) for p in broken]
    srcs = net["heat_source"]
    lost = srcs["name"].astype(str)[(rng.random(len(srcs)) < spec.source_outage_probability) & srcs["in_service"].to_numpy(bool)]
    out += [hd.SourceLost(source=s) for s in lost]
    return out


def applicable_water_damage(net, damage: list) -> list:
    """The part of a sampled damage list that applies to ``net``: elements it has, not already damaged.

    A case's network may lack elements of the network the damage was drawn on, or have them
    damaged already (the scenario's broken main, a pipe an option closes): a broken pipe does not
    break again and a lost pump is not lost twice.
    """
    from teplovoda.models.damage import declaration

    pools = {"pipe": set(net.pipes().index), "pump": set(net.pumps()), "source": set(net.sources.index)}
    done = set(net.damage["element"].astype(str))
    out = []
    for d in damage:
        dtype = declaration(d)
        element = dtype.element(d)
        if element in pools[dtype.target] and element not in done:
            out.append(d)
    return out


def damage_names(damage: list) -> str:
    """A sample's damage in one cell: ``"pipe_break 153; pump_lost 10"`` (kind and element, in draw order)."""
    from teplovoda.models.damage import declaration

    return "; ".join(f"{d.kind} {declaration(d).element(d)}" for d in damage)


def element_record(delivered_fraction: pd.Series, without, full, people) -> pd.DataFrame:
    """One sample's per-element outcome: index = element id; ``delivered_fraction`` (0-1), ``without`` (no
    service: water class ``none``, heat ``none``), ``full`` (water ``full``, heat ``heated``), ``people``."""
    return pd.DataFrame(
        {
            "delivered_fraction": np.asarray(delivered_fraction, dtype=float),
            "without": np.asarray(without, dtype=bool),
            "full": np.asarray(full, dtype=bool),
            "people": np.asarray(people, dtype=float),
        },
        index=pd.Index(delivered_fraction.index.astype(str), name="id"),
    )


def water_sample(nets: dict, options, spec: SweepSpec, index: int) -> list[dict]:
    """One water sample: the same drawn damage applied to every case (option), solved per case.

    The damage is drawn on the ``"intact"`` network (else the first), so every case faces the same
    event; each case gets the part of it that applies to its network (:func:`applicable_water_damage`).
    Returns one row per case: people without water and more.
    """
    from teplovoda.models.damage import declaration
    from teplovoda.models.water import metrics
    from teplovoda.models.water.damage import apply_damage
    from teplovoda.models.water.hydraulics import solve

    rng = np.random.default_rng((spec.seed, index))
    damage = sample_water_damage(nets["intact"] if "intact" in nets else next(iter(nets.values())), spec, rng)
    rows = []
    for label, net in nets.items():
        mine = applicable_water_damage(net, damage)
        res = solve(apply_damage(net, mine), options)
        people = metrics.people_served(res.junctions)
        cls = metrics.service_class(res.junctions)
        pop = metrics.demand_nodes(res.junctions)["population"]
        frac = metrics.service_fraction(res.junctions)
        own = frac.index.astype(str).intersection(net.nodes.index.astype(str), sort=False)
        rows.append(
            {
                "sample": index,
                "case": label,
                "breaks": sum(declaration(d).target == "pipe" for d in mine),  # a break, or its segment isolated
                "outages": sum(declaration(d).target in ("pump", "source") for d in mine),
                "damage": damage_names(mine),
                "people_without": people["people_without"],
                "people_partial": people["people_partial"],
                "people_equivalent_served": people["people_equivalent_served"],
                "unserved_volume_m3_per_day": metrics.unserved_volume_m3_per_day(res.junctions),
                "leak_m3_per_h": metrics.leak_outflow_m3_per_h(res.junctions),
                "converged": res.converged,
                # the case network's own nodes: a sampled break's mid-pipe node is not an element of the input
                "elements": element_record(frac, cls == "none", cls == "full", pop).reindex(own),
            }
        )
    return rows


def heat_sample(nets: dict, conditions, spec: SweepSpec, index: int) -> list[dict]:
    """One heat sample: the same drawn damage applied to every case (option), solved per case."""
    from teplovoda.models.damage import declaration
    from teplovoda.models.heat.damage import apply_damage
    from teplovoda.models.heat.metrics import service_class
    from teplovoda.models.heat.thermal import solve

    rows = []
    # damage is drawn on the first case's network so every option faces the same event
    first = next(iter(nets.values()))
    damage = sample_heat_damage(first, spec, np.random.default_rng((spec.seed, index)))
    for label, net in nets.items():
        pools = {"pipe": set(net.pipe["route"].astype(str)), "source": set(net["heat_source"]["name"].astype(str))}
        mine = [d for d in damage if declaration(d).element(d) in pools[declaration(d).target]]
        res = solve(apply_damage(net, mine), conditions)
        c = res.consumers
        cls = service_class(c)
        rows.append(
            {
                "sample": index,
                "case": label,
                "breaks": sum(declaration(d).target == "pipe" for d in mine),
                "damage": damage_names(mine),
                "people_without_heat": res.totals["people_without_heat"],
                "people_heated": res.totals["people_heated"],
                "converged": res.converged,
                "elements": element_record(c["delivered_fraction"], cls == "none", cls == "heated", c["people"]),
            }
        )
    return rows


def _client(scheduler: str | None, workers: int | None):
    from distributed import Client, LocalCluster

    # distributed sets its loggers to INFO when imported: keep its routine chatter out of reports
    for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.core", "distributed.worker"):
        logging.getLogger(name).setLevel(max(logging.getLogger("models").getEffectiveLevel(), logging.WARNING))

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers or max(1, min(4, _cpus())),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_sweep(
    kind: str, payload, args, spec: SweepSpec, *, scheduler: str | None = None, workers: int | None = None, progress: bool = True
) -> pd.DataFrame:
    """The samples' table of :func:`run_sweep_elements` (its per-element records left out)."""
    return run_sweep_elements(kind, payload, args, spec, scheduler=scheduler, workers=workers, progress=progress)[0]


def run_sweep_elements(
    kind: str, payload, args, spec: SweepSpec, *, scheduler: str | None = None, workers: int | None = None, progress: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``spec.samples`` samples on Dask; ``kind`` names a registered kind with a sampler, ``payload`` the networks by case.

    Parameters
    ----------
    kind : str
        A kind of :mod:`teplovoda.models.kinds` whose ``sampler`` draws and solves one sample: "water"
        (:func:`water_sample`; ``args``: :class:`~teplovoda.models.water.hydraulics.HydraulicOptions`) or
        "heat" (:func:`heat_sample`; ``args``: :class:`~teplovoda.models.heat.thermal.HeatConditions`).
    payload : dict
        Case name -> network: for water, "intact" (the damage is drawn on it), "damaged" (the
        scenario's damage) and each option's network; for heat, the same cases.

    Returns
    -------
    table : pandas.DataFrame
        One row per sample and case, in sample order, then in the cases' order in ``payload``.
    elements : pandas.DataFrame
        One row per sample, case and element (``sample``, ``case``, ``id``, then :func:`element_record`'s
        columns), in the same order; empty when the sampler records none.
    """
    from distributed import as_completed

    registered = kinds.get(kind)
    if registered.sampler is None:
        template = "a {kind} scenario has no Monte Carlo sweep (kinds with one: {swept})"
        raise InputError(Msg("core.no_sweep", template, kind=kind, swept=", ".join(_swept_kinds())))
    fn = kinds.resolve(registered.sampler)
    client, cluster = _client(scheduler, workers)
    try:
        shared = client.scatter(payload, broadcast=True)
        futures = [client.submit(fn, shared, args, spec, i, pure=False) for i in range(spec.samples)]
        rows = []
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=spec.samples, desc=f"{kind} sweep", unit="sample")
        for fut in as_completed(futures):
            r = fut.result()
            rows.extend(r if isinstance(r, list) else [r])
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    records = [r.pop("elements").rename_axis("id").assign(sample=r["sample"], case=r["case"]) for r in rows if "elements" in r]
    order = {case: k for k, case in enumerate(payload)}

    def in_order(t: pd.DataFrame) -> pd.DataFrame:  # a stable sort: a case's elements keep the solve's order
        return t.sort_values(
            ["sample", "case"], key=lambda c: c.map(order) if c.name == "case" else c, kind="stable"
        ).reset_index(drop=True)

    table = in_order(pd.DataFrame(rows))
    if not records:
        return table, pd.DataFrame(columns=["sample", "case", "id"])
    elements = pd.concat(records).reset_index()
    return table, in_order(elements[["sample", "case", "id", *[c for c in elements if c not in ("sample", "case", "id")]]])


def _swept_kinds() -> list[str]:
    return [k.name for k in kinds.kinds() if k.sampler is not None]


def _stats(v: np.ndarray) -> dict:
    v = v if len(v) else np.array([np.nan])
    return {
        "mean": float(np.mean(v)),
        "p10": float(np.percentile(v, 10)),
        "p50": float(np.percentile(v, 50)),
        "p90": float(np.percentile(v, 90)),
        "max": float(np.max(v)),
    }


def summarise(table: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
    """Mean and P10/P50/P90/max of a column (per ``by`` group, in the table's order) over the samples whose solve converged.

    Samples that did not converge are counted (``not_converged``) but left out of the statistics:
    their numbers are not a solution. The column's companions in the table (:data:`COMPANION_COLUMNS`:
    people partly served beside people without water) get the same statistics as ``<companion>_mean``,
    ``<companion>_p10``... columns.
    """
    groups = table.groupby(by, sort=False) if by else [("all", table)]
    companions = [c for c in COMPANION_COLUMNS.get(column, ()) if c in table]
    rows = []
    for key, g in groups:
        ok = g[g["converged"].astype(bool)]
        row = {by or "set": key, "samples": len(g), "not_converged": int(len(g) - len(ok)), **_stats(ok[column].to_numpy(float))}
        for c in companions:
            row.update({f"{c}_{k}": v for k, v in _stats(ok[c].to_numpy(float)).items()})
        rows.append(row)
    return pd.DataFrame(rows).set_index(by or "set")


def element_statistics(table: pd.DataFrame, elements: pd.DataFrame) -> pd.DataFrame:
    """Each element's outcome over the converged samples of its case (a sample that did not converge has no
    solution to count), one row per case and element (index ``case``, ``id``, in the records' order):

    ``samples`` (converged samples counted), ``probability_without`` (share of them without the service),
    ``probability_partial`` (served, not fully), ``probability_full``, ``delivered_fraction_mean`` and
    ``delivered_fraction_p10`` (the delivered share of demand, 0-1), ``people`` (the element's people, their
    mean) and ``people_without_mean`` (people times the probability without: the expected people without).
    """
    ok = table.loc[table["converged"].astype(bool), ["sample", "case"]]
    e = elements.merge(ok, on=["sample", "case"], how="inner")
    e = e.assign(partial=~e["without"].astype(bool) & ~e["full"].astype(bool))
    g = e.groupby(["case", "id"], sort=False)
    out = pd.DataFrame(
        {
            "samples": g.size(),
            "probability_without": g["without"].mean(),
            "probability_partial": g["partial"].mean(),
            "probability_full": g["full"].mean(),
            "delivered_fraction_mean": g["delivered_fraction"].mean(),
            "delivered_fraction_p10": g["delivered_fraction"].quantile(0.1),
            "people": g["people"].mean(),
        }
    )
    out["people_without_mean"] = out["people"] * out["probability_without"]
    return out


def damage_shares(table: pd.DataFrame) -> pd.DataFrame:
    """How often each element was damaged, per case, from the rows' ``damage`` cells (:func:`damage_names`).

    One row per case and damaged element (index ``case``, ``id``): ``damage`` (its kinds, ``pipe_break``...),
    ``samples_damaged`` and ``damaged_share`` (of the case's samples, converged or not: the draw does not
    depend on the solve).
    """
    rows = []
    for case, cell in zip(table["case"], table["damage"].fillna("")):
        for item in filter(None, str(cell).split("; ")):
            what, _, element = item.partition(" ")
            rows.append((case, element, what))
    counts = table.groupby("case", sort=False).size()
    d = pd.DataFrame(rows, columns=["case", "id", "damage"])
    if not len(d):
        return pd.DataFrame(
            columns=["damage", "samples_damaged", "damaged_share"],
            index=pd.MultiIndex.from_arrays([[], []], names=["case", "id"]),
        )
    g = d.groupby(["case", "id"], sort=False)
    out = pd.DataFrame({"damage": g["damage"].agg(lambda s: " ".join(sorted(set(s)))), "samples_damaged": g.size()})
    out["damaged_share"] = out["samples_damaged"] / counts.reindex(out.index.get_level_values("case")).to_numpy()
    return out


__all__ = [
    "run_sweep_elements",
    "element_statistics",
    "damage_shares",
    "element_record",
    "SweepSpec",
    "DEFAULT_LEAK_AREA_CM2",
    "damage_names",
    "run_sweep",
    "summarise",
    "sample_water_damage",
    "sample_heat_damage",
    "applicable_water_damage",
]
