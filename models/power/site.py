"""A pumping station's or boiler house's electrical supply in pandapower; generator sizing.

The site is a low-voltage bus fed from the grid through a transformer; pump motors (running power
from the hydraulic solution: ``rho g Q H / eta_pump / eta_motor``), auxiliary loads and CHP units are
on it; a diesel generator takes over as the island's slack (``create_gen(slack=True)``) when the
grid is lost. A motor start is a separate power flow: the alternator as its EMF behind its transient
reactance (an ``ext_grid`` and an ``impedance``), the starting motor as a constant-impedance load of
its starting kVA at its starting power factor (the locked rotor, a shunt admittance), the other
loads running.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandapower as pp
import pandas as pd

from models.errors import InputError
from models.power.generators import CATALOGUE_KVA, STARTING_METHODS, GeneratorAssumptions, derating_factor
from models.units import GRAVITY_M_PER_S2, SECONDS_PER_HOUR

#: Newton iterations for site power flows: a heavy motor start needs more than pandapower's default 10.
RUNPP_MAX_ITERATIONS = 50


@dataclass(frozen=True)
class Motor:
    """A motor on the site bus. ``pump`` names the pump it drives in the water network; without one,
    ``running_kw`` gives its electrical running power."""

    name: str
    rated_kw: float
    starting: str = "dol"
    pump: str | None = None
    running_kw: float | None = None
    efficiency: float = 0.94
    power_factor: float = 0.86
    pump_efficiency: float = 0.75

    def __post_init__(self):
        if not (self.rated_kw > 0):
            raise InputError(f"rated_kw must be > 0, got {self.rated_kw!r}")
        if self.starting not in STARTING_METHODS:
            raise InputError(f"starting must be one of {', '.join(STARTING_METHODS)}, got {self.starting!r}")
        if not (0 < self.efficiency <= 1 and 0 < self.pump_efficiency <= 1):
            raise InputError("efficiency and pump_efficiency must be in (0, 1]")
        if not (0.3 <= self.power_factor <= 1):
            raise InputError(f"power_factor must be between 0.3 and 1, got {self.power_factor!r}")
        if (self.pump is None) == (self.running_kw is None):
            raise InputError("give either pump (its power comes from the hydraulics) or running_kw")
        if self.running_kw is not None and self.running_kw < 0:
            raise InputError(f"running_kw must be >= 0, got {self.running_kw!r}")

    @property
    def rated_kva(self) -> float:
        return self.rated_kw / (self.efficiency * self.power_factor)

    @property
    def starting_kva(self) -> float:
        return STARTING_METHODS[self.starting].kva_multiple * self.rated_kva


@dataclass(frozen=True)
class AuxLoad:
    name: str
    power_kw: float
    power_factor: float = 0.9

    def __post_init__(self):
        if not (self.power_kw >= 0):
            raise InputError(f"power_kw must be >= 0, got {self.power_kw!r}")
        if not (0.3 <= self.power_factor <= 1):
            raise InputError(f"power_factor must be between 0.3 and 1, got {self.power_factor!r}")


@dataclass(frozen=True)
class Site:
    """Electrical data of a site (units in the names)."""

    name: str = "site"
    voltage_kv: float = 0.4
    grid_voltage_kv: float = 10.0
    transformer_kva: float = 1000.0
    transformer_vk_percent: float = 6.0
    transformer_vkr_percent: float = 1.0
    altitude_m: float = 150.0
    ambient_temp_c: float = 35.0
    max_voltage_dip_pct: float = 20.0
    load_margin_pct: float = 10.0

    def __post_init__(self):
        if not (0 < self.max_voltage_dip_pct < 100 and 0 <= self.load_margin_pct < 100):
            raise InputError("max_voltage_dip_pct and load_margin_pct must be percentages")
        if self.transformer_kva <= 0 or self.voltage_kv <= 0 or self.grid_voltage_kv <= 0:
            raise InputError("voltages and transformer_kva must be > 0")


def motor_running_kw(motors, links: pd.DataFrame | None, rho_kg_per_m3: float = 998.2) -> pd.DataFrame:
    """Running electrical power of each motor from its pump's duty point in a hydraulic result.

    Returns a DataFrame (index = motor) with ``flow_m3_per_h``, ``head_m``, ``shaft_kw``,
    ``running_kw`` (electrical), ``running_kvar``, ``overloaded`` (shaft power above the rating).
    """
    rows = []
    for m in motors:
        if m.pump is not None:
            if links is None or m.pump not in links.index or links.at[m.pump, "kind"] != "pump":
                raise InputError(f"motor {m.name!r}: pump {m.pump!r} is not a pump of the water network")
            q = float(links.at[m.pump, "flow_m3_per_h"])
            head = -float(links.at[m.pump, "headloss_m"]) if q > 0 else 0.0
            shaft = rho_kg_per_m3 * GRAVITY_M_PER_S2 * (q / SECONDS_PER_HOUR) * head / m.pump_efficiency / 1e3
            elec = shaft / m.efficiency
        else:
            q = head = float("nan")
            elec = float(m.running_kw)
            shaft = elec * m.efficiency
        rows.append(
            {
                "motor": m.name,
                "pump": m.pump or "",
                "flow_m3_per_h": q,
                "head_m": head,
                "shaft_kw": shaft,
                "running_kw": elec,
                "running_kvar": elec * math.tan(math.acos(m.power_factor)),
                "overloaded": shaft > m.rated_kw * 1.0001,
                "rated_kw": m.rated_kw,
                "starting": m.starting,
                "starting_kva": m.starting_kva,
            }
        )
    return pd.DataFrame(rows).set_index("motor")


def _q(p_kw, pf):
    return p_kw * math.tan(math.acos(pf))


def running_totals(running: pd.DataFrame, aux, chp_kw: float = 0.0, chp_pf: float = 1.0) -> tuple[float, float]:
    """Site load (kW, kvar) the supply must cover: running motors and auxiliaries minus CHP output."""
    p = float(running["running_kw"].sum()) + sum(a.power_kw for a in aux) - chp_kw
    q = float(running["running_kvar"].sum()) + sum(_q(a.power_kw, a.power_factor) for a in aux) - _q(chp_kw, chp_pf)
    return p, q


def _site_bus(net) -> int:
    """Index of the site's low-voltage bus."""
    return int(net.bus.index[net.bus["name"] == "site"][0])


def _grid_connection(net, site: Site, lv: int, *, in_service: bool = True) -> None:
    """The grid (an ideal MV source) and the site transformer down to the site bus ``lv``."""
    mv = pp.create_bus(net, vn_kv=site.grid_voltage_kv, name="grid")
    pp.create_ext_grid(net, bus=mv, vm_pu=1.0, name="grid", in_service=in_service)
    pp.create_transformer_from_parameters(
        net,
        hv_bus=mv,
        lv_bus=lv,
        sn_mva=site.transformer_kva / 1e3,
        vn_hv_kv=site.grid_voltage_kv,
        vn_lv_kv=site.voltage_kv,
        vkr_percent=site.transformer_vkr_percent,
        vk_percent=site.transformer_vk_percent,
        pfe_kw=0.0,
        i0_percent=0.0,
        name="grid transformer",
        in_service=in_service,
    )


def _add_site_loads(net, bus, running: pd.DataFrame, aux, chp_kw: float, chp_pf: float) -> None:
    """Running motors and auxiliaries as constant-power loads, a CHP unit as a static generator."""
    for name, r in running.iterrows():
        if r["running_kw"] > 0:
            pp.create_load(net, bus=bus, p_mw=r["running_kw"] / 1e3, q_mvar=r["running_kvar"] / 1e3, name=f"motor {name}")
    for a in aux:
        pp.create_load(net, bus=bus, p_mw=a.power_kw / 1e3, q_mvar=_q(a.power_kw, a.power_factor) / 1e3, name=a.name)
    if chp_kw > 0:
        pp.create_sgen(net, bus=bus, p_mw=chp_kw / 1e3, q_mvar=_q(chp_kw, chp_pf) / 1e3, name="CHP")


def site_net(
    site: Site,
    running: pd.DataFrame,
    aux,
    *,
    generator_kva: float | None = None,
    grid: bool = True,
    chp_kw: float = 0.0,
    chp_pf: float = 1.0,
    assumptions: GeneratorAssumptions | None = None,
):
    """pandapower net of the site in steady operation: on the grid, or islanded on its generator."""
    net = pp.create_empty_network(name=site.name)
    lv = pp.create_bus(net, vn_kv=site.voltage_kv, name="site")
    _grid_connection(net, site, lv, in_service=grid)
    _add_site_loads(net, lv, running, aux, chp_kw, chp_pf)
    if generator_kva is not None:
        pp.create_gen(
            net, bus=lv, p_mw=0.0, vm_pu=1.0, sn_mva=generator_kva / 1e3, name="generator", slack=True, in_service=not grid
        )
    return net


def start_voltage_pu(
    site: Site,
    running: pd.DataFrame,
    aux,
    starting: str,
    *,
    source_kva: float | None,
    chp_kw: float = 0.0,
    chp_pf: float = 1.0,
    assumptions: GeneratorAssumptions | None = None,
) -> float:
    """Site-bus voltage (pu) while motor ``starting`` starts with the other loads running.

    ``source_kva`` set: the generator, an EMF behind its transient reactance, with the EMF that held
    1.0 pu before the start; ``None``: the grid through the site transformer.
    """
    assumptions = assumptions or GeneratorAssumptions()
    motors = running.drop(index=starting)
    m = running.loc[starting]
    method = STARTING_METHODS[m["starting"]]
    net = pp.create_empty_network()
    lv = pp.create_bus(net, vn_kv=site.voltage_kv, name="site")
    if source_kva is None:
        _grid_connection(net, site, lv)
    else:
        emf = pp.create_bus(net, vn_kv=site.voltage_kv, name="alternator EMF")
        eg = pp.create_ext_grid(net, bus=emf, vm_pu=1.0)
        x = assumptions.transient_reactance_pu
        pp.create_impedance(net, from_bus=emf, to_bus=lv, rft_pu=x / 20.0, xft_pu=x, sn_mva=source_kva / 1e3)
    _add_site_loads(net, lv, motors, aux, chp_kw, chp_pf)
    try:
        if source_kva is not None:  # the AVR held 1.0 pu before the start: find that EMF
            for _ in range(3):
                pp.runpp(net, max_iteration=RUNPP_MAX_ITERATIONS)
                net.ext_grid.at[eg, "vm_pu"] /= float(net.res_bus.at[lv, "vm_pu"])
    except pp.LoadflowNotConverged:
        return 0.0  # the source cannot even carry the running load: voltage collapse
    s_mva = m["starting_kva"] / 1e3
    # the locked rotor is a constant impedance: a shunt of the starting kVA at 1 pu (pandapower's
    # constant-impedance share of a load fails to converge on heavy starts that do have a solution)
    pp.create_shunt(
        net,
        bus=lv,
        p_mw=s_mva * method.power_factor,
        q_mvar=s_mva * math.sin(math.acos(method.power_factor)),
        name="starting motor",
    )
    try:
        pp.runpp(net, max_iteration=RUNPP_MAX_ITERATIONS)
    except pp.LoadflowNotConverged:
        return 0.0  # the start collapses the voltage
    return float(net.res_bus.at[lv, "vm_pu"])


@dataclass
class SizingResult:
    """Generator recommendation and its reasoning."""

    recommended_kva: float | None
    candidates: pd.DataFrame  # one row per catalogue size tried, with every check
    running_kw: float
    running_kvar: float
    worst_start_motor: str
    derating: float
    required_kva_running: float
    required_kva_start: float

    @property
    def recommended_kw(self) -> float:
        return float("nan") if self.recommended_kva is None else self.recommended_kva * GeneratorAssumptions().power_factor


def _check(site, running, aux, kva, derate, p_kw, q_kvar, a, chp_kw, chp_pf):
    usable = kva * derate * (1 - site.load_margin_pct / 100)
    s_kva = math.hypot(p_kw, q_kvar)
    running_ok = p_kw <= usable * a.power_factor + 1e-9 and s_kva <= usable + 1e-9
    worst, dip = "", float("nan")
    if running_ok:  # a start only matters on a set that carries the running load
        dips = {
            m: 1 - start_voltage_pu(site, running, aux, m, source_kva=kva * derate, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=a)
            for m in running.index
        }
        worst = max(dips, key=dips.get)
        dip = dips[worst]
    return {
        "kva": kva,
        "derated_kva": kva * derate,
        "usable_kva": usable,
        "usable_kw": usable * a.power_factor,
        "running_kva": s_kva,
        "running_kw": p_kw,
        "worst_start": worst,
        "start_dip_pct": 100 * dip,
        "running_ok": running_ok,
        "start_ok": bool(100 * dip <= site.max_voltage_dip_pct + 1e-9),
    }


def size_generator(
    site: Site,
    running: pd.DataFrame,
    aux,
    *,
    chp_kw: float = 0.0,
    chp_pf: float = 1.0,
    assumptions: GeneratorAssumptions | None = None,
    catalogue=CATALOGUE_KVA,
) -> SizingResult:
    """Smallest catalogue rating that runs the site with margin and starts every motor within the allowed dip."""
    assumptions = assumptions or GeneratorAssumptions()
    derate = derating_factor(assumptions, site.altitude_m, site.ambient_temp_c)
    if derate <= 0:
        raise InputError(f"site {site.name!r}: altitude and temperature derate a generator to nothing")
    p_kw, q_kvar = running_totals(running, aux, chp_kw, chp_pf)
    rows = []
    chosen = None
    for kva in catalogue:
        r = _check(site, running, aux, kva, derate, p_kw, q_kvar, assumptions, chp_kw, chp_pf)
        rows.append(r)
        if r["running_ok"] and r["start_ok"]:
            chosen = kva
            break
    table = pd.DataFrame(rows).set_index("kva")
    need_run = math.hypot(p_kw, q_kvar) / (1 - site.load_margin_pct / 100) / derate
    need_run = max(need_run, p_kw / assumptions.power_factor / (1 - site.load_margin_pct / 100) / derate)
    worst = rows[-1]["worst_start"] or _worst_starter(site, running, aux, assumptions, chp_kw, chp_pf)
    need_start = required_start_kva(site, running, aux, assumptions, chp_kw, chp_pf, motors=[worst]) / derate
    if chosen is None:
        raise InputError(
            f"site {site.name!r}: no catalogue generator up to {catalogue[-1]:,} kVA carries the running load "
            f"({math.hypot(p_kw, q_kvar):,.0f} kVA) and starts every motor (worst start needs {need_start:,.0f} kVA)"
        )
    return SizingResult(chosen, table, p_kw, q_kvar, rows[-1]["worst_start"], derate, need_run, need_start)


def required_start_kva(site, running, aux, a, chp_kw=0.0, chp_pf=1.0, motors=None) -> float:
    """Smallest (continuous) effective generator kVA that starts ``motors`` (default all) within the dip limit."""
    limit = site.max_voltage_dip_pct / 100
    motors = list(running.index) if motors is None else list(motors)

    def worst_dip(kva):
        return max(
            1 - start_voltage_pu(site, running, aux, m, source_kva=kva, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=a)
            for m in motors
        )

    lo, hi = 1.0, 20000.0
    if worst_dip(hi) > limit:
        return float("inf")
    for _ in range(22):  # 2e4 ** (1 / 2**22): well below 0.1 % of the answer
        mid = math.sqrt(lo * hi)
        if worst_dip(mid) > limit:
            lo = mid
        else:
            hi = mid
    return hi


def _worst_starter(site, running, aux, a, chp_kw=0.0, chp_pf=1.0) -> str:
    """The motor whose start dips the voltage most, judged on a set twice the running load."""
    ref = 2 * max(math.hypot(*running_totals(running, aux, chp_kw, chp_pf)), 1.0)
    dips = {
        m: 1 - start_voltage_pu(site, running, aux, m, source_kva=ref, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=a)
        for m in running.index
    }
    return max(dips, key=dips.get)


def check_manual_choice(site, running, aux, kva, *, chp_kw=0.0, chp_pf=1.0, assumptions=None) -> dict:
    """Check a generator someone chose (or was delivered): pass, or the shortfall in kVA and why."""
    assumptions = assumptions or GeneratorAssumptions()
    derate = derating_factor(assumptions, site.altitude_m, site.ambient_temp_c)
    p_kw, q_kvar = running_totals(running, aux, chp_kw, chp_pf)
    r = _check(site, running, aux, kva, derate, p_kw, q_kvar, assumptions, chp_kw, chp_pf)
    need_run = max(math.hypot(p_kw, q_kvar), p_kw / assumptions.power_factor) / (1 - site.load_margin_pct / 100) / derate
    worst = r["worst_start"] or _worst_starter(site, running, aux, assumptions, chp_kw, chp_pf)
    need_start = required_start_kva(site, running, aux, assumptions, chp_kw, chp_pf, motors=[worst]) / derate
    needed = max(need_run, need_start)
    r.update({"passes": bool(r["running_ok"] and r["start_ok"]), "needed_kva": needed, "shortfall_kva": max(needed - kva, 0.0)})
    return r


def grid_voltages(site, running, aux, chp_kw=0.0, chp_pf=1.0) -> dict:
    """Site-bus voltage on the grid in steady operation and during each motor start (pu)."""
    net = site_net(site, running, aux, grid=True, chp_kw=chp_kw, chp_pf=chp_pf)
    pp.runpp(net, max_iteration=RUNPP_MAX_ITERATIONS)
    starts = {m: start_voltage_pu(site, running, aux, m, source_kva=None, chp_kw=chp_kw, chp_pf=chp_pf) for m in running.index}
    return {
        "steady_pu": float(net.res_bus.at[_site_bus(net), "vm_pu"]),
        "starts_pu": starts,
        "transformer_loading_pct": float(net.res_trafo.at[0, "loading_percent"]),
    }


def island_check(site, running, aux, kva, chp_kw=0.0, chp_pf=1.0) -> dict:
    """Power flow of the site islanded on its generator (the generator as the island's slack)."""
    net = site_net(site, running, aux, generator_kva=kva, grid=False, chp_kw=chp_kw, chp_pf=chp_pf)
    pp.runpp(net, max_iteration=RUNPP_MAX_ITERATIONS)
    return {
        "generator_p_kw": float(net.res_gen.at[0, "p_mw"] * 1e3),
        "generator_q_kvar": float(net.res_gen.at[0, "q_mvar"] * 1e3),
        "site_voltage_pu": float(net.res_bus.at[_site_bus(net), "vm_pu"]),
        "generator_loading_pct": 100 * math.hypot(net.res_gen.at[0, "p_mw"], net.res_gen.at[0, "q_mvar"]) * 1e3 / kva,
    }


__all__ = [
    "Motor",
    "AuxLoad",
    "Site",
    "motor_running_kw",
    "size_generator",
    "check_manual_choice",
    "start_voltage_pu",
    "grid_voltages",
    "island_check",
    "site_net",
]
