"""Portfolio files: a TOML head naming a sites, a pumps and an inventory sheet, with the budget and the assumptions.

Programme staff keep sites and stock in spreadsheets; the head (``kind = "portfolio"``) names the sheets and
holds what is the same for every site. The sheets are either CSV files beside it, one sheet each
(``sites_csv``, ``pumps_csv``, ``inventory_csv``, optionally ``heat_sites_csv`` with ``boilers_csv``), or one
Excel workbook (``workbook = "programme.xlsx"``) with the sheets ``sites``, ``pumps``, ``inventory`` and
optionally ``heat_sites`` with ``boilers`` (:mod:`.workbook`: how its cells become the same rows of text, so
that both go through the same checks below). Every cell is checked as a
scenario key is (:func:`teplovoda.models.scenario.build` on a row dataclass with its bounds): a bad cell is one
line naming the file, its row (row 1 is the header, as a spreadsheet numbers it) and its column. A missing or
unknown column, an empty sheet, two sites of one name, a pump of no site, a site without pumps, a committed set
not in the inventory (or more committed than in stock) are errors too; no row is dropped.

Sheets (columns; a blank cell takes the default, when there is one):

* sites: ``name, oblast, community, lat, lon, people`` (required), ``aux_kw`` (0), ``grid_hours_per_day`` or
  ``grid_pattern`` (one of them per row; a pattern of :data:`teplovoda.models.power.blackout.PATTERNS`),
  ``storage_h`` (hours of average demand the clear-water tanks hold, 0), ``existing_kva`` (a set already
  there, blank for none), ``tank_l`` (its or the new set's fuel tank, 1,000 L), ``deliveries_per_week``
  (fuel deliveries the site's access allows, 7), ``must_serve`` (true/false), ``committed`` (a set type
  promised to the site, blank for none), ``scenario`` (a site modelled in detail: a ``teplovoda power size``
  scenario file in the portfolio's folder, whose site, motors, auxiliaries, blackout timetable and generator
  tank give the checks and the fuel; such a site has no rows in the pumps sheet and leaves the grid columns
  blank); ``water_scenario`` (a site modelled in detail by a water scenario, ``teplovoda water blackout``'s
  file in the portfolio's folder: its EPANET run under its ``[simulation] grid_on`` gives the hours of water
  and the fuel, :mod:`teplovoda.models.portfolio.water`; with ``scenario`` beside it that power scenario gives
  the checks, without it the pumps' EPANET power does; the grid columns stay blank, and ``storage_h`` too: the
  network's tanks are modelled);
* pumps, one row per motor: ``site, rated_kw, starting`` (a starting method of ``teplovoda power size``),
  ``duty_kw`` (electrical running power at the duty point), ``efficiency`` and ``power_factor`` (the motor's,
  ``power size``'s defaults);
* inventory: ``set_type, kva, count, cost_eur, delivery_days``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import typing
from dataclasses import dataclass, field
from pathlib import Path

from teplovoda.models.errors import InputError, within
from teplovoda.models.files import file_at, read_bytes, require_file
from teplovoda.models.files import text as text_of
from teplovoda.models.limits import MAX_TABLE_FILE_BYTES
from teplovoda.models.messages import Msg
from teplovoda.models.portfolio.heat import BoilerType, HeatSite, HeatSiteRow, heat_sites_from
from teplovoda.models.portfolio.workbook import SHEET_NAMES, Workbook, open_workbook, require_sheet, sheet_rows
from teplovoda.models.power.blackout import HOURS_PER_DAY, PATTERNS
from teplovoda.models.power.checks import one_of
from teplovoda.models.power.generators import STARTING_METHODS, GeneratorAssumptions
from teplovoda.models.power.site import AuxLoad, Motor, Site
from teplovoda.models.scenario import ScenarioInfo, array_of_tables, bounded, build, read_scenario, text
from teplovoda.models.water.scenario import MAX_PEOPLE

#: Most rows a sheet may hold (a programme of thousands of sites fits; a runaway export does not).
MAX_ROWS = 100_000
TRUE_WORDS = ("true", "yes", "1", "y", "так")
FALSE_WORDS = ("false", "no", "0", "n", "ні")


@dataclass(frozen=True)
class SiteRow:
    """One row of the sites sheet (see module doc)."""

    name: str = text(dataclasses.MISSING, 200)
    oblast: str = text(dataclasses.MISSING, 200)
    community: str = text(dataclasses.MISSING, 200)
    lat: float = bounded(ge=-90, le=90, unit="°")
    lon: float = bounded(ge=-180, le=180, unit="°")
    people: float = bounded(ge=0, le=MAX_PEOPLE, unit="people")
    aux_kw: float = bounded(0.0, ge=0, le=100_000, unit="kW")
    grid_hours_per_day: float | None = bounded(None, ge=0, le=HOURS_PER_DAY, unit="h")
    grid_pattern: str | None = None
    storage_h: float = bounded(0.0, ge=0, le=1000, unit="h")
    existing_kva: float | None = bounded(None, gt=0, le=1e6, unit="kVA")
    tank_l: float = bounded(1000.0, gt=0, le=1e7, unit="L")
    deliveries_per_week: float = bounded(7.0, ge=0, le=1000)
    must_serve: bool = False
    committed: str | None = None
    scenario: str | None = None
    water_scenario: str | None = None

    def __post_init__(self):
        if self.water_scenario is not None and self.storage_h > 0:
            raise InputError(
                Msg("port.storage_from_network", "a site modelled by a water scenario takes its storage from the network's tanks")
            )
        if self.scenario is not None or self.water_scenario is not None:
            if self.grid_hours_per_day is not None or self.grid_pattern is not None:
                raise InputError(
                    Msg(
                        "port.grid_from_scenario", "a site modelled in detail takes its grid hours from its scenario's [blackout]"
                    )
                )
            return
        if (self.grid_hours_per_day is None) == (self.grid_pattern is None):
            raise InputError(
                Msg(
                    "port.grid_either",
                    "give either grid_hours_per_day or grid_pattern (one of {patterns})",
                    patterns=", ".join(PATTERNS),
                )
            )
        if self.grid_pattern is not None and self.grid_pattern not in PATTERNS:
            raise InputError(one_of("grid_pattern", PATTERNS, self.grid_pattern))


@dataclass(frozen=True)
class PumpRow:
    """One motor of the pumps sheet: its site, rating, starting method and running (duty) power."""

    site: str
    rated_kw: float = bounded(gt=0, le=100_000, unit="kW")
    starting: str
    duty_kw: float = bounded(ge=0, le=100_000, unit="kW")
    efficiency: float = bounded(0.94, gt=0, le=1)
    power_factor: float = bounded(0.86, ge=0.3, le=1)

    def __post_init__(self):
        if self.starting not in STARTING_METHODS:
            raise InputError(one_of("starting", STARTING_METHODS, self.starting))


@dataclass(frozen=True)
class SetType:
    """A generator set type in stock or on order."""

    set_type: str = text(dataclasses.MISSING, 200)
    kva: float = bounded(gt=0, le=1e6, unit="kVA")
    count: int = bounded(ge=0, le=100_000)
    cost_eur: float = bounded(ge=0, le=1e9, unit="EUR")
    delivery_days: float = bounded(0.0, ge=0, le=3650, unit="days")


@dataclass(frozen=True)
class PortfolioSpec:
    """The ``[portfolio]`` table: the sheets, the budget and what the allocation counts.

    ``horizon_days``: the period people-hours are counted over (a winter of blackouts); a set counts from its
    ``delivery_days`` on. ``fuel_in_budget``: the budget pays for the sets and for their fuel over the days
    they run within the horizon (at the oblast's price); else for the sets alone.

    The sheets: ``sites_csv``, ``pumps_csv`` and ``inventory_csv`` name CSV files beside the head, or
    ``workbook`` names one Excel workbook holding them as the sheets ``sites``, ``pumps`` and ``inventory``
    (and ``heat_sites`` with ``boilers`` when it has them; :mod:`.workbook`); one or the other, not both.

    Heat sites and mobile boilers (:mod:`.heat`), optional: ``heat_sites_csv`` and ``boilers_csv`` name their
    sheets; ``heat_weight`` is what a people-hour of heat counts in the objective against a people-hour of water
    (1: the objective is person-service-hours); ``max_boilers_per_site`` bounds the units one site gets; a
    diesel boiler's fuel costs the oblast's diesel price, a biomass one ``biomass_eur_per_t`` (wood chips at
    30 % moisture), a gas one ``gas_eur_per_m3`` (needed when the budget pays for fuel).
    """

    budget_eur: float = bounded(ge=0, le=1e12, unit="EUR")
    sites_csv: str | None = None
    pumps_csv: str | None = None
    inventory_csv: str | None = None
    workbook: str | None = None
    horizon_days: float = bounded(90.0, gt=0, le=3650, unit="days")
    fuel_in_budget: bool = True
    tanker_l: float = bounded(10000.0, gt=0, le=1e6, unit="L")
    default_fuel_price_eur_per_l: float | None = bounded(None, ge=0, le=100, unit="EUR/L")
    heat_sites_csv: str | None = None
    boilers_csv: str | None = None
    heat_weight: float = bounded(1.0, ge=0, le=1000)
    max_boilers_per_site: int = bounded(4, ge=1, le=100)
    biomass_eur_per_t: float | None = bounded(None, ge=0, le=10_000, unit="EUR/t")
    gas_eur_per_m3: float | None = bounded(None, ge=0, le=100, unit="EUR/m3")

    def __post_init__(self):
        csv_keys = ("sites_csv", "pumps_csv", "inventory_csv", "heat_sites_csv", "boilers_csv")
        if self.workbook is not None:
            given = [k for k in csv_keys if getattr(self, k) is not None]
            if given:
                both = Msg(
                    "port.workbook_or_csv",
                    "give workbook or the *_csv keys, not both ({field} is given with workbook)",
                    field=given[0],
                )
                raise InputError(both)
            return
        for key in csv_keys[:3]:
            if getattr(self, key) is None:
                raise InputError(Msg("port.missing_sheet_key", "missing key {field} (or workbook)", field=repr(key)))
        if (self.heat_sites_csv is None) != (self.boilers_csv is None):
            raise InputError(Msg("port.heat_pair", "give both heat_sites_csv and boilers_csv, or neither"))


@dataclass(frozen=True)
class Quota:
    """``[[quota]]``: at least ``min_sets`` and at most ``max_sets`` new sets in one oblast, and at least
    ``min_boilers`` and at most ``max_boilers`` mobile boiler units at its heat sites."""

    oblast: str
    min_sets: int = bounded(0, ge=0, le=100_000)
    max_sets: int | None = bounded(None, ge=0, le=100_000)
    min_boilers: int = bounded(0, ge=0, le=100_000)
    max_boilers: int | None = bounded(None, ge=0, le=100_000)


@dataclass(frozen=True)
class PortfolioSite:
    """A site ready to evaluate: its row, its motors and auxiliary load as ``teplovoda power size`` takes them."""

    row: SiteRow
    motors: tuple[Motor, ...]
    aux: tuple[AuxLoad, ...]
    timetable: tuple[bool, ...]
    #: A site modelled in detail: its power scenario (``teplovoda power size``'s), whose site model gives the
    #: checks and fuel (:func:`teplovoda.models.portfolio.evaluate.evaluate_site`); None for a pumps-sheet site.
    detail: object = None
    #: A site modelled by a water scenario (:class:`teplovoda.models.portfolio.water.WaterDetail`): its EPANET
    #: runs give the hours of water and the fuel; None otherwise.
    water: object = None


@dataclass(frozen=True)
class Portfolio:
    path: Path
    scenario: ScenarioInfo
    spec: PortfolioSpec
    sites: tuple[PortfolioSite, ...]
    inventory: tuple[SetType, ...]
    fuel_price_eur_per_l: dict = field(default_factory=dict)
    site_defaults: Site = Site()
    assumptions: GeneratorAssumptions = GeneratorAssumptions()
    quotas: tuple[Quota, ...] = ()
    heat_sites: tuple[HeatSite, ...] = ()
    boilers: tuple[BoilerType, ...] = ()

    def fuel_price(self, oblast: str) -> float:
        return self.fuel_price_eur_per_l.get(oblast, self.spec.default_fuel_price_eur_per_l)

    def boiler_fuel_price(self, fuel: str, oblast: str) -> float:
        """A boiler fuel's price per unit of :data:`~.heat.FUELS` (EUR/L, EUR/kg, EUR/m3); NaN when not given."""
        price = {
            "diesel": self.fuel_price(oblast),
            "biomass": None if self.spec.biomass_eur_per_t is None else self.spec.biomass_eur_per_t / 1000.0,
            "gas": self.spec.gas_eur_per_m3,
        }[fuel]
        return math.nan if price is None else float(price)


SECTIONS = {"portfolio", "fuel_price_eur_per_l", "site_defaults", "generator_assumptions", "quota"}


def _cell(value: str, tp):
    """A CSV cell as the row dataclass's field type wants it (a bad one left as text: :func:`build` names it)."""
    args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
    kind = args[0]
    v = value.strip()
    if kind is float or kind is int:
        try:
            number = float(v)
        except ValueError:
            return v
        if kind is int and math.isfinite(number) and number.is_integer():
            return int(number)
        return number
    if kind is bool:
        low = v.lower()
        return True if low in TRUE_WORDS else False if low in FALSE_WORDS else v
    return v


def read_sheet(path: Path, cls, label: str) -> list[tuple[int, object]]:
    """Rows of a CSV sheet built as ``cls``: ``(spreadsheet row, row object)``; every problem one line."""
    src = str(path)
    what = Msg("port.sheet", "sheet {name}", name=label)
    data = read_bytes(path, MAX_TABLE_FILE_BYTES, what)
    try:
        rows = list(csv.reader(io.StringIO(text_of(data, what, src).lstrip("\ufeff"))))
    except csv.Error as exc:
        raise InputError(Msg("port.not_csv", "not a readable CSV sheet ({reason})", reason=str(exc)[:200]), source=src) from None
    return records(rows, cls, src)


def records(rows: list[list[str]], cls, src: str) -> list[tuple[int, object]]:
    """Rows of cell texts (row 1 the header) built as ``cls``: the checks of every sheet, CSV or workbook."""
    if not rows or not any(c.strip() for c in rows[0]):
        raise InputError(Msg("port.empty_sheet", "empty sheet: no header row and no rows"), source=src)
    header = [c.strip() for c in rows[0]]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    for col in header:
        if col not in fields:
            unknown = Msg(
                "port.unknown_column", "unknown column {column} (expected: {known})", column=repr(col), known=", ".join(fields)
            )
            raise InputError(within("row 1", unknown), source=src)
    for name, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and name not in header:
            raise InputError(
                within("row 1", Msg("port.missing_column", "missing column {column}", column=repr(name))), source=src
            )
    out = []
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            extra = Msg("port.extra_cells", "{cells} cells but {columns} columns", cells=len(cells), columns=len(header))
            raise InputError(within(f"row {n}", extra), source=src)
        table = {col: _cell(c, hints[col]) for col, c in zip(header, cells) if c.strip()}
        out.append((n, build(cls, table, f"row {n}", src)))
        if len(out) > MAX_ROWS:
            raise InputError(Msg("port.too_many_rows", "more than {rows:,} rows", rows=MAX_ROWS), source=src)
    if not out:
        raise InputError(Msg("port.no_rows", "empty sheet: a header and no rows"), source=src)
    return out


@dataclass(frozen=True)
class Sheets:
    """Where a portfolio's sheets are: CSV files beside the head, or the sheets of one workbook (:mod:`.workbook`).

    ``key`` is the head's key of a CSV sheet (``"sites_csv"``...); a workbook's sheet of it is
    :data:`~.workbook.SHEET_NAMES`'s.
    """

    folder: Path
    spec: PortfolioSpec
    book: Workbook | None = None

    @classmethod
    def of(cls, path: Path, spec: PortfolioSpec) -> Sheets:
        book = None
        if spec.workbook is not None:
            target = path.parent / spec.workbook
            require_file(target, file_at("[portfolio] -> workbook", spec.workbook), source=str(path))
            book = open_workbook(target)
        return cls(path.parent, spec, book)

    def name(self, key: str) -> str:
        """The sheet as messages name it: its CSV file, or its sheet in the workbook."""
        return getattr(self.spec, key) if self.book is None else SHEET_NAMES[key]

    def source(self, key: str) -> str:
        """What an error line about the sheet's rows names (the CSV file, or ``programme.xlsx[sheet]``)."""
        return str(self.folder / getattr(self.spec, key)) if self.book is None else self.book.source(SHEET_NAMES[key])

    def has_heat(self) -> bool:
        """Whether the portfolio has heat sites (both sheets, or neither: one alone is an error)."""
        if self.book is None:
            return self.spec.heat_sites_csv is not None
        present = [SHEET_NAMES[k] in self.book.sheets for k in ("heat_sites_csv", "boilers_csv")]
        if present[0] != present[1]:
            pair = Msg("port.heat_sheet_pair", "give both sheets heat_sites and boilers, or neither")
            raise InputError(pair, source=str(self.book.path))
        return present[0]

    def read(self, key: str, cls) -> list[tuple[int, object]]:
        """The sheet's rows built as ``cls`` (:func:`records`): ``(spreadsheet row, row object)``."""
        if self.book is None:
            return read_sheet(self.folder / getattr(self.spec, key), cls, key)
        require_sheet(self.book, SHEET_NAMES[key], key)
        rows = sheet_rows(self.book, SHEET_NAMES[key], MAX_ROWS)
        return records(rows, cls, self.source(key))


def _duplicates(rows, attr: str, src: str) -> None:
    seen: dict[str, int] = {}
    for n, r in rows:
        name = getattr(r, attr)
        if name in seen:
            twice = Msg("duplicate_name", "duplicate name {name} (also {other})", name=repr(name), other=f"row {seen[name]}")
            raise InputError(within(f"row {n} -> {attr}", twice), source=src)
        seen[name] = n


def _timetable(row: SiteRow) -> tuple[bool, ...]:
    """The site's day: a named pattern, or ``grid_hours_per_day`` as one block of grid hours then one outage
    (rounded to whole hours; one long outage is the hardest case for a tank to bridge)."""
    if row.grid_pattern is not None:
        return tuple(bool(x) for x in PATTERNS[row.grid_pattern])
    on = int(round(row.grid_hours_per_day))
    return tuple(h < on for h in range(HOURS_PER_DAY))


def _motors(pumps, rows, sheets: Sheets) -> dict[str, list[Motor]]:
    """The pumps sheet's motors by site; a pump of no site, or of a site modelled in detail, is an error."""
    known = {r.name: r for _, r in rows}
    motors: dict[str, list[Motor]] = {}
    for n, p in pumps:
        if p.site not in known:
            raise InputError(
                within(
                    f"row {n} -> site",
                    Msg("port.pump_site", "no site {site} in {file}", site=repr(p.site), file=sheets.name("sites_csv")),
                ),
                source=sheets.source("pumps_csv"),
            )
        if known[p.site].scenario is not None or known[p.site].water_scenario is not None:
            detailed = Msg(
                "port.pump_of_detailed",
                "site {site} is modelled in detail by {scenario}: its motors come from there",
                site=repr(p.site),
                scenario=known[p.site].scenario or known[p.site].water_scenario,
            )
            raise InputError(within(f"row {n} -> site", detailed), source=sheets.source("pumps_csv"))
        mine = motors.setdefault(p.site, [])
        mine.append(
            Motor(
                name=f"pump {len(mine) + 1}",
                rated_kw=p.rated_kw,
                starting=p.starting,
                running_kw=p.duty_kw,
                efficiency=p.efficiency,
                power_factor=p.power_factor,
            )
        )
    return motors


def _check_committed(rows, inventory, sheets: Sheets) -> None:
    """Every committed set type is in the inventory, and no more sites are committed to one than its count."""
    types = {s.set_type: s for s in inventory}
    committed: dict[str, int] = {}
    for n, r in rows:
        if r.committed is None:
            continue
        if r.committed not in types:
            no_type = Msg(
                "port.committed_unknown",
                "set type {set_type} is not in {file}",
                set_type=repr(r.committed),
                file=sheets.name("inventory_csv"),
            )
            raise InputError(within(f"row {n} -> committed", no_type), source=sheets.source("sites_csv"))
        committed[r.committed] = committed.get(r.committed, 0) + 1
        if committed[r.committed] > types[r.committed].count:
            over = Msg(
                "port.committed_over",
                "more sites committed to {set_type} than its count ({count})",
                set_type=repr(r.committed),
                count=types[r.committed].count,
            )
            raise InputError(within(f"row {n} -> committed", over), source=sheets.source("sites_csv"))


def detailed_scenario(folder: Path, name: str, where: str, src: str):
    """The power scenario a site row names (``teplovoda power size``'s file), confined to the portfolio's folder.

    A name leading outside the folder (``..``, an absolute path, a link out) is refused in one line; the
    scenario's own problems are its loader's (naming that file).
    """
    from teplovoda.models.power.scenario import load_scenario

    base = folder.resolve()
    target = (folder / name).resolve() if "\0" not in name else None
    if target is None or not target.is_relative_to(base):
        outside = Msg("port.scenario_outside", "file {name} points outside the portfolio's folder", name=repr(name))
        raise InputError(within(where, outside), source=src)
    require_file(target, file_at(where, name), source=src)
    return load_scenario(target)


def _water_site(folder: Path, n: int, r: SiteRow, src: str) -> PortfolioSite:
    """A site modelled by a water scenario (and, when ``scenario`` names one, a power scenario whose timetable
    must be the water scenario's ``grid_on``)."""
    from teplovoda.models.portfolio.water import load_water_detail

    water = load_water_detail(folder, r.water_scenario, f"row {n} -> water_scenario", src)
    timetable = tuple(bool(x) for x in water.scenario.simulation.grid_on)
    if r.scenario is None:
        return PortfolioSite(row=r, motors=(), aux=(), timetable=timetable, water=water)
    scn = detailed_scenario(folder, r.scenario, f"row {n} -> scenario", src)
    if tuple(bool(x) for x in scn.timetable) != timetable:
        differ = Msg("port.timetables_differ", "the power scenario's timetable differs from the water scenario's grid_on")
        raise InputError(within(f"row {n} -> scenario", differ), source=src)
    return PortfolioSite(row=r, motors=scn.motors, aux=scn.aux_loads, timetable=timetable, detail=scn, water=water)


def _sites(path: Path, sheets: Sheets, inventory) -> tuple[PortfolioSite, ...]:
    sites_src = sheets.source("sites_csv")
    rows = sheets.read("sites_csv", SiteRow)
    _duplicates(rows, "name", sites_src)
    motors = _motors(sheets.read("pumps_csv", PumpRow), rows, sheets)
    _check_committed(rows, inventory, sheets)
    out = []
    for n, r in rows:
        if r.water_scenario is not None:
            out.append(_water_site(path.parent, n, r, sites_src))
            continue
        if r.scenario is not None:
            scn = detailed_scenario(path.parent, r.scenario, f"row {n} -> scenario", sites_src)
            timetable = tuple(bool(x) for x in scn.timetable)
            out.append(PortfolioSite(row=r, motors=scn.motors, aux=scn.aux_loads, timetable=timetable, detail=scn))
            continue
        if r.name not in motors:
            raise InputError(
                within(
                    f"row {n} -> name", Msg("port.no_pumps", "no pumps for this site in {file}", file=sheets.name("pumps_csv"))
                ),
                source=sites_src,
            )
        aux = (AuxLoad(name="auxiliaries", power_kw=r.aux_kw),) if r.aux_kw > 0 else ()
        out.append(PortfolioSite(row=r, motors=tuple(motors[r.name]), aux=aux, timetable=_timetable(r)))
    return tuple(out)


def load_portfolio(path: str | Path) -> Portfolio:
    """Load and validate a portfolio head and its sheets; every problem is one line naming file, row and column."""
    path = Path(path)
    data, src, info = read_scenario(path, "portfolio", SECTIONS, ("portfolio",))
    spec = build(PortfolioSpec, data["portfolio"], "[portfolio]", src)
    prices = build(_Prices, {"price": data.get("fuel_price_eur_per_l", {})}, "[fuel_price_eur_per_l]", src).price
    site_defaults = build(Site, data.get("site_defaults", {}), "[site_defaults]", src)
    assumptions = build(GeneratorAssumptions, data.get("generator_assumptions", {}), "[generator_assumptions]", src)
    quotas = tuple(build(Quota, q, f"[[quota]] #{i + 1}", src) for i, q in enumerate(array_of_tables(data, "quota", src)))
    sheets = Sheets.of(path, spec)
    inv_rows = sheets.read("inventory_csv", SetType)
    _duplicates(inv_rows, "set_type", sheets.source("inventory_csv"))
    inventory = tuple(r for _, r in inv_rows)
    sites = _sites(path, sheets, inventory)
    heat_sites, boilers = _heat(sheets)
    oblasts = {s.row.oblast for s in sites} | {s.row.oblast for s in heat_sites}
    if spec.default_fuel_price_eur_per_l is None:
        diesel_heat = heat_sites if any(b.fuel == "diesel" for b in boilers) else ()
        for s in (*sites, *diesel_heat):
            if s.row.oblast not in prices:
                no_price = Msg(
                    "port.no_fuel_price",
                    "no fuel price for oblast {oblast} (and no default_fuel_price_eur_per_l)",
                    oblast=repr(s.row.oblast),
                )
                raise InputError(within("[fuel_price_eur_per_l]", no_price), source=src)
    for i, q in enumerate(quotas):
        if q.oblast not in oblasts:
            raise InputError(
                within(
                    f"[[quota]] #{i + 1} -> oblast", Msg("port.quota_oblast", "no site in oblast {oblast}", oblast=repr(q.oblast))
                ),
                source=src,
            )
    _boiler_prices(spec, boilers, src)
    return Portfolio(path, info, spec, sites, inventory, prices, site_defaults, assumptions, quotas, heat_sites, boilers)


def _heat(sheets: Sheets) -> tuple[tuple[HeatSite, ...], tuple[BoilerType, ...]]:
    """The heat sites and the boiler stock, when the portfolio has their sheets (module doc of :mod:`.heat`)."""
    if not sheets.has_heat():
        return (), ()
    rows = sheets.read("heat_sites_csv", HeatSiteRow)
    _duplicates(rows, "name", sheets.source("heat_sites_csv"))
    boiler_rows = sheets.read("boilers_csv", BoilerType)
    _duplicates(boiler_rows, "boiler_type", sheets.source("boilers_csv"))
    return heat_sites_from(rows, sheets.source("heat_sites_csv")), tuple(r for _, r in boiler_rows)


def _boiler_prices(spec: PortfolioSpec, boilers, src: str) -> None:
    """With the fuel in the budget, a biomass or gas boiler needs its fuel's price in ``[portfolio]``."""
    if not spec.fuel_in_budget:
        return
    for fuel, key in (("biomass", "biomass_eur_per_t"), ("gas", "gas_eur_per_m3")):
        if getattr(spec, key) is None and any(b.fuel == fuel for b in boilers):
            no_price = Msg(
                "port.no_boiler_price", "missing key {field}: a {fuel} boiler's fuel is in the budget", field=repr(key), fuel=fuel
            )
            raise InputError(within("[portfolio]", no_price), source=src)


@dataclass(frozen=True)
class _Prices:
    price: dict[str, float] = bounded(dataclasses.MISSING, ge=0, le=100, unit="EUR/L")


__all__ = [
    "Portfolio",
    "PortfolioSite",
    "PortfolioSpec",
    "PumpRow",
    "Quota",
    "SetType",
    "SiteRow",
    "load_portfolio",
    "read_sheet",
    "records",
]
