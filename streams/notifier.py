"""SME notifications: suggestions and profile changes in, ``<prefix>.member-notifications`` out.

Two agents on the worker's app. ``notifier-rekey`` reads ``match-suggestions`` (keyed by
opportunity) and forwards those flagged ``notify`` to the internal ``notifier-queue`` keyed by
``member_id``. ``notifier`` reads ``member-profiles`` and ``notifier-queue`` together: both are
keyed by ``member_id`` with the same partition count, so Faust assigns partition *p* of both to
the same worker, and one member's state lives on exactly one worker. That state (preferences,
today's count, pending digest, ids already notified, erasure) is a Faust table whose changelog
topic restores it after a restart or rebalance. A timer asks for due digests by sending a
``flush`` command onto the queue under the member's key, so the flush runs on the state's owner.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from pydantic import ValidationError

from matcher.notifications import MemberState, NotificationPolicy
from models.events import MatchSuggestion, MemberProfile
from models.exceptions import InvalidEvent
from models.notifications import MemberNotification
from streams.cloudevents import cloudevent_headers
from streams.codec import Record, Tombstone, dead_letter, decode, encode
from streams.service import MatchService
from streams.settings import Settings, Topics

__all__ = ["FLUSH", "TICK_SECONDS", "Notifier", "register"]

log = logging.getLogger(__name__)

#: The value of a digest flush command on the internal queue.
FLUSH = b'{"command":"flush-digest"}'
#: How often each worker looks for due digests (a digest goes out at most this late).
TICK_SECONDS = 30.0


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _decode_suggestion(value: bytes | None) -> MatchSuggestion:
    if value is None:
        raise InvalidEvent("null value where a match suggestion was expected")
    try:
        return MatchSuggestion.model_validate_json(value)
    except ValidationError as exc:
        raise InvalidEvent(f"invalid MatchSuggestion: {exc.errors()[0]['msg']}") from exc


class Notifier:
    """One record and the member's current state in; the new state and notifications out.

    ``state`` is the stored JSON (``None`` for a member never seen). The returned state is
    ``None`` when nothing changed. Records that cannot be read raise :class:`InvalidEvent`.
    """

    def __init__(self, policy: NotificationPolicy, topics: Topics, max_event_bytes: int) -> None:
        self.policy = policy
        self.topics = topics
        self.max_event_bytes = max_event_bytes

    def route(self, value: bytes | None) -> bytes | None:
        """The queue key (``member_id``) for a suggestion worth a notification, else ``None``."""
        suggestion = _decode_suggestion(value)
        return suggestion.member_id.encode() if suggestion.notify else None

    def needs_profile(self, state: bytes | None, record: Record) -> str | None:
        """The member to look up in the matchmaker: a suggestion for a member whose profile we never saw."""
        if record.topic != self.topics.notifier_queue or record.value == FLUSH or record.key is None:
            return None
        current = self.load(state)
        return None if current.known or current.erased else record.key.decode("utf-8", "replace")

    def handle(
        self, state: bytes | None, record: Record, profile: MemberProfile | None = None
    ) -> tuple[bytes | None, list[MemberNotification]]:
        """Apply ``record`` (a profile, tombstone, queued suggestion or flush command)."""
        current = self.load(state)
        if profile is not None:
            current = self.policy.on_profile(current, profile)
        notifications: list[MemberNotification] = []
        if record.topic == self.topics.members:
            event = decode(record, MemberProfile, self.max_event_bytes)
            if isinstance(event, Tombstone):
                new = self.policy.on_tombstone(current)
            else:
                new = self.policy.on_profile(current, event)
        elif record.value == FLUSH:
            new, notifications = self.policy.flush(current, (record.key or b"").decode())
        else:
            suggestion = _decode_suggestion(record.value)
            if record.key is not None and record.key.decode("utf-8", "replace") != suggestion.member_id:
                raise InvalidEvent(
                    f"queue key {record.key!r} differs from member_id {suggestion.member_id!r}"
                )
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


def register(
    app: Any,
    settings: Settings,
    service: MatchService,
    executor: Executor,
    clock: Callable[[], dt.datetime] | None = None,
    tick_seconds: float | None = None,
) -> None:
    """Declare the notifier's topics, table, agents and digest timer on the worker's ``app``.

    ``clock`` (default: UTC now) decides days and digest times; tests inject their own.
    """
    topics = settings.topics
    tick_seconds = tick_seconds or TICK_SECONDS
    notifier = Notifier(NotificationPolicy(clock or _utcnow), topics, settings.max_event_bytes)
    raw: dict[str, Any] = {"key_type": bytes, "value_type": bytes}
    suggestions = app.topic(topics.suggestions, **raw)
    queue = app.topic(topics.notifier_queue, **raw)
    inputs = app.topic(topics.members, topics.notifier_queue, allow_empty=True, **raw)
    notifications = app.topic(topics.notifications, **raw)
    deadletter = app.topic(topics.deadletter, **raw)
    table = app.Table("notifier-state", default=None, partitions=settings.topic_partitions, **raw)
    requested: dict[bytes, float] = {}

    async def dead(record: Record, reason: str) -> None:
        log.warning(
            "notifier dead-lettered %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason
        )
        letter = dead_letter(record, reason)
        await deadletter.send(
            key=record.key, value=encode(letter), headers=cloudevent_headers(letter, settings)
        )

    async def rekey(stream: Any) -> None:
        async for event in stream.events():
            record = _record(event)
            try:
                key = notifier.route(record.value)
            except InvalidEvent as exc:
                await dead(record, str(exc))
                continue
            if key is not None:
                await queue.send(key=key, value=record.value, headers=list(event.message.headers or []))

    async def notify(stream: Any) -> None:
        loop = asyncio.get_running_loop()
        async for event in stream.events():
            record = _record(event)
            state = table.get(record.key) if record.key is not None else None
            profile = None
            wanted = notifier.needs_profile(state, record)
            if wanted is not None:  # the matchmaker's index is touched only on its own thread
                profile = await loop.run_in_executor(executor, service.matchmaker.members.get, wanted)
            try:
                new, out = notifier.handle(state, record, profile)
            except InvalidEvent as exc:
                if record.topic != topics.members:  # the matching agent dead-letters bad profiles
                    await dead(record, str(exc))
                continue
            if new is not None and record.key is not None:
                table[record.key] = new
            for notification in out:
                await notifications.send(
                    key=notification.member_id.encode(),
                    value=encode(notification),
                    headers=cloudevent_headers(notification, settings),
                )

    async def tick() -> None:
        now = time.monotonic()
        for key, state in list(table.items()):
            if notifier.due(state) and now - requested.get(key, -1e9) > max(tick_seconds, 5.0):
                requested[key] = now
                await queue.send(key=key, value=FLUSH)

    app.agent(suggestions, name="notifier-rekey")(rekey)
    app.agent(inputs, name="notifier")(notify)
    app.timer(interval=tick_seconds)(tick)


def _record(event: Any) -> Record:
    message = event.message
    return Record(message.topic, message.partition, message.offset, message.key, message.value)
