"""CLI commands for meeting series and meetings (`samverka meetings ...`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import typer
from babel.dates import get_day_names

from domain.meetings import commands as m
from domain.meetings.recurrence import HolidayPolicy
from samverka.bootstrap import Container
from samverka.cli_common import (
    ArenaOpt,
    InitiativeOpt,
    TextArg,
    TextOpt,
    arena_ref,
    echo_json,
    echo_read,
    fail,
    id_or_none,
    initiative_ref,
    named,
    person_ref,
    run,
    t,
    using,
    uuid_ref,
)
from services.queries import Row

meetings_app = typer.Typer(
    help="Meeting series, meetings, minutes and action items.", no_args_is_help=True
)

# The weekday names a date option accepts, Swedish and English (Babel's).
WEEKDAY_NAMES = [
    [str(get_day_names("wide", locale=locale)[n]).lower() for n in range(7)]
    for locale in ("sv_SE", "en_GB")
]
Day = Annotated[
    datetime, typer.Argument(formats=["%Y-%m-%d"], help="The meeting's date (YYYY-MM-DD)")
]


class OutputFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


def weekday_number(value: str) -> int:
    text = value.strip().lower()
    if text.isdigit() and 0 <= int(text) <= 6:
        return int(text)
    for names in WEEKDAY_NAMES:
        for n, name in enumerate(names):
            if name.startswith(text[:3]) and len(text) >= 3:
                return n
    fail(t("{value} is not a weekday (0-6, monday, tisdag, ...)", value=repr(value)))


def on_day(series: str, day: datetime) -> dict[str, Any]:
    """The fields naming one meeting: its series and its date."""
    return {"series_id": uuid_ref(series, "series"), "occurrence_date": day.date()}


@meetings_app.command("schedule")
def schedule(
    title: Annotated[str, typer.Argument(help='e.g. "Öppet samordningsmöte: Digitala lösningar"')],
    moderator: Annotated[str, typer.Option(help="Moderator's person id")],
    starts_on: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="First possible day")],
    weekday: Annotated[str, typer.Option(help="0-6 or a name (tisdag, tuesday)")],
    time: Annotated[str, typer.Option(help="Local start time")] = "12:00",
    duration: Annotated[int, typer.Option(help="Minutes")] = 30,
    every: Annotated[int, typer.Option(help="Every N weeks")] = 2,
    arena: ArenaOpt = None,
    initiative: InitiativeOpt = None,
    secretary: Annotated[str | None, typer.Option(help="Secretary's person id")] = None,
    invitee: Annotated[list[str] | None, typer.Option(help="Person id (repeatable)")] = None,
    holiday_policy: Annotated[HolidayPolicy, typer.Option()] = HolidayPolicy.NEXT_WORKING_DAY,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    location: TextOpt = None,
    video_link: TextOpt = None,
    slack_channel: TextOpt = None,
    agenda: Annotated[
        list[str] | None, typer.Option(help="Agenda template item (repeatable)")
    ] = None,
    evaluate_after: Annotated[
        int | None, typer.Option(help="Prompt an evaluation after N meetings")
    ] = 3,
    status_round_days: Annotated[
        int | None, typer.Option(help="Open a status round N days before")
    ] = 3,
) -> None:
    """Schedule a meeting series (every N weeks on a weekday, Europe/Stockholm)."""
    arena_id, initiative_id = using(
        lambda k: (
            arena_ref(k, arena) if arena else None,
            initiative_ref(k, initiative) if initiative else None,
        )
    )
    run(
        m.ScheduleSeries(
            title=title,
            moderator_id=person_ref(moderator),
            starts_on=starts_on.date(),
            weekday=weekday_number(weekday),
            start_time=time,
            duration_minutes=duration,
            interval_weeks=every,
            arena_id=arena_id,
            initiative_id=initiative_id,
            secretary_id=person_ref(secretary) if secretary else None,
            invitees=[person_ref(p) for p in invitee or []],
            holiday_policy=holiday_policy,
            until=until.date() if until else None,
            location=location,
            video_link=video_link,
            slack_channel=slack_channel,
            agenda_template=agenda or [],
            evaluate_after=evaluate_after,
            status_round_days=status_round_days,
        )
    )


@meetings_app.command("series")
def series_list(
    arena: ArenaOpt = None,
    person: Annotated[str | None, typer.Option(help="Series this person is invited to")] = None,
) -> None:
    """List meeting series."""
    echo_read(
        lambda k: k.meetings.list_series(arena_id=id_or_none(k, arena_ref, arena), person_id=person)
    )


@meetings_app.command("series-show")
def series_show(series: Annotated[str, typer.Argument(help="Series id")]) -> None:
    """One series with invitees and its schedule history."""
    found = using(lambda k: k.meetings.get_series(str(uuid_ref(series, "series"))))
    if found is None:
        fail(t("no such series"))
    echo_json(found)


@meetings_app.command("upcoming")
def upcoming(
    series: Annotated[str | None, typer.Option(help="Only this series")] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day (default: 8 weeks)")
    ] = None,
    person: Annotated[str | None, typer.Option(help="Series this person is invited to")] = None,
    arena: ArenaOpt = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="json or table")
    ] = OutputFormat.JSON,
) -> None:
    """Coming meetings: series id, title, start and end (ISO 8601 with the local offset)."""

    def read(k: Container) -> list[Row]:
        now = k.clock.now()
        return k.meetings.upcoming(
            now=now,
            until=until.date() if until else (now + timedelta(weeks=8)).date(),
            series_id=str(uuid_ref(series, "series")) if series else None,
            person_id=str(person_ref(person)) if person else None,
            arena_id=id_or_none(k, arena_ref, arena),
        )

    rows = using(read)
    if fmt is OutputFormat.JSON:
        echo_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(t("start"), t("end"), t("title"), t("series"), t("note"))
    for row in rows:
        table.add_row(row["start"], row["end"], row["title"], row["series_id"], row["reason"])
    Console(width=200).print(table)


@meetings_app.command("reschedule")
def reschedule(
    series: Annotated[str, typer.Argument(help="Series id")],
    from_day: Annotated[
        datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day of the new rule")
    ],
    weekday: Annotated[str, typer.Option(help="0-6 or a name")],
    time: Annotated[str, typer.Option()] = "12:00",
    duration: Annotated[int, typer.Option()] = 30,
    every: Annotated[int, typer.Option()] = 2,
) -> None:
    """Give the series a new rule from a date onward."""
    run(
        m.RescheduleSeries(
            series_id=uuid_ref(series, "series"),
            effective_from=from_day.date(),
            weekday=weekday_number(weekday),
            start_time=time,
            duration_minutes=duration,
            interval_weeks=every,
        )
    )


@meetings_app.command("invite")
def invite(series: TextArg, person: TextArg) -> None:
    """Add a person to the series' invitees (the participant list grows)."""
    run(m.AddInvitee(series_id=uuid_ref(series, "series"), person_id=person_ref(person)))


@meetings_app.command("uninvite")
def uninvite(series: TextArg, person: TextArg) -> None:
    """Remove a person from the invitees."""
    run(m.RemoveInvitee(series_id=uuid_ref(series, "series"), person_id=person_ref(person)))


@meetings_app.command("cancel")
def cancel(
    series: TextArg,
    day: Day,
    reason: TextOpt = None,
) -> None:
    """Cancel one meeting."""
    run(m.CancelOccurrence(**on_day(series, day), reason=reason))


@meetings_app.command("move")
def move(
    series: TextArg,
    day: Day,
    to: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], help="New local start")
    ],
    duration: Annotated[int | None, typer.Option()] = None,
    reason: TextOpt = None,
) -> None:
    """Move one meeting to another local time."""
    run(
        named(
            m.MoveOccurrence,
            locals(),
            **on_day(series, day),
            starts_local=to,
            duration_minutes=duration,
        )
    )


@meetings_app.command("end")
def end(
    series: TextArg,
    last_day: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    reason: TextOpt = None,
) -> None:
    """End the series after a day (later meetings are cancelled)."""
    run(m.EndSeries(series_id=uuid_ref(series, "series"), last_day=last_day.date(), reason=reason))
