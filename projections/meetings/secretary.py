"""What the secretary's meeting page reads of its series: the series row and
its people (those invited and the members of its arena, with their names),
in two queries. The page asks for them every few seconds while a meeting is
on (the record polls), so the statements are built once, with their
parameters bound at each call."""

from __future__ import annotations

from sqlalchemy import (
    Connection,
    Integer,
    String,
    bindparam,
    cast,
    literal,
    literal_column,
    null,
    select,
    union_all,
)

from projections import tables as t
from projections.meetings import tables as mt
from projections.store import Row

_INVITED = mt.series_invitees
_SERIES = select(mt.meeting_series).where(mt.meeting_series.c.id == bindparam("series_id"))
_PEOPLE = union_all(
    select(
        literal(1).label("invited"),
        _INVITED.c.person_id,
        _INVITED.c.since,
        _INVITED.c.since_revision,
        t.persons.c.name,
    )
    .join(t.persons, t.persons.c.id == _INVITED.c.person_id, isouter=True)
    .where(_INVITED.c.series_id == bindparam("series_id")),
    select(
        literal(0).label("invited"),
        t.arena_members.c.person_id,
        cast(null(), String),
        cast(null(), Integer),
        t.persons.c.name,
    )
    .join(t.persons, t.persons.c.id == t.arena_members.c.person_id, isouter=True)
    .where(t.arena_members.c.arena_id == bindparam("arena_id")),
).order_by(literal_column("invited").desc(), literal_column("name"), literal_column("person_id"))


def series_row(conn: Connection, series_id: str) -> Row | None:
    """The series without its history, with `invitees` (as `get_series`
    has them, by name) and `members`: the name of each member of its arena
    (None: not known), by person id."""
    found = conn.execute(_SERIES, {"series_id": series_id}).mappings().first()
    if found is None:
        return None
    row: Row = {str(k): v for k, v in found.items()}
    invited: list[Row] = []
    members: dict[str, str | None] = {}
    people = conn.execute(_PEOPLE, {"series_id": series_id, "arena_id": row["arena_id"]})
    for p in people:
        if p.invited:
            invited.append(
                {
                    "person_id": p.person_id,
                    "since": p.since,
                    "since_revision": p.since_revision,
                    "name": p.name,
                }
            )
        else:
            members[str(p.person_id)] = p.name
    row["invitees"] = invited
    row["members"] = members
    return row


_RUN = (
    select(
        mt.meeting_series,
        t.arenas.c.code.label("arena_code"),
        t.arenas.c.name.label("arena_name"),
    )
    .join(t.arenas, t.arenas.c.id == mt.meeting_series.c.arena_id, isouter=True)
    .where(
        mt.meeting_series.c.arena_id.in_(bindparam("arenas", expanding=True))
        | (
            mt.meeting_series.c.id.in_(
                select(_INVITED.c.series_id).where(_INVITED.c.person_id == bindparam("person"))
            )
            & (
                (mt.meeting_series.c.moderator_id == bindparam("person"))
                | (mt.meeting_series.c.secretary_id == bindparam("person"))
            )
        )
    )
    .order_by(mt.meeting_series.c.title, mt.meeting_series.c.id)
)


def series_run_by(conn: Connection, arenas: list[str], person_id: str) -> list[Row]:
    """The series of these arenas, and those the person is invited to and
    moderates or keeps the minutes of, by title, each with its arena's
    `arena_code` and `arena_name` (the series list): one query."""
    found = conn.execute(_RUN, {"arenas": arenas, "person": person_id}).mappings()
    return [{str(k): v for k, v in row.items()} for row in found]
