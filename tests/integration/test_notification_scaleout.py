"""Notifications from a group of two workers, one killed mid-way: per-member state stays consistent.

Each member's notifier state lives on the worker that owns its notifier-queue partition. Two
workers share the members; then one is killed with SIGKILL and every suggestion is delivered
again, plus one new opportunity for everybody. The survivor takes over the dead worker's
partitions and rebuilds their state from the notifier-state topic: it must repeat nothing, keep
every daily cap, and still notify the one member with room left.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from conftest import Worker
from factories import member, opportunity
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.errors import KafkaError

from models.events import MatchSuggestion
from streams.kafka_config import admin_kwargs, consumer_kwargs
from streams.kafka_io import publish_raw
from streams.settings import Settings

pytestmark = pytest.mark.integration

CAPPED = {"enabled": True, "min_score": 0.0, "max_per_day": 2}
TEXTS = [
    "Laser welding cells for aluminium battery trays",
    "Robotic laser welding with seam tracking for battery housings",
    "Quality inspection of laser welds in electric vehicle battery production",
    "Aluminium battery tray design and laser joining",
    "Laser cutting and welding of aluminium sheets for e-mobility",
    "Automated welding lines for battery modules",
    "Friction stir and laser welding of aluminium battery enclosures",
]
MEMBERS = [member(f"sme-{n}", text, notify=CAPPED) for n, text in enumerate(TEXTS)]
MEMBERS.append(
    member(
        "sme-wide",
        "Laser welding of aluminium battery trays and frames",
        notify={**CAPPED, "max_per_day": 50},
    )
)
OPPORTUNITIES = [
    opportunity(f"o-s{n}", title, text, deadline="2027-03-31")
    for n, (title, text) in enumerate(
        [
            ("Battery tray welding", "Partner for laser welding of aluminium battery trays"),
            ("Weld inspection", "Quality inspection of laser welds on battery trays"),
            ("Battery housings", "Laser welding of aluminium battery housings for electric vehicles"),
        ]
    )
]


def read(settings: Settings, topic: str) -> list[tuple[int, dict]]:
    consumer = KafkaConsumer(
        topic,
        **consumer_kwargs(settings, "kafka-python", consumer_timeout_ms=4000),
    )
    try:
        return [(m.partition, json.loads(m.value)) for m in consumer]
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def pair(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Worker]]:
    tmp = tmp_path_factory.mktemp("pair")
    workers = [Worker(settings, tmp / f"worker-{n}.log") for n in range(2)]
    for w in workers:
        w.start()
    yield workers
    for w in workers:
        w.stop()


def wait_for_group(settings: Settings, members: int, timeout: float = 240) -> None:
    """Until the matching and notifier groups are stable with ``members`` workers each."""
    admin = KafkaAdminClient(**admin_kwargs(settings, "kafka-python"))
    deadline = time.monotonic() + timeout
    waiting = [settings.app_id, settings.processor_group("notifier")]
    try:
        while waiting and time.monotonic() < deadline:
            try:
                group = admin.describe_groups([waiting[0]]).get(waiting[0], {})
            except KafkaError:  # no coordinator yet: the group does not exist yet
                group = {}
            if group.get("group_state") == "Stable" and len(group.get("members", [])) == members:
                waiting.pop(0)
                continue
            time.sleep(1)
    finally:
        admin.close()
    if waiting:
        pytest.fail(f"group {waiting[0]} never became stable with {members} members")


def settle(workers: list[Worker], settings: Settings, *topics: str) -> None:
    survivor = next(w for w in workers if w.alive())
    for topic in topics:
        survivor.wait_committed(topic)
    time.sleep(2)


def per_member(notes: list[dict]) -> Counter[str]:
    return Counter(item["opportunity_id"] + "@" + n["member_id"] for n in notes for item in n["items"])


def test_two_workers_then_one_keep_caps_and_never_repeat(settings: Settings, pair: list[Worker]) -> None:
    topics = settings.topics
    wait_for_group(settings, 2)  # start-up rebalances are the scale-out tests' subject, not this one's
    publish_raw(
        settings, topics.members, [(m.member_id.encode(), m.model_dump_json().encode()) for m in MEMBERS]
    )
    settle(pair, settings, topics.members)
    publish_raw(
        settings,
        topics.opportunities,
        [(o.opportunity_id.encode(), o.model_dump_json().encode()) for o in OPPORTUNITIES],
    )
    settle(pair, settings, topics.opportunities, topics.suggestions, topics.notifier_queue)
    suggestions = [MatchSuggestion.model_validate(v) for _, v in read(settings, topics.suggestions)]
    suggested = Counter(s.member_id for s in suggestions if s.notify)
    caps = {m.member_id: m.notify.max_per_day for m in MEMBERS if m.notify}
    expected = {m: min(n, caps[m]) for m, n in suggested.items()}
    assert sum(n > caps[m] for m, n in suggested.items()) >= 3, f"precondition: caps must bite {suggested}"
    first = read(settings, topics.notifications)
    notes = [n for _, n in first]
    assert len({p for p, _ in first}) >= 2, "the members' notifications come from more than one partition"
    assert Counter(n["member_id"] for n in notes) == expected
    assert max(per_member(notes).values()) == 1

    pair[0].kill()
    again = list(suggestions)
    again += [
        s.model_copy(update={"opportunity_id": "o-s-new", "suggestion_id": f"new-{s.member_id}"})
        for s in suggestions
        if s.opportunity_id == "o-s0"
    ]
    publish_raw(
        settings,
        topics.suggestions,
        [(s.opportunity_id.encode(), s.model_dump_json().encode()) for s in again],
    )
    settle(pair, settings, topics.suggestions, topics.notifier_queue)
    before = {n["notification_id"] for n in notes}
    new = [n for _, n in read(settings, topics.notifications) if n["notification_id"] not in before]
    with_room = {
        s.member_id
        for s in suggestions
        if s.opportunity_id == "o-s0" and expected[s.member_id] < caps[s.member_id]
    }
    assert "sme-wide" in with_room and len(with_room) < len(suggested), "precondition: some capped, some not"
    assert sorted((n["member_id"], n["items"][0]["opportunity_id"]) for n in new) == sorted(
        (m, "o-s-new") for m in with_room
    )
