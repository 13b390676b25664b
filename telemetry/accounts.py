"""A credential and an access-control list per role, for Mosquitto and InfluxDB.

MQTT accounts (Mosquitto ``password_file`` + ``acl_file``; a client may do only what its user's
lines allow, everything else is refused: a publish gets PUBACK reason code 135 "Not authorized" and
is dropped, a subscription outside them is granted but delivers nothing)::

    gw-<site>   write teplovoda/v1/<site>/<kind>/+ (each kind of schema.ASSET_FIELDS)
                write teplovoda/v1/<site>/status   (birth, and the last will)
                read  teplovoda/v1/<site>/stored   (ingest's "stored up to seq" confirmation)
    ingest      read  teplovoda/#                  (wide, to dead-letter strays)
                write teplovoda/v1/+/stored
    alerts      read  readings, status and acknowledgements; write teplovoda/v1/+/alert/+/+
    operator    write teplovoda/v1/+/alert/+/+/ack (the Live page's acknowledge button)
    app         read  teplovoda/v1/#               (no write, no $SYS)

No account reads ``#`` or ``$SYS/#``: there is no MQTT admin. Gateway accounts are the ``gw-*``
users of the password file, so the ACL is regenerated from it whenever one is added.

InfluxDB users: the admin (setup only: ``CREATE DATABASE``, users, grants), ``ingest`` (WRITE on the
database) and ``app`` (READ on it).

Passwords are generated once into ``<dir>/secrets.env`` (mode 0600) by ``teplovoda telemetry up``;
the password and ACL files hold only hashes and rules but are 0600 too, owned by the user Mosquitto
runs as.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.telemetry import schema

logger = logging.getLogger(__name__)

GATEWAY_PREFIX = "gw-"
INGEST, ALERTS, OPERATOR, APP = "ingest", "alerts", "operator", "app"

#: MQTT role user -> the environment variable (and secrets.env key) holding its password
MQTT_PASSWORD_ENV = {
    INGEST: "TEPLOVODA_MQTT_PASSWORD",
    ALERTS: "TEPLOVODA_MQTT_ALERTS_PASSWORD",
    OPERATOR: "TEPLOVODA_MQTT_OPERATOR_PASSWORD",
    APP: "TEPLOVODA_MQTT_APP_PASSWORD",
}
INFLUX_ADMIN = "teplovoda"
INFLUX_ADMIN_ENV = "TEPLOVODA_INFLUX_PASSWORD"
#: InfluxDB user -> (password variable, privilege on the database)
INFLUX_USERS = {
    INGEST: ("TEPLOVODA_INFLUX_INGEST_PASSWORD", "WRITE"),
    APP: ("TEPLOVODA_INFLUX_APP_PASSWORD", "READ"),
}

_P = schema.PREFIX
ROLE_ACL: dict[str, list[tuple[str, str]]] = {
    INGEST: [("read", "teplovoda/#"), ("write", f"{_P}/+/stored")],
    ALERTS: [
        ("read", f"{_P}/+/+/+"),
        ("read", f"{_P}/+/status"),
        ("read", f"{_P}/+/alert/+/+/ack"),
        ("write", f"{_P}/+/alert/+/+"),
    ],
    OPERATOR: [("write", f"{_P}/+/alert/+/+/ack")],
    APP: [("read", f"{_P}/#")],
}


def gateway_user(site: str) -> str:
    """The MQTT user of a site's gateway (the site name is checked against :data:`schema.NAME_RE`)."""
    if not isinstance(site, str) or not schema.valid_name(site):
        raise InputError(
            Msg("tel.site_name", "site name {name} must be 1-64 characters of A-Z a-z 0-9 _ . -", name=repr(str(site)[:80]))
        )
    return GATEWAY_PREFIX + site


def gateway_password_env(site: str) -> str:
    """The secrets.env key of a simulated site's gateway password (``up`` runs that gateway itself)."""
    return "TEPLOVODA_MQTT_GW_" + re.sub(r"[^A-Z0-9]", "_", site.upper()) + "_PASSWORD"


def gateway_acl(site: str) -> list[tuple[str, str]]:
    """(access, topic filter) lines of a site's gateway."""
    gateway_user(site)
    return [
        *[("write", f"{_P}/{site}/{kind}/+") for kind in schema.ASSET_FIELDS],
        *[("write", f"{_P}/{site}/{kind}/+/status") for kind in schema.ASSET_FIELDS],  # its devices' status
        ("write", schema.status_topic(site)),
        ("read", f"{_P}/{site}/stored"),
    ]


def acl_text(users: list[str]) -> str:
    """Mosquitto ACL file for these users: the roles' fixed rules and one block per ``gw-<site>`` user."""
    out = ["# written by teplovoda (telemetry/accounts.py): regenerated from the password file's users", ""]
    for user in users:
        if user.startswith(GATEWAY_PREFIX):
            rules = gateway_acl(user[len(GATEWAY_PREFIX) :])
        elif user in ROLE_ACL:
            rules = ROLE_ACL[user]
        else:
            continue  # a user without a role gets no rule: it may connect and do nothing
        out.append(f"user {user}")
        out.extend(f"topic {access} {topic}" for access, topic in rules)
        out.append("")
    return "\n".join(out)


@dataclass(frozen=True)
class BrokerFiles:
    """The password and ACL files of a ``teplovoda telemetry up`` directory's broker."""

    directory: Path  # <dir>/mosquitto

    @property
    def password_file(self) -> Path:
        return self.directory / "passwords"

    @property
    def acl_file(self) -> Path:
        return self.directory / "acl"

    @property
    def pid_file(self) -> Path:
        return self.directory / "mosquitto.pid"

    def users(self) -> list[str]:
        if not self.password_file.is_file():
            return []
        return [line.split(":", 1)[0] for line in self.password_file.read_text().splitlines() if ":" in line]

    def set_password(self, user: str, password: str) -> None:
        """Add the user or change its password (``mosquitto_passwd -b``; the file keeps only the hash)."""
        from teplovoda.telemetry.services import executable

        self.directory.mkdir(parents=True, exist_ok=True)
        create = [] if self.password_file.is_file() else ["-c"]
        subprocess.run(
            [executable("mosquitto_passwd", "mosquitto"), *create, "-b", str(self.password_file), user, password],
            check=True,
            capture_output=True,
        )
        self.password_file.chmod(0o600)

    def keep_only(self, keep) -> None:
        """Drop every user for which ``keep(user)`` is false (e.g. the single shared account of before)."""
        if not self.password_file.is_file():
            return
        lines = self.password_file.read_text().splitlines()
        kept = [line for line in lines if ":" in line and keep(line.split(":", 1)[0])]
        if len(kept) != len(lines):
            self.password_file.write_text("".join(f"{line}\n" for line in kept))
        self.password_file.chmod(0o600)

    def write_acl(self) -> None:
        self.acl_file.write_text(acl_text(self.users()))
        self.acl_file.chmod(0o600)

    def reload_broker(self) -> int | None:
        """SIGHUP the running broker of this directory (it re-reads both files); its pid, or None if none runs."""
        try:
            pid = int(self.pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return None
        # the pid file may be left from a crash and the pid reused: signal only our own broker
        if not cmdline or not cmdline[0].endswith(b"mosquitto") or str(self.directory).encode() not in b" ".join(cmdline):
            return None
        os.kill(pid, signal.SIGHUP)
        return pid


def setup_broker_accounts(files: BrokerFiles, passwords: dict[str, str]) -> None:
    """Role users and ``up``'s simulated gateways with these passwords; other gateways are kept, other users dropped."""
    files.keep_only(lambda user: user.startswith(GATEWAY_PREFIX))
    for user, password in passwords.items():
        files.set_password(user, password)
    files.write_acl()


@dataclass(frozen=True)
class GatewayCredential:
    site: str
    username: str
    password: str
    acl: list[tuple[str, str]]
    reloaded_pid: int | None


def add_gateway(files: BrokerFiles, site: str, replace: bool = False) -> GatewayCredential:
    """A new gateway account for ``site``: password generated, added to the password and ACL files, broker reloaded."""
    from teplovoda.telemetry.services import hand_to_mosquitto_user

    user = gateway_user(site)
    if user in files.users() and not replace:
        bad = Msg(
            "tel.gateway_exists",
            "site {site} has a gateway account already ({user}); --replace issues a new password",
            site=repr(site),
            user=user,
        )
        raise InputError(bad)

    password = secrets.token_urlsafe(18)
    files.set_password(user, password)
    files.write_acl()
    hand_to_mosquitto_user(files.directory)
    return GatewayCredential(site, user, password, gateway_acl(site), files.reload_broker())


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def setup_influx_users(url: str, database: str, admin_password: str, passwords: dict[str, str]) -> None:
    """As the admin: create the database, then each user of :data:`INFLUX_USERS` with its password and one grant."""
    from teplovoda.telemetry.influx import InfluxV1

    admin = InfluxV1(url, database, username=INFLUX_ADMIN, password=admin_password)
    try:
        admin.query(f'CREATE DATABASE "{database}"', epoch=None)
        existing = {row["user"] for row in admin.rows("SHOW USERS")}
        for user, (_env, privilege) in INFLUX_USERS.items():
            pw = _quote(passwords[user])
            if user in existing:
                admin.query(f'SET PASSWORD FOR "{user}" = {pw}', epoch=None)
                admin.query(f'REVOKE ALL PRIVILEGES ON "{database}" FROM "{user}"', epoch=None)
            else:
                admin.query(f'CREATE USER "{user}" WITH PASSWORD {pw}', epoch=None)
            admin.query(f'GRANT {privilege} ON "{database}" TO "{user}"', epoch=None)
    finally:
        admin.close()


__all__ = [
    "GATEWAY_PREFIX",
    "MQTT_PASSWORD_ENV",
    "INFLUX_ADMIN",
    "INFLUX_ADMIN_ENV",
    "INFLUX_USERS",
    "ROLE_ACL",
    "BrokerFiles",
    "GatewayCredential",
    "acl_text",
    "add_gateway",
    "gateway_acl",
    "gateway_password_env",
    "gateway_user",
    "setup_broker_accounts",
    "setup_influx_users",
]
