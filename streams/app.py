"""The Faust application: topics, and two thin agents that hand records to an executor.

Agents do no work themselves: each record goes to :class:`streams.service.MatchService` on a
single worker thread (model inference is CPU-bound and would starve heartbeats and commits
on the event loop), and the agent then sends what came back. Offsets are committed only
after the record's output has been handed to the producer (at-least-once; suggestion ids
are deterministic, so a re-delivered record is recognisable downstream).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust

from streams.codec import Record, encode
from streams.downstream import register_all
from streams.service import MatchService
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


def split_by_size(records: list[Record], max_bytes: int) -> list[list[Record]]:
    """Consecutive groups of records whose values add up to at most ``max_bytes`` (at least one each)."""
    groups: list[list[Record]] = []
    size = 0
    for record in records:
        length = len(record.value or b"")
        if not groups or size + length > max_bytes:
            groups.append([])
            size = 0
        groups[-1].append(record)
        size += length
    return groups


def create_app(settings: Settings, service: MatchService) -> faust.App:
    """A Faust app wired to ``service``; run it with ``faust.Worker(app).execute_from_commandline()``."""
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

    async def process(stream: faust.StreamT[bytes]) -> None:
        async for events in stream.take_events(settings.batch_size, within=settings.batch_seconds):
            records = [
                Record(e.message.topic, e.message.partition, e.message.offset, e.message.key, e.message.value)
                for e in events
            ]
            for part in split_by_size(records, settings.batch_bytes):  # bounded latency per model call
                await handle(part)

    async def handle(records: list[Record]) -> None:
        loop = asyncio.get_running_loop()
        outcomes = await loop.run_in_executor(executor, service.handle_batch, records)
        for record, outcome in zip(records, outcomes, strict=True):
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
        for key, vector in service.drain_embeddings():  # a restart reads these, not the model
            await embeddings.send(key=key.encode(), value=vector)

    for source in sources:
        app.agent(source, name=f"match-{source.get_topic_name()}")(process)
    register_all(app, settings, service, executor)
    return app
