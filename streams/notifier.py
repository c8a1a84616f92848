"""SME notifications: suggestions in, ``<prefix>.member-notifications`` out.

Two agents on the worker's app. ``notifier-rekey`` reads ``match-suggestions`` (keyed by
opportunity) and forwards those flagged ``notify`` to the internal ``notifier-queue``, keyed by
``member_id``. ``notifier`` reads the queue: each member's records land in one partition, so one
member's state lives on exactly one worker, the owner of that partition. The state (preferences
last seen, today's count, pending digest, ids already notified, erasure) is a Faust table whose
compacted changelog restores it after a restart or a rebalance.

The member's preferences and existence come from the worker's matchmaker (its state follower
applies every ``member-profiles`` record on every worker), read on the executor thread: no second
subscription to ``member-profiles`` in the consumer group. A member the notifier knew and the
matchmaker no longer has was deleted by a tombstone: it is marked erased and never notified again.
A timer asks for due digests by sending a ``flush`` command onto the queue under the member's key,
so the flush runs on the state's owner.
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
from streams.codec import Record, dead_letter, encode
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["FLUSH", "PROFILE_WAIT_SECONDS", "TICK_SECONDS", "Notifier", "register"]

log = logging.getLogger(__name__)

#: The value of a digest flush command on the internal queue.
FLUSH = b'{"command":"flush-digest"}'
#: How often each worker looks for due digests (a digest goes out at most this late).
TICK_SECONDS = 30.0
#: How long to wait for this worker's state follower to learn of a member it does not know yet.
PROFILE_WAIT_SECONDS = 3.0


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

    def __init__(self, policy: NotificationPolicy) -> None:
        self.policy = policy

    def route(self, value: bytes | None) -> bytes | None:
        """The queue key (``member_id``) for a suggestion worth a notification, else ``None``."""
        suggestion = _decode_suggestion(value)
        return suggestion.member_id.encode() if suggestion.notify else None

    def wants_profile(self, state: bytes | None) -> bool:
        """Whether the member's current profile is needed (not for a member already erased)."""
        return not self.load(state).erased

    def should_wait(self, state: bytes | None, profile: MemberProfile | None) -> bool:
        """No profile for a member never seen: this worker's state follower may not have it yet."""
        current = self.load(state)
        return profile is None and not current.known and not current.erased

    def handle(
        self, state: bytes | None, record: Record, profile: MemberProfile | None
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
    notifier = Notifier(NotificationPolicy(clock or _utcnow))
    raw: dict[str, Any] = {"key_type": bytes, "value_type": bytes}
    suggestions = app.topic(topics.suggestions, **raw)
    queue = app.topic(topics.notifier_queue, **raw)
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

    async def profile_of(member_id: str) -> MemberProfile | None:
        # the matchmaker's index is touched only on its own thread
        return await _loop().run_in_executor(executor, lambda: service.matchmaker.members.get(member_id))

    async def notify(stream: Any) -> None:
        async for event in stream.events():
            record = _record(event)
            key = record.key or b""
            state = table.get(key)
            profile = None
            if notifier.wants_profile(state):
                member_id = key.decode("utf-8", "replace")
                profile = await profile_of(member_id)
                waited = 0.0
                while notifier.should_wait(state, profile) and waited < PROFILE_WAIT_SECONDS:
                    await asyncio.sleep(0.25)
                    waited += 0.25
                    profile = await profile_of(member_id)
            try:
                new, out = notifier.handle(state, record, profile)
            except InvalidEvent as exc:
                await dead(record, str(exc))
                continue
            if new is not None:
                table[key] = new
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
    app.agent(queue, name="notifier")(notify)
    app.timer(interval=tick_seconds)(tick)


def _loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def _record(event: Any) -> Record:
    message = event.message
    return Record(message.topic, message.partition, message.offset, message.key, message.value)
