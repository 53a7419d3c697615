"""Mötesserier and Mötet over real HTTP, on the demo world: the forms of a
series (new with its preview, invite, remove, move, cancel, a new rule,
end) and of a meeting (attendance, a guest, notes, a note, a decision, an
action item, an agenda item, closing), with and without htmx; a member who
is no secretary is refused and nothing is recorded; a form without its
CSRF token gets 403."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import partial
from uuid import UUID

import httpx

from domain.meetings.meeting import meeting_id
from samverka.demo import Loaded
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import WebWorld, add_person, csrf_of, settings

__all__ = ["settings"]  # the fixtures used here

HTMX = {"HX-Request": "true"}
# The demo series meets every other Tuesday at 12:00; this one is 2026-11-10.
MEETING_DAY = "2026-11-10"
DURING = datetime(2026, 11, 10, 11, 10, tzinfo=UTC)  # 12:10 in Stockholm


def form_id(html: str, action: str) -> str:
    found = re.search(
        rf'action="{re.escape(action)}"[^>]*>\s*<input type="hidden" name="csrf" value="[^"]+">'
        r'\s*<input type="hidden" name="form_id" value="([^"]+)">',
        html,
    )
    assert found, f"no form posts to {action}"
    return found.group(1)


def _with_english(client: httpx.Client) -> str:
    """The client's cookies, with English chosen (as the language button does)."""
    cookies = [f"{name}={value}" for name, value in client.cookies.items()]
    return "; ".join([*cookies, "samverka_lang=en"])


def series_count(world: WebWorld) -> int:
    return len(world.k.meetings.list_series())


def new_series_fields(world: WebWorld, csrf: str, **changed: str) -> dict[str, str]:
    fields = {
        "csrf": csrf,
        "form_id": "new-series-0123456789",
        "action": "save",
        "title": "Julens samordningsmöte",
        "arena_id": str(world.arena),
        "moderator_id": world.moderator,
        "secretary_id": world.member,
        "starts_on": "2026-12-17",
        "weekday": "3",
        "interval_weeks": "1",
        "start_time": "10:00",
        "duration_minutes": "45",
        "holiday_policy": "next-working-day",
        "until": "",
        "location": "Regionens hus",
        "video_link": "",
    }
    return fields | changed


def test_the_list_and_the_preview_of_a_new_series(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    with world.session(world.moderator) as client:
        home = client.get("/").text
        assert 'href="/series"' in home, "the menu shows the series to a moderator"
        listed = client.get("/series").text
        assert f'href="/series/{loaded.series["272"]}"' in listed
        assert "varannan tisdag kl. 12:00–12:30" in listed
        form = client.get("/series/new")
        assert form.status_code == 200
        english = client.get("/series/new", headers={"Cookie": _with_english(client)}).text
        assert "New meeting series" in english and "Thursday" in english
        assert 'for="title"' in form.text and 'id="title"' in form.text
        preview = client.get(
            "/series/preview",
            params=new_series_fields(world, "x") | {"csrf": ""},
            headers=HTMX,
        ).text
    assert "varje torsdag kl. 10:00–10:45" in preview
    # julafton moves to the next working day (past juldagen and the weekend)
    assert "24 dec 2026 är Julafton: flyttas till mån 28 dec 10:00" in preview
    assert "31 dec 2026 är Nyårsafton: flyttas till mån 4 jan 10:00" in preview
    assert preview.count("<li") == 10


def test_a_member_sees_no_series_and_cannot_schedule_one(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    member = add_person(world.k, "Mia Deltagare", "mia@example.se", world.arena, "participant")
    world.k.projector.catch_up()
    before = series_count(world)
    unchanged = world.k.meetings.get_series(str(loaded.series["272"]))
    assert unchanged is not None
    version_before = unchanged["version"]
    with world.session(member) as client:
        home = client.get("/").text
        assert 'href="/series"' not in home
        assert client.get("/series").status_code == 403
        assert client.get(f"/series/{loaded.series['272']}").status_code == 403
        refused = client.post("/series/new", data=new_series_fields(world, csrf_of(home)))
        assert refused.status_code == 403
        assert "Din roll i arenan räcker inte" in refused.text
        invite = client.post(
            f"/series/{loaded.series['272']}/invitees",
            data={"csrf": csrf_of(home), "invite-person": member},
        )
        assert invite.status_code == 403
        sid = loaded.series["272"]
        for path, fields in (
            (f"invitees/{world.moderator}/remove", {}),
            ("meetings/2026-11-10/move", {"move-2026-11-10-date": "2026-11-11",
                                          "move-2026-11-10-time": "12:00"}),
            ("meetings/2026-11-10/cancel", {}),
            ("reschedule", {"version": "1", "new-starts_on": "2027-01-01", "new-weekday": "1",
                            "new-interval_weeks": "1", "new-start_time": "12:00",
                            "new-duration_minutes": "30"}),
            ("end", {"end-last_day": "2026-12-31"}),
            ("evaluation", {"eval-verdict": "end"}),
        ):  # fmt: skip
            refused = client.post(f"/series/{sid}/{path}", data={"csrf": csrf_of(home), **fields})
            assert refused.status_code == 403, path
    assert series_count(world) == before
    untouched = world.k.meetings.get_series(str(loaded.series["272"]))
    assert untouched is not None and untouched["version"] == version_before
    series = world.k.meetings.get_series(str(loaded.series["272"]))
    assert series is not None and member not in {str(p["person_id"]) for p in series["invitees"]}


def test_a_form_without_its_csrf_token_is_refused(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    before = series_count(world)
    sid = loaded.series["272"]
    with world.session(world.moderator) as client:
        no_token = new_series_fields(world, "") | {"csrf": ""}
        assert client.post("/series/new", data=no_token).status_code == 403
        wrong = new_series_fields(world, "x" * 43)
        assert client.post("/series/new", data=wrong).status_code == 403
        base = f"/series/{sid}/meetings/{MEETING_DAY}"
        assert client.post(f"{base}/decision", data={"decision-text": "Nej"}).status_code == 403
    assert series_count(world) == before
    assert world.k.meetings.meeting_on(sid, date.fromisoformat(MEETING_DAY)) is None


def test_scheduling_a_series(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    with world.session(world.moderator) as client:
        csrf = csrf_of(client.get("/series/new").text)
        wrong = client.post(
            "/series/new",
            data=new_series_fields(world, csrf, title="", start_time="tolv"),
        )
        assert wrong.status_code == 422
        assert 'id="title-error" class="error">Fyll i fältet.' in wrong.text
        assert 'aria-invalid="true"' in wrong.text
        assert "Skriv en tid som 12:00." in wrong.text
        assert series_count(world) == 1
        done = client.post("/series/new", data=new_series_fields(world, csrf))
        assert done.status_code == 303, done.text
        page = client.get(done.headers["location"]).text
    assert "Julens samordningsmöte" in page and "varje torsdag kl. 10:00–10:45" in page
    (series,) = [s for s in world.k.meetings.list_series() if s["title"].startswith("Julens")]
    assert series["secretary_id"] == world.member and series["location"] == "Regionens hus"
    history = world.k.meetings.get_series(str(series["id"]))
    assert history is not None


def _series_page(client: httpx.Client, sid: UUID) -> str:
    found = client.get(f"/series/{sid}")
    assert found.status_code == 200
    return found.text


def _meeting_form(
    client: httpx.Client, sid: UUID, csrf: str, day: str, form: str, **fields: str
) -> httpx.Response:
    """Sends the `form` (move, cancel) of the series' meeting on `day`, its
    `fields` named without their prefix `{form}-{day}-`."""
    named = {f"{form}-{day}-{name}": value for name, value in fields.items()}
    return client.post(f"/series/{sid}/meetings/{day}/{form}", data={"csrf": csrf, **named})


def test_inviting_removing_moving_cancelling_and_ending(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    sid = loaded.series["272"]
    guest = add_person(world.k, "Gustav Gäst", "gustav@example.se", world.arena, "participant")
    world.k.projector.catch_up()
    with world.session(world.member) as client:  # Amanda, the arena's secretary
        page = _series_page(client, sid)
        csrf = csrf_of(page)
        invited = client.post(
            f"/series/{sid}/invitees", data={"csrf": csrf, "invite-person": guest}
        )
        assert invited.status_code == 303
        assert "Personen är inbjuden." in client.get(invited.headers["location"]).text
        removed = client.post(f"/series/{sid}/invitees/{guest}/remove", data={"csrf": csrf})
        assert removed.status_code == 303
        meeting = partial(_meeting_form, client, sid, csrf)
        moved = meeting(
            "2026-11-24", "move", date="2026-11-25", time="13:00", reason="Lokalen är upptagen"
        )
        assert moved.status_code == 303, moved.text
        too_far = meeting("2026-12-08", "move", date="2027-06-01", time="x")
        assert too_far.status_code == 422
        assert 'id="move-2026-12-08-time-error"' in too_far.text
        too_far = meeting("2026-12-08", "move", date="2027-06-01", time="12:00")
        assert "ett möte kan flyttas högst 60 dagar" in too_far.text
        cancelled = meeting("2026-12-08", "cancel", reason="Jullunch")
        assert cancelled.status_code == 303
        page = _series_page(client, sid)
        assert "mån 25 nov" not in page and "ons 25 nov 13:00" in page
        assert "inställt" in page and "Jullunch" in page
        ended = client.post(
            f"/series/{sid}/end",
            data={"csrf": csrf, "end-last_day": "2026-12-31", "end-reason": "Nytt format"},
        )
        assert ended.status_code == 303
    series = world.k.meetings.get_series(str(sid))
    assert series is not None
    assert guest not in {str(p["person_id"]) for p in series["invitees"]}
    assert series["overrides"]["2026-11-24"]["starts_local"] == "2026-11-25T13:00:00"
    assert series["overrides"]["2026-12-08"]["state"] == "cancelled"
    assert series["ended_on"] == "2026-12-31"


def test_a_new_rule_from_a_date(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    sid = loaded.series["272"]
    with world.session(world.moderator) as client:
        page = _series_page(client, sid)
        version = re.search(r'name="version" value="(\d+)"', page)
        assert version
        fields = {
            "csrf": csrf_of(page),
            "version": version.group(1),
            "new-starts_on": "2027-01-01",
            "new-weekday": "2",
            "new-interval_weeks": "2",
            "new-start_time": "13:00",
            "new-duration_minutes": "60",
        }
        done = client.post(f"/series/{sid}/reschedule", data=fields)
        assert done.status_code == 303, done.text
        assert "varannan onsdag kl. 13:00–14:00" in _series_page(client, sid)
        stale = client.post(f"/series/{sid}/reschedule", data=fields)
        assert stale.status_code == 422 and "Någon ändrade detta medan du skrev" in stale.text
    series = world.k.meetings.get_series(str(sid))
    assert series is not None and len(series["rules"]) == 2


def test_a_secretary_runs_a_meeting(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    k = world.k
    sid = loaded.series["272"]
    persons = loaded.persons
    k.clock.set(DURING)  # type: ignore[attr-defined]
    base = f"/series/{sid}/meetings/{MEETING_DAY}"
    guest_id = add_person(k, "Gustav Gäst", "gustav@example.se", world.arena, "participant")
    k.projector.catch_up()
    with world.session(world.member) as client:
        page = client.get(base)
        assert page.status_code == 200
        assert 'hx-trigger="every 3s"' in page.text
        assert "Välkommen och kort presentationsrunda" in page.text  # the template agenda
        csrf = csrf_of(page.text)

        def submit(form: str, fields: dict[str, str], htmx: bool = False) -> httpx.Response:
            """Posts the page's form for `form` with its csrf and form_id."""
            action = f"{base}/{form}"
            data = {"csrf": csrf, "form_id": form_id(page.text, action), **fields}
            return client.post(action, data=data, headers=HTMX if htmx else None)

        here = [str(persons["bengt"]), str(persons["amanda"])]
        listed = [str(p) for p in (persons["bengt"], persons["amanda"], persons["anna"])]
        ticked = client.post(
            f"{base}/attendance",
            data={"csrf": csrf, "present": here, "listed": listed},
            headers=HTMX,
        )
        assert ticked.status_code == 200 and 'hx-swap-oob="true"' in ticked.text
        assert "Närvarande (2)" in ticked.text and "Närvaron är sparad." in ticked.text
        # With htmx each box saves only its own person: nobody else is undone.
        anna = str(persons["anna"])
        one = client.post(
            f"{base}/attendance/{anna}", data={"csrf": csrf, "present": [anna]}, headers=HTMX
        )
        assert one.status_code == 200 and "Närvarande (3)" in one.text
        off = client.post(f"{base}/attendance/{anna}", data={"csrf": csrf}, headers=HTMX)
        assert "Närvarande (2)" in off.text
        guest = submit("guest", {"guest-person": guest_id})
        assert guest.status_code == 303
        notes = client.post(
            f"{base}/notes", data={"csrf": csrf, "notes": "Vi gick laget runt."}, headers=HTMX
        )
        assert notes.status_code == 200
        note = submit("note", {"note-text": "Umo visade sin nya sida."})
        assert note.status_code == 303
        empty = submit("decision", {"decision-text": ""}, htmx=True)
        assert empty.status_code == 200 and 'id="decision-text-error"' in empty.text
        decided = submit(
            "decision", {"decision-text": "Vi bjuder in Umo till nästa möte."}, htmx=True
        )
        assert decided.status_code == 200 and "Beslutet är sparat." in decided.text
        action = {"action-text": "Boka lokal", "action-owner": str(persons["bengt"])}
        early = submit("action", {**action, "action-due": "2026-11-01"})
        assert early.status_code == 422
        assert (
            'id="action-due-error" class="error">en åtgärd kan inte vara klar före mötet'
            in early.text
        )
        assigned = submit("action", {**action, "action-due": "2026-11-20"})
        assert assigned.status_code == 303
        record = client.get(f"{base}/record").text
        wall = client.get(f"{base}/wall").text
        assert 'id="record"' in wall and "Boka lokal" in wall and 'id="close"' not in wall
        for shown in (
            "Närvarande (3)",
            "Gustav Gäst",
            "Vi gick laget runt.",
            "Umo visade sin nya sida.",
            "Vi bjuder in Umo till nästa möte.",
            "Boka lokal",
            "Bengt Stavenow, senast 20 nov 2026",
        ):
            assert shown in record, shown
        closed = submit("close", {})
        assert closed.status_code == 303
        after = client.get(closed.headers["location"]).text
        assert "Mötet är stängt" in after and 'hx-trigger="every 3s"' not in after
    found = k.meetings.meeting_page(str(meeting_id(sid, date.fromisoformat(MEETING_DAY))))
    assert found is not None and found["state"] == "closed"
    assert found["summary"]["decisions"] == ["Vi bjuder in Umo till nästa möte."]
    assert found["notes"] == "Vi gick laget runt."


def test_a_member_cannot_run_the_meeting(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    sid = loaded.series["272"]
    world.k.clock.set(DURING)  # type: ignore[attr-defined]
    base = f"/series/{sid}/meetings/{MEETING_DAY}"
    member = add_person(world.k, "Mia Deltagare", "mia@example.se", world.arena, "participant")
    world.k.projector.catch_up()
    with world.session(member) as client:
        csrf = csrf_of(client.get("/").text)
        assert client.get(base).status_code == 403
        assert client.get(f"{base}/wall").status_code == 403
        assert client.get(f"{base}/record").status_code == 403
        for part, fields in (
            ("decision", {"decision-text": "Jag bestämmer"}),
            ("attendance", {"present": member, "listed": member}),
            (f"attendance/{member}", {"present": member}),
            ("close", {}),
        ):
            refused = client.post(f"{base}/{part}", data={"csrf": csrf, **fields})
            assert refused.status_code == 403, part
    assert world.k.meetings.meeting_on(sid, date.fromisoformat(MEETING_DAY)) is None


def test_the_evaluation_after_the_first_meetings(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    sid = loaded.series["272"]  # it has met since 2020: the evaluation is due
    with world.session(world.moderator) as client:
        page = _series_page(client, sid)
        assert "Mötesserien har haft 3 möten" in page
        csrf = csrf_of(page)
        empty = client.post(f"/series/{sid}/evaluation", data={"csrf": csrf})
        assert empty.status_code == 422 and 'id="eval-verdict-error"' in empty.text
        done = client.post(
            f"/series/{sid}/evaluation",
            data={"csrf": csrf, "eval-verdict": "change", "eval-comment": "Kortare möten"},
        )
        assert done.status_code == 303
        page = client.get(done.headers["location"]).text
    assert "Tack! Utvärderingen är sparad." in page
    assert "Fortsätta, med ändringar – Kortare möten" in page
    assert "Mötesserien har haft 3 möten" not in page
    series = world.k.meetings.get_series(str(sid))
    assert series is not None
    (evaluated,) = [h for h in series["history"] if h["kind"] == "evaluated"]
    assert evaluated["detail"] == "change: Kortare möten"
