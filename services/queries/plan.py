"""What the doors read of the plan: persons, arenas, initiatives, decisions,
and API tokens. Contact details are shown as the domain's read policy says
(`domain.authority.may_read_contact`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Unpack

from sqlalchemy import Connection

from domain.authority import Authority, may_read_contact
from projections import meetings_queries as mq
from projections import member_queries as members
from projections import queries as q
from projections.queries import Page
from projections.store import Row
from services.queries.base import Facade

CONTACT = ("email", "slack_user_id")


def as_seen_by(person: Row, viewer: Authority) -> Row:
    """Names and organisations for everyone; e-mail and Slack id only for the
    person, auditors and admins."""
    if may_read_contact(viewer, person["id"]):
        return person
    return {k: v for k, v in person.items() if k not in CONTACT}


class PlanQueries(Facade):
    # -- persons ---------------------------------------------------------------------

    def persons_page(self, *, limit: int, offset: int, conn: Connection | None = None) -> Page:
        """Everyone, contact details included (for the operator's CLI)."""
        return self._read(conn, q.list_persons, limit=limit, offset=offset)

    def persons_seen_by(
        self, viewer: Authority, *, limit: int, offset: int, conn: Connection | None = None
    ) -> Page:
        page = self.persons_page(limit=limit, offset=offset, conn=conn)
        return replace(page, items=[as_seen_by(p, viewer) for p in page.items])

    def get_person(self, person_id: str, *, conn: Connection | None = None) -> Row | None:
        return self._read(conn, q.get_person, person_id)

    def person_seen_by(
        self, person_id: str, viewer: Authority, *, conn: Connection | None = None
    ) -> Row | None:
        found = self.get_person(person_id, conn=conn)
        return None if found is None else as_seen_by(found, viewer)

    def persons_by_email(self, email: str, *, conn: Connection | None = None) -> list[Row]:
        return self._read(conn, q.find_persons_by_email, email)

    def person_by_slack_id(
        self, slack_user_id: str, *, conn: Connection | None = None
    ) -> Row | None:
        return self._read(conn, q.find_person_by_slack_id, slack_user_id)

    def slack_links(self, *, limit: int, offset: int, conn: Connection | None = None) -> Page:
        return self._read(conn, q.slack_links, limit=limit, offset=offset)

    def contacts(self, person_ids: list[str], *, conn: Connection | None = None) -> dict[str, Row]:
        """Name, e-mail and Slack id of each person (for sending)."""
        return self._read(conn, mq.contacts, person_ids)

    def arena_roles(self, person_id: str, *, conn: Connection | None = None) -> dict[str, str]:
        """The person's role in each arena they are a member of."""
        return self._read(conn, members.arena_roles, person_id)

    # -- arenas ----------------------------------------------------------------------

    def arenas_page(self, *, limit: int, offset: int, conn: Connection | None = None) -> Page:
        return self._read(conn, q.list_arenas, limit=limit, offset=offset)

    def get_arena(self, arena_id: str, *, conn: Connection | None = None) -> Row | None:
        return self._read(conn, q.get_arena, arena_id)

    def arena_id_by_code(self, code: str, *, conn: Connection | None = None) -> str | None:
        return self._read(conn, q.arena_id_by_code, code)

    # -- initiatives -----------------------------------------------------------------

    def initiatives_page(
        self,
        *,
        limit: int,
        offset: int,
        conn: Connection | None = None,
        **where: Unpack[q.InitiativeFilter],
    ) -> Page:
        return self._read(conn, q.list_initiatives, limit=limit, offset=offset, **where)

    def get_initiative(self, initiative_id: str, *, conn: Connection | None = None) -> Row | None:
        return self._read(conn, q.get_initiative, initiative_id)

    def initiative_ids_by_code(
        self, code: str, arena_id: str | None = None, *, conn: Connection | None = None
    ) -> list[str]:
        return self._read(conn, q.initiative_id_by_code, code, arena_id)

    def initiatives_of(self, person_id: str, *, conn: Connection | None = None) -> list[Row]:
        """The initiatives the person takes part in, by code."""
        return self._read(conn, members.initiatives_of, person_id)

    # -- decisions -------------------------------------------------------------------

    def decisions_page(
        self,
        *,
        limit: int,
        offset: int,
        conn: Connection | None = None,
        **where: Unpack[q.DecisionFilter],
    ) -> Page:
        return self._read(conn, q.list_decisions, limit=limit, offset=offset, **where)

    def get_decision(self, decision_id: str, *, conn: Connection | None = None) -> Row | None:
        return self._read(conn, q.get_decision, decision_id)

    # -- API tokens ------------------------------------------------------------------

    def token(self, token_hash: str, *, conn: Connection | None = None) -> Row | None:
        """The token with its person's state: forgotten, and in how many arenas."""
        return self._read(conn, q.token_by_hash, token_hash)

    @staticmethod
    def token_refused(row: Row, *, now: datetime, max_days: int) -> str | None:
        """Why a token row lets nobody in; None: it does."""
        return q.token_refused(row, now=now, max_days=max_days)
