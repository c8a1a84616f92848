"""Text utilities for matching: language guess (Italian / English), chunking, key terms."""

from __future__ import annotations

import re
from typing import Literal

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["ITALIAN_STOP_WORDS", "Language", "chunk", "detect_language", "key_terms"]

Language = Literal["en", "it"]

ITALIAN_STOP_WORDS = frozenset(
    """a ad al alla alle agli ai all anche che chi ci come con contro cui da dal dalla dalle dai degli
    dei del della delle dello di e ed è era essere fra gli ha hanno il in la le lo loro ma mi ne nei
    nel nella nelle nello noi non o per più può quale quali quando se si sia sono su sua sue sui sul
    sulla suo suoi tra tutti tutto un una uno verso questo questa questi queste quello quella
    nostro nostra nostri nostre loro delle attraverso presso oltre inoltre tramite""".split()
)
_IT_MARKERS = frozenset(
    """il lo la gli le di del dello della delle dei degli al allo alla alle ai agli dal dalla dalle nel
    nello nella nelle nei negli sul sulla sulle sui per con che una uno sono più tra fra anche questo
    questa questi queste è ed od ma non delle tramite presso attraverso""".split()
)
_EN_MARKERS = frozenset({"the", "and", "of", "for", "with", "to", "is", "are", "on", "by", "from", "we"})
_WORD = re.compile(r"[^\W\d_][\w\-]*", re.UNICODE)
_STOP = ENGLISH_STOP_WORDS | ITALIAN_STOP_WORDS


def detect_language(text: str) -> Language:
    """Italian or English, by function-word counts (cheap, deterministic; ties go to English).

    Only these two languages matter to the routing in :mod:`matcher.scoring`: English text is
    scored with the strong English model, anything else with the multilingual one.
    """
    words = [w.lower() for w in _WORD.findall(text[:4000])]
    italian = sum(w in _IT_MARKERS for w in words) + sum(w.endswith(("zione", "zioni", "ità")) for w in words)
    english = sum(w in _EN_MARKERS for w in words) + sum(w.endswith(("tion", "tions", "ing")) for w in words)
    return "it" if italian > english else "en"


def chunk(text: str, max_words: int = 120, overlap: int = 20) -> list[str]:
    """Split ``text`` into overlapping windows of at most ``max_words`` words (nothing dropped)."""
    words = text.split()
    if len(words) <= max_words:
        return [text.strip()] if words else []
    step = max_words - overlap
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words) - overlap, step)]


def key_terms(text: str) -> set[str]:
    """Content words (lower case, no stop words, at least three letters), plus acronyms as written."""
    terms = set()
    for word in _WORD.findall(text):
        lower = word.lower().strip("-")
        if len(lower) >= 3 and lower not in _STOP:
            terms.add(lower)
    return terms
