"""Integration fixtures: the real broker from KAFKA_BOOTSTRAP_SERVERS, a real worker process.

``make test`` (and so CI) starts the broker; a run without the variable skips these tests with
that reason, a run whose broker is unreachable fails.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator

import pytest
from kafka import KafkaConsumer

from models.rankings import SuggestionRetraction
from streams.cloudevents import event_type
from streams.kafka_config import consumer_kwargs
from streams.kafka_io import LagMonitor
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.workers import WorkerProcess

RETRACTION = event_type(SuggestionRetraction).encode()


def _reachable(bootstrap: str) -> bool:
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=3):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def bootstrap() -> str:
    servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not servers:
        pytest.skip("KAFKA_BOOTSTRAP_SERVERS is not set: run `make test`, which starts a real broker")
    assert _reachable(servers), f"the broker at {servers} is not reachable"
    return servers


class Worker(WorkerProcess):
    """The integration tests' worker (:class:`tools.workers.WorkerProcess`) with waits that fail the test."""

    def wait_committed(self, topic: str, timeout: float = 300) -> None:
        """Block until the worker's group has committed everything on ``topic`` (fail on death/timeout)."""
        deadline = time.monotonic() + timeout
        with LagMonitor(self.settings) as monitor:
            while monitor.lag([topic]) != 0:
                if not self.alive():
                    pytest.fail(f"worker died:\n{self.log_tail()}")
                if time.monotonic() > deadline:
                    metrics = self.metrics() if self.metrics_port is not None else {}
                    pytest.fail(f"worker did not catch up on {topic} {metrics}:\n{self.log_tail()}")
                time.sleep(0.5)

    def metrics(self) -> dict[str, float]:
        """The worker's Prometheus gauges (``matchmaker_*``); empty while it is not serving them."""
        assert self.metrics_port is not None, "start the worker with a metrics port"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as r:
                text = r.read().decode()
        except OSError:
            return {}
        values = {}
        for line in text.splitlines():
            if line.startswith("matchmaker_"):
                name, _, value = line.partition(" ")
                values[name] = float(value)
        return values

    def wait_metrics(self, done: Callable[[dict[str, float]], bool], what: str, timeout: float = 300) -> None:
        """Block until ``done(metrics)`` holds (fail on death/timeout, saying ``what`` was awaited)."""
        deadline = time.monotonic() + timeout
        while not done(self.metrics()):
            if not self.alive():
                pytest.fail(f"worker died waiting for {what}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"worker never reached {what}: {self.metrics()}\n{self.log_tail()}")
            time.sleep(0.5)


def free_port() -> int:
    """A TCP port nobody listens on right now (for a worker's metrics endpoint)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def settings(bootstrap: str) -> Settings:
    prefix = f"it-{uuid.uuid4().hex[:8]}"
    result = Settings(bootstrap_servers=bootstrap, topic_prefix=prefix, app_id=f"matchmaker-{prefix}")
    ensure_topics(result)
    return result


@pytest.fixture(scope="module")
def worker(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    w = Worker(settings, tmp_path_factory.mktemp("worker") / "worker.log")
    w.start()
    yield w
    w.stop()


Collector = Callable[..., list[dict]]


@pytest.fixture
def collect(settings: Settings) -> Collector:
    """Read a topic from the start until ``done(records)`` holds; fail with context on timeout.

    Retractions (their own ``ce_type``, on the suggestions topic) and tombstones are left out.
    """

    def _collect(
        topic: str,
        done: Callable[[list[dict]], bool],
        timeout: float = 120,
        worker: Worker | None = None,
        settings: Settings = settings,
    ) -> list[dict]:
        consumer = KafkaConsumer(
            topic,
            **consumer_kwargs(settings, "kafka-python", consumer_timeout_ms=1000),
        )
        records: list[dict] = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                for message in consumer:
                    if message.value is not None and ("ce_type", RETRACTION) not in (message.headers or []):
                        records.append(json.loads(message.value))
                if done(records):
                    return records
                if worker is not None and not worker.alive():
                    pytest.fail(f"worker died:\n{worker.log_tail()}")
        finally:
            consumer.close()
        tail = worker.log_tail() if worker is not None else ""
        pytest.fail(f"timed out on {topic} with {len(records)} records\n{tail}")

    return _collect
