"""The supervisor behind `telemetry up`: dead children restarted with exponential backoff, each restart said."""

from __future__ import annotations

import sys
import time

import pytest

from teplovoda.telemetry.services import ServiceError
from teplovoda.telemetry.supervisor import Process, Supervisor, child_env

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def wait_for(events: list, text: str, timeout_s: float = 10.0) -> str:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        hit = [e for e in list(events) if text in e]
        if hit:
            return hit[-1]
        time.sleep(0.02)
    raise AssertionError(f"no event with {text!r} in {events}")


def test_backoff_doubles_up_to_its_maximum():
    sup = Supervisor([], min_backoff_s=1, max_backoff_s=30)
    assert [sup.backoff_s(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_a_killed_child_is_restarted_with_growing_delays_and_the_delay_resets_after_a_stable_run(tmp_path):
    events: list[str] = []
    child = Process("sleeper", SLEEPER, tmp_path / "sleeper.log", ready=lambda t0: True)
    sup = Supervisor([child], min_backoff_s=0.1, max_backoff_s=0.4, stable_after_s=2.0, on_event=events.append).start()
    try:
        for k, delay in enumerate([0.1, 0.2, 0.4, 0.4], start=1):
            pid = child.process.pid
            child.kill()  # SIGKILL
            assert f"restarting in {delay:g} s (restart {k})" in wait_for(events, f"(restart {k})")
            deadline = time.time() + 5
            while sum("sleeper restarted" in e for e in events) < k and time.time() < deadline:
                time.sleep(0.02)
            assert child.running and child.process.pid != pid
            assert events[-1] == f"sleeper restarted (pid {child.process.pid})"
        assert events[0] == "sleeper exited (signal 9); restarting in 0.1 s (restart 1)"
        assert sup.status() == "sleeper restarted 4x"
        time.sleep(2.2)  # ran long enough: the next restart waits the shortest delay again
        child.kill()
        assert "restarting in 0.1 s (restart 5)" in wait_for(events, "(restart 5)")
    finally:
        sup.stop()
    assert not child.running


def test_a_child_that_cannot_start_again_is_retried_with_the_next_delay(tmp_path):
    events: list[str] = []
    flag = tmp_path / "broken"
    # starts fine the first time; once the flag exists it exits at once (a port still taken, a bad config ...)
    cmd = [sys.executable, "-c", f"import os, sys, time; os.path.exists({str(flag)!r}) and sys.exit(3); time.sleep(120)"]
    child = Process("flaky", cmd, tmp_path / "flaky.log")
    sup = Supervisor([child], min_backoff_s=0.1, max_backoff_s=1.0, on_event=events.append).start()
    try:
        flag.touch()
        child.kill()
        assert "did not start again" in wait_for(events, "flaky did not start again")
        assert "exited with code 3" in wait_for(events, "flaky did not start again")
        assert "next try in 0.2 s" in wait_for(events, "flaky did not start again")
        assert "DOWN" in sup.status()
        flag.unlink()
        wait_for(events, "flaky restarted", 10)
        assert child.running
    finally:
        sup.stop()


def test_a_child_that_fails_at_the_first_start_stops_those_started_before(tmp_path):
    good = Process("good", SLEEPER, tmp_path / "good.log")
    bad = Process("bad", [sys.executable, "-c", "import sys; print('no config'); sys.exit(2)"], tmp_path / "bad.log")
    with pytest.raises(ServiceError, match="bad exited with code 2: no config"):
        Supervisor([good, bad]).start()
    assert not good.running


def test_children_get_no_secret_but_their_own():
    env = child_env(
        {"PATH": "/bin", "TEPLOVODA_INFLUX_PASSWORD": "admin", "TEPLOVODA_TELEMETRY_CONFIG": "c"}, {"X_PASSWORD": "x"}
    )
    assert env == {"PATH": "/bin", "TEPLOVODA_TELEMETRY_CONFIG": "c", "X_PASSWORD": "x"}
