"""Example partner consumer for LTC Matchmaker topics: plain kafka-python, nothing else needed.

Copy this file into your own project (``pip install kafka-python``) and replace ``handle()`` with
what your platform does. It shows the contract in practice (see docs/CONTRACTS.md):

* every record carries CloudEvents headers (``ce_id``, ``ce_type``, ``ce_source``,
  ``ce_specversion``, ``content-type``); the value is the JSON event itself;
* ``ce_type`` ends in the contract's major version (``...match-suggestion.v1``): accept the
  majors you were written for, skip (and report) others;
* within a major version fields are only ever added: read the ones you need, ignore the rest;
* delivery is at-least-once: de-duplicate on ``ce_id``;
* offsets are committed only after ``handle()`` returned, so a crash re-reads, never skips;
* ``ltc.rankings`` and ``ltc.consortium-suggestions`` hold the *current* list and team per
  opportunity (compacted, keyed by ``opportunity_id``, a tombstone deletes): :class:`CurrentView`
  keeps the last value per key, which is all a correct local view needs (``--show-current``);
* ``ltc.match-suggestions`` carries suggestions and retractions: dispatch on ``ce_type``.

Run::

    python partner_consumer.py --bootstrap-servers localhost:9092 \\
        --topic ltc.match-suggestions --group my-platform
    python partner_consumer.py --topic ltc.rankings --topic ltc.consortium-suggestions \\
        --group my-view --show-current
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import OrderedDict

from kafka import KafkaConsumer

__all__ = ["SUPPORTED", "CurrentView", "Deduplicator", "handle", "main", "parse_type"]

log = logging.getLogger("partner_consumer")

TYPE_PREFIX = "eu.lombardy-clusters.matchmaker."
#: contract name -> major versions this consumer understands
SUPPORTED = {
    "match-suggestion": {1},
    "suggestion-retraction": {1},
    "member-notification": {1},
    "dead-letter": {1},
    "opportunity-ranking": {1},
    "consortium-suggestion": {1},
}
#: topics published before the headers existed carry none: infer the contract from the topic
LEGACY = {"match-suggestions": "match-suggestion", "member-notifications": "member-notification"}


def parse_type(ce_type: str) -> tuple[str, int]:
    """``eu.lombardy-clusters.matchmaker.match-suggestion.v1`` -> (``match-suggestion``, 1)."""
    if not ce_type.startswith(TYPE_PREFIX):
        raise ValueError(f"not a matchmaker event type: {ce_type!r}")
    name, _, version = ce_type[len(TYPE_PREFIX) :].rpartition(".")
    if not version.startswith("v") or not version[1:].isdigit():
        raise ValueError(f"no major version in {ce_type!r}")
    return name.removesuffix(".deleted"), int(version[1:])  # a tombstone: ``<contract>.deleted.v1``


class CurrentView:
    """The current ranking and team of every opportunity, from the two compacted topics alone.

    Read them from the beginning and keep the last value per key; a null value deletes the key.
    """

    def __init__(self) -> None:
        self.rankings: dict[str, dict] = {}
        self.teams: dict[str, dict] = {}

    def apply(self, contract: str, key: str | None, event: dict | None) -> bool:
        """Fold one record in; whether it was one of the current-state contracts."""
        held = {"opportunity-ranking": self.rankings, "consortium-suggestion": self.teams}.get(contract)
        if held is None or key is None:
            return False
        if event is None:
            held.pop(key, None)
        else:
            held[key] = event
        return True

    def summary(self) -> dict:
        """Per opportunity: its status, ranked members and team (what a page would show)."""
        out: dict[str, dict] = {}
        for oid, ranking in self.rankings.items():
            out[oid] = {
                "status": ranking["status"],
                "ranked": [(e["rank"], e["member_id"], e["score"]) for e in ranking["entries"]],
            }
        for oid, team in self.teams.items():
            out.setdefault(oid, {})["team"] = [m["member_id"] for m in team["members"]]
        return out


class Deduplicator:
    """Remembers the last ``size`` event ids (at-least-once delivery re-sends some)."""

    def __init__(self, size: int = 100_000) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen."""
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


def handle(contract: str, key: str | None, event: dict | None) -> dict:
    """Your platform's logic goes here; this example returns a small summary of the event."""
    if event is None:
        return {"contract": contract, "key": key, "deleted": True}
    if contract == "match-suggestion":
        return {
            "contract": contract,
            "opportunity": event["opportunity_title"],
            "member": event["member_name"],
            "score": event["score"],
            "rank": event["rank"],
            "deadline": event.get("deadline"),  # added within v1: absent from older records
        }
    if contract == "member-notification":
        return {
            "contract": contract,
            "member_id": event["member_id"],
            "delivery": event["delivery"],
            "items": [
                {
                    "title": item["opportunity_title"],
                    "published_by": item.get("published_by"),
                    "deadline": item.get("deadline"),
                    "why": item["why"],
                }
                for item in event["items"]
            ],
        }
    if contract == "suggestion-retraction":
        return {
            "contract": contract,
            "suggestion_id": event["suggestion_id"],  # stop showing this suggestion
            "member": event["member_id"],
            "reason": event["reason"],
        }
    if contract == "opportunity-ranking":
        return {
            "contract": contract,
            "opportunity": event["opportunity_id"],
            "status": event["status"],
            "members": [e["member_id"] for e in event["entries"]],
        }
    if contract == "consortium-suggestion":
        return {"contract": contract, "opportunity": event["opportunity_id"], "team": len(event["members"])}
    return {"contract": contract, "key": key}


def _headers(message: object) -> dict[str, str]:
    raw = getattr(message, "headers", None) or []
    return {name: value.decode("utf-8", "replace") for name, value in raw if value is not None}


def consume(
    consumer: KafkaConsumer,
    max_records: int | None,
    out: object = sys.stdout,
    view: CurrentView | None = None,
) -> dict[str, int]:
    """Read until idle (or ``max_records`` handled); print one JSON summary per new event.

    With ``view``, rankings and teams are folded into it instead of printed, and nothing is committed:
    the view is rebuilt from the compacted topics at each start.
    """
    seen = Deduplicator()
    counts = {"handled": 0, "duplicates": 0, "skipped": 0}
    for message in consumer:
        headers = _headers(message)
        topic_suffix = message.topic.rsplit(".", 1)[-1]
        try:
            if "ce_type" in headers:
                contract, major = parse_type(headers["ce_type"])
            else:
                contract, major = LEGACY[topic_suffix], 1
        except (KeyError, ValueError) as exc:
            log.warning("skipping %s@%d: %s", message.topic, message.offset, exc)
            counts["skipped"] += 1
            continue
        if major not in SUPPORTED.get(contract, set()):
            log.warning("skipping %s v%d: this consumer knows %s", contract, major, SUPPORTED.get(contract))
            counts["skipped"] += 1
            continue
        event_id = headers.get("ce_id") or f"{message.topic}/{message.partition}/{message.offset}"
        if message.value is not None and not seen.first_time(event_id):  # tombstones: ids are per deletion
            counts["duplicates"] += 1
            continue
        key = message.key.decode("utf-8", "replace") if message.key is not None else None
        event = json.loads(message.value) if message.value is not None else None
        if view is None or not view.apply(contract, key, event):
            summary = handle(contract, key, event)
            print(json.dumps({"ce_id": event_id, "ce_type": headers.get("ce_type"), **summary}), file=out)
        counts["handled"] += 1
        if view is None:
            consumer.commit()  # after handling: a crash re-reads this record rather than losing it
        if max_records is not None and counts["handled"] >= max_records:
            break
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", default="localhost:9092")
    parser.add_argument("--topic", action="append", required=True, help="repeat for several topics")
    parser.add_argument("--group", default="partner-example", help="your consumer group id")
    parser.add_argument("--max-records", type=int, default=None)
    parser.add_argument(
        "--idle-seconds", type=float, default=10.0, help="stop after this long with nothing new"
    )
    parser.add_argument(
        "--show-current",
        action="store_true",
        help="fold rankings and teams; print the current view at the end",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    consumer = KafkaConsumer(
        *args.topic,
        bootstrap_servers=args.bootstrap_servers.split(","),
        group_id=None if args.show_current else args.group,  # a view reads from the start every time
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=int(args.idle_seconds * 1000),
    )
    try:
        view = CurrentView() if args.show_current else None
        counts = consume(consumer, args.max_records, view=view)
        if view is not None:
            print(json.dumps({"current": view.summary()}))
    finally:
        consumer.close()
    log.info("handled %(handled)d, duplicates %(duplicates)d, skipped %(skipped)d", counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
