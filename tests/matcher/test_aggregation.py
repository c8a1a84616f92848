"""Evidence aggregation: the pooled value follows the best evidence, as each method promises."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.aggregation import aggregate

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
