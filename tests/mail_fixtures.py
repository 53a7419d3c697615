"""A real local SMTP server (aiosmtpd) on a free port, for tests and benchmarks.

`MailServer` keeps every accepted message; it can be told to answer 451 a
number of times for an address (a greylisting server) or 550 for good (no
such mailbox).
"""

from __future__ import annotations

import email
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SmtpServer
from aiosmtpd.smtp import Envelope, Session

from tests.e2e.server import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class MailHandler:
    received: list[Received] = field(default_factory=list)
    reject: set[str] = field(default_factory=set)  # 550 for these addresses
    defer: dict[str, int] = field(default_factory=dict)  # 451 this many more times
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self,
        server: SmtpServer,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        with self.lock:
            if address.lower() in self.reject:
                return "550 5.1.1 No such user here"
            if self.defer.get(address.lower(), 0) > 0:
                self.defer[address.lower()] -= 1
                return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SmtpServer, session: Session, envelope: Envelope) -> str:
        content: Any = envelope.original_content or envelope.content
        data = content if isinstance(content, bytes) else str(content).encode()
        with self.lock:
            self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), data))
        return "250 Message accepted for delivery"


@dataclass
class MailServer:
    host: str
    port: int
    handler: MailHandler

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]

    def reject(self, address: str) -> None:
        self.handler.reject.add(address.lower())

    def defer(self, address: str, times: int = 1) -> None:
        self.handler.defer[address.lower()] = times


@contextmanager
def mail_server() -> Iterator[MailServer]:
    handler = MailHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, data_size_limit=10_000_000)
    controller.start()
    try:
        yield MailServer("127.0.0.1", port, handler)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[MailServer]:
    with mail_server() as server:
        yield server
