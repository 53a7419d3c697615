"""What the meeting-series pages share: who runs a series, the words for
its choices, reading a rule from a form, and the pages that refuse."""

from __future__ import annotations

from datetime import date
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from babel.dates import get_day_names
from fastapi import Request
from fastapi.responses import Response

from adapters.web.fields import Fields
from adapters.web.render import page
from adapters.web.services import WebServices
from adapters.web.visitors import Visitor
from domain.authority import may_manage_series
from domain.errors import DomainError
from domain.meetings.recurrence import (
    HolidayPolicy,
    Rule,
    make_rule,
)
from services.i18n import N_, STOCKHOLM, translator
from services.i18n.labels import INTERVAL_WORDS, VERDICT_WORDS
from services.queries import Row

T = TypeVar("T")

PREVIEWED = 10
SHOWN_AHEAD = 10
POLICIES = tuple(p.value for p in HolidayPolicy)


POLICY_WORDS = {
    HolidayPolicy.NEXT_WORKING_DAY.value: N_("Move the meeting to the next working day"),
    HolidayPolicy.SKIP.value: N_("No meeting that day"),
    HolidayPolicy.KEEP.value: N_("Meet as usual"),
}
VERDICTS = tuple(VERDICT_WORDS)


def weekdays(lang: str) -> list[tuple[str, str]]:
    names = get_day_names("wide", locale=translator(lang).locale)
    return [(str(day), str(names[day])) for day in range(7)]


def verdict_words(lang: str) -> dict[str, str]:
    tr = translator(lang)
    return {verdict: tr.gettext(words) for verdict, words in VERDICT_WORDS.items()}


def intervals(lang: str) -> list[tuple[str, str]]:
    tr = translator(lang)
    return [(str(n), tr.gettext(words)) for n, words in INTERVAL_WORDS.items()]


def policy_words(lang: str) -> dict[str, str]:
    tr = translator(lang)
    return {p: tr.gettext(words) for p, words in POLICY_WORDS.items()}


# -- who runs what -------------------------------------------------------------------


def managed_by(v: Visitor, series: Row) -> bool:
    """Whether the visitor runs the series (by their arena roles, read with the visitor)."""
    roles = v.arena_roles
    arena = str(series["arena_id"]) if series["arena_id"] else None
    managers = (str(series["moderator_id"]), str(series["secretary_id"] or ""))
    return may_manage_series(v.person_id, roles, arena, managers)


def today(s: WebServices) -> date:
    return s.clock.now().astimezone(STOCKHOLM).date()


def forbidden(request: Request, v: Visitor, reason: str | None = None) -> Response:
    """Not theirs to run: nothing is shown, nothing was recorded."""
    why = reason or translator(v.lang).gettext(
        "Only the series' moderator and secretary, and the arena's secretaries and "
        "moderators, run a meeting series."
    )
    return page(request, v, "refused_command.html.j2", status=403, failed=why, nav="series")


def not_found(request: Request, v: Visitor) -> Response:
    return page(request, v, "not_found.html.j2", status=404, nav="series")


def rule_keys() -> tuple[str, ...]:
    return (
        "title", "arena_id", "moderator_id", "secretary_id", "starts_on", "weekday",
        "start_time", "duration_minutes", "interval_weeks", "holiday_policy", "until",
        "location", "video_link", "slack_channel", "teams_channel",
    )  # fmt: skip


def rule_from(f: Fields, prefix: str = "") -> tuple[Rule | None, date | None]:
    """The rule the form asks for (None when a field is wrong) and its first day."""
    starts = f.day(prefix + "starts_on", required=True)
    weekday = f.number(prefix + "weekday", required=True)
    clock = f.clock(prefix + "start_time", required=True)
    duration = f.number(prefix + "duration_minutes", required=True)
    interval = f.number(prefix + "interval_weeks", required=True)
    if None in (starts, weekday, clock, duration, interval):
        return None, starts
    assert starts is not None and weekday is not None and clock is not None
    assert duration is not None and interval is not None
    try:
        rule = make_rule(
            effective_from=starts,
            interval_weeks=interval,
            weekday=weekday,
            start_time=clock,
            duration_minutes=duration,
        )
    except DomainError as error:
        names = {"starts_on": "starts_on", "from": "starts_on"}
        f.refused(error, {k: prefix + names.get(k, k) for k in rule_keys()}, prefix + "weekday")
        return None, starts
    return rule, starts


def given(value: T | None) -> T:
    """A field the form checked already (a command is built only when none is wrong)."""
    assert value is not None
    return value


def teams_channel_of(typed: str | None) -> str | None:
    """A Teams channel's conversation id from what was typed: the id itself
    (19:…@thread.tacv2) or the channel's link from Teams ("Get link to
    channel", teams.microsoft.com/l/channel/<id>/<name>?…); None: none."""
    if not typed:
        return None
    path = urlsplit(typed).path if typed.startswith("https://") else ""
    if path.startswith("/l/channel/"):
        return unquote(path.removeprefix("/l/channel/").split("/", 1)[0]) or None
    return typed
