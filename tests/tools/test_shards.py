"""Sharded matching in simulation: shards by partition, gathered, give one scorer's exact top-k."""

from __future__ import annotations

import pytest

from matcher.config import ScoringConfig
from tools.bench.shards import build, partition_of
from tools.ltcdata import generate_members, load_horizon_topics


def test_four_shards_give_the_same_top_k_as_one_scorer_holding_every_member() -> None:
    members = generate_members(seed=3, scale=0.8)[:400]
    config = ScoringConfig(approximate_min_rows=None)
    whole, sharded, _ = build(members, 4, config)
    assert all(60 < len(s.members) < 140 for s in sharded.shards)  # really split by partition
    assert sum(len(s.members) for s in sharded.shards) == len(whole.members)
    compared = 0
    for opportunity in load_horizon_topics()[:12]:
        query = whole.encode_opportunity(opportunity)
        want = whole.rank(opportunity, query=query, min_score=0.0)
        got = sharded.rank(opportunity, query, config.top_k, 0.0).matches
        assert [(m.member_id, m.rank, m.shared_terms, m.above) for m in got] == [
            (m.member_id, m.rank, m.shared_terms, m.above) for m in want
        ]
        # float32 sums over differently sized matrices may round the last bit differently
        assert [m.score for m in got] == pytest.approx([m.score for m in want], abs=1e-6)
        compared += len(want)
    assert compared == 12 * config.top_k


def test_the_shards_follow_a_member_change_anywhere_through_the_global_term_counts() -> None:
    members = generate_members(seed=4, scale=0.5)[:200]
    config = ScoringConfig(approximate_min_rows=None)
    whole, sharded, _ = build(members[:-1], 3, config)
    newcomer = members[-1]
    whole.add_member(newcomer)
    home = sharded.shards[partition_of(newcomer.member_id, 3)]
    home.add_member(newcomer)
    sharded.owner[newcomer.member_id] = home
    sharded.terms.refresh()  # the term-statistics topic reaches every shard
    opportunity = load_horizon_topics()[0]
    query = whole.encode_opportunity(opportunity)
    want = whole.rank(opportunity, query=query, min_score=0.0)
    got = sharded.rank(opportunity, query, config.top_k, 0.0).matches
    assert [m.member_id for m in got] == [m.member_id for m in want]
    assert [m.score for m in got] == pytest.approx([m.score for m in want], abs=1e-6)
