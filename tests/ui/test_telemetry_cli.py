"""``teplovoda telemetry``: bad input is one line and exit 2; ``up`` brings the whole live platform up and down."""

from __future__ import annotations

import socket
import time

import pytest

from telemetry.config import load_config
from telemetry.services import Mosquitto, free_port
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
    time.sleep(0.5)
    for port in ports[:2]:  # the servers stopped with it
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0
