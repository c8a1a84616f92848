"""Daily digests end to end: a worker whose notifier clock the test moves past the digest hour.

Real broker, real models, the real timer -> flush command -> notifier agent path; only the
notifier's notion of "now" comes from a file (``clock_worker.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Worker
from factories import member, opportunity
from kafka import KafkaConsumer

from streams.kafka_config import consumer_kwargs
from streams.kafka_io import publish_jsonl
from streams.settings import Settings
from streams.topics import ensure_topics

pytestmark = pytest.mark.integration

START = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
DIGEST = {"enabled": True, "min_score": 0.0, "delivery": "daily", "digest_hour": 8, "max_per_day": 2}
MEMBERS = [member("sme-digest", "Laser welding cells for aluminium battery trays", notify=DIGEST)]
OPPORTUNITIES = [
    opportunity(f"o-d{n}", title, text, deadline="2027-03-31")
    for n, (title, text) in enumerate(
        [
            ("Battery tray welding", "Partner for laser welding of aluminium battery trays"),
            ("Weld inspection", "In-line inspection of laser welds on battery trays"),
            ("Aluminium frames", "Laser welding of aluminium frames for electric scooters"),
        ]
    )
]


class ClockWorker(Worker):
    """The integration worker, started through ``clock_worker.py`` with a clock file."""

    def __init__(self, settings: Settings, log_path: Path, clock_file: Path) -> None:
        super().__init__(
            settings,
            log_path,
            env={"LTC_TEST_CLOCK_FILE": str(clock_file)},
            command=[sys.executable, str(Path(__file__).with_name("clock_worker.py"))],
        )
        self.clock_file = clock_file


@pytest.fixture(scope="module")
def digest_settings(bootstrap: str) -> Settings:
    prefix = f"it-{uuid.uuid4().hex[:8]}"
    result = Settings(bootstrap_servers=bootstrap, topic_prefix=prefix, app_id=f"matchmaker-{prefix}")
    ensure_topics(result)
    return result


@pytest.fixture(scope="module")
def clock_worker(
    digest_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ClockWorker]:
    tmp = tmp_path_factory.mktemp("digest")
    clock = tmp / "clock.txt"
    clock.write_text(START.isoformat(), encoding="utf-8")
    w = ClockWorker(digest_settings, tmp / "worker.log", clock)
    w.start()
    yield w
    w.stop()


def notifications(settings: Settings, topic: str | None = None) -> list[dict]:
    consumer = KafkaConsumer(
        topic or settings.topics.notifications,
        **consumer_kwargs(settings, "kafka-python", consumer_timeout_ms=2000),
    )
    try:
        return [json.loads(m.value) for m in consumer]
    finally:
        consumer.close()


def publish(settings: Settings, topic: str, events: list, tmp: Path) -> None:  # type: ignore[type-arg]
    path = tmp / f"{topic}.jsonl"
    path.write_text("".join(e.model_dump_json() + "\n" for e in events), encoding="utf-8")
    assert publish_jsonl(settings, topic, path).sent == len(events)


def test_daily_digest_goes_out_at_the_digest_hour_with_the_best_within_the_cap(
    digest_settings: Settings, clock_worker: ClockWorker, tmp_path: Path
) -> None:
    topics = digest_settings.topics
    publish(digest_settings, topics.members, MEMBERS, tmp_path)
    clock_worker.wait_committed(topics.members)
    publish(digest_settings, topics.opportunities, OPPORTUNITIES, tmp_path)
    clock_worker.wait_committed(topics.opportunities)
    clock_worker.wait_committed(topics.suggestions)
    clock_worker.wait_committed(topics.notifier_queue)
    suggested = {
        s["opportunity_id"] for s in notifications(digest_settings, topics.suggestions) if s["notify"]
    }
    assert len(suggested) == 3, "precondition: more matches than the cap of two"
    time.sleep(3)  # three timer ticks at 12:00: nothing is due before 08:00 tomorrow
    assert notifications(digest_settings) == []

    clock_worker.clock_file.write_text((START + dt.timedelta(hours=20, seconds=5)).isoformat())
    deadline = time.monotonic() + 60
    found: list[dict] = []
    while not found and time.monotonic() < deadline:
        assert clock_worker.alive(), clock_worker.log_tail()
        found = notifications(digest_settings)
    assert len(found) == 1, clock_worker.log_tail()
    digest = found[0]
    assert digest["delivery"] == "daily" and digest["member_id"] == "sme-digest"
    assert len(digest["items"]) == 2  # three matches, cap of two
    scores = [item["score"] for item in digest["items"]]
    assert scores == sorted(scores, reverse=True)
    assert digest["created_at"].startswith("2026-06-02T08:00:05")
    time.sleep(3)
    assert len(notifications(digest_settings)) == 1  # later ticks send nothing more
