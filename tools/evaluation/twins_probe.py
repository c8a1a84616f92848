"""Twin parity of one scorer route with configuration changes:
``python -m tools.evaluation.twins_probe use '{"lexical_weight": 0}'`` (routes: ``routed``, the
default's MiniLM + USE; ``use`` or ``minilm`` alone for every pair). Prints gap, rank kept, nDCG@10.
"""

from __future__ import annotations

import json
import sys

from tools.evaluation.harness import Context, parse_args
from tools.evaluation.probe import parse_changes
from tools.evaluation.suites import configure
from tools.evaluation.twins import parity
from tools.usage import asked_for_help

__all__ = ["main"]

ROUTES = ("routed", "use", "minilm")


def main(argv: list[str]) -> int:
    if asked_for_help(argv, __doc__):
        return 0
    if not argv or argv[0] not in ROUTES:
        print(f"usage: twins_probe {{{','.join(ROUTES)}}} ['<json changes>' …]", file=sys.stderr)
        return 2
    route = argv[0]
    probes = parse_changes(argv[1:])
    if probes is None:
        return 2
    ctx = Context(parse_args([]))
    for changes in probes:
        config = configure(**changes)
        result = parity(lambda config=config: ctx.scorer(route, config))  # type: ignore[misc]
        gap = " / ".join(f"{result.gap[lang]:.3f}" for lang in ("en", "it"))
        kept = " / ".join(f"{result.rank_agreement[lang]:.3f}" for lang in ("en", "it"))
        near = " / ".join(f"{result.within_one[lang]:.3f}" for lang in ("en", "it"))
        ndcg = " ".join(f"{a}→{b} {v:.3f}" for (a, b), v in sorted(result.ndcg.items()))
        print(
            f"{route} {json.dumps(changes)}: gap en/it call {gap}; rank kept {kept}, ±1 {near}; "
            f"nDCG@10 {ndcg}",
            flush=True,
        )
    ctx.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
