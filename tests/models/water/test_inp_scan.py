"""The scan of .inp files before wntr: duplicate IDs (EPANET error 215), limits, malformed lines, non-files."""

from __future__ import annotations

import os
import re
import signal

import pytest

from teplovoda.models.errors import InputError
from teplovoda.models.limits import MAX_NETWORK_ELEMENTS, NO_LIMITS_ENV
from teplovoda.models.water.epanet import read_inp
from teplovoda.models.water.inp_scan import scan_inp
from tests.conftest import library_inp

HEAD = "[OPTIONS]\nUnits LPS\n"


def edited_net3(tmp_path, section: str, element: str, new_id: str):
    """Net3 with the ID of one element of ``section`` changed to ``new_id``; returns the path and its line number."""
    lines, current, at = library_inp("Net3").read_text().splitlines(), None, None
    for i, line in enumerate(lines):
        if line.startswith("["):
            current = line.split()[0]
        parts = line.split()
        if current == section and parts and parts[0] == element:
            lines[i] = line.replace(element, new_id, 1)
            at = i + 1
    assert at is not None
    path = tmp_path / "dup.inp"
    path.write_text("\n".join(lines) + "\n")
    return path, at


@pytest.mark.parametrize(
    "section, element, new_id, kind",
    [
        ("[JUNCTIONS]", "15", "10", "node"),  # wntr keeps the second junction 10 and drops 15 without a word
        ("[TANKS]", "1", "10", "node"),  # a tank with a junction's ID: node IDs are one namespace
        ("[PIPES]", "40", "20", "link"),
        ("[PUMPS]", "335", "20", "link"),  # a pump with a pipe's ID: link IDs are one namespace
    ],
)
def test_duplicate_ids_are_refused_as_epanet_refuses_them(tmp_path, section, element, new_id, kind):
    path, line = edited_net3(tmp_path, section, element, new_id)
    with pytest.raises(InputError) as err:
        read_inp(path)
    text = str(err.value)
    expected = rf"{re.escape(str(path))} line {line}: duplicate ID '{new_id}' \(EPANET error 215; the {kind} is first defined"
    assert re.fullmatch(expected + r" at line \d+\)", text), text


def test_a_node_and_a_link_may_share_an_id(tmp_path):
    path, _ = edited_net3(tmp_path, "[PIPES]", "20", "15")  # pipe "15" beside junction "15", as EPANET allows
    assert "15" in set(read_inp(path).links.index)


def huge_inp(path, junctions: int):
    with open(path, "w") as f:
        f.write(HEAD + "[JUNCTIONS]\n")
        f.writelines(f"J{i} 10 1\n" for i in range(junctions))
        f.write("[END]\n")
    return path


def test_a_network_of_millions_of_junctions_is_refused_before_wntr(tmp_path, monkeypatch):
    monkeypatch.delenv(NO_LIMITS_ENV, raising=False)
    path = huge_inp(tmp_path / "huge.inp", 3_000_000)
    with pytest.raises(InputError) as err:
        read_inp(path)
    assert str(err.value) == (
        f"{path} line {MAX_NETWORK_ELEMENTS + 4}: nodes and links: more than the limit of {MAX_NETWORK_ELEMENTS:,} elements "
        f"(pass --no-limits or set {NO_LIMITS_ENV}=1 if you really mean it)"
    )


def test_the_element_limit_is_lifted_by_the_one_switch(tmp_path, monkeypatch):
    path = huge_inp(tmp_path / "big.inp", MAX_NETWORK_ELEMENTS + 1)
    monkeypatch.delenv(NO_LIMITS_ENV, raising=False)
    with pytest.raises(InputError, match="more than the limit"):
        scan_inp(path)
    monkeypatch.setenv(NO_LIMITS_ENV, "1")
    assert scan_inp(path).nodes == MAX_NETWORK_ELEMENTS + 1


NET = HEAD + "[JUNCTIONS]\n1 10 1\n[RESERVOIRS]\nR 50\n[PIPES]\nP R 1 100 300 100\n"


@pytest.mark.parametrize(
    "content, message",
    [
        # each of these came back as a Python error of wntr's, without a line
        (NET.replace("P R 1 100 300 100", "P R 1"), "line 8: [PIPES] 'P': 3 field(s), EPANET needs at least 6"),
        (NET.replace("1 10 1", "1 nan 1"), "line 4: [JUNCTIONS] '1': elevation 'nan' is not a finite number"),
        (NET.replace("P R 1 100 300 100", "P R 1 100 inf 100"), "line 8: [PIPES] 'P': diameter 'inf' is not a finite number"),
        (NET.replace("1 10 1", "1 abc 1"), "line 4: [JUNCTIONS] '1': elevation 'abc' is not a number"),
        (NET + "[EMITTERS]\n1\n", "line 10: [EMITTERS] '1': 1 field(s), EPANET needs at least 2"),
        (NET + "[CURVES]\nC 1\n", "line 10: [CURVES] 'C': 2 field(s), EPANET needs at least 3"),
        (NET + "[FOO]\n", "line 9: unknown section '[FOO]' (EPANET error 201)"),
        ("hello\n" + NET, "line 1: 'hello': text before the first [SECTION] (EPANET error 201)"),
        (NET.replace(HEAD, ""), ": [OPTIONS] gives no flow units: add a line such as 'Units LPS'"),
        (NET.encode() + b"\x00\x89PNG\r\n", "line 9: not a text file (binary data)"),
        (NET.encode() + "[TITLE]\nCaf\xe9\n".encode("latin-1"), "line 10: not a text file (not UTF-8)"),
    ],
    ids=["short-pipe", "nan", "inf", "text", "emitter", "curve", "section", "preamble", "units", "binary", "latin-1"],
)
def test_malformed_lines_are_located_in_our_words(tmp_path, content, message):
    path = tmp_path / "bad.inp"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    with pytest.raises(InputError) as err:
        read_inp(path)
    text = str(err.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text, text
    for leak in ("NoneType", "list index", "could not convert", "(%s)", "codec", "\x00"):
        assert leak not in text


def test_lines_the_scan_leaves_to_wntr_fail_in_our_words(tmp_path):
    path = tmp_path / "rules.inp"
    path.write_text(NET + "[RULES]\nRULE 1\nIF FOO\n[END]\n")
    with pytest.raises(InputError) as err:
        read_inp(path)
    assert str(err.value) == (
        f"{path}: not a readable EPANET .inp file: a line of [OPTIONS], [CONTROLS], [RULES], [ENERGY], [REACTIONS], "
        "[TIMES] or [REPORT] has too few fields or a text where a number belongs"
    )


@pytest.mark.parametrize("name", ["Net1", "Net2", "Net3", "Net6", "ky4", "ky10"])
def test_the_library_networks_pass_the_scan(name):
    summary = scan_inp(library_inp(name))
    assert summary.nodes > 0 and summary.links > 0


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    path = tmp_path / "net.inp"
    os.mkfifo(path)

    def fail(signum, frame):
        raise AssertionError("blocked: the FIFO was opened")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    try:
        with pytest.raises(InputError, match=re.escape(f"{path}: EPANET file is a FIFO, not a file")):
            read_inp(path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
