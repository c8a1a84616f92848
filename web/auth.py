"""Who is asking: manager log-in (hashed passwords, rate-limited), members' signed links, CSRF tokens.

Sessions are Starlette's signed cookies (itsdangerous); every form carries the session's CSRF token.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.exceptions import HTTPException
from starlette.requests import Request

from web.accounts import ADMIN

__all__ = [
    "LoginLimiter",
    "Manager",
    "Member",
    "check_csrf",
    "csrf_token",
    "link_serializer",
    "make_member_link",
    "read_member_token",
    "user_of",
]

_LINK_SALT = "member-link"


@dataclass(frozen=True)
class Manager:
    """A logged-in cluster manager (``cluster == "*"``: regional administrator)."""

    username: str
    name: str
    cluster: str

    @property
    def is_admin(self) -> bool:
        """Sees and edits every cluster."""
        return self.cluster == ADMIN

    def may_manage(self, clusters: set[str] | list[str]) -> bool:
        """Whether this manager may act for something belonging to ``clusters``."""
        return self.is_admin or self.cluster in {c.upper() for c in clusters}


@dataclass(frozen=True)
class Member:
    """A member who came in through their signed link."""

    member_id: str


def user_of(request: Request) -> Manager | Member | None:
    """The session's user, or ``None``."""
    session = request.session
    if session.get("role") == "manager":
        return Manager(session["username"], session.get("name", ""), session["cluster"])
    if session.get("role") == "member":
        return Member(session["member_id"])
    return None


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: object) -> None:
    """403 unless ``submitted`` is this session's CSRF token."""
    expected = request.session.get("csrf")
    if not (isinstance(expected, str) and isinstance(submitted, str)):
        raise HTTPException(403, "missing CSRF token")
    if not secrets.compare_digest(expected, submitted):
        raise HTTPException(403, "bad CSRF token")


def link_serializer(secret: str) -> URLSafeTimedSerializer:
    """Signs and reads members' links (its own salt: a session cookie is not a link)."""
    return URLSafeTimedSerializer(secret, salt=_LINK_SALT)


def make_member_link(secret: str, base_url: str, member_id: str) -> str:
    """The address a member opens to get in (valid for the configured time from now)."""
    return f"{base_url.rstrip('/')}/m/{link_serializer(secret).dumps(member_id)}"


def read_member_token(secret: str, token: str, max_age_s: int) -> str | None:
    """The member a link was made for; ``None`` when it is expired, tampered with or not a link."""
    try:
        member_id = link_serializer(secret).loads(token, max_age=max_age_s)
    except (SignatureExpired, BadSignature):
        return None
    return member_id if isinstance(member_id, str) else None


class LoginLimiter:
    """At most ``attempts`` failed log-ins per client address within ``window_s`` seconds."""

    def __init__(self, attempts: int, window_s: float) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] < time.monotonic() - self.window_s:
            failures.popleft()
        return failures

    def blocked(self, client: str) -> bool:
        """Too many recent failures from ``client``."""
        return len(self._recent(client)) >= self.attempts

    def failed(self, client: str) -> None:
        """Count one failure."""
        self._recent(client).append(time.monotonic())

    def succeeded(self, client: str) -> None:
        """Forget the failures of a client that got in."""
        self._failures.pop(client, None)
