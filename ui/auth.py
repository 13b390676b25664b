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
``python -m ui.auth NAME ROLE`` (asks for the password). With neither variable set the app runs
open, for local use, and says so. A configuration that is set but wrong stops the app with one line
(it never falls back to open access).
"""

from __future__ import annotations

import base64
import functools
import getpass
import hashlib
import hmac
import os
import secrets
import sys
import tomllib
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
    """``python -m ui.auth NAME ROLE``: ask for a password, write the user's entry (both forms)."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[1] not in ROLES:
        sys.stderr.write(f"usage: python -m ui.auth NAME ROLE   (ROLE: {', '.join(ROLES)})\n")
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
