"""Quality evaluation of the match scorer: ``matchmaker eval`` (see docs/QUALITY.md).

Benchmarks: LR-bench (:mod:`~tools.evaluation.lrbench`), real CORDIS consortia
(:mod:`~tools.evaluation.cordis`), Italian ↔ English pairs (:mod:`~tools.evaluation.crosslingual`),
the calibration fit (:mod:`~tools.evaluation.calibration`) and the 10k-member timing
(:mod:`~tools.evaluation.timing`); :mod:`~tools.evaluation.harness` runs them all.
"""

from __future__ import annotations

__all__: list[str] = []
