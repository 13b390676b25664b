"""Ukrainian and English for the app, the CLI and the reports: every string the user reads goes through :func:`t`.

In the app the language lives in ``st.session_state["lang"]`` (the sidebar switch); it starts from the
``?lang=`` query parameter, else ``TEPLOVODA_APP_LANG``, else Ukrainian. Outside a Streamlit script run
(the ``teplovoda`` CLI, report writers called from a script) the language is the process's: set by
:func:`set_language` (the CLI's ``--lang``) or :func:`using_language`, else :func:`locale_language`
(``TEPLOVODA_LANG``, else the POSIX locale). Inside the app the session's choice always wins. Numbers are written the
way each language writes them (``13 200,5`` / ``13,200.5``) and always with their unit; heat power
in kW and Gcal/h (1 Gcal/h = 1,163 kW, :data:`teplovoda.models.units.KW_PER_GCAL_PER_H`).

Every key has both languages (``tests/ui/test_i18n.py`` checks it, and that both use the same
``{placeholders}``). Texts that come from the models and scenario files (error lines, option names)
stay as written there; why an option fails and alert messages are written in the language from the key and
values the models keep (:func:`teplovoda.ui.report.reason`, :data:`teplovoda.telemetry.alerts.MESSAGES`).
"""

from __future__ import annotations

import contextlib
import math
import os

from teplovoda.models.units import kw_to_gcal_per_h
from teplovoda.ui.strings import STRINGS

LANGUAGES = {"uk": "Українська", "en": "English"}
DEFAULT_LANGUAGE = "uk"
LANG_ENV = "TEPLOVODA_APP_LANG"
#: The process language's override of the locale (the CLI's ``--lang`` wins over it).
PROCESS_LANG_ENV = "TEPLOVODA_LANG"
#: The locale variables that say the language of messages, in POSIX precedence.
LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")
#: Thousands separator and decimal mark per language (Ukrainian: no-break space and comma).
_SEPARATORS = {"uk": ("\u00a0", ","), "en": (",", ".")}


#: The language outside a Streamlit script run, once set (None: from the locale, read on each use).
_process_language: str | None = None


def _session():
    """The Streamlit session state of the script run on this thread, or None outside one.

    Streamlit is only asked when it is already imported: the CLI never imports it for a label.
    """
    from teplovoda.ui.streamlit_internals import in_script_run

    if not in_script_run():
        return None
    import streamlit as st

    return st.session_state


def locale_language(environ=None) -> str:
    """The language the environment asks for: ``TEPLOVODA_LANG`` if ``uk`` or ``en``, else the locale.

    The locale is the first non-empty of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (POSIX precedence); a value
    starting with ``uk`` (``uk_UA.UTF-8``) means Ukrainian, anything else (``C.UTF-8``, ``en_GB``, unset)
    English, the language of a machine nobody set up for Ukrainian.
    """
    environ = os.environ if environ is None else environ
    override = environ.get(PROCESS_LANG_ENV, "").strip().lower()
    if override in LANGUAGES:
        return override
    locale = next((environ[v] for v in LOCALE_ENV if environ.get(v)), "")
    return "uk" if locale.lower().startswith("uk") else "en"


def set_language(lang: str | None) -> None:
    """Set the process language (``uk``/``en``) for :func:`t` outside the app; None goes back to the locale."""
    global _process_language
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    _process_language = lang


@contextlib.contextmanager
def using_language(lang: str | None):
    """Within the block, the process language is ``lang`` (None: unchanged); the previous one comes back after."""
    previous = _process_language
    if lang is not None:
        set_language(lang)
    try:
        yield language()
    finally:
        set_language(previous)


def initial_language(query_lang: str | None = None) -> str:
    """The language a new session starts in: ``?lang=``, else ``TEPLOVODA_APP_LANG``, else Ukrainian."""
    for lang in (query_lang, os.environ.get(LANG_ENV)):
        if lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


def language() -> str:
    """The language code (``uk`` or ``en``): the session's inside the app, else the process's (see the module)."""
    session = _session()
    if session is None:
        return _process_language or locale_language()
    lang = session.get("lang")
    return lang if lang in LANGUAGES else initial_language()


def t(key: str, /, default: str | None = None, lang: str | None = None, **values) -> str:
    """The text of ``key`` in the current :func:`language` (or ``lang``), with ``{placeholders}`` filled.

    An unknown key returns ``default`` if given, else the key itself (visible, never a crash).
    """
    entry = STRINGS.get(key)
    if entry is None:
        return default if default is not None else key
    text = entry[lang or language()]
    return text.format(**values) if values else text


def message(msg, prefix: str = "error.detail.", lang: str | None = None) -> str:
    """A model's message in the language: a :class:`~teplovoda.models.messages.Msg` from its key
    (``prefix + key`` in the catalogue) and values (a ``Msg`` value in turn), its parts joined by ``"; "``;
    any other text as written (English)."""
    key, parts = getattr(msg, "key", ""), getattr(msg, "parts", ())
    if not key:
        return "; ".join(message(p, prefix, lang) for p in parts) if parts else str(msg)
    values = {k: message(v, prefix, lang) if isinstance(v, str) else v for k, v in msg.values.items()}
    return t(f"{prefix}{key}", default=str(msg), lang=lang, **values)


def local_name(item, lang: str | None = None) -> str:
    """What a scenario file calls an option, a case or itself (``[scenario]``, a shipped file in the picker) in the
    language: its ``name_uk`` / ``name_en`` when given, else its ``name`` (which also keys the results)."""
    return local_text(item, "name", lang)


def local_description(item, lang: str | None = None) -> str:
    """A scenario's ``[scenario]`` description in the language: ``description_uk`` / ``description_en`` when given,
    else ``description`` (blank when it has none)."""
    return local_text(item, "description", lang)


def local_text(item, field: str, lang: str | None = None) -> str:
    """``item.<field>_<lang>`` when given (the current :func:`language` unless ``lang``), else ``item.<field>``."""
    return getattr(item, f"{field}_{lang or language()}", "") or getattr(item, field, "") or ""


def error_text(exc: BaseException, lang: str | None = None) -> str:
    """An error's one line in the language: the file (as written) and the model's detail from the catalogue
    when the model gave it as a ``Msg`` (see :mod:`teplovoda.models.errors`), else the error's English text."""
    detail = getattr(exc, "detail", None)
    if not (getattr(detail, "key", "") or getattr(detail, "parts", ())):
        return str(exc)
    source = getattr(exc, "source", None)  # a Msg too when it says more than a file name ("<file> line 12")
    text = message(detail, lang=lang)
    return f"{message(source, lang=lang)}: {text}" if source else text


def labeller(prefix: str, lang: str | None = None):
    """A widget ``format_func``: option ``key`` -> the text of ``prefix + key``, in the language of the run that made it.

    Widgets call ``format_func`` again outside the script run (AppTest does, for example), where the
    session's language is not known; the language is therefore fixed when the labeller is made.
    """
    lang = lang or language()
    return lambda key: t(f"{prefix}{key}", default=str(key), lang=lang)


def num(value, digits: int = 0, lang: str | None = None) -> str:
    """A number as the language writes it: ``13 200`` / ``13,200``; ``–`` for NaN, ``∞`` for infinity."""
    if value is None:
        return "–"
    value = float(value)
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    thousands, decimal = _SEPARATORS[lang or language()]
    text = f"{value:,.{digits}f}"
    if text in ("-0", "-0.0", "-0.00"):
        text = text[1:]
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def sig(value, figures: int = 3) -> float:
    """``value`` rounded to ``figures`` significant figures, but never below whole units from ``10**(figures-1)`` up.

    A cost of 0.004213 EUR per person is 0.00421 (not "0", which reads as free or as doing nothing);
    86,696.412 people are 86,696. Infinity and NaN pass through.
    """
    value = float(value)
    if not math.isfinite(value) or value == 0:
        return value
    digits = figures - 1 - math.floor(math.log10(abs(value)))
    return float(round(value, max(digits, 0)))


def snum(value, figures: int = 3, lang: str | None = None) -> str:
    """A number to ``figures`` significant figures (:func:`sig`) as the language writes it: ``0.00421``, ``37.6``, ``13,200``."""
    if value is None or not math.isfinite(float(value)) or float(value) == 0:
        return num(value, 0, lang)
    v = float(value)
    return num(sig(v, figures), max(figures - 1 - math.floor(math.log10(abs(sig(v, figures)))), 0), lang)


def gnum(value, lang: str | None = None) -> str:
    """A number in its shortest form (Python's ``g``: ``2.5`` / ``2,5``), for settings echoed back as given."""
    text = f"{float(value):g}"
    return text.replace(".", _SEPARATORS[lang or language()][1])


def unit(name: str, lang: str | None = None) -> str:
    """A unit's symbol in the language (``kW`` / ``кВт``)."""
    return t(f"unit.{name}", lang=lang)


def qty(value, unit_name: str, digits: int = 0, lang: str | None = None) -> str:
    """A number with its unit: ``13 200 осіб``, ``767 m³/h``; ``–`` alone when there is no number."""
    text = num(value, digits, lang)
    return text if text == "–" else f"{text}\u00a0{unit(unit_name, lang)}"


def heat(kw, lang: str | None = None) -> str:
    """Heat power in kW and Gcal/h: ``21 600 кВт (18,57 Гкал/год)``."""
    if kw is None or not math.isfinite(float(kw)):
        return qty(kw, "kw", lang=lang)
    return f"{qty(kw, 'kw', lang=lang)} ({qty(kw_to_gcal_per_h(float(kw)), 'gcal_per_h', 2, lang)})"


def hours(h, lang: str | None = None) -> str:
    """A duration in hours, ``never`` for infinity (a tank that does not drain, a building that stays warm)."""
    if h is not None and math.isinf(float(h)) and float(h) > 0:
        return t("unit.never", lang=lang)
    return qty(h, "h", 1, lang)


__all__ = [
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "initial_language",
    "locale_language",
    "set_language",
    "using_language",
    "language",
    "t",
    "labeller",
    "num",
    "gnum",
    "unit",
    "qty",
    "heat",
    "hours",
]
