"""Every third-party module that models/, telemetry/ and ui/ import is declared in pyproject.toml's dependencies.

Imports are collected with ``ast`` over the files (every ``import`` statement, also those inside functions), the
standard library and teplovoda itself set aside, and each top-level module name mapped to the distributions that
install it with ``importlib.metadata.packages_distributions()``. A requirement with extras (``dask[distributed]``)
also declares what those extras require. A module installed only as another package's dependency (altair under
streamlit) is not declared: it works until that package drops it.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

PACKAGES = ("models", "telemetry", "ui")  # the folders installed as teplovoda.models, .telemetry, .ui
FIRST_PARTY = "teplovoda"


def imported_modules(source: str) -> set[str]:
    """Top-level names of the absolute imports in ``source`` (``import a.b`` and ``from a.b import c`` give ``a``)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def third_party_imports(root: Path = REPO, packages=PACKAGES) -> dict[str, list[str]]:
    """Third-party top-level module -> the files (relative to ``root``) importing it."""
    found: dict[str, list[str]] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            for name in imported_modules(path.read_text(encoding="utf-8")):
                if name != FIRST_PARTY and name not in sys.stdlib_module_names:
                    found.setdefault(name, []).append(str(path.relative_to(root)))
    return found


def project_requirements(root: Path = REPO) -> list[Requirement]:
    """``[project] dependencies`` of pyproject.toml, parsed."""
    with open(root / "pyproject.toml", "rb") as f:
        return [Requirement(r) for r in tomllib.load(f)["project"]["dependencies"]]


def declared_distributions(requirements: list[Requirement]) -> set[str]:
    """Canonical names of the required distributions, with those their requested extras require (one level)."""
    names = set()
    for req in requirements:
        names.add(canonicalize_name(req.name))
        for extra in req.extras:
            try:
                brought = requires(req.name) or []
            except PackageNotFoundError:
                continue  # not installed: its extras cannot be read; the import check names what is missing
            for line in brought:
                sub = Requirement(line)
                if sub.marker is not None and sub.marker.evaluate({"extra": extra}):
                    names.add(canonicalize_name(sub.name))
    return names


def undeclared(imports: dict[str, list[str]], declared: set[str], providers: dict[str, list[str]]) -> list[str]:
    """One line per imported module that no declared distribution provides (empty when all are declared)."""
    problems = []
    for module, files in sorted(imports.items()):
        dists = sorted({canonicalize_name(d) for d in providers.get(module, [])})
        where = ", ".join(files)
        if not dists:
            problems.append(f"{module} (imported by {where}) is installed by no distribution: install and declare it")
        elif not declared.intersection(dists):
            problems.append(f"{module} (imported by {where}) comes from {' or '.join(dists)}, not declared in pyproject.toml")
    return problems


def test_every_third_party_import_is_declared():
    imports = third_party_imports()
    assert {"pandapipes", "epanet", "paho", "streamlit", "altair"} <= set(imports)  # the scan sees the real imports
    problems = undeclared(imports, declared_distributions(project_requirements()), packages_distributions())
    assert problems == [], "\n".join(problems)


def test_an_undeclared_import_is_named_with_its_file_and_distribution():
    requirements = [r for r in project_requirements() if canonicalize_name(r.name) != "altair"]
    problems = undeclared(third_party_imports(), declared_distributions(requirements), packages_distributions())
    assert problems == ["altair (imported by ui/charts.py) comes from altair, not declared in pyproject.toml"]


def test_a_module_no_distribution_installs_is_reported():
    problems = undeclared({"no_such_module": ["ui/x.py"]}, set(), {})
    assert problems == ["no_such_module (imported by ui/x.py) is installed by no distribution: install and declare it"]


def test_extras_declare_what_they_bring():
    """``dask[distributed]`` declares ``distributed`` (models/montecarlo.py imports it by that name)."""
    assert "distributed" in declared_distributions([Requirement("dask[distributed]")])
    assert "distributed" not in declared_distributions([Requirement("dask")])


def test_imports_inside_functions_and_from_imports_are_collected():
    source = "import os\nfrom a.b import c\ndef f():\n    import wntr.network\nfrom . import x\n"
    assert imported_modules(source) == {"os", "a", "wntr"}
