"""What the doors read of plans and organisations, and the yearly follow-up
compiled. The compilation holds every organisation's answers, so it is read
as the survey's answers are (`domain.authority.may_read_all_answers`): by
the plan's arena's secretaries and moderators, auditors and admins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from domain.authority import Authority, may_read_all_answers
from domain.errors import Forbidden
from projections.plan import members
from projections.plans import compilation as pc
from projections.plans import queries as pq
from projections.plans.as_of import compile_as_of
from projections.source import EventLog
from projections.store import Row
from services.queries.base import Facade, lists, reads
from services.views import Views


class PlansQueries(Facade):
    def __init__(self, views: Views, log: EventLog | None = None) -> None:
        super().__init__(views)
        self._log = log  # the event log, for the compilation as of a moment

    # Organisations (by county and kind), one with its persons and contacts.
    organisations_page = lists(pq.list_organisations)
    get_organisation = reads(pq.get_organisation)
    organisation_id_by_code = reads(pq.organisation_id_by_code)

    # Plans, one with its målbilder, directions, insatsområden and activities.
    plans_page = lists(pq.list_plans)
    get_plan = reads(pq.get_plan)
    plan_id_by_code = reads(pq.plan_id_by_code)

    # A målbild, direction or insatsområde by its id.
    get_part = reads(pq.get_part)

    def narratives(
        self,
        plan_id: str,
        *,
        area_id: str | None = None,
        year: int | None = None,
        conn: Connection | None = None,
    ) -> list[Row]:
        """Every revision of the narratives, newest first."""
        return self._read(conn, pq.narratives, plan_id, area_id=area_id, year=year)

    def may_compile(self, plan: Row, viewer: Authority, *, conn: Connection | None = None) -> bool:
        with self._reading(conn) as c:
            roles = members.arena_roles(c, viewer.actor)
        return may_read_all_answers(viewer, roles, plan["arena_id"])

    def compilation_seen_by(
        self,
        plan_id: str,
        year: int,
        viewer: Authority,
        *,
        as_of: datetime | None = None,
        conn: Connection | None = None,
    ) -> Row | None:
        """The year's compilation, last year beside it, now or as known at
        `as_of` (None: no such plan); Forbidden when `viewer` may not read
        the survey's answers (as the plan's arena is now)."""
        with self._reading(conn) as c:
            plan = pq.get_plan(c, plan_id)
            if plan is None:
                return None
            if not self.may_compile(plan, viewer, conn=c):
                raise Forbidden(
                    "the compilation is read by the plan's secretaries and moderators",
                    field="actor",
                    rule="access.arena_role",
                    params={"role": "secretary"},
                )
            if as_of is not None and self._log is not None:
                return compile_as_of(self._log, plan_id, year, as_of)
            return pc.compile_year(c, plan_id, year)
