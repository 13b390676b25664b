"""Issue 15, site power: level controls on the blackout day, staggered or simultaneous motor starts, summary.json.

References are independent of the code under test: the tank's hourly water balance done by hand from the
hourly table, the hysteresis of a level control read off the same table, the voltage divider of an EMF
behind the alternator's impedance feeding locked rotors, and the catalogue searched by hand.
"""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pandas as pd
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.power.generators import CATALOGUE_KVA, STARTING_METHODS, GeneratorAssumptions
from teplovoda.models.power.kind import summary_json
from teplovoda.models.power.scenario import load_scenario, run_scenario
from teplovoda.models.power.site import Motor, Site, motor_running_kw, size_generator, start_order
from teplovoda.models.water.epanet import read_inp
from tests.conftest import SCENARIOS

STATION = SCENARIOS / "power_raw_water_station.toml"
PUMPS = ("P1", "P2", "P3")
TANK_AREA_M2 = math.pi / 4 * 24.0**2  # CWT, 24 m across (scenarios/networks/raw_water_station.inp)


@pytest.fixture(scope="module")
def station_runs():
    """The shipped station with its level controls, and the same station without them."""
    scn = load_scenario(STATION)
    return run_scenario(scn), run_scenario(dataclasses.replace(scn, controls=()))


def _levels(hourly: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The tank's level at each hour's start and end (the start of hour 0: the file's initial level)."""
    level0 = float(read_inp(SCENARIOS / "networks" / "raw_water_station.inp").tanks.iloc[0]["level_m"])
    end = hourly["tank_level_m"].to_numpy(float)
    return np.r_[level0, end[:-1]], end


def test_the_shipped_station_has_lead_lag_controls_on_its_clear_water_tank():
    scn = load_scenario(STATION)
    controls = {c.pump: (c.tank, c.stop_above_m, c.start_below_m) for c in scn.controls}
    assert controls == {"P1": ("CWT", 5.95, 5.8), "P2": ("CWT", 5.9, 5.7), "P3": ("CWT", 5.85, 5.6)}


@pytest.mark.parametrize("case", ["hourly_with", "hourly_without"])
def test_level_controlled_pumping_keeps_the_hourly_water_balance(station_runs, case):
    """Tank volume change each hour = pumped in - delivered - leaks, by hand from the hourly table."""
    hourly = getattr(station_runs[0], case)
    start, end = _levels(hourly)
    pumped = hourly[[f"pump_flow_{p}_m3_per_h" for p in PUMPS]].sum(axis=1).to_numpy()  # mean m3/h over 1 h
    out = hourly["delivered_m3"].to_numpy() + hourly["leak_m3"].to_numpy()
    # an hour the tank spends (partly) empty has its outlet closed by EPANET: the balance holds only while it is not
    free = (start > 0.5 + 1e-3) & (end > 0.5 + 1e-3)
    balance = (end - start) * TANK_AREA_M2 - (pumped - out)
    assert free.sum() >= 20
    assert np.abs(balance[free]).max() < 1.0  # m3 in an hour, out of about 830 delivered
    assert hourly["converged"].all()


def test_pumps_stop_above_their_stop_level_and_restart_below_their_start_level(station_runs):
    """The hysteresis read off the hourly table, on the station with one wide band (every pump stops above
    5.9 m and restarts below 1.0 m), so that whole hours fall inside it:

    - a pump that pumped nothing in the hour before (off at the hour's start) stays off while the tank stays
      above its start level; the tank falls at most by the hour's outflow over its area (nothing pumped in),
      so when that bound is above the start level the pump pumps nothing that hour either;
    - a pump with power that meets the tank below its start level pumps;
    - the tank never rises past the stop level (without controls it fills to the brim);
    - inside the band both states occur: the state follows the last level crossed, not the level now.
    """
    from teplovoda.models.water.scenario import LevelControl

    run, bare = station_runs
    wide = tuple(LevelControl(p, "CWT", 5.9, 1.0) for p in PUMPS)
    banded = run_scenario(dataclasses.replace(run.scenario, controls=wide))
    stayed_off = restarted = in_band_on = in_band_off = 0
    for hourly in (banded.hourly_with, banded.hourly_without):
        start, end = _levels(hourly)
        lowest = start - (hourly["delivered_m3"].to_numpy() + hourly["leak_m3"].to_numpy()) / TANK_AREA_M2
        powered = hourly["pumping"].to_numpy(bool)
        band = (np.minimum(start, end) > 1.0 + 0.01) & (np.maximum(start, end) < 5.9 - 0.01)
        for c in wide:
            flow = hourly[f"pump_flow_{c.pump}_m3_per_h"].to_numpy()
            was_off = np.r_[False, flow[:-1] < 1e-6]
            off = powered & was_off & (lowest > c.start_below_m + 0.01)
            on = powered & (start < c.start_below_m - 0.01)
            assert np.all(flow[off] < 1e-6), c.pump
            assert np.all(flow[on] > 100.0), c.pump
            stayed_off += int(off.sum())
            restarted += int(on.sum())
            in_band_on += int((powered & band & (flow > 100.0)).sum())
            in_band_off += int((powered & band & (flow < 1e-6)).sum())
        assert hourly["tank_level_m"].max() <= 5.9 + 0.01
    assert stayed_off >= 3 and restarted >= 3 and in_band_on >= 3 and in_band_off >= 3
    highest_stop = max(c.stop_above_m for c in run.scenario.controls)
    assert run.hourly_with["tank_level_m"].max() <= highest_stop + 0.01
    assert bare.hourly_with["tank_level_m"].max() > 5.95  # EPANET closes the full tank's inlet near 6 m instead
    # the README's figures: the controls cut the diesel (764 -> 591 L/day), the town keeps 24 h with the set
    assert run.fuel["fuel_l_per_day"] == pytest.approx(591, abs=1)
    assert bare.fuel["fuel_l_per_day"] == pytest.approx(764, abs=1)
    assert run.service_with["hours_of_full_service_per_person"] == pytest.approx(24.0)
    assert run.service_without["hours_of_full_service_per_person"] == pytest.approx(14.43, abs=0.01)


def _write(tmp_path, text: str):
    path = tmp_path / "station.toml"
    body = STATION.read_text().replace('inp_file = "networks/', f'inp_file = "{SCENARIOS.as_posix()}/networks/')
    path.write_text(body + text)
    return path


@pytest.mark.parametrize(
    "extra, message",
    [
        ('[[controls]]\npump = "P9"\ntank = "CWT"\nstop_above_m = 5.0\nstart_below_m = 4.0\n', r"\[\[controls\]\] #4 -> pump"),
        (
            '[[controls]]\npump = "P1"\ntank = "T9"\nstop_above_m = 5.0\nstart_below_m = 4.0\n',
            r"\[\[controls\]\] #4: unknown tank",
        ),
        ('[[controls]]\npump = "P1"\ntank = "CWT"\nstop_above_m = 4.0\nstart_below_m = 5.0\n', r"#4: levels for 'P1'"),
        ('[[controls]]\npump = "P1"\ntank = "CWT"\nstop_above_m = 9.0\nstart_below_m = 5.0\n', r"#4: levels for 'P1'"),
        ('[[controls]]\npump = "rising_main"\ntank = "CWT"\nstop_above_m = 5\nstart_below_m = 4\n', r"is not a pump"),
    ],
)
def test_a_control_the_network_cannot_have_is_named(tmp_path, extra, message):
    scn = load_scenario(_write(tmp_path, "\n" + extra))
    with pytest.raises(InputError, match=message) as exc:
        run_scenario(scn)
    assert "station.toml" in str(exc.value) and "\n" not in str(exc.value)


def test_controls_need_a_water_network(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(
        '[scenario]\nname = "m"\nkind = "power"\n[[motors]]\nname = "a"\nrated_kw = 10\nrunning_kw = 8\n'
        '[[controls]]\npump = "P1"\ntank = "CWT"\nstop_above_m = 5.0\nstart_below_m = 4.0\n'
    )
    with pytest.raises(InputError, match=r"\[\[controls\]\]: level controls need a \[water\] network"):
        load_scenario(path)


# --- motor starts: one at a time, or every motor together after the changeover -----------------------------

#: Three motors at no running load (so the EMF holds 1 pu before any start): name, rated kW, starter.
THREE = [("big", 90.0, "dol"), ("mid", 45.0, "soft_starter"), ("small", 15.0, "dol")]


def _motors():
    return [Motor(n, rated_kw=kw, starting=s, running_kw=0.0) for n, kw, s in THREE]


def _divider_kva(motors, dip_pct: float) -> float:
    """The smallest set (kVA) whose bus stays at 1 - dip when ``motors`` start together, by hand.

    EMF 1 pu behind Z_s = X/20 + jX (on the set's base); each locked rotor an admittance conj(S_i) / kVA with
    S_i its starting kVA at its starting power factor; V = 1 / (1 + Z_s Y). |1 + w u| = 1 / (1 - dip) with
    w = Z_s sum(conj S_i) and u = 1 / kVA is a quadratic in u."""
    x = GeneratorAssumptions().transient_reactance_pu
    w = complex(x / 20, x) * sum(
        m.starting_kva
        * complex(STARTING_METHODS[m.starting].power_factor, -math.sin(math.acos(STARTING_METHODS[m.starting].power_factor)))
        for m in motors
    )
    k2 = 1 / (1 - dip_pct / 100) ** 2
    a, b, c = abs(w) ** 2, 2 * w.real, 1 - k2
    u = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return 1 / u


@pytest.mark.parametrize("dip_pct", [15.0, 20.0, 30.0])
def test_start_sequences_need_the_closed_form_kva(dip_pct):
    motors = _motors()
    running = motor_running_kw(motors, None)
    staggered = max(_divider_kva([m], dip_pct) for m in motors)
    together = _divider_kva(motors, dip_pct)
    for starts in ("staggered", "simultaneous"):
        s = size_generator(Site(max_voltage_dip_pct=dip_pct, starts=starts), running, [])
        assert s.required_kva_staggered == pytest.approx(staggered, rel=3e-3)
        assert s.required_kva_simultaneous == pytest.approx(together, rel=3e-3)
        need = staggered if starts == "staggered" else together
        assert s.recommended_kva == min(k for k in CATALOGUE_KVA if k >= need)  # the catalogue searched by hand
    assert together > staggered


def test_staggered_starts_are_advised_largest_first_when_together_would_need_a_bigger_set():
    motors = _motors()
    running = motor_running_kw(motors, None)
    s = size_generator(Site(), running, [])
    assert s.staggering_needed  # 20 %: one at a time a smaller set than all together
    by_hand = [n for n, _ in sorted(((m.name, m.starting_kva) for m in motors), key=lambda x: -x[1])]
    assert start_order(running) == by_hand == ["big", "mid", "small"]
    s = size_generator(Site(starts="simultaneous"), running, [])
    assert not s.staggering_needed and s.starts == "simultaneous"


def test_starts_must_be_a_known_sequence():
    with pytest.raises(InputError, match="starts must be one of staggered, simultaneous"):
        Site(starts="random")


# --- summary.json ----------------------------------------------------------------------------------------------


def test_summary_json_holds_the_start_sequence_wet_stacking_starter_advice_and_refill_plan(tmp_path):
    scn = load_scenario(SCENARIOS / "power_motors_only.toml")
    run = run_scenario(scn)
    s = json.loads(summary_json(run))  # strict JSON: no NaN or Infinity tokens
    f = run.fuel
    # the refill plan by hand: each delivery at most the 1,000 L tank, at the day's diesel
    assert s["refill"]["delivery_l"] == 1000.0
    assert s["refill"]["refill_interval_days"] == pytest.approx(1000.0 / f["fuel_l_per_day"])
    assert s["refill"]["deliveries_per_week"] == pytest.approx(7 * f["fuel_l_per_day"] / 1000.0)
    assert s["refill"]["refill_plan"] == "bulk_tank" and s["refill"]["bulk_tank_l"] == 5000.0
    assert s["starter_change"] == {
        "motor": "burner fan",
        "starting_from": "dol",
        "starting_to": "soft_starter",
        "kva": 250.0,
        "recommended_kva": 350.0,
    }  # README: 350 kVA, 250 kVA on a soft starter
    assert s["wet_stacking"] == []  # 168 kW on a 350 kVA (280 kW) set: 60 %
    starts = s["starts"]
    assert starts["sequence"] == "staggered" and starts["delay_s"] == 15.0
    assert starts["order"][0] == "burner fan"  # the direct-on-line fan's 6x inrush is the largest start
    assert starts["required_kva_simultaneous"] > starts["required_kva_staggered"] > 0
    assert starts["staggering_needed"] is True
    assert s["controls"] == []

    light = dataclasses.replace(scn, generator=dataclasses.replace(scn.generator, manual_kva=1000.0))
    s = json.loads(summary_json(run_scenario(light)))
    assert [w["kva"] for w in s["wet_stacking"]] == [1000.0]  # 168 kW on 800 kW: 21 %
    assert s["wet_stacking"][0]["load_pct"] == pytest.approx(100 * 168.0 / 800.0, rel=1e-6)


def test_summary_json_writes_no_fuel_as_inf_and_unknowns_as_null():
    scn = load_scenario(SCENARIOS / "power_motors_only.toml")
    run = run_scenario(scn)
    run.fuel = {**run.fuel, "fuel_l_per_day": 0.0, "refill_interval_days": math.inf, "tank_autonomy_h": math.nan}
    text = summary_json(run)
    s = json.loads(text)
    assert s["refill"]["refill_interval_days"] == "inf" and s["fuel"]["tank_autonomy_h"] is None
    assert "NaN" not in text and "Infinity" not in text
