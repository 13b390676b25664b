"""Does counting lead times change a comparison's ranking, and why (issue 16: "Its ranking says whether it changes
once lead times count, and why").

A comparison whose base carries ``[recovery]`` ranks twice: the snapshot on the cost per person per year (every
option in service at once, the scenario's weather; ``snapshot_rank``) and the over-days table on the cost per
person-day restored over the horizon, with the options' lead times and repairs' ends and the staged plans
(``rank``; :func:`~teplovoda.models.costing.compare.recovery.over_days_table`). :func:`rank_verdict` compares the
two on that table and returns a :class:`RankVerdict`: whether the first place is the same, every row's two ranks
(:class:`Standing`), the two rows the answer is about (``leader``: first over days; ``other``: the row it is
weighed against) and the figures that explain it: the day each enters service, the people it serves once in
service (the snapshot's), its person-days restored over the horizon, its cost and cost per person-day, the day its
critical facility is served again.

**Which row is weighed against the leader** (``case``):

* the first place is the same (``unchanged``, ``unchanged_later``): the option ranked in both tables that enters
  service earliest (the one lead times could have favoured; the over-days rank breaks a tie of days), else a
  staged plan; ``unchanged_later`` when it enters service before the leader, which stays first all the same;
  ``unchanged_failing`` when no other row is ranked over days (the snapshot's runner-up, which fails over days);
* the first place changes: the snapshot's first (``changed``; ``changed_earlier`` when the leader enters service
  earlier, serves fewer people in the snapshot and restores more person-days: its earlier service outweighs its
  smaller snapshot figure; ``changed_cheaper`` when it enters service earlier and serves fewer people but restores
  fewer person-days too: it wins on its cost over days; ``changed_plan`` when the leader is a staged plan, which
  has no snapshot; ``failing`` when the snapshot's first gets no rank over days: it restores no person-days within
  the horizon or has no cost);
* ``tie`` (two rows share the first place over days), ``tie_snapshot`` (two options share it in the snapshot
  only), ``single`` (one row is ranked and no other option in the snapshot), ``no_snapshot`` (rows ranked over
  days, none in the snapshot), ``none`` (nothing ranked over days).

``moved``: the options ranked in both tables whose place among those options differs (the staged plans, which
have no snapshot, do not move anyone). The sentence is :func:`render`'s, from the verdict's figures, with the
words of a :class:`Words` (:data:`ENGLISH` here; the UI's in the reader's language).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import asdict, dataclass, field

import pandas as pd

#: The English sentence of each case (the catalogue's ``why.rank.<case>``; :func:`render` appends the clauses).
TEMPLATES = {
    "none": "No option or plan restores person-days over {days} days at a known cost, so nothing is ranked over days",
    "single": "{a} is the only one ranked, in the snapshot and over days, so lead times change no order: it works "
    "from day {a_day}, {a_serves} and over {days} days restores {a_pd} person-days at {a_cost} EUR each",
    "no_snapshot": "No option is ranked in the snapshot; over {days} days {a} is first: it works from day {a_day} "
    "and restores {a_pd} person-days at {a_cost} EUR each",
    "tie": "Over {days} days {a} and {b} tie for first at {a_cost} EUR per person-day: {a} works from day {a_day} "
    "and restores {a_pd} person-days, {b} works from day {b_day} and restores {b_pd}; first in the snapshot: {s}",
    "tie_snapshot": "{s} tie for first in the snapshot; once lead times count {a} is first alone: it works from "
    "day {a_day} and over {days} days restores {a_pd} person-days at {a_cost} EUR each against {b_pd} at {b_cost} "
    "EUR for {b} from day {b_day}",
    "unchanged": "Counting lead times does not change the first place: {a} works from day {a_day}, no later than "
    "{b} (day {b_day}), and {a_serves}: over {days} days it restores {a_pd} person-days at {a_cost} EUR each "
    "against {b_pd} at {b_cost} EUR",
    "unchanged_later": "Counting lead times does not change the first place: {b} works from day {b_day} but "
    "{b_serves}; {a} works from day {a_day} and {a_serves}: over {days} days {a} restores {a_pd} person-days at "
    "{a_cost} EUR each against {b_pd} at {b_cost} EUR, so the lead time does not change the order",
    "unchanged_failing": "Counting lead times does not change the first place: {a} is first in both (it works from "
    "day {a_day}, {a_serves} and over {days} days restores {a_pd} person-days at {a_cost} EUR each); {b}, ranked "
    "{b_snap} in the snapshot, gets no rank over days: {reason}",
    "failing": "Counting lead times changes the first place: {b}, first in the snapshot, gets no rank over {days} "
    "days ({reason}); {a} is first over days: it works from day {a_day}, {a_serves} and restores {a_pd} "
    "person-days at {a_cost} EUR each",
    "changed": "Counting lead times changes the first place: {a} overtakes {b}: it works from day {a_day} (against "
    "day {b_day}) and {a_serves} (against {b_people}): over {days} days it restores {a_pd} person-days at {a_cost} "
    "EUR each against {b_pd} at {b_cost} EUR",
    "changed_earlier": "Counting lead times changes the first place: {a} overtakes {b}: it works from day {a_day} "
    "against day {b_day}, and that earlier service outweighs its smaller snapshot figure ({a_people} people against "
    "{b_people}): over {days} days it restores {a_pd} person-days at {a_cost} EUR each against {b_pd} at {b_cost} EUR",
    "changed_cheaper": "Counting lead times changes the first place: {a} overtakes {b} on cost: it works from day "
    "{a_day} against day {b_day} but over {days} days restores fewer person-days ({a_pd} against {b_pd}); it costs "
    "{a_eur} EUR against {b_eur} EUR, so {a_cost} EUR each against {b_cost} EUR",
    "changed_plan": "Counting lead times changes the first place: the staged plan {a} (it has no snapshot) "
    "overtakes {b}: it works from day {a_day}, in stages, and over {days} days restores {a_pd} person-days at "
    "{a_cost} EUR each against {b_pd} at {b_cost} EUR for {b} from day {b_day}",
}
#: Why a row ranked in the snapshot gets no rank over days.
REASONS = {
    "restores_none": "it restores no person-days within the horizon",
    "no_cost": "it has no cost over days (cost_eur of [[recovery.options]])",
}
#: The clauses :func:`render` appends (English; the catalogue's ``rank.<key>``).
CLAUSES = {
    "cold.people_heated": "with {option} the hospital stays cold for {cold_days} days (heated again from day {day})",
    "never.people_heated": "with {option} the hospital is not heated again within {days} days",
    "cold.people_added": "with {option} the critical district is without water for {cold_days} days",
    "never.people_added": "with {option} the critical district has no water again within {days} days",
    "moved": "lower down the order changes: {moves}",
    "move": "{option} from place {before} to {after}",
    "serves.people_heated": "keeps {people} people warm",
    "serves.people_added": "gives water to {people} more people",
    "serves.plan": "works in stages (a staged plan has no snapshot)",
    "and": "and",
    "quoted": "“{name}”",
}


def _ranked(v) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(float(v))


@dataclass(frozen=True)
class Standing:
    """One row of the over-days table in both rankings (NaN rank: not ranked there) and the figures behind them.

    Units: days (``in_service_day``, ``critical_restored_day``; infinite: not within the horizon), people,
    person-days, EUR, EUR per person-day, EUR per person per year.
    """

    name: str
    is_plan: bool
    snapshot_rank: float
    over_days_rank: float
    in_service_day: float
    critical_restored_day: float
    people: float
    person_days_restored: float
    cost_eur: float
    cost_per_person_day_eur: float
    cost_per_person_year_eur: float

    @classmethod
    def of(cls, name: str, row: pd.Series, people_column: str) -> Standing:
        """The standing of the over-days table's row ``name``."""
        f = lambda c: float(row[c]) if c in row and row[c] == row[c] else math.nan  # noqa: E731
        return cls(
            str(name), row.get("row_kind") == "plan", f("snapshot_rank"), f("rank"), f("in_service_day"),
            f("days_to_critical_restored"), f(people_column), f("person_days_restored"), f("cost_eur"),
            f("cost_per_person_day_restored_eur"), f("cost_per_person_year_eur"),
        )  # fmt: skip


@dataclass(frozen=True)
class RankVerdict:
    """What :func:`rank_verdict` found (see the module doc): ``case``, the first places of both rankings, the
    ``leader`` and the ``other`` row it is weighed against, ``moved`` ((option, place before, place after) among
    the options ranked in both), every row's :class:`Standing`, the horizon (days), ``reason`` (a key of
    :data:`REASONS` when ``other`` gets no rank over days) and ``why`` (the English sentence, :func:`render` with
    :data:`ENGLISH`)."""

    case: str
    same_first: bool
    snapshot_first: tuple
    over_days_first: tuple
    leader: Standing | None
    other: Standing | None
    moved: tuple
    standings: dict
    horizon_days: float
    people_column: str
    reason: str = ""
    why: str = field(default="", compare=False)

    def to_dict(self) -> dict:
        """The verdict as plain data (for comparison.json)."""
        out = asdict(self)
        out["why"] = str(self.why)
        return out


def _order(rows: list[Standing], rank: str) -> list[Standing]:
    return sorted((s for s in rows if _ranked(getattr(s, rank))), key=lambda s: getattr(s, rank))


def _moved(snap: list[Standing], days: list[Standing]) -> tuple:
    both = {s.name for s in snap} & {s.name for s in days}
    place = lambda rows, rank: {  # noqa: E731
        s.name: 1 + len({getattr(x, rank) for x in rows if x.name in both and getattr(x, rank) < getattr(s, rank)})
        for s in rows
        if s.name in both
    }
    before, after = place(snap, "snapshot_rank"), place(days, "over_days_rank")
    return tuple((n, before[n], after[n]) for n in [s.name for s in snap] if n in both and before[n] != after[n])


def _same_first_case(leader: Standing, snap: list[Standing], days: list[Standing]) -> tuple[str, Standing]:
    others = [s for s in days if s.name != leader.name]
    pool = [s for s in others if _ranked(s.snapshot_rank)] or others
    if not pool:  # the others of the snapshot all fail over days
        return "unchanged_failing", next(s for s in snap if s.name != leader.name)
    other = min(pool, key=lambda s: (s.in_service_day, s.over_days_rank))
    return ("unchanged_later" if other.in_service_day < leader.in_service_day else "unchanged"), other


def _case(snap, days, s_first, o_first, st) -> tuple[str, Standing | None, Standing | None]:
    if not days:
        return "none", None, None
    leader = days[0]
    if len(o_first) > 1:
        return "tie", leader, st[o_first[1]]
    if len(s_first) > 1:
        return "tie_snapshot", leader, st[next(n for n in s_first if n != leader.name)]
    if not snap:
        return "no_snapshot", leader, None
    if len(days) == 1 and all(s.name == leader.name for s in snap):
        return "single", leader, None
    first = snap[0]
    if first.name == leader.name:
        case, other = _same_first_case(leader, snap, days)
        return case, leader, other
    if not _ranked(first.over_days_rank):
        return "failing", leader, first
    if leader.is_plan:
        return "changed_plan", leader, first
    if leader.in_service_day < first.in_service_day and leader.people < first.people:
        earlier = leader.person_days_restored > first.person_days_restored  # its head start restores more
        return ("changed_earlier" if earlier else "changed_cheaper"), leader, first
    return "changed", leader, first


def _reason(s: Standing | None) -> str:
    if s is None or _ranked(s.over_days_rank):
        return ""
    return "no_cost" if s.person_days_restored > 0 else "restores_none"


def rank_verdict(over: pd.DataFrame, people_column: str, horizon_days: float) -> RankVerdict:
    """Compare the snapshot ranking with the over-days one (see the module doc).

    Parameters
    ----------
    over : DataFrame
        The over-days table (:func:`~teplovoda.models.costing.compare.recovery.over_days_table`): index = option or
        plan; ``snapshot_rank``, ``rank``, ``row_kind``, ``in_service_day``, ``days_to_critical_restored``,
        ``people_column``, ``person_days_restored``, ``cost_eur``, ``cost_per_person_day_restored_eur``,
        ``cost_per_person_year_eur``.
    people_column : str
        What a row serves once in service (``people_heated``; water: ``people_added``, over doing nothing).
    horizon_days : float
        The recovery horizon (days).
    """
    st = {str(n): Standing.of(n, r, people_column) for n, r in over.iterrows()}
    snap, days = _order(list(st.values()), "snapshot_rank"), _order(list(st.values()), "over_days_rank")
    s_first = tuple(s.name for s in snap if s.snapshot_rank == snap[0].snapshot_rank) if snap else ()
    o_first = tuple(s.name for s in days if s.over_days_rank == days[0].over_days_rank) if days else ()
    case, leader, other = _case(snap, days, s_first, o_first, st)
    verdict = RankVerdict(
        case, bool(o_first) and set(s_first) == set(o_first), s_first, o_first, leader, other,
        _moved(snap, days) if case.startswith("unchanged") else (), st, float(horizon_days), people_column,
        _reason(other),
    )  # fmt: skip
    return dataclasses.replace(verdict, why=render(verdict, ENGLISH))


@dataclass(frozen=True)
class Words:
    """How :func:`render` writes: ``text(key, **values)`` a template (``why.rank.<case>``, ``rank.<clause>``),
    ``name(row)`` a row's name, ``count``, ``cost``, ``day`` a number."""

    text: object
    name: object
    count: object
    cost: object
    day: object


def _english_text(key: str, **values) -> str:
    if key.startswith("why.rank."):
        template = TEMPLATES[key.removeprefix("why.rank.")]
    elif key.startswith("rank.reason."):
        template = REASONS[key.removeprefix("rank.reason.")]
    else:
        template = CLAUSES[key.removeprefix("rank.")]
    return template.format(**values)


def _english_cost(v: float) -> str:
    """Three significant figures, as :func:`teplovoda.ui.i18n.snum` writes them in English."""
    if not _ranked(v) or v == 0:
        return "–" if not _ranked(v) else "0"
    s = float(f"{v:.3g}")
    return f"{s:,.{max(2 - math.floor(math.log10(abs(s))), 0)}f}"


#: The words of the model's own sentence (``RankVerdict.why``): English, numbers as the UI writes them in English.
ENGLISH = Words(
    _english_text,
    lambda n: CLAUSES["quoted"].format(name=n),
    lambda v: "–" if not _ranked(v) else f"{v:,.0f}",
    _english_cost,
    lambda v: "–" if not _ranked(v) else f"{v:g}",
)


def _serves(v: RankVerdict, s: Standing, w: Words) -> str:
    if s.is_plan or not _ranked(s.people):
        return w.text("rank.serves.plan")
    return w.text(f"rank.serves.{v.people_column}", people=w.count(s.people))


def _values(v: RankVerdict, w: Words) -> dict:
    out = {"days": w.day(v.horizon_days), "s": f" {w.text('rank.and')} ".join(w.name(n) for n in v.snapshot_first)}
    for tag, s in (("a", v.leader), ("b", v.other)):
        if s is None:
            continue
        out |= {
            tag: w.name(s.name), f"{tag}_day": w.day(s.in_service_day), f"{tag}_serves": _serves(v, s, w),
            f"{tag}_people": w.count(s.people), f"{tag}_pd": w.count(s.person_days_restored),
            f"{tag}_cost": w.cost(s.cost_per_person_day_eur), f"{tag}_snap": w.day(s.snapshot_rank),
            f"{tag}_eur": w.count(s.cost_eur),
        }  # fmt: skip
    if v.reason:
        out["reason"] = w.text(f"rank.reason.{v.reason}")
    return out


def _cold(v: RankVerdict, w: Words) -> list[str]:
    out = []
    for s in (v.leader, v.other):
        if s is None or math.isnan(s.critical_restored_day) or s.critical_restored_day <= 0:
            continue
        if math.isinf(s.critical_restored_day):
            out.append(w.text(f"rank.never.{v.people_column}", option=w.name(s.name), days=w.day(v.horizon_days)))
        else:
            day = w.day(s.critical_restored_day)
            out.append(w.text(f"rank.cold.{v.people_column}", option=w.name(s.name), cold_days=day, day=day))
    return out


def render(v: RankVerdict, w: Words) -> str:
    """The verdict in one sentence: the case's template, the critical facility's days without service for the two
    rows it names, and the options that move lower down the order."""
    parts = [w.text(f"why.rank.{v.case}", **_values(v, w)), *_cold(v, w)]
    if v.moved:
        moves = ", ".join(w.text("rank.move", option=w.name(n), before=b, after=a) for n, b, a in v.moved)
        parts.append(w.text("rank.moved", moves=moves))
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


__all__ = ["RankVerdict", "Standing", "Words", "ENGLISH", "TEMPLATES", "REASONS", "CLAUSES", "rank_verdict", "render"]
