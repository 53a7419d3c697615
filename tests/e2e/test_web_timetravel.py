"""Tidsresa over real HTTP: an auditor opens an initiative as it was before
changes made in the test (one on the web, one from Slack) and sees the page
as it was, marked as historical and without forms, and what changed since:
field by field, who made each change, when and through which door; the
initiative's history event by event with the state after each; the same for
a grant and its ledger. A wrong date is said at its field; a moment before
the thing existed says so; a member gets 403."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime
from uuid import UUID

import httpx

from domain import commands as c
from domain.access import ApiRole
from domain.meetings.commands import AddInvitee
from domain.meta import make_meta
from samverka.demo import Loaded
from services.i18n import STOCKHOLM
from services.queries.audit import AuditFilter
from tests.e2e.server import issue_token
from tests.e2e.test_web_audit import make_auditor
from tests.e2e.test_web_funds import _grant_link, book, funds
from tests.e2e.web_world import (
    WebWorld,
    add_person,
    container,
    demo,
    notifier,
    post_form,
    settings,
)

__all__ = ["container", "demo", "funds", "notifier", "settings"]  # the fixtures used here


def moment_passed(k_now: datetime) -> datetime:
    """The moment given, and the wall clock past its second (events are
    stamped by the wall clock; the form's time is to the second)."""
    while datetime.now(UTC) < k_now.replace(microsecond=999999):
        time.sleep(0.02)
    return k_now


def last_version(world: WebWorld, thing: str) -> tuple[int, datetime]:
    """The thing's last version and when it was recorded (its last audit line)."""
    rows, _ = world.k.trail.page(AuditFilter(aggregate_id=thing), limit=10_000)
    last = rows[-1]
    return int(last["aggregate_version"]), datetime.fromisoformat(str(last["recorded_at"]))


def last_change(world: WebWorld, thing: str) -> datetime:
    return last_version(world, thing)[1]


def as_of_params(at: datetime) -> dict[str, str]:
    local = at.astimezone(STOCKHOLM)
    return {"day": local.date().isoformat(), "time": local.strftime("%H:%M:%S")}


def change_initiative(world: WebWorld, loaded: Loaded, initiative: str) -> None:
    """Bengt revises the goal on the web; Amanda reports health from Slack."""
    with world.session(world.moderator) as client:
        page = client.get(f"/initiatives/{initiative}").text
        goal = {"goal": "En ny målbild från webben", "objectives": "Delmål A"}
        saved = post_form(client, page, f"/initiatives/{initiative}/goal", **goal)
        assert saved.status_code == 303, saved.text
    slack = make_meta(actor=world.member, channel="slack")
    report = c.ReportHealth(initiative_id=UUID(initiative), health="at-risk", comment="Sent")
    world.k.app.execute(report, slack)
    world.k.projector.catch_up()


def test_an_initiative_as_it_was_before_a_change(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    auditor = make_auditor(world.k)
    initiative = str(loaded.initiatives["272"])
    before = moment_passed(last_change(world, initiative))
    old_goal = world.k.plan.get_initiative(initiative)["goal"]  # type: ignore[index]
    change_initiative(world, loaded, initiative)
    with world.session(auditor) as client:
        trail = html.unescape(client.get("/audit", params={"about": initiative}).text)
        assert "via webben" in trail and "via Slack" in trail
        now = client.get(f"/initiatives/{initiative}").text
        assert 'action="/initiatives/' + initiative + '/as-of"' in now
        assert 'type="date"' in now and "Visa som det var" in now
        answer = client.get(f"/initiatives/{initiative}/as-of", params=as_of_params(before))
        assert answer.status_code == 200, answer.text
        page = html.unescape(answer.text)
        assert 'class="historical"' in page and "Så här såg det ut" in page
        main = page.split("<main", 1)[1]
        assert 'method="post"' not in main, "a page as it was has no forms"
        plan = main.split('id="h-since"', 1)[0]
        assert old_goal in plan and "En ny målbild från webben" not in plan
        since = main.split('id="h-since"', 1)[1]
        assert "En ny målbild från webben" in since and old_goal in since
        assert "Bengt Stavenow" in since and "via webben" in since
        assert "Amanda Romare" in since and "via Slack" in since
        assert "i fara" in since or "risk" in since
        # Now, the same form gives today's page: nothing changed since.
        today = as_of_params(datetime.now(UTC))
        latest = html.unescape(client.get(f"/initiatives/{initiative}/as-of", params=today).text)
        assert "Inget har ändrats sedan dess." in latest

        history = html.unescape(client.get(f"/initiatives/{initiative}/history").text)
        assert "Historik" in history and "Samverka skapade initiativ 2.7.2" in history
        steps = re.findall(r'<li id="v(\d+)">', history)
        assert steps and steps == sorted(steps, key=int)
        assert "Status" in history and "Deltagare" in history

        wrong = client.get(f"/initiatives/{initiative}/as-of", params={"day": "31/1 2022"})
        assert wrong.status_code == 422
        assert 'id="travel-day-error"' in wrong.text and 'aria-invalid="true"' in wrong.text
        early = client.get(
            f"/initiatives/{initiative}/as-of", params={"day": "2001-01-31", "time": "12:00"}
        )
        assert early.status_code == 200 and "fanns inte ännu" in html.unescape(early.text)
    with world.session(world.member) as member:
        refused = member.get(f"/initiatives/{initiative}/as-of", params=as_of_params(before))
        assert refused.status_code == 403
        assert member.get(f"/initiatives/{initiative}/history").status_code == 403
        mine = member.get(f"/initiatives/{initiative}").text
        assert "/as-of" not in mine


def _book(client: httpx.Client, grant: str, initiative: str) -> None:
    book(client, grant, client.get(grant).text, initiative)


def test_a_grant_as_it_was_before_a_booking(funds: tuple[WebWorld, Loaded, str]) -> None:
    world, loaded, fund = funds
    auditor = make_auditor(world.k)
    with world.session(fund) as client:
        listing = client.get("/funds").text
        grant = _grant_link(listing, "Brukarmedverkan")
        if "2022" not in client.get(grant).text.split("<h1>", 1)[1].split("</h1>")[0]:
            grant = _grant_link(listing.split("Bidrag 2022", 1)[1], "Brukarmedverkan")
        grant_id = grant.rsplit("/", 1)[1]
        before = moment_passed(last_change(world, grant_id))
        _book(client, grant, str(loaded.initiatives["dal4b"]))
        world.k.projector.catch_up()
    with world.session(auditor) as client:
        now = html.unescape(client.get(grant).text)
        assert "Visa som det var" in now and "125 000 kr" in now
        answer = client.get(f"{grant}/as-of", params=as_of_params(before))
        assert answer.status_code == 200, answer.text
        page = html.unescape(answer.text)
        main = page.split("<main", 1)[1]
        assert 'class="historical"' in main and 'method="post"' not in main
        ledger = main.split('id="h-since"', 1)[0]
        assert "125 000 kr" not in ledger
        since = main.split('id="h-since"', 1)[1]
        assert "125 000 kr" in since and "via webben" in since
        assert "Bokat" in since and "Huvudbok" in ledger  # a balance then and now
        report = client.get("/funds/report/as-of", params={"year": "2022", **as_of_params(before)})
        assert report.status_code == 200, report.text
        said = html.unescape(report.text).split("<main", 1)[1]
        assert 'class="historical"' in said and 'method="post"' not in said
        assert "125 000" in said.split('id="h-since"', 1)[1]
        live = html.unescape(client.get("/funds/report", params={"year": "2022"}).text)
        assert 'action="/funds/report/as-of"' in live and 'name="year" value="2022"' in live
        no_year = client.get("/funds/report/as-of", params=as_of_params(before))
        assert no_year.status_code == 422
        history = html.unescape(client.get(f"{grant}/history").text)
        assert "Historik" in history and "Beviljat" in history and "Ej förbrukat" in history
        assert "via webben" in history


def test_the_api_gives_an_initiative_and_a_grant_as_they_were(
    funds: tuple[WebWorld, Loaded, str],
) -> None:
    world, loaded, _ = funds
    k = world.k
    initiative = str(loaded.initiatives["272"])
    before = moment_passed(last_change(world, initiative))
    change_initiative(world, loaded, initiative)
    _, token = issue_token(k, "Anna API-granskare", ApiRole.AUDITOR)
    _, member = issue_token(k, "Max Medlem", ApiRole.MEMBER, arena=(world.arena, "participant"))
    grant = str(k.funds.grants_page(limit=1, offset=0, year=2022).items[0]["id"])  # type: ignore[union-attr]
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=world.base, headers=auth) as api:
        path = f"/api/v1/initiatives/{initiative}/as-of"
        answer = api.get(path, params={"as_of": before.isoformat()})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["then"]["goal"] != "En ny målbild från webben"
        assert body["now"]["goal"] == "En ny målbild från webben"
        assert {d["field"] for d in body["diff"]} >= {"goal", "health"}
        channels = {line["channel"] for line in body["changes"]}
        assert channels == {"web", "slack"} and not body["more_changes"]
        naive = api.get(path, params={"as_of": "2026-01-31T12:00:00"})
        assert naive.status_code == 422
        early = api.get(path, params={"as_of": "2001-01-31T12:00:00+01:00"})
        assert early.status_code == 404
        ledger = api.get(
            f"/api/v1/funds/grants/{grant}/as-of", params={"as_of": datetime.now(UTC).isoformat()}
        )
        assert ledger.status_code == 200, ledger.text
        assert ledger.json()["then"]["lines"] and ledger.json()["diff"] == []
    with httpx.Client(base_url=world.base, headers={"Authorization": f"Bearer {member}"}) as api:
        refused = api.get(path, params={"as_of": before.isoformat()})
        assert refused.status_code == 403


def test_an_arena_as_it_was_before_a_new_member(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    auditor = make_auditor(world.k)
    arena = str(world.arena)
    before = moment_passed(last_change(world, arena))
    newcomer = add_person(world.k, "Nora Nykomling", "nora@example.se", world.arena, "participant")
    world.k.projector.catch_up()
    with world.session(auditor) as client:
        now = html.unescape(client.get(f"/arenas/{arena}").text)
        assert "Nora Nykomling" in now and 'action="/arenas/' + arena + '/as-of"' in now
        answer = client.get(f"/arenas/{arena}/as-of", params=as_of_params(before))
        assert answer.status_code == 200, answer.text
        page = html.unescape(answer.text).split("<main", 1)[1]
        then, since = page.split('id="h-since"', 1)
        assert 'class="historical"' in then and "Nora Nykomling" not in then
        assert "Medlem" in since and "Nora Nykomling" in since and "via kommandoraden" in since
        # Its initiatives then (those created by then) open as they were.
        assert "/as-of?day=" in then or "Inga initiativ ännu." in then
        history = html.unescape(client.get(f"/arenas/{arena}/history").text)
        assert "Nora Nykomling" in history and "Medlemmar" in history
    assert newcomer
    with world.session(world.member) as member:
        assert member.get(f"/arenas/{arena}/as-of", params=as_of_params(before)).status_code == 403


def test_a_series_as_it_was_before_an_invitation(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    k = world.k
    series = str(loaded.series["272"])
    before = moment_passed(last_change(world, series))
    newcomer = add_person(k, "Nora Nykomling", "nora@example.se", world.arena, "participant")
    invite = AddInvitee(series_id=UUID(series), person_id=UUID(newcomer))
    k.app.execute(invite, make_meta(actor=world.moderator, channel="email"))
    k.projector.catch_up()
    auditor = make_auditor(k)
    with world.session(auditor) as client:
        answer = client.get(f"/series/{series}/as-of", params=as_of_params(before))
        assert answer.status_code == 200, answer.text
        page = html.unescape(answer.text).split("<main", 1)[1]
        then, since = page.split('id="h-since"', 1)
        assert 'class="historical"' in then and "Nora Nykomling" not in then
        assert "Nora Nykomling" in since and "via e-post" in since
        assert "Bengt Stavenow" in since
        history = html.unescape(client.get(f"/series/{series}/history").text)
        assert "Inbjudna" in history and "Nora Nykomling" in history
    with world.session(world.moderator) as runner:  # the series is theirs: its page has the form
        mine = runner.get(f"/series/{series}").text
        assert f'action="/series/{series}/as-of"' in mine
        assert runner.get(f"/series/{series}/as-of", params=as_of_params(before)).status_code == 200
    with world.session(newcomer) as member:  # Amanda is its secretary; Nora runs nothing
        assert member.get(f"/series/{series}/as-of", params=as_of_params(before)).status_code == 403
