"""Web fixtures: a read model fed through its own ``apply`` (as the follower does), accounts, a client.

Not a ``conftest.py``: the integration tests' ``from conftest import Worker`` must keep finding theirs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from factories import member, opportunity
from pydantic import BaseModel
from starlette.testclient import TestClient

from models.events import EvidenceMatch, Explanation, MatchSuggestion, make_suggestion_id
from streams.settings import Settings
from web.accounts import Account, hash_password
from web.app import Web, create_app
from web.auth import LoginLimiter
from web.readmodel import ReadModel, WebTopics
from web.settings import WebSettings

PASSWORD = "correct horse battery staple"
SECRET = "test-secret-key"


class RecordingPublisher:
    """Keeps what the web sends and folds it into the read model, as the broker and follower would."""

    def __init__(self, model: ReadModel) -> None:
        self.model = model
        self.sent: list[tuple[str, str, BaseModel]] = []

    def publish(self, topic: str, key: str, event: BaseModel) -> None:
        self.sent.append((topic, key, event))
        self.model.apply(topic, key.encode(), event.model_dump_json().encode())

    def close(self) -> None:
        pass


def suggestion(
    opp_id: str, member_id: str, score: float = 0.7, rank: int = 1, **fields: object
) -> MatchSuggestion:
    """A suggestion with evidence and reasons in both languages."""
    o = opportunity(opp_id, f"Title of {opp_id}", "Laser welding of battery trays")
    m = member(member_id, "Laser welding cells")
    return MatchSuggestion(
        suggestion_id=make_suggestion_id(o, m, "test-model"),
        opportunity_id=opp_id,
        opportunity_title=f"Title of {opp_id}",
        member_id=member_id,
        member_name=f"Name of {member_id}",
        member_clusters=["AFIL"],
        score=score,
        rank=rank,
        components={"affinity": score - 0.05, "cross_cluster": 0.05},
        explanation=Explanation(
            evidence=[EvidenceMatch(text="Laser welding cells", similarity=0.81, kind="product")],
            shared_terms=["laser", "welding"],
            reasons={
                "en": "It matches your product: laser welding.",
                "it": "Corrisponde al vostro prodotto.",
            },
        ),
        reason="new_opportunity",
        model="test-model",
        created_at=dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC),
        **fields,  # type: ignore[arg-type]
    )


def feed(model: ReadModel, topic: str, key: str, event: BaseModel) -> None:
    assert model.apply(topic, key.encode(), event.model_dump_json().encode())


@pytest.fixture
def model() -> ReadModel:
    """Two clusters: AFIL (opportunity afil-1, members a1, a2) and CLM (opportunity clm-1, member c1)."""
    t = WebTopics.for_prefix("ltc")
    m = ReadModel(t)
    feed(m, t.members, "a1", member("a1", "Laser welding cells", clusters=["AFIL"], name="Alfa srl"))
    feed(
        m,
        t.members,
        "a2",
        member("a2", "Robotic assembly", clusters=["AFIL"], name="Beta spa", language="it"),
    )
    feed(m, t.members, "c1", member("c1", "Electric drivetrains", clusters=["CLM"], name="Gamma srl"))
    feed(
        m,
        t.opportunities,
        "afil-1",
        opportunity("afil-1", "Battery trays", "Laser welding", published_by="AFIL"),
    )
    feed(m, t.opportunities, "clm-1", opportunity("clm-1", "E-axles", "Drivetrains", published_by="CLM"))
    feed(m, t.suggestions, "afil-1", suggestion("afil-1", "a1"))
    feed(m, t.suggestions, "afil-1", suggestion("afil-1", "a2", score=0.6, rank=2))
    feed(m, t.suggestions, "clm-1", suggestion("clm-1", "c1"))
    return m


@pytest.fixture
def ctx(model: ReadModel) -> Web:
    accounts = {
        name: Account(name, name.title(), cluster, hash_password(PASSWORD, iterations=1000))
        for name, cluster in (("afil", "AFIL"), ("clm", "CLM"), ("region", "*"))
    }
    return Web(
        settings=Settings(topic_prefix="ltc"),
        web=WebSettings(secret_key=SECRET, login_attempts=3),
        model=model,
        publisher=RecordingPublisher(model),  # type: ignore[arg-type]
        accounts=accounts,
        limiter=LoginLimiter(3, 60.0),
    )


@pytest.fixture
def client(ctx: Web) -> Iterator[TestClient]:
    with TestClient(create_app(ctx), follow_redirects=False) as c:
        yield c


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token of the session, read from a form on ``path``."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def log_in(client: TestClient, username: str) -> None:
    token = csrf_of(client)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token})
    assert response.status_code == 303, response.text[:500]
