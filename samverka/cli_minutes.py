"""CLI commands for one meeting: agenda, attendance, minutes, decisions, action items."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from domain import commands as c
from domain.meetings import commands as m
from domain.meetings.meeting import meeting_id
from samverka.cli_common import (
    TextArg,
    TextOpt,
    echo_json,
    echo_read,
    fail,
    initiative_ref,
    now,
    person_ref,
    run,
    t,
    using,
    uuid_ref,
)
from samverka.cli_meetings import Day, meetings_app, on_day


@meetings_app.command("show")
def show(series: TextArg, day: Day) -> None:
    """A meeting's page: agenda, attendance, notes, decisions, actions, carried-forward actions."""
    page = using(lambda k: k.meetings.meeting_on(uuid_ref(series, "series"), day.date()))
    if page is None:
        fail(t("that meeting is not planned yet (add an agenda item or wait for the scheduler)"))
    echo_json(page)


@meetings_app.command("agenda-add")
def agenda_add(
    series: TextArg,
    day: Day,
    title: TextArg,
    note: TextOpt = None,
) -> None:
    """Add an item to a meeting's agenda."""
    run(m.AddAgendaItem(**on_day(series, day), title=title, note=note))


@meetings_app.command("attendance")
def attendance(
    series: TextArg,
    day: Day,
    present: Annotated[list[str] | None, typer.Option(help="Person id (repeatable)")] = None,
    absent: Annotated[list[str] | None, typer.Option(help="Person id (repeatable)")] = None,
) -> None:
    """Record who was there."""
    run(
        m.RecordAttendance(
            **on_day(series, day),
            present=[person_ref(p) for p in present or []],
            absent=[person_ref(p) for p in absent or []],
        )
    )


@meetings_app.command("notes")
def notes(series: TextArg, day: Day, text: TextArg) -> None:
    """Write the minutes (replaces the earlier text; every version is kept)."""
    run(m.WriteNotes(**on_day(series, day), text=text))


@meetings_app.command("action")
def action(
    series: TextArg,
    day: Day,
    text: TextArg,
    assignee: Annotated[str, typer.Option(help="Person id")],
    due: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
) -> None:
    """Record an action item with an assignee and a due date."""
    run(
        m.AssignActionItem(
            **on_day(series, day),
            text=text,
            assignee_id=person_ref(assignee),
            due=due.date() if due else None,
        )
    )


@meetings_app.command("action-done")
def action_done(
    meeting: Annotated[str, typer.Argument(help="Meeting id")],
    item: Annotated[str, typer.Argument(help="Action item id")],
    on: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
) -> None:
    """Mark an action item done."""
    done_on = on.date() if on else now().date()
    run(
        m.CompleteActionItem(meeting_id=uuid_ref(meeting, "meeting"), item_id=item, done_on=done_on)
    )


@meetings_app.command("actions")
def actions(person: Annotated[str | None, typer.Option(help="Person id")] = None) -> None:
    """Open action items (of one person)."""
    person_id = str(person_ref(person)) if person else None
    echo_read(lambda k: k.meetings.open_actions(person_id=person_id))


@meetings_app.command("close")
def close(series: TextArg, day: Day) -> None:
    """Close a meeting: its minutes summary is recorded."""
    run(m.CloseMeeting(**on_day(series, day), closed_at=now()))


@meetings_app.command("decide")
def decide(
    series: TextArg,
    day: Day,
    text: TextArg,
    rationale: TextOpt = None,
    initiative: Annotated[list[str] | None, typer.Option(help="Initiative id or code")] = None,
) -> None:
    """Record a decision made in this meeting (the meeting is who decided)."""
    initiatives = using(lambda k: [initiative_ref(k, i) for i in initiative or []])
    mid = meeting_id(uuid_ref(series, "series"), day.date())
    run(
        c.RecordDecision(
            text=text,
            decision_date=day.date(),
            rationale=rationale,
            meeting_id=str(mid),
            initiative_ids=initiatives,
        )
    )
