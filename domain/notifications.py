"""Notifications: the outbox of side effects, one aggregate per idempotency key.

The scheduler queues a notification under a deterministic key (series +
occurrence + kind); queuing the same key again changes nothing. The leader
sends what is queued through the Notifier port and records the delivery, so
a crash between sending and recording sends once more at most (at least
once), and a notification is never queued twice.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.errors import InvalidTransition, ValidationFailed
from domain.meetings.commands import QueueNotification
from domain.meta import Meta
from domain.values import require_text


def notification_id(key: str) -> UUID:
    return derived_id("notification", key)


class NotificationState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    SKIPPED = "skipped"


class Recipient(TypedDict):
    person_id: str
    channel: str  # slack | email | none, chosen when queued


class Notification(SamverkaAggregate):
    @staticmethod
    def create_id(key: str, **_: Any) -> UUID:
        return notification_id(key)

    @event("Queued")
    def __init__(
        self,
        key: str,
        kind: str,
        recipients: list[Recipient],
        subject: str,
        text: str,
        data: dict[str, Any],
        not_after: datetime | None,
        meta: Meta,
    ) -> None:
        self.key = key
        self.kind = kind
        self.recipients = recipients
        self.subject = subject
        self.text = text
        self.data = data
        self.not_after = not_after
        self.state = NotificationState.QUEUED
        self.attempts = 0
        self.delivered: dict[str, str] = {}  # person id -> channel that reached them
        self.unreachable: dict[str, str] = {}  # person id -> why they cannot be reached

    @classmethod
    def queue(
        cls, cmd: QueueNotification, recipients: list[Recipient], *, meta: Meta
    ) -> Notification:
        """Queues what `cmd` asks for, to the `recipients` its persons were
        resolved to (each with the channel that reaches them)."""
        if len(cmd.key) > 200:
            raise ValidationFailed("a notification key is at most 200 characters", field="key")
        return cls(
            key=cmd.key,
            kind=require_text(cmd.kind, "kind", max_len=40),
            recipients=recipients,
            subject=require_text(cmd.subject, "subject", max_len=300),
            text=cmd.text,
            data=cmd.data,
            not_after=cmd.not_after,
            meta=meta,
        )

    def pending(self) -> list[Recipient]:
        """Recipients neither reached nor known to be unreachable."""
        done = self.delivered.keys() | self.unreachable.keys()
        return [r for r in self.recipients if r["person_id"] not in done]

    def check_queued(self) -> None:
        if self.state is not NotificationState.QUEUED:
            raise InvalidTransition(f"the notification is {self.state.value}", field="key")

    def mark_sent(self, sent_at: datetime, channels: dict[str, str], *, meta: Meta) -> None:
        self.check_queued()
        self._sent(sent_at=sent_at, channels={**self.delivered, **channels}, meta=meta)

    @event("Sent")
    def _sent(self, sent_at: datetime, channels: dict[str, str], meta: Meta) -> None:
        self.state = NotificationState.SENT
        self.delivered = dict(channels)

    def record_outcome(
        self,
        sent_at: datetime,
        delivered: dict[str, str],
        unreachable: dict[str, str],
        *,
        meta: Meta,
    ) -> None:
        """Some recipients were reached, some can never be (e.g. a mailbox that
        does not exist); the rest stay pending for the next attempt. When no
        one is pending any more the notification is sent."""
        self.check_queued()
        known = {r["person_id"] for r in self.recipients}
        new_delivered = {
            p: c for p, c in delivered.items() if p in known and p not in self.delivered
        }
        new_unreachable = {
            p: reason[:300] for p, reason in unreachable.items()
            if p in known and p not in self.unreachable and p not in self.delivered
        }  # fmt: skip
        if new_delivered or new_unreachable:
            self._delivered(
                sent_at=sent_at, delivered=new_delivered, unreachable=new_unreachable, meta=meta
            )
        if not self.pending():
            self._sent(sent_at=sent_at, channels=dict(self.delivered), meta=meta)

    @event("Delivered")
    def _delivered(
        self,
        sent_at: datetime,
        delivered: dict[str, str],
        unreachable: dict[str, str],
        meta: Meta,
    ) -> None:
        self.delivered = {**self.delivered, **delivered}
        self.unreachable = {**self.unreachable, **unreachable}

    def skip(self, reason: str, *, meta: Meta) -> None:
        if self.state is not NotificationState.QUEUED:
            return
        self._skipped(reason=require_text(reason, "reason", max_len=500), meta=meta)

    @event("Skipped")
    def _skipped(self, reason: str, meta: Meta) -> None:
        self.state = NotificationState.SKIPPED

    def fail(self, error: str, *, meta: Meta) -> None:
        if self.state is not NotificationState.QUEUED:
            return
        self._failed(error=error[:500], meta=meta)

    @event("Failed")
    def _failed(self, error: str, meta: Meta) -> None:
        self.attempts += 1
