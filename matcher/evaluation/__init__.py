"""Quality evaluation of the match scorer: ``matchmaker eval`` (see docs/QUALITY.md).

Benchmarks: LR-bench (:mod:`~matcher.evaluation.lrbench`), real CORDIS consortia
(:mod:`~matcher.evaluation.cordis`), Italian ↔ English pairs (:mod:`~matcher.evaluation.crosslingual`),
the calibration fit (:mod:`~matcher.evaluation.calibration`) and the 10k-member timing
(:mod:`~matcher.evaluation.timing`); :mod:`~matcher.evaluation.harness` runs them all.
"""

from __future__ import annotations

__all__: list[str] = []
