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
from domain.handlers.registry import acts_on, handles
from domain.initiative import Initiative
from domain.meetings.meeting import Meeting
from domain.meetings.series import MeetingSeries
from domain.meta import Meta, with_business_date
from domain.person import Person
from domain.uow import UnitOfWork
from domain.values import Reach, require_code


def _short_id() -> str:
    return uuid.uuid4().hex[:12]


# -- persons -------------------------------------------------------------------


@handles(c.RegisterPerson)
def register_person(uow: UnitOfWork, cmd: c.RegisterPerson, meta: Meta) -> Person:
    uow.allow_global(GlobalRole.ADMIN)
    return uow.created(Person.register(cmd, meta=meta))


def own_person(uow: UnitOfWork, cmd: c.OnPerson) -> Person:
    """The person, for themselves (and admins)."""
    uow.allow_self(cmd.person_id)
    return uow.get(Person, cmd.person_id)


def administered_person(uow: UnitOfWork, cmd: c.OnPerson) -> Person:
    """The person, for admins."""
    uow.allow_global(GlobalRole.ADMIN)
    return uow.get(Person, cmd.person_id)


@acts_on(c.RevisePerson, own_person)
def revise_person(person: Person, cmd: c.RevisePerson, meta: Meta) -> None:
    person.revise(name=cmd.name, email=cmd.email, organisation=cmd.organisation, meta=meta)


@handles(c.SetPreferences)
def set_preferences(uow: UnitOfWork, cmd: c.SetPreferences, meta: Meta) -> Person:
    person = own_person(uow, cmd)
    # Asked of the Teams door only when the person chooses Teams.
    linked = cmd.channel == Reach.TEAMS and uow.teams_links.teams_linked(cmd.person_id)
    person.set_preferences(
        language=cmd.language, channel=cmd.channel, teams_linked=linked, meta=meta
    )
    return person


@acts_on(c.LinkSlackUser, administered_person)
def link_slack_user(person: Person, cmd: c.LinkSlackUser, meta: Meta) -> None:
    person.link_slack(cmd.slack_user_id, meta=meta)


# The Slack door, as the person whose confirmed address Slack reported.
@acts_on(c.LinkSlackUserByEmail, own_person)
def link_slack_user_by_email(person: Person, cmd: c.LinkSlackUserByEmail, meta: Meta) -> None:
    person.link_slack(cmd.slack_user_id, by_email=True, meta=meta)


@acts_on(c.UnlinkSlackUser, administered_person)
def unlink_slack_user(person: Person, cmd: c.UnlinkSlackUser, meta: Meta) -> None:
    person.unlink_slack(meta=meta)


# -- arenas --------------------------------------------------------------------


@handles(c.CreateArena)
def create_arena(uow: UnitOfWork, cmd: c.CreateArena, meta: Meta) -> Arena:
    uow.allow_global(GlobalRole.ADMIN)
    code = require_code(cmd.code)
    if uow.exists(arena_code_claim_id(code)):
        raise Duplicate(f"an arena with code {code} exists", field="code")
    arena = Arena.create(cmd, meta=meta)
    uow.add(arena, CodeClaim.for_arena(code, arena.id, meta))
    return arena


def _moderated_arena(uow: UnitOfWork, cmd: c.OnArena) -> Arena:
    uow.allow_in_arena(cmd.arena_id, MODERATOR)
    return uow.get(Arena, cmd.arena_id)


@acts_on(c.ReviseArena, _moderated_arena)
def revise_arena(arena: Arena, cmd: c.ReviseArena, meta: Meta) -> None:
    arena.revise(name=cmd.name, description=cmd.description, meta=meta)


@acts_on(c.AddMember, _moderated_arena, brings=lambda cmd: cmd.person_id)
def add_member(arena: Arena, cmd: c.AddMember, meta: Meta) -> None:
    arena.add_member(cmd.person_id, cmd.role, meta=meta)


@acts_on(c.ChangeMemberRole, _moderated_arena)
def change_member_role(arena: Arena, cmd: c.ChangeMemberRole, meta: Meta) -> None:
    arena.change_member_role(cmd.person_id, cmd.role, meta=meta)


def _left_arena(uow: UnitOfWork, cmd: c.RemoveMember) -> Arena:
    # A member may leave; moderators remove others.
    uow.allow_in_arena(cmd.arena_id, MODERATOR, or_if=uow.actor == str(cmd.person_id))
    return uow.get(Arena, cmd.arena_id)


@acts_on(c.RemoveMember, _left_arena)
def remove_member(arena: Arena, cmd: c.RemoveMember, meta: Meta) -> None:
    arena.remove_member(cmd.person_id, meta=meta)


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
    initiative = Initiative.create(cmd, meta=meta)
    uow.add(initiative, CodeClaim.for_initiative(arena.id, code, initiative.id, meta))
    return initiative


def _planned_initiative(uow: UnitOfWork, cmd: c.OnInitiative) -> Initiative:
    """The initiative, for its arena's moderators: what it aims at and how."""
    return uow.get_in_arena(Initiative, cmd.initiative_id, MODERATOR)


def _joined_initiative(uow: UnitOfWork, cmd: c.OnInitiative) -> Initiative:
    """The initiative, for anyone taking part in it: reports of how it goes."""
    initiative = uow.get(Initiative, cmd.initiative_id)
    uow.allow_in_arena(initiative.arena_id, MEMBER, or_if=uow.actor in initiative.participants)
    return initiative


@acts_on(c.ReviseInitiative, _planned_initiative)
def revise_initiative(initiative: Initiative, cmd: c.ReviseInitiative, meta: Meta) -> None:
    initiative.revise(changes=dict(cmd.changes), meta=meta)


@acts_on(c.ChangeInitiativeStatus, _joined_initiative)
def change_status(initiative: Initiative, cmd: c.ChangeInitiativeStatus, meta: Meta) -> None:
    initiative.change_status(cmd.status, reason=cmd.reason, meta=meta)


@acts_on(c.ReportHealth, _joined_initiative)
def report_health(initiative: Initiative, cmd: c.ReportHealth, meta: Meta) -> None:
    initiative.report_health(cmd.health, comment=cmd.comment, meta=meta)


@acts_on(c.TagPerspectives, _planned_initiative)
def tag_perspectives(initiative: Initiative, cmd: c.TagPerspectives, meta: Meta) -> None:
    initiative.tag_perspectives(list(cmd.perspectives), meta=meta)


@acts_on(c.AddMilestone, _planned_initiative)
def add_milestone(initiative: Initiative, cmd: c.AddMilestone, meta: Meta) -> None:
    initiative.add_milestone(_short_id(), cmd.title, cmd.due, meta=meta)


@acts_on(c.RescheduleMilestone, _planned_initiative)
def reschedule_milestone(initiative: Initiative, cmd: c.RescheduleMilestone, meta: Meta) -> None:
    initiative.reschedule_milestone(cmd.milestone_id, cmd.due, meta=meta)


@acts_on(c.CompleteMilestone, _joined_initiative)
def complete_milestone(initiative: Initiative, cmd: c.CompleteMilestone, meta: Meta) -> None:
    when = cmd.completed_on
    initiative.complete_milestone(cmd.milestone_id, when, meta=with_business_date(meta, when))


@acts_on(c.RemoveMilestone, _planned_initiative)
def remove_milestone(initiative: Initiative, cmd: c.RemoveMilestone, meta: Meta) -> None:
    initiative.remove_milestone(cmd.milestone_id, meta=meta)


@acts_on(c.AddLink, _planned_initiative)
def add_link(initiative: Initiative, cmd: c.AddLink, meta: Meta) -> None:
    initiative.add_link(_short_id(), cmd.title, cmd.url, meta=meta)


@acts_on(c.RemoveLink, _planned_initiative)
def remove_link(initiative: Initiative, cmd: c.RemoveLink, meta: Meta) -> None:
    initiative.remove_link(cmd.link_id, meta=meta)


@acts_on(c.AddParticipant, _planned_initiative, brings=lambda cmd: cmd.person_id)
def add_participant(initiative: Initiative, cmd: c.AddParticipant, meta: Meta) -> None:
    initiative.add_participant(cmd.person_id, cmd.role, meta=meta)


@acts_on(c.RemoveParticipant, _planned_initiative)
def remove_participant(initiative: Initiative, cmd: c.RemoveParticipant, meta: Meta) -> None:
    initiative.remove_participant(cmd.person_id, meta=meta)


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
        cmd,
        by=decided_by(
            body=cmd.decided_by_body,
            meeting_id=str(meeting.id) if meeting else None,
            meeting_title=meeting.title if meeting else None,
        ),
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


def _decision(uow: UnitOfWork, cmd: c.OnDecision) -> Decision:
    """The decision, for the secretaries of every arena it concerns."""
    decision = uow.get(Decision, cmd.decision_id)
    uow.allow_in_arenas(decision_arenas(uow, decision), SECRETARY)
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


@acts_on(c.RevokeDecision, _decision)
def revoke_decision(decision: Decision, cmd: c.RevokeDecision, meta: Meta) -> None:
    when = cmd.revoked_on
    decision.revoke(reason=cmd.reason, revoked_on=when, meta=with_business_date(meta, when))


@acts_on(c.SetReviewDate, _decision)
def set_review_date(decision: Decision, cmd: c.SetReviewDate, meta: Meta) -> None:
    decision.set_review_date(cmd.review_date, meta=meta)


@handles(c.LinkDecisionToInitiative)
def link_decision(uow: UnitOfWork, cmd: c.LinkDecisionToInitiative, meta: Meta) -> Decision:
    decision = _decision(uow, cmd)
    initiative = uow.get(Initiative, cmd.initiative_id)
    uow.allow_in_arena(initiative.arena_id, SECRETARY)
    decision.link_initiative(cmd.initiative_id, meta=meta)
    return decision


# -- access --------------------------------------------------------------------


@handles(c.IssueToken)
def issue_token(uow: UnitOfWork, cmd: c.IssueToken, meta: Meta) -> AccessToken:
    uow.allow_global(GlobalRole.ADMIN)
    uow.get(Person, cmd.person_id).check_not_forgotten()
    return uow.created(AccessToken.issue(cmd, meta=meta))


def _own_token(uow: UnitOfWork, cmd: c.RevokeToken) -> AccessToken:
    token = uow.get(AccessToken, cmd.token_id)
    uow.allow_self(token.person_id)
    return token


@acts_on(c.RevokeToken, _own_token)
def revoke_token(token: AccessToken, cmd: c.RevokeToken, meta: Meta) -> None:
    token.revoke(meta=meta)
