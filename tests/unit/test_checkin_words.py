"""A closed round's words come from the catalogs and read as they always did."""

from __future__ import annotations

from datetime import date

from domain.values import Health
from services.checkin_words import CatalogRoundWords, summary_text
from services.i18n import translator

SUMMARY = {
    "invited": 3,
    "answered": 2,
    "response_rate": 0.6667,
    "questions": [
        {"kind": "health", "text": "Läget?", "counts": {"blocked": 1, "on-track": 0}},
        {"kind": "number", "text": "Timmar?", "mean": 4.5},
        {"kind": "text", "text": "Övrigt?", "texts": ["a", "b"]},
    ],
}


def test_the_stored_words_are_the_swedish_ones_of_before() -> None:
    words = CatalogRoundWords(translator())
    title = words.status_round_title("Öppet samordningsmöte", date(2026, 3, 3))
    assert title == "Statusrunda inför Öppet samordningsmöte 2026-03-03"
    assert words.health_comment(Health.AT_RISK, 2) == "Statusrunda: risk (2 svar)"
    assert words.agenda_item(SUMMARY) == (
        "Statusrunda: sammanfattning",
        "2 av 3 svarade (67 %).\nLäget? blockerad: 1, på spår: 0\n"
        "Timmar? medel 4.5\nÖvrigt? 2 fritextsvar",
    )


def test_the_summary_reads_in_english_too() -> None:
    assert summary_text(SUMMARY, translator("en")).splitlines() == [
        "2 of 3 answered (67 %).",
        "Läget? blocked: 1, on track: 0",
        "Timmar? mean 4.5",
        "Övrigt? 2 free-text answers",
    ]
