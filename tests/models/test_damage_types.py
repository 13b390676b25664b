"""Damage types are declarations (models/damage.py): complete, labelled in both languages, and a new one needs
nothing but its declaration."""

from __future__ import annotations

import dataclasses

import pytest

from teplovoda.models import damage as dmg
from teplovoda.models.errors import InputError
from teplovoda.models.heat import damage as hdamage  # noqa: F401 - registers the heat types
from teplovoda.models.water import damage as wdamage
from teplovoda.models.water import network as wnet
from teplovoda.models.water.hydraulics import solve
from teplovoda.models.water.scenario import build_network, load_scenario, run_scenario
from teplovoda.ui.strings import STRINGS
from tests.conftest import SCENARIOS

ELEMENT_KINDS = {"pipe", "pump", "source"}


@pytest.mark.parametrize("key", sorted(dmg.DAMAGE_TYPES), ids=lambda k: ".".join(k))
def test_every_damage_type_is_complete_and_labelled_in_both_languages(key):
    d = dmg.DAMAGE_TYPES[key]
    assert d.target in ELEMENT_KINDS
    assert d.element_field in {f.name for f in dataclasses.fields(d.cls)}
    assert callable(d.apply)
    for label in (d.label_key, d.help_key, *(p.label_key for p in d.params)):
        assert label in STRINGS, f"{d.kind}: no label {label!r}"
        assert STRINGS[label].get("en") and STRINGS[label].get("uk"), f"{label!r} needs en and uk"
    for p in d.params:
        b = p.bounds
        assert any(v is not None for v in (b.ge, b.gt, b.le, b.lt)), f"{d.kind}.{p.name} declares no limits"


def test_parameters_are_held_to_their_declared_limits():
    with pytest.raises(InputError, match="leak_area_cm2 must be > 0 cm2"):
        wdamage.PipeBreak(pipe="1", leak_area_cm2=0.0)
    with pytest.raises(InputError, match="leak_area_cm2 must be a number"):
        wdamage.PipeBreak(pipe="1", leak_area_cm2="big")
    with pytest.raises(InputError, match="available_fraction must be >= 0 and <= 1, got 1.5"):
        hdamage.SourceDerated(source="bh", available_fraction=1.5)


def test_a_declared_type_is_in_the_domain_kinds_the_loaders_read():
    assert set(wdamage.DAMAGE_KINDS) == {k for d, k in dmg.DAMAGE_TYPES if d == "water"}
    assert wdamage.DAMAGE_KINDS is dmg.kinds_of("water")


@pytest.fixture
def valve_stuck():
    """A throwaway water damage type declared here, the way a contributor would in models/water/damage.py."""

    def apply(net, d):
        wnet.close_links(net, [str(d.pipe)])
        return [(str(d.pipe), "pipe", d.kind, f"stuck at {d.open_fraction:.0%}")]

    @dmg.damage_type("water", "valve_stuck", element="pipe", target="pipe", apply=apply)
    class ValveStuck:
        pipe: str
        open_fraction: float = dmg.param(0.0, label="water.position", ge=0, le=1)

    yield ValveStuck
    dmg.unregister("water", "valve_stuck")


def test_a_new_damage_type_loads_applies_and_runs_with_its_declaration_only(valve_stuck, tmp_path):
    """No other change: the scenario loader takes it, apply_damage applies it, a run reports it."""
    base = (SCENARIOS / "water_trunk_main_break.toml").read_text()
    body = base.split("[[damage]]")[0]
    (tmp_path / "networks").symlink_to(SCENARIOS / "networks")
    scenario = tmp_path / "stuck.toml"
    scenario.write_text(body + "[[damage]]\ntype = 'valve_stuck'\npipe = '20'\nopen_fraction = 0.0\n")
    scn = load_scenario(scenario)
    assert isinstance(scn.damage[0], valve_stuck)
    net = build_network(scn)
    damaged = wdamage.apply_damage(net, list(scn.damage))
    assert damaged.damage.iloc[0].to_dict() == {
        "element": "20",
        "element_type": "pipe",
        "damage": "valve_stuck",
        "detail": "stuck at 0%",
    }
    assert solve(damaged).links.at["20", "status"] == "closed"
    run = run_scenario(scn)
    assert run.net_damaged.damage["damage"].tolist() == ["valve_stuck"]
    with pytest.raises(InputError, match=r"\[\[damage\]\] #1 -> open_fraction: must be >= 0 and <= 1, got 2"):
        scenario.write_text(body + "[[damage]]\ntype = 'valve_stuck'\npipe = '20'\nopen_fraction = 2\n")
        load_scenario(scenario)


def test_errors_name_the_entry_they_came_from():
    net = build_network(load_scenario(SCENARIOS / "water_trunk_main_break.toml"))
    breaks = [wdamage.PipeBreak(pipe="20", leak_area_cm2=10.0), wdamage.PipeBreak(pipe="nope", leak_area_cm2=10.0)]
    with pytest.raises(InputError, match=r"damage #2 \(pipe_break\): unknown pipe 'nope'"):
        wdamage.apply_damage(net, breaks)
    with pytest.raises(InputError, match=r"damage #3 \(pump_lost\): unknown pump 'x'"):
        wdamage.apply_damage(net, [*breaks[:1], wdamage.PipeClosed(pipe="40"), wdamage.PumpLost(pump="x")])
