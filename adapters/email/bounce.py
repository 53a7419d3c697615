"""Short Swedish answers to inbound mail we did not record (bounces) or could
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

from adapters.email.transport import transport_for

log = structlog.get_logger(__name__)

Send = Callable[[EmailMessage], None]

SIGN_OFF = "\n\nDetta är ett automatiskt svar från Samverka.\n"

TEXTS: dict[str, tuple[str, str]] = {
    "token": (
        "Ditt mejl kunde inte tas emot",
        "Hej!\n\nVi kunde inte koppla ditt mejl till någon incheckning eller mötesserie. "
        "Svara direkt på det senaste mejlet från Samverka (svarsadressen är personlig "
        "och gäller en begränsad tid), eller använd Samverka i Slack eller webben.",
    ),
    "sender": (
        "Ditt mejl kunde inte tas emot",
        "Hej!\n\nSvarsadressen i mejlet hör till en annan avsändare än den du skrev från. "
        "Svara från samma e-postadress som Samverkas mejl skickades till.",
    ),
    "unauthenticated": (
        "Ditt mejl kunde inte tas emot",
        "Hej!\n\nVi kunde inte bekräfta att mejlet kom från den avsändare det uppger, "
        "så inget har registrerats. Svara direkt från ditt vanliga e-postprogram och "
        "din vanliga e-postadress, eller använd Samverka i Slack eller webben.",
    ),
    "too_large": (
        "Ditt mejl var för stort",
        "Hej!\n\nDitt mejl var för stort för att tas emot. Skriv svaret som vanlig text "
        "utan bilagor och skicka igen.",
    ),
    "attachment": (
        "Ditt mejl hade bilagor",
        "Hej!\n\nSamverka tar inte emot bilagor via e-post. Skriv svaret som vanlig text "
        "i mejlet och skicka igen.",
    ),
    "closed": (
        "Ditt svar kunde inte registreras",
        "Hej!\n\nDitt svar kunde inte registreras: {detail}",
    ),
    "help_checkin": (
        "Så svarar du på incheckningen",
        "Hej!\n\nVi förstod inte ditt svar, så inget har registrerats. Svara överst i "
        "mejlet, en rad per fråga, till exempel\n\n{format}\n\n"
        "Har incheckningen bara en fråga räcker ett ord på första raden, "
        "till exempel ”på spår”, ”risk” eller ”blockerad”.",
    ),
    "help_series": (
        "Så skickar du till mötesserien",
        "Hej!\n\nVi förstod inte ditt mejl, så inget har registrerats. Ämnesraden blir en "
        "punkt på nästa mötes dagordning och texten dess beskrivning. Börja ämnet med "
        "”Anteckning:” för att i stället lägga till en anteckning i det pågående "
        "eller senaste mötet.{detail}",
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
) -> EmailMessage:
    title, body = TEXTS[kind]
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
    message.set_content(body.format(detail=detail, format=format_lines) + SIGN_OFF)
    return message


def sender_for(smtp_url: str | None, outbox_dir: str | Path) -> Send:
    """Answers go out the way all Samverka mail does (adapters.email.transport):
    SMTP with retries on 4xx when SMTP_URL is set, else an .eml in the outbox."""
    transport = transport_for(smtp_url, outbox_dir)

    def send(message: EmailMessage) -> None:
        with closing(transport.open()) as session:
            session.deliver(message, str(message["To"]))
        log.info("mail.reply_sent", to_domain=str(message["To"]).rsplit("@", 1)[-1])

    return send
