"""Initiatives (#2.7.2 ...): the plan's unit of work."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.commands import CreateInitiative
from domain.due import Due
from domain.errors import Duplicate, InvalidTransition, NotFound, ValidationFailed
from domain.meta import Meta
from domain.values import (
    ALLOWED_TRANSITIONS,
    Health,
    Link,
    Role,
    Status,
    optional_text,
    parse_enum,
    perspective_list,
    require_code,
    require_link,
    require_text,
    text_list,
)

REVISABLE = ("title", "background", "goal", "objectives")


class Milestone(TypedDict):
    title: str
    due: Due
    completed_on: str | None


class Initiative(SamverkaAggregate):
    @event("Created")
    def __init__(
        self,
        arena_id: UUID,
        code: str,
        title: str,
        background: str,
        goal: str,
        objectives: list[str],
        perspectives: list[str],
        status: str,
        meta: Meta,
    ) -> None:
        self.arena_id = arena_id
        self.code = code
        self.title = title
        self.background = background
        self.goal = goal
        self.objectives = objectives
        self.perspectives = perspectives
        self.status = Status(status)
        self.health: Health | None = None
        self.milestones: dict[str, Milestone] = {}
        self.links: dict[str, Link] = {}
        self.participants: dict[str, Role] = {}

    @classmethod
    def create(cls, cmd: CreateInitiative, *, meta: Meta) -> Initiative:
        initial = parse_enum(Status, cmd.status, "status")
        if initial not in (Status.PROPOSED, Status.ACTIVE):
            raise ValidationFailed("a new initiative is proposed or active", field="status")
        return cls(
            arena_id=cmd.arena_id,
            code=require_code(cmd.code),
            title=require_text(cmd.title, "title", max_len=300),
            background=optional_text(cmd.background, "background"),
            goal=optional_text(cmd.goal, "goal"),
            objectives=text_list(cmd.objectives, "objectives"),
            perspectives=perspective_list(list(cmd.perspectives)),
            status=initial.value,
            meta=meta,
        )

    # -- rules -------------------------------------------------------------

    def check_open_for_changes(self) -> None:
        if self.status is Status.CANCELLED:
            raise InvalidTransition(
                f"initiative {self.code} is cancelled and can no longer be changed",
                field="status",
            )

    def check_transition(self, new: Status) -> None:
        if new not in ALLOWED_TRANSITIONS[self.status]:
            raise InvalidTransition(
                f"initiative {self.code} cannot go from {self.status.value} to {new.value}",
                field="status",
                rule="initiative.transition",
                params={"code": self.code, "current": self.status, "new": new},
            )

    def check_milestone(self, milestone_id: str) -> Milestone:
        try:
            return self.milestones[milestone_id]
        except KeyError:
            raise NotFound(
                f"initiative {self.code} has no milestone {milestone_id}",
                field="milestone_id",
            ) from None

    # -- details -----------------------------------------------------------

    def revise(self, *, changes: dict[str, Any], meta: Meta) -> None:
        self.check_open_for_changes()
        clean: dict[str, Any] = {}
        for key, value in changes.items():
            if key not in REVISABLE:
                raise ValidationFailed(f"{key} cannot be revised", field=key)
            if key == "title":
                new: Any = require_text(value, "title", max_len=300)
            elif key == "objectives":
                new = text_list(value, "objectives")
            else:
                new = optional_text(value, key)
            if new != getattr(self, key):
                clean[key] = new
        if clean:
            self._revised(changes=clean, meta=meta)

    @event("Revised")
    def _revised(self, changes: dict[str, Any], meta: Meta) -> None:
        for key, value in changes.items():
            setattr(self, key, value)

    def tag_perspectives(self, perspectives: list[str], *, meta: Meta) -> None:
        self.check_open_for_changes()
        clean = perspective_list(perspectives)
        if clean != self.perspectives:
            self._perspectives_tagged(perspectives=clean, meta=meta)

    @event("PerspectivesTagged")
    def _perspectives_tagged(self, perspectives: list[str], meta: Meta) -> None:
        self.perspectives = perspectives

    # -- status and health ---------------------------------------------------

    def change_status(self, status: str, *, reason: str | None, meta: Meta) -> None:
        new = parse_enum(Status, status, "status")
        if new is self.status:
            return
        self.check_transition(new)
        self._status_changed(
            status=new.value, reason=optional_text(reason, "reason", max_len=2000), meta=meta
        )

    @event("StatusChanged")
    def _status_changed(self, status: str, reason: str, meta: Meta) -> None:
        self.status = Status(status)

    def report_health(self, health: str, *, comment: str | None, meta: Meta) -> None:
        self.check_open_for_changes()
        if self.status in (Status.COMPLETED,):
            raise InvalidTransition(
                f"initiative {self.code} is completed; reopen it to report health",
                field="health",
            )
        self._health_reported(
            health=parse_enum(Health, health, "health").value,
            comment=optional_text(comment, "comment", max_len=2000),
            meta=meta,
        )

    @event("HealthReported")
    def _health_reported(self, health: str, comment: str, meta: Meta) -> None:
        self.health = Health(health)

    # -- milestones ----------------------------------------------------------

    def add_milestone(self, milestone_id: str, title: str, due: Due, *, meta: Meta) -> None:
        self.check_open_for_changes()
        if milestone_id in self.milestones:
            raise Duplicate(f"milestone {milestone_id} exists", field="milestone_id")
        if len(self.milestones) >= 100:
            raise ValidationFailed("an initiative has at most 100 milestones")
        self._milestone_added(
            milestone_id=milestone_id,
            title=require_text(title, "title", max_len=300),
            due=due,
            meta=meta,
        )

    @event("MilestoneAdded")
    def _milestone_added(self, milestone_id: str, title: str, due: Due, meta: Meta) -> None:
        self.milestones[milestone_id] = Milestone(title=title, due=due, completed_on=None)

    def reschedule_milestone(self, milestone_id: str, due: Due, *, meta: Meta) -> None:
        self.check_open_for_changes()
        current = self.check_milestone(milestone_id)
        if current["completed_on"] is not None:
            raise InvalidTransition("a completed milestone cannot be rescheduled", field="due")
        if current["due"] != due:
            self._milestone_rescheduled(milestone_id=milestone_id, due=due, meta=meta)

    @event("MilestoneRescheduled")
    def _milestone_rescheduled(self, milestone_id: str, due: Due, meta: Meta) -> None:
        self.milestones[milestone_id]["due"] = due

    def complete_milestone(self, milestone_id: str, completed_on: date, *, meta: Meta) -> None:
        self.check_open_for_changes()
        if self.check_milestone(milestone_id)["completed_on"] is not None:
            raise InvalidTransition("the milestone is already completed", field="milestone_id")
        self._milestone_completed(milestone_id=milestone_id, completed_on=completed_on, meta=meta)

    @event("MilestoneCompleted")
    def _milestone_completed(self, milestone_id: str, completed_on: date, meta: Meta) -> None:
        self.milestones[milestone_id]["completed_on"] = completed_on.isoformat()

    def remove_milestone(self, milestone_id: str, *, meta: Meta) -> None:
        self.check_open_for_changes()
        self.check_milestone(milestone_id)
        self._milestone_removed(milestone_id=milestone_id, meta=meta)

    @event("MilestoneRemoved")
    def _milestone_removed(self, milestone_id: str, meta: Meta) -> None:
        del self.milestones[milestone_id]

    # -- links and participants ----------------------------------------------

    def add_link(self, link_id: str, title: str, url: str | None, *, meta: Meta) -> None:
        self.check_open_for_changes()
        if len(self.links) >= 100:
            raise ValidationFailed("an initiative has at most 100 links")
        self._link_added(link_id=link_id, link=require_link(title, url), meta=meta)

    @event("LinkAdded")
    def _link_added(self, link_id: str, link: Link, meta: Meta) -> None:
        self.links[link_id] = link

    def remove_link(self, link_id: str, *, meta: Meta) -> None:
        if link_id not in self.links:
            raise NotFound(f"initiative {self.code} has no link {link_id}", field="link_id")
        self._link_removed(link_id=link_id, meta=meta)

    @event("LinkRemoved")
    def _link_removed(self, link_id: str, meta: Meta) -> None:
        del self.links[link_id]

    def add_participant(self, person_id: UUID, role: str, *, meta: Meta) -> None:
        self.check_open_for_changes()
        new_role = parse_enum(Role, role, "role")
        if self.participants.get(str(person_id)) == new_role:
            return
        self._participant_added(person_id=person_id, role=new_role.value, meta=meta)

    @event("ParticipantAdded")
    def _participant_added(self, person_id: UUID, role: str, meta: Meta) -> None:
        self.participants[str(person_id)] = Role(role)

    def remove_participant(self, person_id: UUID, *, meta: Meta) -> None:
        if str(person_id) not in self.participants:
            raise NotFound("the person does not take part in this initiative", field="person_id")
        self._participant_removed(person_id=person_id, meta=meta)

    @event("ParticipantRemoved")
    def _participant_removed(self, person_id: UUID, meta: Meta) -> None:
        del self.participants[str(person_id)]
