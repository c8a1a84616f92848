"""Notification policy: which suggestions reach a member, when, and in which words.

Pure and synchronous, one member's :class:`MemberState` at a time; the rules are listed in
``docs/SCORING.md``, section ``matcher/notifications.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from matcher.text import detect_language
from models.events import MatchSuggestion, MemberProfile, Notify
from models.notifications import MemberNotification, NotificationItem, make_notification_id
from models.rankings import SuggestionRetraction

__all__ = ["NOTICES", "MemberState", "NotificationPolicy", "plain_reason"]

#: Retraction reasons a notified member is told of, and the notice they get.
NOTICES: dict[str, Literal["closed", "withdrawn", "changed"]] = {
    "opportunity_closed": "closed",
    "opportunity_withdrawn": "withdrawn",
    "opportunity_deleted": "withdrawn",
    "opportunity_changed": "changed",
}
_NOTICE_WORDS = {
    "en": {
        "closed": "This opportunity has been closed: the suggestion we sent you no longer stands.",
        "withdrawn": "This opportunity was withdrawn: the suggestion we sent you no longer stands.",
        "changed": "This opportunity has changed and no longer fits your profile: "
        "the suggestion we sent you no longer stands.",
    },
    "it": {
        "closed": "Questa opportunità è stata chiusa: il suggerimento che ti abbiamo inviato non vale più.",
        "withdrawn": "Questa opportunità è stata ritirata: "
        "il suggerimento che ti abbiamo inviato non vale più.",
        "changed": "Questa opportunità è cambiata e non corrisponde più al tuo profilo: "
        "il suggerimento che ti abbiamo inviato non vale più.",
    },
}

_BONUS_WORDS = {
    "complementarity": "your kind of organisation complements theirs (industry meets research)",
    "ecosystems": "you work in the same innovation ecosystem",
    "cross_cluster": "it comes from outside your own cluster, a chance to reach a new network",
}


class MemberState(BaseModel):
    """What the notifier remembers about one member (stored as JSON, one value per ``member_id``)."""

    model_config = ConfigDict(frozen=True)

    known: bool = False
    erased: bool = False
    member_name: str = ""
    language: str = "en"  # the language most of the member's evidence is written in
    notify: Notify | None = None
    day: dt.date | None = None
    sent_today: int = 0
    seen: tuple[str, ...] = ()
    notified: tuple[str, ...] = ()
    told: tuple[str, ...] = ()  # notified opportunities the member was told no longer hold
    pending: tuple[NotificationItem, ...] = ()
    digest_due: dt.datetime | None = None


def plain_reason(suggestion: MatchSuggestion, max_chars: int = 160, language: str = "en") -> str:
    """Why the opportunity fits the member, in a sentence or three a person can read, in ``language``
    (the suggestion's own reason in that language when it carries one)."""
    if language in suggestion.explanation.reasons:
        return suggestion.explanation.reasons[language]
    parts = []
    evidence = suggestion.explanation.evidence
    if evidence:
        best = evidence[0]
        text = best.text if len(best.text) <= max_chars else best.text[: max_chars - 1] + "…"
        what = f"your {best.kind}" if best.kind else "your profile"
        parts.append(f"It matches {what}: “{text}” ({round(best.similarity * 100)}% relevant).")
    terms = suggestion.explanation.shared_terms[:5]
    if terms:
        parts.append(f"You share the topics: {', '.join(terms)}.")
    bonuses = [words for key, words in _BONUS_WORDS.items() if suggestion.components.get(key, 0.0) > 0]
    if bonuses:
        parts.append("Also, " + "; ".join(bonuses) + ".")
    return " ".join(parts) or f"It scored {suggestion.score:.2f} for your profile."


def _next_digest(now: dt.datetime, hour: int) -> dt.datetime:
    due = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return due if due > now else due + dt.timedelta(days=1)


class NotificationPolicy:
    """Applies profile changes, tombstones, suggestions and digest ticks to one member's state.

    ``clock`` returns the current UTC time (inject a fixed one in tests); ``memory`` bounds the
    suggestion and opportunity ids remembered per member for de-duplication.
    """

    def __init__(self, clock: Callable[[], dt.datetime], memory: int = 1000) -> None:
        self.clock = clock
        self.memory = memory

    def on_profile(self, state: MemberState, profile: MemberProfile) -> MemberState:
        """A new or changed profile: remember its name and preferences (erasure is final)."""
        if state.erased:
            return state
        update: dict[str, object] = {
            "known": True,
            "member_name": profile.name,
            "notify": profile.notify,
            "language": _language_of(profile),
        }
        if not _opted_in(profile.notify):
            update |= {"pending": (), "digest_due": None}
        return state.model_copy(update=update)

    def on_tombstone(self, state: MemberState) -> MemberState:
        """The member was deleted: forget everything but the fact, so nothing is ever sent again."""
        return MemberState(erased=True)

    def on_suggestion(
        self, state: MemberState, suggestion: MatchSuggestion
    ) -> tuple[MemberState, list[MemberNotification]]:
        """Notify now (immediate), queue for the digest (daily), or drop; never the same one twice."""
        now = self.clock()
        notify = state.notify
        if (
            state.erased
            or not state.known
            or notify is None
            or not notify.enabled
            or suggestion.suggestion_id in state.seen
            or suggestion.opportunity_id in state.notified
            or suggestion.score < notify.min_score
            or (suggestion.deadline is not None and suggestion.deadline < now.date())
        ):
            return state, []
        state = self._roll_day(state, now)
        seen = self._remember(state.seen, suggestion.suggestion_id)
        item = _item(suggestion, state.language)
        if notify.delivery == "daily":
            others = [p for p in state.pending if p.opportunity_id != item.opportunity_id]
            best = sorted([*others, item], key=lambda p: -p.score)[: notify.max_per_day]
            due = state.digest_due or _next_digest(now, notify.digest_hour)
            return state.model_copy(update={"seen": seen, "pending": tuple(best), "digest_due": due}), []
        if state.sent_today >= notify.max_per_day:
            return state.model_copy(update={"seen": seen}), []
        notification = self._notification(state, suggestion.member_id, [item], "immediate", now)
        return state.model_copy(
            update={
                "seen": seen,
                "notified": self._remember(state.notified, item.opportunity_id),
                "sent_today": state.sent_today + 1,
            }
        ), [notification]

    def on_retraction(
        self, state: MemberState, retraction: SuggestionRetraction
    ) -> tuple[MemberState, list[MemberNotification]]:
        """Tell a member notified of the opportunity that it closed, was withdrawn or changed, once.

        A queued (not yet sent) digest item for it is dropped instead. Notices follow the member's
        delivery (now, or in the next digest) and do not count against ``max_per_day``.
        """
        notice = NOTICES.get(retraction.reason)
        oid = retraction.opportunity_id
        if notice is None or state.erased or not state.known:
            return state, []
        pending = tuple(p for p in state.pending if p.notice is not None or p.opportunity_id != oid)
        if pending != state.pending:
            state = state.model_copy(
                update={"pending": pending, "digest_due": state.digest_due if pending else None}
            )
        notify = state.notify
        if oid not in state.notified or oid in state.told or notify is None or not notify.enabled:
            return state, []
        now = self.clock()
        item = NotificationItem(
            suggestion_id=retraction.suggestion_id,
            opportunity_id=oid,
            opportunity_title=retraction.opportunity_title or oid,
            score=retraction.score or 0.0,
            why=_NOTICE_WORDS.get(state.language, _NOTICE_WORDS["en"])[notice],
            reason="opportunity_update",
            notice=notice,
        )
        state = state.model_copy(update={"told": self._remember(state.told, oid)})
        if notify.delivery == "daily":
            due = state.digest_due or _next_digest(now, notify.digest_hour)
            return state.model_copy(update={"pending": (*state.pending, item), "digest_due": due}), []
        return state, [self._notification(state, retraction.member_id, [item], "immediate", now)]

    def is_due(self, state: MemberState) -> bool:
        """Whether a digest is waiting and its time has come."""
        return bool(state.pending) and state.digest_due is not None and state.digest_due <= self.clock()

    def flush(self, state: MemberState, member_id: str) -> tuple[MemberState, list[MemberNotification]]:
        """Send the digest if it is due: the best pending items within today's remaining cap."""
        if not self.is_due(state):
            return state, []
        now = self.clock()
        state = self._roll_day(state, now)
        notify = state.notify
        cleared = state.model_copy(update={"pending": (), "digest_due": None})
        if state.erased or notify is None or not notify.enabled:
            return cleared, []
        room = max(0, notify.max_per_day - state.sent_today)
        items = [
            p
            for p in sorted(state.pending, key=lambda p: -p.score)
            if p.notice is None
            and p.opportunity_id not in state.notified
            and (p.deadline is None or p.deadline >= now.date())
        ][:room]
        notices = [p for p in state.pending if p.notice is not None]
        if not items and not notices:
            return cleared, []
        notified = state.notified
        for item in items:
            notified = self._remember(notified, item.opportunity_id)
        return cleared.model_copy(
            update={"notified": notified, "sent_today": state.sent_today + len(items)}
        ), [self._notification(state, member_id, items + notices, "daily", now)]

    def _roll_day(self, state: MemberState, now: dt.datetime) -> MemberState:
        if state.day == now.date():
            return state
        return state.model_copy(update={"day": now.date(), "sent_today": 0})

    def _remember(self, ids: tuple[str, ...], new: str) -> tuple[str, ...]:
        return (*ids, new)[-self.memory :]

    @staticmethod
    def _notification(
        state: MemberState,
        member_id: str,
        items: list[NotificationItem],
        delivery: str,
        now: dt.datetime,
    ) -> MemberNotification:
        return MemberNotification.model_validate(
            {
                "notification_id": make_notification_id(
                    member_id, [i.suggestion_id + (f":{i.notice}" if i.notice else "") for i in items]
                ),
                "member_id": member_id,
                "member_name": state.member_name or member_id,
                "delivery": delivery,
                "items": items,
                "created_at": now,
            }
        )


def _opted_in(notify: Notify | None) -> bool:
    return notify is not None and notify.enabled


def _language_of(profile: MemberProfile) -> str:
    """``it`` when most of the profile's evidence is Italian, else ``en``."""
    italian = sum(detect_language(c.text) == "it" for c in profile.competencies)
    return "it" if italian * 2 > len(profile.competencies) else "en"


def _item(suggestion: MatchSuggestion, language: str = "en") -> NotificationItem:
    return NotificationItem(
        suggestion_id=suggestion.suggestion_id,
        opportunity_id=suggestion.opportunity_id,
        opportunity_title=suggestion.opportunity_title,
        opportunity_kind=suggestion.opportunity_kind,
        published_by=suggestion.published_by,
        deadline=suggestion.deadline,
        url=suggestion.opportunity_url,
        score=suggestion.score,
        why=plain_reason(suggestion, language=language),
        reason=suggestion.reason,
    )
