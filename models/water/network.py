"""The water network store: EPANET's model of a network as tables, and the edits made to it.

A :class:`WaterNetwork` is what the rest of teplovoda reads and changes; EPANET
(:mod:`teplovoda.models.water.hydraulics`) solves it. It holds

* ``inp``: the EPANET file it was read from (its bytes), or None for a network built in code. The
  file is what EPANET solves: every valve, control, rule, pattern, curve and unit in it is honoured.
* ``edits``: what was changed since, in order, as data (:class:`AddJunction`, :class:`AddPipe`,
  :class:`SplitPipe`, :class:`AddLeak`, :class:`CloseLink`...). Each edit is one or a few toolkit
  calls (:meth:`apply`); a network built in code is nothing but edits on an empty project.
* tables for everyone else, indexed by EPANET's IDs:

  - ``nodes``: ``kind`` (junction, reservoir, tank, or break: a node a pipe break added),
    ``elevation_m`` (a reservoir's: its head), ``demand_m3_per_h`` (required demand at the start
    time), ``x_m``, ``y_m``, ``population``;
  - ``links``: ``kind`` (pipe, pump, prv, psv, pbv, fcv, tcv, gpv, pcv), ``from_node``,
    ``to_node``, ``length_m``, ``diameter_m``, ``check_valve``, ``open`` (initial status),
    ``in_service`` (False: closed by damage);
  - ``tanks``: ``elevation_m``, ``level_m``, ``min_level_m``, ``max_level_m``, ``diameter_m``,
    ``usable_volume_m3`` (volume above the minimum level, from EPANET, volume curves included);
  - ``isolation_valves``: the valve layer (``pipe``, ``node``: which pipe end each valve sits on),
    no hydraulic effect until a segment is isolated (:mod:`teplovoda.models.water.damage`);
  - ``damage``: what damage did (``element``, ``element_type``, ``damage``, ``detail``).

Tables and edits change together, only through the functions of this module.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, ModelError, within
from teplovoda.models.messages import Msg
from teplovoda.models.water import toolkit

NODE_COLUMNS = {"kind": object, "elevation_m": float, "demand_m3_per_h": float, "x_m": float, "y_m": float, "population": float}
LINK_COLUMNS = {
    "kind": object,
    "from_node": object,
    "to_node": object,
    "length_m": float,
    "diameter_m": float,
    "check_valve": bool,
    "open": bool,
    "in_service": bool,
}
TANK_COLUMNS = {
    "elevation_m": float,
    "level_m": float,
    "min_level_m": float,
    "max_level_m": float,
    "diameter_m": float,
    "usable_volume_m3": float,
}
DAMAGE_COLUMNS = ["element", "element_type", "damage", "detail"]
#: Density of water at 20 C (kg/m3; IAPWS, as pandapipes' water at 293.15 K), for pump power.
WATER_DENSITY_KG_PER_M3 = 998.1752
SOURCE_KINDS = ("reservoir", "tank")
VALVE_KINDS = tuple(toolkit.VALVE_CODE)


def _table(columns: dict, index_name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()}, index=pd.Index([], dtype=object, name=index_name))


@dataclass(frozen=True)
class InpSource:
    """An EPANET file's bytes, and where they came from (for messages)."""

    path: str
    data: bytes

    @functools.cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def file(self) -> Path:
        """A private copy of the bytes on disk (EPANET opens files only), written once per content and process."""
        p = toolkit.private_dir() / f"{self.digest}.inp"
        if not p.exists():
            tmp = p.with_suffix(f".{id(self)}.tmp")
            tmp.write_bytes(self.data)
            tmp.replace(p)
        return p


class WaterNetwork:
    """A water network: an EPANET file (or nothing), the edits made to it, and its tables (see module doc)."""

    def __init__(self, name: str = "", inp: InpSource | None = None, headloss: str = "H-W"):
        self.name = name
        self.inp = inp
        self.headloss = headloss
        self.specific_gravity = 1.0
        self.edits: list = []
        self.nodes = _table(NODE_COLUMNS, "node")
        self.links = _table(LINK_COLUMNS, "link")
        self.tanks = _table(TANK_COLUMNS, "tank")
        #: demand patterns added in code (ID -> multipliers per pattern step); a file's own stay in the file
        self.patterns: dict[str, tuple[float, ...]] = {}
        self.isolation_valves = pd.DataFrame({"pipe": pd.Series(dtype=object), "node": pd.Series(dtype=object)})
        self.damage = pd.DataFrame(columns=DAMAGE_COLUMNS)
        #: the coordinates' CRS (WKT) and each link's line (WKB), for a network read from GIS layers
        #: (:mod:`teplovoda.models.gis`); None and empty otherwise
        self.crs: str | None = None
        self.link_geometry: dict[str, bytes] = {}

    def copy(self) -> WaterNetwork:
        return copy.deepcopy(self)

    def key(self) -> tuple:
        """What EPANET solves: the file and the edits (equal keys, equal projects)."""
        return (self.inp.digest if self.inp else None, self.headloss, tuple(self.edits))

    def project(self) -> toolkit.Project:
        """A new EPANET project of this network (the file opened, every edit applied)."""
        p = toolkit.Project.from_file(self.inp.file()) if self.inp else toolkit.Project.empty(self.headloss)
        for e in self.edits:
            e.apply(p)
        return p

    @property
    def sources(self) -> pd.DataFrame:
        return self.nodes[self.nodes["kind"].isin(SOURCE_KINDS)]

    def pumps(self) -> list[str]:
        return self.links.index[self.links["kind"] == "pump"].tolist()

    def pipes(self) -> pd.DataFrame:
        return self.links[self.links["kind"] == "pipe"]

    def __repr__(self) -> str:
        return f"WaterNetwork({self.name!r}: {len(self.nodes)} nodes, {len(self.links)} links, {len(self.edits)} edits)"


# ---- edits: each one a few toolkit calls --------------------------------------------------------
@dataclass(frozen=True)
class AddJunction:
    name: str
    elevation_m: float
    demand_m3_per_h: float
    xy_m: tuple | None = None
    pattern: str = ""

    def apply(self, p: toolkit.Project) -> None:
        p.add_junction(self.name, self.elevation_m, self.demand_m3_per_h, self.xy_m, self.pattern)


@dataclass(frozen=True)
class AddPattern:
    name: str
    multipliers: tuple

    def apply(self, p: toolkit.Project) -> None:
        p.add_pattern(self.name, self.multipliers)


@dataclass(frozen=True)
class SetPatternTimes:
    pattern_step_s: int
    start_clock_s: int

    def apply(self, p: toolkit.Project) -> None:
        p.set_pattern_times(self.pattern_step_s, self.start_clock_s)


@dataclass(frozen=True)
class AddControl:
    link: str
    setting: float
    condition: str
    node: str | None
    value: float

    def apply(self, p: toolkit.Project) -> None:
        p.add_control(self.link, self.setting, self.condition, self.node, self.value)


@dataclass(frozen=True)
class AddReservoir:
    name: str
    head_m: float
    xy_m: tuple | None = None

    def apply(self, p: toolkit.Project) -> None:
        p.add_reservoir(self.name, self.head_m, self.xy_m)


@dataclass(frozen=True)
class AddTank:
    name: str
    elevation_m: float
    level_m: float
    min_level_m: float
    max_level_m: float
    diameter_m: float
    xy_m: tuple | None = None

    def apply(self, p: toolkit.Project) -> None:
        p.add_tank(self.name, self.elevation_m, self.level_m, self.min_level_m, self.max_level_m, self.diameter_m, self.xy_m)


@dataclass(frozen=True)
class AddPipe:
    name: str
    from_node: str
    to_node: str
    length_m: float
    diameter_m: float
    hazen_williams_c: float | None = None
    roughness_mm: float | None = None
    minor_loss: float = 0.0
    check_valve: bool = False
    open: bool = True

    def apply(self, p: toolkit.Project) -> None:
        rough = p.roughness_for(self.hazen_williams_c, self.roughness_mm, self.diameter_m)
        p.add_pipe(
            self.name, self.from_node, self.to_node, self.length_m, self.diameter_m, rough, self.minor_loss, self.check_valve
        )
        if not self.open:
            p.close_link(self.name)


@dataclass(frozen=True)
class AddPump:
    name: str
    from_node: str
    to_node: str
    flow_m3_per_h: tuple | None = None
    head_m: tuple | None = None
    power_kw: float | None = None
    speed: float = 1.0
    open: bool = True

    def apply(self, p: toolkit.Project) -> None:
        p.add_pump(
            self.name,
            self.from_node,
            self.to_node,
            flow_m3_per_h=self.flow_m3_per_h,
            head_m=self.head_m,
            power_kw=self.power_kw,
            speed=self.speed,
        )
        if not self.open:
            p.close_link(self.name)


@dataclass(frozen=True)
class AddValve:
    name: str
    kind: str
    from_node: str
    to_node: str
    diameter_m: float
    setting: float

    def apply(self, p: toolkit.Project) -> None:
        p.add_valve(self.name, self.kind, self.from_node, self.to_node, self.diameter_m, self.setting)


@dataclass(frozen=True)
class SplitPipe:
    pipe: str
    node: str
    position: float
    elevation_m: float
    xy_m: tuple | None = None

    def apply(self, p: toolkit.Project) -> None:
        p.split_pipe(self.pipe, self.node, self.position, self.elevation_m, self.xy_m)


@dataclass(frozen=True)
class AddLeak:
    node: str
    area_m2: float
    discharge_coefficient: float

    def apply(self, p: toolkit.Project) -> None:
        p.add_emitter(self.node, self.area_m2, self.discharge_coefficient)


@dataclass(frozen=True)
class SetPumpSpeed:
    """A pump on a variable-speed drive at a constant relative speed (its speed pattern, if any, off)."""

    name: str
    speed: float

    def apply(self, p: toolkit.Project) -> None:
        p.set_pump_speed(self.name, self.speed)


@dataclass(frozen=True)
class LimitSource:
    source: str
    max_flow_m3_per_h: float

    def apply(self, p: toolkit.Project) -> None:
        p.limit_source(self.source, f"{self.source}_outlet", self.max_flow_m3_per_h)


@dataclass(frozen=True)
class AddLevelControl:
    link: str
    tank: str
    stop_above_m: float
    start_below_m: float

    def apply(self, p: toolkit.Project) -> None:
        p.add_level_control(self.link, self.tank, self.stop_above_m, self.start_below_m)


@dataclass(frozen=True)
class CloseLink:
    name: str

    def apply(self, p: toolkit.Project) -> None:
        p.close_link(self.name)


# ---- reading a file -----------------------------------------------------------------------------
def network_from_project(p: toolkit.Project, name: str, inp: InpSource | None) -> WaterNetwork:
    """The tables of an opened EPANET project (demands at the start time, from a demand-driven solve)."""
    from epanet import toolkit as tk

    net = WaterNetwork(name=name, inp=inp, headloss=p.headloss)
    net.specific_gravity = float(tk.getoption(p.ph, tk.SP_GRAVITY)) or 1.0
    ids = p.node_ids()
    if not ids:
        raise ModelError(f"network {name!r} is empty: it has no junctions")
    types = p.node_types()
    elev = p.node_values(tk.ELEVATION) * p.length_m
    p.set_demand_model(False, 0.0, 0.1)
    ok, _ = p.solve()
    demand = (
        p.node_values(tk.FULLDEMAND) * p.flow_m3_per_s * 3600.0 if ok else p.node_values(tk.BASEDEMAND) * p.flow_m3_per_s * 3600.0
    )
    p.close_solver()
    xy = p.coordinates()
    kinds = np.array([toolkit.NODE_KIND[t] for t in types], dtype=object)
    net.nodes = pd.DataFrame(
        {
            "kind": kinds,
            "elevation_m": elev,
            "demand_m3_per_h": np.where(kinds == "junction", demand, 0.0),
            "x_m": xy[:, 0],
            "y_m": xy[:, 1],
            "population": 0.0,
        },
        index=pd.Index(ids, dtype=object, name="node"),
    )
    lids = p.link_ids()
    ltypes = p.link_types()
    ends = p.link_ends()
    if lids:
        from_node = [ids[a - 1] for a, _ in ends]
        to_node = [ids[b - 1] for _, b in ends]
        net.links = pd.DataFrame(
            {
                "kind": [toolkit.LINK_KIND[t] for t in ltypes],
                "from_node": from_node,
                "to_node": to_node,
                "length_m": p.link_values(tk.LENGTH) * p.length_m,
                "diameter_m": p.link_values(tk.DIAMETER) * p.diameter_m,
                "check_valve": [t == tk.CVPIPE for t in ltypes],
                "open": p.link_values(tk.INITSTATUS) > 0,
                "in_service": True,
            },
            index=pd.Index(lids, dtype=object, name="link"),
        )
        pumps = net.links["kind"] == "pump"
        net.links.loc[pumps, "length_m"] = 0.0
    is_tank = kinds == "tank"
    if is_tank.any():
        f = p.length_m
        vol = p.length_m**3
        net.tanks = pd.DataFrame(
            {
                "elevation_m": elev[is_tank],
                "level_m": p.node_values(tk.TANKLEVEL)[is_tank] * f,
                "min_level_m": p.node_values(tk.MINLEVEL)[is_tank] * f,
                "max_level_m": p.node_values(tk.MAXLEVEL)[is_tank] * f,
                "diameter_m": p.node_values(tk.TANKDIAM)[is_tank] * f,
                "usable_volume_m3": np.clip((p.node_values(tk.INITVOLUME) - p.node_values(tk.MINVOLUME))[is_tank] * vol, 0, None),
            },
            index=pd.Index(np.array(ids, dtype=object)[is_tank], dtype=object, name="tank"),
        )
    return net


# ---- building in code ---------------------------------------------------------------------------
def create_water_network(name: str = "", headloss: str = "H-W") -> WaterNetwork:
    """An empty network (m3/h and metres; ``headloss`` "H-W", "D-W" or "C-M" for every pipe)."""
    if headloss not in toolkit.HEADLOSS_CODE:
        known = ", ".join(toolkit.HEADLOSS_CODE)
        raise InputError(Msg("water.headloss", "headloss must be one of {known}, got {got}", known=known, got=repr(headloss)))
    return WaterNetwork(name=name, headloss=headloss)


def _finite(values, field: str, n: int) -> np.ndarray:
    a = np.broadcast_to(np.asarray(values, dtype=float), (n,)).copy()
    if not np.all(np.isfinite(a)):
        raise InputError(Msg("finite_numbers", "{field} must be finite numbers", field=field))
    return a


def _positive(values, field: str, names) -> np.ndarray:
    a = _finite(values, field, len(names))
    bad = ~(a > 0)
    if bad.any():
        got, name = repr(float(a[bad][0])), repr(names[int(np.argmax(bad))])
        raise InputError(
            Msg("positive", "{field} must be a positive number, got {got} for {name}", field=field, got=got, name=name)
        )
    return a


def _element(what: str) -> Msg:
    """An element kind (``junction``, ``pipe``...) in a message, with its key (``element.<kind>``)."""
    return Msg(f"element.{what}", what)


def unknown_element(what: str, name: str, network: str) -> Msg:
    """``"unknown pump 'P9' (not a pump of network 'town')"``: a name the network has no ``what`` of.

    Parameters
    ----------
    what : str
        The element kind (``"pipe"``, ``"pump"``...: an ``element.<kind>`` of the catalogue).
    name, network : str
        The element's and the network's names (shown quoted).
    """
    template = "unknown {what} {name} (not a {what} of network {network})"
    return Msg("water.unknown_element", template, what=_element(what), name=repr(name), network=repr(network))


def _check_new_names(existing: pd.Index, names: Sequence[str], what: str) -> None:
    seen = set(existing)
    for n in names:
        if not n or len(n) > 31 or any(c.isspace() for c in n) or ";" in n:
            raise InputError(
                Msg(
                    "not_epanet_id",
                    "{what} name {name} is not an EPANET ID (1-31 characters, no spaces or ';')",
                    what=_element(what),
                    name=repr(n),
                )
            )
        if n in seen:
            raise InputError(Msg("duplicate_element", "duplicate {what} name {name}", what=_element(what), name=repr(n)))
        seen.add(n)


def _xy(xy_m, n: int):
    if xy_m is None:
        return np.full((n, 2), np.nan)
    a = np.asarray(xy_m, dtype=float).reshape(n, 2)
    return a


def _node(net: WaterNetwork, name: str, what: str = "node") -> str:
    name = str(name)
    if name not in net.nodes.index:
        raise InputError(
            Msg(
                "unknown_node",
                "unknown {what} {name} (not a node of network {network})",
                what=_element(what),
                name=repr(name),
                network=repr(net.name),
            )
        )
    return name


def add_junctions(
    net: WaterNetwork, names: Sequence[str], elevation_m, *, demand_m3_per_h=0.0, xy_m=None, kind="junction", patterns=None
) -> list[str]:
    """Add junctions (demand in m3/h; negative: an inflow).

    ``patterns``: each junction's demand pattern (an ID given to :func:`add_pattern` first; '' none), its
    demand then the base demand the pattern multiplies; the ``nodes`` table keeps the start time's demand
    (base x the pattern's first multiplier: patterns start at the run's start).
    """
    names = [str(n) for n in names]
    _check_new_names(net.nodes.index, names, "junction")
    z = _finite(elevation_m, "elevation_m", len(names))
    q = _finite(demand_m3_per_h, "demand_m3_per_h", len(names))
    pats = [""] * len(names) if patterns is None else [str(p) for p in patterns]
    for pat in pats:
        if pat and pat not in net.patterns:
            raise InputError(Msg("water.unknown", "unknown {what} {name}", what=_element("pattern"), name=repr(pat)))
    xy = _xy(xy_m, len(names))
    for n, zi, qi, p, pat in zip(names, z, q, xy, pats):
        net.edits.append(AddJunction(n, float(zi), float(qi), tuple(p) if np.all(np.isfinite(p)) else None, pat))
    start = np.array([net.patterns[pat][0] if pat else 1.0 for pat in pats], dtype=float)
    rows = pd.DataFrame(
        {"kind": kind, "elevation_m": z, "demand_m3_per_h": q * start, "x_m": xy[:, 0], "y_m": xy[:, 1], "population": 0.0},
        index=pd.Index(names, dtype=object, name="node"),
    )
    net.nodes = pd.concat([net.nodes, rows]) if len(net.nodes) else rows
    return names


def add_reservoir(net: WaterNetwork, name: str, head_m: float, *, xy_m=None) -> str:
    name = str(name)
    _check_new_names(net.nodes.index, [name], "reservoir")
    h = float(_finite(head_m, "head_m", 1)[0])
    xy = _xy(xy_m, 1)[0]
    net.edits.append(AddReservoir(name, h, tuple(xy) if np.all(np.isfinite(xy)) else None))
    row = pd.DataFrame(
        {"kind": "reservoir", "elevation_m": h, "demand_m3_per_h": 0.0, "x_m": xy[0], "y_m": xy[1], "population": 0.0},
        index=pd.Index([name], dtype=object, name="node"),
    )
    net.nodes = pd.concat([net.nodes, row]) if len(net.nodes) else row
    return name


def add_tank(net, name, elevation_m, level_m, *, diameter_m, min_level_m=0.0, max_level_m=None, xy_m=None) -> str:
    """A cylindrical tank: ``level_m`` of water above its bottom at ``elevation_m``."""
    name = str(name)
    _check_new_names(net.nodes.index, [name], "tank")
    max_level_m = level_m if max_level_m is None else max_level_m
    z, lv, lo, hi = (
        float(_finite(v, f, 1)[0])
        for v, f in (
            (elevation_m, "elevation_m"),
            (level_m, "level_m"),
            (min_level_m, "min_level_m"),
            (max_level_m, "max_level_m"),
        )
    )
    d = float(_positive(diameter_m, "diameter_m", [name])[0])
    if not (0 <= lo <= lv <= hi):
        template = "tank {name}: level_m {level} must lie between min_level_m {low} and max_level_m {high} (all >= 0)"
        raise InputError(Msg("water.tank_levels", template, name=repr(name), level=repr(lv), low=repr(lo), high=repr(hi)))
    xy = _xy(xy_m, 1)[0]
    net.edits.append(AddTank(name, z, lv, lo, hi, d, tuple(xy) if np.all(np.isfinite(xy)) else None))
    row = pd.DataFrame(
        {"kind": "tank", "elevation_m": z, "demand_m3_per_h": 0.0, "x_m": xy[0], "y_m": xy[1], "population": 0.0},
        index=pd.Index([name], dtype=object, name="node"),
    )
    net.nodes = pd.concat([net.nodes, row]) if len(net.nodes) else row
    trow = pd.DataFrame(
        {
            "elevation_m": z,
            "level_m": lv,
            "min_level_m": lo,
            "max_level_m": hi,
            "diameter_m": d,
            "usable_volume_m3": math.pi / 4 * d**2 * (lv - lo),
        },
        index=pd.Index([name], dtype=object, name="tank"),
    )
    net.tanks = pd.concat([net.tanks, trow]) if len(net.tanks) else trow
    return name


def _add_link_rows(net: WaterNetwork, names, kind, from_nodes, to_nodes, length_m, diameter_m, check_valve, opened) -> None:
    rows = pd.DataFrame(
        {
            "kind": kind,
            "from_node": list(from_nodes),
            "to_node": list(to_nodes),
            "length_m": length_m,
            "diameter_m": diameter_m,
            "check_valve": check_valve,
            "open": opened,
            "in_service": True,
        },
        index=pd.Index(list(names), dtype=object, name="link"),
    )
    net.links = pd.concat([net.links, rows]) if len(net.links) else rows


def add_pipes(
    net: WaterNetwork,
    names: Sequence[str],
    from_nodes: Sequence[str],
    to_nodes: Sequence[str],
    *,
    length_m,
    diameter_m,
    hazen_williams_c=None,
    roughness_mm=None,
    minor_loss=0.0,
    check_valve=False,
    in_service=True,
) -> list[str]:
    """Add pipes; give a Hazen-Williams C or a Darcy-Weisbach sand roughness (mm)."""
    names = [str(n) for n in names]
    _check_new_names(net.links.index, names, "pipe")
    fr = [_node(net, f, "junction") for f in from_nodes]
    to = [_node(net, t, "junction") for t in to_nodes]
    n = len(names)
    length = _positive(length_m, "length_m", names)
    diam = _positive(diameter_m, "diameter_m", names)
    if (hazen_williams_c is None) == (roughness_mm is None):
        raise InputError(Msg("water.pipe_roughness", "give either hazen_williams_c or roughness_mm"))
    c = None if hazen_williams_c is None else _positive(hazen_williams_c, "hazen_williams_c", names)
    r = None if roughness_mm is None else _finite(roughness_mm, "roughness_mm", n)
    if r is not None and np.any(r < 0):
        raise InputError(Msg("water.roughness_negative", "roughness_mm must be >= 0"))
    ml = _finite(minor_loss, "minor_loss", n)
    cv = np.broadcast_to(np.asarray(check_valve, dtype=bool), (n,))
    opened = np.broadcast_to(np.asarray(in_service, dtype=bool), (n,))
    for k in range(n):
        net.edits.append(
            AddPipe(
                names[k],
                fr[k],
                to[k],
                float(length[k]),
                float(diam[k]),
                None if c is None else float(c[k]),
                None if r is None else float(r[k]),
                float(ml[k]),
                bool(cv[k]),
                bool(opened[k]),
            )
        )
    _add_link_rows(net, names, "pipe", fr, to, length, diam, cv.copy(), opened.copy())
    return names


def pump_curve_points(flow_m3_per_h: Sequence[float], head_m: Sequence[float]) -> tuple[tuple, tuple]:
    """Validated pump curve points (1 design point, 3 points, or more, flows increasing)."""
    q = np.atleast_1d(np.asarray(flow_m3_per_h, dtype=float))
    h = np.atleast_1d(np.asarray(head_m, dtype=float))
    if q.shape != h.shape or len(q) == 0:
        raise InputError(Msg("water.curve_points", "flow_m3_per_h and head_m must have the same number of points (at least 1)"))
    if not (np.all(np.isfinite(q)) and np.all(np.isfinite(h))):
        raise InputError(Msg("water.curve_finite", "pump curve points must be finite"))
    if np.any(np.diff(q) <= 0) or np.any(np.diff(h) > 0) or np.any(h < 0) or np.any(q < 0):
        raise InputError(Msg("water.curve_order", "pump curve: flows must increase and heads must not increase, both >= 0"))
    return tuple(float(x) for x in q), tuple(float(x) for x in h)


def add_pump(
    net: WaterNetwork, name, from_node, to_node, *, flow_m3_per_h=None, head_m=None, power_kw=None, speed=1.0, in_service=True
) -> str:
    """A pump with a head curve (m3/h, m) or a constant power (kW), at relative ``speed``."""
    name = str(name)
    _check_new_names(net.links.index, [name], "pump")
    fr, to = _node(net, from_node), _node(net, to_node)
    if power_kw is not None:
        pw = float(_positive(power_kw, "power_kw", [name])[0])
        edit = AddPump(name, fr, to, power_kw=pw, speed=float(speed), open=bool(in_service))
    else:
        try:
            q, h = pump_curve_points(flow_m3_per_h, head_m)
        except InputError as exc:
            raise InputError(within(Msg("water.head_curve", "pump {name}: head curve", name=repr(name)), exc.detail)) from None
        edit = AddPump(name, fr, to, flow_m3_per_h=q, head_m=h, speed=float(speed), open=bool(in_service))
    if not (speed > 0 and math.isfinite(speed)):
        raise InputError(Msg("water.pump_speed", "pump {name}: speed must be > 0", name=repr(name)))
    net.edits.append(edit)
    _add_link_rows(net, [name], "pump", [fr], [to], 0.0, np.nan, False, bool(in_service))
    return name


def add_valve(net: WaterNetwork, name, kind, from_node, to_node, *, diameter_m, setting) -> str:
    """A control valve: ``kind`` prv/psv/pbv (setting m), fcv (m3/h), tcv (loss coefficient)."""
    name = str(name)
    if kind not in VALVE_KINDS or kind in ("gpv", "pcv"):
        raise InputError(Msg("water.valve_kind", "valve kind must be prv, psv, pbv, fcv or tcv, got {got}", got=repr(kind)))
    _check_new_names(net.links.index, [name], "valve")
    fr, to = _node(net, from_node), _node(net, to_node)
    d = float(_positive(diameter_m, "diameter_m", [name])[0])
    s = float(_finite(setting, "setting", 1)[0])
    net.edits.append(AddValve(name, kind, fr, to, d, s))
    _add_link_rows(net, [name], kind, [fr], [to], 0.0, d, False, True)
    return name


def add_prv(net, name, from_node, to_node, *, setting_m, diameter_m=0.3) -> str:
    """A pressure-reducing valve holding ``setting_m`` of pressure downstream."""
    return add_valve(net, name, "prv", from_node, to_node, diameter_m=diameter_m, setting=setting_m)


def add_isolation_valves(net: WaterNetwork, links: Sequence[str], nodes: Sequence[str]) -> pd.DataFrame:
    """Place isolation valves: one on pipe ``links[i]`` at its end ``nodes[i]``."""
    rows = []
    for link, node in zip(links, nodes):
        link, node = str(link), str(node)
        if node not in net.nodes.index:
            template = "isolation valve on pipe {pipe} at unknown junction {node}"
            raise InputError(Msg("water.valve_unknown_node", template, pipe=repr(link), node=repr(node)))
        if link not in net.links.index:
            raise InputError(Msg("water.valve_unknown_pipe", "isolation valve on unknown pipe {pipe}", pipe=repr(link)))
        ends = net.links.loc[link, ["from_node", "to_node"]].tolist()
        if node not in ends:
            template = "isolation valve on pipe {pipe} at {node}: the pipe joins {start} and {end}"
            joins = {"start": repr(ends[0]), "end": repr(ends[1])}
            raise InputError(Msg("water.valve_not_at_end", template, pipe=repr(link), node=repr(node), **joins))
        rows.append((link, node))
    new = pd.DataFrame(rows, columns=["pipe", "node"])
    net.isolation_valves = pd.concat([net.isolation_valves, new], ignore_index=True).drop_duplicates(ignore_index=True)
    return new


def add_leaks(net: WaterNetwork, nodes: Sequence[str], *, area_m2, discharge_coefficient=0.75) -> None:
    """Orifice leaks ``Q = Cd A sqrt(2 g p)`` at nodes (EPANET emitters; no inflow at negative pressure)."""
    nodes = [_node(net, n) for n in nodes]
    area = _positive(area_m2, "area_m2", nodes)
    cd = _finite(discharge_coefficient, "discharge_coefficient", len(nodes))
    if np.any(~(cd > 0) | (cd > 1)):
        raise InputError(Msg("water.discharge_coefficient", "discharge_coefficient must be in (0, 1]"))
    for n, a, c in zip(nodes, area, cd):
        net.edits.append(AddLeak(n, float(a), float(c)))


def split_pipe(net: WaterNetwork, pipe: str, node: str, position: float) -> str:
    """Split a pipe at ``position`` by a new node of kind "break"; returns the second half's name."""
    return split_pipes(net, [pipe], [node], [position])[0]


def split_pipes(net: WaterNetwork, pipes: Sequence[str], nodes: Sequence[str], positions: Sequence[float]) -> list[str]:
    """Split each of ``pipes`` at its ``position`` (0..1 from its start) by a new node of kind "break".

    The first half keeps the pipe's name; the second is ``<pipe>_b`` from the new node to the old end
    (an isolation valve at that end moves onto it). Elevation and coordinates are interpolated.
    Returns the second halves' names. All at once: a sampled event breaks dozens of pipes.
    """
    pipes, nodes = [str(x) for x in pipes], [str(x) for x in nodes]
    pos = np.asarray(positions, dtype=float)
    seconds = [f"{p}_b" for p in pipes]
    _check_new_names(net.nodes.index, nodes, "node")
    _check_new_names(net.links.index, seconds, "pipe")
    rows = net.links.loc[pipes]
    a, b = rows["from_node"].to_numpy(dtype=object), rows["to_node"].to_numpy(dtype=object)
    ends_a, ends_b = net.nodes.loc[a], net.nodes.loc[b]
    z = ends_a["elevation_m"].to_numpy(float) + pos * (
        ends_b["elevation_m"].to_numpy(float) - ends_a["elevation_m"].to_numpy(float)
    )
    xa, xb = ends_a[["x_m", "y_m"]].to_numpy(float), ends_b[["x_m", "y_m"]].to_numpy(float)
    xy = xa + pos[:, None] * (xb - xa)
    for p, n, f, zi, q in zip(pipes, nodes, pos, z, xy):
        net.edits.append(SplitPipe(p, n, float(f), float(zi), tuple(float(v) for v in q) if np.all(np.isfinite(q)) else None))
    new_nodes = pd.DataFrame(
        {"kind": "break", "elevation_m": z, "demand_m3_per_h": 0.0, "x_m": xy[:, 0], "y_m": xy[:, 1], "population": 0.0},
        index=pd.Index(nodes, dtype=object, name="node"),
    )
    net.nodes = pd.concat([net.nodes, new_nodes])
    length = rows["length_m"].to_numpy(float)
    second = rows.copy()
    second.index = pd.Index(seconds, dtype=object, name="link")
    second["from_node"], second["to_node"], second["length_m"] = nodes, b, length * (1 - pos)
    net.links.loc[pipes, "to_node"] = nodes
    net.links.loc[pipes, "length_m"] = length * pos
    net.links = pd.concat([net.links, second])
    iv = net.isolation_valves
    if len(iv):
        moved = pd.MultiIndex.from_arrays([iv["pipe"], iv["node"]]).isin(list(zip(pipes, b)))
        renamed = dict(zip(pipes, seconds))
        iv.loc[moved, "pipe"] = iv.loc[moved, "pipe"].map(renamed)
    return seconds


def set_pump_speed(net: WaterNetwork, pump: str, speed: float) -> None:
    """Run ``pump`` at relative ``speed`` (1 = the speed of its curve) from the start, constantly."""
    if pump not in net.links.index or net.links.at[pump, "kind"] != "pump":
        raise InputError(unknown_element("pump", pump, net.name))
    if not (math.isfinite(speed) and 0 < speed <= 2):
        template = "pump {name}: speed must be > 0 and <= 2, got {got}"
        raise InputError(Msg("water.pump_speed_range", template, name=repr(pump), got=repr(speed)))
    net.edits.append(SetPumpSpeed(pump, float(speed)))


def limit_source(net: WaterNetwork, source: str, max_flow_m3_per_h: float) -> None:
    """Give a reservoir a capacity: at most ``max_flow_m3_per_h`` leaves it (an intake's or a treatment
    plant's). Its links then start at ``<source>_outlet`` (kind "outlet"), fed through the FCV
    ``<source>_capacity``."""
    if source not in net.nodes.index or net.nodes.at[source, "kind"] != "reservoir":
        template = "unknown reservoir {name} (only a reservoir of network {network} can have a capacity)"
        raise InputError(Msg("water.not_reservoir", template, name=repr(source), network=repr(net.name)))
    if not (math.isfinite(max_flow_m3_per_h) and max_flow_m3_per_h > 0):
        raise InputError(Msg("water.capacity_positive", "max_flow_m3_per_h of {name} must be > 0", name=repr(source)))
    outlet, plant, valve, intake = f"{source}_outlet", f"{source}_plant", f"{source}_capacity", f"{source}_intake"
    _check_new_names(net.nodes.index, [outlet, plant], "node")
    _check_new_names(net.links.index, [valve, intake], "link")
    touching = (net.links["from_node"] == source) | (net.links["to_node"] == source)
    if not touching.any():
        raise InputError(toolkit.source_without_links(source))
    others = np.where(
        net.links.loc[touching, "from_node"] == source, net.links.loc[touching, "to_node"], net.links.loc[touching, "from_node"]
    )
    ground = float(net.nodes.loc[list(others), "elevation_m"].min())
    net.edits.append(LimitSource(source, float(max_flow_m3_per_h)))
    rows = net.nodes.loc[[source, source]].copy()
    rows.index = pd.Index([outlet, plant], dtype=object, name="node")
    rows[["kind", "elevation_m", "demand_m3_per_h", "population"]] = ["outlet", ground, 0.0, 0.0]
    net.nodes = pd.concat([net.nodes, rows])
    links = net.links
    links.loc[touching & (links["from_node"] == source), "from_node"] = outlet
    links.loc[touching & (links["to_node"] == source), "to_node"] = outlet
    width = float(links.loc[touching, "diameter_m"].max())
    _add_link_rows(net, [intake], "pipe", [source], [plant], 1.0, 2 * width, False, True)
    _add_link_rows(net, [valve], "fcv", [plant], [outlet], 0.0, width, False, True)


def add_level_control(net: WaterNetwork, link: str, tank: str, *, stop_above_m: float, start_below_m: float) -> None:
    """``link`` (a pump, usually) stops when ``tank`` rises above ``stop_above_m`` and starts below
    ``start_below_m`` (levels above the tank's bottom), as EPANET simple controls."""
    if link not in net.links.index:
        raise InputError(Msg("water.unknown", "unknown {what} {name}", what=_element("link"), name=repr(link)))
    if tank not in net.tanks.index:
        raise InputError(Msg("water.unknown", "unknown {what} {name}", what=_element("tank"), name=repr(tank)))
    t = net.tanks.loc[tank]
    if not (t["min_level_m"] <= start_below_m < stop_above_m <= t["max_level_m"]):
        template = (
            "levels for {link} on tank {tank} must satisfy min_level_m {low} <= start_below_m < "
            "stop_above_m <= max_level_m {high}"
        )
        low, high = f"{t['min_level_m']:g}", f"{t['max_level_m']:g}"
        raise InputError(Msg("water.control_levels", template, link=repr(link), tank=repr(tank), low=low, high=high))
    net.edits.append(AddLevelControl(link, tank, float(stop_above_m), float(start_below_m)))


def add_pattern(net: WaterNetwork, name: str, multipliers: Sequence[float]) -> str:
    """A demand pattern: one multiplier per pattern step (:func:`set_pattern_times`), repeated after the last."""
    name = str(name)
    if not name or len(name) > 31 or any(c.isspace() for c in name) or ";" in name:
        template = "{what} name {name} is not an EPANET ID (1-31 characters, no spaces or ';')"
        raise InputError(Msg("not_epanet_id", template, what=_element("pattern"), name=repr(name)))
    if name in net.patterns:
        raise InputError(Msg("duplicate_element", "duplicate {what} name {name}", what=_element("pattern"), name=repr(name)))
    values = tuple(float(v) for v in _finite(multipliers, "multipliers", len(multipliers)))
    if not values:
        raise InputError(Msg("water.empty_pattern", "pattern {name} has no multipliers", name=repr(name)))
    net.patterns[name] = values
    net.edits.append(AddPattern(name, values))
    return name


def set_pattern_times(net: WaterNetwork, *, pattern_step_h: float = 1.0, start_clock_h: float = 0.0) -> None:
    """Every pattern's step and the clock time (hour of the day) the run starts at (EPANET's defaults: 1 h, 0)."""
    net.edits.append(SetPatternTimes(int(round(pattern_step_h * 3600)), int(round(start_clock_h * 3600))))


#: A simple control's conditions: a node's level (tank) or pressure head (junction) above or below a value
#: (m), hours since the start, the hour of the day.
CONTROL_CONDITIONS = ("above", "below", "time", "clock")


def add_control(net: WaterNetwork, link: str, status: str, *, condition: str, node: str | None = None, value: float) -> None:
    """An EPANET simple control: ``link`` goes to ``status`` when ``condition`` holds (:data:`CONTROL_CONDITIONS`).

    ``status``: ``open`` or ``closed`` for a pipe or pump, or a number: a pump's relative speed, a valve's
    setting in SI (m for PRV/PSV/PBV, m3/h for FCV, a loss coefficient for TCV). ``value``: metres for
    ``above``/``below`` (of ``node``), hours for ``time`` (since the start) and ``clock`` (0-24).
    """
    if link not in net.links.index:
        raise InputError(Msg("water.unknown", "unknown {what} {name}", what=_element("link"), name=repr(link)))
    if condition not in CONTROL_CONDITIONS:
        known = ", ".join(CONTROL_CONDITIONS)
        raise InputError(
            Msg("water.control_condition", "condition must be one of {known}, got {got}", known=known, got=repr(condition))
        )
    if condition in ("above", "below"):
        node = _node(net, node)
        if not math.isfinite(value):
            raise InputError(Msg("finite_numbers", "{field} must be finite numbers", field="level_m"))
    elif not (math.isfinite(value) and 0 <= value and (condition == "time" or value < 24)):
        template = "{condition} must be hours >= 0 (clock: below 24), got {got}"
        raise InputError(Msg("water.control_time", template, condition=condition, got=f"{value:g}"))
    kind = net.links.at[link, "kind"]
    word = str(status).strip().lower()
    if word in ("open", "closed") and kind in ("pipe", "pump"):
        setting = 1.0 if word == "open" else 0.0
    else:
        try:
            setting = float(word)
        except ValueError:
            setting = math.nan
        if kind == "pipe" or not math.isfinite(setting) or setting < 0:
            raise InputError(_control_status(link, kind, status))
    net.edits.append(AddControl(str(link), setting, condition, node if condition in ("above", "below") else None, float(value)))


def _control_status(link: str, kind: str, status) -> Msg:
    if kind == "pipe":
        return Msg(
            "water.control_status_pipe",
            "pipe {link}: status must be open or closed, got {got}",
            link=repr(link),
            got=repr(status),
        )
    if kind == "pump":
        template = "pump {link}: status must be open, closed or a speed >= 0, got {got}"
        return Msg("water.control_status_pump", template, link=repr(link), got=repr(status))
    template = "valve {link}: status must be a setting >= 0, got {got}"
    return Msg("water.control_status_valve", template, link=repr(link), got=repr(status))


def close_links(net: WaterNetwork, names: Sequence[str]) -> None:
    """Take links out of service for good (closed; controls and rules on them off)."""
    for n in names:
        if bool(net.links.at[n, "in_service"]):
            net.edits.append(CloseLink(n))
    net.links.loc[list(names), "in_service"] = False


def water_density_kg_per_m3(net: WaterNetwork) -> float:
    """Density of the network's water (kg/m3): water at 20 C times the file's specific gravity."""
    if net.inp is None:
        return WATER_DENSITY_KG_PER_M3
    return WATER_DENSITY_KG_PER_M3 * net.specific_gravity


def check_network(net: WaterNetwork) -> None:
    """Raise :class:`ModelError` if the network cannot be a water network at all (no nodes, no source).

    A network whose sources are all *out of service* (damage) is valid: nobody gets water.
    """
    if not len(net.nodes):
        raise ModelError(f"network {net.name!r} is empty: it has no junctions")
    if not net.nodes["kind"].isin(SOURCE_KINDS).any():
        raise ModelError(f"network {net.name!r} has no reservoir or tank to supply it")
