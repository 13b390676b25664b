"""``teplovoda telemetry``: bring the live platform up, run the ingest service, simulate a station.

    teplovoda telemetry up [SCENARIO.toml] [--dir var/telemetry] [--duration S] [--speed X] [--fault F]
    teplovoda telemetry ingest --config FILE
    teplovoda telemetry simulate SCENARIO.toml --config FILE [--site NAME] [--speed X] [--fault F] [--duration S]

    teplovoda telemetry add-site NAME [--dir var/telemetry] [--replace]

    teplovoda telemetry gateway --config SITE.toml [--duration S]
    teplovoda telemetry modbus-sim --config SITE.toml [--duration S]

``up`` starts Mosquitto and InfluxDB on 127.0.0.1 (ports 18830 and 18086, data in ``--dir``), with
one account per role (telemetry/accounts.py: gateways, ingest, alerts, operators, the app; passwords
generated once into ``<dir>/secrets.env``, mode 600), then the ingest and alert services as a child
process and the station simulator. The servers, ingest and the app are supervised: a dead one is
restarted with growing delays (1, 2, 4 ... 30 s) and ``up`` says so. It prints a status line every
few seconds, with ingest's health (telemetry/health.py), and stops everything cleanly on Ctrl-C (or
after ``--duration``). Data stays in ``--dir`` for the next run.

``add-site`` creates a real site's gateway account and prints its credential and topics; a running
broker takes it at once.

``gateway`` polls a site's Modbus TCP and RTU devices (telemetry/modbus.py, register maps in
telemetry/registers/) and publishes them through the site gateway's outbox; ``modbus-sim`` serves the
register maps' example values for the site file's loopback TCP devices, to try ``gateway`` without
a controller (telemetry/gateway.modbus.sample.toml).
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import sys
import threading
import time
from pathlib import Path

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.ui.i18n import language, num, t

DEFAULT_SCENARIO = "scenarios/power_raw_water_station.toml"
DEFAULT_HEAT = "scenarios/heat_plant_struck_january.toml"
MQTT_PORT, HTTP_PORT, RPC_PORT = 18830, 18086, 18088
REPO = Path(__file__).resolve().parents[1]


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
    site = tsub.add_parser("add-site", help="create a site gateway's MQTT account and print its credential")
    site.add_argument("name", help="site name as in the topics (1-64 of A-Z a-z 0-9 _ . -)")
    site.add_argument("--dir", default="var/telemetry", help="the directory of teplovoda telemetry up (default var/telemetry)")
    site.add_argument("--replace", action="store_true", help="the site has an account: issue a new password")
    site.set_defaults(handler=_add_site)
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
    mgw = tsub.add_parser("gateway", help="poll Modbus devices (TCP or RTU) and publish them as schema v1 telemetry")
    mgw.add_argument("--config", required=True, help="site file (see telemetry/gateway.modbus.sample.toml)")
    mgw.add_argument("--duration", type=_positive, help="stop after this many seconds (default: run until Ctrl-C)")
    mgw.set_defaults(handler=_modbus_gateway)
    msim = tsub.add_parser("modbus-sim", help="serve the register maps' example values of a site file's loopback devices")
    msim.add_argument("--config", required=True, help="site file: its devices on 127.0.0.1 are served")
    msim.add_argument("--duration", type=_positive, help="stop after this many seconds (default: run until Ctrl-C)")
    msim.set_defaults(handler=_modbus_sim)


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
    """The simulator model for a scenario file: its kind's ``simulator`` in the registry (kinds power and heat)."""
    from teplovoda.models import kinds
    from teplovoda.models.scenario import load_toml
    from teplovoda.telemetry.simulator import parse_fault

    parsed = tuple(parse_fault(f) for f in faults)
    head = load_toml(scenario).get("scenario", {})
    name = head.get("kind") if isinstance(head, dict) else None
    kind = kinds.get(name) if name in kinds.names() else None
    if kind is None or kind.simulator is None:
        bad = Msg("tel.sim_kind", 'the simulator needs a site-power (kind = "power") or heat scenario, got {got}', got=repr(name))
        raise InputError(within("[scenario] -> kind", bad), source=scenario)
    return kinds.resolve(kind.simulator)(scenario, site, parsed, case)


def station_model(scenario: str, site: str | None, faults: tuple, case: str | None = None):
    """A pumping station to simulate, from a site-power scenario (the power kind's ``simulator``)."""
    from teplovoda.models import kinds
    from teplovoda.telemetry.simulator import StationModel

    kind = kinds.get("power")
    scn = kind.load(scenario)
    if not scn.generator.fuel_tank_l > 0:
        bad = Msg("tel.sim_tank", "the simulator needs the day tank size")
        raise InputError(within("[generator] -> fuel_tank_l", bad), source=scenario)
    print(t("tel.solving_station", scenario=scenario), flush=True)
    return StationModel(kind.run(scn), site=site or "station", faults=faults)


def heat_plant_model(scenario: str, site: str | None, faults: tuple, case: str | None = None):
    """Heat sources to simulate, from a heat scenario's case (default its first option) (the heat kind's ``simulator``)."""
    from teplovoda.models import kinds
    from teplovoda.telemetry.simulator import HeatPlantModel

    kind = kinds.get("heat")
    scn = kind.load(scenario)
    case = case or (scn.options[0].name if scn.options else "intact")
    print(t("tel.solving_heat", scenario=scenario, case=repr(case)), flush=True)
    try:
        return HeatPlantModel(kind.run(scn), case, site=site or "boilers", faults=faults)
    except InputError as exc:
        raise InputError(exc.detail, source=scenario) from None


def _ingest(args) -> int:
    from teplovoda.telemetry import health
    from teplovoda.telemetry.alerts import AlertService
    from teplovoda.telemetry.config import load_config
    from teplovoda.telemetry.ingest import IngestService

    cfg = load_config(args.config)
    stop = _stop_event()
    svc = IngestService(cfg).start()
    if svc.connect_error:
        svc.stop()
        bad = Msg(
            "tel.refused",
            "the broker at {address} refused the connection: {reason}",
            address=f"{cfg.mqtt.host}:{cfg.mqtt.port}",
            reason=str(svc.connect_error),
        )
        raise InputError(within("[mqtt]", bad), source=args.config)
    alerts = AlertService(cfg).start() if cfg.alerts.enabled and not args.no_alerts else None
    reporter = health.Reporter(cfg.health_path, cfg.ingest.stats_interval_s, cfg.ingest.unhealthy_after_s)

    def report(**extra) -> dict:
        return reporter.update(svc.health(), {"alerts_active": len(alerts.active) if alerts else None, **extra})

    report()
    print(
        t(
            "tel.ingest_started",
            worker=cfg.ingest.worker,
            broker=f"{cfg.mqtt.host}:{cfg.mqtt.port}",
            url=cfg.influxdb.url,
            database=cfg.influxdb.database,
            health=cfg.health_path,
        ),
        flush=True,
    )
    # a dead thread ends the process (exit 1) instead of reporting "written 0" forever: the supervisor restarts it
    died = _watch_threads(stop)
    next_print = time.monotonic() + cfg.ingest.stats_interval_s
    failure = None
    while not stop.wait(0.5):
        failure = died[0] if died else svc.failure or (alerts.failure if alerts else None)
        if failure:
            break
        if time.monotonic() >= next_print:
            next_print += cfg.ingest.stats_interval_s
            print(_ingest_status(report()), flush=True)
    if alerts:
        alerts.stop()
    svc.stop(timeout_s=5.0 if failure else 30.0)
    if failure:
        report(failure=failure)
        print(t("tel.ingest_failed", failure=failure), file=sys.stderr, flush=True)
        return 1
    report(stopped=True)
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


def _ingest_status(doc: dict) -> str:
    """The ``telemetry ingest`` status line: counters, spool, queue, lag, last write and what is wrong."""
    from teplovoda.telemetry import health

    last = doc.get("last_write_s")
    ago = t("tel.ago", age=num(doc["written_at_s"] - last)) if last else t("unit.never")
    found = health.problems(doc, doc["written_at_s"])
    return t(
        "tel.ingest_status",
        received=doc["received"],
        written=doc["written"],
        rejected=doc["rejected"],
        spooled=doc["spooled"],
        batches=doc["spool_batches"],
        points=doc["spool_points"] or 0,
        queue=doc["queue"],
        lag=num(doc["lag_s"], 1),
        ago=ago,
    ) + ("  " + t("tel.unhealthy", reasons=_describe(found)) if found else "")


def _describe(found) -> str:
    """Why ingest is unhealthy (telemetry/health.py's problems), in the language: the app's ``health.*`` texts."""
    return "; ".join(
        t(f"health.{p.code}", age=num(p.age_s), batches=num(p.batches), failure=f"({p.failure})" if p.failure else "")
        for p in found
    )


def _simulate(args) -> int:
    from teplovoda.telemetry import simulator
    from teplovoda.telemetry.config import load_config

    cfg = load_config(args.config)
    model = _model(args.scenario, args.site, args.fault, args.case)
    stop = _stop_event()
    outbox = args.outbox or Path(args.config).resolve().parent / "gateway" / f"{model.site}.sqlite3"
    gw = simulator.Gateway(cfg.mqtt, model.site, outbox_path=outbox)
    out = simulator.run(model, gw, speed=args.speed, interval_s=args.interval, duration_s=args.duration, stop=stop)
    gw.close()
    print(
        t("tel.published", published=out["published"], acknowledged=out["acknowledged"], pending=out["pending"], outbox=outbox)
        + (t("tel.refused", refused=out["refused"]) if out["refused"] else "")
    )
    return 0


def _modbus_gateway(args) -> int:
    from teplovoda.telemetry.config import use_secrets_beside
    from teplovoda.telemetry.gateway import Gateway
    from teplovoda.telemetry.modbus import ModbusPoller, load_site

    site = load_site(args.config)
    use_secrets_beside(args.config)
    if not args.debug:  # pymodbus logs every failed connection attempt: teplovoda says once that a device is silent
        logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    stop = _stop_event()
    gw = Gateway(site.mqtt, site.site, site.outbox).connect()
    poller = ModbusPoller(site, gw)
    print(t("tel.modbus.polling", site=site.site, devices=len(site.devices), interval=num(site.poll_interval_s)), flush=True)
    try:
        poller.run(stop, args.duration)
    finally:
        poller.close()
        gw.close()
    offline = sorted(n for n, up in poller.online.items() if not up)
    print(
        t(
            "tel.modbus.done",
            polls=poller.polls,
            readings=poller.readings,
            failures=poller.failures,
            pending=gw.pending,
            outbox=site.outbox,
        )
        + (t("tel.modbus.offline", devices=", ".join(offline)) if offline else "")
    )
    return 0


def _modbus_sim(args) -> int:
    from teplovoda.telemetry.modbus import ModbusSim, device_registers, load_site

    site = load_site(args.config)
    ports: dict[int, dict] = {}
    for d in site.devices:
        if d.host in ("127.0.0.1", "localhost", "::1"):
            ports.setdefault(d.port, {})[d.unit_id] = device_registers(d.map)
    if not ports:
        raise InputError(
            Msg("tel.modbus.sim_none", 'no device on 127.0.0.1 to serve (give host = "127.0.0.1")'), source=args.config
        )
    for port in ports:
        if _port_open(port):
            bad = Msg(
                "tel.modbus.port_in_use", "port {port} on 127.0.0.1 is in use (a Modbus simulator running already?)", port=port
            )
            raise InputError(within("[[device]] -> port", bad), source=args.config)
    sims = [ModbusSim(devices, "127.0.0.1", port).start() for port, devices in ports.items()]
    for d in site.devices:
        if d.port in ports and d.host in ("127.0.0.1", "localhost", "::1"):
            print(t("tel.modbus.serving", name=d.name, map=d.map.name, port=d.port, unit=d.unit_id), flush=True)
    stop = _stop_event()
    stop.wait(args.duration)
    for sim in sims:
        sim.stop()
    return 0


def _secrets(directory: Path, sites: list[str]) -> dict:
    """Every account's password: from the environment, else ``<dir>/secrets.env``, else generated into it (mode 600)."""
    from teplovoda.telemetry import accounts
    from teplovoda.telemetry.config import SECRETS_FILE, read_secrets_file

    path = directory / SECRETS_FILE
    saved = read_secrets_file(path)
    keys = [
        *accounts.MQTT_PASSWORD_ENV.values(),
        accounts.INFLUX_ADMIN_ENV,
        *(env for env, _ in accounts.INFLUX_USERS.values()),
        *(accounts.gateway_password_env(s) for s in sites),
    ]
    out = dict(saved)
    for key in keys:
        out[key] = os.environ.get(key) or saved.get(key) or secrets.token_urlsafe(18)
    if out != saved:
        _write_secrets(path, out)
    return out


def _write_secrets(path: Path, values: dict) -> None:
    path.touch(mode=0o600)
    path.chmod(0o600)  # before the secrets go in
    path.write_text(
        "# generated by teplovoda telemetry up; keep out of version control\n" + "".join(f"{k}={v}\n" for k, v in values.items())
    )


def write_config(directory: Path, mqtt_port: int, http_port: int) -> Path:
    """The config of the ingest and alert services ``up`` runs (no secrets: it names the environment variables)."""
    from teplovoda.telemetry import accounts as a

    path = directory / "ingest.toml"
    path.write_text(
        f"""# written by teplovoda telemetry up (see telemetry/ingest.sample.toml for every key)
[mqtt]
host = "127.0.0.1"
port = {mqtt_port}
username = "{a.INGEST}"
password_env = "{a.MQTT_PASSWORD_ENV[a.INGEST]}"

[influxdb]
url = "http://127.0.0.1:{http_port}"
database = "teplovoda"
username = "{a.INGEST}"
password_env = "{a.INFLUX_USERS[a.INGEST][0]}"

[ingest]
spool_dir = "spool"
stats_interval_s = 5.0

[alerts]
username = "{a.ALERTS}"
password_env = "{a.MQTT_PASSWORD_ENV[a.ALERTS]}"
fuel_autonomy_min_h = 12.0
pressure_min_m = 15.0
stale_after_s = 60.0
"""
    )
    return path


def write_app_config(directory: Path, mqtt_port: int, http_port: int, health_file: Path, all_secrets: dict) -> Path:
    """The web app's config and its own ``secrets.env`` (its reader accounts and the operators' only) in ``<dir>/app``."""
    from teplovoda.telemetry import accounts as a
    from teplovoda.telemetry.config import SECRETS_FILE

    app_dir = directory / "app"
    app_dir.mkdir(mode=0o700, exist_ok=True)
    keys = [a.MQTT_PASSWORD_ENV[a.APP], a.MQTT_PASSWORD_ENV[a.OPERATOR], a.INFLUX_USERS[a.APP][0]]
    _write_secrets(app_dir / SECRETS_FILE, {k: all_secrets[k] for k in keys})
    path = app_dir / "telemetry.toml"
    path.write_text(
        f"""# written by teplovoda telemetry up: what the web app's Live page reads (secrets in secrets.env beside it)
[mqtt]
host = "127.0.0.1"
port = {mqtt_port}
username = "{a.APP}"
password_env = "{a.MQTT_PASSWORD_ENV[a.APP]}"
ack_username = "{a.OPERATOR}"
ack_password_env = "{a.MQTT_PASSWORD_ENV[a.OPERATOR]}"

[influxdb]
url = "http://127.0.0.1:{http_port}"
database = "teplovoda"
username = "{a.APP}"
password_env = "{a.INFLUX_USERS[a.APP][0]}"

[ingest]
health_file = "{health_file}"

[alerts]
fuel_autonomy_min_h = 12.0
stale_after_s = 60.0
"""
    )
    return path


def _add_site(args) -> int:
    from teplovoda.telemetry import accounts, schema

    directory = Path(args.dir).resolve()  # the broker's command line names it absolute: see reload_broker
    files = accounts.BrokerFiles(directory / "mosquitto")
    if not files.password_file.is_file():
        bad = Msg(
            "tel.no_password_file",
            "{file} not found: run teplovoda telemetry up --dir {dir} once first",
            file=str(files.password_file),
            dir=str(args.dir),
        )
        raise InputError(bad)
    cred = accounts.add_gateway(files, args.name, replace=args.replace)
    kinds = ",".join(schema.ASSET_FIELDS)
    print(t("tel.site.account", site=repr(cred.site)))
    print(t("tel.site.username", username=cred.username))
    print(t("tel.site.password", password=cred.password))
    print(t("tel.site.publish", topic=f"{schema.PREFIX}/{cred.site}/{{{kinds}}}/<asset>"))
    print(t("tel.site.status", topic=schema.status_topic(cred.site)))
    print(t("tel.site.device_status", topic=schema.device_status_topic(cred.site, f"{{{kinds}}}", "<asset>")))
    print(t("tel.site.read", topic=f"{schema.PREFIX}/{cred.site}/stored"))
    if cred.reloaded_pid:
        print(t("tel.site.reloaded", pid=cred.reloaded_pid))
    else:
        print(t("tel.site.no_broker"))
    return 0


def _up(args) -> int:
    from teplovoda.telemetry import accounts, health, simulator
    from teplovoda.telemetry.config import load_config
    from teplovoda.telemetry.services import InfluxDB, Mosquitto
    from teplovoda.telemetry.supervisor import Supervisor

    directory = Path(args.dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    model = _model(args.scenario, args.site, [f for f in args.fault if not f.startswith("boiler_trip")])
    heat = (
        None if args.no_heat else _model(args.heat, None, [f for f in args.fault if f.startswith("boiler_trip")], args.heat_case)
    )
    if heat is None and any(f.startswith("boiler_trip") for f in args.fault):
        raise InputError(Msg("tel.fault_needs_heat", "--fault boiler_trip needs the heat simulation (drop --no-heat)"))
    sites = [model.site] + ([heat.site] if heat else [])
    for port in (args.mqtt_port, args.influx_port, args.rpc_port) + ((args.app_port,) if args.app else ()):
        _port_free(port)
    env = _secrets(directory, sites)
    files = accounts.BrokerFiles(directory / "mosquitto")
    mqtt_passwords = {user: env[key] for user, key in accounts.MQTT_PASSWORD_ENV.items()}
    mqtt_passwords.update({accounts.gateway_user(s): env[accounts.gateway_password_env(s)] for s in sites})
    accounts.setup_broker_accounts(files, mqtt_passwords)
    broker = Mosquitto(directory / "mosquitto", args.mqtt_port, accounts=files)
    admin_pw = env[accounts.INFLUX_ADMIN_ENV]
    db = InfluxDB(directory / "influxdb", args.influx_port, args.rpc_port, accounts.INFLUX_ADMIN, admin_pw)
    supervisor = Supervisor([broker, db], on_event=lambda line: print(line, flush=True))
    stop = _stop_event()
    supervisor.start()
    try:
        accounts.setup_influx_users(db.url, "teplovoda", admin_pw, {u: env[k] for u, (k, _) in accounts.INFLUX_USERS.items()})
        cfg = load_config(write_config(directory, args.mqtt_port, args.influx_port))
        app_cfg = write_app_config(directory, args.mqtt_port, args.influx_port, cfg.health_path, env)
        _supervise_services(supervisor, args, directory, cfg, app_cfg, env)
        up = t(
            "tel.up",
            mqtt=f"127.0.0.1:{args.mqtt_port}",
            url=db.url,
            secrets=directory / "secrets.env",
            sites=t("tel.and").join(sites),
            speed=f"{args.speed:g}",
        )
        print(up, flush=True)
        for s in sites:  # the simulated gateways run in this process, each with its site's account and outbox
            os.environ[accounts.gateway_password_env(s)] = env[accounts.gateway_password_env(s)]
        site_mqtt = {s: cfg.mqtt.as_user(accounts.gateway_user(s), accounts.gateway_password_env(s)) for s in sites}
        outbox = directory / "gateway"
        gw = simulator.Gateway(site_mqtt[model.site], model.site, outbox_path=outbox / f"{model.site}.sqlite3")
        heat_thread = heat_gw = None
        if heat is not None:
            heat_gw = simulator.Gateway(site_mqtt[heat.site], heat.site, outbox_path=outbox / f"{heat.site}.sqlite3")
            heat_thread = threading.Thread(
                target=simulator.run,
                args=(heat, heat_gw),
                kwargs={"speed": args.speed, "interval_s": args.interval, "duration_s": args.duration, "stop": stop},
                daemon=True,
            )
            heat_thread.start()
        status = _status_printer(heat, cfg.health_path, supervisor)
        simulator.run(model, gw, speed=args.speed, interval_s=args.interval, duration_s=args.duration, stop=stop, on_step=status)
        stop.set()
        gw.close()
        if heat_thread is not None:
            heat_thread.join(10)
            heat_gw.close()
    finally:
        supervisor.stop()
    doc = health.read(cfg.health_path) or {}
    print(t("tel.stopped", written=doc.get("written", 0), rejected=doc.get("rejected", 0), directory=directory))
    return 0


def _supervise_services(supervisor, args, directory: Path, cfg, app_cfg: Path, env: dict) -> None:
    """Add the ingest service (speaking this run's language) and, with ``--app``, the web app to the supervisor."""
    from teplovoda.telemetry import accounts
    from teplovoda.telemetry.supervisor import Process, child_env
    from teplovoda.ui import app_cli

    ingest_keys = [accounts.MQTT_PASSWORD_ENV[accounts.INGEST], accounts.MQTT_PASSWORD_ENV[accounts.ALERTS]]
    ingest_keys.append(accounts.INFLUX_USERS[accounts.INGEST][0])
    supervisor.add(
        Process(
            "ingest",
            [sys.executable, "-m", "teplovoda.ui.cli", "--lang", language(), "telemetry", "ingest", "--config", cfg.path],
            directory / "ingest.log",
            env=child_env(secrets={k: env[k] for k in ingest_keys}),
            cwd=REPO,
            ready=lambda t0: cfg.health_path.is_file() and cfg.health_path.stat().st_mtime >= t0,
        )
    )
    if args.app:
        app_env = child_env()
        app_env["TEPLOVODA_TELEMETRY_CONFIG"] = str(app_cfg)  # its secrets.env beside it: the app's own only
        supervisor.add(
            Process(
                "app",
                app_cli.command(args.app_port),
                directory / "app.log",
                env=app_env,
                cwd=REPO,
                ready=lambda _t0: _port_open(args.app_port),
                timeout_s=60.0,
            )
        )
        print(t("tel.app", url=f"http://127.0.0.1:{args.app_port}", log=directory / "app.log"), flush=True)


def _status_printer(heat, health_path: Path, supervisor):
    """The simulator's ``on_step``: a status line at most every 5 s (grid, pumps, boilers, diesel, the platform)."""
    last = [0.0]

    def status(m, readings):
        if time.time() - last[0] < 5:
            return
        last[0] = time.time()
        v = {(k, a): x for k, a, x in readings}
        gen = v[("generator", "G1")]
        pumps = " ".join(f"{a}:{t('tel.on') if x['running'] else t('tel.off')}" for (k, a), x in v.items() if k == "pump")
        hours = gen["fuel_l"] / gen["fuel_rate_l_per_h"] if gen["fuel_rate_l_per_h"] > 0 else float("inf")
        boilers = "  " + t("tel.boilers", kw=num(sum(heat.last_output_kw.values()))) if heat is not None else ""
        line = t(
            "tel.status",
            sim_h=num(m.sim_h, 1).rjust(5),
            grid=t("tel.grid_on") if v[("grid", "mains")]["grid_on"] else t("tel.grid_off"),
            pumps=pumps,
            boilers=boilers,
            fuel_l=num(gen["fuel_l"]),
            hours=num(hours, 1),
            platform=_platform_status(health_path, supervisor),
        )
        print(line, flush=True)

    return status


def _platform_status(health_path: Path, supervisor) -> str:
    """Ingest's counters and health from its health file, and the supervisor's restarts."""
    from teplovoda.telemetry import health

    doc = health.read(health_path) or {}
    found = health.problems(doc)
    restarts = supervisor.status()
    return (
        t(
            "tel.platform_status",
            stored=doc.get("written", 0),
            rejected=doc.get("rejected", 0),
            spooled=doc.get("spooled", 0),
            alerts=doc.get("alerts_active") or 0,
        )
        + (f"  [{restarts}]" if restarts else "")
        + ("  " + t("tel.ingest_unhealthy", reasons=_describe(found)) if found else "")
    )


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _port_free(port: int) -> None:
    import socket

    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            bad = Msg(
                "tel.port_in_use", "port {port} on 127.0.0.1 is in use: is another teplovoda telemetry up running?", port=port
            )
            raise InputError(bad)


__all__ = ["add_parser", "write_config", "write_app_config"]
