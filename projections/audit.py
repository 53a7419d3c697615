"""The audit trail: one row per event with when, who, how, and what it says.

A row keeps the event's sentence as a message and its values; the sentence
(from the catalogs, services/i18n/audit.py) and the names of the people in it
are put together when the trail is read, so a changed wording needs no replay
and a forgotten person's name disappears from history without rewriting it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson

from domain.access import AccessToken
from domain.arena import Arena
from domain.base import SamverkaAggregate
from domain.decision import Decision
from domain.initiative import Initiative
from domain.meta import CORRELATION_ID_MAX, SYSTEM_ACTOR, SYSTEM_NAME
from domain.person import ERASED_NAME, Person
from projections import tables as t
from projections.framework import PROJECTION, Ctx
from projections.store import RowStore

Line = tuple[str, dict[str, Any], str | None]  # (message, args, subject person id)
Describe = Callable[[Any, Ctx, RowStore], Line]
_DESCRIBERS: dict[type, Describe] = {}


def describes(aggregate: type[SamverkaAggregate], *names: str) -> Callable[[Describe], Describe]:
    def register(func: Describe) -> Describe:
        for name in names:
            _DESCRIBERS[getattr(aggregate, name)] = func
        return func

    return register


def line(message: str, subject: object = None, **args: Any) -> Line:
    """What an event says: a message of services.i18n.audit.SENTENCES and its values."""
    return message, args, None if subject is None else str(subject)


def cut(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def display_name(person_id: str | None, persons: Mapping[str, str]) -> str:
    """A person's name for people; ids that are not persons stay as they are."""
    if person_id is None:
        return "?"
    if person_id in persons:
        return persons[person_id] or ERASED_NAME
    return {SYSTEM_ACTOR: SYSTEM_NAME}.get(person_id, person_id)


_TYPE_NAMES: dict[type, tuple[str, str]] = {}


def _names(event_type: type) -> tuple[str, str]:
    found = _TYPE_NAMES.get(event_type)
    if found is None:
        parts = event_type.__qualname__.split(".")
        found = _TYPE_NAMES[event_type] = (parts[0], parts[-1])
    return found


def _stored(described: Line) -> tuple[str, str | None]:
    message, args, subject = described
    return orjson.dumps({"m": message, "a": args}).decode(), subject


@PROJECTION.on_every_event
def record_in_audit_trail(e: Any, ctx: Ctx, rows: RowStore) -> None:
    describe = _DESCRIBERS.get(type(e))
    aggregate_type, event_type = _names(type(e))
    if describe is None:
        summary, subject = _stored(line("event", type=f"{aggregate_type}.{event_type}"))
    else:
        summary, subject = _stored(describe(e, ctx, rows))
    rows.append(
        t.audit_trail,
        {
            "position": ctx.position,
            "recorded_at": ctx.at,
            "aggregate_id": ctx.aggregate_id,
            "aggregate_type": aggregate_type,
            "aggregate_version": ctx.version,
            "event_type": event_type,
            "actor_id": ctx.meta["actor"],
            "channel": ctx.meta["channel"],
            "source_id": ctx.meta["source_id"],
            # Events recorded before domain.meta checked it may hold megabytes.
            "correlation_id": ctx.meta["correlation_id"][:CORRELATION_ID_MAX],
            "business_date": ctx.meta["business_date"],
            "summary": summary,
            "subject_id": subject,
        },
    )


def looked_up(
    rows: RowStore, table: Any, key: tuple[str, ...], column: str, limit: int
) -> str | None:
    """A column of a read row as it is now (a code, a title), cut to `limit`; None
    when there is no such row (the sentence then says its fallback)."""
    row = rows.get(table, *key)
    return cut(str(row[column]), limit) if row else None


def _code(rows: RowStore, table: Any, aggregate_id: str) -> str | None:
    return looked_up(rows, table, (aggregate_id,), "code", 1000)


# -- persons and arenas ----------------------------------------------------------


def _about_the_subject(message: str) -> Describe:
    """An event that says only what happened to its aggregate."""
    return lambda e, ctx, rows: line(message, ctx.aggregate_id)


for _name, _message in {
    "Registered": "person.registered",
    "Revised": "person.revised",
    "PreferencesSet": "person.preferences_set",
    "SlackUnlinked": "person.slack_unlinked",
}.items():
    describes(Person, _name)(_about_the_subject(_message))


@describes(Arena, "Created")
def _arena_created(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("arena.created", kind=str(e.kind), code=e.code, name=cut(e.name))


@describes(Arena, "Revised")
def _arena_revised(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("arena.revised", code=_code(rows, t.arenas, ctx.aggregate_id))


@describes(Arena, "MemberAdded")
def _member_added(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    code = _code(rows, t.arenas, ctx.aggregate_id)
    return line("arena.member_added", e.person_id, code=code, role=str(e.role))


@describes(Arena, "MemberRoleChanged")
def _member_role(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    code = _code(rows, t.arenas, ctx.aggregate_id)
    return line("arena.member_role_changed", e.person_id, code=code, role=str(e.role))


@describes(Arena, "MemberRemoved")
def _member_removed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("arena.member_removed", e.person_id, code=_code(rows, t.arenas, ctx.aggregate_id))


# -- initiatives -----------------------------------------------------------------


def _initiative(rows: RowStore, ctx: Ctx) -> str | None:
    return _code(rows, t.initiatives, ctx.aggregate_id)


def _milestone(rows: RowStore, ctx: Ctx, milestone_id: str) -> str:
    return (
        looked_up(rows, t.milestones, (ctx.aggregate_id, milestone_id), "title", 60) or milestone_id
    )


@describes(Initiative, "Created")
def _initiative_created(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("initiative.created", code=e.code, title=cut(e.title))


@describes(Initiative, "Revised")
def _initiative_revised(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("initiative.revised", fields=list(e.changes), code=_initiative(rows, ctx))


@describes(Initiative, "StatusChanged")
def _status_changed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("initiative.status_changed", code=_initiative(rows, ctx), status=str(e.status))


@describes(Initiative, "HealthReported")
def _health_reported(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("initiative.health_reported", code=_initiative(rows, ctx), health=str(e.health))


@describes(Initiative, "PerspectivesTagged")
def _perspectives(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    perspectives = [str(p) for p in e.perspectives]
    return line(
        "initiative.perspectives_tagged", code=_initiative(rows, ctx), perspectives=perspectives
    )


@describes(Initiative, "MilestoneAdded")
def _milestone_added(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "initiative.milestone_added",
        code=_initiative(rows, ctx),
        title=cut(e.title, 60),
        due=cut(e.due["text"], 40),
    )


@describes(Initiative, "MilestoneRescheduled")
def _milestone_rescheduled(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "initiative.milestone_rescheduled",
        code=_initiative(rows, ctx),
        milestone=_milestone(rows, ctx, e.milestone_id),
        due=cut(e.due["text"], 40),
    )


@describes(Initiative, "MilestoneCompleted", "MilestoneRemoved")
def _milestone_changed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    done = type(e).__name__ == "MilestoneCompleted"
    return line(
        "initiative.milestone_completed" if done else "initiative.milestone_removed",
        code=_initiative(rows, ctx),
        milestone=_milestone(rows, ctx, e.milestone_id),
    )


@describes(Initiative, "LinkAdded", "LinkRemoved")
def _link(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    if hasattr(e, "link"):
        return line(
            "initiative.link_added", code=_initiative(rows, ctx), title=cut(e.link["title"], 60)
        )
    return line("initiative.link_removed", code=_initiative(rows, ctx))


@describes(Initiative, "ParticipantAdded")
def _participant_added(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "initiative.participant_added", e.person_id, code=_initiative(rows, ctx), role=str(e.role)
    )


@describes(Initiative, "ParticipantRemoved")
def _participant_removed(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("initiative.participant_removed", e.person_id, code=_initiative(rows, ctx))


# -- decisions and access ---------------------------------------------------------


@describes(Decision, "Recorded")
def _decision_recorded(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line(
        "decision.recorded",
        by=cut(e.decided_by["name"], 60),
        date=e.decision_date.isoformat(),
        text=cut(e.text),
    )


def _decision(rows: RowStore, ctx: Ctx) -> str | None:
    return looked_up(rows, t.decisions, (ctx.aggregate_id,), "text", 60)


@describes(Decision, "Superseded")
def _decision_superseded(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("decision.superseded", decision=_decision(rows, ctx))


@describes(Decision, "Revoked")
def _decision_revoked(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("decision.revoked", decision=_decision(rows, ctx), reason=cut(e.reason, 60))


@describes(Decision, "ReviewDateSet")
def _review_date(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    when = e.review_date.isoformat() if e.review_date else None
    return line("decision.review_date_set", date=when, decision=_decision(rows, ctx))


@describes(Decision, "InitiativeLinked")
def _decision_linked(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    code = _code(rows, t.initiatives, str(e.initiative_id))
    return line("decision.initiative_linked", decision=_decision(rows, ctx), code=code)


@describes(AccessToken, "Issued")
def _token_issued(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    return line("token.issued", e.person_id, token_role=str(e.role))


@describes(AccessToken, "Revoked")
def _token_revoked(e: Any, ctx: Ctx, rows: RowStore) -> Line:
    row = rows.get(t.access_tokens, ctx.aggregate_id)
    return line("token.revoked", row["person_id"] if row else None)
