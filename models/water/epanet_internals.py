"""owa-epanet's undocumented API, in the one module of teplovoda that reaches it (the owa-epanet adapter).

Written for ``owa-epanet>=2.3.5,<2.4`` (pyproject.toml pins the same range), checked on owa-epanet
2.3.5. ``epanet.toolkit`` is a SWIG wrapper: ``getnodevalues`` and ``getlinkvalues`` fill a
``doubleArray``, whose documented reading is one ``array[i]`` call per element (0.5 ms per 1,000
values, against 3 us for :func:`as_numpy`, measured with owa-epanet 2.3.5), for every property of
every solve. :func:`as_numpy` copies the C array at once instead, relying on two things owa-epanet
does not document:

* ``doubleArray.this``: SWIG's proxy of the wrapped C pointer, ``int()`` of which is its address;
* the array is ``n`` contiguous C doubles from that address (SWIG's ``%array_class(double, ...)``).

``tests/test_adapters.py`` checks both (the attribute, and values written through the documented
``array[i] = v`` and through ``getnodevalues`` on a tiny network read back the same), and the
installed version, so that an upgrade that changes them fails there and not in a solve.
"""

from __future__ import annotations

import ctypes

import numpy as np

DISTRIBUTION = "owa-epanet"
SUPPORTED_VERSIONS = ">=2.3.5,<2.4"  # the pin in pyproject.toml: tests/test_adapters.py checks they agree
CHECKED_ON = ("2.3.5",)


def as_numpy(array, n: int) -> np.ndarray:
    """A copy of the first ``n`` values of an ``epanet.toolkit.doubleArray`` (``n`` at most its length), shape (n,)."""
    return np.ctypeslib.as_array((ctypes.c_double * n).from_address(int(array.this))).copy()


__all__ = ["as_numpy"]
