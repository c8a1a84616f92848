"""Small kafka-python helpers for the command line: publish JSONL, read a topic, consumer lag."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError
from pydantic import BaseModel, ValidationError

from models.events import MemberProfile, Opportunity
from models.feedback import MatchFeedback
from streams.cloudevents import Headers, cloudevent_headers, tombstone_headers
from streams.codec import summarise_validation_error
from streams.kafka_config import admin_kwargs, consumer_kwargs, producer_kwargs
from streams.settings import Settings

__all__ = [
    "LagMonitor",
    "PublishReport",
    "commit_to_end",
    "partitions_of",
    "publish_contract",
    "publish_jsonl",
    "publish_raw",
    "read_topic",
]


def partitions_of(consumer: KafkaConsumer, topics: Iterable[str]) -> list[TopicPartition]:
    """Every partition of ``topics`` (in that order, partitions ascending) as the broker lists them."""
    return [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]


_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "member-profiles": (MemberProfile, "member_id"),
    "opportunities": (Opportunity, "opportunity_id"),
    "match-feedback": (MatchFeedback, "suggestion_id"),
}


@dataclass
class PublishReport:
    """What ``publish_jsonl`` did: records sent, and (line number, reason) for each bad line."""

    sent: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)


def publish_contract(topic: str) -> tuple[type[BaseModel], str]:
    """The event model and key field ``publish_jsonl`` validates ``topic``'s lines with (``ValueError``
    for a topic it does not publish to)."""
    suffix = topic.rsplit(".", 1)[-1]
    if suffix not in _MODELS:
        raise ValueError(f"publish knows member-profiles, opportunities and match-feedback, not {topic!r}")
    return _MODELS[suffix]


def publish_jsonl(
    settings: Settings,
    topic: str,
    path: Path,
    validate: bool = True,
    progress: Callable[[int], None] | None = None,
) -> PublishReport:
    """Validate each line of ``path`` and send the good ones, keyed by their id.

    A line ``{"tombstone": "<id>"}`` sends a null value for that key (delete / GDPR erasure).
    Validated records and tombstones carry CloudEvents headers (:mod:`streams.cloudevents`).
    With ``validate=False`` lines are sent as they are, without headers (to exercise the dead-letter path).
    ``progress`` is called with the number of records the broker acknowledged since the last call.
    """
    model, key_field = publish_contract(topic)
    report = PublishReport()
    futures = []
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python", linger_ms=5))
    try:
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                try:
                    key, value, headers = _prepare(raw, model, key_field, validate, settings)
                except ValueError as exc:
                    report.bad.append((number, str(exc)))
                    continue
                future = producer.send(topic, key=key, value=value, headers=headers)
                if progress is not None:
                    future.add_callback(lambda _: progress(1))
                futures.append((number, future))
        producer.flush()
    finally:
        producer.close()
    for number, future in futures:
        try:
            future.get(timeout=0)
            report.sent += 1
        except KafkaError as exc:
            report.bad.append((number, f"rejected by Kafka: {exc}"))
    report.bad.sort()
    return report


def _prepare(
    raw: bytes, model: type[BaseModel], key_field: str, validate: bool, settings: Settings
) -> tuple[bytes | None, bytes | None, Headers | None]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if validate:
            raise ValueError(f"not JSON: {exc}") from exc
        return None, raw.rstrip(b"\r\n"), None
    if isinstance(data, dict) and set(data) == {"tombstone"} and isinstance(data["tombstone"], str):
        return data["tombstone"].encode(), None, tombstone_headers(model, data["tombstone"], settings)
    if not validate:
        key = data.get(key_field) if isinstance(data, dict) else None
        return (str(key).encode() if key is not None else None), raw.rstrip(b"\r\n"), None
    try:
        event = model.model_validate(data)
    except ValidationError as exc:
        raise ValueError(summarise_validation_error(exc)) from exc
    headers = cloudevent_headers(event, settings)
    return str(getattr(event, key_field)).encode(), event.model_dump_json().encode(), headers


def publish_raw(settings: Settings, topic: str, records: list[tuple[bytes | None, bytes | None]]) -> None:
    """Send (key, value) byte pairs as they are and wait for the broker's acknowledgement."""
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python"))
    try:
        for key, value in records:
            producer.send(topic, key=key, value=value)
        producer.flush()
    finally:
        producer.close()


def read_topic(
    settings: Settings, topic: str, from_beginning: bool = True, idle_ms: int = 5000
) -> Iterator[tuple[bytes | None, bytes | None]]:
    """Yield (key, value) from every partition of ``topic`` until nothing arrives for ``idle_ms``."""
    consumer = KafkaConsumer(
        topic,
        **consumer_kwargs(
            settings,
            "kafka-python",
            auto_offset_reset="earliest" if from_beginning else "latest",
            consumer_timeout_ms=idle_ms,
        ),
    )
    try:
        for message in consumer:
            yield message.key, message.value
    finally:
        consumer.close()


class LagMonitor:
    """Records on some topics that the group consuming each has not committed yet.

    The state topics (profiles, opportunities) are measured against the matching group
    (``app_id``), ``match-suggestions`` and ``notifier-queue`` against the notifier's group,
    ``match-feedback`` against the feedback group (``<app_id>-<processor>``).
    """

    def __init__(self, settings: Settings) -> None:
        topics = settings.topics
        self.group = settings.app_id
        self.groups = {
            topics.members: settings.app_id,
            topics.opportunities: settings.app_id,
            topics.suggestions: settings.processor_group("notifier"),
            topics.notifier_queue: settings.processor_group("notifier"),
            topics.feedback: settings.processor_group("feedback"),
        }
        self._admin = KafkaAdminClient(**admin_kwargs(settings, "kafka-python"))
        self._consumer = KafkaConsumer(**consumer_kwargs(settings, "kafka-python"))

    def lag(self, topics: list[str]) -> int | None:
        """Uncommitted records on ``topics``; ``None`` while the group coordinator cannot tell yet."""
        unknown = [t for t in topics if t not in self.groups]
        if unknown:
            raise ValueError(f"no consumer group of this service reads {unknown}")
        committed: dict[TopicPartition, int] = {}
        for group in {self.groups[t] for t in topics}:
            try:
                listed = self._admin.list_group_offsets({group: None}).get(group, {})
            except KafkaError:
                if group == self.group:
                    return None
                continue  # that processor has not committed anything yet
            wanted = {t for t in topics if self.groups[t] == group}
            committed.update(
                {tp: meta.offset for tp, meta in listed.items() if tp.topic in wanted and meta.offset >= 0}
            )
        partitions = partitions_of(self._consumer, topics)
        ends: dict[TopicPartition, int] = self._consumer.end_offsets(partitions)
        return sum(max(0, end - committed.get(tp, 0)) for tp, end in ends.items())

    def close(self) -> None:
        """Release the connections."""
        self._consumer.close()
        self._admin.close()

    def __enter__(self) -> LagMonitor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def commit_to_end(settings: Settings, topics: list[str]) -> None:
    """Mark every record of ``topics`` as processed by the matching group (as a worker that ran before)."""
    consumer = KafkaConsumer(**consumer_kwargs(settings, "kafka-python", group_id=settings.app_id))
    partitions = partitions_of(consumer, topics)
    consumer.assign(partitions)
    consumer.seek_to_end(*partitions)
    for tp in partitions:
        consumer.position(tp)
    consumer.commit()
    consumer.close()
