"""The overview and the plan pages over real HTTP, on the demo world: what
each shows, in Swedish and English; a page that does not exist."""

from __future__ import annotations

import re
from datetime import date, timedelta
from uuid import UUID

from domain.checkins.questions import make_question
from domain.commands import RecordDecision
from domain.meetings import commands as m
from domain.meetings.rsvp import RecordRsvp
from samverka.demo import Loaded
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, csrf_of, open_round, settings

__all__ = ["settings"]  # the fixtures used here


def test_the_overview_shows_my_initiatives_rounds_meetings_and_actions(
    demo: tuple[WebWorld, Loaded],
) -> None:
    world, loaded = demo
    k = world.k
    now = k.clock.now()
    bengt = UUID(world.moderator)
    series = loaded.series["272"]
    (first, *_) = k.meetings.upcoming(
        now=now, until=(now + timedelta(weeks=6)).date(), series_id=str(series)
    )
    k.app.execute(
        RecordRsvp(
            series_id=series,
            person_id=bengt,
            response="accepted",
            occurrence_date=date.fromisoformat(first["date"]),
        ),
        SYSTEM,
    )
    k.app.execute(
        m.OpenCheckInRound(
            title="Läget i 2.7.2",
            audience_kind="initiative",
            audience_id=loaded.initiatives["272"],
            questions=[make_question("health", "Hur går det?", "health")],
            opens_at=now,
            due_at=now + timedelta(days=3),
        ),
        SYSTEM,
    )
    k.projector.catch_up()
    with world.session(world.moderator) as client:
        home = client.get("/").text
    assert "Min översikt" in home and "Bengt Stavenow" in home
    assert f'href="/arenas/{world.arena}"' in home and "Hälsofrämjande digitalt liv" in home
    assert "2.7.2" in home and "på spår" in home  # my initiative with its health
    assert "Läget i 2.7.2" in home and "inte besvarad" in home  # my open round
    assert "mitt svar: kommer" in home and "mitt svar: inget svar ännu" in home
    assert "Ta fram förslag på teman för kommande möten" in home  # my action item


def test_the_plan_from_arenas_to_an_initiative(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    with world.session(world.member) as client:
        arenas = client.get("/arenas").text
        assert f'href="/arenas/{world.arena}"' in arenas and "Hälsofrämjande digitalt liv" in arenas
        arena = client.get(f"/arenas/{world.arena}").text
        for shown in ("2.7.1", "2.7.4", "Bengt Stavenow", "moderator", "sekreterare"):
            assert shown in arena
        page = client.get(f"/initiatives/{loaded.initiatives['272']}").text
        for shown in (
            "Målbild",
            "Delmål",
            "Oktober?",
            "på spår",
            "Läget över tid",
            "Amanda Romare",
            "Inbjudan till första samordningsmötet är skickad",
        ):
            assert shown in page
        dalarna = client.get(f"/initiatives/{loaded.initiatives['dal1']}").text
        assert "Beslut" in dalarna and "gäller" in dalarna
        english = client.post(
            "/language", data={"csrf": csrf_of(page), "lang": "en", "next": "/arenas"}
        )
        assert english.headers["location"] == "/arenas"
        assert "Arenas" in client.get("/arenas").text


def test_an_initiative_shows_its_latest_decisions_and_links_to_all(
    demo: tuple[WebWorld, Loaded],
) -> None:
    """Years of decisions would make the page long and slow: it shows the ten
    latest, and a page of its own has them all."""
    world, loaded = demo
    initiative = loaded.initiatives["274"]
    for n in range(1, 13):
        world.k.app.execute(
            RecordDecision(
                text=f"Beslut nummer {n:02d}",
                decision_date=date(2026, 1, n),
                decided_by_body="Styrgruppen",
                initiative_ids=[initiative],
            ),
            SYSTEM,
        )
    world.k.projector.catch_up()
    with world.session(world.member) as client:
        page = client.get(f"/initiatives/{initiative}").text
        shown = set(re.findall(r"Beslut nummer (\d\d)", page))
        assert shown == {f"{n:02d}" for n in range(3, 13)}
        assert f'href="/initiatives/{initiative}/decisions"' in page and "Alla 12 beslut" in page
        everything = client.get(f"/initiatives/{initiative}/decisions")
        assert everything.status_code == 200
        assert set(re.findall(r"Beslut nummer (\d\d)", everything.text)) == {
            f"{n:02d}" for n in range(1, 13)
        }
        assert client.get("/initiatives/not-an-id/decisions").status_code == 404


def test_a_page_that_does_not_exist(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    with world.session(world.member) as client:
        for path in (
            "/initiatives/not-an-id",
            f"/initiatives/{UUID(int=7)}",
            f"/arenas/{UUID(int=7)}",
        ):
            missing = client.get(path)
            assert missing.status_code == 404 and "Sidan finns inte" in missing.text
            assert 'href="/arenas"' in missing.text, "the menu is still there"


def test_the_session_cookie_is_secure_behind_https(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    https = {"X-Forwarded-Proto": "https"}  # as a TLS proxy on 127.0.0.1 says
    with world.client() as client:
        url = world.link(world.member)
        shown = client.get(url, headers=https)
        assert "Secure" in shown.headers["set-cookie"]  # the anonymous CSRF cookie
        token = csrf_of(shown.text)
        # httpx keeps Secure cookies for https; the proxy would have passed it on.
        cookie = {"Cookie": f"samverka_csrf={token}"}
        done = client.post(url, data={"csrf": token}, headers={**https, **cookie})
    assert done.status_code == 303
    assert "Secure" in done.headers["set-cookie"]


def _done_form(home: str) -> tuple[str, dict[str, str]]:
    """The first "mark done" form of the overview: its action and fields."""
    found = re.search(
        r'action="(/actions/[^"]+/done)"[^>]*>\s*<input type="hidden" name="csrf" value="([^"]+)">'
        r'\s*<input type="hidden" name="form_id" value="([^"]+)">',
        home,
    )
    assert found, "the overview has no form to mark an action item done"
    return found.group(1), {"csrf": found.group(2), "form_id": found.group(3)}


def test_marking_my_action_item_done(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    item = "Ta fram förslag på teman för kommande möten"
    with world.session(world.moderator) as client:
        action, fields = _done_form(client.get("/").text)
        refused = client.post(action, data={"form_id": fields["form_id"]})
        assert refused.status_code == 403
        assert item in client.get("/").text, "nothing was recorded without the CSRF token"
        done = client.post(action, data=fields)
        assert done.status_code == 303 and done.headers["location"] == "/"
        again = client.post(action, data=fields)  # a double click: the same command
        assert again.status_code == 303
        assert item not in client.get("/").text
    (event,) = [e for e in world.k.trail.everything() if e["event_type"] == "ActionItemCompleted"]
    assert event["channel"] == "web" and event["actor_id"] == world.moderator


def test_marking_done_with_htmx_answers_the_line(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    with world.session(world.moderator) as client:
        action, fields = _done_form(client.get("/").text)
        line = client.post(action, data=fields, headers={"HX-Request": "true"})
        assert line.status_code == 200 and line.text.strip().startswith("<li>")
        assert "Markerad som klar" in line.text
        other = {**fields, "form_id": "another-form-id-0123456789"}
        failed = client.post(
            action.replace("/done", "x/done"), data=other, headers={"HX-Request": "true"}
        )
    assert failed.status_code == 200 and 'role="alert"' in failed.text


def test_someone_else_cannot_mark_my_action_item_done(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    with world.session(world.moderator) as client:
        action, _ = _done_form(client.get("/").text)
    participant = str(loaded.persons["anna"])
    with world.session(participant) as client:
        home = client.get("/").text
        answer = client.post(action, data={"csrf": csrf_of(home)})
    assert answer.status_code == 422 and "Det gick inte" in answer.text


def test_answering_a_meeting_invitation(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    with world.session(world.moderator) as client:
        home = client.get("/").text
        found = re.search(r'action="(/meetings/[^"]+/rsvp)"', home)
        assert found
        action = found.group(1)
        fields = {"csrf": csrf_of(home), "form_id": "rsvp-form-0123456789ab"}
        assert client.post(action, data={"response": "accepted"}).status_code == 403
        done = client.post(action, data={**fields, "response": "accepted"})
        assert done.status_code == 303
        home = client.get("/").text
        assert home.count("mitt svar: kommer") == 1 and 'aria-pressed="true"' in home
        line = client.post(
            action,
            data={**fields, "form_id": "rsvp-form-2nd-0123456789", "response": "declined"},
            headers={"HX-Request": "true"},
        )
        assert line.status_code == 200 and line.text.startswith("<li>")
        assert "mitt svar: kommer inte" in line.text and 'role="status"' in line.text
        bad = client.post(
            action, data={**fields, "form_id": "rsvp-3rd-0123456789ab", "response": "perhaps"}
        )
        assert bad.status_code == 422 and "Det gick inte" in bad.text
    events = [e["event_type"] for e in world.k.trail.everything() if e["channel"] == "web"]
    # The meeting is planned with its first answer; none for the refused ones.
    assert events == ["Planned", "RsvpRecorded", "RsvpRecorded"]


def test_answering_my_check_in(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    round_id = open_round(world, loaded)
    with world.session(world.member) as client:
        home = client.get("/").text
        assert f'href="/checkins/{round_id}"' in home
        form = client.get(f"/checkins/{round_id}")
        assert form.status_code == 200
        for shown in (
            'type="radio"',
            'value="on-track"',
            "på spår",
            "Digitalt",
            "<textarea",
            'inputmode="decimal"',
            "obligatorisk",
        ):
            assert shown in form.text
        fields = {"csrf": csrf_of(form.text), "form_id": "checkin-form-0123456789"}
        wrong = client.post(
            f"/checkins/{round_id}", data={**fields, "q-health": "on-track", "q-people": "många"}
        )
        assert wrong.status_code == 422
        assert 'id="q-people-error"' in wrong.text and 'aria-invalid="true"' in wrong.text
        assert 'value="on-track" checked' in wrong.text, "what was given stays"
        assert 'href="#q-people"' in wrong.text
        missing = client.post(f"/checkins/{round_id}", data={**fields, "q-people": "12"})
        assert missing.status_code == 422 and 'id="q-health-error"' in missing.text
        answer = {
            **fields,
            "q-health": "at-risk",
            "q-people": "12",
            "q-form": "Digitalt",
            "q-note": "Bra möte",
        }
        done = client.post(f"/checkins/{round_id}", data=answer)
        assert done.status_code == 303
        assert done.headers["location"] == f"/checkins/{round_id}?saved=1"
        again = client.get(done.headers["location"]).text
        assert 'role="status"' in again and "Bra möte" in again
        assert 'value="at-risk" checked' in again and 'value="12"' in again
        assert "besvarad" in client.get("/").text
    assert world.k.checkins.answers_of(round_id, world.member) == {
        "health": "at-risk",
        "people": 12,
        "form": "Digitalt",
        "note": "Bra möte",
    }
    with world.session(str(loaded.persons["jessica"])) as client:  # not asked
        assert client.get(f"/checkins/{round_id}").status_code == 404
