"""The downstream processors' consumer loop: commit after the broker's ack, rebalances wait for the batch."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

from streams.processors.base import GroupProcessor, _Listener
from streams.settings import Settings

TP = TopicPartition("unit.in", 0)


def message(offset: int) -> ConsumerRecord:  # type: ignore[type-arg]
    return ConsumerRecord("unit.in", 0, offset, 0, 0, b"k", b"v", None, 1, 1, [])


class FakeConsumer:
    """Hands out one batch, then nothing; records commits."""

    def __init__(self, batches: list[list[ConsumerRecord]]) -> None:  # type: ignore[type-arg]
        self.batches = batches
        self.commits: list[dict[TopicPartition, int]] = []
        self.sought: list[tuple[TopicPartition, int]] = []
        self.owned = {TP}

    def assignment(self) -> set[TopicPartition]:
        return self.owned

    async def getmany(self, timeout_ms: int, max_records: int) -> dict:  # type: ignore[type-arg]
        await asyncio.sleep(0.01)  # a fetch is I/O
        if self.batches:
            return {TP: self.batches.pop(0)}
        await asyncio.sleep(timeout_ms / 1000)
        return {}

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(offsets)

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.sought.append((tp, offset))
        self.batches.insert(0, [message(offset)])  # what the next fetch returns again


class SlowAck(GroupProcessor):
    """Each batch causes one send whose acknowledgement the test releases; assignment takes a while."""

    def __init__(self) -> None:
        super().__init__(Settings(topic_prefix="unit", app_id="unit-app"), "probe", ["unit.in"])
        self.ack: asyncio.Future[None] | None = None
        self.handled: list[int] = []
        self.restored = asyncio.Event()
        self.restored_before_handling: list[bool] = []

    async def on_assigned(self, assigned: set[TopicPartition]) -> None:
        await asyncio.sleep(0.2)  # reading state back
        self.restored.set()

    async def handle(self, tp: TopicPartition, messages: list[ConsumerRecord]) -> list[Awaitable[object]]:  # type: ignore[type-arg]
        self.handled += [m.offset for m in messages]
        self.restored_before_handling.append(self.restored.is_set())
        self.ack = asyncio.get_running_loop().create_future()
        return [self.ack]


def test_offset_is_committed_only_after_the_output_is_acknowledged_and_revocation_waits() -> None:
    async def scenario() -> None:
        processor = SlowAck()
        consumer = FakeConsumer([[message(5), message(6)]])
        processor.consumer = consumer  # type: ignore[assignment]
        assert processor.group == "unit-app-probe"
        await _Listener(processor).on_partitions_assigned({TP})
        loop = asyncio.create_task(processor.run())
        while processor.ack is None:
            await asyncio.sleep(0.01)
        revoked = asyncio.create_task(_Listener(processor).on_partitions_revoked({TP}))
        await asyncio.sleep(0.1)
        assert processor.handled == [5, 6]
        assert consumer.commits == [], "committed before the broker acknowledged the output"
        assert not revoked.done(), "the rebalance went ahead with a batch in hand"
        processor.ack.set_result(None)
        await asyncio.wait_for(revoked, 2)
        assert consumer.commits == [{TP: 7}]
        loop.cancel()

    asyncio.run(scenario())


def test_a_batch_of_a_partition_revoked_meanwhile_is_left_to_the_new_owner() -> None:
    async def scenario() -> None:
        processor = SlowAck()
        consumer = FakeConsumer([[message(0)]])
        consumer.owned = set()
        processor.consumer = consumer  # type: ignore[assignment]
        loop = asyncio.create_task(processor.run())
        await asyncio.sleep(0.2)
        assert processor.handled == [] and consumer.commits == []
        loop.cancel()

    asyncio.run(scenario())


def test_records_fetched_while_the_partition_is_being_restored_wait_for_the_restore() -> None:
    async def scenario() -> None:
        processor = SlowAck()
        consumer = FakeConsumer([[message(3)]])
        processor.consumer = consumer  # type: ignore[assignment]
        loop = asyncio.create_task(processor.run())  # fetches before the assignment callback ran
        await asyncio.sleep(0.05)
        await _Listener(processor).on_partitions_assigned({TP})
        while processor.ack is None:
            await asyncio.sleep(0.01)
        processor.ack.set_result(None)
        await asyncio.sleep(0.1)
        assert processor.handled == [3] and processor.restored_before_handling == [True]
        assert set(consumer.sought) == {(TP, 3)} and consumer.commits == [{TP: 4}]
        loop.cancel()

    asyncio.run(scenario())
