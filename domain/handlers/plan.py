"""Handlers for persons, arenas, initiatives and decisions."""

from __future__ import annotations

import uuid

from domain import commands as c
from domain.access import AccessToken
from domain.arena import Arena
from domain.authority import MEMBER, MODERATOR, SECRETARY, GlobalRole
from domain.claims import CodeClaim, arena_code_claim_id, initiative_code_claim_id
from domain.decision import Decision, decided_by
from domain.errors import Duplicate, ValidationFailed
from domain.handlers.registry import handles
from domain.initiative import Initiative
from domain.meetings.meeting import Meeting
from domain.meetings.series import MeetingSeries
from domain.meta import Meta, with_business_date
from domain.person import Person
from domain.uow import UnitOfWork
from domain.values import require_code


def _short_id() -> str:
    return uuid.uuid4().hex[:12]


# -- persons -------------------------------------------------------------------


@handles(c.RegisterPerson)
def register_person(uow: UnitOfWork, cmd: c.RegisterPerson, meta: Meta) -> Person:
    uow.allow_global(GlobalRole.ADMIN)
    person = Person.register(
        name=cmd.name,
        email=cmd.email,
        organisation=cmd.organisation,
        slack_user_id=cmd.slack_user_id,
        meta=meta,
    )
    uow.add(person)
    return person


@handles(c.RevisePerson)
def revise_person(uow: UnitOfWork, cmd: c.RevisePerson, meta: Meta) -> Person:
    uow.allow_self(cmd.person_id)
    person = uow.get(Person, cmd.person_id)
    person.check_version(cmd.expected_version)
    person.revise(name=cmd.name, email=cmd.email, organisation=cmd.organisation, meta=meta)
    return person


@handles(c.LinkSlackUser)
def link_slack_user(uow: UnitOfWork, cmd: c.LinkSlackUser, meta: Meta) -> Person:
    uow.allow_global(GlobalRole.ADMIN)
    person = uow.get(Person, cmd.person_id)
    person.link_slack(cmd.slack_user_id, meta=meta)
    return person


@handles(c.LinkSlackUserByEmail)
def link_slack_user_by_email(uow: UnitOfWork, cmd: c.LinkSlackUserByEmail, meta: Meta) -> Person:
    # The Slack door, as the person whose confirmed address Slack reported.
    uow.allow_self(cmd.person_id)
    person = uow.get(Person, cmd.person_id)
    person.link_slack(cmd.slack_user_id, by_email=True, meta=meta)
    return person


@handles(c.UnlinkSlackUser)
def unlink_slack_user(uow: UnitOfWork, cmd: c.UnlinkSlackUser, meta: Meta) -> Person:
    uow.allow_global(GlobalRole.ADMIN)
    person = uow.get(Person, cmd.person_id)
    person.unlink_slack(meta=meta)
    return person


# -- arenas --------------------------------------------------------------------


@handles(c.CreateArena)
def create_arena(uow: UnitOfWork, cmd: c.CreateArena, meta: Meta) -> Arena:
    uow.allow_global(GlobalRole.ADMIN)
    code = require_code(cmd.code)
    if uow.exists(arena_code_claim_id(code)):
        raise Duplicate(f"an arena with code {code} exists", field="code")
    arena = Arena.create(
        code=code, name=cmd.name, kind=cmd.kind, description=cmd.description, meta=meta
    )
    uow.add(arena, CodeClaim.for_arena(code, arena.id, meta))
    return arena


@handles(c.ReviseArena)
def revise_arena(uow: UnitOfWork, cmd: c.ReviseArena, meta: Meta) -> Arena:
    uow.allow_in_arena(cmd.arena_id, MODERATOR)
    arena = uow.get(Arena, cmd.arena_id)
    arena.check_version(cmd.expected_version)
    arena.revise(name=cmd.name, description=cmd.description, meta=meta)
    return arena


@handles(c.AddMember)
def add_member(uow: UnitOfWork, cmd: c.AddMember, meta: Meta) -> Arena:
    uow.allow_in_arena(cmd.arena_id, MODERATOR)
    arena = uow.get(Arena, cmd.arena_id)
    uow.get(Person, cmd.person_id).check_not_forgotten()
    arena.add_member(cmd.person_id, cmd.role, meta=meta)
    return arena


@handles(c.ChangeMemberRole)
def change_member_role(uow: UnitOfWork, cmd: c.ChangeMemberRole, meta: Meta) -> Arena:
    uow.allow_in_arena(cmd.arena_id, MODERATOR)
    arena = uow.get(Arena, cmd.arena_id)
    arena.check_version(cmd.expected_version)
    arena.change_member_role(cmd.person_id, cmd.role, meta=meta)
    return arena


@handles(c.RemoveMember)
def remove_member(uow: UnitOfWork, cmd: c.RemoveMember, meta: Meta) -> Arena:
    # A member may leave; moderators remove others.
    uow.allow_in_arena(cmd.arena_id, MODERATOR, or_if=uow.actor == str(cmd.person_id))
    arena = uow.get(Arena, cmd.arena_id)
    arena.check_version(cmd.expected_version)
    arena.remove_member(cmd.person_id, meta=meta)
    return arena


# -- initiatives ---------------------------------------------------------------


@handles(c.CreateInitiative)
def create_initiative(uow: UnitOfWork, cmd: c.CreateInitiative, meta: Meta) -> Initiative:
    uow.allow_in_arena(cmd.arena_id, MODERATOR)
    arena = uow.get(Arena, cmd.arena_id)
    code = require_code(cmd.code)
    if uow.exists(initiative_code_claim_id(arena.id, code)):
        raise Duplicate(
            f"arena {arena.code} already has an initiative with code {code}", field="code"
        )
    initiative = Initiative.create(
        arena_id=arena.id,
        code=code,
        title=cmd.title,
        background=cmd.background,
        goal=cmd.goal,
        objectives=list(cmd.objectives),
        perspectives=list(cmd.perspectives),
        status=cmd.status,
        meta=meta,
    )
    uow.add(initiative, CodeClaim.for_initiative(arena.id, code, initiative.id, meta))
    return initiative


def _initiative(
    uow: UnitOfWork, initiative_id: uuid.UUID, expected: int | None = None, *, plan: bool = True
) -> Initiative:
    """The initiative, for its arena's moderators (`plan`: what it aims at and
    how) or for anyone taking part in it (reports of how it goes)."""
    initiative = uow.get(Initiative, initiative_id)
    if plan:
        uow.allow_in_arena(initiative.arena_id, MODERATOR)
    else:
        uow.allow_in_arena(initiative.arena_id, MEMBER, or_if=uow.actor in initiative.participants)
    initiative.check_version(expected)
    return initiative


@handles(c.ReviseInitiative)
def revise_initiative(uow: UnitOfWork, cmd: c.ReviseInitiative, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version)
    initiative.revise(changes=dict(cmd.changes), meta=meta)
    return initiative


@handles(c.ChangeInitiativeStatus)
def change_status(uow: UnitOfWork, cmd: c.ChangeInitiativeStatus, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version, plan=False)
    initiative.change_status(cmd.status, reason=cmd.reason, meta=meta)
    return initiative


@handles(c.ReportHealth)
def report_health(uow: UnitOfWork, cmd: c.ReportHealth, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version, plan=False)
    initiative.report_health(cmd.health, comment=cmd.comment, meta=meta)
    return initiative


@handles(c.TagPerspectives)
def tag_perspectives(uow: UnitOfWork, cmd: c.TagPerspectives, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version)
    initiative.tag_perspectives(list(cmd.perspectives), meta=meta)
    return initiative


@handles(c.AddMilestone)
def add_milestone(uow: UnitOfWork, cmd: c.AddMilestone, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version)
    initiative.add_milestone(_short_id(), cmd.title, cmd.due, meta=meta)
    return initiative


@handles(c.RescheduleMilestone)
def reschedule_milestone(uow: UnitOfWork, cmd: c.RescheduleMilestone, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version)
    initiative.reschedule_milestone(cmd.milestone_id, cmd.due, meta=meta)
    return initiative


@handles(c.CompleteMilestone)
def complete_milestone(uow: UnitOfWork, cmd: c.CompleteMilestone, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version, plan=False)
    initiative.complete_milestone(
        cmd.milestone_id, cmd.completed_on, meta=with_business_date(meta, cmd.completed_on)
    )
    return initiative


@handles(c.RemoveMilestone)
def remove_milestone(uow: UnitOfWork, cmd: c.RemoveMilestone, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id, cmd.expected_version)
    initiative.remove_milestone(cmd.milestone_id, meta=meta)
    return initiative


@handles(c.AddLink)
def add_link(uow: UnitOfWork, cmd: c.AddLink, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id)
    initiative.add_link(_short_id(), cmd.title, cmd.url, meta=meta)
    return initiative


@handles(c.RemoveLink)
def remove_link(uow: UnitOfWork, cmd: c.RemoveLink, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id)
    initiative.remove_link(cmd.link_id, meta=meta)
    return initiative


@handles(c.AddParticipant)
def add_participant(uow: UnitOfWork, cmd: c.AddParticipant, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id)
    uow.get(Person, cmd.person_id).check_not_forgotten()
    initiative.add_participant(cmd.person_id, cmd.role, meta=meta)
    return initiative


@handles(c.RemoveParticipant)
def remove_participant(uow: UnitOfWork, cmd: c.RemoveParticipant, meta: Meta) -> Initiative:
    initiative = _initiative(uow, cmd.initiative_id)
    initiative.remove_participant(cmd.person_id, meta=meta)
    return initiative


# -- decisions -----------------------------------------------------------------


@handles(c.RecordDecision)
def record_decision(uow: UnitOfWork, cmd: c.RecordDecision, meta: Meta) -> Decision:
    arenas: list[uuid.UUID | None] = []
    if cmd.arena_id is not None:
        arenas.append(uow.get(Arena, cmd.arena_id).id)
    for initiative_id in cmd.initiative_ids:
        arenas.append(uow.get(Initiative, initiative_id, field="initiative_ids").arena_id)
    previous = uow.get(Decision, cmd.supersedes, field="supersedes") if cmd.supersedes else None
    if previous is not None:
        arenas.extend(decision_arenas(uow, previous))
        previous.check_in_force()
    meeting = _meeting(uow, cmd.meeting_id) if cmd.meeting_id else None
    series = uow.get(MeetingSeries, meeting.series_id) if meeting is not None else None
    if series is not None:
        arenas.append(series.arena_id)
    # Secretaries and moderators record what their arena decided; a decision
    # that names no arena is an admin's.
    uow.allow_in_arenas(
        arenas, SECRETARY, or_if=series is not None and series.is_manager(uow.actor)
    )
    meta = with_business_date(meta, cmd.decision_date)
    decision = Decision.record(
        text=cmd.text,
        rationale=cmd.rationale,
        by=decided_by(
            body=cmd.decided_by_body,
            meeting_id=str(meeting.id) if meeting else None,
            meeting_title=meeting.title if meeting else None,
        ),
        decision_date=cmd.decision_date,
        review_date=cmd.review_date,
        arena_id=cmd.arena_id,
        initiative_ids=list(cmd.initiative_ids),
        supersedes=cmd.supersedes,
        meta=meta,
    )
    uow.add(decision)
    if previous is not None:
        previous.supersede(decision.id, meta=meta)
    if meeting is not None:
        meeting.note_decision(decision.id, decision.text, meta=meta)
    return decision


def decision_arenas(uow: UnitOfWork, decision: Decision) -> list[uuid.UUID | None]:
    """The arenas a decision concerns: its own, and its initiatives'."""
    arenas: list[uuid.UUID | None] = [decision.arena_id]
    for initiative_id in decision.initiative_ids:
        arenas.append(uow.get(Initiative, initiative_id).arena_id)
    return arenas


def _decision(uow: UnitOfWork, decision_id: uuid.UUID, expected: int | None = None) -> Decision:
    decision = uow.get(Decision, decision_id)
    uow.allow_in_arenas(decision_arenas(uow, decision), SECRETARY)
    decision.check_version(expected)
    return decision


def _meeting(uow: UnitOfWork, meeting_ref: str) -> Meeting:
    """The open meeting a decision is recorded in; its title is who decided."""
    try:
        mid = uuid.UUID(meeting_ref)
    except ValueError:
        raise ValidationFailed("meeting_id is a meeting's id", field="meeting_id") from None
    meeting = uow.get(Meeting, mid, field="meeting_id")
    meeting.check_open()
    return meeting


@handles(c.RevokeDecision)
def revoke_decision(uow: UnitOfWork, cmd: c.RevokeDecision, meta: Meta) -> Decision:
    decision = _decision(uow, cmd.decision_id, cmd.expected_version)
    decision.revoke(
        reason=cmd.reason,
        revoked_on=cmd.revoked_on,
        meta=with_business_date(meta, cmd.revoked_on),
    )
    return decision


@handles(c.SetReviewDate)
def set_review_date(uow: UnitOfWork, cmd: c.SetReviewDate, meta: Meta) -> Decision:
    decision = _decision(uow, cmd.decision_id, cmd.expected_version)
    decision.set_review_date(cmd.review_date, meta=meta)
    return decision


@handles(c.LinkDecisionToInitiative)
def link_decision(uow: UnitOfWork, cmd: c.LinkDecisionToInitiative, meta: Meta) -> Decision:
    decision = _decision(uow, cmd.decision_id)
    initiative = uow.get(Initiative, cmd.initiative_id)
    uow.allow_in_arena(initiative.arena_id, SECRETARY)
    decision.link_initiative(cmd.initiative_id, meta=meta)
    return decision


# -- access --------------------------------------------------------------------


@handles(c.IssueToken)
def issue_token(uow: UnitOfWork, cmd: c.IssueToken, meta: Meta) -> AccessToken:
    uow.allow_global(GlobalRole.ADMIN)
    uow.get(Person, cmd.person_id).check_not_forgotten()
    token = AccessToken.issue(
        person_id=cmd.person_id,
        role=cmd.role,
        token_hash=cmd.token_hash,
        label=cmd.label,
        expires_at=cmd.expires_at,
        meta=meta,
    )
    uow.add(token)
    return token


@handles(c.RevokeToken)
def revoke_token(uow: UnitOfWork, cmd: c.RevokeToken, meta: Meta) -> AccessToken:
    token = uow.get(AccessToken, cmd.token_id)
    uow.allow_self(token.person_id)
    token.revoke(meta=meta)
    return token
