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
    """``write(sites=..., pumps=..., inventory=..., head=...)`` -> the head's path (defaults: the sheets above)."""

    def write(sites=SITES, pumps=PUMPS, inventory=INVENTORY, head=HEAD):
        write_sheet(tmp_path / "sites.csv", sites)
        write_sheet(tmp_path / "pumps.csv", pumps)
        write_sheet(tmp_path / "inventory.csv", inventory)
        (tmp_path / "portfolio.toml").write_text(head, encoding="utf-8")
        return tmp_path / "portfolio.toml"

    return write
