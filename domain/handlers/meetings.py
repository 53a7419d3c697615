"""Handlers for meeting series and meetings."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from domain.arena import Arena
from domain.authority import SECRETARY
from domain.errors import ValidationFailed
from domain.handlers.registry import acts_on, handles
from domain.initiative import Initiative
from domain.meetings import commands as m
from domain.meetings.meeting import Meeting, meeting_id
from domain.meetings.recurrence import OccurrenceState, Rule, make_rule
from domain.meetings.series import MeetingSeries, SeriesSetup
from domain.meta import Meta, with_business_date
from domain.person import Person
from domain.uow import UnitOfWork


def _short_id() -> str:
    return uuid.uuid4().hex[:12]


# -- series --------------------------------------------------------------------


def _rule(cmd: m.ScheduleSeries | m.RescheduleSeries, effective_from: date) -> Rule:
    """The schedule the command asks for, from `effective_from` on."""
    return make_rule(
        effective_from=effective_from,
        interval_weeks=cmd.interval_weeks,
        weekday=cmd.weekday,
        start_time=cmd.start_time,
        duration_minutes=cmd.duration_minutes,
    )


@handles(m.ScheduleSeries)
def schedule_series(uow: UnitOfWork, cmd: m.ScheduleSeries, meta: Meta) -> MeetingSeries:
    arena_id = cmd.arena_id
    arenas: list[uuid.UUID | None] = [arena_id]
    if cmd.initiative_id is not None:
        initiative = uow.get(Initiative, cmd.initiative_id)
        initiative.check_open_for_changes()
        arena_id = arena_id or initiative.arena_id
        arenas.append(initiative.arena_id)
    if arena_id is not None:
        uow.get(Arena, arena_id)
    uow.allow_in_arenas(arenas, SECRETARY)
    people = [cmd.moderator_id, *cmd.invitees]
    if cmd.secretary_id is not None:
        people.append(cmd.secretary_id)
    for person_id in people:
        uow.get(Person, person_id, field="invitees").check_not_forgotten()
    setup = SeriesSetup(
        title=cmd.title,
        arena_id=arena_id,
        initiative_id=cmd.initiative_id,
        moderator_id=cmd.moderator_id,
        secretary_id=cmd.secretary_id,
        invitees=list(cmd.invitees),
        rule=_rule(cmd, cmd.starts_on),
        timezone=cmd.timezone,
        holiday_policy=cmd.holiday_policy,
        until=cmd.until,
        location=cmd.location,
        video_link=cmd.video_link,
        slack_channel=cmd.slack_channel,
        agenda_template=list(cmd.agenda_template),
        evaluate_after=cmd.evaluate_after,
        status_round_days=cmd.status_round_days,
    )
    series = MeetingSeries.schedule(setup, meta=meta)
    if cmd.teams_channel:
        # Scheduled from a Teams channel (or given one): posted there from the start.
        series.set_teams_channel(cmd.teams_channel, meta=meta)
    uow.add(series)
    return series


def _planned_meetings(uow: UnitOfWork, series: MeetingSeries, start: date) -> list[Meeting]:
    """Meetings already planned from `start` on (a year ahead, by their ids)."""
    found = []
    for occurrence in series.occurrences(start, start + timedelta(days=366)):
        mid = meeting_id(series.id, occurrence.key)
        if uow.exists(mid):
            found.append(uow.get(Meeting, mid))
    return found


def _follow_series(uow: UnitOfWork, series: MeetingSeries, start: date, meta: Meta) -> None:
    """Planned meetings follow a changed schedule: new times, or cancelled."""
    for meeting in _planned_meetings(uow, series, start):
        found = series.occurrences(meeting.occurrence_date, meeting.occurrence_date)
        if not found or not found[0].held:
            reason = found[0].reason if found else "mötesserien ändrades"
            meeting.cancel(reason or "inställt", meta=meta)
        else:
            meeting.retime(found[0], meta=meta)


def managed_series(uow: UnitOfWork, series_id: uuid.UUID, *, or_if: bool = False) -> MeetingSeries:
    """The series, for its moderator and secretary and its arena's secretaries
    and moderators."""
    series = uow.get(MeetingSeries, series_id, field="series_id")
    uow.allow_in_arena(series.arena_id, SECRETARY, or_if=or_if or series.is_manager(uow.actor))
    return series


def may_manage(uow: UnitOfWork, series: MeetingSeries) -> bool:
    """Whether the actor runs the series' meetings (see managed_series)."""
    return series.is_manager(uow.actor) or uow.holds(series.arena_id, SECRETARY)


@handles(m.RescheduleSeries)
def reschedule_series(uow: UnitOfWork, cmd: m.RescheduleSeries, meta: Meta) -> MeetingSeries:
    series = managed_series(uow, cmd.series_id)
    series.check_version(cmd.expected_version)
    before = _planned_meetings(uow, series, cmd.effective_from)
    series.reschedule(_rule(cmd, cmd.effective_from), meta=meta)
    for meeting in before:
        found = series.occurrences(meeting.occurrence_date, meeting.occurrence_date)
        if not found or not found[0].held:
            meeting.cancel("mötesserien fick ny tid", meta=meta)
        else:
            meeting.retime(found[0], meta=meta)
    return series


def _managed(uow: UnitOfWork, cmd: m.AddInvitee) -> MeetingSeries:
    return managed_series(uow, cmd.series_id)


@acts_on(m.AddInvitee, _managed, brings=lambda cmd: cmd.person_id)
def add_invitee(series: MeetingSeries, cmd: m.AddInvitee, meta: Meta) -> None:
    series.add_invitee(cmd.person_id, meta=meta)


def _left_series(uow: UnitOfWork, cmd: m.RemoveInvitee) -> MeetingSeries:
    # Anyone may leave the series; its managers remove others.
    return managed_series(uow, cmd.series_id, or_if=uow.actor == str(cmd.person_id))


@acts_on(m.RemoveInvitee, _left_series)
def remove_invitee(series: MeetingSeries, cmd: m.RemoveInvitee, meta: Meta) -> None:
    series.remove_invitee(cmd.person_id, meta=meta)


def _evaluated_series(uow: UnitOfWork, cmd: m.EvaluateSeries) -> MeetingSeries:
    return managed_series(uow, cmd.series_id)


@acts_on(m.EvaluateSeries, _evaluated_series)
def evaluate_series(series: MeetingSeries, cmd: m.EvaluateSeries, meta: Meta) -> None:
    series.evaluate(cmd.verdict, cmd.comment, meta=meta)


def _channel_series(uow: UnitOfWork, cmd: m.SetTeamsChannel | m.SetSlackChannel) -> MeetingSeries:
    return managed_series(uow, cmd.series_id)


@acts_on(m.SetTeamsChannel, _channel_series)
def set_teams_channel(series: MeetingSeries, cmd: m.SetTeamsChannel, meta: Meta) -> None:
    series.set_teams_channel(cmd.conversation_id, meta=meta)


@acts_on(m.SetSlackChannel, _channel_series)
def set_slack_channel(series: MeetingSeries, cmd: m.SetSlackChannel, meta: Meta) -> None:
    series.set_slack_channel(cmd.channel, meta=meta)


@handles(m.CancelOccurrence)
def cancel_occurrence(uow: UnitOfWork, cmd: m.CancelOccurrence, meta: Meta) -> MeetingSeries:
    series = managed_series(uow, cmd.series_id)
    series.cancel_occurrence(cmd.occurrence_date, reason=cmd.reason, meta=meta)
    _follow_series(uow, series, cmd.occurrence_date, meta)
    return series


@handles(m.MoveOccurrence)
def move_occurrence(uow: UnitOfWork, cmd: m.MoveOccurrence, meta: Meta) -> MeetingSeries:
    series = managed_series(uow, cmd.series_id)
    series.move_occurrence(
        cmd.occurrence_date,
        starts_local=cmd.starts_local,
        duration_minutes=cmd.duration_minutes,
        reason=cmd.reason,
        meta=meta,
    )
    _follow_series(uow, series, cmd.occurrence_date, meta)
    return series


@handles(m.EndSeries)
def end_series(uow: UnitOfWork, cmd: m.EndSeries, meta: Meta) -> MeetingSeries:
    series = managed_series(uow, cmd.series_id)
    series.end(cmd.last_day, reason=cmd.reason, meta=meta)
    for meeting in _planned_meetings(uow, series, cmd.last_day + timedelta(days=1)):
        meeting.cancel("mötesserien avslutades", meta=meta)
    return series


# -- meetings ------------------------------------------------------------------


def meeting_of(uow: UnitOfWork, series: MeetingSeries, key: date, meta: Meta) -> Meeting:
    """The meeting of this occurrence, planned now if it was not yet."""
    mid = meeting_id(series.id, key)
    if uow.exists(mid):
        return uow.get(Meeting, mid)
    series.check_active()
    meeting = Meeting.plan(
        series_id=series.id,
        title=series.title,
        occurrence=series.occurrence(key),
        moderator_id=series.moderator_id,
        secretary_id=series.secretary_id,
        template=series.agenda_template,
        meta=meta,
    )
    return uow.created(meeting)


@handles(m.PlanMeeting)
def plan_meeting(uow: UnitOfWork, cmd: m.PlanMeeting, meta: Meta) -> MeetingSeries | Meeting:
    series = managed_series(uow, cmd.series_id)
    occurrence = series.occurrence(cmd.occurrence_date)
    if occurrence.state is OccurrenceState.SKIPPED:
        series.note_holiday_skip(cmd.occurrence_date, meta=meta)
        return series
    return meeting_of(uow, series, cmd.occurrence_date, meta)


def _series_meeting(
    uow: UnitOfWork, series_id: uuid.UUID, key: date, meta: Meta
) -> tuple[MeetingSeries, Meeting]:
    """The meeting, for those who run it (see managed_series)."""
    series = managed_series(uow, series_id)
    return series, meeting_of(uow, series, key, meta)


def invited_meeting(
    uow: UnitOfWork, series_id: uuid.UUID, key: date, meta: Meta
) -> tuple[MeetingSeries, Meeting]:
    """The meeting, for everyone invited to the series (and those who run it)."""
    series = uow.get(MeetingSeries, series_id, field="series_id")
    uow.allow(
        series.is_invited(uow.actor) or may_manage(uow, series),
        "only people invited to the series do this",
        rule="series.invited_only",
    )
    return series, meeting_of(uow, series, key, meta)


@handles(m.AddAgendaItem)
def add_agenda_item(uow: UnitOfWork, cmd: m.AddAgendaItem, meta: Meta) -> Meeting:
    _, meeting = invited_meeting(uow, cmd.series_id, cmd.occurrence_date, meta)
    meeting.add_agenda_item(_short_id(), cmd.title, cmd.note, kind="proposed", meta=meta)
    return meeting


@handles(m.WithdrawAgendaItem)
def withdraw_agenda_item(uow: UnitOfWork, cmd: m.WithdrawAgendaItem, meta: Meta) -> Meeting:
    series, meeting = invited_meeting(uow, cmd.series_id, cmd.occurrence_date, meta)
    # The item's proposer, or those who run the meeting.
    meeting.withdraw_agenda_item(cmd.item_id, may_manage=may_manage(uow, series), meta=meta)
    return meeting


@handles(m.RecordAttendance)
def record_attendance(uow: UnitOfWork, cmd: m.RecordAttendance, meta: Meta) -> Meeting:
    _, meeting = _series_meeting(uow, cmd.series_id, cmd.occurrence_date, meta)
    if len(cmd.present) + len(cmd.absent) > 1000:
        raise ValidationFailed("at most 1000 people at a time", field="present")
    for person_id in (*cmd.present, *cmd.absent):
        uow.get(Person, person_id, field="present")
    meeting.record_attendance(list(cmd.present), list(cmd.absent), meta=meta)
    return meeting


@handles(m.WriteNotes)
def write_notes(uow: UnitOfWork, cmd: m.WriteNotes, meta: Meta) -> Meeting:
    _, meeting = _series_meeting(uow, cmd.series_id, cmd.occurrence_date, meta)
    meeting.write_notes(cmd.text, meta=meta)
    return meeting


@handles(m.AssignActionItem)
def assign_action_item(uow: UnitOfWork, cmd: m.AssignActionItem, meta: Meta) -> Meeting:
    _, meeting = _series_meeting(uow, cmd.series_id, cmd.occurrence_date, meta)
    uow.get(Person, cmd.assignee_id, field="assignee_id").check_not_forgotten()
    meeting.assign_action(_short_id(), cmd.text, cmd.assignee_id, cmd.due, meta=meta)
    return meeting


@handles(m.CompleteActionItem)
def complete_action_item(uow: UnitOfWork, cmd: m.CompleteActionItem, meta: Meta) -> Meeting:
    meeting = uow.get(Meeting, cmd.meeting_id, field="meeting_id")
    series = uow.get(MeetingSeries, meeting.series_id)
    # The item's assignee, or those who run the meeting.
    uow.allow_by_aggregate()
    meeting.complete_action(
        cmd.item_id,
        cmd.done_on,
        may_manage=may_manage(uow, series),
        meta=with_business_date(meta, cmd.done_on),
    )
    return meeting


@handles(m.CloseMeeting)
def close_meeting(uow: UnitOfWork, cmd: m.CloseMeeting, meta: Meta) -> Meeting:
    _, meeting = _series_meeting(uow, cmd.series_id, cmd.occurrence_date, meta)
    meeting.close(cmd.closed_at, meta=with_business_date(meta, meeting.occurrence_date))
    return meeting
