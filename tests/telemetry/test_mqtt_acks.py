"""Batched PUBACKs (telemetry/mqtt_acks.py) and Receive Maximum, against a real Mosquitto."""

from __future__ import annotations

import threading
import time

import paho.mqtt.client as mqtt

from teplovoda.telemetry import mqtt_acks
from teplovoda.telemetry.ingest import session_properties

from .conftest import Publisher


def test_this_paho_has_the_private_method_batched_acks_use():
    """Fails on a paho whose Client._packet_queue changed: ack_batch then falls back to one ack() each."""
    assert mqtt_acks.batch_supported(), "paho's Client._packet_queue changed: review telemetry/mqtt_acks.py"


def test_puback_packets_are_four_bytes_each_in_the_order_given():
    assert mqtt_acks.puback_packets([1, 0x1234, 65535]) == b"\x40\x02\x00\x01" + b"\x40\x02\x12\x34" + b"\x40\x02\xff\xff"


class ManualAckClient:
    """A manual-ack MQTT 5 client with a persistent session, keeping what it receives."""

    def __init__(self, port: int, client_id: str, receive_maximum: int | None = None):
        self.port, self.receive_maximum = port, receive_maximum
        self.messages: list[tuple[int, bytes, bool]] = []  # (mid, payload, dup)
        self.lock = threading.Lock()
        self.client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5, manual_ack=True
        )
        self.client.on_message = self._on_message

    def _on_message(self, client, userdata, msg):
        with self.lock:
            self.messages.append((msg.mid, msg.payload, bool(msg.dup)))

    def connect(self, topic: str | None = None) -> None:
        self.messages = []
        props = session_properties(3600, self.receive_maximum)
        self.client.connect("127.0.0.1", self.port, clean_start=False, properties=props)
        self.client.loop_start()
        if topic:
            self.client.subscribe(topic, qos=1)

    def wait(self, n: int, timeout_s: float = 20.0, settle_s: float = 1.0) -> int:
        deadline = time.time() + timeout_s
        while len(self.messages) < n and time.time() < deadline:
            time.sleep(0.02)
        time.sleep(settle_s)  # more than n would show up now
        return len(self.messages)

    def disconnect(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def publish(port: int, topic: str, n: int, client_id: str) -> None:
    pub = Publisher(port, client_id)
    for k in range(n):
        pub.publish(topic, str(k).encode())
    assert pub.wait_acked(n) == n
    pub.close()


def test_a_batch_acknowledged_is_not_redelivered_and_the_rest_is(services):
    broker, _db = services
    sub = ManualAckClient(broker.port, "acks-batch", receive_maximum=5000)
    sub.connect("acks/batch")
    time.sleep(0.3)
    publish(broker.port, "acks/batch", 3000, "acks-batch-pub")
    assert sub.wait(3000) == 3000
    first = [mid for mid, _, _ in sub.messages[:2000]]
    mqtt_acks.ack_batch(sub.client, first[:1500])
    mqtt_acks.ack_batch(sub.client, first[1500:])
    time.sleep(0.5)  # the PUBACKs are written by the network thread
    unacked = [payload for _, payload, _ in sub.messages[2000:]]
    sub.disconnect()

    sub.connect()  # same session: the broker redelivers what was not acknowledged, nothing else
    assert sub.wait(1000) == 1000
    assert [payload for _, payload, _ in sub.messages] == unacked
    assert all(dup for _, _, dup in sub.messages)
    mqtt_acks.ack_batch(sub.client, [mid for mid, _, _ in sub.messages])
    time.sleep(0.5)
    sub.disconnect()

    sub.connect()
    assert sub.wait(1, timeout_s=2.0, settle_s=0.0) == 0
    sub.disconnect()


def test_receive_maximum_lets_mosquitto_send_more_than_max_inflight_messages(services):
    """The broker config says max_inflight_messages 1000; ingest's CONNECT asks for more (Receive Maximum)."""
    broker, _db = services
    assert "max_inflight_messages 1000" in broker.config_file.read_text()
    for receive_maximum, expected in ((None, 1000), (2500, 2500)):
        topic = f"acks/window{receive_maximum}"
        sub = ManualAckClient(broker.port, f"acks-window-{receive_maximum}", receive_maximum=receive_maximum)
        sub.connect(topic)
        time.sleep(0.3)
        publish(broker.port, topic, 4000, f"acks-window-pub-{receive_maximum}")
        assert sub.wait(expected) == expected  # never acknowledged: the broker stops at the window
        sub.disconnect()
