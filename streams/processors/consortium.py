"""Consortia as current state: each open call or partner search has its proposed team on a compacted topic.

:class:`ConsortiumKeeper` (Kafka-free, model thread) rebuilds a team when the call or a member that
could join it changes, and says so only when the team changed; :class:`ConsortiumProcessor` runs it in
group ``<app_id>-consortium``. A closed, withdrawn, expired or deleted call gets a tombstone.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from concurrent.futures import Executor

from matcher.consortium import ConsortiumBuilder, to_suggestion
from matcher.engine import Matchmaker
from models.consortium import ConsortiumSuggestion
from models.events import MatchSuggestion, Opportunity
from streams.codec import Tombstone
from streams.processors.current import CurrentStateProcessor, Published, Update, utcnow
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["CONSORTIUM_KINDS", "ConsortiumKeeper", "ConsortiumProcessor"]

log = logging.getLogger(__name__)

#: Opportunity kinds that call for a team rather than one partner.
CONSORTIUM_KINDS = frozenset({"call_for_proposals", "partner_search"})


def _same(a: ConsortiumSuggestion, b: ConsortiumSuggestion) -> bool:
    return a.model_dump(exclude={"created_at"}) == b.model_dump(exclude={"created_at"})


class ConsortiumKeeper:
    """The last published team per owned call, and whether a change calls for a new one.

    A team is drawn from the call's ``builder.pool`` best-scored members: a member can change it only
    by being in it, or by scoring at least the pool's lowest score (``_floor``) at the last build.
    """

    def __init__(
        self,
        matchmaker: Matchmaker,
        builder: ConsortiumBuilder | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.matchmaker = matchmaker
        self.builder = builder or ConsortiumBuilder()
        self.clock = clock
        self.published = Published(
            ConsortiumSuggestion, lambda c: c.opportunity_id, lambda c: (m.member_id for m in c.members)
        )
        self.builds = 0
        self._floor: dict[str, float] = {}
        self._built: dict[str, tuple[object, ...]] = {}  # what each call's last build was made from

    def load(self, values: dict[str, bytes]) -> None:
        """Teams as read back from the topic."""
        self.published.load(values)

    def forget(self, opportunity_ids: list[str]) -> None:
        """Drop the teams of calls another worker owns now."""
        for oid in opportunity_ids:
            self.published.forget(oid)
            self._floor.pop(oid, None)
            self._built.pop(oid, None)

    def touched(self, member_id: str | None, suggestions: list[MatchSuggestion]) -> set[str]:
        """Calls whose team has the member, and those whose candidate pool it now enters (``None``:
        an opportunity record, which its own call reconciles)."""
        if member_id is None:
            return set()
        out = self.published.naming(member_id)
        mm = self.matchmaker
        if member_id not in mm.members:
            return out
        stored = {oid: mm.stored_query(oid) for oid in self._floor if oid in mm.opportunities}
        queries = {oid: query for oid, query in stored.items() if query is not None}
        calls = list(queries)
        if calls:
            opportunities = [mm.opportunities[oid] for oid in calls]
            scores = mm.scorer.member_scores(member_id, opportunities, list(queries.values())).tolist()
            out |= {
                oid
                for oid, s in zip(calls, scores, strict=True)
                if not math.isnan(s) and s >= self._floor[oid] - 1e-6
            }
        return out

    def due(self, opportunity_ids: set[str]) -> set[str]:
        """Calls with a published team that are no longer open (their deadline passed)."""
        today = self.clock().date()
        opportunities = self.matchmaker.opportunities
        return {
            oid
            for oid in opportunity_ids
            if oid in self.published and (oid not in opportunities or not opportunities[oid].is_open(today))
        }

    def reconcile(self, opportunity_id: str, latest: Opportunity | Tombstone | None) -> Update | None:
        """The call's new team, a tombstone when it has none any more, or ``None`` when nothing changed.

        The matchmaker (which has applied ``latest`` at least) says whether the call is open.
        """
        mm = self.matchmaker
        now = self.clock()
        opportunity = mm.opportunities.get(opportunity_id)
        published = self.published.get(opportunity_id)
        suggestion = None
        if (
            opportunity is not None
            and opportunity.kind in CONSORTIUM_KINDS
            and opportunity.is_open(now.date())
        ):
            state = self._state(opportunity)
            if state is not None and self._built.get(opportunity_id) == state:
                return None  # neither the call nor any member changed since its last build
            suggestion = self.build(opportunity, now)
            if state is not None:
                self._built[opportunity_id] = state
        else:
            self._floor.pop(opportunity_id, None)
            self._built.pop(opportunity_id, None)
        if suggestion is None:
            if published is None:
                return None
            self.published.forget(opportunity_id)
            return Update(opportunity_id, None)
        if published is not None and _same(published, suggestion):
            return None
        self.published.remember(suggestion)
        return Update(opportunity_id, suggestion)

    def _state(self, opportunity: Opportunity) -> tuple[object, ...] | None:
        """What a build reads: the call and the members (the scorer's change log position; ``None``
        without a log). A new opportunity is reconciled twice, by its record and by the matchmaker's
        listener: the second build, the costliest background job of the worker, is skipped."""
        mm = self.matchmaker
        if not mm.incremental:
            return None
        return (opportunity, mm.scorer.lexical_, mm.scorer.change_step)

    def build(self, opportunity: Opportunity, now: dt.datetime) -> ConsortiumSuggestion | None:
        """The team for an open call now (``None``: no eligible member), remembering its pool's floor."""
        mm = self.matchmaker
        oid = opportunity.opportunity_id
        query = mm.stored_query(oid) or mm.scorer.encode_opportunity(opportunity)
        pool = mm.scorer.score(opportunity, query, limit=self.builder.pool)
        self._floor[oid] = pool[-1].score if len(pool) >= self.builder.pool else -math.inf
        self.builds += 1
        team = self.builder.build(mm.scorer, opportunity, pool=pool)
        if not team.members:
            log.info("no eligible members for a consortium on %s", oid)
            return None
        return to_suggestion(team, mm.members, mm.scorer.model_name, now)


class ConsortiumProcessor(CurrentStateProcessor):
    """Keeps the current team of each open call or partner search on the partitions this worker owns."""

    def __init__(
        self,
        settings: Settings,
        service: MatchService,
        executor: Executor,
        clock: Callable[[], dt.datetime] | None = None,
        tick_seconds: float | None = None,
    ) -> None:
        keeper = ConsortiumKeeper(service.matchmaker, ConsortiumBuilder(), clock or utcnow)
        topic = settings.topics.consortia
        super().__init__(
            settings, "consortium", service, executor, keeper, topic, ConsortiumSuggestion, tick_seconds, True
        )
