"""Feedback that improves ranking: answers in, training examples and one shared re-ranker out.

:class:`FeedbackLearner` is the logic (run on the model thread); :class:`FeedbackProcessor` is its
consumer in group ``<app_id>-feedback`` and, on the owner of partition 0, refits and publishes the
model. Topics and flow: docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable
from concurrent.futures import Executor

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord

from matcher.feedback import FeedbackReranker, features, utility
from models.events import DeadLetter, make_suggestion_id
from models.exceptions import InvalidEvent
from models.feedback import Answer, FeedbackExample, MatchFeedback, RerankerModel
from streams.codec import Record, dead_letter, decode, encode
from streams.model_thread import run_background
from streams.processors.base import GroupProcessor, as_record
from streams.processors.feedback_state import ExampleStore
from streams.processors.model_follower import ModelFollower
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["FeedbackLearner", "FeedbackProcessor"]

log = logging.getLogger(__name__)


class FeedbackLearner:
    """Plain logic behind the feedback processor; call every method from the model thread."""

    def __init__(self, service: MatchService, store: ExampleStore, reranker: FeedbackReranker) -> None:
        self.service = service
        self.store = store
        self.reranker = reranker
        self.fitted_changes = -1

    def handle(self, record: Record, max_bytes: int) -> FeedbackExample | DeadLetter | None:
        """The updated example to publish, a dead letter, or ``None`` for a repeated answer."""
        try:
            feedback = decode(record, MatchFeedback, max_bytes)
            example = self._example(feedback)
        except InvalidEvent as exc:
            return dead_letter(record, str(exc))
        answer = Answer(actor=feedback.actor, action=feedback.action, at=feedback.at)
        before = len(example.answers)
        merged = self.store.merge(example.model_copy(update={"answers": [*example.answers, answer]}))
        return merged if len(merged.answers) > before else None

    def _example(self, feedback: MatchFeedback) -> FeedbackExample:
        sid = feedback.suggestion_id
        if feedback.actor == "member" and feedback.actor_id != feedback.member_id:
            raise InvalidEvent(f"member {feedback.actor_id!r} answered for member {feedback.member_id!r}")
        known = self.store.get(sid)
        if known is not None:
            if (known.opportunity_id, known.member_id) != (feedback.opportunity_id, feedback.member_id):
                raise InvalidEvent(
                    f"suggestion {sid} is {known.member_id!r} for {known.opportunity_id!r}, "
                    f"not {feedback.member_id!r} for {feedback.opportunity_id!r}"
                )
            return known
        mm = self.service.matchmaker
        opportunity = mm.opportunities.get(feedback.opportunity_id)
        member = mm.members.get(feedback.member_id)
        if opportunity is None or member is None:
            missing = "opportunity" if opportunity is None else "member"
            raise InvalidEvent(f"unknown suggestion {sid}: {missing} is not known (or no longer open)")
        if make_suggestion_id(opportunity, member, mm.scorer.model_name) != sid:
            raise InvalidEvent(
                f"unknown suggestion {sid}: not the current suggestion of {member.member_id!r} "
                f"for {opportunity.opportunity_id!r}"
            )
        suggestion = mm.explain(opportunity, member.member_id)
        if suggestion is None:
            raise InvalidEvent(f"unknown suggestion {sid}: the member is not eligible for the opportunity")
        return FeedbackExample(
            suggestion_id=sid,
            opportunity_id=opportunity.opportunity_id,
            member_id=member.member_id,
            publisher=opportunity.published_by,
            features=features(suggestion.components, suggestion.score, suggestion.rank, member),
            answers=[],
        )

    def refit(self, now: dt.datetime) -> RerankerModel | None:
        """A new model version if examples changed since the last fit (on the refitting worker only)."""
        changes, examples = self.store.snapshot()
        if changes == self.fitted_changes or not examples:
            return None
        self.fitted_changes = changes
        rows = [e.features for e in examples]
        ys = [utility((a.actor, a.action) for a in e.answers) for e in examples]
        fitted = self.reranker.fit(rows, ys, groups=[e.opportunity_id for e in examples])
        return fitted.to_model(self.store.model_version + 1, now)

    def install(self, model: RerankerModel) -> bool:
        """Use ``model`` for ranking from now on, if it is newer than the one in use."""
        if model.version <= self.store.model_version:
            return False
        try:
            reranker = FeedbackReranker.from_model(model)
        except InvalidEvent as exc:
            log.warning("ignoring re-ranker v%d: %s", model.version, exc)
            return False
        self.store.model_version = model.version
        self.service.matchmaker.reranker = reranker
        log.info(
            "re-ranker v%d in use (%d examples, trust %.2f)", model.version, model.n_examples, model.trust
        )
        return True


class FeedbackProcessor(GroupProcessor):
    """Answers in, examples out; the owner of partition 0 refits and publishes the shared model."""

    def __init__(self, settings: Settings, service: MatchService, executor: Executor) -> None:
        super().__init__(settings, "feedback", [settings.topics.feedback])
        self.executor = executor
        self.store = ExampleStore()
        reranker = FeedbackReranker(
            min_examples=settings.feedback_min_examples, prior=settings.feedback_prior, random_state=0
        )
        self.learner = FeedbackLearner(service, self.store, reranker)
        self.follower = ModelFollower(
            settings, self.store, lambda model: executor.submit(self.learner.install, model)
        )

    async def start(self, producer: AIOKafkaProducer) -> None:
        self.follower.start()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.store.ready.wait, 120)  # examples read back after a restart
        await super().start(producer)

    async def stop(self) -> None:
        self.follower.stop()
        await super().stop()

    def background(self) -> list[Awaitable[None]]:
        return [self._refit_timer()]

    def refits_here(self) -> bool:
        """Whether this worker is the one that refits (it owns partition 0 of ``match-feedback``)."""
        return TopicPartition(self.settings.topics.feedback, 0) in self.owned()

    async def handle(self, tp: TopicPartition, messages: list[ConsumerRecord]) -> list[Awaitable[object]]:
        loop = asyncio.get_running_loop()
        deliveries: list[Awaitable[object]] = []
        for message in messages:
            record = as_record(message)
            out = await loop.run_in_executor(
                self.executor, self.learner.handle, record, self.settings.max_event_bytes
            )
            if isinstance(out, DeadLetter):
                log.warning("dead-lettered feedback @%d: %s", message.offset, out.reason)
                deliveries.append(await self.publish(self.settings.topics.deadletter, record.key, out))
            elif out is not None:
                topic, key = self.settings.topics.feedback_examples, out.suggestion_id.encode()
                deliveries.append(await self.send(topic, key, encode(out)))
        return deliveries

    async def _refit_timer(self) -> None:
        while True:
            await asyncio.sleep(self.settings.feedback_refit_s)
            if self.refits_here():
                await self.refit()

    async def refit(self) -> RerankerModel | None:
        """Fit on every example seen and publish the model, if examples changed since the last fit."""
        model = await run_background(self.executor, self.learner.refit, dt.datetime.now(dt.UTC))
        if model is not None:
            log.info("publishing re-ranker v%d from %d examples", model.version, model.n_examples)
            await (await self.send(self.settings.topics.ranker_model, b"reranker", encode(model)))
        return model
