"""The notifier's record handling, fed by the real matchmaker (deterministic encoder)."""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiokafka.structs import ConsumerRecord
from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.notifications import NotificationPolicy
from matcher.scoring import MatchScorer
from models.events import MatchSuggestion
from models.exceptions import InvalidEvent
from models.rankings import SuggestionRetraction, make_retraction_id
from streams.cloudevents import Headers, cloudevent_headers
from streams.codec import Record
from streams.processors.notifier import FLUSH, Notifier, is_retraction
from streams.settings import Settings

TOPICS = Settings(topic_prefix="t").topics
ACME = member("acme", "Laser welding cells for aluminium battery trays", notify={"min_score": 0.0})
QUIET = member("quiet", "Laser welding of aluminium battery trays and frames")


def suggestions() -> list[MatchSuggestion]:
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0))
    engine = Matchmaker(scorer, clock=lambda: NOW)
    engine.upsert_member(ACME)
    engine.upsert_member(QUIET)
    wanted = opportunity(
        "o1", "Battery tray welding", "laser welding of aluminium battery trays", deadline="2026-09-30"
    )
    return engine.upsert_opportunity(wanted)


def acme_suggestion() -> MatchSuggestion:
    return next(s for s in suggestions() if s.member_id == "acme")


def queued(s: MatchSuggestion, offset: int = 0) -> Record:
    return Record(TOPICS.notifier_queue, 0, offset, s.member_id.encode(), s.model_dump_json().encode())


def notifier(clock: list[dt.datetime] | None = None) -> Notifier:
    now = clock or [NOW]
    return Notifier(NotificationPolicy(lambda: now[0]), 100_000)


def test_engine_suggestions_carry_the_opportunity_facts_and_only_opted_in_ones_are_routed() -> None:
    by_member = {s.member_id: s for s in suggestions()}
    acme = by_member["acme"]
    assert (acme.published_by, acme.deadline, acme.opportunity_kind) == (
        "CLM",
        dt.date(2026, 9, 30),
        "partner_search",
    )
    n = notifier()
    assert n.route(Record(TOPICS.suggestions, 0, 0, b"o1", acme.model_dump_json().encode())) == b"acme"
    quiet = by_member["quiet"].model_dump_json().encode()
    assert n.route(Record(TOPICS.suggestions, 0, 1, b"o1", quiet)) is None


def test_suggestion_notifies_once_and_a_duplicate_does_not() -> None:
    n = notifier()
    acme = acme_suggestion()
    assert n.wants_profile(None) and not n.should_wait(None, ACME)
    state, out = n.handle(None, queued(acme), ACME)
    assert state is not None and n.load(state).known and n.load(state).member_name == "Acme"
    assert len(out) == 1 and out[0].items[0].opportunity_title == "Battery tray welding"
    assert out[0].items[0].published_by == "CLM" and "laser" in out[0].items[0].why
    assert n.handle(state, queued(acme, offset=1), ACME) == (None, [])  # unchanged state, nothing sent


def test_a_member_nobody_knows_gets_nothing_after_the_wait() -> None:
    n = notifier()
    assert n.should_wait(None, None)
    assert n.handle(None, queued(acme_suggestion()), None) == (None, [])


def test_a_known_member_that_disappeared_was_deleted_and_is_erased_for_good() -> None:
    n = notifier()
    acme = acme_suggestion()
    state, _ = n.handle(None, queued(acme), ACME)
    again = acme.model_copy(update={"suggestion_id": "in-flight", "opportunity_id": "o2"})
    erased, out = n.handle(state, queued(again), None)  # the matchmaker applied the tombstone
    assert out == [] and erased is not None and n.load(erased).erased
    assert not n.wants_profile(erased) and not n.should_wait(erased, None)
    back = again.model_copy(update={"suggestion_id": "re-registered", "opportunity_id": "o3"})
    assert n.handle(erased, queued(back), ACME) == (None, [])  # a re-published profile changes nothing


def test_opting_out_in_the_profile_stops_notifications() -> None:
    n = notifier()
    acme = acme_suggestion()
    state, _ = n.handle(None, queued(acme), ACME)
    opted_out = member("acme", "Laser welding", notify={"enabled": False}, updated_at="2026-02-01T00:00:00Z")
    later = acme.model_copy(update={"suggestion_id": "later", "opportunity_id": "o2"})
    _, out = n.handle(state, queued(later), opted_out)
    assert out == []


def test_flush_command_sends_a_due_digest() -> None:
    clock = [NOW]
    n = notifier(clock)
    daily = member("acme", "Laser welding", notify={"min_score": 0.0, "delivery": "daily", "digest_hour": 13})
    state, out = n.handle(None, queued(acme_suggestion()), daily)
    assert out == [] and not n.due(state)
    clock[0] = NOW + dt.timedelta(hours=1)
    assert n.due(state)
    _, out = n.handle(state, Record(TOPICS.notifier_queue, 0, 2, b"acme", FLUSH), daily)
    assert len(out) == 1 and out[0].delivery == "daily"


def test_a_deleted_members_pending_digest_is_never_sent() -> None:
    clock = [NOW]
    n = notifier(clock)
    daily = member("acme", "Laser welding", notify={"min_score": 0.0, "delivery": "daily", "digest_hour": 13})
    state, _ = n.handle(None, queued(acme_suggestion()), daily)
    clock[0] = NOW + dt.timedelta(hours=2)
    erased, out = n.handle(state, Record(TOPICS.notifier_queue, 0, 2, b"acme", FLUSH), None)
    assert out == [] and erased is not None and n.load(erased).pending == ()


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (Record(TOPICS.notifier_queue, 0, 0, b"acme", b"{not json"), "value is not JSON"),
        (Record(TOPICS.notifier_queue, 0, 0, b"acme", b'{"member_id": "acme"}'), "invalid MatchSuggestion"),
        (Record(TOPICS.notifier_queue, 0, 0, b"acme", None), "null value"),
    ],
)
def test_bad_queue_records_raise_invalid_event(record: Record, message: str) -> None:
    with pytest.raises(InvalidEvent, match=message):
        notifier().handle(None, record, ACME)


def test_a_suggestion_under_another_members_key_is_rejected() -> None:
    wrong = Record(TOPICS.notifier_queue, 0, 0, b"quiet", acme_suggestion().model_dump_json().encode())
    with pytest.raises(InvalidEvent, match="differs from member_id"):
        notifier().handle(None, wrong, QUIET)


def test_route_rejects_garbage() -> None:
    with pytest.raises(InvalidEvent):
        notifier().route(Record(TOPICS.suggestions, 0, 0, b"o1", b"[]"))


class RecordingProducer:
    """Stands in for the worker's producer: keeps every send, acknowledges at once."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes | None, bytes | None, int | None]] = []

    async def send(self, topic, key=None, value=None, headers=None, partition=None):  # type: ignore[no-untyped-def]
        self.sent.append((topic, key, value, partition))
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


def message(topic: str, partition: int, offset: int, key: bytes, value: bytes) -> ConsumerRecord:  # type: ignore[type-arg]
    return ConsumerRecord(topic, partition, offset, 0, 0, key, value, None, len(key), len(value), [])


def test_processor_rekeys_notifies_once_and_writes_state_to_the_queue_partition() -> None:
    from aiokafka import TopicPartition

    from streams.processors.notifier import NotifierProcessor
    from streams.service import MatchService

    settings = Settings(topic_prefix="unit", app_id="unit-app", topic_partitions=6)
    topics = settings.topics
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig())
    engine = Matchmaker(scorer, clock=lambda: NOW)
    engine.upsert_member(ACME)
    with ThreadPoolExecutor(1) as executor:
        processor = NotifierProcessor(settings, MatchService(engine, topics, 10_000), executor, lambda: NOW)
        producer = RecordingProducer()
        processor.producer = producer  # type: ignore[assignment]
        assert (processor.group, processor.topics) == (
            "unit-app-notifier",
            [topics.suggestions, topics.notifier_queue],
        )
        by_member = {s.member_id: s.model_dump_json().encode() for s in suggestions()}

        async def scenario() -> None:
            out = topics.suggestions
            await processor.handle(
                TopicPartition(out, 1),
                [message(out, 1, 0, b"o1", by_member["acme"]), message(out, 1, 1, b"o1", by_member["quiet"])],
            )
            assert [(t, k) for t, k, _, _ in producer.sent] == [
                (topics.notifier_queue, b"acme")
            ]  # quiet opted out
            producer.sent.clear()
            queue = TopicPartition(topics.notifier_queue, 4)
            first = message(topics.notifier_queue, 4, 0, b"acme", by_member["acme"])
            deliveries = await processor.handle(queue, [first])
            assert len(deliveries) == 2
            (n_topic, n_key, n_value, _), (s_topic, s_key, s_value, s_partition) = producer.sent
            assert (n_topic, n_key) == (topics.notifications, b"acme")
            assert b"Battery tray welding" in (n_value or b"")
            assert (s_topic, s_key, s_partition) == (topics.notifier_state, b"acme", 4)
            assert processor.store.get(4, b"acme") == s_value
            producer.sent.clear()
            again = message(topics.notifier_queue, 4, 1, b"acme", by_member["acme"])  # re-delivery
            assert await processor.handle(queue, [again]) == [] and producer.sent == []
            garbage = message(topics.notifier_queue, 4, 2, b"acme", b"{not json")
            await processor.handle(queue, [garbage])
            assert [t for t, _, _, _ in producer.sent] == [topics.deadletter]
            await processor.on_revoked({queue})
            assert processor.store.get(4, b"acme") is None and len(processor.store) == 0

        asyncio.run(scenario())


def retraction(s: MatchSuggestion, reason: str) -> SuggestionRetraction:
    return SuggestionRetraction(
        retraction_id=make_retraction_id(s.suggestion_id, reason),
        suggestion_id=s.suggestion_id,
        opportunity_id=s.opportunity_id,
        member_id=s.member_id,
        reason=reason,  # type: ignore[arg-type]
        retracted_at=NOW,
        opportunity_title=s.opportunity_title,
        score=s.score,
    )


def queued_retraction(r: SuggestionRetraction, offset: int = 5) -> tuple[Record, Headers]:
    record = Record(TOPICS.notifier_queue, 0, offset, r.member_id.encode(), r.model_dump_json().encode())
    return record, cloudevent_headers(r, Settings(topic_prefix="t"))


def test_retractions_are_told_apart_by_their_type_and_only_notice_reasons_are_queued() -> None:
    n = notifier()
    acme = acme_suggestion()
    closed, headers = queued_retraction(retraction(acme, "opportunity_closed"))
    assert is_retraction(headers) and not is_retraction([])
    assert n.route(Record(TOPICS.suggestions, 0, 0, b"o1", closed.value), headers) == b"acme"
    displaced, headers = queued_retraction(retraction(acme, "displaced"))
    assert n.route(Record(TOPICS.suggestions, 0, 1, b"o1", displaced.value), headers) is None


def test_a_notified_member_is_told_once_that_the_opportunity_closed_in_its_language() -> None:
    n = notifier()
    acme = acme_suggestion()
    italian = member("acme", "Saldatura laser di vassoi in alluminio per batterie", notify={"min_score": 0.0})
    state, out = n.handle(None, queued(acme), italian)
    assert len(out) == 1
    record, headers = queued_retraction(retraction(acme, "opportunity_closed"))
    state2, told = n.handle(state, record, italian, headers)
    [item] = told[0].items
    assert item.notice == "closed" and item.opportunity_title == "Battery tray welding"
    assert "chiusa" in item.why and told[0].notification_id != out[0].notification_id
    assert n.handle(state2, record, italian, headers) == (None, [])  # once
    again, headers = queued_retraction(retraction(acme, "opportunity_withdrawn"), offset=6)
    assert n.handle(state2, again, italian, headers)[1] == []  # one notice per opportunity


def test_a_member_never_notified_of_it_hears_nothing_and_a_queued_digest_item_is_dropped() -> None:
    clock = [NOW]
    n = notifier(clock)
    daily = member("acme", "Laser welding", notify={"min_score": 0.0, "delivery": "daily", "digest_hour": 13})
    state, _ = n.handle(None, queued(acme_suggestion()), daily)
    assert n.load(state).pending
    record, headers = queued_retraction(retraction(acme_suggestion(), "opportunity_withdrawn"))
    dropped, out = n.handle(state, record, daily, headers)
    assert out == [] and dropped is not None and n.load(dropped).pending == ()


def test_a_daily_member_gets_the_notice_in_its_next_digest() -> None:
    clock = [NOW]
    n = notifier(clock)
    daily = member("acme", "Laser welding", notify={"min_score": 0.0, "delivery": "daily", "digest_hour": 13})
    state, _ = n.handle(None, queued(acme_suggestion()), daily)
    clock[0] = NOW + dt.timedelta(hours=1)
    state, [digest] = n.handle(state, Record(TOPICS.notifier_queue, 0, 2, b"acme", FLUSH), daily)
    assert digest.items[0].notice is None  # the suggestion itself, sent
    record, headers = queued_retraction(retraction(acme_suggestion(), "opportunity_changed"))
    state, out = n.handle(state, record, daily, headers)
    assert out == [] and n.load(state).pending[0].notice == "changed"
    clock[0] = NOW + dt.timedelta(days=1, hours=1)
    _, [notice] = n.handle(state, Record(TOPICS.notifier_queue, 0, 3, b"acme", FLUSH), daily)
    assert [i.notice for i in notice.items] == ["changed"] and "no longer fits" in notice.items[0].why
