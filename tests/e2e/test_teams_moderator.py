"""A moderator's work from Teams over real HTTP: a new series with its
preview, inviting (a search by name or an address), attendance, closing
the meeting, moving, cancelling, ending and the evaluation; refused in the
API's words for one who runs no series. Activities with signed tokens, a
fake Bot Connector, a fixed clock; on SQLite, and one flow on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain import commands as c
from domain.meta import make_meta
from services.chat_moderation import refusal
from tests.adaptive_cards import assert_valid_card
from tests.e2e.chat_moderation import make_secretary, schedule_older_series, was_evaluated
from tests.e2e.teams_world import ANNA, BENGT, BOT, CHANNEL, NOBODY, TeamsWorld, teams_world

NOBODY_ACCOUNT = {"id": NOBODY["id"], "name": NOBODY["name"]}

pytestmark = pytest.mark.slow


def _secretarys_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str | None = None
) -> Iterator[TeamsWorld]:
    """The Teams world (on SQLite, or in `database_url`), Bengt a secretary
    of arena 2.7."""
    with teams_world(tmp_path, monkeypatch, database_url) as w:
        make_secretary(w.k, w.ids["bengt"])
        yield w


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TeamsWorld]:
    yield from _secretarys_world(tmp_path, monkeypatch)


@pytest.fixture
def pg_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_schema_url: str
) -> Iterator[TeamsWorld]:
    yield from _secretarys_world(tmp_path, monkeypatch, pg_schema_url)


def card(reply: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = reply["attachments"][0]["content"]
    return content


def inputs(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in found["body"] if "id" in e}


def send(w: TeamsWorld, action: dict[str, Any], **typed: Any) -> dict[str, Any]:
    """Submits a card's action with what was typed; returns the one reply."""
    return w.say("", sender=BENGT, value=action["data"] | typed)


def invite_by_address(w: TeamsWorld, invite: dict[str, Any], address: str) -> dict[str, Any]:
    """Submits the invitation card with an e-mail address only; the reply."""
    return send(w, invite["actions"][0], series=str(w.ids["series"]), people="", email=address)


def new_series(w: TeamsWorld) -> dict[str, Any]:
    form = card(w.say("möte ny Påskmöte", sender=BENGT))
    fields = inputs(form)
    assert fields["title"]["value"] == "Påskmöte"
    assert fields["moderator"]["value"] == str(w.ids["bengt"])
    assert fields["moderator"]["style"] == "compact"
    assert_valid_card(form)
    typed = {
        "title": "Påskmöte",
        "scope": f"i:{w.ids['i272']}",
        "weekday": "4",
        "start_time": "13:00",
        "duration_minutes": "60",
        "interval_weeks": "1",
        "starts_on": "2027-03-19",
        "moderator": str(w.ids["bengt"]),
        "secretary": "",
        "channel": "",
    }
    before = w.events()
    preview = card(send(w, form["actions"][0], **typed))
    shown = str(preview["body"])
    assert "varje fredag kl. 13:00–14:00" in shown
    assert "långfredagen" in shown.lower() and "tis 30 mar 13:00" in shown
    assert w.events() == before
    assert_valid_card(preview)
    save = preview["actions"][0]
    assert "schemalagd" in send(w, save)["text"]
    send(w, save)  # a second click
    w.k.projector.catch_up()
    found = [r for r in w.k.meetings.list_series() if r["title"] == "Påskmöte"]
    assert len(found) == 1
    return found[0]


def test_one_without_a_role_is_refused_in_the_apis_words(world: TeamsWorld) -> None:
    before = world.events()
    for text in ("möte ny", "möte bjud in", "möte ställ in", "möte avsluta", "stäng mötet"):
        assert world.say(text, sender=ANNA)["text"] == refusal("sv"), text
    assert world.events() == before


def test_a_form_with_a_field_missing_says_which(world: TeamsWorld) -> None:
    form = card(world.say("möte ny", sender=BENGT))
    before = world.events()
    said = send(world, form["actions"][0], title="", weekday="1")["text"]
    assert "Rubrik" in said and "Första dag" in said
    assert world.events() == before


def test_new_series_invite_attendance_and_close(world: TeamsWorld) -> None:
    series = new_series(world)
    assert str(series["initiative_id"]) == str(world.ids["i272"])
    system = make_meta(actor="system", channel="cli")
    carl = world.k.app.execute(
        c.RegisterPerson(name="Carl Ek", email="carl@example.se"), system
    ).aggregate_id
    world.k.projector.catch_up()
    invite = card(world.say("möte bjud in", sender=BENGT))
    people = inputs(invite)["people"]
    assert people["style"] == "compact" and people["isMultiSelect"] is True
    assert_valid_card(invite)
    said = invite_by_address(world, invite, "carl@example.se")
    assert "Carl Ek" in said["text"]
    world.k.projector.catch_up()
    full = world.k.meetings.get_series(str(world.ids["series"]))
    assert full is not None and str(carl) in {str(i["person_id"]) for i in full["invitees"]}

    attendance = card(world.say("närvaro", sender=BENGT))
    boxes = inputs(attendance)["present"]
    assert boxes["style"] == "expanded" and "Carl Ek" in str(boxes["choices"])
    said = send(world, attendance["actions"][0], present=str(world.ids["anna"]))
    assert "1 närvarande" in said["text"]
    world.k.projector.catch_up()
    page = world.k.meetings.meeting_on(world.ids["series"], date(2027, 1, 12))
    assert page is not None
    here = {str(a["person_id"]): a["present"] for a in page["attendance"]}
    assert here[str(world.ids["anna"])] is True and here[str(carl)] is False

    before = world.events()
    assert "stängt" in world.say("stäng mötet", sender=BENGT)["text"]
    world.say("stäng mötet", sender=BENGT)
    world.k.projector.catch_up()
    page = world.k.meetings.meeting_on(world.ids["series"], date(2027, 1, 12))
    assert page is not None and page["state"] == "closed"
    assert world.events() > before


def test_move_cancel_end_and_evaluate(world: TeamsWorld) -> None:
    series = str(world.ids["series"])
    move = card(world.say("möte flytta", sender=BENGT))
    said = send(
        world,
        move["actions"][0],
        meeting=f"{series}|2027-01-26",
        date="2027-01-27",
        time="09:30",
        reason="",
    )
    assert "flyttat" in said["text"]
    cancel = card(world.say("möte ställ in", sender=BENGT))
    said = send(world, cancel["actions"][0], meeting=f"{series}|2027-02-09", reason="Sportlov")
    assert "inställt" in said["text"]
    world.k.projector.catch_up()
    row = world.k.meetings.get_series(series)
    assert row is not None
    coming = {
        o.key.isoformat(): o
        for o in world.k.meetings.occurrences(row, date(2027, 1, 20), date(2027, 2, 20))
    }
    assert coming["2027-01-26"].state.value == "moved"
    assert coming["2027-02-09"].state.value == "cancelled"
    end = card(world.say("möte avsluta", sender=BENGT))
    said = send(world, end["actions"][0], series=series, last_day="2027-03-31", reason="")
    assert "avslutad" in said["text"]

    older = schedule_older_series(world.k, world.ids["bengt"], world.ids["i272"])
    evaluation = card(world.say("utvärdering", sender=BENGT))
    said = send(world, evaluation["actions"][0], series=str(older), verdict="continue")
    assert "Tack" in said["text"]
    assert was_evaluated(world.k, older)


@pytest.mark.postgres
def test_a_moderators_flow_on_postgresql(pg_world: TeamsWorld) -> None:
    world = pg_world
    new_series(world)
    invite = card(world.say("möte bjud in", sender=BENGT))
    said = invite_by_address(world, invite, "anna.jonsson@example.se")
    assert "redan" in said["text"]  # Anna is invited already: refused, said why
    attendance = card(world.say("närvaro", sender=BENGT))
    send(world, attendance["actions"][0], present=str(world.ids["anna"]))
    assert "stängt" in world.say("stäng mötet", sender=BENGT)["text"]
    world.k.projector.catch_up()
    page = world.k.meetings.meeting_on(world.ids["series"], date(2027, 1, 12))
    assert page is not None and page["state"] == "closed"


def mention(account: dict[str, Any]) -> dict[str, Any]:
    return {"type": "mention", "mentioned": account, "text": f"<at>{account['name']}</at>"}


def test_invite_by_mentioning_them(world: TeamsWorld) -> None:
    system = make_meta(actor="system", channel="cli")
    carl = world.k.app.execute(
        c.RegisterPerson(name="Carl Ek", email="carl@example.se"), system
    ).aggregate_id
    world.k.projector.catch_up()
    account = {"id": "29:carl", "name": "Carl Ek"}
    world.ms.connector.members[account["id"]] = account | {
        "aadObjectId": "0d0d0d0d-0000-4000-8000-00000000d004",
        "email": "Carl@example.se",
    }
    bot = {"id": BOT["id"], "name": "Samverka"}
    text = "<at>Samverka</at> möte bjud in <at>Carl Ek</at>"
    reply = world.say(
        text, sender=BENGT, conversation=CHANNEL, entities=[mention(bot), mention(account)]
    )
    invite = card(reply)
    people = inputs(invite)["people"]
    assert people["value"] == str(carl)
    said = send(world, invite["actions"][0], series=str(world.ids["series"]), people=str(carl))
    assert "Carl Ek" in said["text"]
    world.k.projector.catch_up()
    full = world.k.meetings.get_series(str(world.ids["series"]))
    assert full is not None and str(carl) in {str(i["person_id"]) for i in full["invitees"]}
    # One the roster gives no known address for is named; no card, nothing recorded.
    before = world.events()
    said = world.say(
        "möte bjud in <at>Okänd</at>", sender=BENGT, entities=[mention(NOBODY_ACCOUNT)]
    )
    assert "Okänd" in said["text"] and "attachments" not in said
    assert world.events() == before


def test_in_english(world: TeamsWorld) -> None:
    world.say("språk en", sender=BENGT)
    form = card(world.say("meeting new", sender=BENGT))
    assert form["body"][0]["text"] == "New meeting series"
    assert form["actions"][0]["title"] == "Preview"
    world.say("språk en", sender=ANNA)
    assert world.say("meeting invite", sender=ANNA)["text"] == refusal("en")


def test_the_evaluation_prompt_card_records_the_answer(world: TeamsWorld) -> None:
    """The card a Teams notifier sends for the scheduler's evaluation prompt."""
    from adapters.teams.moderator_cards import evaluation_prompt_card

    older = schedule_older_series(world.k, world.ids["bengt"], world.ids["i272"])
    prompt = evaluation_prompt_card(
        "Utvärdera Höstens möten?", "Dags att utvärdera.", str(older), "sv"
    )
    assert {e["id"] for e in prompt["body"] if "id" in e} == {"verdict", "comment"}
    said = send(world, prompt["actions"][0], verdict="end", comment="Klart")
    assert "Tack" in said["text"]
    assert was_evaluated(world.k, older)
