"""Page pieces the pages share: one-line errors, picking or uploading a scenario, tables with translated headers."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from teplovoda.models.errors import TeplovodaError
from teplovoda.ui import data, scenarios
from teplovoda.ui.i18n import error_text, labeller, language, local_description, local_name, num, t
from teplovoda.ui.scenarios import SCENARIO_DIR

logger = logging.getLogger(__name__)

#: The scenario each kind opens with: the quick-start and README examples, all fast to solve.
DEFAULT_SCENARIO = {
    "water": "water_trunk_main_break.toml",
    "heat": "heat_plant_struck_january.toml",
    "power": "power_town_water_station.toml",
    "compare": "compare_hospital_district.toml",
}
_UPLOAD_PREFIX = re.compile(r"\S*/teplovoda-uploads[-\w]*/[0-9a-f]+/")


def short_message(message: str) -> str:
    """An error line without the server's directories (shipped files relative to the repository, uploads by name)."""
    message = _UPLOAD_PREFIX.sub("", message)
    return message.replace(f"{SCENARIO_DIR.parent}/", "")


def show_error(exc: BaseException) -> None:
    """One error line: what the model said about the file, key or field, never a traceback."""
    st.error(t("error.input", message=short_message(error_text(exc))), icon=":material/error:")


def attempt(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or None after one error line (input errors as the model words them)."""
    try:
        return fn(*args, **kwargs)
    except TeplovodaError as exc:
        show_error(exc)
    except Exception as exc:  # the page keeps working; the traceback goes to the server log
        logger.exception("internal error in %s", getattr(fn, "__name__", fn))
        st.error(t("error.internal", kind=type(exc).__name__, message=short_message(" ".join(str(exc).split()))[:300]))
    return None


def pick_scenario(kinds: tuple[str, ...], key: str) -> Path | None:
    """Choose a shipped scenario (by kind) or upload one; the scenario file, or None (nothing yet, or an error shown)."""
    cols = st.columns([1.2, 1.8, 3.0] if len(kinds) > 1 else [1.2, 4.8], vertical_alignment="bottom")
    source = cols[0].radio(t("pick.source"), ["shipped", "upload"], format_func=labeller("pick."), key=f"{key}_source")
    if source == "upload":
        uploads = st.file_uploader(
            t("pick.upload"),
            type=["toml", "inp", "csv"],
            accept_multiple_files=True,
            key=f"{key}_upload",
            help=t("pick.upload_help"),
            max_upload_size=scenarios.UPLOAD_MAX_MIB,  # per file; the total is checked below
        )
        if not uploads:
            st.info(t("pick.upload_hint"))
            return None
        try:  # before the files are copied out of the uploader
            scenarios.check_upload_limits([u.size for u in uploads])
        except scenarios.UploadLimitError as exc:
            values = {k: num(v, 1 if isinstance(v, float) else 0) for k, v in exc.values.items()}
            st.error(t(exc.key, **values), icon=":material/error:")
            return None
        return attempt(data.save_upload, [(u.name, u.getvalue()) for u in uploads], kinds)
    kind = kinds[0]
    if len(kinds) > 1:
        kind = cols[1].radio(t("pick.kind"), kinds, format_func=labeller("kind."), key=f"{key}_kind")
    files = {f.path.name: f for f in data.shipped(kind)}
    if not files:
        st.info(t("pick.none_shipped"))
        return None
    names = list(files)
    default = DEFAULT_SCENARIO.get(kind)
    lang = language()  # format_func runs again outside the script run too (see labeller)
    name = cols[-1].selectbox(
        t("pick.scenario"),
        names,
        index=names.index(default) if default in names else 0,
        format_func=lambda n: local_name(files[n], lang),
        key=f"{key}_file_{kind}",
    )
    st.caption(t("pick.file", file=f"scenarios/{name}"))
    return files[name].path


def scenario_heading(info, escape=str) -> None:
    """A scenario's ``[scenario]`` name in bold and its description under it, in the session's language
    (``name_uk`` / ``description_uk``... else ``name`` / ``description``); ``escape`` makes text from a user's
    file plain markdown."""
    name, description = local_name(info), local_description(info)
    st.markdown(f"**{escape(name)}**" + (f"  \n{escape(description)}" if description else ""))


def _digits(column: str) -> int:
    """Decimals a table shows for a column, from the unit in its name."""
    c = column.lower()
    if "gcal" in c or "fraction" in c:
        return 2
    if any(k in c for k in ("people", "population", "_eur", "_kw", "kva", "m3", "nodes", "_l_", "volume", "co2")):
        return 0
    return 1


def table(df: pd.DataFrame, columns: dict[str, str], *, index_label: str | None = None, **kwargs) -> None:
    """A table with the given columns, headed in the session's language (``columns``: column -> i18n key).

    Numbers are rounded by the unit in their column name and shown with thousands separators.
    """
    shown = df[[c for c in columns if c in df.columns]]
    config = {}
    for c in shown.columns:
        if pd.api.types.is_float_dtype(shown[c]):
            shown = shown.assign(**{c: shown[c].round(_digits(c))})
            config[t(columns[c])] = st.column_config.NumberColumn(format="localized")
    shown = shown.rename(columns={c: t(k) for c, k in columns.items()})
    if index_label:
        shown = shown.rename_axis(t(index_label))
    st.dataframe(shown, column_config=config, placeholder="—", **kwargs)  # a missing value is a dash, not "None"


def csv_download(df: pd.DataFrame, file_name: str, label_key: str = "download.csv", key: str | None = None) -> None:
    """A download button for a table as CSV (the model's column names, units in the names)."""
    st.download_button(
        t(label_key), df.to_csv().encode("utf-8"), file_name=file_name, mime="text/csv", on_click="ignore", key=key
    )
