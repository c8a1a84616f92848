"""The matching group's consumer: owned partitions in, their outcomes sent, then the commit.

:class:`Emitter` claims from the :class:`streams.follower.OutcomeLog` what each owned record produced,
sends it, waits for the broker's acknowledgement and only then commits (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from streams.cloudevents import cloudevent_headers
from streams.codec import encode
from streams.follower import TP, OutcomeLog
from streams.kafka_config import consumer_kwargs, producer_kwargs
from streams.settings import Settings
from streams.trace import stage

__all__ = ["Emitter"]

log = logging.getLogger(__name__)


class Emitter:
    """Claims the outcomes of this worker's partitions, sends them, commits (docs/ARCHITECTURE.md)."""

    def __init__(self, settings: Settings, outcomes: OutcomeLog) -> None:
        self.settings = settings
        self.outcomes = outcomes
        self.topics = [settings.topics.members, settings.topics.opportunities]
        self.consumer: AIOKafkaConsumer | None = None
        self.producer: AIOKafkaProducer | None = None
        self.suggestions_sent = 0
        self.dead_letters_sent = 0

    def owned(self) -> set[TP]:
        """The state partitions this worker owns right now (empty before the first assignment)."""
        if self.consumer is None:
            return set()
        return {(tp.topic, tp.partition) for tp in self.consumer.assignment()}

    async def start(self) -> None:
        """Connect the producer and join the group (partitions arrive with the first fetch)."""
        self.producer = AIOKafkaProducer(**producer_kwargs(self.settings, "aiokafka"))
        await self.producer.start()
        self.consumer = AIOKafkaConsumer(
            *self.topics, **consumer_kwargs(self.settings, "aiokafka", group_id=self.settings.app_id)
        )
        await self.consumer.start()

    async def stop(self) -> None:
        """Leave the group and flush what is in flight."""
        if self.consumer is not None:
            await self.consumer.stop()
        if self.producer is not None:
            await self.producer.stop()

    async def publish_embeddings(self, entries: list[tuple[str, bytes]]) -> None:
        """Vectors the models computed: a restart, and the other workers, read these instead."""
        assert self.producer is not None, "start() first"
        for key, vector in entries:
            await self.producer.send(self.settings.topics.embeddings, key=key.encode(), value=vector)

    async def run(self) -> None:
        """Consume, emit and commit until cancelled."""
        assert self.consumer is not None, "start() first"
        while True:
            fetched = await self.consumer.getmany(timeout_ms=500, max_records=self.settings.batch_size)
            for tp, messages in fetched.items():
                await self._emit(tp, messages)

    async def _emit(self, tp: TopicPartition, messages: list) -> None:  # type: ignore[type-arg]
        producer = self.producer
        assert producer is not None, "start() first"
        deliveries: list[Awaitable[object]] = []
        emitted: list[tuple[str, bytes | None]] = []
        for m in messages:
            outcome = await self.outcomes.claim(m.topic, m.partition, m.offset)
            if outcome is None:
                continue
            emitted.append((m.topic, m.key))
            if outcome.dead is not None:
                log.warning(
                    "dead-lettered %s[%d]@%d: %s", m.topic, m.partition, m.offset, outcome.dead.reason
                )
                deliveries.append(
                    await producer.send(
                        self.settings.topics.deadletter,
                        key=m.key,
                        value=encode(outcome.dead),
                        headers=cloudevent_headers(outcome.dead, self.settings),
                    )
                )
                self.dead_letters_sent += 1
            for suggestion in outcome.suggestions:
                deliveries.append(
                    await producer.send(
                        self.settings.topics.suggestions,
                        key=suggestion.opportunity_id.encode(),
                        value=encode(suggestion),
                        headers=cloudevent_headers(suggestion, self.settings),
                    )
                )
                self.suggestions_sent += 1
        if self.settings.trace:
            stage("claimed", emitted)
        if deliveries:
            await asyncio.gather(*deliveries)  # on the broker before the offset moves past them
        if self.settings.trace:
            stage("sent", emitted)
        assert self.consumer is not None
        try:
            await self.consumer.commit({tp: messages[-1].offset + 1})
        except KafkaError as exc:  # the partition moved to another worker, which re-sends from its offset
            log.info("commit of %s[%d] skipped: %s", tp.topic, tp.partition, exc)
