"""The notification contract: what an SME receives on ``<prefix>.member-notifications``.

One record per notification, keyed by ``member_id``. An ``immediate`` notification carries one
opportunity; a ``daily`` digest carries the day's best (at most the member's ``max_per_day``).
Like every output contract it may gain optional fields within a major version, never lose one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import Field

from models.events import MatchReason, OpportunityKind, _Event

__all__ = [
    "NOTIFICATION_SCHEMA_VERSION",
    "MemberNotification",
    "NotificationItem",
    "make_notification_id",
]

NOTIFICATION_SCHEMA_VERSION = 1


class NotificationItem(_Event):
    """One opportunity the member should look at, with what they need to act on it."""

    suggestion_id: str = Field(description="The match suggestion this item comes from")
    opportunity_id: str
    opportunity_title: str
    opportunity_kind: OpportunityKind | None = None
    published_by: str | None = Field(default=None, description="Member or cluster that published it")
    deadline: dt.date | None = None
    url: str | None = None
    score: float = Field(ge=0.0, le=1.0)
    why: str = Field(description="Why it fits the member, in plain words")
    reason: MatchReason
    notice: Literal["closed", "withdrawn", "changed"] | None = Field(
        default=None,
        description="Set when the item tells of an opportunity already notified that no longer holds",
    )


class MemberNotification(_Event):
    """A notification for one member: one opportunity (immediate) or a daily digest of several."""

    notification_id: str = Field(description="Deterministic: the same items give the same id")
    schema_version: int = NOTIFICATION_SCHEMA_VERSION
    member_id: str
    member_name: str
    delivery: Literal["immediate", "daily"]
    items: list[NotificationItem] = Field(min_length=1)
    created_at: dt.datetime


def make_notification_id(member_id: str, suggestion_ids: list[str]) -> str:
    """Same member and same suggestions give the same id (consumers can de-duplicate on it)."""
    digest = hashlib.sha256("\x1f".join([member_id, *sorted(suggestion_ids)]).encode())
    return digest.hexdigest()[:32]
