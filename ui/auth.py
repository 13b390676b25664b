"""Who may use the app: users, roles and password hashes from the environment, never from the repository.

Configuration (either, not both):

* ``TEPLOVODA_APP_USERS``: ``name:role:hash`` entries separated by commas or newlines;
* ``TEPLOVODA_APP_USERS_FILE``: the path of a TOML file outside the repository::

      [users.olena]
      role = "operator"
      password_hash = "scrypt$16384$8$1$<salt>$<hash>"

Roles: ``engineer`` (every page), ``programme`` (the costed comparison), ``operator`` (live
operations); ``ui/app.py`` maps pages to roles. Hashes are made with the standard library only
(``hashlib.scrypt``, or ``pbkdf2_sha256$<iterations>$<salt>$<hash>``); make one with
``python -m teplovoda.ui.auth NAME ROLE`` (asks for the password). With neither variable set the app runs
open, for local use, and says so. A configuration that is set but wrong stops the app with one line
(it never falls back to open access).

Failed sign-ins are throttled (:class:`SignInThrottle`, one per server process): per user name
and per client, after 3 failures each further attempt waits 1 s, 2 s, 4 s ... (at most 60 s), and
10 failures lock the name or client out for 15 min, the right password included. Lockouts are
logged at warning level with the user name and client (never the password).
"""

from __future__ import annotations

import base64
import functools
import getpass
import hashlib
import hmac
import logging
import os
import secrets
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

USERS_ENV = "TEPLOVODA_APP_USERS"
USERS_FILE_ENV = "TEPLOVODA_APP_USERS_FILE"
ROLES = ("engineer", "programme", "operator")
#: scrypt cost: n = 2**14, r = 8, p = 1 (16 MiB, about 50 ms per check on the development machine)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PBKDF2_MIN_ITERATIONS = 100_000
_MAXMEM = 64 * 1024 * 1024
_REPO = Path(__file__).resolve().parents[1]

logger = logging.getLogger(__name__)


class AuthConfigError(Exception):
    """The user configuration is set but cannot be used (the app stops; it does not run open)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An scrypt hash of ``password``: ``scrypt$n$r$p$salt$hash`` (base64)."""
    salt = salt or secrets.token_bytes(16)
    dk = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=_MAXMEM, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(dk)}"


def _check_hash_format(h: str) -> None:
    parts = h.split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = (int(x) for x in parts[1:4])
            if n < 2**10 or n & (n - 1) or r < 1 or p < 1:
                raise ValueError("weak or invalid scrypt parameters")
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            if int(parts[1]) < PBKDF2_MIN_ITERATIONS:
                raise ValueError(f"fewer than {PBKDF2_MIN_ITERATIONS:,} pbkdf2 iterations")
        else:
            raise ValueError("expected scrypt$n$r$p$salt$hash or pbkdf2_sha256$iterations$salt$hash")
        for b in parts[-2:]:
            base64.b64decode(b, validate=True)
    except ValueError as exc:  # binascii.Error is a ValueError
        raise AuthConfigError(f"password hash: {exc}") from None


def verify_password(password: str, password_hash: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (constant-time comparison)."""
    parts = password_hash.split("$")
    if parts[0] == "scrypt":
        n, r, p = (int(x) for x in parts[1:4])
        salt, expected = base64.b64decode(parts[4]), base64.b64decode(parts[5])
        dk = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=len(expected))
    else:
        iterations = int(parts[1])
        salt, expected = base64.b64decode(parts[2]), base64.b64decode(parts[3])
        dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations, dklen=len(expected))
    return hmac.compare_digest(dk, expected)


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not a password", salt=b"teplovoda-dummy!")


def authenticate(users: dict[str, User], name: str, password: str) -> User | None:
    """The user if ``name`` and ``password`` match, else None (an unknown name costs the same time)."""
    user = users.get(name.strip())
    ok = verify_password(password, user.password_hash if user else _dummy_hash())
    return user if ok and user is not None else None


# --- throttling of failed sign-ins ----------------------------------------------------------------

#: Failed sign-ins in a row (per user name, per client) that cost no wait.
THROTTLE_FREE_FAILURES = 3
#: The wait after the first failure past the free ones, s; it doubles with each further failure.
THROTTLE_FIRST_DELAY_S = 1.0
#: The longest wait between attempts before the lockout, s.
THROTTLE_MAX_DELAY_S = 60.0
#: Failures in a row that lock a user name or client out, and for how long, s.
THROTTLE_LOCKOUT_FAILURES = 10
THROTTLE_LOCKOUT_S = 15 * 60.0
#: A name's or client's failures are forgotten this long after the last one (and its lockout), s.
THROTTLE_FORGET_AFTER_S = 60 * 60.0
#: Names and clients remembered at most (the longest quiet are forgotten first: a memory bound).
THROTTLE_MAX_ENTRIES = 10_000
#: How many characters of a tried user name are kept as its key.
_NAME_KEY_CHARS = 100


@dataclass
class _Failures:
    count: int = 0
    blocked_until_s: float = 0.0  # on the throttle's clock
    last_failure_s: float = 0.0
    checking: int = 0  # attempts being checked now


class SignInThrottle:
    """Failed sign-ins per user name and per client, and the wait each imposes on the next attempt.

    Thread-safe (one lock); the app keeps one per server process (:data:`THROTTLE`). Each of an
    attempt's two keys, the user name tried and the client, counts failures in a row: the first
    ``free_failures`` cost nothing, then each failure makes the key wait ``first_delay_s``, doubled
    each time up to ``max_delay_s``; ``lockout_failures`` lock it for ``lockout_s``. An attempt
    waits for the longer of its two keys, and is not checked at all while one waits: during a
    lockout the right password is refused too. A success clears both keys; a key quiet for
    ``forget_after_s`` starts again from zero. While an attempt of a key is being checked, another
    one of the same key waits too (parallel guesses do not slip between a failure and its count).

    Parameters
    ----------
    clock : callable returning float, optional
        Seconds on a monotonic clock (default :func:`time.monotonic`; tests pass their own).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        free_failures: int = THROTTLE_FREE_FAILURES,
        first_delay_s: float = THROTTLE_FIRST_DELAY_S,
        max_delay_s: float = THROTTLE_MAX_DELAY_S,
        lockout_failures: int = THROTTLE_LOCKOUT_FAILURES,
        lockout_s: float = THROTTLE_LOCKOUT_S,
        forget_after_s: float = THROTTLE_FORGET_AFTER_S,
        max_entries: int = THROTTLE_MAX_ENTRIES,
    ):
        self.clock = clock
        self.free_failures, self.first_delay_s, self.max_delay_s = free_failures, first_delay_s, max_delay_s
        self.lockout_failures, self.lockout_s = lockout_failures, lockout_s
        self.forget_after_s, self.max_entries = forget_after_s, max_entries
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], _Failures] = {}

    @staticmethod
    def _keys(name: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("user", name.strip()[:_NAME_KEY_CHARS]), ("client", client)

    def _entry(self, key: tuple[str, str], now_s: float) -> _Failures:
        e = self._entries.get(key)
        if e is None or (e.checking == 0 and now_s >= e.blocked_until_s and now_s - e.last_failure_s > self.forget_after_s):
            e = self._entries[key] = _Failures()
        return e

    def wait_s(self, name: str, client: str) -> float:
        """Seconds before an attempt for ``name`` from ``client`` is checked (0: now)."""
        with self._lock:
            now_s = self.clock()
            return max(0.0, *(self._entries[k].blocked_until_s - now_s for k in self._keys(name, client) if k in self._entries))

    def begin(self, name: str, client: str) -> float:
        """Start checking an attempt: 0 if it may be checked now (then call :meth:`end`), else the seconds to wait."""
        with self._lock:
            now_s = self.clock()
            entries = [self._entry(k, now_s) for k in self._keys(name, client)]
            wait_s = max(e.blocked_until_s - now_s for e in entries)
            if wait_s > 0:
                return wait_s
            if any(e.checking for e in entries):
                return self.first_delay_s
            for e in entries:
                e.checking += 1
            return 0.0

    def end(self, name: str, client: str, ok: bool) -> float:
        """Finish an attempt :meth:`begin` allowed: clear both keys on success, else count the failure;
        the seconds the next attempt has to wait."""
        with self._lock:
            now_s = self.clock()
            keys = self._keys(name, client)
            if ok:
                for k in keys:
                    self._entries.pop(k, None)
                return 0.0
            for k in keys:
                e = self._entry(k, now_s)
                e.checking = max(0, e.checking - 1)
                e.count += 1
                e.last_failure_s = now_s
                if e.count >= self.lockout_failures:
                    e.blocked_until_s = now_s + self.lockout_s
                    logger.warning(
                        "sign-in locked for %.0f s after %d failures in a row of %s %r: user %r, client %s",
                        self.lockout_s, e.count, k[0], k[1], name.strip()[:_NAME_KEY_CHARS], client,
                    )  # fmt: skip
                elif e.count >= self.free_failures:
                    delay_s = self.first_delay_s * 2 ** (e.count - self.free_failures)
                    e.blocked_until_s = now_s + min(delay_s, self.max_delay_s)
            self._prune(now_s)
            return max(0.0, *(self._entries[k].blocked_until_s - now_s for k in keys if k in self._entries))

    def _prune(self, now_s: float) -> None:
        if len(self._entries) <= self.max_entries:
            return
        for k in [k for k in self._entries if self._entry(k, now_s).count == 0 and not self._entries[k].checking]:
            del self._entries[k]
        if len(self._entries) > self.max_entries:  # still full: forget the longest quiet
            quiet = sorted(self._entries, key=lambda k: self._entries[k].last_failure_s)
            for k in quiet[: len(self._entries) - self.max_entries]:
                del self._entries[k]


#: The server process's throttle (Streamlit runs every session in one process).
THROTTLE = SignInThrottle()


@dataclass(frozen=True)
class SignInResult:
    """What became of a sign-in attempt."""

    user: User | None
    wait_s: float  # before the next attempt is checked; 0: at once
    checked: bool  # False: refused unchecked, a wait or lockout was running


def sign_in(
    users: dict[str, User], name: str, password: str, client: str, throttle: SignInThrottle | None = None
) -> SignInResult:
    """:func:`authenticate` under the throttle: an attempt while ``name`` or ``client`` has to wait is refused unchecked.

    Parameters
    ----------
    client : str
        Who is asking (the connection's address, or a browser session's own token).
    throttle : SignInThrottle, optional
        Default :data:`THROTTLE`.
    """
    throttle = THROTTLE if throttle is None else throttle
    wait_s = throttle.begin(name, client)
    if wait_s > 0:
        return SignInResult(None, wait_s, checked=False)
    user = None
    try:
        user = authenticate(users, name, password)
    finally:
        wait_s = throttle.end(name, client, ok=user is not None)
    return SignInResult(user, wait_s, checked=True)


def _user(name: str, role: str, password_hash: str, where: str) -> User:
    if not name or not name.replace("_", "").replace("-", "").replace(".", "").isalnum():
        raise AuthConfigError(f"{where}: user name {name!r}: letters, digits, '.', '_' and '-' only")
    if role not in ROLES:
        raise AuthConfigError(f"{where}: role {role!r} of {name!r}: expected one of {', '.join(ROLES)}")
    try:
        _check_hash_format(password_hash)
    except AuthConfigError as exc:
        raise AuthConfigError(f"{where}: {name!r}: {exc}") from None
    return User(name, role, password_hash)


def parse_users(text: str, where: str = USERS_ENV) -> dict[str, User]:
    """Users from ``name:role:hash`` entries separated by commas or newlines."""
    users = {}
    for i, entry in enumerate(e.strip() for e in text.replace("\n", ",").split(",")):
        if not entry:
            continue
        parts = entry.split(":")
        if len(parts) != 3:
            raise AuthConfigError(f"{where}: entry {i + 1}: expected name:role:hash")
        u = _user(parts[0].strip(), parts[1].strip(), parts[2].strip(), f"{where}: entry {i + 1}")
        if u.name in users:
            raise AuthConfigError(f"{where}: user {u.name!r} is defined twice")
        users[u.name] = u
    if not users:
        raise AuthConfigError(f"{where} is set but defines no user")
    return users


def read_users_file(path: Path) -> dict[str, User]:
    """Users from a TOML file (``[users.NAME]`` with ``role`` and ``password_hash``)."""
    where = f"{USERS_FILE_ENV}={path}"
    if path.resolve().is_relative_to(_REPO):
        raise AuthConfigError(f"{where}: the users file must live outside the repository (secrets never in the repo)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AuthConfigError(f"{where}: cannot read it ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise AuthConfigError(f"{where}: not valid TOML: {exc}") from None
    table = data.get("users")
    if not isinstance(table, dict) or not table:
        raise AuthConfigError(f"{where}: expected [users.NAME] tables with role and password_hash")
    users = {}
    for name, spec in table.items():
        if not isinstance(spec, dict) or set(spec) != {"role", "password_hash"}:
            raise AuthConfigError(f"{where}: [users.{name}]: expected exactly the keys role and password_hash")
        users[name] = _user(name, str(spec["role"]), str(spec["password_hash"]), f"{where}: [users.{name}]")
    return users


def configured_users(environ=None) -> dict[str, User] | None:
    """The configured users, or None when the app runs open (neither variable set)."""
    env = os.environ if environ is None else environ
    inline, path = env.get(USERS_ENV, "").strip(), env.get(USERS_FILE_ENV, "").strip()
    if inline and path:
        raise AuthConfigError(f"set {USERS_ENV} or {USERS_FILE_ENV}, not both")
    if inline:
        return parse_users(inline)
    if path:
        return read_users_file(Path(path))
    return None


def main(argv: list[str] | None = None) -> int:
    """``python -m teplovoda.ui.auth NAME ROLE``: ask for a password, write the user's entry (both forms)."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[1] not in ROLES:
        sys.stderr.write(f"usage: python -m teplovoda.ui.auth NAME ROLE   (ROLE: {', '.join(ROLES)})\n")
        return 2
    name, role = argv
    password = getpass.getpass(f"password for {name}: ")
    if len(password) < 10 or password != getpass.getpass("again: "):
        sys.stderr.write("passwords differ or shorter than 10 characters\n")
        return 2
    h = hash_password(password)
    _user(name, role, h, "new user")
    sys.stdout.write(
        f"# {USERS_ENV} entry (join several with commas):\n{name}:{role}:{h}\n\n"
        f'# or in the file {USERS_FILE_ENV} points to:\n[users.{name}]\nrole = "{role}"\npassword_hash = "{h}"\n'
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
