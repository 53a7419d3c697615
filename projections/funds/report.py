"""Återrapportering: the yearly fund report, live or as known at a moment.

A report is *for* a year — the grants of that year and their ledger lines
with a business date up to 31 December (what is unspent then is to repay or
carry over) — and *as known* at a log position: live from the read tables,
or from the events recorded up to a moment (or position) replayed in memory.
Both feed the same `build_report`, which states the position and the hash
chain link it was computed from, and a SHA-256 of its own canonical JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select

from domain.funds.effects import TOTALS
from domain.funds.values import EntryKind
from domain.values import Perspective, Status
from projections import tables as t
from projections.funds import tables as ft
from projections.funds.follow_up import (
    build_follow_up,
    follow_up_changes,
    follow_up_from_memory,
    read_follow_up,
)
from projections.store import MemoryRowStore, Row, rows_of

FIGURES = (*TOTALS, "unbooked", "unspent")


@dataclass(frozen=True)
class ReportQuery:
    year: int
    principal: str | None = None
    area: str | None = None
    # A plan's id: the report then carries the plan's follow-up of the year.
    plan: str | None = None

    def wants(self, grant: Row) -> bool:
        return (
            grant["year"] == self.year
            and (
                self.principal is None or grant["principal"].casefold() == self.principal.casefold()
            )
            and (self.area is None or grant["area"] == self.area)
        )

    @property
    def plan_uuid(self) -> UUID | None:
        return None if self.plan is None else UUID(self.plan)

    @property
    def last_day(self) -> str:
        return f"{self.year}-12-31"


@dataclass
class Sources:
    """The rows a report reads, from the live tables or from memory."""

    agreements: list[Row] = field(default_factory=list)
    grants: list[Row] = field(default_factory=list)
    entries: list[Row] = field(default_factory=list)
    bookings: list[Row] = field(default_factory=list)
    initiatives: list[Row] = field(default_factory=list)
    milestones: list[Row] = field(default_factory=list)
    decisions: list[Row] = field(default_factory=list)
    decision_links: list[Row] = field(default_factory=list)
    follow_up: Row | None = None  # read_follow_up's rows, when a plan is asked for


def sources_from_db(conn: Connection, query: ReportQuery) -> tuple[Sources, int]:
    """The rows the report needs and the view position they are consistent with."""
    for _attempt in range(10):
        before = _position(conn)
        src = _read_db(conn, query)
        if _position(conn) == before:
            return src, before
        conn.rollback()
    raise RuntimeError("the read model kept moving; try again")


def _position(conn: Connection) -> int:
    found = conn.execute(select(t.tracking.c.position).where(t.tracking.c.name == "views"))
    return int(found.scalar() or 0)


def _read_db(conn: Connection, query: ReportQuery) -> Sources:
    g, e, b = ft.fund_grants.c, ft.fund_entries.c, ft.fund_bookings.c
    grants = [
        r
        for r in rows_of(conn, select(ft.fund_grants).where(g.year == query.year))
        if query.wants(r)
    ]
    ids = [r["id"] for r in grants]
    entries: list[Row] = []
    bookings: list[Row] = []
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        entries += rows_of(
            conn,
            select(ft.fund_entries).where(e.grant_id.in_(chunk), e.business_date <= query.last_day),
        )
        bookings += rows_of(conn, select(ft.fund_bookings).where(b.grant_id.in_(chunk)))
    wanted = {r["initiative_id"] for r in bookings if r["initiative_id"]}
    linked = rows_of(
        conn,
        select(t.decision_initiatives).where(t.decision_initiatives.c.initiative_id.in_(wanted)),
    )
    decision_ids = {r["decision_id"] for r in linked}
    return Sources(
        agreements=rows_of(conn, select(ft.fund_agreements)),
        grants=grants,
        entries=entries,
        bookings=bookings,
        initiatives=rows_of(conn, select(t.initiatives).where(t.initiatives.c.id.in_(wanted))),
        milestones=rows_of(
            conn, select(t.milestones).where(t.milestones.c.initiative_id.in_(wanted))
        ),
        decisions=rows_of(conn, select(t.decisions).where(t.decisions.c.id.in_(decision_ids))),
        decision_links=linked,
        follow_up=read_follow_up(conn, query.plan, query.year) if query.plan else None,
    )


def sources_from_memory(store: MemoryRowStore, query: ReportQuery | None = None) -> Sources:
    plan = query.plan if query else None
    return Sources(
        agreements=store.rows(ft.fund_agreements),
        grants=store.rows(ft.fund_grants),
        entries=store.rows(ft.fund_entries),
        bookings=store.rows(ft.fund_bookings),
        initiatives=store.rows(t.initiatives),
        milestones=store.rows(t.milestones),
        decisions=store.rows(t.decisions),
        decision_links=store.rows(t.decision_initiatives),
        follow_up=follow_up_from_memory(store, plan, query.year) if query and plan else None,
    )


def _sums(lines: Iterable[Row]) -> dict[str, int]:
    sums = dict.fromkeys(TOTALS, 0)
    for line in lines:
        for name in TOTALS:
            sums[name] += line[f"d_{name}"]
    sums["unbooked"] = sums["granted"] - sums["booked"] - sums["repaid"]
    sums["unspent"] = sums["granted"] - sums["spent"] - sums["repaid"]
    return sums


@dataclass(frozen=True)
class Words:
    """How the report's words read: its title, a value (a status, a kind of
    entry, a perspective) and an area's name. The services layer says them
    from the catalogs, in Swedish: the report's JSON is a public contract."""

    title: str
    value: Callable[[Enum], str]
    area: Callable[[str], str]


Money = Callable[[int], str]
"""An amount in öre as people read it."""


def build_report(
    src: Sources,
    query: ReportQuery,
    *,
    log_position: int,
    chain_link: str,
    words: Words,
    as_of: str | None = None,
) -> dict[str, Any]:
    grants = {g["id"]: g for g in src.grants if query.wants(g)}
    lines = sorted(
        (
            e
            for e in src.entries
            if e["grant_id"] in grants and e["business_date"] <= query.last_day
        ),
        key=lambda e: (e["business_date"], e["position"]),
    )
    by_grant: dict[str, list[Row]] = defaultdict(list)
    for line in lines:
        by_grant[line["grant_id"]].append(line)
    areas = []
    for area in sorted({g["area"] for g in grants.values()}):
        in_area = sorted(
            (g for g in grants.values() if g["area"] == area), key=lambda g: g["principal"]
        )
        area_lines = [line for g in in_area for line in by_grant[g["id"]]]
        activities = _activities(src, [g["id"] for g in in_area], area_lines, words)
        areas.append(
            {
                "area": area,
                "name": words.area(area),
                **_sums(area_lines),
                "grants": [
                    {
                        "grant_id": g["id"],
                        "principal": g["principal"],
                        "principal_kind": g["principal_kind"],
                        "county": g["county"],
                        **_sums(by_grant[g["id"]]),
                    }
                    for g in in_area
                ],
                "activities": activities,
                "perspectives": _perspectives(activities, words),
            }
        )
    agreement_ids = {g["agreement_id"] for g in grants.values()}
    report: dict[str, Any] = {
        "report": words.title,
        "year": query.year,
        "principal": query.principal,
        "area": query.area,
        "currency": "SEK",
        "amounts_in": "öre",
        "source": {"log_position": log_position, "chain_link": chain_link, "as_of": as_of},
        "agreements": [
            {k: a[k] for k in ("id", "reference", "title", "first_year", "last_year")}
            for a in sorted(src.agreements, key=lambda a: a["reference"])
            if a["id"] in agreement_ids
        ],
        "areas": areas,
        "totals": _sums(lines),
        "lines": [_line(line, grants[line["grant_id"]], words) for line in lines],
    }
    if query.plan is not None:  # a report without a plan stays as it always was
        report["plan"] = query.plan
        report["follow_up"] = src.follow_up and build_follow_up(src.follow_up, words.value)
    report["report_sha256"] = report_sha256(report)
    return report


def _line(line: Row, grant: Row, words: Words) -> Row:
    return {
        "position": line["position"],
        "recorded_at": line["recorded_at"],
        "business_date": line["business_date"],
        "grant_id": line["grant_id"],
        "entry_id": line["entry_id"],
        "principal": grant["principal"],
        "area": grant["area"],
        "kind": line["kind"],
        "kind_sv": words.value(EntryKind(line["kind"])),
        "amount": line["amount"],
        **{name: line[f"d_{name}"] for name in TOTALS},
        "booking_id": line["booking_id"],
        "voucher": line["voucher"],
        "reference": line["reference"],
        "note": line["note"],
        "reverses": line["reverses"],
        "reversed_by": line["reversed_by"],
    }


def _activities(src: Sources, grant_ids: list[str], lines: list[Row], words: Words) -> list[Row]:
    """What the area's money was booked to: initiatives (status, progress,
    decisions) or named activities, with what was booked and spent."""
    wanted = set(grant_ids)
    bookings = {(b["grant_id"], b["entry_id"]): b for b in src.bookings if b["grant_id"] in wanted}
    sums: dict[str, dict[str, int]] = defaultdict(lambda: {"booked": 0, "spent": 0})
    keys: dict[str, tuple[str | None, str]] = {}
    for line in lines:
        booking = bookings.get((line["grant_id"], line["booking_id"]))
        if booking is None:
            continue
        key = booking["initiative_id"] or f"activity:{booking['activity']}"
        keys[key] = (booking["initiative_id"], booking["activity"])
        sums[key]["booked"] += line["d_booked"]
        sums[key]["spent"] += line["d_spent"]
    initiatives = {i["id"]: i for i in src.initiatives}
    out = []
    for key in sorted(keys):
        initiative_id, activity = keys[key]
        row: Row = {"initiative_id": initiative_id, "activity": activity, **sums[key]}
        initiative = initiatives.get(initiative_id or "")
        if initiative is not None:
            row.update(_initiative(src, initiative, words))
        out.append(row)
    return sorted(out, key=lambda r: (r.get("code") or "~", r["activity"]))


def _initiative(src: Sources, initiative: Row, words: Words) -> Row:
    key = initiative["id"]
    milestones = [m for m in src.milestones if m["initiative_id"] == key]
    decided = {d["decision_id"] for d in src.decision_links if d["initiative_id"] == key}
    decisions = sorted(
        (d for d in src.decisions if d["id"] in decided),
        key=lambda d: (d["decision_date"], d["id"]),
    )
    return {
        "code": initiative["code"],
        "title": initiative["title"],
        "status": initiative["status"],
        "status_sv": words.value(Status(initiative["status"])),
        "health": initiative["health"],
        "health_comment": initiative["health_comment"],
        "milestones_done": sum(1 for m in milestones if m["completed_on"]),
        "milestones_total": len(milestones),
        "perspectives": list(initiative["perspectives"]),
        "decisions": [
            {
                "decision_date": d["decision_date"],
                "decided_by": d["decided_by_name"],
                "text": d["text"],
                "state": d["state"],
            }
            for d in decisions
        ],
    }


def _perspectives(activities: list[Row], words: Words) -> list[Row]:
    out = []
    for perspective in Perspective:
        codes = sorted(
            a["code"] for a in activities if perspective.value in a.get("perspectives", [])
        )
        out.append(
            {
                "perspective": perspective.value,
                "name": words.value(perspective),
                "initiatives": codes,
                "addressed": bool(codes),
            }
        )
    return out


def canonical_json(report: dict[str, Any]) -> str:
    """The report's canonical JSON (without its own digest): what
    `report_sha256` covers, and what a submission keeps exactly."""
    body = {k: v for k, v in report.items() if k != "report_sha256"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def report_sha256(report: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(report).encode()).hexdigest()


def report_diff(then: dict[str, Any], now: dict[str, Any], *, money: Money) -> dict[str, Any]:
    """What changed between two reports of the same year, line by line."""
    old = {line["position"]: line for line in then["lines"]}
    new = {line["position"]: line for line in now["lines"]}
    changed_lines = [
        {"position": p, "then": old[p], "now": new[p]}
        for p in sorted(old.keys() & new.keys())
        if old[p] != new[p]
    ]
    figures = []
    then_areas = {a["area"]: a for a in then["areas"]}
    now_areas = {a["area"]: a for a in now["areas"]}
    for area in sorted(then_areas.keys() | now_areas.keys()):
        for name in FIGURES:
            before = then_areas.get(area, {}).get(name, 0)
            after = now_areas.get(area, {}).get(name, 0)
            if before != after:
                figures.append(
                    {
                        "area": area,
                        "figure": name,
                        "then": before,
                        "now": after,
                        "difference": after - before,
                        "difference_sek": money(after - before),
                    }
                )
    changed = {}
    if "follow_up" in then or "follow_up" in now:  # a report with a plan
        changed["follow_up"] = follow_up_changes(then.get("follow_up"), now.get("follow_up"))
    return changed | {
        "year": now["year"],
        "then": then["source"] | {"report_sha256": then["report_sha256"]},
        "now": now["source"] | {"report_sha256": now["report_sha256"]},
        "added_lines": [new[p] for p in sorted(new.keys() - old.keys())],
        "removed_lines": [old[p] for p in sorted(old.keys() - new.keys())],
        "changed_lines": changed_lines,
        "figures": figures,
    }


def live_position(conn: Connection) -> int:
    return _position(conn)
