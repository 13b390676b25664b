"""AppTest of the Live page against real Mosquitto and InfluxDB: tiles, diesel autonomy, alerts, acknowledgement,
model vs measured; and what it says when InfluxDB is not there."""

from __future__ import annotations

import html
import json
import re
import threading
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from teplovoda.telemetry import schema
from teplovoda.telemetry.config import MqttConfig
from teplovoda.telemetry.influx import InfluxV1
from teplovoda.telemetry.ingest import mqtt_client
from tests.telemetry.conftest import services  # noqa: F401 - the real broker and database
from tests.ui.conftest import button, open_app, texts

CONFIG_ENV = "TEPLOVODA_TELEMETRY_CONFIG"
TILE = re.compile(
    r'<div class="live-tile-label">(.*?)</div><div class="live-tile-value">(.*?)</div><div class="live-tile-detail">(.*?)</div>'
)


def tiles(at) -> dict[str, tuple[str, str]]:
    """Every Live tile as a user reads it: label -> (value, detail)."""
    found = {}
    for m in at.markdown:
        for label, value, detail in TILE.findall(str(m.value)):
            found[html.unescape(label)] = (html.unescape(value), html.unescape(detail))
    return found


def live_page(monkeypatch, config):
    monkeypatch.setenv(CONFIG_ENV, str(config))
    at = open_app()
    at.switch_page("app_pages/live.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_influxdb_the_page_says_how_to_start_it(monkeypatch, tmp_path):
    conf = tmp_path / "telemetry.toml"
    conf.write_text('[mqtt]\nport = 1\n[influxdb]\nurl = "http://127.0.0.1:1"\ntimeout_s = 1.0\n')
    at = live_page(monkeypatch, conf)
    assert "Cannot reach InfluxDB at http://127.0.0.1:1" in at.error[0].value
    assert [c.value for c in at.code] == ["teplovoda telemetry up"]


@pytest.fixture(scope="module")
def live_db(services):  # noqa: F811
    broker, db = services
    client = InfluxV1(db.url, "teplovoda")
    client.ensure_database()
    now = time.time()
    lines = []

    def add(topic, values, ts):
        lines.extend(schema.parse(topic, schema.payload(ts, values), now).points())

    for k in range(30):
        ts = now - 1800 + 60 * k
        add("teplovoda/v1/station/pump/P1", {"running": True, "flow_m3_per_h": 870.0, "discharge_pressure_m": 50.0}, ts)
        add("teplovoda/v1/station/pump/P2", {"running": False, "flow_m3_per_h": 0.0, "discharge_pressure_m": 0.0}, ts)
        add("teplovoda/v1/station/generator/G1", {"running": True, "fuel_l": 400.0, "fuel_rate_l_per_h": 100.0}, ts)
        add("teplovoda/v1/boilers/boiler/mobile_1", {"running": True, "heat_output_kw": 950.0, "supply_temp_c": 84.6}, ts)
        g2 = {"running": k < 20, "fuel_l": 795.0 + 1.5 * max(19 - k, 0), "fuel_rate_l_per_h": 90.0 if k < 20 else 0.0}
        add("teplovoda/v1/station/generator/G2", g2, ts)  # ran at 90 L/h, stopped 10 minutes ago with 795 L
    a = schema.alert_topic("station", "fuel_autonomy", "G1")
    lines += schema.parse(a, schema.alert_payload(now - 60, "active", "4.0 h of fuel left (400 L at 100 L/h)", 4.0), now).points()
    client.write(lines)
    return broker, db, now


def test_live_page_shows_sites_fuel_alerts_and_acknowledges(monkeypatch, tmp_path, live_db):
    broker, db, _ = live_db
    conf = tmp_path / "telemetry.toml"
    conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\n[alerts]\nstale_after_s = 600\n')
    at = live_page(monkeypatch, conf)
    shown = texts(at)
    assert "**station**" in shown and "online" in shown
    metrics = tiles(at)
    assert metrics["P1 · pump"] == ("870\u00a0m³/h", "running")
    assert metrics["P2 · pump"][1] == "stopped"
    assert metrics["station / G1"][0] == "4.0\u00a0h"  # 400 L at 100 L/h
    assert metrics["mobile_1 · boiler"] == ("950\u00a0kW", "running · 0.82\u00a0Gcal/h")  # heat in kW and Gcal/h
    assert "low fuel autonomy: 4.0 h of fuel left (400 L at 100 L/h)" in shown
    # a widget change re-runs the page: chart another kind
    at.selectbox(key="live_kind").set_value("generator").run()
    assert not at.exception
    # acknowledge: the operator's name goes to the alert's /ack topic through the broker
    got, done = [], threading.Event()
    sub = mqtt_client(MqttConfig(port=broker.port), "live-ack-watch")
    sub.on_message = lambda c, u, m: (got.append(json.loads(m.payload)), done.set())
    sub.connect("127.0.0.1", broker.port)
    sub.subscribe("teplovoda/v1/+/alert/+/+/ack", qos=1)
    sub.loop_start()
    time.sleep(0.3)
    at.text_input(key="ack_by").input("Olena")
    button(at, "Acknowledge").click().run()
    assert not at.exception
    assert done.wait(5) and got == [{"schema": 1, "by": "Olena"}]
    shown = texts(at)
    assert "Acknowledgement sent." in shown
    # issue 15, point 2: the same run shows who acknowledged, and the alert is not offered again
    assert re.search(r"acknowledged by Olena at \d\d:\d\d \(just now\)", shown), shown
    assert "No unacknowledged alerts." in shown and not [s for s in at.selectbox if s.key == "ack_which"]
    at.run()  # and on the next refresh, before ingest (not running here) has stored it
    assert "acknowledged by Olena" in texts(at) and not [s for s in at.selectbox if s.key == "ack_which"]
    sub.loop_stop()


def test_model_vs_measured_flags_what_differs(monkeypatch, tmp_path, live_db):
    """Issue 15, point 3: site "boilers" beside the pump-station scenario flagged every row. Only pairs
    that share assets are offered, and the case is picked from the pair's list."""
    broker, db, _ = live_db
    conf = tmp_path / "telemetry.toml"
    conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\n[alerts]\nstale_after_s = 600\n')
    at = live_page(monkeypatch, conf)
    pairs = at.selectbox(key="mvm_pair").options
    assert [o.split(":")[0] for o in pairs] == [
        "boilers · heat_hospital_recovery_dnipro.toml",  # its base plant and boilers, over days
        "boilers · heat_plant_struck_january.toml",  # mobile_1 reports; heat_network_strike and heat_town_chp run others
        "station · power_raw_water_station.toml",  # pumps P1 and P2 report
        "station · power_town_water_station.toml",
    ]
    at.selectbox(key="mvm_pair").select(pairs[1]).run()
    cases = [b for b in at.selectbox if b.key.startswith("mvm_case_")]
    assert [c.options for c in cases] == [["3 x 1 MW biomass, hospital island", "3 x 1 MW biomass, whole network"]]
    cases[0].select("3 x 1 MW biomass, hospital island")
    button(at, "Compare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[-1].value
    rows = {(r["asset"], r["field"]): r for _, r in table.iterrows()}
    m1 = rows[("mobile_1", "heat output, kW")]
    assert m1["measured"] == pytest.approx(950.0) and not m1["flag"]  # the model says 952 kW
    assert rows[("mobile_2", "heat output, kW")]["flag"]  # predicted, but not reporting


def test_a_stopped_generator_shows_litres_and_hours_at_its_last_running_rate(monkeypatch, tmp_path, live_db):
    """Issue 15, point 4: a stopped set read "never / 795 L at 0 L/h"."""
    broker, db, _ = live_db
    conf = tmp_path / "telemetry.toml"
    conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\n[alerts]\nstale_after_s = 600\n')
    at = live_page(monkeypatch, conf)
    assert tiles(at)["station / G2"] == ("8.8\u00a0h", "stopped: 795\u00a0L; hours at the last running rate, 90\u00a0L/h")


@pytest.mark.parametrize(("zone", "shown_zone"), [(None, "Europe/Kyiv"), ("UTC", "UTC"), ("Mars/Olympus", "Europe/Kyiv")])
def test_alert_times_are_local_with_their_age(monkeypatch, tmp_path, live_db, zone, shown_zone):
    """Issue 15, point 2: alert times were UTC ISO strings. Local time (TEPLOVODA_APP_TZ, default Europe/Kyiv), with the age."""
    broker, db, now = live_db
    if zone is None:
        monkeypatch.delenv("TEPLOVODA_APP_TZ", raising=False)
    else:
        monkeypatch.setenv("TEPLOVODA_APP_TZ", zone)
    conf = tmp_path / "telemetry.toml"
    conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\n[alerts]\nstale_after_s = 600\n')
    at = live_page(monkeypatch, conf)
    shown = texts(at)
    raised = datetime.fromtimestamp(round(now - 60, 3), UTC).astimezone(ZoneInfo(shown_zone)).strftime("%H:%M")
    m = re.search(r"raised (\d\d:\d\d) \((\d+) min ago\) · :red\[not acknowledged\]", shown)
    assert m and m.group(1) == raised and 1 <= int(m.group(2)) <= 5, shown
    assert f"Times in {shown_zone}." in shown
    assert bool(at.warning) == (zone == "Mars/Olympus")
    if at.warning:
        assert at.warning[0].value == (
            "TEPLOVODA_APP_TZ='Mars/Olympus' is not a time zone (e.g. Europe/Kyiv, UTC): times are shown in Europe/Kyiv."
        )


def live_page_in(monkeypatch, config, lang: str):
    monkeypatch.setenv(CONFIG_ENV, str(config))
    at = open_app(lang)
    at.switch_page("app_pages/live.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "banner"),
    [
        ("en", r"Ingest: no write to InfluxDB for (\d+) s; 41 batches spooled\."),
        ("uk", r"Приймання даних: жодного запису в InfluxDB уже (\d+) с; у буфері на диску 41 пакетів\."),
    ],
)
def test_an_unhealthy_ingest_shows_a_red_banner_naming_why(monkeypatch, tmp_path, live_db, lang, banner):
    """Issue 12, failure 6: nothing said the pipeline was unhealthy."""
    import re

    from teplovoda.telemetry import health

    broker, db, _ = live_db
    now = time.time()
    doc = {"written_at_s": now, "interval_s": 5.0, "started_at_s": now - 600, "unhealthy_after_s": 60.0, "writer_alive": True}
    for name, state, shown in [
        ("sick", {"last_write_s": now - 95, "spool_batches": 41, "spool_growing_since_s": now - 90}, True),
        ("well", {"last_write_s": now - 1, "spool_batches": 0, "spool_growing_since_s": None}, False),
    ]:
        conf = tmp_path / f"{name}.toml"  # its own file: the page caches what it read per config
        conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\n[ingest]\nhealth_file = "{name}.json"\n')
        health.write(tmp_path / f"{name}.json", {**doc, **state})
        at = live_page_in(monkeypatch, conf, lang)
        if shown:
            m = re.fullmatch(banner, at.error[0].value)
            assert m and 95 <= int(m.group(1)) < 150, at.error[0].value
        else:
            assert not at.error, [e.value for e in at.error]


def test_the_page_reads_with_the_app_accounts_and_acknowledges_with_the_operators(monkeypatch, tmp_path):
    """As `telemetry up --app` runs it: a read-only InfluxDB user, a read-only MQTT user, acks as "operator"."""
    from teplovoda.telemetry import accounts
    from teplovoda.telemetry.services import InfluxDB, Mosquitto

    pw = {u: f"{u}-pw" for u in ("ingest", "alerts", "operator", "app")}
    files = accounts.BrokerFiles(tmp_path / "mosquitto")
    accounts.setup_broker_accounts(files, pw)
    with (
        Mosquitto(tmp_path / "mosquitto", accounts=files) as broker,
        InfluxDB(tmp_path / "i", None, None, accounts.INFLUX_ADMIN, "a") as db,
    ):
        accounts.setup_influx_users(db.url, "teplovoda", "a", {"ingest": "w", "app": "r"})
        now = time.time()
        a = schema.alert_topic("station", "fuel_autonomy", "G1")
        lines = schema.parse(schema.topic_for("station", "pump", "P1"), schema.payload(now - 5, {"running": True}), now).points()
        lines += schema.parse(a, schema.alert_payload(now - 5, "active", "4.0 h of fuel left", 4.0), now).points()
        InfluxV1(db.url, "teplovoda", username="ingest", password="w").write(lines)
        for k, v in {"TEPLOVODA_INFLUX_APP_PASSWORD": "r", "TEPLOVODA_MQTT_APP_PASSWORD": "app-pw"}.items():
            monkeypatch.setenv(k, v)
        monkeypatch.setenv("TEPLOVODA_MQTT_OPERATOR_PASSWORD", "operator-pw")
        conf = tmp_path / "app.toml"
        conf.write_text(
            f'[mqtt]\nport = {broker.port}\nusername = "app"\npassword_env = "TEPLOVODA_MQTT_APP_PASSWORD"\n'
            'ack_username = "operator"\nack_password_env = "TEPLOVODA_MQTT_OPERATOR_PASSWORD"\n'
            f'[influxdb]\nurl = "{db.url}"\nusername = "app"\npassword_env = "TEPLOVODA_INFLUX_APP_PASSWORD"\n'
        )
        got, done = [], threading.Event()
        watch = mqtt_client(MqttConfig(port=broker.port, username="alerts"), "ack-watch")
        watch.username_pw_set("alerts", "alerts-pw")  # the alert service reads acknowledgements
        watch.on_message = lambda c, u, m: (got.append(json.loads(m.payload)), done.set())
        watch.connect("127.0.0.1", broker.port)
        watch.subscribe("teplovoda/v1/+/alert/+/+/ack", qos=1)
        watch.loop_start()
        time.sleep(0.3)
        at = live_page(monkeypatch, conf)
        assert "**station**" in texts(at)
        at.text_input(key="ack_by").input("Olena")
        button(at, "Acknowledge").click().run()
        assert not at.exception
        assert done.wait(5) and got == [{"schema": 1, "by": "Olena"}]
        watch.loop_stop()


def _wait_for(fn, timeout_s: float = 20.0):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(0.2)
    return fn()


def data_ttl_s() -> float:
    """How long the Live page's snapshot is cached, plus a margin."""
    return 2.2


def points(client, site: str) -> int:
    """How many alert points of a site are stored."""
    res = client.query(f"SELECT count(active) FROM alert WHERE site = '{site}'")
    series = res[0].get("series", [])
    return int(series[0]["values"][0][1]) if series else 0


def test_an_acknowledgement_holds_through_the_broker_and_an_alert_service_restart(monkeypatch, tmp_path, live_db):
    """Issue 15, point 2: an acknowledged alert was offered again. Real broker, ingest and alert service:
    the page acknowledges, ingest stores the acknowledgement; the alert service restarts (it keeps
    acknowledgements in memory) and republishes the alert unacknowledged; a new page still shows who
    acknowledged it and when, and does not offer it. An acknowledgement from before the alert last
    cleared does not count for its new episode."""
    import dataclasses

    from teplovoda.telemetry import query
    from teplovoda.telemetry.alerts import AlertService
    from teplovoda.telemetry.config import AlertConfig, InfluxConfig
    from teplovoda.telemetry.ingest import IngestService
    from tests.telemetry.conftest import Publisher, make_config

    broker, db, _ = live_db
    cfg = make_config(broker, db, tmp_path, database="liveack", client_id="liveack-ingest", worker="liveack")
    cfg = dataclasses.replace(
        cfg,
        alerts=AlertConfig(stale_after_s=3600, evaluate_interval_s=0.2, client_id="liveack-alerts"),
        influxdb=InfluxConfig(url=db.url, database="liveack", timeout_s=2.0),
    )
    conf = tmp_path / "telemetry.toml"
    conf.write_text(f'[mqtt]\nport = {broker.port}\n[influxdb]\nurl = "{db.url}"\ndatabase = "liveack"\n')
    client = cfg.influxdb.client()
    ingest = IngestService(cfg).start()
    service = AlertService(cfg).start()
    pub = Publisher(broker.port, "liveack-gw")
    low = {"running": True, "fuel_l": 250.0, "fuel_rate_l_per_h": 100.0}
    try:
        pub.publish(schema.topic_for("depot", "generator", "G3"), schema.payload(time.time(), low))
        assert _wait_for(lambda: len(query.alerts(client, active_only=True)))
        at = live_page(monkeypatch, conf)
        assert [s.options for s in at.selectbox if s.key == "ack_which"] == [["depot / G3: low fuel autonomy"]]
        at.text_input(key="ack_by").input("Olena")
        button(at, "Acknowledge").click().run()
        assert "acknowledged by Olena" in texts(at)
        stored = _wait_for(lambda: (a := query.alerts(client)).loc[a["acknowledged_by"] == "Olena"].shape[0])
        assert stored == 1
        service.stop()  # its acknowledgements were in memory only
        service = AlertService(cfg).start()
        pub.publish(schema.topic_for("depot", "generator", "G3"), schema.payload(time.time(), low))
        assert _wait_for(lambda: points(client, "depot") == 3)  # raised, acknowledged, raised again unacknowledged
        time.sleep(data_ttl_s())  # the page's snapshot (shared by sessions) was read before ingest stored the ack
        at = live_page(monkeypatch, conf)  # a new session: nothing remembered, all read back
        shown = texts(at)
        assert re.search(r"acknowledged by Olena at \d\d:\d\d \((just now|1 min ago)\)", shown), shown
        assert "No unacknowledged alerts." in shown and not [s for s in at.selectbox if s.key == "ack_which"]
        # refuelled (cleared), then low again: a new episode, not acknowledged by Olena's old acknowledgement
        pub.publish(schema.topic_for("depot", "generator", "G3"), schema.payload(time.time(), {**low, "fuel_l": 5000.0}))
        assert _wait_for(lambda: not len(query.alerts(client, active_only=True)))
        pub.publish(schema.topic_for("depot", "generator", "G3"), schema.payload(time.time(), low))
        assert _wait_for(lambda: len(query.alerts(client, active_only=True)))
        time.sleep(data_ttl_s())
        at = live_page(monkeypatch, conf)
        assert [s.options for s in at.selectbox if s.key == "ack_which"] == [["depot / G3: low fuel autonomy"]]
        assert "acknowledged by Olena" not in texts(at)
    finally:
        service.stop()
        ingest.stop()
        pub.close()
