"""iTIP for meeting series (RFC 5545/5546), built with the `icalendar` package.

A series becomes one recurring VEVENT per rule segment: the rules of
"reschedule from a date onward" are consecutive, so each segment is a
master VEVENT with its own RRULE (the earlier ones bounded by UNTIL), the
first with the series' stable UID `series-<id>@<domain>` and later ones with
`series-<id>-<yyyymmdd>@<domain>` (the way calendar clients split a series
"from this one onward"). Holiday skips and cancelled meetings are EXDATEs,
moved meetings (by hand or to the next working day) are override VEVENTs
with RECURRENCE-ID. Exceptions are listed up to a horizon (`HORIZON_YEARS`
past the day the message is written, or the series' end); the RRULE itself
is unbounded when the series is.

SEQUENCE is the series' schedule revision, which every change raises. Times
carry TZID with an RRULE-based VTIMEZONE (icalendar's own generator writes
an RDATE list that stops in 2038 and that Outlook mis-reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
)

from domain.meetings.recurrence import Occurrence, OccurrenceState, Rule, occurrences
from services.i18n import translator

PRODID = "-//Samverka//Samverka 1.0//SV"
HORIZON_YEARS = 5
# Zones that change on the EU rule: last Sunday of March and October, 01:00 UTC.
EU_RULE_PREFIXES = ("Europe/",)


@dataclass(frozen=True)
class Party:
    """Who the message is for and where their calendar's answers go."""

    name: str
    email: str
    reply_to: str  # the organizer address: the series reply address with a token


@dataclass(frozen=True)
class Segment:
    uid: str
    rule: Rule
    first: date  # the first day the rule applies
    last: date | None  # the last day (the next rule's start - 1, or the series' end)


# A calendar is built once per notification for a stand-in person and then
# personalised per recipient (500 invitees: one build, 500 cheap copies).
STAND_IN = Party(
    "SAMVERKA-STAND-IN-NAME", "stand-in@samverka.invalid", "organizer@samverka.invalid"
)


def _fold(line: str) -> str:
    """RFC 5545 line folding: at most 75 octets a line, never inside a character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def personalise(built: bytes, party: Party) -> bytes:
    """A calendar built for `STAND_IN`, for this person instead."""
    name = party.name.replace('"', "'").replace("\r", " ").replace("\n", " ")
    text = built.decode("utf-8").replace("\r\n ", "")
    text = (
        text.replace(f"CN={STAND_IN.name}", f'CN="{name}"')
        .replace(f"mailto:{STAND_IN.email}", f"mailto:{party.email}")
        .replace(f"mailto:{STAND_IN.reply_to}", f"mailto:{party.reply_to}")
    )
    return "".join(_fold(line) + "\r\n" for line in text.split("\r\n") if line).encode()


def series_uid(series_id: str, domain: str) -> str:
    return f"series-{series_id}@{domain}"


def segments(data: dict[str, Any], domain: str) -> list[Segment]:
    rules: list[Rule] = sorted(data["rules"], key=lambda r: r["effective_from"])
    ends = [date.fromisoformat(d) for d in (data.get("until"), data.get("ended_on")) if d]
    end = min(ends) if ends else None
    out: list[Segment] = []
    for n, rule in enumerate(rules):
        first = date.fromisoformat(rule["effective_from"])
        last = end
        if n + 1 < len(rules):
            nxt = date.fromisoformat(rules[n + 1]["effective_from"]) - timedelta(days=1)
            last = min(nxt, end) if end else nxt
        base = series_uid(data["series_id"], domain)
        uid = base if n == 0 else base.replace("@", f"-{first:%Y%m%d}@", 1)
        if last is None or last >= first:
            out.append(Segment(uid, rule, first, last))
    return out


def _tzinfo(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def vtimezone(name: str) -> Timezone:
    """An RRULE-based VTIMEZONE; zones off the EU rule fall back to icalendar's."""
    tz = _tzinfo(name)
    winter = datetime(2025, 1, 15, 12, tzinfo=tz).utcoffset() or timedelta(0)
    summer = datetime(2025, 7, 15, 12, tzinfo=tz).utcoffset() or timedelta(0)
    if not name.startswith(EU_RULE_PREFIXES) or winter == summer:
        return Timezone.from_tzinfo(tz)
    names = (
        datetime(2025, 1, 15, 12, tzinfo=tz).tzname() or "STD",
        datetime(2025, 7, 15, 12, tzinfo=tz).tzname() or "DST",
    )
    one = timedelta(hours=1)  # the change happens at 01:00 UTC
    timezone = Timezone()
    timezone.add("tzid", name)
    march = datetime(1970, 3, 29) + one + winter
    october = datetime(1970, 10, 25) + one + summer
    timezone.add_component(_change(TimezoneDaylight(), march, winter, summer, names[1]))
    timezone.add_component(_change(TimezoneStandard(), october, summer, winter, names[0]))
    return timezone


def _change(
    part: TimezoneDaylight | TimezoneStandard,
    first: datetime,
    before: timedelta,
    after: timedelta,
    name: str,
) -> TimezoneDaylight | TimezoneStandard:
    """A clock change on the last Sunday of `first`'s month, every year."""
    part.add("dtstart", first)
    part.add("rrule", vRecur(freq="YEARLY", bymonth=first.month, byday="-1SU"))
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    part.add("tzname", name)
    return part


def _calendar(method: str, tz_name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(vtimezone(tz_name))
    return cal


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    for key, value in params.items():
        address.params[key] = value
    return address


def _people(event: Event, data: dict[str, Any], party: Party, partstat: str) -> None:
    event.add("organizer", _address(party.reply_to, data["title"]))
    event.add(
        "attendee",
        _address(
            party.email,
            party.name,
            ROLE="REQ-PARTICIPANT",
            PARTSTAT=partstat,
            RSVP="TRUE" if partstat == "NEEDS-ACTION" else "FALSE",
            CUTYPE="INDIVIDUAL",
        ),
    )


def _stamp(event: Event, uid: str, sequence: int, stamp: datetime) -> None:
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))


def _place(event: Event, data: dict[str, Any]) -> None:
    where = data.get("video_link") or data.get("location")
    if where:
        event.add("location", where)
    if data.get("video_link"):
        event.add("url", data["video_link"])


def _original_start(segment: Segment, key: date, tz: ZoneInfo) -> datetime:
    clock = time.fromisoformat(segment.rule["start_time"])
    return datetime.combine(key, clock).replace(tzinfo=tz)


def segment_occurrences(data: dict[str, Any], segment: Segment, horizon: date) -> list[Occurrence]:
    last = min(segment.last, horizon) if segment.last else horizon
    return occurrences(
        [segment.rule],
        tz_name=data["timezone"],
        policy=data["holiday_policy"],
        overrides=data.get("overrides") or {},
        start=segment.first,
        end=last,
    )


def request(data: dict[str, Any], party: Party, domain: str, stamp: datetime) -> bytes:
    """METHOD:REQUEST for the whole series: masters, exceptions and moves."""
    tz = _tzinfo(data["timezone"])
    horizon = date.fromisoformat(data["today"]) + timedelta(days=365 * HORIZON_YEARS)
    cal = _calendar("REQUEST", data["timezone"])
    sequence = int(data["revision"])
    for segment in segments(data, domain):
        rule = segment.rule
        found = segment_occurrences(data, segment, horizon)
        if not found:
            continue
        first = _original_start(segment, found[0].key, tz)
        master = Event()
        _stamp(master, segment.uid, sequence, stamp)
        master.add("summary", data["title"])
        master.add("dtstart", first)
        master.add("dtend", first + timedelta(minutes=rule["duration_minutes"]))
        recur: dict[str, Any] = {"freq": "WEEKLY", "interval": rule["interval_weeks"]}
        recur["byday"] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[rule["weekday"]]
        if segment.last is not None:
            until = datetime.combine(segment.last, time(23, 59, 59)).replace(tzinfo=tz)
            recur["until"] = until.astimezone(UTC)
        master.add("rrule", vRecur(recur))
        skipped = [
            _original_start(segment, o.key, tz)
            for o in found
            if o.state in (OccurrenceState.SKIPPED, OccurrenceState.CANCELLED)
        ]
        if skipped:
            master.add("exdate", skipped)
        if data.get("text"):
            master.add("description", data["text"])
        _place(master, data)
        master.add("status", "CONFIRMED")
        master.add("transp", "OPAQUE")
        _people(master, data, party, "NEEDS-ACTION")
        cal.add_component(master)
        for moved in (o for o in found if o.state is OccurrenceState.MOVED):
            override = Event()
            _stamp(override, segment.uid, sequence, stamp)
            override.add("recurrence-id", _original_start(segment, moved.key, tz))
            override.add("summary", data["title"])
            override.add("dtstart", moved.start)
            override.add("dtend", moved.end)
            if moved.reason:
                override.add("description", moved.reason)
            _place(override, data)
            override.add("status", "CONFIRMED")
            _people(override, data, party, "NEEDS-ACTION")
            cal.add_component(override)
    return bytes(cal.to_ical())


def cancel_occurrence(data: dict[str, Any], party: Party, domain: str, stamp: datetime) -> bytes:
    """METHOD:CANCEL for one meeting (RECURRENCE-ID = its original start)."""
    tz = _tzinfo(data["timezone"])
    key = date.fromisoformat(data["occurrence_date"])
    found = segments({**data, "until": None, "ended_on": None}, domain)
    segment = found[0]
    for candidate in found:
        if candidate.first <= key:
            segment = candidate
    cal = _calendar("CANCEL", data["timezone"])
    start = _original_start(segment, key, tz)
    properties = {
        "recurrence-id": start,
        "summary": translator().gettext("Cancelled: {title}", title=data["title"]),
        "dtstart": start,
        "dtend": start + timedelta(minutes=segment.rule["duration_minutes"]),
    }
    cal.add_component(_cancellation(data, party, segment, stamp, properties))
    return bytes(cal.to_ical())


def cancel_series(data: dict[str, Any], party: Party, domain: str, stamp: datetime) -> bytes:
    """METHOD:CANCEL for every segment of the series."""
    tz = _tzinfo(data["timezone"])
    cal = _calendar("CANCEL", data["timezone"])
    for segment in segments({**data, "until": None, "ended_on": None}, domain):
        start = datetime.combine(segment.first, time.fromisoformat(segment.rule["start_time"]))
        properties = {"summary": f"Avslutad: {data['title']}", "dtstart": start.replace(tzinfo=tz)}
        cal.add_component(_cancellation(data, party, segment, stamp, properties))
    return bytes(cal.to_ical())


def _cancellation(
    data: dict[str, Any],
    party: Party,
    segment: Segment,
    stamp: datetime,
    properties: dict[str, Any],
) -> Event:
    """A CANCELLED event for the segment's UID with `properties` (in this
    order), to everyone who had it."""
    event = Event()
    _stamp(event, segment.uid, int(data["revision"]), stamp)
    for name, value in properties.items():
        event.add(name, value)
    event.add("status", "CANCELLED")
    _people(event, data, party, "NEEDS-ACTION")
    return event
