"""Event contracts: the JSON records that travel on the LTC Matchmaker topics.

Field names here are a public contract: partner platforms and clusters code against them.
Inputs ignore unknown fields (a newer producer may add some); outputs may gain optional
fields, never lose or rename one. ``schema_version`` on suggestions changes when they do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = [
    "LOMBARDY_CLUSTERS",
    "MAX_COMPETENCIES",
    "MAX_TEXT_CHARS",
    "S3_ECOSYSTEMS",
    "SUGGESTION_SCHEMA_VERSION",
    "Competency",
    "DeadLetter",
    "EvidenceMatch",
    "Explanation",
    "MatchReason",
    "MatchSuggestion",
    "MemberProfile",
    "Notify",
    "NotifyDelivery",
    "Opportunity",
    "OpportunityKind",
    "OrgType",
    "Seeking",
    "make_suggestion_id",
]

#: Hard limits on one event; larger ones are dead-lettered with the reason.
MAX_COMPETENCIES = 200
MAX_TEXT_CHARS = 20_000
SUGGESTION_SCHEMA_VERSION = 1
_EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)

OrgType = Literal["company", "university", "research_centre", "public_body", "other"]
OrgSize = Literal["micro", "small", "medium", "large"]
OpportunityKind = Literal[
    "call_for_proposals", "partner_search", "technology_need", "technology_offer", "project_idea"
]
OpportunityStatus = Literal["open", "closed", "withdrawn"]
MatchReason = Literal["new_opportunity", "opportunity_update", "new_member", "profile_update"]
CompetencyKind = Literal["product", "publication", "project", "service", "skill", "other"]

Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128, pattern=r"^\S+$")
]
#: The nine Lombardy Technological Clusters (LTCs) recognised by the Region, by code.
LOMBARDY_CLUSTERS: tuple[str, ...] = ("AFIL", "CAT.AL", "CLM", "CTAV", "LAC", "LE2C", "LGCA", "LLSC", "SCC")
#: The eight innovation ecosystems of Lombardy's Smart Specialisation Strategy (S3 2021-2027).
S3_ECOSYSTEMS: tuple[str, ...] = (
    "advanced_manufacturing",
    "nutrition",
    "health_life_sciences",
    "culture_knowledge",
    "connectivity_information",
    "smart_mobility_architecture",
    "sustainability",
    "social_development",
)
ClusterCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,15}$"),
]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]


def _utc(value: dt.datetime) -> dt.datetime:
    """Naive timestamps are read as UTC; absurd ones (before 2000, after 2100) are rejected."""
    value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if not _EARLIEST <= value < _LATEST:
        raise ValueError(f"timestamp {value.isoformat()} is outside 2000..2099")
    return value


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Competency(_Event):
    """One piece of evidence of what a member can do: a product, paper, project, service or skill."""

    text: Text
    kind: CompetencyKind | None = None
    date: dt.date | None = None


NotifyDelivery = Literal["immediate", "daily"]


class Notify(_Event):
    """How the member wants to hear about matches on ``<prefix>.member-notifications``.

    Opt-in: a profile without this block gets no notifications; ``enabled=False`` opts out.
    ``max_per_day`` caps the opportunities notified per UTC day (immediate: the first ones;
    daily: the best-scoring ones in the digest sent at ``digest_hour`` UTC).
    """

    enabled: bool = True
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    max_per_day: int = Field(default=5, ge=1, le=100)
    delivery: NotifyDelivery = "immediate"
    digest_hour: int = Field(default=8, ge=0, le=23, description="UTC hour the daily digest is sent")


class MemberProfile(_Event):
    """A cluster member's competency profile (topic ``<prefix>.member-profiles``, key ``member_id``)."""

    member_id: Identifier
    name: Name
    clusters: list[ClusterCode] = Field(min_length=1, max_length=9)
    org_type: OrgType
    size: OrgSize | None = None
    ecosystems: list[Slug] = Field(default_factory=list, max_length=16)
    competencies: list[Competency] = Field(min_length=1, max_length=MAX_COMPETENCIES)
    notify: Notify | None = None
    city: Name | None = None
    contact_email: Email | None = Field(default=None, description="Where notifications are e-mailed")
    language: Literal["en", "it"] | None = Field(
        default=None, description="The language the member reads (pages, e-mails); unset: guessed"
    )
    updated_at: dt.datetime

    _check_updated_at = field_validator("updated_at")(_utc)

    @property
    def is_sme(self) -> bool:
        """Companies of micro, small or medium size (EU SME definition by headcount class)."""
        return self.org_type == "company" and self.size in ("micro", "small", "medium")


class Seeking(_Event):
    """Who an opportunity is looking for: hard eligibility filters."""

    org_types: list[OrgType] = Field(default_factory=list)
    sme_only: bool = False


class Opportunity(_Event):
    """A call, partner search, technology need/offer or project idea (topic ``<prefix>.opportunities``)."""

    opportunity_id: Identifier
    published_by: Identifier
    kind: OpportunityKind
    title: Name
    description: Text
    seeking: Seeking | None = None
    ecosystems: list[Slug] = Field(default_factory=list, max_length=16)
    deadline: dt.date | None = None
    status: OpportunityStatus = "open"
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    updated_at: dt.datetime

    _check_updated_at = field_validator("updated_at")(_utc)

    @field_validator("deadline")
    @classmethod
    def _check_deadline(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not _EARLIEST.date() <= value < _LATEST.date():
            raise ValueError(f"deadline {value.isoformat()} is outside 2000..2099")
        return value

    def is_open(self, today: dt.date) -> bool:
        """Open, and its deadline (if any) not yet past on ``today``."""
        return self.status == "open" and (self.deadline is None or self.deadline >= today)


class EvidenceMatch(_Event):
    """One piece of member evidence and how similar it is to the opportunity."""

    text: str
    similarity: float
    kind: CompetencyKind | None = None
    need: str | None = Field(
        default=None, description="The need of a long opportunity (a topic of a call) this evidence answers"
    )


class Explanation(_Event):
    """Why a member was suggested: best-matching evidence, shared key terms, and the reason in words."""

    evidence: list[EvidenceMatch]
    shared_terms: list[str]
    reasons: dict[Literal["en", "it"], str] = Field(
        default_factory=dict, description="The reason in plain words, in English and in Italian"
    )
    diversified_above: list[str] = Field(
        default_factory=list,
        description="Members with a higher score ranked below this one, to keep the list diverse",
    )


class MatchSuggestion(_Event):
    """A ranked, explained suggestion that a member and an opportunity should meet."""

    suggestion_id: str
    schema_version: int = SUGGESTION_SCHEMA_VERSION
    opportunity_id: str
    opportunity_title: str
    member_id: str
    member_name: str
    member_clusters: list[str]
    score: float = Field(ge=0.0, le=1.0)
    rank: int = Field(ge=1)
    components: dict[str, float]
    explanation: Explanation
    reason: MatchReason
    notify: bool = False
    model: str
    created_at: dt.datetime
    published_by: str | None = Field(default=None, description="Who published the opportunity")
    opportunity_kind: OpportunityKind | None = None
    deadline: dt.date | None = Field(default=None, description="The opportunity's deadline, if any")
    opportunity_url: str | None = None


class DeadLetter(_Event):
    """An input record that could not be decoded or validated, kept with the reason."""

    topic: str
    partition: int
    offset: int
    key: str | None = Field(description="Record key, UTF-8 with invalid bytes replaced")
    value_b64: str = Field(description="The original value bytes, base64-encoded")
    reason: str
    error_type: str
    received_at: dt.datetime


def make_suggestion_id(opportunity: Opportunity, member: MemberProfile, model: str) -> str:
    """Deterministic id: the same versions of both inputs under the same model give the same id."""
    parts = (
        opportunity.opportunity_id,
        opportunity.updated_at.isoformat(),
        member.member_id,
        member.updated_at.isoformat(),
        model,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
