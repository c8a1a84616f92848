"""The bilingual twin set: sizes, aligned ids, languages, real translations, valid contracts, relevance."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from matcher.text import Language, detect_language
from models.events import MemberProfile, Opportunity
from tools.ltcdata.lombardy import CLUSTERS, ECOSYSTEMS
from tools.ltcdata.twins import (
    TWIN_CALL_TOPICS,
    TWIN_MEMBERS,
    TWIN_OPPORTUNITIES,
    TWIN_RELEVANT,
    TWIN_UPDATED_AT,
    twin_members,
    twin_opportunities,
)

LANGUAGES: tuple[Language, ...] = ("it", "en")
_TOPIC = {"it": re.compile(r"\bTema (\d+): "), "en": re.compile(r"\bTopic (\d+): ")}
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
Members = dict[str, list[MemberProfile]]
Opportunities = dict[str, list[Opportunity]]


@pytest.fixture(scope="module")
def members() -> Members:
    return {lang: twin_members(lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def opportunities() -> Opportunities:
    return {lang: twin_opportunities(lang) for lang in LANGUAGES}


def _topics(text: str, lang: str) -> list[int]:
    return [int(n) for n in _TOPIC[lang].findall(text)]


def test_sizes_and_long_calls(members: Members, opportunities: Opportunities) -> None:
    assert len(members["it"]) >= 40
    assert len(opportunities["it"]) >= 20
    calls = [o for o in opportunities["it"] if o.kind == "call_for_proposals"]
    short = [o for o in opportunities["it"] if o.kind != "call_for_proposals"]
    assert len(calls) >= 8
    assert len(short) >= 12
    for lang in LANGUAGES:
        for opp in opportunities[lang]:
            numbers = _topics(opp.description, lang)
            words = len(opp.description.split())
            if opp.kind == "call_for_proposals":
                assert len(numbers) >= 3, opp.opportunity_id
                assert numbers == list(range(1, len(numbers) + 1)), opp.opportunity_id
                assert 120 <= words <= 350, (opp.opportunity_id, lang, words)
                assert len(TWIN_CALL_TOPICS[opp.opportunity_id]) == len(numbers)
            else:
                assert not numbers, opp.opportunity_id
                assert 1 <= len(_SENTENCE_END.findall(opp.description)) <= 3, opp.opportunity_id
    assert set(TWIN_CALL_TOPICS) == {o.opportunity_id for o in calls}


def test_ids_unique_and_identical_across_languages(members: Members, opportunities: Opportunities) -> None:
    member_ids = {lang: [m.member_id for m in members[lang]] for lang in LANGUAGES}
    opportunity_ids = {lang: [o.opportunity_id for o in opportunities[lang]] for lang in LANGUAGES}
    for ids in (member_ids, opportunity_ids):
        assert ids["it"] == ids["en"]
        assert len(set(ids["it"])) == len(ids["it"])
    assert not set(member_ids["it"]) & set(opportunity_ids["it"])


def test_twins_agree_on_everything_but_the_language(members: Members, opportunities: Opportunities) -> None:
    for it, en in zip(members["it"], members["en"], strict=True):
        assert it.model_dump(exclude={"competencies"}) == en.model_dump(exclude={"competencies"})
        assert [c.kind for c in it.competencies] == [c.kind for c in en.competencies]
    for opp_it, opp_en in zip(opportunities["it"], opportunities["en"], strict=True):
        translated = {"title", "description"}
        assert opp_it.model_dump(exclude=translated) == opp_en.model_dump(exclude=translated)
        assert len(_topics(opp_it.description, "it")) == len(_topics(opp_en.description, "en"))


def test_relevant_members_exist_and_cover_every_topic(members: Members, opportunities: Opportunities) -> None:
    member_ids = {m.member_id for m in members["it"]}
    assert set(TWIN_RELEVANT) == {o.opportunity_id for o in opportunities["it"]}
    for opp in opportunities["it"]:
        relevant = TWIN_RELEVANT[opp.opportunity_id]
        assert relevant, opp.opportunity_id
        assert len(set(relevant)) == len(relevant)
        assert set(relevant) <= member_ids
        assert opp.published_by not in relevant  # nobody is suggested for their own need
    for call_id, topics in TWIN_CALL_TOPICS.items():
        assert all(topics), call_id
        assert {m for topic in topics for m in topic} == set(TWIN_RELEVANT[call_id])
        assert len(set(TWIN_RELEVANT[call_id])) >= 3, call_id  # different members for different topics


def test_every_text_is_detected_in_its_language(members: Members, opportunities: Opportunities) -> None:
    wrong = []
    for lang in LANGUAGES:
        for member in members[lang]:
            wrong += [
                (member.member_id, c.text) for c in member.competencies if detect_language(c.text) != lang
            ]
        for opp in opportunities[lang]:
            wrong += [
                (opp.opportunity_id, text)
                for text in (opp.title, opp.description)
                if detect_language(text) != lang
            ]
    assert not wrong


def test_twin_texts_are_translations_not_copies() -> None:
    texts = [(it, en) for m in TWIN_MEMBERS for _, it, en in m.competencies]
    texts += [pair for o in TWIN_OPPORTUNITIES for pair in (o.title, o.description)]
    assert all(it.strip() != en.strip() for it, en in texts)
    for lang in (0, 1):  # no text is reused within a language either
        same = [text for text, n in Counter(pair[lang] for pair in texts).items() if n > 1]
        assert not same


def test_contracts_validate_and_are_open(members: Members, opportunities: Opportunities) -> None:
    today = TWIN_UPDATED_AT.date()
    for lang in LANGUAGES:
        for member in members[lang]:
            assert MemberProfile.model_validate_json(member.model_dump_json()) == member
            assert member.updated_at == TWIN_UPDATED_AT
            assert 2 <= len(member.competencies) <= 4
            assert 1 <= len(member.clusters) <= 2
            assert set(member.clusters) <= set(CLUSTERS)
            assert member.ecosystems and set(member.ecosystems) <= set(ECOSYSTEMS)
            assert (member.size is not None) == (member.org_type == "company"), member.member_id
        for opp in opportunities[lang]:
            assert Opportunity.model_validate_json(opp.model_dump_json()) == opp
            assert opp.status == "open" and opp.is_open(today)
            assert opp.deadline is not None and opp.deadline > dt.date(2026, 12, 31)
            assert opp.ecosystems and set(opp.ecosystems) <= set(ECOSYSTEMS)


def test_publishers_are_clusters_or_twin_members(members: Members, opportunities: Opportunities) -> None:
    member_ids = {m.member_id for m in members["en"]}
    assert all(o.published_by in set(CLUSTERS) | member_ids for o in opportunities["en"])


def test_each_ecosystem_has_enough_members_and_the_mix_is_realistic(members: Members) -> None:
    per_ecosystem = Counter(e for m in members["it"] for e in m.ecosystems)
    assert all(per_ecosystem[e] >= 4 for e in ECOSYSTEMS), per_ecosystem
    org_types = Counter(m.org_type for m in members["it"])
    assert org_types["company"] >= 20
    assert (
        org_types["university"] >= 4 and org_types["research_centre"] >= 4 and org_types["public_body"] >= 2
    )
    sizes = Counter(m.size for m in members["it"] if m.org_type == "company")
    assert all(sizes[s] >= 2 for s in ("micro", "small", "medium", "large")), sizes


@pytest.mark.parametrize("language", ["de", "IT", ""])
def test_unknown_language_is_refused(language: str) -> None:
    with pytest.raises(ValueError, match="language"):
        twin_members(language)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        twin_opportunities(language)  # type: ignore[arg-type]


def test_rank_shifts_count_the_places_a_member_moves_when_it_alone_switches_language() -> None:
    from tools.evaluation.twins import rank_shifts

    scores = {"a": 0.9, "b": 0.8, "c": 0.7}
    switched = {"a": 0.75, "b": 0.85, "c": 0.95}  # a falls below b, b stays second, c rises to first
    assert rank_shifts(scores, switched, ["a", "b", "c", "not scored"]) == [1, 0, 2]
    assert rank_shifts(scores, {"a": 0.9}, ["a", "b"]) == [0]  # b has no twin score: left out


def test_parity_counts_the_adjusted_scores_and_only_the_opportunities_asked_for() -> None:
    """``parity(adjust=…)`` measures re-scored runs (how a lever is simulated on the real scores),
    ``only=…`` a subset of the opportunities (a fit on one half, counted on the other)."""
    import dataclasses

    from factories import HashingEncoder

    from matcher.config import ScoringConfig
    from matcher.scoring import Match, MatchScorer
    from tools.evaluation.twins import parity

    def make() -> MatchScorer:
        return MatchScorer(HashingEncoder(), None, ScoringConfig(min_score=0.0))

    def flat(call: str, member: str, opportunity: Opportunity, matches: list[Match]) -> list[Match]:
        return [dataclasses.replace(m, score=0.5) for m in matches]  # every pair alike, both languages

    today = parity(make)
    assert today.gap["en"] > 0.01 and today.rank_agreement["en"] < 1.0  # hashed words differ by language
    levelled = parity(make, adjust=flat)
    assert levelled.gap == {"en": 0.0, "it": 0.0}
    assert levelled.rank_agreement == {"en": 1.0, "it": 1.0}
    first = next(iter(TWIN_RELEVANT))
    one = parity(make, only={first})
    assert 0 < one.pairs < today.pairs
    assert one.pairs == parity(make, adjust=flat, only={first}).pairs
