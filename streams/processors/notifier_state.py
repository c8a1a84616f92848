"""Per-partition state backed by a compacted topic: the notifier's members, the current rankings and teams.

:class:`PartitionStore` holds the latest value per key of the owned partitions, restored from the topic
on assignment; :class:`NotifierStateStore` is the notifier's (state partition *p* backs queue partition *p*).
"""

from __future__ import annotations

import logging
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

from streams.kafka_config import consumer_kwargs
from streams.settings import Settings

__all__ = ["NotifierStateStore", "PartitionStore"]

log = logging.getLogger(__name__)


class PartitionStore:
    """The latest value per key of the owned partitions of the compacted ``topic``."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings = settings
        self.topic = topic
        self._states: dict[int, dict[bytes, bytes]] = {}

    def get(self, partition: int, key: bytes) -> bytes | None:
        """The stored state of one member (``None`` if never stored)."""
        return self._states.get(partition, {}).get(key)

    def items(self) -> list[tuple[int, bytes, bytes]]:
        """Every (partition, member key, state) held."""
        return [(p, k, v) for p, states in self._states.items() for k, v in states.items()]

    def __len__(self) -> int:
        return sum(len(states) for states in self._states.values())

    async def restore(self, partitions: set[int]) -> None:
        """Read the state partitions of newly owned queue partitions from the beginning to their end."""
        if not partitions:
            return
        started = time.perf_counter()
        # auto_offset_reset "earliest", never "latest": that would restore nothing
        consumer = AIOKafkaConsumer(**consumer_kwargs(self.settings, "aiokafka"))
        await consumer.start()
        try:
            tps = [TopicPartition(self.topic, p) for p in sorted(partitions)]
            consumer.assign(tps)
            for tp in tps:  # at once, before assign's own position reset can run (it raced seek_to_beginning)
                consumer.seek(tp, 0)
            ends = await consumer.end_offsets(tps)
            restored: dict[int, dict[bytes, bytes]] = {p: {} for p in partitions}
            pending = [tp for tp in tps if ends[tp] > 0]
            while pending:
                for tp, messages in (await consumer.getmany(*pending, timeout_ms=1000)).items():
                    for m in messages:
                        if m.offset >= ends[tp] or m.key is None:
                            continue
                        if m.value is None:
                            restored[tp.partition].pop(m.key, None)
                        else:
                            restored[tp.partition][m.key] = m.value
                pending = [tp for tp in pending if await consumer.position(tp) < ends[tp]]
        finally:
            await consumer.stop()
        self._states.update(restored)
        log.info(
            "%s partitions %s restored in %.2fs: %d keys",
            self.topic,
            sorted(partitions),
            time.perf_counter() - started,
            sum(len(restored[p]) for p in partitions),
        )

    def drop(self, partitions: set[int]) -> None:
        """Forget partitions another worker now owns."""
        for p in partitions:
            self._states.pop(p, None)

    def put(self, partition: int, key: bytes, state: bytes) -> None:
        """Hold the new state (the caller sends it to the state topic)."""
        self._states.setdefault(partition, {})[key] = state

    def delete(self, partition: int, key: bytes) -> None:
        """Forget a key (the caller sends its tombstone)."""
        self._states.get(partition, {}).pop(key, None)

    def partitions(self) -> set[int]:
        """The partitions held (restored and not dropped)."""
        return set(self._states)


class NotifierStateStore(PartitionStore):
    """Member states of the owned queue partitions; state partition *p* backs queue partition *p*."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.topics.notifier_state)
