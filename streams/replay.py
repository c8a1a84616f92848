"""Start-up replay: the state topics read up to the matching group's committed offsets, emitting nothing.

The follower and the emitter resume at those offsets (docs/ARCHITECTURE.md, "A worker's life").
"""

from __future__ import annotations

import io
import logging
import time
from typing import NamedTuple

from kafka import KafkaConsumer

from streams.codec import Record
from streams.kafka_config import consumer_kwargs
from streams.kafka_io import partitions_of
from streams.progress import Progress
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["Replayed", "replay_state"]

log = logging.getLogger(__name__)
_NOT_A_TERMINAL = io.StringIO()  # a worker logs its progress, whatever its output is


class Replayed(NamedTuple):
    """How many records replay applied, and the offset it stopped at on every partition."""

    applied: int
    positions: dict[tuple[str, int], int]


def replay_state(settings: Settings, service: MatchService, topic_names: list[str]) -> Replayed:
    """Apply every committed record of ``topic_names`` (in that order) to ``service``."""
    consumer = KafkaConsumer(**consumer_kwargs(settings, "kafka-python", group_id=settings.app_id))
    started, applied = time.perf_counter(), 0
    positions: dict[tuple[str, int], int] = {}
    try:
        for topic in topic_names:
            partitions = partitions_of(consumer, [topic])
            targets = {tp: consumer.committed(tp) or 0 for tp in partitions}
            positions.update({(tp.topic, tp.partition): offset for tp, offset in targets.items()})
            targets = {tp: offset for tp, offset in targets.items() if offset > 0}
            if not targets:
                continue
            consumer.assign(list(targets))
            consumer.seek_to_beginning(*targets)
            first = consumer.beginning_offsets(list(targets))
            total = sum(end - first[tp] for tp, end in targets.items())
            with Progress(f"replaying {topic}", total, log.info, stream=_NOT_A_TERMINAL) as progress:
                while any(consumer.position(tp) < end for tp, end in targets.items()):
                    for tp, messages in consumer.poll(timeout_ms=500, max_records=500).items():
                        batch = [
                            Record(m.topic, m.partition, m.offset, m.key, m.value)
                            for m in messages
                            if m.offset < targets[tp]
                        ]
                        service.handle_batch(batch)  # texts not in the cache are embedded per batch
                        applied += len(batch)
                        progress.advance(len(batch))
    finally:
        consumer.close()
    log.info("replayed %d records in %.1fs", applied, time.perf_counter() - started)
    return Replayed(applied, positions)
