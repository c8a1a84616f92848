"""JSON Schema files for the event contracts, generated from the pydantic models.

``python -m models.schema_export`` rewrites ``models/schemas/*.json``; a test checks they are current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from models.consortium import ConsortiumSuggestion
from models.events import DeadLetter, MatchSuggestion, MemberProfile, Opportunity
from models.feedback import MatchFeedback
from models.notifications import MemberNotification
from models.rankings import OpportunityRanking, SuggestionRetraction

__all__ = ["CONTRACTS", "SCHEMA_DIR", "render", "write_all"]

SCHEMA_DIR = Path(__file__).with_name("schemas")
CONTRACTS: dict[str, type[BaseModel]] = {
    "member-profile": MemberProfile,
    "opportunity": Opportunity,
    "match-suggestion": MatchSuggestion,
    "dead-letter": DeadLetter,
    "member-notification": MemberNotification,
    "match-feedback": MatchFeedback,
    "consortium-suggestion": ConsortiumSuggestion,
    "opportunity-ranking": OpportunityRanking,
    "suggestion-retraction": SuggestionRetraction,
}


def render(model: type[BaseModel]) -> str:
    """The schema text for one model, stable across runs (sorted keys, trailing newline)."""
    return json.dumps(model.model_json_schema(mode="serialization"), indent=2, sort_keys=True) + "\n"


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every contract's schema into ``directory`` and return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in CONTRACTS.items():
        path = directory / f"{name}.schema.json"
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - thin CLI
    for path in write_all():
        sys.stdout.write(f"wrote {path}\n")
