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
from dataclasses import KW_ONLY, dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import structlog

from adapters.email.ledger import SENT, UNREACHABLE, MailLedger
from adapters.email.render import MailContext, Renderer
from adapters.email.transport import Permanent, Session, SmtpConfigError, Transient, Transport
from services.i18n import DEFAULT_LANGUAGE, lang_of
from services.notifications import Addressee, DeliveryIncomplete, OutgoingNotification

log = structlog.get_logger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(eq=False)
class EmailNotifier:
    transport: Transport
    ledger: MailLedger
    _: KW_ONLY
    mail_from: str
    domain: str
    secret: str = field(repr=False)  # signs reply tokens: never in a repr or a log
    token_days: int
    now: Callable[[], datetime]  # the container's clock: no fallback to the machine's
    names: Callable[[list[str]], dict[str, str]] | None = None
    # One per language (each keeps its templates and its last calendar).
    _renderers: dict[str, Renderer] = field(default_factory=dict, init=False)

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

    def renderer(self, language: str | None) -> Renderer:
        """The person's chosen language; Swedish when they chose none."""
        lang = lang_of(language or DEFAULT_LANGUAGE)
        found = self._renderers.get(lang)
        if found is None:
            found = self._renderers[lang] = Renderer(lang)
        return found

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
        run = _Run(self.transport, self._context())
        try:
            for person in n.recipients:
                state, detail = known.get(person.person_id, ("", ""))
                if state == SENT:
                    run.delivered[person.person_id] = "email"
                elif state == UNREACHABLE:
                    run.unreachable[person.person_id] = detail
                elif not person.email:
                    run.unreachable[person.person_id] = "ingen e-postadress"
                elif run.stop is not None:
                    run.failed[person.person_id] = run.stop
                else:
                    self._deliver(n, person, person.email, run)
        finally:
            run.close()
        if run.unreachable or run.failed:
            raise DeliveryIncomplete(run.delivered, unreachable=run.unreachable, failed=run.failed)
        log.info("mail.sent", key=n.key, kind=n.kind, people=len(run.delivered))
        return run.delivered

    def _deliver(self, n: OutgoingNotification, person: Addressee, address: str, run: _Run) -> None:
        pid = person.person_id
        try:
            message = self.renderer(person.language).render(n, person, run.ctx)
        except Exception as error:  # a bug or odd data: the dispatcher gives up in time
            log.exception("mail.render_failed", key=n.key, kind=n.kind)
            run.failed[pid] = f"render: {error}"[:300]
            return
        self.ledger.sending(n.key, pid, str(message["Message-ID"]), address)
        try:
            run.session().deliver(message, address)
        except Permanent as error:
            self.ledger.unreachable(n.key, pid, str(error))
            run.unreachable[pid] = str(error)
            log.warning("mail.unreachable", key=n.key, person=pid, reason=str(error))
        except (Transient, SmtpConfigError) as error:
            run.failed[pid] = str(error)[:300]
            log.warning("mail.failed", key=n.key, person=pid, error=str(error))
            if isinstance(error, SmtpConfigError) or error.connection:
                run.stop = str(error)[:300]  # the server is gone: the rest waits for next time
        else:
            self.ledger.sent(n.key, pid)
            run.delivered[pid] = "email"


@dataclass
class _Run:
    """One send: its outcomes and the connection, opened on first use."""

    transport: Transport
    ctx: MailContext
    delivered: dict[str, str] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    stop: str | None = None
    _session: Session | None = None

    def session(self) -> Session:
        if self._session is None:
            self._session = self.transport.open()
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
