"""Probe configurations on real benchmarks: ``python -m tools.evaluation.probe '{"evidence_bonus": 0.1}'``.

Each argument is a JSON object of ``ScoringConfig`` changes; prints cordis-he-calls nDCG@10 (single
and multi-topic: dev, test, companies, company share) and LR-bench loss (dev, test, all) per probe.
``--full``: every column of ``matchmaker eval --only candidates`` instead (CORDIS, twins, guards too);
``--guards``: the same without CORDIS (its two columns ``-``), a few minutes quicker.
"""

from __future__ import annotations

import json
import sys

from tools.evaluation import hecalls as he
from tools.evaluation import lrbench as lr
from tools.evaluation.candidates import COLUMNS, candidate_rows
from tools.evaluation.harness import Context, parse_args
from tools.evaluation.suites import configure, load_bench
from tools.usage import asked_for_help

__all__ = ["main", "parse_changes"]

HEADER = f"{he.COLUMNS} | LR-bench dev / test / all"


def _cell(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def parse_changes(args: list[str]) -> list[dict[str, object]] | None:
    """Each argument as a JSON object of ``ScoringConfig`` changes (none given: ``[{}]``, the
    default); ``None``, with the reason on stderr, if one is not JSON."""
    try:
        return [json.loads(arg) for arg in args] or [{}]
    except json.JSONDecodeError as exc:
        print(f"each argument must be a JSON object of ScoringConfig changes: {exc}", file=sys.stderr)
        return None


def main(argv: list[str]) -> int:
    if asked_for_help(argv, __doc__):
        return 0
    full, guards = "--full" in argv, "--guards" in argv
    probes = parse_changes([arg for arg in argv if arg not in ("--full", "--guards")])
    if probes is None:
        return 2
    ctx = Context(parse_args([]))
    if full or guards:
        configs = {json.dumps(changes): configure(**changes) for changes in probes}
        print(" | ".join(COLUMNS))
        for name, cells in candidate_rows(ctx, configs, cordis=full).items():
            print(name, " ".join(_cell(v) for v in cells), flush=True)
        ctx.flush()
        return 0
    data, bench = ctx.hecalls_data, load_bench(ctx)
    print(HEADER)
    for changes in probes:
        config = configure(**changes)
        row = he.columns(he.score_all(ctx.scorer("minilm", config).fit(data.members), data), data)
        routed = ctx.scorer("routed", config).fit(bench.members)
        pairs = lr.score_pairs(routed, bench, {"probe": config})["probe"]
        row += [lr.evaluate(pairs, bench.subset(split)).loss for split in ("dev", "test", "all")]
        print(json.dumps(changes), " ".join(f"{v:.3f}" for v in row), flush=True)
    ctx.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
