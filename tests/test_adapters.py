"""The adapters to other libraries' private APIs: each one's contract, and no private use anywhere else.

One adapter module per library holds every use of its private or undocumented API (the module doc of each
says what it relies on and the versions it was checked on). For each adapter:

* the range it was written for (``SUPPORTED_VERSIONS``) is pyproject.toml's pin of the library, and the
  installed version (``importlib.metadata``) is in it: widening the pin without reviewing the adapter fails;
* each private thing it uses is still there with the shape and behaviour it expects, on a tiny case: an upgrade
  that breaks the adapter fails here, with the name, and not deep in a solve.

Then an ``ast`` scan of models/, telemetry/, ui/ and bench/ finds any private use outside the adapters.
"""

from __future__ import annotations

import ast
import inspect
import os
import socket
import subprocess
import sys
import threading
import tomllib
from importlib.metadata import version
from pathlib import Path

import numpy as np
import paho.mqtt.client as mqtt
import pytest
from epanet import toolkit as tk
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from pandapipes.pf.system_index import PitEntries, PitRegistry, PitWriteMode

from teplovoda.models import numba_cache, pandapipes_speedups
from teplovoda.models.water import epanet_internals
from teplovoda.telemetry import mqtt_acks
from teplovoda.ui import streamlit_internals
from tests.conftest import REPO

ADAPTERS = {
    "models/numba_cache.py": numba_cache,
    "models/pandapipes_speedups.py": pandapipes_speedups,
    "models/water/epanet_internals.py": epanet_internals,
    "telemetry/mqtt_acks.py": mqtt_acks,
    "ui/streamlit_internals.py": streamlit_internals,
}
SCANNED = ("models", "telemetry", "ui", "bench")


def pinned(distribution: str) -> SpecifierSet:
    """pyproject.toml's version range of ``distribution`` (one of ``[project] dependencies``)."""
    with open(REPO / "pyproject.toml", "rb") as f:
        requirements = [Requirement(r) for r in tomllib.load(f)["project"]["dependencies"]]
    (req,) = [r for r in requirements if canonicalize_name(r.name) == canonicalize_name(distribution)]
    return req.specifier


# ---- versions -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(ADAPTERS))
def test_the_adapter_is_written_for_the_pinned_range(path):
    adapter = ADAPTERS[path]
    pin = pinned(adapter.DISTRIBUTION)
    assert SpecifierSet(adapter.SUPPORTED_VERSIONS) == pin, (
        f"pyproject.toml pins {adapter.DISTRIBUTION}{pin} but {path} was written for {adapter.SUPPORTED_VERSIONS}: "
        f"review its private uses (its module doc) on the new versions, then make the two agree"
    )


@pytest.mark.parametrize("path", sorted(ADAPTERS))
def test_the_installed_version_is_one_the_adapter_was_written_for(path):
    adapter = ADAPTERS[path]
    installed = version(adapter.DISTRIBUTION)
    assert installed in SpecifierSet(adapter.SUPPORTED_VERSIONS), (
        f"{adapter.DISTRIBUTION} {installed} is installed; {path} was written for {adapter.SUPPORTED_VERSIONS}"
    )
    assert all(v in SpecifierSet(adapter.SUPPORTED_VERSIONS) for v in adapter.CHECKED_ON)


@pytest.mark.parametrize("path", sorted(ADAPTERS))
def test_the_adapter_states_its_range_and_the_versions_it_was_checked_on(path):
    adapter = ADAPTERS[path]
    doc = " ".join(adapter.__doc__.split())
    assert f"{adapter.DISTRIBUTION}{adapter.SUPPORTED_VERSIONS}" in doc
    assert all(f"{adapter.DISTRIBUTION} {v}" in doc for v in adapter.CHECKED_ON)
    assert "relies on" in doc or "relying on" in doc


# ---- pandapipes: PitRegistry._check_conflict --------------------------------------------------------------------
def _entries(rows, cols, mode=PitWriteMode.UNIQUE) -> PitEntries:
    return PitEntries(np.array(rows), np.array(cols), np.zeros(len(rows)), mode)


def test_pandapipes_pit_registry_has_the_private_check_it_replaces():
    original = pandapipes_speedups._ORIGINAL
    assert original.__qualname__ == "PitRegistry._check_conflict", "pandapipes renamed PitRegistry._check_conflict"
    assert tuple(inspect.signature(original).parameters) == ("self", "entries", "bucket")
    assert tuple(inspect.signature(pandapipes_speedups.check_conflict).parameters) == ("self", "entries", "bucket")
    assert {"rows", "cols", "mode"} <= set(inspect.signature(PitEntries).parameters)
    assert PitWriteMode.UNIQUE in PitWriteMode and PitWriteMode.ADDITIVE in PitWriteMode
    assert pandapipes_speedups.INSTALLED and PitRegistry._check_conflict is pandapipes_speedups.check_conflict


def test_pandapipes_registry_calls_the_check_for_each_group_of_both_buckets(monkeypatch):
    """``add`` and ``add_override`` go through ``_check_conflict``: otherwise the replacement would never run."""
    seen = []
    monkeypatch.setattr(PitRegistry, "_check_conflict", lambda self, entries, bucket: seen.append((entries, bucket)))
    reg, first, second = PitRegistry(), _entries([1], [0]), _entries([2], [0])
    reg.add(first)
    reg.add_override(second)
    assert [e for e, _ in seen] == [first, second]
    assert seen[0][1] is reg.default and seen[1][1] is reg.overrides


@pytest.mark.parametrize("check", [pandapipes_speedups._ORIGINAL, pandapipes_speedups.check_conflict], ids=["pandapipes", "ours"])
def test_pandapipes_check_refuses_a_unique_pair_claimed_twice(check):
    bucket = [_entries([1, 2], [0, 0]), _entries([5], [1], PitWriteMode.ADDITIVE)]
    check(PitRegistry(), _entries([3, 5], [0, 1]), bucket)  # (5, 1) is only claimed additively
    with pytest.raises(ValueError, match=r"PIT conflict: \(row, col\) pairs \{\(2, 0\)\}"):
        check(PitRegistry(), _entries([2, 3], [0, 0]), bucket)


def test_streamlit_server_builds_its_app_through_the_factory_name_the_adapter_wraps():
    """ui/streamlit_internals.py wraps starlette_server.create_starlette_app(runtime) and appends a middleware."""
    from starlette.applications import Starlette
    from streamlit.web.server.starlette import starlette_server

    assert list(inspect.signature(starlette_server.create_starlette_app).parameters) == ["runtime"], (
        "streamlit's create_starlette_app changed: review ui/streamlit_internals.py"
    )
    start = inspect.getsource(starlette_server.UvicornServer.start)
    assert "create_starlette_app(self._runtime)" in start, "UvicornServer.start no longer calls the factory by name"
    assert Starlette(routes=[]).user_middleware == [], "Starlette.user_middleware is gone: review the adapter"


def test_streamlit_frontend_reads_the_backend_base_url_the_server_sets():
    """The bundle takes window.__streamlit.BACKEND_BASE_URL as its server base (else it tries /<page>/_stcore)."""
    import re

    import streamlit

    static = Path(streamlit.__file__).parent / "static"
    index = (static / "index.html").read_text(encoding="utf-8")
    module = re.search(r'<script type="module" crossorigin src="\./([^"]+)"', index)
    assert module and index.count("<head>") == 1 and index.index("<head>") < module.start(), "index.html changed"
    source = (static / module.group(1)).read_text(encoding="utf-8")
    assert "window.__streamlit" in source and "BACKEND_BASE_URL" in source, "review ui/streamlit_internals.py"


def _asgi_get(app, path="/live", method="GET") -> tuple[dict, bytes]:
    """One request (a GET unless told) through an ASGI app: (headers, body)."""
    import asyncio

    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app({"type": "http", "method": method, "path": path, "headers": []}, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return dict(start["headers"]), body


def _answering(content_type: bytes, chunks: list[bytes]):
    async def app(scope, receive, send):
        size = str(sum(len(c) for c in chunks)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type), (b"content-length", size)],
            }
        )
        for n, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": n < len(chunks) - 1})

    return app


@pytest.mark.parametrize(("base_url_path", "base"), [("", '"/"'), ("/tv/", '"/tv/"'), ("a/b", '"/a/b/"')])
def test_backend_base_url_sets_the_root_as_the_frontends_base_in_a_page(base_url_path, base):
    page = [b"<html><head><title>x</title>", b'<script type="module" src="./static/js/index.js"></script></head></html>']
    headers, body = _asgi_get(streamlit_internals.BackendBaseUrl(_answering(b"text/html", page), base_url_path))
    script = f"{{BACKEND_BASE_URL:new URL({base},window.location.origin).href}})</script>".encode()
    assert body.startswith(b"<html><head><script>window.__streamlit=") and script in body
    assert body.endswith(b"".join(page)[len(b"<html><head>") :])
    assert int(headers[b"content-length"]) == len(body)


@pytest.mark.parametrize(
    ("content_type", "method"), [(b"application/json", "GET"), (b"text/plain", "GET"), (b"text/html", "HEAD")]
)
def test_backend_base_url_leaves_other_answers_alone(content_type, method):
    answer = [b'<head>{"allowedOrigins": []}']
    app = streamlit_internals.BackendBaseUrl(_answering(content_type, answer))
    headers, body = _asgi_get(app, method=method)
    assert body == answer[0] and int(headers[b"content-length"]) == len(body)


# ---- owa-epanet: doubleArray.this -------------------------------------------------------------------------------
def test_streamlit_command_line_has_the_run_command_serve_calls():
    """ui/serve.py runs ``streamlit run`` through streamlit.web.cli.main (a click group): review the adapter if it moved."""
    from streamlit.web import cli

    assert "run" in cli.main.commands, "streamlit.web.cli.main has no run command: review ui/streamlit_internals.py"
    params = {p.name for p in cli.main.commands["run"].params}
    assert {"target", "server_port", "server_address", "server_headless", "server_maxUploadSize"} <= params, sorted(params)


def test_streamlit_answers_no_script_run_outside_one():
    import inspect

    import streamlit  # noqa: F401 - loaded, as in the app
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    assert "suppress_warning" in inspect.signature(get_script_run_ctx).parameters, (
        "streamlit's get_script_run_ctx changed: review ui/streamlit_internals.py"
    )
    assert get_script_run_ctx(suppress_warning=True) is None
    assert streamlit_internals.in_script_run() is False


def test_epanet_double_array_exposes_its_c_pointer():
    array = tk.doubleArray(3)
    assert hasattr(array, "this"), "owa-epanet's doubleArray has no SWIG .this: review models/water/epanet_internals.py"
    assert int(array.this) > 0
    for i, value in enumerate([1.5, -2.25, 1e6]):
        array[i] = value  # the documented way in
    assert epanet_internals.as_numpy(array, 3).tolist() == [1.5, -2.25, 1e6]
    assert epanet_internals.as_numpy(array, 2).tolist() == [1.5, -2.25]


def test_epanet_getnodevalues_fills_the_array_the_adapter_reads(tmp_path):
    """The values read at once are those the documented one-node call gives (EPANET keeps feet inside: 12.000...02)."""
    ph = tk.createproject()
    try:
        tk.init(ph, str(tmp_path / "tiny.rpt"), "", tk.CMH, tk.HW)
        for i, z in enumerate([12.0, 7.5, 31.25]):
            tk.setnodevalue(ph, tk.addnode(ph, f"J{i}", tk.JUNCTION), tk.ELEVATION, z)
        array = tk.doubleArray(3)
        tk.getnodevalues(ph, tk.ELEVATION, array)
        one_by_one = [tk.getnodevalue(ph, i, tk.ELEVATION) for i in (1, 2, 3)]
        assert epanet_internals.as_numpy(array, 3).tolist() == one_by_one
        np.testing.assert_allclose(one_by_one, [12.0, 7.5, 31.25], rtol=1e-12)
    finally:
        tk.deleteproject(ph)


# ---- paho-mqtt: Client._packet_queue, MQTTMessage._topic, Client._thread ----------------------------------------
def _client() -> mqtt.Client:
    return mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5, manual_ack=True)


def test_paho_packet_queue_has_the_signature_ack_batch_calls():
    assert mqtt_acks.batch_supported(), (
        f"paho's Client._packet_queue is now {inspect.signature(mqtt.Client._packet_queue)}: review telemetry/mqtt_acks.py"
    )


def test_paho_queues_a_batch_as_the_pubacks_its_own_ack_would_send():
    """Unconnected, paho keeps what is queued in ``_out_packet``: one batch is one packet, the bytes of ``ack()`` each."""
    own, ours = _client(), _client()
    for mid in (7, 0x1234):
        own.ack(mid, 1)
    mqtt_acks.ack_batch(ours, [7, 0x1234])
    assert [p["command"] for p in own._out_packet] == [mqtt_acks.PUBACK] * 2
    assert [p["command"] for p in ours._out_packet] == [mqtt_acks.PUBACK]
    assert ours._out_packet[0]["packet"] == b"".join(p["packet"] for p in own._out_packet)


def test_paho_message_keeps_the_topic_bytes_it_cannot_decode():
    msg = mqtt.MQTTMessage(mid=1, topic=b"teplovoda/v1/\xff")
    with pytest.raises(UnicodeDecodeError):
        _ = msg.topic  # why ingest needs the raw bytes
    assert mqtt_acks.raw_topic(msg) == b"teplovoda/v1/\xff"


def test_paho_network_thread_is_the_loop_started_and_none_after_it_stops():
    assert mqtt_acks.network_thread(None) is None
    client = _client()
    assert mqtt_acks.network_thread(client) is None
    with socket.socket() as s:  # a port nothing listens on: the loop runs, retrying, without a broker
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client.connect_async("127.0.0.1", port)
    client.loop_start()
    try:
        thread = mqtt_acks.network_thread(client)
        assert isinstance(thread, threading.Thread) and thread.is_alive()
    finally:
        client.loop_stop()
    assert mqtt_acks.network_thread(client) is None and not thread.is_alive()


# ---- no private use outside the adapters -----------------------------------------------------------------------
#: internal modules of other libraries (no leading underscore, but not their public API)
INTERNAL_MODULES = (
    "pandapipes.pf",
    "pandapipes.component_models.component_toolbox",
    "pandapower.auxiliary",
    "streamlit.runtime",
    "streamlit.web",
)
#: undocumented attributes without a leading underscore
UNDOCUMENTED_ATTRIBUTES = {"this": "SWIG's C pointer (owa-epanet arrays)"}
#: documented names with a leading underscore (namedtuple's API)
DOCUMENTED_UNDERSCORE = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}
REFLECTION = ("getattr", "setattr", "hasattr", "delattr")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _internal_module(module: str) -> bool:
    return any(_private(part) for part in module.split(".")) or any(
        module == m or module.startswith(m + ".") for m in INTERNAL_MODULES
    )


def _dotted_root(node: ast.expr) -> str | None:
    """``a`` for ``a``, ``a.b``, ``a.b.c`` (a module, or a class or function in one); None for anything else."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _bindings(tree: ast.Module) -> tuple[set[str], set[str], list[str]]:
    """Names bound by the file's imports (anywhere in it): teplovoda's or the standard library's, others'; and
    the imports of another library's internal modules or private names."""
    own, foreign, found = {"self", "cls"}, set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or not node.module):
            own.update(a.asname or a.name for a in node.names)  # relative: ours
            continue
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for alias in node.names:
            module = node.module if isinstance(node, ast.ImportFrom) else alias.name
            top = module.split(".")[0]
            mine = top == "teplovoda" or top in sys.stdlib_module_names
            (own if mine else foreign).add(alias.asname or alias.name.split(".")[0])
            if not mine and _internal_module(module):
                found.append(f"line {node.lineno}: imports {module}, an internal module of {top}")
            elif not mine and isinstance(node, ast.ImportFrom) and _private(alias.name):
                found.append(f"line {node.lineno}: imports {alias.name}, private in {module}")
    return own, foreign, found


def _reaches(base: ast.expr, attr: str, own: set[str]) -> bool:
    """Whether ``base.attr`` is a private or undocumented attribute of something that may not be ours.

    Ours: ``self``, ``cls`` and dotted names from a teplovoda or standard-library import (``thermal._Work``,
    ``os._exit``); not what a call returns (``read_wntr_model(path)._controls`` is a wntr object) nor the
    attributes of ``self`` (``self._client._thread`` is paho's).
    """
    if attr not in UNDOCUMENTED_ATTRIBUTES and (not _private(attr) or attr in DOCUMENTED_UNDERSCORE):
        return False
    if isinstance(base, ast.Name):
        return base.id not in own
    root = _dotted_root(base)
    return root is None or root not in own - {"self", "cls"}


def _patches(obj: ast.expr, foreign: set[str]) -> bool:
    """Whether setting an attribute of ``obj`` changes another library's module or class (``pp.pipeflow = f``)."""
    return _dotted_root(obj) in foreign


def private_uses(source: str) -> list[str]:
    """Uses of other libraries' private or internal API in ``source``, one line each ("line N: what").

    Which object comes from another library cannot be told from the source (a paho callback's ``msg``), so a
    private attribute counts on anything but ``self``, ``cls`` or a name imported from teplovoda or the standard
    library: first-party code does not reach into other objects' privates either.
    """
    tree = ast.parse(source)
    own, foreign, found = _bindings(tree)
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Attribute) and _reaches(node.value, node.attr, own):
            found.append(f"line {node.lineno}: reaches {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFLECTION and len(node.args) > 1:
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and _reaches(node.args[0], name.value, own):
                found.append(f"line {node.lineno}: reaches {ast.unparse(node)}")
            if node.func.id in ("setattr", "delattr") and _patches(node.args[0], foreign):
                found.append(f"line {node.lineno}: changes {ast.unparse(node.args[0])}, another library's (a monkeypatch)")
        elif isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        patched = [t for t in targets if isinstance(t, ast.Attribute) and _patches(t.value, foreign)]
        found += [f"line {node.lineno}: changes {ast.unparse(t)}, another library's (a monkeypatch)" for t in patched]
    return sorted(found, key=lambda line: int(line.split()[1].rstrip(":")))


def test_no_file_outside_the_adapters_reaches_another_librarys_internals():
    found = []
    for folder in SCANNED:
        for path in sorted((REPO / folder).rglob("*.py")):
            rel = str(path.relative_to(REPO))
            if rel not in ADAPTERS:
                found += [f"{rel} {use}" for use in private_uses(path.read_text(encoding="utf-8"))]
    assert found == [], "move these into the library's adapter (tests/test_adapters.py ADAPTERS):\n" + "\n".join(found)


@pytest.mark.parametrize("path", sorted(ADAPTERS))
def test_the_scan_sees_the_private_uses_in_each_adapter(path):
    """Each adapter still holds a private use (else it is no adapter), and the scan finds it there."""
    assert private_uses((REPO / path).read_text(encoding="utf-8")) != []


FLAGGED = {
    "a callback's message": ("def on_message(client, userdata, msg):\n    return msg._topic", "reaches msg._topic"),
    "getattr with a string": ("def f(self):\n    return getattr(self._client, '_thread', None)", "reaches getattr(self._client"),
    "through self": ("def f(self):\n    return self._client._thread", "reaches self._client._thread"),
    "a module's private": ("import paho.mqtt.client as mqtt\nmqtt.Client._packet_queue", "reaches mqtt.Client._packet_queue"),
    "a private name imported": ("from paho.mqtt.client import _OutPacket", "imports _OutPacket, private in paho.mqtt.client"),
    "a private module": ("import pandas._libs.tslibs", "imports pandas._libs.tslibs, an internal module of pandas"),
    "component_toolbox": ("from pandapipes.component_models.component_toolbox import p_correction_height_air", "internal module"),
    "pandapower.auxiliary": ("from pandapower.auxiliary import pandapowerNet", "imports pandapower.auxiliary"),
    "streamlit.runtime": ("from streamlit.runtime.scriptrunner import get_script_run_ctx", "internal module of streamlit"),
    "streamlit.web": ("import streamlit.web.cli as stcli", "imports streamlit.web.cli"),
    "through a first-party call": (
        "from teplovoda.models.water.epanet import read_wntr_model\nread_wntr_model('a.inp')._controls",
        "reaches read_wntr_model('a.inp')._controls",
    ),
    "wntr's control": (
        "import wntr\ndef f(wn):\n    return wn.get_control('c1')._condition",
        "reaches wn.get_control('c1')._condition",
    ),
    "SWIG's pointer": ("from epanet import toolkit as tk\nint(tk.doubleArray(3).this)", "reaches tk.doubleArray(3).this"),
    "a monkeypatch": ("import pandapipes as pp\npp.pipeflow = print", "changes pp.pipeflow"),
    "a monkeypatch of a class": (
        "from pandapipes import pandapipesNet\npandapipesNet.__repr__ = str",
        "changes pandapipesNet.__repr__",
    ),
    "setattr on a library": ("import pandapipes\nsetattr(pandapipes.pipeflow, 'x', 1)", "changes pandapipes.pipeflow"),
}
ALLOWED = {
    "own private": "class A:\n    def f(self):\n        return self._x\n    @classmethod\n    def g(cls):\n        return cls._y",
    "first-party private": "from teplovoda.ui.plots import _slug\nfrom teplovoda.models.heat import thermal\nthermal._Work",
    "standard library": "import os\nimport threading\nos._exit\nthreading.excepthook = print",
    "namedtuple API": "def f(row):\n    return row._asdict(), row._replace(a=1)",
    "public API": "import streamlit as st\nimport paho.mqtt.client as mqtt\nst.session_state\nmqtt.Client.ack",
    "a library object's public attribute set": "import paho.mqtt.client as mqtt\nmqtt.Client().on_connect = print",
    "dunder": "def f(obj):\n    return obj.__dict__, type(obj).__name__",
}


@pytest.mark.parametrize("source, expected", FLAGGED.values(), ids=FLAGGED.keys())
def test_the_scan_finds_a_private_use(source, expected):
    found = private_uses(source)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("source", ALLOWED.values(), ids=ALLOWED.keys())
def test_the_scan_lets_public_and_own_names_pass(source):
    assert private_uses(source) == []


# ---- numba: the on-disk cache of pandapipes' and pandapower's kernels -------------------------------------------
CACHED_PROBE = """
import os, sys
import teplovoda.models  # installs the cache before pandapipes is imported
import numba
import pandapipes.pf.derivative_toolbox_numba as d
from teplovoda.models.numba_cache import is_cached
kernels = [getattr(d, n) for n in dir(d) if isinstance(getattr(d, n), numba.core.registry.CPUDispatcher)]
print(len(kernels), sum(is_cached(k) for k in kernels))
"""


@pytest.mark.parametrize(("setting", "cached"), [("1", True), ("0", False)])
def test_pandapipes_kernels_are_cached_on_disk_unless_turned_off(setting, cached):
    """In a new process, every compiled kernel of pandapipes' derivative toolbox keeps its code on disk (numba's
    ``stats.cache_path``) once ``teplovoda.models`` is imported; with TEPLOVODA_NUMBA_CACHE=0 none does."""
    env = {**os.environ, numba_cache.ENV: setting}
    proc = subprocess.run([sys.executable, "-c", CACHED_PROBE], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    kernels, on_disk = map(int, proc.stdout.split())
    assert kernels >= 5 and on_disk == (kernels if cached else 0)


def test_numba_cache_wraps_only_pandapipes_and_pandapower_callers():
    """A decorator called from any other module is numba's own (no cache forced); the wrapper keeps numba's."""
    import numba

    numba_cache.patch_numba()
    assert numba.jit.__wrapped__ is not None and numba.njit.__wrapped__ is not None
    f = numba.njit(lambda x: x + 1)  # called from this test module: no cache
    assert f(1) == 2 and not numba_cache.is_cached(f)
    assert "cache" in inspect.signature(numba.jit.__wrapped__).parameters  # the keyword the wrapper sets
