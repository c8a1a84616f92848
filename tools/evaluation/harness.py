"""``matchmaker eval``: every benchmark, every scorer variant, printed with rich (and docs/QUALITY.md).

``matchmaker eval [options]`` (or ``python -m tools.evaluation.harness``) calls :func:`main`;
embeddings are cached on disk (``--cache-dir``, ``--no-cache``; see docs/TOOLS.md).
"""

from __future__ import annotations

import argparse
import os
import time
from functools import cached_property
from pathlib import Path

from rich.console import Console
from threadpoolctl import threadpool_limits

from matcher.alignment import AlignedEncoder
from matcher.config import ScoringConfig
from matcher.embedding import MiniLMEncoder, MultilingualUSEEncoder
from matcher.scoring import MatchScorer
from tools import paths
from tools.evaluation import selection, suites
from tools.evaluation.cache import DEFAULT_CACHE_DIR, DiskCachedEncoder
from tools.evaluation.calibration import calibration_tables
from tools.evaluation.candidates import candidates
from tools.evaluation.crosslingual import crosslingual_tables
from tools.evaluation.floors import floor_tables
from tools.evaluation.hecalls import DATA as HECALLS_DATA
from tools.evaluation.hecalls import FILES as HECALLS_FILES
from tools.evaluation.hecalls import HECalls, is_development, load_hecalls
from tools.evaluation.hecalls import hecalls as hecalls_tables
from tools.evaluation.report import Table, print_tables, render_markdown, write_docs
from tools.evaluation.timing import timing_tables
from tools.evaluation.twins import twins_tables

__all__ = ["BENCHMARKS", "Context", "main", "parse_args"]

BENCHMARKS = (
    "calibration",
    "lrbench",
    "cordis",
    "hecalls",
    "crosslingual",
    "twins",
    "floors",
    "timing",
    "selection",
    "candidates",
)
DOCS = paths.DOCS / "QUALITY.md"


class Context:
    """What every benchmark needs: the options, the two cached encoders, scorer construction."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.quick: bool = args.quick
        self.seed: int = args.seed
        self.hecalls_dir: Path = args.hecalls
        directory = None if args.no_cache else args.cache_dir
        self.minilm = DiskCachedEncoder(MiniLMEncoder(), directory)
        self.use = DiskCachedEncoder(MultilingualUSEEncoder(), directory)
        console = Console()
        self.console = console if console.is_terminal else Console(width=200)
        self.command = "matchmaker eval" + (" --quick" if args.quick else "")

    @staticmethod
    def config_for(backend: str, config: ScoringConfig) -> ScoringConfig:
        """``config`` as ``backend`` needs it: USE alone sits in the English slot with its own calibration."""
        return config.model_copy(update={"english": config.crosslingual}) if backend == "use" else config

    def scorer(self, backend: str, config: ScoringConfig) -> MatchScorer:
        """A fresh scorer: ``minilm`` or ``use`` alone (dense-only), or ``routed`` (the default's)."""
        config = self.config_for(backend, config)
        if backend == "routed" and config.alignment is not None:
            return MatchScorer(AlignedEncoder(self.minilm, self.use, config.alignment), None, config)
        if backend == "routed":
            return MatchScorer(self.minilm, self.use, config)
        return MatchScorer(self.minilm if backend == "minilm" else self.use, None, config)

    def prewarm(self, texts: list[str], backends: tuple[str, ...] = ("minilm", "use")) -> None:
        """Embed ``texts`` up front in big batches (only the ones not cached yet), with progress."""
        for name in backends:
            encoder = self.minilm if name == "minilm" else self.use
            before = encoder.misses
            status = self.console.status(f"embedding with {encoder.name}…")
            with threadpool_limits(limits=os.cpu_count()), status:
                for start in range(0, len(texts), 512):
                    encoder.encode(texts[start : start + 512])
                    encoder.flush()
            if encoder.misses > before:
                self.console.log(f"{encoder.name}: embedded {encoder.misses - before} new texts")

    @cached_property
    def hecalls_data(self) -> HECalls:
        """The cordis-he-calls folder (``--hecalls``), read once for every benchmark that uses it."""
        return load_hecalls(self.seed, self.hecalls_dir)

    def flush(self) -> None:
        """Write newly embedded rows to the disk cache."""
        self.minilm.flush()
        self.use.flush()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Options of ``matchmaker eval``."""
    parser = argparse.ArgumentParser(prog="matchmaker eval", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", choices=BENCHMARKS, help="run only this benchmark (repeatable)"
    )
    parser.add_argument("--quick", action="store_true", help="a small subset of every benchmark (smoke run)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help="embedding cache folder")
    parser.add_argument("--seed", type=int, default=20260601, help="seed of the dev/test split")
    parser.add_argument("--members", type=int, default=10_000, help="membership size for the timing")
    parser.add_argument(
        "--hecalls",
        type=Path,
        default=HECALLS_DATA,
        metavar="DIR",
        help="a cordis-he-calls folder in the same format, e.g. the held-out half of the topics "
        f"(default {HECALLS_DATA})",
    )
    parser.add_argument(
        "--write-docs",
        nargs="?",
        const=DOCS,
        type=Path,
        default=None,
        metavar="PATH",
        help=f"write the tables into PATH (default {DOCS.relative_to(paths.ROOT)})",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks, print their tables, optionally write them into the docs."""
    args = parse_args(argv)
    if args.write_docs and args.quick:
        raise SystemExit("--write-docs records full runs only; drop --quick")
    ctx = Context(args)  # the models load on first use, not here
    if not is_development(args.hecalls):  # another half of the topics: check it first
        if args.write_docs:
            raise SystemExit("--write-docs records the development half only; drop --hecalls to write docs")
        if missing := [name for name in HECALLS_FILES if not (args.hecalls / name).is_file()]:
            raise SystemExit(f"--hecalls {args.hecalls}: no {', '.join(missing)} there")
        try:
            ctx.hecalls_data  # noqa: B018 (read now, so a malformed folder stops before any model loads)
        except ValueError as error:
            raise SystemExit(f"--hecalls: {error}") from None
    started = time.perf_counter()
    runners = {
        "calibration": calibration_tables,
        "lrbench": suites.lrbench,
        "cordis": suites.cordis,
        "crosslingual": crosslingual_tables,
        "timing": timing_tables,
        "selection": selection.select,
        "hecalls": lambda c: hecalls_tables(c, suites.variants("hecalls")),
        "twins": twins_tables,
        "floors": floor_tables,
        "candidates": candidates,
    }
    blocks: dict[str, str] = {}
    for name in args.only or BENCHMARKS:
        t0 = time.perf_counter()
        with threadpool_limits(limits=1, user_api="blas"):  # small products: threads only contend
            tables: list[Table] = runners[name](ctx)
        ctx.flush()
        print_tables(tables, ctx.console)
        ctx.console.log(f"{name}: {time.perf_counter() - t0:.1f} s")
        blocks[name] = render_markdown(tables)
    elapsed = time.perf_counter() - started
    ctx.console.log(
        f"done in {elapsed:.1f} s; embedding cache: MiniLM {ctx.minilm.hits} hits / {ctx.minilm.misses} "
        f"misses, USE {ctx.use.hits} hits / {ctx.use.misses} misses"
    )
    if args.write_docs:
        write_docs(args.write_docs, blocks)
        ctx.console.log(f"wrote {args.write_docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
