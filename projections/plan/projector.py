"""Plan state: persons, arenas, members, initiatives, milestones, decisions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table

from domain.access import AccessToken
from domain.arena import Arena
from domain.claims import CodeClaim
from domain.decision import Decision
from domain.initiative import Initiative
from domain.person import Person, folded_name
from domain.receipt import CommandReceipt
from projections import tables as t
from projections.framework import PROJECTION, Ctx, touch
from projections.store import Row, RowStore, fields, optional_id, require

on = PROJECTION.on
PROJECTION.ignore_aggregate(CommandReceipt)
PROJECTION.ignore_aggregate(CodeClaim)


# -- persons -------------------------------------------------------------------


def _slack_link(rows: RowStore, ctx: Ctx, before: str | None, after: str | None) -> None:
    """Keeps `slack_links` in step with the person's Slack id."""
    if after == before:
        return
    if after is None:
        rows.delete(t.slack_links, ctx.aggregate_id)
        return
    link = {"person_id": ctx.aggregate_id, "linked_at": ctx.at, "channel": ctx.meta["channel"]}
    rows.put(t.slack_links, {**link, "actor_id": ctx.meta["actor"]})


def _name(rows: RowStore, ctx: Ctx, name: str) -> None:
    rows.put(t.folded_names, {"person_id": ctx.aggregate_id, "folded": folded_name(name)})


@on(Person, "Registered")
def person_registered(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _slack_link(rows, ctx, None, e.personal["slack_user_id"])
    _name(rows, ctx, e.personal["name"])
    rows.put(
        t.persons,
        ctx.new_row(
            {
                "name": e.personal["name"],
                "email": e.personal["email"],
                "slack_user_id": e.personal["slack_user_id"],
                "organisation": e.organisation,
                "forgotten": False,
                "language": None,
                "channel": None,
            },
        ),
    )


@on(Person, "Revised")
def person_revised(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, t.persons, ctx.aggregate_id)
    _slack_link(rows, ctx, row["slack_user_id"], e.personal["slack_user_id"])
    _name(rows, ctx, e.personal["name"])
    rows.put(
        t.persons,
        ctx.changed(
            row,
            name=e.personal["name"],
            email=e.personal["email"],
            slack_user_id=e.personal["slack_user_id"],
            organisation=e.organisation,
        ),
    )


PROJECTION.sets(Person, t.persons, PreferencesSet=lambda e: fields(e, "language", "channel"))


@on(Person, "SlackUnlinked")
def person_slack_unlinked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, t.persons, ctx.aggregate_id)
    _slack_link(rows, ctx, row["slack_user_id"], e.personal["slack_user_id"])
    rows.put(t.persons, ctx.changed(row, slack_user_id=e.personal["slack_user_id"]))


# -- arenas --------------------------------------------------------------------


@on(Arena, "Created")
def arena_created(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        t.arenas,
        ctx.new_row(fields(e, "code", "name", "kind", "description")),
    )


PROJECTION.sets(Arena, t.arenas, Revised=lambda e: fields(e, "name", "description"))


@on(Arena, "MemberAdded", "MemberRoleChanged")
def member_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    existing = rows.get(t.arena_members, ctx.aggregate_id, str(e.person_id))
    rows.put(
        t.arena_members,
        {
            "arena_id": ctx.aggregate_id,
            "person_id": str(e.person_id),
            "role": e.role,
            "since": existing["since"] if existing else ctx.at,
        },
    )
    touch(rows, t.arenas, ctx)


PROJECTION.removes(Arena, t.arenas, MemberRemoved=(t.arena_members, lambda e: str(e.person_id)))


# -- initiatives ---------------------------------------------------------------


@on(Initiative, "Created")
def initiative_created(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        t.initiatives,
        ctx.new_row(
            {
                "arena_id": str(e.arena_id),
                **fields(e, "code", "title", "background", "goal"),
                "objectives": list(e.objectives),
                "perspectives": list(e.perspectives),
                "status": e.status,
                "health": None,
                "health_comment": None,
                "health_reported_at": None,
            },
        ),
    )


PROJECTION.sets(
    Initiative,
    t.initiatives,
    Revised=lambda e: e.changes,
    PerspectivesTagged=lambda e: {"perspectives": list(e.perspectives)},
    StatusChanged=lambda e: fields(e, "status"),
)


@on(Initiative, "HealthReported")
def health_reported(e: Any, ctx: Ctx, rows: RowStore) -> None:
    touch(
        rows,
        t.initiatives,
        ctx,
        health=e.health,
        health_comment=e.comment,
        health_reported_at=ctx.at,
    )
    rows.append(
        t.health_reports,
        {
            "position": ctx.position,
            "initiative_id": ctx.aggregate_id,
            "version": ctx.version,
            "health": e.health,
            "comment": e.comment,
            **ctx.by_whom(),
            "reported_at": ctx.at,
        },
    )


def _milestone_row(initiative_id: str, milestone_id: str, title: str, due: Any, at: str) -> Row:
    return {
        "initiative_id": initiative_id,
        "milestone_id": milestone_id,
        "title": title,
        "due_text": due["text"],
        "due_date": due["date"],
        "due_precision": due["precision"],
        "due_approximate": due["approximate"],
        "completed_on": None,
        "added_at": at,
    }


def _put_part(rows: RowStore, ctx: Ctx, table: Table, row: Row) -> None:
    """A row that belongs to the initiative (a milestone, a link, a
    participant); the initiative gets the event's version."""
    rows.put(table, {"initiative_id": ctx.aggregate_id, **row})
    touch(rows, t.initiatives, ctx)


PROJECTION.removes(
    Initiative,
    t.initiatives,
    MilestoneRemoved=(t.milestones, lambda e: e.milestone_id),
    LinkRemoved=(t.initiative_links, lambda e: e.link_id),
    ParticipantRemoved=(t.initiative_participants, lambda e: str(e.person_id)),
)


@on(Initiative, "MilestoneAdded")
def milestone_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = _milestone_row(ctx.aggregate_id, e.milestone_id, e.title, e.due, ctx.at)
    _put_part(rows, ctx, t.milestones, row)


@on(Initiative, "MilestoneRescheduled")
def milestone_rescheduled(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, t.milestones, ctx.aggregate_id, e.milestone_id)
    new = _milestone_row(ctx.aggregate_id, e.milestone_id, row["title"], e.due, row["added_at"])
    _put_part(rows, ctx, t.milestones, {**new, "completed_on": row["completed_on"]})


@on(Initiative, "MilestoneCompleted")
def milestone_completed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, t.milestones, ctx.aggregate_id, e.milestone_id)
    _put_part(rows, ctx, t.milestones, {**row, "completed_on": e.completed_on.isoformat()})


@on(Initiative, "LinkAdded")
def link_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    link = {"link_id": e.link_id, "title": e.link["title"], "url": e.link["url"]}
    _put_part(rows, ctx, t.initiative_links, link)


@on(Initiative, "ParticipantAdded")
def participant_added(e: Any, ctx: Ctx, rows: RowStore) -> None:
    participant = {"person_id": str(e.person_id), "role": e.role}
    _put_part(rows, ctx, t.initiative_participants, participant)


# -- decisions -----------------------------------------------------------------


@on(Decision, "Recorded")
def decision_recorded(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        t.decisions,
        {
            "id": ctx.aggregate_id,
            "text": e.text,
            "rationale": e.rationale,
            "decided_by_kind": e.decided_by["kind"],
            "decided_by_name": e.decided_by["name"],
            "meeting_id": e.decided_by["meeting_id"],
            "decision_date": e.decision_date.isoformat(),
            "review_date": e.review_date.isoformat() if e.review_date else None,
            "arena_id": optional_id(e.arena_id),
            "state": "in-force",
            "supersedes": optional_id(e.supersedes),
            "superseded_by": None,
            "revoked_reason": None,
            "revoked_on": None,
            "version": ctx.version,
            "recorded_at": ctx.at,
            "recorded_by": ctx.meta["actor"],
        },
    )
    for initiative_id in e.initiative_ids:
        rows.put(
            t.decision_initiatives,
            {"decision_id": ctx.aggregate_id, "initiative_id": str(initiative_id)},
        )


def _decision(rows: RowStore, ctx: Ctx, **changes: Any) -> None:
    row = require(rows, t.decisions, ctx.aggregate_id)
    rows.put(t.decisions, {**row, **changes, "version": ctx.version})


@on(Decision, "Superseded")
def decision_superseded(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _decision(rows, ctx, state="superseded", superseded_by=str(e.by_decision_id))


@on(Decision, "Revoked")
def decision_revoked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _decision(
        rows, ctx, state="revoked", revoked_reason=e.reason, revoked_on=e.revoked_on.isoformat()
    )


@on(Decision, "ReviewDateSet")
def review_date_set(e: Any, ctx: Ctx, rows: RowStore) -> None:
    _decision(rows, ctx, review_date=e.review_date.isoformat() if e.review_date else None)


@on(Decision, "InitiativeLinked")
def decision_linked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        t.decision_initiatives,
        {"decision_id": ctx.aggregate_id, "initiative_id": str(e.initiative_id)},
    )
    _decision(rows, ctx)


# -- access tokens -------------------------------------------------------------


@on(AccessToken, "Issued")
def token_issued(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        t.access_tokens,
        {
            "id": ctx.aggregate_id,
            "person_id": str(e.person_id),
            **fields(e, "role", "token_hash", "label"),
            "revoked": False,
            "issued_at": ctx.at,
            "expires_at": expires.isoformat()
            if (expires := getattr(e, "expires_at", None))
            else None,
        },
    )


@on(AccessToken, "Revoked")
def token_revoked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, t.access_tokens, ctx.aggregate_id)
    rows.put(t.access_tokens, {**row, "revoked": True})
