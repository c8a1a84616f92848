"""Every page renders for the role it is for; forms validate with the contracts; CSVs and languages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from factories import opportunity
from starlette.testclient import TestClient
from webfixtures import SECRET, client, csrf_of, ctx, feed, log_in, model, suggestion  # noqa: F401  (fixtures)

from models.consortium import ConsortiumMember, ConsortiumSuggestion
from models.feedback import MatchFeedback
from web.app import Web
from web.auth import make_member_link
from web.publisher import PublishFailed
from web.readmodel import ReadModel, WebTopics

MANAGER_PAGES = [
    "/opportunities",
    "/opportunities/afil-1",
    "/opportunities/afil-1/edit",
    "/opportunities/new",
    "/members",
    "/members/a1",
    "/members/a1/edit",
    "/members/new",
    "/cross-cluster",
]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_every_manager_page_renders(client: TestClient, lang: str) -> None:
    log_in(client, "afil")
    client.cookies.set("lang", lang)
    for path in MANAGER_PAGES:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert f'<html lang="{lang}">' in response.text


def test_opportunity_page_shows_ranked_members_with_reason_and_evidence(client: TestClient) -> None:
    log_in(client, "afil")
    page = client.get("/opportunities/afil-1").text
    assert page.index("Name of a1") < page.index("Name of a2")
    assert "It matches your product: laser welding." in page
    assert "Laser welding cells" in page
    client.cookies.set("lang", "it")
    assert "Corrisponde al vostro prodotto." in client.get("/opportunities/afil-1").text


def test_accept_language_picks_and_switch_overrides(client: TestClient) -> None:
    page = client.get("/login", headers={"accept-language": "it-IT,it;q=0.9,en;q=0.8"})
    assert '<html lang="it">' in page.text and "Accedi" in page.text
    switched = client.get("/lang/en?next=/login")
    assert switched.status_code == 303 and switched.headers["location"] == "/login"
    assert '<html lang="en">' in client.get("/login", headers={"accept-language": "it"}).text


def test_invalid_opportunity_shows_errors_beside_fields_and_sends_nothing(
    client: TestClient, ctx: Web
) -> None:
    log_in(client, "afil")
    token = csrf_of(client, "/opportunities/new")
    data = {
        "title": "  ",
        "kind": "partner_search",
        "description": "",
        "deadline": "31/12/2026",
        "csrf": token,
    }
    response = client.post("/opportunities/new", data=data)
    assert response.status_code == 400
    for field in ("title", "description", "deadline"):
        assert f'id="error-{field}"' in response.text
    assert ctx.publisher.sent == []  # type: ignore[attr-defined]


def test_valid_opportunity_is_published_for_the_managers_cluster(client: TestClient, ctx: Web) -> None:
    log_in(client, "afil")
    token = csrf_of(client, "/opportunities/new")
    data = {
        "title": "Cobots for welding",
        "kind": "technology_need",
        "description": "We need collaborative robots for welding.",
        "deadline": "2099-12-31",
        "ecosystems": ["advanced_manufacturing"],
        "org_types": ["university"],
        "csrf": token,
    }
    response = client.post("/opportunities/new", data=data)
    assert response.status_code == 303
    [(topic, key, event)] = ctx.publisher.sent  # type: ignore[attr-defined]
    assert topic == "ltc.opportunities" and response.headers["location"] == f"/opportunities/{key}"
    assert event.published_by == "AFIL" and event.seeking.org_types == ["university"]  # type: ignore[attr-defined]
    assert "Cobots for welding" in client.get(response.headers["location"]).text


def test_close_publishes_the_same_opportunity_closed(client: TestClient, ctx: Web) -> None:
    log_in(client, "afil")
    token = csrf_of(client, "/opportunities/afil-1")
    assert (
        client.post("/opportunities/afil-1/status", data={"status": "closed", "csrf": token}).status_code
        == 303
    )
    [(_, key, event)] = ctx.publisher.sent  # type: ignore[attr-defined]
    assert key == "afil-1" and event.status == "closed" and event.title == "Battery trays"  # type: ignore[attr-defined]


class RefusingPublisher:
    """A broker that takes nothing: every publish fails as the real one does when Kafka refuses."""

    def publish(self, topic: str, key: str, event: object) -> None:
        raise PublishFailed("Kafka did not accept the event: KafkaTimeoutError")

    def close(self) -> None:
        pass


def test_a_refused_publish_is_a_503_with_kafkas_reason_and_changes_nothing(
    client: TestClient, ctx: Web
) -> None:
    ctx.publisher = RefusingPublisher()  # type: ignore[assignment]
    log_in(client, "afil")
    token = csrf_of(client, "/opportunities/afil-1")
    closed = client.post("/opportunities/afil-1/status", data={"status": "closed", "csrf": token})
    assert closed.status_code == 503 and "KafkaTimeoutError" in closed.text
    assert ctx.model.opportunities["afil-1"].status == "open"
    client.get(make_member_link(SECRET, "", "a1"))
    own = next(s for s in ctx.model.suggestions.values() if s.member_id == "a1")
    token = csrf_of(client, f"/inbox/{own.suggestion_id}")
    answered = client.post(f"/inbox/{own.suggestion_id}/answer", data={"action": "accepted", "csrf": token})
    assert answered.status_code == 503 and "KafkaTimeoutError" in answered.text
    assert ctx.model.member_answer(own.suggestion_id) is None


def test_member_profile_editor_keeps_clusters_and_sets_notifications(client: TestClient, ctx: Web) -> None:
    client.get(make_member_link(SECRET, "", "a2"))
    token = csrf_of(client, "/profile")
    data = {
        "competencies": "Robotic assembly\nVision inspection",
        "ecosystems": ["advanced_manufacturing"],
        "contact_email": "info@beta.example",
        "language": "it",
        "notify_enabled": "1",
        "min_score": "0.6",
        "max_per_day": "3",
        "notify_delivery": "daily",
        "clusters": ["CLM"],  # ignored: a member cannot move itself
        "csrf": token,
    }
    assert client.post("/profile", data=data).status_code == 303
    [(_, key, event)] = ctx.publisher.sent  # type: ignore[attr-defined]
    assert key == "a2" and event.clusters == ["AFIL"]  # type: ignore[attr-defined]
    assert [c.text for c in event.competencies] == ["Robotic assembly", "Vision inspection"]  # type: ignore[attr-defined]
    assert event.notify.delivery == "daily" and event.notify.max_per_day == 3  # type: ignore[attr-defined]
    bad = client.post("/profile", data={**data, "contact_email": "not-an-address", "competencies": ""})
    assert (
        bad.status_code == 400
        and 'id="error-contact_email"' in bad.text
        and 'id="error-competencies"' in bad.text
    )


def test_why_page_speaks_the_members_language(client: TestClient, ctx: Web) -> None:
    own = next(s for s in ctx.model.suggestions.values() if s.member_id == "a2")  # a2 reads Italian
    client.get(make_member_link(SECRET, "", "a2"))
    page = client.get(f"/inbox/{own.suggestion_id}").text
    assert "Corrisponde al vostro prodotto." in page and "Laser welding cells" in page


def test_pages_name_a_member_publisher_not_its_id(client: TestClient, ctx: Web) -> None:
    """A member's partner search says who published it by name (a cluster's code stays as it is)."""
    topics = WebTopics.for_prefix("ltc")
    need = opportunity("c1-need", "Gear design", "Gears", published_by="c1")
    feed(ctx.model, topics.opportunities, "c1-need", need)
    own = suggestion("c1-need", "a1", published_by="c1")
    feed(ctx.model, topics.suggestions, "c1-need", own)
    client.get(make_member_link(SECRET, "", "a1"))
    inbox = client.get("/inbox").text
    assert "published by Gamma srl" in inbox and "published by c1" not in inbox
    assert "published by Gamma srl" in client.get(f"/inbox/{own.suggestion_id}").text
    log_in(client, "clm")
    assert "published by Gamma srl" in client.get("/opportunities/c1-need").text
    assert "published by CLM" in client.get("/opportunities/clm-1").text


@pytest.mark.parametrize(
    ("components", "score", "shown"),
    [
        # rounded one by one: 0.28 + 0.01 + 0.01 = 0.30 beside a score shown as 0.31
        ({"affinity": 0.284, "cross_cluster": 0.0149, "evidence": 0.0149}, 0.3138, ["0.28", "0.02", "0.01"]),
        ({"affinity": 0.15, "lexical": 0.05, "evidence": 0.0}, 0.20, ["0.15", "0.05"]),  # zero parts left out
        ({"affinity": 0.2, "feedback": -0.05}, 0.15, ["0.20"]),  # a negative part: no forcing the sum
    ],
)
def test_the_parts_of_a_score_add_up_to_the_score_shown(
    components: dict[str, float], score: float, shown: list[str]
) -> None:
    from web.member import score_parts

    parts = score_parts(components, score)
    assert [value for _, value in parts] == shown
    if all(v >= 0 for v in components.values()):
        assert sum(float(v) for v in shown) == pytest.approx(float(f"{score:.2f}"))


def _a1_answers(ctx: Web, *actions: str) -> None:
    """Member a1 answers its suggestion with each of ``actions`` in turn."""
    s = next(s for s in ctx.model.suggestions.values() if s.member_id == "a1")
    for action in actions:
        answer = MatchFeedback(
            suggestion_id=s.suggestion_id,
            opportunity_id=s.opportunity_id,
            member_id="a1",
            actor="member",
            actor_id="a1",
            action=action,  # type: ignore[arg-type]
            at=s.created_at,
        )
        feed(ctx.model, "ltc.match-feedback", s.suggestion_id, answer)


def test_funnel_and_csv_count_answers(client: TestClient, ctx: Web) -> None:
    _a1_answers(ctx, "accepted", "contacted")
    log_in(client, "afil")
    rows = list(csv.DictReader(io.StringIO(client.get("/cross-cluster/funnel.csv").text)))
    counts = {r["stage"]: (int(r["your_opportunities"]), int(r["region"])) for r in rows}
    assert counts["suggested"] == (2, 3) and counts["accepted"] == (1, 1) and counts["contacted"] == (1, 1)
    assert counts["met"] == (0, 0)
    links = list(csv.DictReader(io.StringIO(client.get("/cross-cluster/clusters.csv").text)))
    assert len(links) == 81
    afil = next(r for r in links if r["from"] == "AFIL" and r["to"] == "AFIL")
    assert (afil["suggested"], afil["accepted"], afil["partnered"]) == ("2", "1", "0")


def test_the_funnel_draws_declined_answers_as_a_bar_of_their_own(client: TestClient, ctx: Web) -> None:
    """Declined is an exit from the funnel, not a stage of it: it gets a bar (in its own colour), on
    the same scale as the stages, in both columns."""
    _a1_answers(ctx, "declined")
    log_in(client, "afil")
    page = client.get("/cross-cluster").text
    row = page[page.index('data-stage="declined"') :]
    row = row[: row.index("</tr>")]
    assert 'class="fbar declined" style="width: 50.0%"' in row  # 1 of afil's 2 suggestions
    assert 'class="fbar region declined" style="width: 33.0%"' in row  # 1 of the region's 3
    assert page.count('class="fbar') == 2 * 6  # five stages and declined, two columns


def test_healthz(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["members"] == 3


def test_every_text_of_the_pages_has_an_italian_translation() -> None:
    import re
    from pathlib import Path

    from web.i18n import LABELS
    from web.messages_it import IT

    web = Path(__file__).parents[2] / "web"
    texts = set()
    for path in [*web.glob("templates/*.html"), *web.glob("*.py")]:
        source = path.read_text()
        texts |= set(re.findall(r'_\(\s*"((?:[^"\\]|\\.)+)"', source))
        texts |= set(re.findall(r"_\(\s*'((?:[^'\\]|\\.)+)'", source))
        texts |= set(re.findall(r'\("\w+", "([A-Z][^"]+)"\)', source))  # (action, "Button text") pairs
        texts |= set(re.findall(r'"\w+": "([A-Z][^"]+)"', source)) if path.name == "why.html" else set()
    texts |= {text for group in LABELS.values() for text in group.values()}
    missing = sorted(t for t in texts if t not in IT)
    assert not missing, missing


def test_the_consortium_is_shown_in_the_pages_language(client: TestClient, model: ReadModel) -> None:
    member = ConsortiumMember(
        member_id="a1",
        member_name="Name of a1",
        org_type="company",
        sme=True,
        clusters=["AFIL"],
        role="SME",
        gain=0.6,
        covers=[],
        contribution="SME (AFIL) covers “laser welding” (0.80)",
        contributions={
            "en": "SME (AFIL) covers “laser welding” (0.80)",
            "it": "PMI (AFIL) copre “laser welding” (0.80)",
        },
    )
    team = ConsortiumSuggestion(
        consortium_id="c1",
        opportunity_id="afil-1",
        opportunity_title="t",
        members=[member],
        needs=["laser welding"],
        coverage=0.8,
        constraints_met={"has_company": True},
        model="m",
        created_at=dt.datetime(2026, 6, 2, tzinfo=dt.UTC),
    )
    feed(model, model.topics.consortia, "afil-1", team)
    log_in(client, "afil")
    assert "SME (AFIL) covers" in client.get("/opportunities/afil-1").text
    client.cookies.set("lang", "it")
    page = client.get("/opportunities/afil-1").text
    assert "PMI (AFIL) copre" in page and ">PMI<" in page and "covers" not in page
