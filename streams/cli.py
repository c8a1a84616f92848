"""``matchmaker``: the command line (typer). Each command builds Settings once and passes them down."""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from models.events import MatchSuggestion, MemberProfile, Opportunity
from models.exceptions import MatchmakerError

if TYPE_CHECKING:
    from streams.settings import Settings

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="LTC Matchmaker: collaboration matches over Kafka."
)
log = logging.getLogger("matchmaker")


def _settings() -> Settings:
    from streams.settings import Settings

    return Settings()


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _ensure_topics(settings: Settings) -> None:
    """Create any missing topic as the worker does (a clear exit if Kafka cannot be reached). Before
    the first worker, the broker would otherwise auto-create a topic a command touches with the wrong
    shape (profiles uncompacted: a tombstone would never erase one), and the worker keeps a topic
    that exists as it is."""
    from streams.topics import ensure_topics

    try:
        ensure_topics(settings)
    except MatchmakerError as exc:
        _fail(str(exc))


def _tool(module: str, command: str) -> ModuleType:
    """``tools.<module>`` from the repository checkout this command runs in (never part of the wheel)."""
    if importlib.util.find_spec("tools") is None:
        here = Path.cwd().resolve()
        root = next((d for d in (here, *here.parents) if (d / "tools" / "paths.py").is_file()), None)
        if root is not None:
            sys.path.insert(0, str(root))
    try:
        return importlib.import_module(f"tools.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == "tools" or (exc.name or "").startswith("tools."):
            _fail(
                f"`matchmaker {command}` runs from a checkout of the repository (it uses its tools/ "
                "folder, which the installed package does not ship): cd into the clone and retry",
                2,
            )
        raise


@app.command()
def broker(
    port: Annotated[int, typer.Option(help="Client port (0 = any free port)")] = 9092,
    data_dir: Annotated[Path | None, typer.Option(help="Log directory (default: a temporary one)")] = None,
    detach: Annotated[bool, typer.Option(help="Leave it running in the background and exit")] = False,
    pid_file: Annotated[Path | None, typer.Option(help="Where --detach writes the broker's pid")] = None,
) -> None:
    """Start a single-node Apache Kafka (KRaft) on 127.0.0.1, unless KAFKA_BOOTSTRAP_SERVERS is set."""
    kafka_broker = _tool("broker", "broker")

    argv = ["--port", str(port)]
    if data_dir:
        argv += ["--data-dir", str(data_dir)]
    if detach:
        argv.append("--detach")
    if pid_file:
        argv += ["--pid-file", str(pid_file)]
    raise typer.Exit(kafka_broker.main(argv))


@app.command()
def worker(
    loglevel: Annotated[str, typer.Option(help="Faust log level")] = "warning",
) -> None:
    """Run a stream worker (join the consumer group; start more for more throughput)."""
    from streams.worker import run_worker

    try:
        run_worker(_settings(), loglevel)
    except MatchmakerError as exc:
        _fail(str(exc))


@app.command()
def web(
    link: Annotated[str | None, typer.Option(help="Print a sign-in link for this member id and exit")] = None,
    no_mail: Annotated[bool, typer.Option("--no-mail", help="Do not run the e-mail sender")] = False,
    loglevel: Annotated[str, typer.Option(help="Log level")] = "info",
) -> None:
    """The web app for cluster managers and members (MATCHMAKER_WEB_PORT; see docs/WEB.md)."""
    # web/ sits above streams/ (it imports streams; streams never imports it): loaded by name here only
    web_settings = importlib.import_module("web.settings").WebSettings()
    if link:
        auth = importlib.import_module("web.auth")
        secret = web_settings.secret_key.get_secret_value()
        typer.echo(auth.make_member_link(secret, web_settings.base_url(), link))
        return
    logging.basicConfig(level=loglevel.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        importlib.import_module("web.server").serve(_settings(), web_settings, mail=not no_mail)
    except MatchmakerError as exc:
        _fail(str(exc))


@app.command()
def publish(
    topic: Annotated[str, typer.Argument(help="members | opportunities | feedback | a full topic name")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSON Lines, one event per line")],
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Send lines unchecked")] = False,
) -> None:
    """Validate FILE line by line, report bad lines, send the good ones (exit 1 if any were bad)."""
    from streams.kafka_io import publish_contract, publish_jsonl
    from streams.progress import Progress

    settings = _settings()
    name = settings.topics.resolve(topic)
    try:
        publish_contract(name)  # a topic publish does not know fails before anything is read or sent
    except ValueError as exc:
        _fail(str(exc), 2)
    with file.open("rb") as text:
        lines = sum(1 for line in text if line.strip())
    _ensure_topics(settings)
    try:
        with Progress(f"publishing {file.name}", lines, lambda s: typer.echo(s, err=True)) as progress:
            report = publish_jsonl(settings, name, file, not no_validate, progress.advance)
    except ValueError as exc:
        _fail(str(exc), 2)
    for number, reason in report.bad:
        typer.echo(f"{file}:{number}: {reason}", err=True)
    typer.echo(f"sent {report.sent} record(s) to {name}; {len(report.bad)} bad line(s)")
    if report.bad:
        raise typer.Exit(1)


@app.command()
def tail(
    from_beginning: Annotated[bool, typer.Option(help="Start at the oldest suggestion")] = False,
    idle: Annotated[float, typer.Option(help="Stop after this many idle seconds (0 = never)")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print raw JSON lines")] = False,
    deadletter: Annotated[bool, typer.Option(help="Follow the dead-letter topic instead")] = False,
) -> None:
    """Print match suggestions (or dead letters) as they arrive."""
    from matcher.explain import render_suggestion
    from streams.kafka_io import read_topic

    settings = _settings()
    topic = settings.topics.deadletter if deadletter else settings.topics.suggestions
    _ensure_topics(settings)  # started before any worker, it waits for the first records
    idle_ms = int(idle * 1000) if idle > 0 else 10**12
    for _, value in read_topic(settings, topic, from_beginning, idle_ms):
        if as_json or deadletter or value is None:
            typer.echo(value.decode("utf-8", "replace") if value else "null")
        elif b'"retraction_id"' in value:  # a retraction shares the topic (its ce_type says so)
            gone = json.loads(value)
            typer.echo(f"retracted {gone['member_id']} from {gone['opportunity_id']}: {gone['reason']}")
        else:
            typer.echo(render_suggestion(MatchSuggestion.model_validate_json(value)))


def _load_jsonl(path: Path, model: type[MemberProfile] | type[Opportunity]) -> tuple[list, list[str]]:  # type: ignore[type-arg]
    from pydantic import ValidationError

    from streams.codec import summarise_validation_error

    items, bad = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate_json(line))
        except ValidationError as exc:
            bad.append(f"{path}:{number}: {summarise_validation_error(exc)}")
    return items, bad


@app.command()
def score(
    members: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="MemberProfile JSONL")],
    opportunities: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="Opportunity JSONL")],
    out: Annotated[Path, typer.Option(help="Where the JSONL suggestions go ('-' for stdout)")] = Path("-"),
    top: Annotated[
        int | None, typer.Option(help="Suggestions per opportunity (default: configured top_k)")
    ] = None,
    all_members: Annotated[bool, typer.Option("--all", help="Every eligible member, no score floor")] = False,
) -> None:
    """Offline scoring, no Kafka: the very scorer and configuration the stream uses."""
    from matcher.engine import Matchmaker
    from matcher.factory import default_scorer

    settings = _settings()
    member_list, bad = _load_jsonl(members, MemberProfile)
    opportunity_list, bad_opportunities = _load_jsonl(opportunities, Opportunity)
    for line in bad + bad_opportunities:
        typer.echo(line, err=True)
    matchmaker = Matchmaker(default_scorer(settings.scoring))
    matchmaker.scorer.fit(member_list)
    sink = sys.stdout if str(out) == "-" else out.open("w", encoding="utf-8")
    written = 0
    try:
        for i, opportunity in enumerate(opportunity_list):
            if i % 64 == 0:
                matchmaker.scorer.prefetch([], opportunity_list[i : i + 64])
            limit = len(member_list) if all_members else top
            for suggestion in matchmaker.rank(opportunity, limit, 0.0 if all_members else None):
                sink.write(suggestion.model_dump_json() + "\n")
                written += 1
    finally:
        if sink is not sys.stdout:
            sink.close()
    typer.echo(f"{written} suggestion(s) for {len(opportunity_list)} opportunity(ies)", err=True)
    if bad or bad_opportunities:
        raise typer.Exit(1)


@app.command()
def explain(
    opportunity_id: Annotated[str, typer.Argument(help="Which opportunity")],
    member_id: Annotated[str, typer.Argument(help="Which member")],
    members: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="MemberProfile JSONL")],
    opportunities: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="Opportunity JSONL")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the suggestion as JSON")] = False,
) -> None:
    """Why (or why not) a member matches an opportunity, offline, with every score component."""
    from matcher.engine import Matchmaker
    from matcher.explain import render_suggestion
    from matcher.factory import default_scorer

    member_list, _ = _load_jsonl(members, MemberProfile)
    opportunity_list, _ = _load_jsonl(opportunities, Opportunity)
    wanted = next((o for o in opportunity_list if o.opportunity_id == opportunity_id), None)
    if wanted is None:
        _fail(f"no opportunity {opportunity_id!r} in {opportunities}")
    if member_id not in {m.member_id for m in member_list}:
        _fail(f"no member {member_id!r} in {members}")
    matchmaker = Matchmaker(default_scorer(_settings().scoring))
    matchmaker.scorer.fit(member_list)
    suggestion = matchmaker.explain(wanted, member_id)
    verdict = matchmaker.verdict(wanted, member_id, suggestion)
    if suggestion is None:
        _fail(f"{member_id} is not eligible for {opportunity_id}: {'; '.join(verdict)}")
    typer.echo(suggestion.model_dump_json(indent=2) if as_json else render_suggestion(suggestion, width=200))
    if not as_json:
        typer.echo(f"    rank {suggestion.rank} of {len(member_list)} eligible members by score")
        typer.echo(
            "    not suggested: " + "; ".join(verdict)
            if verdict
            else "    suggested: it clears the floor and top_k"
        )


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}
)
def eval(ctx: typer.Context) -> None:
    """Quality evaluation (LR-bench, CORDIS consortia, Italian↔English); see docs/QUALITY.md."""
    harness = _tool("evaluation.harness", "eval")
    raise typer.Exit(harness.main(list(ctx.args)))


@app.command()
def bench(
    quick: Annotated[bool, typer.Option(help="Tiny sizes: checks that every part runs (seconds)")] = False,
    members: Annotated[int | None, typer.Option(help="Preloaded members for the pipeline part")] = None,
    index_sizes: Annotated[str | None, typer.Option(help="Comma-separated member counts")] = None,
    index_queries: Annotated[int | None, typer.Option(help="Top-k searches timed per size")] = None,
    pipeline: Annotated[bool, typer.Option(help="Run the broker/worker part (needs Kafka)")] = True,
    json_out: Annotated[Path | None, typer.Option(help="Also write every figure as JSON here")] = None,
    current_state: Annotated[
        str | None,
        typer.Option(
            help="MEMBERS,OPPORTUNITIES,CHANGES for the current-state part ('0': skip it); "
            "default 10000,500,40 (--quick: 300,10,5)"
        ),
    ] = None,
) -> None:
    """Throughput vs the encoder ceiling and a naive baseline, latency, index scale, and what keeping
    rankings and teams current costs per member change (docs/BENCHMARKS.md)."""
    import dataclasses
    import json
    import os

    pipeline_bench = _tool("bench.pipeline", "bench")
    options = pipeline_bench.QUICK if quick else pipeline_bench.BenchOptions()
    changes: dict[str, object] = {"pipeline": pipeline}
    if members is not None:
        changes["members"] = members
    if index_queries is not None:
        changes["index_queries"] = index_queries
    if index_sizes:
        try:
            changes["index_sizes"] = tuple(int(size) for size in index_sizes.split(","))
        except ValueError:
            _fail(f"--index-sizes takes comma-separated integers, not {index_sizes!r}", 2)
    options = dataclasses.replace(options, **changes)
    if pipeline and not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        _fail("set KAFKA_BOOTSTRAP_SERVERS (or run `make bench`, which starts a broker), or --no-pipeline", 2)
    current_state = current_state or ("300,10,5" if quick else "10000,500,40")
    try:
        sizes = [int(n) for n in current_state.split(",")] if current_state != "0" else []
    except ValueError:
        _fail(f"--current-state takes MEMBERS,OPPORTUNITIES,CHANGES, not {current_state!r}", 2)
    if sizes and len(sizes) != 3:
        _fail(f"--current-state takes MEMBERS,OPPORTUNITIES,CHANGES, not {current_state!r}", 2)
    try:
        result = pipeline_bench.run_bench(_settings(), options, typer.echo)
    except MatchmakerError as exc:
        _fail(str(exc))
    if sizes:
        current_bench = _tool("bench.current_state", "bench")
        result["current_state"] = current_bench.run_current_state_bench(*sizes, echo=typer.echo)
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    typer.echo(json.dumps(result))


@app.command()
def demo(
    scale: Annotated[float, typer.Option(help="Population size relative to the published LTC counts")] = 1.0,
    horizon_topics: Annotated[int, typer.Option(help="Open Horizon Europe topics to publish")] = 40,
    serve: Annotated[bool, typer.Option(help="Keep broker, worker and web app running until Ctrl-C")] = False,
) -> None:
    """End to end: broker, worker, the Lombardy demo population, ranked and explained suggestions."""
    demo_module = _tool("demo", "demo")
    try:
        raise typer.Exit(demo_module.run_demo(scale=scale, horizon_topics=horizon_topics, serve=serve))
    except MatchmakerError as exc:
        _fail(str(exc))


@app.command()
def consortium(
    opportunity: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="One Opportunity JSON (default: a demo call)"),
    ] = None,
    members: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="MemberProfile JSONL (default: the demo's)"),
    ] = None,
    min_size: Annotated[int, typer.Option(min=1, max=6, help="Smallest team")] = 3,
    max_size: Annotated[int, typer.Option(min=1, max=6, help="Largest team")] = 6,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ConsortiumSuggestion as JSON")] = False,
) -> None:
    """Propose a team (up to 6 members) that together covers a call's needs, offline, no Kafka."""
    import datetime as dt

    from pydantic import ValidationError

    from matcher.consortium import ConsortiumBuilder, to_suggestion
    from matcher.factory import default_scorer
    from streams.codec import summarise_validation_error

    if min_size > max_size:
        _fail(f"--min-size {min_size} is larger than --max-size {max_size}", 2)
    if opportunity is None:
        ltcdata = _tool("ltcdata", "consortium without --opportunity")
        calls = [o for o in ltcdata.regional_calls() if o.kind == "call_for_proposals"]
        call = next((o for o in calls if o.is_open(dt.date.today())), calls[-1])  # an open one if any
    else:
        try:
            call = Opportunity.model_validate_json(opportunity.read_bytes())
        except ValidationError as exc:
            _fail(f"{opportunity}: {summarise_validation_error(exc)}", 2)
    bad: list[str] = []
    if members is None:
        demo = _tool("ltcdata.demo_set", "consortium without --members")
        member_list = demo.demo_data(dt.date.today()).members  # what `matchmaker demo` publishes
    else:
        member_list, bad = _load_jsonl(members, MemberProfile)
    for line in bad:
        typer.echo(line, err=True)
    scorer = default_scorer(_settings().scoring).fit(member_list)
    team = ConsortiumBuilder(min_size=min_size, max_size=max_size).build(scorer, call)
    if not team.members:
        _fail(f"no eligible members for {call.opportunity_id}")
    out = to_suggestion(team, scorer.members, scorer.model_name, dt.datetime.now(dt.UTC))
    if as_json:
        typer.echo(out.model_dump_json(indent=2))
    else:
        typer.echo(f"{out.opportunity_title} ({out.opportunity_id}): coverage {out.coverage:.2f}")
        for i, m in enumerate(out.members, start=1):
            typer.echo(f"  {i}. {m.member_name} [{m.member_id}] — {m.contribution}")
        unmet = [rule for rule, ok in out.constraints_met.items() if not ok]
        typer.echo(f"  rules not met: {', '.join(unmet)}" if unmet else "  all team rules met")
    if bad:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for ours in ("matchmaker", "streams", "matcher"):
        logging.getLogger(ours).setLevel(logging.INFO)
    logging.getLogger("kafka").setLevel(logging.ERROR)  # kafka-python narrates every reconnect
    app()


if __name__ == "__main__":
    main()
