"""Every shipped comparison that converts a currency says the date and source of its exchange rates.

A programme officer forwarding a cost per person needs to know which day's rate turned UAH fuel
prices into EUR; the report says "missing" when a file does not give it (issue 15, point 6).
"""

from pathlib import Path

from teplovoda.models.costing.compare import load_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
COMPARES = sorted(SCENARIOS.glob("compare_*.toml"))


def test_exchange_rates_carry_date_and_source():
    converting = {p.name: load_scenario(p).economics for p in COMPARES}
    converting = {name: e for name, e in converting.items() if e.exchange_rates}
    assert len(converting) >= 5, sorted(converting)
    undated = sorted(n for n, e in converting.items() if not (e.exchange_rates_date and e.exchange_rates_source))
    assert not undated, f"exchange_rates_date or exchange_rates_source missing in {undated}"
