"""A pumping station that publishes what its PLC would: driven by the water and site-power models.

:class:`StationModel` is the pure part. It takes a site-power scenario's run
(:func:`teplovoda.models.power.scenario.run_scenario`): the hourly hydraulic solution with the station on
the blackout timetable, the motors' duty, the generator's rating and fuel curve. Stepping it through
simulated time gives, per asset:

* **grid**: ``grid_on`` from the timetable;
* **pumps**: running while the grid or the generator supplies the station; flow and head from the
  hydraulic solution of that hour (the intake is at river level, so the discharge pressure head is
  the pump head); electrical power ``rho g Q H / (eta_pump eta_motor)``; motor temperature rising
  towards 40 K above ambient while running with a 20-minute time constant;
* **generator**: running while the grid is off and fuel is left; load = the running pumps and the
  auxiliary loads; fuel rate from the fitted fuel curve (:func:`teplovoda.models.power.generators.fuel_l_per_h`);
  the tank empties by it and is refilled by a tanker when it falls below a quarter while the grid
  is on; hour meter;
* **tank**: the clear-water tank's level from the hydraulic solution.

Readings carry 0.5 % measurement noise (seeded). Faults (simulated hours from the start):

* ``pump_trip:P2@2`` the pump trips at hour 2 and stays off (``@2+1`` for one hour);
* ``fuel_exhaustion`` the tank starts at 15 % and no tanker comes: the set runs dry;
* ``sensor_stuck:P1.flow_m3_per_h@1`` the reading freezes at its hour-1 value;
* ``site_offline@3+1`` the gateway loses its connection abruptly at hour 3 for one hour: the broker
  publishes its last will (site offline); it buffers readings and sends them, with their own
  timestamps, from its outbox when it reconnects.

:class:`Gateway` is the MQTT side (:class:`teplovoda.telemetry.gateway.Gateway`: birth and death messages, QoS 1, a disk
outbox kept until ingest confirms each reading stored) and
:func:`run` the loop that maps wall time to simulated time (``speed`` simulated seconds per second).
:class:`HeatPlantModel` does the same for the heat sources of a heat scenario's case (boilers).
"""

from __future__ import annotations

import logging
import math
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.power.generators import fuel_l_per_h
from teplovoda.models.units import GRAVITY_M_PER_S2, SECONDS_PER_HOUR
from teplovoda.telemetry import schema
from teplovoda.telemetry.gateway import Gateway as OutboxGateway
from teplovoda.telemetry.gateway import OutboxFull

logger = logging.getLogger(__name__)

MOTOR_TEMP_RISE_K = 40.0
MOTOR_TIME_CONSTANT_H = 1 / 3
NOISE = 0.005
REFILL_BELOW_FRACTION = 0.25
FAULT_RE = re.compile(r"^(?P<kind>[a-z_]+)(?::(?P<target>[A-Za-z0-9_.-]+))?(?:@(?P<at>[0-9.]+)(?:\+(?P<dur>[0-9.]+))?)?$")
FAULT_KINDS = ("pump_trip", "boiler_trip", "fuel_exhaustion", "sensor_stuck", "site_offline")


@dataclass(frozen=True)
class Fault:
    kind: str
    target: str = ""
    at_h: float = 0.0
    duration_h: float = math.inf

    def active(self, sim_h: float) -> bool:
        return self.at_h <= sim_h < self.at_h + self.duration_h


def no_case(case: str, cases) -> Msg:
    """``"no case 'x' in the heat scenario (cases: a, b)"``, from its key."""
    return Msg("tel.no_case", "no case {case} in the heat scenario (cases: {known})", case=repr(case), known=", ".join(cases))


def parse_fault(text: str) -> Fault:
    """``kind[:target][@at_h[+duration_h]]`` (see module doc); a bad one is a one-line InputError."""
    m = FAULT_RE.match(text.strip())
    if not m or m["kind"] not in FAULT_KINDS:
        bad = Msg(
            "tel.fault_syntax",
            "expected kind[:target][@hour[+hours]] with kind one of {kinds} "
            "(e.g. pump_trip:P2@2, sensor_stuck:P1.flow_m3_per_h@1, site_offline@3+1, fuel_exhaustion)",
            kinds=", ".join(FAULT_KINDS),
        )
        raise InputError(within(f"fault {text!r}", bad))
    if m["kind"] in ("pump_trip", "boiler_trip", "sensor_stuck") and not m["target"]:
        bad = Msg("tel.fault_target", "{kind} needs a target ({kind}:NAME@hour)", kind=m["kind"])
        raise InputError(within(f"fault {text!r}", bad))
    return Fault(m["kind"], m["target"] or "", float(m["at"] or 0.0), float(m["dur"]) if m["dur"] else math.inf)


class StationModel:
    """The station's state stepped through simulated time (see module doc)."""

    def __init__(self, run, site: str = "station", faults: tuple[Fault, ...] = (), seed: int = 1, ambient_temp_c: float = 15.0):
        scn = run.scenario
        self.site = site
        self.run = run
        self.faults = tuple(faults)
        self.rng = np.random.default_rng(seed)
        self.ambient_c = ambient_temp_c
        self.timetable = np.asarray(scn.timetable, dtype=bool)
        last_day = run.hourly_with[run.hourly_with["day"] == run.hourly_with["day"].max()].reset_index(drop=True)
        self.hourly = last_day
        self.rho = 998.2
        self.motors = [m for m in scn.motors if m.pump is not None]
        pumps = {m.pump for m in self.motors}
        for f in self.faults:
            if f.kind == "boiler_trip":
                raise InputError(
                    Msg(
                        "tel.boiler_trip_station",
                        "fault boiler_trip applies to heat sources (a heat scenario), not to a pumping station",
                    )
                )
            if f.kind == "pump_trip" and f.target not in pumps:
                raise InputError(
                    within(
                        f"fault pump_trip:{f.target}",
                        Msg(
                            "tel.no_pump", "no pump {name} (pumps: {known})", name=repr(f.target), known=", ".join(sorted(pumps))
                        ),
                    )
                )
        self.aux_kw = sum(a.power_kw for a in scn.aux_loads)
        self.assumptions = scn.assumptions
        self.rated_kw = run.fuel["generator_rated_kw"]
        self.tank_l = scn.generator.fuel_tank_l
        exhaustion = any(f.kind == "fuel_exhaustion" for f in self.faults)
        self.deliveries = not exhaustion
        self.fuel_l = self.tank_l * (0.15 if exhaustion else 1.0)
        self.run_hours_h = 0.0
        self.motor_temp = {m.pump: ambient_temp_c for m in self.motors}
        self.stuck: dict[tuple[str, str], float] = {}
        self.sim_h = 0.0

    def _hour_row(self, sim_h: float):
        return self.hourly.iloc[int(sim_h) % len(self.hourly)]

    def _tripped(self, pump: str, sim_h: float) -> bool:
        return any(f.kind == "pump_trip" and f.target == pump and f.active(sim_h) for f in self.faults)

    def offline(self, sim_h: float) -> bool:
        return any(f.kind == "site_offline" and f.active(sim_h) for f in self.faults)

    def step(self, dt_h: float) -> list[tuple[str, str, dict]]:
        """Advance ``dt_h`` simulated hours; the readings at the new time as (kind, asset, values)."""
        self.sim_h += dt_h
        t = self.sim_h
        row = self._hour_row(t)
        grid_on = bool(self.timetable[int(t) % 24])
        gen_running = not grid_on and self.fuel_l > 0
        powered = grid_on or gen_running
        readings = [("grid", "mains", {"grid_on": grid_on})]
        load_kw = self.aux_kw if powered else 0.0
        for m in self.motors:
            running = powered and bool(row["pumping"]) and not self._tripped(m.pump, t)
            q = float(row[f"pump_flow_{m.pump}_m3_per_h"]) if running else 0.0
            h = float(row[f"pump_head_{m.pump}_m"]) if running else 0.0
            kw = self.rho * GRAVITY_M_PER_S2 * q / SECONDS_PER_HOUR * h / m.pump_efficiency / m.efficiency / 1e3
            load_kw += kw
            target = self.ambient_c + (MOTOR_TEMP_RISE_K * min(kw / m.rated_kw, 1.2) if running else 0.0)
            self.motor_temp[m.pump] += (target - self.motor_temp[m.pump]) * (1 - math.exp(-dt_h / MOTOR_TIME_CONSTANT_H))
            readings.append(
                (
                    "pump",
                    m.pump,
                    {
                        "running": running,
                        "flow_m3_per_h": q,
                        "discharge_pressure_m": h,
                        "power_kw": kw,
                        "motor_temp_c": self.motor_temp[m.pump],
                    },
                )
            )
        rate = float(fuel_l_per_h(self.assumptions, self.rated_kw, load_kw)) if gen_running else 0.0
        self.fuel_l = max(self.fuel_l - rate * dt_h, 0.0)
        if gen_running:
            self.run_hours_h += dt_h
        if grid_on and self.deliveries and self.fuel_l < REFILL_BELOW_FRACTION * self.tank_l:
            self.fuel_l = self.tank_l
        readings.append(
            (
                "generator",
                "G1",
                {
                    "running": gen_running,
                    "load_kw": load_kw if gen_running else 0.0,
                    "fuel_l": self.fuel_l,
                    "fuel_level_pct": 100 * self.fuel_l / self.tank_l,
                    "fuel_rate_l_per_h": rate,
                    "coolant_temp_c": 85.0 if gen_running else self.ambient_c,
                    "run_hours_h": self.run_hours_h,
                },
            )
        )
        level = float(row["tank_level_m"])
        readings.append(("tank", "clear_water", {"level_m": level}))
        return [(k, a, _measured(self, k, a, v, t)) for k, a, v in readings]


class HeatPlantModel:
    """Heat sources of one case of a heat scenario, as their boiler controllers would report them.

    The operating point of each running source (heat output, supply and return temperature, fuel)
    is the thermo-hydraulic solution of the case at the scenario's outdoor temperature. Through the
    simulated day the outdoor temperature swings by ``swing_k`` around it (coldest at 05:00,
    warmest at 15:00); heat output follows the buildings' demand, ``Q = Q0 (Ti - To) / (Ti - To0)``,
    up to the source's capacity; at constant flow the return temperature moves with it; fuel feed is
    proportional to output (``fuel_per_day`` of the solution: wood chips in t/day -> kg/h, gas in
    m3/day -> m3/h). Faults: ``boiler_trip:NAME@h``, ``sensor_stuck:NAME.field@h``, ``site_offline@h+d``.
    """

    def __init__(
        self, run, case: str, site: str = "boilers", faults: tuple[Fault, ...] = (), seed: int = 1, swing_k: float = 3.0
    ):
        if case not in run.results:
            raise InputError(no_case(case, run.results))
        src = run.results[case].sources
        self.sources = src[(src["role"] != "off") & (src["heat_kw"] > 0)]
        if self.sources.empty:
            raise InputError(Msg("tel.no_running_source", "case {case} has no running heat source to simulate", case=repr(case)))
        self.site = site
        self.faults = tuple(faults)
        for f in self.faults:
            if f.kind == "boiler_trip" and f.target not in self.sources.index:
                bad = Msg(
                    "tel.no_source",
                    "no running source {name} (sources: {known})",
                    name=repr(f.target),
                    known=", ".join(self.sources.index),
                )
                raise InputError(within(f"fault boiler_trip:{f.target}", bad))
            if f.kind in ("pump_trip", "fuel_exhaustion"):
                bad = Msg("tel.fault_heat", "applies to a pumping station (site-power scenario), not to heat sources")
                raise InputError(Msg("tel.fault", "fault {kind} {detail}", kind=f.kind, detail=bad))
        self.indoor_c = run.scenario.climate.indoor_temp_c
        self.outdoor_c = run.scenario.weather.outdoor_temp_c
        self.swing_k = swing_k
        self.rng = np.random.default_rng(seed)
        self.stuck: dict[tuple[str, str], float] = {}
        self.sim_h = 0.0
        self.last_output_kw: dict[str, float] = {}

    def offline(self, sim_h: float) -> bool:
        return any(f.kind == "site_offline" and f.active(sim_h) for f in self.faults)

    def outdoor_temp_c(self, sim_h: float) -> float:
        return self.outdoor_c - self.swing_k * math.cos(2 * math.pi * ((sim_h % 24) - 5) / 24)

    def step(self, dt_h: float) -> list[tuple[str, str, dict]]:
        self.sim_h += dt_h
        t = self.sim_h
        load = (self.indoor_c - self.outdoor_temp_c(t)) / (self.indoor_c - self.outdoor_c)
        out = []
        for name, s in self.sources.iterrows():
            tripped = any(f.kind == "boiler_trip" and f.target == name and f.active(t) for f in self.faults)
            q0, ts, tr0 = float(s["heat_kw"]), float(s["supply_temp_c"]), float(s["return_temp_c"])
            q = 0.0 if tripped else min(q0 * load, float(s["capacity_kw"]))
            values = {
                "running": not tripped,
                "heat_output_kw": q,
                "supply_temp_c": ts if not tripped else tr0,
                "return_temp_c": ts - (ts - tr0) * q / q0 if not tripped else tr0,
            }
            per_h = float(s["fuel_per_day"]) / 24.0 * q / q0
            if s["fuel_unit"] == "t":
                values["fuel_feed_kg_per_h"] = per_h * 1000.0
            elif s["fuel_unit"] == "m3":
                values["fuel_feed_m3_per_h"] = per_h
            out.append(("boiler", str(name), values))
            self.last_output_kw[str(name)] = q
        return [(k, a, _measured(self, k, a, v, t)) for k, a, v in out]


def _measured(model, kind: str, asset: str, values: dict, sim_h: float) -> dict:
    """Values as sensors report them: 0.5 % noise, clamped to the schema range, stuck sensors frozen."""
    out = {}
    for name, v in values.items():
        if isinstance(v, bool) or name in ("run_hours_h",):
            out[name] = v
            continue
        spec = schema.ASSET_FIELDS[kind][name]
        x = float(v) * (1 + NOISE * model.rng.standard_normal()) if v else float(v)
        out[name] = min(max(x, spec.low), spec.high)
        for f in model.faults:
            if f.kind == "sensor_stuck" and f.target == f"{asset}.{name}" and f.active(sim_h):
                out[name] = model.stuck.setdefault((asset, name), out[name])
    return out


def predicted_readings(run, case: str | None = None) -> pd.DataFrame:
    """What the model says an asset's sensors should read: kind, asset, field, predicted (schema units).

    A site-power run (pumping station, every pump running, intact network): pump flow and
    discharge pressure head at the duty point. A heat run: each running source of ``case``: heat
    output, supply and return temperature. The operators' live view sets these beside the readings.
    """
    rows = []
    if hasattr(run, "running"):  # PowerRun
        for pump, r in run.running.set_index("pump").iterrows():
            rows.append(("pump", str(pump), "flow_m3_per_h", float(r["flow_m3_per_h"])))
            rows.append(("pump", str(pump), "discharge_pressure_m", float(r["head_m"])))
    else:
        case = case or next(iter(run.results))
        if case not in run.results:
            raise InputError(no_case(case, run.results))
        src = run.results[case].sources
        for name, s in src[(src["role"] != "off") & (src["heat_kw"] > 0)].iterrows():
            rows.append(("boiler", str(name), "heat_output_kw", float(s["heat_kw"])))
            rows.append(("boiler", str(name), "supply_temp_c", float(s["supply_temp_c"])))
            rows.append(("boiler", str(name), "return_temp_c", float(s["return_temp_c"])))
    return pd.DataFrame(rows, columns=["kind", "asset", "field", "predicted"])


class Gateway(OutboxGateway):
    """The simulated site's gateway: :class:`teplovoda.telemetry.gateway.Gateway`, with its outbox in a private
    temporary directory when no ``outbox_path`` is given (removed by :meth:`close`)."""

    def __init__(self, mqtt_cfg, site: str, client_id: str | None = None, outbox_path: str | Path | None = None, **kwargs):
        self._tmp = None
        if outbox_path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix=f"teplovoda-gw-{site}-")
            outbox_path = Path(self._tmp.name) / "outbox.sqlite3"
        super().__init__(mqtt_cfg, site, outbox_path, client_id or f"teplovoda-sim-{site}", **kwargs)

    def close(self) -> None:
        super().close()
        if self._tmp is not None:
            self._tmp.cleanup()


def run(
    model: StationModel,
    gateway: Gateway,
    *,
    speed: float = 600.0,
    interval_s: float = 1.0,
    duration_s: float | None = None,
    stop: threading.Event | None = None,
    on_step=None,
) -> dict:
    """Publish readings every ``interval_s`` wall seconds, ``speed`` simulated seconds per second.

    Every reading goes to the gateway's outbox; while the site is offline (fault) they wait there
    and are sent, with their own timestamps, when it reconnects.

    Returns counts: steps, readings published (kept in the outbox), acknowledged by the broker,
    made while offline, refused (outbox full), and still unconfirmed by ingest (``pending``).
    """
    stop = stop or threading.Event()
    gateway.connect()
    gateway.connected.wait(10)
    t_end = time.time() + duration_s if duration_s is not None else math.inf
    steps, offline_readings, was_offline = 0, 0, False
    next_t = time.time()
    last_ts = 0.0
    while time.time() < t_end and not stop.is_set():
        # fell behind (a slow reconnect): skip ahead rather than send a burst of readings stamped alike
        next_t = max(next_t + interval_s, time.time())
        readings = model.step(interval_s * speed / SECONDS_PER_HOUR)
        now = max(time.time(), last_ts + 0.001)  # device time strictly increasing per asset (ms payloads)
        last_ts = now
        offline = model.offline(model.sim_h)
        if offline and not was_offline:
            logger.warning("site %s offline (fault) at simulated hour %.2f", model.site, model.sim_h)
            gateway.drop_connection()
        if was_offline and not offline:
            logger.info("site %s back online: %d readings wait in the outbox", model.site, gateway.pending)
            gateway.reconnect()
            gateway.connected.wait(10)
        was_offline = offline
        try:
            gateway.publish_many([(kind, asset, values, now) for kind, asset, values in readings])
        except OutboxFull:
            pass  # logged by the gateway, counted in gateway.refused
        if offline:
            offline_readings += len(readings)
        steps += 1
        if on_step is not None:
            on_step(model, readings)
        stop.wait(max(next_t - time.time(), 0.0))
    return {
        "steps": steps,
        "published": gateway.published,
        "acknowledged": gateway.acked,
        "offline_readings": offline_readings,
        "refused": gateway.refused,
        "pending": gateway.pending,
    }


__all__ = ["Fault", "parse_fault", "StationModel", "HeatPlantModel", "Gateway", "run", "predicted_readings"]
