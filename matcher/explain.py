"""Explanations as data (the ``Explanation`` contract), rendered to text only at the edge."""

from __future__ import annotations

from typing import Literal

from matcher.scoring import Match
from models.events import EvidenceMatch, Explanation, MatchSuggestion, MemberProfile

__all__ = ["build_explanation", "plain_reasons", "render_suggestion"]

Lang = Literal["en", "it"]
_KINDS: dict[Lang, dict[str, str]] = {
    "en": {
        "product": "product",
        "service": "service",
        "publication": "publication",
        "project": "project",
        "skill": "skill",
    },
    "it": {
        "product": "prodotto",
        "service": "servizio",
        "publication": "pubblicazione",
        "project": "progetto",
        "skill": "competenza",
    },
}
_BONUS_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "complementarity": "your kind of organisation complements theirs (industry meets research)",
        "ecosystems": "you work in the same innovation ecosystem",
        "cross_cluster": "it comes from outside your own cluster, a chance to reach a new network",
        "evidence": "your track record of projects counts: who took part before is the likelier partner",
    },
    "it": {
        "complementarity": "il vostro tipo di organizzazione completa il loro (impresa e ricerca insieme)",
        "ecosystems": "lavorate nello stesso ecosistema dell'innovazione",
        "cross_cluster": "arriva da fuori il vostro cluster, un'occasione per entrare in una nuova rete",
        "evidence": "conta la vostra esperienza di progetti: chi ha già partecipato è un partner probabile",
    },
}

#: The bonuses' lead-in when nothing in the profile matches closely (``explain`` of an unsuggested pair).
_NO_CLOSE_MATCH: dict[Lang, str] = {
    "en": "Nothing in your profile matches it closely; what counts for you: ",
    "it": "Nulla nel vostro profilo vi corrisponde da vicino; a vostro favore: ",
}


def build_explanation(member: MemberProfile, match: Match) -> Explanation:
    """The member's relevant evidence (text, relevance, kind, the need it answers), the shared key
    terms, the reason in plain English and Italian, and who diversity ranked below it."""
    needs = match.needs or [None] * len(match.evidence)
    evidence = [
        EvidenceMatch(
            text=member.competencies[i].text,
            similarity=round(similarity, 4),
            kind=member.competencies[i].kind,
            need=need,
        )
        for (i, similarity), need in zip(match.evidence, needs, strict=True)
    ]
    explanation = Explanation(
        evidence=evidence, shared_terms=list(match.shared_terms), diversified_above=list(match.above)
    )
    return explanation.model_copy(update={"reasons": plain_reasons(explanation, match.components)})


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_reasons(
    explanation: Explanation, components: dict[str, float], max_chars: int = 160
) -> dict[Lang, str]:
    """Why the opportunity fits the member, in a sentence or three a person can read, in both languages."""
    out: dict[Lang, str] = {}
    for lang in ("en", "it"):
        parts = []
        if explanation.evidence:
            best = explanation.evidence[0]
            kind = _KINDS[lang].get(best.kind or "", "")
            pct = round(best.similarity * 100)
            text = _short(best.text, max_chars)
            need = f" «{_short(best.need, 80)}»" if best.need else ""
            if lang == "en":
                what = f"your {kind}" if kind else "your profile"
                topic = f", for the topic{need.replace('«', '“').replace('»', '”')}" if best.need else ""
                parts.append(f"It matches {what}: “{text}” ({pct}% relevant){topic}.")
            else:
                feminine = kind in ("pubblicazione", "competenza")
                what = (
                    (f"alla vostra {kind}" if feminine else f"al vostro {kind}")
                    if kind
                    else "al vostro profilo"
                )
                topic = f", per il tema{need}" if best.need else ""
                parts.append(f"Corrisponde {what}: «{text}» (pertinenza {pct}%){topic}.")
        terms = explanation.shared_terms[:5]
        if terms:
            label = "You share the topics" if lang == "en" else "Temi in comune"
            parts.append(f"{label}: {', '.join(terms)}.")
        bonuses = [w for key, w in _BONUS_WORDS[lang].items() if components.get(key, 0.0) > 0]
        if bonuses and parts:
            parts.append(("Also, " if lang == "en" else "Inoltre, ") + "; ".join(bonuses) + ".")
        elif bonuses:
            parts.append(_NO_CLOSE_MATCH[lang] + "; ".join(bonuses) + ".")
        if explanation.diversified_above:
            n = len(explanation.diversified_above)
            parts.append(
                f"Listed above {n} higher-scored member(s) to keep the list diverse."
                if lang == "en"
                else f"Elencato prima di {n} membro/i con punteggio più alto, per varietà della lista."
            )
        out[lang] = " ".join(parts)
    return out


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
        need = f"  [need: {ev.need[:50]}]" if ev.need else ""
        lines.append(f"    {ev.similarity:.2f}  {text}{need}")
    if suggestion.explanation.shared_terms:
        lines.append(f"    shared terms: {', '.join(suggestion.explanation.shared_terms)}")
    if suggestion.explanation.diversified_above:
        above = ", ".join(suggestion.explanation.diversified_above)
        lines.append(f"    ranked above higher scores for diversity: {above}")
    return "\n".join(lines)
