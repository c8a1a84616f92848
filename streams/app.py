"""The Faust application: a state follower, and two thin agents that emit what it computed.

The :class:`streams.follower.StateFollower` applies every record of every partition to the
matchmaker on a single worker thread (model inference is CPU-bound and would starve heartbeats
and commits on the event loop). The agents receive only the partitions this worker owns in the
consumer group: for each record they wait for its outcome and send the suggestions or dead letter.
Offsets are committed only after that (at-least-once; suggestion ids are deterministic, so a
re-delivered record is recognisable downstream).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust

from streams.codec import Record, encode
from streams.downstream import register_all
from streams.follower import TP, StateFollower, split_by_size
from streams.service import MatchService, Outcome
from streams.settings import Settings

__all__ = ["create_app", "split_by_size"]

log = logging.getLogger(__name__)


def _broker_credentials(settings: Settings) -> Any:
    if settings.security_protocol == "PLAINTEXT":
        return None
    ssl_context = None
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        ssl_context = faust.auth.ssl.create_default_context(cafile=settings.ssl_cafile)
    if settings.sasl_mechanism:
        password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=password,
            mechanism=settings.sasl_mechanism,
            ssl_context=ssl_context,
        )
    return faust.SSLCredentials(ssl_context)


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
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.bootstrap_servers.split(",")],
        broker_credentials=_broker_credentials(settings),
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.replication_factor,
        key_serializer="raw",
        value_serializer="raw",
        web_enabled=False,
        producer_max_request_size=max(settings.max_event_bytes * 2, 1_048_576),
        consumer_max_fetch_size=max(settings.max_event_bytes * 2, 1_048_576),
        stream_wait_empty=False,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=min(3.0, settings.session_timeout_s / 3),
    )
    topics = settings.topics
    sources = [
        app.topic(name, key_type=bytes, value_type=bytes, allow_empty=True)
        for name in (topics.members, topics.opportunities)
    ]
    suggestions = app.topic(topics.suggestions, key_type=bytes, value_type=bytes)
    deadletter = app.topic(topics.deadletter, key_type=bytes, value_type=bytes)
    embeddings = app.topic(topics.embeddings, key_type=bytes, value_type=bytes)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="matcher")

    def owned() -> set[TP]:
        try:
            return {(tp.topic, tp.partition) for tp in app.consumer.assignment()}
        except Exception:  # not started or mid-rebalance: own nothing for now
            return set()

    async def publish_embeddings(entries: list[tuple[str, bytes]]) -> None:
        for key, vector in entries:  # a restart, and the other workers, read these instead of the model
            await embeddings.send(key=key.encode(), value=vector)

    follower = StateFollower(
        settings, service, executor, owned, publish_embeddings, start or {}, embeddings_start or {}
    )
    app.follower = follower  # type: ignore[attr-defined]  # for the worker's metrics

    @app.task
    async def follow() -> None:
        try:
            await follower.run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # without the follower nothing is emitted: stop, don't idle
            log.exception("state follower failed")
            await app.crash(exc)

    async def process(stream: faust.StreamT[bytes]) -> None:
        async for events in stream.take_events(settings.batch_size, within=settings.batch_seconds):
            for event in events:
                message = event.message
                outcome = await follower.outcomes.claim(message.topic, message.partition, message.offset)
                if outcome is not None:
                    await emit(
                        Record(message.topic, message.partition, message.offset, message.key, None), outcome
                    )

    async def emit(record: Record, outcome: Outcome) -> None:
        if outcome.dead is not None:
            log.warning(
                "dead-lettered %s[%d]@%d: %s",
                record.topic,
                record.partition,
                record.offset,
                outcome.dead.reason,
            )
            await deadletter.send(key=record.key, value=encode(outcome.dead))
        for suggestion in outcome.suggestions:
            await suggestions.send(key=suggestion.opportunity_id.encode(), value=encode(suggestion))

    for source in sources:
        app.agent(source, name=f"match-{source.get_topic_name()}")(process)
    register_all(app, settings, service, executor)
    return app
