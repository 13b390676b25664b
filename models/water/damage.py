"""Damage to water networks as data, and applying it to a network.

Each damage kind is a frozen dataclass; :func:`apply_damage` returns a *new* network with the damage
applied (the input is never modified) and a ``net.damage`` table naming the damaged elements
for maps and reports.

Kinds (scenario ``type``):

* ``pipe_break``: an orifice leak part-way along a pipe. The pipe is split at ``position`` (0 = its
  start node, 1 = its end node) by a new node whose elevation is interpolated; the leak is an
  EPANET emitter ``Q = Cd A sqrt(2 g p)`` (pressure-dependent, no inflow at negative pressure).
* ``pipe_closed``: a pipe out of service (closed or drained): closed, and the controls and rules
  that would open it switched off.
* ``pump_lost``: a pump without power: closed the same way.
* ``source_lost``: a reservoir or tank lost (intake destroyed, tank drained): every link to it closed.
* ``segment_isolated``: a crew closes the isolation valves around a pipe (usually a broken one):
  the valve segment containing the pipe, found from the network's valve layer with WNTR's
  ``valve_segments``, is taken out of service with every node in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import networkx as nx
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.units import CM2_PER_M2
from teplovoda.models.water import network as wnet


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


def _pipe(net: wnet.WaterNetwork, name: str) -> str:
    name = str(name)
    if name not in net.links.index or net.links.at[name, "kind"] != "pipe":
        raise InputError(f"unknown pipe {name!r} (not a pipe of network {net.name!r})")
    return name


def _record(net: wnet.WaterNetwork, element, element_type, damage, detail=""):
    row = pd.DataFrame([{"element": str(element), "element_type": element_type, "damage": damage, "detail": detail}])
    net.damage = pd.concat([net.damage, row], ignore_index=True) if len(net.damage) else row


def _break_pipes(net: wnet.WaterNetwork, breaks: list[PipeBreak]) -> None:
    """Breaks at once: pipes split by their break nodes, an orifice at each."""
    pipes = [_pipe(net, d.pipe) for d in breaks]
    if len(set(pipes)) < len(pipes):
        raise InputError(f"pipe {next(p for p in pipes if pipes.count(p) > 1)!r} breaks twice")
    nodes = [f"{p}_break" for p in pipes]
    wnet.split_pipes(net, pipes, nodes, [d.position for d in breaks])
    wnet.add_leaks(
        net,
        nodes,
        area_m2=[d.leak_area_cm2 / CM2_PER_M2 for d in breaks],
        discharge_coefficient=[d.discharge_coefficient for d in breaks],
    )
    rows = pd.DataFrame(
        {
            "element": pipes,
            "element_type": "pipe",
            "damage": PipeBreak.kind,
            "detail": [f"{d.leak_area_cm2:g} cm2 at {d.position:.0%} of length" for d in breaks],
        }
    )
    net.damage = pd.concat([net.damage, rows], ignore_index=True) if len(net.damage) else rows


def network_graph(net: wnet.WaterNetwork) -> nx.MultiDiGraph:
    """Node-link graph keyed by element names (the shape of WNTR's ``wn.to_graph()``)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(net.nodes.index)
    for name, f, t in zip(net.links.index, net.links["from_node"], net.links["to_node"]):
        g.add_edge(f, t, key=name)
    return g


def valve_segments(net: wnet.WaterNetwork) -> tuple[pd.Series, pd.Series]:
    """Segment number of every node and link, bounded by the network's isolation valves (WNTR's algorithm)."""
    import wntr

    layer = net.isolation_valves
    valve_layer = pd.DataFrame({"link": layer["pipe"].astype(str).to_numpy(), "node": layer["node"].astype(str).to_numpy()})
    node_seg, link_seg, _ = wntr.metrics.valve_segments(network_graph(net), valve_layer)
    return node_seg, link_seg


def _isolate_segment(net: wnet.WaterNetwork, d: SegmentIsolated) -> None:
    if not len(net.isolation_valves):
        raise InputError("segment_isolated needs isolation valves: give [isolation_valves] in the scenario")
    _pipe(net, d.pipe)
    node_seg, link_seg = valve_segments(net)
    seg = link_seg[str(d.pipe)]
    nodes = set(node_seg.index[node_seg == seg])
    links = set(link_seg.index[link_seg == seg])
    # every link in the segment or touching its nodes is cut off at a closed valve; the nodes' demands
    # stay: their people still need the water they no longer get
    touch = net.links.index[net.links["from_node"].isin(nodes) | net.links["to_node"].isin(nodes)]
    wnet.close_links(net, sorted(links | set(touch)))
    layer = net.isolation_valves
    n_valves = int((layer["pipe"].isin(links) != layer["node"].isin(nodes)).sum())
    _record(net, d.pipe, "pipe", d.kind, f"segment of {len(nodes)} nodes and {len(links)} links closed")
    for n in sorted(nodes):
        _record(net, n, "junction", "isolated", f"in the segment of pipe {d.pipe}")
    net.damage.attrs["valves_closed"] = n_valves


def apply_damage(net: wnet.WaterNetwork, damages: list[Damage]) -> wnet.WaterNetwork:
    """Return a copy of ``net`` with ``damages`` applied in order (the input is not modified).

    Raises
    ------
    InputError
        A damage names an element the network does not have.
    """
    net = net.copy()
    net.damage = pd.DataFrame(columns=wnet.DAMAGE_COLUMNS)
    batch: list[tuple[int, PipeBreak]] = []  # consecutive breaks, applied together

    def flush():
        if batch:
            try:
                _break_pipes(net, [d for _, d in batch])
            except InputError as exc:
                first = next((i for i, d in batch if str(d.pipe) not in net.links.index), batch[0][0])
                raise InputError(f"damage #{first + 1} (pipe_break): {exc.detail}") from None
            batch.clear()

    for i, d in enumerate(damages):
        if isinstance(d, PipeBreak):
            batch.append((i, d))
            continue
        flush()
        try:
            _apply_one(net, d)
        except InputError as exc:
            raise InputError(f"damage #{i + 1} ({d.kind}): {exc.detail}") from None
    flush()
    return net


def _apply_one(net: wnet.WaterNetwork, d) -> None:
    if isinstance(d, PipeClosed):
        wnet.close_links(net, [_pipe(net, d.pipe)])
        _record(net, d.pipe, "pipe", d.kind)
    elif isinstance(d, PumpLost):
        name = str(d.pump)
        if name not in net.links.index or net.links.at[name, "kind"] != "pump":
            raise InputError(f"unknown pump {d.pump!r} (not a pump of network {net.name!r})")
        wnet.close_links(net, [name])
        _record(net, d.pump, "pump", d.kind)
    elif isinstance(d, SourceLost):
        name = str(d.source)
        if name not in net.sources.index:
            raise InputError(f"unknown source {d.source!r} (not a reservoir or tank of network {net.name!r})")
        touching = net.links.index[(net.links["from_node"] == name) | (net.links["to_node"] == name)]
        wnet.close_links(net, list(touching))
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
