"""Numba's on-disk cache for the compiled kernels of pandapipes and pandapower.

pandapipes 0.16 compiles its numba kernels at import (explicit signatures) and pandapower its Jacobian
kernels at their first call, both with ``cache=False``: every process that solves a heat network paid
about 8 s of compilation before its first pipeflow (measured on 2 cores: `bench/numba_cache.py`), and
that is every ``teplovoda heat ...`` command, every Dask worker of a heat sweep and every app server.
Numba can keep compiled kernels on disk (``cache=True``): in ``__pycache__`` beside the module, or in the
user's cache directory when site-packages is read-only, keyed by the source file's modification time and
the signature, so an upgraded library compiles afresh. The machine code is the same either way.

:func:`install` turns that cache on for those two libraries only: when either is first imported, the
decorators ``numba.jit`` and ``numba.njit`` are wrapped so that one called from a module of pandapipes or
pandapower gets ``cache=True``; any other caller (numba itself, other libraries) is passed through as it
was. ``teplovoda.models`` installs it before anything imports pandapipes or pandapower. It is the one
place that changes how those libraries build their kernels; ``TEPLOVODA_NUMBA_CACHE=0`` turns it off
(the bench measures both). A library imported before ``teplovoda.models`` keeps its own setting.

The numba adapter (``tests/test_adapters.py``): written for ``numba>=0.60`` (pyproject.toml's pin),
checked on numba 0.68.1. It relies on ``numba.jit`` and ``numba.njit`` taking ``cache=`` as a keyword
(public), on pandapipes and pandapower taking those decorators from the ``numba`` module at their import
(``from numba import jit``), and on a dispatcher's ``stats.cache_path`` naming its cache folder (None
when it has none).
"""

from __future__ import annotations

import importlib.abc
import os
import sys

DISTRIBUTION = "numba"
SUPPORTED_VERSIONS = ">=0.60"  # the pin in pyproject.toml: tests/test_adapters.py checks they agree
CHECKED_ON = ("0.68.1",)
#: Top-level packages whose kernels are cached.
PACKAGES = ("pandapipes", "pandapower")
ENV = "TEPLOVODA_NUMBA_CACHE"


def _cached(decorator):
    def wrapper(*args, **kwargs):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.split(".", 1)[0] in PACKAGES:
            kwargs["cache"] = True
        return decorator(*args, **kwargs)

    wrapper.__wrapped__ = decorator
    wrapper.__doc__ = decorator.__doc__
    return wrapper


def patch_numba() -> bool:
    """Wrap ``numba.jit`` and ``numba.njit`` (once); False if numba is missing or the cache is turned off."""
    if os.environ.get(ENV, "1").strip() == "0":
        return False
    try:
        import numba
    except ImportError:  # pandapipes and pandapower then run their pure-numpy paths
        return False
    for name in ("jit", "njit"):
        decorator = getattr(numba, name)
        if not hasattr(decorator, "__wrapped__"):
            setattr(numba, name, _cached(decorator))
    return True


class _BeforeImport(importlib.abc.MetaPathFinder):
    """Patches numba when pandapipes or pandapower is first looked up; finds nothing itself (it stays on
    ``sys.meta_path``: removing a finder while the import system walks that list would skip the next one)."""

    done = False

    def find_spec(self, fullname, path=None, target=None):
        if not self.done and fullname in PACKAGES:
            self.done = True
            patch_numba()
        return None


def install() -> None:
    """Cache the kernels of pandapipes and pandapower that are imported from now on (module doc)."""
    if any(p in sys.modules for p in PACKAGES):
        patch_numba()  # the modules already compiled keep their setting; later ones are cached
    elif not any(isinstance(f, _BeforeImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _BeforeImport())


def is_cached(dispatcher) -> bool:
    """Whether a numba dispatcher keeps its compiled code on disk (its ``stats`` name a cache folder)."""
    return dispatcher.stats.cache_path is not None
