"""Answers to a meeting invitation (RSVP): for one meeting or the whole series.

Calendar clients answer an invitation with an iTIP REPLY (accepted, declined,
tentative); a reply naming one occurrence (RECURRENCE-ID) is about that
meeting, one without it is about the series.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.commands import Command
from domain.meta import Meta


class Rsvp(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TENTATIVE = "tentative"


class AnswersInvitations:
    """What a series and a meeting share: people's latest answers to their
    invitation. Each aggregate keeps its own `RsvpRecorded` event (its stored
    topic names the aggregate) and says when it takes answers."""

    def check_takes_answers(self) -> None:
        raise NotImplementedError

    def _rsvp_recorded(self, person_id: UUID, response: str, meta: Meta) -> None:
        raise NotImplementedError

    def record_rsvp(self, person_id: UUID, response: str, *, meta: Meta) -> None:
        """An invitee's answer to the invitation (iTIP REPLY); the same answer
        again records nothing."""
        self.check_takes_answers()
        if self.rsvps.get(str(person_id)) != response:
            self._rsvp_recorded(person_id=person_id, response=response, meta=meta)

    @property
    def rsvps(self) -> dict[str, str]:
        return dict(getattr(self, "_rsvps", {}))

    def _note_rsvp(self, person_id: UUID, response: str) -> None:
        self._rsvps = {**self.rsvps, str(person_id): response}


class RecordRsvp(Command):
    """`person_id` answers for the series, or for the meeting of `occurrence_date`."""

    series_id: UUID
    person_id: UUID
    response: str
    occurrence_date: date | None = None
