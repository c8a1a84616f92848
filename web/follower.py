"""The thread that keeps the read model current: every partition of every followed topic, from the start.

No consumer group and no commits: a restarted web process rebuilds its read model from the topics.
Partitions that appear later (a topic created after the web started) are picked up every few seconds.
"""

from __future__ import annotations

import logging
import threading
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from streams.kafka_config import consumer_kwargs
from streams.settings import Settings
from web.readmodel import ReadModel

__all__ = ["Follower"]

log = logging.getLogger(__name__)
_RESCAN_S = 5.0


class Follower(threading.Thread):
    """Reads every record of the model's topics into ``model`` until :meth:`stop`."""

    def __init__(self, settings: Settings, model: ReadModel) -> None:
        super().__init__(name="web-follower", daemon=True)
        self.settings = settings
        self.model = model
        self.caught_up = threading.Event()  # every record present at start has been applied
        self.error: str | None = None
        self._halt = threading.Event()

    def stop(self) -> None:
        """Ask the thread to finish (it does within a second)."""
        self._halt.set()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self._follow()
            except KafkaError as exc:  # broker away: say so on /healthz and try again
                self.error = str(exc)
                log.warning("web follower: %s; retrying", exc)
                self._halt.wait(2.0)

    def _follow(self) -> None:
        consumer = KafkaConsumer(**consumer_kwargs(self.settings, "kafka-python", client_id="matchmaker-web"))
        try:
            assigned: list[TopicPartition] = []
            targets: dict[TopicPartition, int] = {}
            rescan_at = 0.0
            while not self._halt.is_set():
                if time.monotonic() >= rescan_at:
                    assigned, targets = self._rescan(consumer, assigned, targets)
                    rescan_at = time.monotonic() + _RESCAN_S
                if not assigned:
                    self._halt.wait(0.5)
                    continue
                batches = consumer.poll(timeout_ms=500, max_records=2000)
                for tp, messages in batches.items():
                    for m in messages:
                        ce_type = next((v.decode() for k, v in m.headers or [] if k == "ce_type"), None)
                        self.model.apply(tp.topic, m.key, m.value, ce_type)
                self.error = None
                if not self.caught_up.is_set() and all(
                    consumer.position(tp) >= end for tp, end in targets.items()
                ):
                    self.caught_up.set()
                    log.info("web read model caught up: %d records", self.model.counts.applied)
        finally:
            consumer.close()

    def _rescan(
        self, consumer: KafkaConsumer, assigned: list[TopicPartition], targets: dict[TopicPartition, int]
    ) -> tuple[list[TopicPartition], dict[TopicPartition, int]]:
        consumer.topics()  # refresh metadata: topics created since the last look
        found = [
            TopicPartition(topic, p)
            for topic in self.model.topics.all()
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        new = [tp for tp in found if tp not in assigned]
        if not new:
            return assigned, targets
        positions = {tp: consumer.position(tp) for tp in assigned}
        consumer.assign(found)
        for tp in found:
            if tp in positions:
                consumer.seek(tp, positions[tp])
            else:
                consumer.seek(tp, 0)
        if not self.caught_up.is_set():
            targets = {**targets, **consumer.end_offsets(new)}
        return found, targets
