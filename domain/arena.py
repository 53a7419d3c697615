"""Arenas (delarenor, fokusområden, samordningsgrupper) and their members."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.commands import CreateArena
from domain.errors import Duplicate, NotFound
from domain.meta import Meta
from domain.values import (
    ArenaKind,
    Role,
    optional_text,
    parse_enum,
    require_code,
    require_text,
)


class Arena(SamverkaAggregate):
    @event("Created")
    def __init__(self, code: str, name: str, kind: str, description: str, meta: Meta) -> None:
        self.code = code
        self.name = name
        self.kind = ArenaKind(kind)
        self.description = description
        self.members: dict[str, Role] = {}

    @classmethod
    def create(cls, cmd: CreateArena, *, meta: Meta) -> Arena:
        return cls(
            code=require_code(cmd.code),
            name=require_text(cmd.name, "name"),
            kind=parse_enum(ArenaKind, cmd.kind, "kind").value,
            description=optional_text(cmd.description, "description"),
            meta=meta,
        )

    def revise(self, *, name: str | None, description: str | None, meta: Meta) -> None:
        new_name = require_text(name, "name") if name is not None else self.name
        new_description = (
            optional_text(description, "description")
            if description is not None
            else self.description
        )
        if (new_name, new_description) != (self.name, self.description):
            self._revised(name=new_name, description=new_description, meta=meta)

    @event("Revised")
    def _revised(self, name: str, description: str, meta: Meta) -> None:
        self.name = name
        self.description = description

    def check_member(self, person_id: UUID) -> None:
        if str(person_id) not in self.members:
            raise NotFound(f"the person is not a member of {self.code}", field="person_id")

    def check_not_member(self, person_id: UUID) -> None:
        if str(person_id) in self.members:
            raise Duplicate(
                f"the person is already a member of {self.code}; change the role instead",
                field="person_id",
            )

    def add_member(self, person_id: UUID, role: str, *, meta: Meta) -> None:
        self.check_not_member(person_id)
        self._member_added(
            person_id=person_id, role=parse_enum(Role, role, "role").value, meta=meta
        )

    @event("MemberAdded")
    def _member_added(self, person_id: UUID, role: str, meta: Meta) -> None:
        self.members[str(person_id)] = Role(role)

    def change_member_role(self, person_id: UUID, role: str, *, meta: Meta) -> None:
        self.check_member(person_id)
        new_role = parse_enum(Role, role, "role")
        if self.members[str(person_id)] != new_role:
            self._member_role_changed(person_id=person_id, role=new_role.value, meta=meta)

    @event("MemberRoleChanged")
    def _member_role_changed(self, person_id: UUID, role: str, meta: Meta) -> None:
        self.members[str(person_id)] = Role(role)

    def remove_member(self, person_id: UUID, *, meta: Meta) -> None:
        self.check_member(person_id)
        self._member_removed(person_id=person_id, meta=meta)

    @event("MemberRemoved")
    def _member_removed(self, person_id: UUID, meta: Meta) -> None:
        del self.members[str(person_id)]
