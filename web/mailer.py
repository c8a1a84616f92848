"""The e-mail sender: ``<prefix>.member-notifications`` to SMTP, each once, failures dead-lettered.

Consumes in group ``<app_id>-mailer``. Sent (or dead-lettered) notification ids go to the compacted
``<prefix>.mailer-sent``, partition *p* for notifications partition *p*, and are restored on assignment
(the pattern of :mod:`streams.processors.notifier_state`), so a restart or rebalance never sends twice
what it recorded; a crash between the SMTP answer and that record can repeat one message (at-least-once).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import smtplib
from collections.abc import Awaitable

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from models.events import MemberProfile
from models.exceptions import InvalidEvent
from models.notifications import MemberNotification
from streams.codec import dead_letter, decode
from streams.kafka_config import admin_kwargs, producer_kwargs
from streams.processors.base import GroupProcessor, as_record
from streams.processors.notifier_state import NotifierStateStore
from streams.settings import Settings
from web.auth import make_member_link
from web.mail import compose, send
from web.readmodel import ReadModel
from web.settings import WebSettings

__all__ = ["Mailer", "sent_topic"]

log = logging.getLogger(__name__)
_PROFILE_WAIT_S = 10.0


def sent_topic(settings: Settings) -> str:
    """The mailer's compacted state topic."""
    return f"{settings.topic_prefix}.mailer-sent"


class Mailer(GroupProcessor):
    """Sends each notification by e-mail; retries with backoff, then dead-letters it with the reason."""

    def __init__(self, settings: Settings, web: WebSettings, model: ReadModel) -> None:
        super().__init__(settings, "mailer", [settings.topics.notifications])
        self.web = web
        self.model = model
        self.sent = NotifierStateStore(settings)
        self.sent.topic = sent_topic(settings)  # same shape as the notifier's state, its own topic
        self.delivered = 0
        self.dead_lettered = 0
        self._own_producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, producer: AIOKafkaProducer | None = None) -> None:
        """Create the state topic if needed, join the group and run in the background."""
        await asyncio.to_thread(self._ensure_state_topic)
        if producer is None:
            producer = self._own_producer = AIOKafkaProducer(**producer_kwargs(self.settings, "aiokafka"))
            await producer.start()
        await super().start(producer)
        self._task = asyncio.create_task(self.run(), name="mailer")

    async def stop(self) -> None:
        """Stop consuming and sending."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await super().stop()
        if self._own_producer is not None:
            await self._own_producer.stop()

    def _ensure_state_topic(self) -> None:
        admin = KafkaAdminClient(**admin_kwargs(self.settings, "kafka-python"))
        try:
            partitions = self.settings.topic_partitions
            notifications = admin.describe_topics([self.settings.topics.notifications])
            if notifications and notifications[0].get("partitions"):
                partitions = len(notifications[0]["partitions"])
            if self.sent.topic not in admin.list_topics():
                topic = NewTopic(
                    self.sent.topic,
                    partitions,
                    self.settings.replication_factor,
                    topic_configs={"cleanup.policy": "compact"},
                )
                with contextlib.suppress(TopicAlreadyExistsError):
                    admin.create_topics([topic])
        finally:
            admin.close()

    async def on_assigned(self, assigned: set[TopicPartition]) -> None:
        await self.sent.restore({tp.partition for tp in assigned})

    async def on_revoked(self, revoked: set[TopicPartition]) -> None:
        self.sent.drop({tp.partition for tp in revoked})

    async def handle(self, tp: TopicPartition, messages: list[ConsumerRecord]) -> list[Awaitable[object]]:
        deliveries: list[Awaitable[object]] = []
        for message in messages:
            record = as_record(message)
            try:
                notification = decode(record, MemberNotification, self.settings.max_event_bytes)
            except InvalidEvent as exc:
                deliveries.append(await self._dead_letter(message, str(exc), "InvalidEvent"))
                continue
            key = notification.notification_id.encode()
            if self.sent.get(tp.partition, key) is not None:
                continue  # sent before a restart or by the previous owner of this partition
            outcome = await self._deliver(notification)
            if outcome is None:
                self.delivered += 1
                state = {"outcome": "sent"}
            else:
                deliveries.append(await self._dead_letter(message, outcome, "DeliveryFailed"))
                state = {"outcome": "dead-lettered", "reason": outcome}
            state["at"] = dt.datetime.now(dt.UTC).isoformat()
            value = json.dumps(state).encode()
            self.sent.put(tp.partition, key, value)
            deliveries.append(await self.send(self.sent.topic, key, value, partition=tp.partition))
        return deliveries

    async def _profile(self, member_id: str) -> MemberProfile | None:
        await asyncio.to_thread(self.model.wait_for, lambda: member_id in self.model.members, _PROFILE_WAIT_S)
        return self.model.members.get(member_id)

    async def _deliver(self, notification: MemberNotification) -> str | None:
        """``None`` once sent; else why it could not be (after every try)."""
        profile = await self._profile(notification.member_id)
        if profile is None:
            return f"member {notification.member_id} is unknown: no address to e-mail"
        if not profile.contact_email:
            return f"member {notification.member_id} has no contact_email"
        smtp = self.web.smtp
        secret = self.web.secret_key.get_secret_value()
        link = make_member_link(secret, self.web.base_url(), notification.member_id)
        days = self.web.link_max_age_s // 86400
        message = compose(notification, profile, link, smtp.sender, days, self.model.publisher)
        error = ""
        for attempt in range(smtp.attempts):
            if attempt:
                await asyncio.sleep(smtp.backoff_s * 2 ** (attempt - 1))
            try:
                await asyncio.to_thread(send, smtp, message)
                return None
            except (smtplib.SMTPException, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"
                log.warning(
                    "e-mail %s, try %d of %d: %s",
                    notification.notification_id,
                    attempt + 1,
                    smtp.attempts,
                    error,
                )
        return f"e-mail to {profile.contact_email} failed {smtp.attempts} times; last: {error}"

    async def _dead_letter(self, message: ConsumerRecord, reason: str, kind: str) -> Awaitable[object]:
        self.dead_lettered += 1
        letter = dead_letter(as_record(message), reason, kind)
        return await self.publish(self.settings.topics.deadletter, message.key, letter)
