"""SME notifications: suggestions re-keyed by member onto the notifier queue, then notifications out.

:class:`Notifier` is the Kafka-free logic (a record and a member's state in, new state and
notifications out); :class:`NotifierProcessor` is its consumer in group ``<app_id>-notifier``.
Topics and state: docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor

from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

from matcher.notifications import NOTICES, MemberState, NotificationPolicy
from models.events import MatchSuggestion, MemberProfile
from models.exceptions import InvalidEvent
from models.notifications import MemberNotification
from models.rankings import SuggestionRetraction
from streams.cloudevents import Headers, event_type
from streams.codec import Record, dead_letter, decode
from streams.processors.base import GroupProcessor, as_record
from streams.processors.notifier_state import NotifierStateStore
from streams.service import MatchService
from streams.settings import Settings

__all__ = [
    "FLUSH",
    "PROFILE_WAIT_SECONDS",
    "TICK_SECONDS",
    "Notifier",
    "NotifierProcessor",
    "is_retraction",
]

log = logging.getLogger(__name__)

#: The value of a digest flush command on the internal queue.
FLUSH = b'{"command":"flush-digest"}'
#: How often each worker looks for due digests (a digest goes out at most this late).
TICK_SECONDS = 30.0
#: How long to wait for this worker's state follower to learn of a member it does not know yet.
PROFILE_WAIT_SECONDS = 3.0


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_RETRACTION = event_type(SuggestionRetraction).encode()


def is_retraction(headers: Headers | None) -> bool:
    """Whether a record on the suggestions topic is a retraction (by its ``ce_type``), not a suggestion."""
    return any(name == "ce_type" and value == _RETRACTION for name, value in headers or [])


class Notifier:
    """One record and the member's current state in; the new state and notifications out.

    ``state`` is the stored JSON (``None`` for a member never seen). The returned state is
    ``None`` when nothing changed. Records that cannot be read raise :class:`InvalidEvent`.
    """

    def __init__(self, policy: NotificationPolicy, max_event_bytes: int) -> None:
        self.policy = policy
        self.max_event_bytes = max_event_bytes

    def route(self, record: Record, headers: Headers | None = None) -> bytes | None:
        """The queue key (``member_id``) for a suggestion worth a notification, or a retraction a
        notified member may have to hear of; else ``None``."""
        if is_retraction(headers):
            retraction = decode(record, SuggestionRetraction, self.max_event_bytes)
            return retraction.member_id.encode() if retraction.reason in NOTICES else None
        suggestion = decode(record, MatchSuggestion, self.max_event_bytes)
        return suggestion.member_id.encode() if suggestion.notify else None

    def wants_profile(self, state: bytes | None) -> bool:
        """Whether the member's current profile is needed (not for a member already erased)."""
        return not self.load(state).erased

    def should_wait(self, state: bytes | None, profile: MemberProfile | None) -> bool:
        """No profile for a member never seen: this worker's state follower may not have it yet."""
        current = self.load(state)
        return profile is None and not current.known and not current.erased

    def handle(
        self,
        state: bytes | None,
        record: Record,
        profile: MemberProfile | None,
        headers: Headers | None = None,
    ) -> tuple[bytes | None, list[MemberNotification]]:
        """Apply a queued suggestion or flush command, given the member's profile as the matchmaker has it.

        ``profile`` is ``None`` when the matchmaker does not know the member: if the notifier knew it,
        it was deleted (tombstone), and the member is erased for good.
        """
        current = self.load(state)
        if not current.erased:
            if profile is not None:
                current = self.policy.on_profile(current, profile)
            elif current.known:
                current = self.policy.on_tombstone(current)
        notifications: list[MemberNotification] = []
        if record.value == FLUSH:
            new, notifications = self.policy.flush(current, (record.key or b"").decode())
        elif is_retraction(headers):
            retraction = decode(record, SuggestionRetraction, self.max_event_bytes, key_field="member_id")
            new, notifications = self.policy.on_retraction(current, retraction)
        else:
            suggestion = decode(record, MatchSuggestion, self.max_event_bytes, key_field="member_id")
            new, notifications = self.policy.on_suggestion(current, suggestion)
        changed = new != self.load(state)
        return (new.model_dump_json().encode() if changed else None), notifications

    def due(self, state: bytes | None) -> bool:
        """Whether this stored state has a digest waiting to be sent now."""
        return self.policy.is_due(self.load(state))

    @staticmethod
    def load(state: bytes | None) -> MemberState:
        """The state from its stored JSON (a fresh one for ``None``)."""
        return MemberState() if state is None else MemberState.model_validate(json.loads(state))


class NotifierProcessor(GroupProcessor):
    """Re-keys suggestions by member and turns each member's queue into notifications."""

    def __init__(
        self,
        settings: Settings,
        service: MatchService,
        executor: Executor,
        clock: Callable[[], dt.datetime] | None = None,
        tick_seconds: float | None = None,
    ) -> None:
        topics = settings.topics
        super().__init__(settings, "notifier", [topics.suggestions, topics.notifier_queue])
        self.service = service
        self.executor = executor
        self.notifier = Notifier(NotificationPolicy(clock or _utcnow), settings.max_event_bytes)
        self.tick_seconds = tick_seconds or TICK_SECONDS
        self.store = NotifierStateStore(settings)
        self._requested: dict[bytes, float] = {}
        self.notifications_sent = 0

    async def on_assigned(self, assigned: set[TopicPartition]) -> None:
        await self.store.restore(
            {tp.partition for tp in assigned if tp.topic == self.settings.topics.notifier_queue}
        )

    async def on_revoked(self, revoked: set[TopicPartition]) -> None:
        self.store.drop({tp.partition for tp in revoked if tp.topic == self.settings.topics.notifier_queue})

    def background(self) -> list[Awaitable[None]]:
        return [self._digest_timer()]

    async def handle(self, tp: TopicPartition, messages: list[ConsumerRecord]) -> list[Awaitable[object]]:
        deliveries: list[Awaitable[object]] = []
        for message in messages:
            record = as_record(message)
            if tp.topic == self.settings.topics.suggestions:
                deliveries += await self._rekey(record, list(message.headers or []))
            else:
                deliveries += await self._notify(record, list(message.headers or []))
        return deliveries

    async def _rekey(self, record: Record, headers: list[tuple[str, bytes]]) -> list[Awaitable[object]]:
        try:
            key = self.notifier.route(record, headers)
        except InvalidEvent as exc:
            return [await self._dead(record, str(exc))]
        if key is None:
            return []
        return [await self.send(self.settings.topics.notifier_queue, key, record.value, headers)]

    async def _notify(self, record: Record, headers: Headers) -> list[Awaitable[object]]:
        key = record.key or b""
        state = self.store.get(record.partition, key)
        profile = None
        if self.notifier.wants_profile(state):
            member_id = key.decode("utf-8", "replace")
            profile = await self._profile_of(member_id)
            waited = 0.0
            while self.notifier.should_wait(state, profile) and waited < PROFILE_WAIT_SECONDS:
                await asyncio.sleep(0.25)
                waited += 0.25
                profile = await self._profile_of(member_id)
        try:
            new, out = self.notifier.handle(state, record, profile, headers)
        except InvalidEvent as exc:
            return [await self._dead(record, str(exc))]
        deliveries: list[Awaitable[object]] = []
        for notification in out:
            topic = self.settings.topics.notifications
            deliveries.append(await self.publish(topic, notification.member_id, notification))
            self.notifications_sent += 1
        if new is not None:
            self.store.put(record.partition, key, new)
            deliveries.append(await self.send(self.store.topic, key, new, partition=record.partition))
        return deliveries

    async def _profile_of(self, member_id: str) -> MemberProfile | None:
        # the matchmaker's index is touched only on its own thread
        get = self.service.matchmaker.members.get
        return await asyncio.get_running_loop().run_in_executor(self.executor, get, member_id)

    async def _dead(self, record: Record, reason: str) -> Awaitable[object]:
        log.warning(
            "notifier dead-lettered %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason
        )
        return await self.publish(self.settings.topics.deadletter, record.key, dead_letter(record, reason))

    async def _digest_timer(self) -> None:
        while True:
            await asyncio.sleep(self.tick_seconds)
            await self.flush_due()

    async def flush_due(self) -> int:
        """Queue a flush command for every owned member whose digest is due; returns how many."""
        now = time.monotonic()
        sent = 0
        for partition, key, state in self.store.items():
            if self.notifier.due(state) and now - self._requested.get(key, -1e9) > max(
                self.tick_seconds, 5.0
            ):
                self._requested[key] = now
                await self.send(self.settings.topics.notifier_queue, key, FLUSH, partition=partition)
                sent += 1
        return sent
