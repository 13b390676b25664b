"""The scenarios the app works on: shipped files by kind, uploads, and edited copies.

Pure functions (no Streamlit): the pages call them through :mod:`ui.data`, and
``bench/scenario_rerun.py`` times the same path.

* :func:`shipped` lists ``scenarios/*.toml`` with their ``[scenario]`` name and kind.
* :func:`save_upload` stores uploaded files in a directory of their own, over a view of the shipped
  scenario folder (so an uploaded variant of a shipped scenario finds ``networks/Net3.inp``); an
  EPANET ``.inp`` alone becomes a water scenario with default settings. Paths in an uploaded
  scenario may not leave that directory.
* ``edit_*`` return a modified copy of a loaded (frozen) scenario with :func:`dataclasses.replace`;
  a bad value raises :class:`~models.errors.InputError` naming the field, as a scenario file would.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import pickle
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from models.errors import InputError
from models.scenario import load_toml

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "scenarios"
#: Kinds the Scenario page runs (compare scenarios belong to the Compare page).
MODEL_KINDS = ("water", "heat", "power")
#: File suffixes a scenario refers to (networks, route tables, base scenarios).
_REFERENCED_SUFFIXES = (".inp", ".csv", ".toml")
_UPLOAD_NAME = re.compile(r"^[\w][\w .()+-]*\.(toml|inp|csv)$", re.IGNORECASE)


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario file with its ``[scenario]`` name and kind (water when the file does not say)."""

    path: Path
    kind: str
    name: str


def describe(path: str | Path) -> ScenarioFile:
    """Read a scenario file's header: name and kind."""
    data = load_toml(path)
    info = data.get("scenario", {}) if isinstance(data.get("scenario"), dict) else {}
    return ScenarioFile(Path(path), str(info.get("kind") or "water"), str(info.get("name") or Path(path).stem))


def shipped(kind: str | None = None, directory: Path = SCENARIO_DIR) -> list[ScenarioFile]:
    """The shipped scenarios (``scenarios/*.toml``), of one kind or all, in file-name order."""
    files = [describe(p) for p in sorted(directory.glob("*.toml"))]
    return [f for f in files if kind is None or f.kind == kind]


# --- loading and running, by kind --------------------------------------------------------------


def model_module(kind: str):
    """The models module of a scenario kind (``load_scenario``, ``run_scenario``); importing it imports
    the simulation libraries that kind needs."""
    if kind == "water":
        from models.water import scenario as module
    elif kind == "heat":
        from models.heat import scenario as module
    elif kind == "power":
        from models.power import scenario as module
    elif kind == "compare":
        from models.costing import compare as module
    else:
        raise InputError(f"[scenario] -> kind: expected one of water, heat, power, compare, got {kind!r}")
    return module


def load(path: str | Path, kind: str | None = None):
    """Load and validate a scenario file of any kind (its ``[scenario] kind`` unless ``kind`` is given)."""
    kind = kind or describe(path).kind
    if kind not in (*MODEL_KINDS, "compare"):
        raise InputError(f"[scenario] -> kind: expected one of water, heat, power, compare, got {kind!r}", source=str(path))
    return model_module(kind).load_scenario(path)


def kind_of(scn) -> str:
    """The kind of a loaded scenario."""
    return {"WaterScenario": "water", "HeatScenario": "heat", "PowerScenario": "power", "CompareScenario": "compare"}[
        type(scn).__name__
    ]


def run(scn):
    """Run a loaded water, heat or power scenario as ``teplovoda run`` does (WaterRun, HeatRun or PowerRun)."""
    return model_module(kind_of(scn)).run_scenario(scn)


def referenced_files(path: str | Path, _seen: frozenset = frozenset()) -> list[Path]:
    """A scenario file and every file it refers to (networks, route tables, base scenarios), recursively.

    References are the string values ending in ``.inp``, ``.csv`` or ``.toml``, relative to the file.
    Missing files are left out (loading the scenario reports them).
    """
    path = Path(path).resolve()
    if path in _seen or not path.is_file():
        return []
    out = [path]
    if path.suffix.lower() != ".toml":
        return out
    for _, value in _strings(load_toml(path)):
        if value.lower().endswith(_REFERENCED_SUFFIXES):
            out += referenced_files(path.parent / value, _seen | {path})
    return out


def fingerprint(scn) -> str:
    """A key for a loaded (possibly edited) scenario: its values and the bytes of every file it reads."""
    h = hashlib.sha256(pickle.dumps(scn))
    for f in referenced_files(scn.path):
        h.update(str(f).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _strings(data, where: str = ""):
    """(key path, value) of every string in a TOML document."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, f"{where} -> {k}" if where else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, f"{where} #{i + 1}")
    elif isinstance(data, str):
        yield where, data


# --- uploads --------------------------------------------------------------------------------------


def save_upload(files: list[tuple[str, bytes]], root: Path | None = None, kinds: tuple[str, ...] = MODEL_KINDS) -> Path:
    """Store uploaded files; return the scenario file to load.

    Parameters
    ----------
    files : list of (file name, content)
        One scenario (``.toml``) with the files it refers to by bare name, or one EPANET ``.inp``
        file alone (it becomes a water scenario with default settings: PDD 0-20 m, 200 L per person
        per day).
    root : Path, optional
        Where upload directories go (default: the system temporary directory).
    kinds : tuple of str
        Scenario kinds accepted here (the Scenario page: water, heat, power; Compare: compare).

    The files go to a directory named by their content hash; every shipped file and folder of
    ``scenarios/`` not shadowed by an upload is linked into it, so an edited copy of a shipped
    scenario finds its network. Paths in the uploaded scenario that lead outside that directory and
    the shipped folder are refused.
    """
    if not files:
        raise InputError("no file uploaded")
    for name, _ in files:
        if not _UPLOAD_NAME.match(name) or name.startswith("."):
            raise InputError("expected a scenario (.toml), an EPANET network (.inp) or a route table (.csv)", source=name)
    names = [n for n, _ in files]
    if len(set(names)) != len(names):
        raise InputError("the same file name is uploaded twice", source=next(n for n in names if names.count(n) > 1))
    digest = hashlib.sha256(str(SCENARIO_DIR).encode())  # the links below point into this installation's scenarios
    for name, content in sorted(files):
        digest.update(name.encode() + b"\0" + content + b"\0")
    directory = (root or Path(tempfile.gettempdir()) / "teplovoda-uploads") / digest.hexdigest()[:20]
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files:
        (directory / name).write_bytes(content)
    for entry in SCENARIO_DIR.iterdir():
        link = directory / entry.name
        if not link.exists() and not link.is_symlink():
            link.symlink_to(entry)
    tomls = [n for n in names if n.lower().endswith(".toml")]
    inps = [n for n in names if n.lower().endswith(".inp")]
    if tomls:
        candidates = [n for n in tomls if describe(directory / n).kind in kinds]
        if len(candidates) != 1:
            raise InputError(
                f"upload one {' or '.join(kinds)} scenario (.toml) with the files it refers to; "
                f"got {len(candidates)} among {', '.join(tomls)}"
            )
        main = directory / candidates[0]
    elif len(inps) == 1 and "water" in kinds:
        main = directory / f"{Path(inps[0]).stem}.toml"
        main.write_text(
            "[scenario]\n"
            f"name = {json.dumps(inps[0])}\n"
            'description = "Uploaded EPANET network with default settings"\n'
            'kind = "water"\n\n'
            "[network]\n"
            f"inp_file = {json.dumps(inps[0])}\n",
            encoding="utf-8",
        )
    else:
        raise InputError("expected one scenario file (.toml) or one EPANET network (.inp)", source=", ".join(names))
    for name in [*tomls, main.name]:  # every scenario uploaded (a comparison's base too), not only the main one
        _check_paths(directory / name, directory)
    return main


def _check_paths(path: Path, directory: Path) -> None:
    allowed = (directory.resolve(), SCENARIO_DIR.resolve())
    for where, value in _strings(load_toml(path)):
        if not value.lower().endswith(_REFERENCED_SUFFIXES):
            continue
        target = (path.parent / value).resolve()
        if not any(target.is_relative_to(a) for a in allowed):
            raise InputError(f"{where}: {value!r} points outside the uploaded files", source=path.name)


# --- edits of a loaded scenario ----------------------------------------------------------------

#: The element field of each damage kind, water and heat.
_ELEMENT_FIELDS = ("pipe", "pump", "source")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def damage_rows(damage, kinds: dict) -> pd.DataFrame:
    """A damage list as a table: ``type``, ``element`` and every kind's numeric fields (NaN where not used).

    ``kinds`` is the model's ``DAMAGE_KINDS`` (type -> dataclass), so a row of any kind can be added.
    """
    numeric = []
    for cls in kinds.values():
        numeric += [f.name for f in dataclasses.fields(cls) if f.name not in _ELEMENT_FIELDS and f.name not in numeric]
    rows = []
    for d in damage:
        element = next(getattr(d, f) for f in _ELEMENT_FIELDS if hasattr(d, f))
        rows.append({"type": d.kind, "element": element, **{k: float(getattr(d, k, math.nan)) for k in numeric}})
    return pd.DataFrame(rows, columns=["type", "element", *numeric])


def damage_from_rows(rows: pd.DataFrame, kinds: dict) -> tuple:
    """Damage dataclasses from an edited table (rows without a type are skipped); errors name the row."""
    out = []
    for i, (_, r) in enumerate(rows.iterrows()):
        where = f"damage row {i + 1}"
        if _missing(r.get("type")):
            if all(_missing(v) for v in r.to_numpy()):
                continue
            raise InputError(f"{where}: choose a type (one of: {', '.join(kinds)})")
        cls = kinds.get(r["type"])
        if cls is None:
            raise InputError(f"{where} -> type: unknown damage {r['type']!r} (one of: {', '.join(kinds)})")
        names = {f.name for f in dataclasses.fields(cls)}
        element_field = next(f for f in _ELEMENT_FIELDS if f in names)
        if _missing(r.get("element")):
            raise InputError(f"{where} ({r['type']}) -> element: name the {element_field}")
        kwargs = {element_field: str(r["element"]).strip()}
        for name in names - {element_field}:
            if name in r and not _missing(r[name]):
                kwargs[name] = float(r[name])
        required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING and f.name not in kwargs]
        if required:
            raise InputError(f"{where} ({r['type']}) -> {required[0]}: a value is needed")
        try:
            out.append(cls(**kwargs))
        except InputError as exc:
            raise InputError(f"{where} ({r['type']}): {exc.detail}") from None
    return tuple(out)


def _replace(obj, where: str, **changes):
    try:
        return dataclasses.replace(obj, **changes)
    except InputError as exc:
        raise InputError(f"{where}: {exc.detail}") from None


def water_option_pipes(scn) -> pd.DataFrame:
    """Temporary pipes of the water options, one row each (index: option, pipe)."""
    rows = [{"option": o.name, **dataclasses.asdict(p)} for o in scn.options for p in o.pipes]
    cols = ["option", "name", "from_junction", "to_junction", "length_m", "diameter_m", "hazen_williams_c"]
    return pd.DataFrame(rows, columns=cols)


def edit_water(
    scn,
    *,
    damage: tuple | None = None,
    options: list[str] | None = None,
    option_pipes: pd.DataFrame | None = None,
    demand_model: str | None = None,
    min_pressure_m: float | None = None,
    required_pressure_m: float | None = None,
    population_total: float | None = None,
):
    """A water scenario with the form's values (None: keep the loaded one).

    ``options`` names the options to solve, in the file's order; ``option_pipes`` is
    :func:`water_option_pipes`' table with edited lengths, diameters and C.
    """
    h = scn.hydraulics
    hyd = _replace(
        h,
        "[hydraulics]",
        demand_model=h.demand_model if demand_model is None else demand_model,
        min_pressure_m=h.min_pressure_m if min_pressure_m is None else float(min_pressure_m),
        required_pressure_m=h.required_pressure_m if required_pressure_m is None else float(required_pressure_m),
    )
    pop = scn.population
    if population_total is not None and population_total != pop.total:
        pop = _replace(pop, "[population] -> total", total=float(population_total), per_capita_l_per_day=None)
    opts = scn.options
    if option_pipes is not None:
        edited = []
        for o in opts:
            pipes = []
            for p in o.pipes:
                row = option_pipes[(option_pipes["option"] == o.name) & (option_pipes["name"] == p.name)]
                if not len(row):
                    pipes.append(p)
                    continue
                r = row.iloc[0]
                where = f"{o.name} -> pipe {p.name}"
                values = {}
                for k in ("length_m", "diameter_m", "hazen_williams_c"):
                    v = r[k]
                    if _missing(v) or not float(v) > 0:
                        raise InputError(f"{where} -> {k}: expected a number > 0, got {v!r}")
                    values[k] = float(v)
                pipes.append(dataclasses.replace(p, **values))
            edited.append(dataclasses.replace(o, pipes=tuple(pipes)))
        opts = tuple(edited)
    if options is not None:
        opts = tuple(o for o in opts if o.name in options)
    return dataclasses.replace(
        scn,
        hydraulics=hyd,
        population=pop,
        damage=scn.damage if damage is None else tuple(damage),
        options=opts,
    )


def heat_option_sources(scn) -> pd.DataFrame:
    """Sources the heat options place, one row each."""
    rows = [
        {"option": o.name, "name": s.name, "kind": s.kind, "node": s.node, "capacity_kw": s.capacity_kw}
        for o in scn.options
        for s in o.sources
    ]
    return pd.DataFrame(rows, columns=["option", "name", "kind", "node", "capacity_kw"])


def edit_heat(
    scn,
    *,
    outdoor_temp_c: float | None = None,
    damage: tuple | None = None,
    options: list[str] | None = None,
    option_sources: pd.DataFrame | None = None,
):
    """A heat scenario with the form's values: outdoor temperature, damage, options and their sources' kind and capacity."""
    from models.heat.sources import TECHNOLOGIES

    weather = scn.weather if outdoor_temp_c is None else _replace(scn.weather, "[weather]", outdoor_temp_c=float(outdoor_temp_c))
    opts = scn.options
    if option_sources is not None:
        edited = []
        for o in opts:
            sources = []
            for s in o.sources:
                row = option_sources[(option_sources["option"] == o.name) & (option_sources["name"] == s.name)]
                if not len(row):
                    sources.append(s)
                    continue
                r = row.iloc[0]
                where = f"{o.name} -> source {s.name}"
                if _missing(r["capacity_kw"]) or not float(r["capacity_kw"]) > 0:
                    raise InputError(f"{where} -> capacity_kw: expected a number > 0, got {r['capacity_kw']!r}")
                if r["kind"] not in TECHNOLOGIES:
                    raise InputError(f"{where} -> kind: expected one of {', '.join(TECHNOLOGIES)}, got {r['kind']!r}")
                changed = {"capacity_kw": float(r["capacity_kw"]), "kind": str(r["kind"])}
                if changed["kind"] != s.kind:  # another technology: its own defaults, not the old one's overrides
                    changed.update(efficiency=None, electric_efficiency=None, fuel=None)
                sources.append(dataclasses.replace(s, **changed))
            edited.append(dataclasses.replace(o, sources=tuple(sources)))
        opts = tuple(edited)
    if options is not None:
        opts = tuple(o for o in opts if o.name in options)
    return dataclasses.replace(scn, weather=weather, damage=scn.damage if damage is None else tuple(damage), options=opts)


def power_motor_rows(scn) -> pd.DataFrame:
    """The site's motors: name, pump, rated_kw, starting."""
    return pd.DataFrame(
        [{"name": m.name, "pump": m.pump or "", "rated_kw": m.rated_kw, "starting": m.starting} for m in scn.motors],
        columns=["name", "pump", "rated_kw", "starting"],
    )


def edit_power(
    scn,
    *,
    grid_off_hours: list[int] | None = None,
    days: int | None = None,
    manual_kva: float | None = None,
    fuel_tank_l: float | None = None,
    population_total: float | None = None,
    ambient_temp_c: float | None = None,
    motors: pd.DataFrame | None = None,
):
    """A site-power scenario with the form's values.

    ``grid_off_hours`` (0-23) replaces the blackout timetable; ``manual_kva`` 0 removes the chosen set;
    ``motors`` is :func:`power_motor_rows`' table with edited ratings and starting methods.
    """
    from models.power import blackout

    changes: dict = {}
    if grid_off_hours is not None:
        off = sorted({int(h) for h in grid_off_hours})
        if any(not 0 <= h < blackout.HOURS_PER_DAY for h in off):
            raise InputError("[blackout] -> grid off hours: expected hours 0 to 23")
        grid_on = tuple(0 if h in off else 1 for h in range(blackout.HOURS_PER_DAY))
        bo = _replace(scn.blackout, "[blackout]", pattern=None, grid_on=grid_on)
        changes.update(blackout=bo, timetable=blackout.grid_timetable(None, grid_on))
    if days is not None:
        bo = changes.get("blackout", scn.blackout)
        changes["blackout"] = _replace(bo, "[blackout] -> days", days=int(days))
    if manual_kva is not None or fuel_tank_l is not None:
        g = scn.generator
        changes["generator"] = _replace(
            g,
            "[generator]",
            manual_kva=g.manual_kva if manual_kva is None else (float(manual_kva) or None),
            fuel_tank_l=g.fuel_tank_l if fuel_tank_l is None else float(fuel_tank_l),
        )
    if population_total is not None:
        changes["water"] = _replace(scn.water, "[water]", population_total=float(population_total), per_capita_l_per_day=None)
    if ambient_temp_c is not None:
        changes["site"] = _replace(scn.site, "[site]", ambient_temp_c=float(ambient_temp_c))
    if motors is not None:
        edited = []
        for i, m in enumerate(scn.motors):
            row = motors[motors["name"] == m.name]
            if not len(row):
                edited.append(m)
                continue
            r = row.iloc[0]
            if _missing(r["rated_kw"]):
                raise InputError(f"[[motors]] #{i + 1} ({m.name}) -> rated_kw: a value is needed")
            edited.append(
                _replace(m, f"[[motors]] #{i + 1} ({m.name})", rated_kw=float(r["rated_kw"]), starting=str(r["starting"]))
            )
        changes["motors"] = tuple(edited)
    return dataclasses.replace(scn, **changes)


def grid_off_hours(scn) -> list[int]:
    """Hours (0-23) without grid in a power scenario's timetable."""
    return [int(h) for h in np.flatnonzero(~np.asarray(scn.timetable, dtype=bool))]


def compare_prices(cmp) -> pd.DataFrame:
    """Fuel prices of a comparison: fuel, price, unit, currency, price year, source."""
    rows = [
        {"fuel": f, "price": p.price, "unit": p.unit, "currency": p.currency, "price_year": p.price_year, "source": p.source}
        for f, p in cmp.fuel_prices.items()
    ]
    return pd.DataFrame(rows, columns=["fuel", "price", "unit", "currency", "price_year", "source"])


def edit_compare(
    cmp,
    *,
    horizon_years: int | None = None,
    discount_rate: float | None = None,
    full_load_hours: float | None = None,
    prices: pd.DataFrame | None = None,
):
    """A comparison with other economics: horizon, discount rate, full-load hours, fuel prices (in their currency)."""
    e = cmp.economics
    econ = _replace(
        e,
        "[economics]",
        horizon_years=e.horizon_years if horizon_years is None else int(horizon_years),
        discount_rate=e.discount_rate if discount_rate is None else float(discount_rate),
        full_load_hours=e.full_load_hours if full_load_hours is None else float(full_load_hours),
    )
    fuel_prices = dict(cmp.fuel_prices)
    if prices is not None:
        for _, r in prices.iterrows():
            if r["fuel"] not in fuel_prices:
                continue
            if _missing(r["price"]) or float(r["price"]) < 0:
                raise InputError(f"[fuel_prices.{r['fuel']}] -> price: expected a number >= 0, got {r['price']!r}")
            fuel_prices[r["fuel"]] = dataclasses.replace(fuel_prices[r["fuel"]], price=float(r["price"]))
    return dataclasses.replace(cmp, economics=econ, fuel_prices=fuel_prices)


__all__ = [
    "SCENARIO_DIR",
    "MODEL_KINDS",
    "ScenarioFile",
    "describe",
    "shipped",
    "load",
    "kind_of",
    "run",
    "referenced_files",
    "fingerprint",
    "save_upload",
    "damage_rows",
    "damage_from_rows",
    "water_option_pipes",
    "edit_water",
    "heat_option_sources",
    "edit_heat",
    "power_motor_rows",
    "edit_power",
    "grid_off_hours",
    "compare_prices",
    "edit_compare",
]
