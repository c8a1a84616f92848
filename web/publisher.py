"""The web's only way to write: produce an event (with its CloudEvents headers) and wait for the broker."""

from __future__ import annotations

import threading

from kafka import KafkaProducer
from kafka.errors import KafkaError
from pydantic import BaseModel

from models.exceptions import MatchmakerError
from streams.cloudevents import cloudevent_headers
from streams.codec import encode
from streams.kafka_config import producer_kwargs
from streams.settings import Settings

__all__ = ["PublishFailed", "Publisher"]


class PublishFailed(MatchmakerError):
    """The broker did not acknowledge an event the web tried to send."""


class Publisher:
    """One idempotent producer shared by every request (created on first use)."""

    def __init__(self, settings: Settings, timeout_s: float = 15.0) -> None:
        self.settings = settings
        self.timeout_s = timeout_s
        self._producer: KafkaProducer | None = None
        self._lock = threading.Lock()

    def publish(self, topic: str, key: str, event: BaseModel) -> None:
        """Send ``event`` keyed by ``key`` and block until the broker has it (:class:`PublishFailed`)."""
        try:
            with self._lock:
                if self._producer is None:
                    self._producer = KafkaProducer(**producer_kwargs(self.settings, "kafka-python"))
                producer = self._producer
            future = producer.send(
                topic, key=key.encode(), value=encode(event), headers=cloudevent_headers(event, self.settings)
            )
            future.get(timeout=self.timeout_s)
        except KafkaError as exc:
            raise PublishFailed(f"Kafka did not accept the event: {exc}") from exc

    def close(self) -> None:
        """Flush and close the producer."""
        if self._producer is not None:
            self._producer.close()
