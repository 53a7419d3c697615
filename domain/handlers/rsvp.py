"""Handler for answers to meeting invitations (RSVP)."""

from __future__ import annotations

from domain.errors import Forbidden, InvalidTransition
from domain.handlers.meetings import meeting_of
from domain.handlers.registry import handles
from domain.meetings.meeting import Meeting
from domain.meetings.rsvp import RecordRsvp, Rsvp
from domain.meetings.series import MeetingSeries
from domain.meta import SYSTEM_ACTOR, Meta
from domain.uow import UnitOfWork
from domain.values import parse_enum


@handles(RecordRsvp)
def record_rsvp(uow: UnitOfWork, cmd: RecordRsvp, meta: Meta) -> MeetingSeries | Meeting:
    response = parse_enum(Rsvp, cmd.response, "response").value
    series = uow.get(MeetingSeries, cmd.series_id, field="series_id")
    if not series.is_invited(str(cmd.person_id)):
        raise Forbidden("only people invited to the series answer its invitation", field="actor")
    if meta["actor"] not in (str(cmd.person_id), SYSTEM_ACTOR) and not series.is_manager(
        meta["actor"]
    ):
        raise Forbidden("people answer invitations for themselves", field="actor")
    if cmd.occurrence_date is None:
        series.record_rsvp(cmd.person_id, response, meta=meta)
        return series
    occurrence = series.answered_occurrence(cmd.occurrence_date)
    if not occurrence.held:
        raise InvalidTransition("that meeting does not take place", field="occurrence_date")
    meeting = meeting_of(uow, series, occurrence.key, meta)
    meeting.record_rsvp(cmd.person_id, response, meta=meta)
    return meeting
