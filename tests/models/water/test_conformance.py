"""Conformance: every network wntr ships, read and solved by teplovoda, against EPANET 2.2 through wntr.

The base case of each file (its own demand model, time 0) must agree at every junction within 1 mm
of head. Nodes that EPANET leaves cut off from every source (none in these files at time 0 but
two pump-suction nodes of ky10, behind closed pumps) have no head in teplovoda by design and are
compared for that instead.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import wntr

from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.hydraulics import HydraulicOptions, solve
from tests.conftest import library_inp

HEAD_TOLERANCE_M = 1e-3


def _reference(path, workdir):
    wn = read_wntr_model(path)
    wn.options.time.duration = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wn, wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(workdir / "ref"))


@pytest.mark.parametrize("network", ["Net1", "Net2", "Net3", "Net6", "ky4", "ky10"])
def test_every_library_network_matches_epanet(network, record_property, tmp_path):
    path = library_inp(network)
    wn, ref = _reference(path, tmp_path)
    res = solve(read_inp(path), HydraulicOptions(demand_model="dda"))
    assert res.converged, res.reason
    j = res.junctions[res.junctions["type"] == "junction"]
    assert set(j.index) == set(wn.junction_name_list)
    head_ref = ref.node["head"].iloc[0].reindex(j.index)
    supplied = j[j["supplied"]]
    dh = (supplied["head_m"] - head_ref[supplied.index]).abs()
    record_property("max_head_difference_m", float(dh.max()))
    assert dh.max() < HEAD_TOLERANCE_M, (dh.idxmax(), dh.max())
    demand_ref = ref.node["demand"].iloc[0].reindex(supplied.index) * 3600.0
    assert (supplied["demand_m3_per_h"] - demand_ref).abs().max() < 0.01
    # a node without water is one EPANET has fed by no open path either: zero flow into it
    for node in j.index[~j["supplied"]]:
        links = wn.get_links_for_node(node)
        assert all(abs(float(ref.link["flowrate"].iloc[0][name])) < 1e-6 for name in links), node


EVERY_FEATURE = Path(__file__).parent / "data" / "every_feature.inp"


def _epanet22(path, hours: int):
    """EPANET 2.2's own toolkit (wntr's bundled library) on the raw file: heads at time 0, tank levels per hour."""
    from wntr.epanet.toolkit import ENepanet

    en = ENepanet()
    en.ENopen(str(path), str(path.with_suffix(".ref.rpt")), str(path.with_suffix(".ref.bin")))
    en.ENsettimeparam(0, hours * 3600)  # EN_DURATION
    en.ENsettimeparam(5, 3600)  # EN_REPORTSTEP
    en.ENopenH()
    en.ENinitH(0)
    n = en.ENgetcount(0)
    ids = [en.ENgetnodeid(i) for i in range(1, n + 1)]
    tanks = [i for i in range(1, n + 1) if en.ENgetnodetype(i) == 2]
    heads0, levels = None, {}
    while True:
        t = en.ENrunH()
        if heads0 is None:
            heads0 = {ids[i - 1]: en.ENgetnodevalue(i, 10) * FT for i in range(1, n + 1)}
        if t % 3600 == 0 and t > 0:
            levels[t // 3600] = [(en.ENgetnodevalue(i, 10) - en.ENgetnodevalue(i, 0)) * FT for i in tanks]
        if en.ENnextH() <= 0:
            break
    en.ENcloseH()
    en.ENclose()
    return heads0, levels, [ids[i - 1] for i in tanks]


FT = 0.3048


def test_every_valve_rule_pattern_curve_and_an_inflow_as_epanet_reads_them(tmp_path):
    """A US-units file with PRV, PSV, PBV, FCV, TCV and GPV valves, a check valve, parallel pumps (one on a
    speed pattern), simple and rule-based controls, a pattern start, a demand multiplier, a negative
    demand and a tank volume curve: time 0 and a 24 h run against EPANET 2.2 reading the raw file."""
    from teplovoda.models.water.eps import SimulationSpec, simulate

    path = tmp_path / EVERY_FEATURE.name
    path.write_bytes(EVERY_FEATURE.read_bytes())
    heads0, levels, tanks = _epanet22(path, 24)
    net = read_inp(path)
    assert set(net.links["kind"]) >= {"prv", "psv", "pbv", "fcv", "tcv", "gpv", "pump", "pipe"}
    assert net.nodes.at["J4", "demand_m3_per_h"] < 0  # the inflow, kept
    res = solve(net, HydraulicOptions(demand_model="dda"))
    assert res.converged, res.reason
    dh = {k: abs(res.junctions.at[k, "head_m"] - v) for k, v in heads0.items()}
    assert max(dh.values()) < HEAD_TOLERANCE_M, max(dh.items(), key=lambda kv: kv[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # EPANET's warning codes are kept in the result, never printed
        eps = simulate(net, HydraulicOptions(demand_model="dda"), SimulationSpec(duration_h=24))
    assert eps.converged, eps.reason
    # this file makes EPANET warn in some hours: those hours are kept, one flag per hour
    assert eps.hourly["epanet_warning"].dtype == bool
    assert eps.totals["epanet_warning_hours"] == int(eps.hourly["epanet_warning"].sum()) >= 1
    ours = eps.tanks[tanks].to_numpy()
    ref = [levels[h] for h in range(1, 25)]
    assert abs(ours - ref).max() < 0.01
    # the volume curve, not a cylinder: 86,000 ft3 at the initial 12 ft less 12,000 ft3 at the minimum 2 ft
    assert net.tanks.at["T1", "usable_volume_m3"] == pytest.approx(74_000 * FT**3, rel=1e-6)
