"""Issue 15 point 10 on the Scenario page (AppTest): an uploaded network without damage, connected people, warnings."""

from __future__ import annotations

import pytest

from teplovoda.ui.i18n import t
from tests.conftest import SCENARIOS
from tests.ui.conftest import open_app


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_an_uploaded_network_without_damage_is_not_headed_damaged(lang):
    at = open_app(lang)
    at.radio(key="scenario_source").set_value("upload").run()
    at.file_uploader(key="scenario_upload").upload("Net3.inp", (SCENARIOS / "networks" / "Net3.inp").read_bytes()).run()
    assert not at.exception, [e.value for e in at.exception]
    cases = at.radio(key="water_case")
    assert t("case.damaged", lang=lang) not in cases.options and cases.value == "intact"
    headings = [s.value for s in at.subheader]
    assert t("water.headline", case=t("case.intact", lang=lang), lang=lang) in headings
    assert not any(t("case.damaged", lang=lang) in h for h in headings)
    assert t("water.population_connected", lang=lang) in [n.label for n in at.number_input]


def test_the_map_draws_dry_nodes_as_dry_not_by_their_negative_pressure():
    """A hill above the reservoir's head: EPANET gives it -20 and -30 m; the map layers give it no pressure."""
    from teplovoda.models.water.hydraulics import solve
    from teplovoda.ui.plots import water_map_layers
    from tests.models.water.test_metrics import _town

    net = _town()
    layers = water_map_layers(net, solve(net))
    nodes = layers["nodes"].set_index("name")
    assert nodes["pressure_m"].isna().to_dict() == {"A": False, "B": True, "C": True}
    links = layers["links"].set_index("name")
    assert links.at["P3", "state"] == "dry" and links.at["P1", "state"] == "open"
