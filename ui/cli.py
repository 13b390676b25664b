"""The ``teplovoda`` command line.

Every user error prints one line ``teplovoda: error: ...`` naming the file, key or argument and
exits with code 2; no traceback (``--debug`` shows one for unexpected failures).
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from pathlib import Path

from teplovoda.models import kinds, limits
from teplovoda.models.errors import TeplovodaError
from teplovoda.models.kinds import json_ready  # noqa: F401 (the CLI's strict-JSON helper, now shared with the exporters)
from teplovoda.models.limits import NO_LIMITS_ENV
from teplovoda.ui import water_cli
from teplovoda.ui.i18n import LANGUAGES, PROCESS_LANG_ENV, error_text, gnum, local_name, locale_language, num, set_language, t

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 1
EXIT_NOT_CONVERGED = 3


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block)."""

    def error(self, message):
        self.exit(EXIT_USER_ERROR, t("cli.usage_error", prog=self.prog, message=message) + "\n")


def _fmt(value) -> str:
    """A table cell: numbers as the language writes them (whole above 100, else two decimals), yes/NO, never."""
    if isinstance(value, bool):
        return t("cli.yes") if value else t("cli.no")
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if math.isinf(value):
            return t("unit.never")
        return num(value, 0) if value.is_integer() or abs(value) >= 100 else num(value, 2)
    return str(value)


def format_table(rows: list[list], header: list[str]) -> str:
    """A plain fixed-width text table; first column left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in header]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for k, r in enumerate(cells):
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cols(*keys: str) -> list[str]:
    """Table headers: the texts of ``keys`` (``cli.col.*``) in the language."""
    return [t(k) for k in keys]


#: What the running scenario calls its options in the language (``name_uk`` / ``name_en``): set by
#: :func:`_name_options` when a command loads a scenario (one scenario per process).
_OPTION_NAMES: dict[str, str] = {}


def _name_options(scn) -> None:
    _OPTION_NAMES.clear()
    _OPTION_NAMES.update({o.name: local_name(o) for o in getattr(scn, "options", ())})


def _case(name: str) -> str:
    """A case as the CLI names it: ``intact`` and ``damaged`` in the language, options as the scenario names them
    (its ``name_uk`` / ``name_en`` for the language, else ``name``)."""
    return _OPTION_NAMES.get(name) or t(f"cli.case.{name}", default=name)


def _eps_problem(e) -> str:
    """The extended-period run's problem column: why it stopped, else the hours EPANET warned in, else blank."""
    if not e.converged:
        return e.reason
    warned = e.totals.get("epanet_warning_hours", 0)
    return t("cli.water.eps_warned", hours=gnum(warned)) if warned else ""


def _written(out: Path, written: list[str], key: str = "cli.written") -> None:
    print("\n" + t(key, out=f"{out}/", files=", ".join(written)))


#: The rows of ``teplovoda water run``'s summary table, in order: its keys name the model's summary rows
#: (labels ``cli.water.<row>``); a row the model adds later shows under its own name.
WATER_ROWS = (
    "converged",
    "people_total",
    "people_full",
    "people_partial",
    "people_without",
    "people_equivalent_served",
    "demand_required_m3_per_day",
    "demand_delivered_m3_per_day",
    "unserved_volume_m3_per_day",
    "leak_outflow_m3_per_h",
    "min_pressure_m",
    "first_tank_empty_h",
    "nodes_without_water",
    "pump_power_kw",
)


def _gpkg_path(args) -> Path | None:
    """``--gpkg``, checked before the run (a bad path is exit 2, one line); None without the flag."""
    if not getattr(args, "gpkg", None):
        return None
    from teplovoda.models.gis.export import check_gpkg_path

    return check_gpkg_path(args.gpkg)


def _gpkg_written(path: Path, layers: list[str]) -> None:
    print("\n" + t("cli.gis.gpkg_written", path=path, count=len(layers), layers=", ".join(layers)))


def out_dir(args, suffix: str = "") -> Path:
    """Where a command writes: ``--out``, else ``results/<scenario file stem><suffix>``."""
    return Path(args.out) if args.out else Path("results") / f"{Path(args.scenario).stem}{suffix}"


def water_run(args) -> int:
    """``teplovoda water run`` (and ``teplovoda run`` of a water file): print the run, write its files."""
    kind = kinds.get("water")
    gpkg = _gpkg_path(args)
    scn = kind.load(args.scenario)
    _name_options(scn)
    out = out_dir(args)
    h = scn.hydraulics
    print(t("cli.water.title", name=local_name(scn.scenario)), flush=True)
    print(
        t(
            "cli.water.setup",
            network=scn.inp_path.name,
            damage=len(scn.damage),
            model=h.demand_model.upper(),
            min_m=gnum(h.min_pressure_m),
            required_m=gnum(h.required_pressure_m),
        ),
        flush=True,
    )
    run = kind.run(scn)
    summary = run.summary()
    rows = [[t(f"cli.water.{k}", default=k), *[summary.at[k, c] for c in summary.columns]] for k in summary.index]
    print()
    print(format_table(rows, ["", *map(_case, summary.columns)]))
    cases = [("intact", run.intact), ("damaged", run.damaged), *[(n, r) for n, (_, r) in run.options.items()]]
    for label, res in cases:
        if not res.converged:
            print("\n" + t("cli.water.not_converged", case=_case(label), reason=res.reason))
        for w in res.warnings:
            print(t("cli.water.note", case=_case(label), note=w))
    _water_tables(run, scn)
    written = kind.export(run, out)
    if gpkg is not None:
        from teplovoda.models.gis import write_gpkg

        _gpkg_written(gpkg, write_gpkg(run, gpkg))
    if args.plot:
        from teplovoda.ui.plots import water_maps

        written += water_maps(run, out)
        if run.eps:
            from teplovoda.ui.plots import water_eps_chart

            water_eps_chart(run.eps, out / "service_over_time.png", title=local_name(scn.scenario), cases=_OPTION_NAMES)
            written.append("service_over_time.png")
    _written(out, written)
    return 0 if run.damaged.converged and run.intact.converged else EXIT_NOT_CONVERGED


def _water_tables(run, scn) -> None:
    """The pressure zones, the tanks, the extended-period totals and the damage of a water run."""
    from teplovoda.models.water import metrics

    zones = run.zone_table()
    print("\n" + t("cli.water.zones"))
    print(
        format_table(
            [
                [z, r.nodes, r.people, r.min_pressure_m, r.lowest_node, r.people_without, 100 * r.service_fraction]
                for z, r in zones.head(8).iterrows()
            ],
            _cols(
                "cli.col.zone",
                "cli.col.nodes",
                "cli.col.people",
                "cli.col.min_p_m",
                "cli.col.lowest_node",
                "cli.col.people_without",
                "cli.col.served_pct",
            ),
        )
    )
    tanks = metrics.tank_autonomy(run.damaged.sources)
    if len(tanks):
        print("\n" + t("cli.water.tanks"))
        print(
            format_table(
                [[k, r.usable_volume_m3, r.outflow_m3_per_h, r.hours_to_empty_h] for k, r in tanks.iterrows()],
                _cols("cli.col.tank", "cli.col.usable_m3", "cli.col.outflow_m3_per_h", "cli.col.empty_in_h"),
            )
        )
    if run.eps:
        print("\n" + t("cli.water.eps", hours=gnum(scn.simulation.duration_h)))
        print(
            format_table(
                [
                    [
                        _case(case),
                        e.totals["person_hours_without_water"],
                        e.totals["people_without_water_max"],
                        e.totals["first_zone_dry_h"],
                        e.totals["pump_energy_kwh"],
                        e.totals["pump_specific_energy_kwh_per_m3"],
                        _eps_problem(e),
                    ]
                    for case, e in run.eps.items()
                ],
                _cols(
                    "cli.col.case",
                    "cli.col.person_h_without",
                    "cli.col.most_without",
                    "cli.col.first_zone_dry_h",
                    "cli.col.pump_kwh",
                    "cli.col.kwh_per_m3",
                    "cli.col.problem",
                ),
            )
        )
    dmg = run.net_damaged.damage
    if len(dmg):
        print("\n" + t("water.tab_damage"))
        for _, d in dmg[dmg["element_type"] != "junction"].iterrows():
            print(f"  {t(f'damage.water.{d.damage}', default=d.damage):<17} {d.element_type} {d.element}  {d.detail}")


#: The rows of ``teplovoda heat run``'s table, in order: keys of the model's summary (labels ``cli.heat.<row>``).
HEAT_ROWS = (
    "people_heated",
    "people_underheated",
    "people_without_heat",
    "households_heated",
    "households_without_heat",
    "pupils_heated",
    "patients_heated",
    "demand_kw",
    "dhw_demand_kw",
    "delivered_kw",
    "production_kw",
    "heat_loss_kw",
    "heat_loss_pct",
    "pump_power_kw",
    "min_hours_to_12c_h",
    "consumers_freeze_risk",
    "balance_residual_pct",
)


# --- issue 16 helper "recovery": teplovoda water recovery (repair crews and their schedule) ---
RECOVERY_RULES = ("ratio", "critical", "nearest", "optimal", "network_ratio", "network_optimal", "all")


def water_recovery(args) -> int:
    """``teplovoda water recovery``: schedule the scenario's repairs by each rule, re-solve the network after every
    repair, print the schedules and the person-days without water; write the CSVs and charts."""
    from teplovoda.models.errors import InputError, within
    from teplovoda.models.messages import Msg
    from teplovoda.models.recovery.spec import MAX_CREWS
    from teplovoda.models.recovery.water import plan

    if args.crews is not None and not 1 <= args.crews <= MAX_CREWS:
        raise InputError(within("--crews", Msg("range", "must be {rule}, got {got}", rule=f"1..{MAX_CREWS}", got=args.crews)))
    scn = kinds.get("water").load(args.scenario)
    print(t("cli.recovery.title", name=local_name(scn.scenario)), flush=True)
    rec = plan(scn, args.rule, args.crews)
    pools = ", ".join(
        t("cli.recovery.pool", trade=t(f"recovery.trade.{p.trade}"), count=p.count, day=gnum(p.mobilisation_days))
        for p in rec.crews.values()
    )
    print(t("cli.recovery.setup", n=len(rec.repairs), crews=pools, solves=rec.solves))
    travel = rec.travel
    if travel is None:
        print(t("cli.recovery.no_travel"))
    else:
        x, y = (gnum(v) for v in rec.depot_xy)
        print(t("cli.recovery.travel", x=x, y=y, speed=gnum(travel.speed_km_per_h), factor=gnum(travel.route_factor)))
    _recovery_repairs(rec)
    for rule, sched in rec.schedules.items():
        _recovery_schedule(rule, sched)
    _recovery_totals(rec, args.rule)
    if scn.simulation is not None:
        _recovery_hourly(rec)
    out = out_dir(args, "_recovery")
    _written(out, _recovery_files(rec, out, local_name(scn.scenario)))
    return 0


def _recovery_repairs(rec) -> None:
    from teplovoda.ui.recovery_plots import repair_label

    print("\n" + t("cli.recovery.repairs"))
    rows = [
        [_stage_name(r, repair_label(r)), t(f"recovery.trade.{r.trade}"), r.duration_days, r.benefit, r.critical]
        for r in rec.repairs
    ]
    print(format_table(rows, [t(f"cli.recovery.col.{c}") for c in ("repair", "trade", "days", "benefit", "critical")]))


def _stage_name(repair, name: str) -> str:
    """``name``, with "(stage k of n)" for a stage of a repair in stages."""
    if repair.stages == 1:
        return name
    return t("cli.recovery.stage_label", element=name, n=repair.stage + 1, of=repair.stages)


def _recovery_schedule(rule: str, sched) -> None:
    from teplovoda.models.recovery.schedule import ENUMERATED

    print("\n" + t("cli.recovery.schedule", rule=t(f"recovery.rule.{rule}")))
    if rule == "network_optimal":
        print(t("cli.recovery.orders_tried"))
    elif sched.status == ENUMERATED:
        print(t("cli.recovery.enumerated"))
    elif sched.status != "rule":
        print(t("cli.recovery.exact", status=sched.status, gap=num(sched.mip_gap * 100, 2)))
    rows = [
        [
            t("recovery.crew_label", trade=t(f"recovery.trade.{j.repair.trade}"), n=j.crew + 1),
            _stage_name(j.repair, j.repair.element),
            float(j.start_day),
            float(j.end_day),
            j.repair.benefit,
        ]
        for j in sorted(sched.jobs, key=lambda j: (j.repair.trade, j.crew, j.start_day))
    ]
    print(format_table(rows, [t(f"cli.recovery.col.{c}") for c in ("crew", "element", "start", "end", "benefit")]))


def _above_fewest_pct(person_days: float, fewest: float) -> float:
    """How far a rule's person-days are above the fewest of every rule, % (0 when nobody lost any)."""
    return 100.0 * (person_days - fewest) / fewest if fewest > 0 else 0.0


def _recovery_totals(rec, rule: str) -> None:
    from teplovoda.models.recovery.schedule import MAX_EXACT_BRANCHES, MAX_EXACT_REPAIRS, exact_fits

    print("\n" + t("cli.recovery.totals"))
    fewest = min(rec.person_days.values())
    rows = [
        [
            t(f"recovery.rule.{r}"),
            rec.person_days[r],
            _above_fewest_pct(rec.person_days[r], fewest),
            s.weighted_completion_person_days,
            max(j.end_day for j in s.jobs),
        ]
        for r, s in rec.schedules.items()
    ]
    cols = ("rule", "person_days", "above_fewest", "weighted", "last_day")
    print(format_table(rows, [t(f"cli.recovery.col.{c}") for c in cols]))
    if rule == "all" and "optimal" not in rec.schedules:
        if exact_fits(rec.repairs):  # each trade small enough: the search of the stages stopped unproven
            print(t("cli.recovery.optimal_skipped_stages", n=f"{MAX_EXACT_BRANCHES:,}"))
        else:
            print(t("cli.recovery.optimal_skipped", n=MAX_EXACT_REPAIRS))
    best = min(rec.person_days, key=rec.person_days.get)
    print("\n" + t("cli.recovery.best", rule=t(f"recovery.rule.{best}"), value=num(rec.person_days[best])))
    print(t("cli.recovery.note"))


def _recovery_hourly(rec) -> None:
    """With ``[simulation]``: each rule's person-days with every stage measured hour by hour (EPANET's EPS)."""
    from teplovoda.models.recovery.blackout_repairs import hourly_person_days

    scn = rec.scenario
    net = rec.stages.net
    rows = [
        [t(f"recovery.rule.{r}"), rec.person_days[r], hourly_person_days(net, scn.damage, s, scn.hydraulics, scn.simulation)]
        for r, s in rec.schedules.items()
    ]
    print("\n" + t("cli.recovery.hourly"))
    print(format_table(rows, [t(f"cli.recovery.col.{c}") for c in ("rule", "person_days", "hourly")]))
    if scn.simulation.grid_on:
        print(t("cli.recovery.hourly_grid"))


def _recovery_files(rec, out: Path, name: str) -> list[str]:
    """schedule.csv, service_curve.csv (people with water at each whole day), the service curve and a Gantt chart."""
    import math as _math

    import pandas as pd

    from teplovoda.models.recovery.water import daily_curve
    from teplovoda.ui.recovery_plots import gantt_chart, service_curve_chart

    out.mkdir(parents=True, exist_ok=True)
    jobs = [
        {
            "rule": r,
            "trade": j.repair.trade,
            "crew": j.crew + 1,
            "element": j.repair.element,
            "element_type": j.repair.element_type,
            "stage": j.repair.stage + 1,
            "stages": j.repair.stages,
            "travel_days": j.travel_days,
            "start_day": j.start_day,
            "end_day": j.end_day,
            "duration_days": j.repair.duration_days,
            "benefit_people": j.repair.benefit,
            "critical": j.repair.critical,
        }
        for r, s in rec.schedules.items()
        for j in s.jobs
    ]
    pd.DataFrame(jobs).to_csv(out / "schedule.csv", index=False)
    horizon = int(_math.ceil(max(c["day"].max() for c in rec.curves.values())))
    daily = pd.concat({r: daily_curve(c, horizon) for r, c in rec.curves.items()}, names=["rule", "row"])
    daily["people_without_water"] = rec.people_total - daily["people_with_water"]
    daily.reset_index(level="row", drop=True).to_csv(out / "service_curve.csv")
    service_curve_chart(rec, out / "service_curve.png", title=name)
    best = min(rec.person_days, key=rec.person_days.get)
    gantt_chart(rec, best, out / "gantt.png")
    return ["schedule.csv", "service_curve.csv", "service_curve.png", "gantt.png"]


def _add_recovery_parser(wsub) -> None:
    rc = wsub.add_parser("recovery", help="schedule the repairs of a water scenario's damage onto crews; person-days by rule")
    rc.add_argument("scenario", help="water scenario TOML file with [[damage]] (and optionally [recovery])")
    rc.add_argument("--crews", type=int, help="water crews (default [recovery] crews.water, else 1)")
    rc.add_argument("--rule", choices=RECOVERY_RULES, default="all", help="priority rule, or all of them (default)")
    rc.add_argument("--out", help="output directory (default results/<scenario name>_recovery)")
    rc.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help="as teplovoda --lang")
    rc.set_defaults(handler=water_recovery)


# --- end of issue 16 helper "recovery" block ---


# --- issue 16: teplovoda water blackout (rolling blackouts over the horizon; generator deliveries end them) ---
def water_blackout(args) -> int:
    """``teplovoda water blackout``: person-days without water from the grid timetable over ``[recovery]
    horizon_days``, without a generator and with each ``[[recovery.generators]]`` delivery; CSV and chart."""
    from teplovoda.models.errors import InputError
    from teplovoda.models.recovery.blackout import blackout_recovery, daily_loss
    from teplovoda.models.water.eps import SimulationSpec
    from teplovoda.models.water.scenario import build_network

    scn = kinds.get("water").load(args.scenario)
    rec = scn.recovery
    print(t("cli.blackout.title", name=local_name(scn.scenario), days=gnum(rec.horizon_days)), flush=True)
    net = build_network(scn)
    spec = scn.simulation or SimulationSpec()  # no [simulation]: blackout_recovery says grid_on is needed
    try:
        if scn.damage:  # the repairs change the network stage by stage: both losses over the horizon
            table = _blackout_with_repairs(args, scn, net, spec)
            daily = table.attrs["daily"]
        else:
            table = blackout_recovery(net, scn.hydraulics, spec, rec.generators, rec.horizon_days)
            daily = daily_loss(table, int(math.ceil(rec.horizon_days)))
    except InputError as exc:
        raise InputError(exc.detail, source=str(scn.path)) from None
    _blackout_table(table, rec.generators)
    out = out_dir(args, "_blackout")
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "blackout_recovery.csv")
    daily.to_csv(out / "blackout_daily.csv")
    from teplovoda.ui.recovery_plots import blackout_chart

    names = {d.name: local_name(d) for d in rec.generators}
    blackout_chart(daily.rename(columns=names), out / "blackout_recovery.png", title=local_name(scn.scenario))
    _written(out, ["blackout_recovery.csv", "blackout_daily.csv", "blackout_recovery.png"])
    return 0


def _blackout_with_repairs(args, scn, net, spec):
    """The scenario's damage repaired by ``--rule`` (its crews: ``--crews`` or ``[recovery]``) while the grid
    timetable runs: :func:`~teplovoda.models.recovery.blackout_repairs.blackout_with_repairs`."""
    from teplovoda.models.errors import InputError, within
    from teplovoda.models.messages import Msg
    from teplovoda.models.recovery.blackout_repairs import blackout_with_repairs
    from teplovoda.models.recovery.spec import MAX_CREWS
    from teplovoda.models.recovery.water import plan

    if args.crews is not None and not 1 <= args.crews <= MAX_CREWS:
        raise InputError(within("--crews", Msg("range", "must be {rule}, got {got}", rule=f"1..{MAX_CREWS}", got=args.crews)))
    rec = plan(scn, args.rule, args.crews, net=net)
    sched = rec.schedules[args.rule]
    offers, horizon = scn.recovery.generators, scn.recovery.horizon_days
    table = blackout_with_repairs(net, scn.damage, sched, scn.hydraulics, spec, offers, horizon)
    pools = ", ".join(
        t("cli.recovery.pool", trade=t(f"recovery.trade.{p.trade}"), count=p.count, day=gnum(p.mobilisation_days))
        for p in rec.crews.values()
    )
    done = table.attrs["repairs_done_day"]
    print(t("cli.blackout.repairs", n=len(rec.repairs), rule=t(f"recovery.rule.{args.rule}"), crews=pools, day=gnum(done)))
    return table


def _blackout_table(table, deliveries=()) -> None:
    from teplovoda.models.recovery.blackout import NO_GENERATOR

    names = {d.name: local_name(d) for d in deliveries}
    fuel = table["fuel_l_per_day"].notna().any() if "fuel_l_per_day" in table else False
    repairs = "from_damage_person_days" in table
    rows = []
    for name, r in table.iterrows():
        split = ("from_damage_person_days", "from_blackouts_person_days")
        split += () if repairs else ("loss_before_person_days_per_day", "loss_after_person_days_per_day")
        row = [
            t("blackout.no_generator") if name == NO_GENERATOR else names.get(name, name),
            "–" if name == NO_GENERATOR else r["lead_time_days"],
            *(r[c] for c in split[2:]),
            r["person_days_without_water"],
            *(r[c] for c in split[:2] if repairs),
            r["person_days_saved"],
            r["cost_eur"],
            r["cost_eur_per_person_day_saved"],
        ]
        if fuel:
            row += [r["fuel_l_per_day"], r["peak_load_kw"], r["mean_load_pct"], r["autonomy_days"]]
        rows.append(row)
    if repairs:  # the loss per day changes with every repair: no single before/after
        cols = ("option", "arrives", "person_days", "from_damage", "from_blackouts", "saved", "cost", "per_pd")
    else:
        cols = ("option", "arrives", "before", "after", "person_days", "saved", "cost", "per_pd")
    cols += ("fuel", "peak_kw", "load_pct", "autonomy") if fuel else ()
    print(format_table(rows, [t(f"cli.blackout.col.{c}") for c in cols]))
    priced = table["cost_eur_per_person_day_saved"].dropna()
    if not priced.empty:
        best = priced.idxmin()
        saved = table.at[best, "person_days_saved"]
        print("\n" + t("cli.blackout.best", name=names.get(best, best), saved=num(saved), eur=num(priced[best], 2)))
    print(t("cli.blackout.note_repairs" if repairs else "cli.blackout.note"))
    if fuel:
        print(t("cli.blackout.fuel_note"))
        _blackout_set_warnings(table, names)


def _blackout_set_warnings(table, names: dict) -> None:
    """A set that its pumps overload at their peak, or that runs below the wet-stacking load on average."""
    from teplovoda.models.power.generators import WET_STACKING_MIN_LOAD_PCT

    for name, r in table.dropna(subset=["fuel_l_per_day"]).iterrows():
        rated_kw = r["rated_kw"]
        shown = names.get(name, name)
        if r["peak_load_kw"] > rated_kw * (1 + 1e-9):
            print(t("cli.blackout.overloaded", name=shown, peak=num(r["peak_load_kw"]), rated=num(rated_kw)))
        if r["mean_load_pct"] < WET_STACKING_MIN_LOAD_PCT:
            print(t("cli.blackout.light", name=shown, pct=num(r["mean_load_pct"]), min_pct=num(WET_STACKING_MIN_LOAD_PCT)))


def _add_blackout_parser(wsub) -> None:
    bp = wsub.add_parser("blackout", help="person-days without water from rolling blackouts; generator deliveries by day")
    bp.add_argument("scenario", help="water scenario TOML with [simulation] grid_on and [[recovery.generators]]")
    bp.add_argument(
        "--rule",
        choices=[r for r in RECOVERY_RULES if r != "all"],
        default="network_ratio",
        help="with [[damage]]: the rule whose repair schedule runs alongside the blackouts (default network_ratio)",
    )
    bp.add_argument("--crews", type=int, help="with [[damage]]: water crews (default [recovery] crews.water, else 1)")
    bp.add_argument("--out", help="output directory (default results/<scenario name>_blackout)")
    bp.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help="as teplovoda --lang")
    bp.set_defaults(handler=water_blackout)


# --- issue 16 helper "rsweep": teplovoda water recovery-sweep (repairs over sampled damage, on Dask) ---
def water_recovery_sweep(args) -> int:
    """``teplovoda water recovery-sweep``: sample damage, crews, mobilisation and option lead times; person-days
    lost per rule and, with ``[[recovery.options]]``, per plan."""
    import dataclasses

    from teplovoda.models.recovery.sweep import RecoverySweep, run_recovery_sweep, summarise_rules

    _check_sweep_arguments(args)
    crews = _rsweep_list(args.crews, "--crews", int, "cli.rsweep.integers") if args.crews else None
    mob = _rsweep_range(args.mobilisation_days, "--mobilisation-days")
    spread = _rsweep_range(args.lead_time_spread, "--lead-time-spread")
    if crews is not None or mob is not None or spread is not None:  # bad options refused before loading
        RecoverySweep(tuple(crews or (1,)), (mob[0], mob[-1]) if mob else (0.0, 0.0), (spread or (1.0, 1.0)))
    scn = kinds.get("water").load(args.scenario)
    spec = scn.sweep
    crews = crews or list(spec.recovery_crews)
    mob = mob or list(spec.recovery_mobilisation_days)
    spread = spread or scn.recovery.lead_time_spread
    sweep = RecoverySweep(tuple(crews), (mob[0], mob[-1]), spread)
    if args.samples is not None:
        spec = dataclasses.replace(spec, samples=args.samples)
    if args.seed is not None:
        spec = dataclasses.replace(spec, seed=args.seed)
    scn = dataclasses.replace(scn, sweep=spec)
    head = {"name": local_name(scn.scenario), "samples": spec.samples, "seed": spec.seed}
    head["breaks_per_km"] = gnum(spec.break_rate_per_km)
    mob_range = {"mob_lo": gnum(mob[0]), "mob_hi": gnum(mob[-1])}
    print(t("cli.rsweep.title", **head, crews=",".join(map(str, crews)), **mob_range), flush=True)
    if scn.recovery.options:
        lead = {"lo": gnum(spread[0]), "hi": gnum(spread[1]), "days": gnum(scn.recovery.horizon_days)}
        print(t("cli.rsweep.lead_spread", **lead, options=len(scn.recovery.options)), flush=True)
    table = run_recovery_sweep(scn, sweep, scheduler=args.scheduler, workers=args.workers)
    stats = summarise_rules(table, scn)
    n = table["repairs"]
    print(t("cli.rsweep.repairs", mean=num(n.mean(), 1), lo=int(n.min()), hi=int(n.max())))
    print("\n" + t("cli.rsweep.stats"))
    rules = stats.loc["rule"]
    rows = [[t(f"recovery.rule.{r}"), s["mean"], s.p10, s.p50, s.p90] for r, s in rules.iterrows()]
    print(format_table(rows, [t("cli.rsweep.col.rule"), *_cols("cli.col.mean", "cli.col.p10", "cli.col.p50", "cli.col.p90")]))
    columns = {f"person_days_{r}": t(f"recovery.rule.{r}") for r in rules.index}
    columns = _rsweep_plans_table(stats, scn) or columns  # with options the histogram shows the plans (8 curves are too many)
    _write_recovery_sweep(args, table, stats, columns, "cli.rsweep", local_name(scn.scenario))
    return 0


def _rsweep_range(text: str | None, flag: str) -> list | None:
    """``"1,3"`` -> ``[1.0, 3.0]`` (one number: a fixed value); None when the flag is not given."""
    from teplovoda.models.errors import InputError

    if not text:
        return None
    values = _rsweep_list(text, flag, float, "cli.rsweep.low_high")
    if len(values) > 2:
        raise InputError(t("cli.rsweep.bad_list", flag=flag, what=t("cli.rsweep.low_high"), value=text))
    return [values[0], values[-1]]


def _rsweep_plans_table(stats, scn) -> dict:
    """Print the plans' person-days over the samples (with ``[[recovery.options]]``); their histogram columns."""
    from teplovoda.models.recovery.water_plans import NO_ACTION

    if "plan" not in stats.index.get_level_values("kind"):
        return {}
    plans = stats.loc["plan"]
    shown = {NO_ACTION: t("rheat.no_action")} | {o.name: local_name(o) for o in scn.options}
    print("\n" + t("cli.rsweep.plans_stats", days=gnum(scn.recovery.horizon_days)))
    rows = [
        [shown.get(p, p), s["mean"], s.p10, s.p50, s.p90, s.get("restored_mean"), s.get("cost_per_person_day_restored_eur")]
        for p, s in plans.iterrows()
    ]
    header = _cols("cli.rheat.col.plan", "cli.col.mean", "cli.col.p10", "cli.col.p50", "cli.col.p90")
    print(format_table(rows, [*header, *_cols("cli.rsweep.col.restored", "cli.rsweep.col.cost_per_pd")]))
    print(t("cli.rsweep.plans_note"))
    return {f"person_days_without_water:{p}": shown.get(p, p) for p in plans.index}


def _rsweep_list(text: str, flag: str, cast, what: str) -> list:
    """``"2,4"`` -> ``[2, 4]``; one line naming the flag otherwise."""
    from teplovoda.models.errors import InputError

    try:
        values = [cast(v) for v in text.split(",")]
    except ValueError:
        raise InputError(t("cli.rsweep.bad_list", flag=flag, what=t(what), value=text)) from None
    return values


def _write_recovery_sweep(args, table, stats, columns: dict, key: str, name: str) -> None:
    """A recovery sweep's samples.csv, summary.csv and person-days histogram (``columns``: column -> label;
    ``key``: the catalogue prefix of its chart texts), water and heat alike."""
    from teplovoda.ui.recovery_plots import person_days_histogram

    out = out_dir(args, "_recovery_sweep")
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "samples.csv", index=False)
    stats.to_csv(out / "summary.csv")
    title = t(f"{key}.chart_title", name=name, samples=len(table))
    person_days_histogram(table, columns, out / "person_days.png", xlabel=t(f"{key}.chart_x"), title=title)
    _written(out, ["samples.csv", "summary.csv", "person_days.png"])


def _add_recovery_sweep_parser(wsub) -> None:
    rs = wsub.add_parser(
        "recovery-sweep", help="Monte Carlo of repairs: sampled damage, crews, mobilisation; person-days by rule"
    )
    rs.add_argument("scenario", help="water scenario TOML file; its [sweep] section sets the damage sampled")
    rs.add_argument("--samples", type=int, help="samples (default [sweep] samples)")
    rs.add_argument("--seed", type=int, help="seed (default [sweep] seed)")
    rs.add_argument(
        "--crews", help="water crews, one drawn per sample from this list, e.g. 2,4 (default [sweep] recovery_crews, else 2)"
    )
    rs.add_argument(
        "--mobilisation-days",
        help="crews' mobilisation, uniform in LOW,HIGH days (default [sweep] recovery_mobilisation_days, else 1)",
    )
    rs.add_argument(
        "--lead-time-spread",
        help="each [[recovery.options]] lead time times a factor uniform in LOW,HIGH "
        "(default [recovery.sweep] lead_time_spread, else 1,1)",
    )
    rs.add_argument("--workers", type=int, help="local Dask worker processes (default: cores, at most 4)")
    rs.add_argument("--scheduler", help="address of a running Dask scheduler instead of a local cluster")
    rs.add_argument("--out", help="output directory (default results/<scenario name>_recovery_sweep)")
    rs.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help="as teplovoda --lang")
    rs.set_defaults(handler=water_recovery_sweep)


# --- end of issue 16 helper "rsweep" block ---


# --- issue 16 helper "rheat": teplovoda heat recovery (options over days, buildings cooling and warming) ---
def heat_recovery(args) -> int:
    """``teplovoda heat recovery``: every plan of the scenario's ``[recovery]`` day by day; people with heat,
    person-days without heat, the hospital's restoration, freeze-damaged buildings, cost per person-day."""
    from teplovoda.models.recovery import weather
    from teplovoda.models.recovery.heat import plan

    scn = kinds.get("heat").load(args.scenario)
    rec = scn.recovery
    print(t("cli.rheat.title", name=local_name(scn.scenario)), flush=True)
    if rec is not None and rec.city is not None:
        print(t("cli.rheat.weather_city", city=rec.city, start=rec.start, days=rec.horizon_days))
        print(t("cli.rheat.weather_source", source=weather.normals_source(rec.city)))
    elif rec is not None:
        print(t("cli.rheat.weather_table", days=rec.horizon_days))
    res = plan(scn)
    print(
        t(
            "cli.rheat.setup",
            t_min=num(res.outdoor_temp_c.min(), 1),
            t_max=num(res.outdoor_temp_c.max(), 1),
            threshold=gnum(rec.heated_indoor_temp_c),
            people=num(res.people_total),
            solves=res.solves,
        )
    )
    for job in res.repair_jobs:
        print(t("cli.rheat.repair", element=job.repair.element, start=gnum(job.start_day), end=gnum(job.end_day)))
    from teplovoda.models.recovery.heat import NO_ACTION

    shown = {NO_ACTION: t("rheat.no_action")}
    rows = []
    for name, p in res.plans.items():
        stages = ", ".join(f"{gnum(a)}-{gnum(b)}" for _, a, b in _rheat_timeline(p)) or "-"
        metrics = [p.person_days_without, p.critical_restored_day, len(p.frozen), p.freeze_cost_eur, p.cost_eur]
        rows.append([shown.get(name, name), stages, *metrics, p.cost_per_person_day_eur])
    cols = ("plan", "stages", "person_days", "critical_day", "frozen", "freeze_cost", "cost", "cost_per_pd")
    print("\n" + format_table(rows, [t(f"cli.rheat.col.{c}") for c in cols]))
    ranked = [n for n in sorted(res.plans, key=lambda n: res.plans[n].person_days_without)]
    best = res.plans[ranked[0]]
    print("\n" + t("cli.rheat.best", plan=shown.get(ranked[0], ranked[0]), value=num(best.person_days_without)))
    print(t("cli.rheat.note"))
    out = out_dir(args, "_recovery")
    _written(out, _rheat_files(res, out, local_name(scn.scenario)))
    return 0


def _rheat_timeline(p) -> list[tuple[str, float, float]]:
    """The options of a plan with the first and last day they are in service (from its per-day stages)."""
    spans: dict = {}
    for k, active in enumerate(p.stages):
        for o in active:
            a, b = spans.get(o, (k, k + 1))
            spans[o] = (min(a, k), k + 1)
    return [(o, a, b) for o, (a, b) in spans.items()]


def _rheat_files(res, out: Path, name: str) -> list[str]:
    """service_curve.csv (people with heat per day per plan), indoor_temps.csv (per plan, day and building), the chart."""
    import pandas as pd

    from teplovoda.ui.recovery_plots import heat_service_chart

    out.mkdir(parents=True, exist_ok=True)
    curves = pd.DataFrame({"intact": res.intact.people_heated, **{n: p.people_heated for n, p in res.plans.items()}})
    curves.insert(0, "outdoor_temp_c", [*res.outdoor_temp_c, float("nan")])
    curves.index.name = "day"
    curves.to_csv(out / "service_curve.csv")
    temps = pd.concat({n: p.temps for n, p in res.plans.items()}, names=["plan", "day"])
    temps.round(3).to_csv(out / "indoor_temps.csv")
    heat_service_chart(res, out / "service_curve.png", title=name)
    return ["service_curve.csv", "indoor_temps.csv", "service_curve.png"]


def _add_heat_recovery_parser(hsub) -> None:
    rc = hsub.add_parser("recovery", help="options over days: people with heat per day, person-days without heat, freezing")
    rc.add_argument("scenario", help="heat scenario TOML file with [recovery] (horizon, weather, options over time)")
    rc.add_argument("--out", help="output directory (default results/<scenario name>_recovery)")
    rc.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help="as teplovoda --lang")
    rc.set_defaults(handler=heat_recovery)


# --- end of issue 16 helper "rheat" block ---


# --- issue 16 heat side (wt-heat): teplovoda heat recovery-sweep (lead times and repairs drawn, on Dask) ---
def heat_recovery_sweep(args) -> int:
    """``teplovoda heat recovery-sweep``: draw lead times and repair durations from ``[recovery.sweep]``, run every
    plan per sample; mean, P10, P50, P90 of person-days without heat and of frozen buildings per plan."""
    from teplovoda.models.recovery.heat import NO_ACTION
    from teplovoda.models.recovery.heat_sweep import run_heat_recovery_sweep, summarise_plans

    _check_sweep_arguments(args)
    scn = kinds.get("heat").load(args.scenario)
    if scn.recovery is None:
        from teplovoda.models.recovery.heat import plan

        plan(scn)  # the one-line "no [recovery] table" error
    sweep = scn.recovery.sweep
    samples = sweep.samples if args.samples is None else args.samples
    seed = sweep.seed if args.seed is None else args.seed
    (lead_lo, lead_hi), (rep_lo, rep_hi) = sweep.lead_time_spread, sweep.repair_spread
    head = {"name": local_name(scn.scenario), "samples": samples, "seed": seed}
    spreads = {"lead_lo": gnum(lead_lo), "lead_hi": gnum(lead_hi), "rep_lo": gnum(rep_lo), "rep_hi": gnum(rep_hi)}
    print(t("cli.rhsweep.title", **head, **spreads), flush=True)
    table = run_heat_recovery_sweep(scn, samples=samples, seed=seed, scheduler=args.scheduler, workers=args.workers)
    stats = summarise_plans(table)
    shown = {NO_ACTION: t("rheat.no_action")}
    print("\n" + t("cli.rhsweep.stats"))
    rows = [
        [shown.get(name, name), *(s[f"{m}_{q}"] for m in ("person_days", "frozen") for q in ("mean", "p10", "p50", "p90"))]
        for name, s in stats.iterrows()
    ]
    quantiles = [t(f"cli.col.{q}") for q in ("mean", "p10", "p50", "p90")]
    cols = [t("cli.rheat.col.plan"), *(f"{t('cli.rhsweep.col.person_days')} {q}" for q in quantiles)]
    cols += [f"{t('cli.rhsweep.col.frozen')} {q}" for q in quantiles]
    print(format_table(rows, cols))
    print(t("cli.rhsweep.note"))
    columns = {f"person_days:{p}": shown.get(p, p) for p in stats.index}
    _write_recovery_sweep(args, table, stats, columns, "cli.rhsweep", local_name(scn.scenario))
    return 0


def _add_heat_recovery_sweep_parser(hsub) -> None:
    rs = hsub.add_parser(
        "recovery-sweep", help="Monte Carlo of lead times and repair durations ([recovery.sweep]); person-days by plan"
    )
    rs.add_argument("scenario", help="heat scenario TOML file with [recovery] and [recovery.sweep]")
    rs.add_argument("--samples", type=int, help="samples (default [recovery.sweep] samples, else 50)")
    rs.add_argument("--seed", type=int, help="seed (default [recovery.sweep] seed, else 1)")
    rs.add_argument("--workers", type=int, help="local Dask worker processes (default: cores, at most 4)")
    rs.add_argument("--scheduler", help="address of a running Dask scheduler instead of a local cluster")
    rs.add_argument("--out", help="output directory (default results/<scenario name>_recovery_sweep)")
    rs.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help="as teplovoda --lang")
    rs.set_defaults(handler=heat_recovery_sweep)


# --- end of issue 16 heat side (wt-heat) block ---


def heat_run(args) -> int:
    """``teplovoda heat run`` (and ``teplovoda run`` of a heat file): print the run, write its files."""
    kind = kinds.get("heat")
    gpkg = _gpkg_path(args)
    scn = kind.load(args.scenario)
    _name_options(scn)
    out = out_dir(args)
    print(t("cli.heat.title", name=local_name(scn.scenario)), flush=True)
    print(
        t("cli.heat.setup", outdoor_c=gnum(scn.weather.outdoor_temp_c), damage=len(scn.damage), options=len(scn.options)),
        flush=True,
    )
    run = kind.run(scn)
    summary = run.summary()
    cases = list(run.results)
    rows = [[t(f"cli.heat.{key}"), *[summary.at[key, c] for c in cases]] for key in HEAT_ROWS]
    rows.append([t("cli.heat.converged"), *[run.results[c].converged for c in cases]])
    print()
    print(format_table(rows, ["", *map(_case, cases)]))
    for c in cases:
        res = run.results[c]
        if not res.converged:
            print("\n" + t("cli.heat.not_converged", case=_case(c), reason=res.reason))
        src = res.sources[res.sources["role"] != "off"]
        if len(src):
            print("\n" + t("cli.heat.sources", case=_case(c)))
            print(
                format_table(
                    [
                        [
                            n,
                            r.kind,
                            r.role,
                            r.capacity_kw,
                            r.heat_kw,
                            r.supply_temp_c,
                            f"{num(r.fuel_per_day, 1)} {r.fuel_unit}",
                            r.pump_power_kw,
                        ]
                        for n, r in src.iterrows()
                    ],
                    _cols(
                        "cli.col.source",
                        "cli.col.kind",
                        "cli.col.role",
                        "cli.col.capacity_kw",
                        "cli.col.heat_kw",
                        "cli.col.supply_c",
                        "cli.col.fuel_per_day",
                        "cli.col.pump_kw",
                    ),
                )
            )
    _coldest(run.results[cases[-1]].consumers, cases[-1])
    written = kind.export(run, out)
    if gpkg is not None:
        from teplovoda.models.gis.export_heat import write_heat_gpkg

        _gpkg_written(gpkg, write_heat_gpkg(run, gpkg))
    if args.plot:
        from teplovoda.ui.plots import _slug, heat_delivered_chart, heat_map

        for k, c in enumerate(cases):
            name = f"map_{k}_{_slug(c)}.png"
            heat_map(run.nets[c], run.results[c], out / name, title=f"{local_name(scn.scenario)}\n{c}")
            written.append(name)
        heat_delivered_chart(run.results, out / "heat_delivered.png", cases=_OPTION_NAMES)
        written.append("heat_delivered.png")
    _written(out, written)
    return 0 if all(r.converged for r in run.results.values()) else EXIT_NOT_CONVERGED


def _coldest(consumers, case: str) -> None:
    """The eight buildings that cool down first (then the least heated) in ``case``."""
    cold = consumers.sort_values(["hours_to_12c_h", "delivered_fraction"]).head(8)
    print("\n" + t("cli.heat.coldest", case=_case(case)))
    print(
        format_table(
            [
                [
                    n,
                    t(f"building.{r.building_type}", default=r.building_type),
                    r.people,
                    r.households,
                    r.pupils + r.patients,
                    100 * r.delivered_fraction,
                    r.supply_temp_c,
                    r.hours_to_12c_h,
                    r.hours_to_0c_h,
                ]
                for n, r in cold.iterrows()
            ],
            _cols(
                "cli.col.building",
                "cli.col.type",
                "cli.col.people",
                "cli.col.households",
                "cli.col.pupils_patients",
                "cli.col.heat_pct",
                "cli.col.supply_c",
                "cli.col.to_12c_h",
                "cli.col.to_0c_h",
            ),
        )
    )


def power_size(args) -> int:
    """``teplovoda power size`` (and ``teplovoda run`` of a power file): print the sizing, write its files."""
    kind = kinds.get("power")
    scn = kind.load(args.scenario)
    out = out_dir(args)
    print(t("cli.power.title", name=local_name(scn.scenario)), flush=True)
    timetable = "".join("1" if g else "0" for g in scn.timetable)
    print(t("cli.power.setup", motors=len(scn.motors), timetable=timetable), flush=True)
    run = kind.run(scn)
    _power_load(run, scn)
    _power_sizing(run, scn)
    _power_fuel_and_service(run)
    _written(out, kind.export(run, out))
    return 0


def _power_load(run, scn) -> None:
    """The motors' running load at their duty points, the site's total and the grid's voltages."""
    s = run.sizing
    print("\n" + t("cli.power.running_load"))
    print(
        format_table(
            [
                [
                    n,
                    x.pump,
                    x.flow_m3_per_h,
                    x.head_m,
                    x.shaft_kw,
                    x.running_kw,
                    x.rated_kw,
                    x.starting,
                    x.starting_kva,
                    t("cli.power.overloaded") if x.overloaded else "",
                ]
                for n, x in run.running.iterrows()
            ],
            _cols(
                "cli.col.motor",
                "cli.col.pump",
                "cli.col.m3_per_h",
                "cli.col.head_m",
                "cli.col.shaft_kw",
                "cli.col.elec_kw",
                "cli.col.rated_kw",
                "cli.col.start",
                "cli.col.start_kva",
            )
            + [""],
        )
    )
    aux_kw = sum(a.power_kw for a in scn.aux_loads)
    print(
        t(
            "cli.power.site_load",
            aux_kw=num(aux_kw),
            chp_kw=num(run.chp_kw),
            running_kw=num(s.running_kw),
            kvar=num(s.running_kvar),
        )
    )
    g = run.grid
    starts = ", ".join(t("cli.power.start_pu", motor=m, pu=num(v, 3)) for m, v in g["starts_pu"].items())
    print("\n" + t("cli.power.grid", bus_pu=num(g["steady_pu"], 3), loading_pct=num(g["transformer_loading_pct"]), starts=starts))


def _power_sizing(run, scn) -> None:
    """The generator sizes tried, the recommended set and why, the set on offer, and the site islanded."""
    from teplovoda.ui.report import start_sequence_text  # matplotlib, only when a power site is printed

    r, s, f, site = run.running, run.sizing, run.fuel, scn.site
    print(
        "\n"
        + t(
            "cli.power.sizing",
            derating=num(s.derating, 2),
            altitude_m=gnum(site.altitude_m),
            ambient_c=gnum(site.ambient_temp_c),
            margin_pct=gnum(site.load_margin_pct),
            dip_pct=gnum(site.max_voltage_dip_pct),
        )
    )
    c = s.candidates
    # the table starts two sizes below the first that carries the running load
    first = int(max(c["running_ok"].to_numpy().argmax() - 2, 0)) if c["running_ok"].any() else max(len(c) - 3, 0)
    if first:
        print(t("cli.power.too_small", smallest=num(c.index[0]), largest=num(c.index[first - 1])))
    print(
        format_table(
            [
                [
                    f"{num(k)} {t('unit.kva')}",
                    x.usable_kw,
                    x.running_kw,
                    x.worst_start or "-",
                    x.start_dip_pct,
                    t("power.pass")
                    if x.running_ok and x.start_ok
                    else (t("power.dip_too_deep") if x.running_ok else t("power.load_too_high")),
                ]
                for k, x in c.iloc[first:].iterrows()
            ],
            _cols(
                "cli.col.candidate",
                "cli.col.usable_kw",
                "cli.col.running_kw",
                "cli.col.worst_start",
                "cli.col.dip_pct",
                "cli.col.result",
            ),
        )
    )
    best = c.loc[s.recommended_kva]
    print(
        "\n"
        + t(
            "cli.power.recommended",
            kva=num(s.recommended_kva),
            kw=num(s.recommended_kw),
            running_kw=num(s.running_kw),
            margin_pct=gnum(site.load_margin_pct),
            motor=best.worst_start,
            starting=r.at[best.worst_start, "starting"] if best.worst_start in r.index else t("power.starts_together"),
            dip_pct=num(best.start_dip_pct, 1),
            running_kva=num(s.required_kva_running),
            start_kva=num(s.required_kva_start),
        )
    )
    print(_dip_limit(site.max_voltage_dip_pct))
    print(start_sequence_text(s, r))
    if run.starter_change is not None:
        print(_cheaper_start(run.starter_change))
    if run.manual is not None:
        print(_manual_verdict(run.manual, scn.generator.manual_kva))
    for w in run.wet_stacking:
        print(
            t("cli.power.warning")
            + t("power.wet_stacking", kva=num(w["kva"]), load_pct=num(w["load_pct"], 1), min_pct=gnum(w["min_load_pct"]))
        )
    i = run.island
    print(
        t(
            "cli.power.island",
            kva=num(f["generator_kva"]),
            p_kw=num(i["generator_p_kw"]),
            q_kvar=num(i["generator_q_kvar"]),
            loading_pct=num(i["generator_loading_pct"]),
        )
    )


def _dip_limit(dip_pct: float) -> str:
    """What the start-dip limit is and the range commonly used."""
    from teplovoda.models.power.generators import COMMON_DIP_LIMIT_RANGE_PCT

    low, high = COMMON_DIP_LIMIT_RANGE_PCT
    return t("power.dip_limit", dip_pct=gnum(dip_pct), low=gnum(low), high=gnum(high))


def _cheaper_start(c: dict) -> str:
    """The cheapest starter change that lets a smaller set pass."""
    return t(
        "power.cheaper_start",
        motor=c["motor"],
        starting_to=t(f"power.starting.{c['starting_to']}"),
        starting_from=t(f"power.starting.{c['starting_from']}"),
        kva=num(c["kva"]),
        recommended_kva=num(c["recommended_kva"]),
    )


def _manual_verdict(m: dict, kva: float) -> str:
    """The set on offer: passes, or fails by how many kVA and why (running load, start dip)."""
    if m["passes"]:
        return t("cli.power.chosen_passes", kva=num(kva))
    why = [t("power.load_too_high")] if not m["running_ok"] else []
    if m["running_ok"] and not m["start_ok"]:
        why.append(t("cli.power.start_dip", dip_pct=num(m["start_dip_pct"], 1)))
    verdict = t("cli.power.chosen_fails", kva=num(kva), short_kva=num(m["shortfall_kva"]), needed_kva=num(m["needed_kva"]))
    return verdict + (f" ({', '.join(why)})" if why else "")


def _power_fuel_and_service(run) -> None:
    """The diesel a day and the tank's autonomy, and the water service with and without the generator."""
    from teplovoda.ui.report import refill_text  # matplotlib, only when a power site is printed

    f = run.fuel
    print("\n" + t("cli.power.fuel"))
    print(
        t(
            "cli.power.fuel_rate",
            rate_l_per_h=num(f["fuel_l_per_h_at_running_load"], 1),
            load_pct=num(f["load_factor_pct"]),
            hours=f["generator_hours_per_day"],
            l_per_day=num(f["fuel_l_per_day"]),
        )
    )
    print(
        t(
            "cli.power.tank_autonomy",
            tank_l=num(f["tank_l"]),
            autonomy_h=num(f["tank_autonomy_h"], 1),
            days=num(f["tank_days_on_schedule"], 1),
        )
    )
    print("  " + refill_text(f))  # the deliveries a week and the refill interval, said once
    w, wo = run.service_with, run.service_without
    if not w:
        print("\n" + t("cli.power.no_water"))
        return
    rows = [
        ("cli.power.full_service_h", "hours_of_full_service_per_person"),
        ("cli.power.people_mean", "people_served_daily_mean"),
        ("cli.power.people_worst", "people_served_lowest_hour"),
        ("cli.power.water_m3_per_day", "water_delivered_m3_per_day"),
        ("cli.power.lowest_tank_m", "lowest_tank_level_m"),
    ]
    print("\n" + t("cli.power.service"))
    print(
        format_table(
            [[t(label), wo[key], w[key]] for label, key in rows],
            ["", *_cols("cli.col.without_generator", "cli.col.with_generator")],
        )
    )


def compare_run(args) -> int:
    """``teplovoda compare`` (and ``teplovoda run`` of a compare file): print the ranking, write the report."""
    kind = kinds.get("compare")
    gpkg = _gpkg_path(args)
    scn = kind.load(args.scenario)
    out = out_dir(args)
    e = scn.economics
    print(t("cli.compare.title", name=local_name(scn.scenario)), flush=True)
    print(
        t("cli.compare.setup", base=scn.base.file, years=e.horizon_years, rate_pct=num(100 * e.discount_rate), year=e.price_year),
        flush=True,
    )
    cmp = kind.run(scn)
    from teplovoda.ui.report import option_names, reason

    opts, benefit = cmp.options.rename(index=option_names(cmp)), cmp.benefit
    label = t(f"cli.compare.benefit_{benefit}", default=t("cli.compare.benefit_people_served"))
    # a heat base with a water site: people warm and people with water beside the person-services
    service = [
        ("people_heated", "cli.col.people_warm"),
        ("people_with_water", "cli.col.people_with_water"),
        ("hours_of_full_water_service_per_person", "cli.col.water_h_per_day"),
    ]
    service = [(c, h) for c, h in service if c in opts and benefit == "person_services_added"]
    rank = "snapshot_rank" if "snapshot_rank" in opts else "rank"  # with [recovery]: "rank" is the over-days one
    print()
    print(
        format_table(
            [
                [
                    n,
                    *[r[c] for c, _ in service],
                    r[benefit],
                    r.cost_per_person_year_eur,
                    r.npc_eur,
                    r.capex_eur,
                    r.co2_t_per_year,
                    bool(r.feasible),
                    "-" if r[rank] != r[rank] else int(r[rank]),
                ]
                for n, r in opts.iterrows()
            ],
            [
                t("cli.col.option"),
                *_cols(*[h for _, h in service]),
                label,
                *_cols("cli.col.eur_per_person_yr", "cli.col.npc_eur", "cli.col.investment_eur", "cli.col.co2_t_per_yr"),
                *_cols("cli.col.meets", "cli.col.rank"),
            ],
        )
    )
    for n, r in opts[~opts["feasible"]].iterrows():
        print(f"  {n}: {reason(r.why_not)}")
    if "water_supply" in opts:
        print("\n" + t("cli.compare.water_supply"))
        for n, r in opts.iterrows():
            print(f"  {n}: {r.water_supply}")
    if cmp.recovery is not None:  # [recovery] in the base: the options over days
        _recovery_table(cmp, opts)
    if cmp.blackout is not None:  # [[recovery.generators]] on the base's grid timetable
        print("\n" + t("rcompare.blackout.title"))
        _blackout_table(cmp.blackout, cmp.base_run.scenario.recovery.generators)
    best = opts[opts["rank"] == 1]
    if cmp.over_days is not None:  # [recovery] in the base: ranked on cost per person-day restored, plans too
        from teplovoda.ui.report import best_over_days, over_days_names, recovery_headline

        first = best_over_days(cmp)
        if first is not None:
            print("\n" + recovery_headline(cmp, over_days_names(cmp)[first.name]))
    elif len(best):
        per = t("compare.per_person_service" if benefit == "person_services_added" else "compare.per_person")
        b = best.iloc[0]
        print(
            "\n"
            + t(
                "cli.compare.best",
                option=best.index[0],
                benefit=num(b[benefit]),
                what=label,
                cost=_fmt(float(b.cost_per_person_year_eur)),
                per=per,
            )
        )
    _written(out, kind.export(cmp, out, maps=not args.no_maps), "cli.report_written")
    if gpkg is not None:
        from teplovoda.models.gis.export_runs import write_compare_gpkg

        _gpkg_written(gpkg, write_compare_gpkg(cmp, gpkg))
    return 0


def _recovery_table(cmp, opts) -> None:
    """The options and the staged plans over days: the day each is in service, person-days without the service and
    restored, the critical day (and for heat the buildings frozen), EUR per person-day restored, the rank; then
    whether counting lead times changes the ranking, and why."""
    from teplovoda.models.costing.compare.recovery import COLUMNS, WATER_COLUMNS
    from teplovoda.ui.report import export_labels, over_days_names, ranking_sentence

    labels = export_labels(cmp)
    over = cmp.over_days.rename(index=over_days_names(cmp)) if cmp.over_days is not None else opts
    cols = [c for c in ("in_service_day", *opts.columns) if c in over and c in {"in_service_day", *COLUMNS, *WATER_COLUMNS}]
    print("\n" + t("rcompare.horizon", title=t("rcompare.title"), days=gnum(cmp.recovery.horizon_days)))
    rows = [[n, *[r[c] for c in cols], "-" if r["rank"] != r["rank"] else int(r["rank"])] for n, r in over.iterrows()]
    print(format_table(rows, [t("cli.col.option"), *[labels[c] for c in cols], t("cli.col.rank")]))
    if cmp.over_days is not None:
        print("\n" + ranking_sentence(cmp))


def _sweep(args) -> int:
    import dataclasses

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from teplovoda.models.montecarlo import run_sweep_elements, summarise

    _check_sweep_arguments(args)
    gpkg = _gpkg_path(args)
    kind = kinds.get(args.command)  # the sweep parser sits under the kinds that have sweep cases and a sampler
    scn = kind.load(args.scenario)
    _name_options(scn)
    # every case faces the same sampled events (see teplovoda.models.montecarlo)
    payload, solve_args, column = kinds.resolve(kind.sweep_cases)(scn)
    by = "case"
    spec = scn.sweep
    if args.samples is not None:
        spec = dataclasses.replace(spec, samples=args.samples)
    if args.seed is not None:
        spec = dataclasses.replace(spec, seed=args.seed)
    out = out_dir(args, "_sweep")
    print(
        t(
            "cli.sweep.title",
            kind=kind.name,
            name=local_name(scn.scenario),
            samples=spec.samples,
            seed=spec.seed,
            breaks_per_km=gnum(spec.break_rate_per_km),
            pump_outage=gnum(spec.pump_outage_probability),
            source_outage=gnum(spec.source_outage_probability),
            scheduler=args.scheduler or t("cli.sweep.local_cluster"),
        ),
        flush=True,
    )
    table, elements = run_sweep_elements(
        kind.name, payload, solve_args, spec, scheduler=args.scheduler, workers=args.workers, progress=not args.quiet
    )
    stats = summarise(table, column, by)
    what = t(f"cli.sweep.{column}", default=column.replace("_", " "))
    print("\n" + t("cli.sweep.stats", what=what))
    print(
        format_table(
            [[_case(k), r.samples, r.not_converged, r["mean"], r.p10, r.p50, r.p90, r["max"]] for k, r in stats.iterrows()],
            ["", *_cols("cli.col.samples", "cli.col.not_converged", "cli.col.mean", "cli.col.p10", "cli.col.p50")]
            + _cols("cli.col.p90", "cli.col.max"),
        )
    )
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "samples.csv", index=False)
    stats.to_csv(out / "summary.csv")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ok = table[table["converged"].astype(bool)]
    # one histogram per case on shared bins, drawn as outlines so equal distributions stay visible
    bins = np.histogram_bin_edges(ok[column].to_numpy(float), bins=20) if len(ok) else 20
    styles = ["solid", "dashed", "dotted", "dashdot"]
    for k, (key, g) in enumerate(ok.groupby(by)):
        ax.hist(g[column], bins=bins, histtype="step", linewidth=2.0, linestyle=styles[k % len(styles)], label=_case(str(key)))
    ax.set_xlabel(what)
    ax.set_ylabel(t("cli.col.samples"))
    ax.legend(fontsize=8)
    ax.set_title(t("cli.sweep.chart_title", name=local_name(scn.scenario), samples=spec.samples), fontsize=10, loc="left")
    fig.tight_layout()
    fig.savefig(out / "distribution.png")
    plt.close(fig)
    _written(out, ["samples.csv", "summary.csv", "distribution.png"])
    if gpkg is not None:
        from teplovoda.models.gis.export_runs import write_sweep_gpkg

        _gpkg_written(gpkg, write_sweep_gpkg(kind.name, payload, table, elements, gpkg))
    return 0


def _check_sweep_arguments(args) -> None:
    """Refuse bad --samples, --seed and --workers before any network is built."""
    from teplovoda.models.errors import InputError, within
    from teplovoda.models.messages import Msg

    if args.samples is not None:
        if args.samples < 1:
            raise InputError(within("--samples", Msg("range", "must be {rule}, got {got}", rule=">= 1", got=args.samples)))
        limits.check(args.samples, limits.MAX_SWEEP_SAMPLES, "--samples")
    if args.seed is not None and args.seed < 0:
        raise InputError(within("--seed", Msg("range", "must be {rule}, got {got}", rule=">= 0", got=args.seed)))
    if args.workers is not None:
        if args.workers < 1:
            raise InputError(within("--workers", Msg("range", "must be {rule}, got {got}", rule=">= 1", got=args.workers)))
        limits.check(args.workers, limits.MAX_SWEEP_WORKERS, "--workers")


def _add_sweep_parser(subparsers) -> None:
    sw = subparsers.add_parser("sweep", help="Monte Carlo over sampled damage (break rate, outages) on Dask")
    sw.add_argument("scenario", help="scenario TOML file; its [sweep] section sets what is sampled")
    sw.add_argument("--samples", type=int, help="number of samples (default: the scenario's)")
    sw.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    sw.add_argument("--scheduler", help="address of a running Dask scheduler (default: a local cluster)")
    sw.add_argument("--workers", type=int, help="local cluster worker processes (default: up to 4, one per core)")
    sw.add_argument("--out", help="output directory")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.add_argument(
        "--gpkg",
        metavar="OUT.gpkg",
        help="also write per-element statistics (probability without service, mean delivered share, damage share) "
        "as GeoPackage layers per case",
    )
    sw.set_defaults(handler=_sweep)


def _run_any(args) -> int:
    """Run a scenario file with the command its ``[scenario] kind`` calls for (the kind's ``cli`` in the registry)."""
    from teplovoda.models.scenario import load_toml

    data = load_toml(args.scenario)
    head = data.get("scenario")
    name = head.get("kind", kinds.DEFAULT_KIND) if isinstance(head, dict) else kinds.DEFAULT_KIND
    kind = kinds.get(name, source=args.scenario)
    args.no_maps = not args.plot
    return kinds.resolve(kind.cli)(args)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="teplovoda", description="Water and heat networks under damage: models, options, telemetry.")
    parser.add_argument("--debug", action="store_true", help="log details and show tracebacks of internal errors")
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        help=f"language of what the commands print and of the reports: uk (Ukrainian) or en (English); default "
        f"{PROCESS_LANG_ENV} if set, else the locale (LC_ALL, LC_MESSAGES, LANG in that order): uk... means Ukrainian, "
        "anything else English. CSV and JSON column names stay English",
    )
    parser.add_argument(
        "--no-limits",
        action="store_true",
        help=f"lift the limits on work (network size, days, samples; see models/limits.py); same as {NO_LIMITS_ENV}=1",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    anyrun = sub.add_parser("run", help="run any scenario file with the command its [scenario] kind calls for")
    anyrun.add_argument("scenario", help="scenario TOML file (see scenarios/)")
    anyrun.add_argument("--out", help="output directory (default results/<scenario name>)")
    anyrun.add_argument("--plot", action="store_true", help="also write maps and charts")
    anyrun.set_defaults(handler=_run_any)
    water = sub.add_parser("water", help="water networks (EPANET import, damage, people served)")
    wsub = water.add_subparsers(dest="action", required=True, parser_class=_Parser)
    run = wsub.add_parser("run", help="solve a water scenario intact and damaged; print and write results")
    run.add_argument("scenario", help="scenario TOML file (see scenarios/)")
    run.add_argument("--out", help="output directory (default results/<scenario name>)")
    run.add_argument("--plot", action="store_true", help="also write map.png, the network coloured by pressure")
    run.add_argument(
        "--gpkg", metavar="OUT.gpkg", help="also write the results as GeoPackage layers (per case: junctions, pipes...) for QGIS"
    )
    run.set_defaults(handler=water_run)
    _add_sweep_parser(wsub)
    water_cli.add_parser(wsub)  # teplovoda water criticality
    _add_recovery_parser(wsub)  # teplovoda water recovery (issue 16)
    _add_blackout_parser(wsub)  # teplovoda water blackout (issue 16)
    _add_recovery_sweep_parser(wsub)  # teplovoda water recovery-sweep (issue 16)
    heat = sub.add_parser("heat", help="district heating (thermo-hydraulics, winter damage, mobile boilers)")
    hsub = heat.add_subparsers(dest="action", required=True, parser_class=_Parser)
    hrun = hsub.add_parser("run", help="solve a heat scenario intact, damaged and with each option; print and write results")
    hrun.add_argument("scenario", help="scenario TOML file (see scenarios/)")
    hrun.add_argument("--out", help="output directory (default results/<scenario name>)")
    hrun.add_argument("--plot", action="store_true", help="also write maps coloured by supply temperature and a bar chart")
    hrun.add_argument(
        "--gpkg", metavar="OUT.gpkg", help="also write the results as GeoPackage layers (per case: nodes, pipes, buildings...)"
    )
    hrun.set_defaults(handler=heat_run)
    _add_sweep_parser(hsub)
    _add_heat_recovery_parser(hsub)  # teplovoda heat recovery (issue 16)
    _add_heat_recovery_sweep_parser(hsub)  # teplovoda heat recovery-sweep (issue 16)
    power = sub.add_parser("power", help="site power: generator sizing, fuel, rolling blackouts")
    psub = power.add_subparsers(dest="action", required=True, parser_class=_Parser)
    size = psub.add_parser("size", help="size a generator for a pumping station; fuel logistics and blackout service")
    size.add_argument("scenario", help="scenario TOML file (see scenarios/)")
    size.add_argument("--out", help="output directory (default results/<scenario name>)")
    size.set_defaults(handler=power_size)
    cmp = sub.add_parser("compare", help="cost and compare recovery options; HTML, Markdown, CSV and XLSX report")
    cmp.add_argument("scenario", help='comparison scenario TOML file (kind = "compare")')
    cmp.add_argument("--out", help="output directory (default results/<scenario name>)")
    cmp.add_argument("--no-maps", action="store_true", help="leave the network maps out of the HTML report")
    cmp.add_argument(
        "--gpkg", metavar="OUT.gpkg", help="also write the base's network layers per option and the options' costed figures"
    )
    # also after the command (teplovoda compare FILE --lang uk); SUPPRESS keeps teplovoda --lang's value when not given here
    cmp.add_argument(
        "--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help="as teplovoda --lang: the report's language"
    )
    cmp.set_defaults(handler=compare_run)
    from teplovoda.ui import app_cli, portfolio_cli, telemetry_cli

    portfolio_cli.add_parser(sub, _Parser)  # teplovoda portfolio allocate (issue 17)
    telemetry_cli.add_parser(sub, _Parser)
    app_cli.add_parser(sub)
    return parser


#: Libraries whose loggers stay quiet (warnings and above with --debug, errors otherwise).
NOISY_LOGGERS = (
    "pandapipes",
    "pandapower",
    "numba",
    "matplotlib",
    "PIL",
    "wntr",
    "distributed",
    "tornado",
    "bokeh",
    "urllib3",
    "asyncio",
    "fsspec",
    "pymodbus",  # the Modbus gateway: a silent device is logged once by teplovoda, not on every retry
    "pyogrio",
)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; ``--lang`` (else ``TEPLOVODA_LANG``, else the locale) sets the language of its output.

    The locale's language is set before the arguments are parsed, so a bad argument is reported in it too.
    """
    set_language(locale_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if args.no_limits:
        limits.lift()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # libraries stay at warnings even with --debug (numba alone logs ~20,000 lines of its compiler at DEBUG):
    # --debug is teplovoda's own detail and tracebacks
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING if args.debug else logging.ERROR)
    try:
        return args.handler(args)
    except TeplovodaError as exc:
        print(t("cli.error", message=error_text(exc)), file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into head & co.
        return 0
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # the last guard: one line, never a traceback unless asked
        if args.debug:
            raise
        msg = " ".join(str(exc).split())[:300]
        print(t("cli.internal_error", kind=type(exc).__name__, message=msg), file=sys.stderr)
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
