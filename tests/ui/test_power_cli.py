"""``teplovoda power size`` on sites the shipped scenarios do not cover: motors alone, wet stacking, start advice."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

F0, F1 = 0.0270, 0.2471  # the fuel curve of models/power/generators.py (L/h per kW rated, per kW output)


def teplovoda(*args):
    return subprocess.run(
        [sys.executable, "-m", "teplovoda.ui.cli", *map(str, args)], capture_output=True, text=True, cwd=REPO, timeout=300
    )


def motors_only(tmp_path, motors: str, extra: str = "") -> str:
    path = tmp_path / "site.toml"
    path.write_text(f'[scenario]\nname = "motors only"\nkind = "power"\n{extra}\n{motors}')
    return path


TWO_MOTORS = """
[[motors]]
name = "blower"
rated_kw = 45
starting = "soft_starter"
running_kw = 40
[[motors]]
name = "mixer"
rated_kw = 30
starting = "star_delta"
running_kw = 25
"""


def test_power_size_runs_on_motors_alone(tmp_path):
    proc = teplovoda("power", "size", motors_only(tmp_path, TWO_MOTORS), "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    s = json.loads((tmp_path / "out" / "summary.json").read_text())
    f = s["fuel"]
    assert f["running_load_kw"] == pytest.approx(40 + 25)  # the sum of running_kw
    # 4 h on / 4 h off: the set carries 65 kW for 12 h a day (F = F0 rated + F1 output)
    assert f["generator_hours_per_day"] == 12
    assert f["fuel_l_per_day"] == pytest.approx(12 * (F0 * f["generator_rated_kw"] + F1 * 65.0), rel=1e-9)
    assert s["recommended_kva"] * 0.8 * 0.9 >= 65.0  # usable kW at pf 0.8 and 10 % margin carries the load
    assert "No water network" in proc.stdout


def test_a_motor_without_running_kw_needs_a_water_network(tmp_path):
    motors = TWO_MOTORS.replace("running_kw = 25", 'pump = "P2"')
    proc = teplovoda("power", "size", motors_only(tmp_path, motors), "--out", tmp_path / "out")
    assert proc.returncode != 0
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "[[motors]] #2 (mixer)" in err and "running_kw" in err and "[water]" in err


VFD_MOTOR = """
[[motors]]
name = "blower"
rated_kw = 45
starting = "vfd"
running_kw = 40
"""


@pytest.mark.parametrize(
    ("manual_kva", "flagged"),
    [
        (500, [{"kva": 500.0, "load_pct": 10.0, "min_load_pct": 30.0}]),  # 40 kW / (500 kVA x 0.8) = 10 %
        (150, []),  # 40 / 120 = 33 %, and the recommended set (a VFD start: sized on the running load) is fuller still
    ],
)
def test_a_set_below_30_pct_of_its_rated_kw_is_flagged_for_wet_stacking(tmp_path, manual_kva, flagged):
    from teplovoda.models.power.scenario import load_scenario, run_scenario

    run = run_scenario(load_scenario(motors_only(tmp_path, VFD_MOTOR, f"[generator]\nmanual_kva = {manual_kva}\n")))
    assert run.wet_stacking == [pytest.approx(f) for f in flagged]


def test_cli_warns_of_wet_stacking(tmp_path):
    path = motors_only(tmp_path, VFD_MOTOR, "[generator]\nmanual_kva = 500\n")
    proc = teplovoda("power", "size", path, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING: The 500 kVA set would run at 10.0 % of its rated kW, below 30 %: wet stacking" in proc.stdout


DOL_MOTOR = VFD_MOTOR.replace('"vfd"', '"dol"')


def test_a_dol_start_that_forces_a_bigger_set_gets_a_soft_starter_suggestion(tmp_path):
    from teplovoda.models.power.generators import CATALOGUE_KVA
    from teplovoda.models.power.scenario import load_scenario, run_scenario
    from teplovoda.models.power.site import check_manual_choice, with_starter

    scn = load_scenario(motors_only(tmp_path, DOL_MOTOR))
    run = run_scenario(scn)
    c = run.starter_change
    assert c is not None and (c["motor"], c["starting_from"], c["starting_to"]) == ("blower", "dol", "soft_starter")
    assert c["recommended_kva"] == run.sizing.recommended_kva and c["kva"] < c["recommended_kva"]

    def passes(running, kva):
        return check_manual_choice(scn.site, running, scn.aux_loads, kva, assumptions=scn.assumptions)["passes"]

    soft = with_starter(run.running, "blower", "soft_starter")
    assert soft.at["blower", "starting_kva"] == pytest.approx(run.running.at["blower", "starting_kva"] / 6.0 * 3.0)
    assert passes(soft, c["kva"])  # the smaller set starts the motor on a soft starter
    assert not passes(run.running, c["kva"])  # and would not direct-on-line
    assert not passes(soft, CATALOGUE_KVA[CATALOGUE_KVA.index(c["kva"]) - 1])  # the smallest that does


def test_no_starter_suggestion_when_the_running_load_sets_the_size(tmp_path):
    from teplovoda.models.power.scenario import load_scenario, run_scenario

    run = run_scenario(load_scenario(motors_only(tmp_path, VFD_MOTOR)))
    assert run.starter_change is None


def test_cli_explains_the_dip_limit_and_names_the_cheaper_starter(tmp_path):
    proc = teplovoda("power", "size", motors_only(tmp_path, DOL_MOTOR), "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "Voltage-dip limit 20 % ([site] max_voltage_dip_pct)" in proc.stdout
    assert "15-35 % is the common range for motor starting on a generator" in proc.stdout
    assert "a soft starter instead of direct-on-line lets a 200 kVA set pass (instead of 350 kVA)" in proc.stdout


@pytest.mark.parametrize(
    ("tank_l", "tanker_l", "delivery_l", "plan"),
    [(1000, 5000, 1000, "bulk_tank"), (20000, 5000, 5000, "whole_loads")],
)
def test_refill_interval_follows_the_site_tank(tmp_path, tank_l, tanker_l, delivery_l, plan):
    extra = f"[generator]\nfuel_tank_l = {tank_l}\ntanker_l = {tanker_l}\n"
    proc = teplovoda("power", "size", motors_only(tmp_path, TWO_MOTORS, extra), "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    f = json.loads((tmp_path / "out" / "summary.json").read_text())["fuel"]
    per_day = 12 * (F0 * f["generator_rated_kw"] + F1 * 65.0)  # 65 kW for the 12 grid-off hours (closed form)
    assert f["delivery_l"] == delivery_l and f["refill_plan"] == plan
    assert f["refill_interval_days"] == pytest.approx(delivery_l / per_day)
    assert f["deliveries_per_week"] == pytest.approx(7 * per_day / delivery_l)
    assert f["bulk_refill_interval_days"] == pytest.approx(tanker_l / per_day)
    assert f"A tanker every {delivery_l / per_day:.1f} days" in proc.stdout


def test_no_fuel_use_means_no_deliveries():
    from teplovoda.models.power.scenario import refill_plan

    p = refill_plan(2000.0, 10000.0, 0.0)
    assert p["deliveries_per_week"] == 0 and p["refill_interval_days"] == float("inf")


def _render_power_results(path: str) -> None:
    from teplovoda.models.power.scenario import load_scenario, run_scenario
    from teplovoda.ui.views import power

    power.results(run_scenario(load_scenario(path)))


def test_power_view_shows_motors_alone_with_its_warnings_and_start_advice(tmp_path):
    from streamlit.testing.v1 import AppTest

    path = motors_only(tmp_path, DOL_MOTOR, "[generator]\nmanual_kva = 500\n")
    at = AppTest.from_function(_render_power_results, args=(str(path),), default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]  # the recommended 350 kVA set and the chosen 500 kVA one
    assert len(warnings) == 2 and all("below 30 %: wet stacking" in w for w in warnings)
    infos = " ".join(i.value for i in at.info)
    assert "a soft starter instead of direct-on-line lets a 200 kVA set pass" in infos
    assert "No water network" in infos
    assert any("15-35 % is the common range" in c.value for c in at.caption)


def test_shipped_motors_only_scenario(tmp_path):
    from tests.conftest import SCENARIOS

    proc = teplovoda("power", "size", SCENARIOS / "power_motors_only.toml", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    s = json.loads((tmp_path / "summary.json").read_text())
    f = s["fuel"]
    load_kw = 62 + 62 + 30 + 6 + 8  # the four motors' running_kw and the auxiliaries
    assert f["running_load_kw"] == pytest.approx(load_kw)
    assert f["fuel_l_per_day"] == pytest.approx(12 * (F0 * f["generator_rated_kw"] + F1 * load_kw))
    assert "The start of burner fan sets the size: a soft starter instead of direct-on-line" in proc.stdout


def test_the_scenario_page_runs_the_shipped_motors_only_site():
    from tests.ui.conftest import button, open_app

    at = open_app()
    at.radio(key="scenario_kind").set_value("power").run()
    at.selectbox(key="scenario_file_power").set_value("power_motors_only.toml").run()
    assert not at.exception and not at.error
    assert "No water network" in " ".join(i.value for i in at.info)
    assert any("soft starter instead of direct-on-line lets a 250 kVA set pass" in i.value for i in at.info)
    button(at, "Run").click().run()  # the edit form has no population to send for a site without a network
    assert not at.exception and not at.error


# --- issue 15 helper "power" (session 2026-12-02) ---


def test_deliveries_a_week_are_printed_once(tmp_path):
    """The tank line and the refill sentence used to say the deliveries a week twice."""
    proc = teplovoda("power", "size", REPO / "scenarios" / "power_motors_only.toml", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    s = json.loads((tmp_path / "out" / "summary.json").read_text())
    printed = proc.stdout.split("Results written to")[0]  # not the output path (the test's name)
    assert printed.count("a week") == 1
    assert printed.count("deliveries") == 0  # the refill sentence says "(4.1 a week)"
    assert f"({s['refill']['deliveries_per_week']:.1f} a week)" in proc.stdout
    assert f"every {s['refill']['refill_interval_days']:.1f} days" in proc.stdout


def test_cli_reports_both_start_sequences_and_the_staggered_order(tmp_path):
    proc = teplovoda("power", "size", REPO / "scenarios" / "power_motors_only.toml", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    st = json.loads((tmp_path / "out" / "summary.json").read_text())["starts"]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("Motor starts:"))
    assert f"need {st['required_kva_staggered']:,.0f} kVA" in line
    assert f"together after the changeover {st['required_kva_simultaneous']:,.0f} kVA" in line
    assert "largest start first: burner fan, network pump 1, network pump 2, make-up pump, 15 s apart" in line


def test_simultaneous_starts_size_for_the_starting_kva_together(tmp_path):
    """[site] starts = "simultaneous": two direct-on-line blowers start together, so the set is the smallest
    catalogue one above the sum's closed-form divider, and bigger than one at a time."""
    motors = TWO_MOTORS.replace('"soft_starter"', '"dol"').replace('"star_delta"', '"dol"')
    one = teplovoda("power", "size", motors_only(tmp_path, motors), "--out", tmp_path / "a")
    both = teplovoda("power", "size", motors_only(tmp_path, motors, '[site]\nstarts = "simultaneous"'), "--out", tmp_path / "b")
    assert one.returncode == 0 and both.returncode == 0, both.stderr
    a = json.loads((tmp_path / "a" / "summary.json").read_text())
    b = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert b["starts"]["sequence"] == "simultaneous"
    assert b["required_kva_start"] == pytest.approx(b["starts"]["required_kva_simultaneous"])
    assert b["recommended_kva"] > a["recommended_kva"]
    assert "Sized for every motor starting together" in both.stdout
    assert "blower + mixer" in both.stdout  # the worst start: both together


def test_compare_and_power_size_give_one_litre_and_delivery_figure_per_set():
    """``compare`` costs each generator set with the fuel and the refill plan ``power size`` gives it: run
    ``power size`` afresh with that set chosen, and read the comparison's fuel and logistics columns."""
    import dataclasses
    import re

    from teplovoda.models.costing.compare import load_scenario as load_compare
    from teplovoda.models.costing.compare import run_comparison
    from teplovoda.models.power.scenario import load_scenario, run_scenario

    cmp = run_comparison(load_compare(REPO / "scenarios" / "compare_generator_choice.toml"))
    base = load_scenario(REPO / "scenarios" / "power_raw_water_station.toml")
    for name, kva in (("550 kVA (recommended)", 550.0), ("650 kVA (512 kW class)", 650.0)):
        own = run_scenario(dataclasses.replace(base, generator=dataclasses.replace(base.generator, manual_kva=kva)))
        f = own.fuel
        assert f["generator_kva"] == kva
        row = cmp.options.loc[name]
        assert row["fuel_use"] == f"{f['fuel_l_per_day']:,.0f} L/day diesel"
        per_week, every = map(
            float, re.fullmatch(r"([\d.]+) tanker deliveries/week, every ([\d.]+) days", row["fuel_logistics"]).groups()
        )
        # the site's 2,000 L tank takes 2,000 L of each 10,000 L load: 7 x L/day / 2,000 (not / 10,000)
        assert per_week == pytest.approx(7 * f["fuel_l_per_day"] / 2000.0, abs=0.05)
        assert per_week == pytest.approx(f["deliveries_per_week"], abs=0.05)
        assert every == pytest.approx(2000.0 / f["fuel_l_per_day"], abs=0.05)
