"""``--help`` for the tools that read ``sys.argv`` themselves: their module docstring is their usage."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["asked_for_help"]


def asked_for_help(argv: Sequence[str], doc: str | None) -> bool:
    """Print ``doc`` and say so when ``argv`` asks for help (``-h`` / ``--help`` before any ``--``)."""
    own = argv[: list(argv).index("--")] if "--" in argv else argv
    if "-h" in own or "--help" in own:
        print((doc or "").strip())
        return True
    return False
