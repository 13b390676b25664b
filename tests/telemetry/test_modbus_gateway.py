"""The Modbus gateway end to end with real parts: a pymodbus TCP server on loopback, the real Mosquitto
broker, the ingest service and InfluxDB (fixtures in conftest.py). No mocks.

The server holds register values chosen here; the values stored in InfluxDB are checked against them
converted by hand (the map's scale and offset, then the unit to schema v1).
"""

from __future__ import annotations

import time

import pytest

from teplovoda.telemetry import query
from teplovoda.telemetry.gateway import Gateway
from teplovoda.telemetry.ingest import IngestService
from teplovoda.telemetry.modbus import DeviceDown, ModbusPoller, ModbusSim, client_for, load_site, read_device
from teplovoda.telemetry.services import free_port

from .conftest import make_config, wait_count

BAR_M = 1e5 / (1000 * 9.81)  # metres of water head per bar

# the words the server holds: unit 1 a DSE generator controller, unit 3 a 4-20 mA module
GEN_WORDS = {
    1025: 0xFFF4,  # coolant -12 °C (int16)
    1027: 37,  # fuel 37 %
    1030: 1480,  # engine speed 1480 rpm: running
    1544: 0x0001,  # total watts 0x0001_E848 = 125,000 W (int32, high word first) -> 125 kW
    1545: 0xE848,
    1798: 0x0037,  # run time 0x0037_EE08 = 3,665,416 s (uint32) -> 1018.1711 h
    1799: 0xEE08,
}
PT_WORDS = {0: 15500}  # 15.5 mA -> 15500 * 0.000625 - 2.5 = 7.1875 bar


def _site_file(tmp_path, site: str, mqtt_port: int, modbus_port: int):
    p = tmp_path / "site.toml"
    p.write_text(
        f"""site = "{site}"
poll_interval_s = 0.2
outbox = "outbox.sqlite3"
[mqtt]
port = {mqtt_port}
[[device]]
name = "G1"
kind = "generator"
registers = "dse_gencomm"
host = "127.0.0.1"
port = {modbus_port}
unit_id = 1
timeout_s = 0.5
[[device]]
name = "PT1"
kind = "pressure"
registers = "transmitter_4_20ma"
host = "127.0.0.1"
port = {modbus_port}
unit_id = 3
timeout_s = 0.5
"""
    )
    return load_site(p)


def _server(port: int) -> ModbusSim:
    return ModbusSim({1: {"holding": GEN_WORDS, "input": {}}, 3: {"holding": {}, "input": PT_WORDS}}, port=port).start()


def _wait(cond, timeout_s: float = 30.0) -> bool:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


@pytest.fixture
def rig(services, tmp_path, request):
    """Ingest, a Modbus server and the gateway of a site named after the test (each its own ``stored``)."""
    broker, db = services
    cfg = make_config(broker, db, tmp_path, database="modbus", client_id="modbus-ingest", worker="modbus")
    ingest = IngestService(cfg).start()
    port = free_port()
    server = _server(port)
    site = _site_file(tmp_path, request.function.__name__[5:45], broker.port, port)
    gw = Gateway(site.mqtt, site.site, site.outbox, resend_after_s=2.0, resend_max_s=4.0).connect()
    assert gw.connected.wait(10)
    poller = ModbusPoller(site, gw)
    box = {"server": server}
    yield broker, cfg, port, poller, gw, box, site.site
    poller.close()
    gw.close()
    ingest.stop()
    if box["server"] is not None:
        box["server"].stop()


def test_registers_reach_influxdb_with_scale_and_unit_and_a_silent_device_goes_offline(rig):
    broker, cfg, port, poller, gw, box, site = rig
    client = cfg.influxdb.client()
    for _ in range(3):
        poller.poll_once()
    assert poller.online == {"G1": True, "PT1": True} and poller.readings == 6
    assert wait_count(client, f"SELECT count(fuel_level_pct) FROM generator WHERE site = '{site}'", 3) == 3
    row = client.rows(f"SELECT last(*) FROM generator WHERE site = '{site}' AND asset = 'G1'")[0]
    assert row["last_coolant_temp_c"] == -12.0
    assert row["last_fuel_level_pct"] == 37.0
    assert row["last_running"] is True
    assert row["last_load_kw"] == pytest.approx(125.0)
    assert row["last_run_hours_h"] == pytest.approx(3_665_416 / 3600)
    assert wait_count(client, f"SELECT count(pressure_m) FROM pressure WHERE site = '{site}'", 3) == 3
    p = client.rows(f"SELECT last(pressure_m) FROM pressure WHERE asset = 'PT1' AND site = '{site}'")[0]["last"]
    assert p == pytest.approx(7.1875 * BAR_M)  # 73.27 m
    assert _wait(lambda: gw.pending == 0)  # ingest confirmed every reading: the outbox is empty

    box["server"].stop()  # the controller goes silent
    box["server"] = None
    for _ in range(3):
        poller.poll_once()
    assert poller.online == {"G1": False, "PT1": False}
    status = f"SELECT last(online) FROM device_status WHERE site = '{site}' AND asset = '{{}}'"
    assert _wait(lambda: [r["last"] for r in client.rows(status.format("G1"))] == [False])
    assert client.rows(status.format("PT1"))[0]["last"] is False
    time.sleep(0.5)
    # no reading while it was silent: never zeros
    assert client.rows(f"SELECT count(fuel_level_pct) FROM generator WHERE site = '{site}'")[0]["count"] == 3
    assert client.rows(f"SELECT min(fuel_level_pct) FROM generator WHERE site = '{site}'")[0]["min"] == 37.0
    assets = query.asset_status(client).query("site == @site").set_index("asset")
    assert assets.loc["G1", "state"] == "offline" and assets.loc["PT1", "state"] == "offline"

    box["server"] = _server(port)  # it answers again
    poller.poll_once()
    assert poller.online == {"G1": True, "PT1": True}
    assert _wait(lambda: [r["last"] for r in client.rows(status.format("G1"))] == [True])
    assert wait_count(client, f"SELECT count(fuel_level_pct) FROM generator WHERE site = '{site}'", 4) == 4
    assert query.asset_status(client).query("site == @site").set_index("asset").loc["G1", "state"] == "running"


def test_nothing_is_lost_across_a_broker_restart(rig):
    """Polls go on while the broker is killed (SIGKILL, no autosave since the last) and restarted: every
    reading the gateway made reaches InfluxDB once, from its outbox."""
    broker, cfg, port, poller, gw, box, site = rig
    client = cfg.influxdb.client()
    for _ in range(5):
        poller.poll_once()
    broker.kill()
    for _ in range(10):  # the broker is down: the readings wait in the outbox
        poller.poll_once()
        time.sleep(0.05)
    broker.start()
    for _ in range(5):
        poller.poll_once()
    n = poller.readings
    assert n == 40 and gw.outbox.last_seq == n
    assert _wait(lambda: gw.pending == 0, 90), f"{gw.pending} readings not confirmed"
    gen = wait_count(client, f"SELECT count(seq) FROM generator WHERE site = '{site}'", n // 2, 30)
    pt = wait_count(client, f"SELECT count(seq) FROM pressure WHERE site = '{site}'", n // 2, 30)
    assert (gen, pt) == (n // 2, n // 2)
    seqs = sorted(r["seq"] for k in ("generator", "pressure") for r in client.rows(f"SELECT seq FROM {k} WHERE site = '{site}'"))
    assert seqs == [float(s) for s in range(1, n + 1)]  # every seq once: no gap, no extra


def test_an_rtu_device_through_the_serial_client(tmp_path):
    """Modbus RTU frames (CRC, unit id, no MBAP header) through pymodbus' serial client, to a server
    speaking RTU on a loopback socket: the serial port is pyserial's ``socket://`` URL (no serial line here)."""
    port = free_port()
    site = tmp_path / "rtu.toml"
    site.write_text(
        f'site = "rtu"\n[[device]]\nname = "G1"\nkind = "generator"\nregisters = "dse_gencomm"\n'
        f'serial = "socket://127.0.0.1:{port}"\nbaud = 19200\nparity = "E"\nunit_id = 7\ntimeout_s = 0.5\n'
    )
    (dev,) = load_site(site).devices
    server = ModbusSim({7: {"holding": GEN_WORDS, "input": {}}}, port=port, rtu=True).start()
    client = client_for(dev)
    try:
        values, bad = dev.map.convert(read_device(client, dev))
        assert bad == [] and values["coolant_temp_c"] == -12.0 and values["load_kw"] == pytest.approx(125.0)
        assert values["run_hours_h"] == pytest.approx(3_665_416 / 3600) and values["running"] is True
    finally:
        server.stop()
    with pytest.raises(DeviceDown):  # the line went quiet
        read_device(client, dev)
    client.close()
