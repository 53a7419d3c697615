"""CLI commands for check-in rounds, the yearly survey, the scheduler and its outbox."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import typer

from domain.checkins.questions import Question, make_question
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from samverka.cli_common import (
    TextArg,
    TextOpt,
    arena_ref,
    container,
    context,
    echo_json,
    echo_read,
    fail,
    find_arena,
    id_or_none,
    initiative_ref,
    named,
    now,
    person_ref,
    run,
    t,
    uuid_ref,
)

RoundArg = Annotated[str, typer.Argument(help="Round id")]
checkins_app = typer.Typer(
    help="Check-in rounds and the yearly follow-up survey.", no_args_is_help=True
)
outbox_app = typer.Typer(help="Notifications the scheduler queued and sent.", no_args_is_help=True)
When = Annotated[datetime | None, typer.Option(help="ISO 8601 with offset; default now")]


def parse_question(spec: str, area: str | None = None) -> Question:
    """id:kind:text[:choice|choice...], e.g. health:health:Hur går det?"""
    parts = spec.split(":", 3)
    if len(parts) < 3:
        fail(t("{spec}: write a question as id:kind:text[:a|b|c]", spec=repr(spec)))
    choices = parts[3].split("|") if len(parts) == 4 else None
    return make_question(parts[0], parts[2], parts[1], choices=choices, area=area)


def _aware(moment: datetime | None, default: datetime) -> datetime:
    if moment is None:
        return default
    return moment if moment.tzinfo else moment.astimezone()


@checkins_app.command("open")
def open_round(
    title: TextArg,
    due: Annotated[datetime, typer.Option(help="Due time (ISO 8601)")],
    initiative: Annotated[str | None, typer.Option(help="Ask an initiative's participants")] = None,
    arena: Annotated[str | None, typer.Option(help="Ask an arena's members")] = None,
    person: Annotated[list[str] | None, typer.Option(help="Ask these persons (repeatable)")] = None,
    question: Annotated[
        list[str] | None, typer.Option(help="id:kind:text[:a|b] (repeatable)")
    ] = None,
    opens: When = None,
    reminder: Annotated[
        list[int] | None, typer.Option(help="Hours before due (repeatable)")
    ] = None,
) -> None:
    """Open a check-in round (default questions: the status round's)."""
    k = container()
    now = k.clock.now()
    audience_kind, audience_id = "persons", None
    if initiative:
        audience_kind, audience_id = "initiative", initiative_ref(k, initiative)
    elif arena:
        audience_kind, audience_id = "arena", arena_ref(k, arena)
    k.close()
    questions = [parse_question(q) for q in question or []] or status_questions()
    run(
        m.OpenCheckInRound(
            title=title,
            audience_kind=audience_kind,
            audience_id=audience_id,
            person_ids=[person_ref(p) for p in person or []],
            questions=questions,
            opens_at=_aware(opens, now),
            due_at=_aware(due, now),
            reminders=reminder if reminder is not None else [24],
        )
    )


@checkins_app.command("answer")
def answer(
    round_id: RoundArg,
    person: Annotated[str, typer.Option(help="Who answers (person id)")],
    answer: Annotated[list[str], typer.Option(help="question=value (repeatable)")],
) -> None:
    """Answer (or revise an answer) before the due time."""
    answers: dict[str, Any] = {}
    for item in answer:
        key, _, value = item.partition("=")
        try:
            answers[key] = (
                json.loads(value) if value.lstrip("-").replace(".", "", 1).isdigit() else value
            )
        except ValueError:
            answers[key] = value
    run(
        m.AnswerCheckIn(
            round_id=uuid_ref(round_id, "round"),
            person_id=person_ref(person),
            answers=answers,
            answered_at=now(),
        )
    )


@checkins_app.command("close")
def close(round_id: RoundArg) -> None:
    """Close a round now; its summary is recorded (a status round's lands on the agenda)."""
    run(m.CloseCheckInRound(round_id=uuid_ref(round_id, "round"), closed_at=now()))


@checkins_app.command("list")
def list_rounds(
    state: Annotated[str | None, typer.Option(help="open or closed")] = None,
    initiative: TextOpt = None,
) -> None:
    """Rounds with response rates, newest first."""
    echo_read(
        lambda k: k.checkins.list_rounds(
            state=state, initiative_id=id_or_none(k, initiative_ref, initiative)
        )
    )


@checkins_app.command("show")
def show(
    round_id: RoundArg,
    missing: Annotated[bool, typer.Option(help="Only those who have not answered")] = False,
) -> None:
    """A round, its summary and who has (not) answered."""
    k = container()
    rid = str(uuid_ref(round_id, "round"))
    found = k.checkins.get_round(rid)
    if found is None:
        fail(t("no such round"))
    found["recipients"] = k.checkins.recipients_seen_by(
        rid, context().authority, answered=False if missing else None
    )
    k.close()
    echo_json(found)


@checkins_app.command("survey")
def survey(
    title: Annotated[
        str, typer.Argument(help='e.g. "Uppföljningsfrågor, Psykisk hälsa i Värmland"')
    ],
    contact: Annotated[list[str], typer.Option(help="Contact person id (repeatable)")],
    question: Annotated[list[str], typer.Option(help="area/id:kind:text[:a|b] (repeatable)")],
    first_year: Annotated[int, typer.Option()],
    arena: TextOpt = None,
    send_on: Annotated[str, typer.Option(help="MM-DD")] = "12-01",
    due_on: Annotated[str, typer.Option(help="MM-DD (in January: the next year)")] = "01-20",
) -> None:
    """Plan the yearly follow-up survey (sent at year end, compiled in January)."""
    questions = []
    for spec in question:
        area, _, rest = spec.rpartition("/")
        questions.append(parse_question(rest, area or None))
    arena_id = find_arena(arena) if arena else None
    run(named(m.ScheduleSurvey, locals(), contacts=[person_ref(p) for p in contact]))


@checkins_app.command("rates")
def rates(
    kind: Annotated[str | None, typer.Option(help="status, survey or custom")] = None,
) -> None:
    """Response rates per round."""
    echo_read(lambda k: k.checkins.response_rates(kind=kind))


@outbox_app.command("list")
def outbox_list(
    state: Annotated[str | None, typer.Option(help="queued, sent or skipped")] = None,
) -> None:
    """Notifications in the outbox."""
    echo_read(lambda k: k.checkins.notifications(state=state))


def scheduler_command(
    once: Annotated[
        bool, typer.Option(help="One round (sync, due jobs, dispatch), then exit")
    ] = False,
) -> None:
    """Run the scheduler on its own (waits while another instance leads)."""
    import signal
    import threading
    import time

    k = container(start=False, mail="sends")
    service = k.scheduler
    if service is None:
        fail(t("no scheduler configured"))
    if once:
        service.tick()
        time.sleep(1.0)
        service.tick()
        echo_json({"leading": service.leading, "jobs": len(service.scheduled())})
        k.close()
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if k.settings.projector.in_process:
        k.projector.start()
    service.start()
    typer.echo(
        t("scheduler running (waits for the leader lock when another instance has it)"),
        err=True,
    )
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        k.close()
