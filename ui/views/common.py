"""What the water, heat and power views share: case names, headline metrics against intact, the damage and option
editors of the form, and the chart of people by service class per case.

Each view declares what is its own (which metrics, which columns, which service classes) and these functions draw
it, so the three pages look and behave alike and a fix lands in all of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from teplovoda.models.damage import types_of as damage_types_of
from teplovoda.ui import charts, scenarios, session
from teplovoda.ui.i18n import labeller, num, qty, t
from teplovoda.ui.widgets import _digits as table_digits


def case_label(case: str) -> str:
    """A case's name as the page shows it: intact and damaged translated, options by their own name."""
    return t(f"case.{case}") if case in ("intact", "damaged") else case


def delta(value: float, ref: float, digits: int = 0) -> str | None:
    """``value`` against the intact case's ``ref`` ("+1,200 vs intact"), None when the shown digits would not differ."""
    d = value - ref
    if not abs(d) > 10 ** (-digits) / 2:
        return None
    return f"{'+' if d > 0 else '-'}{num(abs(d), digits)} {t('results.vs_intact')}"


@dataclass(frozen=True)
class Metric:
    """One headline number: its label key, the value as shown, and optionally the change, its colour and a help text."""

    label_key: str
    value: str
    delta: str | None = None
    inverse: bool = False  # an increase is bad (people without water): red up, green down
    help: str | None = None
    label_args: dict | None = None  # values the label's text takes (``power.chosen``: the chosen kVA)


def people_metric(label_key: str, s: dict, ref: dict, column: str, *, inverse: bool = False, help: str | None = None) -> Metric:
    """A count of people in the chosen case's totals ``s``, with its change against intact's ``ref``."""
    return Metric(label_key, qty(s[column], "people"), delta(s[column], ref[column]), inverse=inverse, help=help)


#: Headline numbers are read whole: Streamlit cuts a long label or value with an ellipsis ("277,923 peo…").
#: Here a value's size follows its column's width (``cqi``: one per cent of the metric's width, so a
#: 14-character value fits a quarter of a 1280 px page on one line), from 1.1 rem up to Streamlit's own
#: 2.25 rem, and a label, value or change that still does not fit wraps instead of being cut.
METRIC_CSS = """<style>
[data-testid="stMetric"]{container-type:inline-size}
[data-testid="stMetric"] *{white-space:normal!important;overflow-wrap:anywhere;text-overflow:clip!important;
overflow:visible!important}
[data-testid="stMetricValue"]{font-size:clamp(1.1rem,11.5cqi,2.25rem);line-height:1.2}
</style>"""


def metric_row(metrics: list[Metric], widths: list[float] | None = None) -> None:
    """A row of headline numbers (``widths``: relative column widths, default equal), each read whole (:data:`METRIC_CSS`)."""
    st.html(METRIC_CSS)
    for col, m in zip(st.columns(widths or len(metrics)), metrics):
        col.metric(
            t(m.label_key, **(m.label_args or {})),
            m.value,
            m.delta,
            delta_color="inverse" if m.inverse else "normal",
            help=m.help,
        )


def damage_help(domain: str) -> str:
    """The damage table's caption: one line per declared damage type of ``domain`` (its kind and what it means)."""
    types = damage_types_of(domain)
    names = [f"{t(f'damage.{domain}.{k}', default=k)}: {t(d.help_key)};" for k, d in types.items()]
    return " ".join([t("damage.intro"), *names]).rstrip(";") + "."


def damage_param_columns(domain: str) -> dict:
    """A number column per parameter of the domain's damage types, labelled and limited as declared."""
    columns = {}
    for dtype in damage_types_of(domain).values():
        for p in dtype.params:
            b = p.bounds
            upper = b.le if b.le is not None else b.lt
            columns[p.name] = st.column_config.NumberColumn(
                t(p.label_key),
                min_value=b.ge if b.ge is not None else b.gt,
                max_value=upper,
                format="%.2f" if upper is not None and upper <= 1 else "%.0f",
            )
    return columns


def damage_editor(scn, domain: str, ns: str, elements: dict[str, list[str]]):
    """The damage table of a form: one row per damage, its type one of the domain's declared types, its element
    from the network's damageable ``elements``, a column per declared parameter."""
    kinds = {k: d.cls for k, d in damage_types_of(domain).items()}
    names = sorted({n for v in elements.values() for n in v})
    st.markdown(f"**{t('form.damage')}**")
    st.caption(damage_help(domain))
    return session.kept_table(
        st.data_editor,
        scenarios.damage_rows(scn.damage, kinds),
        num_rows="dynamic",
        column_config={
            "type": st.column_config.SelectboxColumn(
                t("form.damage_type"), options=list(kinds), required=True, format_func=labeller(f"damage.{domain}.")
            ),
            "element": st.column_config.SelectboxColumn(t("form.element"), options=names or None),
            **damage_param_columns(domain),
        },
        width="stretch",
        placeholder="",  # a parameter the damage type does not take is blank, not a grey "None"
        key=f"{ns}:damage",
    )


def option_editor(
    scn, ns: str, what: str, rows: Callable[[object], pd.DataFrame], help_key: str, disabled: list[str], columns: dict
):
    """The options of a form: which to run, and a fixed table of what each adds (``rows(scn)``: the ``what``, pipes or
    sources, of every option).

    Returns (chosen option names, the edited table or None when there is nothing to edit).
    """
    names = [o.name for o in scn.options]
    if not names:
        return names, None
    chosen = session.kept(st.multiselect, t("form.options"), names, default=names, key=f"{ns}:options", options=names)
    table = rows(scn)
    if not len(table):
        return chosen, None
    st.caption(t(help_key))
    edited = session.kept_table(
        st.data_editor,
        table,
        num_rows="fixed",
        disabled=disabled,
        column_config={"option": t("form.option"), **columns},
        hide_index=True,
        width="stretch",
        placeholder="",
        key=f"{ns}:{what}",
    )
    return chosen, edited


def not_converged_warnings(results: dict) -> None:
    """One warning per case whose solve did not converge (``results``: case -> result with converged, reason)."""
    for case, res in results.items():
        if not res.converged:
            st.warning(t("results.not_converged", case=case_label(case), reason=res.reason))


def service_chart(title_key: str, totals: dict[str, dict], classes: dict[str, str], colors: list[str]) -> None:
    """People by service class in every case (``totals``: case -> its totals; ``classes``: column -> label key)."""
    st.subheader(t(title_key))
    by_case = pd.DataFrame(totals).T.rename(index=case_label)
    st.altair_chart(charts.service_by_case(by_case, {c: t(k) for c, k in classes.items()}, colors), width="stretch")


# --- tables a user reads: names for codes, a dash for what is not there ------------------------------------

#: What a table cell shows for a value there is none of (the supply temperature of a building no water reaches,
#: the pressure of a node cut off, a damage without detail). Streamlit would show "None" or "nan".
MISSING = "—"


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value == ""


def readable(df: pd.DataFrame, codes: dict[str, Callable[[object], str]] | None = None) -> pd.DataFrame:
    """``df`` as its table shows it: every code column in ``codes`` (column -> code -> label) by its name, and
    every missing value as :data:`MISSING`.

    A number column with a missing or infinite value is written out here, rounded as
    :func:`teplovoda.ui.widgets.table` rounds it ("never" for an infinite duration, a column ending ``_h``),
    since one text cell makes the whole column text; other number columns stay numbers for ``table``.
    """
    out = {}
    for c in df.columns:
        col = df[c]
        if codes and c in codes:
            label = codes[c]
            col = col.map(lambda v, f=label: MISSING if _missing(v) else f(v))
        elif pd.api.types.is_float_dtype(col) and not col.map(math.isfinite).all():
            col = col.map(lambda v, c=c: _number_text(v, c))
        elif col.dtype == object:
            col = col.map(lambda v: MISSING if _missing(v) else v)
        out[c] = col
    return pd.DataFrame(out, index=df.index)


def _number_text(value: float, column: str) -> str:
    if math.isnan(value):
        return MISSING
    if math.isinf(value) and value > 0 and column.endswith("_h"):
        return t("unit.never")
    return num(value, table_digits(column))


def find_on_map(names: list[str], key: str) -> str | None:
    """A box to find one of the map's elements by name (``names``: :func:`teplovoda.ui.charts.map_element_names`);
    the name chosen, or None."""
    return session.kept(
        st.selectbox,
        t("map.find"),
        names,
        index=None,
        placeholder=t("map.find_placeholder"),
        help=t("map.find_help"),
        key=key,
        options=names,
    )


def basemap(place) -> str | None:
    """The basemap's tile URL template for a map in real coordinates (``place``), or None: no tiles.

    Tiles exist only when ``TEPLOVODA_BASEMAP_URL`` is set (:func:`teplovoda.ui.charts.basemap_template`);
    then the sidebar shows a switch for them, on at first (setting the address is the choice to use it)
    and kept for the session. A map in the network's own units never gets tiles."""
    try:
        template = charts.basemap_template()
    except ValueError as exc:
        st.sidebar.warning(str(exc))
        return None
    if template is None or place is None:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(template).hostname or template
    on = st.sidebar.toggle(t("map.basemap"), value=True, help=t("map.basemap_help", host=host), key="basemap")
    return template if on else None


def map_caption(place, tiles: str | None) -> None:
    """Under a map in real coordinates: its extent on the ground and CRS, and the tiles' credit when they are drawn."""
    import os

    from teplovoda.ui.plots import extent_caption

    if place is None:
        return
    text = extent_caption(place)
    credit = os.environ.get(charts.BASEMAP_CREDIT_ENV, "").strip()
    if tiles is not None and credit:
        text += " · " + t("map.basemap_credit", credit=credit)
    st.caption(text)
