"""Every worker follows the whole feedback-examples and ranker-model topics on a thread (no group).

:class:`ModelFollower` merges examples into the :class:`ExampleStore`, hands newer models to
``install`` and sets ``store.ready`` once it has read to the end offsets found at start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kafka import KafkaConsumer

from models.exceptions import InvalidEvent
from models.feedback import FeedbackExample, RerankerModel
from streams.codec import Record, decode
from streams.kafka_config import consumer_kwargs, max_record_bytes
from streams.kafka_io import partitions_of
from streams.processors.feedback_state import ExampleStore
from streams.settings import Settings

__all__ = ["ModelFollower"]

log = logging.getLogger(__name__)


class ModelFollower(threading.Thread):
    """Reads examples and models into ``store`` until :meth:`stop`."""

    def __init__(
        self, settings: Settings, store: ExampleStore, install: Callable[[RerankerModel], object]
    ) -> None:
        super().__init__(name="model-follower", daemon=True)
        self.settings = settings
        self.store = store
        self.install = install
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the thread to finish after its current poll."""
        self._stop.set()

    def run(self) -> None:
        try:
            self._follow()
        except Exception:  # keep the worker alive; ranking simply stays as it is
            log.exception("model follower stopped")
        finally:
            self.store.ready.set()

    def _follow(self) -> None:
        topics = self.settings.topics
        consumer = KafkaConsumer(**consumer_kwargs(self.settings, "kafka-python"))
        try:
            partitions = partitions_of(consumer, [topics.feedback_examples, topics.ranker_model])
            consumer.assign(partitions)
            consumer.seek_to_beginning(*partitions)
            ends = {tp: end for tp, end in consumer.end_offsets(partitions).items() if end > 0}
            newest: RerankerModel | None = None
            while not self._stop.is_set():
                for messages in consumer.poll(timeout_ms=500, max_records=2000).values():
                    for m in messages:
                        newest = self._apply(Record(m.topic, m.partition, m.offset, m.key, m.value), newest)
                if not self.store.ready.is_set() and all(
                    consumer.position(tp) >= e for tp, e in ends.items()
                ):
                    self.store.ready.set()
                    log.info("feedback state loaded: %d examples", len(self.store))
                if newest is not None and newest.version > self.store.model_version:
                    self.install(newest)
                    newest = None
        finally:
            consumer.close()

    def _apply(self, record: Record, newest: RerankerModel | None) -> RerankerModel | None:
        if record.value is None:
            return newest
        limit = max_record_bytes(self.settings)  # whatever a producer of this service could write
        try:
            if record.topic == self.settings.topics.feedback_examples:
                self.store.merge(decode(record, FeedbackExample, limit))
                return newest
            model = decode(record, RerankerModel, limit)
        except InvalidEvent as exc:
            log.warning("skipping a malformed record on %s: %s", record.topic, exc)
            return newest
        return model if newest is None or model.version > newest.version else newest
