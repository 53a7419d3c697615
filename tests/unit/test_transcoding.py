"""The fast decoder reads exactly what the library's JSON transcoder wrote."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    UUIDAsHex,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.persistence.mapper import DateAsISO, samverka_transcoder


def library_transcoder() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


# Strings that look like the library's markers, inside values and as keys.
tricky = st.sampled_from(["_type_", "_data_", '"_type_"', '{"_type_": "uuid_hex"}', "\\", "å"])
text = st.one_of(st.text(max_size=12), tricky)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    text,
    st.uuids(),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)


# A dict whose keys are exactly the two markers cannot be stored in this
# format at all (the library itself fails to read it back), so none is made.
def _storable(d: dict[str, Any]) -> bool:
    return set(d) != {"_type_", "_data_"}


values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(text, inner, max_size=3).filter(_storable),
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(
    stamp=st.datetimes(timezones=st.just(UTC)),
    fields=st.dictionaries(text.filter(lambda k: k != "timestamp"), values, max_size=4),
)
def test_decoding_matches_the_library(stamp: datetime, fields: dict[str, Any]) -> None:
    event = {"timestamp": stamp, **fields}
    stored = library_transcoder().encode(event)
    assert samverka_transcoder().decode(stored) == library_transcoder().decode(stored)
    # A replay takes the time as stored instead of formatting it again: when
    # it is given, it must be exactly what the projections would format.
    decoded, at = samverka_transcoder().decode_stamped(stored)
    assert at is None or at == decoded["timestamp"].isoformat() == stamp.isoformat()


def test_an_event_with_only_a_timestamp_typed_and_one_with_more() -> None:
    at = datetime(2020, 12, 18, 9, 30, tzinfo=UTC)
    plain = {"timestamp": at, "health": "at-risk", "comment": 'Läget "_type_"'}
    typed = {"timestamp": at, "due": date(2021, 3, 31), "amount": Decimal("250000.00")}
    for event in (plain, typed):
        decoded = samverka_transcoder().decode(library_transcoder().encode(event))
        assert decoded == event
        assert type(decoded["timestamp"]) is datetime


def test_the_stored_time_is_handed_over_when_the_timestamp_is_the_only_typed_value() -> None:
    at = datetime(2020, 12, 18, 9, 30, 0, 120, tzinfo=UTC)
    plain = {"timestamp": at, "health": "at-risk"}
    typed = {"timestamp": at, "due": date(2021, 3, 31)}
    assert samverka_transcoder().decode_stamped(library_transcoder().encode(plain)) == (
        plain,
        "2020-12-18T09:30:00.000120+00:00",
    )
    assert samverka_transcoder().decode_stamped(library_transcoder().encode(typed)) == (typed, None)
