"""Write the example portfolio's sheets: 60 plausible vodakanal sites in eight oblasts, their pumps, the inventory.

Seeded (``numpy.random.default_rng(17)``), so the committed CSV files are what this writes::

    python scenarios/portfolio_vodakanals/make.py

Sites are water stations of towns and cities (3,000 to 300,000 people); each has one to four duty pumps of IEC
motor ratings from 15 to 400 kW sized to the people it serves, started as such stations start them: small
motors direct-on-line, mid-sized ones star-delta or on a soft starter, large ones on a soft starter or a drive.
The inventory holds twelve set types from 60 to 1,000 kVA, among them the programme's 512 kW and 478 kW units
as 640 kVA and 598 kVA sets (kW at power factor 0.8); prices are a typical 8,000 EUR plus 130 EUR per kVA.

Heat (a second generator, ``default_rng(1717)``, so the water sites stay as they were): eight boiler plants
and microdistricts, one per oblast, 3,000 to 40,000 people heated at 1.3 to 1.8 kW of design load a person
(panel blocks of the 1960s-80s, about 20 m2 a person at 65-90 W/m2), the damaged plant keeping 0 to 60 % of
it; ``boilers.csv`` holds containerised 0.5, 1 and 2 MW biomass (wood-chip) boilers and a 1 MW diesel unit
at typical prices (about 160-220 EUR/kW for biomass, 80 EUR/kW for diesel). **Chernivtsi station 1 is
modelled in detail**: ``station_chernivtsi_1.toml``, a ``teplovoda power size`` scenario of its two duty pumps,
its backwash pump and its controls, replaces its rows in the pumps sheet. **One station is modelled by a water
scenario**: the 4-on/4-off station whose town is nearest 100,000 people gets ``station_water_epanet.toml``, a ``teplovoda water
blackout`` scenario of the raw-water station network shipped in ``scenarios/networks`` (copied beside it as
``raw_water_station.inp``: three pumps lifting river water to a clear-water tank above a town, the lead-lag level
controls of ``power_raw_water_station.toml``), its ``[population] total`` the row's people; EPANET gives its hours
of water and fuel, and its pumps leave the pumps sheet.

No Excel workbook is written: openpyxl stamps the time of writing into ``docProps/core.xml`` and every zip
member, so a committed ``.xlsx`` would change at each run. The same portfolio as one workbook (``workbook =
"programme.xlsx"`` in the head, :mod:`teplovoda.models.portfolio.workbook`) is written from these CSVs by the
tests (``tests/workbooks.py``), which hold it to the CSV version's allocation and totals.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
#: Oblast, centre (lat, lon), share of sites.
OBLASTS = (
    ("Chernivtsi", (48.29, 25.94)),
    ("Zhytomyr", (50.25, 28.66)),
    ("Kharkiv", (49.99, 36.23)),
    ("Mykolaiv", (46.97, 31.99)),
    ("Dnipropetrovsk", (48.46, 35.05)),
    ("Sumy", (50.91, 34.80)),
    ("Chernihiv", (51.49, 31.29)),
    ("Odesa", (46.48, 30.73)),
)
#: Each oblast as Ukrainian names it (the detailed scenarios' ``name_uk``).
OBLASTS_UK = {
    "Chernivtsi": "Чернівецька",
    "Zhytomyr": "Житомирська",
    "Kharkiv": "Харківська",
    "Mykolaiv": "Миколаївська",
    "Dnipropetrovsk": "Дніпропетровська",
    "Sumy": "Сумська",
    "Chernihiv": "Чернігівська",
    "Odesa": "Одеська",
}
IEC_KW = (15, 18.5, 22, 30, 37, 45, 55, 75, 90, 110, 132, 160, 200, 250, 315, 355, 400)
PATTERNS = ("4on4off", "4off4on")
#: Set type, kVA, count, delivery days (0: in stock).
INVENTORY = (
    ("G60", 60, 6, 0),
    ("G100", 100, 6, 0),
    ("G150", 150, 5, 0),
    ("G200", 200, 5, 0),
    ("G250", 250, 4, 0),
    ("G300", 300, 4, 14),
    ("G400", 400, 3, 14),
    ("G500", 500, 3, 30),
    ("G598 (478 kW)", 598, 1, 0),
    ("G640 (512 kW)", 640, 1, 0),
    ("G800", 800, 2, 45),
    ("G1000", 1000, 1, 45),
)


def _starting(kw: float, rng) -> str:
    if kw <= 22:
        return str(rng.choice(["dol", "dol", "dol", "star_delta"]))
    if kw <= 90:
        return str(rng.choice(["dol", "star_delta", "star_delta", "soft_starter", "vfd"]))
    return str(rng.choice(["star_delta", "soft_starter", "soft_starter", "vfd", "vfd"]))


def _pumps(people: float, rng) -> list[tuple[float, str, float]]:
    """Duty pumps for ``people``: about 1.5 kW of pumping per 1,000 people, over one to four motors."""
    total_kw = 1.5 * people / 1000 * rng.uniform(0.7, 1.4)
    n = int(np.clip(round(total_kw / 250) + rng.integers(0, 2), 1, 4))
    out = []
    for _ in range(n):
        want = total_kw / n * rng.uniform(0.8, 1.2) / 0.8
        rated = min((k for k in IEC_KW if k >= want), default=IEC_KW[-1])
        rated = max(rated, IEC_KW[0])
        out.append((rated, _starting(rated, rng), round(rated / 0.94 * rng.uniform(0.65, 0.9), 1)))
    return out


def sites(rng, n: int = 60) -> tuple[list[dict], list[dict]]:
    """``n`` sites (round the oblasts in turn) and their pumps: rows of sites.csv and pumps.csv."""
    site_rows, pump_rows = [], []
    for i in range(n):
        oblast, (lat, lon) = OBLASTS[i % len(OBLASTS)]
        people = float(round(np.exp(rng.uniform(np.log(3000), np.log(300_000))), -2))
        name = f"{oblast} vodokanal station {i // len(OBLASTS) + 1}"
        pattern = rng.random() < 0.6
        site_rows.append(
            {
                "name": name,
                "oblast": oblast,
                "community": f"{oblast} hromada {i // len(OBLASTS) + 1}",
                "lat": round(lat + rng.uniform(-0.6, 0.6), 4),
                "lon": round(lon + rng.uniform(-0.9, 0.9), 4),
                "people": people,
                "aux_kw": round(rng.uniform(3, 25), 1),
                "grid_hours_per_day": "" if pattern else int(rng.integers(6, 17)),
                "grid_pattern": str(rng.choice(PATTERNS)) if pattern else "",
                "storage_h": round(float(rng.choice([0, 0, 0, 1, 1, 2, 3])), 1),
                "existing_kva": 100 if rng.random() < 0.08 else "",
                "tank_l": int(rng.choice([500, 1000, 1500, 2000, 3000])),
                "deliveries_per_week": int(rng.choice([1, 2, 3, 7, 7])),
                "must_serve": "true" if rng.random() < 0.07 else "false",
                "committed": "",
            }
        )
        for rated, starting, duty in _pumps(people, rng):
            pump_rows.append({"site": name, "rated_kw": rated, "starting": starting, "duty_kw": duty})
    return site_rows, pump_rows


#: Heat sites: oblast, climate city (blank: the oblast centre's normals), fuel of the damaged plant, by area?
HEAT_SITES = (
    ("Chernivtsi", "Lviv", "gas", False),
    ("Zhytomyr", "Kyiv", "coal", True),
    ("Kharkiv", "", "gas", False),
    ("Mykolaiv", "", "gas", True),
    ("Dnipropetrovsk", "", "gas", False),
    ("Sumy", "", "coal", False),
    ("Chernihiv", "", "gas", True),
    ("Odesa", "", "fuel_oil", False),
)
#: Mobile boilers: type, MW, count, cost EUR, fuel, efficiency, delivery days.
BOILERS = (
    ("BIO-0.5", 0.5, 6, 110_000, "biomass", 0.82, 0),
    ("BIO-1", 1.0, 4, 190_000, "biomass", 0.85, 14),
    ("BIO-2", 2.0, 2, 330_000, "biomass", 0.87, 30),
    ("DSL-1", 1.0, 3, 80_000, "diesel", 0.91, 0),
)
#: The station modelled in detail and its scenario file.
DETAILED = "Chernivtsi vodokanal station 1"
DETAILED_FILE = "station_chernivtsi_1.toml"
#: The station modelled by a water scenario, its network (copied from scenarios/networks) and grid timetable.
WATER_FILE = "station_water_epanet.toml"
WATER_NETWORK = "raw_water_station.inp"
GRID_ON = {"4on4off": [1, 1, 1, 1, 0, 0, 0, 0] * 3, "4off4on": [0, 0, 0, 0, 1, 1, 1, 1] * 3}


def heat_sites(rng) -> list[dict]:
    """One boiler plant or microdistrict per oblast of :data:`HEAT_SITES`: rows of heat_sites.csv."""
    rows = []
    centres = dict(OBLASTS)
    for i, (oblast, city, fuel, by_area) in enumerate(HEAT_SITES):
        lat, lon = centres[oblast]
        people = float(round(np.exp(rng.uniform(np.log(3000), np.log(40_000))), -2))
        kw = people * rng.uniform(1.3, 1.8)
        specific = round(float(rng.uniform(65, 90)), 0)
        rows.append(
            {
                "name": f"{oblast} boiler plant {i + 1}",
                "oblast": oblast,
                "community": f"{oblast} hromada {i + 1}",
                "lat": round(lat + rng.uniform(-0.3, 0.3), 4),
                "lon": round(lon + rng.uniform(-0.4, 0.4), 4),
                "people_heated": people,
                "design_heat_kw": "" if by_area else round(kw, -1),
                "heated_area_m2": round(kw * 1000 / specific, -2) if by_area else "",
                "specific_heat_w_per_m2": specific if by_area else "",
                "existing_kw": round(kw * float(rng.choice([0, 0.2, 0.4, 0.6])), -1),
                "fuel": fuel,
                "climate_city": city,
                "must_serve": "true" if i == 3 else "false",  # the plant that heats Mykolaiv's hospital quarter
            }
        )
    return rows


def site_name_uk(site: dict) -> str:
    """A site's name in Ukrainian (``"Chernivtsi vodokanal station 1"``: ``"Чернівецька область, станція водоканалу 1"``)."""
    return f"{OBLASTS_UK[site['oblast']]} область, станція водоканалу {site['name'].rsplit(' ', 1)[1]}"


def detailed_scenario(site: dict, pumps: list[dict]) -> str:
    """``teplovoda power size`` scenario of a station: its duty pumps, a backwash pump, controls and lighting."""
    motors = "".join(
        f'\n[[motors]]\nname = "duty pump {i + 1}"\nrated_kw = {p["rated_kw"]}\nstarting = "{p["starting"]}"\n'
        f"running_kw = {p['duty_kw']}\n"
        for i, p in enumerate(pumps)
    )
    return f"""# {site["name"]} modelled in detail for the portfolio (written by make.py): every motor with its starter,
# the backwash pump that runs with the duty pumps during a filter wash, controls and lighting, the station's own
# site data. The portfolio takes its checks and fuel from this file, as teplovoda power size does.
#
# Run:  teplovoda power size scenarios/portfolio_vodakanals/{DETAILED_FILE}

[scenario]
name = "{site["name"]} in detail"
name_uk = "{site_name_uk(site)}: докладна модель"
description = "Two duty pumps, a star-delta backwash pump, controls; 4 h on / 4 h off."
description_uk = "Два робочі насоси, промивний насос із пуском зірка-трикутник, автоматика; 4 год зі світлом / 4 год без світла."
kind = "power"

[site]
name = "{site["name"]}"
altitude_m = 250.0
ambient_temp_c = 30.0
max_voltage_dip_pct = 20.0
load_margin_pct = 10.0
{motors}
[[motors]]
name = "backwash pump"
rated_kw = 30.0
starting = "star_delta"
running_kw = 24.0

[[aux_loads]]
name = "controls, dosing, lighting"
power_kw = {site["aux_kw"]}
power_factor = 0.9

[generator]
fuel_tank_l = {float(site["tank_l"])}
tanker_l = 5000.0

[blackout]
pattern = "{site["grid_pattern"]}"
"""


def water_scenario(site: dict) -> str:
    """``teplovoda water blackout`` scenario of a station on the shipped raw-water network, at the site's people."""
    return f"""# {site["name"]} modelled by a water scenario for the portfolio (written by make.py): the raw-water
# station of scenarios/networks (three pumps, a clear-water tank above the town) under the station's
# timetable. The portfolio takes its hours of water and fuel from EPANET's run, as teplovoda water blackout
# reports them for a set powering every pump.
#
# Run:  teplovoda water blackout scenarios/portfolio_vodakanals/{WATER_FILE}

[scenario]
name = "{site["name"]} on EPANET"
name_uk = "{site_name_uk(site)} на EPANET"
kind = "water"

[network]
inp_file = "{WATER_NETWORK}"

[hydraulics]
min_pressure_m = 0.0
required_pressure_m = 20.0

[population]
total = {site["people"]}

[simulation]
duration_h = 48
hydraulic_step_min = 10
grid_on = {GRID_ON[site["grid_pattern"]]}
pumps = ["P1", "P2", "P3"]

[[controls]]
pump = "P1"
tank = "CWT"
stop_above_m = 5.95
start_below_m = 5.8

[[controls]]
pump = "P2"
tank = "CWT"
stop_above_m = 5.9
start_below_m = 5.7

[[controls]]
pump = "P3"
tank = "CWT"
stop_above_m = 5.85
start_below_m = 5.6

[recovery]
horizon_days = 90

[[recovery.generators]]
name = "G200 set powering the three pumps"
name_uk = "агрегат G200 живить три насоси"
pumps = ["P1", "P2", "P3"]
rated_kva = 200
tank_l = {float(site["tank_l"])}
"""


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main() -> None:
    rng = np.random.default_rng(17)
    site_rows, pump_rows = sites(rng)
    smallest = min(site_rows, key=lambda r: sum(p["rated_kw"] for p in pump_rows if p["site"] == r["name"]))
    smallest["committed"] = "G150"  # a set already promised to the station of the smallest motors
    inventory = [
        {"set_type": t, "kva": kva, "count": n, "cost_eur": 8000 + 130 * kva, "delivery_days": d} for t, kva, n, d in INVENTORY
    ]
    detailed = next(r for r in site_rows if r["name"] == DETAILED)
    (HERE / DETAILED_FILE).write_text(detailed_scenario(detailed, [p for p in pump_rows if p["site"] == DETAILED]))
    for r in site_rows:
        r["scenario"] = DETAILED_FILE if r is detailed else ""
    detailed["grid_hours_per_day"] = detailed["grid_pattern"] = ""  # its [blackout] says
    candidates = [r for r in site_rows if r is not detailed and r["grid_pattern"] and not r["committed"]]
    water = min(candidates, key=lambda r: abs(r["people"] - 100_000))
    shutil.copyfile(HERE.parent / "networks" / WATER_NETWORK, HERE / WATER_NETWORK)
    (HERE / WATER_FILE).write_text(water_scenario(water))
    for r in site_rows:
        r["water_scenario"] = WATER_FILE if r is water else ""
    water["grid_hours_per_day"] = water["grid_pattern"] = water["storage_h"] = ""  # its [simulation] and tanks say
    write(HERE / "sites.csv", site_rows)
    write(HERE / "pumps.csv", [p for p in pump_rows if p["site"] not in (DETAILED, water["name"])])
    write(HERE / "inventory.csv", inventory)
    write(HERE / "heat_sites.csv", heat_sites(np.random.default_rng(1717)))
    boilers = [
        {"boiler_type": t, "heat_mw": mw, "count": n, "cost_eur": c, "fuel": f, "efficiency": e, "delivery_days": d}
        for t, mw, n, c, f, e, d in BOILERS
    ]
    write(HERE / "boilers.csv", boilers)


if __name__ == "__main__":
    main()
