"""Proactive Teams messages over real HTTP: the scheduler's notifications go
through the Notifier port to the fake Bot Connector — check-in prompts as a
card in a person's chat with the bot (its button opens the form), meeting
reminders with the agenda in the series' Teams channel — each key and
conversation posted once, a 429 waited out. The clock is fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from adapters.teams.connector import Connector
from adapters.teams.notices import CHECKIN_OPEN
from adapters.teams.notifier import TeamsNotifier
from domain.errors import ValidationFailed
from domain.meetings import commands as m
from domain.meta import make_meta
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from services.notifications import Addressee, DeliveryIncomplete, OutgoingNotification
from tests.adaptive_cards import assert_valid_card
from tests.e2e.fake_teams import TENANT_ID
from tests.e2e.teams_world import ANNA, BENGT, BOT, CHANNEL, TeamsWorld, teams_world

pytestmark = pytest.mark.slow

BENGT_CHAT = {"id": "a:personal-bengt", "conversationType": "personal", "tenantId": TENANT_ID}
ANNA_CHAT = {"id": "a:personal-anna", "conversationType": "personal", "tenantId": TENANT_ID}


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TeamsWorld]:
    with teams_world(tmp_path, monkeypatch) as w:
        yield w


def install(w: TeamsWorld, sender: dict[str, Any], conversation: dict[str, str]) -> None:
    """The app is installed for `sender` (or in a team's channel)."""
    update = w.activity(
        None, sender, type="conversationUpdate", membersAdded=[BOT], conversation=conversation
    )
    assert w.post(update).status_code == 200


def run_job(w: TeamsWorld, key: str) -> str:
    k = w.k
    return JobRunner(k.app, k.engines, k.projector, k.clock.now, SchedulerConfig()).run(key)


def dispatch(w: TeamsWorld) -> int:
    k = w.k
    assert k.notifier is not None
    cfg = SchedulerConfig()
    return Dispatcher(k.app, k.engines, k.projector, k.notifier, k.clock.now, cfg).run_once()


def delivered_channels(w: TeamsWorld, key: str) -> dict[str, str]:
    w.k.projector.catch_up()
    with w.k.engines.read.connect() as conn:
        from projections.meetings import queries as mq

        [row] = [r for r in mq.notifications(conn, limit=100) if r["key"] == key]
    assert row["state"] == "sent"
    return dict(row["channels"])


def notifier(w: TeamsWorld) -> TeamsNotifier:
    config = w.k.settings.teams
    return TeamsNotifier(Connector(config), w.store, config, w.k.clock.now)


# -- check-in prompts ------------------------------------------------------------------------


def test_a_checkin_prompt_reaches_a_linked_person_in_teams_once_despite_a_429(
    world: TeamsWorld,
) -> None:
    install(world, BENGT, BENGT_CHAT)  # Bengt is linked by the CLI; Anna is not
    world.ms.connector.throttle = 1
    world.ms.connector.retry_after = "1"
    key = f"round:{world.ids['round_id']}:notice"
    assert run_job(world, key) == "queued"
    assert dispatch(world) == 1
    [card] = world.ms.connector.cards(BENGT_CHAT["id"])
    assert world.ms.connector.throttled == 1  # waited out, then posted once
    assert_valid_card(card)
    assert "Läget i 2.7.2" in card["body"][0]["text"]
    [button] = card["actions"]
    assert button["data"] == {"action": CHECKIN_OPEN, "round_id": str(world.ids["round_id"])}
    channels = delivered_channels(world, key)
    assert channels[str(world.ids["bengt"])] == "teams"
    assert channels[str(world.ids["anna"])] == "email"  # no Teams link: as before
    assert dispatch(world) == 0  # sent: nothing more goes out
    assert len(world.ms.connector.cards(BENGT_CHAT["id"])) == 1


def test_the_prompts_button_opens_the_form_and_the_answer_is_recorded(world: TeamsWorld) -> None:
    install(world, BENGT, BENGT_CHAT)
    round_id = str(world.ids["round_id"])
    opened = world.say(
        "", BENGT, conversation=BENGT_CHAT, value={"action": CHECKIN_OPEN, "round_id": round_id}
    )
    [attachment] = opened["attachments"]
    form = attachment["content"]
    assert_valid_card(form)
    assert form["actions"][0]["data"] == {"action": "samverka.checkin", "round_id": round_id}
    answer = form["actions"][0]["data"] | {"q:health": "on-track"}
    said = world.say("", BENGT, conversation=BENGT_CHAT, value=answer)
    assert "sparat" in said["text"]
    world.k.projector.catch_up()
    answers = world.k.checkins.answers_of(round_id, str(world.ids["bengt"]))
    assert answers is not None and answers["health"] == "on-track"


def test_a_button_for_a_round_that_is_not_open_answers_so(world: TeamsWorld) -> None:
    install(world, BENGT, BENGT_CHAT)
    value = {"action": CHECKIN_OPEN, "round_id": "5f0c5a3e-0000-4000-8000-000000000009"}
    said = world.say("", BENGT, conversation=BENGT_CHAT, value=value)
    assert "stängd" in said["text"]


def test_a_retry_posts_only_what_is_missing(world: TeamsWorld) -> None:
    """Bengt's card is posted, Anna's conversation fails for now; the retry
    posts Anna's and not Bengt's again. A conversation Teams says is gone
    makes the person unreachable, not retried."""
    world.store.link(ANNA["aadObjectId"], str(world.ids["anna"]), "cli", world.k.clock.now())
    install(world, BENGT, BENGT_CHAT)
    install(world, ANNA, ANNA_CHAT)
    people = (
        Addressee(str(world.ids["bengt"]), "Bengt", "email"),
        Addressee(str(world.ids["anna"]), "Anna", "slack"),
    )
    notice = OutgoingNotification(
        key="round:r1:notice",
        kind="checkin-open",
        subject="Läget i 2.7.2",
        text="Svara senast torsdag.\n\n- Hur går det?",
        recipients=people,
        data={"round_id": str(world.ids["round_id"])},
    )
    world.ms.connector.refuse = {ANNA_CHAT["id"]: 502}
    with pytest.raises(DeliveryIncomplete) as partly:
        notifier(world).send(notice)
    assert partly.value.delivered == {str(world.ids["bengt"]): "teams"}
    assert set(partly.value.failed) == {str(world.ids["anna"])}
    world.ms.connector.refuse = {}
    assert notifier(world).send(notice) == {p.person_id: "teams" for p in people}
    assert len(world.ms.connector.cards(BENGT_CHAT["id"])) == 1
    assert len(world.ms.connector.cards(ANNA_CHAT["id"])) == 1
    world.ms.connector.refuse = {ANNA_CHAT["id"]: 403}
    again = OutgoingNotification(**{**notice.__dict__, "key": "round:r1:remind:24"})
    with pytest.raises(DeliveryIncomplete) as gone:
        notifier(world).send(again)
    assert set(gone.value.unreachable) == {str(world.ids["anna"])}
    # Removed or blocked: Anna is not sent to Teams again (Slack or e-mail instead).
    assert notifier(world).prefer(people[1]) is None
    assert notifier(world).prefer(people[0]) == "teams"


def test_who_goes_to_teams(world: TeamsWorld) -> None:
    install(world, BENGT, BENGT_CHAT)
    teams = notifier(world)
    bengt, anna = str(world.ids["bengt"]), str(world.ids["anna"])
    assert teams.prefer(Addressee(bengt, "Bengt", "email")) == "teams"
    assert teams.prefer(Addressee(bengt, "Bengt", "email", reach="auto")) == "teams"
    assert teams.prefer(Addressee(bengt, "Bengt", "email", reach="email")) is None
    assert teams.prefer(Addressee(anna, "Anna", "slack")) is None  # not linked to Teams
    world.store.link(ANNA["aadObjectId"], anna, "cli", world.k.clock.now())
    assert teams.prefer(Addressee(anna, "Anna", "slack")) is None  # linked, never installed


# -- the series' channel ---------------------------------------------------------------------


def link_channel(w: TeamsWorld, conversation: str | None) -> None:
    command = m.SetTeamsChannel(series_id=w.ids["series"], conversation_id=conversation)
    w.k.app.execute(command, make_meta(actor=str(w.ids["bengt"]), channel="cli"))
    w.k.projector.catch_up()


def test_a_meeting_reminder_with_the_agenda_goes_to_the_series_channel_once(
    world: TeamsWorld,
) -> None:
    install(world, BENGT, CHANNEL)  # the app is added to the team
    link_channel(world, CHANNEL["id"] + ";messageid=1768216200000")
    series = world.k.meetings.get_series(str(world.ids["series"]))
    assert series is not None and series["teams_channel"] == CHANNEL["id"]
    key = f"meeting:{world.ids['series']}:2027-01-26:remind"
    assert run_job(world, key) == "queued"
    dispatch(world)
    [card] = world.ms.connector.cards(CHANNEL["id"])
    assert_valid_card(card)
    texts = [b.get("text", "") for b in card["body"]]
    assert any("1. Välkommen" in text and "2. Runda" in text for text in texts)
    facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
    assert "26 jan" in facts[0]["value"]
    dispatch(world)
    assert len(world.ms.connector.cards(CHANNEL["id"])) == 1


def test_a_round_summary_and_any_other_notice_render_as_valid_cards(world: TeamsWorld) -> None:
    install(world, BENGT, CHANNEL)
    summary = OutgoingNotification(
        key="round:r1:summary",
        kind="round-summary",
        subject="Sammanfattning: Läget i 2.7.2",
        text="2 av 3 svarade.\n\n*På spår*: 1\n[Risk]: 1",
        recipients=(),
        teams_channel=CHANNEL["id"],
    )
    assert notifier(world).send(summary) == {}
    [card] = world.ms.connector.cards(CHANNEL["id"])
    assert_valid_card(card)
    assert "\\*På spår\\*" in card["body"][2]["text"]  # shown as typed, not as emphasis
    assert notifier(world).send(summary) == {}
    assert len(world.ms.connector.cards(CHANNEL["id"])) == 1


def test_a_series_channel_must_look_like_a_teams_channel(world: TeamsWorld) -> None:
    with pytest.raises(ValidationFailed) as refused:
        link_channel(world, "#delarena-27")
    assert refused.value.field == "teams_channel"
    link_channel(world, CHANNEL["id"])
    link_channel(world, None)
    series = world.k.meetings.get_series(str(world.ids["series"]))
    assert series is not None and series["teams_channel"] == ""


# -- message actions -------------------------------------------------------------------------

MESSAGE = {
    "id": "1768216200000",
    "body": {"contentType": "html", "content": "<p>Vi bjuder in <b>Umo</b></p><p>nästa gång</p>"},
    "linkToMessage": "https://teams.microsoft.com/l/message/19:meeting@thread.tacv2/1768216200000",
}


def invoke(
    w: TeamsWorld, name: str, command: str, *, data: dict[str, Any] | None = None, **more: Any
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "commandId": command,
        "commandContext": "message",
        "messagePayload": more.pop("payload", MESSAGE),
    }
    if data is not None:
        value["data"] = data
    conversation = more.pop("conversation", CHANNEL | {"id": f"{CHANNEL['id']};messageid=1"})
    activity = w.activity(
        None, ANNA, type="invoke", name=name, value=value, conversation=conversation, **more
    )
    response = w.post(activity)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_save_as_note_opens_a_dialog_and_saves_the_message_once(world: TeamsWorld) -> None:
    link_channel(world, CHANNEL["id"])
    dialog = invoke(world, "composeExtension/fetchTask", "saveNote")
    task = dialog["task"]
    assert task["type"] == "continue"
    assert task["value"]["title"] == "Spara som mötesanteckning"
    card = task["value"]["card"]["content"]
    assert_valid_card(card)
    [text] = [e for e in card["body"] if e.get("id") == "text"]
    assert text["value"] == "Vi bjuder in Umo\nnästa gång"
    before = world.events()
    saved = invoke(world, "composeExtension/submitAction", "saveNote", data={"text": text["value"]})
    assert "sparad" in saved["task"]["value"]
    after = world.events()
    assert after > before
    data = {"text": text["value"]}
    again = invoke(world, "composeExtension/submitAction", "saveNote", data=data)
    assert "sparad" in again["task"]["value"]  # a double click: recorded once
    other = invoke(world, "composeExtension/submitAction", "saveNote", data={"text": "x"})
    assert "redan" in other["task"]["value"]
    assert world.events() == after
    world.k.projector.catch_up()
    page = world.k.meetings.meeting_on(world.ids["series"], date(2027, 1, 12))
    assert page is not None
    [entry] = page["entries"]
    assert (entry["text"], entry["source"], entry["channel"]) == (
        "Vi bjuder in Umo\nnästa gång",
        MESSAGE["linkToMessage"],
        "teams",
    )
    assert world.ms.connector.sent == []  # answered in the HTTP response only


def test_save_as_decision_with_a_rationale(world: TeamsWorld) -> None:
    link_channel(world, CHANNEL["id"])
    dialog = invoke(world, "composeExtension/fetchTask", "saveDecision")
    card = dialog["task"]["value"]["card"]["content"]
    assert_valid_card(card)
    assert {e.get("id") for e in card["body"]} >= {"text", "rationale"}
    data = {"text": "Vi kör vidare", "rationale": "Alla var överens"}
    saved = invoke(world, "composeExtension/submitAction", "saveDecision", data=data)
    assert "Beslutet" in saved["task"]["value"]
    world.k.projector.catch_up()
    page = world.k.meetings.meeting_on(world.ids["series"], date(2027, 1, 12))
    assert page is not None
    [decided] = page["decisions"]
    found = world.k.plan.get_decision(decided["decision_id"])
    assert found is not None
    assert (found["text"], found["rationale"]) == ("Vi kör vidare", "Alla var överens")
    assert page["entries"][0]["source"] == MESSAGE["linkToMessage"]


def test_message_actions_outside_a_meeting_of_the_channel_record_nothing(
    world: TeamsWorld,
) -> None:
    before = world.events()
    elsewhere = {
        "id": "19:other@thread.tacv2",
        "conversationType": "channel",
        "tenantId": TENANT_ID,
    }
    for name in ("composeExtension/fetchTask", "composeExtension/submitAction"):
        said = invoke(world, name, "saveNote", conversation=elsewhere)
        assert "Inget möte" in said["task"]["value"]
    link_channel(world, CHANNEL["id"])
    empty = {"id": "1", "body": {"contentType": "html", "content": "<p> </p>"}}
    said = invoke(world, "composeExtension/fetchTask", "saveNote", payload=empty)
    assert "ingen text" in said["task"]["value"]
    world.k.projector.catch_up()
    assert world.events() == before + 1  # only the channel link


def test_forgetting_a_person_forgets_what_teams_kept_of_them(world: TeamsWorld) -> None:
    from services.commands import system

    aad = ANNA["aadObjectId"]
    world.store.link(aad, str(world.ids["anna"]), "cli", world.k.clock.now())
    install(world, ANNA, ANNA_CHAT)
    world.store.set_language(f"user:{aad}", "en")
    world.k.erasure.forget(world.ids["anna"], system())
    assert world.store.person_of(aad) is None
    assert world.store.conversation(f"user:{aad}") is None
    assert world.store.language(f"user:{aad}") is None
    assert world.store.person_of(BENGT["aadObjectId"]) == str(world.ids["bengt"])


@pytest.mark.postgres
def test_prompts_reminders_and_message_actions_on_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_schema_url: str
) -> None:
    with teams_world(tmp_path, monkeypatch, pg_schema_url) as w:
        install(w, BENGT, BENGT_CHAT)
        install(w, BENGT, CHANNEL)
        link_channel(w, CHANNEL["id"])
        assert run_job(w, f"round:{w.ids['round_id']}:notice") == "queued"
        assert run_job(w, f"meeting:{w.ids['series']}:2027-01-26:remind") == "queued"
        dispatch(w)
        dispatch(w)
        # Bengt: the prompt and the reminder; the channel: the reminder; once each.
        assert len(w.ms.connector.cards(BENGT_CHAT["id"])) == 2
        assert len(w.ms.connector.cards(CHANNEL["id"])) == 1
        saved = invoke(w, "composeExtension/submitAction", "saveNote", data={})
        assert "sparad" in saved["task"]["value"]
        w.k.projector.catch_up()
        page = w.k.meetings.meeting_on(w.ids["series"], date(2027, 1, 12))
        assert page is not None and page["entries"][0]["channel"] == "teams"
