"""Building and weather physics: design points, limits and an ODE reference for cool-down."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from teplovoda.models.errors import InputError
from teplovoda.models.heat import physics
from teplovoda.models.heat.sources import heat_pump_cop

CLIMATE = physics.Climate()
CP = 4190.0


def test_heating_curve_design_point_and_heating_limit():
    s, r = physics.heating_curve(CLIMATE, -22.0)
    assert (float(s), float(r)) == pytest.approx((95.0, 70.0))
    s, r = physics.heating_curve(CLIMATE, 20.0)
    assert (float(s), float(r)) == pytest.approx((20.0, 20.0))
    s_floor, _ = physics.heating_curve(physics.Climate(min_supply_temp_c=60.0), 10.0)
    assert float(s_floor) == pytest.approx(60.0)


def test_radiators_at_design_flow_deliver_the_demand_on_the_heating_curve():
    """The heating curve is the radiator law solved at design flow: check it for several temperatures."""
    q_d = np.full(5, 500e3)
    for t_out in (-22.0, -15.0, -5.0, 0.0, 8.0):
        s, r = physics.heating_curve(CLIMATE, t_out)
        demand = q_d * physics.load_fraction(CLIMATE, t_out)
        delivered, mdot, t_ret = physics.radiator_response(CLIMATE, q_d, demand, np.full(5, float(s)), CP)
        assert delivered == pytest.approx(demand, rel=1e-9)
        assert t_ret == pytest.approx(float(r), abs=1e-6)
        assert mdot == pytest.approx(q_d / (CP * 25.0), rel=1e-6)  # quality control: design flow


def test_cold_supply_limits_flow_and_heat():
    q_d = np.array([500e3])
    delivered, mdot, t_ret = physics.radiator_response(CLIMATE, q_d, q_d, np.array([70.0]), CP)
    m_max = CLIMATE.flow_margin * 500e3 / (CP * 25.0)
    assert mdot[0] == pytest.approx(m_max)
    assert 0 < delivered[0] < q_d[0]
    # the delivered heat satisfies both the flow balance and the radiator law
    assert delivered[0] == pytest.approx(m_max * CP * (70.0 - t_ret[0]), rel=1e-6)
    k = 500e3 / CLIMATE.design_mean_difference_k**physics.RADIATOR_EXPONENT
    assert delivered[0] == pytest.approx(k * ((70.0 + t_ret[0]) / 2 - 20.0) ** physics.RADIATOR_EXPONENT, rel=1e-6)
    nothing, m0, _ = physics.radiator_response(CLIMATE, q_d, q_d, np.array([np.nan]), CP)
    assert nothing[0] == 0 and m0[0] == 0


@pytest.mark.parametrize("tau, t_out, frac", [(40.0, -22.0, 0.0), (30.0, -15.0, 0.3), (45.0, -5.0, 0.0)])
def test_cool_down_matches_the_ode(tau, t_out, frac):
    """C dT/dt = f H (20 - T_out) - H (T - T_out), integrated numerically, crosses 12 °C when predicted."""

    def rhs(_, t):
        return [(frac * (20.0 - t_out) - (t[0] - t_out)) / tau]

    def cross(threshold):
        def event(_, t):
            return t[0] - threshold

        event.terminal = True
        sol = solve_ivp(rhs, (0, 2000), [20.0], events=event, rtol=1e-10, atol=1e-10)
        return sol.t_events[0][0] if len(sol.t_events[0]) else np.inf

    for threshold in (12.0, 0.0):
        predicted = physics.cool_down_hours(tau, t_out, frac, threshold)
        assert float(predicted) == pytest.approx(cross(threshold), rel=1e-6)


def test_partly_heated_building_that_stays_above_12c_never_cools_below():
    assert np.isinf(physics.cool_down_hours(40.0, -10.0, 0.9, 12.0))


def test_heat_pump_cop_falls_with_outdoor_temperature_and_stops_below_its_limit():
    cops = heat_pump_cop(np.array([7.0, -7.0, -22.0, -30.0]), 65.0)
    assert cops[0] > cops[1] > cops[2] > 1.0
    assert cops[3] == 0.0


@pytest.mark.parametrize("kwargs", [{"design_outdoor_temp_c": 25.0}, {"design_return_temp_c": 99.0}, {"flow_margin": 0.5}])
def test_inconsistent_climate_is_refused(kwargs):
    with pytest.raises(InputError):
        physics.Climate(**kwargs)
