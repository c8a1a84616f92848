"""Member pages: the inbox with its answer buttons, why a match was made, and the profile editor."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from models.events import MatchSuggestion, MemberProfile
from models.feedback import MatchFeedback
from web.app import language, publish, render, web_of
from web.auth import Member, check_csrf
from web.forms import member_from_form
from web.i18n import translator
from web.login import require_member

__all__ = ["ANSWERS", "member_language", "routes"]

#: What a member can answer from the inbox.
ANSWERS = ("accepted", "declined", "contacted")


def member_language(profile: MemberProfile | None, fallback: str) -> str:
    """The member's chosen language, else ``fallback`` (the browser's)."""
    return profile.language if profile is not None and profile.language else fallback


def _own_suggestion(request: Request, member: Member) -> MatchSuggestion:
    """The suggestion in the path, if it was made to this member (else 404: no hint it exists)."""
    suggestion = web_of(request).model.suggestions.get(request.path_params["suggestion_id"])
    if suggestion is None or suggestion.member_id != member.member_id:
        raise HTTPException(404, "no such suggestion in your inbox")
    return suggestion


async def inbox(request: Request) -> Response:
    """The member's suggestions (each with its answer buttons) and the notifications sent."""
    member = require_member(request)
    model = web_of(request).model
    profile = model.members.get(member.member_id)
    suggestions = model.inbox(member.member_id)
    answers = {s.suggestion_id: model.member_answer(s.suggestion_id) for s in suggestions}
    notifications = list(reversed(model.notifications.get(member.member_id, [])))[:20]
    return render(
        request,
        "inbox.html",
        profile=profile,
        suggestions=suggestions,
        answers=answers,
        notifications=notifications,
        reason_lang=member_language(profile, language(request)),
        nav="inbox",
    )


async def answer(request: Request) -> Response:
    """Accept, decline or "we contacted them": a MatchFeedback event on the member's own suggestion."""
    member = require_member(request)
    suggestion = _own_suggestion(request, member)
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    action = str(form.get("action"))
    if action not in ANSWERS:
        raise HTTPException(400, "unknown answer")
    ctx = web_of(request)
    event = MatchFeedback(
        suggestion_id=suggestion.suggestion_id,
        opportunity_id=suggestion.opportunity_id,
        member_id=member.member_id,
        actor="member",
        actor_id=member.member_id,
        action=action,  # type: ignore[arg-type]  # checked against ANSWERS above
        at=dt.datetime.now(dt.UTC),
    )
    await publish(
        request,
        ctx.settings.topics.feedback,
        suggestion.suggestion_id,
        event,
        lambda: ctx.model.member_answer(suggestion.suggestion_id) == action,
    )
    return RedirectResponse(f"/inbox#s-{suggestion.suggestion_id}", status_code=303)


def score_parts(components: Mapping[str, float], score: float) -> list[tuple[str, str]]:
    """The score's positive parts as the page shows them, to two decimals, summing to the score as
    shown (``"%.2f" % score``): each part rounded down, then the hundredths still missing go to
    the parts that lost most (largest remainder). Parts that do not add up to the score (a
    negative part, which the page leaves out) are rounded one by one."""
    shown = [(key, value) for key, value in components.items() if value > 0]
    cents = [value * 100 for _, value in shown]
    floors = [math.floor(c + 1e-9) for c in cents]
    missing = round(float(f"{score:.2f}") * 100) - sum(floors)  # the hundredths the page shows
    if abs(sum(value for _, value in shown) - score) > 0.005 or not 0 <= missing <= len(shown):
        return [(key, f"{value:.2f}") for key, value in shown]
    for i in sorted(range(len(shown)), key=lambda i: floors[i] - cents[i])[:missing]:
        floors[i] += 1
    return [(key, f"{c / 100:.2f}") for (key, _), c in zip(shown, floors, strict=True)]


async def why(request: Request) -> Response:
    """Why this member was matched to this opportunity, in plain words, with the evidence."""
    member = require_member(request)
    model = web_of(request).model
    suggestion = _own_suggestion(request, member)
    profile = model.members.get(member.member_id)
    return render(
        request,
        "why.html",
        s=suggestion,
        parts=score_parts(suggestion.components, suggestion.score),
        o=model.opportunities.get(suggestion.opportunity_id),
        answer=model.member_answer(suggestion.suggestion_id),
        reason_lang=member_language(profile, language(request)),
        nav="inbox",
    )


async def profile(request: Request) -> Response:
    """The member's own profile: competencies, ecosystems, language, e-mail and notifications."""
    member = require_member(request)
    ctx = web_of(request)
    current = ctx.model.members.get(member.member_id)
    if current is None:
        raise HTTPException(404, "your profile has not reached the matchmaker yet")
    if request.method == "GET":
        saved = request.query_params.get("saved") == "1"
        return render(request, "profile.html", m=current, values={}, errors={}, saved=saved, nav="profile")
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    event, errors = member_from_form(form, member.member_id, current, translator(language(request)))
    if event is None:
        values = {k: form.getlist(k) if k == "ecosystems" else form.get(k) for k in form}
        return render(
            request, "profile.html", status_code=400, m=current, values=values, errors=errors, nav="profile"
        )

    def arrived() -> bool:
        now = ctx.model.members.get(member.member_id)
        return now is not None and now.updated_at >= event.updated_at

    await publish(request, ctx.settings.topics.members, member.member_id, event, arrived)
    return RedirectResponse("/profile?saved=1", status_code=303)


routes = [
    Route("/inbox", inbox),
    Route("/inbox/{suggestion_id}", why),
    Route("/inbox/{suggestion_id}/answer", answer, methods=["POST"]),
    Route("/profile", profile, methods=["GET", "POST"]),
]
