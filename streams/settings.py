"""Settings: one frozen object, read from the environment at the entry point and passed down."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from matcher.config import ScoringConfig

__all__ = ["Settings", "Topics"]


class Topics:
    """Topic names under one prefix (``ltc`` by default)."""

    def __init__(self, prefix: str) -> None:
        self.members = f"{prefix}.member-profiles"
        self.opportunities = f"{prefix}.opportunities"
        self.suggestions = f"{prefix}.match-suggestions"
        self.deadletter = f"{prefix}.deadletter"
        self.embeddings = f"{prefix}.embeddings"
        self.notifications = f"{prefix}.member-notifications"
        self.notifier_queue = f"{prefix}.notifier-queue"  # internal: suggestions re-keyed by member_id
        self.notifier_state = f"{prefix}.notifier-state"  # internal: per-member state, by queue partition
        self.feedback = f"{prefix}.match-feedback"
        self.feedback_examples = f"{prefix}.feedback-examples"  # internal: answered suggestions
        self.ranker_model = f"{prefix}.ranker-model"  # internal: the fitted re-ranker
        self.consortia = f"{prefix}.consortium-suggestions"  # current team per opportunity_id
        self.rankings = f"{prefix}.rankings"  # current ranked list per opportunity_id

    def resolve(self, name: str) -> str:
        """A short alias (``members``, ``opportunities``, ``suggestions``, ``deadletter``) or a full name."""
        return {
            "members": self.members,
            "member-profiles": self.members,
            "opportunities": self.opportunities,
            "suggestions": self.suggestions,
            "match-suggestions": self.suggestions,
            "deadletter": self.deadletter,
            "notifications": self.notifications,
            "member-notifications": self.notifications,
            "feedback": self.feedback,
            "match-feedback": self.feedback,
            "consortia": self.consortia,
            "consortium-suggestions": self.consortia,
            "rankings": self.rankings,
        }.get(name, name)


class Settings(BaseSettings):
    """Everything configurable, from ``MATCHMAKER_*`` variables (``KAFKA_BOOTSTRAP_SERVERS`` too).

    Nested scoring weights use ``__``: ``MATCHMAKER_SCORING__TOP_K=20``.
    """

    model_config = SettingsConfigDict(
        env_prefix="MATCHMAKER_",
        env_nested_delimiter="__",
        frozen=True,
        extra="ignore",
        populate_by_name=True,
    )

    bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "MATCHMAKER_BOOTSTRAP_SERVERS"),
    )
    topic_prefix: str = Field(default="ltc", pattern=r"^[A-Za-z0-9._-]+$")
    app_id: str = "ltc-matchmaker"
    topic_partitions: int = Field(default=4, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None
    max_event_bytes: int = Field(default=1_000_000, ge=1024, description="Larger values are dead-lettered")
    session_timeout_s: float = Field(
        default=10.0, gt=0, description="A worker that stops heartbeating loses its partitions after this"
    )
    batch_size: int = Field(default=64, ge=1, description="Events embedded together in one model call")
    batch_bytes: int = Field(
        default=32_000, ge=1, description="Payload per model call: bounds a batch's latency at saturation"
    )
    peer_embedding_wait_s: float = Field(
        default=30.0,
        ge=0,
        description="How long a worker waits for the partition owner's vectors before embedding itself",
    )
    processors: str = Field(
        default="notifier,feedback,consortium,rankings",
        pattern=r"^[a-z_,]*$",
        description="Downstream processors this worker runs (comma-separated module names; empty: none)",
    )
    trace: bool = Field(
        default=False, description="Log stage timestamps of every state record (streams/trace.py)"
    )
    metrics_port: int | None = Field(default=None, ge=0, le=65535, description="Prometheus /metrics port")
    metrics_host: str = "127.0.0.1"
    feedback_refit_s: float = Field(
        default=30.0,
        gt=0,
        description="How often the re-ranker is refitted (by the owner of match-feedback partition 0)",
    )
    feedback_min_examples: int = Field(
        default=20, ge=2, description="Answered suggestions before the re-ranker changes any ranking"
    )
    feedback_prior: float = Field(
        default=100.0, gt=0, description="Examples at which the re-ranker decides half its possible share"
    )
    scoring: ScoringConfig = ScoringConfig()

    @property
    def topics(self) -> Topics:
        """The four topic names under :attr:`topic_prefix`."""
        return Topics(self.topic_prefix)

    def processor_group(self, name: str) -> str:
        """The consumer group of one downstream processor (the matching group is :attr:`app_id`)."""
        return f"{self.app_id}-{name}"
