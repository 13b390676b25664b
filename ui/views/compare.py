"""The costed comparison on the Compare page: the assumptions form, the answer in one sentence, the table, charts, downloads."""

from __future__ import annotations

import math

import streamlit as st

from teplovoda.ui import charts, scenarios
from teplovoda.ui.i18n import language, num, qty, snum, t
from teplovoda.ui.report import (
    MESSAGE_COLUMNS,
    RECOVERY,
    best_over_days,
    blackout_table,
    comparison_files,
    exchange_rates_text,
    export_table,
    head_table,
    option_names,
    options_csv,
    over_days_export,
    over_days_names,
    ranking_sentence,
    reason,
    recovery_curves,
    recovery_headline,
    recovery_names,
    sources_csv,
    sources_table,
)
from teplovoda.ui.widgets import attempt, table


def form(cmp, ns: str):
    """Economics and fuel prices, in an expander (the first screen stays the answer); the edited comparison or None."""
    e = cmp.economics
    # the header is drawn before the form's inputs: after Recalculate it shows what they now hold, not the file's values
    shown_years = st.session_state.get(f"{ns}:horizon", e.horizon_years)
    shown_rate = st.session_state.get(f"{ns}:rate", 100 * e.discount_rate)
    with st.expander(t("compare.assumptions", years=int(shown_years), rate=num(shown_rate, 1), year=e.price_year)):
        with st.form(f"compare_form_{ns}"):
            c1, c2, c3 = st.columns(3)
            horizon = c1.number_input(
                t("compare.horizon_years"), min_value=1, max_value=60, value=int(e.horizon_years), step=1, key=f"{ns}:horizon"
            )
            rate = c2.number_input(
                t("compare.discount_rate_pct"),
                min_value=0.0,
                max_value=99.0,
                value=round(100 * e.discount_rate, 3),
                step=1.0,
                key=f"{ns}:rate",
            )
            flh = None
            if cmp.base.heat:
                flh = c3.number_input(
                    t("compare.full_load_hours"),
                    min_value=1.0,
                    max_value=8760.0,
                    value=float(e.full_load_hours),
                    step=100.0,
                    format="%.0f",
                    help=t("compare.full_load_hours_help"),
                    key=f"{ns}:flh",
                )
            prices = scenarios.compare_prices(cmp)
            if len(prices):
                st.caption(" ".join(x for x in (t("compare.prices_help"), exchange_rates_text(e)) if x))
                prices = st.data_editor(
                    prices,
                    num_rows="fixed",
                    disabled=["fuel", "unit", "currency", "price_year", "source"],
                    column_config={
                        "fuel": t("compare.fuel"),
                        "price": st.column_config.NumberColumn(t("compare.price"), min_value=0.0, format="%.4g"),
                        "unit": t("compare.per_unit"),
                        "currency": t("compare.currency"),
                        "price_year": st.column_config.NumberColumn(t("compare.price_year"), format="%d"),
                        "source": t("compare.source"),
                    },
                    hide_index=True,
                    width="stretch",
                    key=f"{ns}:prices",
                )
            st.form_submit_button(t("compare.recalculate"), type="primary")
    return attempt(
        lambda: scenarios.edit_compare(
            cmp, horizon_years=horizon, discount_rate=rate / 100, full_load_hours=flh, prices=prices if len(prices) else None
        )
    )


def _best_services(b, cost: str) -> str:
    return t(
        "compare.best_services",
        option=b.name,
        heated=qty(b["people_heated"], "people"),
        water=qty(b["people_with_water"], "people"),
        hours=num(b["hours_of_full_water_service_per_person"]),
        cost=cost,
    )


def _best_heat(b, cost: str) -> str:
    return t("compare.best_heat", option=b.name, people=qty(b["people_heated"], "people"), cost=cost)


def _best_water(b, cost: str) -> str:
    return t("compare.best_water", option=b.name, people=qty(b["people_added"], "people"), cost=cost)


#: The headline sentence per comparison type (``Comparison.kind``).
BEST = {"cogeneration": _best_services, "heat": _best_heat, "generator": _best_water, "water": _best_water}
#: The label of what the cost per person is per (``Comparison.per``).
PER = {"person": "compare.per_person", "person-service": "compare.per_person_service"}


def headline(result) -> str:
    """The answer in one plain sentence: the best-value option, the people it serves and its cost per person per year."""
    o = result.options
    if result.over_days is not None:  # [recovery] in the base: the first over days, an option or a staged plan
        b = best_over_days(result)
        return t("compare.no_option") if b is None else recovery_headline(result, over_days_names(result)[b.name])
    best = o[o["rank"] == 1]
    if not len(best):
        return t("compare.no_option")
    b = best.iloc[0].rename(option_names(result)[best.index[0]])  # the option as the language names it
    if best.index[0] == "do nothing":
        return t("compare.best_do_nothing")
    if result.recovery is not None:  # [recovery] in the base: ranked on cost per person-day restored
        return recovery_headline(result, b.name)
    return BEST[result.kind](b, t("compare.money", amount=snum(b["cost_per_person_year_eur"])))


def results(result) -> None:
    """What a programme officer reads first (the answer, one table), then charts, detail and downloads."""
    o, e = result.options.rename(index=option_names(result)), result.scenario.economics
    st.success(headline(result), icon=":material/thumb_up:")
    if result.over_days is not None:  # does counting lead times change the ranking, and why
        st.info(ranking_sentence(result), icon=":material/swap_vert:")
    for name, r in o[~o["feasible"].astype(bool)].iterrows():
        st.markdown(f"- {t('compare.fails_because', option=name, why=reason(r['why_not']) or '–')}")
    per = t(PER[result.per])
    served = {
        "people_heated": "col.people_heated",
        "people_with_water": "col.people_with_water",
        "hours_of_full_water_service_per_person": "col.water_hours",
        "person_services_added": "col.person_services_added",
        "people_served": "col.people_served",
        "people_added": "col.people_added",
        "hours_of_full_service_per_person": "col.water_hours",
        "generator_kva": "col.generator_kva",
    }
    rows = head_table(result)  # the options, and with [recovery] each staged plan (no snapshot: its cells empty)
    main = rows.assign(
        verdict=[t("compare.meets") if f else t("compare.fails") for f in rows["feasible"]],
        rank_text=["–" if r != r else str(int(r)) for r in rows["rank"]],
        # text in three significant figures: the table would round a cost of 0.293 EUR to "0" (its column is in EUR)
        cost_text=[snum(c) if math.isfinite(c) else "–" for c in rows["cost_per_person_year_eur"].astype(float)],
        **{c: [reason(w) for w in rows[c]] for c in MESSAGE_COLUMNS if c in rows},
    )
    if "snapshot_rank" in rows:
        main["snapshot_rank"] = ["–" if r != r else str(int(r)) for r in rows["snapshot_rank"]]
    if "days_to_critical_restored" in rows:  # infinite: not within the horizon
        main["days_to_critical_restored"] = [
            "–" if d != d else num(d) if math.isfinite(d) else t("unit.never") for d in rows["days_to_critical_restored"]
        ]
    # the rank is shown as text (rank_text), labelled below as the over-days rank
    recovery_labels = {c: k for c, k in RECOVERY[result.kind].labels if c != "rank"} if result.recovery is not None else {}
    table(
        main,
        {
            **{c: k for c, k in served.items() if c in o},
            "cost_text": "col.cost_per_person_year_eur",
            "snapshot_rank": "export.col.snapshot_rank",
            "rank_text": "col.rank",
            "verdict": "col.verdict",
            "npc_eur": "col.npc_eur",
            "capex_eur": "col.capex_eur",
            "person_days_without_heat": "export.col.person_days_without_heat",
            "person_days_without_water": "export.col.person_days_without_water",
            "days_to_critical_restored": "export.col.days_to_critical_restored",
            "freeze_damaged_buildings": "export.col.freeze_damaged_buildings",
            "freeze_repair_cost_eur": "export.col.freeze_repair_cost_eur",
            "freeze_repairs_avoided_eur": "export.col.freeze_repairs_avoided_eur",
            "cost_per_person_day_restored_eur": "export.col.cost_per_person_day_restored_eur",
            "co2_t_per_year": "col.co2_t_per_year",
            "fuel_logistics": "col.fuel_logistics",
            "fuel_use": "col.fuel_use",
            "why_not": "col.why_not",
            **recovery_labels,
            **({"rank_text": "rcompare.col.rank"} if result.recovery is not None else {}),
        },
        index_label="col.option",
        width="stretch",
    )
    how = t("compare.how_to_read", year=e.price_year, years=e.horizon_years, rate=num(100 * e.discount_rate, 1), per=per)
    st.caption(" ".join(x for x in (how, exchange_rates_text(e)) if x))
    unit_label = t("compare.cost_axis", per=per)
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(f"**{t('compare.chart_cost')}**")
        st.altair_chart(charts.cost_per_person(o, result.benefit, unit_label), width="stretch")
        st.markdown(f"**{t('compare.chart_co2')}**")
        if (o["co2_t_per_year"] > 0).any():
            st.altair_chart(charts.co2(o), width="stretch")
        else:  # an empty chart would only show a 0 axis
            st.caption(t("compare.no_co2"))
    with c2:
        col = result.people_column
        st.markdown(f"**{t('compare.chart_pareto')}**")
        st.altair_chart(charts.pareto(o, col, t(served.get(col, "col.people_served"))), width="stretch")
        st.caption(t("compare.pareto_help"))
    if result.recovery is not None:
        _recovery(result)
    if result.blackout is not None:
        st.subheader(t("rcompare.blackout.title"))
        st.caption(t("rcompare.blackout.intro", days=num(result.heat_run.scenario.recovery.horizon_days)))
        st.dataframe(blackout_table(result), width="stretch", hide_index=True, placeholder="—")
    with st.expander(t("compare.detail")):
        st.dataframe(export_table(result), width="stretch", hide_index=True, placeholder="—")  # labelled, with units, as exported
        st.markdown(f"**{t('compare.sources')}**")
        st.dataframe(sources_table(result), width="stretch", hide_index=True, placeholder="—")
    _downloads(result, o)


def _recovery(result) -> None:
    """Recovery over days: per option its people served against doing nothing (area = person-days gained; for water
    against the crews' repairs alone), the repair schedule's Gantt chart."""
    from teplovoda.models.recovery.heat import NO_ACTION

    rec, names, view = result.recovery, recovery_names(result), RECOVERY[result.kind]
    curves = recovery_curves(result)
    base = rec.plans[NO_ACTION].person_days_without
    st.subheader(t("rcompare.title"))
    st.caption(t(view.intro))
    if result.over_days is not None:  # the options and the staged plans, ranked on cost per person-day restored
        st.markdown(f"**{t('rcompare.over_days_title')}**")
        st.dataframe(over_days_export(result), width="stretch", hide_index=True, placeholder="—")
    plans = [p for p in rec.plans if p != NO_ACTION]
    for col, plan in zip(st.columns(2) * len(plans), plans):
        with col:
            value = num((base - rec.plans[plan].person_days_without) / 1e3, 1)
            st.markdown(f"**{t(view.curve_title, option=names[plan], value=value)}**")
            chart = charts.recovery_gain(
                curves, names[plan], names[NO_ACTION], interpolate=view.interpolate, people_label=t(view.people)
            )
            st.altair_chart(chart, width="stretch")
    if rec.repair_jobs:
        st.markdown(f"**{t('rcompare.gantt_title')}**")
        st.altair_chart(charts.repair_gantt(rec.repair_jobs), width="stretch")


def _downloads(result, o) -> None:
    """The report, the options table (option names as shown), the workbook and the cost sources, to download."""
    st.subheader(t("compare.downloads"))
    stem = result.scenario.path.stem
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    lang = language()  # now, in the session: the files are made when clicked, maybe outside it
    files = [  # label key, data (bytes, or a function the button calls when clicked), file name, type, widget key
        (
            "download.html",
            lambda: comparison_files(result, maps=True, lang=lang)["report.html"],
            "_report.html",
            "text/html",
            "compare_html",
        ),
        ("download.csv", options_csv(result), "_options.csv", "text/csv", "compare_csv"),
        (
            "download.xlsx",
            lambda: comparison_files(result, maps=False, lang=lang)["comparison.xlsx"],
            ".xlsx",
            xlsx,
            "compare_xlsx",
        ),
        (
            "download.sources_csv",
            sources_csv(result),
            "_cost_sources.csv",
            "text/csv",
            "compare_sources_csv",
        ),
    ]
    for col, (label, data, suffix, mime, key) in zip(st.columns(len(files)), files):
        col.download_button(t(label), data, file_name=f"{stem}{suffix}", mime=mime, on_click="ignore", key=key)
