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

import networkx as nx
import pandas as pd

from teplovoda.models.damage import apply_all, damage_type, kinds_of, param
from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.units import CM2_PER_M2
from teplovoda.models.water import network as wnet


def _closed_pipe(net, d) -> list[tuple]:
    wnet.close_links(net, [_pipe(net, d.pipe)])
    return [(str(d.pipe), "pipe", d.kind, "")]


def _lost_pump(net, d) -> list[tuple]:
    name = str(d.pump)
    if name not in net.links.index or net.links.at[name, "kind"] != "pump":
        raise InputError(wnet.unknown_element("pump", d.pump, net.name))
    wnet.close_links(net, [name])
    return [(name, "pump", d.kind, "")]


def _lost_source(net, d) -> list[tuple]:
    name = str(d.source)
    if name not in net.sources.index:
        template = "unknown source {name} (not a reservoir or tank of network {network})"
        raise InputError(Msg("water.unknown_source", template, name=repr(d.source), network=repr(net.name)))
    touching = net.links.index[(net.links["from_node"] == name) | (net.links["to_node"] == name)]
    wnet.close_links(net, list(touching))
    return [(name, "source", d.kind, "")]


def _isolated_segment(net, d) -> list[tuple]:
    return _isolate_segment(net, d)  # defined below, with the valve-segment helpers


def _broken_pipes(net, damages) -> list[tuple]:
    return _break_pipes(net, list(damages))


@damage_type("water", "pipe_break", element="pipe", target="pipe", apply=_broken_pipes, batch=True)
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

    pipe: str
    leak_area_cm2: float = param(label="water.leak_area_cm2", gt=0, le=1e6, unit="cm2")
    position: float = param(0.5, label="water.position", gt=0, lt=1)
    discharge_coefficient: float = param(0.75, label="water.discharge_coefficient", gt=0, le=1)


@damage_type("water", "pipe_closed", element="pipe", target="pipe", apply=_closed_pipe)
class PipeClosed:
    """A pipe out of service (closed or drained)."""

    pipe: str


@damage_type("water", "pump_lost", element="pump", target="pump", apply=_lost_pump)
class PumpLost:
    """A pump without power."""

    pump: str


@damage_type("water", "source_lost", element="source", target="source", apply=_lost_source)
class SourceLost:
    """A reservoir or tank lost (intake destroyed, tank drained)."""

    source: str


@damage_type("water", "segment_isolated", element="pipe", target="pipe", apply=_isolated_segment)
class SegmentIsolated:
    """The valve segment around a pipe closed by a crew."""

    pipe: str


DAMAGE_KINDS = kinds_of("water")  # live: a type declared later is in it
Damage = PipeBreak | PipeClosed | PumpLost | SourceLost | SegmentIsolated


def _pipe(net: wnet.WaterNetwork, name: str) -> str:
    name = str(name)
    if name not in net.links.index or net.links.at[name, "kind"] != "pipe":
        raise InputError(wnet.unknown_element("pipe", name, net.name))
    return name


def _break_pipes(net: wnet.WaterNetwork, breaks: list) -> list[tuple]:
    """Breaks at once: pipes split by their break nodes, an orifice at each."""
    pipes = [_pipe(net, d.pipe) for d in breaks]
    if len(set(pipes)) < len(pipes):
        twice = next(p for p in pipes if pipes.count(p) > 1)
        raise InputError(Msg("water.breaks_twice", "pipe {name} breaks twice", name=repr(twice)))
    nodes = [f"{p}_break" for p in pipes]
    wnet.split_pipes(net, pipes, nodes, [d.position for d in breaks])
    wnet.add_leaks(
        net,
        nodes,
        area_m2=[d.leak_area_cm2 / CM2_PER_M2 for d in breaks],
        discharge_coefficient=[d.discharge_coefficient for d in breaks],
    )
    return [(p, "pipe", PipeBreak.kind, f"{d.leak_area_cm2:g} cm2 at {d.position:.0%} of length") for p, d in zip(pipes, breaks)]


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


def _isolate_segment(net: wnet.WaterNetwork, d) -> list[tuple]:
    if not len(net.isolation_valves):
        raise InputError(
            Msg("water.no_valves", "segment_isolated needs isolation valves: give [isolation_valves] in the scenario")
        )
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
    net.damage.attrs["valves_closed"] = net.damage.attrs.get("valves_closed", 0) + n_valves
    rows = [(str(d.pipe), "pipe", d.kind, f"segment of {len(nodes)} nodes and {len(links)} links closed")]
    # each node as what it is: a reservoir or tank cut off in the segment is not a junction
    kinds = net.nodes["kind"]
    return rows + [(n, str(kinds.get(n, "junction")), "isolated", f"in the segment of pipe {d.pipe}") for n in sorted(nodes)]


def apply_damage(net: wnet.WaterNetwork, damages: list[Damage]) -> wnet.WaterNetwork:
    """Return a copy of ``net`` with ``damages`` applied in order (the input is not modified).

    Raises
    ------
    InputError
        A damage names an element the network does not have.
    """
    net = net.copy()
    net.damage = pd.DataFrame(columns=wnet.DAMAGE_COLUMNS)
    rows = apply_all("water", net, list(damages))
    if rows:
        attrs = net.damage.attrs
        net.damage = pd.DataFrame(rows, columns=wnet.DAMAGE_COLUMNS)
        net.damage.attrs.update(attrs)
    return net


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
