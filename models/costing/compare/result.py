"""Typed comparison results: each comparison type says what it is and which column counts people served.

Every result holds the same tables (``options``: one row per case, ``metric_unit`` columns;
``sources``: where every cost figure came from); its class says how to read them, so the CLI, the
report and the app never guess the type from which columns exist:

================================  ================  ==========================  ======================
class                             ``kind``          ``people_column``           ``benefit``
================================  ================  ==========================  ======================
:class:`HeatComparison`           ``heat``          ``people_heated``           ``people_heated``
:class:`CogenerationComparison`   ``cogeneration``  ``person_services_added``   ``person_services_added``
:class:`GeneratorComparison`      ``generator``     ``people_served``           ``people_added``
:class:`WaterComparison`          ``water``         ``people_served``           ``people_added``
================================  ================  ==========================  ======================

``people_column`` is what the Pareto front and the charts count; ``benefit`` is what the cost per
person is divided by (for water and generators the people added over doing nothing, which differ
from the people served by the same number in every row, so the front is the same on either).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd


@dataclass
class Comparison:
    """A costed comparison: the scenario, the base model's run, the options table and the cost sources.

    Attributes
    ----------
    scenario : CompareScenario
    heat_run : HeatRun, PowerRun or WaterRun
        The base model's run (named for the first base kind; :attr:`base_run` says it plainly).
    options : DataFrame
        Index = option (``do nothing`` first); ``metric_unit`` columns, ``feasible``, ``why_not``,
        ``rank`` (1 = best value, NaN for infeasible options), ``pareto_optimal``.
    sources : DataFrame
        ``case``, ``item``, ``figure``, ``value_eur``, ``price_year``, ``source``.
    site_run : PowerRun, optional
        The water site's run (cogeneration only).
    recovery : HeatRecovery or WaterPlans, optional
        The base's plans over days when it carries ``[recovery]`` (:mod:`.recovery`); None otherwise.
    blackout : DataFrame, optional
        A water base's ``[[recovery.generators]]`` offers on its grid timetable
        (:func:`~teplovoda.models.recovery.blackout.blackout_recovery`'s table); None otherwise.
    over_days : DataFrame, optional
        With ``[recovery]``: the over-days ranking, the options and the staged plans as rows
        (:func:`~teplovoda.models.costing.compare.recovery.over_days_table`); None otherwise.
    """

    scenario: object
    heat_run: object
    options: pd.DataFrame
    sources: pd.DataFrame
    site_run: object = None
    recovery: object = None
    blackout: object = None
    over_days: object = None

    kind: ClassVar[str] = ""
    people_column: ClassVar[str] = "people_served"
    benefit: ClassVar[str] = "people_served"
    #: what the cost per person is per: ``person`` or ``person-service``
    per: ClassVar[str] = "person"
    #: the over-days table's people column (what an option serves once in service; water: the people added)
    over_days_people: ClassVar[str] = "people_heated"

    @property
    def base_run(self):
        """The base model's run (HeatRun, PowerRun or WaterRun)."""
        return self.heat_run

    def to_dict(self) -> dict:
        """The result as plain data: what it is, the economics, the options and the cost sources.

        JSON has no infinity or NaN: an infinite figure (the cost per person of an option that serves
        nobody) is the string ``"inf"``, a missing one (NaN) is ``null``.
        """
        options = self.options.reset_index().rename(columns={self.options.index.name or "index": "option"})
        blackout = {}
        if self.blackout is not None:  # a water base's generator offers on its grid timetable
            blackout["blackout_offers"] = _plain(self.blackout.reset_index().to_dict(orient="records"))
        return {
            "kind": self.kind,
            "people_column": self.people_column,
            "benefit": self.benefit,
            "cost_per": self.per,
            "scenario": self.scenario.scenario.name,
            "file": str(self.scenario.path),
            "economics": _plain(dataclasses.asdict(self.scenario.economics)),
            "options": _plain(options.to_dict(orient="records")),
            "sources": _plain(self.sources.to_dict(orient="records")),
            **blackout,
            **self._over_days_dict(),
        }

    def _over_days_dict(self) -> dict:
        """The over-days rows (options and staged plans) and the verdict on the two rankings, when there are any."""
        if self.over_days is None:
            return {}
        from teplovoda.models.costing.compare.ranking import rank_verdict

        rows = self.over_days.reset_index().rename(columns={"index": "option"})
        verdict = rank_verdict(self.over_days, self.over_days_people, self.recovery.horizon_days)
        return {"over_days": _plain(rows.to_dict(orient="records")), "ranking_verdict": _plain(verdict.to_dict())}

    def to_json(self, path: str | Path | None = None) -> str:
        """:meth:`to_dict` as JSON text, also written to ``path`` when given."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def to_csv(self, path: str | Path | None = None) -> str:
        """The options table as CSV text (options as rows, ``metric_unit`` columns), also written to ``path``."""
        text = self.options.to_csv()
        if path is not None:
            Path(path).write_bytes(text.encode("utf-8"))
        return text

    def sources_to_csv(self, path: str | Path | None = None) -> str:
        """The cost-sources table as CSV text, also written to ``path``."""
        text = self.sources.to_csv(index=False)
        if path is not None:
            Path(path).write_bytes(text.encode("utf-8"))
        return text


class HeatComparison(Comparison):
    """Heat options costed against the people they keep warm."""

    kind = "heat"
    people_column = "people_heated"
    benefit = "people_heated"


class CogenerationComparison(Comparison):
    """Heat options whose CHP units may also run the town's water pumps: person-services added."""

    kind = "cogeneration"
    people_column = "person_services_added"
    benefit = "person_services_added"
    per = "person-service"


class GeneratorComparison(Comparison):
    """Generator sets for a pumping station costed against the water they buy on the blackout timetable."""

    kind = "generator"
    people_column = "people_served"
    benefit = "people_added"


class WaterComparison(Comparison):
    """Water-network options (repairs, isolation, bypasses) costed against the water they restore."""

    kind = "water"
    people_column = "people_served"
    benefit = "people_added"
    over_days_people = "people_added"


def _plain(value):
    """Numbers, strings, lists and dicts JSON can hold (numpy scalars unwrapped, inf as "inf", NaN as None)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return value


__all__ = ["Comparison", "HeatComparison", "CogenerationComparison", "GeneratorComparison", "WaterComparison"]
