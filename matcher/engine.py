"""The matchmaker: state of members and open opportunities, and suggestions in both directions.

Pure and synchronous (the stream, ``matchmaker score`` and the evaluation share it); stored
opportunities are re-ranked from candidate pools (:mod:`matcher.pools`). See ``docs/SCORING.md``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence

from matcher.explain import build_explanation
from matcher.feedback import FeedbackReranker
from matcher.pools import CandidatePool, PoolRanker
from matcher.scoring import Match, MatchScorer, Query
from models.events import MatchReason, MatchSuggestion, MemberProfile, Opportunity, make_suggestion_id

__all__ = ["Matchmaker", "MemberBatch"]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Matchmaker:
    """Applies member and opportunity events and returns the suggestions each one causes.

    The members are the scorer's: a scorer not fitted yet is fitted on none (``fit([])``), as the
    stream worker starts, and members then come one event at a time.
    ``incremental=False`` re-ranks a stored opportunity with a scan of every member each time and
    scores a changed member opportunity by opportunity (the code before the candidate pools, kept as
    the reference they are tested and measured against). ``pools`` sizes the pools.
    """

    def __init__(
        self,
        scorer: MatchScorer,
        clock: Callable[[], dt.datetime] = _utcnow,
        incremental: bool = True,
        pools: PoolRanker | None = None,
    ) -> None:
        if not scorer.is_fitted:
            scorer.fit([])
        self.scorer = scorer
        self.clock = clock
        self.incremental = incremental
        self.opportunities: dict[str, Opportunity] = {}
        self._queries: dict[str, Query] = {}
        self._top: dict[str, list[Match]] = {}
        self._pools: dict[str, CandidatePool] = {}
        self._pooler = (pools or PoolRanker(scorer)) if incremental else None
        #: Learned from feedback (:mod:`matcher.feedback`); ``None`` ranks exactly as the scorer does.
        self.reranker: FeedbackReranker | None = None

    @property
    def members(self) -> Mapping[str, MemberProfile]:
        """Indexed members by id (read-only)."""
        return self.scorer.members

    def upsert_member(self, member: MemberProfile) -> list[MatchSuggestion]:
        """Index a new or changed profile; suggest it to every open opportunity whose top-k it enters.

        An identical re-send (same content and ``updated_at``) changes nothing and suggests nothing.
        Each opportunity keeps its current top-k, so only the member is scored per opportunity, and
        the ranking is redone only where the member enters, leaves or moves within a list (from the
        opportunity's candidate pool). A batch of one (:meth:`upsert_members`).
        """
        return self.upsert_members([member])[0]

    def delete_member(self, member_id: str) -> bool:
        """Erase a member (tombstone / GDPR request) from the index; it is never suggested again."""
        batch = self.member_batch()
        known = batch.delete(member_id)
        batch.finish()
        return known

    def upsert_members(self, changes: Sequence[MemberProfile | str]) -> list[list[MatchSuggestion]]:
        """Apply member changes (a profile, or the id of a member to erase) as one batch.

        Every change is indexed first; then each opportunity they touch is re-ranked once, and each
        changed member found in a final list is suggested there (on its last change), at its final
        rank. The lists end as applying the changes one by one leaves them; a member that would
        enter a list and be pushed out again within the batch is not suggested (docs/SCORING.md).
        Returns one list of suggestions per change.
        """
        batch = self.member_batch()
        for change in changes:
            if isinstance(change, str):
                batch.delete(change)
            else:
                batch.upsert(change)
        return batch.finish()

    def member_batch(self) -> MemberBatch:
        """A :class:`MemberBatch` on this matchmaker (what :meth:`upsert_members` uses, one change at a
        time, for a caller that handles each change's failure on its own)."""
        return MemberBatch(self)

    def upsert_opportunity(self, opportunity: Opportunity) -> list[MatchSuggestion]:
        """Store an opportunity and return its ranked suggestions; closed or past ones are dropped."""
        known = self.opportunities.get(opportunity.opportunity_id)
        if known == opportunity:
            return []
        if not opportunity.is_open(self.clock().date()):
            self.close_opportunity(opportunity.opportunity_id)
            return []
        key = opportunity.opportunity_id
        query = self.scorer.encode_opportunity(opportunity)
        ranked = self._rank_stored(opportunity, query, fresh=True)
        self.opportunities[key], self._queries[key], self._top[key] = opportunity, query, ranked
        reason: MatchReason = "opportunity_update" if known else "new_opportunity"
        return [self._suggest(opportunity, m, reason) for m in ranked]

    def rank(
        self, opportunity: Opportunity, top_k: int | None = None, min_score: float | None = None
    ) -> list[MatchSuggestion]:
        """Suggestions for one opportunity without storing it (offline scoring); none if it is closed."""
        if not opportunity.is_open(self.clock().date()):
            return []
        ranked = self._rank(opportunity, None, top_k, min_score)
        return [self._suggest(opportunity, m, "new_opportunity") for m in ranked]

    def explain(self, opportunity: Opportunity, member_id: str) -> MatchSuggestion | None:
        """The suggestion this pair would get, ranked among all eligible members (no floor, no top-k).

        ``None`` when the member is unknown or not eligible (the publisher itself, or filtered out
        by ``seeking``).
        """
        query = self.scorer.encode_opportunity(opportunity)
        for rank, match in enumerate(self.scorer.score(opportunity, query), start=1):
            if match.member_id == member_id:
                return self._suggest(opportunity, self.scorer.finish(match, rank, query), "new_opportunity")
        return None

    def verdict(
        self, opportunity: Opportunity, member_id: str, suggestion: MatchSuggestion | None
    ) -> list[str]:
        """Why this pair would or would not be suggested now, one plain sentence per reason.

        ``suggestion`` is :meth:`explain`'s answer for the pair. Empty when it would be suggested.
        """
        reasons = []
        today = self.clock().date()
        if opportunity.status != "open":
            reasons.append(f"the opportunity is {opportunity.status}: nothing is suggested for it")
        elif opportunity.deadline is not None and opportunity.deadline < today:
            reasons.append(f"the opportunity's deadline {opportunity.deadline} has passed")
        member = self.members.get(member_id)
        if member is None:
            return [*reasons, f"{member_id} is not a known member"]
        if suggestion is None:
            seeking = opportunity.seeking
            if member_id == opportunity.published_by:
                reasons.append("the member published this opportunity")
            elif seeking is not None and seeking.org_types and member.org_type not in seeking.org_types:
                wanted = ", ".join(seeking.org_types)
                reasons.append(f"the opportunity seeks {wanted}, and the member is a {member.org_type}")
            elif seeking is not None and seeking.sme_only and not member.is_sme:
                reasons.append("the opportunity seeks SMEs only, and the member is not one")
            return reasons
        query = self.scorer.encode_opportunity(opportunity)
        floor = self.scorer.floor(query, member_id)
        if suggestion.score < floor:
            reasons.append(f"its score {suggestion.score:.4f} is below the suggestion floor {floor:.2f}")
        if not suggestion.explanation.evidence:
            least = self.scorer.config.explain_min_relevance
            reasons.append(
                f"none of its evidence is at least {least:.0%} relevant: "
                "its bonuses alone do not make a match"
            )
        top_k = self.scorer.config.top_k
        if suggestion.rank > top_k:
            reasons.append(f"it ranks {suggestion.rank}, outside the top {top_k} suggested")
        return reasons

    def current_top(self, opportunity_id: str) -> list[Match] | None:
        """The current top-k of a stored opportunity, best first (``None``: not stored or closed)."""
        return self._top.get(opportunity_id)

    def stored_query(self, opportunity_id: str) -> Query | None:
        """The encoded query of a stored opportunity (``None``: not stored or closed)."""
        return self._queries.get(opportunity_id)

    def suggestion_at(
        self, opportunity: Opportunity, match: Match, rank: int, reason: MatchReason
    ) -> MatchSuggestion:
        """The suggestion ``match`` makes at ``rank`` of a stored opportunity, as a person sees it."""
        query = self._queries[opportunity.opportunity_id]
        return self._suggest(opportunity, self.scorer.finish(match, rank, query), reason)

    def close_opportunity(self, opportunity_id: str) -> bool:
        """Stop suggesting for an opportunity (closed, withdrawn, deleted or past its deadline)."""
        self._queries.pop(opportunity_id, None)
        self._top.pop(opportunity_id, None)
        self._pools.pop(opportunity_id, None)
        return self.opportunities.pop(opportunity_id, None) is not None

    def _rank(
        self,
        opportunity: Opportunity,
        query: Query | None,
        top_k: int | None = None,
        min_score: float | None = None,
    ) -> list[Match]:
        """The scorer's ranking, re-ordered by the feedback re-ranker when there is one."""
        if self.reranker is None:
            return self.scorer.rank(opportunity, top_k, query=query, min_score=min_score)
        k = self.scorer.config.top_k if top_k is None else top_k
        pool = self.scorer.rank(opportunity, self.reranker.pool(k), query=query, min_score=min_score)
        return self.reranker.rerank(opportunity, pool, self.members, k)

    def _rank_stored(self, opportunity: Opportunity, query: Query, fresh: bool = False) -> list[Match]:
        """:meth:`_rank` of a stored opportunity, from its candidate pool when that is proven equal.

        ``fresh``: the opportunity (so its query, publisher…) is new or changed; its pool is retaken.
        """
        key = opportunity.opportunity_id
        if self._pooler is None or self.scorer.approximate:
            self._pools.pop(key, None)
            return self._rank(opportunity, query)
        k = self.scorer.config.top_k
        limit = k if self.reranker is None else self.reranker.pool(k)
        depth = self.scorer.depth(limit)
        pool = None if fresh else self._pools.get(key)
        found = None if pool is None else self._pooler.reuse(opportunity, query, pool, depth)
        candidates, self._pools[key] = found or self._pooler.full(opportunity, query, depth)
        ranked = self.scorer.select(candidates, query, limit)
        if self.reranker is None:
            return ranked
        return self.reranker.rerank(opportunity, ranked, self.members, k)

    def _member_scores(self, member: MemberProfile, opportunities: list[Opportunity]) -> list[float]:
        """The member's score for each opportunity (``nan``: not eligible), as ``score_member`` gives it."""
        queries = [self._queries[o.opportunity_id] for o in opportunities]
        if self.incremental:  # one pass, bit for bit the same
            return list(self.scorer.member_scores(member.member_id, opportunities, queries).tolist())
        matches = [
            self.scorer.score_member(o, q, member.member_id)
            for o, q in zip(opportunities, queries, strict=True)
        ]
        return [math.nan if m is None else m.score for m in matches]

    def _open_opportunities(self) -> list[Opportunity]:
        today = self.clock().date()
        for opportunity in list(self.opportunities.values()):
            if not opportunity.is_open(today):
                self.close_opportunity(opportunity.opportunity_id)
        return list(self.opportunities.values())

    def _suggest(self, opportunity: Opportunity, match: Match, reason: MatchReason) -> MatchSuggestion:
        member = self.members[match.member_id]
        model = self.scorer.model_name
        notify = bool(member.notify and member.notify.enabled and match.score >= member.notify.min_score)
        return MatchSuggestion(
            suggestion_id=make_suggestion_id(opportunity, member, model),
            opportunity_id=opportunity.opportunity_id,
            opportunity_title=opportunity.title,
            member_id=member.member_id,
            member_name=member.name,
            member_clusters=list(member.clusters),
            score=round(match.score, 4),
            rank=match.rank,
            components={k: round(v, 4) for k, v in match.components.items()},
            explanation=build_explanation(member, match),
            reason=reason,
            notify=notify,
            model=model,
            created_at=self.clock(),
            published_by=opportunity.published_by,
            opportunity_kind=opportunity.kind,
            deadline=opportunity.deadline,
            opportunity_url=opportunity.url,
        )


class MemberBatch:
    """Member changes applied together: each indexed as it comes, each touched opportunity re-ranked once.

    :meth:`upsert` and :meth:`delete` change the index (an exception leaves the batch usable: the
    member's lists are still re-ranked); :meth:`finish` re-ranks and returns one list of suggestions
    per change, in call order. An opportunity is touched when a changed member was in its list
    before the batch, or now scores at least that list's floor (the rule of one change at a time).
    """

    def __init__(self, matchmaker: Matchmaker) -> None:
        self.matchmaker = matchmaker
        self._count = 0
        self._changed: set[str] = set()  # every member id changed (or erased) by the batch
        self._last: dict[str, tuple[int, MatchReason]] = {}  # surviving member -> its last change

    def __len__(self) -> int:
        """Changes so far (:meth:`finish` returns one list per change)."""
        return self._count

    def upsert(self, member: MemberProfile) -> None:
        """Index a new or changed profile (an identical re-send changes nothing)."""
        position = self._count
        self._count += 1
        previous = self.matchmaker.members.get(member.member_id)
        if previous == member:
            return
        self._changed.add(member.member_id)
        self._last.pop(member.member_id, None)
        self.matchmaker.scorer.add_member(member)
        self._last[member.member_id] = (position, "profile_update" if previous else "new_member")

    def delete(self, member_id: str) -> bool:
        """Erase a member; ``False`` if it was not indexed."""
        self._count += 1
        self._changed.add(member_id)
        self._last.pop(member_id, None)
        return self.matchmaker.scorer.remove_member(member_id)

    def finish(self) -> list[list[MatchSuggestion]]:
        """Re-rank every opportunity the batch touched, once; the suggestions of each change."""
        out: list[list[MatchSuggestion]] = [[] for _ in range(self._count)]
        if not self._changed:
            return out
        mm = self.matchmaker
        opportunities = mm._open_opportunities()
        touched = {key for key, top in mm._top.items() if any(m.member_id in self._changed for m in top)}
        top_k = mm.scorer.config.top_k
        for member_id in self._last:
            if len(touched) == len(opportunities):
                break
            scores = mm._member_scores(mm.members[member_id], opportunities)
            for opportunity, score in zip(opportunities, scores, strict=True):
                key = opportunity.opportunity_id
                if key in touched:
                    continue
                top = mm._top[key]
                own = mm.scorer.floor(mm._queries[key], member_id)
                floor = max(own, min(m.score for m in top)) if len(top) >= top_k else own
                if score >= floor:  # nan (not eligible) never is
                    touched.add(key)
        for opportunity in opportunities:
            key = opportunity.opportunity_id
            if key not in touched:
                continue
            query = mm._queries[key]
            mm._top[key] = mm._rank_stored(opportunity, query)
            for rank, entry in enumerate(mm._top[key], start=1):
                last = self._last.get(entry.member_id)
                if last is not None:
                    suggestion = mm._suggest(opportunity, mm.scorer.finish(entry, rank, query), last[1])
                    out[last[0]].append(suggestion)
        return out
