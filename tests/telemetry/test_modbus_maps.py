"""Register maps and site files of the Modbus gateway (telemetry/modbus.py), checked by hand.

Every expected number below is worked out by hand from the Modbus words (IEEE 754 bit patterns, two's
complement, the map's scale and offset, 1 bar = 1e5 Pa / (1000 kg/m3 * 9.81 m/s2 (the models' gravity)) of water head).
"""

from __future__ import annotations

import math

import pytest

from teplovoda.models.errors import InputError
from teplovoda.telemetry import modbus
from teplovoda.telemetry.modbus import decode, encode, load_register_map, load_site
from tests.ui.test_cli import teplovoda
from tests.ui.test_telemetry_cli import one_line_error

HEADER = "# kind: generator\naddress,function,type,word_order,bit,scale,offset,unit,field,raw_min,raw_max,example,source\n"


# -- decoding ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "words, type_, order, expected",
    [
        ([0x3FC0, 0x0000], "float32", "big", 1.5),  # sign 0, exponent 127, mantissa .1 binary
        ([0x0000, 0x3FC0], "float32", "little", 1.5),  # the same value, low word first (CDAB)
        ([0xC2F6, 0xE979], "float32", "big", -123.456001281738),  # nearest float32 to -123.456
        ([0xE979, 0xC2F6], "float32", "little", -123.456001281738),
        ([0xFFF4], "int16", "big", -12),  # 65524 - 65536
        ([0x8000], "int16", "big", -32768),
        ([0x8000], "uint16", "big", 32768),
        ([0xFFFF, 0xFFFE], "int32", "big", -2),
        ([0xFFFE, 0xFFFF], "int32", "little", -2),
        ([0x0044, 0xDB58], "uint32", "big", 68 * 65536 + 0xDB58),  # 4,512,600 s of engine run time
        ([0xDB58, 0x0044], "uint32", "little", 4_512_600),
    ],
)
def test_decode_against_hand_computed_words(words, type_, order, expected):
    assert decode(words, type_, order) == pytest.approx(expected, rel=1e-12)
    assert encode(expected, type_, order) == words


def _map(tmp_path, rows: str, header: str = HEADER, name: str = "m.csv"):
    p = tmp_path / name
    p.write_text(header + rows, encoding="utf-8")
    return load_register_map(p)


def test_scale_offset_and_units_to_schema_v1(tmp_path):
    gen = _map(
        tmp_path,
        "0,holding,int16,,,0.1,0,°C,coolant_temp_c,,,,\n"
        "1,holding,int32,little,,1,0,W,load_kw,,,,\n"
        "3,holding,uint32,big,,1,0,s,run_hours_h,,,,\n"
        "5,input,uint16,,,1,0,,running,,,,\n",
    )
    words = {("holding", 0): [0xFF88, 0x4F1A, 0x0001, 0x0044, 0xDB58], ("input", 5): [0]}
    values, bad = gen.convert(words)
    assert bad == []
    assert values["coolant_temp_c"] == pytest.approx(-12.0)  # 0xFF88 = -120, * 0.1
    assert values["load_kw"] == pytest.approx(85.786)  # low word first: 0x0001_4F1A = 85,786 W
    assert values["run_hours_h"] == pytest.approx(1253.5)  # 4,512,600 s / 3600
    assert values["running"] is False


def test_4_20_ma_transmitter_and_a_broken_loop():
    m = load_register_map(modbus.map_path("transmitter_4_20ma"))
    (reg,) = m.registers
    assert reg.value([12000]) == pytest.approx(5.0 * 1e5 / (1000 * 9.81))  # 12 mA = mid-span of 0-10 bar
    assert reg.value([4000]) == pytest.approx(0.0, abs=1e-12)
    assert reg.value([20000]) == pytest.approx(10.0 * 1e5 / (1000 * 9.81))
    values, bad = m.convert({("input", 0): [0]})  # 0 mA: a broken wire, not 0 bar and not -2.5 bar
    assert values == {} and bad == ["pressure_m"]


def test_status_word_bit_and_drive_speed():
    m = load_register_map(modbus.map_path("abb_acs580"))
    values, _ = m.convert({("holding", 50): [0b0000_0100, 17500], ("holding", 113): [0xFFFF], ("holding", 3500): [71]})
    assert values["running"] is True and values["speed_pct"] == pytest.approx(87.5)  # 17500 * 100 / 20000
    assert "power_kw" not in values  # -1 kW is outside the schema range (0-20000): left out, not sent
    values, _ = m.convert({("holding", 50): [0b1111_1011, 0], ("holding", 113): [37], ("holding", 3500): [71]})
    assert values["running"] is False and values["speed_pct"] == 0.0 and values["power_kw"] == 37.0


@pytest.mark.parametrize("name", modbus.shipped_maps())
def test_every_shipped_map_loads_and_serves_its_examples(name):
    m = load_register_map(modbus.map_path(name))
    assert m.registers and all(r.example is not None and r.source for r in m.registers)
    words = {}
    regs = modbus.device_registers(m)
    for fn, start, count, _ in m.blocks():
        words[(fn, start)] = [regs[fn][a] for a in range(start, start + count)]
    values, bad = m.convert(words)
    assert bad == [] and set(values) == {r.field for r in m.registers}
    for r in m.registers:
        spec_unit_value = r.example if r.bit is not None or r.unit == "" else None
        if spec_unit_value is None:
            _, factor, off = modbus.UNITS[r.unit]
            assert values[r.field] == pytest.approx(r.example * factor + off, rel=1e-9)
        else:
            assert values[r.field] is (spec_unit_value != 0)


def test_blocks_join_contiguous_registers_only():
    m = load_register_map(modbus.map_path("dse_gencomm"))
    assert [(fn, a, n) for fn, a, n, _ in m.blocks()] == [
        ("holding", 1025, 1),
        ("holding", 1027, 1),
        ("holding", 1030, 1),
        ("holding", 1544, 2),
        ("holding", 1798, 2),
    ]


# -- bad register maps: one line naming the file, the row and the column ------------------------------
BAD_MAPS = [
    ("0,holding,uint16,,,1,0,%,fuel_level_pct,,,,\n0,holding,int16,,,1,0,°C,coolant_temp_c,,,,\n", 4, "address", "duplicate"),
    ("0,holding,flaot32,,,1,0,%,fuel_level_pct,,,,\n", 3, "type", "flaot32"),
    ("0,holding,uint16,,,1,0,%,fuel_percent,,,,\n", 3, "field", "fuel_percent"),
    ("0,holding,uint16,,,inf,0,%,fuel_level_pct,,,,\n", 3, "scale", "finite"),
    ("0,holding,uint16,,,nan,0,%,fuel_level_pct,,,,\n", 3, "scale", "finite"),
    ("10,holding,uint32,big,,1,0,s,run_hours_h,,,,\n11,holding,uint16,,,1,0,%,fuel_level_pct,,,,\n", 4, "address", "overlap"),
    ("65536,holding,uint16,,,1,0,%,fuel_level_pct,,,,\n", 3, "address", "0-65535"),
    ("-1,holding,uint16,,,1,0,%,fuel_level_pct,,,,\n", 3, "address", "0-65535"),
    ("65535,holding,uint32,,,1,0,s,run_hours_h,,,,\n", 3, "address", "0-65534"),
    ("0,holding,uint16,,,1,0,psi,fuel_level_pct,,,,\n", 3, "unit", "psi"),
    ("0,coil,uint16,,,1,0,%,fuel_level_pct,,,,\n", 3, "function", "coil"),
    ("0,holding,float32,middle,,1,0,%,fuel_level_pct,,,,\n", 3, "word_order", "middle"),
    ("0,holding,uint16,,3,1,0,%,fuel_level_pct,,,,\n", 3, "bit", "bit"),
    ("0,holding,int16,,,1,0,°C,coolant_temp_c,,,40000,\n", 3, "example", "int16"),
]


@pytest.mark.parametrize("rows, row, column, words", BAD_MAPS)
def test_bad_register_maps_name_file_row_and_column(tmp_path, rows, row, column, words):
    with pytest.raises(InputError) as err:
        _map(tmp_path, rows, name="site_gen.csv")
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(f"{tmp_path / 'site_gen.csv'}: row {row}, column {column}: "), text
    assert words in text


def test_device_status_is_its_own_schema_v1_message():
    from teplovoda.telemetry import schema

    topic = schema.device_status_topic("st1", "generator", "G1")
    assert topic == "teplovoda/v1/st1/generator/G1/status"
    r = schema.parse(topic, schema.status_payload("offline", 1_795_000_000.0), 1_795_000_001.0)
    assert (r.topic.kind, r.topic.device_kind, r.topic.asset, r.values) == (
        "device_status",
        "generator",
        "G1",
        {"state": "offline"},
    )
    assert r.points() == ["device_status,asset=G1,kind=generator,site=st1 online=false 1795000000000000000"]
    with pytest.raises(schema.Rejected, match="status needs state"):
        schema.parse(topic, b'{"schema": 1, "state": "zero"}', 1_795_000_001.0)
    with pytest.raises(schema.Rejected, match="does not match"):  # dead-lettered by ingest
        schema.parse_topic("teplovoda/v1/st1/genset/G1/status")


def test_bits_of_one_status_word_may_share_its_address(tmp_path):
    m = _map(tmp_path, "0,holding,uint16,,2,1,0,,running,,,,\n", header=HEADER.replace("generator", "pump"))
    assert m.kind == "pump"
    with pytest.raises(InputError, match='no "# kind'):
        _map(tmp_path, "0,holding,uint16,,,1,0,%,fuel_level_pct,,,,\n", header=HEADER.split("\n", 1)[1])


# -- site files --------------------------------------------------------------------------------------
SITE = """site = "st1"
poll_interval_s = 2
[mqtt]
port = 18830
username = "gw-st1"
password_env = "X"
[[device]]
name = "G1"
kind = "generator"
registers = "dse_gencomm"
host = "127.0.0.1"
port = 1502
"""


def test_the_sample_site_file_loads():
    site = load_site(modbus.REGISTERS_DIR.parent / "gateway.modbus.sample.toml")
    assert [(d.name, d.kind, d.map.name) for d in site.devices] == [
        ("G1", "generator", "dse_gencomm"),
        ("P1", "pump", "abb_acs580"),
        ("PT1", "pressure", "transmitter_4_20ma"),
    ]
    assert site.mqtt.username == "gw-station2" and site.poll_interval_s == 5.0


@pytest.mark.parametrize(
    "edit, where",
    [
        (lambda s: s.replace('host = "127.0.0.1"', 'host = "127.0.0.1"\nserial = "/dev/ttyUSB0"'), "[[device]] #1"),
        (lambda s: s.replace('kind = "generator"', 'kind = "pump"'), "[[device]] #1 -> registers"),
        (lambda s: s.replace('kind = "generator"', 'kind = "genset"'), "[[device]] #1 -> kind"),
        (lambda s: s.replace("port = 1502", "port = 70000"), "[[device]] #1 -> port"),
        (lambda s: s.replace("poll_interval_s = 2", "poll_interval_s = 0"), "poll_interval_s"),
        (lambda s: s.replace('name = "G1"', 'name = "G 1"'), "[[device]] #1 -> name"),
        (lambda s: s.replace('registers = "dse_gencomm"', 'registers = "bad.csv"'), "row 3, column type"),
        (lambda s: s.replace("[[device]]", "[[devices]]"), "unknown key 'devices'"),
        (lambda s: s + "unit = 3\n", "[[device]] #1: unknown key 'unit'"),
        (lambda s: s.split("[[device]]")[0], "no [[device]] to poll"),
    ],
)
def test_bad_site_files_one_line_exit_2(tmp_path, edit, where):
    """The real command, as a user runs it: one line naming the file and key (or row and column), exit 2."""
    (tmp_path / "bad.csv").write_text(HEADER + "0,holding,float,,,1,0,%,fuel_level_pct,,,,\n")
    site = tmp_path / "site.toml"
    site.write_text(edit(SITE))
    en = teplovoda("telemetry", "gateway", "--config", site)
    named = tmp_path / "bad.csv" if where.startswith("row") else site  # a map's error names the map
    one_line_error(en, f"{named}: {where}")
    uk = teplovoda("--lang", "uk", "telemetry", "gateway", "--config", site)
    assert uk.returncode == 2 and len(uk.stderr.strip().splitlines()) == 1, uk.stderr
    assert uk.stderr.startswith("teplovoda: помилка:") and str(named) in uk.stderr and uk.stderr != en.stderr


def test_site_file_outbox_is_beside_it(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(SITE)
    assert load_site(site).outbox == tmp_path / "gateway" / "st1.sqlite3"
    assert math.isclose(modbus.units.M_HEAD_PER_BAR, 10.193680, rel_tol=1e-7)
