"""Sites modelled in detail by a water scenario: their hours of water and fuel from EPANET (issue 17, point 2).

A site row's ``water_scenario`` names a water scenario (``kind = "water"``, the file ``teplovoda water
blackout`` takes: ``[simulation] grid_on``, the pumps it stops, ``[population]``, ``[[controls]]``) in the
portfolio's folder. Its network file must lie in that folder too. For such a site:

* **Hours of water a day** are ``teplovoda water blackout``'s measure: EPANET's extended-period run under the
  timetable (:func:`teplovoda.models.recovery.blackout.measured_day`: :data:`~teplovoda.models.recovery.
  blackout.SETTLE_DAYS` days for the tanks to settle, the next day measured), person-days without water
  (a node whose delivered share of the hour's demand is 1 % or less, PDD), less the same day with every
  timetabled pump powered (what the network loses anyway is not the blackout's). Per person of the
  network's population::

      hours_without_h = 24 * (1 - loss_before_person_days_per_day / people)

  the ``no generator`` row of ``water blackout``; a set that powers the station gives ``water blackout``'s
  ``loss_after`` for a delivery of every timetabled pump, 0, so ``hours_with_h = 24`` (less, when the site's
  access delivers too little fuel: the share of the outage hours it runs, as for every site). The site's
  people-hours use the row's ``people``; with the scenario's ``[population] total`` equal to it they are
  ``24 x (loss_before - loss_after)``, ``water blackout``'s person-days saved per day x 24.
* **The set powers every timetabled pump** or none: a set whose derated rating, within the load margin of
  the portfolio's ``[site_defaults]``, does not carry the pumps' peak hourly power in the grid-off hours
  (EPANET's pump energy with every pump powered) fails, short by ``needed_kva - kva`` with
  ``needed_kva = peak_kw / power_factor / (1 - load_margin) / derating``. Choosing a subset of pumps a
  small set could run would need a run per subset and a rule for which pumps matter; a power check of the
  station's motors (``power size``'s, with their starts) comes from a power scenario named beside it in
  ``scenario``, which then gives the verdicts while this module gives the hours and the fuel.
* **Fuel** per day is ``water blackout``'s :func:`~teplovoda.models.recovery.blackout.set_fuel` for a
  delivery of every timetabled pump at the set's ``rated_kva``: the pumps' EPANET power in every grid-off
  hour on ``power size``'s fuel curve.

The two runs (timetable, every pump powered) do not depend on the set, so a site costs two runs whatever the
inventory; :func:`water_days` runs each distinct scenario (by the content hash of its file and network file)
once per portfolio run, on Dask when given workers and at least :data:`DASK_MIN_SCENARIOS` of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError, within
from teplovoda.models.files import file_at, require_file
from teplovoda.models.messages import Msg
from teplovoda.models.units import HOURS_PER_DAY

#: Distinct water scenarios from which :func:`water_days` sends the runs to Dask when given workers.
DASK_MIN_SCENARIOS = 4


@dataclass(frozen=True)
class WaterDetail:
    """A site's water scenario, loaded and checked, and the content hash that keys its runs."""

    scenario: object  # teplovoda.models.water.scenario.WaterScenario
    content_hash: str


@dataclass(frozen=True)
class WaterDay:
    """The two measured days of a water scenario (module doc).

    ``people``: the network's population; ``loss_before_person_days_per_day``: the timetable's blackout loss
    (``water blackout``'s ``no generator`` row); ``powered_kw``: index = hour 0..23, one column per pump, mean
    power (kW) with every pump powered; ``grid_on``: 24 booleans; ``pumps``: the timetabled pumps."""

    people: float
    loss_before_person_days_per_day: float
    powered_kw: pd.DataFrame
    grid_on: np.ndarray
    pumps: tuple[str, ...]

    @property
    def hours_without_h(self) -> float:
        share = self.loss_before_person_days_per_day / self.people if self.people > 0 else 0.0
        return HOURS_PER_DAY * (1.0 - min(share, 1.0))

    def peak_kw(self) -> float:
        """The pumps' peak hourly power in the grid-off hours (kW) with every pump powered."""
        load = self.powered_kw[list(self.pumps)].sum(axis=1).to_numpy()[~self.grid_on]
        return float(load.max()) if len(load) else 0.0


def _inside(folder: Path, name: str, where: str, src: str) -> Path:
    base = folder.resolve()
    target = (folder / name).resolve() if "\0" not in name else None
    if target is None or not target.is_relative_to(base):
        outside = Msg("port.scenario_outside", "file {name} points outside the portfolio's folder", name=repr(name))
        raise InputError(within(where, outside), source=src)
    return target


def load_water_detail(folder: Path, name: str, where: str, src: str) -> WaterDetail:
    """The water scenario a site row names, confined (with its network file) to the portfolio's folder.

    Any problem of the scenario file is one line naming the sheet (``src``), the row and column (``where``)
    and the scenario file's own error."""
    from teplovoda.models.water.scenario import load_scenario

    target = _inside(folder, name, where, src)
    require_file(target, file_at(where, name), source=src)
    try:
        scn = load_scenario(target)
        spec = scn.simulation
        if spec is None or not spec.grid_on or spec.generator:
            raise InputError(Msg("rec.blackout.no_timetable", "[simulation] needs grid_on (24 hourly 0 or 1) and no generator"))
    except InputError as exc:
        bad = Msg("port.water_scenario", "{file}: {error}", file=exc.source or name, error=exc.detail)
        raise InputError(within(where, bad), source=src) from None
    inp = scn.inp_path
    if not inp.is_relative_to(folder.resolve()):
        network = getattr(scn.network, scn.network.key)
        outside = Msg("port.scenario_outside", "file {name} points outside the portfolio's folder", name=repr(network))
        raise InputError(within(f"{where} ({name} [network] {scn.network.key})", outside), source=src)
    digest = hashlib.sha256(target.read_bytes())
    if inp.is_file():
        digest.update(inp.read_bytes())
    return WaterDetail(scenario=scn, content_hash=digest.hexdigest())


def water_day(scn) -> WaterDay:
    """The timetable's day and the day with every timetabled pump powered, as ``teplovoda water blackout`` runs
    them (:func:`~teplovoda.models.recovery.blackout.measured_day`)."""
    from teplovoda.models.recovery.blackout import measured_day, timetabled_pumps
    from teplovoda.models.water.scenario import build_network

    net = build_network(scn)
    spec = scn.simulation
    pumps = timetabled_pumps(net, spec)
    try:
        powered, powered_kw, _ = measured_day(net, scn.hydraulics, replace(spec, generator=True))
        timetable = measured_day(net, scn.hydraulics, spec)[0]
    except InputError as exc:
        raise InputError(exc.detail, source=str(scn.path)) from None
    grid_on = np.resize(np.array(spec.grid_on, dtype=bool), int(HOURS_PER_DAY))
    people = float(net.nodes["population"].fillna(0.0).sum())
    return WaterDay(people, max(timetable - powered, 0.0), powered_kw, grid_on, pumps)


def water_days(details, *, workers: int | None = None, scheduler: str | None = None) -> dict[str, WaterDay]:
    """Each distinct scenario of ``details`` (:class:`WaterDetail`) run once: content hash -> :class:`WaterDay`."""
    todo = {d.content_hash: d.scenario for d in details}
    if (workers or scheduler) and len(todo) >= DASK_MIN_SCENARIOS:
        from teplovoda.models.montecarlo import _client

        client, cluster = _client(scheduler, workers)
        try:
            futures = {h: client.submit(water_day, s, pure=False) for h, s in todo.items()}
            return {h: f.result() for h, f in futures.items()}
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return {h: water_day(s) for h, s in todo.items()}


def water_verdict(day: WaterDay, kva: float, site, assumptions) -> dict:
    """Whether a set of ``kva`` carries every timetabled pump at its peak (module doc): ``check_manual_choice``'s
    keys, the start check not made (``start_ok`` NaN)."""
    from teplovoda.models.power.generators import derating_factor

    derate = derating_factor(assumptions, site.altitude_m, site.ambient_temp_c)
    need = day.peak_kw() / assumptions.power_factor / (1 - site.load_margin_pct / 100) / max(derate, 1e-9)
    ok = kva >= need * (1 - 1e-9)
    return {
        "passes": bool(ok),
        "running_ok": bool(ok),
        "start_ok": np.nan,
        "worst_start": "",
        "start_dip_pct": np.nan,
        "needed_kva": float(need),
        "shortfall_kva": float(max(need - kva, 0.0)),
        "checked": True,
    }


def water_fuel(day: WaterDay, kva: float, assumptions) -> dict:
    """``water blackout``'s fuel for a set of ``kva`` powering every timetabled pump: ``fuel_l_per_day`` and the
    pumps' ``peak_load_kw``."""
    from teplovoda.models.recovery.blackout import GeneratorDelivery, set_fuel

    f = set_fuel(GeneratorDelivery("set", pumps=day.pumps, rated_kva=kva), day.powered_kw, day.grid_on, assumptions)
    return {"fuel_l_per_day": f["fuel_l_per_day"], "peak_load_kw": f["peak_load_kw"]}


__all__ = ["WaterDay", "WaterDetail", "load_water_detail", "water_day", "water_days", "water_fuel", "water_verdict"]
