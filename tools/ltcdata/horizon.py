"""Real Horizon Europe call topics (``shared/data/horizon-europe-calls``) as :class:`Opportunity` events.

Each topic becomes a ``call_for_proposals`` by ``"EC"`` with id ``he-<topicId>``; records that make
no valid opportunity are skipped and counted, never raised (docs/TOOLS.md).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.events import MAX_TEXT_CHARS, Opportunity
from tools.paths import SHARED

__all__ = [
    "DEFAULT_TOPICS_PATH",
    "HorizonTopics",
    "clean_text",
    "guess_ecosystems",
    "load_horizon_topics",
    "read_horizon_topics",
    "topic_to_opportunity",
]

log = logging.getLogger(__name__)

#: ``../shared/data/horizon-europe-calls/topics.jsonl.gz`` seen from the repository root.
DEFAULT_TOPICS_PATH = SHARED / "data" / "horizon-europe-calls" / "topics.jsonl.gz"
_UPDATED_AT = dt.datetime(2026, 1, 15, 6, 0, tzinfo=dt.UTC)
_STATUS = {"open": "open", "forthcoming": "open", "closed": "closed"}
_TRUNCATED = " […]"


def _cp1252_bytes() -> dict[str, int]:
    """Map each character that cp1252 (or, for its five holes, latin-1) decodes from 0x80-0xFF."""
    table = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte
    return table


_BYTE_OF = _cp1252_bytes()


def _chars(low: int, high: int) -> str:
    return "".join(re.escape(ch) for ch, byte in _BYTE_OF.items() if low <= byte <= high)


_CONT = f"[{_chars(0x80, 0xBF)}]"
_MOJIBAKE = re.compile(
    f"[{_chars(0xC2, 0xDF)}]{_CONT}|[{_chars(0xE0, 0xEF)}]{_CONT}{{2}}|[{_chars(0xF0, 0xF4)}]{_CONT}{{3}}"
)
_GLUED = re.compile(r"(?<=[^\sA-Z.;:])([.;:])(?=[A-Z])")


def _unmangle(match: re.Match[str]) -> str:
    try:
        return bytes(_BYTE_OF[ch] for ch in match.group()).decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


def clean_text(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 mojibake ("â€™" -> right quote), unglue sentences, squeeze spaces."""
    text = _MOJIBAKE.sub(_unmangle, text).replace("\u200b", "")
    text = _GLUED.sub(r"\1 ", text)
    return re.sub(r"\s+", " ", text).strip()


def _truncate(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """At most ``limit`` characters, cut after the last full sentence that fits and marked " […]"."""
    if len(text) <= limit:
        return text
    head = text[: limit - len(_TRUNCATED)]
    cut = max(head.rfind(". "), head.rfind("; "), head.rfind("? "), head.rfind("! "))
    cut = cut + 1 if cut > 0 else head.rfind(" ")
    return head[: cut if cut > 0 else len(head)].rstrip() + _TRUNCATED


_ECOSYSTEM_WORDS: dict[str, str] = {
    "advanced_manufacturing": r"manufactur|industr|robot|additive|factor(?:y|ies)|production|semiconductor"
    r"|chips?\b|photonic|advanced materials|machin",
    "nutrition": r"food|agri|farm|fisher|aquacultur|nutrition|crop|livestock|soil",
    "health_life_sciences": r"health|disease|medic|clinical|cancer|patient|pharma|vaccin|biotech|pandemic",
    "culture_knowledge": r"cultur|heritage|education|creative|museum|humanities|skills",
    "connectivity_information": r"digital|\bdata\b|artificial intelligence|\bai\b|cyber|quantum|\b6g\b"
    r"|network|software|comput|internet|satellite|space",
    "smart_mobility_architecture": r"mobility|transport|vehicle|aviation|aircraft|maritime|\brail|urban"
    r"|building|construction|\bcit(?:y|ies)\b",
    "sustainability": r"climate|energy|emission|circular|biodivers|environment|\bwater|pollution|renewable"
    r"|hydrogen|batter|carbon|ocean",
    "social_development": r"social|inclusion|democra|gender|citizen|migra|inequal|youth|human rights"
    r"|governance|welfare|civil society",
}
_ECOSYSTEM_RES = {eco: re.compile(words) for eco, words in _ECOSYSTEM_WORDS.items()}
_CLUSTER_ECOSYSTEMS = {
    "CL1": ("health_life_sciences",),
    "CL2": ("culture_knowledge", "social_development"),
    "CL3": ("connectivity_information",),
    "CL4": ("advanced_manufacturing", "connectivity_information"),
    "CL5": ("sustainability", "smart_mobility_architecture"),
    "CL6": ("nutrition", "sustainability"),
}


def guess_ecosystems(
    title: str, keywords: str, description: str, cluster: str = "", most: int = 3
) -> list[str]:
    """Lombardy S3 ecosystems a topic touches: keyword hits (title and keywords count double)."""
    head, body = f"{title} {keywords}".lower(), description[:3000].lower()
    scores = {eco: 2 * len(rx.findall(head)) + len(rx.findall(body)) for eco, rx in _ECOSYSTEM_RES.items()}
    for eco in _CLUSTER_ECOSYSTEMS.get(cluster, ()):
        scores[eco] += 3
    ranked = sorted((eco for eco, score in scores.items() if score >= 2), key=lambda e: -scores[e])
    return ranked[:most]


def _opportunity_id(topic_id: str) -> str:
    return "he-" + re.sub(r"[^a-z0-9._-]+", "-", topic_id.strip().lower()).strip("-")


def topic_to_opportunity(record: Mapping[str, Any], opportunity_id: str | None = None) -> Opportunity:
    """One topic record as an opportunity; raises ``ValueError`` (incl. ``ValidationError``) if unfit.

    Descriptions longer than the contract's ``MAX_TEXT_CHARS`` are truncated at the last sentence
    boundary that fits, and the cut is marked with " […]" (9 of the 629 topics).
    """
    status = _STATUS.get(str(record.get("callStatus", "")).strip().lower())
    if status is None:
        raise ValueError(f"unknown callStatus {record.get('callStatus')!r}")
    title, description = clean_text(record.get("title") or ""), clean_text(record.get("description") or "")
    if len(title) > 300:
        title = title[:299].rsplit(" ", 1)[0] + "…"
    deadline = record.get("deadline") or None
    return Opportunity.model_validate(
        {
            "opportunity_id": opportunity_id or _opportunity_id(record["topicId"]),
            "published_by": "EC",
            "kind": "call_for_proposals",
            "title": title,
            "description": _truncate(description),
            "ecosystems": guess_ecosystems(
                title, record.get("keywords") or "", description, record.get("cluster") or ""
            ),
            "deadline": dt.date.fromisoformat(deadline[:10]) if deadline else None,
            "status": status,
            "url": record.get("portalUrl") or None,
            "updated_at": _UPDATED_AT,
        }
    )


@dataclass(frozen=True)
class HorizonTopics:
    """What :func:`read_horizon_topics` made of the file: valid opportunities and skipped records."""

    opportunities: list[Opportunity]
    skipped: dict[str, str] = field(default_factory=dict)  # topicId (or line number) -> reason


def read_horizon_topics(path: Path | None = None, limit: int | None = None) -> HorizonTopics:
    """Read topics from the gzipped JSON-lines file at ``path`` (default: :data:`DEFAULT_TOPICS_PATH`).

    Stops after ``limit`` valid opportunities. Ids are made unique (``-2``, ``-3``... on repeats).
    """
    opportunities: list[Opportunity] = []
    skipped: dict[str, str] = {}
    seen: set[str] = set()
    with gzip.open(path or DEFAULT_TOPICS_PATH, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if limit is not None and len(opportunities) >= limit:
                break
            if not line.strip():
                continue
            name = f"line {number}"
            try:
                record = json.loads(line)
                name = str(record.get("topicId") or name)
                base = _opportunity_id(record["topicId"])
                unique, serial = base, 2
                while unique in seen:
                    unique, serial = f"{base}-{serial}", serial + 1
                opportunities.append(topic_to_opportunity(record, unique))
                seen.add(unique)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                skipped[name] = f"{type(exc).__name__}: " + " ".join(
                    s.strip() for s in str(exc).splitlines()[:3]
                )
    if skipped:
        log.info("horizon topics: %d valid, %d skipped", len(opportunities), len(skipped))
    return HorizonTopics(opportunities, skipped)


def load_horizon_topics(path: Path | None = None, limit: int | None = None) -> list[Opportunity]:
    """The valid Horizon Europe topics as opportunities (see :func:`read_horizon_topics`)."""
    return read_horizon_topics(path, limit).opportunities
