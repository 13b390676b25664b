"""District-heating scenarios: network tables, weather, sources, damage and options; loading and running.

A scenario is solved as *intact* (no damage), *damaged*, and once per option (damage plus the
option's extra sources and the pipes it closes to form islands), all at the scenario's outdoor
temperature. See README, "Heat scenario files".
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from teplovoda.models.errors import InputError, ModelError, within
from teplovoda.models.files import read_csv_table, require_file
from teplovoda.models.heat import damage as hdamage
from teplovoda.models.heat import norms
from teplovoda.models.heat.network import add_sources, build_heat_network, sources_table
from teplovoda.models.heat.physics import TIME_CONSTANT_H, Climate
from teplovoda.models.heat.thermal import HeatConditions, HeatResult, solve
from teplovoda.models.kinds import ExportsItself
from teplovoda.models.messages import Msg
from teplovoda.models.montecarlo import SweepSpec
from teplovoda.models.scenario import (
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

logger = logging.getLogger(__name__)

#: Outdoor temperatures a scenario may ask for (°C): beyond the coldest and hottest ever recorded in
#: Ukraine (-41.9 °C, +42 °C) with a margin; anything outside is a typo or a unit mistake.
OUTDOOR_TEMP_MIN_C = -60.0
OUTDOOR_TEMP_MAX_C = 45.0
#: Case names the model gives the unoptioned networks.
CASES = ("intact", "damaged")
#: Columns of the route tables that hold names, not numbers.
TEXT_COLUMNS = ("name", "node", "from_node", "to_node", "building_type", "insulation")


@dataclass(frozen=True)
class NetworkFiles:
    """CSV route tables, relative to the scenario file (columns in :mod:`teplovoda.models.heat.network`)."""

    nodes: str = ""
    pipes: str = ""
    consumers: str = ""
    #: instead of the three CSV files: the mapping file of GIS layers (:mod:`teplovoda.models.gis.heat`)
    gis: str = ""
    ground_temp_c: float = bounded(5.0, ge=-30, le=40, unit="°C")
    #: insulation preset of pipes that give neither heat_loss_w_per_m_k nor insulation (issue 16; see
    #: :func:`teplovoda.models.heat.norms.insulation_presets`)
    insulation: str = ""

    def __post_init__(self):
        csv = (self.nodes, self.pipes, self.consumers)
        if not ((self.gis and not any(csv)) or (not self.gis and all(csv))):
            raise InputError(
                Msg("heat.csv_or_gis", "give either nodes, pipes and consumers (CSV files) or gis (a GIS mapping file)")
            )
        presets = norms.insulation_presets().index
        if self.insulation and self.insulation not in presets:
            preset = Msg(
                "heat.unknown_preset",
                "unknown preset {preset} (one of: {known})",
                preset=repr(self.insulation),
                known=", ".join(presets),
            )
            raise InputError(within("insulation", preset))


@dataclass(frozen=True)
class Weather:
    outdoor_temp_c: float = bounded(-22.0, ge=OUTDOOR_TEMP_MIN_C, le=OUTDOOR_TEMP_MAX_C, unit="°C")
    #: hour of day (0-23, local time) of the snapshot: the domestic hot-water draw follows it (issue 16)
    hour: int = bounded(12, ge=0, le=23)

    def __post_init__(self):
        if self.hour != int(self.hour):
            raise InputError(Msg("heat.whole_hour", "hour must be a whole hour 0..23, got {got}", got=repr(self.hour)))


@dataclass(frozen=True)
class Operation:
    supply_pressure_bar: float = bounded(6.0, gt=0, le=40, unit="bar")
    min_differential_pressure_bar: float = bounded(1.0, ge=0, le=40, unit="bar")
    pump_efficiency: float = bounded(0.65, gt=0, le=1)
    mode: str = "sequential"


@dataclass(frozen=True)
class BuildingType:
    time_constant_h: float = bounded(gt=0, le=1000, unit="h")

    def __post_init__(self):
        if not self.time_constant_h > 0:
            raise InputError(Msg("heat.time_constant", "time_constant_h must be > 0"))


@dataclass(frozen=True)
class SourceSpec:
    """A heat source: kind (see :data:`teplovoda.models.heat.sources.TECHNOLOGIES`), node, capacity; defaults per kind."""

    name: str
    node: str
    kind: str
    capacity_kw: float = bounded(gt=0, le=5e6, unit="kW")
    efficiency: float | None = bounded(None, gt=0, le=1.2)
    electric_efficiency: float | None = bounded(None, ge=0, le=1)
    fuel: str | None = None
    max_supply_temp_c: float | None = bounded(None, gt=0, le=200, unit="°C")
    max_pump_head_bar: float | None = bounded(None, gt=0, le=40, unit="bar")


@dataclass(frozen=True)
class OptionSpec:
    """A recovery option: sources placed in the network, pipes closed to form their islands, and
    damaged sources repaired (``repair_sources``, to ``repaired_fraction`` of their capacity) and
    broken routes repaired (``repair_pipes``)."""

    name: str
    sources: tuple[SourceSpec, ...] = ()
    close_pipes: tuple[str, ...] = ()
    repair_sources: tuple[str, ...] = ()
    repaired_fraction: float = bounded(1.0, gt=0, le=1)
    repair_pipes: tuple[str, ...] = ()
    description: str = ""
    #: the name shown in Ukrainian / English (else ``name``, which also keys the results)
    name_uk: str = text()
    name_en: str = text()

    def __post_init__(self):
        if not (0 < self.repaired_fraction <= 1):
            raise InputError(
                Msg("heat.repaired_fraction", "repaired_fraction must be in (0, 1], got {got}", got=repr(self.repaired_fraction))
            )


@dataclass(frozen=True)
class HeatScenario:
    path: Path
    scenario: ScenarioInfo
    network: NetworkFiles
    weather: Weather = Weather()
    climate: Climate = field(default_factory=Climate)
    operation: Operation = Operation()
    building_types: dict = field(default_factory=dict)
    sources: tuple[SourceSpec, ...] = ()
    damage: tuple = ()
    options: tuple[OptionSpec, ...] = ()
    sweep: SweepSpec = SweepSpec()
    recovery: object = None  # teplovoda.models.recovery.heat_spec.HeatRecoverySpec: options over days (issue 16)

    def conditions(self) -> HeatConditions:
        return HeatConditions(
            outdoor_temp_c=self.weather.outdoor_temp_c,
            climate=self.climate,
            supply_pressure_bar=self.operation.supply_pressure_bar,
            min_differential_pressure_bar=self.operation.min_differential_pressure_bar,
            pump_efficiency=self.operation.pump_efficiency,
            mode=self.operation.mode,
            hour=int(self.weather.hour),
        )


SECTIONS = {
    "scenario",
    "network",
    "weather",
    "climate",
    "operation",
    "building_types",
    "sources",
    "damage",
    "options",
    "sweep",
    "recovery",  # read by teplovoda.models.recovery.heat_spec (issue 16): horizon, weather, options over days
}


def _climate(raw, src: str) -> Climate:
    """``[climate]``; ``design_oblast`` sets the design outdoor temperature from the norm's table (issue 16)."""
    if not isinstance(raw, dict) or "design_oblast" not in raw:
        return build(Climate, raw, "[climate]", src)
    table = {k: v for k, v in raw.items() if k != "design_oblast"}
    if "design_outdoor_temp_c" in table:
        not_both = Msg("heat.oblast_or_temp", "give design_oblast or design_outdoor_temp_c, not both")
        raise InputError(within("[climate]", not_both), source=src)
    oblast = raw["design_oblast"]
    if not isinstance(oblast, str):
        not_name = Msg("heat.oblast_name", "expected an oblast name, got {got}", got=repr(oblast))
        raise InputError(within("[climate] -> design_oblast", not_name), source=src)
    try:
        table["design_outdoor_temp_c"] = norms.design_outdoor_temp_c(oblast)
    except InputError as exc:
        raise InputError(Msg("heat.climate_key", "[climate] -> {detail}", detail=exc.detail), source=src) from None
    return build(Climate, table, "[climate]", src)


def _sources(raw: list, where: str, src: str) -> tuple[SourceSpec, ...]:
    return tuple(build(SourceSpec, s, f"{where} #{i + 1}", src) for i, s in enumerate(raw))


def load_scenario(path: str | Path) -> HeatScenario:
    """Load and validate a heat scenario; every problem is one :class:`InputError` line naming file and key."""
    path = Path(path)
    data, src, info = read_scenario(path, "heat", SECTIONS, ("network",))
    files = build(NetworkFiles, data["network"], "[network]", src)
    for key in ("gis",) if files.gis else ("nodes", "pipes", "consumers"):
        require_file(
            path.parent / getattr(files, key),
            within(f"[network] -> {key}", Msg("heat.file", "file {name}", name=repr(getattr(files, key)))),
            source=src,
        )
    weather = build(Weather, data.get("weather", {}), "[weather]", src)
    climate = _climate(data.get("climate", {}), src)
    operation = build(Operation, data.get("operation", {}), "[operation]", src)
    if operation.mode not in ("sequential", "bidirectional"):
        mode = Msg("heat.mode_expected", "expected 'sequential' or 'bidirectional'")
        raise InputError(within("[operation] -> mode", mode), source=src)
    btypes = {}
    for name, table in data.get("building_types", {}).items():
        if name not in TIME_CONSTANT_H:
            unknown = Msg(
                "heat.unknown_building_type", "unknown building type (one of: {known})", known=", ".join(TIME_CONSTANT_H)
            )
            raise InputError(within(f"[building_types.{name}]", unknown), source=src)
        btypes[name] = build(BuildingType, table, f"[building_types.{name}]", src)
    sources = _sources(array_of_tables(data, "sources", src), "[[sources]]", src)
    unique(sources, "[[sources]]", src)
    damages = typed_entries(data, "damage", hdamage.DAMAGE_KINDS, src)
    unique_damage(damages, "[[damage]]", src)
    options = []
    for i, o in enumerate(array_of_tables(data, "options", src)):
        where = f"[[options]] #{i + 1}"
        if not isinstance(o, dict):
            raise InputError(within(where, Msg("heat.expected_table", "expected a table")), source=src)
        raw_sources = o.get("sources", [])
        if not isinstance(raw_sources, list):
            array = Msg("heat.expected_array", "expected an array of tables")
            raise InputError(within(f"{where} -> sources", array), source=src)
        opt_sources = _sources(raw_sources, f"{where} -> sources", src)
        unique(opt_sources, f"{where} -> sources", src, taken={s.name: f"[[sources]] #{k + 1}" for k, s in enumerate(sources)})
        options.append(build(OptionSpec, {k: v for k, v in o.items() if k != "sources"}, where, src, sources=opt_sources))
    unique(options, "[[options]]", src, taken=cases_taken(*CASES))
    sweep = build(SweepSpec, data.get("sweep", {}), "[sweep]", src)
    from teplovoda.models.damage import element_of
    from teplovoda.models.recovery.heat_spec import parse_heat_recovery  # issue 16: [recovery] checked with the file

    recovery = parse_heat_recovery(
        data.get("recovery"), {element_of(d) for d in damages}, {o.name for o in options}, tuple(TIME_CONSTANT_H), src
    )
    return HeatScenario(
        recovery=recovery,
        sweep=sweep,
        path=path,
        scenario=info,
        network=files,
        weather=weather,
        climate=climate,
        operation=operation,
        building_types=btypes,
        sources=sources,
        damage=tuple(damages),
        options=tuple(options),
    )


def _read_csv(path: Path, key: str, src: str) -> pd.DataFrame:
    return read_csv_table(path, f"[network] -> {key}", src, text_columns=TEXT_COLUMNS)


def _source_rows(specs, added_by: str = "") -> list[dict]:
    return [{**dataclasses.asdict(s), "added_by": added_by} for s in specs]


def build_network(scn: HeatScenario):
    """The intact network of a scenario (route tables read from its CSV files)."""
    src = str(scn.path)
    base = scn.path.parent
    if scn.network.gis:
        from teplovoda.models.gis.heat import read_heat_gis_tables

        tables = read_heat_gis_tables(base / scn.network.gis, scn.climate.design_outdoor_temp_c)
    else:
        tables = {k: _read_csv(base / getattr(scn.network, k), k, src) for k in ("nodes", "pipes", "consumers")}
    consumers = tables["consumers"]
    for btype, spec in scn.building_types.items():
        if "time_constant_h" not in consumers:
            consumers["time_constant_h"] = float("nan")
        consumers.loc[(consumers["building_type"] == btype) & consumers["time_constant_h"].isna(), "time_constant_h"] = (
            spec.time_constant_h
        )
    try:
        sources = sources_table(_source_rows(scn.sources))
        net = build_heat_network(
            tables["nodes"],
            tables["pipes"],
            consumers,
            sources,
            name=scn.scenario.name,
            ground_temp_c=scn.network.ground_temp_c,
            insulation=scn.network.insulation,
            crs=tables["nodes"].attrs.get("crs"),
        )
    except (InputError, ModelError) as exc:
        # a network table's error keeps its key (shown in the reader's language); one naming its own file keeps it
        own = isinstance(exc, InputError) and exc.source is None
        raise InputError(exc.detail if own else str(exc), source=src) from None
    if "geometry" in tables:  # GIS layers: their lines and outlines, and which loads were estimated, for the export
        net["gis_geometry"] = tables["geometry"]
        by_name = consumers.set_index("name")
        for column in ("heat_load_estimated", "floor_area_m2"):
            net.heat_consumer[column] = by_name[column].reindex(net.heat_consumer["name"]).to_numpy()
    return net


def option_network(damaged_net, option: OptionSpec, index: int, src: str):
    """The damaged network with an option's sources added and its island cuts closed."""
    try:
        net = add_sources(damaged_net, sources_table(_source_rows(option.sources, added_by=option.name)))
        hdamage.close_routes(net, option.close_pipes)
        hdamage.repair_sources(net, option.repair_sources, option.repaired_fraction)
        hdamage.close_routes(net, option.repair_pipes, closed=False)
        return net
    except InputError as exc:
        raise InputError(within(f"[[options]] #{index + 1} ({option.name})", exc.detail), source=src) from None


@dataclass
class HeatRun(ExportsItself):
    """All cases of a heat scenario: label -> (net, result)."""

    scenario: HeatScenario
    nets: dict
    results: dict[str, HeatResult]

    #: What the result is (its scenario kind) and the row of :meth:`summary` that counts people served.
    kind: ClassVar[str] = "heat"
    people_column: ClassVar[str] = "people_heated"

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame({label: r.totals for label, r in self.results.items()})


def run_scenario(scn: HeatScenario, net=None) -> HeatRun:
    """Solve the intact network, the damaged one and each option at the scenario's conditions."""
    src = str(scn.path)
    net = build_network(scn) if net is None else net
    cond = scn.conditions()
    try:
        damaged = hdamage.apply_damage(net, list(scn.damage))
    except InputError as exc:
        raise InputError(exc.detail, source=src) from None
    nets = {"intact": net, "damaged": damaged}
    for i, opt in enumerate(scn.options):
        label = opt.name
        if label in nets:
            twice = Msg("heat.name_twice", "name {name} is used twice", name=repr(label))
            raise InputError(within(f"[[options]] #{i + 1}", twice), source=src)
        nets[label] = option_network(damaged, opt, i, src)
    results = {}
    for label, n in nets.items():
        results[label] = solve(n, cond)
        logger.info("%s: %s in %d iterations", label, results[label].reason, results[label].iterations)
    return HeatRun(scenario=scn, nets=nets, results=results)
