"""Strict scenario input: non-finite numbers, bounds with units, unique names, limits and file kinds.

Every refusal is one :class:`InputError` line naming the file and the key path.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tomllib

import pytest

from teplovoda.models import kinds
from teplovoda.models.errors import InputError
from teplovoda.models.limits import MAX_BLACKOUT_DAYS, NO_LIMITS_ENV
from teplovoda.models.scenario import load_toml
from tests.conftest import SCENARIOS

NON_FINITE = ("nan", "inf", "-inf")
#: ``key = number`` lines of a scenario file (scalar numbers only, comments allowed after them).
NUMBER_LINE = re.compile(r"^(?P<key>[A-Za-z_]\w*)\s*=\s*(?P<value>[-+]?\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?:#.*)?$")


def load_any(path):
    """Load a scenario with the loader its ``[scenario] kind`` calls for."""
    kind = tomllib.loads(path.read_text())["scenario"].get("kind", kinds.DEFAULT_KIND)
    return kinds.get(kind).load(path)


@pytest.fixture
def scenarios(tmp_path):
    """A private copy of the shipped scenarios (patched files sit beside the files they refer to)."""
    shutil.copytree(SCENARIOS, tmp_path / "s")
    return tmp_path / "s"


def patched(directory, name: str, old: str, new: str, count: int = 1):
    """A copy of scenario ``name`` with ``old`` replaced by ``new`` (``old`` must occur)."""
    text = (directory / name).read_text()
    assert old in text, old
    path = directory / f"patched_{name}"
    path.write_text(text.replace(old, new, count))
    return path


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.toml")))
def test_every_number_of_every_shipped_scenario_refuses_non_finite_values(scenarios, name):
    lines = (scenarios / name).read_text().splitlines()
    numbered = [(i, m["key"]) for i, line in enumerate(lines) if (m := NUMBER_LINE.match(line.strip()))]
    assert numbered, "every shipped scenario has numbers"
    load_any(scenarios / name)  # the shipped file itself loads
    for k, (i, key) in enumerate(numbered):
        bad = NON_FINITE[k % len(NON_FINITE)]
        path = scenarios / f"patched_{name}"
        path.write_text("\n".join([*lines[:i], f"{key} = {bad}", *lines[i + 1 :]]))
        with pytest.raises(InputError) as err:
            load_any(path)
        text = str(err.value)
        assert text.startswith(f"{path}: ") and "\n" not in text, text
        assert re.search(rf"(-> |\.){key}: expected (a finite number|an integer), got {re.escape(str(float(bad)))}", text), (
            key,
            text,
        )


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        # the issue's cases, each accepted with exit code 0 before
        (
            "heat_plant_struck_january.toml",
            "outdoor_temp_c = -15.0",
            "outdoor_temp_c = nan",
            "[weather] -> outdoor_temp_c: expected a finite number, got nan",
        ),
        (
            "heat_plant_struck_january.toml",
            "outdoor_temp_c = -15.0",
            "outdoor_temp_c = -inf",
            "[weather] -> outdoor_temp_c: expected a finite number, got -inf",
        ),
        (
            "heat_plant_struck_january.toml",
            "outdoor_temp_c = -15.0",
            "outdoor_temp_c = -150",
            "[weather] -> outdoor_temp_c: must be >= -60 °C and <= 45 °C, got -150 °C",
        ),
        (
            "water_trunk_main_break.toml",
            "total = 300000",
            "total = nan",
            "[population] -> total: expected a finite number, got nan",
        ),
        (
            "water_trunk_main_break.toml",
            "total = 300000",
            "total = inf",
            "[population] -> total: expected a finite number, got inf",
        ),
        (
            "water_trunk_main_break.toml",
            "total = 300000",
            "total = 9e9",
            "[population] -> total: must be >= 0 people and <= 50,000,000 people, got 9,000,000,000 people",
        ),
        (
            "power_raw_water_station.toml",
            "population_total = 100000",
            "population_total = nan",
            "[water] -> population_total: expected a finite number, got nan",
        ),
        (
            "compare_city_main_broken.toml",
            "capex = 45000.0",
            "capex = nan",
            "[[costs]] #1 -> capex: expected a finite number, got nan",
        ),
        ("compare_city_main_broken.toml", "capex = 45000.0", "capex = -1", "[[costs]] #1 -> capex: must be >= 0, got -1"),
        (
            "compare_generator_choice.toml",
            "price = 55.0",
            "price = -55.0",
            "[fuel_prices.diesel] -> price: must be >= 0, got -55",
        ),
        ("compare_generator_choice.toml", "UAH = 0.0222", "UAH = 0", "[economics] -> exchange_rates.UAH: must be > 0, got 0"),
        (
            "compare_generator_choice.toml",
            "UAH = 0.0222",
            "UAH = -0.0222",
            "[economics] -> exchange_rates.UAH: must be > 0, got -0.0222",
        ),
        (
            "compare_generator_choice.toml",
            "discount_rate = 0.10",
            "discount_rate = -0.1",
            "[economics] -> discount_rate: must be >= 0 and <= 0.5, got -0.1",
        ),
        (
            "heat_plant_struck_january.toml",
            "pump_efficiency = 0.65",
            "pump_efficiency = 1.5",
            "[operation] -> pump_efficiency: must be > 0 and <= 1, got 1.5",
        ),
        (
            "water_city_main_broken.toml",
            "diameter_m = 0.2",
            "diameter_m = 0",
            "[[options]] #2 -> pipes #1 -> diameter_m: must be > 0 m and <= 10 m, got 0 m",
        ),
        (
            "water_city_main_broken.toml",
            "length_m = 1100.0",
            "length_m = -5",
            "[[options]] #2 -> pipes #1 -> length_m: must be > 0 m",
        ),
        (
            "power_raw_water_station.toml",
            "ambient_temp_c = 35.0",
            "ambient_temp_c = 350",
            "[site] -> ambient_temp_c: must be >= -60 °C and <= 60 °C, got 350 °C",
        ),
    ],
)
def test_the_issues_non_finite_and_out_of_bounds_values_are_refused(scenarios, name, old, new, message):
    path = patched(scenarios, name, old, new)
    with pytest.raises(InputError) as err:
        load_any(path)
    assert str(err.value).startswith(f"{path}: {message}"), str(err.value)


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        # the issue's case: two [[generator_options]] of one name ranked the failing set first
        (
            "compare_generator_choice.toml",
            'name = "550 kVA (recommended)"',
            'name = "500 kVA (on offer)"',
            "[[generator_options]] #2 -> name: duplicate name '500 kVA (on offer)' (also [[generator_options]] #1)",
        ),
        (
            "compare_generator_choice.toml",
            'name = "550 kVA (recommended)"',
            'name = "do nothing"',
            "[[generator_options]] #2 -> name: 'do nothing' is already used by the model's own 'do nothing' case",
        ),
        (
            "water_city_main_broken.toml",
            'name = "close the break, 200 mm layflat bypass"',
            'name = "repair the main"',
            "[[options]] #2 -> name: duplicate name 'repair the main' (also [[options]] #1)",
        ),
        (
            "water_city_main_broken.toml",
            'name = "repair the main"',
            'name = "damaged"',
            "[[options]] #1 -> name: 'damaged' is already used by the model's own 'damaged' case",
        ),
        (
            "heat_plant_struck_january.toml",
            'name = "3 x 1 MW biomass, whole network"',
            'name = "3 x 1 MW biomass, hospital island"',
            "[[options]] #2 -> name: duplicate name '3 x 1 MW biomass, hospital island' (also [[options]] #1)",
        ),
        (
            "heat_plant_struck_january.toml",
            'name = "mobile_2"',
            'name = "mobile_1"',
            "[[options]] #1 -> sources #2 -> name: duplicate name 'mobile_1' (also [[options]] #1 -> sources #1)",
        ),
        (
            "heat_plant_struck_january.toml",
            'name = "mobile_1"',
            'name = "boiler_house"',
            "[[options]] #1 -> sources #1 -> name: 'boiler_house' is already used by [[sources]] #1",
        ),
        (
            "heat_network_strike.toml",
            '[[damage]]\ntype = "pipe_closed"\npipe = "M1-M2"\n',
            '[[damage]]\ntype = "pipe_closed"\npipe = "M1-M2"\n[[damage]]\ntype = "pipe_closed"\npipe = "M1-M2"\n',
            "[[damage]] #2 -> pipe: pipe_closed of pipe 'M1-M2' is already given (as [[damage]] #1)",
        ),
        (
            "power_raw_water_station.toml",
            'name = "M2"',
            'name = "M1"',
            "[[motors]] #2 -> name: duplicate name 'M1' (also [[motors]] #1)",
        ),
    ],
)
def test_duplicate_names_are_refused(scenarios, name, old, new, message):
    path = patched(scenarios, name, old, new)
    with pytest.raises(InputError) as err:
        load_any(path)
    assert str(err.value) == f"{path}: {message}"


def test_heat_sources_of_one_name_are_refused(scenarios):
    text = (scenarios / "heat_network_strike.toml").read_text()
    source = '[[sources]]\nname = "boiler_house"\nnode = "BH"\nkind = "central_plant"\ncapacity_kw = 25000.0\n'
    assert source in text
    path = scenarios / "two_plants.toml"
    path.write_text(text.replace(source, source + source.replace('node = "BH"', 'node = "M1"')))
    with pytest.raises(
        InputError, match=re.escape("[[sources]] #2 -> name: duplicate name 'boiler_house' (also [[sources]] #1)")
    ):
        load_any(path)


def test_days_above_the_limit_are_refused_unless_the_limits_are_lifted(scenarios, monkeypatch):
    path = patched(scenarios, "power_raw_water_station.toml", "days = 2", "days = 100000")
    monkeypatch.delenv(NO_LIMITS_ENV, raising=False)
    with pytest.raises(InputError) as err:
        load_any(path)
    assert str(err.value) == (
        f"{path}: [blackout] -> days: 100,000 is above the limit of {MAX_BLACKOUT_DAYS:,} "
        f"(pass --no-limits or set {NO_LIMITS_ENV}=1 if you really mean it)"
    )
    monkeypatch.setenv(NO_LIMITS_ENV, "1")
    assert load_any(path).blackout.days == 100000
    # physical bounds are not limits: lifting the limits does not make 0 days mean anything
    with pytest.raises(InputError, match=re.escape("[blackout] -> days: must be >= 1 days, got 0 days")):
        load_any(patched(scenarios, "power_raw_water_station.toml", "days = 2", "days = 0"))


def test_sweep_samples_above_the_limit_are_refused(scenarios, monkeypatch):
    monkeypatch.delenv(NO_LIMITS_ENV, raising=False)
    path = patched(scenarios, "water_trunk_main_break.toml", "[[damage]]", "[sweep]\nsamples = 1000000\n[[damage]]")
    with pytest.raises(InputError, match=re.escape("[sweep] -> samples: 1,000,000 is above the limit of 10,000")):
        load_any(path)


@pytest.mark.parametrize(
    "table, old, new, line, column",
    [
        ("consumers.csv", "B0N1,B0N1,apartment_block,700.0,400.0", "B0N1,B0N1,apartment_block,700.0,nan", 2, "people"),
        ("consumers.csv", "B0N1,B0N1,apartment_block,700.0,400.0", "B0N1,B0N1,apartment_block,inf,400.0", 2, "design_heat_kw"),
        ("pipes.csv", "BH-M0,BH,M0,90.0,1000.0,0.5,2.0", "BH-M0,BH,M0,90.0,1000.0,0.5,-Infinity", 2, "heat_loss_w_per_m_k"),
        ("nodes.csv", "M0,0.0,0.0", "M0,NaN,0.0", 3, "x_m"),
    ],
)
def test_non_finite_numbers_in_heat_route_tables_are_refused(scenarios, table, old, new, line, column):
    from teplovoda.models.heat.scenario import build_network, load_scenario

    csv = scenarios / "heat_town" / table
    text = csv.read_text()
    assert old in text
    csv.write_text(text.replace(old, new))
    scn = load_scenario(scenarios / "heat_town_chp.toml")
    with pytest.raises(InputError) as err:
        build_network(scn)
    key = table.removesuffix(".csv")
    bad = new.split(",")[[c for c in text.splitlines()[0].split(",")].index(column)]
    assert str(err.value) == (
        f"{scenarios / 'heat_town_chp.toml'}: [network] -> {key} ({table}) line {line}, column {column!r}: "
        f"expected a finite number, got {bad!r}"
    )


def test_library_fuel_prices_must_be_finite_and_positive(tmp_path, monkeypatch):
    from teplovoda.models.costing import library

    text = library.FUEL_PRICES.read_text()
    for bad in ("nan", "-7.42"):
        copy = tmp_path / f"fuel_prices_{bad}.csv"
        copy.write_text(text.replace("natural_gas,7.42,", f"natural_gas,{bad},"))
        monkeypatch.setattr(library, "FUEL_PRICES", copy)
        with pytest.raises(InputError, match=rf"^{re.escape(str(copy))}: row 1, column 'price': expected a number > 0, got "):
            library.fuel_prices()


@pytest.fixture
def no_hang():
    """Fail, rather than hang, a test whose code blocks opening a FIFO (SIGALRM interrupts the open)."""

    def fail(signum, frame):
        raise AssertionError("blocked: the FIFO was opened")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def fifo(tmp_path, no_hang):
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_without_being_opened(fifo):
    # opening a FIFO for reading would block this test until a writer came: it must not be opened
    with pytest.raises(InputError, match=re.escape(f"{fifo}: scenario file is a FIFO, not a file")):
        load_toml(fifo)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda t: t, "is a directory, not a file"),
        (lambda t: "/dev/zero", "is a device, not a file"),
        (
            lambda t: (t / "b.toml").write_bytes(b"[scenario]\nname = '\x00\x01\xff'\n") and t / "b.toml",
            "not a text file (it holds binary data)",
        ),
        (
            lambda t: (t / "l.toml").write_bytes("[scenario]\nname = 'Caf\xe9'\n".encode("latin-1")) and t / "l.toml",
            "not a text file (not UTF-8 at line 2)",
        ),
        (lambda t: (t / "x.toml").write_text("[scenario]\nname = \x07\n") and t / "x.toml", "not valid TOML: "),
    ],
    ids=["directory", "device", "binary", "latin-1", "control-character"],
)
def test_other_non_files_and_non_text_are_refused_in_our_words(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError) as err:
        load_toml(path)
    text = str(err.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text
    assert "\x07" not in text and "\x00" not in text


def test_a_fifo_named_by_a_scenario_key_is_refused(scenarios, no_hang):
    os.mkfifo(scenarios / "networks" / "fifo.inp")
    path = patched(scenarios, "water_trunk_main_break.toml", 'inp_file = "networks/Net3.inp"', 'inp_file = "networks/fifo.inp"')
    with pytest.raises(InputError) as err:
        load_any(path)
    assert str(err.value) == f"{path}: [network] -> inp_file: file 'networks/fifo.inp' is a FIFO, not a file"
