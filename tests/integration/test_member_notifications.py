"""SME notifications and the partner contract end to end: real broker, real worker, real models.

One worker serves the whole module. Members with different preferences are published, one is
deleted, then four matching opportunities arrive. After that, a suggestion "in flight" for the
deleted member, a re-delivered duplicate and a garbage record are written onto the suggestions
topic. Assertions are on content: who was notified with what, CloudEvents headers, dead letters,
and what the example partner consumer prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import member, opportunity
from kafka import KafkaConsumer

from models.events import MatchSuggestion
from streams.kafka_config import consumer_kwargs
from streams.kafka_io import publish_jsonl, publish_raw
from streams.settings import Settings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
WELDING = "Laser welding cells for aluminium battery trays with in-line quality inspection"
ALWAYS = {"enabled": True, "min_score": 0.0}
MEMBERS = [
    member("sme-capped", WELDING, notify={**ALWAYS, "max_per_day": 2}),
    member("sme-many", WELDING + " and robotic seam tracking", notify={**ALWAYS, "max_per_day": 10}),
    member("sme-off", WELDING + " for e-mobility", notify={"enabled": False}),
    member("sme-silent", WELDING + " for automotive suppliers"),
    member("sme-gone", WELDING + " and friction stir welding", notify=ALWAYS),
]
OPPORTUNITIES = [
    opportunity(f"o-weld-{n}", title, text, deadline="2027-03-31", published_by=publisher)
    for n, (title, text, publisher) in enumerate(
        [
            ("Battery tray welding line", "Partner for laser welding of aluminium battery trays", "CLM"),
            ("Weld inspection", "In-line quality inspection of laser welds in battery production", "AFIL"),
            ("Lightweight EV frames", "Laser welding of aluminium frames for electric vehicles", "acme-auto"),
            ("Robotic welding cell", "Robotic laser welding cell with seam tracking for trays", "AFIL"),
        ]
    )
]


def read(settings: Settings, topic: str, idle_ms: int = 4000) -> list[tuple[str | None, dict, dict]]:
    """(key, value, headers) of every record on ``topic``, until idle."""
    consumer = KafkaConsumer(
        topic,
        **consumer_kwargs(settings, "kafka-python", consumer_timeout_ms=idle_ms),
    )
    try:
        return [
            (
                m.key.decode() if m.key is not None else None,
                json.loads(m.value),
                {k: v.decode() for k, v in (m.headers or [])},
            )
            for m in consumer
        ]
    finally:
        consumer.close()


def publish(settings: Settings, topic: str, lines: list[str], tmp_path: Path) -> None:
    path = tmp_path / f"{topic}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = publish_jsonl(settings, topic, path)
    assert report.bad == [] and report.sent == len(lines)


@pytest.fixture(scope="module")
def outcome(settings: Settings, worker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("notifications")
    topics = settings.topics
    publish(settings, topics.members, [m.model_dump_json() for m in MEMBERS], tmp)
    worker.wait_committed(topics.members)
    publish(settings, topics.members, [json.dumps({"tombstone": "sme-gone"})], tmp)
    worker.wait_committed(topics.members)
    publish(settings, topics.opportunities, [o.model_dump_json() for o in OPPORTUNITIES], tmp)
    worker.wait_committed(topics.opportunities)
    suggestions = [MatchSuggestion.model_validate(v) for _, v, _ in read(settings, topics.suggestions)]
    many = [s for s in suggestions if s.member_id == "sme-many"]
    in_flight = many[0].model_copy(update={"member_id": "sme-gone", "suggestion_id": "in-flight-1"})
    publish_raw(
        settings,
        topics.suggestions,
        [
            (in_flight.opportunity_id.encode(), in_flight.model_dump_json().encode()),  # deleted member
            (many[0].opportunity_id.encode(), many[0].model_dump_json().encode()),  # re-delivery
            (b"o-weld-0", b'{"suggestion_id": 42}'),  # garbage
        ],
    )
    worker.wait_committed(topics.suggestions)
    worker.wait_committed(topics.notifier_queue)
    time.sleep(2)
    yield {
        "suggestions": suggestions,
        "notifications": read(settings, topics.notifications),
        "deadletter": read(settings, topics.deadletter),
    }


def notified(outcome: dict, member_id: str) -> list[dict]:
    return [v for k, v, _ in outcome["notifications"] if k == member_id]


def test_opted_in_member_is_notified_with_title_deadline_publisher_and_reason(outcome: dict) -> None:
    expected = {s.opportunity_id for s in outcome["suggestions"] if s.member_id == "sme-many" and s.notify}
    assert len(expected) >= 3, "precondition: the member is suggested for most of the opportunities"
    notes = notified(outcome, "sme-many")
    items = [item for note in notes for item in note["items"]]
    assert sorted(i["opportunity_id"] for i in items) == sorted(expected)  # once each, duplicate ignored
    titles = {o.opportunity_id: (o.title, o.published_by) for o in OPPORTUNITIES}
    for note, item in zip(notes, items, strict=True):
        assert note["delivery"] == "immediate" and note["member_name"] == "Sme Many"
        assert (item["opportunity_title"], item["published_by"]) == titles[item["opportunity_id"]]
        assert item["deadline"] == "2027-03-31"
        assert "relevant" in item["why"] and "welding" in item["why"].lower()


def test_daily_cap_is_respected(outcome: dict) -> None:
    suggested = {s.opportunity_id for s in outcome["suggestions"] if s.member_id == "sme-capped" and s.notify}
    assert len(suggested) >= 3, "precondition: more matches than the cap of 2"
    assert len(notified(outcome, "sme-capped")) == 2


def test_opted_out_and_silent_members_get_nothing(outcome: dict) -> None:
    assert {s.member_id for s in outcome["suggestions"]} >= {"sme-off", "sme-silent"}
    assert notified(outcome, "sme-off") == [] and notified(outcome, "sme-silent") == []


def test_deleted_member_gets_nothing_even_from_a_suggestion_in_flight(outcome: dict) -> None:
    assert "sme-gone" not in {s.member_id for s in outcome["suggestions"]}
    assert notified(outcome, "sme-gone") == []


def test_every_notification_carries_cloudevents_headers(outcome: dict) -> None:
    assert outcome["notifications"]
    for _, value, headers in outcome["notifications"]:
        assert headers["ce_id"] == value["notification_id"]
        assert headers["ce_type"] == "eu.lombardy-clusters.matchmaker.member-notification.v1"
        assert headers["ce_specversion"] == "1.0" and headers["content-type"] == "application/json"
        assert headers["ce_source"].startswith("urn:ltc-matchmaker:")


def test_a_garbage_suggestion_is_dead_lettered_with_its_reason(outcome: dict) -> None:
    letters = [(v, h) for _, v, h in outcome["deadletter"] if "MatchSuggestion" in v["reason"]]
    assert len(letters) == 1
    letter, headers = letters[0]
    assert letter["key"] == "o-weld-0" and headers["ce_type"].endswith("dead-letter.v1")


def timestamps(settings: Settings, topic: str) -> list[tuple[dict, int]]:
    consumer = KafkaConsumer(
        topic,
        **consumer_kwargs(settings, "kafka-python", consumer_timeout_ms=3000),
    )
    try:
        return [(json.loads(m.value), m.timestamp) for m in consumer]
    finally:
        consumer.close()


def test_notifications_follow_their_suggestions_within_seconds(outcome: dict, settings: Settings) -> None:
    sent: dict[str, int] = {}
    for value, ts in timestamps(settings, settings.topics.suggestions):
        sent.setdefault(value["suggestion_id"], ts)  # the first time; re-deliveries come later
    delays = sorted(
        ts - sent[v["items"][0]["suggestion_id"]]
        for v, ts in timestamps(settings, settings.topics.notifications)
    )
    print(f"\nsuggestion -> notification (broker timestamps, ms): n={len(delays)} {delays}")
    assert delays and delays[0] >= 0 and delays[-1] < 10_000


def test_the_example_partner_consumer_reads_the_contract(outcome: dict, settings: Settings) -> None:
    command = [
        sys.executable,
        str(ROOT / "examples" / "partner_consumer.py"),
        "--bootstrap-servers",
        settings.bootstrap_servers,
        "--topic",
        settings.topics.notifications,
        "--group",
        f"{settings.app_id}-partner",
        "--idle-seconds",
        "5",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env={"PATH": ""}, check=False)
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(printed) == len(outcome["notifications"])
    assert {p["member_id"] for p in printed} == {"sme-capped", "sme-many"}
    assert all(p["items"][0]["published_by"] and p["items"][0]["why"] for p in printed)
    again = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env={"PATH": ""}, check=False
    )
    assert again.returncode == 0 and again.stdout == ""  # offsets were committed: nothing re-read


def test_notifier_state_survives_a_restart(outcome: dict, settings: Settings, worker) -> None:  # type: ignore[no-untyped-def]
    """Dedup and daily counts come back from the notifier-state topic: a restarted worker repeats nothing."""
    topics = settings.topics
    before = {v["notification_id"] for _, v, _ in read(settings, topics.notifications)}
    worker.stop()
    worker.start()
    many = next(s for s in outcome["suggestions"] if s.member_id == "sme-many" and s.notify)
    capped = next(s for s in outcome["suggestions"] if s.member_id == "sme-capped" and s.notify)
    fresh = many.model_copy(update={"opportunity_id": "o-weld-new", "suggestion_id": "fresh-after-restart"})
    over_cap = capped.model_copy(
        update={"opportunity_id": "o-weld-new", "suggestion_id": "capped-after-restart"}
    )
    publish_raw(
        settings,
        topics.suggestions,
        [(s.opportunity_id.encode(), s.model_dump_json().encode()) for s in (many, over_cap, fresh)],
    )
    worker.wait_committed(topics.suggestions)
    worker.wait_committed(topics.notifier_queue)
    time.sleep(2)
    new = [r for r in read(settings, topics.notifications) if r[1]["notification_id"] not in before]
    assert [(k, v["items"][0]["suggestion_id"]) for k, v, _ in new] == [("sme-many", "fresh-after-restart")]
