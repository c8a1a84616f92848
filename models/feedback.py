"""Feedback contract: what a member or a cluster did with a suggestion (``<prefix>.match-feedback``).

Keyed by ``suggestion_id``. A suggestion has two sides — the *member* it was suggested to and the
*cluster* that published (or curates) the opportunity — and both sides' answers count: a match
both sides accept is worth more than one side's enthusiasm (see :func:`matcher.feedback.utility`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = ["ACTIONS", "Action", "Actor", "Answer", "FeedbackExample", "MatchFeedback", "RerankerModel"]

Actor = Literal["member", "cluster"]
Action = Literal["accepted", "declined", "contacted", "met", "partnered"]
#: Actions in the order a collaboration goes through them.
ACTIONS: tuple[Action, ...] = ("declined", "accepted", "contacted", "met", "partnered")

_Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128, pattern=r"^\S+$")]
_EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


class MatchFeedback(BaseModel):
    """One answer to one suggestion, by one side of it.

    ``opportunity_id`` and ``member_id`` are copied from the suggestion the actor received; the
    worker checks them against the suggestion id (an unknown or mismatching id is dead-lettered).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    suggestion_id: _Id
    opportunity_id: _Id
    member_id: _Id
    actor: Actor
    actor_id: _Id = Field(description="The member or the cluster that answered")
    action: Action
    at: dt.datetime

    @field_validator("at")
    @classmethod
    def _check_at(cls, value: dt.datetime) -> dt.datetime:
        value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        if not _EARLIEST <= value < _LATEST:
            raise ValueError(f"timestamp {value.isoformat()} is outside 2000..2099")
        return value


class RerankerModel(BaseModel):
    """A fitted feedback re-ranker, as every worker reads it (``<prefix>.ranker-model``, key ``reranker``).

    Plain numbers, no pickle: standardised features times ``coef`` plus ``intercept`` is the
    log-odds that a suggestion is welcomed; ``trust`` is how much of the final score it decides.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    version: int = Field(ge=1)
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    trust: float = Field(ge=0.0, le=1.0)
    n_examples: int = Field(ge=0)
    fitted_at: dt.datetime


class Answer(BaseModel):
    """One side's answer, as kept in a :class:`FeedbackExample`."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    action: Action
    at: dt.datetime


class FeedbackExample(BaseModel):
    """A suggestion's features (taken at its first answer) and every answer since.

    Internal topic ``<prefix>.feedback-examples`` (compacted, key ``suggestion_id``): the
    re-ranker's training data, followed by every worker.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    suggestion_id: str
    opportunity_id: str
    member_id: str
    publisher: str
    features: list[float]
    answers: list[Answer]
