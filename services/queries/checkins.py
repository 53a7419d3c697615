"""What the doors read of check-ins: rounds and who answered, answers, response
rates, yearly surveys, the outbox, and what a person has open. Answers are
shown as the domain's read policy says (`domain.authority.may_read_answers`):
the person's own, and everyone's to the arena's secretaries and moderators,
auditors and admins; everyone else sees who answered and the summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from domain.authority import Authority, may_read_all_answers, may_read_answers
from projections.meetings import queries as mq
from projections.meetings import tables as mt
from projections.plan import members
from projections.plan import queries as q
from projections.plan.queries import Page, paged
from projections.store import Row
from services.queries.base import Facade, lists, pages, reads


def _hide_unreadable(
    conn: Connection, viewer: Authority, checkin: Row, rows: list[Row]
) -> list[Row]:
    roles = members.arena_roles(conn, viewer.actor)
    arena_id = members.round_arena(conn, checkin)
    return [
        r if may_read_answers(viewer, r["person_id"], roles, arena_id) else {**r, "answers": None}
        for r in rows
    ]


class CheckInQueries(Facade):
    # -- rounds ----------------------------------------------------------------------

    # Rounds with their response rates, newest first.
    list_rounds = lists(mq.list_rounds)
    rounds_page = pages(mq.rounds_query, mq.with_rates)

    # A round with its questions, summary and response rate.
    get_round = reads(mq.get_round)

    # -- who answered, and what ------------------------------------------------------

    def recipients_seen_by(
        self,
        round_id: str,
        viewer: Authority,
        *,
        answered: bool | None = None,
        conn: Connection | None = None,
    ) -> list[Row] | None:
        """Who has and hasn't answered, with the answers `viewer` may read
        (None: no such round)."""
        with self._reading(conn) as c:
            checkin = mq.get_round(c, round_id)
            if checkin is None:
                return None
            rows = mq.round_recipients(c, round_id, answered=answered)
            return _hide_unreadable(c, viewer, checkin, rows)

    def recipients_page_seen_by(
        self,
        round_id: str,
        viewer: Authority,
        *,
        limit: int,
        offset: int,
        answered: bool | None = None,
        conn: Connection | None = None,
    ) -> Page | None:
        """A page of `recipients_seen_by` (None: no such round)."""
        with self._reading(conn) as c:
            checkin = mq.get_round(c, round_id)
            if checkin is None:
                return None
            page = paged(c, mq.recipients_query(round_id, answered=answered), limit, offset)
            return replace(page, items=_hide_unreadable(c, viewer, checkin, page.items))

    def answers_of(
        self, round_id: str, person_id: str, *, conn: Connection | None = None
    ) -> dict[str, Any] | None:
        """The person's own latest answers in the round (None: not asked or not found)."""
        mine = [
            r
            for r in self._read(conn, mq.round_recipients, round_id)
            if r["person_id"] == person_id
        ]
        return mine[0]["answers"] if mine else None

    def initiative_answers_seen_by(
        self,
        initiative_id: str,
        viewer: Authority,
        *,
        limit: int,
        offset: int,
        conn: Connection | None = None,
    ) -> Page | None:
        """Every answer about an initiative over time: all of them to those who may
        read everyone's in its arena, else the viewer's own (None: no such initiative)."""
        with self._reading(conn) as c:
            initiative = q.get_initiative(c, initiative_id)
            if initiative is None:
                return None
            query = mq.answers_query(initiative_id)
            roles = members.arena_roles(c, viewer.actor)
            if not may_read_all_answers(viewer, roles, initiative["arena_id"]):
                query = query.where(mt.checkin_answers.c.person_id == viewer.actor)
            return paged(c, query, limit, offset)

    # -- response rates, surveys, the outbox -----------------------------------------

    response_rates = lists(mq.response_rates)
    response_rates_page = pages(mq.rates_query, mq.with_rates)

    list_surveys = reads(mq.list_surveys)
    surveys_page = pages(mq.surveys_query)
    get_survey = reads(mq.get_survey)

    notifications = lists(mq.notifications)
    notifications_page = pages(mq.notifications_query)

    # -- what a person has open ------------------------------------------------------

    def open_round_for(
        self,
        person_id: str,
        now: datetime,
        *,
        wanted: str = "",
        round_id: str | None = None,
        conn: Connection | None = None,
    ) -> Row | None:
        """The person's open round with this id, else the soonest due one whose
        initiative has the code `wanted` or whose title contains it (any, without)."""
        with self._reading(conn) as c:
            rounds = members.open_rounds_of(c, person_id, now)
            if round_id is not None:
                rounds = [r for r in rounds if r["id"] == round_id]
            elif wanted:
                ids = set(q.initiative_id_by_code(c, wanted))
                rounds = [
                    r
                    for r in rounds
                    if r["initiative_id"] in ids or wanted.lower() in r["title"].lower()
                ]
            return mq.get_round(c, rounds[0]["id"]) if rounds else None

    # A person's home: their initiatives, open rounds, meetings in the next six
    # weeks and open action items.
    home = reads(members.home)
