"""A series' Teams channel in the moderator's work, over real HTTP against
the fake Bot Connector: a series made with `möte ny` in a channel is that
channel's; `närvaro` and `stäng mötet` typed in a channel act on the
meeting of the channel's series (else on the moderator's of today); the
minutes of a closed meeting are posted in the series' channel; and the
evaluation prompt reaches a Teams-linked moderator as the evaluation's
form. A fixed clock (tests/e2e/slack_world.NOW, during a meeting)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest

from domain.meetings import commands as m
from domain.meta import make_meta
from services.i18n import STOCKHOLM
from tests.adaptive_cards import assert_valid_card
from tests.e2e.chat_moderation import schedule_older_series, was_evaluated
from tests.e2e.fake_teams import TENANT_ID
from tests.e2e.teams_world import BENGT, CHANNEL, TeamsWorld
from tests.e2e.test_teams_moderator import card, inputs, pg_world, world
from tests.e2e.test_teams_proactive import dispatch, install, link_channel, run_job

pytestmark = pytest.mark.slow
__all__ = ["pg_world", "world"]  # the fixtures used here

BENGT_CHAT = {"id": "a:personal-bengt", "conversationType": "personal", "tenantId": TENANT_ID}
# A message in the channel: its conversation id names the thread.
IN_CHANNEL = CHANNEL | {"id": f"{CHANNEL['id']};messageid=1768216200000"}
TODAY = date(2027, 1, 12)


def send(
    w: TeamsWorld, action: dict[str, Any], conversation: dict[str, str], **typed: Any
) -> dict[str, Any]:
    return w.say("", sender=BENGT, conversation=conversation, value=action["data"] | typed)


def other_series_now(w: TeamsWorld, title: str = "Styrgruppen", start_time: str = "12:10") -> UUID:
    """A second series Bengt runs, meeting today (by default nearer to now
    than the channel's series: what the fallback, the moderator's meeting of
    today, finds)."""
    command = m.ScheduleSeries(
        title=title,
        moderator_id=w.ids["bengt"],
        initiative_id=w.ids["i272"],
        starts_on=TODAY,
        weekday=1,
        start_time=start_time,
    )
    found = w.k.app.execute(command, make_meta(actor="system", channel="cli")).aggregate_id
    w.k.projector.catch_up()
    return UUID(str(found))


def typed_series(w: TeamsWorld, title: str) -> dict[str, str]:
    return {
        "title": title,
        "scope": f"i:{w.ids['i272']}",
        "weekday": "4",
        "start_time": "13:00",
        "duration_minutes": "60",
        "interval_weeks": "2",
        "starts_on": "2027-03-19",
        "moderator": str(w.ids["bengt"]),
        "secretary": "",
        # Not a Teams field: a forged Slack channel is not taken.
        "channel": "#annat",
    }


def make_series(w: TeamsWorld, title: str, conversation: dict[str, str]) -> dict[str, Any]:
    said = w.say(f"möte ny {title}", sender=BENGT, conversation=conversation)
    form = card(said)
    assert_valid_card(form)
    assert "channel" not in inputs(form)
    preview = card(send(w, form["actions"][0], conversation, **typed_series(w, title)))
    assert "channel" not in preview["actions"][0]["data"]["form"]
    assert "schemalagd" in send(w, preview["actions"][0], conversation)["text"]
    w.k.projector.catch_up()
    [row] = [r for r in w.k.meetings.list_series() if r["title"] == title]
    return row


def test_a_series_made_in_a_channel_is_that_channels(world: TeamsWorld) -> None:
    form = card(world.say("möte ny", sender=BENGT, conversation=IN_CHANNEL))
    shown = str(form["body"])
    assert "Påminnelser och minnesanteckningar skickas till den här kanalen" in shown
    before = world.events()
    here = make_series(world, "Kanalmöte", IN_CHANNEL)
    assert here["teams_channel"] == CHANNEL["id"]  # the thread's message id dropped
    assert here["slack_channel"] == ""
    in_channel = world.events() - before
    personal = card(world.say("möte ny", sender=BENGT, conversation=BENGT_CHAT))
    assert "kanalen" not in str(personal["body"])
    before = world.events()
    elsewhere = make_series(world, "Chattmöte", BENGT_CHAT)
    assert elsewhere["teams_channel"] == "" and elsewhere["slack_channel"] == ""
    assert in_channel == world.events() - before + 1  # and TeamsChannelSet, in one command


def test_a_series_channel_that_is_not_a_teams_channel_is_refused_by_the_domain(
    world: TeamsWorld,
) -> None:
    from domain.errors import ValidationFailed

    command = m.ScheduleSeries(
        title="Fel kanal",
        moderator_id=world.ids["bengt"],
        initiative_id=world.ids["i272"],
        starts_on=TODAY,
        weekday=1,
        teams_channel="#delarena-27",
    )
    before = world.events()
    with pytest.raises(ValidationFailed) as refused:
        world.k.app.execute(command, make_meta(actor="system", channel="cli"))
    assert refused.value.field == "teams_channel"
    assert world.events() == before


def test_attendance_and_close_in_a_channel_act_on_the_channels_series(world: TeamsWorld) -> None:
    link_channel(world, CHANNEL["id"])
    other = other_series_now(world)
    series = world.ids["series"]
    # In his personal chat: Bengt's meeting nearest to now (the other series).
    chat = card(world.say("närvaro", sender=BENGT, conversation=BENGT_CHAT))
    assert chat["actions"][0]["data"]["meeting"].startswith(str(other))
    # In the channel: the meeting of the channel's series.
    attendance = card(world.say("närvaro", sender=BENGT, conversation=IN_CHANNEL))
    assert_valid_card(attendance)
    assert attendance["actions"][0]["data"]["meeting"] == f"{series}|{TODAY.isoformat()}"
    said = send(world, attendance["actions"][0], IN_CHANNEL, present=str(world.ids["anna"]))
    assert "1 närvarande" in said["text"]
    assert "stängt" in world.say("stäng mötet", sender=BENGT, conversation=IN_CHANNEL)["text"]
    world.k.projector.catch_up()
    closed = world.k.meetings.meeting_on(series, TODAY)
    assert closed is not None and closed["state"] == "closed"
    still = world.k.meetings.meeting_on(other, TODAY)
    assert still is None or still["state"] != "closed"


def test_closing_late_in_a_channel_still_closes_the_channels_meeting(world: TeamsWorld) -> None:
    """Past the meeting's window (two hours after it ended), `stäng mötet` in
    the channel closes the channel's meeting of today, though another of
    Bengt's meetings is nearer to now."""
    link_channel(world, CHANNEL["id"])
    later = datetime(2027, 1, 12, 16, 0, tzinfo=STOCKHOLM)
    other = other_series_now(world, "Eftermiddagen", "15:30")
    world.k.clock.set(later)  # type: ignore[attr-defined]
    activity = world.activity("stäng mötet", BENGT, conversation=IN_CHANNEL)
    token = world.ms.issuer.token(service_url=world.ms.connector.url, now=later)
    before = len(world.ms.connector.sent)
    response = world.post(activity, token=token)  # returns once the reply is posted
    assert response.status_code == 200, response.text
    [reply] = world.ms.connector.replies()[before:]
    assert "stängt" in reply["text"]
    world.k.projector.catch_up()
    closed = world.k.meetings.meeting_on(world.ids["series"], TODAY)
    assert closed is not None and closed["state"] == "closed"
    still = world.k.meetings.meeting_on(other, TODAY)
    assert still is None or still["state"] != "closed"


def test_closing_posts_the_minutes_in_the_series_teams_channel_once(world: TeamsWorld) -> None:
    install(world, BENGT, CHANNEL)
    link_channel(world, CHANNEL["id"])
    world.say("stäng mötet", sender=BENGT, conversation=IN_CHANNEL)
    world.k.projector.catch_up()
    key = f"meeting:{world.ids['series']}:{TODAY.isoformat()}:minutes"
    assert run_job(world, key) == "queued"
    before = len(world.ms.connector.cards(CHANNEL["id"]))
    dispatch(world)
    posted = world.ms.connector.cards(CHANNEL["id"])[before:]
    [minutes] = posted
    assert_valid_card(minutes)
    assert "Minnesanteckningar" in minutes["body"][0]["text"]
    said = minutes["body"][1]["text"]
    assert "Öppet samordningsmöte" in said and "\n\nNärvarande: " in said
    dispatch(world)
    assert len(world.ms.connector.cards(CHANNEL["id"])) == before + 1


def test_the_evaluation_prompt_reaches_a_teams_moderator_as_its_form(world: TeamsWorld) -> None:
    install(world, BENGT, BENGT_CHAT)
    older = schedule_older_series(world.k, world.ids["bengt"], world.ids["i272"])
    key = f"series:{older}:evaluate"
    assert run_job(world, key) == "queued"
    dispatch(world)
    [prompt] = world.ms.connector.cards(BENGT_CHAT["id"])
    assert_valid_card(prompt)
    assert "Höstens möten" in prompt["body"][0]["text"]
    assert {"verdict", "comment"} <= set(inputs(prompt))
    [save] = prompt["actions"]
    assert save["data"] == {"action": "samverka.mod.evaluate", "series": str(older)}
    said = send(world, save, BENGT_CHAT, verdict="change", comment="Kortare möten")
    assert "Tack" in said["text"]
    assert was_evaluated(world.k, older)
    dispatch(world)
    assert len(world.ms.connector.cards(BENGT_CHAT["id"])) == 1


@pytest.mark.postgres
def test_a_channels_series_made_closed_and_its_minutes_posted_on_postgresql(
    pg_world: TeamsWorld,
) -> None:
    w = pg_world
    install(w, BENGT, CHANNEL)
    made = make_series(w, "Kanalmöte", IN_CHANNEL)
    assert made["teams_channel"] == CHANNEL["id"]
    link_channel(w, CHANNEL["id"])  # today's meeting is the world's series'
    assert "stängt" in w.say("stäng mötet", sender=BENGT, conversation=IN_CHANNEL)["text"]
    w.k.projector.catch_up()
    assert run_job(w, f"meeting:{w.ids['series']}:{TODAY.isoformat()}:minutes") == "queued"
    dispatch(w)
    dispatch(w)
    posted = w.ms.connector.cards(CHANNEL["id"])
    [minutes] = [c for c in posted if c["body"][0]["text"].startswith("Minnesanteckningar")]
    assert_valid_card(minutes)
