"""Read EPANET ``.inp`` files into a teplovoda water network: EPANET 2.3 reads them.

The file is scanned first (:func:`teplovoda.models.water.inp_scan.scan_inp`: sizes, duplicate IDs, malformed
element lines, non-text files), then opened by the EPANET 2.3 toolkit, whose errors come back as one
line naming the file. The network keeps the file's bytes: EPANET solves the file itself (every valve
type, simple and rule-based control, pattern, curve, negative demand, tank volume curve and flow
unit), with damage and options applied as toolkit edits (:mod:`teplovoda.models.water.network`).

wntr reads the same files as the independent reference in the tests, and for its valve-layer
placement (:func:`read_wntr_model`).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from teplovoda.models.errors import InputError, ModelError
from teplovoda.models.messages import Msg
from teplovoda.models.water import network as wnet
from teplovoda.models.water import toolkit
from teplovoda.models.water.inp_scan import scan_inp

logger = logging.getLogger(__name__)

NETWORK_LIBRARY = ("Net1", "Net2", "Net3", "Net6", "ky4", "ky10")


def _reader_error(exc: BaseException, text: str) -> str:
    """One line, in our words, explaining why wntr could not read a file: the located EPANET error if there is one."""
    from wntr.epanet.exceptions import EpanetException

    chain, c = [], exc
    while c is not None and c not in chain:
        chain.append(c)
        c = c.__cause__ or c.__context__
    located = [c for c in chain if isinstance(c, EpanetException) and "line" in str(c)]
    coded = [c for c in chain if isinstance(c, EpanetException) and getattr(c, "args", None)]
    missing = [c for c in chain if isinstance(c, KeyError)]
    if located:
        # wntr leaves its message template unfilled when it has no detail: "syntax error (%s)"
        msg = str(located[0]).replace(" (%s)", "")
    elif missing:
        msg = f"refers to {_printable(repr(missing[0].args[0]))}, which the file does not define"
    elif isinstance(exc, EpanetException) and len(coded) > 1:
        msg = str(coded[-1]).replace(" (%s)", "")
    elif isinstance(exc, EpanetException):
        msg = str(exc).replace(" (%s)", "")
    elif isinstance(exc, ValueError) and not str(exc).startswith(("could not convert", "invalid literal")):
        msg = str(exc)  # wntr's own checks ("headloss must be one of ...")
    elif isinstance(exc, (IndexError, ValueError, TypeError, AttributeError)):
        # wntr's parsers index and convert fields without saying where; the scan before it checks the
        # element sections, so what is left is in the control, rule, energy, reaction or report lines
        msg = (
            "a line of [OPTIONS], [CONTROLS], [RULES], [ENERGY], [REACTIONS], [TIMES] or [REPORT] has too few fields "
            "or a text where a number belongs"
        )
    else:
        msg = f"wntr failed ({type(exc).__name__})"
    if not located and "[END]" not in text.upper():
        n_lines = text.count("\n") + 1
        msg += f"; the file has no [END] section and may be truncated (it ends at line {n_lines})"
    return _printable(" ".join(msg.split()))


def _printable(text: str, limit: int = 300) -> str:
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return out if len(out) <= limit else out[: limit - 3] + "..."


def read_wntr_model(path: str | Path):
    """Read an ``.inp`` file with wntr; any reader failure becomes one :class:`InputError` line.

    The file is scanned first (:func:`teplovoda.models.water.inp_scan.scan_inp`): size and element limits,
    duplicate IDs, malformed element lines and non-text files are refused before wntr spends memory.
    """
    import wntr

    path = Path(path)
    scan_inp(path)
    text = path.read_text(errors="replace")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            logging.getLogger("wntr").setLevel(logging.ERROR)
            return wntr.network.WaterNetworkModel(str(path))
    except Exception as exc:  # noqa: BLE001 - wntr raises many exception types for malformed files
        unreadable = Msg("water.not_inp", "not a readable EPANET .inp file: {error}", error=_reader_error(exc, text))
        raise InputError(unreadable, source=str(path)) from None


def read_inp(path: str | Path, *, name: str | None = None) -> wnet.WaterNetwork:
    """Read an EPANET ``.inp`` file (any flow units, any head-loss formula) into a water network.

    Raises
    ------
    InputError
        The file is missing, malformed, empty or refused by EPANET; the message names the file.
    """
    path = Path(path)
    scan_inp(path)
    data = path.read_bytes()
    source = wnet.InpSource(str(path), data)
    try:
        project = toolkit.Project.from_file(source.file())
    except toolkit.ToolkitError as exc:
        # EPANET's toolkit says only "Error 200: one or more errors in input file"; wntr's reader of
        # the same file names the line
        read_wntr_model(path)
        text = data.decode("utf-8", errors="replace")
        msg = f"EPANET cannot read it: {_printable(str(exc))}"
        if "[END]" not in text.upper():
            msg += f"; the file has no [END] section and may be truncated (it ends at line {text.count(chr(10)) + 1})"
        raise InputError(msg, source=str(path)) from None
    try:
        return wnet.network_from_project(project, name or path.stem, source)
    except ModelError as exc:
        raise InputError(str(exc), source=str(path)) from None
    finally:
        project.close()
