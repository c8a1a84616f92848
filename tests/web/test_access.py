"""Nobody gets in where they don't belong: the access rules of docs/WEB.md, one test each."""

from __future__ import annotations

import time

import itsdangerous.timed
import pytest
from starlette.testclient import TestClient
from webfixtures import SECRET, client, csrf_of, ctx, log_in, model  # noqa: F401  (fixtures)

from web.app import Web
from web.auth import link_serializer, make_member_link
from web.readmodel import ReadModel

DATA_PAGES = [
    "/opportunities",
    "/opportunities/afil-1",
    "/opportunities/new",
    "/members",
    "/members/a1",
    "/cross-cluster",
    "/inbox",
    "/profile",
]


def _member_session(client: TestClient, member_id: str) -> None:
    link = make_member_link(SECRET, "http://testserver", member_id)
    response = client.get(link.removeprefix("http://testserver"))
    assert response.status_code == 303 and response.headers["location"] == "/inbox"


@pytest.mark.parametrize("path", DATA_PAGES)
def test_unauthenticated_get_gets_the_login_page_and_no_data(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert 'name="password"' in response.text
    for secret in ("Alfa srl", "Battery trays", "Laser welding", "Title of afil-1", "Gamma srl"):
        assert secret not in response.text


@pytest.mark.parametrize(
    "path", ["/cross-cluster/clusters.csv", "/cross-cluster/funnel.csv", "/opportunities/new", "/profile"]
)
def test_unauthenticated_csv_and_posts_get_401(client: TestClient, path: str) -> None:
    response = client.post(path, data={"title": "x"}) if not path.endswith(".csv") else client.get(path)
    assert response.status_code in (401, 403)
    assert "Alfa" not in response.text


def test_member_cannot_read_or_answer_another_members_suggestion(client: TestClient, ctx: Web) -> None:
    model: ReadModel = ctx.model
    theirs = next(s for s in model.suggestions.values() if s.member_id == "a2")
    _member_session(client, "a1")
    inbox = client.get("/inbox")
    assert inbox.status_code == 200 and "Title of afil-1" in inbox.text
    assert theirs.suggestion_id not in inbox.text
    assert client.get(f"/inbox/{theirs.suggestion_id}").status_code == 404
    token = csrf_of(client, "/inbox")
    response = client.post(
        f"/inbox/{theirs.suggestion_id}/answer", data={"action": "accepted", "csrf": token}
    )
    assert response.status_code == 404
    assert ctx.publisher.sent == []  # type: ignore[attr-defined]


def test_member_answers_own_suggestion_with_a_feedback_event(client: TestClient, ctx: Web) -> None:
    own = next(s for s in ctx.model.suggestions.values() if s.member_id == "a1")
    _member_session(client, "a1")
    token = csrf_of(client, "/inbox")
    response = client.post(f"/inbox/{own.suggestion_id}/answer", data={"action": "accepted", "csrf": token})
    assert response.status_code == 303
    [(topic, key, event)] = ctx.publisher.sent  # type: ignore[attr-defined]
    assert (topic, key) == ("ltc.match-feedback", own.suggestion_id)
    assert event.model_dump(include={"member_id", "actor", "action"}) == {  # type: ignore[attr-defined]
        "member_id": "a1",
        "actor": "member",
        "action": "accepted",
    }
    assert 'data-answer="accepted"' in client.get("/inbox").text


def test_member_cannot_open_manager_pages(client: TestClient) -> None:
    _member_session(client, "a1")
    for path in ("/opportunities", "/members/a1", "/cross-cluster"):
        assert client.get(path).status_code == 403


def test_manager_cannot_see_or_edit_another_clusters_opportunity(client: TestClient, ctx: Web) -> None:
    log_in(client, "afil")
    assert "E-axles" not in client.get("/opportunities").text
    assert client.get("/opportunities/clm-1").status_code == 403
    assert client.get("/opportunities/clm-1/edit").status_code == 403
    token = csrf_of(client, "/opportunities")
    edit = {"title": "Hijacked", "kind": "partner_search", "description": "x", "csrf": token}
    assert client.post("/opportunities/clm-1/edit", data=edit).status_code == 403
    assert (
        client.post("/opportunities/clm-1/status", data={"status": "withdrawn", "csrf": token}).status_code
        == 403
    )
    assert client.post("/opportunities/new", data={**edit, "published_by": "CLM"}).status_code == 403
    assert ctx.publisher.sent == []  # type: ignore[attr-defined]
    assert ctx.model.opportunities["clm-1"].title == "E-axles"


def test_manager_cannot_see_or_edit_another_clusters_member(client: TestClient, ctx: Web) -> None:
    log_in(client, "afil")
    assert "Gamma srl" not in client.get("/members").text
    assert client.get("/members/c1").status_code == 403
    token = csrf_of(client, "/members")
    data = {"name": "Hijacked", "org_type": "company", "competencies": "x", "csrf": token}
    assert client.post("/members/c1/edit", data=data).status_code == 403
    assert ctx.publisher.sent == []  # type: ignore[attr-defined]


def test_regional_admin_sees_every_cluster(client: TestClient) -> None:
    log_in(client, "region")
    listing = client.get("/opportunities").text
    assert "E-axles" in listing and "Battery trays" in listing
    assert client.get("/members/c1").status_code == 200


def test_tampered_link_is_refused(client: TestClient) -> None:
    link = make_member_link(SECRET, "", "a1")
    token = link.rsplit("/", 1)[1]
    forged = link_serializer("another-secret").dumps("a2")
    for bad in (
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        forged,
        "a1",
        token.replace(".", "x", 1),
    ):
        response = client.get(f"/m/{bad}")
        assert response.status_code == 403
        assert client.get("/inbox").status_code == 401  # no member session was opened


def test_expired_link_is_refused(client: TestClient, ctx: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx.web = ctx.web.model_copy(update={"link_max_age_s": 3600})
    fresh = make_member_link(SECRET, "", "a1")
    signed_then = int(time.time()) - 3601  # a link signed just over its one-hour lifetime ago
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: signed_then)
    stale = make_member_link(SECRET, "", "a1")
    monkeypatch.undo()
    assert client.get(stale).status_code == 403
    assert client.get("/inbox").status_code == 401
    assert client.get(fresh).status_code == 303  # the same member's link within its lifetime works


def test_forms_without_the_csrf_token_are_refused(client: TestClient, ctx: Web) -> None:
    log_in(client, "afil")
    data = {"title": "New", "kind": "partner_search", "description": "Something"}
    assert client.post("/opportunities/new", data=data).status_code == 403
    assert client.post("/opportunities/new", data={**data, "csrf": "forged"}).status_code == 403
    assert ctx.publisher.sent == []  # type: ignore[attr-defined]


def test_login_is_rate_limited(client: TestClient) -> None:
    for _ in range(3):
        token = csrf_of(client)
        assert (
            client.post("/login", data={"username": "afil", "password": "no", "csrf": token}).status_code
            == 401
        )
    token = csrf_of(client)
    blocked = client.post(
        "/login", data={"username": "afil", "password": "correct horse battery staple", "csrf": token}
    )
    assert blocked.status_code == 429
    assert client.get("/opportunities").status_code == 401
