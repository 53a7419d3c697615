"""The audit trail: one row per event with when, who, how and a Swedish line.

Summaries keep `{actor}` and `{subject}` as placeholders for person names;
they are filled in when the trail is read (see `render_summary`), so that a
forgotten person's name disappears from history without rewriting it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from domain.access import AccessToken
from domain.arena import Arena
from domain.base import SamverkaAggregate
from domain.decision import Decision
from domain.initiative import Initiative
from domain.meta import CORRELATION_ID_MAX
from domain.person import ERASED_NAME, Person
from domain.values import (
    HEALTH_SV,
    PERSPECTIVE_SV,
    ROLE_SV,
    STATUS_SV,
)
from projections import tables as t
from projections.framework import PROJECTION, Ctx
from projections.store import RowStore

Summary = tuple[str, str | None]  # (template, subject person id)
Describe = Callable[[Any, Ctx, RowStore], Summary]
_DESCRIBERS: dict[type, Describe] = {}
_FIELD_SV = {"title": "titel", "background": "bakgrund", "goal": "målbild", "objectives": "delmål"}


def describes(aggregate: type[SamverkaAggregate], *names: str) -> Callable[[Describe], Describe]:
    def register(func: Describe) -> Describe:
        for name in names:
            _DESCRIBERS[getattr(aggregate, name)] = func
        return func

    return register


def esc(text: str) -> str:
    """User text inside a template: braces must not look like placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def short(text: str, limit: int = 80) -> str:
    one_line = " ".join(text.split())
    return esc(one_line if len(one_line) <= limit else one_line[: limit - 1] + "…")


def render_summary(template: str, names: Mapping[str, str]) -> str:
    return template.format_map(
        {"actor": names.get("actor", "?"), "subject": names.get("subject", "?")}
    )


def display_name(person_id: str | None, persons: Mapping[str, str]) -> str:
    """A person's name for people; ids that are not persons stay as they are."""
    if person_id is None:
        return "?"
    if person_id in persons:
        return persons[person_id] or ERASED_NAME
    return {"system": "Samverka"}.get(person_id, person_id)


_TYPE_NAMES: dict[type, tuple[str, str]] = {}


def _names(event_type: type) -> tuple[str, str]:
    found = _TYPE_NAMES.get(event_type)
    if found is None:
        parts = event_type.__qualname__.split(".")
        found = _TYPE_NAMES[event_type] = (parts[0], parts[-1])
    return found


@PROJECTION.on_every_event
def record_in_audit_trail(e: Any, ctx: Ctx, rows: RowStore) -> None:
    describe = _DESCRIBERS.get(type(e))
    aggregate_type, event_type = _names(type(e))
    if describe is None:
        template, subject = f"{{actor}}: {aggregate_type}.{event_type}", None
    else:
        template, subject = describe(e, ctx, rows)
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
            "summary": template,
            "subject_id": subject,
        },
    )


def _code(rows: RowStore, table: Any, aggregate_id: str) -> str:
    row = rows.get(table, aggregate_id)
    return esc(row["code"]) if row else "?"


def _milestone_title(rows: RowStore, ctx: Ctx, milestone_id: str) -> str:
    row = rows.get(t.milestones, ctx.aggregate_id, milestone_id)
    return short(row["title"], 60) if row else milestone_id


# -- persons and arenas ----------------------------------------------------------


@describes(Person, "Registered")
def _person_registered(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return "{actor} registrerade {subject}", ctx.aggregate_id


@describes(Person, "Revised")
def _person_revised(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return "{actor} uppdaterade uppgifterna för {subject}", ctx.aggregate_id


@describes(Person, "SlackUnlinked")
def _person_slack_unlinked(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return "{actor} tog bort kopplingen mellan {subject} och Slack", ctx.aggregate_id


@describes(Arena, "Created")
def _arena_created(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} skapade {e.kind} {esc(e.code)} {short(e.name)}", None


@describes(Arena, "Revised")
def _arena_revised(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return (
        f"{{actor}} ändrade namn och beskrivning för {_code(rows, t.arenas, ctx.aggregate_id)}",
        None,
    )


@describes(Arena, "MemberAdded")
def _member_added(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.arenas, ctx.aggregate_id)
    return f"{{actor}} lade till {{subject}} i {code} som {ROLE_SV[e.role]}", str(e.person_id)


@describes(Arena, "MemberRoleChanged")
def _member_role(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.arenas, ctx.aggregate_id)
    return f"{{actor}} gav {{subject}} rollen {ROLE_SV[e.role]} i {code}", str(e.person_id)


@describes(Arena, "MemberRemoved")
def _member_removed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} tog bort {{subject}} från {_code(rows, t.arenas, ctx.aggregate_id)}", str(
        e.person_id
    )


# -- initiatives -----------------------------------------------------------------


@describes(Initiative, "Created")
def _initiative_created(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} skapade initiativ {esc(e.code)} {short(e.title)}", None


@describes(Initiative, "Revised")
def _initiative_revised(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    fields = ", ".join(_FIELD_SV.get(k, k) for k in e.changes)
    return f"{{actor}} ändrade {fields} för {_code(rows, t.initiatives, ctx.aggregate_id)}", None


@describes(Initiative, "StatusChanged")
def _status_changed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    return f"{{actor}} ändrade status för {code} till {STATUS_SV[e.status]}", None


@describes(Initiative, "HealthReported")
def _health_reported(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    return f"{{actor}} rapporterade läget för {code}: {HEALTH_SV[e.health]}", None


@describes(Initiative, "PerspectivesTagged")
def _perspectives(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    names = ", ".join(PERSPECTIVE_SV[p] for p in e.perspectives) or "inga"
    return f"{{actor}} angav perspektiv för {code}: {names}", None


@describes(Initiative, "MilestoneAdded")
def _milestone_added(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    due = short(e.due["text"], 40)
    return f"{{actor}} lade till milstolpen ”{short(e.title, 60)}” ({due}) i {code}", None


@describes(Initiative, "MilestoneRescheduled")
def _milestone_rescheduled(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    title = _milestone_title(rows, ctx, e.milestone_id)
    return f"{{actor}} flyttade milstolpen ”{title}” i {code} till {short(e.due['text'], 40)}", None


@describes(Initiative, "MilestoneCompleted")
def _milestone_completed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    title = _milestone_title(rows, ctx, e.milestone_id)
    return f"{{actor}} markerade milstolpen ”{title}” i {code} som klar", None


@describes(Initiative, "MilestoneRemoved")
def _milestone_removed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    title = _milestone_title(rows, ctx, e.milestone_id)
    return f"{{actor}} tog bort milstolpen ”{title}” från {code}", None


@describes(Initiative, "LinkAdded", "LinkRemoved")
def _link(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    if hasattr(e, "link"):
        return f"{{actor}} länkade ”{short(e.link['title'], 60)}” till {code}", None
    return f"{{actor}} tog bort en länk från {code}", None


@describes(Initiative, "ParticipantAdded")
def _participant_added(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    return f"{{actor}} lade till {{subject}} i {code} som {ROLE_SV[e.role]}", str(e.person_id)


@describes(Initiative, "ParticipantRemoved")
def _participant_removed(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, ctx.aggregate_id)
    return f"{{actor}} tog bort {{subject}} från {code}", str(e.person_id)


# -- decisions and access ---------------------------------------------------------


@describes(Decision, "Recorded")
def _decision_recorded(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    by = short(e.decided_by["name"], 60)
    return (
        f"{{actor}} registrerade beslut av {by} {e.decision_date.isoformat()}: {short(e.text)}",
        None,
    )


def _decision_text(rows: RowStore, ctx: Ctx) -> str:
    row = rows.get(t.decisions, ctx.aggregate_id)
    return f"”{short(row['text'], 60)}”" if row else "ett beslut"


@describes(Decision, "Superseded")
def _decision_superseded(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} ersatte beslutet {_decision_text(rows, ctx)} med ett nytt beslut", None


@describes(Decision, "Revoked")
def _decision_revoked(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} upphävde beslutet {_decision_text(rows, ctx)}: {short(e.reason, 60)}", None


@describes(Decision, "ReviewDateSet")
def _review_date(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    when = e.review_date.isoformat() if e.review_date else "inget datum"
    return (
        f"{{actor}} satte uppföljningsdatum {when} för beslutet {_decision_text(rows, ctx)}",
        None,
    )


@describes(Decision, "InitiativeLinked")
def _decision_linked(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    code = _code(rows, t.initiatives, str(e.initiative_id))
    return f"{{actor}} kopplade beslutet {_decision_text(rows, ctx)} till {code}", None


@describes(AccessToken, "Issued")
def _token_issued(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    return f"{{actor}} gav {{subject}} en API-nyckel med rollen {e.role}", str(e.person_id)


@describes(AccessToken, "Revoked")
def _token_revoked(e: Any, ctx: Ctx, rows: RowStore) -> Summary:
    row = rows.get(t.access_tokens, ctx.aggregate_id)
    return "{actor} återkallade en API-nyckel för {subject}", row["person_id"] if row else None
