"""Explanations as data (the ``Explanation`` contract), rendered to text only at the edge."""

from __future__ import annotations

from matcher.scoring import Match
from models.events import EvidenceMatch, Explanation, MatchSuggestion, MemberProfile

__all__ = ["build_explanation", "render_suggestion"]


def build_explanation(member: MemberProfile, match: Match) -> Explanation:
    """The member's best-matching evidence (text, relevance, kind) and the shared key terms."""
    evidence = [
        EvidenceMatch(
            text=member.competencies[i].text,
            similarity=round(similarity, 4),
            kind=member.competencies[i].kind,
        )
        for i, similarity in match.evidence
    ]
    return Explanation(evidence=evidence, shared_terms=list(match.shared_terms))


def render_suggestion(suggestion: MatchSuggestion, width: int = 100) -> str:
    """A few readable lines for a person: who, for what, why."""
    parts = " ".join(
        f"{k}={v:+.2f}" if k != "affinity" else f"{k}={v:.2f}" for k, v in suggestion.components.items()
    )
    lines = [
        f"#{suggestion.rank} {suggestion.score:.2f}  {suggestion.member_name} "
        f"[{', '.join(suggestion.member_clusters)}] → {suggestion.opportunity_title[:60]}",
        f"    why: {parts}  ({suggestion.reason})",
    ]
    for ev in suggestion.explanation.evidence:
        text = ev.text if len(ev.text) <= width else ev.text[: width - 1] + "…"
        lines.append(f"    {ev.similarity:.2f}  {text}")
    if suggestion.explanation.shared_terms:
        lines.append(f"    shared terms: {', '.join(suggestion.explanation.shared_terms)}")
    return "\n".join(lines)
