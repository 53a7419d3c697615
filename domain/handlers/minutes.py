"""Handlers for notes and decisions that members add to a meeting's minutes."""

from __future__ import annotations

import uuid
from datetime import date

from domain.decision import Decision, decided_by
from domain.handlers.meetings import invited_meeting
from domain.handlers.registry import handles
from domain.initiative import Initiative
from domain.meetings import minutes as n
from domain.meetings.meeting import Meeting
from domain.meetings.series import MeetingSeries
from domain.meta import Meta, with_business_date
from domain.uow import UnitOfWork


def _short_id() -> str:
    return uuid.uuid4().hex[:12]


def _open_meeting_for(
    uow: UnitOfWork, series_id: uuid.UUID, day: date, meta: Meta
) -> tuple[MeetingSeries, Meeting]:
    series, meeting = invited_meeting(uow, series_id, day, meta)
    meeting.check_open()
    return series, meeting


@handles(n.AddMeetingNote)
def add_meeting_note(uow: UnitOfWork, cmd: n.AddMeetingNote, meta: Meta) -> Meeting:
    _, meeting = _open_meeting_for(uow, cmd.series_id, cmd.occurrence_date, meta)
    meeting.add_entry(_short_id(), cmd.text, source=cmd.source, meta=meta)
    return meeting


@handles(n.DecideInMeeting)
def decide_in_meeting(uow: UnitOfWork, cmd: n.DecideInMeeting, meta: Meta) -> Decision:
    series, meeting = _open_meeting_for(uow, cmd.series_id, cmd.occurrence_date, meta)
    initiative_ids = list(cmd.initiative_ids)
    if not initiative_ids and series.initiative_id is not None:
        initiative_ids = [series.initiative_id]
    for initiative_id in initiative_ids:
        uow.get(Initiative, initiative_id, field="initiative_ids")
    decision_date = date.fromisoformat(meeting.starts_at[:10])
    meta = with_business_date(meta, decision_date)
    decision = Decision.record_in_meeting(
        cmd,
        by=decided_by(body=None, meeting_id=str(meeting.id), meeting_title=meeting.title),
        decision_date=decision_date,
        arena_id=series.arena_id,
        initiative_ids=initiative_ids,
        meta=meta,
    )
    uow.add(decision)
    meeting.note_decision(decision.id, decision.text, meta=meta)
    meeting.add_entry(
        _short_id(), decision.text, source=cmd.source, decision_id=decision.id, meta=meta
    )
    return decision
