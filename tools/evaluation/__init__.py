"""Quality evaluation of the match scorer: ``matchmaker eval`` (see docs/QUALITY.md).

:mod:`~tools.evaluation.harness` runs every benchmark of this package; what each one measures is
in docs/TOOLS.md.
"""

from __future__ import annotations

__all__: list[str] = []
