"""Raw Kafka records to events (one :func:`decode` for every topic read), dead letters, and back to bytes."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import TypeVar, overload

from pydantic import BaseModel, ValidationError

from models.events import DeadLetter, MatchSuggestion, MemberProfile, Opportunity
from models.exceptions import InvalidEvent
from models.feedback import FeedbackExample, MatchFeedback, RerankerModel
from models.notifications import MemberNotification
from models.rankings import SuggestionRetraction

__all__ = ["Record", "Tombstone", "dead_letter", "decode", "encode", "summarise_validation_error"]

#: Contracts whose null value (a tombstone) deletes the key: the compacted state topics.
Deletable = TypeVar("Deletable", MemberProfile, Opportunity)
#: Contracts that are only ever added: a null value is invalid.
Appended = TypeVar(
    "Appended",
    MatchFeedback,
    MatchSuggestion,
    FeedbackExample,
    RerankerModel,
    MemberNotification,
    SuggestionRetraction,
)
#: The field a record's key must equal, by contract (others: the caller may name one).
_KEY_FIELD: dict[type[BaseModel], str] = {MemberProfile: "member_id", Opportunity: "opportunity_id"}


@dataclass(frozen=True)
class Record:
    """A record as consumed: where it came from and its raw bytes."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass(frozen=True)
class Tombstone:
    """A null value for a key: delete that member or opportunity."""

    key: str


def summarise_validation_error(exc: ValidationError, limit: int = 5) -> str:
    """One line per failing field (at most ``limit``), e.g. ``competencies: Field required``."""
    parts = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _decode_key(key: bytes | None) -> str | None:
    if key is None:
        return None
    try:
        return key.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvent(f"key is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc


@overload
def decode(
    record: Record, model: type[Deletable], max_bytes: int, *, key_field: str | None = None
) -> Deletable | Tombstone: ...


@overload
def decode(
    record: Record, model: type[Appended], max_bytes: int, *, key_field: str | None = None
) -> Appended: ...


def decode(
    record: Record, model: type[BaseModel], max_bytes: int, *, key_field: str | None = None
) -> BaseModel | Tombstone:
    """The ``model`` event in ``record``, or a :class:`Tombstone`; :class:`InvalidEvent` with the reason.

    ``key_field`` names the field the record key must equal (default: the member's or opportunity's
    id on the state topics; no check for other contracts unless named).
    """
    key = _decode_key(record.key)
    if record.value is None:
        if model not in (MemberProfile, Opportunity):
            raise InvalidEvent(f"null value: a {model.__name__} cannot be deleted")
        if not key:
            raise InvalidEvent("tombstone (null value) without a key: nothing to delete")
        return Tombstone(key)
    if len(record.value) > max_bytes:
        raise InvalidEvent(f"payload of {len(record.value)} bytes exceeds the {max_bytes}-byte limit")
    try:
        text = record.value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvent(f"value is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidEvent(f"value is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidEvent(f"value must be a JSON object, got {type(data).__name__}")
    try:
        event = model.model_validate(data)
    except ValidationError as exc:
        raise InvalidEvent(f"invalid {model.__name__}: {summarise_validation_error(exc)}") from exc
    key_field = key_field or _KEY_FIELD.get(model)
    if key_field is not None:
        own_key = getattr(event, key_field)
        if key is not None and key != own_key:
            raise InvalidEvent(f"record key {key!r} differs from {key_field} {own_key!r}")
    return event


def dead_letter(record: Record, reason: str, error_type: str = "InvalidEvent") -> DeadLetter:
    """The dead-letter record for ``record``: original bytes (base64), position and reason."""
    return DeadLetter(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode("utf-8", "replace") if record.key is not None else None,
        value_b64=base64.b64encode(record.value or b"").decode("ascii"),
        reason=reason,
        error_type=error_type,
        received_at=dt.datetime.now(dt.UTC),
    )


def encode(event: BaseModel) -> bytes:
    """JSON bytes of an outgoing event."""
    return event.model_dump_json().encode("utf-8")
