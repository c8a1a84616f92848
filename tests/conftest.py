"""Shared fixtures: the deterministic encoder, and the real models loaded once per session."""

from __future__ import annotations

import pytest
from factories import HashingEncoder

from matcher.embedding import MiniLMEncoder, MultilingualUSEEncoder


@pytest.fixture
def hashing_encoder() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture(scope="session")
def minilm() -> MiniLMEncoder:
    """The real all-MiniLM-L6-v2, loaded once per test session."""
    return MiniLMEncoder()


@pytest.fixture(scope="session")
def use_multilingual() -> MultilingualUSEEncoder:
    """The real multilingual USE v3, loaded once per test session."""
    return MultilingualUSEEncoder()
