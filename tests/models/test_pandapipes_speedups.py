"""The vectorised PIT conflict check behaves exactly as pandapipes' own (models/pandapipes_speedups.py)."""

from __future__ import annotations

import ast

import numpy as np
import pandapipes
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandapipes.pf.system_index import PitEntries, PitRegistry, PitWriteMode

from teplovoda.models import pandapipes_speedups

MODES = [PitWriteMode.UNIQUE, PitWriteMode.ADDITIVE]


def _entries(draw, n_rows=12, n_cols=5):
    n = draw(st.integers(0, 8))
    rows = np.array(draw(st.lists(st.integers(0, n_rows - 1), min_size=n, max_size=n)), dtype=np.int32)
    cols = np.array(draw(st.lists(st.integers(0, n_cols - 1), min_size=n, max_size=n)), dtype=np.int32)
    return PitEntries(rows, cols, np.zeros(n), draw(st.sampled_from(MODES)))


@st.composite
def registries(draw):
    return [_entries(draw) for _ in range(draw(st.integers(0, 6)))], _entries(draw)


def _outcome(check, bucket, entries):
    try:
        check(PitRegistry(), entries, bucket)
    except ValueError as exc:
        return str(exc)
    return None


def _pairs(message: str) -> set:
    return ast.literal_eval(message.split("pairs ")[1].split(" are")[0])


def test_installed_on_the_pinned_pandapipes():
    assert pandapipes.__version__.startswith(pandapipes_speedups.PANDAPIPES_MINOR)
    assert pandapipes_speedups.INSTALLED
    assert PitRegistry._check_conflict is pandapipes_speedups.check_conflict


@settings(max_examples=400, deadline=None)
@given(registries())
def test_same_conflicts_as_pandapipes(case):
    bucket, entries = case
    original = _outcome(pandapipes_speedups._ORIGINAL, bucket, entries)
    fast = _outcome(pandapipes_speedups.check_conflict, bucket, entries)
    assert (original is None) == (fast is None)
    if original is not None:  # the same pairs named (set order may differ: compare the parsed sets)
        assert _pairs(original) == _pairs(fast)


def test_a_real_conflict_is_still_refused():
    reg = PitRegistry()
    reg.add(PitEntries(np.array([1, 2]), np.array([0, 0]), np.zeros(2)))
    with pytest.raises(ValueError, match=r"PIT conflict: \(row, col\) pairs \{\(2, 0\)\}"):
        reg.add(PitEntries(np.array([2, 3]), np.array([0, 0]), np.zeros(2)))
