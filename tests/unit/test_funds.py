"""The fund ledger's rules, its money, and a property over random entry sequences."""

from __future__ import annotations

import functools
import hashlib
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
import pytest
from babel.numbers import format_decimal
from eventsourcing.persistence import StoredEvent
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.persistence.mapper import SamverkaMapper, samverka_transcoder
from domain.errors import DomainError, InvalidTransition, NotFound, ValidationFailed
from domain.funds.agreement import FundReport
from domain.funds.commands import SubmitFundReport
from domain.funds.grant import Grant
from domain.funds.money import check_currency, parse_sek
from domain.funds.values import principal
from domain.meta import make_meta
from projections.amounts import format_mnkr, format_sek
from projections.framework import PROJECTION
from projections.funds import tables as ft
from projections.store import MemoryRowStore

M = make_meta(actor="system", channel="cli")
D = date(2021, 3, 1)
MKR = 100_000_000


def new_grant(amount: int = 77 * MKR // 10) -> Grant:
    return Grant(
        agreement_id=uuid.uuid4(),
        principal=principal("Region Dalarna", "lansgemensamt", "Dalarnas län"),
        area="samsjuklighet",
        year=2021,
        amount=amount,
        decided_on=date(2021, 1, 15),
        meta=M,
    )


def test_money_is_shown_the_swedish_way_and_read_back_exactly() -> None:
    assert format_sek(770_000_000) == "7 700 000 kr"
    assert format_sek(125_050) == "1 250,50 kr"
    assert format_sek(-30_000) == "-300 kr"
    assert format_mnkr(770_000_000) == "7,7 mnkr"
    assert format_mnkr(549_999_999) == "5,5 mnkr"
    assert parse_sek("7 700 000") == 770_000_000
    assert parse_sek("7 700 000,50 kr") == 770_000_050
    assert parse_sek("7,7 mnkr") == 770_000_000
    assert parse_sek("3,8 mkr") == 380_000_000
    with pytest.raises(ValidationFailed):
        parse_sek("sju miljoner")
    with pytest.raises(ValidationFailed, match="SEK"):
        check_currency("EUR")


def test_swedish_amounts_are_what_babel_writes() -> None:
    """format_sek (Babel's pattern, parsed once) writes the same text to the
    character as Babel's format_decimal, for amounts of every size and sign."""
    plain = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2212": "-"})
    amounts = [0, 1, -1, 99, 100, -100, 999_999, 100_000, 123_456_789_012, -(10**15)]
    amounts += [sign * 7**k + extra for k in range(30) for sign in (1, -1) for extra in (0, 50)]
    for ore in amounts:
        pattern = "#,##0.00" if ore % 100 else "#,##0"
        babel = format_decimal(Decimal(ore).scaleb(-2), pattern, locale="sv_SE").translate(plain)
        assert format_sek(ore) == f"{babel} kr"


def test_invariants_refuse_with_clear_errors() -> None:
    grant = new_grant(1_000 * 100)
    with pytest.raises(ValidationFailed, match="more than 0"):
        grant.book("b0", -5, D, initiative_id=None, activity="BISAM", note=None, meta=M)
    with pytest.raises(ValidationFailed, match="whole number"):
        grant.requisition("r0", 10.5, D, None, meta=M)  # type: ignore[arg-type]
    grant.book("b1", 800 * 100, D, initiative_id=None, activity="BISAM", note=None, meta=M)
    with pytest.raises(ValidationFailed, match="only 200 kr is unbooked"):
        grant.book("b2", 300 * 100, D, initiative_id=None, activity="x", note=None, meta=M)
    with pytest.raises(ValidationFailed, match="initiative or an activity"):
        grant.book("b3", 100, D, initiative_id=None, activity=" ", note=None, meta=M)
    spend_900 = functools.partial(
        grant.spend, "s1", "b1", 900 * 100, D, voucher="V1", description=None, meta=M
    )
    with pytest.raises(ValidationFailed, match="only 800 kr is left on booking"):
        spend_900(allow_extending_booking=False)
    spend_900(allow_extending_booking=True)
    assert grant.balances()["booked"] == 900 * 100  # the booking grew by the excess
    with pytest.raises(ValidationFailed, match="voucher"):
        grant.spend(
            "s2", "b1", 1, D, voucher="", description=None, allow_extending_booking=True, meta=M
        )
    with pytest.raises(ValidationFailed, match="left to requisition"):
        grant.requisition("r1", 1_001 * 100, D, None, meta=M)
    with pytest.raises(ValidationFailed, match="unbooked"):
        grant.repay("p1", 200 * 100, D, None, meta=M)
    with pytest.raises(InvalidTransition, match="expenditures or releases"):
        grant.reverse("x1", "b1", D, "fel", meta=M)
    grant.reverse("x2", "s1", D, "fel belopp", meta=M)
    with pytest.raises(InvalidTransition, match="reversal cannot be reversed"):
        grant.reverse("x3", "x2", D, "x", meta=M)
    with pytest.raises(InvalidTransition, match="already reversed"):
        grant.reverse("x4", "s1", D, "x", meta=M)
    with pytest.raises(InvalidTransition, match="grant itself"):
        grant.reverse("x5", "grant", D, "x", meta=M)
    with pytest.raises(NotFound):
        grant.spend(
            "s3", "nope", 1, D, voucher="V", description=None, allow_extending_booking=False, meta=M
        )
    grant.reverse("x6", "b1", D, "fel initiativ", meta=M)
    with pytest.raises(InvalidTransition, match="reversed"):
        grant.spend(
            "s4", "b1", 1, D, voucher="V", description=None, allow_extending_booking=False, meta=M
        )
    assert grant.balances() == {
        "granted": 100_000,
        "requisitioned": 0,
        "booked": 0,
        "spent": 0,
        "repaid": 0,
        "unbooked": 100_000,
        "unspent": 100_000,
    }


# -- a property: any valid sequence keeps balances equal to the sum of lines ------

Step = tuple[str, int, int]  # (operation, amount, which earlier entry)
steps = st.lists(
    st.tuples(
        st.sampled_from(
            ["requisition", "book", "spend", "overspend", "release", "repay", "reverse"]
        ),
        st.integers(min_value=-50, max_value=1_500_000),
        st.integers(min_value=0, max_value=50),
    ),
    max_size=40,
)


def run(grant: Grant, ops: list[Step]) -> int:
    """Applies what the rules allow; refused steps must change nothing."""
    applied = 0
    for n, (op, amount, pick) in enumerate(ops):
        entry = f"e{n}"
        bookings = sorted(grant.bookings)
        booking = bookings[pick % len(bookings)] if bookings else "none"
        entries = sorted(k for k in grant.entries if k != "grant")
        before = (
            grant.balances(),
            {k: dict(v) for k, v in grant.bookings.items()},
            len(grant.entries),
        )
        try:
            if op == "requisition":
                grant.requisition(entry, amount, D, None, meta=M)
            elif op == "book":
                grant.book(entry, amount, D, initiative_id=None, activity="A", note=None, meta=M)
            elif op in ("spend", "overspend"):
                grant.spend(
                    entry,
                    booking,
                    amount,
                    D,
                    voucher="V",
                    description=None,
                    allow_extending_booking=op == "overspend",
                    meta=M,
                )
            elif op == "release":
                grant.release(entry, booking, amount, D, None, meta=M)
            elif op == "repay":
                grant.repay(entry, amount, D, None, meta=M)
            elif entries:
                grant.reverse(entry, entries[pick % len(entries)], D, "rättelse", meta=M)
            applied += 1
        except DomainError:
            after = (
                grant.balances(),
                {k: dict(v) for k, v in grant.bookings.items()},
                len(grant.entries),
            )
            assert after == before
    return applied


@settings(max_examples=200, deadline=None)
@given(ops=steps, granted=st.integers(min_value=1_000_000, max_value=10_000_000))
def test_balances_equal_the_sum_of_lines_and_never_go_negative(
    ops: list[Step], granted: int
) -> None:
    grant = new_grant(granted)
    run(grant, ops)
    balances = grant.balances()
    assert all(value >= 0 for value in balances.values()), balances
    assert balances["requisitioned"] <= balances["granted"]
    assert balances["booked"] + balances["repaid"] <= balances["granted"]
    for booking in grant.bookings.values():
        assert 0 <= booking["spent"] <= booking["amount"]
    sums: dict[str, int] = dict.fromkeys(
        ("granted", "requisitioned", "booked", "spent", "repaid"), 0
    )
    for entry in grant.entries.values():
        for name in sums:
            sums[name] += entry["effect"][name]  # type: ignore[literal-required]
    assert {k: balances[k] for k in sums} == sums

    # The projection reads the same events into ledger lines and a balance row.
    store = MemoryRowStore()
    for position, event in enumerate(grant.collect_events(), start=1):
        PROJECTION.apply(event, position, store)
    lines = store.rows(ft.fund_entries)
    (row,) = store.rows(ft.fund_grants)
    for name, total in sums.items():
        assert row[name] == total == sum(line[f"d_{name}"] for line in lines)
    assert len(lines) == len(grant.entries)
    bookings: dict[str, Any] = {b["entry_id"]: b for b in store.rows(ft.fund_bookings)}
    for key, booking in grant.bookings.items():
        assert (bookings[key]["amount"], bookings[key]["spent"]) == (
            booking["amount"],
            booking["spent"],
        )


def _submitted(document: str | None, digest: str) -> FundReport:
    return FundReport.submit(
        SubmitFundReport(
            year=2021,
            principal=None,
            area=None,
            log_position=3,
            chain_link="0" * 64,
            report_sha256=digest,
            submitted_on=date(2022, 1, 31),
            recipient=None,
            document=document,
        ),
        meta=M,
    )


def test_a_submission_keeps_the_report_its_digest_covers() -> None:
    document = '{"totals":{"spent":100},"year":2021}'
    digest = hashlib.sha256(document.encode()).hexdigest()
    assert _submitted(document, digest).document == document
    with pytest.raises(ValidationFailed) as refused:
        _submitted(document.replace("100", "101"), digest)
    assert refused.value.field == "document"


def test_a_submission_recorded_before_reports_were_kept_still_loads() -> None:
    """An event stored without `document` (before issue 19) decodes, and the
    submission it makes has none."""
    mapper = SamverkaMapper(transcoder=samverka_transcoder())
    report = _submitted(None, "a" * 64)
    (event,) = report.collect_events()
    stored = mapper.to_stored_event(event)
    state = orjson.loads(stored.state)
    del state["document"]
    old = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=orjson.dumps(state),
    )
    loaded = mapper.to_domain_event(old).mutate(None)
    assert isinstance(loaded, FundReport)
    assert loaded.document is None and loaded.report_sha256 == "a" * 64
