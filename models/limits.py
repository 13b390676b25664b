"""Limits on the work one input may ask for, in one place, and the one switch that lifts them.

A scenario or network file that asks for more than these is refused before the work starts, with
one line naming the file, the key and the limit. The limits are generous for real use (a large
city's network is some tens of thousands of elements; a blackout study a few days to a year; a
Monte Carlo sweep some hundreds of samples) and exist so that a typo or a hostile file cannot
take the machine for minutes or gigabytes.

Whoever really means it lifts every limit at once: ``teplovoda --no-limits ...`` on the command
line, or the environment variable ``TEPLOVODA_NO_LIMITS=1`` (the command-line flag sets it, so the
app, the CLI and the Python API read the same switch).
"""

from __future__ import annotations

import os

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg

#: Environment variable that lifts every limit when set to 1 (``--no-limits`` sets it).
NO_LIMITS_ENV = "TEPLOVODA_NO_LIMITS"

#: A scenario TOML file (the shipped ones are 1-10 kB).
MAX_SCENARIO_FILE_BYTES = 1_000_000
#: A CSV route table of a heat network (the shipped ones are a few kB; 100,000 routes are ~10 MB).
MAX_TABLE_FILE_BYTES = 50_000_000
#: An Excel workbook unpacked (an .xlsx is a zip of XML, about 10-20 times its size; 100,000 rows of a
#: portfolio sheet are ~30 MB unpacked). Checked from the archive's directory before anything is unpacked.
MAX_WORKBOOK_UNPACKED_BYTES = 256_000_000
#: An EPANET .inp file (a 100,000-element city network with coordinates and vertices is ~15 MB).
MAX_INP_FILE_BYTES = 64_000_000
#: One GIS layer file (GeoPackage, Shapefile, GeoJSON) of a network: GeoJSON is the largest, ~500 bytes a pipe.
MAX_GIS_FILE_BYTES = 256_000_000
#: Nodes (junctions, reservoirs, tanks) plus links (pipes, pumps, valves) of one .inp file; counted
#: by a light scan before the file is handed to wntr, which needs ~2.7 kB of memory per element.
MAX_NETWORK_ELEMENTS = 200_000
#: Blackout days simulated by a site-power scenario (``[blackout] days``).
MAX_BLACKOUT_DAYS = 366
#: Monte Carlo samples of a sweep (``[sweep] samples`` or ``--samples``).
MAX_SWEEP_SAMPLES = 10_000
#: Local worker processes of a sweep (``--workers``); each holds the networks in memory.
MAX_SWEEP_WORKERS = 64

_HOW_TO_LIFT = Msg("core.how_to_lift", "pass --no-limits or set {env}=1 if you really mean it", env=NO_LIMITS_ENV)
#: The units a limit is counted in, as words of a message (any other unit is shown as written).
_UNITS = {" bytes": Msg("core.unit.bytes", " bytes"), " elements": Msg("core.unit.elements", " elements")}


def enforced() -> bool:
    """True unless the limits are lifted (``TEPLOVODA_NO_LIMITS=1``)."""
    return os.environ.get(NO_LIMITS_ENV, "").strip() not in ("1", "true", "yes")


def lift() -> None:
    """Lift every limit for this process and its children (what ``--no-limits`` does)."""
    os.environ[NO_LIMITS_ENV] = "1"


def check(value: float, limit: float, what: str, unit: str = "", source: str | None = None) -> None:
    """Refuse ``value`` above ``limit`` (unless the limits are lifted).

    Parameters
    ----------
    value, limit : float
        The asked-for amount and its limit, in ``unit``.
    what : str
        Where the value is (e.g. ``"[blackout] -> days"``) or what was counted.
    unit : str
        Unit shown after the numbers (``" bytes"``, ``" elements"``...).
    source : str, optional
        The file, prefixed to the message.
    """
    if value > limit and enforced():
        template = "{what}: {value:,}{unit} is above the limit of {limit:,}{unit} ({how})"
        unit = _UNITS.get(unit, unit)
        raise InputError(
            Msg("core.above_limit", template, what=what, value=value, unit=unit, limit=limit, how=_HOW_TO_LIFT), source=source
        )


def over_message(what: str, limit: float, unit: str = "") -> Msg:
    """The message for a count found to exceed ``limit`` part way (a scan that stops early)."""
    template = "{what}: more than the limit of {limit:,}{unit} ({how})"
    return Msg("core.over_limit", template, what=what, limit=limit, unit=_UNITS.get(unit, unit), how=_HOW_TO_LIFT)
