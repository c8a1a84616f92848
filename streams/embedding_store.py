"""Start-up: the compacted embeddings topic (vectors by model and text hash) read into the encoder caches."""

from __future__ import annotations

import logging
import time
from typing import NamedTuple

from kafka import KafkaConsumer

from matcher.embedding import CachedEncoder
from matcher.scoring import MatchScorer
from streams.kafka_config import consumer_kwargs
from streams.kafka_io import partitions_of
from streams.settings import Settings

__all__ = ["Loaded", "load_embeddings"]

log = logging.getLogger(__name__)


class Loaded(NamedTuple):
    """How many vectors were loaded, and the end offset reached on every partition."""

    loaded: int
    positions: dict[tuple[str, int], int]


def load_embeddings(settings: Settings, scorer: MatchScorer) -> Loaded:
    """Read the whole embeddings topic into the scorer's caching encoders."""
    encoders = [e for e in (scorer.english, scorer.multilingual) if isinstance(e, CachedEncoder)]
    if not encoders:
        return Loaded(0, {})
    consumer = KafkaConsumer(**consumer_kwargs(settings, "kafka-python", fetch_max_bytes=52_428_800))
    started, loaded = time.perf_counter(), 0
    try:
        topic = settings.topics.embeddings
        partitions = partitions_of(consumer, [topic])
        all_ends = consumer.end_offsets(partitions)
        positions = {(tp.topic, tp.partition): end for tp, end in all_ends.items()}
        ends = {tp: end for tp, end in all_ends.items() if end > 0}
        if not ends:
            return Loaded(0, positions)
        consumer.assign(list(ends))
        consumer.seek_to_beginning(*ends)
        while any(consumer.position(tp) < end for tp, end in ends.items()):
            for messages in consumer.poll(timeout_ms=500, max_records=5000).values():
                for msg in messages:
                    if msg.key is None or msg.value is None:
                        continue
                    key = msg.key.decode("ascii", "replace")
                    loaded += any(encoder.load(key, msg.value) for encoder in encoders)
    finally:
        consumer.close()
    log.info("loaded %d cached embeddings in %.1fs", loaded, time.perf_counter() - started)
    return Loaded(loaded, positions)
