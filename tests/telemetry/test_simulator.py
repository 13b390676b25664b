"""The station simulator follows the models (hydraulics, fuel curve) and its faults do what they say."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from teplovoda.models.errors import InputError
from teplovoda.telemetry.ingest import IngestService
from teplovoda.telemetry.simulator import Gateway, HeatPlantModel, StationModel, parse_fault, run

from ..conftest import SCENARIOS
from .conftest import make_config, wait_count


@pytest.fixture(scope="module")
def power_run():
    from teplovoda.models.power.scenario import load_scenario, run_scenario

    return run_scenario(load_scenario(SCENARIOS / "power_raw_water_station.toml"))


def day(model: StationModel, dt_h: float = 1 / 60):
    out = []
    for _ in range(round(24 / dt_h)):
        out.append((model.sim_h + dt_h, {(k, a): v for k, a, v in model.step(dt_h)}))
    return out


def test_a_day_of_diesel_matches_the_site_power_model(power_run):
    dt = 1 / 60
    used = sum(r[("generator", "G1")]["fuel_rate_l_per_h"] * dt for _, r in day(StationModel(power_run), dt))
    assert used == pytest.approx(power_run.fuel["fuel_l_per_day"], rel=0.01)


def test_pump_flows_are_the_hydraulic_solution_of_the_hour(power_run):
    hourly = StationModel(power_run).hourly
    for t, r in day(StationModel(power_run), 0.25):
        row = hourly.iloc[int(t) % 24]
        for p in ("P1", "P2", "P3"):
            expected = row[f"pump_flow_{p}_m3_per_h"]
            assert r[("pump", p)]["flow_m3_per_h"] == pytest.approx(expected, rel=0.025)  # 0.5 % noise, 5 sigma


def test_fuel_exhaustion_stops_the_station_in_a_blackout(power_run):
    readings = [r for _, r in day(StationModel(power_run, faults=(parse_fault("fuel_exhaustion"),)), 0.1)]
    # steps that began with an empty tank while the grid was off
    dry = [
        r
        for prev, r in zip(readings, readings[1:])
        if prev[("generator", "G1")]["fuel_l"] == 0.0 and not r[("grid", "mains")]["grid_on"]
    ]
    assert dry, "the set should run dry within a day from 15 % and no tanker"
    assert all(not r[("pump", p)]["running"] and not r[("generator", "G1")]["running"] for r in dry for p in ("P1", "P2", "P3"))


def test_pump_trip_and_stuck_sensor(power_run):
    import dataclasses

    from teplovoda.models.power.scenario import run_scenario

    # without the station's level controls every pump runs all day on the generator (with them P3, the
    # last to start, stays off while the tank holds above 5.6 m), so the untouched pump's flow keeps moving
    free_run = run_scenario(dataclasses.replace(power_run.scenario, controls=()))
    faults = (parse_fault("pump_trip:P2@2+3"), parse_fault("sensor_stuck:P1.flow_m3_per_h@1"))
    readings = day(StationModel(free_run, faults=faults), 0.25)
    p2 = {t: r[("pump", "P2")]["running"] for t, r in readings}
    assert not any(v for t, v in p2.items() if 2 <= t < 5) and all(v for t, v in p2.items() if 5.5 <= t < 8)
    stuck = {r[("pump", "P1")]["flow_m3_per_h"] for t, r in readings if t >= 1}
    assert len(stuck) == 1
    assert len({r[("pump", "P3")]["flow_m3_per_h"] for t, r in readings}) > 10  # the others keep moving


@pytest.fixture(scope="module")
def heat_run():
    from teplovoda.models.heat.scenario import load_scenario, run_scenario

    return run_scenario(load_scenario(SCENARIOS / "heat_plant_struck_january.toml"))


def test_boilers_report_the_thermal_solution_at_the_scenario_temperature(heat_run):
    case = "3 x 1 MW biomass, hospital island"
    sources = heat_run.results[case].sources
    model = HeatPlantModel(heat_run, case, swing_k=3.0)
    model.rng = np.random.default_rng(0)
    readings = {a: v for _, a, v in (model.step(11.0))}  # 11:00: cos term zero, outdoor = the scenario's
    assert model.outdoor_temp_c(11.0) == pytest.approx(heat_run.scenario.weather.outdoor_temp_c)
    for name in ("mobile_1", "mobile_2", "mobile_3"):
        s = sources.loc[name]
        assert readings[name]["heat_output_kw"] == pytest.approx(s["heat_kw"], rel=0.025)
        assert readings[name]["supply_temp_c"] == pytest.approx(s["supply_temp_c"], rel=0.025)
        # wood chips: t/day from the heat solution -> kg/h
        assert readings[name]["fuel_feed_kg_per_h"] == pytest.approx(s["fuel_per_day"] * 1000 / 24, rel=0.025)
    cold = {a: v for _, a, v in model.step(18.0)}  # 05:00 next day, 3 K colder: more heat, capped at capacity
    assert all(cold[n]["heat_output_kw"] > readings[n]["heat_output_kw"] for n in readings)
    assert all(cold[n]["heat_output_kw"] <= 1000 * 1.025 for n in readings)


def test_boiler_trip(heat_run):
    model = HeatPlantModel(heat_run, "3 x 1 MW biomass, hospital island", faults=(parse_fault("boiler_trip:mobile_2@1"),))
    before = {a: v for _, a, v in model.step(0.5)}
    after = {a: v for _, a, v in model.step(1.0)}
    assert before["mobile_2"]["running"] and not after["mobile_2"]["running"] and after["mobile_2"]["heat_output_kw"] == 0
    assert after["mobile_1"]["running"]
    with pytest.raises(InputError, match="no running source 'nope'"):
        HeatPlantModel(heat_run, "3 x 1 MW biomass, hospital island", faults=(parse_fault("boiler_trip:nope@1"),))
    with pytest.raises(InputError, match="no running heat source"):
        HeatPlantModel(heat_run, "damaged")


@pytest.mark.parametrize("text", ["pump_trip", "meteor@3", "pump_trip:P2@x", "site_offline@-1"])
def test_bad_faults_are_one_line_errors(text):
    with pytest.raises(InputError, match="fault"):
        parse_fault(text)


def test_unknown_pump_in_a_fault(power_run):
    with pytest.raises(InputError, match="no pump 'P9'"):
        StationModel(power_run, faults=(parse_fault("pump_trip:P9@1"),))


def test_simulated_station_end_to_end_with_an_offline_spell(services, tmp_path, power_run):
    """Readings buffered while the gateway is offline arrive later with their own time; the last will marks it."""
    broker, db = services
    cfg = make_config(broker, db, tmp_path, database="sim", client_id="sim-ingest")
    ingest = IngestService(cfg).start()
    model = StationModel(power_run, site="simsite", faults=(parse_fault("site_offline@1+6"),))  # 1.5 s offline
    gw = Gateway(cfg.mqtt, "simsite")
    out = run(model, gw, speed=3600 * 4, interval_s=0.1, duration_s=3.0)  # 0.1 s = 24 simulated minutes
    assert out["offline_readings"] > 50 and out["published"] > 100 and out["refused"] == 0
    deadline = time.time() + 20
    while time.time() < deadline and gw.pending:  # until ingest confirms every reading stored
        time.sleep(0.05)
    assert gw.pending == 0 and gw.outbox.confirmed == out["published"]
    gw.close()
    client = cfg.influxdb.client()
    n_readings = out["published"]
    total = wait_count(client, "SELECT count(*) FROM /^(pump|generator|tank|grid)$/ WHERE site = 'simsite'", 1)
    rows = client.rows("SELECT count(seq) FROM pump, generator, tank, grid WHERE site = 'simsite'")
    assert sum(r["count"] for r in rows) == n_readings and ingest.counters.rejected == 0, total
    status = client.rows("SELECT online FROM site_status WHERE site = 'simsite'")
    assert [r["online"] for r in status][:2] == [True, False]  # birth, then the broker's last will
    times = np.array([r["time"] for r in client.rows("SELECT seq FROM generator WHERE site = 'simsite'")], dtype=float)
    assert np.all(np.diff(times) >= 0) and math.isfinite(times[0])  # buffered readings keep their own time
    ingest.stop()


def test_predicted_readings_are_the_models_duty_points(power_run, heat_run):
    from teplovoda.telemetry.simulator import predicted_readings

    p = predicted_readings(power_run).set_index(["asset", "field"])["predicted"]
    running = power_run.running.set_index("pump")
    assert p[("P2", "flow_m3_per_h")] == pytest.approx(running.at["P2", "flow_m3_per_h"])
    assert p[("P1", "discharge_pressure_m")] == pytest.approx(running.at["P1", "head_m"])
    h = predicted_readings(heat_run, "3 x 1 MW biomass, hospital island")
    assert set(h["asset"]) == {"mobile_1", "mobile_2", "mobile_3"} and set(h["kind"]) == {"boiler"}
    with pytest.raises(InputError, match="no case"):
        predicted_readings(heat_run, "nope")
