"""What the operators' live view reads from InfluxDB: site and asset status, time series, fuel autonomy, alerts.

Pure reads over the v1 ``/query`` API (InfluxQL), each one request, returning tidy DataFrames with
units in the column names. Nothing here knows about Streamlit; the app wraps these calls.

* :func:`site_status`: per site, online/offline from birth and death messages, last reading time
  (any asset), and ``stale`` when it is older than ``stale_after_s``.
* :func:`asset_status`: per asset, the latest reading of each field and ``state`` = running, stopped
  or offline (its site offline or stale, or the device itself offline: a Modbus device that stopped
  answering, telemetry/modbus.py).
* :func:`series`: one field of one asset kind over a time range, averaged per ``every`` bucket, one
  column per ``site/asset``.
* :func:`fuel_autonomy`: per generator, litres left, current rate and hours left (a stopped set's at
  its last running rate).
* :func:`alerts`: each alert's latest state (active, message), when it was raised, and who
  acknowledged it and when (the alert and acknowledgement points in one request).

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
    res = client.query(queries + "; SELECT last(online) AS online FROM device_status GROUP BY site, kind, asset", epoch="ms")
    devices = _frame(res[-1:])
    down = set()
    if len(devices):
        down = {(r.site, r.kind, r.asset) for r in devices.itertuples() if r.online is False or r.online == 0}
    frames = []
    for res_k in res[:-1]:
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
    for site, asset, is_stale, kind, is_running in zip(out["site"], out["asset"], stale, out["kind"], running):
        if is_stale or (site, kind, asset) in down:
            states.append("offline")
        elif kind in RUNNING_KINDS:
            states.append("running" if is_running else "stopped")
        else:
            states.append("reporting")  # tanks, pressure sensors, grid: no running flag
    out["state"] = states
    out["last_seen"] = sites["last_seen"].reindex(out["site"]).to_numpy()
    return out.sort_values(["site", "kind", "asset"]).reset_index(drop=True)


def _duration_s(every: str) -> int:
    """An InfluxQL duration of whole seconds, minutes, hours or days (``"10m"``) in seconds."""
    scale = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    if len(every) < 2 or every[-1] not in scale or not every[:-1].isdigit() or int(every[:-1]) <= 0:
        raise ValueError(f"bucket width {every!r}: give a whole number of s, m, h or d (e.g. 10m)")
    return int(every[:-1]) * scale[every[-1]]


def series(
    client: InfluxV1,
    kind: str,
    field: str,
    hours: float = 24.0,
    every: str | None = None,
    site: str | None = None,
    end_s: float | None = None,
) -> pd.DataFrame:
    """``mean(field)`` of one asset kind per time bucket: index = UTC time of each bucket's end,
    columns = ``site/asset``; ``attrs``: ``unit``, ``start`` and ``end`` (UTC timestamps of the range).

    ``every`` defaults to about 300 buckets over the range (24 h -> 5 min). The buckets are aligned
    to end at ``end_s`` (default now), not at multiples of ``every`` since 1970, and each is placed at
    its end: InfluxDB's own grid put the last bucket of a 7-day range (33.6 min wide) at its start,
    up to 33 minutes behind now (issue 15, point 5). A point is the mean of the ``every`` before it.
    """
    if kind not in schema.ASSET_FIELDS or field not in schema.ASSET_FIELDS[kind]:
        raise ValueError(f"unknown field {kind}.{field}")
    every_s = max(int(hours * 3600 / 300), 1) if every is None else _duration_s(every)
    edge_s = math.ceil(time.time() if end_s is None else end_s)  # a bucket boundary: every reading up to now is in
    start_s = edge_s - hours * 3600
    where = f"time > {int(start_s * 1e9)} AND time <= {edge_s * 10**9}"
    if site:
        where += f" AND site = '{site.replace(chr(39), '')}'"
    spec = schema.ASSET_FIELDS[kind][field]
    agg = "max" if spec.kind is bool else "mean"  # a running flag: was it on in the bucket
    group = f"time({every_s}s, {edge_s % every_s}s), site, asset"
    q = f'SELECT {agg}("{field}") AS v FROM {kind} WHERE {where} GROUP BY {group} fill(none)'
    f = _frame(client.query(q, epoch="ms"))
    if not len(f):
        return pd.DataFrame()
    f["key"] = f["site"] + "/" + f["asset"]
    wide = f.pivot_table(index="time", columns="key", values="v", aggfunc="first")
    wide.index = pd.to_datetime(wide.index + every_s * 1000, unit="ms", utc=True)
    wide.columns.name = None
    wide = wide.astype(float)
    wide.attrs.update(
        unit=spec.unit, start=pd.Timestamp(start_s, unit="s", tz="UTC"), end=pd.Timestamp(edge_s, unit="s", tz="UTC")
    )
    return wide


#: How far back a stopped generator's last running fuel rate is looked for (a standby set runs rarely).
LAST_RUNNING_LOOKBACK = "30d"
FUEL_COLUMNS = [
    "site",
    "asset",
    "running",
    "fuel_l",
    "fuel_rate_l_per_h",
    "last_running_rate_l_per_h",
    "autonomy_rate_l_per_h",
    "autonomy_basis",
    "autonomy_h",
]


def fuel_autonomy(client: InfluxV1) -> pd.DataFrame:
    """Generators (rows): site, asset, running, fuel_l, fuel_rate_l_per_h (now), last_running_rate_l_per_h,
    and autonomy_h = fuel_l / autonomy_rate_l_per_h, with ``autonomy_basis`` saying which rate that is.

    A running set's hours are at its current rate (``"current"``). A stopped set burns 0 L/h, so
    "hours at the current rate" would be infinite ("never / 795 L at 0 L/h", issue 15 point 4): its
    hours are at the **last running rate**, the newest positive ``fuel_rate_l_per_h`` it reported in
    the last 30 days (``"last_running"``): what the tank lasts when the set starts again at the
    load it last carried. A set with no positive rate in that time has ``"none"`` and NaN hours.
    Both reads are one request.
    """
    res = client.query(
        "SELECT last(fuel_l) AS fuel_l, last(fuel_rate_l_per_h) AS fuel_rate_l_per_h, last(running) AS running, "
        "last(fuel_level_pct) AS fuel_level_pct FROM generator GROUP BY site, asset; "
        "SELECT last(fuel_rate_l_per_h) AS last_running_rate_l_per_h FROM generator "
        f"WHERE fuel_rate_l_per_h > 0 AND time > now() - {LAST_RUNNING_LOOKBACK} GROUP BY site, asset",
        epoch="ms",
    )
    f = _frame(res[:1])
    if not len(f):
        return pd.DataFrame(columns=FUEL_COLUMNS)
    last = _frame(res[1:])
    f = f.drop(columns=["measurement", "time"])
    if len(last):
        f = f.merge(last[["site", "asset", "last_running_rate_l_per_h"]], on=["site", "asset"], how="left")
    else:
        f["last_running_rate_l_per_h"] = math.nan
    rate = pd.to_numeric(f["fuel_rate_l_per_h"], errors="coerce")
    last_rate = pd.to_numeric(f["last_running_rate_l_per_h"], errors="coerce")
    running = f["running"].astype("boolean").fillna(False).astype(bool) & (rate > 0)
    f["autonomy_basis"] = ["current" if r else ("last_running" if lr > 0 else "none") for r, lr in zip(running, last_rate)]
    f["autonomy_rate_l_per_h"] = rate.where(running, last_rate.where(last_rate > 0))
    f["autonomy_h"] = pd.to_numeric(f["fuel_l"], errors="coerce") / f["autonomy_rate_l_per_h"]
    return f.sort_values(["site", "asset"]).reset_index(drop=True)


ALERT_COLUMNS = [
    "site",
    "rule",
    "asset",
    "active",
    "acknowledged",
    "acknowledged_by",
    "acknowledged_at",
    "message",
    "value",
    "raised",
    "updated",
]
#: Alert points read per alert to find when its current episode began (a raise, an ack republish, a clear).
ALERT_HISTORY = 100


def alerts(client: InfluxV1, active_only: bool = False) -> pd.DataFrame:
    """Each alert's latest state with its acknowledgement, read in one request.

    Rows: site, rule, asset, active, acknowledged, acknowledged_by, acknowledged_at, message, value,
    raised (UTC: the first point of the current episode, after the last ``cleared``), updated (UTC:
    the latest point). An alert is acknowledged when the alert service said so or when an operator's
    acknowledgement (an ``alert_ack`` point, stored by ingest from the ``/ack`` topic) was stored
    since the episode was raised: the service keeps acknowledgements in memory only and republishes
    the alert unacknowledged after a restart, which offered an acknowledged alert again (issue 15,
    point 2). See :func:`with_acknowledgements`.
    """
    res = client.query(
        f"SELECT active, acknowledged, message, value FROM alert GROUP BY site, rule, asset "
        f"ORDER BY time DESC LIMIT {ALERT_HISTORY}; "
        'SELECT "by" FROM alert_ack GROUP BY site, rule, asset ORDER BY time DESC LIMIT 1',
        epoch="ms",
    )
    points = _frame(res[:1])
    if not len(points):
        return pd.DataFrame(columns=ALERT_COLUMNS)
    stored = _frame(res[1:])
    acks = None
    if len(stored):
        acks = stored[["site", "rule", "asset", "by"]].assign(at=pd.to_datetime(stored["time"], unit="ms", utc=True))
    rows = []
    for (site, rule, asset), g in points.groupby(["site", "rule", "asset"], sort=False):
        g = g.sort_values("time")
        latest = g.iloc[-1]
        active = bool(latest["active"])
        cleared = g.loc[~g["active"].astype(bool), "time"]
        episode = g[g["time"] > cleared.max()] if len(cleared) else g
        rows.append(
            {
                "site": site,
                "rule": rule,
                "asset": asset,
                "active": active,
                "acknowledged": active and bool(latest["acknowledged"]),
                "message": latest["message"],
                "value": latest.get("value"),
                "raised": pd.Timestamp(episode["time"].min() if active else latest["time"], unit="ms", tz="UTC"),
                "updated": pd.Timestamp(latest["time"], unit="ms", tz="UTC"),
            }
        )
    f = with_acknowledgements(pd.DataFrame(rows), acks)
    if active_only:
        f = f[f["active"]]
    return f.sort_values(["active", "updated"], ascending=[False, False]).reset_index(drop=True)


def with_acknowledgements(alerts: pd.DataFrame, acks: pd.DataFrame | None) -> pd.DataFrame:
    """Alerts (rows as :func:`alerts` returns, ``acknowledged_by``/``acknowledged_at`` optional) with who
    acknowledged each active one and when.

    ``acks``: rows of site, rule, asset, by, at (UTC timestamp). The newest per alert counts when it
    is not older than the alert's ``raised``: an acknowledgement belongs to one episode, and one of an
    earlier episode (before the alert cleared) does not carry over. An alert that already names who
    acknowledged it keeps that name. Also how the Live page shows an acknowledgement it has just sent,
    before ingest has stored it. Returns :data:`ALERT_COLUMNS`.
    """
    key = ["site", "rule", "asset"]
    f = alerts.reset_index(drop=True).copy()
    if "acknowledged_by" not in f:
        f["acknowledged_by"] = None
    if "acknowledged_at" not in f:
        f["acknowledged_at"] = pd.Series(pd.NaT, index=f.index, dtype="datetime64[ns, UTC]")
    if acks is not None and len(acks) and len(f):
        newest = acks.sort_values("at").groupby(key, as_index=False).last()
        m = f[key].merge(newest, on=key, how="left")
        at = pd.to_datetime(m["at"], utc=True)
        valid = f["active"].astype(bool).to_numpy() & at.notna().to_numpy() & (at.to_numpy() >= f["raised"].to_numpy())
        take = valid & f["acknowledged_by"].isna().to_numpy()
        f["acknowledged"] = f["acknowledged"].astype(bool).to_numpy() | valid
        f["acknowledged_by"] = f["acknowledged_by"].astype(object).where(~take, m["by"].astype(object))
        f["acknowledged_at"] = f["acknowledged_at"].where(~take, at)
    return f[ALERT_COLUMNS]


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
    "with_acknowledgements",
    "recent_means",
    "compare_with_model",
    "acknowledge",
]
