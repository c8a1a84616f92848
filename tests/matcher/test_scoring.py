"""The scorer with a deterministic encoder: targeting, filters, and each component's direction."""

from __future__ import annotations

import pytest
from factories import HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer
from models.exceptions import NotFittedError

LASER = "laser welding cells for aluminium battery trays with inline quality inspection"
MAINTENANCE = "machine learning models for predictive maintenance of machine tools and presses"
TEXTILE = "technical textiles with recycled polyester fibres for sportswear"


def scorer(**config: object) -> MatchScorer:
    return MatchScorer(
        HashingEncoder("en"),
        HashingEncoder("ml"),
        ScoringConfig(min_score=0.0, explain_min_relevance=0.0, **config),
    )


def population() -> list:
    return [
        member("acme", LASER),
        member("polimi", MAINTENANCE, org_type="university", size=None, clusters=["AFIL", "CLM"]),
        member("tessile", TEXTILE, clusters=["CTAV"]),
        member("bigco", MAINTENANCE, size="large"),
    ]


def test_targeted_opportunity_ranks_the_right_member_first() -> None:
    s = scorer().fit(population())
    ranked = s.rank(opportunity("o", "Battery tray welding", f"We look for {LASER}"))
    assert ranked[0].member_id == "acme" and ranked[0].rank == 1
    assert [m.rank for m in ranked] == list(range(1, len(ranked) + 1))
    assert all(0.0 <= m.score <= 1.0 for m in ranked)
    assert ranked[0].evidence[0][0] == 0 and "welding" in ranked[0].shared_terms


def test_publisher_is_never_suggested_to_itself() -> None:
    s = scorer().fit(population())
    ranked = s.rank(opportunity("o", "Welding", LASER, published_by="acme"))
    assert "acme" not in {m.member_id for m in ranked}


def test_seeking_filters_are_hard() -> None:
    s = scorer().fit(population())
    research_only = s.rank(opportunity("o", "ML", MAINTENANCE, seeking={"org_types": ["university"]}))
    assert {m.member_id for m in research_only} == {"polimi"}
    smes = s.rank(opportunity("o", "ML", MAINTENANCE, seeking={"sme_only": True}))
    assert {m.member_id for m in smes} == {"acme", "tessile"}


def test_complementarity_raises_research_for_an_industry_need() -> None:
    s = scorer().fit(population())
    need = opportunity(
        "o", "Predictive maintenance", MAINTENANCE, kind="technology_need", published_by="acme"
    )
    ranked = {m.member_id: m for m in s.rank(need)}
    assert ranked["polimi"].components["complementarity"] > 0 == ranked["bigco"].components["complementarity"]
    assert ranked["polimi"].score > ranked["bigco"].score
    offer = opportunity(
        "o2", "Predictive maintenance", MAINTENANCE, kind="technology_offer", published_by="polimi"
    )
    by_id = {m.member_id: m for m in s.rank(offer)}
    assert by_id["bigco"].components["complementarity"] > 0


def test_shared_ecosystems_and_cross_cluster_reach_add_bonuses() -> None:
    s = scorer().fit(population())
    opp = opportunity("o", "Textiles", TEXTILE, published_by="AFIL", ecosystems=["sustainability"])
    base = {m.member_id: m for m in s.rank(opp)}
    assert base["tessile"].components["cross_cluster"] > 0 and base["acme"].components["cross_cluster"] == 0
    s.add_member(member("tessile", TEXTILE, clusters=["CTAV"], ecosystems=["sustainability"]))
    boosted = {m.member_id: m for m in s.rank(opp)}
    assert boosted["tessile"].components["ecosystems"] > 0
    assert boosted["tessile"].score > base["tessile"].score


def test_top_k_and_min_score_limit_the_list() -> None:
    s = scorer(top_k=2).fit(population())
    assert len(s.rank(opportunity("o", "ML", MAINTENANCE))) == 2
    strict = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.9)).fit(
        population()
    )
    assert [m.member_id for m in strict.rank(opportunity("o", "Textiles", TEXTILE))] == ["tessile"]


def test_score_member_agrees_with_the_full_scan() -> None:
    s = scorer().fit(population())
    opp = opportunity("o", "ML", MAINTENANCE)
    query = s.encode_opportunity(opp)
    for full in s.score(opp, query):
        one = s.score_member(opp, query, full.member_id)
        assert one is not None and one.score == pytest.approx(full.score)


def test_fit_replaces_the_members_and_returns_the_scorer() -> None:
    s = scorer()
    assert s.fit(population()) is s and s.n_members == 4
    assert s.fit([member("solo", TEXTILE)]) is s
    assert set(s.members) == {"solo"} and s.index_ is not None and s.index_.n_live_rows == 1
    ranked = s.score(opportunity("o", "Textiles", TEXTILE))
    assert [m.member_id for m in ranked] == ["solo"]


def test_fit_on_no_members_gives_an_empty_scorer_that_members_join_one_by_one() -> None:
    s = scorer().fit([])
    opp = opportunity("o", "Laser", LASER)
    assert s.n_members == 0 and s.score(opp) == [] and s.rank(opp) == []
    for m in population():
        s.add_member(m)
    assert s.rank(opp)[0].member_id == "acme"
    assert s.remove_member("acme") and not s.remove_member("acme") and s.n_members == 3


def test_an_unfitted_scorer_refuses_to_index_or_score() -> None:
    s = scorer()
    assert not s.is_fitted
    s.encode_opportunity(opportunity("o", "Laser", LASER))  # embedding needs no index
    for call in (
        lambda: s.add_member(member("acme", LASER)),
        lambda: s.remove_member("acme"),
        lambda: s.score(opportunity("o", "Laser", LASER)),
        lambda: s.members,
    ):
        with pytest.raises(NotFittedError):
            call()


def test_members_are_a_read_only_view() -> None:
    s = scorer().fit(population())
    with pytest.raises(TypeError):
        s.members["x"] = population()[0]  # type: ignore[index]


def test_long_texts_are_chunked_not_truncated() -> None:
    filler = " ".join(f"word{i}" for i in range(400))
    s = scorer().fit([member("long", f"{filler} cryogenic hydrogen valves"), member("other", TEXTILE)])
    ranked = s.rank(opportunity("o", "Hydrogen", "cryogenic hydrogen valves"))
    assert ranked[0].member_id == "long"
    assert s.index_ is not None and s.index_.n_live_rows > 2  # the long evidence became several rows


def test_config_refuses_bonuses_that_would_swamp_affinity() -> None:
    with pytest.raises(ValueError):
        ScoringConfig(complementarity_bonus=0.3, cross_cluster_bonus=0.3)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Teste per saldatura friction stir con cambio utensile in meno di dieci secondi", "it"),
        ("Sviluppo di algoritmi di manutenzione predittiva per macchine utensili", "it"),
        ("Laser welding cells with in-line quality inspection for battery trays", "en"),
        ("Predictive maintenance algorithms for machine tools", "en"),
    ],
)
def test_language_detection_on_short_technical_texts(text: str, language: str) -> None:
    from matcher.text import detect_language

    assert detect_language(text) == language
