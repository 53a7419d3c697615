"""Audit rows keep a message and its values; the sentence is said when read."""

from __future__ import annotations

import ast
from pathlib import Path

import orjson
import pytest

from services.i18n import audit
from services.i18n.audit import SENTENCES, render_summary

NAMES = {"actor": "Anna Jonsson", "subject": "Bengt Ek"}


def _row(message: str, **args: object) -> str:
    return orjson.dumps({"m": message, "a": args}).decode()


def test_values_are_put_in_words_when_read() -> None:
    stored = _row("initiative.status_changed", code="2.7.4", status="active")
    assert render_summary(stored, NAMES) == "Anna Jonsson ändrade status för 2.7.4 till Pågår"
    stored = _row("grant.booked", amount=125_050, grant=None, activity="Brukarråd")
    assert (
        render_summary(stored, NAMES)
        == "Anna Jonsson bokade 1 250,50 kr av ett bidrag på Brukarråd"
    )
    stored = _row("arena.member_added", code="PH", role="secretary")
    assert render_summary(stored, NAMES) == "Anna Jonsson lade till Bengt Ek i PH som sekreterare"


def test_user_text_with_braces_is_never_a_placeholder() -> None:
    stored = _row("decision.recorded", by="{actor}", date="2026-12-02", text="{subject} {0}")
    assert render_summary(stored, NAMES) == (
        "Anna Jonsson registrerade beslut av {actor} 2026-12-02: {subject} {0}"
    )


def test_a_changed_wording_shows_without_a_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = _row("survey.ended")
    monkeypatch.setitem(SENTENCES, "survey.ended", "{actor} stängde enkäten")
    assert render_summary(stored, NAMES) == "Anna Jonsson stängde enkäten"


def test_rows_written_before_still_read_as_they_did() -> None:
    assert render_summary("{actor} tog bort {subject}", NAMES) == "Anna Jonsson tog bort Bengt Ek"


def test_a_message_this_version_does_not_know_still_says_who() -> None:
    assert render_summary(_row("teams.linked", team="T1"), NAMES) == "Anna Jonsson: teams.linked"


def test_every_fallback_and_word_names_a_value_some_sentence_uses() -> None:
    used = "".join(SENTENCES.values())
    for key in (*audit.FALLBACKS, *audit.WORDS):
        assert "{" + key + "}" in used, key


def test_every_message_a_describer_names_has_a_sentence() -> None:
    """A typo would read "Anna: meeting.closd"; names built at run time are
    covered by the projection tests that read the trail."""
    root = Path(__file__).resolve().parents[2] / "projections"
    named: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "line":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    named.add(first.value)
    assert len(named) > 60
    assert named <= set(SENTENCES), named - set(SENTENCES)


def test_the_trail_reads_in_english_when_asked() -> None:
    stored = _row("initiative.status_changed", code="2.7.4", status="active")
    assert render_summary(stored, NAMES, "en") == (
        "Anna Jonsson changed the status of 2.7.4 to In progress"
    )
    stored = _row("grant.booked", amount=125_050, grant=None, activity="Brukarråd")
    assert render_summary(stored, NAMES, "en") == (
        "Anna Jonsson booked 1,250.50 kr of a grant on Brukarråd"
    )


def test_every_kind_of_event_in_the_trail_can_be_filtered_by() -> None:
    """The Händelselogg's kind filter offers every event the trail says in
    words, and nothing else (services/i18n/event_kinds.py)."""
    import projections.handlers  # noqa: F401  (registers every projection)
    from projections.audit import _DESCRIBERS
    from services.i18n.event_kinds import KINDS

    described = set()
    for event_type in _DESCRIBERS:
        parts = event_type.__qualname__.split(".")
        described.add(f"{parts[0]}.{parts[-1]}")
    assert described == set(KINDS)
