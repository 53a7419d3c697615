"""The e-mail side of the Notifier port: one message per (notification, person).

For each recipient the ledger is asked first (already sent: nothing to do),
the message is rendered, recorded as `sending`, handed to the transport and
recorded as `sent`. A 5xx from the server makes the person `unreachable`
(the dispatcher records that as an event a moderator sees); a 4xx or a lost
connection that outlasts the transport's retries leaves them `failed`, and
the dispatcher tries again later. No decisions are made here: who gets what
was decided by the scheduler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import structlog

from adapters.email.ledger import SENT, UNREACHABLE, MailLedger
from adapters.email.render import MailContext, Renderer
from adapters.email.transport import Permanent, Session, SmtpConfigError, Transient, Transport
from scheduler.notifier import DeliveryIncomplete, OutgoingNotification

log = structlog.get_logger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _utcnow() -> datetime:
    return datetime.now(UTC)


class EmailNotifier:
    def __init__(
        self,
        transport: Transport,
        ledger: MailLedger,
        *,
        mail_from: str,
        domain: str,
        secret: str,
        token_days: int,
        now: Callable[[], datetime] = _utcnow,
        names: Callable[[list[str]], dict[str, str]] | None = None,
    ) -> None:
        self.transport = transport
        self.ledger = ledger
        self.mail_from = mail_from
        self.domain = domain
        self.secret = secret
        self.token_days = token_days
        self.now = now
        self.names = names
        self.renderer = Renderer()

    def _named(self, n: OutgoingNotification) -> OutgoingNotification:
        """Minutes name people by id (names stay out of the event log): look them up."""
        if n.kind != "minutes":
            return n
        actions = n.data.get("action_items", [])
        ids = [*n.data.get("present_ids", []), *[a["assignee_id"] for a in actions]]
        found = self.names([str(i) for i in ids if i]) if self.names else {}
        data = {
            **n.data,
            "present": [found.get(p, "?") for p in n.data.get("present_ids", [])],
            "action_items": [
                {**a, "assignee": found.get(a["assignee_id"] or "", "")} for a in actions
            ],
        }
        return replace(n, data=data)

    def _context(self) -> MailContext:
        moment = self.now()
        today: date = moment.astimezone(STOCKHOLM).date()
        return MailContext(
            mail_from=self.mail_from,
            domain=self.domain,
            secret=self.secret,
            token_days=self.token_days,
            today=today,
            stamp=moment.replace(microsecond=0),
        )

    def send(self, notification: OutgoingNotification) -> dict[str, str]:
        n = self._named(notification)
        known = self.ledger.states(n.key)
        ctx = self._context()
        delivered: dict[str, str] = {}
        unreachable: dict[str, str] = {}
        failed: dict[str, str] = {}
        session: Session | None = None
        stop: str | None = None  # the server is gone: the rest waits for the next try
        try:
            for person in n.recipients:
                pid = person.person_id
                state, detail = known.get(pid, ("", ""))
                if state == SENT:
                    delivered[pid] = "email"
                    continue
                if state == UNREACHABLE:
                    unreachable[pid] = detail
                    continue
                if not person.email:
                    unreachable[pid] = "ingen e-postadress"
                    continue
                if stop is not None:
                    failed[pid] = stop
                    continue
                message = self.renderer.render(n, person, ctx)
                self.ledger.sending(n.key, pid, str(message["Message-ID"]), person.email)
                try:
                    if session is None:
                        session = self.transport.open()
                    session.deliver(message, person.email)
                except Permanent as error:
                    self.ledger.unreachable(n.key, pid, str(error))
                    unreachable[pid] = str(error)
                    log.warning("mail.unreachable", key=n.key, person=pid, reason=str(error))
                except (Transient, SmtpConfigError) as error:
                    failed[pid] = str(error)[:300]
                    log.warning("mail.failed", key=n.key, person=pid, error=str(error))
                    if isinstance(error, SmtpConfigError) or error.connection:
                        stop = str(error)[:300]
                else:
                    self.ledger.sent(n.key, pid)
                    delivered[pid] = "email"
        finally:
            if session is not None:
                session.close()
        if unreachable or failed:
            raise DeliveryIncomplete(delivered, unreachable=unreachable, failed=failed)
        log.info("mail.sent", key=n.key, kind=n.kind, people=len(delivered))
        return delivered
