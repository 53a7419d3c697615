"""What a moderator or secretary does from chat, as the Slack and Teams doors
share it: which series and meetings a person runs (the domain's
`may_manage_series`, as the web's pages ask it), the new-series form read
into the same `ScheduleSeries` the web and the API run, its preview (the
rule in words and the next meetings with holidays, from the domain's own
occurrences) and the refusal in the API's words. The commands decide; this
only reads and translates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from domain.authority import SECRETARY, holds, may_manage_series
from domain.errors import DomainError, Forbidden
from domain.meetings import commands as m
from domain.meetings.recurrence import DEFAULT_TZ, HolidayPolicy, Occurrence, Rule, occurrences
from domain.meetings.recurrence import make_rule as domain_rule
from services.i18n import N_, STOCKHOLM, Translator, translator
from services.i18n.errors import error_text
from services.i18n.labels import describe_rule
from services.queries.meetings import MeetingQueries
from services.queries.plan import PlanQueries

Row = dict[str, Any]
PREVIEWED = 10
# The fields of the new-series form (a Slack block id, a Teams input id).
FIELDS = (
    "title", "scope", "weekday", "start_time", "duration_minutes", "interval_weeks",
    "starts_on", "moderator", "secretary", "channel",
)  # fmt: skip
# The command's fields, by the form's.
COMMAND_FIELDS = {
    "title": "title",
    "arena_id": "scope",
    "initiative_id": "scope",
    "moderator_id": "moderator",
    "secretary_id": "secretary",
    "invitees": "moderator",
    "starts_on": "starts_on",
    "from": "starts_on",
    "effective_from": "starts_on",
    "weekday": "weekday",
    "start_time": "start_time",
    "duration_minutes": "duration_minutes",
    "interval_weeks": "interval_weeks",
    "slack_channel": "channel",
    "teams_channel": "channel",
}
DURATIONS = (30, 45, 60, 90, 120)
# What a form field lacks, in words (the same texts as the web's forms).
EMPTY = N_("Fill in this field.")
NOT_ACCEPTED = N_("This value is not accepted.")
NOT_LINKED = N_("This person is not linked to anyone in Samverka.")
INTERVALS = (1, 2, 3, 4)


def refusal(lang: str) -> str:
    """What the API answers one who runs no series here: the domain's own
    refusal (`access.arena_role`), in the person's language."""
    error = Forbidden(
        "this needs the role secretary in the arena it concerns",
        rule="access.arena_role",
        params={"role": SECRETARY.value},
    )
    return error_text(error, lang)


def today(now: datetime) -> date:
    return now.astimezone(STOCKHOLM).date()


# -- who runs what ---------------------------------------------------------------------


def arenas_to_schedule_in(plan: PlanQueries, person: str) -> list[Row]:
    """The arenas where the person may schedule a series (a secretary or moderator)."""
    found = []
    for arena_id, role in plan.arena_roles(person).items():
        if holds(role, SECRETARY) and (arena := plan.get_arena(arena_id)) is not None:
            found.append(arena)
    return sorted(found, key=lambda a: str(a["code"]))


def scopes(arenas: list[Row]) -> list[tuple[str, str]]:
    """What a new series can belong to: an arena (`a:<id>`) or one of its
    initiatives (`i:<id>`), as (value, words)."""
    out = []
    for arena in arenas:
        out.append((f"a:{arena['id']}", f"{arena['code']} {arena['name']}"))
        for initiative in arena["initiatives"]:
            if initiative["status"] not in ("closed", "cancelled"):
                out.append((f"i:{initiative['id']}", f"{initiative['code']} {initiative['title']}"))
    return out


def managed_series(plan: PlanQueries, meetings: MeetingQueries, person: str) -> list[Row]:
    """The series not yet ended that the person runs: theirs as moderator or
    secretary, and every series of an arena where they are a secretary."""
    with meetings.connect() as conn:
        roles = plan.arena_roles(person, conn=conn)
        found: dict[str, Row] = {}
        for arena, role in roles.items():
            if holds(role, SECRETARY):
                for row in meetings.list_series(arena_id=arena, conn=conn):
                    found[str(row["id"])] = row
        for row in meetings.list_series(person_id=person, conn=conn):
            found[str(row["id"])] = row
        runs = [r for r in found.values() if r["ended_on"] is None and manages(person, roles, r)]
    return sorted(runs, key=lambda r: str(r["title"]))


def manages(person: str, roles: dict[str, str], series: Row) -> bool:
    arena = str(series["arena_id"]) if series.get("arena_id") else None
    managers = (str(series["moderator_id"]), str(series.get("secretary_id") or ""))
    return may_manage_series(person, roles, arena, managers)


def coming(
    meetings: MeetingQueries, series: list[Row], now: datetime, limit: int = 40
) -> list[Row]:
    """The held meetings of these series from today on, soonest first (to move
    or cancel one): `series_id`, `title`, `date` (its original date), `start`."""
    first = today(now)
    out = []
    for row in series:
        full = meetings.get_series(str(row["id"]))
        if full is None:
            continue
        for o in meetings.occurrences(full, first - timedelta(days=7), first + timedelta(days=200)):
            if o.held and o.end >= now:
                out.append(_occurrence_row(full, o))
    out.sort(key=lambda r: str(r["start"]))
    return out[:limit]


def _occurrence_row(series: Row, o: Occurrence) -> Row:
    return {
        "series_id": str(series["id"]),
        "title": series["title"],
        "date": o.key.isoformat(),
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
    }


def meeting_to_run(
    plan: PlanQueries,
    meetings: MeetingQueries,
    person: str,
    now: datetime,
    channel: tuple[str, str | None] | None = None,
) -> Row | None:
    """The meeting a `närvaro` or `stäng mötet` is about: the one going on in
    this chat channel, else the person's meeting nearest to now today (or
    yesterday's, to be closed late), one of this channel's series first.
    None when they run none of those."""
    ours: set[str] = set()
    if channel is not None:
        found = meetings.meeting_now(channel[0], channel[1], now)
        if found is not None:
            return found
        ours = {str(s["id"]) for s in meetings.series_for_channel(channel[0], channel[1])}
    first = today(now)
    recent = [
        row
        for row in meetings.my_meetings(person, now)
        if row["state"] != "cancelled"
        and first - timedelta(days=1)
        <= datetime.fromisoformat(str(row["start"])).astimezone(STOCKHOLM).date()
        <= first
    ]
    channels = [row for row in recent if str(row["series_id"]) in ours]
    found_first = channels or recent
    return found_first[0] if found_first else None


def runs(plan: PlanQueries, meetings: MeetingQueries, person: str, series_id: str) -> bool:
    """Whether the person runs this series (to show its forms; the command decides)."""
    series = meetings.get_series(series_id)
    return series is not None and manages(person, plan.arena_roles(person), series)


def evaluations_due(meetings: MeetingQueries, series: list[Row], now: datetime) -> list[Row]:
    """The series whose evaluation is due and not yet given (as the web asks it)."""
    out = []
    for row in series:
        full = meetings.get_series(str(row["id"]))
        if full is None or not full["evaluate_after"] or full["ended_on"]:
            continue
        if any(h["kind"] == "evaluated" for h in full["history"]):
            continue
        nth = meetings.nth_held(full, full["evaluate_after"])
        if nth is not None and nth.end <= now:
            out.append(full)
    return out


# -- the new-series form ---------------------------------------------------------------


@dataclass(frozen=True)
class SeriesForm:
    """A new-series form as it was filled in (strings, as both doors get them)."""

    values: dict[str, str]

    @classmethod
    def of(cls, raw: object) -> SeriesForm:
        if not isinstance(raw, dict):
            return cls({})
        return cls({k: str(raw[k]).strip()[:300] for k in FIELDS if isinstance(raw.get(k), str)})

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def rule_of(form: SeriesForm, lang: str) -> tuple[Rule | None, dict[str, str]]:
    """The rule the form asks for, or what is wrong (field -> words)."""
    tr = translator(lang)
    wrong: dict[str, str] = {}
    weekday, duration = _int(form.get("weekday")), _int(form.get("duration_minutes"))
    interval, starts = _int(form.get("interval_weeks")), _day(form.get("starts_on"))
    for name, value in (
        ("weekday", weekday),
        ("duration_minutes", duration),
        ("interval_weeks", interval),
        ("starts_on", starts),
    ):
        if value is None:
            wrong[name] = tr.gettext(EMPTY)
    if not form.get("start_time"):
        wrong["start_time"] = tr.gettext(EMPTY)
    if wrong:
        return None, wrong
    assert weekday is not None and duration is not None and interval is not None
    assert starts is not None
    try:
        rule = domain_rule(
            effective_from=starts,
            interval_weeks=interval,
            weekday=weekday,
            start_time=form.get("start_time"),
            duration_minutes=duration,
        )
    except DomainError as error:
        return None, {COMMAND_FIELDS.get(error.field or "", "weekday"): error_text(error, lang)}
    return rule, {}


def preview(
    rule: Rule,
    first: date,
    policy: str = HolidayPolicy.NEXT_WORKING_DAY.value,
    until: date | None = None,
) -> list[Occurrence]:
    """The next meetings of a rule from `first` on (holidays marked, moved
    dates shown): the domain's own occurrences, as every door's preview shows them."""
    weeks = rule["interval_weeks"] * (PREVIEWED + 1) + 2
    found = occurrences(
        [rule],
        tz_name=DEFAULT_TZ,
        policy=policy,
        overrides={},
        start=first,
        end=first + timedelta(weeks=weeks),
        until=until,
    )
    return found[:PREVIEWED]


def occurrence_words(o: Occurrence, tr: Translator) -> str:
    """One previewed meeting in words (as the web's list says it)."""
    if o.state.value == "moved" and o.holiday:
        return tr.gettext(
            "{day} is {holiday}: moved to {when}",
            day=tr.day(o.key),
            holiday=o.holiday,
            when=tr.when(o.start),
        )
    if o.state.value == "skipped":
        return tr.gettext("{day} is {holiday}: no meeting", day=tr.day(o.key), holiday=o.holiday)
    return tr.when(o.start)


def preview_words(rule: Rule, first: date, lang: str) -> tuple[str, list[str]]:
    """The rule in words ("We meet every other Tuesday…") and the next meetings."""
    tr = translator(lang)
    said = tr.gettext("We meet {rule}.", rule=describe_rule(rule, tr))
    return said, [occurrence_words(o, tr) for o in preview(rule, first)]


def schedule_command(
    form: SeriesForm,
    moderator: str | None,
    secretary: str | None,
    lang: str,
    teams_channel: str | None = None,
) -> tuple[m.ScheduleSeries | None, dict[str, str]]:
    """The `ScheduleSeries` the form asks for (moderator and secretary as the
    door found the persons; the Teams channel it was typed in, which the
    domain checks and records with it), or what is wrong (field -> words)."""
    tr = translator(lang)
    rule, wrong = rule_of(form, lang)
    if not form.get("title"):
        wrong["title"] = tr.gettext(EMPTY)
    scope = form.get("scope")
    kind, _, scope_id = scope.partition(":")
    if kind not in ("a", "i") or _uuid(scope_id) is None:
        wrong["scope"] = tr.gettext(EMPTY)
    if moderator is None:
        wrong["moderator"] = tr.gettext(NOT_LINKED if form.get("moderator") else EMPTY)
    if form.get("secretary") and secretary is None:
        wrong["secretary"] = tr.gettext(NOT_LINKED)
    if wrong or rule is None:
        return None, wrong
    assert moderator is not None
    try:
        command = m.ScheduleSeries(
            title=form.get("title"),
            arena_id=_uuid(scope_id) if kind == "a" else None,
            initiative_id=_uuid(scope_id) if kind == "i" else None,
            moderator_id=UUID(moderator),
            secretary_id=UUID(secretary) if secretary else None,
            starts_on=date.fromisoformat(rule["effective_from"]),
            weekday=rule["weekday"],
            start_time=rule["start_time"],
            duration_minutes=rule["duration_minutes"],
            interval_weeks=rule["interval_weeks"],
            slack_channel=form.get("channel") or None,
            teams_channel=teams_channel or None,
        )
    except ValidationError as error:
        for problem in error.errors():
            where = str(problem["loc"][0]) if problem["loc"] else ""
            wrong[COMMAND_FIELDS.get(where, "title")] = tr.gettext(NOT_ACCEPTED)
        return None, wrong
    return command, {}


def _uuid(text: str) -> UUID | None:
    return as_uuid(text)


def as_uuid(value: object) -> UUID | None:
    """An id a chat form sent back, or None."""
    try:
        return UUID(str(value))
    except ValueError:
        return None


def reason_in(value: object) -> str | None:
    """A free text a chat form sent back, trimmed; None when empty."""
    return (value.strip() or None) if isinstance(value, str) else None


def end_command(values: dict[str, Any]) -> m.EndSeries | None:
    """Ending the series a chat form names on its last day (fields `series`,
    `last_day`, `reason`); None when the series or the day is missing."""
    series = as_uuid(values.get("series"))
    try:
        last = date.fromisoformat(str(values.get("last_day")).strip())
    except ValueError:
        return None
    if series is None:
        return None
    return m.EndSeries(series_id=series, last_day=last, reason=reason_in(values.get("reason")))


def moved_to(values: dict[str, Any]) -> datetime | None:
    """The new local start a chat form gives (fields `date` and `time`)."""
    try:
        day = date.fromisoformat(str(values.get("date")).strip())
        return datetime.combine(day, time.fromisoformat(str(values.get("time")).strip()))
    except ValueError:
        return None


def ids_in(value: object) -> list[UUID]:
    """The ids in a list a chat form sent back (anything else: none)."""
    items = value if isinstance(value, list) else []
    return [u for u in (as_uuid(x) for x in items[:500]) if u is not None]


def meeting_ref(value: object) -> tuple[UUID, date] | None:
    """A meeting a chat form sent back, `<series id>|<original date>`, or None."""
    series, _, day = str(value or "").partition("|")
    try:
        return UUID(series), date.fromisoformat(day)
    except ValueError:
        return None
