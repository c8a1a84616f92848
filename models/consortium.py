"""Consortium contract: a proposed team for a call or partner search (``<prefix>.consortium-suggestions``).

Keyed by ``opportunity_id``. The team (3–6 members) is chosen to cover the opportunity's needs
together; each member says which needs it covers and with what evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CONSORTIUM_SCHEMA_VERSION", "ConsortiumMember", "ConsortiumSuggestion", "NeedCoverage"]

CONSORTIUM_SCHEMA_VERSION = 1


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class NeedCoverage(_Out):
    """How well one member covers one need of the opportunity, and the evidence that does it."""

    need: str = Field(description="A passage of the opportunity (title or a chunk of its description)")
    relevance: float = Field(ge=0.0, le=1.0)
    evidence: str = Field(description="The member's competency text that covers it best")


class ConsortiumMember(_Out):
    """One member of the proposed team and its contribution."""

    member_id: str
    member_name: str
    org_type: str
    sme: bool
    clusters: list[str]
    role: str = Field(description="company / SME / university / research centre / …")
    gain: float = Field(ge=0.0, description="Coverage this member added when it was chosen")
    covers: list[NeedCoverage]
    contribution: str = Field(description="The contribution in plain words")
    contributions: dict[Literal["en", "it"], str] = Field(
        default_factory=dict, description="The contribution in plain words, in English and in Italian"
    )


class ConsortiumSuggestion(_Out):
    """A team that together covers an opportunity's needs, mixing industry and research across clusters."""

    schema_version: int = CONSORTIUM_SCHEMA_VERSION
    consortium_id: str
    opportunity_id: str
    opportunity_title: str
    members: list[ConsortiumMember] = Field(min_length=1, max_length=6)
    needs: list[str]
    coverage: float = Field(ge=0.0, le=1.0, description="Weighted mean over needs of the best cover")
    constraints_met: dict[str, bool] = Field(
        description="has_company, has_research, cross_cluster, min_size: which team rules hold"
    )
    model: str
    created_at: dt.datetime
