"""Widget values kept for the browser session, across page switches.

Streamlit deletes the state of every keyed widget that a run does not draw, so leaving the Scenario
page for Compare and coming back would open the default scenario with the file's values. The
documented remedy is used: after drawing, a widget's value is copied to a key of our own
(``_kept:<widget key>``), which Streamlit leaves alone; before drawing a widget whose state is gone,
the copy is put back. A value that is no longer one of the widget's options is not put back (the
widget then opens on its default).

An editable table (``st.data_editor``) cannot be given a value through session state: its kept copy
is the edited table itself, which becomes the table the new widget starts from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

_PREFIX = "_kept:"
_MISSING = object()


def restore(key: str, options: Iterable | None = None) -> None:
    """Before drawing the widget ``key``: put back its kept value if Streamlit deleted its state.

    ``options``: the values the widget accepts now (a multiselect's kept list must be a subset of them).
    """
    kept = st.session_state.get(_PREFIX + key, _MISSING)
    if key in st.session_state or kept is _MISSING:
        return
    if options is not None:
        allowed = list(options)
        values = kept if isinstance(kept, list | tuple) else [kept]
        if not all(v in allowed for v in values):
            return
    st.session_state[key] = kept


def remember(key: str) -> None:
    """After drawing the widget ``key``: keep a copy of its value for when the page is drawn again."""
    if key in st.session_state:
        st.session_state[_PREFIX + key] = st.session_state[key]


def kept(widget: Callable, *args, key: str, options: Iterable | None = None, **kwargs):
    """``widget(*args, key=key, **kwargs)`` whose value outlives a page switch (see :func:`restore`)."""
    restore(key, options)
    value = widget(*args, key=key, **kwargs)
    remember(key)
    return value


def kept_table(editor: Callable, data, *, key: str, **kwargs):
    """An editable table ``editor(data, key=key, **kwargs)`` whose edits outlive a page switch.

    The edits of a live widget are deltas against the table it was first drawn with, so that table is held
    (``_kept:<key>:base``) for as long as the widget lives; a new widget starts from the last edited table.
    """
    base_key = f"{_PREFIX}{key}:base"
    if key not in st.session_state or base_key not in st.session_state:
        st.session_state[base_key] = st.session_state.get(_PREFIX + key, data)
    edited = editor(st.session_state[base_key], key=key, **kwargs)
    st.session_state[_PREFIX + key] = edited
    return edited
