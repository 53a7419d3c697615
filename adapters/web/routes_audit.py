"""Granskning, for auditors and admins: the Händelselogg (the audit trail,
filtered, a page at a time by a keyset cursor) and Verifiera (the head of the
hash chain to keep, and the chain recomputed against a digest kept earlier).

Both only read: the trail through `AuditTrail`, the chain through `Audit`,
the same facades as `GET /api/v1/audit`, `/audit/digest` and `/audit/verify`.
Anyone else gets 403 and nothing of the log. The filter form is a POST with
the CSRF token, answered by a redirect to the GET page (bookmarkable) that
carries the filters and the person's id but never the name written: a name
in a URL ends up in browser histories and any proxy's access log. Verifying
reads the whole log, so it is a POST with the CSRF token as well, never run
by a prefetch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from adapters.web import forms
from adapters.web.render import page, see_other
from adapters.web.routes_admin import NotForRole
from adapters.web.series_common import managed_by
from adapters.web.services import WebServices
from adapters.web.trail_options import TrailOptions, chosen
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor
from domain.meta import SYSTEM_ACTOR, SYSTEM_NAME, Channel
from domain.person import ERASED_NAME, folded_name
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.event_kinds import KIND_GROUPS, KINDS
from services.integrity import BadDigest, Digest
from services.queries import Row
from services.queries.audit import AuditFilter

router = APIRouter(include_in_schema=False)
LINES_SHOWN = 50
# The persons offered when a name in the "who" field fits several.
CHOICES_SHOWN = 20
# The longest name a person may have (domain.limits.Short).
NAME_LONGEST = 200
INITIATIVES_SHOWN = 500
# The pages a line of the trail can lead to: the thing it changed.
PAGES = {
    "Initiative": "/initiatives/{id}",
    "Arena": "/arenas/{id}",
    "MeetingSeries": "/series/{id}",
    "CheckInRound": "/rounds/{id}",
}
OPEN_WORDS = {
    "Initiative": N_("Open the initiative"),
    "Arena": N_("Open the arena"),
    "MeetingSeries": N_("Open the meeting series"),
    "CheckInRound": N_("Open the check-in round"),
}


async def auditor(v: SignedIn) -> Visitor:
    if not v.may_audit:
        raise NotForRole(v)
    return v


Auditor = Annotated[Visitor, Depends(auditor)]


@dataclass
class Filters:
    """The filter form as given, what it asks the trail for, and what was wrong."""

    given: dict[str, str]
    where: AuditFilter = field(default_factory=AuditFilter)
    # The persons (and the system) a name fits, when it fits more than one.
    choices: list[Row] = field(default_factory=list)
    more: bool = False  # more fit than are offered
    field: str | None = None  # the first field that could not be read
    text: str = ""


def _midnight(day: date) -> str:
    """The start of a day in Swedish time, as the trail stores moments (ISO 8601)."""
    return datetime.combine(day, time(0), tzinfo=STOCKHOLM).isoformat()


# What the page's links and the answer to the form carry: never the name.
LINKED = ("who", "channel", "kind", "about", "other", "from", "to")


def read_filters(sent: Mapping[str, Any]) -> Filters:
    """The filters from the query (a link, a bookmark) or the posted form."""

    def text(name: str) -> str:
        value = sent.get(name)
        longest = NAME_LONGEST if name == "person" else 100
        return value.strip()[:longest] if isinstance(value, str) else ""

    f = Filters({n: text(n) for n in ("person", *LINKED)})
    given = f.given

    def wrong(name: str, text: str) -> None:
        if f.field is None:
            f.field, f.text = name, text

    who = given["who"]
    if who and who != SYSTEM_ACTOR:
        # A person's id (in its one spelling) or the system actor, nothing
        # else: what is not is neither echoed nor asked of the trail.
        given["who"] = forms.id_of(who) or ""
        if not given["who"]:
            wrong("person", N_("The id of the person chosen could not be read: write the name."))
    channel = given["channel"]
    if channel and channel not in {c.value for c in Channel}:
        wrong("channel", N_("Choose a channel from the list."))
        channel = ""
    kind = given["kind"]
    if kind and kind not in KINDS:
        wrong("kind", N_("Choose a kind of event from the list."))
        kind = ""
    about = given["other"] or given["about"]
    aggregate = forms.id_of(about) if about else None
    if about and aggregate is None:
        name = "other" if given["other"] else "about"
        wrong(name, N_("An id looks like 3f2b8c1e-…: 32 hexadecimal digits."))
    since, until = forms.day_of(given["from"]), forms.day_of(given["to"])
    if given["from"] and since is None:
        wrong("from", N_("Write the date as 2026-01-31."))
    if given["to"] and until is None:
        wrong("to", N_("Write the date as 2026-01-31."))
    if since and until and until < since:
        wrong("to", N_("The last day comes before the first."))
        until = None
    cursor = text("cursor")
    f.where = AuditFilter(
        aggregate_id=aggregate,
        actor_id=given["who"] or None,
        channel=channel or None,
        kind=kind or None,
        since=_midnight(since) if since else None,
        # The last day is included: up to the midnight after it.
        until=_midnight(until + timedelta(days=1)) if until else None,
        after=int(cursor) if cursor.isdigit() and len(cursor) < 19 else None,
    )
    return f


def name_who(f: Filters, s: WebServices, v: Visitor, conn: Connection) -> str:
    """The name of whom `who` (an id, or the system actor) stands for, as
    the field shows it; an id that is no one's stays as it is."""
    who = f.given["who"]
    if who == SYSTEM_ACTOR:  # no one's id: nothing to read
        return SYSTEM_NAME
    found = s.plan.person_seen_by(who, v.context().authority, conn=conn)
    if found is None:
        return who
    return ERASED_NAME if found["forgotten"] else str(found["name"])


def find_who(f: Filters, s: WebServices, v: Visitor, conn: Connection) -> None:
    """Who the posted filter is for. `who` is an id (or the system actor), as
    a chosen person gives it, and `person` the name as written in the field.
    The id holds while the field still shows its name; else the name is looked
    up among everyone registered: one person is filtered on, several are
    offered to choose from, none is said at the field."""
    who, words = f.given["who"], f.given["person"]
    if f.field is not None:  # another field failed: no search, as it was given
        return
    if who and words and folded_name(words) == folded_name(name_who(f, s, v, conn)):
        return
    f.given["who"] = ""
    f.where = replace(f.where, actor_id=None)
    if not words:
        return
    fits = s.plan.persons_named_seen_by(
        words, v.context().authority, limit=CHOICES_SHOWN + 1, conn=conn
    )
    typed = folded_name(words)
    if typed and typed in folded_name(SYSTEM_NAME):
        # The system is named like anyone: whole names before parts of them.
        system = {"id": SYSTEM_ACTOR, "name": SYSTEM_NAME, "system": True}
        whole = [p for p in fits if folded_name(p["name"]) == typed]
        if typed == folded_name(SYSTEM_NAME):
            fits = [system, *whole]
        elif not whole:
            fits = [system, *fits]
    if not fits:
        f.field, f.text = "person", N_("No one registered has that name.")
        return
    if len(fits) > 1:
        f.choices, f.more = fits[:CHOICES_SHOWN], len(fits) > CHOICES_SHOWN
        return
    f.given["who"], f.given["person"] = str(fits[0]["id"]), str(fits[0]["name"])
    f.where = replace(f.where, actor_id=f.given["who"])


def _line(row: Row, lang: str, closed: set[str]) -> Row:
    """A row of the trail with what the page says beside the sentence: the
    business date where it is not the day it was recorded, and where it leads
    (unless that page is `closed` to the visitor)."""
    recorded = datetime.fromisoformat(str(row["recorded_at"])).astimezone(STOCKHOLM)
    business = row.get("business_date")
    kind = str(row["aggregate_type"])
    target = None if str(row["aggregate_id"]) in closed else PAGES.get(kind)
    return {
        **row,
        "business_day": business if business and business != recorded.date().isoformat() else None,
        "href": target.format(id=row["aggregate_id"]) if target else None,
        "open_text": translator(lang).gettext(OPEN_WORDS[kind]) if target else None,
    }


def _closed_series(s: WebServices, v: Visitor, rows: list[Row], conn: Connection) -> set[str]:
    """The meeting series on the page whose page the visitor may not open (a
    series' page is for those who run it), so their lines lead nowhere."""
    closed = set()
    for key in {str(r["aggregate_id"]) for r in rows if r["aggregate_type"] == "MeetingSeries"}:
        series = s.meetings.get_series(key, conn=conn)
        if series is None or not managed_by(v, series):
            closed.add(key)
    return closed


def _page_url(given: dict[str, str], cursor: int | None) -> str:
    # The person by id only: a name in a URL ends up in browser histories
    # and any proxy's access log.
    query = {k: given[k] for k in LINKED if given[k]}
    if cursor is not None:
        query["cursor"] = str(cursor)
    return "/audit" + (f"?{urlencode(query)}" if query else "")


@router.get("/audit")
def trail(request: Request, v: Auditor, s: Services) -> Response:
    # A name is searched for by the form's POST alone; `person` in the query
    # (an old bookmark) is not read, so that no link passes a name on.
    f = read_filters({k: x for k, x in request.query_params.items() if k != "person"})
    with s.plan.connect() as conn:
        if f.given["who"]:
            f.given["person"] = name_who(f, s, v, conn)
        return _trail_page(request, v, s, f, conn)


@router.post("/audit")
def search(request: Request, v: Auditor, s: Services, form: CheckedForm) -> Response:
    """The filter form: valid, and the name (if any) fits one person, it is
    answered by a redirect to the page of its filters (the id, not the name);
    a name several fit asks which, and a filter that cannot be used is said
    at its field."""
    f = read_filters(form)
    with s.plan.connect() as conn:
        find_who(f, s, v, conn)
        if f.field is None and not f.choices:
            return see_other(request, _page_url(f.given, None), v)
        return _trail_page(request, v, s, f, conn)


def _trail_page(
    request: Request, v: Visitor, s: WebServices, f: Filters, conn: Connection
) -> Response:
    assert s.trail is not None  # the composition root always gives it
    lines: list[Row] = []
    next_cursor: int | None = None

    def read() -> tuple[list[Row], list[Row]]:
        return (
            s.plan.arenas_page(limit=200, offset=0, conn=conn).items,
            s.plan.initiatives_page(limit=INITIATIVES_SHOWN, offset=0, conn=conn).items,
        )

    options: TrailOptions = request.app.state.trail_options
    shown = s.shown() if s.shown is not None else None
    about_options = options.lists(v.lang, shown, read)
    if f.field is None and not f.choices:
        rows, next_cursor = s.trail.page(f.where, limit=LINES_SHOWN, conn=conn, lang=v.lang)
        closed = _closed_series(s, v, rows, conn)
        lines = [_line(r, v.lang, closed) for r in rows]
    failed = None
    if f.field is not None:
        failed = {"form": "filter", "field": f.field, "text": translator(v.lang).gettext(f.text)}
    return page(
        request,
        v,
        "audit_trail.html.j2",
        status=422 if failed else 200,
        nav="audit",
        tab="trail",
        lines=lines,
        # Rendered once while the views do not change (trail_options.py).
        about_options=chosen(about_options, f.given["about"]),
        choices=[
            {**p, "url": _page_url({**f.given, "who": str(p["id"])}, None)} for p in f.choices
        ],
        more_choices=f.more,
        name_longest=NAME_LONGEST,
        channels=[c.value for c in Channel],
        kind_groups=KIND_GROUPS,
        filters=f.given,
        failed=failed,
        given=f.given,
        paged=f.where.after is not None,
        first_url=_page_url(f.given, None),
        next_url=_page_url(f.given, next_cursor) if next_cursor is not None else None,
    )


def _verify_page(request: Request, v: Visitor, s: WebServices, **state: Any) -> Response:
    assert s.audit is not None  # the composition root always gives it
    values: dict[str, Any] = {
        "nav": "audit",
        "tab": "verify",
        "head": s.audit.digest(),
        "verdict": None,
        "problem": None,
        "checked": None,
        "failed": None,
        "given": {},
    }
    values.update(state)
    status = 422 if values["failed"] else 200
    return page(request, v, "audit_verify.html.j2", status=status, **values)


@router.get("/audit/verify")
def verify_form(request: Request, v: Auditor, s: Services) -> Response:
    return _verify_page(request, v, s)


@router.post("/audit/verify")
def verify(request: Request, v: Auditor, s: Services, form: CheckedForm) -> Response:
    assert s.audit is not None
    sent = form.get("digest")
    text = sent.strip()[:200] if isinstance(sent, str) else ""
    expected: Digest | None = None
    if text:
        try:
            expected = Digest.parse(text)
        except BadDigest as error:
            said = error.text.say(translator(v.lang))
            # The catalog's words begin in lower case (the CLI says "error: …").
            said = said[:1].upper() + said[1:]
            failed = {"form": "verify", "field": "digest", "text": said}
            return _verify_page(request, v, s, failed=failed, given={"digest": text})
    verdict = s.audit.verify(expected)
    problem = verdict.reason.say(translator(v.lang)) if verdict.reason else verdict.problem
    return _verify_page(
        request, v, s, verdict=verdict, problem=problem, checked=expected, given={"digest": text}
    )
