"""Buildings and weather: heat demand, heating curve, radiator response, cool-down. Pure functions.

Assumptions (all overridable in a scenario):

* **Heat demand** scales linearly with the indoor-outdoor difference:
  ``Q = Q_design (T_in - T_out) / (T_in - T_out_design)``, zero at or above the indoor temperature
  (domestic hot water is added by the thermal solve, see :mod:`teplovoda.models.heat.norms`). Design
  outdoor temperature -22 °C (Kyiv's design value for
  heating, DBN V.2.5-67 / DSTU-N B V.1.1-27), indoor 20 °C.
* **Radiators** emit ``Q = K * dT**n`` with ``dT`` the arithmetic mean of supply and return minus
  the indoor temperature and ``n = 1.3`` (EN 442 panel radiators and cast-iron sections), ``K`` fixed
  by the design point (default 95/70 °C at -22 °C).
* **Heating curve** (quality control at design flow): the supply and return temperatures at which
  radiators at design flow deliver the demand, ``T_s = T_i + dT_d phi**(1/n) + dT_w/2 phi``,
  ``T_r = T_i + dT_d phi**(1/n) - dT_w/2 phi`` with ``phi`` the load fraction, ``dT_d`` the design
  mean temperature difference and ``dT_w`` the design supply-return difference; never below
  ``min_supply_temp_c``.
* **Substations** take at most ``flow_margin`` times their design flow (balancing valves; default
  1.15). With enough supply temperature they throttle to the demand; with too little they run at
  the flow limit and deliver what the radiators can emit.
* **Cool-down** of a building is a single thermal mass: ``C dT/dt = Q_heat - H (T - T_out)`` with
  time constant ``tau = C/H``. A building losing part or all of its heat drifts from 20 °C towards
  ``T_out + Q_delivered / H``. Default ``tau`` per building type in :data:`TIME_CONSTANT_H`
  (EN ISO 13790's ``C_m / H`` for heavy Soviet panel and brick buildings: 30-45 h).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from teplovoda.models.scenario import bounded

RADIATOR_EXPONENT = 1.3
#: Building time constants tau = C/H (h) by type; see module doc.
TIME_CONSTANT_H = {
    "apartment_block": 40.0,
    "school": 30.0,
    "kindergarten": 30.0,
    "hospital": 45.0,
    "other": 35.0,
}
COOL_DOWN_THRESHOLDS_C = (12.0, 0.0)


@dataclass(frozen=True)
class Climate:
    """Design conditions and the heating curve.

    Attributes
    ----------
    design_outdoor_temp_c : float
        Outdoor temperature at which the design heat loads apply (default -22 °C).
    indoor_temp_c : float
        Indoor temperature held by the design loads (20 °C).
    design_supply_temp_c, design_return_temp_c : float
        Radiator design temperatures at the design outdoor temperature (95/70 °C).
    min_supply_temp_c : float
        Floor of the supply temperature (0 = none; e.g. 60 °C where hot water is prepared from it).
    flow_margin : float
        Maximum substation flow as a multiple of its design flow.
    """

    design_outdoor_temp_c: float = bounded(-22.0, ge=-60, le=45, unit="°C")
    indoor_temp_c: float = bounded(20.0, ge=0, le=40, unit="°C")
    design_supply_temp_c: float = bounded(95.0, gt=0, le=200, unit="°C")
    design_return_temp_c: float = bounded(70.0, gt=0, le=200, unit="°C")
    min_supply_temp_c: float = bounded(0.0, ge=0, le=150, unit="°C")
    flow_margin: float = bounded(1.15, ge=1, le=10)

    def __post_init__(self):
        from teplovoda.models.errors import InputError
        from teplovoda.models.messages import Msg

        if not self.design_outdoor_temp_c < self.indoor_temp_c:
            raise InputError(Msg("heat.design_below_indoor", "design_outdoor_temp_c must be below indoor_temp_c"))
        if not self.indoor_temp_c < self.design_return_temp_c < self.design_supply_temp_c:
            raise InputError(
                Msg(
                    "heat.temperature_order",
                    "temperatures must satisfy indoor_temp_c < design_return_temp_c < design_supply_temp_c",
                )
            )
        if not self.flow_margin >= 1.0:
            raise InputError(Msg("heat.flow_margin", "flow_margin must be >= 1"))

    @property
    def design_mean_difference_k(self) -> float:
        return (self.design_supply_temp_c + self.design_return_temp_c) / 2 - self.indoor_temp_c

    @property
    def design_spread_k(self) -> float:
        return self.design_supply_temp_c - self.design_return_temp_c


def load_fraction(climate: Climate, outdoor_temp_c) -> np.ndarray:
    """Heat demand as a fraction of design demand at an outdoor temperature (>= 0)."""
    phi = (climate.indoor_temp_c - np.asarray(outdoor_temp_c, dtype=float)) / (
        climate.indoor_temp_c - climate.design_outdoor_temp_c
    )
    return np.clip(phi, 0.0, None)


def heating_curve(climate: Climate, outdoor_temp_c) -> tuple[np.ndarray, np.ndarray]:
    """Supply and return temperature (°C) of the heating curve at an outdoor temperature."""
    phi = load_fraction(climate, outdoor_temp_c)
    mean = climate.indoor_temp_c + climate.design_mean_difference_k * phi ** (1 / RADIATOR_EXPONENT)
    supply = mean + climate.design_spread_k / 2 * phi
    ret = mean - climate.design_spread_k / 2 * phi
    lift = np.maximum(climate.min_supply_temp_c - supply, 0.0)
    return supply + lift, ret


def radiator_response(climate: Climate, design_heat_w, demand_w, inlet_temp_c, cp_j_per_kg_k: float, flow_limit_factor=1.0):
    """What a substation draws and delivers at a given inlet temperature.

    Parameters
    ----------
    design_heat_w : array
        Design heat load at the design outdoor temperature, W.
    demand_w : array
        Heat demand now, W.
    inlet_temp_c : array
        Supply temperature arriving at the building, °C (NaN: no supply).
    cp_j_per_kg_k : float
        Heat capacity of the water.
    flow_limit_factor : float or array
        Share of the substation's maximum flow the network can deliver (< 1 where the pumps cannot
        give every substation its flow).

    Returns
    -------
    delivered_w, mdot_kg_per_s, return_temp_c : arrays
        Heat delivered (at most the demand), mass flow drawn (at most ``flow_margin`` times design
        flow), return temperature.
    """
    q_d = np.asarray(design_heat_w, dtype=float)
    q = np.asarray(demand_w, dtype=float)
    t_in = np.asarray(inlet_temp_c, dtype=float)
    ti, n = climate.indoor_temp_c, RADIATOR_EXPONENT
    k = q_d / climate.design_mean_difference_k**n
    m_max = climate.flow_margin * q_d / (cp_j_per_kg_k * climate.design_spread_k) * np.asarray(flow_limit_factor, dtype=float)
    ok_in = np.isfinite(t_in) & (t_in > ti + 1e-6) & (q > 0)
    t_in_ok = np.where(ok_in, t_in, ti + 1.0)
    # unconstrained: the radiator emits exactly the demand
    theta = np.where(k > 0, (np.maximum(q, 0.0) / np.where(k > 0, k, 1.0)) ** (1 / n), 0.0)
    t_ret = 2 * (ti + theta) - t_in_ok
    spread = t_in_ok - t_ret
    with np.errstate(divide="ignore", invalid="ignore"):
        m_free = np.where(spread > 1e-6, q / (cp_j_per_kg_k * spread), np.inf)
    free = ok_in & (m_free <= m_max)
    # flow-limited: at m_max solve m cp (T_in - T_r) = K ((T_in + T_r)/2 - T_i)^n for T_r by bisection
    lo, hi = np.full_like(t_in_ok, ti), t_in_ok.copy()
    for _ in range(60):
        mid = (lo + hi) / 2
        f = m_max * cp_j_per_kg_k * (t_in_ok - mid) - k * np.maximum((t_in_ok + mid) / 2 - ti, 0.0) ** n
        lo = np.where(f > 0, mid, lo)
        hi = np.where(f > 0, hi, mid)
    t_ret_lim = (lo + hi) / 2
    q_lim = m_max * cp_j_per_kg_k * (t_in_ok - t_ret_lim)
    delivered = np.where(free, q, np.where(ok_in, np.minimum(q_lim, q), 0.0))
    mdot = np.where(free, m_free, np.where(ok_in, m_max, 0.0))
    ret = np.where(free, t_ret, np.where(ok_in, t_ret_lim, np.nan))
    return delivered, mdot, ret


def cool_down_hours(
    time_constant_h, outdoor_temp_c, delivered_fraction, threshold_c, *, indoor_temp_c: float = 20.0, start_temp_c=None
):
    """Hours until a building's indoor temperature falls below ``threshold_c`` (inf if it never does).

    The building starts at ``start_temp_c`` (default the indoor temperature) and drifts towards
    ``T_out + f (T_in - T_out)`` with time constant ``tau``; ``f`` is the fraction of its demand it
    still receives.
    """
    tau = np.asarray(time_constant_h, dtype=float)
    t_out = np.asarray(outdoor_temp_c, dtype=float)
    f = np.clip(np.nan_to_num(np.asarray(delivered_fraction, dtype=float)), 0.0, 1.0)
    t0 = indoor_temp_c if start_temp_c is None else np.asarray(start_temp_c, dtype=float)
    t_ss = t_out + f * (indoor_temp_c - t_out)
    with np.errstate(divide="ignore", invalid="ignore"):
        hours = tau * np.log((t0 - t_ss) / (threshold_c - t_ss))
    return np.where(t_ss >= threshold_c, np.inf, np.where(t0 <= threshold_c, 0.0, hours))


def indoor_after(
    time_constant_h, start_temp_c, outdoor_temp_c, delivered_fraction, hours, *, indoor_temp_c: float = 20.0, gains_k=0.0
):
    """Indoor temperature (°C) after ``hours`` of constant outdoor temperature and delivered share (issue 16).

    The single thermal mass of :func:`cool_down_hours` with internal gains: ``C dT/dt = f Q_net + G - H (T - T_out)``
    where ``gains_k = G / H`` (K: how far above outdoor the gains alone hold the building) and the heat the network
    delivers is the share ``f`` of the demand net of gains, ``Q_net = H max(T_in - T_out - gains_k, 0)``, so a fully
    supplied building holds ``T_in``. Exact: ``T = T_ss + (T0 - T_ss) exp(-t / tau)`` with
    ``T_ss = T_out + gains_k + f max(T_in - T_out - gains_k, 0)``.
    """
    tau = np.asarray(time_constant_h, dtype=float)
    t_out = np.asarray(outdoor_temp_c, dtype=float)
    g = np.asarray(gains_k, dtype=float)
    f = np.clip(np.nan_to_num(np.asarray(delivered_fraction, dtype=float)), 0.0, 1.0)
    t_ss = t_out + g + f * np.maximum(indoor_temp_c - t_out - g, 0.0)
    return t_ss + (np.asarray(start_temp_c, dtype=float) - t_ss) * np.exp(-float(hours) / tau)
