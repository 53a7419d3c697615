"""Queries: everything users see is read here, from the read tables.

The API tokens' reads live in `tokens.py` and are named here too."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy import ColumnCollection, Connection, Select, func, select

from domain.person import ERASED_NAME, folded_name
from projections import tables as t
from projections.audit import display_name
from projections.plan.trail_window import date_window
from projections.store import Row, first, rows_of


@dataclass(frozen=True)
class Page:
    items: list[Row]
    total: int
    limit: int
    offset: int


def _page(conn: Connection, query: Select[Any], limit: int, offset: int) -> Page:
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    items = rows_of(conn, query.limit(limit).offset(offset))
    return Page(items=items, total=int(total), limit=limit, offset=offset)


def paged(
    conn: Connection,
    query: Select[Any],
    limit: int,
    offset: int,
    finish: Callable[[list[Row]], list[Row]] | None = None,
) -> Page:
    """A page of a list query (`finish` completes the rows, as the list function does)."""
    page = _page(conn, query, limit, offset)
    return Page(finish(page.items), page.total, limit, offset) if finish else page


def page_of(items: list[Row], limit: int, offset: int) -> Page:
    """A page of a list computed in Python rather than in SQL (upcoming meetings)."""
    return Page(items=items[offset : offset + limit], total=len(items), limit=limit, offset=offset)


def matching(
    query: Select[Any], columns: ColumnCollection[str, Any], **wanted: object
) -> Select[Any]:
    """`query` narrowed to the rows whose columns equal the values given; a
    filter that is None or empty narrows nothing."""
    for name, value in wanted.items():
        if value:
            query = query.where(columns[name] == value)
    return query


def person_names(conn: Connection, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = conn.execute(
        select(t.persons.c.id, t.persons.c.name, t.persons.c.forgotten).where(
            t.persons.c.id.in_(wanted)
        )
    ).tuples()
    # Fetched at once as plain tuples: row by row, an initiative's few hundred
    # participants took longer to name than to find.
    return {key: (ERASED_NAME if forgotten else name) for key, name, forgotten in rows.all()}


# -- persons -------------------------------------------------------------------


def list_persons(conn: Connection, *, limit: int, offset: int) -> Page:
    query = select(t.persons).order_by(t.persons.c.name, t.persons.c.id)
    return _page(conn, query, limit, offset)


def get_person(conn: Connection, person_id: str) -> Row | None:
    return first(conn, select(t.persons).where(t.persons.c.id == person_id))


def persons_named(conn: Connection, words: str, *, limit: int) -> list[Row]:
    """The persons (not forgotten) named `words`, or else whose name contains
    them, case and spacing aside; by name, at most `limit`. Both sides are
    folded by `folded_name` (the names as the projector keeps them in
    `folded_names`): SQLite's lower() and LIKE fold only ASCII letters, so
    Åsa would not be found as åsa by the database's own folding."""
    wanted = folded_name(words)
    if not wanted:
        return []
    p, n = t.persons, t.folded_names
    named = (
        select(p)
        .join(n, n.c.person_id == p.c.id)
        .where(p.c.forgotten.is_(False))
        .order_by(p.c.name, p.c.id)
        .limit(limit)
    )
    whole = rows_of(conn, named.where(n.c.folded == wanted))
    if whole:
        return whole
    part = "%" + re.sub(r"([\\%_])", r"\\\1", wanted) + "%"
    return rows_of(conn, named.where(n.c.folded.like(part, escape="\\")))


def find_persons_by_email(conn: Connection, email: str) -> list[Row]:
    query = select(t.persons).where(func.lower(t.persons.c.email) == email.lower())
    return rows_of(conn, query)


def find_person_by_slack_id(conn: Connection, slack_user_id: str) -> Row | None:
    return first(conn, select(t.persons).where(t.persons.c.slack_user_id == slack_user_id))


def slack_links(conn: Connection, *, limit: int, offset: int) -> Page:
    """Everyone linked to a Slack user: when, through which channel and by whom.
    `linked_at`, `channel` and `linked_by` are None for a link recorded before
    the views kept them, until the next `samverka replay`."""
    links = t.slack_links
    query = (
        select(
            t.persons.c.id.label("person_id"),
            t.persons.c.name,
            t.persons.c.slack_user_id,
            links.c.linked_at,
            links.c.channel,
            links.c.actor_id.label("linked_by"),
        )
        .join(links, links.c.person_id == t.persons.c.id, isouter=True)
        .where(t.persons.c.slack_user_id.is_not(None), t.persons.c.forgotten.is_(False))
        .order_by(t.persons.c.name, t.persons.c.id)
    )
    page = _page(conn, query, limit, offset)
    names = person_names(conn, [row["linked_by"] for row in page.items])
    for row in page.items:
        row["linked_by_name"] = display_name(row["linked_by"], names) if row["linked_by"] else None
    return page


# -- arenas --------------------------------------------------------------------


def list_arenas(conn: Connection, *, limit: int, offset: int) -> Page:
    return _page(conn, select(t.arenas).order_by(t.arenas.c.code), limit, offset)


def get_arena(conn: Connection, arena_id: str) -> Row | None:
    arena = first(conn, select(t.arenas).where(t.arenas.c.id == arena_id))
    if arena is None:
        return None
    members = rows_of(
        conn,
        select(t.arena_members, t.persons.c.name, t.persons.c.organisation)
        .join(t.persons, t.persons.c.id == t.arena_members.c.person_id, isouter=True)
        .where(t.arena_members.c.arena_id == arena_id)
        .order_by(t.persons.c.name),
    )
    i = t.initiatives.c
    initiatives = rows_of(
        conn,
        select(i.id, i.code, i.title, i.status, i.health)
        .where(i.arena_id == arena_id)
        .order_by(i.code),
    )
    return {**arena, "members": members, "initiatives": initiatives}


def arena_id_by_code(conn: Connection, code: str) -> str | None:
    return conn.execute(select(t.arenas.c.id).where(t.arenas.c.code == code)).scalar()


# -- initiatives -----------------------------------------------------------------


class InitiativeFilter(TypedDict, total=False):
    arena_id: str | None
    status: str | None
    health: str | None
    code: str | None


def list_initiatives(
    conn: Connection, *, limit: int, offset: int, **where: Unpack[InitiativeFilter]
) -> Page:
    query = select(t.initiatives).order_by(t.initiatives.c.code, t.initiatives.c.id)
    return _page(conn, matching(query, t.initiatives.c, **where), limit, offset)


def get_initiative(conn: Connection, initiative_id: str) -> Row | None:
    row = first(conn, select(t.initiatives).where(t.initiatives.c.id == initiative_id))
    if row is None:
        return None
    milestones = rows_of(
        conn,
        select(*(c for c in t.milestones.c if c.name != "initiative_id"))
        .where(t.milestones.c.initiative_id == initiative_id)
        .order_by(
            t.milestones.c.due_date.is_(None), t.milestones.c.due_date, t.milestones.c.added_at
        ),
    )
    participants = rows_of(
        conn,
        select(
            t.initiative_participants.c.person_id,
            t.initiative_participants.c.role,
            t.persons.c.name,
        )
        .join(t.persons, t.persons.c.id == t.initiative_participants.c.person_id, isouter=True)
        .where(t.initiative_participants.c.initiative_id == initiative_id)
        .order_by(t.persons.c.name),
    )
    links = rows_of(
        conn,
        select(t.initiative_links.c.link_id, t.initiative_links.c.title, t.initiative_links.c.url)
        .where(t.initiative_links.c.initiative_id == initiative_id)
        .order_by(t.initiative_links.c.title),
    )
    decisions = rows_of(
        conn,
        select(
            t.decisions.c.id, t.decisions.c.text, t.decisions.c.decision_date, t.decisions.c.state
        )
        .join(t.decision_initiatives, t.decision_initiatives.c.decision_id == t.decisions.c.id)
        .where(t.decision_initiatives.c.initiative_id == initiative_id)
        .order_by(t.decisions.c.decision_date),
    )
    arena = conn.execute(select(t.arenas.c.code).where(t.arenas.c.id == row["arena_id"])).scalar()
    return {
        **row,
        "arena_code": arena,
        "milestones": milestones,
        "participants": participants,
        "links": links,
        "decisions": decisions,
    }


def initiative_id_by_code(conn: Connection, code: str, arena_id: str | None = None) -> list[str]:
    query = select(t.initiatives.c.id).where(t.initiatives.c.code == code)
    if arena_id:
        query = query.where(t.initiatives.c.arena_id == arena_id)
    return [r[0] for r in conn.execute(query)]


# -- decisions -----------------------------------------------------------------


class DecisionFilter(TypedDict, total=False):
    arena_id: str | None
    initiative_id: str | None
    state: str | None


def list_decisions(
    conn: Connection, *, limit: int, offset: int, **where: Unpack[DecisionFilter]
) -> Page:
    query = select(t.decisions).order_by(t.decisions.c.decision_date.desc(), t.decisions.c.id)
    query = matching(query, t.decisions.c, arena_id=where.get("arena_id"), state=where.get("state"))
    if initiative_id := where.get("initiative_id"):
        query = query.join(
            t.decision_initiatives, t.decision_initiatives.c.decision_id == t.decisions.c.id
        ).where(t.decision_initiatives.c.initiative_id == initiative_id)
    return _page(conn, query, limit, offset)


def get_decision(conn: Connection, decision_id: str) -> Row | None:
    row = first(conn, select(t.decisions).where(t.decisions.c.id == decision_id))
    if row is None:
        return None
    linked = conn.execute(
        select(t.decision_initiatives.c.initiative_id)
        .where(t.decision_initiatives.c.decision_id == decision_id)
        .order_by(t.decision_initiatives.c.initiative_id)
    )
    return {**row, "initiative_ids": [r[0] for r in linked]}


# -- audit trail ---------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    aggregate_id: str | None = None
    actor_id: str | None = None
    channel: str | None = None
    since: str | None = None  # ISO 8601, inclusive
    until: str | None = None  # ISO 8601, exclusive
    after: int | None = None  # keyset cursor: last position seen
    kind: str | None = None  # "Aggregate.Event", such as "Initiative.HealthReported"


def _utc(moment: str) -> str:
    found = datetime.fromisoformat(moment)
    return found.astimezone(UTC).isoformat() if found.tzinfo else moment


def audit_query(f: AuditFilter) -> Select[Any]:
    a = t.audit_trail.c
    query = select(t.audit_trail).order_by(a.position)
    if f.aggregate_id:
        query = query.where(a.aggregate_id == f.aggregate_id)
    if f.actor_id:
        query = query.where(a.actor_id == f.actor_id)
    if f.channel:
        query = query.where(a.channel == f.channel)
    if f.kind:
        aggregate_type, _, event_type = f.kind.partition(".")
        query = query.where(a.event_type == event_type, a.aggregate_type == aggregate_type)
    # recorded_at is stored in UTC and compared as text: a moment given in
    # another offset (Swedish time) is said in UTC first, or 00:30 in
    # Stockholm would sort after 23:30 UTC the day before.
    if f.since:
        query = query.where(a.recorded_at >= _utc(f.since))
    if f.until:
        query = query.where(a.recorded_at < _utc(f.until))
    if f.after:
        query = query.where(a.position > f.after)
    return query


Summary = Callable[[str, Mapping[str, str]], str]
"""Says a stored audit summary with the names of its actor and subject."""


def render_audit_rows(conn: Connection, rows: list[Row], summary: Summary) -> list[Row]:
    names = person_names(conn, [r["actor_id"] for r in rows] + [r["subject_id"] for r in rows])
    rendered = []
    for row in rows:
        actor = display_name(row["actor_id"], names)
        subject = display_name(row["subject_id"], names) if row["subject_id"] else None
        rendered.append(
            {
                **row,
                "actor_name": actor,
                "summary": summary(row["summary"], {"actor": actor, "subject": subject or "?"}),
            }
        )
    return rendered


def audit_page(
    conn: Connection, f: AuditFilter, *, limit: int, summary: Summary
) -> tuple[list[Row], int | None]:
    """One page of the trail and the cursor for the next (None at the end); the
    services layer says each row's summary in words (`summary`)."""
    query = audit_query(f)
    if f.since or f.until:
        window = date_window(conn, f.since, f.until, _utc)
        if window is None:
            return [], None
        a = t.audit_trail.c
        low, high = window
        query = query.where(a.position >= low)
        if high is not None:
            query = query.where(a.position <= high)
    rows = rows_of(conn, query.limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1]["position"] if more and rows else None
    return render_audit_rows(conn, rows, summary), next_cursor


# -- access ----------------------------------------------------------------------


def health_history(
    conn: Connection, initiative_id: str, limit: int | None = None, *, upto: int | None = None
) -> list[Row]:
    """The health reports on the initiative (all, or the `limit` latest),
    newest first, with their reporter's name; with `upto`, those up to that
    version of the initiative (as they were then)."""
    h = t.health_reports
    query = (
        select(h.c.health, h.c.comment, h.c.reported_at, h.c.channel, t.persons.c.name)
        .join(t.persons, t.persons.c.id == h.c.actor_id, isouter=True)
        .where(h.c.initiative_id == initiative_id)
    )
    if upto is not None:
        query = query.where(h.c.version <= upto)
    return rows_of(conn, query.order_by(h.c.version.desc()).limit(limit))
