"""Handler for answers to meeting invitations (RSVP)."""

from __future__ import annotations

from domain.errors import Forbidden, InvalidTransition
from domain.handlers.meetings import may_manage, meeting_of
from domain.handlers.registry import handles
from domain.meetings.meeting import Meeting
from domain.meetings.rsvp import RecordRsvp, Rsvp
from domain.meetings.series import MeetingSeries
from domain.meta import Meta
from domain.uow import UnitOfWork
from domain.values import parse_enum


@handles(RecordRsvp)
def record_rsvp(uow: UnitOfWork, cmd: RecordRsvp, meta: Meta) -> MeetingSeries | Meeting:
    response = parse_enum(Rsvp, cmd.response, "response").value
    series = uow.get(MeetingSeries, cmd.series_id, field="series_id")
    if not series.is_invited(str(cmd.person_id)):
        raise Forbidden(
            "only people invited to the series answer its invitation",
            field="actor",
            rule="series.invited_only",
        )
    uow.allow_self(cmd.person_id, or_if=may_manage(uow, series))
    if cmd.occurrence_date is None:
        series.record_rsvp(cmd.person_id, response, meta=meta)
        return series
    occurrence = series.answered_occurrence(cmd.occurrence_date)
    if not occurrence.held:
        raise InvalidTransition("that meeting does not take place", field="occurrence_date")
    meeting = meeting_of(uow, series, occurrence.key, meta)
    meeting.record_rsvp(cmd.person_id, response, meta=meta)
    return meeting
