"""The moderator's words and the new-series form, as Slack and Teams share them."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services import chat_moderation as cm
from services.chat_commands import parse_command


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("möte ny Påskmöte", "series_new", "Påskmöte"),
        ("mote ny", "series_new", ""),
        ("meeting new Easter", "series_new", "Easter"),
        ("möte bjud in <at>Carl</at>", "invite", "<at>Carl</at>"),
        ("bjud in", "invite", ""),
        ("möte flytta", "move", ""),
        ("möte ställ in", "cancel", ""),
        ("ställ in", "cancel", ""),
        ("möte avsluta", "end", ""),
        ("närvaro", "attendance", ""),
        ("narvaro", "attendance", ""),
        ("stäng mötet", "close", ""),
        ("möte stäng", "close", ""),
        ("utvärdering", "evaluate", ""),
        ("möte", "meetings", ""),
        ("möten", "meetings", ""),
        ("möte 2.7", "meetings", "2.7"),
    ],
)
def test_the_moderators_words(text: str, name: str, args: str) -> None:
    sub = parse_command(text)
    assert (sub.name, sub.args) == (name, args)


def test_a_typo_of_a_moderators_word_gets_a_suggestion() -> None:
    sub = parse_command("närvar")
    assert sub.name == "unknown" and sub.suggestion == "närvaro"


@given(st.text(max_size=80))
def test_any_text_is_a_subcommand(text: str) -> None:
    assert parse_command(text).name


def _form(**more: str) -> cm.SeriesForm:
    values = {
        "title": "Påskmöte",
        "scope": f"i:{uuid4()}",
        "weekday": "4",
        "start_time": "13:00",
        "duration_minutes": "60",
        "interval_weeks": "1",
        "starts_on": "2027-03-19",
    }
    return cm.SeriesForm.of(values | more)


def test_the_form_becomes_the_schedule_command() -> None:
    moderator = str(uuid4())
    command, wrong = cm.schedule_command(_form(channel="#samordning"), moderator, None, "sv")
    assert wrong == {} and command is not None
    assert command.weekday == 4 and command.start_time == "13:00"
    assert command.starts_on == date(2027, 3, 19) and command.slack_channel == "#samordning"
    assert command.arena_id is None and command.initiative_id is not None


def test_what_is_missing_or_wrong_is_named_by_field_in_the_persons_language() -> None:
    command, wrong = cm.schedule_command(_form(title="", start_time="25:99"), None, None, "sv")
    assert command is None
    assert wrong["title"] == "Fyll i fältet."
    assert set(wrong) >= {"title", "moderator", "start_time"}
    _, wrong = cm.schedule_command(_form(secretary="U0SOMEONE"), str(uuid4()), None, "en")
    assert wrong == {"secretary": "This person is not linked to anyone in Samverka."}


def test_a_form_of_the_wrong_shape_is_an_empty_form() -> None:
    assert cm.SeriesForm.of(["title"]).values == {}
    assert cm.SeriesForm.of({"title": 5, "weekday": "1"}).values == {"weekday": "1"}


def test_the_preview_marks_holidays() -> None:
    rule, _ = cm.rule_of(_form(), "sv")
    assert rule is not None
    said, coming = cm.preview_words(rule, date(2027, 3, 19), "sv")
    assert said == "Vi ses varje fredag kl. 13:00–14:00."
    assert coming[0] == "fre 19 mar 13:00"
    assert "långfredagen" in coming[1].lower() and "tis 30 mar 13:00" in coming[1]
    _, english = cm.preview_words(rule, date(2027, 3, 19), "en")
    assert english[0] == "Fri 19 Mar 13:00"


def test_ids_and_meetings_sent_back() -> None:
    series = uuid4()
    assert cm.meeting_ref(f"{series}|2027-01-12") == (series, date(2027, 1, 12))
    assert cm.meeting_ref("x|2027-01-12") is None and cm.meeting_ref(None) is None
    assert cm.ids_in([str(series), "x", 5]) == [series]
    assert cm.ids_in("not a list") == []
