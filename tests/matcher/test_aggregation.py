"""Evidence aggregation: the pooled value follows the best evidence, as each method promises."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.aggregation import aggregate, breadth, pooled
from matcher.config import ScoringConfig

NEG = -np.inf
SIMS = np.array([[0.9, 0.1, NEG], [0.6, 0.6, 0.6], [0.2, NEG, NEG]], dtype=np.float32)


def test_max_takes_the_single_best_evidence() -> None:
    assert aggregate(SIMS, "max").tolist() == pytest.approx([0.9, 0.6, 0.2])


def test_topk_mean_ignores_padding_and_members_with_fewer_pieces() -> None:
    assert aggregate(SIMS, "topk_mean", k=2).tolist() == pytest.approx([0.5, 0.6, 0.2])


def test_softmax_sits_between_mean_and_max_and_ignores_padding() -> None:
    pooled = aggregate(SIMS, "softmax", temperature=0.1)
    assert 0.5 < pooled[0] < 0.9
    assert pooled[1] == pytest.approx(0.6)
    assert pooled[2] == pytest.approx(0.2)


def test_one_strong_piece_beats_many_weak_ones_unlike_an_averaged_profile() -> None:
    specialist = [0.8, 0.05, 0.05, 0.05]
    generalist = [0.3, 0.3, 0.3, 0.3]
    sims = np.array([specialist, generalist], dtype=np.float32)
    assert np.mean(specialist) < np.mean(generalist)
    for method in ("max", "topk_mean", "softmax"):
        pooled = aggregate(sims, method, k=1, temperature=0.05)  # type: ignore[arg-type]
        assert pooled[0] > pooled[1], method


def test_empty_inputs() -> None:
    assert aggregate(np.zeros((0, 0), dtype=np.float32), "softmax").shape == (0,)
    with pytest.raises(ValueError):
        aggregate(SIMS, "median")  # type: ignore[arg-type]


def test_breadth_sums_the_other_competencies_once_each_with_their_best_chunk() -> None:
    inf = -np.inf
    sims = np.array([[0.9, 0.5, 0.3, 0.2, inf], [0.8, -0.2, inf, inf, inf]], dtype=np.float32)
    evidence = np.array([[0, 1, 1, 2, -1], [0, 1, -1, -1, -1]], dtype=np.int32)
    # member 0: best 0.9 (competency 0) left out; competency 1 counts once at 0.5, competency 2 at 0.2
    # member 1: the other competency is negative, so it adds nothing
    np.testing.assert_allclose(breadth(sims, evidence), [0.7, 0.0], atol=1e-6)
    one_member = np.array([0, 0, 1], dtype=np.int32)  # 1-D: the same rows for every query
    queries = np.array([[0.6, 0.4, 0.5], [0.1, 0.2, 0.0]], dtype=np.float32)
    np.testing.assert_allclose(breadth(queries, one_member), [0.5, 0.0], atol=1e-6)


def test_pooled_fills_the_room_above_the_best_piece_and_never_reaches_one() -> None:
    sims = np.array([[0.9, 0.8, 0.7], [0.5, 0.8, -np.inf], [0.4, -np.inf, -np.inf]], dtype=np.float32)
    evidence = np.array([[0, 1, 2], [0, 0, -1], [0, -1, -1]], dtype=np.int32)
    assert pooled(ScoringConfig(evidence_breadth=0.0), sims, evidence).tolist() == pytest.approx(
        [0.9, 0.8, 0.4]
    )
    got = pooled(ScoringConfig(evidence_breadth=0.5), sims, evidence)
    # 0.9 + 0.1 · (1 - e^(-0.5 · 1.5)); one competency (two chunks) or one piece: nothing to add
    np.testing.assert_allclose(got, [0.9 + 0.1 * (1 - np.exp(-0.75)), 0.8, 0.4], rtol=1e-6)
    # ten projects at 0.5 against one: more relevant evidence ranks higher, and stays below 1
    ten = np.array([[0.5] * 10, [0.5] + [-np.inf] * 9], dtype=np.float32)
    ids = np.array([list(range(10)), [0] + [-1] * 9], dtype=np.int32)
    wide, single = pooled(ScoringConfig(evidence_breadth=0.5), ten, ids).tolist()
    assert single == pytest.approx(0.5) and wide == pytest.approx(0.5 + 0.5 * (1 - np.exp(-2.25)))
    assert single < wide < 1.0
