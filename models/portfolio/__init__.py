"""Programme portfolio (issue 17): generator sets from an inventory allocated across many water sites.

:mod:`.spec` reads the portfolio file and its sheets; :mod:`.evaluate` checks every site against every set
type as ``teplovoda power size`` does; :mod:`.allocate` chooses (exact MILP, greedy baseline, marginal values);
:mod:`.run` puts them together.
"""

from teplovoda.models.portfolio.allocate import Problem, Solution, marginal_values, solve_exact, solve_greedy
from teplovoda.models.portfolio.evaluate import evaluate, evaluate_site, hours_without_h, outage_blocks
from teplovoda.models.portfolio.run import PortfolioRun, run_portfolio
from teplovoda.models.portfolio.spec import Portfolio, load_portfolio

__all__ = [
    "Portfolio",
    "PortfolioRun",
    "Problem",
    "Solution",
    "evaluate",
    "evaluate_site",
    "hours_without_h",
    "load_portfolio",
    "marginal_values",
    "outage_blocks",
    "run_portfolio",
    "solve_exact",
    "solve_greedy",
]
