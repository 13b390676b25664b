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

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 1
EXIT_NOT_CONVERGED = 3


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block)."""

    def error(self, message):
        self.exit(EXIT_USER_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if math.isinf(value):
            return "never"
        if value.is_integer():
            return f"{value:,.0f}"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
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


SUMMARY_LABELS = {
    "converged": "hydraulics converged",
    "people_total": "people connected to the network",
    "people_full": "people with full service",
    "people_partial": "people with partial service",
    "people_without": "people without water",
    "people_equivalent_served": "people-equivalent served",
    "demand_required_m3_per_day": "demand required, m3/day",
    "demand_delivered_m3_per_day": "demand delivered, m3/day",
    "unserved_volume_m3_per_day": "unserved volume, m3/day",
    "leak_outflow_m3_per_h": "leak outflow, m3/h",
    "min_pressure_m": "lowest pressure at a node with water, m",
    "first_tank_empty_h": "first tank empty in, h",
    "nodes_without_water": "nodes without water",
    "pump_power_kw": "pump power, kW",
}


def water_run(args) -> int:
    """``teplovoda water run`` (and ``teplovoda run`` of a water file): print the run, write its files."""
    from teplovoda.models.water import metrics

    kind = kinds.get("water")
    scn = kind.load(args.scenario)
    out = Path(args.out) if args.out else Path("results") / Path(args.scenario).stem
    print(f"teplovoda water run: {scn.scenario.name}", flush=True)
    print(
        f"  network {scn.inp_path.name}, {len(scn.damage)} damage item(s), demand model "
        f"{scn.hydraulics.demand_model.upper()} ({scn.hydraulics.min_pressure_m:g}-"
        f"{scn.hydraulics.required_pressure_m:g} m)",
        flush=True,
    )
    run = kind.run(scn)
    summary = run.summary()
    rows = [[SUMMARY_LABELS.get(k, k), *[summary.at[k, c] for c in summary.columns]] for k in summary.index]
    print()
    print(format_table(rows, ["", *summary.columns]))
    cases = [("intact", run.intact), ("damaged", run.damaged), *[(n, r) for n, (_, r) in run.options.items()]]
    for label, res in cases:
        if not res.converged:
            print(f"\nWARNING: {label} network: converged = false ({res.reason}); numbers above are not valid.")
        for w in res.warnings:
            print(f"note: {label} network: {w}")
    zones = run.zone_table()
    print("\nPressure zones, lowest pressure first")
    print(
        format_table(
            [
                [z, r.nodes, r.people, r.min_pressure_m, r.lowest_node, r.people_without, 100 * r.service_fraction]
                for z, r in zones.head(8).iterrows()
            ],
            ["zone", "nodes", "people", "min p, m", "lowest node", "people w/o water", "served %"],
        )
    )
    tanks = metrics.tank_autonomy(run.damaged.sources)
    if len(tanks):
        print("\nTanks (damaged network; outflow held at this snapshot's rate)")
        print(
            format_table(
                [[t, r.usable_volume_m3, r.outflow_m3_per_h, r.hours_to_empty_h] for t, r in tanks.iterrows()],
                ["tank", "usable m3", "outflow m3/h", "empty in h"],
            )
        )
    if run.eps:
        print(f"\nExtended-period simulation, {scn.simulation.duration_h:g} h (EPANET: patterns, controls, tanks)")
        print(
            format_table(
                [
                    [
                        case,
                        e.totals["person_hours_without_water"],
                        e.totals["people_without_water_max"],
                        e.totals["first_zone_dry_h"],
                        e.totals["pump_energy_kwh"],
                        e.totals["pump_specific_energy_kwh_per_m3"],
                        "" if e.converged else e.reason,
                    ]
                    for case, e in run.eps.items()
                ],
                ["case", "person-h w/o water", "most people w/o", "first zone dry, h", "pump kWh", "kWh/m3", "problem"],
            )
        )
    dmg = run.net_damaged.damage
    if len(dmg):
        print("\nDamage applied")
        for _, d in dmg[dmg["element_type"] != "junction"].iterrows():
            print(f"  {d.damage:<17} {d.element_type} {d.element}  {d.detail}")

    written = kind.export(run, out)
    if args.plot:
        from teplovoda.ui.plots import water_maps

        written += water_maps(run, out)
        if run.eps:
            from teplovoda.ui.plots import water_eps_chart

            water_eps_chart(run.eps, out / "service_over_time.png", title=scn.scenario.name)
            written.append("service_over_time.png")
    print(f"\nResults written to {out}/: {', '.join(written)}")
    return 0 if run.damaged.converged and run.intact.converged else EXIT_NOT_CONVERGED


HEAT_LABELS = {
    "people_heated": "people heated (>= 95 % of demand)",
    "people_underheated": "people underheated",
    "people_without_heat": "people without heat",
    "demand_kw": "heat demand, kW",
    "delivered_kw": "heat delivered, kW",
    "production_kw": "heat produced, kW",
    "heat_loss_kw": "network losses, kW",
    "heat_loss_pct": "network losses, % of production",
    "pump_power_kw": "circulation pump power, kW",
    "min_hours_to_12c_h": "first building below 12 °C in, h",
    "consumers_freeze_risk": "buildings below 0 °C if nothing changes",
    "balance_residual_pct": "energy balance residual, %",
}


def heat_run(args) -> int:
    """``teplovoda heat run`` (and ``teplovoda run`` of a heat file): print the run, write its files."""
    kind = kinds.get("heat")
    scn = kind.load(args.scenario)
    out = Path(args.out) if args.out else Path("results") / Path(args.scenario).stem
    print(f"teplovoda heat run: {scn.scenario.name}", flush=True)
    print(
        f"  outdoor {scn.weather.outdoor_temp_c:g} °C, {len(scn.damage)} damage item(s), {len(scn.options)} option(s)", flush=True
    )
    run = kind.run(scn)
    summary = run.summary()
    cases = list(run.results)
    rows = [[label, *[summary.at[key, c] for c in cases]] for key, label in HEAT_LABELS.items()]
    rows.append(["converged", *[run.results[c].converged for c in cases]])
    print()
    print(format_table(rows, ["", *cases]))
    for c in cases:
        res = run.results[c]
        if not res.converged:
            print(f"\nWARNING: {c}: converged = false ({res.reason}); its numbers are not valid.")
        src = res.sources[res.sources["role"] != "off"]
        if len(src):
            print(f"\nSources, {c}")
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
                            f"{r.fuel_per_day:,.1f} {r.fuel_unit}",
                            r.pump_power_kw,
                        ]
                        for n, r in src.iterrows()
                    ],
                    ["source", "kind", "role", "capacity kW", "heat kW", "supply °C", "fuel per day", "pump kW"],
                )
            )
    last = run.results[cases[-1]].consumers
    cold = last.sort_values(["hours_to_12c_h", "delivered_fraction"]).head(8)
    print(f"\nColdest buildings, {cases[-1]}")
    print(
        format_table(
            [
                [n, r.building_type, r.people, 100 * r.delivered_fraction, r.supply_temp_c, r.hours_to_12c_h, r.hours_to_0c_h]
                for n, r in cold.iterrows()
            ],
            ["building", "type", "people", "heat %", "supply °C", "to 12 °C, h", "to 0 °C, h"],
        )
    )

    written = kind.export(run, out)
    if args.plot:
        from teplovoda.ui.plots import _slug, heat_delivered_chart, heat_map

        for k, c in enumerate(cases):
            name = f"map_{k}_{_slug(c)}.png"
            heat_map(run.nets[c], run.results[c], out / name, title=f"{scn.scenario.name}\n{c}")
            written.append(name)
        heat_delivered_chart(run.results, out / "heat_delivered.png")
        written.append("heat_delivered.png")
    print(f"\nResults written to {out}/: {', '.join(written)}")
    return 0 if all(r.converged for r in run.results.values()) else EXIT_NOT_CONVERGED


def power_size(args) -> int:
    """``teplovoda power size`` (and ``teplovoda run`` of a power file): print the sizing, write its files."""
    kind = kinds.get("power")
    scn = kind.load(args.scenario)
    out = Path(args.out) if args.out else Path("results") / Path(args.scenario).stem
    print(f"teplovoda power size: {scn.scenario.name}", flush=True)
    print(
        f"  {len(scn.motors)} motor(s), blackout timetable {''.join('1' if g else '0' for g in scn.timetable)} (1 = grid on)",
        flush=True,
    )
    run = kind.run(scn)
    r, s, f = run.running, run.sizing, run.fuel
    print("\nRunning load (pump duty points from the water model)")
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
                    "OVERLOADED" if x.overloaded else "",
                ]
                for n, x in r.iterrows()
            ],
            ["motor", "pump", "m3/h", "head m", "shaft kW", "elec kW", "rated kW", "start", "start kVA", ""],
        )
    )
    aux_kw = sum(a.power_kw for a in scn.aux_loads)
    print(
        f"  auxiliaries {aux_kw:,.0f} kW; CHP feeding the site {run.chp_kw:,.0f} kW; site running load {s.running_kw:,.0f} kW, "
        f"{s.running_kvar:,.0f} kvar"
    )
    g = run.grid
    print(
        f"\nOn the grid: site bus {g['steady_pu']:.3f} pu, transformer {g['transformer_loading_pct']:.0f} % loaded; "
        + ", ".join(f"{m} start {v:.3f} pu" for m, v in g["starts_pu"].items())
    )
    print(
        f"\nGenerator sizing (derating {s.derating:.2f} at {scn.site.altitude_m:g} m, {scn.site.ambient_temp_c:g} °C; "
        f"margin {scn.site.load_margin_pct:g} %; voltage dip limit {scn.site.max_voltage_dip_pct:g} %)"
    )
    c = s.candidates
    # the table starts two sizes below the first that carries the running load
    first = int(max(c["running_ok"].to_numpy().argmax() - 2, 0)) if c["running_ok"].any() else max(len(c) - 3, 0)
    if first:
        print(f"  ({c.index[0]:,.0f} to {c.index[first - 1]:,.0f} kVA cannot carry the running load)")
    print(
        format_table(
            [
                [
                    f"{k:,.0f} kVA",
                    x.usable_kw,
                    x.running_kw,
                    x.worst_start or "-",
                    x.start_dip_pct,
                    "pass"
                    if x.running_ok and x.start_ok
                    else ("start dip too deep" if x.running_ok else "running load too high"),
                ]
                for k, x in c.iloc[first:].iterrows()
            ],
            ["candidate", "usable kW", "running kW", "worst start", "dip %", "result"],
        )
    )
    best = c.loc[s.recommended_kva]
    print(
        f"\nRECOMMENDED: {s.recommended_kva:,.0f} kVA ({s.recommended_kw:,.0f} kW): the smallest standard set that carries "
        f"{s.running_kw:,.0f} kW with {scn.site.load_margin_pct:g} % margin and starts {best.worst_start} "
        f"({r.at[best.worst_start, 'starting']}) with a {best.start_dip_pct:.1f} % dip. "
        f"Running needs {s.required_kva_running:,.0f} kVA, the worst start {s.required_kva_start:,.0f} kVA."
    )
    if run.manual is not None:
        m = run.manual
        verdict = "PASSES" if m["passes"] else f"FAILS: short by {m['shortfall_kva']:,.0f} kVA (needs {m['needed_kva']:,.0f} kVA)"
        why = (
            []
            if m["passes"]
            else (["running load too high"] if not m["running_ok"] else [])
            + ([] if m["start_ok"] or not m["running_ok"] else [f"start dip {m['start_dip_pct']:.1f} %"])
        )
        print(f"Chosen set {scn.generator.manual_kva:,.0f} kVA {verdict}{' (' + ', '.join(why) + ')' if why else ''}")
    i = run.island
    print(
        f"Islanded on {f['generator_kva']:,.0f} kVA: generator {i['generator_p_kw']:,.0f} kW / "
        f"{i['generator_q_kvar']:,.0f} kvar, {i['generator_loading_pct']:.0f} % loaded"
    )
    print("\nFuel (diesel, fuel curve F0*rated + F1*output)")
    print(
        f"  {f['fuel_l_per_h_at_running_load']:,.1f} L/h at the running load ({f['load_factor_pct']:.0f} % of rating); "
        f"{f['generator_hours_per_day']} generator hours a day on this timetable -> {f['fuel_l_per_day']:,.0f} L/day"
    )
    print(
        f"  tank {f['tank_l']:,.0f} L: {f['tank_autonomy_h']:,.1f} h of running, {f['tank_days_on_schedule']:,.1f} days on the "
        f"timetable; {f['deliveries_per_week']:,.1f} deliveries a week by {f['tanker_l']:,.0f} L tanker"
    )
    w, wo = run.service_with, run.service_without
    print("\nWater service over the day (last simulated day)")
    print(
        format_table(
            [
                [
                    "hours of full service per person",
                    wo["hours_of_full_service_per_person"],
                    w["hours_of_full_service_per_person"],
                ],
                ["people served, daily mean", wo["people_served_daily_mean"], w["people_served_daily_mean"]],
                ["people served, worst hour", wo["people_served_lowest_hour"], w["people_served_lowest_hour"]],
                ["water delivered, m3/day", wo["water_delivered_m3_per_day"], w["water_delivered_m3_per_day"]],
                ["lowest tank level, m", wo["lowest_tank_level_m"], w["lowest_tank_level_m"]],
            ],
            ["", "without generator", "with generator"],
        )
    )

    written = kind.export(run, out)
    print(f"\nResults written to {out}/: {', '.join(written)}")
    return 0


def compare_run(args) -> int:
    """``teplovoda compare`` (and ``teplovoda run`` of a compare file): print the ranking, write the report."""
    kind = kinds.get("compare")
    scn = kind.load(args.scenario)
    out = Path(args.out) if args.out else Path("results") / Path(args.scenario).stem
    print(f"teplovoda compare: {scn.scenario.name}", flush=True)
    print(
        f"  base {scn.base.file}; {scn.economics.horizon_years} years at {scn.economics.discount_rate:.0%}, "
        f"EUR of {scn.economics.price_year}",
        flush=True,
    )
    cmp = kind.run(scn)
    t = cmp.options
    benefit = cmp.benefit
    label = {
        "person_services_added": "person-services added",
        "people_heated": "people warm",
        "people_added": "people added",
    }.get(benefit, "people served")
    # a heat base with a water site: people warm and people with water beside the person-services
    service = [
        ("people_heated", "people warm"),
        ("people_with_water", "people w/ water"),
        ("hours_of_full_water_service_per_person", "water h/day"),
    ]
    service = [(c, h) for c, h in service if c in t and benefit == "person_services_added"]
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
                    "yes" if r.feasible else "NO",
                    "-" if r["rank"] != r["rank"] else int(r["rank"]),
                ]
                for n, r in t.iterrows()
            ],
            [
                "option",
                *[h for _, h in service],
                label,
                "EUR/person/yr",
                "NPC EUR",
                "investment EUR",
                "CO2 t/yr",
                "meets req.",
                "rank",
            ],
        )
    )
    for n, r in t[~t["feasible"]].iterrows():
        print(f"  {n}: {r.why_not}")
    if "water_supply" in t:
        print("\nWater pumping station (its blackout timetable):")
        for n, r in t.iterrows():
            print(f"  {n}: {r.water_supply}")
    best = t[t["rank"] == 1]
    if len(best):
        print(
            f"\nBest value: {best.index[0]}: {best.iloc[0][benefit]:,.0f} {label} for "
            f"{_fmt(float(best.iloc[0].cost_per_person_year_eur))} EUR per "
            f"{'person-service' if benefit == 'person_services_added' else 'person'} per year"
        )
    written = kind.export(cmp, out, maps=not args.no_maps)
    print(f"\nReport written to {out}/: {', '.join(written)}")
    return 0


def _sweep(args) -> int:
    import dataclasses

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from teplovoda.models.montecarlo import run_sweep, summarise

    _check_sweep_arguments(args)
    kind = kinds.get(args.command)  # the sweep parser sits under the kinds that have sweep cases and a sampler
    scn = kind.load(args.scenario)
    # every case faces the same sampled events (see teplovoda.models.montecarlo)
    payload, solve_args, column = kinds.resolve(kind.sweep_cases)(scn)
    by = "case"
    spec = scn.sweep
    if args.samples is not None:
        spec = dataclasses.replace(spec, samples=args.samples)
    if args.seed is not None:
        spec = dataclasses.replace(spec, seed=args.seed)
    out = Path(args.out) if args.out else Path("results") / f"{Path(args.scenario).stem}_sweep"
    print(
        f"teplovoda {kind.name} sweep: {scn.scenario.name}: {spec.samples} samples, seed {spec.seed}, "
        f"{spec.break_rate_per_km:g} breaks per km, outages pumps {spec.pump_outage_probability:g} / sources "
        f"{spec.source_outage_probability:g}; scheduler {args.scheduler or 'local cluster'}",
        flush=True,
    )
    table = run_sweep(
        kind.name, payload, solve_args, spec, scheduler=args.scheduler, workers=args.workers, progress=not args.quiet
    )
    stats = summarise(table, column, by)
    print(f"\n{column.replace('_', ' ')} (converged samples)")
    print(
        format_table(
            [[k, r.samples, r.not_converged, r["mean"], r.p10, r.p50, r.p90, r["max"]] for k, r in stats.iterrows()],
            ["", "samples", "not converged", "mean", "P10", "P50", "P90", "max"],
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
    for k, (key, g) in enumerate(ok.groupby(by) if by else [("all samples", ok)]):
        ax.hist(g[column], bins=bins, histtype="step", linewidth=2.0, linestyle=styles[k % len(styles)], label=str(key))
    ax.set_xlabel(column.replace("_", " "))
    ax.set_ylabel("samples")
    ax.legend(fontsize=8)
    ax.set_title(f"{scn.scenario.name}: {spec.samples} sampled damage cases", fontsize=10, loc="left")
    fig.tight_layout()
    fig.savefig(out / "distribution.png")
    plt.close(fig)
    print(f"\nResults written to {out}/: samples.csv, summary.csv, distribution.png")
    return 0


def _check_sweep_arguments(args) -> None:
    """Refuse bad --samples, --seed and --workers before any network is built."""
    from teplovoda.models.errors import InputError

    if args.samples is not None:
        if args.samples < 1:
            raise InputError(f"--samples: must be >= 1, got {args.samples}")
        limits.check(args.samples, limits.MAX_SWEEP_SAMPLES, "--samples")
    if args.seed is not None and args.seed < 0:
        raise InputError(f"--seed: must be >= 0, got {args.seed}")
    if args.workers is not None:
        if args.workers < 1:
            raise InputError(f"--workers: must be >= 1, got {args.workers}")
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
    run.set_defaults(handler=water_run)
    _add_sweep_parser(wsub)
    __import__("teplovoda.ui.water_cli", fromlist=["add_parser"]).add_parser(wsub)  # teplovoda water criticality
    heat = sub.add_parser("heat", help="district heating (thermo-hydraulics, winter damage, mobile boilers)")
    hsub = heat.add_subparsers(dest="action", required=True, parser_class=_Parser)
    hrun = hsub.add_parser("run", help="solve a heat scenario intact, damaged and with each option; print and write results")
    hrun.add_argument("scenario", help="scenario TOML file (see scenarios/)")
    hrun.add_argument("--out", help="output directory (default results/<scenario name>)")
    hrun.add_argument("--plot", action="store_true", help="also write maps coloured by supply temperature and a bar chart")
    hrun.set_defaults(handler=heat_run)
    _add_sweep_parser(hsub)
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
    cmp.set_defaults(handler=compare_run)
    from teplovoda.ui import app_cli, telemetry_cli

    telemetry_cli.add_parser(sub, _Parser)
    app_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.no_limits:
        limits.lift()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("pandapipes", "pandapower", "numba", "matplotlib", "wntr", "distributed", "tornado", "bokeh"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if args.debug else logging.ERROR)
    try:
        return args.handler(args)
    except TeplovodaError as exc:
        print(f"teplovoda: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into head & co.
        return 0
    except KeyboardInterrupt:
        print("teplovoda: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last guard: one line, never a traceback unless asked
        if args.debug:
            raise
        msg = " ".join(str(exc).split())[:300]
        print(f"teplovoda: internal error: {type(exc).__name__}: {msg} (run with --debug for details)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
