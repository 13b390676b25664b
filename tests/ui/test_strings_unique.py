"""The catalogue names each key once: in a dict literal a second entry silently replaces the first (a merge of
two blocks that both add a key would lose one translation without any error)."""

from __future__ import annotations

import ast
import collections

from tests.conftest import REPO


def test_every_catalogue_key_is_written_once():
    tree = ast.parse((REPO / "ui" / "strings.py").read_text(encoding="utf-8"))
    (catalogue,) = [n.value for n in tree.body if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "STRINGS"]
    counts = collections.Counter(k.value for k in catalogue.keys)
    assert [k for k, n in counts.items() if n > 1] == []
