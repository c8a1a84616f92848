"""The notifier's state store reads its partitions back in full, every time (real broker)."""

from __future__ import annotations

import asyncio

import pytest
from kafka import KafkaProducer

from streams.kafka_config import producer_kwargs
from streams.processors.notifier_state import NotifierStateStore
from streams.settings import Settings

pytestmark = pytest.mark.integration


def test_restore_reads_every_state_back_on_every_assignment(settings: Settings) -> None:
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python"))
    for n in range(12):
        producer.send(settings.topics.notifier_state, key=f"m{n}".encode(), value=b"v1", partition=n % 4)
    producer.send(settings.topics.notifier_state, key=b"m0", value=b"v2", partition=0)  # latest wins
    producer.flush()
    producer.close()
    restored = []
    for _ in range(15):  # assign's own position reset once raced the seek and restored nothing (12 of 30)
        store = NotifierStateStore(settings)
        asyncio.run(store.restore({0, 2}))
        restored.append(sorted((p, k) for p, k, _ in store.items()))
        assert store.get(0, b"m0") == b"v2"
    expected = sorted((n % 4, f"m{n}".encode()) for n in range(12) if n % 4 in (0, 2))
    assert restored == [expected] * 15
