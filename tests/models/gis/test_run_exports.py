"""Sweep runs as GeoPackage layers (issue 18, point 2): per-element records, their statistics, the layers read back.

The per-element records come from the sweep's own solves; they are checked against a recount: the people of the
elements without water in a sample add up to that sample's ``people_without`` (summed by the metrics over the
whole junction table), a sample replayed without Dask gives the same records, the statistics equal a loop over
the records, and how often a pipe was damaged equals a recount from the damage drawn again with the sample's seed.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from teplovoda.models import kinds
from teplovoda.models.damage import declaration
from teplovoda.models.gis.export_runs import write_sweep_gpkg
from teplovoda.models.montecarlo import (
    SweepSpec,
    applicable_water_damage,
    damage_shares,
    element_statistics,
    run_sweep_elements,
    sample_water_damage,
    water_sample,
)
from tests.conftest import SCENARIOS

SPEC = SweepSpec(samples=5, seed=7, break_rate_per_km=1.0, pump_outage_probability=0.3)


@pytest.fixture(scope="module")
def sweep():
    kind = kinds.get("water")
    scn = kind.load(SCENARIOS / "water_gis_town.toml")
    payload, options, _ = kinds.resolve(kind.sweep_cases)(scn)
    table, elements = run_sweep_elements("water", payload, options, SPEC, workers=1, progress=False)
    return payload, options, table, elements


def test_records_add_up_to_the_samples_totals(sweep):
    _, _, table, elements = sweep
    assert len(elements) and set(elements["case"]) == set(table["case"])
    g = elements.groupby(["sample", "case"], sort=False)
    without = g.apply(lambda e: e.loc[e["without"], "people"].sum(), include_groups=False)
    partial = g.apply(lambda e: e.loc[~e["without"] & ~e["full"], "people"].sum(), include_groups=False)
    rows = table.set_index(["sample", "case"])
    assert without.reindex(rows.index).to_numpy() == pytest.approx(rows["people_without"].to_numpy())
    assert partial.reindex(rows.index).to_numpy() == pytest.approx(rows["people_partial"].to_numpy())
    assert table["people_without"].max() > 0  # the events leave someone without water


def test_a_sample_replayed_without_dask_gives_the_same_records(sweep):
    payload, options, _, elements = sweep
    for row in water_sample(payload, options, SPEC, 3):
        mine = elements[(elements["sample"] == 3) & (elements["case"] == row["case"])].set_index("id")
        again = row["elements"]
        assert list(mine.index) == list(again.index)
        assert mine["delivered_fraction"].to_numpy() == pytest.approx(again["delivered_fraction"].to_numpy())
        assert (mine["without"].to_numpy() == again["without"].to_numpy()).all()
        # ids are the input's: no mid-pipe break node of a sampled break
        assert set(again.index) <= set(payload[row["case"]].nodes.index.astype(str))


def test_statistics_equal_a_loop_over_the_records(sweep):
    _, _, table, elements = sweep
    stats = element_statistics(table, elements)
    converged = set(map(tuple, table.loc[table["converged"], ["sample", "case"]].to_numpy()))
    for (case, node), row in stats.sample(25, random_state=1).iterrows():
        mine = [r for r in elements.itertuples() if r.case == case and r.id == node and (r.sample, r.case) in converged]
        assert row["samples"] == len(mine)
        assert row["probability_without"] == pytest.approx(sum(r.without for r in mine) / len(mine))
        assert row["delivered_fraction_mean"] == pytest.approx(np.mean([r.delivered_fraction for r in mine]))
        assert row["probability_without"] + row["probability_partial"] + row["probability_full"] == pytest.approx(1.0)


def test_damage_shares_equal_the_damage_drawn_again(sweep):
    payload, _, table, _ = sweep
    shares = damage_shares(table)
    counts: dict = {}
    for i in range(SPEC.samples):
        drawn = sample_water_damage(payload["intact"], SPEC, np.random.default_rng((SPEC.seed, i)))
        for case, net in payload.items():
            for d in applicable_water_damage(net, drawn):
                key = (case, declaration(d).element(d))
                counts[key] = counts.get(key, 0) + 1
    assert len(counts) and {k: int(v) for k, v in shares["samples_damaged"].items()} == counts
    assert shares["damaged_share"].to_numpy() == pytest.approx(shares["samples_damaged"].to_numpy() / SPEC.samples)


def test_the_layers_read_back_with_the_input_ids_and_values(sweep, tmp_path):
    payload, _, table, elements = sweep
    out = tmp_path / "sweep.gpkg"
    names = write_sweep_gpkg("water", payload, table, elements, out)
    assert {"junctions_intact", "pipes_intact", "junctions_damaged", "pipes_damaged"} <= set(names)
    stats = element_statistics(table, elements).xs("intact", level="case")
    j = gpd.read_file(out, layer="junctions_intact").set_index("id")
    assert j.crs.to_epsg() == 32636 and (j.geom_type == "Point").all()
    assert list(j.index) == list(stats.index) and set(j.index) <= set(payload["intact"].nodes.index.astype(str))
    assert j["probability_without"].to_numpy() == pytest.approx(stats["probability_without"].to_numpy())
    # expected people without, summed over the junctions = the mean of the samples' people without water
    ok = table[(table["case"] == "intact") & table["converged"]]
    assert j["people_without_mean"].sum() == pytest.approx(ok["people_without"].mean())
    p = gpd.read_file(out, layer="pipes_intact").set_index("id")
    net = payload["intact"]
    assert set(p.index) == set(net.links.index[net.links["kind"] == "pipe"].astype(str))
    hit = damage_shares(table).xs("intact", level="case")["damaged_share"]
    expected = hit.reindex(p.index).fillna(0.0)
    assert p["damaged_share"].to_numpy() == pytest.approx(expected.to_numpy())
    own = net.links.set_axis(net.links.index.astype(str)).reindex(p.index)
    assert p["length_m"].to_numpy() == pytest.approx(own["length_m"].to_numpy(float))
    assert (p["from_node"].to_numpy() == own["from_node"].astype(str).to_numpy()).all()


def test_damage_shares_count_each_cell_by_case():
    import pandas as pd

    table = pd.DataFrame(
        {
            "sample": [0, 0, 1, 1],
            "case": ["intact", "option", "intact", "option"],
            "damage": ["pipe_break 153; pump_lost 10", "pipe_break 153", "", "segment_isolated 20"],
        }
    )
    shares = damage_shares(table)
    assert shares["samples_damaged"].to_dict() == {
        ("intact", "153"): 1,
        ("intact", "10"): 1,
        ("option", "153"): 1,
        ("option", "20"): 1,
    }
    assert shares.at[("intact", "10"), "damage"] == "pump_lost" and shares["damaged_share"].eq(0.5).all()
    assert damage_shares(table.assign(damage="")).empty
