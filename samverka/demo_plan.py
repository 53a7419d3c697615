"""Demo: Värmland's plan for good mental health (seed 002) and its yearly
follow-up in 2023 and 2024 (see demo_plan_data for what is from the seed
and what is invented). Loaded idempotently: every command has a fixed
source id ("demo:plan:...")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain import commands as c
from domain.checkins.round import survey_round_id
from domain.checkins.survey import survey_window
from domain.commands import Command
from domain.meetings import commands as m
from domain.meta import SYSTEM_ACTOR, Channel, make_meta
from domain.plans import commands as p
from domain.plans.plan import Plan
from domain.plans.values import (
    CHOICES,
    OrganisationKind,
    QuestionKind,
    activity_id,
    direction_id,
    focus_area_id,
    plan_id,
    target_id,
)
from domain.values import ArenaKind, Perspective, Role
from samverka import demo_plan_data as v
from samverka.demo_data import email_of
from services.application import Samverka

YEARS = (2023, 2024)
TEXTS = [
    "Utbildningsinsatser för personal har genomförts tillsammans med regionen.",
    "Arbetet har påbörjats men behöver mer resurser nästa år.",
    "Samverkan med skolan och elevhälsan har stärkts.",
    "Inget nytt arbete under året.",
]


class PlanDemo:
    def __init__(self, app: Samverka) -> None:
        self.app = app
        self.new = 0
        self.coordinator = ""
        self.contacts: dict[str, UUID] = {}
        self.organisations: dict[str, UUID] = {}

    def _do(
        self, key: str, command: Command, actor: str = SYSTEM_ACTOR, channel: str = "cli"
    ) -> UUID:
        meta = make_meta(actor=actor, channel=Channel(channel), source_id=f"demo:plan:{key}")
        result = self.app.execute(command, meta)
        self.new += 0 if result.replayed else 1
        return result.aggregate_id

    def _plan_do(self, key: str, command: Command) -> UUID:
        return self._do(key, command, actor=self.coordinator, channel="web")

    def load(self) -> int:
        coordinator = self._do(
            "coordinator",
            c.RegisterPerson(
                name="Plansamordnare Värmland (demo)",
                email=email_of("Plansamordnare Varmland"),
                organisation="Region Värmland",
            ),
        )
        self.coordinator = str(coordinator)
        arena = self._do(
            "arena",
            c.CreateArena(
                code="rkph",
                name="Regional koordinering psykisk hälsa (RKPH), Nya perspektiv",
                kind=ArenaKind.SAMORDNINGSGRUPP,
                description="Samordningsgruppen med ansvar för uppföljningen av planen.",
            ),
        )
        self._do(
            "arena:moderator",
            c.AddMember(arena_id=arena, person_id=coordinator, role=Role.MODERATOR),
        )
        self._organisations(arena)
        self._plan(arena)
        self._follow_up()
        return self.new

    def _organisations(self, arena: UUID) -> None:
        for code, name, kind, area_code in v.ORGANISATIONS:
            org = self._do(
                f"org:{code}",
                p.RegisterOrganisation(
                    code=code,
                    name=name,
                    kind=OrganisationKind(kind),
                    county=v.COUNTY,
                    area_code=area_code,
                    arena_id=arena,
                ),
            )
            person = self._do(
                f"contact:{code}",
                c.RegisterPerson(
                    name=f"Kontaktperson {name}",
                    email=f"kontakt.{code}@example.se",
                    organisation=name,
                ),
            )
            self._do(
                f"org:{code}:contact",
                p.AddOrganisationPerson(organisation_id=org, person_id=person, contact=True),
            )
            self.organisations[code], self.contacts[code] = org, person

    def _plan(self, arena: UUID) -> None:
        plan = self._plan_do(
            "plan",
            p.CreatePlan(
                code=v.PLAN_CODE,
                title=v.TITLE,
                goal=v.GOAL,
                purpose=v.PURPOSE,
                first_year=2021,
                last_year=2024,
                county=v.COUNTY,
                arena_id=arena,
            ),
        )
        for n in range(1, 11):
            self._plan_do(
                f"target:{n}",
                p.AddTarget(
                    plan_id=plan, code=f"M{n}", title=f"Målbild {n}", description=v.TARGET_NOTE
                ),
            )
        for code, title, text in v.DIRECTIONS:
            self._plan_do(
                f"direction:{code}",
                p.AddDirection(plan_id=plan, code=code, title=title, description=text),
            )
        for code, direction, title, challenges, questions in v.AREAS:
            area = focus_area_id(plan, code)
            self._plan_do(
                f"area:{code}",
                p.AddFocusArea(
                    plan_id=plan,
                    code=code,
                    title=title,
                    direction_id=direction_id(plan, direction),
                    challenges=challenges,
                ),
            )
            asked = list(questions)
            if direction == "S1":
                asked.append((v.DONE_QUESTION, "text"))
            for n, (text, kind) in enumerate(asked, start=1):
                self._plan_do(
                    f"question:{code}:{n}",
                    p.AddFollowUpQuestion(
                        plan_id=plan, area_id=area, text=text, kind=QuestionKind(kind)
                    ),
                )
        for perspective, goal in v.PERSPECTIVE_GOALS.items():
            self._plan_do(
                f"perspective:{perspective}",
                p.SetPerspectiveGoal(plan_id=plan, perspective=Perspective(perspective), goal=goal),
            )
        for code, _name, _kind, _scb in v.ORGANISATIONS:
            self._plan_do(
                f"join:{code}",
                p.AddPlanOrganisation(plan_id=plan, organisation_id=self.organisations[code]),
            )
        self._activities(plan)
        self._plan_do(
            "survey",
            p.SchedulePlanSurvey(
                plan_id=plan,
                title="Uppföljning av planen för god psykisk hälsa",
                first_year=YEARS[0],
            ),
        )

    def _activities(self, plan: UUID) -> None:
        municipalities = [o for code, o in self.organisations.items() if code != "region-varmland"]
        region = [self.organisations["region-varmland"]]
        for code, area, title, who, targets in v.ACTIVITIES:
            responsible = {
                "region": region,
                "kommuner": municipalities,
                "both": region + municipalities,
            }
            self._plan_do(
                f"activity:{code}",
                p.AddActivity(
                    plan_id=plan,
                    code=code,
                    title=title,
                    area_id=focus_area_id(plan, area),
                    target_ids=[target_id(plan, f"M{n}") for n in targets],
                    organisation_ids=responsible.get(who, []),
                ),
            )
        for code, (perspective, how) in v.ACTIVITY_PERSPECTIVES.items():
            self._plan_do(
                f"activity:{code}:{perspective}",
                p.AddressPerspective(
                    plan_id=plan,
                    activity_id=activity_id(plan, code),
                    perspective=Perspective(perspective),
                    how=how,
                ),
            )

    def _follow_up(self) -> None:
        plan = plan_id(v.PLAN_CODE)
        found: object = self.app.repository.get(plan)
        assert isinstance(found, Plan) and found.survey_id is not None
        survey, questions = found.survey_id, found.survey_questions()
        for year in YEARS:
            self._do(f"send:{year}", m.OpenSurveyRound(survey_id=UUID(survey), year=year))
            round_id = survey_round_id(UUID(survey), year)
            for i, (code, _name, _kind, _scb) in enumerate(v.ORGANISATIONS):
                if (i + year) % (3 if year == YEARS[0] else 5) == 0:
                    continue  # has not answered
                answers = {
                    q["id"]: (
                        CHOICES[(i * 7 + n + (year - 2020) * 3) % 3]
                        if q["kind"] == "choice"
                        else TEXTS[(i + n + year) % len(TEXTS)]
                    )
                    for n, q in enumerate(questions)
                    if (i + n) % 4 != 0
                }
                person = self.contacts[code]
                self._do(
                    f"answer:{year}:{code}",
                    m.AnswerCheckIn(
                        round_id=round_id,
                        person_id=person,
                        answers=answers,
                        answered_at=datetime(year, 12, 2, 9, tzinfo=UTC) + timedelta(hours=i),
                    ),
                    actor=str(person),
                    channel="email" if i % 2 else "slack",
                )
            _opens, due = survey_window("12-01", "01-20", "Europe/Stockholm", year)
            self._do(f"close:{year}", m.CloseCheckInRound(round_id=round_id, closed_at=due))
        self._plan_do(
            "narrative:IO1:2024",
            p.WriteNarrative(
                plan_id=plan,
                area_id=focus_area_id(plan, "IO1"),
                year=2024,
                done="Föräldraskapsstöd och utbildning för personal i flera kommuner.",
                effect="Fler kommuner svarar att personal kan se och agera på signaler om ohälsa.",
                next="Sprida arbetssätten till de kommuner som ännu inte börjat.",
            ),
        )
