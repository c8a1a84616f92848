"""Decoding raw Kafka records into events, and dead-letter records for the ones that fail."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from models.events import DeadLetter, MemberProfile, Opportunity
from models.exceptions import InvalidEvent

__all__ = ["Record", "Tombstone", "dead_letter", "decode", "encode", "summarise_validation_error"]

EventT = TypeVar("EventT", MemberProfile, Opportunity)
_KEY_FIELD = {MemberProfile: "member_id", Opportunity: "opportunity_id"}


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


def decode(record: Record, model: type[EventT], max_bytes: int) -> EventT | Tombstone:
    """The event in ``record``, or :class:`Tombstone`; raises :class:`InvalidEvent` with a reason."""
    key = _decode_key(record.key)
    if record.value is None:
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
    own_key = getattr(event, _KEY_FIELD[model])
    if key is not None and key != own_key:
        raise InvalidEvent(f"record key {key!r} differs from {_KEY_FIELD[model]} {own_key!r}")
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
