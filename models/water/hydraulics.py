"""Steady-state hydraulics of water networks: pandapipes with EPANET's status logic around it.

pandapipes solves the network equations (Newton-Raphson, Darcy-Weisbach). Around each solve this
module supplies what pandapipes does not have, the way EPANET 2.2 does it:

* **Friction as EPANET computes it**: every outer iteration sets each pipe's equivalent sand
  roughness so that pandapipes' Darcy-Weisbach loss (its ``nikuradse`` model, ``64/Re`` plus a
  roughness term) equals EPANET's loss at that pipe's own solved flow: the Hazen-Williams loss
  ``10.667 L Q**1.852 / (C**1.852 D**4.871)``, or for Darcy-Weisbach pipes EPANET 2.2's friction
  factor (Swamee-Jain, with its laminar and transition branches) at the EPANET viscosity. At the
  fixed point the head losses are EPANET's.
* **Pumps** never run backwards: a pump whose flow reverses is closed, and reopened when the head
  it must lift falls below its shutoff head. **Check-valve pipes** close on reverse flow and reopen
  when the head difference turns. **PRVs** switch between active, open and closed as in EPANET.
* **Pressure-dependent demand** (Wagner): ``d = D * sqrt((p - p_min) / (p_req - p_min))`` between
  the thresholds, ``D`` above ``p_req``, zero below ``p_min``. Between the thresholds the relation
  ``p - p_min = (p_req - p_min) (d / D)**2`` is a quadratic loss, so each demand node is joined by
  a valve (loss coefficient chosen to match) to a fixed head ``z + p_min``; above ``p_req`` the node
  takes its full demand as a sink, below ``p_min`` it takes nothing. Each node's mode is switched
  like a check valve's until no mode changes: this is EPANET 2.2's own pressure-driven formulation.
* **Leaks** are orifices ``Q = Cd A sqrt(2 g p)``: a valve with loss coefficient ``1/Cd**2`` and
  area ``A`` to the atmosphere at the node's height; a leak takes no air in at negative pressure.

Nodes cut off from every reservoir and tank get no water (pressure NaN, ``supplied`` False).
A solve that does not converge is a result with ``converged = False`` and the reason.
"""

from __future__ import annotations

import copy
import logging
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandapipes as pp
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from models import pandapipes_speedups  # noqa: F401 - installs a faster pandapipes check
from models.errors import InputError
from models.units import GRAVITY_M_PER_S2, MM_PER_M, SECONDS_PER_HOUR
from models.water import network as wnet

logger = logging.getLogger(__name__)

HW_COEFFICIENT_SI = 10.667  # EPANET's Hazen-Williams resistance coefficient for SI units
HW_FLOW_EXPONENT = 1.852
HW_DIAMETER_EXPONENT = 4.871
NIKURADSE_CONSTANT = 3.71
#: Diameter of the helper valves that model demand and leak outflow (m); only sets the scale of
#: their loss coefficient, not the result.
OUTLET_VALVE_DIAMETER_M = 0.1
#: Flows below this are treated as zero when deciding a link's status (m3/h).
FLOW_ZERO_M3_PER_H = 1e-6

FULL, ORIFICE, NONE = 0, 1, 2  # demand modes
#: Link tables with their end columns and the column that says the link is passable.
LINK_ENDS = (
    ("pipe", "from_junction", "to_junction", "in_service"),
    ("pump", "from_junction", "to_junction", "in_service"),
    ("press_control", "from_junction", "to_junction", "in_service"),
    ("valve", "junction", "element", "opened"),
)


@dataclass(frozen=True)
class HydraulicOptions:
    """Options of one steady hydraulic solve.

    Attributes
    ----------
    demand_model : {"pdd", "dda"}
        Pressure-dependent (Wagner) or demand-driven (EPANET's classic) demand.
    min_pressure_m, required_pressure_m : float
        Default PDD thresholds (pressure head, m) for nodes without their own.
    head_tolerance_m : float
        Outer iterations stop when no status changed and no head moved more than this, or no
        longer will (the contraction of the last two iterations bounds the change still to come).
    max_iterations : int
        Outer (status and Hazen-Williams) iterations before giving up.
    """

    demand_model: str = "pdd"
    min_pressure_m: float = 0.0
    required_pressure_m: float = 20.0
    head_tolerance_m: float = 1e-4
    max_iterations: int = 60
    max_newton_iterations: int = 100

    def __post_init__(self):
        if self.demand_model not in ("pdd", "dda"):
            raise InputError(f"demand_model must be 'pdd' or 'dda', got {self.demand_model!r}")
        if not (0 <= self.min_pressure_m < self.required_pressure_m):
            raise InputError("required_pressure_m must be greater than min_pressure_m >= 0")
        if self.max_iterations < 1 or self.max_newton_iterations < 1:
            raise InputError("max_iterations must be >= 1")


@dataclass
class HydraulicResult:
    """Result of a steady solve.

    Attributes
    ----------
    converged : bool
    reason : str
        Why the solve stopped ("converged", or what failed).
    iterations : int
        Outer iterations used.
    junctions : DataFrame
        Index = junction name; ``type``, ``elevation_m``, ``head_m``, ``pressure_m``,
        ``demand_required_m3_per_h``, ``demand_m3_per_h`` (delivered), ``leak_m3_per_h``,
        ``population``, ``supplied`` (connected to a source), ``min_pressure_m``, ``required_pressure_m``.
    links : DataFrame
        Index = link name; ``kind`` (pipe, pump, prv, valve), ``from_junction``, ``to_junction``,
        ``flow_m3_per_h`` (positive from -> to), ``velocity_m_per_s``, ``headloss_m``, ``status``.
    sources : DataFrame
        Index = reservoir/tank name; ``kind``, ``head_m``, ``in_service``, ``outflow_m3_per_h``
        (negative: filling), ``usable_volume_m3`` (tanks: volume above the minimum level).
    options : HydraulicOptions
    """

    converged: bool
    reason: str
    iterations: int
    junctions: pd.DataFrame
    links: pd.DataFrame
    sources: pd.DataFrame
    options: HydraulicOptions = field(default_factory=HydraulicOptions)


def hazen_williams_headloss_m(flow_m3_per_s, diameter_m, length_m, c):
    """EPANET's Hazen-Williams head loss (m) for SI flow (m3/s) and diameter, length (m)."""
    return (
        HW_COEFFICIENT_SI
        * length_m
        * np.abs(flow_m3_per_s) ** HW_FLOW_EXPONENT
        / (c**HW_FLOW_EXPONENT * diameter_m**HW_DIAMETER_EXPONENT)
    )


def epanet_friction_factor(flow_m3_per_s, diameter_m, roughness_m, kinematic_viscosity_m2_per_s):
    """EPANET 2.2's Darcy-Weisbach friction factor (hydcoeffs.c): laminar 64/Re below Re 2000,
    Swamee-Jain above Re 4000, Dunlop's cubic interpolation between."""
    q = np.maximum(np.abs(flow_m3_per_s), 1e-12)
    w = q / (kinematic_viscosity_m2_per_s * diameter_m)  # = Re * pi / 4
    e = roughness_m / diameter_m
    a1, a2 = 1000.0 * math.pi, 500.0 * math.pi
    a8, a9 = 5.74 * (math.pi / 4) ** 0.9, -2.0 / math.log(10.0)
    ab = 5.74 / 4000.0**0.9
    ac = -2 * 0.9 * 2 / math.log(10.0) * ab
    y3 = a9 * np.log(e / 3.7 + a8 / w**0.9)
    f_turb = 1.0 / y3**2
    y2 = e / 3.7 + ab
    y3t = a9 * np.log(y2)
    fa = 1.0 / y3t**2
    fb = (2.0 + ac / (y2 * y3t)) * fa
    r = w / a2
    x1, x2 = 7.0 * fa - fb, 0.128 - 17.0 * fa + 2.5 * fb
    x3, x4 = -0.128 + 13.0 * fa - 2 * fb, 0.032 - 3.0 * fa + 0.5 * fb
    f_trans = x1 + r * (x2 + r * (x3 + r * x4))
    f_lam = 64.0 / (w * 4 / math.pi)
    return np.where(w >= a1, f_turb, np.where(w > a2, f_trans, f_lam))


def equivalent_roughness_mm(flow_m3_per_s, diameter_m, friction_factor, kinematic_viscosity_m2_per_s):
    """Sand roughness (mm) for which pandapipes' nikuradse law gives ``friction_factor`` at this flow.

    pandapipes' nikuradse friction is ``64/Re + 1/(2 log10(3.71 D/k))**2``; the laminar part is
    taken off and the rest inverted for ``k``.
    """
    area = math.pi / 4 * diameter_m**2
    v = np.maximum(np.abs(flow_m3_per_s) / area, 1e-3)
    lam_turb = np.clip(friction_factor - 64.0 / (v * diameter_m / kinematic_viscosity_m2_per_s), 1e-4, 0.7)
    return NIKURADSE_CONSTANT * diameter_m * 10.0 ** (-1.0 / (2.0 * np.sqrt(lam_turb))) * MM_PER_M


def hazen_williams_friction_factor(flow_m3_per_s, diameter_m, c):
    """Darcy friction factor equivalent to EPANET's Hazen-Williams loss at this flow (length drops out)."""
    area = math.pi / 4 * diameter_m**2
    v = np.maximum(np.abs(flow_m3_per_s) / area, 1e-3)
    q = v * area
    return (
        HW_COEFFICIENT_SI
        * q**HW_FLOW_EXPONENT
        / (c**HW_FLOW_EXPONENT * diameter_m**HW_DIAMETER_EXPONENT)
        * 2
        * GRAVITY_M_PER_S2
        * diameter_m
        / v**2
    )


def _n(net, table: str) -> int:
    """Rows of a pandapipes table (0 when the net has none: tables exist only once used)."""
    return len(net[table]) if table in net else 0


class _Work:
    """The working copy of a net with the helper elements of one solve, and their state."""

    def __init__(self, net, options: HydraulicOptions):
        wnet.check_network(net)
        self.options = options
        self.net = copy.deepcopy(net)
        w = self.net
        self.rho = wnet.water_density_kg_per_m3(w)
        self.nu = float(pp.get_fluid(w).get_viscosity(293.15)) / self.rho
        w.ext_grid["p_bar"] = wnet.gauge_pressure_bar(
            w, w.ext_grid["head_m"].to_numpy(float), w.junction.loc[w.ext_grid["junction"], "height_m"].to_numpy(float)
        )
        self.n_user_junctions = len(w.junction)
        pipe = w.pipe
        for col, default in (("hazen_williams_c", np.nan), ("check_valve", False), ("internal", False)):
            if col not in pipe:
                pipe[col] = default
        pipe["check_valve"] = pipe["check_valve"].astype("boolean").fillna(False).astype(bool)
        if "roughness_mm" not in pipe:
            pipe["roughness_mm"] = np.where(pipe["hazen_williams_c"].notna(), np.nan, pipe["k_mm"])
        # every user pipe gets a flow-consistent roughness (Hazen-Williams, or EPANET's D-W factor)
        self.mapped = pipe.index[~wnet.is_internal(pipe)]
        self.nu_epanet = float(w.get("kinematic_viscosity_m2_per_s", wnet.EPANET_KINEMATIC_VISCOSITY_M2_PER_S))
        self.cv = pipe.index[(pipe["check_valve"] & pipe["in_service"]).to_numpy()]
        self.cv_open = pd.Series(True, index=self.cv)
        self.pump_user = w.pump.index[w.pump["in_service"].to_numpy()] if _n(w, "pump") else pd.Index([])
        self.pump_open = pd.Series(True, index=self.pump_user)
        self.prv = w.press_control.index[w.press_control["in_service"].to_numpy()] if _n(w, "press_control") else pd.Index([])
        self.prv_state = pd.Series("active", index=self.prv, dtype=object)
        if len(self.prv):
            tj = w.press_control.loc[self.prv, "to_junction"]
            z = w.junction.loc[tj, "height_m"].to_numpy(float)
            w.press_control.loc[self.prv, "controlled_p_bar"] = wnet.gauge_pressure_bar(
                w, z + w.press_control.loc[self.prv, "setting_m"].to_numpy(float), z
            )
        self._add_demand_outlets()
        self._add_leak_outlets()

    # -- helper elements ------------------------------------------------------------------------
    def _outlets(self, junctions, head_m, zeta, tag):
        w = self.net
        z = w.junction.loc[junctions, "height_m"].to_numpy(float)
        outs = pp.create_junctions(
            w,
            nr_junctions=len(junctions),
            pn_bar=wnet.NOMINAL_PRESSURE_BAR,
            tfluid_k=293.15,
            height_m=z,
            type=tag,
            name=[f"__{tag}_{j}" for j in junctions],
        )
        pp.create_ext_grids(
            w,
            junctions=outs,
            p_bar=wnet.gauge_pressure_bar(w, head_m, z),
            t_k=293.15,
            type="pt",
            name=[f"__{tag}_{j}" for j in junctions],
        )
        w.ext_grid["kind"] = w.ext_grid["kind"].fillna(tag) if "kind" in w.ext_grid else tag
        return pp.create_valves(
            w,
            junctions=np.asarray(junctions),
            elements=outs,
            et="ju",
            inner_diameter_mm=OUTLET_VALVE_DIAMETER_M * MM_PER_M,
            loss_coefficient=zeta,
            opened=False,
            name=[f"__{tag}_{j}" for j in junctions],
        )

    def _thresholds(self, junctions):
        jt = self.net.junction.loc[junctions]
        pmin = (
            jt["min_pressure_m"].fillna(self.options.min_pressure_m).to_numpy(float)
            if "min_pressure_m" in jt
            else np.full(len(jt), self.options.min_pressure_m)
        )
        preq = (
            jt["required_pressure_m"].fillna(self.options.required_pressure_m).to_numpy(float)
            if "required_pressure_m" in jt
            else np.full(len(jt), self.options.required_pressure_m)
        )
        bad = ~(preq > pmin)
        if bad.any():
            name = jt["name"].iloc[int(np.flatnonzero(bad)[0])]
            raise InputError(f"junction {name!r}: required_pressure_m must exceed min_pressure_m")
        return pmin, preq

    def _add_demand_outlets(self):
        w = self.net
        sinks = w.sink[w.sink["in_service"] & (w.sink["mdot_kg_per_s"] > 0)]
        self.sink_idx = sinks.index
        self.demand_junction = sinks["junction"].to_numpy(int)
        self.demand_required = sinks["mdot_kg_per_s"].to_numpy(float) / self.rho  # m3/s
        self.mode = np.full(len(sinks), FULL)
        self.demand_valve = np.array([], dtype=int)
        if self.options.demand_model != "pdd" or not len(sinks):
            return
        pmin, preq = self._thresholds(self.demand_junction)
        z = w.junction.loc[self.demand_junction, "height_m"].to_numpy(float)
        area = math.pi / 4 * OUTLET_VALVE_DIAMETER_M**2
        zeta = 2 * GRAVITY_M_PER_S2 * (preq - pmin) * area**2 / self.demand_required**2
        self.pmin, self.preq = pmin, preq
        self.demand_valve = self._outlets(self.demand_junction, z + pmin, zeta, "pdd_outlet")

    def _add_leak_outlets(self):
        w = self.net
        leaks = w["leak"] if "leak" in w else pd.DataFrame(columns=wnet.LEAK_COLUMNS)
        self.leak_names = leaks["name"].astype(str).to_numpy()
        self.leak_junction = leaks["junction"].to_numpy(int)
        self.leak_valve = np.array([], dtype=int)
        if not len(leaks):
            return
        area = leaks["area_m2"].to_numpy(float)
        cd = leaks["discharge_coefficient"].to_numpy(float)
        # valve of area A_v with loss zeta: dh = zeta (Q/A_v)^2 / 2g; orifice: dh = (Q/(Cd A))^2 / 2g
        a_v = math.pi / 4 * OUTLET_VALVE_DIAMETER_M**2
        zeta = (a_v / (cd * area)) ** 2
        z = w.junction.loc[self.leak_junction, "height_m"].to_numpy(float)
        self.leak_valve = self._outlets(self.leak_junction, z, zeta, "leak_outlet")
        w.valve.loc[self.leak_valve, "opened"] = True

    # -- state from results ---------------------------------------------------------------------
    def heads(self) -> np.ndarray:
        w = self.net
        return wnet.head_m_from_gauge(w, w.res_junction["p_bar"].to_numpy(float), w.junction["height_m"].to_numpy(float))

    def set_equivalent_roughness(self, flows_m3_per_s):
        """Set every user pipe's working roughness so pandapipes reproduces EPANET's loss at its flow."""
        if not len(self.mapped):
            return
        pipe = self.net.pipe
        d = pipe.loc[self.mapped, "inner_diameter_mm"].to_numpy(float) / MM_PER_M
        q = np.full(len(self.mapped), np.nan) if flows_m3_per_s is None else flows_m3_per_s
        q = np.where(np.isfinite(q), q, math.pi / 4 * d**2 * 1.0)  # 1 m/s where no flow is known
        c = pipe.loc[self.mapped, "hazen_williams_c"].to_numpy(float)
        hw = np.isfinite(c)
        f = np.empty(len(self.mapped))
        f[hw] = hazen_williams_friction_factor(q[hw], d[hw], c[hw])
        k_user = pipe.loc[self.mapped, "roughness_mm"].to_numpy(float)[~hw] / MM_PER_M
        f[~hw] = epanet_friction_factor(q[~hw], d[~hw], k_user, self.nu_epanet)
        pipe.loc[self.mapped, "k_mm"] = equivalent_roughness_mm(q, d, f, self.nu)

    def connected_to_sources(self) -> np.ndarray:
        """Boolean per junction: joined to an in-service reservoir or tank through in-service links."""
        w = self.net
        n = len(w.junction)
        pos = w.junction.index.get_indexer
        live = w.junction["in_service"].to_numpy(bool)
        a, b = [], []
        for table, fcol, tcol, flag in LINK_ENDS:
            if not _n(w, table):
                continue
            tbl = w[table]
            f, t = pos(tbl[fcol].to_numpy()), pos(tbl[tcol].to_numpy())
            keep = tbl[flag].to_numpy(bool) & live[f] & live[t] & ~tbl["name"].astype(str).str.startswith("__").to_numpy()
            a.append(f[keep])
            b.append(t[keep])
        a, b = np.concatenate(a or [[]]).astype(int), np.concatenate(b or [[]]).astype(int)
        _, labels = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n)), directed=False)
        real = w.ext_grid[w.ext_grid["in_service"] & w.ext_grid["kind"].isin(["reservoir", "tank"])]
        real_pos = pos(real["junction"].to_numpy())
        fed = np.unique(labels[real_pos[live[real_pos]]])
        return np.isin(labels, fed) & live

    def update_statuses(self, head) -> int:
        """Apply EPANET-like status rules; return how many statuses changed."""
        w = self.net
        jpos = pd.Series(np.arange(len(w.junction)), index=w.junction.index)
        changes = 0
        # pumps: close on reverse flow, reopen when the required lift is below the shutoff head
        if len(self.pump_user):
            q = w.res_pump.loc[self.pump_user, "mdot_from_kg_per_s"].to_numpy(float) / self.rho * SECONDS_PER_HOUR
            hf = head[jpos[w.pump.loc[self.pump_user, "from_junction"]].to_numpy()]
            ht = head[jpos[w.pump.loc[self.pump_user, "to_junction"]].to_numpy()]
            lift = ht - hf
            shutoff = w.pump.loc[self.pump_user, "shutoff_head_m"].to_numpy(float)
            was = self.pump_open.to_numpy()
            now = np.where(was, ~(q < -FLOW_ZERO_M3_PER_H), np.isfinite(lift) & (lift < shutoff))
            now = np.where(was & ~np.isfinite(q), True, now)
            changes += int(np.sum(now != was))
            self.pump_open[:] = now
            w.pump.loc[self.pump_user, "in_service"] = now
        # check-valve pipes
        if len(self.cv):
            q = w.res_pipe.loc[self.cv, "mdot_from_kg_per_s"].to_numpy(float)
            hf = head[jpos[w.pipe.loc[self.cv, "from_junction"]].to_numpy()]
            ht = head[jpos[w.pipe.loc[self.cv, "to_junction"]].to_numpy()]
            was = self.cv_open.to_numpy()
            now = np.where(was, ~(q < -FLOW_ZERO_M3_PER_H * self.rho / SECONDS_PER_HOUR), np.isfinite(hf - ht) & (hf > ht))
            now = np.where(was & ~np.isfinite(q), True, now)
            changes += int(np.sum(now != was))
            self.cv_open[:] = now
            w.pipe.loc[self.cv, "in_service"] = now
        changes += self._update_prvs(head, jpos)
        changes += self._update_demands(head, jpos)
        changes += self._update_leaks()
        return changes

    def _update_prvs(self, head, jpos) -> int:
        w = self.net
        changes = 0
        for i in self.prv:
            row = w.press_control.loc[i]
            hf, ht = head[jpos[row.from_junction]], head[jpos[row.to_junction]]
            hset = float(w.junction.at[row.to_junction, "height_m"]) + float(row.setting_m)
            q = float(w.res_press_control.at[i, "mdot_from_kg_per_s"]) if i in w.res_press_control.index else 0.0
            state = self.prv_state[i]
            new = state
            if state in ("active", "open") and np.isfinite(q) and q < -1e-9:
                new = "closed"
            elif state == "active" and hf < hset:
                new = "open"
            elif state == "open" and ht > hset:
                new = "active"
            elif state == "closed":
                if hf >= hset and ht < hset:
                    new = "active"
                elif hf < hset and hf > ht:
                    new = "open"
            if new != state:
                changes += 1
                self.prv_state[i] = new
        if len(self.prv):
            st = self.prv_state.to_numpy()
            w.press_control.loc[self.prv, "in_service"] = st != "closed"
            w.press_control.loc[self.prv, "control_active"] = st == "active"
        return changes

    def _update_demands(self, head, jpos) -> int:
        if self.options.demand_model != "pdd" or not len(self.demand_valve):
            return 0
        w = self.net
        p = head[jpos[self.demand_junction].to_numpy()] - w.junction.loc[self.demand_junction, "height_m"].to_numpy(float)
        q = w.res_valve.loc[self.demand_valve, "mdot_from_kg_per_s"].to_numpy(float) / self.rho
        mode = self.mode.copy()
        finite = np.isfinite(p)
        tol_q = 1e-9 + 1e-7 * self.demand_required
        mode[(self.mode == FULL) & finite & (p < self.preq - 1e-6)] = ORIFICE
        orifice = self.mode == ORIFICE
        mode[orifice & np.isfinite(q) & (q > self.demand_required + tol_q)] = FULL
        mode[orifice & ((np.isfinite(q) & (q < -tol_q)) | ~finite)] = NONE
        mode[(self.mode == NONE) & finite & (p > self.pmin + 1e-6)] = ORIFICE
        changes = int(np.sum(mode != self.mode))
        self.mode = mode
        self._apply_demand_modes()
        return changes

    def _apply_demand_modes(self):
        w = self.net
        w.sink.loc[self.sink_idx, "in_service"] = self.mode == FULL
        if len(self.demand_valve):
            w.valve.loc[self.demand_valve, "opened"] = self.mode == ORIFICE

    def _update_leaks(self) -> int:
        if not len(self.leak_valve):
            return 0
        w = self.net
        q = w.res_valve.loc[self.leak_valve, "mdot_from_kg_per_s"].to_numpy(float)
        was = w.valve.loc[self.leak_valve, "opened"].to_numpy(bool)
        head = self.heads()
        jpos = pd.Series(np.arange(len(w.junction)), index=w.junction.index)
        p = head[jpos[self.leak_junction].to_numpy()] - w.junction.loc[self.leak_junction, "height_m"].to_numpy(float)
        now = np.where(was, ~(np.isfinite(q) & (q < 0)), np.isfinite(p) & (p > 1e-6))
        w.valve.loc[self.leak_valve, "opened"] = now
        return int(np.sum(now != was))

    def flows_m3_per_s(self, table, idx):
        return self.net[f"res_{table}"].loc[idx, "mdot_from_kg_per_s"].to_numpy(float) / self.rho


def solve(net, options: HydraulicOptions | None = None, start: HydraulicResult | None = None) -> HydraulicResult:
    """Solve a water network in steady state.

    Parameters
    ----------
    net : pandapipesNet
        A network from :mod:`models.water.network` or :func:`models.water.epanet.read_inp`; it is
        not modified.
    options : HydraulicOptions, optional
    start : HydraulicResult, optional
        A result of the same network in a similar state (e.g. every pump running, for the hours of
        a blackout day): its pipe flows seed the Hazen-Williams roughness and its delivered demands
        the pressure-driven demand modes, instead of 1 m/s and full demand everywhere. It changes
        the number of outer iterations, not the answer (the same to ``head_tolerance_m``).

    Returns
    -------
    HydraulicResult
        Always returned; ``converged`` is False (with ``reason``) when the hydraulics did not converge.
    """
    options = options or HydraulicOptions()
    return _solve_work(net, _Work(net, options), options, start)


class StateSolver:
    """One network solved in many operating states: pumps on or off, reservoir and tank heads,
    sources in or out of service (the hours of an extended-period run).

    The working copy with the helper elements of pressure-driven demand and leaks is built once;
    each state is a copy of it with that state's values, solved exactly as :func:`solve` solves the
    network with those values set (the tests compare the two).
    """

    def __init__(self, net, options: HydraulicOptions | None = None):
        self.net = net
        self.options = options or HydraulicOptions()
        self._template = _Work(net, self.options)  # never solved: only copied
        w = self._template.net
        self._pump = pd.Series(w.pump.index, index=w.pump["name"].astype(str)) if _n(w, "pump") else pd.Series(dtype=int)
        self._source = pd.Series(w.ext_grid.index, index=w.ext_grid["name"].astype(str))

    def solve(
        self,
        *,
        pumps_in_service: dict[str, bool] | None = None,
        source_heads_m: dict[str, float] | None = None,
        sources_in_service: dict[str, bool] | None = None,
        start: HydraulicResult | None = None,
    ) -> HydraulicResult:
        """Solve the state given by pump names -> running, and reservoir/tank names -> head (m) and
        in service; what is not named stays as in the network."""
        t = self._template
        work = copy.copy(t)
        work.net = w = copy.deepcopy(t.net)
        work.mode = t.mode.copy()
        work.cv_open = t.cv_open.copy()
        work.prv_state = t.prv_state.copy()
        for name, on in (pumps_in_service or {}).items():
            w.pump.at[self._pump[name], "in_service"] = bool(on)
        for name, head in (source_heads_m or {}).items():
            eg = self._source[name]
            w.ext_grid.at[eg, "head_m"] = float(head)
            z = float(w.junction.at[w.ext_grid.at[eg, "junction"], "height_m"])
            w.ext_grid.at[eg, "p_bar"] = float(wnet.gauge_pressure_bar(w, np.array([float(head)]), np.array([z]))[0])
        for name, on in (sources_in_service or {}).items():
            w.ext_grid.at[self._source[name], "in_service"] = bool(on)
        work.pump_user = w.pump.index[w.pump["in_service"].to_numpy()] if _n(w, "pump") else pd.Index([])
        work.pump_open = pd.Series(True, index=work.pump_user)
        return _solve_work(self.net, work, self.options, start)


def _solve_work(net, work: _Work, options: HydraulicOptions, start: HydraulicResult | None) -> HydraulicResult:
    """The outer iterations of :func:`solve` on a prepared working copy."""
    w = work.net
    connected = work.connected_to_sources()
    # nodes without any source cannot take water: start them in "none" mode (no reverse feeding)
    if len(work.demand_junction):
        jpos = pd.Series(np.arange(len(w.junction)), index=w.junction.index)
        cut = ~connected[jpos[work.demand_junction].to_numpy()]
        if options.demand_model == "pdd":
            work.mode[cut] = NONE
            work._apply_demand_modes()
    if len(work.leak_valve):
        jpos = pd.Series(np.arange(len(w.junction)), index=w.junction.index)
        w.valve.loc[work.leak_valve, "opened"] = connected[jpos[work.leak_junction].to_numpy()]

    work.set_equivalent_roughness(None if start is None else _start_flows_m3_per_s(work, start))
    if start is not None and options.demand_model == "pdd" and len(work.demand_junction):
        _start_demand_modes(work, start)
    head_prev = None
    dh_prev, quiet = np.inf, 0
    reason = f"no convergence within {options.max_iterations} status/roughness iterations"
    converged = False
    it = 0
    for it in range(1, options.max_iterations + 1):
        try:
            with warnings.catch_warnings():
                # negative pressures are legitimate intermediate states here (status checks follow)
                warnings.filterwarnings("ignore", message="Pipeflow converged, however")
                pp.pipeflow(
                    w,
                    mode="hydraulics",
                    friction_model="nikuradse",
                    max_iter_hyd=options.max_newton_iterations,
                    tol_p=1e-7,
                    tol_m=1e-7,
                    tol_res=1e-6,
                )
        except Exception as exc:  # noqa: BLE001 - PipeflowNotConverged, singular matrices, numba errors
            reason = f"hydraulic solve failed in iteration {it}: {' '.join(str(exc).split())[:200]}"
            logger.info(reason)
            break
        head = work.heads()
        changes = work.update_statuses(head)
        if len(work.mapped):
            work.set_equivalent_roughness(work.flows_m3_per_s("pipe", work.mapped))
        user = np.arange(work.n_user_junctions)
        dh = np.inf if head_prev is None else np.nanmax(np.abs(head[user] - head_prev[user]), initial=0.0)
        head_prev = head
        logger.debug("iteration %d: %d status changes, max head change %.2e m", it, changes, dh)
        quiet = quiet + 1 if changes == 0 else 0  # iterations in a row that changed no status
        # the last two head changes come from roughness updates alone when the three last
        # iterations changed no status
        remaining = _remaining_change_m(dh, dh_prev) if quiet >= 3 else np.inf
        if changes == 0 and (dh < options.head_tolerance_m or remaining < options.head_tolerance_m):
            converged, reason = True, "converged"
            break
        dh_prev = dh
    return _result(net, work, converged, reason, it)


def _remaining_change_m(dh: float, dh_prev: float) -> float:
    """Bound on how far heads still move once statuses have settled.

    With statuses fixed, the roughness update is a contraction: each head change is about ``c``
    times the one before (``c`` ~ 0.04 here, the mismatch between the Hazen-Williams exponent and
    Darcy-Weisbach's). The changes still to come then sum to ``dh c / (1 - c)``; trusted only when
    the last two iterations changed no status and clearly contract (``c`` < 0.5). It saves the last
    iteration, which would only confirm a change below the tolerance.
    """
    if not (np.isfinite(dh_prev) and dh_prev > 0):
        return np.inf
    c = dh / dh_prev
    return dh * c / (1 - c) if c < 0.5 else np.inf


def _start_flows_m3_per_s(work: _Work, start: HydraulicResult) -> np.ndarray:
    """Flows of the mapped pipes in ``start`` (NaN where it has none: 1 m/s is used)."""
    names = work.net.pipe.loc[work.mapped, "name"].astype(str)
    return start.links["flow_m3_per_h"].reindex(names).to_numpy(float) / SECONDS_PER_HOUR


def _start_demand_modes(work: _Work, start: HydraulicResult) -> None:
    """Demand modes from what ``start`` delivered (all: full, part: orifice, nothing: none); nodes
    this solve found cut off from every source stay none."""
    names = work.net.junction.loc[work.demand_junction, "name"].astype(str)
    j = start.junctions.reindex(names)
    required = j["demand_required_m3_per_h"].to_numpy(float)
    delivered = j["demand_m3_per_h"].to_numpy(float)
    mode = np.where(delivered >= required * (1 - 1e-9), FULL, np.where(delivered > 0, ORIFICE, NONE))
    keep = (work.mode == NONE) | ~(np.isfinite(required) & np.isfinite(delivered) & (required > 0))
    work.mode = np.where(keep, work.mode, mode)
    work._apply_demand_modes()


def _result(net, work: _Work, converged: bool, reason: str, iterations: int) -> HydraulicResult:
    w = work.net
    rho = work.rho
    n = work.n_user_junctions
    jt = w.junction.iloc[:n]
    has_res = "res_junction" in w and len(w.res_junction) >= n
    head = work.heads()[:n] if has_res else np.full(n, np.nan)
    z = jt["height_m"].to_numpy(float)
    pressure = head - z
    supplied = np.isfinite(pressure)
    jpos = pd.Series(np.arange(n), index=jt.index)

    required = np.zeros(n)
    delivered = np.zeros(n)
    if len(work.demand_junction):
        pos = jpos[work.demand_junction].to_numpy()
        np.add.at(required, pos, work.demand_required * SECONDS_PER_HOUR)
        d = np.where(work.mode == FULL, work.demand_required, 0.0)
        if len(work.demand_valve) and has_res:
            qv = w.res_valve.loc[work.demand_valve, "mdot_from_kg_per_s"].to_numpy(float) / rho
            d = np.where(work.mode == ORIFICE, np.clip(np.nan_to_num(qv), 0.0, work.demand_required), d)
        d = np.where(supplied[pos], d, 0.0)
        np.add.at(delivered, pos, d * SECONDS_PER_HOUR)
    leak = np.zeros(n)
    if len(work.leak_valve) and has_res:
        ql = w.res_valve.loc[work.leak_valve, "mdot_from_kg_per_s"].to_numpy(float) / rho * SECONDS_PER_HOUR
        ql = np.where(w.valve.loc[work.leak_valve, "opened"].to_numpy(bool), np.clip(np.nan_to_num(ql), 0, None), 0.0)
        np.add.at(leak, jpos[work.leak_junction].to_numpy(), ql)

    def col(name, default):
        return jt[name].to_numpy(float) if name in jt else np.full(n, default)

    junctions = pd.DataFrame(
        {
            "type": jt["type"].to_numpy(),
            "elevation_m": z,
            "head_m": head,
            "pressure_m": pressure,
            "demand_required_m3_per_h": required,
            "demand_m3_per_h": delivered,
            "leak_m3_per_h": leak,
            "population": np.nan_to_num(col("population", 0.0)),
            "supplied": supplied,
            "min_pressure_m": np.where(
                np.isnan(col("min_pressure_m", np.nan)), work.options.min_pressure_m, col("min_pressure_m", np.nan)
            ),
            "required_pressure_m": np.where(
                np.isnan(col("required_pressure_m", np.nan)), work.options.required_pressure_m, col("required_pressure_m", np.nan)
            ),
        },
        index=pd.Index(jt["name"].astype(str).to_numpy(), name="junction"),
    )
    links = _link_table(w, work, head, n)
    src = w.ext_grid[w.ext_grid["kind"].isin(["reservoir", "tank"])]
    out = (
        -w.res_ext_grid.loc[src.index, "mdot_kg_per_s"].to_numpy(float) / rho * SECONDS_PER_HOUR
        if has_res and "res_ext_grid" in w
        else np.full(len(src), np.nan)
    )
    sources = pd.DataFrame(
        {
            "kind": src["kind"].to_numpy(),
            "head_m": src["head_m"].to_numpy(float),
            "in_service": src["in_service"].to_numpy(bool),
            "outflow_m3_per_h": out,
        },
        index=pd.Index(src["name"].astype(str).to_numpy(), name="source"),
    )
    tanks = net["tank"].set_index(net["tank"]["name"].astype(str)) if "tank" in net and len(net["tank"]) else None
    sources["usable_volume_m3"] = np.nan
    if tanks is not None:
        area = math.pi / 4 * tanks["diameter_m"].astype(float) ** 2
        usable = (area * (tanks["level_m"].astype(float) - tanks["min_level_m"].astype(float))).clip(lower=0)
        sources.loc[tanks.index, "usable_volume_m3"] = usable.to_numpy()
    return HydraulicResult(
        converged=converged,
        reason=reason,
        iterations=iterations,
        junctions=junctions,
        links=links,
        sources=sources,
        options=work.options,
    )


def _link_table(w, work: _Work, head, n) -> pd.DataFrame:
    names = w.junction["name"].astype(str).to_numpy()
    jpos = pd.Series(np.arange(len(w.junction)), index=w.junction.index)
    frames = []
    full_head = np.concatenate([head, np.full(len(w.junction) - n, np.nan)])
    beyond_stub = {}
    if "internal" in w.pipe:
        stubs = w.pipe[wnet.is_internal(w.pipe)]
        beyond_stub = dict(zip(jpos[stubs["from_junction"]].to_numpy().tolist(), jpos[stubs["to_junction"]].to_numpy().tolist()))

    def frame(table, kind, fcol, tcol, status):
        tbl = w[table]
        keep = ~tbl["name"].astype(str).str.startswith("__")
        if "internal" in tbl:
            keep &= ~wnet.is_internal(tbl)
        tbl = tbl[keep]
        if not len(tbl):
            return
        res = w[f"res_{table}"].reindex(tbl.index)
        q = res["mdot_from_kg_per_s"].to_numpy(float) / work.rho
        fp = jpos[tbl[fcol]].to_numpy()
        tp = jpos[tbl[tcol]].to_numpy()
        # a link ending at a parallel-link helper node reports the node beyond the stub
        tp_real = np.array([beyond_stub.get(int(t), int(t)) for t in tp])
        to_names = names[tp_real]
        if table == "pipe":
            d = tbl["inner_diameter_mm"].to_numpy(float) / MM_PER_M
            v = q / (math.pi / 4 * d**2)
        else:
            v = np.full(len(tbl), np.nan)
        hl = full_head[fp] - full_head[tp_real]
        q = np.where(status(tbl), q, 0.0)
        frames.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "from_junction": names[fp],
                    "to_junction": to_names,
                    "flow_m3_per_h": q * SECONDS_PER_HOUR,
                    "velocity_m_per_s": np.where(status(tbl), v, 0.0),
                    "headloss_m": hl,
                    "status": np.where(status(tbl), "open", "closed"),
                },
                index=pd.Index(tbl["name"].astype(str).to_numpy(), name="link"),
            )
        )

    frame("pipe", "pipe", "from_junction", "to_junction", lambda t: t["in_service"].to_numpy(bool))
    if _n(w, "pump"):
        frame("pump", "pump", "from_junction", "to_junction", lambda t: t["in_service"].to_numpy(bool))
    if _n(w, "press_control"):
        frame("press_control", "prv", "from_junction", "to_junction", lambda t: t["in_service"].to_numpy(bool))
    if _n(w, "valve"):
        frame("valve", "valve", "junction", "element", lambda t: t["opened"].to_numpy(bool))
    links = (
        pd.concat(frames)
        if frames
        else pd.DataFrame(
            columns=["kind", "from_junction", "to_junction", "flow_m3_per_h", "velocity_m_per_s", "headloss_m", "status"]
        )
    )
    if len(work.prv):
        prv_names = w.press_control.loc[work.prv, "name"].astype(str)
        links.loc[prv_names.to_numpy(), "status"] = work.prv_state.to_numpy()
    return links
