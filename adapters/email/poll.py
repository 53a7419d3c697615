"""`samverka mail poll`: read unseen mail from an IMAP mailbox (imap-tools).

IMAP_URL is `imap://user:pass@host[:143]/INBOX` (plain, or STARTTLS with
`?starttls=1`) or `imaps://user:pass@host[:993]/INBOX`. Unseen messages are
fetched without marking them, processed, and only then flagged \\Seen: a crash
in between reprocesses them, which the Message-ID makes harmless.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import structlog
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted

from adapters.email.inbound import Inbound, Outcome
from services.i18n import N_, CatalogValueError

log = structlog.get_logger(__name__)
BATCH = 100


@dataclass(frozen=True)
class ImapTarget:
    host: str
    port: int
    user: str
    password: str
    folder: str
    tls: str  # "implicit" | "starttls" | "none"


def parse_imap_url(url: str) -> ImapTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise CatalogValueError(N_("IMAP_URL is imap[s]://user:pass@host[:port]/FOLDER"))
    implicit = parts.scheme == "imaps"
    starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
    return ImapTarget(
        host=parts.hostname,
        port=parts.port or (993 if implicit else 143),
        user=unquote(parts.username),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        tls="implicit" if implicit else "starttls" if starttls else "none",
    )


def connect(target: ImapTarget, timeout: float = 30.0) -> BaseMailBox:
    box: BaseMailBox
    if target.tls == "implicit":
        box = MailBox(target.host, target.port, timeout=timeout)
    elif target.tls == "starttls":
        box = MailBoxStartTls(target.host, target.port, timeout=timeout)
    else:
        box = MailBoxUnencrypted(target.host, target.port, timeout=timeout)
    return box.login(target.user, target.password, initial_folder=target.folder)


def poll_once(
    inbound: Inbound, target: ImapTarget, *, on_outcome: Callable[[Outcome], None] | None = None
) -> int:
    """Processes every unseen message once; returns how many.

    Messages are fetched a chunk at a time in one FETCH and flagged \\Seen in
    one STORE once the whole chunk is processed: a crash in between
    reprocesses at most one chunk, which the Message-ID makes harmless.
    """
    done = 0
    with connect(target) as box:
        uids = box.uids(AND(seen=False))
        for start in range(0, len(uids), BATCH):
            chunk = uids[start : start + BATCH]
            processed: list[str] = []
            for message in box.fetch(AND(uid=chunk), mark_seen=False, bulk=True):
                if not message.uid and not message.obj.keys():
                    continue  # an unsolicited FETCH with flags only, not a message
                outcome = inbound.process(message.obj.as_bytes())
                if message.uid:
                    processed.append(message.uid)
                done += 1
                if on_outcome is not None:
                    on_outcome(outcome)
            if processed:
                # STORE directly: imap-tools' flag() also expunges, a round trip more.
                box.client.uid("STORE", ",".join(processed), "+FLAGS", "(\\Seen)")
    log.info("mail.polled", messages=done, host=target.host, folder=target.folder)
    return done


def poll_forever(inbound: Inbound, target: ImapTarget, interval: float) -> None:
    while True:
        try:
            poll_once(inbound, target)
        except Exception as error:
            log.warning("mail.poll_failed", error=type(error).__name__)
        time.sleep(interval)
