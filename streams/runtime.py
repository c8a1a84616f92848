"""What one worker runs on its event loop: the matching loops and the downstream processors, built once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer

from streams.emitter import Emitter
from streams.follower import TP, OutcomeLog, StateFollower
from streams.kafka_config import producer_kwargs
from streams.model_thread import ModelThread
from streams.processors import GroupProcessor, build_processors
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["Runtime", "build_runtime"]


@dataclass
class Runtime:
    """The worker's long-lived objects; the Faust app runs :meth:`match` and :meth:`downstream` as tasks."""

    settings: Settings
    service: MatchService
    executor: ModelThread
    emitter: Emitter
    follower: StateFollower
    processors: list[GroupProcessor]

    async def match(self) -> None:
        """Follow the state topics and emit the owned partitions' outcomes until cancelled."""
        await self.emitter.start()
        try:
            await asyncio.gather(self.follower.run(), self.emitter.run())
        finally:
            await self.emitter.stop()

    async def downstream(self) -> None:
        """Run every processor, sharing one idempotent producer, until cancelled (at once if none)."""
        if not self.processors:
            return
        producer = AIOKafkaProducer(**producer_kwargs(self.settings, "aiokafka"))
        await producer.start()
        try:
            await asyncio.gather(*(_serve(processor, producer) for processor in self.processors))
        finally:
            await producer.stop()


def build_runtime(
    settings: Settings,
    service: MatchService,
    start: dict[TP, int] | None = None,
    embeddings_start: dict[TP, int] | None = None,
) -> Runtime:
    """The runtime around ``service``: one model thread, the emitter, the state follower, the processors.

    ``start`` is where the follower picks up each state partition (the offsets replay stopped at),
    ``embeddings_start`` where it picks up the embeddings topic (where loading it stopped).
    """
    executor = ModelThread("matcher", traced=settings.trace)
    outcomes = OutcomeLog()
    emitter = Emitter(settings, outcomes)
    follower = StateFollower(
        settings,
        service,
        executor,
        emitter.owned,
        emitter.publish_embeddings,
        start or {},
        embeddings_start or {},
        outcomes,
    )
    processors = build_processors(settings, service, executor)
    return Runtime(settings, service, executor, emitter, follower, processors)


async def _serve(processor: GroupProcessor, producer: AIOKafkaProducer) -> None:
    await processor.start(producer)
    try:
        await processor.run()
    finally:
        await processor.stop()
