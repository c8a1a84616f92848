"""Getting in and out: manager log-in and log-out, a member's signed link, and the guards routes use."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from web.accounts import verify_password
from web.app import language, render, web_of
from web.auth import Manager, Member, check_csrf, read_member_token, user_of
from web.i18n import translator

__all__ = ["require_manager", "require_member", "routes"]


def require_manager(request: Request) -> Manager:
    """The logged-in manager; 401 for nobody, 403 for a member."""
    user = user_of(request)
    if user is None:
        raise HTTPException(401, "log in first")
    if not isinstance(user, Manager):
        raise HTTPException(403, "for cluster managers")
    return user


def require_member(request: Request) -> Member:
    """The member of this session; 401 for nobody, 403 for a manager."""
    user = user_of(request)
    if user is None:
        raise HTTPException(401, "open the link you received")
    if not isinstance(user, Member):
        raise HTTPException(403, "for members")
    return user


def _next(request: Request, default: str) -> str:
    target = str(request.query_params.get("next") or default)
    return target if target.startswith("/") and not target.startswith("//") else default


async def home(request: Request) -> Response:
    """Managers to their opportunities, members to their inbox, others to the log-in page."""
    user = user_of(request)
    if isinstance(user, Manager):
        return RedirectResponse("/opportunities", status_code=303)
    if isinstance(user, Member):
        return RedirectResponse("/inbox", status_code=303)
    return RedirectResponse("/login", status_code=303)


async def login_page(request: Request) -> Response:
    """The log-in form."""
    return render(request, "login.html", next=_next(request, "/opportunities"))


async def login(request: Request) -> Response:
    """Check the password (rate-limited per client address) and open a manager session."""
    ctx = web_of(request)
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    _ = translator(language(request))
    client = request.client.host if request.client else "?"
    target = _next(request, "/opportunities")
    if ctx.limiter.blocked(client):
        error = _("Too many attempts. Wait a few minutes and try again.")
        return render(request, "login.html", status_code=429, error=error, next=target)
    username = str(form.get("username", "")).strip()
    account = ctx.accounts.get(username)
    if account is None or not verify_password(str(form.get("password", "")), account.password_hash):
        ctx.limiter.failed(client)
        error = _("Wrong user name or password.")
        return render(request, "login.html", status_code=401, error=error, next=target, username=username)
    ctx.limiter.succeeded(client)
    request.session.clear()
    request.session.update(
        {"role": "manager", "username": account.username, "name": account.name, "cluster": account.cluster}
    )
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    """End the session."""
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def member_link(request: Request) -> Response:
    """A member's signed link: a valid one opens a member session, any other is refused."""
    ctx = web_of(request)
    member_id = read_member_token(
        ctx.web.secret_key.get_secret_value(), request.path_params["token"], ctx.web.link_max_age_s
    )
    if member_id is None:
        raise HTTPException(403, "this link has expired or is not valid")
    request.session.clear()
    request.session.update({"role": "member", "member_id": member_id})
    return RedirectResponse("/inbox", status_code=303)


routes = [
    Route("/", home),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/m/{token}", member_link),
]
