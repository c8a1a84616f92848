"""Consortia for calls: each open call or partner search gets a proposed team on its own topic.

:class:`ConsortiumService` builds (on the model thread); :class:`ConsortiumProcessor` is its consumer
in group ``<app_id>-consortium`` over the owned ``opportunities`` partitions.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable
from concurrent.futures import Executor

from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

from matcher.consortium import ConsortiumBuilder, to_suggestion
from models.consortium import ConsortiumSuggestion
from models.events import Opportunity
from models.exceptions import InvalidEvent
from streams.codec import Record, decode
from streams.model_thread import run_background
from streams.processors.base import GroupProcessor, as_record
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["CONSORTIUM_KINDS", "ConsortiumProcessor", "ConsortiumService"]

log = logging.getLogger(__name__)

#: Opportunity kinds that call for a team rather than one partner.
CONSORTIUM_KINDS = frozenset({"call_for_proposals", "partner_search"})


class ConsortiumService:
    """One opportunity record in, a consortium suggestion (or nothing) out; call from the executor."""

    def __init__(self, service: MatchService, builder: ConsortiumBuilder, max_event_bytes: int) -> None:
        self.service = service
        self.builder = builder
        self.max_event_bytes = max_event_bytes
        self._built: dict[str, Opportunity] = {}

    def handle(self, record: Record) -> ConsortiumSuggestion | None:
        """The team for the opportunity in ``record``, if it is an open call with eligible members."""
        try:
            event = decode(record, Opportunity, self.max_event_bytes)
        except InvalidEvent:
            return None  # matching dead-letters it with the reason
        if not isinstance(event, Opportunity):
            self._built.pop(event.key, None)
            return None
        mm = self.service.matchmaker
        if event.kind not in CONSORTIUM_KINDS or not event.is_open(mm.clock().date()):
            return None
        if self._built.get(event.opportunity_id) == event:
            return None
        team = self.builder.build(mm.scorer, event)
        if not team.members:
            log.info("no eligible members for a consortium on %s", event.opportunity_id)
            return None
        self._built[event.opportunity_id] = event
        return to_suggestion(team, mm.members, mm.scorer.model_name, mm.clock())


class ConsortiumProcessor(GroupProcessor):
    """Builds a team for each open call or partner search on the partitions this worker owns."""

    def __init__(self, settings: Settings, service: MatchService, executor: Executor) -> None:
        super().__init__(settings, "consortium", [settings.topics.opportunities])
        self.executor = executor
        self.consortia = ConsortiumService(service, ConsortiumBuilder(), settings.max_event_bytes)
        self.built = 0

    async def handle(self, tp: TopicPartition, messages: list[ConsumerRecord]) -> list[Awaitable[object]]:
        deliveries: list[Awaitable[object]] = []
        for message in messages:
            record = as_record(message)
            started = dt.datetime.now(dt.UTC)
            try:  # after any matching work waiting on the model thread
                suggestion = await run_background(self.executor, self.consortia.handle, record)
            except Exception:  # a bug must not stall the partition; the opportunity is matched anyway
                log.exception(
                    "consortium for %s[%d]@%d failed", record.topic, record.partition, record.offset
                )
                continue
            if suggestion is None:
                continue
            topic = self.settings.topics.consortia
            deliveries.append(await self.publish(topic, suggestion.opportunity_id, suggestion))
            self.built += 1
            log.info(
                "consortium of %d for %s in %.1fs",
                len(suggestion.members),
                suggestion.opportunity_id,
                (dt.datetime.now(dt.UTC) - started).total_seconds(),
            )
        return deliveries
