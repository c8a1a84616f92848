"""The default scorer finds the translation: Italian opportunity ↔ English evidence, both ways.

Real models, the shipped configuration (``matcher.factory.default_scorer()``), a fixed spread of
20 of the hand-written pairs (every third, so every domain is in). The bar is the product target,
≥ 95 % rank-1 in each direction, i.e. at most one miss in 20.
"""

from __future__ import annotations

import pytest

from matcher.factory import default_scorer
from matcher.scoring import MatchScorer
from tools.evaluation.crosslingual import member_for, rank1_rate
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS, PAIRS_BY_DOMAIN

pytestmark = pytest.mark.realmodel

PAIRS = CROSSLINGUAL_PAIRS[::3]
TARGET = 0.95


@pytest.fixture(scope="module")
def english_pool() -> MatchScorer:
    """The default scorer holding one member per English text."""
    return default_scorer().fit([member_for(f"en-{i}", en) for i, (_, en) in enumerate(PAIRS)])


@pytest.fixture(scope="module")
def italian_pool() -> MatchScorer:
    """The default scorer holding one member per Italian text."""
    return default_scorer().fit([member_for(f"it-{i}", it) for i, (it, _) in enumerate(PAIRS)])


def test_the_subset_spans_every_domain() -> None:
    assert len(PAIRS) == 20
    assert all(set(pairs) & set(PAIRS) for pairs in PAIRS_BY_DOMAIN.values())


def test_italian_opportunity_ranks_its_english_translation_first(english_pool: MatchScorer) -> None:
    rate = rank1_rate(english_pool, [it for it, _ in PAIRS], [f"en-{i}" for i in range(len(PAIRS))])
    assert rate >= TARGET


def test_english_opportunity_ranks_its_italian_translation_first(italian_pool: MatchScorer) -> None:
    rate = rank1_rate(italian_pool, [en for _, en in PAIRS], [f"it-{i}" for i in range(len(PAIRS))])
    assert rate >= TARGET
