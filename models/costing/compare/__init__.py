"""Compare recovery options in the terms programme staff decide in: people served, cost per person, CO2.

A comparison scenario (``kind = "compare"``) names a base scenario in ``[base]``; every option of
that scenario and "do nothing" (the damaged case) is costed over the horizon. The package splits by
concern:

* :mod:`.spec`: the scenario format and its loader (every problem one line naming file and key);
* :mod:`.costs`: the one costing of a source or cost item, on :mod:`teplovoda.models.costing.finance`;
* the engines, one per ``[base]`` key: :mod:`.heat` (heat options against people kept warm; with
  ``water_site``, :mod:`.cogeneration`: the CHP units may also run the town's water pumps),
  :mod:`.generators` (``power``: generator sets for a pumping station) and :mod:`.water` (water
  network options);
* :mod:`.recovery`: with ``[recovery]`` in a heat or water base, every option over days (person-days restored,
  the ranking on their cost) and a water base's generator offers against its grid timetable;
* :mod:`.ranking`: whether counting lead times changes the ranking (the snapshot's against the over-days
  table's, staged plans included), and why, from the two tables' figures;
* :mod:`.result`: the typed results, each saying what it is (``kind``), which column counts people
  served (``people_column``) and exporting its own JSON and CSV.

Every engine returns a tidy table (options as rows, ``metric_unit`` columns), ranks feasible
options by cost per person per year and marks the Pareto front of net present cost against
people served.
"""

from __future__ import annotations

from teplovoda.models.costing.compare import generators, heat, water
from teplovoda.models.costing.compare.result import (
    CogenerationComparison,
    Comparison,
    GeneratorComparison,
    HeatComparison,
    WaterComparison,
)
from teplovoda.models.costing.compare.spec import (
    BaseSpec,
    CompareScenario,
    Constraint,
    ExtraCost,
    GeneratorOption,
    Price,
    TechnologyOverride,
    load_scenario,
)

#: The engine of each ``[base]`` key (``heat`` covers the cogeneration comparison too).
ENGINES = {"heat": heat.run, "power": generators.run, "water": water.run}


def run_comparison(cmp: CompareScenario, heat_run=None, site_run=None) -> Comparison:
    """Cost every case of the base scenario (see the engines' module docs).

    Parameters
    ----------
    cmp : CompareScenario
    heat_run : HeatRun, optional
        The heat base already solved (reused instead of solving it again).
    site_run : PowerRun, optional
        The water site (``[base] water_site``) already run.

    Returns
    -------
    Comparison
        A :class:`HeatComparison`, :class:`CogenerationComparison`, :class:`GeneratorComparison` or
        :class:`WaterComparison`.
    """
    return ENGINES[cmp.base.key](cmp, heat_run=heat_run, site_run=site_run)


__all__ = [
    "load_scenario",
    "run_comparison",
    "Comparison",
    "HeatComparison",
    "CogenerationComparison",
    "GeneratorComparison",
    "WaterComparison",
    "CompareScenario",
    "BaseSpec",
    "Constraint",
    "ExtraCost",
    "GeneratorOption",
    "Price",
    "TechnologyOverride",
    "ENGINES",
]
