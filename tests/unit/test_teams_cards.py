"""Every Adaptive Card the Teams door builds is a valid Adaptive Card 1.5
(Microsoft's published schema, tests/schemas/), in both languages, for any
questions, texts and meetings: the replies' cards (adapters/teams/cards.py),
the notifications' (adapters/teams/notices.py), the message actions'
dialogs (adapters/teams/actions.py) and the moderators' cards
(adapters/teams/moderator_cards.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.teams import cards, notices
from adapters.teams import moderator_cards as mc
from adapters.teams.actions import dialog
from tests.adaptive_cards import assert_valid_card, problems

KINDS = ("health", "choice", "number", "text", "short")
NOTICE_KINDS = ("checkin-open", "checkin-reminder", "reminder", "round-summary", "minutes")
NOTICE_KINDS += ("evaluation-prompt", "x")
texts = st.text(max_size=400)
langs = st.sampled_from(["sv", "en"])
START = "2027-01-12T12:00:00+01:00"


@st.composite
def questions(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(min_value=0, max_value=8))
    return [
        {
            "id": f"q{n}",
            "text": draw(texts) or "?",
            "kind": draw(st.sampled_from(KINDS)),
            "required": draw(st.booleans()),
            "choices": draw(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=5)),
        }
        for n in range(count)
    ]


@st.composite
def meetings(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(min_value=1, max_value=5))
    return [
        {"title": draw(texts), "start": START, "series_id": f"s{n}", "date": "2027-01-12"}
        for n in range(count)
    ]


@settings(max_examples=40, deadline=None)
@given(questions(), st.one_of(st.none(), st.dictionaries(st.text(), st.text())), texts, langs)
def test_checkin_cards(qs: list[dict[str, Any]], before: Any, title: str, lang: str) -> None:
    checkin = {"id": "r1", "title": title or "Läget", "due_at": START, "questions": qs}
    assert_valid_card(cards.checkin_card(checkin, before, lang, "samverka.checkin"))


@settings(max_examples=40, deadline=None)
@given(meetings(), texts, langs)
def test_meeting_cards(found: list[dict[str, Any]], text: str, lang: str) -> None:
    for kind in ("decision", "note"):
        assert_valid_card(cards.minutes_card(kind, found, lang, f"samverka.{kind}", text))
    assert_valid_card(cards.agenda_card(found, lang, "samverka.agenda"))


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(NOTICE_KINDS),
    texts,
    texts,
    st.fixed_dictionaries(
        {},
        optional={
            "round_id": st.text(min_size=1, max_size=40),
            "series_id": st.uuids().map(str),
            "starts_at": st.just(START),
            "agenda": st.lists(texts, max_size=8),
            "carried_forward": st.lists(texts, max_size=5),
            "location": texts,
            "video_link": st.sampled_from(["https://meet.example.se/x", "ftp://x", ""]),
        },
    ),
    langs,
)
def test_notification_cards(
    kind: str, subject: str, text: str, data: dict[str, Any], lang: str
) -> None:
    assert_valid_card(notices.render(kind, subject or "Ämne", text, data, lang))


@settings(max_examples=30, deadline=None)
@given(texts, langs, st.sampled_from(["note", "decision"]))
def test_message_action_dialogs(text: str, lang: str, kind: str) -> None:
    meeting = {"title": "Öppet samordningsmöte", "start": START}
    found = dialog(kind, meeting, text or "x", lang)
    assert_valid_card(found["task"]["value"]["card"]["content"])


people = st.lists(
    st.tuples(st.uuids().map(str), st.text(min_size=1, max_size=80)), min_size=1, max_size=30
)


@settings(max_examples=30, deadline=None)
@given(people, texts, langs, st.booleans())
def test_moderator_cards(found: list[tuple[str, str]], text: str, lang: str, here: bool) -> None:
    """`möte ny` with its people to choose moderator and secretary from, and
    every other card a moderator or secretary is shown."""
    scopes = [("i:1", "2.7.2 " + text), ("a:2", "Delarena 2.7")]
    values = {"title": text, "moderator": found[0][0], "starts_on": "2027-03-19"}
    series_form = mc.series_card(scopes, found, values, lang, here)
    assert_valid_card(series_form)
    roles = [e for e in series_form["body"] if e.get("id") in ("moderator", "secretary")]
    assert [e["type"] for e in roles] == ["Input.ChoiceSet"] * 2
    series = [{"id": "s1", "title": text or "Serie"}]
    meeting = {"title": text, "start": START, "series_id": "s1", "date": "2027-01-12"}
    for card in (
        mc.series_preview_card(text, "varje fredag", [text, "x"], values, "f1", lang),
        mc.invite_card(series, found, lang, [found[-1][0]]),
        mc.occurrence_card("move", [meeting], lang),
        mc.occurrence_card("cancel", [meeting], lang),
        mc.end_card(series, "2027-06-01", lang),
        mc.attendance_card(meeting, found, {found[0][0]}, lang),
        mc.evaluation_card(series, lang),
        mc.evaluation_prompt_card(text or "Ämne", text, "s1", lang),
    ):
        assert_valid_card(card)


def test_the_schema_refuses_what_teams_would_not_show() -> None:
    """The check is real: a misspelt property, an unknown element or a
    missing version is refused."""
    good = notices.message("Ämne", "Text")
    assert problems(good, "adaptive-card-1.5.json") == []
    misspelt = good | {"body": [{"type": "TextBlock", "txt": "x"}]}
    unknown = good | {"body": [{"type": "Paragraph", "text": "x"}]}
    # A style Adaptive Cards 1.5 does not have (Teams' later "filtered").
    filtered = mc.invite_card([{"id": "s1", "title": "S"}], [("p1", "Anna")], "sv")
    filtered["body"][1]["style"] = "filtered"
    for card in (misspelt, unknown, filtered):
        assert problems(card, "adaptive-card-1.5.json")
    with pytest.raises(AssertionError):  # the schema leaves the version to the host
        assert_valid_card({k: v for k, v in good.items() if k != "version"})
