"""Onboarding check: a file of members published to a fresh worker, indexed rate vs the encoder ceiling.

``python -m tools.with_broker -- python -m tools.bench.onboarding [FILE]`` (``make bench-onboarding``);
the default file is the 1,500 Italian CORDIS organisations of ``shared/data``; results: docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from matcher.embedding import MiniLMEncoder, MultilingualUSEEncoder
from matcher.scoring import MatchScorer
from models.events import MemberProfile
from streams.kafka_io import publish_jsonl
from streams.progress import Progress
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.bench.load import encoder_ceiling
from tools.bench.runtime import BenchError
from tools.broker import free_port
from tools.paths import ROOT
from tools.workers import WorkerProcess

__all__ = ["DEFAULT_FILE", "run_onboarding"]

DEFAULT_FILE = ROOT.parent / "shared" / "data" / "cordis-he-calls" / "members.jsonl"


def _wait(worker: WorkerProcess, gauge: str, target: float, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while (worker.gauge(gauge) or 0) < target:
        if not worker.alive():
            raise BenchError(f"the worker died:\n{worker.log_tail()}")
        if time.monotonic() > deadline:
            raise BenchError(f"{gauge} stayed under {target} for {timeout:.0f}s:\n{worker.log_tail()}")
        time.sleep(0.05)
    return time.perf_counter()


def run_onboarding(
    settings: Settings, path: Path, timeout: float = 1800.0, sample_every: int = 10
) -> dict[str, object]:
    """Publish ``path`` to a fresh worker; the rate it indexes them at, and the models' alone.

    The models alone run on every ``sample_every``-th member's texts, before and after the worker.
    """
    prefix = f"{settings.topic_prefix}-onboard-{uuid.uuid4().hex[:6]}"
    settings = settings.model_copy(update={"topic_prefix": prefix, "app_id": f"matchmaker-{prefix}"})
    members = [
        MemberProfile.model_validate_json(line) for line in path.read_text().splitlines() if line.strip()
    ]
    ensure_topics(settings)
    cfg = settings.scoring
    models = (MiniLMEncoder(threads=cfg.model_threads), MultilingualUSEEncoder(threads=cfg.model_threads))
    sample = members[::sample_every]  # the models alone, before and after the worker: the load drifts
    before = encoder_ceiling(models, cfg, sample, [])
    log_path = Path(tempfile.gettempdir()) / f"matchmaker-{prefix}.log"
    worker = WorkerProcess(settings, log_path, metrics_port=free_port())
    worker.start()
    try:
        _wait(worker, "matchmaker_owned_partitions", settings.topic_partitions, 600)
        rss_ready = worker.memory()["VmRSS"]
        started = time.perf_counter()
        with Progress(f"publishing {path.name}", len(members), print) as progress:
            report = publish_jsonl(settings, settings.topics.members, path, progress=progress.advance)
        published = time.perf_counter()
        done = _wait(worker, "matchmaker_records_applied", report.sent, timeout)
        embedded = worker.gauge("matchmaker_texts_embedded") or 0.0
        rss_end = worker.memory()
    finally:
        worker.stop()
    after = encoder_ceiling(models, cfg, sample, [])
    rate = report.sent / (done - started)
    # members share texts (partners of one project): scale the sample's time by distinct texts
    texts = sum(map(len, MatchScorer(*models, cfg).texts_to_embed(members, [])))
    scale = texts / (before["english_texts"] + before["multilingual_texts"])
    ceiling_rate = len(members) / (scale * (before["seconds"] + after["seconds"]) / 2)
    return {
        "file": str(path),
        "members": report.sent,
        "bad_lines": len(report.bad),
        "publish_s": round(published - started, 2),
        "indexed_s": round(done - started, 2),
        "indexed_per_s": round(rate, 2),
        "texts_embedded_by_worker": int(embedded),
        "distinct_texts": texts,
        "ceiling_sample_members": len(sample),
        "ceiling_before": before,
        "ceiling_after": after,
        "ceiling_per_s": round(ceiling_rate, 2),
        "ratio": round(rate / ceiling_rate, 3),
        "worker_rss_mib": {
            "ready": round(rss_ready),
            "end": round(rss_end["VmRSS"]),
            "peak": round(rss_end["VmHWM"]),
        },
        "load_average": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the check and print its figures (the last line is JSON)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--sample-every", type=int, default=10, help="members whose texts time the models")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"error: {args.file} does not exist", file=sys.stderr)
        return 2
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    result = run_onboarding(Settings(), args.file, sample_every=args.sample_every)
    print(
        f"indexed {result['members']} members in {result['indexed_s']}s = {result['indexed_per_s']}/s; "
        f"the two models alone on the same kind of texts (a sample, before and after): "
        f"{result['ceiling_per_s']}/s; ratio {result['ratio']}"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
