"""What the doors read of meetings: series, occurrences, meeting pages,
RSVPs, open action items, and a person's or a chat channel's meetings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Unpack
from uuid import UUID

from sqlalchemy import Connection

from domain.meetings.meeting import meeting_id
from domain.meetings.recurrence import Occurrence
from projections import mail_queries
from projections.meetings import queries as mq
from projections.meetings import rsvps as meeting_rsvps
from projections.meetings import secretary
from projections.plan import members
from projections.plan.queries import Page, page_of
from projections.store import Row
from services.queries.base import Facade, lists, pages, reads


class MeetingQueries(Facade):
    # -- series ----------------------------------------------------------------------

    list_series = lists(mq.list_series)
    series_page = pages(mq.series_query)

    # A series with its invitees and schedule history.
    get_series = reads(mq.get_series)

    # Without its history, with its invitees and its arena's members: what a
    # meeting's page needs of its series.
    series_row = reads(secretary.series_row)
    # The series of these arenas and those the person runs, with their arena's names.
    series_run_by = reads(secretary.series_run_by)

    @staticmethod
    def occurrences(series: Row, start: date, end: date) -> list[Occurrence]:
        """A series row's occurrences whose original date is within [start, end]."""
        return mq.series_occurrences(series, start, end)

    @staticmethod
    def nth_held(series: Row, n: int) -> Occurrence | None:
        """The series' n-th held meeting (its evaluation is due after it)."""
        return mq.nth_held(series, n)

    def upcoming(
        self,
        *,
        now: datetime,
        until: date,
        conn: Connection | None = None,
        **where: Unpack[mq.UpcomingFilter],
    ) -> list[Row]:
        """Held occurrences from `now` to `until`, soonest first."""
        return self._read(conn, mq.upcoming, now=now, until=until, **where)

    def upcoming_page(
        self,
        *,
        now: datetime,
        until: date,
        limit: int,
        offset: int,
        conn: Connection | None = None,
        **where: Unpack[mq.UpcomingFilter],
    ) -> Page:
        found = self.upcoming(now=now, until=until, conn=conn, **where)
        return page_of(found, limit, offset)

    # -- meetings --------------------------------------------------------------------

    # Agenda, attendance, notes, decisions, RSVPs, actions, and open actions carried
    # forward.
    meeting_page = reads(mq.meeting_page)
    # The same without RSVPs and the check-in round (the secretary's page).
    meeting_record = reads(mq.meeting_record)

    def meeting_on(
        self, series_id: UUID, day: date, *, conn: Connection | None = None
    ) -> Row | None:
        """The page of the series' meeting on that (original) date."""
        return self.meeting_page(str(meeting_id(series_id, day)), conn=conn)

    meetings_of_series = reads(mq.meetings_of_series)

    # Per person: the answer for this meeting, else the one for the series.
    rsvps = reads(meeting_rsvps.rsvps)

    open_actions = lists(mq.open_action_items)
    open_actions_page = pages(mq.open_actions_query)

    # -- a person's, a channel's -----------------------------------------------------

    def my_meetings(
        self, person_id: str, now: datetime, *, conn: Connection | None = None
    ) -> list[Row]:
        """The person's meetings from two days back to a month ahead, nearest first."""
        return self._read(conn, members.my_meetings, person_id, now)

    def next_meetings(
        self, person_id: str, now: datetime, *, conn: Connection | None = None
    ) -> list[Row]:
        """The next meeting of each series the person is invited to."""
        return self._read(conn, members.next_meetings, person_id, now)

    # The meeting going on now in a series that uses this chat channel.
    meeting_now = reads(members.meeting_now)
    # The series that use this chat channel (Slack's id or #name, Teams' conversation id).
    series_for_channel = reads(members.series_for_channel)

    # -- replies by e-mail -----------------------------------------------------------

    # The open meeting going on now, else the most recent open one that started.
    meeting_for_note = reads(mail_queries.meeting_for_note)

    # The next held occurrence of the series that has not started yet.
    next_meeting = reads(mail_queries.next_meeting)

    # The (check-in round or series, person) pairs whose ids start with the bytes a
    # reply address carries.
    reply_token_candidates = reads(mail_queries.token_candidates)
