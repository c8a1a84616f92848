"""The consortium processor's logic without Kafka: which opportunities get a team, and when."""

from __future__ import annotations

from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.consortium import ConsortiumBuilder
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from streams.codec import Record
from streams.processors.consortium import ConsortiumService
from streams.service import MatchService
from streams.settings import Settings

TOPICS = Settings(topic_prefix="t").topics
CALL = opportunity(
    "call-1",
    "Battery line",
    "Laser welding of aluminium battery trays. Recycling of lithium battery cells.",
    kind="call_for_proposals",
)


def consortia() -> ConsortiumService:
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0))
    mm = Matchmaker(scorer, clock=lambda: NOW)
    mm.upsert_member(member("weld", "Laser welding of aluminium battery trays", clusters=["AFIL"]))
    mm.upsert_member(
        member(
            "cnr",
            "Recycling of lithium battery cells",
            org_type="research_centre",
            size=None,
            clusters=["LGCA"],
        )
    )
    mm.upsert_member(member("uni", "Battery cells", org_type="university", size=None, clusters=["CLM"]))
    return ConsortiumService(MatchService(mm, TOPICS, 100_000), ConsortiumBuilder(), 100_000)


def record(value: bytes | None, key: bytes = b"call-1") -> Record:
    return Record(TOPICS.opportunities, 0, 0, key, value)


def test_a_call_gets_a_team_once_until_it_changes() -> None:
    cs = consortia()
    out = cs.handle(record(CALL.model_dump_json().encode()))
    assert out is not None and out.opportunity_id == "call-1"
    # "uni" would add almost nothing to what "cnr" covers: no padding, and the team says it is small
    assert {m.member_id for m in out.members} == {"weld", "cnr"}
    assert out.constraints_met["has_company"] and out.constraints_met["has_research"]
    assert out.constraints_met["min_size"] is False
    assert cs.handle(record(CALL.model_dump_json().encode())) is None  # identical re-send
    changed = CALL.model_copy(update={"updated_at": NOW})
    assert cs.handle(record(changed.model_dump_json().encode())) is not None


def test_other_kinds_closed_calls_tombstones_and_garbage_get_nothing() -> None:
    cs = consortia()
    need = CALL.model_copy(update={"kind": "technology_need"})
    closed = CALL.model_copy(update={"status": "closed"})
    for value in (need.model_dump_json().encode(), closed.model_dump_json().encode(), None, b"{bad"):
        assert cs.handle(record(value)) is None
