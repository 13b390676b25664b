"""Benchmark: draining a backlog of QoS 1 readings, a plain paho subscriber against ``teplovoda telemetry ingest``.

Both legs drain the same pre-queued backlog in one run, on one freshly started Mosquitto and InfluxDB
(the project's own configs through :mod:`teplovoda.telemetry.services`: loopback ports, temporary directories):

1. Two persistent sessions (MQTT 5, clean start off, a session expiry) are created and left offline:
   a plain paho subscriber's (``teplovoda/v1/bench/+/+``, QoS 1) and the ingest command's (it is
   started once, until a probe reading is stored, then stopped with SIGTERM).
2. One publisher sends ``--messages`` QoS 1 readings (schema v1, 50 pumps) and waits for every PUBACK:
   the broker queues each for both sessions. The broker config's ``max_queued_messages`` must hold them
   (checked before publishing: Mosquitto's default of 1,000 keeps the first 1,000 and drops the rest).
3. **raw**: the plain subscriber (paho's defaults: it acknowledges each message on receipt, stores
   nothing) reconnects and drains its backlog. Clock: from its CONNACK to the last message.
4. **ingest**: ``teplovoda telemetry ingest`` (a separate process, the default ``[ingest]`` settings)
   is started again and drains its backlog into InfluxDB. Clock: from its TCP connection to the broker
   (seen in ``/proc/net/tcp``, polled every millisecond) until InfluxDB's ``count()`` shows every
   reading. The rate from the process start (Python's imports included) is printed too.

Prints both drain rates, their ratio, and the loss of each leg (readings the broker acknowledged to
the publisher but the leg never received / never stored) and the CPU seconds each process used. Exits 1
when the ratio is under ``--min-ratio`` (0.70: issue 12) or anything is lost. A measurement, never a test: nothing under
pytest asserts on speed.

With ``--rounds N`` the queue-and-drain is repeated N times on the same services (each round with
readings of its own device times) and the median ratio decides: the machine's other load moves single
rounds by 10-20 %.

Usage: python bench/ingest.py [--messages 100000] [--rounds 1] [--min-ratio 0.70]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt

from teplovoda.telemetry import health, schema
from teplovoda.telemetry.config import MqttConfig
from teplovoda.telemetry.influx import InfluxUnavailable, InfluxV1
from teplovoda.telemetry.ingest import mqtt_client, session_properties
from teplovoda.telemetry.services import InfluxDB, Mosquitto

OUT = Path(__file__).parent / "out"
REPO = Path(__file__).resolve().parents[1]
SITE = "bench"
SESSION_EXPIRY_S = 3600


def readings(n: int, t0_s: float) -> list[tuple[str, bytes]]:
    """``n`` pump readings 1 ms apart from ``t0_s``, round-robin over 50 pumps."""
    return [
        (
            schema.topic_for(SITE, "pump", f"P{k % 50}"),
            schema.payload(t0_s + k * 1e-3, {"running": True, "flow_m3_per_h": 500.0 + k % 97, "power_kw": 90.0}, k),
        )
        for k in range(n)
    ]


def _ts_ns(t0_s: float, k: int) -> int:
    return int(round(round(t0_s + k * 1e-3, 3) * 1e9))  # as schema.payload rounds and Reading.ts_ns converts


def count_q(n: int, t0_s: float) -> str:
    """InfluxQL counting the stored readings of one round (:func:`readings` from ``t0_s``)."""
    first, last = _ts_ns(t0_s, 0), _ts_ns(t0_s, n - 1)
    return f"SELECT count(flow_m3_per_h) FROM pump WHERE site = '{SITE}' AND time >= {first} AND time <= {last}"


def last_reading_q(n: int, t0_s: float) -> str:
    """InfluxQL counting the last of :func:`readings` alone: one series, one time (cheap to poll)."""
    where = f"site = '{SITE}' AND asset = 'P{(n - 1) % 50}' AND time = {_ts_ns(t0_s, n - 1)}"
    return f"SELECT count(flow_m3_per_h) FROM pump WHERE {where}"


def queue_limit(broker: Mosquitto) -> float:
    """``max_queued_messages`` of the broker's config file (0 = no limit -> inf; Mosquitto's default 1000)."""
    m = re.search(r"^max_queued_messages\s+(\d+)", broker.config_file.read_text(), re.M)
    limit = int(m.group(1)) if m else 1000
    return float("inf") if limit == 0 else limit


def publish_all(port: int, msgs: list[tuple[str, bytes]]) -> tuple[int, float]:
    """Publish QoS 1 as fast as the broker acknowledges; (acknowledged count, seconds)."""
    c = mqtt_client(MqttConfig(port=port), "bench-publisher")
    c.max_inflight_messages_set(1000)
    c.max_queued_messages_set(0)
    acked = [0]
    lock = threading.Lock()

    def on_publish(*_):
        with lock:
            acked[0] += 1

    c.on_publish = on_publish
    c.connect("127.0.0.1", port)
    c.loop_start()
    t0 = time.perf_counter()
    for k, (topic, body) in enumerate(msgs):
        while k - acked[0] > 20_000:  # paho's message ids are 16 bits: never 65,536 outstanding
            time.sleep(0.001)
        c.publish(topic, body, qos=1)
    deadline = time.time() + 120
    while acked[0] < len(msgs) and time.time() < deadline:
        time.sleep(0.005)
    elapsed = time.perf_counter() - t0
    c.disconnect()
    c.loop_stop()
    return acked[0], elapsed


class PlainSubscriber:
    """paho with its defaults (acknowledges on receipt), a persistent session, keeping the payloads."""

    def __init__(self, port: int):
        self.port = port
        self.payloads: list[bytes] = []
        self.connected_at = self.last_at = 0.0
        self.subscribed = threading.Event()
        self.client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2, client_id="bench-raw", protocol=mqtt.MQTTv5
        )
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *a: self.subscribed.set()

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        self.connected_at = time.perf_counter()

    def _on_message(self, client, userdata, msg):
        self.payloads.append(msg.payload)
        self.last_at = time.perf_counter()

    def connect(self) -> None:
        self.client.connect("127.0.0.1", self.port, clean_start=False, properties=session_properties(SESSION_EXPIRY_S))
        self.client.loop_start()

    def disconnect(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def create_session(self) -> None:
        self.connect()
        self.client.subscribe(f"{schema.PREFIX}/{SITE}/+/+", qos=1)
        if not self.subscribed.wait(10):
            raise RuntimeError("the broker did not confirm the plain subscriber's subscription")
        self.disconnect()

    def drain(self, n: int, timeout_s: float, meter: CpuMeter) -> dict:
        self.payloads = []
        meter.start()
        self.connect()
        deadline = time.time() + timeout_s
        while len(self.payloads) < n and time.time() < deadline:
            time.sleep(0.01)
        cpu = meter.stop()
        time.sleep(1.0)  # late extras (redeliveries), if any
        self.disconnect()
        received = len(set(self.payloads))
        seconds = self.last_at - self.connected_at
        rate = received / seconds
        return {"received": received, "deliveries": len(self.payloads), "seconds": seconds, "rate_per_s": rate, "cpu_s": cpu}


class IngestProcess:
    """``teplovoda telemetry ingest`` as a child process with its own config file."""

    def __init__(self, broker: Mosquitto, db: InfluxDB, workdir: Path):
        self.workdir = workdir
        self.config = workdir / "ingest.toml"
        self.config.write_text(
            f"""[mqtt]
port = {broker.port}
client_id = "bench-ingest"
[influxdb]
url = "{db.url}"
database = "bench"
[ingest]
worker = "bench-ingest"
spool_dir = "{workdir / "spool"}"
[alerts]
enabled = false
"""
        )
        self.health_file = workdir / "bench-ingest.health.json"
        self.broker_port = broker.port
        self.proc: subprocess.Popen | None = None

    def start(self) -> tuple[float, float]:
        """Start it; (perf_counter at the start, perf_counter when its TCP connection to the broker appeared).

        Not its start line: it prints that once the broker confirmed the subscription, and the SUBACK comes
        behind the first ``receive_maximum`` queued messages (2 s late with a backlog of 20,000).
        """
        t_spawn = time.perf_counter()
        before = broker_connections(self.broker_port)
        cmd = [sys.executable, "-m", "teplovoda.ui.cli", "telemetry", "ingest", "--config", str(self.config), "--no-alerts"]
        with open(self.workdir / "ingest.err", "ab") as err:
            self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=err)
        deadline = time.time() + 60
        while not broker_connections(self.broker_port) - before:
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"ingest did not connect to the broker; see {self.workdir / 'ingest.err'}")
            time.sleep(0.001)
        t_connect = time.perf_counter()
        line = self.proc.stdout.readline().decode()
        if not line.startswith("ingest "):
            raise RuntimeError(f"ingest did not start: {line!r}; see {self.workdir / 'ingest.err'}")
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()  # its status lines: never let the pipe fill
        return t_spawn, t_connect

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(60)


def broker_connections(port: int) -> set[str]:
    """Local ends (``/proc/net/tcp`` hex address:port) of the established connections to 127.0.0.1:``port``."""
    remote = f"0100007F:{port:04X}"
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        f = line.split()
        if f[2] == remote and f[3] == "01":
            found.add(f[1])
    return found


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by named processes between ``start()`` and ``stop()``."""

    def __init__(self, **pids: int):
        self.pids = pids
        self.before: dict[str, float] = {}

    def start(self) -> None:
        self.before = {k: cpu_s(p) for k, p in self.pids.items()}

    def stop(self) -> dict[str, float]:
        return {k: round(cpu_s(p) - self.before[k], 2) for k, p in self.pids.items()}


def count(client: InfluxV1, q: str) -> int:
    try:
        rows = client.rows(q)
    except InfluxUnavailable:
        return 0
    return int(rows[0][next(k for k in rows[0] if k.startswith("count"))]) if rows else 0


def create_ingest_session(ingest: IngestProcess, broker: Mosquitto, client: InfluxV1) -> None:
    """Run ingest until a probe reading is stored (its session and the database then exist); stop it."""
    ingest.start()
    probe = mqtt_client(MqttConfig(port=broker.port), "bench-probe")
    probe.connect("127.0.0.1", broker.port)
    probe.loop_start()
    q = "SELECT count(running) FROM pump WHERE site = 'probe'"
    deadline = time.time() + 60
    try:
        while count(client, q) < 1:
            if time.time() > deadline:
                raise RuntimeError("the ingest command stored no probe reading in 60 s")
            probe.publish(schema.topic_for("probe", "pump", "P0"), schema.payload(time.time(), {"running": True}), qos=1)
            time.sleep(0.2)
    finally:
        probe.disconnect()
        probe.loop_stop()
    if ingest.stop() != 0:
        raise RuntimeError("the ingest command did not stop cleanly")


def ingest_drain(ingest: IngestProcess, client: InfluxV1, n: int, t0_s: float, timeout_s: float, meter: CpuMeter) -> dict:
    """Start ingest and poll until every reading is stored: the last one first (ingest stores in the order it
    receives, which is the publishing order), then ``count()`` over all of them (a full count, polled every
    10 ms, would cost influxd a good part of a core, which ingest competes with)."""
    meter.start()
    t_spawn, t_connect = ingest.start()
    stored = 0
    last_q, all_q = last_reading_q(n, t0_s), count_q(n, t0_s)
    deadline = time.time() + timeout_s
    try:
        while time.time() < deadline:
            if count(client, last_q) >= 1:
                stored = count(client, all_q)
                if stored >= n:
                    break
            time.sleep(0.01)
        t_done = time.perf_counter()
        cpu = {**meter.stop(), "ingest": round(cpu_s(ingest.proc.pid), 2)}  # the whole process: imports included
        time.sleep(1.0)
        stored = count(client, all_q)
    finally:
        rc = ingest.stop()
    doc = health.read(ingest.health_file) or {}
    counters = {k: doc.get(k) for k in ("received", "written", "rejected", "duplicates", "redelivered", "spooled", "refused")}
    return {
        "stored": stored,
        "seconds": t_done - t_connect,
        "rate_per_s": stored / (t_done - t_connect),
        "seconds_from_spawn": t_done - t_spawn,
        "rate_from_spawn_per_s": stored / (t_done - t_spawn),
        "exit_code": rc,
        "counters": counters,
        "cpu_s": cpu,
    }


def one_round(
    broker: Mosquitto, db: InfluxDB, raw_sub: PlainSubscriber, ingest: IngestProcess, n: int, t0_s: float, timeout_s: float
) -> dict:
    """Queue ``n`` readings for both offline sessions, then drain them: the plain subscriber, then ingest."""
    acked, pub_s = publish_all(broker.port, readings(n, t0_s))
    print(f"{n:,} QoS 1 readings queued for two offline persistent sessions ({acked:,} acknowledged, {pub_s:.1f} s)")
    services = {"mosquitto": broker.process.pid, "influxd": db.process.pid}
    raw = raw_sub.drain(n, timeout_s, CpuMeter(**services, subscriber=os.getpid()))
    raw["lost"] = acked - raw["received"]
    print(
        f"  raw: plain paho subscriber drained {raw['received']:,} in {raw['seconds']:.2f} s: "
        f"{raw['rate_per_s']:,.0f} msg/s, lost {raw['lost']}; CPU s {raw['cpu_s']}",
        flush=True,
    )
    ing = ingest_drain(ingest, InfluxV1(db.url, "bench"), n, t0_s, timeout_s, CpuMeter(**services))
    ing["lost"] = acked - ing["stored"]
    print(
        f"  ingest: teplovoda telemetry ingest stored {ing['stored']:,} in {ing['seconds']:.2f} s: "
        f"{ing['rate_per_s']:,.0f} msg/s ({ing['rate_from_spawn_per_s']:,.0f} msg/s from the process start), "
        f"lost {ing['lost']}; CPU s {ing['cpu_s']}"
    )
    print(f"  ingest counters: {', '.join(f'{k} {v}' for k, v in ing['counters'].items())}")
    ratio = ing["rate_per_s"] / raw["rate_per_s"]
    print(f"  ratio ingest / raw: {ratio:.2f}", flush=True)
    return {"acknowledged": acked, "raw": raw, "ingest": ing, "ratio": ratio}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=1, help="backlogs queued and drained one after the other")
    ap.add_argument("--min-ratio", type=float, default=0.70, help="exit 1 when the median ingest/raw ratio is lower")
    ap.add_argument("--timeout-s", type=float, default=600.0, help="longest wait for one leg's drain")
    args = ap.parse_args()
    n = args.messages
    span_s = n * 1e-3 + 10  # each round's readings have their own device times (a repeat would only be acknowledged)
    base_s = time.time() - args.rounds * span_s - 60
    rounds = []
    with tempfile.TemporaryDirectory(prefix="teplovoda-bench-") as d:
        d = Path(d)
        broker = Mosquitto(d / "mosquitto").start()
        db = InfluxDB(d / "influxdb").start()
        try:
            if queue_limit(broker) < n:
                print(f"the broker config keeps {queue_limit(broker):.0f} queued messages per session, fewer than {n:,}")
                return 1
            raw_sub = PlainSubscriber(broker.port)
            raw_sub.create_session()
            ingest = IngestProcess(broker, db, d)
            create_ingest_session(ingest, broker, InfluxV1(db.url, "bench"))
            for r in range(args.rounds):
                rounds.append(one_round(broker, db, raw_sub, ingest, n, base_s + r * span_s, args.timeout_s))
        finally:
            broker.stop()
            db.stop()
    ratio = statistics.median(r["ratio"] for r in rounds)
    lost = sum(r["raw"]["lost"] + r["ingest"]["lost"] for r in rounds)
    ok = ratio >= args.min_ratio and lost == 0
    ratios = " ".join(f"{r['ratio']:.2f}" for r in rounds)
    verdict = "met" if ok else "NOT MET"
    print(f"ratio ingest / raw: {ratio:.2f} (median of {ratios}; goal >= {args.min_ratio:.2f}, 0 lost): {verdict}")
    OUT.mkdir(exist_ok=True)
    result = {"messages": n, "rounds": rounds, "median_ratio": ratio, "lost": lost, "goal_met": ok}
    (OUT / "ingest.json").write_text(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
