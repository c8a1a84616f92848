"""The ranking keeper without Kafka: current lists, digests and retraction reasons, step by step."""

from __future__ import annotations

import datetime as dt

from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity
from models.rankings import OpportunityRanking, make_retraction_id
from streams.codec import Record, Tombstone
from streams.processors.current import Update
from streams.processors.rankings import RankingKeeper
from streams.service import MatchService, Outcome
from streams.settings import Settings

TOPICS = Settings(topic_prefix="t").topics
WELD = "Laser welding of aluminium battery trays"
CALL = opportunity("o1", "Battery trays", "Laser welding of aluminium battery trays", deadline="2026-06-30")


class Harness:
    """A matchmaker behind the service, and a keeper fed by its listener as the processor feeds it."""

    def __init__(self, top_k: int = 2) -> None:
        self.now = [NOW]
        scorer = MatchScorer(
            HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.05, top_k=top_k)
        )
        self.service = MatchService(Matchmaker(scorer, clock=lambda: NOW), TOPICS, 100_000)
        self.keeper = RankingKeeper(self.service.matchmaker, clock=lambda: self.now[0])
        self.dirty: set[str] = set()
        self.latest: dict[str, Opportunity | Tombstone] = {}
        self.service.listeners.append(self._listen)
        self.offset = 0

    def _listen(self, record: Record, event: object, outcome: Outcome) -> None:
        if isinstance(event, MemberProfile):
            self.dirty |= self.keeper.touched(event.member_id, outcome.suggestions)
        elif isinstance(event, Tombstone) and record.topic == TOPICS.members:
            self.dirty |= self.keeper.touched(event.key, outcome.suggestions)
        else:
            self.dirty |= self.keeper.touched(None, outcome.suggestions)
            self.dirty.add(event.opportunity_id if isinstance(event, Opportunity) else event.key)  # type: ignore[union-attr]

    def send(
        self, topic: str, key: str, value: MemberProfile | Opportunity | None, settle: bool = True
    ) -> list[Update]:
        raw = None if value is None else value.model_dump_json().encode()
        self.offset += 1
        self.service.handle(Record(topic, 0, self.offset, key.encode(), raw))
        if topic == TOPICS.opportunities:
            self.latest[key] = value if isinstance(value, Opportunity) else Tombstone(key)
        return self.settle() if settle else []

    def settle(self) -> list[Update]:
        dirty, self.dirty = sorted(self.dirty), set()
        updates = [self.keeper.reconcile(oid, self.latest.get(oid)) for oid in dirty]
        return [u for u in updates if u is not None]


def ranking(update: Update) -> OpportunityRanking:
    assert isinstance(update.current, OpportunityRanking)
    return update.current


def members_of(update: Update) -> list[str]:
    return [e.member_id for e in ranking(update).entries]


def test_one_opportunity_through_joins_erasure_edit_and_close() -> None:
    h = Harness()
    a = member("a", WELD + " and seam tracking")
    b = member("b", "Battery recycling of trays for cars")
    assert h.send(TOPICS.members, "a", a) == []  # no opportunity yet: nothing to rank
    h.send(TOPICS.members, "b", b)
    [first] = h.send(TOPICS.opportunities, "o1", CALL)
    assert members_of(first) == ["a", "b"] and first.retractions == []
    assert [e.rank for e in ranking(first).entries] == [1, 2]
    assert ranking(first).status == "open" and ranking(first).deadline == dt.date(2026, 6, 30)

    c = member("c", WELD)
    [joined] = h.send(TOPICS.members, "c", c)
    assert "c" in members_of(joined) and "b" not in members_of(joined)
    [displaced] = joined.retractions
    b_entry = next(e for e in ranking(first).entries if e.member_id == "b")
    assert (displaced.member_id, displaced.reason) == ("b", "displaced")
    assert displaced.suggestion_id == b_entry.suggestion_id
    assert displaced.retraction_id == make_retraction_id(b_entry.suggestion_id, "displaced")

    assert h.send(TOPICS.members, "b", None) == []  # erasing a member no longer listed changes nothing
    assert h.send(TOPICS.members, "c", c) == []  # an identical re-send changes nothing either

    farming = member("x", "Organic farming cooperatives and vineyards").competencies
    moved = c.model_copy(update={"competencies": farming, "updated_at": NOW})
    [edited] = h.send(TOPICS.members, "c", moved)
    assert members_of(edited) == ["a"]
    assert [(r.member_id, r.reason) for r in edited.retractions] == [("c", "member_changed")]

    [closed] = h.send(
        TOPICS.opportunities, "o1", CALL.model_copy(update={"status": "closed", "updated_at": NOW})
    )
    assert ranking(closed).status == "closed" and ranking(closed).entries == []
    assert [(r.member_id, r.reason) for r in closed.retractions] == [("a", "opportunity_closed")]
    assert closed.retractions[0].opportunity_title == "Battery trays"
    assert (
        h.send(TOPICS.opportunities, "o1", CALL.model_copy(update={"status": "closed", "updated_at": NOW}))
        == []
    )

    [deleted] = h.send(TOPICS.opportunities, "o1", None)
    assert deleted.current is None and deleted.retractions == []  # nothing listed any more


def test_erasing_a_listed_member_retracts_it_and_deleting_retracts_the_rest() -> None:
    h = Harness()
    h.send(TOPICS.members, "a", member("a", WELD))
    h.send(TOPICS.members, "b", member("b", "Aluminium battery trays"))
    h.send(TOPICS.opportunities, "o1", CALL)
    [erased] = h.send(TOPICS.members, "b", None)
    assert members_of(erased) == ["a"]
    assert [(r.member_id, r.reason) for r in erased.retractions] == [("b", "member_erased")]
    [deleted] = h.send(TOPICS.opportunities, "o1", None)
    assert deleted.current is None
    assert [(r.member_id, r.reason) for r in deleted.retractions] == [("a", "opportunity_deleted")]


def test_a_changed_opportunity_that_no_longer_fits_retracts_with_that_reason() -> None:
    h = Harness()
    h.send(TOPICS.members, "a", member("a", WELD))
    h.send(TOPICS.members, "f", member("f", "Organic farming cooperatives and vineyards"))
    h.send(TOPICS.opportunities, "o1", CALL)
    farm = CALL.model_copy(
        update={
            "title": "Vineyards",
            "description": "Organic farming cooperatives and vineyards",
            "updated_at": NOW,
        }
    )
    [changed] = h.send(TOPICS.opportunities, "o1", farm)
    assert "a" not in members_of(changed)
    assert ("a", "opportunity_changed") in [(r.member_id, r.reason) for r in changed.retractions]


def test_a_deadline_passing_retracts_with_no_event_and_only_once() -> None:
    h = Harness()
    h.send(TOPICS.members, "a", member("a", WELD))
    h.send(TOPICS.opportunities, "o1", CALL)
    assert h.keeper.due({"o1"}) == set()
    h.now[0] = dt.datetime(2026, 7, 1, 0, 0, 1, tzinfo=dt.UTC)
    assert h.keeper.due({"o1"}) == {"o1"}
    [expired] = [h.keeper.reconcile("o1", h.latest["o1"])]
    assert expired is not None and ranking(expired).status == "expired" and ranking(expired).entries == []
    assert [(r.member_id, r.reason) for r in expired.retractions] == [("a", "opportunity_expired")]
    assert h.keeper.due({"o1"}) == set() and h.keeper.reconcile("o1", h.latest["o1"]) is None


def test_a_restarted_keeper_reads_back_what_it_published_and_publishes_nothing_new() -> None:
    h = Harness()
    h.send(TOPICS.members, "a", member("a", WELD))
    [first] = h.send(TOPICS.opportunities, "o1", CALL)
    restarted = RankingKeeper(h.service.matchmaker, clock=lambda: NOW)
    restarted.load({"o1": ranking(first).model_dump_json().encode()})
    assert restarted.reconcile("o1", None) is None  # same digest: nothing to say
    assert restarted.touched("a", []) == {"o1"}


def test_a_suggestion_that_left_before_the_list_was_published_is_retracted_too() -> None:
    h = Harness()
    h.send(TOPICS.members, "a", member("a", WELD + " and seam tracking"))
    h.send(TOPICS.members, "b", member("b", "Battery recycling of trays for cars"))
    h.send(TOPICS.opportunities, "o1", CALL)
    h.send(TOPICS.members, "c", member("c", WELD), settle=False)  # suggested, not yet published
    [update] = h.send(TOPICS.members, "c", None)  # and erased before the list was published
    assert sorted(members_of(update)) == ["a", "b"]  # the list is back where it was: yet it changed
    assert [(r.member_id, r.reason) for r in update.retractions] == [("c", "member_erased")]
