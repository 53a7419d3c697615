"""The plan's follow-up in the återrapportering: per insatsområde the
activities and their status, the survey compiled, the narrative, the
indicators linked with their latest value and trend; per perspective what
was done.

Read live from the read tables (in the same consistency check as the
ledger, `projections/funds/report.py`) or, as known at a moment, from the
events replayed in memory: the rows it reads are put in a private in-memory
SQLite database and the very same queries run on it, as
`projections/plans/as_of.py` does for the compilation, so live and as-of
cannot drift apart. Everything is ordered here, in Python, so that the two
databases' collations cannot order it differently.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, select

from domain.values import Perspective, Status
from projections import tables as t
from projections.export import replayed_db
from projections.indicators import queries as iq
from projections.indicators import tables as it
from projections.meetings import tables as mt
from projections.plans import queries as pq
from projections.plans import tables as pt
from projections.plans.compilation import compile_year
from projections.store import MemoryRowStore, Row, rows_of

# What the follow-up reads. Not the persons' rows (their table is made, and
# left empty): the report names no one (a narrative says when it was written
# and which revision it is, not by whom).
READS: tuple[Table, ...] = (
    *pt.PLANS_TABLES,
    mt.checkin_rounds,
    mt.checkin_recipients,
    t.initiatives,
    t.milestones,
    *it.INDICATOR_TABLES,
)


def read_follow_up(conn: Connection, plan_id: str, year: int) -> Row | None:
    """The rows of a plan's year the report is built from; None when no such plan."""
    compiled = compile_year(conn, plan_id, year)
    plan = pq.get_plan(conn, plan_id)
    if compiled is None or plan is None:
        return None
    wanted = sorted(
        {a["initiative_id"] for x in plan["areas"] for a in x["activities"] if a["initiative_id"]}
    )
    initiatives = rows_of(conn, select(t.initiatives).where(t.initiatives.c.id.in_(wanted)))
    milestones = rows_of(conn, select(t.milestones).where(t.milestones.c.initiative_id.in_(wanted)))
    parts = [p["part_id"] for p in (*plan["targets"], *plan["areas"])]
    indicators = {part: iq.list_indicators(conn, linked_to=part) for part in parts}
    return {
        "plan": plan,
        "compiled": compiled,
        "initiatives": initiatives,
        "milestones": milestones,
        "indicators": indicators,
    }


def follow_up_from_memory(store: MemoryRowStore, plan_id: str, year: int) -> Row | None:
    """`read_follow_up` on the rows of a replay."""
    with replayed_db(store, READS, empty=[t.persons]) as conn:
        return read_follow_up(conn, plan_id, year)


Say = Callable[[Enum], str]
"""How a status or a perspective reads (the report's Swedish words)."""


def build_follow_up(raw: Row, say: Say) -> Row:
    """The report's `follow_up` part from what `read_follow_up` read."""
    plan, compiled = raw["plan"], raw["compiled"]
    codes = {p["part_id"]: p["code"] for p in (*plan["targets"], *plan["directions"])}
    organisations = {o["id"]: o["name"] for o in plan["organisations"]}
    statuses = _statuses(raw, say)
    survey = {a["id"]: a for a in compiled["areas"]}
    areas = []
    for area in plan["areas"]:
        compiled_area = survey.get(area["part_id"], {})
        areas.append(
            {
                "id": area["part_id"],
                "code": area["code"],
                "title": area["title"],
                "direction": codes.get(area["direction_id"] or ""),
                "challenges": list(area["challenges"]),
                "activities": [
                    _activity(a, codes, organisations, statuses)
                    for a in sorted(area["activities"], key=lambda a: a["code"])
                ],
                "survey": {
                    k: compiled_area.get(k)
                    for k in ("invited", "answered", "response_rate", "questions")
                },
                "narrative": _narrative(compiled_area.get("narrative")),
                "indicators": _indicators(raw["indicators"].get(area["part_id"], [])),
                "perspective_goals": area["perspective_goals"],
            }
        )
    return {
        "plan": {
            k: plan[k] for k in ("id", "code", "title", "goal", "county", "first_year", "last_year")
        },
        "year": compiled["year"],
        "previous_year": compiled["previous_year"],
        "round": compiled["round"],
        "response": compiled["response"],
        "previous_response": compiled["previous_response"],
        "targets": [
            {
                "id": target["part_id"],
                "code": target["code"],
                "title": target["title"],
                "indicators": _indicators(raw["indicators"].get(target["part_id"], [])),
            }
            for target in plan["targets"]
        ],
        "areas": areas,
        "organisations": compiled["organisations"],
        "perspectives": _perspectives(compiled["perspectives"], areas, say),
    }


def _statuses(raw: Row, say: Say) -> dict[str, Row]:
    """What each linked initiative's status is, as the ledger's activities say it."""
    out = {}
    for initiative in raw["initiatives"]:
        key = initiative["id"]
        milestones = [m for m in raw["milestones"] if m["initiative_id"] == key]
        out[key] = {
            "code": initiative["code"],
            "title": initiative["title"],
            "status": initiative["status"],
            "status_sv": say(Status(initiative["status"])),
            "health": initiative["health"],
            "milestones_done": sum(1 for m in milestones if m["completed_on"]),
            "milestones_total": len(milestones),
        }
    return out


def _activity(
    activity: Row, codes: dict[str, str], organisations: dict[str, str], statuses: dict[str, Row]
) -> Row:
    initiative = statuses.get(activity["initiative_id"] or "")
    return {
        "id": activity["activity_id"],
        "code": activity["code"],
        "title": activity["title"],
        "description": activity["description"],
        "targets": [codes.get(x, x) for x in activity["target_ids"]],
        "organisations": sorted(organisations.get(o, o) for o in activity["organisation_ids"]),
        "initiative": initiative,
        "status": initiative["status"] if initiative else None,
        "status_sv": initiative["status_sv"] if initiative else None,
        "perspectives": dict(sorted(activity["perspectives"].items())),
    }


def _narrative(row: Row | None) -> Row | None:
    if row is None:
        return None
    return {k: row[k] for k in ("revision", "done", "effect", "next", "recorded_at")}


def _indicators(rows: list[Row]) -> list[Row]:
    out = []
    for row in sorted(rows, key=lambda r: r["code"]):
        headline = row["headline"] or {}
        latest = headline.get("latest")
        out.append(
            {
                "id": row["id"],
                "code": row["code"],
                "name": row["name"],
                "source": row["source"],
                "unit": row["unit"],
                "demo": bool(row["demo"]),
                "target_value": row["target_value"],
                "target_direction": row["target_direction"],
                "area": headline.get("area"),
                "area_name": headline.get("area_name"),
                "gender": headline.get("gender"),
                "age": headline.get("age"),
                "latest": None
                if latest is None
                else {"period": latest["period"], "value": latest["value"]},
                "trend": headline.get("trend"),
                "target_met": headline.get("target_met"),
                "points": [
                    {"period": p["period"], "value": p["value"], "revisions": p["revisions"]}
                    for p in headline.get("points", [])
                ],
            }
        )
    return out


def _perspectives(compiled: list[Row], areas: list[Row], say: Say) -> list[Row]:
    """Per perspective: its goals, the activities that address it (how, and
    how they stand), and the survey's questions tagged with it."""
    status = {a["code"]: a["status_sv"] for area in areas for a in area["activities"]}
    out = []
    for row in compiled:
        perspective = Perspective(row["perspective"])
        activities: list[dict[str, Any]] = [
            {**a, "status_sv": status.get(a["code"])}
            for a in sorted(row["activities"], key=lambda a: a["code"])
        ]
        out.append(
            {
                "perspective": perspective.value,
                "name": say(perspective),
                "goals": row["goals"],
                "activities": activities,
                "questions": row["questions"],
            }
        )
    return out


AREA_PARTS = ("activities", "survey", "narrative", "indicators")
PLAN_PARTS = ("response", "organisations", "targets", "perspectives")


def follow_up_changes(then: Row | None, now: Row | None) -> list[Row]:
    """Which parts of the follow-up differ between two reports: the plan's
    (response, organisations, målbilder' indicators, perspectives) and per
    insatsområde (by code) its activities, survey, narrative, indicators."""
    if then == now:
        return []
    if then is None or now is None:
        return [{"part": "follow_up", "area": None}]
    out: list[Row] = [{"part": p, "area": None} for p in PLAN_PARTS if then[p] != now[p]]
    old = {a["code"]: a for a in then["areas"]}
    new = {a["code"]: a for a in now["areas"]}
    for code in sorted(old.keys() | new.keys()):
        before, after = old.get(code, {}), new.get(code, {})
        out += [{"part": p, "area": code} for p in AREA_PARTS if before.get(p) != after.get(p)]
    return out
