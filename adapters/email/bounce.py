"""Short answers (Swedish by default) to inbound mail we did not record (bounces) or could
not understand (help), and the tiny sender that delivers them.

They leave through the same transport as all Samverka mail (SMTP_URL, else
one .eml per message in `<outbox_dir>/mail/`). Every answer carries
`Auto-Submitted: auto-replied` so that well-behaved robots never answer it,
and is never sent to automatic mail (see `inbound.is_automatic`). The texts
say what went wrong, never why a token failed or whom it names.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import structlog

from adapters.email.transport import Transport, transport_for
from services.i18n import DEFAULT_LANGUAGE, N_, translator

log = structlog.get_logger(__name__)

Send = Callable[[EmailMessage], None]

SIGN_OFF = N_("\n\nThis is an automatic reply from Samverka.\n")

# kind -> (subject, body); bodies may hold {detail} and {format}.
TEXTS: dict[str, tuple[str, str]] = {
    "token": (
        N_("Your e-mail could not be received"),
        N_(
            "Hello!\n\nWe could not connect your e-mail to any check-in or meeting series. "
            "Reply directly to the latest e-mail from Samverka (the reply address is personal "
            "and valid for a limited time), or use Samverka in Slack or on the web."
        ),
    ),
    "sender": (
        N_("Your e-mail could not be received"),
        N_(
            "Hello!\n\nThe reply address in the e-mail belongs to another sender than the one "
            "you wrote from. "
            "Reply from the same e-mail address that Samverka's e-mail was sent to."
        ),
    ),
    "unauthenticated": (
        N_("Your e-mail could not be received"),
        N_(
            "Hello!\n\nWe could not confirm that the e-mail came from the sender it names, "
            "so nothing was recorded. Reply directly from your usual e-mail program and "
            "your usual e-mail address, or use Samverka in Slack or on the web."
        ),
    ),
    "too_large": (
        N_("Your e-mail was too large"),
        N_(
            "Hello!\n\nYour e-mail was too large to be received. Write the answer as plain "
            "text "
            "without attachments and send it again."
        ),
    ),
    "attachment": (
        N_("Your e-mail had attachments"),
        N_(
            "Hello!\n\nSamverka does not take attachments by e-mail. Write the answer as plain "
            "text "
            "in the e-mail and send it again."
        ),
    ),
    "closed": (
        N_("Your answer could not be recorded"),
        N_("Hello!\n\nYour answer could not be recorded: {detail}"),
    ),
    "help_checkin": (
        N_("How to answer the check-in"),
        N_(
            "Hello!\n\nWe did not understand your answer, so nothing was recorded. "
            "Answer at the top of "
            "the e-mail, one line per question, for example\n\n{format}\n\n"
            "If the check-in has only one question, one word on the first line is enough, "
            "for example ”on track”, ”at risk” or ”blocked”."
        ),
    ),
    "help_series": (
        N_("How to write to the meeting series"),
        N_(
            "Hello!\n\nWe did not understand your e-mail, so nothing was recorded. "
            "The subject line becomes "
            "an item on the next meeting's agenda and the text its description. "
            "Start the subject with "
            "”Note:” to add a note to the ongoing or latest meeting instead.{detail}"
        ),
    ),
}


def compose(
    kind: str,
    *,
    to: str,
    sender: str,
    subject: str = "",
    in_reply_to: str | None = None,
    detail: str = "",
    format_lines: str = "",
    lang: str = DEFAULT_LANGUAGE,
) -> EmailMessage:
    tr = translator(lang)
    title, body = (tr.gettext(text) for text in TEXTS[kind])
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = f"{title}: {subject}"[:200] if subject else title
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body.format(detail=detail, format=format_lines) + tr.gettext(SIGN_OFF))
    return message


def sender_for(smtp_url: str | None, outbox_dir: str | Path) -> Send:
    """Answers go out the way all Samverka mail does (adapters.email.transport):
    SMTP with retries on 4xx when SMTP_URL is set, else an .eml in the outbox."""
    return sender_through(transport_for(smtp_url, outbox_dir))


def sender_through(transport: Transport) -> Send:
    """Answers through `transport` (SMTP, Graph or the outbox folder)."""

    def send(message: EmailMessage) -> None:
        with closing(transport.open()) as session:
            session.deliver(message, str(message["To"]))
        log.info("mail.reply_sent", to_domain=str(message["To"]).rsplit("@", 1)[-1])

    return send
