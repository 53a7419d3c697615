"""The pages' rows of one aggregate as it was (`projections.timetravel`), in
the shapes the live queries give (`plan.queries.get_initiative`,
`funds.queries.get_grant`), and what differs between then and now.

What belongs to the aggregate comes from its events; what the page shows of
others is read as it is now: people's names (a forgotten person stays
forgotten in the past too), the arena's code, the initiatives a booking
names. An initiative's decisions are other aggregates: those recorded by
then, in the state they were in then (revoked or superseded by then).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from domain.funds.values import area_name
from projections import tables as t
from projections.amounts import format_sek
from projections.funds import tables as ft
from projections.funds.queries import _booking, ledger_window, with_balances
from projections.meetings import tables as mt
from projections.plan.queries import person_names
from projections.store import Row, rows_of
from projections.timetravel import Past

# Fields of an initiative and of a grant compared between then and now.
INITIATIVE_FIELDS = ("title", "status", "health", "health_comment", "background", "goal")
INITIATIVE_LISTS = ("objectives", "perspectives")
GRANT_FIELDS = ("granted", "requisitioned", "booked", "spent", "repaid", "unbooked", "unspent")


def _without(row: Row, key: str) -> Row:
    return {k: v for k, v in row.items() if k != key}


def initiative_then(conn: Connection, past: Past) -> Row | None:
    row = past.rows.tables.get(t.initiatives.name, {}).get((past.key,))
    if row is None:
        return None
    milestones = sorted(
        (_without(m, "initiative_id") for m in past.table(t.milestones.name)),
        key=lambda m: (m["due_date"] is None, m["due_date"] or "", m["added_at"]),
    )
    taking_part = past.table(t.initiative_participants.name)
    names = person_names(conn, [p["person_id"] for p in taking_part])
    participants = sorted(
        (
            {"person_id": p["person_id"], "role": p["role"], "name": names.get(p["person_id"])}
            for p in taking_part
        ),
        key=lambda p: (p["name"] or "", p["person_id"]),
    )
    links = sorted(
        (_without(x, "initiative_id") for x in past.table(t.initiative_links.name)),
        key=lambda x: x["title"],
    )
    arena = conn.execute(select(t.arenas.c.code).where(t.arenas.c.id == row["arena_id"])).scalar()
    decisions, count = decisions_then(conn, past.key, past.at)
    return {
        **row,
        "arena_code": arena,
        "milestones": milestones,
        "participants": participants,
        "links": links,
        "decisions": decisions,
        "decisions_count": count,
    }


def initiative_now(conn: Connection, initiative_id: str) -> Row | None:
    """What the difference from now needs of the initiative now: the live
    row and its parts (`get_initiative` without the decisions, which are
    not compared: an initiative followed for years has hundreds)."""
    row = conn.execute(select(t.initiatives).where(t.initiatives.c.id == initiative_id))
    found = row.mappings().first()
    if found is None:
        return None
    parts: dict[str, list[Row]] = {}
    for table in (t.milestones, t.initiative_links):
        columns = [c for c in table.c if c.name != "initiative_id"]
        parts[table.name] = rows_of(
            conn, select(*columns).where(table.c.initiative_id == initiative_id)
        )
    p = t.initiative_participants.c
    participants = rows_of(
        conn,
        select(p.person_id, p.role, t.persons.c.name)
        .join(t.persons, t.persons.c.id == p.person_id, isouter=True)
        .where(p.initiative_id == initiative_id),
    )
    return {
        **found,
        "milestones": parts[t.milestones.name],
        "participants": participants,
        "links": parts[t.initiative_links.name],
    }


# An initiative as it was carries its latest decisions then (the page shows
# ten, as the live page does) and how many it had.
DECISIONS_THEN = 10


def decisions_then(
    conn: Connection, initiative_id: str, at: datetime, shown: int = DECISIONS_THEN
) -> tuple[list[Row], int]:
    """The latest `shown` decisions recorded by `at` (oldest first), each in
    the state it was in then, and how many there were."""
    d = t.decisions.c
    linked = (
        select(d.id, d.text, d.decision_date, d.revoked_on, d.superseded_by)
        .add_columns(func.count().over().label("count"))  # all of them, in the same query
        .join(t.decision_initiatives, t.decision_initiatives.c.decision_id == d.id)
        .where(t.decision_initiatives.c.initiative_id == initiative_id)
        .where(d.recorded_at <= at.isoformat())
    )
    found = rows_of(conn, linked.order_by(d.decision_date.desc(), d.id).limit(shown))
    count = found[0]["count"] if found else 0
    later = {r["superseded_by"] for r in found if r["superseded_by"]}
    known = set()
    if later:
        query = select(d.id).where(d.id.in_(later), d.recorded_at <= at.isoformat())
        known = {r[0] for r in conn.execute(query)}
    day = at.date().isoformat()
    out = []
    for row in reversed(found):
        state = "in-force"
        if row["revoked_on"] and row["revoked_on"] <= day:
            state = "revoked"
        elif row["superseded_by"] in known:
            state = "superseded"
        out.append({"id": row["id"], "text": row["text"], "decision_date": row["decision_date"],
                    "state": state})  # fmt: skip
    return out, int(count)


def arena_then(conn: Connection, past: Past) -> Row | None:
    """An arena as it was: its name, its members then (names as now), and
    the initiatives created in it by then (each as it was is a page of its own)."""
    row = past.rows.tables.get(t.arenas.name, {}).get((past.key,))
    if row is None:
        return None
    members = past.table(t.arena_members.name)
    p = t.persons.c
    wanted = [m["person_id"] for m in members]
    people: dict[str, Row] = {}
    if wanted:
        found = conn.execute(
            select(p.id, p.name, p.organisation, p.forgotten).where(p.id.in_(wanted))
        )
        people = {r[0]: {"name": None if r[3] else r[1], "organisation": r[2]} for r in found}
    shown = [
        {"person_id": m["person_id"], "role": m["role"], "name": None, "organisation": None}
        | people.get(m["person_id"], {})
        for m in members
    ]
    i = t.initiatives.c
    initiatives = rows_of(
        conn,
        select(i.id, i.code, i.title)
        .where(i.arena_id == past.key, i.created_at <= past.at.isoformat())
        .order_by(i.code),
    )
    return {
        **row,
        "members": sorted(shown, key=lambda m: (m["name"] or "", m["person_id"])),
        "initiatives": initiatives,
    }


def arena_diff(then: Row, now: Row) -> list[Row]:
    out = [_changed(f, then.get(f), now.get(f)) for f in ("name", "description")
           if then.get(f) != now.get(f)]  # fmt: skip

    def only(rows: list[Row], *keys: str) -> list[Row]:
        return [{k: r.get(k) for k in keys} for r in rows]

    people = ("person_id", "role", "name")
    members = only(then["members"], *people), only(now["members"], *people)
    out += _parts("members", *members, "person_id", "name")
    named = ("id", "code", "title")
    initiatives = only(then["initiatives"], *named), only(now["initiatives"], *named)
    out += _parts("initiatives", *initiatives, "id", "code")
    return out


def arena_look(rows: Any) -> Row:
    """What the timeline shows of an arena after an event."""
    (row,) = rows.tables[t.arenas.name].values()
    return {"name": row["name"], "members": len(rows.tables.get(t.arena_members.name, {}))}


def series_then(conn: Connection, past: Past) -> Row | None:
    """A meeting series as it was: its rules, who runs it, who is invited
    (names as now)."""
    row = past.rows.tables.get("meeting_series", {}).get((past.key,))
    if row is None:
        return None
    return _series_shape(conn, row, past.table("series_invitees"))


def series_now(conn: Connection, series_id: str) -> Row | None:
    row = conn.execute(select(mt.meeting_series).where(mt.meeting_series.c.id == series_id))
    found = row.mappings().first()
    if found is None:
        return None
    invited = rows_of(
        conn, select(mt.series_invitees).where(mt.series_invitees.c.series_id == series_id)
    )
    return _series_shape(conn, dict(found), invited)


def _series_shape(conn: Connection, row: Row, invited: list[Row]) -> Row:
    ids = [row["moderator_id"], row["secretary_id"], *(i["person_id"] for i in invited)]
    names = person_names(conn, [str(i) for i in ids if i])
    invitees = sorted(
        ({"person_id": str(i["person_id"]), "name": names.get(str(i["person_id"]))}
         for i in invited),
        key=lambda i: (i["name"] or "", i["person_id"]),
    )  # fmt: skip
    return {
        **row,
        "moderator": names.get(str(row["moderator_id"])),
        "secretary": names.get(str(row["secretary_id"])) if row["secretary_id"] else None,
        "invitees": invitees,
        "rule_days": ", ".join(str(r["effective_from"]) for r in row["rules"]),
    }


SERIES_FIELDS = ("title", "moderator", "secretary", "location", "video_link", "until", "ended_on",
                 "rule_days")  # fmt: skip


def series_diff(then: Row, now: Row) -> list[Row]:
    out = [_changed(f, then.get(f), now.get(f)) for f in SERIES_FIELDS
           if then.get(f) != now.get(f)]  # fmt: skip
    out += _parts("invitees", then["invitees"], now["invitees"], "person_id", "name")
    return out


def series_look(rows: Any) -> Row:
    """What the timeline shows of a series after an event."""
    (row,) = rows.tables["meeting_series"].values()
    return {
        "title": row["title"],
        "rules": len(row["rules"]),
        "invitees": len(rows.tables.get("series_invitees", {})),
        "ended_on": row["ended_on"],
    }


def grant_now(conn: Connection, grant_id: str, after: int = 0, shown: int = 25) -> Row | None:
    """What the difference from now needs of the grant now: its balances,
    its first `shown` ledger lines after log position `after` (those since
    the moment) and how many there are."""
    row = conn.execute(select(ft.fund_grants).where(ft.fund_grants.c.id == grant_id))
    found = row.mappings().first()
    if found is None:
        return None
    e = ft.fund_entries.c
    counted = func.count().over().label("count")
    # `position + 0`: found by the grant's key (a grant has hundreds of
    # lines), not by walking the log-wide position index past the moment
    # (PostgreSQL did: 14 ms on the bench's ledger).
    later = e.position + 0
    first = (
        select(ft.fund_entries, counted)
        .where(e.grant_id == grant_id, later > after)
        .order_by(later)
        .limit(shown)
    )
    since = rows_of(conn, first)
    count = since[0]["count"] if since else 0
    lines = [{**_without(x, "count"), "amount_sek": format_sek(x["amount"])} for x in since]
    return {**with_balances(dict(found)), "lines": lines, "lines_since": int(count)}


def grant_then(conn: Connection, past: Past, before: int | None = None) -> Row | None:
    """The grant then, with the page of its ledger as it was that ends
    before log position `before` (None: its latest lines then)."""
    row = past.rows.tables.get("fund_grants", {}).get((past.key,))
    if row is None:
        return None
    bookings = sorted(past.table("fund_bookings"), key=lambda b: (b["booked_on"], b["entry_id"]))
    wanted = {b["initiative_id"] for b in bookings if b["initiative_id"]}
    named: dict[str, Row] = {}
    if wanted:
        i = t.initiatives.c
        for found in conn.execute(select(i.id, i.code, i.title).where(i.id.in_(wanted))):
            named[found[0]] = {"code": found[1], "title": found[2]}
    window = ledger_window(conn, past.key, before=before, upto=past.position)
    return {
        **with_balances(row),
        "area_name": area_name(row["area"]),
        "bookings": [
            _booking({**b, **named.get(b["initiative_id"] or "", {"code": None, "title": None})})
            for b in bookings
        ],
        "lines": window.lines,
        "older": window.older,
        "line_count": window.total,
    }


# -- then and now ---------------------------------------------------------------------


def _changed(name: str, then: Any, now: Any) -> Row:
    return {"field": name, "then": then, "now": now}


def _by(rows: Iterable[Row], key: str) -> dict[str, Row]:
    return {str(r[key]): r for r in rows}


def _parts(name: str, then: list[Row], now: list[Row], key: str, say: str) -> list[Row]:
    """Parts added, removed or changed (`say`: the field that names one)."""
    before, after = _by(then, key), _by(now, key)
    out = [_changed(name, None, after[k][say]) for k in after if k not in before]
    out += [_changed(name, before[k][say], None) for k in before if k not in after]
    for k in before.keys() & after.keys():
        if before[k] != after[k]:
            out.append(_changed(name, _part_text(before[k], say), _part_text(after[k], say)))
    return out


def _part_text(row: Row, say: str) -> str:
    keys = ("title", "due_text", "completed_on", "role", "url")
    extra = [str(row[k]) for k in keys if row.get(k) and k != say]
    return " – ".join([str(row[say]), *extra])


def initiative_diff(then: Row, now: Row) -> list[Row]:
    """What differs between the initiative then and now, field by field."""
    out = [_changed(f, then.get(f), now.get(f)) for f in INITIATIVE_FIELDS
           if then.get(f) != now.get(f)]  # fmt: skip
    out += [
        _changed(f, ", ".join(then.get(f) or []), ", ".join(now.get(f) or []))
        for f in INITIATIVE_LISTS
        if list(then.get(f) or []) != list(now.get(f) or [])
    ]
    out += _parts("milestones", then["milestones"], now["milestones"], "milestone_id", "title")
    participants = ("participants", then["participants"], now["participants"])
    out += _parts(*participants, "person_id", "name")
    out += _parts("links", then["links"], now["links"], "link_id", "title")
    return out


def grant_diff(then: Row, now: Row) -> list[Row]:
    """The balances that differ, in words, and the first lines recorded since
    (`now["lines_since"]`: how many there are)."""
    out = [_changed(f, then["sek"][f], now["sek"][f]) for f in GRANT_FIELDS
           if then[f] != now[f]]  # fmt: skip
    out += [
        _changed("lines", None, f"{line['business_date']} {line['kind']} {line['amount_sek']}")
        for line in now["lines"]
    ]
    return out


def initiative_look(rows: Any) -> Row:
    """What the timeline shows of an initiative after an event."""
    tables = rows.tables
    (row,) = tables[t.initiatives.name].values()
    return {
        "title": row["title"],
        "status": row["status"],
        "health": row["health"],
        "milestones": len(tables.get(t.milestones.name, {})),
        "done": sum(1 for m in tables.get(t.milestones.name, {}).values() if m["completed_on"]),
        "participants": len(tables.get(t.initiative_participants.name, {})),
        "links": len(tables.get(t.initiative_links.name, {})),
    }


def grant_look(rows: Any) -> Row:
    """What the timeline shows of a grant after an event: its balances."""
    (row,) = rows.tables["fund_grants"].values()
    return with_balances(row)["sek"]  # type: ignore[no-any-return]
