"""Behaviour of the district-heating solve: capacity limits, islands, cut-off buildings, robustness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.heat.damage import PipeClosed, PumpLost, SourceDerated, SourceLost, apply_damage
from teplovoda.models.heat.generate import generate_microdistrict
from teplovoda.models.heat.network import add_sources, build_heat_network, sources_table
from teplovoda.models.heat.thermal import HeatConditions, solve


@pytest.fixture(scope="module")
def district():
    nodes, pipes, consumers, sources = generate_microdistrict()
    return build_heat_network(nodes, pipes, consumers, sources_table(sources.to_dict("records")), name="md")


def test_intact_network_heats_everyone_within_the_physics(district):
    res = solve(district, HeatConditions(outdoor_temp_c=-22.0))
    assert res.converged
    c = res.consumers
    assert (c["delivered_fraction"] > 0.999).all()
    assert (c["supply_temp_c"] < 95.0).all() and (c["supply_temp_c"] > 90.0).all()  # losses on the way
    assert (c["return_temp_c"] < c["supply_temp_c"]).all()
    assert c["dp_available_bar"].min() == pytest.approx(1.0, abs=0.02)  # pumps hold 1 bar at the worst
    assert 0 < res.totals["heat_loss_pct"] < 10


def test_undersized_plant_lowers_supply_temperature_and_runs_at_capacity(district):
    net = apply_damage(district, [SourceDerated(source="boiler_house", available_fraction=0.5)])
    res = solve(net, HeatConditions(outdoor_temp_c=-22.0))
    assert res.converged
    s = res.sources.loc["boiler_house"]
    assert s["heat_kw"] == pytest.approx(s["capacity_kw"], rel=0.01)
    assert s["supply_temp_c"] < 80.0
    assert res.totals["delivered_kw"] < 0.6 * res.totals["demand_kw"]
    assert (res.consumers["delivered_fraction"] < 0.95).all()


def test_closed_trunk_main_cuts_off_the_buildings_beyond_it(district):
    res = solve(apply_damage(district, [PipeClosed(pipe="M3-M4")]), HeatConditions(outdoor_temp_c=-22.0))
    assert res.converged
    beyond = res.consumers["node"].str.match(r"^(B|School|Hospital)[4-7]")
    assert (res.consumers.loc[beyond, "delivered_kw"] == 0).all()
    assert not res.consumers.loc[beyond, "connected"].any()
    assert (res.consumers.loc[~beyond, "delivered_fraction"] > 0.999).all()
    cold = res.consumers.loc[beyond]
    assert np.isfinite(cold["hours_to_12c_h"]).all() and cold["freeze_risk"].all()
    assert cold["supply_temp_c"].isna().all()  # no invented temperatures where nothing flows


def test_plant_pump_without_power_delivers_nothing(district):
    res = solve(apply_damage(district, [PumpLost(source="boiler_house")]), HeatConditions(outdoor_temp_c=-10.0))
    assert res.converged
    assert res.totals["delivered_kw"] == 0
    assert res.totals["people_without_heat"] == res.totals["people_total"]


def test_sources_in_one_island_share_load_by_capacity(district):
    net = apply_damage(district, [SourceLost(source="boiler_house")])
    extra = sources_table(
        [
            {"name": "big", "node": "M2", "kind": "gas_boiler", "capacity_kw": 15000.0},
            {"name": "small", "node": "M6", "kind": "biomass_boiler", "capacity_kw": 7500.0},
        ]
    )
    res = solve(add_sources(net, extra), HeatConditions(outdoor_temp_c=-15.0))
    assert res.converged
    s = res.sources
    assert s.at["big", "role"] == "master" and s.at["small", "role"] == "injector"
    assert s.at["big", "heat_kw"] / s.at["small", "heat_kw"] == pytest.approx(2.0, rel=0.1)
    assert (res.consumers["delivered_fraction"] > 0.999).all()
    assert abs(res.totals["balance_residual_pct"]) < 1.0


@pytest.mark.parametrize("mode", ["sequential", "bidirectional"])
def test_modes_agree(district, mode):
    ref = solve(district, HeatConditions(outdoor_temp_c=-15.0, mode="sequential"))
    res = solve(district, HeatConditions(outdoor_temp_c=-15.0, mode=mode))
    assert res.converged
    assert res.consumers["supply_temp_c"].to_numpy() == pytest.approx(ref.consumers["supply_temp_c"].to_numpy(), abs=0.05)


def test_non_convergence_is_a_flagged_result(district):
    res = solve(district, HeatConditions(outdoor_temp_c=-15.0, max_iterations=1))
    assert res.converged is False
    assert "no convergence within 1 control iterations" in res.reason


def test_summer_has_no_heat_demand(district):
    res = solve(district, HeatConditions(outdoor_temp_c=22.0))
    assert res.converged
    assert res.totals["demand_kw"] == 0 and (res.consumers["delivered_kw"] == 0).all()
    assert not res.consumers["freeze_risk"].any()


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"name": "s", "node": "BH", "kind": "gas_boiler", "capacity_kw": 0.0}], "capacity_kw must be > 0"),
        ([{"name": "s", "node": "BH", "kind": "fusion", "capacity_kw": 10.0}], "unknown kind 'fusion'"),
        ([{"name": "s", "node": "BH", "kind": "gas_boiler", "capacity_kw": 10.0, "fuel": "coal"}], "unknown fuel 'coal'"),
    ],
)
def test_bad_sources_are_refused(rows, message):
    with pytest.raises(InputError, match=message):
        sources_table(rows)


def test_bad_route_tables_are_refused():
    nodes, pipes, consumers, sources = generate_microdistrict()
    src = sources_table(sources.to_dict("records"))
    bad = pipes.copy()
    bad.loc[0, "to_node"] = "nowhere"
    with pytest.raises(InputError, match="pipes: 'BH-M0' refers to unknown node 'nowhere'"):
        build_heat_network(nodes, bad, consumers, src)
    bad = pipes.copy()
    bad.loc[1, "length_m"] = -5
    with pytest.raises(InputError, match="length_m must be a positive number, got -5"):
        build_heat_network(nodes, bad, consumers, src)
    bad = consumers.copy()
    bad.loc[0, "building_type"] = "castle"
    with pytest.raises(InputError, match="unknown building_type 'castle'"):
        build_heat_network(nodes, pipes, bad, src)
    with pytest.raises(InputError, match="missing column 'diameter_mm'"):
        build_heat_network(nodes, pipes.drop(columns="diameter_mm"), consumers, src)
    with pytest.raises(InputError, match="unknown heat source 'nope'"):
        apply_damage(build_heat_network(nodes, pipes, consumers, src), [SourceLost(source="nope")])
    assert isinstance(consumers, pd.DataFrame)


def test_frozen_pipes_and_buildings_are_flagged_not_given_numbers():
    """A 15 km above-ground pipe at -30 °C: the supply arrives too cold to heat; everything is flagged."""
    nodes = pd.DataFrame({"name": ["P", "C"], "x_m": [0.0, 15000.0], "y_m": [0.0, 0.0]})
    pipes = pd.DataFrame(
        [
            {
                "name": "line",
                "from_node": "P",
                "to_node": "C",
                "length_m": 15000.0,
                "diameter_mm": 100.0,
                "heat_loss_w_per_m_k": 3.0,
                "above_ground": True,
            }
        ]
    )
    consumers = pd.DataFrame(
        [{"name": "block", "node": "C", "building_type": "apartment_block", "design_heat_kw": 400.0, "people": 200}]
    )
    src = sources_table([{"name": "plant", "node": "P", "kind": "gas_boiler", "capacity_kw": 2000.0}])
    res = solve(build_heat_network(nodes, pipes, consumers, src, name="far"), HeatConditions(outdoor_temp_c=-30.0))
    assert res.converged
    block = res.consumers.loc["block"]
    assert block["delivered_kw"] == 0 and bool(block["freeze_risk"])
    assert res.pipes["freeze_risk"].all()
    finite = res.pipes["outlet_temp_c"].dropna()
    assert (finite > -30.0).all()  # never colder than the air around them
    assert res.totals["pipes_freeze_risk"] == 2
