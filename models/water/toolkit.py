"""The one adapter to the EPANET 2.3 toolkit (``owa-epanet``): projects, units, edits, solves.

Every call into ``epanet.toolkit`` goes through this module, so a change of the toolkit's API breaks
here and in ``tests/models/water/test_toolkit.py``, nowhere else.

A :class:`Project` keeps the file's own flow units (EPANET's ``setflowunits`` does not convert pump
curves and controls consistently: ky4 and Net6 moved by metres when tried) and converts at its edges:
SI in (metres, m3/h, m3/s), SI out. Pressure is computed as head minus elevation (metres of water),
never read in the file's pressure units.
"""

from __future__ import annotations

import logging
import math
import tempfile
import warnings
from pathlib import Path

import numpy as np
from epanet import toolkit as tk

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.units import GRAVITY_M_PER_S2, SECONDS_PER_HOUR
from teplovoda.models.water.epanet_internals import as_numpy

logger = logging.getLogger(__name__)

#: m3/s per one unit of each EPANET flow unit code.
FLOW_M3_PER_S = {
    tk.CFS: 0.028316846592,
    tk.GPM: 6.30901964e-5,
    tk.MGD: 0.0438126364,
    tk.IMGD: 0.0526167468,
    tk.AFD: 0.0142764101,
    tk.LPS: 1e-3,
    tk.LPM: 1e-3 / 60.0,
    tk.MLD: 1e3 / 86400.0,
    tk.CMH: 1.0 / 3600.0,
    tk.CMD: 1.0 / 86400.0,
    tk.CMS: 1.0,
}
US_FLOW_UNITS = (tk.CFS, tk.GPM, tk.MGD, tk.IMGD, tk.AFD)
M_PER_FT = 0.3048
M_PER_INCH = 0.0254
M_PER_MM = 1e-3
#: metres of water per one unit of each EPANET pressure unit code (specific gravity 1).
PRESSURE_M = {tk.PSI: 0.70324961, tk.KPA: 0.10197162, tk.METERS: 1.0, tk.BAR: 10.197162, tk.FEET: M_PER_FT}

NODE_KIND = {tk.JUNCTION: "junction", tk.RESERVOIR: "reservoir", tk.TANK: "tank"}
LINK_KIND = {
    tk.CVPIPE: "pipe",
    tk.PIPE: "pipe",
    tk.PUMP: "pump",
    tk.PRV: "prv",
    tk.PSV: "psv",
    tk.PBV: "pbv",
    tk.FCV: "fcv",
    tk.TCV: "tcv",
    tk.GPV: "gpv",
    tk.PCV: "pcv",
}
VALVE_CODE = {"prv": tk.PRV, "psv": tk.PSV, "pbv": tk.PBV, "fcv": tk.FCV, "tcv": tk.TCV, "gpv": tk.GPV, "pcv": tk.PCV}
HEADLOSS = {tk.HW: "H-W", tk.DW: "D-W", 2: "C-M"}
HEADLOSS_CODE = {v: k for k, v in HEADLOSS.items()}
#: Valve kinds whose setting is a pressure (the others: flow for FCV, a loss coefficient for TCV).
PRESSURE_VALVES = ("prv", "psv", "pbv")


_PRIVATE_DIR: Path | None = None


def private_dir() -> Path:
    """This process's own directory (mode 0700, removed at exit) for the files EPANET insists on: the
    report (the toolkit prints to stdout without one) and the .inp copies it opens. Never a shared
    path another user could have planted a file in."""
    global _PRIVATE_DIR
    if _PRIVATE_DIR is None or not _PRIVATE_DIR.is_dir():
        import atexit
        import shutil

        _PRIVATE_DIR = Path(tempfile.mkdtemp(prefix="teplovoda-epanet-"))
        atexit.register(shutil.rmtree, _PRIVATE_DIR, ignore_errors=True)
    return _PRIVATE_DIR


def _report_path() -> str:
    return str(private_dir() / "report.txt")


def first_error_line(report: str) -> str:
    """EPANET's first error line of a report (``Error 213: invalid option value ...``), or ''."""
    try:
        text = Path(report).read_text(errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("Error ") and not s.startswith("Error 200"):
            return s[:300]
    return ""


#: EPANET errors a solve can end in, in words a user can act on (EPANET's own text follows in brackets).
SOLVE_ERRORS = {
    101: "EPANET ran out of memory",
    110: (
        "EPANET cannot solve the network's equations: usually nodes with demand and no open path to a "
        "source, or a pump or valve that cannot pass the flow asked of it"
    ),
    120: "EPANET cannot solve the water-quality transport",
}


def solve_error_text(exc: BaseException) -> str:
    """One line for an EPANET exception (``Error 110: ...``) from a solve."""
    text = " ".join(str(exc).split())
    code = text.split(":", 1)[0].removeprefix("Error ").strip()
    words = SOLVE_ERRORS.get(int(code)) if code.isdigit() else None
    return f"{words} ({text})" if words else text


def source_without_links(source: str) -> Msg:
    """``"source 'R1' has no links"``: a capacity given to a reservoir nothing is connected to."""
    return Msg("water.source_no_links", "source {name} has no links", name=repr(source))


def refused_edit(network: str, exc: BaseException) -> Msg:
    """``"network 'town': EPANET refused an edit: <EPANET's error>"`` (EPANET's own text kept as written)."""
    return Msg("water.refused_edit", "network {name}: EPANET refused an edit: {error}", name=repr(network), error=str(exc))


class ToolkitError(Exception):
    """EPANET refused a call; ``str(exc)`` is EPANET's own message (``Error 203: ...``)."""


def _call(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - the SWIG wrapper raises bare Exception("Error NNN: ...")
        raise ToolkitError(str(exc)) from None


class Project:
    """One in-memory EPANET project with SI accessors.

    Build one with :meth:`from_file` (an .inp file) or :meth:`empty`; change it with the ``add_*``,
    ``close_link``, ``add_emitter`` and ``split_pipe`` methods; solve it with :meth:`solve`.
    """

    def __init__(self, ph, report: str):
        self.ph = ph
        self.report = report
        units = tk.getflowunits(ph)
        self.flow_m3_per_s = FLOW_M3_PER_S[units]
        us = units in US_FLOW_UNITS
        self.length_m = M_PER_FT if us else 1.0
        self.diameter_m = M_PER_INCH if us else M_PER_MM
        self.d_w_roughness_m = M_PER_FT * 1e-3 if us else M_PER_MM  # millifeet or mm
        sg = float(tk.getoption(ph, tk.SP_GRAVITY)) or 1.0
        self.pressure_m = PRESSURE_M.get(int(tk.getoption(ph, tk.PRESS_UNITS)), self.length_m) / sg
        self.power_kw = 0.7457 if us else 1.0
        self.headloss = HEADLOSS.get(int(tk.getoption(ph, tk.HEADLOSSFORM)), "H-W")
        self._bufs: dict = {}  # toolkit arrays for bulk reads, per element kind
        self._ids = None  # node IDs, link IDs, link ends; re-read when counts change (or a split moves an end)
        self._solver_open = False
        # an emitter (a break, or the file's own) takes no water in at negative pressure: EPANET 2.3's
        # default lets it, and a break above the hydraulic grade line then sucks hundreds of m3/h in
        tk.setoption(ph, tk.EMITBACKFLOW, 0)

    @classmethod
    def from_file(cls, path: str | Path) -> Project:
        ph = tk.createproject()
        report = _report_path()
        try:
            tk.open(ph, str(path), report, "")
        except Exception as exc:  # noqa: BLE001 - see _call
            detail = first_error_line(report) or str(exc)
            tk.deleteproject(ph)
            raise ToolkitError(detail) from None
        return cls(ph, report)

    @classmethod
    def empty(cls, headloss: str = "H-W") -> Project:
        """A new project in m3/h and metres with the given head-loss formula."""
        ph = tk.createproject()
        report = _report_path()
        tk.init(ph, report, "", tk.CMH, HEADLOSS_CODE[headloss])
        return cls(ph, report)

    def close(self) -> None:
        if self.ph is not None:
            self.close_solver()
            tk.deleteproject(self.ph)
            self.ph = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    # ---- reading the model -------------------------------------------------------------------
    def count(self, what) -> int:
        return int(tk.getcount(self.ph, what))

    def node_index(self, name: str) -> int:
        return _call(tk.getnodeindex, self.ph, str(name))

    def link_index(self, name: str) -> int:
        return _call(tk.getlinkindex, self.ph, str(name))

    def node_ids(self) -> list[str]:
        if self._ids is None or len(self._ids[0]) != self.count(tk.NODECOUNT) or len(self._ids[1]) != self.count(tk.LINKCOUNT):
            nodes = [tk.getnodeid(self.ph, i) for i in range(1, self.count(tk.NODECOUNT) + 1)]
            links = [tk.getlinkid(self.ph, i) for i in range(1, self.count(tk.LINKCOUNT) + 1)]
            self._ids = (nodes, links, None, None)
        return self._ids[0]

    def link_ids(self) -> list[str]:
        self.node_ids()
        return self._ids[1]

    def node_types(self) -> list[int]:
        return [tk.getnodetype(self.ph, i) for i in range(1, self.count(tk.NODECOUNT) + 1)]

    def link_types(self) -> list[int]:
        return [tk.getlinktype(self.ph, i) for i in range(1, self.count(tk.LINKCOUNT) + 1)]

    def indexes(self):
        """(node IDs, link IDs) as pandas indexes, built once per shape of the project."""
        import pandas as pd

        self.node_ids()
        if len(self._ids) == 3 or self._ids[3] is None:
            nodes = pd.Index(self._ids[0], dtype=object, name="junction")
            links = pd.Index(self._ids[1], dtype=object, name="link")
            self._ids = (*self._ids[:3], (nodes, links))
        return self._ids[3]

    def link_ends(self) -> np.ndarray:
        """(from, to) node index (1-based) of every link, shape (links, 2)."""
        self.node_ids()
        if self._ids[2] is None:
            ends = np.array([tk.getlinknodes(self.ph, i) for i in range(1, self.count(tk.LINKCOUNT) + 1)], dtype=int)
            self._ids = (self._ids[0], self._ids[1], ends.reshape(-1, 2), self._ids[3])
        return self._ids[2]

    def coordinates(self) -> np.ndarray:
        xy = np.full((self.count(tk.NODECOUNT), 2), np.nan)
        for i in range(xy.shape[0]):
            try:
                xy[i] = tk.getcoord(self.ph, i + 1)
            except Exception:  # noqa: BLE001 - error 254: the node has no coordinates
                pass
        return xy

    def node_values(self, prop) -> np.ndarray:
        """A node property of every node, in the file's units (one toolkit call)."""
        return self._values(tk.getnodevalues, tk.NODECOUNT, prop)

    def link_values(self, prop) -> np.ndarray:
        """A link property of every link, in the file's units (one toolkit call)."""
        return self._values(tk.getlinkvalues, tk.LINKCOUNT, prop)

    def _values(self, getter, count_kind, prop) -> np.ndarray:
        n = self.count(count_kind)
        buf = self._bufs.get(count_kind)
        if buf is None or buf[1] != n:
            buf = self._bufs[count_kind] = (tk.doubleArray(max(n, 1)), n)
        getter(self.ph, prop, buf[0])
        return as_numpy(buf[0], n)

    def emitter_exponent(self) -> float:
        return float(tk.getoption(self.ph, tk.EMITEXPON))

    # ---- changing the model ------------------------------------------------------------------
    def add_junction(self, name: str, elevation_m: float, demand_m3_per_h: float = 0.0, xy_m=None, pattern: str = "") -> int:
        """A junction; ``demand_m3_per_h`` its base demand, times ``pattern`` (an added pattern's ID; '' none)."""
        i = _call(tk.addnode, self.ph, str(name), tk.JUNCTION)
        q = demand_m3_per_h / SECONDS_PER_HOUR / self.flow_m3_per_s
        _call(tk.setjuncdata, self.ph, i, elevation_m / self.length_m, q, str(pattern))
        self._set_xy(i, xy_m)
        return i

    def add_reservoir(self, name: str, head_m: float, xy_m=None) -> int:
        i = _call(tk.addnode, self.ph, str(name), tk.RESERVOIR)
        _call(tk.setnodevalue, self.ph, i, tk.ELEVATION, head_m / self.length_m)
        self._set_xy(i, xy_m)
        return i

    def add_tank(self, name, elevation_m, level_m, min_level_m, max_level_m, diameter_m, xy_m=None) -> int:
        i = _call(tk.addnode, self.ph, str(name), tk.TANK)
        f = self.length_m
        _call(tk.settankdata, self.ph, i, elevation_m / f, level_m / f, min_level_m / f, max_level_m / f, diameter_m / f, 0.0, "")
        self._set_xy(i, xy_m)
        return i

    def _set_xy(self, i: int, xy_m) -> None:
        if xy_m is not None and np.all(np.isfinite(np.asarray(xy_m, dtype=float))):
            _call(tk.setcoord, self.ph, i, float(xy_m[0]), float(xy_m[1]))

    def roughness_for(self, hazen_williams_c: float | None, roughness_mm: float | None, diameter_m: float) -> float:
        """A pipe's roughness in this project's head-loss formula and units.

        A Hazen-Williams C in a Darcy-Weisbach or Chezy-Manning project is converted to the value with
        the same head loss at 1 m/s (Colebrook; Manning's n): exact at that velocity only.
        """
        if self.headloss == "H-W":
            if hazen_williams_c is not None:
                return float(hazen_williams_c)
            return hw_c_from_roughness(roughness_mm / 1e3, diameter_m)
        if hazen_williams_c is not None:
            r_m = roughness_from_hw_c(hazen_williams_c, diameter_m)
        else:
            r_m = roughness_mm / 1e3
        if self.headloss == "D-W":
            return r_m / self.d_w_roughness_m
        return manning_n_from_roughness(r_m, diameter_m)

    def add_pipe(self, name, from_node, to_node, length_m, diameter_m, roughness, minor_loss=0.0, check_valve=False) -> int:
        kind = tk.CVPIPE if check_valve else tk.PIPE
        i = _call(tk.addlink, self.ph, str(name), kind, str(from_node), str(to_node))
        _call(tk.setpipedata, self.ph, i, length_m / self.length_m, diameter_m / self.diameter_m, roughness, minor_loss)
        return i

    def add_pump(self, name, from_node, to_node, *, flow_m3_per_h=None, head_m=None, power_kw=None, speed=1.0) -> int:
        i = _call(tk.addlink, self.ph, str(name), tk.PUMP, str(from_node), str(to_node))
        if power_kw is not None:
            _call(tk.setlinkvalue, self.ph, i, tk.PUMP_POWER, power_kw / self.power_kw)
        else:
            _call(tk.addcurve, self.ph, f"{name}__curve")
            c = tk.getcurveindex(self.ph, f"{name}__curve")
            x = [q / SECONDS_PER_HOUR / self.flow_m3_per_s for q in flow_m3_per_h]
            y = [h / self.length_m for h in head_m]
            xs, ys = tk.doubleArray(len(x)), tk.doubleArray(len(y))
            for k, (a, b) in enumerate(zip(x, y)):
                xs[k], ys[k] = a, b
            _call(tk.setcurve, self.ph, c, xs, ys, len(x))
            _call(tk.setheadcurveindex, self.ph, i, c)
        if speed != 1.0:
            _call(tk.setlinkvalue, self.ph, i, tk.INITSETTING, speed)
        return i

    def add_valve(self, name, kind, from_node, to_node, diameter_m, setting) -> int:
        """A valve; ``setting`` in SI: metres for PRV/PSV/PBV, m3/h for FCV, loss coefficient for TCV."""
        i = _call(tk.addlink, self.ph, str(name), VALVE_CODE[kind], str(from_node), str(to_node))
        _call(tk.setlinkvalue, self.ph, i, tk.DIAMETER, diameter_m / self.diameter_m)
        _call(tk.setlinkvalue, self.ph, i, tk.INITSETTING, self.setting_to_file(kind, setting))
        return i

    def setting_to_file(self, kind: str, setting: float) -> float:
        if kind in PRESSURE_VALVES:
            return setting / self.pressure_m
        if kind == "fcv":
            return setting / SECONDS_PER_HOUR / self.flow_m3_per_s
        return setting

    def setting_from_file(self, kind: str, setting: float) -> float:
        if kind in PRESSURE_VALVES:
            return setting * self.pressure_m
        if kind == "fcv":
            return setting * self.flow_m3_per_s * SECONDS_PER_HOUR
        return setting

    def split_pipe(self, pipe: str, node: str, position: float, elevation_m: float, xy_m=None) -> None:
        """Split ``pipe`` at ``position`` (0..1 from its start) by a new junction ``node``.

        The first half keeps the pipe's name and minor loss; the second half is ``<pipe>_b``, with the
        pipe's diameter, roughness and check valve. Controls on the pipe still act on its first half.
        """
        i = self.link_index(pipe)
        a, b = (tk.getnodeid(self.ph, k) for k in tk.getlinknodes(self.ph, i))  # IDs: adding a junction renumbers tanks
        length = tk.getlinkvalue(self.ph, i, tk.LENGTH)
        diameter = tk.getlinkvalue(self.ph, i, tk.DIAMETER)
        rough = tk.getlinkvalue(self.ph, i, tk.ROUGHNESS)
        kind = tk.getlinktype(self.ph, i)
        status = tk.getlinkvalue(self.ph, i, tk.INITSTATUS)
        n = self.add_junction(node, elevation_m, 0.0, xy_m)
        _call(tk.setlinknodes, self.ph, i, self.node_index(a), n)
        self._ids = None
        _call(tk.setlinkvalue, self.ph, i, tk.LENGTH, length * position)
        j = _call(tk.addlink, self.ph, f"{pipe}_b", kind, str(node), b)
        _call(tk.setpipedata, self.ph, j, length * (1 - position), diameter, rough, 0.0)
        _call(tk.setlinkvalue, self.ph, j, tk.INITSTATUS, status)

    def add_emitter(self, node: str, area_m2: float, discharge_coefficient: float) -> None:
        """An orifice ``Q = Cd A sqrt(2 g p)`` at ``node``, added to any emitter already there.

        EPANET's emitter exponent is one per project: an orifice needs 0.5 (refused otherwise).
        """
        exp = self.emitter_exponent()
        if abs(exp - 0.5) > 1e-9:
            template = "an orifice leak needs the emitter exponent 0.5; the network's [OPTIONS] sets {exponent}"
            raise InputError(Msg("water.emitter_exponent", template, exponent=f"{exp:g}"))
        i = self.node_index(node)
        c_si = discharge_coefficient * area_m2 * math.sqrt(2 * GRAVITY_M_PER_S2)  # m3/s per m^0.5
        c = c_si * math.sqrt(self.pressure_m) / self.flow_m3_per_s
        _call(tk.setnodevalue, self.ph, i, tk.EMITTER, tk.getnodevalue(self.ph, i, tk.EMITTER) + c)

    def set_pump_speed(self, name: str, speed: float) -> None:
        """Run a pump at ``speed`` whenever it runs: its initial setting, its speed pattern off, and every
        control or rule that starts it starting it at that speed (EPANET starts a pump at 1.0 otherwise)."""
        i = self.link_index(name)
        _call(tk.setlinkvalue, self.ph, i, tk.LINKPATTERN, 0)
        _call(tk.setlinkvalue, self.ph, i, tk.INITSETTING, speed)
        for k in range(1, self.count(tk.CONTROLCOUNT) + 1):
            kind, link, setting, node, level = tk.getcontrol(self.ph, k)
            if link == i and setting > 0:
                _call(tk.setcontrol, self.ph, k, kind, i, speed, node, level)
        for r in range(1, self.count(tk.RULECOUNT) + 1):
            _, n_then, n_else, _ = tk.getrule(self.ph, r)[:4]
            for n_act, get, put in ((n_then, tk.getthenaction, tk.setthenaction), (n_else, tk.getelseaction, tk.setelseaction)):
                for a in range(1, n_act + 1):
                    link, status, setting = get(self.ph, r, a)
                    if link == i and (status == tk.OPEN or setting > 0):
                        _call(put, self.ph, r, a, i, tk.OPEN, speed)

    def limit_source(self, source: str, outlet: str, max_flow_m3_per_h: float) -> None:
        """Cap a reservoir's outflow: its links move to a new junction ``outlet``, fed from the reservoir
        through a 1 m pipe twice as wide as the widest of them (``<source>_intake``, to the junction
        ``<source>_plant``: EPANET allows no valve on a reservoir) and a flow-control valve (FCV)
        ``<source>_capacity`` at ``max_flow_m3_per_h``, as wide as the widest link it feeds."""
        s = self.node_index(source)
        if tk.getnodetype(self.ph, s) != tk.RESERVOIR:
            template = "source {name}: only a reservoir (an intake, a treatment plant) can have a capacity"
            raise InputError(Msg("water.capacity_reservoir", template, name=repr(source)))
        links = [k for k in range(1, self.count(tk.LINKCOUNT) + 1) if s in tk.getlinknodes(self.ph, k)]
        if not links:
            raise InputError(source_without_links(source))
        ends = {k: [tk.getnodeid(self.ph, n) for n in tk.getlinknodes(self.ph, k)] for k in links}
        ground = min(
            tk.getnodevalue(self.ph, tk.getnodeindex(self.ph, b if a == source else a), tk.ELEVATION) for a, b in ends.values()
        )
        width = max(tk.getlinkvalue(self.ph, k, tk.DIAMETER) for k in links)
        try:
            xy = tk.getcoord(self.ph, s)
        except Exception:  # noqa: BLE001 - error 254: no coordinates
            xy = None
        self.add_junction(outlet, ground * self.length_m, 0.0, xy)
        plant = f"{source}_plant"
        self.add_junction(plant, ground * self.length_m, 0.0, xy)
        for k, (a, b) in ends.items():
            ia, ib = self.node_index(outlet if a == source else a), self.node_index(outlet if b == source else b)
            _call(tk.setlinknodes, self.ph, k, ia, ib)
        rough = self.roughness_for(150.0, None, 2 * width * self.diameter_m)
        self.add_pipe(f"{source}_intake", source, plant, 1.0, 2 * width * self.diameter_m, rough)
        v = _call(tk.addlink, self.ph, f"{source}_capacity", tk.FCV, plant, str(outlet))
        _call(tk.setlinkvalue, self.ph, v, tk.DIAMETER, width)
        _call(tk.setlinkvalue, self.ph, v, tk.INITSETTING, self.setting_to_file("fcv", max_flow_m3_per_h))
        self._ids = None

    def add_level_control(self, link: str, tank: str, stop_above_m: float, start_below_m: float) -> None:
        """Simple controls: ``link`` closes when ``tank``'s level rises above ``stop_above_m`` and opens
        below ``start_below_m`` (levels above the tank's bottom, m)."""
        i, t = self.link_index(link), self.node_index(tank)
        if tk.getnodetype(self.ph, t) != tk.TANK:
            raise InputError(Msg("water.not_tank", "{name} is not a tank", name=repr(tank)))
        _call(tk.addcontrol, self.ph, tk.HILEVEL, i, 0.0, t, stop_above_m / self.length_m)
        _call(tk.addcontrol, self.ph, tk.LOWLEVEL, i, 1.0, t, start_below_m / self.length_m)

    def add_pattern(self, name: str, multipliers) -> int:
        """A time pattern of multipliers, one per pattern step (:meth:`set_pattern_times`)."""
        _call(tk.addpattern, self.ph, str(name))
        i = tk.getpatternindex(self.ph, str(name))
        values = tk.doubleArray(len(multipliers))
        for k, v in enumerate(multipliers):
            values[k] = float(v)
        _call(tk.setpattern, self.ph, i, values, len(multipliers))
        return i

    def set_pattern_times(self, pattern_step_s: int, start_clock_s: int) -> None:
        """The pattern step and the clock time the run starts at (seconds; pattern start 0)."""
        _call(tk.settimeparam, self.ph, tk.PATTERNSTEP, int(pattern_step_s))
        _call(tk.settimeparam, self.ph, tk.STARTTIME, int(start_clock_s))

    def add_control(self, link: str, setting: float, condition: str, node: str | None, value: float) -> None:
        """One EPANET simple control: ``link`` takes ``setting`` (0 closed, 1 open, a pump's speed, a valve's
        SI setting) when ``condition`` holds: ``above``/``below`` ``value`` m (a tank's level above its bottom,
        a junction's pressure head), ``time`` (hours since the start) or ``clock`` (hour of the day) ``value``."""
        i = self.link_index(link)
        kind = LINK_KIND[tk.getlinktype(self.ph, i)]
        if kind in VALVE_CODE:
            setting = self.setting_to_file(kind, setting)
        if condition in ("above", "below"):
            n = self.node_index(node)
            scale = self.length_m if tk.getnodetype(self.ph, n) == tk.TANK else self.pressure_m
            code = tk.HILEVEL if condition == "above" else tk.LOWLEVEL
            _call(tk.addcontrol, self.ph, code, i, float(setting), n, value / scale)
            return
        code = tk.TIMER if condition == "time" else tk.TIMEOFDAY
        _call(tk.addcontrol, self.ph, code, i, float(setting), 0, float(round(value * SECONDS_PER_HOUR)))

    def simple_controls(self) -> list[dict]:
        """The project's simple controls as :meth:`add_control` takes them: ``link``, ``setting``, ``condition``,
        ``node`` (None for times), ``value`` (m, or hours)."""
        conditions = {tk.HILEVEL: "above", tk.LOWLEVEL: "below", tk.TIMER: "time", tk.TIMEOFDAY: "clock"}
        out = []
        for k in range(1, self.count(tk.CONTROLCOUNT) + 1):
            code, i, setting, n, level = tk.getcontrol(self.ph, k)
            kind = LINK_KIND[tk.getlinktype(self.ph, i)]
            row = {"link": tk.getlinkid(self.ph, i), "condition": conditions[code], "node": None}
            row["setting"] = self.setting_from_file(kind, setting) if kind in VALVE_CODE else float(setting)
            if code in (tk.HILEVEL, tk.LOWLEVEL):
                row["node"] = tk.getnodeid(self.ph, n)
                scale = self.length_m if tk.getnodetype(self.ph, n) == tk.TANK else self.pressure_m
                row["value"] = level * scale
            else:
                row["value"] = level / SECONDS_PER_HOUR
            out.append(row)
        return out

    def close_link(self, name: str) -> None:
        """Close a link for good: its initial status closed, and every control and rule acting on it off."""
        _call(tk.setlinkvalue, self.ph, self.link_index(name), tk.INITSTATUS, 0)
        self.set_link_controls(name, False)

    def set_link_controls(self, name: str, enabled: bool) -> None:
        """Switch every simple control and rule that acts on link ``name`` on or off."""
        i = self.link_index(name)
        for k in range(1, self.count(tk.CONTROLCOUNT) + 1):
            if tk.getcontrol(self.ph, k)[1] == i:
                tk.setcontrolenabled(self.ph, k, int(enabled))
        for r in range(1, self.count(tk.RULECOUNT) + 1):
            _, n_then, n_else, _ = tk.getrule(self.ph, r)[:4]
            acts = [tk.getthenaction(self.ph, r, a)[0] for a in range(1, n_then + 1)]
            acts += [tk.getelseaction(self.ph, r, a)[0] for a in range(1, n_else + 1)]
            if i in acts:
                tk.setruleenabled(self.ph, r, int(enabled))

    # ---- solving -----------------------------------------------------------------------------
    def set_demand_model(self, pdd: bool, min_pressure_m: float, required_pressure_m: float) -> None:
        if pdd:
            tk.setdemandmodel(self.ph, tk.PDA, min_pressure_m / self.pressure_m, required_pressure_m / self.pressure_m, 0.5)
        else:
            tk.setdemandmodel(self.ph, tk.DDA, 0.0, 0.1, 0.5)

    def open_solver(self) -> None:
        """Open EPANET's hydraulic solver (its matrices and node ordering) unless it is open already.

        It stays open between solves of the same project: :meth:`solve` restarts it with
        ``initH(INITFLOW)``, which resets tank levels, link status, settings and flows, and control
        times to the file's initial state, so a solve never depends on the one before (without
        ``INITFLOW`` EPANET starts from the last solve's flows and lands 1e-5 m elsewhere, within its
        tolerance). Opening it is half of a steady solve's time
        on Net6 (the ordering of the sparse matrix), done once per project instead of every solve.
        The network's structure must not change while it is open (edits are applied before).
        """
        if not self._solver_open:
            _call(tk.openH, self.ph)
            self._solver_open = True

    def solve(self) -> tuple[bool, str]:
        """Solve the hydraulics at time 0. Returns (balanced, EPANET's warning or '')."""
        ph = self.ph
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                self.open_solver()
                tk.initH(ph, tk.INITFLOW)  # flows from their initial values too, not the last solve's
                tk.runH(ph)
            except Exception as exc:  # noqa: BLE001 - see _call
                return False, solve_error_text(exc)
        trials = tk.getoption(ph, tk.TRIALS)
        iterations = tk.getstatistic(ph, tk.ITERATIONS)
        if iterations >= trials:
            err = tk.getstatistic(ph, tk.RELATIVEERROR)
            return False, f"EPANET did not balance the network in {int(trials)} trials (relative flow change {err:.2g})"
        return True, "warning" if caught else ""

    def iterations(self) -> int:
        return int(tk.getstatistic(self.ph, tk.ITERATIONS))

    def close_solver(self) -> None:
        """Close the hydraulic solver (before the network's structure changes, or for good)."""
        if self._solver_open:
            self._solver_open = False
            tk.closeH(self.ph)


# ---- friction equivalences (for a pipe given in another formula than the project's) ---------------
HW_COEFFICIENT_SI = 10.667  # EPANET's Hazen-Williams resistance coefficient for SI units
HW_FLOW_EXPONENT = 1.852
HW_DIAMETER_EXPONENT = 4.871
REFERENCE_VELOCITY_M_PER_S = 1.0
WATER_KINEMATIC_VISCOSITY_M2_PER_S = 1.1e-5 * M_PER_FT**2  # EPANET's default (1.1e-5 ft2/s, water near 20 C)


def _hw_gradient(c, d, q):
    return HW_COEFFICIENT_SI * q**HW_FLOW_EXPONENT / (c**HW_FLOW_EXPONENT * d**HW_DIAMETER_EXPONENT)


def _colebrook_factor(roughness_m, d):
    re = REFERENCE_VELOCITY_M_PER_S * d / WATER_KINEMATIC_VISCOSITY_M2_PER_S
    f = 0.02
    for _ in range(50):
        f = (-2 * math.log10(roughness_m / (3.7 * d) + 2.51 / (re * math.sqrt(f)))) ** -2
    return f


def roughness_from_hw_c(c: float, d: float) -> float:
    """Sand roughness (m) with the Hazen-Williams loss of ``c`` at 1 m/s in a pipe of diameter ``d`` (m)."""
    q = REFERENCE_VELOCITY_M_PER_S * math.pi / 4 * d**2
    f = _hw_gradient(c, d, q) * d * 2 * GRAVITY_M_PER_S2 / REFERENCE_VELOCITY_M_PER_S**2
    re = REFERENCE_VELOCITY_M_PER_S * d / WATER_KINEMATIC_VISCOSITY_M2_PER_S
    return max(3.7 * d * (10 ** (-1 / (2 * math.sqrt(f))) - 2.51 / (re * math.sqrt(f))), 1e-7)


def hw_c_from_roughness(roughness_m: float, d: float) -> float:
    """Hazen-Williams C with the Colebrook loss of ``roughness_m`` at 1 m/s in a pipe of diameter ``d``."""
    q = REFERENCE_VELOCITY_M_PER_S * math.pi / 4 * d**2
    grad = _colebrook_factor(roughness_m, d) / d * REFERENCE_VELOCITY_M_PER_S**2 / (2 * GRAVITY_M_PER_S2)
    return (HW_COEFFICIENT_SI * q**HW_FLOW_EXPONENT / (grad * d**HW_DIAMETER_EXPONENT)) ** (1 / HW_FLOW_EXPONENT)


def manning_n_from_roughness(roughness_m: float, d: float) -> float:
    """Manning's n with the Colebrook loss of ``roughness_m`` at 1 m/s (EPANET's SI Chezy-Manning form)."""
    q = REFERENCE_VELOCITY_M_PER_S * math.pi / 4 * d**2
    grad = _colebrook_factor(roughness_m, d) / d * REFERENCE_VELOCITY_M_PER_S**2 / (2 * GRAVITY_M_PER_S2)
    return math.sqrt(grad * d**5.33 / (10.294 * q**2))
