"""Meeting series and meetings: schedules, agendas, attendance, minutes, actions."""

from __future__ import annotations

from typing import Any

from domain.meetings.meeting import Meeting
from domain.meetings.series import MeetingSeries
from projections.framework import PROJECTION, Ctx, touch
from projections.meetings import tables as mt
from projections.store import Row, RowStore, fields, optional_id, require

on = PROJECTION.on


def _series(rows: RowStore, ctx: Ctx, *, revise: bool = False, **changes: Any) -> None:
    row = require(rows, mt.meeting_series, ctx.aggregate_id)
    revision = row["schedule_revision"] + (1 if revise else 0)
    rows.put(mt.meeting_series, ctx.changed(row, **changes, schedule_revision=revision))


def _history(rows: RowStore, ctx: Ctx, kind: str, day: Any, detail: str) -> None:
    rows.append(
        mt.series_events,
        {
            "position": ctx.position,
            "series_id": ctx.aggregate_id,
            "kind": kind,
            "occurrence_date": day.isoformat() if day is not None else None,
            "detail": detail,
            "recorded_at": ctx.at,
        },
    )


@on(MeetingSeries, "Scheduled")
def series_scheduled(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        mt.meeting_series,
        ctx.new_row(
            {
                "title": e.title,
                "arena_id": optional_id(e.arena_id),
                "initiative_id": optional_id(e.initiative_id),
                "moderator_id": str(e.moderator_id),
                "secretary_id": optional_id(e.secretary_id),
                **fields(e, "timezone", "holiday_policy", "rules"),
                "overrides": {},
                "starts_on": e.rules[0]["effective_from"],
                "until": e.until.isoformat() if e.until else None,
                "ended_on": None,
                "location": e.place["location"],
                "video_link": e.place["video_link"],
                "slack_channel": e.place["slack_channel"],
                "teams_channel": "",
                **fields(e, "agenda_template", "evaluate_after", "status_round_days"),
                "schedule_revision": 1,
            },
        ),
    )
    for person_id in e.invitees:
        rows.put(
            mt.series_invitees,
            {
                "series_id": ctx.aggregate_id,
                "person_id": person_id,
                "since": ctx.at,
                "since_revision": 1,
            },
        )
    _history(rows, ctx, "scheduled", None, e.title)


@on(MeetingSeries, "Rescheduled")
def series_rescheduled(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.meeting_series, ctx.aggregate_id)
    start = e.rule["effective_from"]
    kept = [r for r in row["rules"] if r["effective_from"] < start]
    overrides = {k: v for k, v in row["overrides"].items() if k < start}
    _series(rows, ctx, revise=True, rules=[*kept, e.rule], overrides=overrides)
    _history(rows, ctx, "rescheduled", None, f"från {start}")


@on(MeetingSeries, "InviteeAdded")
def invitee_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.meeting_series, ctx.aggregate_id)
    rows.put(
        mt.series_invitees,
        {
            "series_id": ctx.aggregate_id,
            "person_id": str(e.person_id),
            "since": ctx.at,
            "since_revision": row["schedule_revision"],
        },
    )
    _series(rows, ctx)


@on(MeetingSeries, "InviteeRemoved")
def invitee_removed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.delete(mt.series_invitees, ctx.aggregate_id, str(e.person_id))
    _series(rows, ctx)


@on(MeetingSeries, "OccurrenceCancelled", "OccurrenceMoved")
def occurrence_changed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.meeting_series, ctx.aggregate_id)
    key = e.occurrence_date.isoformat()
    cancelled = type(e).__name__ == "OccurrenceCancelled"
    override = {
        "state": "cancelled" if cancelled else "moved",
        "starts_local": None if cancelled else e.starts_local,
        "duration_minutes": None if cancelled else e.duration_minutes,
        "reason": e.reason,
    }
    _series(rows, ctx, revise=True, overrides={**row["overrides"], key: override})
    detail = e.reason if cancelled else f"till {e.starts_local}"
    _history(rows, ctx, override["state"], e.occurrence_date, detail)


@on(MeetingSeries, "HolidaySkipped")
def holiday_skipped(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _series(rows, ctx)
    _history(rows, ctx, "holiday-skipped", e.occurrence_date, e.holiday)


@on(MeetingSeries, "Ended")
def series_ended(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _series(rows, ctx, revise=True, ended_on=e.last_day.isoformat())
    _history(rows, ctx, "ended", e.last_day, e.reason)


@on(MeetingSeries, "TeamsChannelSet")
def series_teams_channel_set(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _series(rows, ctx, teams_channel=e.conversation_id)


@on(MeetingSeries, "SlackChannelSet")
def series_slack_channel_set(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _series(rows, ctx, slack_channel=e.channel)


@on(MeetingSeries, "Evaluated")
def series_evaluated(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _series(rows, ctx)
    _history(rows, ctx, "evaluated", None, f"{e.verdict}: {e.comment}" if e.comment else e.verdict)


# -- meetings --------------------------------------------------------------------


def _agenda_row(ctx: Ctx, item_id: str, item: Any, position: int) -> Row:
    return {
        "meeting_id": ctx.aggregate_id,
        "item_id": item_id,
        "position": position,
        "title": item["title"],
        "note": item["note"],
        "proposed_by": item["proposed_by"],
        "kind": item["kind"],
    }


@on(Meeting, "Planned")
def meeting_planned(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        mt.meetings,
        ctx.new_row(
            {
                "series_id": str(e.series_id),
                "occurrence_date": e.occurrence_date.isoformat(),
                **fields(e, "title", "starts_at", "ends_at"),
                "state": "planned",
                "moved_reason": e.moved_reason,
                "holiday": e.holiday,
                "notes": "",
                "summary": None,
                "closed_at": None,
            },
            times=("planned_at", "updated_at"),
        ),
    )
    for n, (item_id, item) in enumerate(e.agenda.items()):
        # Template items sort before anything proposed later.
        rows.put(mt.agenda_items, _agenda_row(ctx, item_id, item, n - 1000))


@on(Meeting, "AgendaItemAdded")
def agenda_item_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(mt.agenda_items, _agenda_row(ctx, e.item_id, e.item, ctx.position))
    touch(rows, mt.meetings, ctx)


PROJECTION.removes(Meeting, mt.meetings, AgendaItemWithdrawn=(mt.agenda_items, lambda e: e.item_id))


@on(Meeting, "AttendanceRecorded")
def attendance_recorded(e: Any, ctx: Ctx, rows: RowStore) -> None:
    for person_id, present in e.attendance.items():
        rows.put(
            mt.meeting_attendance,
            {"meeting_id": ctx.aggregate_id, "person_id": person_id, "present": present},
        )
    touch(rows, mt.meetings, ctx)


PROJECTION.sets(Meeting, mt.meetings, NotesWritten=lambda e: {"notes": e.text})


@on(Meeting, "DecisionNoted")
def decision_noted(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        mt.meeting_decisions,
        {
            "meeting_id": ctx.aggregate_id,
            "decision_id": str(e.decision_id),
            "text": e.text,
            "position": ctx.position,
        },
    )
    touch(rows, mt.meetings, ctx)


@on(Meeting, "ActionItemAssigned")
def action_assigned(e: Any, ctx: Ctx, rows: RowStore) -> None:
    meeting = require(rows, mt.meetings, ctx.aggregate_id)
    rows.put(
        mt.action_items,
        {
            "meeting_id": ctx.aggregate_id,
            "item_id": e.item_id,
            "series_id": meeting["series_id"],
            "occurrence_date": meeting["occurrence_date"],
            "text": e.text,
            "assignee_id": str(e.assignee_id),
            "due": e.due.isoformat() if e.due else None,
            "done_on": None,
            "assigned_at": ctx.at,
        },
    )
    touch(rows, mt.meetings, ctx)


@on(Meeting, "ActionItemCompleted")
def action_completed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.action_items, ctx.aggregate_id, e.item_id)
    rows.put(mt.action_items, {**row, "done_on": e.done_on.isoformat()})
    touch(rows, mt.meetings, ctx)


@on(Meeting, "Closed")
def meeting_closed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(rows, mt.meetings, ctx, state="closed", summary=e.summary, closed_at=ctx.at)


PROJECTION.sets(
    Meeting,
    mt.meetings,
    Cancelled=lambda e: {"state": "cancelled", "moved_reason": e.reason},
    Retimed=lambda e: {**fields(e, "starts_at", "ends_at"), "moved_reason": e.reason},
)
