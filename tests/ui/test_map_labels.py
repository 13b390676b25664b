"""Map labels on a bigger network (issue 15 point 13): only what fits is labelled, sources first.

Net3 (92 junctions, 2 reservoirs, 3 tanks, 2 pumps, each pump beside its reservoir) with twenty
pipe breaks: before, every label was drawn and the breaks' labels piled up on each other. The
boxes are read from matplotlib after drawing (``Text.get_window_extent``), in display pixels.
"""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Annotation

from teplovoda.ui import plots, scenarios
from teplovoda.ui.i18n import t
from tests.conftest import SCENARIOS

#: Twenty pipes of Net3, many of them neighbours (so their break labels compete for the same place).
BROKEN = ("101", "103", "105", "107", "109", "111", "112", "113", "114", "115",
          "116", "117", "119", "120", "121", "122", "123", "125", "129", "131")  # fmt: skip


def _inp_section(name: str) -> list[str]:
    """First column of each data row of one section of Net3.inp (read here, independently of the model)."""
    lines = (SCENARIOS / "networks" / "Net3.inp").read_text().splitlines()
    start = lines.index(f"[{name}]") + 1
    rows = []
    for line in lines[start:]:
        if line.startswith("["):
            break
        if line.strip() and not line.lstrip().startswith(";"):
            rows.append(line.split()[0])
    return rows


@pytest.fixture(scope="module")
def many_breaks_run():
    scn = scenarios.load(SCENARIOS / "water_city_main_broken.toml", "water")
    damage = tuple(dataclasses.replace(scn.damage[0], pipe=p, leak_area_cm2=50.0) for p in BROKEN)
    return scenarios.run(dataclasses.replace(scn, damage=damage, options=()))


def _drawn(fig) -> list[Annotation]:
    fig.canvas.draw()
    return [a for a in fig.axes[0].texts if isinstance(a, Annotation) and a.get_visible()]


def _overlaps(fig, labels) -> list[tuple[str, str]]:
    renderer = fig.canvas.get_renderer()
    boxes = [(a.get_text(), a.get_window_extent(renderer)) for a in labels]
    return [(n1, n2) for (n1, b1), (n2, b2) in itertools.combinations(boxes, 2) if b1.overlaps(b2)]


def test_no_two_water_map_labels_overlap_and_sources_and_pumps_keep_theirs(many_breaks_run):
    fig = plots.water_map_figure(many_breaks_run, case="damaged")
    try:
        labels = _drawn(fig)
        texts = {a.get_text() for a in labels}
        assert _overlaps(fig, labels) == []
        for source in _inp_section("RESERVOIRS") + _inp_section("TANKS"):  # River, Lake, tanks 1, 2, 3
            assert source in texts, (source, sorted(texts))
        pumps = [line for line in texts if any(line == t(f"plot.pump_{s}", name=p) for p in _inp_section("PUMPS")
                                                for s in ("running", "off", "lost"))]  # fmt: skip
        assert len(pumps) == len(_inp_section("PUMPS")) == 2, sorted(texts)
        breaks = [p for p in BROKEN if t("plot.break", name=p) in texts]
        assert 0 < len(breaks) < len(BROKEN), breaks  # some breaks labelled, the crowded ones left out
    finally:
        plt.close(fig)


def test_a_dropped_label_would_have_covered_a_kept_one(many_breaks_run):
    """Greedy, not arbitrary: every break label left out overlaps, at each of its candidate places, a label drawn."""
    fig = plots.water_map_figure(many_breaks_run, case="damaged")
    try:
        kept = _drawn(fig)
        renderer = fig.canvas.get_renderer()
        kept_boxes = [a.get_window_extent(renderer) for a in kept]
        layers = plots.water_map_layers(many_breaks_run.net_damaged, many_breaks_run.damaged)
        ax = fig.axes[0]
        texts = {a.get_text() for a in kept}
        for b in layers["breaks"].itertuples():
            text = t("plot.break", name=b.name)
            if text in texts:
                continue
            for offset in plots._offsets(6.0, 6.0):
                probe = ax.annotate(text, (b.x, b.y), xytext=offset, textcoords="offset points", fontsize=9, weight="bold")
                box = probe.get_window_extent(renderer)
                probe.remove()
                assert any(box.overlaps(k) for k in kept_boxes), (b.name, offset)
    finally:
        plt.close(fig)


def test_no_two_heat_map_labels_overlap_and_every_source_site_keeps_a_label():
    run = scenarios.run(scenarios.load(SCENARIOS / "heat_town_chp.toml", "heat"))
    for case in run.results:
        fig = plots.heat_map_figure(run.nets[case], run.results[case], title=case)
        try:
            labels = _drawn(fig)
            assert _overlaps(fig, labels) == [], case
            sources = plots.heat_map_layers(run.nets[case], run.results[case])["sources"]
            assert len(sources) > 0
            for _place, at in sources.groupby(["x", "y"]):  # sources on one site (9 modular boilers) share a place
                names = [str(n) for n in at["name"]]
                assert any(any(n in a.get_text() for n in names) for a in labels), (case, names)
        finally:
            plt.close(fig)


def _spec_text_boxes(chart) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every text mark's label and box in chart pixels, from the Vega-Lite spec (scales, size, dx, dy, font)."""
    from teplovoda.ui import charts

    spec = chart.to_dict()
    width, height = spec["width"], spec["height"]
    out = []
    for layer in spec["layer"]:
        mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
        if mark["type"] != "text" or mark.get("color") == charts.FOUND_COLOUR:  # the ring of a found element: not placed
            continue
        (x0, x1) = layer["encoding"]["x"]["scale"]["domain"]
        (y0, y1) = layer["encoding"]["y"]["scale"]["domain"]
        font = mark.get("fontSize", 11)
        char = font * (0.66 if mark.get("fontWeight") == "bold" else 0.6)
        for row in spec["datasets"][layer["data"]["name"]]:
            px = (row["x"] - x0) / (x1 - x0) * width + mark.get("dx", 0)
            py = height - (row["y"] - y0) / (y1 - y0) * height + mark.get("dy", 0)
            out.append((row["label"], (px, py - 0.6 * font, px + char * len(row["label"]), py + 0.6 * font)))
    return out


def test_the_interactive_water_map_writes_only_labels_that_fit_sources_first(many_breaks_run):
    from teplovoda.ui import charts

    run = many_breaks_run
    layers = plots.water_map_layers(run.net_damaged, run.damaged)
    boxes = _spec_text_boxes(charts.water_map(layers, plots.pressure_scale_max_m(run.net_damaged, run.damaged)))
    overlapping = [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]
    ]
    assert overlapping == []
    texts = {label for label, _ in boxes}
    assert set(_inp_section("RESERVOIRS") + _inp_section("TANKS")) <= texts, sorted(texts)
    breaks = [p for p in BROKEN if f"{t('map.break')} {p}" in texts]
    assert 0 < len(breaks) < len(BROKEN), breaks
