"""Rolling blackouts while crews repair the network (issue 16, point 3): every stage of the repair schedule run by
EPANET's extended-period simulation in each power regime, against a closed form (a pump with no storage feeding
one junction through the pipe that is broken) and against the blackout alone (no damage left)."""

from __future__ import annotations

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.recovery.blackout import NO_GENERATOR, GeneratorDelivery, blackout_recovery
from teplovoda.models.recovery.blackout_repairs import blackout_with_repairs
from teplovoda.models.recovery.water import plan
from teplovoda.models.water.eps import SimulationSpec
from teplovoda.models.water.scenario import build_network, load_scenario
from tests.models.recovery.test_blackout import NO_STORAGE_INP, PEOPLE

MOBILISATION_DAYS, REPAIR_DAYS, HORIZON_DAYS = 1.0, 2.5, 12


def _closed_main(tmp_path, hours_off: int):
    (tmp_path / "n.inp").write_text(NO_STORAGE_INP)
    (tmp_path / "s.toml").write_text(
        '[scenario]\nname = "no storage, main closed"\nkind = "water"\n[network]\ninp_file = "n.inp"\n'
        "[hydraulics]\nmin_pressure_m = 0.0\nrequired_pressure_m = 5.0\n"
        f"[population]\ntotal = {PEOPLE}\n"
        '[[damage]]\ntype = "pipe_closed"\npipe = "P1"\n'
        f"[recovery]\ncrews = {{water = 1}}\nmobilisation_days = {{water = {MOBILISATION_DAYS}}}\n"
        f"horizon_days = {HORIZON_DAYS}\n"
        f'[[recovery.repairs]]\nelement = "P1"\nduration_days = {REPAIR_DAYS}\n'
    )
    scn = load_scenario(tmp_path / "s.toml")
    spec = SimulationSpec(grid_on=tuple([0] * hours_off + [1] * (24 - hours_off)))
    return scn, build_network(scn), spec


@pytest.mark.parametrize("hours_off", [4, 8])
@pytest.mark.parametrize("lead", [2.0, 6.0])
def test_one_main_one_crew_and_a_blackout_add_up_in_closed_form(tmp_path, hours_off, lead):
    """Everyone is dry until the repair is done (mobilisation + repair days), then dry in every grid-off hour
    until the set arrives: a set that arrives before the repair saves nothing of the damage and all of the blackout."""
    scn, net, spec = _closed_main(tmp_path, hours_off)
    rec = plan(scn, "network_ratio", net=net)
    offer = GeneratorDelivery("set", ("PU",), lead, 10000.0)
    table = blackout_with_repairs(net, scn.damage, rec.schedules["network_ratio"], scn.hydraulics, spec, [offer], HORIZON_DAYS)
    done = MOBILISATION_DAYS + REPAIR_DAYS
    per_day = PEOPLE * hours_off / 24
    none, gen = table.loc[NO_GENERATOR], table.loc["set"]
    assert none["from_damage_person_days"] == pytest.approx(PEOPLE * done, rel=1e-6)
    assert none["from_blackouts_person_days"] == pytest.approx(per_day * (HORIZON_DAYS - done), rel=1e-6)
    assert gen["from_damage_person_days"] == pytest.approx(PEOPLE * done, rel=1e-6)
    assert gen["from_blackouts_person_days"] == pytest.approx(per_day * max(lead - done, 0.0), rel=1e-6, abs=1e-6)
    assert gen["person_days_saved"] == pytest.approx(per_day * (HORIZON_DAYS - max(lead, done)), rel=1e-6)
    daily = table.attrs["daily"]
    assert len(daily) == HORIZON_DAYS
    assert daily.sum().to_dict() == pytest.approx(table["person_days_without_water"].to_dict(), rel=1e-9)
    assert daily[NO_GENERATOR].iloc[0] == pytest.approx(PEOPLE) and daily[NO_GENERATOR].iloc[-1] == pytest.approx(per_day)


def test_once_every_repair_is_done_the_blackout_is_the_blackout_alone(tmp_path):
    scn, net, spec = _closed_main(tmp_path, 6)
    rec = plan(scn, "network_ratio", net=net)
    offer = GeneratorDelivery("set", ("PU",), 5.0, 10000.0)
    both = blackout_with_repairs(net, scn.damage, rec.schedules["network_ratio"], scn.hydraulics, spec, [offer], 12)
    alone = blackout_recovery(net, scn.hydraulics, spec, [offer], 12)  # the intact network all along
    stages = both.attrs["stages"]
    assert stages["blackout_loss_per_day"].iloc[-1] == pytest.approx(alone.at[NO_GENERATOR, "loss_before_person_days_per_day"])
    assert stages["damage_loss_per_day"].iloc[-1] == pytest.approx(0.0, abs=1e-9)


def test_a_lead_time_beyond_the_horizon_is_refused(tmp_path):
    scn, net, spec = _closed_main(tmp_path, 4)
    rec = plan(scn, "network_ratio", net=net)
    with pytest.raises(InputError, match="lead_time_days must be >= 0 and below horizon_days"):
        blackout_with_repairs(
            net, scn.damage, rec.schedules["network_ratio"], scn.hydraulics, spec, [GeneratorDelivery("s", ("PU",), 20.0)], 12
        )


def test_hour_by_hour_person_days_of_one_main_and_one_crew_are_people_times_the_days_to_repair(tmp_path):
    from teplovoda.models.recovery.blackout_repairs import hourly_person_days

    scn, net, spec = _closed_main(tmp_path, 4)
    rec = plan(scn, "network_ratio", net=net)
    sched = rec.schedules["network_ratio"]
    lost = hourly_person_days(net, scn.damage, sched, scn.hydraulics, spec)
    assert lost == pytest.approx(PEOPLE * (MOBILISATION_DAYS + REPAIR_DAYS), rel=1e-6)
    assert lost == pytest.approx(rec.person_days["network_ratio"], rel=1e-6)  # no storage, no pattern: the steady figure


def test_a_repair_in_two_trades_counts_as_done_at_its_last_stages_end():
    """Station P: electrical 0-1, water 1-3; pipe Q: water 3-4 (the hand case of test_schedule.py): the stages of
    the hour-by-hour run start on day 3 with P and day 4 with both, not on day 1."""
    from teplovoda.models.recovery.blackout_repairs import stage_starts
    from teplovoda.models.recovery.schedule import CrewPool, Repair, ratio_rule

    repairs = [
        Repair("P", "electrical", 1.0, 300.0, stage=0, stages=2),
        Repair("P", "water", 2.0, 300.0, stage=1, stages=2),
        Repair("Q", "water", 1.0, 50.0),
    ]
    sched = ratio_rule(repairs, {"water": CrewPool("water", 1), "electrical": CrewPool("electrical", 1)})
    assert stage_starts(sched, None) == [(0.0, frozenset()), (3.0, frozenset({"P"})), (4.0, frozenset({"P", "Q"}))]
