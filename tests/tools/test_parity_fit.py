"""The cross-language map's fit recovers a known map and keeps unrelated pairs near zero."""

from __future__ import annotations

import numpy as np
import pytest

from tools.evaluation.parity_fit import fit_map


def test_fit_map_recovers_a_known_gain_and_power() -> None:
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(0.0, 0.02, 800), rng.uniform(0.0, 1.0, 200)])  # mostly unrelated
    y = 0.6 * x**0.6 + rng.normal(0.0, 0.01, x.size)
    gain, power = fit_map(x, y)
    assert gain == pytest.approx(0.6, abs=0.03)
    assert power == pytest.approx(0.6, abs=0.05)
    assert gain * 0.001**power < 0.03  # an unrelated pair stays low
