"""Build closed-loop district-heating networks in pandapipes from route tables.

A DH network is described once, as routes: ``nodes`` (name, x_m, y_m, elevation_m), ``pipes`` (a
supply and a return pipe laid together: name, from_node, to_node, length_m, diameter_mm,
roughness_mm, heat_loss_w_per_m_k per pipe or an ``insulation`` preset of
:func:`teplovoda.models.heat.norms.insulation_presets`, optional above_ground), ``consumers`` (name,
node, building_type, design_heat_kw, people, optional households, pupils, patients, dhw_kw or
dhw_litres_per_person_per_day) and ``sources`` (name, node, kind, capacity_kw, and optional
efficiency, fuel, max_supply_temp_c). :func:`build_heat_network` turns them into a pandapipes net:

* junctions ``S:<node>`` and ``R:<node>`` (``type`` supply / return);
* pipes ``S:<pipe>`` and ``R:<pipe>`` with ``route`` and ``line`` columns; the linear heat-loss
  coefficient (W per metre and kelvin, per pipe) is converted to pandapipes' ``u_w_per_m2k`` on the
  inner surface; the ambient is the ground (or the outdoor air for pipes above ground);
* consumers as pandapipes heat consumers from ``S:<node>`` to ``R:<node>``, with ``building_type``,
  ``design_heat_kw``, ``people``, ``households``, ``pupils``, ``patients`` and ``dhw_mean_kw`` columns
  (the solver sets their flow and heat). **Who is counted where**: ``people`` are residents (the
  people who live in the building); a school's pupils and a hospital's patients live in the
  apartment blocks too, so they are their own columns (``pupils``, ``patients``) and never add to
  ``people``. ``households`` defaults to ``people / PERSONS_PER_HOUSEHOLD`` (rounded). Domestic hot
  water: ``dhw_kw`` (mean power over the day) or ``dhw_litres_per_person_per_day`` times the
  residents (heated from 10 to 60 °C), spread over the day by the hourly profile;
* sources in ``net["heat_source"]``: the solver turns each island's largest source into the
  pressure-holding circulation pump and the others into heat injectors.
"""

from __future__ import annotations

import math

import numpy as np
import pandapipes as pp
import pandas as pd

from teplovoda.models.errors import InputError, ModelError, within
from teplovoda.models.heat import norms
from teplovoda.models.heat.physics import TIME_CONSTANT_H
from teplovoda.models.heat.sources import FUELS, TECHNOLOGIES, uses_cop
from teplovoda.models.messages import Msg
from teplovoda.models.units import KELVIN_OFFSET, M_PER_KM, MM_PER_M

INITIAL_TEMP_K = KELVIN_OFFSET + 70.0
NOMINAL_PRESSURE_BAR = 5.0
DEFAULT_ROUGHNESS_MM = 0.5  # old steel DH pipes (new: 0.05-0.1 mm)
SOURCE_COLUMNS = [
    "name",
    "node",
    "kind",
    "capacity_kw",
    "efficiency",
    "electric_efficiency",
    "fuel",
    "max_supply_temp_c",
    "max_pump_head_bar",
    "in_service",
    "pump_in_service",
    "added_by",
]


def _require(table: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in table]
    if missing:
        column = Msg(
            "heat.missing_column", "missing column {column} (needs {needs})", column=repr(missing[0]), needs=", ".join(columns)
        )
        raise InputError(within(what, column))


def _check_names(table: pd.DataFrame, what: str) -> None:
    dup = table["name"][table["name"].duplicated()]
    if len(dup):
        raise InputError(within(what, Msg("heat.duplicate_name", "duplicate name {name}", name=repr(dup.iloc[0]))))


def _positive(table, column, what):
    vals = pd.to_numeric(table[column], errors="coerce")
    bad = ~(vals > 0)
    if bad.any():
        row = table[bad].iloc[0]
        positive = Msg(
            "positive",
            "{field} must be a positive number, got {got} for {name}",
            field=column,
            got=str(row[column]),
            name=repr(row["name"]),
        )
        raise InputError(within(what, positive))
    return vals.to_numpy(float)


def _of_source(name, detail: Msg) -> Msg:
    """``"source '<name>': <detail>"``, keeping the detail's key."""
    return Msg("heat.of_source", "source {name}: {detail}", name=repr(name), detail=detail)


def sources_table(rows: list[dict]) -> pd.DataFrame:
    """Normalise source rows: fill technology defaults, check kinds, fuels and capacities."""
    out = []
    for row in rows:
        kind = row.get("kind")
        if kind not in TECHNOLOGIES:
            unknown = Msg(
                "heat.unknown_kind", "unknown kind {kind} (one of: {known})", kind=repr(kind), known=", ".join(TECHNOLOGIES)
            )
            raise InputError(_of_source(row.get("name"), unknown))
        tech = TECHNOLOGIES[kind]
        r = {
            "name": str(row["name"]),
            "node": str(row["node"]),
            "kind": kind,
            "capacity_kw": float(row["capacity_kw"]),
            "efficiency": float(row.get("efficiency") if row.get("efficiency") is not None else tech.efficiency),
            "electric_efficiency": float(
                row.get("electric_efficiency") if row.get("electric_efficiency") is not None else tech.electric_efficiency
            ),
            "fuel": row.get("fuel") or tech.fuel,
            "max_supply_temp_c": float(
                row.get("max_supply_temp_c") if row.get("max_supply_temp_c") is not None else tech.max_supply_temp_c
            ),
            "max_pump_head_bar": float(
                row.get("max_pump_head_bar") if row.get("max_pump_head_bar") is not None else tech.max_pump_head_bar
            ),
            "in_service": bool(row.get("in_service", True)),
            "pump_in_service": True,
            "added_by": row.get("added_by", ""),
        }
        if not (r["capacity_kw"] > 0 and math.isfinite(r["capacity_kw"])):
            capacity = Msg("heat.capacity", "capacity_kw must be > 0, got {got}", got=repr(row["capacity_kw"]))
            raise InputError(_of_source(r["name"], capacity))
        if r["fuel"] not in FUELS:
            fuel = Msg("heat.unknown_fuel", "unknown fuel {fuel} (one of: {known})", fuel=repr(r["fuel"]), known=", ".join(FUELS))
            raise InputError(_of_source(r["name"], fuel))
        if not uses_cop(kind) and not (0 < r["efficiency"] <= 1.2):
            efficiency = Msg("heat.efficiency", "efficiency must be in (0, 1.2], got {got}", got=repr(r["efficiency"]))
            raise InputError(_of_source(r["name"], efficiency))
        out.append(r)
    return pd.DataFrame(out, columns=SOURCE_COLUMNS)


def build_heat_network(
    nodes: pd.DataFrame,
    pipes: pd.DataFrame,
    consumers: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    name: str = "",
    ground_temp_c: float = 5.0,
    insulation: str = "",
    crs: str | None = None,
):
    """Build the pandapipes net of a closed-loop DH network from route tables (see module doc).

    Raises
    ------
    InputError
        A table misses a column, repeats a name, refers to an unknown node or has a non-positive
        length, diameter or load.
    ModelError
        The network has no consumers or no sources.

    ``insulation`` is the network's default insulation preset, for pipes that give neither
    ``heat_loss_w_per_m_k`` nor ``insulation``. ``crs`` is the CRS (WKT) of the nodes' ``x_m``, ``y_m`` when
    they come from GIS layers, kept as ``net["crs"]`` (:func:`teplovoda.models.gis.geographic.network_crs`).
    """
    _check_tables(nodes, pipes, consumers, sources, name)
    net = pp.create_empty_network(name=name, fluid="water")
    jidx = _create_junctions(net, nodes)
    _create_pipes(net, pipes, jidx, ground_temp_c, insulation)
    _create_consumers(net, consumers, jidx)
    net["heat_source"] = sources.reset_index(drop=True)
    net["route_nodes"] = nodes.reset_index(drop=True)
    net["ground_temp_c"] = float(ground_temp_c)
    net["crs"] = crs
    return net


def _check_tables(nodes, pipes, consumers, sources, name: str) -> None:
    """Columns, unique names, known nodes, building types; names and node references made strings in place."""
    _require(nodes, ["name"], "nodes")
    _require(pipes, ["name", "from_node", "to_node", "length_m", "diameter_mm"], "pipes")
    _require(consumers, ["name", "node", "building_type", "design_heat_kw"], "consumers")
    for table, what in ((nodes, "nodes"), (pipes, "pipes"), (consumers, "consumers"), (sources, "sources")):
        table["name"] = table["name"].astype(str)
        _check_names(table, what)
    if not len(consumers):
        raise ModelError(f"heat network {name!r} has no consumers")
    if not len(sources):
        raise ModelError(f"heat network {name!r} has no heat sources")
    known = set(nodes["name"].astype(str))
    for table, cols, what in (
        (pipes, ("from_node", "to_node"), "pipes"),
        (consumers, ("node",), "consumers"),
        (sources, ("node",), "sources"),
    ):
        for col in cols:
            table[col] = table[col].astype(str)
            unknown = table.loc[~table[col].isin(known)]
            if len(unknown):
                row = unknown.iloc[0]
                node = Msg(
                    "heat.unknown_node", "{name} refers to unknown node {node}", name=repr(row["name"]), node=repr(row[col])
                )
                raise InputError(within(what, node))
    unknown_types = set(consumers["building_type"]) - set(TIME_CONSTANT_H)
    if unknown_types:
        unknown = Msg(
            "heat.unknown_building_type_of",
            "unknown building_type {name} (one of: {known})",
            name=repr(sorted(unknown_types)[0]),
            known=", ".join(TIME_CONSTANT_H),
        )
        raise InputError(within("consumers", unknown))


def _create_junctions(net, nodes: pd.DataFrame) -> pd.Series:
    """A supply (``S:<node>``) and a return (``R:<node>``) junction per route node; junction index by name."""
    node_names = nodes["name"].astype(str).tolist()
    z = pd.to_numeric(nodes.get("elevation_m", pd.Series(0.0, index=nodes.index)), errors="coerce").fillna(0.0).to_numpy()
    xy = None
    if "x_m" in nodes and "y_m" in nodes:
        xy = list(zip(nodes["x_m"].astype(float), nodes["y_m"].astype(float)))
    for line, prefix in (("supply", "S"), ("return", "R")):
        pp.create_junctions(
            net,
            nr_junctions=len(nodes),
            pn_bar=NOMINAL_PRESSURE_BAR,
            tfluid_k=INITIAL_TEMP_K,
            height_m=z,
            name=[f"{prefix}:{v}" for v in node_names],
            type=line,
            geodata=xy,
        )
    return pd.Series(net.junction.index, index=net.junction["name"].to_numpy())


def _heat_loss_w_per_m_k(pipes: pd.DataFrame, diameter_m: np.ndarray, default_preset: str) -> np.ndarray:
    """Per pipe: its ``heat_loss_w_per_m_k``, else its ``insulation`` preset, else the network's default preset."""
    n = len(pipes)
    given = pipes["heat_loss_w_per_m_k"] if "heat_loss_w_per_m_k" in pipes else pd.Series(np.nan, index=pipes.index)
    raw = pd.to_numeric(given, errors="coerce").to_numpy(float)
    typo = given.notna().to_numpy() & ~np.isfinite(raw)
    if np.any(typo | (raw < 0)):
        row = pipes[typo | (raw < 0)].iloc[0]
        loss = Msg(
            "heat.at_least_zero_for",
            "{field} must be a number >= 0, got {got} for {name}",
            field="heat_loss_w_per_m_k",
            got=repr(given[row.name]),
            name=repr(row["name"]),
        )
        raise InputError(within("pipes", loss))
    preset = pipes["insulation"].fillna("").astype(str).str.strip().to_numpy() if "insulation" in pipes else np.full(n, "")
    both = (preset != "") & np.isfinite(raw)
    if both.any():
        name = repr(pipes["name"].iloc[np.flatnonzero(both)[0]])
        raise InputError(
            within("pipes", Msg("heat.loss_and_preset", "{name} gives both heat_loss_w_per_m_k and insulation", name=name))
        )
    preset = np.where((preset == "") & ~np.isfinite(raw), default_preset, preset)
    missing = (preset == "") & ~np.isfinite(raw)
    if missing.any():
        name = repr(pipes["name"].iloc[np.flatnonzero(missing)[0]])
        none = Msg("heat.no_loss", "{name} has no heat_loss_w_per_m_k and no insulation preset", name=name)
        raise InputError(within("pipes", none))
    by_preset = preset != ""
    if by_preset.any():
        raw[by_preset] = norms.preset_heat_loss_w_per_m_k(preset[by_preset], diameter_m[by_preset])
    return raw


def _above_ground_preset(pipes: pd.DataFrame, default_preset: str) -> np.ndarray:
    """Pipes whose insulation preset is one for pipes laid above ground (their surroundings are the outdoor air)."""
    given = pipes["heat_loss_w_per_m_k"] if "heat_loss_w_per_m_k" in pipes else pd.Series(np.nan, index=pipes.index)
    preset = pipes["insulation"].fillna("").astype(str).str.strip() if "insulation" in pipes else pd.Series("", index=pipes.index)
    preset = preset.where((preset != "") | given.notna(), default_preset)
    laying = norms.insulation_presets()["laying"]
    return preset.map(laying).eq("above_ground").to_numpy()


def _create_pipes(net, pipes: pd.DataFrame, jidx: pd.Series, ground_temp_c: float, insulation: str = "") -> None:
    """Each route twice, supply and return (laid the other way), with its heat loss per metre and kelvin."""
    length_m = _positive(pipes, "length_m", "pipes")
    diameter_m = _positive(pipes, "diameter_mm", "pipes") / MM_PER_M
    u_lin = _heat_loss_w_per_m_k(pipes, diameter_m, insulation)
    above = pipes["above_ground"].astype(bool).to_numpy() if "above_ground" in pipes else np.zeros(len(pipes), bool)
    above = above | _above_ground_preset(pipes, insulation)
    rough = (
        pd.to_numeric(pipes["roughness_mm"], errors="coerce").fillna(DEFAULT_ROUGHNESS_MM).to_numpy()
        if "roughness_mm" in pipes
        else np.full(len(pipes), DEFAULT_ROUGHNESS_MM)
    )
    for line, prefix in (("supply", "S"), ("return", "R")):
        f = jidx[[f"{prefix}:{v}" for v in pipes["from_node"]]].to_numpy()
        t = jidx[[f"{prefix}:{v}" for v in pipes["to_node"]]].to_numpy()
        if line == "return":
            f, t = t, f  # return water flows back: lay the pipe the other way (pandapipes does not care)
        idx = pp.create_pipes_from_parameters(
            net,
            from_junctions=f,
            to_junctions=t,
            length_km=length_m / M_PER_KM,
            inner_diameter_mm=diameter_m * MM_PER_M,
            k_mm=rough,
            u_w_per_m2k=u_lin / (math.pi * diameter_m),
            text_k=KELVIN_OFFSET + ground_temp_c,
            name=[f"{prefix}:{p}" for p in pipes["name"]],
        )
        net.pipe.loc[idx, "route"] = pipes["name"].to_numpy()
        net.pipe.loc[idx, "line"] = line
        net.pipe.loc[idx, "heat_loss_w_per_m_k"] = u_lin
        net.pipe.loc[idx, "above_ground"] = above


def _create_consumers(net, consumers: pd.DataFrame, jidx: pd.Series) -> None:
    """A heat consumer per building between its node's supply and return, with its people and time constant."""
    design_kw = _positive(consumers, "design_heat_kw", "consumers")
    sj = jidx[[f"S:{v}" for v in consumers["node"]]].to_numpy()
    rj = jidx[[f"R:{v}" for v in consumers["node"]]].to_numpy()
    idx = pp.create_heat_consumers(
        net,
        from_junctions=sj,
        to_junctions=rj,
        qext_w=design_kw * 1e3,
        controlled_mdot_kg_per_s=design_kw * 1e3 / (4190.0 * 25.0),
        name=consumers["name"].tolist(),
    )
    net.heat_consumer.loc[idx, "node"] = consumers["node"].to_numpy()
    net.heat_consumer.loc[idx, "building_type"] = consumers["building_type"].to_numpy()
    net.heat_consumer.loc[idx, "design_heat_kw"] = design_kw
    for column, value in _occupants(consumers).items():
        net.heat_consumer.loc[idx, column] = value
    net.heat_consumer.loc[idx, "dhw_mean_kw"] = _dhw_mean_kw(consumers, net.heat_consumer.loc[idx, "people"].to_numpy(float))
    tau = consumers["time_constant_h"] if "time_constant_h" in consumers else pd.Series(np.nan, index=consumers.index)
    net.heat_consumer.loc[idx, "time_constant_h"] = pd.to_numeric(tau, errors="coerce").to_numpy()


OCCUPANT_COLUMNS = ("people", "households", "pupils", "patients")


def _count(consumers: pd.DataFrame, column: str) -> np.ndarray:
    """A non-negative count column (0 where absent or blank)."""
    if column not in consumers:
        return np.zeros(len(consumers))
    vals = pd.to_numeric(consumers[column], errors="coerce").fillna(0.0).to_numpy(float)
    if np.any(~np.isfinite(vals) | (vals < 0)):
        row = consumers[~np.isfinite(vals) | (vals < 0)].iloc[0]
        negative = Msg(
            "heat.at_least_zero_for",
            "{field} must be a number >= 0, got {got} for {name}",
            field=column,
            got=repr(row[column]),
            name=repr(row["name"]),
        )
        raise InputError(within("consumers", negative))
    return vals


def _occupants(consumers: pd.DataFrame) -> dict[str, np.ndarray]:
    """Residents, households, pupils and patients per building (see the module doc: nobody is counted twice)."""
    out = {c: _count(consumers, c) for c in OCCUPANT_COLUMNS}
    if "households" not in consumers:
        out["households"] = np.round(out["people"] / norms.PERSONS_PER_HOUSEHOLD)
    return out


def _dhw_mean_kw(consumers: pd.DataFrame, residents: np.ndarray) -> np.ndarray:
    """Mean hot-water power per building (kW): ``dhw_kw``, else litres per resident and day heated 10 -> 60 °C."""
    kw = _count(consumers, "dhw_kw")
    litres = _count(consumers, "dhw_litres_per_person_per_day")
    both = (kw > 0) & (litres > 0)
    if both.any():
        name = repr(consumers["name"].iloc[np.flatnonzero(both)[0]])
        twice = Msg("heat.dhw_both", "{name} gives both dhw_kw and dhw_litres_per_person_per_day", name=name)
        raise InputError(within("consumers", twice))
    return np.where(kw > 0, kw, norms.dhw_daily_kw(litres * residents))


def add_sources(net, sources: pd.DataFrame):
    """Return a copy of ``net`` with extra heat sources (an option's boilers) placed at nodes."""
    import copy

    out = copy.deepcopy(net)
    known = set(out["route_nodes"]["name"].astype(str))
    for _, row in sources.iterrows():
        if row["node"] not in known:
            raise InputError(
                Msg(
                    "heat.source_node",
                    "source {name} placed at unknown node {node}",
                    name=repr(row["name"]),
                    node=repr(row["node"]),
                )
            )
        if row["name"] in set(out["heat_source"]["name"]):
            raise InputError(Msg("heat.source_name_used", "source name {name} is already used", name=repr(row["name"])))
    if not len(sources):
        return out
    if "original_capacity_kw" in out["heat_source"]:
        sources = sources.assign(original_capacity_kw=sources["capacity_kw"].astype(float))
    out["heat_source"] = pd.concat([out["heat_source"], sources], ignore_index=True)
    return out
