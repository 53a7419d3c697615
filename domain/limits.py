"""Field limits of commands: how long a text, how large a number, may be.

Every front door builds the same command models (domain.commands and the
feature packages), so a limit stated here holds for HTTP, Slack, mail and
the CLI alike; the HTTP request bodies are derived from the commands and
document these limits in /openapi.json.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints


def text(max_length: int, *, min_length: int = 0) -> StringConstraints:
    """A text of at most `max_length` characters (and at least `min_length`)."""
    return StringConstraints(min_length=min_length or None, max_length=max_length)


# -- plan ------------------------------------------------------------------------

Short = Annotated[str, text(200, min_length=1)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=r"^\S+$")]
Long = Annotated[str, text(10_000)]
Version = Annotated[int, Field(ge=1, le=10**9)]
Email = Annotated[str, text(254)]
Organisation = Annotated[str, text(200)]
SlackId = Annotated[str, text(32)]
SlackUser = Annotated[str, text(32, min_length=1)]
Title = Annotated[str, text(300, min_length=1)]
Note = Annotated[str, text(2000)]
Reason = Annotated[str, text(2000, min_length=1)]
Url = Annotated[str, text(2000)]
PartId = Annotated[str, text(32, min_length=1)]
DecisionText = Annotated[str, text(5000, min_length=1)]
MeetingRef = Annotated[str, text(64)]
TokenLabel = Annotated[str, text(100)]
Objectives = Annotated[list[Note], Field(max_length=50)]

# -- meetings and check-ins ------------------------------------------------------

Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
Clock = Annotated[str, Field(pattern=r"^\d{2}:\d{2}$", description="Local time, HH:MM")]
Weekday = Annotated[int, Field(ge=0, le=6, description="0 = Monday")]
Duration = Annotated[int, Field(ge=5, le=600)]
IntervalWeeks = Annotated[int, Field(ge=1, le=12)]
MeetingReason = Annotated[str, text(500)]
Place = Annotated[str, text(300)]
AgendaNote = Annotated[str, text(5000)]
MinutesText = Annotated[str, text(50_000)]
ActionText = Annotated[str, text(2000, min_length=1)]
MonthDay = Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")]
AudienceKind = Annotated[str, Field(pattern="^(initiative|arena|persons)$")]
Recipients = Annotated[list[UUID], Field(max_length=20_000)]
Reminders = Annotated[list[Annotated[int, Field(ge=1, le=720)]], Field(max_length=5)]
Contacts = Annotated[list[UUID], Field(min_length=1, max_length=5000)]

# -- funds -----------------------------------------------------------------------

# Strict: an integer only (true would be 1 öre, "100" and 100.0 would pass).
Ore = Annotated[
    int, Field(strict=True, ge=1, le=10**14, description="Amount in öre (1 kr = 100 öre)")
]
Sek = Literal["SEK"]
Year = Annotated[int, Field(ge=2000, le=2100)]
Ref = Annotated[str, text(200)]
EntryId = Annotated[str, text(32, min_length=1)]
Area = Annotated[str, text(60, min_length=1)]
