"""Fit the cross-language map (``cross_language_gain`` / ``_power``) on the twin set's dev half.

``python -m tools.evaluation.parity_fit``: prints the fitted pair and the twin gap before / after on
both halves (even-numbered opportunities: dev, odd: test). Method: docs/QUALITY.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import curve_fit

from matcher.components import affinity_room
from matcher.config import ScoringConfig
from tools.evaluation.harness import Context, parse_args
from tools.evaluation.twins import twin_matches
from tools.ltcdata.twins import TWIN_RELEVANT

__all__ = ["fit_map", "main"]

Components = dict[str, dict[str, float]]  # member id -> its score components


def _power(x: NDArray[np.float64], gain: float, power: float) -> NDArray[np.float64]:
    return gain * np.power(np.clip(x, 0.0, 1.0), power)


def _collect(ctx: Context, config: ScoringConfig) -> dict[tuple[str, str, str], Components]:
    out: dict[tuple[str, str, str], Components] = {}
    for lang, member_lang, opportunity, matches in twin_matches(lambda: ctx.scorer("routed", config)):
        out[lang, member_lang, opportunity.opportunity_id] = {m.member_id: m.components for m in matches}
    return out


def _pairs(
    runs: dict[tuple[str, str, str], Components], ids: Sequence[str], room: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """x: the cross-language member's dense affinity; y: its same-language twin's (dense + lexical)."""
    xs, ys = [], []
    for lang, other in (("en", "it"), ("it", "en")):
        for oid in ids:
            same, across = runs[lang, lang, oid], runs[lang, other, oid]
            for member, parts in same.items():
                if member in across:
                    xs.append(across[member]["affinity"] / room)
                    ys.append((parts["affinity"] + parts.get("lexical", 0.0)) / room)
    return np.array(xs), np.array(ys)


def fit_map(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[float, float]:
    """Least squares over every pair (unrelated ones included, so that they stay low)."""
    (gain, power), _ = curve_fit(_power, x, y, p0=(0.6, 0.8), bounds=([0.05, 0.2], [1.0, 3.0]))
    return float(gain), float(power)


def _gap(
    runs: dict[tuple[str, str, str], Components], ids: Sequence[str], room: float, m: tuple[float, float]
) -> dict[str, float]:
    """Mean |twin score difference| over the pairs a user would see, per opportunity language."""
    out = {}
    for lang, other in (("en", "it"), ("it", "en")):
        diffs = []
        for oid in ids:
            same = {k: sum(v.values()) for k, v in runs[lang, lang, oid].items()}
            across = {
                k: sum(v.values()) - v["affinity"] + room * float(_power(np.array(v["affinity"] / room), *m))
                for k, v in runs[lang, other, oid].items()
            }
            shown = set(TWIN_RELEVANT[oid])
            for scores in (same, across):
                shown |= {k for k, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:10]}
            diffs += [abs(same[k] - across[k]) for k in shown if k in same and k in across]
        out[lang] = float(np.mean(diffs))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alignment", default=None, help="fit for this alignment (matcher.alignment)")
    args = parser.parse_args(argv)
    ctx = Context(parse_args([]))
    base = ScoringConfig(cross_language_gain=1.0, cross_language_power=1.0, alignment=args.alignment)
    room = affinity_room(base)
    runs = _collect(ctx, base)
    ctx.flush()
    ids = sorted(TWIN_RELEVANT)
    dev, test = ids[::2], ids[1::2]
    x, y = _pairs(runs, dev, room)
    fitted = fit_map(x, y)
    print(
        f"fitted on {len(x)} dev pairs: "
        f"cross_language_gain={fitted[0]:.3f} cross_language_power={fitted[1]:.3f}"
    )
    for name, half in (("dev", dev), ("test", test)):
        before, after = _gap(runs, half, room, (1.0, 1.0)), _gap(runs, half, room, fitted)
        print(
            f"{name}: gap en call {before['en']:.3f} -> {after['en']:.3f}, "
            f"it call {before['it']:.3f} -> {after['it']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
