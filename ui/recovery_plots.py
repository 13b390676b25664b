"""Charts of a repair plan (issue 16): people with water by day per rule, and a Gantt chart of a schedule."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from teplovoda.ui.i18n import num, t  # noqa: E402

PEOPLE_PER_THOUSAND = 1000.0


def _save(fig, ax, path, title: str, fontsize: float | None = None) -> None:
    """Title the chart on its left, lay it out, write it to ``path`` and free the figure."""
    ax.set_title(title, loc="left", **({"fontsize": fontsize} if fontsize else {}))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def repair_label(repair) -> str:
    """A repair as the charts and tables name it: the element and its type from the catalogue."""
    return t("recovery.repair_label", element=repair.element, type=t(f"recovery.type.{repair.element_type}"))


def service_curve_chart(rec, path, *, title: str = "") -> None:
    """People with water (thousands) against days, one step line per rule, the intact level dashed."""
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=110)
    last = max(c["day"].max() for c in rec.curves.values())
    styles = ("-", "--", "-.", ":")
    for k, (rule, curve) in enumerate(rec.curves.items()):
        days = list(curve["day"]) + [last + 1]
        people = list(curve["people_with_water"] / PEOPLE_PER_THOUSAND)
        ax.step(
            days,
            people + people[-1:],
            where="post",
            linestyle=styles[k % len(styles)],
            label=t(f"recovery.rule.{rule}")
            + ": "
            + t("recovery.person_days_short", value=num(rec.person_days[rule] / PEOPLE_PER_THOUSAND)),
        )
    ax.axhline(rec.people_with_water_intact / PEOPLE_PER_THOUSAND, color="grey", linestyle="--", label=t("recovery.intact"))
    ax.set_xlabel(t("recovery.day"))
    ax.set_ylabel(t("recovery.people_with_water_k"))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="lower right")
    _save(fig, ax, path, title or t("recovery.curve_title"))


def blackout_chart(daily, path, *, title: str = "") -> None:
    """Person-days without water from blackouts in each day (thousands), one step line per option
    (:func:`teplovoda.models.recovery.blackout.daily_loss`); the area under a line is its total."""
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=110)
    styles = ("-", "--", "-.", ":")
    days = list(daily.index) + [daily.index[-1] + 1]
    for k, name in enumerate(daily.columns):
        values = list(daily[name] / PEOPLE_PER_THOUSAND)
        label = (t("blackout.no_generator") if k == 0 else name) + ": "
        label += t("recovery.person_days_short", value=num(daily[name].sum() / PEOPLE_PER_THOUSAND))
        ax.step(days, values + values[-1:], where="post", linestyle=styles[k % len(styles)], label=label)
    ax.set_xlabel(t("recovery.day"))
    ax.set_ylabel(t("blackout.loss_axis"))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper right")
    _save(fig, ax, path, title or t("blackout.chart_title"))


def gantt_chart(rec, rule: str, path, *, title: str = "") -> None:
    """One row per crew, a bar per repair from its start to its end day, labelled with the element."""
    jobs_gantt(rec.schedules[rule].jobs, path, title=title or t("recovery.gantt_title", rule=t(f"recovery.rule.{rule}")))


def jobs_gantt(jobs, path, *, title: str) -> None:
    """The Gantt chart of scheduled repairs (:class:`~teplovoda.models.recovery.schedule.Job`): a row per crew."""
    crews = sorted({(j.repair.trade, j.crew) for j in jobs})
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.7 * len(crews)), dpi=110)
    cmap = plt.get_cmap("tab10")
    for k, job in enumerate(jobs):
        y = crews.index((job.repair.trade, job.crew))
        ax.barh(y, job.end_day - job.start_day, left=job.start_day, color=cmap(k % 10), edgecolor="black", height=0.6)
        ax.text((job.start_day + job.end_day) / 2, y, job.repair.element, ha="center", va="center", fontsize=8)
    ax.set_yticks(range(len(crews)))
    ax.set_yticklabels([t("recovery.crew_label", trade=t(f"recovery.trade.{tr}"), n=c + 1) for tr, c in crews])
    ax.invert_yaxis()
    ax.set_xlabel(t("recovery.day"))
    ax.set_xlim(left=0)
    _save(fig, ax, path, title)


def _heat_axes(ax, res) -> None:
    """The intact network's people with heat dashed, the axes of people with heat (thousands) by day, the legend."""
    intact = res.intact.people_heated / PEOPLE_PER_THOUSAND
    ax.step(intact.index, intact, where="pre", color="grey", linestyle="--", label=t("recovery.intact"))
    ax.set_xlabel(t("recovery.day"))
    ax.set_ylabel(t("rheat.people_with_heat_k"))
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.legend(fontsize=8, loc="center right")


def heat_service_chart(res, path, *, title: str = "") -> None:
    """People with heat (thousands) against days, one step line per heat plan and the intact network dashed."""
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=110)
    styles = ("-", "--", "-.", ":")
    for k, (name, p) in enumerate(res.plans.items()):
        label = name + ": " + t("rheat.person_days_short", value=num(p.person_days_without / PEOPLE_PER_THOUSAND))
        ax.step(p.people_heated.index, p.people_heated / PEOPLE_PER_THOUSAND, where="pre", linestyle=styles[k % 4], label=label)
    _heat_axes(ax, res)
    _save(fig, ax, path, title or t("rheat.curve_title"))


def heat_gain_chart(res, plan: str, path, *, label: str, do_nothing_label: str, title: str) -> None:
    """One plan's people with heat (thousands) by day against "no action", the area between them shaded.

    The shaded area is the person-days of heat the plan restores (where it heats more people than doing
    nothing; a day it heats fewer is shaded grey).
    """
    from teplovoda.models.recovery.heat import NO_ACTION

    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
    p = res.plans[plan].people_heated / PEOPLE_PER_THOUSAND
    base = res.plans[NO_ACTION].people_heated / PEOPLE_PER_THOUSAND
    ax.fill_between(p.index, base, p, where=p >= base, step="pre", color="#2ca02c", alpha=0.3, label=t("rcompare.gained"))
    ax.fill_between(p.index, base, p, where=p < base, step="pre", color="#999999", alpha=0.3)
    ax.step(p.index, p, where="pre", color="#2ca02c", label=label)
    ax.step(base.index, base, where="pre", color="#d62728", linestyle="-.", label=do_nothing_label)
    _heat_axes(ax, res)
    _save(fig, ax, path, title, fontsize=10)


def water_gain_chart(curves, option: str, do_nothing: str, path, *, title: str) -> None:
    """One water plan's people with water (thousands) against the repairs alone, the area between them shaded.

    ``curves``: :func:`teplovoda.models.recovery.water_plans.step_curves` (index = the day each stage starts, a step
    after each row; ``intact`` and one column per plan named as shown). The shaded area is the person-days of water
    the option restores (grey where it gives water to fewer people than the repairs alone).
    """
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
    days = curves.index.to_numpy(float)
    p, base = curves[option] / PEOPLE_PER_THOUSAND, curves[do_nothing] / PEOPLE_PER_THOUSAND
    ax.fill_between(days, base, p, where=p >= base, step="post", color="#2ca02c", alpha=0.3, label=t("rcompare.gained"))
    ax.fill_between(days, base, p, where=p < base, step="post", color="#999999", alpha=0.3)
    ax.step(days, p, where="post", color="#2ca02c", label=option)
    ax.step(days, base, where="post", color="#d62728", linestyle="-.", label=do_nothing)
    ax.step(days, curves["intact"] / PEOPLE_PER_THOUSAND, where="post", color="grey", linestyle="--", label=t("recovery.intact"))
    ax.set_xlabel(t("recovery.day"))
    ax.set_ylabel(t("recovery.people_with_water_k"))
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0, right=float(days[-1]))
    ax.legend(fontsize=8, loc="lower right")
    _save(fig, ax, path, title, fontsize=10)


__all__ = [
    "service_curve_chart",
    "gantt_chart",
    "jobs_gantt",
    "repair_label",
    "heat_service_chart",
    "heat_gain_chart",
    "water_gain_chart",
]


def person_days_histogram(table, columns: dict, path, *, xlabel: str, title: str) -> None:
    """A Monte Carlo sweep's person-days (thousands) per sample: one step histogram per column of ``table``
    (``columns``: column -> label), on shared bins."""
    import numpy as np

    bins = np.histogram_bin_edges(table[list(columns)].to_numpy(float) / PEOPLE_PER_THOUSAND, bins=20)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    styles = ["solid", "dashed", "dotted", "dashdot"]
    for k, (column, label) in enumerate(columns.items()):
        values = table[column] / PEOPLE_PER_THOUSAND
        ax.hist(values, bins=bins, histtype="step", linewidth=2.0, linestyle=styles[k % 4], label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(t("cli.col.samples"))
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10, loc="left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
