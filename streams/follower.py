"""Every worker follows every partition of the state topics: :class:`StateFollower`, :class:`OutcomeLog`.

The follower applies every member and opportunity record to this worker's matchmaker and keeps what
each produced until the partition's owner (:mod:`streams.emitter`) emits it; docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from models.exceptions import ConfigurationError
from streams.codec import Record
from streams.kafka_config import admin_kwargs, consumer_kwargs
from streams.progress import CatchUp
from streams.service import MatchService, Outcome
from streams.settings import Settings
from streams.trace import stage

__all__ = ["TP", "OutcomeLog", "StateFollower", "split_by_size"]

log = logging.getLogger(__name__)

TP = tuple[str, int]
Publish = Callable[[list[tuple[str, bytes]]], Awaitable[None]]
PRUNE_EVERY_S = 10.0
CLAIM_PATIENCE_S = 30.0
STATUS_EVERY_S = 30.0


async def _wait_for(condition: asyncio.Condition, predicate: Callable[[], bool], timeout: float) -> bool:
    """``condition.wait_for(predicate)`` for at most ``timeout`` seconds; whether it holds."""
    try:
        await asyncio.wait_for(condition.wait_for(predicate), timeout)
    except TimeoutError:
        return predicate()
    return True


def split_by_size(records: list[Record], max_bytes: int) -> list[list[Record]]:
    """Consecutive groups of records whose values add up to at most ``max_bytes`` (at least one each)."""
    groups: list[list[Record]] = []
    size = 0
    for record in records:
        length = len(record.value or b"")
        if not groups or size + length > max_bytes:
            groups.append([])
            size = 0
        groups[-1].append(record)
        size += length
    return groups


class OutcomeLog:
    """What each state record produced, by position; the partition's owner claims it to emit it."""

    def __init__(self) -> None:
        self._outcomes: dict[TP, dict[int, Outcome]] = defaultdict(dict)
        self._positions: dict[TP, int] = {}
        self._advanced = asyncio.Condition()

    def begin(self, positions: dict[TP, int]) -> None:
        """Where the follower starts (records before these offsets were replayed, never emitted)."""
        self._positions.update(positions)

    def position(self, tp: TP) -> int:
        """The next offset the follower will apply on ``tp``."""
        return self._positions.get(tp, 0)

    async def add(self, records: list[Record], outcomes: list[Outcome]) -> None:
        """Record the outcomes of applied records and wake the emitter waiting for them."""
        for record, outcome in zip(records, outcomes, strict=True):
            tp = (record.topic, record.partition)
            if outcome.suggestions or outcome.dead is not None:
                self._outcomes[tp][record.offset] = outcome
            self._positions[tp] = max(self.position(tp), record.offset + 1)
        async with self._advanced:
            self._advanced.notify_all()

    async def claim(self, topic: str, partition: int, offset: int) -> Outcome | None:
        """Wait until the record at ``offset`` is applied; its outcome (``None``: nothing to send)."""
        tp = (topic, partition)
        async with self._advanced:
            while not await _wait_for(self._advanced, lambda: self.position(tp) > offset, CLAIM_PATIENCE_S):
                log.warning(
                    "%s[%d]@%d: still waiting for the follower (at %d)",
                    topic,
                    partition,
                    offset,
                    self.position(tp),
                )
        return self._outcomes[tp].pop(offset, None)

    def prune(self, committed: dict[TP, int]) -> int:
        """Forget outcomes below the group's committed offsets (already emitted by some owner)."""
        dropped = 0
        for tp, offset in committed.items():
            kept = self._outcomes.get(tp)
            if kept:
                stale = [o for o in kept if o < offset]
                for o in stale:
                    del kept[o]
                dropped += len(stale)
        return dropped

    def pending(self) -> int:
        """Outcomes held, waiting for an owner to claim them."""
        return sum(len(kept) for kept in self._outcomes.values())


class StateFollower:
    """Applies every state record of every partition to ``service`` (docs/ARCHITECTURE.md).

    ``owned`` says which partitions this worker owns now (their texts are this worker's to embed);
    ``publish`` persists freshly computed vectors to the embeddings topic.
    """

    def __init__(
        self,
        settings: Settings,
        service: MatchService,
        executor: Executor,
        owned: Callable[[], set[TP]],
        publish: Publish,
        start: dict[TP, int],
        embeddings_start: dict[TP, int],
        outcomes: OutcomeLog | None = None,
    ) -> None:
        self.settings = settings
        self.service = service
        self.executor = executor
        self.owned = owned
        self.publish = publish
        self.start = start
        self.embeddings_start = embeddings_start
        self.outcomes = outcomes or OutcomeLog()
        self.outcomes.begin(start)
        self.embedder = ThreadPoolExecutor(1, thread_name_prefix="embedder")  # texts one part ahead
        self.progress = CatchUp(log.info)  # log lines while the worker is far behind its topics
        self.lag = 0
        self.peer_vectors_waited = 0
        self.self_embedded_foreign = 0

    async def run(self) -> None:
        """Follow until cancelled (the app's shutdown)."""
        deadline = asyncio.get_running_loop().time() + self.settings.session_timeout_s
        while not self.owned() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)  # the first assignment tells which texts are this worker's to embed
        await asyncio.gather(self._follow_state(), self._follow_embeddings(), self._prune())

    def _consumer(self) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(**consumer_kwargs(self.settings, "aiokafka"))  # earliest: never skips

    async def _follow_state(self) -> None:
        consumer = self._consumer()
        await consumer.start()
        try:
            await self._assign(consumer, self.start)
            ready: asyncio.Queue[list[Record]] = asyncio.Queue(maxsize=1)
            await asyncio.gather(self._fetch_ahead(consumer, ready), self._apply(ready))
        finally:
            await consumer.stop()

    async def _fetch_ahead(self, consumer: AIOKafkaConsumer, ready: asyncio.Queue[list[Record]]) -> None:
        """Fetch state records and embed each part's texts on the embedding thread, one part ahead of
        :meth:`_apply`: the models and the matcher then work side by side (docs/BENCHMARKS.md, run 8)."""
        loop = asyncio.get_running_loop()
        reported = loop.time()
        order = {self.settings.topics.members: 0, self.settings.topics.opportunities: 1}
        while True:
            fetched = await consumer.getmany(timeout_ms=200, max_records=self.settings.batch_size)
            records = [
                Record(m.topic, m.partition, m.offset, m.key, m.value)
                for tp in sorted(fetched, key=lambda tp: (order.get(tp.topic, 2), tp.partition))
                for m in fetched[tp]
            ]
            if self.settings.trace:
                stage("fetched", [(r.topic, r.key) for r in records])
            for part in split_by_size(records, self.settings.batch_bytes):  # bounded time per model call
                owned = self.owned()
                mine = [r for r in part if (r.topic, r.partition) in owned]
                if mine:  # embed and publish these first: the other workers are waiting for them
                    await loop.run_in_executor(self.embedder, self.service.embed, mine)
                    if self.settings.trace:
                        stage("embedded", [(r.topic, r.key) for r in mine])
                    await self._publish_fresh()
                await self._await_peer_vectors([r for r in part if (r.topic, r.partition) not in owned])
                await ready.put(part)
            if loop.time() - reported > STATUS_EVERY_S:
                reported = loop.time()
                log.info(
                    "follower: %d members, %d open opportunities, lag %d, %d outcomes pending, owns %s",
                    len(self.service.matchmaker.members),
                    len(self.service.matchmaker.opportunities),
                    self.lag,
                    self.outcomes.pending(),
                    sorted(self.owned()),
                )
            self.lag = sum(
                max(0, (consumer.highwater(tp) or 0) - self.outcomes.position((tp.topic, tp.partition)))
                for tp in consumer.assignment()
            )
            self.progress.update(self.lag, self.service.processed)

    async def _apply(self, ready: asyncio.Queue[list[Record]]) -> None:
        """Apply the parts in fetch order on the model thread (their texts are mostly cached by now)."""
        loop = asyncio.get_running_loop()
        while True:
            part = await ready.get()
            outcomes = await loop.run_in_executor(self.executor, self._handle, part)
            await self.outcomes.add(part, outcomes)
            await self._publish_fresh()

    def _handle(self, part: list[Record]) -> list[Outcome]:
        """Model thread: apply one part (and log when, with ``settings.trace``)."""
        started = time.time()
        outcomes = self.service.handle_batch(part)
        if self.settings.trace:
            keys = [(r.topic, r.key) for r in part]
            stage("apply", keys, started)
            stage("applied", keys)
        return outcomes

    async def _publish_fresh(self) -> None:
        fresh = self.service.drain_embeddings()
        if fresh:
            await self.publish(fresh)

    async def _await_peer_vectors(self, foreign: list[Record]) -> None:
        """Give other partitions' owners a moment to publish vectors this worker would otherwise compute."""
        if not foreign or self.settings.peer_embedding_wait_s <= 0:
            return
        loop = asyncio.get_running_loop()
        try:  # asked off the model thread: an answer that lags a change only costs an embedding
            pending = await loop.run_in_executor(self.embedder, self.service.uncached_texts, foreign)
        except Exception:
            log.exception("could not tell which texts peers have published; not waiting for them")
            return
        if not any(pending):
            return
        self.peer_vectors_waited += 1
        deadline = loop.time() + self.settings.peer_embedding_wait_s
        partitions = {(r.topic, r.partition) for r in foreign}
        while any(pending) and loop.time() < deadline and not partitions & self.owned():
            await asyncio.sleep(0.05)  # (a partition that became ours after a rebalance is ours to embed)
            pending = self.service.still_uncached(pending)
        if any(pending):
            self.self_embedded_foreign += sum(map(len, pending))
            log.info("embedding %d texts no peer published in time", sum(map(len, pending)))

    async def _follow_embeddings(self) -> None:
        consumer = self._consumer()
        await consumer.start()
        try:
            await self._assign(consumer, self.embeddings_start)
            while True:
                fetched = await consumer.getmany(timeout_ms=500, max_records=5000)
                for messages in fetched.values():
                    for m in messages:
                        if m.key is not None and m.value is not None:
                            self.service.load_embedding(m.key.decode("ascii", "replace"), m.value)
        finally:
            await consumer.stop()

    @staticmethod
    async def _assign(consumer: AIOKafkaConsumer, start: dict[TP, int]) -> None:
        """Assign every partition named in ``start`` (replay and loading saw them all) at its offset."""
        if not start:
            raise ConfigurationError("the follower needs the partitions to follow (from replay)")
        consumer.assign([TopicPartition(topic, partition) for topic, partition in start])
        for (topic, partition), offset in start.items():
            consumer.seek(TopicPartition(topic, partition), offset)

    async def _prune(self) -> None:
        admin = AIOKafkaAdminClient(**admin_kwargs(self.settings, "aiokafka"))
        await admin.start()
        try:
            while True:
                await asyncio.sleep(PRUNE_EVERY_S)
                try:
                    offsets = await admin.list_consumer_group_offsets(self.settings.app_id)
                except Exception as exc:  # the coordinator may be moving; try again next round
                    log.debug("could not read committed offsets: %s", exc)
                    continue
                committed = {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()}
                self.outcomes.prune(committed)
        finally:
            await admin.close()
