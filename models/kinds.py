"""One registry of scenario kinds: the only place that knows which kinds exist and what each is made of.

A kind (the ``[scenario] kind`` of a file in ``scenarios/``) is declared once, as a
:class:`ScenarioKind`: its loader, runner, result exporter, damage kinds, damageable elements,
Monte Carlo sampler, app view, CLI command and label keys. The CLI (``teplovoda run``, sweeps),
the app's Scenario page, the compare engine's callers and ``teplovoda telemetry up`` look the kind
up here (:func:`get`, :func:`kind_of`) instead of choosing it by ``if kind == ...``. A new kind is
one module (its domain, with a ``kind.py`` of glue if it needs one) and one :func:`register` call.

Choices:

* **Every reference is a dotted string** (``"teplovoda.models.water.scenario:load_scenario"``),
  resolved by :func:`resolve` when it is used, or the object itself (a test's fake domain). This
  module imports nothing but the standard library and :mod:`teplovoda.models.errors` at import
  time, so the modules it names may import it (the domain glue takes :func:`json_ready` from it)
  and no import cycle can arise whatever is imported first; and ``teplovoda run water.toml``
  still imports only the water model, never pandapipes (the heat kind's modules are not touched).
* **The five shipped kinds are registered here**, at the end of this module, rather than by their
  domain modules on import: a registration in ``models/water/kind.py`` would only happen once
  something imported that module, and the registry would need a list of modules to import anyway.
  Their domain glue (exporters, element lists, sweep cases) lives in ``models/{water,heat,power}/kind.py``
  (the portfolio's exporter and ``summary.json`` in :mod:`teplovoda.models.portfolio.run`);
  the compare kind's loader and runner are the public names of
  :mod:`teplovoda.models.costing.compare`, named here and resolved lazily.
* **UI references** (``view``, ``cli``, ``simulator`` and the compare kind's exporter, the
  report writer of :mod:`teplovoda.ui.report`) are strings too, resolved only by ``ui/`` code: this
  package never imports ``ui/`` or ``telemetry/`` (a test checks it).
* :func:`kind_of` decides by type (``isinstance``), never by class-name string; a class whose module
  was never imported cannot have instances, so checking it does not import that module.
"""

from __future__ import annotations

import importlib
import math
import sys
from dataclasses import dataclass
from typing import Any

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg

#: The kind of a scenario file whose ``[scenario]`` table does not say.
DEFAULT_KIND = "water"
#: The app pages a kind can be shown on: the Scenario page (form and results of one run), the Compare page, or
#: the Portfolio page (a programme's many sites: its own page, ``ui/app_pages/portfolio.py``).
PAGES = ("scenario", "compare", "portfolio")
#: The pages that show a kind through its view module (``form`` and ``results``); a kind on a page of its own
#: (the portfolio) may declare no view.
VIEW_PAGES = ("scenario", "compare")


def resolve(ref: Any) -> Any:
    """The object a reference names: ``"package.module:attribute"``, ``"package.module"`` (the module), or the object itself."""
    if not isinstance(ref, str):
        return ref
    module, _, attribute = ref.partition(":")
    obj = importlib.import_module(module)
    return getattr(obj, attribute) if attribute else obj


@dataclass(frozen=True)
class ScenarioKind:
    """A scenario kind: everything the CLI, the app and the sweeps need to handle its files and results.

    Every reference below is a dotted string (``"module:attribute"``, see :func:`resolve`) or the object itself.

    Attributes
    ----------
    name : str
        The ``[scenario] kind`` of its files (``"water"``).
    scenario_type, result_type
        The class of a loaded scenario and of its runner's result (for :func:`kind_of`).
    loader
        ``loader(path) -> scenario``: reads and validates a file (errors are :class:`InputError`).
    runner
        ``runner(scenario) -> result``.
    summary
        ``summary(result) -> str``: the result's ``summary.json`` text, or None (the exporter writes its own).
    exporter
        ``exporter(result, out: Path, **options) -> list[str]``: writes the result's files into ``out``
        and returns their names in the order they are reported.
    cli
        The kind's command (``cli(args) -> exit code``, in ``ui/cli.py``), which ``teplovoda run FILE`` calls.
    view : str or None
        The app view module (``form`` and ``results``), a dotted module path resolved by the UI; required on
        the pages of :data:`VIEW_PAGES`, None for a kind whose page is its own.
    page : str
        The app page that shows the kind: ``"scenario"``, ``"compare"`` or ``"portfolio"`` (see :data:`PAGES`).
    damage_kinds
        ``{damage type: dataclass}`` of its ``[[damage]]`` entries, or None.
    elements
        ``elements(scenario) -> {field: [names]}``: the network's damageable elements by the field a damage
        names them by (``pipe``, ``pump``, ``source``), or None.
    sweep_cases
        ``sweep_cases(scenario) -> (networks by case, solver arguments, column)`` for a Monte Carlo sweep, or None.
    sampler
        ``sampler(networks, solver arguments, spec, index) -> rows``: one Monte Carlo sample, or None.
    gis_layers
        ``gis_layers(result) -> (layers, crs)``: the result's network layers for a GeoPackage
        (:func:`teplovoda.models.gis.export.write_layers`), or None (a kind without a network).
    sweep_layers
        ``sweep_layers(networks by case, element statistics, damage shares) -> (layers, crs)``: a sweep's
        per-element layers (:mod:`teplovoda.models.gis.export_runs`), or None.
    simulator
        ``simulator(path, site, faults, case) -> model`` for ``teplovoda telemetry up/simulate`` (``ui/``), or None.
    label_key, running_key : str
        i18n keys (:mod:`teplovoda.ui.strings`) of the kind's name and of "running ..." on the Scenario page.
    """

    name: str
    scenario_type: Any
    result_type: Any
    loader: Any
    runner: Any
    exporter: Any
    cli: Any
    view: str | None
    page: str = "scenario"
    summary: Any = None
    damage_kinds: Any = None
    elements: Any = None
    sweep_cases: Any = None
    sampler: Any = None
    gis_layers: Any = None
    sweep_layers: Any = None
    simulator: Any = None
    label_key: str = ""
    running_key: str = ""

    def __post_init__(self):
        if not self.name or not isinstance(self.name, str):
            raise ValueError(f"a scenario kind needs a name, got {self.name!r}")
        if self.page not in PAGES:
            raise ValueError(f"kind {self.name!r}: page must be one of {', '.join(PAGES)}, got {self.page!r}")
        required = ("scenario_type", "result_type", "loader", "runner", "exporter", "cli")
        required += ("view",) if self.page in VIEW_PAGES else ()
        missing = [f for f in required if not getattr(self, f)]
        if missing:
            raise ValueError(f"kind {self.name!r}: missing {', '.join(missing)}")

    def load(self, path):
        """A scenario file of this kind, loaded and validated."""
        return resolve(self.loader)(path)

    def run(self, scn):
        """The result of a loaded scenario of this kind."""
        return resolve(self.runner)(scn)

    def export(self, result, out, **options) -> list[str]:
        """Write a result's files into ``out``; the names written."""
        return resolve(self.exporter)(result, out, **options)

    def summary_json(self, result) -> str:
        """A result's ``summary.json`` text."""
        if self.summary is None:
            raise TypeError(f"kind {self.name!r} declares no summary")
        return resolve(self.summary)(result)

    def preload(self) -> None:
        """Import the model (and the simulation libraries it needs) without running anything."""
        resolve(self.loader)
        resolve(self.runner)

    def damage_types(self) -> dict:
        """``{damage type: dataclass}`` (empty when the kind has no ``[[damage]]``)."""
        return dict(resolve(self.damage_kinds)) if self.damage_kinds is not None else {}

    def damage_targets(self) -> dict[str, str]:
        """``{damage type: the element field it targets}`` (``{"pipe_break": "pipe", "pump_lost": "pump", ...}``)."""
        from teplovoda.models.damage import declaration  # declared by the domain's damage module

        return {name: declaration(cls).element_field for name, cls in self.damage_types().items()}

    def element_names(self, scn) -> dict[str, list[str]]:
        """The damageable element names of a loaded scenario's network by field (empty when the kind has none)."""
        return resolve(self.elements)(scn) if self.elements is not None else {}

    def owns(self, obj) -> bool:
        """Is ``obj`` a loaded scenario or a result of this kind (by type)?"""
        for ref in (self.scenario_type, self.result_type):
            cls = _loaded_class(ref)
            if cls is not None and isinstance(obj, cls):
                return True
        return False


def _loaded_class(ref):
    """The class ``ref`` names if its module is imported already, else None (no instance of it can exist)."""
    if not isinstance(ref, str):
        return ref
    module, _, attribute = ref.partition(":")
    loaded = sys.modules.get(module)
    return getattr(loaded, attribute) if loaded is not None else None


_REGISTRY: dict[str, ScenarioKind] = {}


def register(kind: ScenarioKind) -> ScenarioKind:
    """Add a kind; a second kind of the same name is refused (unregister the first)."""
    if not isinstance(kind, ScenarioKind):
        raise TypeError(f"register() takes a ScenarioKind, got {type(kind)!r}")
    if kind.name in _REGISTRY:
        raise ValueError(f"scenario kind {kind.name!r} is already registered")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> ScenarioKind:
    """Remove a kind (a test's or a plug-in's); the kind removed."""
    return _REGISTRY.pop(name)


def kinds() -> tuple[ScenarioKind, ...]:
    """Every registered kind, in registration order (water, heat, power, compare, portfolio, then any added)."""
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    """The registered kinds' names, in registration order."""
    return tuple(_REGISTRY)


def get(name, source: str | None = None) -> ScenarioKind:
    """The kind called ``name``.

    Raises
    ------
    InputError
        One line listing the known kinds, ``[scenario] -> kind: expected one of water, heat, power,
        compare, portfolio, got 'steam'`` (naming ``source``, the file, when given).
    """
    kind = _REGISTRY.get(name) if isinstance(name, str) else None
    if kind is None:
        expected = Msg("core.unknown_kind", "expected one of {known}, got {got}", known=", ".join(_REGISTRY), got=repr(name))
        raise InputError(within("[scenario] -> kind", expected), source=source)
    return kind


def kind_of(obj) -> ScenarioKind:
    """The kind of a loaded scenario or of a result, by its type."""
    for kind in _REGISTRY.values():
        if kind.owns(obj):
            return kind
    raise TypeError(f"{type(obj)!r} is neither a scenario nor a result of a registered kind ({', '.join(_REGISTRY)})")


def page_kinds(page: str) -> tuple[str, ...]:
    """Names of the kinds an app page shows (``"scenario"``: water, heat, power; ``"compare"``: compare;
    ``"portfolio"``: portfolio)."""
    return tuple(k.name for k in _REGISTRY.values() if k.page == page)


class ExportsItself:
    """What a scenario kind's result class inherits: it says what it is (``kind``) and which row of its
    ``summary()`` table counts people served (``people_column``), and exports itself through its kind's
    declarations: :meth:`to_json` (its ``summary.json``), :meth:`to_csv` (the summary table), :meth:`export`
    (every file)."""

    kind: str = ""
    people_column: str = ""

    def to_json(self) -> str:
        return get(self.kind).summary_json(self)

    def to_csv(self, path=None) -> str:
        text = self.summary().to_csv()
        if path is not None:
            from pathlib import Path

            Path(path).write_text(text)
        return text

    def export(self, out) -> list[str]:
        return get(self.kind).export(self, out)


def json_ready(value):
    """``value`` with numpy scalars as Python numbers and NaN or infinite numbers as null (strict JSON), for exporters."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --- the shipped kinds -------------------------------------------------------------------------------

register(
    ScenarioKind(
        name="water",
        scenario_type="teplovoda.models.water.scenario:WaterScenario",
        result_type="teplovoda.models.water.scenario:WaterRun",
        loader="teplovoda.models.water.scenario:load_scenario",
        runner="teplovoda.models.water.scenario:run_scenario",
        summary="teplovoda.models.water.kind:summary_json",
        exporter="teplovoda.models.water.kind:export",
        cli="teplovoda.ui.cli:water_run",
        view="teplovoda.ui.views.water",
        damage_kinds="teplovoda.models.water.damage:DAMAGE_KINDS",
        elements="teplovoda.models.water.kind:damageable_elements",
        sweep_cases="teplovoda.models.water.kind:sweep_cases",
        sampler="teplovoda.models.montecarlo:water_sample",
        gis_layers="teplovoda.models.gis.export:water_layers",
        sweep_layers="teplovoda.models.gis.export_runs:water_sweep_layers",
        label_key="kind.water",
        running_key="scenario.running_water",
    )
)
register(
    ScenarioKind(
        name="heat",
        scenario_type="teplovoda.models.heat.scenario:HeatScenario",
        result_type="teplovoda.models.heat.scenario:HeatRun",
        loader="teplovoda.models.heat.scenario:load_scenario",
        runner="teplovoda.models.heat.scenario:run_scenario",
        summary="teplovoda.models.heat.kind:summary_json",
        exporter="teplovoda.models.heat.kind:export",
        cli="teplovoda.ui.cli:heat_run",
        view="teplovoda.ui.views.heat",
        damage_kinds="teplovoda.models.heat.damage:DAMAGE_KINDS",
        elements="teplovoda.models.heat.kind:damageable_elements",
        sweep_cases="teplovoda.models.heat.kind:sweep_cases",
        sampler="teplovoda.models.montecarlo:heat_sample",
        gis_layers="teplovoda.models.gis.export_heat:heat_layers",
        sweep_layers="teplovoda.models.gis.export_runs:heat_sweep_layers",
        simulator="teplovoda.ui.telemetry_cli:heat_plant_model",
        label_key="kind.heat",
        running_key="scenario.running_heat",
    )
)
register(
    ScenarioKind(
        name="power",
        scenario_type="teplovoda.models.power.scenario:PowerScenario",
        result_type="teplovoda.models.power.scenario:PowerRun",
        loader="teplovoda.models.power.scenario:load_scenario",
        runner="teplovoda.models.power.scenario:run_scenario",
        summary="teplovoda.models.power.kind:summary_json",
        exporter="teplovoda.models.power.kind:export",
        cli="teplovoda.ui.cli:power_size",
        view="teplovoda.ui.views.power",
        simulator="teplovoda.ui.telemetry_cli:station_model",
        label_key="kind.power",
        running_key="scenario.running_power",
    )
)
register(
    ScenarioKind(
        name="compare",
        scenario_type="teplovoda.models.costing.compare:CompareScenario",
        result_type="teplovoda.models.costing.compare:Comparison",
        loader="teplovoda.models.costing.compare:load_scenario",
        runner="teplovoda.models.costing.compare:run_comparison",
        exporter="teplovoda.ui.report:write_comparison",  # the comparison's export is its report (HTML, Markdown, CSV, XLSX)
        cli="teplovoda.ui.cli:compare_run",
        view="teplovoda.ui.views.compare",
        page="compare",
        label_key="kind.compare",
    )
)

register(
    ScenarioKind(
        name="portfolio",
        scenario_type="teplovoda.models.portfolio.spec:Portfolio",
        result_type="teplovoda.models.portfolio.run:PortfolioRun",
        loader="teplovoda.models.portfolio.spec:load_portfolio",
        runner="teplovoda.models.portfolio.run:run_portfolio",
        summary="teplovoda.models.portfolio.run:summary_json",
        exporter="teplovoda.models.portfolio.run:export",
        cli="teplovoda.ui.portfolio_cli:allocate_command",
        view=None,  # shown on its own Portfolio page (ui/app_pages/portfolio.py), not through a view module
        page="portfolio",
        label_key="kind.portfolio",
    )
)

__all__ = [
    "DEFAULT_KIND",
    "PAGES",
    "VIEW_PAGES",
    "ScenarioKind",
    "resolve",
    "register",
    "unregister",
    "kinds",
    "names",
    "get",
    "kind_of",
    "page_kinds",
    "json_ready",
    "ExportsItself",
]
