"""Life-cycle costing of recovery options: net present cost, levelised cost, annualised cost per person.

Conventions (stated once, used everywhere):

* Investment (CAPEX) is paid at year 0; annual costs (fixed and variable O&M, fuel) at the end of
  years 1..H of the horizon ``H``, all in real terms (constant prices of the library's price year),
  discounted at the real rate ``r``.
* An asset whose lifetime ``L`` ends inside the horizon is replaced at the same cost in years L, 2L...
* The last asset's remaining life at the end of the horizon is credited as salvage value, straight-
  line: ``CAPEX * remaining / L``, discounted from year H.
* Levelised cost = net present cost / discounted energy (the energy discounted like money, as in
  the IEA/NEA LCOE method); annualised cost = net present cost x capital recovery factor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from teplovoda.models.errors import InputError
from teplovoda.models.messages import Msg


def discount_factor(rate: float, year) -> np.ndarray:
    """``1 / (1 + r)**t``."""
    return 1.0 / (1.0 + rate) ** np.asarray(year, dtype=float)


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 paid at the end of each of ``years`` years."""
    if years <= 0:
        return 0.0
    if rate == 0:
        return float(years)
    return (1 - (1 + rate) ** -years) / rate


def capital_recovery_factor(rate: float, years: int) -> float:
    """Equal annual payment that repays 1 today over ``years`` years."""
    return 1.0 / annuity_factor(rate, years)


@dataclass(frozen=True)
class CostInputs:
    """One option's cost drivers, SI and euros (units in the names)."""

    capex_eur: float
    lifetime_years: float
    fixed_om_eur_per_year: float = 0.0
    variable_om_eur_per_year: float = 0.0
    fuel_eur_per_year: float = 0.0

    def __post_init__(self):
        for name in ("capex_eur", "fixed_om_eur_per_year", "variable_om_eur_per_year", "fuel_eur_per_year"):
            if getattr(self, name) < 0:
                raise InputError(
                    Msg("cost.at_least_zero", "{field} must be >= 0, got {got}", field=name, got=repr(getattr(self, name)))
                )
        if not self.lifetime_years > 0:
            raise InputError(
                Msg("cost.gt_zero", "{field} must be > 0, got {got}", field="lifetime_years", got=repr(self.lifetime_years))
            )


def net_present_cost(c: CostInputs, *, horizon_years: int, discount_rate: float) -> pd.Series:
    """Net present cost of an option and its parts (EUR, present value).

    Returns a Series with ``capex_eur``, ``replacement_eur``, ``fixed_om_eur``, ``variable_om_eur``,
    ``fuel_eur``, ``salvage_eur`` (negative: a credit) and ``npc_eur``.
    """
    if horizon_years < 1:
        raise InputError(Msg("cost.horizon_at_least_one", "horizon_years must be >= 1"))
    if not (-0.5 < discount_rate < 1.0):
        raise InputError(
            Msg(
                "cost.discount_rate",
                "discount_rate must be a fraction such as {example}, got {got}",
                example=0.08,
                got=repr(discount_rate),
            )
        )
    r, h, life = discount_rate, horizon_years, c.lifetime_years
    replacements = np.arange(life, h, life) if life < h else np.array([])
    replacement = float(c.capex_eur * discount_factor(r, replacements).sum())
    last_start = replacements[-1] if len(replacements) else 0.0
    remaining = max(last_start + life - h, 0.0)
    salvage = -c.capex_eur * remaining / life * float(discount_factor(r, h))
    af = annuity_factor(r, h)
    parts = {
        "capex_eur": c.capex_eur,
        "replacement_eur": replacement,
        "fixed_om_eur": c.fixed_om_eur_per_year * af,
        "variable_om_eur": c.variable_om_eur_per_year * af,
        "fuel_eur": c.fuel_eur_per_year * af,
        "salvage_eur": salvage,
    }
    parts["npc_eur"] = sum(parts.values())
    s = pd.Series(parts, name="net_present_cost")
    s.attrs["unit"] = "EUR (present value)"
    return s


def levelised_cost_eur_per_mwh(npc_eur: float, energy_mwh_per_year: float, *, horizon_years: int, discount_rate: float) -> float:
    """Net present cost over the discounted energy of the horizon (EUR/MWh); NaN without energy."""
    discounted = energy_mwh_per_year * annuity_factor(discount_rate, horizon_years)
    return float(npc_eur / discounted) if discounted > 0 else float("nan")


def cost_per_person_year_eur(npc_eur: float, people_served: float, *, horizon_years: int, discount_rate: float) -> float:
    """Annualised cost (NPC x capital recovery factor) per person served (EUR per person per year)."""
    annual = npc_eur * capital_recovery_factor(discount_rate, horizon_years)
    return float(annual / people_served) if people_served > 0 else float("inf")


def pareto_front(table: pd.DataFrame, cost: str, benefit: str) -> pd.Series:
    """True for options no other option beats on both lower ``cost`` and higher ``benefit``."""
    c = table[cost].to_numpy(float)
    b = table[benefit].to_numpy(float)
    front = np.ones(len(table), dtype=bool)
    for i in range(len(table)):
        dominated = (c <= c[i]) & (b >= b[i]) & ((c < c[i]) | (b > b[i]))
        front[i] = not dominated.any()
    return pd.Series(front, index=table.index, name="pareto_optimal")


def rank_options(table: pd.DataFrame, *, by: str = "cost_per_person_year_eur", feasible: str = "feasible") -> pd.Series:
    """Rank 1, 2... of feasible options by ``by`` (ascending); infeasible options get no rank (NaN)."""
    ok = table[feasible].astype(bool)
    ranks = table.loc[ok, by].rank(method="min")
    return ranks.reindex(table.index).rename("rank")
