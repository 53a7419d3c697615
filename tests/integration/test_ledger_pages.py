"""A grant's ledger a page at a time (`funds.queries.ledger_window`), now
and as it was: the pages put together are the whole ledger in order, and the
balance on every line of a later page is the balance summed over all lines
before it, as a replay of the whole log gives it. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.funds import commands as f
from domain.meta import make_meta
from projections.export import replay_in_memory
from projections.funds import tables as ft
from projections.funds.queries import LedgerWindow, ledger_lines, ledger_window, running
from projections.store import Row
from samverka.bootstrap import Container

SYSTEM = make_meta(actor="system", channel="cli")
DAY = date(2021, 3, 1)
KR = 100


def _grant(k: Container, lines: int) -> tuple[UUID, list[int]]:
    """A grant with a booking, then spending and repayments of different
    amounts, and every fifth expenditure reversed a few lines later; and the
    log position after each command."""
    agreement = k.app.execute(
        f.RegisterAgreement(reference="PROV-1", title="Prov", first_year=2021, last_year=2021),
        SYSTEM,
    ).aggregate_id
    granted = f.GrantFunds(agreement_id=agreement, principal="Region Prov", area="samsjuklighet",
                           year=2021, amount=10_000_000 * KR, decided_on=DAY)  # fmt: skip
    grant = k.app.execute(granted, SYSTEM).aggregate_id
    k.app.execute(f.BookFunds(grant_id=grant, amount=5_000_000 * KR, booked_on=DAY,
                              activity="Utbildning"), SYSTEM)  # fmt: skip
    booking = _entry_ids(k, grant)[-1]
    positions = []
    spent: list[str] = []
    for n in range(lines):
        if n % 3 == 2:
            k.app.execute(f.RepayFunds(grant_id=grant, amount=(n + 1) * 7 * KR + 50,
                                       repaid_on=DAY), SYSTEM)  # fmt: skip
        elif n % 10 == 4 and spent:
            k.app.execute(f.ReverseEntry(grant_id=grant, entry_id=spent.pop(0),
                                         reversed_on=DAY, reason="Fel konto"), SYSTEM)  # fmt: skip
        else:
            k.app.execute(f.RecordExpenditure(grant_id=grant, amount=(n + 3) * 11 * KR,
                                              booking_id=booking, spent_on=DAY,
                                              voucher=f"VER-{n}"), SYSTEM)  # fmt: skip
            if n % 5 == 0:
                spent.append(_entry_ids(k, grant)[-1])
        positions.append(k.app.recorder.max_notification_id())
    k.projector.catch_up()
    return grant, positions


def _entry_ids(k: Container, grant: UUID) -> list[str]:
    k.projector.catch_up()
    e = ft.fund_entries.c
    with k.engines.read.connect() as conn:
        found = conn.execute(
            ft.fund_entries.select().where(e.grant_id == str(grant)).order_by(e.position)
        )
        return [r.entry_id for r in found]


def _all_pages(k: Container, grant: str, upto: int | None, limit: int) -> list[LedgerWindow]:
    """Every page, the latest first, by following each page's cursor."""
    pages = []
    before: int | None = None
    with k.engines.read.connect() as conn:
        while True:
            window = ledger_window(conn, grant, before=before, upto=upto, limit=limit)
            pages.append(window)
            if window.older is None:
                return pages
            before = window.older


def _seen(lines: list[Row]) -> list[tuple[object, ...]]:
    return [(r["entry_id"], r["balance"], r["balance_sek"], r["reversed_by"]) for r in lines]


def test_the_pages_together_are_the_whole_ledger_with_its_balances(container: Container) -> None:
    k = container
    grant, _ = _grant(k, 67)
    key = str(grant)
    with k.engines.read.connect() as conn:
        whole = ledger_lines(conn, key)  # every line, the balance summed in Python
    pages = _all_pages(k, key, None, 20)
    assert [len(p.lines) for p in pages] == [20, 20, 20, len(whole) - 60]
    assert {p.total for p in pages} == {len(whole)}
    lines = [line for p in reversed(pages) for line in p.lines]
    assert _seen(lines) == _seen(whole)
    # A later page starts from the balance of all the lines before it.
    last_page_first = pages[0].lines[0]
    before = [r for r in whole if r["position"] < last_page_first["position"]]
    expected = sum(r["d_granted"] - r["d_spent"] - r["d_repaid"] for r in before)
    first_effect = last_page_first["d_granted"] - last_page_first["d_spent"]
    assert last_page_first["balance"] == expected + first_effect - last_page_first["d_repaid"]


def test_the_pages_as_they_were_are_what_a_replay_of_the_log_gives(
    container: Container,
) -> None:
    k = container
    grant, positions = _grant(k, 45)
    key = str(grant)
    for upto in (positions[3], positions[21], positions[30], positions[-1]):
        everything, _ = replay_in_memory(k.app, position=upto)
        replayed = sorted(
            (r for r in everything.rows(ft.fund_entries) if r["grant_id"] == key),
            key=lambda r: r["position"],
        )
        with k.engines.read.connect() as conn:
            expected = running(conn, replayed)
        pages = _all_pages(k, key, upto, 8)
        lines = [line for p in reversed(pages) for line in p.lines]
        assert _seen(lines) == _seen(expected), f"as at position {upto}"
        assert pages[0].total == len(expected)
    # A line reversed later is not marked as reversed before that.
    with k.engines.read.connect() as conn:
        now = ledger_lines(conn, key)
    assert any(r["reversed_by"] for r in now)
