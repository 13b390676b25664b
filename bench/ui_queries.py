"""Benchmark: the live page's data for 24 h x 50 series, against the same InfluxQL run directly on InfluxDB.

A fresh InfluxDB (the project's config, loopback, temporary directory) is filled with 24 hours of
one-minute readings of 50 pumps on 5 sites (72,000 readings, each with running, flow, pressure and
power) plus generators and alerts. Then, repeated and timed (median of --repeat):

* direct: the live page's InfluxQL statements sent with a bare HTTP GET (``urllib``), response read,
  nothing parsed: the floor any client of this database can reach;
* teplovoda: ``teplovoda.telemetry.query`` as the page calls it: the series of one field for all 50 pumps over
  24 h in 5-minute buckets, asset status, site status, fuel autonomy and alerts, parsed into the
  DataFrames the page draws.

Prints both times, the ratio and whether the page data stays under the 500 ms budget.
Usage: python bench/ui_queries.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from teplovoda.telemetry import query, schema
from teplovoda.telemetry.influx import InfluxV1
from teplovoda.telemetry.services import InfluxDB

OUT = Path(__file__).parent / "out"
SITES = [f"site{k}" for k in range(5)]
PUMPS_PER_SITE = 10


def fill(client: InfluxV1, now: float) -> int:
    lines = []
    n = 0
    for minute in range(24 * 60):
        ts = now - 86400 + 60 * minute
        for site in SITES:
            for p in range(PUMPS_PER_SITE):
                values = {
                    "running": True,
                    "flow_m3_per_h": 400.0 + p + minute % 7,
                    "discharge_pressure_m": 50.0,
                    "power_kw": 80.0,
                }
                lines += schema.parse(schema.topic_for(site, "pump", f"P{p}"), schema.payload(ts, values), now).points()
                n += 1
            fuel = {"running": True, "fuel_l": 2000.0 - minute, "fuel_rate_l_per_h": 90.0}
            lines += schema.parse(schema.topic_for(site, "generator", "G1"), schema.payload(ts, fuel), now).points()
        if len(lines) > 20000:
            client.write(lines)
            lines = []
    a = schema.alert_topic("site0", "fuel_autonomy", "G1")
    lines += schema.parse(a, schema.alert_payload(now - 60, "active", "11.5 h of fuel left", 11.5), now).points()
    client.write(lines)
    return n


def page_data(client: InfluxV1) -> dict:
    sites = query.site_status(client)
    return {
        "series": query.series(client, "pump", "flow_m3_per_h", hours=24),
        "assets": query.asset_status(client, sites=sites),
        "sites": sites,
        "fuel": query.fuel_autonomy(client),
        "alerts": query.alerts(client),
    }


def page_statements() -> list[str]:
    """The InfluxQL the page sends (same text as teplovoda.telemetry.query builds)."""
    lasts = [f'SELECT last("{f}") FROM {k} GROUP BY site' for k, fields in schema.ASSET_FIELDS.items() for f in fields]
    site_q = "; ".join(["SELECT last(online) AS online FROM site_status GROUP BY site", *lasts])
    asset_q = "; ".join(f"SELECT last(*) FROM {k} GROUP BY site, asset" for k in schema.ASSET_FIELDS)
    return [
        'SELECT mean("flow_m3_per_h") AS v FROM pump WHERE time > now() - 86400s GROUP BY time(288s), site, asset fill(none)',
        site_q,
        asset_q,
        "SELECT last(fuel_l) AS fuel_l, last(fuel_rate_l_per_h) AS fuel_rate_l_per_h, last(running) AS running, "
        "last(fuel_level_pct) AS fuel_level_pct FROM generator GROUP BY site, asset",
        "SELECT active, acknowledged, message, value FROM alert GROUP BY site, rule, asset ORDER BY time DESC LIMIT 1",
    ]


def direct(url: str) -> None:
    for q in page_statements():
        with urllib.request.urlopen(f"{url}/query?" + urllib.parse.urlencode({"db": "bench", "q": q, "epoch": "ms"})) as r:
            r.read()


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="teplovoda-bench-") as d:
        db = InfluxDB(Path(d) / "influxdb").start()
        try:
            client = InfluxV1(db.url, "bench")
            client.ensure_database()
            now = time.time()
            t = time.perf_counter()
            n = fill(client, now)
            print(
                f"filled {n:,} pump readings ({len(SITES) * PUMPS_PER_SITE} series x 24 h) in {time.perf_counter() - t:.1f} s",
                flush=True,
            )
            data = page_data(client)  # warm both paths once
            direct(db.url)
            assert data["series"].shape[1] == len(SITES) * PUMPS_PER_SITE, data["series"].shape
            t_direct = timed(lambda: direct(db.url), args.repeat)
            t_page = timed(lambda: page_data(client), args.repeat)
        finally:
            db.stop()
    print(f"series: {data['series'].shape[0]} buckets x {data['series'].shape[1]} pumps; assets {len(data['assets'])}")
    print(f"direct InfluxQL over HTTP (same statements): {t_direct * 1e3:.0f} ms")
    print(
        f"teplovoda live page data (teplovoda.telemetry.query):  {t_page * 1e3:.0f} ms "
        f"(budget 500 ms: {'met' if t_page < 0.5 else 'MISSED'})"
    )
    print(f"ratio teplovoda / direct: {t_page / t_direct:.2f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "ui_queries.json").write_text(
        json.dumps(
            {"direct_ms": t_direct * 1e3, "page_ms": t_page * 1e3, "ratio": t_page / t_direct, "series": 50, "hours": 24},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
