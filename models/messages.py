"""Messages the models write for people (why an option fails): English text that also carries its key and values.

A :class:`Msg` *is* its English text (a ``str``: tables, CSV, JSON and the CLI read it unchanged), and it also
carries the catalogue key it was written from and the raw values, so the app and the reports can write the
same message in the reader's language (``t("why." + key, default=english, **values)`` in
:func:`teplovoda.ui.report.reason`). Several reasons in one cell are :func:`joined`: the text is the parts
joined by ``"; "``, and ``parts`` keeps each one. The templates live beside the code that decides (one
English text per reason); a value's name carries its unit (``shortfall_kva``, ``hours_h``).
"""

from __future__ import annotations


class Msg(str):
    """``Msg(key, template, **values)``: the English ``template.format(**values)``, with ``key``, ``values`` and ``parts``."""

    key: str
    values: dict
    parts: tuple

    def __new__(cls, key: str, template: str, **values) -> Msg:
        return cls.of(key, template.format(**values) if values else template, values, ())

    @classmethod
    def of(cls, key: str, english: str, values: dict, parts: tuple) -> Msg:
        """A message of already written English text (unpickling, :func:`joined`)."""
        m = str.__new__(cls, english)
        m.key, m.values, m.parts = key, dict(values), tuple(parts)
        return m

    def __reduce__(self):  # pickled by st.cache_data: keep the key and values, not only the text
        return (Msg.of, (self.key, str(self), self.values, self.parts))

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {str(self)!r})"


def joined(parts, sep: str = "; ") -> str:
    """Reasons in one cell: their English texts joined by ``sep``; a :class:`Msg` (``key`` empty) keeping each part.

    Empty parts are left out; no part gives ``""``, one part gives that part.
    """
    parts = [p for p in parts if p]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    flat = tuple(q for p in parts for q in (p.parts if isinstance(p, Msg) and p.parts else (p,)))
    return Msg.of("", sep.join(str(p) for p in flat), {}, flat)


__all__ = ["Msg", "joined"]
