"""Commands for what members add to a meeting's minutes from a chat or mail.

Anyone invited to the series (and its arena's secretaries and moderators)
adds notes and decisions to one of its open meetings; each keeps its
source, such as the Slack message's permalink.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from domain.meetings.commands import OfOccurrence


class AddMeetingNote(OfOccurrence):
    text: str
    source: str | None = None


class DecideInMeeting(OfOccurrence):
    """A decision of the meeting (decided_by = the meeting), noted in its minutes."""

    text: str
    rationale: str | None = None
    source: str | None = None
    initiative_ids: list[UUID] = Field(default_factory=list)
