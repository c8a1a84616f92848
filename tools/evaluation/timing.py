"""How long one opportunity takes to score against a large membership (the matrix work).

Random unit vectors at the real models' widths, real evidence texts; embedding the opportunity is
timed apart (docs/TOOLS.md). Run by ``matchmaker eval --only timing``.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from matcher.config import ScoringConfig
from matcher.embedding import Encoder, MiniLMEncoder, MultilingualUSEEncoder, Vectors, l2_normalise
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity
from tools.evaluation import lrbench as lr
from tools.evaluation.crosslingual import opportunity_for
from tools.evaluation.report import Table
from tools.evaluation.suites import configure
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS

if TYPE_CHECKING:
    from tools.evaluation.harness import Context

__all__ = ["RandomEncoder", "ScoringTime", "time_scoring", "timing_tables"]


class RandomEncoder:
    """Deterministic random unit vectors (one per distinct text): the shape of a model, no meaning."""

    def __init__(self, dim: int, name: str | None = None) -> None:
        self.dim = dim
        self.name = name or f"random-{dim}"

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One seeded Gaussian row per text, L2-normalised."""
        rows = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            rows[i] = np.random.default_rng(seed).standard_normal(self.dim)
        return l2_normalise(rows)


@dataclass(frozen=True)
class ScoringTime:
    """Milliseconds per opportunity (median and 95th percentile) for one group of opportunities."""

    label: str
    members: int
    rows: int
    score_ms: float
    score_p95_ms: float
    rank_ms: float
    build_s: float
    embed_ms: float | None


def _members(texts: Sequence[str], n: int, per_member: int, seed: int) -> list[MemberProfile]:
    rng = random.Random(seed)
    return [
        MemberProfile.model_validate(
            {
                "member_id": f"m{i:06d}",
                "name": f"Member {i}",
                "clusters": [rng.choice(["AFIL", "LGCA", "CLM", "LSC", "LE2C"])],
                "org_type": rng.choice(["company", "company", "university", "research_centre"]),
                "size": "small",
                "competencies": [{"text": f"{t} [{i}]"} for t in rng.sample(list(texts), per_member)],
                "updated_at": "2026-01-01T00:00:00Z",
            }
        )
        for i in range(n)
    ]


def time_scoring(
    texts: Sequence[str],
    queries: Mapping[str, Sequence[Opportunity]],
    config: ScoringConfig,
    members: int = 10_000,
    per_member: int = 5,
    real_encoders: tuple[Encoder, Encoder] | None = None,
    seed: int = 7,
) -> list[ScoringTime]:
    """Fit ``members`` members of ``per_member`` texts each (one index row per text), then time
    ``MatchScorer.score`` (every member scored) and ``rank`` (top-k) for each group of ``queries``.

    ``texts`` should be at most ``config.max_chunk_words`` words so each is one row. With
    ``real_encoders`` (MiniLM, USE; uncached) the time to embed each opportunity is measured too.
    """
    started = time.perf_counter()
    scorer = MatchScorer(RandomEncoder(384), RandomEncoder(512), config)
    scorer.fit(_members(texts, members, per_member, seed))
    build = time.perf_counter() - started
    assert scorer.index_ is not None
    probe = MatchScorer(real_encoders[0], real_encoders[1], config) if real_encoders else None
    results = []
    for label, group in queries.items():
        encoded = [scorer.encode_opportunity(q) for q in group]
        scorer.score(group[0], encoded[0])  # warm-up: lexical stack and member table are built once
        score_ms, rank_ms = [], []
        for opportunity, query in zip(group, encoded, strict=True):
            t0 = time.perf_counter()
            scorer.score(opportunity, query)
            t1 = time.perf_counter()
            scorer.rank(opportunity, query=query)
            score_ms.append(1000 * (t1 - t0))
            rank_ms.append(1000 * (time.perf_counter() - t1))
        embed_ms = None
        if probe is not None:
            probe.encode_opportunity(group[0])  # loads the models
            t0 = time.perf_counter()
            for opportunity in group:
                probe.encode_opportunity(opportunity)
            embed_ms = 1000 * (time.perf_counter() - t0) / len(group)
        results.append(
            ScoringTime(
                label,
                members,
                scorer.index_.n_live_rows,
                float(np.median(score_ms)),
                float(np.percentile(score_ms, 95)),
                float(np.median(rank_ms)),
                build,
                embed_ms,
            )
        )
    return results


def timing_tables(ctx: Context) -> list[Table]:
    """Time per opportunity against ``--members`` members × 5 evidence texts (random vectors)."""
    bench = lr.load_lrbench(seed=ctx.seed)
    texts = sorted({" ".join(c.text.split()[:60]) for m in bench.members for c in m.competencies})
    queries = list(bench.opportunities.values())[:20]
    italian = [opportunity_for(f"it{i}", it) for i, (it, _) in enumerate(CROSSLINGUAL_PAIRS[:20])]
    members = 2_000 if ctx.quick else ctx.args.members
    table = Table(
        f"Scoring time per opportunity: {members:,} members × 5 evidence texts",
        [
            "opportunity",
            "index rows",
            "score all (median ms)",
            "p95 ms",
            "rank top-k (ms)",
            "build (s)",
            "embed query (ms)",
        ],
        command=f"{ctx.command} --only timing",
        notes=[
            "index of random unit vectors (384 + 512 dims); real evidence texts for the lexical part; "
            "embed query = MiniLM + USE on a real opportunity, uncached; 2 CPU cores"
        ],
    )
    groups = {"English (MiniLM + USE rows)": queries, "Italian (USE rows only)": italian}
    encoders = (MiniLMEncoder(), MultilingualUSEEncoder())
    for res in time_scoring(texts, groups, configure(), members, 5, encoders):
        table.add(
            res.label, res.rows, res.score_ms, res.score_p95_ms, res.rank_ms, res.build_s, res.embed_ms or "-"
        )
    return [table]
