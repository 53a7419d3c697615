"""`samverka mail check`, wired: which checks the settings call for, and the
report in words (adapters/email/check.py does the trying)."""

from __future__ import annotations

from collections.abc import Callable

from adapters.email.check import Step, check_graph, check_imap, check_smtp
from adapters.email.poll import parse_imap_url
from adapters.email.transport import SmtpConfigError, SmtpTarget
from samverka.mail_transport import graph_reader, token_sources
from samverka.settings import Settings
from services.i18n import N_, Translator


def run_check(settings: Settings, tr: Translator, say: Callable[[str], None]) -> int:
    """Prints one line per step; 0 when everything worked, 1 otherwise."""
    mail = settings.mail
    tokens = token_sources(mail)
    sections: list[tuple[str, list[Step]]] = []
    if mail.transport == "graph":
        sections.append((N_("Microsoft Graph"), check_graph(graph_reader(mail))))
    elif mail.smtp_url:
        try:
            target = SmtpTarget.parse(mail.smtp_url)
        except SmtpConfigError as error:
            sections.append((N_("Sending (SMTP_URL)"), [Step(False, str(error))]))
        else:
            user_tokens = tokens(target.username or "") if tokens is not None else None
            sections.append((N_("Sending (SMTP_URL)"), check_smtp(target, user_tokens)))
    else:
        note = N_("SMTP_URL is not set: mail is written to the outbox folder {folder}.")
        folder = f"{settings.outbox_dir}/mail"
        sections.append((N_("Sending (SMTP_URL)"), [Step(True, note, {"folder": folder})]))
    if mail.transport != "graph" and mail.imap_url:
        try:
            imap = parse_imap_url(mail.imap_url)
        except ValueError as error:
            sections.append((N_("Reading (IMAP_URL)"), [Step(False, str(error))]))
        else:
            user_tokens = tokens(imap.user) if tokens is not None else None
            sections.append((N_("Reading (IMAP_URL)"), check_imap(imap, user_tokens)))
    failed = False
    for title, steps in sections:
        say(tr.gettext(title))
        for step in steps:
            failed = failed or not step.ok
            mark = "✓" if step.ok else "✗"
            say(f"  {mark} {tr.gettext(step.text, **step.values)}")
    say(tr.gettext(N_("Something did not work: see above.") if failed else N_("All worked.")))
    return 1 if failed else 0
