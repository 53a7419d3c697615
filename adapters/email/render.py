"""One notification for one person, as a MIME message (Swedish by default).

Text and simple HTML come from the Jinja2 templates in `templates/`;
invitations and cancellations carry a `text/calendar` part (iTIP) as the
third alternative. Check-in prompts get a Reply-To with a signed round
token, meeting mail the series' reply address, so answers, agenda items and
calendar replies come back to the service. The Message-ID is derived from
the notification key and the person, so a message sent again is the same
message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from functools import cache, cached_property
from typing import Any
from uuid import UUID

from jinja2 import ChainableUndefined, Environment, PackageLoader, select_autoescape

from adapters.email import ical, tokens
from services.i18n import DEFAULT_LANGUAGE, N_, lang_of, translator
from services.notifications import Addressee, OutgoingNotification

# kind -> (template, calendar method or None)
KINDS: dict[str, tuple[str, str | None]] = {
    "invitation": ("invitation", "REQUEST"),
    "occurrence-cancelled": ("cancel", "CANCEL"),
    "series-ended": ("cancel", "CANCEL"),
    "reminder": ("reminder", None),
    "checkin-open": ("checkin", None),
    "checkin-reminder": ("checkin", None),
    "minutes": ("minutes", None),
}
# What happened to a date of the series, in words (invitation mail).
STATES = {
    "moved": N_("moved"),
    "skipped": N_("cancelled (public holiday)"),
    "cancelled": N_("cancelled"),
}
CHECKIN_HINT = N_(
    "Reply to this e-mail: write the answer to each question in the same order, one paragraph "
    "per question (first line on track / at risk / blocked). Your reply is recorded as your "
    "check-in."
)
SERIES_HINT = N_("Reply to this e-mail to add an item to the agenda or a note to the meeting.")


@dataclass(frozen=True)
class MailContext:
    mail_from: str
    domain: str
    secret: str
    token_days: int
    today: date
    stamp: datetime  # Date header and DTSTAMP


@cache
def environment(lang: str = DEFAULT_LANGUAGE) -> Environment:
    """The templates with `_()` and the filters speaking `lang` (one environment per
    language, so rendering never swaps translations under another thread)."""
    tr = translator(lang)
    env = Environment(
        loader=PackageLoader("adapters.email", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        # Notifications queued by an older version may lack a field: render it empty.
        undefined=ChainableUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(tr.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["when"] = tr.moment
    env.filters["state"] = lambda state: tr.gettext(STATES[state]) if state in STATES else state
    return env


def message_id(key: str, person_id: str, domain: str) -> str:
    digest = hashlib.sha256(f"{key}\n{person_id}".encode()).hexdigest()[:40]
    return f"<{digest}@{domain}>"


class Renderer:
    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang_of(lang)
        self._built: tuple[tuple[str, str, str], bytes] | None = None  # the last calendar

    @cached_property
    def env(self) -> Environment:
        # Built for the first message: every process makes a renderer when it
        # starts (each API worker too), and most never send mail (~30 ms each).
        return environment(self.lang)

    def calendar(self, n: OutgoingNotification, party: ical.Party, ctx: MailContext) -> bytes:
        """The notification's calendar, built once for a stand-in, then personalised."""
        which = (n.key, n.kind, ctx.stamp.isoformat())
        if self._built is None or self._built[0] != which:
            data = {**n.data, "text": n.text}
            stand_in = ical.STAND_IN
            if n.kind == "invitation" or (n.kind == "series-ended" and not n.data["withdraw"]):
                body = ical.request(data, stand_in, ctx.domain, ctx.stamp)
            elif n.kind == "occurrence-cancelled":
                body = ical.cancel_occurrence(data, stand_in, ctx.domain, ctx.stamp)
            else:
                body = ical.cancel_series(data, stand_in, ctx.domain, ctx.stamp)
            self._built = (which, body)
        return ical.personalise(self._built[1], party)

    def reply_to(self, n: OutgoingNotification, person: Addressee, ctx: MailContext) -> str | None:
        kind, target = None, None
        if n.kind in ("checkin-open", "checkin-reminder") and n.data.get("round_id"):
            kind, target = "c", n.data["round_id"]
        elif n.data.get("series_id") and n.kind != "evaluation-prompt":
            kind, target = "s", n.data["series_id"]
        if kind is None:
            return None
        token = tokens.issue(
            ctx.secret, kind, UUID(str(target)), UUID(person.person_id), ctx.today, ctx.token_days
        )
        return tokens.reply_address(token, ctx.domain)

    def _bodies(
        self, template: str, n: OutgoingNotification, person: Addressee, hint: str | None
    ) -> tuple[str, str]:
        d = n.data
        values: dict[str, Any] = {
            "lang": self.lang,
            "subject": n.subject,
            "text": n.text,
            "d": d,
            "recipient_name": person.name if person.name != "?" else "",
            "reply_hint": translator(self.lang).gettext(hint) if hint else None,
            "reminder": n.kind == "checkin-reminder",
            "where": d.get("video_link") or d.get("location") or "",
        }
        text = self.env.get_template(f"{template}.txt.j2").render(values)
        html = self.env.get_template(f"{template}.html.j2").render(values)
        return text, html

    def render(self, n: OutgoingNotification, person: Addressee, ctx: MailContext) -> EmailMessage:
        if not person.email:
            raise ValueError("no e-mail address")
        template, method = KINDS.get(n.kind, ("generic", None))
        reply = self.reply_to(n, person, ctx)
        hint = None
        if n.kind in ("checkin-open", "checkin-reminder"):
            hint = CHECKIN_HINT
        elif n.kind in ("reminder", "minutes"):
            hint = SERIES_HINT
        text, html = self._bodies(template, n, person, hint)
        msg = EmailMessage()
        msg["From"] = ctx.mail_from
        msg["To"] = Address(
            display_name=person.name if person.name != "?" else "", addr_spec=person.email
        )
        msg["Subject"] = n.subject
        msg["Date"] = format_datetime(ctx.stamp)
        msg["Message-ID"] = message_id(n.key, person.person_id, ctx.domain)
        if reply:
            msg["Reply-To"] = formataddr((parseaddr(ctx.mail_from)[0] or "Samverka", reply))
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Samverka-Key"] = n.key
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        if method is not None:
            if n.kind == "series-ended" and not n.data["withdraw"]:
                method = "REQUEST"  # the series keeps its meetings up to its last day
            party = ical.Party(name=person.name, email=person.email, reply_to=reply or person.email)
            body = self.calendar(n, party, ctx)
            msg.add_alternative(body.decode("utf-8"), subtype="calendar", params={"method": method})
        return msg
