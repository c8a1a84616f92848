"""The read model: the current list comes from rankings when present, else from unretracted suggestions."""

from __future__ import annotations

import datetime as dt

from webfixtures import feed, model, suggestion  # noqa: F401  (fixtures)

from models.consortium import ConsortiumMember, ConsortiumSuggestion
from models.rankings import OpportunityRanking, RankedMember, SuggestionRetraction, make_retraction_id
from web.readmodel import ReadModel

_NOW = dt.datetime(2026, 6, 2, tzinfo=dt.UTC)


def test_retracted_suggestions_leave_the_folded_list(model: ReadModel) -> None:
    assert [r.member_id for r in model.current("afil-1")] == ["a1", "a2"]
    gone = next(s for s in model.suggestions.values() if s.member_id == "a1")
    retraction = SuggestionRetraction(
        retraction_id=make_retraction_id(gone.suggestion_id, "displaced"),
        suggestion_id=gone.suggestion_id,
        opportunity_id="afil-1",
        member_id="a1",
        reason="displaced",
        retracted_at=_NOW,
    )
    feed(model, model.topics.suggestions, "afil-1", retraction)
    assert [(r.member_id, r.rank) for r in model.current("afil-1")] == [("a2", 1)]
    assert [s.member_id for s in model.inbox("a1")] == []


def test_a_ranking_record_is_the_current_list(model: ReadModel) -> None:
    kept = next(s for s in model.suggestions.values() if s.member_id == "a2")
    ranking = OpportunityRanking(
        opportunity_id="afil-1",
        opportunity_title="Battery trays",
        opportunity_version=_NOW,
        status="open",
        entries=[
            RankedMember(
                member_id="a2",
                member_name="Beta spa",
                member_clusters=["AFIL"],
                member_version=_NOW,
                suggestion_id=kept.suggestion_id,
                score=0.66,
                rank=1,
                need="welding",
                reasons={"en": "Ranked reason.", "it": "Motivo."},
            )
        ],
        model="test-model",
        digest="d1",
        computed_at=_NOW,
    )
    feed(model, model.topics.rankings, "afil-1", ranking)
    [entry] = model.current("afil-1")
    assert (entry.member_id, entry.score, entry.need, entry.reasons["en"]) == (
        "a2",
        0.66,
        "welding",
        "Ranked reason.",
    )
    assert (
        entry.suggestion is not None and entry.suggestion.explanation.evidence
    )  # evidence from the suggestion
    closed = ranking.model_copy(update={"status": "closed", "entries": []})
    feed(model, model.topics.rankings, "afil-1", closed)
    assert model.current("afil-1") == []
    assert model.apply(model.topics.rankings, b"afil-1", None)  # tombstone: back to the folded list
    assert [r.member_id for r in model.current("afil-1")] == ["a1", "a2"]


def test_a_newer_suggestion_replaces_the_older_one_for_the_same_pair(model: ReadModel) -> None:
    newer = suggestion("afil-1", "a2", score=0.9).model_copy(
        update={"suggestion_id": "newer", "created_at": _NOW}
    )
    feed(model, model.topics.suggestions, "afil-1", newer)
    assert [(r.member_id, r.score) for r in model.current("afil-1")] == [("a2", 0.9), ("a1", 0.7)]


def test_unreadable_records_are_counted_and_skipped(model: ReadModel) -> None:
    before = len(model.members)
    assert not model.apply(model.topics.members, b"x", b"{not json")
    assert not model.apply(model.topics.suggestions, b"x", b'{"suggestion_id": 1}')
    assert model.counts.skipped == 2 and len(model.members) == before


def test_a_consortium_tombstone_removes_the_team(model: ReadModel) -> None:
    team = ConsortiumSuggestion(
        consortium_id="c1",
        opportunity_id="afil-1",
        opportunity_title="Battery trays",
        members=[
            ConsortiumMember(
                member_id="a2",
                member_name="A2",
                org_type="company",
                sme=True,
                clusters=["AFIL"],
                role="SME",
                gain=0.5,
                covers=[],
                contribution="SME (AFIL) covers breadth",
            )
        ],
        needs=["battery trays"],
        coverage=0.5,
        constraints_met={"has_company": True},
        model="m",
        created_at=_NOW,
    )
    feed(model, model.topics.consortia, "afil-1", team)
    assert model.consortia["afil-1"].consortium_id == "c1"
    assert model.apply(model.topics.consortia, b"afil-1", None)  # the call closed: no current team
    assert "afil-1" not in model.consortia
