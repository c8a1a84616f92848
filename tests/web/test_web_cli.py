"""``matchmaker web --link``: a member's link, signed with the configured secret, that the app accepts."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from streams.cli import app
from web.auth import read_member_token


def test_link_prints_a_signed_member_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHMAKER_WEB_SECRET_KEY", "cli-secret")
    monkeypatch.setenv("MATCHMAKER_WEB_PUBLIC_URL", "https://matchmaker.example")
    result = CliRunner().invoke(app, ["web", "--link", "afil-m-0001"])
    assert result.exit_code == 0, result.output
    link = result.output.strip()
    assert link.startswith("https://matchmaker.example/m/")
    token = link.rsplit("/", 1)[1]
    assert read_member_token("cli-secret", token, 60) == "afil-m-0001"
    assert read_member_token("another-secret", token, 60) is None
