"""The comparison scenario format (``kind = "compare"``) and its loader.

Every problem found on load is one :class:`~teplovoda.models.errors.InputError` line naming the file
and the key, including a heat source of the base scenario whose kind has no cost mapping in the
library (:func:`teplovoda.models.costing.library.cost_mapping`): it would otherwise stop the
comparison only once the base had been solved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from teplovoda.models.costing import library
from teplovoda.models.costing.library import PRICE_YEAR_MAX, PRICE_YEAR_MIN
from teplovoda.models.errors import InputError, within
from teplovoda.models.files import require_file
from teplovoda.models.heat.sources import FUELS, TECHNOLOGIES
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import ScenarioInfo, array_of_tables, bounded, build, cases_taken, read_scenario, text, unique


@dataclass(frozen=True)
class BaseSpec:
    """The model scenario whose options are compared: a heat, site-power or water scenario.

    ``water_site`` (with ``heat`` only) names the site-power scenario of the town's water pumping
    station that the heat options' CHP units can feed (see the module doc).
    """

    heat: str | None = None
    power: str | None = None
    water: str | None = None
    water_site: str | None = None

    def __post_init__(self):
        if sum(x is not None for x in (self.heat, self.power, self.water)) != 1:
            raise InputError(Msg("cost.one_base", "give exactly one of heat, power (a site-power scenario) and water"))
        if self.water_site is not None and self.heat is None:
            raise InputError(Msg("cost.water_site_heat", "water_site (a site-power scenario) goes with a heat base only"))

    @property
    def key(self) -> str:
        """The ``[base]`` key naming the model scenario: ``heat``, ``power`` or ``water``."""
        return "heat" if self.heat else "power" if self.power else "water"

    @property
    def file(self) -> str:
        return self.heat or self.power or self.water


@dataclass(frozen=True)
class GeneratorOption:
    """A generator set to cost for a site-power base (``[[generator_options]]``).

    ``owned = true``: the utility already has the set (in stock, donated): no investment, replacement
    or salvage, but its fixed O&M (the technology's share of what the set would cost), variable O&M
    and fuel still count.
    """

    name: str
    kva: float = bounded(gt=0, le=1e6, unit="kVA")
    owned: bool = False
    #: the name shown in Ukrainian / English (else ``name``, which also keys the results)
    name_uk: str = text()
    name_en: str = text()

    def __post_init__(self):
        if not self.kva > 0:
            raise InputError(Msg("cost.gt_zero", "{field} must be > 0, got {got}", field="kva", got=repr(self.kva)))


@dataclass(frozen=True)
class Price:
    price: float = bounded(ge=0)  # free fuel (waste heat, donated wood) is 0; a negative price is a typo
    unit: str
    currency: str
    source: str
    price_year: int | None = bounded(None, ge=PRICE_YEAR_MIN, le=PRICE_YEAR_MAX)


@dataclass(frozen=True)
class ExtraCost:
    option: str
    item: str
    capex: float = bounded(ge=0)
    currency: str
    source: str
    lifetime_years: float = bounded(20.0, gt=0, le=200, unit="years")
    price_year: int | None = bounded(None, ge=PRICE_YEAR_MIN, le=PRICE_YEAR_MAX)
    fixed_om_per_year: float = bounded(0.0, ge=0)


@dataclass(frozen=True)
class TechnologyOverride:
    investment_per_kw: float = bounded(ge=0)
    currency: str
    source: str
    price_year: int | None = bounded(None, ge=PRICE_YEAR_MIN, le=PRICE_YEAR_MAX)
    lifetime_years: float | None = bounded(None, gt=0, le=200, unit="years")
    fixed_om_pct_per_year: float | None = bounded(None, ge=0, le=100, unit="%")


@dataclass(frozen=True)
class Constraint:
    consumer: str
    min_delivered_fraction: float | None = bounded(None, ge=0, le=1)
    min_supply_temp_c: float | None = bounded(None, ge=0, le=200, unit="°C")


@dataclass(frozen=True)
class CompareScenario:
    path: Path
    scenario: ScenarioInfo
    base: BaseSpec
    economics: library.Economics
    fuel_prices: dict[str, Price] = field(default_factory=dict)
    costs: tuple[ExtraCost, ...] = ()
    technology_overrides: dict[str, TechnologyOverride] = field(default_factory=dict)
    constraints: tuple[Constraint, ...] = ()
    generator_options: tuple[GeneratorOption, ...] = ()


SECTIONS = {"base", "economics", "fuel_prices", "costs", "technology_overrides", "constraints", "generator_options"}


def load_scenario(path: str | Path) -> CompareScenario:
    """Load and validate a comparison scenario (one line per problem, naming file and key)."""
    path = Path(path)
    data, src, info = read_scenario(path, "compare", SECTIONS, ("base", "economics"))
    base = _base(data, path, src)
    econ = build(library.Economics, data["economics"], "[economics]", src)
    prices = _fuel_prices(data, econ, src)
    costs = tuple(build(ExtraCost, c, f"[[costs]] #{i + 1}", src) for i, c in enumerate(array_of_tables(data, "costs", src)))
    for i, c in enumerate(costs):
        _eur(econ, c.capex, c.currency, c.price_year, f"[[costs]] #{i + 1}", src)
    overrides = _overrides(data, econ, src)
    constraints = tuple(
        build(Constraint, c, f"[[constraints]] #{i + 1}", src) for i, c in enumerate(array_of_tables(data, "constraints", src))
    )
    gens = tuple(
        build(GeneratorOption, g, f"[[generator_options]] #{i + 1}", src)
        for i, g in enumerate(array_of_tables(data, "generator_options", src))
    )
    unique(gens, "[[generator_options]]", src, taken=cases_taken("do nothing"))
    if base.power and not gens:
        none = Msg("cost.no_generator_options", "a site-power comparison needs at least one generator option")
        raise InputError(within("[[generator_options]]", none), source=src)
    return CompareScenario(path, info, base, econ, prices, costs, overrides, constraints, gens)


def _base(data: dict, path: Path, src: str) -> BaseSpec:
    """``[base]``: its files exist, the water site has no CHP of its own, every heat source kind has a cost."""
    base = build(BaseSpec, data["base"], "[base]", src)
    require_file(
        path.parent / base.file,
        within(f"[base] -> {base.key}", Msg("cost.file", "file {name}", name=repr(base.file))),
        source=src,
    )
    if base.heat is not None:
        _check_costed_kinds(path.parent / base.heat, base.heat, src)
    if base.water_site is not None:
        from teplovoda.models.power.scenario import load_scenario as load_power

        require_file(
            path.parent / base.water_site,
            within("[base] -> water_site", Msg("cost.file", "file {name}", name=repr(base.water_site))),
            source=src,
        )
        if load_power(path.parent / base.water_site).chp:  # a bad site file stops here, naming its own key
            own_chp = Msg(
                "cost.site_has_chp",
                "{file} has [[chp]] units of its own; the comparison feeds the station from each heat option's CHP units "
                "(remove them)",
                file=str(base.water_site),
            )
            raise InputError(within("[base] -> water_site", own_chp), source=src)
    return base


def _check_costed_kinds(heat_path: Path, name: str, src: str) -> None:
    """Every source of the heat base (its own and its options') is of a kind the library prices.

    The heat file's own problems stop here too, naming its own file and key.
    """
    from teplovoda.models.heat.scenario import load_scenario as load_heat

    heat = load_heat(heat_path)
    placed = [(f"[[sources]] #{i + 1}", s) for i, s in enumerate(heat.sources)]
    for i, o in enumerate(heat.options):
        placed += [(f"[[options]] #{i + 1} -> sources #{k + 1}", s) for k, s in enumerate(o.sources)]
    for where, s in placed:
        if s.kind not in TECHNOLOGIES:
            unknown = Msg(
                "cost.unknown_kind", "unknown kind {kind} (one of: {known})", kind=repr(s.kind), known=", ".join(TECHNOLOGIES)
            )
            raise InputError(within(f"[base] -> heat: {name} {where} -> kind", unknown), source=src)
        if library.cost_mapping(s.kind) is None:
            no_cost = Msg(
                "cost.kind_not_priced",
                "no cost for {kind} in the library (priced: {priced}; give its technology record a cost_technology)",
                kind=repr(s.kind),
                priced=", ".join(library.priced_kinds()),
            )
            raise InputError(within(f"[base] -> heat: {name} {where} -> kind", no_cost), source=src)


def _fuel_prices(data: dict, econ: library.Economics, src: str) -> dict[str, Price]:
    """``[fuel_prices.<fuel>]``, then the library's default for every fuel the scenario does not price itself."""
    prices = {k: build(Price, v, f"[fuel_prices.{k}]", src) for k, v in data.get("fuel_prices", {}).items()}
    for fuel, p in prices.items():
        if fuel not in FUELS:
            unknown = Msg("cost.unknown_fuel", "unknown fuel (one of: {known})", known=", ".join(FUELS))
            raise InputError(within(f"[fuel_prices.{fuel}]", unknown), source=src)
        if p.unit != FUELS[fuel].unit:
            unit = Msg("expected", "expected {what}, got {got}", what=repr(FUELS[fuel].unit), got=repr(p.unit))
            raise InputError(within(f"[fuel_prices.{fuel}] -> unit", unit), source=src)
        _eur(econ, p.price, p.currency, p.price_year, f"[fuel_prices.{fuel}]", src)
    for fuel, row in library.fuel_prices().iterrows():
        if fuel not in prices:
            prices[fuel] = Price(
                float(row["price"]),
                str(row["unit"]),
                str(row["currency"]),
                f"library default: {row['source']}",
                int(row["price_year"]),
            )
    return prices


def _overrides(data: dict, econ: library.Economics, src: str) -> dict[str, TechnologyOverride]:
    """``[technology_overrides."<library technology>"]``."""
    known = set(library.technology_costs().index)
    overrides = {}
    for name, table in data.get("technology_overrides", {}).items():
        if name not in known:
            unknown = Msg("cost.unknown_technology", "unknown technology (library: {known})", known=", ".join(sorted(known)))
            raise InputError(within(f"[technology_overrides.{name}]", unknown), source=src)
        o = overrides[name] = build(TechnologyOverride, table, f"[technology_overrides.{name}]", src)
        _eur(econ, o.investment_per_kw, o.currency, o.price_year, f"[technology_overrides.{name}]", src)
    return overrides


def _eur(econ, value, currency, year, where, src) -> float:
    try:
        return econ.to_eur(value, currency, year, where)
    except InputError as exc:
        raise InputError(exc.detail, source=src) from None
