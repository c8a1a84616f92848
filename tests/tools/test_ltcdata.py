"""The demo data: published cluster sizes, determinism, languages, validity, real topics, targets."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from models.events import MAX_TEXT_CHARS, MemberProfile, Opportunity
from tools.ltcdata import (
    ECOSYSTEMS,
    generate_members,
    load_horizon_topics,
    member_opportunities,
    read_horizon_topics,
    regional_calls,
    targeted_pairs,
    write_jsonl,
)
from tools.ltcdata.horizon import DEFAULT_TOPICS_PATH, clean_text
from tools.ltcdata.population import INSTITUTIONS, PUBLIC_BODIES, SIGNATURE_EVIDENCE

_RESEARCH = {"university", "research_centre"}
_OTHER = {"public_body", "other"}
_IT = re.compile(r"\b(?:di|della|delle|dei|con|per il|per la|nel|sono)\b")
_EN = re.compile(r"\b(?:the|with|of|for|and)\b")
needs_topics = pytest.mark.skipif(not DEFAULT_TOPICS_PATH.exists(), reason="../shared data not checked out")


@pytest.fixture(scope="module")
def members() -> list[MemberProfile]:
    return generate_members()


def _counts(members: list[MemberProfile], cluster: str) -> tuple[int, int, int]:
    inside = [m for m in members if cluster in m.clusters]
    return (
        sum(m.org_type == "company" for m in inside),
        sum(m.org_type in _RESEARCH for m in inside),
        sum(m.org_type in _OTHER for m in inside),
    )


@pytest.mark.parametrize(
    ("cluster", "expected"), [("AFIL", (116, 14, 14)), ("CAT.AL", (4, 4, 6)), ("CLM", (70, 4, 9))]
)
def test_published_cluster_sizes_by_org_type(
    members: list[MemberProfile], cluster: str, expected: tuple[int, int, int]
) -> None:
    assert _counts(members, cluster) == expected


def test_afil_research_mixes_universities_and_research_centres(members: list[MemberProfile]) -> None:
    kinds = Counter(m.org_type for m in members if "AFIL" in m.clusters and m.org_type in _RESEARCH)
    assert kinds["university"] > 0 and kinds["research_centre"] > 0


def test_all_nine_clusters_and_some_members_in_two(members: list[MemberProfile]) -> None:
    clusters = Counter(c for m in members for c in m.clusters)
    assert set(clusters) == {"AFIL", "CAT.AL", "CLM", "LLSC", "LE2C", "LAC", "LGCA", "SCC", "CTAV"}
    multi = sum(len(m.clusters) > 1 for m in members) / len(members)
    assert 0.06 < multi < 0.16
    polimi = next(m for m in members if m.member_id == "univ-polimi")
    assert len(polimi.clusters) >= 3


def test_same_seed_same_json_and_other_seed_differs() -> None:
    def dump(seed: int) -> list[str]:
        return [m.model_dump_json() for m in generate_members(seed=seed)]

    assert dump(7) == dump(7)
    assert dump(7) != dump(8)


def test_members_are_valid_unique_and_well_formed(members: list[MemberProfile]) -> None:
    assert len({m.member_id for m in members}) == len(members)
    assert len({m.name for m in members}) == len(members)
    for m in members:
        assert MemberProfile.model_validate_json(m.model_dump_json()) == m
        assert 2 <= len(m.competencies) <= 7
        assert m.ecosystems and set(m.ecosystems) <= set(ECOSYSTEMS)
        assert m.updated_at.year == 2026 and m.city
        assert (m.notify is not None) == m.is_sme
        assert all(
            c.kind in {"product", "publication", "project", "service", "skill"} for c in m.competencies
        )


def test_companies_are_mostly_smes_and_names_fictional(members: list[MemberProfile]) -> None:
    companies = [m for m in members if m.org_type == "company"]
    sizes = Counter(m.size for m in companies)
    assert sizes["large"] > 0 and sum(m.is_sme for m in companies) / len(companies) > 0.75
    real = {i.name for i in INSTITUTIONS + PUBLIC_BODIES}
    assert not {m.name for m in companies} & real


def test_both_languages_about_forty_percent_italian(members: list[MemberProfile]) -> None:
    def italian(text: str) -> bool:
        return len(_IT.findall(text)) > len(_EN.findall(text))

    shares = [sum(italian(c.text) for c in m.competencies) / len(m.competencies) for m in members]
    all_it = sum(s == 1.0 for s in shares) / len(members)
    all_en = sum(s == 0.0 for s in shares) / len(members)
    assert 0.3 < all_it < 0.5 and 0.45 < all_en < 0.65
    assert any(0.0 < s < 1.0 for s in shares)


def test_evidence_is_varied(members: list[MemberProfile]) -> None:
    texts = [c.text for m in members for c in m.competencies]
    assert len(set(texts)) / len(texts) > 0.97


def test_scale_multiplies_counts_quickly() -> None:
    small, big = generate_members(scale=0.5), generate_members(scale=3)
    assert len(small) < len(generate_members()) < len(big)
    assert _counts(big, "AFIL") == (348, 42, 42)


def test_every_signature_has_one_holder(members: list[MemberProfile]) -> None:
    texts = Counter(c.text for m in members for c in m.competencies)
    assert all(texts[sig.text] == 1 for sig in SIGNATURE_EVIDENCE)


@needs_topics
def test_horizon_topics_load_valid_with_descriptions() -> None:
    loaded = read_horizon_topics()
    topics = loaded.opportunities
    assert len(topics) >= 600 and len(topics) + len(loaded.skipped) == 629
    assert len({t.opportunity_id for t in topics}) == len(topics)
    for topic in topics:
        assert topic.description and len(topic.description) <= MAX_TEXT_CHARS
        assert topic.kind == "call_for_proposals" and topic.published_by == "EC"
        assert topic.opportunity_id.startswith("he-") and topic.status in ("open", "closed")
        assert "â€" not in topic.description and "â€" not in topic.title
    assert sum(bool(t.ecosystems) for t in topics) > 550
    assert len(load_horizon_topics(limit=5)) == 5


def test_horizon_loader_skips_bad_records(tmp_path: Path) -> None:
    good = {
        "topicId": "HORIZON-CL5-2026-D3-01",
        "title": "Heat pumps",
        "cluster": "CL5",
        "callStatus": "forthcoming",
        "description": "Objective:Cut CO\u00e2\u201a\u201a.More.",  # mojibake of CO₂, glued sentences
        "deadline": "2026-09-01",
        "portalUrl": "https://example.org/t",
    }
    bad = {**good, "description": ""}
    path = tmp_path / "topics.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join([json.dumps(good), json.dumps(bad), "{not json", json.dumps(good)]) + "\n")
    loaded = read_horizon_topics(path)
    assert [t.opportunity_id for t in loaded.opportunities] == [
        "he-horizon-cl5-2026-d3-01",
        "he-horizon-cl5-2026-d3-01-2",
    ]
    assert len(loaded.skipped) == 2
    topic = loaded.opportunities[0]
    assert topic.description == "Objective: Cut CO₂. More." and topic.status == "open"
    assert topic.deadline == dt.date(2026, 9, 1) and "sustainability" in topic.ecosystems


def test_clean_text_fixes_common_mojibake() -> None:
    mangled = (
        "Women\u00e2\u20ac\u2122s \u00e2\u20ac\u0153rights\u00e2\u20ac\x9d \u00e2\u20ac\u201c citt\u00c3\xa0"
    )
    assert clean_text(mangled) == "Women\u2019s \u201crights\u201d \u2013 citt\u00e0"


def test_three_regional_calls() -> None:
    calls = regional_calls()
    assert [c.deadline.year for c in calls if c.deadline] == [2025, 2026, 2027]
    assert all(c.published_by == "REGIONE-LOMBARDIA" and c.kind == "call_for_proposals" for c in calls)
    assert all("1 milione di euro" in c.description for c in calls)


def test_member_opportunities_and_targeted_pairs(members: list[MemberProfile]) -> None:
    opportunities = member_opportunities(members)
    by_id = {o.opportunity_id: o for o in opportunities}
    member_by_id = {m.member_id: m for m in members}
    assert len(by_id) == 30 and all(o.published_by in member_by_id for o in opportunities)
    assert {o.kind for o in opportunities} == {
        "partner_search",
        "technology_need",
        "technology_offer",
        "project_idea",
    }
    pairs = targeted_pairs(members)
    assert len(pairs) == len(SIGNATURE_EVIDENCE)
    for opportunity_id, member_id in pairs:
        opportunity, target = by_id[opportunity_id], member_by_id[member_id]
        assert opportunity.published_by != member_id
        seeking = opportunity.seeking
        if seeking is not None:
            assert not seeking.org_types or target.org_type in seeking.org_types
            assert not seeking.sme_only or target.is_sme
    assert any(o.seeking and o.seeking.sme_only for o in opportunities)
    assert member_opportunities(members) == opportunities


def test_write_jsonl_round_trips(tmp_path: Path, members: list[MemberProfile]) -> None:
    path = tmp_path / "out" / "opportunities.jsonl"
    assert write_jsonl(regional_calls(), path) == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [Opportunity.model_validate_json(line) for line in lines] == regional_calls()
