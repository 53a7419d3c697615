"""The inbound mail pipeline against the real application (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from adapters.email.inbound import Status
from domain import commands as c
from domain.meetings import commands as m
from projections.meetings import queries as mq
from projections.plan import queries as q
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from tests.clock import FixedClock
from tests.integration.scenario import meta
from tests.mail_inbound_fixtures import (
    ANNA,
    DOMAIN,
    MailWorld,
    build_world,
    calendar_mail,
    itip_reply,
    quoted,
    reply_mail,
)

# The world (a series starting in a week, rounds open from an hour ago) is
# built from the test clock: these run at the awkward dates too.
pytestmark = pytest.mark.any_date


@pytest.fixture
def world(container: Container) -> MailWorld:
    return build_world(container)


@pytest.mark.parametrize("fmt", ["outlook", "gmail", "apple"])
def test_a_quoted_reply_becomes_the_answer_with_channel_email(world: MailWorld, fmt: str) -> None:
    mail = reply_mail(world.address(), quoted(fmt, "risk\nVi saknar anmälningar till mötet."))
    outcome = world.inbound().process(bytes(mail))
    assert outcome.status is Status.RECORDED, outcome
    [row] = world.answers()
    assert row["answers"] == {"health": "at-risk", "progress": "Vi saknar anmälningar till mötet."}
    assert row["channel"] == "email" and row["source_id"] == mail["Message-ID"]
    assert row["person_id"] == str(world.anna)
    assert world.sent == []


def test_the_same_message_twice_records_once(world: MailWorld) -> None:
    mail = reply_mail(world.address(), "på spår")
    inbound = world.inbound()
    assert inbound.process(bytes(mail)).status is Status.RECORDED
    before = world.events()
    again = inbound.process(bytes(mail))
    assert again.status is Status.DUPLICATE
    assert world.events() == before and len(world.answers()) == 1


def test_numbered_and_labelled_lines(world: MailWorld) -> None:
    body = "1: blockerad\n2: Inget nytt\n3: Ja, en lokal"
    assert world.inbound().process(bytes(reply_mail(world.address(), body))).status is (
        Status.RECORDED
    )
    body = "help: Nej tack\nhealth: on track"
    assert world.inbound().process(bytes(reply_mail(world.address(), body))).status is (
        Status.RECORDED
    )
    first, second = world.answers()
    assert first["answers"] == {
        "health": "blocked",
        "progress": "Inget nytt",
        "help": "Ja, en lokal",
    }
    assert second["answers"] == {"health": "on-track", "help": "Nej tack"}


def test_one_choice_question_takes_the_first_word(world: MailWorld) -> None:
    address = world.address("c", world.single_round)
    outcome = world.inbound().process(bytes(reply_mail(address, "Blockerad, tyvärr")))
    assert outcome.status is Status.RECORDED
    html = "<div>P&aring; sp&aring;r!<br>Allt rullar.</div><blockquote>Blockerad?</blockquote>"
    mail = reply_mail(address, "")
    mail.set_content(html, subtype="html")  # an HTML-only reply
    assert world.inbound().process(bytes(mail)).status is Status.RECORDED
    answers = [r["answers"] for r in world.answers(world.single_round)]
    assert answers == [{"health": "blocked"}, {"health": "on-track"}]


def test_what_cannot_be_understood_gets_help_and_records_nothing(world: MailWorld) -> None:
    before = world.events()
    outcome = world.inbound().process(bytes(reply_mail(world.address(), "Kanske?")))
    assert outcome.status is Status.HELP and outcome.replied
    assert world.events() == before
    [help_mail] = world.sent
    text = help_mail.get_content()
    assert "på spår, risk eller blockerad" in text and help_mail["To"] == ANNA
    assert help_mail["Auto-Submitted"] == "auto-replied"


def test_the_help_is_in_the_persons_own_language(world: MailWorld) -> None:
    """Anna chose English in her settings: the answer to her mail is English."""
    world.k.app.execute(
        c.SetPreferences(person_id=world.anna, language="en", channel="auto"),
        meta(actor=str(world.anna)),
    )
    world.k.projector.catch_up()
    outcome = world.inbound().process(bytes(reply_mail(world.address(), "Kanske?")))
    assert outcome.status is Status.HELP and outcome.replied
    [help_mail] = world.sent
    text = help_mail.get_content()
    assert "on track, at risk or blocked" in text and "på spår" not in text


@pytest.mark.parametrize("case", ["missing", "forged", "expired", "sender", "other_domain"])
def test_bad_tokens_and_senders_record_nothing_and_bounce(world: MailWorld, case: str) -> None:
    address = world.address()
    sender = ANNA
    if case == "missing":
        address = f"svar@{DOMAIN}"
    elif case == "forged":
        token = world.token("c", world.round_id)
        address = f"svar+{token[:-3]}{'aaa' if token[-3:] != 'aaa' else 'bbb'}@{DOMAIN}"
    elif case == "expired":
        address = world.address(days=-1)
    elif case == "sender":
        sender = "mallory@example.org"
    else:
        address = address.replace(DOMAIN, "example.org")
    before = world.events()
    outcome = world.inbound().process(bytes(reply_mail(address, "på spår", sender=sender)))
    assert outcome.status is Status.BOUNCED and outcome.replied
    assert world.events() == before
    [bounced] = world.sent
    assert bounced["To"] == sender and "incheckning" not in bounced["Subject"].lower()
    text = bounced.get_content()
    assert str(world.round_id) not in text and "forged" not in text


def test_no_bounce_to_automatic_mail(world: MailWorld) -> None:
    inbound = world.inbound()
    auto = reply_mail(
        f"svar+junk@{DOMAIN}", "Jag är på semester", headers={"Auto-Submitted": "auto-replied"}
    )
    daemon = reply_mail(f"svar@{DOMAIN}", "Undeliverable", sender="MAILER-DAEMON@example.se")
    ooo = reply_mail(
        world.address(),
        "Jag är på semester till 1 december",
        headers={"Auto-Submitted": "auto-replied"},
    )
    for mail in (auto, daemon, ooo):
        outcome = inbound.process(bytes(mail))
        assert not outcome.replied and outcome.status in (Status.BOUNCED, Status.IGNORED)
    assert world.sent == [] and world.answers() == []


def test_attachments_and_oversize_are_refused(world: MailWorld) -> None:
    mail = reply_mail(world.address(), "på spår")
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
    outcome = world.inbound().process(bytes(mail))
    assert outcome.status is Status.REFUSED and outcome.reason == "attachment"
    big = reply_mail(world.address(), "på spår\n" + "x" * (world.k.settings.mail.max_bytes + 10))
    outcome = world.inbound().process(bytes(big))
    assert outcome.status is Status.REFUSED and outcome.reason == "too_large"
    assert world.answers() == [] and len(world.sent) == 2


def test_agenda_items_and_notes_by_mail(world: MailWorld) -> None:
    address = world.address("s", world.series)
    inbound = world.inbound()
    mail = reply_mail(address, "Vi behöver prata om lokalen.", subject="SV: Lokalfrågan")
    outcome = inbound.process(bytes(mail))
    assert outcome.status is Status.RECORDED, outcome
    # No meeting has started yet: a note gets help.
    note = reply_mail(address, "Umo kommer nästa gång", subject="Anteckning: Umo")
    assert inbound.process(bytes(note)).status is Status.HELP
    world.k.projector.catch_up()
    with world.k.engines.read.connect() as conn:
        [meeting] = mq.meetings_of_series(conn, str(world.series))
        page = mq.meeting_page(conn, meeting["id"])
        trail, _ = world.k.trail.page(q.AuditFilter(channel="email"), limit=10, conn=conn)
    assert page is not None
    item = page["agenda"][-1]
    assert (item["title"], item["note"], item["proposed_by"]) == (
        "Lokalfrågan",
        "Vi behöver prata om lokalen.",
        str(world.anna),
    )
    assert trail and trail[0]["channel"] == "email"


def test_a_note_goes_to_the_meeting_going_on(container: Container) -> None:
    now = container.clock.now()
    world = build_world(container, starts_on=(now - timedelta(days=14)).date())
    day = (now - timedelta(days=14)).date()
    container.app.execute(m.PlanMeeting(series_id=world.series, occurrence_date=day), meta())
    container.projector.catch_up()
    mail = reply_mail(world.address("s", world.series), "Anteckning: Umo deltar nästa gång")
    outcome = world.inbound().process(bytes(mail))
    assert outcome.status is Status.RECORDED, outcome
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        page = mq.meeting_page(conn, mq.meetings_of_series(conn, str(world.series))[0]["id"])
    assert page is not None
    assert [(e["text"], e["channel"]) for e in page["entries"]] == [
        ("Umo deltar nästa gång", "email")
    ]


@pytest.mark.parametrize("named_by", ["original start", "new start"])
def test_itip_replies_become_rsvps_on_the_meeting_page(
    container: Container, clock: FixedClock, named_by: str
) -> None:
    # On 2026-12-04 a fortnightly Friday series starts a week later: its second
    # meeting (Christmas Day) moves to Monday 28 December and is not planned yet.
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    world = build_world(container)
    address = world.address("s", world.series)
    inbound = world.inbound()
    with world.k.engines.read.connect() as conn:
        first = mq.upcoming(
            conn, now=clock.now(), until=date(2027, 1, 13), series_id=str(world.series)
        )
    assert [(r["date"], r["start"][:10]) for r in first[:2]] == [
        ("2026-12-11", "2026-12-11"),
        ("2026-12-25", "2026-12-28"),
    ]
    series_reply = calendar_mail(address, itip_reply("uid-1", ANNA, "ACCEPTED"))
    assert inbound.process(bytes(series_reply)).status is Status.RECORDED
    # RFC 5545 names an occurrence by its original start; some clients send
    # the day it was moved to. Either way the answer is the moved meeting's.
    moved = datetime.fromisoformat(first[1]["start"]).replace(tzinfo=None)
    recurrence = moved.replace(day=25) if named_by == "original start" else moved
    declined = calendar_mail(address, itip_reply("uid-1", ANNA, "DECLINED", recurrence=recurrence))
    assert inbound.process(bytes(declined)).status is Status.RECORDED
    assert inbound.process(bytes(declined)).status is Status.DUPLICATE
    world.k.projector.catch_up()
    for row in first[:2]:
        world.k.app.execute(
            m.PlanMeeting(
                series_id=world.series,
                occurrence_date=datetime.fromisoformat(row["date"]).date(),
            ),
            meta(),
        )
    world.k.projector.catch_up()
    pages = {}
    with world.k.engines.read.connect() as conn:
        for row in first[:2]:
            page = mq.meeting_page(conn, row["meeting_id"])
            assert page is not None
            pages[row["date"]] = [
                (r["person_id"], r["response"], r["scope"]) for r in page["rsvps"]
            ]
        before = mq.meeting_page(conn, first[1]["meeting_id"])
    anna = str(world.anna)
    assert pages[first[0]["date"]] == [(anna, "accepted", "series")]
    assert pages[first[1]["date"]] == [(anna, "declined", "meeting")]
    rebuild(world.k.app, world.k.engines)
    with world.k.engines.read.connect() as conn:
        assert mq.meeting_page(conn, first[1]["meeting_id"]) == before


def test_an_answer_for_a_day_without_a_meeting_is_refused_with_help(
    container: Container, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    world = build_world(container)
    wrong_day = datetime(2026, 12, 16, 12, 0)  # a Wednesday: no meeting, none moved there
    declined = calendar_mail(
        world.address("s", world.series),
        itip_reply("uid-1", ANNA, "DECLINED", recurrence=wrong_day),
    )
    outcome = world.inbound().process(bytes(declined))
    assert (outcome.status, outcome.reason) == (Status.HELP, "domain_not_found")
