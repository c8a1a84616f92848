"""Fit the map from the multilingual model's space into the English model's (``matcher.alignment``).

``python -m tools.evaluation.align_fit NAME [--ridge 1.0]`` writes ``matcher/alignments/NAME.npz``:
ridge regression from USE vectors to MiniLM vectors of the same content, on dev data only (method and
sources: docs/QUALITY.md, *Third pass*); prints how close the map gets on the twin set's test half.
"""

from __future__ import annotations

import argparse
import random
import re
import sys

import numpy as np
from numpy.typing import NDArray

from matcher.alignment import ALIGNMENTS
from matcher.text import chunk, detect_language
from tools.evaluation import cordis as cordis_eval
from tools.evaluation import lrbench as lr
from tools.evaluation.cache import texts_to_embed
from tools.evaluation.harness import Context, parse_args
from tools.ltcdata.phrases import AREAS, FRAMES
from tools.ltcdata.twins import TWIN_RELEVANT, twin_opportunities

__all__ = ["main", "training_pairs"]

Pairs = list[tuple[str, str]]  # (text the multilingual model reads, its English counterpart)


def _english_dev(ctx: Context) -> Pairs:
    """English texts of the dev halves of LR-bench and both CORDIS sets, each its own counterpart."""
    bench = lr.load_lrbench(seed=ctx.seed)
    items = [i for i in bench.items if i.anchor_id in bench.dev]
    experts = {i.positive for i in items} | {i.negative for i in items}
    members = [m for m in bench.members if m.member_id in experts]
    texts = texts_to_embed(members, [bench.opportunities[a] for a in sorted(bench.dev)], 120)
    for data in (cordis_eval.load_h2020(seed=ctx.seed), cordis_eval.load_fp7(seed=ctx.seed)):
        dev = set(data.dev)
        orgs = [
            cordis_eval.member(data, org, {p for p in projects if p in dev})
            for org, projects in data.projects_of().items()
            if dev.intersection(projects)
        ]
        projects = [cordis_eval.opportunity(data, p, "overall") for p in sorted(dev)]
        texts += texts_to_embed(orgs, projects, 120)
    return [(t, t) for t in dict.fromkeys(texts) if detect_language(t) == "en"]


def _phrase_bank(seed: int, per_area: int = 20) -> Pairs:
    """Italian → English sentences of the demo's bilingual phrase bank (tools/ltcdata/phrases.py)."""
    rng = random.Random(seed)
    frames = [f for group in FRAMES.values() for f in group]
    pairs: Pairs = []
    for areas in AREAS.values():
        for area in areas:
            for part in (area.things, area.uses, area.methods, area.extras):
                pairs += [(it, en) for en, it in part]
            for _ in range(per_area):
                draw = {"T": area.things, "U": area.uses, "M": area.methods, "X": area.extras}
                picked = {k: rng.choice(v) for k, v in draw.items()}
                city, n = rng.choice(("Milano", "Brescia", "Bergamo", "Como")), str(rng.choice((20, 50, 120)))

                picked["city"] = (city, city)
                picked["n"] = (n, n)
                en, it = rng.choice(frames)
                pairs.append((_fill(it, picked, 1), _fill(en, picked, 0)))
    return list(dict.fromkeys(pairs))


def _fill(template: str, picked: dict[str, tuple[str, str]], side: int) -> str:
    for key, pair in picked.items():
        template = template.replace("{" + key + "}", pair[side])
    return re.sub(r"\s+", " ", re.sub(r"\{\w*\}", "", template)).strip()


def _twins(half: int) -> Pairs:
    """Italian → English pieces of the twin opportunities of one half (0: even-numbered, the dev half)."""
    ids = sorted(TWIN_RELEVANT)[half::2]
    italian = {o.opportunity_id: o for o in twin_opportunities("it")}
    pairs: Pairs = []
    for english in twin_opportunities("en"):
        if english.opportunity_id not in ids:
            continue
        other = italian[english.opportunity_id]
        it = [other.title, *chunk(other.description, 120)]
        en = [english.title, *chunk(english.description, 120)]
        if len(it) == len(en):
            pairs += list(zip(it, en, strict=True))
    return pairs


def training_pairs(ctx: Context) -> dict[str, Pairs]:
    """The fitting data by source: every pair reads dev data or the demo's phrase bank only."""
    return {
        "English dev texts (LR-bench, CORDIS)": _english_dev(ctx),
        "phrase bank (it → en)": _phrase_bank(ctx.seed),
        "twin opportunities, dev half (it → en)": _twins(0),
    }


def _vectors(ctx: Context, pairs: Pairs) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    x = ctx.use.encode([p[0] for p in pairs])
    y = ctx.minilm.encode([p[1] for p in pairs])
    return x, y


def _fidelity(weights: NDArray[np.float64], x: NDArray[np.float32], y: NDArray[np.float32]) -> float:
    mapped = x @ weights
    mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
    return float((mapped * y).sum(axis=1).mean())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="the map's name (matcher/alignments/NAME.npz; version it)")
    parser.add_argument("--ridge", type=float, default=1.0, help="ridge penalty")
    parser.add_argument(
        "--translation-weight", type=float, default=1.0, help="weight of an it → en pair against an en one"
    )
    args = parser.parse_args(argv)
    ctx = Context(parse_args([]))
    sources = training_pairs(ctx)
    xs, ys = [], []
    for source, pairs in sources.items():
        x, y = _vectors(ctx, pairs)
        weight = np.sqrt(args.translation_weight if "it → en" in source else 1.0)
        xs.append(weight * x)
        ys.append(weight * y)
        print(f"{source}: {len(pairs)} pairs")
    ctx.flush()
    x, y = np.vstack(xs).astype(np.float64), np.vstack(ys).astype(np.float64)
    weights = np.linalg.solve(x.T @ x + args.ridge * np.eye(x.shape[1]), x.T @ y)
    ALIGNMENTS.mkdir(exist_ok=True)
    np.savez_compressed(ALIGNMENTS / f"{args.name}.npz", weights=weights.astype(np.float16))
    dev, test = (_fidelity(weights, *_vectors(ctx, _twins(half))) for half in (0, 1))
    print(f"cosine of mapped Italian to MiniLM's English, twin opportunities: dev {dev:.3f}, test {test:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
