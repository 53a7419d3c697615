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


class Rsvp(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TENTATIVE = "tentative"


RSVP_SV = {
    Rsvp.ACCEPTED: "tackade ja",
    Rsvp.DECLINED: "tackade nej",
    Rsvp.TENTATIVE: "svarade kanske",
}


class RecordRsvp(Command):
    """`person_id` answers for the series, or for the meeting of `occurrence_date`."""

    series_id: UUID
    person_id: UUID
    response: str
    occurrence_date: date | None = None
