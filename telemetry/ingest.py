"""MQTT -> InfluxDB ingest: every acknowledged reading stored exactly once, nothing lost.

Source, parser, sink (Telegraf's shape)::

    MQTT (QoS 1, persistent session, shared subscription)
      -> parse(topic, payload, received_at) -> line protocol  |  dead letter with the reason
      -> InfluxDB /write  |  disk spool while InfluxDB is away
      -> PUBACK to the broker

paho's network thread parses each message into the pending batch; the writer thread stores full
batches (``batch_size`` messages, or fewer after ``flush_interval_s``) and acknowledges them. One
thread per stage: the writer waits on InfluxDB and the disk, so it seldom takes the GIL from the
thread that receives (with the parse in the writer, paho's thread spent 30 % of its py-spy samples in
its socket reads, waiting to get the GIL back, against 7 % in a plain subscriber; 12 % now).

* **Acknowledge after storing.** The paho client runs with ``manual_ack``: a message is
  acknowledged only after the batch holding it was answered 204 by InfluxDB (whose WAL is fsynced
  per write) or fsynced to the spool; the batch's PUBACKs then go out together, in the order received
  (:mod:`teplovoda.telemetry.mqtt_acks`). A crash before that leaves the message unacknowledged in the broker's
  persistent session, which redelivers it on reconnect. The broker may send ``receive_maximum``
  messages unacknowledged (MQTT 5 Receive Maximum), so the next batch arrives while one is written.
* **Exactly once.** A reading is a point keyed by (kind, site, asset, device time); writing it twice
  (a redelivery) overwrites it with itself. A repeat the worker has seen before with the same content
  is only acknowledged, and counted: ``redelivered`` (the broker's DUP flag), ``retained_repeat`` (a
  retained alert or status the broker sends again on every subscription, after each broker restart)
  or ``resent`` (a gateway re-sending from its outbox what was not yet confirmed). The same asset and
  device time with other values is dead-lettered as ``duplicate``.
* **No poison message.** Whatever a message holds, and whatever goes wrong with one message (even a
  bug: reason ``internal``), it becomes a dead letter and is acknowledged: the broker never redelivers
  it. A thread of the service that dies anyway sets :attr:`IngestService.failure`; ``teplovoda
  telemetry ingest`` then exits non-zero for its supervisor to restart it.
* **Every topic under ``teplovoda/``** is subscribed (``teplovoda/#``): a payload on a topic of an
  unknown shape (six levels, a NUL, another version) is dead-lettered as ``topic``, not invisible.
* **End-to-end acknowledgement** (no loss when the broker crashes: Mosquitto acknowledges QoS 1
  messages it keeps in memory until its next autosave). Per site, ingest tracks the highest ``seq``
  up to which every reading of the site is durably stored (InfluxDB or the spool) without a gap, and
  publishes it, retained, to ``teplovoda/v1/<site>/stored`` (:func:`teplovoda.telemetry.schema.stored_payload`).
  The site's gateway keeps each reading in its disk outbox until that number covers it
  (:mod:`teplovoda.telemetry.gateway`). The number never jumps a gap: a reading the broker lost blocks it until
  the gateway re-sends that reading. It starts from the saved value (``stored-seq.json`` in the spool
  directory) or the retained ``stored`` message, whichever is higher. Only with a plain subscription:
  workers of a shared subscription each see part of a site's readings, so they publish nothing.
* **Spool and replay.** When InfluxDB is unreachable or failing (5xx), batches go to the disk spool
  (:class:`teplovoda.telemetry.spool.Spool`); every ``retry_interval_s`` the spool is replayed oldest first,
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

import functools
import json
import logging
import os
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from teplovoda.telemetry import schema
from teplovoda.telemetry.config import TelemetryConfig
from teplovoda.telemetry.influx import InfluxRejected, InfluxUnavailable
from teplovoda.telemetry.mqtt_acks import ack_batch, network_thread, raw_topic
from teplovoda.telemetry.spool import Spool

logger = logging.getLogger(__name__)

INGEST_TOPICS = (f"{schema.PREFIX.split('/')[0]}/#",)  # everything under teplovoda/: unknown shapes are dead-lettered
READING_TOPICS = (  # what the alert service follows
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
    resent: int = 0
    retained_repeat: int = 0
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
                "resent": self.resent,
                "retained_repeat": self.retained_repeat,
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


def guarded(method):
    """A paho callback that never raises into paho: a failure is recorded in ``self.failure`` instead.

    paho re-raises a callback's exception from its network loop (``suppress_exceptions`` is False), which
    ends the loop thread: the process would go on without receiving anything.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - recorded, the process exits for its supervisor
            self._fail(f"MQTT callback {method.__name__}", exc)

    return wrapper


def message_topic(msg) -> str:
    """``msg.topic``; a topic that is not UTF-8 (paho raises on reading it) with the bad bytes replaced."""
    try:
        return msg.topic
    except UnicodeDecodeError:
        return raw_topic(msg).decode("utf-8", errors="replace")


class _Watermark:
    """One site's highest ``seq`` up to which every reading is stored, and the stored ones above it."""

    MAX_ABOVE = 500_000  # seqs remembered above a gap; beyond that the gap just stays (nothing is confirmed wrongly)

    __slots__ = ("low", "above", "published")

    def __init__(self, low: int = 0):
        self.low = low
        self.above: set[int] = set()
        self.published = -1

    def add(self, seq: int) -> None:
        if seq == self.low + 1:
            self.low = seq
            self._compact()
        elif seq > self.low + 1 and len(self.above) < self.MAX_ABOVE:
            self.above.add(seq)

    def raise_to(self, seq: int) -> None:
        if seq > self.low:
            self.low = seq
            self.above = {s for s in self.above if s > seq}
            self._compact()

    def _compact(self) -> None:
        while self.above and self.low + 1 in self.above:
            self.above.discard(self.low + 1)
            self.low += 1


class _Batch:
    """Messages taken since the last write: their lines, packet ids to acknowledge and seqs to confirm."""

    __slots__ = ("messages", "lines", "n_points", "mids", "stored_seqs", "raised", "first_at")

    def __init__(self):
        self.messages = 0
        self.lines: list[str] = []
        self.n_points = 0  # reading points among the lines (the rest are dead letters)
        self.mids: list[int] = []  # QoS 1 packet ids, in the order received
        self.stored_seqs: list[tuple[str, int]] = []  # (site, seq) durably stored once this batch is
        self.raised: list[tuple[str, int]] = []  # (site, seq) of "stored" messages seen: where a watermark starts
        self.first_at = 0.0  # time.monotonic() of the first message


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


def session_properties(expiry_s: int, receive_maximum: int | None = None) -> Properties:
    """CONNECT properties of a persistent session kept ``expiry_s`` seconds.

    ``receive_maximum``: how many QoS 1 messages the broker may send this client unacknowledged (MQTT 5
    Receive Maximum). Mosquitto 2.0.11 takes the client's value over its ``max_inflight_messages``
    (measured: 5,000 unacknowledged messages received with the property at 5,000 and the config at 1,000;
    1,000 without the property).
    """
    props = Properties(PacketTypes.CONNECT)
    props.SessionExpiryInterval = expiry_s
    if receive_maximum is not None:
        props.ReceiveMaximum = receive_maximum
    return props


def start_persistent(client: mqtt.Client, cfg, receive_maximum: int | None = None) -> None:
    """Connect in the background with a persistent session (clean start off, ``session_expiry_s``) and loop."""
    props = session_properties(cfg.session_expiry_s, receive_maximum)
    client.connect_async(cfg.host, cfg.port, keepalive=cfg.keepalive_s, clean_start=False, properties=props)
    client.loop_start()


class IngestService:
    """One ingest worker. ``start()`` connects and runs; ``stop()`` drains, stores and disconnects."""

    def __init__(self, config: TelemetryConfig):
        self.config = config
        self.worker = config.ingest.worker
        self.counters = Counters()
        # the network thread parses into _pending and closes it into _full at batch_size; the writer stores
        # and acknowledges them in order. _ready guards both and wakes the writer.
        self._ready = threading.Condition(threading.Lock())
        self._pending = _Batch()
        self._full: deque[_Batch] = deque()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: mqtt.Client | None = None
        self._influx = None
        self._spool: Spool | None = None
        self._seen: OrderedDict = OrderedDict()  # series + time -> hash of the content stored
        self._retained: OrderedDict = OrderedDict()  # alert/status/ack topic -> hash of its last payload
        self._marks: dict[str, _Watermark] = {}
        self._marks_saved_at = 0.0
        self._publish_stored = not config.mqtt.share_group  # see the module doc
        self._failure: str | None = None
        self._influx_down_until = 0.0
        self._last_dead_ns = 0
        self.connected = threading.Event()
        self.answered = threading.Event()  # the broker accepted or refused the first connection
        self.subscribed = threading.Event()  # the broker confirmed the subscriptions (SUBACK)
        self.connect_error: str | None = None

    # -- health ------------------------------------------------------------------------------
    @property
    def failure(self) -> str | None:
        """Why the service cannot go on (a thread died), or None while it is healthy."""
        if self._failure is None and self._thread is not None and not self._thread.is_alive() and not self._stop.is_set():
            self._failure = "the writer thread stopped"
        net = network_thread(self._client)  # paho's loop_start thread; None after loop_stop
        if self._failure is None and net is not None and not net.is_alive() and not self._stop.is_set():
            self._failure = "the MQTT network thread stopped"
        return self._failure

    def _fail(self, where: str, exc: BaseException) -> None:
        logger.critical("%s failed: %s: %s", where, type(exc).__name__, exc)
        logger.debug("traceback of the failure", exc_info=exc)  # --debug: one line otherwise
        if self._failure is None:
            self._failure = f"{where} failed ({type(exc).__name__}: {str(exc)[:200]})"

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, wait_connected_s: float = 10.0) -> IngestService:
        """Connect to the broker (wait up to ``wait_connected_s`` for its answer), then start writing.

        A refused connection (credentials) is left in ``connect_error`` for the caller to report.
        """
        cfg = self.config
        self._spool = Spool(cfg.spool_path)
        self._load_marks()
        self._influx = cfg.influxdb.client()
        c = mqtt_client(cfg.mqtt, cfg.mqtt.client_id, manual_ack=True)
        c.on_connect = self._on_connect
        c.on_message = self._on_message
        c.on_disconnect = self._on_disconnect
        c.on_subscribe = self._on_subscribe
        self._client = c
        start_persistent(c, cfg.mqtt, receive_maximum=cfg.ingest.receive_maximum)
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
        """Stop taking messages, store and acknowledge what was taken, disconnect.

        A message arriving after this is not taken, so not acknowledged: the broker sends it again to the
        next connection of the session.
        """
        with self._ready:
            self._stop.set()
            self._ready.notify()
        if self._thread is not None:
            self._thread.join(timeout_s)
        if self._client is not None:
            self._client.disconnect()
            self._client.loop_stop()
        if self._influx is not None:
            self._influx.close()
        if self._publish_stored and self._spool is not None:
            try:
                self._save_marks(force=True)
            except OSError as exc:  # stopping after a disk failure: the retained stored messages still tell
                logger.error("could not save %s: %s", self._marks_path, exc)

    # -- MQTT callbacks (paho's network thread: keep them short) ------------------------------
    @guarded
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
        topics = [(f"$share/{group}/{t}" if group else t, 1) for t in INGEST_TOPICS]
        client.subscribe(topics)
        self.connected.set()
        logger.info("connected (session present: %s), subscribed to %d topics", flags.session_present, len(topics))

    @guarded
    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        failed = [str(rc) for rc in reason_codes if rc.is_failure]
        if failed:
            logger.error("the broker refused subscriptions: %s", ", ".join(failed))
        else:
            self.subscribed.set()

    @guarded
    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        was_connected = self.connected.is_set()
        self.connected.clear()
        if was_connected and not self._stop.is_set():  # a refused first connection is reported by start()'s caller
            logger.warning("disconnected from the broker (%s); reconnecting", reason_code)

    @guarded
    def _on_message(self, client, userdata, msg):
        """Parse the message into the pending batch (in paho's thread: one thread parses, the writer only
        stores, so the two do not take the GIL from each other for every message)."""
        topic, raw, received_at = message_topic(msg), msg.payload, time.time()
        with self._ready:
            if self._stop.is_set():
                return  # not taken: see stop()
            b = self._pending
            self._take(b, topic, raw, bool(msg.dup), received_at, bool(msg.retain))
            if msg.qos > 0:
                b.mids.append(msg.mid)
            b.messages += 1
            if b.messages == 1:
                b.first_at = time.monotonic()
                self._ready.notify()  # the writer's flush deadline starts now
            elif b.messages >= self.config.ingest.batch_size:
                self._full.append(b)
                self._pending = _Batch()
                self._ready.notify()

    def _take(self, b: _Batch, topic: str, raw: bytes, dup: bool, received_at: float, retain: bool) -> None:
        """One message into the batch: its point, or a dead letter with the reason (never an exception)."""
        if not topic.endswith("/stored"):  # ingest's own confirmations (see _one) are not received readings
            self.counters.received += 1
        try:
            b.n_points += self._one(b, topic, raw, dup, received_at, retain)
        except schema.Rejected as rej:
            self._dead_letter(b.lines, topic, raw, rej, received_at)
        except Exception as exc:  # noqa: BLE001 - a bug must not make a poison message: dead-letter it
            logger.error("internal error on a message from %r: %s; dead-lettered", topic[:200], type(exc).__name__)
            logger.debug("traceback of the internal error", exc_info=exc)
            rej = schema.Rejected("internal", f"internal error while processing: {type(exc).__name__}")
            self._dead_letter(b.lines, topic, raw, rej, received_at)

    # -- the writer thread ---------------------------------------------------------------------
    def _run_writer(self) -> None:
        try:
            self._write_loop()
        except BaseException as exc:  # noqa: BLE001 - recorded: the process exits and its supervisor restarts it
            self._fail("the writer thread", exc)

    def _write_loop(self) -> None:
        cfg = self.config.ingest
        next_stats = time.monotonic() + cfg.stats_interval_s
        while True:
            batch = self._collect(cfg.flush_interval_s)
            if batch is not None:
                self._process(batch)
            elif len(self._spool):
                self._store([])  # idle: try to replay the spool
            if time.monotonic() >= next_stats:
                next_stats = time.monotonic() + cfg.stats_interval_s
                self._store([self._stats_line()], count=False)
            if self._stop.is_set():
                with self._ready:  # stop() is set: nothing is taken any more
                    done = not self._full and not self._pending.messages
                if done:
                    self._store([self._stats_line()], count=False)
                    return

    def _collect(self, interval_s: float) -> _Batch | None:
        """The oldest full batch, else the pending one once its first message waited ``interval_s``
        (at once when stopping); None after ``interval_s`` without a message."""
        idle_until = time.monotonic() + interval_s
        with self._ready:
            while True:
                if self._full:
                    return self._full.popleft()
                b, now = self._pending, time.monotonic()
                if b.messages:
                    due = b.first_at + interval_s
                    if now >= due or self._stop.is_set():
                        self._pending = _Batch()
                        return b
                    self._ready.wait(due - now)
                elif now >= idle_until or self._stop.is_set():
                    return None
                else:
                    self._ready.wait(idle_until - now)

    def _process(self, b: _Batch) -> None:
        """Store the batch, then acknowledge its messages and confirm its seqs (the order is the guarantee)."""
        self._store(b.lines, count=True, n_points=b.n_points)
        # durably stored: now the broker may forget these messages
        ack_batch(self._client, b.mids)
        if self._publish_stored:
            for site, seq in b.raised:
                self._mark(site).raise_to(seq)
            self._confirm(b.stored_seqs)

    def _one(self, b: _Batch, topic: str, raw: bytes, dup: bool, received_at: float, retain: bool) -> int:
        """Parse one message and add its points to the batch; the number of points added."""
        c = self.counters
        if retain and self._retained.get(topic) == hash(raw):
            c.retained_repeat += 1  # the broker repeats a retained message on every (re)subscription
            return 0
        t = schema.parse_topic(topic)
        if t.kind == "stored":  # ingest's own confirmation, seen through teplovoda/#: where to start after a restart
            if self._publish_stored:
                b.raised.append((t.site, schema.parse_stored(raw)))
            return 0
        reading = schema.parse(topic, raw, received_at)
        if t.kind in ("status", "device_status", "alert", "ack"):
            self._retained[topic] = hash(raw)
            if len(self._retained) > self.config.ingest.dedup_window:
                self._retained.popitem(last=False)
        key = (topic, reading.ts_ns)  # the topic names the series (kind, site, asset or rule)
        # the content without seq: a reading the gateway re-sent under a new seq is the same reading
        content = hash(frozenset(reading.values.items()))
        seen = self._seen.get(key)
        if seen is not None:
            if seen != content:
                raise schema.Rejected("duplicate", "the same asset and device time was received before with other values")
            if dup:
                c.redelivered += 1
            elif retain:
                c.retained_repeat += 1
            else:
                c.resent += 1
            if reading.seq is not None:
                b.stored_seqs.append((t.site, reading.seq))
            return 0
        pts = reading.points()
        self._remember(key, content)
        b.lines.extend(pts)
        c.lag_s = max(received_at - reading.ts_s, 0.0)
        if reading.seq is not None:
            b.stored_seqs.append((t.site, reading.seq))
        return len(pts)

    def _dead_letter(self, lines: list, topic: str, raw: bytes, rej: schema.Rejected, received_at: float) -> None:
        c = self.counters
        lines.append(schema.dead_letter_line(topic, raw, rej, self._dead_ns(received_at), self.worker))
        c.rejected += 1
        c.by_reason[rej.reason_code] = c.by_reason.get(rej.reason_code, 0) + 1
        if rej.reason_code == "duplicate":
            c.duplicates += 1

    def _remember(self, key: tuple[str, int], content: int) -> None:
        self._seen[key] = content
        if len(self._seen) > self.config.ingest.dedup_window:
            self._seen.popitem(last=False)

    # -- end-to-end acknowledgement (see the module doc) ----------------------------------------
    def _mark(self, site: str) -> _Watermark:
        m = self._marks.get(site)
        if m is None:
            m = self._marks[site] = _Watermark()
        return m

    def _confirm(self, stored_seqs: list[tuple[str, int]]) -> None:
        """Advance the sites' watermarks by what this batch stored and publish those that moved."""
        for site, seq in stored_seqs:
            self._mark(site).add(seq)
        now = time.time()
        for site, m in self._marks.items():
            if m.low > m.published and m.low > 0:
                self._client.publish(schema.stored_topic(site), schema.stored_payload(m.low, now), qos=1, retain=True)
                m.published = m.low
        self._save_marks()

    @property
    def _marks_path(self) -> Path:
        return self.config.spool_path / "stored-seq.json"

    def _load_marks(self) -> None:
        if not self._publish_stored:
            return
        try:
            saved = json.loads(self._marks_path.read_text())
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:  # a damaged file: the retained stored messages still tell
            logger.warning("ignoring %s: %s", self._marks_path, exc)
            return
        for site, low in saved.items() if isinstance(saved, dict) else ():
            if isinstance(low, int) and not isinstance(low, bool) and low >= 0:
                self._mark(str(site)).raise_to(low)

    def _save_marks(self, force: bool = False) -> None:
        """At most once a second: it is a lower bound after a restart, the retained messages may be ahead."""
        now = time.monotonic()
        if not self._marks or (not force and now - self._marks_saved_at < 1.0):
            return
        self._marks_saved_at = now
        path = self._marks_path
        tmp = path.with_name(path.name + ".part")
        with open(tmp, "w") as f:
            json.dump({site: m.low for site, m in self._marks.items()}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    def _dead_ns(self, received_at: float) -> int:
        # unique per worker: dead letters share tags, so equal timestamps would overwrite each other
        ns = max(int(received_at * 1e9), self._last_dead_ns + 1)
        self._last_dead_ns = ns
        return ns

    def _stats_line(self) -> str:
        return self.counters.line(self.worker, self._taken(), len(self._spool), time.time_ns())

    def _taken(self) -> int:
        """Messages taken and not yet handed to the writer (the health file's ``queue``)."""
        with self._ready:
            return self._pending.messages + sum(b.messages for b in self._full)

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
            "queue": self._taken(),
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


__all__ = [
    "IngestService",
    "Counters",
    "mqtt_client",
    "session_properties",
    "start_persistent",
    "READING_TOPICS",
    "INGEST_TOPICS",
    "guarded",
    "message_topic",
]
