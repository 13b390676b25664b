"""Import EPANET ``.inp`` files through wntr's reader into a pandapipes water network.

Mapping (EPANET 2.2 -> teplovoda):

* junctions -> junctions with their base demand at the simulation start (pattern value at time 0
  times the demand multiplier); emitters -> orifice leaks (``Q = C p**0.5`` is an orifice with
  ``Cd * A = C / sqrt(2 g)``), only with the default emitter exponent 0.5;
* reservoirs -> fixed-head sources at their base head (head pattern at time 0);
* tanks -> fixed-head sources at elevation + initial level (a steady snapshot), with level limits
  and diameter kept for volume; volume curves are not used;
* pipes -> pipes; Hazen-Williams C is kept and mapped to a flow-consistent roughness in every solve,
  Darcy-Weisbach roughness is used directly; Chezy-Manning is refused; CV pipes keep
  ``check_valve``; initially closed pipes are out of service;
* pumps -> pumps evaluating EPANET's curve exactly (1- and 3-point power laws, multi-point
  piecewise-linear, constant power), speed setting applied;
* PRV -> pressure-reducing valve, TCV -> throttle valve; PSV, PBV, FCV and GPV are refused with
  the valve's name;
* simple controls that act at time 0 (tank-level conditions at the initial level, ``AT TIME 0``)
  set the initial status of their link, as EPANET does before its first solve; rule-based
  controls and later controls are not part of a steady snapshot.
"""

from __future__ import annotations

import logging
import math
import warnings
from pathlib import Path

import numpy as np

from models.errors import InputError, ModelError
from models.units import GRAVITY_M_PER_S2, SECONDS_PER_HOUR
from models.water import network as wnet
from models.water.inp_scan import scan_inp

logger = logging.getLogger(__name__)

NETWORK_LIBRARY = ("Net1", "Net2", "Net3", "Net6", "ky4", "ky10")
DEFAULT_EMITTER_EXPONENT = 0.5


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

    The file is scanned first (:func:`models.water.inp_scan.scan_inp`): size and element limits,
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
        raise InputError(f"not a readable EPANET .inp file: {_reader_error(exc, text)}", source=str(path)) from None


def _initial_link_status(wn) -> dict[str, bool]:
    """Link open/closed after EPANET's time-0 simple controls (True = open)."""
    from wntr.network.controls import SimTimeCondition, TankLevelCondition

    status = {}
    for _, control in wn.controls():
        cond = control.condition
        fires = False
        if isinstance(cond, TankLevelCondition) and cond._source_attr == "level":
            fires = bool(cond._relation.func(cond._source_obj.init_level, cond._threshold))
        elif isinstance(cond, SimTimeCondition):
            fires = cond._threshold == 0
        if not fires:
            continue
        for action in control.actions():
            if action._attribute == "status":
                status[action._target_obj.name] = int(action._value) == 1
    return status


def _start_demand_m3_per_s(wn, junction) -> float:
    mult = wn.options.hydraulic.demand_multiplier
    t0 = wn.options.time.pattern_start
    return float(junction.demand_timeseries_list.at(t0, multiplier=mult))


def network_from_wntr(wn, name: str = "") -> pandapipes.pandapipesNet:  # noqa: F821
    """Build a teplovoda water network from a wntr ``WaterNetworkModel`` (see module doc for the mapping)."""
    hyd = wn.options.hydraulic
    if hyd.headloss not in ("H-W", "D-W"):
        raise InputError(f"head-loss formula {hyd.headloss} is not supported (use H-W or D-W)", source=name)
    if wn.num_junctions == 0:
        raise ModelError(f"network {name!r} is empty: it has no junctions")
    net = wnet.create_water_network(name=name)
    net["kinematic_viscosity_m2_per_s"] = wnet.EPANET_KINEMATIC_VISCOSITY_M2_PER_S * float(hyd.viscosity)
    status0 = _initial_link_status(wn)
    t0 = wn.options.time.pattern_start

    names, elev, demand, pmin, preq, xy, emit = [], [], [], [], [], [], []
    for jname, j in wn.junctions():
        names.append(jname)
        elev.append(j.elevation)
        demand.append(_start_demand_m3_per_s(wn, j) * SECONDS_PER_HOUR)
        pmin.append(np.nan if j.minimum_pressure is None else j.minimum_pressure)
        preq.append(np.nan if j.required_pressure is None else j.required_pressure)
        xy.append(j.coordinates or (np.nan, np.nan))
        emit.append(j.emitter_coefficient or 0.0)
    wnet.add_junctions(
        net,
        names,
        np.array(elev),
        demand_m3_per_h=np.array(demand),
        min_pressure_m=np.array(pmin),
        required_pressure_m=np.array(preq),
        xy_m=np.array(xy, dtype=float),
    )
    if any(emit):
        if abs(hyd.emitter_exponent - DEFAULT_EMITTER_EXPONENT) > 1e-9:
            raise InputError(f"emitter exponent {hyd.emitter_exponent} is not supported (only 0.5)", source=name)
        with_emitter = [(n, c) for n, c in zip(names, emit) if c > 0]
        wnet.add_leaks(
            net,
            [n for n, _ in with_emitter],
            area_m2=[c / math.sqrt(2 * GRAVITY_M_PER_S2) for _, c in with_emitter],
            discharge_coefficient=1.0,
            names=[f"emitter_{n}" for n, _ in with_emitter],
        )

    for rname, r in wn.reservoirs():
        head = r.head_timeseries.at(t0)
        wnet.add_reservoir(net, rname, float(head), xy_m=r.coordinates)
    for tname, t in wn.tanks():
        if t.vol_curve_name:
            logger.info("tank %s: volume curve %s ignored, cylinder of diameter %.1f m used", tname, t.vol_curve_name, t.diameter)
        wnet.add_tank(
            net,
            tname,
            t.elevation,
            t.init_level,
            diameter_m=t.diameter,
            min_level_m=t.min_level,
            max_level_m=max(t.max_level, t.init_level),
            xy_m=t.coordinates,
        )

    def is_open(link) -> bool:
        if link.name in status0:
            return status0[link.name]
        return str(link.initial_status) not in ("Closed", "LinkStatus.Closed")

    pipes = list(wn.pipes())
    if pipes:
        hw = hyd.headloss == "H-W"
        rough = np.array([p.roughness for _, p in pipes], dtype=float)
        wnet.add_pipes(
            net,
            [n for n, _ in pipes],
            [p.start_node_name for _, p in pipes],
            [p.end_node_name for _, p in pipes],
            length_m=np.array([p.length for _, p in pipes]),
            diameter_m=np.array([p.diameter for _, p in pipes]),
            hazen_williams_c=rough if hw else None,
            roughness_mm=None if hw else rough * 1000.0,
            minor_loss=np.array([p.minor_loss for _, p in pipes]),
            check_valve=np.array([bool(p.check_valve) for _, p in pipes]),
            in_service=np.array([is_open(p) for _, p in pipes]),
        )

    for pname, p in wn.pumps():
        if p.pump_type == "POWER":
            wnet.add_pump(
                net,
                pname,
                p.start_node_name,
                p.end_node_name,
                power_kw=float(p.power) / 1000.0,
                speed=float(p.base_speed),
                in_service=is_open(p),
            )
            continue
        pts = np.array(p.get_pump_curve().points, dtype=float)
        wnet.add_pump(
            net,
            pname,
            p.start_node_name,
            p.end_node_name,
            flow_m3_per_h=pts[:, 0] * SECONDS_PER_HOUR,
            head_m=pts[:, 1],
            speed=float(p.base_speed),
            in_service=is_open(p),
        )

    for vname, v in wn.valves():
        opened = is_open(v)
        if v.valve_type == "PRV":
            wnet.add_prv(net, vname, v.start_node_name, v.end_node_name, setting_m=float(v.initial_setting), in_service=opened)
        elif v.valve_type == "TCV":
            wnet.add_throttle_valve(
                net,
                vname,
                v.start_node_name,
                v.end_node_name,
                diameter_m=v.diameter,
                loss_coefficient=float(v.initial_setting),
                opened=opened,
            )
        else:
            raise InputError(f"valve {vname!r}: {v.valve_type} valves are not supported (PRV and TCV are)", source=name)
    return net


def read_inp_and_model(path: str | Path):
    """Read an ``.inp`` file; return ``(net, wn)``: the teplovoda network and wntr's model of the file.

    Raises
    ------
    InputError
        The file is missing, malformed, empty or uses a feature the mapping refuses; the message
        names the file.
    """
    path = Path(path)
    wn = read_wntr_model(path)
    try:
        return network_from_wntr(wn, name=path.stem), wn
    except InputError as exc:
        if exc.source is None or exc.source == path.stem:
            raise InputError(exc.detail, source=str(path)) from None
        raise
    except ModelError as exc:
        raise InputError(str(exc), source=str(path)) from None


def read_inp(path: str | Path):
    """Read an EPANET ``.inp`` file (any EPANET flow units; wntr converts to SI) into a teplovoda water network.

    See :func:`read_inp_and_model` for the errors.
    """
    return read_inp_and_model(path)[0]
