"""No function in models/ or ui/ is longer than 100 lines: past that it always holds two ideas (STYLE.md)."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO

MAX_LINES = 100
FILES = sorted(p for folder in ("models", "ui") for p in (REPO / folder).rglob("*.py"))


def _long_functions(path, root=REPO) -> list[str]:
    """``file:line name (n lines)`` of every function (methods and nested ones too) over the limit."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(root)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_LINES
    ]


def test_the_check_sees_every_package_and_a_long_function(tmp_path):
    assert any(p.parts[-2] == "models" for p in FILES) and any(p.name == "cli.py" for p in FILES)
    long = tmp_path / "long.py"
    long.write_text("def f():\n" + "    x = 1\n" * MAX_LINES)
    assert _long_functions(long, tmp_path) == ["long.py:1 f (101 lines)"]
    long.write_text("def f():\n" + "    x = 1\n" * (MAX_LINES - 1))
    assert _long_functions(long, tmp_path) == []


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REPO)) for p in FILES])
def test_no_function_over_100_lines(path):
    assert not _long_functions(path), _long_functions(path)
