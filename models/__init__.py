"""teplovoda's engine: pure computation (water on EPANET, heat on pandapipes, site power on pandapower).

Importing it first turns on numba's on-disk cache for pandapipes' and pandapower's kernels
(:mod:`teplovoda.models.numba_cache`): a heat solve in a new process then starts in about a second.
"""

from teplovoda.models import numba_cache

numba_cache.install()
