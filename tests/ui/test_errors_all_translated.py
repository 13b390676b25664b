"""Every error a user can cause reads in Ukrainian as well as English (issue 15).

An :class:`~teplovoda.models.errors.InputError`'s detail must be a :class:`~teplovoda.models.messages.Msg` (or a
value passed on from one), never English text written at the raise site: the app and the CLI show a ``Msg`` from
the label catalogue in the reader's language, and would show plain text in English only. The walk reads the
source (``ast``), so a raise site nobody's test reaches is checked too; every ``Msg`` key written as a constant must
be in the catalogue, in both languages, under ``error.detail.`` or ``why.``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from teplovoda.ui.strings import STRINGS

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "ui", "telemetry")
# InputError and its subclasses, found in the source rather than listed by hand
_ERROR_NAMES = {"InputError"}


def _sources():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _error_classes(trees) -> set[str]:
    names = set(_ERROR_NAMES)
    changed = True
    while changed:
        changed = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                    if bases & names:
                        names.add(node.name)
                        changed = True
    return names


def english(node: ast.AST | None) -> bool:
    """Whether an expression is English text written in place (and so shown untranslated)."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and str(v.value).strip(" :;,.'\"()") for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return english(node.left) or english(node.right)
    if isinstance(node, ast.IfExp):
        return english(node.body) or english(node.orelse)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return english(func.value)
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "within" and len(node.args) >= 2:
            return english(node.args[1])
        if name == "str" and node.args:
            return english(node.args[0])
    return False


def offending_sites(trees: dict[Path, ast.AST]) -> list[str]:
    classes = _error_classes(trees.values())
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in classes:
                continue
            detail = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "message"), None)
            if english(detail):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def msg_keys(trees: dict[Path, ast.AST]) -> list[tuple[str, str]]:
    keys = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Msg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0].value))
    return keys


@pytest.fixture(scope="module")
def trees():
    return {p: ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for p in _sources()}


def test_the_checker_tells_english_from_a_message():
    sample = ast.parse(
        "InputError('plain')\n"
        "InputError(f'x {a} is wrong', source=s)\n"
        "InputError('%s bad' % a)\n"
        "InputError('a {}'.format(b))\n"
        "InputError(within(w, 'text'))\n"
        "InputError(Msg('k', 'x'))\n"
        "InputError(within(w, exc.detail))\n"
        "InputError(m if c else 'text')\n"
        "InputError(f'{a}: {b}')\n"
        "class UploadError(InputError): pass\n"
        "UploadError('too big')\n"
    )
    found = offending_sites({ROOT / "sample.py": sample})
    assert [int(s.rsplit(":", 1)[1]) for s in found] == [1, 2, 3, 4, 5, 8, 11]


def test_no_error_a_user_can_cause_is_written_in_english_only(trees):
    found = offending_sites(trees)
    assert not found, f"{len(found)} InputError details written as English text (make them Msg): " + ", ".join(found)


def test_every_message_key_is_in_the_catalogue_in_both_languages(trees):
    missing = []
    for where, key in msg_keys(trees):
        entry = STRINGS.get(f"error.detail.{key}") or STRINGS.get(f"why.{key}")
        if not entry or not entry.get("en") or not entry.get("uk"):
            missing.append(f"{where} {key}")
    assert not missing, "Msg keys missing from ui/strings.py (error.detail.<key> or why.<key>, en and uk): " + ", ".join(missing)
