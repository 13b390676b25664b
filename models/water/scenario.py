"""Water scenarios: a network, who it serves, how it is damaged; loading and running them.

A scenario file is TOML (see README, "Water scenario files"). :func:`load_scenario` validates it
into a frozen :class:`WaterScenario`; :func:`run_scenario` builds the network, solves it intact and
damaged, and returns a :class:`WaterRun` with both results and the metrics.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from teplovoda.models.damage import element_of
from teplovoda.models.errors import InputError, within
from teplovoda.models.files import file_at, require_file
from teplovoda.models.kinds import ExportsItself
from teplovoda.models.messages import Msg
from teplovoda.models.montecarlo import SweepSpec
from teplovoda.models.scenario import (
    Bounds,
    ScenarioInfo,
    array_of_tables,
    bounded,
    build,
    cases_taken,
    read_scenario,
    text,
    typed_entries,
    unique,
    unique_damage,
)
from teplovoda.models.units import HOURS_PER_DAY, LITRES_PER_M3
from teplovoda.models.water import damage as wdamage
from teplovoda.models.water import metrics
from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.eps import EpsResult, SimulationSpec, simulate
from teplovoda.models.water.hydraulics import HydraulicOptions, HydraulicResult, solve
from teplovoda.models.water.network import (
    LimitSource,
    WaterNetwork,
    add_isolation_valves,
    add_level_control,
    add_pipes,
    limit_source,
    set_pump_speed,
)

logger = logging.getLogger(__name__)

DEFAULT_PER_CAPITA_L_PER_DAY = 200.0
#: Upper bound of any population figure: more than the largest city on Earth is a typo.
MAX_PEOPLE = 50_000_000


@dataclass(frozen=True)
class NetworkSpec:
    """Where the network comes from, relative to the scenario file: an EPANET file (``inp_file``) or the
    mapping file of GIS layers (``gis``, :mod:`teplovoda.models.gis`), one of the two."""

    inp_file: str | None = None
    gis: str | None = None

    def __post_init__(self):
        if (self.inp_file is None) == (self.gis is None):
            raise InputError(Msg("water.inp_or_gis", "give either inp_file or gis (a GIS mapping file), not both"))

    @property
    def key(self) -> str:
        """The key naming the network's file (``inp_file`` or ``gis``)."""
        return "inp_file" if self.inp_file is not None else "gis"


@dataclass(frozen=True)
class PopulationSpec:
    """People served per node.

    Nodes listed in ``junctions`` get that many people; the others get theirs from ``total``
    (shared in proportion to base demand) or, without ``total``, from their base demand at
    ``per_capita_l_per_day`` (default 200 L per person per day, domestic plus the non-domestic
    share of a Ukrainian city's consumption).
    """

    total: float | None = bounded(None, ge=0, le=MAX_PEOPLE, unit="people")
    per_capita_l_per_day: float | None = bounded(None, gt=0, le=10_000, unit="L/day")
    junctions: dict[str, float] = field(default_factory=dict, metadata={"bounds": Bounds(ge=0, le=MAX_PEOPLE, unit="people")})

    def __post_init__(self):
        if self.total is not None and self.per_capita_l_per_day is not None:
            raise InputError(Msg("water.total_or_per_capita", "give either total or per_capita_l_per_day, not both"))
        if self.total is not None and self.total < 0:
            raise InputError(Msg("water.total_negative", "total must be >= 0"))
        if self.per_capita_l_per_day is not None and self.per_capita_l_per_day <= 0:
            raise InputError(Msg("water.per_capita_positive", "per_capita_l_per_day must be > 0"))
        bad = [k for k, v in self.junctions.items() if v < 0]
        if bad:
            raise InputError(within(f"junctions.{bad[0]}", Msg("water.population_negative", "population must be >= 0")))


@dataclass(frozen=True)
class IsolationValveSpec:
    """The valve layer: listed valves (``[pipe, junction]`` pairs) or a WNTR placement rule.

    ``placement = "strategic"`` with ``n`` puts a valve on every pipe end at each node except ``n``
    of them (N-n rule); ``"random"`` places ``n`` valves with ``seed``; ``"none"`` and a list in
    ``valves`` use only the listed ones.
    """

    placement: str = "none"
    n: int = bounded(1, ge=0)
    seed: int = bounded(0, ge=0)
    valves: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self):
        if self.placement not in ("none", "strategic", "random"):
            template = "placement must be 'none', 'strategic' or 'random', got {got}"
            raise InputError(Msg("water.placement", template, got=repr(self.placement)))
        if self.n < 0:
            raise InputError(Msg("water.n_negative", "n must be >= 0"))
        for i, v in enumerate(self.valves):
            if len(v) != 2:
                raise InputError(Msg("water.valve_pair", "valves[{i}] must be [pipe, junction]", i=i))


@dataclass(frozen=True)
class SourceLimit:
    """``[[sources]]``: a reservoir's capacity (an intake's or a treatment plant's), m3/h."""

    name: str
    max_flow_m3_per_h: float = bounded(gt=0, le=1e6, unit="m3/h")


@dataclass(frozen=True)
class LevelControl:
    """``[[controls]]``: a pump that stops when a tank is full enough and starts when it runs low."""

    pump: str
    tank: str
    stop_above_m: float = bounded(ge=0, le=100, unit="m")
    start_below_m: float = bounded(ge=0, le=100, unit="m")


@dataclass(frozen=True)
class ZoneSpec:
    name: str
    junctions: tuple[str, ...]


@dataclass(frozen=True)
class BypassPipe:
    """A temporary pipe an option lays (layflat hose, overground steel), Hazen-Williams C."""

    name: str
    from_junction: str
    to_junction: str
    length_m: float = bounded(gt=0, le=1e6, unit="m")
    diameter_m: float = bounded(gt=0, le=10, unit="m")
    hazen_williams_c: float = bounded(120.0, gt=0, le=200)


@dataclass(frozen=True)
class PumpDrive:
    """A variable-speed drive an option puts on a pump: a relative ``speed``, or the constant speed that
    holds ``pressure_m`` at ``node`` in the scenario's steady state (found by root finding over 0.3-1.2;
    the speed then stays constant through an extended-period run: EPANET has no pressure-following
    drive)."""

    pump: str
    speed: float | None = bounded(None, gt=0, le=1.2, unit="1")
    node: str | None = None
    pressure_m: float | None = bounded(None, gt=0, le=300, unit="m")

    def __post_init__(self):
        if (self.speed is None) == (self.pressure_m is None):
            raise InputError(Msg("water.speed_or_pressure", "give either speed or pressure_m (with node)"))
        if (self.pressure_m is None) != (self.node is None):
            raise InputError(Msg("water.pressure_and_node", "pressure_m and node go together"))


#: Speeds a pressure-holding drive may choose from (relative to the pump curve's speed).
DRIVE_SPEED_RANGE = (0.3, 1.2)


@dataclass(frozen=True)
class WaterOption:
    """A recovery option: damage on named elements repaired, pipes closed (a break isolated), temporary
    pipes laid, pumps put on variable-speed drives."""

    name: str
    repair: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    pipes: tuple[BypassPipe, ...] = ()
    drives: tuple[PumpDrive, ...] = ()
    description: str = ""
    #: the name shown in Ukrainian / English (else ``name``, which also keys the results)
    name_uk: str = text()
    name_en: str = text()


@dataclass(frozen=True)
class WaterScenario:
    path: Path
    scenario: ScenarioInfo
    network: NetworkSpec
    hydraulics: HydraulicOptions = HydraulicOptions()
    population: PopulationSpec = PopulationSpec()
    isolation_valves: IsolationValveSpec = IsolationValveSpec()
    zones: tuple[ZoneSpec, ...] = ()
    damage: tuple[wdamage.Damage, ...] = ()
    sweep: SweepSpec = SweepSpec()
    options: tuple[WaterOption, ...] = ()
    simulation: SimulationSpec | None = None
    sources: tuple[SourceLimit, ...] = ()
    controls: tuple[LevelControl, ...] = ()
    recovery: object = None  # teplovoda.models.recovery.spec.RecoverySpec: repair crews and durations (issue 16)

    @property
    def inp_path(self) -> Path:
        """The network's file: the EPANET file, or the GIS mapping file with ``[network] gis``."""
        return (self.path.parent / getattr(self.network, self.network.key)).resolve()


SECTIONS = {
    "scenario",
    "network",
    "hydraulics",
    "population",
    "isolation_valves",
    "zones",
    "damage",
    "sweep",
    "options",
    "simulation",
    "sources",
    "controls",
    "recovery",  # read by teplovoda.models.recovery (issue 16): repair crews and durations
}


@dataclass(frozen=True)
class _HydraulicsSpec:
    demand_model: str = "pdd"
    min_pressure_m: float = bounded(0.0, ge=0, le=1000, unit="m")
    required_pressure_m: float = bounded(20.0, gt=0, le=1000, unit="m")
    max_iterations: int | None = bounded(None, ge=1, le=10_000)


def load_scenario(path: str | Path) -> WaterScenario:
    """Load and validate a water scenario file; every problem is one :class:`InputError` line."""
    path = Path(path)
    data, src, info = read_scenario(path, "water", SECTIONS, ("network",))
    net_spec = build(NetworkSpec, data["network"], "[network]", src)
    h = build(_HydraulicsSpec, data.get("hydraulics", {}), "[hydraulics]", src)
    try:
        hyd = HydraulicOptions(**dataclasses.asdict(h))
    except InputError as exc:
        raise InputError(within("[hydraulics]", exc.detail), source=src) from None
    pop = build(PopulationSpec, data.get("population", {}), "[population]", src)
    valves = build(IsolationValveSpec, data.get("isolation_valves", {}), "[isolation_valves]", src)
    zones = tuple(build(ZoneSpec, z, f"[[zones]] #{i + 1}", src) for i, z in enumerate(array_of_tables(data, "zones", src)))
    damages = typed_entries(data, "damage", wdamage.DAMAGE_KINDS, src)
    unique_damage(damages, "[[damage]]", src)
    sweep = build(SweepSpec, data.get("sweep", {}), "[sweep]", src)
    options = []
    for i, o in enumerate(array_of_tables(data, "options", src)):
        where = f"[[options]] #{i + 1}"
        if not isinstance(o, dict):
            raise InputError(within(where, Msg("water.expected_table", "expected a table")), source=src)
        parts = {}
        for key, cls in (("pipes", BypassPipe), ("drives", PumpDrive)):
            raw = o.get(key, [])
            if not isinstance(raw, list):
                raise InputError(
                    within(f"{where} -> {key}", Msg("water.expected_array", "expected an array of tables")), source=src
                )
            parts[key] = tuple(build(cls, p, f"{where} -> {key} #{k + 1}", src) for k, p in enumerate(raw))
        unique(parts["pipes"], f"{where} -> pipes", src)
        if len({d.pump for d in parts["drives"]}) < len(parts["drives"]):
            raise InputError(within(f"{where} -> drives", Msg("water.two_drives", "a pump has two drives")), source=src)
        options.append(build(WaterOption, {k: v for k, v in o.items() if k not in parts}, where, src, **parts))
    unique(options, "[[options]]", src, taken=cases_taken("intact", "damaged"))
    from teplovoda.models.recovery.spec import parse_recovery  # issue 16: [recovery] checked with the rest of the file

    names = {o.name for o in options}
    recovery = parse_recovery(data.get("recovery", {}), {element_of(d) for d in damages}, src, names)
    simulation = build(SimulationSpec, data["simulation"], "[simulation]", src) if "simulation" in data else None
    sources = tuple(
        build(SourceLimit, x, f"[[sources]] #{i + 1}", src) for i, x in enumerate(array_of_tables(data, "sources", src))
    )
    unique(sources, "[[sources]]", src)
    controls = tuple(
        build(LevelControl, x, f"[[controls]] #{i + 1}", src) for i, x in enumerate(array_of_tables(data, "controls", src))
    )
    scn = WaterScenario(
        path=path,
        scenario=info,
        network=net_spec,
        hydraulics=hyd,
        population=pop,
        isolation_valves=valves,
        zones=zones,
        damage=tuple(damages),
        sweep=sweep,
        options=tuple(options),
        simulation=simulation,
        sources=sources,
        controls=controls,
        recovery=recovery,
    )
    key = net_spec.key
    require_file(scn.inp_path, file_at(f"[network] -> {key}", getattr(net_spec, key)), source=src)
    return scn


def _unknown(what: str, name: str) -> Msg:
    return Msg("water.unknown", "unknown {what} {name}", what=Msg(f"element.{what}", what), name=repr(name))


def _assign_population(net: WaterNetwork, spec: PopulationSpec, src: str) -> None:
    nodes = net.nodes
    is_demand = (nodes["kind"] == "junction").to_numpy()
    demand_m3_per_h = nodes["demand_m3_per_h"].clip(lower=0.0)  # an inflow (negative demand) serves nobody
    pop = pd.Series(0.0, index=nodes.index)
    explicit = pd.Series(False, index=nodes.index)
    for jname, people in spec.junctions.items():
        if jname not in nodes.index or nodes.at[jname, "kind"] != "junction":
            raise InputError(within(f"[population] -> junctions.{jname}", _unknown("junction", jname)), source=src)
        pop[jname] = people
        explicit[jname] = True
    rest = nodes.index[is_demand & ~explicit.to_numpy()]
    if spec.total is not None:
        share = demand_m3_per_h[rest]
        remaining = max(spec.total - pop[is_demand].sum(), 0.0)
        pop[rest] = remaining * share / share.sum() if share.sum() > 0 else 0.0
    else:
        per_capita = spec.per_capita_l_per_day or DEFAULT_PER_CAPITA_L_PER_DAY
        pop[rest] = demand_m3_per_h[rest] * HOURS_PER_DAY * LITRES_PER_M3 / per_capita
    net.nodes["population"] = pop.to_numpy()


def _add_valve_layer(net: WaterNetwork, spec: IsolationValveSpec, src: str) -> None:
    if spec.valves:
        try:
            add_isolation_valves(net, [v[0] for v in spec.valves], [v[1] for v in spec.valves])
        except InputError as exc:
            raise InputError(within("[isolation_valves] -> valves", exc.detail), source=src) from None
    if spec.placement != "none":
        import wntr

        wn = read_wntr_model(net.inp.file()) if net.inp else None
        if wn is None:
            needs = Msg("water.placement_needs_inp", "needs a network read from an .inp file")
            raise InputError(within("[isolation_valves] -> placement", needs), source=src)
        layer = wntr.network.generate_valve_layer(wn, placement_type=spec.placement, n=spec.n, seed=spec.seed)
        add_isolation_valves(net, layer["link"].astype(str).tolist(), layer["node"].astype(str).tolist())


def build_network(scn: WaterScenario) -> WaterNetwork:
    """The intact network of a scenario, with population and valve layer."""
    src = str(scn.path)
    if scn.network.gis is not None:
        from teplovoda.models.gis.water import read_water_gis

        net = read_water_gis(scn.inp_path)
    else:
        net = read_inp(scn.inp_path)
    _assign_population(net, scn.population, src)
    _add_valve_layer(net, scn.isolation_valves, src)
    for i, limit in enumerate(scn.sources):
        try:
            limit_source(net, limit.name, limit.max_flow_m3_per_h)
        except InputError as exc:
            raise InputError(within(f"[[sources]] #{i + 1}", exc.detail), source=src) from None
    for i, c in enumerate(scn.controls):
        try:
            add_level_control(net, c.pump, c.tank, stop_above_m=c.stop_above_m, start_below_m=c.start_below_m)
        except InputError as exc:
            raise InputError(within(f"[[controls]] #{i + 1}", exc.detail), source=src) from None
    return net


def zones_for(net, scn: WaterScenario) -> pd.Series:
    """Zone per junction: the scenario's zones where given, automatic pressure zones elsewhere."""
    auto = metrics.automatic_zones(net)
    names = set(net.nodes.index)
    for i, z in enumerate(scn.zones):
        for jname in z.junctions:
            if jname not in names:
                raise InputError(within(f"[[zones]] #{i + 1} -> junctions", _unknown("junction", jname)), source=str(scn.path))
            auto[jname] = z.name
    return auto


@dataclass
class WaterRun(ExportsItself):
    """Everything a water scenario run produced."""

    scenario: WaterScenario
    net_intact: object
    net_damaged: object
    intact: HydraulicResult
    damaged: HydraulicResult
    zones: pd.Series
    options: dict = field(default_factory=dict)  # option name -> (net, HydraulicResult)
    eps: dict = field(default_factory=dict)  # case name -> EpsResult, when the scenario has [simulation]

    #: What the result is (its scenario kind) and the row of :meth:`summary` that counts people served.
    kind: ClassVar[str] = "water"
    people_column: ClassVar[str] = "people_equivalent_served"

    def cases(self) -> dict:
        """Case name -> (network, steady result): intact, damaged, then the options in order."""
        return {"intact": (self.net_intact, self.intact), "damaged": (self.net_damaged, self.damaged), **self.options}

    def summary(self) -> pd.DataFrame:
        """Headline metrics, intact and damaged side by side (rows = metric with unit)."""
        cols = {"intact": metrics.summary(self.intact), "damaged": metrics.summary(self.damaged)}
        cols.update({name: metrics.summary(res) for name, (_, res) in self.options.items()})
        return pd.DataFrame(cols)

    def zone_table(self, case: str = "damaged") -> pd.DataFrame:
        """Pressure zones of one case (:func:`~teplovoda.models.water.metrics.zone_table`), lowest pressure first."""
        return metrics.zone_table(self.cases()[case][1].junctions, self.zones)

    def junction_table(self, case: str = "damaged") -> pd.DataFrame:
        """Every node of one case with its service class, zone and the intact network's pressure beside its own."""
        j = self.cases()[case][1].junctions.copy()
        sc = metrics.service_class(j)
        j["service"] = sc.reindex(j.index)
        j["dry"] = metrics.dry_nodes(j).reindex(j.index, fill_value=False)
        j["zone"] = self.zones.reindex(j.index)
        j["pressure_intact_m"] = self.intact.junctions["pressure_m"].reindex(j.index)
        return j.rename_axis("node")

    def source_table(self) -> pd.DataFrame:
        """Each reservoir and tank: its kind and capacity (``max_flow_m3_per_h``, NaN and ``unlimited`` True for a
        reservoir without ``[[sources]]``: EPANET feeds whatever the network draws from it at its fixed head)."""
        caps = {e.source: e.max_flow_m3_per_h for e in self.net_intact.edits if isinstance(e, LimitSource)}
        src = self.net_intact.sources
        cap = pd.Series(caps, dtype=float).reindex(src.index)
        return pd.DataFrame(
            {"kind": src["kind"], "max_flow_m3_per_h": cap, "unlimited": (src["kind"] == "reservoir") & cap.isna()},
            index=src.index.rename("source"),
        )


def apply_scenario_damage(net, scn: WaterScenario):
    """Apply the scenario's damage list; an unknown element is reported against its damage entry."""
    try:
        return wdamage.apply_damage(net, list(scn.damage))
    except InputError as exc:
        raise InputError(exc.detail, source=str(scn.path)) from None


def option_network(net, scn: WaterScenario, option: WaterOption, index: int):
    """The network with the scenario's damage except what the option repairs, plus its temporary pipes."""
    src = str(scn.path)
    damaged_elements = {element_of(d) for d in scn.damage}
    unknown = [r for r in option.repair if r not in damaged_elements]
    if unknown:
        undamaged = Msg("water.not_damaged", "{name} is not damaged in this scenario", name=repr(unknown[0]))
        raise InputError(within(f"[[options]] #{index + 1} ({option.name}) -> repair", undamaged), source=src)
    kept = [d for d in scn.damage if element_of(d) not in option.repair]
    try:
        out = wdamage.apply_damage(net, kept + [wdamage.PipeClosed(pipe=p) for p in option.close])
        for p in option.pipes:
            add_pipes(
                out,
                [p.name],
                [p.from_junction],
                [p.to_junction],
                length_m=p.length_m,
                diameter_m=p.diameter_m,
                hazen_williams_c=p.hazen_williams_c,
            )
        for d in option.drives:
            set_pump_speed(out, d.pump, d.speed if d.speed is not None else _speed_for_pressure(out, scn, d))
    except InputError as exc:
        raise InputError(within(f"[[options]] #{index + 1} ({option.name})", exc.detail), source=src) from None
    return out


def _speed_for_pressure(net: WaterNetwork, scn: WaterScenario, d: PumpDrive) -> float:
    """The relative speed at which ``d.pump`` holds ``d.pressure_m`` at ``d.node`` (steady state)."""
    from scipy.optimize import brentq

    if d.node not in net.nodes.index:
        raise InputError(within("drives", _unknown("node", d.node)))

    def excess(speed: float) -> float:
        trial = net.copy()
        set_pump_speed(trial, d.pump, speed)
        res = solve(trial, scn.hydraulics)
        p = float(res.junctions.at[d.node, "pressure_m"])
        return (p if np.isfinite(p) else -1e3) - d.pressure_m

    lo, hi = DRIVE_SPEED_RANGE
    f_lo, f_hi = excess(lo), excess(hi)
    if f_hi < 0:
        template = "pump {pump} cannot hold {pressure_m} m at {node} even at {speed} x speed"
        pressure_m, speed = f"{d.pressure_m:g}", f"{hi:g}"
        cannot = Msg("water.cannot_hold", template, pump=repr(d.pump), pressure_m=pressure_m, node=repr(d.node), speed=speed)
        raise InputError(within("drives", cannot))
    if f_lo > 0:
        return lo
    return float(brentq(excess, lo, hi, xtol=1e-4))


def case_networks(scn: WaterScenario, net: WaterNetwork) -> dict[str, WaterNetwork]:
    """Case name -> network for a sweep: intact, damaged (when the scenario has damage), each option."""
    cases = {"intact": net, **({"damaged": apply_scenario_damage(net, scn)} if scn.damage else {})}
    for i, opt in enumerate(scn.options):
        cases[opt.name] = option_network(net, scn, opt, i)
    return cases


def run_scenario(scn: WaterScenario, net=None) -> WaterRun:
    """Solve a scenario intact and damaged.

    Parameters
    ----------
    scn : WaterScenario
    net : pandapipesNet, optional
        A network already built by :func:`build_network` (reuse saves reading the file again).
    """
    net = build_network(scn) if net is None else net
    zones = zones_for(net, scn)
    damaged_net = apply_scenario_damage(net, scn)
    intact = solve(net, scn.hydraulics)
    damaged = solve(damaged_net, scn.hydraulics)
    # nodes added by damage (break nodes) join the zone of the pipe's start node
    extra = damaged.junctions.index.difference(zones.index)
    if len(extra):
        starts = {f"{d.pipe}_break": d.pipe for d in scn.damage if isinstance(d, wdamage.PipeBreak)}
        add = {}
        for n in extra:
            pipe = starts.get(n)
            if pipe is not None:
                from_j = damaged.links.loc[pipe, "from_junction"] if pipe in damaged.links.index else None
                add[n] = zones.get(from_j, "")
        zones = pd.concat([zones, pd.Series(add, dtype=object)])
    logger.info(
        "scenario %s: intact %s in %d iterations, damaged %s in %d",
        scn.scenario.name,
        intact.reason,
        intact.iterations,
        damaged.reason,
        damaged.iterations,
    )
    options = {}
    for i, opt in enumerate(scn.options):
        onet = option_network(net, scn, opt, i)
        options[opt.name] = (onet, solve(onet, scn.hydraulics))
    run = WaterRun(
        scenario=scn, net_intact=net, net_damaged=damaged_net, intact=intact, damaged=damaged, zones=zones, options=options
    )
    if scn.simulation is not None:
        run.eps = run_simulation(run)
    return run


def run_simulation(run: WaterRun) -> dict[str, EpsResult]:
    """The scenario's extended-period simulation of every case (intact, damaged, each option)."""
    scn = run.scenario
    out = {}
    for case, (net, _) in run.cases().items():
        try:
            out[case] = simulate(net, scn.hydraulics, scn.simulation, run.zones)
        except InputError as exc:
            raise InputError(exc.detail, source=str(scn.path)) from None
        logger.info(
            "scenario %s, %s: %d EPANET steps over %g h", scn.scenario.name, case, out[case].steps, scn.simulation.duration_h
        )
    return out


__all__ = ["WaterScenario", "WaterRun", "load_scenario", "build_network", "run_scenario"]
