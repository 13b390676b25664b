"""Site-power scenarios: a pumping station's motors on the water network, its generator, its blackouts.

``run_scenario`` solves the water network (pump duty points), derives motor running power from it,
checks the grid supply, sizes the generator (or checks a chosen one), computes its fuel logistics
on the blackout timetable, and the water service over the day with and without the generator.
See README, "Site power scenario files".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.files import require_file
from teplovoda.models.kinds import ExportsItself
from teplovoda.models.limits import MAX_BLACKOUT_DAYS
from teplovoda.models.messages import Msg
from teplovoda.models.power import blackout
from teplovoda.models.power.checks import at_least_zero
from teplovoda.models.power.generators import CATALOGUE_KVA, GeneratorAssumptions, fuel_l_per_h, wet_stacking
from teplovoda.models.power.site import (
    AuxLoad,
    Motor,
    Site,
    StartStudy,
    cheaper_start,
    check_manual_choice,
    grid_voltages,
    island_check,
    motor_running_kw,
    size_generator,
)
from teplovoda.models.scenario import ScenarioInfo, array_of_tables, bounded, build, read_scenario, unique
from teplovoda.models.units import GRAVITY_M_PER_S2, SECONDS_PER_HOUR
from teplovoda.models.water.epanet import read_inp
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from teplovoda.models.water.network import add_level_control, water_density_kg_per_m3
from teplovoda.models.water.scenario import MAX_PEOPLE, LevelControl, PopulationSpec, _assign_population


@dataclass(frozen=True)
class WaterSpec:
    """The water network the site's pumps serve (relative path) and who it serves."""

    inp_file: str
    min_pressure_m: float = bounded(0.0, ge=0, le=1000, unit="m")
    required_pressure_m: float = bounded(20.0, gt=0, le=1000, unit="m")
    population_total: float | None = bounded(None, ge=0, le=MAX_PEOPLE, unit="people")
    per_capita_l_per_day: float | None = bounded(None, gt=0, le=10_000, unit="L/day")


@dataclass(frozen=True)
class GeneratorSpec:
    manual_kva: float | None = bounded(None, gt=0, le=1e6, unit="kVA")
    fuel_tank_l: float = bounded(2000.0, gt=0, le=1e7, unit="L")
    tanker_l: float = bounded(10000.0, gt=0, le=1e6, unit="L")

    def __post_init__(self):
        if self.manual_kva is not None and not self.manual_kva > 0:
            raise InputError(
                Msg("power.gt_zero", "{field} must be > 0, got {got}", field="manual_kva", got=repr(self.manual_kva))
            )
        if not (self.fuel_tank_l > 0 and self.tanker_l > 0):
            raise InputError(Msg("power.fuel_tanks", "fuel_tank_l and tanker_l must be > 0"))


@dataclass(frozen=True)
class ChpSpec:
    """A CHP unit feeding the site: its electrical output given, or taken from a heat scenario's result."""

    name: str
    electric_kw: float | None = bounded(None, ge=0, le=1e6, unit="kW")
    power_factor: float = bounded(1.0, gt=0, le=1)
    heat_scenario: str | None = None
    heat_case: str | None = None
    heat_source: str | None = None

    def __post_init__(self):
        linked = self.heat_scenario is not None
        if linked == (self.electric_kw is not None):
            raise InputError(Msg("power.chp_either", "give either electric_kw or heat_scenario with heat_case and heat_source"))
        if linked and (self.heat_case is None or self.heat_source is None):
            raise InputError(Msg("power.chp_heat_case", "heat_scenario needs heat_case and heat_source"))
        if self.electric_kw is not None and self.electric_kw < 0:
            raise InputError(at_least_zero("electric_kw", self.electric_kw))


@dataclass(frozen=True)
class BlackoutSpec:
    pattern: str | None = None
    grid_on: tuple[int, ...] | None = None
    days: int = bounded(2, ge=1, limit=MAX_BLACKOUT_DAYS, unit="days")

    def __post_init__(self):
        if self.days < 1:
            raise InputError(Msg("power.days", "days must be >= 1"))


@dataclass(frozen=True)
class PowerScenario:
    path: Path
    scenario: ScenarioInfo
    water: WaterSpec | None  # None: motors alone (every motor gives running_kw), no water network
    site: Site
    motors: tuple[Motor, ...]
    aux_loads: tuple[AuxLoad, ...] = ()
    generator: GeneratorSpec = GeneratorSpec()
    assumptions: GeneratorAssumptions = GeneratorAssumptions()
    chp: tuple[ChpSpec, ...] = ()
    blackout: BlackoutSpec = BlackoutSpec(pattern="4on4off")
    timetable: np.ndarray = field(default_factory=lambda: blackout.grid_timetable("4on4off"))
    #: ``[[controls]]``: pumps stopping at a tank's high level and restarting at its low one, as in a water
    #: scenario (:class:`~teplovoda.models.water.scenario.LevelControl`), acting on the blackout day.
    controls: tuple[LevelControl, ...] = ()


SECTIONS = {
    "scenario",
    "water",
    "site",
    "motors",
    "aux_loads",
    "generator",
    "generator_assumptions",
    "chp",
    "blackout",
    "controls",
}


def load_scenario(path: str | Path) -> PowerScenario:
    """Load and validate a site-power scenario; every problem is one line naming file and key."""
    path = Path(path)
    data, src, info = read_scenario(path, "power", SECTIONS, ("motors",))
    water = None
    if "water" in data:
        water = build(WaterSpec, data["water"], "[water]", src)
        require_file(
            path.parent / water.inp_file,
            within("[water] -> inp_file", Msg("power.file", "file {name}", name=repr(water.inp_file))),
            source=src,
        )
    site = build(Site, data.get("site", {}), "[site]", src)
    motors = tuple(build(Motor, m, f"[[motors]] #{i + 1}", src) for i, m in enumerate(array_of_tables(data, "motors", src)))
    if not motors:
        raise InputError(within("[[motors]]", Msg("power.no_motors", "at least one motor is needed")), source=src)
    for i, m in enumerate(motors):
        if water is None and m.running_kw is None:
            no_water = Msg(
                "power.motor_without_water",
                "no running_kw and no [water] network to take pump {pump}'s power from; give running_kw or a [water] section",
                pump=repr(m.pump),
            )
            raise InputError(within(f"[[motors]] #{i + 1} ({m.name})", no_water), source=src)
    unique(motors, "[[motors]]", src)
    controls = tuple(
        build(LevelControl, x, f"[[controls]] #{i + 1}", src) for i, x in enumerate(array_of_tables(data, "controls", src))
    )
    if controls and water is None:
        raise InputError(
            within("[[controls]]", Msg("power.controls_need_water", "level controls need a [water] network with the tank")),
            source=src,
        )
    aux = tuple(build(AuxLoad, a, f"[[aux_loads]] #{i + 1}", src) for i, a in enumerate(array_of_tables(data, "aux_loads", src)))
    unique(aux, "[[aux_loads]]", src)
    gen = build(GeneratorSpec, data.get("generator", {}), "[generator]", src)
    assumptions = build(GeneratorAssumptions, data.get("generator_assumptions", {}), "[generator_assumptions]", src)
    chp = tuple(build(ChpSpec, c, f"[[chp]] #{i + 1}", src) for i, c in enumerate(array_of_tables(data, "chp", src)))
    unique(chp, "[[chp]]", src)
    bo = build(BlackoutSpec, data.get("blackout", {"pattern": "4on4off"}), "[blackout]", src)
    try:
        timetable = blackout.grid_timetable(bo.pattern, bo.grid_on)
    except InputError as exc:
        raise InputError(within("[blackout]", exc.detail), source=src) from None
    largest = max(CATALOGUE_KVA) * assumptions.power_factor
    for i, m in enumerate(motors):
        if m.rated_kw / m.efficiency > largest:
            too_big = Msg(
                "power.motor_too_big",
                "rated_kw {rated_kw:g} exceeds the largest catalogue generator ({largest_kva:,} kVA = {largest_kw:,.0f} kW)",
                rated_kw=m.rated_kw,
                largest_kva=max(CATALOGUE_KVA),
                largest_kw=largest,
            )
            raise InputError(within(f"[[motors]] #{i + 1} ({m.name})", too_big), source=src)
    return PowerScenario(
        path=path,
        scenario=info,
        water=water,
        site=site,
        motors=motors,
        aux_loads=aux,
        generator=gen,
        assumptions=assumptions,
        chp=chp,
        blackout=bo,
        timetable=timetable,
        controls=controls,
    )


def chp_output_kw(scn: PowerScenario) -> tuple[float, float]:
    """Total CHP electrical output (kW) and its power factor (of the first unit) feeding the site."""
    total = 0.0
    for i, c in enumerate(scn.chp):
        if c.electric_kw is not None:
            total += c.electric_kw
            continue
        from teplovoda.models.heat.scenario import load_scenario as load_heat
        from teplovoda.models.heat.scenario import run_scenario as run_heat

        heat = run_heat(load_heat(scn.path.parent / c.heat_scenario))
        if c.heat_case not in heat.results:
            no_case = Msg("power.no_heat_case", "no case {case} in {file}", case=repr(c.heat_case), file=str(c.heat_scenario))
            raise InputError(within(f"[[chp]] #{i + 1} -> heat_case", no_case), source=str(scn.path))
        sources = heat.results[c.heat_case].sources
        if c.heat_source not in sources.index:
            no_source = Msg(
                "power.no_heat_source", "no source {source} in {file}", source=repr(c.heat_source), file=str(c.heat_scenario)
            )
            raise InputError(within(f"[[chp]] #{i + 1} -> heat_source", no_source), source=str(scn.path))
        total += max(float(sources.at[c.heat_source, "electricity_kw"]), 0.0)
    return total, (scn.chp[0].power_factor if scn.chp else 1.0)


@dataclass
class PowerRun(ExportsItself):
    scenario: PowerScenario
    running: pd.DataFrame
    grid: dict
    sizing: object
    manual: dict | None
    island: dict
    fuel: dict
    hourly_with: pd.DataFrame
    hourly_without: pd.DataFrame
    service_with: dict
    service_without: dict
    chp_kw: float
    #: Sets (recommended, chosen) that would run below 30 % of rated kW at the running load (:func:`wet_stacking`).
    wet_stacking: list = field(default_factory=list)
    #: The cheapest starter change that lets a smaller set pass, when a start set the size (:func:`cheaper_start`).
    starter_change: dict | None = None
    net: object = None  # the station's water network (population assigned), for maps
    intact: object = None  # its hydraulic result with every pump running (the motors' duty points)

    #: What the result is (its scenario kind) and the row of :meth:`summary` that counts people served.
    kind: ClassVar[str] = "power"
    people_column: ClassVar[str] = "people_served_daily_mean"

    def summary(self) -> pd.DataFrame:
        """Water service through the blackout day without and with the generator (rows = metric with unit)."""
        return pd.DataFrame({"without_generator": self.service_without, "with_generator": self.service_with})

    def fuel_for(self, kva: float) -> dict:
        """:attr:`fuel` for a set of ``kva`` instead of the chosen one (:func:`generator_fuel`, same day, same load)."""
        rho = water_density_kg_per_m3(self.net) if self.net is not None else WATER_DENSITY_KG_PER_M3
        return generator_fuel(self.scenario, self.running, self.hourly_with, rho, self.chp_kw, kva)


def _hourly_site_kw(scn, hourly: pd.DataFrame, rho: float, chp_kw: float) -> np.ndarray:
    """Electrical site load per hour from the pumps' hourly duty points (kW)."""
    kw = np.full(len(hourly), sum(a.power_kw for a in scn.aux_loads) - chp_kw)
    for m in scn.motors:
        if m.pump is None:
            kw += m.running_kw
            continue
        q = hourly[f"pump_flow_{m.pump}_m3_per_h"].to_numpy(float)
        h = hourly[f"pump_head_{m.pump}_m"].to_numpy(float)
        kw += rho * GRAVITY_M_PER_S2 * q / SECONDS_PER_HOUR * h / m.pump_efficiency / m.efficiency / 1e3
    return np.maximum(kw, 0.0)


def refill_plan(tank_l: float, tanker_l: float, fuel_l_per_day: float) -> dict:
    """Tanker deliveries to a site tank of ``tank_l`` using ``fuel_l_per_day``.

    A delivery cannot put more in the tank than it holds: each brings ``min(tanker_l, tank_l)`` (the
    tank refilled when it runs low), so deliveries come every ``delivery_l / fuel_l_per_day`` days.
    When the tanker carries more than the tank holds (``refill_plan = "bulk_tank"``), a bulk tank of
    one tanker load, with the site tank as its day tank, would take whole loads every
    ``tanker_l / fuel_l_per_day`` days; else ``"whole_loads"``. Intervals are infinite without fuel use.
    """
    delivery_l = min(tanker_l, tank_l)
    use = max(fuel_l_per_day, 0.0)
    return {
        "delivery_l": delivery_l,
        "refill_interval_days": delivery_l / use if use > 0 else math.inf,
        "deliveries_per_week": 7 * use / delivery_l,
        "refill_plan": "bulk_tank" if tanker_l > tank_l else "whole_loads",
        "bulk_tank_l": tanker_l,
        "bulk_refill_interval_days": tanker_l / use if use > 0 else math.inf,
    }


def generator_fuel(
    scn: PowerScenario, running: pd.DataFrame, hourly_with: pd.DataFrame, rho: float, chp_kw: float, kva: float
) -> dict:
    """A set's fuel and energy on the timetable: the one computation behind ``power size`` and the generator comparison.

    The set (``kva``) carries the site's load hour by hour in the grid-off hours of the last simulated
    day (``hourly_with``: the blackout day with a generator), so the pumps' own duty points and their
    stops at a full tank count; the full running load (every motor at its duty point) gives only the
    hourly rate and the tank's autonomy. Returns the ``PowerRun.fuel`` dict: L, h, kW, kWh per day.
    """
    a = scn.assumptions
    rated_kw = kva * a.power_factor
    load_kw = _hourly_site_kw(scn, hourly_with, rho, chp_kw)
    last = (hourly_with["day"] == hourly_with["day"].max()).to_numpy()
    gen_hours = last & ~hourly_with["grid_on"].to_numpy(bool)
    fuel_h = np.where(gen_hours, fuel_l_per_h(a, rated_kw, load_kw), 0.0)
    running_kw = float(running["running_kw"].sum()) + sum(x.power_kw for x in scn.aux_loads) - chp_kw
    full_rate = float(fuel_l_per_h(a, rated_kw, max(running_kw, 0.0)))
    per_day = float(fuel_h.sum())
    return {
        "generator_kva": kva,
        "generator_rated_kw": rated_kw,
        "running_load_kw": running_kw,
        "fuel_l_per_h_at_running_load": full_rate,
        "generator_hours_per_day": int(gen_hours.sum()),
        "generator_energy_kwh_per_day": float(np.where(gen_hours, load_kw, 0.0).sum()),
        "fuel_l_per_day": per_day,
        "tank_l": scn.generator.fuel_tank_l,
        "tank_autonomy_h": scn.generator.fuel_tank_l / full_rate if full_rate > 0 else math.inf,
        "tank_days_on_schedule": scn.generator.fuel_tank_l / per_day if per_day > 0 else math.inf,
        "tanker_l": scn.generator.tanker_l,
        **refill_plan(scn.generator.fuel_tank_l, scn.generator.tanker_l, per_day),
        "load_factor_pct": 100 * running_kw / rated_kw,
    }


#: Density used where no water network gives one (motors alone have no pump to weigh water for).
WATER_DENSITY_KG_PER_M3 = 998.2


def _motors_only_day(scn: PowerScenario) -> pd.DataFrame:
    """The timetable's hours (``day``, ``hour``, ``grid_on``) for a site without a water network: every
    motor runs at its ``running_kw`` in every hour, so the generator carries it in every grid-off hour."""
    hours = np.arange(scn.blackout.days * 24)
    grid_on = np.resize(np.asarray(scn.timetable, dtype=bool), len(hours))
    return pd.DataFrame({"day": hours // 24 + 1, "hour": hours % 24, "grid_on": grid_on})


def _size_and_check(scn: PowerScenario, running: pd.DataFrame, chp_kw: float, chp_pf: float) -> tuple:
    """Size the set, check the one on offer, and pick the set that runs: (sizing, manual, kVA)."""
    src = str(scn.path)
    a = scn.assumptions
    study = StartStudy(scn.site, running, scn.aux_loads, generator=True, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=a)
    try:
        sizing = size_generator(scn.site, running, scn.aux_loads, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=a, study=study)
    except InputError as exc:
        raise InputError(exc.detail, source=src) from None
    manual = None
    if scn.generator.manual_kva is not None:
        manual = check_manual_choice(
            scn.site, running, scn.aux_loads, scn.generator.manual_kva, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=a, study=study
        )
    kva = scn.generator.manual_kva if manual is not None and manual["passes"] else sizing.recommended_kva
    return sizing, manual, kva


def _starter_change(scn: PowerScenario, run: PowerRun) -> dict | None:
    chp_pf = scn.chp[0].power_factor if scn.chp else 1.0
    return cheaper_start(
        scn.site, run.running, scn.aux_loads, run.sizing, chp_kw=run.chp_kw, chp_pf=chp_pf, assumptions=scn.assumptions
    )


def _run_motors_only(scn: PowerScenario) -> PowerRun:
    """A site without a water network: the motors' given running power, no water service."""
    running = motor_running_kw(scn.motors, None)
    chp_kw, chp_pf = chp_output_kw(scn)
    sizing, manual, kva = _size_and_check(scn, running, chp_kw, chp_pf)
    day = _motors_only_day(scn)
    return PowerRun(
        scenario=scn,
        running=running,
        grid=grid_voltages(scn.site, running, scn.aux_loads, chp_kw, chp_pf),
        sizing=sizing,
        manual=manual,
        island=island_check(scn.site, running, scn.aux_loads, kva, chp_kw, chp_pf),
        fuel=generator_fuel(scn, running, day, WATER_DENSITY_KG_PER_M3, chp_kw, kva),
        hourly_with=day,
        hourly_without=day.iloc[0:0],
        service_with={},
        service_without={},
        chp_kw=chp_kw,
    )


def _light_sets(scn: PowerScenario, run: PowerRun) -> list[dict]:
    """The recommended and the chosen set, where either would run below the wet-stacking load."""
    sets = (run.sizing.recommended_kva, scn.generator.manual_kva)
    return wet_stacking(scn.assumptions, sets, run.fuel["running_load_kw"])


def run_scenario(scn: PowerScenario) -> PowerRun:
    """Size and check the site's generator, its fuel on the timetable, and the water service (see module doc)."""
    run = _run_motors_only(scn) if scn.water is None else _run_with_water(scn)
    run.wet_stacking = _light_sets(scn, run)
    run.starter_change = _starter_change(scn, run)
    return run


def _add_controls(scn: PowerScenario, net) -> None:
    """The scenario's level controls on the station's network, for its blackout days (EPANET simple controls)."""
    for i, c in enumerate(scn.controls):
        if c.pump not in net.links.index or net.links.at[c.pump, "kind"] != "pump":
            not_pump = Msg("power.not_a_pump", "{pump} is not a pump of the water network", pump=repr(c.pump))
            raise InputError(within(f"[[controls]] #{i + 1} -> pump", not_pump), source=str(scn.path))
        try:
            add_level_control(net, c.pump, c.tank, stop_above_m=c.stop_above_m, start_below_m=c.start_below_m)
        except InputError as exc:
            raise InputError(within(f"[[controls]] #{i + 1}", exc.detail), source=str(scn.path)) from None


def _run_with_water(scn: PowerScenario) -> PowerRun:
    """The station on its water network: pump duty points, the blackout day with and without the set."""
    src = str(scn.path)
    inp = scn.path.parent / scn.water.inp_file
    net = read_inp(inp)
    _assign_population(
        net, PopulationSpec(total=scn.water.population_total, per_capita_l_per_day=scn.water.per_capita_l_per_day), src
    )
    options = HydraulicOptions(min_pressure_m=scn.water.min_pressure_m, required_pressure_m=scn.water.required_pressure_m)
    pumps = [m.pump for m in scn.motors if m.pump is not None]
    intact = solve(net, options)
    if not intact.converged:
        raise InputError(
            Msg(
                "power.water_not_converged",
                "the water network does not converge with every pump running ({reason})",
                reason=intact.reason,
            ),
            source=src,
        )
    rho = water_density_kg_per_m3(net)
    try:
        running = motor_running_kw(scn.motors, intact.links, rho)
    except InputError as exc:
        raise InputError(within("[[motors]]", exc.detail), source=src) from None
    chp_kw, chp_pf = chp_output_kw(scn)
    sizing, manual, kva = _size_and_check(scn, running, chp_kw, chp_pf)
    _add_controls(scn, net)  # after the duty points: every pump running sets the motors' load
    grid = grid_voltages(scn.site, running, scn.aux_loads, chp_kw, chp_pf)
    island = island_check(scn.site, running, scn.aux_loads, kva, chp_kw, chp_pf)
    with_gen = blackout.simulate_day(net, options, pumps, scn.timetable, generator=True, days=scn.blackout.days)
    without = blackout.simulate_day(net, options, pumps, scn.timetable, generator=False, days=scn.blackout.days)
    people = float(net.nodes["population"].sum())
    fuel = generator_fuel(scn, running, with_gen, rho, chp_kw, kva)
    return PowerRun(
        scenario=scn,
        running=running,
        grid=grid,
        sizing=sizing,
        manual=manual,
        island=island,
        fuel=fuel,
        hourly_with=with_gen,
        hourly_without=without,
        service_with=blackout.day_summary(with_gen, people),
        service_without=blackout.day_summary(without, people),
        chp_kw=chp_kw,
        net=net,
        intact=intact,
    )


__all__ = ["PowerScenario", "PowerRun", "load_scenario", "run_scenario", "generator_fuel", "refill_plan"]
