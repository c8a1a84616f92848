"""Creating the topics with the right shape (compacted state topics, plain output topics)."""

from __future__ import annotations

import contextlib
import logging

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from models.exceptions import ConfigurationError
from streams.kafka_config import admin_kwargs
from streams.settings import Settings

__all__ = ["ensure_topics"]

log = logging.getLogger(__name__)


def ensure_topics(settings: Settings) -> list[str]:
    """Create any missing topic; member profiles and opportunities are compacted (latest per key)."""
    topics = settings.topics
    compacted = {"cleanup.policy": "compact", "max.message.bytes": str(settings.max_event_bytes * 2)}
    wanted = {
        topics.members: compacted,
        topics.opportunities: compacted,
        topics.suggestions: {"cleanup.policy": "delete"},
        topics.deadletter: {
            "cleanup.policy": "delete",
            "max.message.bytes": str(settings.max_event_bytes * 3),
        },
        topics.embeddings: {"cleanup.policy": "compact"},  # evidence vectors by (model, text hash)
        topics.notifications: {"cleanup.policy": "delete"},
        topics.notifier_queue: {"cleanup.policy": "delete"},  # same partition count as member-profiles
        topics.notifier_state: {"cleanup.policy": "compact"},  # partition p: state of queue partition p
        topics.feedback: {"cleanup.policy": "delete"},
        topics.feedback_examples: {"cleanup.policy": "compact"},  # latest per suggestion_id
        topics.ranker_model: {"cleanup.policy": "compact"},  # latest model (key "reranker")
        # current state by opportunity_id (partition p follows opportunities partition p)
        topics.consortia: {"cleanup.policy": "compact"},
        topics.rankings: {
            "cleanup.policy": "compact",
            "max.message.bytes": str(settings.max_event_bytes * 2),
        },
    }
    try:
        admin = KafkaAdminClient(
            **admin_kwargs(settings, "kafka-python", client_id=f"{settings.app_id}-admin")
        )
    except KafkaError as exc:
        raise ConfigurationError(f"cannot reach Kafka at {settings.bootstrap_servers}: {exc}") from exc
    try:
        existing = set(admin.list_topics())
        new = [
            NewTopic(name, settings.topic_partitions, settings.replication_factor, topic_configs=config)
            for name, config in wanted.items()
            if name not in existing
        ]
        if new:
            with contextlib.suppress(TopicAlreadyExistsError):  # another worker won the race
                admin.create_topics(new)
            log.info("created topics %s", [t.name for t in new])
        return [t.name for t in new]
    finally:
        admin.close()
