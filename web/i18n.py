"""Italian and English: the language a request gets, and the message catalogue (English text is the key).

The browser's ``Accept-Language`` picks; the ``lang`` cookie (set by the switch) overrides.
"""

from __future__ import annotations

from collections.abc import Callable

from web.messages_it import IT

__all__ = ["LABELS", "LANGUAGES", "label", "pick_language", "translator"]

LANGUAGES = ("en", "it")
_CATALOGUES: dict[str, dict[str, str]] = {"en": {}, "it": IT}


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    """The cookie's language if valid, else the first of ``Accept-Language`` we speak (by q), else ``en``."""
    if cookie in LANGUAGES:
        return cookie
    choices = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        choices.append((-q, position, tag.strip().lower()[:2]))
    for _, _, lang in sorted(choices):
        if lang in LANGUAGES:
            return lang
    return "en"


def translator(lang: str) -> Callable[..., str]:
    """``_(text, **values)``: ``text`` in ``lang`` (English when missing), formatted with ``values``."""
    catalogue = _CATALOGUES.get(lang, {})

    def _(text: str, **values: object) -> str:
        out = catalogue.get(text, text)
        return out.format(**values) if values else out

    return _


#: English labels of the contracts' codes (translated through the catalogue like any text).
LABELS: dict[str, dict[str, str]] = {
    "kind": {
        "call_for_proposals": "Call for proposals",
        "partner_search": "Partner search",
        "technology_need": "Technology need",
        "technology_offer": "Technology offer",
        "project_idea": "Project idea",
    },
    "status": {"open": "Open", "closed": "Closed", "withdrawn": "Withdrawn", "expired": "Expired"},
    "org_type": {
        "company": "Company",
        "university": "University",
        "research_centre": "Research centre",
        "public_body": "Public body",
        "other": "Other",
    },
    "role": {  # a consortium member's role (matcher.consortium)
        "SME": "SME",
        "company": "Company",
        "university": "University",
        "research centre": "Research centre",
        "public body": "Public body",
        "other": "Other",
    },
    "size": {"micro": "Micro", "small": "Small", "medium": "Medium", "large": "Large"},
    "ecosystem": {
        "advanced_manufacturing": "Advanced manufacturing",
        "nutrition": "Nutrition",
        "health_life_sciences": "Health and life sciences",
        "culture_knowledge": "Culture and knowledge",
        "connectivity_information": "Connectivity and information",
        "smart_mobility_architecture": "Smart mobility and architecture",
        "sustainability": "Sustainability",
        "social_development": "Social development",
    },
    "stage": {
        "suggested": "Suggested",
        "accepted": "Accepted",
        "contacted": "Contacted",
        "met": "Met",
        "partnered": "Partnered",
        "declined": "Declined",
    },
    "evidence": {
        "product": "Product",
        "publication": "Publication",
        "project": "Project",
        "service": "Service",
        "skill": "Skill",
        "other": "Other",
    },
    "delivery": {"immediate": "Immediate", "daily": "Daily digest"},
    "constraint": {
        "has_company": "a company",
        "has_research": "a research partner",
        "cross_cluster": "not all in one cluster",
        "min_size": "enough members",
    },
}


def label(group: str, code: str | None, lang: str) -> str:
    """The readable, translated name of a code (the code itself when unknown)."""
    if not code:
        return ""
    return translator(lang)(LABELS.get(group, {}).get(code, code))
