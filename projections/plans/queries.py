"""Queries of plans and organisations: lists, one plan with its structure,
narratives with their history, a part by its id."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, select

from projections.plan.queries import Page, _page, matching, person_names
from projections.plans import tables as pt
from projections.store import Row, first, rows_of


def list_organisations(
    conn: Connection,
    *,
    limit: int,
    offset: int,
    county: str | None = None,
    kind: str | None = None,
) -> Page:
    c = pt.organisations.c
    query = select(pt.organisations).order_by(c.county, c.kind, c.name)
    if county:
        query = query.where(c.county == county)
    if kind:
        query = query.where(c.kind == kind)
    return _page(conn, query, limit, offset)


def get_organisation(conn: Connection, organisation_id: str) -> Row | None:
    row = first(conn, select(pt.organisations).where(pt.organisations.c.id == organisation_id))
    if row is None:
        return None
    m = pt.organisation_members.c
    members = rows_of(
        conn, select(m.person_id, m.contact).where(m.organisation_id == organisation_id)
    )
    names = person_names(conn, [r["person_id"] for r in members])
    members = [{**r, "name": names.get(r["person_id"], "")} for r in members]
    return {**row, "members": sorted(members, key=lambda r: r["name"])}


def organisation_id_by_code(conn: Connection, code: str) -> str | None:
    c = pt.organisations.c
    return conn.execute(select(c.id).where(c.code == code)).scalar()


def organisations_by_id(conn: Connection, ids: list[str]) -> dict[str, Row]:
    if not ids:
        return {}
    c = pt.organisations.c
    rows = rows_of(conn, select(pt.organisations).where(c.id.in_(sorted(set(ids)))))
    return {r["id"]: r for r in rows}


def list_plans(conn: Connection, *, limit: int, offset: int) -> Page:
    query = select(pt.plans).order_by(pt.plans.c.first_year, pt.plans.c.code)
    return _page(conn, query, limit, offset)


def plan_id_by_code(conn: Connection, code: str) -> str | None:
    return conn.execute(select(pt.plans.c.id).where(pt.plans.c.code == code)).scalar()


def get_part(conn: Connection, part_id: str) -> Row | None:
    """A målbild, direction or insatsområde by its id (any plan)."""
    return first(conn, select(pt.plan_parts).where(pt.plan_parts.c.part_id == part_id))


def _questions(area: Row) -> list[Row]:
    return [
        {"number": int(n), "id": f"{area['code']}-{n}", **q}
        for n, q in sorted(area["questions"].items(), key=lambda kv: int(kv[0]))
    ]


def get_plan(conn: Connection, plan_id: str) -> Row | None:
    """The plan with its målbilder, directions, insatsområden (with their
    uppföljningsfrågor, activities and perspective goals), the organisations
    taking part and the years the survey was sent."""
    plan = first(conn, select(pt.plans).where(pt.plans.c.id == plan_id))
    if plan is None:
        return None
    parts = rows_of(
        conn,
        select(pt.plan_parts)
        .where(pt.plan_parts.c.plan_id == plan_id)
        .order_by(pt.plan_parts.c.position),
    )
    goals: dict[str, list[Row]] = defaultdict(list)
    for g in rows_of(
        conn,
        select(pt.plan_perspective_goals).where(pt.plan_perspective_goals.c.plan_id == plan_id),
    ):
        goals[g["scope"]].append({"perspective": g["perspective"], "goal": g["goal"]})
    a = pt.plan_activities.c
    activities: dict[str, list[Row]] = defaultdict(list)
    for row in rows_of(
        conn, select(pt.plan_activities).where(a.plan_id == plan_id).order_by(a.code)
    ):
        activities[row["area_id"]].append(row)
    o = pt.plan_organisations.c
    org_ids = list(conn.execute(select(o.organisation_id).where(o.plan_id == plan_id)).scalars())
    orgs = organisations_by_id(conn, org_ids)
    f = pt.plan_follow_ups.c
    years = list(
        conn.execute(select(f.year).where(f.plan_id == plan_id).order_by(f.year)).scalars()
    )
    areas = [
        {
            **p,
            "questions": _questions(p),
            "activities": activities.get(p["part_id"], []),
            "perspective_goals": sorted(goals.get(p["part_id"], []), key=_by_perspective),
        }
        for p in parts
        if p["kind"] == "area"
    ]
    return {
        **plan,
        "targets": [_plain(p) for p in parts if p["kind"] == "target"],
        "directions": [_plain(p) for p in parts if p["kind"] == "direction"],
        "areas": sorted(areas, key=lambda r: r["code"]),
        "perspective_goals": sorted(goals.get("plan", []), key=_by_perspective),
        "organisations": sorted(orgs.values(), key=lambda r: (r["kind"] != "region", r["name"])),
        "survey_years": years,
    }


def _by_perspective(row: Row) -> str:
    return str(row["perspective"])


def _plain(part: Row) -> Row:
    return {k: part[k] for k in ("part_id", "code", "title", "description")}


def narratives(
    conn: Connection, plan_id: str, *, area_id: str | None = None, year: int | None = None
) -> list[Row]:
    """Every revision, newest first, per area and year."""
    c = pt.plan_narratives.c
    query = matching(
        select(pt.plan_narratives).where(c.plan_id == plan_id),
        c,
        area_id=area_id,
        year=year,
    ).order_by(c.position.desc())
    rows = rows_of(conn, query)
    names = person_names(conn, [r["actor_id"] for r in rows])
    return [{**r, "actor_name": names.get(r["actor_id"], "")} for r in rows]


def latest_narratives(conn: Connection, plan_id: str, year: int) -> dict[str, Row]:
    """The latest narrative per insatsområde for the year."""
    found: dict[str, Row] = {}
    for row in narratives(conn, plan_id, year=year):
        found.setdefault(row["area_id"], row)
    return found


def follow_up(conn: Connection, plan_id: str, year: int) -> Row | None:
    c = pt.plan_follow_ups.c
    return first(conn, select(pt.plan_follow_ups).where(c.plan_id == plan_id, c.year == year))


def plan_of_area(conn: Connection, area_id: str) -> str | None:
    part = get_part(conn, area_id)
    return None if part is None else str(part["plan_id"])
