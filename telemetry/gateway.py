"""A site gateway that loses nothing: every reading waits in a disk outbox until ingest confirms it stored it.

Mosquitto acknowledges a QoS 1 message (PUBACK) as soon as it holds it in memory; it writes its
state to disk only every ``autosave_interval`` and on a clean shutdown. A broker killed in between
loses what it acknowledged since its last save, and a gateway that deletes a reading at PUBACK has
lost it for good. So the acknowledgement that counts is end to end:

1. :meth:`Gateway.publish` first commits the reading to the :class:`Outbox` (its own ``seq``, one
   counter per site across all assets, never reused), then sends it at QoS 1 if connected.
2. Ingest stores readings in InfluxDB (or its fsynced spool) and publishes, retained, to
   ``teplovoda/v1/<site>/stored`` the highest ``seq`` up to which every reading of the site is stored
   without a gap (:mod:`teplovoda.telemetry.ingest`).
3. The gateway subscribes to that topic and deletes from the outbox what the number covers.
4. Whatever is not confirmed is sent again, oldest first (up to :data:`RESEND_WINDOW` at a time),
   after every (re)connection, after the gateway's own restart, and when confirmations stall for
   ``resend_after_s`` (doubling up to ``resend_max_s`` while they stay stalled: ingest may simply
   be down). Ingest acknowledges an identical repeat silently (counted as ``resent``).

The outbox is SQLite (standard library) in WAL mode with ``synchronous=FULL``: a committed reading
survives the gateway's crash or a power cut, one transaction holds a step's readings (one fsync),
and deleting a confirmed range is one indexed statement. An append-only file would need its own
compaction and torn-write recovery for the same.

The outbox is bounded (``max_readings``, default 1,000,000: about 100 MB, 40 hours of a station's
7 readings a second). When it is full, :meth:`Gateway.publish` refuses new readings with
:class:`OutboxFull` and logs an error, rather than dropping the oldest: either is a loss, and this
one is visible where it happens while the readings already kept stay intact.

A gateway in front of devices (the Modbus gateway, telemetry/modbus.py) also says whether each device
answers (:meth:`Gateway.device_status`): a retained status per device, sent again after every
(re)connection so that a broker restart that lost it gets it back. Only the latest state is kept, not
the changes made while the broker was away (their readings are in the outbox: a device that did not
answer has none).

A gateway whose outbox was lost (a replaced device) starts its ``seq`` at 1 again while ingest's
confirmation for the site is higher: the gateway then moves its unconfirmed readings and its
counter above the confirmed number before it deletes anything (:meth:`Outbox.move_above`).
"""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
import threading
import time
from pathlib import Path

from teplovoda.models.errors import TeplovodaError
from teplovoda.telemetry import schema

logger = logging.getLogger(__name__)

MAX_READINGS = 1_000_000
RESEND_WINDOW = 20_000  # readings sent again at once, oldest first: paho keeps each in memory until its PUBACK


class OutboxFull(TeplovodaError):
    """The outbox holds ``max_readings`` unconfirmed readings: new ones are refused (see module doc)."""


class Outbox:
    """Readings not yet confirmed stored, on disk (see module doc). Thread-safe.

    Parameters
    ----------
    path : str or Path
        The SQLite file (created with its directory).
    max_readings : int
        Refuse new readings beyond this many unconfirmed ones.
    """

    def __init__(self, path: str | Path, max_readings: int = MAX_READINGS):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.max_readings = max_readings
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # WAL + NORMAL may lose the last commits on power loss
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, kind TEXT, asset TEXT, ts_s REAL, values_json TEXT)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER)")
        self.last_seq = self._meta("last_seq")
        self.confirmed = self._meta("confirmed")
        self._count = self._db.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def _meta(self, key: str) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def __len__(self) -> int:
        return self._count

    def add(self, readings: list[tuple[str, str, dict, float]]) -> list[int]:
        """Commit readings (kind, asset, values, ts_s) in one transaction; their new seqs.

        Raises
        ------
        OutboxFull
            If they do not fit; none of them is kept then.
        """
        with self._lock:
            if self._count + len(readings) > self.max_readings:
                raise OutboxFull(
                    f"gateway outbox {self.path} holds {self._count:,} unconfirmed readings (limit {self.max_readings:,}): "
                    f"refusing {len(readings)} new ones; is ingest running and publishing stored confirmations?"
                )
            first = self.last_seq + 1
            rows = [(first + i, k, a, round(ts, 3), json.dumps(v)) for i, (k, a, v, ts) in enumerate(readings)]
            with self._db:  # one transaction, one fsync
                self._db.execute("BEGIN")
                self._db.executemany("INSERT INTO outbox VALUES (?, ?, ?, ?, ?)", rows)
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('last_seq', ?)", (first + len(rows) - 1,))
            self.last_seq = first + len(rows) - 1
            self._count += len(rows)
            return [r[0] for r in rows]

    def pending(self, limit: int = -1) -> list[tuple[int, str, str, float, dict]]:
        """Unconfirmed readings, oldest first: (seq, kind, asset, ts_s, values)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM outbox ORDER BY seq LIMIT ?", (limit,)).fetchall()
        return [(seq, k, a, ts, json.loads(v)) for seq, k, a, ts, v in rows]

    def confirm(self, seq: int) -> int:
        """Ingest stored everything up to ``seq``: delete it. Returns how many readings that removed."""
        with self._lock:
            if seq <= self.confirmed:
                return 0  # an older confirmation (e.g. a retained one the broker restored from its last save)
            with self._db:
                self._db.execute("BEGIN")
                n = self._db.execute("DELETE FROM outbox WHERE seq <= ?", (seq,)).rowcount
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('confirmed', ?)", (seq,))
            self.confirmed = seq
            self._count -= n
            return n

    def move_above(self, seq: int) -> None:
        """Renumber the unconfirmed readings and the counter to start after ``seq`` (see module doc)."""
        with self._lock:
            if seq <= self.last_seq:
                return
            delta = seq - self.confirmed
            with self._db:
                self._db.execute("BEGIN")
                # through negative numbers: a primary key cannot pass over itself in one UPDATE
                self._db.execute("UPDATE outbox SET seq = -(seq + ?)", (delta,))
                self._db.execute("UPDATE outbox SET seq = -seq")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('last_seq', ?)", (self.last_seq + delta,))
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('confirmed', ?)", (seq,))
            self.last_seq += delta
            self.confirmed = seq

    def close(self) -> None:
        with self._lock:
            self._db.close()


class Gateway:
    """A site's MQTT link with a disk outbox: birth and last will, QoS 1, end-to-end confirmation.

    Parameters
    ----------
    mqtt_cfg : teplovoda.telemetry.config.MqttConfig
        Broker address and this site's credentials (``username``/``password``).
    site : str
        The site name in the topics.
    outbox_path : str or Path
        The outbox file (kept across restarts: what it holds is sent again).
    client_id : str, optional
        Default ``teplovoda-gw-<site>``.
    max_readings : int
        Outbox limit (see module doc).
    resend_after_s, resend_max_s : float
        Send the unconfirmed readings again when no confirmation came for this long (doubling up to
        ``resend_max_s`` while confirmations stay away).
    """

    def __init__(
        self,
        mqtt_cfg,
        site: str,
        outbox_path: str | Path,
        client_id: str | None = None,
        *,
        max_readings: int = MAX_READINGS,
        resend_after_s: float = 30.0,
        resend_max_s: float = 600.0,
    ):
        from teplovoda.telemetry.ingest import mqtt_client

        self.site = site
        self.cfg = mqtt_cfg
        self.outbox = Outbox(outbox_path, max_readings)
        self.client = mqtt_client(mqtt_cfg, client_id or f"teplovoda-gw-{site}", will=self._will())
        self.client.max_queued_messages_set(0)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_publish = self._on_publish
        self.client.on_message = self._on_message
        self.connected = threading.Event()
        self.acked = 0  # PUBACKs from the broker (not a confirmation of storage)
        self.published = 0  # readings handed to publish()
        self.sent = 0  # PUBLISH packets of readings, re-sends included
        self.refused = 0  # readings refused because the outbox was full
        self._acked_lock = threading.Lock()
        self._lock = threading.RLock()  # orders outbox additions against the re-send on (re)connection
        self._online = False
        self._resend_after_s = resend_after_s
        self._resend_max_s = resend_max_s
        self._resend_delay_s = resend_after_s
        self._last_progress = time.monotonic()
        self._stop = threading.Event()
        self._timer: threading.Thread | None = None
        self._devices: dict[str, bytes] = {}  # device status topic -> its latest payload

    def _will(self):
        return (schema.status_topic(self.site), schema.status_payload("offline"))

    @property
    def pending(self) -> int:
        """Readings not yet confirmed stored by ingest."""
        return len(self.outbox)

    # -- MQTT callbacks ----------------------------------------------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            logger.error("gateway %s: broker refused the connection: %s", self.site, reason_code)
            return
        client.subscribe(schema.stored_topic(self.site), qos=1)
        client.publish(schema.status_topic(self.site), schema.status_payload("online", time.time()), qos=1, retain=True)
        with self._lock:
            self._online = True
            for topic, body in self._devices.items():
                client.publish(topic, body, qos=1, retain=True)
            n = self._send_pending()
        if n:
            logger.info("gateway %s: connected, sending %d unconfirmed readings again", self.site, n)
        self.connected.set()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        with self._lock:
            self._online = False
        self.connected.clear()

    def _on_publish(self, client, userdata, mid, reason_code, properties):
        # not self._lock: paho calls this holding its outgoing-message mutex, which publish_many waits
        # for while holding self._lock (a deadlock seen under load)
        with self._acked_lock:
            self.acked += 1

    def _on_message(self, client, userdata, msg):
        try:
            self.confirm(schema.parse_stored(msg.payload))
        except schema.Rejected as exc:
            logger.warning("gateway %s: ignoring a malformed stored confirmation: %s", self.site, exc)
        except Exception as exc:  # noqa: BLE001 - paho's loop must go on (e.g. a full disk): the readings stay, re-sent later
            logger.error("gateway %s: could not apply a stored confirmation: %s: %s", self.site, type(exc).__name__, exc)

    # -- the outbox ----------------------------------------------------------------------------
    def confirm(self, seq: int) -> None:
        """Ingest stored every reading up to ``seq``: forget them."""
        if seq > self.outbox.last_seq:
            logger.error(
                "gateway %s: ingest confirms seq %d but this outbox issued only up to %d (a new outbox for an old site?): "
                "renumbering the %d unconfirmed readings above it",
                self.site,
                seq,
                self.outbox.last_seq,
                len(self.outbox),
            )
            with self._lock:
                self.outbox.move_above(seq)
                if self._online:
                    self._send_pending()
            return
        if self.outbox.confirm(seq):
            self._last_progress = time.monotonic()
            self._resend_delay_s = self._resend_after_s

    def _send(self, seq: int, kind: str, asset: str, ts_s: float, values: dict) -> None:
        self.client.publish(schema.topic_for(self.site, kind, asset), schema.payload(ts_s, values, seq), qos=1)
        self.sent += 1

    def _send_pending(self) -> int:
        """Send the oldest unconfirmed readings again (at most RESEND_WINDOW: the rest follow when
        confirmations stall, by then from the new oldest)."""
        rows = self.outbox.pending(RESEND_WINDOW)
        for row in rows:
            self._send(*row)
        return len(rows)

    def publish_many(self, readings: list[tuple[str, str, dict, float]]) -> list[int]:
        """Keep readings (kind, asset, values, ts_s) in the outbox, then send them if connected; their seqs.

        Raises
        ------
        OutboxFull
            The outbox is full: the readings are not kept (logged as an error).
        """
        try:
            with self._lock:
                seqs = self.outbox.add(readings)
                if self._online:
                    for seq, (kind, asset, values, ts_s) in zip(seqs, readings, strict=True):
                        self._send(seq, kind, asset, round(ts_s, 3), values)
        except OutboxFull as exc:
            self.refused += len(readings)
            logger.error("%s", exc)
            raise
        self.published += len(readings)
        return seqs

    def publish(self, kind: str, asset: str, values: dict, ts_s: float) -> int:
        """One reading (see :meth:`publish_many`); its seq."""
        return self.publish_many([(kind, asset, values, ts_s)])[0]

    def device_status(self, kind: str, asset: str, state: str, ts_s: float) -> None:
        """Say that a device (``kind``/``asset``) answers (``"online"``) or not (``"offline"``): retained,
        and sent again after every (re)connection."""
        topic, body = schema.device_status_topic(self.site, kind, asset), schema.status_payload(state, ts_s)
        with self._lock:
            self._devices[topic] = body
            if self._online:
                self.client.publish(topic, body, qos=1, retain=True)

    def _resend_loop(self) -> None:
        while not self._stop.wait(min(1.0, self._resend_after_s)):
            stalled = time.monotonic() - self._last_progress
            if len(self.outbox) and stalled >= self._resend_delay_s:
                with self._lock:
                    n = self._send_pending() if self._online else 0
                if n:
                    logger.warning(
                        "gateway %s: no confirmation for %.0f s, sending %d unconfirmed readings again", self.site, stalled, n
                    )
                self._last_progress = time.monotonic()
                self._resend_delay_s = min(self._resend_delay_s * 2, self._resend_max_s)

    # -- connection ------------------------------------------------------------------------------
    def connect(self) -> Gateway:
        """Connect in the background (reconnecting by itself) and start the re-send timer."""
        from teplovoda.telemetry.ingest import session_properties

        self.client.connect_async(
            self.cfg.host, self.cfg.port, keepalive=5, clean_start=False, properties=session_properties(3600)
        )
        self.client.loop_start()
        if self._timer is None:
            self._timer = threading.Thread(target=self._resend_loop, name=f"gateway-{self.site}-resend", daemon=True)
            self._timer.start()
        return self

    def drop_connection(self) -> None:
        """Lose the link abruptly (no DISCONNECT): the broker will publish the last will."""
        self.client.loop_stop()
        with self._lock:
            self._online = False
        sock = self.client.socket()
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # a FIN now, whoever else holds the descriptor
            except OSError:
                pass
            sock.close()
        self.connected.clear()

    def reconnect(self) -> None:
        self.client.reconnect()
        self.client.loop_start()

    def close(self) -> None:
        """Say offline, disconnect; the outbox stays on disk with what is still unconfirmed."""
        self._stop.set()
        if self._timer is not None:
            self._timer.join(5)
        self.client.publish(schema.status_topic(self.site), schema.status_payload("offline", time.time()), qos=1, retain=True)
        self.client.disconnect()
        self.client.loop_stop()
        self.outbox.close()


__all__ = ["Gateway", "Outbox", "OutboxFull", "MAX_READINGS", "RESEND_WINDOW"]
