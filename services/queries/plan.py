"""What the doors read of the plan: persons, arenas, initiatives, decisions,
and API tokens. Contact details are shown as the domain's read policy says
(`domain.authority.may_read_contact`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection

from domain.authority import Authority, may_read_contact
from projections.meetings import queries as mq
from projections.plan import members
from projections.plan import queries as q
from projections.plan import tokens as token_reads
from projections.plan.queries import Page
from projections.store import Row
from services.queries.base import Facade, lists, reads

CONTACT = ("email", "slack_user_id")


def as_seen_by(person: Row, viewer: Authority) -> Row:
    """Names and organisations for everyone; e-mail and Slack id only for the
    person, auditors and admins."""
    if may_read_contact(viewer, person["id"]):
        return person
    return {k: v for k, v in person.items() if k not in CONTACT}


class PlanQueries(Facade):
    # -- persons ---------------------------------------------------------------------

    # Everyone, contact details included (for the operator's CLI).
    persons_page = lists(q.list_persons)

    def persons_seen_by(
        self, viewer: Authority, *, limit: int, offset: int, conn: Connection | None = None
    ) -> Page:
        page = self.persons_page(limit=limit, offset=offset, conn=conn)
        return replace(page, items=[as_seen_by(p, viewer) for p in page.items])

    get_person = reads(q.get_person)

    def person_seen_by(
        self, person_id: str, viewer: Authority, *, conn: Connection | None = None
    ) -> Row | None:
        found = self.get_person(person_id, conn=conn)
        return None if found is None else as_seen_by(found, viewer)

    def persons_named_seen_by(
        self, words: str, viewer: Authority, *, limit: int, conn: Connection | None = None
    ) -> list[Row]:
        """Who is named `words`, or else has them in their name (`q.persons_named`)."""
        found = self._read(conn, q.persons_named, words, limit=limit)
        return [as_seen_by(p, viewer) for p in found]

    persons_by_email = reads(q.find_persons_by_email)

    person_by_slack_id = reads(q.find_person_by_slack_id)

    slack_links = lists(q.slack_links)

    # Name, e-mail and Slack id of each person (for sending).
    contacts = reads(mq.contacts)

    # The person's role in each arena they are a member of.
    arena_roles = reads(members.arena_roles)

    # -- arenas ----------------------------------------------------------------------

    arenas_page = lists(q.list_arenas)

    get_arena = reads(q.get_arena)

    arena_id_by_code = reads(q.arena_id_by_code)

    # -- initiatives -----------------------------------------------------------------

    initiatives_page = lists(q.list_initiatives)

    get_initiative = reads(q.get_initiative)

    def initiative_ids_by_code(
        self, code: str, arena_id: str | None = None, *, conn: Connection | None = None
    ) -> list[str]:
        return self._read(conn, q.initiative_id_by_code, code, arena_id)

    # The initiatives the person takes part in, by code.
    initiatives_of = reads(members.initiatives_of)

    def health_history(
        self, initiative_id: str, *, limit: int | None = None, conn: Connection | None = None
    ) -> list[Row]:
        """The health reports on the initiative (all, or the `limit` latest), newest first."""
        return self._read(conn, q.health_history, initiative_id, limit)

    # -- decisions -------------------------------------------------------------------

    decisions_page = lists(q.list_decisions)

    get_decision = reads(q.get_decision)

    # -- API tokens ------------------------------------------------------------------

    # The token with its person's state: forgotten, and in how many arenas.
    token = reads(token_reads.token_by_hash)

    def tokens(self, person_id: str | None = None, *, conn: Connection | None = None) -> list[Row]:
        """Every token (or one person's), newest first, with its person's name and state."""
        return self._read(conn, token_reads.tokens, person_id)

    @staticmethod
    def token_refused(row: Row, *, now: datetime, max_days: int) -> str | None:
        """Why a token row lets nobody in; None: it does."""
        return token_reads.token_refused(row, now=now, max_days=max_days)
