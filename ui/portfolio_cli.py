"""``teplovoda portfolio allocate``: which vodakanal site gets which generator set from the programme's inventory.

Kept apart from :mod:`teplovoda.ui.cli` (which only calls :func:`add_parser`); the model is
:mod:`teplovoda.models.portfolio`.
"""

from __future__ import annotations

import argparse
import math


def add_parser(subparsers, parser_class) -> None:
    """Add ``teplovoda portfolio allocate``."""
    from teplovoda.ui.i18n import LANGUAGES

    pf = subparsers.add_parser("portfolio", help="programme portfolio: generator sets from an inventory across many sites")
    psub = pf.add_subparsers(dest="action", required=True, parser_class=parser_class)
    al = psub.add_parser("allocate", help="check every site against every set type and allocate the sets (MILP and greedy)")
    al.add_argument(
        "scenario", help='portfolio TOML file (kind = "portfolio") naming its sites, pumps and inventory (CSVs or one .xlsx)'
    )
    al.add_argument("--budget-eur", type=float, help="budget in EUR instead of the file's budget_eur")
    al.add_argument("--workers", type=int, help="Dask worker processes for the site checks (default: one process)")
    al.add_argument("--out", help="output directory (default results/<file name>)")
    al.add_argument("--gpkg", metavar="OUT.gpkg", help="also write the sites and their allocation as a GeoPackage points layer")
    al.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help="as teplovoda --lang")
    al.set_defaults(handler=allocate_command)


def _check_arguments(args) -> None:
    from teplovoda.models.errors import InputError, within
    from teplovoda.models.messages import Msg

    if getattr(args, "budget_eur", None) is not None and not (math.isfinite(args.budget_eur) and args.budget_eur >= 0):
        raise InputError(
            within("--budget-eur", Msg("range", "must be {rule}, got {got}", rule=">= 0", got=f"{args.budget_eur:g}"))
        )
    if getattr(args, "workers", None) is not None and args.workers < 1:
        raise InputError(within("--workers", Msg("range", "must be {rule}, got {got}", rule=">= 1", got=args.workers)))
    if getattr(args, "gpkg", None):
        from teplovoda.models.gis.export import check_gpkg_path

        check_gpkg_path(args.gpkg)


def allocate_command(args) -> int:
    """Evaluate and allocate; print the allocation, totals, the greedy difference and the marginal values; write the
    CSVs, ``portfolio.xlsx`` and ``portfolio.html`` (the report with the map) into ``--out``."""
    from teplovoda.models.portfolio import load_portfolio, run_portfolio
    from teplovoda.ui.cli import _written, out_dir
    from teplovoda.ui.i18n import local_name, num, t
    from teplovoda.ui.portfolio_report import portfolio_html

    _check_arguments(args)
    portfolio = load_portfolio(args.scenario)
    budget_eur, workers = getattr(args, "budget_eur", None), getattr(args, "workers", None)  # none from teplovoda run
    budget = portfolio.spec.budget_eur if budget_eur is None else budget_eur
    print(t("cli.port.title", name=local_name(portfolio.scenario)), flush=True)
    setup = {
        "sites": len(portfolio.sites),
        "types": len(portfolio.inventory),
        "budget": num(budget),
        "days": num(portfolio.spec.horizon_days),
    }
    print(t("cli.port.setup", **setup), flush=True)
    run = run_portfolio(portfolio, budget_eur=budget_eur, workers=workers)
    _allocation(run)
    _water_sites(run)
    _boilers(run)
    _totals(run)
    _marginal(run)
    _fuel(run)
    out = out_dir(args)
    written = run.write(out)
    write_xlsx(run, out / "portfolio.xlsx")
    (out / "portfolio.html").write_text(portfolio_html(run), encoding="utf-8")
    _written(out, [*written, "portfolio.xlsx", "portfolio.html"])
    if getattr(args, "gpkg", None):
        from teplovoda.models.gis.export import write_portfolio_gpkg
        from teplovoda.ui.cli import _gpkg_written

        _gpkg_written(args.gpkg, write_portfolio_gpkg(run, args.gpkg))
    return 0


ALLOCATION_COLS = ("site", "oblast", "set", "ph_day", "fuel", "deliveries", "cost", "why")


def _allocation_rows(run) -> list[list]:
    from teplovoda.ui.report import reason

    return [
        [
            r.site,
            r.oblast,
            r.set_type or "-",
            r.people_hours_per_day,
            r.fuel_l_per_day,
            r.deliveries_per_week,
            r.cost_eur,
            reason(r.why),
        ]
        for r in run.allocation.itertuples()
    ]


def _allocation(run) -> None:
    from teplovoda.ui.cli import _cols, format_table

    print("\n" + format_table(_allocation_rows(run), _cols(*(f"cli.port.col.{c}" for c in ALLOCATION_COLS))))


def water_site_lines(run) -> list[str]:
    """One line per site modelled by a water scenario: its EPANET hours of water without a set and with the set
    it was given (and that set's fuel), as ``teplovoda water blackout`` gives them."""
    from teplovoda.ui.i18n import num, t

    files = {s.row.name: s.row.water_scenario for s in run.portfolio.sites if s.water is not None}
    if not files:
        return []
    lines = [t("cli.port.water_sites")]
    given = dict(zip(run.allocation["site"], run.allocation["set_type"]))
    for site, file in files.items():
        mine = run.pairs[run.pairs["site"] == site]
        without = num(mine["hours_without_h"].iloc[0], 1)
        chosen = mine[mine["set_type"] == given.get(site, "")]
        if chosen.empty:
            lines.append(t("cli.port.water_site_none", site=site, file=file, without=without))
            continue
        r = chosen.iloc[0]
        with_h, fuel = num(r["hours_with_h"], 1), num(r["fuel_l_per_day"])
        shown = {"site": site, "file": file, "without": without, "set_type": r["set_type"], "with_h": with_h, "fuel": fuel}
        lines.append(t("cli.port.water_site", **shown))
    return lines


def _water_sites(run) -> None:
    lines = water_site_lines(run)
    if lines:
        print("\n" + "\n".join(lines))


BOILER_COLS = (
    "site",
    "oblast",
    "boilers",
    "deficit_kw",
    "covered_kw",
    "warm",
    "fuel_day",
    "fuel_unit",
    "fuel_cost",
    "cost",
    "why",
)


def _boiler_rows(run) -> list[list]:
    """One row per heat site: its boilers (``2 x B1``), deficit and cover (kW), people kept warm, fuel, cost, why."""
    from teplovoda.ui.report import reason

    return [
        [
            r.site,
            r.oblast,
            f"{int(r.units)} x {r.boiler_type}" if r.boiler_type else "-",
            r.deficit_kw,
            r.covered_kw,
            r.people_warm_added,
            r.fuel_per_day,
            r.fuel_unit,
            r.fuel_cost_eur_per_day,
            r.cost_eur,
            reason(r.why),
        ]
        for r in run.heat_allocation.itertuples()
    ]


def _boilers(run) -> None:
    from teplovoda.ui.cli import _cols, format_table
    from teplovoda.ui.i18n import t

    if run.heat_allocation.empty:
        return
    print("\n" + t("cli.port.boilers"))
    print(format_table(_boiler_rows(run), _cols(*(f"cli.port.col.{c}" for c in BOILER_COLS))))


def _heat_lines(x) -> list[str]:
    """The heat sites' line and the objective's (people-hours of water plus weighted people-hours of heat)."""
    from teplovoda.ui.i18n import num, t

    if not x["heat_sites"]:
        return []
    heat = {
        "served": x["heat_sites_served"],
        "sites": x["heat_sites"],
        "units": x["boiler_units"],
        "people": num(x["people_warm_added"]),
        "ph": num(x["heat_people_hours"]),
    }
    return [t("cli.port.heat_totals", **heat), t("cli.port.objective", total=num(x["objective"]), weight=num(x["heat_weight"]))]


def totals_lines(run) -> list[str]:
    """The headline in sentences (the CLI prints them, the HTML report and the app's page show them): sites and
    people served and the cost, any must-serve site no set can serve, the people-hours added, and the greedy
    baseline with the exact allocation's difference in people-hours and the MILP's gap."""
    from teplovoda.ui.i18n import num, t

    x = run.totals
    lines = [
        t(
            "cli.port.totals",
            served=x["sites_served"],
            sites=x["sites"],
            people=num(x["people_served"]),
            cost=num(x["cost_eur"]),
            budget=num(x["budget_eur"]),
        )
    ]
    if x["must_serve_unservable"]:
        lines.append(t("cli.port.unservable", sites=", ".join(x["must_serve_unservable"])))
    lines.append(t("cli.port.people_hours", total=num(x["people_hours"]), per_day=num(x["people_hours_per_day"])))
    lines += _heat_lines(x)
    gap = t("cli.port.gap", gap=num(100 * x["mip_gap"], 3)) if math.isfinite(x["mip_gap"]) else ""
    greedy_ok = t("cli.yes") if x["greedy_feasible"] else t("cli.no")
    diff = x["exact_minus_greedy_people_hours"]
    share = 100 * diff / x["greedy_people_hours"] if x["greedy_people_hours"] else math.nan
    lines.append(
        t("cli.port.vs_greedy", greedy=num(x["greedy_people_hours"]), diff=num(diff), pct=num(share, 1), ok=greedy_ok, gap=gap)
    )
    return lines


def _totals(run) -> None:
    lines = totals_lines(run)
    print("\n" + lines[0])
    for line in lines[1:]:
        print(line)


def totals_rows(run) -> list[tuple[str, object]]:
    """The totals as (label, value) rows: the workbook's ``totals`` sheet and the HTML report's totals table."""
    from teplovoda.ui.i18n import t

    x = run.totals
    return [
        (t("cli.port.xlsx.sites_served"), f"{x['sites_served']} / {x['sites']}"),
        (t("cli.port.xlsx.people_served"), x["people_served"]),
        (t("cli.port.xlsx.cost_eur"), x["cost_eur"]),
        (t("cli.port.xlsx.budget_eur"), x["budget_eur"]),
        (t("cli.port.xlsx.people_hours"), x["people_hours"]),
        (t("cli.port.xlsx.greedy_people_hours"), x["greedy_people_hours"]),
        (t("cli.port.xlsx.exact_minus_greedy"), x["exact_minus_greedy_people_hours"]),
        (t("cli.port.xlsx.mip_gap"), x["mip_gap"]),
    ] + (
        [(t("cli.port.xlsx.heat_people_hours"), x["heat_people_hours"]), (t("cli.port.xlsx.objective"), x["objective"])]
        if not run.heat_allocation.empty
        else []
    )


MARGINAL_COLS = ("change", "ph", "ph_change", "cost")


def _marginal_rows(run) -> list[list]:
    from teplovoda.ui.i18n import num, t

    return [
        [
            t("cli.port.extra", set_type=r.set_type)
            if r.set_type
            else t("cli.port.budget_step", pct=("+" if r.budget_change_pct > 0 else "") + num(r.budget_change_pct)),
            r.people_hours,
            r.people_hours_change,
            r.cost_eur,
        ]
        for r in run.marginal.itertuples()
    ]


def _marginal(run) -> None:
    from teplovoda.ui.cli import _cols, format_table
    from teplovoda.ui.i18n import t

    if run.marginal.empty:
        return
    print("\n" + t("cli.port.marginal"))
    print(format_table(_marginal_rows(run), _cols(*(f"cli.port.col.{c}" for c in MARGINAL_COLS))))


FUEL_COLS = ("oblast", "sets", "fuel", "deliveries", "fuel_cost")


def _fuel_rows(run) -> list[list]:
    f = run.fuel_by_oblast()
    return [[ob, float(r.sets), r.fuel_l_per_day, r.deliveries_per_week, r.fuel_cost_eur_per_day] for ob, r in f.iterrows()]


def _fuel(run) -> None:
    from teplovoda.ui.cli import _cols, format_table
    from teplovoda.ui.i18n import t

    rows = _fuel_rows(run)
    if not rows:
        return
    print("\n" + t("cli.port.fuel"))
    print(format_table(rows, _cols(*(f"cli.port.col.{c}" for c in FUEL_COLS))))


def sheet_rows(run) -> dict[str, tuple[list[list], tuple[str, ...]]]:
    """The tables the CLI prints, the workbook holds and the HTML report shows: sheet name -> (rows, column keys
    ``cli.port.col.<key>``)."""
    return {
        "allocation": (_allocation_rows(run), ALLOCATION_COLS),
        "fuel_by_oblast": (_fuel_rows(run), FUEL_COLS),
        "marginal_value": (_marginal_rows(run), MARGINAL_COLS),
    } | ({"boilers": (_boiler_rows(run), BOILER_COLS)} if not run.heat_allocation.empty else {})


def write_xlsx(run, path) -> None:
    """``portfolio.xlsx`` to forward: the allocation per site with why, the fuel logistics per oblast, what one
    more set or a budget change buys, and the totals; headers and texts in the reader's language (sheet names stay
    English, as the comparison workbook's do). ``path``: a file path or a binary buffer (the app's download)."""
    import pandas as pd

    from teplovoda.ui.i18n import t

    with pd.ExcelWriter(path) as xl:
        for name, (rows, cols) in sheet_rows(run).items():
            pd.DataFrame(rows, columns=[t(f"cli.port.col.{c}") for c in cols]).to_excel(xl, sheet_name=name, index=False)
        cols = [t("cli.port.xlsx.total"), t("cli.port.xlsx.value")]
        pd.DataFrame(totals_rows(run), columns=cols).to_excel(xl, sheet_name="totals", index=False)


__all__ = ["add_parser", "allocate_command", "sheet_rows", "totals_lines", "totals_rows", "write_xlsx"]
