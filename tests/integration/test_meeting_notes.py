"""Notes and decisions members add to a meeting's minutes (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import Forbidden, InvalidTransition, ValidationFailed
from domain.meetings import commands as m
from domain.meetings import minutes as n
from projections.meetings import queries as mq
from projections.plan import queries as q
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from tests.integration.meeting_scenario import seed_series
from tests.integration.scenario import meta

FIRST = date(2026, 9, 1)
LINK = "https://test.slack.com/archives/C0MEET/p1788000000000100"


def test_invitees_add_notes_and_decisions_with_their_source(container: Container) -> None:
    s = seed_series(container.app, starts_on=FIRST)
    anna = meta(actor=str(s.plan.anna), channel="slack", source_id="slack:note:C0MEET:1")
    note = n.AddMeetingNote(
        series_id=s.series, occurrence_date=FIRST, text="Umo nästa gång", source=LINK
    )
    container.app.execute(note, anna)
    again = container.app.execute(note, anna)  # the same Slack message saved twice
    assert again.replayed
    decided = n.DecideInMeeting(
        series_id=s.series,
        occurrence_date=FIRST,
        text="Utvärdera efter tre möten",
        source=LINK + "1",
    )
    decision = container.app.execute(
        decided, meta(actor=str(s.plan.anna), channel="slack")
    ).aggregate_id
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        page = mq.meeting_page(conn, mq.meetings_of_series(conn, str(s.series))[0]["id"])
        row = q.get_decision(conn, str(decision))
        trail, _ = container.trail.page(q.AuditFilter(channel="slack"), limit=20, conn=conn)
    assert page is not None and row is not None
    assert [(e["text"], e["source"], e["decision_id"]) for e in page["entries"]] == [
        ("Umo nästa gång", LINK, None),
        ("Utvärdera efter tre möten", LINK + "1", str(decision)),
    ]
    assert [d["text"] for d in page["decisions"]] == ["Utvärdera efter tre möten"]
    assert row["decision_date"] == "2026-09-01" and row["decided_by_kind"] == "meeting"
    assert any("lade till en anteckning" in r["summary"] for r in trail)
    with container.engines.read.connect() as conn:
        before = mq.meeting_page(conn, page["id"])
    rebuild(container.app, container.engines)
    with container.engines.read.connect() as conn:
        assert mq.meeting_page(conn, page["id"]) == before


def test_only_invitees_add_to_open_meetings(container: Container) -> None:
    s = seed_series(container.app, starts_on=FIRST)
    stranger = meta(actor="5a0c0000-0000-4000-8000-000000000000", channel="slack")
    note = n.AddMeetingNote(series_id=s.series, occurrence_date=FIRST, text="Hej")
    with pytest.raises(Forbidden):
        container.app.execute(note, stranger)
    with pytest.raises(ValidationFailed):
        container.app.execute(
            n.AddMeetingNote(
                series_id=s.series, occurrence_date=FIRST, text="x", source="javascript:alert(1)"
            ),
            meta(actor=str(s.plan.anna)),
        )
    container.app.execute(
        m.CloseMeeting(
            series_id=s.series,
            occurrence_date=FIRST,
            closed_at=datetime(2026, 9, 1, 12, 40, tzinfo=UTC),
        ),
        meta(actor=str(s.plan.bengt)),
    )
    with pytest.raises(InvalidTransition):
        container.app.execute(note, meta(actor=str(s.plan.anna)))
