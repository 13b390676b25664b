"""Steady thermo-hydraulic solve of a district-heating network: pandapipes plus substation and plant control.

pandapipes solves hydraulics and heat transport with every flow fixed by a controller. Around it,
outer iterations play the part of the controllers of a real network:

* **Islands**: the route graph (pipes in service) splits into islands; an island without a source
  gets no heat. In each island the in-service source with the largest capacity is the *master*: a
  pandapipes ``circ_pump_const_pressure`` that holds the supply pressure and supply temperature
  (heating curve, at most the source's maximum). The other sources inject heat at their node
  sharing the island's load in proportion to capacity, each at most its capacity and at the same
  supply temperature; CHP units run base load (at capacity when the island needs it).
* **Capacity limits**: a master asked for more than its capacity cannot hold its supply
  temperature; its set point is lowered until it produces its capacity, and consumers receive less.
* **Substations** draw the flow their radiators need at the supply temperature that reaches them
  (:func:`teplovoda.models.heat.physics.radiator_response`), at most ``flow_margin`` times design flow.
* **Pump head**: the master's lift is set so the consumer with the least differential pressure in
  its island has ``min_differential_pressure_bar`` (control at the index consumer).

Consumers and pipes with temperatures below 0 °C are flagged as freeze risk rather than reported as
heat. A solve that does not converge is returned with ``converged = False`` and the reason.
"""

from __future__ import annotations

import copy
import logging
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandapipes as pp
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from teplovoda.models import pandapipes_speedups  # noqa: F401 - installs a faster pandapipes check
from teplovoda.models.errors import InputError
from teplovoda.models.heat import metrics, norms, physics
from teplovoda.models.heat.metrics import FREEZE_TEMP_C
from teplovoda.models.heat.network import OCCUPANT_COLUMNS
from teplovoda.models.heat.sources import FUELS, TECHNOLOGIES, fuel_use_per_day, heat_pump_cop, uses_cop
from teplovoda.models.messages import Msg
from teplovoda.models.units import KELVIN_OFFSET, PA_PER_BAR, SECONDS_PER_HOUR

logger = logging.getLogger(__name__)

MIN_SPREAD_K = 1.0  # a source's supply must be this much above its return inlet
BASE_LOAD_FLOW_SHARE = 0.95  # most of an island's flow a base-load injector may take (the master keeps the rest)


@dataclass(frozen=True)
class HeatConditions:
    """Conditions of one steady heat solve.

    Attributes
    ----------
    outdoor_temp_c : float
        Outdoor air temperature (sets demand, heating curve, heat-pump COP, above-ground losses).
    climate : Climate
        Design point and heating curve.
    supply_pressure_bar : float
        Gauge pressure held at each master source's supply outlet.
    min_differential_pressure_bar : float
        Differential pressure the master's pumps hold at the island's worst consumer.
    pump_efficiency : float
        Wire-to-water efficiency of circulation pumps.
    mode : {"sequential", "bidirectional"}
        pandapipes' coupling of hydraulics and heat transfer.
    """

    outdoor_temp_c: float = -22.0
    climate: physics.Climate = field(default_factory=physics.Climate)
    supply_pressure_bar: float = 6.0
    min_differential_pressure_bar: float = 1.0
    pump_efficiency: float = 0.65
    mode: str = "sequential"
    max_iterations: int = 200
    temperature_tolerance_k: float = 0.02
    #: hour of day (0-23, local time) of the snapshot: sets the domestic hot-water draw (issue 16); None: the
    #: day's mean draw (a model stepping a whole day, e.g. the recovery over days)
    hour: int | None = 12

    def __post_init__(self):
        if self.mode not in ("sequential", "bidirectional"):
            raise InputError(Msg("heat.mode", "mode must be 'sequential' or 'bidirectional', got {got}", got=repr(self.mode)))
        if not (0 < self.pump_efficiency <= 1):
            raise InputError(Msg("heat.pump_efficiency", "pump_efficiency must be in (0, 1]"))
        if self.min_differential_pressure_bar < 0 or self.supply_pressure_bar <= 0:
            raise InputError(Msg("heat.pressures", "pressures must be positive"))


@dataclass
class HeatResult:
    """Result of a steady heat solve.

    Attributes
    ----------
    consumers : DataFrame
        Index = consumer; ``node``, ``building_type``, ``people``, ``island``, ``connected``,
        ``demand_kw``, ``delivered_kw``, ``delivered_fraction``, ``supply_temp_c`` (arriving),
        ``return_temp_c``, ``flow_m3_per_h``, ``dp_available_bar``, ``hours_to_12c_h``,
        ``hours_to_0c_h``, ``freeze_risk``.
    sources : DataFrame
        Index = source; ``kind``, ``island``, ``role`` (master / injector / off), ``capacity_kw``
        (available now), ``heat_kw``, ``supply_temp_c``, ``return_temp_c``, ``flow_m3_per_h``,
        ``pump_head_bar``, ``pump_power_kw``, ``fuel``, ``fuel_per_day``, ``fuel_unit``,
        ``electricity_kw`` (CHP output, negative = consumption of electric boilers / heat pumps),
        ``at_capacity``.
    pipes : DataFrame
        Index = pandapipes pipe name (``S:route`` / ``R:route``); ``route``, ``line``,
        ``flow_m3_per_h``, ``inlet_temp_c``, ``outlet_temp_c`` (NaN where nothing flows),
        ``heat_loss_kw``, ``freeze_risk`` (water below 0 °C, or standing water with the pipe's
        surroundings below 0 °C).
    totals : Series
        Production, delivered heat, losses (kW and % of production), pump power, energy-balance
        residual, people with and without heat.
    nodes : DataFrame
        Index = route node; ``island``, ``supply_temp_c``, ``return_temp_c``, ``supply_pressure_bar``,
        ``return_pressure_bar`` (gauge; NaN where nothing was solved: a dead island, a failed solve).
    """

    converged: bool
    reason: str
    iterations: int
    consumers: pd.DataFrame
    sources: pd.DataFrame
    pipes: pd.DataFrame
    totals: pd.Series
    conditions: HeatConditions
    nodes: pd.DataFrame = field(default_factory=pd.DataFrame)


def _islands(net) -> tuple[pd.Series, int]:
    """Island number of every route node, from the supply pipes in service."""
    nodes = net["route_nodes"]["name"].astype(str).to_numpy()
    pos = {n: i for i, n in enumerate(nodes)}
    sup = net.pipe[(net.pipe["line"] == "supply") & net.pipe["in_service"]]
    jn = net.junction["name"].str[2:]
    a = [pos[v] for v in jn[sup["from_junction"]]]
    b = [pos[v] for v in jn[sup["to_junction"]]]
    count, labels = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(len(nodes), len(nodes))), directed=False)
    return pd.Series(labels, index=nodes), count


def available_capacity_kw(sources: pd.DataFrame, outdoor_temp_c: float) -> np.ndarray:
    """Capacity each source can deliver now (0 when out of service, pump lost or a heat pump below its limit)."""
    cap = sources["capacity_kw"].to_numpy(float).copy()
    cap[~(sources["in_service"].to_numpy(bool) & sources["pump_in_service"].to_numpy(bool))] = 0.0
    hp = sources["kind"].map(uses_cop).to_numpy(bool)
    if hp.any():
        cap[hp] = np.where(heat_pump_cop(outdoor_temp_c, sources.loc[hp, "max_supply_temp_c"]) > 0, cap[hp], 0.0)
    return cap


def fed_consumers(net, outdoor_temp_c: float) -> set[str]:
    """Names of the consumers whose island has a source with capacity now (the others get no heat whatever
    the rest of the network does: :func:`solve` takes their islands out of the solve)."""
    island, _ = _islands(net)
    src = net["heat_source"]
    cap = available_capacity_kw(src, outdoor_temp_c) if len(src) else np.zeros(0)
    fed = set(island[src["node"].astype(str)].to_numpy()[cap > 0]) if len(src) else set()
    hc = net["heat_consumer"]
    return set(hc["name"].astype(str)[island[hc["node"].astype(str)].isin(fed).to_numpy()])


#: Number of transfer units of the helper pipes that stand for radiators and boilers: their outlet
#: is within exp(-NTU) of the target temperature at the largest flow they can carry.
EXCHANGER_NTU = 16.0
EXCHANGER_LENGTH_M = 1.0
EXCHANGER_DIAMETER_M = 0.5  # wide: the helper pipe adds no measurable pressure loss


class _Work:
    """The working copy of a net with each island's master, injectors and substations in pandapipes terms.

    Substations and injector boilers are each a flow controller followed by a short helper pipe whose
    "ambient" temperature is the target (the substation's return temperature, the boiler's supply set
    point) with so large a heat-transfer coefficient that its outlet reaches it. pandapipes' heat
    problem is then linear and anchored at known temperatures, and always converges; with fixed heat
    extractions instead, temperatures in loops between sources run away, and pandapipes' own
    return-temperature mode does not converge once a source injects heat into a loop.
    """

    def __init__(self, net, cond: HeatConditions):
        self.cond = cond
        self.net = copy.deepcopy(net)
        w = self.net
        if "heat_source" not in w or not len(w["heat_source"]):
            raise InputError(Msg("heat.no_sources", "heat network {network} has no heat sources", network=repr(w.name)))
        w.pipe.loc[w.pipe["above_ground"].astype(bool), "text_k"] = KELVIN_OFFSET + cond.outdoor_temp_c
        self.cp = float(pp.get_fluid(w).get_heat_capacity(np.array([KELVIN_OFFSET + 60.0]))[0])
        self.rho = float(pp.get_fluid(w).get_density(KELVIN_OFFSET + 60.0))
        self.island, self.n_islands = _islands(w)
        src = w["heat_source"]
        self.capacity_w = available_capacity_kw(src, cond.outdoor_temp_c) * 1e3
        self.src_island = self.island[src["node"].astype(str)].to_numpy()
        supply_set, self.return_curve_c = physics.heating_curve(cond.climate, cond.outdoor_temp_c)
        self.supply_set_c = float(supply_set)
        self.src_setpoint_c = np.minimum(self.supply_set_c, src["max_supply_temp_c"].to_numpy(float))
        # masters: the largest available source of every island
        self.role = np.full(len(src), "off", dtype=object)
        for isl in range(self.n_islands):
            members = np.flatnonzero((self.src_island == isl) & (self.capacity_w > 0))
            if len(members):
                master = members[np.argmax(self.capacity_w[members])]
                self.role[members] = "injector"
                self.role[master] = "master"
        hc = w.heat_consumer
        self.cons_names = hc["name"].astype(str).to_numpy()
        self.cons_nodes = hc["node"].astype(str).to_numpy()
        self.cons_island = self.island[self.cons_nodes].to_numpy()
        fed_islands = set(self.src_island[self.role == "master"])
        self.connected = np.isin(self.cons_island, list(fed_islands))
        phi = physics.load_fraction(cond.climate, cond.outdoor_temp_c)
        self.design_w = hc["design_heat_kw"].to_numpy(float) * 1e3
        self.space_w = self.design_w * float(phi)
        self.dhw_w, dhw_m_max = self._dhw(hc)
        self.src_setpoint_c = np.minimum(self.supply_set_c, src["max_supply_temp_c"].to_numpy(float))
        self.demand_w = self.space_w + self.dhw_w
        self.active = self.connected & (self.demand_w > 0)
        self.meta = hc.copy()
        hc["in_service"] = False  # replaced by flow controller + exchanger pipe below
        # islands without a master are out of the solve entirely
        dead_nodes = set(self.island.index[~np.isin(self.island.to_numpy(), list(fed_islands))])
        jn = w.junction["name"].str[2:]
        w.junction.loc[jn.isin(dead_nodes).to_numpy(), "in_service"] = False
        w.pipe.loc[
            jn[w.pipe["from_junction"]].isin(dead_nodes).to_numpy() | jn[w.pipe["to_junction"]].isin(dead_nodes).to_numpy(),
            "in_service",
        ] = False
        self.jid = pd.Series(w.junction.index, index=w.junction["name"].to_numpy())
        m_max = cond.climate.flow_margin * self.design_w / (self.cp * cond.climate.design_spread_k) + dhw_m_max
        self.cons_fc, self.cons_pipe = self._exchangers(
            [f"S:{n}" for n in self.cons_nodes], [f"R:{n}" for n in self.cons_nodes], self.cons_names, "substation", m_max
        )
        self.inlet_c = np.full(len(hc), self.supply_set_c)
        self.mdot = np.zeros(len(hc))
        self._create_sources()

    def _dhw(self, hc) -> tuple[np.ndarray, np.ndarray]:
        """Hot-water power of each substation at the snapshot's hour (or its daily mean, hour None) (W) and the most
        flow its exchanger takes.

        Where any building makes hot water the plant holds at least :data:`norms.DHW_MIN_SUPPLY_TEMP_C` in the supply
        (year-round, also when the heating curve is lower).
        """
        mean_kw = hc["dhw_mean_kw"].to_numpy(float) if "dhw_mean_kw" in hc else np.zeros(len(hc))
        dhw_w = norms.dhw_kw(np.nan_to_num(mean_kw), self.cond.hour) * 1e3
        if np.any(dhw_w > 0):
            self.supply_set_c = max(self.supply_set_c, norms.DHW_MIN_SUPPLY_TEMP_C)
        return dhw_w, dhw_w / (self.cp * norms.DHW_MIN_SPREAD_K)

    def _dhw_response(self, factor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flow (kg/s) and return temperature (°C) of the hot-water exchangers at the last inlet temperature.

        An exchanger makes the share :func:`norms.dhw_share` of its hot-water heat at the supply reaching it and
        returns its water at :data:`norms.DHW_RETURN_TEMP_C`. Its flow is cut by the island's flow factor like the
        radiators' (the pumps cannot give every substation its flow).
        """
        t_in = np.nan_to_num(self.inlet_c, nan=0.0)
        q = np.where(self.active, self.dhw_w * norms.dhw_share(t_in), 0.0)
        spread = np.maximum(t_in - norms.DHW_RETURN_TEMP_C, norms.DHW_MIN_SPREAD_K)
        return q / (self.cp * spread) * factor, np.full(len(q), norms.DHW_RETURN_TEMP_C)

    def _exchangers(self, from_j, to_j, names, tag, m_max):
        """Flow controller from ``from_j`` to a helper node, then a heat-exchange pipe to ``to_j``."""
        w = self.net
        n = len(names)
        z = w.junction.loc[self.jid[list(to_j)], "height_m"].to_numpy(float)
        mid = pp.create_junctions(
            w, nr_junctions=n, pn_bar=5.0, tfluid_k=KELVIN_OFFSET + 60.0, height_m=z, name=[f"{tag}:{x}" for x in names], type=tag
        )
        fc = pp.create_flow_controls(
            w,
            from_junctions=self.jid[list(from_j)].to_numpy(),
            to_junctions=mid,
            controlled_mdot_kg_per_s=1e-3,
            name=[f"__{tag}_fc_{x}" for x in names],
        )
        area = np.pi * EXCHANGER_DIAMETER_M * EXCHANGER_LENGTH_M
        u = EXCHANGER_NTU * np.maximum(np.asarray(m_max, dtype=float), 1e-3) * self.cp / area
        pipes = pp.create_pipes_from_parameters(
            w,
            from_junctions=mid,
            to_junctions=self.jid[list(to_j)].to_numpy(),
            length_km=EXCHANGER_LENGTH_M / 1000.0,
            inner_diameter_mm=EXCHANGER_DIAMETER_M * 1000.0,
            k_mm=0.01,
            u_w_per_m2k=u,
            text_k=KELVIN_OFFSET + 60.0,
            name=[f"__{tag}_{x}" for x in names],
        )
        w.pipe.loc[pipes, "route"] = ""
        w.pipe.loc[pipes, "line"] = tag
        return fc, pipes

    def _create_sources(self):
        w = self.net
        src = w["heat_source"]
        self.master_idx = {}
        for i in np.flatnonzero(self.role == "master"):
            node = src.at[i, "node"]
            self.master_idx[i] = pp.create_circ_pump_const_pressure(
                w,
                return_junction=self.jid[f"R:{node}"],
                flow_junction=self.jid[f"S:{node}"],
                p_flow_bar=self.cond.supply_pressure_bar,
                plift_bar=3.0,
                t_flow_k=KELVIN_OFFSET + self.src_setpoint_c[i],
                name=src.at[i, "name"],
            )
        self.master_temp_c = {i: self.src_setpoint_c[i] for i in self.master_idx}
        # share of substation flows the island's pumps can deliver (1 = all they want)
        self.flow_factor = {self.src_island[i]: 1.0 for i in self.master_idx}
        self.factor_step = dict.fromkeys(self.flow_factor, 0.0)  # the last change of each factor
        inj = np.flatnonzero(self.role == "injector")
        self.injectors = inj
        if len(inj):
            nodes = src.loc[inj, "node"].astype(str).tolist()
            spread_min = 5.0
            m_max = self.capacity_w[inj] / (self.cp * spread_min)
            self.inj_fc, self.inj_pipe = self._exchangers(
                [f"R:{n}" for n in nodes], [f"S:{n}" for n in nodes], src.loc[inj, "name"].astype(str).tolist(), "boiler", m_max
            )
            w.pipe.loc[self.inj_pipe, "text_k"] = KELVIN_OFFSET + self.src_setpoint_c[inj]
        # each source carries a share of its island's flow in proportion to its capacity (less when
        # that would exceed its capacity), so every source, the master included, pumps forwards;
        # base-load sources (CHP) take as much as their capacity allows, up to 95 % of the flow
        self.flow_share = np.zeros(len(src))
        base = np.array([TECHNOLOGIES[k].base_load for k in src["kind"]])
        for isl in set(self.src_island[self.role != "off"]):
            members = np.flatnonzero((self.src_island == isl) & (self.role != "off"))
            self.flow_share[members] = self.capacity_w[members] / self.capacity_w[members].sum()
            self.flow_share[members[base[members] & (self.role[members] == "injector")]] = BASE_LOAD_FLOW_SHARE
        _, t_ret = physics.heating_curve(self.cond.climate, self.cond.outdoor_temp_c)
        self.inj_inlet_c = np.full(len(inj), float(t_ret))

    def set_consumers(self):
        """Set substation flows and return temperatures (radiator model at the last inlet temperature)
        and injector flows (island flow share, capped so the boiler's heat stays within capacity)."""
        w = self.net
        factor = np.array([self.flow_factor.get(isl, 1.0) for isl in self.cons_island])
        _, m_rad, t_rad = physics.radiator_response(
            self.cond.climate, self.design_w, self.space_w, self.inlet_c, self.cp, flow_limit_factor=factor
        )
        m_dhw, t_dhw = self._dhw_response(factor)
        mdot = m_rad + m_dhw
        # the substation's return: radiator and hot-water returns mixed by flow
        with np.errstate(invalid="ignore", divide="ignore"):
            t_ret = np.where(mdot > 0, (m_rad * np.nan_to_num(t_rad) + m_dhw * t_dhw) / np.where(mdot > 0, mdot, 1.0), np.nan)
        act = self.active & (mdot > 1e-6)
        w.flow_control.loc[self.cons_fc, "in_service"] = act
        w.flow_control.loc[self.cons_fc, "controlled_mdot_kg_per_s"] = np.where(act, mdot, 1e-3)
        w.pipe.loc[self.cons_pipe, "text_k"] = KELVIN_OFFSET + np.where(act, t_ret, self.cond.climate.indoor_temp_c)
        self.mdot = np.where(act, mdot, 0.0)
        for k, i in enumerate(self.injectors):
            island_flow = self.mdot[self.cons_island == self.src_island[i]].sum()
            spread = max(self.src_setpoint_c[i] - self.inj_inlet_c[k], MIN_SPREAD_K)
            m = min(self.flow_share[i] * island_flow, self.capacity_w[i] / (self.cp * spread))
            w.flow_control.at[self.inj_fc[k], "controlled_mdot_kg_per_s"] = max(m, 1e-3)
            w.flow_control.at[self.inj_fc[k], "in_service"] = island_flow > 0

    def run_pipeflow(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pp.pipeflow(
                self.net,
                mode=self.cond.mode,
                max_iter_hyd=100,
                max_iter_therm=100,
                max_iter_bidirect=60,
                tol_p=1e-6,
                tol_m=1e-6,
                tol_T=1e-4,
            )

    def update(self) -> float:
        """Update controllers from the last pipeflow; return the largest change (K, or bar x 10)."""
        w = self.net
        t_in = w.res_junction.loc[self.jid[[f"S:{n}" for n in self.cons_nodes]], "t_k"].to_numpy(float) - KELVIN_OFFSET
        t_in = np.where(self.active, t_in, np.nan)
        change = float(np.nanmax(np.abs(np.nan_to_num(t_in, nan=0.0) - np.nan_to_num(self.inlet_c, nan=0.0)), initial=0.0))
        self.inlet_c = t_in
        if len(self.injectors):
            src = w["heat_source"]
            t_inj = w.res_junction.loc[self.jid[[f"R:{n}" for n in src.loc[self.injectors, "node"]]], "t_k"].to_numpy(float)
            t_inj = t_inj - KELVIN_OFFSET
            change = max(change, float(np.nanmax(np.abs(t_inj - self.inj_inlet_c), initial=0.0)))
            self.inj_inlet_c = np.where(np.isfinite(t_inj), t_inj, self.inj_inlet_c)
        res = w.res_circ_pump_pressure
        for i, pidx in self.master_idx.items():
            q = self._master_heat_w(i)
            mdot = abs(float(res.at[pidx, "mdot_from_kg_per_s"]))
            t_ret = float(res.at[pidx, "t_from_k"]) - KELVIN_OFFSET
            target = self.src_setpoint_c[i]
            if mdot > 1e-9 and q > self.capacity_w[i]:
                target = min(target, t_ret + self.capacity_w[i] / (mdot * self.cp))
            elif mdot > 1e-9:
                # below capacity: go back up towards the set point, as far as capacity allows
                target = min(target, t_ret + self.capacity_w[i] / (mdot * self.cp))
            new_t = max(0.5 * self.master_temp_c[i] + 0.5 * target, t_ret + 0.1)
            change = max(change, abs(new_t - self.master_temp_c[i]))
            self.master_temp_c[i] = new_t
            w.circ_pump_pressure.at[pidx, "t_flow_k"] = KELVIN_OFFSET + new_t
            change = max(change, self._set_head(i, pidx))
        return change

    def _set_head(self, i, pidx) -> float:
        """Pump lift that leaves the island's worst substation ``min_differential_pressure_bar``.

        Beyond the source's maximum head the pumps run at that head and every substation of the
        island gets a smaller share of its flow (losses grow with the square of flow).
        """
        w = self.net
        isl = self.src_island[i]
        in_isl = self.active & (self.cons_island == isl) & (self.mdot > 0)
        if not in_isl.any():
            return 0.0
        dp_min = self.cond.min_differential_pressure_bar
        dp = self.substation_dp_bar()[in_isl]
        lift_now = float(w.circ_pump_pressure.at[pidx, "plift_bar"])
        needed = max(lift_now - (np.nanmin(dp) - dp_min), dp_min)
        max_head = float(w["heat_source"].at[i, "max_pump_head_bar"])
        factor = self.flow_factor[isl]
        if needed > max_head:
            new_factor = factor * np.sqrt(max(max_head - dp_min, 1e-3) / max(needed - dp_min, 1e-3))
        else:
            new_factor = min(1.0, factor * np.sqrt(max(max_head - dp_min, 1e-3) / max(needed - dp_min, 1e-3)))
        # under-relaxed by half while the factor turns back (oscillation), a full step while it keeps
        # moving the same way (the damped approach would otherwise halve the gap once per solve)
        step = new_factor - factor
        relax = 1.0 if step * self.factor_step[isl] > 0 else 0.5
        new_factor = float(np.clip(factor + relax * step, 0.01, 1.0))
        self.factor_step[isl] = new_factor - factor
        self.flow_factor[isl] = new_factor
        lift = min(needed, max_head)
        w.circ_pump_pressure.at[pidx, "plift_bar"] = lift
        return max(abs(lift - lift_now), abs(new_factor - factor)) * 10.0

    def substation_dp_bar(self) -> np.ndarray:
        w = self.net
        ps = w.res_junction.loc[self.jid[[f"S:{n}" for n in self.cons_nodes]], "p_bar"].to_numpy(float)
        pr = w.res_junction.loc[self.jid[[f"R:{n}" for n in self.cons_nodes]], "p_bar"].to_numpy(float)
        return ps - pr

    def _master_heat_w(self, i) -> float:
        res = self.net.res_circ_pump_pressure
        q = float(res.at[self.master_idx[i], "qext_w"]) if "qext_w" in res else np.nan
        return q if np.isfinite(q) else 0.0

    def exchanger_heat_w(self, pipes) -> np.ndarray:
        """Heat given off (positive) by helper pipes: m cp (T_in - T_out)."""
        r = self.net.res_pipe.loc[pipes]
        t_in = r["t_from_k"].to_numpy(float)
        t_out = r["t_outlet_k"].to_numpy(float)
        return np.abs(r["mdot_from_kg_per_s"].to_numpy(float)) * self.cp_at(t_in, t_out) * (t_in - t_out)

    def cp_at(self, t_in_k, t_out_k) -> np.ndarray:
        """pandapipes' heat capacity of water at the mean of two temperatures (K), for energy accounting."""
        mean = np.nan_to_num((np.asarray(t_in_k, dtype=float) + np.asarray(t_out_k, dtype=float)) / 2, nan=KELVIN_OFFSET + 60)
        return np.asarray(pp.get_fluid(self.net).get_heat_capacity(mean), dtype=float)


def solve(net, conditions: HeatConditions | None = None) -> HeatResult:
    """Solve a district-heating network in steady state at the given outdoor temperature.

    Parameters
    ----------
    net : pandapipesNet
        From :func:`teplovoda.models.heat.network.build_heat_network` (not modified).
    conditions : HeatConditions, optional

    Returns
    -------
    HeatResult
        Always returned; ``converged`` is False with the reason when pandapipes or the control
        iterations do not converge.
    """
    cond = conditions or HeatConditions()
    work = _Work(net, cond)
    converged, reason, it = False, f"no convergence within {cond.max_iterations} control iterations", 0
    ran = False
    if not work.master_idx:
        converged, reason = True, "no island has a heat source in service: nobody receives heat"
    else:
        for it in range(1, cond.max_iterations + 1):
            work.set_consumers()
            try:
                work.run_pipeflow()
                ran = True
            except Exception as exc:  # noqa: BLE001 - PipeflowNotConverged, singular matrices
                reason = f"thermo-hydraulic solve failed in iteration {it}: {' '.join(str(exc).split())[:200]}"
                ran = False  # pandapipes' result tables are not a solution now
                break
            change = work.update()
            logger.debug("heat iteration %d: largest change %.3g", it, change)
            if change < cond.temperature_tolerance_k and it > 2:
                converged, reason = True, "converged"
                break
    return _result(work, converged, reason, it, ran)


def _result(work: _Work, converged: bool, reason: str, iterations: int, ran: bool) -> HeatResult:
    consumers = _consumer_table(work, ran)
    sources = _source_table(work, ran)
    pipes = _pipe_table(work, ran)
    totals = _totals(work, consumers, sources, pipes)
    return HeatResult(converged, reason, iterations, consumers, sources, pipes, totals, work.cond, _node_table(work, ran))


def _node_table(work: _Work, ran: bool) -> pd.DataFrame:
    """The nodes table of :class:`HeatResult`: each route node's supply and return temperature and pressure."""
    w = work.net
    nodes = work.island.index
    table = pd.DataFrame({"island": work.island.to_numpy()}, index=pd.Index(nodes, name="node"))
    for line, prefix in (("supply", "S"), ("return", "R")):
        jid = work.jid.reindex([f"{prefix}:{n}" for n in nodes]).to_numpy()
        if ran:
            res = w.res_junction.reindex(jid)
            on = w.junction["in_service"].reindex(jid).fillna(False).to_numpy(bool)
            t_c = np.where(on, res["t_k"].to_numpy(float) - KELVIN_OFFSET, np.nan)
            p_bar = np.where(on, res["p_bar"].to_numpy(float), np.nan)
        else:
            t_c = p_bar = np.full(len(nodes), np.nan)
        table[f"{line}_temp_c"], table[f"{line}_pressure_bar"] = t_c, p_bar
    return table


def _consumer_table(work: _Work, ran: bool) -> pd.DataFrame:
    """The consumers table of :class:`HeatResult` (heat delivered, temperatures, cool-down hours, freeze risk)."""
    w, cond = work.net, work.cond
    hc = work.meta
    n = len(hc)
    served = work.active & (work.mdot > 0) if ran else np.zeros(n, bool)
    if ran:
        t_in = work.inlet_c
        t_out = w.res_pipe.loc[work.cons_pipe, "t_outlet_k"].to_numpy(float) - KELVIN_OFFSET
        dp = work.substation_dp_bar()
        delivered = np.where(served, work.exchanger_heat_w(work.cons_pipe), 0.0)
        mdot = np.where(served, work.mdot, 0.0)
    else:
        t_in = t_out = dp = np.full(n, np.nan)
        delivered, mdot = np.zeros(n), np.zeros(n)
    t_in, t_out, dp = (np.where(served, a, np.nan) for a in (t_in, t_out, dp))
    demand = work.demand_w
    frac = np.divide(delivered, demand, out=np.ones(n), where=demand > 0)
    consumers = pd.DataFrame(
        {
            "node": hc["node"].to_numpy(),
            "building_type": hc["building_type"].to_numpy(),
            **{c: _column(hc, c) for c in OCCUPANT_COLUMNS},
            "island": work.cons_island,
            "connected": work.connected,
            "design_heat_kw": work.design_w / 1e3,
            "demand_kw": demand / 1e3,
            "space_demand_kw": work.space_w / 1e3,
            "dhw_demand_kw": work.dhw_w / 1e3,
            "delivered_kw": delivered / 1e3,
            "delivered_fraction": frac,
            "supply_temp_c": t_in,
            "return_temp_c": t_out,
            "flow_m3_per_h": mdot / work.rho * SECONDS_PER_HOUR,
            "dp_available_bar": dp,
        },
        index=pd.Index(work.cons_names, name="consumer"),
    )
    tau = hc["time_constant_h"].to_numpy(float)
    tau = np.where(np.isfinite(tau), tau, hc["building_type"].map(physics.TIME_CONSTANT_H).to_numpy(float))
    for column, threshold_c in (("hours_to_12c_h", 12.0), ("hours_to_0c_h", 0.0)):
        consumers[column] = metrics.hours_to_indoor_temp_h(
            consumers, tau, cond.outdoor_temp_c, threshold_c, indoor_temp_c=cond.climate.indoor_temp_c
        ).to_numpy()
    consumers["freeze_risk"] = metrics.freeze_risk(consumers)
    return consumers


def _column(hc: pd.DataFrame, column: str) -> np.ndarray:
    """An occupant count of the heat consumers (0 on nets built before the column existed)."""
    return hc[column].to_numpy(float) if column in hc else np.zeros(len(hc))


def _source_table(work: _Work, ran: bool) -> pd.DataFrame:
    """The sources table of :class:`HeatResult` (heat, temperatures, pumps, fuel, electricity)."""
    w, cond = work.net, work.cond
    src = w["heat_source"]
    rows = []
    for i in range(len(src)):
        role = work.role[i]
        heat = t_sup = t_ret = mdot_s = head = np.nan
        if ran and role == "master":
            r = w.res_circ_pump_pressure.loc[work.master_idx[i]]
            heat, t_sup, t_ret = float(r["qext_w"]), float(r["t_to_k"]) - KELVIN_OFFSET, float(r["t_from_k"]) - KELVIN_OFFSET
            mdot_s = abs(float(r["mdot_from_kg_per_s"]))
            head = float(w.circ_pump_pressure.at[work.master_idx[i], "plift_bar"])
        elif ran and role == "injector":
            k = int(np.flatnonzero(work.injectors == i)[0])
            pipe = work.inj_pipe[k]
            heat = -float(work.exchanger_heat_w([pipe])[0])
            t_sup = float(w.res_pipe.at[pipe, "t_outlet_k"]) - KELVIN_OFFSET
            t_ret = float(w.res_pipe.at[pipe, "t_from_k"]) - KELVIN_OFFSET
            mdot_s = abs(float(w.res_flow_control.at[work.inj_fc[k], "mdot_from_kg_per_s"]))
            node = src.at[i, "node"]
            head = float(w.res_junction.at[work.jid[f"S:{node}"], "p_bar"] - w.res_junction.at[work.jid[f"R:{node}"], "p_bar"])
        heat = 0.0 if role == "off" else heat
        rows.append({"heat_w": heat, "supply_temp_c": t_sup, "return_temp_c": t_ret, "mdot": mdot_s, "head": head})
    s = pd.DataFrame(rows)
    heat_kw = s["heat_w"].to_numpy(float) / 1e3
    pump_kw = np.nan_to_num(s["mdot"].to_numpy(float) / work.rho * np.maximum(s["head"].to_numpy(float), 0) * PA_PER_BAR) / (
        cond.pump_efficiency * 1e3
    )
    fuel_day = np.array(
        [
            fuel_use_per_day(k, f, e, h, cond.outdoor_temp_c, t) if h > 0 else 0.0
            for k, f, e, h, t in zip(src["kind"], src["fuel"], src["efficiency"], np.nan_to_num(heat_kw), s["supply_temp_c"])
        ],
        dtype=float,
    )
    makes_electricity = src["kind"].map(lambda kind: TECHNOLOGIES[kind].makes_electricity).to_numpy(bool)
    elec = np.where(makes_electricity, heat_kw / src["efficiency"] * src["electric_efficiency"], 0.0)
    elec = np.where(src["fuel"] == "electricity", -fuel_day / 24.0, elec)
    return pd.DataFrame(
        {
            "kind": src["kind"].to_numpy(),
            "node": src["node"].to_numpy(),
            "island": work.src_island,
            "role": work.role,
            "capacity_kw": work.capacity_w / 1e3,
            "heat_kw": heat_kw,
            "supply_temp_c": s["supply_temp_c"].to_numpy(),
            "return_temp_c": s["return_temp_c"].to_numpy(),
            "flow_m3_per_h": s["mdot"].to_numpy() / work.rho * SECONDS_PER_HOUR,
            "pump_head_bar": s["head"].to_numpy(),
            "pump_power_kw": pump_kw,
            "fuel": src["fuel"].to_numpy(),
            "fuel_per_day": fuel_day,
            "fuel_unit": [FUELS[f].unit for f in src["fuel"]],
            "electricity_kw": elec,
            "at_capacity": np.nan_to_num(heat_kw) >= work.capacity_w / 1e3 * 0.995 - 1e-9,
        },
        index=pd.Index(src["name"].astype(str).to_numpy(), name="source"),
    )


def _totals(work: _Work, consumers: pd.DataFrame, sources: pd.DataFrame, pipes: pd.DataFrame) -> pd.Series:
    """The totals of :class:`HeatResult`: production, delivery, losses, pumps, people (from :mod:`.metrics`)."""
    produced = float(np.nansum(sources["heat_kw"]))
    deliv = metrics.heat_delivered_kw(consumers)
    losses = float(np.nansum(pipes["heat_loss_kw"]))
    people = metrics.people_by_service(consumers)
    return pd.Series(
        {
            "outdoor_temp_c": work.cond.outdoor_temp_c,
            "supply_setpoint_c": work.supply_set_c,
            "demand_kw": float(consumers["demand_kw"].sum()),
            "dhw_demand_kw": float(consumers["dhw_demand_kw"].sum()),
            "delivered_kw": deliv,
            "production_kw": produced,
            "heat_loss_kw": losses,
            "heat_loss_pct": 100.0 * losses / produced if produced > 0 else np.nan,
            "balance_residual_pct": 100.0 * (produced - deliv - losses) / produced if produced > 0 else np.nan,
            "pump_power_kw": float(np.nansum(sources["pump_power_kw"])),
            "people_total": people["people_total"],
            "people_heated": people["people_heated"],
            "people_underheated": people["people_underheated"],
            "people_without_heat": people["people_without_heat"],
            **{k: v for k, v in people.items() if not k.startswith("people_")},
            "consumers_freeze_risk": int(consumers["freeze_risk"].sum()),
            "pipes_freeze_risk": int(pipes["freeze_risk"].sum()),
            "min_hours_to_12c_h": metrics.first_building_below_h(consumers, "hours_to_12c_h"),
        }
    )


def _pipe_table(work: _Work, ran: bool) -> pd.DataFrame:
    w = work.net
    p = w.pipe[w.pipe["line"].isin(["supply", "return"])]
    if ran:
        r = w.res_pipe.reindex(p.index)
        mdot = r["mdot_from_kg_per_s"].to_numpy(float)
        t_from = r["t_from_k"].to_numpy(float)
        t_out = r["t_outlet_k"].to_numpy(float)
        # inlet is the from-junction for positive flow, the to-junction otherwise
        t_to_j = w.res_junction.loc[p["to_junction"], "t_k"].to_numpy(float)
        t_inlet = np.where(mdot >= 0, t_from, t_to_j)
        loss_w = np.abs(mdot) * work.cp_at(t_inlet, t_out) * (t_inlet - t_out)
    else:
        mdot = t_inlet = t_out = loss_w = np.full(len(p), np.nan)
    on = p["in_service"].to_numpy(bool)
    table = pd.DataFrame(
        {
            "route": p["route"].to_numpy(),
            "line": p["line"].to_numpy(),
            "in_service": on,
            "flow_m3_per_h": np.where(on, np.abs(mdot) / work.rho * SECONDS_PER_HOUR, 0.0),
            "inlet_temp_c": np.where(on, t_inlet - KELVIN_OFFSET, np.nan),
            "outlet_temp_c": np.where(on, t_out - KELVIN_OFFSET, np.nan),
            "heat_loss_kw": np.where(on, np.nan_to_num(loss_w) / 1e3, 0.0),
        },
        index=pd.Index(p["name"].astype(str).to_numpy(), name="pipe"),
    )
    # water below 0 °C, or standing water in a pipe whose surroundings are below 0 °C
    ambient_c = p["text_k"].to_numpy(float) - KELVIN_OFFSET
    standing = table["flow_m3_per_h"].to_numpy() <= 1e-9
    table["freeze_risk"] = (table["outlet_temp_c"] < FREEZE_TEMP_C) | (standing & (ambient_c < FREEZE_TEMP_C))
    return table
