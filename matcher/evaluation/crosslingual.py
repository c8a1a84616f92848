"""Cross-language retrieval on the hand-written pairs of :mod:`ltcdata.crosslingual_pairs`.

Each Italian text is an opportunity and every English text the only evidence of one member; the
share of Italian opportunities whose translation ranks first is ``it→en`` (expected rank-1, ties
shared). ``en→it`` is the reverse. The *mixed* pools add the other texts of the query's own
language as members (the query's own text left out), so an English opportunity must prefer its
Italian translation, scored by the multilingual model, over English texts of the same domain,
scored by the English model: that only works when the two backends' calibrations agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matcher.evaluation.metrics import expected_rank1
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity

__all__ = ["CrosslingualResult", "evaluate_pairs", "member_for", "opportunity_for", "rank1_rate"]

_STAMP = "2026-01-01T00:00:00Z"
PUBLISHER = "XLING-EVAL"


@dataclass(frozen=True)
class CrosslingualResult:
    """Rank-1 rates over ``n`` pairs: plain pools (other language only) and mixed pools."""

    it_to_en: float
    en_to_it: float
    it_to_mixed: float
    en_to_mixed: float
    n: int


def member_for(member_id: str, text: str) -> MemberProfile:
    """A member whose only evidence is ``text`` (every member alike but for that)."""
    return MemberProfile.model_validate(
        {
            "member_id": member_id,
            "name": member_id,
            "clusters": ["XLING"],
            "org_type": "company",
            "competencies": [{"text": text}],
            "updated_at": _STAMP,
        }
    )


def opportunity_for(opportunity_id: str, text: str) -> Opportunity:
    """An opportunity that says ``text`` (as title and description, so its embedding is the text's)."""
    return Opportunity.model_validate(
        {
            "opportunity_id": opportunity_id,
            "published_by": PUBLISHER,
            "kind": "partner_search",
            "title": text[:300],
            "description": text,
            "updated_at": _STAMP,
        }
    )


def rank1_rate(
    scorer: MatchScorer, queries: Sequence[str], targets: Sequence[str], exclude: Sequence[str | None] | None = None
) -> float:
    """Share of ``queries[i]`` whose best-scored member is ``targets[i]`` (member ids), ties shared.

    ``exclude[i]`` (a member id) is left out of query ``i``'s ranking, e.g. the query's own text.
    """
    total = 0.0
    for i, text in enumerate(queries):
        matches = scorer.score(opportunity_for(f"q{i}", text))
        scores = {m.member_id: m.score for m in matches}
        if exclude is not None and exclude[i] is not None:
            scores.pop(exclude[i], None)  # type: ignore[arg-type]
        total += expected_rank1(scores, targets[i])
    return total / len(queries)


def evaluate_pairs(make_scorer: Callable[[], MatchScorer], pairs: Sequence[tuple[str, str]]) -> CrosslingualResult:
    """Rank-1 rates of a fresh scorer from ``make_scorer`` (one per pool) over ``pairs``."""
    italian = [it for it, _ in pairs]
    english = [en for _, en in pairs]
    it_ids = [f"it-{i:03d}" for i in range(len(pairs))]
    en_ids = [f"en-{i:03d}" for i in range(len(pairs))]
    en_pool = make_scorer().fit([member_for(m, t) for m, t in zip(en_ids, english, strict=True)])
    it_pool = make_scorer().fit([member_for(m, t) for m, t in zip(it_ids, italian, strict=True)])
    both = make_scorer().fit(
        [member_for(m, t) for m, t in zip([*it_ids, *en_ids], [*italian, *english], strict=True)]
    )
    return CrosslingualResult(
        it_to_en=rank1_rate(en_pool, italian, en_ids),
        en_to_it=rank1_rate(it_pool, english, it_ids),
        it_to_mixed=rank1_rate(both, italian, en_ids, exclude=it_ids),
        en_to_mixed=rank1_rate(both, english, it_ids, exclude=en_ids),
        n=len(pairs),
    )
