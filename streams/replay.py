"""Start-up replay: state up to the group's committed offsets, each member applied once its vectors are in.

The latest version of every member and opportunity is read first, then the embeddings topic once, keeping
only the vectors they need: the float32 vectors in flight stay a window, with no cap that drops one
(docs/RELIABILITY.md, "State after a restart"). Nothing is emitted; the follower resumes at those offsets.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from kafka import KafkaConsumer, TopicPartition

from matcher.embedding import CachedEncoder, content_key
from models.events import MemberProfile, Opportunity
from models.exceptions import InvalidEvent
from streams.codec import Record, Tombstone, decode
from streams.kafka_config import consumer_kwargs
from streams.kafka_io import partitions_of
from streams.progress import Progress
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["Replayed", "Restorer", "replay_state"]

log = logging.getLogger(__name__)
_NOT_A_TERMINAL = io.StringIO()  # a worker logs its progress, whatever its output is
TP = tuple[str, int]
Event = MemberProfile | Opportunity | Tombstone


class Replayed(NamedTuple):
    """What replay did: records applied, where the follower starts, and the vectors it used."""

    applied: int  # state records below the committed offsets (superseded versions included)
    positions: dict[TP, int]  # committed offset of every state partition
    embeddings: dict[TP, int]  # end offset of every embeddings partition when it was read
    vectors: int  # vectors taken from the embeddings topic
    window: int  # most vectors held at once, waiting for the rest of their event's


@dataclass(slots=True)
class _Item:
    record: Record
    event: Event
    keys: tuple[tuple[bytes, ...], ...] = ()  # content keys of the texts each model needs
    missing: int = 0  # of those, not yet read


class Restorer:
    """The replay's bookkeeping, no Kafka: :meth:`add_state` records, :meth:`plan`, :meth:`add_vector`
    vectors, :meth:`finish`. Members are applied in batches as their vectors complete, opportunities
    after every member (as they were replayed before); ``window`` is the most vectors held at once.
    """

    def __init__(self, service: MatchService, batch: int = 256) -> None:
        self.service = service
        scorer = service.matchmaker.scorer
        self.models = [
            e if isinstance(e, CachedEncoder) else None for e in (scorer.english, scorer.multilingual)
        ]
        self.by_name = {m.name: i for i, m in enumerate(self.models) if m is not None}
        room = min((m.max_entries for m in self.models if m is not None), default=2 * batch)
        self.batch, self.room = batch, max(1, room // 2)  # vectors put in a cache per apply: half of it
        self.latest: dict[tuple[str, str], _Item] = {}
        self.items: list[_Item | None] = []
        self.waiting: list[dict[bytes, int | list[int]]] = [{}, {}]
        self.wanted: list[set[bytes]] = [set(), set()]  # vectors of records after the committed offsets
        self.held: list[dict[bytes, bytes]] = [{}, {}]
        self.ready: list[int] = []
        self.applied = self.vectors = self.window = 0
        self.progress: Progress | None = None

    def _decode(self, record: Record) -> Event:
        model = MemberProfile if record.topic == self.service.topics.members else Opportunity
        return decode(record, model, self.service.max_event_bytes)

    def _texts(self, event: Event) -> tuple[list[str], list[str]]:
        scorer = self.service.matchmaker.scorer
        if isinstance(event, MemberProfile):
            return scorer.texts_to_embed([event], [])
        if isinstance(event, Opportunity):
            return scorer.texts_to_embed([], [event])
        return [], []

    def add_state(self, record: Record, replayed: bool = True) -> None:
        """One state record: kept if ``replayed`` (the latest per key wins), else only its vectors wanted."""
        try:
            event = self._decode(record)
        except InvalidEvent:  # dead-lettered when it was first processed
            self._skip(replayed)
            return
        if not replayed:
            for i, texts in enumerate(self._texts(event)):
                if self.models[i] is not None:
                    self.wanted[i].update(content_key(t) for t in texts)
            return
        if isinstance(event, Tombstone):
            ident = event.key
        else:
            ident = event.member_id if isinstance(event, MemberProfile) else event.opportunity_id
        self._skip(self.latest.pop((record.topic, ident), None) is not None)  # superseded
        kept = Record(record.topic, record.partition, record.offset, record.key, None)  # decoded already
        self.latest[(record.topic, ident)] = _Item(kept, event)

    def _skip(self, count: bool) -> None:
        """A replayed record that is not applied (invalid, or superseded by a later version)."""
        self.applied += count
        self.service.processed += count

    def plan(self) -> int:
        """List what every kept event needs; how many events will be applied."""
        self.items = list(self.latest.values())
        self.latest = {}
        for index, item in enumerate(self.items):
            assert item is not None
            keys = tuple(
                tuple(content_key(t) for t in texts) if self.models[i] is not None else ()
                for i, texts in enumerate(self._texts(item.event))
            )
            item.keys, item.missing = keys, sum(map(len, keys))
            for i, model_keys in enumerate(keys):
                waiting = self.waiting[i]
                for key in model_keys:
                    before = waiting.get(key)
                    if before is None:
                        waiting[key] = index
                    elif isinstance(before, int):
                        waiting[key] = [before, index]
                    else:
                        before.append(index)
            if not item.missing and item.record.topic == self.service.topics.members:
                self.ready.append(index)
        return len(self.items)

    def add_vector(self, key: bytes | None, value: bytes | None) -> None:
        """One embeddings record: held if a kept event needs it, cached if a later record does."""
        if key is None or value is None or len(value) % 4:
            return
        model, _, digest = key.decode("ascii", "replace").rpartition(":")
        i = self.by_name.get(model)
        if i is None or len(digest) != 32:
            return
        try:
            text_key = bytes.fromhex(digest)
        except ValueError:
            return
        waiters = self.waiting[i].pop(text_key, None)
        if waiters is None:
            if text_key in self.wanted[i]:
                self.wanted[i].discard(text_key)
                self.models[i].load(f"{model}:{digest}", value)  # type: ignore[union-attr]
            return
        self.held[i][text_key] = value
        self.vectors += 1
        self.window = max(self.window, len(self.held[0]) + len(self.held[1]))
        members = self.service.topics.members
        for index in [waiters] if isinstance(waiters, int) else waiters:
            item = self.items[index]
            assert item is not None
            item.missing -= 1
            if not item.missing and item.record.topic == members:
                self.ready.append(index)

    def apply_ready(self, at_least: int | None = None) -> None:
        """Apply the members whose vectors are all in, once ``at_least`` (default: a batch) are, or
        once the vectors held fill half the smallest cache."""
        full = len(self.held[0]) + len(self.held[1]) >= self.room
        if self.ready and (full or len(self.ready) >= (self.batch if at_least is None else at_least)):
            ready, self.ready = self.ready, []
            self._apply(ready)

    def finish(self) -> None:
        """Apply the rest: members still missing vectors (embedded now), then every opportunity."""
        self.apply_ready(1)
        members = self.service.topics.members
        self._apply(
            [i for i, item in enumerate(self.items) if item is not None and item.record.topic == members]
        )
        self._apply([i for i, item in enumerate(self.items) if item is not None])
        self.waiting, self.wanted, self.held = [{}, {}], [set(), set()], [{}, {}]

    def _apply(self, indices: list[int]) -> None:
        start = 0
        while start < len(indices):
            end, vectors = start, 0
            while end < len(indices) and end - start < self.batch:
                item = self.items[indices[end]]
                assert item is not None
                vectors += sum(map(len, item.keys))
                if end > start and vectors > self.room:
                    break
                end += 1
            self._apply_batch(indices[start:end])
            start = end

    def _apply_batch(self, indices: list[int]) -> None:
        records, events = [], []
        for index in indices:
            item = self.items[index]
            assert item is not None
            self.items[index] = None
            for i, keys in enumerate(item.keys):
                model = self.models[i]
                for key in keys:
                    value = self.held[i].pop(key, None)
                    if value is not None and model is not None:  # into the cache, until indexed
                        model.load(f"{model.name}:{key.hex()}", value)
            records.append(item.record)
            events.append(item.event)
        self.service.apply_decoded(records, events)  # texts not cached nor indexed are embedded here
        self.applied += len(records)
        if self.progress is not None:
            self.progress.advance(len(records))


def _read(consumer: KafkaConsumer, ends: dict[TopicPartition, int]) -> Iterable[list[Record]]:
    """Every record below ``ends`` of those partitions, a poll at a time."""
    ends = {tp: end for tp, end in ends.items() if end > 0}
    if not ends:
        return
    consumer.assign(list(ends))
    consumer.seek_to_beginning(*ends)
    while any(consumer.position(tp) < end for tp, end in ends.items()):
        for tp, messages in consumer.poll(timeout_ms=500, max_records=5000).items():
            yield [
                Record(m.topic, m.partition, m.offset, m.key, m.value)
                for m in messages
                if m.offset < ends[tp]
            ]


def replay_state(settings: Settings, service: MatchService, topic_names: list[str]) -> Replayed:
    """Apply every committed record of ``topic_names`` (members first) to ``service``, with cached vectors."""
    consumer = KafkaConsumer(
        **consumer_kwargs(settings, "kafka-python", group_id=settings.app_id, fetch_max_bytes=52_428_800)
    )
    started, restorer = time.perf_counter(), Restorer(service)
    positions: dict[TP, int] = {}
    try:
        partitions = partitions_of(consumer, topic_names)
        committed = {tp: consumer.committed(tp) or 0 for tp in partitions}
        positions = {(tp.topic, tp.partition): offset for tp, offset in committed.items()}
        ends = consumer.end_offsets(partitions)
        total = sum(ends.values()) - sum(consumer.beginning_offsets(partitions).values())
        with Progress("reading state", total, log.info, stream=_NOT_A_TERMINAL) as progress:
            for records in _read(consumer, ends):
                for record in records:
                    restorer.add_state(
                        record, record.offset < committed[TopicPartition(record.topic, record.partition)]
                    )
                progress.advance(len(records))
        kept = restorer.plan()
        vector_partitions = partitions_of(consumer, [settings.topics.embeddings])
        vector_ends = consumer.end_offsets(vector_partitions)
        with Progress(
            "replaying", kept, log.info, stream=_NOT_A_TERMINAL, unit="events"
        ) as restorer.progress:
            for records in _read(consumer, vector_ends):
                for record in records:
                    restorer.add_vector(record.key, record.value)
                restorer.apply_ready()
            restorer.finish()
    finally:
        consumer.close()
    for tp, offset in positions.items():
        if offset > service.applied.get(tp, 0):
            service.applied[tp] = offset
    log.info(
        "replayed %d records (%d events) in %.1fs; %d cached vectors used, at most %d held at once",
        restorer.applied,
        kept,
        time.perf_counter() - started,
        restorer.vectors,
        restorer.window,
    )
    embeddings = {(tp.topic, tp.partition): end for tp, end in vector_ends.items()}
    return Replayed(restorer.applied, positions, embeddings, restorer.vectors, restorer.window)
