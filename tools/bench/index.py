"""Index benchmark: top-k search time, memory and recall for N members, exact and approximate.

``python -m tools.bench.index --members 100000 --queries 100`` (one size, one JSON line). Also holds
:class:`StandInEncoder`, the benchmarks' stand-in vectors at the real models' widths (docs/TOOLS.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder, Vectors, l2_normalise
from matcher.scoring import MatchScorer

__all__ = ["StandInEncoder", "main", "percentile_ms", "recall", "rss_mib", "run_index_bench"]

MEMBERS_PER_SCALE = 31_654 / 50  # generate_members(scale=50) gives 31,654 members


class StandInEncoder:
    """Deterministic stand-in for a model: hashed word counts times a fixed random projection."""

    def __init__(self, name: str, dim: int, seed: int = 0, n_features: int = 2**14) -> None:
        self.name = name
        self.dim = dim
        self._hasher = HashingVectorizer(n_features=n_features, alternate_sign=False, norm=None)
        rng = np.random.default_rng(seed)
        self._basis = rng.normal(size=(n_features, dim)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit rows ``[len(texts), dim]``."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        counts = self._hasher.transform(list(texts)).astype(np.float32)
        return l2_normalise(np.asarray(counts @ self._basis))


def rss_mib(field: str = "VmRSS") -> float:
    """Resident set size of this process from ``/proc`` in MiB (``VmHWM``: the peak since exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _state_mib(scorer: MatchScorer) -> dict[str, float]:
    """Bytes held by the embedding caches and the lexical index (vectors and term rows only)."""
    caches = 0
    for encoder in (scorer.english, scorer.multilingual):
        if isinstance(encoder, CachedEncoder):
            caches += sum(v.nbytes for v in encoder._cache.values())
    lexical = scorer.lexical_.nbytes
    return {"cache_vectors_mib": round(caches / 2**20, 1), "lexical_mib": round(lexical / 2**20, 1)}


def percentile_ms(seconds: list[float], q: float) -> float:
    """The ``q``-th percentile of ``seconds``, in milliseconds (``nan`` when empty)."""
    return float(np.percentile(seconds, q) * 1000) if seconds else float("nan")


Ranked = list[tuple[str, float]]


def _timed_ranks(scorer: MatchScorer, opportunities: list, queries: list) -> tuple[list[float], list[Ranked]]:  # type: ignore[type-arg]
    times, lists = [], []
    for opportunity, query in zip(opportunities, queries, strict=True):
        started = time.perf_counter()
        ranked = scorer.rank(opportunity, query=query, min_score=0.0)
        times.append(time.perf_counter() - started)
        lists.append([(m.member_id, m.score) for m in ranked])
    return times, lists


def recall(approximate: list[Ranked], exact: list[Ranked]) -> tuple[float, float]:
    """Recall@k by member id, and by score (a tie with an exact result counts, as in ann-benchmarks).

    Generated members often share evidence texts, so several members tie on one score; the
    exact ranking breaks the tie by id, and a different member of the tie is an equally good answer.
    """
    by_id = by_score = total = 0
    for got, want in zip(approximate, exact, strict=True):
        by_id += len({m for m, _ in got} & {m for m, _ in want})
        remaining = sorted(round(s, 6) for _, s in want)
        for _, score in got:
            if round(score, 6) in remaining:
                remaining.remove(round(score, 6))
        by_score += len(want) - len(remaining)
        total += len(want)
    return (by_id / total, by_score / total) if total else (float("nan"), float("nan"))


def run_index_bench(
    members: int,
    queries: int,
    seed: int = 7,
    candidates: Sequence[int] = (),
    lexical_candidates: Sequence[int] = (),
) -> list[dict[str, object]]:
    """Fit ``members`` generated members, then time ``queries`` top-k searches exact and approximate:
    one result per pair of ``approximate_candidates`` in ``candidates`` and
    ``approximate_lexical_candidates`` in ``lexical_candidates`` (default: the configuration's)."""
    from tools.ltcdata import generate_members, load_horizon_topics

    started = time.perf_counter()
    population = generate_members(seed=seed, scale=members / MEMBERS_PER_SCALE)[:members]
    opportunities = load_horizon_topics()[:queries]
    baseline_rss = rss_mib()
    config = ScoringConfig(approximate_min_rows=None)
    scorer = MatchScorer(
        CachedEncoder(StandInEncoder("stand-in-en", 384, seed=1)),
        CachedEncoder(StandInEncoder("stand-in-ml", 512, seed=2)),
        config,
    ).fit(population)
    fitted = time.perf_counter()
    assert scorer.index_ is not None
    encoded = [scorer.encode_opportunity(o) for o in opportunities]
    exact_times, exact_lists = _timed_ranks(scorer, opportunities, encoded)
    exact_rss = rss_mib()
    scorer.config = config.model_copy(update={"approximate_min_rows": 1})
    build_started = time.perf_counter()
    ann = scorer.candidate_index()
    build_seconds = time.perf_counter() - build_started
    results = []
    for n, lexical in itertools.product(
        candidates or [config.approximate_candidates],
        lexical_candidates or [config.approximate_lexical_candidates],
    ):
        scorer.config = config.model_copy(
            update={
                "approximate_min_rows": 1,
                "approximate_candidates": n,
                "approximate_lexical_candidates": lexical,
            }
        )
        approx_times, approx_lists = _timed_ranks(scorer, opportunities, encoded)
        by_id, by_score = recall(approx_lists, exact_lists)
        results.append(
            {
                "approximate_candidates": n,
                "approximate_lexical_candidates": lexical,
                "approx_p50_ms": round(percentile_ms(approx_times, 50), 2),
                "approx_p99_ms": round(percentile_ms(approx_times, 99), 2),
                "recall_at_10": round(by_id, 4),
                "recall_at_10_ties": round(by_score, 4),
            }
        )
    shared = {
        "members": len(population),
        "evidence_rows": scorer.index_.n_live_rows,
        "queries": len(opportunities),
        "fit_s": round(fitted - started, 1),
        "exact_p50_ms": round(percentile_ms(exact_times, 50), 2),
        "exact_p99_ms": round(percentile_ms(exact_times, 99), 2),
        "approx_build_s": round(build_seconds, 2),
        "matrix_mib": round(scorer.index_.nbytes / 2**20, 1),
        "ann_mib": round(ann.nbytes / 2**20, 1),
        "rss_before_fit_mib": round(baseline_rss, 1),
        "rss_exact_mib": round(exact_rss, 1),
        "rss_with_ann_mib": round(rss_mib(), 1),
        "peak_rss_mib": round(rss_mib("VmHWM"), 1),
        **_state_mib(scorer),
    }
    return [{**shared, **result} for result in results]


def main(argv: list[str] | None = None) -> int:
    """Run one size and print its figures as one JSON line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument(
        "--candidates",
        type=int,
        nargs="+",
        default=[],
        help="approximate_candidates to time in turn on the same index (default: the configuration's)",
    )
    parser.add_argument(
        "--lexical-candidates",
        type=int,
        nargs="+",
        default=[],
        help="approximate_lexical_candidates, each with every --candidates (default: the configuration's)",
    )
    args = parser.parse_args(argv)
    if args.members < 1 or args.queries < 1 or any(n < 10 for n in args.candidates):
        print("error: --members and --queries must be positive, --candidates at least 10", file=sys.stderr)
        return 2
    if any(n < 0 for n in args.lexical_candidates):
        print("error: --lexical-candidates must not be negative", file=sys.stderr)
        return 2
    runs = run_index_bench(
        args.members, args.queries, candidates=args.candidates, lexical_candidates=args.lexical_candidates
    )
    for result in runs:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
