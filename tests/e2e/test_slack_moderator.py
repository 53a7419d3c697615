"""A moderator's work from Slack over real HTTP: a new series with its
preview, inviting, attendance, closing the meeting, moving, cancelling,
ending and the evaluation; refused in the API's words for one who runs no
series. The app under uvicorn, a fake Slack, signed requests, a fixed clock."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from domain import commands as c
from domain.meetings import commands as m
from domain.meta import make_meta
from services.chat_moderation import refusal
from tests.e2e import slack_requests as s
from tests.e2e.chat_moderation import make_secretary, schedule_older_series, was_evaluated
from tests.e2e.slack_world import ANNA, BENGT, MEETING_CHANNEL, World, slack_world

FORM = "application/x-www-form-urlencoded"
pytestmark = pytest.mark.slow


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    with slack_world(tmp_path, monkeypatch) as w:
        make_secretary(w.k, w.bengt)
        yield w


def command(
    w: World, text: str, user: str = BENGT, channel: str = "C0GENERAL"
) -> tuple[dict[str, Any] | None, str]:
    body = s.slash(text, user, w.fake.url).replace("C0GENERAL", channel)
    response = s.post(w.http, body, FORM)
    assert response.status_code == 200, response.text
    url = dict(parse_qsl(body))["response_url"]
    return (response.json() if response.content else None), url.rsplit("/", 1)[1]


def responded(w: World, rid: str) -> dict[str, Any]:
    return w.fake.wait_for(f"response/{rid}")[0]


def opened(w: World, count: int) -> dict[str, Any]:
    view: dict[str, Any] = w.fake.wait_for("views.open", count)[count - 1]["view"]
    return view


def interact(w: World, payload: dict[str, Any]) -> Any:
    response = s.post(w.http, s.interactive(payload), FORM)
    assert response.status_code == 200, response.text
    return response.json() if response.content else None


def submit(w: World, view: dict[str, Any], values: dict[str, Any], view_id: str) -> Any:
    return interact(w, s.view_submission(BENGT, view, values, view_id=view_id))


def events(w: World) -> int:
    return int(w.k.app.recorder.max_notification_id() or 0)


def typed(kind: str, key: str, value: Any) -> dict[str, Any]:
    return {"a": {"type": kind, key: value}}


def new_series_values(w: World) -> dict[str, Any]:
    return {
        "title": s.text_value("Påskmöte"),
        "scope": s.select_value(f"i:{w.i272}"),
        "weekday": s.select_value("4"),
        "start_time": typed("timepicker", "selected_time", "13:00"),
        "duration_minutes": s.select_value("60"),
        "interval_weeks": s.select_value("1"),
        "starts_on": typed("datepicker", "selected_date", "2027-03-19"),
        "moderator": typed("users_select", "selected_user", BENGT),
        "secretary": typed("users_select", "selected_user", None),
        "channel": typed("channels_select", "selected_channel", "C0PASK"),
    }


def test_one_without_a_role_is_refused_in_the_apis_words(world: World) -> None:
    before = events(world)
    for text in ("möte ny", "möte bjud in", "möte flytta", "möte avsluta", "utvärdering"):
        _, rid = command(world, text, user=ANNA)
        assert responded(world, rid)["text"] == refusal("sv"), text
    # In the meeting she is invited to, but does not run.
    _, rid = command(world, "stäng mötet", user=ANNA, channel=MEETING_CHANNEL)
    assert responded(world, rid)["text"] == refusal("sv")
    assert world.fake.of("views.open") == []
    assert events(world) == before
    assert "roll" in refusal("sv")


def test_a_new_series_is_previewed_with_holidays_then_scheduled(world: World) -> None:
    schedule_new_series(world)


def schedule_new_series(world: World, opened_before: int = 0) -> dict[str, Any]:
    command(world, "möte ny Påskmöte")
    modal = opened(world, opened_before + 1)
    assert modal["callback_id"] == "series_new"
    blocks = {b["block_id"]: b for b in modal["blocks"]}
    assert blocks["title"]["element"]["initial_value"] == "Påskmöte"
    assert blocks["moderator"]["element"]["initial_user"] == BENGT
    # A field left empty is refused at its block, nothing recorded.
    before = events(world)
    values = new_series_values(world) | {"starts_on": typed("datepicker", "selected_date", None)}
    answer = submit(world, modal, values, "VNEW1")
    assert answer["response_action"] == "errors" and "starts_on" in answer["errors"]
    answer = submit(world, modal, new_series_values(world), "VNEW1")
    assert answer["response_action"] == "update"
    preview = answer["view"]
    shown = json.dumps(preview["blocks"], ensure_ascii=False)
    assert "varje fredag kl. 13:00–14:00" in shown
    # Långfredagen moves to the next working day (annandag påsk is a holiday too).
    assert "långfredagen" in shown.lower() and "tis 30 mar 13:00" in shown
    assert events(world) == before
    saved = submit(world, preview, {}, "VPREVIEW1")
    assert "Påskmöte" in json.dumps(saved["view"], ensure_ascii=False)
    # Sent twice (a double click): scheduled once.
    submit(world, preview, {}, "VPREVIEW1")
    world.k.projector.catch_up()
    found = [r for r in world.k.meetings.list_series() if r["title"] == "Påskmöte"]
    assert len(found) == 1
    series = world.k.meetings.get_series(str(found[0]["id"]))
    assert series is not None and series["slack_channel"] == "C0PASK"
    assert str(series["moderator_id"]) == str(world.bengt)
    assert str(series["initiative_id"]) == str(world.i272)
    return series


def test_invite_attendance_and_close_the_meeting(world: World) -> None:
    # A new person, in Slack and in Samverka, is invited with the people picker.
    system = make_meta(actor="system", channel="cli")
    carl = world.k.app.execute(
        c.RegisterPerson(name="Carl Ek", email="carl@example.se", slack_user_id="U0CARL001"),
        system,
    ).aggregate_id
    world.fake.add_user("U0CARL001", "carl@example.se", "carl")
    world.k.projector.catch_up()
    command(world, "möte bjud in")
    modal = opened(world, 1)
    values = {
        "series": s.select_value(str(world.series)),
        "people": typed("multi_users_select", "selected_users", ["U0CARL001"]),
    }
    answer = submit(world, modal, values, "VINV1")
    assert answer["response_action"] == "update", answer
    world.k.projector.catch_up()
    series = world.k.meetings.get_series(str(world.series))
    assert series is not None
    assert str(carl) in {str(i["person_id"]) for i in series["invitees"]}
    # One found by their confirmed Slack address is invited, not linked: the
    # link is recorded as a person's own act.
    eva = world.k.app.execute(c.RegisterPerson(name="Eva Ek", email="eva@example.se"), system)
    world.fake.add_user("U0EVA0001", "eva@example.se", "eva")
    world.k.projector.catch_up()
    values["people"] = typed("multi_users_select", "selected_users", ["U0EVA0001"])
    assert submit(world, modal, values, "VINVEVA")["response_action"] == "update"
    world.k.projector.catch_up()
    series = world.k.meetings.get_series(str(world.series))
    assert series is not None
    assert str(eva.aggregate_id) in {str(i["person_id"]) for i in series["invitees"]}
    assert world.k.plan.person_by_slack_id("U0EVA0001") is None
    # One not linked to anyone is named, nothing recorded.
    before = events(world)
    values["people"] = typed("multi_users_select", "selected_users", ["U0NOBODY1"])
    answer = submit(world, modal, values, "VINV2")
    assert answer["response_action"] == "errors" and "U0NOBODY1" in answer["errors"]["people"]
    assert events(world) == before

    # One without Slack, invited on the web.
    dora = world.k.app.execute(c.RegisterPerson(name="Dora Ek", email="dora@example.se"), system)
    world.k.app.execute(m.AddInvitee(series_id=world.series, person_id=dora.aggregate_id), system)
    world.k.projector.catch_up()

    # During the meeting, in its channel: the participant list as checkboxes.
    command(world, "närvaro", channel=MEETING_CHANNEL)
    attendance = opened(world, 2)
    assert attendance["callback_id"] == "attendance"
    boxes = json.dumps(attendance["blocks"], ensure_ascii=False)
    assert "Anna Jonsson" in boxes and "Carl Ek" in boxes
    ticked = {"present:0": typed("checkboxes", "selected_options", [{"value": str(world.anna)}])}
    answer = submit(world, attendance, ticked, "VATT1")
    assert answer["response_action"] == "update", answer
    world.k.projector.catch_up()
    page = world.k.meetings.meeting_on(world.series, date(2027, 1, 12))
    assert page is not None
    here = {str(a["person_id"]): a["present"] for a in page["attendance"]}
    assert here[str(world.anna)] is True and here[str(carl)] is False

    # Stäng mötet: recorded once, said in the channel, the minutes go out.
    _, rid = command(world, "stäng mötet", channel=MEETING_CHANNEL)
    said = responded(world, rid)
    assert (
        said["response_type"] == "in_channel"
        and "stängt" in said["text"]
        and "Minnesanteckningarna" in said["text"]
    )
    _, rid = command(world, "stäng mötet", channel=MEETING_CHANNEL)
    responded(world, rid)
    world.k.projector.catch_up()
    page = world.k.meetings.meeting_on(world.series, date(2027, 1, 12))
    assert page is not None and page["state"] == "closed"
    posted = minutes_sent(world)
    # In the series' channel, to each in Slack; by mail to one without Slack.
    assert {MEETING_CHANNEL, ANNA, BENGT, "U0CARL001"} <= set(posted["slack"])
    assert "dora@example.se" in posted["mail"] and "Minnesanteckningar" in posted["mail"]


def minutes_sent(w: World) -> dict[str, Any]:
    """Runs the scheduler's minutes job and its dispatch (as the scheduler would)."""
    from scheduler.config import SchedulerConfig
    from scheduler.dispatch import Dispatcher
    from scheduler.jobs import JobRunner

    k, cfg = w.k, SchedulerConfig()
    key = f"meeting:{w.series}:2027-01-12:minutes"
    assert JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg).run(key) == "queued"
    assert k.notifier is not None
    Dispatcher(k.app, k.engines, k.projector, k.notifier, k.clock.now, cfg).run_once()
    channels = [d["channel"] for d in w.fake.of("chat.postMessage")]
    mails = []
    for path in Path(k.settings.outbox_dir).rglob("*.eml"):
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        mails.append(f"{mail['To']} {mail['Subject']}")
    return {"slack": channels, "mail": "\n".join(mails)}


def test_move_cancel_and_end(world: World) -> None:
    command(world, "möte flytta")
    move = opened(world, 1)
    meeting = move["blocks"][0]["element"]["options"][1]["value"]
    assert meeting == f"{world.series}|2027-01-26"
    values = {
        "meeting": s.select_value(meeting),
        "date": typed("datepicker", "selected_date", "2027-01-27"),
        "time": typed("timepicker", "selected_time", "09:30"),
        "reason": s.text_value("Lokalen är upptagen"),
    }
    assert submit(world, move, values, "VMOVE1")["response_action"] == "update"
    command(world, "möte ställ in")
    cancel = opened(world, 2)
    values = {
        "meeting": s.select_value(f"{world.series}|2027-02-09"),
        "reason": s.text_value("Sportlov"),
    }
    assert submit(world, cancel, values, "VCANCEL1")["response_action"] == "update"
    world.k.projector.catch_up()
    series = world.k.meetings.get_series(str(world.series))
    assert series is not None
    coming = {
        o.key.isoformat(): o
        for o in world.k.meetings.occurrences(series, date(2027, 1, 20), date(2027, 2, 20))
    }
    assert coming["2027-01-26"].state.value == "moved"
    assert coming["2027-01-26"].start.isoformat().startswith("2027-01-27T09:30")
    assert coming["2027-02-09"].state.value == "cancelled"
    command(world, "möte avsluta")
    end = opened(world, 3)
    values = {
        "series": s.select_value(str(world.series)),
        "last_day": typed("datepicker", "selected_date", "2027-03-31"),
        "reason": s.text_value(""),
    }
    assert submit(world, end, values, "VEND1")["response_action"] == "update"
    world.k.projector.catch_up()
    series = world.k.meetings.get_series(str(world.series))
    assert series is not None and str(series["ended_on"]) == "2027-03-31"


def test_the_evaluation_is_asked_in_slack_and_recorded(world: World) -> None:
    older = schedule_older_series(world.k, world.bengt, world.i272)
    # The scheduler's prompt, as a DM with a button.
    from scheduler.config import SchedulerConfig
    from scheduler.dispatch import Dispatcher
    from scheduler.jobs import JobRunner

    k, cfg = world.k, SchedulerConfig()
    _, rid = command(world, "status")  # Bengt's Slack user is linked by his address
    responded(world, rid)
    world.k.projector.catch_up()
    assert (
        JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg).run(f"series:{older}:evaluate")
        == "queued"
    )
    assert k.notifier is not None
    Dispatcher(k.app, k.engines, k.projector, k.notifier, k.clock.now, cfg).run_once()
    (dm,) = [d for d in world.fake.of("chat.postMessage") if d["channel"] == BENGT]
    button = dm["blocks"][-1]["elements"][0]
    assert button["action_id"] == "evaluate_open" and button["value"] == str(older)
    interact(world, s.block_action(BENGT, "evaluate_open", str(older)))
    form = opened(world, 1)
    assert form["callback_id"] == "series_evaluate"
    values = {
        "series": s.select_value(str(older)),
        "verdict": {"a": {"type": "radio_buttons", "selected_option": {"value": "change"}}},
        "comment": s.text_value("Kortare möten"),
    }
    assert submit(world, form, values, "VEVAL1")["response_action"] == "update"
    assert was_evaluated(world.k, older)
    # Nothing is waiting any more.
    _, rid = command(world, "utvärdering")
    assert "Ingen" in responded(world, rid)["text"]


@pytest.mark.postgres
def test_a_moderators_flow_on_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_schema_url: str
) -> None:
    with slack_world(tmp_path, monkeypatch, pg_schema_url) as world:
        make_secretary(world.k, world.bengt)
        series = schedule_new_series(world)
        command(world, "möte bjud in")
        modal = opened(world, 2)
        values = {
            "series": s.select_value(str(series["id"])),
            "people": typed("multi_users_select", "selected_users", [ANNA]),
        }
        assert submit(world, modal, values, "VINVPG")["response_action"] == "update"
        command(world, "närvaro", channel=MEETING_CHANNEL)
        attendance = opened(world, 3)
        ticked = {
            "present:0": typed("checkboxes", "selected_options", [{"value": str(world.anna)}])
        }
        assert submit(world, attendance, ticked, "VATTPG")["response_action"] == "update"
        _, rid = command(world, "stäng mötet", channel=MEETING_CHANNEL)
        assert "stängt" in responded(world, rid)["text"]
        world.k.projector.catch_up()
        invited = world.k.meetings.get_series(str(series["id"]))
        assert invited is not None
        assert str(world.anna) in {str(i["person_id"]) for i in invited["invitees"]}
        page = world.k.meetings.meeting_on(world.series, date(2027, 1, 12))
        assert page is not None and page["state"] == "closed"
        assert {str(a["person_id"]) for a in page["attendance"] if a["present"]} == {
            str(world.anna)
        }


def test_in_english(world: World) -> None:
    _, rid = command(world, "language en")
    responded(world, rid)
    command(world, "meeting new")
    modal = opened(world, 1)
    assert modal["title"]["text"] == "New meeting series"
    assert modal["submit"]["text"] == "Preview"
    answer = submit(world, modal, new_series_values(world), "VNEWEN")
    shown = json.dumps(answer["view"]["blocks"])
    assert "every Friday at 13:00" in shown and "Tue 30 Mar 13:00" in shown
    _, rid = command(world, "language en", user=ANNA)
    responded(world, rid)
    _, rid = command(world, "meeting new", user=ANNA)
    assert responded(world, rid)["text"] == refusal("en")
