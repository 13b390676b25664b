"""The disk spool keeps batches in order, survives a restart, and forgets only what was written."""

from __future__ import annotations

import pytest

from teplovoda.telemetry.influx import InfluxUnavailable
from teplovoda.telemetry.spool import Spool


def test_batches_replay_oldest_first_across_a_restart(tmp_path):
    s = Spool(tmp_path)
    for k in range(5):
        s.put([f"m v={k} {k}", f"m v={k}.5 {k}5"])
    (tmp_path / "000000000099.tmp").write_text("half-written by a crash")
    s = Spool(tmp_path)  # a new process
    assert len(s) == 5 and not list(tmp_path.glob("*.tmp"))
    got = []
    assert s.replay(got.extend) == 10
    assert got == [line for k in range(5) for line in (f"m v={k} {k}", f"m v={k}.5 {k}5")]
    assert len(s) == 0


def test_a_failed_replay_keeps_the_failed_batch_and_everything_after(tmp_path):
    s = Spool(tmp_path)
    for k in range(3):
        s.put([f"m v={k}"])
    written = []

    def flaky(lines):
        if lines == ["m v=1"]:
            raise InfluxUnavailable("down")
        written.extend(lines)

    with pytest.raises(InfluxUnavailable):
        s.replay(flaky)
    assert written == ["m v=0"] and len(s) == 2
    s.put(["m v=3"])  # new batches queue behind
    s.replay(written.extend)
    assert written == ["m v=0", "m v=1", "m v=2", "m v=3"]
