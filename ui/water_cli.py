"""``teplovoda water criticality``: which pipes, segments, pumps and valves cost the most person-hours when they fail.

Kept apart from :mod:`teplovoda.ui.cli` (which only calls :func:`add_parser`), so the water engineer's
commands grow here.
"""

from __future__ import annotations

#: Rows the command prints (the CSV has every unit).
DEFAULT_TOP = 15


def add_parser(subparsers) -> None:
    """Add ``criticality`` to the ``teplovoda water`` subcommands."""
    from teplovoda.models.water.criticality import DEFAULT_REPAIR_H

    cr = subparsers.add_parser(
        "criticality",
        help="rank pipes (or valve segments), pumps and valves by the person-hours without water their failure costs",
    )
    cr.add_argument("scenario", help="water scenario TOML file (its network, population, valve layer and [simulation])")
    cr.add_argument(
        "--repair-hours",
        type=float,
        default=DEFAULT_REPAIR_H,
        help=f"hours a failed element stays out, without [simulation] (default {DEFAULT_REPAIR_H:g})",
    )
    cr.add_argument("--steady", action="store_true", help="hold the steady snapshot even when the scenario has [simulation]")
    cr.add_argument("--top", type=int, default=DEFAULT_TOP, help=f"rows to print (default {DEFAULT_TOP}; the CSV has all)")
    cr.add_argument("--out", help="output directory (default results/<scenario name>_criticality)")
    cr.add_argument(
        "--gpkg", metavar="OUT.gpkg", help="also write the pipes, pumps and valves with their figures as GeoPackage layers"
    )
    cr.set_defaults(handler=criticality_command)


def criticality_command(args) -> int:
    """Solve the scenario's intact network once per failure unit; print the worst, write ``criticality.csv``."""
    import math

    from teplovoda.models import kinds
    from teplovoda.models.errors import InputError, within
    from teplovoda.models.messages import Msg
    from teplovoda.models.water.criticality import criticality
    from teplovoda.models.water.scenario import build_network, zones_for
    from teplovoda.ui.cli import _gpkg_path, _gpkg_written, format_table, out_dir
    from teplovoda.ui.i18n import local_name, num, t

    if not (math.isfinite(args.repair_hours) and args.repair_hours > 0):
        raise InputError(
            within("--repair-hours", Msg("range", "must be {rule}, got {got}", rule="> 0", got=f"{args.repair_hours:g}"))
        )
    if args.top < 1:
        raise InputError(within("--top", Msg("range", "must be {rule}, got {got}", rule=">= 1", got=args.top)))
    gpkg = _gpkg_path(args)
    scn = kinds.get("water").load(args.scenario)
    net = build_network(scn)
    simulation = None if args.steady else scn.simulation
    how = (
        t("cli.crit.eps", hours=num(simulation.duration_h, 1))
        if simulation is not None
        else t("cli.crit.steady", hours=num(args.repair_hours, 1))
    )
    print(t("cli.crit.title", name=local_name(scn.scenario), how=how), flush=True)
    table = criticality(net, scn.hydraulics, repair_h=args.repair_hours, simulation=simulation, zones=zones_for(net, scn))
    out = out_dir(args, "_criticality")
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "criticality.csv", index=False)
    shown = table.head(args.top)
    print()
    print(
        format_table(
            [
                [
                    r.rank,
                    r.element,
                    r.element_type,
                    r.pipes if r.element_type == "segment" else "",
                    r.diameter_m * 1000,
                    r.people_without,
                    r.people_partial,
                    r.person_hours_without_water,
                ]
                for r in shown.itertuples()
            ],
            [t(f"cli.crit.col.{c}") for c in ("rank", "element", "type", "pipes", "dn", "without", "partial", "person_h")],
        )
    )
    bad = int((~table["converged"].astype(bool)).sum())
    if bad:
        print("\n" + t("cli.crit.not_converged", n=bad))
    print("\n" + t("cli.crit.written", n=len(table), out=f"{out}/"))
    if gpkg is not None:
        from teplovoda.models.gis.export import write_criticality_gpkg

        _gpkg_written(gpkg, write_criticality_gpkg(net, table, gpkg))
    return 0


__all__ = ["add_parser", "criticality_command"]
