"""Sign-in: users and roles from the environment, standard-library password hashes, pages by role, open when unconfigured."""

from __future__ import annotations

import base64
import hashlib

import pytest

from tests.conftest import REPO
from tests.ui.conftest import button, open_app, texts
from ui import auth

# one hash per test session: scrypt costs about 50 ms a check by design
PASSWORD = "correct horse battery"
HASH = auth.hash_password(PASSWORD)


def _pbkdf2(password: str, iterations: int = 200_000) -> str:
    salt = b"0123456789abcdef"
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(dk).decode()}"


def test_scrypt_and_pbkdf2_hashes_verify_and_reject():
    assert HASH.startswith("scrypt$16384$8$1$")
    assert auth.verify_password(PASSWORD, HASH)
    assert not auth.verify_password(PASSWORD + "!", HASH)
    assert auth.hash_password(PASSWORD) != HASH  # salted
    p = _pbkdf2("s3cret password")
    assert auth.verify_password("s3cret password", p) and not auth.verify_password("s3cret", p)


def test_users_from_the_environment_and_authentication():
    users = auth.configured_users({auth.USERS_ENV: f"olena:operator:{HASH}, ivan:programme:{_pbkdf2('ivan pass 123')}"})
    assert {u.name: u.role for u in users.values()} == {"olena": "operator", "ivan": "programme"}
    assert auth.authenticate(users, "olena", PASSWORD).role == "operator"
    assert auth.authenticate(users, " ivan ", "ivan pass 123").role == "programme"
    assert auth.authenticate(users, "olena", "wrong") is None
    assert auth.authenticate(users, "nobody", PASSWORD) is None
    assert auth.configured_users({}) is None  # open: local use


def test_users_file_outside_the_repository(tmp_path):
    f = tmp_path / "users.toml"
    f.write_text(f'[users.olena]\nrole = "engineer"\npassword_hash = "{HASH}"\n')
    users = auth.configured_users({auth.USERS_FILE_ENV: str(f)})
    assert users["olena"].role == "engineer"


@pytest.mark.parametrize(
    "environ, message",
    [
        ({auth.USERS_ENV: "olena:operator"}, "entry 1: expected name:role:hash"),
        ({auth.USERS_ENV: f"olena:boss:{HASH}"}, "role 'boss' of 'olena': expected one of engineer, programme, operator"),
        ({auth.USERS_ENV: "olena:operator:md5$abc"}, "expected scrypt$n$r$p$salt$hash or pbkdf2_sha256"),
        ({auth.USERS_ENV: f"olena:operator:{_pbkdf2('x', 1000)}"}, "fewer than 100,000 pbkdf2 iterations"),
        ({auth.USERS_ENV: f"a:operator:{HASH},a:engineer:{HASH}"}, "user 'a' is defined twice"),
        ({auth.USERS_ENV: " , "}, "is set but defines no user"),
        ({auth.USERS_ENV: f"a:operator:{HASH}", auth.USERS_FILE_ENV: "/x.toml"}, "not both"),
        ({auth.USERS_FILE_ENV: "/no/such/users.toml"}, "cannot read it"),
        ({auth.USERS_FILE_ENV: str(REPO / "scenarios" / "users.toml")}, "must live outside the repository"),
    ],
)
def test_a_wrong_configuration_stops_with_one_line(environ, message):
    with pytest.raises(auth.AuthConfigError, match=None) as err:
        auth.configured_users(environ)
    assert message in str(err.value)


def _sign_in(monkeypatch, entries: str, name: str, password: str):
    monkeypatch.setenv(auth.USERS_ENV, entries)
    at = open_app()
    assert at.title[0].value == "teplovoda: water and heat under damage"
    assert not at.metric  # nothing of the app before signing in
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return button(at, "Sign in").click().run()


def test_sign_in_shows_the_pages_of_the_role(monkeypatch):
    at = _sign_in(monkeypatch, f"ivan:programme:{HASH},olena:engineer:{HASH}", "ivan", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Compare recovery options"  # programme staff: the comparison only
    assert "Signed in as ivan (programme staff)" in texts(at)
    assert "Open access" not in texts(at)
    assert at.success[0].value.startswith("Best value:")
    with pytest.raises(ValueError, match="Known pages: \\['/.*/ui/app_pages/compare.py'\\]"):
        at.switch_page("app_pages/scenario.py")  # not one of the role's pages: not even registered
    button(at, "Sign out").click().run()
    assert at.title[0].value == "teplovoda: water and heat under damage"


def test_engineer_sees_every_page(monkeypatch):
    at = _sign_in(monkeypatch, f"olena:engineer:{HASH}", "olena", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Scenario"
    assert at.switch_page("app_pages/compare.py").run().title[0].value == "Compare recovery options"


def test_wrong_password_is_refused(monkeypatch):
    at = _sign_in(monkeypatch, f"olena:engineer:{HASH}", "olena", "not it")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    assert not at.metric and "user" not in at.session_state


def test_broken_configuration_never_runs_open(monkeypatch):
    monkeypatch.setenv(auth.USERS_ENV, "olena:operator:plaintext")
    at = open_app()
    assert not at.exception
    assert len(at.error) == 1 and "user configuration is wrong" in at.error[0].value
    assert not at.metric and not at.text_input  # neither the app nor a sign-in form
