"""A GIS water network's demand patterns and simple controls (issue 18): its day equals the ``.inp`` network's.

* The shipped GIS Net3 over 24 h against EPANET 2.2 (wntr) on ``Net3.inp``, tank levels hour by hour, and
  against teplovoda's own run of the ``.inp`` (EPANET 2.3): the layers and tables carry what the file does.
* Bookkeeping on hand-made layers: a pattern's multipliers scale the delivered volume hour by hour; a time
  control closing the only pipe leaves the junction without water from that hour.
* Bad rows: one line naming the mapping, the table, its line and its column.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import wntr

from teplovoda.models.errors import InputError
from teplovoda.models.gis import read_water_gis
from teplovoda.models.water.epanet import read_inp, read_wntr_model
from teplovoda.models.water.eps import SimulationSpec, simulate
from teplovoda.models.water.hydraulics import HydraulicOptions
from tests.models.gis.test_water_gis import DEMAND_M3_PER_H, NET3_GIS, NET3_INP, small_layers

DDA = HydraulicOptions(demand_model="dda")
DAY = SimulationSpec(duration_h=24)
#: the GIS tests' tolerance (the layers hold the file's SI values, diameters rounded to 1e-3 mm)
TOLERANCE_M = 0.01


def test_net3_gis_day_matches_epanet_on_the_inp(tmp_path, record_property):
    res = simulate(read_water_gis(NET3_GIS), DDA, DAY)
    assert res.converged, res.reason
    wn = read_wntr_model(NET3_INP)
    wn.options.time.duration = 24 * 3600
    wn.options.time.report_timestep = 3600
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / "net3"))
    levels = ref.node["pressure"][list(res.tanks.columns)].loc[[h * 3600 for h in range(1, 25)]].to_numpy()
    diff = np.abs(res.tanks.to_numpy() - levels)
    record_property("max_tank_level_difference_vs_epanet22_m", float(diff.max()))
    assert diff.max() < TOLERANCE_M
    # the levels move by metres over the day: a constant-demand, control-free network would not follow them
    assert np.ptp(levels, axis=0).min() > 1.0


def test_net3_gis_day_equals_the_inp_day():
    gis = simulate(read_water_gis(NET3_GIS), DDA, DAY)
    inp = simulate(read_inp(NET3_INP), DDA, DAY)
    assert (gis.tanks - inp.tanks[gis.tanks.columns]).abs().to_numpy().max() < TOLERANCE_M
    # the controls: pump 10 runs the hours its clock allows, pump 335 as tank 1's level starts and stops it
    for pump in ("10", "335"):
        assert gis.pumps.at[pump, "hours_running"] == pytest.approx(inp.pumps.at[pump, "hours_running"], abs=0.05)
        assert gis.pumps.at[pump, "energy_kwh"] == pytest.approx(inp.pumps.at[pump, "energy_kwh"], rel=1e-3)
    assert gis.hourly["required_m3"].to_numpy() == pytest.approx(inp.hourly["required_m3"].to_numpy(), rel=1e-4)


def _with_tables(tmp_path: Path, patterns: str, controls: str | None = None) -> Path:
    extra = f'patterns = "p.csv"\n{"controls = " + chr(34) + "c.csv" + chr(34) if controls else ""}\n'
    mapping = small_layers(tmp_path, mapping_extra=extra)
    text = mapping.read_text().replace('demand = "demand_m3_per_h"', 'demand = "demand_m3_per_h"\npattern = "pattern"')
    mapping.write_text(text)
    import geopandas as gpd

    gpkg = tmp_path / "small.gpkg"
    j = gpd.read_file(gpkg, layer="junctions")
    j["pattern"] = ["", "day"]
    j.to_file(gpkg, layer="junctions", driver="GPKG", engine="pyogrio")
    (tmp_path / "p.csv").write_text(patterns)
    if controls:
        (tmp_path / "c.csv").write_text(controls)
    return mapping


def test_a_pattern_scales_the_hourly_demand(tmp_path):
    multipliers = [0.5, 1.0, 2.0]
    rows = "".join(f"day,{k},{m}\n" for k, m in enumerate(multipliers))
    net = read_water_gis(_with_tables(tmp_path, "pattern,step,multiplier\n" + rows))
    assert net.nodes.at["B", "demand_m3_per_h"] == pytest.approx(DEMAND_M3_PER_H * multipliers[0])
    res = simulate(net, DDA, SimulationSpec(duration_h=6))
    assert res.converged, res.reason
    expected = DEMAND_M3_PER_H * np.resize(multipliers, 6)  # EPANET repeats a pattern after its last step
    assert res.hourly["delivered_m3"].to_numpy() == pytest.approx(expected, rel=1e-6)


def test_a_time_control_closes_the_pipe_at_its_hour(tmp_path):
    patterns = "pattern,step,multiplier\nday,0,1\n"
    controls = "link,status,condition,node,level_m,time_h\np1,closed,time,,,2\n"
    net = read_water_gis(_with_tables(tmp_path, patterns, controls))
    net.nodes.loc["B", "population"] = 100.0
    res = simulate(net, HydraulicOptions(min_pressure_m=0.0, required_pressure_m=20.0), SimulationSpec(duration_h=4))
    assert res.hourly["delivered_m3"].to_numpy() == pytest.approx([DEMAND_M3_PER_H] * 2 + [0.0] * 2, abs=1e-6)
    assert res.hourly["people_without"].tolist() == [0.0, 0.0, 100.0, 100.0]


def _net3_copy(tmp_path: Path) -> Path:
    for f in ("net3_gis.toml", "net3_gis.gpkg", "net3_patterns.csv", "net3_controls.csv"):
        shutil.copy(NET3_GIS.parent / f, tmp_path / f)
    return tmp_path / "net3_gis.toml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("table", "old", "new", "message"),
    [
        ("controls", "10,open,time,,,1", "99,open,time,,,1", r"net3_controls.csv line 2, column 'link': unknown link '99'"),
        ("controls", "335,open,below,1,", "335,open,below,7,", r"line 16, column 'node': unknown node '7'"),
        ("controls", "10,open,time,,,1", "10,ajar,time,,,1", r"line 2, column 'status': pump '10': status must be open"),
        ("controls", "330,closed,below", "330,0.5,below", r"line 18, column 'status': pipe '330': status must be open or closed"),
        ("controls", "335,open,below,1,5.21208", "335,open,below,1,inf", r"line 16, column 'level_m': expected a finite"),
        ("controls", "335,open,below,1,5.21208", "335,open,below,1,", r"line 16, column 'level_m': missing level_m"),
        ("controls", "10,open,time,,,1", "10,open,sometimes,,,1", r"line 2, column 'condition': condition must be one of"),
        ("controls", "10,open,time,,,1", "10,open,clock,,,25", r"line 2, column 'time_h': clock must be hours >= 0"),
        ("patterns", "1,1,1.94", "1,0,1.94", r"net3_patterns.csv line 3, column 'step': step 0 of pattern '1' is given twice"),
        ("patterns", "1,1,1.94", "1,1.5,1.94", r"line 3, column 'step': expected a whole number >= 0, got 1.5"),
        ("patterns", "1,1,1.94", "1,1,nan", r"line 3, column 'multiplier': expected a finite number"),
        ("patterns", "1,1,1.94", "1,30,1.94", r"column 'step': pattern '1' has no step 1"),
    ],
)
def test_a_bad_row_names_the_file_line_and_column(tmp_path, table, old, new, message):
    mapping = _net3_copy(tmp_path)
    _edit(tmp_path / f"net3_{table}.csv", old, new)
    with pytest.raises(InputError, match=message) as err:
        read_water_gis(mapping)
    assert str(err.value).startswith(str(mapping)) and "\n" not in str(err.value)


def test_an_unknown_pattern_names_the_junction_and_column(tmp_path):
    mapping = _net3_copy(tmp_path)
    table = tmp_path / "net3_patterns.csv"
    table.write_text(table.read_text().replace("\n5,", "\n6,"))  # pattern 5 renamed: junction 203's is unknown
    expected = r"\[junctions\] layer 'junctions' .*feature '203' column 'pattern': unknown pattern '5'"
    with pytest.raises(InputError, match=expected):
        read_water_gis(mapping)


def test_a_table_outside_the_mapping_folder_is_refused(tmp_path):
    (tmp_path / "a").mkdir()
    mapping = _net3_copy(tmp_path / "a")
    _edit(mapping, 'controls = "net3_controls.csv"', 'controls = "../c.csv"')
    with pytest.raises(InputError, match=r"\[gis\]: file '../c.csv' points outside the mapping file's folder"):
        read_water_gis(mapping)


def test_the_gis_controls_are_the_inp_controls_in_epanet():
    """The toolkit's own reading of both projects: the same 18 simple controls, levels in metres."""
    from teplovoda.models.water import toolkit

    gis = read_water_gis(NET3_GIS).project()
    inp = toolkit.Project.from_file(NET3_INP)
    try:
        a, b = gis.simple_controls(), inp.simple_controls()
    finally:
        gis.close()
        inp.close()
    assert len(a) == len(b) == 18
    for x, y in zip(a, b):
        assert (x["link"], x["condition"], x["node"]) == (y["link"], y["condition"], y["node"])
        assert x["value"] == pytest.approx(y["value"], abs=1e-6)
        assert (x["setting"] > 0) == (y["setting"] > 0)


def test_the_gis_outage_scenario_gives_the_inp_scenario_days():
    """water_gis_town_outage_72h.toml is water_pumping_station_outage_72h.toml on the GIS layers."""
    from teplovoda.models.water.scenario import load_scenario, run_scenario

    root = NET3_GIS.parents[1]
    gis = run_scenario(load_scenario(root / "water_gis_town_outage_72h.toml")).eps
    inp = run_scenario(load_scenario(root / "water_pumping_station_outage_72h.toml")).eps
    assert set(gis) == set(inp) == {"intact", "damaged", "generator at the river station"}
    for case in gis:
        a, b = gis[case], inp[case]
        assert a.converged and b.converged
        for key in ("person_hours_without_water", "delivered_m3", "pump_energy_kwh"):
            assert a.totals[key] == pytest.approx(b.totals[key], rel=1e-3, abs=1.0), (case, key)
        assert a.totals["first_zone_dry_h"] == pytest.approx(b.totals["first_zone_dry_h"], nan_ok=True)
    assert (gis["intact"].tanks - inp["intact"].tanks).abs().to_numpy().max() < TOLERANCE_M
