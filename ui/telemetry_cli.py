"""``teplovoda telemetry``: bring the live platform up, run the ingest service, simulate a station.

    teplovoda telemetry up [SCENARIO.toml] [--dir var/telemetry] [--duration S] [--speed X] [--fault F]
    teplovoda telemetry ingest --config FILE
    teplovoda telemetry simulate SCENARIO.toml --config FILE [--site NAME] [--speed X] [--fault F] [--duration S]

``up`` starts Mosquitto and InfluxDB on 127.0.0.1 (ports 18830 and 18086, data in ``--dir``,
authentication on, passwords generated once into ``<dir>/secrets.env``), then the ingest and alert
services and the station simulator, prints a status line every few seconds and stops everything
cleanly on Ctrl-C (or after ``--duration``). Data stays in ``--dir`` for the next run.
"""

from __future__ import annotations

import os
import secrets
import signal
import sys
import threading
import time
from pathlib import Path

from models.errors import InputError

DEFAULT_SCENARIO = "scenarios/power_raw_water_station.toml"
DEFAULT_HEAT = "scenarios/heat_plant_struck_january.toml"
MQTT_PORT, HTTP_PORT, RPC_PORT = 18830, 18086, 18088
USER = "teplovoda"


def add_parser(sub, parser_class) -> None:
    tel = sub.add_parser("telemetry", help="live telemetry: MQTT -> InfluxDB ingest, alerts, station simulator")
    tsub = tel.add_subparsers(dest="action", required=True, parser_class=parser_class)
    up = tsub.add_parser("up", help="start broker, database, ingest, alerts and a simulated station together")
    up.add_argument(
        "scenario", nargs="?", default=DEFAULT_SCENARIO, help=f"site-power scenario to simulate (default {DEFAULT_SCENARIO})"
    )
    up.add_argument(
        "--heat", default=DEFAULT_HEAT, help=f"heat scenario whose sources are simulated too (default {DEFAULT_HEAT})"
    )
    up.add_argument("--heat-case", help="its case (default: the first option)")
    up.add_argument("--no-heat", action="store_true", help="simulate the pumping station only")
    up.add_argument("--app", action="store_true", help="also serve the web app (its live page shows this platform)")
    up.add_argument("--app-port", type=int, default=8501, help="the app's port (default 8501)")
    up.add_argument("--dir", default="var/telemetry", help="data, config and secrets directory (default var/telemetry)")
    up.add_argument("--duration", type=_positive, help="stop after this many seconds (default: run until Ctrl-C)")
    up.add_argument("--mqtt-port", type=int, default=MQTT_PORT, help=f"broker port on 127.0.0.1 (default {MQTT_PORT})")
    up.add_argument("--influx-port", type=int, default=HTTP_PORT, help=f"InfluxDB HTTP port (default {HTTP_PORT})")
    up.add_argument("--rpc-port", type=int, default=RPC_PORT, help=f"InfluxDB RPC port (default {RPC_PORT})")
    _sim_args(up)
    up.set_defaults(handler=_up)
    ing = tsub.add_parser("ingest", help="run the MQTT -> InfluxDB ingest service (and alerts) from a config file")
    ing.add_argument("--config", required=True, help="telemetry TOML config (see telemetry/ingest.sample.toml)")
    ing.add_argument("--no-alerts", action="store_true", help="ingest only, even if [alerts] enabled")
    ing.set_defaults(handler=_ingest)
    sim = tsub.add_parser("simulate", help="publish a simulated station's or boiler plant's telemetry, driven by the models")
    sim.add_argument("scenario", help="site-power (kind = power) or heat scenario TOML")
    sim.add_argument("--config", required=True, help="telemetry TOML config: its [mqtt] says where to publish")
    sim.add_argument("--duration", type=_positive, help="stop after this many seconds (default: run until Ctrl-C)")
    sim.add_argument("--case", help="heat scenarios: the case whose sources run (default: the first option)")
    sim.add_argument(
        "--outbox",
        help="the gateway's outbox file: readings wait there until ingest confirms them stored "
        "(default: gateway/<site>.sqlite3 beside the config)",
    )
    _sim_args(sim)
    sim.set_defaults(handler=_simulate)


def _sim_args(p) -> None:
    p.add_argument("--site", help="site name in the topics (default: station, or boilers for a heat scenario)")
    p.add_argument("--speed", type=_positive, default=600.0, help="simulated seconds per second (default 600: 1 h in 6 s)")
    p.add_argument("--interval", type=_positive, default=1.0, help="seconds between readings (default 1)")
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        help="inject a fault: pump_trip:P2@2, fuel_exhaustion, sensor_stuck:P1.flow_m3_per_h@1, site_offline@3+1",
    )


def _positive(text: str) -> float:
    import argparse

    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return v


def _stop_event() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def _model(scenario: str, site: str | None, faults: list[str], case: str | None = None):
    """The simulator model for a scenario file: a pumping station (kind power) or heat sources (kind heat)."""
    from models.scenario import load_toml
    from telemetry.simulator import HeatPlantModel, StationModel, parse_fault

    parsed = tuple(parse_fault(f) for f in faults)
    head = load_toml(scenario).get("scenario", {})
    kind = head.get("kind") if isinstance(head, dict) else None
    if kind == "power":
        from models.power.scenario import load_scenario, run_scenario

        scn = load_scenario(scenario)
        if not scn.generator.fuel_tank_l > 0:
            raise InputError("[generator] -> fuel_tank_l: the simulator needs the day tank size", source=scenario)
        print(f"solving {scenario} (hourly hydraulics on the blackout timetable) ...", flush=True)
        return StationModel(run_scenario(scn), site=site or "station", faults=parsed)
    if kind == "heat":
        from models.heat.scenario import load_scenario, run_scenario

        scn = load_scenario(scenario)
        case = case or (scn.options[0].name if scn.options else "intact")
        print(f"solving {scenario} (thermo-hydraulics, case {case!r}) ...", flush=True)
        try:
            return HeatPlantModel(run_scenario(scn), case, site=site or "boilers", faults=parsed)
        except InputError as exc:
            raise InputError(exc.detail, source=scenario) from None
    raise InputError(
        f'[scenario] -> kind: the simulator needs a site-power (kind = "power") or heat scenario, got {kind!r}', source=scenario
    )


def _ingest(args) -> int:
    from telemetry.alerts import AlertService
    from telemetry.config import load_config
    from telemetry.ingest import IngestService

    cfg = load_config(args.config)
    stop = _stop_event()
    svc = IngestService(cfg).start()
    if svc.connect_error:
        svc.stop()
        raise InputError(
            f"[mqtt]: the broker at {cfg.mqtt.host}:{cfg.mqtt.port} refused the connection: {svc.connect_error}",
            source=args.config,
        )
    alerts = AlertService(cfg).start() if cfg.alerts.enabled and not args.no_alerts else None
    print(
        f"ingest {cfg.ingest.worker}: mqtt {cfg.mqtt.host}:{cfg.mqtt.port} -> {cfg.influxdb.url} db {cfg.influxdb.database}",
        flush=True,
    )
    # -- tel1: a dead thread ends the process (exit 1) instead of printing "written 0" forever --
    died = _watch_threads(stop)
    next_print = time.monotonic() + cfg.ingest.stats_interval_s
    failure = None
    while not stop.wait(0.5):
        failure = died[0] if died else svc.failure or (alerts.failure if alerts else None)
        if failure:
            break
        if time.monotonic() >= next_print:
            next_print += cfg.ingest.stats_interval_s
            c = svc.counters
            print(
                f"received {c.received}  written {c.written}  rejected {c.rejected}  spooled {c.spooled}  lag {c.lag_s:.1f} s",
                flush=True,
            )
    if alerts:
        alerts.stop()
    svc.stop(timeout_s=5.0 if failure else 30.0)
    if failure:
        print(f"teplovoda telemetry ingest: {failure}; exiting for the supervisor to restart it", file=sys.stderr, flush=True)
        return 1
    return 0


def _watch_threads(stop: threading.Event) -> list[str]:
    """Record any thread that dies of an exception (paho's network loop included) and set ``stop``."""
    died: list[str] = []
    previous = threading.excepthook

    def hook(args):
        previous(args)
        died.append(f"thread {args.thread.name if args.thread else '?'} died ({args.exc_type.__name__}: {args.exc_value})")
        stop.set()

    threading.excepthook = hook
    return died
    # -- end tel1 --


def _simulate(args) -> int:
    from telemetry import simulator
    from telemetry.config import load_config

    cfg = load_config(args.config)
    model = _model(args.scenario, args.site, args.fault, args.case)
    stop = _stop_event()
    outbox = args.outbox or Path(args.config).resolve().parent / "gateway" / f"{model.site}.sqlite3"
    gw = simulator.Gateway(cfg.mqtt, model.site, outbox_path=outbox)
    out = simulator.run(model, gw, speed=args.speed, interval_s=args.interval, duration_s=args.duration, stop=stop)
    gw.close()
    print(
        f"published {out['published']} readings, {out['acknowledged']} acknowledged by the broker, "
        f"{out['pending']} not yet confirmed stored (kept in {outbox}, sent again on the next run)"
        + (f", {out['refused']} REFUSED: outbox full" if out["refused"] else "")
    )
    return 0


def _secrets(directory: Path) -> dict:
    """Passwords from the environment, else generated once into ``<dir>/secrets.env`` (mode 600)."""
    from telemetry.config import SECRETS_FILE, read_secrets_file

    path = directory / SECRETS_FILE
    saved = read_secrets_file(path)
    out = {}
    for key in ("TEPLOVODA_MQTT_PASSWORD", "TEPLOVODA_INFLUX_PASSWORD"):
        out[key] = os.environ.get(key) or saved.get(key) or secrets.token_urlsafe(18)
    if out != {k: saved.get(k) for k in out}:
        path.write_text(
            "# generated by teplovoda telemetry up; keep out of version control\n" + "".join(f"{k}={v}\n" for k, v in out.items())
        )
        path.chmod(0o600)
    return out


def write_config(directory: Path, mqtt_port: int, http_port: int) -> Path:
    """The ingest config ``up`` runs with (no secrets: it names the environment variables)."""
    path = directory / "ingest.toml"
    path.write_text(
        f"""# written by teplovoda telemetry up (see telemetry/ingest.sample.toml for every key)
[mqtt]
host = "127.0.0.1"
port = {mqtt_port}
username = "{USER}"
password_env = "TEPLOVODA_MQTT_PASSWORD"

[influxdb]
url = "http://127.0.0.1:{http_port}"
database = "teplovoda"
username = "{USER}"
password_env = "TEPLOVODA_INFLUX_PASSWORD"

[ingest]
spool_dir = "spool"
stats_interval_s = 5.0

[alerts]
fuel_autonomy_min_h = 12.0
pressure_min_m = 15.0
stale_after_s = 60.0
"""
    )
    return path


def _up(args) -> int:
    from telemetry import simulator
    from telemetry.alerts import AlertService
    from telemetry.config import load_config
    from telemetry.ingest import IngestService
    from telemetry.services import InfluxDB, Mosquitto

    directory = Path(args.dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    env = _secrets(directory)
    os.environ.update(env)
    model = _model(args.scenario, args.site, [f for f in args.fault if not f.startswith("boiler_trip")])
    heat = (
        None if args.no_heat else _model(args.heat, None, [f for f in args.fault if f.startswith("boiler_trip")], args.heat_case)
    )
    if heat is None and any(f.startswith("boiler_trip") for f in args.fault):
        raise InputError("--fault boiler_trip needs the heat simulation (drop --no-heat)")
    for port in (args.mqtt_port, args.influx_port, args.rpc_port):
        _port_free(port)
    broker = Mosquitto(directory / "mosquitto", args.mqtt_port, USER, env["TEPLOVODA_MQTT_PASSWORD"])
    db = InfluxDB(directory / "influxdb", args.influx_port, args.rpc_port, USER, env["TEPLOVODA_INFLUX_PASSWORD"])
    stop = _stop_event()
    started = []
    try:
        for s in (broker, db):
            s.start()
            started.append(s)
        cfg = load_config(write_config(directory, args.mqtt_port, args.influx_port))
        ingest = IngestService(cfg).start()
        alerts = AlertService(cfg).start()
        if args.app:
            from ui import app_cli

            _port_free(args.app_port)
            app_log = open(directory / "app.log", "ab")  # noqa: SIM115 - the child keeps it
            app = app_cli.start(args.app_port, telemetry_config=str(cfg.path), log=app_log)
            started.append(_Child(app))
            print(f"web app on http://127.0.0.1:{args.app_port} (log {directory / 'app.log'})", flush=True)
        sites = model.site + (f" and {heat.site}" if heat else "")
        print(
            f"teplovoda live platform up: MQTT 127.0.0.1:{args.mqtt_port}, InfluxDB {db.url} (database teplovoda), "
            f"user {USER}, passwords in {directory / 'secrets.env'}; simulating {sites} at {args.speed:g}x. Ctrl-C stops.",
            flush=True,
        )
        gw = simulator.Gateway(cfg.mqtt, model.site, outbox_path=directory / "gateway" / f"{model.site}.sqlite3")  # tel1
        heat_thread = None
        if heat is not None:
            heat_gw = simulator.Gateway(cfg.mqtt, heat.site, outbox_path=directory / "gateway" / f"{heat.site}.sqlite3")  # tel1
            heat_thread = threading.Thread(
                target=simulator.run,
                args=(heat, heat_gw),
                kwargs={"speed": args.speed, "interval_s": args.interval, "duration_s": args.duration, "stop": stop},
                daemon=True,
            )
            heat_thread.start()
        last = [0.0]

        def status(m, readings):
            if time.time() - last[0] < 5:
                return
            last[0] = time.time()
            v = {(k, a): x for k, a, x in readings}
            gen = v[("generator", "G1")]
            pumps = " ".join(f"{a}:{'on' if x['running'] else 'OFF'}" for (k, a), x in v.items() if k == "pump")
            c = ingest.counters
            hours = gen["fuel_l"] / gen["fuel_rate_l_per_h"] if gen["fuel_rate_l_per_h"] > 0 else float("inf")
            boilers = f"  boilers {sum(heat.last_output_kw.values()):,.0f} kW" if heat is not None else ""
            print(
                f"sim h {m.sim_h:5.1f}  grid {'on ' if v[('grid', 'mains')]['grid_on'] else 'OFF'}  {pumps}{boilers}  "
                f"diesel {gen['fuel_l']:,.0f} L ({hours:.1f} h)  stored {c.written}  rejected {c.rejected}  "
                f"spooled {c.spooled}  alerts {len(alerts.active)}",
                flush=True,
            )

        simulator.run(model, gw, speed=args.speed, interval_s=args.interval, duration_s=args.duration, stop=stop, on_step=status)
        stop.set()
        gw.close()
        if heat_thread is not None:
            heat_thread.join(10)
            heat_gw.close()
        alerts.stop()
        ingest.stop()
        c = ingest.counters
        print(f"stopped: {c.written} readings stored, {c.rejected} rejected, data in {directory}")
    finally:
        for s in reversed(started):
            s.stop()
    return 0


class _Child:
    """A child process stopped with the servers."""

    def __init__(self, proc):
        self.proc = proc

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except Exception:  # noqa: BLE001 - it must not outlive us
            self.proc.kill()


def _port_free(port: int) -> None:
    import socket

    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            raise InputError(f"port {port} on 127.0.0.1 is in use: is another teplovoda telemetry up running?")


__all__ = ["add_parser", "write_config"]
