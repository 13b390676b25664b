"""[ingest] settings that are checked when the config is read."""

from __future__ import annotations

import pytest

from teplovoda.models.errors import InputError
from teplovoda.telemetry.config import IngestConfig


@pytest.mark.parametrize(
    "settings",
    [{"receive_maximum": 0}, {"receive_maximum": 65536}, {"batch_size": 5000, "receive_maximum": 4999}],
)
def test_receive_maximum_holds_a_batch_and_fits_mqtt(settings):
    with pytest.raises(InputError, match="receive_maximum"):
        IngestConfig(**settings)


def test_the_default_window_holds_several_batches():
    cfg = IngestConfig()
    assert cfg.receive_maximum >= 2 * cfg.batch_size
