"""Meetings and check-ins over real HTTP, and `samverka meetings upcoming`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from uuid import UUID

import pytest

from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.meta import make_meta as meta
from samverka.bootstrap import Container
from tests.e2e import test_api
from tests.e2e.test_api import (
    PROBLEM,
    Api,
    make_initiative,
    open_initiative_round,
    walk_pages,
)
from tests.e2e.test_cli import sv

SERIES = "/api/v1/meeting-series"
api = test_api.api  # the same fixture: a served app with one client per role


def schedule(api: Api, initiative_id: str, **extra: object) -> dict[str, object]:
    body = {
        "title": "Öppet samordningsmöte: Digitala lösningar för psykisk hälsa",
        "moderator_id": api.ids["moderator"],
        "invitees": [api.ids["member"]],
        "initiative_id": initiative_id,
        "starts_on": "2025-01-07",
        "weekday": 1,
        "start_time": "12:00",
        "duration_minutes": 30,
        "interval_weeks": 2,
        "agenda_template": ["Välkommen", "Runda"],
        **extra,
    }
    response = api.moderator.post(SERIES, json=body)
    assert response.status_code == 201, response.text
    assert response.headers["location"].endswith(response.json()["id"])
    return dict(response.json())


@pytest.mark.any_date
def test_series_meeting_minutes_and_action_items(api: Api, container: Container) -> None:
    _, initiative = make_initiative(api)
    series = schedule(api, initiative)
    sid = series["id"]
    assert [i["person_id"] for i in series["invitees"]].count(api.ids["member"]) == 1  # type: ignore[union-attr]

    # Members cannot schedule; invited members add agenda items.
    assert api.member.post(SERIES, json={}).status_code in (403, 422)
    day = f"{SERIES}/{sid}/meetings/2025-01-21"
    added = api.member.post(f"{day}/agenda", json={"title": "Umo:s nya tjänst"})
    assert added.status_code == 200, added.text
    assert [a["title"] for a in added.json()["agenda"]] == [
        "Välkommen",
        "Runda",
        "Umo:s nya tjänst",
    ]
    meeting_id = added.json()["id"]
    outsider = api.auditor.post(f"{day}/agenda", json={"title": "x"})
    assert outsider.status_code == 403 and outsider.headers["content-type"].startswith(PROBLEM)

    decision = api.moderator.post(
        "/api/v1/decisions",
        json={
            "text": "Vi utvärderar efter tre möten",
            "decision_date": "2025-01-21",
            "meeting_id": meeting_id,
        },
    )
    assert decision.status_code == 201, decision.text
    assert decision.json()["decided_by_name"].endswith("2025-01-21")
    action = api.moderator.post(
        f"{day}/actions",
        json={
            "text": "Skicka deltagarlistan",
            "assignee_id": api.ids["member"],
            "due": "2025-01-28",
        },
    )
    assert action.status_code == 200, action.text
    item = action.json()["action_items"][0]["item_id"]
    mine = api.member.get("/api/v1/action-items").json()["items"]
    assert [a["text"] for a in mine] == ["Skicka deltagarlistan"]
    closed = api.moderator.post(f"{day}/close")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert closed.json()["summary"]["decisions"] == ["Vi utvärderar efter tre möten"]
    later = api.moderator.put(f"{day}/notes", json={"text": "för sent"})
    assert later.status_code == 409 or later.status_code == 422
    done = api.member.post(
        f"/api/v1/meetings/{meeting_id}/actions/{item}/done", json={"done_on": "2025-01-27"}
    )
    assert done.status_code == 200, done.text
    assert api.member.get("/api/v1/action-items").json()["items"] == []

    upcoming = api.member.get("/api/v1/meetings/upcoming", params={"series_id": sid})
    assert upcoming.status_code == 200
    items = upcoming.json()["items"]
    starts = [datetime.fromisoformat(o["start"]) for o in items]
    assert len(starts) in (4, 5)  # fortnightly for the coming eight weeks
    now = container.clock.now()
    assert all(s > now and s.hour == 12 for s in starts)
    # On Tuesdays, but for those moved off a holiday (to the next working day).
    assert all(
        s.weekday() == 1 or o["state"] == "moved" for s, o in zip(starts, items, strict=True)
    )
    assert api.member.get(f"{SERIES}/{sid}/meetings/2025-02-04").status_code == 404
    bad = api.moderator.post(f"{SERIES}/{sid}/meetings/2025-01-22/cancel", json={})
    assert bad.status_code == 404 and bad.json()["type"].endswith("/not_found")

    # After the first meetings the series' managers answer the evaluation.
    assert api.member.post(f"{SERIES}/{sid}/evaluation", json={"verdict": "end"}).status_code == 403
    evaluated = api.moderator.post(
        f"{SERIES}/{sid}/evaluation", json={"verdict": "change", "comment": "Kortare"}
    )
    assert evaluated.status_code == 200, evaluated.text
    assert evaluated.json()["history"][-1]["detail"] == "change: Kortare"


@pytest.mark.any_date
def test_checkin_round_over_http(api: Api, container: Container) -> None:
    _, initiative = make_initiative(api)
    added = api.moderator.post(
        f"/api/v1/initiatives/{initiative}/participants", json={"person_id": api.ids["member"]}
    )
    assert added.status_code in (200, 201), added.text
    opened = open_initiative_round(api, initiative, container.clock.now(), "Läget i 2.7.4")
    assert opened.status_code == 201, opened.text
    rid = opened.json()["id"]
    first = api.member.post(f"/api/v1/checkins/{rid}/answers", json={"answers": {"health": "risk"}})
    assert first.status_code == 200, first.text
    again = api.member.post(
        f"/api/v1/checkins/{rid}/answers", json={"answers": {"health": "på spår"}}
    )
    assert again.json()["answered"] == 1
    other = api.member.post(
        f"/api/v1/checkins/{rid}/answers",
        json={"answers": {"health": "risk"}, "person_id": api.ids["admin"]},
    )
    assert other.status_code == 403
    wrong = api.member.post(
        f"/api/v1/checkins/{rid}/answers", json={"answers": {"health": "kanon"}}
    )
    assert wrong.status_code == 422
    closed = api.moderator.post(f"/api/v1/checkins/{rid}/close")
    assert closed.status_code == 200
    assert closed.json()["summary"]["health"] == "on-track"
    late = api.member.post(f"/api/v1/checkins/{rid}/answers", json={"answers": {"health": "risk"}})
    assert late.status_code == 409 and "late answers are not accepted" in late.json()["detail"]
    history = api.member.get(f"/api/v1/initiatives/{initiative}/checkin-answers").json()["items"]
    assert [h["answers"]["health"] for h in history] == ["at-risk", "on-track"]
    rates = api.member.get("/api/v1/checkins/response-rates").json()["items"]
    assert [(r["invited"], r["answered"]) for r in rates] == [(1, 1)]
    assert api.member.get("/api/v1/notifications").status_code == 403
    assert api.auditor.get("/api/v1/notifications").status_code == 200


def test_every_list_pages_and_counts_everything(api: Api, container: Container) -> None:
    _, initiative = make_initiative(api)
    series = [schedule(api, initiative, title=f"Möte {n}")["id"] for n in range(3)]
    walk_pages(api.member, SERIES, 3, initiative_id=initiative)
    upcoming = walk_pages(api.member, "/api/v1/meetings/upcoming", 4, series_id=series[0])
    assert [o["start"] for o in upcoming] == sorted(o["start"] for o in upcoming)
    day = f"{SERIES}/{series[0]}/meetings/2025-01-21"
    for n in range(3):
        action = {"text": f"Uppgift {n}", "assignee_id": api.ids["member"]}
        assert api.moderator.post(f"{day}/actions", json=action).status_code == 200
    walk_pages(api.member, "/api/v1/action-items", 3)

    # Check-in rounds were cut off at 100 without a word.
    system = meta(actor="system", channel="cli")
    now = container.clock.now()
    everyone = [UUID(api.ids[role]) for role in ("admin", "moderator", "member", "auditor")]
    rounds = [
        container.app.execute(
            m.OpenCheckInRound(
                title=f"Runda {n}",
                audience_kind="persons",
                person_ids=everyone,
                questions=status_questions(),
                opens_at=now,
                due_at=now + timedelta(days=1 + n % 7),
            ),
            system,
        )
        for n in range(101)
    ]
    for n in range(3):
        container.app.execute(
            m.QueueNotification(
                key=f"paging:{n}", kind="generic", person_ids=[], subject="x", text="x"
            ),
            system,
        )
    assert container.projector.wait_for(container.app.recorder.max_notification_id(), 10)
    walk_pages(api.member, "/api/v1/checkins", 101, limit=40)
    walk_pages(api.member, "/api/v1/checkins/response-rates", 101, limit=40)
    walk_pages(api.member, f"/api/v1/checkins/{rounds[0].aggregate_id}/recipients", 4)
    walk_pages(api.auditor, "/api/v1/notifications", 3, state="queued")

    api.moderator.post(
        f"/api/v1/initiatives/{initiative}/participants", json={"person_id": api.ids["member"]}
    )
    opened = open_initiative_round(api, initiative, now)
    assert opened.status_code == 201, opened.text
    for health in ("risk", "på spår", "risk"):
        api.member.post(
            f"/api/v1/checkins/{opened.json()['id']}/answers", json={"answers": {"health": health}}
        )
    walk_pages(api.member, f"/api/v1/initiatives/{initiative}/checkin-answers", 3)

    question = {"id": "q1", "text": "Hur går det?", "kind": "text"}
    for n in range(3):
        survey = {
            "title": f"Uppföljning {n}",
            "contacts": [api.ids["member"]],
            "questions": [question],
            "first_year": 2026,
        }
        assert api.admin.post("/api/v1/surveys", json=survey).status_code == 201
    walk_pages(api.member, "/api/v1/surveys", 3)


@pytest.mark.slow
def test_cli_upcoming_as_json_and_table(database_url: str, tmp_path: Path) -> None:
    sv(database_url, "demo", "load", "--tokens", str(tmp_path), cwd=tmp_path)
    series = json.loads(sv(database_url, "meetings", "series").stdout)
    (demo,) = [s for s in series if s["title"].startswith("Öppet samordningsmöte")]
    assert demo["moderator_id"] and demo["secretary_id"]
    out = sv(
        database_url, "meetings", "upcoming", "--series", demo["id"], "--format", "json"
    ).stdout
    rows = json.loads(out)
    assert rows, "the demo series goes on"
    # `samverka` reads the machine's clock: nothing here depends on the date.
    for row in rows:
        start, end = datetime.fromisoformat(row["start"]), datetime.fromisoformat(row["end"])
        assert row["series_id"] == demo["id"] and row["title"] == demo["title"]
        assert start.tzinfo is not None and start.utcoffset() in (
            timedelta(hours=1),
            timedelta(hours=2),
        )
        assert (start.hour, start.minute, end - start) == (12, 0, timedelta(minutes=30))
        # Every other Tuesday, some moved off a holiday to the next working day.
        assert start.weekday() == 1 or row["state"] == "moved"
    days = [date.fromisoformat(r["date"]) for r in rows]
    assert {day.weekday() for day in days} == {1}
    assert {(b - a).days for a, b in pairwise(days)} <= {14}
    table = sv(database_url, "meetings", "upcoming", "--format", "table").stdout
    assert rows[0]["start"] in table
    page = json.loads(sv(database_url, "meetings", "show", demo["id"], "2020-10-06").stdout)
    assert page["state"] == "closed" and len(page["attendance"]) == 6


def test_a_series_teams_channel_over_http(api: Api) -> None:
    _, initiative = make_initiative(api)
    sid = schedule(api, initiative)["id"]
    path = f"{SERIES}/{sid}/teams-channel"
    channel = "19:abc123@thread.tacv2"
    body = {"conversation_id": f"{channel};messageid=1"}
    assert api.member.put(path, json=body).status_code == 403
    response = api.moderator.put(path, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["teams_channel"] == channel
    refused = api.moderator.put(path, json={"conversation_id": "#allmänt"})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith(PROBLEM)
    cleared = api.moderator.put(path, json={"conversation_id": None})
    assert cleared.json()["teams_channel"] == ""


def test_a_series_slack_channel_over_http(api: Api) -> None:
    _, initiative = make_initiative(api)
    sid = schedule(api, initiative)["id"]
    path = f"{SERIES}/{sid}/slack-channel"
    assert api.member.put(path, json={"channel": "#samordning"}).status_code == 403
    response = api.moderator.put(path, json={"channel": "#samordning"})
    assert response.status_code == 200, response.text
    assert response.json()["slack_channel"] == "#samordning"
    refused = api.moderator.put(path, json={"channel": "samordning"})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith(PROBLEM)
    cleared = api.moderator.put(path, json={"channel": None})
    assert cleared.json()["slack_channel"] == ""
