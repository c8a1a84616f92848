"""Candidate pools: a member change re-ranks from the pool and gets what a full re-rank gets.

The reference is ``Matchmaker(incremental=False)``: the code before the pools, which re-ranks a
stored opportunity by scanning every member and scores a changed member opportunity by opportunity.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from factories import NOW, HashingEncoder, member, opportunity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.feedback import FEATURES, FeedbackReranker
from matcher.lexical import LexicalIndex
from matcher.pools import CandidatePool, PoolRanker
from matcher.scoring import Match, MatchScorer, Query
from models.events import MatchSuggestion, MemberProfile, Opportunity

WORDS = (
    "laser welding aluminium battery trays robotic painting machine learning predictive maintenance "
    "tools saldatura alluminio vernice robot manutenzione predittiva hydrogen fuel cells textile "
    "recycling food packaging sensors LPBF titanium"
).split()
MEMBER_IDS = [f"m{i}" for i in range(30)]
OPPORTUNITY_IDS = ["o1", "o2", "o3", "o4"]
ORG_TYPES = ["company", "university", "research_centre", "public_body", "other"]
ECOSYSTEMS = ["advanced_manufacturing", "nutrition", "smart_mobility_architecture"]
STAMPS = ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]

phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
short = st.lists(st.sampled_from(WORDS[:8]), min_size=1, max_size=3).map(" ".join)  # few words: big IDF moves


@st.composite
def member_events(draw: st.DrawFn, words: st.SearchStrategy[str] = phrases) -> MemberProfile:
    member_id = draw(st.sampled_from(MEMBER_IDS))
    texts = draw(st.lists(words, min_size=1, max_size=3))
    texts[0] += f" {member_id}x"  # one word of its own: no two members can tie exactly
    return member(
        member_id,
        *texts,
        org_type=draw(st.sampled_from(ORG_TYPES)),
        size=draw(st.sampled_from([None, "micro", "small", "large"])),
        clusters=draw(
            st.lists(st.sampled_from(["AFIL", "CLM", "CAT.AL"]), min_size=1, max_size=2, unique=True)
        ),
        ecosystems=draw(st.lists(st.sampled_from(ECOSYSTEMS), max_size=2, unique=True)),
        notify=draw(st.sampled_from([None, {"enabled": True, "min_score": 0.3}])),
        updated_at=draw(st.sampled_from(STAMPS)),
    )


@st.composite
def opportunity_events(draw: st.DrawFn) -> Opportunity:
    seeking = draw(
        st.sampled_from(
            [
                None,
                {"org_types": ["university", "research_centre"]},
                {"sme_only": True},
                {"org_types": ["company"]},
            ]
        )
    )
    return opportunity(
        draw(st.sampled_from(OPPORTUNITY_IDS)),
        draw(phrases),
        draw(phrases),
        published_by=draw(st.sampled_from(["CLM", "AFIL", *MEMBER_IDS[:4]])),
        kind=draw(st.sampled_from(["partner_search", "technology_need", "technology_offer"])),
        seeking=seeking,
        ecosystems=draw(st.lists(st.sampled_from(ECOSYSTEMS), max_size=2, unique=True)),
        status=draw(st.sampled_from(["open", "open", "open", "closed"])),
        updated_at=draw(st.sampled_from(STAMPS)),
    )


events = st.one_of(
    member_events(),
    member_events(),
    member_events(),
    st.tuples(st.just("delete"), st.sampled_from(MEMBER_IDS)),
    opportunity_events(),
    st.tuples(st.just("reranker"), st.sampled_from([0.0, 0.4, 0.9])),
)
configs = st.builds(
    ScoringConfig,
    top_k=st.sampled_from([1, 2, 3]),  # with few members, small lists leave members outside the pools
    min_score=st.sampled_from([0.0, 0.0, 0.3]),
    lexical_weight=st.sampled_from([0.0, 0.6, 0.6]),
    mmr_lambda=st.sampled_from([0.7, 0.9, 1.0]),
    aggregation=st.sampled_from(["max", "max", "topk_mean", "softmax"]),
    multilingual=st.sampled_from([True, True, False]),
)


def _reranker(trust: float) -> FeedbackReranker:
    reranker = FeedbackReranker()
    reranker.mean_, reranker.scale_ = np.zeros(len(FEATURES)), np.ones(len(FEATURES))
    reranker.coef_ = np.linspace(-1.0, 1.0, len(FEATURES))  # prefers, among others, cross-cluster SMEs
    reranker.intercept_, reranker.trust_, reranker.n_examples_ = 0.0, trust, 100
    return reranker


class _Checked(PoolRanker):
    """Checks every pool re-use against a scan of every member: same candidates, same order, same scores."""

    checked = 0  # re-uses checked against a full scan, over every instance

    def reuse(
        self, opportunity: Opportunity, query: Query, pool: CandidatePool, depth: int
    ) -> tuple[list[Match], CandidatePool] | None:
        found = super().reuse(opportunity, query, pool, depth)
        if found is not None:
            _Checked.checked += 1
            scanned, _ = super().full(opportunity, query, depth)
            assert [m.member_id for m in found[0][:depth]] == [m.member_id for m in scanned[:depth]]
            assert all(
                abs(a.score - b.score) <= 1e-6 for a, b in zip(found[0][:depth], scanned[:depth], strict=True)
            )
        return found


def _engines(config: ScoringConfig, pools: dict[str, Any]) -> tuple[Matchmaker, Matchmaker]:
    def scorer() -> MatchScorer:
        return MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config)

    reference = Matchmaker(scorer(), clock=lambda: NOW, incremental=False)
    pooled = scorer()
    return reference, Matchmaker(pooled, clock=lambda: NOW, pools=_Checked(pooled, **pools))


def _apply(mm: Matchmaker, event: Any) -> list[MatchSuggestion]:
    if isinstance(event, MemberProfile):
        return mm.upsert_member(event)
    if isinstance(event, Opportunity):
        return mm.upsert_opportunity(event)
    if event[0] == "delete":
        mm.delete_member(event[1])
    else:
        mm.reranker = _reranker(event[1])
    return []


def _assert_same_match(got: Match, want: Match) -> None:
    assert (got.member_id, got.rank, got.shared_terms) == (want.member_id, want.rank, want.shared_terms)
    assert abs(got.score - want.score) <= 1e-6
    assert got.components.keys() == want.components.keys()
    assert all(abs(got.components[k] - v) <= 1e-6 for k, v in want.components.items())
    assert [e for e, _ in got.evidence] == [e for e, _ in want.evidence]
    assert all(abs(a - b) <= 1e-6 for (_, a), (_, b) in zip(got.evidence, want.evidence, strict=True))


def _assert_same_suggestions(got: list[MatchSuggestion], want: list[MatchSuggestion]) -> None:
    """Equal but for the scores' last (4th) decimal, which rounding may flip at a 1e-6 difference."""
    rounded = {"score", "components"}
    assert [s.model_dump(exclude=rounded) for s in got] == [s.model_dump(exclude=rounded) for s in want]
    for a, b in zip(got, want, strict=True):
        assert abs(a.score - b.score) <= 1e-4 + 1e-9
        assert all(abs(a.components[k] - v) <= 1e-4 + 1e-9 for k, v in b.components.items())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    config=configs,
    pools=st.fixed_dictionaries(
        {
            "factor": st.sampled_from([1, 1, 2]),
            "extra": st.sampled_from([0, 0, 1, 3]),
            "rare_ratio": st.sampled_from([1e-9, 3e-3, 0.05, 10.0]),
            "max_candidates": st.sampled_from([6, 2000]),
        }
    ),
    first=st.lists(member_events(), min_size=8, max_size=30),
    opened=st.lists(opportunity_events(), min_size=1, max_size=4),
    steps=st.lists(events, min_size=1, max_size=30),
)
def test_pools_give_exactly_the_full_re_ranks_results(
    config: ScoringConfig,
    pools: dict[str, Any],
    first: list[MemberProfile],
    opened: list[Opportunity],
    steps: list[Any],
) -> None:
    """Random members, updates, deletions, opportunity changes and re-rankers: same output, same state."""
    reference, pooled = _engines(config, pools)
    for event in [*first, *opened, *steps]:
        want, got = _apply(reference, event), _apply(pooled, event)
        _assert_same_suggestions(got, want)
        assert pooled._top.keys() == reference._top.keys()
        for key, top in reference._top.items():
            assert len(pooled._top[key]) == len(top)
            for got_match, want_match in zip(pooled._top[key], top, strict=True):
                _assert_same_match(got_match, want_match)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    config=st.builds(  # short lists and pools: drift decides more often who is in
        ScoringConfig,
        top_k=st.sampled_from([1, 1, 2]),
        min_score=st.just(0.0),
        lexical_weight=st.sampled_from([0.6, 1.0]),
        mmr_lambda=st.sampled_from([0.9, 1.0, 1.0]),
    ),
    first=st.lists(member_events(short), min_size=10, max_size=30),
    target=opportunity_events(),
    rounds=st.lists(
        st.lists(st.one_of(member_events(short), st.sampled_from(MEMBER_IDS)), min_size=1, max_size=6),
        min_size=1,
        max_size=6,
    ),
    size=st.fixed_dictionaries(
        {
            "factor": st.just(1),
            "extra": st.sampled_from([0, 0, 1, 3]),
            "rare_ratio": st.sampled_from([1e-9, 3e-3, 10.0]),
        }
    ),
)
def test_a_re_used_pool_gives_what_a_scan_of_every_member_gives(
    config: ScoringConfig,
    first: list[MemberProfile],
    target: Opportunity,
    rounds: list[list[MemberProfile | str]],
    size: dict[str, Any],
) -> None:
    """After any changes (updates, new members, deletions), a re-use that succeeds is a full scan's result."""
    scorer = MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config).fit([])
    pools = _Checked(scorer, **size)  # asserts each successful re-use against a full scan
    for m in first:
        scorer.add_member(m)
    query = scorer.encode_opportunity(target)
    depth = scorer.depth(config.top_k)
    _, pool = pools.full(target, query, depth)
    for changes in rounds:
        for change in changes:
            if isinstance(change, str):
                scorer.remove_member(change)
            else:
                scorer.add_member(change)
        found = pools.reuse(target, query, pool, depth)
        pool = found[1] if found else pools.full(target, query, depth)[1]


def _population(n: int) -> list[MemberProfile]:
    rng = np.random.default_rng(3)
    return [
        member(
            f"p{i:03d}",
            " ".join(rng.choice(WORDS, 5)),
            " ".join(rng.choice(WORDS, 4)),
            org_type=ORG_TYPES[i % 3],
            clusters=[["AFIL", "CLM", "CAT.AL"][i % 3]],
        )
        for i in range(n)
    ]


def test_a_member_update_re_ranks_from_the_pool_without_a_scan() -> None:
    config = ScoringConfig(top_k=3, min_score=0.0)
    scorer = MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config)
    pools = PoolRanker(scorer, factor=2, extra=0)
    mm = Matchmaker(scorer, clock=lambda: NOW, pools=pools)
    reference = Matchmaker(
        MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config),
        clock=lambda: NOW,
        incremental=False,
    )
    population = _population(80)
    for engine in (mm, reference):
        for m in population:
            engine.upsert_member(m)
        engine.upsert_opportunity(opportunity("o1", "Welding", "laser welding of aluminium battery trays"))
    assert pools.scans == 1 and len(mm._pools["o1"].member_ids) == 2 * 9  # depth 9: 3 × top-3 (MMR)
    best = mm._top["o1"][0].member_id
    changed = MemberProfile.model_validate(
        {
            **population[int(best[1:])].model_dump(),
            "competencies": [{"text": "organic wine"}],
            "updated_at": STAMPS[1],
        }
    )
    assert mm.upsert_member(changed) == reference.upsert_member(changed) == []  # it leaves the list
    assert (pools.scans, pools.reused) == (1, 1)
    assert [m.member_id for m in mm._top["o1"]] == [m.member_id for m in reference._top["o1"]]
    assert best not in {m.member_id for m in mm._top["o1"]}


def test_a_change_of_the_publisher_takes_a_fresh_pool() -> None:
    config = ScoringConfig(top_k=3, min_score=0.0)
    scorer = MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config)
    pools = PoolRanker(scorer, factor=2)
    mm = Matchmaker(scorer, clock=lambda: NOW, pools=pools)
    population = _population(40)
    for m in population:
        mm.upsert_member(m)
    mm.upsert_opportunity(opportunity("o1", "Welding", "laser welding", published_by="p001"))
    # the publisher, a university, becomes a company: every member's complementarity bonus may change
    assert population[1].org_type == "university"
    mm.upsert_member(population[1].model_copy(update={"org_type": "company"}))
    top = mm._top["o1"][0]
    mm.upsert_member(population[int(top.member_id[1:])].model_copy(update={"name": "Renamed"}))
    assert pools.scans == 2  # the opportunity, then the re-rank after the publisher's change


@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join), min_size=3, max_size=12)
)
@settings(max_examples=60, deadline=None)
def test_member_scores_are_score_members_bit_for_bit(texts: list[str]) -> None:
    for config in (
        ScoringConfig(),
        ScoringConfig(lexical_weight=0.0, aggregation="softmax"),
        ScoringConfig(aggregation="topk_mean", multilingual=False),
    ):
        scorer = MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config).fit([])
        for i, text in enumerate(texts):
            scorer.add_member(member(f"x{i}", text, texts[i - 1], org_type=ORG_TYPES[i % 5], size="small"))
        opportunities = [
            opportunity("a", "Laser", texts[0]),
            opportunity("b", "Ricerca", " ".join(texts[1:3]), kind="technology_need", published_by="x1"),
            opportunity("c", "Research", texts[-1], seeking={"org_types": ["university"]}),
        ]
        queries = [scorer.encode_opportunity(o) for o in opportunities]
        for i in range(len(texts)):
            got = scorer.member_scores(f"x{i}", opportunities, queries)
            for j, (o, q) in enumerate(zip(opportunities, queries, strict=True)):
                match = scorer.score_member(o, q, f"x{i}")
                assert (np.isnan(got[j]) and match is None) or got[j] == np.float32(match.score)  # type: ignore[union-attr]


def test_small_member_sets_get_the_dense_products_bits() -> None:
    lex = LexicalIndex(n_features=2**16)
    rng = np.random.default_rng(5)
    ids = [f"d{i}" for i in range(40)]
    for member_id in ids:
        lex.add(member_id, " ".join(rng.choice(WORDS, 7)))
    queries = [" ".join(rng.choice(WORDS, 5)) for _ in range(6)] + ["nothing indexed"]
    padded = ids + [f"unknown{i}" for i in range(600)]  # over the small-set size: dense product
    for query in queries:
        small = lex.similarities(query, ids)
        assert np.array_equal(small, lex.similarities(query, padded)[: len(ids)])
        for member_id, value in zip(ids, small, strict=True):
            assert lex.member_similarities(member_id, [query, queries[0]])[0] == value


@given(
    docs=st.lists(short, min_size=2, max_size=12),
    changes=st.lists(
        st.tuples(
            st.integers(0, 13), st.one_of(st.none(), short, st.lists(st.sampled_from(WORDS)).map(" ".join))
        ),
        min_size=1,
        max_size=8,
    ),
    query=phrases,
    rare_ratio=st.sampled_from([1e-9, 1e-3, 0.05, 10.0]),
)
@settings(max_examples=300, deadline=None)
def test_the_drift_bound_holds_for_every_member_it_does_not_name(
    docs: list[str], changes: list[tuple[int, str | None]], query: str, rare_ratio: float
) -> None:
    """cos_now · |q|_now <= growth · cos_then · |q|_then for members neither changed nor named as holders."""
    lex = LexicalIndex(n_features=2**12)
    ids = [f"d{i}" for i in range(len(docs))]
    for member_id, text in zip(ids, docs, strict=True):
        lex.add(member_id, text)
    lex.track_changes(rare_ratio)
    then, norm_then, step = lex.similarities(query, ids), lex.norm(query), lex.step
    for index, text in changes:
        member_id = f"d{index % (len(docs) + 2)}"  # mostly updates: the member count stays put
        if text is None or not text:
            lex.remove(member_id)
        else:
            lex.add(member_id, text)
    now, norm_now = lex.similarities(query, ids), lex.norm(query)
    for asked in (None, query):  # the bound for any query, and the tighter one for this query
        drift = lex.drift_since(step, asked)
        assert drift is not None and drift.growth >= 1.0
        for member_id, before, after in zip(ids, then, now, strict=True):
            if member_id not in drift.changed | drift.holders:
                assert after * norm_now <= drift.growth * before * norm_then * (1 + 1e-6) + 1e-9


def test_a_query_term_gaining_holders_lifts_everyone_through_the_query_norm() -> None:
    """``laser`` gets a third holder: its weight drops, so does ``|q|``, and every other cosine rises."""
    lex = LexicalIndex(n_features=2**12)
    for member_id, text in {"a": "laser welding", "b": "laser optics", "c": "welding aluminium"}.items():
        lex.add(member_id, text)
    lex.add("d", "welding robots")
    lex.track_changes(rare_ratio=1e-9)  # every moved weight is "rare": the bound itself stays 1
    query, ids = "laser welding", ["a", "b", "c", "d"]
    then, norm_then, step = lex.similarities(query, ids), lex.norm(query), lex.step
    lex.add("c", "welding aluminium laser")
    drift = lex.drift_since(step)
    assert (
        drift is not None
        and drift.changed == {"c"}
        and drift.holders == {"a", "b"}
        and drift.growth < 1 + 1e-9
    )
    now, norm_now = lex.similarities(query, ids), lex.norm(query)
    assert norm_now < norm_then and now[3] > then[3]  # d holds no changed term, yet it rose
    assert now[3] * norm_now <= drift.growth * then[3] * norm_then * (1 + 1e-9)


def test_with_the_approximate_index_every_re_rank_scans_as_before() -> None:
    """Pools stand for an exact scan; past ``approximate_min_rows`` the engine ranks as it always did."""
    config = ScoringConfig(top_k=3, min_score=0.0, approximate_min_rows=1, approximate_candidates=10)
    engines = [
        Matchmaker(
            MatchScorer(HashingEncoder("en", 64), HashingEncoder("ml", 64), config),
            clock=lambda: NOW,
            incremental=incremental,
        )
        for incremental in (False, True)
    ]
    population = _population(30)
    for mm in engines:
        for m in population[:25]:
            mm.upsert_member(m)
        mm.upsert_opportunity(opportunity("o1", "Welding", "laser welding of aluminium battery trays"))
    for m in population[25:]:
        want, got = (mm.upsert_member(m) for mm in engines)
        assert [s.model_dump() for s in got] == [s.model_dump() for s in want]
    assert engines[1].scorer.approximate and not engines[1]._pools
