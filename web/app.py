"""The ASGI app: routes of every area, signed sessions, templates, static files, errors, ``/healthz``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from streams.settings import Settings
from web.accounts import Account
from web.auth import LoginLimiter, Member, csrf_token, user_of
from web.i18n import LANGUAGES, label, pick_language, translator
from web.publisher import Publisher, PublishFailed
from web.readmodel import ReadModel
from web.settings import WebSettings
from web.stats import ECOSYSTEMS

__all__ = ["HERE", "Web", "create_app", "publish", "render"]

HERE = Path(__file__).parent


@dataclass
class Web:
    """What every route needs: settings, the read model, the publisher, the accounts."""

    settings: Settings
    web: WebSettings
    model: ReadModel
    publisher: Publisher
    accounts: dict[str, Account]
    limiter: LoginLimiter
    ready: Any = None  # an object with is_set(): the read model has caught up
    env: Environment = field(
        default_factory=lambda: Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
        )
    )


def web_of(request: Request) -> Web:
    """The app's :class:`Web`."""
    ctx: Web = request.app.state.web
    return ctx


def language(request: Request) -> str:
    """The request's language (cookie, else Accept-Language)."""
    return pick_language(request.cookies.get("lang"), request.headers.get("accept-language"))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the user, language, translator, CSRF token and labels."""
    ctx = web_of(request)
    lang = language(request)
    user = user_of(request)
    member = ctx.model.members.get(user.member_id) if isinstance(user, Member) else None
    html = ctx.env.get_template(template).render(
        request=request,
        user=user,
        member_name=member.name if member else None,
        lang=lang,
        languages=LANGUAGES,
        _=translator(lang),
        label=lambda group, code: label(group, code, lang),
        publisher=ctx.model.publisher,
        csrf=csrf_token(request),
        metrics_url=ctx.web.metrics_url,
        ecosystems_all=ECOSYSTEMS,
        today=dt.datetime.now(dt.UTC).date(),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


async def publish(
    request: Request,
    topic: str,
    key: str,
    event: BaseModel,
    arrived: Callable[[], bool] | None = None,
    wait_s: float = 10.0,
) -> None:
    """Send a form's event, then wait (at most ``wait_s``) until ``arrived()`` says the read model has it.

    The broker refusing the event is a 503 with Kafka's reason; nothing else of the route runs.
    """
    ctx = web_of(request)
    try:
        await run_in_threadpool(ctx.publisher.publish, topic, key, event)
    except PublishFailed as exc:
        raise HTTPException(503, str(exc)) from exc
    if arrived is not None:
        await run_in_threadpool(ctx.model.wait_for, arrived, wait_s)


async def healthz(request: Request) -> Response:
    """Liveness and whether the read model has caught up with the topics."""
    ctx = web_of(request)
    caught_up = bool(ctx.ready is None or ctx.ready.is_set())
    counts = ctx.model.counts
    body = {
        "status": "ok" if caught_up else "starting",
        "caught_up": caught_up,
        "records": counts.applied,
        "skipped": counts.skipped,
        "members": len(ctx.model.members),
        "opportunities": len(ctx.model.opportunities),
    }
    return JSONResponse(body, status_code=200 if caught_up else 503)


async def set_language(request: Request) -> Response:
    """The language switch: remember the choice in a cookie and go back."""
    lang = request.path_params["lang"]
    target = request.query_params.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = Response(status_code=303, headers={"location": target})
    if lang in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.endswith(".csv") or request.method != "GET":
        return PlainTextResponse(exc.detail, status_code=exc.status_code)
    if exc.status_code == 401:  # the log-in page, never data
        return render(request, "login.html", status_code=401, next=request.url.path)
    return render(request, "error.html", status_code=exc.status_code, code=exc.status_code, detail=exc.detail)


def create_app(ctx: Web, lifespan: Any = None) -> Starlette:
    """The app for ``ctx``: login, manager and member pages, static files, health."""
    from web import login, manager, member, regional  # the route modules use render() above

    routes = [
        Route("/healthz", healthz),
        Route("/lang/{lang}", set_language),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        *login.routes,
        *manager.routes,
        *member.routes,
        *regional.routes,
    ]
    middleware = [
        Middleware(
            SessionMiddleware,
            secret_key=ctx.web.secret_key.get_secret_value(),
            session_cookie="matchmaker_session",
            max_age=ctx.web.session_max_age_s,
            same_site="lax",
            https_only=ctx.web.https_only,
        )
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.web = ctx
    return app
