"""Member changes applied as one batch: the lists one change at a time leaves, each re-ranked once.

``Matchmaker.upsert_members`` indexes every change, then re-ranks each touched opportunity once and
suggests the batch's members found in the final lists (docs/CONTRACTS.md, "Suggestions of one batch").
"""

from __future__ import annotations

import dataclasses

import numpy as np
from factories import NOW, HashingEncoder, member, opportunity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pools import (
    MEMBER_IDS,
    _assert_same_match,
    _assert_same_suggestions,
    _Checked,
    _reranker,
    configs,
    member_events,
    opportunity_events,
)

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from models.events import MatchSuggestion, MemberProfile, Opportunity

changes = st.lists(
    st.one_of(member_events(), member_events(), st.sampled_from(MEMBER_IDS)), min_size=1, max_size=12
)


def _engine(config: ScoringConfig, incremental: bool) -> Matchmaker:
    scorer = MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config)
    pools = _Checked(scorer) if incremental else None  # every pool re-use checked against a full scan
    return Matchmaker(scorer, clock=lambda: NOW, incremental=incremental, pools=pools)


def _one_at_a_time(mm: Matchmaker, batch: list[MemberProfile | str]) -> list[list[MatchSuggestion]]:
    out: list[list[MatchSuggestion]] = []
    for change in batch:
        if isinstance(change, str):
            mm.delete_member(change)
            out.append([])
        else:
            out.append(mm.upsert_member(change))
    return out


def _assert_same_lists(got: Matchmaker, want: Matchmaker, terms: bool = True) -> None:
    """Same members, ranks, scores, components and evidence; with ``terms``, the same shared key terms
    too (their order is by document share, i.e. by the population when the list was last re-ranked)."""
    assert got._top.keys() == want._top.keys()
    for key, top in want._top.items():
        assert [m.member_id for m in got._top[key]] == [m.member_id for m in top], key
        for got_match, want_match in zip(got._top[key], top, strict=True):
            if not terms:
                got_match = dataclasses.replace(got_match, shared_terms=want_match.shared_terms)
            _assert_same_match(got_match, want_match)


def _assert_batch_suggestions(
    mm: Matchmaker,
    before: dict[str, MemberProfile],
    batch: list[MemberProfile | str],
    got: list[list[MatchSuggestion]],
) -> None:
    """Each change's suggestions: its member at its final rank in every final list, on the member's last
    effective change only (not an earlier one, not an identical re-send, nothing once erased)."""
    state, last = dict(before), {}
    for position, change in enumerate(batch):
        if isinstance(change, str):
            state.pop(change, None)
            last.pop(change, None)
        elif state.get(change.member_id) != change:
            reason = "profile_update" if change.member_id in state else "new_member"
            state[change.member_id] = change
            last[change.member_id] = (position, reason)
    want: list[set[tuple[str, str, int, str]]] = [set() for _ in batch]
    for key, top in mm._top.items():
        for rank, entry in enumerate(top, start=1):
            if entry.member_id in last:
                position, reason = last[entry.member_id]
                want[position].add((entry.member_id, key, rank, reason))
    assert [{(s.member_id, s.opportunity_id, s.rank, s.reason) for s in found} for found in got] == want


drift_free = st.builds(  # no IDF, no diversity: one change at a time keeps every list exact
    ScoringConfig,
    top_k=st.sampled_from([1, 2, 3]),
    min_score=st.sampled_from([0.0, 0.0, 0.3]),
    lexical_weight=st.just(0.0),
    mmr_lambda=st.just(1.0),
    aggregation=st.sampled_from(["max", "topk_mean", "softmax"]),
    multilingual=st.sampled_from([True, False]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    config=drift_free,
    first=st.lists(member_events(), min_size=6, max_size=24),
    opened=st.lists(opportunity_events(), min_size=1, max_size=4),
    batches=st.lists(changes, min_size=1, max_size=3),
)
def test_a_batch_leaves_the_lists_one_change_at_a_time_leaves(
    config: ScoringConfig,
    first: list[MemberProfile],
    opened: list[Opportunity],
    batches: list[list[MemberProfile | str]],
) -> None:
    """Four engines (pools or full scans; one by one or batched) end every batch with the same lists."""
    opened = [o.model_copy(update={"published_by": "CLM"}) for o in opened]  # a publisher moves all scores
    engines = {(inc, batched): _engine(config, inc) for inc in (True, False) for batched in (True, False)}
    for mm in engines.values():
        for m in first:
            mm.upsert_member(m)
        for o in opened:
            mm.upsert_opportunity(o)
    for batch in batches:
        for (_, batched), mm in engines.items():
            before = dict(mm.members)
            got = mm.upsert_members(batch) if batched else _one_at_a_time(mm, batch)
            if batched:
                _assert_batch_suggestions(mm, before, batch, got)
        for (_, batched), mm in engines.items():
            _assert_same_lists(mm, engines[(False, False)], terms=not batched)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    config=configs,
    first=st.lists(member_events(), min_size=6, max_size=24),
    opened=st.lists(opportunity_events(), min_size=1, max_size=4),
    batches=st.lists(changes, min_size=1, max_size=3),
    trust=st.sampled_from([None, 0.4]),
)
def test_a_batch_from_the_pools_is_the_batch_from_full_scans(
    config: ScoringConfig,
    first: list[MemberProfile],
    opened: list[Opportunity],
    batches: list[list[MemberProfile | str]],
    trust: float | None,
) -> None:
    """Any configuration, re-ranker, publisher: the pooled batch gives the reference's output."""
    pooled, reference = _engine(config, True), _engine(config, False)
    for mm in (pooled, reference):
        for m in first:
            mm.upsert_member(m)
        for o in opened:
            mm.upsert_opportunity(o)
        mm.reranker = None if trust is None else _reranker(trust)
    for batch in batches:
        before = dict(pooled.members)
        got, want = pooled.upsert_members(batch), reference.upsert_members(batch)
        for g, w in zip(got, want, strict=True):
            _assert_same_suggestions(g, w)
        _assert_batch_suggestions(pooled, before, batch, got)
        _assert_same_lists(pooled, reference)


def _welders(mm: Matchmaker) -> None:
    rng = np.random.default_rng(1)
    words = ["textile", "recycling", "food", "packaging", "sensors", "hydrogen", "wine", "leather"]
    for i in range(20):
        mm.upsert_member(member(f"m{i:02d}", " ".join(rng.choice(words, 4)), org_type="company"))
    mm.upsert_opportunity(opportunity("o1", "Laser welding", "laser welding of aluminium battery trays"))


def test_a_member_pushed_out_within_the_batch_is_not_suggested() -> None:
    config = ScoringConfig(top_k=1, min_score=0.0)
    batched, single = _engine(config, True), _engine(config, True)
    good = member("good", "laser welding of steel", org_type="company")
    best = member("best", "laser welding of aluminium battery trays", org_type="company")
    for mm in (batched, single):
        _welders(mm)
    one_by_one = _one_at_a_time(single, [good, best])
    assert [[s.member_id for s in found] for found in one_by_one] == [["good"], ["best"]]
    got = batched.upsert_members([good, best])
    suggested = [[(s.member_id, s.rank, s.reason) for s in found] for found in got]
    assert suggested == [[], [("best", 1, "new_member")]]
    _assert_same_lists(batched, single)


def test_suggestions_go_to_the_last_change_at_the_final_rank() -> None:
    config = ScoringConfig(top_k=3, min_score=0.0, mmr_lambda=1.0)
    mm = _engine(config, True)
    _welders(mm)
    first = member("acme", "laser welding", org_type="company")
    second = first.model_copy(update={"name": "Acme Laser", "updated_at": NOW})
    best = member("best", "laser welding of aluminium battery trays", org_type="company")
    got = mm.upsert_members([first, "m03", second, second, best, "best"])
    assert got[0] == got[1] == got[3] == got[4] == got[5] == []  # superseded, erased, re-sent, erased
    assert [(s.member_id, s.member_name, s.rank, s.reason) for s in got[2]] == [
        ("acme", "Acme Laser", 1, "profile_update")  # as one by one: its first change made it known
    ]
    assert "best" not in mm.members and "m03" not in mm.members


def test_an_erasure_in_a_batch_re_ranks_the_lists_it_was_in() -> None:
    config = ScoringConfig(top_k=2, min_score=0.0, explain_min_relevance=0.0)
    batched, single = _engine(config, True), _engine(config, True)
    for mm in (batched, single):
        _welders(mm)
    listed = [m.member_id for m in batched._top["o1"]]
    update = member("m19", "hydrogen wine", org_type="company", updated_at="2026-02-01T00:00:00Z")
    got = batched.upsert_members([listed[0], update])
    _one_at_a_time(single, [listed[0], update])
    assert listed[0] not in [m.member_id for m in batched._top["o1"]]
    assert got[0] == []
    _assert_same_lists(batched, single)


def test_a_batch_of_nothing_changes_nothing() -> None:
    mm = _engine(ScoringConfig(top_k=2, min_score=0.0), True)
    _welders(mm)
    before = {k: list(v) for k, v in mm._top.items()}
    again = mm.members["m01"]
    assert mm.upsert_members([]) == []
    assert mm.upsert_members([again, "nobody"]) == [[], []]
    assert mm._top == before
