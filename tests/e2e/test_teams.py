"""The Teams door over real HTTP: Samverka under uvicorn, activities POSTed to
/api/messages with bearer tokens signed by a key this test made and publishes
through a local OpenID configuration and JWKS; replies go to a local fake
Bot Connector (the activity's serviceUrl) with a token MSAL got from a local
fake of Entra ID's token endpoint. The clock is fixed."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from structlog.testing import capture_logs

from projections.plan.queries import AuditFilter
from samverka.bootstrap import Container
from tests.adaptive_cards import assert_valid_card
from tests.certs import rsa_key
from tests.e2e.fake_teams import ACCESS_TOKEN, TENANT_ID, app_certificate
from tests.e2e.server import free_port, serve
from tests.e2e.slack_world import NOW
from tests.e2e.teams_world import (
    ANNA,
    BENGT,
    BOT,
    CHANNEL,
    NOBODY,
    PERSONAL,
    TeamsWorld,
    teams_world,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TeamsWorld]:
    with teams_world(tmp_path, monkeypatch) as w:
        yield w


# -- who may post ----------------------------------------------------------------------------


def test_without_an_app_id_the_door_answers_503(container: Container) -> None:
    with serve(container) as base:
        response = httpx.post(f"{base}/api/messages", json={"type": "message"}, timeout=10)
    assert response.status_code == 503
    assert response.json()["title"] == "Teams is not configured"


@pytest.mark.parametrize(
    "tamper",
    ["none", "not_bearer", "other_key", "other_audience", "other_issuer", "expired", "other_url"],
)
def test_a_request_without_a_valid_token_is_refused_and_nothing_recorded(
    world: TeamsWorld, tamper: str
) -> None:
    issuer, url = world.ms.issuer, world.ms.connector.url
    tokens: dict[str, str | None] = {
        "none": None,
        "other_key": issuer.token(service_url=url, now=NOW, key=rsa_key()),
        "other_audience": issuer.token(service_url=url, now=NOW, audience="someone-else"),
        "other_issuer": issuer.token(service_url=url, now=NOW, issuer="https://evil.example"),
        # Expired ten minutes ago: more than the five minutes' leeway.
        "expired": issuer.token(
            service_url=url, now=NOW - dt.timedelta(minutes=10), lifetime=dt.timedelta()
        ),
        # Signed for replies to another address than the activity's.
        "other_url": issuer.token(service_url="https://evil.example/", now=NOW),
    }
    before = world.events()
    activity = world.activity("status")
    if tamper == "not_bearer":
        response = world.http.post(
            "/api/messages", json=activity, headers={"Authorization": "Basic YTpi"}
        )
    else:
        response = world.post(activity, token=tokens[tamper])
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert world.ms.connector.sent == []
    assert world.ms.login.requests == []  # not even a token fetched to answer
    assert world.events() == before


def test_a_token_within_the_leeway_is_accepted(world: TeamsWorld) -> None:
    token = world.ms.issuer.token(
        service_url=world.ms.connector.url,
        now=NOW - dt.timedelta(minutes=3),
        lifetime=dt.timedelta(),
    )
    response = world.post(world.activity("hjälp"), token=token)
    assert response.status_code == 200


def test_a_body_that_is_not_an_activity_is_400(world: TeamsWorld) -> None:
    token = world.ms.issuer.token(service_url=world.ms.connector.url, now=NOW)
    for body in (b"not json", b"[1, 2]", b'{"type": 5}'):
        response = world.http.post(
            "/api/messages",
            content=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        assert response.status_code == 400, body
    assert world.ms.connector.sent == []


# -- what a member can do --------------------------------------------------------------------


def test_status_in_a_personal_chat_links_by_the_roster_address(world: TeamsWorld) -> None:
    reply = world.say("status")
    assert "2.7.2" in reply["text"]
    assert "Dina initiativ" in reply["text"]
    # The reply went to the activity's conversation, with MSAL's token.
    assert world.ms.connector.sent[-1]["path"].startswith(
        f"/teams/v3/conversations/{PERSONAL['id']}/activities/"
    )
    assert set(world.ms.connector.authorizations) == {f"Bearer {ACCESS_TOKEN}"}
    login = world.ms.login.requests[0]
    assert login["grant_type"] == ["client_credentials"]
    assert "https://api.botframework.com/.default" in login["scope"][0]
    # Linked by the address (case aside) the roster gave, and remembered.
    assert world.store.person_of(ANNA["aadObjectId"]) == str(world.ids["anna"])


def test_meetings_by_mention_in_a_channel(world: TeamsWorld) -> None:
    mention = {
        "type": "mention",
        "mentioned": BOT,
        "text": "<at>Samverka</at>",
    }
    reply = world.say("<at>Samverka</at> möten", BENGT, conversation=CHANNEL, entities=[mention])
    assert "Öppet samordningsmöte" in reply["text"]
    assert world.ms.connector.sent[-1]["path"].startswith(
        f"/teams/v3/conversations/{CHANNEL['id']}/activities/"
    )
    # The channel is remembered for proactive posts.
    found = world.store.conversation(f"channel:{CHANNEL['id']}")
    assert found is not None and found.service_url == world.ms.connector.url


def test_help_did_you_mean_and_language(world: TeamsWorld) -> None:
    assert "**incheckning**" in world.say("hjälp")["text"]
    assert "Menade du **status**?" in world.say("stauts")["text"]
    assert "English" in world.say("språk en")["text"]
    assert "Did you mean **status**?" in world.say("stauts")["text"]
    assert "Your initiatives" in world.say("status")["text"]


def test_someone_samverka_does_not_know_is_told_and_nothing_recorded(world: TeamsWorld) -> None:
    before = world.events()
    reply = world.say("status", NOBODY)
    assert "inte kopplat" in reply["text"]
    assert f"samverka teams link PERSON {NOBODY['aadObjectId']}" in reply["text"]
    assert world.store.person_of(NOBODY["aadObjectId"]) is None
    assert world.events() == before


def test_a_429_is_waited_out_and_the_reply_posted_once(world: TeamsWorld) -> None:
    world.ms.connector.throttle = 1
    reply = world.say("möten")  # say() checks exactly one reply was posted
    assert "Öppet samordningsmöte" in reply["text"]
    assert world.ms.connector.throttled == 1


def test_a_reply_the_connector_keeps_refusing_is_logged_not_a_500(world: TeamsWorld) -> None:
    world.ms.connector.throttle, world.ms.connector.retry_after = 100, "0"
    with capture_logs() as logs:
        response = world.post(world.activity("möten"))  # returns once the reply is given up
    assert response.status_code == 200
    assert world.ms.connector.sent == []
    assert world.ms.connector.throttled == 6  # the first try and five waited out
    [failed] = [e for e in logs if e["event"] == "teams.reply_failed"]
    assert failed["status"] == 429 and failed["activity_id"].startswith("act-")


def test_the_activity_is_answered_before_its_reply_is_posted(world: TeamsWorld) -> None:
    """The lazy reply: a Connector that holds every post does not hold the 200."""
    world.ms.connector.hold = held = threading.Event()
    first, second = world.activity("hjälp"), world.activity("stauts")
    try:
        assert world.post(first, settle=False).status_code == 200
        assert world.post(second, settle=False).status_code == 200
        assert world.door.door.replies.pending() == 2
        assert world.ms.connector.sent == []
    finally:
        held.set()
    world.settle()
    # Posted once each, in the order they were given, each to its activity.
    texts = world.ms.connector.texts()
    assert len(texts) == 2 and "**incheckning**" in texts[0] and "Menade du" in texts[1]
    paths = [s["path"] for s in world.ms.connector.sent]
    assert paths == [
        f"/teams/v3/conversations/{PERSONAL['id']}/activities/{a['id']}" for a in (first, second)
    ]


def test_a_connector_that_cannot_be_reached_is_tried_again_then_logged(
    world: TeamsWorld,
) -> None:
    gone = f"http://127.0.0.1:{free_port()}/teams/"
    token = world.ms.issuer.token(service_url=gone, now=NOW)
    with capture_logs() as logs:
        response = world.post(world.activity("hjälp", BENGT, serviceUrl=gone), token=token)
    assert response.status_code == 200
    events = [e["event"] for e in logs if e["event"].startswith("teams.reply")]
    assert events == ["teams.reply_retried", "teams.reply_retried", "teams.reply_failed"]


def test_no_link_by_address_from_another_tenant_or_to_a_linked_person(
    world: TeamsWorld,
) -> None:
    elsewhere = PERSONAL | {"tenantId": "22222222-2222-4222-8222-222222222222"}
    with capture_logs() as logs:
        assert "inte kopplat" in world.say("status", conversation=elsewhere)["text"]
    assert world.store.person_of(ANNA["aadObjectId"]) is None
    # Someone else whose roster address is Bengt's: Bengt is linked already.
    other = {
        "id": "29:other",
        "name": "Annan",
        "aadObjectId": "0d0d0d0d-0000-4000-8000-0000000d0004",
    }
    world.ms.connector.members[other["id"]] = other | {"email": "bengt.stavenow@example.se"}
    with capture_logs() as more:
        assert "inte kopplat" in world.say("status", other)["text"]
    assert world.store.person_of(other["aadObjectId"]) is None
    reasons = [e.get("reason") for e in logs + more if e["event"] == "teams.not_linked"]
    assert reasons == ["other_tenant", "person_linked_elsewhere"]


def test_installation_keeps_the_personal_conversation(world: TeamsWorld) -> None:
    update = world.activity(
        None, ANNA, type="conversationUpdate", membersAdded=[BOT], id="install-1"
    )
    assert world.post(update).status_code == 200
    found = world.store.conversation(f"user:{ANNA['aadObjectId']}")
    assert found is not None
    assert (found.conversation_id, found.tenant_id) == (PERSONAL["id"], TENANT_ID)
    assert world.ms.connector.sent == []  # nothing said on installation


# -- the check-in card -----------------------------------------------------------------------


def test_the_checkin_card_is_answered_and_recorded_on_channel_teams(world: TeamsWorld) -> None:
    reply = world.say("incheckning")
    [attachment] = reply["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.5")
    assert_valid_card(card)
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    assert set(inputs) == {"q:health", "q:progress", "q:help"}
    assert inputs["q:health"]["isRequired"] is True
    assert [c["value"] for c in inputs["q:health"]["choices"]] == [
        "on-track",
        "at-risk",
        "blocked",
    ]
    data = card["actions"][0]["data"]
    round_id = str(world.ids["round_id"])
    assert data == {"action": "samverka.checkin", "round_id": round_id}

    before = world.events()
    value = data | {"q:health": "at-risk", "q:progress": "Piloten i Jönköping är igång"}
    answered = world.say("", value=value)
    assert "sparat" in answered["text"]
    assert world.events() > before
    world.k.projector.catch_up()
    answers = world.k.checkins.answers_of(round_id, str(world.ids["anna"]))
    assert answers is not None
    assert answers["health"] == "at-risk"
    with world.k.engines.read.connect() as conn:
        trail, _ = world.k.trail.page(AuditFilter(aggregate_id=round_id), limit=10, conn=conn)
    assert trail[-1]["channel"] == "teams"
    assert trail[-1]["source_id"].startswith("teams:checkin:")


def test_a_checkin_answer_the_domain_refuses_records_nothing(world: TeamsWorld) -> None:
    before = world.events()
    value = {
        "action": "samverka.checkin",
        "round_id": str(world.ids["round_id"]),
        "q:health": "fine-thanks",
    }
    reply = world.say("", value=value)
    assert "gick inte" in reply["text"]
    assert world.events() == before


@pytest.mark.parametrize(
    ("word", "action", "typed", "day"),
    [
        (
            "beslut",
            "samverka.decision",
            {"text": "Piloten förlängs", "rationale": "Bra utfall"},
            "2027-01-12",  # the meeting going on
        ),
        ("anteckning", "samverka.note", {"text": "Jönköping visar nästa gång"}, "2027-01-12"),
        (
            "dagordning",
            "samverka.agenda",
            {"title": "Budget 2028", "note": "Underlag från SKR"},
            "2027-01-26",  # the next meeting
        ),
    ],
)
def test_decisions_notes_and_agenda_items_from_meeting_cards(
    world: TeamsWorld, word: str, action: str, typed: dict[str, str], day: str
) -> None:
    card = world.say(word)["attachments"][0]["content"]
    assert_valid_card(card)
    [choice] = [e for e in card["body"] if e.get("id") == "meeting"]
    series = str(world.ids["series"])
    assert choice["value"] == f"{series}|{day}"
    data = card["actions"][0]["data"]
    assert data == {"action": action}
    before = world.events()
    saved = world.say("", value=data | {"meeting": choice["value"]} | typed)["text"]
    assert f"Öppet samordningsmöte {day}" in saved
    assert world.events() > before
    with world.k.engines.read.connect() as conn:
        world.k.projector.catch_up()
        trail, _ = world.k.trail.page(AuditFilter(channel="teams"), limit=50, conn=conn)
    # One command (its events share the source id), on channel teams, by Anna.
    assert {e["source_id"] for e in trail} == {
        f"teams:{action.split('.')[1]}:{trail[0]['source_id'].split(':')[2]}"
    }
    assert {e["actor_id"] for e in trail} == {str(world.ids["anna"])}


def test_a_meeting_card_without_text_records_nothing(world: TeamsWorld) -> None:
    before = world.events()
    value = {"action": "samverka.note", "meeting": f"{world.ids['series']}|2027-01-12"}
    assert "gick inte" in world.say("", value=value)["text"]
    value = {"action": "samverka.note", "meeting": "not|a-meeting", "text": "x"}
    assert "Välj ett möte" in world.say("", value=value)["text"]
    assert world.events() == before


@pytest.mark.postgres
def test_linking_and_the_checkin_on_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_schema_url: str
) -> None:
    with teams_world(tmp_path, monkeypatch, pg_schema_url) as world:
        card = world.say("incheckning")["attachments"][0]["content"]
        value = card["actions"][0]["data"] | {"q:health": "on-track"}
        assert "sparat" in world.say("", value=value)["text"]
        assert world.store.person_of(ANNA["aadObjectId"]) == str(world.ids["anna"])
        world.k.projector.catch_up()
        answers = world.k.checkins.answers_of(str(world.ids["round_id"]), str(world.ids["anna"]))
        assert answers is not None and answers["health"] == "on-track"


def test_a_certificate_instead_of_a_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pem, certificate = app_certificate(tmp_path)
    with teams_world(tmp_path, monkeypatch, APP_SECRET="", APP_CERTIFICATE=str(pem)) as world:
        world.ms.login.certificate = certificate
        assert "2.7.2" in world.say("status")["text"]
        [login] = world.ms.login.requests
        assert "client_secret" not in login and "client_assertion" in login
