"""The indicators' rules: areas, periods, groups, numbers, revisions, targets."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import DomainError, Duplicate, ValidationFailed
from domain.indicators.commands import DefineIndicator
from domain.indicators.indicator import Indicator, IndicatorSeries, Value, check_value
from domain.indicators.values import check_age, check_area, check_number, target_met
from domain.meta import make_meta
from services.indicator_import import ImportRefused, parse

M = make_meta(actor="system", channel="cli")


def test_areas_are_official_codes() -> None:
    assert check_area("1780") == "1780"
    assert check_area("17") == "17"
    assert check_area("0017") == "17"  # Kolada's region id is the county
    assert check_area("0000") == "0000"
    for bad in ("1", "178", "17800", "9980", "02", "ab", "17\x00"):
        with pytest.raises(ValidationFailed) as refused:
            check_area(bad)
        assert refused.value.field == "area"


def test_numbers_keep_what_was_published() -> None:
    assert check_number("12,50") == "12.5"
    assert check_number(" -0,0 ") == "0"
    assert check_number(14) == "14"
    assert check_number("1.234567") == "1.234567"
    for bad in ("abc", "", "1e400", "NaN", "inf", "1.2345678", "1" * 16, True, "1,2,3"):
        with pytest.raises(ValidationFailed) as refused:
            check_number(bad)  # type: ignore[arg-type]
        assert refused.value.rule == "indicator.number"


def test_groups_as_kolada_writes_them() -> None:
    assert check_value("2023", "k", "16-84", "3")["gender"] == "K"
    assert check_age("65+") == "65+"
    with pytest.raises(ValidationFailed) as refused:
        check_value(2023, "X", "", "1")
    assert refused.value.field == "gender"
    for bad in ("84-16", "alla", "16–84", "1\n6"):
        with pytest.raises(ValidationFailed):
            check_age(bad)
    with pytest.raises(ValidationFailed):
        check_value(1899, "T", "", "1")


def test_a_revision_is_a_new_event_and_the_same_value_none() -> None:
    series = IndicatorSeries.start(uuid.uuid4(), "17", meta=M)
    first = Value(period=2022, gender="T", age="", value="13.0")
    assert series.record([first], meta=M) == 1
    assert series.record([first], meta=M) == 0
    assert series.record([{**first, "value": "13.4"}], meta=M) == 1
    recorded = [e for e in series.collect_events() if type(e).__name__ == "ValueRecorded"]
    assert [e.value for e in recorded] == ["13", "13.4"]  # type: ignore[attr-defined]
    with pytest.raises(Duplicate):
        series.record([first, first], meta=M)


def test_an_indicator_refuses_bad_text_and_keeps_its_links_and_target() -> None:
    with pytest.raises(ValidationFailed):
        Indicator.define(
            DefineIndicator(code="N1", name="Namn\x07", source="SCB", unit="%"), meta=M
        )
    with pytest.raises(ValidationFailed):
        Indicator.define(DefineIndicator(code="N1", name="x" * 301, source="SCB", unit="%"), meta=M)
    # The aggregate keeps its own limit, for a command that skipped the model's.
    unchecked = DefineIndicator.model_construct(code="N1", name="x" * 301, source="SCB", unit="%")
    with pytest.raises(ValidationFailed) as err:
        Indicator.define(unchecked, meta=M)
    assert err.value.field == "name"
    indicator = Indicator.define(
        DefineIndicator(code="N1", name="Namn", source="SCB", unit="%"), meta=M
    )
    goal = uuid.uuid4()
    indicator.link("goal", goal, meta=M)
    indicator.link("goal", goal, meta=M)  # once
    assert indicator.links["goal"] == [str(goal)]
    indicator.set_target("75", "at_least", meta=M)
    indicator.set_target("75", "at_least", meta=M)  # unchanged: no event
    assert [type(e).__name__ for e in indicator.collect_events()] == [
        "Defined",
        "LinkedToGoal",
        "TargetSet",
    ]
    assert target_met("80", "75", "at_least") is True
    assert target_met("12", "10", "at_most") is False
    assert target_met(None, "10", "at_most") is None


CODES = {"n60020": "45ade78d-adbd-53cf-a857-a4a79f8657a0"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_file_is_read_or_refused_with_lines(data: bytes) -> None:
    try:
        parsed = parse(b"kpi;municipality;period;gender;value\n" + data, "f.csv", CODES)
    except ImportRefused as refused:
        assert refused.errors and all(e.line >= 0 for e in refused.errors)
        assert all(isinstance(e.error, DomainError) for e in refused.errors)
        return
    for value in parsed.values:
        assert check_value(value["period"], value["gender"], value["age"], value["value"]) == {
            k: value[k] for k in ("period", "gender", "age", "value")
        }


def test_a_file_with_bad_rows_names_every_line() -> None:
    text = (
        "kpi;municipality;period;gender;value;status\n"
        "N60020;0017;2021;T;14,2;\n"
        "\n"
        "N60020;1780;2021;K;;Saknas\n"
        "N60020;17;1899;T;3\n"
        "N60020;17;2021;T;14.2\n"
        "X1;17;2022;T;1\n"
    )
    with pytest.raises(ImportRefused) as refused:
        parse(text.encode(), "k.csv", CODES)
    assert [(e.line, e.error.field) for e in refused.value.errors] == [
        (5, "period"),
        (6, "file"),
        (7, "indicator"),
    ]
    with pytest.raises(ImportRefused) as no_header:
        parse(b"a;b\n1;2\n", "k.csv", CODES)
    assert no_header.value.errors[0].error.rule == "indicator_import.column"
