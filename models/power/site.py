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

import copy
import math
from dataclasses import dataclass

import pandapower as pp
import pandas as pd
from scipy.optimize import brentq

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.power.checks import at_least_zero, between, one_of
from teplovoda.models.power.generators import (
    CATALOGUE_KVA,
    STARTER_UPGRADES,
    STARTING_METHODS,
    GeneratorAssumptions,
    derating_factor,
)
from teplovoda.models.scenario import bounded
from teplovoda.models.units import GRAVITY_M_PER_S2, SECONDS_PER_HOUR

#: Newton iterations for site power flows: a heavy motor start needs more than pandapower's default 10.
RUNPP_MAX_ITERATIONS = 50


@dataclass(frozen=True)
class Motor:
    """A motor on the site bus. ``pump`` names the pump it drives in the water network; without one,
    ``running_kw`` gives its electrical running power."""

    name: str
    rated_kw: float = bounded(gt=0, le=100_000, unit="kW")
    starting: str = "dol"
    pump: str | None = None
    running_kw: float | None = bounded(None, ge=0, le=100_000, unit="kW")
    efficiency: float = bounded(0.94, gt=0, le=1)
    power_factor: float = bounded(0.86, ge=0.3, le=1)
    pump_efficiency: float = bounded(0.75, gt=0, le=1)

    def __post_init__(self):
        if not (self.rated_kw > 0):
            raise InputError(Msg("power.gt_zero", "{field} must be > 0, got {got}", field="rated_kw", got=repr(self.rated_kw)))
        if self.starting not in STARTING_METHODS:
            raise InputError(one_of("starting", STARTING_METHODS, self.starting))
        if not (0 < self.efficiency <= 1 and 0 < self.pump_efficiency <= 1):
            raise InputError(Msg("power.efficiencies", "efficiency and pump_efficiency must be in (0, 1]"))
        if not (0.3 <= self.power_factor <= 1):
            raise InputError(between("power_factor", 0.3, 1, self.power_factor))
        if (self.pump is None) == (self.running_kw is None):
            raise InputError(
                Msg("power.pump_or_running_kw", "give either pump (its power comes from the hydraulics) or running_kw")
            )
        if self.running_kw is not None and self.running_kw < 0:
            raise InputError(at_least_zero("running_kw", self.running_kw))

    @property
    def rated_kva(self) -> float:
        return self.rated_kw / (self.efficiency * self.power_factor)

    @property
    def starting_kva(self) -> float:
        return STARTING_METHODS[self.starting].kva_multiple * self.rated_kva


@dataclass(frozen=True)
class AuxLoad:
    name: str
    power_kw: float = bounded(ge=0, le=100_000, unit="kW")
    power_factor: float = bounded(0.9, ge=0.3, le=1)

    def __post_init__(self):
        if not (self.power_kw >= 0):
            raise InputError(at_least_zero("power_kw", self.power_kw))
        if not (0.3 <= self.power_factor <= 1):
            raise InputError(between("power_factor", 0.3, 1, self.power_factor))


#: Start sequences a site may give (``[site] starts``).
START_SEQUENCES = ("staggered", "simultaneous")
#: Seconds between staggered starts: longer than a pump's run-up direct-on-line (2-5 s) or on a soft
#: starter's ramp (typically up to 10 s), plus the set's voltage and speed recovery after a load step
#: (a few seconds, ISO 8528-5 performance class G2), so each start is over before the next one.
STAGGER_DELAY_S = 15.0


def start_events(site: Site, motors) -> list:
    """What the start check covers: each motor alone, the others running (a staggered sequence, and any
    motor's restart after a level control stopped it); with ``starts = "simultaneous"`` also every
    motor together (a tuple of their names) with only the auxiliaries running."""
    names = [str(m) for m in motors]
    return names + [tuple(names)] if site.starts == "simultaneous" and len(names) > 1 else names


def start_label(event) -> str:
    """A start event's name: the motor, or the motors starting together joined by " + "."""
    return " + ".join(event) if isinstance(event, tuple) else str(event)


def start_order(running: pd.DataFrame) -> list[str]:
    """The staggered sequence: largest starting kVA first (the biggest inrush while the set carries least)."""
    return [str(m) for m in running.sort_values("starting_kva", ascending=False, kind="stable").index]


@dataclass(frozen=True)
class Site:
    """Electrical data of a site (units in the names)."""

    name: str = "site"
    voltage_kv: float = bounded(0.4, gt=0, le=1000, unit="kV")
    grid_voltage_kv: float = bounded(10.0, gt=0, le=1000, unit="kV")
    transformer_kva: float = bounded(1000.0, gt=0, le=1e6, unit="kVA")
    transformer_vk_percent: float = bounded(6.0, gt=0, lt=100, unit="%")
    transformer_vkr_percent: float = bounded(1.0, ge=0, lt=100, unit="%")
    altitude_m: float = bounded(150.0, ge=-500, le=6000, unit="m")
    ambient_temp_c: float = bounded(35.0, ge=-60, le=60, unit="°C")
    max_voltage_dip_pct: float = bounded(20.0, gt=0, lt=100, unit="%")
    load_margin_pct: float = bounded(10.0, ge=0, lt=100, unit="%")
    #: The start sequence after the changeover (:data:`START_SEQUENCES`): ``"staggered"``, one motor at a
    #: time with the others running (largest start first, :data:`STAGGER_DELAY_S` apart); ``"simultaneous"``,
    #: every motor at once (their starting kVA together), checked as well as each motor's restart alone.
    starts: str = "staggered"

    def __post_init__(self):
        if self.starts not in START_SEQUENCES:
            raise InputError(one_of("starts", START_SEQUENCES, self.starts))
        if not (0 < self.max_voltage_dip_pct < 100 and 0 <= self.load_margin_pct < 100):
            raise InputError(Msg("power.percentages", "max_voltage_dip_pct and load_margin_pct must be percentages"))
        if self.transformer_kva <= 0 or self.voltage_kv <= 0 or self.grid_voltage_kv <= 0:
            raise InputError(Msg("power.voltages", "voltages and transformer_kva must be > 0"))


def motor_running_kw(motors, links: pd.DataFrame | None, rho_kg_per_m3: float = 998.2) -> pd.DataFrame:
    """Running electrical power of each motor from its pump's duty point in a hydraulic result.

    Returns a DataFrame (index = motor) with ``flow_m3_per_h``, ``head_m``, ``shaft_kw``,
    ``running_kw`` (electrical), ``running_kvar``, ``overloaded`` (shaft power above the rating).
    """
    rows = []
    for m in motors:
        if m.pump is not None:
            if links is None or m.pump not in links.index or links.at[m.pump, "kind"] != "pump":
                raise InputError(
                    Msg(
                        "power.motor_pump",
                        "motor {motor}: pump {pump} is not a pump of the water network",
                        motor=repr(m.name),
                        pump=repr(m.pump),
                    )
                )
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


def _names(starting) -> tuple[str, ...]:
    """The motors of a start event (a motor's name, a tuple of names starting together, or ``None``)."""
    if starting is None:
        return ()
    return tuple(str(m) for m in starting) if isinstance(starting, tuple) else (str(starting),)


def _q(p_kw, pf):
    return p_kw * math.tan(math.acos(pf))


def running_totals(running: pd.DataFrame, aux, chp_kw: float = 0.0, chp_pf: float = 1.0) -> tuple[float, float]:
    """Site load (kW, kvar) the supply must cover: running motors and auxiliaries minus CHP output."""
    p = float(running["running_kw"].sum()) + sum(a.power_kw for a in aux) - chp_kw
    q = float(running["running_kvar"].sum()) + sum(_q(a.power_kw, a.power_factor) for a in aux) - _q(chp_kw, chp_pf)
    return p, q


_EMPTY_NET = None


def _empty_net(name: str):
    """An empty pandapower net: a copy of one made once (``create_empty_network`` takes ~80 ms, its
    deep copy ~8 ms)."""
    global _EMPTY_NET
    if _EMPTY_NET is None:
        _EMPTY_NET = pp.create_empty_network()
    net = copy.deepcopy(_EMPTY_NET)
    net.name = name
    return net


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


def _add_site_loads(net, bus, running: pd.DataFrame, aux, chp_kw: float, chp_pf: float) -> dict:
    """Running motors and auxiliaries as constant-power loads, a CHP unit as a static generator;
    returns each running motor's load index."""
    motors = {}
    for name, r in running.iterrows():
        if r["running_kw"] > 0:
            motors[str(name)] = pp.create_load(
                net, bus=bus, p_mw=r["running_kw"] / 1e3, q_mvar=r["running_kvar"] / 1e3, name=f"motor {name}"
            )
    for a in aux:
        pp.create_load(net, bus=bus, p_mw=a.power_kw / 1e3, q_mvar=_q(a.power_kw, a.power_factor) / 1e3, name=a.name)
    if chp_kw > 0:
        pp.create_sgen(net, bus=bus, p_mw=chp_kw / 1e3, q_mvar=_q(chp_kw, chp_pf) / 1e3, name="CHP")
    return motors


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
    net = _empty_net(site.name)
    lv = pp.create_bus(net, vn_kv=site.voltage_kv, name="site")
    _grid_connection(net, site, lv, in_service=grid)
    _add_site_loads(net, lv, running, aux, chp_kw, chp_pf)
    if generator_kva is not None:
        pp.create_gen(
            net, bus=lv, p_mw=0.0, vm_pu=1.0, sn_mva=generator_kva / 1e3, name="generator", slack=True, in_service=not grid
        )
    return net


class StartStudy:
    """Motor starts of one site on one source: a single pandapower net whose values change per start.

    ``generator=True``: the generator as an EMF behind its transient reactance (an ``ext_grid`` and an
    ``impedance`` whose rating is set per call); ``False``: the grid through the site transformer.
    Every motor's running load is in the net; starting a motor takes its running load out and puts
    in the locked rotor, a shunt of its starting kVA at its starting power factor (a constant
    impedance: pandapower's constant-impedance share of a load fails to converge on heavy starts
    that do have a solution).

    Before the start the AVR holds the site bus at 1.0 pu. With every running load constant-power,
    the EMF that does so follows exactly from the pre-start current ``I = conj(S)`` at 1 pu:
    ``E = 1 + Z I`` (``Z`` on the system base), so no iteration is needed; the test suite checks that
    pandapower then finds 1.0 pu at the bus.
    """

    def __init__(self, site: Site, running: pd.DataFrame, aux, *, generator: bool, chp_kw=0.0, chp_pf=1.0, assumptions=None):
        self.running = running
        self.generator = generator
        self.assumptions = assumptions or GeneratorAssumptions()
        net = _empty_net(f"{site.name}: motor starts")
        self.bus = pp.create_bus(net, vn_kv=site.voltage_kv, name="site")
        if generator:
            emf = pp.create_bus(net, vn_kv=site.voltage_kv, name="alternator EMF")
            self.ext_grid = pp.create_ext_grid(net, bus=emf, vm_pu=1.0)
            x = self.assumptions.transient_reactance_pu
            self.z_pu = complex(x / 20.0, x)
            self.impedance = pp.create_impedance(
                net, from_bus=emf, to_bus=self.bus, rft_pu=self.z_pu.real, xft_pu=self.z_pu.imag, sn_mva=1.0
            )
        else:
            _grid_connection(net, site, self.bus)
        self.motor_load = _add_site_loads(net, self.bus, running, aux, chp_kw, chp_pf)  # motor name -> load
        self.shunt = pp.create_shunt(net, bus=self.bus, p_mw=0.0, q_mvar=0.0, name="starting motor", in_service=False)
        self.net = net
        self.required_kva: dict = {}  # (dip limit, motors) -> smallest kVA, see _required_start_kva
        self._s_running: complex | None = None  # generator starts: every load running, less CHP (MVA), once
        self._s_motor: dict[str, complex] = {}

    def _load_mva(self) -> complex:
        """Constant-power load in service on the site bus, less CHP output (MVA)."""
        net = self.net
        load = net.load[net.load["in_service"]]
        s_mva = complex(load["p_mw"].sum(), load["q_mvar"].sum())
        if len(net.sgen):
            sgen = net.sgen[net.sgen["in_service"]]
            s_mva -= complex(sgen["p_mw"].sum(), sgen["q_mvar"].sum())
        return s_mva

    def _prestart_emf_pu(self, source_kva: float) -> float:
        """EMF (pu) that holds the site bus at 1.0 pu with the loads in service (no shunt)."""
        z_sys = self.z_pu * self.net.sn_mva / (source_kva / 1e3)
        return abs(1.0 + z_sys * self._load_mva().conjugate() / self.net.sn_mva)

    def _runpp(self) -> None:
        """Newton from a flat start: every call independent of the ones before it (starting from the
        last result would be faster but makes a start near voltage collapse depend on the call order);
        pandapower's default ("auto": a DC power flow first) takes twice as long here."""
        pp.runpp(self.net, max_iteration=RUNPP_MAX_ITERATIONS, init="flat")

    def prestart_voltage_pu(self, starting: str, source_kva: float | None = None) -> float:
        """Site-bus voltage before ``starting`` starts (pandapower; 1.0 on a generator by construction)."""
        self._set(starting, source_kva, start=False)
        self._runpp()
        return float(self.net.res_bus.at[self.bus, "vm_pu"])

    def steady(self) -> dict:
        """On the grid, every motor running and none starting: site-bus voltage (pu), transformer loading (%)."""
        if self.generator:
            raise ValueError("steady() is for a study on the grid (a generator study has no fixed EMF)")
        net = self.net
        net.load.loc[list(self.motor_load.values()), "in_service"] = True
        net.shunt.at[self.shunt, "in_service"] = False
        self._runpp()
        return {
            "steady_pu": float(net.res_bus.at[self.bus, "vm_pu"]),
            "transformer_loading_pct": float(net.res_trafo["loading_percent"].iloc[0]),
        }

    def running_kva(self, starting: str | None = None) -> float:
        """Load (kVA) the source carries while ``starting`` starts (the others running), or with every
        motor running (``None``), less CHP output."""
        net = self.net
        net.load.loc[list(self.motor_load.values()), "in_service"] = True
        for name in _names(starting):
            if name in self.motor_load:
                net.load.at[self.motor_load[name], "in_service"] = False
        return abs(self._load_mva()) * 1e3

    def _set(self, starting: str, source_kva: float | None, *, start: bool) -> float:
        net = self.net
        load_kva = self.running_kva(starting)
        if self.generator:
            if source_kva is None:
                raise ValueError("a start on the generator needs source_kva")
            net.impedance.at[self.impedance, "sn_mva"] = source_kva / 1e3
            net.ext_grid.at[self.ext_grid, "vm_pu"] = self._prestart_emf_pu(source_kva)
        p_mw = q_mvar = 0.0  # motors starting together: their locked-rotor admittances add
        for name in _names(starting):
            m = self.running.loc[name]
            pf = STARTING_METHODS[m["starting"]].power_factor
            p_mw += m["starting_kva"] / 1e3 * pf
            q_mvar += m["starting_kva"] / 1e3 * math.sin(math.acos(pf))
        net.shunt.loc[self.shunt, ["p_mw", "q_mvar"]] = (p_mw, q_mvar)
        net.shunt.at[self.shunt, "in_service"] = start
        return load_kva

    def voltage_pu(self, starting, source_kva: float | None = None) -> float:
        """Site-bus voltage (pu) while motor ``starting`` (or a tuple of motors together) starts with the
        other loads running; 0.0 when the voltage collapses (no power-flow solution) or the site draws more than the set's rating
        from it (when CHP output exceeds the site's load, pandapower alone decides)."""
        if self.generator:
            return self._generator_start_pu(starting, source_kva)
        self._set(starting, source_kva, start=True)
        try:
            self._runpp()
        except pp.LoadflowNotConverged:
            return 0.0
        return float(self.net.res_bus.at[self.bus, "vm_pu"])

    def _generator_start_pu(self, starting, source_kva: float | None) -> float:
        """:meth:`voltage_pu` on the generator in closed form, without a power flow.

        The net is two buses: the EMF ``E`` (real; the one :meth:`_set` gives, holding 1.0 pu before the start)
        behind ``z`` feeds the constant-power loads ``s`` (the starting motors' running loads out) and the
        starting motors' locked rotors, a shunt ``y`` (its power at 1 pu). With ``V`` the site bus,
        ``(E - V) conj(V) = z conj(s) + z conj(y) |V|^2``; taking the modulus, ``x = |V|^2`` solves
        ``|B|^2 x^2 + (2 Re(A conj(B)) - E^2) x + |A|^2 = 0`` with ``A = z conj(s)``, ``B = 1 + z conj(y)``. The
        larger root is the operating point pandapower's Newton finds; no real root is a voltage collapse (0.0, as a
        power flow that does not converge). ``tests/models/power/test_start_closed_form.py`` checks it against
        pandapower's power flow of this same net on random sites, sets and starts (to 1e-6 pu). It is about a
        hundred times faster than the power flow, which a portfolio of hundreds of sites needs."""
        if source_kva is None:
            raise ValueError("a start on the generator needs source_kva")
        if self._s_running is None:
            net = self.net
            motors = set(self.motor_load.values())
            on = net.load["in_service"].to_numpy(bool) | net.load.index.isin(list(motors))
            load = net.load[on]
            s_mva = complex(load["p_mw"].sum(), load["q_mvar"].sum())
            if len(net.sgen):
                sgen = net.sgen[net.sgen["in_service"]]
                s_mva -= complex(sgen["p_mw"].sum(), sgen["q_mvar"].sum())
            self._s_running = s_mva
            self._s_motor = {
                name: complex(net.load.at[i, "p_mw"], net.load.at[i, "q_mvar"]) for name, i in self.motor_load.items()
            }
        names = _names(starting)
        s_mva = self._s_running - sum((self._s_motor[n] for n in names if n in self._s_motor), 0j)
        if s_mva.real > 0 and abs(s_mva) * 1e3 > source_kva:
            return 0.0
        y_mva = 0j
        for name in names:  # motors starting together: their locked-rotor admittances add
            m = self.running.loc[name]
            pf = STARTING_METHODS[m["starting"]].power_factor
            y_mva += m["starting_kva"] / 1e3 * complex(pf, math.sin(math.acos(pf)))
        sn = self.net.sn_mva
        z = self.z_pu * sn / (source_kva / 1e3)
        s, y = s_mva / sn, y_mva / sn
        e = abs(1.0 + z * s.conjugate())
        a = z * s.conjugate()
        b = 1 + z * y.conjugate()
        qa, qb, qc = abs(b) ** 2, 2 * (a * b.conjugate()).real - e * e, abs(a) ** 2
        disc = qb * qb - 4 * qa * qc
        if disc < 0:
            return 0.0
        return math.sqrt((-qb + math.sqrt(disc)) / (2 * qa))


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
    1.0 pu before the start; ``None``: the grid through the site transformer. One start; for many on
    the same site and source use :class:`StartStudy`.
    """
    study = StartStudy(
        site, running, aux, generator=source_kva is not None, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=assumptions
    )
    return study.voltage_pu(starting, source_kva)


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
    #: The start sequence sized for (``[site] starts``) and the effective kVA each sequence needs: one motor at
    #: a time, the others running (the worst of them), and every motor together after the changeover.
    starts: str = "staggered"
    required_kva_staggered: float = float("nan")
    required_kva_simultaneous: float = float("nan")

    @property
    def staggering_needed(self) -> bool:
        """Whether the recommended set starts the motors only one at a time (together they need more)."""
        return self.recommended_kva is not None and self.required_kva_simultaneous > self.recommended_kva * (1 + 1e-9)

    @property
    def recommended_kw(self) -> float:
        return float("nan") if self.recommended_kva is None else self.recommended_kva * GeneratorAssumptions().power_factor


def _check(site, study: StartStudy, kva, derate, p_kw, q_kvar, a):
    usable = kva * derate * (1 - site.load_margin_pct / 100)
    s_kva = math.hypot(p_kw, q_kvar)
    running_ok = p_kw <= usable * a.power_factor + 1e-9 and s_kva <= usable + 1e-9
    worst, dip = "", float("nan")
    if running_ok:  # a start only matters on a set that carries the running load
        dips = {e: 1 - study.voltage_pu(e, kva * derate) for e in start_events(site, study.running.index)}
        worst = max(dips, key=dips.get)
        dip = dips[worst]
    return {
        "worst_event": worst,
        "kva": kva,
        "derated_kva": kva * derate,
        "usable_kva": usable,
        "usable_kw": usable * a.power_factor,
        "running_kva": s_kva,
        "running_kw": p_kw,
        "worst_start": start_label(worst),
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
    study: StartStudy | None = None,
) -> SizingResult:
    """Smallest catalogue rating that runs the site with margin and starts every motor within the allowed dip.

    ``study``: the site's generator :class:`StartStudy`, to share with :func:`check_manual_choice`.
    """
    assumptions = assumptions or GeneratorAssumptions()
    derate = derating_factor(assumptions, site.altitude_m, site.ambient_temp_c)
    if derate <= 0:
        raise InputError(
            Msg("power.derated", "site {site}: altitude and temperature derate a generator to nothing", site=repr(site.name))
        )
    p_kw, q_kvar = running_totals(running, aux, chp_kw, chp_pf)
    study = study or StartStudy(site, running, aux, generator=True, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=assumptions)
    rows = []
    chosen = None
    for kva in catalogue:
        r = _check(site, study, kva, derate, p_kw, q_kvar, assumptions)
        rows.append(r)
        if r["running_ok"] and r["start_ok"]:
            chosen = kva
            break
    table = pd.DataFrame(rows).drop(columns="worst_event").set_index("kva")
    need_run = math.hypot(p_kw, q_kvar) / (1 - site.load_margin_pct / 100) / derate
    need_run = max(need_run, p_kw / assumptions.power_factor / (1 - site.load_margin_pct / 100) / derate)
    worst = rows[-1]["worst_event"] or _worst_starter(site, study, p_kw, q_kvar)
    need_start = _required_start_kva(site, study, [worst]) / derate
    if chosen is None:
        raise InputError(
            Msg(
                "power.no_generator",
                "site {site}: no catalogue generator up to {largest_kva:,} kVA carries the running load "
                "({running_kva:,.0f} kVA) and starts every motor (worst start needs {start_kva:,.0f} kVA)",
                site=repr(site.name),
                largest_kva=catalogue[-1],
                running_kva=math.hypot(p_kw, q_kvar),
                start_kva=need_start,
            )
        )
    staggered_kva = _required_start_kva(site, study, list(study.running.index)) / derate
    together_kva = _required_start_kva(site, study, [tuple(str(m) for m in study.running.index)]) / derate
    return SizingResult(
        chosen,
        table,
        p_kw,
        q_kvar,
        rows[-1]["worst_start"],
        derate,
        need_run,
        need_start,
        site.starts,
        staggered_kva,
        together_kva,
    )


#: Relative accuracy of the smallest kVA that starts a motor within the dip limit.
REQUIRED_KVA_RTOL = 1e-3


def required_start_kva(site, running, aux, a, chp_kw=0.0, chp_pf=1.0, motors=None) -> float:
    """Smallest (continuous) effective generator kVA that starts ``motors`` (default all) within the dip limit."""
    study = StartStudy(site, running, aux, generator=True, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=a)
    return _required_start_kva(site, study, list(running.index) if motors is None else list(motors))


def _required_start_kva(site, study: StartStudy, motors) -> float:
    """The dip falls as the set grows: Brent's method on ``dip(kVA) - limit`` (scipy ``brentq``),
    between the site's whole running load (a smaller set fails the running check, whatever its
    starts) and 20 MVA; the answer is on the passing side, within ``REQUIRED_KVA_RTOL``."""
    limit = site.max_voltage_dip_pct / 100
    key = (limit, tuple(motors))
    if key not in study.required_kva:
        study.required_kva[key] = _solve_required_kva(study, limit, motors)
    return study.required_kva[key]


def _solve_required_kva(study: StartStudy, limit: float, motors) -> float:
    def excess(kva):
        return max(1 - study.voltage_pu(m, kva) for m in motors) - limit

    lo = max(1.0, study.running_kva() * (1 + 1e-6))
    hi = 20000.0
    if excess(hi) > 0:
        return float("inf")
    if excess(lo) <= 0:
        return lo
    root = brentq(excess, lo, hi, rtol=REQUIRED_KVA_RTOL, xtol=1e-3)
    return float(root) * (1 + 2 * REQUIRED_KVA_RTOL)  # on the passing side of the tolerance


def _worst_starter(site: Site, study: StartStudy, p_kw: float, q_kvar: float):
    """The start (a motor, or motors together) that dips the voltage most, judged on a set twice the running load."""
    ref = 2 * max(math.hypot(p_kw, q_kvar), 1.0)
    dips = {e: 1 - study.voltage_pu(e, ref) for e in start_events(site, study.running.index)}
    return max(dips, key=dips.get)


def upsized_by_start(sizing: SizingResult) -> bool:
    """Whether a motor start, not the running load, set the recommendation (a smaller set carried the load)."""
    c = sizing.candidates
    carries = c.index[c["running_ok"].to_numpy(bool)]
    return sizing.recommended_kva is not None and len(carries) > 0 and carries[0] < sizing.recommended_kva


def with_starter(running: pd.DataFrame, motor: str, starting: str) -> pd.DataFrame:
    """``running`` with ``motor`` started by ``starting`` instead (its starting kVA follows)."""
    out = running.copy()
    old = STARTING_METHODS[out.at[motor, "starting"]]
    out.at[motor, "starting_kva"] = out.at[motor, "starting_kva"] / old.kva_multiple * STARTING_METHODS[starting].kva_multiple
    out.at[motor, "starting"] = starting
    return out


def cheaper_start(site, running, aux, sizing: SizingResult, *, chp_kw=0.0, chp_pf=1.0, assumptions=None) -> dict | None:
    """The cheapest starter change on the motor whose start set the recommendation that lets a smaller
    catalogue set pass, found by sizing again with that starter; ``None`` when the running load set it
    or no change helps.

    Returns ``motor``, ``starting_from``, ``starting_to``, ``kva`` (the smaller set) and ``recommended_kva``.
    """
    if not upsized_by_start(sizing):
        return None
    motor = sizing.worst_start_motor
    if motor not in running.index:  # every motor starting together set it: no one starter to change
        return None
    current = STARTING_METHODS[running.at[motor, "starting"]].kva_multiple
    for starting in STARTER_UPGRADES:
        if STARTING_METHODS[starting].kva_multiple >= current:
            continue
        changed = with_starter(running, motor, starting)
        try:
            resized = size_generator(site, changed, aux, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=assumptions)
        except InputError:
            continue
        if resized.recommended_kva < sizing.recommended_kva:
            return {
                "motor": motor,
                "starting_from": str(running.at[motor, "starting"]),
                "starting_to": starting,
                "kva": float(resized.recommended_kva),
                "recommended_kva": float(sizing.recommended_kva),
            }
    return None


def check_manual_choice(site, running, aux, kva, *, chp_kw=0.0, chp_pf=1.0, assumptions=None, study=None) -> dict:
    """Check a generator someone chose (or was delivered): pass, or the shortfall in kVA and why."""
    assumptions = assumptions or GeneratorAssumptions()
    derate = derating_factor(assumptions, site.altitude_m, site.ambient_temp_c)
    p_kw, q_kvar = running_totals(running, aux, chp_kw, chp_pf)
    study = study or StartStudy(site, running, aux, generator=True, chp_kw=chp_kw, chp_pf=chp_pf, assumptions=assumptions)
    r = _check(site, study, kva, derate, p_kw, q_kvar, assumptions)
    need_run = max(math.hypot(p_kw, q_kvar), p_kw / assumptions.power_factor) / (1 - site.load_margin_pct / 100) / derate
    worst = r.pop("worst_event") or _worst_starter(site, study, p_kw, q_kvar)
    need_start = _required_start_kva(site, study, [worst]) / derate
    needed = max(need_run, need_start)
    r.update({"passes": bool(r["running_ok"] and r["start_ok"]), "needed_kva": needed, "shortfall_kva": max(needed - kva, 0.0)})
    return r


def grid_voltages(site, running, aux, chp_kw=0.0, chp_pf=1.0) -> dict:
    """Site-bus voltage on the grid in steady operation and during each motor start (pu)."""
    study = StartStudy(site, running, aux, generator=False, chp_kw=chp_kw, chp_pf=chp_pf)
    steady = study.steady()
    starts = {m: study.voltage_pu(m) for m in running.index}
    return {"steady_pu": steady["steady_pu"], "starts_pu": starts, "transformer_loading_pct": steady["transformer_loading_pct"]}


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
    "cheaper_start",
    "upsized_by_start",
    "with_starter",
    "start_voltage_pu",
    "start_events",
    "start_label",
    "start_order",
    "START_SEQUENCES",
    "STAGGER_DELAY_S",
    "StartStudy",
    "required_start_kva",
    "grid_voltages",
    "island_check",
    "site_net",
]
