"""The outbox dispatcher: sends queued notifications and records each delivery.

Only the leader dispatches. The aggregate, not the (possibly lagging) read
model, says whether a notification is still queued, so nothing is sent
twice by one leader; a crash after sending and before recording sends it
once more after a restart (at least once; the file notifier drops the copy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import structlog
from eventsourcing.application import AggregateNotFoundError

from domain.commands import Command
from domain.errors import DomainError
from domain.meetings import commands as m
from domain.meta import SYSTEM_ACTOR, Channel, make_meta
from domain.notifications import Notification, NotificationState, notification_id
from projections.db import Engines
from projections.meetings import queries as mq
from projections.runner import Projector
from scheduler.config import SchedulerConfig
from services.application import Samverka
from services.notifications import Addressee, DeliveryIncomplete, Notifier, OutgoingNotification

log = structlog.get_logger(__name__)


@dataclass(eq=False)
class Dispatcher:
    """Sends queued notifications and records how each went."""

    app: Samverka
    engines: Engines
    projector: Projector
    notifier: Notifier
    now: Callable[[], datetime]
    cfg: SchedulerConfig

    def run_once(self, limit: int = 200) -> int:
        """Sends what is queued; returns how many were sent."""
        self.projector.catch_up()
        with self.engines.read.connect() as conn:
            queued = mq.notifications(conn, state="queued", limit=limit)
            people = mq.contacts(
                conn, sorted({r["person_id"] for row in queued for r in row["recipients"]})
            )
        sent = 0
        for row in queued:
            sent += self._deliver(row, people)
        return sent

    def _run(self, command: Command, key: str, what: str) -> None:
        meta = make_meta(actor=SYSTEM_ACTOR, channel=Channel.SCHEDULER, source_id=f"{what}:{key}")
        try:
            self.app.execute(command, meta)
        except DomainError as error:  # recorded already (a receipt), or no longer queued
            log.info("notify.record_skipped", key=key, reason=error.message)

    def _deliver(self, row: dict[str, object], people: dict[str, dict[str, object]]) -> int:
        key = str(row["key"])
        try:
            current: object = self.app.repository.get(notification_id(key))
        except AggregateNotFoundError:
            return 0
        if not isinstance(current, Notification) or current.state is not NotificationState.QUEUED:
            return 0
        now = self.now()
        if current.not_after is not None and now >= current.not_after:
            self._run(m.SkipNotification(key=key, reason="för sent att skicka"), key, "skip")
            log.info("notify.too_late", key=key)
            return 0
        if current.attempts >= self.cfg.max_attempts:
            self._run(m.SkipNotification(key=key, reason="gav upp efter flera försök"), key, "skip")
            return 0
        outgoing = OutgoingNotification(
            key=key,
            kind=current.kind,
            subject=current.subject,
            text=current.text,
            # A retry goes only to those not reached (or known unreachable) yet.
            recipients=tuple(
                _addressee(r["person_id"], r["channel"], people) for r in current.pending()
            ),
            data=current.data,
            # The channel post went out with the first attempt that reached anyone.
            slack_channel=None if current.delivered else current.data.get("slack_channel"),
            teams_channel=None if current.delivered else current.data.get("teams_channel"),
        )
        attempt = current.attempts
        try:
            channels = self.notifier.send(outgoing)
        except DeliveryIncomplete as partial:
            log.warning("notify.incomplete", key=key, problem=str(partial))
            outcome = m.RecordDeliveryOutcome(
                key=key, sent_at=now, delivered=partial.delivered, unreachable=partial.unreachable
            )
            self._run(outcome, key, f"outcome{attempt}")
            if partial.failed:
                error = "; ".join(sorted(set(partial.failed.values())))[:500]
                self._run(m.FailNotification(key=key, error=error), key, f"fail{attempt}")
            return 1 if partial.delivered else 0
        except Exception as error:
            log.warning("notify.failed", key=key, error=str(error))
            self._run(m.FailNotification(key=key, error=str(error)), key, f"fail{attempt}")
            return 0
        self._run(m.MarkNotificationSent(key=key, sent_at=now, channels=channels), key, "sent")
        return 1


def _addressee(person_id: str, channel: str, people: dict[str, dict[str, object]]) -> Addressee:
    found = people.get(person_id, {})
    return Addressee(
        person_id=person_id,
        name=str(found.get("name") or "?"),
        channel=channel,
        email=str(found["email"]) if found.get("email") else None,
        slack_user_id=str(found["slack_user_id"]) if found.get("slack_user_id") else None,
        language=str(found["language"]) if found.get("language") else None,
        reach=str(found["reach"]) if found.get("reach") else None,
    )
