"""The one score combination: the cross-language map applies to members scored across languages only."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.components import affinity_room, combine
from matcher.config import ScoringConfig


def test_the_map_changes_only_members_who_do_not_speak_the_opportunitys_language() -> None:
    config = ScoringConfig(cross_language_gain=0.6, cross_language_power=0.5, lexical_weight=0.5)
    dense = np.array([0.25, 0.25, 0.0, 1.0], dtype=np.float32)
    speaks = np.array([True, False, False, False])
    lexical = np.array([0.1, 0.0, 0.0, 0.0], dtype=np.float32)
    parts, total = combine(config, dense, speaks, lexical)
    room = affinity_room(config)
    # the speaker: half dense, half lexical, as without the map
    assert parts["affinity"][0] == pytest.approx(room * 0.5 * 0.25)
    assert parts["lexical"][0] == pytest.approx(room * 0.5 * 0.1 / config.lexical_saturation)
    # across languages: gain * dense ** power, all of the affinity (no lexical part)
    assert parts["affinity"][1] == pytest.approx(room * 0.6 * 0.25**0.5)
    assert parts["affinity"][2] == 0.0  # unrelated stays at zero
    assert parts["affinity"][3] == pytest.approx(room * 0.6)  # the best cross-language evidence
    assert total[1] > total[0]  # a mid-relevance cross-language match is lifted


def test_without_a_map_the_combination_is_the_plain_one() -> None:
    plain = ScoringConfig(cross_language_gain=1.0, cross_language_power=1.0)
    dense = np.linspace(0, 1, 5, dtype=np.float32)
    speaks = np.zeros(5, dtype=bool)
    parts, _ = combine(plain, dense, speaks, np.zeros(5, dtype=np.float32))
    np.testing.assert_allclose(parts["affinity"], affinity_room(plain) * dense, rtol=1e-6)
