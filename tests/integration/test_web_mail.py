"""E-mail to members: a real SMTP server in-process (aiosmtpd), the real broker, the web's mailer.

An Italian member's notification arrives in Italian with its link; a daily digest holds the day's items;
a notification is not sent again by a restarted mailer; a send failing three times is dead-lettered.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import json
import threading
import time
from collections.abc import Callable, Iterator
from email.message import Message
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from conftest import Collector, free_port
from kafka import KafkaProducer
from pydantic import BaseModel

from models.events import MemberProfile
from models.notifications import MemberNotification, NotificationItem, make_notification_id
from streams.cloudevents import cloudevent_headers
from streams.kafka_config import producer_kwargs
from streams.settings import Settings
from web.follower import Follower
from web.mailer import Mailer
from web.readmodel import ReadModel, WebTopics
from web.settings import SmtpSettings, WebSettings

pytestmark = pytest.mark.integration

_NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
FAILING = "busy@example.org"


class Mailbox:
    """The aiosmtpd handler: keeps every message; refuses ``FAILING`` with a temporary error (counted)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refused = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address == FAILING:
            self.refused += 1
            return "451 4.3.0 mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted"

    def wait(
        self, done: Callable[[list[Message]], bool], timeout: float = 60, why: Callable[[], str] = str
    ) -> list[Message]:
        deadline = time.monotonic() + timeout
        while not done(self.messages):
            if time.monotonic() > deadline:
                subjects = [m["Subject"] for m in self.messages]
                pytest.fail(f"mailbox has {len(self.messages)} messages: {subjects} {why()}")
            time.sleep(0.2)
        return self.messages


class MailerThread:
    """A web read model (followed from the topics) and a mailer, on their own event loop in a thread."""

    def __init__(self, settings: Settings, web: WebSettings) -> None:
        self.model = ReadModel(WebTopics.for_prefix(settings.topic_prefix))
        self.follower = Follower(settings, self.model)
        self.mailer = Mailer(settings, web, self.model)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> MailerThread:
        self.follower.start()
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.mailer.start(), self.loop).result(60)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.mailer.stop(), self.loop).result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
        self.follower.stop()
        self.follower.join(10)


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def _send(settings: Settings, topic: str, key: str, event: BaseModel) -> None:
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python"))
    producer.send(
        topic,
        key=key.encode(),
        value=event.model_dump_json().encode(),
        headers=cloudevent_headers(event, settings),
    )
    producer.flush()
    producer.close()


def _profile(member_id: str, email_address: str, language: str | None, text: str) -> MemberProfile:
    return MemberProfile(
        member_id=member_id,
        name=f"{member_id} srl",
        clusters=["AFIL"],
        org_type="company",
        size="small",
        competencies=[{"text": text}],  # type: ignore[list-item]
        contact_email=email_address,
        language=language,  # type: ignore[arg-type]
        updated_at=_NOW,
    )


def _notification(member_id: str, delivery: str, titles: list[str], why: str) -> MemberNotification:
    items = [
        NotificationItem(
            suggestion_id=f"s-{member_id}-{title}",
            opportunity_id=f"o-{i}",
            opportunity_title=title,
            published_by="it-1" if i == 1 else "CLM",  # a member publishes the second: named, not its id
            deadline=dt.date(2026, 12, 31),
            score=0.8 - i / 100,
            why=why,
            reason="new_opportunity",
        )
        for i, title in enumerate(titles)
    ]
    return MemberNotification(
        notification_id=make_notification_id(member_id, [i.suggestion_id for i in items]),
        member_id=member_id,
        member_name=f"{member_id} srl",
        delivery=delivery,  # type: ignore[arg-type]
        items=items,
        created_at=_NOW,
    )


def test_notifications_leave_kafka_by_email(
    settings: Settings, mailbox: tuple[Mailbox, int], collect: Collector
) -> None:
    box, port = mailbox
    web = WebSettings(
        public_url="https://matchmaker.example",
        secret_key="mail-test-secret",
        smtp=SmtpSettings(host="127.0.0.1", port=port, starttls=False, attempts=3, backoff_s=0.2),
    )
    topics = settings.topics
    _send(settings, topics.members, "it-1", _profile("it-1", "info@it1.example", "it", "Saldatura laser"))
    _send(settings, topics.members, "en-1", _profile("en-1", "info@en1.example", None, "Laser welding cells"))
    _send(settings, topics.members, "busy-1", _profile("busy-1", FAILING, "en", "Robotic cells"))
    immediate = _notification(
        "it-1", "immediate", ["Saldatura di vaschette per batterie"], "Corrisponde al vostro prodotto."
    )
    titles = ["Battery trays", "Cobots for welding", "Hydrogen valves"]
    digest = _notification("en-1", "daily", titles, "It matches your product: laser welding.")
    failing = _notification("busy-1", "immediate", ["Vision inspection"], "It matches your skill.")

    with MailerThread(settings, web):
        _send(settings, topics.notifications, "it-1", immediate)
        _send(settings, topics.notifications, "en-1", digest)
        _send(settings, topics.notifications, "busy-1", failing)
        messages = box.wait(lambda ms: len(ms) >= 2)
        letters = collect(topics.deadletter, lambda rs: any(r["key"] == "busy-1" for r in rs))

    italian = next(m for m in messages if m["To"] == "info@it1.example")
    assert italian["Subject"] == "Nuova opportunità per voi: Saldatura di vaschette per batterie"
    body = italian.get_content()
    assert "Buongiorno it-1 srl" in body and "Corrisponde al vostro prodotto." in body
    assert "https://matchmaker.example/m/" in body and "Accettate, rifiutate" in body

    daily = next(m for m in messages if m["To"] == "info@en1.example")
    assert daily["Subject"] == "Your 3 opportunities today"
    assert all(title in daily.get_content() for title in titles)
    assert "Published by CLM" in daily.get_content() and "Published by it-1 srl" in daily.get_content()

    assert box.refused == 3
    [letter] = [r for r in letters if r["key"] == "busy-1"]
    assert letter["error_type"] == "DeliveryFailed" and "failed 3 times" in letter["reason"]
    assert "451" in letter["reason"]
    assert (
        json.loads(__import__("base64").b64decode(letter["value_b64"]))["notification_id"]
        == failing.notification_id
    )

    # a restarted mailer (same group, state restored from mailer-sent) skips a re-delivered notification
    before = len(box.messages)
    with MailerThread(settings, web) as again:
        _send(settings, topics.notifications, "it-1", immediate)  # the notifier re-sent it (at-least-once)
        fresh = _notification("it-1", "immediate", ["Another call"], "Corrisponde.")
        _send(settings, topics.notifications, "it-1", fresh)
        m = again.mailer
        box.wait(
            lambda ms: len(ms) >= before + 1, why=lambda: f"{m.processed=} {m.dead_lettered=} {m.owned()=}"
        )
        time.sleep(2)
        assert again.mailer.delivered == 1
    assert [m["Subject"] for m in box.messages[before:]] == ["Nuova opportunità per voi: Another call"]
