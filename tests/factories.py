"""Test factories: a deterministic stand-in encoder and valid events with overridable fields."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

import numpy as np

from matcher.embedding import Vectors, l2_normalise
from matcher.text import key_terms
from models.events import MemberProfile, Opportunity

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


class HashingEncoder:
    """Deterministic stand-in for a model: hashed word counts, L2-normalised (no semantics)."""

    def __init__(self, name: str = "hashing-test", dim: int = 1024) -> None:
        self.name = name
        self.dim = dim
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in key_terms(text):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        return l2_normalise(out)


def member(member_id: str, *texts: str, **fields: object) -> MemberProfile:
    """A valid profile with ``texts`` as evidence; any field can be overridden."""
    data: dict[str, object] = {
        "member_id": member_id,
        "name": member_id.replace("-", " ").title(),
        "clusters": ["AFIL"],
        "org_type": "company",
        "size": "small",
        "ecosystems": ["advanced_manufacturing"],
        "competencies": [{"text": t} for t in texts],
        "updated_at": "2026-01-01T00:00:00Z",
    }
    data.update(fields)
    return MemberProfile.model_validate(data)


def opportunity(opportunity_id: str, title: str, description: str, **fields: object) -> Opportunity:
    """A valid open opportunity; any field can be overridden."""
    data: dict[str, object] = {
        "opportunity_id": opportunity_id,
        "published_by": "CLM",
        "kind": "partner_search",
        "title": title,
        "description": description,
        "updated_at": "2026-01-01T00:00:00Z",
    }
    data.update(fields)
    return Opportunity.model_validate(data)
