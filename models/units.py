"""Unit conversions used at the edges; SI inside.

Every bare conversion factor of the project lives here as a named constant.
"""

from __future__ import annotations

GRAVITY_M_PER_S2 = 9.81  # pandapipes' GRAVITATION_CONSTANT; EPANET uses the same value
PA_PER_BAR = 1.0e5
WATER_DENSITY_KG_PER_M3 = 1000.0
#: metres of water head per bar of gauge pressure (10.194 m, with the models' gravity: a gauge reading compares
#: with their heads); the Modbus gateway converts pressure transmitters' bar and kPa with it
M_HEAD_PER_BAR = PA_PER_BAR / (WATER_DENSITY_KG_PER_M3 * GRAVITY_M_PER_S2)
SECONDS_PER_HOUR = 3600.0
HOURS_PER_DAY = 24.0
LITRES_PER_M3 = 1000.0
MM_PER_M = 1000.0
M_PER_KM = 1000.0
#: One inch in metres (exact, by definition since 1959).
M_PER_INCH = 0.0254
CM2_PER_M2 = 1.0e4
KELVIN_OFFSET = 273.15
#: 1 Gcal/h = 4.1868e9 J / 3600 s = 1,163 kW (the gigacalorie per hour of Ukrainian heat tariffs and plant ratings).
KW_PER_GCAL_PER_H = 1163.0


def m3_per_s_to_m3_per_h(q_m3_per_s):
    return q_m3_per_s * SECONDS_PER_HOUR


def m3_per_h_to_m3_per_s(q_m3_per_h):
    return q_m3_per_h / SECONDS_PER_HOUR


def celsius_to_kelvin(t_c):
    return t_c + KELVIN_OFFSET


def kw_to_gcal_per_h(p_kw):
    return p_kw / KW_PER_GCAL_PER_H
