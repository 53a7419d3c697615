from __future__ import annotations

import pytest

from domain.due import parse_due
from domain.errors import ValidationFailed


@pytest.mark.parametrize(
    ("text", "year", "date", "precision"),
    [
        ("Oktober?", 2020, "2020-10-31", "month"),
        ("September?", 2020, "2020-09-30", "month"),
        ("februari 2024", None, "2024-02-29", "month"),
        ("Vår 2021?", 2020, "2021-05-31", "season"),
        ("Arbetet planeras pågå under hösten 2020", None, "2020-11-30", "season"),
        ("vinter 2021", None, "2022-02-28", "season"),
        ("Q3 2021", None, "2021-09-30", "quarter"),
        ("andra halvåret 2022", None, "2022-12-31", "half-year"),
        ("2022", None, "2022-12-31", "year"),
        ("2021-03-15", None, "2021-03-15", "day"),
        ("2021-03", None, "2021-03-31", "month"),
    ],
)
def test_due_dates_as_plans_write_them(
    text: str, year: int | None, date: str, precision: str
) -> None:
    due = parse_due(text, default_year=year)
    assert due["date"] == date
    assert due["precision"] == precision
    assert due["text"] == text


def test_question_mark_or_vague_precision_is_approximate() -> None:
    assert parse_due("2021-03-15", default_year=None)["approximate"] is False
    assert parse_due("2021-03-15?", default_year=None)["approximate"] is True
    assert parse_due("Oktober", default_year=2020)["approximate"] is True


def test_words_without_a_date_keep_the_words_and_no_date() -> None:
    due = parse_due("Efter första mötet genomfört", default_year=2020)
    assert due == {
        "text": "Efter första mötet genomfört",
        "date": None,
        "precision": "unknown",
        "approximate": True,
    }


def test_month_without_year_and_no_default_is_not_guessed() -> None:
    assert parse_due("Oktober?", default_year=None)["date"] is None


@pytest.mark.parametrize("bad", ["", "   ", "2021-02-30", "2021-13", "x" * 101])
def test_impossible_due_dates_are_refused(bad: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_due(bad, default_year=2020)
