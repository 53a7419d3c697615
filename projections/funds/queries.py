"""Queries of the fund ledger: agreements, balances, bookings, ledger lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from sqlalchemy import Connection, Select, case, func, select

from domain.funds.effects import TOTALS
from domain.funds.values import area_name
from projections import tables as t
from projections.amounts import format_mnkr, format_sek
from projections.funds import tables as ft
from projections.plan.queries import Page, _page, matching, person_names
from projections.store import Row, first, rows_of

# Ledger lines on a grant's page; older ones a page at a time.
LINES_SHOWN = 50


def with_balances(row: Row) -> Row:
    """A grant (or any sum of lines) with what is unbooked and unspent, and in words."""
    unbooked = row["granted"] - row["booked"] - row["repaid"]
    unspent = row["granted"] - row["spent"] - row["repaid"]
    out = {**row, "unbooked": unbooked, "unspent": unspent}
    out["sek"] = {k: format_sek(out[k]) for k in (*TOTALS, "unbooked", "unspent")}
    out["mnkr"] = format_mnkr(row["granted"])
    return out


def list_agreements(conn: Connection, *, limit: int, offset: int) -> Page:
    query = select(ft.fund_agreements).order_by(
        ft.fund_agreements.c.first_year, ft.fund_agreements.c.reference
    )
    return _page(conn, query, limit, offset)


def get_agreement(conn: Connection, agreement_id: str) -> Row | None:
    row = first(conn, select(ft.fund_agreements).where(ft.fund_agreements.c.id == agreement_id))
    if row is None:
        return None
    grants = list_grants(conn, agreement_id=agreement_id, limit=10_000, offset=0).items
    return {**row, "grants": grants}


def agreement_id_by_reference(conn: Connection, reference: str) -> str | None:
    c = ft.fund_agreements.c
    return conn.execute(select(c.id).where(func.lower(c.reference) == reference.lower())).scalar()


class GrantFilter(TypedDict, total=False):
    agreement_id: str | None
    year: int | None
    area: str | None
    principal: str | None  # any case


def list_grants(conn: Connection, *, limit: int, offset: int, **where: Unpack[GrantFilter]) -> Page:
    c = ft.fund_grants.c
    query = select(ft.fund_grants).order_by(c.year, c.area, c.principal)
    query = matching(
        query,
        c,
        agreement_id=where.get("agreement_id"),
        year=where.get("year"),
        area=where.get("area"),
    )
    if principal := where.get("principal"):
        query = query.where(func.lower(c.principal) == principal.lower())
    page = _page(conn, query, limit, offset)
    items = [{**with_balances(r), "area_name": area_name(r["area"])} for r in page.items]
    return Page(items=items, total=page.total, limit=page.limit, offset=page.offset)


def get_grant(conn: Connection, grant_id: str) -> Row | None:
    """The grant with its bookings and every ledger line (the API's, the CLI's)."""
    row = grant_with_bookings(conn, grant_id)
    return None if row is None else {**row, "lines": ledger_lines(conn, grant_id)}


def grant_with_bookings(conn: Connection, grant_id: str) -> Row | None:
    """The grant with its balances and bookings, without its ledger lines
    (the web page reads those a page at a time: `ledger_window`)."""
    row = first(conn, select(ft.fund_grants).where(ft.fund_grants.c.id == grant_id))
    if row is None:
        return None
    b = ft.fund_bookings.c
    bookings = rows_of(
        conn,
        select(ft.fund_bookings, t.initiatives.c.code, t.initiatives.c.title)
        .join(t.initiatives, t.initiatives.c.id == b.initiative_id, isouter=True)
        .where(b.grant_id == grant_id)
        .order_by(b.booked_on, b.entry_id),
    )
    return {
        **with_balances(row),
        "area_name": area_name(row["area"]),
        "bookings": [_booking(r) for r in bookings],
    }


def _booking(row: Row) -> Row:
    left = row["amount"] - row["spent"]
    return {
        **row,
        "left": left,
        "sek": {k: format_sek(row[k]) for k in ("amount", "spent")} | {"left": format_sek(left)},
    }


def ledger_lines(conn: Connection, grant_id: str) -> list[Row]:
    """The grant's lines in the order recorded, with the running balance
    (granted − spent − repaid: what is still unspent) after each."""
    e = ft.fund_entries.c
    rows = rows_of(conn, select(ft.fund_entries).where(e.grant_id == grant_id).order_by(e.position))
    return running(conn, rows)


def running(conn: Connection, rows: list[Row], start: int = 0) -> list[Row]:
    """Rows of one grant's lines in order, each with the balance after it
    (`start`: the balance before the first)."""
    names = person_names(conn, [r["actor_id"] for r in rows])
    balance: dict[str, int] = {}
    out = []
    for row in rows:
        key = row["grant_id"]
        balance[key] = balance.get(key, start) + row["d_granted"] - row["d_spent"] - row["d_repaid"]
        out.append(
            {
                **row,
                "balance": balance[key],
                "balance_sek": format_sek(balance[key]),
                "amount_sek": format_sek(row["amount"]),
                "actor_name": names.get(row["actor_id"], row["actor_id"]),
            }
        )
    return out


@dataclass(frozen=True)
class LedgerWindow:
    """A page of a grant's ledger: the lines (oldest first, each with the
    balance after it), the cursor for the lines before them (None: these
    are the first) and the number of lines in all."""

    lines: list[Row]
    older: int | None
    total: int


def ledger_window(
    conn: Connection,
    grant_id: str,
    *,
    before: int | None = None,
    upto: int | None = None,
    limit: int = LINES_SHOWN,
) -> LedgerWindow:
    """The latest `limit` lines of the grant recorded before log position
    `before` (None: the latest of all), as the ledger was at position `upto`
    (None: now). Lines are only ever added, and a reversal only marks the
    line it reverses (the reversal is a line itself), so the ledger then is
    the lines up to `upto` without the marks made later. The balance before
    the page is summed in SQL. Two queries, whatever the ledger's length."""
    e = ft.fund_entries.c
    later = ft.fund_entries.alias("reversal")
    mine = [e.grant_id == grant_id] + ([] if upto is None else [e.position <= upto])
    query = (
        select(ft.fund_entries, later.c.position.label("reversed_at"))
        .join(
            later,
            (later.c.grant_id == e.grant_id) & (later.c.entry_id == e.reversed_by),
            isouter=True,
        )
        .where(*mine)
        .order_by(e.position.desc())
        .limit(limit + 1)
    )
    if before is not None:
        query = query.where(e.position < before)
    rows = rows_of(conn, query)
    older = rows[limit - 1]["position"] if len(rows) > limit else None
    rows = rows[:limit][::-1]
    first = rows[0]["position"] if rows else 0
    effect = case((e.position < first, e.d_granted - e.d_spent - e.d_repaid), else_=0)
    total, start = conn.execute(select(func.count(), func.sum(effect)).where(*mine)).one()
    for row in rows:
        reversed_at = row.pop("reversed_at")
        if upto is not None and reversed_at is not None and reversed_at > upto:
            row["reversed_by"] = None
    return LedgerWindow(running(conn, rows, int(start or 0)), older, int(total or 0))


def ledger_page(
    conn: Connection, *, grant_id: str | None, after: int | None, limit: int
) -> tuple[list[Row], int | None]:
    e = ft.fund_entries.c
    query = select(ft.fund_entries).order_by(e.position).limit(limit + 1)
    if grant_id:
        query = query.where(e.grant_id == grant_id)
    if after:
        query = query.where(e.position > after)
    rows = rows_of(conn, query)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1]["position"] if more and rows else None)


def bookings_by_initiative(conn: Connection, initiative_id: str | None = None) -> list[Row]:
    """What is booked and spent per initiative (or per activity without one)."""
    return with_sek(rows_of(conn, bookings_query(initiative_id=initiative_id)))


def bookings_query(*, initiative_id: str | None = None) -> Select[Any]:
    b, g = ft.fund_bookings.c, ft.fund_grants.c
    per: tuple[Any, ...] = (
        b.initiative_id,
        b.activity,
        t.initiatives.c.code,
        t.initiatives.c.title,
    )
    per += (g.area, g.year, g.principal)
    query = (
        select(*per, func.sum(b.amount).label("booked"), func.sum(b.spent).label("spent"))
        .join(ft.fund_grants, g.id == b.grant_id)
        .join(t.initiatives, t.initiatives.c.id == b.initiative_id, isouter=True)
        .where(b.reversed.is_(False))
        .group_by(*per)
        .order_by(g.year, g.area, t.initiatives.c.code, b.activity, g.principal, b.initiative_id)
    )
    if initiative_id:
        query = query.where(b.initiative_id == initiative_id)
    return query


def with_sek(rows: list[Row]) -> list[Row]:
    """Booked and spent as integers and in words."""
    for row in rows:
        row["booked"], row["spent"] = int(row["booked"]), int(row["spent"])
        row["sek"] = {"booked": format_sek(row["booked"]), "spent": format_sek(row["spent"])}
    return rows


def list_submissions(conn: Connection, *, year: int | None = None) -> list[Row]:
    return rows_of(conn, submissions_query(year=year))


def submissions_query(*, year: int | None = None) -> Select[Any]:
    query = select(ft.fund_reports).order_by(ft.fund_reports.c.position, ft.fund_reports.c.id)
    if year:
        query = query.where(ft.fund_reports.c.year == year)
    return query


def get_submission(conn: Connection, report_id: str) -> Row | None:
    return first(conn, select(ft.fund_reports).where(ft.fund_reports.c.id == report_id))
