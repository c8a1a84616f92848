"""Where a checkout keeps things: the repository root, its docs, and the read-only ``../shared`` data."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DOCS", "ROOT", "SHARED"]

#: The repository root (``tools/`` only ever runs from a checkout).
ROOT = Path(__file__).resolve().parent.parent
#: The project's documentation folder.
DOCS = ROOT / "docs"
#: Reference data beside the checkout (``../shared``: benchmarks and real datasets, read-only).
SHARED = ROOT.parent / "shared"
