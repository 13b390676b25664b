"""teplovoda's own small error hierarchy.

Every error a user can cause carries one line that names the file, key or element and what was
expected; the command line prints exactly that line and exits with code 2.

Errors in the reader's language
-------------------------------
Every :class:`InputError`'s ``detail`` is a :class:`teplovoda.models.messages.Msg`: its English text,
also carrying a key and the values, with an entry ``error.detail.<key>`` in English and Ukrainian in the
label catalogue (``ui/strings.py``). The app and the CLI show it in the reader's language
(:func:`teplovoda.ui.i18n.error_text`), with file names, key paths and element names left as written
(a ``source`` that says more than a file name, ``"<file> line 12"``, is a ``Msg`` too). English words
inside a value (an element kind, a unit) are ``Msg`` values in turn. A new raise site writes a ``Msg``
and its catalogue entry; ``tests/ui/test_errors_all_translated.py`` finds any detail written as text and
any key missing from the catalogue. Wrapping a detail in a location keeps its key:
``InputError(within(where, exc.detail), source=src)``, not an f-string.
"""

from __future__ import annotations

from teplovoda.models.messages import Msg


class TeplovodaError(Exception):
    """Base class of every error teplovoda raises on purpose."""


class InputError(TeplovodaError, ValueError):
    """A user-supplied input (scenario file, .inp file, argument, field) is wrong.

    Parameters
    ----------
    message : str
        What is wrong and what was expected (a :class:`~teplovoda.models.messages.Msg` to be shown in the
        reader's language).
    source : str, optional
        The file, section or field the problem is in; prefixed to the message.
    """

    def __init__(self, message: str, source: str | None = None):
        self.source = source
        self.detail = message
        super().__init__(f"{source}: {message}" if source else message)


def within(where: str, detail: str) -> str:
    """``"<where>: <detail>"``: a location put before a detail, keeping the detail's key when it is a ``Msg``."""
    if getattr(detail, "key", "") or getattr(detail, "parts", ()):
        return Msg("within", "{where}: {detail}", where=where, detail=detail)
    return f"{where}: {detail}"


class ModelError(TeplovodaError):
    """A model cannot be built from otherwise valid input (e.g. an empty network)."""
