"""Moving parts of ``matchmaker bench``: the benchmark's error and a watcher on the worker's output topics.

The worker is driven, and completion observed, only through its public surface (docs/TOOLS.md).
"""

from __future__ import annotations

import json
import threading
import time

from kafka import KafkaConsumer

from models.exceptions import MatchmakerError
from streams.kafka_config import consumer_kwargs
from streams.kafka_io import partitions_of
from streams.settings import Settings
from tools.workers import WorkerProcess

__all__ = ["EVERY_MEMBER", "EVERY_MEMBER_SCORING", "BenchError", "TopicWatcher"]

#: A bench's scoring settings: no floor and no evidence rule, so that every opportunity gets its
#: whole top-k (stand-in vectors score low) and latency can be read on each one.
EVERY_MEMBER_SCORING = {"min_score": 0.0, "explain_min_relevance": 0.0}
#: The same as a worker's environment.
EVERY_MEMBER = {f"MATCHMAKER_SCORING__{k.upper()}": str(v) for k, v in EVERY_MEMBER_SCORING.items()}


class BenchError(MatchmakerError):
    """The benchmark could not complete a phase (worker died, timeout, no broker)."""


class TopicWatcher:
    """Background consumer of the suggestions and embeddings topics, from their current end.

    Records when each opportunity's first suggestion and each embedding key arrived
    (``time.perf_counter`` clock), and which members were suggested.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.first_suggestion: dict[str, float] = {}
        self.suggestions = 0
        self.suggested_members: dict[str, int] = {}
        self.embeddings: dict[str, float] = {}
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="bench-watcher", daemon=True)

    def __enter__(self) -> TopicWatcher:
        self._thread.start()
        if not self._ready.wait(60):
            raise BenchError("the topic watcher could not reach the broker")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        topics = self.settings.topics
        consumer = KafkaConsumer(**consumer_kwargs(self.settings, "kafka-python"))
        try:
            partitions = partitions_of(consumer, [topics.suggestions, topics.embeddings])
            consumer.assign(partitions)
            consumer.seek_to_end(*partitions)
            for tp in partitions:
                consumer.position(tp)
            self._ready.set()
            while not self._stop.is_set():
                for tp, messages in consumer.poll(timeout_ms=50, max_records=5000).items():
                    now = time.perf_counter()
                    with self._lock:
                        for msg in messages:
                            self._record(tp.topic, msg.key, msg.value, now)
        finally:
            consumer.close()

    def _record(self, topic: str, key: bytes | None, value: bytes | None, now: float) -> None:
        name = key.decode("utf-8", "replace") if key else ""
        if topic == self.settings.topics.embeddings:
            self.embeddings.setdefault(name, now)
            return
        if value and b'"retraction_id"' in value:  # a retraction shares the topic: not a suggestion
            return
        self.suggestions += 1
        self.first_suggestion.setdefault(name, now)
        if value:
            member = json.loads(value).get("member_id", "")
            self.suggested_members[member] = self.suggested_members.get(member, 0) + 1

    def wait_for(
        self, opportunities: set[str], embeddings: set[str], worker: WorkerProcess, timeout: float
    ) -> float:
        """Block until every named opportunity has a suggestion and every key arrived; the last time."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                missing = len(opportunities - self.first_suggestion.keys()) + len(
                    embeddings - self.embeddings.keys()
                )
                if not missing:
                    times = [self.first_suggestion[o] for o in opportunities]
                    times += [self.embeddings[k] for k in embeddings]
                    return max(times, default=time.perf_counter())
            if not worker.alive():
                raise BenchError(f"the worker died:\n{worker.log_tail()}")
            if time.monotonic() > deadline:
                raise BenchError(
                    f"{missing} result(s) still missing after {timeout:.0f}s:\n{worker.log_tail()}"
                )
            time.sleep(0.02)
