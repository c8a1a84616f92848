"""The synchronous core of matching: one raw state record in, suggestions or a dead letter out.

No Kafka here: the follower and replay hand records to :class:`MatchService` on the model thread,
and tests call it directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from matcher.embedding import CachedEncoder
from matcher.engine import Matchmaker
from models.events import DeadLetter, MatchSuggestion, MemberProfile, Opportunity
from models.exceptions import InvalidEvent
from streams.codec import Record, Tombstone, dead_letter, decode
from streams.settings import Topics

__all__ = ["Listener", "MatchService", "Outcome"]

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one record produced."""

    suggestions: list[MatchSuggestion] = field(default_factory=list)
    dead: DeadLetter | None = None


#: Told of every applied state record, on the model thread: (record, event or tombstone, outcome).
Listener = Callable[[Record, "MemberProfile | Opportunity | Tombstone", Outcome], None]


class MatchService:
    """Routes records by topic to the matchmaker; bad records become dead letters, never exceptions.

    ``applied`` holds the next offset to apply per state partition; ``listeners`` are told of each
    applied record (the current-state processors, :mod:`streams.processors.rankings`).
    """

    def __init__(self, matchmaker: Matchmaker, topics: Topics, max_event_bytes: int) -> None:
        self.matchmaker = matchmaker
        self.topics = topics
        self.max_event_bytes = max_event_bytes
        self.processed = 0
        self.dead_lettered = 0
        self.applied: dict[tuple[str, int], int] = {}
        self.listeners: list[Listener] = []

    def handle(self, record: Record) -> Outcome:
        """Apply one record and return the suggestions it causes (or why it was rejected)."""
        return self.handle_batch([record])[0]

    def embed(self, records: list[Record]) -> int:
        """Embed (into the caches) the texts these records' valid events need, without applying them.

        May run on another thread than :meth:`handle_batch` (it only asks the index which texts it
        holds); how many texts went through a model.
        """
        events = self._decode_all(records)
        scorer = self.matchmaker.scorer
        try:
            texts = scorer.texts_to_embed(
                [e for e in events if isinstance(e, MemberProfile)],
                [e for e in events if isinstance(e, Opportunity)],
            )
            return sum(
                encoder.warm(wanted)
                for encoder, wanted in zip((scorer.english, scorer.multilingual), texts, strict=True)
                if isinstance(encoder, CachedEncoder) and wanted
            )
        except Exception:  # handle_batch meets (and reports) the failure event by event
            log.exception("embedding ahead failed; the batch will embed its own texts")
            return 0

    def handle_batch(self, records: list[Record]) -> list[Outcome]:
        """Apply records in order; their texts are embedded up front in one call per model.

        Each run of consecutive member records is one :class:`~matcher.engine.MemberBatch`: every
        opportunity it touches is re-ranked once (docs/CONTRACTS.md, "Suggestions of one batch").
        """
        decoded = self._decode_all(records)
        self._prefetch(decoded)
        return self._apply_runs(records, decoded)

    def apply_decoded(
        self, records: list[Record], events: list[MemberProfile | Opportunity | Tombstone]
    ) -> None:
        """:meth:`handle_batch` of events already decoded from these records (replay keeps events)."""
        decoded: list[MemberProfile | Opportunity | Tombstone | InvalidEvent] = list(events)
        self._prefetch(decoded)
        self._apply_runs(records, decoded)

    def _apply_runs(
        self, records: list[Record], decoded: list[MemberProfile | Opportunity | Tombstone | InvalidEvent]
    ) -> list[Outcome]:
        """Apply in order: each run of member records as one batch, every other record on its own."""
        outcomes: list[Outcome] = []
        start = 0
        while start < len(records):
            end = start
            while end < len(records) and records[end].topic == self.topics.members:
                end += 1
            if end > start:
                outcomes += self._apply_members(records[start:end], decoded[start:end])
                start = end
            else:
                outcomes.append(self._apply(records[start], decoded[start]))
                start += 1
        return outcomes

    def _decode_all(
        self, records: list[Record]
    ) -> list[MemberProfile | Opportunity | Tombstone | InvalidEvent]:
        decoded: list[MemberProfile | Opportunity | Tombstone | InvalidEvent] = []
        for record in records:
            try:
                decoded.append(self._decode(record))
            except InvalidEvent as exc:
                decoded.append(exc)
        return decoded

    def _prefetch(self, decoded: list[MemberProfile | Opportunity | Tombstone | InvalidEvent]) -> None:
        try:
            self.matchmaker.scorer.prefetch(
                [e for e in decoded if isinstance(e, MemberProfile)],
                [e for e in decoded if isinstance(e, Opportunity)],
            )
        except Exception:  # each event below then meets (and reports) the failure on its own
            log.exception("batched embedding failed; falling back to one event at a time")

    def uncached_texts(self, records: list[Record]) -> tuple[list[str], list[str]]:
        """Texts of these records' valid events that each model (English, multilingual) lacks now."""
        events = self._decode_all(records)
        english, multilingual = self.matchmaker.scorer.texts_to_embed(
            [e for e in events if isinstance(e, MemberProfile)],
            [e for e in events if isinstance(e, Opportunity)],
        )
        return self.still_uncached((english, multilingual))

    def still_uncached(self, texts: tuple[list[str], list[str]]) -> tuple[list[str], list[str]]:
        """Those of the (English, multilingual) texts not yet in the caching encoders."""
        scorer = self.matchmaker.scorer
        english, multilingual = (
            encoder.missing(wanted) if isinstance(encoder, CachedEncoder) and wanted else []
            for encoder, wanted in zip((scorer.english, scorer.multilingual), texts, strict=True)
        )
        return english, multilingual

    def load_embedding(self, key: str, value: bytes) -> bool:
        """Put one vector from the embeddings topic into the caching encoder of its model."""
        scorer = self.matchmaker.scorer
        return any(
            encoder.load(key, value)
            for encoder in (scorer.english, scorer.multilingual)
            if isinstance(encoder, CachedEncoder)
        )

    def drain_embeddings(self) -> list[tuple[str, bytes]]:
        """Vectors the models computed since the last call, to persist as (key, value) records."""
        scorer = self.matchmaker.scorer
        return [
            entry
            for encoder in (scorer.english, scorer.multilingual)
            if isinstance(encoder, CachedEncoder)
            for entry in encoder.drain_fresh()
        ]

    def _decode(self, record: Record) -> MemberProfile | Opportunity | Tombstone:
        if record.topic == self.topics.members:
            return decode(record, MemberProfile, self.max_event_bytes)
        if record.topic == self.topics.opportunities:
            return decode(record, Opportunity, self.max_event_bytes)
        raise InvalidEvent(f"no handler for topic {record.topic!r}")

    def _apply(
        self, record: Record, event: MemberProfile | Opportunity | Tombstone | InvalidEvent
    ) -> Outcome:
        self.processed += 1
        try:
            if isinstance(event, InvalidEvent):
                raise event
            outcome = Outcome(suggestions=self._dispatch(event))
        except Exception as exc:  # a bug must not stall the partition: keep the event, say why
            outcome = Outcome(dead=self._dead(record, exc))
        if outcome.dead is not None:
            self.dead_lettered += 1
        elif not isinstance(event, InvalidEvent):
            self._tell(record, event, outcome)
        self.applied[(record.topic, record.partition)] = record.offset + 1
        return outcome

    def _apply_members(
        self, records: list[Record], events: list[MemberProfile | Opportunity | Tombstone | InvalidEvent]
    ) -> list[Outcome]:
        """A run of member records as one batch; listeners hear of each record once the batch is done."""
        batch = self.matchmaker.member_batch()
        outcomes = [Outcome() for _ in records]
        slots: dict[int, int] = {}  # record -> its change in the batch
        for i, (record, event) in enumerate(zip(records, events, strict=True)):
            try:
                if isinstance(event, InvalidEvent):
                    raise event
                slots[i] = len(batch)
                if isinstance(event, MemberProfile):
                    batch.upsert(event)
                elif isinstance(event, Tombstone):
                    batch.delete(event.key)
                else:
                    raise InvalidEvent(f"an opportunity on {record.topic!r}")
            except Exception as exc:
                outcomes[i].dead = self._dead(record, exc)
        try:
            found = batch.finish()
        except Exception as exc:  # a bug: every applied change of the run says so, none is lost
            found = [[] for _ in range(len(batch))]
            for i in slots:
                outcomes[i].dead = outcomes[i].dead or self._dead(records[i], exc)
        for i, (record, event) in enumerate(zip(records, events, strict=True)):
            self.processed += 1  # counted once its outcome is final (the bench waits on this count)
            outcome = outcomes[i]
            if outcome.dead is not None:
                self.dead_lettered += 1
            else:
                outcome.suggestions = found[slots[i]]
                assert not isinstance(event, InvalidEvent)
                self._tell(record, event, outcome)
            self.applied[(record.topic, record.partition)] = record.offset + 1
        return outcomes

    def _dead(self, record: Record, exc: Exception) -> DeadLetter:
        if isinstance(exc, InvalidEvent):
            return dead_letter(record, str(exc))
        log.exception("internal error on %s[%d]@%d", record.topic, record.partition, record.offset)
        return dead_letter(record, f"internal error: {exc!r}", type(exc).__name__)

    def _tell(self, record: Record, event: MemberProfile | Opportunity | Tombstone, outcome: Outcome) -> None:
        for listener in self.listeners:
            try:
                listener(record, event, outcome)
            except Exception:  # a listener's bug must not stop matching
                log.exception("listener %r failed on %s[%d]", listener, record.topic, record.partition)

    def _dispatch(self, event: MemberProfile | Opportunity | Tombstone) -> list[MatchSuggestion]:
        """An opportunity record (member records go through :meth:`_apply_members`)."""
        if isinstance(event, Opportunity):
            return self.matchmaker.upsert_opportunity(event)
        if isinstance(event, Tombstone):
            self.matchmaker.close_opportunity(event.key)
            return []
        raise InvalidEvent("a member profile on the opportunities topic")
