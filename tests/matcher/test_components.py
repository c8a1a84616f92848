"""The one score combination: the cross-language map applies to members scored across languages only;
the evidence prior counts what it is scoped to."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.components import MemberTraits, TraitTable, affinity_room, combine, evidence_prior
from matcher.config import ScoringConfig
from models.events import MemberProfile


def test_the_map_changes_only_members_who_do_not_speak_the_opportunitys_language() -> None:
    config = ScoringConfig(cross_language_gain=0.6, cross_language_power=0.5, lexical_weight=0.5)
    dense = np.array([0.25, 0.25, 0.0, 1.0], dtype=np.float32)
    speaks = np.array([True, False, False, False])
    lexical = np.array([0.1, 0.0, 0.0, 0.0], dtype=np.float32)
    parts, total = combine(config, dense, speaks, lexical)
    room = affinity_room(config)
    # the speaker: half dense, half lexical, as without the map
    assert parts["affinity"][0] == pytest.approx(room * 0.5 * 0.25)
    assert parts["lexical"][0] == pytest.approx(room * 0.5 * 0.1 / config.lexical_saturation)
    # across languages: gain * dense ** power, all of the affinity (no lexical part)
    assert parts["affinity"][1] == pytest.approx(room * 0.6 * 0.25**0.5)
    assert parts["affinity"][2] == 0.0  # unrelated stays at zero
    assert parts["affinity"][3] == pytest.approx(room * 0.6)  # the best cross-language evidence
    assert total[1] > total[0]  # a mid-relevance cross-language match is lifted


def test_without_a_map_the_combination_is_the_plain_one() -> None:
    plain = ScoringConfig(cross_language_gain=1.0, cross_language_power=1.0)
    dense = np.linspace(0, 1, 5, dtype=np.float32)
    speaks = np.zeros(5, dtype=bool)
    parts, _ = combine(plain, dense, speaks, np.zeros(5, dtype=np.float32))
    np.testing.assert_allclose(parts["affinity"], affinity_room(plain) * dense, rtol=1e-6)


def _member(member_id: str, org_type: str, kinds: list[str]) -> MemberProfile:
    return MemberProfile.model_validate(
        {
            "member_id": member_id,
            "name": member_id,
            "clusters": ["AFIL"],
            "org_type": org_type,
            "competencies": [{"text": f"evidence {i}", "kind": k} for i, k in enumerate(kinds)],
            "updated_at": "2026-12-01T00:00:00Z",
        }
    )


def _table(members: list[MemberProfile]) -> TraitTable:
    return TraitTable(
        [m.member_id for m in members], [MemberTraits.of(m, frozenset({"en"})) for m in members]
    )


def test_the_evidence_prior_counts_only_the_kinds_it_is_scoped_to() -> None:
    table = _table(
        [
            _member("lab", "university", ["publication"] * 10),
            _member("firm", "company", ["project"] * 3 + ["product"] * 7),
        ]
    )
    everything = evidence_prior(ScoringConfig(evidence_kinds=None), table.evidence)
    np.testing.assert_allclose(everything, [0.05, 0.05], rtol=1e-6)  # ten competencies each: saturated
    projects = evidence_prior(ScoringConfig(evidence_kinds=("project",)), table.evidence)
    assert projects[0] == 0.0  # publications are not a track record of projects
    assert projects[1] == pytest.approx(0.05 * np.log1p(3) / np.log1p(10), rel=1e-6)


def test_the_evidence_prior_may_apply_to_some_opportunity_kinds_and_saturate_per_org_type() -> None:
    table = _table(
        [_member("lab", "university", ["project"] * 4), _member("firm", "company", ["project"] * 4)]
    )
    calls_only = ScoringConfig(evidence_opportunity_kinds=("call_for_proposals",))
    assert evidence_prior(calls_only, table.evidence, "technology_need").tolist() == [0.0, 0.0]
    assert (evidence_prior(calls_only, table.evidence, "call_for_proposals") > 0).all()
    by_org = ScoringConfig(evidence_saturation_by_org={"company": 4})
    prior = evidence_prior(by_org, table.evidence, "call_for_proposals", table.org_types)
    assert prior[1] == pytest.approx(0.05)  # four projects saturate a company's prior
    assert prior[0] == pytest.approx(0.05 * np.log1p(4) / np.log1p(10), rel=1e-6)
