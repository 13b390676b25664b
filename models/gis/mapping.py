"""The mapping file of a GIS network: which layers hold what, and which columns mean what (TOML).

A mapping names one layer per element kind (``[pipes]`` is required; ``[junctions]``, ``[reservoirs]``,
``[tanks]``, ``[pumps]``, ``[valves]`` are optional) and, for each, the columns that give the element's id and
numbers. Keys are listed in README, "GIS layers (issue 18, first part)". Layer files are named relative to the
mapping file and must stay inside its folder (no absolute paths, no ``..`` out of it).

The Hazen-Williams C of a pipe comes from a column (``roughness``) or from its material and install year
(:func:`hazen_williams_c`, a table of assumptions marked as such, overridable in ``[gis.materials]``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from teplovoda.models.errors import InputError, within
from teplovoda.models.messages import Msg
from teplovoda.models.scenario import bounded, build, load_toml
from teplovoda.models.units import M_PER_INCH, MM_PER_M

#: Metres per unit of a ``diameter_unit`` key.
DIAMETER_UNITS_M = {"mm": 1.0 / MM_PER_M, "m": 1.0, "in": M_PER_INCH}
#: m3/h per unit of a ``demand_unit`` key.
DEMAND_UNITS_M3_PER_H = {"m3/h": 1.0, "l/s": 3.6, "m3/day": 1.0 / 24.0}


@dataclass(frozen=True)
class MaterialAgeing:
    """A pipe material's Hazen-Williams C when new, the C it loses per year of service, and the lowest C it falls to."""

    new_c: float = bounded(gt=0, le=200)
    min_c: float = bounded(gt=0, le=200)
    loss_per_year: float = bounded(0.0, ge=0, le=10)


#: ASSUMPTION (rounded, for planning only; a calibrated C replaces it): new-pipe C and ageing after the
#: tables of Lamont (1981), "Common pipe flow formulas compared with the theory of roughness", JAWWA 73(5),
#: as reproduced in Walski et al. (2003), *Advanced Water Distribution Modeling and Management*, table 2.3:
#: unlined cast iron falls from 130 new to about 75-90 at 30 years and 64-83 at 40 (we take 1.3 per year,
#: floor 60); unlined steel 120 falling about 1 per year; cement-lined ductile iron, asbestos cement and
#: concrete keep most of theirs (0.25 per year); PVC and polyethylene stay at 140-150.
DEFAULT_MATERIALS = {
    "cast_iron": MaterialAgeing(new_c=130.0, loss_per_year=1.3, min_c=60.0),
    "steel": MaterialAgeing(new_c=120.0, loss_per_year=1.0, min_c=60.0),
    "ductile_iron": MaterialAgeing(new_c=140.0, loss_per_year=0.25, min_c=100.0),
    "asbestos_cement": MaterialAgeing(new_c=140.0, loss_per_year=0.25, min_c=110.0),
    "concrete": MaterialAgeing(new_c=130.0, loss_per_year=0.25, min_c=100.0),
    "pvc": MaterialAgeing(new_c=150.0, loss_per_year=0.0, min_c=150.0),
    "pe": MaterialAgeing(new_c=145.0, loss_per_year=0.0, min_c=145.0),
}


@dataclass(frozen=True)
class GisOptions:
    """``[gis]``: how ends snap, what year ages the pipes, what a person draws."""

    name: str = ""
    snap_tolerance_m: float = bounded(0.5, gt=0, le=1000, unit="m")
    #: the year pipe ages are counted to (needed when ``[pipes] install_year`` is mapped)
    reference_year: int | None = bounded(None, ge=1800, le=2200)
    #: per-person demand of a ``population`` column (the water scenarios' default)
    per_capita_l_per_day: float = bounded(200.0, gt=0, le=10_000, unit="L/day")
    materials: dict = field(default_factory=dict)
    #: CSV tables beside the mapping: demand patterns (``pattern,step,multiplier``) and EPANET simple
    #: controls (``link,status,condition,node,level_m,time_h``); :mod:`teplovoda.models.gis.water_time`
    patterns: str | None = None
    controls: str | None = None
    #: how long each pattern step lasts, and the hour of the day the run starts at (EPANET's defaults)
    pattern_step_h: float = bounded(1.0, gt=0, le=24, unit="h")
    start_clock_h: float = bounded(0.0, ge=0, lt=24, unit="h")


@dataclass(frozen=True)
class LayerSpec:
    """One layer: its file (relative to the mapping), its layer name inside (GeoPackage), the id column."""

    file: str
    layer: str | None = None
    id: str = "id"


@dataclass(frozen=True)
class PipesSpec(LayerSpec):
    diameter: str = "diameter"
    diameter_unit: str = "mm"
    roughness: str | None = None
    material: str | None = None
    install_year: str | None = None
    #: a column overriding the geometry's length (m), e.g. the design length of a schematic drawing
    length: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class JunctionsSpec(LayerSpec):
    elevation: str = "elevation_m"
    demand: str | None = None
    demand_unit: str = "m3/h"
    population: str | None = None
    #: the junction's demand pattern id (a pattern of ``[gis] patterns``; empty: constant demand), its
    #: demand then the base demand the pattern multiplies
    pattern: str | None = None


@dataclass(frozen=True)
class ReservoirsSpec(LayerSpec):
    head: str = "head_m"


@dataclass(frozen=True)
class TanksSpec(LayerSpec):
    elevation: str = "elevation_m"
    level: str = "level_m"
    min_level: str = "min_level_m"
    max_level: str = "max_level_m"
    diameter: str = "diameter_m"


@dataclass(frozen=True)
class PumpsSpec(LayerSpec):
    #: head curve points as text, ``"0 454 908"`` (m3/h) and ``"31.7 28 19.2"`` (m); or a constant power column
    curve_flow: str | None = "curve_flow_m3_per_h"
    curve_head: str | None = "curve_head_m"
    power: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class ValvesSpec(LayerSpec):
    kind: str = "kind"
    diameter: str = "diameter"
    diameter_unit: str = "mm"
    setting: str = "setting"


@dataclass(frozen=True)
class Mapping:
    path: Path
    gis: GisOptions
    pipes: PipesSpec
    junctions: JunctionsSpec | None = None
    reservoirs: ReservoirsSpec | None = None
    tanks: TanksSpec | None = None
    pumps: PumpsSpec | None = None
    valves: ValvesSpec | None = None

    def materials(self) -> dict[str, MaterialAgeing]:
        return {**DEFAULT_MATERIALS, **self.gis.materials}

    def layers(self) -> dict[str, LayerSpec]:
        """Section name -> layer, in the order they are read."""
        names = ("junctions", "reservoirs", "tanks", "pipes", "pumps", "valves")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}

    def file(self, spec: LayerSpec, section: str) -> Path:
        return file_in_folder(self.path, spec, section)


def file_in_folder(mapping_path: Path, spec: LayerSpec, section: str) -> Path:
    """A layer's file, which must resolve (links followed) inside the mapping file's folder."""
    base = mapping_path.parent.resolve()
    target = (base / spec.file).resolve()
    if "\0" in spec.file or not target.is_relative_to(base):
        outside = Msg("gis.outside", "file {name} points outside the mapping file's folder", name=repr(spec.file))
        raise InputError(within(f"[{section}]", outside), source=str(mapping_path))
    return target


_SECTIONS = {
    "gis": GisOptions,
    "pipes": PipesSpec,
    "junctions": JunctionsSpec,
    "reservoirs": ReservoirsSpec,
    "tanks": TanksSpec,
    "pumps": PumpsSpec,
    "valves": ValvesSpec,
}


def _unit(section: str, key: str, value: str, known: dict, src: str) -> None:
    if value not in known:
        bad = Msg("gis.unit", "{key} must be one of {known}, got {got}", key=key, known=", ".join(known), got=repr(value))
        raise InputError(within(f"[{section}]", bad), source=src)


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping file; every problem is one :class:`InputError` line naming the file and key."""
    path = Path(path)
    src = str(path)
    data = load_toml(path)
    unknown = sorted(set(data) - set(_SECTIONS))
    if unknown:
        known = ", ".join(_SECTIONS)
        raise InputError(
            Msg("unknown_section", "unknown section [{section}] (expected: {known})", section=unknown[0], known=known), source=src
        )
    if "pipes" not in data:
        raise InputError(Msg("missing_section", "missing section [{section}]", section="pipes"), source=src)
    raw_gis = dict(data.get("gis", {})) if isinstance(data.get("gis", {}), dict) else data["gis"]
    materials = {}
    if isinstance(raw_gis, dict) and "materials" in raw_gis:
        table = raw_gis.pop("materials")
        if not isinstance(table, dict):
            raise InputError(within("[gis.materials]", Msg("water.expected_table", "expected a table")), source=src)
        materials = {str(k): build(MaterialAgeing, v, f"[gis.materials.{k}]", src) for k, v in table.items()}
    gis = build(GisOptions, raw_gis, "[gis]", src, materials=materials)
    parts = {s: build(cls, data[s], f"[{s}]", src) for s, cls in _SECTIONS.items() if s != "gis" and s in data}
    for s in ("pipes", "valves"):
        if s in parts:
            _unit(s, "diameter_unit", parts[s].diameter_unit, DIAMETER_UNITS_M, src)
    if "junctions" in parts:
        _unit("junctions", "demand_unit", parts["junctions"].demand_unit, DEMAND_UNITS_M3_PER_H, src)
    pipes = parts["pipes"]
    if pipes.roughness is None and pipes.material is None:
        need = Msg("gis.roughness_or_material", "give roughness (a Hazen-Williams C column) or material (with install_year)")
        raise InputError(within("[pipes]", need), source=src)
    if pipes.install_year is not None and gis.reference_year is None:
        need = Msg("gis.reference_year", "install_year needs [gis] reference_year (the year ages are counted to)")
        raise InputError(within("[pipes]", need), source=src)
    return Mapping(path=path, gis=gis, **parts)


def hazen_williams_c(material: str, age_years: float, materials: dict[str, MaterialAgeing]) -> float | None:
    """The Hazen-Williams C of a pipe of ``material`` after ``age_years`` of service; None for an unknown material.

    ``C = max(new_c - loss_per_year * age, min_c)`` (:data:`DEFAULT_MATERIALS`, an assumption; see there).
    A negative age (installed after the reference year) counts as new.
    """
    m = materials.get(material.strip().lower().replace(" ", "_").replace("-", "_"))
    if m is None:
        return None
    age = max(age_years, 0.0) if math.isfinite(age_years) else 0.0
    return max(m.new_c - m.loss_per_year * age, m.min_c)
