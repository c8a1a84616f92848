"""Scoring configuration: every weight of the score in one frozen, documented object."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["CALIBRATED_FLOORS", "Aggregation", "Calibration", "ScoringConfig"]

Aggregation = Literal["max", "topk_mean", "softmax"]

#: Per-kind suggestion floors: the 99th percentile of unrelated pairs' scores on the bilingual twin
#: set (tools/ltcdata/twins.py), rounded up to 0.05 (``matchmaker eval --only floors``).
CALIBRATED_FLOORS: dict[str, float] = {
    "call_for_proposals": 0.3,
    "partner_search": 0.2,
    "technology_need": 0.15,
    "technology_offer": 0.2,
    "project_idea": 0.1,
}


class Calibration(BaseModel):
    """Logistic map from one backend's cosine to a 0–1 relevance: ``1 / (1 + exp(-(s - center) / scale))``."""

    model_config = ConfigDict(frozen=True)

    center: float
    scale: float = Field(gt=0)


class ScoringConfig(BaseModel):
    """How a member–opportunity score is made. Defaults are the measured choice (docs/QUALITY.md)."""

    model_config = ConfigDict(frozen=True)

    top_k: int = Field(default=10, ge=1, description="Suggestions per opportunity")
    min_score: float = Field(
        default=0.35,
        ge=0,
        le=1,
        description="Nothing below this is suggested, unless the opportunity's kind has a lower floor "
        "(min_score_by_kind) or the member's own notify.min_score (when it opted in) is lower",
    )
    min_score_by_kind: dict[str, float] = Field(
        default_factory=lambda: dict(CALIBRATED_FLOORS),
        description="Lower floors per opportunity kind (a kind's floor is never above min_score); the "
        "defaults let at most 1% of unrelated pairs through on the twin set (docs/QUALITY.md)",
    )
    aggregation: Aggregation = Field(
        default="max", description="How a member's evidence similarities become one affinity"
    )
    evidence_k: int = Field(default=3, ge=1, description="Evidence pieces used by topk_mean")
    evidence_breadth: float = Field(
        default=0.5,
        ge=0,
        le=5,
        description="b: the summed relevance s of a member's other competencies fills 1 - exp(-b·s) of "
        "the room between its pooled evidence relevance and 1; several relevant projects count "
        "(matcher.aggregation.pooled; 0: off); chosen on the dev halves (docs/QUALITY.md, fourth pass)",
    )
    softmax_temperature: float = Field(default=0.05, gt=0, description="Sharpness of softmax pooling")
    multilingual: bool = Field(
        default=True, description="Score pairs that are not both English with the multilingual model"
    )
    lexical_weight: float = Field(
        default=0.6, ge=0, le=1, description="Share of the affinity from TF-IDF term overlap"
    )
    lexical_saturation: float = Field(
        default=0.5, gt=0, le=1, description="TF-IDF cosine at which the lexical relevance reaches 1"
    )
    english: Calibration = Calibration(center=0.481, scale=0.058)
    crosslingual: Calibration = Calibration(center=0.447, scale=0.042)
    max_chunk_words: int = Field(default=120, ge=16, description="Long texts are split, never truncated")
    query_form: Literal["title_and_chunks", "whole"] = Field(
        default="title_and_chunks",
        description="How an opportunity's text is embedded: 'whole' = 'title. description' as one text "
        "(in windows of query_words words when longer, pooled); 'title_and_chunks' = the mean of the "
        "title's vector and the description's chunks (the title weighs as much as the description)",
    )
    query_words: int = Field(default=200, ge=16, description="Window of the 'whole' query form, in words")
    need_words: int = Field(default=40, ge=8, description="Longest need, in words (matcher.needs)")
    max_needs: int = Field(
        default=8,
        ge=0,
        description="Needs of an opportunity that enumerates topics or list items (matcher.needs): each "
        "evidence row counts with the whole text or its best need (0: no need-level matching)",
    )
    sentence_needs: bool = Field(
        default=False,
        description="Also split prose into one need a sentence for scoring (consortia always do)",
    )
    complementarity_bonus: float = Field(
        default=0.05, ge=0, description="Industry need ↔ research capability (knowledge triangle)"
    )
    ecosystem_bonus: float = Field(default=0.02, ge=0, description="Per shared S3 ecosystem, at most two")
    cross_cluster_bonus: float = Field(
        default=0.02, ge=0, description="Member belongs to no cluster of the publisher"
    )

    evidence_bonus: float = Field(
        default=0.05,
        ge=0,
        description="A prior on how much evidence a member has shown: this much at evidence_saturation "
        "competencies of evidence_kinds, growing with log(1 + n) below (0: off, and no 'evidence' "
        "component); chosen on CORDIS and cordis-he-calls (docs/QUALITY.md)",
    )
    evidence_saturation: int = Field(default=10, ge=1, description="Competencies that earn the whole prior")
    evidence_saturation_by_org: dict[str, int] = Field(
        default_factory=dict, description="evidence_saturation per organisation type (others: the global one)"
    )
    evidence_kinds: tuple[str, ...] | None = Field(
        default=("project",),
        description="Competency kinds the evidence prior counts (None: all; '' counts those without a "
        "kind): projects, a track record of taking part; a count of publications did not predict an "
        "expert's familiarity on LR-bench (docs/QUALITY.md, third pass)",
    )
    evidence_opportunity_kinds: tuple[str, ...] | None = Field(
        default=None, description="Opportunity kinds the evidence prior applies to (None: all)"
    )
    cross_language_gain: float = Field(
        default=0.604,
        gt=0,
        le=1,
        description="A member scored across languages gets gain · affinity ** cross_language_power, the "
        "map fitted so that its score matches its same-language twin's (docs/QUALITY.md)",
    )
    cross_language_power: float = Field(
        default=0.584, gt=0, le=3, description="Fitted with the gain: python -m tools.evaluation.parity_fit"
    )

    @model_validator(mode="after")
    def _bonuses_leave_room(self) -> ScoringConfig:
        bonus = self.complementarity_bonus + 2 * self.ecosystem_bonus + self.cross_cluster_bonus
        if bonus + self.evidence_bonus >= 0.5:
            raise ValueError("bonuses must add up to less than 0.5: the score is mostly affinity")
        return self

    alignment: str | None = Field(
        default=None,
        description="One embedding space: non-English text through the multilingual model and this "
        "fitted map into the English model's space (matcher/alignments/<name>.npz), every pair then "
        "scored with the English calibration; None: two routes (matcher.alignment, docs/SCORING.md)",
    )

    mmr_lambda: float = Field(
        default=0.9, gt=0, le=1, description="Diversity of each top-k list (1 = pure score order, MMR)"
    )
    explain_evidence: int = Field(default=3, ge=1, description="Evidence pieces shown per suggestion")
    explain_min_relevance: float = Field(
        default=0.1,
        ge=0,
        le=1,
        description="Evidence less relevant than this is never shown as a reason, and a member without "
        "one piece at least this relevant is never suggested: bonuses alone do not make a match",
    )
    explain_max_term_share: float = Field(
        default=0.1,
        gt=0,
        le=1,
        description="A shared term held by more than this share of the members is too common to explain",
    )
    approximate_min_rows: int | None = Field(
        default=100_000,
        ge=1,
        description="Evidence rows from which top-k search proposes candidates with the approximate "
        "index (matcher.ann) and scores only those exactly; None = always exact",
    )
    approximate_candidates: int = Field(
        default=1000, ge=10, description="Nearest evidence rows per embedding space proposed as candidates"
    )
    approximate_lexical_candidates: int = Field(
        default=3000,
        ge=0,
        description="Members with the highest TF-IDF similarity added as candidates; with the lexical "
        "share of the score at 0.6, 300 left recall@10 at 0.984 at 100k members (docs/BENCHMARKS.md)",
    )
    approximate_nprobe: int = Field(default=96, ge=1, description="Inverted lists visited per ANN query")
    model_threads: int = Field(
        default=1,
        ge=1,
        description="CPU threads per model call (torch intra-op, numpy BLAS). One model call runs at a "
        "time, so 1 leaves the other cores to Kafka and scoring; more threads on a busy or small "
        "machine make each call many times slower (docs/BENCHMARKS.md)",
    )
