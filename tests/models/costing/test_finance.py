"""Life-cycle costing against closed-form finance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from teplovoda.models.costing.finance import (
    CostInputs,
    annuity_factor,
    capital_recovery_factor,
    cost_per_person_year_eur,
    levelised_cost_eur_per_mwh,
    net_present_cost,
    pareto_front,
    rank_options,
)
from teplovoda.models.errors import InputError


def test_annuity_and_recovery_factors():
    assert annuity_factor(0.08, 20) == pytest.approx(sum(1.08**-t for t in range(1, 21)))
    assert annuity_factor(0.0, 7) == 7
    assert capital_recovery_factor(0.08, 20) * annuity_factor(0.08, 20) == pytest.approx(1.0)


def test_npc_without_replacement_is_capex_plus_discounted_annual_costs():
    c = CostInputs(
        capex_eur=1e6, lifetime_years=20, fixed_om_eur_per_year=3e4, variable_om_eur_per_year=1e4, fuel_eur_per_year=2e5
    )
    npc = net_present_cost(c, horizon_years=20, discount_rate=0.1)
    expected = 1e6 + (3e4 + 1e4 + 2e5) * sum(1.1**-t for t in range(1, 21))
    assert npc["npc_eur"] == pytest.approx(expected)
    assert npc["replacement_eur"] == 0 and npc["salvage_eur"] == 0


def test_replacement_and_salvage():
    """Lifetime 15 in a 20-year horizon: replaced in year 15, 10 of its 15 years left at year 20."""
    c = CostInputs(capex_eur=600e3, lifetime_years=15)
    npc = net_present_cost(c, horizon_years=20, discount_rate=0.05)
    assert npc["replacement_eur"] == pytest.approx(600e3 / 1.05**15)
    assert npc["salvage_eur"] == pytest.approx(-600e3 * 10 / 15 / 1.05**20)
    assert npc["npc_eur"] == pytest.approx(600e3 + 600e3 / 1.05**15 - 600e3 * 10 / 15 / 1.05**20)
    # a horizon shorter than the life: no replacement, the unused life is salvage
    short = net_present_cost(c, horizon_years=5, discount_rate=0.05)
    assert short["replacement_eur"] == 0
    assert short["salvage_eur"] == pytest.approx(-600e3 * 10 / 15 / 1.05**5)


def test_levelised_and_per_person_costs_are_consistent():
    """A constant annual cost A with constant energy E levelises to A / E."""
    a, e = 250e3, 5000.0
    npc = a * annuity_factor(0.08, 20)
    assert levelised_cost_eur_per_mwh(npc, e, horizon_years=20, discount_rate=0.08) == pytest.approx(a / e)
    assert cost_per_person_year_eur(npc, 1000, horizon_years=20, discount_rate=0.08) == pytest.approx(a / 1000)
    assert np.isnan(levelised_cost_eur_per_mwh(npc, 0.0, horizon_years=20, discount_rate=0.08))


def test_pareto_front_and_ranking():
    t = pd.DataFrame(
        {
            "npc_eur": [1.0, 2.0, 3.0, 2.5],
            "people_served": [100, 300, 250, 300],
            "feasible": [True, True, True, False],
            "cost_per_person_year_eur": [10.0, 6.0, 12.0, 5.0],
        },
        index=["a", "b", "c", "d"],
    )
    assert pareto_front(t, "npc_eur", "people_served").to_dict() == {"a": True, "b": True, "c": False, "d": False}
    assert rank_options(t).to_dict() == {"a": 2.0, "b": 1.0, "c": 3.0, "d": pytest.approx(np.nan, nan_ok=True)}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"capex_eur": -1.0, "lifetime_years": 10}, "capex_eur must be >= 0"),
        ({"capex_eur": 1.0, "lifetime_years": 0}, "lifetime_years"),
    ],
)
def test_bad_cost_inputs(kwargs, message):
    with pytest.raises(InputError, match=message):
        CostInputs(**kwargs)
    with pytest.raises(InputError, match="discount_rate must be a fraction"):
        net_present_cost(CostInputs(capex_eur=1.0, lifetime_years=5), horizon_years=10, discount_rate=8.0)
