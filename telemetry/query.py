"""What the operators' live view reads from InfluxDB: site and asset status, time series, fuel autonomy, alerts.

Pure reads over the v1 ``/query`` API (InfluxQL), each one request, returning tidy DataFrames with
units in the column names. Nothing here knows about Streamlit; the app wraps these calls.

* :func:`site_status`: per site, online/offline from birth and death messages, last reading time
  (any asset), and ``stale`` when it is older than ``stale_after_s``.
* :func:`asset_status`: per asset, the latest reading of each field and ``state`` = running, stopped
  or offline (its site offline or stale).
* :func:`series`: one field of one asset kind over a time range, averaged per ``every`` bucket, one
  column per ``site/asset``.
* :func:`fuel_autonomy`: per generator, litres left, current rate and hours left.
* :func:`alerts`: each alert's latest state (active, acknowledged, message).

:func:`acknowledge` publishes an operator's acknowledgement to the alert's ``/ack`` topic.
"""

from __future__ import annotations

import json
import math
import time

import pandas as pd

from teplovoda.telemetry import schema
from teplovoda.telemetry.influx import InfluxV1

RUNNING_KINDS = ("pump", "generator", "boiler")


def _frame(results: list[dict]) -> pd.DataFrame:
    rows = []
    for res in results:
        for s in res.get("series", []):
            for v in s["values"]:
                rows.append({"measurement": s["name"], **s.get("tags", {}), **dict(zip(s["columns"], v))})
    return pd.DataFrame(rows)


def site_status(client: InfluxV1, stale_after_s: float = 120.0, now_s: float | None = None) -> pd.DataFrame:
    """Sites (index) with ``online`` (bool, from birth/death), ``last_seen`` (UTC) and ``stale``."""
    now_s = time.time() if now_s is None else now_s
    # a reading carries any subset of its kind's fields: the newest point is the newest last() over them
    # (one selector per statement, so that InfluxDB returns the point's own time)
    lasts = [f'SELECT last("{f}") FROM {k} GROUP BY site' for k, fields in schema.ASSET_FIELDS.items() for f in fields]
    res = client.query("; ".join(["SELECT last(online) AS online FROM site_status GROUP BY site", *lasts]), epoch="ms")
    status = _frame(res[:1])
    seen = _frame(res[1:])
    sites = sorted(set(status.get("site", pd.Series(dtype=str))) | set(seen.get("site", pd.Series(dtype=str))))
    out = pd.DataFrame(index=pd.Index(sites, name="site"))
    out["online"] = status.set_index("site")["online"].reindex(out.index).fillna(True).astype(bool) if len(status) else True
    last_ms = seen.groupby("site")["time"].max().reindex(out.index) if len(seen) else pd.Series(index=out.index, dtype=float)
    out["last_seen"] = pd.to_datetime(last_ms, unit="ms", utc=True)
    out["age_s"] = now_s - last_ms / 1e3
    out["stale"] = ~out["online"] | out["age_s"].isna() | (out["age_s"] > stale_after_s)
    return out


def asset_status(
    client: InfluxV1, stale_after_s: float = 120.0, now_s: float | None = None, sites: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Assets (rows) with site, kind, asset, ``state`` (running / stopped / offline), last reading time and
    the latest value of every field (columns named as in the schema, with their units).

    ``sites``: :func:`site_status` when the caller has it already (saves its query)."""
    sites = site_status(client, stale_after_s, now_s) if sites is None else sites
    queries = "; ".join(f"SELECT last(*) FROM {k} GROUP BY site, asset" for k in schema.ASSET_FIELDS)
    res = client.query(queries, epoch="ms")
    frames = []
    for res_k in res:
        f = _frame([res_k])
        if len(f):
            f.columns = [c.removeprefix("last_") for c in f.columns]
            frames.append(f)
    if not frames:
        return pd.DataFrame(columns=["site", "kind", "asset", "state"])
    out = pd.concat(frames, ignore_index=True).rename(columns={"measurement": "kind"})
    out = out.drop(columns=[c for c in ("seq", "time") if c in out.columns])
    stale = sites["stale"].reindex(out["site"]).fillna(True).to_numpy(bool)
    running = out["running"].astype("boolean").fillna(False).to_numpy(bool) if "running" in out else [False] * len(out)
    states = []
    for is_stale, kind, is_running in zip(stale, out["kind"], running):
        if is_stale:
            states.append("offline")
        elif kind in RUNNING_KINDS:
            states.append("running" if is_running else "stopped")
        else:
            states.append("reporting")  # tanks, pressure sensors, grid: no running flag
    out["state"] = states
    out["last_seen"] = sites["last_seen"].reindex(out["site"]).to_numpy()
    return out.sort_values(["site", "kind", "asset"]).reset_index(drop=True)


def series(
    client: InfluxV1,
    kind: str,
    field: str,
    hours: float = 24.0,
    every: str | None = None,
    site: str | None = None,
    end_s: float | None = None,
) -> pd.DataFrame:
    """``mean(field)`` of one asset kind per time bucket: index = UTC time, columns = ``site/asset``.

    ``every`` defaults to about 300 buckets over the range (24 h -> 5 min).
    """
    if kind not in schema.ASSET_FIELDS or field not in schema.ASSET_FIELDS[kind]:
        raise ValueError(f"unknown field {kind}.{field}")
    if every is None:
        every = f"{max(int(hours * 3600 / 300), 1)}s"
    where = (
        f"time > now() - {int(hours * 3600)}s"
        if end_s is None
        else (f"time > {int((end_s - hours * 3600) * 1e9)} AND time <= {int(end_s * 1e9)}")
    )
    if site:
        where += f" AND site = '{site.replace(chr(39), '')}'"
    spec = schema.ASSET_FIELDS[kind][field]
    agg = "max" if spec.kind is bool else "mean"  # a running flag: was it on in the bucket
    q = f'SELECT {agg}("{field}") AS v FROM {kind} WHERE {where} GROUP BY time({every}), site, asset fill(none)'
    f = _frame(client.query(q, epoch="ms"))
    if not len(f):
        return pd.DataFrame()
    f["key"] = f["site"] + "/" + f["asset"]
    wide = f.pivot_table(index="time", columns="key", values="v", aggfunc="first")
    wide.index = pd.to_datetime(wide.index, unit="ms", utc=True)
    wide.columns.name = None
    wide.attrs["unit"] = spec.unit
    return wide.astype(float)


def fuel_autonomy(client: InfluxV1) -> pd.DataFrame:
    """Generators (rows): site, asset, running, fuel_l, fuel_rate_l_per_h and autonomy_h (litres / current rate)."""
    res = client.query(
        "SELECT last(fuel_l) AS fuel_l, last(fuel_rate_l_per_h) AS fuel_rate_l_per_h, last(running) AS running, "
        "last(fuel_level_pct) AS fuel_level_pct FROM generator GROUP BY site, asset",
        epoch="ms",
    )
    f = _frame(res)
    if not len(f):
        return pd.DataFrame(columns=["site", "asset", "running", "fuel_l", "fuel_rate_l_per_h", "autonomy_h"])
    rate = f["fuel_rate_l_per_h"].astype(float)
    f["autonomy_h"] = [
        lit / r if r and r > 0 and lit is not None and not math.isnan(lit) else math.inf for lit, r in zip(f["fuel_l"], rate)
    ]
    return f.drop(columns=["measurement", "time"]).sort_values(["site", "asset"]).reset_index(drop=True)


def alerts(client: InfluxV1, active_only: bool = False) -> pd.DataFrame:
    """Each alert's latest state: site, rule, asset, active, acknowledged, message, value, updated (UTC)."""
    res = client.query(
        "SELECT active, acknowledged, message, value FROM alert GROUP BY site, rule, asset ORDER BY time DESC LIMIT 1", epoch="ms"
    )
    f = _frame(res)
    if not len(f):
        return pd.DataFrame(columns=["site", "rule", "asset", "active", "acknowledged", "message", "value", "updated"])
    f["updated"] = pd.to_datetime(f.pop("time"), unit="ms", utc=True)
    f = f.drop(columns=["measurement"])
    if active_only:
        f = f[f["active"].astype(bool)]
    return f.sort_values(["active", "updated"], ascending=[False, False]).reset_index(drop=True)


def recent_means(client: InfluxV1, site: str, kinds_fields: dict[str, list[str]], minutes: float = 10.0) -> pd.DataFrame:
    """Mean of each field per asset over the last ``minutes``: kind, asset, field, measured."""
    statements = []
    order = []
    for kind, fields in kinds_fields.items():
        sel = ", ".join(f'mean("{f}") AS "{f}"' for f in fields)
        where = f"time > now() - {int(minutes * 60)}s AND site = '{site.replace(chr(39), '')}'"
        statements.append(f"SELECT {sel} FROM {kind} WHERE {where} GROUP BY asset")
        order.append(kind)
    if not statements:
        return pd.DataFrame(columns=["kind", "asset", "field", "measured"])
    rows = []
    for kind, res in zip(order, client.query("; ".join(statements), epoch="ms")):
        for s in res.get("series", []):
            for v in s["values"]:
                for col, x in zip(s["columns"], v):
                    if col != "time":
                        rows.append((kind, s["tags"]["asset"], col, x))
    return pd.DataFrame(rows, columns=["kind", "asset", "field", "measured"])


def compare_with_model(predicted: pd.DataFrame, measured: pd.DataFrame, tolerance: float = 0.10) -> pd.DataFrame:
    """Model beside measurement per (kind, asset, field): difference, relative difference and ``flag``
    when they differ by more than ``tolerance`` (share of the predicted value; temperatures: 5 K)."""
    m = predicted.merge(measured, on=["kind", "asset", "field"], how="left")
    m["difference"] = m["measured"] - m["predicted"]
    m["difference_pct"] = 100 * m["difference"] / m["predicted"].where(m["predicted"].abs() > 1e-9)
    is_temp = m["field"].str.endswith("_temp_c")
    m["flag"] = (
        m["measured"].isna()
        | (is_temp & (m["difference"].abs() > 5.0))
        | (~is_temp & (m["difference_pct"].abs() > 100 * tolerance))
    )
    m["unit"] = [schema.ASSET_FIELDS[k][f].unit for k, f in zip(m["kind"], m["field"])]
    return m


def acknowledge(mqtt_cfg, site: str, rule: str, asset: str, by: str, timeout_s: float = 5.0) -> None:
    """Publish an operator's acknowledgement (QoS 1) and wait for the broker to take it."""
    from teplovoda.telemetry.ingest import mqtt_client

    if not by.strip() or len(by) > 64:
        raise ValueError("the acknowledging operator's name must be 1-64 characters")
    c = mqtt_client(mqtt_cfg, f"teplovoda-ack-{time.time_ns()}")
    c.connect(mqtt_cfg.host, mqtt_cfg.port, keepalive=10)
    c.loop_start()
    try:
        info = c.publish(schema.alert_topic(site, rule, asset) + "/ack", json.dumps({"schema": 1, "by": by.strip()}), qos=1)
        info.wait_for_publish(timeout_s)
    finally:
        c.disconnect()
        c.loop_stop()


__all__ = [
    "site_status",
    "asset_status",
    "series",
    "fuel_autonomy",
    "alerts",
    "recent_means",
    "compare_with_model",
    "acknowledge",
]
