"""A small regional plan with three organisations and their contact persons,
followed up in two years (used by the plan tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain import commands as c
from domain.checkins.round import survey_round_id
from domain.commands import Command
from domain.meetings import commands as m
from domain.plans import commands as p
from domain.plans.values import focus_area_id, target_id
from services.application import Samverka
from tests.integration.scenario import meta


@dataclass
class PlanWorld:
    arena: UUID
    moderator: UUID
    plan: UUID
    survey: UUID
    areas: list[UUID]
    organisations: dict[str, UUID]  # code: id
    contacts: dict[str, UUID]  # organisation code: its contact person


def run(app: Samverka, command: Command, actor: str = "system", channel: str = "cli") -> UUID:
    return app.execute(command, meta(actor=actor, channel=channel)).aggregate_id


def build(app: Samverka) -> PlanWorld:
    arena = run(app, c.CreateArena(code="rkph", name="RKPH", kind="samordningsgrupp"))
    moderator = run(app, c.RegisterPerson(name="Plan Samordnare", email="plan@example.se"))
    app.execute(c.AddMember(arena_id=arena, person_id=moderator, role="moderator"), meta())
    plan = run(
        app,
        p.CreatePlan(
            code="vrm-test",
            title="Plan för god psykisk hälsa",
            goal="God psykisk hälsa bland värmlänningarna",
            first_year=2021,
            last_year=2026,
            county="Värmlands län",
            arena_id=arena,
        ),
        actor=str(moderator),
        channel="api",
    )
    mod = str(moderator)
    run(app, p.AddTarget(plan_id=plan, code="M1", title="Målbild 1"), mod, "api")
    run(app, p.AddDirection(plan_id=plan, code="S1", title="Kunskapsbaserat"), mod, "api")
    areas = []
    for code, title in (("IO1", "Kompetensutveckling"), ("IO2", "Tidig upptäckt")):
        run(
            app,
            p.AddFocusArea(plan_id=plan, code=code, title=title, challenges=[f"Hur {title}?"]),
            mod,
            "api",
        )
        area = focus_area_id(plan, code)
        areas.append(area)
        run(app, p.AddFollowUpQuestion(plan_id=plan, area_id=area, text=f"Finns {title}?"), mod)
        run(
            app,
            p.AddFollowUpQuestion(
                plan_id=plan,
                area_id=area,
                text=f"Vad har gjorts för {title}?",
                kind="text",
                perspective="jamlikhet" if code == "IO1" else None,
            ),
            mod,
        )
    organisations, contacts = {}, {}
    for code, name, kind, area_code in (
        ("region-v", "Region Värmland", "region", "17"),
        ("karlstad", "Karlstads kommun", "kommun", "1780"),
        ("arvika", "Arvika kommun", "kommun", "1784"),
    ):
        org = run(
            app,
            p.RegisterOrganisation(
                code=code,
                name=name,
                kind=kind,
                county="Värmlands län",
                area_code=area_code,
                arena_id=arena,
            ),
        )
        person = run(app, c.RegisterPerson(name=f"Kontakt {name}", email=f"{code}@example.se"))
        run(app, p.AddOrganisationPerson(organisation_id=org, person_id=person, contact=True))
        run(app, p.AddPlanOrganisation(plan_id=plan, organisation_id=org), mod)
        organisations[code], contacts[code] = org, person
    run(
        app,
        p.AddActivity(
            plan_id=plan,
            code="A1",
            title="Föräldraskapsstöd",
            area_id=areas[0],
            target_ids=[target_id(plan, "M1")],
            organisation_ids=[organisations["karlstad"]],
        ),
        mod,
    )
    activity = app.repository.get(plan).activities  # type: ignore[attr-defined]
    (activity_id,) = activity
    run(
        app,
        p.AddressPerspective(
            plan_id=plan,
            activity_id=UUID(activity_id),
            perspective="jamlikhet",
            how="Lika tillgång i hela länet",
        ),
        mod,
    )
    run(
        app,
        p.SetPerspectiveGoal(plan_id=plan, perspective="jamlikhet", goal="Jämlik tillgång"),
        mod,
    )
    survey = run(
        app, p.SchedulePlanSurvey(plan_id=plan, title="Uppföljning", first_year=2024), mod, "api"
    )
    return PlanWorld(arena, moderator, plan, survey, areas, organisations, contacts)


def open_year(app: Samverka, world: PlanWorld, year: int) -> UUID:
    run(app, m.OpenSurveyRound(survey_id=world.survey, year=year))
    return survey_round_id(world.survey, year)


def answer(
    app: Samverka, world: PlanWorld, year: int, org: str, answers: dict[str, Any], channel: str
) -> None:
    person = world.contacts[org]
    app.execute(
        m.AnswerCheckIn(
            round_id=survey_round_id(world.survey, year),
            person_id=person,
            answers=answers,
            answered_at=datetime(year, 12, 10, 10, tzinfo=UTC),
        ),
        meta(actor=str(person), channel=channel),
    )


def narrate(
    app: Samverka, world: PlanWorld, area: int, year: int, channel: str, **parts: str
) -> None:
    """The plan's moderator writes, through `channel`, what was done in the
    `area`th insatsområde in `year`: `parts` (done, effect, next)."""
    narrative = p.WriteNarrative(plan_id=world.plan, area_id=world.areas[area], year=year, **parts)
    run(app, narrative, str(world.moderator), channel)
