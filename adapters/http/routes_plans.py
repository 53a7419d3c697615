"""Plans (målbilder, insatsområden, activities), organisations, and the
yearly follow-up compiled per insatsområde and organisation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from adapters.http import models_plans as out
from adapters.http.command_routes import CommandRoute, add_command_routes, add_resource_route
from adapters.http.deps import Conn, Reader, Services, aware
from adapters.http.page_routes import PageRoute, add_page_routes
from adapters.http.responses import found
from domain.plans import commands as p
from domain.plans.values import OrganisationKind

router = APIRouter(prefix="/api/v1", tags=["plans"])
YearPath = Annotated[int, Path(ge=2000, le=2100)]

# fmt: off
add_page_routes(
    router,
    PageRoute("GET /organisations", "list_organisations", "plans.organisations_page",
              out.Organisation, "Organisations (region, kommun, förvaltning, ...)",
              filters={"county": Annotated[str | None, Query(max_length=200)],
                       "kind": OrganisationKind | None}),
    PageRoute("GET /plans", "list_plans", "plans.plans_page", out.Plan, "Plans"),
)
add_resource_route(
    router, "GET /organisations/{organisation_id}", "plans.get_organisation", "organisation",
    "One organisation with its persons and contact persons",
)
add_resource_route(
    router, "GET /plans/{plan_id}", "plans.get_plan", "plan",
    "One plan: goal, målbilder, directions, insatsområden, activities, organisations",
)

ORG = "/organisations/{organisation_id}"
ORGANISATIONS = [
    CommandRoute("POST /organisations", p.RegisterOrganisation, "Register an organisation",
                 created=True),
    CommandRoute(f"PATCH {ORG}", p.ReviseOrganisation, "Revise an organisation's name or county"),
    CommandRoute(f"POST {ORG}/persons", p.AddOrganisationPerson,
                 "Add a person to an organisation (a contact person or not)"),
    CommandRoute(f"PUT {ORG}/persons/{{person_id}}/contact", p.SetOrganisationContact,
                 "Make a person a contact person, or not"),
    CommandRoute(f"DELETE {ORG}/persons/{{person_id}}", p.RemoveOrganisationPerson,
                 "Remove a person from an organisation"),
]
PLAN = "/plans/{plan_id}"
AREA = f"{PLAN}/areas/{{area_id}}"
ACTIVITY = f"{PLAN}/activities/{{activity_id}}"
PLANS = [
    CommandRoute("POST /plans", p.CreatePlan, "Create a plan with its long-term goal",
                 created=True),
    CommandRoute(f"PATCH {PLAN}", p.RevisePlan, "Revise title, goal, purpose or years"),
    CommandRoute(f"POST {PLAN}/targets", p.AddTarget, "Add a målbild"),
    CommandRoute(f"POST {PLAN}/directions", p.AddDirection, "Add a strategic direction"),
    CommandRoute(f"POST {PLAN}/areas", p.AddFocusArea,
                 "Add an insatsområde with its utmaningsfrågor"),
    CommandRoute(f"PATCH {AREA}", p.ReviseFocusArea, "Revise an insatsområde"),
    CommandRoute(f"POST {AREA}/questions", p.AddFollowUpQuestion, "Add an uppföljningsfråga"),
    CommandRoute(f"DELETE {AREA}/questions/{{number}}", p.WithdrawFollowUpQuestion,
                 "Withdraw an uppföljningsfråga"),
    CommandRoute(f"PUT {PLAN}/perspective-goals", p.SetPerspectiveGoal,
                 "Set a perspective's goal for the plan or an insatsområde"),
    CommandRoute(f"POST {PLAN}/activities", p.AddActivity,
                 "Add an activity to an insatsområde"),
    CommandRoute(f"PUT {ACTIVITY}/links", p.LinkActivity,
                 "Set an activity's målbilder and responsible organisations"),
    CommandRoute(f"PUT {ACTIVITY}/perspectives", p.AddressPerspective,
                 "Say how an activity addresses a perspective"),
    CommandRoute(f"POST {PLAN}/organisations", p.AddPlanOrganisation,
                 "Let an organisation take part in the follow-up"),
    CommandRoute(f"DELETE {PLAN}/organisations/{{organisation_id}}", p.RemovePlanOrganisation,
                 "Remove an organisation from the follow-up"),
    CommandRoute(f"POST {AREA}/narratives", p.WriteNarrative,
                 "Write the year's narrative of an insatsområde (a new revision)"),
    CommandRoute(f"POST {PLAN}/survey", p.SchedulePlanSurvey,
                 "Schedule the yearly survey of the plan's uppföljningsfrågor",
                 reads="checkins.get_survey"),
]
# fmt: on
add_command_routes(router, ORGANISATIONS, reads="plans.get_organisation")
add_command_routes(router, PLANS, reads="plans.get_plan")


@router.get(
    f"{PLAN}/follow-ups/{{year}}",
    summary="The year's survey compiled per insatsområde, organisation and perspective",
    response_model=out.Compilation,
)
def compilation(
    plan_id: UUID,
    year: YearPath,
    who: Reader,
    s: Services,
    conn: Conn,
    as_of: datetime | None = None,
) -> JSONResponse:
    """`as_of`: as known at that moment (the events recorded up to it replayed)."""
    found_plan = s.plans.compilation_seen_by(
        str(plan_id), year, who.authority, as_of=aware(as_of), conn=conn
    )
    return JSONResponse(found(found_plan, "plan"))


@router.get(
    f"{PLAN}/narratives",
    summary="Every revision of the narratives, newest first",
    response_model=list[out.Narrative],
)
def narratives(
    plan_id: UUID,
    who: Reader,
    s: Services,
    conn: Conn,
    area_id: UUID | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> JSONResponse:
    found(s.plans.get_plan(str(plan_id), conn=conn), "plan")
    rows = s.plans.narratives(
        str(plan_id), area_id=str(area_id) if area_id else None, year=year, conn=conn
    )
    return JSONResponse(rows)
