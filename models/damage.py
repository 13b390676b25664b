"""Damage types as data: what each damages, its parameters with units and limits, its labels, how it applies.

A damage type is a frozen dataclass (one scenario ``[[damage]]`` entry) declared with :func:`damage_type`:

* the **element** it damages: the field naming it (``pipe``, ``pump``, ``source``) and the element kind
  (``target``) the network's table must have under that name;
* its **parameters**: the other fields, each made with :func:`param` (unit, limits as
  :class:`~teplovoda.models.scenario.Bounds`, the label's i18n key); a value out of its limits is one
  :class:`~teplovoda.models.errors.InputError` naming the field, checked on construction, so a scenario file, a
  form row and a Monte Carlo draw are held to the same limits;
* its **labels**: ``damage.<domain>.<kind>`` (its name) and ``damage.<domain>.<kind>.help`` (one line), in
  Ukrainian and English in ``ui/strings.py`` (a test fails when one is missing);
* how it **applies**: ``apply(net, damage)`` mutates a network copy and returns its rows of the network's
  damage table (``(element, element_type, damage, detail)``); a type whose entries must apply together
  (pipe breaks split their pipes at once) says ``batch=True`` and its ``apply`` takes the run of
  consecutive entries of that type.

The domain's damage module registers its types; forms, option repair, Monte Carlo sampling, reports and
the scenario loaders read :data:`DAMAGE_TYPES` (or the domain's ``DAMAGE_KINDS``) instead of naming kinds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import Bounds


def param(default: Any = dataclasses.MISSING, *, label: str, **bounds) -> Any:
    """A damage parameter field: ``param(0.5, label="water.position", gt=0, lt=1)`` (bounds as in Bounds)."""
    return dataclasses.field(default=default, metadata={"bounds": Bounds(**bounds), "label": label})


@dataclass(frozen=True)
class Param:
    """One parameter of a damage type, read from its dataclass field."""

    name: str
    label_key: str
    bounds: Bounds
    default: Any  # dataclasses.MISSING when required

    @property
    def required(self) -> bool:
        return self.default is dataclasses.MISSING


@dataclass(frozen=True)
class DamageType:
    """A declared damage type (see the module doc)."""

    domain: str
    kind: str
    cls: type
    element_field: str
    target: str
    apply: Callable
    batch: bool = False

    @property
    def label_key(self) -> str:
        return f"damage.{self.domain}.{self.kind}"

    @property
    def help_key(self) -> str:
        return f"{self.label_key}.help"

    @property
    def params(self) -> tuple[Param, ...]:
        return tuple(
            Param(f.name, f.metadata["label"], f.metadata["bounds"], f.default)
            for f in dataclasses.fields(self.cls)
            if f.name != self.element_field
        )

    def element(self, damage) -> str:
        """The name of the element ``damage`` (an instance of :attr:`cls`) damages."""
        return str(getattr(damage, self.element_field))


#: (domain, kind) -> DamageType, in registration order.
DAMAGE_TYPES: dict[tuple[str, str], DamageType] = {}
_KINDS: dict[str, dict[str, type]] = {}  # domain -> kind -> class, the live dicts kinds_of hands out
_BY_CLASS: dict[type, DamageType] = {}


def damage_type(domain: str, kind: str, *, element: str, target: str, apply: Callable, batch: bool = False):
    """Class decorator: make ``cls`` a frozen dataclass, check its parameters' limits on construction, register it.

    ``element`` is the field naming the damaged element, ``target`` the element kind it must be (pipe, pump,
    source); every other field must be a :func:`param`.
    """

    def wrap(cls):
        cls.__post_init__ = _check_params  # before dataclass(), whose __init__ calls it only if it is there
        cls = dataclass(frozen=True)(cls)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        if element not in fields:
            raise TypeError(f"damage {kind!r}: no field {element!r} names its element")
        for f in fields.values():
            if f.name != element and "label" not in f.metadata:
                raise TypeError(f"damage {kind!r}: parameter {f.name!r} is not declared with param()")
        cls.kind = kind
        DAMAGE_TYPES[(domain, kind)] = _BY_CLASS[cls] = DamageType(domain, kind, cls, element, target, apply, batch)
        kinds_of(domain)[kind] = cls
        return cls

    return wrap


def _check_params(self) -> None:
    for f in dataclasses.fields(self):
        b = f.metadata.get("bounds")
        v = getattr(self, f.name)
        if b is None:
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise InputError(Msg("core.param_not_number", "{field} must be a number, got {got}", field=f.name, got=repr(v)))
        problem = b.problem(v)
        if problem is not None:
            raise InputError(Msg("core.param_problem", "{field} {problem}", field=f.name, problem=problem))


def kinds_of(domain: str) -> dict[str, type]:
    """kind -> class of one domain's damage types: a live dict (a type declared later appears in it), which the
    scenario loaders, forms and samplers read as the domain's ``DAMAGE_KINDS``."""
    return _KINDS.setdefault(domain, {})


def unregister(domain: str, kind: str) -> None:
    """Remove a declared type (tests that declare a throwaway type clean up with it)."""
    d = DAMAGE_TYPES.pop((domain, kind), None)
    kinds_of(domain).pop(kind, None)
    if d is not None:
        _BY_CLASS.pop(d.cls, None)


def types_of(domain: str) -> dict[str, DamageType]:
    """kind -> DamageType of one domain ("water", "heat")."""
    return {k: t for (d, k), t in DAMAGE_TYPES.items() if d == domain}


def type_of(domain: str, damage) -> DamageType:
    """The declaration of a damage instance."""
    return DAMAGE_TYPES[(domain, damage.kind)]


def declaration(damage_or_class) -> DamageType:
    """The declaration of a damage instance or class, whatever its domain."""
    cls = damage_or_class if isinstance(damage_or_class, type) else type(damage_or_class)
    return _BY_CLASS[cls]


def element_of(damage) -> str:
    """The name of the element a damage instance damages."""
    return declaration(damage).element(damage)


def apply_all(domain: str, net, damages: list) -> list[tuple]:
    """Apply ``damages`` in order to ``net`` (a copy the caller owns): runs of one batch type go together.

    Returns the damage table's rows; an error is reported against the entry it came from (``damage #3
    (pipe_closed): ...``).
    """
    rows: list[tuple] = []
    i = 0
    while i < len(damages):
        dtype = type_of(domain, damages[i])
        j = i + 1
        if dtype.batch:
            while j < len(damages) and damages[j].kind == dtype.kind:
                j += 1
        try:
            rows += dtype.apply(net, damages[i:j]) if dtype.batch else dtype.apply(net, damages[i])
        except InputError as exc:
            at = i
            if j - i > 1:  # the entry whose element is the problem, when the message names it
                at = next((k for k in range(i, j) if repr(dtype.element(damages[k])) in exc.detail), i)
            raise InputError(within(f"damage #{at + 1} ({dtype.kind})", exc.detail)) from None
        i = j
    return rows
