"""MMR diversity: near-duplicates stop crowding a list; the best candidate always stays first."""

from __future__ import annotations

import numpy as np
from factories import HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.diversity import mmr_order
from matcher.embedding import l2_normalise
from matcher.scoring import MatchScorer


def test_lambda_one_is_plain_score_order() -> None:
    scores = np.array([0.2, 0.9, 0.5], dtype=np.float32)
    assert mmr_order(scores, np.eye(3, dtype=np.float32), 3, 1.0) == [1, 2, 0]


def test_a_near_duplicate_gives_way_to_a_different_candidate() -> None:
    vectors = l2_normalise(np.array([[1, 0], [1, 0.01], [0, 1]], dtype=np.float32))
    scores = np.array([0.9, 0.88, 0.8], dtype=np.float32)
    assert mmr_order(scores, vectors, 2, 1.0) == [0, 1]
    assert mmr_order(scores, vectors, 2, 0.7) == [0, 2]


def test_scorer_diversifies_top_k_but_keeps_the_best_first() -> None:
    clones = [
        member(f"clone-{i}", "laser welding cells for battery trays", "laser welding robots")
        for i in range(4)
    ]
    other = member("other", "laser welding process simulation software", org_type="university", size=None)
    members = [*clones, other]
    opp = opportunity("o", "Laser welding", "laser welding cells for battery trays")

    def ranked(lambda_: float) -> list[str]:
        config = ScoringConfig(min_score=0.0, top_k=3, mmr_lambda=lambda_)
        return [
            m.member_id
            for m in MatchScorer(HashingEncoder(), HashingEncoder("ml"), config).fit(members).rank(opp)
        ]

    plain, diverse = ranked(1.0), ranked(0.5)
    assert "other" not in plain and plain[0].startswith("clone")
    assert diverse[0] == plain[0] and "other" in diverse
