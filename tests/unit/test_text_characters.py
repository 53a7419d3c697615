"""No text in Samverka holds a control character: the domain refuses them for
every field, whichever door the text comes through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.commands import RegisterPerson
from domain.errors import ValidationFailed
from domain.meta import make_meta
from domain.person import Person, check_email
from domain.values import optional_text, require_link, require_text, text_list
from tests.unit.helpers import meta, new_initiative

CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
LINE_CONTROLS = [c for c in CONTROLS if c not in "\t\n\r"]


@pytest.mark.parametrize("char", LINE_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_no_control_character_in_any_text(char: str) -> None:
    for check in (
        lambda t: require_text(t, "title"),
        lambda t: require_text(t, "text", max_len=5000, multiline=True),
        lambda t: optional_text(t, "comment"),
        lambda t: optional_text(t, "organisation", multiline=False),
    ):
        with pytest.raises(ValidationFailed) as refused:
            check(f"a {char} b")
        assert f"U+{ord(char):04X}" in refused.value.message


@pytest.mark.parametrize("char", ["\n", "\r", "\t"], ids=["LF", "CR", "TAB"])
def test_single_line_fields_take_no_line_break_or_tab(char: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        require_text(f"Rubrik{char}med mer", "title")
    assert refused.value.field == "title"
    with pytest.raises(ValidationFailed):
        text_list(["Välkommen", f"Runda{char}två"], "agenda_template")
    with pytest.raises(ValidationFailed):
        optional_text(f"Region{char}Skåne", "organisation", multiline=False)


def test_multi_line_texts_keep_newlines_and_tabs_and_fold_windows_line_ends() -> None:
    text = "Rad ett\r\nRad två\n\tindragen"
    assert optional_text(text, "notes") == "Rad ett\nRad två\n\tindragen"
    assert require_text(text, "text", multiline=True) == "Rad ett\nRad två\n\tindragen"
    with pytest.raises(ValidationFailed):
        optional_text("ensam\rvagnretur", "notes")  # a bare CR is no line end


def test_lone_surrogates_are_refused_before_they_reach_the_encoder() -> None:
    with pytest.raises(ValidationFailed):
        require_text("a \ud800 b", "title")
    with pytest.raises(ValidationFailed):
        optional_text("a \udfff b", "comment")


def test_ids_addresses_links_and_envelopes_hold_no_control_characters() -> None:
    with pytest.raises(ValidationFailed):
        check_email("anna\x00@example.se")
    with pytest.raises(ValidationFailed):
        require_link("Rapport", "https://example.se/\x00rapport")
    with pytest.raises(ValidationFailed):
        make_meta(actor="anna\x00", channel="api")
    with pytest.raises(ValidationFailed):
        Person.register(RegisterPerson(name="Anna\x00Jonsson"), meta=meta())


def test_a_health_comment_with_nul_is_refused_and_nothing_recorded() -> None:
    initiative = new_initiative()
    before = initiative.version
    with pytest.raises(ValidationFailed) as refused:
        initiative.report_health("at-risk", comment="a \x00 b", meta=meta())
    assert refused.value.field == "comment"
    assert initiative.version == before


@given(st.text(max_size=50))
def test_what_passes_is_storable_text(text: str) -> None:
    """Whatever a multi-line field accepts has no NUL, no other control
    character but tab and newline, and encodes as UTF-8."""
    try:
        clean = optional_text(text, "notes")
    except ValidationFailed:
        return
    clean.encode("utf-8")
    assert not any(c in clean for c in LINE_CONTROLS)


def test_a_trailing_newline_does_not_slip_past_an_anchored_pattern() -> None:
    """`$` matches before a final newline: ids and codes are matched whole."""
    with pytest.raises(ValidationFailed):
        make_meta(actor="system\n", channel="api")
    with pytest.raises(ValidationFailed):
        make_meta(actor="system", channel="api", source_id="api:key\n")
