"""Damage to district-heating networks as data; applying it returns a new network.

Kinds (scenario ``type``):

* ``source_lost``: a heat source (the central plant) struck or without fuel;
* ``pump_lost``: a source's circulation pumps without power: it can no longer push water round the
  network, so it delivers no heat to it (boilers idle);
* ``source_derated``: a source left with ``available_fraction`` of its capacity (a boiler of
  several lost, fuel rationed);
* ``pipe_closed``: a trunk main broken: both the supply and the return pipe of a route are closed
  (a crew closes the section valves to stop the loss of network water); consumers beyond it lose
  heat unless another source feeds their island.
"""

from __future__ import annotations

import copy

import pandas as pd

from teplovoda.models.damage import apply_all, damage_type, kinds_of, param
from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg

DAMAGE_COLUMNS = ["element", "element_type", "damage", "detail"]


def _lost_source(net, d) -> list[tuple]:
    net["heat_source"].at[_source_row(net, d.source), "in_service"] = False
    return [(d.source, "source", d.kind, "")]


def _lost_pumps(net, d) -> list[tuple]:
    net["heat_source"].at[_source_row(net, d.source), "pump_in_service"] = False
    return [(d.source, "source", d.kind, "circulation pumps without power")]


def _derated_source(net, d) -> list[tuple]:
    r = _source_row(net, d.source)
    cap = float(net["heat_source"].at[r, "capacity_kw"])
    net["heat_source"].at[r, "capacity_kw"] = cap * d.available_fraction
    net["heat_source"].at[r, "in_service"] = bool(d.available_fraction > 0)
    return [(d.source, "source", d.kind, f"{d.available_fraction:.0%} of {cap:,.0f} kW left")]


def _closed_route(net, d) -> list[tuple]:
    close_routes(net, [d.pipe])
    return [(d.pipe, "pipe", d.kind, "supply and return closed")]


@damage_type("heat", "source_lost", element="source", target="source", apply=_lost_source)
class SourceLost:
    """A heat source struck or without fuel."""

    source: str


@damage_type("heat", "pump_lost", element="source", target="source", apply=_lost_pumps)
class PumpLost:
    """A source's circulation pumps without power."""

    source: str


@damage_type("heat", "source_derated", element="source", target="source", apply=_derated_source)
class SourceDerated:
    """A source left with ``available_fraction`` of its capacity."""

    source: str
    available_fraction: float = param(label="heat.available_fraction", ge=0, le=1)


@damage_type("heat", "pipe_closed", element="pipe", target="pipe", apply=_closed_route)
class PipeClosed:
    """A route's supply and return pipes closed."""

    pipe: str


DAMAGE_KINDS = kinds_of("heat")  # live: a type declared later is in it
HeatDamage = SourceLost | PumpLost | SourceDerated | PipeClosed


def _source_row(net, name: str) -> int:
    hits = net["heat_source"].index[net["heat_source"]["name"].astype(str) == str(name)]
    if not len(hits):
        raise InputError(
            Msg(
                "heat.unknown_source",
                "unknown heat source {name} (sources: {known})",
                name=repr(name),
                known=", ".join(net["heat_source"]["name"]),
            )
        )
    return int(hits[0])


def close_routes(net, pipes, *, closed: bool = True) -> None:
    """Close (or, with ``closed=False``, reopen after repair) the supply and return pipes of routes, in place."""
    for name in pipes:
        hit = net.pipe["route"].astype(str) == str(name)
        if not hit.any():
            raise InputError(
                Msg(
                    "heat.unknown_pipe",
                    "unknown pipe {name} (not a route of heat network {network})",
                    name=repr(name),
                    network=repr(net.name),
                )
            )
        net.pipe.loc[hit, "in_service"] = not closed


def repair_sources(net, names, fraction: float = 1.0) -> None:
    """Put damaged sources back in service (in place), at ``fraction`` of their original capacity."""
    for name in names:
        r = _source_row(net, name)
        original = (
            float(net["heat_source"].at[r, "original_capacity_kw"])
            if "original_capacity_kw" in net["heat_source"]
            else float(net["heat_source"].at[r, "capacity_kw"])
        )
        net["heat_source"].at[r, "capacity_kw"] = original * fraction
        net["heat_source"].at[r, "in_service"] = True
        net["heat_source"].at[r, "pump_in_service"] = True


def disconnect_consumers(net, names) -> object:
    """A copy of ``net`` without the consumers ``names``: a frozen building whose risers burst is shut off at its
    valves and takes no heat (and no flow) from the network until repaired."""
    net = copy.deepcopy(net)
    hc = net["heat_consumer"]
    net["heat_consumer"] = hc[~hc["name"].astype(str).isin([str(n) for n in names])]
    return net


def apply_damage(net, damages):
    """Return a copy of ``net`` with ``damages`` applied in order; ``net["damage"]`` lists them."""
    net = copy.deepcopy(net)
    if "original_capacity_kw" not in net["heat_source"]:
        net["heat_source"]["original_capacity_kw"] = net["heat_source"]["capacity_kw"].astype(float)
    rows = apply_all("heat", net, list(damages))
    net["damage"] = pd.DataFrame(rows, columns=DAMAGE_COLUMNS)
    return net
