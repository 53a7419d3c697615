"""The domain's values in words, and amounts, from the catalogs and Babel."""

from __future__ import annotations

import pytest

from domain.meetings.recurrence import Rule
from domain.values import Health, Perspective, Status
from projections.amounts import format_mnkr, format_sek
from services.i18n import translator
from services.i18n.labels import LABELS, describe_rule, label


def test_every_value_of_every_kind_has_words() -> None:
    for kind, names in LABELS.items():
        assert set(names) == set(kind), kind


def test_values_read_in_swedish_by_default_and_in_english_when_asked() -> None:
    sv, en = translator(), translator("en")
    assert [label(sv, s) for s in (Status.ACTIVE, Status.CANCELLED)] == ["Pågår", "Avbrutet"]
    assert label(sv, Health.ON_TRACK) == "på spår"
    assert label(sv, Perspective.ALDRES_PERSPEKTIV) == "äldres perspektiv"
    assert label(en, Status.ACTIVE) == "In progress"


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (770_000_000, "7 700 000 kr"),
        (125_050, "1 250,50 kr"),
        (-30_000, "-300 kr"),
        (0, "0 kr"),
        (-1, "-0,01 kr"),
    ],
)
def test_amounts_read_as_they_always_have(ore: int, text: str) -> None:
    assert format_sek(ore) == text


@pytest.mark.parametrize(
    ("ore", "decimals", "text"),
    [(770_000_000, 1, "7,7 mnkr"), (549_999_999, 1, "5,5 mnkr"), (-5_000_000, 2, "-0,05 mnkr")],
)
def test_millions_read_as_they_always_have(ore: int, decimals: int, text: str) -> None:
    assert format_mnkr(ore, decimals) == text


def test_a_series_rule_reads_in_words() -> None:
    rule = Rule(
        effective_from="2026-01-05",
        interval_weeks=2,
        weekday=1,
        start_time="12:00",
        duration_minutes=30,
    )
    assert describe_rule(rule, translator()) == "varannan tisdag kl. 12:00–12:30"
    assert describe_rule(rule, translator("en")) == "every other Tuesday at 12:00–12:30"
    rule["interval_weeks"] = 6
    assert describe_rule(rule, translator()) == "var 6:e tisdag kl. 12:00–12:30"
