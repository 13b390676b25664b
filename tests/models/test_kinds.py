"""The registry of scenario kinds: every kind complete, unknown kinds refused in one line, a new kind is one registration.

The last tests hold the rule the registry exists for: no branch on a scenario kind's name (or on
a class-name string) outside :mod:`teplovoda.models.kinds`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from teplovoda.models import kinds
from teplovoda.models.damage import declaration
from teplovoda.models.errors import InputError
from teplovoda.ui import cli, scenarios
from teplovoda.ui.strings import STRINGS
from tests.conftest import REPO, SCENARIOS

LANGUAGES = ("en", "uk")


@pytest.mark.parametrize("name", kinds.names())
def test_every_kind_is_complete(name):
    kind = kinds.get(name)
    for field in ("loader", "runner", "exporter", "cli"):
        assert callable(kinds.resolve(getattr(kind, field))), field
    for field in ("scenario_type", "result_type"):
        assert isinstance(kinds.resolve(getattr(kind, field)), type), field
    if kind.view is None:  # a kind on a page of its own (the portfolio) renders there, not through a view
        assert kind.page not in kinds.VIEW_PAGES
    else:
        view = kinds.resolve(kind.view)
        assert isinstance(view, ModuleType) and callable(view.form) and callable(view.results)
    keys = [kind.label_key] + ([kind.running_key] if kind.page == "scenario" else [])  # the Scenario page says "running ..."
    for key in keys:
        assert key in STRINGS and all(STRINGS[key].get(lang) for lang in LANGUAGES), key
    targets = kind.damage_targets()
    assert set(targets) == set(kind.damage_types())
    for damage, cls in kind.damage_types().items():
        declared = declaration(cls)
        assert cls.kind == damage and targets[damage] == declared.element_field
        label = STRINGS.get(declared.label_key)
        assert label is not None and all(label.get(lang) for lang in LANGUAGES), damage
    assert (kind.sweep_cases is None) == (kind.sampler is None), "a sweep needs both its cases and its sampler"
    for field in ("elements", "sweep_cases", "sampler", "simulator"):
        if getattr(kind, field) is not None:
            assert callable(kinds.resolve(getattr(kind, field))), field


def test_every_shipped_scenario_loads_as_the_kind_it_names():
    for path in sorted([*SCENARIOS.glob("*.toml"), *SCENARIOS.glob("portfolio_*/*.toml")]):
        head = tomllib.loads(path.read_text())["scenario"]
        kind = kinds.get(head.get("kind", kinds.DEFAULT_KIND))
        scn = kind.load(path)
        assert kinds.kind_of(scn) is kind and scenarios.kind_of(scn) == kind.name, path.name


@pytest.mark.parametrize("name", ["steam", "", "Water", 3, ["water"]])
def test_an_unknown_kind_is_one_line_naming_the_known_ones(name):
    with pytest.raises(InputError) as exc:
        kinds.get(name, source="x.toml")
    assert str(exc.value) == f"x.toml: [scenario] -> kind: expected one of water, heat, power, compare, portfolio, got {name!r}"
    assert "\n" not in str(exc.value)


def test_kind_of_goes_by_type_not_by_class_name():
    WaterScenario = type("WaterScenario", (), {})  # the right name, the wrong class
    with pytest.raises(TypeError):
        kinds.kind_of(WaterScenario())
    scn = kinds.get("water").load(SCENARIOS / "water_trunk_main_break.toml")
    assert kinds.kind_of(scn).name == "water"


def test_registering_a_name_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        kinds.register(dataclasses.replace(kinds.get("heat")))


def test_listing_the_kinds_imports_no_model_and_no_ui():
    code = (
        "import sys\nfrom teplovoda.models import kinds\n"
        "assert [k.name for k in kinds.kinds()] == ['water', 'heat', 'power', 'compare', 'portfolio']\n"
        "bad = [m for m in sys.modules if m.startswith(('teplovoda.ui', 'teplovoda.telemetry', 'pandapipes', 'epanet'))]\n"
        "bad += [m for m in sys.modules if m.endswith('.scenario') and m != 'teplovoda.models.scenario']\n"
        "print(bad)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "[]", (proc.stdout, proc.stderr)


# --- a new kind: one module (here, the fake domain below) and one registration ----------------------------


@dataclass(frozen=True)
class PondScenario:
    path: Path
    name: str
    volume_m3: float


@dataclass(frozen=True)
class PondRun:
    scenario: PondScenario
    days_of_water: float


def load_pond(path) -> PondScenario:
    data = tomllib.loads(Path(path).read_text())
    return PondScenario(Path(path), data["scenario"]["name"], float(data["pond"]["volume_m3"]))


def run_pond(scn: PondScenario) -> PondRun:
    return PondRun(scn, scn.volume_m3 / 100.0)  # 100 m3 a day drawn


def export_pond(run: PondRun, out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps({"days_of_water": run.days_of_water}))
    return ["summary.json"]


def pond_cli(args) -> int:
    """The pond kind's command, written only against the registry's entry."""
    kind = kinds.get("pond")
    scn = kind.load(args.scenario)
    run = kind.run(scn)
    out = Path(args.out) if args.out else Path("results") / Path(args.scenario).stem
    print(f"teplovoda pond: {scn.name}: {run.days_of_water:g} days of water")
    print(f"Results written to {out}/: {', '.join(kind.export(run, out))}")
    return 0


POND = kinds.ScenarioKind(
    name="pond",
    scenario_type=PondScenario,
    result_type=PondRun,
    loader=load_pond,
    runner=run_pond,
    exporter=export_pond,
    cli=pond_cli,
    view="teplovoda.ui.views.water",  # a real view module: the app would show it on the Scenario page
    label_key="kind.water",
)


@pytest.fixture
def pond(tmp_path):
    kinds.register(POND)
    try:
        path = tmp_path / "village_pond.toml"
        path.write_text('[scenario]\nname = "Village pond"\nkind = "pond"\n\n[pond]\nvolume_m3 = 450.0\n')
        yield path
    finally:
        kinds.unregister("pond")


def test_a_new_kind_runs_through_teplovoda_run_with_one_registration(pond, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["run", str(pond), "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "teplovoda pond: Village pond: 4.5 days of water",
        f"Results written to {out}/: summary.json",
    ]
    assert json.loads((out / "summary.json").read_text()) == {"days_of_water": 4.5}
    # the app's path too: loaded, recognised by type, run, offered on the Scenario page
    scn = scenarios.load(pond)
    assert scenarios.kind_of(scn) == "pond" and scenarios.run(scn).days_of_water == 4.5
    assert "pond" in scenarios.model_kinds()
    assert [f.path for f in scenarios.shipped("pond", directory=pond.parent)] == [pond]


def test_an_unregistered_kind_is_refused_by_teplovoda_run(tmp_path, capsys):
    path = tmp_path / "village_pond.toml"
    path.write_text('[scenario]\nname = "Village pond"\nkind = "pond"\n')
    assert cli.main(["run", str(path)]) == 2
    expected = f"teplovoda: error: {path}: [scenario] -> kind: expected one of water, heat, power, compare, portfolio, got 'pond'"
    assert capsys.readouterr().err.strip() == expected


def test_a_sweep_of_a_kind_without_a_sampler_is_refused():
    from teplovoda.models.montecarlo import SweepSpec, run_sweep

    with pytest.raises(InputError, match="no Monte Carlo sweep .kinds with one: water, heat."):
        run_sweep("power", {}, None, SweepSpec(samples=1), progress=False)


def test_the_sweep_command_takes_its_cases_from_the_registry(monkeypatch):
    seen = {}

    def fake_run_sweep(kind, payload, args, spec, **options):
        seen.update(kind=kind, cases=list(payload))
        raise SystemExit(0)

    monkeypatch.setattr("teplovoda.models.montecarlo.run_sweep_elements", fake_run_sweep)
    args = argparse.Namespace(
        command="heat", scenario=str(SCENARIOS / "heat_network_strike.toml"), samples=2, seed=1, workers=1, scheduler=None
    )
    args.out, args.quiet = None, True
    with pytest.raises(SystemExit):
        cli._sweep(args)
    options = [o.name for o in kinds.get("heat").load(args.scenario).options]
    assert seen["kind"] == "heat" and seen["cases"] == ["intact", "damaged", *options]


# --- the rule: no scenario-kind if/elif (or class-name string) outside the registry -----------------------

# This file's patterns and examples are split into parts ("kind" + " ==") so that the search of
# issue 14 (the same three patterns through git grep) finds nothing in this file either.

#: That search: comparisons and branches on something called kind.
KIND_BRANCH = re.compile("|".join(["kind" + " ==", "kind" + r" in \(", "el" + "if .*kind"]))
#: The registry itself.
EXEMPT = {Path("models") / "kinds.py"}


def _source_files() -> list[Path]:
    """Every Python file of the checkout (tracked or new, not ignored), relative to the repository."""
    proc = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"], capture_output=True, text=True, cwd=REPO
    )
    if proc.returncode == 0:
        return sorted({Path(p) for p in proc.stdout.split() if (REPO / p).is_file()})
    skip = {".venv", ".shim", ".git", "results", "build"}
    return sorted(p.relative_to(REPO) for p in REPO.rglob("*.py") if not skip & set(p.relative_to(REPO).parts))


def scenario_kind_branches(files: list[Path], root: Path = REPO) -> list[str]:
    """``file:line: text`` of every branch on a scenario kind outside the registry.

    A line is about scenario kinds when it matches :data:`KIND_BRANCH` and names a registered kind
    as a string (a comparison with ``"heat"``, a branch on ``'power'``), or when it names a registered
    kind's scenario or result class as a string beside a kind name or ``__name__``
    (a table from class names to kinds looked up by ``type(scn).__name__``; an ``__all__`` listing the class passes).
    Other kinds (telemetry topic and asset kinds, valve kinds, damage kinds, heat technologies) name
    none of these and pass.
    """
    quoted = "|".join(re.escape(n) for n in kinds.names())
    kind_literal = re.compile(rf"""["']({quoted})["']""")
    classes = "|".join(
        re.escape(kinds.resolve(getattr(k, f)).__name__) for k in kinds.kinds() for f in ("scenario_type", "result_type")
    )
    class_literal = re.compile(rf"""["']({classes})["']""")
    hits = []
    for rel in files:
        if rel in EXEMPT:
            continue
        for n, line in enumerate((root / rel).read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            by_class_name = class_literal.search(line) and (kind_literal.search(line) or "__name__" in line)
            if (KIND_BRANCH.search(line) and kind_literal.search(line)) or by_class_name:
                hits.append(f"{rel}:{n}: {line.strip()}")
    return hits


def test_no_scenario_kind_branch_outside_the_registry():
    assert scenario_kind_branches(_source_files()) == []


@pytest.mark.parametrize(
    "line",
    [
        "if kind" + ' == "water":',
        "    el" + "if kind" + " == 'heat':",
        "return [f for f in files if f.kind" + ' in ("power", "compare")]',
        'return {"Water' + 'Scenario": "water"}[type(scn).__name__]',
        'if type(run).__name__ == "Heat' + 'Run":',
    ],
)
def test_the_rule_catches_a_branch_on_a_scenario_kind(tmp_path, line):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "page.py").write_text(f"x = 1\n{line}\n")
    other = "if t.kind" + ' == "status":\n    pass\n' + "el" + "if kind" + ' in ("pump", "pressure"):\n    pass\n'
    (tmp_path / "ui" / "other.py").write_text(other)
    assert scenario_kind_branches([Path("ui/page.py"), Path("ui/other.py")], root=tmp_path) == [f"ui/page.py:2: {line.strip()}"]


@pytest.mark.parametrize(
    "name, file",
    [
        ("water", "water_trunk_main_break.toml"),
        ("heat", "heat_plant_struck_january.toml"),
        ("power", "power_town_water_station.toml"),
        ("portfolio", "portfolio_vodakanals/portfolio.toml"),
    ],
)
def test_each_result_says_what_it_is_and_exports_itself(name, file, tmp_path):
    """A run's result names its kind and its people-served row, and writes its own JSON, CSV and files."""
    import json

    kind = kinds.get(name)
    run = kind.run(kind.load(SCENARIOS / file))
    assert run.kind == name and kinds.kind_of(run).name == name
    table = run.summary()
    assert run.people_column in table.index
    assert (table.loc[run.people_column].astype(float) >= 0).all()
    assert json.loads(run.to_json())  # strict or "inf"-quoted JSON, either way parseable
    csv = run.to_csv(tmp_path / "summary.csv")
    assert (tmp_path / "summary.csv").read_text() == csv and run.people_column in csv
    written = run.export(tmp_path / "out")
    assert written[0] == "summary.json" and all((tmp_path / "out" / f).is_file() for f in written)
    assert (tmp_path / "out" / "summary.json").read_text() == run.to_json()
