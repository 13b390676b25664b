"""The field checks the site-power specs share, as :class:`~teplovoda.models.messages.Msg` details (shown in the
reader's language, ``error.detail.power.*`` in ``ui/strings.py``)."""

from __future__ import annotations

from teplovoda.models.messages import Msg


def one_of(field: str, known, got) -> Msg:
    """``"<field> must be one of a, b, got 'x'"``."""
    return Msg("power.one_of", "{field} must be one of {known}, got {got}", field=field, known=", ".join(known), got=repr(got))


def between(field: str, low: float, high: float, got) -> Msg:
    """``"<field> must be between <low> and <high>, got <got>"``."""
    return Msg(
        "power.between", "{field} must be between {low} and {high}, got {got}", field=field, low=low, high=high, got=repr(got)
    )


def at_least_zero(field: str, got) -> Msg:
    """``"<field> must be >= 0, got <got>"``."""
    return Msg("power.at_least_zero", "{field} must be >= 0, got {got}", field=field, got=repr(got))
