"""The query facades (services/queries): what every door reads, with the
domain's read policy applied there, so every door shows the same.

Anna is a member of arena 2.7 and Amanda its secretary; Olle is in no arena.
Both take part in initiative 2.7.2 and answer a round about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from domain import commands as c
from domain.authority import Authority, GlobalRole
from domain.checkins.questions import make_question
from domain.meetings import commands as m
from domain.meta import Channel
from projections.plan import queries as q
from samverka.bootstrap import Container
from services.commands import Context, system

AUDITOR = frozenset({GlobalRole.AUDITOR})


@dataclass
class World:
    anna: UUID
    amanda: UUID
    olle: UUID
    initiative: UUID
    round_id: UUID


def _as(person: UUID) -> Context:
    return Context(actor=str(person), channel=Channel.API)


def build(k: Container) -> World:
    def run(command: object, context: Context = system()) -> UUID:
        return k.commands.run(command, context).aggregate_id  # type: ignore[arg-type]

    anna = run(c.RegisterPerson(name="Anna Jonsson", email="anna@example.se"))
    amanda = run(c.RegisterPerson(name="Amanda Romare", email="amanda@example.se"))
    olle = run(c.RegisterPerson(name="Olle Utomstående", email="olle@example.se"))
    arena = run(c.CreateArena(code="2.7", name="Hälsofrämjande digitalt liv"))
    run(c.AddMember(arena_id=arena, person_id=anna, role="participant"))
    run(c.AddMember(arena_id=arena, person_id=amanda, role="secretary"))
    initiative = run(c.CreateInitiative(arena_id=arena, code="2.7.2", title="Samordning"))
    for person in (anna, amanda):
        run(c.AddParticipant(initiative_id=initiative, person_id=person))
    now = k.clock.now()
    round_id = run(
        m.OpenCheckInRound(
            title="Läget",
            audience_kind="initiative",
            audience_id=initiative,
            questions=[make_question("health", "Hur går det?", "health")],
            opens_at=now,
            due_at=now + timedelta(days=3),
        )
    )
    for person in (anna, amanda):
        answer = m.AnswerCheckIn(
            round_id=round_id, person_id=person, answers={"health": "on-track"}, answered_at=now
        )
        run(answer, _as(person))
    k.projector.catch_up()
    return World(anna, amanda, olle, initiative, round_id)


def _viewer(person: UUID, roles: frozenset[GlobalRole] = frozenset()) -> Authority:
    return Authority(actor=str(person), roles=roles)


def test_contact_details_show_to_the_person_and_auditors_only(container: Container) -> None:
    w = build(container)
    plan = container.plan
    for viewer, sees in (
        (_viewer(w.anna), {"anna@example.se"}),
        (_viewer(w.olle, AUDITOR), {"anna@example.se", "amanda@example.se", "olle@example.se"}),
        (system().authority, {"anna@example.se", "amanda@example.se", "olle@example.se"}),
    ):
        page = plan.persons_seen_by(viewer, limit=10, offset=0)
        assert page.total == 3
        assert {p.get("email") for p in page.items} - {None} == sees
        assert all(p["name"] for p in page.items)
    amanda = plan.person_seen_by(str(w.amanda), _viewer(w.anna))
    assert amanda is not None
    assert "email" not in amanda and "slack_user_id" not in amanda
    assert plan.person_seen_by(str(w.amanda), _viewer(w.amanda))["email"] == "amanda@example.se"  # type: ignore[index]
    assert plan.person_seen_by(str(UUID(int=1)), _viewer(w.anna)) is None


def test_answers_show_to_the_person_and_those_above_them(container: Container) -> None:
    w = build(container)
    checkins, rid = container.checkins, str(w.round_id)

    def readable(viewer: Authority) -> dict[str, bool]:
        rows = checkins.recipients_seen_by(rid, viewer)
        page = checkins.recipients_page_seen_by(rid, viewer, limit=10, offset=0)
        assert rows is not None and page is not None
        assert page.items == rows and page.total == len(rows) == 2
        assert all(r["revision"] == 1 for r in rows)  # everyone sees who answered
        return {r["person_id"]: r["answers"] is not None for r in rows}

    anna, amanda = str(w.anna), str(w.amanda)
    assert readable(_viewer(w.anna)) == {anna: True, amanda: False}
    assert readable(_viewer(w.amanda)) == {anna: True, amanda: True}
    assert readable(_viewer(w.olle)) == {anna: False, amanda: False}
    assert readable(_viewer(w.olle, AUDITOR)) == {anna: True, amanda: True}
    assert readable(system().authority) == {anna: True, amanda: True}
    assert checkins.recipients_seen_by(str(UUID(int=1)), _viewer(w.anna)) is None
    assert checkins.answers_of(rid, anna) == {"health": "on-track"}
    assert checkins.answers_of(rid, str(w.olle)) is None


def test_answers_about_an_initiative_all_or_ones_own(container: Container) -> None:
    w = build(container)
    checkins, initiative = container.checkins, str(w.initiative)

    def whose(viewer: Authority) -> set[str]:
        page = checkins.initiative_answers_seen_by(initiative, viewer, limit=10, offset=0)
        assert page is not None
        return {r["person_id"] for r in page.items}

    assert whose(_viewer(w.anna)) == {str(w.anna)}
    assert whose(_viewer(w.amanda)) == {str(w.anna), str(w.amanda)}
    assert whose(_viewer(w.olle)) == set()
    assert whose(_viewer(w.olle, AUDITOR)) == {str(w.anna), str(w.amanda)}
    missing = checkins.initiative_answers_seen_by(
        str(UUID(int=1)), _viewer(w.anna), limit=1, offset=0
    )
    assert missing is None


def test_a_facade_reads_on_the_doors_connection_or_its_own(container: Container) -> None:
    w = build(container)
    with container.views.connect() as conn:
        direct = q.get_person(conn, str(w.anna))
        assert container.plan.get_person(str(w.anna), conn=conn) == direct
    assert container.plan.get_person(str(w.anna)) == direct
    rows = list(container.trail.everything(batch=2))
    page, cursor = container.trail.page(q.AuditFilter(), limit=len(rows))
    assert rows == page and cursor is None and len(rows) > 2
    assert [r["position"] for r in rows] == sorted(r["position"] for r in rows)


def test_the_trail_between_moments_given_in_another_offset(container: Container) -> None:
    """recorded_at is UTC text: a moment in Swedish time finds the same rows
    as the same moment in UTC (one second after the first row: all but it)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    build(container)
    rows = list(container.trail.everything())
    first = datetime.fromisoformat(rows[0]["recorded_at"])
    later = first + timedelta(microseconds=1)
    found = []
    for moment in (later, later.astimezone(ZoneInfo("Europe/Stockholm"))):
        since, _ = container.trail.page(q.AuditFilter(since=moment.isoformat()), limit=1000)
        until, _ = container.trail.page(q.AuditFilter(until=moment.isoformat()), limit=1000)
        assert len(since) + len(until) == len(rows)
        assert until and until[0]["position"] == rows[0]["position"]
        found.append(([r["position"] for r in since], [r["position"] for r in until]))
    assert found[0] == found[1], "the same moment, the same rows"


def test_a_date_range_finds_what_a_filter_of_every_row_finds(container: Container) -> None:
    """The trail is read in position order within the positions the date
    range can hold (`date_window`); what it finds is what filtering every
    row by its stamp finds, for ranges at the start, the middle, the end and
    beyond the last row."""
    from datetime import datetime

    build(container)
    rows = list(container.trail.everything())
    stamps = sorted({datetime.fromisoformat(r["recorded_at"]) for r in rows})
    picks = [stamps[0], stamps[len(stamps) // 3], stamps[-1], stamps[-1] + timedelta(days=1)]
    for since in picks:
        for until in [*picks, None]:
            where = q.AuditFilter(
                since=since.isoformat(), until=until.isoformat() if until else None
            )
            found, _ = container.trail.page(where, limit=10_000)
            expected = [
                r["position"]
                for r in rows
                if since <= datetime.fromisoformat(r["recorded_at"])
                and (until is None or datetime.fromisoformat(r["recorded_at"]) < until)
            ]
            assert [r["position"] for r in found] == expected, (since, until)
