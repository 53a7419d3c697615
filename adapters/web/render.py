"""Pages from the Jinja2 templates in `templates/`, in the visitor's language.

Every template is autoescaped. Texts come from the shared catalogs
(services/i18n): `_("...")` in a template is the translator's `gettext`, so
`{name}` fields are filled as everywhere else. One environment per language,
so rendering never swaps translations under another thread.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache, partial
from typing import Any

from babel.dates import format_skeleton
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from adapters.web.visitors import CSRF_COOKIE, CSRF_FIELD, Visitor
from domain.authority import SECRETARY, holds
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.labels import PERSPECTIVE

# Sent with every page: no framing, no sniffing, and no Referer that could
# carry a sign-in link's token to another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        "base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
# The words for stored values, in the catalogs (an unknown value is shown as it is).
WORDS: dict[str, dict[str, str]] = {
    "health": {"on-track": N_("on track"), "at-risk": N_("at risk"), "blocked": N_("blocked")},
    "status": {
        "proposed": N_("proposed"),
        "active": N_("active"),
        "paused": N_("paused"),
        "completed": N_("completed"),
        "cancelled": N_("cancelled"),
    },
    "role": {
        "convener": N_("convener"),
        "moderator": N_("moderator"),
        "secretary": N_("secretary"),
        "participant": N_("participant"),
    },
    "rsvp": {
        "accepted": N_("coming"),
        "declined": N_("not coming"),
        "tentative": N_("maybe"),
        "": N_("no answer yet"),
    },
    # What a person picks (the buttons), not what the answer is called.
    "rsvp_choice": {
        "accepted": N_("I'm coming"),
        "declined": N_("I can't come"),
        "tentative": N_("Maybe"),
    },
    "token_role": {
        "member": N_("member (the arena roles decide)"),
        "fund_coordinator": N_("fund coordinator"),
        "plan_coordinator": N_("plan coordinator"),
        "auditor": N_("auditor"),
        "admin": N_("admin"),
    },
    "reach": {
        "auto": N_("Teams or Slack when I am linked, else e-mail"),
        "slack": N_("Slack"),
        "teams": N_("Microsoft Teams"),
        "email": N_("E-mail"),
    },
    "token_state": {
        "revoked": N_("revoked"),
        "expired": N_("expired"),
        "person_forgotten": N_("the person is erased"),
        "no_arena": N_("the person is in no arena"),
    },
    # How a change came in (the audit trail's channel): "via {channel}".
    "channel": {
        "api": N_("the API"),
        "web": N_("the web"),
        "slack": N_("Slack"),
        "email": N_("e-mail"),
        "cli": N_("the command line"),
        "scheduler": N_("the scheduler"),
    },
    # A person's own events, in their registerutdrag.
    "person_event": {
        "Registered": N_("registered"),
        "Revised": N_("details changed"),
        "SlackUnlinked": N_("Slack link removed"),
        "PreferencesSet": N_("settings changed"),
        "Forgotten": N_("forgotten"),
    },
    "perspective": {p.value: words for p, words in PERSPECTIVE.items()},
    # An uppföljningsfråga's answer (domain.plans.values.CHOICES).
    "choice": {"ja": N_("yes"), "delvis": N_("partly"), "nej": N_("no")},
    "decision": {
        "in-force": N_("in force"),
        "superseded": N_("superseded"),
        "revoked": N_("revoked"),
    },
}


@cache
def environment(lang: str) -> Environment:
    tr = translator(lang)
    env = Environment(
        loader=PackageLoader("adapters.web", "templates"),
        # Compiled once per process: templates ship with the code, so asking
        # the file system whether each one changed (a stat per template and
        # include, on every page) buys nothing outside development.
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        _=tr.gettext,
        ngettext=tr.ngettext,
        lang=lang,
        csrf_field=CSRF_FIELD,
        # Each rendered form's idempotency key (see visitors.form_source).
        new_form_id=lambda: secrets.token_urlsafe(16),
    )
    env.filters.update(
        when=tr.when,
        day=tr.day,
        long_date=tr.long_date,
        stamp=partial(_stamp, locale=tr.locale),
        sek=tr.sek,
        travel_day=lambda v: _swedish(v).date().isoformat(),
        travel_time=_travel_time,
    )
    for kind, words in WORDS.items():
        env.filters[kind] = _words(tr.gettext, words)
    return env


def _swedish(value: datetime | str) -> datetime:
    """A stored moment in Swedish time (the time travel form's fields)."""
    found = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found.astimezone(STOCKHOLM)


def _travel_time(value: datetime | str) -> str:
    """The time of a stored moment for the time travel form, to the
    millisecond after it (so the moment itself is included)."""
    found = _swedish(value) + timedelta(microseconds=999)
    return found.strftime("%H:%M:%S.") + f"{found.microsecond // 1000:03d}"


def _stamp(value: datetime | str, *, locale: str) -> str:
    """A moment with its year, in Swedish time, as Babel writes it: "2 dec. 2026 12:00"."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    day = format_skeleton("yMMMd", value, tzinfo=STOCKHOLM, locale=locale)
    return f"{day} {format_skeleton('Hm', value, tzinfo=STOCKHOLM, locale=locale)}"


def _words(gettext: Callable[[str], str], words: dict[str, str]) -> Callable[[str | None], str]:
    def word(value: str | None) -> str:
        found = words.get(value or "")
        return gettext(found) if found is not None else (value or "")

    return word


def secured(response: Response, request: Request, v: Visitor | None = None) -> Response:
    """The response with the security headers, and a new anonymous visitor's
    CSRF cookie."""
    response.headers.update(SECURITY_HEADERS)
    if v is not None and v.new_csrf_cookie:
        response.set_cookie(
            CSRF_COOKIE,
            v.csrf,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


def page(
    request: Request, v: Visitor, template: str, *, status: int = 200, **values: Any
) -> Response:
    values.setdefault("nav", "")
    values.setdefault("runs_meetings", _runs_meetings(request, v))
    # Where the language button leads back to: this page, unless it cannot
    # be shown again (a sign-in's way back works once).
    values.setdefault("path", request.url.path)
    html = environment(v.lang).get_template(template).render(v=v, person=v.person, **values)
    return secured(HTMLResponse(html, status_code=status), request, v)


def _runs_meetings(request: Request, v: Visitor) -> bool:
    """Whether the menu shows the meeting series: to arena secretaries and
    moderators (the visitor's arena roles, read once per request)."""
    if v.person is None:
        return False
    return any(holds(role, SECRETARY) for role in v.arena_roles.values())


def see_other(request: Request, url: str, v: Visitor | None = None) -> Response:
    """After a form: 303 to the page to show (htmx follows it as well)."""
    return secured(RedirectResponse(url, status_code=303), request, v)
