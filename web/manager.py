"""Cluster manager pages: opportunities (list, page, form, close/withdraw), members, the regional view."""

from __future__ import annotations

import dataclasses
import datetime as dt

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from models.events import MemberProfile, Opportunity
from web.app import language, publish, render, web_of
from web.auth import Manager, check_csrf
from web.forms import member_from_form, new_opportunity_id, opportunity_from_form
from web.i18n import translator
from web.login import require_manager
from web.stats import CLUSTERS

__all__ = ["routes"]

_WAIT_S = 10.0  # how long a form waits to see its own event come back from Kafka


@dataclasses.dataclass(frozen=True)
class OpportunityRow:
    """One line of the opportunities list."""

    opportunity: Opportunity
    owners: list[str]
    suggestions: int
    consortia: int
    answers: int


def _opportunity(request: Request, manager: Manager) -> Opportunity:
    model = web_of(request).model
    opportunity = model.opportunities.get(request.path_params["opportunity_id"])
    if opportunity is None:
        raise HTTPException(404, "no such opportunity")
    if not manager.may_manage(model.owners(opportunity)):
        raise HTTPException(403, "this opportunity belongs to another cluster")
    return opportunity


def _member(request: Request, manager: Manager) -> MemberProfile:
    member = web_of(request).model.members.get(request.path_params["member_id"])
    if member is None:
        raise HTTPException(404, "no such member")
    if not manager.may_manage(member.clusters):
        raise HTTPException(403, "this member belongs to another cluster")
    return member


async def opportunities(request: Request) -> Response:
    """The manager's opportunities with status, deadline and counts."""
    manager = require_manager(request)
    model = web_of(request).model
    rows = []
    with model.lock:
        for o in model.opportunities.values():
            owners = model.owners(o)
            if manager.may_manage(owners):
                rows.append(
                    OpportunityRow(
                        o,
                        sorted(owners),
                        len(model.current(o.opportunity_id)),
                        int(o.opportunity_id in model.consortia),
                        model.answer_count(o.opportunity_id),
                    )
                )
    rows.sort(key=lambda r: (r.opportunity.status != "open", -r.opportunity.updated_at.timestamp()))
    return render(request, "opportunities.html", rows=rows, nav="opportunities")


async def opportunity(request: Request) -> Response:
    """One opportunity: its current ranked suggestions with evidence, and the proposed consortium."""
    manager = require_manager(request)
    model = web_of(request).model
    o = _opportunity(request, manager)
    ranked = model.current(o.opportunity_id)
    return render(
        request,
        "opportunity.html",
        o=o,
        ranked=ranked,
        ranking=model.rankings.get(o.opportunity_id),
        consortium=model.consortia.get(o.opportunity_id),
        owners=sorted(model.owners(o)),
        nav="opportunities",
    )


def _publisher_choices(manager: Manager) -> list[str]:
    return list(CLUSTERS) if manager.is_admin else [manager.cluster]


async def _publish(request: Request, topic: str, key: str, event: Opportunity | MemberProfile) -> None:
    """:func:`web.app.publish`, waiting until the read model holds this version of the record."""
    model = web_of(request).model
    store = model.opportunities if isinstance(event, Opportunity) else model.members

    def arrived() -> bool:
        current = store.get(key)
        return current is not None and current.updated_at >= event.updated_at

    await publish(request, topic, key, event, arrived, _WAIT_S)


async def opportunity_form(request: Request) -> Response:
    """Create (no id) or edit an opportunity; errors beside their field, nothing sent on error."""
    manager = require_manager(request)
    ctx = web_of(request)
    existing = _opportunity(request, manager) if "opportunity_id" in request.path_params else None
    choices = _publisher_choices(manager)

    def page(status_code: int = 200, values: object = None, errors: object = None) -> Response:
        return render(
            request,
            "opportunity_form.html",
            status_code=status_code,
            o=existing,
            values=values or {},
            errors=errors or {},
            choices=choices,
            nav="opportunities",
        )

    if request.method == "GET":
        return page()
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    _ = translator(language(request))
    if existing is not None:
        publisher, oid, status = existing.published_by, existing.opportunity_id, existing.status
    else:
        publisher = str(form.get("published_by") or choices[0])
        if publisher not in choices:
            raise HTTPException(403, "you publish for your own cluster only")
        oid, status = new_opportunity_id(publisher), "open"
    event, errors = opportunity_from_form(form, oid, publisher, status, _)
    if event is None:
        values = {k: form.getlist(k) if k in ("ecosystems", "org_types") else form.get(k) for k in form}
        return page(400, values, errors)
    await _publish(request, ctx.settings.topics.opportunities, oid, event)
    return RedirectResponse(f"/opportunities/{oid}", status_code=303)


async def opportunity_status(request: Request) -> Response:
    """Close, withdraw or reopen: the same opportunity with a new status."""
    manager = require_manager(request)
    o = _opportunity(request, manager)
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    status = str(form.get("status"))
    if status not in ("open", "closed", "withdrawn"):
        raise HTTPException(400, "unknown status")
    event = o.model_copy(update={"status": status, "updated_at": dt.datetime.now(dt.UTC)})
    await _publish(request, web_of(request).settings.topics.opportunities, o.opportunity_id, event)
    return RedirectResponse(f"/opportunities/{o.opportunity_id}", status_code=303)


async def members(request: Request) -> Response:
    """The members of the manager's cluster (all for an administrator), searchable by name."""
    manager = require_manager(request)
    model = web_of(request).model
    query = request.query_params.get("q", "").strip().lower()
    with model.lock:
        found = [
            m
            for m in model.members.values()
            if manager.may_manage(m.clusters) and (not query or query in m.name.lower())
        ]
    found.sort(key=lambda m: m.name.lower())
    return render(request, "members.html", members=found[:500], total=len(found), q=query, nav="members")


async def member(request: Request) -> Response:
    """One member's profile and the suggestions it received."""
    manager = require_manager(request)
    model = web_of(request).model
    m = _member(request, manager)
    suggestions = model.inbox(m.member_id)
    stages = {s.suggestion_id: model.stage(s.suggestion_id) for s in suggestions}
    return render(request, "member.html", m=m, suggestions=suggestions, stages=stages, nav="members")


async def member_form(request: Request) -> Response:
    """Create or edit a member profile of the manager's cluster."""
    manager = require_manager(request)
    ctx = web_of(request)
    existing = _member(request, manager) if "member_id" in request.path_params else None
    choices = _publisher_choices(manager)

    def page(status_code: int = 200, values: object = None, errors: object = None) -> Response:
        return render(
            request,
            "member_form.html",
            status_code=status_code,
            m=existing,
            values=values or {},
            errors=errors or {},
            choices=choices,
            nav="members",
        )

    if request.method == "GET":
        return page()
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    _ = translator(language(request))
    clusters = [c for c in form.getlist("clusters") if isinstance(c, str)]
    if not manager.is_admin:  # a manager keeps other clusters' memberships and adds only its own
        clusters = sorted({*(existing.clusters if existing else []), manager.cluster})
    if any(c not in CLUSTERS for c in clusters):
        raise HTTPException(400, "unknown cluster")
    member_id = existing.member_id if existing else str(form.get("member_id", "")).strip()
    errors = {}
    if existing is None and member_id in ctx.model.members:
        errors["member_id"] = _("This id is taken.")
    event, form_errors = member_from_form(form, member_id, existing, _, clusters=clusters)
    errors.update(form_errors)
    if event is None or errors:
        values = {k: form.getlist(k) if k in ("ecosystems", "clusters") else form.get(k) for k in form}
        return page(400, values, errors)
    await _publish(request, ctx.settings.topics.members, member_id, event)
    return RedirectResponse(f"/members/{member_id}", status_code=303)


routes = [
    Route("/opportunities", opportunities),
    Route("/opportunities/new", opportunity_form, methods=["GET", "POST"]),
    Route("/opportunities/{opportunity_id}", opportunity),
    Route("/opportunities/{opportunity_id}/edit", opportunity_form, methods=["GET", "POST"]),
    Route("/opportunities/{opportunity_id}/status", opportunity_status, methods=["POST"]),
    Route("/members", members),
    Route("/members/new", member_form, methods=["GET", "POST"]),
    Route("/members/{member_id}", member),
    Route("/members/{member_id}/edit", member_form, methods=["GET", "POST"]),
]
