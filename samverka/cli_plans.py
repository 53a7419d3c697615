"""`samverka plan ...` and `samverka organisation ...`: a regional plan, its
organisations and its yearly follow-up from the command line.

A plan, an organisation, an insatsområde, a målbild and an activity may be
named by code ("vrm-2021", "karlstad", "IO1", "M3", "A1") or by id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from domain.authority import Authority
from domain.meetings import commands as m
from domain.meta import SYSTEM_ACTOR
from domain.plans import commands as p
from domain.plans.values import (
    OrganisationKind,
    PlanScope,
    QuestionKind,
    activity_id,
    direction_id,
    focus_area_id,
    target_id,
)
from domain.values import Perspective
from samverka.bootstrap import Container
from samverka.cli_common import (
    PersonArg,
    TextArg,
    TextOpt,
    coded_ref,
    echo_json,
    echo_read,
    fail,
    find_arena,
    find_initiative,
    named,
    person_ref,
    run,
    state,
    t,
    using,
    uuid_or_none,
)
from services.i18n import N_
from services.plan_formats import compilation_xlsx

plan_app = typer.Typer(
    help="Plans: målbilder, insatsområden, activities and the yearly follow-up.",
    no_args_is_help=True,
)
organisation_app = typer.Typer(
    help="Organisations (region, kommun, förvaltning, myndighet, förening).",
    no_args_is_help=True,
)
PlanArg = Annotated[str, typer.Argument(help="Plan code or id")]
AreaArg = Annotated[str, typer.Argument(help="Insatsområde code (IO1) or id")]
OrgArg = Annotated[str, typer.Argument(help="Organisation code or id")]
Codes = Annotated[list[str] | None, typer.Option(help="Repeat for more")]


def plan_ref(k: Container, ref: str) -> UUID:
    return coded_ref(ref, k.plans.plan_id_by_code, N_("no plan with code {code}"))


def organisation_ref(k: Container, ref: str) -> UUID:
    missing = N_("no organisation with code {code}")
    return coded_ref(ref, k.plans.organisation_id_by_code, missing)


def _plan(ref: str) -> UUID:
    return using(lambda k: plan_ref(k, ref))


def _part(plan: UUID, ref: str, derive: Callable[[UUID, str], UUID]) -> UUID:
    """A part of the plan by id, or by code (its id derived from the plan's)."""
    found = uuid_or_none(ref)
    return found if found is not None else derive(plan, ref)


# -- organisations -------------------------------------------------------------------


@organisation_app.command("register")
def organisation_register(
    code: TextArg,
    name: TextArg,
    kind: Annotated[OrganisationKind, typer.Option(help="region, kommun, forvaltning, ...")],
    county: TextOpt = None,
    area_code: Annotated[str | None, typer.Option(help="SCB code: 17, 1780")] = None,
    parent: Annotated[str | None, typer.Option(help="The organisation it is part of")] = None,
    arena: Annotated[str | None, typer.Option(help="Arena whose moderators keep it")] = None,
) -> None:
    """Register an organisation."""
    parent_id = using(lambda k: organisation_ref(k, parent)) if parent else None
    arena_id = find_arena(arena) if arena else None
    run(named(p.RegisterOrganisation, locals()))


@organisation_app.command("list")
def organisation_list(county: TextOpt = None, kind: OrganisationKind | None = None) -> None:
    """Organisations, by county and kind."""
    echo_read(
        lambda k: (
            k.plans.organisations_page(
                limit=10_000, offset=0, county=county, kind=kind.value if kind else None
            ).items
        )
    )


@organisation_app.command("show")
def organisation_show(organisation: OrgArg) -> None:
    """One organisation with its persons and contact persons."""
    echo_read(lambda k: k.plans.get_organisation(str(organisation_ref(k, organisation))))


@organisation_app.command("add-person")
def organisation_add_person(
    organisation: OrgArg,
    person: PersonArg,
    contact: Annotated[bool, typer.Option(help="A contact person gets the survey")] = False,
) -> None:
    """Add a person to an organisation."""
    org = using(lambda k: organisation_ref(k, organisation))
    run(p.AddOrganisationPerson(organisation_id=org, person_id=person_ref(person), contact=contact))


@organisation_app.command("contact")
def organisation_contact(
    organisation: OrgArg,
    person: PersonArg,
    contact: Annotated[bool, typer.Option("--yes/--no", help="Contact person or not")] = True,
) -> None:
    """Make a person a contact person of the organisation (or not)."""
    org = using(lambda k: organisation_ref(k, organisation))
    run(
        p.SetOrganisationContact(organisation_id=org, person_id=person_ref(person), contact=contact)
    )


@organisation_app.command("remove-person")
def organisation_remove_person(organisation: OrgArg, person: PersonArg) -> None:
    """Remove a person from an organisation."""
    org = using(lambda k: organisation_ref(k, organisation))
    run(p.RemoveOrganisationPerson(organisation_id=org, person_id=person_ref(person)))


# -- the plan ------------------------------------------------------------------------


@plan_app.command("create")
def plan_create(
    code: TextArg,
    title: Annotated[str, typer.Option()],
    goal: Annotated[str, typer.Option(help="The long-term goal")],
    first_year: Annotated[int, typer.Option()],
    last_year: Annotated[int, typer.Option()],
    county: TextOpt = None,
    scope: PlanScope = PlanScope.REGIONAL,
    arena: Annotated[str | None, typer.Option(help="Arena whose moderators run it")] = None,
) -> None:
    """Create a plan with its long-term goal."""
    arena_id = find_arena(arena) if arena else None
    run(named(p.CreatePlan, locals()))


@plan_app.command("list")
def plan_list() -> None:
    """Plans."""
    echo_read(lambda k: k.plans.plans_page(limit=1000, offset=0).items)


@plan_app.command("show")
def plan_show(plan: PlanArg) -> None:
    """A plan with målbilder, directions, insatsområden, activities and organisations."""
    echo_read(lambda k: k.plans.get_plan(str(plan_ref(k, plan))))


@plan_app.command("target")
def plan_target(plan: PlanArg, code: TextArg, title: TextArg, description: TextOpt = None) -> None:
    """Add a målbild."""
    run(named(p.AddTarget, locals(), plan_id=_plan(plan)))


@plan_app.command("direction")
def plan_direction(
    plan: PlanArg, code: TextArg, title: TextArg, description: TextOpt = None
) -> None:
    """Add a strategic direction."""
    run(named(p.AddDirection, locals(), plan_id=_plan(plan)))


@plan_app.command("area")
def plan_area(
    plan: PlanArg,
    code: TextArg,
    title: TextArg,
    direction: Annotated[str | None, typer.Option(help="Direction code")] = None,
    challenge: Codes = None,
    description: TextOpt = None,
) -> None:
    """Add an insatsområde with its utmaningsfrågor (--challenge, repeated)."""
    plan_id = _plan(plan)
    direction_ref = _part(plan_id, direction, direction_id) if direction else None
    run(named(p.AddFocusArea, locals(), direction_id=direction_ref, challenges=challenge or []))


@plan_app.command("question")
def plan_question(
    plan: PlanArg,
    area: AreaArg,
    text: TextArg,
    kind: QuestionKind = QuestionKind.CHOICE,
    perspective: Perspective | None = None,
) -> None:
    """Add an uppföljningsfråga (answered ja / delvis / nej, or in text)."""
    plan_id = _plan(plan)
    area_id = _part(plan_id, area, focus_area_id)
    run(named(p.AddFollowUpQuestion, locals()))


@plan_app.command("perspective-goal")
def plan_perspective_goal(
    plan: PlanArg,
    perspective: Perspective,
    goal: TextArg,
    area: Annotated[str | None, typer.Option(help="Insatsområde (else the whole plan)")] = None,
) -> None:
    """Set a perspective's goal for the plan or an insatsområde."""
    plan_id = _plan(plan)
    area_id = _part(plan_id, area, focus_area_id) if area else None
    run(named(p.SetPerspectiveGoal, locals()))


@plan_app.command("activity")
def plan_activity(
    plan: PlanArg,
    code: TextArg,
    title: TextArg,
    area: Annotated[str, typer.Option(help="Insatsområde code")],
    target: Codes = None,
    organisation: Codes = None,
    description: TextOpt = None,
    initiative: Annotated[
        str | None, typer.Option(help="The initiative it is (code or id)")
    ] = None,
) -> None:
    """Add an activity to an insatsområde, aimed at målbilder (--target) with
    responsible organisations (--organisation), perhaps an initiative."""
    plan_id = _plan(plan)
    organisation_ids = using(lambda k: [organisation_ref(k, o) for o in organisation or []])
    initiative_id = find_initiative(initiative) if initiative else None
    area_id = _part(plan_id, area, focus_area_id)
    target_ids = [_part(plan_id, x, target_id) for x in target or []]
    run(named(p.AddActivity, locals()))


@plan_app.command("activity-perspective")
def plan_activity_perspective(
    plan: PlanArg, activity: TextArg, perspective: Perspective, how: TextArg
) -> None:
    """Say how an activity addresses a perspective."""
    plan_id = _plan(plan)
    activity_ref = _part(plan_id, activity, activity_id)
    run(named(p.AddressPerspective, locals(), activity_id=activity_ref))


@plan_app.command("join")
def plan_join(plan: PlanArg, organisation: OrgArg) -> None:
    """Let an organisation take part in the yearly follow-up."""
    org = using(lambda k: organisation_ref(k, organisation))
    run(p.AddPlanOrganisation(plan_id=_plan(plan), organisation_id=org))


@plan_app.command("survey")
def plan_survey(
    plan: PlanArg,
    first_year: Annotated[int, typer.Option()],
    title: TextOpt = None,
    send_on: Annotated[str, typer.Option(help="MM-DD")] = "12-01",
    due_on: Annotated[str, typer.Option(help="MM-DD")] = "01-20",
) -> None:
    """Schedule the yearly survey of the plan's uppföljningsfrågor."""
    plan_id = _plan(plan)
    run(named(p.SchedulePlanSurvey, locals(), title=title or t("Follow-up of the plan")))


@plan_app.command("send")
def plan_send(plan: PlanArg, year: Annotated[int, typer.Argument()]) -> None:
    """Send the year's survey now (the scheduler does so on its send day)."""
    survey = using(lambda k: (k.plans.get_plan(str(plan_ref(k, plan))) or {}).get("survey_id"))
    if not survey:
        fail(t("the plan has no yearly survey yet; schedule it with `plan survey`"))
    run(m.OpenSurveyRound(survey_id=UUID(survey), year=year))


@plan_app.command("compile")
def plan_compile(
    plan: PlanArg,
    year: Annotated[int, typer.Argument()],
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", help="As known at this moment (recorded time, ISO 8601)"),
    ] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write a workbook here")] = None,
) -> None:
    """The year's survey compiled per insatsområde, organisation and perspective."""
    system = Authority(actor=SYSTEM_ACTOR, system=True)
    moment = as_of if as_of is None or as_of.tzinfo else as_of.astimezone()
    found = using(
        lambda k: k.plans.compilation_seen_by(str(plan_ref(k, plan)), year, system, as_of=moment)
    )
    if xlsx is None:
        echo_json(found)
    elif found is not None:
        xlsx.parent.mkdir(parents=True, exist_ok=True)
        xlsx.write_bytes(compilation_xlsx(found, state.lang))


@plan_app.command("narrative")
def plan_narrative(
    plan: PlanArg,
    area: AreaArg,
    year: Annotated[int, typer.Argument()],
    done: TextOpt = None,
    effect: TextOpt = None,
    next_: Annotated[str | None, typer.Option("--next")] = None,
) -> None:
    """Write the year's narrative of an insatsområde: what was done, its effect, what next."""
    plan_id = _plan(plan)
    area_id = _part(plan_id, area, focus_area_id)
    run(named(p.WriteNarrative, locals(), next=next_))


@plan_app.command("narratives")
def plan_narratives(plan: PlanArg, year: Annotated[int | None, typer.Option()] = None) -> None:
    """Every revision of the narratives, newest first."""
    echo_read(lambda k: k.plans.narratives(str(plan_ref(k, plan)), year=year))
