"""`samverka mail listen`: an SMTP receiver (aiosmtpd) for mail routed to us.

It accepts RCPT TO only in `mail_domain`, refuses more than `mail_max_bytes`
at DATA (552, aiosmtpd's size limit, also announced as SIZE in EHLO), and
hands each message to the inbound pipeline in a worker thread. A failure of
the store answers 451 so the sending server tries again later.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from adapters.email.inbound import Inbound
from services.i18n import N_, CatalogValueError

log = structlog.get_logger(__name__)


class InboundHandler:
    def __init__(self, inbound: Inbound, domain: str) -> None:
        self.inbound = inbound
        self.domain = domain.lower()

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.rsplit("@", 1)[-1].lower() != self.domain:
            return "550 5.1.1 Recipient not accepted here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(envelope.content, bytes) and not raw:
            raw = envelope.content
        sender = envelope.mail_from
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(
                None,
                lambda: self.inbound.process(
                    raw, envelope_to=list(envelope.rcpt_tos), envelope_from=sender
                ),
            )
        except Exception as error:
            log.error("mail.listen_failed", error=type(error).__name__)
            return "451 4.3.0 Temporary failure, please try again later"
        log.info("mail.received", status=outcome.status.value, reason=outcome.reason)
        return "250 Message accepted"


def controller(inbound: Inbound, host: str, port: int, **smtp: Any) -> Controller:
    """An aiosmtpd controller (call .start() / .stop())."""
    handler = InboundHandler(inbound, inbound.config.domain)
    return Controller(
        handler,
        hostname=host,
        port=port,
        data_size_limit=inbound.config.max_bytes,
        server_hostname=inbound.config.domain,
        **smtp,
    )


def parse_listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise CatalogValueError(N_("SAMVERKA_MAIL_LISTEN is host:port, like 127.0.0.1:8025"))
    return host.strip("[]"), int(port)
