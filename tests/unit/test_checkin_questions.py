"""Check-in questions: answers are checked, summaries counted, health decided."""

from __future__ import annotations

import pytest

from domain.checkins.questions import clean_answers, make_question, overall_health, summarise
from domain.errors import ValidationFailed

QUESTIONS = [
    make_question("health", "Hur går det?", "health", required=True),
    make_question("hours", "Timmar i veckan?", "number", minimum=0, maximum=40),
    make_question("mode", "Hur ses vi?", "choice", choices=["Teams", "På plats"]),
    make_question("note", "Något mer?", "text", area="Samverkan"),
]


def test_answers_are_normalised_and_checked() -> None:
    assert clean_answers(QUESTIONS, {"health": "På spår", "hours": 4, "mode": "Teams"}) == {
        "health": "on-track",
        "hours": 4,
        "mode": "Teams",
    }
    for bad in (
        {"hours": 3},  # the required question is missing
        {"health": "kanon"},
        {"health": "risk", "hours": 41},
        {"health": "risk", "hours": True},
        {"health": "risk", "mode": "Zoom"},
        {"health": "risk", "other": "x"},
    ):
        with pytest.raises(ValidationFailed):
            clean_answers(QUESTIONS, bad)


def test_summary_counts_means_and_texts() -> None:
    latest = {
        "a": {"health": "on-track", "hours": 2, "mode": "Teams"},
        "b": {"health": "at-risk", "hours": 6, "note": "Behöver stöd"},
        "c": {"health": "at-risk"},
    }
    health, hours, mode, note = summarise(QUESTIONS, latest)
    assert health["counts"] == {"blocked": 0, "at-risk": 2, "on-track": 1}
    assert (hours["mean"], hours["min"], hours["max"], hours["answers"]) == (4.0, 2, 6, 2)
    assert mode["counts"] == {"Teams": 1, "På plats": 0}
    assert note["texts"] == [{"person_id": "b", "text": "Behöver stöd"}]
    assert note["area"] == "Samverkan"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"on-track": 3, "at-risk": 1, "blocked": 0}, "on-track"),
        ({"on-track": 1, "at-risk": 1, "blocked": 0}, "at-risk"),
        ({"on-track": 2, "at-risk": 0, "blocked": 2}, "blocked"),
        ({"on-track": 0, "at-risk": 0, "blocked": 0}, None),
    ],
)
def test_the_most_common_health_wins_and_ties_go_to_the_worse(
    counts: dict[str, int], expected: str | None
) -> None:
    assert overall_health(counts) == expected
