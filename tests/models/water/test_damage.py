"""Damage as data: applying it returns a new network; effects checked against independent counts."""

from __future__ import annotations

import numpy as np
import pytest
import wntr

from teplovoda.models.errors import InputError
from teplovoda.models.water import metrics
from teplovoda.models.water.damage import (
    PipeBreak,
    PipeClosed,
    PumpLost,
    SegmentIsolated,
    SourceLost,
    apply_damage,
    network_graph,
    valve_segments,
)
from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from teplovoda.models.water.network import add_isolation_valves
from tests.conftest import library_inp

PDD = HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0)


@pytest.fixture(scope="module")
def net3():
    return read_inp(library_inp("Net3"))


def test_apply_damage_returns_a_new_network(net3):
    before, edits = net3.links.copy(), list(net3.edits)
    out = apply_damage(net3, [PipeBreak(pipe="153", leak_area_cm2=100.0), PipeClosed(pipe="20")])
    assert out is not net3
    assert net3.links.equals(before) and net3.edits == edits == []
    assert [type(e).__name__ for e in out.edits] == ["SplitPipe", "AddLeak", "CloseLink"]
    assert list(out.damage["element"]) == ["153", "20"]


def test_pipe_break_splits_the_pipe_at_its_position(net3):
    out = apply_damage(net3, [PipeBreak(pipe="153", leak_area_cm2=100.0, position=0.25)])
    pipes = out.links
    original = net3.links.loc["153"]
    assert pipes.at["153", "length_m"] == pytest.approx(0.25 * original.length_m)
    assert pipes.at["153_b", "length_m"] == pytest.approx(0.75 * original.length_m)
    z_from = net3.nodes.at[original.from_node, "elevation_m"]
    z_to = net3.nodes.at[original.to_node, "elevation_m"]
    assert out.nodes.at["153_break", "elevation_m"] == pytest.approx(z_from + 0.25 * (z_to - z_from))
    assert out.edits[-1].area_m2 == pytest.approx(0.01)
    # EPANET's own project has the same halves
    from epanet import toolkit as tk

    p = out.project()
    i = p.link_index("153_b")
    assert tk.getlinkvalue(p.ph, i, tk.LENGTH) * p.length_m == pytest.approx(0.75 * original.length_m)
    p.close()


def test_losing_every_source_leaves_everyone_without_water(net3):
    sources = list(net3.sources.index)
    out = apply_damage(net3, [SourceLost(source=s) for s in sources])
    res = solve(out, PDD)
    assert res.converged
    people = metrics.people_served(res.junctions)
    assert people["people_full"] == 0 and people["people_partial"] == 0
    assert metrics.unserved_volume_m3_per_day(res.junctions) == pytest.approx(
        res.junctions["demand_required_m3_per_h"].sum() * 24
    )
    assert not res.junctions["supplied"].any()


def test_pump_lost_stops_its_flow(net3):
    res = solve(apply_damage(net3, [PumpLost(pump="335")]), PDD)
    assert res.links.at["335", "flow_m3_per_h"] == 0.0
    # what is left is EPANET's round-off in the dead-end pipe from the river (accuracy 0.001)
    assert res.sources.at["River", "outflow_m3_per_h"] == pytest.approx(0.0, abs=1e-3)
    # the tanks take over: they drain
    assert (res.sources.loc[["1", "2", "3"], "outflow_m3_per_h"] > 0).all()
    autonomy = metrics.tank_autonomy(res.sources)
    assert np.isfinite(autonomy["hours_to_empty_h"]).all()


def test_closing_a_dead_end_pipe_cuts_off_exactly_the_nodes_beyond_it(net3):
    """Independent count: nodes no longer connected to a source in the wntr graph without the pipe."""
    pipe = "153"
    res = solve(apply_damage(net3, [PipeClosed(pipe=pipe)]), PDD)
    wn = read_wntr_model(library_inp("Net3"))
    graph = wn.to_graph().to_undirected()
    for closed in [pipe] + [name for name, link in wn.links() if str(link.initial_status) == "Closed"]:
        u, v = wn.get_link(closed).start_node_name, wn.get_link(closed).end_node_name
        graph.remove_edge(u, v, key=closed)
    import networkx as nx

    fed = set().union(*(nx.node_connected_component(graph, s) for s in wn.reservoir_name_list + wn.tank_name_list))
    cut = {n for n in wn.junction_name_list if n not in fed}
    j = res.junctions[res.junctions["type"] == "junction"]
    no_water = set(j.index[~j["supplied"]])
    assert no_water == cut
    # cut off: no pressure, no water, never a number EPANET happened to compute for them
    assert j.loc[sorted(cut), "pressure_m"].isna().all() and (j.loc[sorted(cut), "demand_m3_per_h"] == 0).all()


def test_segment_isolation_matches_wntr_segments(net3):
    wn = read_wntr_model(library_inp("Net3"))
    layer = wntr.network.generate_valve_layer(wn, placement_type="strategic", n=2, seed=7)
    net = read_inp(library_inp("Net3"))
    add_isolation_valves(net, layer["link"].tolist(), layer["node"].tolist())
    node_seg_ref, link_seg_ref, _ = wntr.metrics.valve_segments(wn.to_graph(), layer)
    seg = link_seg_ref["153"]
    expected_nodes = set(node_seg_ref.index[node_seg_ref == seg])
    assert expected_nodes  # this seed's segment has nodes in it

    node_seg, link_seg = valve_segments(net)
    assert set(node_seg.index[node_seg == link_seg["153"]]) == expected_nodes
    out = apply_damage(net, [SegmentIsolated(pipe="153")])
    res = solve(out, PDD)
    dry = set(res.junctions.index[metrics.service_class(res.junctions).reindex(res.junctions.index) == "none"])
    demand_nodes = {n for n in expected_nodes if res.junctions.at[n, "demand_required_m3_per_h"] > 0}
    assert demand_nodes <= dry
    assert not res.junctions.loc[sorted(expected_nodes), "supplied"].any()


def test_graph_has_every_link_once(net3):
    g = network_graph(net3)
    assert g.number_of_edges() == len(net3.links)
    assert "335" in {k for _, _, k in g.edges(keys=True)}


@pytest.mark.parametrize(
    "damage, message",
    [
        (PipeBreak(pipe="nope", leak_area_cm2=10.0), "damage #1 (pipe_break): unknown pipe 'nope'"),
        (PipeClosed(pipe="nope"), "unknown pipe 'nope'"),
        (PumpLost(pump="153"), "unknown pump '153'"),
        (SourceLost(source="10"), "unknown source '10'"),
        (SegmentIsolated(pipe="153"), "needs isolation valves"),
    ],
)
def test_unknown_elements_are_named(net3, damage, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        apply_damage(net3, [damage])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"leak_area_cm2": -1.0}, "leak_area_cm2 must be > 0 cm2 and <= 1,000,000 cm2, got -1 cm2"),
        ({"leak_area_cm2": 10.0, "position": 1.0}, "position must be > 0 and < 1, got 1"),
        ({"leak_area_cm2": 10.0, "discharge_coefficient": 1.5}, "discharge_coefficient must be > 0 and <= 1, got 1.5"),
    ],
)
def test_break_parameters_are_checked(kwargs, message):
    with pytest.raises(InputError, match=message):
        PipeBreak(pipe="1", **kwargs)


def test_an_isolated_segment_lists_a_tank_as_a_tank():
    """Issue 15 point 10: the nodes a segment isolation cuts off are listed as what they are, not all as junctions."""
    from teplovoda.models.water.network import add_junctions, add_pipes, add_reservoir, add_tank, create_water_network

    net = create_water_network("hill tank")
    add_reservoir(net, "R", 60.0)
    add_junctions(net, ["A"], [10.0], demand_m3_per_h=5.0)
    add_tank(net, "T", 20.0, 3.0, diameter_m=10.0, max_level_m=5.0)
    add_pipes(net, ["P1", "P2"], ["R", "A"], ["A", "T"], length_m=100.0, diameter_m=0.2, hazen_williams_c=130.0)
    add_isolation_valves(net, ["P1"], ["R"])
    rows = apply_damage(net, [SegmentIsolated(pipe="P2")]).damage.set_index("element")
    assert rows.loc[["A", "T"], "element_type"].to_dict() == {"A": "junction", "T": "tank"}
    assert rows.at["T", "damage"] == "isolated"
