"""Swedish audit lines for meetings, check-ins, surveys and notifications."""

from __future__ import annotations

from typing import Any

from domain.checkins.round import CheckInRound
from domain.checkins.survey import SurveyPlan
from domain.meetings.meeting import Meeting
from domain.meetings.series import MeetingSeries
from domain.notifications import Notification
from domain.values import HEALTH_SV, Health
from projections import meetings_tables as mt
from projections.audit import Summary, describes, esc, short
from projections.framework import Ctx
from projections.store import RowStore


def _series_title(rows: RowStore, ctx: Ctx) -> str:
    row = rows.get(mt.meeting_series, ctx.aggregate_id)
    return short(row["title"], 60) if row else "mötesserien"


def _meeting_title(rows: RowStore, ctx: Ctx) -> str:
    row = rows.get(mt.meetings, ctx.aggregate_id)
    return short(row["title"], 70) if row else "mötet"


def _round_title(rows: RowStore, ctx: Ctx) -> str:
    row = rows.get(mt.checkin_rounds, ctx.aggregate_id)
    return short(row["title"], 70) if row else "incheckningen"


# -- series ------------------------------------------------------------------------


@describes(MeetingSeries, "Scheduled")
def _scheduled(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} planerade mötesserien ”{short(e.title, 60)}”", None


@describes(MeetingSeries, "Rescheduled")
def _rescheduled(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    start = e.rule["effective_from"]
    return f"{{actor}} gav ”{_series_title(rows, ctx)}” ny tid från {start}", None


@describes(MeetingSeries, "InviteeAdded")
def _invitee_added(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} bjöd in {{subject}} till ”{_series_title(rows, ctx)}”", str(e.person_id)


@describes(MeetingSeries, "InviteeRemoved")
def _invitee_removed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    title = _series_title(rows, ctx)
    return f"{{actor}} tog bort {{subject}} från ”{title}”", str(e.person_id)


@describes(MeetingSeries, "OccurrenceCancelled")
def _cancelled(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    day = e.occurrence_date.isoformat()
    return f"{{actor}} ställde in mötet {day} i ”{_series_title(rows, ctx)}”", None


@describes(MeetingSeries, "OccurrenceMoved")
def _moved(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    day, to = e.occurrence_date.isoformat(), esc(e.starts_local.replace("T", " "))
    return f"{{actor}} flyttade mötet {day} i ”{_series_title(rows, ctx)}” till {to}", None


@describes(MeetingSeries, "HolidaySkipped")
def _holiday(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    day = e.occurrence_date.isoformat()
    title = _series_title(rows, ctx)
    return f"Mötet {day} i ”{title}” hoppas över: {esc(e.holiday)}", None


@describes(MeetingSeries, "Ended")
def _ended(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    day = e.last_day.isoformat()
    return f"{{actor}} avslutade mötesserien ”{_series_title(rows, ctx)}” efter {day}", None


# -- meetings ------------------------------------------------------------------------


@describes(Meeting, "Planned")
def _planned(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    moved = f" ({short(e.moved_reason, 60)})" if e.moved_reason else ""
    return f"Mötet ”{short(e.title, 70)}” planerades{moved}", None


@describes(Meeting, "AgendaItemAdded")
def _agenda_added(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    title = _meeting_title(rows, ctx)
    return f"{{actor}} lade till ”{short(e.item['title'], 60)}” på dagordningen för {title}", None


@describes(Meeting, "AgendaItemWithdrawn")
def _agenda_withdrawn(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} tog bort en punkt från dagordningen för {_meeting_title(rows, ctx)}", None


@describes(Meeting, "AttendanceRecorded")
def _attendance(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    present = sum(1 for here in e.attendance.values() if here)
    return f"{{actor}} förde närvaro för {_meeting_title(rows, ctx)} ({present} närvarande)", None


@describes(Meeting, "NotesWritten")
def _notes(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} skrev mötesanteckningar för {_meeting_title(rows, ctx)}", None


@describes(Meeting, "DecisionNoted")
def _decision(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    title = _meeting_title(rows, ctx)
    return f"Beslut i {title}: ”{short(e.text, 70)}”", None


@describes(Meeting, "ActionItemAssigned")
def _action(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    due = f" till {e.due.isoformat()}" if e.due else ""
    return f"{{actor}} gav {{subject}} åtgärden ”{short(e.text, 60)}”{due}", str(e.assignee_id)


@describes(Meeting, "ActionItemCompleted")
def _action_done(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    row = rows.get(mt.action_items, ctx.aggregate_id, e.item_id)
    text = short(row["text"], 60) if row else e.item_id
    return f"{{actor}} markerade åtgärden ”{text}” som klar", None


@describes(Meeting, "Closed")
def _closed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} avslutade {_meeting_title(rows, ctx)} och sammanfattade protokollet", None


@describes(Meeting, "Cancelled")
def _meeting_cancelled(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{_meeting_title(rows, ctx)} ställdes in: {short(e.reason, 60)}", None


@describes(Meeting, "Retimed")
def _retimed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    when = esc(e.starts_at[:16].replace("T", " "))
    return f"{_meeting_title(rows, ctx)} fick ny tid: {when}", None


# -- check-ins ---------------------------------------------------------------------


@describes(CheckInRound, "Opened")
def _round_opened(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} öppnade ”{short(e.title, 70)}” för {len(e.recipients)} personer", None


@describes(CheckInRound, "Answered")
def _answered(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    again = " (ändrat svar)" if e.revision > 1 else ""
    health = next((v for v in e.answers.values() if v in set(Health)), None)
    said = f": {HEALTH_SV[Health(health)]}" if health else ""
    return f"{{actor}} svarade på ”{_round_title(rows, ctx)}”{said}{again}", None


@describes(CheckInRound, "AnswerCorrected")
def _answer_corrected(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    title = _round_title(rows, ctx)
    return f"{{actor}} rättade svaret från {{subject}} på ”{title}”: {short(e.reason, 80)}", str(
        e.person_id
    )


@describes(CheckInRound, "Closed")
def _round_closed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    s = e.summary
    return f"”{_round_title(rows, ctx)}” stängdes: {s['answered']} av {s['invited']} svarade", None


@describes(SurveyPlan, "Scheduled")
def _survey(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} planerade den årliga enkäten ”{short(e.title, 60)}”", None


@describes(SurveyPlan, "ContactAdded")
def _contact_added(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return "{actor} lade till kontaktpersonen {subject} i enkäten", str(e.person_id)


@describes(SurveyPlan, "ContactRemoved")
def _contact_removed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return "{actor} tog bort kontaktpersonen {subject} från enkäten", str(e.person_id)


@describes(SurveyPlan, "Ended")
def _survey_ended(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return "{actor} avslutade den årliga enkäten", None


# -- notifications ---------------------------------------------------------------


@describes(Notification, "Queued")
def _queued(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    who = len(e.recipients)
    return f"Utskick köades: ”{short(e.subject, 70)}” till {who} mottagare", None


@describes(Notification, "Sent")
def _sent(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    row = rows.get(mt.notifications, ctx.aggregate_id)
    subject = short(row["subject"], 70) if row else "utskick"
    return f"Utskicket ”{subject}” skickades", None


@describes(Notification, "Delivered")
def _delivered(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    row = rows.get(mt.notifications, ctx.aggregate_id)
    subject = short(row["subject"], 60) if row else "utskick"
    if e.unreachable:
        return (
            f"Utskicket ”{subject}” nådde {len(e.delivered)} mottagare; "
            f"{len(e.unreachable)} gick inte att nå",
            None,
        )
    return f"Utskicket ”{subject}” nådde {len(e.delivered)} mottagare", None


@describes(Notification, "Skipped")
def _skipped(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"Ett utskick hoppades över: {short(e.reason, 70)}", None


@describes(Notification, "Failed")
def _failed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"Ett utskick misslyckades: {short(e.error, 70)}", None
