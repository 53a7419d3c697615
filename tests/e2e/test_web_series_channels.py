"""A series' chat channels on the web, over real HTTP on the demo world: the
Slack channel on the series' page (SetSlackChannel), the
Teams channel on the series' page (the Teams door's and the CLI's
SetTeamsChannel, run with channel `web`), typed as its id or as the link
Teams gives, refused at its field when it is neither, and emptied; the
Slack and Teams channels of a new series (ScheduleSeries, as Slack's
`möte ny` sends them)."""

from __future__ import annotations

from uuid import UUID

import httpx
from httpx import Response

from samverka.demo import Loaded
from tests.e2e.test_web_meetings import new_series_fields
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import WebWorld, add_person, csrf_of, settings

__all__ = ["settings"]  # the fixtures used here

CHANNEL = "19:3f2a9c0e1b7d4a6f@thread.tacv2"
# What Teams copies with "Get link to channel" for that channel.
LINK = (
    "https://teams.microsoft.com/l/channel/19%3a3f2a9c0e1b7d4a6f%40thread.tacv2/"
    "Samordning?groupId=5b1e0000-0000-4000-8000-000000000001&tenantId=11111111-1111"
)


def _channel(world: WebWorld, sid: UUID, column: str = "teams_channel") -> str:
    found = world.k.meetings.get_series(str(sid))
    assert found is not None
    return str(found[column])


def _slack(world: WebWorld, sid: UUID) -> str:
    return _channel(world, sid, "slack_channel")


def _first_save(client: httpx.Client, sid: UUID, which: str, value: str) -> tuple[str, Response]:
    """The series' page offers the `which` (slack, teams) channel's form;
    `value` is saved through it. The page's CSRF token and the answer."""
    page = client.get(f"/series/{sid}").text
    assert f'action="/series/{sid}/{which}-channel"' in page
    csrf = csrf_of(page)
    field = f"{which}-channel"
    return csrf, client.post(f"/series/{sid}/{field}", data={"csrf": csrf, field: value})


def _refused_to_a_participant(world: WebWorld, sid: UUID, which: str) -> None:
    member = add_person(world.k, "Mia Deltagare", "mia@example.se", world.arena, "participant")
    world.k.projector.catch_up()
    with world.session(member) as client:  # no secretary or moderator
        home = client.get("/").text
        field = f"{which}-channel"
        refused = client.post(f"/series/{sid}/{field}", data={"csrf": csrf_of(home), field: ""})
        assert refused.status_code == 403


def test_the_teams_channel_of_a_series(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    sid = loaded.series["272"]
    with world.session(world.member) as client:  # Amanda, the arena's secretary
        csrf, saved = _first_save(client, sid, "teams", LINK)
        assert saved.status_code == 303, saved.text
        shown = client.get(saved.headers["location"]).text
        assert "Teams-kanalen är sparad." in shown and CHANNEL in shown
        assert _channel(world, sid) == CHANNEL
        wrong = client.post(
            f"/series/{sid}/teams-channel", data={"csrf": csrf, "teams-channel": "#samordning"}
        )
        assert wrong.status_code == 422
        assert 'id="teams-channel-error"' in wrong.text and "19:" in wrong.text
        assert _channel(world, sid) == CHANNEL  # nothing recorded
        thread = f"{CHANNEL};messageid=1733390000000"  # an id copied from a thread
        assert (
            client.post(
                f"/series/{sid}/teams-channel", data={"csrf": csrf, "teams-channel": ""}
            ).status_code
            == 303
        )
        assert _channel(world, sid) == ""
        client.post(f"/series/{sid}/teams-channel", data={"csrf": csrf, "teams-channel": thread})
        assert _channel(world, sid) == CHANNEL
    _refused_to_a_participant(world, sid, "teams")
    assert _channel(world, sid) == CHANNEL


def test_a_new_series_with_its_slack_and_teams_channels(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    with world.session(world.moderator) as client:
        form = client.get("/series/new").text
        assert 'name="slack_channel"' in form and 'name="teams_channel"' in form
        csrf = csrf_of(form)
        wrong = client.post(
            "/series/new",
            data=new_series_fields(world, csrf, slack_channel="samordning", teams_channel=LINK),
        )
        assert wrong.status_code == 422
        assert 'id="slack_channel-error"' in wrong.text
        fields = new_series_fields(world, csrf, slack_channel="#samordning", teams_channel=LINK)
        done = client.post("/series/new", data=fields)
        assert done.status_code == 303, done.text
        page = client.get(done.headers["location"]).text
    assert "#samordning" in page and CHANNEL in page
    (series,) = [s for s in world.k.meetings.list_series() if s["title"].startswith("Julens")]
    assert (series["slack_channel"], series["teams_channel"]) == ("#samordning", CHANNEL)


def test_the_slack_channel_of_a_series(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    sid = loaded.series["272"]
    with world.session(world.member) as client:  # Amanda, the arena's secretary
        csrf, saved = _first_save(client, sid, "slack", "#samordning")
        assert saved.status_code == 303, saved.text
        shown = client.get(saved.headers["location"]).text
        assert "Slack-kanalen är sparad." in shown and "#samordning" in shown
        assert _slack(world, sid) == "#samordning"
        wrong = client.post(
            f"/series/{sid}/slack-channel", data={"csrf": csrf, "slack-channel": "samordning"}
        )
        assert wrong.status_code == 422 and 'id="slack-channel-error"' in wrong.text
        assert "<details open>\n    <summary>Slack-kanal</summary>" in wrong.text
        assert _slack(world, sid) == "#samordning"  # nothing recorded
        emptied = client.post(f"/series/{sid}/slack-channel", data={"csrf": csrf})
        assert emptied.status_code == 303 and _slack(world, sid) == ""
        assert (
            client.post(
                f"/series/{sid}/slack-channel", data={"csrf": csrf, "slack-channel": "C024BE91L"}
            ).status_code
            == 303
        )
    _refused_to_a_participant(world, sid, "slack")
    assert _slack(world, sid) == "C024BE91L"
