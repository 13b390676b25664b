"""Sign-in: users and roles from the environment, standard-library password hashes, pages by role, open when unconfigured."""

from __future__ import annotations

import base64
import hashlib

import pytest

from teplovoda.ui import auth
from tests.conftest import REPO
from tests.ui.conftest import button, open_app, texts

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
    assert at.title[0].value == "Compare recovery options"  # programme staff: the comparison and the portfolio
    assert "Signed in as ivan (programme staff)" in texts(at)
    assert "Open access" not in texts(at)
    assert at.success[0].value.startswith("Best value:")
    with pytest.raises(ValueError, match="Known pages: \\['/.*/ui/app_pages/compare.py', '/.*/ui/app_pages/portfolio.py'\\]"):
        at.switch_page("app_pages/scenario.py")  # not one of the role's pages: not even registered
    assert at.switch_page("app_pages/portfolio.py").run().title[0].value == "Programme portfolio"
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


# --- issue 12, failure 7: sign-in throttling ----------------------------------------------------------


class Clock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self):
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


USERS = {"olena": auth.User("olena", "engineer", HASH)}


def _attempt(throttle, password, name="olena", client="10.0.0.1"):
    return auth.sign_in(USERS, name, password, client, throttle)


def test_delays_grow_after_three_failures_and_are_capped():
    clock = Clock()
    throttle = auth.SignInThrottle(clock=clock)
    waits = []
    for _ in range(9):
        r = _attempt(throttle, "wrong")
        assert r.checked and r.user is None
        waits.append(r.wait_s)
        clock.now_s += r.wait_s
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32, 60]


def test_five_wrong_passwords_then_the_right_one_waits_its_turn():
    clock = Clock()
    throttle = auth.SignInThrottle(clock=clock)
    for _ in range(5):
        r = _attempt(throttle, "wrong")
        clock.now_s += r.wait_s
    clock.now_s -= r.wait_s  # straight after the fifth failure
    refused = _attempt(throttle, PASSWORD)
    assert refused.user is None and not refused.checked and refused.wait_s == 4.0
    clock.now_s += 3.9
    assert _attempt(throttle, PASSWORD).user is None
    clock.now_s += 0.1
    ok = _attempt(throttle, PASSWORD)
    assert ok.user == USERS["olena"] and ok.wait_s == 0
    assert _attempt(throttle, "wrong").wait_s == 0  # a success starts the count again


def test_twenty_wrong_passwords_in_a_row_do_not_let_the_right_one_in():
    """The issue's case: 20 wrong passwords at once, then the right one."""
    throttle = auth.SignInThrottle(clock=Clock())
    results = [_attempt(throttle, f"guess {i}") for i in range(20)]
    assert [r.checked for r in results] == [True] * 3 + [False] * 17  # unchecked: no guess is even tried
    assert _attempt(throttle, PASSWORD).user is None


def test_lockout_refuses_the_right_password_until_it_ends_and_is_logged(caplog):
    clock = Clock()
    throttle = auth.SignInThrottle(clock=clock)
    with caplog.at_level("WARNING", logger="teplovoda.ui.auth"):
        for _ in range(auth.THROTTLE_LOCKOUT_FAILURES):
            r = _attempt(throttle, "secret guess", client="203.0.113.7")
            clock.now_s += r.wait_s if r.wait_s < auth.THROTTLE_LOCKOUT_S else 0
    assert r.wait_s == auth.THROTTLE_LOCKOUT_S == 900
    locked = [rec for rec in caplog.records if "locked" in rec.getMessage()]
    assert locked and all(rec.levelname == "WARNING" for rec in locked)
    assert "'olena'" in locked[0].getMessage() and "203.0.113.7" in locked[0].getMessage()
    assert "secret guess" not in caplog.text and PASSWORD not in caplog.text
    clock.now_s += auth.THROTTLE_LOCKOUT_S - 1
    r = _attempt(throttle, PASSWORD, client="203.0.113.7")
    assert r.user is None and 0 < r.wait_s <= 1
    clock.now_s += 1
    assert _attempt(throttle, PASSWORD, client="203.0.113.7").user == USERS["olena"]


def test_a_client_is_throttled_whatever_names_it_tries_and_a_name_whatever_client():
    clock = Clock()
    throttle = auth.SignInThrottle(clock=clock)
    for i in range(auth.THROTTLE_LOCKOUT_FAILURES):  # one guess at each of ten names from one client
        r = _attempt(throttle, "x", name=f"user{i}", client="198.51.100.1")
        clock.now_s += min(r.wait_s, auth.THROTTLE_MAX_DELAY_S)
    assert _attempt(throttle, PASSWORD, client="198.51.100.1").user is None  # locked: even olena's right password
    assert _attempt(throttle, PASSWORD, client="198.51.100.2").user == USERS["olena"]  # olena from elsewhere: in
    for i in range(auth.THROTTLE_LOCKOUT_FAILURES):  # ten clients each guess olena's password once
        r = _attempt(throttle, "x", client=f"192.0.2.{i}")
        clock.now_s += min(r.wait_s, auth.THROTTLE_MAX_DELAY_S)
    r = _attempt(throttle, PASSWORD, client="192.0.2.200")
    assert r.user is None and not r.checked  # the name is locked, whichever client asks


def test_an_attempt_being_checked_holds_the_next_one_of_the_same_name_or_client():
    throttle = auth.SignInThrottle(clock=Clock())
    assert throttle.begin("olena", "a") == 0
    assert throttle.begin("olena", "b") > 0 and throttle.begin("ivan", "a") > 0  # parallel guesses wait
    assert throttle.begin("ivan", "b") == 0
    throttle.end("olena", "a", ok=False)
    assert throttle.begin("olena", "c") == 0


def test_failures_are_forgotten_after_a_quiet_hour_and_the_store_is_bounded():
    clock = Clock()
    throttle = auth.SignInThrottle(clock=clock, max_entries=50)
    for _ in range(3):
        throttle.begin("olena", "a")
        throttle.end("olena", "a", ok=False)
    clock.now_s += auth.THROTTLE_FORGET_AFTER_S + 1
    assert throttle.begin("olena", "a") == 0
    assert throttle.end("olena", "a", ok=False) == 0  # counted from one again
    for i in range(200):
        throttle.begin(f"n{i}", f"c{i}")
        throttle.end(f"n{i}", f"c{i}", ok=False)
    assert len(throttle._entries) <= 50


@pytest.fixture
def clock(monkeypatch):
    """The app's throttle with a clock the test moves (the store is process-wide: a fresh one per test)."""
    c = Clock()
    monkeypatch.setattr(auth, "THROTTLE", auth.SignInThrottle(clock=c))
    return c


def _submit(at, name: str, password: str):
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return button(at, "Увійти" if at.session_state["lang"] == "uk" else "Sign in").click().run()


def test_app_sign_in_delay_after_five_wrong_passwords(monkeypatch, clock):
    monkeypatch.setenv(auth.USERS_ENV, f"olena:engineer:{HASH}")
    at = open_app()
    expected = [
        "Wrong user name or password.",
        "Wrong user name or password.",
        "Wrong user name or password. Try again in 1\u00a0s.",
        "Wrong user name or password. Try again in 2\u00a0s.",
        "Wrong user name or password. Try again in 4\u00a0s.",
    ]
    for i, message in enumerate(expected):
        _submit(at, "olena", f"guess {i}")
        assert [e.value for e in at.error] == [message]
        clock.now_s += [0, 0, 1, 2, 4][i] if i < 4 else 0
    _submit(at, "olena", PASSWORD)  # the right one, straight after the fifth failure
    assert [e.value for e in at.error] == ["Too many failed sign-ins: try again in 4\u00a0s."]
    assert "user" not in at.session_state and not at.metric
    clock.now_s += 4
    _submit(at, "olena", PASSWORD)
    assert not at.exception and at.title[0].value == "Scenario"


def test_app_lockout_message_in_ukrainian(monkeypatch, clock):
    monkeypatch.setenv(auth.USERS_ENV, f"olena:engineer:{HASH}")
    for _ in range(auth.THROTTLE_LOCKOUT_FAILURES):
        r = auth.sign_in({"olena": auth.User("olena", "engineer", HASH)}, "olena", "x", "elsewhere")
        clock.now_s += r.wait_s if r.wait_s < auth.THROTTLE_LOCKOUT_S else 0
    at = open_app("uk")
    _submit(at, "olena", PASSWORD)
    assert [e.value for e in at.error] == ["Забагато невдалих спроб входу: спробуйте знову через 15\u00a0хв."]


def test_app_throttles_each_browser_session_whatever_names_it_tries(monkeypatch, clock):
    """Without an address (a loopback connection, as in AppTest), each browser session is a client of its own."""
    monkeypatch.setenv(auth.USERS_ENV, f"olena:engineer:{HASH}")
    guesser = open_app()
    for i in range(5):
        _submit(guesser, f"user{i}", "x")  # five names, one guess each: no name is throttled
    _submit(guesser, "olena", PASSWORD)
    assert [e.value for e in guesser.error] == ["Too many failed sign-ins: try again in 1\u00a0s."]
    other = open_app()  # another session signs in as olena at once
    _submit(other, "olena", PASSWORD)
    assert not other.exception and other.title[0].value == "Scenario"


def test_wrong_passwords_no_longer_go_unlimited(monkeypatch):
    """Issue 12, failure 7, as reported: 20 wrong passwords in a row, then the right one was accepted at once."""
    monkeypatch.setattr(auth, "THROTTLE", getattr(auth, "SignInThrottle", lambda: None)(), raising=False)
    monkeypatch.setenv(auth.USERS_ENV, f"olena:engineer:{HASH}")
    at = open_app()
    for i in range(20):
        _submit(at, "olena", f"guess {i}")
    _submit(at, "olena", PASSWORD)
    assert "user" not in at.session_state and at.title[0].value == "teplovoda: water and heat under damage"
    assert at.error[0].value.startswith("Too many failed sign-ins: try again in ")
