"""Alert rules over live telemetry, and the service that raises, clears and acknowledges alerts over MQTT.

Rules (thresholds from ``[alerts]`` of the telemetry config):

* ``fuel_autonomy``: a running generator's hours of fuel left, ``fuel_l / fuel_rate_l_per_h``, below
  ``fuel_autonomy_min_h``;
* ``pump_stopped``: a pump of ``[[alerts.pump_schedule]]`` not running in one of its scheduled hours
  (UTC hour of the device time);
* ``pressure_low``: a pump's discharge pressure or a network pressure sensor below ``pressure_min_m``;
* ``stale``: a site whose gateway sent its death message (last will), or that sent nothing for
  ``stale_after_s`` (ingest clock).

:func:`evaluate` is a pure function of the latest state; :class:`AlertService` subscribes to the
readings (its own, non-shared subscription, so it sees every site whichever ingest worker stores
them), evaluates every ``evaluate_interval_s``, and publishes each change retained to
``teplovoda/v1/<site>/alert/<rule>/<asset>`` (state ``active`` or ``cleared``). The ingest service
stores those messages as ``alert`` points. An operator acknowledges by publishing
``{"schema": 1, "by": "<name>"}`` to the alert topic + ``/ack``; the alert is republished with
``acknowledged: true`` and stays so until it clears.

No message stops the service: one that does not parse, or that fails in any other way, is counted
in ``rejected`` and skipped (the ingest service dead-letters it), and paho acknowledges it. A thread
that dies anyway (the evaluator, an MQTT callback) sets :attr:`AlertService.failure`.

Messages: each alert's ``message`` is English, written from one template of :data:`MESSAGES` (its
message key) and the alert's numbers. The payload keeps only that English text (old points, old
subscribers); :func:`describe` reads the key and the numbers back from it, so the Live page writes
the same message in the operator's language (``alert.<key>`` in the UI catalogue). A message that
matches no template (an older wording) is shown as stored.
"""

from __future__ import annotations

import logging
import re
import string
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from teplovoda.telemetry import schema
from teplovoda.telemetry.config import AlertConfig, TelemetryConfig
from teplovoda.telemetry.ingest import READING_TOPICS, guarded, message_topic, mqtt_client, start_persistent

logger = logging.getLogger(__name__)


#: The English message of each message key; ``asset`` is a name, every other field a number.
MESSAGES = {
    "fuel_autonomy": "{hours:.1f} h of fuel left ({fuel_l:,.0f} L at {rate_l_per_h:.0f} L/h), below {min_h:g} h",
    "pump_stopped": "pump {asset} stopped at {hour:02d}:00 UTC, scheduled to run",
    "pressure_low": "pressure {pressure_m:.1f} m below {min_m:g} m",
    "stale_offline": "site offline: its gateway's connection was lost (last will)",
    "stale_no_data": "no data for {age_s:,.0f} s (more than {after_s:g} s)",
}
_NAME = r"[A-Za-z0-9_.\-]{1,64}"
_NUMBER = r"-?[0-9][0-9,]*(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?|-?inf|nan"


def _pattern(template: str) -> re.Pattern:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>{_NAME if name == 'asset' else _NUMBER})")
    return re.compile("".join(parts))


_PATTERNS = {key: _pattern(template) for key, template in MESSAGES.items()}


def message(key: str, **values) -> str:
    """The English message of ``key`` (:data:`MESSAGES`) with its values."""
    return MESSAGES[key].format(**values)


def describe(rule: str, text: str) -> tuple[str, dict] | None:
    """The message key and values (numbers as floats, ``asset`` as text) a stored alert message was written
    from, or None when ``text`` matches none of ``rule``'s templates (an older wording)."""
    for key, pattern in _PATTERNS.items():
        if key != rule and not key.startswith(rule + "_"):
            continue
        m = pattern.fullmatch(text or "")
        if m is not None:
            values = m.groupdict()
            return key, {k: v if k == "asset" else float(v.replace(",", "")) for k, v in values.items()}
    return None


@dataclass(frozen=True)
class Alert:
    site: str
    rule: str
    asset: str
    message: str
    value: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.site, self.rule, self.asset)


@dataclass
class LiveState:
    """Latest values per asset and last-seen time per site, fed with parsed readings."""

    latest: dict = field(default_factory=dict)  # (site, kind, asset) -> (ts_s, values)
    last_seen_s: dict = field(default_factory=dict)  # site -> ingest clock of its last message
    online: dict = field(default_factory=dict)  # site -> bool from birth/death messages

    def observe(self, reading: schema.Reading, received_at_s: float) -> None:
        t = reading.topic
        if t.kind in ("alert", "ack", "device_status"):
            return
        if t.kind == "status":
            self.online[t.site] = reading.values["state"] == "online"
            if self.online[t.site]:
                self.last_seen_s[t.site] = received_at_s
            return
        self.last_seen_s[t.site] = received_at_s
        key = (t.site, t.kind, t.asset)
        old = self.latest.get(key)
        if old is None or reading.ts_s >= old[0]:
            merged = dict(old[1]) if old else {}
            merged.update(reading.values)
            self.latest[key] = (reading.ts_s, merged)


def evaluate(state: LiveState, cfg: AlertConfig, now_s: float) -> dict[tuple[str, str, str], Alert]:
    """Active alerts by (site, rule, asset) for the current state (see module doc)."""
    out: dict[tuple[str, str, str], Alert] = {}

    def add(a: Alert):
        out[a.key] = a

    schedule = {(s.site, s.asset): set(s.hours) for s in cfg.pump_schedule}
    for (site, kind, asset), (ts, v) in state.latest.items():
        if kind == "generator" and v.get("running") and v.get("fuel_rate_l_per_h", 0) > 0 and "fuel_l" in v:
            hours = v["fuel_l"] / v["fuel_rate_l_per_h"]
            if hours < cfg.fuel_autonomy_min_h:
                add(
                    Alert(
                        site,
                        "fuel_autonomy",
                        asset,
                        message(
                            "fuel_autonomy",
                            hours=hours,
                            fuel_l=v["fuel_l"],
                            rate_l_per_h=v["fuel_rate_l_per_h"],
                            min_h=cfg.fuel_autonomy_min_h,
                        ),
                        hours,
                    )
                )
        if kind == "pump" and (site, asset) in schedule and v.get("running") is False:
            hour = datetime.fromtimestamp(ts, UTC).hour
            if hour in schedule[(site, asset)]:
                add(Alert(site, "pump_stopped", asset, message("pump_stopped", asset=asset, hour=hour), 0.0))
        p = v.get("discharge_pressure_m") if kind == "pump" and v.get("running") else v.get("pressure_m")
        if kind in ("pump", "pressure") and p is not None and p < cfg.pressure_min_m:
            add(Alert(site, "pressure_low", asset, message("pressure_low", pressure_m=p, min_m=cfg.pressure_min_m), p))
    for site in set(state.last_seen_s) | set(state.online):
        if state.online.get(site) is False:
            add(Alert(site, "stale", "site", message("stale_offline"), None))
            continue
        age = now_s - state.last_seen_s.get(site, now_s)
        if age > cfg.stale_after_s:
            add(Alert(site, "stale", "site", message("stale_no_data", age_s=age, after_s=cfg.stale_after_s), age))
    return out


class AlertService:
    """Evaluates the rules on live MQTT data and publishes alert changes (see module doc)."""

    def __init__(self, config: TelemetryConfig):
        self.config = config
        self.state = LiveState()
        self.active: dict[tuple[str, str, str], Alert] = {}
        self.acknowledged: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.subscribed = threading.Event()
        self._client = None
        self._thread: threading.Thread | None = None
        self._failure: str | None = None
        self.rejected = 0

    @property
    def failure(self) -> str | None:
        """Why the service cannot go on (a thread died), or None while it is healthy."""
        if self._failure is None and self._thread is not None and not self._thread.is_alive() and not self._stop.is_set():
            self._failure = "the alert evaluator thread stopped"
        return self._failure

    def _fail(self, where: str, exc: BaseException) -> None:
        logger.critical("alerts: %s failed: %s: %s", where, type(exc).__name__, exc)
        logger.debug("traceback of the failure", exc_info=exc)  # --debug: one line otherwise
        if self._failure is None:
            self._failure = f"alerts: {where} failed ({type(exc).__name__}: {str(exc)[:200]})"

    def start(self) -> AlertService:
        cfg = self.config
        mqtt_cfg = cfg.mqtt.as_user(cfg.alerts.username, cfg.alerts.password_env)  # its own account (ACL: alerts)
        c = mqtt_client(mqtt_cfg, cfg.alerts.client_id)
        c.on_connect = self._on_connect
        c.on_message = self._on_message
        c.on_subscribe = self._on_subscribe
        start_persistent(c, mqtt_cfg)
        self._client = c
        self.subscribed.wait(10)  # a new session sees nothing published before its subscription
        self._thread = threading.Thread(target=self._run, name="alerts", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        if self._client is not None:
            self._client.disconnect()
            self._client.loop_stop()

    @guarded
    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        self.subscribed.set()

    @guarded
    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            logger.error("alerts: broker refused the connection: %s", reason_code)
            return
        readings, status, _alerts, acks = READING_TOPICS
        client.subscribe([(readings, 1), (status, 1), (acks, 1)])

    @guarded
    def _on_message(self, client, userdata, msg):
        topic = message_topic(msg)
        try:
            self._handle(topic, msg.payload, time.time())
        except schema.Rejected:
            self.rejected += 1  # the ingest service dead-letters it
        except Exception as exc:  # noqa: BLE001 - never a poison message: paho acknowledges it when this returns
            self.rejected += 1
            logger.error("alerts: internal error on a message from %r: %s; skipped", topic[:200], type(exc).__name__)
            logger.debug("traceback of the internal error", exc_info=exc)

    def _handle(self, topic: str, raw: bytes, now: float) -> None:
        reading = schema.parse(topic, raw, now)
        with self._lock:
            if reading.topic.kind == "ack":
                key = (reading.topic.site, reading.topic.rule, reading.topic.asset)
                if key in self.active and key not in self.acknowledged:
                    self.acknowledged[key] = reading.values["by"]
                    self._publish(self.active[key], "active", now)
                return
            self.state.observe(reading, now)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.config.alerts.evaluate_interval_s):
                self.evaluate_now()
        except BaseException as exc:  # noqa: BLE001 - recorded: the process exits and its supervisor restarts it
            self._fail("the evaluator thread", exc)

    def evaluate_now(self) -> None:
        now = time.time()
        with self._lock:
            current = evaluate(self.state, self.config.alerts, now)
            for key, alert in current.items():
                if key not in self.active:  # raised; later changes of its value are not re-sent
                    self._publish(alert, "active", now)
            for key in set(self.active) - set(current):
                self._publish(self.active[key], "cleared", now)
                self.acknowledged.pop(key, None)
            self.active = current

    def _publish(self, alert: Alert, state: str, now: float) -> None:
        if state == "active" and alert.key not in self.active:
            logger.warning("alert %s/%s/%s: %s", *alert.key, alert.message)
        body = schema.alert_payload(now, state, alert.message, alert.value, acknowledged=alert.key in self.acknowledged)
        self._client.publish(schema.alert_topic(*alert.key), body, qos=1, retain=True)


__all__ = ["MESSAGES", "Alert", "LiveState", "message", "describe", "evaluate", "AlertService"]
