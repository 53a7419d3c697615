"""iTIP REPLY (RFC 5546) from calendar clients -> who answered what.

A REPLY's VEVENT names the attendee and their PARTSTAT; with a RECURRENCE-ID
it answers one occurrence (named by its original start, whose local date is
the occurrence's key), without one the whole series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from domain.meetings.rsvp import Rsvp

PARTSTAT = {
    "ACCEPTED": Rsvp.ACCEPTED.value,
    "DECLINED": Rsvp.DECLINED.value,
    "TENTATIVE": Rsvp.TENTATIVE.value,
}
MAX_EVENTS = 50


@dataclass(frozen=True)
class Answer:
    attendee: str  # e-mail address, lower case
    response: str  # accepted | declined | tentative
    occurrence_date: date | None  # None: the whole series


def _calendar_parts(message: EmailMessage) -> list[str]:
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                found.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return found


def has_calendar(message: EmailMessage) -> bool:
    return any(p.get_content_type() == "text/calendar" for p in message.walk())


def _day(value: Any, tz: ZoneInfo) -> date | None:
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime):
        return moment.astimezone(tz).date() if moment.tzinfo else moment.date()
    if isinstance(moment, date):
        return moment
    return None


def _address(value: Any) -> str:
    text = str(value).strip()
    return text[7:].lower() if text.lower().startswith("mailto:") else text.lower()


def calendar_answers(message: EmailMessage, timezone: str = "Europe/Stockholm") -> list[Answer]:
    """The answers in the message's METHOD:REPLY calendar parts ([] if none)."""
    tz = ZoneInfo(timezone)
    answers: list[Answer] = []
    for text in _calendar_parts(message):
        try:
            calendar = Calendar.from_ical(text)
        except (ValueError, KeyError, IndexError, TypeError):
            continue
        if str(calendar.get("METHOD", "")).upper() != "REPLY":
            continue
        for event in calendar.walk("VEVENT")[:MAX_EVENTS]:
            attendees = event.get("ATTENDEE")
            if attendees is None:
                continue
            if not isinstance(attendees, list):
                attendees = [attendees]
            occurrence = None
            if event.get("RECURRENCE-ID") is not None:
                occurrence = _day(event.get("RECURRENCE-ID"), tz)
                if occurrence is None:
                    continue
            for attendee in attendees:
                params = getattr(attendee, "params", {})
                response = PARTSTAT.get(str(params.get("PARTSTAT", "")).upper())
                if response is not None:
                    answers.append(Answer(_address(attendee), response, occurrence))
    return answers
