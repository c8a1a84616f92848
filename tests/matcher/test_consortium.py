"""Consortium builder: coverage, team rules, explanations, and the real-model path."""

from __future__ import annotations

import numpy as np
import pytest
from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.consortium import ConsortiumBuilder, exhaustive_coverage, to_suggestion
from matcher.embedding import CachedEncoder
from matcher.scoring import MatchScorer
from models.consortium import ConsortiumSuggestion
from models.events import MemberProfile

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
    english = ScoringConfig().english.model_copy(update={"center": 0.2})
    config = ScoringConfig(min_score=0.0, english=english)
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


def _three_companies_and_a_university(university_evidence: str) -> list[MemberProfile]:
    """Companies of one cluster covering the call's three needs, and a university of another."""
    return [
        member("a", "Laser welding of aluminium battery trays", clusters=["AFIL"]),
        member("b", "Machine learning for predictive maintenance of production lines", clusters=["AFIL"]),
        member("c", "Recycling of lithium battery cells", clusters=["AFIL"]),
        member("uni", university_evidence, org_type="university", size=None, clusters=["CLM"]),
    ]


def test_rules_pick_a_research_member_that_contributes_over_a_company_that_covers_more() -> None:
    members = _three_companies_and_a_university("Recycling of lithium cells")
    team = ConsortiumBuilder(min_size=3, max_size=3).build(scorer(*members), CALL)
    ids = [m.member_id for m in team.members]
    assert "uni" in ids and len(ids) == 3
    assert team.constraints["has_research"] and team.constraints["cross_cluster"]


def test_no_member_pads_the_team_below_the_contribution_floor_and_the_rules_say_so() -> None:
    members = _three_companies_and_a_university("History of medieval art")
    builder = ConsortiumBuilder(min_size=3, max_size=3)
    team = builder.build(scorer(*members), CALL)
    assert "uni" not in [m.member_id for m in team.members]  # it would contribute nothing
    assert all(m.gain >= builder.min_gain for m in team.members)
    assert team.constraints["has_research"] is False and team.constraints["cross_cluster"] is False


def test_the_publisher_of_a_partner_search_is_in_its_team() -> None:
    search = opportunity(
        "ps-1",
        "Partners for our battery line",
        "Machine learning for predictive maintenance of production lines. "
        "Recycling of lithium battery cells and recovery of critical raw materials.",
        kind="partner_search",
        published_by="weld-srl",
    )
    s = scorer()
    team = ConsortiumBuilder().build(s, search)
    ids = [m.member_id for m in team.members]
    assert ids[0] == "weld-srl"
    assert {"polimi-ml", "cnr-recycle"} <= set(ids)
    assert team.constraints["has_company"] is True  # the publisher is the company
    published = to_suggestion(team, s.members_, s.model_name, NOW).members
    words = {m.member_id: m.contribution for m in published}
    assert "publishes this search" in words["weld-srl"]
    assert "(0.0" not in words["weld-srl"]  # no need it barely covers is named as its contribution
    assert "publishes" not in words["cnr-recycle"] and "covers" in words["cnr-recycle"]
    italian = {
        m.member_id: m.contributions["it"] for m in to_suggestion(team, s.members_, s.model_name, NOW).members
    }
    assert "pubblica questa ricerca" in italian["weld-srl"]
    assert "copre" in italian["cnr-recycle"] and "covers" not in italian["cnr-recycle"]


def test_unmeetable_rules_are_reported_not_faked() -> None:
    members = [
        member(f"c{i}", text, clusters=["AFIL"]) for i, text in enumerate(["laser welding", "recycling"])
    ]
    team = ConsortiumBuilder().build(scorer(*members), CALL)
    assert team.constraints["has_research"] is False and team.constraints["min_size"] is False


def test_empty_index_gives_an_empty_team() -> None:
    s = MatchScorer(HashingEncoder("en"), None, ScoringConfig(min_score=0.0)).fit([])
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


MIXED_CALL = opportunity(
    "call-2",
    "Smart battery factory",
    "Laser welding of aluminium battery trays. "
    "Riciclo delle celle al litio e recupero delle materie prime critiche nella filiera delle batterie. "
    "Machine learning for predictive maintenance of production lines and welding cells.",
)
MIXED_MEMBERS = [
    *MEMBERS,
    member(
        "poli-it",
        "Riciclo delle batterie al litio e recupero delle materie prime",
        "Saldatura laser di componenti in alluminio per la mobilità elettrica",
        org_type="university",
        size=None,
        clusters=["CLM", "AFIL"],
    ),
    member(
        "multi",
        "Predictive maintenance of welding cells with machine learning",
        "Manutenzione predittiva delle linee di produzione",
        "Battery trays " + " ".join(["aluminium welding"] * 80),  # chunked: several rows, one competency
        clusters=["LGCA"],
    ),
]


class _Exhaustive(ConsortiumBuilder):
    coverage_matrix = staticmethod(exhaustive_coverage)  # type: ignore[assignment]


@pytest.mark.parametrize("pool", [None, 3])
def test_pool_only_coverage_is_the_exhaustive_computation(pool: int | None) -> None:
    s = scorer(*MIXED_MEMBERS)
    builder = ConsortiumBuilder(max_size=4, pool=pool or 40)
    needs = builder.needs(s, MIXED_CALL)
    queries = s.encode_needs(MIXED_CALL, needs)
    assert len(needs) == 3 and len({q.language for q in queries}) == 2  # each need routed by its language
    ids = [m.member_id for m in s.score(MIXED_CALL, limit=builder.pool)]
    cover, best = builder.coverage_matrix(s, queries, ids)
    want_cover, want_best = exhaustive_coverage(s, queries, ids)
    np.testing.assert_allclose(cover, want_cover, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(best, want_best)
    assert cover.max() > 0.5 and (best >= 0).any()
    team, want = builder.build(s, MIXED_CALL), _Exhaustive(max_size=4, pool=pool or 40).build(s, MIXED_CALL)
    assert [(m.member_id, [(j, e) for j, _, e in m.covers]) for m in team.members] == [
        (m.member_id, [(j, e) for j, _, e in m.covers]) for m in want.members
    ]
    relevance = [r for m in team.members for _, r, _ in m.covers]
    assert relevance == pytest.approx([r for m in want.members for _, r, _ in m.covers])
    assert team.coverage == pytest.approx(want.coverage) and team.constraints == want.constraints


def test_needs_are_embedded_in_one_call_per_model_and_only_once() -> None:
    english, multilingual = HashingEncoder("en"), HashingEncoder("ml")
    config = ScoringConfig(min_score=0.0)
    s = MatchScorer(CachedEncoder(english), CachedEncoder(multilingual), config).fit(MIXED_MEMBERS)
    s.encode_opportunity(MIXED_CALL)  # matched before it is built: its own texts are cached
    calls = english.calls, multilingual.calls
    assert ConsortiumBuilder().build(s, MIXED_CALL).members
    assert (english.calls, multilingual.calls) == (calls[0] + 1, calls[1] + 1)
    ConsortiumBuilder().build(s, MIXED_CALL)
    assert (english.calls, multilingual.calls) == (calls[0] + 1, calls[1] + 1)


def test_members_with_the_same_evidence_tie_by_pool_order_not_by_rounding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    twins = [
        member("twin-a", "Recycling of lithium battery cells", org_type="research_centre", size=None),
        member("twin-b", "Recycling of lithium battery cells", org_type="research_centre", size=None),
        *MEMBERS[:1],
    ]
    s = scorer(*twins)
    builder = ConsortiumBuilder(min_size=2, max_size=2, cross_cluster=False)
    pool = [m.member_id for m in s.score(CALL, limit=3)]
    assert pool.index("twin-a") < pool.index("twin-b")
    exact = builder.coverage_matrix

    def rounded_up_later(*args: object) -> tuple[np.ndarray, np.ndarray]:
        cover, best = exact(*args)  # type: ignore[arg-type]
        cover[pool.index("twin-b")] += 4e-7  # the later twin's rows came out a few ulps higher
        return cover, best

    monkeypatch.setattr(builder, "coverage_matrix", rounded_up_later)
    assert "twin-a" in [m.member_id for m in builder.build(s, CALL).members]


@pytest.mark.realmodel
def test_real_models_build_a_sensible_team(minilm, use_multilingual) -> None:  # type: ignore[no-untyped-def]
    s = MatchScorer(minilm, use_multilingual, ScoringConfig(min_score=0.0)).fit(MEMBERS)
    team = ConsortiumBuilder().build(s, CALL)
    ids = {m.member_id for m in team.members}
    assert {"polimi-ml", "cnr-recycle"} <= ids and ids & {"weld-srl", "weld-big"}
    assert "bakery" not in ids
    assert all(team.constraints.values())
