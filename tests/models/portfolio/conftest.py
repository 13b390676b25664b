"""A small portfolio written to a temporary folder: the head, sites, pumps and inventory sheets."""

from __future__ import annotations

import csv

import pytest

SITES = [
    {
        "name": "A",
        "oblast": "Zhytomyr",
        "community": "a",
        "lat": 50.2,
        "lon": 28.6,
        "people": 20000,
        "aux_kw": 8,
        "grid_pattern": "4on4off",
        "storage_h": 2,
    },
    {
        "name": "B",
        "oblast": "Zhytomyr",
        "community": "b",
        "lat": 50.3,
        "lon": 28.7,
        "people": 5000,
        "aux_kw": 3,
        "grid_hours_per_day": 10,
        "deliveries_per_week": 1,
        "tank_l": 200,
    },
    {
        "name": "C",
        "oblast": "Chernivtsi",
        "community": "c",
        "lat": 48.3,
        "lon": 25.9,
        "people": 60000,
        "aux_kw": 12,
        "grid_pattern": "4off4on",
        "must_serve": "true",
    },
]
PUMPS = [
    {"site": "A", "rated_kw": 75, "starting": "dol", "duty_kw": 60},
    {"site": "A", "rated_kw": 30, "starting": "star_delta", "duty_kw": 24},
    {"site": "B", "rated_kw": 22, "starting": "dol", "duty_kw": 18},
    {"site": "C", "rated_kw": 160, "starting": "soft_starter", "duty_kw": 130},
    {"site": "C", "rated_kw": 110, "starting": "vfd", "duty_kw": 90},
]
INVENTORY = [
    {"set_type": "S100", "kva": 100, "count": 2, "cost_eur": 21000, "delivery_days": 0},
    {"set_type": "S250", "kva": 250, "count": 1, "cost_eur": 40000, "delivery_days": 10},
    {"set_type": "S400", "kva": 400, "count": 1, "cost_eur": 60000, "delivery_days": 0},
    {"set_type": "S640", "kva": 640, "count": 1, "cost_eur": 91000, "delivery_days": 30},
]
HEAT_SITES = [
    {
        "name": "H1",
        "oblast": "Kharkiv",
        "community": "h1",
        "lat": 50.0,
        "lon": 36.2,
        "people_heated": 6000,
        "design_heat_kw": 9000,
        "existing_kw": 4000,
        "fuel": "gas",
        "climate_city": "",
    },
    {
        "name": "H2",
        "oblast": "Zhytomyr",
        "community": "h2",
        "lat": 50.2,
        "lon": 28.7,
        "people_heated": 2000,
        "heated_area_m2": 40000,
        "specific_heat_w_per_m2": 75,
        "design_outdoor_temp_c": -22,
        "fuel": "coal",
        "climate_city": "Kyiv",
        "must_serve": "true",
    },
]
BOILERS = [
    {"boiler_type": "B0.5", "heat_mw": 0.5, "count": 3, "cost_eur": 50000, "fuel": "biomass", "efficiency": 0.82},
    {"boiler_type": "B2", "heat_mw": 2, "count": 1, "cost_eur": 120000, "fuel": "biomass", "efficiency": 0.85},
    {"boiler_type": "D1", "heat_mw": 1, "count": 1, "cost_eur": 70000, "fuel": "diesel", "efficiency": 0.9, "delivery_days": 10},
    {"boiler_type": "G2", "heat_mw": 2, "count": 1, "cost_eur": 60000, "fuel": "gas", "efficiency": 0.92},
]
HEAT_HEAD_LINES = """heat_sites_csv = "heat_sites.csv"
boilers_csv = "boilers.csv"
biomass_eur_per_t = 60.0
gas_eur_per_m3 = 0.45
"""

HEAD = """[scenario]
name = "test portfolio"
kind = "portfolio"

[portfolio]
sites_csv = "sites.csv"
pumps_csv = "pumps.csv"
inventory_csv = "inventory.csv"
budget_eur = 300000.0
horizon_days = 90.0
tanker_l = 5000.0

[fuel_price_eur_per_l]
Zhytomyr = 1.2
Chernivtsi = 1.3
Kharkiv = 1.25

[site_defaults]
ambient_temp_c = 30.0
"""


def write_sheet(path, rows, header=None):
    header = header or list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def portfolio_dir(tmp_path):
    """``write(sites=..., pumps=..., inventory=..., head=..., heat_sites=..., boilers=...)`` -> the head's path
    (defaults: the sheets above; with ``heat_sites`` or ``boilers`` the head names both heat sheets)."""

    def write(sites=SITES, pumps=PUMPS, inventory=INVENTORY, head=HEAD, heat_sites=None, boilers=None):
        write_sheet(tmp_path / "sites.csv", sites)
        write_sheet(tmp_path / "pumps.csv", pumps)
        write_sheet(tmp_path / "inventory.csv", inventory)
        if heat_sites is not None or boilers is not None:
            write_sheet(tmp_path / "heat_sites.csv", HEAT_SITES if heat_sites is None else heat_sites)
            write_sheet(tmp_path / "boilers.csv", BOILERS if boilers is None else boilers)
            head = head.replace('inventory_csv = "inventory.csv"\n', 'inventory_csv = "inventory.csv"\n' + HEAT_HEAD_LINES)
        (tmp_path / "portfolio.toml").write_text(head, encoding="utf-8")
        return tmp_path / "portfolio.toml"

    return write
