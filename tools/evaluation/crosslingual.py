"""Cross-language retrieval on the hand-written pairs of :mod:`tools.ltcdata.crosslingual_pairs`.

Rank-1 share of each text's translation, ``it→en`` and ``en→it``, in plain and *mixed* pools
(definitions: docs/TOOLS.md). Run by ``matchmaker eval --only crosslingual``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matcher.config import ScoringConfig
from matcher.lexical import LexicalIndex
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Notify, Opportunity
from tools.evaluation.metrics import expected_rank1
from tools.evaluation.report import Table
from tools.evaluation.suites import variants
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS

if TYPE_CHECKING:
    from tools.evaluation.harness import Context

__all__ = [
    "CrosslingualResult",
    "crosslingual_tables",
    "evaluate_pairs",
    "evaluate_pools",
    "member_for",
    "opportunity_for",
    "rank1_rate",
    "scorer_pool",
    "tfidf_pool",
]

_STAMP = "2026-01-01T00:00:00Z"
PUBLISHER = "XLING-EVAL"


@dataclass(frozen=True)
class CrosslingualResult:
    """Rank-1 rates over ``n`` pairs: plain pools (other language only) and mixed pools."""

    it_to_en: float
    en_to_it: float
    it_to_mixed: float
    en_to_mixed: float
    translation_scores: tuple[float, ...]
    n: int

    @property
    def worst(self) -> float:
        """The lowest of the four rank-1 rates."""
        return min(self.it_to_en, self.en_to_it, self.it_to_mixed, self.en_to_mixed)

    def share_above(self, floor: float) -> float:
        """Share of translations (plain pools, both directions) whose score is at least ``floor``."""
        return sum(s >= floor for s in self.translation_scores) / len(self.translation_scores)


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


#: A pool of members ready to rank: query text → {member id: score}.
Ranker = Callable[[str], dict[str, float]]
#: Builds a ranker over ``(member id, text)`` members.
PoolBuilder = Callable[[Sequence[tuple[str, str]]], Ranker]


def scorer_pool(make_scorer: Callable[[], MatchScorer]) -> PoolBuilder:
    """Pools scored by a fresh ``MatchScorer`` each (one member per text, ``score``: no floor)."""

    def build(members: Sequence[tuple[str, str]]) -> Ranker:
        scorer = make_scorer().fit([member_for(m, t) for m, t in members])
        return lambda text: {m.member_id: m.score for m in scorer.score(opportunity_for("q", text))}

    return build


def tfidf_pool(members: Sequence[tuple[str, str]]) -> Ranker:
    """A pool ranked by TF-IDF cosine alone (term overlap, no model): the lexical baseline."""
    index = LexicalIndex()
    for member_id, text in members:
        index.add(member_id, text)
    ids = [m for m, _ in members]
    return lambda text: dict(zip(ids, index.similarities(text, ids).tolist(), strict=True))


def _target_scores(
    rank: Ranker, queries: Sequence[str], targets: Sequence[str], exclude: Sequence[str] | None
) -> tuple[float, list[float]]:
    total, target_scores = 0.0, []
    for i, text in enumerate(queries):
        scores = rank(text)
        if exclude is not None:
            scores.pop(exclude[i], None)
        total += expected_rank1(scores, targets[i])
        target_scores.append(scores[targets[i]])
    return total / len(queries), target_scores


def rank1_rate(
    scorer: MatchScorer,
    queries: Sequence[str],
    targets: Sequence[str],
    exclude: Sequence[str] | None = None,
) -> float:
    """Share of ``queries[i]`` whose best-scored member of ``scorer`` is ``targets[i]``, ties shared.

    ``exclude[i]`` (a member id) is left out of query ``i``'s ranking, e.g. the query's own text.
    """

    def rank(text: str) -> dict[str, float]:
        return {m.member_id: m.score for m in scorer.score(opportunity_for("q", text))}

    return _target_scores(rank, queries, targets, exclude)[0]


def evaluate_pools(build: PoolBuilder, pairs: Sequence[tuple[str, str]]) -> CrosslingualResult:
    """Rank-1 rates over ``pairs`` with pools from ``build``, and the translations' scores."""
    italian = [it for it, _ in pairs]
    english = [en for _, en in pairs]
    it_ids = [f"it-{i:03d}" for i in range(len(pairs))]
    en_ids = [f"en-{i:03d}" for i in range(len(pairs))]
    en_pool = build(list(zip(en_ids, english, strict=True)))
    it_pool = build(list(zip(it_ids, italian, strict=True)))
    both = build(list(zip([*it_ids, *en_ids], [*italian, *english], strict=True)))
    it_to_en, it_scores = _target_scores(en_pool, italian, en_ids, None)
    en_to_it, en_scores = _target_scores(it_pool, english, it_ids, None)
    return CrosslingualResult(
        it_to_en=it_to_en,
        en_to_it=en_to_it,
        it_to_mixed=_target_scores(both, italian, en_ids, it_ids)[0],
        en_to_mixed=_target_scores(both, english, it_ids, en_ids)[0],
        translation_scores=(*it_scores, *en_scores),
        n=len(pairs),
    )


def evaluate_pairs(
    make_scorer: Callable[[], MatchScorer], pairs: Sequence[tuple[str, str]]
) -> CrosslingualResult:
    """Rank-1 rates of fresh scorers from ``make_scorer`` (one per pool) over ``pairs``, and the
    translations' scores (a first place under ``min_score`` is never suggested)."""
    return evaluate_pools(scorer_pool(make_scorer), pairs)


def crosslingual_tables(ctx: Context) -> list[Table]:
    """Rank-1 of the translation, both directions, plain and mixed pools, per variant."""
    pairs = CROSSLINGUAL_PAIRS[:20] if ctx.quick else CROSSLINGUAL_PAIRS
    ctx.prewarm([t for pair in pairs for t in pair])
    floor, notify = ScoringConfig().min_score, Notify().min_score
    table = Table(
        "Cross-language: share of queries whose translation ranks first",
        [
            "variant",
            "it→en",
            "en→it",
            "it→mixed",
            "en→mixed",
            f"score ≥ min_score {floor}",
            f"score ≥ notify {notify}",
        ],
        command=f"{ctx.command} --only crosslingual",
        notes=[
            f"{len(pairs)} hand-written pairs (tools/ltcdata/crosslingual_pairs.py); "
            "target ≥ 0.95 for the default",
            "it→en: Italian opportunity, one member per English text (en→it the reverse); mixed: the pool "
            "also holds the other texts of the query's own language (its own text left out); last columns: "
            "share of translations (plain pools) whose score clears the suggestion floor / the notify "
            "threshold",
        ],
    )
    base = evaluate_pools(tfidf_pool, pairs)
    table.add(
        "TF-IDF alone (term overlap)",
        base.it_to_en,
        base.en_to_it,
        base.it_to_mixed,
        base.en_to_mixed,
        "-",
        "-",
    )
    for v in variants("crosslingual"):
        res = evaluate_pairs(lambda v=v: ctx.scorer(v.backend, v.config), pairs)  # type: ignore[misc]
        table.add(
            v.name,
            res.it_to_en,
            res.en_to_it,
            res.it_to_mixed,
            res.en_to_mixed,
            res.share_above(floor),
            res.share_above(notify),
        )
    return [table]
