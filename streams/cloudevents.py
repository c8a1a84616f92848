"""CloudEvents headers (Kafka binding, binary mode) for every contract event the project publishes.

The value stays the plain JSON event; the headers (``ce_id``, ``ce_type``, ``ce_subject``…) are listed
in docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel

from models.consortium import ConsortiumSuggestion
from models.events import DeadLetter, MatchSuggestion, MemberProfile, Opportunity
from models.feedback import MatchFeedback
from models.notifications import MemberNotification
from models.rankings import OpportunityRanking, SuggestionRetraction
from streams.settings import Settings

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "TYPE_PREFIX",
    "Headers",
    "cloudevent_headers",
    "event_source",
    "event_type",
    "tombstone_headers",
]

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
TYPE_PREFIX = "eu.lombardy-clusters.matchmaker"
SCHEMA_BASE = "urn:ltc-matchmaker:schema"

Headers = list[tuple[str, bytes]]

#: contract name (as in ``models/schemas/<name>.schema.json``), major version, subject field
_CONTRACTS: dict[type[BaseModel], tuple[str, int, str]] = {
    MemberProfile: ("member-profile", 1, "member_id"),
    Opportunity: ("opportunity", 1, "opportunity_id"),
    MatchSuggestion: ("match-suggestion", 1, "opportunity_id"),
    MemberNotification: ("member-notification", 1, "member_id"),
    DeadLetter: ("dead-letter", 1, "key"),
    MatchFeedback: ("match-feedback", 1, "suggestion_id"),
    ConsortiumSuggestion: ("consortium-suggestion", 1, "opportunity_id"),
    OpportunityRanking: ("opportunity-ranking", 1, "opportunity_id"),
    SuggestionRetraction: ("suggestion-retraction", 1, "opportunity_id"),
}


def event_source(settings: Settings) -> str:
    """``ce_source``: this deployment (topic prefix) and application id."""
    return f"urn:ltc-matchmaker:{settings.topic_prefix}:{settings.app_id}"


def event_type(model: type[BaseModel]) -> str:
    """``ce_type`` of a contract, e.g. ``eu.lombardy-clusters.matchmaker.match-suggestion.v1``."""
    name, major, _ = _contract(model)
    return f"{TYPE_PREFIX}.{name}.v{major}"


def _contract(model: type[BaseModel]) -> tuple[str, int, str]:
    for cls in model.__mro__:
        if cls in _CONTRACTS:
            return _CONTRACTS[cls]
    raise TypeError(f"{model.__name__} is not a published contract")


def _event_id(event: BaseModel) -> str:
    if isinstance(event, MatchSuggestion):
        return event.suggestion_id
    if isinstance(event, MemberNotification):
        return event.notification_id
    if isinstance(event, ConsortiumSuggestion):
        return event.consortium_id
    if isinstance(event, SuggestionRetraction):
        return event.retraction_id
    if isinstance(event, OpportunityRanking):
        parts = [event.opportunity_id, event.digest]
    elif isinstance(event, DeadLetter):
        parts = [event.topic, str(event.partition), str(event.offset)]
    elif isinstance(event, MemberProfile):
        parts = [event.member_id, event.updated_at.isoformat()]
    elif isinstance(event, Opportunity):
        parts = [event.opportunity_id, event.updated_at.isoformat()]
    else:
        parts = [event.model_dump_json()]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _event_time(event: BaseModel) -> dt.datetime:
    for name in ("created_at", "received_at", "updated_at", "computed_at", "retracted_at"):
        value = getattr(event, name, None)
        if isinstance(value, dt.datetime):
            return value
    return dt.datetime.now(dt.UTC)


def cloudevent_headers(event: BaseModel, settings: Settings) -> Headers:
    """The headers for one outgoing event, as ``(name, bytes)`` pairs for aiokafka, Faust or kafka-python."""
    name, major, subject_field = _contract(type(event))
    subject = getattr(event, subject_field, None)
    headers = {
        "ce_specversion": SPEC_VERSION,
        "ce_id": _event_id(event),
        "ce_type": f"{TYPE_PREFIX}.{name}.v{major}",
        "ce_source": event_source(settings),
        "ce_time": _event_time(event).isoformat(),
        "ce_dataschema": f"{SCHEMA_BASE}:{name}:v{major}",
        "content-type": CONTENT_TYPE,
    }
    if subject:
        headers["ce_subject"] = str(subject)
    return [(key, value.encode("utf-8")) for key, value in headers.items()]


def tombstone_headers(model: type[BaseModel], key: str, settings: Settings) -> Headers:
    """Headers for a deletion (null value): type ``<contract>.deleted.v<major>``, no content type."""
    name, major, _ = _contract(model)
    now = dt.datetime.now(dt.UTC)
    headers = {
        "ce_specversion": SPEC_VERSION,
        "ce_id": hashlib.sha256(f"{name}\x1f{key}\x1f{now.isoformat()}".encode()).hexdigest()[:32],
        "ce_type": f"{TYPE_PREFIX}.{name}.deleted.v{major}",
        "ce_source": event_source(settings),
        "ce_time": now.isoformat(),
        "ce_subject": key,
    }
    return [(k, v.encode("utf-8")) for k, v in headers.items()]
