"""Queries of the indicators: the list with each one's latest figure, one
indicator with its areas and links, a series over time, and the history of
every figure recorded (revisions included)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, func, select

from domain.indicators.areas import area_name
from domain.indicators.values import area_kind, target_met
from projections.indicators import tables as it
from projections.store import Row, first, rows_of

TOTAL, ALL_AGES = "T", ""


def _area_order(code: str) -> tuple[int, str]:
    """Which area an indicator is shown for first: a county, the country,
    then municipalities."""
    return ({"county": 0, "country": 1}.get(area_kind(code).value, 2), code)


def areas_of(conn: Connection, indicator_id: str) -> list[Row]:
    c = it.indicator_values.c
    found = conn.execute(
        select(c.area).where(c.indicator_id == indicator_id).group_by(c.area)
    ).scalars()
    codes = sorted(found, key=_area_order)
    return [{"code": a, "name": area_name(a), "kind": area_kind(a).value} for a in codes]


def groups_of(conn: Connection, indicator_id: str, area: str) -> list[Row]:
    c = it.indicator_values.c
    query = (
        select(c.gender, c.age)
        .where(c.indicator_id == indicator_id, c.area == area)
        .group_by(c.gender, c.age)
        .order_by(c.gender.desc(), c.age)
    )
    return rows_of(conn, query)


def trend(points: list[Row]) -> str | None:
    """`up`, `down` or `flat` from the period before to the latest; None
    with fewer than two periods."""
    if len(points) < 2:
        return None
    latest, before = Decimal(points[-1]["value"]), Decimal(points[-2]["value"])
    return "up" if latest > before else "down" if latest < before else "flat"


def series(
    conn: Connection,
    indicator_id: str,
    area: str,
    gender: str = TOTAL,
    age: str = ALL_AGES,
) -> Row:
    """The values over time for one area and group, oldest first, with the
    latest, the trend and whether the latest meets the indicator's target."""
    c = it.indicator_values.c
    query = (
        select(c.period, c.value, c.number, c.revisions, c.recorded_at)
        .where(c.indicator_id == indicator_id, c.area == area, c.gender == gender, c.age == age)
        .order_by(c.period)
    )
    points = rows_of(conn, query)
    target = first(
        conn,
        select(it.indicators.c.target_value, it.indicators.c.target_direction).where(
            it.indicators.c.id == indicator_id
        ),
    ) or {"target_value": None, "target_direction": None}
    latest = points[-1] if points else None
    return {
        "area": area,
        "area_name": area_name(area),
        "gender": gender,
        "age": age,
        "points": points,
        "latest": latest,
        "trend": trend(points),
        "target_met": target_met(
            latest["value"] if latest else None,
            target["target_value"],
            target["target_direction"],
        ),
    }


def _headline(conn: Connection, indicator: Row) -> Row | None:
    """The series an indicator is shown with in a list: its first area
    (a county before the country and municipalities), all people, all ages,
    or its first group there."""
    areas = areas_of(conn, indicator["id"])
    if not areas:
        return None
    area = areas[0]["code"]
    groups = groups_of(conn, indicator["id"], area)
    group = next((g for g in groups if g == {"gender": TOTAL, "age": ALL_AGES}), groups[0])
    return series(conn, indicator["id"], area, group["gender"], group["age"])


def _links(conn: Connection, indicator_id: str) -> list[Row]:
    c = it.indicator_links.c
    query = select(c.kind, c.target_id, c.linked_at).where(c.indicator_id == indicator_id)
    return rows_of(conn, query.order_by(c.kind, c.linked_at, c.target_id))


def list_indicators(conn: Connection, *, linked_to: str | None = None) -> list[Row]:
    """Every indicator, by code, with its headline series (optionally only
    those linked to a målbild, insatsområde or initiative)."""
    query = select(it.indicators).order_by(it.indicators.c.code)
    if linked_to:
        linked = select(it.indicator_links.c.indicator_id).where(
            it.indicator_links.c.target_id == linked_to
        )
        query = query.where(it.indicators.c.id.in_(linked))
    rows = rows_of(conn, query)
    return [
        {**row, "headline": _headline(conn, row), "links": _links(conn, row["id"])} for row in rows
    ]


def get_indicator(conn: Connection, indicator_id: str) -> Row | None:
    row = first(conn, select(it.indicators).where(it.indicators.c.id == indicator_id))
    if row is None:
        return None
    count = conn.execute(
        select(func.count()).where(it.indicator_values.c.indicator_id == indicator_id)
    ).scalar_one()
    return {
        **row,
        "areas": areas_of(conn, indicator_id),
        "links": _links(conn, indicator_id),
        "values": int(count),
        "headline": _headline(conn, row),
    }


def indicator_id_by_code(conn: Connection, code: str) -> str | None:
    c = it.indicators.c
    return conn.execute(select(c.id).where(func.lower(c.code) == code.strip().lower())).scalar()


def indicator_codes(conn: Connection) -> dict[str, str]:
    """Every indicator's id by its code in lower case (for an import)."""
    c = it.indicators.c
    return {code.lower(): ident for ident, code in conn.execute(select(c.id, c.code))}


def value_history(
    conn: Connection, indicator_id: str, area: str | None = None, *, limit: int = 1000
) -> list[Row]:
    """Every figure recorded, newest first; a revision names the figure it
    replaced (`previous`)."""
    c = it.indicator_value_history.c
    query = select(it.indicator_value_history).where(c.indicator_id == indicator_id)
    if area:
        query = query.where(c.area == area)
    rows = rows_of(conn, query.order_by(c.position.desc()).limit(limit))
    return [{**r, "area_name": area_name(r["area"])} for r in rows]
