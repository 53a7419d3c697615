"""CLI commands for persons, arenas, initiatives and decisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer

from domain import commands as c
from domain.due import parse_due
from domain.values import ArenaKind, Health, Role, Status
from samverka.cli_common import (
    ArenaOpt,
    PersonArg,
    TextArg,
    TextOpt,
    arena_ref,
    echo_read,
    find_arena,
    find_initiative,
    id_or_none,
    initiative_ref,
    named,
    person_ref,
    run,
    t,
    using,
)
from services.queries import Page
from services.queries.plan import PlanQueries


def _echo_in_arena(read: Callable[..., Page], arena: str | None, limit: int) -> None:
    """The first `limit` rows of a plan list (`read`, of PlanQueries), of one arena if given."""
    echo_read(
        lambda k: (
            read(k.plan, limit=limit, offset=0, arena_id=id_or_none(k, arena_ref, arena)).items
        )
    )


person_app = typer.Typer(help="Persons.", no_args_is_help=True)
arena_app = typer.Typer(help="Arenas (delarenor) and members.", no_args_is_help=True)
initiative_app = typer.Typer(help="Initiatives.", no_args_is_help=True)
decision_app = typer.Typer(help="Decisions (beslut).", no_args_is_help=True)

Limit = Annotated[int, typer.Option(min=1, max=10_000)]
ArenaArg = Annotated[str, typer.Argument(help="Arena id or code")]
Initiative = Annotated[str, typer.Argument(help="Id or code")]


@person_app.command("add")
def person_add(
    name: Annotated[str, typer.Argument(help="Full name")],
    email: TextOpt = None,
    organisation: TextOpt = None,
    slack_user_id: TextOpt = None,
) -> None:
    """Register a person."""
    run(named(c.RegisterPerson, locals()))


@person_app.command("list")
def person_list(limit: Limit = 200) -> None:
    """List persons."""
    echo_read(lambda k: k.plan.persons_page(limit=limit, offset=0).items)


@arena_app.command("create")
def arena_create(
    code: Annotated[str, typer.Argument(help='Code, e.g. "2.7"')],
    name: TextArg,
    kind: Annotated[ArenaKind, typer.Option()] = ArenaKind.DELARENA,
    description: TextOpt = None,
) -> None:
    """Create an arena."""
    run(named(c.CreateArena, locals()))


@arena_app.command("list")
def arena_list(limit: Limit = 200) -> None:
    """List arenas."""
    echo_read(lambda k: k.plan.arenas_page(limit=limit, offset=0).items)


@arena_app.command("show")
def arena_show(arena: ArenaArg) -> None:
    """One arena with members and initiatives."""
    echo_read(lambda k: k.plan.get_arena(str(arena_ref(k, arena))))


@arena_app.command("add-member")
def arena_add_member(
    arena: ArenaArg,
    person: PersonArg,
    role: Annotated[Role, typer.Option()] = Role.PARTICIPANT,
) -> None:
    """Add a member to an arena."""
    run(named(c.AddMember, locals(), arena_id=find_arena(arena), person_id=person_ref(person)))


@initiative_app.command("create")
def initiative_create(
    arena: ArenaArg,
    code: Annotated[str, typer.Argument(help='Code, e.g. "2.7.2"')],
    title: TextArg,
    goal: Annotated[str | None, typer.Option(help="Målbild")] = None,
    background: TextOpt = None,
    objective: Annotated[list[str] | None, typer.Option(help="Delmål (repeatable)")] = None,
    status: Annotated[Status, typer.Option()] = Status.PROPOSED,
) -> None:
    """Create an initiative."""
    arena_id = find_arena(arena)
    run(named(c.CreateInitiative, locals(), objectives=objective or []))


@initiative_app.command("list")
def initiative_list(
    arena: ArenaOpt = None,
    limit: Limit = 500,
) -> None:
    """List initiatives."""
    _echo_in_arena(PlanQueries.initiatives_page, arena, limit)


@initiative_app.command("show")
def initiative_show(initiative: Initiative) -> None:
    """One initiative with milestones, people and decisions."""
    echo_read(lambda k: k.plan.get_initiative(str(initiative_ref(k, initiative))))


@initiative_app.command("status")
def initiative_status(
    initiative: Initiative,
    status: Annotated[Status, typer.Argument()],
    reason: TextOpt = None,
) -> None:
    """Change an initiative's status."""
    run(named(c.ChangeInitiativeStatus, locals(), initiative_id=find_initiative(initiative)))


@initiative_app.command("health")
def initiative_health(
    initiative: Initiative,
    health: Annotated[Health, typer.Argument()],
    comment: TextOpt = None,
) -> None:
    """Report an initiative's health."""
    run(named(c.ReportHealth, locals(), initiative_id=find_initiative(initiative)))


@initiative_app.command("milestone")
def initiative_milestone(
    initiative: Initiative,
    title: TextArg,
    due: Annotated[str, typer.Argument(help='"2021-03-31", "Oktober?", "Vår 2021?"')],
    year: Annotated[int | None, typer.Option(help="Year meant when due names none")] = None,
) -> None:
    """Add a milestone."""
    initiative_id, this_year = using(lambda k: (initiative_ref(k, initiative), k.clock.now().year))
    default_year = year or this_year
    run(
        c.AddMilestone(
            initiative_id=initiative_id, title=title, due=parse_due(due, default_year=default_year)
        )
    )


@decision_app.command("record")
def decision_record(
    text: TextArg,
    decided_on: Annotated[str, typer.Option("--date", help="Decision date, YYYY-MM-DD")],
    by: Annotated[str, typer.Option(help="The body that decided")],
    arena: ArenaOpt = None,
    initiative: Annotated[
        list[str] | None, typer.Option(help="Initiative id or code (repeatable)")
    ] = None,
    rationale: TextOpt = None,
    review: Annotated[str | None, typer.Option(help="Review date, YYYY-MM-DD")] = None,
) -> None:
    """Record a decision."""
    arena_id, initiative_ids = using(
        lambda k: (
            arena_ref(k, arena) if arena else None,
            [initiative_ref(k, ref) for ref in initiative or []],
        )
    )
    try:
        decision_date = date.fromisoformat(decided_on)
        review_date = date.fromisoformat(review) if review else None
    except ValueError as error:
        raise typer.BadParameter(t("a date is written YYYY-MM-DD ({error})", error=error)) from None
    run(named(c.RecordDecision, locals(), decided_by_body=by))


@decision_app.command("list")
def decision_list(
    arena: ArenaOpt = None,
    limit: Limit = 500,
) -> None:
    """The decision log, newest first."""
    _echo_in_arena(PlanQueries.decisions_page, arena, limit)
