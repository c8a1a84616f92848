"""What need-level matching costs: one top-k ranking against 10,000 members, a call without needs
and the same call listing 2, 4 and 8 topics, in one run (``python -m tools.bench.needs``);
``--against JSON``: the same with those ``ScoringConfig`` changes, timed in turn with the default;
``--italian P``: P % of the members describe themselves in Italian (the multilingual model's rows);
``--baseline REV``: the same calls timed with the matcher of git revision ``REV`` too (e.g. the one
before need-level matching), each checkout in its own process, in turn, ``--rounds`` times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer, Query
from models.events import Competency, MemberProfile, Opportunity
from tools.bench.index import StandInEncoder

_WHEN = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
_COUNTS = (0, 2, 4, 8)  # topics listed by the call
_TOPICS = (
    "recycling of mixed polymer waste from manufacturing lines",
    "digital twins of the energy use of factories",
    "in-line quality control with machine vision on painted parts",
    "hydrometallurgical recovery of lithium from spent batteries",
    "predictive maintenance of machine tools with vibration sensors",
    "traceability of food supply chains with distributed ledgers",
    "telemonitoring of chronic patients with wearable sensors",
    "route optimisation for electric delivery fleets",
)
_TEMI = (  # the same in Italian: these members' rows go to the multilingual model
    "riciclo dei rifiuti polimerici misti delle linee di produzione",
    "gemelli digitali dei consumi energetici delle fabbriche",
    "controllo qualità in linea con la visione artificiale sulle parti verniciate",
    "recupero idrometallurgico del litio dalle batterie esauste",
    "manutenzione predittiva delle macchine utensili con sensori di vibrazione",
    "tracciabilità delle filiere alimentari con registri distribuiti",
    "telemonitoraggio dei pazienti cronici con sensori indossabili",
    "ottimizzazione dei percorsi per le flotte di consegna elettriche",
)


def _members(n: int, italian: int = 0) -> list[MemberProfile]:
    english, italian_words = " ".join(_TOPICS).split(), " ".join(_TEMI).split()
    return [
        MemberProfile(
            member_id=f"m-{i:05d}",
            name=f"Member {i}",
            clusters=["AFIL"],
            org_type="company",
            competencies=[
                Competency(text=" ".join(words[(i * 7 + j * 3 + k) % len(words)] for k in range(12)))
                for j in range(5)
            ],
            updated_at=_WHEN,
        )
        for i in range(n)
        for words in [italian_words if i % 100 < italian else english]
    ]


def _call(topics: int) -> Opportunity:
    listed = " ".join(f"Topic {t + 1}: {_TOPICS[t]}." for t in range(topics))
    return Opportunity(
        opportunity_id=f"call-{topics}",
        published_by="AFIL",
        kind="call_for_proposals",
        title="Regional call for cross-cluster projects",
        description=f"The region funds collaborative projects on one of the following topics. {listed}",
        updated_at=_WHEN,
    )


def _scorer(members: list[MemberProfile], config: ScoringConfig) -> MatchScorer:
    """A scorer over ``members`` with the stand-in encoders (only what every revision's matcher takes)."""
    return MatchScorer(StandInEncoder("en", 384), StandInEncoder("ml", 512), config).fit(members)


def _time(
    scorers: dict[str, MatchScorer], call: Opportunity, queries: dict[str, Query], repeats: int
) -> dict[str, float]:
    """Median ms of ``score(call, limit=30)`` per scorer (its encoded ``queries``), after 3 warm-up
    calls each; the scorers take turns, so that load hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in scorers}
    for round_ in range(3 + repeats):
        for name, scorer in scorers.items():
            started = time.perf_counter()
            scorer.score(call, queries[name], limit=30)
            if round_ >= 3:
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def _medians(members: list[MemberProfile], repeats: int) -> dict[int, float]:
    """Median ms per topic count, default configuration (``--baseline`` runs this in another checkout)."""
    scorer = _scorer(members, ScoringConfig(approximate_min_rows=None))
    out = {}
    for topics in _COUNTS:
        call = _call(topics)
        query = scorer.encode_opportunity(call)
        out[topics] = _time({"default": scorer}, call, {"default": query}, repeats)["default"]
    return out


def _against_revision(args: argparse.Namespace) -> int:
    """Time this checkout and revision ``args.baseline`` in turn, each in a fresh process."""
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory(prefix="needs-baseline-") as baseline:
        archive = subprocess.run(["git", "archive", args.baseline], cwd=root, capture_output=True)
        if archive.returncode:
            raise SystemExit(f"git archive {args.baseline}: {archive.stderr.decode().strip()}")
        subprocess.run(["tar", "-x", "-C", baseline], input=archive.stdout, check=True)
        runs: dict[str, list[dict[int, float]]] = {args.baseline: [], "this checkout": []}
        for _ in range(args.rounds):
            for name, checkout in ((args.baseline, baseline), ("this checkout", str(root))):
                command = [sys.executable, "-P", __file__, "--child"]
                command += ["--members", str(args.members), "--italian", str(args.italian)]
                command += ["--repeats", str(args.repeats)]
                env = {**os.environ, "PYTHONPATH": checkout}
                done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
                if done.returncode:  # e.g. a revision whose matcher lacks what the timing calls
                    raise SystemExit(f"timing {name} failed:\n{done.stderr[-3000:]}")
                medians = json.loads(done.stdout.splitlines()[-1])
                runs[name].append({int(k): v for k, v in medians.items()})
    base = statistics.median(run[0] for run in runs[args.baseline])
    print(f"{args.members} members, {args.italian} % in Italian, {args.rounds} rounds (median of each)")
    for name, measured in runs.items():
        for topics in _COUNTS:
            median = statistics.median(run[topics] for run in measured)
            versus = f"{median / base:.2f}× {args.baseline} without topics"
            print(f"{name}: {topics} topics: {median:.1f} ms, {versus}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print the median time of ``score(limit=30)`` per number of topics, and its ratio to none."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--against", type=json.loads, default=None, help="ScoringConfig changes (JSON)")
    parser.add_argument("--italian", type=int, default=0, choices=range(101), metavar="P", help="share, %%")
    parser.add_argument("--baseline", metavar="REV", help="also time the matcher of this git revision")
    parser.add_argument("--rounds", type=int, default=3, help="--baseline: alternations of the two")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    members = _members(args.members, args.italian)
    if args.child:
        print(json.dumps(_medians(members, args.repeats)))
        return 0
    if args.baseline:
        return _against_revision(args)
    configs = {"default": ScoringConfig(approximate_min_rows=None)}
    if args.against:
        configs[json.dumps(args.against)] = configs["default"].model_copy(update=args.against)
    scorers = {name: _scorer(members, config) for name, config in configs.items()}
    medians: dict[tuple[str, int], float] = {}
    for topics in _COUNTS:
        call = _call(topics)
        queries = {name: scorer.encode_opportunity(call) for name, scorer in scorers.items()}
        for name, median in _time(scorers, call, queries, args.repeats).items():
            medians[name, topics] = median
            needs = len(queries[name].needs)
            print(
                f"{name}: {topics} topics ({needs} needs): median {median:.1f} ms, "
                f"{median / medians[name, 0]:.2f}× its call without needs, "
                f"{median / medians['default', topics]:.2f}× the default",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
