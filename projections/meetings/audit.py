"""What meetings, check-ins, surveys and notifications say in the audit trail
(the sentences are in services/i18n/audit.py)."""

from __future__ import annotations

from typing import Any

from domain.checkins.round import CheckInRound
from domain.checkins.survey import SurveyPlan
from domain.meetings.meeting import Meeting
from domain.meetings.series import MeetingSeries
from domain.notifications import Notification
from domain.values import Health
from projections.audit import Line, cut, describes, line, looked_up
from projections.framework import Ctx
from projections.meetings import tables as mt
from projections.store import RowStore


def _series(rows: RowStore, ctx: Ctx) -> str | None:
    return looked_up(rows, mt.meeting_series, (ctx.aggregate_id,), "title", 60)


def _meeting(rows: RowStore, ctx: Ctx) -> str | None:
    return looked_up(rows, mt.meetings, (ctx.aggregate_id,), "title", 70)


def _round(rows: RowStore, ctx: Ctx) -> str | None:
    return looked_up(rows, mt.checkin_rounds, (ctx.aggregate_id,), "title", 70)


def _notification(rows: RowStore, ctx: Ctx, limit: int) -> str | None:
    return looked_up(rows, mt.notifications, (ctx.aggregate_id,), "subject", limit)


# -- series ------------------------------------------------------------------------


@describes(MeetingSeries, "Scheduled")
def _scheduled(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("series.scheduled", title=cut(e.title, 60))


@describes(MeetingSeries, "Rescheduled")
def _rescheduled(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("series.rescheduled", series=_series(rows, ctx), date=e.rule["effective_from"])


@describes(MeetingSeries, "InviteeAdded", "InviteeRemoved")
def _invitee(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    added = type(e).__name__ == "InviteeAdded"
    message = "series.invitee_added" if added else "series.invitee_removed"
    return line(message, e.person_id, series=_series(rows, ctx))


@describes(MeetingSeries, "OccurrenceCancelled")
def _cancelled(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    day = e.occurrence_date.isoformat()
    return line("series.occurrence_cancelled", date=day, series=_series(rows, ctx))


@describes(MeetingSeries, "OccurrenceMoved")
def _moved(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "series.occurrence_moved",
        date=e.occurrence_date.isoformat(),
        series=_series(rows, ctx),
        to=e.starts_local.replace("T", " "),
    )


@describes(MeetingSeries, "HolidaySkipped")
def _holiday(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    day = e.occurrence_date.isoformat()
    return line("series.holiday_skipped", date=day, series=_series(rows, ctx), holiday=e.holiday)


@describes(MeetingSeries, "Ended")
def _ended(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("series.ended", series=_series(rows, ctx), date=e.last_day.isoformat())


@describes(MeetingSeries, "TeamsChannelSet")
def _teams_channel_set(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    if not e.conversation_id:
        return line("series.teams_channel_removed", series=_series(rows, ctx))
    return line("series.teams_channel_set", series=_series(rows, ctx))


@describes(MeetingSeries, "SlackChannelSet")
def _slack_channel_set(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    if not e.channel:
        return line("series.slack_channel_removed", series=_series(rows, ctx))
    return line("series.slack_channel_set", series=_series(rows, ctx), channel=e.channel)


@describes(MeetingSeries, "Evaluated")
def _evaluated(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("series.evaluated", series=_series(rows, ctx), verdict=e.verdict)


# -- meetings ------------------------------------------------------------------------


@describes(Meeting, "Planned")
def _planned(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    if e.moved_reason:
        return line("meeting.planned_moved", title=cut(e.title, 70), reason=cut(e.moved_reason, 60))
    return line("meeting.planned", title=cut(e.title, 70))


@describes(Meeting, "AgendaItemAdded")
def _agenda_added(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    title = cut(e.item["title"], 60)
    return line("meeting.agenda_item_added", title=title, meeting=_meeting(rows, ctx))


@describes(Meeting, "AgendaItemWithdrawn", "NotesWritten", "Closed")
def _meeting_changed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    message = {
        "AgendaItemWithdrawn": "meeting.agenda_item_withdrawn",
        "NotesWritten": "meeting.notes_written",
        "Closed": "meeting.closed",
    }[type(e).__name__]
    return line(message, meeting=_meeting(rows, ctx))


@describes(Meeting, "AttendanceRecorded")
def _attendance(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    present = sum(1 for here in e.attendance.values() if here)
    return line("meeting.attendance_recorded", meeting=_meeting(rows, ctx), present=present)


@describes(Meeting, "DecisionNoted")
def _decision(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("meeting.decision_noted", meeting=_meeting(rows, ctx), text=cut(e.text, 70))


@describes(Meeting, "ActionItemAssigned")
def _action(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    text = cut(e.text, 60)
    if e.due:
        due = e.due.isoformat()
        return line("meeting.action_item_assigned_due", e.assignee_id, text=text, date=due)
    return line("meeting.action_item_assigned", e.assignee_id, text=text)


@describes(Meeting, "ActionItemCompleted")
def _action_done(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    text = looked_up(rows, mt.action_items, (ctx.aggregate_id, e.item_id), "text", 60)
    return line("meeting.action_item_completed", text=text or e.item_id)


@describes(Meeting, "Cancelled")
def _meeting_cancelled(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("meeting.cancelled", meeting=_meeting(rows, ctx), reason=cut(e.reason, 60))


@describes(Meeting, "Retimed")
def _retimed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    to = e.starts_at[:16].replace("T", " ")
    return line("meeting.retimed", meeting=_meeting(rows, ctx), to=to)


# -- check-ins ---------------------------------------------------------------------


@describes(CheckInRound, "Opened")
def _round_opened(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("round.opened", title=cut(e.title, 70), count=len(e.recipients))


@describes(CheckInRound, "Answered")
def _answered(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    message = "round.answer_revised" if e.revision > 1 else "round.answered"
    health = next((v for v in e.answers.values() if v in set(Health)), None)
    if health is None:
        return line(message, round=_round(rows, ctx))
    return line(f"{message}_health", round=_round(rows, ctx), health=str(health))


@describes(CheckInRound, "AnswerCorrected")
def _answer_corrected(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    reason = cut(e.reason, 80)
    return line("round.answer_corrected", e.person_id, round=_round(rows, ctx), reason=reason)


@describes(CheckInRound, "Closed")
def _round_closed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    s = e.summary
    return line(
        "round.closed", round=_round(rows, ctx), answered=s["answered"], invited=s["invited"]
    )


@describes(SurveyPlan, "Scheduled")
def _survey(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("survey.scheduled", title=cut(e.title, 60))


@describes(SurveyPlan, "ContactAdded", "ContactRemoved")
def _contact(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    added = type(e).__name__ == "ContactAdded"
    return line("survey.contact_added" if added else "survey.contact_removed", e.person_id)


@describes(SurveyPlan, "Ended")
def _survey_ended(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("survey.ended")


# -- notifications ---------------------------------------------------------------


@describes(Notification, "Queued")
def _queued(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("notification.queued", title=cut(e.subject, 70), count=len(e.recipients))


@describes(Notification, "Sent")
def _sent(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("notification.sent", notification=_notification(rows, ctx, 70))


@describes(Notification, "Delivered")
def _delivered(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    subject, count = _notification(rows, ctx, 60), len(e.delivered)
    if e.unreachable:
        return line(
            "notification.delivered_partly",
            notification=subject,
            count=count,
            unreachable=len(e.unreachable),
        )
    return line("notification.delivered", notification=subject, count=count)


@describes(Notification, "Skipped")
def _skipped(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("notification.skipped", reason=cut(e.reason, 70))


@describes(Notification, "Failed")
def _failed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("notification.failed", reason=cut(e.error, 70))
