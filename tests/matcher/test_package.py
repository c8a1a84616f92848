"""The package's public API: every name in ``matcher.__all__``, importable cheaply."""

from __future__ import annotations

import os
import subprocess
import sys

import matcher


def test_the_public_api_is_importable_from_the_package() -> None:
    assert all(hasattr(matcher, name) for name in matcher.__all__)
    assert {"MatchScorer", "Matchmaker", "default_scorer", "ScoringConfig", "Encoder"} <= set(matcher.__all__)


def test_importing_the_package_loads_no_model_and_nothing_of_the_stream() -> None:
    heavy = ("torch", "sentence_transformers", "faust", "kafka", "streams", "tools")
    code = f"import sys, matcher; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"
