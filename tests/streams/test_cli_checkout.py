"""Commands that need the repository's tools/ say so when run from an installed package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def installed_layout(tmp_path: Path) -> Path:
    """The product packages alone on the path (what a wheel holds), and a cwd outside any checkout."""
    site = tmp_path / "site"
    site.mkdir()
    for package in ("models", "matcher", "streams"):
        (site / package).symlink_to(ROOT / package)
    return site


@pytest.mark.parametrize("command", [["demo"], ["bench", "--quick", "--no-pipeline"], ["eval", "--quick"]])
def test_checkout_commands_fail_clearly_without_tools(installed_layout: Path, command: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed_layout)}
    done = subprocess.run(
        [sys.executable, "-m", "streams.cli", *command],
        cwd=installed_layout.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert f"`matchmaker {command[0]}` runs from a checkout of the repository" in done.stderr
    assert "Traceback" not in done.stderr


def test_checkout_commands_find_tools_from_inside_a_checkout(installed_layout: Path) -> None:
    # with a broker named, `matchmaker broker` only reports it: it ran tools.broker, started nothing
    env = {**os.environ, "PYTHONPATH": str(installed_layout), "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"}
    done = subprocess.run(
        [sys.executable, "-m", "streams.cli", "broker"],
        cwd=ROOT / "docs",  # below the repository root: tools/ is found from the working directory
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1"
