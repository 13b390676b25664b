"""Generator deliveries end blackout losses from their arrival day (issue 16, point 3), measured by EPANET's
extended-period run: against a closed-form case (no storage: nobody has water while the pump is off) and on
Net3, whose tanks bridge part of the grid-off hours."""

from __future__ import annotations

import math

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.recovery.blackout import NO_GENERATOR, GeneratorDelivery, blackout_recovery, daily_loss
from teplovoda.models.water.eps import SimulationSpec
from teplovoda.models.water.scenario import build_network, load_scenario
from tests.conftest import SCENARIOS

PEOPLE = 1000.0
#: a lift from a reservoir straight to one junction: while the pump is off the junction gets no water at all
NO_STORAGE_INP = """[TITLE]
pump, no storage
[JUNCTIONS]
J 10 1.0
N 0 0
[RESERVOIRS]
R 0
[PIPES]
P1 N J 100 200 120 0 Open
[PUMPS]
PU R N HEAD C1
[CURVES]
C1 10 60
[OPTIONS]
Units LPS
Headloss H-W
[TIMES]
Duration 24:00
Hydraulic Timestep 1:00
Pattern Timestep 1:00
[END]
"""


def _no_storage(tmp_path):
    (tmp_path / "n.inp").write_text(NO_STORAGE_INP)
    (tmp_path / "s.toml").write_text(
        '[scenario]\nname = "no storage"\nkind = "water"\n[network]\ninp_file = "n.inp"\n'
        "[hydraulics]\nmin_pressure_m = 0.0\nrequired_pressure_m = 5.0\n"
        f"[population]\ntotal = {PEOPLE}\n"
    )
    scn = load_scenario(tmp_path / "s.toml")
    return scn, build_network(scn)


@pytest.mark.parametrize("hours_off", [4, 8, 12])
def test_without_storage_the_loss_is_the_people_times_the_hours_off(tmp_path, hours_off):
    scn, net = _no_storage(tmp_path)
    spec = SimulationSpec(grid_on=tuple([0] * hours_off + [1] * (24 - hours_off)))
    lead = 2.5
    table = blackout_recovery(net, scn.hydraulics, spec, [GeneratorDelivery("set", ("PU",), lead, 30000.0)], 10)
    per_day = PEOPLE * hours_off / 24  # closed form: everyone is without water each grid-off hour
    none, gen = table.loc[NO_GENERATOR], table.loc["set"]
    assert none["loss_before_person_days_per_day"] == pytest.approx(per_day, rel=1e-6)
    assert none["person_days_without_water"] == pytest.approx(per_day * 10, rel=1e-6)
    assert gen["loss_after_person_days_per_day"] == pytest.approx(0.0, abs=1e-9)
    assert gen["person_days_without_water"] == pytest.approx(per_day * lead, rel=1e-6)
    assert gen["cost_eur_per_person_day_saved"] == pytest.approx(30000.0 / (per_day * (10 - lead)), rel=1e-6)
    days = daily_loss(table, 10)
    assert days["set"].tolist()[:4] == pytest.approx([per_day, per_day, per_day / 2, 0.0], rel=1e-6)
    assert days.sum().to_dict() == pytest.approx(table["person_days_without_water"].to_dict(), rel=1e-9)


@pytest.fixture(scope="module")
def net3():
    scn = load_scenario(SCENARIOS / "water_pumping_station_outage_72h.toml")
    return scn, build_network(scn)


def test_net3_tanks_bridge_part_of_the_blackout_and_a_generator_on_both_pumps_ends_it(net3):
    scn, net = net3
    spec = SimulationSpec(grid_on=tuple(([1] * 4 + [0] * 4) * 3))  # four hours on, four off (a Ukrainian schedule)
    deliveries = [GeneratorDelivery("river", ("335",), 3.0), GeneratorDelivery("both", ("10", "335"), 7.0, 120000.0)]
    table = blackout_recovery(net, scn.hydraulics, spec, deliveries, 30)
    none = table.loc[NO_GENERATOR, "loss_before_person_days_per_day"]
    # the tanks keep part of the city served: the loss is above zero and below everyone for 8 h a day
    assert 0 < none < 300000 * 8 / 24
    assert table.loc["both", "loss_after_person_days_per_day"] == 0.0
    assert 0 <= table.loc["river", "loss_after_person_days_per_day"] <= none
    assert table.loc["both", "person_days_without_water"] == pytest.approx(none * 7.0)
    assert table.loc["both", "person_days_saved"] == pytest.approx(none * 23.0)
    assert math.isnan(table.loc["river", "cost_eur_per_person_day_saved"])  # no cost given
    assert table.attrs["solves"] == 3  # timetable, powered, 'river'; 'both' powers every pump (no run)


@pytest.mark.parametrize(
    ("delivery", "horizon", "words"),
    [
        (GeneratorDelivery("x", ("nope",), 1.0), 30, "pumps must name timetabled pumps"),
        (GeneratorDelivery("x", ("335",), 30.0), 30, "lead_time_days must be >= 0 and below horizon_days"),
        (GeneratorDelivery("x", ("335",), -1.0), 30, "lead_time_days"),
        (GeneratorDelivery("x", ("335",), float("nan")), 30, "lead_time_days"),
        (GeneratorDelivery("x", ("335",), 1.0, -5.0), 30, "cost_eur must be >= 0"),
        (GeneratorDelivery(NO_GENERATOR, ("335",), 1.0), 30, "is used twice"),
        (GeneratorDelivery("x", ("335",), 1.0), 0, "horizon_days must be > 0"),
    ],
)
def test_a_bad_delivery_is_one_line_naming_the_entry(net3, delivery, horizon, words):
    from teplovoda.ui.i18n import error_text

    scn, net = net3
    spec = SimulationSpec(grid_on=tuple([1] * 12 + [0] * 12))
    with pytest.raises(InputError) as e:
        blackout_recovery(net, scn.hydraulics, spec, [delivery], horizon)
    assert words in str(e.value) and "\n" not in str(e.value)
    assert error_text(e.value, "en") == str(e.value)
    assert error_text(e.value, "uk") != str(e.value)  # the catalogue's Ukrainian


def test_a_network_without_a_timetable_is_refused(net3):
    scn, net = net3
    with pytest.raises(InputError, match="needs grid_on"):
        blackout_recovery(net, scn.hydraulics, SimulationSpec(), [], 30)


@pytest.mark.parametrize("hours_off", [4, 12])
def test_a_sets_fuel_is_the_fuel_curve_on_the_pumps_closed_form_power_in_the_grid_off_hours(tmp_path, hours_off):
    """The single-point pump curve (10 L/s at 60 m) lifts the junction's 1 L/s by 4/3 x 60 - 60/3 x (1/10)^2 =
    79.8 m (EPANET's three-point fit of one point); at EPANET's default 75 % efficiency that is
    9.81 x 0.001 x 79.8 / 0.75 kW, carried by a 50 kVA set (40 kW at 0.8) in every grid-off hour."""
    from teplovoda.models.power.generators import GeneratorAssumptions

    scn, net = _no_storage(tmp_path)
    spec = SimulationSpec(grid_on=tuple([0] * hours_off + [1] * (24 - hours_off)))
    offer = GeneratorDelivery("set", ("PU",), 1.0, 30000.0, rated_kva=50.0, tank_l=100.0)
    row = blackout_recovery(net, scn.hydraulics, spec, [offer], 10).loc["set"]
    a = GeneratorAssumptions()
    load_kw = 9.81 * 0.001 * (4 / 3 * 60 - 60 / 3 * 0.01) / 0.75
    rated_kw = 50.0 * a.power_factor
    fuel = hours_off * (a.fuel_f0_l_per_h_per_kw_rated * rated_kw + a.fuel_f1_l_per_h_per_kw_output * load_kw)
    assert row["rated_kw"] == pytest.approx(rated_kw)
    assert row["peak_load_kw"] == pytest.approx(load_kw, rel=2e-3)
    assert row["mean_load_pct"] == pytest.approx(100 * load_kw / rated_kw, rel=2e-3)
    assert row["set_hours_per_day"] == hours_off
    assert row["fuel_l_per_day"] == pytest.approx(fuel, rel=2e-3)
    assert row["autonomy_days"] == pytest.approx(100.0 / fuel, rel=2e-3)


def test_a_set_without_a_rating_has_no_fuel_figure(tmp_path):
    scn, net = _no_storage(tmp_path)
    spec = SimulationSpec(grid_on=tuple([0] * 4 + [1] * 20))
    row = blackout_recovery(net, scn.hydraulics, spec, [GeneratorDelivery("set", ("PU",), 1.0)], 10).loc["set"]
    assert math.isnan(row["fuel_l_per_day"]) and math.isnan(row["autonomy_days"])
