"""An opportunity's needs: the topics, list items or passages a long call asks for, one text each.

One splitter for the suggestion scorer and the consortium builder alike (one notion of a need).
"""

from __future__ import annotations

import re

from matcher.text import chunk

__all__ = ["split_needs"]

# "Topic 1:", "Tema 2 -", "Topic A.", "Area 3)", "Linea 2:" … at a word boundary, numbered or lettered
_TOPIC = re.compile(
    r"(?:(?<=\s)|^)(?:topic|tema|area|linea|ambito|challenge|sfida|priority|priorità|work\s*package)"
    r"\s*(?:n\.?\s*)?(?:\d{1,2}|[A-H])\s*[:.)\-–]\s+",
    re.IGNORECASE,
)
# bullet or numbered list items at the start of a line: "- x", "• x", "* x", "1. x", "a) x"
_ITEM = re.compile(r"^\s*(?:[-•*▪◦–]|\d{1,2}[.)]|[a-hA-H]\))\s+", re.MULTILINE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_MIN_WORDS = 4  # a shorter fragment ("Keywords: agronomy.") joins the passage before it


def split_needs(
    title: str, description: str, max_words: int = 40, max_needs: int = 12, sentences: bool = True
) -> list[str]:
    """The needs of an opportunity, at most ``max_needs``, each at most ``max_words`` words.

    A call that enumerates topics ("Topic 1: …", "Tema 2: …") or lists items (bullets, "1.", "a)")
    gets one need per topic or item; the text before the list is context, not a need of its own.
    Otherwise, with ``sentences``, each sentence of the description is a need (fragments under four
    words join the one before, long sentences are cut at ``max_words``), packed together only beyond
    ``max_needs``. Anything else is one need: the whole text.
    """
    parts = _enumerated(description)
    if len(parts) >= 2:
        needs = [p for part in parts for p in chunk(part, max_words * 3, overlap=0)]
        return _pack(needs, max_needs)
    if not sentences:
        return [f"{title}. {description}".strip()]
    pieces: list[str] = []
    for sentence in _SENTENCE.split(description):
        if pieces and len(sentence.split()) < _MIN_WORDS:
            pieces[-1] = f"{pieces[-1]} {sentence}".strip()
        elif sentence.split():
            pieces += chunk(sentence, max_words, overlap=0)
    if len(pieces) < 2:
        return [f"{title}. {description}".strip()]
    return _pack(pieces, max_needs)


def _enumerated(text: str) -> list[str]:
    """The items of the first enumeration found (topics, then list items); ``[]`` when there is none."""
    for pattern in (_TOPIC, _ITEM):
        starts = list(pattern.finditer(text))
        if len(starts) >= 2:
            bounds = [m.end() for m in starts]
            ends = [m.start() for m in starts[1:]] + [len(text)]
            return [
                " ".join(text[b:e].split()) for b, e in zip(bounds, ends, strict=True) if text[b:e].split()
            ]
    return []


def _pack(passages: list[str], max_passages: int) -> list[str]:
    """``passages`` as they are, or neighbours joined into at most ``max_passages`` of even length."""
    out = passages
    target = -(-sum(len(t.split()) for t in passages) // max_passages)
    while len(out) > max_passages:
        out = []
        for passage in passages:
            if out and len(out[-1].split()) + len(passage.split()) <= target:
                out[-1] = f"{out[-1]} {passage}"
            else:
                out.append(passage)
        target += max(1, target // 4)
    return out
