"""teplovoda's own small error hierarchy.

Every error a user can cause carries one line that names the file, key or element and what was
expected; the command line prints exactly that line and exits with code 2.

Errors in the reader's language
-------------------------------
An :class:`InputError`'s ``detail`` is either plain English text or a
:class:`teplovoda.models.messages.Msg`: the same English text, also carrying a key and the values. The
generic checks (:mod:`teplovoda.models.scenario`: out of range, wrong type, not finite, unknown or
missing key or section, duplicate name; the common checks of :mod:`teplovoda.models.water.network`)
write a ``Msg``; the app and the CLI show it from the label catalogue (``error.detail.<key>`` in
``ui/strings.py``, :func:`teplovoda.ui.i18n.error_text`), with the file and key path left as written.
Any other detail is shown in English, as written. The rule for a new raise site: a message that many
users will meet is a ``Msg`` with a catalogue entry; a rare one may stay text. Wrapping a detail in a
location keeps its key: ``InputError(within(where, exc.detail), source=src)``, not an f-string.
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
