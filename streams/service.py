"""The synchronous heart of the worker: one raw record in, suggestions or a dead letter out.

No Kafka or Faust here either: the agents hand records to :meth:`MatchService.handle` on an
executor thread, so the model never runs on the event loop, and tests call it directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from matcher.engine import Matchmaker
from models.events import DeadLetter, MatchSuggestion, MemberProfile, Opportunity
from models.exceptions import InvalidEvent
from streams.codec import Record, Tombstone, dead_letter, decode
from streams.settings import Topics

__all__ = ["MatchService", "Outcome"]

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one record produced."""

    suggestions: list[MatchSuggestion] = field(default_factory=list)
    dead: DeadLetter | None = None


class MatchService:
    """Routes records by topic to the matchmaker; bad records become dead letters, never exceptions."""

    def __init__(self, matchmaker: Matchmaker, topics: Topics, max_event_bytes: int) -> None:
        self.matchmaker = matchmaker
        self.topics = topics
        self.max_event_bytes = max_event_bytes
        self.processed = 0
        self.dead_lettered = 0

    def handle(self, record: Record) -> Outcome:
        """Apply ``record`` and return the suggestions it causes (or why it was rejected)."""
        self.processed += 1
        try:
            outcome = Outcome(suggestions=self._apply(record))
        except InvalidEvent as exc:
            outcome = Outcome(dead=dead_letter(record, str(exc)))
        except Exception as exc:  # a bug must not stall the partition: keep the event, say why
            log.exception("internal error on %s[%d]@%d", record.topic, record.partition, record.offset)
            outcome = Outcome(dead=dead_letter(record, f"internal error: {exc!r}", type(exc).__name__))
        if outcome.dead is not None:
            self.dead_lettered += 1
        return outcome

    def _apply(self, record: Record) -> list[MatchSuggestion]:
        mm = self.matchmaker
        if record.topic == self.topics.members:
            member = decode(record, MemberProfile, self.max_event_bytes)
            if isinstance(member, Tombstone):
                mm.delete_member(member.key)
                return []
            return mm.upsert_member(member)
        if record.topic == self.topics.opportunities:
            opportunity = decode(record, Opportunity, self.max_event_bytes)
            if isinstance(opportunity, Tombstone):
                mm.close_opportunity(opportunity.key)
                return []
            return mm.upsert_opportunity(opportunity)
        raise InvalidEvent(f"no handler for topic {record.topic!r}")
