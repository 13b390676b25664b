"""Damage to water networks as data, and applying it to a network.

Each damage kind is a frozen dataclass; :func:`apply_damage` returns a *new* network with the damage
applied (the input is never modified) and a ``net["damage"]`` table naming the damaged elements
for maps and reports.

Kinds (scenario ``type``):

* ``pipe_break``: an orifice leak part-way along a pipe. The pipe is split at ``position`` (0 = its
  start node, 1 = its end node) by a new node whose elevation is interpolated; the leak is
  ``Q = Cd A sqrt(2 g p)`` (pressure-dependent, no inflow at negative pressure).
* ``pipe_closed``: a pipe out of service (closed or drained).
* ``pump_lost``: a pump without power.
* ``source_lost``: a reservoir or tank lost (intake destroyed, tank drained).
* ``segment_isolated``: a crew closes the isolation valves around a pipe (usually a broken one):
  the valve segment containing the pipe, found from the network's valve layer with WNTR's
  ``valve_segments``, is taken out of service with every node in it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import ClassVar

import networkx as nx
import numpy as np
import pandas as pd

from models.errors import InputError
from models.units import CM2_PER_M2, M_PER_KM
from models.water import network as wnet

DAMAGE_COLUMNS = ["element", "element_type", "damage", "detail"]


@dataclass(frozen=True)
class PipeBreak:
    """An orifice leak on a pipe.

    Attributes
    ----------
    pipe : str
    leak_area_cm2 : float
        Opening area of the break, cm2 (a full-bore break of a 300 mm main is about 700 cm2).
    position : float
        Fraction of the pipe length from its start node, 0..1.
    discharge_coefficient : float
        Orifice discharge coefficient, 0..1 (0.6-0.8 for breaks).
    """

    kind: ClassVar[str] = "pipe_break"
    pipe: str
    leak_area_cm2: float
    position: float = 0.5
    discharge_coefficient: float = 0.75

    def __post_init__(self):
        if not (self.leak_area_cm2 > 0):
            raise InputError(f"leak_area_cm2 must be > 0, got {self.leak_area_cm2!r}")
        if not (0.0 < self.position < 1.0):
            raise InputError(f"position must be strictly between 0 and 1, got {self.position!r}")
        if not (0.0 < self.discharge_coefficient <= 1.0):
            raise InputError(f"discharge_coefficient must be in (0, 1], got {self.discharge_coefficient!r}")


@dataclass(frozen=True)
class PipeClosed:
    kind: ClassVar[str] = "pipe_closed"
    pipe: str


@dataclass(frozen=True)
class PumpLost:
    kind: ClassVar[str] = "pump_lost"
    pump: str


@dataclass(frozen=True)
class SourceLost:
    kind: ClassVar[str] = "source_lost"
    source: str


@dataclass(frozen=True)
class SegmentIsolated:
    kind: ClassVar[str] = "segment_isolated"
    pipe: str


DAMAGE_KINDS = {cls.kind: cls for cls in (PipeBreak, PipeClosed, PumpLost, SourceLost, SegmentIsolated)}
Damage = PipeBreak | PipeClosed | PumpLost | SourceLost | SegmentIsolated


def _pipe_index(net, name: str) -> int:
    hits = net.pipe.index[(net.pipe["name"].astype(str) == str(name)) & ~wnet.is_internal(net.pipe)]
    if not len(hits):
        raise InputError(f"unknown pipe {name!r} (not a pipe of network {net.name!r})")
    return int(hits[0])


def _record(net, element, element_type, damage, detail=""):
    net["damage"] = wnet.append_rows(
        net["damage"], pd.DataFrame([{"element": str(element), "element_type": element_type, "damage": damage, "detail": detail}])
    )


def _break_pipe(net, d: PipeBreak) -> None:
    i = _pipe_index(net, d.pipe)
    row = net.pipe.loc[i]
    fj, tj = int(row.from_junction), int(row.to_junction)
    names = net.junction["name"].astype(str)
    z = net.junction.loc[[fj, tj], "height_m"].to_numpy(float)
    node = f"{d.pipe}_break"
    xy = None
    geo = net.junction_geodata if "junction_geodata" in net else None
    if geo is not None and fj in geo.index and tj in geo.index:
        a, b = geo.loc[fj, ["x", "y"]].to_numpy(float), geo.loc[tj, ["x", "y"]].to_numpy(float)
        if np.all(np.isfinite(np.r_[a, b])):
            xy = [a + d.position * (b - a)]
    j = wnet.add_junctions(net, [node], z[0] + d.position * (z[1] - z[0]), xy_m=xy, kind="break")[0]
    length_km = float(row.length_km)
    net.pipe.at[i, "length_km"] = length_km * d.position
    net.pipe.at[i, "to_junction"] = j
    second = wnet.add_pipes(
        net,
        [f"{d.pipe}_b"],
        [node],
        [names[tj]],
        length_m=length_km * (1 - d.position) * M_PER_KM,
        diameter_m=float(row.inner_diameter_mm) / 1000.0,
        hazen_williams_c=None if np.isnan(row.hazen_williams_c) else row.hazen_williams_c,
        roughness_mm=float(row.roughness_mm) if np.isnan(row.hazen_williams_c) else None,
        check_valve=bool(row.check_valve),
        in_service=bool(row.in_service),
    )[0]
    net.pipe.at[second, "loss_coefficient"] = 0.0
    # an isolation valve at the pipe's end node now sits on the second half
    iv = net["isolation_valve"]
    moved = (iv["pipe"].astype(str) == str(d.pipe)) & (iv["junction"].astype(str) == names[tj])
    iv.loc[moved, "pipe"] = f"{d.pipe}_b"
    wnet.add_leaks(
        net, [node], area_m2=d.leak_area_cm2 / CM2_PER_M2, discharge_coefficient=d.discharge_coefficient, names=[f"{d.pipe}_leak"]
    )
    _record(net, d.pipe, "pipe", d.kind, f"{d.leak_area_cm2:g} cm2 at {d.position:.0%} of length")


def network_graph(net) -> nx.MultiDiGraph:
    """Junction-link graph keyed by element names (the shape of WNTR's ``wn.to_graph()``).

    Parallel-link helper nodes and stubs are folded into the link they belong to.
    """
    names = net.junction["name"].astype(str)
    g = nx.MultiDiGraph()
    g.add_nodes_from(names[net.junction["type"] != "link_internal"])
    beyond = {}
    if "internal" in net.pipe:
        stubs = net.pipe[wnet.is_internal(net.pipe)]
        beyond = dict(zip(stubs["from_junction"], stubs["to_junction"]))
    for table, fcol, tcol in (
        ("pipe", "from_junction", "to_junction"),
        ("pump", "from_junction", "to_junction"),
        ("press_control", "from_junction", "to_junction"),
        ("valve", "junction", "element"),
    ):
        if table not in net or not len(net[table]):
            continue
        tbl = net[table]
        if table == "pipe" and "internal" in tbl:
            tbl = tbl[~wnet.is_internal(tbl)]
        if table == "valve":
            tbl = tbl[~tbl["name"].astype(str).str.startswith("__")]
        for name, f, t in zip(tbl["name"].astype(str), tbl[fcol], tbl[tcol]):
            g.add_edge(names[f], names[beyond.get(t, t)], key=name)
    return g


def valve_segments(net) -> tuple[pd.Series, pd.Series]:
    """Segment number of every node and link, bounded by the network's isolation valves (WNTR's algorithm)."""
    import wntr

    layer = net["isolation_valve"]
    valve_layer = pd.DataFrame({"link": layer["pipe"].astype(str).to_numpy(), "node": layer["junction"].astype(str).to_numpy()})
    node_seg, link_seg, _ = wntr.metrics.valve_segments(network_graph(net), valve_layer)
    return node_seg, link_seg


def _isolate_segment(net, d: SegmentIsolated) -> None:
    if not len(net["isolation_valve"]):
        raise InputError("segment_isolated needs isolation valves: give [isolation_valves] in the scenario")
    _pipe_index(net, d.pipe)
    node_seg, link_seg = valve_segments(net)
    seg = link_seg[str(d.pipe)]
    nodes = node_seg.index[node_seg == seg]
    links = set(link_seg.index[link_seg == seg])
    names = net.junction["name"].astype(str)
    j_idx = net.junction.index[names.isin(nodes)]
    # the nodes' demands stay: their people still need the water they no longer get
    net.junction.loc[j_idx, "in_service"] = False
    for table in ("pipe", "pump", "press_control"):
        if table in net and len(net[table]):
            hit = net[table]["name"].astype(str).isin(links)
            net[table].loc[hit, "in_service"] = False
    if "valve" in net and len(net.valve):
        net.valve.loc[net.valve["name"].astype(str).isin(links), "opened"] = False
    # every link touching the segment's nodes is cut off at a closed valve
    for table in ("pipe", "pump", "press_control"):
        if table in net and len(net[table]):
            touch = net[table]["from_junction"].isin(j_idx) | net[table]["to_junction"].isin(j_idx)
            net[table].loc[touch, "in_service"] = False
    n_valves = int(
        (
            (net["isolation_valve"]["pipe"].astype(str).isin(links))
            != (net["isolation_valve"]["junction"].astype(str).isin(nodes))
        ).sum()
    )
    _record(net, d.pipe, "pipe", d.kind, f"segment of {len(nodes)} nodes and {len(links)} links closed")
    for n in nodes:
        _record(net, n, "junction", "isolated", f"in the segment of pipe {d.pipe}")
    net["damage"].attrs["valves_closed"] = n_valves


def apply_damage(net, damages: list[Damage]):
    """Return a copy of ``net`` with ``damages`` applied in order (the input is not modified).

    Raises
    ------
    InputError
        A damage names an element the network does not have.
    """
    net = copy.deepcopy(net)
    net["damage"] = pd.DataFrame(columns=DAMAGE_COLUMNS)
    for i, d in enumerate(damages):
        try:
            _apply_one(net, d)
        except InputError as exc:
            raise InputError(f"damage #{i + 1} ({d.kind}): {exc.detail}") from None
    return net


def _apply_one(net, d) -> None:
    if isinstance(d, PipeBreak):
        _break_pipe(net, d)
    elif isinstance(d, PipeClosed):
        net.pipe.at[_pipe_index(net, d.pipe), "in_service"] = False
        _record(net, d.pipe, "pipe", d.kind)
    elif isinstance(d, PumpLost):
        hits = net.pump.index[net.pump["name"].astype(str) == str(d.pump)] if "pump" in net else []
        if not len(hits):
            raise InputError(f"unknown pump {d.pump!r} (not a pump of network {net.name!r})")
        net.pump.loc[hits, "in_service"] = False
        _record(net, d.pump, "pump", d.kind)
    elif isinstance(d, SourceLost):
        hits = net.ext_grid.index[
            (net.ext_grid["name"].astype(str) == str(d.source)) & net.ext_grid["kind"].isin(["reservoir", "tank"])
        ]
        if not len(hits):
            raise InputError(f"unknown source {d.source!r} (not a reservoir or tank of network {net.name!r})")
        net.ext_grid.loc[hits, "in_service"] = False
        _record(net, d.source, "source", d.kind)
    elif isinstance(d, SegmentIsolated):
        _isolate_segment(net, d)
    else:
        raise InputError(f"unknown damage {d!r}")


__all__ = [
    "PipeBreak",
    "PipeClosed",
    "PumpLost",
    "SourceLost",
    "SegmentIsolated",
    "DAMAGE_KINDS",
    "apply_damage",
    "valve_segments",
    "network_graph",
]
