"""The matchmaker engine: both directions, lifecycle, idempotent re-sends."""

from __future__ import annotations

from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer

LASER = "laser welding cells for aluminium battery trays"
MAINTENANCE = "machine learning for predictive maintenance of machine tools"


def engine(top_k: int = 10, min_score: float = 0.2, **config_fields: float) -> Matchmaker:
    config = ScoringConfig(min_score=min_score, top_k=top_k, **config_fields)
    scorer = MatchScorer(HashingEncoder("en"), HashingEncoder("ml"), config)
    return Matchmaker(scorer, clock=lambda: NOW)


def test_new_opportunity_is_scored_against_every_member() -> None:
    mm = engine()
    assert mm.upsert_member(member("acme", LASER)) == []  # no opportunities yet
    mm.upsert_member(member("polimi", MAINTENANCE, org_type="university", clusters=["CLM"]))
    out = mm.upsert_opportunity(opportunity("o1", "Welding partner", LASER))
    assert out[0].member_id == "acme" and out[0].rank == 1 and out[0].reason == "new_opportunity"
    assert out[0].explanation.evidence[0].text == LASER
    assert out[0].model == "en+ml"


def test_new_member_is_scored_against_every_open_opportunity() -> None:
    mm = engine()
    mm.upsert_opportunity(opportunity("o1", "Welding partner", LASER))
    mm.upsert_opportunity(opportunity("o2", "Maintenance", MAINTENANCE))
    mm.upsert_opportunity(opportunity("o3", "Closed", LASER, status="closed"))
    out = mm.upsert_member(member("acme", LASER))
    assert {s.opportunity_id for s in out} == {"o1"}
    assert out[0].reason == "new_member" and out[0].rank == 1


def test_member_entering_a_full_top_k_gets_its_rank() -> None:
    mm = engine(top_k=2, min_score=0.0, explain_min_relevance=0.0)  # every member with evidence is listed
    mm.upsert_member(member("weak", "aluminium parts"))
    mm.upsert_member(member("weaker", "battery recycling"))
    mm.upsert_opportunity(opportunity("o1", "Welding", LASER))
    out = mm.upsert_member(member("acme", LASER))
    assert [(s.member_id, s.rank) for s in out] == [("acme", 1)]
    assert [m.member_id for m in mm._top["o1"]] == ["acme", "weak"]


def test_identical_resend_suggests_nothing_update_suggests_again() -> None:
    mm = engine()
    mm.upsert_member(member("acme", LASER))
    opp = opportunity("o1", "Welding", LASER)
    first = mm.upsert_opportunity(opp)
    assert first and mm.upsert_opportunity(opp) == []
    assert mm.upsert_member(member("acme", LASER)) == []
    updated = mm.upsert_member(member("acme", LASER, "robotic painting", updated_at="2026-02-01T00:00:00Z"))
    assert updated[0].reason == "profile_update" and updated[0].suggestion_id != first[0].suggestion_id


def test_profile_update_replaces_old_evidence() -> None:
    mm = engine()
    mm.upsert_member(member("acme", LASER))
    mm.upsert_member(member("acme", "organic wine production", updated_at="2026-02-01T00:00:00Z"))
    assert mm.upsert_opportunity(opportunity("o1", "Welding", LASER)) == []


def test_deleted_member_is_never_suggested_again() -> None:
    mm = engine()
    mm.upsert_member(member("acme", LASER))
    mm.upsert_member(member("beta", LASER + " and robots"))
    mm.upsert_opportunity(opportunity("o1", "Welding", LASER))
    assert mm.delete_member("acme")
    assert [m.member_id for m in mm._top["o1"]] == ["beta"]
    out = mm.upsert_opportunity(opportunity("o2", "Welding", LASER))
    assert {s.member_id for s in out} == {"beta"}


def test_closing_an_opportunity_stops_suggestions() -> None:
    mm = engine()
    mm.upsert_opportunity(opportunity("o1", "Welding", LASER))
    assert (
        mm.upsert_opportunity(
            opportunity("o1", "Welding", LASER, status="withdrawn", updated_at="2026-02-01T00:00:00Z")
        )
        == []
    )
    assert mm.upsert_member(member("acme", LASER)) == []
    past = opportunity("o2", "Welding", LASER, deadline="2026-05-01")
    assert mm.upsert_opportunity(past) == [] and "o2" not in mm.opportunities


def test_notify_flag_follows_the_member_opt_in_and_threshold() -> None:
    mm = engine()
    mm.upsert_member(member("acme", LASER, notify={"enabled": True, "min_score": 0.0}))
    mm.upsert_member(member("beta", LASER, notify={"enabled": True, "min_score": 1.0}))
    out = {s.member_id: s for s in mm.upsert_opportunity(opportunity("o1", "Welding", LASER))}
    assert out["acme"].notify and not out["beta"].notify
