"""The Slack front door over real HTTP: the real app under uvicorn, a fake
Slack Web API on a free port, requests signed exactly as Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from structlog.testing import capture_logs

from domain import commands as c
from domain.meta import make_meta
from projections.meetings import queries as mq
from projections.plan import queries
from tests.e2e import slack_requests as s
from tests.e2e.slack_world import ANNA, BENGT, MEETING_CHANNEL, NOBODY, World, slack_world

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    with slack_world(tmp_path, monkeypatch) as w:
        yield w


def command(w: World, text: str, user: str = ANNA) -> tuple[dict[str, Any] | None, str]:
    """Runs the slash command; returns the ack's JSON (or None) and the response URL id."""
    body = s.slash(text, user, w.fake.url)
    response = s.post(w.http, body, FORM)
    assert response.status_code == 200, response.text
    url = dict(parse_qsl(body))["response_url"]
    ack = response.json() if response.content else None
    return ack, url.rsplit("/", 1)[1]


def responded(w: World, rid: str) -> dict[str, Any]:
    return w.fake.wait_for(f"response/{rid}")[0]


def interact(w: World, payload: dict[str, Any], **kwargs: Any) -> Any:
    response = s.post(w.http, s.interactive(payload), FORM, **kwargs)
    assert response.status_code == 200, response.text
    return response.json() if response.content else None


def events_count(w: World) -> int:
    return int(w.k.app.recorder.max_notification_id() or 0)


def propose_agenda_item(world: World, title: str, *, view_id: str) -> dict[str, Any]:
    """Opens the agenda dialog (the second view opened) and proposes an item."""
    command(world, "dagordning")
    agenda = world.fake.wait_for("views.open", 2)[-1]["view"]
    meeting = agenda["blocks"][0]["element"]["initial_option"]["value"]
    values = {
        "meeting": s.select_value(meeting),
        "title": s.text_value(title),
        "note": s.text_value(""),
    }
    answer: dict[str, Any] = interact(
        world, s.view_submission(ANNA, agenda, values, view_id=view_id)
    )
    return answer


def test_help_and_typos_are_answered_in_the_ack(world: World) -> None:
    ack, _ = command(world, "hjälp")
    assert ack is not None and "/samverka incheckning" in ack["text"]
    ack, _ = command(world, "")
    assert ack is not None and "/samverka dagordning" in ack["text"]
    ack, _ = command(world, "statsu")
    assert ack is not None and "statsu" in ack["text"] and "`/samverka status`" in ack["text"]
    ack, _ = command(world, "help")
    assert ack is not None and "hjälp" in ack["text"]


def test_status_meetings_and_language(world: World) -> None:
    ack, rid = command(world, "status")
    assert ack is None or not ack.get("text")
    answer = responded(world, rid)
    assert "2.7.2" in json.dumps(answer["blocks"], ensure_ascii=False)
    _, rid = command(world, "möten")
    shown = json.dumps(responded(world, rid)["blocks"], ensure_ascii=False)
    assert "Öppet samordningsmöte" in shown and "tis 26 jan 12:00" in shown
    _, rid = command(world, "språk en")
    assert "English" in responded(world, rid)["text"]
    _, rid = command(world, "meetings")
    assert "Tue 26 Jan 12:00" in json.dumps(responded(world, rid)["blocks"])
    ack, _ = command(world, "help")
    assert ack is not None and "/samverka checkin" in ack["text"]


def _prefer(world: World, language: str) -> None:
    """Anna chooses her language in her settings (as on the web)."""
    command = c.SetPreferences(person_id=world.anna, language=language, channel="auto")
    world.k.app.execute(command, make_meta(actor=str(world.anna), channel="web"))
    world.k.projector.catch_up()


def test_the_persons_own_language_comes_before_slacks(world: World) -> None:
    _, rid = command(world, "möten")
    assert "tis 26 jan 12:00" in json.dumps(responded(world, rid)["blocks"], ensure_ascii=False)
    _prefer(world, "en")
    _, rid = command(world, "möten")
    assert "Tue 26 Jan 12:00" in json.dumps(responded(world, rid)["blocks"])
    # Told in Slack: that is her language everywhere from now on.
    _, rid = command(world, "språk sv")
    responded(world, rid)
    world.k.projector.catch_up()
    person = world.k.plan.get_person(str(world.anna))
    assert person is not None and person["language"] == "sv"
    _, rid = command(world, "möten")
    assert "tis 26 jan 12:00" in json.dumps(responded(world, rid)["blocks"], ensure_ascii=False)


def test_a_dm_is_in_the_persons_own_language(world: World) -> None:
    from scheduler.config import SchedulerConfig
    from scheduler.dispatch import Dispatcher
    from scheduler.jobs import JobRunner

    _prefer(world, "en")
    k, cfg = world.k, SchedulerConfig()
    assert (
        JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg).run(
            f"round:{world.round_id}:notice"
        )
        == "queued"
    )
    assert k.notifier is not None
    Dispatcher(k.app, k.engines, k.projector, k.notifier, k.clock.now, cfg).run_once()
    (dm,) = [d for d in world.fake.of("chat.postMessage") if d["channel"] == ANNA]
    assert dm["blocks"][-1]["elements"][0]["text"]["text"] == "Answer the check-in"


def test_each_modal_subcommand_opens_its_modal(world: World) -> None:
    expected = {
        "incheckning": "checkin",
        "checkin 2.7.2": "checkin",
        "beslut": "decision",
        "decision": "decision",
        "anteckning": "note",
        "note": "note",
        "dagordning": "agenda",
        "agenda": "agenda",
    }
    for n, (text, callback) in enumerate(expected.items(), start=1):
        command(world, text)
        opened = world.fake.wait_for("views.open", n)[-1]
        assert opened["view"]["callback_id"] == callback, text
        assert opened["trigger_id"].endswith(opened["trigger_id"].split(".")[-1])
    checkin = world.fake.of("views.open")[0]["view"]
    assert [b["block_id"] for b in checkin["blocks"][1:]] == ["q:health", "q:progress", "q:help"]
    assert json.loads(checkin["private_metadata"])["round_id"] == str(world.round_id)


def test_an_unlinked_user_is_told_and_nothing_is_recorded(world: World) -> None:
    before = events_count(world)
    _, rid = command(world, "status", user=NOBODY)
    assert "inte kopplat" in responded(world, rid)["text"]
    _, rid = command(world, "anteckning", user=NOBODY)
    assert "inte kopplat" in responded(world, rid)["text"]
    assert events_count(world) == before
    assert world.fake.of("views.open") == []


def test_a_payload_without_a_user_is_answered_without_asking_slack_who_it_is(
    world: World,
) -> None:
    _, rid = command(world, "status", user="")
    assert "inte kopplat" in responded(world, rid)["text"]
    assert world.fake.of("users.info") == []


@pytest.mark.parametrize("confirmed", [False, None], ids=["unconfirmed", "flag missing"])
def test_an_address_slack_does_not_call_confirmed_links_nobody(
    world: World, confirmed: bool | None
) -> None:
    # A workspace member types Bengt's address into their own Slack profile.
    mallory = "U0MALLORY"
    world.fake.add_user(mallory, "bengt.stavenow@example.se", "mallory", confirmed=confirmed)
    before = events_count(world)
    _, rid = command(world, "status", user=mallory)
    told = responded(world, rid)["text"]
    assert "inte kopplat" in told and "Be en administratör koppla det" in told
    assert mallory in told
    assert events_count(world) == before
    with world.k.engines.read.connect() as conn:
        assert queries.find_person_by_slack_id(conn, mallory) is None
        assert queries.get_person(conn, str(world.bengt))["slack_user_id"] is None  # type: ignore[index]
    # Bengt himself confirmed the address with Slack: he is linked.
    _, rid = command(world, "status", user=BENGT)
    assert "2.7.2" in json.dumps(responded(world, rid)["blocks"], ensure_ascii=False)
    world.k.projector.catch_up()
    with world.k.engines.read.connect() as conn:
        assert queries.get_person(conn, str(world.bengt))["slack_user_id"] == BENGT  # type: ignore[index]


def test_a_user_is_linked_by_email(world: World) -> None:
    _, rid = command(world, "status", user=BENGT)
    assert "2.7.2" in json.dumps(responded(world, rid)["blocks"], ensure_ascii=False)
    world.k.projector.catch_up()
    with world.k.engines.read.connect() as conn:
        person = queries.find_person_by_slack_id(conn, BENGT)
        trail, _ = world.k.trail.page(
            queries.AuditFilter(aggregate_id=str(world.bengt)), limit=10, conn=conn
        )
    assert person is not None and person["id"] == str(world.bengt)
    assert trail[-1]["channel"] == "slack"


def checkin_view(w: World) -> dict[str, Any]:
    interact(w, s.block_action(ANNA, "checkin_open", str(w.round_id)))
    return w.fake.wait_for("views.open")[-1]["view"]


def test_check_in_from_the_dm_button_to_the_event_and_the_home_tab(world: World) -> None:
    from scheduler.config import SchedulerConfig
    from scheduler.dispatch import Dispatcher
    from scheduler.jobs import JobRunner

    k, cfg = world.k, SchedulerConfig()
    runner = JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg)
    assert runner.run(f"round:{world.round_id}:notice") == "queued"
    assert k.notifier is not None
    Dispatcher(k.app, k.engines, k.projector, k.notifier, k.clock.now, cfg).run_once()
    dms = {d["channel"]: d for d in world.fake.of("chat.postMessage")}
    assert set(dms) == {ANNA}  # Bengt has no Slack id yet: his part goes by e-mail or file
    button = dms[ANNA]["blocks"][-1]["elements"][0]
    assert button["action_id"] == "checkin_open" and button["value"] == str(world.round_id)

    view = checkin_view(world)
    values = {
        "q:health": s.select_value("at-risk"),
        "q:progress": s.text_value("Inera har svarat"),
        "q:help": s.text_value(""),
    }
    answer = interact(world, s.view_submission(ANNA, view, values))
    assert answer["response_action"] == "update"
    assert "sparat" in json.dumps(answer["view"], ensure_ascii=False)
    home = world.fake.wait_for("views.publish")[-1]
    assert home["user_id"] == ANNA
    assert "besvarad" in json.dumps(home["view"], ensure_ascii=False)
    with k.engines.read.connect() as conn:
        mine = [
            r
            for r in mq.round_recipients(conn, str(world.round_id))
            if r["person_id"] == str(world.anna)
        ]
        given = mq.initiative_answers(conn, str(world.i272))
    assert mine[0]["answers"] == {"health": "at-risk", "progress": "Inera har svarat"}
    assert mine[0]["answer_channel"] == "slack"
    assert given[0]["source_id"] == "slack:view:VSUB1:h1"


def test_modal_validation_errors_are_shown_in_the_modal(world: World) -> None:
    before = events_count(world)
    view = checkin_view(world)
    answer = interact(world, s.view_submission(ANNA, view, {"q:progress": s.text_value("bra")}))
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {"q:health": "Frågan behöver ett svar."}
    answer = propose_agenda_item(world, "  ", view_id="VAG1")
    assert answer == {
        "response_action": "errors",
        "errors": {"title": "Fältet får inte vara tomt."},
    }
    assert events_count(world) == before


def test_agenda_decision_and_note_modals_record_on_the_meeting(world: World) -> None:
    command(world, "dagordning")
    agenda = world.fake.wait_for("views.open")[-1]["view"]
    meeting = agenda["blocks"][0]["element"]["initial_option"]["value"]
    assert meeting == f"{world.series}|2027-01-26"  # the next meeting
    values = {
        "meeting": s.select_value(meeting),
        "title": s.text_value("Umo:s nya tjänst"),
        "note": s.text_value(""),
    }
    answer = interact(world, s.view_submission(ANNA, agenda, values, view_id="VAG2"))
    assert answer["response_action"] == "update"
    command(world, "beslut")
    decision = world.fake.wait_for("views.open", 2)[-1]["view"]
    now = decision["blocks"][0]["element"]["initial_option"]["value"]
    assert now == f"{world.series}|2027-01-12"  # the meeting going on
    values = {
        "meeting": s.select_value(now),
        "text": s.text_value("Utvärdera efter tre möten"),
        "rationale": s.text_value(""),
    }
    assert (
        interact(world, s.view_submission(ANNA, decision, values, view_id="VDE1"))[
            "response_action"
        ]
        == "update"
    )
    world.k.projector.catch_up()
    with world.k.engines.read.connect() as conn:
        pages = {
            p["occurrence_date"]: mq.meeting_page(conn, p["id"])
            for p in mq.meetings_of_series(conn, str(world.series))
        }
    assert [a["title"] for a in pages["2027-01-26"]["agenda"]][-1] == "Umo:s nya tjänst"
    assert [d["text"] for d in pages["2027-01-12"]["decisions"]] == ["Utvärdera efter tre möten"]


def test_message_shortcut_saves_a_note_once_with_its_permalink(world: World) -> None:
    payload = s.message_shortcut(
        ANNA,
        "save_as_note",
        MEETING_CHANNEL,
        "1768216200.000300",
        "Vi bjuder in Umo nästa gång",
        world.fake.url,
    )
    interact(world, payload)
    interact(world, {**payload, "trigger_id": "again"})  # a double click
    said = world.fake.wait_for("response/" + payload["response_url"].rsplit("/", 1)[1])[0]
    assert "sparad" in said["text"]
    decision = s.message_shortcut(
        ANNA,
        "save_as_decision",
        MEETING_CHANNEL,
        "1768216300.000400",
        "Vi kör vidare",
        world.fake.url,
    )
    interact(world, decision)
    world.fake.wait_for("response/" + decision["response_url"].rsplit("/", 1)[1])
    world.k.projector.catch_up()
    with world.k.engines.read.connect() as conn:
        page = mq.meeting_page(conn, mq.meetings_of_series(conn, str(world.series))[0]["id"])
    assert page is not None
    entries = [(e["text"], e["source"], e["channel"]) for e in page["entries"]]
    link = f"https://test.slack.com/archives/{MEETING_CHANNEL}/p1768216200000300"
    assert entries[0] == ("Vi bjuder in Umo nästa gång", link, "slack")
    assert len(entries) == 2 and entries[1][0] == "Vi kör vidare"
    assert [d["text"] for d in page["decisions"]] == ["Vi kör vidare"]


def test_a_shortcut_outside_a_meeting_records_nothing(world: World) -> None:
    before = events_count(world)
    payload = s.message_shortcut(
        ANNA, "save_as_note", "C0ELSEWHERE", "1768216200.000500", "Hej", world.fake.url
    )
    interact(world, payload)
    said = world.fake.wait_for("response/" + payload["response_url"].rsplit("/", 1)[1])[0]
    assert "Inget möte" in said["text"]
    assert events_count(world) == before


@pytest.mark.parametrize("how", ["unsigned", "wrong secret", "stale"])
def test_requests_not_signed_by_slack_get_401_and_record_nothing(world: World, how: str) -> None:
    before = events_count(world)
    body = s.slash("status", ANNA, world.fake.url)
    options: dict[str, Any] = {
        "unsigned": {"signed": False},
        "wrong secret": {"secret": "not-the-secret"},
        "stale": {"timestamp": int(time.time()) - 6 * 60},
    }[how]
    response = s.post(world.http, body, FORM, **options)
    assert response.status_code == 401
    view = {"type": "modal", "callback_id": "agenda", "private_metadata": "{}", "blocks": []}
    values = {"meeting": s.select_value(f"{world.series}|2027-01-26"), "title": s.text_value("X")}
    submit = s.post(
        world.http, s.interactive(s.view_submission(ANNA, view, values)), FORM, **options
    )
    assert submit.status_code == 401
    time.sleep(0.3)
    assert events_count(world) == before
    assert world.fake.of("users.info") == [] and world.fake.calls == []


SIGNATURE_SHAPED = "v0=" + "0" * 64
DEEP = "[" * 50_000 + "]" * 50_000


@pytest.mark.parametrize(
    ("headers", "body", "reason"),
    [
        ({"X-Slack-Request-Timestamp": "abc"}, None, "unsigned"),
        ({"X-Slack-Signature": SIGNATURE_SHAPED}, None, "unsigned"),
        (
            {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": SIGNATURE_SHAPED},
            None,
            "malformed_signature",
        ),
        (
            {"X-Slack-Request-Timestamp": "9" * 400, "X-Slack-Signature": SIGNATURE_SHAPED},
            None,
            "malformed_signature",
        ),
        (
            {"X-Slack-Request-Timestamp": "1.5e9", "X-Slack-Signature": SIGNATURE_SHAPED},
            None,
            "malformed_signature",
        ),
        (
            {"X-Slack-Request-Timestamp": "+1_700_000_000", "X-Slack-Signature": SIGNATURE_SHAPED},
            None,
            "malformed_signature",
        ),
        (
            {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=x"},
            None,
            "malformed_signature",
        ),
        ({}, DEEP, "unsigned"),
        ({"X-Slack-Request-Timestamp": "1700000000"}, "{" * 20_000, "unsigned"),
    ],
    ids=[
        "timestamp abc, no signature",
        "signature, no timestamp",
        "timestamp abc",
        "timestamp too big for a float",
        "timestamp not an integer",
        "timestamp int() reads but Slack never sends",
        "signature not hex",
        "deeply nested, unsigned",
        "unterminated nesting, unsigned",
    ],
)
def test_unsigned_or_malformed_requests_get_401_and_one_log_line(
    world: World,
    caplog: pytest.LogCaptureFixture,
    headers: dict[str, str],
    body: str | None,
    reason: str,
) -> None:
    caplog.set_level(logging.DEBUG, logger="slack_bolt")
    before = events_count(world)
    content = (body or s.slash("status", ANNA, world.fake.url)).encode()
    with capture_logs() as logs:
        response = world.http.post(
            "/slack/events",
            content=content,
            headers={"Content-Type": "application/json" if body else FORM, **headers},
        )
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert logs == [
        {
            "event": "slack.request_refused",
            "log_level": "info",
            "reason": reason,
            "status": 401,
            "size": len(content),
        }
    ]
    # Bolt never saw it: no traceback, and no log of it that quotes the body.
    assert [r.getMessage()[:80] for r in caplog.records] == []
    assert events_count(world) == before and world.fake.calls == []


def _signed_bytes(body: bytes) -> dict[str, str]:
    """Headers as Slack would sign these raw bytes (whatever their encoding)."""
    stamp = str(int(time.time()))
    digest = hmac.new(s.SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}


@pytest.mark.parametrize(
    ("body", "content_type", "event"),
    [
        (DEEP.encode(), "application/json", "slack.unreadable_request"),
        (("payload=" + "[" * 5_000).encode(), FORM, "slack.unreadable_request"),
        (b'{"a":' * 5_000, "application/json", "slack.unreadable_request"),
        ("text=h\u00e4lsa".encode("latin-1"), FORM, "slack.request_refused"),
        (
            b'{"type": "event_callback", "event": []}',
            "application/json",
            "slack.unreadable_request",
        ),
        (
            b'{"type": "block_actions", "actions": [[]]}',
            "application/json",
            "slack.unreadable_request",
        ),
    ],
    ids=[
        "deeply nested JSON",
        "deeply nested payload",
        "deeply nested object",
        "not UTF-8",
        "an event that is a list",
        "an action that is a list",
    ],
)
def test_signed_bodies_that_cannot_be_read_get_400_and_one_log_line(
    world: World, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str, event: str
) -> None:
    caplog.set_level(logging.DEBUG, logger="slack_bolt")
    before = events_count(world)
    with capture_logs() as logs:
        response = world.http.post(
            "/slack/events",
            content=body,
            headers={"Content-Type": content_type, **_signed_bytes(body)},
        )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [entry["event"] for entry in logs] == [event]
    assert not any("exc_info" in entry or "exception" in entry for entry in logs)
    assert [r.getMessage()[:80] for r in caplog.records] == []
    assert events_count(world) == before and world.fake.calls == []


def test_the_same_delivery_three_times_records_once(world: World) -> None:
    view = {"type": "modal", "callback_id": "agenda", "private_metadata": "{}", "blocks": []}
    values = {
        "meeting": s.select_value(f"{world.series}|2027-01-26"),
        "title": s.text_value("Runda om Umo"),
    }
    payload = s.view_submission(ANNA, view, values, view_id="VRETRY", view_hash="h9")
    for retry in (None, 1, 2):
        assert interact(world, payload, retry=retry)["response_action"] == "update"
    home = s.event(
        {"type": "app_home_opened", "user": ANNA, "tab": "home", "channel": "D1"}, "Ev01"
    )
    for retry in (None, 1, 2):
        assert s.post(world.http, home, "application/json", retry=retry).status_code == 200
    world.k.projector.catch_up()
    with world.k.engines.read.connect() as conn:
        pages = mq.meetings_of_series(conn, str(world.series))
        page = mq.meeting_page(
            conn, next(p for p in pages if p["occurrence_date"] == "2027-01-26")["id"]
        )
    assert page is not None
    assert [a["title"] for a in page["agenda"]].count("Runda om Umo") == 1
    published = world.fake.wait_for("views.publish", 3)
    assert "2.7.2" in json.dumps(published[-1]["view"], ensure_ascii=False)


def test_a_control_character_in_a_modal_is_shown_at_its_field(world: World) -> None:
    before = events_count(world)
    view = checkin_view(world)
    values = {
        "q:health": s.select_value("at-risk"),
        "q:progress": s.text_value("Inera har\x00 svarat"),
    }
    answer = interact(world, s.view_submission(ANNA, view, values, view_id="VNUL1"))
    assert answer == {
        "response_action": "errors",
        "errors": {"q:progress": "Texten innehåller ett otillåtet styrtecken."},
    }
    answer = propose_agenda_item(world, "Två\nrader", view_id="VAG9")
    assert answer == {
        "response_action": "errors",
        "errors": {"title": "Fältet ska vara en enda rad."},
    }
    assert events_count(world) == before
