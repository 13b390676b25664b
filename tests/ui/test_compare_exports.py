"""Costs programme staff can trust and files they can forward (issue 15, points 6 and 7).

Significant figures instead of a rounded "0", the exchange rate with its date, labelled exports with
units and no ``inf``, full precision on a second sheet, and the report in the language asked for
wherever ``--lang`` is given. The bases are the fast shipped ones (hospital district, city main).
"""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest

from teplovoda.models.costing import library
from teplovoda.models.costing.compare import load_scenario, run_comparison
from teplovoda.ui import charts
from teplovoda.ui.i18n import sig, snum
from teplovoda.ui.report import comparison_files, exchange_rates_text
from tests.conftest import SCENARIOS
from tests.ui.test_cli_lang import teplovoda

REPAIR = "repair boiler house to 80 %"


@pytest.fixture(scope="module")
def hospital():
    return run_comparison(load_scenario(SCENARIOS / "compare_hospital_district.toml"))


@pytest.fixture(scope="module")
def city_main():
    """Repairs of the city main: a cost per person of a fraction of a euro a year (0.293 EUR)."""
    return run_comparison(load_scenario(SCENARIOS / "compare_city_main_broken.toml"))


@pytest.mark.parametrize(
    "value, rounded, en, uk",
    [
        (0.0042134, 0.00421, "0.00421", "0,00421"),
        (0.42, 0.42, "0.420", "0,420"),
        (37.631, 37.6, "37.6", "37,6"),
        (103.4, 103.0, "103", "103"),
        (86696.41201374498, 86696.0, "86,696", "86\u00a0696"),
        (0.0, 0.0, "0", "0"),
    ],
)
def test_significant_figures(value, rounded, en, uk):
    assert sig(value) == rounded
    assert snum(value, lang="en") == en
    assert snum(value, lang="uk").replace(" ", "\u00a0") == uk.replace(" ", "\u00a0")
    assert math.isinf(sig(math.inf)) and math.isnan(sig(math.nan))


def test_a_cost_of_a_fraction_of_a_euro_is_not_shown_as_zero(city_main):
    """The app said "EUR 0 per person per year" for the repair of the city main: it is 0.293."""
    from teplovoda.ui.views.compare import headline

    o = city_main.options
    cost = float(o.loc["repair the main", "cost_per_person_year_eur"])
    assert snum(cost) == "0.293"
    assert headline(city_main).endswith("at EUR 0.293 per person per year.")
    page = comparison_files(city_main, maps=False)["report.html"].decode()
    assert "for 0.293 EUR per person per year" in page and "<td>0.293</td>" in page
    # the cost chart labels each bar with its own figure: a "0" would read as the free "do nothing"
    labels = list(charts.cost_per_person(o, city_main.benefit, "EUR per person per year").data["label"])
    assert "0.293" in labels and "0" not in labels


def test_the_co2_chart_of_options_that_burn_nothing_has_no_decimal_axis(city_main):
    o = city_main.options
    assert (o["co2_t_per_year"] == 0).all()
    spec = charts.co2(o).to_dict()
    assert spec["encoding"]["x"]["axis"]["format"] == ",~r"


def test_the_exchange_rate_is_shown_with_its_date_and_source(hospital):
    e = library.Economics(exchange_rates={"UAH": 0.0222}, exchange_rates_date="2025-06-30", exchange_rates_source="NBU")
    assert exchange_rates_text(e) == (
        "Prices in other currencies are converted to EUR at 1 UAH = 0.0222 EUR (rates of 2025-06-30; NBU)."
    )
    assert exchange_rates_text(library.Economics()) == ""
    # a scenario that gives no date: the text says so instead of leaving it out
    undated = exchange_rates_text(library.Economics(exchange_rates={"UAH": 0.0222}))
    assert "converted to EUR at 1 UAH = 0.0222 EUR; the scenario gives no date for these rates" in undated
    page = comparison_files(hospital, maps=False)["report.html"].decode()
    assert "converted to EUR at 1 UAH = 0.0222 EUR (rates of 2025 average; example figure" in page
    assert "<th>EUR per unit</th>" in page and "<td>0.165</td>" in page  # 7.42 UAH/m3 gas = 0.165 EUR/m3
    uk = comparison_files(hospital, maps=False, lang="uk")["report.html"].decode()
    assert "1 UAH = 0,0222 євро" in uk
    assert "<td>природний газ</td><td>7,42 UAH/m3</td><td>0,165</td>" in uk  # fuels named in the language


def test_the_owned_example_dates_its_exchange_rate():
    e = load_scenario(SCENARIOS / "compare_generator_owned.toml").economics
    assert "(rates of 2025 average; example figure: about 45 UAH per EUR" in exchange_rates_text(e)


def _sheet(book, name) -> pd.DataFrame:
    rows = list(book[name].values)
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_the_workbook_has_labelled_headers_rounded_values_full_precision_and_no_inf(hospital):
    book = openpyxl.load_workbook(io.BytesIO(comparison_files(hospital, maps=False)["comparison.xlsx"]))
    assert book.sheetnames == ["options", "options, full precision", "cost sources", "assumptions", "summary"]
    shown, full = _sheet(book, "options"), _sheet(book, "options, full precision")
    assert list(shown.columns) == list(full.columns)
    for header in (
        "Option",
        "People kept warm",
        "Cost per person per year, EUR",
        "Net present cost, EUR",
        "Investment, EUR",
        "CO2, t a year",
        "Levelised cost of heat, EUR/MWh",
        "Meets the requirements",
        "Why not",
    ):
        assert header in shown.columns, header
    assert not [c for c in shown.columns if "_" in c], "snake_case header"
    o = hospital.options
    shown, full = shown.set_index("Option"), full.set_index("Option")
    assert list(shown.index) == ["do nothing", *o.index[1:]]
    assert shown.loc[REPAIR, "People kept warm"] == 11_200  # residents (pupils, patients apart)
    assert shown.loc[REPAIR, "Net present cost, EUR"] == round(o.loc[REPAIR, "npc_eur"])
    assert shown.loc[REPAIR, "Cost per person per year, EUR"] == sig(o.loc[REPAIR, "cost_per_person_year_eur"])
    assert full.loc[REPAIR, "Net present cost, EUR"] == pytest.approx(o.loc[REPAIR, "npc_eur"], rel=1e-14)  # full precision
    assert full.loc[REPAIR, "Cost per person per year, EUR"] == pytest.approx(
        o.loc[REPAIR, "cost_per_person_year_eur"], rel=1e-14
    )
    assert pd.isna(shown.loc["do nothing", "Cost per person per year, EUR"])  # serves nobody: empty, beside its reason
    assert shown.loc["do nothing", "Meets the requirements"] == "no" and shown.loc[REPAIR, "Rank"] == 1
    for name in book.sheetnames:
        for row in book[name].values:
            for v in row:
                assert not (isinstance(v, float) and not math.isfinite(v)) and str(v).lower() not in ("inf", "nan"), (name, row)
    assumptions = dict(list(book["assumptions"].values)[1:])
    assert assumptions["Discount rate, %"] == 10 and assumptions["EUR per UAH"] == 0.0222
    assert assumptions["Exchange rates of"] == "2025 average"  # the date the scenario gives
    sources = _sheet(book, "cost sources")
    assert list(sources.columns) == ["Option", "Item", "Figure", "Value, EUR", "Price year", "Source"]


def test_the_workbook_speaks_the_report_language(hospital):
    book = openpyxl.load_workbook(io.BytesIO(comparison_files(hospital, maps=False, lang="uk")["comparison.xlsx"]))
    header = next(book["options"].values)
    assert header[:2] == ("Варіант", "Осіб з теплом") and "Чиста приведена вартість, євро" in header
    assert next(book["options"].iter_rows(min_row=2, values_only=True))[0] == "нічого не робити"


def test_the_csv_has_labelled_headers_and_rounded_values_in_every_language(hospital):
    files = comparison_files(hospital, maps=False)
    text = files["options.csv"].decode()
    assert "inf" not in text and "_" not in text.splitlines()[0]
    assert text.splitlines()[2].startswith('"3 x 1 MW biomass, hospital island",1400,9800,0,')  # whole numbers, no ".0"
    table = pd.read_csv(io.StringIO(text)).set_index("Option")
    assert table.loc[REPAIR, "People kept warm"] == 11_200
    assert table.loc[REPAIR, "Net present cost, EUR"] == round(hospital.options.loc[REPAIR, "npc_eur"])
    assert pd.isna(table.loc["do nothing", "Cost per person per year, EUR"])
    assert files["options.csv"] == comparison_files(hospital, maps=False, lang="uk")["options.csv"]
    assert files["cost_sources.csv"].decode().splitlines()[0] == 'Option,Item,Figure,"Value, EUR",Price year,Source'
    assert '"kind": "heat"' in files["comparison.json"].decode()  # the result as data, at full precision


def test_the_report_detail_is_labelled_in_its_language(hospital):
    page = comparison_files(hospital, maps=False, lang="uk")["report.html"].decode()
    detail = page[page.index("<h2>Інженерні та вартісні деталі</h2>") :]
    assert "<th>Нормована вартість тепла, євро/МВт·год</th>" in detail and "<th>lcoh_eur_per_mwh</th>" not in detail


def test_compare_takes_lang_after_the_command(tmp_path):
    """``teplovoda compare FILE --lang uk`` writes the Ukrainian report, as ``teplovoda --lang uk compare FILE`` does."""
    proc = teplovoda("compare", SCENARIOS / "compare_hospital_district.toml", "--out", tmp_path, "--no-maps", "--lang", "uk")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "report.html").read_text()
    assert '<html lang="uk">' in page and "Найвигідніше: <b>ремонт котельні до 80 %</b>" in page
    assert "Найвигідніше" in proc.stdout  # what it prints too


def test_every_exported_column_and_fuel_is_declared_with_a_label(hospital):
    """Each engine's columns are declared once (ui/report.py EXPORT_COLUMNS); every fuel has its name in both languages."""
    from teplovoda.models.heat.sources import FUELS
    from teplovoda.ui.report import EXPORT_COLUMNS
    from teplovoda.ui.strings import STRINGS

    keys = [*EXPORT_COLUMNS.values(), "export.col.cost_per_person_service_year_eur", *(f"export.fuel.{f}" for f in FUELS)]
    assert [k for k in keys if k not in STRINGS] == []
    generator = ("people_served", "people_added", "hours_of_full_service_per_person", "generator_kva", "lcoe_eur_per_mwh")
    assert [c for c in (*hospital.options.columns, *generator) if c not in EXPORT_COLUMNS] == []


#: What the fuel columns said in English whatever the language (issue 15, point 14).
ENGLISH_FUEL_WORDS = ("/day", "trucks", "tanker", "deliveries", "diesel", "wood chips", "natural gas", "every")


def test_fuel_use_and_deliveries_are_in_the_report_language(hospital):
    """Fuel use and deliveries come from the models as messages: the workbook and report give them in
    Ukrainian, with the figures the model computed (L, t or m3 a day; trucks a week at the truck payloads)."""
    from teplovoda.models.costing.compare.costs import DELIVERY_SIZE

    book = openpyxl.load_workbook(io.BytesIO(comparison_files(hospital, maps=False, lang="uk")["comparison.xlsx"]))
    rows = list(book["options"].values)
    header = rows[0]
    use, logistics = header.index("Витрата палива"), header.index("Доставки палива")
    cells = [r[use] for r in rows[1:] if r[use]] + [r[logistics] for r in rows[1:] if r[logistics]]
    assert len(cells) >= 4
    assert not [c for c in cells if any(w in c for w in ENGLISH_FUEL_WORDS)], cells
    biomass = next(r for r in rows[1:] if r[use] and "тріска" in r[use])
    assert "деревна тріска:" in biomass[use] and "/добу" in biomass[use]
    tonnes = float(biomass[use].split(":")[1].split("т")[0].replace("\u00a0", "").replace(" ", "").replace(",", "."))
    trucks = float(biomass[logistics].split("—")[1].strip().replace(",", "."))
    assert trucks == pytest.approx(7 * tonnes / DELIVERY_SIZE["wood_chips"], abs=0.06)  # one truck = one payload
    english = export_table_en(hospital)
    assert any("trucks/week of wood chips" in str(v) for v in english["Fuel deliveries"])


def export_table_en(cmp):
    from teplovoda.ui.i18n import using_language
    from teplovoda.ui.report import export_table

    with using_language("en"):
        return export_table(cmp)
