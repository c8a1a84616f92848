"""The worker's Faust application: it hosts matching and the downstream processors as tasks.

Matching is two cooperating loops on the app's event loop (model inference itself runs on one
executor thread, so heartbeats and commits never starve):

* :class:`streams.follower.StateFollower` applies every record of every partition of the state
  topics to the matchmaker, so every worker holds all members and open opportunities;
* :class:`streams.emitter.Emitter` is this worker's member of the matching consumer group
  (``settings.app_id``): for the partitions it owns it sends what each record produced and then
  commits (at-least-once; suggestion ids are deterministic, so a re-delivery is recognisable).

The downstream processors (notifications, feedback, consortia) are
:class:`streams.processor.GroupProcessor` consumers, each in its own group ``<app_id>-<name>``,
sharing one idempotent producer. Faust runs the worker (start-up, signals, crash handling, logging)
but consumes nothing itself: its agents stopped committing after rebalances (docs/RELIABILITY.md).
"""

from __future__ import annotations

import asyncio
import logging

import faust
from aiokafka import AIOKafkaProducer

from streams.emitter import Emitter
from streams.follower import TP, OutcomeLog, StateFollower, split_by_size
from streams.kafka_config import faust_app_kwargs, producer_kwargs
from streams.model_thread import ModelThread
from streams.processors import GroupProcessor, build_processors
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["create_app", "split_by_size"]

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    service: MatchService,
    start: dict[TP, int] | None = None,
    embeddings_start: dict[TP, int] | None = None,
) -> faust.App:
    """A Faust app wired to ``service``; run it with ``faust.Worker(app).execute_from_commandline()``.

    ``start`` is where the follower picks up each state partition (the offsets replay stopped at),
    ``embeddings_start`` where it picks up the embeddings topic (where loading it stopped).
    """
    app = faust.App(
        f"{settings.app_id}-runtime",  # hosts tasks only; the groups are the emitter's and the processors'
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.replication_factor,
        key_serializer="raw",
        value_serializer="raw",
        web_enabled=False,
        stream_wait_empty=False,
        **faust_app_kwargs(settings),
    )
    executor = ModelThread("matcher")
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
    app.follower = follower  # type: ignore[attr-defined]  # for the worker's metrics
    app.emitter = emitter  # type: ignore[attr-defined]

    @app.task
    async def match() -> None:
        await emitter.start()
        try:
            await asyncio.gather(follower.run(), emitter.run())
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # without these nothing is matched or emitted: stop, don't idle
            log.exception("matching stopped")
            await app.crash(exc)
        finally:
            await emitter.stop()

    processors = build_processors(settings, service, executor)
    app.processors = processors  # type: ignore[attr-defined]

    @app.task
    async def downstream() -> None:
        if not processors:
            return
        producer = AIOKafkaProducer(**producer_kwargs(settings, "aiokafka"))
        await producer.start()
        try:
            await asyncio.gather(*(_serve(processor, producer) for processor in processors))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # a processor's bug: stop the worker (a restart re-reads the uncommitted records)
            log.exception("downstream processors stopped")
            await app.crash(exc)
        finally:
            await producer.stop()

    return app


async def _serve(processor: GroupProcessor, producer: AIOKafkaProducer) -> None:
    await processor.start(producer)
    try:
        await processor.run()
    finally:
        await processor.stop()
