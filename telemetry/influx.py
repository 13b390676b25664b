"""InfluxDB over its v1 HTTP API: line protocol on ``/write``, InfluxQL on ``/query``.

These two endpoints are what InfluxDB 1.x, 2.x (v1 compatibility API) and 3 Core all serve, so
teplovoda stores telemetry the same way on each. The ``influxdb-client`` package's write and query
APIs use ``/api/v2/*`` only: on InfluxDB 1.6.7 (Debian 12) those answer 404 and its batching writer
then logs and drops the data, so teplovoda uses only its ``Point`` line-protocol serializer.

Pointing teplovoda at InfluxDB 2.x or 3:

* 2.x: ``database`` and ``retention_policy`` are mapped to a bucket by a DBRP mapping
  (``influx v1 dbrp create --db teplovoda --rp autogen --bucket-id <id> --default``); authenticate
  with an API token (``token_env``), sent as ``Authorization: Token ...``. ``CREATE DATABASE`` is
  not available there: create the bucket and mapping first (``ensure_database`` then only checks).
* 3 Core: ``database`` is the database name (created on first write); token as for 2.x.

Errors are split in two: :class:`InfluxUnavailable` (connection refused, timeout, 5xx: try again
later, spool meanwhile) and :class:`InfluxRejected` (4xx: the request itself is wrong; retrying
cannot help).
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.parse

import urllib3

from teplovoda.models.errors import TeplovodaError

logger = logging.getLogger(__name__)


class InfluxUnavailable(TeplovodaError):
    """InfluxDB cannot be reached or failed (connection error, timeout, HTTP 5xx)."""


class InfluxRejected(TeplovodaError):
    """InfluxDB refused the request (HTTP 4xx): bad credentials, missing database, bad line protocol."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class InfluxV1:
    """A small client of the v1 HTTP API; connections are opened lazily and kept alive.

    Parameters
    ----------
    url : str
        e.g. ``http://127.0.0.1:18086``
    database, retention_policy : str
        Where points go (``retention_policy`` None = the database's default).
    username, password : str, optional
        v1 credentials (HTTP basic auth).
    token : str, optional
        An InfluxDB 2.x/3 API token instead of username and password.
    timeout_s : float
        Connect and read timeout of each request.
    """

    def __init__(
        self,
        url: str,
        database: str,
        retention_policy: str | None = None,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        timeout_s: float = 5.0,
    ):
        self.url = url.rstrip("/")
        self.database = database
        self.retention_policy = retention_policy
        self.timeout = urllib3.Timeout(connect=min(timeout_s, 2.0), read=timeout_s)
        self.headers = {}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        elif username:
            cred = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
            self.headers["Authorization"] = f"Basic {cred}"
        self._pool: urllib3.PoolManager | None = None
        self.last_write_s: float | None = None  # Unix time InfluxDB last answered a write (ingest's health)

    @property
    def pool(self) -> urllib3.PoolManager:
        if self._pool is None:
            self._pool = urllib3.PoolManager(num_pools=2, maxsize=4, retries=False)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.clear()
            self._pool = None

    def _request(self, method: str, path: str, fields: dict | None = None, body: bytes | None = None):
        url = f"{self.url}{path}"
        if fields:
            url += "?" + urllib.parse.urlencode({k: v for k, v in fields.items() if v is not None})
        try:
            r = self.pool.request(method, url, body=body, headers=self.headers, timeout=self.timeout)
        except urllib3.exceptions.HTTPError as exc:
            raise InfluxUnavailable(f"InfluxDB at {self.url} unreachable: {type(exc).__name__}") from None
        if r.status >= 500:
            raise InfluxUnavailable(f"InfluxDB at {self.url} answered {r.status}: {r.data[:200].decode(errors='replace')}")
        if r.status >= 400:
            raise InfluxRejected(f"InfluxDB at {self.url} refused {path} ({r.status}): {_error_text(r.data)}", r.status)
        return r

    def ping(self) -> bool:
        try:
            return self._request("GET", "/ping").status == 204
        except (InfluxUnavailable, InfluxRejected):
            return False

    def write(self, lines: list[str], precision: str = "ns") -> None:
        """Write line-protocol lines in one request; returns when InfluxDB has stored them (HTTP 204)."""
        if not lines:
            return
        body = ("\n".join(lines) + "\n").encode()
        self._request("POST", "/write", {"db": self.database, "rp": self.retention_policy, "precision": precision}, body=body)
        self.last_write_s = time.time()

    def query(self, q: str, epoch: str | None = "ms") -> list[dict]:
        """Run InfluxQL; returns the ``results`` list (each with ``series``). An error in a statement raises."""
        fields = {"q": q, "db": self.database}
        if epoch:
            fields["epoch"] = epoch
        r = self._request("POST" if _is_write_statement(q) else "GET", "/query", fields)
        results = json.loads(r.data)["results"]
        for res in results:
            if "error" in res:
                raise InfluxRejected(f"InfluxQL error: {res['error']} in {q[:120]!r}")
        return results

    def ensure_database(self) -> None:
        """``CREATE DATABASE`` (idempotent on 1.x); on 2.x/3 the bucket/database must exist or is auto-created."""
        try:
            self.query(f'CREATE DATABASE "{self.database}"', epoch=None)
        except InfluxRejected as exc:
            logger.info("CREATE DATABASE not accepted (%s); assuming an InfluxDB 2.x/3 bucket mapping", exc)

    def rows(self, q: str) -> list[dict]:
        """A query's rows as dicts (column -> value), tags included, over all series."""
        out = []
        for res in self.query(q):
            for s in res.get("series", []):
                tags = s.get("tags", {})
                for v in s["values"]:
                    out.append({**tags, **dict(zip(s["columns"], v))})
        return out


def _is_write_statement(q: str) -> bool:
    head = q.lstrip().split(None, 1)[0].upper() if q.strip() else ""
    return head in {"CREATE", "DROP", "ALTER", "DELETE", "GRANT", "REVOKE", "KILL", "SET"}


def _error_text(data: bytes) -> str:
    try:
        return str(json.loads(data).get("error", ""))[:300]
    except (ValueError, AttributeError):
        return data[:300].decode(errors="replace")


__all__ = ["InfluxV1", "InfluxUnavailable", "InfluxRejected"]
