"""The inbound mail door, wired (for `mail listen`, `mail poll` and tests)."""

from __future__ import annotations

from adapters.email import bounce
from adapters.email.inbound import Inbound, InboundConfig
from adapters.email.ledger import AnswerLimit, mail_engine
from adapters.email.services import MailServices
from samverka.bootstrap import Container
from samverka.mail_transport import mail_transport


def mail_services(k: Container) -> MailServices:
    return MailServices(commands=k.commands, plan=k.plan, meetings=k.meetings, checkins=k.checkins)


def inbound_for(k: Container, send: bounce.Send | None = None) -> Inbound:
    """The pipeline for `k`'s store; answers go out the way all mail does
    (SMTP_URL, Graph, or the outbox folder), or to `send`, in tests."""
    s = k.settings.mail
    sender = send or bounce.sender_through(mail_transport(k.settings))
    limit = AnswerLimit(
        mail_engine(k.settings.database_url),
        s.secret,
        per_address=s.answers_per_address,
        unverified=s.unverified_answers,
    )
    config = InboundConfig(
        domain=s.domain,
        secret=s.secret,
        mail_from=s.sender,
        max_bytes=s.max_bytes,
        authserv_ids=s.authserv_ids,
    )
    return Inbound(mail_services(k), config, k.clock.now, sender, limit=limit)
