"""The notifier's record handling, fed by the real matchmaker (deterministic encoder)."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.notifications import NotificationPolicy
from matcher.scoring import MatchScorer
from models.events import MatchSuggestion
from models.exceptions import InvalidEvent
from streams.codec import Record
from streams.notifier import FLUSH, Notifier
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


def profile_record(profile: object, offset: int = 0) -> Record:
    value = None if profile is None else profile.model_dump_json().encode()  # type: ignore[attr-defined]
    key = b"acme" if profile is None else profile.member_id.encode()  # type: ignore[attr-defined]
    return Record(TOPICS.members, 0, offset, key, value)


def queued(s: MatchSuggestion, offset: int = 0) -> Record:
    return Record(TOPICS.notifier_queue, 0, offset, s.member_id.encode(), s.model_dump_json().encode())


def notifier(clock: list[dt.datetime] | None = None) -> Notifier:
    now = clock or [NOW]
    return Notifier(NotificationPolicy(lambda: now[0]), TOPICS, 100_000)


def test_engine_suggestions_carry_the_opportunity_facts_and_only_opted_in_ones_are_routed() -> None:
    by_member = {s.member_id: s for s in suggestions()}
    acme = by_member["acme"]
    assert (acme.published_by, acme.deadline, acme.opportunity_kind) == (
        "CLM",
        dt.date(2026, 9, 30),
        "partner_search",
    )
    n = notifier()
    assert n.route(acme.model_dump_json().encode()) == b"acme"
    assert n.route(by_member["quiet"].model_dump_json().encode()) is None


def test_profile_then_suggestion_notifies_and_a_duplicate_does_not() -> None:
    n = notifier()
    acme = next(s for s in suggestions() if s.member_id == "acme")
    state, out = n.handle(None, profile_record(ACME))
    assert out == [] and state is not None and n.load(state).known
    state2, out = n.handle(state, queued(acme))
    assert len(out) == 1 and out[0].items[0].opportunity_title == "Battery tray welding"
    assert out[0].items[0].published_by == "CLM" and "laser" in out[0].items[0].why
    assert n.handle(state2, queued(acme, offset=1)) == (None, [])  # unchanged state, nothing sent


def test_a_suggestion_before_the_profile_uses_the_matchmakers_profile() -> None:
    n = notifier()
    acme = next(s for s in suggestions() if s.member_id == "acme")
    assert n.needs_profile(None, queued(acme)) == "acme"
    state, out = n.handle(None, queued(acme), profile=ACME)
    assert len(out) == 1 and n.needs_profile(state, queued(acme)) is None
    assert n.handle(None, queued(acme), profile=None)[1] == []  # unknown to both: nothing


def test_tombstone_stops_everything_in_flight() -> None:
    n = notifier()
    acme = next(s for s in suggestions() if s.member_id == "acme")
    state, _ = n.handle(None, profile_record(ACME))
    erased, _ = n.handle(state, profile_record(None, offset=1))
    assert erased is not None and n.load(erased).erased
    assert n.needs_profile(erased, queued(acme)) is None
    assert n.handle(erased, queued(acme))[1] == []


def test_flush_command_sends_a_due_digest() -> None:
    clock = [NOW]
    n = notifier(clock)
    daily = member("acme", "Laser welding", notify={"min_score": 0.0, "delivery": "daily", "digest_hour": 13})
    acme = next(s for s in suggestions() if s.member_id == "acme")
    state, _ = n.handle(None, profile_record(daily))
    state, out = n.handle(state, queued(acme))
    assert out == [] and not n.due(state)
    clock[0] = NOW + dt.timedelta(hours=1)
    assert n.due(state)
    _, out = n.handle(state, Record(TOPICS.notifier_queue, 0, 2, b"acme", FLUSH))
    assert len(out) == 1 and out[0].delivery == "daily"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (Record(TOPICS.notifier_queue, 0, 0, b"acme", b"{not json"), "invalid MatchSuggestion"),
        (Record(TOPICS.notifier_queue, 0, 0, b"acme", None), "null value"),
    ],
)
def test_bad_queue_records_raise_invalid_event(record: Record, message: str) -> None:
    with pytest.raises(InvalidEvent, match=message):
        notifier().handle(None, record)


def test_a_suggestion_under_another_members_key_is_rejected() -> None:
    acme = next(s for s in suggestions() if s.member_id == "acme")
    wrong = Record(TOPICS.notifier_queue, 0, 0, b"quiet", acme.model_dump_json().encode())
    with pytest.raises(InvalidEvent, match="differs from member_id"):
        notifier().handle(None, wrong)


def test_route_rejects_garbage() -> None:
    with pytest.raises(InvalidEvent):
        notifier().route(b"[]")


def test_the_worker_app_runs_the_notifier_on_co_partitioned_topics() -> None:
    from streams.app import create_app
    from streams.service import MatchService

    settings = Settings(topic_prefix="unit", topic_partitions=6)
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig())
    app = create_app(settings, MatchService(Matchmaker(scorer, clock=lambda: NOW), settings.topics, 1000))
    assert app.agents["notifier-rekey"].channel.topics == ("unit.match-suggestions",)
    assert set(app.agents["notifier"].channel.topics) == {"unit.member-profiles", "unit.notifier-queue"}
    assert app.tables["notifier-state"].partitions == 6
