"""``teplovoda telemetry``: bad input is one line and exit 2; ``up`` brings the whole live platform up and down."""

from __future__ import annotations

import socket
import time

import pytest

from teplovoda.telemetry.config import load_config, read_secrets_file
from teplovoda.telemetry.services import Mosquitto, free_port
from tests.conftest import REPO, SCENARIOS
from tests.ui.test_cli import teplovoda

SAMPLE = REPO / "telemetry" / "ingest.sample.toml"


def one_line_error(proc, *words):
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("teplovoda: error:") and "Traceback" not in proc.stderr, proc.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_the_commented_sample_config_is_valid():
    cfg = load_config(SAMPLE)
    assert cfg.mqtt.port == 18830 and cfg.mqtt.share_group == "" and cfg.influxdb.database == "teplovoda"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[mqtt]\nprot = 1883\n", ["[mqtt]", "unknown key 'prot'"]),
        ("[mqtt]\nport = 99999\n", ["[mqtt]", "port must be 1-65535"]),
        ('[influxdb]\nurl = "localhost:8086"\n', ["[influxdb]", "http://"]),
        ('[ingest]\nbatch_size = "many"\n', ["[ingest] -> batch_size", "integer"]),
        ("[alerts]\nfuel_autonomy_min_h = -1\n", ["[alerts]", "fuel_autonomy_min_h"]),
        ('[[alerts.pump_schedule]]\nsite = "s"\nasset = "P1"\nhours = [25]\n', ["pump_schedule", "0-23"]),
        ("[database]\n", ["unknown section [database]"]),
        ("[mqtt\n", ["line 1"]),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(tmp_path, text, words):
    conf = tmp_path / "bad.toml"
    conf.write_text(text)
    one_line_error(teplovoda("telemetry", "ingest", "--config", conf), "bad.toml", *words)


def test_bad_fault_and_missing_files(tmp_path):
    one_line_error(
        teplovoda("telemetry", "simulate", SCENARIOS / "power_raw_water_station.toml", "--config", SAMPLE, "--fault", "meteor@3"),
        "meteor@3",
    )
    one_line_error(teplovoda("telemetry", "ingest", "--config", tmp_path / "none.toml"), "none.toml")
    one_line_error(teplovoda("telemetry", "simulate", SCENARIOS / "water_trunk_main_break.toml", "--config", SAMPLE), "kind")
    heat = SCENARIOS / "heat_plant_struck_january.toml"
    one_line_error(teplovoda("telemetry", "simulate", heat, "--config", SAMPLE, "--case", "summer"), "no case 'summer'")
    proc = teplovoda("telemetry", "up", "--speed", "-3")
    assert proc.returncode == 2 and "--speed" in proc.stderr


def test_ingest_with_wrong_broker_credentials_is_refused(tmp_path):
    with Mosquitto(tmp_path / "m", username="ingest", password="right") as broker:
        conf = tmp_path / "ingest.toml"
        conf.write_text(f'[mqtt]\nport = {broker.port}\nusername = "ingest"\n[ingest]\nspool_dir = "{tmp_path / "spool"}"\n')
        proc = teplovoda("telemetry", "ingest", "--config", conf)
        one_line_error(proc, "refused the connection", "Not authorized")


def test_up_brings_broker_database_ingest_and_simulator_up_and_down(tmp_path):
    ports = [free_port() for _ in range(3)]
    proc = teplovoda(
        "telemetry", "up", "--dir", tmp_path, "--duration", "12", "--speed", "3600", "--interval", "0.5",
        "--mqtt-port", ports[0], "--influx-port", ports[1], "--rpc-port", ports[2], "--fault", "pump_trip:P2@3",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "live platform up" in proc.stdout and "P2:OFF" in proc.stdout and "station and boilers" in proc.stdout
    stored = int(proc.stdout.split("stopped: ")[1].split()[0])
    assert stored >= 100
    secrets = (tmp_path / "secrets.env").read_text()
    assert "TEPLOVODA_MQTT_PASSWORD=" in secrets and oct((tmp_path / "secrets.env").stat().st_mode)[-3:] == "600"
    # an account per role and per simulated site; the app gets its readers' and the operators' passwords only
    for key in (
        "INFLUX",
        "INFLUX_INGEST",
        "INFLUX_APP",
        "MQTT_ALERTS",
        "MQTT_OPERATOR",
        "MQTT_APP",
        "MQTT_GW_STATION",
        "MQTT_GW_BOILERS",
    ):
        assert f"TEPLOVODA_{key}_PASSWORD=" in secrets, key
    app_secrets = read_secrets_file(tmp_path / "app" / "secrets.env")
    assert sorted(app_secrets) == [
        "TEPLOVODA_INFLUX_APP_PASSWORD",
        "TEPLOVODA_MQTT_APP_PASSWORD",
        "TEPLOVODA_MQTT_OPERATOR_PASSWORD",
    ]
    assert oct((tmp_path / "app" / "secrets.env").stat().st_mode)[-3:] == "600"
    acl = (tmp_path / "mosquitto" / "acl").read_text()
    assert "user gw-station\ntopic write teplovoda/v1/station/pump/+" in acl and "user gw-boilers" in acl
    app_cfg = load_config(tmp_path / "app" / "telemetry.toml")
    assert (app_cfg.mqtt.username, app_cfg.mqtt.ack_username, app_cfg.influxdb.username) == ("app", "operator", "app")
    time.sleep(0.5)
    for port in ports[:2]:  # the servers stopped with it
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0


def _pid_of(*words) -> int:
    """The pid of the one process whose command line holds every word (a child of a `telemetry up` under test)."""
    from pathlib import Path

    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if all(w in cmd for w in words):
                found.append(int(d.name))
    assert len(found) == 1, (words, found)
    return found[0]


def test_up_restarts_a_killed_influxdb_and_ingest_and_readings_keep_being_stored(tmp_path):
    """Issue 12, failure 6: a SIGKILLed InfluxDB child of `telemetry up` was not restarted."""
    import os
    import signal
    import subprocess
    import sys
    import threading

    from teplovoda.telemetry.config import read_secrets_file
    from teplovoda.telemetry.influx import InfluxV1

    ports = [free_port() for _ in range(3)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "teplovoda.ui.cli", "telemetry", "up", "--dir", str(tmp_path), "--duration", "45",
         "--speed", "3600", "--interval", "0.5", "--no-heat", "--mqtt-port", str(ports[0]), "--influx-port", str(ports[1]),
         "--rpc-port", str(ports[2])],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()

    def wait_line(text: str, timeout_s: float = 60.0) -> str:
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            hit = [line for line in list(lines) if text in line]
            if hit:
                return hit[-1]
            time.sleep(0.1)
        raise AssertionError(f"no line with {text!r} in {lines}")

    try:
        wait_line("live platform up")
        pw = read_secrets_file(tmp_path / "secrets.env")["TEPLOVODA_INFLUX_PASSWORD"]
        db = InfluxV1(f"http://127.0.0.1:{ports[1]}", "teplovoda", username="teplovoda", password=pw, timeout_s=2.0)

        def stored() -> int:
            rows = db.rows("SELECT count(running) FROM pump WHERE site = 'station'")
            return int(rows[0]["count"]) if rows else 0

        deadline = time.time() + 30
        while stored() == 0 and time.time() < deadline:
            time.sleep(0.2)
        os.kill(_pid_of("influxd", str(tmp_path / "influxdb")), signal.SIGKILL)
        assert "restarting in 1 s (restart 1)" in wait_line("influxd exited (signal 9)", 10)
        wait_line("influxd restarted", 20)
        assert db.ping()
        before = stored()
        deadline = time.time() + 20
        while stored() <= before + 20 and time.time() < deadline:  # the simulator publishes 2 readings/s per pump
            time.sleep(0.2)
        assert stored() > before + 20
        # a killed ingest process is restarted too, and storing goes on
        os.kill(_pid_of("teplovoda.ui.cli", "telemetry", "ingest", str(tmp_path)), signal.SIGKILL)
        wait_line("ingest exited (signal 9); restarting in 1 s (restart 1)", 10)
        wait_line("ingest restarted", 30)
        before = stored()
        deadline = time.time() + 20
        while stored() <= before + 20 and time.time() < deadline:
            time.sleep(0.2)
        assert stored() > before + 20
        assert proc.wait(90) == 0, lines
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
    reader.join(5)
    assert any("influxd restarted 1x" in line and "ingest restarted 1x" in line for line in lines), lines
    assert lines[-1].startswith("stopped: ")
