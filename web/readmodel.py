"""The web's read model: every topic folded into plain dictionaries that the routes query.

Fed by :mod:`web.follower` (one thread); requests read it under one lock and never call Kafka.
A record that cannot be read is counted and skipped: the worker dead-letters inputs, not the web.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from models.consortium import ConsortiumSuggestion
from models.events import MatchSuggestion, MemberProfile, Opportunity
from models.feedback import MatchFeedback
from models.notifications import MemberNotification
from models.rankings import OpportunityRanking, SuggestionRetraction

__all__ = ["STAGES", "ReadModel", "Suggested", "WebTopics"]

#: The outcome funnel, in the order a collaboration goes through it.
STAGES = ("suggested", "accepted", "contacted", "met", "partnered")
_NOTIFICATIONS_KEPT = 50


@dataclass(frozen=True)
class WebTopics:
    """The topics the web follows, by role."""

    members: str
    opportunities: str
    rankings: str
    suggestions: str
    consortia: str
    feedback: str
    notifications: str

    @classmethod
    def for_prefix(cls, prefix: str) -> WebTopics:
        """Names under ``prefix`` (as :class:`streams.settings.Topics` names them)."""
        return cls(
            members=f"{prefix}.member-profiles",
            opportunities=f"{prefix}.opportunities",
            rankings=f"{prefix}.rankings",
            suggestions=f"{prefix}.match-suggestions",
            consortia=f"{prefix}.consortium-suggestions",
            feedback=f"{prefix}.match-feedback",
            notifications=f"{prefix}.member-notifications",
        )

    def all(self) -> list[str]:
        """Every topic, state topics first."""
        return [
            self.members,
            self.opportunities,
            self.rankings,
            self.suggestions,
            self.consortia,
            self.feedback,
            self.notifications,
        ]


@dataclass(frozen=True)
class Suggested:
    """One line of an opportunity's current list, with its suggestion (evidence) when known."""

    member_id: str
    member_name: str
    clusters: list[str]
    score: float
    rank: int
    need: str | None
    reasons: Mapping[Literal["en", "it"], str]
    suggestion: MatchSuggestion | None
    stage: str


@dataclass
class _Counts:
    applied: int = 0
    skipped: int = 0
    by_topic: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _stage(answers: list[MatchFeedback]) -> str:
    """The furthest stage any side reached (``declined`` only when nobody went further)."""
    reached = [STAGES.index(a.action) for a in answers if a.action in STAGES]
    if reached:
        return STAGES[max(reached)]
    return "declined" if answers else "suggested"


class ReadModel:
    """Members, opportunities, rankings, suggestions, consortia, answers and notifications, by key."""

    def __init__(self, topics: WebTopics) -> None:
        self.topics = topics
        self.members: dict[str, MemberProfile] = {}
        self.opportunities: dict[str, Opportunity] = {}
        self.rankings: dict[str, OpportunityRanking] = {}
        self.suggestions: dict[str, MatchSuggestion] = {}
        self.retracted: set[str] = set()
        self.consortia: dict[str, ConsortiumSuggestion] = {}
        self.answers: dict[str, list[MatchFeedback]] = defaultdict(list)
        self.notifications: dict[str, deque[MemberNotification]] = defaultdict(
            lambda: deque(maxlen=_NOTIFICATIONS_KEPT)
        )
        self._by_opportunity: dict[str, dict[str, str]] = defaultdict(dict)  # opp -> member -> sid
        self._by_member: dict[str, dict[str, str]] = defaultdict(dict)  # member -> opp -> sid
        self.counts = _Counts()
        self._changed = threading.Condition(threading.RLock())
        self.version = 0

    @property
    def lock(self) -> threading.Condition:
        """Hold it while reading several related things at once."""
        return self._changed

    # -- writing (the follower) ---------------------------------------------------------------------
    def apply(self, topic: str, key: bytes | None, value: bytes | None, ce_type: str | None = None) -> bool:
        """Fold one record in; ``False`` (and counted) when it cannot be read."""
        with self._changed:
            try:
                self._apply(topic, key.decode() if key else None, value, ce_type or "")
            except (ValidationError, UnicodeDecodeError, ValueError) as exc:
                self.counts.skipped += 1
                del exc
                return False
            self.counts.applied += 1
            self.counts.by_topic[topic] += 1
            self.version += 1
            self._changed.notify_all()
            return True

    def _apply(self, topic: str, key: str | None, value: bytes | None, ce_type: str) -> None:
        t = self.topics
        if topic == t.members:
            if value is None:
                self.members.pop(key or "", None)
            else:
                profile = MemberProfile.model_validate_json(value)
                self.members[profile.member_id] = profile
        elif topic == t.opportunities:
            if value is None:
                self.opportunities.pop(key or "", None)
            else:
                opportunity = Opportunity.model_validate_json(value)
                self.opportunities[opportunity.opportunity_id] = opportunity
        elif topic == t.rankings:
            if value is None:
                self.rankings.pop(key or "", None)
            else:
                ranking = OpportunityRanking.model_validate_json(value)
                self.rankings[ranking.opportunity_id] = ranking
        elif topic == t.suggestions:
            if value is not None and ("retraction" in ce_type or b'"retraction_id"' in value):
                self.retracted.add(SuggestionRetraction.model_validate_json(value).suggestion_id)
            elif value is not None:
                self._add_suggestion(MatchSuggestion.model_validate_json(value))
        elif topic == t.consortia:  # current state, keyed by opportunity: a tombstone removes the team
            if value is None:
                self.consortia.pop(key or "", None)
            else:
                consortium = ConsortiumSuggestion.model_validate_json(value)
                self.consortia[consortium.opportunity_id] = consortium
        elif topic == t.feedback and value is not None:
            answer = MatchFeedback.model_validate_json(value)
            self.answers[answer.suggestion_id].append(answer)
        elif topic == t.notifications and value is not None:
            notification = MemberNotification.model_validate_json(value)
            self.notifications[notification.member_id].append(notification)

    def _add_suggestion(self, s: MatchSuggestion) -> None:
        self.suggestions[s.suggestion_id] = s
        current = self._by_opportunity[s.opportunity_id].get(s.member_id)
        if current is None or self.suggestions[current].created_at <= s.created_at:
            self._by_opportunity[s.opportunity_id][s.member_id] = s.suggestion_id
            self._by_member[s.member_id][s.opportunity_id] = s.suggestion_id

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Block until ``predicate()`` holds (checked after every record), at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return True

    # -- reading (the routes) -----------------------------------------------------------------------
    def owners(self, opportunity: Opportunity) -> set[str]:
        """The clusters an opportunity belongs to: its publishing cluster, or its publisher's clusters."""
        member = self.members.get(opportunity.published_by)
        return set(member.clusters) if member else {opportunity.published_by.upper()}

    def publisher(self, published_by: str) -> str:
        """Who published an opportunity, as people know them: a member's name, else the publisher's
        id (a cluster's or body's code, e.g. ``CLM``, ``EC``)."""
        member = self.members.get(published_by)
        return member.name if member else published_by

    def stage(self, suggestion_id: str) -> str:
        """How far the collaboration behind one suggestion got (see :data:`STAGES`)."""
        with self._changed:
            return _stage(self.answers.get(suggestion_id, []))

    def member_answer(self, suggestion_id: str) -> str | None:
        """The member's own latest answer to a suggestion, if any."""
        with self._changed:
            own = [a for a in self.answers.get(suggestion_id, []) if a.actor == "member"]
            return max(own, key=lambda a: a.at).action if own else None

    def current(self, opportunity_id: str) -> list[Suggested]:
        """The opportunity's ranked list now: its ranking record, else its unretracted suggestions."""
        with self._changed:
            ranking = self.rankings.get(opportunity_id)
            if ranking is not None:
                return [
                    Suggested(
                        e.member_id,
                        e.member_name,
                        e.member_clusters,
                        e.score,
                        e.rank,
                        e.need,
                        e.reasons,
                        self.suggestions.get(e.suggestion_id),
                        _stage(self.answers.get(e.suggestion_id, [])),
                    )
                    for e in sorted(ranking.entries, key=lambda e: e.rank)
                ]
            live = [
                self.suggestions[sid]
                for sid in self._by_opportunity.get(opportunity_id, {}).values()
                if sid not in self.retracted
            ]
            live.sort(key=lambda s: (-s.score, s.member_id))
            return [
                Suggested(
                    s.member_id,
                    s.member_name,
                    s.member_clusters,
                    s.score,
                    rank,
                    s.explanation.evidence[0].need if s.explanation.evidence else None,
                    s.explanation.reasons,
                    s,
                    _stage(self.answers.get(s.suggestion_id, [])),
                )
                for rank, s in enumerate(live, start=1)
            ]

    def inbox(self, member_id: str) -> list[MatchSuggestion]:
        """The member's live suggestions, newest first (one per opportunity)."""
        with self._changed:
            live = [
                self.suggestions[sid]
                for sid in self._by_member.get(member_id, {}).values()
                if sid not in self.retracted
            ]
        return sorted(live, key=lambda s: s.created_at, reverse=True)

    def answer_count(self, opportunity_id: str) -> int:
        """Answers (any side, any action) to the opportunity's suggestions."""
        with self._changed:
            sids = set(self._by_opportunity.get(opportunity_id, {}).values())
            return sum(len(self.answers.get(sid, [])) for sid in sids)

    def live_suggestions(self) -> list[MatchSuggestion]:
        """Every live suggestion (latest per opportunity and member, not retracted)."""
        with self._changed:
            return [
                self.suggestions[sid]
                for by_member in self._by_opportunity.values()
                for sid in by_member.values()
                if sid not in self.retracted
            ]
