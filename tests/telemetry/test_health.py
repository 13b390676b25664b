"""Ingest health (issue 12, failure 6: "nothing says the pipeline is unhealthy"): the file, its judgement, and a
real ``telemetry ingest`` whose InfluxDB is gone saying so in the file and on its status line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest

from teplovoda.telemetry import health, schema
from teplovoda.telemetry.services import free_port
from tests.conftest import REPO

from .conftest import Publisher, services  # noqa: F401 - the real broker

NOW = 1_800_000_000.0


def doc(**changes) -> dict:
    base = {
        "written_at_s": NOW,
        "interval_s": 5.0,
        "started_at_s": NOW - 600,
        "unhealthy_after_s": 60.0,
        "last_write_s": NOW - 2,
        "received": 100,
        "spool_batches": 0,
        "spool_points": 0,
        "spool_growing_since_s": None,
        "writer_alive": True,
        "failure": None,
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "now", "codes"),
    [
        ({}, NOW + 1, []),
        ({}, NOW + 30, ["stale"]),  # not rewritten for 3 intervals + 5 s
        ({"last_write_s": NOW - 95}, NOW, ["no_write"]),
        ({"last_write_s": None, "started_at_s": NOW - 61}, NOW, ["no_write"]),  # never wrote since it started
        ({"spool_batches": 41, "spool_growing_since_s": NOW - 20}, NOW, ["spool"]),
        ({"spool_batches": 41}, NOW, []),  # waiting but shrinking: replaying
        ({"writer_alive": False}, NOW, ["thread"]),
        ({"failure": "OverflowError: int too large"}, NOW, ["thread"]),
        ({"stopped": True}, NOW + 999, ["stopped"]),
        ({"last_write_s": NOW - 95, "spool_batches": 41, "spool_growing_since_s": NOW - 90}, NOW, ["no_write", "spool"]),
    ],
)
def test_problems(changes, now, codes):
    assert [p.code for p in health.problems(doc(**changes), now)] == codes


def test_no_file_is_nothing_to_judge_and_a_broken_one_says_so(tmp_path):
    assert health.problems(health.read(tmp_path / "none.json")) == []
    (tmp_path / "bad.json").write_text('{"written_at')
    assert [p.code for p in health.problems(health.read(tmp_path / "bad.json"))] == ["unreadable"]


def test_reporter_tracks_arrivals_and_a_growing_spool(tmp_path):
    r = health.Reporter(tmp_path / "h.json", interval_s=5.0, unhealthy_after_s=60.0)
    d = r.update({"received": 10, "spool_batches": 0}, now_s=NOW)
    assert d["last_received_s"] == NOW and d["spool_growing_since_s"] is None
    d = r.update({"received": 10, "spool_batches": 3}, now_s=NOW + 5)
    assert d["last_received_s"] == NOW and d["spool_growing_since_s"] == NOW + 5
    d = r.update({"received": 12, "spool_batches": 5}, now_s=NOW + 10)
    assert d["last_received_s"] == NOW + 10 and d["spool_growing_since_s"] == NOW + 5
    d = r.update({"received": 12, "spool_batches": 2}, now_s=NOW + 15)  # replaying: shrinks
    assert d["spool_growing_since_s"] is None
    assert json.loads((tmp_path / "h.json").read_text()) == d
    assert not list(tmp_path.glob("*.tmp"))  # replaced atomically


def test_ingest_without_influxdb_reports_unhealthy_in_its_file_and_status_line(services, tmp_path):  # noqa: F811
    broker, _ = services
    conf = tmp_path / "ingest.toml"
    conf.write_text(
        f"""[mqtt]
port = {broker.port}
client_id = "health-ingest"
[influxdb]
url = "http://127.0.0.1:{free_port()}"
timeout_s = 0.5
[ingest]
spool_dir = "spool"
stats_interval_s = 0.5
retry_interval_s = 0.5
unhealthy_after_s = 2.0
[alerts]
enabled = false
"""
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "teplovoda.ui.cli", "telemetry", "ingest", "--config", str(conf)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    path = tmp_path / "ingest-1.health.json"
    pub = Publisher(broker.port, "health-pub")
    try:
        found = []
        deadline = time.time() + 30
        k = 0
        while time.time() < deadline and {p.code for p in found} != {"no_write", "spool"}:
            k += 1
            pub.publish(schema.topic_for("h", "pump", "P1"), schema.payload(time.time(), {"running": True}, seq=k))
            time.sleep(0.2)
            found = health.problems(health.read(path))
        assert {p.code for p in found} == {"no_write", "spool"}, found
        d = health.read(path)
        assert d["received"] > 0 and d["written"] == 0 and d["spool_batches"] > 0 and d["spool_points"] > 0
        assert d["writer_alive"] is True and d["last_write_s"] is None
        assert "no write to InfluxDB for" in health.describe(found)
        # the status line is printed every stats interval from its own report: give it two intervals to
        # print the state the file already shows (a busy machine made this a race)
        time.sleep(1.5)
    finally:
        pub.close()
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    reader.join(5)
    assert any("UNHEALTHY: no write to InfluxDB for" in line and "batches" in line for line in lines), lines
    assert health.read(path)["stopped"] is True
