"""The telemetry services' configuration: one TOML file, validated at start, secrets from the environment.

``telemetry/ingest.sample.toml`` is the commented sample. Passwords and tokens never sit in the
file: it names the environment variables that hold them (``password_env``, ``token_env``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import array_of_tables, build, load_toml


@dataclass(frozen=True)
class MqttConfig:
    host: str = "127.0.0.1"
    port: int = 18830
    username: str | None = None
    password_env: str = "TEPLOVODA_MQTT_PASSWORD"
    client_id: str = "teplovoda-ingest-1"
    # "" = a plain subscription (one worker): the default, because Mosquitto 2.0.11 loses messages queued
    # for shared-subscription sessions over a broker restart; set a group to split load between workers
    share_group: str = ""
    session_expiry_s: int = 7 * 86400
    keepalive_s: int = 30
    # the operators' account the Live page acknowledges alerts with (None: ``username``)
    ack_username: str | None = None
    ack_password_env: str = "TEPLOVODA_MQTT_OPERATOR_PASSWORD"

    def __post_init__(self):
        if not 0 < self.port < 65536:
            raise InputError(Msg("tel.port", "port must be 1-65535, got {port}", port=self.port))
        if not self.client_id:
            raise InputError(Msg("tel.client_id", "client_id must not be empty (a persistent session is found by it)"))

    @property
    def password(self) -> str | None:
        return os.environ.get(self.password_env) if self.username else None

    def as_user(self, username: str | None, password_env: str) -> MqttConfig:
        """The same broker with another account (``username`` None: this one)."""
        return self if username is None else replace(self, username=username, password_env=password_env)

    @property
    def acknowledging(self) -> MqttConfig:
        """The account that acknowledges alerts."""
        return self.as_user(self.ack_username, self.ack_password_env)


@dataclass(frozen=True)
class InfluxConfig:
    url: str = "http://127.0.0.1:18086"
    database: str = "teplovoda"
    retention_policy: str | None = None
    username: str | None = None
    password_env: str = "TEPLOVODA_INFLUX_PASSWORD"
    token_env: str | None = None
    timeout_s: float = 5.0

    def __post_init__(self):
        if not self.url.startswith(("http://", "https://")):
            raise InputError(Msg("tel.url", "url must start with http:// or https://, got {url}", url=repr(self.url)))

    def client(self):
        from teplovoda.telemetry.influx import InfluxV1

        token = os.environ.get(self.token_env) if self.token_env else None
        password = os.environ.get(self.password_env) if self.username else None
        return InfluxV1(
            self.url,
            self.database,
            self.retention_policy,
            username=self.username,
            password=password,
            token=token,
            timeout_s=self.timeout_s,
        )


@dataclass(frozen=True)
class IngestConfig:
    worker: str = "ingest-1"
    batch_size: int = 5000
    flush_interval_s: float = 0.2
    # QoS 1 messages the broker may send ingest unacknowledged (MQTT 5 Receive Maximum, over Mosquitto's
    # max_inflight_messages): several batches, so that the next batch arrives while one is being written
    receive_maximum: int = 20000
    spool_dir: str = "var/spool"
    stats_interval_s: float = 10.0
    retry_interval_s: float = 2.0
    dedup_window: int = 200_000
    # the health file (telemetry/health.py), written every stats_interval_s; "" = <worker>.health.json beside the spool
    health_file: str = ""
    # no successful write to InfluxDB for this long makes the worker unhealthy
    unhealthy_after_s: float = 60.0

    def __post_init__(self):
        if self.batch_size < 1 or self.flush_interval_s <= 0 or self.retry_interval_s <= 0:
            raise InputError(Msg("tel.batch", "batch_size must be >= 1, flush_interval_s and retry_interval_s > 0"))
        if not self.batch_size <= self.receive_maximum <= 65535:
            raise InputError(
                Msg(
                    "tel.receive_maximum",
                    "receive_maximum must be batch_size ({batch_size}) to 65535, got {receive_maximum}: "
                    "with fewer unacknowledged messages allowed than a batch holds, no batch ever fills",
                    batch_size=self.batch_size,
                    receive_maximum=self.receive_maximum,
                )
            )
        if not self.stats_interval_s > 0 or not self.unhealthy_after_s > 0:
            raise InputError(Msg("tel.intervals", "stats_interval_s and unhealthy_after_s must be > 0"))


@dataclass(frozen=True)
class PumpSchedule:
    """Hours (0-23, device local time = UTC here) a pump should run; stopped then raises an alert."""

    site: str
    asset: str
    hours: tuple[int, ...] = tuple(range(24))

    def __post_init__(self):
        if any(not 0 <= h <= 23 for h in self.hours):
            raise InputError(Msg("tel.hours", "hours must be 0-23"))


@dataclass(frozen=True)
class AlertConfig:
    enabled: bool = True
    client_id: str = "teplovoda-alerts-1"
    fuel_autonomy_min_h: float = 12.0
    pressure_min_m: float = 15.0
    stale_after_s: float = 120.0
    evaluate_interval_s: float = 1.0
    pump_schedule: tuple[PumpSchedule, ...] = ()
    # the alert service's own MQTT account (None: [mqtt] username)
    username: str | None = None
    password_env: str = "TEPLOVODA_MQTT_ALERTS_PASSWORD"

    def __post_init__(self):
        if self.fuel_autonomy_min_h <= 0 or self.stale_after_s <= 0:
            raise InputError(Msg("tel.alert_limits", "fuel_autonomy_min_h and stale_after_s must be > 0"))


@dataclass(frozen=True)
class TelemetryConfig:
    path: Path | None
    mqtt: MqttConfig = field(default_factory=MqttConfig)
    influxdb: InfluxConfig = field(default_factory=InfluxConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    alerts: AlertConfig = field(default_factory=AlertConfig)

    @property
    def spool_path(self) -> Path:
        p = Path(self.ingest.spool_dir)
        return p if p.is_absolute() or self.path is None else self.path.parent / p

    @property
    def health_path(self) -> Path:
        """The ingest worker's health file (relative to this file, like the spool)."""
        if not self.ingest.health_file:
            return self.spool_path.parent / f"{self.ingest.worker}.health.json"
        p = Path(self.ingest.health_file)
        return p if p.is_absolute() or self.path is None else self.path.parent / p


SECTIONS = {"mqtt", "influxdb", "ingest", "alerts"}
SECRETS_FILE = "secrets.env"


def read_secrets_file(path: str | Path) -> dict[str, str]:
    """``KEY=value`` lines of a secrets file (``teplovoda telemetry up`` writes ``secrets.env``, mode 600)."""
    out = {}
    p = Path(path)
    if p.is_file():
        for line in p.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                k, v = line.split("=", 1)
                out[k.strip()] = v.strip()
    return out


def use_secrets_beside(config_path: str | Path) -> None:
    """Fill missing secret environment variables from ``secrets.env`` next to a config (never overriding)."""
    for k, v in read_secrets_file(Path(config_path).parent / SECRETS_FILE).items():
        os.environ.setdefault(k, v)


def load_config(path: str | Path) -> TelemetryConfig:
    """Read and validate a telemetry TOML config; errors name the file and key."""
    path = Path(path)
    data = load_toml(path)
    src = str(path)
    unknown = set(data) - SECTIONS
    if unknown:
        bad = Msg(
            "tel.unknown_section",
            "unknown section [{section}] (expected {known})",
            section=sorted(unknown)[0],
            known=", ".join(sorted(SECTIONS)),
        )
        raise InputError(bad, source=src)

    alerts = dict(data.get("alerts", {}))
    schedules = tuple(
        build(PumpSchedule, s, f"[[alerts.pump_schedule]] #{i + 1}", src)
        for i, s in enumerate(array_of_tables(alerts, "pump_schedule", src))
    )
    alerts.pop("pump_schedule", None)
    return TelemetryConfig(
        path=path,
        mqtt=build(MqttConfig, data.get("mqtt", {}), "[mqtt]", src),
        influxdb=build(InfluxConfig, data.get("influxdb", {}), "[influxdb]", src),
        ingest=build(IngestConfig, data.get("ingest", {}), "[ingest]", src),
        alerts=build(AlertConfig, alerts, "[alerts]", src, pump_schedule=schedules),
    )


__all__ = [
    "read_secrets_file",
    "use_secrets_beside",
    "TelemetryConfig",
    "MqttConfig",
    "InfluxConfig",
    "IngestConfig",
    "AlertConfig",
    "PumpSchedule",
    "load_config",
]
