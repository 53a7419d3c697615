"""Organisations (region, kommun, förvaltning, myndighet, förening): who is
responsible for an activity and who answers the yearly survey.

Persons belong to an organisation; some of them are its contact persons, to
whom the survey goes. An organisation is kept by an arena's moderators (or
by admins when it names no arena).
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.errors import Duplicate, NotFound
from domain.meta import Meta
from domain.plans.commands import RegisterOrganisation
from domain.plans.values import OrganisationKind, check_area_code, organisation_id
from domain.values import optional_text, parse_enum, require_code, require_text


class Organisation(SamverkaAggregate):
    @staticmethod
    def create_id(code: str, **_: object) -> UUID:
        return organisation_id(code)

    @event("Registered")
    def __init__(
        self,
        code: str,
        name: str,
        kind: str,
        county: str,
        area_code: str | None,
        parent_id: UUID | None,
        arena_id: UUID | None,
        meta: Meta,
    ) -> None:
        self.code = code
        self.name = name
        self.kind = OrganisationKind(kind)
        self.county = county
        self.area_code = area_code
        self.parent_id = parent_id
        self.arena_id = arena_id
        self.members: dict[str, bool] = {}  # person id: is a contact person

    @classmethod
    def register(cls, cmd: RegisterOrganisation, *, meta: Meta) -> Organisation:
        return cls(
            code=require_code(cmd.code),
            name=require_text(cmd.name, "name"),
            kind=parse_enum(OrganisationKind, cmd.kind, "kind").value,
            county=optional_text(cmd.county, "county", max_len=100, multiline=False),
            area_code=check_area_code(cmd.area_code),
            parent_id=cmd.parent_id,
            arena_id=cmd.arena_id,
            meta=meta,
        )

    def revise(self, *, name: str | None, county: str | None, meta: Meta) -> None:
        new_name = require_text(name, "name") if name is not None else self.name
        new_county = (
            optional_text(county, "county", max_len=100, multiline=False)
            if county is not None
            else self.county
        )
        if (new_name, new_county) != (self.name, self.county):
            self._revised(name=new_name, county=new_county, meta=meta)

    @event("Revised")
    def _revised(self, name: str, county: str, meta: Meta) -> None:
        self.name = name
        self.county = county

    @property
    def contacts(self) -> list[str]:
        return [p for p, contact in self.members.items() if contact]

    def check_member(self, person_id: UUID) -> None:
        if str(person_id) not in self.members:
            raise NotFound(f"the person does not belong to {self.code}", field="person_id")

    def add_person(self, person_id: UUID, *, contact: bool, meta: Meta) -> None:
        if str(person_id) in self.members:
            raise Duplicate(f"the person already belongs to {self.code}", field="person_id")
        self._person_added(person_id=person_id, contact=contact, meta=meta)

    @event("PersonAdded")
    def _person_added(self, person_id: UUID, contact: bool, meta: Meta) -> None:
        self.members[str(person_id)] = contact

    def set_contact(self, person_id: UUID, *, contact: bool, meta: Meta) -> None:
        self.check_member(person_id)
        if self.members[str(person_id)] != contact:
            self._contact_changed(person_id=person_id, contact=contact, meta=meta)

    @event("ContactChanged")
    def _contact_changed(self, person_id: UUID, contact: bool, meta: Meta) -> None:
        self.members[str(person_id)] = contact

    def remove_person(self, person_id: UUID, *, meta: Meta) -> None:
        self.check_member(person_id)
        self._person_removed(person_id=person_id, meta=meta)

    @event("PersonRemoved")
    def _person_removed(self, person_id: UUID, meta: Meta) -> None:
        del self.members[str(person_id)]
