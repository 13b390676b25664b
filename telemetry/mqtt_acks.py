"""paho-mqtt's private API, in the one module of teplovoda that reaches it (the paho adapter).

Written for ``paho-mqtt>=2.1,<3`` (pyproject.toml pins the same range), checked on paho-mqtt 2.2.0.
It relies on three private names of ``paho.mqtt.client``, each checked by ``tests/test_adapters.py``
(present, same signature or shape, same behaviour on a tiny case) so that a paho upgrade that changes
one fails there, with the name, and not deep in the ingest service:

* ``Client._packet_queue(command, packet, mid, qos, info=None)``: queues raw bytes for the network
  thread (:func:`ack_batch`);
* ``MQTTMessage._topic``: the topic's bytes as received, which ``MQTTMessage.topic`` can only give
  decoded (:func:`raw_topic`);
* ``Client._thread``: the thread ``loop_start`` runs, None before it and after ``loop_stop``
  (:func:`network_thread`).

Acknowledging a batch of QoS 1 messages in one write. paho's public ``Client.ack(mid, qos)`` queues
one 4-byte PUBACK per message: from the calling thread a
dict, a deque append and a byte written to paho's wake-up socket pair, then in the network thread one
``send()`` system call per PUBACK, each releasing and re-taking the GIL. For the ingest service, which
acknowledges a batch of thousands of messages at once after storing it, that was 6 % of its writer
thread's and 3 % of its network thread's samples (py-spy) in the backlog drain of ``bench/ingest.py``.
:func:`ack_batch` queues the batch's PUBACKs as one packet (the PUBACKs back to back) through
``Client._packet_queue``, which is what ``Client.ack`` itself calls: one wake-up and one ``send()``
per batch, and one read for the broker.

MQTT wants PUBACKs in the order the PUBLISH packets arrived (MQTT 5.0 section 4.6): a batch is
acknowledged in the order given, which is the order received.

``_packet_queue``'s signature is also checked once on import. On a paho
whose method differs, :func:`ack_batch` falls back to ``Client.ack`` per message (correct, slower) and
logs a warning; ``tests/test_adapters.py`` and ``tests/telemetry/test_mqtt_acks.py`` fail on such a version.
"""

from __future__ import annotations

import inspect
import logging
import struct
import threading
from collections.abc import Sequence
from importlib.metadata import version

import paho.mqtt.client as mqtt

logger = logging.getLogger(__name__)

DISTRIBUTION = "paho-mqtt"
SUPPORTED_VERSIONS = ">=2.1,<3"  # the pin in pyproject.toml: tests/test_adapters.py checks they agree
CHECKED_ON = ("2.2.0",)

PUBACK = 0x40  # MQTT control packet type 4, flags 0
_PUBACK_HEAD = (PUBACK << 24) | (2 << 16)  # type, remaining length 2, then the 16-bit packet id
PRIVATE_SIGNATURE = ("self", "command", "packet", "mid", "qos", "info")


def batch_supported() -> bool:
    """True when this paho's ``Client._packet_queue`` is the one :func:`ack_batch` was written for."""
    method = getattr(mqtt.Client, "_packet_queue", None)
    if method is None:
        return False
    try:
        return tuple(inspect.signature(method).parameters) == PRIVATE_SIGNATURE
    except (TypeError, ValueError):
        return False


_BATCH = batch_supported()
if not _BATCH:
    logger.warning("paho-mqtt %s: Client._packet_queue differs; acknowledging each message on its own", version("paho-mqtt"))


def puback_packets(mids: Sequence[int]) -> bytes:
    """The PUBACK packets of ``mids`` back to back (4 bytes each: 0x40, 0x02, the packet id big-endian)."""
    return struct.pack(f"!{len(mids)}I", *[_PUBACK_HEAD | mid for mid in mids])


def ack_batch(client: mqtt.Client, mids: Sequence[int]) -> None:
    """Acknowledge QoS 1 messages (a ``manual_ack`` client) by their packet ids, in the order given.

    Safe from any thread, as ``Client.ack`` is; the PUBACKs go out with the network thread's next write.
    """
    if not mids:
        return
    if not _BATCH:
        for mid in mids:
            client.ack(mid, 1)
        return
    client._packet_queue(PUBACK, puback_packets(mids), 0, 0)  # noqa: SLF001 - see the module doc


def raw_topic(msg: mqtt.MQTTMessage) -> bytes:
    """The topic of a received message as the broker sent it (bytes, not necessarily UTF-8)."""
    return bytes(msg._topic)  # noqa: SLF001 - see the module doc


def network_thread(client: mqtt.Client | None) -> threading.Thread | None:
    """The thread ``client.loop_start()`` runs; None without a client, before ``loop_start`` or after ``loop_stop``."""
    return getattr(client, "_thread", None)


__all__ = ["ack_batch", "batch_supported", "network_thread", "puback_packets", "raw_topic"]
