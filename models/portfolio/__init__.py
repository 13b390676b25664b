"""Programme portfolio (issue 17): generator sets and mobile boilers from an inventory allocated across many sites.

:mod:`.spec` reads the portfolio file and its sheets; :mod:`.evaluate` checks every site against every set
type as ``teplovoda power size`` does (on a site's own power scenario when it is modelled in detail);
:mod:`.water` gives a site modelled by a water scenario its hours of water and fuel from EPANET, as
``teplovoda water blackout`` does;
:mod:`.heat` gives every heat site's boiler options (units, people kept warm, fuel at the season's mean load);
:mod:`.allocate` chooses (exact MILP, greedy baseline, marginal values); :mod:`.run` puts them together.
"""

from teplovoda.models.portfolio.allocate import Problem, Solution, marginal_values, solve_exact, solve_greedy
from teplovoda.models.portfolio.evaluate import evaluate, evaluate_site, hours_without_h, outage_blocks
from teplovoda.models.portfolio.heat import evaluate_heat, evaluate_heat_site, heating_season
from teplovoda.models.portfolio.run import PortfolioRun, heat_allocation_table, run_portfolio
from teplovoda.models.portfolio.spec import Portfolio, load_portfolio
from teplovoda.models.portfolio.water import WaterDay, water_day, water_days

__all__ = [
    "Portfolio",
    "PortfolioRun",
    "Problem",
    "Solution",
    "WaterDay",
    "evaluate",
    "evaluate_heat",
    "evaluate_heat_site",
    "evaluate_site",
    "heat_allocation_table",
    "heating_season",
    "hours_without_h",
    "load_portfolio",
    "marginal_values",
    "outage_blocks",
    "run_portfolio",
    "solve_exact",
    "solve_greedy",
    "water_day",
    "water_days",
]
