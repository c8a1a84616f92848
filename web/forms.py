"""Forms to events: the submitted fields become the same pydantic contracts the stream validates.

Errors come back by form field (``{"title": "…"}``) so the page shows them beside it; nothing is sent.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from models.events import Competency, MemberProfile, Opportunity

__all__ = ["FormErrors", "member_from_form", "new_opportunity_id", "opportunity_from_form"]

FormErrors = dict[str, str]

#: contract path (first parts) -> form field
_FIELDS: dict[tuple[str, ...], str] = {
    ("seeking", "org_types"): "org_types",
    ("seeking", "sme_only"): "sme_only",
}


def _errors(exc: ValidationError, _: Callable[..., str]) -> FormErrors:
    out: FormErrors = {}
    for error in exc.errors():
        loc = tuple(str(p) for p in error["loc"])
        name = _FIELDS.get(loc[:2], loc[0] if loc else "form")
        if name.startswith("notify"):
            name = loc[1] if len(loc) > 1 else "notify"
        kind = error["type"]
        if kind in ("missing", "string_too_short", "too_short"):
            message = _("This field is required.")
        elif kind.startswith("date") or kind.startswith("datetime"):
            message = _("Enter a date as YYYY-MM-DD.")
        elif kind == "string_pattern_mismatch" and name == "contact_email":
            message = _("Enter a valid e-mail address.")
        elif kind == "literal_error":
            message = _("Choose one of the options.")
        elif kind == "string_too_long":
            message = _("This text is too long.")
        else:
            message = str(error["msg"])
        out.setdefault(name, message)
    return out


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _many(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def new_opportunity_id(publisher: str) -> str:
    """A fresh id under the publisher's code, e.g. ``afil-20261206-3f9a2c``."""
    today = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    return f"{publisher.lower().replace('.', '')}-{today}-{secrets.token_hex(3)}"


def opportunity_from_form(
    form: FormData, opportunity_id: str, published_by: str, status: str, _: Callable[..., str]
) -> tuple[Opportunity | None, FormErrors]:
    """The opportunity the form describes (``updated_at`` now), or the errors by field."""
    org_types = _many(form, "org_types")
    data: dict[str, Any] = {
        "opportunity_id": opportunity_id,
        "published_by": published_by,
        "kind": _text(form, "kind"),
        "title": _text(form, "title"),
        "description": _text(form, "description"),
        "ecosystems": _many(form, "ecosystems"),
        "deadline": _text(form, "deadline") or None,
        "status": status,
        "url": _text(form, "url") or None,
        "updated_at": dt.datetime.now(dt.UTC),
    }
    if org_types or form.get("sme_only"):
        data["seeking"] = {"org_types": org_types, "sme_only": bool(form.get("sme_only"))}
    try:
        return Opportunity.model_validate(data), {}
    except ValidationError as exc:
        return None, _errors(exc, _)


def _competencies(text: str, before: MemberProfile | None) -> list[dict[str, Any]]:
    """One competency per non-empty line; a line unchanged keeps its kind and date."""
    kept = {c.text: c for c in before.competencies} if before else {}
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            old: Competency | None = kept.get(line)
            out.append(old.model_dump() if old else {"text": line})
    return out


def member_from_form(
    form: FormData,
    member_id: str,
    before: MemberProfile | None,
    _: Callable[..., str],
    *,
    clusters: list[str] | None = None,
) -> tuple[MemberProfile | None, FormErrors]:
    """The profile the form describes. ``clusters`` None keeps the old ones (a member cannot move)."""
    base: dict[str, Any] = before.model_dump() if before else {}
    data: dict[str, Any] = {
        **base,
        "member_id": member_id,
        "competencies": _competencies(_text(form, "competencies"), before),
        "ecosystems": _many(form, "ecosystems"),
        "updated_at": dt.datetime.now(dt.UTC),
    }
    for name in ("name", "org_type", "size", "city", "contact_email", "language"):
        if name in form:
            data[name] = _text(form, name) or ("" if name in ("name", "org_type") else None)
    if clusters is not None:
        data["clusters"] = clusters
    if "notify_delivery" in form:
        data["notify"] = {
            "enabled": bool(form.get("notify_enabled")),
            "min_score": _text(form, "min_score") or 0.5,
            "max_per_day": _text(form, "max_per_day") or 5,
            "delivery": _text(form, "notify_delivery"),
        }
    try:
        return MemberProfile.model_validate(data), {}
    except ValidationError as exc:
        return None, _errors(exc, _)
