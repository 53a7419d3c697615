"""E-mail outbound pieces that need no server: the VTIMEZONE, SMTP URLs and error
classes, Message-IDs, and rendering of each kind."""

from __future__ import annotations

import smtplib
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from adapters.email import ical
from adapters.email.render import MailContext, Renderer, message_id
from adapters.email.transport import (
    Permanent,
    SmtpConfigError,
    SmtpTarget,
    Transient,
    classify,
)
from services.notifications import Addressee, OutgoingNotification

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CTX = MailContext(
    mail_from="Samverka <samverka@samverka.test>",
    domain="samverka.test",
    secret="s",
    token_days=30,
    today=date(2026, 11, 30),
    stamp=datetime(2026, 11, 30, 9, tzinfo=UTC),
)
PERSON = Addressee(
    person_id="00000000-0000-0000-0000-000000000001",
    name="Anna Jonsson",
    channel="email",
    email="anna@example.se",
)
SERIES = "00000000-0000-0000-0000-0000000000aa"


def test_the_vtimezone_is_rrule_based_and_agrees_with_zoneinfo() -> None:
    tz = ical.vtimezone("Europe/Stockholm")
    text = tz.to_ical().decode()
    assert "RDATE" not in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "DTSTART:19700329T020000" in text and "DTSTART:19701025T030000" in text
    # An event at 12:00 local on dates either side of both changes, read back
    # through this VTIMEZONE, is the same instant zoneinfo gives.
    cal = icalendar.Calendar()
    cal.add_component(tz)
    for day in (date(2040, 3, 24), date(2040, 3, 26), date(2040, 10, 27), date(2040, 11, 3)):
        event = icalendar.Event()
        event.add("uid", f"{day}@t")
        event.add("dtstart", datetime.combine(day, datetime.min.time().replace(hour=12)))
        event["DTSTART"].params["TZID"] = "Europe/Stockholm"
        cal.add_component(event)
    parsed = icalendar.Calendar.from_ical(cal.to_ical())
    for event in parsed.walk("VEVENT"):
        start = event["DTSTART"].dt
        expected = start.replace(tzinfo=None).replace(tzinfo=STOCKHOLM)
        assert start.utcoffset() == expected.utcoffset()


def test_smtp_urls() -> None:
    plain = SmtpTarget.parse("smtp://user:p%40ss@mail.example.se:587")
    assert (plain.host, plain.port, plain.implicit_tls) == ("mail.example.se", 587, False)
    assert (plain.username, plain.password) == ("user", "p@ss")
    assert SmtpTarget.parse("smtps://mail.example.se").port == 465
    assert SmtpTarget.parse("smtps://mail.example.se").implicit_tls
    assert SmtpTarget.parse("smtp://127.0.0.1:8025").loopback
    with pytest.raises(SmtpConfigError):
        SmtpTarget.parse("http://mail.example.se")


def test_smtp_errors_are_permanent_or_transient() -> None:
    refused = smtplib.SMTPRecipientsRefused({"a@b": (550, b"No such user")})
    assert isinstance(classify(refused), Permanent)
    assert "550" in str(classify(refused))
    assert isinstance(classify(smtplib.SMTPRecipientsRefused({"a@b": (451, b"later")})), Transient)
    assert isinstance(classify(smtplib.SMTPDataError(554, b"spam")), Permanent)
    lost = classify(smtplib.SMTPServerDisconnected("gone"))
    assert isinstance(lost, Transient) and lost.connection
    assert isinstance(classify(ConnectionRefusedError()), Transient)


def test_message_ids_are_stable_per_key_and_person() -> None:
    one = message_id("series:x:invite:r1", "p1", "samverka.test")
    assert one == message_id("series:x:invite:r1", "p1", "samverka.test")
    assert one != message_id("series:x:invite:r1", "p2", "samverka.test")
    assert one != message_id("series:x:invite:r2", "p1", "samverka.test")
    assert one.startswith("<") and one.endswith("@samverka.test>")


def _calendar_data(**more: object) -> dict[str, object]:
    return {
        "series_id": SERIES,
        "title": "Öppet samordningsmöte",
        "rules": [
            {
                "effective_from": "2026-09-01",
                "interval_weeks": 2,
                "weekday": 1,
                "start_time": "12:00",
                "duration_minutes": 30,
            }
        ],
        "timezone": "Europe/Stockholm",
        "holiday_policy": "skip",
        "overrides": {},
        "until": None,
        "ended_on": None,
        "location": "",
        "video_link": "https://example.se/mote",
        "revision": 4,
        "today": "2026-11-30",
        **more,
    }


def test_holidays_are_exdates_under_the_skip_policy() -> None:
    party = ical.Party("Anna", "anna@example.se", "svar+t@samverka.test")
    cal = icalendar.Calendar.from_ical(
        ical.request(_calendar_data(), party, "samverka.test", CTX.stamp)
    )
    (master,) = cal.walk("VEVENT")
    found = master.get("EXDATE", [])
    exdates = {d.dt for x in (found if isinstance(found, list) else [found]) for d in x.dts}
    # Every EXDATE is a Swedish holiday on the fortnight's Tuesday; none is expanded.
    assert exdates
    from domain.meetings.recurrence import holiday_name

    assert all(holiday_name(d.date()) for d in exdates)
    starts = {e["DTSTART"].dt for e in recurring_ical_events.of(cal).between(
        date(2026, 9, 1), date(2031, 1, 1)
    )}  # fmt: skip
    assert not starts & exdates


@pytest.mark.parametrize(
    ("kind", "data", "calendar", "reply"),
    [
        ("invitation", {"rule_text": ["varannan tisdag"], "occurrences": [], "changed": []}, "REQUEST", "s"),
        ("occurrence-cancelled", {"occurrence_date": "2026-12-15", "reason": "Sjuk"}, "CANCEL", "s"),
        ("series-ended", {"withdraw": True}, "CANCEL", "s"),
        ("series-ended", {"withdraw": False, "ended_on": "2027-01-31"}, "REQUEST", "s"),
        ("reminder", {"agenda": ["Runda"], "carried_forward": [], "starts_at": "2026-12-15T12:00:00+01:00"}, None, "s"),
        ("checkin-open", {"round_id": SERIES, "due_at": "2026-12-14T10:00:00+01:00", "questions": [{"text": "Hur går det?", "choices": ["på spår", "risk", "blockerad"]}]}, None, "c"),
        ("round-summary", {"round_id": SERIES}, None, None),
        ("evaluation-prompt", {"series_id": SERIES, "held": 3}, None, None),
    ],
)  # fmt: skip
def test_each_kind_renders_text_html_and_calendar(
    kind: str, data: dict[str, object], calendar: str | None, reply: str | None
) -> None:
    payload = _calendar_data(**data) if kind != "round-summary" else data
    n = OutgoingNotification(
        key=f"k:{kind}", kind=kind, subject="Ämne", text="Rad ett\nRad två", recipients=(PERSON,),
        data=payload,
    )  # fmt: skip
    msg = Renderer().render(n, PERSON, CTX)
    types = [p.get_content_type() for p in msg.walk()]
    assert types[:3] == ["multipart/alternative", "text/plain", "text/html"]
    if calendar is None:
        assert "text/calendar" not in types
    else:
        part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
        assert part.get_param("method") == calendar
        assert f"METHOD:{calendar}" in part.get_content()
    assert (msg["Reply-To"] is not None) == (reply is not None)
    if reply is not None:
        assert "svar+" in str(msg["Reply-To"])
    assert msg["Message-ID"] == message_id(f"k:{kind}", PERSON.person_id, CTX.domain)


def test_a_personalised_calendar_equals_one_built_for_the_person() -> None:
    data = _calendar_data(holiday_policy="next-working-day")
    party = ical.Party('Åsa "Ö" Långnamnsdotter-Efternamnsson', "asa@example.se", "svar+x@t.se")
    direct = icalendar.Calendar.from_ical(ical.request(data, party, "t.se", CTX.stamp))
    built = ical.request(data, ical.STAND_IN, "t.se", CTX.stamp)
    copied = ical.personalise(built, party)
    assert all(len(line) <= 75 for line in copied.split(b"\r\n"))
    parsed = icalendar.Calendar.from_ical(copied)
    assert [str(e["ATTENDEE"]) for e in parsed.walk("VEVENT")] == [
        str(e["ATTENDEE"]) for e in direct.walk("VEVENT")
    ]
    assert {e["ATTENDEE"].params["CN"] for e in parsed.walk("VEVENT")} == {
        "Åsa 'Ö' Långnamnsdotter-Efternamnsson"
    }
    assert {str(e["ORGANIZER"]) for e in parsed.walk("VEVENT")} == {"mailto:svar+x@t.se"}
    assert len(parsed.walk("VEVENT")) == len(direct.walk("VEVENT")) > 1
