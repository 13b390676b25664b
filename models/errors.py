"""teplovoda's own small error hierarchy.

Every error a user can cause carries one line that names the file, key or element and what was
expected; the command line prints exactly that line and exits with code 2.
"""

from __future__ import annotations


class TeplovodaError(Exception):
    """Base class of every error teplovoda raises on purpose."""


class InputError(TeplovodaError, ValueError):
    """A user-supplied input (scenario file, .inp file, argument, field) is wrong.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    source : str, optional
        The file, section or field the problem is in; prefixed to the message.
    """

    def __init__(self, message: str, source: str | None = None):
        self.source = source
        self.detail = message
        super().__init__(f"{source}: {message}" if source else message)


class ModelError(TeplovodaError):
    """A model cannot be built from otherwise valid input (e.g. an empty network)."""
