"""The outcome log between the state follower and the emitter: wait, claim once, prune."""

from __future__ import annotations

import asyncio

from streams.codec import Record
from streams.follower import OutcomeLog
from streams.service import Outcome


def _records(*offsets: int, partition: int = 0) -> list[Record]:
    return [Record("t", partition, offset, None, b"{}") for offset in offsets]


def test_a_claim_waits_for_the_follower_and_an_outcome_is_claimed_once() -> None:
    async def scenario() -> tuple[Outcome | None, Outcome | None, Outcome | None, bool]:
        log = OutcomeLog()
        log.begin({("t", 0): 5})
        claim = asyncio.create_task(log.claim("t", 0, 6))
        await asyncio.sleep(0.05)
        waited = not claim.done()  # offset 6 is not applied yet
        dead = Outcome(dead=None, suggestions=[])
        full = Outcome()
        full.suggestions.append(object())  # type: ignore[arg-type]  # any non-empty outcome is kept
        await log.add(_records(5, 6), [dead, full])
        first = await asyncio.wait_for(claim, 1)
        again = await log.claim("t", 0, 6)
        empty = await log.claim("t", 0, 5)  # nothing to send: not even stored
        return first, again, empty, waited

    first, again, empty, waited = asyncio.run(scenario())
    assert waited
    assert first is not None and len(first.suggestions) == 1
    assert again is None and empty is None


def test_prune_forgets_only_outcomes_below_the_committed_offset() -> None:
    async def scenario() -> tuple[int, int, int, Outcome | None, Outcome | None]:
        log = OutcomeLog()
        outcomes = [Outcome() for _ in range(4)]
        for outcome in outcomes:
            outcome.suggestions.append(object())  # type: ignore[arg-type]
        await log.add(_records(0, 1, 2, 3), outcomes)
        before = log.pending()
        dropped = log.prune({("t", 0): 2, ("t", 1): 9})
        pruned = await log.claim("t", 0, 1)  # another owner already emitted it
        kept = await log.claim("t", 0, 3)
        return before, dropped, log.position(("t", 0)), pruned, kept

    before, dropped, position, pruned, kept = asyncio.run(scenario())
    assert (before, dropped, position) == (4, 2, 4)
    assert pruned is None
    assert kept is not None
