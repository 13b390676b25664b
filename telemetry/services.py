"""Mosquitto and InfluxDB as child processes on 127.0.0.1: the project's own config, ports and data dirs.

Nothing here touches a system-wide service. Each server is started from the templates in
``telemetry/config/`` with its own data directory and non-default loopback ports, waited for until
it answers, and stopped with SIGTERM (a clean shutdown: Mosquitto saves its persistence file,
InfluxDB closes its WAL), or killed with SIGKILL when a test wants a crash.

Both are Debian packages (``mosquitto``, ``influxdb``); ``scripts/up`` and ``scripts/test`` install
them when missing. Mosquitto started as root drops to the ``mosquitto`` user before it reads its
password file and persistence directory, so those are handed to that user.

Both run with umask 077 in data directories of mode 0700: the password hashes (Mosquitto's password
file, InfluxDB's ``meta/meta.db``) and the data are readable by their owner only. InfluxDB's
``/debug/pprof`` profiler is off.
"""

from __future__ import annotations

import abc
import logging
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from teplovoda.models.errors import TeplovodaError

logger = logging.getLogger(__name__)

CONFIG_DIR = Path(__file__).parent / "config"
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/usr/bin"])


class ServiceError(TeplovodaError):
    """A server could not be found, started or reached."""


def executable(name: str, package: str) -> str:
    """Path of a server binary, or a one-line error saying which Debian package provides it."""
    path = shutil.which(name, path=SEARCH_PATH)
    if path is None:
        raise ServiceError(
            f"{name} not found: install the Debian package {package!r} (scripts/up does: apt-get install {package})"
        )
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class _Server(abc.ABC):
    """A server run as a child process: subclasses say how to start it and when it answers."""

    name = "server"

    def __init__(self, data_dir: str | Path):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        self.process: subprocess.Popen | None = None
        self.log_file = self.data_dir / f"{self.name}.log"

    @abc.abstractmethod
    def _command(self) -> list[str]:
        """The command line (writing the config file it needs)."""

    @abc.abstractmethod
    def _ready(self) -> bool:
        """True once the server answers."""

    def start(self, timeout_s: float = 20.0):
        if self.running:
            return self
        cmd = self._command()
        log = open(self.log_file, "ab")  # noqa: SIM115 - the child keeps it open
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, umask=0o077)
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace").strip().splitlines()[-3:]
                raise ServiceError(f"{self.name} exited with code {self.process.returncode}: {' | '.join(tail)}")
            if self._ready():
                logger.info("%s started (pid %d)", self.name, self.process.pid)
                return self
            time.sleep(0.05)
        self.stop()
        raise ServiceError(f"{self.name} did not answer within {timeout_s:g} s (log: {self.log_file})")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def exit_text(self) -> str:
        """How the child ended: ``exited (signal 9)``, ``exited with code 1`` (or ``running``)."""
        return exit_text(self.process)

    def stop(self, timeout_s: float = 15.0) -> None:
        """Clean shutdown (SIGTERM), SIGKILL if it does not exit in time."""
        if not self.running:
            self.process = None
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def kill(self) -> None:
        """Crash it (SIGKILL): what a power cut does."""
        if self.running:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self):
        self.stop()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Mosquitto(_Server):
    """A Mosquitto broker on 127.0.0.1:``port`` with persistence in ``data_dir``.

    With ``username``/``password`` anonymous clients are refused and that one user may connect (no
    ACL). With ``accounts`` (:class:`teplovoda.telemetry.accounts.BrokerFiles` in ``data_dir``: the password
    and ACL files ``teplovoda telemetry up`` keeps) each user may do what its ACL lines allow; the
    broker's pid is written beside them so that ``add-site`` can make it reload them (SIGHUP).
    """

    name = "mosquitto"

    def __init__(
        self, data_dir, port: int | None = None, username: str | None = None, password: str | None = None, accounts=None
    ):
        super().__init__(data_dir)
        self.port = port or free_port()
        self.username, self.password = username, password
        self.accounts = accounts
        self.config_file = self.data_dir / "mosquitto.conf"

    def _command(self) -> list[str]:
        binary = executable("mosquitto", "mosquitto")
        persist = self.data_dir / "persist"
        persist.mkdir(exist_ok=True)
        auth_lines = ""
        if self.accounts is not None:
            for f in (self.accounts.password_file, self.accounts.acl_file):
                if not f.is_file():
                    raise ServiceError(f"{f} is missing: teplovoda telemetry up writes it")
            auth_lines = f"password_file {self.accounts.password_file}\nacl_file {self.accounts.acl_file}"
        elif self.username:
            pw_file = self.data_dir / "passwords"
            subprocess.run(
                [executable("mosquitto_passwd", "mosquitto"), "-c", "-b", str(pw_file), self.username, self.password or ""],
                check=True,
                capture_output=True,
            )
            pw_file.chmod(0o600)
            auth_lines = f"password_file {pw_file}"
        text = (CONFIG_DIR / "mosquitto.conf.template").read_text()
        text = text.format(
            port=self.port,
            allow_anonymous="false" if self.username or self.accounts is not None else "true",
            password_file_line=auth_lines,
            data_dir=persist,
            log_file=self.data_dir / "mosquitto-broker.log",
        )
        self.config_file.write_text(text)
        hand_to_mosquitto_user(self.data_dir)
        return [binary, "-c", str(self.config_file)]

    def _ready(self) -> bool:
        return _port_open(self.port)

    def start(self, timeout_s: float = 20.0):
        super().start(timeout_s)
        if self.accounts is not None:
            self.accounts.pid_file.write_text(f"{self.process.pid}\n")
        return self

    def stop(self, timeout_s: float = 15.0) -> None:
        super().stop(timeout_s)
        if self.accounts is not None:
            self.accounts.pid_file.unlink(missing_ok=True)


def exit_text(process: subprocess.Popen | None) -> str:
    """``exited (signal 9)`` / ``exited with code 2`` for a finished child (``running`` if it is not)."""
    if process is None:
        return "not started"
    code = process.poll()
    if code is None:
        return "running"
    return f"exited (signal {-code})" if code < 0 else f"exited with code {code}"


def hand_to_mosquitto_user(path: Path) -> None:
    """Mosquitto run as root switches to the ``mosquitto`` user: give it the data dir and a way in."""
    if os.geteuid() != 0:
        return
    try:
        user = pwd.getpwnam("mosquitto")
    except KeyError:
        return
    for p in [path, *path.rglob("*")]:
        os.chown(p, user.pw_uid, user.pw_gid)
        if p.is_file() and p.name in ("passwords", "acl"):
            p.chmod(0o600)
    for parent in path.resolve().parents:  # the user must be able to traverse to it
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)


class InfluxDB(_Server):
    """An InfluxDB 1.x server on 127.0.0.1:``http_port`` (RPC on its own loopback port).

    With ``username``/``password`` HTTP authentication is on and that user is created as admin on the
    first start (InfluxDB allows that one unauthenticated ``CREATE USER`` while no user exists).
    """

    name = "influxd"

    def __init__(
        self,
        data_dir,
        http_port: int | None = None,
        rpc_port: int | None = None,
        username: str | None = None,
        password: str | None = None,
    ):
        super().__init__(data_dir)
        self.http_port = http_port or free_port()
        self.rpc_port = rpc_port or free_port()
        self.username, self.password = username, password
        self.config_file = self.data_dir / "influxdb.conf"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def _command(self) -> list[str]:
        binary = executable("influxd", "influxdb")
        for sub in ("meta", "data", "wal"):  # the password hashes are in meta/meta.db: owner only
            (self.data_dir / sub).mkdir(mode=0o700, exist_ok=True)
            (self.data_dir / sub).chmod(0o700)
        text = (CONFIG_DIR / "influxdb.conf.template").read_text()
        self.config_file.write_text(
            text.format(
                rpc_port=self.rpc_port,
                http_port=self.http_port,
                data_dir=self.data_dir,
                auth_enabled="true" if self.username else "false",
            )
        )
        return [binary, "-config", str(self.config_file)]

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/ping", timeout=0.5) as r:
                return r.status == 204
        except (OSError, urllib.error.URLError):
            return False

    def start(self, timeout_s: float = 20.0):
        super().start(timeout_s)
        if self.username:
            self._create_admin(time.monotonic() + timeout_s)
        return self

    def _create_admin(self, deadline: float) -> None:
        """Create the admin user, retried until it exists: InfluxDB answers /ping before its meta store takes
        users, and under load the first ``CREATE USER`` can fail (a later query then got 403 "create admin user
        first"). Done when a query authenticated as that user succeeds."""
        q = f"CREATE USER \"{self.username}\" WITH PASSWORD '{self.password}' WITH ALL PRIVILEGES"
        create = urllib.parse.urlencode({"q": q}).encode()  # the one query InfluxDB takes without a user, while none exists
        auth = urllib.parse.urlencode({"u": self.username, "p": self.password})  # 1.6 reads credentials from the URL
        check = urllib.parse.urlencode({"q": "SHOW USERS"}).encode()
        last = ""
        while True:
            for url, data in ((f"{self.url}/query", create), (f"{self.url}/query?{auth}", check)):
                try:
                    urllib.request.urlopen(url, data=data, timeout=5).close()
                    if data is check:
                        return
                except (OSError, urllib.error.URLError) as exc:  # HTTPError too: exists already, or not ready yet
                    last = str(exc)
                    logger.debug("create admin user: %s", exc)
            if time.monotonic() > deadline:
                raise ServiceError(f"InfluxDB at {self.url}: could not create its admin user ({last})")
            time.sleep(0.2)


__all__ = ["Mosquitto", "InfluxDB", "ServiceError", "free_port", "executable", "exit_text", "hand_to_mosquitto_user"]
