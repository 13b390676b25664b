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
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from teplovoda.models.errors import InputError

DAMAGE_COLUMNS = ["element", "element_type", "damage", "detail"]


@dataclass(frozen=True)
class SourceLost:
    kind: ClassVar[str] = "source_lost"
    source: str


@dataclass(frozen=True)
class PumpLost:
    kind: ClassVar[str] = "pump_lost"
    source: str


@dataclass(frozen=True)
class SourceDerated:
    kind: ClassVar[str] = "source_derated"
    source: str
    available_fraction: float

    def __post_init__(self):
        if not (0.0 <= self.available_fraction <= 1.0):
            raise InputError(f"available_fraction must be between 0 and 1, got {self.available_fraction!r}")


@dataclass(frozen=True)
class PipeClosed:
    kind: ClassVar[str] = "pipe_closed"
    pipe: str


DAMAGE_KINDS = {cls.kind: cls for cls in (SourceLost, PumpLost, SourceDerated, PipeClosed)}
HeatDamage = SourceLost | PumpLost | SourceDerated | PipeClosed


def _source_row(net, name: str) -> int:
    hits = net["heat_source"].index[net["heat_source"]["name"].astype(str) == str(name)]
    if not len(hits):
        raise InputError(f"unknown heat source {name!r} (sources: {', '.join(net['heat_source']['name'])})")
    return int(hits[0])


def close_routes(net, pipes, *, closed: bool = True) -> None:
    """Close (or, with ``closed=False``, reopen after repair) the supply and return pipes of routes, in place."""
    for name in pipes:
        hit = net.pipe["route"].astype(str) == str(name)
        if not hit.any():
            raise InputError(f"unknown pipe {name!r} (not a route of heat network {net.name!r})")
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


def apply_damage(net, damages):
    """Return a copy of ``net`` with ``damages`` applied in order; ``net["damage"]`` lists them."""
    net = copy.deepcopy(net)
    if "original_capacity_kw" not in net["heat_source"]:
        net["heat_source"]["original_capacity_kw"] = net["heat_source"]["capacity_kw"].astype(float)
    rows = []
    for i, d in enumerate(damages):
        try:
            if isinstance(d, PipeClosed):
                close_routes(net, [d.pipe])
                rows.append((d.pipe, "pipe", d.kind, "supply and return closed"))
                continue
            r = _source_row(net, d.source)
            if isinstance(d, SourceLost):
                net["heat_source"].at[r, "in_service"] = False
                detail = ""
            elif isinstance(d, PumpLost):
                net["heat_source"].at[r, "pump_in_service"] = False
                detail = "circulation pumps without power"
            else:
                cap = float(net["heat_source"].at[r, "capacity_kw"])
                net["heat_source"].at[r, "capacity_kw"] = cap * d.available_fraction
                net["heat_source"].at[r, "in_service"] = bool(d.available_fraction > 0)
                detail = f"{d.available_fraction:.0%} of {cap:,.0f} kW left"
            rows.append((d.source, "source", d.kind, detail))
        except InputError as exc:
            raise InputError(f"damage #{i + 1} ({d.kind}): {exc.detail}") from None
    net["damage"] = pd.DataFrame(rows, columns=DAMAGE_COLUMNS)
    return net
