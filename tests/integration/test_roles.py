"""Who may change what, as a table: role × operation × own or other arena.

Anna is a member of delarena 2.7 only; Amanda its secretary, Bengt its
moderator. Dalarna's länsnätverk has its own initiative D4a. Arena roles
count only in their own arena; admin, auditor and fund_coordinator are the
only global roles. Each cell runs the command through the application and
checks that it is recorded or refused with Forbidden (and nothing saved).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

import pytest

from domain import commands as c
from domain.authority import Authority, GlobalRole
from domain.checkins.questions import make_question
from domain.commands import Command
from domain.due import parse_due
from domain.errors import Forbidden
from domain.funds import commands as f
from domain.meetings import commands as m
from domain.meta import make_meta
from domain.plans import commands as p
from domain.plans.values import focus_area_id
from samverka.bootstrap import Container
from tests.clock import FixedClock


@dataclass
class World:
    people: dict[str, UUID]
    arenas: dict[str, UUID]  # "own" is 2.7, "other" is Dalarna's
    initiatives: dict[str, UUID]
    milestones: dict[str, str]
    agreement: UUID
    plans: dict[str, UUID]  # a regional plan in each arena, with insatsområde IO1


def _system(k: Container, command: Command) -> UUID:
    return k.app.execute(command, make_meta(actor="system", channel="cli")).aggregate_id


def build(k: Container) -> World:
    people = {
        name: _system(k, c.RegisterPerson(name=full, organisation="Test"))
        for name, full in [
            ("member", "Anna Jonsson"),
            ("secretary", "Amanda Romare"),
            ("moderator", "Bengt Stavenow"),
            ("dalarna", "Karin Dalarna"),
            ("admin", "Samverka admin"),
            ("auditor", "Revisor Revisorsson"),
            ("fund", "Samordnare stimulansmedel"),
            ("outsider", "Utomstående"),
        ]
    }
    own = _system(k, c.CreateArena(code="2.7", name="Hälsofrämjande digitalt liv"))
    other = _system(k, c.CreateArena(code="dalarna", name="Länsnätverket", kind="natverk"))
    for who, role in (("member", "participant"), ("secretary", "secretary")):
        _system(k, c.AddMember(arena_id=own, person_id=people[who], role=role))
    _system(k, c.AddMember(arena_id=own, person_id=people["moderator"], role="moderator"))
    _system(k, c.AddMember(arena_id=other, person_id=people["dalarna"], role="moderator"))
    initiatives = {
        "own": _system(
            k, c.CreateInitiative(arena_id=own, code="2.7.2", title="Samordning", status="active")
        ),
        "other": _system(
            k,
            c.CreateInitiative(
                arena_id=other, code="D4a", title="Suicidprevention", status="active"
            ),
        ),
    }
    milestones = {}
    for key, initiative in initiatives.items():
        _system(
            k,
            c.AddMilestone(
                initiative_id=initiative,
                title="Första mötet",
                due=parse_due("Oktober?", default_year=2026),
            ),
        )
        k.projector.catch_up()
        found = k.app.repository.get(initiative)
        milestones[key] = next(iter(found.milestones))  # type: ignore[attr-defined]
    agreement = _system(
        k, f.RegisterAgreement(reference="S2021/01", title="ÖK", first_year=2021, last_year=2022)
    )
    plans = {}
    for key, arena in (("own", own), ("other", other)):
        plans[key] = _system(
            k,
            p.CreatePlan(
                code=f"plan-{key}", title="Plan", goal="God psykisk hälsa", first_year=2021,
                last_year=2026, arena_id=arena,
            ),
        )  # fmt: skip
        _system(k, p.AddFocusArea(plan_id=plans[key], code="IO1", title="Kompetensutveckling"))
    arenas = {"own": own, "other": other}
    return World(people, arenas, initiatives, milestones, agreement, plans)


# Each operation: (name, the least it needs, a command for an arena: "own" or "other").
Op = Callable[[World, str, FixedClock], Command]
OPERATIONS: list[tuple[str, str, Op]] = [
    (
        "report health",
        "member",
        lambda w, a, _: c.ReportHealth(initiative_id=w.initiatives[a], health="at-risk"),
    ),
    (
        "change status",
        "member",
        lambda w, a, _: c.ChangeInitiativeStatus(initiative_id=w.initiatives[a], status="paused"),
    ),
    (
        "complete a milestone",
        "member",
        lambda w, a, _: c.CompleteMilestone(
            initiative_id=w.initiatives[a],
            milestone_id=w.milestones[a],
            completed_on=date(2026, 11, 2),
        ),
    ),
    (
        "record a decision",
        "secretary",
        lambda w, a, _: c.RecordDecision(
            text="Vi utvärderar efter tre möten",
            decision_date=date(2026, 11, 2),
            decided_by_body="Delarenan",
            arena_id=w.arenas[a],
        ),
    ),
    (
        "schedule a meeting series",
        "secretary",
        lambda w, a, _: m.ScheduleSeries(
            title="Öppet samordningsmöte",
            moderator_id=w.people["moderator"],
            starts_on=date(2026, 11, 10),
            weekday=1,
            arena_id=w.arenas[a],
        ),
    ),
    (
        "open a check-in round",
        "secretary",
        lambda w, a, clock: m.OpenCheckInRound(
            title="Läget",
            audience_kind="arena",
            audience_id=w.arenas[a],
            questions=[make_question("health", "Hur går det?", "health")],
            opens_at=clock.now(),
            due_at=clock.now() + timedelta(days=3),
        ),
    ),
    (
        "revise an initiative",
        "moderator",
        lambda w, a, _: c.ReviseInitiative(
            initiative_id=w.initiatives[a], changes={"title": "Ny titel"}
        ),
    ),
    (
        "create an initiative",
        "moderator",
        lambda w, a, _: c.CreateInitiative(arena_id=w.arenas[a], code="X.1", title="Nytt"),
    ),
    (
        "add a member",
        "moderator",
        lambda w, a, _: c.AddMember(arena_id=w.arenas[a], person_id=w.people["outsider"]),
    ),
    (
        "add a målbild to a plan",
        "moderator",
        lambda w, a, _: p.AddTarget(plan_id=w.plans[a], code="M9", title="Målbild 9"),
    ),
    (
        "add an activity to a plan",
        "secretary",
        lambda w, a, _: p.AddActivity(
            plan_id=w.plans[a],
            code="A9",
            title="Föräldrastöd",
            area_id=focus_area_id(w.plans[a], "IO1"),
        ),
    ),
    (
        "write a plan's narrative",
        "moderator",
        lambda w, a, _: p.WriteNarrative(
            plan_id=w.plans[a], area_id=focus_area_id(w.plans[a], "IO1"), year=2024, done="Kurser"
        ),
    ),
    (
        "register an organisation",
        "moderator",
        lambda w, a, _: p.RegisterOrganisation(
            code=f"org-{a}", name="Kommunen", kind="kommun", arena_id=w.arenas[a]
        ),
    ),
    ("create an arena", "admin", lambda w, a, _: c.CreateArena(code=f"N.{a}", name="Ny")),
    ("register a person", "admin", lambda w, a, _: c.RegisterPerson(name="Ny person")),
    (
        "grant funds",
        "fund_coordinator",
        lambda w, a, _: f.GrantFunds(
            agreement_id=w.agreement,
            principal="Region Dalarna",
            principal_kind="region",
            area="suicidprevention",
            year=2021,
            amount=100_000,
            decided_on=date(2021, 1, 1),
        ),
    ),
]
ARENA_RANK = {"member": 1, "secretary": 2, "moderator": 3}
ROLES = ["outsider", "member", "secretary", "moderator", "auditor", "fund", "admin"]
GLOBAL = {
    "admin": GlobalRole.ADMIN,
    "auditor": GlobalRole.AUDITOR,
    "fund": GlobalRole.FUND_COORDINATOR,
}


def expected(role: str, needs: str, arena: str) -> bool:
    """The matrix in the README, as a rule."""
    if role == "admin":
        return True
    if needs in ARENA_RANK:
        return arena == "own" and ARENA_RANK.get(role, 0) >= ARENA_RANK[needs]
    if needs == "fund_coordinator":
        return role == "fund"
    return False


@pytest.fixture
def world(container: Container) -> World:
    return build(container)


@pytest.mark.parametrize("arena", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_the_role_matrix(
    container: Container, world: World, clock: FixedClock, role: str, arena: str
) -> None:
    person = str(world.people[role])
    authority = Authority(actor=person, roles=frozenset({GLOBAL[role]} if role in GLOBAL else ()))
    outcome = {}
    for name, _, build_command in OPERATIONS:
        command = build_command(world, arena, clock)
        before = container.app.recorder.max_notification_id()
        try:
            container.app.execute(command, make_meta(actor=person, channel="api"), authority)
        except Forbidden:
            assert container.app.recorder.max_notification_id() == before
            outcome[name] = False
        else:
            outcome[name] = True
    assert outcome == {name: expected(role, needs, arena) for name, needs, _ in OPERATIONS}


def test_anna_cannot_cancel_dalarnas_initiative(container: Container, world: World) -> None:
    anna = str(world.people["member"])
    with pytest.raises(Forbidden) as refused:
        container.app.execute(
            c.ChangeInitiativeStatus(initiative_id=world.initiatives["other"], status="cancelled"),
            make_meta(actor=anna, channel="api"),
        )
    assert refused.value.field == "actor"
    # Through Slack and e-mail the same person has the same rights.
    for channel in ("slack", "email"):
        with pytest.raises(Forbidden):
            container.app.execute(
                c.ReportHealth(initiative_id=world.initiatives["other"], health="blocked"),
                make_meta(actor=anna, channel=channel),
            )


def test_a_participant_of_an_initiative_reports_on_it_from_another_arena(
    container: Container, world: World
) -> None:
    karin = world.people["dalarna"]
    _system(container, c.AddParticipant(initiative_id=world.initiatives["own"], person_id=karin))
    container.app.execute(
        c.ReportHealth(initiative_id=world.initiatives["own"], health="on-track"),
        make_meta(actor=str(karin), channel="api"),
    )
    with pytest.raises(Forbidden):
        container.app.execute(
            c.ReviseInitiative(initiative_id=world.initiatives["own"], changes={"title": "x"}),
            make_meta(actor=str(karin), channel="api"),
        )
