"""A water network from GIS layers: the same :class:`~teplovoda.models.water.network.WaterNetwork` an ``.inp`` file gives.

Pipes are lines; junctions, reservoirs and tanks are points; pumps and valves are lines from the node
they draw from to the node they feed, or points on a pipe (the pipe is cut in two there, the device
facing the pipe's drawn direction: :func:`_cut_pipes`). Every line's two ends are snapped to the nearest node point
within ``[gis] snap_tolerance_m`` (default 0.5 m); with no junctions layer, pipe ends closer than the
tolerance are merged into generated junctions ``n1``, ``n2``... whose elevation is the lines' Z.

A pipe's length is its geometry's length in the projected CRS (:func:`teplovoda.models.gis.layers.target_crs`),
unless the mapping names a length column. The network is built with the code-built network's functions
(:func:`~teplovoda.models.water.network.add_junctions`, ``add_pipes``...), so it is checked as they check and
EPANET solves it as it solves a network made in code (Hazen-Williams head loss, m3/h, metres).

Demand patterns and EPANET simple controls come from two CSV tables the mapping names
(:mod:`teplovoda.models.gis.water_time`), so an extended-period run (``[simulation]``) follows the day as the
``.inp`` network's does.

Each error is one line naming the mapping file, the layer, the feature id and the column.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from teplovoda.models.errors import InputError
from teplovoda.models.gis.layers import Layer, merge_ends, read_layers, snap
from teplovoda.models.gis.mapping import DEMAND_UNITS_M3_PER_H, DIAMETER_UNITS_M, Mapping, hazen_williams_c, load_mapping
from teplovoda.models.gis.water_time import add_controls, junction_patterns, read_patterns
from teplovoda.models.messages import Msg
from teplovoda.models.units import HOURS_PER_DAY, LITRES_PER_M3
from teplovoda.models.water import network as wnet

logger = logging.getLogger(__name__)


def _pipe_c(layer: Layer, mapping: Mapping) -> np.ndarray:
    spec = layer.spec
    if spec.roughness is not None:
        return layer.positive(spec.roughness)
    materials = mapping.materials()
    names = layer.texts(spec.material)
    years = layer.numbers(spec.install_year) if spec.install_year else np.zeros(len(names))
    ref = mapping.gis.reference_year if spec.install_year else 0
    out = np.empty(len(names))
    for k, (mat, year) in enumerate(zip(names, years)):
        c = hazen_williams_c(mat, ref - year, materials)
        if c is None:
            known = ", ".join(materials)
            layer.fail(
                Msg("gis.material", "unknown material {got} (known: {known})", got=repr(mat), known=known),
                row=k,
                column=spec.material,
            )
        out[k] = c
    return out


def _curve(layer: Layer, column: str, k: int) -> tuple[float, ...]:
    text = str(layer.gdf[column].iloc[k])
    try:
        values = tuple(float(v) for v in text.replace(",", " ").replace(";", " ").split())
    except ValueError:
        values = ()
    if not values or not all(np.isfinite(values)):
        layer.fail(Msg("gis.curve", "expected numbers separated by spaces, got {got}", got=repr(text)), row=k, column=column)
    return values


def _add_nodes(net, layers: dict, mapping: Mapping) -> None:
    if "junctions" in layers:
        j = layers["junctions"]
        spec = j.spec
        xy = j.points()
        elev = j.numbers(spec.elevation)
        pop = j.numbers(spec.population) if spec.population else np.zeros(len(j.ids))
        if spec.demand:
            demand = j.numbers(spec.demand) * DEMAND_UNITS_M3_PER_H[spec.demand_unit]
        else:
            demand = pop * mapping.gis.per_capita_l_per_day / LITRES_PER_M3 / HOURS_PER_DAY
        patterns = junction_patterns(j, net.patterns)
        try:
            wnet.add_junctions(net, j.ids, elev, demand_m3_per_h=demand, xy_m=xy, patterns=patterns)
        except InputError as exc:  # an id EPANET cannot take ("A 1": a space)
            j.fail(exc.detail)
        net.nodes.loc[j.ids, "population"] = pop
    if "reservoirs" in layers:
        r = layers["reservoirs"]
        head, xy = r.numbers(r.spec.head), r.points()
        for k, name in enumerate(r.ids):
            _guard(r, k, wnet.add_reservoir, net, name, float(head[k]), xy_m=tuple(xy[k]))
    if "tanks" in layers:
        t = layers["tanks"]
        s = t.spec
        z, lv, lo, hi = (t.numbers(c) for c in (s.elevation, s.level, s.min_level, s.max_level))
        d, xy = t.positive(s.diameter), t.points()
        for k, name in enumerate(t.ids):
            _guard(
                t,
                k,
                wnet.add_tank,
                net,
                name,
                float(z[k]),
                float(lv[k]),
                diameter_m=float(d[k]),
                min_level_m=float(lo[k]),
                max_level_m=float(hi[k]),
                xy_m=tuple(xy[k]),
            )


def _add_patterns(net, mapping: Mapping) -> None:
    """``[gis] patterns`` and the pattern step and start clock (only when a patterns table is named)."""
    patterns = read_patterns(mapping)
    if not patterns and mapping.gis.controls is None:
        return
    wnet.set_pattern_times(net, pattern_step_h=mapping.gis.pattern_step_h, start_clock_h=mapping.gis.start_clock_h)
    for name, multipliers in patterns.items():
        try:
            wnet.add_pattern(net, name, multipliers)
        except InputError as exc:
            raise InputError(exc.detail, source=str(mapping.path)) from None


def _guard(layer: Layer, k: int, func, *args, **kwargs):
    """Call a network builder; its error (a duplicate name across layers, a tank's levels) names the feature."""
    try:
        return func(*args, **kwargs)
    except InputError as exc:
        layer.fail(exc.detail, row=k)


def _is_points(layer: Layer) -> bool:
    """Whether a pump or valve layer draws its devices as points on a pipe (else as lines between nodes)."""
    return bool(len(layer.gdf)) and bool((layer.gdf.geometry.geom_type == "Point").all())


def _cuts(devices: list[Layer], pipes: Layer, tol: float) -> dict[str, tuple[str, float]]:
    """Pipe id -> (device id, distance along the pipe, m) of every device drawn as a point on a pipe.

    A point must lie within ``tol`` of exactly one pipe, away from its ends (a device at a node is
    drawn as a line), and a pipe carries at most one device.
    """
    import shapely

    lines = pipes.lines()
    tree = shapely.STRtree(lines)
    cuts: dict[str, tuple[str, float]] = {}
    for layer in devices:
        for k, (device, point) in enumerate(zip(layer.ids, shapely.points(layer.points()))):
            hits = tree.query(point, predicate="dwithin", distance=tol)
            if len(hits) != 1:
                on = ", ".join(repr(pipes.ids[i]) for i in hits)
                template = "a point within the snap tolerance of {tol} m of one pipe, away from its ends, got {n} ({on})"
                layer.fail(Msg("gis.not_on_one_pipe", template, tol=f"{tol:g}", n=len(hits), on=on or "-"), row=k)
            pipe, line = pipes.ids[hits[0]], lines[hits[0]]
            along = float(line.project(point))
            if pipe in cuts:
                template = "pipe {pipe} already carries {other}: one pump or valve per pipe"
                layer.fail(Msg("gis.two_devices", template, pipe=repr(pipe), other=repr(cuts[pipe][0])), row=k)
            if along <= tol or along >= line.length - tol:
                template = "a point within the snap tolerance of {tol} m of one pipe, away from its ends, got {n} ({on})"
                layer.fail(Msg("gis.not_on_one_pipe", template, tol=f"{tol:g}", n=1, on=repr(pipe)), row=k)
            cuts[pipe] = (device, along)
    return cuts


def _ground_m(net, node: str, other: str) -> float:
    """A pipe end's ground elevation for interpolation: a reservoir's is its head, so the other end's is used."""
    return float(net.nodes.at[other if net.nodes.at[node, "kind"] == "reservoir" else node, "elevation_m"])


def _cut_pipes(net, ids, fr, to, length, lines, cuts) -> tuple:
    """The pipes with each device's pipe cut in two at it: ``<pipe>`` up to node ``<device>_a``, ``<pipe>_b``
    from node ``<device>_b`` on (both at the point, elevation interpolated; a mapped length is shared in
    the ratio of the drawn parts)."""
    from shapely.ops import substring

    ids, fr, to, length, lines = list(ids), list(fr), list(to), list(length), list(lines)
    for k in [i for i, p in enumerate(ids) if p in cuts]:
        device, along = cuts[ids[k]]
        f = along / lines[k].length
        a, b = f"{device}_a", f"{device}_b"
        za, zb = (_ground_m(net, n, other) for n, other in ((fr[k], to[k]), (to[k], fr[k])))
        z = (1 - f) * za + f * zb
        xy = np.array(lines[k].interpolate(along).coords[0][:2])
        wnet.add_junctions(net, [a, b], [z, z], xy_m=np.stack([xy, xy]))
        ids.append(f"{ids[k]}_b")
        fr.append(b)
        to.append(to[k])
        length.append(length[k] * (1 - f))
        lines.append(substring(lines[k], along, lines[k].length))
        to[k], length[k], lines[k] = a, length[k] * f, substring(lines[k], 0.0, along)
    return ids, fr, to, np.array(length), lines


def _add_pipes(net, layer: Layer, mapping: Mapping, cuts: dict) -> None:
    import shapely

    spec, tol = layer.spec, mapping.gis.snap_tolerance_m
    lines = layer.lines()
    geom_len = np.array([g.length for g in lines])
    for k in np.flatnonzero(~(geom_len > 0)):
        layer.fail(Msg("gis.zero_length", "pipe has zero length"), row=int(k))
    if len(net.nodes):
        starts = np.array([g.coords[0][:2] for g in lines])
        ends = np.array([g.coords[-1][:2] for g in lines])
        names = net.nodes.index.to_numpy(dtype=object)
        xy = net.nodes[["x_m", "y_m"]].to_numpy(float)
        snapped = snap(layer, np.stack([starts, ends], axis=1), names, xy, tol)
    else:
        names, xy, z, snapped = merge_ends(layer, lines, tol)
        wnet.add_junctions(net, names, z, xy_m=xy)
    same = snapped[:, 0] == snapped[:, 1]
    if same.any():
        k = int(np.argmax(same))
        layer.fail(Msg("gis.same_node", "both ends snap to node {node}: a zero-length pipe", node=repr(snapped[k, 0])), row=k)
    length = layer.positive(spec.length) if spec.length else geom_len
    diam = layer.positive(spec.diameter, Msg("gis.what.diameter", "diameter")) * DIAMETER_UNITS_M[spec.diameter_unit]
    c = _pipe_c(layer, mapping)
    opened = layer.status(spec.status)
    ids, fr, to, length, lines = _cut_pipes(net, layer.ids, snapped[:, 0], snapped[:, 1], length, lines, cuts)
    parent = [layer.ids.index(p[:-2]) if k >= len(layer.ids) else k for k, p in enumerate(ids)]
    try:
        wnet.add_pipes(
            net, ids, fr, to, length_m=length, diameter_m=diam[parent], hazen_williams_c=c[parent], in_service=opened[parent]
        )
    except InputError as exc:
        layer.fail(exc.detail)
    net.link_geometry.update(zip(ids, shapely.to_wkb(lines)))


def _line_ends(net, layer: Layer, tol: float) -> np.ndarray:
    """Each device's (from, to) nodes: its line's snapped ends, or the two nodes its point cut the pipe at."""
    import shapely

    if _is_points(layer):
        return np.array([[f"{d}_a", f"{d}_b"] for d in layer.ids], dtype=object)

    lines = layer.lines()
    ends = np.stack([[g.coords[0][:2] for g in lines], [g.coords[-1][:2] for g in lines]], axis=1)
    snapped = snap(layer, ends, net.nodes.index.to_numpy(dtype=object), net.nodes[["x_m", "y_m"]].to_numpy(float), tol)
    net.link_geometry.update(zip(layer.ids, shapely.to_wkb(lines)))
    return snapped


def _add_pumps(net, layer: Layer, tol: float) -> None:
    spec = layer.spec
    ends = _line_ends(net, layer, tol)
    opened = layer.status(spec.status)
    power = layer.positive(spec.power) if spec.power else None
    for k, name in enumerate(layer.ids):
        if power is not None:
            _guard(
                layer, k, wnet.add_pump, net, name, ends[k, 0], ends[k, 1], power_kw=float(power[k]), in_service=bool(opened[k])
            )
            continue
        q, h = _curve(layer, spec.curve_flow, k), _curve(layer, spec.curve_head, k)
        _guard(layer, k, wnet.add_pump, net, name, ends[k, 0], ends[k, 1], flow_m3_per_h=q, head_m=h, in_service=bool(opened[k]))


def _add_valves(net, layer: Layer, tol: float) -> None:
    spec = layer.spec
    ends = _line_ends(net, layer, tol)
    kinds = [v.lower() for v in layer.texts(spec.kind)]
    diam = layer.positive(spec.diameter, Msg("gis.what.diameter", "diameter")) * DIAMETER_UNITS_M[spec.diameter_unit]
    setting = layer.numbers(spec.setting)
    for k, name in enumerate(layer.ids):
        _guard(
            layer,
            k,
            wnet.add_valve,
            net,
            name,
            kinds[k],
            ends[k, 0],
            ends[k, 1],
            diameter_m=float(diam[k]),
            setting=float(setting[k]),
        )


def read_water_gis(mapping_path: str | Path, *, name: str | None = None) -> wnet.WaterNetwork:
    """Read a water network from the GIS layers a mapping file names.

    Parameters
    ----------
    mapping_path : str or Path
        The mapping TOML (:mod:`teplovoda.models.gis.mapping`); layer files are relative to it.
    name : str, optional
        The network's name (default ``[gis] name``, else the mapping file's stem).

    Returns
    -------
    WaterNetwork
        Built in code (``inp`` None), Hazen-Williams; ``crs`` the layers' projected CRS (WKT) and
        ``link_geometry`` each link's line (WKB) for :func:`teplovoda.models.gis.export.write_gpkg`.

    Raises
    ------
    InputError
        One line naming the mapping file, layer, feature id and column.
    """
    mapping = load_mapping(mapping_path)
    layers = read_layers(mapping)
    net = wnet.create_water_network(name or mapping.gis.name or Path(mapping_path).stem)
    net.crs = layers["pipes"].crs.to_wkt()
    _add_patterns(net, mapping)
    _add_nodes(net, layers, mapping)
    points = [layers[s] for s in ("pumps", "valves") if s in layers and _is_points(layers[s])]
    _add_pipes(net, layers["pipes"], mapping, _cuts(points, layers["pipes"], mapping.gis.snap_tolerance_m))
    if "pumps" in layers:
        _add_pumps(net, layers["pumps"], mapping.gis.snap_tolerance_m)
    if "valves" in layers:
        _add_valves(net, layers["valves"], mapping.gis.snap_tolerance_m)
    n_controls = add_controls(net, mapping)
    logger.info("GIS network %s: %d patterns, %d controls", net.name, len(net.patterns), n_controls)
    logger.info("GIS network %s: %d nodes, %d links", net.name, len(net.nodes), len(net.links))
    return net
