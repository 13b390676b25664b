"""Steady-state hydraulics of water networks: the EPANET 2.3 toolkit solves them.

:func:`solve` opens the network's EPANET project (its .inp file with the network's edits applied,
:mod:`teplovoda.models.water.network`), solves the hydraulics at the start time and returns one
:class:`HydraulicResult`. EPANET does all of it: friction by the file's formula, pump curves, every
valve type, check valves, the simple and rule-based controls that act at the start, and demand:

* ``demand_model = "pdd"``: EPANET's pressure-driven analysis (Wagner):
  ``d = D ((p - p_min) / (p_req - p_min))**0.5`` between the thresholds, ``D`` above ``p_req``, none
  below ``p_min``;
* ``"dda"``: the classic demand-driven analysis.

Leaks (pipe breaks) are EPANET emitters, orifices ``Q = Cd A sqrt(2 g p)`` that take no inflow at
negative pressure. Nodes cut off from every reservoir and tank (behind closed pipes, stopped pumps,
closed valves) get no water: pressure NaN, ``supplied`` False, never a number EPANET happened to
compute for them. A solve EPANET cannot balance is a result with ``converged = False`` and the reason.

Projects are kept open (a few per process, keyed by file and edits), their hydraulic solver too: a
repeated solve of the same network reuses the parsed project and the solver's matrix ordering, and
EPANET's ``initH`` restarts it from the file's initial state (flows too) every time, so results never depend on
what was solved before.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from epanet import toolkit as tk
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg
from teplovoda.models.units import SECONDS_PER_HOUR
from teplovoda.models.water import network as wnet
from teplovoda.models.water.toolkit import ToolkitError, refused_edit

logger = logging.getLogger(__name__)

#: A reservoir without a capacity that delivers more than this many times the network's required demand is
#: named in the result's warnings: an EPANET reservoir is an infinite source at a fixed head, so behind a
#: break it feeds whatever the orifice takes (a DN200 break in a small town drew 12.6 x the town's demand at
#: 15 m/s), more than any intake or treatment plant delivers. Three times the demand leaves room for tanks
#: filling (Net3's river delivers 1.2 x its demand intact) and still catches a break fed without limit.
UNLIMITED_SOURCE_WARN_FACTOR = 3.0

#: Projects kept open per process.
PROJECT_CACHE_SIZE = 8
_cache: OrderedDict = OrderedDict()
_lock = threading.RLock()


@dataclass(frozen=True)
class HydraulicOptions:
    """Options of one steady hydraulic solve.

    Attributes
    ----------
    demand_model : {"pdd", "dda"}
        Pressure-driven (EPANET's PDA, Wagner) or demand-driven demand.
    min_pressure_m, required_pressure_m : float
        PDA thresholds (pressure head, m): no demand at or below the first, full demand from the second.
    max_iterations : int or None
        EPANET's trials; None keeps the file's (``[OPTIONS] TRIALS``, default 200).
    """

    demand_model: str = "pdd"
    min_pressure_m: float = 0.0
    required_pressure_m: float = 20.0
    max_iterations: int | None = None

    def __post_init__(self):
        if self.demand_model not in ("pdd", "dda"):
            got = repr(self.demand_model)
            raise InputError(Msg("water.demand_model", "demand_model must be 'pdd' or 'dda', got {got}", got=got))
        if not (0 <= self.min_pressure_m < self.required_pressure_m):
            raise InputError(Msg("water.pressures", "required_pressure_m must be greater than min_pressure_m >= 0"))
        if self.max_iterations is not None and self.max_iterations < 1:
            raise InputError(Msg("water.max_iterations", "max_iterations must be >= 1"))


@dataclass
class HydraulicResult:
    """Result of a steady solve.

    Attributes
    ----------
    converged : bool
    reason : str
        Why the solve stopped ("converged", or what failed, in one line).
    iterations : int
        EPANET's trials.
    junctions : DataFrame
        Index = node name (every node; ``type`` junction, break, reservoir or tank), ``elevation_m``,
        ``head_m``, ``pressure_m``, ``demand_required_m3_per_h``, ``demand_m3_per_h`` (delivered),
        ``leak_m3_per_h``, ``population``, ``supplied`` (connected to a source), ``min_pressure_m``,
        ``required_pressure_m``.
    links : DataFrame
        Index = link name; ``kind`` (pipe, pump, prv, psv, pbv, fcv, tcv, gpv, pcv),
        ``from_junction``, ``to_junction``, ``flow_m3_per_h`` (positive from -> to),
        ``velocity_m_per_s``, ``headloss_m``, ``status`` (open, closed, or active: a control valve throttling),
        ``power_kw`` (pumps: the power EPANET computes from head, flow and the pump's efficiency; NaN
        for other links).
    sources : DataFrame
        Index = reservoir/tank name; ``kind``, ``head_m``, ``in_service``, ``outflow_m3_per_h``
        (negative: filling), ``usable_volume_m3`` (tanks: volume above the minimum level).
    options : HydraulicOptions
    warnings : tuple of str
        EPANET's warnings that did not stop the solve (pumps that cannot deliver their head...).
    """

    converged: bool
    reason: str
    iterations: int
    junctions: pd.DataFrame
    links: pd.DataFrame
    sources: pd.DataFrame
    options: HydraulicOptions = field(default_factory=HydraulicOptions)
    warnings: tuple = ()


def _project(net: wnet.WaterNetwork):
    """The cached open project of ``net`` (the caller holds ``_lock``)."""
    key = net.key()
    p = _cache.get(key)
    if p is None:
        try:
            p = net.project()
        except ToolkitError as exc:
            raise InputError(refused_edit(net.name, exc)) from None
        _cache[key] = p
        while len(_cache) > PROJECT_CACHE_SIZE:
            _cache.popitem(last=False)[1].close()
    else:
        _cache.move_to_end(key)
    return p


def solve(net: wnet.WaterNetwork, options: HydraulicOptions | None = None) -> HydraulicResult:
    """Solve ``net`` at its start time with EPANET; never raises for a network EPANET cannot balance."""
    options = options or HydraulicOptions()
    wnet.check_network(net)
    with _lock:
        p = _project(net)
        return _solve_project(p, net, options)


def _solve_project(p, net: wnet.WaterNetwork, options: HydraulicOptions) -> HydraulicResult:
    p.set_demand_model(options.demand_model == "pdd", options.min_pressure_m, options.required_pressure_m)
    trials = tk.getoption(p.ph, tk.TRIALS)
    if options.max_iterations is not None:
        tk.setoption(p.ph, tk.TRIALS, options.max_iterations)
    try:
        ok, message = p.solve()
        result = _result(p, net, options, ok, message)  # the solver stays open for the next solve
    finally:
        tk.setoption(p.ph, tk.TRIALS, trials)
    return result


def _supplied(p, node_ids, kinds, status_open, ends) -> np.ndarray:
    """Nodes joined to a reservoir or tank through open links (kept per project for the last set of open links)."""
    key = (status_open.tobytes(), kinds.tobytes() if kinds.dtype != object else tuple(kinds))
    last = p.__dict__.get("_supplied_last")
    if last is not None and last[0] == key:
        return last[1].copy()
    n = len(node_ids)
    a, b = ends[status_open, 0] - 1, ends[status_open, 1] - 1
    g = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, label = connected_components(g, directed=False)
    # a source feeds only through an open link: a lost one (every link closed) is a component alone
    linked = np.zeros(n, dtype=bool)
    linked[a] = linked[b] = True
    fed = np.unique(label[np.isin(kinds, wnet.SOURCE_KINDS) & linked])
    supplied = np.isin(label, fed)
    p.__dict__["_supplied_last"] = (key, supplied)
    return supplied.copy()


def _column(p, table: pd.DataFrame, column: str, index: pd.Index, default) -> np.ndarray:
    """``table[column]`` in the order of the project's ``index`` (``default`` where the table lacks a row).

    The positions are found once per table index and project (a repeated solve of one network
    reuses them): comparing thousands of IDs each solve cost more than EPANET's own solve on Net6.
    """
    aligned = p.__dict__.setdefault("_aligned", {})
    hit = aligned.get(id(table.index))
    if hit is None or hit[0] is not table.index or hit[1] is not index:
        if len(aligned) > 16:
            aligned.clear()
        hit = (table.index, index, table.index.get_indexer(index))
        aligned[id(table.index)] = hit
    pos = hit[2]
    values = table[column].to_numpy()
    if (pos >= 0).all():
        return values[pos]
    out = np.full(len(pos), default, dtype=values.dtype if values.dtype != bool else object)
    out[pos >= 0] = values[pos[pos >= 0]]
    return out


_STATUS = np.array(["closed", "open", "active"], dtype=object)


@dataclass
class _Layout:
    """What a result needs of a network that does not change between solves of its project."""

    tables: tuple  # the network's nodes, links and tanks tables this was read from (by identity)
    kinds: np.ndarray
    is_source: np.ndarray
    lkinds: np.ndarray
    is_pipe: np.ndarray
    is_pump: np.ndarray
    a: np.ndarray  # links' from-node positions
    b: np.ndarray
    from_ids: np.ndarray
    to_ids: np.ndarray
    touching: np.ndarray  # nodes with an in-service link
    src: np.ndarray
    source_index: pd.Index
    usable_volume_m3: np.ndarray


def _layout(p, net: wnet.WaterNetwork) -> _Layout:
    """The project's :class:`_Layout` for ``net``'s tables, built once per project and tables."""
    tables = (net.nodes, net.links, net.tanks)
    lay = p.__dict__.get("_layout")
    if lay is not None and all(x is y for x, y in zip(lay.tables, tables, strict=True)):
        return lay
    node_index, link_index = p.indexes()
    kinds = _column(p, net.nodes, "kind", node_index, "junction").astype(object)
    is_source = (kinds == "reservoir") | (kinds == "tank")
    ends = p.link_ends()
    a, b = ends[:, 0] - 1, ends[:, 1] - 1
    lkinds = _column(p, net.links, "kind", link_index, "pipe").astype(object)
    id_array = node_index.to_numpy()
    touching = np.zeros(len(id_array), dtype=bool)
    in_service = _column(p, net.links, "in_service", link_index, True).astype(bool)
    touching[a[in_service]] = touching[b[in_service]] = True
    src = np.flatnonzero(is_source)
    lay = _Layout(
        tables=tables,
        kinds=kinds,
        is_source=is_source,
        lkinds=lkinds,
        is_pipe=lkinds == "pipe",
        is_pump=lkinds == "pump",
        a=a,
        b=b,
        from_ids=id_array[a],
        to_ids=id_array[b],
        touching=touching,
        src=src,
        source_index=pd.Index(id_array[src], dtype=object, name="source"),
        usable_volume_m3=net.tanks["usable_volume_m3"].reindex(id_array[src]).to_numpy(float),
    )
    p.__dict__["_layout"] = lay
    return lay


def unlimited_source_warnings(net: wnet.WaterNetwork, sources: pd.DataFrame, demand_m3_per_h: float) -> tuple[str, ...]:
    """One line per reservoir without a capacity that delivers more than :data:`UNLIMITED_SOURCE_WARN_FACTOR`
    times the network's required demand (``demand_m3_per_h``), naming the reservoir and how to limit it."""
    q = sources["outflow_m3_per_h"].to_numpy(float)
    if not demand_m3_per_h > 0 or not (q > UNLIMITED_SOURCE_WARN_FACTOR * demand_m3_per_h).any():  # the common case, cheaply
        return ()
    limited = {e.source for e in net.edits if isinstance(e, wnet.LimitSource)}
    res = sources[(sources["kind"] == "reservoir") & ~sources.index.isin(list(limited))]
    big = res[res["outflow_m3_per_h"] > UNLIMITED_SOURCE_WARN_FACTOR * demand_m3_per_h]
    return tuple(
        f"reservoir {name} is unlimited and delivers {q:,.0f} m3/h, {q / demand_m3_per_h:.1f} x the network's demand of "
        f"{demand_m3_per_h:,.0f} m3/h: give it its intake's or treatment plant's capacity ([[sources]] max_flow_m3_per_h)"
        for name, q in big["outflow_m3_per_h"].items()
    )


def _result(p, net: wnet.WaterNetwork, options: HydraulicOptions, ok: bool, message: str) -> HydraulicResult:
    ids = p.node_ids()
    node_index, link_index = p.indexes()
    lay = _layout(p, net)
    kinds, is_source, a, b = lay.kinds, lay.is_source, lay.a, lay.b
    q_factor = p.flow_m3_per_s * SECONDS_PER_HOUR
    z = p.node_values(tk.ELEVATION) * p.length_m
    head = p.node_values(tk.HEAD) * p.length_m
    lids = p.link_ids()
    status = p.link_values(tk.STATUS)
    is_open = status > 0
    supplied = _supplied(p, ids, kinds, is_open, p.link_ends())
    required = p.node_values(tk.FULLDEMAND) * q_factor
    delivered = p.node_values(tk.DEMANDFLOW) * q_factor if options.demand_model == "pdd" else p.node_values(tk.DEMAND) * q_factor
    # EPANET's PDA leaves round-off (-1e-6 m3/h) at nodes below the minimum pressure
    delivered = np.where(required >= 0, np.clip(delivered, 0.0, np.maximum(required, 0.0)), delivered)
    leak = (p.node_values(tk.EMITTERFLOW) + p.node_values(tk.LEAKAGEFLOW)) * q_factor
    demand_node = ~is_source
    head_all = head
    head = np.where(supplied, head, np.nan)
    n = len(ids)
    junctions = pd.DataFrame(
        {
            "type": kinds,
            "elevation_m": z,
            "head_m": head,
            # a source's own pressure is 0 (a free surface) while it feeds anything, else unknown
            "pressure_m": np.where(is_source, np.where(supplied, 0.0, np.nan), head - z),
            "demand_required_m3_per_h": np.where(demand_node, required, 0.0),
            "demand_m3_per_h": np.where(demand_node & supplied, delivered, 0.0),
            "leak_m3_per_h": np.where(supplied, np.clip(leak, 0, None), 0.0),
            "population": _column(p, net.nodes, "population", node_index, 0.0).astype(float),
            "supplied": supplied,
            "min_pressure_m": np.full(n, float(options.min_pressure_m)),
            "required_pressure_m": np.full(n, float(options.required_pressure_m)),
        },
        index=node_index,
    )
    flow = np.where(is_open, p.link_values(tk.FLOW) * q_factor, 0.0)
    velocity = np.where(is_open & lay.is_pipe, p.link_values(tk.VELOCITY) * p.length_m, 0.0)
    links = pd.DataFrame(
        {
            "kind": lay.lkinds,
            "from_junction": lay.from_ids,
            "to_junction": lay.to_ids,
            "flow_m3_per_h": flow,
            "velocity_m_per_s": np.abs(velocity) * np.sign(flow),
            "headloss_m": head[a] - head[b],
            "status": _STATUS[np.minimum(status, 2).astype(int) * is_open],
            "power_kw": np.where(lay.is_pump, np.where(is_open, p.link_values(tk.ENERGY), 0.0), np.nan),
        },
        index=link_index,
    )
    src = lay.src
    outflow = np.bincount(a, flow, n) - np.bincount(b, flow, n)  # open links' flows: a closed one's round-off is not water
    sources = pd.DataFrame(
        {
            "kind": kinds[src],
            "head_m": head_all[src],
            "in_service": lay.touching[src],
            "outflow_m3_per_h": outflow[src],
            "usable_volume_m3": lay.usable_volume_m3,
        },
        index=lay.source_index,
    )
    warn = ()
    pumps = np.flatnonzero(lay.is_pump)
    if len(pumps):
        state = p.link_values(tk.PUMP_STATE)
        warn = tuple(f"pump {lids[k]} cannot deliver the head the network needs" for k in pumps if int(state[k]) == tk.PUMP_XHEAD)
    warn += unlimited_source_warnings(net, sources, float(np.clip(np.where(demand_node, required, 0.0), 0, None).sum()))
    iterations = p.iterations()
    if not ok:
        reason = message
    elif not np.all(np.isfinite(head_all[supplied])):
        ok, reason = False, "EPANET's solution has non-finite heads"
    else:
        reason = "converged"
    return HydraulicResult(
        converged=ok,
        reason=reason,
        iterations=iterations,
        junctions=junctions,
        links=links,
        sources=sources,
        options=options,
        warnings=warn,
    )
