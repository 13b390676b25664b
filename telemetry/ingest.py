"""MQTT -> InfluxDB ingest: every acknowledged reading stored exactly once, nothing lost.

Source, parser, sink (Telegraf's shape)::

    MQTT (QoS 1, persistent session, shared subscription)
      -> parse(topic, payload, received_at) -> line protocol  |  dead letter with the reason
      -> InfluxDB /write  |  disk spool while InfluxDB is away
      -> PUBACK to the broker

* **Acknowledge after storing.** The paho client runs with ``manual_ack``: a message is
  acknowledged only after the batch holding it was answered 204 by InfluxDB (whose WAL is fsynced
  per write) or fsynced to the spool. A crash before that leaves the message unacknowledged in the
  broker's persistent session, which redelivers it on reconnect.
* **Exactly once.** A reading is a point keyed by (kind, site, asset, device time); writing it twice
  (a redelivery) overwrites it with itself. A repeat the worker has seen before is dead-lettered as
  ``duplicate`` unless the broker marks it as a redelivery (DUP flag): then it is only acknowledged.
* **Spool and replay.** When InfluxDB is unreachable or failing (5xx), batches go to the disk spool
  (:class:`telemetry.spool.Spool`); every ``retry_interval_s`` the spool is replayed oldest first,
  and new batches are spooled behind it until it is empty, so points reach InfluxDB in order.
* **Rejected payloads** become ``dead_letter`` points (reason code, reason, topic, the first 512
  bytes), stored like readings: a device sending garbage is visible, and valid traffic is unaffected.
* **Shared subscriptions.** ``$share/<group>/...`` splits the load between workers with the same
  group (and each its own ``client_id`` and ``worker``).
* **Counters** (received, written, rejected, duplicates, spooled, replayed, queue, lag) are written
  every ``stats_interval_s`` as ``ingest`` points tagged with the worker.

InfluxDB refusing a batch with HTTP 400 (a partial write, e.g. a field type conflict) cannot be fixed
by retrying: the batch is kept in ``<spool_dir>/../refused/`` and logged. Other 4xx answers
(authentication, missing database) are configuration errors: batches are spooled until fixed.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from telemetry import schema
from telemetry.config import TelemetryConfig
from telemetry.influx import InfluxRejected, InfluxUnavailable
from telemetry.spool import Spool

logger = logging.getLogger(__name__)

READING_TOPICS = (
    f"{schema.PREFIX}/+/+/+",
    f"{schema.PREFIX}/+/status",
    f"{schema.PREFIX}/+/alert/+/+",
    f"{schema.PREFIX}/+/alert/+/+/ack",
)


@dataclass
class Counters:
    received: int = 0
    written: int = 0
    rejected: int = 0
    duplicates: int = 0
    redelivered: int = 0
    spooled: int = 0
    replayed: int = 0
    refused: int = 0
    lag_s: float = 0.0
    by_reason: dict = field(default_factory=dict)

    def line(self, worker: str, queue_size: int, spool_batches: int, ts_ns: int) -> str:
        fields = ",".join(
            f"{k}={float(v)}"
            for k, v in {
                "received": self.received,
                "written": self.written,
                "rejected": self.rejected,
                "duplicates": self.duplicates,
                "redelivered": self.redelivered,
                "spooled": self.spooled,
                "replayed": self.replayed,
                "refused": self.refused,
                "lag_s": self.lag_s,
                "queue": queue_size,
                "spool_batches": spool_batches,
            }.items()
        )
        return f"ingest,worker={_escape_tag(worker)} {fields} {ts_ns}"


def _escape_tag(v: str) -> str:
    return v.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ")


def mqtt_client(cfg, client_id: str, *, manual_ack: bool = False, will: tuple[str, bytes] | None = None) -> mqtt.Client:
    """A paho MQTT 5 client configured from ``[mqtt]`` (not connected)."""
    c = mqtt.Client(
        callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=mqtt.MQTTv5,
        manual_ack=manual_ack,
    )
    if cfg.username:
        c.username_pw_set(cfg.username, cfg.password)
    if will:
        c.will_set(will[0], will[1], qos=1, retain=True)
    c.reconnect_delay_set(min_delay=1, max_delay=5)
    c.max_inflight_messages_set(100)
    return c


def session_properties(expiry_s: int) -> Properties:
    props = Properties(PacketTypes.CONNECT)
    props.SessionExpiryInterval = expiry_s
    return props


def start_persistent(client: mqtt.Client, cfg) -> None:
    """Connect in the background with a persistent session (clean start off, ``session_expiry_s``) and loop."""
    client.connect_async(
        cfg.host, cfg.port, keepalive=cfg.keepalive_s, clean_start=False, properties=session_properties(cfg.session_expiry_s)
    )
    client.loop_start()


class IngestService:
    """One ingest worker. ``start()`` connects and runs; ``stop()`` drains, stores and disconnects."""

    def __init__(self, config: TelemetryConfig):
        self.config = config
        self.worker = config.ingest.worker
        self.counters = Counters()
        self._queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: mqtt.Client | None = None
        self._influx = None
        self._spool: Spool | None = None
        self._seen: OrderedDict = OrderedDict()
        self._influx_down_until = 0.0
        self._last_dead_ns = 0
        self.connected = threading.Event()
        self.answered = threading.Event()  # the broker accepted or refused the first connection
        self.subscribed = threading.Event()  # the broker confirmed the subscriptions (SUBACK)
        self.connect_error: str | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, wait_connected_s: float = 10.0) -> IngestService:
        """Connect to the broker (wait up to ``wait_connected_s`` for its answer), then start writing.

        A refused connection (credentials) is left in ``connect_error`` for the caller to report.
        """
        cfg = self.config
        self._spool = Spool(cfg.spool_path)
        self._influx = cfg.influxdb.client()
        c = mqtt_client(cfg.mqtt, cfg.mqtt.client_id, manual_ack=True)
        c.on_connect = self._on_connect
        c.on_message = self._on_message
        c.on_disconnect = self._on_disconnect
        c.on_subscribe = self._on_subscribe
        self._client = c
        start_persistent(c, cfg.mqtt)
        if not self.answered.wait(wait_connected_s):
            logger.warning("no answer from the broker at %s:%d yet; retrying", cfg.mqtt.host, cfg.mqtt.port)
        if self.connect_error:
            return self
        # until the broker confirms the subscription, a brand-new session would not receive readings
        if self.answered.is_set() and not self.subscribed.wait(wait_connected_s):
            logger.warning("the broker has not confirmed the subscriptions yet")
        try:
            self._influx.ensure_database()
        except (InfluxUnavailable, InfluxRejected) as exc:
            logger.warning("%s; spooling until it answers", exc)
        self._thread = threading.Thread(target=self._run_writer, name=f"{self.worker}-writer", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop taking messages, store and acknowledge what was taken, disconnect."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        if self._client is not None:
            self._client.disconnect()
            self._client.loop_stop()
        if self._influx is not None:
            self._influx.close()

    # -- MQTT callbacks (paho's network thread: keep them short) ------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties):
        first = not self.answered.is_set()
        self.answered.set()
        if reason_code.is_failure:
            self.connect_error = str(reason_code)
            if not first:  # the first refusal is reported by the caller of start()
                logger.error("broker refused the connection: %s", reason_code)
            return
        self.connect_error = None
        group = self.config.mqtt.share_group
        topics = [(f"$share/{group}/{t}" if group else t, 1) for t in READING_TOPICS]
        client.subscribe(topics)
        self.connected.set()
        logger.info("connected (session present: %s), subscribed to %d topics", flags.session_present, len(topics))

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        failed = [str(rc) for rc in reason_codes if rc.is_failure]
        if failed:
            logger.error("the broker refused subscriptions: %s", ", ".join(failed))
        else:
            self.subscribed.set()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        was_connected = self.connected.is_set()
        self.connected.clear()
        if was_connected and not self._stop.is_set():  # a refused first connection is reported by start()'s caller
            logger.warning("disconnected from the broker (%s); reconnecting", reason_code)

    def _on_message(self, client, userdata, msg):
        self._queue.put((msg.topic, msg.payload, msg.mid, msg.qos, bool(msg.dup), time.time()))

    # -- the writer thread ---------------------------------------------------------------------
    def _run_writer(self) -> None:
        cfg = self.config.ingest
        next_stats = time.monotonic() + cfg.stats_interval_s
        while True:
            batch = self._collect(cfg.batch_size, cfg.flush_interval_s)
            if batch:
                self._process(batch)
            elif len(self._spool):
                self._store([])  # idle: try to replay the spool
            if time.monotonic() >= next_stats:
                next_stats = time.monotonic() + cfg.stats_interval_s
                self._store([self._stats_line()], count=False)
            if self._stop.is_set() and self._queue.empty():
                self._store([self._stats_line()], count=False)
                return

    def _collect(self, size: int, interval_s: float) -> list:
        batch = []
        try:
            batch.append(self._queue.get(timeout=interval_s))
        except queue.Empty:
            return batch
        deadline = time.monotonic() + interval_s
        while len(batch) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                batch.append(self._queue.get(timeout=remaining))
            except queue.Empty:
                break
        return batch

    def _process(self, batch: list) -> None:
        lines: list[str] = []
        n_points = 0
        c = self.counters
        for topic, raw, _mid, _qos, dup, received_at in batch:
            c.received += 1
            try:
                reading = schema.parse(topic, raw, received_at)
            except schema.Rejected as rej:
                lines.append(schema.dead_letter_line(topic, raw, rej, self._dead_ns(received_at), self.worker))
                c.rejected += 1
                c.by_reason[rej.reason_code] = c.by_reason.get(rej.reason_code, 0) + 1
                continue
            pts = reading.points()
            key = pts[0].split(" ", 1)[0] + " " + pts[0].rsplit(" ", 1)[1]  # series + timestamp
            if key in self._seen:
                if dup:
                    c.redelivered += 1
                else:
                    rej = schema.Rejected("duplicate", "the same asset and device time was received before")
                    lines.append(schema.dead_letter_line(topic, raw, rej, self._dead_ns(received_at), self.worker))
                    c.duplicates += 1
                    c.rejected += 1
                    c.by_reason["duplicate"] = c.by_reason.get("duplicate", 0) + 1
                continue
            self._remember(key)
            lines.extend(pts)
            n_points += len(pts)
            c.lag_s = max(received_at - reading.ts_s, 0.0)
        self._store(lines, count=True, n_points=n_points)
        # durably stored: now the broker may forget these messages
        for _topic, _raw, mid, qos, _dup, _t in batch:
            if qos > 0:
                self._client.ack(mid, qos)

    def _remember(self, key: str) -> None:
        self._seen[key] = None
        if len(self._seen) > self.config.ingest.dedup_window:
            self._seen.popitem(last=False)

    def _dead_ns(self, received_at: float) -> int:
        # unique per worker: dead letters share tags, so equal timestamps would overwrite each other
        ns = max(int(received_at * 1e9), self._last_dead_ns + 1)
        self._last_dead_ns = ns
        return ns

    def _stats_line(self) -> str:
        return self.counters.line(self.worker, self._queue.qsize(), len(self._spool), time.time_ns())

    def _store(self, lines: list[str], count: bool = True, n_points: int = 0) -> None:
        """InfluxDB if it answers and the spool is empty (after replaying it), else the spool."""
        now = time.monotonic()
        if now >= self._influx_down_until:
            try:
                if len(self._spool):
                    self.counters.replayed += self._spool.replay(self._write_or_refuse)
                if lines:
                    self._write_or_refuse(lines)
                    if count:
                        self.counters.written += n_points
                return
            except (InfluxUnavailable, InfluxRejected) as exc:
                self._influx_down_until = now + self.config.ingest.retry_interval_s
                logger.warning("%s; spooling, next try in %g s", exc, self.config.ingest.retry_interval_s)
        if lines:
            self._spool.put(lines)
            if count:
                self.counters.spooled += n_points

    # -- health (telemetry/health.py writes and judges it) -------------------------------------
    def health(self) -> dict:
        """What the health file says about this worker now: counters, queue, spool, last write, thread."""
        c = self.counters
        return {
            "worker": self.worker,
            **{k: getattr(c, k) for k in ("received", "written", "rejected", "duplicates", "redelivered", "spooled")},
            **{k: getattr(c, k) for k in ("replayed", "refused", "lag_s")},
            "queue": self._queue.qsize(),
            "spool_batches": len(self._spool) if self._spool is not None else 0,
            "spool_points": self._spool_points(),
            "last_write_s": getattr(self._influx, "last_write_s", None),
            "writer_alive": self._thread is not None and self._thread.is_alive(),
            "connected": self.connected.is_set(),
            "failure": None if getattr(self, "failure", None) is None else str(self.failure),
        }

    def _spool_points(self) -> int | None:
        """Points waiting in the spool. A spooled batch file never changes, so each is counted once (a spool
        of hours is not read again every interval); the writer thread may replay one meanwhile."""
        if self._spool is None:
            return 0
        counts = self.__dict__.setdefault("_spool_line_counts", {})
        total, present = 0, set()
        for path in self._spool.directory.glob("*.lp"):
            n = counts.get(path.name)
            if n is None:
                try:
                    n = counts[path.name] = path.read_bytes().count(b"\n")
                except FileNotFoundError:  # replayed meanwhile
                    continue
            present.add(path.name)
            total += n
        for gone in set(counts) - present:
            del counts[gone]
        return total

    # -- end of health ---------------------------------------------------------------------------

    def _write_or_refuse(self, lines: list[str]) -> None:
        try:
            self._influx.write(lines)
        except InfluxRejected as exc:
            if exc.status != 400:
                raise
            refused = Spool(self.config.spool_path.parent / "refused")
            refused.put(lines)
            self.counters.refused += len(lines)
            logger.error("InfluxDB refused a batch of %d lines, kept in %s: %s", len(lines), refused.directory, exc)


__all__ = ["IngestService", "Counters", "mqtt_client", "session_properties", "start_persistent", "READING_TOPICS"]
