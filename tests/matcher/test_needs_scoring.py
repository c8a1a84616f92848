"""Need-level matching, honest floors and explanations (issue 12), with the deterministic encoder."""

from __future__ import annotations

import datetime as dt

from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import CALIBRATED_FLOORS, ScoringConfig
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer

RECYCLING = "pilot plant that recycles mixed polymer waste from manufacturing lines into pellets"
TWIN = "digital twins of factory energy use with sensors on compressors and furnaces"
VISION = "machine vision for in-line quality control of painted parts with deep learning"
WINE = "organic sparkling wine from Franciacorta vineyards"
CALL = (
    "The region funds collaborative projects across clusters on one of the following topics, with a "
    "consortium of companies and research organisations. "
    "Topic 1: recycling of mixed polymer waste and other manufacturing scrap into new raw materials for "
    "the same production lines. "
    "Topic 2: digital twins of the energy use of factories, with sensors on compressors, furnaces and "
    "other large consumers, to plan savings. "
    "Topic 3: in-line quality control with machine vision and deep learning on painted or coated parts. "
    "Projects last at most eighteen months and the grant covers half of the eligible costs."
)


def engine(**config: object) -> Matchmaker:
    config.setdefault("min_score_by_kind", {})  # one floor unless a test sets kinds'
    scorer = MatchScorer(HashingEncoder("en"), HashingEncoder("ml"), ScoringConfig(**config))  # type: ignore[arg-type]
    return Matchmaker(scorer, clock=lambda: NOW)


def members() -> list:  # type: ignore[type-arg]
    return [
        member("recycler", RECYCLING),
        member("twin", TWIN, org_type="research_centre", size=None),
        member("vision", VISION),
        member("winery", WINE, clusters=["CAT.AL"]),
    ]


def test_a_member_answering_one_topic_of_a_call_scores_higher_with_needs() -> None:
    call = opportunity("call", "Regional call 2026", CALL, kind="call_for_proposals")
    scores = {}
    for max_needs in (0, 8):
        mm = engine(min_score=0.0, max_needs=max_needs)
        mm.scorer.fit(members())
        scores[max_needs] = {m.member_id: m.score for m in mm.scorer.score(call)}
    for topical in ("recycler", "twin", "vision"):
        assert scores[8][topical] > scores[0][topical]
    assert scores[8]["winery"] < min(scores[8][m] for m in ("recycler", "twin", "vision"))


def test_the_explanation_names_the_need_each_piece_of_evidence_answers() -> None:
    mm = engine(min_score=0.0)
    mm.scorer.fit(members())
    out = {s.member_id: s for s in mm.upsert_opportunity(opportunity("call", "Call", CALL))}
    assert out["recycler"].explanation.evidence[0].need is not None
    assert out["recycler"].explanation.evidence[0].need.startswith("recycling of mixed polymer waste")
    assert out["vision"].explanation.evidence[0].need.startswith("in-line quality control")
    assert "for the topic “recycling of mixed polymer" in out["recycler"].explanation.reasons["en"]
    assert "per il tema «recycling of mixed polymer" in out["recycler"].explanation.reasons["it"]


def test_evidence_below_the_relevance_floor_is_not_listed() -> None:
    mm = engine(min_score=0.0, explain_min_relevance=0.5)
    mm.scorer.fit([member("mixed", RECYCLING, WINE)])
    (suggestion,) = mm.upsert_opportunity(opportunity("o", "Polymer recycling", RECYCLING))
    assert [e.text for e in suggestion.explanation.evidence] == [RECYCLING]


def test_bonuses_alone_never_make_a_suggestion_however_low_the_floor() -> None:
    # the winery shares no word with the call: its score is all bonuses (complementarity, ecosystem,
    # another cluster), which clear a floor of 0.0 but show no evidence, so it is not suggested
    mm = engine(min_score=0.0)
    mm.scorer.fit([member("vision", VISION), member("winery", WINE, org_type="university", size=None)])
    need = opportunity("o", "Vision", VISION, kind="technology_need", ecosystems=["advanced_manufacturing"])
    scored = {m.member_id: m for m in mm.scorer.score(need)}
    assert scored["winery"].score > 0.0
    assert not mm.scorer.shows_evidence(scored["winery"])
    assert [s.member_id for s in mm.upsert_opportunity(need)] == ["vision"]
    reasons = mm.verdict(need, "winery", mm.explain(need, "winery"))
    assert reasons == ["none of its evidence is at least 10% relevant: its bonuses alone do not make a match"]
    explanation = mm.explain(need, "winery").explanation  # type: ignore[union-attr]
    assert explanation.reasons["en"].startswith("Nothing in your profile matches it closely; what counts")
    assert explanation.reasons["it"].startswith("Nulla nel vostro profilo vi corrisponde da vicino;")
    assert "Also" not in explanation.reasons["en"] and "Inoltre" not in explanation.reasons["it"]


def test_a_members_own_lower_threshold_is_honoured_whatever_the_global_floor() -> None:
    opted = {"enabled": True, "min_score": 0.0}
    mm = engine(min_score=0.99)
    mm.scorer.fit([member("quiet", VISION), member("eager", VISION, notify=opted)])
    out = mm.upsert_opportunity(opportunity("o", "Vision", VISION))
    assert [s.member_id for s in out] == ["eager"]
    assert out[0].notify is True


def test_the_floor_can_be_lower_for_an_opportunity_kind_never_higher() -> None:
    mm = engine(min_score=0.99, min_score_by_kind={"call_for_proposals": 0.0})
    mm.scorer.fit([member("vision", VISION)])
    assert mm.upsert_opportunity(opportunity("search", "Vision", VISION)) == []
    found = mm.upsert_opportunity(opportunity("call", "Vision", VISION, kind="call_for_proposals"))
    assert [s.member_id for s in found] == ["vision"]
    strict = engine(min_score=0.0, min_score_by_kind={"partner_search": 0.99})
    strict.scorer.fit([member("vision", VISION)])
    assert [s.member_id for s in strict.upsert_opportunity(opportunity("s", "Vision", VISION))] == ["vision"]


def test_the_default_floors_are_the_calibrated_ones_below_min_score() -> None:
    config = ScoringConfig()
    assert config.min_score_by_kind == CALIBRATED_FLOORS
    assert all(floor < config.min_score for floor in CALIBRATED_FLOORS.values())


def test_verdict_says_why_a_pair_is_not_suggested() -> None:
    mm = engine(min_score=0.99)
    mm.scorer.fit([member("vision", VISION), member("uni", VISION, org_type="university", size=None)])
    closed = opportunity("c", "Vision", VISION, status="closed")
    assert mm.verdict(closed, "vision", mm.explain(closed, "vision"))[0] == (
        "the opportunity is closed: nothing is suggested for it"
    )
    past = opportunity("p", "Vision", VISION, deadline=NOW.date() - dt.timedelta(days=1))
    assert "has passed" in mm.verdict(past, "vision", mm.explain(past, "vision"))[0]
    seeking = opportunity("s", "Vision", VISION, seeking={"org_types": ["university"]})
    assert mm.explain(seeking, "vision") is None
    assert mm.verdict(seeking, "vision", None) == [
        "the opportunity seeks university, and the member is a company"
    ]
    open_ = opportunity("o", "Vision", VISION)
    assert "below the suggestion floor 0.99" in mm.verdict(open_, "vision", mm.explain(open_, "vision"))[0]


def test_a_diversity_swap_is_stated_on_the_lower_score() -> None:
    same = "laser welding of aluminium battery trays for electric vehicles"
    mm = engine(min_score=0.0, explain_min_relevance=0.0, mmr_lambda=0.3, top_k=3)
    mm.scorer.fit(
        [
            member("a", same),
            member("b", same + " cells"),
            member("c", "laser cutting of steel sheets", clusters=["CLM"]),
        ]
    )
    out = mm.upsert_opportunity(opportunity("o", "Laser welding", same))
    scores = [s.score for s in out]
    assert scores != sorted(scores, reverse=True)  # diversity changed the order
    for i, s in enumerate(out):
        higher_below = [t.member_id for t in out[i + 1 :] if t.score > s.score]
        assert s.explanation.diversified_above == higher_below
    assert any(s.explanation.diversified_above for s in out)
    swapped = next(s for s in out if s.explanation.diversified_above)
    assert "keep the list diverse" in swapped.explanation.reasons["en"]


def test_shared_terms_leave_out_words_most_members_use() -> None:
    crowd = [member(f"m{i}", f"assembly lines for component {i} production") for i in range(24)]
    mm = engine(min_score=0.0)
    mm.scorer.fit([*crowd, member("extruder", "extrusion lines for recycled polymer pellets")])
    out = mm.upsert_opportunity(opportunity("o", "Pellets", "recycled polymer pellets from extrusion lines"))
    terms = next(s for s in out if s.member_id == "extruder").explanation.shared_terms
    assert "lines" not in terms  # 25 of 25 members hold it
    assert {"pellets", "polymer", "extrusion"} <= set(terms)
