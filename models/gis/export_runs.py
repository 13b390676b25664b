"""Comparison and Monte Carlo sweep runs as GeoPackage layers, with the network's own ids (issue 18, point 2).

* A **comparison** (``teplovoda compare FILE --gpkg OUT.gpkg``): the base run's network layers per case,
  as its own kind writes them (a heat base: :func:`teplovoda.models.gis.export_heat.heat_layers`, a water
  base: :func:`teplovoda.models.gis.export.water_layers`; a generator base has no network, so none), plus two
  attribute tables: ``options`` (one row per option, the comparison's costed figures: people served, cost,
  cost per person, net present cost, rank...; ``case`` = the word naming that option's layers, ``damaged``
  for *do nothing*) and ``cost_sources`` (where every cost figure came from). The kind says which function
  writes its layers (``gis_layers`` in :mod:`teplovoda.models.kinds`).
* A **sweep** (``teplovoda water sweep FILE --gpkg OUT.gpkg``, ``heat sweep``): per case, each demand node
  (water junctions, heat buildings) with its probability of being without the service, partly and fully
  served, and its mean and P10 delivered share (:func:`teplovoda.models.montecarlo.element_statistics`), and
  each link (water pipes, pumps, valves; heat routes) with how often the sampled damage hit it
  (:func:`teplovoda.models.montecarlo.damage_shares`; 0 for a link never hit). The kind says which function
  writes them (``sweep_layers``).

Layer names follow the run exports' (``junctions_<case>``, ``pipes_<case>``, ``buildings_<case>``, the case
word made by :func:`teplovoda.models.gis.export.case_keys`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from teplovoda.models import kinds
from teplovoda.models.gis.export import LINK_LAYERS, case_keys, link_lines, node_points, write_layers

#: The option row of a comparison that is the base run's ``damaged`` case.
DO_NOTHING = "do nothing"


def compare_layers(cmp) -> tuple[dict[str, pd.DataFrame], object]:
    """A comparison's layers (see module doc) and their CRS; the base's kind names its network export.

    The base run's cases are ``intact``, ``damaged`` and its options in the comparison's order, so an
    option's layers carry the word :func:`case_keys` gives it among them; ``case`` is left empty for an
    option without layers (a generator base).
    """
    base = kinds.kind_of(cmp.base_run)
    layers, crs = ({}, None) if base.gis_layers is None else kinds.resolve(base.gis_layers)(cmp.base_run)
    options = cmp.options.rename_axis("option").reset_index()
    names = [str(o) for o in options["option"] if o != DO_NOTHING]
    keys = case_keys(["intact", "damaged", *names])
    keys[DO_NOTHING] = keys["damaged"]
    present = {name.split("_", 1)[-1] for name in layers}  # element words (junctions, pipes...) have no "_"
    options.insert(1, "case", [keys[o] if keys.get(o) in present else "" for o in options["option"].astype(str)])
    layers = {**layers, "options": options}
    if cmp.sources is not None and len(cmp.sources):
        layers["cost_sources"] = cmp.sources.reset_index(drop=True)
    return layers, crs


def write_compare_gpkg(cmp, path: str | Path) -> list[str]:
    """Write :func:`compare_layers` to the GeoPackage ``path`` (replaced if it exists); the layer names."""
    layers, crs = compare_layers(cmp)
    return write_layers(layers, path, crs)


def _by_case(frame: pd.DataFrame, case: str) -> pd.DataFrame:
    """The rows of one case of a (case, id)-indexed table, indexed by id (empty if the case has none)."""
    if not len(frame) or case not in frame.index.get_level_values("case"):
        return frame.iloc[0:0].droplevel("case") if len(frame.index.names) > 1 else frame.iloc[0:0]
    return frame.xs(case, level="case")


def _named(out: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The non-empty layers, each with its id as the first column ``id``."""
    return {name: t.rename_axis("id").reset_index() for name, t in out.items() if len(t)}


def _hit(links: pd.DataFrame, damaged: pd.DataFrame) -> pd.DataFrame:
    """Links with ``damage``, ``samples_damaged``, ``damaged_share`` (0 for a link never hit)."""
    d = damaged.reindex(links.index)
    return links.assign(
        damage=d["damage"].fillna("").astype(str).to_numpy(),
        samples_damaged=pd.to_numeric(d["samples_damaged"]).fillna(0).astype(int).to_numpy(),
        damaged_share=pd.to_numeric(d["damaged_share"]).astype(float).fillna(0.0).to_numpy(),
    )


def water_sweep_layers(payload: dict, stats: pd.DataFrame, damaged: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], object]:
    """A water sweep's ``junctions_<case>`` (points) and ``pipes_/pumps_/valves_<case>`` (lines) layers, and their CRS.

    ``payload`` is the sweep's networks by case, ``stats`` :func:`~teplovoda.models.montecarlo.element_statistics`,
    ``damaged`` :func:`~teplovoda.models.montecarlo.damage_shares`.
    """
    out = {}
    keys = case_keys(payload)
    for case, net in payload.items():
        j = _by_case(stats, case)
        nodes = net.nodes.reindex(j.index)
        out[f"junctions_{keys[case]}"] = j.assign(elevation_m=nodes["elevation_m"].to_numpy(float), geometry=node_points(nodes))
        links = net.links[["kind", "from_node", "to_node", *[c for c in ("length_m", "diameter_m") if c in net.links]]]
        links = _hit(links, _by_case(damaged, case))
        links = links.assign(geometry=link_lines(net.nodes, links.index, links["from_node"], links["to_node"], net.link_geometry))
        for kind, members in LINK_LAYERS.items():
            out[f"{kind}_{keys[case]}"] = links[links["kind"].isin(members)]
    return _named(out), getattr(next(iter(payload.values())), "crs", None)


def heat_sweep_layers(payload: dict, stats: pd.DataFrame, damaged: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], object]:
    """A heat sweep's ``buildings_<case>`` (outlines or points) and ``pipes_<case>`` (route lines) layers, and their CRS.

    Arguments as :func:`water_sweep_layers`; a route's damage is its closure (``pipe_closed``).
    """
    from teplovoda.models.gis.export_heat import building_geometry, node_xy, route_ends, route_lines
    from teplovoda.models.gis.geographic import network_crs

    out = {}
    keys = case_keys(payload)
    for case, net in payload.items():
        xy = node_xy(net)
        b = _by_case(stats, case)
        hc = net.heat_consumer.assign(name=lambda t: t["name"].astype(str)).set_index("name").reindex(b.index)
        b = b.assign(node=hc["node"].astype(str).to_numpy(), building_type=hc["building_type"].astype(str).to_numpy())
        out[f"buildings_{keys[case]}"] = b.assign(geometry=building_geometry(net, xy, b.index, b["node"]))
        routes = _hit(route_ends(net), _by_case(damaged, case))
        out[f"pipes_{keys[case]}"] = routes.assign(geometry=route_lines(net, xy, routes))
    return _named(out), network_crs(next(iter(payload.values())))


def write_sweep_gpkg(kind: str, payload: dict, table: pd.DataFrame, elements: pd.DataFrame, path: str | Path) -> list[str]:
    """Write a sweep's layers (its kind's ``sweep_layers``) to the GeoPackage ``path``; the layer names.

    ``table`` and ``elements`` are :func:`~teplovoda.models.montecarlo.run_sweep_elements`' two tables.
    """
    from teplovoda.models.montecarlo import damage_shares, element_statistics

    fn = kinds.resolve(kinds.get(kind).sweep_layers)
    layers, crs = fn(payload, element_statistics(table, elements), damage_shares(table))
    return write_layers(layers, path, crs)


__all__ = ["compare_layers", "write_compare_gpkg", "water_sweep_layers", "heat_sweep_layers", "write_sweep_gpkg"]
