"""The worker's Faust application: it hosts the :class:`streams.runtime.Runtime` as two tasks.

Faust runs the process (start-up, signals, crash handling, logging) and consumes nothing itself;
docs/ARCHITECTURE.md says why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import faust

from streams.kafka_config import faust_app_kwargs
from streams.runtime import Runtime

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(runtime: Runtime) -> faust.App:
    """A Faust app running ``runtime``; run it with ``faust.Worker(app).execute_from_commandline()``."""
    settings = runtime.settings
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
    # without matching nothing is matched or emitted; a processor's bug is a bug: stop, don't idle
    # (a restart re-reads the uncommitted records)
    app.task(_or_crash(app, runtime.match, "match", "matching stopped"))
    app.task(_or_crash(app, runtime.downstream, "downstream", "downstream processors stopped"))
    return app


def _or_crash(
    app: faust.App, run: Callable[[], Awaitable[None]], name: str, what: str
) -> Callable[[], Awaitable[None]]:
    """``run`` as a task named ``name`` that crashes the app (logging ``what``) when it fails."""

    async def task() -> None:
        try:
            await run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception(what)
            await app.crash(exc)

    task.__name__ = task.__qualname__ = name
    return task
