"""Realistic, deterministic demo and load-test data: LTC members and the opportunities they meet.

Members are synthetic (:func:`generate_members`), Horizon Europe topics are real
(:func:`load_horizon_topics`), the regional calls and member opportunities are written for the demo
(:func:`regional_calls`, :func:`member_opportunities`, :func:`targeted_pairs`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from tools.ltcdata.horizon import load_horizon_topics, read_horizon_topics
from tools.ltcdata.lombardy import CLUSTERS, ECOSYSTEMS, generate_members
from tools.ltcdata.regional_calls import member_opportunities, regional_calls, targeted_pairs

__all__ = [
    "CLUSTERS",
    "ECOSYSTEMS",
    "generate_members",
    "load_horizon_topics",
    "member_opportunities",
    "read_horizon_topics",
    "regional_calls",
    "targeted_pairs",
    "write_jsonl",
]


def write_jsonl(items: Iterable[BaseModel], path: Path) -> int:
    """Write one ``model_dump_json()`` per line to ``path`` (parents created); returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(item.model_dump_json())
            out.write("\n")
            count += 1
    return count
