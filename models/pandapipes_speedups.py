"""A vectorised replacement for one quadratic check in pandapipes 0.16, same behaviour (the pandapipes adapter).

The one module of teplovoda that reaches pandapipes' private or internal API. Written for
``pandapipes>=0.16,<0.17`` (pyproject.toml pins the same range), checked on pandapipes 0.16.0 with
pandapower 3.3.3. It relies on the internal module ``pandapipes.pf.system_index``:
``PitRegistry._check_conflict(self, entries, bucket)`` (private, replaced here), called by
``PitRegistry.add`` for every entry group; ``PitEntries.rows``, ``.cols`` and ``.mode``; and
``PitWriteMode.UNIQUE``. ``tests/test_adapters.py`` checks each of them (present, same signature,
same behaviour on a tiny registry) and the installed version, so that an upgrade that changes one
fails there, with the name, and not deep in a heat solve.

Every pipeflow, pandapipes registers the initial values of its internal tables (the "PIT") entry
group by entry group, and ``PitRegistry._check_conflict`` verifies that no group claims a
(row, column) already claimed by another: it rebuilds a Python ``set`` of every claimed pair for
every group registered, which is quadratic in the network size. On the 600-node heat town
(scenarios/heat_town_chp.toml) it was 30 % of each heat solve (about 25 ms of every pipeflow).

:func:`check_conflict` performs the same check with numpy (encoded pairs, ``np.isin``) and raises
the same ``ValueError`` with the same conflicting pairs; ``tests/models/test_pandapipes_speedups.py``
compares it with pandapipes' own method on random registries. It is installed only on the
pandapipes minor version it was written against (``pyproject.toml`` pins that minor version);
on any other version pandapipes' own method stays.
"""

from __future__ import annotations

import numpy as np
import pandapipes
from pandapipes.pf import system_index

DISTRIBUTION = "pandapipes"
SUPPORTED_VERSIONS = ">=0.16,<0.17"  # the pin in pyproject.toml: tests/test_adapters.py checks they agree
CHECKED_ON = ("0.16.0",)
PANDAPIPES_MINOR = "0.16."  # install() needs no version parser: SUPPORTED_VERSIONS is this one minor version
_ORIGINAL = system_index.PitRegistry._check_conflict


def _keys(rows: np.ndarray, cols: np.ndarray, n_cols: int) -> np.ndarray:
    return np.asarray(rows, dtype=np.int64) * n_cols + np.asarray(cols, dtype=np.int64)


def check_conflict(self, entries, bucket: list) -> None:
    """pandapipes' ``PitRegistry._check_conflict``, vectorised."""
    unique = [e for e in bucket if e.mode == system_index.PitWriteMode.UNIQUE]
    if not unique or not len(entries.rows):
        return
    rows = np.concatenate([e.rows for e in unique])
    cols = np.concatenate([e.cols for e in unique])
    if not len(rows):
        return
    n_cols = int(max(cols.max(initial=0), np.max(entries.cols, initial=0))) + 1
    new = _keys(entries.rows, entries.cols, n_cols)
    hit = np.isin(new, _keys(rows, cols, n_cols))
    if hit.any():
        conflicting = set(zip(np.asarray(entries.rows)[hit].tolist(), np.asarray(entries.cols)[hit].tolist()))
        raise ValueError(f"PIT conflict: (row, col) pairs {conflicting} are already claimed by a unique entry.")


def install() -> bool:
    """Install :func:`check_conflict` on the pandapipes version it was written for; True if installed."""
    if not pandapipes.__version__.startswith(PANDAPIPES_MINOR):
        return False
    system_index.PitRegistry._check_conflict = check_conflict
    return True


INSTALLED = install()
