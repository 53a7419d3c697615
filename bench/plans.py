"""The yearly follow-up compiled: 290 municipalities answering a survey of
5 insatsområden × 10 uppföljningsfrågor, in two years (this year beside
last), compiled per insatsområde, municipality and perspective from the live
tables, next to the library reading and decoding the same events."""

from __future__ import annotations

import random
import time
import uuid
from datetime import timedelta

from bench.backends import fresh_database
from bench.replay import raw_read_rate
from bench.report import Line
from domain.checkins.round import Audience, CheckInRound, RoundKind, survey_round_id
from domain.checkins.survey import SurveyPlan
from domain.meta import make_meta
from domain.plans.commands import CreatePlan, RegisterOrganisation, SchedulePlanSurvey
from domain.plans.organisation import Organisation
from domain.plans.plan import Plan
from domain.plans.values import CHOICES
from projections.plans.compilation import compile_year
from samverka.bootstrap import bootstrap
from samverka.settings import Settings

AREAS, QUESTIONS, YEARS = 5, 10, (2024, 2025)


def write_follow_up(app: object, municipalities: int, seed: int = 7) -> uuid.UUID:
    """A plan with its organisations, survey and two years of answers; its id."""
    rng = random.Random(seed)
    meta = make_meta(actor="bench", channel="cli")
    save = app.save  # type: ignore[attr-defined]
    plan = Plan.create(CreatePlan(
        code="bench-plan", title="Plan", scope="regional", county="Län", goal="God psykisk hälsa",
        purpose=None, first_year=2021, last_year=2026, arena_id=None), meta=meta,
    )  # fmt: skip
    for a in range(1, AREAS + 1):
        area = plan.add_area(
            f"IO{a}", f"Insatsområde {a}", direction=None, description=None,
            challenges=[f"Utmaning {a}"], meta=meta,
        )  # fmt: skip
        for q in range(QUESTIONS):
            kind = "text" if q % 5 == 4 else "choice"
            plan.add_question(area, f"Fråga {a}.{q}?", kind=kind, perspective_key=None, meta=meta)
    organisations, contacts = [], {}
    for n in range(municipalities):
        org = Organisation.register(RegisterOrganisation(
            code=f"k{n}", name=f"Kommun {n}", kind="kommun", county="Län", area_code=None,
            parent_id=None, arena_id=None), meta=meta,
        )  # fmt: skip
        person = uuid.uuid4()
        org.add_person(person, contact=True, meta=meta)
        plan.add_organisation(org.id, meta=meta)
        organisations.append(org)
        contacts[str(org.id)] = [str(person)]
    survey = SurveyPlan.schedule_for_plan(
        SchedulePlanSurvey(plan_id=plan.id, title="Uppföljning", first_year=YEARS[0]),
        arena_id=None, contacts=[uuid.UUID(p[0]) for p in contacts.values()],
        questions=plan.survey_questions(), meta=meta,
    )  # fmt: skip
    plan.link_survey(survey.id, meta=meta)
    save(plan, survey, *organisations)
    questions = plan.survey_questions()
    for year in YEARS:
        round_id = survey_round_id(survey.id, year)
        opens, due = survey.window(year)
        checkin = CheckInRound.open(
            round_id=round_id, kind=RoundKind.SURVEY.value, title=f"Uppföljning {year}",
            audience=Audience(kind="persons", ref_id=str(survey.id)),
            recipients={p[0]: "email" for p in contacts.values()}, questions=questions,
            opens_at=opens, due_at=due, reminders=[48],
            link={"series_id": None, "occurrence_date": None, "initiative_id": None,
                  "survey_id": str(survey.id), "year": year},
            meta=meta,
        )  # fmt: skip
        plan.record_follow_up(year, round_id, contacts, meta=meta)
        save(plan, checkin)
        for n, people in enumerate(contacts.values()):
            if rng.random() < 0.1:
                continue  # one in ten does not answer
            answers = {
                q["id"]: rng.choice(CHOICES) if q["kind"] == "choice" else f"Svar {n} om {q['id']}"
                for q in questions
            }
            at = opens + timedelta(hours=1 + n % 500)
            checkin.answer(uuid.UUID(people[0]), answers, answered_at=at, meta=meta)
            if n % 50 == 49:
                save(checkin)
        save(checkin)
    return plan.id


def bench_plan_follow_up(backend: str, municipalities: int = 290, rounds: int = 3) -> list[Line]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            plan_id = write_follow_up(k.app, municipalities)
            k.projector.catch_up()
            best_ours = best_raw = float("inf")
            for _ in range(rounds):  # alternate, best of each, same run
                rate, count = raw_read_rate(k.app)
                best_raw = min(best_raw, count / rate)
                started = time.perf_counter()
                with k.engines.read.connect() as conn:
                    compiled = compile_year(conn, str(plan_id), YEARS[-1])
                best_ours = min(best_ours, time.perf_counter() - started)
            assert compiled is not None and len(compiled["organisations"]) == municipalities
            assert all(q["last_year"] is not None for q in compiled["areas"][0]["questions"])
        finally:
            k.close()
    cells = municipalities * AREAS * QUESTIONS
    return [
        Line(
            f"compile the yearly survey: {municipalities} municipalities × {AREAS} "
            f"insatsområden × {QUESTIONS} questions, this year beside last ({backend})",
            best_ours,
            best_raw,
            "s",
            "library reads + decodes the same events",
            target=2.0,
            lower_is_better=True,
            note=f"{count:,} events, {cells:,} answers a year",
        )
    ]
