"""Current-state contracts: an opportunity's ranked list now (``<prefix>.rankings``) and retractions.

``OpportunityRanking`` is keyed by ``opportunity_id`` on a compacted topic (a tombstone when the
opportunity is deleted). ``SuggestionRetraction`` travels on the suggestions topic, keyed like the
suggestion it voids. Both may gain optional fields within a major version, never lose one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import Field

from models.events import OpportunityKind, _Event

__all__ = [
    "RANKING_SCHEMA_VERSION",
    "RETRACTION_SCHEMA_VERSION",
    "OpportunityRanking",
    "RankedMember",
    "RankingStatus",
    "RetractionReason",
    "SuggestionRetraction",
    "make_retraction_id",
]

RANKING_SCHEMA_VERSION = 1
RETRACTION_SCHEMA_VERSION = 1

RankingStatus = Literal["open", "closed", "withdrawn", "expired"]
RetractionReason = Literal[
    "displaced",  # another member took its place in the list
    "member_changed",  # the member's new profile no longer clears the floor
    "member_erased",  # the member was deleted (tombstone)
    "opportunity_changed",  # the opportunity's new text no longer fits the member
    "opportunity_closed",
    "opportunity_withdrawn",
    "opportunity_expired",  # its deadline passed
    "opportunity_deleted",  # tombstone
]


class RankedMember(_Event):
    """One entry of the current list: who, how well, where, and the need it answers."""

    member_id: str
    member_name: str
    member_clusters: list[str]
    member_version: dt.datetime = Field(description="``updated_at`` of the profile the score comes from")
    suggestion_id: str = Field(description="The MatchSuggestion this entry was published as")
    score: float = Field(ge=0.0, le=1.0)
    rank: int = Field(ge=1)
    need: str | None = Field(default=None, description="The need of the opportunity it answers best")
    reasons: dict[Literal["en", "it"], str] = Field(
        default_factory=dict, description="The reason in plain words, in English and in Italian"
    )


class OpportunityRanking(_Event):
    """The current ranked list of one opportunity; an empty list when closed, withdrawn or expired."""

    schema_version: int = RANKING_SCHEMA_VERSION
    opportunity_id: str
    opportunity_title: str
    opportunity_kind: OpportunityKind | None = None
    published_by: str | None = None
    opportunity_version: dt.datetime = Field(description="``updated_at`` of the opportunity ranked")
    status: RankingStatus
    deadline: dt.date | None = None
    entries: list[RankedMember] = Field(default_factory=list)
    model: str
    digest: str = Field(description="Hash of what the list says; equal digests mean nothing changed")
    computed_at: dt.datetime


class SuggestionRetraction(_Event):
    """A published suggestion that no longer holds, and why."""

    retraction_id: str = Field(description="Deterministic: the same suggestion and reason give the same id")
    schema_version: int = RETRACTION_SCHEMA_VERSION
    suggestion_id: str
    opportunity_id: str
    member_id: str
    reason: RetractionReason
    retracted_at: dt.datetime
    opportunity_title: str | None = Field(default=None, description="The title when it was retracted")
    score: float | None = Field(
        default=None, ge=0.0, le=1.0, description="The score the retracted suggestion had"
    )


def make_retraction_id(suggestion_id: str, reason: str) -> str:
    """Same suggestion and reason give the same id (consumers can de-duplicate a re-delivery on it)."""
    return hashlib.sha256("\x1f".join([suggestion_id, reason]).encode()).hexdigest()[:32]
