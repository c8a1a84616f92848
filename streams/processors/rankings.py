"""Current rankings (``<prefix>.rankings``) and retractions: each opportunity's list as it stands now.

:class:`RankingKeeper` (Kafka-free, model thread) turns the matchmaker's current top-k into an
:class:`OpportunityRanking` and the suggestions that left it into retractions; :class:`RankingsProcessor`
runs it in group ``<app_id>-rankings``. Digest, reasons and restarts: docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from matcher.engine import Matchmaker
from matcher.scoring import Match
from models.events import MatchSuggestion, Opportunity
from models.rankings import (
    OpportunityRanking,
    RankedMember,
    RankingStatus,
    RetractionReason,
    SuggestionRetraction,
    make_retraction_id,
)
from streams.codec import Tombstone
from streams.processors.current import CurrentStateProcessor, Published, Update, utcnow
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["RankingKeeper", "RankingsProcessor", "ranking_digest"]

log = logging.getLogger(__name__)

_CLOSING: dict[str, RetractionReason] = {
    "closed": "opportunity_closed",
    "withdrawn": "opportunity_withdrawn",
    "expired": "opportunity_expired",
}


def ranking_digest(
    opportunity_id: str,
    version: dt.datetime,
    status: str,
    model: str,
    entries: list[tuple[str, dt.datetime, float, int]],
) -> str:
    """What a list says (member, its version, score, rank), hashed: equal digests, nothing to publish."""
    what: list[object] = [opportunity_id, version.isoformat(), status, model]
    what += [[m, v.isoformat(), round(s, 4), r] for m, v, s, r in entries]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class _Sent:
    """A published suggestion: what a retraction of it says, and what its reason depends on."""

    suggestion_id: str
    member_id: str
    member_version: dt.datetime
    opportunity_version: dt.datetime
    score: float

    @classmethod
    def of(cls, entry: RankedMember, opportunity_version: dt.datetime) -> _Sent:
        return cls(
            entry.suggestion_id, entry.member_id, entry.member_version, opportunity_version, entry.score
        )


def _facts(opportunity: Opportunity | OpportunityRanking) -> dict[str, Any]:
    """The opportunity's fields a ranking repeats (from the opportunity, or the last ranking of it)."""
    if isinstance(opportunity, OpportunityRanking):
        names = ["opportunity_title", "opportunity_kind", "published_by", "opportunity_version", "deadline"]
        return {"opportunity_id": opportunity.opportunity_id} | {n: getattr(opportunity, n) for n in names}
    return {
        "opportunity_id": opportunity.opportunity_id,
        "opportunity_title": opportunity.title,
        "opportunity_kind": opportunity.kind,
        "published_by": opportunity.published_by,
        "opportunity_version": opportunity.updated_at,
        "deadline": opportunity.deadline,
    }


class RankingKeeper:
    """The last published ranking per owned opportunity, and what it takes to bring it up to date."""

    def __init__(self, matchmaker: Matchmaker, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.matchmaker = matchmaker
        self.clock = clock
        self.published = Published(
            OpportunityRanking, lambda r: r.opportunity_id, lambda r: (e.member_id for e in r.entries)
        )
        self._sent: dict[str, dict[str, _Sent]] = defaultdict(dict)  # suggested since the last publication

    def load(self, values: dict[str, bytes]) -> None:
        """Rankings as read back from the topic."""
        self.published.load(values)

    def forget(self, opportunity_ids: list[str]) -> None:
        """Drop the rankings of opportunities another worker owns now."""
        for oid in opportunity_ids:
            self._forget(oid)

    def touched(self, member_id: str | None, suggestions: list[MatchSuggestion]) -> set[str]:
        """The lists the member (``None``: an opportunity record) was suggested to now, and those it
        was published in. Suggestions for published lists are remembered until the next publication:
        one that left the list before it was published is retracted too."""
        mm = self.matchmaker
        for s in suggestions:
            if s.opportunity_id in self.published and s.member_id in mm.members:
                version = mm.members[s.member_id].updated_at
                opportunity = mm.opportunities[s.opportunity_id].updated_at
                self._sent[s.opportunity_id][s.suggestion_id] = _Sent(
                    s.suggestion_id, s.member_id, version, opportunity, s.score
                )
        listed = self.published.naming(member_id) if member_id is not None else set()
        return {s.opportunity_id for s in suggestions} | listed

    def due(self, opportunity_ids: set[str]) -> set[str]:
        """Published open lists whose deadline has passed."""
        today = self.clock().date()
        return {
            oid
            for oid in opportunity_ids
            if (p := self.published.get(oid)) is not None
            and p.status == "open"
            and p.deadline is not None
            and p.deadline < today
        }

    def reconcile(self, opportunity_id: str, latest: Opportunity | Tombstone | None) -> Update | None:
        """The new ranking and retractions for one opportunity, or ``None`` when its list is unchanged.

        ``latest`` is the last opportunity record this worker consumed for it (``None``: none since the
        start); the matchmaker, which has applied at least that record, says the rest.
        """
        now = self.clock()
        published = self.published.get(opportunity_id)
        if isinstance(latest, Tombstone):
            if published is None:
                return None
            self._forget(opportunity_id)
            gone = [_Sent.of(e, published.opportunity_version) for e in published.entries]
            return Update(opportunity_id, None, self._retract(published, gone, now, None))
        opportunity, status = self._status(opportunity_id, latest, published, now.date())
        if opportunity is None or status is None:
            return None  # the matchmaker has not settled it yet, or there is nothing to say
        matches = self._matches(opportunity_id) if status == "open" else []
        if matches is None:
            return None
        mm = self.matchmaker
        members = mm.members
        model = mm.scorer.model_name
        facts = _facts(opportunity)
        key = [(m.member_id, members[m.member_id].updated_at, m.score, r) for r, m in enumerate(matches, 1)]
        digest = ranking_digest(opportunity_id, facts["opportunity_version"], status, model, key)
        if published is not None and published.digest == digest:  # the list stands; what left it?
            left = self._left(opportunity_id, published.entries, published)
            return (
                Update(opportunity_id, published, self._retract(published, left, now, published), False)
                if left
                else None
            )
        if published is None and status != "open":
            return None  # never published: nothing to withdraw
        entries = [self._entry(opportunity, m, rank) for rank, m in enumerate(matches, start=1)]
        ranking = OpportunityRanking.model_validate(
            {
                **facts,
                "status": status,
                "entries": entries,
                "model": model,
                "digest": digest,
                "computed_at": now,
            }
        )
        kept = {e.member_id for e in entries}
        retractions = []
        if published is not None:
            version = published.opportunity_version
            gone = [_Sent.of(e, version) for e in published.entries if e.member_id not in kept]
            gone += self._left(opportunity_id, entries, published)
            retractions = self._retract(published, gone, now, ranking)
        self._forget(opportunity_id)
        self.published.remember(ranking)
        return Update(opportunity_id, ranking, retractions)

    def _status(
        self,
        opportunity_id: str,
        latest: Opportunity | None,
        published: OpportunityRanking | None,
        today: dt.date,
    ) -> tuple[Opportunity | OpportunityRanking | None, RankingStatus | None]:
        """The opportunity as it stands (the matchmaker's when at least as new) and its status."""
        stored = self.matchmaker.opportunities.get(opportunity_id)
        current: Opportunity | OpportunityRanking | None = stored
        if latest is not None and (stored is None or latest.updated_at > stored.updated_at):
            current = latest
        if current is None:
            current = published  # neither knows it: only the clock can still change it
            if current is None or current.status != "open":
                return None, None
        deadline = current.deadline
        if current.status != "open":
            return current, current.status
        if deadline is not None and deadline < today:
            return current, "expired"
        if stored is None:
            return None, None  # open by an older record, gone from the matchmaker: a newer one is coming
        return current, "open"

    def _left(
        self, opportunity_id: str, entries: list[RankedMember], published: OpportunityRanking
    ) -> list[_Sent]:
        """Suggestions sent since the last publication, never published, and not in ``entries``."""
        sent = self._sent.pop(opportunity_id, {})
        kept = {e.suggestion_id for e in entries} | {e.suggestion_id for e in published.entries}
        return [g for sid, g in sent.items() if sid not in kept]

    def _matches(self, opportunity_id: str) -> list[Match] | None:
        """The matchmaker's current top-k of a stored opportunity (``None``: not stored)."""
        return self.matchmaker.current_top(opportunity_id)

    def _entry(self, opportunity: Opportunity | OpportunityRanking, match: Match, rank: int) -> RankedMember:
        mm = self.matchmaker
        assert isinstance(opportunity, Opportunity), "only an open opportunity lists members"
        suggestion = mm.suggestion_at(opportunity, match, rank, "opportunity_update")
        evidence = suggestion.explanation.evidence
        return RankedMember(
            member_id=suggestion.member_id,
            member_name=suggestion.member_name,
            member_clusters=suggestion.member_clusters,
            member_version=mm.members[suggestion.member_id].updated_at,
            suggestion_id=suggestion.suggestion_id,
            score=suggestion.score,
            rank=suggestion.rank,
            need=evidence[0].need if evidence else None,
            reasons=suggestion.explanation.reasons,
        )

    def _retract(
        self,
        published: OpportunityRanking,
        gone: list[_Sent],
        now: dt.datetime,
        ranking: OpportunityRanking | None,
    ) -> list[SuggestionRetraction]:
        members = self.matchmaker.members
        out = []
        for entry in gone:
            reason: RetractionReason
            if ranking is None:
                reason = "opportunity_deleted"
            elif ranking.status in _CLOSING:
                reason = _CLOSING[ranking.status]
            elif entry.member_id not in members:
                reason = "member_erased"
            elif members[entry.member_id].updated_at != entry.member_version:
                reason = "member_changed"
            elif ranking.opportunity_version != entry.opportunity_version:
                reason = "opportunity_changed"
            else:
                reason = "displaced"
            out.append(
                SuggestionRetraction(
                    retraction_id=make_retraction_id(entry.suggestion_id, reason),
                    suggestion_id=entry.suggestion_id,
                    opportunity_id=published.opportunity_id,
                    member_id=entry.member_id,
                    reason=reason,
                    retracted_at=now,
                    opportunity_title=published.opportunity_title,
                    score=entry.score,
                )
            )
        return out

    def _forget(self, opportunity_id: str) -> None:
        self._sent.pop(opportunity_id, None)
        self.published.forget(opportunity_id)


class RankingsProcessor(CurrentStateProcessor):
    """Publishes each owned opportunity's current ranking, and retracts what left it."""

    def __init__(
        self,
        settings: Settings,
        service: MatchService,
        executor: Executor,
        clock: Callable[[], dt.datetime] | None = None,
        tick_seconds: float | None = None,
    ) -> None:
        keeper = RankingKeeper(service.matchmaker, clock or utcnow)
        topic = settings.topics.rankings
        super().__init__(
            settings, "rankings", service, executor, keeper, topic, OpportunityRanking, tick_seconds
        )
