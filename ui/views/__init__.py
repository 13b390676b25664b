"""Page sections per scenario kind: ``form(scn, ns, elements) -> edited scenario`` and ``results(run)``.

``ns`` keys the form's widgets to the scenario file; ``elements`` are the network's damageable
element names by field (pipe, pump, source) for the damage editor.

Which module shows which kind is declared with the kind (``view`` in :mod:`teplovoda.models.kinds`);
:func:`of` imports it.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def of(kind) -> ModuleType:
    """The view module of a :class:`~teplovoda.models.kinds.ScenarioKind` (imported on first use)."""
    return importlib.import_module(kind.view)


__all__ = ["of"]
