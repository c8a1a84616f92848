"""The base of every downstream processor: a group consumer that commits only after its output is delivered.

:class:`GroupProcessor` consumes in group ``<app_id>-<name>``, hands each partition's batch to
:meth:`GroupProcessor.handle` and commits once the broker acknowledged what it sent. Why these are
not Faust agents: docs/ARCHITECTURE.md (faust-streaming/faust#318, robinhood/faust#681).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord
from pydantic import BaseModel

from streams.cloudevents import cloudevent_headers
from streams.codec import Record, encode
from streams.kafka_config import consumer_kwargs
from streams.settings import Settings

__all__ = ["GroupProcessor", "as_record"]

log = logging.getLogger(__name__)


def as_record(message: ConsumerRecord) -> Record:
    """The codec's view of a consumed message."""
    return Record(message.topic, message.partition, message.offset, message.key, message.value)


class GroupProcessor:
    """Consume ``topics`` in group ``<app_id>-<name>``; subclasses implement :meth:`handle`.

    ``producer`` is the worker's shared idempotent producer (``acks=all``). Subclasses may override
    :meth:`on_assigned` / :meth:`on_revoked` (called with no batch in progress) and
    :meth:`background` (coroutines that run beside the consumer loop, e.g. timers).
    """

    def __init__(self, settings: Settings, name: str, topics: Sequence[str]) -> None:
        self.settings = settings
        self.name = name
        self.group = settings.processor_group(name)
        self.topics = list(topics)
        self.consumer: AIOKafkaConsumer | None = None
        self.producer: AIOKafkaProducer | None = None
        self.processed = 0
        self._busy = asyncio.Lock()
        self._ready: set[TopicPartition] = set()  # assigned, and on_assigned has finished

    def owned(self) -> set[TopicPartition]:
        """The partitions this worker owns in the processor's group right now."""
        return set() if self.consumer is None else set(self.consumer.assignment())

    async def start(self, producer: AIOKafkaProducer) -> None:
        """Join the group; partitions arrive with the first fetch."""
        self.producer = producer
        self.consumer = AIOKafkaConsumer(**consumer_kwargs(self.settings, "aiokafka", group_id=self.group))
        self.consumer.subscribe(self.topics, listener=_Listener(self))
        await self.consumer.start()

    async def stop(self) -> None:
        """Leave the group (the shared producer is the caller's)."""
        if self.consumer is not None:
            await self.consumer.stop()

    async def run(self) -> None:
        """Consume, handle and commit until cancelled; background coroutines run beside it."""
        await asyncio.gather(self._consume(), *self.background())

    async def send(
        self,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        headers: list[tuple[str, bytes]] | None = None,
        partition: int | None = None,
    ) -> Awaitable[object]:
        """Queue one record on the shared producer; the returned delivery is what a commit waits for."""
        assert self.producer is not None, "start() first"
        headers = headers or []
        delivery: Awaitable[object] = await self.producer.send(
            topic, key=key, value=value, headers=headers, partition=partition
        )
        return delivery

    async def publish(
        self, topic: str, key: str | bytes | None, event: BaseModel, partition: int | None = None
    ) -> Awaitable[object]:
        """:meth:`send` one outgoing event as JSON with its CloudEvents headers."""
        raw_key = key.encode() if isinstance(key, str) else key
        headers = cloudevent_headers(event, self.settings)
        return await self.send(topic, raw_key, encode(event), headers, partition)

    def background(self) -> list[Awaitable[None]]:
        """Coroutines to run beside the consumer loop (none by default)."""
        return []

    async def handle(self, tp: TopicPartition, messages: list[ConsumerRecord]) -> list[Awaitable[object]]:
        """Process one partition's batch in order; return the sends the commit must wait for."""
        raise NotImplementedError

    async def on_assigned(self, assigned: set[TopicPartition]) -> None:
        """Partitions just given to this worker (before any of their records is handled)."""

    async def on_revoked(self, revoked: set[TopicPartition]) -> None:
        """Partitions about to leave this worker (no batch in progress)."""

    async def _consume(self) -> None:
        consumer = self.consumer
        assert consumer is not None, "start() first"
        while True:
            fetched = await consumer.getmany(timeout_ms=500, max_records=self.settings.batch_size)
            async with self._busy:  # a rebalance waits until this batch is committed
                for tp, messages in fetched.items():
                    if tp not in consumer.assignment():
                        continue  # revoked while fetched: the new owner reads it from the commit
                    if tp not in self._ready:  # fetched while on_assigned still ran: read it again
                        consumer.seek(tp, messages[0].offset)
                        continue
                    deliveries = await self.handle(tp, messages)
                    if deliveries:
                        await asyncio.gather(*deliveries)
                    self.processed += len(messages)
                    try:
                        await consumer.commit({tp: messages[-1].offset + 1})
                    except KafkaError as exc:  # lost the partition: its new owner re-reads from the commit
                        log.info("%s: commit of %s[%d] skipped: %s", self.name, tp.topic, tp.partition, exc)


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, processor: GroupProcessor) -> None:
        self.processor = processor

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        async with self.processor._busy:
            self.processor._ready -= set(revoked)
            if revoked:
                await self.processor.on_revoked(set(revoked))

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        # aiokafka may already fetch these partitions while this runs: the batch waits for the lock
        log.info("%s owns %s", self.processor.name, sorted((tp.topic, tp.partition) for tp in assigned))
        async with self.processor._busy:
            await self.processor.on_assigned(set(assigned))
            self.processor._ready |= set(assigned)
