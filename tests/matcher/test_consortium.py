"""Consortium builder: coverage, team rules, explanations, and the real-model path."""

from __future__ import annotations

import pytest
from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.consortium import ConsortiumBuilder, to_suggestion
from matcher.scoring import MatchScorer
from models.consortium import ConsortiumSuggestion

CALL = opportunity(
    "call-1",
    "Smart battery factory",
    "Laser welding of aluminium battery trays. "
    "Machine learning for predictive maintenance of production lines. "
    "Recycling of lithium battery cells and recovery of critical raw materials.",
    kind="call_for_proposals",
)
MEMBERS = [
    member("weld-srl", "Laser welding of aluminium battery trays", clusters=["AFIL"]),
    member(
        "weld-big", "Laser welding of aluminium trays and battery housings", size="large", clusters=["AFIL"]
    ),
    member(
        "polimi-ml",
        "Machine learning for predictive maintenance of production lines",
        org_type="university",
        size=None,
        clusters=["CLM"],
    ),
    member(
        "cnr-recycle",
        "Recycling of lithium battery cells and recovery of critical raw materials",
        org_type="research_centre",
        size=None,
        clusters=["LGCA"],
    ),
    member("bakery", "Sourdough bread and pastry for restaurants", clusters=["CAT.AL"]),
]


def scorer(*members: object) -> MatchScorer:
    config = ScoringConfig(min_score=0.0, english=ScoringConfig().english.model_copy(update={"center": 0.2}))
    return MatchScorer(HashingEncoder("en"), HashingEncoder("ml"), config).fit(list(members or MEMBERS))  # type: ignore[arg-type]


def test_team_covers_every_need_with_industry_and_research_across_clusters() -> None:
    s = scorer()
    team = ConsortiumBuilder(min_size=3, max_size=6).build(s, CALL)
    ids = [m.member_id for m in team.members]
    assert {"weld-srl", "polimi-ml", "cnr-recycle"} <= set(ids)
    assert "bakery" not in ids
    assert "weld-big" not in ids  # adds nothing the SME does not already cover
    assert 3 <= len(ids) <= 6
    assert team.constraints == {
        "has_company": True,
        "has_research": True,
        "cross_cluster": True,
        "min_size": True,
    }
    by_id = {m.member_id: m for m in team.members}
    recycle_need = next(j for j, n in enumerate(team.needs) if "Recycling" in n)
    assert by_id["cnr-recycle"].covers[0][0] == recycle_need


def test_the_sme_is_preferred_over_an_equally_good_large_company() -> None:
    team = ConsortiumBuilder().build(scorer(), CALL)
    assert "weld-srl" in [m.member_id for m in team.members]


def test_rules_force_a_research_member_even_when_companies_cover_more() -> None:
    members = [
        member("a", "Laser welding of aluminium battery trays", clusters=["AFIL"]),
        member("b", "Machine learning for predictive maintenance of production lines", clusters=["AFIL"]),
        member("c", "Recycling of lithium battery cells", clusters=["AFIL"]),
        member("uni", "History of medieval art", org_type="university", size=None, clusters=["CLM"]),
    ]
    team = ConsortiumBuilder(min_size=3, max_size=3).build(scorer(*members), CALL)
    ids = [m.member_id for m in team.members]
    assert "uni" in ids and len(ids) == 3
    assert team.constraints["has_research"] and team.constraints["cross_cluster"]


def test_unmeetable_rules_are_reported_not_faked() -> None:
    members = [
        member(f"c{i}", text, clusters=["AFIL"]) for i, text in enumerate(["laser welding", "recycling"])
    ]
    team = ConsortiumBuilder().build(scorer(*members), CALL)
    assert team.constraints["has_research"] is False and team.constraints["min_size"] is False


def test_empty_index_gives_an_empty_team() -> None:
    s = MatchScorer(HashingEncoder("en"), None, ScoringConfig(min_score=0.0))
    team = ConsortiumBuilder().build(s, CALL)
    assert team.members == [] and team.coverage == 0.0


def test_suggestion_explains_each_member_and_validates() -> None:
    s = scorer()
    team = ConsortiumBuilder().build(s, CALL)
    out = to_suggestion(team, s.members_, s.model_name, NOW)
    again = ConsortiumSuggestion.model_validate_json(out.model_dump_json())
    assert again == out and out.opportunity_id == "call-1"
    recycler = next(m for m in out.members if m.member_id == "cnr-recycle")
    assert recycler.role == "research centre"
    assert recycler.covers[0].evidence.startswith("Recycling of lithium")
    assert "Recycling" in recycler.contribution and "LGCA" in recycler.contribution
    assert 0 < out.coverage <= 1
    assert to_suggestion(team, s.members_, s.model_name, NOW).consortium_id == out.consortium_id


@pytest.mark.realmodel
def test_real_models_build_a_sensible_team(minilm, use_multilingual) -> None:  # type: ignore[no-untyped-def]
    s = MatchScorer(minilm, use_multilingual, ScoringConfig(min_score=0.0)).fit(MEMBERS)
    team = ConsortiumBuilder().build(s, CALL)
    ids = {m.member_id for m in team.members}
    assert {"polimi-ml", "cnr-recycle"} <= ids and ids & {"weld-srl", "weld-big"}
    assert "bakery" not in ids
    assert all(team.constraints.values())
