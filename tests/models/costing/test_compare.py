"""Costed comparison of recovery options: consistency with the finance core, constraints, bad input."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from teplovoda.models.costing import library
from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.models.costing.finance import annuity_factor, capital_recovery_factor
from teplovoda.models.errors import InputError
from tests.conftest import SCENARIOS

SCENARIO = SCENARIOS / "compare_hospital_district.toml"


@pytest.fixture(scope="module")
def comparison():
    return run_comparison(load_scenario(SCENARIO))


def test_library_rows_have_sources_and_price_years():
    t = library.technology_costs()
    for kind in library.priced_kinds():
        tech, _, _ = library.cost_mapping(kind)
        assert tech in t.index, kind
        row = t.loc[tech]
        assert row["investment_per_kw"] > 0 and row["lifetime_years"] > 0
        assert row["currency_year"] >= 2015 and "Danish Energy Agency" in row["source"] or "Palzer" in row["source"]
    ef = library.emission_factors()
    assert ef.at["diesel", "kg_co2_per_unit"] == pytest.approx(74_100e-6 * 35.64, rel=1e-3)  # IPCC default x LHV
    assert ef.at["natural_gas", "kg_co2_per_unit"] == pytest.approx(56_100e-6 * 33.48, rel=1e-3)
    assert ef.at["district_heat", "kg_co2_per_unit"] == pytest.approx(381 / 1163, rel=1e-3)  # 381 kg/Gcal


def test_money_conversion():
    e = library.Economics(price_year=2025, inflation_pct_per_year=2.0, exchange_rates={"UAH": 0.02})
    assert e.to_eur(100.0, "EUR", 2025, "x") == 100.0
    assert e.to_eur(100.0, "EUR", 2015, "x") == pytest.approx(100 * 1.02**10)
    assert e.to_eur(1000.0, "UAH", 2025, "x") == pytest.approx(20.0)
    with pytest.raises(InputError, match="x: unknown currency 'USD' \\(known: EUR, UAH"):
        e.to_eur(1.0, "USD", 2025, "x")
    with pytest.raises(InputError, match="x: missing price_year"):
        e.to_eur(1.0, "EUR", None, "x")


def test_options_are_costed_consistently(comparison):
    t = comparison.options
    e = comparison.scenario.economics
    af = annuity_factor(e.discount_rate, e.horizon_years)
    for name, r in t.iterrows():
        annual = r["fixed_om_eur_per_year"] + r["variable_om_eur_per_year"] + r["fuel_eur_per_year"]
        assert r["npc_eur"] == pytest.approx(r["capex_eur"] + r["replacement_and_salvage_eur"] + annual * af), name
        if r["people_heated"] > 0:
            crf = capital_recovery_factor(e.discount_rate, e.horizon_years)
            assert r["cost_per_person_year_eur"] == pytest.approx(r["npc_eur"] * crf / r["people_heated"])
    island = t.loc["3 x 1 MW biomass, hospital island"]
    assert island["capex_eur"] == pytest.approx(3 * 1000 * 450 + 120_000)  # override price x capacity + island cuts
    assert island["co2_t_per_year"] == 0  # biogenic
    assert t.loc["repair boiler house to 80 %", "co2_t_per_year"] > 5000
    # every investment figure has a source
    assert comparison.sources["source"].str.len().min() > 10


def test_constraints_ranking_and_pareto(comparison):
    t = comparison.options
    assert not t.loc["do nothing", "feasible"]
    assert "Hospital6N gets 8% of its heat" in t.loc["3 x 1 MW biomass, whole network", "why_not"]
    assert "undersized" in t.loc["3 x 1 MW biomass, whole network", "why_not"]
    assert t.loc["repair boiler house to 80 %", "rank"] == 1
    assert t.loc["3 x 1 MW biomass, hospital island", "rank"] == 2
    assert t.loc[["repair boiler house to 80 %", "3 x 1 MW biomass, hospital island"], "pareto_optimal"].all()


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            'currency = "UAH"\nprice_year = 2025\nsource = "Naftogaz',
            'currency = "USD"\nprice_year = 2025\nsource = "Naftogaz',
            "\\[fuel_prices.natural_gas\\]: unknown currency 'USD'",
        ),
        (
            'price = 2200.0\nunit = "t"\ncurrency = "UAH"\nprice_year = 2025\n',
            'price = 2200.0\nunit = "t"\ncurrency = "UAH"\n',
            "\\[fuel_prices.wood_chips\\]: missing price_year",
        ),
        ('unit = "t"', 'unit = "kg"', "\\[fuel_prices.wood_chips\\] -> unit: expected 't', got 'kg'"),
        ('[technology_overrides."biomass HOP"]', '[technology_overrides."fusion plant"]', "unknown technology"),
        ("discount_rate = 0.10", "discount_rate = 10", "\\[economics\\] -> discount_rate: must be >= 0 and <= 0.5, got 10"),
    ],
)
def test_bad_comparison_files_on_load(tmp_path, old, new, message):
    text = SCENARIO.read_text()
    assert old in text
    path = tmp_path / "c.toml"
    path.write_text(text.replace(old, new, 1))
    shutil.copy(SCENARIOS / "heat_plant_struck_january.toml", tmp_path)
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    with pytest.raises(InputError, match=message) as err:
        load_scenario(path)
    assert str(err.value).startswith(str(path))


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('option = "repair boiler house to 80 %"', 'option = "rebuild everything"', "no option 'rebuild everything'"),
        ('consumer = "Hospital6N"', 'consumer = "Castle"', "unknown building 'Castle'"),
    ],
)
def test_bad_comparison_elements_on_run(tmp_path, comparison, old, new, message):
    text = SCENARIO.read_text()
    path = tmp_path / "c.toml"
    path.write_text(text.replace(old, new, 1))
    shutil.copy(SCENARIOS / "heat_plant_struck_january.toml", tmp_path)
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    with pytest.raises(InputError, match=message):
        run_comparison(load_scenario(path), heat_run=comparison.heat_run)


def test_empty_option_list_is_refused(tmp_path):
    heat = (SCENARIOS / "heat_plant_struck_january.toml").read_text()
    (tmp_path / "heat_plant_struck_january.toml").write_text(heat[: heat.index("[[options]]")])
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    text = SCENARIO.read_text()
    text = text[: text.index("[[costs]]")] + text[text.index("[technology_overrides") :]
    text = text[: text.index("[[constraints]]")]
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(InputError, match="has no \\[\\[options\\]\\] to compare"):
        run_comparison(load_scenario(path))


def test_network_strike_comparison():
    """Repairing the struck main against islanding the cut-off part: both keep everyone warm; repair is cheaper."""
    c = run_comparison(load_scenario(SCENARIOS / "compare_network_strike.toml"))
    t = c.options
    assert t.loc["repair the trunk main", "rank"] == 1
    assert t.loc["7 x 2 MW modular gas boilers, eastern island", "feasible"]
    assert t.loc["do nothing", "people_without_heat"] == 8_400  # residents (pupils, patients apart)
    assert t.loc["repair the trunk main", "capex_eur"] == pytest.approx(180_000)


@pytest.fixture(scope="module")
def generator_choice():
    return run_comparison(load_scenario(SCENARIOS / "compare_generator_choice.toml"))


def test_generator_choice_comparison(generator_choice):
    """Generator sets costed against the water they buy on the blackout timetable."""
    t = generator_choice.options
    assert not t.loc["500 kVA (on offer)", "feasible"]
    assert t.loc["500 kVA (on offer)", "why_not"].startswith("undersized: short by")
    assert t.loc["550 kVA (recommended)", "rank"] == 1 and t.loc["650 kVA (512 kW class)", "rank"] == 2
    assert t.loc["550 kVA (recommended)", "people_added"] > 10_000
    assert t.loc["550 kVA (recommended)", "hours_of_full_service_per_person"] == pytest.approx(24.0)
    # diesel: L/day x 365 x price, consistent with the fuel use reported
    litres = float(t.loc["550 kVA (recommended)", "fuel_use"].split(" L/day")[0].replace(",", ""))
    assert t.loc["550 kVA (recommended)", "co2_t_per_year"] == pytest.approx(litres * 365 * 2.641 / 1e3, rel=0.01)


def test_generator_report_has_the_station_network_map(tmp_path, generator_choice):
    from teplovoda.ui.report import write_comparison

    write_comparison(generator_choice, tmp_path)
    page = (tmp_path / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 2 + 1  # two charts and the station's water network
    assert "<h3>Raw-water pumping station: its water network, every pump running</h3><img src='data:image/png;base64," in page
    write_comparison(generator_choice, tmp_path / "no_maps", maps=False)
    assert (tmp_path / "no_maps" / "report.html").read_text().count("data:image/png;base64,") == 2


def test_city_main_comparison():
    """Repair and bypass both bring the cut-off districts back; the options' own costs decide."""
    c = run_comparison(load_scenario(SCENARIOS / "compare_city_main_broken.toml"))
    t = c.options
    assert (c.kind, c.people_column, c.benefit) == ("water", "people_served", "people_added")
    assert t.loc["do nothing", "people_without_water"] > 10_000
    for option in ("repair the main", "close the break, 200 mm layflat bypass"):
        assert t.loc[option, "people_without_water"] == 0 and t.loc[option, "leak_m3_per_h"] == 0
        assert t.loc[option, "people_added"] == pytest.approx(300_000 - t.loc["do nothing", "people_served"])
    assert t.loc["repair the main", "rank"] == 1


def test_water_report_has_a_map_per_case(tmp_path):
    from teplovoda.ui.report import write_comparison

    c = run_comparison(load_scenario(SCENARIOS / "compare_city_main_broken.toml"))
    write_comparison(c, tmp_path)
    page = (tmp_path / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 2 + 3  # two charts, a map for each of the three cases


COGENERATION = SCENARIOS / "compare_cogeneration_town.toml"
CHP = "2 x 2 MWe gas-engine CHP + 9 x 10 MW boilers"
SMALL_CHP = "0.25 MWe gas-engine CHP + 9 x 10 MW boilers"
BOILERS = "9 x 10 MW modular gas boilers"


@pytest.fixture(scope="module")
def cogeneration():
    return run_comparison(load_scenario(COGENERATION))


def test_cogeneration_keeps_the_pumps_running_through_blackouts(cogeneration):
    """The 2 x 2 MWe CHP units carry the pumping station; the boilers and the 0.25 MWe unit cannot."""
    t = cogeneration.options
    site = cogeneration.site_run
    assert t.loc[CHP, "station_on_chp"] and not t.loc[BOILERS, "station_on_chp"] and not t.loc[SMALL_CHP, "station_on_chp"]
    assert "cannot carry the station: short by" in t.loc[SMALL_CHP, "water_supply"]
    # water service from the site's blackout simulation: all day on the CHP, grid hours only without it
    assert t.loc[CHP, "people_with_water"] == pytest.approx(site.service_with["people_served_daily_mean"])
    assert t.loc[CHP, "hours_of_full_water_service_per_person"] == pytest.approx(24.0)
    for option in ("do nothing", BOILERS, SMALL_CHP):
        assert t.loc[option, "people_with_water"] == pytest.approx(site.service_without["people_served_daily_mean"])
        assert t.loc[option, "hours_of_full_water_service_per_person"] < 20.0
    assert t.loc[CHP, "people_with_water"] > t.loc[BOILERS, "people_with_water"] + 5_000
    # everybody heated by every option at -10 °C; the hospital constraint holds
    assert (t.drop(index="do nothing")["people_heated"] == 64_000).all()  # residents
    # people served = person-services added over doing nothing, and the cost per person is divided by them
    e = cogeneration.scenario.economics
    crf = capital_recovery_factor(e.discount_rate, e.horizon_years)
    added = (
        t["people_heated"]
        - t.at["do nothing", "people_heated"]
        + t["people_with_water"]
        - t.at["do nothing", "people_with_water"]
    )
    assert t["person_services_added"].to_numpy() == pytest.approx(added.to_numpy())
    for option in (CHP, BOILERS):
        r = t.loc[option]
        assert r["cost_per_person_year_eur"] == pytest.approx(r["npc_eur"] * crf / r["person_services_added"])
    assert t.loc[CHP, "feasible"] and t.loc[CHP, "pareto_optimal"]
    assert cogeneration.benefit == "person_services_added"


def test_cogeneration_energy_bookkeeping(cogeneration):
    """CHP electricity = electric_efficiency / efficiency x CHP heat; annual energy on the 4 h on / 4 h off timetable."""
    from teplovoda.models.heat.sources import TECHNOLOGIES

    t = cogeneration.options
    tech = TECHNOLOGIES["chp_gas_engine"]
    sources = cogeneration.heat_run.results[CHP].sources
    units = sources[sources["kind"] == "chp_gas_engine"]
    r = t.loc[CHP]
    assert r["chp_heat_kw"] == pytest.approx(units["heat_kw"].sum()) and r["chp_heat_kw"] >= 2 * 2100 * 0.999
    assert r["chp_electric_kw"] == pytest.approx(tech.electric_efficiency / tech.efficiency * r["chp_heat_kw"], rel=1e-9)
    # grid-off hours (half the day): the units make only the station's load, the boilers make up their heat
    lost = r["chp_heat_kw"] - r["station_load_kw"] * tech.efficiency / tech.electric_efficiency
    assert r["chp_heat_made_up_grid_off_kw"] == pytest.approx(lost)
    hours = r["annual_heat_mwh"] * 1e3 / r["heat_delivered_kw"]
    expected = (0.5 * r["chp_electric_kw"] + 0.5 * r["station_load_kw"]) * hours / 1e3
    assert r["electricity_mwh_per_year"] == pytest.approx(expected, rel=1e-9)
    # the small unit cannot carry the station: it stops in grid-off hours and the boilers make all its heat
    small = t.loc[SMALL_CHP]
    assert small["chp_heat_made_up_grid_off_kw"] == pytest.approx(small["chp_heat_kw"])
    hours = small["annual_heat_mwh"] * 1e3 / small["heat_delivered_kw"]
    assert small["electricity_mwh_per_year"] == pytest.approx(0.5 * small["chp_electric_kw"] * hours / 1e3, rel=1e-9)
    # the gas the CHP option burns: more than the boilers alone (the electricity), annual heat the same
    assert r["annual_heat_mwh"] == pytest.approx(t.at[BOILERS, "annual_heat_mwh"])
    assert r["fuel_eur_per_year"] > t.at[BOILERS, "fuel_eur_per_year"]


def test_cogeneration_fails_without_boiler_reserve_for_blackouts(cogeneration):
    """With no spare boiler capacity, the CHP heat lost in grid-off hours cannot be made up: the option fails."""
    import copy

    run = copy.deepcopy(cogeneration.heat_run)
    for case in (CHP, SMALL_CHP):
        s = run.results[case].sources
        boilers = s["kind"] == "gas_boiler"
        s.loc[boilers, "capacity_kw"] = s.loc[boilers, "heat_kw"]
    t = run_comparison(cogeneration.scenario, heat_run=run, site_run=cogeneration.site_run).options
    assert not t.loc[CHP, "feasible"] and "in grid-off hours the CHP units make 363 kW of electricity" in t.loc[CHP, "why_not"]
    assert not t.loc[SMALL_CHP, "feasible"] and "the other sources have 0 kW spare" in t.loc[SMALL_CHP, "why_not"]
    assert t.loc[BOILERS, "feasible"]


def test_cogeneration_report_shows_water_service(tmp_path, cogeneration):
    from teplovoda.ui.report import write_comparison

    write_comparison(cogeneration, tmp_path)
    page = (tmp_path / "report.html").read_text()
    for header in ("People with water (daily mean", "Hours of full water service a day", "Person-services added"):
        assert header in page
    assert "64,944" in page  # people with water on the CHP (README)
    assert "EUR per person-service per year" in page
    # two charts, a heat map per case but intact (do nothing + 4 options), the pumping station's network
    assert page.count("data:image/png;base64,") == 2 + 5 + 1
    assert "Town water pumping station: its water network" in page


@pytest.mark.parametrize(
    "old, new, site_extra, message",
    [
        (
            'water_site = "power_town',
            'water_site = "nowhere',
            "",
            "\\[base\\] -> water_site: file 'nowhere_water_station.toml' not",
        ),
        (
            'heat = "heat_town_chp.toml"',
            'power = "power_town_water_station.toml"',
            "",
            "water_site .* goes with a heat base only",
        ),
        (
            "",
            "",
            '[[chp]]\nname = "engine"\nelectric_kw = 300.0\n',
            "water_site: power_town_water_station.toml has \\[\\[chp\\]\\]",
        ),
    ],
)
def test_bad_water_site(tmp_path, old, new, site_extra, message):
    text = COGENERATION.read_text()
    assert old in text
    path = tmp_path / "c.toml"
    path.write_text(text.replace(old, new, 1))
    shutil.copy(SCENARIOS / "heat_town_chp.toml", tmp_path)
    shutil.copytree(SCENARIOS / "heat_town", tmp_path / "heat_town")
    shutil.copytree(SCENARIOS / "networks", tmp_path / "networks")
    (tmp_path / "power_town_water_station.toml").write_text(
        (SCENARIOS / "power_town_water_station.toml").read_text() + site_extra
    )
    with pytest.raises(InputError, match=message) as err:
        load_scenario(path)
    assert str(err.value).startswith(str(path))


def test_library_fuel_prices_are_the_default_and_a_scenario_price_wins(tmp_path):
    lib = library.fuel_prices()
    assert set(lib.index) == {"natural_gas", "diesel", "wood_chips", "agricultural_residue", "electricity"}
    assert lib["source"].str.len().min() > 30 and lib["price_year"].notna().all()
    text = SCENARIO.read_text()
    start = text.index("[fuel_prices.wood_chips]")
    end = text.index("[[costs]]", start)
    path = tmp_path / "c.toml"
    path.write_text(text[:start] + text[end:])  # no wood-chip price given
    shutil.copy(SCENARIOS / "heat_plant_struck_january.toml", tmp_path)
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    cmp = load_scenario(path)
    chips = cmp.fuel_prices["wood_chips"]
    assert chips.price == lib.at["wood_chips", "price"] and chips.source.startswith("library default: indicative")
    assert load_scenario(SCENARIO).fuel_prices["natural_gas"].source.startswith("Naftogaz")  # the scenario's own


def test_every_heat_technology_has_a_cost_mapping():
    from teplovoda.models.heat.sources import TECHNOLOGIES

    lib = library.technology_costs()
    for kind in TECHNOLOGIES:
        assert library.cost_mapping(kind) is not None, f"{kind}: its technology record needs a cost_technology"
        assert library.cost_mapping(kind)[0] in lib.index, f"{kind}: no row {library.cost_mapping(kind)[0]!r} in the library"


@pytest.mark.parametrize(
    "kind, message",
    [
        (None, "\\[base\\] -> heat: heat_plant_struck_january.toml \\[\\[options\\]\\] #1 -> sources #1 -> kind: no cost for"),
        ("fusion_plant", "\\[\\[options\\]\\] #1 -> sources #1 -> kind: unknown kind 'fusion_plant'"),
    ],
)
def test_a_source_kind_without_a_cost_fails_on_load(tmp_path, monkeypatch, kind, message):
    """A heat source the library cannot price stops the comparison on load, naming the field, not once solved."""
    heat = (SCENARIOS / "heat_plant_struck_january.toml").read_text()
    if kind is None:  # a technology with no cost mapping
        from teplovoda.models.heat import sources

        unpriced = dataclasses.replace(sources.TECHNOLOGIES["biomass_boiler"], cost_technology="")
        monkeypatch.setitem(sources.TECHNOLOGIES, "biomass_boiler", unpriced)
    else:
        heat = heat.replace('kind = "biomass_boiler"', f'kind = "{kind}"', 1)
    (tmp_path / "heat_plant_struck_january.toml").write_text(heat)
    shutil.copytree(SCENARIOS / "heat_microdistrict", tmp_path / "heat_microdistrict")
    path = tmp_path / "c.toml"
    path.write_text(SCENARIO.read_text())
    with pytest.raises(InputError, match=message) as err:
        load_scenario(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)


def test_source_cost_is_finance_net_present_cost():
    """One source: investment at year 0, replaced in year 10 of 15, fixed O&M a share of investment, fuel a year."""
    from teplovoda.models.costing.compare.costs import TechnologyCost, source_cost
    from teplovoda.models.costing.finance import CostInputs, net_present_cost

    e = library.Economics(horizon_years=15, discount_rate=0.08)
    tech = TechnologyCost("t", 500.0, 10.0, 2.0, 3.0, "test", False)
    c = source_cost(tech, e, rated_kw=1000.0, annual_mwh=2000.0, fuel_eur_per_year=1e5)
    expected = net_present_cost(
        CostInputs(5e5, 10, fixed_om_eur_per_year=1e4, variable_om_eur_per_year=6e3, fuel_eur_per_year=1e5),
        horizon_years=15,
        discount_rate=0.08,
    )
    assert c.npc_eur == pytest.approx(expected["npc_eur"])
    af = annuity_factor(0.08, 15)
    replacement, salvage = 5e5 / 1.08**10, -5e5 * 5 / 10 / 1.08**15
    assert c.replacement_and_salvage_eur == pytest.approx(replacement + salvage)
    assert c.npc_eur == pytest.approx(5e5 + replacement + salvage + (1e4 + 6e3 + 1e5) * af)
    # a source already there: no investment, replacement or salvage; its O&M and fuel count
    kept = source_cost(tech, e, rated_kw=1000.0, annual_mwh=2000.0, fuel_eur_per_year=1e5, invested=False)
    assert kept.capex_eur == 0 and kept.replacement_and_salvage_eur == 0
    assert kept.npc_eur == pytest.approx((1e4 + 6e3 + 1e5) * af)
    assert (c + kept).npc_eur == pytest.approx(c.npc_eur + kept.npc_eur)


def test_levelised_cost_of_heat_is_the_finance_one_with_the_electricity_credited(cogeneration):
    from teplovoda.models.costing.finance import levelised_cost_eur_per_mwh

    t = cogeneration.options
    e = cogeneration.scenario.economics
    p = cogeneration.scenario.fuel_prices["electricity"]
    price = e.to_eur(p.price, p.currency, p.price_year, "")
    r = t.loc[CHP]
    credit = r["electricity_mwh_per_year"] * 1e3 * price * annuity_factor(e.discount_rate, e.horizon_years)
    kw = {"horizon_years": e.horizon_years, "discount_rate": e.discount_rate}
    assert r["lcoh_eur_per_mwh"] == pytest.approx(levelised_cost_eur_per_mwh(r["npc_eur"] - credit, r["annual_heat_mwh"], **kw))
    b = t.loc[BOILERS]  # no electricity: NPC over the discounted heat
    assert b["lcoh_eur_per_mwh"] == pytest.approx(levelised_cost_eur_per_mwh(b["npc_eur"], b["annual_heat_mwh"], **kw))


def test_results_say_what_they_are_and_export_themselves(tmp_path, comparison, cogeneration, generator_choice):
    import json

    from teplovoda.models.costing.compare import CogenerationComparison, GeneratorComparison, HeatComparison

    expected = [
        (comparison, HeatComparison, "heat", "people_heated", "people_heated"),
        (cogeneration, CogenerationComparison, "cogeneration", "person_services_added", "person_services_added"),
        (generator_choice, GeneratorComparison, "generator", "people_served", "people_added"),
    ]
    for result, cls, kind, people, benefit in expected:
        assert isinstance(result, cls) and result.kind == kind
        assert result.people_column == people and result.benefit == benefit and people in result.options
        data = json.loads(result.to_json(tmp_path / f"{kind}.json"))
        assert json.loads((tmp_path / f"{kind}.json").read_text()) == data
        assert data["kind"] == kind and data["people_column"] == people
        assert [o["option"] for o in data["options"]] == list(result.options.index)
        assert data["options"][0]["cost_per_person_year_eur"] == "inf"  # do nothing serves nobody more
        assert len(data["sources"]) == len(result.sources)
        assert result.to_csv(tmp_path / f"{kind}.csv") == result.options.to_csv()
        assert (tmp_path / f"{kind}.csv").read_text() == result.options.to_csv()
    assert cogeneration.per == "person-service" and comparison.per == "person"
    first = json.loads(comparison.to_json())["options"][1]
    assert first["npc_eur"] == pytest.approx(comparison.options.iloc[1]["npc_eur"])
