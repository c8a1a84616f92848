"""Current state per opportunity on a compacted topic: the base of the rankings and consortium processors.

A :class:`Keeper` (Kafka-free, model thread) compares what the matchmaker says now with what it last
published; :class:`CurrentStateProcessor` feeds it the owned opportunities, member changes and the
clock, and publishes only what changed. Design and restarts: docs/ARCHITECTURE.md, "Current state".
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord
from pydantic import BaseModel

from models.events import MatchSuggestion, MemberProfile, Opportunity
from models.exceptions import InvalidEvent
from models.rankings import SuggestionRetraction
from streams.cloudevents import tombstone_headers
from streams.codec import Record, Tombstone, decode
from streams.model_thread import run_background
from streams.processors.base import GroupProcessor, as_record
from streams.processors.notifier_state import PartitionStore
from streams.service import MatchService, Outcome
from streams.settings import Settings

__all__ = ["TICK_SECONDS", "CurrentStateProcessor", "Keeper", "Published", "Update", "utcnow"]

log = logging.getLogger(__name__)

#: How often each worker looks for deadlines that passed (a retraction comes at most this late).
TICK_SECONDS = 30.0
#: How long a record waits for this worker's matchmaker to apply it before a warning is logged.
APPLY_WARN_S = 30.0


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """The processors' clock (a test harness may replace ``_utcnow``)."""
    return _utcnow()


@dataclass
class Update:
    """What to publish for one opportunity: its current value (``None``: a tombstone) and retractions."""

    opportunity_id: str
    current: BaseModel | None
    retractions: list[SuggestionRetraction] = field(default_factory=list)
    changed: bool = True  # False: ``current`` is what was published already; only retractions go out


V = TypeVar("V", bound=BaseModel)


class Published(Generic[V]):
    """The last published value of each owned opportunity, and which of them name each member."""

    def __init__(
        self, contract: type[V], key_of: Callable[[V], str], members_of: Callable[[V], Iterable[str]]
    ) -> None:
        self.contract = contract
        self.key_of = key_of  # the opportunity a value is of
        self.members_of = members_of
        self.values: dict[str, V] = {}
        self._naming: dict[str, set[str]] = defaultdict(set)  # member_id -> opportunities naming it

    def __contains__(self, opportunity_id: object) -> bool:
        return opportunity_id in self.values

    def get(self, opportunity_id: str) -> V | None:
        return self.values.get(opportunity_id)

    def naming(self, member_id: str) -> set[str]:
        """The opportunities whose published value names the member."""
        return set(self._naming.get(member_id, ()))

    def remember(self, value: V) -> None:
        opportunity_id = self.key_of(value)
        self.forget(opportunity_id)
        self.values[opportunity_id] = value
        for member_id in self.members_of(value):
            self._naming[member_id].add(opportunity_id)

    def forget(self, opportunity_id: str) -> V | None:
        old = self.values.pop(opportunity_id, None)
        for member_id in self.members_of(old) if old is not None else ():
            naming = self._naming.get(member_id)
            if naming is not None:
                naming.discard(opportunity_id)
                if not naming:
                    del self._naming[member_id]
        return old

    def load(self, values: dict[str, bytes]) -> None:
        """Values as read back from the topic (an unreadable one is logged and left out)."""
        for oid, value in values.items():
            try:
                self.remember(self.contract.model_validate_json(value))
            except ValueError:
                log.warning("unreadable %s for %s: ignored", self.contract.__name__, oid)


class Keeper(Protocol):
    """Kafka-free current state of the owned opportunities; every method runs on the model thread."""

    def load(self, values: dict[str, bytes]) -> None:
        """What was last published (restored from the topic)."""

    def forget(self, opportunity_ids: list[str]) -> None:
        """Opportunities now owned by another worker."""

    def reconcile(self, opportunity_id: str, latest: Opportunity | Tombstone | None) -> Update | None:
        """The update that brings the published value in line with the matchmaker (``None``: none)."""

    def touched(self, member_id: str | None, suggestions: list[MatchSuggestion]) -> set[str]:
        """Opportunities whose value a change of this member (``None``: of an opportunity, which
        caused ``suggestions``) may have changed."""

    def due(self, opportunity_ids: set[str]) -> set[str]:
        """Those of the published opportunities whose deadline has passed since."""


class CurrentStateProcessor(GroupProcessor):
    """Group ``<app_id>-<name>`` over ``opportunities``; partition *p* of ``topic`` follows partition *p*.

    ``coalesce``: member changes are reconciled at the next tick, not at once (for costly keepers).
    """

    def __init__(
        self,
        settings: Settings,
        name: str,
        service: MatchService,
        executor: Executor,
        keeper: Keeper,
        topic: str,
        contract: type[BaseModel],
        tick_seconds: float | None = None,
        coalesce: bool = False,
    ) -> None:
        super().__init__(settings, name, [settings.topics.opportunities])
        self.coalesce = coalesce  # member changes wait for the tick: one reconcile for all since the last
        self.service = service
        self.executor = executor
        self.keeper = keeper
        self.store = PartitionStore(settings, topic)
        self._opportunities = PartitionStore(settings, settings.topics.opportunities)
        self.contract = contract
        self.tick_seconds = tick_seconds or TICK_SECONDS
        self.latest: dict[str, Opportunity | Tombstone] = {}
        self.partition_of: dict[str, int] = {}
        self.published = 0
        self.retracted = 0
        self._dirty: set[str] = set()
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        service.listeners.append(self._on_applied)

    async def start(self, producer: AIOKafkaProducer) -> None:
        self._loop = asyncio.get_running_loop()
        await super().start(producer)

    def background(self) -> list[Awaitable[None]]:
        return [self._keep()]

    async def on_assigned(self, assigned: set[TopicPartition]) -> None:
        partitions = {tp.partition for tp in assigned if tp.topic == self.settings.topics.opportunities}
        await self.store.restore(partitions)
        values = {}
        for p, key, value in self.store.items():
            values[key.decode()] = value
            self.partition_of[key.decode()] = p
        self.store.drop(partitions)  # the keeper holds them, parsed
        await self._opportunities.restore(partitions)  # where every owned opportunity lives
        for p, key, _ in self._opportunities.items():
            self.partition_of.setdefault(key.decode("utf-8", "replace"), p)
        self._opportunities.drop(partitions)
        await run_background(self.executor, self.keeper.load, values)
        # a crash may have left any of them behind the matchmaker: reconcile them all
        self._mark({oid for oid, p in self.partition_of.items() if p in partitions})

    async def on_revoked(self, revoked: set[TopicPartition]) -> None:
        partitions = {tp.partition for tp in revoked if tp.topic == self.settings.topics.opportunities}
        gone = [oid for oid, p in self.partition_of.items() if p in partitions]
        for oid in gone:
            self.partition_of.pop(oid, None)
            self.latest.pop(oid, None)
        self._dirty -= set(gone)
        await run_background(self.executor, self.keeper.forget, gone)

    async def handle(self, tp: TopicPartition, messages: list[ConsumerRecord]) -> list[Awaitable[object]]:
        await self._applied(tp, messages[-1].offset)
        ids: dict[str, None] = {}
        for message in messages:
            try:
                event = decode(as_record(message), Opportunity, self.settings.max_event_bytes)
            except InvalidEvent:
                continue  # matching dead-letters it with the reason
            oid = event.opportunity_id if isinstance(event, Opportunity) else event.key
            self.latest[oid] = event
            self.partition_of[oid] = tp.partition
            ids[oid] = None
        return await self._publish(list(ids))

    async def _applied(self, tp: TopicPartition, offset: int) -> None:
        """Wait until this worker's matchmaker has applied ``offset`` (the keeper reads it)."""
        waited = 0.0
        while self.service.applied.get((tp.topic, tp.partition), 0) <= offset:
            await asyncio.sleep(0.05)
            waited += 0.05
            if waited >= APPLY_WARN_S:
                log.warning(
                    "%s: matchmaker still behind %s[%d]@%d", self.name, tp.topic, tp.partition, offset
                )
                waited = 0.0

    def _on_applied(
        self, record: Record, event: MemberProfile | Opportunity | Tombstone, outcome: Outcome
    ) -> None:
        """Model thread: the matchmaker applied a record; mark the opportunities it may have changed."""
        if self._loop is None:
            return
        if record.topic == self.settings.topics.opportunities:
            oid = event.opportunity_id if isinstance(event, Opportunity) else getattr(event, "key", "")
            touched = {oid} | self.keeper.touched(None, outcome.suggestions)
            wake = True
        else:
            member_id = event.member_id if isinstance(event, MemberProfile) else getattr(event, "key", "")
            touched = self.keeper.touched(member_id, outcome.suggestions)
            wake = not self.coalesce
        if touched:
            self._loop.call_soon_threadsafe(self._mark, touched, wake)

    def _mark(self, opportunity_ids: set[str], wake: bool = True) -> None:
        self._dirty |= opportunity_ids
        if wake:
            self._wake.set()

    async def _keep(self) -> None:
        """Member changes and the clock: reconcile what they touched, deadlines included."""
        while True:
            with contextlib.suppress(TimeoutError):  # the tick: deadlines pass without any event
                await asyncio.wait_for(self._wake.wait(), self.tick_seconds)
            self._wake.clear()
            async with self._busy:  # never beside a batch or a rebalance
                owned = set(self.partition_of)
                due = await run_background(self.executor, self.keeper.due, owned)
                ids = sorted((self._dirty | due) & owned)
                self._dirty.clear()
                if ids:
                    deliveries = await self._publish(ids)
                    if deliveries:
                        await asyncio.gather(*deliveries)

    async def _publish(self, opportunity_ids: list[str]) -> list[Awaitable[object]]:
        if not opportunity_ids:
            return []
        updates = []
        for oid in opportunity_ids:  # one background job each: matching waits for one at most
            pair = [(oid, self.latest.get(oid))]
            updates += await run_background(self.executor, _reconcile_all, self.keeper, pair)
        deliveries: list[Awaitable[object]] = []
        for update in updates:
            oid = update.opportunity_id
            for retraction in update.retractions:  # keyed like the suggestion it voids
                deliveries.append(await self.publish(self.settings.topics.suggestions, oid, retraction))
                self.retracted += 1
            partition = self.partition_of.get(oid)
            if not update.changed:
                continue
            if update.current is None:
                headers = tombstone_headers(self.contract, oid, self.settings)
                deliveries.append(await self.send(self.store.topic, oid.encode(), None, headers, partition))
            else:
                deliveries.append(await self.publish(self.store.topic, oid, update.current, partition))
            self.published += 1
        return deliveries


def _reconcile_all(keeper: Keeper, pairs: list[tuple[str, Opportunity | Tombstone | None]]) -> list[Update]:
    updates = []
    for oid, latest in pairs:
        try:
            update = keeper.reconcile(oid, latest)
        except Exception:  # a bug must not stall the others; the next change retries it
            log.exception("reconciling %s failed", oid)
            continue
        if update is not None:
            updates.append(update)
    return updates
