"""Build pandapipes water networks.

The pandapipes ``net`` is the network store; teplovoda adds a few columns and two small tables to
it instead of keeping a parallel object model:

* ``net.junction``: ``type`` is ``"junction"`` (a demand node), ``"reservoir"``, ``"tank"``,
  ``"break"`` (a node inserted on a broken pipe) or ``"link_internal"`` (a helper node); the
  columns ``population``, ``min_pressure_m`` and ``required_pressure_m`` hold the people served at
  the node and its own pressure-dependent-demand thresholds (NaN: the scenario's default).
* ``net.sink``: the required (full) demand of each demand node, as ``mdot_kg_per_s``, plus
  ``demand_m3_per_h``.
* ``net.ext_grid``: fixed-head sources (reservoirs, and tanks at their level in a steady solve) with
  the column ``head_m``; the solver derives ``p_bar`` from it.
* ``net.pipe``: ``hazen_williams_c`` (NaN for Darcy-Weisbach pipes) and ``check_valve``.
* ``net.pump``: ``shutoff_head_m`` (the head at zero flow, for EPANET-like status checks).
* ``net.press_control``: pressure-reducing valves, ``setting_m`` is the downstream pressure.
* ``net.valve``: throttle control valves between junctions (loss coefficient).
* ``net["tank"]``: level, limits and diameter, so volume and autonomy can be computed.
* ``net["isolation_valve"]``: the valve layer (which pipe end each isolation valve sits on); it has
  no hydraulic effect until a segment is isolated (see :mod:`models.water.damage`).
* ``net["leak"]``: orifice leaks (junction, area, discharge coefficient) added by damage.

Element names are the identifiers users write in scenario files; junction names and link names
(pipes, pumps, valves) are each unique.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandapipes as pp
import pandas as pd
from pandapipes.component_models.component_toolbox import p_correction_height_air
from pandapipes.std_types.std_type_class import PumpStdType

from models.errors import InputError, ModelError
from models.units import GRAVITY_M_PER_S2, M_PER_KM, MM_PER_M, PA_PER_BAR, SECONDS_PER_HOUR, WATER_NETWORK_TEMP_K

#: EPANET's default kinematic viscosity of water (1.1e-5 ft2/s), used for Darcy-Weisbach friction
EPANET_KINEMATIC_VISCOSITY_M2_PER_S = 1.1e-5 * 0.3048**2
NOMINAL_PRESSURE_BAR = 5.0  # initial guess for pandapipes' solver only
TANK_COLUMNS = ["name", "junction", "elevation_m", "level_m", "min_level_m", "max_level_m", "diameter_m"]
ISOLATION_VALVE_COLUMNS = ["name", "pipe", "junction"]
LEAK_COLUMNS = ["name", "junction", "area_m2", "discharge_coefficient"]
LINK_TABLES = ("pipe", "pump", "valve", "press_control", "flow_control")
#: Diameter of the short, loss-free stub pipe that separates parallel pumps (m).
STUB_DIAMETER_M = 2.0
STUB_LENGTH_M = 0.1
#: Loss coefficient of a fully open PRV (pandapipes needs some resistance on a branch).
PRV_OPEN_LOSS_COEFFICIENT = 1e-4


def append_rows(table: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``rows`` appended (an empty table is replaced, keeping dtypes clean)."""
    return rows.reset_index(drop=True) if not len(table) else pd.concat([table, rows], ignore_index=True)


def is_internal(table: pd.DataFrame) -> np.ndarray:
    """Boolean mask of helper rows (stub pipes separating parallel links) in a link table."""
    return table["internal"].eq(True).to_numpy() if "internal" in table else np.zeros(len(table), dtype=bool)


def create_water_network(name: str = "") -> pp.pandapipesNet:
    """Return an empty water network (pandapipes net with water at 20 °C)."""
    net = pp.create_empty_network(name=name, fluid="water")
    net["tank"] = pd.DataFrame(columns=TANK_COLUMNS)
    net["isolation_valve"] = pd.DataFrame(columns=ISOLATION_VALVE_COLUMNS)
    net["leak"] = pd.DataFrame(columns=LEAK_COLUMNS)
    return net


def water_density_kg_per_m3(net) -> float:
    """Density of the network's water at the network temperature (kg/m3)."""
    return float(pp.get_fluid(net).get_density(WATER_NETWORK_TEMP_K))


def gauge_pressure_bar(net, head_m, height_m):
    """pandapipes gauge pressure (bar) at ``height_m`` that corresponds to a hydraulic head.

    pandapipes pressures are gauge relative to the atmosphere *at each node's height*; the head is
    measured against the atmosphere at height 0, so the barometric difference is corrected.
    """
    rho_g = water_density_kg_per_m3(net) * GRAVITY_M_PER_S2
    height_m = np.asarray(height_m, dtype=float)
    return (np.asarray(head_m, dtype=float) - height_m) * rho_g / PA_PER_BAR - (
        p_correction_height_air(height_m) - p_correction_height_air(0.0)
    )


def head_m_from_gauge(net, p_bar, height_m):
    """Hydraulic head (m) from pandapipes gauge pressure at ``height_m``; inverse of :func:`gauge_pressure_bar`."""
    rho_g = water_density_kg_per_m3(net) * GRAVITY_M_PER_S2
    height_m = np.asarray(height_m, dtype=float)
    p_abs_rel_bar = np.asarray(p_bar, dtype=float) + p_correction_height_air(height_m) - p_correction_height_air(0.0)
    return height_m + p_abs_rel_bar * PA_PER_BAR / rho_g


def junction_index(net, names, *, what: str = "junction") -> np.ndarray:
    """Indices of junctions by name; unknown names raise :class:`InputError` naming them."""
    lookup = pd.Series(net.junction.index.values, index=net.junction["name"].values)
    names = [str(n) for n in np.atleast_1d(names)]
    missing = [n for n in names if n not in lookup.index]
    if missing:
        raise InputError(f"unknown {what} {missing[0]!r} (not a node of network {net.name!r})")
    return lookup.loc[names].to_numpy(dtype=int)


def link_location(net, name: str) -> tuple[str, int]:
    """(table, index) of the link called ``name`` in any link table; :class:`InputError` if none."""
    for table in LINK_TABLES:
        if table in net and len(net[table]):
            hits = net[table].index[net[table]["name"].astype(str) == str(name)]
            if len(hits):
                return table, int(hits[0])
    raise InputError(f"unknown link {name!r} (not a pipe, pump or valve of network {net.name!r})")


def _check_new_names(net, table: str, names: Sequence[str]) -> None:
    names = [str(n) for n in names]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise InputError(f"duplicate {table} name {dup!r}")
    tables = ["junction"] if table == "junction" else list(LINK_TABLES)
    for t in tables:
        if t in net and len(net[t]):
            existing = set(net[t]["name"].astype(str))
            clash = [n for n in names if n in existing]
            if clash:
                raise InputError(f"{table} name {clash[0]!r} already used by a {t}")


def _positive(values, field: str, names) -> np.ndarray:
    arr = np.broadcast_to(np.asarray(values, dtype=float), (len(names),)).copy()
    bad = ~np.isfinite(arr) | (arr <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{field} must be a positive number, got {float(arr[i])!r} for {names[i]!r}")
    return arr


def add_junctions(
    net,
    names: Sequence[str],
    elevation_m,
    *,
    demand_m3_per_h=0.0,
    population=0.0,
    min_pressure_m=np.nan,
    required_pressure_m=np.nan,
    xy_m=None,
    kind: str = "junction",
):
    """Add demand nodes (vectorised).

    Parameters
    ----------
    names : sequence of str
        Unique junction names.
    elevation_m : float or array
        Ground (node) elevation, m.
    demand_m3_per_h : float or array
        Required demand at full service, m3/h. A demand is kept as a pandapipes sink.
    population : float or array
        People whose water comes from this node.
    min_pressure_m, required_pressure_m : float or array
        Per-node pressure-dependent-demand thresholds, m; NaN uses the scenario default.
    xy_m : array of shape (n, 2), optional
        Map coordinates for plots.

    Returns
    -------
    numpy.ndarray
        The new junction indices.
    """
    names = [str(n) for n in names]
    _check_new_names(net, "junction", names)
    n = len(names)
    elevation = np.broadcast_to(np.asarray(elevation_m, dtype=float), (n,))
    if not np.all(np.isfinite(elevation)):
        raise InputError(f"elevation_m of junction {names[int(np.flatnonzero(~np.isfinite(elevation))[0])]!r} is not a number")
    geodata = None if xy_m is None else [tuple(map(float, p)) for p in np.asarray(xy_m, dtype=float).reshape(n, 2)]
    idx = pp.create_junctions(
        net,
        nr_junctions=n,
        pn_bar=NOMINAL_PRESSURE_BAR,
        tfluid_k=WATER_NETWORK_TEMP_K,
        height_m=elevation,
        name=names,
        type=kind,
        geodata=geodata,
    )
    net.junction.loc[idx, "population"] = np.broadcast_to(np.asarray(population, dtype=float), (n,))
    net.junction.loc[idx, "min_pressure_m"] = np.broadcast_to(np.asarray(min_pressure_m, dtype=float), (n,))
    net.junction.loc[idx, "required_pressure_m"] = np.broadcast_to(np.asarray(required_pressure_m, dtype=float), (n,))
    demand = np.broadcast_to(np.asarray(demand_m3_per_h, dtype=float), (n,))
    if np.any(demand < 0) or not np.all(np.isfinite(demand)):
        i = int(np.flatnonzero(~(demand >= 0))[0])
        raise InputError(f"demand_m3_per_h of junction {names[i]!r} must be >= 0, got {float(demand[i])!r}")
    has = demand > 0
    if has.any():
        rho = water_density_kg_per_m3(net)
        sinks = pp.create_sinks(
            net,
            junctions=idx[has],
            mdot_kg_per_s=demand[has] * rho / SECONDS_PER_HOUR,
            name=[names[i] for i in np.flatnonzero(has)],
        )
        net.sink.loc[sinks, "demand_m3_per_h"] = demand[has]
    return idx


def _add_fixed_head_node(net, name, head_m, height_m, xy_m, kind):
    j = add_junctions(net, [name], height_m, xy_m=None if xy_m is None else [xy_m], kind=kind)[0]
    eg = pp.create_ext_grid(
        net, junction=j, p_bar=float(gauge_pressure_bar(net, head_m, height_m)), t_k=WATER_NETWORK_TEMP_K, name=name, type="pt"
    )
    net.ext_grid.loc[eg, "head_m"] = float(head_m)
    net.ext_grid.loc[eg, "kind"] = kind
    return j


def add_reservoir(net, name: str, head_m: float, *, xy_m=None) -> int:
    """Add a fixed-head source (river intake, well field, a trunk main's feed), head in m."""
    if not math.isfinite(head_m):
        raise InputError(f"head_m of reservoir {name!r} is not a number")
    return _add_fixed_head_node(net, name, head_m, head_m, xy_m, "reservoir")


def add_tank(
    net,
    name: str,
    elevation_m: float,
    level_m: float,
    *,
    diameter_m: float,
    min_level_m: float = 0.0,
    max_level_m: float | None = None,
    xy_m=None,
) -> int:
    """Add a storage tank: fixed head (elevation + level) in a steady solve; its volume is kept."""
    max_level_m = level_m if max_level_m is None else max_level_m
    _positive([diameter_m], "diameter_m", [name])
    if not (min_level_m <= level_m <= max_level_m):
        raise InputError(
            f"tank {name!r}: level_m {level_m} must lie between min_level_m {min_level_m} and max_level_m {max_level_m}"
        )
    j = _add_fixed_head_node(net, name, elevation_m + level_m, elevation_m, xy_m, "tank")
    row = pd.DataFrame(
        [
            {
                "name": name,
                "junction": j,
                "elevation_m": float(elevation_m),
                "level_m": float(level_m),
                "min_level_m": float(min_level_m),
                "max_level_m": float(max_level_m),
                "diameter_m": float(diameter_m),
            }
        ]
    )
    net["tank"] = append_rows(net["tank"], row)
    return j


def add_pipes(
    net,
    names: Sequence[str],
    from_junctions: Sequence[str],
    to_junctions: Sequence[str],
    *,
    length_m,
    diameter_m,
    roughness_mm=None,
    hazen_williams_c=None,
    minor_loss=0.0,
    check_valve=False,
    in_service=True,
):
    """Add pipes (vectorised).

    Give either ``roughness_mm`` (Darcy-Weisbach equivalent sand roughness) or ``hazen_williams_c``
    (the solver maps C to a flow-consistent roughness in each solve so that head losses equal the
    Hazen-Williams head losses, as EPANET computes them).
    """
    names = [str(n) for n in names]
    _check_new_names(net, "pipe", names)
    n = len(names)
    length = _positive(length_m, "length_m", names)
    diameter = _positive(diameter_m, "diameter_m", names)
    if (roughness_mm is None) == (hazen_williams_c is None):
        raise InputError("give exactly one of roughness_mm and hazen_williams_c for pipes")
    if hazen_williams_c is not None:
        c = _positive(hazen_williams_c, "hazen_williams_c", names)
        k_mm = np.full(n, 0.1)
    else:
        c = np.full(n, np.nan)
        k_mm = np.broadcast_to(np.asarray(roughness_mm, dtype=float), (n,)).copy()
        if np.any(~np.isfinite(k_mm) | (k_mm < 0)):
            raise InputError(f"roughness_mm must be >= 0 for pipe {names[int(np.flatnonzero(~(k_mm >= 0))[0])]!r}")
    fj = junction_index(net, from_junctions)
    tj = junction_index(net, to_junctions)
    minor = np.broadcast_to(np.asarray(minor_loss, dtype=float), (n,))
    idx = pp.create_pipes_from_parameters(
        net,
        from_junctions=fj,
        to_junctions=tj,
        length_km=length / M_PER_KM,
        inner_diameter_mm=diameter * MM_PER_M,
        k_mm=np.maximum(k_mm, 1e-4),
        loss_coefficient=minor,
        name=names,
        in_service=np.broadcast_to(np.asarray(in_service, dtype=bool), (n,)),
    )
    net.pipe.loc[idx, "hazen_williams_c"] = c
    net.pipe.loc[idx, "roughness_mm"] = np.where(np.isnan(c), k_mm, np.nan)
    net.pipe.loc[idx, "internal"] = False
    net.pipe.loc[idx, "check_valve"] = np.broadcast_to(np.asarray(check_valve, dtype=bool), (n,))
    return idx


def _parallel_link_exists(net, fj: int, tj: int) -> bool:
    pair = {fj, tj}
    for table in LINK_TABLES:
        if table in net and len(net[table]):
            cols = ("from_junction", "to_junction")
            if table == "valve":
                cols = ("junction", "element")
            tbl = net[table]
            if any({int(a), int(b)} == pair for a, b in zip(tbl[cols[0]], tbl[cols[1]])):
                return True
    return False


def _separate_parallel(net, name: str, fj: int, tj: int) -> int:
    """Return the junction a new link should end at so that it is not parallel to another one.

    pandapipes' Jacobian is singular for two branches between the same two junctions, so a second
    one ends at a helper node joined to ``tj`` by a short, wide, loss-free stub pipe.
    """
    if not _parallel_link_exists(net, fj, tj):
        return tj
    z = float(net.junction.at[tj, "height_m"])
    mid = add_junctions(net, [f"{name}__out"], z, kind="link_internal")[0]
    stub = pp.create_pipe_from_parameters(
        net,
        from_junction=mid,
        to_junction=tj,
        length_km=STUB_LENGTH_M / M_PER_KM,
        inner_diameter_mm=STUB_DIAMETER_M * MM_PER_M,
        k_mm=1e-4,
        name=f"{name}__stub",
    )
    net.pipe.loc[stub, ["hazen_williams_c", "roughness_mm", "check_valve"]] = [np.nan, np.nan, False]
    net.pipe.loc[stub, "internal"] = True
    return mid


def pump_curve_coefficients(flow_m3_per_h: Sequence[float], head_m: Sequence[float]):
    """Head curve H(Q) = a - b * Q**c (m, Q in m3/h) from EPANET's 1- or 3-point curve rules.

    Returns ``(a, b, c)``. One point (Q1, H1): shutoff head 4/3 H1 and maximum flow 2 Q1 (EPANET's
    rule). Three points (0, H0), (Q1, H1), (Q2, H2): the exact power-law fit EPANET uses.
    """
    q = np.asarray(flow_m3_per_h, dtype=float)
    h = np.asarray(head_m, dtype=float)
    if len(q) == 1:
        a = 4.0 / 3.0 * h[0]
        return a, (a - h[0]) / q[0] ** 2, 2.0
    a = h[0]
    h1, h2 = a - h[1], a - h[2]
    if not (h2 > h1 > 0 and q[2] > q[1] > 0):
        raise InputError("a 3-point pump curve needs falling head at rising flow")
    c = math.log(h2 / h1) / math.log(q[2] / q[1])
    return a, h1 / q[1] ** c, c


class EpanetPumpCurve(PumpStdType):
    """A pandapipes pump type that evaluates EPANET's pump curves exactly.

    pandapipes calls ``get_pressure(vdot)`` and ``get_pressure_derivative(vdot)`` with the volume
    flow at the density of water at 0 °C (m3/s) and expects the lift in bar; this class converts to
    the actual volume flow and evaluates the head curve in m:

    * ``"power"``: ``H = a - b Q**c`` (EPANET's 1- and 3-point curves), Q in m3/h;
    * ``"table"``: piecewise-linear through the points, extended linearly past the last one (EPANET's
      multi-point curves);
    * ``"constant_power"``: ``H = P / (rho g Q)``, capped at ``max_head_m`` near zero flow.

    ``speed`` scales every curve by the affinity laws (Q by s, H by s**2).
    """

    MIN_SLOPE = 1e-7  # m per m3/h
    REVERSE_SLOPE = 1.0  # m per m3/h of reverse flow

    def __init__(
        self,
        name,
        kind,
        *,
        rho,
        rho_n,
        speed=1.0,
        a=0.0,
        b=0.0,
        c=2.0,
        flow_m3_per_h=(),
        head_m=(),
        power_w=0.0,
        max_head_m=1000.0,
    ):
        super().__init__(name, [0.0])
        self.kind, self.speed, self.rho, self.rho_n = kind, float(speed), float(rho), float(rho_n)
        self.a, self.b, self.c = float(a), float(b), float(c)
        self.q_pts = np.asarray(flow_m3_per_h, dtype=float)
        self.h_pts = np.asarray(head_m, dtype=float)
        self.power_w, self.max_head_m = float(power_w), float(max_head_m)

    def head_m(self, q_m3_per_h):
        """Head (m) at actual flow (m3/h) and its derivative (m per m3/h).

        Two numerical guards keep pandapipes' Jacobian regular, as EPANET's own minimum pump
        gradient does: a slope of at least ``MIN_SLOPE`` (1e-7 m per m3/h, 0.1 mm at
        1,000 m3/h) everywhere, and a steep rise of the head against reverse flow (a stiff check
        valve) so that Newton iterates cannot run a pump backwards at zero lift. A pump that still
        ends with reverse flow is closed by the solver's status check, as in EPANET.
        """
        s = self.speed
        q_all = np.asarray(q_m3_per_h, dtype=float)
        q = np.maximum(q_all, 0.0)
        if self.kind == "power":
            qs = q / s
            h = s**2 * (self.a - self.b * qs**self.c)
            # the slope at exactly zero flow is infinite for c < 1: take it just above zero
            dh = -s * self.b * self.c * np.maximum(qs, 1e-6) ** (self.c - 1)
        elif self.kind == "table":
            qs = q / s
            seg = np.clip(np.searchsorted(self.q_pts, qs, side="right") - 1, 0, len(self.q_pts) - 2)
            slope = (self.h_pts[seg + 1] - self.h_pts[seg]) / (self.q_pts[seg + 1] - self.q_pts[seg])
            h, dh = s**2 * (self.h_pts[seg] + slope * (qs - self.q_pts[seg])), s * slope
        else:
            rho_g = self.rho * GRAVITY_M_PER_S2
            q_min = self.power_w / (rho_g * self.max_head_m) * SECONDS_PER_HOUR
            qe = np.maximum(q, q_min)
            h = self.power_w * SECONDS_PER_HOUR / (rho_g * qe)
            dh = np.where(q > q_min, -h / qe, 0.0)
        h = h - self.MIN_SLOPE * q
        dh = np.minimum(dh, 0.0) - self.MIN_SLOPE
        reverse = q_all < 0
        h = np.where(reverse, h - self.REVERSE_SLOPE * q_all, h)
        dh = np.where(reverse, -self.REVERSE_SLOPE, dh)
        return h, dh

    def _actual_m3_per_h(self, vdot_m3_per_s):
        return np.asarray(vdot_m3_per_s, dtype=float) * self.rho_n / self.rho * SECONDS_PER_HOUR

    def get_pressure(self, vdot_m3_per_s):
        vdot = np.asarray(vdot_m3_per_s, dtype=float)
        h, _ = self.head_m(self._actual_m3_per_h(vdot))
        lift = h * self.rho * GRAVITY_M_PER_S2 / PA_PER_BAR
        return lift if np.iterable(vdot_m3_per_s) else float(lift)

    def get_pressure_derivative(self, vdot_m3_per_s):
        vdot = np.asarray(vdot_m3_per_s, dtype=float)
        h, dh = self.head_m(self._actual_m3_per_h(vdot))
        d = dh * self.rho_n / self.rho * SECONDS_PER_HOUR * self.rho * GRAVITY_M_PER_S2 / PA_PER_BAR
        return d if np.iterable(vdot_m3_per_s) else float(d)


def add_pump(
    net,
    name: str,
    from_junction: str,
    to_junction: str,
    *,
    flow_m3_per_h=None,
    head_m=None,
    power_kw: float | None = None,
    speed: float = 1.0,
    in_service: bool = True,
) -> int:
    """Add a pump with a head curve (m against m3/h) or a constant shaft power, at relative ``speed``.

    One point or three points starting at zero flow follow EPANET's power-law rules
    (:func:`pump_curve_coefficients`); other point counts are a piecewise-linear curve. The curve is
    evaluated exactly by :class:`EpanetPumpCurve` inside pandapipes.
    """
    if speed <= 0 or not math.isfinite(speed):
        raise InputError(f"pump {name!r}: speed must be > 0")
    _check_new_names(net, "pump", [name])
    fj, tj = junction_index(net, [from_junction, to_junction])
    rho = water_density_kg_per_m3(net)
    rho_n = float(pp.get_fluid(net).get_density(273.15))
    if power_kw is not None:
        if not (power_kw > 0 and math.isfinite(power_kw)):
            raise InputError(f"pump {name!r}: power_kw must be > 0")
        curve = EpanetPumpCurve(
            f"teplovoda_{name}", "constant_power", rho=rho, rho_n=rho_n, speed=speed, power_w=power_kw * 1000.0
        )
    else:
        q = np.atleast_1d(np.asarray(flow_m3_per_h, dtype=float))
        h = np.atleast_1d(np.asarray(head_m, dtype=float))
        if len(q) != len(h) or len(q) == 0 or np.any(q < 0) or np.any(h < 0) or not np.all(np.isfinite(np.r_[q, h])):
            raise InputError(f"pump {name!r}: head curve needs matching non-negative flow_m3_per_h and head_m points")
        if len(q) == 1 or (len(q) == 3 and q[0] == 0.0):
            try:
                a, b, c = pump_curve_coefficients(q, h)
            except InputError as exc:
                raise InputError(f"pump {name!r}: {exc}") from None
            curve = EpanetPumpCurve(f"teplovoda_{name}", "power", rho=rho, rho_n=rho_n, speed=speed, a=a, b=b, c=c)
        else:
            if np.any(np.diff(q) <= 0):
                raise InputError(f"pump {name!r}: curve flows must increase")
            curve = EpanetPumpCurve(f"teplovoda_{name}", "table", rho=rho, rho_n=rho_n, speed=speed, flow_m3_per_h=q, head_m=h)
    tj_eff = _separate_parallel(net, name, fj, tj)
    idx = pp.create_pump_from_parameters(
        net,
        from_junction=fj,
        to_junction=tj_eff,
        new_std_type_name=curve.name,
        poly_coefficents=[0.0],
        name=name,
        in_service=in_service,
    )
    net["std_types"]["pump"][curve.name] = curve
    net.pump.loc[idx, "shutoff_head_m"] = float(curve.head_m(0.0)[0])
    return idx


def add_prv(net, name: str, from_junction: str, to_junction: str, *, setting_m: float, in_service: bool = True) -> int:
    """Add a pressure-reducing valve holding ``setting_m`` (pressure head, m) at ``to_junction``.

    The solver applies EPANET's PRV status rules (active, fully open when the upstream head is too
    low, closed against reverse flow) around pandapipes' ideal ``pressure_control``.
    """
    if not math.isfinite(setting_m) or setting_m < 0:
        raise InputError(f"PRV {name!r}: setting_m must be >= 0")
    _check_new_names(net, "press_control", [name])
    fj, tj = junction_index(net, [from_junction, to_junction])
    tj_eff = _separate_parallel(net, name, fj, tj)
    idx = pp.create_pressure_control(
        net,
        from_junction=fj,
        to_junction=tj_eff,
        controlled_junction=tj_eff,
        controlled_p_bar=0.0,
        loss_coefficient=PRV_OPEN_LOSS_COEFFICIENT,
        name=name,
        in_service=in_service,
    )
    net.press_control.loc[idx, "setting_m"] = float(setting_m)
    return idx


def add_throttle_valve(
    net, name: str, from_junction: str, to_junction: str, *, diameter_m: float, loss_coefficient: float, opened: bool = True
) -> int:
    """Add a valve with a fixed minor-loss coefficient (EPANET TCV; also a plain open/closed valve)."""
    _positive([diameter_m], "diameter_m", [name])
    _check_new_names(net, "valve", [name])
    fj, tj = junction_index(net, [from_junction, to_junction])
    tj_eff = _separate_parallel(net, name, fj, tj)
    return pp.create_valve(
        net,
        junction=fj,
        element=tj_eff,
        et="ju",
        inner_diameter_mm=diameter_m * MM_PER_M,
        loss_coefficient=max(float(loss_coefficient), 1e-3),
        opened=opened,
        name=name,
    )


def add_isolation_valves(net, links: Sequence[str], junctions: Sequence[str], names: Sequence[str] | None = None):
    """Record isolation valves: each sits on ``link`` (usually a pipe) next to ``junction`` (WNTR's valve-layer convention)."""
    links = [str(p) for p in links]
    junctions = [str(j) for j in junctions]
    names = [f"V{i + len(net['isolation_valve'])}" for i in range(len(links))] if names is None else list(names)
    jnames = net.junction["name"].astype(str)
    for link, j in zip(links, junctions):
        table, i = link_location(net, link)
        fcol, tcol = ("junction", "element") if table == "valve" else ("from_junction", "to_junction")
        ends = {jnames[net[table].at[i, fcol]], jnames[net[table].at[i, tcol]].removesuffix(f"{link}__out")}
        if j not in ends and f"{link}__out" not in ends:
            junction_index(net, [j])
            raise InputError(f"isolation valve on {link!r} at junction {j!r}: that junction is not an end of the link")
    new = pd.DataFrame({"name": names, "pipe": links, "junction": junctions})
    net["isolation_valve"] = (
        new if not len(net["isolation_valve"]) else pd.concat([net["isolation_valve"], new], ignore_index=True)
    )
    return new


def add_leaks(net, junctions: Sequence[str], *, area_m2, discharge_coefficient=0.75, names: Sequence[str] | None = None):
    """Add orifice leaks ``Q = Cd A sqrt(2 g p)`` at junctions (pressure-dependent; no inflow below 0 m)."""
    junctions = [str(j) for j in junctions]
    idx = junction_index(net, junctions)
    area = _positive(area_m2, "area_m2", junctions)
    cd = np.broadcast_to(np.asarray(discharge_coefficient, dtype=float), (len(junctions),))
    if np.any(~(cd > 0) | (cd > 1)):
        raise InputError("discharge_coefficient must be in (0, 1]")
    names = [f"leak_{j}" for j in junctions] if names is None else [str(n) for n in names]
    rows = pd.DataFrame({"name": names, "junction": idx, "area_m2": area, "discharge_coefficient": cd})
    net["leak"] = append_rows(net["leak"], rows)
    return rows


def check_network(net) -> None:
    """Raise :class:`ModelError` if the network cannot be a water network at all (no nodes, no source).

    A network whose sources are all *out of service* (damage) is valid: nobody gets water.
    """
    if not len(net.junction):
        raise ModelError(f"network {net.name!r} is empty: it has no junctions")
    if not len(net.ext_grid):
        raise ModelError(f"network {net.name!r} has no reservoir or tank to supply it")
