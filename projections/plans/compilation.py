"""The yearly follow-up compiled: per insatsområde and per organisation, with
response rates, free-text answers grouped, last year beside this year, and
per perspective.

An organisation's answer to a question is the latest its contact persons
gave (answers merged in the order they were given); an organisation has
answered when any of its contact persons has.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, select

from domain.plans.values import CHOICES
from domain.values import Perspective
from projections.meetings import tables as mt
from projections.plans import queries as pq
from projections.store import Row, rows_of


def _year(conn: Connection, plan_id: str, year: int) -> Row | None:
    """One year's round: its questions, state and each organisation's merged answers."""
    sent = pq.follow_up(conn, plan_id, year)
    if sent is None:
        return None
    round_id = sent["round_id"]
    r = mt.checkin_rounds.c
    found = conn.execute(
        select(r.questions, r.state, r.opens_at, r.due_at, r.closed_at).where(r.id == round_id)
    ).first()
    c = mt.checkin_recipients.c
    given = {
        row["person_id"]: row
        for row in rows_of(
            conn,
            select(c.person_id, c.answers, c.answered_at).where(
                c.round_id == round_id, c.answered_at.is_not(None)
            ),
        )
        if row["answers"]
    }
    answers: dict[str, dict[str, Any]] = {}
    for org_id, people in sent["respondents"].items():
        rows = sorted((given[p] for p in people if p in given), key=lambda x: x["answered_at"])
        if rows:
            merged: dict[str, Any] = {}
            for row in rows:
                merged.update(row["answers"])
            answers[org_id] = merged
    return {
        "round_id": round_id,
        "questions": found.questions if found else [],
        "state": found.state if found else None,
        "opens_at": found.opens_at if found else None,
        "due_at": found.due_at if found else None,
        "closed_at": found.closed_at if found else None,
        "respondents": sent["respondents"],
        "answers": answers,
    }


def _rate(answered: int, invited: int) -> float:
    return round(answered / invited, 4) if invited else 0.0


def _tally(question: Row, answers: dict[str, dict[str, Any]], names: dict[str, str]) -> Row:
    qid = question["id"]
    given = {org: a[qid] for org, a in answers.items() if qid in a}
    out: Row = {"answers": len(given)}
    if question["kind"] == "choice":
        counts = Counter(given.values())
        out["counts"] = {k: counts.get(k, 0) for k in question.get("choices") or CHOICES}
    else:
        texts = [
            {"organisation_id": o, "organisation": names.get(o, o), "text": t}
            for o, t in given.items()
        ]
        out["texts"] = sorted(texts, key=lambda x: x["organisation"])
    return out


def compile_year(conn: Connection, plan_id: str, year: int) -> Row | None:
    """The compilation of the plan's survey of `year`, with `year - 1` beside it."""
    plan = pq.get_plan(conn, plan_id)
    if plan is None:
        return None
    this, last = _year(conn, plan_id, year), _year(conn, plan_id, year - 1)
    org_ids = set()
    for sent in (this, last):
        if sent is not None:
            org_ids |= set(sent["respondents"])
    orgs = pq.organisations_by_id(conn, sorted(org_ids))
    names = {o: orgs[o]["name"] if o in orgs else o for o in org_ids}
    empty: Row = {"questions": [], "respondents": {}, "answers": {}}
    now, before = this or empty, last or empty
    by_question = {q["id"]: q for q in plan_questions(plan)}
    asked = {q["id"]: q for q in now["questions"]} or {q: by_question[q] for q in by_question}
    areas = []
    narratives = pq.latest_narratives(conn, plan_id, year)
    invited = len(now["respondents"])
    for area in plan["areas"]:
        questions = [q for q in asked.values() if q.get("area") == area["part_id"]]
        asked_ids = {q["id"] for q in questions}
        answered = [o for o, a in now["answers"].items() if asked_ids & set(a)]
        last_asked = {q["id"] for q in before["questions"] if q.get("area") == area["part_id"]}
        items = []
        for q in questions:
            extra = by_question.get(q["id"], {})
            item = {
                "id": q["id"],
                "text": q["text"],
                "kind": q["kind"],
                "perspective": extra.get("perspective"),
                "this_year": _tally(q, now["answers"], names),
                "last_year": _tally(q, before["answers"], names) if q["id"] in last_asked else None,
            }
            items.append(item)
        areas.append(
            {
                "id": area["part_id"],
                "code": area["code"],
                "title": area["title"],
                "invited": invited,
                "answered": len(answered),
                "response_rate": _rate(len(answered), invited),
                "questions": items,
                "narrative": narratives.get(area["part_id"]),
            }
        )
    return {
        "plan": {k: plan[k] for k in ("id", "code", "title", "goal")},
        "year": year,
        "previous_year": year - 1,
        "round": None if this is None else {k: this[k] for k in _ROUND},
        "response": _response(now, names, orgs),
        "previous_response": _response(before, names, orgs) if last is not None else None,
        "areas": areas,
        "organisations": _per_organisation(now, before, asked, names, orgs),
        "perspectives": _perspectives(plan, areas),
    }


_ROUND = ("round_id", "state", "opens_at", "due_at", "closed_at")


def plan_questions(plan: Row) -> list[Row]:
    return [{**q, "area": a["part_id"]} for a in plan["areas"] for q in a["questions"]]


def _response(year: Row, names: dict[str, str], orgs: dict[str, Row]) -> Row:
    invited = sorted(year["respondents"], key=lambda o: names.get(o, o))
    answered = [o for o in invited if o in year["answers"]]
    missing = [o for o in invited if o not in year["answers"]]
    return {
        "invited": len(invited),
        "answered": len(answered),
        "response_rate": _rate(len(answered), len(invited)),
        "missing": [
            {"id": o, "name": names.get(o, o), "kind": orgs.get(o, {}).get("kind")} for o in missing
        ],
    }


def _per_organisation(
    now: Row, before: Row, asked: dict[str, Row], names: dict[str, str], orgs: dict[str, Row]
) -> list[Row]:
    out = []
    for org_id in sorted(now["respondents"], key=lambda o: names.get(o, o)):
        given = now["answers"].get(org_id, {})
        earlier = before["answers"].get(org_id)
        org = orgs.get(org_id, {})
        out.append(
            {
                "id": org_id,
                "name": names.get(org_id, org_id),
                "kind": org.get("kind"),
                "area_code": org.get("area_code"),
                "answered": bool(given),
                "answered_before": earlier is not None,
                "answered_questions": len([q for q in asked if q in given]),
                "questions": len(asked),
                "answers": given,
                "last_year": earlier or {},
            }
        )
    return out


def _perspectives(plan: Row, areas: list[Row]) -> list[Row]:
    titles = {a["part_id"]: a["title"] for a in plan["areas"]}
    goals: dict[str, list[Row]] = defaultdict(list)
    for g in plan["perspective_goals"]:
        goals[g["perspective"]].append({"area": None, "goal": g["goal"]})
    for area in plan["areas"]:
        for g in area["perspective_goals"]:
            goals[g["perspective"]].append({"area": area["title"], "goal": g["goal"]})
    out = []
    for p in Perspective:
        activities = [
            {
                "code": act["code"],
                "title": act["title"],
                "area": titles.get(act["area_id"]),
                "how": act["perspectives"][p.value],
            }
            for area in plan["areas"]
            for act in area["activities"]
            if p.value in act["perspectives"]
        ]
        questions = [
            {"area": a["title"], **q}
            for a in areas
            for q in a["questions"]
            if q["perspective"] == p.value
        ]
        out.append(
            {
                "perspective": p.value,
                "goals": goals.get(p.value, []),
                "activities": activities,
                "questions": questions,
            }
        )
    return out
