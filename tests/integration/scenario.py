"""A scripted history used by several integration tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain import commands as c
from domain.commands import Command
from domain.due import parse_due
from domain.funds import commands as f
from domain.meta import Meta, make_meta
from services.application import Samverka


def meta(actor: str = "system", channel: str = "api", source_id: str | None = None) -> Meta:
    return make_meta(actor=actor, channel=channel, source_id=source_id)


@dataclass
class Plan:
    anna: UUID
    bengt: UUID
    arena: UUID
    i272: UUID
    i274: UUID


def new_year_grant(
    agreement_id: UUID, principal: str, kind: str, area: str, year: int, amount: int
) -> f.GrantFunds:
    """A grant decided on the first of January of its year."""
    return f.GrantFunds(
        agreement_id=agreement_id,
        principal=principal,
        principal_kind=kind,
        area=area,
        year=year,
        amount=amount,
        decided_on=date(year, 1, 1),
    )


def created(app: Samverka, command: Command, actor: str = "system") -> UUID:
    """The id of the aggregate the command creates."""
    return app.execute(command, meta(actor=actor)).aggregate_id


def registered(app: Samverka, name: str, organisation: str, **contact: str) -> UUID:
    """A new person's id."""
    return created(app, c.RegisterPerson(name=name, organisation=organisation, **contact))


def seed_plan(app: Samverka) -> Plan:
    anna = registered(app, "Anna Jonsson", "UPH/ Region Skåne", email="anna.jonsson@example.se")
    bengt = registered(app, "Bengt Stavenow", "Innovation Skåne", email="bengt.stavenow@example.se")
    arena = created(app, c.CreateArena(code="2.7", name="Hälsofrämjande digitalt liv"))
    app.execute(c.AddMember(arena_id=arena, person_id=anna, role="participant"), meta())
    app.execute(c.AddMember(arena_id=arena, person_id=bengt, role="moderator"), meta())
    i272 = created(
        app,
        c.CreateInitiative(
            arena_id=arena,
            code="2.7.2",
            title="Löpande samordning kring digitala lösningar",
            status="active",
        ),
    )
    i274 = created(
        app,
        c.CreateInitiative(
            arena_id=arena,
            code="2.7.4",
            title="Utveckla digitala lösningar för psykisk hälsa",
            perspectives=["barnperspektivet"],
        ),
    )
    app.execute(
        c.AddMilestone(
            initiative_id=i272,
            title="Bjuda in till första samordningsmöte",
            due=parse_due("Oktober?", default_year=2020),
        ),
        meta(),
    )
    app.execute(c.AddParticipant(initiative_id=i272, person_id=bengt, role="moderator"), meta())
    return Plan(anna=anna, bengt=bengt, arena=arena, i272=i272, i274=i274)


def more_history(app: Samverka, plan: Plan) -> None:
    app.execute(
        c.ChangeInitiativeStatus(initiative_id=plan.i274, status="active"),
        meta(actor=str(plan.anna)),
    )
    app.execute(
        c.ReportHealth(initiative_id=plan.i272, health="at-risk", comment="Få anmälda"),
        meta(actor=str(plan.bengt), channel="slack"),
    )
    app.execute(
        c.RecordDecision(
            text="Mötesserien utvärderas efter tre möten",
            decision_date=date(2020, 11, 5),
            decided_by_body="Delarena 2.7",
            initiative_ids=[plan.i272],
            arena_id=plan.arena,
        ),
        meta(actor=str(plan.bengt)),
    )
