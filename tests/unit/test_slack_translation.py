"""Pure translations of the Slack adapter: subcommands, modal inputs, words, dates,
and Block Kit payloads kept within Slack's limits (slack_sdk's models check them)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.views import View

from adapters.slack import blocks as b
from adapters.slack.i18n import when
from adapters.slack.parse import (
    checkin_answers,
    confirmed_email,
    envelope_problem,
    inputs,
    number,
    parse_command,
    source_id,
)
from domain.checkins.questions import clean_answers
from domain.errors import ValidationFailed
from domain.handlers.checkins import status_questions
from services.i18n.errors import error_text


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("status", "status", ""),
        ("  Incheckning 2.7.2 ", "checkin", "2.7.2"),
        ("checkin", "checkin", ""),
        ("beslut", "decision", ""),
        ("decision", "decision", ""),
        ("anteckning Vi ses", "note", "Vi ses"),
        ("note", "note", ""),
        ("dagordning", "agenda", ""),
        ("agenda", "agenda", ""),
        ("möten", "meetings", ""),
        ("MÖTEN", "meetings", ""),
        ("moten", "meetings", ""),
        ("meetings", "meetings", ""),
        ("hjälp", "help", ""),
        ("hjalp", "help", ""),
        ("help", "help", ""),
        ("", "help", ""),
        ("språk en", "language", "en"),
    ],
)
def test_subcommands_swedish_first_with_english_aliases(text: str, name: str, args: str) -> None:
    found = parse_command(text)
    assert (found.name, found.args) == (name, args)


def test_a_typo_is_unknown_with_a_suggestion() -> None:
    typo = parse_command("incheckningg")
    assert typo.name == "unknown" and typo.suggestion == "incheckning"
    assert parse_command("xyz").suggestion is None


def test_source_ids_are_printable_and_bounded() -> None:
    sid = source_id("view", "V 123", "h\u00e5sh" + "x" * 300)
    assert sid.startswith("slack:view:V123:hsh") and len(sid) == 200
    assert source_id("done", None) == "slack:done:-"


def test_modal_inputs_and_numbers() -> None:
    view = {
        "state": {
            "values": {
                "q:health": {
                    "a": {"type": "static_select", "selected_option": {"value": "blocked"}}
                },
                "q:help": {"a": {"type": "plain_text_input", "value": "  En lokal "}},
                "q:none": {"a": {"type": "plain_text_input", "value": None}},
            }
        }
    }
    assert inputs(view) == {"q:health": "blocked", "q:help": "En lokal", "q:none": None}
    assert (number("3"), number("2,5"), number("1 000"), number("tre"), number("nan")) == (
        3,
        2.5,
        1000,
        None,
        None,
    )
    questions = [*status_questions(), {"id": "n", "kind": "number", "text": "Antal?"}]
    answers, errors = checkin_answers(questions, {"q:health": "at-risk", "q:n": "många"})
    assert answers == {"health": "at-risk"} and errors == {"q:n": "not_a_number"}


def test_dates_like_ons_2_dec() -> None:
    moment = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # 12:00 in Stockholm
    assert when(moment) == "ons 2 dec 12:00"
    assert when(moment, "en") == "Wed 2 Dec 12:00"
    assert when("2027-07-06T10:00:00+00:00") == "tis 6 jul 12:00"  # summer time


def test_domain_messages_in_swedish() -> None:
    with pytest.raises(ValidationFailed) as raised:
        clean_answers(status_questions(), {"progress": "x"})  # health left unanswered
    assert str(raised.value) == "question 'health' needs an answer"
    assert error_text(raised.value) == "Frågan behöver ett svar."
    assert error_text(raised.value, "en").startswith("question")


def test_slack_sdk_models_refuse_oversize_payloads() -> None:
    with pytest.raises(SlackObjectFormationError):
        SectionBlock(text="x" * 3001).to_dict()
    with pytest.raises(SlackObjectFormationError):
        View(type="modal", title="t", blocks=[SectionBlock(text="x")] * 101).to_dict()
    with pytest.raises(SlackObjectFormationError):
        b.message_blocks([b.section("x")] * 51)


def _huge_world() -> dict[str, object]:
    long = "å" * 10_000
    return {
        "initiatives": [
            {"code": f"2.7.{n}", "title": long, "health": "at-risk"} for n in range(80)
        ],
        "rounds": [
            {
                "id": f"r{n}",
                "title": long,
                "due_at": "2027-01-14T12:00:00+01:00",
                "answered": n % 2 == 0,
            }
            for n in range(80)
        ],
        "meetings": [{"title": long, "start": "2027-01-26T12:00:00+01:00"} for _ in range(80)],
        "actions": [
            {
                "meeting_id": "m",
                "item_id": f"i{n}",
                "text": long,
                "due": "2027-02-01",
                "meeting_title": long,
            }
            for n in range(80)
        ],
    }


def test_builders_stay_within_limits_however_much_there_is() -> None:
    world = _huge_world()
    home = b.home_view(world, "sv")
    assert len(home["blocks"]) <= 100
    assert all(len(bl.get("text", {}).get("text", "")) <= 3000 for bl in home["blocks"])
    assert len(b.status_blocks(world["initiatives"], "sv")) <= 50  # type: ignore[arg-type]
    assert len(b.meetings_blocks(world["meetings"], "en")) <= 50  # type: ignore[arg-type]
    assert len(b.text_blocks("x" * 500_000)) == 50
    agenda = {
        "starts_at": "2027-01-26T12:00:00+01:00",
        "agenda": ["å" * 5000] * 300,
        "carried_forward": ["y" * 5000] * 100,
    }
    assert len(b.announcement("Påminnelse", agenda, "", "sv")) <= 50
    assert len(b.checkin_dm("s" * 1000, "t" * 100_000, "r1", "sv")) <= 50
    questions = [
        {"id": f"q{n}", "text": "?" * 3000, "kind": "text", "required": False, "choices": []}
        for n in range(50)
    ]
    modal = b.checkin_modal(
        {
            "id": "r",
            "title": "T" * 5000,
            "due_at": "2027-01-14T12:00:00+01:00",
            "questions": questions,
        },
        None,
        "sv",
    )
    assert len(modal["blocks"]) == 51
    meetings = [
        {
            "series_id": "s",
            "date": "2027-01-26",
            "title": "M" * 500,
            "start": "2027-01-26T12:00:00+01:00",
        }
    ] * 150
    assert (
        len(
            b.minutes_modal("decision", meetings, "sv", "x" * 9000)["blocks"][0]["element"][
                "options"
            ]
        )
        == 100
    )


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"is_email_confirmed": True, "profile": {"email": " a@x.se "}}, "a@x.se"),
        ({"is_email_confirmed": False, "profile": {"email": "a@x.se"}}, None),
        ({"profile": {"email": "a@x.se"}}, None),  # Slack left the flag out: not trusted
        ({"is_email_confirmed": "true", "profile": {"email": "a@x.se"}}, None),
        ({"is_email_confirmed": True, "profile": {"email": ""}}, None),
        ({"is_email_confirmed": True, "profile": {}}, None),
        ({"is_email_confirmed": True, "profile": None}, None),
        ({"is_email_confirmed": True, "deleted": True, "profile": {"email": "a@x.se"}}, None),
        ({"is_email_confirmed": True, "is_bot": True, "profile": {"email": "a@x.se"}}, None),
        (None, None),
        (["a@x.se"], None),
    ],
)
def test_only_an_address_slack_says_was_confirmed_is_trusted(user: object, expected: str) -> None:
    assert confirmed_email(user) == expected


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"type": "block_actions", "actions": [{"action_id": "a", "value": "1"}]}, None),
        ({"type": "event_callback", "event": {"type": "app_home_opened", "user": "U1"}}, None),
        ({"type": "view_submission", "view": {"type": "modal", "callback_id": "note"}}, None),
        ({"command": "/samverka", "text": "status", "user_id": "U1"}, None),
        ([], "body"),
        ({"event": []}, "event"),
        ({"type": "event_callback", "event": {"type": 1}}, "event.type"),
        ({"type": "view_submission", "view": {"callback_id": "x", "type": []}}, "view.type"),
        ({"type": "block_actions", "actions": []}, "actions"),
        ({"type": "block_actions", "actions": [[]]}, "actions"),
        ({"type": "block_actions", "actions": [{"action_id": {}}]}, "actions"),
        ({"type": "shortcut"}, "callback_id"),
        ({"type": "block_suggestion", "action_id": []}, "action_id"),
        ({"type": "message_action", "callback_id": "x", "message": "hej"}, "message"),
        ({"authorizations": ["T1"]}, "authorizations"),
        ({"type": ["block_actions"]}, "type"),
    ],
)
def test_payloads_bolt_would_fail_on_are_named(body: object, problem: str | None) -> None:
    assert envelope_problem(body) == problem
